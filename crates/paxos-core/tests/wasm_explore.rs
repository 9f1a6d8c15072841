//! The `Explorer` through JavaScript values, as the page's Explore view calls it: the moves at
//! the cursor, each an action the `Simulation` takes back, and the mark of a move that leads
//! back to a state seen earlier on the path.
#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, JSON};
use paxos_core::wasm::{Explorer, Simulation};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test as test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property")
}

fn moves(explorer: &mut Explorer, sim: &Simulation) -> Vec<(String, Option<f64>)> {
    let explored = explorer
        .explore(sim)
        .map_err(JsValue::from)
        .expect("explore");
    let moves: js_sys::Array = get(&explored, "moves").into();
    moves
        .iter()
        .map(|m| {
            let action = JSON::stringify(&get(&m, "action")).unwrap().into();
            (action, get(&m, "revisits").as_f64())
        })
        .collect()
}

#[test]
fn moves_are_actions_the_simulation_takes_and_a_dropped_copy_goes_back() {
    let mut sim = Simulation::new(
        JSON::parse(r#"{"proposers": 1, "acceptors": 3, "learners": 1}"#).unwrap(),
        JsValue::from(1),
    )
    .map_err(JsValue::from)
    .unwrap();
    let mut explorer = Explorer::new();
    let start = moves(&mut explorer, &sim);
    // Nothing in flight, no timer: only crashes.
    assert_eq!(start.len(), 5);
    assert!(start
        .iter()
        .all(|(a, r)| a.contains(r#""type":"crash""#) && r.is_none()));
    sim.propose(JsValue::from(0), JsValue::from_str("blue"))
        .map_err(JsValue::from)
        .unwrap();
    let proposed = moves(&mut explorer, &sim);
    assert_eq!(proposed[0].0, r#"{"type":"deliver","id":1}"#);
    assert!(proposed
        .iter()
        .any(|(a, _)| a == r#"{"type":"fire","node":0,"timer":"retry"}"#));
    // Duplicate prepare #1, and dropping either copy is marked: back to step 1.
    sim.apply(JSON::parse(&proposed[2].0).unwrap())
        .map_err(JsValue::from)
        .unwrap();
    let after = moves(&mut explorer, &sim);
    let drop1 = after
        .iter()
        .find(|(a, _)| a == r#"{"type":"drop","id":1}"#)
        .unwrap();
    assert_eq!(drop1.1, Some(1.0));
    let deliver1 = after
        .iter()
        .find(|(a, _)| a == r#"{"type":"deliver","id":1}"#)
        .unwrap();
    assert_eq!(deliver1.1, None);
}
