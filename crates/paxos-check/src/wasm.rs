//! The checker for JavaScript: a `Check` class that a Web Worker runs a slice at a time.
//!
//! ```js
//! const check = new Check(config, bounds, "breadthFirst"); // throws with the reason if bad
//! // or new Check(config, bounds, "breadthFirst", true): stop at the first broken rule
//! while (!check.run(20000)) postMessage(check.progress());  // unique states, depth...
//! postMessage(check.report());                              // verdicts, paths, traces
//! ```
//!
//! Errors cross as JS exceptions with a readable message; nothing panics across the boundary.

use crate::report::Report;
use crate::search::{Order, Search};
use crate::{Bounds, Model};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| JsError::new(&format!("internal error: cannot convert to JS: {err}")))
}

/// Reads a JS object (or a string of JSON) strictly: unknown fields are refused.
fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return serde_json::from_str("{}").map_err(|err| JsError::new(&format!("{what}: {err}")));
    }
    let text = match value.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|json| json.as_string())
            .ok_or_else(|| JsError::new(&format!("{what}: expected an object")))?,
    };
    serde_json::from_str(&text).map_err(|err| JsError::new(&format!("{what}: {err}")))
}

/// Progress of a running check.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Progress {
    #[serde(flatten)]
    counts: crate::search::Counts,
    index_bytes: u64,
    done: bool,
}

/// A model check in progress.
#[wasm_bindgen]
pub struct Check {
    search: Search,
    order: Order,
}

#[wasm_bindgen]
impl Check {
    /// A check of `config` (a configuration, as the simulator takes) within `bounds`, in
    /// `order` (`"breadthFirst"`, the default, or `"depthFirst"`); with `first` true it stops at
    /// the first broken rule (breadth-first, its path is then a shortest one).
    #[wasm_bindgen(constructor)]
    pub fn new(
        config: JsValue,
        bounds: JsValue,
        order: JsValue,
        first: Option<bool>,
    ) -> Result<Check, JsError> {
        console_error_panic_hook::set_once();
        let config: paxos_core::Config = from_js(config, "configuration")?;
        let bounds: Bounds = from_js(bounds, "bounds")?;
        let order = match order.as_string().as_deref() {
            None | Some("breadthFirst") => Order::BreadthFirst,
            Some("depthFirst") => Order::DepthFirst,
            Some(other) => {
                return Err(JsError::new(&format!(
                    "order must be \"breadthFirst\" or \"depthFirst\", got {other:?}"
                )))
            }
        };
        let model = Model::new(config, bounds).map_err(|e| JsError::new(&e))?;
        Ok(Check {
            search: Search::new(model, order).stop_at_violation(first.unwrap_or(false)),
            order,
        })
    }

    /// The default bounds.
    #[wasm_bindgen(js_name = defaultBounds)]
    pub fn default_bounds() -> Result<JsValue, JsError> {
        to_js(&Bounds::default())
    }

    /// Explores up to `budget` states; returns whether the check is done.
    pub fn run(&mut self, budget: u32) -> bool {
        self.search.run(u64::from(budget))
    }

    /// Unique states, generated states, depth, frontier, bytes of the index, and whether done.
    pub fn progress(&self) -> Result<JsValue, JsError> {
        to_js(&Progress {
            counts: self.search.counts(),
            index_bytes: self.search.index_bytes(),
            done: self.search.done(),
        })
    }

    /// The verdicts so far, with each counterexample or example as a trace.
    pub fn report(&self) -> Result<JsValue, JsError> {
        to_js(&Report::of(&self.search, self.order))
    }
}
