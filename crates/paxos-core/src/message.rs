//! The messages of Basic Paxos (*Paxos Made Simple*, section 2.2).
//!
//! | phase | message   | from → to              | meaning |
//! |-------|-----------|------------------------|---------|
//! | 1a    | prepare   | proposer → acceptors   | "promise not to accept anything below `ballot`" |
//! | 1b    | promise   | acceptor → proposer    | "promised; here is the highest proposal I accepted, if any" |
//! | 2a    | accept    | proposer → acceptors   | "accept `value` at `ballot`" |
//! | 2b    | accepted  | acceptor → proposer, learners | "I accepted `value` at `ballot`" |
//! | —     | reject    | acceptor → proposer    | "too late: I promised `promised`" (the optional nack of section 2.2) |
//! | —     | refused   | acceptor → proposer    | "your round is too far above what I have seen" (a ballot ceiling) |
//! | —     | forward   | proposer → proposer    | "you lead: here is my client's value" (distinguished proposer) |
//! | 3     | decide    | proposer → learners    | "`value` was chosen at `ballot`" (told until acknowledged) |
//! | 3     | learned   | learner → proposer     | "I know what was chosen at `ballot`" |
//!
//! Multi-Paxos (section 3) adds a slot to phase 2 and lets one phase 1 cover every slot from
//! `first_slot` on; heartbeats keep a leader's followers from electing another, `forward` carries
//! a client command to the leader, and `missing` asks the leader to resend a slot a follower
//! lacks (see [`crate::multi`]). Protocol revision 3 adds `alive` (a follower's answer to a
//! heartbeat, which feeds failure detection), `catchUp` (chosen slots sent to a server that
//! lacks them, a new one above all) and, for the broken rule that changes membership without
//! consensus, `membership`.
//!
//! Two-phase commit ([`crate::twopc`]) has its own five: `prepare` (coordinator → participants),
//! `vote`, `decision` (commit or abort), `ack`, and `query` (an uncertain participant asks for the
//! outcome).

use crate::ballot::Ballot;
use crate::multi::command::Command;
use serde::{Deserialize, Serialize};

/// CRC-32 (the ISO-HDLC polynomial of zip and Ethernet), one byte a table lookup.
const CRC_32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// A value a client asked to be chosen.
pub type Value = String;

/// A proposal an acceptor accepted: the ballot and the value.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Proposal {
    /// The ballot the value was accepted at.
    pub ballot: Ballot,
    /// The value.
    pub value: Value,
}

/// Which message a [`Message`] is, without its fields; used for colours, filters and counters.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// A proposer tells a learner its value was chosen.
    Decide,
    /// A learner tells a proposer it knows the outcome.
    Learned,
    /// Multi-Paxos: a leader's "I am still here", with what it knows is chosen.
    Heartbeat,
    /// Multi-Paxos: a client command passed on to the leader.
    Forward,
    /// Multi-Paxos: a follower asks the leader for a slot it lacks.
    Missing,
    /// Multi-Paxos: a follower answers its leader's heartbeat (failure detection).
    Alive,
    /// Multi-Paxos: chosen slots, sent to a server that lacks them.
    CatchUp,
    /// Multi-Paxos, broken rule: "the members are now ...", without consensus.
    Membership,
    /// Two-phase commit: a participant's yes or no.
    Vote,
    /// Two-phase commit: the coordinator's commit or abort.
    Decision,
    /// Two-phase commit: a participant acknowledges the decision.
    Ack,
    /// Two-phase commit: an uncertain participant asks for the outcome.
    Query,
}

/// A Paxos message.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// An acceptor with a ballot ceiling refuses `ballot`: its round is more than `ceiling`
    /// above the highest round the acceptor has seen.
    Refused {
        /// The ballot refused.
        ballot: Ballot,
        /// The ceiling it broke.
        ceiling: u64,
    },
    /// Distinguished proposer: a proposer hands its client's value to the one it takes for
    /// the leader.
    ForwardValue {
        /// The value.
        value: Value,
    },
    /// A proposer whose ballot was chosen tells a learner: `value` was chosen at `ballot`.
    Decide {
        /// The chosen ballot.
        ballot: Ballot,
        /// The chosen value.
        value: Value,
    },
    /// A learner acknowledges it knows what was chosen (sent to the proposer of `ballot`).
    Learned {
        /// The ballot it learned the value at.
        ballot: Ballot,
    },
    /// Multi-Paxos phase 1a: a candidate asks to lead every slot from `first_slot` on.
    LeaderPrepare {
        /// The candidate's ballot.
        ballot: Ballot,
        /// The first slot the candidate does not know to be chosen.
        #[serde(rename = "firstSlot")]
        first_slot: u64,
    },
    /// Multi-Paxos phase 1b: promised, with every proposal accepted from `first_slot` on.
    LeaderPromise {
        /// The ballot promised.
        ballot: Ballot,
        /// The highest-numbered proposal accepted in each of those slots.
        accepted: Vec<SlotProposal>,
    },
    /// Multi-Paxos phase 2a for one slot. `commit` tells followers that every slot below it is
    /// chosen (the decision rides on the next message instead of costing one of its own).
    SlotAccept {
        /// The leader's ballot.
        ballot: Ballot,
        /// The slot.
        slot: u64,
        /// The command proposed for it.
        command: Command,
        /// Every slot below this is chosen.
        commit: u64,
    },
    /// Multi-Paxos phase 2b: accepted `slot` at `ballot` (sent to the leader only).
    SlotAccepted {
        /// The ballot accepted.
        ballot: Ballot,
        /// The slot.
        slot: u64,
    },
    /// The leader of `ballot` is alive; every slot below `commit` is chosen.
    Heartbeat {
        /// The leader's ballot.
        ballot: Ballot,
        /// Every slot below this is chosen.
        commit: u64,
    },
    /// A client command, passed on to the node believed to lead.
    Forward {
        /// The command.
        command: Command,
    },
    /// A follower lacks `slot` at the leader's `ballot` and asks for it again.
    Missing {
        /// The leader's ballot, as the follower knows it.
        ballot: Ballot,
        /// The slot.
        slot: u64,
    },
    /// A follower's answer to its leader's heartbeat: alive, with every slot below `applied`
    /// applied (revision 3; failure detection and catch-up progress).
    Alive {
        /// The leader's ballot it answers.
        ballot: Ballot,
        /// Slots applied by the follower.
        applied: u64,
    },
    /// The commands chosen in slots `first`, `first + 1`, ... (revision 3): the log, sent to a
    /// server that lacks it.
    CatchUp {
        /// The first slot sent.
        first: u64,
        /// The chosen command of each slot from `first` on.
        commands: Vec<Command>,
    },
    /// Broken rule (membership without consensus): "the servers are now `members`".
    Membership {
        /// The new member set.
        members: Vec<crate::ballot::NodeId>,
    },
    /// Two-phase commit, phase 1: "can you commit transaction `tx`?"
    TxPrepare {
        /// The transaction.
        tx: u64,
    },
    /// Two-phase commit: a participant's vote on `tx`.
    TxVote {
        /// The transaction.
        tx: u64,
        /// Yes (it can commit) or no.
        yes: bool,
    },
    /// Two-phase commit, phase 2: the coordinator's decision on `tx`.
    TxDecision {
        /// The transaction.
        tx: u64,
        /// Commit, or abort.
        commit: bool,
    },
    /// Two-phase commit: a participant has carried out the decision on `tx`.
    TxAck {
        /// The transaction.
        tx: u64,
    },
    /// Two-phase commit: a participant that voted yes asks what was decided on `tx`.
    TxQuery {
        /// The transaction.
        tx: u64,
    },
}

/// A proposal accepted in one slot of the Multi-Paxos log.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SlotProposal {
    /// The slot.
    pub slot: u64,
    /// The ballot it was accepted at.
    pub ballot: Ballot,
    /// The command.
    pub command: Command,
}

impl Message {
    /// The message as a network that breaks Paxos's no-corruption assumption delivers it: a
    /// value gets a stray `~` (so it is one nobody proposed), and a message without a value
    /// gets its ballot's round changed.
    pub fn corrupted(&self) -> Message {
        let garble = |value: &Value| format!("{value}~");
        let bump = |ballot: &Ballot| Ballot::new(ballot.round ^ 1, ballot.node);
        let mut damaged = self.clone();
        match &mut damaged {
            Message::Accept { value, .. }
            | Message::Accepted { value, .. }
            | Message::Decide { value, .. }
            | Message::ForwardValue { value } => *value = garble(value),
            Message::Promise {
                accepted: Some(proposal),
                ..
            } => proposal.value = garble(&proposal.value),
            Message::Prepare { ballot }
            | Message::Promise { ballot, .. }
            | Message::Reject { ballot, .. }
            | Message::Refused { ballot, .. }
            | Message::Learned { ballot }
            | Message::LeaderPrepare { ballot, .. }
            | Message::LeaderPromise { ballot, .. }
            | Message::SlotAccept { ballot, .. }
            | Message::SlotAccepted { ballot, .. }
            | Message::Heartbeat { ballot, .. }
            | Message::Missing { ballot, .. } => *ballot = bump(ballot),
            Message::Forward { command } => command.id ^= 1,
            Message::Alive { ballot, .. } => *ballot = bump(ballot),
            Message::CatchUp { first, .. } => *first ^= 1,
            Message::Membership { members } => {
                if let Some(first) = members.first_mut() {
                    first.0 ^= 1;
                }
            }
            Message::TxPrepare { tx } | Message::TxAck { tx } | Message::TxQuery { tx } => *tx ^= 1,
            Message::TxVote { yes, .. } => *yes = !*yes,
            Message::TxDecision { commit, .. } => *commit = !*commit,
        }
        damaged
    }

    /// A CRC-32 of the message's content, which a receiver checks when `checksums` is on.
    pub fn checksum(&self) -> u32 {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        CRC_32.checksum(&bytes)
    }

    /// The message's kind.
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Prepare { .. } => MessageKind::Prepare,
            Message::Promise { .. } => MessageKind::Promise,
            Message::Accept { .. } => MessageKind::Accept,
            Message::Accepted { .. } => MessageKind::Accepted,
            Message::Reject { .. } => MessageKind::Reject,
            Message::Refused { .. } => MessageKind::Reject,
            Message::ForwardValue { .. } => MessageKind::Forward,
            Message::Decide { .. } => MessageKind::Decide,
            Message::Learned { .. } => MessageKind::Learned,
            Message::LeaderPrepare { .. } => MessageKind::Prepare,
            Message::LeaderPromise { .. } => MessageKind::Promise,
            Message::SlotAccept { .. } => MessageKind::Accept,
            Message::SlotAccepted { .. } => MessageKind::Accepted,
            Message::Heartbeat { .. } => MessageKind::Heartbeat,
            Message::Forward { .. } => MessageKind::Forward,
            Message::Missing { .. } => MessageKind::Missing,
            Message::Alive { .. } => MessageKind::Alive,
            Message::CatchUp { .. } => MessageKind::CatchUp,
            Message::Membership { .. } => MessageKind::Membership,
            Message::TxPrepare { .. } => MessageKind::Prepare,
            Message::TxVote { .. } => MessageKind::Vote,
            Message::TxDecision { .. } => MessageKind::Decision,
            Message::TxAck { .. } => MessageKind::Ack,
            Message::TxQuery { .. } => MessageKind::Query,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_the_standard_crc_32() {
        // The catalogue's check value of CRC-32/ISO-HDLC.
        assert_eq!(CRC_32.checksum(b"123456789"), 0xCBF4_3926);
        let prepare = Message::Prepare {
            ballot: Ballot::new(1, crate::NodeId(1)),
        };
        assert_eq!(prepare.clone().checksum(), prepare.checksum());
        assert_ne!(prepare.corrupted().checksum(), prepare.checksum());
    }
}
