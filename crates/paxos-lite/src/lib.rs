//! The playground's first-load engine: [`paxos_core`] with its JavaScript API (`wasm-api`) and
//! Basic Paxos only. It is the same simulator, bit for bit (the same code, built once more),
//! without four of paxos-core's features:
//! - `extras`: the 34 lessons (their text alone is 21 KB of paxos-core's 292 KB of gzipped
//!   wasm), the ready-made runs and the explorer;
//! - `multi` and `two-phase`: Multi-Paxos and two-phase commit, whose roles then cannot exist,
//!   so the compiler drops their code (`paxos_core::built`).
//!
//! The page starts on this build and, the first time one of those is asked for (a lesson, a
//! ready-made run, "every possible next step", or a Multi-Paxos or two-phase-commit cluster,
//! link or trace), fetches paxos-core's own build and carries the run over to it through its
//! trace (`web/js/engine.js`).
//!
//! The exports are paxos-core's: a `#[wasm_bindgen]` item of a dependency is exported by the
//! `cdylib` that links it.

pub use paxos_core;
