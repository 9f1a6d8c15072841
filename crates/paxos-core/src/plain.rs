//! Reading the engine's inputs — a configuration, a link's faults, a partition — from plain
//! JSON-like values (objects, arrays, numbers, strings, booleans, `null`), without serde's
//! derived deserializers.
//!
//! Why not serde here: in the page's first-load engine (`crates/paxos-lite`) these three inputs
//! were the only things read as data, and reading them with `serde_json` brought its parser,
//! the derived `Deserialize` code and, through serde's error messages, core's float formatting:
//! about 30 KB of the 139 KB (gzip) first-load wasm, measured. This reader is a few hundred
//! bytes. The JavaScript API reads these inputs with it (the `wasm` module implements [`Plain`]
//! for `JsValue`), and so does a permalink's configuration on wasm. Natively, and for traces,
//! actions and lessons everywhere, serde reads the same types; the tests below check that the
//! two agree, value for value and refusal for refusal, over every field.
//!
//! The rules are serde's, as the types declare them: every field of an object has a default,
//! unknown fields are refused (`deny_unknown_fields`), enum variants and field names are
//! camelCase, `null` is `None`. A JavaScript `undefined` field counts as absent, as
//! `JSON.stringify` would drop it.

use crate::ballot::NodeId;
use crate::config::{Config, Layout, Mode, Sabotage, VotePolicy};
use crate::network::LinkFaults;
use serde::Serialize;

/// A number as read: a whole number that fits a `u64`, or anything else (negative,
/// fractional, too large, not finite).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    /// A whole number from 0 to `u64::MAX`.
    Whole(u64),
    /// Any other number.
    Other,
}

/// A plain JSON-like value, as the reader sees it.
pub trait Plain: Sized {
    /// The value as a number, if it is one.
    fn number(&self) -> Option<Number>;
    /// The value as a boolean, if it is one.
    fn boolean(&self) -> Option<bool>;
    /// The value as a string, if it is one.
    fn string(&self) -> Option<String>;
    /// Whether the value is `null` (or, in JavaScript, `undefined`).
    fn is_null(&self) -> bool;
    /// The items, if the value is an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The fields in order, if the value is an object (and not an array or `null`).
    fn fields(&self) -> Option<Vec<(String, Self)>>;
    /// The value in a few characters, for an error message: `"five"`, `1.5`, `an array`.
    fn describe(&self) -> String;
}

/// Why a value was refused, naming the field.
type Read<T> = Result<T, String>;

/// The name serde gives a unit enum variant (`"smallQuorum"`...): its JSON without the quotes.
pub fn variant_name<T: Serialize>(variant: &T) -> String {
    serde_json::to_string(variant)
        .map(|json| json.trim_matches('"').to_string())
        .unwrap_or_default()
}

fn whole<P: Plain>(value: &P, field: &str, max: u64) -> Read<u64> {
    match value.number() {
        Some(Number::Whole(n)) if n <= max => Ok(n),
        _ => Err(format!(
            "{field} must be a whole number from 0 to {max}, got {}",
            value.describe()
        )),
    }
}

fn small<P: Plain>(value: &P, field: &str) -> Read<u16> {
    whole(value, field, u64::from(u16::MAX)).map(|n| n as u16)
}

fn count<P: Plain>(value: &P, field: &str) -> Read<u32> {
    whole(value, field, u64::from(u32::MAX)).map(|n| n as u32)
}

fn ticks<P: Plain>(value: &P, field: &str) -> Read<u64> {
    whole(value, field, u64::MAX)
}

fn flag<P: Plain>(value: &P, field: &str) -> Read<bool> {
    value
        .boolean()
        .ok_or_else(|| format!("{field} must be true or false, got {}", value.describe()))
}

fn optional<P: Plain, T>(value: &P, read: impl FnOnce(&P) -> Read<T>) -> Read<Option<T>> {
    if value.is_null() {
        Ok(None)
    } else {
        read(value).map(Some)
    }
}

fn variant<P: Plain, T: Serialize + Copy>(value: &P, field: &str, all: &[T]) -> Read<T> {
    let name = value.string();
    all.iter()
        .copied()
        .find(|v| name.as_deref() == Some(variant_name(v).as_str()))
        .ok_or_else(|| {
            let known: Vec<String> = all
                .iter()
                .map(|v| format!("`{}`", variant_name(v)))
                .collect();
            format!(
                "{field} must be one of {}, got {}",
                known.join(", "),
                value.describe()
            )
        })
}

/// The fields of an object, each `undefined`/absent one left out; or why it is not an object.
fn object<P: Plain>(value: &P, what: &str) -> Read<Vec<(String, P)>> {
    value
        .fields()
        .ok_or_else(|| format!("{what} must be an object, got {}", value.describe()))
}

fn unknown(field: &str, known: &[&str]) -> String {
    let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    format!(
        "unknown field `{field}`, expected one of {}",
        known.join(", ")
    )
}

/// The fields of a configuration, as serde names them.
const CONFIG_FIELDS: [&str; 20] = [
    "mode",
    "proposers",
    "acceptors",
    "learners",
    "layout",
    "minDelay",
    "maxDelay",
    "timeout",
    "backoff",
    "heartbeat",
    "electionTimeout",
    "sabotage",
    "jitter",
    "distinguished",
    "ballotCeiling",
    "checksums",
    "revision",
    "alpha",
    "participants",
    "votes",
];

/// Reads a configuration: an object whose fields override [`Config::default`]. The values'
/// ranges are checked later, by [`Config::validate`].
pub fn config<P: Plain>(value: &P) -> Read<Config> {
    let mut config = Config::default();
    for (name, v) in object(value, "a configuration")? {
        let f = name.as_str();
        match f {
            "mode" => config.mode = variant(&v, f, &Mode::ALL)?,
            "proposers" => config.proposers = count(&v, f)?,
            "acceptors" => config.acceptors = count(&v, f)?,
            "learners" => config.learners = count(&v, f)?,
            "layout" => config.layout = variant(&v, f, &Layout::ALL)?,
            "minDelay" => config.min_delay = ticks(&v, f)?,
            "maxDelay" => config.max_delay = ticks(&v, f)?,
            "timeout" => config.timeout = ticks(&v, f)?,
            "backoff" => config.backoff = ticks(&v, f)?,
            "heartbeat" => config.heartbeat = ticks(&v, f)?,
            "electionTimeout" => config.election_timeout = ticks(&v, f)?,
            "sabotage" => config.sabotage = optional(&v, |v| variant(v, f, &Sabotage::ALL))?,
            "jitter" => config.jitter = flag(&v, f)?,
            "distinguished" => config.distinguished = flag(&v, f)?,
            "ballotCeiling" => config.ballot_ceiling = optional(&v, |v| ticks(v, f))?,
            "checksums" => config.checksums = flag(&v, f)?,
            "revision" => config.revision = count(&v, f)?,
            "alpha" => config.alpha = ticks(&v, f)?,
            "participants" => config.participants = count(&v, f)?,
            "votes" => {
                config.votes = list(&v, f, |v| variant(v, f, &VotePolicy::ALL))?;
            }
            _ => return Err(unknown(f, &CONFIG_FIELDS)),
        }
    }
    Ok(config)
}

/// The fields of a link's faults, as serde names them.
const LINK_FIELDS: [&str; 6] = [
    "loss",
    "duplicate",
    "minDelay",
    "maxDelay",
    "fifo",
    "corrupt",
];

/// Reads a link's faults: an object whose fields override a healthy link's.
pub fn link_faults<P: Plain>(value: &P) -> Read<LinkFaults> {
    let mut faults = LinkFaults::default();
    for (name, v) in object(value, "a link's faults")? {
        let f = name.as_str();
        match f {
            "loss" => faults.loss = small(&v, f)?,
            "duplicate" => faults.duplicate = small(&v, f)?,
            "minDelay" => faults.min_delay = optional(&v, |v| ticks(v, f))?,
            "maxDelay" => faults.max_delay = optional(&v, |v| ticks(v, f))?,
            "fifo" => faults.fifo = flag(&v, f)?,
            "corrupt" => faults.corrupt = small(&v, f)?,
            _ => return Err(unknown(f, &LINK_FIELDS)),
        }
    }
    Ok(faults)
}

/// Reads a partition: an array of groups, each an array of node ids.
pub fn groups<P: Plain>(value: &P) -> Read<Vec<Vec<NodeId>>> {
    list(value, "the partition", |group| {
        list(group, "a group", |node| {
            count(node, "a node id").map(NodeId)
        })
    })
}

fn list<P: Plain, T>(value: &P, what: &str, read: impl Fn(&P) -> Read<T>) -> Read<Vec<T>> {
    value
        .items()
        .ok_or_else(|| format!("{what} must be an array, got {}", value.describe()))?
        .iter()
        .map(read)
        .collect()
}

/// Reads a configuration written as JSON text, as a permalink carries it. On wasm the browser's
/// `JSON.parse` reads the text and [`config`] the value; natively, serde_json does both.
pub fn config_from_json(text: &str) -> Read<Config> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).map_err(|_| "it is not valid JSON".to_string())?;
        config(&value)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|err| err.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
mod js;
// Natively: proptest, and serde_json::Value as the plain value (the wasm tests use JS values).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
