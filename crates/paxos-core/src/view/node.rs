//! One node as the page shows it: its roles' states, projected from the roles.

use super::twopc::{coordinator_view, participant_view, CoordinatorView, ParticipantView};
use crate::ballot::{Ballot, NodeId};
use crate::config::VotePolicy;
use crate::message::{Proposal, Value};
use crate::multi::replica::{Membership, Replica, Role};
use crate::quorum::Quorum;
use crate::roles::acceptor::AcceptorState;
use crate::roles::proposer::{Phase, Proposer};
use crate::world::Node;
use serde::Serialize;

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
    /// Two-phase-commit coordinator state, if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub coordinator: Option<CoordinatorView>,
    /// Two-phase-commit participant state, if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub participant: Option<ParticipantView>,
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
    /// Revision 3: member, joining (a new server catching up, or not yet in force) or removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub membership: Option<Membership>,
    /// Revision 3: every configuration it knows of, from the initial one on.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub configurations: Option<Vec<EpochView>>,
    /// Revision 3: the servers it suspects are dead (advice only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub suspects: Vec<NodeId>,
    /// Revision 3, leader: how far each server has applied the log, as its last answer to a
    /// heartbeat said (a new server catching up shows here).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub progress: Vec<ProgressView>,
}

/// A configuration: the servers that choose the values of the slots from `from_slot` on (until
/// the next configuration).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochView {
    /// The first slot it governs.
    pub from_slot: u64,
    /// Its servers.
    pub members: Vec<NodeId>,
    /// How many of them choose a value (a majority).
    pub majority: usize,
}

impl EpochView {
    pub(crate) fn new(from_slot: u64, quorum: &Quorum) -> Self {
        Self {
            from_slot,
            members: quorum.members().to_vec(),
            majority: quorum.needed(),
        }
    }
}

/// How far a server has applied the log, as its leader last heard.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressView {
    /// The server.
    pub node: NodeId,
    /// Slots it has applied.
    pub applied: u64,
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

fn replica_view(r: &Replica, reconfigurable: bool) -> ReplicaView {
    let (role, ballot) = match r.role() {
        Role::Follower { leader } => (RoleName::Follower, *leader),
        Role::Candidate { ballot, .. } => (RoleName::Candidate, Some(*ballot)),
        Role::Leader { ballot, .. } => (RoleName::Leader, Some(*ballot)),
    };
    let progress = match r.role() {
        Role::Leader { term, .. } => term
            .progress
            .iter()
            .map(|(&node, &applied)| ProgressView { node, applied })
            .collect(),
        _ => Vec::new(),
    };
    let slots: crate::vecmap::VecSet<u64> = r
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
        membership: reconfigurable.then(|| r.membership()),
        configurations: reconfigurable.then(|| {
            r.configurations()
                .into_iter()
                .map(|(slot, q)| EpochView::new(slot, q))
                .collect()
        }),
        suspects: r.suspects().iter().copied().collect(),
        progress,
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
    /// Standing aside for a proposer with a higher id (distinguished proposer).
    Deferring,
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
    /// The highest round issued (stable storage); a plain integer, like [`Ballot::round`].
    pub last_round: u64,
    /// How many ballots it has issued (stable storage).
    pub ballots: u64,
    /// The proposer it stands aside for, while deferring.
    pub leader: Option<NodeId>,
    /// Whether it is running phase 1 again after a restart, to finish what it started.
    pub recovering: bool,
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

/// Node `id`, called `name`, as the page shows it (`votes`: the two-phase-commit vote policies).
pub(crate) fn node_view(
    id: NodeId,
    name: &str,
    node: &Node,
    votes: &[VotePolicy],
    reconfigurable: bool,
) -> NodeView {
    NodeView {
        id,
        name: name.to_string(),
        up: node.up,
        proposer: node.proposer().map(proposer_view),
        acceptor: node.acceptor().map(|a| a.state().clone()),
        learner: node.learner().map(|l| LearnerView {
            learned: l.learned().cloned(),
            best_tally: l.best_tally(),
        }),
        replica: node.replica().map(|r| replica_view(r, reconfigurable)),
        coordinator: node.coordinator().map(coordinator_view),
        participant: node.participant().map(|p| {
            let policy = (id.0 as usize)
                .checked_sub(1)
                .and_then(|i| votes.get(i))
                .copied()
                .unwrap_or_default();
            participant_view(p, policy)
        }),
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
        ballots: p.ballots(),
        leader: None,
        recovering: p.recovering(),
    };
    match p.phase() {
        Phase::Idle => {}
        Phase::Preparing { promises, .. } => {
            view.phase = PhaseName::Preparing;
            view.promises = promises.voters().collect();
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
            view.accepted = accepted.voters().collect();
        }
        Phase::BackingOff { promised, .. } => {
            view.phase = PhaseName::BackingOff;
            view.rejected_by = Some(*promised);
        }
        Phase::Deferring { leader } => {
            view.phase = PhaseName::Deferring;
            view.leader = Some(*leader);
        }
        Phase::Chosen { value, adopted, .. } => {
            view.phase = PhaseName::Chosen;
            view.value = Some(value.clone());
            view.adopted = *adopted;
        }
    }
    view
}
