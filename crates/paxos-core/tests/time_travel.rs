//! Time travel and sharing: seeking equals replaying, traces and permalinks round-trip, and no
//! random or damaged permalink or trace can panic: it opens a run or says why it cannot.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{resolve, runner, Op};
use paxos_core::config::Mode;
use paxos_core::{permalink, Config, Simulation, Timeline, Trace};
use proptest::prelude::*;

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        10 => Just(Op::Step),
        3 => any::<usize>().prop_map(Op::Deliver),
        1 => any::<usize>().prop_map(Op::Drop),
        1 => any::<usize>().prop_map(Op::Duplicate),
        1 => any::<usize>().prop_map(Op::Crash),
        1 => any::<usize>().prop_map(Op::Restart),
        2 => (any::<usize>(), 0u8..4).prop_map(|(i, v)| Op::Propose(i, v)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Op::Submit(i, v)),
        1 => (any::<usize>(), any::<usize>(), 0u16..500, 0u16..300, any::<bool>())
            .prop_map(|(a, b, l, d, f)| Op::Link(a, b, l, d, f)),
        1 => any::<u16>().prop_map(Op::Split),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Cut(a, b)),
        1 => Just(Op::Heal),
    ]
}

fn run() -> impl Strategy<Value = (Config, u32, Vec<Op>)> {
    let config = any::<bool>().prop_map(|multi| Config {
        mode: if multi { Mode::Multi } else { Mode::Basic },
        acceptors: if multi { 5 } else { 3 },
        ..Config::default()
    });
    (config, any::<u32>(), prop::collection::vec(op(), 1..300))
}

fn play(config: &Config, seed: u32, ops: &[Op]) -> Timeline {
    let mut t = Timeline::new(config.clone(), seed).unwrap();
    for op in ops {
        if let Some(action) = resolve(t.current(), op) {
            t.apply(action).unwrap();
        }
    }
    t
}

#[test]
fn seek_equals_a_fresh_replay_for_random_steps() {
    runner(300)
        .run(&(run(), any::<u64>()), |((config, seed, ops), pick)| {
            let mut t = play(&config, seed, &ops);
            let length = t.view().length;
            let step = pick % (length + 1);
            t.seek(step).unwrap();
            let trace = t.trace();
            let fresh = Simulation::replay(config, seed, &trace.actions[..step as usize]).unwrap();
            prop_assert!(*t.current() == fresh);
            Ok(())
        })
        .unwrap();
}

#[test]
fn traces_and_permalinks_round_trip_at_the_same_step() {
    runner(500)
        .run(&(run(), any::<u64>()), |((config, seed, ops), pick)| {
            let mut t = play(&config, seed, &ops);
            t.seek(pick % (t.view().length + 1)).unwrap();
            let trace = t.trace();
            let json = serde_json::to_string(&trace).unwrap();
            let from_json: Trace = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&from_json, &trace);
            let link = permalink::encode(&trace);
            let from_link = permalink::decode(&link).unwrap();
            prop_assert_eq!(&from_link, &trace);
            let opened = Timeline::from_trace(&from_link).unwrap();
            prop_assert!(opened.current() == t.current());
            prop_assert_eq!(opened.view().cursor, t.view().cursor);
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_or_damaged_permalinks_never_panic() {
    let opened = std::cell::Cell::new(0u32);
    // Random text after the prefix.
    runner(3_000)
        .run(&"[A-Za-z0-9_-]{0,80}", |body| {
            if let Ok(trace) = permalink::decode(&format!("v1.{body}")) {
                if Timeline::from_trace(&trace).is_ok() {
                    opened.set(opened.get() + 1);
                }
            }
            Ok(())
        })
        .unwrap();
    // Valid links, truncated or with one byte changed.
    runner(300)
        .run(
            &(run(), any::<usize>(), any::<u8>()),
            |((config, seed, ops), at, byte)| {
                let link = permalink::encode(&play(&config, seed, &ops).trace());
                let body = &link[3..];
                let cut = at % (body.len() + 1);
                let _ = permalink::decode(&format!("v1.{}", &body[..cut]))
                    .map(|t| Timeline::from_trace(&t));
                let mut bytes = body.as_bytes().to_vec();
                if !bytes.is_empty() {
                    let i = at % bytes.len();
                    bytes[i] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                        [byte as usize % 64];
                }
                let changed = String::from_utf8(bytes).unwrap();
                let _ =
                    permalink::decode(&format!("v1.{changed}")).map(|t| Timeline::from_trace(&t));
                Ok(())
            },
        )
        .unwrap();
    println!(
        "random permalinks: {} of 3000 happened to open a run",
        opened.get()
    );
}

#[test]
fn random_or_damaged_trace_json_never_panics() {
    runner(300)
        .run(
            &(run(), any::<usize>(), any::<usize>()),
            |((config, seed, ops), a, b)| {
                let json = serde_json::to_string(&play(&config, seed, &ops).trace()).unwrap();
                let cut = &json[..a % (json.len() + 1)];
                prop_assert!(serde_json::from_str::<Trace>(cut).is_err() || cut == json);
                // Swap two characters: either still a valid trace, or an error.
                let mut chars: Vec<char> = json.chars().collect();
                let (i, j) = (a % chars.len(), b % chars.len());
                chars.swap(i, j);
                let swapped: String = chars.into_iter().collect();
                if let Ok(trace) = serde_json::from_str::<Trace>(&swapped) {
                    let _ = Timeline::from_trace(&trace);
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn a_permalink_for_a_200_action_run_is_short() {
    // A representative run: 200 actions, mostly steps, with proposals, drops and a crash.
    let config = Config::default();
    let mut t = Timeline::new(config, 9).unwrap();
    let mut i = 0usize;
    while t.view().length < 200 {
        let op = match i % 20 {
            0 => Op::Propose(i, (i % 4) as u8),
            7 => Op::Drop(i),
            13 => Op::Deliver(i),
            17 if i == 117 => Op::Crash(i),
            _ => Op::Step,
        };
        if let Some(action) = resolve(t.current(), &op) {
            t.apply(action).unwrap();
        }
        i += 1;
    }
    let link = permalink::encode(&t.trace());
    println!("permalink for a 200-action run: {} characters", link.len());
    assert!(link.len() < 400, "{} characters", link.len());
    assert!(
        Timeline::from_trace(&permalink::decode(&link).unwrap())
            .unwrap()
            .current()
            == t.current()
    );
}

#[test]
fn a_link_naming_an_unknown_message_is_refused_with_the_reason() {
    let trace = Trace {
        version: 1,
        config: Config::default(),
        seed: 1,
        actions: vec![paxos_core::Action::Deliver { id: 50 }],
        cursor: None,
    };
    let link = permalink::encode(&trace);
    // The version-1 link is used by the browser test in tests/e2e/time-travel.test.mjs; the
    // version-3 encoding has the same bytes.
    assert_eq!(link, UNKNOWN_MESSAGE_LINK.replacen("v1.", "v4.", 1));
    let decoded = permalink::decode(UNKNOWN_MESSAGE_LINK).unwrap();
    assert_eq!(decoded, trace);
    let err = Timeline::from_trace(&decoded).unwrap_err();
    assert!(
        err.to_string()
            .contains("there is no message #50 in flight"),
        "{err}"
    );
}

const UNKNOWN_MESSAGE_LINK: &str = "v1.Ant9AQABATI";

#[test]
fn a_simulation_opens_a_rewound_trace_at_its_cursor() {
    let mut t = play(
        &Config::default(),
        5,
        &[Op::Propose(0, 1), Op::Step, Op::Step, Op::Step],
    );
    t.seek(2).unwrap();
    let trace = t.trace();
    assert_eq!(trace.cursor, Some(2));
    assert!(Simulation::from_trace(&trace).unwrap() == *t.current());
    let beyond = Trace {
        cursor: Some(99),
        ..trace
    };
    let err = Simulation::from_trace(&beyond).unwrap_err().to_string();
    assert!(err.contains("cursor 99 is beyond its 4 actions"), "{err}");
    assert!(Timeline::from_trace(&beyond).is_err());
}
