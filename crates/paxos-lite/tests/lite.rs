//! The first-load engine is the same simulator for Basic Paxos and refuses, cleanly, what it
//! leaves out. Run on its own (`cargo test -p paxos-lite`): tested with the other packages,
//! cargo would build paxos-core once with all their features unified, Multi-Paxos included.
#![cfg(not(target_arch = "wasm32"))]

use paxos_core::{Config, Error, Mode, Simulation, Trace};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn this_build_leaves_out_multi_paxos_and_two_phase_commit() {
    let alone = "paxos-core was built with its `multi` or `two-phase` feature: run `cargo test -p paxos-lite` alone";
    assert!(Mode::Basic.is_built());
    assert!(!Mode::Multi.is_built(), "{alone}");
    assert!(!Mode::TwoPhase.is_built(), "{alone}");
}

#[test]
fn a_basic_paxos_trace_replays_to_the_same_snapshot_as_in_the_full_build() {
    // The version-2 golden pair, which paxos-core's own tests replay with every feature: the
    // same trace gives the same snapshot, byte for byte, here.
    let stored: Trace = serde_json::from_str(&fixture("golden-trace-v2.json")).unwrap();
    let replayed = Simulation::from_trace(&stored).unwrap();
    let json = serde_json::to_string_pretty(&replayed.snapshot()).unwrap() + "\n";
    assert_eq!(json, fixture("golden-snapshot-v2.json"));
    assert!(!replayed.checker().chosen().is_empty());
}

#[test]
fn the_protocols_left_out_are_refused_with_a_clear_error_and_no_panic() {
    for (mode, name) in [
        (Mode::Multi, "Multi-Paxos"),
        (Mode::TwoPhase, "two-phase commit"),
    ] {
        let config = Config {
            mode,
            ..Config::default()
        };
        let err = Simulation::new(config, 1).err().unwrap();
        assert_eq!(err, Error::NotBuilt(name));
        assert_eq!(
            err.to_string(),
            format!("this build of the engine leaves out {name}; the full build has it")
        );
    }
    // A trace of a Multi-Paxos run (the version-3 golden trace) is refused the same way.
    let multi: Trace = serde_json::from_str(&fixture("golden-trace-v3.json")).unwrap();
    let err = Simulation::from_trace(&multi).err().unwrap();
    assert!(
        err.to_string().contains("leaves out Multi-Paxos"),
        "unexpected error: {err}"
    );
}
