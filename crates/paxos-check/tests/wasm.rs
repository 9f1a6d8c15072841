//! The checker in the browser: a small check through the JS `Check` class, run a slice at a
//! time as the page's worker runs it, gives the same counts as natively (`tests/check.rs`).

#![cfg(target_arch = "wasm32")]

use paxos_check::wasm::Check;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap()
}

#[wasm_bindgen_test]
fn a_small_check_runs_in_slices_with_the_native_counts() {
    let mut check = Check::new(
        json(r#"{"proposers": 1}"#),
        json(r#"{"requests": 1, "maxRounds": 1}"#),
        "breadthFirst".into(),
        None,
    )
    .unwrap();
    let mut slices = 0;
    while !check.run(100) {
        slices += 1;
    }
    assert!(slices > 3, "the check ran in slices");
    let progress = check.progress().unwrap();
    assert_eq!(field(&progress, "unique").as_f64(), Some(1624.0));
    assert_eq!(field(&progress, "done").as_bool(), Some(true));
    let report = check.report().unwrap();
    assert_eq!(field(&report, "complete").as_bool(), Some(true));
    let properties = js_sys::Array::from(&field(&report, "properties"));
    // Four safety rules, progress, and two sometimes properties.
    assert_eq!(properties.length(), 7);
    let progress = properties
        .iter()
        .find(|p| field(p, "name").as_string().as_deref() == Some("progress"))
        .unwrap();
    assert_eq!(
        field(&progress, "verdict").as_string().as_deref(),
        Some("holds")
    );
    let chosen = properties
        .iter()
        .find(|p| field(p, "name").as_string().as_deref() == Some("valueChosen"))
        .unwrap();
    let trace = field(&field(&chosen, "path"), "trace");
    assert_eq!(field(&trace, "version").as_f64(), Some(4.0));
}

#[wasm_bindgen_test]
fn a_broken_rule_is_found_and_bad_input_is_refused() {
    let mut check = Check::new(
        json(r#"{"sabotage": "skipPhaseOne"}"#),
        json(r#"{"maxRounds": 1, "requests": 2, "maxStates": 20000}"#),
        JsValue::UNDEFINED,
        None,
    )
    .unwrap();
    while !check.run(5000) {}
    let report = check.report().unwrap();
    let properties = js_sys::Array::from(&field(&report, "properties"));
    let agreement = properties.get(0);
    assert_eq!(field(&agreement, "holds").as_bool(), Some(false));
    assert_eq!(
        field(&field(&agreement, "path"), "length").as_f64(),
        Some(6.0)
    );
    // Stopping at the first broken rule (what a lesson's check does): the same shortest path,
    // after far fewer states, and the report says the search was partial.
    let mut first = Check::new(
        json(r#"{"sabotage": "skipPhaseOne"}"#),
        json(r#"{"maxRounds": 1, "requests": 2, "maxStates": 0}"#),
        "breadthFirst".into(),
        Some(true),
    )
    .unwrap();
    while !first.run(5000) {}
    let report = first.report().unwrap();
    assert_eq!(field(&report, "complete").as_bool(), Some(false));
    assert_eq!(
        field(&field(&report, "counts"), "unique").as_f64(),
        Some(302.0)
    );
    let agreement = js_sys::Array::from(&field(&report, "properties")).get(0);
    assert_eq!(
        field(&field(&agreement, "path"), "length").as_f64(),
        Some(6.0)
    );
    for (config, bounds, order, expected) in [
        (r#"{"acceptors": 1}"#, "{}", "breadthFirst", "acceptors"),
        ("{}", r#"{"maxDrop": 1}"#, "breadthFirst", "unknown field"),
        ("{}", "{}", "sideways", "order must be"),
        (
            r#"{"mode": "twoPhase", "votes": ["random"]}"#,
            "{}",
            "breadthFirst",
            "random votes",
        ),
        (
            "{}",
            r#"{"pack": true}"#,
            "breadthFirst",
            "command line only",
        ),
    ] {
        let err = Check::new(json(config), json(bounds), order.into(), None)
            .err()
            .expect("refused");
        let message = JsValue::from(err)
            .unchecked_into::<js_sys::Error>()
            .message();
        assert!(
            String::from(message.clone()).contains(expected),
            "{message:?}"
        );
    }
}
