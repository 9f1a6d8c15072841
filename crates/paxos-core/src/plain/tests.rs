//! The reader against serde: for any JSON-like value, both accept it and read the same, or both
//! refuse it. Natively the reader sees `serde_json::Value`s; the wasm tests (`tests/wasm_api.rs`)
//! drive it with JavaScript values.

use super::*;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

impl Plain for Value {
    fn number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(n.as_u64().map_or(Number::Other, Number::Whole)),
            _ => None,
        }
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn fields(&self) -> Option<Vec<(String, Self)>> {
        self.as_object()
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn describe(&self) -> String {
        match self {
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
            other => other.to_string(),
        }
    }
}

/// Both readers on one value: the same result, or both refusals.
fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &Value,
    plain: impl Fn(&Value) -> Read<T>,
) -> Option<T> {
    let by_serde = serde_json::from_value::<T>(value.clone());
    let by_plain = plain(value);
    match (by_serde, by_plain) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{value}");
            Some(a)
        }
        (Err(_), Err(_)) => None,
        (a, b) => panic!("{value}: serde {a:?}, plain {b:?}"),
    }
}

/// Values of every kind, right and wrong for one field or another.
fn samples() -> Vec<Value> {
    vec![
        json!(0),
        json!(1),
        json!(3),
        json!(4),
        json!(9),
        json!(100_000),
        json!(65_535),
        json!(65_536),
        json!(4_294_967_295_u64),
        json!(4_294_967_296_u64),
        json!(u64::MAX),
        json!(-1),
        json!(1.5),
        json!(2.0),
        json!("basic"),
        json!("multi"),
        json!("twoPhase"),
        json!("separate"),
        json!("shared"),
        json!("smallQuorum"),
        json!("coordinatorIgnoresVotes"),
        json!("yes"),
        json!("random"),
        json!("Basic"),
        json!(""),
        json!(true),
        json!(false),
        json!(null),
        json!([]),
        json!(["no", "random"]),
        json!(["maybe"]),
        json!([[1, 2], [3]]),
        json!([[0], [-1]]),
        json!({}),
    ]
}

/// An object with some of `fields` (and perhaps one unknown field), each set to a sample.
fn object(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let samples = samples();
    proptest::collection::vec((0..=fields.len(), 0..samples.len()), 0..6).prop_map(move |picks| {
        let mut object = serde_json::Map::new();
        for (field, sample) in picks {
            let name = fields.get(field).copied().unwrap_or("colour");
            object.insert(name.to_string(), samples[sample].clone());
        }
        Value::Object(object)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn configurations_read_as_serde_reads_them(value in object(&CONFIG_FIELDS)) {
        agree(&value, config);
    }

    #[test]
    fn link_faults_read_as_serde_reads_them(value in object(&LINK_FIELDS)) {
        agree(&value, link_faults);
    }

    #[test]
    fn partitions_read_as_serde_reads_them(
        value in proptest::sample::select(samples()),
        nested in proptest::collection::vec(proptest::sample::select(samples()), 0..3),
    ) {
        agree(&value, groups);
        agree(&Value::Array(nested.clone()), groups);
        agree(&json!([nested]), groups);
    }
}

#[test]
fn every_field_is_read() {
    let config = Config {
        mode: Mode::TwoPhase,
        proposers: 4,
        acceptors: 7,
        learners: 3,
        layout: Layout::Shared,
        min_delay: 3,
        max_delay: 30,
        timeout: 90,
        backoff: 5,
        heartbeat: 7,
        election_timeout: 99,
        sabotage: Some(Sabotage::CoordinatorIgnoresVotes),
        jitter: false,
        distinguished: true,
        ballot_ceiling: Some(40),
        checksums: true,
        revision: 2,
        alpha: 5,
        participants: 4,
        votes: vec![VotePolicy::No, VotePolicy::Random],
    };
    let value = serde_json::to_value(&config).unwrap();
    assert_eq!(value.as_object().unwrap().len(), CONFIG_FIELDS.len());
    assert_eq!(agree(&value, super::config), Some(config));
    let faults = LinkFaults {
        loss: 1,
        duplicate: 2,
        min_delay: Some(3),
        max_delay: Some(4),
        fifo: true,
        corrupt: 5,
    };
    let value = serde_json::to_value(&faults).unwrap();
    assert_eq!(value.as_object().unwrap().len(), LINK_FIELDS.len());
    assert_eq!(agree(&value, link_faults), Some(faults));
}

#[test]
fn refusals_name_the_field_and_what_was_wrong() {
    let cases = [
        (
            json!({"colour": "red"}),
            "unknown field `colour`, expected one of `mode`",
        ),
        (
            json!({"acceptors": "five"}),
            "acceptors must be a whole number from 0 to 4294967295, got \"five\"",
        ),
        (json!({"timeout": 1.5}), "timeout must be a whole number"),
        (
            json!({"mode": "raft"}),
            "mode must be one of `basic`, `multi`, `twoPhase`, got \"raft\"",
        ),
        (json!({"jitter": 1}), "jitter must be true or false, got 1"),
        (
            json!({"votes": "yes"}),
            "votes must be an array, got \"yes\"",
        ),
        (
            json!([1]),
            "a configuration must be an object, got an array",
        ),
    ];
    for (value, expected) in cases {
        let err = config(&value).unwrap_err();
        assert!(err.contains(expected), "{value}: {err}");
    }
    let err = link_faults(&json!({"lag": 5})).unwrap_err();
    assert!(err.contains("unknown field `lag`"), "{err}");
    let err = groups(&json!([[1, "two"]])).unwrap_err();
    assert!(err.contains("a node id must be a whole number"), "{err}");
}

#[test]
fn variant_names_are_serdes() {
    for mode in Mode::ALL {
        assert_eq!(
            json!(variant_name(&mode)),
            serde_json::to_value(mode).unwrap()
        );
    }
    for sabotage in Sabotage::ALL {
        let name = variant_name(&sabotage);
        assert_eq!(
            serde_json::from_value::<Sabotage>(json!(name)).ok(),
            Some(sabotage)
        );
    }
    assert_eq!(variant_name(&VotePolicy::Random), "random");
    assert_eq!(variant_name(&Layout::Shared), "shared");
}

#[test]
fn a_configuration_in_json_text_reads_natively_with_serde() {
    assert_eq!(config_from_json("{}"), Ok(Config::default()));
    assert!(config_from_json("{").is_err());
    assert!(config_from_json(r#"{"colour": 1}"#)
        .unwrap_err()
        .contains("unknown field"));
}
