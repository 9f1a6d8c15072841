//! Actions: everything that can happen to a simulation, the unit of the action log (and so of
//! traces, permalinks and scenarios), with how each reads in words.

use crate::ballot::NodeId;
use crate::error::{Error, Result};
use crate::message::Value;
use crate::multi::command::Op;
use crate::network::LinkFaults;
use crate::roles::Timer;
use serde::{Deserialize, Serialize};

use super::MessageId;

/// The longest value a client may propose, in characters.
pub const MAX_VALUE_CHARS: usize = 64;

/// Everything that can happen to a simulation; the unit of the action log.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Action {
    /// Deliver the next due message or fire the next due timer.
    Step,
    /// Deliver a message now, whatever its due time.
    Deliver {
        /// The message.
        id: MessageId,
    },
    /// Lose a message.
    Drop {
        /// The message.
        id: MessageId,
    },
    /// Put a copy of a message in flight, with a fresh id and delay.
    Duplicate {
        /// The message to copy.
        id: MessageId,
    },
    /// Crash a node.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// Restart a crashed node from its stable storage.
    Restart {
        /// The node.
        node: NodeId,
    },
    /// A client asks proposer `node` to get `value` chosen (Basic Paxos).
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: Value,
    },
    /// Proposer `node` misbehaves: its next prepare uses round `u64::MAX` (Basic Paxos).
    Misbehave {
        /// The proposer.
        node: NodeId,
    },
    /// A client submits a command to replica `node` (Multi-Paxos); the simulator numbers it.
    Submit {
        /// The replica.
        node: NodeId,
        /// The operation.
        request: Op,
    },
    /// Sets the faults of the directed link `from` → `to` (healthy faults clear them).
    SetLink {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
        /// Loss, duplication, delay and ordering on the link.
        faults: LinkFaults,
    },
    /// Separates groups of nodes from each other, both ways; nodes not listed form one more
    /// group together.
    Partition {
        /// The groups.
        groups: Vec<Vec<NodeId>>,
    },
    /// Cuts the link `from` → `to` one way.
    Cut {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Removes every partition and cut (link faults stay).
    Heal,
    /// Multi-Paxos (revision 3): a new server joins. The simulator creates it (the next node
    /// id, with an empty log), and a client asks server `via` to add it: the change is a command
    /// chosen in the log like any other, and takes effect `alpha` slots later.
    AddServer {
        /// The server asked (it forwards the change to the leader).
        via: NodeId,
    },
    /// Multi-Paxos (revision 3): a client asks server `via` to remove server `node`, through
    /// the log like an addition.
    RemoveServer {
        /// The server asked.
        via: NodeId,
        /// The server to remove.
        node: NodeId,
    },
    /// A pending timer of `node` fires now, whatever its due time (as [`Action::Deliver`] does
    /// for a message): the schedules a model checker finds need every interleaving of timers
    /// and messages, not only the one logical time gives.
    Fire {
        /// The node.
        node: NodeId,
        /// Which of its timers.
        timer: Timer,
    },
    /// Two-phase commit: a client asks coordinator `node` to commit a new transaction (the
    /// simulator numbers them 1, 2, 3...). Every running participant first does its part,
    /// which decides its vote.
    Transaction {
        /// The coordinator.
        node: NodeId,
    },
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Step => write!(f, "step"),
            Action::Deliver { id } => write!(f, "deliver message #{id}"),
            Action::Drop { id } => write!(f, "drop message #{id}"),
            Action::Duplicate { id } => write!(f, "duplicate message #{id}"),
            Action::Crash { node } => write!(f, "crash node {}", node.0),
            Action::Restart { node } => write!(f, "restart node {}", node.0),
            Action::Propose { node, value } => write!(f, "propose {value:?} at node {}", node.0),
            Action::Misbehave { node } => write!(f, "misbehave at node {}", node.0),
            Action::Submit { node, request } => {
                write!(f, "submit {:?} at node {}", request.to_string(), node.0)
            }
            Action::SetLink { from, to, .. } => {
                write!(f, "set faults of link {} -> {}", from.0, to.0)
            }
            Action::Partition { groups } => {
                let groups: Vec<String> = groups
                    .iter()
                    .map(|g| {
                        let ids: Vec<String> = g.iter().map(|n| n.0.to_string()).collect();
                        format!("{{{}}}", ids.join(","))
                    })
                    .collect();
                write!(f, "partition {}", groups.join(" | "))
            }
            Action::Cut { from, to } => write!(f, "cut link {} -> {}", from.0, to.0),
            Action::Heal => write!(f, "heal"),
            Action::AddServer { via } => write!(f, "add a server via node {}", via.0),
            Action::RemoveServer { via, node } => {
                write!(f, "remove node {} via node {}", node.0, via.0)
            }
            Action::Transaction { node } => write!(f, "begin a transaction at node {}", node.0),
            Action::Fire { node, timer } => {
                write!(
                    f,
                    "fire the {} timer of node {}",
                    timer_name(*timer),
                    node.0
                )
            }
        }
    }
}

/// A timer's name in words ("retry", "suspect node 2").
pub fn timer_name(timer: Timer) -> String {
    match timer {
        Timer::Retry => "retry".into(),
        Timer::Election => "election".into(),
        Timer::Heartbeat => "heartbeat".into(),
        Timer::Suspect(node) => format!("suspect node {}", node.0),
    }
}

/// A proposed value must be 1 to [`MAX_VALUE_CHARS`] characters with no control characters.
pub fn validate_value(value: &str) -> Result<()> {
    let chars = value.chars().count();
    if value.trim().is_empty() {
        Err(Error::InvalidValue("a value must not be empty".into()))
    } else if chars > MAX_VALUE_CHARS {
        Err(Error::InvalidValue(format!(
            "a value must be at most {MAX_VALUE_CHARS} characters, got {chars}"
        )))
    } else if value.chars().any(char::is_control) {
        Err(Error::InvalidValue(
            "a value must not contain control characters".into(),
        ))
    } else {
        Ok(())
    }
}
