//! Renaming nodes: the isomorphism behind a model checker's symmetry reduction.
//!
//! Nothing in Basic Paxos depends on *which* acceptor is which: a proposer needs promises from
//! some majority, not from a particular one (Paxos Made Simple, section 2.2). So if a state is
//! reachable, the state with two acceptors' names swapped everywhere — their own ids, the
//! messages to and from them, every tally and every record of what they promised and
//! accepted — is reachable too, and its future is the same up to the same swap. A checker may
//! then visit one state of each such class instead of all of them.
//!
//! Two-phase commit is the same for its participants: the coordinator needs a yes from every
//! one of them, whichever they are, so participants that vote alike are interchangeable.
//!
//! [`Renaming`] is a permutation of node ids; `renamed` functions on the world, its roles and
//! messages, and the safety checker apply one. They are written for Basic Paxos (proposers,
//! acceptors, learners) and two-phase commit (coordinator, participants): the Multi-Paxos
//! replica is not renamed (`None`), so no reduction is offered for it.
//!
//! Whether a particular renaming *is* a symmetry of a configuration is for the caller to
//! decide (the checker only permutes acceptors, or participants with the same vote, that host
//! no other role and start out alike),
//! and a property test checks the claim on every state of small configurations: the
//! successors of a renamed state are the renamed successors.

use crate::ballot::{Ballot, NodeId};
use crate::message::{Message, Proposal};
use crate::roles::Timer;
use crate::world::Packet;

/// A permutation of node ids: node `i` is called `map[i]` afterwards (ids beyond the map keep
/// their name).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Renaming {
    map: Vec<NodeId>,
}

impl Renaming {
    /// The renaming that sends node `i` to `map[i]`; `None` unless `map` is a permutation of
    /// `0..map.len()`.
    pub fn new(map: Vec<NodeId>) -> Option<Self> {
        let mut seen = vec![false; map.len()];
        for id in &map {
            let slot = seen.get_mut(id.0 as usize)?;
            if std::mem::replace(slot, true) {
                return None;
            }
        }
        Some(Self { map })
    }

    /// The renaming of `n` nodes that changes nothing.
    pub fn identity(n: usize) -> Self {
        Self {
            map: (0..n as u32).map(NodeId).collect(),
        }
    }

    /// The new name of `node`.
    pub fn of(&self, node: NodeId) -> NodeId {
        self.map.get(node.0 as usize).copied().unwrap_or(node)
    }

    /// The new names of `nodes`, in the same order.
    pub fn all(&self, nodes: &[NodeId]) -> Vec<NodeId> {
        nodes.iter().map(|&n| self.of(n)).collect()
    }

    /// Whether it changes no name.
    pub fn is_identity(&self) -> bool {
        self.map.iter().enumerate().all(|(i, n)| n.0 as usize == i)
    }

    /// A ballot with its proposer renamed.
    pub fn ballot(&self, ballot: Ballot) -> Ballot {
        Ballot::new(ballot.round, self.of(ballot.node))
    }

    /// A proposal with its ballot renamed.
    pub fn proposal(&self, proposal: &Proposal) -> Proposal {
        Proposal {
            ballot: self.ballot(proposal.ballot),
            value: proposal.value.clone(),
        }
    }

    /// A timer with the node it names renamed.
    pub fn timer(&self, timer: Timer) -> Timer {
        match timer {
            Timer::Suspect(node) => Timer::Suspect(self.of(node)),
            other => other,
        }
    }

    /// A Basic Paxos or two-phase-commit message, renamed; `None` for Multi-Paxos messages.
    pub fn message(&self, message: &Message) -> Option<Message> {
        let b = |ballot: &Ballot| self.ballot(*ballot);
        Some(match message {
            Message::Prepare { ballot } => Message::Prepare { ballot: b(ballot) },
            Message::Promise { ballot, accepted } => Message::Promise {
                ballot: b(ballot),
                accepted: accepted.as_ref().map(|p| self.proposal(p)),
            },
            Message::Accept { ballot, value } => Message::Accept {
                ballot: b(ballot),
                value: value.clone(),
            },
            Message::Accepted { ballot, value } => Message::Accepted {
                ballot: b(ballot),
                value: value.clone(),
            },
            Message::Reject { ballot, promised } => Message::Reject {
                ballot: b(ballot),
                promised: b(promised),
            },
            Message::Refused { ballot, ceiling } => Message::Refused {
                ballot: b(ballot),
                ceiling: *ceiling,
            },
            Message::ForwardValue { value } => Message::ForwardValue {
                value: value.clone(),
            },
            Message::Decide { ballot, value } => Message::Decide {
                ballot: b(ballot),
                value: value.clone(),
            },
            Message::Learned { ballot } => Message::Learned { ballot: b(ballot) },
            // Two-phase commit's messages name a transaction, never a node.
            Message::TxPrepare { .. }
            | Message::TxVote { .. }
            | Message::TxDecision { .. }
            | Message::TxAck { .. }
            | Message::TxQuery { .. } => message.clone(),
            _ => return None,
        })
    }

    /// A message in flight, renamed (sender, receiver and contents).
    pub fn packet(&self, packet: &Packet) -> Option<Packet> {
        Some(Packet {
            from: self.of(packet.from),
            to: self.of(packet.to),
            message: self.message(&packet.message)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_permutations_are_renamings() {
        assert!(Renaming::new(vec![NodeId(1), NodeId(0), NodeId(2)]).is_some());
        assert!(Renaming::new(vec![NodeId(1), NodeId(1)]).is_none());
        assert!(Renaming::new(vec![NodeId(0), NodeId(5)]).is_none());
        assert!(Renaming::identity(4).is_identity());
        let swap = Renaming::new(vec![NodeId(1), NodeId(0)]).unwrap();
        assert!(!swap.is_identity());
        assert_eq!(swap.of(NodeId(0)), NodeId(1));
        assert_eq!(
            swap.of(NodeId(7)),
            NodeId(7),
            "ids beyond the map keep their name"
        );
    }

    #[test]
    fn a_renamed_message_names_the_new_nodes_and_keeps_the_rest() {
        let swap = Renaming::new(vec![NodeId(1), NodeId(0)]).unwrap();
        let promise = Message::Promise {
            ballot: Ballot::new(3, NodeId(0)),
            accepted: Some(Proposal {
                ballot: Ballot::new(2, NodeId(1)),
                value: "red".into(),
            }),
        };
        let renamed = swap.message(&promise).unwrap();
        assert_eq!(
            renamed,
            Message::Promise {
                ballot: Ballot::new(3, NodeId(1)),
                accepted: Some(Proposal {
                    ballot: Ballot::new(2, NodeId(0)),
                    value: "red".into(),
                }),
            }
        );
        assert_eq!(swap.message(&renamed).unwrap(), promise);
        // Two-phase commit's messages name no node; Multi-Paxos's are not renamed.
        let prepare = Message::TxPrepare { tx: 1 };
        assert_eq!(swap.message(&prepare), Some(prepare));
        let leader = Message::LeaderPrepare {
            ballot: Ballot::new(1, NodeId(0)),
            first_slot: 0,
        };
        assert!(swap.message(&leader).is_none());
        assert_eq!(
            swap.timer(Timer::Suspect(NodeId(1))),
            Timer::Suspect(NodeId(0))
        );
    }
}
