//! Property tests: many seeded random schedules with faults (delivers out of order, drops,
//! duplicates, crashes, restarts, competing proposals), checking after every action that no
//! safety rule is broken, and that the action log replays to the identical simulation.
//!
//! The schedules come from proptest with a fixed seed, so a run is reproducible; a failure is
//! shrunk to a minimal schedule. Each test prints how many schedules it ran.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{end_faults, percentiles, resolve, runner, steps_until_caught_up, Op};
use paxos_core::config::Layout;
use paxos_core::{Config, Sabotage, Simulation, Trace};
use proptest::prelude::*;
use std::cell::Cell;

/// Schedules per safety property (the issue asks for at least 10,000).
const SCHEDULES: u32 = 10_000;

/// Multi-Paxos schedules (the issue asks for at least 5,000).
const MULTI_SCHEDULES: u32 = 5_000;

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => Just(Op::Step),
        4 => any::<usize>().prop_map(Op::Deliver),
        1 => any::<usize>().prop_map(Op::Drop),
        1 => any::<usize>().prop_map(Op::Duplicate),
        1 => any::<usize>().prop_map(Op::Crash),
        2 => any::<usize>().prop_map(Op::Restart),
        2 => (any::<usize>(), 0u8..4).prop_map(|(i, v)| Op::Propose(i, v)),
        1 => prop_oneof![network_op(), Just(Op::Heal)],
    ]
}

/// Network faults: lossy, duplicating, FIFO links; partitions; one-way cuts.
fn network_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            any::<usize>(),
            any::<usize>(),
            0u16..600,
            0u16..400,
            any::<bool>()
        )
            .prop_map(|(a, b, loss, dup, fifo)| Op::Link(a, b, loss, dup, fifo)),
        any::<u16>().prop_map(Op::Split),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Cut(a, b)),
    ]
}

fn config(sabotage: Option<Sabotage>) -> impl Strategy<Value = Config> {
    (
        (
            1u32..=3,
            3u32..=5,
            1u32..=2,
            any::<bool>(),
            1u64..=4,
            0u64..=12,
        ),
        // Every option a correct cluster may run with: fixed or random retries, a
        // distinguished proposer, a ballot ceiling, checksums.
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            move |(
                (proposers, acceptors, learners, shared, min_delay, spread),
                (jitter, distinguished, ceiling, checksums),
            )| Config {
                proposers,
                acceptors,
                learners,
                layout: if shared {
                    Layout::Shared
                } else {
                    Layout::Separate
                },
                min_delay,
                max_delay: min_delay + spread,
                sabotage,
                jitter: jitter || sabotage.is_some(),
                distinguished: distinguished && sabotage.is_none(),
                ballot_ceiling: ceiling.then_some(20),
                checksums,
                ..Config::default()
            },
        )
}

fn schedule(sabotage: Option<Sabotage>) -> impl Strategy<Value = (Config, u32, Vec<Op>)> {
    (
        config(sabotage),
        any::<u32>(),
        prop::collection::vec(op(), 1..160),
    )
}

/// Plays a schedule, then steps on (at most `drain` steps) so started ballots can finish.
fn play(config: &Config, seed: u32, ops: &[Op], drain: usize) -> Simulation {
    let mut sim = Simulation::new(config.clone(), seed).expect("valid config");
    for op in ops.iter().chain(std::iter::repeat_n(&Op::Step, drain)) {
        if let Some(action) = resolve(&sim, op) {
            sim.apply(action).expect("a resolved action applies");
        }
    }
    sim
}

#[test]
fn no_schedule_breaks_safety_and_every_log_replays_identically() {
    let ran = Cell::new(0u32);
    let decided = Cell::new(0u32);
    let actions = Cell::new(0usize);
    runner(SCHEDULES)
        .run(&schedule(None), |(config, seed, ops)| {
            let mut sim = Simulation::new(config.clone(), seed).expect("valid config");
            for op in ops.iter().chain(std::iter::repeat_n(&Op::Step, 300)) {
                let Some(action) = resolve(&sim, op) else {
                    continue;
                };
                let report = sim.apply(action).expect("a resolved action applies");
                // Checked after every single action.
                let broken = sim.checker().violations();
                prop_assert!(broken.is_empty(), "step {}: {:?}", report.step, broken);
            }
            ran.set(ran.get() + 1);
            actions.set(actions.get() + sim.log().len());
            if !sim.checker().chosen().is_empty() {
                decided.set(decided.get() + 1);
            }
            // The log is the trace: replaying it rebuilds the same simulation, field for field
            // (network RNG state included), also after a JSON round trip.
            let trace = sim.trace();
            let json = serde_json::to_string(&trace).expect("serialise");
            let parsed: Trace = serde_json::from_str(&json).expect("parse");
            let again = Simulation::from_trace(&parsed).expect("replay");
            prop_assert_eq!(&again.snapshot(), &sim.snapshot());
            prop_assert!(again == sim, "replay differs beyond the snapshot");
            Ok(())
        })
        .unwrap();
    println!(
        "safety: {} schedules, {} actions, {} reached a decision",
        ran.get(),
        actions.get(),
        decided.get()
    );
    assert_eq!(ran.get(), SCHEDULES);
    // Not vacuous: most schedules get a value chosen despite the faults.
    assert!(
        decided.get() > SCHEDULES / 2,
        "only {} decided",
        decided.get()
    );
}

#[test]
fn the_checks_catch_each_sabotaged_rule_on_some_schedule() {
    for sabotage in [
        Sabotage::AcceptorIgnoresPromises,
        Sabotage::ProposerIgnoresAcceptedValues,
    ] {
        let broken = Cell::new(0u32);
        let ran = Cell::new(0u32);
        runner(2_000)
            .run(&schedule(Some(sabotage)), |(config, seed, ops)| {
                let sim = play(&config, seed, &ops, 300);
                ran.set(ran.get() + 1);
                if sim
                    .checker()
                    .violations()
                    .iter()
                    .any(|v| v.rule == paxos_core::Rule::Agreement)
                {
                    broken.set(broken.get() + 1);
                }
                Ok(())
            })
            .unwrap();
        println!(
            "{sabotage:?}: agreement broken in {} of {} schedules",
            broken.get(),
            ran.get()
        );
        assert!(broken.get() > 0, "{sabotage:?} was never caught");
    }
}

#[test]
fn the_same_schedule_gives_the_same_run() {
    runner(500)
        .run(&schedule(None), |(config, seed, ops)| {
            let one = play(&config, seed, &ops, 100);
            let two = play(&config, seed, &ops, 100);
            prop_assert!(one == two);
            Ok(())
        })
        .unwrap();
}

fn multi_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        14 => Just(Op::Step),
        4 => any::<usize>().prop_map(Op::Deliver),
        2 => any::<usize>().prop_map(Op::Drop),
        1 => any::<usize>().prop_map(Op::Duplicate),
        1 => any::<usize>().prop_map(Op::Crash),
        2 => any::<usize>().prop_map(Op::Restart),
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Op::Submit(i, v)),
        1 => network_op(),
        1 => Just(Op::Heal),
    ]
}

fn multi_schedule() -> impl Strategy<Value = (Config, u32, Vec<Op>)> {
    let config = (3u32..=5, 1u64..=4, 0u64..=10, 10u64..=30).prop_map(
        |(servers, min_delay, spread, heartbeat)| Config {
            mode: paxos_core::Mode::Multi,
            acceptors: servers,
            min_delay,
            max_delay: min_delay + spread,
            heartbeat,
            election_timeout: heartbeat * 4,
            ..Config::default()
        },
    );
    (
        config,
        any::<u32>(),
        prop::collection::vec(multi_op(), 1..250),
    )
}

#[test]
fn multi_paxos_schedules_with_leader_crashes_never_break_safety() {
    let ran = Cell::new(0u32);
    let committed = Cell::new(0u64);
    let leader_changes = Cell::new(0u64);
    runner(MULTI_SCHEDULES)
        .run(&multi_schedule(), |(config, seed, ops)| {
            let mut sim = Simulation::new(config.clone(), seed).expect("valid config");
            let mut leaders = std::collections::BTreeSet::new();
            for op in ops.iter().chain(std::iter::repeat_n(&Op::Step, 400)) {
                let Some(action) = resolve(&sim, op) else {
                    continue;
                };
                let report = sim.apply(action).expect("a resolved action applies");
                let broken = sim.checker().violations();
                prop_assert!(broken.is_empty(), "step {}: {:?}", report.step, broken);
                for n in 0..sim.node_count() {
                    let r = sim.replica(paxos_core::NodeId(n as u32)).expect("replica");
                    if let paxos_core::multi::replica::Role::Leader { ballot, .. } = r.role() {
                        leaders.insert(*ballot);
                    }
                }
            }
            // Every replica's applied log is a prefix of the longest one.
            let logs: Vec<Vec<String>> = (0..sim.node_count())
                .map(|n| {
                    let r = sim.replica(paxos_core::NodeId(n as u32)).expect("replica");
                    r.applied().iter().map(|a| a.command.to_string()).collect()
                })
                .collect();
            let longest = logs
                .iter()
                .max_by_key(|l| l.len())
                .cloned()
                .unwrap_or_default();
            for log in &logs {
                prop_assert_eq!(&longest[..log.len()], &log[..]);
            }
            ran.set(ran.get() + 1);
            committed.set(committed.get() + longest.len() as u64);
            leader_changes.set(leader_changes.get() + leaders.len() as u64);
            let again = Simulation::from_trace(&sim.trace()).expect("replay");
            prop_assert!(again == sim, "replay differs");
            Ok(())
        })
        .unwrap();
    println!(
        "multi-paxos safety: {} schedules, {} slots applied, {} leader ballots",
        ran.get(),
        committed.get(),
        leader_changes.get()
    );
    assert_eq!(ran.get(), MULTI_SCHEDULES);
    assert!(
        committed.get() > u64::from(MULTI_SCHEDULES),
        "schedules commit commands"
    );
    assert!(
        leader_changes.get() > u64::from(MULTI_SCHEDULES),
        "and change leaders"
    );
}

/// Steps (at most `bound`) until every learner has learned the chosen value; returns how many
/// steps it took, or `None` if it did not happen.
fn steps_until_every_learner_learns(sim: &mut Simulation, bound: usize) -> Option<usize> {
    let everyone = |sim: &Simulation| {
        let chosen = &sim.checker().chosen()[0].value;
        sim.learned()
            .iter()
            .all(|(_, l)| l.is_some_and(|p| &p.value == chosen))
    };
    for taken in 0..=bound {
        if everyone(sim) {
            return Some(taken);
        }
        if sim.step().is_err() {
            return None;
        }
    }
    None
}

/// The most steps a learner may need, once faults stop, to learn a chosen value.
const LEARNING_BOUND: usize = 1_500;

#[test]
fn once_faults_stop_every_learner_learns_the_chosen_value() {
    // Termination (seed 002: "all processes will eventually decide"): random faults, then heal,
    // clear every link, restart every node; every learner must learn the chosen value within
    // a bounded number of steps. Protocol revision 1 did not (a learner whose `accepted`
    // messages were all lost waited for ever); the same schedules show it.
    for revision in [1, 2] {
        let ran = Cell::new(0u32);
        let decided = Cell::new(0u32);
        let stuck = Cell::new(0u32);
        let steps = std::cell::RefCell::new(Vec::new());
        runner(SCHEDULES)
            .run(&schedule(None), |(config, seed, ops)| {
                let config = Config { revision, ..config };
                let mut sim = play(&config, seed, &ops, 0);
                ran.set(ran.get() + 1);
                end_faults(&mut sim);
                // Let the proposers that are still trying finish, so something may be chosen.
                let settled = common::step_until(&mut sim, 3_000, |s| {
                    !s.checker().chosen().is_empty() || s.is_idle()
                });
                if !settled || sim.checker().chosen().is_empty() {
                    return Ok(());
                }
                decided.set(decided.get() + 1);
                match steps_until_every_learner_learns(&mut sim, LEARNING_BOUND) {
                    Some(n) => steps.borrow_mut().push(n),
                    None => stuck.set(stuck.get() + 1),
                }
                prop_assert!(sim.checker().violations().is_empty());
                Ok(())
            })
            .unwrap();
        let mut steps = steps.into_inner();
        steps.sort_unstable();
        println!(
            "termination, revision {revision}: {} schedules, {} chose a value, {} left a learner without it; steps to learn after the faults: {}",
            ran.get(),
            decided.get(),
            stuck.get(),
            percentiles(&steps)
        );
        assert_eq!(ran.get(), SCHEDULES);
        assert!(decided.get() > SCHEDULES / 2);
        if revision == 1 {
            assert!(stuck.get() > 0, "the old protocol's bug is reproduced");
        } else {
            assert_eq!(
                stuck.get(),
                0,
                "every learner learns within {LEARNING_BOUND} steps"
            );
        }
    }
}

#[test]
fn once_faults_stop_every_replica_applies_every_chosen_command() {
    // Multi-Paxos termination: after the faults, every replica applies every slot chosen.
    let ran = Cell::new(0u32);
    let steps = std::cell::RefCell::new(Vec::new());
    runner(MULTI_SCHEDULES)
        .run(&multi_schedule(), |(config, seed, ops)| {
            let mut sim = play(&config, seed, &ops, 0);
            end_faults(&mut sim);
            ran.set(ran.get() + 1);
            let taken = steps_until_caught_up(&mut sim, LEARNING_BOUND, |sim, _| {
                (0..sim.node_count() as u32)
                    .map(paxos_core::NodeId)
                    .collect()
            });
            prop_assert!(taken.is_some(), "a replica is still behind");
            steps.borrow_mut().push(taken.unwrap_or_default());
            Ok(())
        })
        .unwrap();
    let mut steps = steps.into_inner();
    steps.sort_unstable();
    println!(
        "multi-paxos termination: {} schedules; steps until every replica applied every chosen slot: {}",
        ran.get(),
        percentiles(&steps)
    );
    assert_eq!(ran.get(), MULTI_SCHEDULES);
}

fn corrupting_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => op(),
        1 => (any::<usize>(), any::<usize>(), 100u16..1000).prop_map(|(a, b, c)| Op::Corrupt(a, b, c)),
    ]
}

#[test]
fn checksums_turn_corruption_into_loss() {
    // Corrupting links break Paxos's assumption (messages may be lost, never changed): without
    // checksums some schedule gets a value nobody proposed chosen or learned; with them, none.
    for checksums in [false, true] {
        let broken = Cell::new(0u32);
        let strategy = (
            config(None),
            any::<u32>(),
            prop::collection::vec(corrupting_op(), 1..160),
        );
        runner(3_000)
            .run(&strategy, |(config, seed, ops)| {
                let config = Config {
                    checksums,
                    ..config
                };
                let sim = play(&config, seed, &ops, 300);
                if !sim.checker().violations().is_empty() {
                    broken.set(broken.get() + 1);
                }
                if checksums {
                    prop_assert!(
                        sim.checker().violations().is_empty(),
                        "{:?}",
                        sim.checker().violations()
                    );
                }
                Ok(())
            })
            .unwrap();
        println!(
            "corruption, checksums {checksums}: a rule broken in {} of 3,000 schedules",
            broken.get()
        );
        if !checksums {
            assert!(broken.get() > 0, "corruption does harm without checksums");
        }
    }
}
