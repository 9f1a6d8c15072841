//! # check-vs-stateright
//!
//! The playground's model checker ([`paxos_check`]) and [Stateright], side by side on the
//! **same state graph**, so that their unique-state counts can be compared exactly and their
//! speed and memory fairly.
//!
//! Why: `paxos-check` is a small explicit-state checker written for this project. Stateright is
//! the established Rust model checker for distributed systems. If both explore the very same
//! graph — the simulator's own [`World`](paxos_core::World), stepped by the same
//! [`Model::steps`](paxos_check::Model::steps) and [`Model::next`](paxos_check::Model::next) —
//! then equal unique-state counts are a cross-check of our search (visited set, bounds,
//! violating states not expanded), and the difference in states per second is the difference
//! between the two *search engines*: the protocol work is the same code. (Ours does less of it:
//! it fingerprints most successors from their parent's parts without building them, see
//! [`paxos_check::parts`], where Stateright's `Model` interface builds and hashes every one.)
//!
//! What is wrapped, and how: the Stateright side (in `adapter/mod.rs`, shared by the benchmark
//! and the agreement test, since Stateright is only a dev-dependency) implements
//! `stateright::Model` with the project's `State` as the state (in a thin wrapper that also
//! carries the depth, which the safety checker records but does not hash), `Step` as the
//! action, `Model::steps` as `actions` and `Model::next` as `next_state` (`None` outside the
//! bounds, exactly where our search counts a transition as `outside`). A state that broke a
//! rule gets no actions, as our search does not expand it. The always properties are the
//! checker's rules, the sometimes ones the same predicates [`paxos_check::property`] uses.
//!
//! The project's roles are *not* wrapped as `stateright::actor::Actor`s: Stateright's actor
//! networks (unordered duplicating, unordered non-duplicating, ordered) have no bounded drops
//! or duplicates, no bound on messages in flight, and their own timer and crash semantics, so
//! an `ActorModel` would explore a different graph and its counts could never agree. The README
//! ("Side by side with Stateright") says more.
//!
//! This library holds what both sides share and needs no Stateright: the configurations
//! ([`Case`]), our checker's run ([`run_ours`]) and a counting allocator ([`Counting`], re-exported from `paxos_check::memory`) for
//! peak memory.
//!
//! [Stateright]: https://docs.rs/stateright

#![deny(missing_docs)]

pub use paxos_check::memory::Counting;
use paxos_check::search::{Order, Search};
use paxos_check::{Bounds, Model};
use paxos_core::{Config, Mode};
use std::time::Instant;

/// One configuration both checkers explore.
#[derive(Clone, Debug)]
pub struct Case {
    /// A short name for the table.
    pub name: &'static str,
    /// The protocol configuration.
    pub config: Config,
    /// The bounds. With `max_states` 0 the case runs to the end and both checkers must count
    /// the same unique states; otherwise ours stops there, and Stateright, which has no
    /// unique-state limit, is stopped after as many transitions (see [`Outcome::transitions`]).
    pub bounds: Bounds,
    /// The unique states our checker finds, where the project pins it (`tests/check.rs`).
    pub pinned: Option<u64>,
}

impl Case {
    /// The model of this case.
    pub fn model(&self) -> Model {
        Model::new(self.config.clone(), self.bounds.clone()).expect("a valid case")
    }
}

fn basic(proposers: u32) -> Config {
    Config {
        proposers,
        ..Config::default()
    }
}

fn bounds(requests: u32, max_rounds: u64) -> Bounds {
    Bounds {
        requests,
        max_rounds,
        max_states: 0,
        ..Bounds::default()
    }
}

/// The short cases: the benchmark's default run and the project's pinned counts.
pub fn short_cases() -> Vec<Case> {
    vec![
        Case {
            name: "Basic 1P/3A/1L, 1 req, round 1",
            config: basic(1),
            bounds: bounds(1, 1),
            pinned: Some(1_624),
        },
        Case {
            name: "Multi 3 servers, 1 election",
            config: Config {
                mode: Mode::Multi,
                ..Config::default()
            },
            bounds: Bounds {
                max_timeouts: 0,
                ..bounds(0, 1)
            },
            pinned: Some(82),
        },
        Case {
            name: "Basic 1P, 1 req, 1 drop, 1 dup",
            config: basic(1),
            bounds: Bounds {
                max_drops: 1,
                max_duplicates: 1,
                ..bounds(1, 1)
            },
            pinned: Some(99_345),
        },
        Case {
            name: "2PC 3 participants, 1 tx",
            config: Config {
                mode: Mode::TwoPhase,
                ..Config::default()
            },
            bounds: bounds(1, 1),
            pinned: Some(132_960),
        },
    ]
}

/// The long cases (`--long`): half a million states and more each.
pub fn long_cases() -> Vec<Case> {
    vec![
        Case {
            name: "Multi 3 servers, 1 cmd, 1 election",
            config: Config {
                mode: Mode::Multi,
                ..Config::default()
            },
            bounds: Bounds {
                max_timeouts: 0,
                max_in_flight: 6,
                ..bounds(1, 1)
            },
            pinned: Some(582_671),
        },
        Case {
            name: "2PC 3 participants, 1 tx, 1 crash",
            config: Config {
                mode: Mode::TwoPhase,
                ..Config::default()
            },
            bounds: Bounds {
                max_crashes: 1,
                ..bounds(1, 1)
            },
            pinned: None,
        },
        Case {
            // 8,487,167 states in all: too long for both checkers, twice each.
            name: "Basic 2P/3A/1L, 2 req, 1M states",
            config: basic(2),
            bounds: Bounds {
                max_states: 1_000_000,
                ..bounds(2, 1)
            },
            pinned: None,
        },
    ]
}

/// What one run of a checker found, and what it cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Unique states.
    pub unique: u64,
    /// Transitions taken to states within the bounds, new or seen before (Stateright's
    /// `state_count`; ours is `generated - outside`).
    pub transitions: u64,
    /// Whether the search stopped at a state limit before the end.
    pub truncated: bool,
    /// Seconds of wall-clock time (one thread).
    pub seconds: f64,
    /// The peak of bytes allocated during the run, above what was allocated before it.
    pub peak_bytes: u64,
}

impl Outcome {
    /// Unique states per second (on one core: both checkers run single-threaded).
    pub fn rate(&self) -> f64 {
        self.unique as f64 / self.seconds.max(1e-9)
    }
}

/// Runs our checker on `case` to the end, in `order`; the outcome and, by property in
/// [`Search::properties`] order, whether an example or counterexample was found.
pub fn run_ours(case: &Case, order: Order) -> (Outcome, Vec<(&'static str, bool)>) {
    let model = case.model();
    let before = Counting::start();
    let started = Instant::now();
    let mut search = Search::new(model, order);
    search.run_to_end();
    let seconds = started.elapsed().as_secs_f64();
    let peak_bytes = Counting::peak_since(before);
    let counts = search.counts();
    assert!(
        counts.complete || (counts.truncated && case.bounds.max_states > 0),
        "{}: our search stopped early",
        case.name
    );
    let found = search
        .properties()
        .iter()
        .zip(search.found())
        // Progress has no Stateright counterpart (see the adapter): compared on neither side.
        .filter(|(p, _)| !p.is_progress())
        .map(|(p, f)| (p.name, f.is_some()))
        .collect();
    (
        Outcome {
            unique: counts.unique,
            transitions: counts.generated - counts.outside,
            truncated: counts.truncated,
            seconds,
            peak_bytes,
        },
        found,
    )
}
