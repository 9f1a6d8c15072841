//! Membership changes through the JavaScript API, in Node and headless Chromium: the calls the
//! page makes, their errors, and the version-3 golden run, which must replay to the very
//! snapshot the native test pins.
#![cfg(target_arch = "wasm32")]

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

fn snapshot(sim: &Simulation) -> JsValue {
    sim.snapshot().map_err(JsValue::from).expect("snapshot")
}

fn message(err: JsError) -> String {
    let value = JsValue::from(err);
    assert!(value.is_instance_of::<js_sys::Error>(), "throws an Error");
    get(&value, "message").as_string().expect("message")
}

fn n(value: f64) -> JsValue {
    JsValue::from_f64(value)
}

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
    assert_eq!(get(&trace, "version").as_f64(), Some(3.0));
    let link = sim.permalink();
    assert!(link.starts_with("v3."), "{link}");
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
