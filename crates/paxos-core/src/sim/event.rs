//! What an action did, for the page and its event log: messages in flight ([`Envelope`]),
//! [`Event`]s, and the [`Report`] of one action.

use crate::ballot::NodeId;
use crate::checks::{Chosen, Violation};
use crate::message::{Message, MessageKind, Proposal, Value};
use crate::multi::command::Command;
use serde::Serialize;

use super::Action;

/// The stable id of a message in flight; ids are never reused within a run.
pub type MessageId = u64;

/// A message in flight.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// Stable id.
    pub id: MessageId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message's kind (also inside `message`, repeated for convenience).
    pub kind: MessageKind,
    /// The message.
    pub message: Message,
    /// Logical time it was sent.
    pub sent_at: u64,
    /// Logical time it is due to arrive.
    pub due_at: u64,
    /// The step (action number) that sent it.
    pub sent_step: u64,
    /// The network damaged it (a `corrupt` link fault).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub corrupted: bool,
    /// The CRC-32 its sender computed, when the cluster uses `checksums`.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum: Option<u32>,
}

/// Why a message disappeared without being handled.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LossReason {
    /// Dropped by the user.
    Dropped,
    /// Its receiver crashed while it was in flight.
    ReceiverCrashed,
    /// It arrived at a crashed receiver.
    ReceiverDown,
    /// The network lost it (the link's loss probability).
    LinkLoss,
    /// Its link was cut (a partition) when it arrived.
    Partitioned,
    /// It arrived damaged and its checksum did not match: the receiver discarded it.
    ChecksumMismatch,
}

/// Something that happened during an action, for the page's event log.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    /// A message was handled by its receiver.
    Delivered {
        /// The message.
        id: MessageId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        message: Message,
        /// The step that sent it.
        sent_step: u64,
        /// The network damaged it on the way (and no checksum caught it).
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        corrupted: bool,
    },
    /// A message vanished.
    Lost {
        /// The message.
        id: MessageId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Its kind.
        kind: MessageKind,
        /// Why.
        reason: LossReason,
        /// The step that sent it.
        sent_step: u64,
        /// The network had damaged it.
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        corrupted: bool,
    },
    /// A message was put in flight.
    Sent {
        /// The new message's id.
        id: MessageId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Its kind.
        kind: MessageKind,
    },
    /// A message was copied, by the user or by a duplicating link.
    Duplicated {
        /// The original.
        id: MessageId,
        /// The copy's id.
        copy: MessageId,
    },
    /// The network's faults or partitions changed.
    NetworkChanged {
        /// What changed, in words.
        change: String,
    },
    /// A proposer's timer fired.
    TimerFired {
        /// The proposer.
        node: NodeId,
    },
    /// A client submitted a command (Multi-Paxos).
    Submitted {
        /// The replica it was submitted to.
        node: NodeId,
        /// The command, with its new id.
        command: Command,
    },
    /// A replica applied a chosen slot to its state machine (Multi-Paxos).
    Applied {
        /// The replica.
        node: NodeId,
        /// The slot.
        slot: u64,
        /// The command, as text.
        command: String,
        /// What the state machine answered.
        result: String,
    },
    /// A client proposed a value.
    Proposed {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: Value,
    },
    /// A proposer was made to misbehave (its next ballot is round `u64::MAX`).
    Misbehaved {
        /// The proposer.
        node: NodeId,
    },
    /// A node crashed.
    Crashed {
        /// The node.
        node: NodeId,
    },
    /// A node restarted.
    Restarted {
        /// The node.
        node: NodeId,
    },
    /// A learner learned a value.
    Learned {
        /// The learner.
        node: NodeId,
        /// What it learned, at which ballot.
        proposal: Proposal,
    },
    /// Multi-Paxos: a new server was created, with an empty log (its addition is then
    /// submitted like a command).
    Joined {
        /// The new server.
        node: NodeId,
    },
    /// Multi-Paxos: a replica applied a membership change: from `from_slot` on, the servers
    /// are `members`.
    Reconfigured {
        /// The replica.
        node: NodeId,
        /// The first slot of the new configuration.
        from_slot: u64,
        /// Its servers.
        members: Vec<NodeId>,
    },
    /// Failure detection: `node` starts or stops suspecting that `peer` (or the link from
    /// it) is dead.
    Suspicion {
        /// Who suspects.
        node: NodeId,
        /// Whom.
        peer: NodeId,
        /// Starts (true) or stops (false).
        suspected: bool,
    },
    /// Two-phase commit: a client asked coordinator `node` to commit transaction `tx`.
    Began {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        tx: u64,
    },
    /// Two-phase commit: a participant voted.
    Voted {
        /// The participant.
        node: NodeId,
        /// The transaction.
        tx: u64,
        /// Yes or no.
        yes: bool,
    },
    /// Two-phase commit: the coordinator decided (and logged it).
    Decided {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        tx: u64,
        /// Commit, or abort.
        commit: bool,
    },
    /// Two-phase commit: a participant committed or aborted.
    Outcome {
        /// The participant.
        node: NodeId,
        /// The transaction.
        tx: u64,
        /// Committed, or aborted.
        commit: bool,
    },
    /// A value became chosen (a majority accepted it at one ballot).
    Chosen(Chosen),
    /// A safety rule was broken.
    Violation(Violation),
}

/// What one accepted action did.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The step number of this action (1 for the first).
    pub step: u64,
    /// Logical time after the action.
    pub time: u64,
    /// The action.
    pub action: Action,
    /// What happened, in order.
    pub events: Vec<Event>,
}
