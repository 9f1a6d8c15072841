//! Multi-Paxos scenarios (Paxos Made Simple, section 3): a stable leader, phase 2 only in steady
//! state, failover that keeps every chosen slot, no-ops for gaps, and a deposed leader that can
//! no longer get anything chosen.

mod common;

use common::*;
use paxos_core::sim::Envelope;
use paxos_core::view::RoleName;
use paxos_core::{Action, Error, MessageKind, NodeId, Simulation};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// The replica that leads, if exactly one node thinks it does.
fn leader(sim: &Simulation) -> Option<NodeId> {
    let leaders: Vec<NodeId> = sim
        .snapshot()
        .nodes
        .iter()
        .filter(|n| {
            n.up && n
                .replica
                .as_ref()
                .is_some_and(|r| r.role == RoleName::Leader)
        })
        .map(|n| n.id)
        .collect();
    (leaders.len() == 1).then(|| leaders[0])
}

/// Steps until a leader is elected and every live replica follows its ballot.
fn elect(sim: &mut Simulation) -> NodeId {
    assert!(
        step_until(sim, 5_000, |s| {
            let Some(l) = leader(s) else { return false };
            let snap = s.snapshot();
            let ballot = snap.nodes[l.0 as usize]
                .replica
                .as_ref()
                .and_then(|r| r.ballot);
            snap.nodes
                .iter()
                .filter(|n| n.up)
                .all(|n| n.replica.as_ref().is_some_and(|r| r.ballot == ballot))
        }),
        "a leader is elected"
    );
    leader(sim).unwrap()
}

/// The applied commands of a replica, as text.
fn applied(sim: &Simulation, node: NodeId) -> Vec<String> {
    let snap = sim.snapshot();
    let replica = snap.nodes[node.0 as usize].replica.clone().unwrap();
    replica
        .log
        .iter()
        .filter(|e| e.result.is_some())
        .map(|e| e.command.clone())
        .collect()
}

fn applied_count(sim: &Simulation, node: NodeId) -> u64 {
    sim.snapshot().nodes[node.0 as usize]
        .replica
        .as_ref()
        .unwrap()
        .applied
}

fn submit(sim: &mut Simulation, node: NodeId, key: &str, value: &str) {
    sim.apply(Action::Submit {
        node,
        request: put(key, value),
    })
    .expect("submit");
}

fn no_violations(sim: &Simulation) {
    let v = sim.checker().violations();
    assert!(v.is_empty(), "{v:?}");
}

#[test]
fn steady_state_needs_phase_2_only_after_the_first_phase_1() {
    // Section 3: once elected, a leader skips phase 1 for every new command.
    let mut sim = Simulation::new(multi(5), 11).unwrap();
    let l = elect(&mut sim);
    let before = sim.snapshot().counters;
    let commands = 20;
    for i in 0..commands {
        submit(&mut sim, l, &format!("k{i}"), "v");
        assert!(step_until(&mut sim, 500, |s| (0..5)
            .all(|n| applied_count(s, NodeId(n)) > i)));
    }
    let after = sim.snapshot().counters;
    assert_eq!(after.prepare, before.prepare, "no phase 1 in steady state");
    assert_eq!(after.promise, before.promise);
    let (accepts, accepted) = (
        after.accept - before.accept,
        after.accepted - before.accepted,
    );
    // One accept to each of the 5 acceptors and one accepted back, per command.
    assert_eq!(accepts, commands * 5);
    assert_eq!(accepted, commands * 5);
    println!(
        "multi-paxos steady state: {} phase-2 messages for {commands} commands on 5 acceptors = {:.1} per acceptor per command (plus {} heartbeats over the whole run)",
        accepts + accepted,
        (accepts + accepted) as f64 / (commands * 5) as f64,
        after.heartbeat - before.heartbeat
    );
    no_violations(&sim);
    let logs: Vec<Vec<String>> = (0..5).map(|n| applied(&sim, NodeId(n))).collect();
    assert!(
        logs.windows(2).all(|w| w[0] == w[1]),
        "every replica applied the same log"
    );
}

#[test]
fn a_new_leader_completes_open_slots_with_the_same_values() {
    // Section 3: a new leader re-proposes, in each open slot, the value of the
    // highest-numbered proposal its phase 1 reports.
    let mut sim = Simulation::new(multi(3), 12).unwrap();
    let l = elect(&mut sim);
    submit(&mut sim, l, "x", "1");
    // The accepts reach every acceptor, so "#1 put x=1" is chosen in slot 0 ...
    deliver_all(&mut sim, |e: &Envelope| e.kind == MessageKind::Accept);
    assert_eq!(sim.checker().chosen().len(), 1);
    // ... but the leader crashes before it hears back, so nobody knows.
    sim.apply(Action::Crash { node: l }).unwrap();
    let next = elect(&mut sim);
    assert_ne!(next, l);
    assert!(step_until(&mut sim, 2_000, |s| applied_count(s, next) >= 1));
    assert_eq!(applied(&sim, next)[0], "#1 put x=1");
    let slot0: Vec<String> = sim
        .checker()
        .chosen()
        .iter()
        .filter(|c| c.slot == 0)
        .map(|c| c.value.clone())
        .collect();
    assert!(slot0.iter().all(|v| v == "#1 put x=1"), "{slot0:?}");
    no_violations(&sim);
}

#[test]
fn gaps_in_the_log_become_noops() {
    // Section 3: a new leader fills slots with no accepted value with no-ops, so later slots
    // can be applied.
    let mut sim = Simulation::new(multi(3), 13).unwrap();
    let l = elect(&mut sim);
    drop_all(&mut sim, |_| true);
    for (k, v) in [("a", "1"), ("b", "2"), ("c", "3")] {
        submit(&mut sim, l, k, v);
    }
    // Slots 0 and 2 reach the acceptors; slot 1 is lost everywhere.
    let slot1 = |e: &Envelope| matches!(e.message, paxos_core::Message::SlotAccept { slot: 1, .. });
    drop_all(&mut sim, slot1);
    deliver_all(&mut sim, |e: &Envelope| e.kind == MessageKind::Accept);
    sim.apply(Action::Crash { node: l }).unwrap();
    let next = elect(&mut sim);
    assert!(step_until(&mut sim, 2_000, |s| applied_count(s, next) >= 3));
    let log = applied(&sim, next);
    assert_eq!(log[..3], ["#1 put a=1", "no-op", "#3 put c=3"]);
    no_violations(&sim);
}

#[test]
fn a_cut_off_old_leader_gets_nothing_chosen() {
    // The old leader keeps its ballot, but a majority promised a higher one: its accepts are
    // rejected or lost, so nothing it proposes is chosen (safety without a single leader).
    let mut sim = Simulation::new(multi(5), 14).unwrap();
    let old = elect(&mut sim);
    let cut = |sim: &mut Simulation| drop_all(sim, |e: &Envelope| e.from == old || e.to == old);
    cut(&mut sim);
    // Isolated: the others elect a new leader while the old one keeps trying.
    let mut new_leader = None;
    for _ in 0..5_000 {
        cut(&mut sim);
        if sim.step().is_err() {
            break;
        }
        cut(&mut sim);
        let snap = sim.snapshot();
        new_leader = snap
            .nodes
            .iter()
            .find(|n| {
                n.id != old
                    && n.replica
                        .as_ref()
                        .is_some_and(|r| r.role == RoleName::Leader)
            })
            .map(|n| n.id);
        if new_leader.is_some() {
            break;
        }
    }
    let new_leader = new_leader.expect("the majority elects a new leader");
    submit(&mut sim, old, "stale", "x");
    submit(&mut sim, new_leader, "fresh", "y");
    for _ in 0..600 {
        cut(&mut sim);
        sim.step().unwrap();
    }
    let chosen: Vec<String> = sim
        .checker()
        .chosen()
        .iter()
        .map(|c| c.value.clone())
        .collect();
    assert!(chosen.iter().any(|c| c.contains("fresh")), "{chosen:?}");
    assert!(!chosen.iter().any(|c| c.contains("stale")), "{chosen:?}");
    assert_eq!(
        applied_count(&sim, old),
        0,
        "the cut-off node applied nothing"
    );
    // Healed: the old leader learns of the higher ballot, steps down, and catches up.
    assert!(step_until(&mut sim, 3_000, |s| applied_count(s, old) >= 1));
    assert_ne!(leader(&sim), Some(old));
    no_violations(&sim);
}

#[test]
fn a_follower_forwards_a_command_to_the_leader() {
    let mut sim = Simulation::new(multi(3), 15).unwrap();
    let l = elect(&mut sim);
    let follower = NodeId((l.0 + 1) % 3);
    submit(&mut sim, follower, "x", "1");
    assert_eq!(sim.snapshot().counters.forward, 1);
    assert!(step_until(&mut sim, 500, |s| (0..3)
        .all(|n| applied_count(s, NodeId(n)) >= 1)));
    for n in 0..3 {
        assert_eq!(applied(&sim, NodeId(n)), vec!["#1 put x=1"]);
    }
    let kv = sim.snapshot().nodes[follower.0 as usize]
        .replica
        .clone()
        .unwrap()
        .kv;
    assert_eq!((kv[0].key.as_str(), kv[0].value.as_str()), ("x", "1"));
}

#[test]
fn modes_refuse_each_others_actions() {
    let mut multi_sim = Simulation::new(multi(3), 1).unwrap();
    let err = multi_sim
        .apply(Action::Propose {
            node: NodeId(0),
            value: "v".into(),
        })
        .unwrap_err();
    assert!(matches!(err, Error::WrongMode(_)));
    let mut basic = Simulation::new(cluster(1, 3, 1), 1).unwrap();
    let err = basic
        .apply(Action::Submit {
            node: NodeId(0),
            request: put("x", "1"),
        })
        .unwrap_err();
    assert!(matches!(err, Error::WrongMode(_)));
    let err = multi_sim
        .apply(Action::Submit {
            node: NodeId(0),
            request: put("", "1"),
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid value: a key must not be empty");
}
