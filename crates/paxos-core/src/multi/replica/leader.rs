//! The replica as leader (Paxos Made Simple, section 3): running for leader with one phase 1
//! for every open slot, taking over the log (P2c slot by slot, no-ops in the gaps), phase 2
//! alone per client command, counting acceptances, heartbeats with retransmission, and
//! resending a slot a follower lacks. The acceptor, follower and learner side is in the parent
//! module.
//!
//! Revision 3 adds the rules of reconfiguration ([`super::membership`]): a leader proposes in
//! slot `s` only when it knows the configuration of `s` (every slot up to `s - alpha` chosen:
//! at most `alpha` slots beyond its log) and holds promises from a majority of that
//! configuration, asking the servers it lacks with another prepare when a new configuration
//! begins. Client commands wait in the term's queue for such a slot, and so do the slots of the
//! takeover beyond the window.

use super::membership::config_at;
use super::{Proposal, Replica, Role, Term, CATCH_UP_CHUNK};
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
        let audience = if self.reconfigurable() {
            let mut audience = self.audience();
            audience.extend(self.leaving());
            audience
        } else {
            self.peers.members().to_vec()
        };
        let others: Vec<NodeId> = audience.into_iter().filter(|&p| p != self.id).collect();
        out.broadcast(&others, &heartbeat);
        // Retransmit: a slot still short of a majority is offered again to the
        // acceptors that have not accepted it (its accept or their reply was lost).
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
                // Each slot's own configuration (all servers, in revision 2).
                let members = proposal.voters.quorum().members();
                for &peer in members.iter().filter(|&&p| !proposal.voters.has(p)) {
                    out.send(peer, resend.clone());
                }
            }
        }
        if self.reconfigurable() {
            // A prepare to a new configuration's servers may have been lost: ask again.
            self.fill(out);
        }
        self.arm(Timer::Heartbeat, out);
    }

    /// Servers of the configuration before the one in force that have not said they reached
    /// it: a removed server is told the commit index until it has caught up to its removal
    /// (and so knows it is out), then no more.
    fn leaving(&self) -> Vec<NodeId> {
        let applied = self.applied_upto();
        let Role::Leader { term, .. } = &self.role else {
            return Vec::new();
        };
        let Some((&from, now)) = self.epochs.range(1..=applied).next_back() else {
            return Vec::new();
        };
        let before = config_at(&self.epochs, &self.peers, from - 1);
        before
            .members()
            .iter()
            .copied()
            .filter(|p| !now.contains(*p))
            .filter(|p| term.progress.get(p).is_none_or(|&a| a < from))
            .collect()
    }

    /// Phase 1a for every slot from the first one not known chosen.
    /// A replica whose ballots are exhausted (it issued round `u64::MAX`) can no longer run.
    pub(super) fn run_for_leader(&mut self, out: &mut Outbox) {
        let Some(ballot) = self.clock.next(self.id) else {
            return;
        };
        let first_slot = self.applied_upto();
        // Promises are counted against the configuration of the first open slot; the later
        // slots' configurations are checked slot by slot before proposing (see `fill`).
        let quorum = self.config_for(first_slot).clone();
        let audience = if self.reconfigurable() {
            self.audience()
        } else {
            self.peers.members().to_vec()
        };
        self.role = Role::Candidate {
            ballot,
            first_slot,
            promises: Tally::new(quorum),
        };
        let prepare = Message::LeaderPrepare { ballot, first_slot };
        out.broadcast(&audience, &prepare);
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
        if self.reconfigurable() {
            return self.on_promise_v3(from, ballot, accepted, out);
        }
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
            term: Box::default(),
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

    /// Revision 3: count a promise as a candidate, or, as leader, a late one (from a server of
    /// a configuration that begins during the term). With a majority, take over: the slots of
    /// the log that may hold a value are queued with the value of their highest-numbered
    /// proposal (P2c slot by slot) or a no-op, and proposed as the window allows.
    fn on_promise_v3(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<SlotProposal>,
        out: &mut Outbox,
    ) {
        match &mut self.role {
            Role::Leader {
                ballot: current,
                next_slot,
                term,
                ..
            } if *current == ballot => {
                let next = *next_slot;
                term.promised_by.insert(from);
                merge_reports(term, accepted.iter().filter(|p| p.slot >= next));
                self.fill(out);
            }
            Role::Candidate {
                ballot: current,
                first_slot,
                promises,
            } if *current == ballot => {
                if promises.grant(from, accepted) != VoteResult::Won {
                    return;
                }
                let first = *first_slot;
                let mut term = Term {
                    promised_by: promises.voters().collect(),
                    takeover_end: first,
                    ..Term::default()
                };
                let reports: Vec<&SlotProposal> = promises
                    .granted()
                    .values()
                    .flatten()
                    .filter(|p| p.slot >= first)
                    .collect();
                merge_reports(&mut term, reports.into_iter());
                // Commands that waited here for a leader, unless already in the log.
                term.queue = self
                    .pending
                    .iter()
                    .filter(|c| !self.applied_ids.contains(&c.id))
                    .cloned()
                    .collect();
                self.role = Role::Leader {
                    ballot,
                    next_slot: first,
                    proposals: BTreeMap::new(),
                    term: Box::new(term),
                };
                self.arm(Timer::Heartbeat, out);
                self.fill(out);
            }
            _ => {}
        }
    }

    /// Revision 3: proposes in every slot it may: the configuration of the slot is known (it is
    /// at most `alpha` beyond the log) and a majority of it promised this ballot. Each such
    /// slot gets its takeover value, a no-op for a takeover gap, the next queued command, or a
    /// no-op while a membership change waits for its first slot. A leader that is not in the
    /// configuration of its next slot proposes no further.
    pub(super) fn fill(&mut self, out: &mut Outbox) {
        let Some(alpha) = self.options.alpha else {
            return;
        };
        loop {
            let window = self.applied_upto() + alpha;
            let Role::Leader {
                ballot,
                next_slot,
                term,
                proposals,
            } = &mut self.role
            else {
                return;
            };
            let slot = *next_slot;
            if slot >= window {
                return;
            }
            let ballot = *ballot;
            let config = config_at(&self.epochs, &self.peers, slot).clone();
            if !config.contains(self.id) {
                // Removed from this slot on: once its own slots are chosen it steps down.
                return self.step_down_if_removed(out);
            }
            let promised = config
                .members()
                .iter()
                .filter(|m| term.promised_by.contains(m))
                .count();
            if config.result(promised, 0) != VoteResult::Won {
                // A new configuration: ask its servers that have not promised this ballot.
                let prepare = Message::LeaderPrepare {
                    ballot,
                    first_slot: slot,
                };
                for &m in config.members() {
                    if !term.promised_by.contains(&m) {
                        out.send(m, prepare.clone());
                    }
                }
                return;
            }
            let command = if slot < term.takeover_end {
                term.reported
                    .remove(&slot)
                    .map_or_else(Command::noop, |p| p.command)
            } else {
                let applied = &self.applied_ids;
                // Chosen but not applied yet: the slots after a gap.
                let waiting = self.chosen.range(self.applied.len() as u64..);
                let chosen: Vec<u64> = waiting.map(|(_, c)| c.id).collect();
                let taken = |c: &Command| {
                    applied.contains(&c.id)
                        || proposals.values().any(|p| p.command.id == c.id)
                        || chosen.contains(&c.id)
                };
                term.queue.retain(|c| !taken(c));
                if !term.queue.is_empty() {
                    term.queue.remove(0)
                } else if self.epochs.range(slot + 1..).next().is_some() {
                    // A membership change waits for its first slot: fill the slots before it
                    // with no-ops, so the new configuration is in force now rather than after
                    // the next few client commands (Paxos Made Simple, section 3).
                    Command::noop()
                } else {
                    return;
                }
            };
            *next_slot += 1;
            self.send_accept(slot, command, out);
        }
    }

    /// A leader removed from the configuration of its next slot, with every slot it proposed
    /// chosen, steps down; the new configuration elects a leader of its own when its election
    /// timeouts run out.
    pub(super) fn step_down_if_removed(&mut self, out: &mut Outbox) {
        if matches!(self.role, Role::Leader { .. }) && !self.eligible() && self.proposals_done() {
            self.role = Role::Follower { leader: None };
            out.cancel_timer(Timer::Heartbeat);
            out.cancel_timer(Timer::Election);
        }
    }

    /// Whether every slot this leader proposed is chosen (it has nothing in flight).
    pub(super) fn proposals_done(&self) -> bool {
        match &self.role {
            Role::Leader {
                proposals,
                next_slot,
                ..
            } => proposals.is_empty() && *next_slot <= self.applied_upto(),
            _ => true,
        }
    }

    /// Leader: the next free slot for a new command.
    pub(super) fn propose(&mut self, command: Command, out: &mut Outbox) {
        if self.reconfigurable() {
            if let Role::Leader { term, .. } = &mut self.role {
                if !term.queue.iter().any(|c| c.id == command.id) {
                    term.queue.push(command);
                }
            }
            return self.fill(out);
        }
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
        // The slot's own configuration chooses it (in revision 2, always every server).
        let config = config_at(&self.epochs, &self.peers, slot).clone();
        out.broadcast(config.members(), &message);
        proposals.insert(
            slot,
            Proposal {
                command,
                voters: Tally::new(config),
                waited: 0,
            },
        );
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

    /// Leader: resend a slot a follower lacks, at the current ballot. In revision 3 any server
    /// that knows the slot chosen sends it, with the chosen slots after it, as a `catchUp`.
    pub(super) fn on_missing(&mut self, from: NodeId, ballot: Ballot, slot: u64, out: &mut Outbox) {
        if self.reconfigurable() && slot < self.applied_upto() {
            let end = self.applied_upto().min(slot + CATCH_UP_CHUNK);
            let commands: Vec<Command> = (slot..end)
                .filter_map(|s| self.chosen.get(&s).cloned())
                .collect();
            return out.send(
                from,
                Message::CatchUp {
                    first: slot,
                    commands,
                },
            );
        }
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

/// Keeps, for each slot, the highest-numbered proposal reported, and extends the takeover to
/// the highest slot reported.
fn merge_reports<'a>(term: &mut Term, reports: impl Iterator<Item = &'a SlotProposal>) {
    for proposal in reports {
        term.takeover_end = term.takeover_end.max(proposal.slot + 1);
        let kept = term
            .reported
            .entry(proposal.slot)
            .or_insert_with(|| proposal.clone());
        if proposal.ballot > kept.ballot {
            *kept = proposal.clone();
        }
    }
}
