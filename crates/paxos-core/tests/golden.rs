//! Pinned runs: the trace in `tests/fixtures/golden-trace-v2.json` must replay to exactly the
//! snapshot in `tests/fixtures/golden-snapshot-v2.json`. The wasm tests replay the same trace in
//! Node and in Chromium and compare with the same file, so native and browser runs are shown to
//! be identical, bit for bit. Regenerate both files (after an intended change of behaviour) with
//! `UPDATE_GOLDEN=1 cargo test -p paxos-core --test golden`.
//!
//! `golden-trace.json` and `golden-snapshot.json` are the version-1 pair, written by the first
//! format and never regenerated: the old trace must keep replaying to the old snapshot.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{as_version_1, resolve, Op};
use paxos_core::config::Layout;
use paxos_core::{Config, Simulation, Trace};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A run with every kind of action: competing proposals, duplicates, drops, crash and restart.
fn scripted_run() -> Simulation {
    let config = Config {
        proposers: 2,
        acceptors: 5,
        learners: 2,
        layout: Layout::Shared,
        ..Config::default()
    };
    let mut sim = Simulation::new(config, 2026).unwrap();
    let mut ops = vec![Op::Propose(0, 1), Op::Propose(1, 2)];
    ops.extend(std::iter::repeat_n(Op::Step, 8));
    ops.extend([Op::Duplicate(3), Op::Drop(1), Op::Deliver(5), Op::Crash(2)]);
    ops.extend(std::iter::repeat_n(Op::Step, 25));
    ops.extend([Op::Restart(0), Op::Duplicate(0)]);
    // Stop mid-flight, so messages and timers are pinned too.
    ops.extend(std::iter::repeat_n(Op::Step, 24));
    for op in &ops {
        if let Some(action) = resolve(&sim, op) {
            sim.apply(action).unwrap();
        }
    }
    sim
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
fn the_golden_trace_replays_to_the_golden_snapshot() {
    let sim = scripted_run();
    let trace = serde_json::to_string_pretty(&sim.trace()).unwrap() + "\n";
    let snapshot = serde_json::to_string_pretty(&sim.snapshot()).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(fixture("golden-trace-v2.json"), &trace).unwrap();
        std::fs::write(fixture("golden-snapshot-v2.json"), &snapshot).unwrap();
    }
    let stored_trace: Trace =
        serde_json::from_str(&std::fs::read_to_string(fixture("golden-trace-v2.json")).unwrap())
            .unwrap();
    let replayed = Simulation::from_trace(&stored_trace).unwrap();
    let replayed_json = serde_json::to_string_pretty(&replayed.snapshot()).unwrap() + "\n";
    assert_eq!(
        replayed_json,
        std::fs::read_to_string(fixture("golden-snapshot-v2.json")).unwrap(),
        "the stored trace no longer replays to the stored snapshot"
    );
    assert_eq!(
        trace,
        serde_json::to_string_pretty(&stored_trace).unwrap() + "\n"
    );
    // The run is worth pinning: something was chosen and something was lost.
    assert!(!replayed.checker().chosen().is_empty());
    assert!(replayed.log().len() > 50);
    assert!(replayed.in_flight().count() > 0);
}
