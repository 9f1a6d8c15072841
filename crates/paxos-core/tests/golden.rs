//! Pinned runs: the trace in `tests/fixtures/golden-trace-v3.json` (Multi-Paxos with servers
//! added and removed) must replay to exactly the snapshot in
//! `tests/fixtures/golden-snapshot-v3.json`. The wasm tests replay the same traces in Node and in
//! Chromium and compare with the same files, so native and browser runs are shown to be
//! identical, bit for bit. Regenerate the version-3 pair (after an intended change of behaviour)
//! with `UPDATE_GOLDEN=1 cargo test -p paxos-core --test golden`.
//!
//! The version-1 pair (`golden-trace.json`, `golden-snapshot.json`) and the version-2 pair
//! (`golden-trace-v2.json`, `golden-snapshot-v2.json`, Basic Paxos) were written by those formats
//! and are never regenerated: old traces must keep replaying to their old snapshots.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::as_version_1;
use paxos_core::{Config, Simulation, Trace};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

#[test]
fn the_version_1_golden_trace_still_replays_to_its_snapshot() {
    // Old traces keep opening, exactly as they ran: these two files were written by the first
    // version of the format and never change.
    let stored: Trace =
        serde_json::from_str(&std::fs::read_to_string(fixture("golden-trace.json")).unwrap())
            .unwrap();
    assert_eq!(stored.version, 1);
    let replayed = Simulation::from_trace(&stored).unwrap();
    assert_eq!(
        replayed.config().revision,
        1,
        "version 1 ran protocol revision 1"
    );
    let json = serde_json::to_string(&replayed.snapshot()).unwrap();
    let stored = std::fs::read_to_string(fixture("golden-snapshot.json")).unwrap();
    assert_eq!(
        as_version_1(&json),
        serde_json::from_str::<serde_json::Value>(&stored).unwrap(),
        "the version-1 trace no longer replays to its snapshot"
    );
}

#[test]
fn the_version_2_golden_trace_still_replays_to_its_snapshot() {
    // Written by trace version 2 and never regenerated: byte for byte the same snapshot.
    let text = std::fs::read_to_string(fixture("golden-trace-v2.json")).unwrap();
    let stored: Trace = serde_json::from_str(&text).unwrap();
    assert_eq!(stored.version, 2);
    let replayed = Simulation::from_trace(&stored).unwrap();
    assert_eq!(replayed.config().revision, 2);
    let json = serde_json::to_string_pretty(&replayed.snapshot()).unwrap() + "\n";
    assert_eq!(
        json,
        std::fs::read_to_string(fixture("golden-snapshot-v2.json")).unwrap(),
        "the version-2 trace no longer replays to its snapshot"
    );
    assert_eq!(text, serde_json::to_string_pretty(&stored).unwrap() + "\n");
    // The run is worth pinning: something was chosen and something was lost.
    assert!(!replayed.checker().chosen().is_empty());
    assert!(replayed.log().len() > 50);
    assert!(replayed.in_flight().count() > 0);
}

/// A Multi-Paxos run with every kind of version-3 action: servers added and removed through
/// the log, client commands, a crash, a partition, and suspicions on the way.
fn scripted_multi_run() -> Simulation {
    use paxos_core::{Action, Mode, NodeId};
    let config = Config {
        mode: Mode::Multi,
        acceptors: 4,
        // The revision the fixtures were written with (4 changed only Basic Paxos proposers).
        revision: 3,
        ..Config::default()
    };
    let mut sim = Simulation::new(config, 2026).unwrap();
    let steps = |sim: &mut Simulation, n: usize| {
        for _ in 0..n {
            sim.step().unwrap();
        }
    };
    let submit = |sim: &mut Simulation, node: u32, key: &str| {
        let request = paxos_core::Op::Put {
            key: key.into(),
            value: "1".into(),
        };
        let node = NodeId(node);
        sim.apply(Action::Submit { node, request }).unwrap();
    };
    steps(&mut sim, 40);
    submit(&mut sim, 0, "a");
    sim.apply(Action::AddServer { via: NodeId(1) }).unwrap();
    steps(&mut sim, 30);
    sim.apply(Action::RemoveServer {
        via: NodeId(2),
        node: NodeId(3),
    })
    .unwrap();
    submit(&mut sim, 2, "b");
    sim.apply(Action::Crash { node: NodeId(1) }).unwrap();
    steps(&mut sim, 60);
    sim.apply(Action::Partition {
        groups: vec![vec![NodeId(0)]],
    })
    .unwrap();
    submit(&mut sim, 4, "c");
    steps(&mut sim, 60);
    sim.apply(Action::Heal).unwrap();
    sim.apply(Action::Restart { node: NodeId(1) }).unwrap();
    // Stop mid-flight, so messages and timers are pinned too.
    steps(&mut sim, 37);
    sim
}

#[test]
fn the_golden_trace_replays_to_the_golden_snapshot() {
    let sim = scripted_multi_run();
    let trace = serde_json::to_string_pretty(&sim.trace()).unwrap() + "\n";
    let snapshot = serde_json::to_string_pretty(&sim.snapshot()).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        // (The fixtures stay the version-3 files they were written as: a newer build must
        // keep opening them.)
        let v3 = Trace {
            version: 3,
            ..sim.trace()
        };
        let v3 = serde_json::to_string_pretty(&v3).unwrap() + "\n";
        std::fs::write(fixture("golden-trace-v3.json"), v3).unwrap();
        std::fs::write(fixture("golden-snapshot-v3.json"), &snapshot).unwrap();
    }
    let stored_trace: Trace =
        serde_json::from_str(&std::fs::read_to_string(fixture("golden-trace-v3.json")).unwrap())
            .unwrap();
    let replayed = Simulation::from_trace(&stored_trace).unwrap();
    let replayed_json = serde_json::to_string_pretty(&replayed.snapshot()).unwrap() + "\n";
    assert_eq!(
        replayed_json,
        std::fs::read_to_string(fixture("golden-snapshot-v3.json")).unwrap(),
        "the stored trace no longer replays to the stored snapshot"
    );
    // This build writes the same run, in its own (newer) version of the format.
    let rewritten = Trace {
        version: paxos_core::sim::TRACE_VERSION,
        ..stored_trace.clone()
    };
    assert_eq!(
        trace,
        serde_json::to_string_pretty(&rewritten).unwrap() + "\n"
    );
    // The run is worth pinning: membership changed, commands were applied, a server was
    // suspected, and messages are in flight.
    let snap = replayed.snapshot();
    assert!(
        snap.epochs.as_ref().is_some_and(|e| e.len() >= 3),
        "{:?}",
        snap.epochs
    );
    assert!(replayed.checker().chosen().len() >= 3);
    assert!(replayed.in_flight().count() > 0);
    assert!(replayed.checker().violations().is_empty());
}
