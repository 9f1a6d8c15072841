//! How a cluster is built from a [`Config`]: which node hosts which roles, what each is called,
//! who talks to whom and which quorums count, and the "break a rule" wiring; and a server that
//! joins a running Multi-Paxos cluster.

use crate::ballot::NodeId;
use crate::config::{Config, Layout, Mode, Sabotage};
use crate::multi::replica::{Replica, ReplicaOptions};
use crate::quorum::Quorum;
use crate::roles::acceptor::Acceptor;
use crate::roles::learner::Learner;
use crate::roles::proposer::{Proposer, ProposerOptions};
use crate::roles::AnyRole;
use crate::twopc::coordinator::Coordinator;
use crate::twopc::participant::Participant;
use crate::world::Node;
use std::sync::Arc;

/// The nodes of a cluster, their display names (P1, A2, L1, N3, S1...), and the quorum of
/// acceptors whose acceptances make a value chosen.
pub fn cluster(config: &Config) -> (Vec<Node>, Vec<String>, Quorum) {
    match config.mode {
        Mode::Multi => return servers(config),
        Mode::TwoPhase => return two_phase(config),
        Mode::Basic => {}
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
    let acceptors = Quorum::majority(ids(|r| r.2));
    // What the proposers and learners count with; the checker keeps the true majority.
    let counted = if config.sabotage == Some(Sabotage::SmallQuorum) {
        let needed = acceptors.needed().saturating_sub(1);
        Quorum::of_size(acceptors.members().iter().copied(), needed)
    } else {
        acceptors.clone()
    };
    let learners: Arc<[NodeId]> = ids(|r| r.3).into();
    let options = ProposerOptions {
        timeout: config.timeout,
        backoff: config.backoff,
        adopt_accepted: config.sabotage != Some(Sabotage::ProposerIgnoresAcceptedValues),
        recovery: config.revision >= 2,
        own_decide_is_no_news: config.revision >= 4,
        distinguished: config.distinguished,
        shared_ballots: config.sabotage == Some(Sabotage::SharedBallots),
        // The naive "accept the first value" design has no phase 1 either (seed 002).
        skip_phase_one: matches!(
            config.sabotage,
            Some(Sabotage::SkipPhaseOne | Sabotage::AcceptFirstValue)
        ),
    };
    let mut names = Vec::new();
    let nodes = plan
        .into_iter()
        .enumerate()
        .map(|(i, (name, is_p, is_a, is_l))| {
            let id = NodeId(i as u32);
            names.push(name);
            let mut roles = Vec::new();
            if is_p {
                roles.push(AnyRole::Proposer(Proposer::new(
                    id,
                    counted.clone(),
                    learners.clone(),
                    options,
                )));
            }
            if is_a {
                let acceptor =
                    Acceptor::new(id, learners.clone()).with_ceiling(config.ballot_ceiling);
                roles.push(AnyRole::Acceptor(match config.sabotage {
                    Some(Sabotage::AcceptorIgnoresPromises) => acceptor.ignoring_promises(),
                    Some(Sabotage::AcceptFirstValue) => acceptor.first_value_only(),
                    Some(Sabotage::AcceptorForgetsOnRestart) => acceptor.amnesiac(),
                    _ => acceptor,
                }));
            }
            if is_l {
                let acknowledge = config.revision >= 2;
                roles.push(AnyRole::Learner(Learner::new(
                    id,
                    counted.clone(),
                    acknowledge,
                )));
            }
            Node::new(roles)
        })
        .collect();
    (nodes, names, acceptors)
}

/// The options of every Multi-Paxos replica of `config`.
pub fn replica_options(config: &Config) -> ReplicaOptions {
    let reconfigurable = config.revision >= 3;
    ReplicaOptions {
        heartbeat: config.heartbeat,
        election_timeout: config.election_timeout,
        alpha: reconfigurable.then_some(config.alpha),
        unsafe_membership: config.sabotage == Some(Sabotage::MembershipWithoutConsensus),
    }
}

/// A server that joins a running Multi-Paxos cluster: an empty log, and only the initial
/// configuration known (it learns the rest, itself included, from the log).
pub fn joining_server(config: &Config, id: NodeId) -> (Node, String) {
    let genesis = Quorum::majority((0..config.acceptors).map(NodeId));
    let replica = Replica::joining(id, genesis, replica_options(config));
    (
        Node::new(vec![AnyRole::Replica(replica)]),
        format!("S{}", id.0 + 1),
    )
}

/// Two-phase commit: coordinator C (node 0) and participants P1.. (nodes 1..).
fn two_phase(config: &Config) -> (Vec<Node>, Vec<String>, Quorum) {
    let coordinator = NodeId(0);
    let participants: Vec<NodeId> = (1..=config.participants).map(NodeId).collect();
    let ignores = config.sabotage == Some(Sabotage::CoordinatorIgnoresVotes);
    let mut nodes = vec![Node::new(vec![AnyRole::Coordinator(Coordinator::new(
        coordinator,
        &participants,
        config.timeout,
        ignores,
    ))])];
    let mut names = vec!["C".to_string()];
    for &p in &participants {
        nodes.push(Node::new(vec![AnyRole::Participant(Participant::new(
            p,
            coordinator,
            config.timeout,
        ))]));
        names.push(format!("P{}", p.0));
    }
    (nodes, names, Quorum::majority(participants))
}

/// Multi-Paxos: `acceptors` servers S1.., each a full replica among all of them.
fn servers(config: &Config) -> (Vec<Node>, Vec<String>, Quorum) {
    let peers = Quorum::majority((0..config.acceptors).map(NodeId));
    let options = replica_options(config);
    let nodes = peers
        .members()
        .iter()
        .map(|&id| {
            Node::new(vec![AnyRole::Replica(Replica::new(
                id,
                peers.clone(),
                options,
            ))])
        })
        .collect();
    let names = peers
        .members()
        .iter()
        .map(|id| format!("S{}", id.0 + 1))
        .collect();
    (nodes, names, peers)
}
