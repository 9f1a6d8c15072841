//! Every precondition of an action, checked before anything changes, so a refused action
//! leaves the simulation exactly as it was.

use super::{Action, Simulation};
use crate::ballot::NodeId;
use crate::config::Mode;
use crate::error::{Error, Result};
use crate::world::Node;

use super::action::validate_value;

/// The most servers a Multi-Paxos cluster may ever have had (its node ids are never reused).
pub const MAX_SERVERS: usize = 9;

impl Simulation {
    /// A node by id, with its name; an unknown id is an error naming the range.
    fn named(&self, id: NodeId) -> Result<(String, &Node)> {
        let node = self.world.node(id).ok_or(Error::UnknownNode {
            id: id.0,
            last: self.world.len().saturating_sub(1) as u32,
        })?;
        Ok((self.name(id), node))
    }

    /// An error for an action of another protocol than this cluster's.
    fn wrong_mode(&self, why: &str) -> Error {
        let what = match self.config.mode {
            Mode::Basic => "propose values",
            Mode::Multi => "submit commands",
            Mode::TwoPhase => "begin transactions",
        };
        Error::WrongMode(format!(
            "{why}; this is a {} cluster: {what}",
            self.config.mode.name()
        ))
    }

    /// A running Multi-Paxos replica, with its name.
    fn running_replica(&self, id: NodeId) -> Result<(String, &Node)> {
        let (name, node) = self.named(id)?;
        if node.replica().is_none() {
            return Err(
                self.wrong_mode("commands and membership changes go to Multi-Paxos servers")
            );
        }
        if !node.up {
            return Err(Error::NodeDown(name));
        }
        Ok((name, node))
    }

    /// Membership changes need Multi-Paxos at protocol revision 3.
    fn reconfigurable(&self) -> Result<()> {
        if self.config.mode != Mode::Multi {
            return Err(self.wrong_mode("servers are added and removed in Multi-Paxos"));
        }
        if self.config.revision < 3 {
            return Err(Error::WrongMode(format!(
                "this run follows protocol revision {}, from before servers could be added or removed",
                self.config.revision
            )));
        }
        Ok(())
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
            Action::Fire { node, timer } => {
                let (name, _) = self.named(*node)?;
                if self.timers.values().any(|t| *t == (*node, *timer)) {
                    Ok(())
                } else {
                    Err(Error::NotEnabled(format!(
                        "{name} has no pending {} timer",
                        super::action::timer_name(*timer)
                    )))
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
                if self.config.mode != Mode::Basic {
                    return Err(self.wrong_mode("values are proposed in Basic Paxos"));
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
                self.running_replica(*node)?;
                request.validate()
            }
            Action::AddServer { via } => {
                self.reconfigurable()?;
                self.running_replica(*via)?;
                if self.world.len() >= MAX_SERVERS {
                    return Err(Error::InvalidConfig(format!(
                        "a cluster has at most {MAX_SERVERS} servers, created or removed"
                    )));
                }
                Ok(())
            }
            Action::RemoveServer { via, node } => {
                self.reconfigurable()?;
                let (_, asked) = self.running_replica(*via)?;
                let (name, target) = self.named(*node)?;
                let members = asked
                    .replica()
                    .map(|r| r.latest_members())
                    .unwrap_or_default();
                if target.replica().is_none() || !members.contains(node) {
                    return Err(Error::InvalidConfig(format!(
                        "{name} is not a server of the cluster as {} knows it",
                        self.name(*via)
                    )));
                }
                if members.len() <= 1 {
                    return Err(Error::InvalidConfig(
                        "the last server of a cluster cannot be removed".into(),
                    ));
                }
                Ok(())
            }
            Action::Transaction { node } => {
                let (name, n) = self.named(*node)?;
                if self.config.mode != Mode::TwoPhase {
                    return Err(self.wrong_mode("transactions belong to two-phase commit"));
                }
                if n.coordinator().is_none() {
                    return Err(Error::WrongMode(format!(
                        "{name} is a participant: transactions go to the coordinator"
                    )));
                }
                if !n.up {
                    return Err(Error::NodeDown(name));
                }
                Ok(())
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
                let mut seen = crate::vecmap::VecSet::new();
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
