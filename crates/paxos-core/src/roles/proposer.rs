//! The proposer (Paxos Made Simple, section 2.2, phases 1a and 2a).
//!
//! 1. **Prepare.** Given a value by a client, the proposer picks a ballot above every round it has
//!    seen and sends `prepare(ballot)` to all acceptors.
//! 2. **Propose.** With promises for that ballot from a majority, it must propose *the value of
//!    the highest-numbered proposal among the promises*, or its own value if none of them
//!    accepted anything (P2c). It sends `accept(ballot, value)` to all acceptors.
//! 3. **Done.** Accepted by a majority at that ballot, the value is chosen and the proposer stops.
//!
//! A `reject` for the current ballot means some acceptor promised higher: the proposer abandons
//! the ballot and, after a short back-off, retries with a round above the one it was told about
//! (section 2.2). A timeout (messages lost, acceptors down) also makes it retry higher. The
//! back-off and the timeout are timers: the proposer asks for them through its outbox and never
//! reads a clock.
//!
//! On stable storage the proposer keeps only the highest round it has issued: "a proposer can
//! always abandon a proposal and forget all about it — as long as it never tries to issue another
//! proposal with the same number" (section 2.2). Everything else, its client's value included, is
//! lost in a crash.
//!
//! ## Every learner learns (protocol revision 2)
//!
//! Learners hear of a choice from the acceptors' `accepted` messages; if those are lost, nothing
//! in phases 1 and 2 repeats them, and a learner could wait for ever although a value is chosen
//! (Termination: "all processes will eventually decide"). Section 2.4 offers two cures: a
//! distinguished learner that tells the others, and having a proposer issue a proposal to find
//! out what was chosen. We use both, in the proposer, because the proposer is the one node that
//! knows when its ballot is chosen:
//!
//! 1. **Tell until acknowledged.** A learner that learns answers `learned` to the proposer of
//!    the ballot it learned (and to anyone who tells it). A proposer whose value is chosen keeps
//!    its retry timer running and, each time it fires, sends `decide(ballot, value)` to every
//!    learner it has not heard `learned` from; it stops when all have. Traffic in the common
//!    case: one `learned` per learner.
//! 2. **Finish what you started.** The proposer's "chosen" is volatile. A proposer that restarts
//!    having issued ballots before runs phase 1 again without a value of its own. If a promise
//!    reports an accepted value, it proposes that value (P2c), gets it chosen again and tells
//!    the learners as in 1; if none does, nothing was chosen yet (a majority that promised
//!    reports any chosen value) and it stops.
//!
//! So, once faults stop, some proposer is always either still trying, or telling the learners
//! that have not acknowledged: every live learner eventually learns. Revision 1 (the behaviour
//! version-1 traces were recorded with) has neither, and cancels the timer once chosen.
//!
//! ## Duelling proposers and the distinguished proposer
//!
//! Two proposers can pre-empt each other for ever: each one's prepare makes the acceptors
//! reject the other's accept, and each retries higher (section 2.4 gives the scenario). A random
//! back-off (the simulator's timer jitter) makes that unlikely; a *distinguished proposer* rules
//! it out: with `distinguished`, a proposer that is refused because a proposer with a higher id
//! holds the acceptors' promise takes that one as the leader. It forwards its client's value
//! there and stands aside for twice its timeout (`deferring`), retrying only if it hears
//! nothing. The leader proposes a forwarded value if it has none of its own, and tells whoever
//! forwarded what was chosen. (A forwarded value that loses was aborted: its client must ask
//! again, the "abortable consensus" of the seeds.)
//!
//! ## A proposer that misbehaves
//!
//! [`Proposer::misbehave`] makes its next prepare use round `u64::MAX`, the seeds' INT_MAX
//! proposer. The acceptors then promise the largest ballot there is, and every proposer with a
//! lower id is refused for ever (one with a higher id can still issue `(MAX, itself)` once).
//! Nothing overflows: the [`BallotClock`] saturates. Acceptors with a ballot ceiling refuse such
//! a jump (see [`acceptor`](super::acceptor)).

use super::{Outbox, Request, Role, Timer};
use crate::ballot::{Ballot, BallotClock, NodeId};
use crate::message::{Message, Proposal, Value};
use crate::quorum::{Quorum, Tally, VoteResult};
use crate::rename::Renaming;
use crate::vecmap::VecSet;
use std::sync::Arc;

/// Where the proposer is in the protocol.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    /// Nothing to do: no client value, or just restarted.
    Idle,
    /// Phase 1: `prepare(ballot)` sent, collecting promises.
    Preparing {
        /// The ballot being prepared.
        ballot: Ballot,
        /// The promises so far, with each acceptor's highest accepted proposal.
        promises: Tally<Option<Proposal>>,
    },
    /// Phase 2: `accept(ballot, value)` sent, collecting acceptances.
    Accepting {
        /// The ballot of the proposal.
        ballot: Ballot,
        /// The value proposed (adopted from a promise, or the client's own).
        value: Value,
        /// Whether `value` was adopted from a promise rather than being the client's.
        adopted: bool,
        /// The acceptors that accepted so far.
        accepted: Tally,
    },
    /// A `reject` ended the last ballot; waiting for the back-off timer to retry higher.
    BackingOff {
        /// The ballot that was rejected.
        rejected: Ballot,
        /// The ballot the rejecting acceptor had promised.
        promised: Ballot,
    },
    /// Refused because a proposer with a higher id holds the acceptors' promise: its client's
    /// value went there, and it stands aside (distinguished proposer).
    Deferring {
        /// The proposer it takes for the leader.
        leader: NodeId,
    },
    /// A majority accepted `value` at `ballot`: it is chosen.
    Chosen {
        /// The ballot at which it was chosen.
        ballot: Ballot,
        /// The chosen value.
        value: Value,
        /// Whether `value` was adopted from a promise rather than being the client's.
        adopted: bool,
    },
}

/// Timing and behaviour knobs for a proposer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ProposerOptions {
    /// Ticks to wait for a majority before retrying with a higher ballot.
    pub timeout: u64,
    /// Ticks to wait after a reject before retrying.
    pub backoff: u64,
    /// `false` only for the "break a rule" demonstration: ignore the values reported in promises.
    pub adopt_accepted: bool,
    /// Protocol revision 2: tell the learners until they acknowledge, and finish after a
    /// restart what was started before (see the module docs).
    pub recovery: bool,
    /// Protocol revision 4: a `decide` from its own node is no news (see [`Proposer::on_decide`]).
    pub own_decide_is_no_news: bool,
    /// Defer to a proposer with a higher id (see the module docs).
    pub distinguished: bool,
    /// Broken: ballots carry no proposer id (all are `(round, #0)`), so two proposers can
    /// issue the same one.
    pub shared_ballots: bool,
    /// Broken: skip phase 1 and send accept with its own value at once.
    pub skip_phase_one: bool,
}

/// A proposer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Proposer {
    id: NodeId,
    /// The acceptors, and how many of them make a quorum.
    acceptors: Quorum,
    /// The learners, to tell what was chosen.
    learners: Arc<[NodeId]>,
    options: ProposerOptions,
    /// Its ballots; the highest round issued is on stable storage.
    clock: BallotClock,
    /// The client's value, if any.
    value: Option<Value>,
    phase: Phase,
    /// Volatile: running phase 1 without a value of its own, to finish after a restart what it
    /// may have started before.
    recovering: bool,
    /// Volatile: the learners known to have learned the outcome.
    informed: VecSet<NodeId>,
    /// Volatile: proposers that forwarded their client's value here, to tell the outcome.
    forwarders: VecSet<NodeId>,
}

impl Proposer {
    /// A proposer that talks to the members of `acceptors` and tells `learners`.
    pub fn new(
        id: NodeId,
        acceptors: Quorum,
        learners: Arc<[NodeId]>,
        options: ProposerOptions,
    ) -> Self {
        Self {
            id,
            acceptors,
            learners,
            options,
            clock: BallotClock::new(),
            value: None,
            phase: Phase::Idle,
            recovering: false,
            informed: VecSet::new(),
            forwarders: VecSet::new(),
        }
    }

    /// The same proposer with every node renamed (see [`crate::rename`]).
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        let b = |ballot: &Ballot| renaming.ballot(*ballot);
        let phase = match &self.phase {
            Phase::Idle => Phase::Idle,
            Phase::Preparing { ballot, promises } => Phase::Preparing {
                ballot: b(ballot),
                promises: promises.renamed(renaming, |p| p.as_ref().map(|p| renaming.proposal(p))),
            },
            Phase::Accepting {
                ballot,
                value,
                adopted,
                accepted,
            } => Phase::Accepting {
                ballot: b(ballot),
                value: value.clone(),
                adopted: *adopted,
                accepted: accepted.renamed(renaming, |_| ()),
            },
            Phase::BackingOff { rejected, promised } => Phase::BackingOff {
                rejected: b(rejected),
                promised: b(promised),
            },
            Phase::Deferring { leader } => Phase::Deferring {
                leader: renaming.of(*leader),
            },
            Phase::Chosen {
                ballot,
                value,
                adopted,
            } => Phase::Chosen {
                ballot: b(ballot),
                value: value.clone(),
                adopted: *adopted,
            },
        };
        Self {
            id: renaming.of(self.id),
            acceptors: self.acceptors.renamed(renaming),
            learners: renaming.all(&self.learners).into(),
            options: self.options,
            clock: self.clock,
            value: self.value.clone(),
            phase,
            recovering: self.recovering,
            informed: self.informed.iter().map(|&n| renaming.of(n)).collect(),
            forwarders: self.forwarders.iter().map(|&n| renaming.of(n)).collect(),
        }
    }

    /// How many ballots it has issued (stable storage).
    pub fn ballots(&self) -> u64 {
        self.clock.count()
    }

    /// Misbehaves: the next prepare uses round `u64::MAX` (at once, if it has a value to get
    /// chosen).
    pub fn misbehave(&mut self, out: &mut Outbox) {
        self.clock.observe(Ballot::new(u64::MAX - 1, self.id));
        let busy = !matches!(self.phase, Phase::Chosen { .. });
        if busy && self.value.is_some() {
            self.start_ballot(out);
        }
    }

    /// Whether it is running phase 1 to finish, after a restart, what it may have started.
    pub fn recovering(&self) -> bool {
        self.recovering
    }

    /// The learners it still has to tell what was chosen (protocol revision 2).
    pub fn uninformed(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.learners
            .iter()
            .copied()
            .filter(|l| !self.informed.contains(l))
    }

    /// The current phase.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The value a client asked this proposer to get chosen.
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// The highest round this proposer has issued (kept on stable storage).
    pub fn last_round(&self) -> u64 {
        self.clock.issued()
    }

    /// The acceptors it talks to, and how many make a quorum.
    pub fn quorum(&self) -> &Quorum {
        &self.acceptors
    }

    /// The ballot currently in use, if any.
    pub fn ballot(&self) -> Option<Ballot> {
        match &self.phase {
            Phase::Preparing { ballot, .. }
            | Phase::Accepting { ballot, .. }
            | Phase::Chosen { ballot, .. } => Some(*ballot),
            Phase::BackingOff { rejected, .. } => Some(*rejected),
            Phase::Idle | Phase::Deferring { .. } => None,
        }
    }

    /// A client asks for `value` to be chosen: start phase 1 with a fresh, higher ballot.
    pub fn propose(&mut self, value: Value, out: &mut Outbox) {
        self.value = Some(value);
        self.recovering = false;
        self.start_ballot(out);
    }

    /// Phase 1a: a ballot above every round issued or seen, sent to every acceptor. A proposer
    /// whose clock is exhausted (it issued round `u64::MAX`) has no ballot left and stops.
    fn start_ballot(&mut self, out: &mut Outbox) {
        let owner = if self.options.shared_ballots {
            NodeId(0)
        } else {
            self.id
        };
        let Some(ballot) = self.clock.next(owner) else {
            self.phase = Phase::Idle;
            return;
        };
        if self.options.skip_phase_one {
            // The naive proposer: no check first, its own value at once.
            let Some(value) = self.value.clone() else {
                self.phase = Phase::Idle;
                return;
            };
            self.phase = Phase::Accepting {
                ballot,
                value: value.clone(),
                adopted: false,
                accepted: Tally::new(self.acceptors.clone()),
            };
            out.broadcast(self.acceptors.members(), &Message::Accept { ballot, value });
            out.set_timer(Timer::Retry, self.options.timeout);
            return;
        }
        self.phase = Phase::Preparing {
            ballot,
            promises: Tally::new(self.acceptors.clone()),
        };
        out.broadcast(self.acceptors.members(), &Message::Prepare { ballot });
        out.set_timer(Timer::Retry, self.options.timeout);
    }

    /// Phase 1b arrives: count the promise; with a majority, move to phase 2a.
    pub fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Option<Proposal>,
        out: &mut Outbox,
    ) {
        self.clock.observe(ballot);
        let Phase::Preparing {
            ballot: current,
            promises,
        } = &mut self.phase
        else {
            return;
        };
        if *current != ballot || promises.grant(from, accepted) != VoteResult::Won {
            return;
        }
        // P2c: propose the value of the highest-numbered proposal reported by the majority, or,
        // if none of them accepted anything, the client's own value.
        let highest = promises
            .granted()
            .values()
            .flatten()
            .max_by_key(|proposal| proposal.ballot)
            .filter(|_| self.options.adopt_accepted)
            .map(|proposal| proposal.value.clone());
        let Some(value) = highest.clone().or_else(|| self.value.clone()) else {
            // Recovering, and no acceptor of a majority accepted anything: nothing was chosen.
            self.recovering = false;
            self.phase = Phase::Idle;
            out.cancel_timer(Timer::Retry);
            return;
        };
        self.phase = Phase::Accepting {
            ballot,
            value: value.clone(),
            adopted: highest.is_some(),
            accepted: Tally::new(self.acceptors.clone()),
        };
        out.broadcast(self.acceptors.members(), &Message::Accept { ballot, value });
        out.set_timer(Timer::Retry, self.options.timeout);
    }

    /// Phase 2b arrives: with a majority at the current ballot, the value is chosen.
    pub fn on_accepted(&mut self, from: NodeId, ballot: Ballot, out: &mut Outbox) {
        self.clock.observe(ballot);
        let Phase::Accepting {
            ballot: current,
            value,
            accepted,
            adopted,
        } = &mut self.phase
        else {
            return;
        };
        if *current == ballot && accepted.vote(from) == VoteResult::Won {
            let (value, adopted) = (value.clone(), *adopted);
            // Whoever forwarded a value here hears the outcome (distinguished proposer).
            let forwarders: Vec<NodeId> =
                std::mem::take(&mut self.forwarders).into_iter().collect();
            let decide = Message::Decide {
                ballot,
                value: value.clone(),
            };
            out.broadcast(&forwarders, &decide);
            self.phase = Phase::Chosen {
                ballot,
                value,
                adopted,
            };
            self.recovering = false;
            if self.options.recovery && self.uninformed().next().is_some() {
                // The timer now paces telling the learners that have not acknowledged.
                out.set_timer(Timer::Retry, self.options.timeout);
            } else {
                out.cancel_timer(Timer::Retry);
            }
        }
    }

    /// A learner acknowledges it knows the outcome; when all have, stop telling them.
    pub fn on_learned(&mut self, from: NodeId, out: &mut Outbox) {
        if !self.learners.contains(&from) || !self.informed.insert(from) {
            return;
        }
        if matches!(self.phase, Phase::Chosen { .. }) && self.uninformed().next().is_none() {
            out.cancel_timer(Timer::Retry);
        }
    }

    /// Chosen, and the timer fired: tell every learner that has not acknowledged.
    fn tell_learners(&mut self, out: &mut Outbox) {
        let Phase::Chosen { ballot, value, .. } = &self.phase else {
            return;
        };
        let decide = Message::Decide {
            ballot: *ballot,
            value: value.clone(),
        };
        let uninformed: Vec<NodeId> = self.uninformed().collect();
        if uninformed.is_empty() {
            return;
        }
        out.broadcast(&uninformed, &decide);
        out.set_timer(Timer::Retry, self.options.timeout);
    }

    /// A nack: if it refuses the current ballot, abandon it and retry higher after a back-off.
    pub fn on_reject(&mut self, ballot: Ballot, promised: Ballot, out: &mut Outbox) {
        self.clock.observe(promised);
        let in_progress = matches!(
            self.phase,
            Phase::Preparing { .. } | Phase::Accepting { .. }
        );
        if !in_progress || self.ballot() != Some(ballot) {
            return;
        }
        let leader = promised.node;
        if self.options.distinguished && leader > self.id && !self.recovering {
            // A proposer with a higher id is running: let it lead, and hand it the value.
            if let Some(value) = self.value.clone() {
                out.send(leader, Message::ForwardValue { value });
            }
            self.phase = Phase::Deferring { leader };
            out.set_timer(Timer::Retry, self.options.timeout.saturating_mul(2));
            return;
        }
        self.phase = Phase::BackingOff {
            rejected: ballot,
            promised,
        };
        out.set_timer(Timer::Retry, self.options.backoff);
    }

    /// An acceptor refused `ballot` as too far above what it has seen (a ballot ceiling): this
    /// ballot cannot win. Back off and retry (a correct proposer retries just above what it
    /// has seen; a misbehaving one jumps again and is refused again).
    pub fn on_refused(&mut self, ballot: Ballot, out: &mut Outbox) {
        let in_progress = matches!(
            self.phase,
            Phase::Preparing { .. } | Phase::Accepting { .. }
        );
        if in_progress && self.ballot() == Some(ballot) {
            self.phase = Phase::BackingOff {
                rejected: ballot,
                promised: ballot,
            };
            out.set_timer(Timer::Retry, self.options.backoff);
        }
    }

    /// Another proposer forwarded its client's value here (it takes this one for the leader).
    pub fn on_forward(&mut self, from: NodeId, value: Value, out: &mut Outbox) {
        if let Phase::Chosen { ballot, value, .. } = &self.phase {
            let decide = Message::Decide {
                ballot: *ballot,
                value: value.clone(),
            };
            return out.send(from, decide);
        }
        self.forwarders.insert(from);
        if self.value.is_none() {
            self.propose(value, out);
        }
    }

    /// Another proposer says what was chosen (it had our value forwarded, or we forwarded ours).
    ///
    /// Protocol revision 4: a decide this node sent itself (to its own learner) is no news:
    /// either the proposer still knows the value is chosen, or it crashed since and forgot, and
    /// then nobody else is telling the learners that it was telling. Revisions 2 and 3 take it as
    /// another proposer's, mark every learner told and stop the retries that would reach them:
    /// after such a crash a learner whose decide was lost never learns (soak seed 40033).
    pub fn on_decide(&mut self, from: NodeId, ballot: Ballot, value: Value, out: &mut Outbox) {
        let own = self.options.own_decide_is_no_news && from == self.id;
        if own || matches!(self.phase, Phase::Chosen { .. }) {
            return;
        }
        let adopted = self.value.as_ref() != Some(&value);
        self.phase = Phase::Chosen {
            ballot,
            value,
            adopted,
        };
        self.recovering = false;
        // The proposer that saw it chosen tells the learners.
        self.informed.extend(self.learners.iter().copied());
        out.cancel_timer(Timer::Retry);
    }

    /// The retry timer fired: if the value is not yet chosen, retry with a higher ballot; if it
    /// is, tell the learners that have not acknowledged (revision 2).
    pub fn on_retry(&mut self, out: &mut Outbox) {
        if matches!(self.phase, Phase::Chosen { .. }) {
            return self.tell_learners(out);
        }
        let waiting = matches!(
            self.phase,
            Phase::Preparing { .. }
                | Phase::Accepting { .. }
                | Phase::BackingOff { .. }
                | Phase::Deferring { .. }
        );
        if waiting && (self.value.is_some() || self.recovering) {
            self.start_ballot(out);
        }
    }

    /// A restart: a proposer that issued ballots before may have got a value chosen without
    /// knowing it, or without telling the learners. With revision 2 it runs phase 1 again,
    /// without a value of its own, to find out and finish.
    pub fn restart(&mut self, out: &mut Outbox) {
        if self.options.recovery && self.clock.issued() > 0 && self.value.is_none() {
            self.recovering = true;
            self.start_ballot(out);
        }
    }

    /// A crash: forget everything but the highest round issued (stable storage).
    pub fn crash(&mut self) {
        self.clock.crash();
        self.value = None;
        self.phase = Phase::Idle;
        self.recovering = false;
        self.informed.clear();
        self.forwarders.clear();
    }
}

impl Role for Proposer {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        match message {
            Message::Promise { ballot, accepted } => {
                self.on_promise(from, *ballot, accepted.clone(), out)
            }
            Message::Accepted { ballot, .. } => self.on_accepted(from, *ballot, out),
            Message::Reject { ballot, promised } => self.on_reject(*ballot, *promised, out),
            Message::Learned { .. } => self.on_learned(from, out),
            Message::Refused { ballot, .. } => self.on_refused(*ballot, out),
            Message::ForwardValue { value } => self.on_forward(from, value.clone(), out),
            Message::Decide { ballot, value } => self.on_decide(from, *ballot, value.clone(), out),
            _ => {}
        }
    }

    fn on_timeout(&mut self, timer: Timer, out: &mut Outbox) {
        if timer == Timer::Retry {
            self.on_retry(out);
        }
    }

    fn on_request(&mut self, request: &Request, out: &mut Outbox) {
        match request {
            Request::Propose(value) => self.propose(value.clone(), out),
            Request::Misbehave => self.misbehave(out),
            Request::Submit(_) | Request::Begin(_) | Request::Work { .. } => {}
        }
    }

    fn on_crash(&mut self) {
        self.crash();
    }

    fn on_start(&mut self, out: &mut Outbox) {
        self.restart(out);
    }
}

#[cfg(test)]
mod tests;
