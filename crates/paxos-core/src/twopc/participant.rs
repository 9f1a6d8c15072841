//! A two-phase-commit participant (see [the module above](super)): it does its part of a
//! transaction, votes when the coordinator asks, and then carries out the decision.
//!
//! Stable storage: everything. Its part of each transaction (whether it can commit), its votes
//! and its outcomes survive a crash, as a database's log does.
//!
//! Before it votes, a participant has promised nothing, so it may give up: if no prepare comes
//! within `timeout` ticks of doing its part (the prepare was lost, or the coordinator crashed and
//! forgot the transaction), it aborts on its own, and answers no should the prepare still come.
//! After a yes that freedom is gone. A participant that voted yes and has no decision is
//! *uncertain*: it asks the coordinator every `timeout` ticks and can do nothing else. It never
//! decides alone: that is what makes two-phase commit block.

use super::TxState;
use crate::ballot::NodeId;
use crate::message::Message;
use crate::rename::Renaming;
use crate::roles::{Outbox, Output, Request, Role, Timer};
use std::collections::BTreeMap;

/// A two-phase-commit participant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Participant {
    /// Zero-sized; cannot exist in a build without two-phase commit (see [`crate::built`]).
    #[serde(skip)]
    built: crate::built::TwoPhase,
    id: NodeId,
    coordinator: NodeId,
    timeout: u64,
    // Stable storage.
    /// Its part of each transaction: whether it can commit it.
    work: BTreeMap<u64, bool>,
    votes: BTreeMap<u64, bool>,
    outcomes: BTreeMap<u64, bool>,
}

impl Participant {
    /// The same participant with every node renamed (see [`crate::rename`]).
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        Self {
            id: renaming.of(self.id),
            coordinator: renaming.of(self.coordinator),
            ..self.clone()
        }
    }

    /// What it holds of each transaction, without its name: its part (whether it can commit),
    /// its vote and the outcome, by transaction. Renaming nodes does not change it.
    pub fn memory(&self) -> [&BTreeMap<u64, bool>; 3] {
        [&self.work, &self.votes, &self.outcomes]
    }

    /// A participant of `coordinator`'s transactions, asking it again every `timeout` ticks
    /// while uncertain.
    pub fn new(id: NodeId, coordinator: NodeId, timeout: u64) -> Self {
        Self {
            id,
            coordinator,
            timeout,
            work: BTreeMap::new(),
            votes: BTreeMap::new(),
            outcomes: BTreeMap::new(),
            // Last, so that in a build without the protocol the arguments count as used.
            built: crate::built::TwoPhase::new(),
        }
    }

    /// Its id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Where transaction `tx` stands here, if it has heard of it.
    pub fn state(&self, tx: u64) -> Option<TxState> {
        if let Some(&commit) = self.outcomes.get(&tx) {
            return Some(if commit {
                TxState::Committed
            } else {
                TxState::Aborted
            });
        }
        match self.votes.get(&tx) {
            Some(true) => Some(TxState::Uncertain),
            Some(false) => Some(TxState::Aborted),
            None => self.work.contains_key(&tx).then_some(TxState::Working),
        }
    }

    /// Every transaction it has heard of, with its vote (if given) and where it stands.
    pub fn transactions(&self) -> Vec<(u64, Option<bool>, TxState)> {
        let mut ids: Vec<u64> = self
            .work
            .keys()
            .chain(self.votes.keys())
            .chain(self.outcomes.keys())
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|tx| Some((tx, self.votes.get(&tx).copied(), self.state(tx)?)))
            .collect()
    }

    /// Whether it voted yes on some transaction and does not know the outcome.
    pub fn uncertain(&self) -> bool {
        self.votes
            .iter()
            .any(|(tx, &yes)| yes && !self.outcomes.contains_key(tx))
    }

    /// The transactions it did its part of and has not been asked to vote on (nor heard the
    /// outcome of): it may still abort them on its own.
    fn unasked(&self) -> Vec<u64> {
        self.work
            .keys()
            .filter(|tx| !self.votes.contains_key(tx) && !self.outcomes.contains_key(tx))
            .copied()
            .collect()
    }

    /// Whether it has something to wait for: a decision (uncertain) or a prepare.
    fn waiting(&self) -> bool {
        self.uncertain() || !self.unasked().is_empty()
    }

    fn on_prepare(&mut self, tx: u64, out: &mut Outbox) {
        if let Some(&yes) = self.votes.get(&tx) {
            // Asked again (the coordinator restarted, or a copy): the same vote.
            out.send(self.coordinator, Message::TxVote { tx, yes });
            return;
        }
        // A transaction it never did its part of (it was down) gets a no.
        let yes = self.work.get(&tx).copied().unwrap_or(false) && !self.outcomes.contains_key(&tx);
        self.votes.insert(tx, yes);
        out.push(Output::TxVoted { tx, yes });
        if yes {
            // From here on it may neither commit nor abort alone.
            out.set_timer(Timer::Retry, self.timeout);
        } else if let std::collections::btree_map::Entry::Vacant(e) = self.outcomes.entry(tx) {
            // A no is a unilateral abort: whatever the others say, this cannot commit.
            e.insert(false);
            out.push(Output::TxOutcome { tx, commit: false });
        }
        out.send(self.coordinator, Message::TxVote { tx, yes });
    }

    fn on_decision(&mut self, tx: u64, commit: bool, out: &mut Outbox) {
        if let std::collections::btree_map::Entry::Vacant(e) = self.outcomes.entry(tx) {
            e.insert(commit);
            out.push(Output::TxOutcome { tx, commit });
        }
        out.send(self.coordinator, Message::TxAck { tx });
        if !self.waiting() {
            out.cancel_timer(Timer::Retry);
        }
    }

    /// The timer: a transaction whose prepare has not come is aborted here (nothing was
    /// promised); one it is uncertain about, it asks the coordinator about again.
    fn on_timer(&mut self, out: &mut Outbox) {
        for tx in self.unasked() {
            self.outcomes.insert(tx, false);
            out.push(Output::TxOutcome { tx, commit: false });
        }
        let waiting: Vec<u64> = self
            .votes
            .iter()
            .filter(|(tx, &yes)| yes && !self.outcomes.contains_key(tx))
            .map(|(&tx, _)| tx)
            .collect();
        for &tx in &waiting {
            out.send(self.coordinator, Message::TxQuery { tx });
        }
        if !waiting.is_empty() {
            out.set_timer(Timer::Retry, self.timeout);
        }
    }
}

impl Role for Participant {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        if from != self.coordinator {
            return;
        }
        match *message {
            Message::TxPrepare { tx } => self.on_prepare(tx, out),
            Message::TxDecision { tx, commit } => self.on_decision(tx, commit, out),
            _ => {}
        }
    }

    fn on_timeout(&mut self, timer: Timer, out: &mut Outbox) {
        if timer == Timer::Retry {
            self.on_timer(out);
        }
    }

    fn on_request(&mut self, request: &Request, out: &mut Outbox) {
        if let Request::Work { tx, yes } = *request {
            if let std::collections::btree_map::Entry::Vacant(e) = self.work.entry(tx) {
                e.insert(yes);
                // Wait this long for the prepare. Every transaction not yet asked about has
                // waited at least `timeout` when the timer fires: it is always set afresh.
                out.set_timer(Timer::Retry, self.timeout);
            }
        }
    }

    /// Everything is on stable storage: nothing to forget.
    fn on_crash(&mut self) {}

    fn on_start(&mut self, out: &mut Outbox) {
        if self.waiting() {
            out.set_timer(Timer::Retry, self.timeout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: NodeId = NodeId(0);

    fn participant(yes: bool) -> Participant {
        let mut p = Participant::new(NodeId(1), C, 40);
        p.on_request(&Request::Work { tx: 1, yes }, &mut Outbox::new());
        p
    }

    #[test]
    fn a_yes_leaves_it_uncertain_until_the_decision() {
        let mut p = participant(true);
        let mut out = Outbox::new();
        p.on_message(C, &Message::TxPrepare { tx: 1 }, &mut out);
        assert_eq!(p.state(1), Some(TxState::Uncertain));
        assert!(out
            .drain_messages()
            .contains(&(C, Message::TxVote { tx: 1, yes: true })));
        // Uncertain: all it can do is ask, again and again.
        p.on_timeout(Timer::Retry, &mut out);
        assert_eq!(out.drain_messages(), vec![(C, Message::TxQuery { tx: 1 })]);
        p.on_crash();
        p.on_start(&mut out);
        assert_eq!(
            p.state(1),
            Some(TxState::Uncertain),
            "a crash changes nothing"
        );
        p.on_message(
            C,
            &Message::TxDecision {
                tx: 1,
                commit: true,
            },
            &mut out,
        );
        assert_eq!(p.state(1), Some(TxState::Committed));
    }

    #[test]
    fn a_no_aborts_at_once() {
        let mut p = participant(false);
        let mut out = Outbox::new();
        p.on_message(C, &Message::TxPrepare { tx: 1 }, &mut out);
        assert_eq!(p.state(1), Some(TxState::Aborted));
        assert!(out.outputs().contains(&Output::TxOutcome {
            tx: 1,
            commit: false
        }));
    }

    #[test]
    fn a_participant_never_asked_to_vote_gives_up_and_then_says_no() {
        // The prepare never comes: it has promised nothing, so after its timeout it aborts.
        let mut p = Participant::new(NodeId(1), C, 40);
        let mut out = Outbox::new();
        p.on_request(&Request::Work { tx: 1, yes: true }, &mut out);
        assert_eq!(
            out.drain(),
            vec![Output::SetTimer {
                timer: Timer::Retry,
                delay: 40
            }]
        );
        assert_eq!(p.state(1), Some(TxState::Working));
        p.on_crash();
        p.on_start(&mut out);
        assert_eq!(out.drain().len(), 1, "the wait goes on after a restart");
        p.on_timeout(Timer::Retry, &mut out);
        assert_eq!(
            out.drain(),
            vec![Output::TxOutcome {
                tx: 1,
                commit: false
            }],
            "aborted alone, nothing to ask, no timer"
        );
        assert_eq!(p.state(1), Some(TxState::Aborted));
        // A late prepare gets a no, so the coordinator cannot commit without it.
        p.on_message(C, &Message::TxPrepare { tx: 1 }, &mut out);
        assert_eq!(
            out.drain_messages(),
            vec![(C, Message::TxVote { tx: 1, yes: false })]
        );
    }

    #[test]
    fn after_a_yes_the_timer_only_asks() {
        // Uncertain: the timer never aborts what it voted yes on.
        let mut p = participant(true);
        let mut out = Outbox::new();
        p.on_message(C, &Message::TxPrepare { tx: 1 }, &mut out);
        out.drain();
        for _ in 0..3 {
            p.on_timeout(Timer::Retry, &mut out);
            assert!(!out
                .outputs()
                .iter()
                .any(|o| matches!(o, Output::TxOutcome { .. })));
            out.drain();
        }
        assert_eq!(p.state(1), Some(TxState::Uncertain));
    }

    #[test]
    fn an_unknown_transaction_gets_a_no_and_a_repeated_prepare_the_same_vote() {
        let mut p = Participant::new(NodeId(1), C, 40);
        let mut out = Outbox::new();
        p.on_message(C, &Message::TxPrepare { tx: 7 }, &mut out);
        out.drain();
        p.on_message(C, &Message::TxPrepare { tx: 7 }, &mut out);
        assert_eq!(
            out.drain_messages(),
            vec![(C, Message::TxVote { tx: 7, yes: false })]
        );
    }
}
