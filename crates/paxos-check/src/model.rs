//! The model: a configuration and its bounds as a state graph, over the simulator's own world
//! and role code.
//!
//! A [`State`] is the protocol [`World`] (every node's roles, the messages in flight as a
//! multiset, the pending timers), the safety [`Checker`] that has watched the run so far (an
//! acceptance stays counted after the acceptor moves on, as "chosen" needs), and how much of
//! each bound is used. Its successors are every [`Step`] enabled now: deliver, drop or
//! duplicate any message in flight, fire any pending timer, crash any running node or restart
//! a crashed one, and make any client request not made yet — within the [`Bounds`].
//!
//! Nothing here reimplements Paxos: [`World::take`] runs the roles exactly as the simulator does,
//! and the checker records their outputs exactly as the simulator's does. Client requests are
//! made as the simulator makes them (commands numbered in the order they are submitted, a
//! two-phase-commit transaction first asks every running participant to do its part), so that
//! any path found replays, action for action, as a simulator trace ([`crate::path`]).

use crate::bounds::Bounds;
use crate::symmetry::Symmetry;
use paxos_core::checks::Checker;
use paxos_core::config::{Mode, Sabotage, VotePolicy};
use paxos_core::multi::command::{Command, Op};
use paxos_core::roles::{Output, Request, Timer};
use paxos_core::sim::build::cluster;
use paxos_core::world::{Choice, Node, Packet, World};
use paxos_core::{Config, NodeId, Violation};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The values the proposers of a Basic Paxos check are asked to get chosen, by proposer.
pub const VALUES: [&str; 5] = ["red", "blue", "green", "amber", "violet"];

/// One client request a check may make, once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Planned {
    /// Basic Paxos: a client asks this proposer to get `value` chosen.
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: String,
    },
    /// Multi-Paxos: a client submits this operation to a server (numbered when submitted).
    Submit {
        /// The server.
        node: NodeId,
        /// The operation.
        op: Op,
    },
    /// Two-phase commit: a client asks the coordinator to commit a new transaction.
    Transaction {
        /// The coordinator.
        node: NodeId,
    },
}

/// One step of the state graph.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// The world takes a choice: deliver, drop, duplicate, fire, crash, restart.
    World(Choice),
    /// The client request with this index in [`Model::requests`] is made.
    Request(u8),
}

/// A step as [`Model::moves`] names it: small and without copies, a message by its index among
/// the distinct messages in flight, in the world's order ([`World::in_flight`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Deliver one copy of the message with this index.
    Deliver(u32),
    /// Drop one copy of it.
    Drop(u32),
    /// Duplicate it.
    Duplicate(u32),
    /// A pending timer fires.
    Fire(NodeId, Timer),
    /// A running node crashes.
    Crash(NodeId),
    /// A crashed node restarts.
    Restart(NodeId),
    /// The client request with this index in [`Model::requests`] is made.
    Request(u8),
}

impl Move {
    /// The step, given the messages in flight in the world's order.
    pub fn step(&self, packets: &[&Packet]) -> Step {
        let packet = |i: u32| packets[i as usize].clone();
        Step::World(match *self {
            Move::Deliver(i) => Choice::Deliver(packet(i)),
            Move::Drop(i) => Choice::Drop(packet(i)),
            Move::Duplicate(i) => Choice::Duplicate(packet(i)),
            Move::Fire(node, timer) => Choice::Fire { node, timer },
            Move::Crash(node) => Choice::Crash(node),
            Move::Restart(node) => Choice::Restart(node),
            Move::Request(i) => return Step::Request(i),
        })
    }
}

/// How much of each bound a path has used.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Used {
    /// Messages dropped.
    pub drops: u8,
    /// Messages duplicated.
    pub duplicates: u8,
    /// Crashes.
    pub crashes: u8,
    /// Firings of timers that no round bounds.
    pub timeouts: u8,
    /// Multi-Paxos elections run (candidacies started).
    pub elections: u8,
    /// Which requests were made (bit `i`: request `i`).
    pub requests: u8,
    /// Commands and transactions numbered so far.
    pub numbered: u8,
}

/// A state of the graph: the world, what the checker has seen, and the bounds used.
/// (Serialisable, for the packed breadth-first frontier: see `frontier.rs`.)
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct State {
    /// The protocol state.
    pub world: World,
    /// The safety checker that watched the path here.
    pub checker: Checker,
    /// The bounds used on the path here.
    pub used: Used,
}

impl State {
    /// Messages in flight, counting copies.
    pub fn in_flight(&self) -> u32 {
        self.world.in_flight().map(|(_, n)| n).sum()
    }
}

impl Hash for State {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.world.hash(state);
        self.checker.digest(state);
        self.used.hash(state);
    }
}

/// What taking a step gave: the next state and the rules it broke.
#[derive(Clone, Debug)]
pub struct Next {
    /// The state after the step.
    pub state: State,
    /// Rules broken by the step (a state with a violation is not explored further).
    pub violations: Vec<Violation>,
}

/// A configuration and its bounds as a state graph.
#[derive(Clone, Debug)]
pub struct Model {
    config: Config,
    bounds: Bounds,
    requests: Vec<Planned>,
    names: Vec<String>,
    init: State,
    symmetry: Option<Symmetry>,
}

impl Model {
    /// The model of `config` within `bounds`. A configuration or bounds out of range, or one
    /// the checker cannot explore (random votes), is refused with the reason.
    pub fn new(config: Config, bounds: Bounds) -> Result<Self, String> {
        config.validate().map_err(|e| e.to_string())?;
        bounds.validate()?;
        if config.votes.contains(&VotePolicy::Random) {
            return Err("a check cannot use random votes: make each vote yes or no".into());
        }
        let (nodes, names, acceptors) = cluster(&config);
        let checker = Checker::for_cluster(config.mode, acceptors);
        let world = World::started(nodes);
        let requests = plan(&config, &world, bounds.requests);
        if requests.len() < bounds.requests as usize {
            return Err(format!(
                "this configuration has room for {} client requests, not {}",
                requests.len(),
                bounds.requests
            ));
        }
        let mut model = Self {
            config,
            bounds,
            requests,
            names,
            init: State {
                world,
                checker,
                used: Used::default(),
            },
            symmetry: None,
        };
        if model.bounds.symmetry {
            model.symmetry = Some(Symmetry::of(&model)?);
        }
        Ok(model)
    }

    /// The symmetry the search reduces by, when the bounds ask for it.
    pub fn symmetry(&self) -> Option<&Symmetry> {
        self.symmetry.as_ref()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The bounds.
    pub fn bounds(&self) -> &Bounds {
        &self.bounds
    }

    /// The same configuration within other bounds, which are not validated (for searches
    /// past the round bound: see [`crate::extra_round`]).
    pub(crate) fn with_bounds(&self, bounds: Bounds) -> Self {
        Self {
            bounds,
            ..self.clone()
        }
    }

    /// The nodes' names, by id (P1, A2, S3...).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The client requests a path may make, each once.
    pub fn requests(&self) -> &[Planned] {
        &self.requests
    }

    /// The state every path starts from: every node started, nothing requested yet.
    pub fn init(&self) -> &State {
        &self.init
    }

    /// Every step enabled in `state`, in a fixed order (a path is a list of indices into it).
    pub fn steps(&self, state: &State) -> Vec<Step> {
        let packets: Vec<&Packet> = state.world.in_flight().map(|(p, _)| p).collect();
        self.moves(state)
            .into_iter()
            .map(|m| m.step(&packets))
            .collect()
    }

    /// The steps enabled in `state`, in the order of [`Model::steps`], each named without
    /// copying its message (a search need not copy what it will not build).
    pub fn moves(&self, state: &State) -> Vec<Move> {
        let b = &self.bounds;
        let u = &state.used;
        let world = &state.world;
        let up = |node: NodeId| world.node(node).is_some_and(|n| n.up);
        let drop = u32::from(u.drops) < b.max_drops;
        let duplicate = u32::from(u.duplicates) < b.max_duplicates;
        let mut moves = Vec::with_capacity(
            3 * world.in_flight().len() + world.timers().len() + world.len() + self.requests.len(),
        );
        // As the world lists its choices (`World::enabled`): each message in flight (delivered
        // only to a running node), each pending timer, each node, then the client requests.
        for (i, (packet, _)) in world.in_flight().enumerate() {
            let i = i as u32;
            if up(packet.to) {
                moves.push(Move::Deliver(i));
            }
            if drop {
                moves.push(Move::Drop(i));
            }
            if duplicate {
                moves.push(Move::Duplicate(i));
            }
        }
        for &(node, timer) in world.timers() {
            if self.may_fire(state, node, timer) {
                moves.push(Move::Fire(node, timer));
            }
        }
        for (id, node) in world.nodes() {
            if !node.up {
                moves.push(Move::Restart(id));
            } else if u32::from(u.crashes) < b.max_crashes {
                moves.push(Move::Crash(id));
            }
        }
        for (i, planned) in self.requests.iter().enumerate() {
            let node = match planned {
                Planned::Propose { node, .. }
                | Planned::Submit { node, .. }
                | Planned::Transaction { node } => *node,
            };
            if u.requests & (1 << i) == 0 && up(node) {
                moves.push(Move::Request(i as u8));
            }
        }
        moves
    }

    /// A retry or election timer would start a new round: only up to the round bound. Other
    /// timers fire only up to the time-out bound.
    fn may_fire(&self, state: &State, node: NodeId, timer: Timer) -> bool {
        if !self.rounds(timer) {
            return u32::from(state.used.timeouts) < self.bounds.max_timeouts;
        }
        if timer == Timer::Election {
            return u64::from(state.used.elections) < self.bounds.max_rounds;
        }
        let Some(n) = state.world.node(node) else {
            return false;
        };
        n.proposer()
            .is_some_and(|p| p.last_round() < self.bounds.max_rounds)
    }

    /// Whether `timer` starts a new round: a proposer's retry or a replica's election. (Two-phase
    /// commit's `Retry` time-outs start none: two-phase commit has no rounds.)
    fn rounds(&self, timer: Timer) -> bool {
        self.config.mode != Mode::TwoPhase && matches!(timer, Timer::Retry | Timer::Election)
    }

    /// Takes `step` from `state`. `None` when the step is not enabled there, or when the state
    /// it leads to is outside the bounds (too many messages in flight).
    pub fn next(&self, state: &State, step: &Step, depth: u64) -> Option<Next> {
        self.next_reacted(state, step, depth, None)
    }

    /// [`Model::next`], with the reacting node's new state and outputs already known for a
    /// delivery, a timer, a crash or a restart (see [`World::react`]): the same state, without
    /// running the roles.
    pub fn next_reacted(
        &self,
        state: &State,
        step: &Step,
        depth: u64,
        reacted: Option<(Arc<Node>, Vec<Output>)>,
    ) -> Option<Next> {
        let mut next = state.clone();
        let before = next.checker.violations().len();
        match step {
            Step::World(choice) => {
                let handled = match reacted {
                    Some((node, outputs)) => next.world.take_reacted(choice, node, outputs),
                    None => next.world.take(choice),
                }
                .ok()?;
                self.spend(&mut next.used, choice);
                for output in &handled.outputs {
                    next.checker.record(depth, handled.node, output);
                }
            }
            &Step::Request(i) => {
                let planned = self.requests.get(usize::from(i))?;
                next.used.requests |= 1 << i;
                self.request(&mut next, planned, depth)?;
            }
        }
        if next.in_flight() > self.bounds.max_in_flight {
            return None;
        }
        let violations = next.checker.violations()[before..].to_vec();
        Some(Next {
            state: next,
            violations,
        })
    }

    /// Counts what taking `choice` spends of the bounds.
    pub fn spend(&self, used: &mut Used, choice: &Choice) {
        match choice {
            Choice::Drop(_) => used.drops += 1,
            Choice::Duplicate(_) => used.duplicates += 1,
            Choice::Crash(_) => used.crashes += 1,
            Choice::Fire {
                timer: Timer::Election,
                ..
            } => used.elections += 1,
            Choice::Fire { timer, .. } if !self.rounds(*timer) => used.timeouts += 1,
            _ => {}
        }
    }

    /// Counts what a delivery, drop, duplicate or timer named by a [`Move`] spends of the
    /// bounds, as [`Model::spend`] counts it for the step.
    pub fn spend_move(&self, used: &mut Used, step: &Move) {
        match *step {
            Move::Drop(_) => used.drops += 1,
            Move::Duplicate(_) => used.duplicates += 1,
            Move::Crash(_) => used.crashes += 1,
            Move::Fire(node, timer) => self.spend(used, &Choice::Fire { node, timer }),
            Move::Deliver(_) | Move::Restart(_) | Move::Request(_) => {}
        }
    }

    /// A client request, made as the simulator makes it.
    fn request(&self, state: &mut State, planned: &Planned, depth: u64) -> Option<()> {
        let ask = |state: &mut State, node: NodeId, request: Request| -> Option<()> {
            let handled = state.world.take(&Choice::Request { node, request }).ok()?;
            for output in &handled.outputs {
                state.checker.record(depth, handled.node, output);
            }
            Some(())
        };
        match planned {
            Planned::Propose { node, value } => {
                state.checker.record_proposal(value);
                ask(state, *node, Request::Propose(value.clone()))
            }
            Planned::Submit { node, op } => {
                state.used.numbered += 1;
                let command = Command {
                    id: u64::from(state.used.numbered),
                    op: op.clone(),
                };
                state.checker.record_proposal(&command.to_string());
                ask(state, *node, Request::Submit(command))
            }
            Planned::Transaction { node } => {
                state.used.numbered += 1;
                let tx = u64::from(state.used.numbered);
                for participant in state.world.running_participants() {
                    let yes = self.config.vote_of(participant) != VotePolicy::No;
                    ask(state, participant, Request::Work { tx, yes })?;
                }
                ask(state, *node, Request::Begin(tx))
            }
        }
    }
}

/// The requests a check of `config` may make: up to `count` of them.
fn plan(config: &Config, world: &World, count: u32) -> Vec<Planned> {
    let count = count as usize;
    match config.mode {
        Mode::Basic => world
            .nodes()
            .filter(|(_, n)| n.proposer().is_some())
            .zip(VALUES)
            .map(|((node, _), value)| Planned::Propose {
                node,
                value: value.into(),
            })
            .take(count)
            .collect(),
        Mode::Multi => {
            let servers: Vec<NodeId> = world.nodes().map(|(id, _)| id).collect();
            let put = |i: usize, node: NodeId| Planned::Submit {
                node,
                op: Op::Put {
                    key: format!("k{}", i + 1),
                    value: (i + 1).to_string(),
                },
            };
            let (Some(&first), Some(&last)) = (servers.first(), servers.last()) else {
                return Vec::new();
            };
            if config.sabotage != Some(Sabotage::MembershipWithoutConsensus) {
                return (0..count)
                    .map(|i| put(i, servers[i % servers.len()]))
                    .collect();
            }
            // Membership changed without consensus: a client asks the last server to remove
            // every other one (it then believes it is a majority alone), then the commands go
            // to the first server and the last in turn.
            let removals = servers[..servers.len() - 1]
                .iter()
                .map(|&node| Planned::Submit {
                    node: last,
                    op: Op::RemoveServer { node },
                });
            let puts = (0..).map(|i| put(i, if i % 2 == 0 { first } else { last }));
            removals.chain(puts).take(count).collect()
        }
        Mode::TwoPhase => {
            let coordinator = world
                .nodes()
                .find(|(_, n)| n.coordinator().is_some())
                .map(|(id, _)| id);
            coordinator
                .map(|node| vec![Planned::Transaction { node }; count])
                .unwrap_or_default()
        }
    }
}
