//! Membership changes through the log (revision 3), as Lamport describes them at the end of
//! section 3 of Paxos Made Simple: the set of servers is part of the replicated state. A change
//! ("add S6", "remove S2") is a client command like any other, chosen in some slot `i`; it governs
//! the slots from `i + alpha` on. Each slot has one configuration, the same at every replica
//! because it follows from the chosen log alone, and a value is chosen in that slot by a majority
//! of *that* configuration.
//!
//! Why the `alpha` slots of delay: a leader must know a slot's configuration before it proposes
//! there, and it knows the configuration of slot `s` once every slot up to `s - alpha` is chosen.
//! So a leader proposes at most `alpha` slots beyond what it knows is chosen: `alpha` bounds the
//! pipeline, and a change needs at least `alpha` more slots to take effect (the leader fills them
//! with commands, or no-ops).
//!
//! A new server starts with an empty log. It does not vote (it ignores prepares and accepts)
//! until it has caught up far enough to see its own addition in the log: it asks for the log with
//! `missing`, and any server that knows the slots chosen answers with `catchUp`. A removed server
//! stops running for leader once the slots it still belonged to are behind it; a removed leader
//! steps down when it reaches the first slot without it, and the new configuration elects
//! another.
//!
//! The broken rule `membershipWithoutConsensus` skips all of this: a server adopts a change the
//! moment it hears of it and tells the others with a `membership` message, so servers disagree on
//! who the members are, and two majorities of different memberships need not intersect.

use super::Replica;
use crate::ballot::NodeId;
use crate::message::Message;
use crate::multi::command::{Command, Op};
use crate::quorum::Quorum;
use crate::roles::{Outbox, Output};
use imbl::OrdMap;
use serde::Serialize;

/// Where a server stands in the cluster, as far as it knows.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Membership {
    /// A member of the configuration of its next slot.
    Member,
    /// New: it has not yet caught up to its own addition, or that addition is not yet in force.
    Joining,
    /// No longer a member from its next slot on.
    Removed,
}

/// The configuration in force for `slot`: the last epoch that begins at or before it, else the
/// initial one (a free function, so a caller holding other parts of the replica can use it).
pub(super) fn config_at<'a>(
    epochs: &'a OrdMap<u64, Quorum>,
    initial: &'a Quorum,
    slot: u64,
) -> &'a Quorum {
    epochs
        .range(..=slot)
        .next_back()
        .map_or(initial, |(_, q)| q)
}

impl Replica {
    /// The configuration in force for `slot`, as this replica knows it.
    pub fn config_for(&self, slot: u64) -> &Quorum {
        config_at(&self.epochs, &self.peers, slot)
    }

    /// Every configuration it knows of, with the first slot each governs (the initial one from
    /// slot 0).
    pub fn configurations(&self) -> Vec<(u64, &Quorum)> {
        let mut all = vec![(0, &self.peers)];
        all.extend(self.epochs.iter().map(|(&slot, q)| (slot, q)));
        all.dedup_by_key(|(slot, _)| *slot);
        all
    }

    /// The servers of the newest configuration this replica knows of.
    pub fn latest_members(&self) -> Vec<NodeId> {
        self.epochs
            .values()
            .next_back()
            .unwrap_or(&self.peers)
            .members()
            .to_vec()
    }

    /// Where it stands: member, joining or removed.
    pub fn membership(&self) -> Membership {
        if self.config_for(self.applied_upto()).contains(self.id) {
            Membership::Member
        } else if self.ever_member() && !self.latest_members().contains(&self.id) {
            Membership::Removed
        } else {
            Membership::Joining
        }
    }

    /// Whether some configuration it knows of includes it: a new server has then caught up to
    /// its own addition, and may vote.
    pub(super) fn ever_member(&self) -> bool {
        self.peers.contains(self.id) || self.epochs.values().any(|q| q.contains(self.id))
    }

    /// Whether it may run for leader: it belongs to the configuration of its next slot, and is
    /// not leaving (a server whose removal is chosen leaves leadership to those that stay,
    /// rather than take over for the few slots it still belongs to).
    pub(super) fn eligible(&self) -> bool {
        self.config_for(self.applied_upto()).contains(self.id)
            && self.latest_members().contains(&self.id)
    }

    /// Revision 3 (and only then) changes membership.
    pub(super) fn reconfigurable(&self) -> bool {
        self.options.alpha.is_some()
    }

    /// Every server of the configurations from its next slot on (itself too, if a member):
    /// whom a leader or candidate talks to.
    pub(super) fn audience(&self) -> Vec<NodeId> {
        let from = self.applied_upto();
        let mut all: Vec<NodeId> = self.config_for(from).members().to_vec();
        for (_, q) in self.epochs.range(from + 1..) {
            all.extend(q.members());
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Applies a chosen membership change in `slot`: from `slot + alpha` on, the servers are the
    /// previous ones with `node` added or removed. Returns what a client would be told.
    pub(super) fn reconfigure(&mut self, slot: u64, command: &Command, out: &mut Outbox) -> String {
        let Some(alpha) = self.options.alpha else {
            return "skipped: this protocol revision has fixed membership".into();
        };
        let from_slot = slot + alpha;
        let mut members = self.config_for(from_slot).members().to_vec();
        let changed = match command.op {
            Op::AddServer { node } if !members.contains(&node) => {
                members.push(node);
                members.sort_unstable();
                true
            }
            Op::RemoveServer { node } if members.len() > 1 => {
                let before = members.len();
                members.retain(|&m| m != node);
                members.len() != before
            }
            _ => false,
        };
        if !changed {
            return "skipped: no change to the servers".into();
        }
        self.epochs
            .insert(from_slot, Quorum::majority(members.iter().copied()));
        out.push(Output::Reconfigured {
            from_slot,
            members: members.clone(),
        });
        let names: Vec<String> = members.iter().map(|m| format!("S{}", m.0 + 1)).collect();
        format!("from slot {from_slot}: {}", names.join(", "))
    }

    /// Broken rule: adopt a membership change at once, for every slot from its next one, and
    /// tell every server of the old and new memberships, without consensus.
    pub(super) fn adopt_unsafely(&mut self, command: &Command, out: &mut Outbox) {
        let mut members = self.latest_members();
        let old = members.clone();
        match command.op {
            Op::AddServer { node } if !members.contains(&node) => members.push(node),
            Op::RemoveServer { node } if members.len() > 1 => members.retain(|&m| m != node),
            _ => return,
        }
        members.sort_unstable();
        self.adopt(members.clone());
        let mut told: Vec<NodeId> = old.into_iter().chain(members.iter().copied()).collect();
        told.sort_unstable();
        told.dedup();
        told.retain(|&n| n != self.id);
        out.broadcast(&told, &Message::Membership { members });
    }

    /// Broken rule: "the servers are now `members`", for every slot from its next one on.
    pub(super) fn adopt(&mut self, members: Vec<NodeId>) {
        if members.is_empty() || self.latest_members() == members {
            return;
        }
        // Every slot from its next one on; proposals already in flight keep their tallies.
        self.epochs
            .insert(self.applied_upto(), Quorum::majority(members));
    }
}
