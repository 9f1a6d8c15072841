//! The playground's first-load engine: [`paxos_core`] with its JavaScript API (`wasm-api`) and
//! nothing else. It is the same simulator, bit for bit (the same code, built once more), without
//! the `extras` feature: the 34 lessons (their text alone is 21 KB of paxos-core's 292 KB of
//! gzipped wasm), the ready-made runs and the explorer. The page starts on this build and, the first time a lesson,
//! a ready-made run or "every possible next step" is asked for, fetches paxos-core's own build and
//! carries the run over to it through its trace (`web/js/engine.js`).
//!
//! The exports are paxos-core's: a `#[wasm_bindgen]` item of a dependency is exported by the
//! `cdylib` that links it.

pub use paxos_core;
