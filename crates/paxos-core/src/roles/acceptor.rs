//! The acceptor (Paxos Made Simple, section 2.2, phases 1b and 2b).
//!
//! * **Phase 1b.** On `prepare(n)`: if `n` is not below any ballot it has promised, the acceptor
//!   promises `n` (it will never again accept a proposal numbered less than `n`) and answers with
//!   the highest-numbered proposal it has accepted, if any. A repeated `prepare(n)` for the ballot
//!   it already promised is answered again with the same promise, so duplicated or lost replies
//!   do no harm.
//! * **Phase 2b.** On `accept(n, v)`: it accepts unless it has promised a ballot above `n`.
//!   Accepting also promises `n`. It tells the proposer and every learner (`accepted(n, v)`).
//! * Otherwise it answers with `reject(n, promised)`, the optional optimisation of section 2.2, so
//!   the proposer can abandon `n` and retry above `promised` at once.
//!
//! With a *ballot ceiling* `c`, an acceptor refuses (`refused(n, c)`) any ballot whose round is
//! more than `c` above the highest round it has promised: a proposer that jumps to round
//! `u64::MAX` (the seeds' INT_MAX proposer) can then never capture the acceptors. A correct
//! proposer goes one round above what it has seen on each retry, so it stays under the ceiling
//! while it hears from the acceptors; but one cut off from them for more than `c` retries climbs
//! past it on its own and is then refused for good, like the INT_MAX proposer (and acceptors
//! that drifted apart can refuse each other's followers), and a refused proposer backs off and
//! retries higher still. The soak (`cargo xtask soak`) counts such runs apart: 1,964 of its
//! 100,000 Basic Paxos schedules, all with a ceiling set. The ceiling trades some liveness for
//! protection from one runaway proposer; safety never depends on it.
//!
//! Everything an acceptor knows is on stable storage: "an acceptor must remember this information
//! even if it fails and then restarts" (section 2.2). A crash therefore changes nothing here.

use super::{Outbox, Output, Request, Role, Timer};
use crate::ballot::{Ballot, NodeId};
use crate::message::{Message, Proposal, Value};
use crate::rename::Renaming;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The acceptor's state; all of it survives a crash.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AcceptorState {
    /// The highest ballot promised (by a promise or by accepting).
    pub promised: Option<Ballot>,
    /// The highest-numbered proposal accepted.
    pub accepted: Option<Proposal>,
}

/// An acceptor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Acceptor {
    id: NodeId,
    /// Who hears about every acceptance (shared by every acceptor of the cluster).
    learners: Arc<[NodeId]>,
    state: AcceptorState,
    ignore_promises: bool,
    /// Broken: accept only the first value seen, never another.
    first_value_only: bool,
    /// Broken: no stable storage; a crash forgets everything.
    amnesiac: bool,
    /// Refuse rounds more than this above the highest promised (see the module docs).
    ceiling: Option<u64>,
}

impl Acceptor {
    /// An acceptor that reports what it accepts to `learners`.
    pub fn new(id: NodeId, learners: Arc<[NodeId]>) -> Self {
        Self {
            id,
            learners,
            state: AcceptorState::default(),
            ignore_promises: false,
            first_value_only: false,
            amnesiac: false,
            ceiling: None,
        }
    }

    /// A deliberately broken acceptor that accepts the first value it sees and refuses every
    /// other, whatever the ballots ([`Sabotage::AcceptFirstValue`](crate::config::Sabotage)).
    pub fn first_value_only(mut self) -> Self {
        self.first_value_only = true;
        self
    }

    /// A deliberately broken acceptor without stable storage: a crash forgets its promise and
    /// accepted proposal ([`Sabotage::AcceptorForgetsOnRestart`](crate::config::Sabotage)).
    pub fn amnesiac(mut self) -> Self {
        self.amnesiac = true;
        self
    }

    /// An acceptor with a ballot ceiling (see the module docs).
    pub fn with_ceiling(mut self, ceiling: Option<u64>) -> Self {
        self.ceiling = ceiling;
        self
    }

    /// With a ceiling, refuses a ballot too far above the highest round promised; says whether
    /// it did.
    fn refuses(&self, from: NodeId, ballot: Ballot, out: &mut Outbox) -> bool {
        let Some(ceiling) = self.ceiling else {
            return false;
        };
        let seen = self.state.promised.map_or(0, |b| b.round);
        let too_high = ballot.round > seen.saturating_add(ceiling);
        if too_high {
            out.send(from, Message::Refused { ballot, ceiling });
        }
        too_high
    }

    /// A deliberately broken acceptor that accepts any proposal, whatever it promised. Only for
    /// showing that the safety checks catch a broken rule; see
    /// [`Sabotage::AcceptorIgnoresPromises`](crate::config::Sabotage::AcceptorIgnoresPromises).
    pub fn ignoring_promises(mut self) -> Self {
        self.ignore_promises = true;
        self
    }

    /// The acceptor's (durable) state.
    pub fn state(&self) -> &AcceptorState {
        &self.state
    }

    /// Whether a ballot may be promised or accepted: nothing higher has been promised.
    fn admits(&self, ballot: Ballot) -> bool {
        self.state
            .promised
            .is_none_or(|promised| ballot >= promised)
    }

    /// Handles `prepare(ballot)` from a proposer.
    pub fn on_prepare(&mut self, from: NodeId, ballot: Ballot, out: &mut Outbox) {
        if self.refuses(from, ballot, out) {
            return;
        }
        if self.admits(ballot) {
            self.state.promised = Some(ballot);
            out.push(Output::Promised(ballot));
            let accepted = self.state.accepted.clone();
            out.send(from, Message::Promise { ballot, accepted });
        } else {
            self.reject(from, ballot, out);
        }
    }

    /// Handles `accept(ballot, value)` from a proposer.
    pub fn on_accept(&mut self, from: NodeId, ballot: Ballot, value: Value, out: &mut Outbox) {
        if self.refuses(from, ballot, out) {
            return;
        }
        let admitted = if self.first_value_only {
            // The naive acceptor: the first value wins, ballots do not matter.
            self.state
                .accepted
                .as_ref()
                .is_none_or(|p| p.value == value)
        } else {
            self.admits(ballot) || self.ignore_promises
        };
        if admitted {
            // Accepting `ballot` is also a promise not to accept anything below it. The broken
            // acceptor still never lowers its promise, so promise monotonicity holds and it is
            // agreement that breaks.
            let promised = self.state.promised.max(Some(ballot)).unwrap_or(ballot);
            self.state.promised = Some(promised);
            self.state.accepted = Some(Proposal {
                ballot,
                value: value.clone(),
            });
            out.push(Output::Promised(promised));
            out.push(Output::Accepted {
                slot: 0,
                ballot,
                value: value.clone(),
            });
            let reply = Message::Accepted { ballot, value };
            out.send(from, reply.clone());
            for &learner in self.learners.iter() {
                if learner != from {
                    out.send(learner, reply.clone());
                }
            }
        } else {
            self.reject(from, ballot, out);
        }
    }

    fn reject(&self, from: NodeId, ballot: Ballot, out: &mut Outbox) {
        let promised = self.state.promised.or_else(|| {
            // The first-value acceptor may refuse without having promised anything higher.
            self.first_value_only.then_some(ballot)
        });
        if let Some(promised) = promised {
            out.send(from, Message::Reject { ballot, promised });
        }
    }

    /// The same acceptor with every node renamed (see [`crate::rename`]).
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        Self {
            id: renaming.of(self.id),
            learners: renaming.all(&self.learners).into(),
            state: AcceptorState {
                promised: self.state.promised.map(|b| renaming.ballot(b)),
                accepted: self.state.accepted.as_ref().map(|p| renaming.proposal(p)),
            },
            ..self.clone()
        }
    }

    /// The acceptor's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
}

impl Role for Acceptor {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        match message {
            Message::Prepare { ballot } => self.on_prepare(from, *ballot, out),
            Message::Accept { ballot, value } => self.on_accept(from, *ballot, value.clone(), out),
            _ => {}
        }
    }

    fn on_timeout(&mut self, _timer: Timer, _out: &mut Outbox) {}

    fn on_request(&mut self, _request: &Request, _out: &mut Outbox) {}

    /// Everything an acceptor knows is on stable storage: a crash changes nothing (unless it is
    /// the broken acceptor without stable storage).
    fn on_crash(&mut self) {
        if self.amnesiac {
            self.state = AcceptorState::default();
        }
    }

    fn on_start(&mut self, _out: &mut Outbox) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Output;

    const P1: NodeId = NodeId(1);
    const P2: NodeId = NodeId(2);
    const L: NodeId = NodeId(9);

    fn b(round: u64, node: NodeId) -> Ballot {
        Ballot::new(round, node)
    }

    /// The messages sent; the other outputs must be what it wrote to stable storage.
    fn sent(out: &mut Outbox) -> Vec<(NodeId, Message)> {
        out.drain()
            .into_iter()
            .filter_map(|o| match o {
                Output::Send { to, message } => Some((to, message)),
                Output::Promised(_) | Output::Accepted { .. } => None,
                other => panic!("an acceptor only sends and persists, got {other:?}"),
            })
            .collect()
    }

    fn learners(ids: &[NodeId]) -> Arc<[NodeId]> {
        ids.into()
    }

    #[test]
    fn promises_a_fresh_ballot_and_reports_nothing_accepted() {
        // Phase 1b: respond to prepare(n) with a promise and the highest accepted proposal.
        let mut a = Acceptor::new(NodeId(0), learners(&[L]));
        let mut out = Outbox::new();
        a.on_prepare(P1, b(1, P1), &mut out);
        assert_eq!(
            sent(&mut out),
            vec![(
                P1,
                Message::Promise {
                    ballot: b(1, P1),
                    accepted: None
                }
            )]
        );
        assert_eq!(a.state().promised, Some(b(1, P1)));
    }

    #[test]
    fn a_promise_reports_the_highest_accepted_proposal() {
        // Phase 1b: the promise carries the highest-numbered proposal accepted so far.
        let mut a = Acceptor::new(NodeId(0), learners(&[L]));
        let mut out = Outbox::new();
        a.on_accept(P1, b(1, P1), "x".into(), &mut out);
        out.drain();
        a.on_prepare(P2, b(2, P2), &mut out);
        let expected = Proposal {
            ballot: b(1, P1),
            value: "x".into(),
        };
        assert_eq!(
            sent(&mut out),
            vec![(
                P2,
                Message::Promise {
                    ballot: b(2, P2),
                    accepted: Some(expected)
                }
            )]
        );
    }

    #[test]
    fn never_promises_below_its_promise_and_says_why() {
        // Phase 1b: prepare(n) is answered only if n is above every ballot promised; otherwise
        // the nack of section 2.2 carries the ballot promised.
        let mut a = Acceptor::new(NodeId(0), learners(&[L]));
        let mut out = Outbox::new();
        a.on_prepare(P2, b(2, P2), &mut out);
        out.drain();
        a.on_prepare(P1, b(2, P1), &mut out);
        assert_eq!(
            sent(&mut out),
            vec![(
                P1,
                Message::Reject {
                    ballot: b(2, P1),
                    promised: b(2, P2)
                }
            )]
        );
        assert_eq!(a.state().promised, Some(b(2, P2)), "promise unchanged");
    }

    #[test]
    fn never_accepts_below_its_promise() {
        // Phase 2b: "an acceptor can accept a proposal numbered n iff it has not responded to a
        // prepare request having a number greater than n" (P1a).
        let mut a = Acceptor::new(NodeId(0), learners(&[L]));
        let mut out = Outbox::new();
        a.on_prepare(P2, b(3, P2), &mut out);
        out.drain();
        a.on_accept(P1, b(2, P1), "late".into(), &mut out);
        assert_eq!(a.state().accepted, None);
        assert_eq!(
            sent(&mut out),
            vec![(
                P1,
                Message::Reject {
                    ballot: b(2, P1),
                    promised: b(3, P2)
                }
            )]
        );
    }

    #[test]
    fn accepts_at_its_promise_and_tells_proposer_and_learners() {
        // Phase 2b: accept(n, v) for the promised n is accepted and announced.
        let mut a = Acceptor::new(NodeId(0), learners(&[L, P1]));
        let mut out = Outbox::new();
        a.on_prepare(P1, b(1, P1), &mut out);
        out.drain();
        a.on_accept(P1, b(1, P1), "v".into(), &mut out);
        let accepted = Message::Accepted {
            ballot: b(1, P1),
            value: "v".into(),
        };
        // P1 is also a learner here: it gets one copy, not two.
        assert_eq!(sent(&mut out), vec![(P1, accepted.clone()), (L, accepted)]);
        assert_eq!(
            a.state().accepted.as_ref().map(|p| p.ballot),
            Some(b(1, P1))
        );
    }

    #[test]
    fn accepting_a_higher_ballot_raises_the_promise() {
        let mut a = Acceptor::new(NodeId(0), learners(&[]));
        let mut out = Outbox::new();
        a.on_accept(P2, b(5, P2), "v".into(), &mut out);
        assert_eq!(a.state().promised, Some(b(5, P2)));
        a.on_prepare(P1, b(4, P1), &mut out);
        assert!(matches!(
            out.drain().last(),
            Some(Output::Send {
                message: Message::Reject { .. },
                ..
            })
        ));
    }

    #[test]
    fn what_it_promises_and_accepts_goes_out_for_stable_storage() {
        let mut a = Acceptor::new(NodeId(0), learners(&[]));
        let mut out = Outbox::new();
        a.on_prepare(P1, b(2, P1), &mut out);
        assert_eq!(out.drain()[0], Output::Promised(b(2, P1)));
        a.on_accept(P2, b(3, P2), "v".into(), &mut out);
        assert_eq!(
            out.drain()[..2],
            [
                Output::Promised(b(3, P2)),
                Output::Accepted {
                    slot: 0,
                    ballot: b(3, P2),
                    value: "v".into()
                }
            ]
        );
    }

    #[test]
    fn a_repeated_prepare_gets_the_same_promise_again() {
        let mut a = Acceptor::new(NodeId(0), learners(&[]));
        let mut out = Outbox::new();
        a.on_prepare(P1, b(1, P1), &mut out);
        let first = sent(&mut out);
        a.on_prepare(P1, b(1, P1), &mut out);
        assert_eq!(sent(&mut out), first);
    }

    #[test]
    fn the_broken_acceptor_accepts_below_its_promise_but_never_lowers_it() {
        let mut a = Acceptor::new(NodeId(0), learners(&[])).ignoring_promises();
        let mut out = Outbox::new();
        a.on_prepare(P2, b(3, P2), &mut out);
        a.on_accept(P1, b(1, P1), "x".into(), &mut out);
        assert_eq!(
            a.state().accepted.as_ref().map(|p| p.ballot),
            Some(b(1, P1))
        );
        assert_eq!(a.state().promised, Some(b(3, P2)));
    }
}
