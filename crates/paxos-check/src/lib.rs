//! # paxos-check
//!
//! An exhaustive model checker for the playground's protocols — Basic Paxos, Multi-Paxos and
//! two-phase commit, each with its "break a rule" variants — over the very role code the
//! simulator and the page run.
//!
//! Random schedules find bugs by luck. A model checker visits *every* state reachable from a
//! configuration within some [`Bounds`] (faults, ballot rounds, client requests), decides each
//! [property] in all of them, and for a broken rule hands back a shortest schedule
//! that breaks it, as a simulator [`Trace`](paxos_core::Trace) the page can replay.
//!
//! * [`model`]: the state graph — a [`World`](paxos_core::World), the safety checker that has
//!   watched the path, and the bounds used — and its steps;
//! * [`property`]: what is decided (*always* safety rules, *sometimes* reachability);
//! * [`progress`]: the liveness property, decided over the whole graph, and [`extra_round`],
//!   which looks one round past the bound where the graph alone cannot tell;
//! * [`search`]: breadth- or depth-first search over fingerprints, with parent links;
//! * [`parts`]: fingerprints composed of parts, so that most successors are fingerprinted
//!   without being built;
//! * [`symmetry`]: interchangeable acceptors visited once (optional);
//! * [`path`]: a path as a trace and in words, and [`shorten`], which shortens a depth-first
//!   counterexample;
//! * [`report`]: the results as data, for the command line and the page.
//!
//! ```
//! use paxos_check::report::Report;
//! use paxos_check::{check, Bounds, Model, Order, Search};
//! use paxos_core::{Config, Sabotage};
//!
//! // Correct Paxos, one proposer, three acceptors: every rule holds in every state.
//! let config = Config { proposers: 1, ..Config::default() };
//! let bounds = Bounds { requests: 1, max_rounds: 1, ..Bounds::default() };
//! let report = check(config, bounds, Order::BreadthFirst)?;
//! assert!(report.complete && report.violations() == 0);
//!
//! // Proposers that skip phase 1: agreement breaks, and a shortest path shows how.
//! let broken = Config { sabotage: Some(Sabotage::SkipPhaseOne), ..Config::default() };
//! let model = Model::new(broken, Bounds { requests: 2, ..Bounds::default() })?;
//! let mut search = Search::new(model, Order::BreadthFirst).stop_at_violation(true);
//! search.run_to_end();
//! let report = Report::of(&search, Order::BreadthFirst);
//! let agreement = report.property("agreement").unwrap();
//! assert!(!agreement.holds);
//! assert_eq!(agreement.path.as_ref().unwrap().trace.actions.len(), 6);
//! # Ok::<(), String>(())
//! ```

#![deny(missing_docs)]

pub mod bounds;
pub mod extra_round;
mod frontier;
#[cfg(not(target_arch = "wasm32"))]
pub mod memory;
pub mod model;
pub mod parts;
pub mod path;
pub mod progress;
pub mod property;
pub mod report;
pub mod search;
pub mod shorten;
pub mod symmetry;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use bounds::Bounds;
pub use model::{Model, State, Step};
pub use report::{check, Report, Verdict};
pub use search::{Order, Search};
