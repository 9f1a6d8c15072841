//! The Paxos roles as sans-IO state machines, all of one shape.
//!
//! Every role implements [`Role`]: it takes one input — a message ([`Role::on_message`]), one of
//! its typed timers firing ([`Role::on_timeout`]), a client request ([`Role::on_request`]), a
//! crash or a restart — and writes *everything* that input causes into one [`Outbox`]: messages
//! to send, timers to set or cancel, what it promised or accepted (written to stable storage),
//! what it learned and what it applied. A role never reads a clock, draws a random number or
//! performs IO, and nothing reads its state behind its back: the simulator carries the outputs,
//! and the safety checker sees exactly the same outputs. That is what makes every run replayable
//! and every role checkable by a model checker.
//!
//! What a role keeps on *stable storage* is explicit: [`AcceptorState`](acceptor::AcceptorState)
//! whole, the proposer's highest round, the learner's learned value, the replica's promise,
//! accepted slots and log. [`Role::on_crash`] keeps exactly that and forgets everything else.
//!
//! A node hosts its roles as a list of [`AnyRole`]; a new kind of role is a new variant here and
//! nothing in the simulator's dispatch changes.

pub mod acceptor;
pub mod learner;
pub mod proposer;

use crate::ballot::{Ballot, NodeId};
use crate::message::{Message, Proposal, Value};
use crate::multi::command::Command;
use crate::multi::replica::{Applied, Replica};
use crate::twopc::coordinator::Coordinator;
use crate::twopc::participant::Participant;
use acceptor::Acceptor;
use learner::Learner;
use proposer::Proposer;

/// A role's timers, by purpose. A node has at most one pending timer of each kind: setting one
/// replaces the pending one of the same kind.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Timer {
    /// A proposer's patience: no majority in time (or a back-off after a reject), so retry with
    /// a higher ballot.
    Retry,
    /// A Multi-Paxos follower's (or candidate's) patience with its leader: run for leader.
    Election,
    /// A Multi-Paxos leader's heartbeat is due.
    Heartbeat,
    /// Failure detection (revision 3): nothing heard from this server for a while, so suspect
    /// it (or the link from it) is dead. Advice only: a slow link looks the same.
    Suspect(NodeId),
}

/// What a client asks of a node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Request {
    /// Basic Paxos: get this value chosen (to a proposer).
    Propose(Value),
    /// Multi-Paxos: get this command into the log and applied (to a replica).
    Submit(Command),
    /// Misbehave: a proposer's next prepare uses round `u64::MAX` (the seeds' INT_MAX proposer).
    Misbehave,
    /// Two-phase commit: a client asks the coordinator to commit transaction `tx`.
    Begin(u64),
    /// Two-phase commit: a participant does its part of transaction `tx`, after which it can
    /// commit (`yes`) or not.
    Work {
        /// The transaction.
        tx: u64,
        /// Whether its part succeeded, so that it will vote yes.
        yes: bool,
    },
}

/// What a learner learned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Learned {
    /// Basic Paxos: the one chosen value, with the ballot it was chosen at.
    Value(Proposal),
    /// Multi-Paxos: the command chosen in a slot.
    Slot {
        /// The slot.
        slot: u64,
        /// The command.
        command: Command,
    },
}

/// One effect of handling an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Send `message` to node `to`.
    Send {
        /// The receiver.
        to: NodeId,
        /// The message.
        message: Message,
    },
    /// Fire `timer` after `delay` ticks of logical time, replacing a pending timer of that kind.
    SetTimer {
        /// Which timer.
        timer: Timer,
        /// Delay in logical ticks.
        delay: u64,
    },
    /// Cancel the pending timer of this kind, if any.
    CancelTimer(Timer),
    /// An acceptor promised `ballot` (written to stable storage).
    Promised(Ballot),
    /// An acceptor accepted `value` at `ballot` in `slot` (0 in Basic Paxos; written to stable
    /// storage). The value is the command as text in Multi-Paxos.
    Accepted {
        /// The slot.
        slot: u64,
        /// The ballot.
        ballot: Ballot,
        /// The value.
        value: Value,
    },
    /// A learner learned a chosen value.
    Learned(Learned),
    /// A replica applied a chosen slot to its state machine.
    Applied(Applied),
    /// A replica applied a membership change: from slot `from_slot` on, the servers are
    /// `members` (revision 3; written with the log).
    Reconfigured {
        /// The first slot of the new configuration.
        from_slot: u64,
        /// The servers of the new configuration.
        members: Vec<NodeId>,
    },
    /// Failure detection: this node starts (or stops) suspecting `peer` is dead.
    Suspicion {
        /// The server suspected.
        peer: NodeId,
        /// Starts (true) or stops (false).
        suspected: bool,
    },
    /// Two-phase commit: a participant voted on `tx` (written to stable storage before it is
    /// sent).
    TxVoted {
        /// The transaction.
        tx: u64,
        /// Yes or no.
        yes: bool,
    },
    /// Two-phase commit: the coordinator decided `tx` (written to its stable log before it is
    /// sent).
    TxDecided {
        /// The transaction.
        tx: u64,
        /// Commit, or abort.
        commit: bool,
    },
    /// Two-phase commit: a participant committed or aborted `tx`.
    TxOutcome {
        /// The transaction.
        tx: u64,
        /// Committed, or aborted.
        commit: bool,
    },
}

/// Collects the outputs of one input, in the order they were produced.
#[derive(Debug, Default)]
pub struct Outbox {
    outputs: Vec<Output>,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a message.
    pub fn send(&mut self, to: NodeId, message: Message) {
        self.outputs.push(Output::Send { to, message });
    }

    /// Queues the same message to several nodes, in the given order.
    pub fn broadcast(&mut self, to: &[NodeId], message: &Message) {
        for &node in to {
            self.send(node, message.clone());
        }
    }

    /// Sets a timer.
    pub fn set_timer(&mut self, timer: Timer, delay: u64) {
        self.outputs.push(Output::SetTimer { timer, delay });
    }

    /// Cancels a timer.
    pub fn cancel_timer(&mut self, timer: Timer) {
        self.outputs.push(Output::CancelTimer(timer));
    }

    /// Queues any other output.
    pub fn push(&mut self, output: Output) {
        self.outputs.push(output);
    }

    /// Takes the outputs, leaving the outbox empty.
    pub fn drain(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.outputs)
    }

    /// Takes the messages sent, in order, leaving the outbox empty (other outputs are dropped).
    pub fn drain_messages(&mut self) -> Vec<(NodeId, Message)> {
        self.drain()
            .into_iter()
            .filter_map(|o| match o {
                Output::Send { to, message } => Some((to, message)),
                _ => None,
            })
            .collect()
    }

    /// The outputs queued so far.
    pub fn outputs(&self) -> &[Output] {
        &self.outputs
    }
}

/// The one shape of every role: inputs in, outputs to the outbox.
pub trait Role {
    /// A message from `from` arrived. A role ignores the messages that are not for it.
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox);
    /// One of its timers fired.
    fn on_timeout(&mut self, timer: Timer, out: &mut Outbox);
    /// A client asks something of this node. A role ignores requests that are not for it.
    fn on_request(&mut self, request: &Request, out: &mut Outbox);
    /// The node crashed: forget everything not on stable storage.
    fn on_crash(&mut self);
    /// The node (re)started, from stable storage.
    fn on_start(&mut self, out: &mut Outbox);
}

/// Any role a node can host.
// A replica is much larger than the other roles; boxing it would buy little, since every node
// is already shared behind an `Arc` in the world and a node holds one replica at most.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AnyRole {
    /// A Basic Paxos proposer.
    Proposer(Proposer),
    /// A Basic Paxos acceptor.
    Acceptor(Acceptor),
    /// A Basic Paxos learner.
    Learner(Learner),
    /// A Multi-Paxos replica (acceptor, leader and learner in one).
    Replica(Replica),
    /// A two-phase-commit coordinator.
    Coordinator(Coordinator),
    /// A two-phase-commit participant.
    Participant(Participant),
}

impl AnyRole {
    /// The same role with every node renamed (see [`crate::rename`]); `None` for the roles
    /// renaming is not written for (the Multi-Paxos replica).
    pub fn renamed(&self, renaming: &crate::rename::Renaming) -> Option<Self> {
        Some(match self {
            AnyRole::Proposer(p) => AnyRole::Proposer(p.renamed(renaming)),
            AnyRole::Acceptor(a) => AnyRole::Acceptor(a.renamed(renaming)),
            AnyRole::Learner(l) => AnyRole::Learner(l.renamed(renaming)),
            AnyRole::Coordinator(c) => AnyRole::Coordinator(c.renamed(renaming)),
            AnyRole::Participant(p) => AnyRole::Participant(p.renamed(renaming)),
            AnyRole::Replica(_) => return None,
        })
    }

    fn role(&mut self) -> &mut dyn Role {
        match self {
            AnyRole::Proposer(r) => r,
            AnyRole::Acceptor(r) => r,
            AnyRole::Learner(r) => r,
            AnyRole::Replica(r) => r,
            AnyRole::Coordinator(r) => r,
            AnyRole::Participant(r) => r,
        }
    }
}

impl Role for AnyRole {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        self.role().on_message(from, message, out);
    }

    fn on_timeout(&mut self, timer: Timer, out: &mut Outbox) {
        self.role().on_timeout(timer, out);
    }

    fn on_request(&mut self, request: &Request, out: &mut Outbox) {
        self.role().on_request(request, out);
    }

    fn on_crash(&mut self) {
        self.role().on_crash();
    }

    fn on_start(&mut self, out: &mut Outbox) {
        self.role().on_start(out);
    }
}
