//! Node identities and ballots.
//!
//! A ballot is the "proposal number" of *Paxos Made Simple* (section 2.2): proposals must be
//! totally ordered and no two proposers may ever issue the same number. We use the usual pair
//! `(round, node)`, compared by round first and node id second; since every proposer puts its own
//! id in the ballots it issues, two proposers can never collide, and a proposer that wants to
//! out-bid a ballot simply takes a higher round.

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
    /// The round; a proposer retries with a round above every round it has seen.
    pub round: u64,
    /// The proposer that issued the ballot; makes ballots unique per node.
    pub node: NodeId,
}

impl Ballot {
    /// A ballot for `round` issued by `node`.
    pub const fn new(round: u64, node: NodeId) -> Self {
        Self { round, node }
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.node.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
