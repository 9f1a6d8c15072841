//! Exploring by hand through JavaScript: an `Explorer` keeps the fingerprints of the steps of
//! the runs it has looked at, and lists the moves at a simulation's cursor.
//!
//! ```js
//! const explorer = new Explorer();
//! const { moves } = explorer.explore(sim); // [{ action: {type: "drop", id: 4}, revisits: 1 }, ...]
//! sim.apply(moves[0].action);
//! ```

use super::{install_panic_hook, refused, to_js, Simulation};
use crate::explore;
use wasm_bindgen::prelude::*;

/// The moves at a simulation's cursor, with a cache of the worlds along its path.
#[wasm_bindgen]
#[derive(Default)]
pub struct Explorer {
    inner: explore::Explorer,
}

#[wasm_bindgen]
impl Explorer {
    /// An explorer with an empty cache.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Explorer {
        install_panic_hook();
        Explorer::default()
    }

    /// Every action enabled at `sim`'s cursor (deliver, drop, duplicate each message; fire
    /// each pending timer; crash or restart each node), each with the earliest earlier step of
    /// the path whose protocol world it leads back to (`revisits`, or `null`).
    #[wasm_bindgen(unchecked_return_type = "Explored")]
    pub fn explore(&mut self, sim: &Simulation) -> Result<JsValue, JsError> {
        to_js(&self.inner.explore(&sim.inner).map_err(refused)?)
    }
}
