//! What the page sees: the [`Snapshot`] of a simulation and every view type in it, each with its
//! projection from the simulation's state. Plain data, serialised to JavaScript as it is.
//!
//! Node views (roles, phases, the replicated log) are in [`node`].

pub mod node;
pub mod twopc;

pub use node::{
    EpochView, KvPair, LearnerView, LogEntryView, NodeView, PhaseName, ProgressView, ProposerView,
    ReplicaView, RoleName, LOG_WINDOW,
};

use crate::ballot::NodeId;
use crate::checks::{CheckReport, Chosen};
use crate::config::Config;
use crate::message::{MessageKind, Value};
use crate::network::LinkFaults;
use crate::sim::{Envelope, Simulation};
use serde::Serialize;

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
    /// Basic Paxos: how many ballots the proposers have issued in all, when that looks like
    /// livelock: at least two proposers still trying, [`LIVELOCK_ROUNDS`] ballots or more, and
    /// no value chosen. `None` otherwise.
    pub livelock: Option<u64>,
    /// Multi-Paxos, revision 3: the configuration in force for each range of slots, as the
    /// chosen log sets them up (the omniscient view; each replica's own is in its view).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub epochs: Option<Vec<EpochView>>,
}

/// Ballots issued with no value chosen, while two or more proposers keep trying, after which
/// the page calls it livelock.
pub const LIVELOCK_ROUNDS: u64 = 8;

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
    /// A proposer telling a learner what was chosen.
    pub decide: u64,
    /// A learner acknowledging what it learned.
    pub learned: u64,
    /// Multi-Paxos heartbeats.
    pub heartbeat: u64,
    /// Multi-Paxos commands forwarded to the leader.
    pub forward: u64,
    /// Multi-Paxos requests for a missing slot.
    pub missing: u64,
    /// Client commands submitted (Multi-Paxos).
    pub commands: u64,
    /// Multi-Paxos (revision 3): followers' answers to heartbeats.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub alive: u64,
    /// Multi-Paxos (revision 3): chosen slots sent to a server that lacked them.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub catch_up: u64,
    /// Multi-Paxos, broken rule: membership announced without consensus.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub membership: u64,
    /// Two-phase commit: votes.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub vote: u64,
    /// Two-phase commit: decisions.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub decision: u64,
    /// Two-phase commit: acknowledgements.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ack: u64,
    /// Two-phase commit: queries of uncertain participants.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub query: u64,
    /// Two-phase commit: transactions begun.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub transactions: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counters {
    pub(crate) fn count(&mut self, kind: MessageKind) {
        let counter = match kind {
            MessageKind::Prepare => &mut self.prepare,
            MessageKind::Promise => &mut self.promise,
            MessageKind::Accept => &mut self.accept,
            MessageKind::Accepted => &mut self.accepted,
            MessageKind::Reject => &mut self.reject,
            MessageKind::Decide => &mut self.decide,
            MessageKind::Learned => &mut self.learned,
            MessageKind::Heartbeat => &mut self.heartbeat,
            MessageKind::Forward => &mut self.forward,
            MessageKind::Missing => &mut self.missing,
            MessageKind::Alive => &mut self.alive,
            MessageKind::CatchUp => &mut self.catch_up,
            MessageKind::Membership => &mut self.membership,
            MessageKind::Vote => &mut self.vote,
            MessageKind::Decision => &mut self.decision,
            MessageKind::Ack => &mut self.ack,
            MessageKind::Query => &mut self.query,
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

impl Simulation {
    /// Everything the page shows, as plain data.
    pub fn snapshot(&self) -> Snapshot {
        let reconfigurable =
            self.config.mode == crate::config::Mode::Multi && self.config.revision >= 3;
        let timers: Vec<TimerView> = self
            .timers
            .iter()
            .map(|(&(due_at, _), &(node, _))| TimerView { node, due_at })
            .collect();
        Snapshot {
            step: self.log().len() as u64,
            time: self.now,
            seed: self.seed,
            config: self.config.clone(),
            majority: self.checker.quorum().needed(),
            nodes: self
                .world
                .nodes()
                .map(|(id, node)| {
                    let name = &self.names[id.0 as usize];
                    node::node_view(id, name, node, &self.config.votes, reconfigurable)
                })
                .collect(),
            messages: self.in_flight.values().cloned().collect(),
            next_due: self
                .in_flight
                .values()
                .map(|e| e.due_at)
                .chain(timers.iter().map(|t| t.due_at))
                .min(),
            timers,
            proposed: self.checker.proposed().cloned().collect(),
            chosen: self.checker.chosen().to_vec(),
            checks: self.checker.report(),
            counters: self.counters.clone(),
            livelock: self.livelock(),
            epochs: reconfigurable.then(|| {
                self.checker
                    .epochs()
                    .map(|(slot, q)| EpochView::new(slot, q))
                    .collect()
            }),
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

    /// See [`Snapshot::livelock`].
    fn livelock(&self) -> Option<u64> {
        if !self.checker.chosen().is_empty() {
            return None;
        }
        let proposers: Vec<_> = self
            .world
            .nodes()
            .filter_map(|(_, node)| node.proposer())
            .collect();
        let trying = proposers.iter().filter(|p| p.value().is_some()).count();
        let rounds: u64 = proposers.iter().map(|p| p.ballots()).sum();
        (trying >= 2 && rounds >= LIVELOCK_ROUNDS).then_some(rounds)
    }
}
