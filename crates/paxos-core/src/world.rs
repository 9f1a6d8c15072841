//! The protocol world: only protocol state, hashable, with every possible next action listed.
//!
//! Paxos is specified against an asynchronous network: any message in flight may be delivered
//! next, or lost, or delivered twice, and any process may fail (Paxos Made Simple, section 2.1).
//! A [`World`] is exactly that state and nothing more: each node's roles and whether it is up,
//! the messages in flight as a multiset of [`Packet`]s (no ids, no due times), and the pending
//! timers as `(node, timer)` pairs (no due times). [`World::enabled`] lists every [`Choice`]
//! possible now and [`World::apply`] takes one, so a model checker can explore every
//! interleaving, and two interleavings that commute reach equal worlds with equal hashes.
//!
//! What only a *simulation* has — logical time and delays, the seeded random generator, message
//! ids, link faults and partitions, the action log, the checker — lives in
//! [`Simulation`](crate::Simulation), which holds a world and drives it through
//! [`World::handle`] (the roles' reaction to one choice) and [`World::post`],
//! [`World::set_timer`] and [`World::cancel_timer`] (carrying that reaction out, with the
//! simulation's own decisions about loss and delay in between).
//!
//! Cloning is cheap: nodes are shared (`Arc`, copied on write), and the message multiset and
//! timer set, bounded by what is in flight, are sorted vectors (`crate::vecmap`).

use crate::ballot::NodeId;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::multi::replica::Replica;
use crate::rename::Renaming;
use crate::roles::acceptor::Acceptor;
use crate::roles::learner::Learner;
use crate::roles::proposer::Proposer;
use crate::roles::{AnyRole, Outbox, Output, Request, Role, Timer};
use crate::vecmap::{VecMap, VecSet};
use std::sync::Arc;

/// A message in flight, as the protocol sees it: who sent it, to whom, and what.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Packet {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub message: Message,
}

/// One node: its roles, in the order they handle an input, and whether it is up.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Node {
    /// False while crashed.
    pub up: bool,
    /// Its roles (proposer, acceptor, learner; or a replica).
    pub roles: Vec<AnyRole>,
}

impl Node {
    /// A running node with these roles.
    pub fn new(roles: Vec<AnyRole>) -> Self {
        Self { up: true, roles }
    }

    /// Its proposer, if it hosts one.
    pub fn proposer(&self) -> Option<&Proposer> {
        self.roles.iter().find_map(|r| match r {
            AnyRole::Proposer(p) => Some(p),
            _ => None,
        })
    }

    /// Its acceptor, if it hosts one.
    pub fn acceptor(&self) -> Option<&Acceptor> {
        self.roles.iter().find_map(|r| match r {
            AnyRole::Acceptor(a) => Some(a),
            _ => None,
        })
    }

    /// Its learner, if it hosts one.
    pub fn learner(&self) -> Option<&Learner> {
        self.roles.iter().find_map(|r| match r {
            AnyRole::Learner(l) => Some(l),
            _ => None,
        })
    }

    /// Its Multi-Paxos replica, if it is one.
    pub fn replica(&self) -> Option<&Replica> {
        self.roles.iter().find_map(|r| match r {
            AnyRole::Replica(r) => Some(r),
            _ => None,
        })
    }

    /// Its two-phase-commit coordinator, if it is one.
    pub fn coordinator(&self) -> Option<&crate::twopc::coordinator::Coordinator> {
        self.roles.iter().find_map(|r| match r {
            AnyRole::Coordinator(c) => Some(c),
            _ => None,
        })
    }

    /// Its two-phase-commit participant, if it is one.
    pub fn participant(&self) -> Option<&crate::twopc::participant::Participant> {
        self.roles.iter().find_map(|r| match r {
            AnyRole::Participant(p) => Some(p),
            _ => None,
        })
    }

    /// Crashes: down, and every role forgets what is not on stable storage.
    fn crash(&mut self) {
        self.up = false;
        self.roles.iter_mut().for_each(Role::on_crash);
    }

    /// Restarts from stable storage: up, and every role runs its start-up.
    fn restart(&mut self) -> Vec<Output> {
        self.up = true;
        self.each(|role, out| role.on_start(out))
    }

    /// Every role handles the input, in order, into one outbox.
    fn each(&mut self, mut input: impl FnMut(&mut AnyRole, &mut Outbox)) -> Vec<Output> {
        let mut out = Outbox::new();
        for role in &mut self.roles {
            input(role, &mut out);
        }
        out.drain()
    }
}

/// One thing that can happen next.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Choice {
    /// Deliver one copy of a message in flight (to a crashed receiver it is simply lost).
    Deliver(Packet),
    /// Lose one copy of a message in flight.
    Drop(Packet),
    /// Put one more copy of a message in flight.
    Duplicate(Packet),
    /// A pending timer fires.
    Fire {
        /// Its node.
        node: NodeId,
        /// Which timer.
        timer: Timer,
    },
    /// A running node crashes.
    Crash(NodeId),
    /// A crashed node restarts from stable storage.
    Restart(NodeId),
    /// A client asks a running node something.
    Request {
        /// The node.
        node: NodeId,
        /// What it is asked.
        request: Request,
    },
}

/// What one choice made the roles do, before it is carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handled {
    /// The node whose roles acted (the receiver, the timer's node, the crashed node...).
    pub node: NodeId,
    /// What its roles produced, in order: messages to send, timers, what they persisted,
    /// learned and applied.
    pub outputs: Vec<Output>,
    /// A delivery found its receiver crashed: the message was lost instead.
    pub receiver_down: bool,
}

/// The protocol state of a whole cluster. `Clone + Eq + Hash`, and cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct World {
    nodes: Vec<Arc<Node>>,
    /// The messages in flight, each with how many copies.
    network: VecMap<Packet, u32>,
    /// The pending timers.
    timers: VecSet<(NodeId, Timer)>,
}

impl World {
    /// The same world with every node renamed: node `i`'s roles become node
    /// `renaming.of(i)`'s, and the messages and timers follow. `None` if a role or message
    /// cannot be renamed (see [`crate::rename`]) or the renaming is not of this many nodes.
    pub fn renamed(&self, renaming: &Renaming) -> Option<World> {
        let n = self.nodes.len();
        let mut nodes: Vec<Option<Arc<Node>>> = vec![None; n];
        for (i, node) in self.nodes.iter().enumerate() {
            let to = renaming.of(NodeId(i as u32)).0 as usize;
            let roles = node
                .roles
                .iter()
                .map(|r| r.renamed(renaming))
                .collect::<Option<Vec<_>>>()?;
            *nodes.get_mut(to)? = Some(Arc::new(Node { up: node.up, roles }));
        }
        let mut network = VecMap::new();
        for (packet, copies) in &self.network {
            network.insert(renaming.packet(packet)?, *copies);
        }
        let timers = self
            .timers
            .iter()
            .map(|(node, timer)| (renaming.of(*node), renaming.timer(*timer)))
            .collect();
        Some(World {
            nodes: nodes.into_iter().collect::<Option<Vec<_>>>()?,
            network,
            timers,
        })
    }

    /// A world of these nodes (node `i` has id `i`), nothing in flight, no timer pending.
    pub fn new(nodes: Vec<Node>) -> Self {
        Self {
            nodes: nodes.into_iter().map(Arc::new).collect(),
            network: VecMap::new(),
            timers: VecSet::new(),
        }
    }

    /// A world of these nodes, started (each node's roles ran their start-up, e.g. a replica's
    /// election timer is pending), as a model checker begins.
    pub fn started(nodes: Vec<Node>) -> Self {
        let mut world = Self::new(nodes);
        for handled in world.start() {
            world.absorb(&handled);
        }
        world
    }

    /// Runs every node's start-up, in id order, leaving the outputs to the caller like
    /// [`World::handle`].
    pub fn start(&mut self) -> Vec<Handled> {
        (0..self.nodes.len())
            .map(|i| {
                let node = Arc::make_mut(&mut self.nodes[i]);
                Handled {
                    node: NodeId(i as u32),
                    outputs: node.each(|role, out| role.on_start(out)),
                    receiver_down: false,
                }
            })
            .collect()
    }

    /// Adds a node (it gets the next id) and runs its start-up, leaving the outputs to the
    /// caller like [`World::handle`].
    pub fn add_node(&mut self, node: Node) -> Handled {
        let id = NodeId(self.nodes.len() as u32);
        let mut node = node;
        let outputs = node.each(|role, out| role.on_start(out));
        self.nodes.push(Arc::new(node));
        Handled {
            node: id,
            outputs,
            receiver_down: false,
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize).map(|n| &**n)
    }

    /// Every node, by id.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (NodeId(i as u32), &**n))
    }

    /// Two-phase commit: the participants that are up, by id (those a new transaction asks to
    /// do their part).
    pub fn running_participants(&self) -> Vec<NodeId> {
        self.nodes()
            .filter(|(_, n)| n.participant().is_some() && n.up)
            .map(|(id, _)| id)
            .collect()
    }

    /// The messages in flight, each with its number of copies, in a fixed order.
    pub fn in_flight(&self) -> impl ExactSizeIterator<Item = (&Packet, u32)> {
        self.network.iter().map(|(p, &n)| (p, n))
    }

    /// The pending timers, in a fixed order.
    pub fn timers(&self) -> impl ExactSizeIterator<Item = &(NodeId, Timer)> {
        self.timers.iter()
    }

    /// Whether `timer` of `node` is pending.
    pub fn pending(&self, node: NodeId, timer: Timer) -> bool {
        self.timers.contains(&(node, timer))
    }

    /// Every choice possible now: deliver, drop or duplicate each distinct message in flight
    /// (deliver only to a running node), fire each pending timer, crash each running node,
    /// restart each crashed one, and each of `requests` whose node is running.
    pub fn enabled(&self, requests: &[(NodeId, Request)]) -> Vec<Choice> {
        let room = 3 * self.network.len() + self.timers.len() + self.nodes.len() + requests.len();
        let mut choices = Vec::with_capacity(room);
        for packet in self.network.keys() {
            if self.is_up(packet.to) {
                choices.push(Choice::Deliver(packet.clone()));
            }
            choices.push(Choice::Drop(packet.clone()));
            choices.push(Choice::Duplicate(packet.clone()));
        }
        choices.extend(
            self.timers
                .iter()
                .map(|&(node, timer)| Choice::Fire { node, timer }),
        );
        for (id, node) in self.nodes() {
            choices.push(if node.up {
                Choice::Crash(id)
            } else {
                Choice::Restart(id)
            });
        }
        choices.extend(requests.iter().filter(|(node, _)| self.is_up(*node)).map(
            |(node, request)| Choice::Request {
                node: *node,
                request: request.clone(),
            },
        ));
        choices
    }

    /// Takes one choice and carries out everything it causes: messages sent go in flight (each
    /// once: loss and delay are the simulation's business), timers are set and cancelled.
    /// Returns the outputs, for a checker. A choice that is not enabled is refused.
    pub fn apply(&mut self, choice: &Choice) -> Result<Vec<Output>> {
        self.take(choice).map(|handled| handled.outputs)
    }

    /// [`World::apply`], returning which node acted as well as what its roles produced.
    pub fn take(&mut self, choice: &Choice) -> Result<Handled> {
        let handled = self.handle(choice)?;
        self.absorb(&handled);
        Ok(handled)
    }

    /// What the node that a delivery, a timer, a crash or a restart concerns would become, and
    /// what its roles would produce, without changing the world. A role's reaction depends on
    /// its own state and the input alone (the roles are sans-IO state machines), so a model
    /// checker can compute it once per node state and input, and fingerprint a successor
    /// before deciding to build it ([`World::take_reacted`] then builds it). Drops,
    /// duplicates, client requests and choices that are not enabled are refused.
    pub fn react(&self, choice: &Choice) -> Result<(NodeId, Node, Vec<Output>)> {
        let (id, up) = match choice {
            Choice::Deliver(packet) if self.network.contains_key(packet) => (packet.to, true),
            &Choice::Fire { node, timer } if self.pending(node, timer) => (node, true),
            &Choice::Crash(node) => (node, true),
            &Choice::Restart(node) => (node, false),
            _ => {
                return Err(not_enabled(
                    "not a choice a node reacts to alone, or not now",
                ))
            }
        };
        let mut node = match self.node(id) {
            Some(node) if node.up == up => node.clone(),
            _ => return Err(not_enabled("the node is not in the state this needs")),
        };
        let outputs = match choice {
            Choice::Deliver(packet) => {
                node.each(|role, out| role.on_message(packet.from, &packet.message, out))
            }
            &Choice::Fire { timer, .. } => node.each(|role, out| role.on_timeout(timer, out)),
            Choice::Crash(_) => {
                node.crash();
                Vec::new()
            }
            _ => node.restart(),
        };
        Ok((id, node, outputs))
    }

    /// [`World::take`] with the reaction already known, as [`World::react`] gave it: consumes
    /// the message or timer (or, for a crash, what the crashed node loses), puts `node` in
    /// place of the node that reacted, and carries out `outputs`. Refused, changing nothing,
    /// for a choice [`World::react`] refuses.
    pub fn take_reacted(
        &mut self,
        choice: &Choice,
        node: Arc<Node>,
        outputs: Vec<Output>,
    ) -> Result<Handled> {
        let up = |id: NodeId| self.is_up(id);
        let id = match choice {
            Choice::Deliver(packet) if up(packet.to) => {
                self.unpost(packet)?;
                packet.to
            }
            &Choice::Fire { node: id, timer } if up(id) => {
                if !self.timers.remove(&(id, timer)) {
                    return Err(not_enabled("that timer is not pending"));
                }
                id
            }
            &Choice::Crash(id) if up(id) => {
                self.forget_crashed(id);
                id
            }
            &Choice::Restart(id) if self.node(id).is_some_and(|n| !n.up) => id,
            _ => {
                return Err(not_enabled(
                    "not a choice a node reacts to alone, or not now",
                ))
            }
        };
        self.nodes[id.0 as usize] = node;
        let handled = Handled {
            node: id,
            outputs,
            receiver_down: false,
        };
        self.absorb(&handled);
        Ok(handled)
    }

    /// Carries out handled outputs as they are: every message goes in flight once, timers are
    /// set and cancelled.
    fn absorb(&mut self, handled: &Handled) {
        for output in &handled.outputs {
            match output {
                Output::Send { to, message } => self.post(Packet {
                    from: handled.node,
                    to: *to,
                    message: message.clone(),
                }),
                Output::SetTimer { timer, .. } => self.set_timer(handled.node, *timer),
                Output::CancelTimer(timer) => self.cancel_timer(handled.node, *timer),
                _ => {}
            }
        }
    }

    /// Takes one choice: consumes the message or timer and lets the node's roles react, but
    /// leaves their outputs for the caller to carry out.
    pub fn handle(&mut self, choice: &Choice) -> Result<Handled> {
        let handled = |node, outputs| Handled {
            node,
            outputs,
            receiver_down: false,
        };
        match choice {
            Choice::Deliver(packet) => {
                self.unpost(packet)?;
                if !self.is_up(packet.to) {
                    return Ok(Handled {
                        receiver_down: true,
                        ..handled(packet.to, Vec::new())
                    });
                }
                let outputs = self
                    .node_mut(packet.to)?
                    .each(|role, out| role.on_message(packet.from, &packet.message, out));
                Ok(handled(packet.to, outputs))
            }
            Choice::Drop(packet) => {
                self.unpost(packet)?;
                Ok(handled(packet.to, Vec::new()))
            }
            Choice::Duplicate(packet) => {
                if !self.network.contains_key(packet) {
                    return Err(not_enabled("that message is not in flight"));
                }
                self.post(packet.clone());
                Ok(handled(packet.to, Vec::new()))
            }
            &Choice::Fire { node, timer } => {
                if !self.timers.remove(&(node, timer)) {
                    return Err(not_enabled("that timer is not pending"));
                }
                let outputs = self
                    .node_mut(node)?
                    .each(|role, out| role.on_timeout(timer, out));
                Ok(handled(node, outputs))
            }
            &Choice::Crash(id) => {
                let node = self.node_mut(id)?;
                if !node.up {
                    return Err(not_enabled("the node is already crashed"));
                }
                node.crash();
                self.forget_crashed(id);
                Ok(handled(id, Vec::new()))
            }
            &Choice::Restart(id) => {
                let node = self.node_mut(id)?;
                if node.up {
                    return Err(not_enabled("the node is not crashed"));
                }
                let outputs = node.restart();
                Ok(handled(id, outputs))
            }
            Choice::Request { node, request } => {
                if !self.is_up(*node) {
                    return Err(not_enabled("the node is crashed"));
                }
                let outputs = self
                    .node_mut(*node)?
                    .each(|role, out| role.on_request(request, out));
                Ok(handled(*node, outputs))
            }
        }
    }

    /// Puts one copy of a message in flight.
    pub fn post(&mut self, packet: Packet) {
        *self.network.entry(packet).or_insert(0) += 1;
    }

    /// Takes one copy of a message out of flight.
    fn unpost(&mut self, packet: &Packet) -> Result<()> {
        match self.network.get(packet).copied() {
            Some(1) => {
                self.network.remove(packet);
                Ok(())
            }
            Some(n) => {
                self.network.insert(packet.clone(), n - 1);
                Ok(())
            }
            None => Err(not_enabled("that message is not in flight")),
        }
    }

    /// What a crash loses besides the node's volatile state: its pending timers, and every
    /// message in flight to it.
    fn forget_crashed(&mut self, id: NodeId) {
        let timers: Vec<_> = self.timers.iter().filter(|t| t.0 == id).copied().collect();
        for timer in timers {
            self.timers.remove(&timer);
        }
        let doomed: Vec<Packet> = self
            .network
            .keys()
            .filter(|p| p.to == id)
            .cloned()
            .collect();
        for packet in doomed {
            self.network.remove(&packet);
        }
    }

    /// Marks `timer` of `node` pending (it replaces a pending one of the same kind).
    pub fn set_timer(&mut self, node: NodeId, timer: Timer) {
        self.timers.insert((node, timer));
    }

    /// Cancels `timer` of `node`, if pending.
    pub fn cancel_timer(&mut self, node: NodeId, timer: Timer) {
        self.timers.remove(&(node, timer));
    }

    fn is_up(&self, id: NodeId) -> bool {
        self.node(id).is_some_and(|n| n.up)
    }

    fn node_mut(&mut self, id: NodeId) -> Result<&mut Node> {
        let last = self.nodes.len().saturating_sub(1) as u32;
        self.nodes
            .get_mut(id.0 as usize)
            .map(Arc::make_mut)
            .ok_or(Error::UnknownNode { id: id.0, last })
    }
}

fn not_enabled(why: &str) -> Error {
    Error::NotEnabled(why.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::build::cluster;
    use crate::{Config, Mode};
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    fn hash(world: &World) -> u64 {
        let mut h = DefaultHasher::new();
        world.hash(&mut h);
        h.finish()
    }

    fn deliveries(world: &World) -> Vec<Packet> {
        world
            .enabled(&[])
            .into_iter()
            .filter_map(|c| match c {
                Choice::Deliver(p) => Some(p),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn commuting_deliveries_reach_equal_worlds_with_equal_hashes() {
        // Prepares to two different acceptors commute: either order, the same world.
        let mut world = World::started(cluster(&Config::default()).0);
        let p1 = NodeId(0);
        world
            .apply(&Choice::Request {
                node: p1,
                request: Request::Propose("blue".into()),
            })
            .unwrap();
        let prepares = deliveries(&world);
        assert_eq!(prepares.len(), 3, "one prepare to each acceptor");
        let (a, b) = (
            Choice::Deliver(prepares[0].clone()),
            Choice::Deliver(prepares[1].clone()),
        );
        let mut one = world.clone();
        one.apply(&a).unwrap();
        one.apply(&b).unwrap();
        let mut two = world.clone();
        two.apply(&b).unwrap();
        two.apply(&a).unwrap();
        assert_ne!(one, world);
        assert_eq!(one, two);
        assert_eq!(hash(&one), hash(&two));
        // And an order that does not commute gives a different world.
        let mut three = world.clone();
        three.apply(&a).unwrap();
        assert_ne!(three, one);
        assert_ne!(hash(&three), hash(&one));
    }

    #[test]
    fn every_enabled_choice_applies_and_a_disabled_one_is_refused() {
        let config = Config {
            mode: Mode::Multi,
            ..Config::default()
        };
        let mut world = World::started(cluster(&config).0);
        assert_eq!(
            world.timers().count(),
            3,
            "every replica waits for a leader"
        );
        let mut steps = 0;
        while let Some(choice) = world
            .enabled(&[])
            .into_iter()
            .find(|c| matches!(c, Choice::Deliver(_) | Choice::Fire { .. }))
        {
            world.apply(&choice).unwrap();
            steps += 1;
            if steps == 60 {
                break;
            }
        }
        assert_eq!(steps, 60, "an election keeps the world busy");
        let gone = Choice::Fire {
            node: NodeId(9),
            timer: Timer::Heartbeat,
        };
        let before = world.clone();
        assert!(world.apply(&gone).is_err());
        assert_eq!(world, before, "a refused choice changes nothing");
        world.apply(&Choice::Crash(NodeId(1))).unwrap();
        assert!(world.enabled(&[]).contains(&Choice::Restart(NodeId(1))));
        assert!(world
            .enabled(&[])
            .iter()
            .all(|c| !matches!(c, Choice::Deliver(p) if p.to == NodeId(1))));
        assert!(world.apply(&Choice::Crash(NodeId(1))).is_err());
    }

    #[test]
    fn a_known_reaction_takes_a_choice_as_handling_it_does() {
        // `react` then `take_reacted` is `take`: the same world and the same outputs, for every
        // delivery, timer, crash and restart enabled along a run; and `react` changes nothing.
        for mode in [Mode::Basic, Mode::Multi] {
            let config = Config {
                mode,
                ..Config::default()
            };
            let mut world = World::started(cluster(&config).0);
            world
                .apply(&Choice::Request {
                    node: NodeId(0),
                    request: Request::Propose("blue".into()),
                })
                .unwrap();
            let mut compared = 0;
            for round in 0..40 {
                for choice in world.enabled(&[]) {
                    let before = world.clone();
                    let Ok((id, node, outputs)) = world.react(&choice) else {
                        assert!(matches!(choice, Choice::Drop(_) | Choice::Duplicate(_)));
                        continue;
                    };
                    assert_eq!(world, before, "react changes nothing");
                    let mut taken = world.clone();
                    let handled = taken.take(&choice).unwrap();
                    let mut reacted = world.clone();
                    let again = reacted
                        .take_reacted(&choice, Arc::new(node), outputs)
                        .unwrap();
                    assert_eq!(reacted, taken, "{choice:?}");
                    assert_eq!((again.node, again.outputs), (id, handled.outputs));
                    compared += 1;
                }
                // Walk on: crash and restart a node now and then, otherwise deliver or fire.
                let choices = world.enabled(&[]);
                let next = match round % 9 {
                    4 => choices.iter().find(|c| matches!(c, Choice::Crash(_))),
                    5 => choices.iter().find(|c| matches!(c, Choice::Restart(_))),
                    _ => choices
                        .iter()
                        .find(|c| matches!(c, Choice::Deliver(_) | Choice::Fire { .. })),
                };
                let Some(next) = next.cloned() else {
                    break;
                };
                world.apply(&next).unwrap();
            }
            assert!(compared > 100, "{compared} choices compared");
        }
        let world = World::started(cluster(&Config::default()).0);
        assert!(
            world.react(&Choice::Restart(NodeId(0))).is_err(),
            "not crashed"
        );
    }

    #[test]
    fn a_timer_set_again_replaces_the_pending_one() {
        // Typed timers: a superseded timer never fires, because only the pending one exists.
        let mut world = World::started(cluster(&Config::default()).0);
        world.set_timer(NodeId(0), Timer::Retry);
        world.set_timer(NodeId(0), Timer::Retry);
        assert_eq!(world.timers().count(), 1);
        world.cancel_timer(NodeId(0), Timer::Retry);
        assert_eq!(world.timers().count(), 0);
    }
}
