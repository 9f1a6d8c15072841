//! The two-phase-commit coordinator (see [the module above](super)): it asks every participant
//! to vote, decides commit only on a yes from all of them, writes the decision to its stable log,
//! then sends it until every participant acknowledges.
//!
//! Stable storage: the decision of each transaction. A crash loses the votes being collected
//! and who has acknowledged; a restarted coordinator answers a query about a transaction it has
//! no decision for with abort (presumed abort).

use super::TxState;
use crate::ballot::NodeId;
use crate::message::Message;
use crate::quorum::{Quorum, Tally, VoteResult};
use crate::rename::Renaming;
use crate::roles::{Outbox, Output, Request, Role, Timer};
use std::collections::{BTreeMap, BTreeSet};

/// A two-phase-commit coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Coordinator {
    /// Zero-sized; cannot exist in a build without two-phase commit (see [`crate::built`]).
    #[serde(skip)]
    built: crate::built::TwoPhase,
    id: NodeId,
    /// Every participant; a commit needs a yes from each (unless sabotaged: a majority).
    voters: Quorum,
    timeout: u64,
    // Stable storage.
    decisions: BTreeMap<u64, bool>,
    // Volatile.
    voting: BTreeMap<u64, Tally>,
    unacked: BTreeMap<u64, BTreeSet<NodeId>>,
}

impl Coordinator {
    /// The same coordinator with every node renamed (see [`crate::rename`]): the votes and
    /// acknowledgements it holds are under the participants' new names.
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        Self {
            id: renaming.of(self.id),
            voters: self.voters.renamed(renaming),
            voting: self
                .voting
                .iter()
                .map(|(tx, tally)| (*tx, tally.renamed(renaming, |_| ())))
                .collect(),
            unacked: self
                .unacked
                .iter()
                .map(|(tx, nodes)| (*tx, nodes.iter().map(|&n| renaming.of(n)).collect()))
                .collect(),
            ..self.clone()
        }
    }

    /// A coordinator of `participants`, waiting `timeout` ticks for votes before it aborts. With
    /// `ignores_votes` (a broken rule) it commits on a majority of yes votes.
    pub fn new(id: NodeId, participants: &[NodeId], timeout: u64, ignores_votes: bool) -> Self {
        let members = participants.iter().copied();
        let voters = if ignores_votes {
            Quorum::majority(members)
        } else {
            Quorum::of_size(members, participants.len())
        };
        Self {
            id,
            voters,
            timeout,
            decisions: BTreeMap::new(),
            voting: BTreeMap::new(),
            unacked: BTreeMap::new(),
            // Last, so that in a build without the protocol the arguments count as used.
            built: crate::built::TwoPhase::new(),
        }
    }

    /// Its id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Every transaction it knows of, with where it stands, in id order.
    pub fn transactions(&self) -> Vec<(u64, TxState)> {
        let mut all: BTreeMap<u64, TxState> = self
            .decisions
            .iter()
            .map(|(&tx, &commit)| (tx, outcome(commit)))
            .collect();
        for &tx in self.voting.keys() {
            all.entry(tx).or_insert(TxState::Voting);
        }
        all.into_iter().collect()
    }

    /// The yes votes collected for `tx` while it is being voted on.
    pub fn yes_votes(&self, tx: u64) -> Vec<NodeId> {
        self.voting
            .get(&tx)
            .map(|t| t.voters().collect())
            .unwrap_or_default()
    }

    /// The participants that have not yet acknowledged the decision on `tx`.
    pub fn unacked(&self, tx: u64) -> Vec<NodeId> {
        self.unacked
            .get(&tx)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The decision on `tx`, if made.
    pub fn decision(&self, tx: u64) -> Option<bool> {
        self.decisions.get(&tx).copied()
    }

    fn participants(&self) -> Vec<NodeId> {
        self.voters.members().to_vec()
    }

    /// Phase 1: ask every participant to vote.
    fn begin(&mut self, tx: u64, out: &mut Outbox) {
        if self.decisions.contains_key(&tx) || self.voting.contains_key(&tx) {
            return;
        }
        self.voting.insert(tx, Tally::new(self.voters.clone()));
        out.broadcast(&self.participants(), &Message::TxPrepare { tx });
        out.set_timer(Timer::Retry, self.timeout);
    }

    fn on_vote(&mut self, from: NodeId, tx: u64, yes: bool, out: &mut Outbox) {
        if let Some(votes) = self.voting.get_mut(&tx) {
            let result = if yes {
                votes.vote(from)
            } else {
                votes.refuse(from)
            };
            match result {
                VoteResult::Won => self.decide(tx, true, out),
                VoteResult::Lost => self.decide(tx, false, out),
                VoteResult::Pending => {}
            }
        } else if let Some(&commit) = self.decisions.get(&tx) {
            // A vote repeated after the decision: tell that participant again.
            out.send(from, Message::TxDecision { tx, commit });
        }
    }

    /// Phase 2: log the decision, then send it to every participant.
    fn decide(&mut self, tx: u64, commit: bool, out: &mut Outbox) {
        self.voting.remove(&tx);
        self.decisions.insert(tx, commit);
        out.push(Output::TxDecided { tx, commit });
        let participants = self.participants();
        self.unacked
            .insert(tx, participants.iter().copied().collect());
        out.broadcast(&participants, &Message::TxDecision { tx, commit });
        out.set_timer(Timer::Retry, self.timeout);
    }

    fn on_query(&mut self, from: NodeId, tx: u64, out: &mut Outbox) {
        if let Some(&commit) = self.decisions.get(&tx) {
            out.send(from, Message::TxDecision { tx, commit });
        } else if !self.voting.contains_key(&tx) {
            // No decision in the log and no vote under way: it never decided commit, so
            // nobody committed. Presumed abort.
            self.decide(tx, false, out);
        }
    }

    /// The timer: votes that took too long abort the transaction; decisions not yet
    /// acknowledged are sent again.
    fn on_timer(&mut self, out: &mut Outbox) {
        let mut again = false;
        for (&tx, waiting) in &self.unacked {
            if let Some(&commit) = self.decisions.get(&tx) {
                for &p in waiting {
                    out.send(p, Message::TxDecision { tx, commit });
                    again = true;
                }
            }
        }
        if again {
            out.set_timer(Timer::Retry, self.timeout);
        }
        let late: Vec<u64> = self.voting.keys().copied().collect();
        for tx in late {
            self.decide(tx, false, out);
        }
    }
}

fn outcome(commit: bool) -> TxState {
    if commit {
        TxState::Committed
    } else {
        TxState::Aborted
    }
}

impl Role for Coordinator {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        match *message {
            Message::TxVote { tx, yes } => self.on_vote(from, tx, yes, out),
            Message::TxAck { tx } => {
                if let Some(waiting) = self.unacked.get_mut(&tx) {
                    waiting.remove(&from);
                    if waiting.is_empty() {
                        self.unacked.remove(&tx);
                    }
                }
            }
            Message::TxQuery { tx } => self.on_query(from, tx, out),
            _ => {}
        }
    }

    fn on_timeout(&mut self, timer: Timer, out: &mut Outbox) {
        if timer == Timer::Retry {
            self.on_timer(out);
        }
    }

    fn on_request(&mut self, request: &Request, out: &mut Outbox) {
        if let Request::Begin(tx) = request {
            self.begin(*tx, out);
        }
    }

    fn on_crash(&mut self) {
        self.voting.clear();
        self.unacked.clear();
    }

    fn on_start(&mut self, _out: &mut Outbox) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: [NodeId; 3] = [NodeId(1), NodeId(2), NodeId(3)];

    fn sent(out: &mut Outbox) -> Vec<(NodeId, Message)> {
        out.drain_messages()
    }

    fn decided(out: &Outbox) -> Option<bool> {
        out.outputs().iter().find_map(|o| match o {
            Output::TxDecided { commit, .. } => Some(*commit),
            _ => None,
        })
    }

    #[test]
    fn it_commits_only_on_a_yes_from_every_participant() {
        let mut c = Coordinator::new(NodeId(0), &P, 50, false);
        let mut out = Outbox::new();
        c.on_request(&Request::Begin(1), &mut out);
        assert_eq!(sent(&mut out).len(), 3, "prepare to every participant");
        c.on_message(P[0], &Message::TxVote { tx: 1, yes: true }, &mut out);
        c.on_message(P[1], &Message::TxVote { tx: 1, yes: true }, &mut out);
        assert_eq!(decided(&out), None, "two of three is not enough");
        c.on_message(P[2], &Message::TxVote { tx: 1, yes: true }, &mut out);
        assert_eq!(decided(&out), Some(true));
        assert_eq!(c.decision(1), Some(true));
    }

    #[test]
    fn one_no_aborts() {
        let mut c = Coordinator::new(NodeId(0), &P, 50, false);
        let mut out = Outbox::new();
        c.on_request(&Request::Begin(1), &mut out);
        c.on_message(P[1], &Message::TxVote { tx: 1, yes: false }, &mut out);
        assert_eq!(decided(&out), Some(false));
    }

    #[test]
    fn the_broken_coordinator_commits_on_a_majority() {
        let mut c = Coordinator::new(NodeId(0), &P, 50, true);
        let mut out = Outbox::new();
        c.on_request(&Request::Begin(1), &mut out);
        c.on_message(P[0], &Message::TxVote { tx: 1, yes: false }, &mut out);
        c.on_message(P[1], &Message::TxVote { tx: 1, yes: true }, &mut out);
        c.on_message(P[2], &Message::TxVote { tx: 1, yes: true }, &mut out);
        assert_eq!(decided(&out), Some(true), "commits although P1 said no");
    }

    #[test]
    fn a_restarted_coordinator_presumes_abort_and_keeps_its_decisions() {
        let mut c = Coordinator::new(NodeId(0), &P, 50, false);
        let mut out = Outbox::new();
        c.on_request(&Request::Begin(1), &mut out);
        c.on_request(&Request::Begin(2), &mut out);
        for p in P {
            c.on_message(p, &Message::TxVote { tx: 2, yes: true }, &mut out);
        }
        c.on_crash();
        out.drain();
        c.on_message(P[0], &Message::TxQuery { tx: 1 }, &mut out);
        assert_eq!(
            decided(&out),
            Some(false),
            "no decision logged for 1: abort"
        );
        out.drain();
        c.on_message(P[0], &Message::TxQuery { tx: 2 }, &mut out);
        assert_eq!(
            sent(&mut out),
            vec![(
                P[0],
                Message::TxDecision {
                    tx: 2,
                    commit: true
                }
            )],
            "the logged commit survives the crash"
        );
    }

    #[test]
    fn votes_that_take_too_long_abort_and_decisions_are_resent_until_acknowledged() {
        let mut c = Coordinator::new(NodeId(0), &P, 50, false);
        let mut out = Outbox::new();
        c.on_request(&Request::Begin(1), &mut out);
        out.drain();
        c.on_timeout(Timer::Retry, &mut out);
        assert_eq!(decided(&out), Some(false));
        out.drain();
        c.on_message(P[0], &Message::TxAck { tx: 1 }, &mut out);
        c.on_timeout(Timer::Retry, &mut out);
        let resent: Vec<NodeId> = sent(&mut out).into_iter().map(|(to, _)| to).collect();
        assert_eq!(resent, vec![P[1], P[2]]);
    }
}
