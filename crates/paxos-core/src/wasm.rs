//! The JavaScript API: a thin `Simulation` class over [`crate::Simulation`].
//!
//! Plain data goes out as JSON (`serde_json`, then the browser's `JSON.parse`: objects, arrays,
//! numbers, strings, `null`). Data coming in, from an object or a JSON string, is read as
//! strictly as natively: unknown fields are refused. Configurations, link faults and partitions
//! are read by [`crate::plain`], which serde's derived code would make many times larger in the
//! page's first-load engine; actions, traces and client requests (only in the full engine) by
//! `serde_json`. Every argument coming from JavaScript is checked here: a wrong type,
//! a negative or fractional id, an unknown field, a malformed trace is refused with a JS `Error`
//! whose message says what was wrong, and the simulation is left exactly as it was. Nothing here
//! panics; should a bug panic anyway, `console_error_panic_hook` reports it in the console.

use crate::config::Config;
use crate::error::Error;
#[cfg(feature = "multi")]
use crate::multi::command::Op;
use crate::plain::{Number, Plain};
#[cfg(feature = "extras")]
use crate::sim::Trace;
use crate::sim::{Action, MessageId, Report};
use crate::timeline::Timeline;
use crate::NodeId;
#[cfg(any(feature = "extras", feature = "multi"))]
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPE_ALIASES: &str = r#"
/** A value a client asked to be chosen. */
export type Value = string;
/** The stable id of a message in flight. */
export type MessageId = number;
/** A client command: its unique id (0 for a no-op) and its operation. */
export type Command = { id: number } & Op;
"#;

// The lessons, the ready-made runs and the explorer: only in the engine built with `extras`
// (the page loads it when one of them is first used; its first-load engine, `paxos-lite`,
// leaves them out).
#[cfg(feature = "extras")]
mod explore;
#[cfg(feature = "extras")]
pub use explore::Explorer;
#[cfg(feature = "extras")]
mod lessons;

/// Largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: u64 = crate::ballot::MAX_SAFE_INTEGER;

fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// Data going out: written as JSON by `serde_json` and read back by the browser's `JSON.parse`.
/// One serializer for everything (traces and permalinks are JSON already) keeps one copy of each
/// type's serialization code in the wasm, where serde-wasm-bindgen added a second (with the
/// smaller CRC table, 26 KB gzip off the page's first load). The frame benchmark at 9 nodes still
/// meets its budget with it.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)
        .map_err(|err| JsError::new(&format!("internal error: cannot convert to JS: {err}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("internal error: cannot convert to JS: JSON.parse refused it"))
}

/// Reads a JS value (an object, or a string of JSON) with the same strict parser as native code:
/// serde-wasm-bindgen would silently skip unknown fields, which we refuse.
#[cfg(any(feature = "extras", feature = "multi"))]
fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    let text = match value.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|json| json.as_string())
            .ok_or_else(|| {
                JsError::new(&format!(
                    "{what}: expected an object, got {}",
                    type_of(&value)
                ))
            })?,
    };
    serde_json::from_str(&text).map_err(|err| JsError::new(&format!("{what}: {err}")))
}

/// Reads a JS value (an object, or a string of JSON) with one of [`crate::plain`]'s readers.
fn read_plain<T>(
    value: JsValue,
    what: &str,
    read: impl FnOnce(&JsValue) -> Result<T, String>,
) -> Result<T, JsError> {
    let value = match value.as_string() {
        Some(text) => js_sys::JSON::parse(&text)
            .map_err(|_| JsError::new(&format!("{what}: it is not valid JSON")))?,
        None => value,
    };
    read(&value).map_err(|err| JsError::new(&format!("{what}: {err}")))
}

fn refused(err: Error) -> JsError {
    JsError::new(&err.to_string())
}

/// A short description of a JS value's type, for error messages.
fn type_of(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else {
        value.js_typeof().as_string().unwrap_or_else(|| "?".into())
    }
}

/// Two step numbers, `from` and `to`, of a range of the history.
fn steps(from: &JsValue, to: &JsValue) -> Result<(u64, u64), JsError> {
    Ok((
        whole_number(from, "step", MAX_SAFE_INTEGER)?,
        whole_number(to, "step", MAX_SAFE_INTEGER)?,
    ))
}

/// A non-negative whole number no larger than `max`.
fn whole_number(value: &JsValue, what: &str, max: u64) -> Result<u64, JsError> {
    match value.number() {
        None => Err(JsError::new(&format!(
            "{what} must be a number, got {}",
            type_of(value)
        ))),
        Some(Number::Whole(n)) if n <= max => Ok(n),
        Some(_) => Err(JsError::new(&format!(
            "{what} must be a whole number from 0 to {max}, got {}",
            value.describe()
        ))),
    }
}

fn message_id(value: &JsValue) -> Result<MessageId, JsError> {
    whole_number(value, "message id", MAX_SAFE_INTEGER)
}

fn node_id(value: &JsValue) -> Result<NodeId, JsError> {
    whole_number(value, "node id", u64::from(u32::MAX)).map(|n| NodeId(n as u32))
}

/// A Paxos simulation running in the page, with its whole history (time travel).
#[wasm_bindgen]
pub struct Simulation {
    inner: Timeline,
}

#[wasm_bindgen]
impl Simulation {
    /// A fresh simulation. `config` may be `undefined` (the defaults) or an object whose fields
    /// override them; `seed` (default 0) seeds the network's delays.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Partial<Config> | undefined")] config: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | undefined")] seed: JsValue,
    ) -> Result<Simulation, JsError> {
        install_panic_hook();
        let config: Config = if config.is_undefined() || config.is_null() {
            Config::default()
        } else {
            read_plain(config, "invalid configuration", crate::plain::config)?
        };
        let seed = if seed.is_undefined() {
            0
        } else {
            whole_number(&seed, "seed", u64::from(u32::MAX))? as u32
        };
        let inner = Timeline::new(config, seed).map_err(refused)?;
        Ok(Simulation { inner })
    }

    /// The default configuration, as an object.
    #[wasm_bindgen(js_name = defaultConfig, unchecked_return_type = "Config")]
    pub fn default_config() -> Result<JsValue, JsError> {
        to_js(&Config::default())
    }

    fn run(&mut self, action: Action) -> Result<JsValue, JsError> {
        let report: Report = self.inner.apply(action).map_err(refused)?;
        to_js(&report)
    }

    /// Delivers the next due message or fires the next due timer; returns what happened, or
    /// `null` when nothing is in flight and no timer is pending.
    #[wasm_bindgen(unchecked_return_type = "Report | null")]
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        match self.inner.apply(Action::Step) {
            Ok(report) => to_js(&report),
            Err(Error::Idle) => Ok(JsValue::NULL),
            Err(err) => Err(refused(err)),
        }
    }

    /// Delivers message `id` now.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn deliver(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Deliver {
            id: message_id(&id)?,
        })
    }

    /// Drops message `id`.
    #[wasm_bindgen(js_name = drop, unchecked_return_type = "Report")]
    pub fn drop_message(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Drop {
            id: message_id(&id)?,
        })
    }

    /// Puts a copy of message `id` in flight.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn duplicate(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Duplicate {
            id: message_id(&id)?,
        })
    }

    /// Crashes node `node`.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn crash(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Crash {
            node: node_id(&node)?,
        })
    }

    /// Restarts crashed node `node`.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn restart(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Restart {
            node: node_id(&node)?,
        })
    }

    /// A client asks proposer `node` to get `value` (a string) chosen.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn propose(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    ) -> Result<JsValue, JsError> {
        let node = node_id(&node)?;
        let Some(value) = value.as_string() else {
            return Err(JsError::new(&format!(
                "invalid value: a value must be a string, got {}",
                type_of(&value)
            )));
        };
        self.run(Action::Propose { node, value })
    }

    /// Proposer `node` misbehaves: its next prepare uses round `u64::MAX` (the INT_MAX proposer).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn misbehave(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Misbehave {
            node: node_id(&node)?,
        })
    }

    /// A client submits a key-value request (Multi-Paxos) to replica `node`, e.g.
    /// `{op: "put", key: "x", value: "1"}`, `{op: "get", key: "x"}` or `{op: "delete", key: "x"}`.
    #[cfg(feature = "multi")]
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn submit(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Op")] request: JsValue,
    ) -> Result<JsValue, JsError> {
        let node = node_id(&node)?;
        let request: Op = from_js(request, "invalid request")?;
        self.run(Action::Submit { node, request })
    }

    /// Multi-Paxos: a new server joins through the log; `via` is the server the client asks
    /// (it forwards the change to the leader). Returns the report; the new server's id is the
    /// next node id.
    #[cfg(feature = "multi")]
    #[wasm_bindgen(js_name = addServer, unchecked_return_type = "Report")]
    pub fn add_server(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] via: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::AddServer {
            via: node_id(&via)?,
        })
    }

    /// Multi-Paxos: server `node` leaves through the log; `via` is the server the client asks.
    #[cfg(feature = "multi")]
    #[wasm_bindgen(js_name = removeServer, unchecked_return_type = "Report")]
    pub fn remove_server(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] via: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
    ) -> Result<JsValue, JsError> {
        let (via, node) = (node_id(&via)?, node_id(&node)?);
        self.run(Action::RemoveServer { via, node })
    }

    /// Two-phase commit: a client asks coordinator `node` to commit a new transaction.
    #[cfg(feature = "two-phase")]
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn transaction(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] node: JsValue,
    ) -> Result<JsValue, JsError> {
        self.run(Action::Transaction {
            node: node_id(&node)?,
        })
    }

    /// Applies any action given as data, e.g. `{type: "deliver", id: 3}`. (Only with `extras`,
    /// like [`Simulation::from_trace`]: reading actions as data is a large part of the wasm, and
    /// the page's first-load engine needs neither.)
    #[cfg(feature = "extras")]
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Action")] action: JsValue,
    ) -> Result<JsValue, JsError> {
        let action: Action = from_js(action, "invalid action")?;
        self.run(action)
    }

    /// Everything the page shows: nodes, messages in flight, timers, chosen values, checks.
    #[wasm_bindgen(unchecked_return_type = "Snapshot")]
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.current().snapshot())
    }

    /// The run as a JSON-able trace: `{version, config, seed, actions}`.
    #[wasm_bindgen(unchecked_return_type = "Trace")]
    pub fn trace(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.trace())
    }

    /// Rebuilds a simulation from a trace; throws, naming the problem, if it is malformed or
    /// any action cannot be replayed. (Only with `extras`: the page opens trace files and
    /// carries runs over in the full engine.)
    #[cfg(feature = "extras")]
    #[wasm_bindgen(js_name = fromTrace)]
    pub fn from_trace(
        #[wasm_bindgen(unchecked_param_type = "Trace | string")] trace: JsValue,
    ) -> Result<Simulation, JsError> {
        install_panic_hook();
        let trace: Trace = from_js(trace, "invalid trace")?;
        let inner = Timeline::from_trace(&trace).map_err(refused)?;
        Ok(Simulation { inner })
    }

    /// Whether this engine is the full build: the lessons, the ready-made runs and the explorer
    /// (`extras`), which the page's first-load engine leaves out with Multi-Paxos and two-phase
    /// commit.
    pub fn extras() -> bool {
        cfg!(feature = "extras")
    }

    /// Every built-in lesson's id, title and concept, in the picker's order (in every engine;
    /// the lessons themselves come with `extras`).
    #[wasm_bindgen(js_name = lessonIndex, unchecked_return_type = "LessonEntry[]")]
    pub fn lesson_index() -> Result<JsValue, JsError> {
        to_js(&crate::lesson::LESSON_INDEX)
    }

    /// A ready-made run that shows what goes wrong (a broken rule by its name, e.g.
    /// `"acceptorIgnoresPromises"`, or `"livelock"`, `"intMax"`, `"corruption"`...), opened at the
    /// end of its opening actions: press Play to watch.
    #[cfg(feature = "extras")]
    pub fn scenario(name: &str) -> Result<Simulation, JsError> {
        install_panic_hook();
        let trace = crate::scenario::Scenario::named(name)
            .and_then(crate::scenario::Scenario::trace)
            .map_err(refused)?;
        let inner = Timeline::from_trace(&trace).map_err(refused)?;
        Ok(Simulation { inner })
    }

    /// The names of the ready-made runs, in the order the page lists them.
    pub fn scenarios() -> Vec<String> {
        crate::scenario::Scenario::all()
            .into_iter()
            .map(crate::scenario::Scenario::name)
            .collect()
    }

    /// The run as a permalink fragment (`v4.…`, without the `#`).
    pub fn permalink(&self) -> String {
        crate::permalink::encode(&self.inner.trace())
    }

    /// Opens a permalink fragment (with or without the `#`); throws, saying why, if it is
    /// malformed, from an unknown version, or names an id that does not exist.
    #[wasm_bindgen(js_name = fromPermalink)]
    pub fn from_permalink(link: &str) -> Result<Simulation, JsError> {
        install_panic_hook();
        let trace = crate::permalink::decode(link).map_err(refused)?;
        let inner = Timeline::from_trace(&trace).map_err(refused)?;
        Ok(Simulation { inner })
    }

    /// Moves to step `step` of the history (0 to its length).
    pub fn seek(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] step: JsValue,
    ) -> Result<(), JsError> {
        let step = whole_number(&step, "step", MAX_SAFE_INTEGER)?;
        self.inner.seek(step).map_err(refused)
    }

    /// One step back in the history.
    #[wasm_bindgen(js_name = stepBack)]
    pub fn step_back(&mut self) -> Result<(), JsError> {
        self.inner.step_back().map_err(refused)
    }

    /// Puts back the steps the last fork set aside; the cursor stays at the fork.
    #[wasm_bindgen(js_name = undoFork)]
    pub fn undo_fork(&mut self) -> Result<(), JsError> {
        self.inner.undo_fork().map_err(refused)
    }

    /// Where the cursor is in the history, and whether a fork can be undone.
    #[wasm_bindgen(unchecked_return_type = "TimelineView")]
    pub fn timeline(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.view())
    }

    /// The space-time diagram's marks between two steps (and the arrows crossing them).
    #[wasm_bindgen(unchecked_return_type = "DiagramEvent[]")]
    pub fn diagram(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
    ) -> Result<JsValue, JsError> {
        let (from, to) = steps(&from, &to)?;
        to_js(&self.inner.diagram(from, to))
    }

    /// What steps `from + 1` to `to` of the history did (`Report`s, oldest first), e.g. to
    /// rebuild the event log of a run opened from a permalink or a trace. Throws for a range
    /// outside the history.
    #[wasm_bindgen(unchecked_return_type = "Report[]")]
    pub fn reports(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
    ) -> Result<JsValue, JsError> {
        let (from, to) = steps(&from, &to)?;
        to_js(&self.inner.reports(from, to).map_err(refused)?)
    }

    /// Sets the faults of the directed link `from` → `to`, e.g. `{loss: 200, fifo: true}`
    /// (per thousand; `{}` heals the link).
    #[wasm_bindgen(js_name = setLink, unchecked_return_type = "Report")]
    pub fn set_link(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Partial<LinkFaults>")] faults: JsValue,
    ) -> Result<JsValue, JsError> {
        let (from, to) = (node_id(&from)?, node_id(&to)?);
        let faults = read_plain(faults, "invalid link faults", crate::plain::link_faults)?;
        self.run(Action::SetLink { from, to, faults })
    }

    /// Separates groups of nodes (arrays of ids) from each other and from the rest, both ways.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn partition(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number[][]")] groups: JsValue,
    ) -> Result<JsValue, JsError> {
        let groups = read_plain(groups, "invalid partition", crate::plain::groups)?;
        self.run(Action::Partition { groups })
    }

    /// Cuts the link `from` → `to` one way.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn cut(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
    ) -> Result<JsValue, JsError> {
        let (from, to) = (node_id(&from)?, node_id(&to)?);
        self.run(Action::Cut { from, to })
    }

    /// Removes every partition and cut.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn heal(&mut self) -> Result<JsValue, JsError> {
        self.run(Action::Heal)
    }
}
