//! Scenarios of two-phase commit, and the same fault against Multi-Paxos for comparison.
//!
//! * [`Scenario::TwoPhaseBlocked`]: three participants that all vote yes. The coordinator
//!   crashes at the worst moment, after every participant has voted yes (their votes still in
//!   flight, lost with the crash) and before it decided. The participants are now uncertain:
//!   each asks the coordinator again and again, and each query is lost at the crashed node.
//!   Press Play and nothing ever ends. Restart the coordinator and the next query finds no
//!   decision in its log: it presumes abort and tells everyone.
//! * [`Scenario::LeaderCrash`]: three Multi-Paxos servers on the same seed and delays. A leader
//!   is elected, a client submits two commands (one to the leader, one to a follower), and the
//!   leader crashes with the commands in flight. Press Play: the followers' election timers
//!   run out, one of them wins phase 1, learns from the promises the command the old leader
//!   got accepted, the follower hands it the other one, and both are applied. Nobody waits
//!   for the crashed server.
//! * [`Scenario::Broken`]`(`[`Sabotage::CoordinatorIgnoresVotes`]`)`: votes no, yes, yes; the
//!   coordinator commits on the two yes votes, P1 has already aborted, and the atomicity and
//!   commit-validity checks fire.

use super::Scenario;
use crate::ballot::NodeId;
use crate::config::{Config, Mode, Sabotage, VotePolicy};
use crate::error::{Error, Result};
use crate::multi::command::Op;
use crate::multi::replica::Role;
use crate::sim::{Action, Event, Simulation};
use crate::twopc::TxState;

/// The pinned seed of these scenarios (the first that shows all three points).
pub(super) const SEED: u32 = 0;

/// The message delays of both protocols, in ticks: the same network for the comparison.
const MIN_DELAY: u64 = 2;
/// See [`MIN_DELAY`].
const MAX_DELAY: u64 = 10;

/// The coordinator, in every two-phase-commit cluster.
const COORDINATOR: NodeId = NodeId(0);

/// How long an opening may step before it gives up (it never needs nearly as many).
const OPENING_STEPS: usize = 5_000;

/// The configuration of `scenario`.
pub(super) fn config(scenario: Scenario) -> Config {
    let network = Config {
        min_delay: MIN_DELAY,
        max_delay: MAX_DELAY,
        ..Config::default()
    };
    match scenario {
        Scenario::LeaderCrash => Config {
            mode: Mode::Multi,
            acceptors: 3,
            ..network
        },
        Scenario::Broken(Sabotage::CoordinatorIgnoresVotes) => Config {
            mode: Mode::TwoPhase,
            participants: 3,
            votes: vec![VotePolicy::No, VotePolicy::Yes, VotePolicy::Yes],
            sabotage: Some(Sabotage::CoordinatorIgnoresVotes),
            ..network
        },
        _ => Config {
            mode: Mode::TwoPhase,
            participants: 3,
            votes: vec![VotePolicy::Yes; 3],
            ..network
        },
    }
}

/// The opening actions of `scenario`.
pub(super) fn open(scenario: Scenario, sim: &mut Simulation) -> Result<()> {
    match scenario {
        Scenario::LeaderCrash => crash_the_leader(sim),
        Scenario::TwoPhaseBlocked => {
            let tx = begin(sim)?;
            step_until(sim, "every participant voting yes", |sim| {
                participants(sim, tx).all(|(_, state)| state == Some(TxState::Uncertain))
            })?;
            let decided = sim
                .world()
                .node(COORDINATOR)
                .and_then(|n| n.coordinator())
                .and_then(|c| c.decision(tx));
            if decided.is_some() {
                return Err(opening_failed(
                    "the coordinator decided before it could crash",
                ));
            }
            sim.apply(Action::Crash { node: COORDINATOR })?;
            Ok(())
        }
        _ => begin(sim).map(|_| ()),
    }
}

/// Multi-Paxos: elect a leader, submit a command to it and one to a follower, crash it.
fn crash_the_leader(sim: &mut Simulation) -> Result<()> {
    step_until(sim, "a leader", |sim| settled_leader(sim).is_some())?;
    let leader = settled_leader(sim).ok_or_else(|| opening_failed("no leader"))?;
    let follower = sim
        .world()
        .nodes()
        .map(|(id, _)| id)
        .find(|&id| id != leader)
        .ok_or_else(|| opening_failed("no follower"))?;
    for (node, key, value) in [(leader, "x", "1"), (follower, "y", "2")] {
        let request = Op::Put {
            key: key.into(),
            value: value.into(),
        };
        sim.apply(Action::Submit { node, request })?;
    }
    sim.apply(Action::Crash { node: leader })?;
    Ok(())
}

/// The one running server that leads, once every running server follows its ballot.
fn settled_leader(sim: &Simulation) -> Option<NodeId> {
    let up = || {
        sim.world()
            .nodes()
            .filter(|(_, n)| n.up)
            .filter_map(|(id, n)| Some((id, n.replica()?)))
    };
    let mut leaders = up().filter(|(_, r)| matches!(r.role(), Role::Leader { .. }));
    let (leader, replica) = leaders.next()?;
    if leaders.next().is_some() {
        return None;
    }
    let ballot = replica.leader_ballot();
    up().all(|(_, r)| r.leader_ballot() == ballot)
        .then_some(leader)
}

/// Every participant with where transaction `tx` stands there.
fn participants(sim: &Simulation, tx: u64) -> impl Iterator<Item = (NodeId, Option<TxState>)> + '_ {
    sim.world()
        .nodes()
        .filter_map(move |(id, n)| Some((id, n.participant()?.state(tx))))
}

/// A client asks the coordinator to commit a new transaction; returns its id.
fn begin(sim: &mut Simulation) -> Result<u64> {
    let report = sim.apply(Action::Transaction { node: COORDINATOR })?;
    report
        .events
        .iter()
        .find_map(|e| match e {
            Event::Began { tx, .. } => Some(*tx),
            _ => None,
        })
        .ok_or_else(|| opening_failed("the transaction did not begin"))
}

/// Steps until `done` holds; an error naming `what` if it does not within [`OPENING_STEPS`].
fn step_until(sim: &mut Simulation, what: &str, done: impl Fn(&Simulation) -> bool) -> Result<()> {
    for _ in 0..OPENING_STEPS {
        if done(sim) {
            return Ok(());
        }
        sim.step()?;
    }
    if done(sim) {
        Ok(())
    } else {
        Err(opening_failed(&format!(
            "no {what} within {OPENING_STEPS} steps"
        )))
    }
}

fn opening_failed(why: &str) -> Error {
    Error::NotEnabled(format!("the scenario's opening failed: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_of_the_comparison_run_on_the_same_seed_and_network() {
        let (two_phase, multi) = (
            Scenario::TwoPhaseBlocked.config(),
            Scenario::LeaderCrash.config(),
        );
        assert_eq!(
            Scenario::TwoPhaseBlocked.seed(),
            Scenario::LeaderCrash.seed()
        );
        assert_eq!(
            (two_phase.min_delay, two_phase.max_delay),
            (multi.min_delay, multi.max_delay)
        );
        assert_eq!((two_phase.mode, multi.mode), (Mode::TwoPhase, Mode::Multi));
    }

    #[test]
    fn the_blocked_opening_ends_with_the_coordinator_down_and_everyone_uncertain() {
        let sim = Scenario::TwoPhaseBlocked.open().unwrap();
        assert!(!sim.is_up(COORDINATOR));
        let states: Vec<_> = participants(&sim, 1).map(|(_, s)| s).collect();
        assert_eq!(states, vec![Some(TxState::Uncertain); 3]);
        assert!(sim.checker().violations().is_empty());
    }

    #[test]
    fn the_leader_crash_opening_ends_with_the_leader_down_and_two_commands_submitted() {
        let sim = Scenario::LeaderCrash.open().unwrap();
        let down: Vec<NodeId> = (0..3).map(NodeId).filter(|&n| !sim.is_up(n)).collect();
        assert_eq!(down.len(), 1, "exactly the leader is down");
        let submitted = sim
            .log()
            .iter()
            .filter(|a| matches!(a, Action::Submit { .. }))
            .count();
        assert_eq!(submitted, 2);
    }
}
