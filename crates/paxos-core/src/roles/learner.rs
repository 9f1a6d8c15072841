//! The learner (Paxos Made Simple, section 2.4).
//!
//! Every acceptor tells every learner what it accepts (`accepted(ballot, value)`). A learner
//! counts those notifications per ballot, each acceptor once; when a majority of acceptors has
//! accepted the same ballot, that ballot's value is chosen and the learner has learned it.
//!
//! With protocol revision 2 a learner also says so: when it learns, it sends `learned` to the
//! proposer of the ballot it learned, and it answers every `decide(ballot, value)` (a proposer
//! telling it what was chosen, see [`proposer`](super::proposer)) with `learned`, learning the
//! value first if it had not. That is how a learner that missed the acceptors' messages still
//! learns.
//!
//! What a learner has learned is kept on stable storage and never changes (integrity). Its tally
//! is volatile: after a crash it counts afresh, and may need a later round to learn at all, which
//! the paper notes too ("a learner can find out what value has been chosen by ... having a
//! proposer issue a proposal").

use super::{Learned, Outbox, Output, Request, Role, Timer};
use crate::ballot::{Ballot, NodeId};
use crate::message::{Message, Proposal, Value};
use crate::quorum::{Quorum, Tally, VoteResult};
use crate::rename::Renaming;
use crate::vecmap::VecMap;

/// A learner.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Learner {
    id: NodeId,
    /// The acceptors it listens to, and how many of them make a value chosen.
    acceptors: Quorum,
    /// Durable: what was learned.
    learned: Option<Proposal>,
    /// Protocol revision 2: acknowledge what it learned, and learn from `decide`.
    acknowledge: bool,
    /// Volatile: which acceptors accepted each ballot, and its value.
    votes: VecMap<Ballot, (Value, Tally)>,
}

impl Learner {
    /// A learner that listens to the members of `acceptors`.
    pub fn new(id: NodeId, acceptors: Quorum, acknowledge: bool) -> Self {
        Self {
            id,
            acceptors,
            learned: None,
            acknowledge,
            votes: VecMap::new(),
        }
    }

    /// The same learner with every node renamed (see [`crate::rename`]).
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        Self {
            id: renaming.of(self.id),
            acceptors: self.acceptors.renamed(renaming),
            learned: self.learned.as_ref().map(|p| renaming.proposal(p)),
            acknowledge: self.acknowledge,
            votes: self
                .votes
                .iter()
                .map(|(b, (value, tally))| {
                    (
                        renaming.ballot(*b),
                        (value.clone(), tally.renamed(renaming, |_| ())),
                    )
                })
                .collect(),
        }
    }

    /// What this learner learned, if anything.
    pub fn learned(&self) -> Option<&Proposal> {
        self.learned.as_ref()
    }

    /// The largest number of acceptors seen to accept any one ballot (progress towards learning).
    pub fn best_tally(&self) -> usize {
        self.votes
            .values()
            .map(|(_, v)| v.count())
            .max()
            .unwrap_or(0)
    }

    /// Handles `accepted(ballot, value)` from an acceptor.
    pub fn on_accepted(&mut self, from: NodeId, ballot: Ballot, value: Value, out: &mut Outbox) {
        if !self.acceptors.contains(from) || self.learned.is_some() {
            return;
        }
        let (ballot_value, voters) = self
            .votes
            .entry(ballot)
            .or_insert_with(|| (value, Tally::new(self.acceptors.clone())));
        if voters.vote(from) == VoteResult::Won {
            let proposal = Proposal {
                ballot,
                value: ballot_value.clone(),
            };
            self.learn(proposal, out);
            if self.acknowledge {
                out.send(ballot.node, Message::Learned { ballot });
            }
        }
    }

    fn learn(&mut self, proposal: Proposal, out: &mut Outbox) {
        self.learned = Some(proposal.clone());
        self.votes.clear();
        out.push(Output::Learned(Learned::Value(proposal)));
    }

    /// A proposer says `value` was chosen at `ballot`: learn it if not learned yet, and say so.
    pub fn on_decide(&mut self, from: NodeId, ballot: Ballot, value: Value, out: &mut Outbox) {
        if !self.acknowledge {
            return;
        }
        if self.learned.is_none() {
            self.learn(Proposal { ballot, value }, out);
        }
        let ballot = self.learned.as_ref().map_or(ballot, |p| p.ballot);
        out.send(from, Message::Learned { ballot });
    }

    /// A crash: keep what was learned, forget the tally.
    pub fn crash(&mut self) {
        self.votes.clear();
    }

    /// The learner's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
}

impl Role for Learner {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        match message {
            Message::Accepted { ballot, value } => {
                self.on_accepted(from, *ballot, value.clone(), out)
            }
            Message::Decide { ballot, value } => self.on_decide(from, *ballot, value.clone(), out),
            _ => {}
        }
    }

    fn on_timeout(&mut self, _timer: Timer, _out: &mut Outbox) {}

    fn on_request(&mut self, _request: &Request, _out: &mut Outbox) {}

    fn on_crash(&mut self) {
        self.crash();
    }

    fn on_start(&mut self, _out: &mut Outbox) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Output;

    const A: [NodeId; 3] = [NodeId(1), NodeId(2), NodeId(3)];

    #[test]
    fn learns_once_a_majority_accepted_the_same_ballot() {
        // Section 2.4: learn a value once a majority of acceptors accepted it.
        let mut l = Learner::new(NodeId(0), Quorum::majority(A), false);
        let mut out = Outbox::new();
        let b = Ballot::new(1, NodeId(5));
        l.on_accepted(A[0], b, "v".into(), &mut out);
        l.on_accepted(A[0], b, "v".into(), &mut out);
        assert_eq!(l.learned(), None, "one acceptor twice is not a majority");
        l.on_accepted(A[2], b, "v".into(), &mut out);
        let expected = Proposal {
            ballot: b,
            value: "v".into(),
        };
        assert_eq!(l.learned(), Some(&expected));
        assert_eq!(out.drain(), vec![Output::Learned(Learned::Value(expected))]);
    }

    #[test]
    fn acceptances_at_different_ballots_do_not_add_up() {
        // "Chosen" needs a majority at one ballot, not a majority of the same value overall.
        let mut l = Learner::new(NodeId(0), Quorum::majority(A), false);
        let mut out = Outbox::new();
        l.on_accepted(A[0], Ballot::new(1, NodeId(5)), "v".into(), &mut out);
        l.on_accepted(A[1], Ballot::new(2, NodeId(6)), "v".into(), &mut out);
        assert_eq!(l.learned(), None);
    }

    #[test]
    fn what_was_learned_never_changes_and_survives_a_crash() {
        // Integrity: a learner never changes what it learned.
        let mut l = Learner::new(NodeId(0), Quorum::majority(A), false);
        let mut out = Outbox::new();
        let b1 = Ballot::new(1, NodeId(5));
        let b2 = Ballot::new(2, NodeId(6));
        l.on_accepted(A[0], b1, "v".into(), &mut out);
        l.on_accepted(A[1], b1, "v".into(), &mut out);
        l.crash();
        l.on_accepted(A[0], b2, "w".into(), &mut out);
        l.on_accepted(A[1], b2, "w".into(), &mut out);
        assert_eq!(l.learned().map(|p| p.value.as_str()), Some("v"));
    }

    #[test]
    fn ignores_nodes_that_are_not_acceptors() {
        let mut l = Learner::new(NodeId(0), Quorum::majority(A), false);
        let mut out = Outbox::new();
        let b = Ballot::new(1, NodeId(5));
        l.on_accepted(NodeId(7), b, "v".into(), &mut out);
        l.on_accepted(NodeId(8), b, "v".into(), &mut out);
        assert_eq!(l.learned(), None);
    }

    #[test]
    fn with_revision_2_it_acknowledges_and_learns_from_a_decide() {
        let mut l = Learner::new(NodeId(0), Quorum::majority(A), true);
        let mut out = Outbox::new();
        let b = Ballot::new(1, NodeId(5));
        l.on_accepted(A[0], b, "v".into(), &mut out);
        l.on_accepted(A[1], b, "v".into(), &mut out);
        assert_eq!(
            out.drain_messages(),
            vec![(NodeId(5), Message::Learned { ballot: b })],
            "tells the proposer of the ballot it learned"
        );
        let mut missed = Learner::new(NodeId(0), Quorum::majority(A), true);
        missed.on_decide(NodeId(5), b, "v".into(), &mut out);
        assert_eq!(missed.learned().map(|p| p.value.as_str()), Some("v"));
        missed.on_decide(NodeId(6), Ballot::new(4, NodeId(6)), "v".into(), &mut out);
        assert_eq!(
            out.drain_messages().last(),
            Some(&(NodeId(6), Message::Learned { ballot: b })),
            "a learner that knows answers with what it learned"
        );
    }
}
