//! What a lesson step expects of the run: checked on the snapshot once the step's actions are
//! applied (and, for a task, after every action of the student's). Each is a fact the page
//! also shows: a value chosen, a learner that learned, a proposer that adopted a value from a
//! promise, a broken rule, a no-op slot, a leader, participants blocked.

use crate::ballot::NodeId;
use crate::checks::Rule;
use crate::message::Value;
use crate::twopc::TxState;
use crate::view::node::{PhaseName, RoleName};
use crate::view::Snapshot;
use serde::{Deserialize, Serialize};

/// One expectation, e.g. `{"type": "chosen", "value": "blue"}`.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Expectation {
    /// `value` is chosen (Basic Paxos; any slot in Multi-Paxos).
    Chosen {
        /// The value.
        value: Value,
    },
    /// No value is chosen (yet).
    NothingChosen,
    /// Two different values are chosen: what a broken rule leads to.
    TwoChosen,
    /// Learner `node` learned `value`.
    Learned {
        /// The learner.
        node: NodeId,
        /// The value.
        value: Value,
    },
    /// Every live learner learned the chosen value (termination).
    AllLearned,
    /// Acceptor `node` has accepted `value`.
    Accepted {
        /// The acceptor.
        node: NodeId,
        /// The value.
        value: Value,
    },
    /// Proposer `node` proposes (or got chosen) `value`, adopted from a promise instead of its
    /// client's own.
    Adopted {
        /// The proposer.
        node: NodeId,
        /// The value it adopted.
        value: Value,
    },
    /// Proposer `node` knows `value` was chosen, and its client's value lost.
    ClientLost {
        /// The proposer.
        node: NodeId,
    },
    /// Proposer `node` is backing off after a reject.
    Rejected {
        /// The proposer.
        node: NodeId,
    },
    /// Rule `rule` is broken.
    Violated {
        /// The rule.
        rule: Rule,
    },
    /// Every safety rule holds.
    Safe,
    /// Node `node` is crashed.
    Down {
        /// The node.
        node: NodeId,
    },
    /// Multi-Paxos: slot `slot` is chosen with `value` ("no-op" for a no-op).
    SlotChosen {
        /// The slot.
        slot: u64,
        /// The command as the log shows it, e.g. "#1 put x=1" or "no-op".
        value: Value,
    },
    /// Multi-Paxos: at least `count` slots are chosen.
    SlotsChosen {
        /// How many.
        count: usize,
    },
    /// Multi-Paxos: server `node` is the leader.
    Leader {
        /// The server.
        node: NodeId,
    },
    /// The run is a livelock: proposers keep pre-empting each other.
    Livelock,
    /// Two-phase commit: participants voted yes and are blocked while the coordinator is down.
    Blocked,
    /// No message is in flight to a node that is up: the network has gone quiet (timers may
    /// still be pending). With nothing chosen, the end of a "stuck" path of the model checker.
    Quiet,
    // Basic lessons (helper)
    /// Acceptor `node` holds no accepted proposal: it never accepted one, or it forgot the one
    /// it had (an acceptor without stable storage, restarted).
    AcceptedNothing {
        /// The acceptor.
        node: NodeId,
    },
    // More lessons (helper): group management and failure detection.
    /// Multi-Paxos: server `node` has applied at least `count` slots to its key-value store
    /// (a new server that caught up, a slow one that is in fact alive).
    Applied {
        /// The server.
        node: NodeId,
        /// How many slots, at least.
        count: u64,
    },
    /// Multi-Paxos (revision 3): the newest configuration set up by the log (once a server has
    /// applied the change, whether or not it is in force yet) has exactly these servers.
    Configuration {
        /// The servers, in any order.
        members: Vec<NodeId>,
    },
    /// Multi-Paxos (revision 3): server `node` suspects server `peer` is dead (advice only: it
    /// may be merely slow).
    Suspects {
        /// The server that suspects.
        node: NodeId,
        /// The server suspected.
        peer: NodeId,
    },
    /// Two-phase commit: every running participant knows the outcome of transaction `tx`:
    /// committed (`commit` true) or aborted.
    Outcome {
        /// The transaction (numbered 1, 2, 3...).
        tx: u64,
        /// Committed, or aborted.
        commit: bool,
    },
}

impl Expectation {
    /// The node it names, if any (for validation).
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Self::Learned { node, .. }
            | Self::Accepted { node, .. }
            | Self::Adopted { node, .. }
            | Self::ClientLost { node }
            | Self::Rejected { node }
            | Self::Down { node }
            | Self::Leader { node } => Some(*node),
            // Basic lessons (helper)
            Self::AcceptedNothing { node } => Some(*node),
            // More lessons (helper).
            Self::Applied { node, .. } => Some(*node),
            Self::Suspects { node, peer } => Some((*node).max(*peer)),
            Self::Configuration { members } => members.iter().max().copied(),
            _ => None,
        }
    }

    /// Whether it holds in `snap`.
    pub fn holds(&self, snap: &Snapshot) -> bool {
        let node = |id: &NodeId| snap.nodes.get(id.0 as usize);
        let proposer = |id: &NodeId| node(id).and_then(|n| n.proposer.as_ref());
        let distinct = || {
            let mut values: Vec<&Value> = snap
                .chosen
                .iter()
                .filter(|c| c.slot == 0)
                .map(|c| &c.value)
                .collect();
            values.sort();
            values.dedup();
            values.len()
        };
        match self {
            Self::Chosen { value } => snap.chosen.iter().any(|c| &c.value == value),
            Self::NothingChosen => snap.chosen.is_empty(),
            Self::TwoChosen => distinct() > 1,
            Self::Learned { node: id, value } => node(id)
                .and_then(|n| n.learner.as_ref())
                .and_then(|l| l.learned.as_ref())
                .is_some_and(|p| &p.value == value),
            Self::AllLearned => match snap.chosen.first() {
                None => false,
                Some(c) => snap
                    .nodes
                    .iter()
                    .filter(|n| n.up)
                    .filter_map(|n| n.learner.as_ref())
                    .all(|l| l.learned.as_ref().is_some_and(|p| p.value == c.value)),
            },
            Self::Accepted { node: id, value } => node(id)
                .and_then(|n| n.acceptor.as_ref())
                .and_then(|a| a.accepted.as_ref())
                .is_some_and(|p| &p.value == value),
            Self::Adopted { node: id, value } => proposer(id).is_some_and(|p| {
                p.adopted
                    && p.value.as_ref() == Some(value)
                    && p.client_value.as_ref() != Some(value)
            }),
            Self::ClientLost { node: id } => proposer(id).is_some_and(|p| {
                p.phase == PhaseName::Chosen
                    && p.client_value.is_some()
                    && p.value != p.client_value
            }),
            Self::Rejected { node: id } => {
                proposer(id).is_some_and(|p| p.phase == PhaseName::BackingOff)
            }
            Self::Violated { rule } => snap.checks.violations.iter().any(|v| v.rule == *rule),
            Self::Safe => snap.checks.violations.is_empty(),
            Self::Down { node: id } => node(id).is_some_and(|n| !n.up),
            Self::SlotChosen { slot, value } => snap
                .chosen
                .iter()
                .any(|c| c.slot == *slot && &c.value == value),
            Self::SlotsChosen { count } => {
                let mut slots: Vec<u64> = snap.chosen.iter().map(|c| c.slot).collect();
                slots.sort_unstable();
                slots.dedup();
                slots.len() >= *count
            }
            Self::Leader { node: id } => node(id)
                .and_then(|n| n.replica.as_ref())
                .is_some_and(|r| r.role == RoleName::Leader && node(id).is_some_and(|n| n.up)),
            Self::Livelock => snap.livelock.is_some(),
            Self::Quiet => snap
                .messages
                .iter()
                .all(|m| node(&m.to).is_none_or(|n| !n.up)),
            Self::Blocked => {
                let coordinator_down = snap.nodes.iter().any(|n| n.coordinator.is_some() && !n.up);
                coordinator_down
                    && snap
                        .nodes
                        .iter()
                        .any(|n| n.participant.as_ref().is_some_and(|p| p.uncertain))
            }
            // Basic lessons (helper)
            Self::AcceptedNothing { node: id } => node(id)
                .and_then(|n| n.acceptor.as_ref())
                .is_some_and(|a| a.accepted.is_none()),
            // More lessons (helper).
            Self::Applied { node: id, count } => node(id)
                .and_then(|n| n.replica.as_ref())
                .is_some_and(|r| r.applied >= *count),
            Self::Configuration { members } => snap
                .epochs
                .as_ref()
                .and_then(|e| e.last())
                .is_some_and(|e| {
                    let mut want = members.clone();
                    want.sort_unstable();
                    want.dedup();
                    let mut have = e.members.clone();
                    have.sort_unstable();
                    want == have
                }),
            Self::Suspects { node: id, peer } => node(id)
                .and_then(|n| n.replica.as_ref())
                .is_some_and(|r| r.suspects.contains(peer)),
            Self::Outcome { tx, commit } => {
                let want = if *commit {
                    TxState::Committed
                } else {
                    TxState::Aborted
                };
                let mut running = snap
                    .nodes
                    .iter()
                    .filter(|n| n.up)
                    .filter_map(|n| n.participant.as_ref())
                    .peekable();
                running.peek().is_some()
                    && running.all(|p| {
                        p.transactions
                            .iter()
                            .any(|t| t.tx == *tx && t.state == want)
                    })
            }
        }
    }
}
