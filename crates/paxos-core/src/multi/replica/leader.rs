//! The replica as leader (Paxos Made Simple, section 3): running for leader with one phase 1
//! for every open slot, taking over the log (P2c slot by slot, no-ops in the gaps), phase 2
//! alone per client command, counting acceptances, heartbeats with retransmission, and
//! resending a slot a follower lacks. The acceptor, follower and learner side is in the parent
//! module.

use super::{Proposal, Replica, Role};
use crate::ballot::{Ballot, NodeId};
use crate::message::{Message, SlotProposal};
use crate::multi::command::Command;
use crate::quorum::{Tally, VoteResult};
use crate::roles::{Outbox, Timer};
use std::collections::BTreeMap;

impl Replica {
    /// Leader: the heartbeat is due. Tell the followers it is alive and what is chosen, and
    /// offer again every slot still short of a quorum after two heartbeats.
    pub(super) fn heartbeat(&mut self, out: &mut Outbox) {
        let Role::Leader { ballot, .. } = self.role else {
            return;
        };
        let commit = self.applied_upto();
        let heartbeat = Message::Heartbeat { ballot, commit };
        let others: Vec<NodeId> = self
            .peers
            .members()
            .iter()
            .copied()
            .filter(|&p| p != self.id)
            .collect();
        out.broadcast(&others, &heartbeat);
        // Retransmit: a slot still short of a majority is offered again to the
        // acceptors that have not accepted it (its accept or their reply was lost).
        let peers = self.peers.members();
        if let Role::Leader { proposals, .. } = &mut self.role {
            for (&slot, proposal) in proposals.iter_mut() {
                proposal.waited += 1;
                if proposal.waited < 2 {
                    continue;
                }
                let resend = Message::SlotAccept {
                    ballot,
                    slot,
                    command: proposal.command.clone(),
                    commit,
                };
                for &peer in peers.iter().filter(|&&p| !proposal.voters.has(p)) {
                    out.send(peer, resend.clone());
                }
            }
        }
        self.arm(Timer::Heartbeat, out);
    }

    /// Phase 1a for every slot from the first one not known chosen.
    /// A replica whose ballots are exhausted (it issued round `u64::MAX`) can no longer run.
    pub(super) fn run_for_leader(&mut self, out: &mut Outbox) {
        let Some(ballot) = self.clock.next(self.id) else {
            return;
        };
        let first_slot = self.applied_upto();
        self.role = Role::Candidate {
            ballot,
            first_slot,
            promises: Tally::new(self.peers.clone()),
        };
        let prepare = Message::LeaderPrepare { ballot, first_slot };
        out.broadcast(self.peers.members(), &prepare);
        self.arm(Timer::Election, out);
    }

    /// Candidate: count a promise; with a majority, take over the log.
    pub(super) fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<SlotProposal>,
        out: &mut Outbox,
    ) {
        let Role::Candidate {
            ballot: current,
            first_slot,
            promises,
        } = &mut self.role
        else {
            return;
        };
        if *current != ballot || promises.grant(from, accepted) != VoteResult::Won {
            return;
        }
        // P2c slot by slot: the highest-numbered proposal reported in each slot; a no-op in
        // every gap below the highest reported slot.
        let mut highest: BTreeMap<u64, &SlotProposal> = BTreeMap::new();
        for proposal in promises.granted().values().flatten() {
            let slot = highest.entry(proposal.slot).or_insert(proposal);
            if proposal.ballot > slot.ballot {
                *slot = proposal;
            }
        }
        let first = *first_slot;
        let end = highest
            .keys()
            .next_back()
            .map_or(first, |&s| (s + 1).max(first));
        let takeover: Vec<(u64, Command)> = (first..end)
            .map(|slot| {
                let command = highest
                    .get(&slot)
                    .map_or_else(Command::noop, |p| p.command.clone());
                (slot, command)
            })
            .collect();
        self.role = Role::Leader {
            ballot,
            next_slot: end,
            proposals: BTreeMap::new(),
        };
        for (slot, command) in takeover {
            self.send_accept(slot, command, out);
        }
        // Commands that waited here for a leader, unless already in the log.
        let waiting: Vec<Command> = self.pending.clone();
        for command in waiting {
            self.propose(command, out);
        }
        // Leading: the timer now paces heartbeats.
        self.arm(Timer::Heartbeat, out);
    }

    /// Leader: the next free slot for a new command.
    pub(super) fn propose(&mut self, command: Command, out: &mut Outbox) {
        let Role::Leader {
            next_slot,
            proposals,
            ..
        } = &mut self.role
        else {
            return;
        };
        let already = self.applied_ids.contains(&command.id)
            || proposals.values().any(|p| p.command.id == command.id);
        if already {
            return;
        }
        let slot = *next_slot;
        *next_slot += 1;
        self.send_accept(slot, command, out);
    }

    /// Leader, phase 2a for one slot.
    fn send_accept(&mut self, slot: u64, command: Command, out: &mut Outbox) {
        let commit = self.applied_upto();
        let Role::Leader {
            ballot, proposals, ..
        } = &mut self.role
        else {
            return;
        };
        let message = Message::SlotAccept {
            ballot: *ballot,
            slot,
            command: command.clone(),
            commit,
        };
        proposals.insert(
            slot,
            Proposal {
                command,
                voters: Tally::new(self.peers.clone()),
                waited: 0,
            },
        );
        out.broadcast(self.peers.members(), &message);
    }

    /// Leader: count an acceptance; a majority chooses the slot.
    pub(super) fn on_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: u64,
        out: &mut Outbox,
    ) {
        let Role::Leader {
            ballot: current,
            proposals,
            ..
        } = &mut self.role
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        let Some(proposal) = proposals.get_mut(&slot) else {
            return;
        };
        if proposal.voters.vote(from) == VoteResult::Won {
            let command = proposal.command.clone();
            proposals.remove(&slot);
            self.learn(slot, command, out);
        }
    }

    /// Leader: resend a slot a follower lacks, at the current ballot.
    pub(super) fn on_missing(&mut self, from: NodeId, ballot: Ballot, slot: u64, out: &mut Outbox) {
        let Role::Leader {
            ballot: current,
            proposals,
            ..
        } = &self.role
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        // Chosen (known here) or still being proposed: either way the value at this ballot.
        let command = self
            .chosen
            .get(&slot)
            .or_else(|| proposals.get(&slot).map(|p| &p.command))
            .cloned();
        if let Some(command) = command {
            let message = Message::SlotAccept {
                ballot,
                slot,
                command,
                commit: self.applied_upto(),
            };
            out.send(from, message);
        }
    }
}
