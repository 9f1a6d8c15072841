//! The bounds of a check: how much the environment may misbehave, and how far the protocol may
//! go, so that the set of reachable states is finite.
//!
//! An asynchronous network may lose or repeat any message and any process may fail (Paxos Made
//! Simple, section 2.1), and a proposer may start a new ballot whenever it likes: left alone,
//! the state space is infinite. A check explores *every* schedule within these bounds, and says
//! nothing about schedules beyond them: the usual small-scope hypothesis, that most bugs show
//! in small configurations with few faults.

use serde::{Deserialize, Serialize};

/// How far a check may go. Every field has a default, so `{}` is a valid set of bounds;
/// unknown fields are refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Bounds {
    /// Messages the network may lose, in all.
    pub max_drops: u32,
    /// Messages the network may deliver twice (a copy put in flight), in all.
    pub max_duplicates: u32,
    /// Node crashes, in all (a crashed node may restart at any time).
    pub max_crashes: u32,
    /// Basic Paxos: the highest ballot round a proposer may start (its retry timer does not
    /// fire past it). Multi-Paxos: how many elections may run in all (2: a first leader and
    /// one leader change).
    pub max_rounds: u64,
    /// Firings of the timers that no round bounds, in all: a Multi-Paxos leader's heartbeat,
    /// failure detection's suspicion, two-phase commit's time-outs. (Retry and election timers
    /// are bounded by `maxRounds`.)
    pub max_timeouts: u32,
    /// Client requests: in Basic Paxos the first `requests` proposers each get one value to
    /// propose (P1 `red`, P2 `blue`, P3 `green`); in Multi-Paxos `requests` commands (`put k1
    /// 1` to the first server, `put k2 2` to the second...; with the broken rule
    /// `membershipWithoutConsensus`, first the last server is asked to remove each other one,
    /// then the commands go to the first server and the last in turn); in two-phase commit
    /// `requests` transactions at the coordinator. Each is made at most once, at any moment.
    pub requests: u32,
    /// Messages in flight at once, counting copies: a state with more is outside the bounds
    /// and not explored (it keeps heartbeats and retries from filling the network for ever).
    pub max_in_flight: u32,
    /// Stop after this many unique states (0: no limit); the result then says it is partial.
    /// The default, 200,000, keeps a check within about half a gigabyte.
    pub max_states: u64,
    /// Not a bound but a reduction: visit one state of each class of states that differ only
    /// in which interchangeable acceptor (or two-phase-commit participant) is which (see
    /// [`crate::symmetry`]). Not for Multi-Paxos; a configuration it would be unsound for is
    /// refused with the reason.
    pub symmetry: bool,
    /// Not a bound but a way to hold the breadth-first queue: packed (serialised and
    /// compressed, see `frontier.rs`): 30 to 65 times smaller, 1.3 to 1.9 times slower.
    /// No effect on depth-first search, whose stack stays short. Native only: refused in wasm.
    /// A packed search leaves out the progress property, whose graph edges would cost more
    /// than the packed states (see [`crate::progress`]).
    pub pack: bool,
}

impl Default for Bounds {
    fn default() -> Self {
        Self {
            max_drops: 0,
            max_duplicates: 0,
            max_crashes: 0,
            max_rounds: 1,
            max_timeouts: 2,
            requests: 1,
            max_in_flight: 12,
            max_states: 200_000,
            symmetry: false,
            pack: false,
        }
    }
}

/// The largest value of each count, so a check stays within memory and a byte per counter.
pub const MAX_FAULTS: u32 = 8;
/// The most client requests.
pub const MAX_REQUESTS: u32 = 5;
/// The most messages in flight.
pub const MAX_IN_FLIGHT: u32 = 64;
/// The highest round bound.
pub const MAX_ROUNDS: u64 = 8;

impl Bounds {
    /// Checks every field is in range; the error names the field and the range.
    pub fn validate(&self) -> Result<(), String> {
        let check = |name: &str, value: u64, lo: u64, hi: u64| {
            if (lo..=hi).contains(&value) {
                Ok(())
            } else {
                Err(format!("{name} must be {lo} to {hi}, got {value}"))
            }
        };
        let faults = u64::from(MAX_FAULTS);
        check("maxDrops", self.max_drops.into(), 0, faults)?;
        check("maxDuplicates", self.max_duplicates.into(), 0, faults)?;
        check("maxCrashes", self.max_crashes.into(), 0, faults)?;
        check("maxRounds", self.max_rounds, 1, MAX_ROUNDS)?;
        check("maxTimeouts", self.max_timeouts.into(), 0, faults)?;
        check("requests", self.requests.into(), 0, MAX_REQUESTS.into())?;
        check(
            "maxInFlight",
            self.max_in_flight.into(),
            1,
            MAX_IN_FLIGHT.into(),
        )?;
        if cfg!(target_arch = "wasm32") && self.pack {
            return Err(
                "pack is on the command line only (paxos-check --pack): the browser's \
checker leaves it out to stay small"
                    .into(),
            );
        }
        Ok(())
    }
}
