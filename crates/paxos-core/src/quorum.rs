//! Quorums and vote counting, in one place.
//!
//! Paxos is safe because any two quorums intersect: "any two majorities have at least one
//! acceptor in common" (Paxos Made Simple, section 2.2). Every count in this crate (a proposer's
//! promises and acceptances, a learner's `accepted` notifications, a Multi-Paxos candidate's
//! promises and a leader's per-slot acceptances, and the checker's omniscient "chosen") is a
//! [`Tally`] over a [`Quorum`], never a hand-written `len() >= n / 2 + 1`.
//!
//! A quorum is data: an explicit member set and how many of them it takes (a strict majority
//! unless said otherwise). Changing membership means making a new `Quorum`, not rebuilding a
//! role, and a deliberately too-small quorum is just a smaller `needed`. The members are shared
//! (`Arc`), so a tally, and a world holding many of them, is cheap to clone.
//!
//! As in raft-rs's `quorum` module, a tally answers [`VoteResult::Pending`], [`VoteResult::Won`]
//! or [`VoteResult::Lost`] (so many members refused that the rest can no longer make it).

use crate::ballot::NodeId;
use crate::rename::Renaming;
use crate::vecmap::{VecMap, VecSet};
use std::sync::Arc;

/// Where a vote stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VoteResult {
    /// Not decided yet: enough members have not answered.
    Pending,
    /// Enough members granted it.
    Won,
    /// So many members refused that it can no longer be won.
    Lost,
}

/// A set of members and how many of them make a quorum.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Quorum {
    /// Sorted, without duplicates; shared between clones.
    members: Arc<[NodeId]>,
    needed: usize,
}

impl Quorum {
    /// The same quorum over the renamed members.
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        let members: VecSet<NodeId> = self.members.iter().map(|&n| renaming.of(n)).collect();
        Self {
            members: members.into_iter().collect(),
            needed: self.needed,
        }
    }

    /// A strict majority of `members`: ⌊n/2⌋ + 1 of them, so any two such quorums intersect.
    pub fn majority(members: impl IntoIterator<Item = NodeId>) -> Self {
        let members: VecSet<NodeId> = members.into_iter().collect();
        let needed = majority(members.len());
        Self {
            members: members.into_iter().collect(),
            needed,
        }
    }

    /// A quorum of any `needed` of `members` (at least 1, at most all of them). Below a majority
    /// two quorums need not intersect: that is the "quorums smaller than a majority" broken rule.
    pub fn of_size(members: impl IntoIterator<Item = NodeId>, needed: usize) -> Self {
        let mut quorum = Self::majority(members);
        quorum.needed = needed.clamp(1, quorum.members.len().max(1));
        quorum
    }

    /// The members, in id order.
    pub fn members(&self) -> &[NodeId] {
        &self.members
    }

    /// How many members make a quorum.
    pub fn needed(&self) -> usize {
        self.needed
    }

    /// Whether `node` is a member.
    pub fn contains(&self, node: NodeId) -> bool {
        self.members.binary_search(&node).is_ok()
    }

    /// Where a vote stands with `granted` members for it and `refused` against it.
    pub fn result(&self, granted: usize, refused: usize) -> VoteResult {
        if granted >= self.needed {
            VoteResult::Won
        } else if self.members.len().saturating_sub(refused) < self.needed {
            VoteResult::Lost
        } else {
            VoteResult::Pending
        }
    }
}

/// A strict majority of `n`: ⌊n/2⌋ + 1.
pub const fn majority(n: usize) -> usize {
    n / 2 + 1
}

/// The votes of a quorum's members on one question ("promise ballot b?", "accepted b?"), each
/// member counted once, with what each granting member said (`V`, e.g. the proposal it had
/// accepted). Votes from non-members are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Tally<V = ()> {
    quorum: Quorum,
    granted: VecMap<NodeId, V>,
    refused: VecSet<NodeId>,
}

impl<V> Tally<V> {
    /// The tally with every node renamed, and what each said renamed by `what`.
    pub fn renamed(&self, renaming: &Renaming, what: impl Fn(&V) -> V) -> Self {
        Self {
            quorum: self.quorum.renamed(renaming),
            granted: self
                .granted
                .iter()
                .map(|(&n, v)| (renaming.of(n), what(v)))
                .collect(),
            refused: self.refused.iter().map(|&n| renaming.of(n)).collect(),
        }
    }

    /// No votes yet.
    pub fn new(quorum: Quorum) -> Self {
        Self {
            quorum,
            granted: VecMap::new(),
            refused: VecSet::new(),
        }
    }

    /// `node` grants, saying `what` (a repeated grant replaces what it said before).
    pub fn grant(&mut self, node: NodeId, what: V) -> VoteResult {
        if self.quorum.contains(node) {
            self.refused.remove(&node);
            self.granted.insert(node, what);
        }
        self.result()
    }

    /// `node` refuses.
    pub fn refuse(&mut self, node: NodeId) -> VoteResult {
        if self.quorum.contains(node) && !self.granted.contains_key(&node) {
            self.refused.insert(node);
        }
        self.result()
    }

    /// Where the vote stands.
    pub fn result(&self) -> VoteResult {
        self.quorum.result(self.granted.len(), self.refused.len())
    }

    /// The members that granted, with what they said, in id order.
    pub fn granted(&self) -> &VecMap<NodeId, V> {
        &self.granted
    }

    /// The members that granted, in id order.
    pub fn voters(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.granted.keys().copied()
    }

    /// How many members granted.
    pub fn count(&self) -> usize {
        self.granted.len()
    }

    /// Whether `node` granted.
    pub fn has(&self, node: NodeId) -> bool {
        self.granted.contains_key(&node)
    }

    /// The quorum this tally counts against.
    pub fn quorum(&self) -> &Quorum {
        &self.quorum
    }
}

impl Tally<()> {
    /// `node` grants (a yes with nothing more to say).
    pub fn vote(&mut self, node: NodeId) -> VoteResult {
        self.grant(node, ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(ids: &[u32]) -> Vec<NodeId> {
        ids.iter().copied().map(NodeId).collect()
    }

    #[test]
    fn a_majority_is_floor_half_plus_one_and_any_two_intersect() {
        // Paxos Made Simple 2.2: any two majorities of the same set share a member.
        assert_eq!([1, 2, 3, 4, 5, 9].map(majority), [1, 2, 2, 3, 3, 5]);
        for n in 1..=9 {
            assert!(2 * majority(n) > n, "two majorities of {n} must overlap");
        }
        let q = Quorum::majority(nodes(&[4, 2, 2, 9]));
        assert_eq!(
            q.members(),
            &nodes(&[2, 4, 9])[..],
            "sorted, duplicates removed"
        );
        assert_eq!(q.needed(), 2);
    }

    #[test]
    fn a_tally_is_pending_then_won_counting_each_member_once() {
        let mut t = Tally::new(Quorum::majority(nodes(&[1, 2, 3])));
        assert_eq!(t.vote(NodeId(1)), VoteResult::Pending);
        assert_eq!(
            t.vote(NodeId(1)),
            VoteResult::Pending,
            "a duplicate counts once"
        );
        assert_eq!(t.vote(NodeId(7)), VoteResult::Pending, "not a member");
        assert_eq!(t.vote(NodeId(3)), VoteResult::Won);
        assert_eq!(t.voters().collect::<Vec<_>>(), nodes(&[1, 3]));
    }

    #[test]
    fn a_tally_is_lost_once_the_rest_cannot_make_it() {
        let mut t: Tally = Tally::new(Quorum::majority(nodes(&[1, 2, 3, 4, 5])));
        assert_eq!(t.refuse(NodeId(1)), VoteResult::Pending);
        assert_eq!(
            t.refuse(NodeId(2)),
            VoteResult::Pending,
            "3 of 5 can still grant"
        );
        assert_eq!(t.refuse(NodeId(3)), VoteResult::Lost);
        assert_eq!(
            t.vote(NodeId(3)),
            VoteResult::Pending,
            "a member may change its mind"
        );
    }

    #[test]
    fn grants_keep_what_each_member_said() {
        let mut t = Tally::new(Quorum::majority(nodes(&[1, 2, 3])));
        t.grant(NodeId(2), "old");
        t.grant(NodeId(2), "new");
        assert_eq!(t.granted().get(&NodeId(2)), Some(&"new"));
        assert_eq!(t.count(), 1);
    }

    #[test]
    fn a_quorum_of_any_size_is_data_too() {
        // Too small: two disjoint single members can each win, the broken rule of the seeds.
        let q = Quorum::of_size(nodes(&[1, 2, 3]), 1);
        let (mut a, mut b) = (Tally::new(q.clone()), Tally::new(q));
        assert_eq!(a.vote(NodeId(1)), VoteResult::Won);
        assert_eq!(b.vote(NodeId(3)), VoteResult::Won);
        assert_eq!(
            Quorum::of_size(nodes(&[1, 2]), 9).needed(),
            2,
            "at most all of them"
        );
    }
}
