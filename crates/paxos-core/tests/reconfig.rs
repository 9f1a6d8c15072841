//! Membership changes through the log, and failure detection (Multi-Paxos, protocol revision 3).
//!
//! Reference: Paxos Made Simple, end of section 3 ("the set of servers ... can be made part of
//! the state ... a change chosen in slot i takes effect from slot i + alpha"). The scenarios
//! measure a reconfiguration end to end; the property test mixes additions, removals, crashes,
//! partitions and client commands over thousands of seeded schedules, with every check after
//! every action, and termination once the faults stop.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{end_faults, multi, put, resolve, runner, steps_until_caught_up, Op};
use paxos_core::multi::command::Op as Request;
use paxos_core::multi::replica::{Membership, Role};
use paxos_core::{permalink, Action, Config, Event, NodeId, Simulation};
use proptest::prelude::*;
use std::cell::{Cell, RefCell};

/// Steps until some server leads; returns it.
fn elect(sim: &mut Simulation) -> NodeId {
    for _ in 0..3_000 {
        if let Some(leader) = leader(sim) {
            return leader;
        }
        sim.step()
            .expect("a Multi-Paxos cluster always has a timer");
    }
    panic!("no leader elected");
}

fn leader(sim: &Simulation) -> Option<NodeId> {
    (0..sim.node_count() as u32).map(NodeId).find(|&n| {
        sim.is_up(n)
            && sim
                .replica(n)
                .is_some_and(|r| matches!(r.role(), Role::Leader { .. }))
    })
}

/// Steps until `done`, at most `max` steps; the number of steps taken.
fn steps_until(sim: &mut Simulation, max: usize, done: impl Fn(&Simulation) -> bool) -> usize {
    for n in 0..max {
        if done(sim) {
            return n;
        }
        sim.step()
            .expect("a Multi-Paxos cluster always has a timer");
    }
    assert!(done(sim), "not done within {max} steps: {}", describe(sim));
    max
}

/// The slot in which a membership change was chosen, from a replica's applied log.
fn change_slot(sim: &Simulation, node: NodeId) -> Option<u64> {
    sim.replica(node)?
        .applied()
        .iter()
        .find(|a| a.command.is_reconfiguration())
        .map(|a| a.slot)
}

fn submit(sim: &mut Simulation, node: NodeId, key: &str) {
    sim.apply(Action::Submit {
        node,
        request: put(key, "1"),
    })
    .expect("submit");
}

#[test]
fn a_server_joins_through_the_log_and_counts_from_slot_i_plus_alpha() {
    let mut sim = Simulation::new(multi(5), 3).unwrap();
    let first = elect(&mut sim);
    let follower = NodeId((first.0 + 1) % 5);
    submit(&mut sim, follower, "a");
    submit(&mut sim, first, "b");
    let asked_at = sim.log().len();
    sim.apply(Action::AddServer { via: follower }).unwrap();
    let new = NodeId(5);
    assert_eq!(sim.node_count(), 6);
    assert_eq!(
        sim.replica(new).map(|r| r.membership()),
        Some(Membership::Joining)
    );
    // Until it has caught up to its own addition it must not vote: no promise, no acceptance.
    let joined = steps_until(&mut sim, 2_000, |s| {
        let r = s.replica(new).expect("replica");
        if r.latest_members().contains(&new) {
            return true;
        }
        assert!(r.accepted().is_empty() && r.promised().is_none());
        false
    });
    let chosen_in = change_slot(&sim, first).expect("the change is in the log");
    let alpha = sim.config().alpha;
    let in_force = chosen_in + alpha;
    assert_eq!(sim.checker().quorum_for(in_force).members().len(), 6);
    assert_eq!(sim.checker().quorum_for(in_force).needed(), 4);
    assert_eq!(sim.checker().quorum_for(in_force - 1).needed(), 3);
    // The leader fills the slots before the change with no-ops rather than wait for clients,
    // and the new server is counted in the slots of the new configuration.
    submit(&mut sim, follower, "c");
    let counted = steps_until(&mut sim, 3_000, |s| {
        s.checker()
            .chosen()
            .iter()
            .any(|c| c.slot >= in_force && c.acceptors.len() >= 4)
    });
    let steps = sim.log().len() - asked_at;
    println!(
        "reconfiguration, 5 servers: the addition was chosen in slot {chosen_in} and governs from slot {in_force} (alpha {alpha}): {} slots from the change to the first slot of the new configuration; the new server saw its addition after {joined} steps, and the first slot chosen with it counted {steps} steps after the request",
        in_force - chosen_in + 1
    );
    for c in sim.checker().chosen().iter().filter(|c| c.slot >= in_force) {
        assert!(c.acceptors.len() >= 4, "slot {}: a majority of six", c.slot);
    }
    // Its log is everyone's log.
    let logs: Vec<Vec<String>> = (0..6)
        .map(|n| {
            let r = sim.replica(NodeId(n)).unwrap();
            r.applied().iter().map(|a| a.command.to_string()).collect()
        })
        .collect();
    let longest = logs.iter().max_by_key(|l| l.len()).unwrap();
    for log in &logs {
        assert_eq!(&longest[..log.len()], &log[..]);
    }
    assert!(sim.checker().violations().is_empty());
    let _ = counted;
}

#[test]
fn removing_the_leader_makes_the_next_configuration_elect_another() {
    let mut sim = Simulation::new(multi(5), 11).unwrap();
    let old = elect(&mut sim);
    sim.apply(Action::RemoveServer {
        via: old,
        node: old,
    })
    .unwrap();
    submit(&mut sim, old, "a");
    let taken = steps_until(&mut sim, 4_000, |s| {
        leader(s).is_some_and(|l| l != old)
            && s.replica(old).unwrap().membership() == Membership::Removed
    });
    let new = leader(&sim).unwrap();
    println!("the removed leader stepped down; {new:?} leads {taken} steps after the request");
    // The new configuration keeps choosing commands without the old leader.
    submit(&mut sim, new, "b");
    let before = sim.replica(old).unwrap().applied_upto();
    steps_until(&mut sim, 2_000, |s| {
        let r = s.replica(new).unwrap();
        r.applied()
            .iter()
            .any(|a| a.command.to_string().contains("put b"))
    });
    let r = sim.replica(old).unwrap();
    assert!(!matches!(r.role(), Role::Leader { .. }));
    assert_eq!(
        r.applied_upto(),
        before,
        "nobody tells a removed server more"
    );
    assert!(sim.checker().violations().is_empty());
}

#[test]
fn a_removed_follower_is_told_the_log_until_it_knows_it_is_out() {
    // The leader stops talking to a removed server once the new configuration is in force, but
    // not before that server has heard the log reach it: otherwise it would wait, "leaving",
    // for ever.
    for seed in 0..20 {
        let mut sim = Simulation::new(multi(3), seed).unwrap();
        let l = elect(&mut sim);
        let f = NodeId((l.0 + 1) % 3);
        sim.apply(Action::RemoveServer { via: l, node: f }).unwrap();
        steps_until(&mut sim, 2_000, |s| {
            s.replica(f).unwrap().membership() == Membership::Removed
        });
        let sent_before = sim.snapshot().counters.heartbeat;
        let to_f = |sim: &mut Simulation| {
            let mut n = 0;
            for _ in 0..300 {
                let report = sim.step().unwrap();
                n += report
                    .events
                    .iter()
                    .filter(|e| matches!(e, Event::Sent { to, .. } if *to == f))
                    .count();
            }
            n
        };
        // One last heartbeat may be on its way before its answer says it has caught up.
        let settling = to_f(&mut sim);
        let later = to_f(&mut sim);
        assert!(sim.snapshot().counters.heartbeat > sent_before);
        assert!(
            settling <= 2,
            "seed {seed}: {settling} messages after it was out"
        );
        assert_eq!(
            later, 0,
            "seed {seed}: nothing more is sent to a removed server"
        );
        assert!(sim.checker().violations().is_empty());
    }
}

#[test]
fn each_slot_is_chosen_by_a_majority_of_its_own_configuration() {
    // Three servers become five: from the change on, two acceptances are not enough.
    let mut sim = Simulation::new(multi(3), 5).unwrap();
    let first = elect(&mut sim);
    sim.apply(Action::AddServer { via: first }).unwrap();
    sim.apply(Action::AddServer { via: first }).unwrap();
    for key in ["a", "b", "c", "d", "e", "f"] {
        submit(&mut sim, first, key);
    }
    steps_until(&mut sim, 5_000, |s| {
        (0..5).all(|n| s.replica(NodeId(n)).unwrap().applied_upto() >= 8)
    });
    let epochs: Vec<(u64, usize)> = sim
        .checker()
        .epochs()
        .map(|(slot, q)| (slot, q.members().len()))
        .collect();
    assert_eq!(epochs.len(), 3, "{epochs:?}");
    for c in sim.checker().chosen().iter() {
        let needed = sim.checker().quorum_for(c.slot).needed();
        assert!(c.acceptors.len() >= needed);
        assert!(c
            .acceptors
            .iter()
            .all(|a| sim.checker().quorum_for(c.slot).contains(*a)));
    }
    let last = sim.checker().quorum_for(u64::MAX).clone();
    assert_eq!((last.members().len(), last.needed()), (5, 3));
    let in_last = sim
        .checker()
        .chosen()
        .iter()
        .filter(|c| sim.checker().quorum_for(c.slot) == &last)
        .count();
    assert!(in_last > 0, "some slot was chosen by three of five");
    assert!(sim.checker().violations().is_empty());
}

#[test]
fn a_membership_change_is_refused_where_it_cannot_be_made() {
    let mut sim = Simulation::new(
        Config {
            revision: 2,
            ..multi(3)
        },
        1,
    )
    .unwrap();
    let before = sim.snapshot();
    let err = sim.apply(Action::AddServer { via: NodeId(0) }).unwrap_err();
    assert!(err.to_string().contains("revision 2"), "{err}");
    assert_eq!(sim.snapshot(), before);
    let mut sim = Simulation::new(multi(3), 1).unwrap();
    let err = sim
        .apply(Action::RemoveServer {
            via: NodeId(0),
            node: NodeId(7),
        })
        .unwrap_err();
    assert!(err.to_string().contains("no node 7"), "{err}");
    let basic = Simulation::new(Config::default(), 1).unwrap();
    let mut basic2 = basic.clone();
    let err = basic2
        .apply(Action::AddServer { via: NodeId(0) })
        .unwrap_err();
    assert!(err.to_string().contains("Multi-Paxos"), "{err}");
    let err = sim
        .apply(Action::Submit {
            node: NodeId(0),
            request: Request::AddServer { node: NodeId(1) },
        })
        .unwrap_err();
    assert!(err.to_string().contains("addServer"), "{err}");
}

#[test]
fn a_crashed_follower_is_suspected_and_forgiven_when_it_returns() {
    let mut sim = Simulation::new(multi(3), 2).unwrap();
    let l = elect(&mut sim);
    let f = NodeId((l.0 + 1) % 3);
    steps_until(&mut sim, 500, |s| {
        s.replica(l).unwrap().suspects().is_empty()
    });
    sim.apply(Action::Crash { node: f }).unwrap();
    let crashed_at = sim.now();
    let suspected = steps_until(&mut sim, 500, |s| {
        s.replica(l).unwrap().suspects().contains(&f)
    });
    let silence = sim.now() - crashed_at;
    sim.apply(Action::Restart { node: f }).unwrap();
    steps_until(&mut sim, 500, |s| {
        !s.replica(l).unwrap().suspects().contains(&f)
    });
    println!(
        "failure detection: the leader suspected the crashed follower after {suspected} steps ({silence} ticks of silence; heartbeat {})",
        sim.config().heartbeat
    );
    assert!(silence >= sim.config().heartbeat * 2);
    assert!(sim.checker().violations().is_empty());
}

#[test]
fn a_slow_link_looks_like_a_dead_server() {
    // The advice is wrong here, which is why nothing depends on it: the follower is up, only
    // its link to the leader is slow.
    let mut sim = Simulation::new(multi(3), 2).unwrap();
    let l = elect(&mut sim);
    let f = NodeId((l.0 + 1) % 3);
    let slow = paxos_core::LinkFaults {
        min_delay: Some(400),
        max_delay: Some(400),
        ..paxos_core::LinkFaults::default()
    };
    sim.apply(Action::SetLink {
        from: f,
        to: l,
        faults: slow,
    })
    .unwrap();
    let mut events = Vec::new();
    steps_until(&mut sim, 2_000, |s| {
        s.replica(l).unwrap().suspects().contains(&f)
    });
    assert!(sim.is_up(f), "suspected, yet running");
    for _ in 0..50 {
        events.extend(sim.step().unwrap().events);
    }
    assert!(sim.checker().violations().is_empty());
    let _ = events
        .iter()
        .filter(|e| matches!(e, Event::Suspicion { .. }));
}

#[test]
fn reconfiguration_runs_round_trip_as_traces_and_permalinks() {
    let sim = paxos_core::scenario::Scenario::Reconfiguration
        .open()
        .unwrap();
    let mut sim = sim;
    for _ in 0..150 {
        sim.step().unwrap();
    }
    let trace = sim.trace();
    assert_eq!(trace.version, paxos_core::sim::TRACE_VERSION);
    let again = Simulation::from_trace(&trace).unwrap();
    assert_eq!(again.snapshot(), sim.snapshot());
    let link = permalink::encode(&trace);
    assert!(link.starts_with("v4."));
    let decoded = permalink::decode(&link).unwrap();
    assert_eq!(
        Simulation::from_trace(&decoded).unwrap().snapshot(),
        sim.snapshot()
    );
}

fn reconfig_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        16 => Just(Op::Step),
        3 => any::<usize>().prop_map(Op::Deliver),
        2 => any::<usize>().prop_map(Op::Drop),
        1 => any::<usize>().prop_map(Op::Duplicate),
        2 => any::<usize>().prop_map(Op::Crash),
        2 => any::<usize>().prop_map(Op::Restart),
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Op::Submit(i, v)),
        1 => any::<usize>().prop_map(Op::AddServer),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Op::RemoveServer(i, j)),
        1 => any::<u16>().prop_map(Op::Split),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Cut(a, b)),
        1 => (any::<usize>(), any::<usize>(), 0u16..400, 0u16..300, any::<bool>())
            .prop_map(|(a, b, l, d, f)| Op::Link(a, b, l, d, f)),
        1 => Just(Op::Heal),
    ]
}

fn reconfig_schedule() -> impl Strategy<Value = (Config, u32, Vec<Op>)> {
    let config = (3u32..=5, 1u64..=4, 0u64..=10, 10u64..=30, 1u64..=4).prop_map(
        |(servers, min_delay, spread, heartbeat, alpha)| Config {
            mode: paxos_core::Mode::Multi,
            acceptors: servers,
            min_delay,
            max_delay: min_delay + spread,
            heartbeat,
            election_timeout: heartbeat * 4,
            alpha,
            ..Config::default()
        },
    );
    (
        config,
        any::<u32>(),
        prop::collection::vec(reconfig_op(), 1..250),
    )
}

/// Schedules in the property test.
const SCHEDULES: u32 = 5_000;
/// Steps after the faults within which every member must have applied every chosen slot.
const CATCH_UP_BOUND: usize = 4_000;

#[test]
fn reconfiguration_schedules_never_break_safety_and_every_member_catches_up() {
    let ran = Cell::new(0u32);
    let (added, removed, changed) = (Cell::new(0u64), Cell::new(0u64), Cell::new(0u64));
    let steps = RefCell::new(Vec::new());
    runner(SCHEDULES)
        .run(&reconfig_schedule(), |(config, seed, ops)| {
            let mut sim = Simulation::new(config.clone(), seed).expect("valid config");
            for op in ops.iter().chain(std::iter::repeat_n(&Op::Step, 300)) {
                let Some(action) = resolve(&sim, op) else {
                    continue;
                };
                match action {
                    Action::AddServer { .. } => added.set(added.get() + 1),
                    Action::RemoveServer { .. } => removed.set(removed.get() + 1),
                    _ => {}
                }
                let report = sim.apply(action).expect("a resolved action applies");
                let broken = sim.checker().violations();
                prop_assert!(broken.is_empty(), "step {}: {:?}", report.step, broken);
            }
            changed.set(changed.get() + sim.checker().epochs().count() as u64 - 1);
            // Every tenth run is replayed from its trace: the same run, bit for bit.
            if ran.get() % 10 == 0 {
                let again = Simulation::from_trace(&sim.trace()).expect("replays");
                prop_assert_eq!(again.snapshot(), sim.snapshot());
            }
            ran.set(ran.get() + 1);
            // Faults stop: every live member of the configuration now in force applies every
            // chosen slot.
            end_faults(&mut sim);
            let taken = steps_until_caught_up(&mut sim, CATCH_UP_BOUND, |sim, slots| {
                sim.checker().quorum_for(slots).members().to_vec()
            });
            prop_assert!(
                taken.is_some(),
                "a member is still behind: {}",
                describe(&sim)
            );
            steps.borrow_mut().push(taken.unwrap_or_default());
            Ok(())
        })
        .unwrap();
    let mut steps = steps.into_inner();
    steps.sort_unstable();
    let at = |q: f64| steps[((steps.len() - 1) as f64 * q) as usize];
    println!(
        "reconfiguration: {} schedules, {} additions and {} removals asked, {} configurations changed through the log; steps until every member applied every chosen slot after the faults: median {}, p99 {}, max {}",
        ran.get(),
        added.get(),
        removed.get(),
        changed.get(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    assert_eq!(ran.get(), SCHEDULES);
    assert!(
        changed.get() > u64::from(SCHEDULES) / 4,
        "changes are exercised"
    );
}

/// The state of every replica, for a failure message.
fn describe(sim: &Simulation) -> String {
    let slots = sim.checker().chosen().iter().map(|c| c.slot + 1).max();
    let mut text = format!(
        "chosen up to {slots:?}; epochs {:?}\n",
        sim.checker()
            .epochs()
            .map(|(s, q)| (s, q.members().to_vec()))
            .collect::<Vec<_>>()
    );
    for n in 0..sim.node_count() as u32 {
        let r = sim.replica(NodeId(n)).unwrap();
        text += &format!(
            "S{} up {} {:?} {:?} applied {} promised {:?} latest {:?} pending {}\n",
            n + 1,
            sim.is_up(NodeId(n)),
            r.membership(),
            r.role(),
            r.applied_upto(),
            r.promised(),
            r.latest_members(),
            r.pending().len()
        );
    }
    text
}
