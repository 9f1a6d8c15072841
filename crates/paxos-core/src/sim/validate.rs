//! Every precondition of an action, checked before anything changes, so a refused action
//! leaves the simulation exactly as it was.

use super::{Action, Simulation};
use crate::ballot::NodeId;
use crate::config::Mode;
use crate::error::{Error, Result};
use crate::world::Node;

use super::action::validate_value;

impl Simulation {
    /// A node by id, with its name; an unknown id is an error naming the range.
    fn named(&self, id: NodeId) -> Result<(String, &Node)> {
        let node = self.world.node(id).ok_or(Error::UnknownNode {
            id: id.0,
            last: self.world.len().saturating_sub(1) as u32,
        })?;
        Ok((self.name(id), node))
    }

    /// Every precondition of `action`, checked before anything changes.
    pub(super) fn validate(&self, action: &Action) -> Result<()> {
        match action {
            Action::Step if self.is_idle() => Err(Error::Idle),
            Action::Step => Ok(()),
            Action::Deliver { id } | Action::Drop { id } | Action::Duplicate { id } => {
                if self.in_flight.contains_key(id) {
                    Ok(())
                } else {
                    Err(Error::UnknownMessage(*id))
                }
            }
            Action::Crash { node } => {
                let (name, node) = self.named(*node)?;
                if node.up {
                    Ok(())
                } else {
                    Err(Error::NodeDown(name))
                }
            }
            Action::Restart { node } => {
                let (name, node) = self.named(*node)?;
                if node.up {
                    Err(Error::NodeUp(name))
                } else {
                    Ok(())
                }
            }
            Action::Propose { node, value } => {
                let (name, node) = self.named(*node)?;
                if self.config.mode == Mode::Multi {
                    return Err(Error::WrongMode(
                        "this is a Multi-Paxos cluster: submit commands, not values".into(),
                    ));
                }
                if node.proposer().is_none() {
                    return Err(Error::NotAProposer(name));
                }
                if !node.up {
                    return Err(Error::NodeDown(name));
                }
                validate_value(value)
            }
            Action::Misbehave { node } => {
                let (name, node) = self.named(*node)?;
                if node.proposer().is_none() {
                    return Err(Error::NotAProposer(name));
                }
                if !node.up {
                    return Err(Error::NodeDown(name));
                }
                Ok(())
            }
            Action::Submit { node, request } => {
                let (name, node) = self.named(*node)?;
                if node.replica().is_none() {
                    return Err(Error::WrongMode(
                        "this is a Basic Paxos cluster: propose values, not commands".into(),
                    ));
                }
                if !node.up {
                    return Err(Error::NodeDown(name));
                }
                request.validate()
            }
            Action::SetLink { from, to, faults } => {
                self.named(*from)?;
                self.named(*to)?;
                faults.validate()
            }
            Action::Cut { from, to } => {
                self.named(*from)?;
                self.named(*to)?;
                if from == to {
                    return Err(Error::InvalidConfig(
                        "a node cannot be cut from itself".into(),
                    ));
                }
                Ok(())
            }
            Action::Partition { groups } => {
                let mut seen = std::collections::BTreeSet::new();
                for &node in groups.iter().flatten() {
                    let (name, _) = self.named(node)?;
                    if !seen.insert(node) {
                        return Err(Error::InvalidConfig(format!(
                            "{name} is in two groups of the partition"
                        )));
                    }
                }
                if seen.is_empty() {
                    return Err(Error::InvalidConfig(
                        "a partition needs at least one node in a group".into(),
                    ));
                }
                Ok(())
            }
            Action::Heal => Ok(()),
        }
    }
}
