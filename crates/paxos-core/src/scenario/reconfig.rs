//! Scenarios of membership changes: through the log (a server added and one removed while
//! clients keep submitting), and the broken rule that changes membership without consensus.

use super::Scenario;
use crate::ballot::NodeId;
use crate::config::{Config, Mode, Sabotage};
use crate::error::{Error, Result};
use crate::multi::command::Op;
use crate::multi::replica::Role;
use crate::sim::{Action, Simulation};

/// The pinned seed of these scenarios.
pub(super) const SEED: u32 = 0;

/// The configuration of `scenario`.
pub(super) fn config(scenario: Scenario) -> Config {
    Config {
        mode: Mode::Multi,
        acceptors: if scenario == Scenario::Reconfiguration {
            5
        } else {
            3
        },
        sabotage: (scenario == Scenario::Broken(Sabotage::MembershipWithoutConsensus))
            .then_some(Sabotage::MembershipWithoutConsensus),
        ..Config::default()
    }
}

/// Steps until some server leads; returns it.
fn elect(sim: &mut Simulation) -> Result<NodeId> {
    for _ in 0..2_000 {
        let leader = (0..sim.node_count() as u32).map(NodeId).find(|&n| {
            sim.replica(n)
                .is_some_and(|r| matches!(r.role(), Role::Leader { .. }))
        });
        if let Some(leader) = leader {
            return Ok(leader);
        }
        sim.step()?;
    }
    Err(Error::InvalidConfig("no leader was elected".into()))
}

fn put(sim: &mut Simulation, node: NodeId, key: &str, value: &str) -> Result<()> {
    let request = Op::Put {
        key: key.into(),
        value: value.into(),
    };
    sim.apply(Action::Submit { node, request }).map(|_| ())
}

/// The opening actions of `scenario`.
pub(super) fn open(scenario: Scenario, sim: &mut Simulation) -> Result<()> {
    let leader = elect(sim)?;
    let others: Vec<NodeId> = (0..sim.node_count() as u32)
        .map(NodeId)
        .filter(|&n| n != leader)
        .collect();
    if scenario == Scenario::Reconfiguration {
        // Two commands, then S6 joins (through a follower, which forwards the change) and the
        // leader itself is removed; two more commands follow the changes into the log.
        put(sim, others[0], "x", "1")?;
        put(sim, leader, "y", "2")?;
        sim.apply(Action::AddServer { via: others[0] })?;
        sim.apply(Action::RemoveServer {
            via: others[1],
            node: leader,
        })?;
        put(sim, others[2], "z", "3")?;
        put(sim, others[3], "x", "4")?;
        return Ok(());
    }
    // The broken rule. The leader and one follower are cut off from the third server, T.
    // Through T, a client adds two servers: T switches to five members at once and tells the
    // others; the two on the far side never hear of it. Then the new servers are cut off from
    // the first two as well, and each side gets a client command.
    let (follower, t) = (others[0], others[1]);
    let near = vec![leader, follower];
    sim.apply(Action::Partition {
        groups: vec![near.clone(), vec![t]],
    })?;
    sim.apply(Action::AddServer { via: t })?;
    sim.apply(Action::AddServer { via: t })?;
    let far: Vec<NodeId> = (0..sim.node_count() as u32)
        .map(NodeId)
        .filter(|n| !near.contains(n))
        .collect();
    sim.apply(Action::Partition {
        groups: vec![near, far],
    })?;
    put(sim, leader, "x", "1")?;
    put(sim, t, "x", "2")?;
    Ok(())
}
