//! # paxos-core
//!
//! Basic Paxos and Multi-Paxos, as in Lamport's *Paxos Made Simple* (2001), with a deterministic
//! simulator and safety checks, built to be watched and poked at in a browser.
//!
//! The crate has three layers, each depending only on the one before:
//!
//! 1. **Protocol.** [`roles`]: proposer, acceptor and learner as sans-IO state machines of one
//!    shape, and [`multi`], the Multi-Paxos replica (a replicated log with a stable leader and a
//!    key-value store). One input in, outputs out; no clock, no randomness, no IO. They count
//!    votes with [`quorum`] and number their ballots with a [`ballot::BallotClock`]. A
//!    [`world::World`] is the protocol state of a whole cluster — roles, messages in flight,
//!    pending timers — hashable, with every possible next action listed.
//! 2. **Simulator.** [`sim`]: the [`Simulation`] is a world plus logical time, a seeded network
//!    with delays and faults, message ids and the action log. Every change is an [`Action`];
//!    the log is the [`Trace`]. [`view`] projects it into the [`Snapshot`] the page draws.
//! 3. **Checks.** [`checks`]: agreement, validity, integrity and promise monotonicity, checked
//!    after every action against the roles' own outputs; violations are data.
//!
//! Beside them, [`explore`] lists every action enabled at a timeline's cursor, each marked when
//! it leads back to a protocol world seen earlier on the path: exploring by hand, as a model
//! checker explores every path.
//!
//! Beside Paxos, [`twopc`] is two-phase commit on the same machinery, for comparison: it blocks
//! when its coordinator crashes, where Multi-Paxos elects another leader.
//!
//! On `wasm32` a thin `wasm` module exports the same API to JavaScript as a `Simulation` class.
//!
//! ## Features
//!
//! All on by default. `wasm-api`: the JavaScript API. `extras`: in it, the lessons, the
//! ready-made runs and the explorer. `multi` and `two-phase`: Multi-Paxos and two-phase commit;
//! without them their code is compiled out ([`built`]). The page's first-load engine
//! (`crates/paxos-lite`) is `wasm-api` alone: Basic Paxos, small.
//!
//! ## A value gets chosen
//!
//! ```
//! use paxos_core::{Action, Config, NodeId, Simulation};
//!
//! let mut sim = Simulation::new(Config::default(), 42)?;
//! let p1 = sim.proposers()[0];
//! sim.apply(Action::Propose { node: p1, value: "blue".into() })?;
//! while sim.checker().chosen().is_empty() {
//!     sim.step()?;
//! }
//! assert_eq!(sim.checker().chosen()[0].value, "blue");
//! assert!(sim.checker().violations().is_empty());
//! # Ok::<(), paxos_core::Error>(())
//! ```
//!
//! ## The same log gives the same run
//!
//! ```
//! use paxos_core::{Action, Config, Simulation};
//!
//! let mut sim = Simulation::new(Config::default(), 7)?;
//! sim.apply(Action::Propose { node: sim.proposers()[0], value: "x".into() })?;
//! for _ in 0..5 {
//!     sim.step()?;
//! }
//! let again = Simulation::from_trace(&sim.trace())?;
//! assert_eq!(again.snapshot(), sim.snapshot());
//! # Ok::<(), paxos_core::Error>(())
//! ```
//!
//! ## Bad calls change nothing
//!
//! ```
//! use paxos_core::{Action, Config, Error, Simulation};
//!
//! let mut sim = Simulation::new(Config::default(), 1)?;
//! let before = sim.snapshot();
//! assert_eq!(sim.apply(Action::Deliver { id: 99 }), Err(Error::UnknownMessage(99)));
//! assert_eq!(sim.snapshot(), before);
//! # Ok::<(), paxos_core::Error>(())
//! ```

#![deny(missing_docs)]

pub mod ballot;
pub mod built;
pub mod checks;
pub mod config;
pub mod error;
pub mod explore;
pub mod lesson;
pub mod message;
pub mod multi;
pub mod network;
pub mod permalink;
pub mod plain;
pub mod quorum;
pub mod rename;
pub mod rng;
pub mod roles;
pub mod scenario;
pub mod sim;
pub mod timeline;
pub mod twopc;
pub mod vecmap;
pub mod view;
#[cfg(all(target_arch = "wasm32", feature = "wasm-api"))]
pub mod wasm;
pub mod world;

pub use ballot::{Ballot, NodeId};
pub use checks::{Chosen, Rule, Violation};
pub use config::{Config, Layout, Mode, Sabotage, VotePolicy};
pub use error::{Error, Result};
pub use message::{Message, MessageKind, Proposal, SlotProposal, Value};
pub use multi::command::{Command, Op};
pub use network::LinkFaults;
pub use quorum::{Quorum, Tally, VoteResult};
pub use sim::{Action, Event, Report, Simulation, Trace};
pub use timeline::Timeline;
pub use view::Snapshot;
pub use world::{Choice, World};
