//! The messages of Basic Paxos (*Paxos Made Simple*, section 2.2).
//!
//! | phase | message   | from → to              | meaning |
//! |-------|-----------|------------------------|---------|
//! | 1a    | prepare   | proposer → acceptors   | "promise not to accept anything below `ballot`" |
//! | 1b    | promise   | acceptor → proposer    | "promised; here is the highest proposal I accepted, if any" |
//! | 2a    | accept    | proposer → acceptors   | "accept `value` at `ballot`" |
//! | 2b    | accepted  | acceptor → proposer, learners | "I accepted `value` at `ballot`" |
//! | —     | reject    | acceptor → proposer    | "too late: I promised `promised`" (the optional nack of section 2.3) |

use crate::ballot::Ballot;
use serde::{Deserialize, Serialize};

/// A value a client asked to be chosen.
pub type Value = String;

/// A proposal an acceptor accepted: the ballot and the value.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The ballot the value was accepted at.
    pub ballot: Ballot,
    /// The value.
    pub value: Value,
}

/// Which message a [`Message`] is, without its fields; used for colours, filters and counters.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MessageKind {
    /// Phase 1a.
    Prepare,
    /// Phase 1b.
    Promise,
    /// Phase 2a.
    Accept,
    /// Phase 2b.
    Accepted,
    /// A nack for a stale prepare or accept.
    Reject,
}

/// A Paxos message.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Message {
    /// Phase 1a: asks acceptors to promise `ballot`.
    Prepare {
        /// The ballot to be promised.
        ballot: Ballot,
    },
    /// Phase 1b: the acceptor promised `ballot` and reports the highest proposal it accepted.
    Promise {
        /// The ballot promised.
        ballot: Ballot,
        /// The highest-numbered proposal this acceptor has accepted, if any.
        accepted: Option<Proposal>,
    },
    /// Phase 2a: asks acceptors to accept `value` at `ballot`.
    Accept {
        /// The ballot of the proposal.
        ballot: Ballot,
        /// The proposed value.
        value: Value,
    },
    /// Phase 2b: the acceptor accepted `value` at `ballot`.
    Accepted {
        /// The ballot accepted.
        ballot: Ballot,
        /// The value accepted.
        value: Value,
    },
    /// The acceptor refused a prepare or accept for `ballot` because it promised `promised`.
    Reject {
        /// The ballot that was refused.
        ballot: Ballot,
        /// The (higher) ballot the acceptor has promised.
        promised: Ballot,
    },
}

impl Message {
    /// The message's kind.
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Prepare { .. } => MessageKind::Prepare,
            Message::Promise { .. } => MessageKind::Promise,
            Message::Accept { .. } => MessageKind::Accept,
            Message::Accepted { .. } => MessageKind::Accepted,
            Message::Reject { .. } => MessageKind::Reject,
        }
    }

    /// The ballot the message is about.
    pub fn ballot(&self) -> Ballot {
        match self {
            Message::Prepare { ballot }
            | Message::Promise { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. }
            | Message::Reject { ballot, .. } => *ballot,
        }
    }
}
