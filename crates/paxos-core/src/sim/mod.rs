//! The deterministic simulator: a protocol [`World`] plus everything only a simulation has —
//! logical time, network delays and faults, a seeded random generator, message ids, an action
//! log, the safety checker and counters.
//!
//! Nothing changes except through an [`Action`]:
//!
//! * `step`: deliver the next due message, or fire the next due timer, whichever is earlier
//!   (a message first on a tie; ties among messages go to the lowest id), advancing time to it;
//! * `deliver(id)`, `drop(id)`, `duplicate(id)`: the user plays the network;
//! * `crash(node)`, `restart(node)`: a crash loses the node's volatile state, its timers and every
//!   message addressed to it; stable storage (the acceptor's promise and accepted proposal, the
//!   proposer's highest round, the learner's learned value) survives;
//! * `propose(node, value)`, `submit(node, request)`: a client asks something of a node;
//! * link faults, partitions, cuts and heal: the network misbehaves on purpose.
//!
//! Each message's network delay, and a jitter on each timer, are drawn from a seeded [`SimRng`],
//! the only source of randomness. Every accepted action is appended to the log, so a [`Trace`]
//! (configuration, seed, actions) replays to the identical state, bit for bit, on any platform.
//! After every action the [`Checker`] checks the safety rules against what the roles said they
//! promised, accepted, learned and applied: the same outputs the simulator carries.
//!
//! A refused action (unknown id, crashed node, ...) returns an [`Error`] and changes nothing.
//!
//! The module is split by concern: [`action`] (what can happen), [`event`] (what did), [`trace`]
//! (runs as data and their replay), [`build`] (a cluster from a configuration) and `validate`
//! (every precondition, checked before anything changes); what the page sees is in
//! [`crate::view`].

pub mod action;
pub mod build;
pub mod event;
mod log;
pub mod trace;
mod validate;

pub use action::{validate_value, Action, MAX_VALUE_CHARS};
pub use event::{Envelope, Event, LossReason, MessageId, Report};
pub use log::ActionLog;
pub use trace::{Trace, TRACE_VERSION};

use crate::ballot::NodeId;
use crate::checks::Checker;
use crate::config::{Config, VotePolicy};
use crate::error::Result;
use crate::message::{Message, Proposal};
use crate::multi::command::{Command, Op};
use crate::multi::replica::Replica;
use crate::network::Network;
use crate::rng::SimRng;
use crate::roles::{Learned, Output, Request, Timer};
use crate::vecmap::VecMap;
use crate::view::Counters;
use crate::world::{Choice, Handled, Packet, World};
use std::sync::Arc;

/// The simulation: a protocol world, time, the network, the action log and the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub(crate) config: Config,
    pub(crate) seed: u32,
    rng: SimRng,
    /// Node names, by id (P1, A2, S3, C...); shared, and only ever extended (a server joins).
    pub(crate) names: Arc<Vec<String>>,
    /// The protocol state: roles, messages in flight as packets, pending timers.
    pub(crate) world: World,
    pub(crate) now: u64,
    next_message: MessageId,
    /// The messages in flight with what only the simulation knows of them: id, times.
    pub(crate) in_flight: VecMap<MessageId, Envelope>,
    /// Pending timers keyed by (due time, creation order).
    pub(crate) timers: VecMap<(u64, u64), (NodeId, Timer)>,
    next_timer: u64,
    /// Shared with checkpoints: cloning a simulation does not copy its history.
    log: ActionLog,
    pub(crate) checker: Checker,
    next_command: u64,
    pub(crate) counters: Counters,
    pub(crate) network: Network,
}

/// What one action is doing: its events so far, and the roles' outputs that the checker sees at
/// the end of the action.
#[derive(Default)]
struct Act {
    events: Vec<Event>,
    noted: Vec<(NodeId, Output)>,
}

impl Simulation {
    /// A fresh simulation of `config`, its network seeded with `seed`.
    pub fn new(config: Config, seed: u32) -> Result<Self> {
        config.validate()?;
        let (nodes, names, acceptors) = build::cluster(&config);
        let checker = Checker::for_cluster(config.mode, acceptors);
        let mut sim = Self {
            config,
            seed,
            rng: SimRng::new(u64::from(seed)),
            names: Arc::new(names),
            world: World::new(nodes),
            now: 0,
            next_message: 1,
            in_flight: VecMap::new(),
            timers: VecMap::new(),
            next_timer: 0,
            log: ActionLog::new(),
            checker,
            next_command: 1,
            counters: Counters::default(),
            network: Network::default(),
        };
        // Every node starts (Multi-Paxos replicas start waiting for a leader).
        let mut act = Act::default();
        for handled in sim.world.start() {
            sim.carry(handled, &mut act);
        }
        Ok(sim)
    }

    /// Rebuilds a run from its configuration, seed and action log. The result equals the
    /// original simulation in every respect; an action that cannot be replayed is an error
    /// naming it.
    pub fn replay(config: Config, seed: u32, actions: &[Action]) -> Result<Self> {
        let mut sim = Self::new(config, seed)?;
        trace::replay(actions, |action| sim.apply(action))?;
        Ok(sim)
    }

    /// Replays a [`Trace`] up to its cursor, after checking it. (A
    /// [`Timeline`](crate::Timeline) keeps the rest of the history too.)
    pub fn from_trace(trace: &Trace) -> Result<Self> {
        let upto = trace.check()?;
        Self::replay(trace.replay_config(), trace.seed, &trace.actions[..upto])
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
    pub fn log(&self) -> &ActionLog {
        &self.log
    }

    /// Logical time.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The protocol world: roles, messages in flight (without ids), pending timers.
    pub fn world(&self) -> &World {
        &self.world
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
        self.world.len()
    }

    /// Ids of the proposer nodes.
    pub fn proposers(&self) -> Vec<NodeId> {
        self.ids(|n| n.proposer().is_some())
    }

    /// Ids of the acceptor nodes.
    pub fn acceptors(&self) -> Vec<NodeId> {
        self.ids(|n| n.acceptor().is_some())
    }

    /// Ids of the nodes that `has`.
    fn ids(&self, has: impl Fn(&crate::world::Node) -> bool) -> Vec<NodeId> {
        self.world
            .nodes()
            .filter(|(_, n)| has(n))
            .map(|(id, _)| id)
            .collect()
    }

    /// Whether a node is up (false for unknown ids).
    pub fn is_up(&self, node: NodeId) -> bool {
        self.world.node(node).is_some_and(|n| n.up)
    }

    /// The Multi-Paxos replica on `node`, if it is one.
    pub fn replica(&self, node: NodeId) -> Option<&Replica> {
        self.world.node(node)?.replica()
    }

    /// What each learner has learned, by node.
    pub fn learned(&self) -> Vec<(NodeId, Option<&Proposal>)> {
        self.world
            .nodes()
            .filter_map(|(id, n)| n.learner().map(|l| (id, l.learned())))
            .collect()
    }

    /// Applies one action. On success it is logged, checked and reported; on error nothing
    /// changed.
    pub fn apply(&mut self, action: Action) -> Result<Report> {
        self.validate(&action)?;
        let mut act = Act::default();
        match &action {
            Action::Step => self.step_next(&mut act),
            Action::Deliver { id } => {
                if let Some(envelope) = self.in_flight.remove(id) {
                    self.receive(envelope, &mut act);
                }
            }
            Action::Drop { id } => {
                if let Some(envelope) = self.in_flight.remove(id) {
                    self.lose(&envelope, LossReason::Dropped, &mut act);
                }
            }
            Action::Duplicate { id } => {
                if let Some(original) = self.in_flight.get(id).cloned() {
                    // The copy is what is in flight: damaged or not, with the sender's checksum.
                    let copy = self.post(
                        original.from,
                        original.to,
                        original.message,
                        original.corrupted,
                        original.checksum,
                    );
                    act.events.push(Event::Duplicated { id: *id, copy });
                }
            }
            Action::SetLink { .. }
            | Action::Partition { .. }
            | Action::Cut { .. }
            | Action::Heal => {
                let change = self.change_network(&action);
                act.events.push(Event::NetworkChanged { change });
            }
            Action::Crash { node } => self.crash(*node, &mut act),
            Action::Restart { node } => {
                let handled = self.handle(&Choice::Restart(*node));
                act.events.push(Event::Restarted { node: *node });
                self.carry(handled, &mut act);
            }
            Action::Submit { node, request } => self.submit(*node, request.clone(), &mut act),
            Action::Misbehave { node } => {
                act.events.push(Event::Misbehaved { node: *node });
                self.request(*node, Request::Misbehave, &mut act);
            }
            Action::AddServer { via } => {
                let id = NodeId(self.world.len() as u32);
                let (node, name) = build::joining_server(&self.config, id);
                Arc::make_mut(&mut self.names).push(name);
                let handled = self.world.add_node(node);
                act.events.push(Event::Joined { node: id });
                self.carry(handled, &mut act);
                self.submit(*via, Op::AddServer { node: id }, &mut act);
            }
            Action::RemoveServer { via, node } => {
                self.submit(*via, Op::RemoveServer { node: *node }, &mut act);
            }
            Action::Transaction { node } => self.transaction(*node, &mut act),
            &Action::Fire { node, timer } => {
                self.timers.retain(|_, t| *t != (node, timer));
                let handled = self.handle(&Choice::Fire { node, timer });
                act.events.push(Event::TimerFired { node });
                self.carry(handled, &mut act);
            }
            Action::Propose { node, value } => {
                self.checker.record_proposal(value);
                act.events.push(Event::Proposed {
                    node: *node,
                    value: value.clone(),
                });
                self.request(*node, Request::Propose(value.clone()), &mut act);
            }
        }
        self.log.push(action.clone());
        let step = self.log.len() as u64;
        self.check(step, &mut act);
        Ok(Report {
            step,
            time: self.now,
            action,
            events: act.events,
        })
    }

    /// Applies [`Action::Step`]; [`Error::Idle`] when nothing is due.
    pub fn step(&mut self) -> Result<Report> {
        self.apply(Action::Step)
    }

    fn name(&self, id: NodeId) -> String {
        self.names
            .get(id.0 as usize)
            .map_or_else(|| id.to_string(), Clone::clone)
    }

    /// Lets the world take a choice the simulation has already validated. Should the world
    /// refuse it anyway (a bug), nothing happens: never a panic across the wasm boundary.
    fn handle(&mut self, choice: &Choice) -> Handled {
        self.world.handle(choice).unwrap_or_else(|err| {
            debug_assert!(false, "the world refused a validated {choice:?}: {err}");
            Handled {
                node: NodeId(0),
                outputs: Vec::new(),
                receiver_down: false,
            }
        })
    }

    fn request(&mut self, node: NodeId, request: Request, act: &mut Act) {
        let handled = self.handle(&Choice::Request { node, request });
        self.carry(handled, act);
    }

    /// A client submits `op` to replica `node`: the simulator numbers the command.
    fn submit(&mut self, node: NodeId, op: Op, act: &mut Act) {
        let command = Command {
            id: self.next_command,
            op,
        };
        self.next_command += 1;
        self.counters.commands += 1;
        self.checker.record_proposal(&command.to_string());
        act.events.push(Event::Submitted {
            node,
            command: command.clone(),
        });
        self.request(node, Request::Submit(command), act);
    }

    /// Two-phase commit: a client asks coordinator `node` to commit a new transaction. First
    /// every running participant does its part, which fixes its vote (a `random` vote is a
    /// seeded draw), then the coordinator starts phase 1.
    fn transaction(&mut self, node: NodeId, act: &mut Act) {
        let tx = self.next_command;
        self.next_command += 1;
        self.counters.transactions += 1;
        act.events.push(Event::Began { node, tx });
        for participant in self.world.running_participants() {
            let yes = match self.config.vote_of(participant) {
                VotePolicy::Yes => true,
                VotePolicy::No => false,
                VotePolicy::Random => self.rng.between(0, 1) == 1,
            };
            self.request(participant, Request::Work { tx, yes }, act);
        }
        self.request(node, Request::Begin(tx), act);
    }

    /// Link faults, partitions, cuts and heal; returns the change in words.
    fn change_network(&mut self, action: &Action) -> String {
        match action {
            Action::SetLink { from, to, faults } => {
                self.network.set_link(*from, *to, faults.clone());
                format!("link {} → {} set", self.name(*from), self.name(*to))
            }
            Action::Partition { groups } => {
                let mut groups = groups.clone();
                let listed: Vec<NodeId> = groups.iter().flatten().copied().collect();
                let rest: Vec<NodeId> = (0..self.world.len() as u32)
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
                format!("partition: {{{}}}", names.join("} | {"))
            }
            Action::Cut { from, to } => {
                self.network.cut(*from, *to);
                format!("link {} → {} cut", self.name(*from), self.name(*to))
            }
            _ => {
                self.network.heal();
                "every partition healed".into()
            }
        }
    }

    /// The next due message (lowest due time, then lowest id) or timer; messages win ties.
    fn step_next(&mut self, act: &mut Act) {
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
                self.receive(envelope, act);
            }
        } else if let Some(key) = timer {
            self.now = self.now.max(key.0);
            if let Some((node, timer)) = self.timers.remove(&key) {
                let handled = self.handle(&Choice::Fire { node, timer });
                act.events.push(Event::TimerFired { node });
                self.carry(handled, act);
            }
        }
    }

    /// Hands a message to its receiver's roles and carries out what they answer; a message to
    /// a crashed node, or across a cut link, is lost instead.
    fn receive(&mut self, envelope: Envelope, act: &mut Act) {
        if self.is_up(envelope.to) && self.network.is_cut(envelope.from, envelope.to) {
            return self.lose(&envelope, LossReason::Partitioned, act);
        }
        let damaged = envelope
            .checksum
            .is_some_and(|sum| sum != envelope.message.checksum());
        if self.is_up(envelope.to) && damaged {
            return self.lose(&envelope, LossReason::ChecksumMismatch, act);
        }
        let handled = self.handle(&Choice::Deliver(packet(&envelope)));
        if handled.receiver_down {
            act.events.push(lost(&envelope, LossReason::ReceiverDown));
            return;
        }
        let Envelope {
            id,
            from,
            to,
            message,
            sent_step,
            corrupted,
            ..
        } = envelope;
        act.events.push(Event::Delivered {
            id,
            from,
            to,
            message,
            sent_step,
            corrupted,
        });
        self.carry(handled, act);
    }

    /// A message in flight vanishes without being handled.
    fn lose(&mut self, envelope: &Envelope, reason: LossReason, act: &mut Act) {
        self.handle(&Choice::Drop(packet(envelope)));
        act.events.push(lost(envelope, reason));
    }

    /// Carries out a node's outputs, in order: messages go in flight (or are lost), timers are
    /// set with a seeded jitter, learning is reported, and what the checker must see is noted.
    fn carry(&mut self, handled: Handled, act: &mut Act) {
        let from = handled.node;
        for output in handled.outputs {
            match output {
                Output::Send { to, message } => {
                    self.counters.count(message.kind());
                    self.send(from, to, message, act);
                }
                Output::SetTimer { timer, delay } => {
                    // A seeded jitter of up to half the delay breaks the symmetry between
                    // proposers that would otherwise retry in lock-step for ever; without it
                    // (`jitter: false`) they can, which is how livelock is shown.
                    let jitter = if self.config.jitter {
                        self.rng.between(0, delay / 2)
                    } else {
                        0
                    };
                    let due = self.now + delay + jitter;
                    self.timers.retain(|_, t| *t != (from, timer));
                    self.next_timer += 1;
                    self.timers.insert((due, self.next_timer), (from, timer));
                    self.world.set_timer(from, timer);
                }
                Output::CancelTimer(timer) => {
                    self.timers.retain(|_, t| *t != (from, timer));
                    self.world.cancel_timer(from, timer);
                }
                Output::Learned(Learned::Value(ref proposal)) => {
                    act.events.push(Event::Learned {
                        node: from,
                        proposal: proposal.clone(),
                    });
                    act.noted.push((from, output));
                }
                output => act.noted.push((from, output)),
            }
        }
    }

    /// A role sends a message: the link may lose it, deliver it twice or damage it (each a
    /// seeded draw, made only on a link with that fault); otherwise it goes in flight. With
    /// `checksums`, it carries a CRC-32 of what was sent.
    fn send(&mut self, from: NodeId, to: NodeId, message: Message, act: &mut Act) {
        let faults = self.network.link(from, to);
        let kind = message.kind();
        if from != to && faults.loss > 0 && self.rng.between(0, 999) < u64::from(faults.loss) {
            let id = self.next_message;
            self.next_message += 1;
            act.events.push(Event::Sent { id, from, to, kind });
            act.events.push(Event::Lost {
                id,
                from,
                to,
                kind,
                reason: LossReason::LinkLoss,
                sent_step: self.log.len() as u64 + 1,
                corrupted: false,
            });
            return;
        }
        let twice = from != to
            && faults.duplicate > 0
            && self.rng.between(0, 999) < u64::from(faults.duplicate);
        let copy = twice.then(|| message.clone());
        let checksum = self.config.checksums.then(|| message.checksum());
        let damaged = from != to
            && faults.corrupt > 0
            && self.rng.between(0, 999) < u64::from(faults.corrupt);
        let (message, corrupted) = if damaged {
            (message.corrupted(), true)
        } else {
            (message, false)
        };
        let id = self.post(from, to, message, corrupted, checksum);
        act.events.push(Event::Sent { id, from, to, kind });
        if let Some(message) = copy {
            let copy = self.post(from, to, message, false, checksum);
            act.events.push(Event::Duplicated { id, copy });
        }
    }

    /// Puts a message in flight with a seeded delay (the link's range if it has one); returns
    /// its id.
    fn post(
        &mut self,
        from: NodeId,
        to: NodeId,
        message: Message,
        corrupted: bool,
        checksum: Option<u32>,
    ) -> MessageId {
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
        self.world.post(Packet {
            from,
            to,
            message: message.clone(),
        });
        let envelope = Envelope {
            id,
            from,
            to,
            kind: message.kind(),
            message,
            sent_at: self.now,
            due_at: due,
            sent_step: self.log.len() as u64 + 1,
            corrupted,
            checksum,
        };
        self.in_flight.insert(id, envelope);
        id
    }

    /// A crash: the node forgets its volatile state, its timers stop and every message
    /// addressed to it is lost.
    fn crash(&mut self, id: NodeId, act: &mut Act) {
        self.handle(&Choice::Crash(id));
        act.events.push(Event::Crashed { node: id });
        self.timers.retain(|_, t| t.0 != id);
        let doomed: Vec<MessageId> = self
            .in_flight
            .values()
            .filter(|e| e.to == id)
            .map(|e| e.id)
            .collect();
        for message in doomed {
            if let Some(envelope) = self.in_flight.remove(&message) {
                act.events
                    .push(lost(&envelope, LossReason::ReceiverCrashed));
            }
        }
    }

    /// The checker sees what the roles promised, accepted, learned and applied in this action;
    /// what it finds (values chosen, rules broken) ends the action's events.
    fn check(&mut self, step: u64, act: &mut Act) {
        let mark = self.checker.mark();
        for (node, output) in std::mem::take(&mut act.noted) {
            self.checker.record(step, node, &output);
            let event = match output {
                Output::Applied(applied) => Event::Applied {
                    node,
                    slot: applied.slot,
                    command: applied.command.to_string(),
                    result: applied.result,
                },
                Output::Reconfigured { from_slot, members } => Event::Reconfigured {
                    node,
                    from_slot,
                    members,
                },
                Output::Suspicion { peer, suspected } => Event::Suspicion {
                    node,
                    peer,
                    suspected,
                },
                Output::TxVoted { tx, yes } => Event::Voted { node, tx, yes },
                Output::TxDecided { tx, commit } => Event::Decided { node, tx, commit },
                Output::TxOutcome { tx, commit } => Event::Outcome { node, tx, commit },
                _ => continue,
            };
            act.events.push(event);
        }
        let (chosen, violations) = self.checker.since(mark);
        act.events.extend(chosen.into_iter().map(Event::Chosen));
        act.events
            .extend(violations.into_iter().map(Event::Violation));
    }
}

/// The protocol's view of a message in flight.
fn packet(envelope: &Envelope) -> Packet {
    Packet {
        from: envelope.from,
        to: envelope.to,
        message: envelope.message.clone(),
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
        corrupted: envelope.corrupted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Mode;
    use crate::vecmap::VecMap;
    use crate::world::Packet;

    /// The world's multiset of packets is exactly the simulation's envelopes without their ids.
    fn in_sync(sim: &Simulation) -> bool {
        let mut envelopes: VecMap<Packet, u32> = VecMap::new();
        for e in sim.in_flight() {
            *envelopes.entry(packet(e)).or_default() += 1;
        }
        let world: VecMap<Packet, u32> =
            sim.world.in_flight().map(|(p, n)| (p.clone(), n)).collect();
        let timers: Vec<(NodeId, Timer)> = sim.timers.values().copied().collect();
        let mut sorted = timers.clone();
        sorted.sort();
        envelopes == world && sorted == sim.world.timers().copied().collect::<Vec<_>>()
    }

    #[test]
    fn the_world_and_the_simulation_agree_on_what_is_in_flight_and_pending() {
        use crate::network::LinkFaults;
        for (mode, seed) in [(Mode::Basic, 3), (Mode::Multi, 4)] {
            let config = Config {
                mode,
                ..Config::default()
            };
            let mut sim = Simulation::new(config, seed).unwrap();
            let faults = LinkFaults {
                loss: 200,
                duplicate: 300,
                ..LinkFaults::default()
            };
            sim.apply(Action::SetLink {
                from: NodeId(0),
                to: NodeId(2),
                faults,
            })
            .unwrap();
            if mode == Mode::Basic {
                for node in sim.proposers() {
                    let value = format!("v{}", node.0);
                    sim.apply(Action::Propose { node, value }).unwrap();
                }
            }
            for i in 0..300u32 {
                let action = match i % 17 {
                    5 => sim
                        .in_flight()
                        .next()
                        .map(|e| Action::Duplicate { id: e.id }),
                    9 => sim.in_flight().last().map(|e| Action::Drop { id: e.id }),
                    11 if sim.is_up(NodeId(1)) => Some(Action::Crash { node: NodeId(1) }),
                    13 if !sim.is_up(NodeId(1)) => Some(Action::Restart { node: NodeId(1) }),
                    _ => (!sim.is_idle()).then_some(Action::Step),
                };
                if let Some(action) = action {
                    sim.apply(action).unwrap();
                }
                assert!(in_sync(&sim), "{mode:?}, action {i}");
            }
        }
    }
}
