//! The deterministic simulator: nodes, a seeded network, logical time, and an action log.
//!
//! The simulator owns every node, the messages in flight and the pending timers. Nothing changes
//! except through an [`Action`]:
//!
//! * `step`: deliver the next due message, or fire the next due timer, whichever is earlier
//!   (a message first on a tie; ties among messages go to the lowest id), advancing time to it;
//! * `deliver(id)`, `drop(id)`, `duplicate(id)`: the user plays the network;
//! * `crash(node)`, `restart(node)`: a crash loses the node's volatile state, its timers and every
//!   message addressed to it; stable storage (the acceptor's promise and accepted proposal, the
//!   proposer's highest round, the learner's learned value) survives;
//! * `propose(node, value)`: a client asks a proposer to get `value` chosen.
//!
//! Each message's network delay, and a jitter on each timer, are drawn from a seeded [`SimRng`],
//! the only source of randomness. Every accepted action is appended to the log, so a [`Trace`]
//! (configuration, seed, actions) replays to the identical state, bit for bit, on any platform.
//! After every action the [`Checker`] checks the safety rules.
//!
//! A refused action (unknown id, crashed node, ...) returns an [`Error`] and changes nothing.

use crate::ballot::{Ballot, NodeId};
use crate::checks::{CheckReport, Checker, Chosen, Observation, Violation};
use crate::config::{Config, Layout, Mode, Sabotage};
use crate::error::{Error, Result};
use crate::message::{Message, MessageKind, Proposal, Value};
use crate::multi::command::{Command, Op};
use crate::multi::replica::{Replica, ReplicaOptions, Role};
use crate::network::{LinkFaults, Network};
use crate::rng::SimRng;
use crate::roles::acceptor::{Acceptor, AcceptorState};
use crate::roles::learner::Learner;
use crate::roles::proposer::{Phase, Proposer, ProposerOptions};
use crate::roles::{Outbox, Output};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the [`Trace`] format this build writes and reads.
pub const TRACE_VERSION: u32 = 1;

/// The longest value a client may propose, in characters.
pub const MAX_VALUE_CHARS: usize = 64;

/// The stable id of a message in flight; ids are never reused within a run.
pub type MessageId = u64;

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
            Action::Submit { node, request } => {
                let command = Command {
                    id: 0,
                    op: request.clone(),
                };
                let text = command.to_string();
                write!(
                    f,
                    "submit {:?} at node {}",
                    text.trim_start_matches("#0 "),
                    node.0
                )
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
        }
    }
}

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

/// A run as data: enough to replay it exactly. This is the trace, permalink and scenario format.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// Format version, [`TRACE_VERSION`].
    pub version: u32,
    /// The cluster's configuration.
    pub config: Config,
    /// The seed of the network's random numbers.
    pub seed: u32,
    /// Every action, in order.
    pub actions: Vec<Action>,
    /// The step being shown, when it is not the last one (after rewinding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    id: NodeId,
    name: String,
    up: bool,
    proposer: Option<Proposer>,
    acceptor: Option<Acceptor>,
    learner: Option<Learner>,
    replica: Option<Replica>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Timer {
    node: NodeId,
    token: u64,
}

/// The simulation: nodes, network, time, the action log and the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    config: Config,
    seed: u32,
    rng: SimRng,
    nodes: Vec<Node>,
    now: u64,
    next_message: MessageId,
    in_flight: BTreeMap<MessageId, Envelope>,
    /// Pending timers keyed by (due time, creation order).
    timers: BTreeMap<(u64, u64), Timer>,
    next_timer: u64,
    /// Shared with checkpoints: cloning a simulation does not copy its history.
    log: imbl::Vector<Action>,
    checker: Checker,
    next_command: u64,
    counters: Counters,
    network: Network,
}

impl Simulation {
    /// A fresh simulation of `config`, its network seeded with `seed`.
    pub fn new(config: Config, seed: u32) -> Result<Self> {
        config.validate()?;
        let nodes = build_nodes(&config);
        let mut checker = Checker::new(config.acceptors as usize);
        if config.mode == Mode::Multi {
            checker.record_proposal(&Command::noop().to_string());
        }
        let mut sim = Self {
            config,
            seed,
            rng: SimRng::new(u64::from(seed)),
            nodes,
            now: 0,
            next_message: 1,
            in_flight: BTreeMap::new(),
            timers: BTreeMap::new(),
            next_timer: 0,
            log: imbl::Vector::new(),
            checker,
            next_command: 1,
            counters: Counters::default(),
            network: Network::default(),
        };
        // Multi-Paxos replicas start waiting for a leader (their election timers run).
        for id in 0..sim.nodes.len() {
            sim.start_replica(NodeId(id as u32), &mut Vec::new());
        }
        Ok(sim)
    }

    fn start_replica(&mut self, id: NodeId, events: &mut Vec<Event>) {
        let mut out = Outbox::new();
        if let Some(replica) = self.nodes[id.0 as usize].replica.as_mut() {
            replica.start(&mut out);
        }
        self.carry(id, out, events);
    }

    /// Rebuilds a run from its configuration, seed and action log. The result equals the
    /// original simulation in every respect; an action that cannot be replayed is an error
    /// naming it.
    pub fn replay(config: Config, seed: u32, actions: &[Action]) -> Result<Self> {
        let mut sim = Self::new(config, seed)?;
        for (index, action) in actions.iter().enumerate() {
            sim.apply(action.clone()).map_err(|err| {
                Error::InvalidTrace(format!("action {} ({action}) failed: {err}", index + 1))
            })?;
        }
        Ok(sim)
    }

    /// Replays a [`Trace`] up to its cursor, after checking its version. (A
    /// [`Timeline`](crate::Timeline) keeps the rest of the history too.)
    pub fn from_trace(trace: &Trace) -> Result<Self> {
        if trace.version != TRACE_VERSION {
            return Err(Error::InvalidTrace(format!(
                "unsupported version {}; this build reads version {TRACE_VERSION}",
                trace.version
            )));
        }
        // A trace saved while rewound opens at its cursor.
        let upto = match trace.cursor {
            None => trace.actions.len(),
            Some(cursor) => usize::try_from(cursor)
                .ok()
                .filter(|&c| c <= trace.actions.len())
                .ok_or_else(|| {
                    Error::InvalidTrace(format!(
                        "its cursor {cursor} is beyond its {} actions",
                        trace.actions.len()
                    ))
                })?,
        };
        Self::replay(trace.config.clone(), trace.seed, &trace.actions[..upto])
    }

    /// The run so far as a [`Trace`].
    pub fn trace(&self) -> Trace {
        Trace {
            version: TRACE_VERSION,
            config: self.config.clone(),
            seed: self.seed,
            actions: self.log.iter().cloned().collect(),
            cursor: None,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The action log.
    pub fn log(&self) -> &imbl::Vector<Action> {
        &self.log
    }

    /// Logical time.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The messages in flight, by id.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.in_flight.values()
    }

    /// The checker (chosen values, violations).
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// Whether nothing is due: no message in flight and no timer pending.
    pub fn is_idle(&self) -> bool {
        self.in_flight.is_empty() && self.timers.is_empty()
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Ids of the proposer nodes.
    pub fn proposers(&self) -> Vec<NodeId> {
        self.nodes
            .iter()
            .filter(|n| n.proposer.is_some())
            .map(|n| n.id)
            .collect()
    }

    /// Ids of the acceptor nodes.
    pub fn acceptors(&self) -> Vec<NodeId> {
        self.nodes
            .iter()
            .filter(|n| n.acceptor.is_some())
            .map(|n| n.id)
            .collect()
    }

    /// Whether a node is up (false for unknown ids).
    pub fn is_up(&self, node: NodeId) -> bool {
        self.nodes.get(node.0 as usize).is_some_and(|n| n.up)
    }

    /// The Multi-Paxos replica on `node`, if it is one.
    pub fn replica(&self, node: NodeId) -> Option<&Replica> {
        self.nodes.get(node.0 as usize)?.replica.as_ref()
    }

    /// What each learner has learned, by node.
    pub fn learned(&self) -> Vec<(NodeId, Option<&Proposal>)> {
        self.nodes
            .iter()
            .filter_map(|n| n.learner.as_ref().map(|l| (n.id, l.learned())))
            .collect()
    }

    /// Applies one action. On success it is logged, checked and reported; on error nothing
    /// changed.
    pub fn apply(&mut self, action: Action) -> Result<Report> {
        self.validate(&action)?;
        let mut events = Vec::new();
        match &action {
            Action::Step => self.step_next(&mut events),
            Action::Deliver { id } => {
                if let Some(envelope) = self.in_flight.remove(id) {
                    self.receive(envelope, &mut events);
                }
            }
            Action::Drop { id } => {
                if let Some(envelope) = self.in_flight.remove(id) {
                    events.push(lost(&envelope, LossReason::Dropped));
                }
            }
            Action::Duplicate { id } => {
                if let Some(original) = self.in_flight.get(id).cloned() {
                    let copy = self.post(original.from, original.to, original.message);
                    events.push(Event::Duplicated { id: *id, copy });
                }
            }
            Action::SetLink { from, to, faults } => {
                self.network.set_link(*from, *to, faults.clone());
                events.push(Event::NetworkChanged {
                    change: format!("link {} → {} set", self.name(*from), self.name(*to)),
                });
            }
            Action::Partition { groups } => {
                let mut groups = groups.clone();
                let listed: Vec<NodeId> = groups.iter().flatten().copied().collect();
                let rest: Vec<NodeId> = (0..self.nodes.len() as u32)
                    .map(NodeId)
                    .filter(|n| !listed.contains(n))
                    .collect();
                if !rest.is_empty() {
                    groups.push(rest);
                }
                self.network.partition(&groups);
                let names: Vec<String> = groups
                    .iter()
                    .map(|g| {
                        let names: Vec<String> = g.iter().map(|&n| self.name(n)).collect();
                        names.join(", ")
                    })
                    .collect();
                events.push(Event::NetworkChanged {
                    change: format!("partition: {{{}}}", names.join("} | {")),
                });
            }
            Action::Cut { from, to } => {
                self.network.cut(*from, *to);
                events.push(Event::NetworkChanged {
                    change: format!("link {} → {} cut", self.name(*from), self.name(*to)),
                });
            }
            Action::Heal => {
                self.network.heal();
                events.push(Event::NetworkChanged {
                    change: "every partition healed".into(),
                });
            }
            Action::Crash { node } => self.crash(*node, &mut events),
            Action::Restart { node } => {
                self.nodes[node.0 as usize].up = true;
                events.push(Event::Restarted { node: *node });
                self.start_replica(*node, &mut events);
            }
            Action::Submit { node, request } => {
                let command = Command {
                    id: self.next_command,
                    op: request.clone(),
                };
                self.next_command += 1;
                self.counters.commands += 1;
                self.checker.record_proposal(&command.to_string());
                events.push(Event::Submitted {
                    node: *node,
                    command: command.clone(),
                });
                let mut out = Outbox::new();
                if let Some(replica) = self.nodes[node.0 as usize].replica.as_mut() {
                    replica.submit(command, &mut out);
                }
                self.carry(*node, out, &mut events);
            }
            Action::Propose { node, value } => {
                self.checker.record_proposal(value);
                events.push(Event::Proposed {
                    node: *node,
                    value: value.clone(),
                });
                let mut out = Outbox::new();
                if let Some(proposer) = self.nodes[node.0 as usize].proposer.as_mut() {
                    proposer.propose(value.clone(), &mut out);
                }
                self.carry(*node, out, &mut events);
            }
        }
        self.log.push_back(action.clone());
        let step = self.log.len() as u64;
        self.check(step, &mut events);
        Ok(Report {
            step,
            time: self.now,
            action,
            events,
        })
    }

    /// Applies [`Action::Step`]; [`Error::Idle`] when nothing is due.
    pub fn step(&mut self) -> Result<Report> {
        self.apply(Action::Step)
    }

    /// Every precondition of `action`, checked before anything changes.
    fn validate(&self, action: &Action) -> Result<()> {
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
                let node = self.node(*node)?;
                if node.up {
                    Ok(())
                } else {
                    Err(Error::NodeDown(node.name.clone()))
                }
            }
            Action::Restart { node } => {
                let node = self.node(*node)?;
                if node.up {
                    Err(Error::NodeUp(node.name.clone()))
                } else {
                    Ok(())
                }
            }
            Action::Propose { node, value } => {
                let node = self.node(*node)?;
                if self.config.mode == Mode::Multi {
                    return Err(Error::WrongMode(
                        "this is a Multi-Paxos cluster: submit commands, not values".into(),
                    ));
                }
                if node.proposer.is_none() {
                    return Err(Error::NotAProposer(node.name.clone()));
                }
                if !node.up {
                    return Err(Error::NodeDown(node.name.clone()));
                }
                validate_value(value)
            }
            Action::Submit { node, request } => {
                let node = self.node(*node)?;
                if node.replica.is_none() {
                    return Err(Error::WrongMode(
                        "this is a Basic Paxos cluster: propose values, not commands".into(),
                    ));
                }
                if !node.up {
                    return Err(Error::NodeDown(node.name.clone()));
                }
                request.validate()
            }
            Action::SetLink { from, to, faults } => {
                self.node(*from)?;
                self.node(*to)?;
                faults.validate()
            }
            Action::Cut { from, to } => {
                self.node(*from)?;
                self.node(*to)?;
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
                    let name = self.node(node)?.name.clone();
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

    fn name(&self, id: NodeId) -> String {
        self.nodes
            .get(id.0 as usize)
            .map_or_else(|| id.to_string(), |n| n.name.clone())
    }

    fn node(&self, id: NodeId) -> Result<&Node> {
        self.nodes.get(id.0 as usize).ok_or(Error::UnknownNode {
            id: id.0,
            last: self.nodes.len().saturating_sub(1) as u32,
        })
    }

    /// The next due message (lowest due time, then lowest id) or timer; messages win ties.
    fn step_next(&mut self, events: &mut Vec<Event>) {
        let message = self
            .in_flight
            .values()
            .min_by_key(|e| (e.due_at, e.id))
            .map(|e| (e.due_at, e.id));
        let timer = self.timers.keys().next().copied();
        let message_first = match (message, timer) {
            (Some((due, _)), Some((at, _))) => due <= at,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if let (true, Some((due, id))) = (message_first, message) {
            self.now = self.now.max(due);
            if let Some(envelope) = self.in_flight.remove(&id) {
                self.receive(envelope, events);
            }
        } else if let Some(key) = timer {
            self.now = self.now.max(key.0);
            if let Some(timer) = self.timers.remove(&key) {
                self.fire(timer, events);
            }
        }
    }

    /// Hands a message to its receiver's roles and carries out what they answer.
    fn receive(&mut self, envelope: Envelope, events: &mut Vec<Event>) {
        let Envelope { id, from, to, .. } = envelope;
        let Some(node) = self.nodes.get_mut(to.0 as usize) else {
            return;
        };
        if !node.up {
            events.push(lost(&envelope, LossReason::ReceiverDown));
            return;
        }
        if self.network.is_cut(from, to) {
            events.push(lost(&envelope, LossReason::Partitioned));
            return;
        }
        let mut out = Outbox::new();
        if let Some(replica) = node.replica.as_mut() {
            replica.on_message(from, envelope.message.clone(), &mut out);
        }
        match envelope.message.clone() {
            Message::Prepare { ballot } => {
                if let Some(acceptor) = node.acceptor.as_mut() {
                    acceptor.on_prepare(from, ballot, &mut out);
                }
            }
            Message::Accept { ballot, value } => {
                if let Some(acceptor) = node.acceptor.as_mut() {
                    acceptor.on_accept(from, ballot, value, &mut out);
                }
            }
            Message::Promise { ballot, accepted } => {
                if let Some(proposer) = node.proposer.as_mut() {
                    proposer.on_promise(from, ballot, accepted, &mut out);
                }
            }
            Message::Reject { ballot, promised } if node.proposer.is_some() => {
                if let Some(proposer) = node.proposer.as_mut() {
                    proposer.on_reject(ballot, promised, &mut out);
                }
            }
            Message::Accepted { ballot, value } => {
                if let Some(proposer) = node.proposer.as_mut() {
                    proposer.on_accepted(from, ballot, &mut out);
                }
                if let Some(learner) = node.learner.as_mut() {
                    learner.on_accepted(from, ballot, value, &mut out);
                }
            }
            // Multi-Paxos messages were handled by the replica above.
            Message::Reject { .. }
            | Message::LeaderPrepare { .. }
            | Message::LeaderPromise { .. }
            | Message::SlotAccept { .. }
            | Message::SlotAccepted { .. }
            | Message::Heartbeat { .. }
            | Message::Forward { .. }
            | Message::Missing { .. } => {}
        }
        events.push(Event::Delivered {
            id,
            from,
            to,
            message: envelope.message,
            sent_step: envelope.sent_step,
        });
        self.carry(to, out, events);
    }

    fn fire(&mut self, timer: Timer, events: &mut Vec<Event>) {
        let mut out = Outbox::new();
        let node = &mut self.nodes[timer.node.0 as usize];
        if let Some(proposer) = node.proposer.as_mut() {
            proposer.on_timeout(timer.token, &mut out);
        }
        if let Some(replica) = node.replica.as_mut() {
            replica.on_timeout(timer.token, &mut out);
        }
        events.push(Event::TimerFired { node: timer.node });
        self.carry(timer.node, out, events);
    }

    /// Carries out a role's outputs: messages go in flight, timers are set, learning reported.
    fn carry(&mut self, from: NodeId, mut out: Outbox, events: &mut Vec<Event>) {
        for output in out.drain() {
            match output {
                Output::Send { to, message } => {
                    self.counters.count(message.kind());
                    self.send(from, to, message, events);
                }
                Output::SetTimer { token, delay } => {
                    // A seeded jitter of up to half the delay breaks the symmetry between
                    // proposers that would otherwise retry in lock-step for ever.
                    let due = self.now + delay + self.rng.between(0, delay / 2);
                    self.timers.retain(|_, t| t.node != from);
                    self.next_timer += 1;
                    self.timers
                        .insert((due, self.next_timer), Timer { node: from, token });
                }
                Output::CancelTimer => self.timers.retain(|_, t| t.node != from),
                Output::Learned(proposal) => events.push(Event::Learned {
                    node: from,
                    proposal,
                }),
            }
        }
    }

    /// A role sends a message: the link may lose it or deliver it twice (each a seeded draw,
    /// made only on a faulty link); otherwise it goes in flight.
    fn send(&mut self, from: NodeId, to: NodeId, message: Message, events: &mut Vec<Event>) {
        let faults = self.network.link(from, to);
        let kind = message.kind();
        if from != to && faults.loss > 0 && self.rng.between(0, 999) < u64::from(faults.loss) {
            let id = self.next_message;
            self.next_message += 1;
            events.push(Event::Sent { id, from, to, kind });
            events.push(Event::Lost {
                id,
                from,
                to,
                kind,
                reason: LossReason::LinkLoss,
                sent_step: self.log.len() as u64 + 1,
            });
            return;
        }
        let twice = from != to
            && faults.duplicate > 0
            && self.rng.between(0, 999) < u64::from(faults.duplicate);
        let copy = twice.then(|| message.clone());
        let id = self.post(from, to, message);
        events.push(Event::Sent { id, from, to, kind });
        if let Some(message) = copy {
            let copy = self.post(from, to, message);
            events.push(Event::Duplicated { id, copy });
        }
    }

    /// Puts a message in flight with a seeded delay (the link's range if it has one); returns
    /// its id.
    fn post(&mut self, from: NodeId, to: NodeId, message: Message) -> MessageId {
        let id = self.next_message;
        self.next_message += 1;
        let faults = self.network.link(from, to);
        let (lo, hi) = match (faults.min_delay, faults.max_delay) {
            (Some(lo), Some(hi)) if from != to => (lo, hi),
            _ => (self.config.min_delay, self.config.max_delay),
        };
        let mut due = self.now + self.rng.between(lo, hi);
        if faults.fifo && from != to {
            due = self.network.fifo_due(from, to, due);
        }
        let envelope = Envelope {
            id,
            from,
            to,
            kind: message.kind(),
            message,
            sent_at: self.now,
            due_at: due,
            sent_step: self.log.len() as u64 + 1,
        };
        self.in_flight.insert(id, envelope);
        id
    }

    fn crash(&mut self, id: NodeId, events: &mut Vec<Event>) {
        let node = &mut self.nodes[id.0 as usize];
        node.up = false;
        if let Some(proposer) = node.proposer.as_mut() {
            proposer.crash();
        }
        if let Some(learner) = node.learner.as_mut() {
            learner.crash();
        }
        if let Some(replica) = node.replica.as_mut() {
            replica.crash();
        }
        // The acceptor's state is all on stable storage: nothing to forget.
        events.push(Event::Crashed { node: id });
        self.timers.retain(|_, t| t.node != id);
        let doomed: Vec<MessageId> = self
            .in_flight
            .values()
            .filter(|e| e.to == id)
            .map(|e| e.id)
            .collect();
        for message in doomed {
            if let Some(envelope) = self.in_flight.remove(&message) {
                events.push(lost(&envelope, LossReason::ReceiverCrashed));
            }
        }
    }

    fn check(&mut self, step: u64, events: &mut Vec<Event>) {
        let seen = Observation {
            step,
            acceptors: self
                .nodes
                .iter()
                .filter_map(|n| n.acceptor.as_ref().map(|a| (n.id, a.state())))
                .collect(),
            learners: self
                .nodes
                .iter()
                .filter_map(|n| n.learner.as_ref().map(|l| (n.id, l.learned())))
                .collect(),
        };
        let mark = self.checker.mark();
        self.checker.observe(&seen);
        // Multi-Paxos: what each replica accepted, learned and applied during this action.
        for node in &mut self.nodes {
            let Some(replica) = node.replica.as_mut() else {
                continue;
            };
            let journal = replica.take_journal();
            self.checker.promise(step, node.id, replica.promised());
            for p in journal.accepted {
                let text = p.command.to_string();
                self.checker.accept(step, node.id, p.slot, p.ballot, &text);
            }
            for (slot, command) in journal.learned {
                let text = command.to_string();
                self.checker.learn(step, node.id, slot, Some(&text));
            }
            for applied in journal.applied {
                let text = applied.command.to_string();
                let id = (!applied.command.is_noop()).then_some(applied.command.id);
                self.checker
                    .apply(step, node.id, applied.slot, &text, id, applied.duplicate);
                events.push(Event::Applied {
                    node: node.id,
                    slot: applied.slot,
                    command: text,
                    result: applied.result,
                });
            }
        }
        let (chosen, violations) = self.checker.since(mark);
        events.extend(chosen.into_iter().map(Event::Chosen));
        events.extend(violations.into_iter().map(Event::Violation));
    }

    /// Everything the page shows, as plain data.
    pub fn snapshot(&self) -> Snapshot {
        let timers: Vec<TimerView> = self
            .timers
            .iter()
            .map(|(&(due_at, _), t)| TimerView {
                node: t.node,
                due_at,
            })
            .collect();
        Snapshot {
            step: self.log.len() as u64,
            time: self.now,
            seed: self.seed,
            config: self.config.clone(),
            majority: crate::roles::majority(self.config.acceptors as usize),
            nodes: self.nodes.iter().map(node_view).collect(),
            messages: self.in_flight.values().cloned().collect(),
            next_due: self
                .in_flight
                .values()
                .map(|e| e.due_at)
                .chain(timers.iter().map(|t| t.due_at))
                .min(),
            timers,
            proposed: self.checker.proposed().cloned().collect(),
            chosen: self.checker.chosen().iter().cloned().collect(),
            checks: self.checker.report(),
            counters: self.counters.clone(),
            network: NetworkView {
                links: self
                    .network
                    .links()
                    .map(|(&(from, to), faults)| LinkView {
                        from,
                        to,
                        faults: faults.clone(),
                    })
                    .collect(),
                cuts: self
                    .network
                    .cuts()
                    .map(|&(from, to)| CutView { from, to })
                    .collect(),
            },
        }
    }
}

fn lost(envelope: &Envelope, reason: LossReason) -> Event {
    Event::Lost {
        id: envelope.id,
        from: envelope.from,
        to: envelope.to,
        kind: envelope.kind,
        reason,
        sent_step: envelope.sent_step,
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

fn build_nodes(config: &Config) -> Vec<Node> {
    if config.mode == Mode::Multi {
        let peers: Vec<NodeId> = (0..config.acceptors).map(NodeId).collect();
        let options = ReplicaOptions {
            heartbeat: config.heartbeat,
            election_timeout: config.election_timeout,
        };
        return peers
            .iter()
            .map(|&id| Node {
                id,
                name: format!("S{}", id.0 + 1),
                up: true,
                proposer: None,
                acceptor: None,
                learner: None,
                replica: Some(Replica::new(id, peers.clone(), options)),
            })
            .collect();
    }
    let (p, a, l) = (config.proposers, config.acceptors, config.learners);
    // (name, proposer?, acceptor?, learner?) per node.
    let plan: Vec<(String, bool, bool, bool)> = match config.layout {
        Layout::Separate => (0..p)
            .map(|i| (format!("P{}", i + 1), true, false, false))
            .chain((0..a).map(|i| (format!("A{}", i + 1), false, true, false)))
            .chain((0..l).map(|i| (format!("L{}", i + 1), false, false, true)))
            .collect(),
        Layout::Shared => (0..config.node_count())
            .map(|i| (format!("N{}", i + 1), i < p, i < a, i < l))
            .collect(),
    };
    let ids = |pick: fn(&(String, bool, bool, bool)) -> bool| -> Vec<NodeId> {
        plan.iter()
            .enumerate()
            .filter(|(_, roles)| pick(roles))
            .map(|(i, _)| NodeId(i as u32))
            .collect()
    };
    let acceptors = ids(|r| r.2);
    let learners = ids(|r| r.3);
    let options = ProposerOptions {
        timeout: config.timeout,
        backoff: config.backoff,
        adopt_accepted: config.sabotage != Some(Sabotage::ProposerIgnoresAcceptedValues),
    };
    let broken_acceptors = config.sabotage == Some(Sabotage::AcceptorIgnoresPromises);
    plan.into_iter()
        .enumerate()
        .map(|(i, (name, is_p, is_a, is_l))| {
            let id = NodeId(i as u32);
            Node {
                id,
                name,
                up: true,
                proposer: is_p.then(|| Proposer::new(id, acceptors.clone(), options)),
                acceptor: is_a.then(|| {
                    let acceptor = Acceptor::new(id, learners.clone());
                    if broken_acceptors {
                        acceptor.ignoring_promises()
                    } else {
                        acceptor
                    }
                }),
                learner: is_l.then(|| Learner::new(id, &acceptors)),
                replica: None,
            }
        })
        .collect()
}

/// The state of the whole simulation, as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// Number of actions applied.
    pub step: u64,
    /// Logical time.
    pub time: u64,
    /// The network's seed.
    pub seed: u32,
    /// The configuration.
    pub config: Config,
    /// Acceptors needed for a majority.
    pub majority: usize,
    /// Every node.
    pub nodes: Vec<NodeView>,
    /// Messages in flight, by id.
    pub messages: Vec<Envelope>,
    /// Pending timers, by due time.
    pub timers: Vec<TimerView>,
    /// When the next message or timer is due, if any.
    pub next_due: Option<u64>,
    /// Every value a client proposed.
    pub proposed: Vec<Value>,
    /// Every value that became chosen, in order (more than one distinct value only if
    /// agreement is broken).
    pub chosen: Vec<Chosen>,
    /// The safety checks.
    pub checks: CheckReport,
    /// Messages sent by the protocol, by kind (copies made by the user not counted), and
    /// client commands submitted.
    pub counters: Counters,
    /// The network's faulty and cut links.
    pub network: NetworkView,
}

/// The network's faults as the page shows them.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NetworkView {
    /// Links with faults.
    pub links: Vec<LinkView>,
    /// Cut links (partitions and one-way cuts).
    pub cuts: Vec<CutView>,
}

/// A faulty directed link.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkView {
    /// Sender side.
    pub from: NodeId,
    /// Receiver side.
    pub to: NodeId,
    /// Its faults.
    pub faults: LinkFaults,
}

/// A cut directed link.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CutView {
    /// Sender side.
    pub from: NodeId,
    /// Receiver side.
    pub to: NodeId,
}

/// How many messages of each kind the protocol sent, and how many commands clients submitted.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// Phase 1a.
    pub prepare: u64,
    /// Phase 1b.
    pub promise: u64,
    /// Phase 2a.
    pub accept: u64,
    /// Phase 2b.
    pub accepted: u64,
    /// Nacks.
    pub reject: u64,
    /// Multi-Paxos heartbeats.
    pub heartbeat: u64,
    /// Multi-Paxos commands forwarded to the leader.
    pub forward: u64,
    /// Multi-Paxos requests for a missing slot.
    pub missing: u64,
    /// Client commands submitted (Multi-Paxos).
    pub commands: u64,
}

impl Counters {
    fn count(&mut self, kind: MessageKind) {
        let counter = match kind {
            MessageKind::Prepare => &mut self.prepare,
            MessageKind::Promise => &mut self.promise,
            MessageKind::Accept => &mut self.accept,
            MessageKind::Accepted => &mut self.accepted,
            MessageKind::Reject => &mut self.reject,
            MessageKind::Heartbeat => &mut self.heartbeat,
            MessageKind::Forward => &mut self.forward,
            MessageKind::Missing => &mut self.missing,
        };
        *counter += 1;
    }
}

/// A pending timer.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimerView {
    /// The node it belongs to.
    pub node: NodeId,
    /// When it fires.
    pub due_at: u64,
}

/// One node as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    /// Id.
    pub id: NodeId,
    /// Display name (P1, A2, L1, N3...).
    pub name: String,
    /// False while crashed.
    pub up: bool,
    /// Proposer state, if it hosts one.
    pub proposer: Option<ProposerView>,
    /// Acceptor state, if it hosts one.
    pub acceptor: Option<AcceptorState>,
    /// Learner state, if it hosts one.
    pub learner: Option<LearnerView>,
    /// Multi-Paxos replica state, if it is one.
    pub replica: Option<ReplicaView>,
}

/// A replica's role, by name.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RoleName {
    /// Follows a leader (or waits for one).
    Follower,
    /// Running phase 1 to lead.
    Candidate,
    /// Leading: phase 2 only.
    Leader,
}

/// A Multi-Paxos replica as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaView {
    /// Follower, candidate or leader.
    pub role: RoleName,
    /// Its own ballot (candidate, leader) or its leader's (follower), if any.
    pub ballot: Option<Ballot>,
    /// The highest ballot its acceptor promised.
    pub promised: Option<Ballot>,
    /// Slots applied to the state machine (every slot below is applied).
    pub applied: u64,
    /// The leader's commit index: every slot below it is chosen.
    pub commit: Option<u64>,
    /// The last slots of its log (at most [`LOG_WINDOW`]), oldest first.
    pub log: Vec<LogEntryView>,
    /// The key-value store.
    pub kv: Vec<KvPair>,
    /// Client commands waiting here for the leader.
    pub pending: Vec<String>,
}

/// How many log slots a [`ReplicaView`] shows.
pub const LOG_WINDOW: usize = 24;

/// One slot of a replica's log.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntryView {
    /// The slot.
    pub slot: u64,
    /// The ballot its acceptor accepted there, if any.
    pub ballot: Option<Ballot>,
    /// The command, as text: the chosen one if known, else the accepted one.
    pub command: String,
    /// Whether this replica knows it is chosen.
    pub chosen: bool,
    /// What applying it answered, once applied.
    pub result: Option<String>,
}

/// One key and its value.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KvPair {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

fn replica_view(r: &Replica) -> ReplicaView {
    let (role, ballot) = match r.role() {
        Role::Follower { leader } => (RoleName::Follower, *leader),
        Role::Candidate { ballot, .. } => (RoleName::Candidate, Some(*ballot)),
        Role::Leader { ballot, .. } => (RoleName::Leader, Some(*ballot)),
    };
    let slots: std::collections::BTreeSet<u64> = r
        .accepted()
        .keys()
        .chain(r.chosen().keys())
        .copied()
        .collect();
    let log = slots
        .iter()
        .rev()
        .take(LOG_WINDOW)
        .rev()
        .map(|&slot| {
            let accepted = r.accepted().get(&slot);
            let chosen = r.chosen().get(&slot);
            let command = chosen
                .or(accepted.map(|p| &p.command))
                .map(ToString::to_string)
                .unwrap_or_default();
            LogEntryView {
                slot,
                ballot: accepted.map(|p| p.ballot),
                command,
                chosen: chosen.is_some(),
                result: r.applied().get(slot as usize).map(|a| a.result.clone()),
            }
        })
        .collect();
    ReplicaView {
        role,
        ballot,
        promised: r.promised(),
        applied: r.applied_upto(),
        commit: r.commit(),
        log,
        kv: r
            .kv()
            .pairs()
            .map(|(key, value)| KvPair {
                key: key.clone(),
                value: value.clone(),
            })
            .collect(),
        pending: r.pending().iter().map(ToString::to_string).collect(),
    }
}

/// A proposer's phase, by name.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PhaseName {
    /// No client value, or just restarted.
    Idle,
    /// Phase 1: collecting promises.
    Preparing,
    /// Phase 2: collecting acceptances.
    Accepting,
    /// Rejected; waiting to retry higher.
    BackingOff,
    /// A majority accepted its proposal.
    Chosen,
}

/// A proposer as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposerView {
    /// Where it is in the protocol.
    pub phase: PhaseName,
    /// The ballot in use.
    pub ballot: Option<Ballot>,
    /// The client's value.
    pub client_value: Option<Value>,
    /// The value being proposed in phase 2, or chosen.
    pub value: Option<Value>,
    /// Whether `value` was adopted from a promise.
    pub adopted: bool,
    /// Acceptors that promised the current ballot (phase 1).
    pub promises: Vec<NodeId>,
    /// Acceptors that accepted the current ballot (phase 2).
    pub accepted: Vec<NodeId>,
    /// The ballot that a reject reported, while backing off.
    pub rejected_by: Option<Ballot>,
    /// The highest round issued (stable storage).
    pub last_round: u64,
}

/// A learner as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LearnerView {
    /// What it learned.
    pub learned: Option<Proposal>,
    /// Most acceptances counted for any one ballot so far.
    pub best_tally: usize,
}

fn node_view(node: &Node) -> NodeView {
    NodeView {
        id: node.id,
        name: node.name.clone(),
        up: node.up,
        proposer: node.proposer.as_ref().map(proposer_view),
        acceptor: node.acceptor.as_ref().map(|a| a.state().clone()),
        learner: node.learner.as_ref().map(|l| LearnerView {
            learned: l.learned().cloned(),
            best_tally: l.best_tally(),
        }),
        replica: node.replica.as_ref().map(replica_view),
    }
}

fn proposer_view(p: &Proposer) -> ProposerView {
    let mut view = ProposerView {
        phase: PhaseName::Idle,
        ballot: p.ballot(),
        client_value: p.value().cloned(),
        value: None,
        adopted: false,
        promises: vec![],
        accepted: vec![],
        rejected_by: None,
        last_round: p.last_round(),
    };
    match p.phase() {
        Phase::Idle => {}
        Phase::Preparing { promises, .. } => {
            view.phase = PhaseName::Preparing;
            view.promises = promises.keys().copied().collect();
        }
        Phase::Accepting {
            value,
            adopted,
            accepted,
            ..
        } => {
            view.phase = PhaseName::Accepting;
            view.value = Some(value.clone());
            view.adopted = *adopted;
            view.accepted = accepted.iter().copied().collect();
        }
        Phase::BackingOff { promised, .. } => {
            view.phase = PhaseName::BackingOff;
            view.rejected_by = Some(*promised);
        }
        Phase::Chosen { value, adopted, .. } => {
            view.phase = PhaseName::Chosen;
            view.value = Some(value.clone());
            view.adopted = *adopted;
        }
    }
    view
}
