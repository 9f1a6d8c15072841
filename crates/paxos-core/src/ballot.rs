//! Node identities and ballots.
//!
//! A ballot is the "proposal number" of *Paxos Made Simple* (section 2.2): proposals must be
//! totally ordered and no two proposers may ever issue the same number. We use the usual pair
//! `(round, node)`, compared by round first and node id second; since every proposer puts its own
//! id in the ballots it issues, two proposers can never collide, and a proposer that wants to
//! out-bid a ballot simply takes a higher round.
//!
//! A [`BallotClock`] hands out a node's ballots: the next one is above every round the node has
//! issued or seen. It saturates instead of overflowing: a node that has seen round `u64::MAX`
//! (the "INT_MAX proposer" of the seeds) can still issue `(u64::MAX, itself)` once, which is
//! unique because its id is in it, and after that it has no ballot left: [`BallotClock::next`]
//! says `None` rather than reuse a number or panic.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The identity of a simulated node (an index into the cluster, starting at 0).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct NodeId(pub u32);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A ballot (proposal number): `(round, node)`, ordered by round, then by node id.
///
/// The derived ordering compares fields in declaration order, which is exactly that order.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Ballot {
    /// The round; a proposer retries with a round above every round it has seen. Written as a
    /// plain integer even above 2^53 − 1: JavaScript's `JSON.parse` then reads the nearest
    /// double (the page shows such a round as "MAX"; no correct run gets near it).
    pub round: u64,
    /// The proposer that issued the ballot; makes ballots unique per node.
    pub node: NodeId,
}

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

impl Ballot {
    /// A ballot for `round` issued by `node`.
    pub const fn new(round: u64, node: NodeId) -> Self {
        Self { round, node }
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.round == u64::MAX {
            // The largest round there is: the seeds' INT_MAX proposer.
            write!(f, "MAX.{}", self.node.0)
        } else {
            write!(f, "{}.{}", self.round, self.node.0)
        }
    }
}

/// Hands out a node's ballots: each above every round it has issued or seen.
///
/// `issued` is on stable storage (Paxos Made Simple, section 2.3: a proposer "must never try to
/// issue another proposal with the same number"); `seen` is volatile and falls back to `issued`
/// after a crash.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct BallotClock {
    /// Durable: the highest round this node has issued.
    issued: u64,
    /// The highest round seen in any message since the last crash.
    seen: u64,
    /// Durable: how many ballots it has issued.
    count: u64,
}

impl BallotClock {
    /// A clock that has issued and seen nothing.
    pub const fn new() -> Self {
        Self {
            issued: 0,
            seen: 0,
            count: 0,
        }
    }

    /// Notes a ballot seen in a message, so the next one issued is above it.
    pub fn observe(&mut self, ballot: Ballot) {
        self.seen = self.seen.max(ballot.round);
    }

    /// The next ballot for `node`: one round above everything issued or seen. At the top of the
    /// range it issues round `u64::MAX` once (still unique: the node id breaks the tie) and
    /// then `None`, never a number it used before.
    pub fn next(&mut self, node: NodeId) -> Option<Ballot> {
        let round = match self.issued.max(self.seen).checked_add(1) {
            Some(round) => round,
            None if self.issued < u64::MAX => u64::MAX,
            None => return None,
        };
        self.issued = round;
        self.count = self.count.saturating_add(1);
        Some(Ballot::new(round, node))
    }

    /// The highest round issued (stable storage).
    pub fn issued(&self) -> u64 {
        self.issued
    }

    /// How many ballots it has issued.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// A crash: forget what was seen, keep what was issued.
    pub fn crash(&mut self) {
        self.seen = self.issued;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_issues_above_everything_issued_or_seen() {
        let me = NodeId(2);
        let mut clock = BallotClock::new();
        assert_eq!(clock.next(me), Some(Ballot::new(1, me)));
        clock.observe(Ballot::new(7, NodeId(5)));
        assert_eq!(clock.next(me), Some(Ballot::new(8, me)));
        clock.observe(Ballot::new(3, NodeId(5)));
        assert_eq!(
            clock.next(me),
            Some(Ballot::new(9, me)),
            "lower rounds change nothing"
        );
        clock.observe(Ballot::new(20, NodeId(5)));
        clock.crash();
        assert_eq!(
            clock.next(me),
            Some(Ballot::new(10, me)),
            "a crash forgets what was seen, never what was issued"
        );
    }

    #[test]
    fn the_clock_saturates_at_the_top_and_never_reuses_a_ballot() {
        // The seeds' "INT_MAX proposer": someone jumped to the largest number there is.
        let me = NodeId(1);
        let mut clock = BallotClock::new();
        clock.observe(Ballot::new(u64::MAX, NodeId(0)));
        assert_eq!(clock.next(me), Some(Ballot::new(u64::MAX, me)));
        assert_eq!(
            clock.next(me),
            None,
            "round MAX was issued: no ballot is left"
        );
        assert_eq!(clock.next(me), None);
        assert_eq!(clock.issued(), u64::MAX);
        let mut other = BallotClock::new();
        other.observe(Ballot::new(u64::MAX - 1, NodeId(0)));
        assert_eq!(other.next(me), Some(Ballot::new(u64::MAX, me)));
        assert_eq!(other.next(me), None);
    }

    #[test]
    fn ballots_order_by_round_then_node() {
        let a = Ballot::new(1, NodeId(9));
        let b = Ballot::new(2, NodeId(0));
        let c = Ballot::new(2, NodeId(1));
        assert!(a < b && b < c);
        assert_eq!(b.max(c), c);
    }

    #[test]
    fn ballots_of_different_nodes_never_collide() {
        // Paxos Made Simple 2.2: "different proposers choose their numbers from disjoint sets".
        for round in 0..50 {
            assert_ne!(Ballot::new(round, NodeId(1)), Ballot::new(round, NodeId(2)));
        }
    }
}
