//! Tests of the JavaScript API, compiled to wasm32 and run by `wasm-pack test` in Node and in
//! headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`). They call the exported `Simulation` class
//! with JS values, exactly as the page does.
#![cfg(target_arch = "wasm32")]

mod common;

use common::as_version_1;
use js_sys::{Reflect, JSON};
use paxos_core::wasm::Simulation;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test as test;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        let key = match key.parse::<u32>() {
            Ok(index) => JsValue::from(index),
            Err(_) => JsValue::from_str(key),
        };
        Reflect::get(&v, &key).expect("property")
    })
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).expect("stringify").into()
}

fn snapshot(sim: &Simulation) -> JsValue {
    sim.snapshot().map_err(JsValue::from).expect("snapshot")
}

/// The thrown error's message; it must be a real JS `Error`.
fn message(err: JsError) -> String {
    let value = JsValue::from(err);
    assert!(value.is_instance_of::<js_sys::Error>(), "throws an Error");
    get(&value, "message").as_string().expect("message")
}

fn sim(config: &str, seed: u32) -> Simulation {
    Simulation::new(js(config), JsValue::from(seed))
        .map_err(JsValue::from)
        .expect("valid config")
}

fn n(value: f64) -> JsValue {
    JsValue::from_f64(value)
}

#[test]
fn constructs_from_defaults_and_from_a_partial_config() {
    let default = Simulation::new(JsValue::UNDEFINED, JsValue::UNDEFINED)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(get(&snapshot(&default), "nodes.length").as_f64(), Some(6.0));
    let five = sim(r#"{"acceptors": 5, "learners": 2}"#, 3);
    let s = snapshot(&five);
    assert_eq!(get(&s, "nodes.length").as_f64(), Some(9.0));
    assert_eq!(get(&s, "majority").as_f64(), Some(3.0));
    assert_eq!(get(&s, "nodes.2.name").as_string().as_deref(), Some("A1"));
    assert_eq!(get(&s, "checks.agreement").as_bool(), Some(true));
}

#[test]
fn steps_until_a_value_is_chosen_and_learned() {
    let mut s = sim(r#"{"proposers": 1}"#, 11);
    let report = s
        .propose(n(0.0), JsValue::from_str("green"))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        get(&report, "action.type").as_string().as_deref(),
        Some("propose")
    );
    let mut steps = 0;
    while get(&snapshot(&s), "chosen.length").as_f64() == Some(0.0) {
        let report = s.step().map_err(JsValue::from).unwrap();
        assert!(
            !report.is_null(),
            "something is due until the value is chosen"
        );
        steps += 1;
        assert!(steps < 500);
    }
    // Run to the end: step() returns null once nothing is in flight.
    while !s.step().map_err(JsValue::from).unwrap().is_null() {}
    let snap = snapshot(&s);
    assert_eq!(
        get(&snap, "chosen.0.value").as_string().as_deref(),
        Some("green")
    );
    let learner = get(&snap, "nodes.4.learner.learned.value");
    assert_eq!(learner.as_string().as_deref(), Some("green"));
    assert_eq!(get(&snap, "checks.violations.length").as_f64(), Some(0.0));
}

#[test]
fn crash_and_restart_show_in_the_snapshot() {
    let mut s = sim("{}", 5);
    s.propose(n(0.0), JsValue::from_str("x"))
        .map_err(JsValue::from)
        .unwrap();
    let report = s.crash(n(2.0)).map_err(JsValue::from).unwrap();
    let events = stringify(&get(&report, "events"));
    assert!(events.contains(r#""type":"crashed""#), "{events}");
    assert!(
        events.contains(r#""reason":"receiverCrashed""#),
        "the prepare to A1 is lost"
    );
    assert_eq!(get(&snapshot(&s), "nodes.2.up").as_bool(), Some(false));
    s.restart(n(2.0)).map_err(JsValue::from).unwrap();
    assert_eq!(get(&snapshot(&s), "nodes.2.up").as_bool(), Some(true));
}

#[test]
fn deliver_drop_and_duplicate_act_on_message_ids() {
    let mut s = sim("{}", 9);
    s.propose(n(0.0), JsValue::from_str("x"))
        .map_err(JsValue::from)
        .unwrap();
    let first = get(&snapshot(&s), "messages.0.id");
    let second = get(&snapshot(&s), "messages.1.id");
    let copy = s.duplicate(first.clone()).map_err(JsValue::from).unwrap();
    assert_eq!(
        get(&copy, "events.0.type").as_string().as_deref(),
        Some("duplicated")
    );
    assert_eq!(get(&snapshot(&s), "messages.length").as_f64(), Some(4.0));
    s.drop_message(second).map_err(JsValue::from).unwrap();
    let delivered = s.deliver(first).map_err(JsValue::from).unwrap();
    assert_eq!(
        get(&delivered, "events.0.type").as_string().as_deref(),
        Some("delivered")
    );
    assert_eq!(
        get(&snapshot(&s), "messages.length").as_f64(),
        Some(3.0),
        "2 left + 1 promise"
    );
}

#[test]
fn bad_input_throws_a_readable_error_and_changes_nothing() {
    let mut s = sim("{}", 1);
    s.propose(n(0.0), JsValue::from_str("x"))
        .map_err(JsValue::from)
        .unwrap();
    s.step().map_err(JsValue::from).unwrap();
    let before = stringify(&snapshot(&s));
    let trace_before = stringify(&s.trace().map_err(JsValue::from).unwrap());
    let cases: Vec<(Result<JsValue, JsError>, &str)> = vec![
        (s.deliver(n(999.0)), "there is no message #999 in flight"),
        (s.drop_message(n(-1.0)), "message id must be a whole number"),
        (s.duplicate(n(1.5)), "message id must be a whole number"),
        (
            s.deliver(JsValue::from_str("1")),
            "message id must be a number, got string",
        ),
        (
            s.crash(n(77.0)),
            "there is no node 77: this cluster has nodes 0 to 5",
        ),
        (s.crash(JsValue::NULL), "node id must be a number, got null"),
        (s.restart(n(0.0)), "P1 is not crashed"),
        (
            s.propose(n(2.0), JsValue::from_str("v")),
            "A1 is not a proposer",
        ),
        (
            s.propose(n(0.0), n(5.0)),
            "a value must be a string, got number",
        ),
        (
            s.propose(n(0.0), JsValue::from_str("")),
            "a value must not be empty",
        ),
        (
            s.apply(js(r#"{"type": "teleport"}"#)),
            "invalid action: unknown variant `teleport`",
        ),
    ];
    for (result, expected) in cases {
        let err = message(result.expect_err(expected));
        assert!(err.contains(expected), "{err:?} should say {expected:?}");
    }
    assert_eq!(stringify(&snapshot(&s)), before, "state untouched");
    assert_eq!(
        stringify(&s.trace().map_err(JsValue::from).unwrap()),
        trace_before
    );
}

#[test]
fn bad_configurations_are_refused_with_the_reason() {
    let cases = [
        (
            r#"{"acceptors": 0}"#,
            "acceptors must be between 3 and 9, got 0",
        ),
        (
            r#"{"proposers": 9}"#,
            "proposers must be between 1 and 5, got 9",
        ),
        (r#"{"colour": "red"}"#, "unknown field `colour`"),
        (r#"{"acceptors": "five"}"#, "invalid configuration"),
    ];
    for (config, expected) in cases {
        let err = Simulation::new(js(config), JsValue::from(1))
            .err()
            .expect(config);
        let text = message(err);
        assert!(text.contains(expected), "{config}: {text:?}");
    }
    let err = Simulation::new(JsValue::UNDEFINED, n(-3.0))
        .err()
        .expect("negative seed");
    assert!(message(err).contains("seed must be a whole number"));
}

#[test]
fn a_trace_round_trips_through_json() {
    let mut s = sim(r#"{"proposers": 2, "acceptors": 5}"#, 21);
    s.propose(n(0.0), JsValue::from_str("a"))
        .map_err(JsValue::from)
        .unwrap();
    s.propose(n(1.0), JsValue::from_str("b"))
        .map_err(JsValue::from)
        .unwrap();
    for _ in 0..30 {
        s.step().map_err(JsValue::from).unwrap();
    }
    s.crash(n(3.0)).map_err(JsValue::from).unwrap();
    let text = stringify(&s.trace().map_err(JsValue::from).unwrap());
    let again = Simulation::from_trace(js(&text))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&again)), stringify(&snapshot(&s)));
}

#[test]
fn malformed_traces_are_refused_with_the_reason() {
    let cases = [
        (r#"{"version": 1}"#, "invalid trace: missing field"),
        (
            r#"{"version": 9, "config": {}, "seed": 1, "actions": []}"#,
            "unsupported version 9",
        ),
        (
            r#"{"version": 1, "config": {}, "seed": 1, "actions": [{"type": "deliver", "id": 4}]}"#,
            "invalid trace: action 1 (deliver message #4) failed: there is no message #4 in flight",
        ),
        (r#"[1, 2]"#, "invalid trace"),
    ];
    for (trace, expected) in cases {
        let err = Simulation::from_trace(js(trace)).err().expect(trace);
        let text = message(err);
        assert!(text.contains(expected), "{trace}: {text:?}");
    }
}

#[test]
fn the_golden_trace_replays_exactly_as_natively() {
    // The same files the native golden test checks: identical runs on every platform.
    let trace = include_str!("../../../tests/fixtures/golden-trace-v2.json");
    let expected = include_str!("../../../tests/fixtures/golden-snapshot-v2.json");
    let replayed = Simulation::from_trace(js(trace))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&replayed)), stringify(&js(expected)));
}

#[test]
fn the_version_1_golden_trace_still_replays_as_it_did() {
    let trace = include_str!("../../../tests/fixtures/golden-trace.json");
    let expected = include_str!("../../../tests/fixtures/golden-snapshot.json");
    let replayed = Simulation::from_trace(js(trace))
        .map_err(JsValue::from)
        .unwrap();
    let json = as_version_1(&stringify(&snapshot(&replayed)));
    assert_eq!(
        json,
        serde_json::from_str::<serde_json::Value>(expected).unwrap()
    );
}

fn step_until(s: &mut Simulation, max: usize, done: impl Fn(&JsValue) -> bool) -> bool {
    for _ in 0..max {
        if done(&snapshot(s)) {
            return true;
        }
        s.step().map_err(JsValue::from).unwrap();
    }
    done(&snapshot(s))
}

fn leader_of(snap: &JsValue) -> Option<u32> {
    (0..3).find(|&i| {
        get(snap, &format!("nodes.{i}.replica.role"))
            .as_string()
            .as_deref()
            == Some("leader")
    })
}

#[test]
fn multi_paxos_commands_are_submitted_chosen_and_applied_everywhere() {
    let mut s = sim(r#"{"mode": "multi", "acceptors": 3}"#, 5);
    let snap = snapshot(&s);
    assert_eq!(
        get(&snap, "nodes.0.name").as_string().as_deref(),
        Some("S1")
    );
    assert!(step_until(&mut s, 2_000, |snap| leader_of(snap).is_some()));
    let leader = leader_of(&snapshot(&s)).unwrap();
    let report = s
        .submit(
            n(f64::from(leader)),
            js(r#"{"op": "put", "key": "x", "value": "1"}"#),
        )
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        get(&report, "events.0.type").as_string().as_deref(),
        Some("submitted")
    );
    assert_eq!(get(&report, "events.0.command.id").as_f64(), Some(1.0));
    assert!(step_until(&mut s, 2_000, |snap| {
        (0..3).all(|i| get(snap, &format!("nodes.{i}.replica.applied")).as_f64() == Some(1.0))
    }));
    let snap = snapshot(&s);
    for i in 0..3 {
        assert_eq!(
            get(&snap, &format!("nodes.{i}.replica.kv.0.key"))
                .as_string()
                .as_deref(),
            Some("x")
        );
        assert_eq!(
            get(&snap, &format!("nodes.{i}.replica.log.0.command"))
                .as_string()
                .as_deref(),
            Some("#1 put x=1")
        );
    }
    assert_eq!(get(&snap, "counters.commands").as_f64(), Some(1.0));
    // Bad requests are refused and change nothing.
    let before = stringify(&snapshot(&s));
    for (request, expected) in [
        (
            r#"{"op": "put", "key": "x"}"#,
            "invalid request: missing field `value`",
        ),
        (
            r#"{"op": "rename", "key": "x"}"#,
            "unknown variant `rename`",
        ),
        (r#"{"op": "get", "key": ""}"#, "a key must not be empty"),
        (r#"{"op": "noop"}"#, "a client cannot submit a no-op"),
    ] {
        let err = s.submit(n(0.0), js(request)).expect_err(request);
        let text = message(err);
        assert!(text.contains(expected), "{request}: {text:?}");
    }
    assert_eq!(stringify(&snapshot(&s)), before);
    // The trace replays the same run.
    let text = stringify(&s.trace().map_err(JsValue::from).unwrap());
    let again = Simulation::from_trace(js(&text))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&again)), before);
}

#[test]
fn time_travel_forks_and_permalinks_work_from_js() {
    let mut s = sim("{}", 3);
    s.propose(n(0.0), JsValue::from_str("a"))
        .map_err(JsValue::from)
        .unwrap();
    for _ in 0..12 {
        s.step().map_err(JsValue::from).unwrap();
    }
    let at_end = stringify(&snapshot(&s));
    let link = s.permalink();
    assert!(link.starts_with("v4."));
    s.seek(n(5.0)).map_err(JsValue::from).unwrap();
    s.step_back().map_err(JsValue::from).unwrap();
    let view = s.timeline().map_err(JsValue::from).unwrap();
    assert_eq!(get(&view, "cursor").as_f64(), Some(4.0));
    assert_eq!(get(&view, "length").as_f64(), Some(13.0));
    assert!(get(&view, "forkAt").is_null());
    // The permalink of a rewound run opens at the same step.
    let rewound = s.permalink();
    let opened = Simulation::from_permalink(&format!("#{rewound}"))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&opened)), stringify(&snapshot(&s)));
    // Acting now forks; undo puts the 9 later steps back.
    s.crash(n(2.0)).map_err(JsValue::from).unwrap();
    let view = s.timeline().map_err(JsValue::from).unwrap();
    assert_eq!(get(&view, "forkAt").as_f64(), Some(4.0));
    assert_eq!(get(&view, "forkedOff").as_f64(), Some(9.0));
    s.undo_fork().map_err(JsValue::from).unwrap();
    s.seek(n(13.0)).map_err(JsValue::from).unwrap();
    assert_eq!(stringify(&snapshot(&s)), at_end);
    let again = Simulation::from_permalink(&link)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&again)), at_end);
    // The diagram has an arrow per delivered message.
    let marks = s.diagram(n(0.0), n(13.0)).map_err(JsValue::from).unwrap();
    assert!(get(&marks, "length").as_f64().unwrap_or(0.0) >= 10.0);
    assert_eq!(
        get(&marks, "0.what").as_string().as_deref(),
        Some("delivered")
    );
    // The reports of the history rebuild the event log of an opened run: one per step.
    let reports = again
        .reports(n(0.0), n(13.0))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(get(&reports, "length").as_f64(), Some(13.0));
    assert_eq!(get(&reports, "0.step").as_f64(), Some(1.0));
    assert_eq!(get(&reports, "12.step").as_f64(), Some(13.0));
    // Bad requests say why.
    for (err, expected) in [
        (s.seek(n(99.0)).unwrap_err(), "there is no step 99"),
        (
            s.reports(n(0.0), n(99.0)).unwrap_err(),
            "there is no step 99",
        ),
        (s.reports(n(-1.0), n(3.0)).unwrap_err(), "step must be"),
        (
            Simulation::from_permalink("v9.xyz").err().unwrap(),
            "format \"v9\"",
        ),
        (
            Simulation::from_permalink("v1.!!").err().unwrap(),
            "not valid base64url",
        ),
    ] {
        let text = message(err);
        assert!(text.contains(expected), "{text:?}");
    }
}

#[test]
fn network_faults_from_js() {
    let mut s = sim("{}", 4);
    s.partition(js("[[2]]")).map_err(JsValue::from).unwrap();
    s.cut(n(0.0), n(3.0)).map_err(JsValue::from).unwrap();
    s.set_link(n(0.0), n(4.0), js(r#"{"loss": 250, "fifo": true}"#))
        .map_err(JsValue::from)
        .unwrap();
    let snap = snapshot(&s);
    assert_eq!(
        get(&snap, "network.links.0.faults.loss").as_f64(),
        Some(250.0)
    );
    assert!(get(&snap, "network.cuts.length").as_f64().unwrap_or(0.0) >= 3.0);
    let err = s
        .set_link(n(0.0), n(1.0), js(r#"{"loss": 5000}"#))
        .unwrap_err();
    assert!(message(err).contains("per thousand"));
    let err = s.set_link(n(0.0), n(1.0), js(r#"{"lag": 5}"#)).unwrap_err();
    assert!(message(err).contains("unknown field `lag`"));
    s.heal().map_err(JsValue::from).unwrap();
    assert_eq!(
        get(&snapshot(&s), "network.cuts.length").as_f64(),
        Some(0.0)
    );
}

#[test]
fn the_hard_cases_open_from_js_and_show_their_point() {
    let names: Vec<String> = Simulation::scenarios();
    assert!(names.contains(&"livelock".to_string()));
    assert!(names.contains(&"singleAcceptor".to_string()));
    let err = Simulation::scenario("nonsense")
        .map(|_| ())
        .map_err(message)
        .unwrap_err();
    assert!(err.contains("there is no scenario"), "{err}");
    // A corrupted accept breaks validity; checksums discard it.
    let mut corrupt = Simulation::scenario("corruption")
        .map_err(JsValue::from)
        .unwrap();
    assert!(step_until(&mut corrupt, 200, |s| {
        get(s, "checks.validity").as_bool() == Some(false)
    }));
    let mut guarded = Simulation::scenario("corruptionChecksums")
        .map_err(JsValue::from)
        .unwrap();
    for _ in 0..100 {
        guarded.step().map_err(JsValue::from).unwrap();
    }
    assert_eq!(
        get(&snapshot(&guarded), "checks.validity").as_bool(),
        Some(true)
    );
    // Livelock is reported; the INT_MAX proposer's ballot reaches round MAX without a panic.
    let mut duel = Simulation::scenario("livelock")
        .map_err(JsValue::from)
        .unwrap();
    assert!(step_until(&mut duel, 2_000, |s| !get(s, "livelock").is_null()));
    let mut max = sim(r#"{"proposers": 2}"#, 5);
    max.misbehave(n(1.0)).map_err(JsValue::from).unwrap();
    max.propose(n(1.0), JsValue::from_str("max"))
        .map_err(JsValue::from)
        .unwrap();
    let round = get(&snapshot(&max), "nodes.1.proposer.ballot.round").as_f64();
    assert_eq!(round, Some(u64::MAX as f64));
    let err = max.misbehave(n(2.0)).map_err(message).unwrap_err();
    assert!(err.contains("not a proposer"), "{err}");
    // A corrupting link and checksums round-trip through a v2 permalink.
    let mut linked = sim(r#"{"checksums": true}"#, 2);
    linked
        .set_link(n(0.0), n(2.0), js(r#"{"corrupt": 500}"#))
        .map_err(JsValue::from)
        .unwrap();
    let link = linked.permalink();
    assert!(link.starts_with("v4."), "{link}");
    let again = Simulation::from_permalink(&link)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        get(&snapshot(&again), "network.links.0.faults.corrupt").as_f64(),
        Some(500.0)
    );
}

fn two_phase_state(snap: &JsValue, node: u32) -> Option<String> {
    let role = if node == 0 {
        "coordinator"
    } else {
        "participant"
    };
    get(snap, &format!("nodes.{node}.{role}.transactions.0.state")).as_string()
}

#[test]
fn two_phase_commit_commits_when_every_participant_votes_yes() {
    let mut s = sim(r#"{"mode": "twoPhase", "participants": 3}"#, 4);
    let snap = snapshot(&s);
    assert_eq!(get(&snap, "nodes.length").as_f64(), Some(4.0));
    assert_eq!(get(&snap, "nodes.0.name").as_string().as_deref(), Some("C"));
    assert_eq!(
        get(&snap, "nodes.3.name").as_string().as_deref(),
        Some("P3")
    );
    assert_eq!(
        get(&snap, "nodes.1.participant.policy")
            .as_string()
            .as_deref(),
        Some("yes")
    );
    let report = s.transaction(n(0.0)).map_err(JsValue::from).unwrap();
    assert_eq!(
        get(&report, "events.0.type").as_string().as_deref(),
        Some("began")
    );
    assert_eq!(two_phase_state(&snapshot(&s), 0).as_deref(), Some("voting"));
    assert!(step_until(&mut s, 200, |snap| {
        two_phase_state(snap, 0).as_deref() == Some("committed")
    }));
    // Run to the end: every participant acknowledges, then nothing is due.
    let mut steps = 0;
    while !s.step().map_err(JsValue::from).unwrap().is_null() {
        steps += 1;
        assert!(steps < 500, "two-phase commit comes to rest");
    }
    let snap = snapshot(&s);
    for p in 1..=3 {
        assert_eq!(two_phase_state(&snap, p).as_deref(), Some("committed"));
        let base = format!("nodes.{p}.participant");
        assert_eq!(
            get(&snap, &format!("{base}.transactions.0.vote")).as_bool(),
            Some(true)
        );
        assert_eq!(
            get(&snap, &format!("{base}.uncertain")).as_bool(),
            Some(false)
        );
    }
    assert_eq!(get(&snap, "checks.atomicity").as_bool(), Some(true));
    assert_eq!(get(&snap, "checks.commitValidity").as_bool(), Some(true));
    assert_eq!(get(&snap, "counters.transactions").as_f64(), Some(1.0));
    assert!(get(&snap, "nodes.0.participant").is_undefined());
    assert!(get(&snap, "nodes.1.coordinator").is_undefined());
    // Paxos runs carry no two-phase-commit checks.
    let paxos = snapshot(&sim("{}", 1));
    assert!(get(&paxos, "checks.atomicity").is_undefined());
}

#[test]
fn transactions_go_to_a_running_coordinator_of_a_two_phase_cluster() {
    let mut s = sim(r#"{"mode": "twoPhase", "participants": 2}"#, 1);
    let before = stringify(&snapshot(&s));
    let cases = [
        (
            s.transaction(n(1.0)),
            "P1 is a participant: transactions go to the coordinator",
        ),
        (s.transaction(n(7.0)), "there is no node 7"),
        (
            s.transaction(JsValue::from_str("0")),
            "node id must be a number",
        ),
    ];
    for (result, expected) in cases {
        let err = message(result.expect_err(expected));
        assert!(err.contains(expected), "{err:?} should say {expected:?}");
    }
    assert_eq!(stringify(&snapshot(&s)), before, "state untouched");
    s.crash(n(0.0)).map_err(JsValue::from).unwrap();
    let err = message(s.transaction(n(0.0)).unwrap_err());
    assert!(err.contains("C is crashed"), "{err}");
    let mut basic = sim("{}", 1);
    let err = message(basic.transaction(n(0.0)).unwrap_err());
    assert!(
        err.contains("transactions belong to two-phase commit"),
        "{err}"
    );
    let err = Simulation::new(js(r#"{"mode": "twoPhase", "participants": 9}"#), n(1.0))
        .map(|_| ())
        .map_err(message)
        .unwrap_err();
    assert!(
        err.contains("participants must be between 2 and 8"),
        "{err}"
    );
}

#[test]
fn the_blocked_participants_wait_for_the_coordinator_and_the_run_round_trips() {
    let mut s = Simulation::scenario("twoPhaseBlocked")
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(get(&snapshot(&s), "nodes.0.up").as_bool(), Some(false));
    for _ in 0..300 {
        let report = s.step().map_err(JsValue::from).unwrap();
        assert!(!report.is_null(), "the uncertain participants keep asking");
    }
    let snap = snapshot(&s);
    for p in 1..=3 {
        assert_eq!(two_phase_state(&snap, p).as_deref(), Some("uncertain"));
        let uncertain = get(&snap, &format!("nodes.{p}.participant.uncertain"));
        assert_eq!(uncertain.as_bool(), Some(true));
    }
    s.restart(n(0.0)).map_err(JsValue::from).unwrap();
    assert!(step_until(&mut s, 400, |snap| {
        (1..=3).all(|p| two_phase_state(snap, p).as_deref() == Some("aborted"))
    }));
    let now = stringify(&snapshot(&s));
    let text = stringify(&s.trace().map_err(JsValue::from).unwrap());
    assert!(text.contains(r#""mode":"twoPhase""#), "{text}");
    let again = Simulation::from_trace(js(&text))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&again)), now);
    let link = s.permalink();
    assert!(link.starts_with("v4."), "{link}");
    let opened = Simulation::from_permalink(&link)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(stringify(&snapshot(&opened)), now);
    // The broken coordinator, from its scenario: atomicity fails within 200 steps.
    let mut broken = Simulation::scenario("coordinatorIgnoresVotes")
        .map_err(JsValue::from)
        .unwrap();
    assert!(step_until(&mut broken, 200, |snap| {
        get(snap, "checks.atomicity").as_bool() == Some(false)
    }));
}

// Membership changes (Multi-Paxos, revision 3): the calls the page makes, their errors, and
// the version-3 golden run, which must replay to the very snapshot the native test pins.

fn multi(servers: u32) -> Simulation {
    let config = format!(r#"{{"mode": "multi", "acceptors": {servers}}}"#);
    Simulation::new(js(&config), n(4.0))
        .map_err(JsValue::from)
        .expect("valid config")
}

#[test]
fn the_version_3_golden_trace_replays_exactly_as_natively() {
    let trace = include_str!("../../../tests/fixtures/golden-trace-v3.json");
    let expected = include_str!("../../../tests/fixtures/golden-snapshot-v3.json");
    let replayed = Simulation::from_trace(js(trace))
        .map_err(JsValue::from)
        .unwrap();
    let got = JSON::stringify(&snapshot(&replayed)).unwrap();
    let want = JSON::stringify(&js(expected)).unwrap();
    assert_eq!(got, want);
}

#[test]
fn a_server_is_added_and_removed_through_the_api() {
    let mut sim = multi(3);
    sim.add_server(n(0.0)).map_err(JsValue::from).unwrap();
    let snap = snapshot(&sim);
    assert_eq!(get(&snap, "nodes.length").as_f64(), Some(4.0));
    assert_eq!(
        get(&snap, "nodes.3.name").as_string().as_deref(),
        Some("S4")
    );
    assert_eq!(
        get(&snap, "nodes.3.replica.membership")
            .as_string()
            .as_deref(),
        Some("joining")
    );
    assert_eq!(get(&snap, "epochs.length").as_f64(), Some(1.0));
    // Play until the change is in the log: a second configuration, of four servers.
    for _ in 0..3_000 {
        if get(&snapshot(&sim), "epochs.length").as_f64() == Some(2.0) {
            break;
        }
        sim.step().map_err(JsValue::from).unwrap();
    }
    let snap = snapshot(&sim);
    assert_eq!(get(&snap, "epochs.1.members.length").as_f64(), Some(4.0));
    assert_eq!(get(&snap, "epochs.1.majority").as_f64(), Some(3.0));
    sim.remove_server(n(1.0), n(0.0))
        .map_err(JsValue::from)
        .unwrap();
    let trace = sim.trace().map_err(JsValue::from).unwrap();
    assert_eq!(get(&trace, "version").as_f64(), Some(4.0));
    let link = sim.permalink();
    assert!(link.starts_with("v4."), "{link}");
    let again = Simulation::from_permalink(&link)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        JSON::stringify(&snapshot(&again)).unwrap(),
        JSON::stringify(&snapshot(&sim)).unwrap()
    );
}

#[test]
fn bad_membership_calls_throw_and_change_nothing() {
    let mut sim = multi(3);
    let before = JSON::stringify(&snapshot(&sim)).unwrap();
    let cases: Vec<(Result<JsValue, JsError>, &str)> = vec![
        (sim.remove_server(n(0.0), n(7.0)), "no node 7"),
        (sim.add_server(n(-1.0)), "whole number"),
        (sim.add_server(JsValue::from_str("S1")), "must be a number"),
    ];
    for (result, expected) in cases {
        let text = message(result.expect_err(expected));
        assert!(text.contains(expected), "{text}");
    }
    assert_eq!(JSON::stringify(&snapshot(&sim)).unwrap(), before);
    let mut old = Simulation::new(js(r#"{"mode": "multi", "revision": 2}"#), n(1.0))
        .map_err(JsValue::from)
        .unwrap();
    let text = message(old.add_server(n(0.0)).expect_err("revision 2"));
    assert!(text.contains("revision 2"), "{text}");
    let mut basic = Simulation::new(JsValue::UNDEFINED, JsValue::UNDEFINED)
        .map_err(JsValue::from)
        .unwrap();
    let text = message(basic.add_server(n(0.0)).expect_err("basic"));
    assert!(text.contains("Multi-Paxos"), "{text}");
}

#[test]
fn the_lesson_index_names_every_lesson_in_order_and_the_engine_says_it_has_extras() {
    // The picker's list, which the first-load engine has too, against the lessons themselves.
    let index = Simulation::lesson_index().map_err(JsValue::from).unwrap();
    let all = Simulation::lessons().map_err(JsValue::from).unwrap();
    let count = get(&all, "length").as_f64().unwrap() as usize;
    assert_eq!(get(&index, "length").as_f64().unwrap() as usize, count);
    for i in 0..count {
        for field in ["id", "title", "concept"] {
            assert_eq!(
                stringify(&get(&index, &format!("{i}.{field}"))),
                stringify(&get(&all, &format!("{i}.{field}")))
            );
        }
    }
    assert!(
        Simulation::extras(),
        "this build has the lessons, runs and explorer"
    );
}

#[test]
fn lessons_open_at_any_step_and_check_their_expectations() {
    let all = Simulation::lessons().map_err(JsValue::from).unwrap();
    let count = get(&all, "length").as_f64().unwrap() as usize;
    assert!(count >= 3);
    for i in 0..count {
        let lesson = Reflect::get(&all, &JsValue::from(i as u32)).unwrap();
        let steps = get(&lesson, "steps");
        let last = get(&steps, "length").as_f64().unwrap() - 1.0;
        let s = Simulation::from_lesson(lesson.clone(), n(last))
            .map_err(JsValue::from)
            .unwrap();
        let expect = get(&steps, &format!("{last}.expect"));
        let held = s
            .expectations(expect.clone())
            .map_err(JsValue::from)
            .unwrap();
        assert_eq!(held.len() as f64, get(&expect, "length").as_f64().unwrap());
        assert!(
            held.iter().all(|&h| h == 1),
            "{}: {held:?}",
            stringify(&get(&lesson, "id"))
        );
    }
    // A malformed lesson says why, and a step past the end too.
    let bad = Simulation::parse_lesson(js(r#"{"version": 9}"#)).unwrap_err();
    assert!(message(bad).contains("version 9 is not supported"));
    let first = Reflect::get(&all, &JsValue::from(0)).unwrap();
    let err = Simulation::from_lesson(first, n(99.0)).err().unwrap();
    assert!(message(err).contains("has steps 1 to"));
}

/// Configurations, link faults and partitions are read from JS values by `paxos_core::plain`,
/// not serde: every field, `undefined` as absent, JSON text, and the refusals.
#[test]
fn inputs_are_read_from_js_values_field_by_field() {
    let every_field = r#"{"mode": "twoPhase", "proposers": 4, "acceptors": 7, "learners": 3,
        "layout": "shared", "minDelay": 3, "maxDelay": 30, "timeout": 90, "backoff": 5,
        "heartbeat": 7, "electionTimeout": 99, "sabotage": "coordinatorIgnoresVotes",
        "jitter": false, "distinguished": true, "ballotCeiling": 40, "checksums": true,
        "revision": 2, "alpha": 5, "participants": 4, "votes": ["no", "random"]}"#;
    let s = sim(every_field, 5);
    let config = get(&s.trace().map_err(JsValue::from).unwrap(), "config");
    let input = js(every_field);
    for key in js_sys::Object::keys(input.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap();
        assert_eq!(
            stringify(&get(&config, &key)),
            stringify(&get(&input, &key)),
            "{key}"
        );
    }
    // The configuration survives a permalink, read back through JSON.parse.
    let opened = Simulation::from_permalink(&s.permalink())
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        stringify(&get(
            &opened.trace().map_err(JsValue::from).unwrap(),
            "config"
        )),
        stringify(&config)
    );
    // JSON text is read too; an `undefined` field is absent.
    let text = Simulation::new(JsValue::from_str(r#"{"acceptors": 5}"#), n(1.0))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        get(
            &text.trace().map_err(JsValue::from).unwrap(),
            "config.acceptors"
        )
        .as_f64(),
        Some(5.0)
    );
    let object = js_sys::Object::new();
    Reflect::set(&object, &"acceptors".into(), &JsValue::UNDEFINED).unwrap();
    let undefined = Simulation::new(object.into(), n(1.0))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        get(
            &undefined.trace().map_err(JsValue::from).unwrap(),
            "config.acceptors"
        )
        .as_f64(),
        Some(3.0)
    );
    let cases = [
        (
            js(r#"{"acceptors": 3.5}"#),
            "invalid configuration: acceptors must be a whole number from 0 to 4294967295, got 3.5",
        ),
        (
            js(r#"{"mode": "raft"}"#),
            "mode must be one of `basic`, `multi`, `twoPhase`, got \"raft\"",
        ),
        (js(r#"{"jitter": "yes"}"#), "jitter must be true or false"),
        (js("[1]"), "a configuration must be an object, got an array"),
        (
            JsValue::from_str("{oops"),
            "invalid configuration: it is not valid JSON",
        ),
        (
            js(r#"{"colour": 1}"#),
            "unknown field `colour`, expected one of `mode`",
        ),
    ];
    for (config, expected) in cases {
        let err = Simulation::new(config, n(1.0)).err().expect(expected);
        let text = message(err);
        assert!(text.contains(expected), "{text:?}");
    }
    let mut s = sim("{}", 1);
    s.set_link(
        n(0.0),
        n(3.0),
        js(r#"{"loss": 10, "minDelay": 1, "maxDelay": 4, "fifo": true}"#),
    )
    .map_err(message)
    .unwrap();
    let err = s.partition(js(r#"[[1, "two"]]"#)).unwrap_err();
    assert!(message(err).contains("invalid partition: a node id must be a whole number"));
    let err = s.partition(js(r#"{"groups": []}"#)).unwrap_err();
    assert!(message(err).contains("the partition must be an array, got an object"));
    let err = s.crash(n(1.5)).unwrap_err();
    assert!(message(err).contains("node id must be a whole number from 0 to 4294967295, got 1.5"));
}
