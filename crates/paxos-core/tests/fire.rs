//! The `fire` action: a pending timer fires now, whatever its due time, and a trace with it
//! replays (traces and permalinks of version 4).

use paxos_core::roles::Timer;
use paxos_core::{permalink, Action, Config, Error, NodeId, Simulation};

#[test]
fn a_pending_timer_fires_on_demand_and_an_absent_one_is_refused() {
    let mut sim = Simulation::new(Config::default(), 3).unwrap();
    let p1 = NodeId(0);
    let fire = Action::Fire {
        node: p1,
        timer: Timer::Retry,
    };
    let before = sim.snapshot();
    let err = sim.apply(fire.clone()).unwrap_err();
    assert!(matches!(err, Error::NotEnabled(_)), "{err}");
    assert!(err.to_string().contains("no pending retry timer"), "{err}");
    assert_eq!(sim.snapshot(), before, "a refused fire changes nothing");

    sim.apply(Action::Propose {
        node: p1,
        value: "blue".into(),
    })
    .unwrap();
    let prepares = sim.in_flight().count();
    let now = sim.now();
    // The retry timer fires at once, before any prepare arrives: a new round, new prepares.
    let report = sim.apply(fire.clone()).unwrap();
    assert_eq!(sim.now(), now, "firing does not move time");
    assert!(report
        .events
        .iter()
        .any(|e| matches!(e, paxos_core::Event::TimerFired { node } if *node == p1)));
    assert_eq!(sim.in_flight().count(), 2 * prepares);
    assert_eq!(
        sim.world().timers().filter(|t| t.0 == p1).count(),
        1,
        "the proposer waits again"
    );

    let trace = sim.trace();
    assert_eq!(trace.version, 4);
    let again = Simulation::from_trace(&trace).unwrap();
    assert_eq!(again.snapshot(), sim.snapshot());
    let decoded = permalink::decode(&permalink::encode(&trace)).unwrap();
    assert_eq!(decoded, trace);
    let json = serde_json::to_string(&fire).unwrap();
    assert_eq!(json, r#"{"type":"fire","node":0,"timer":"retry"}"#);
}
