//! How fast the checker explores, and how much memory its index takes: unique states, seconds,
//! states per second and bytes of the visited set and parent links per state, for a few small
//! configurations. Prints numbers; asserts only that each search completes.

use paxos_check::search::{Order, Search};
use paxos_check::{Bounds, Model};
use paxos_core::{Config, Mode};
use std::time::Instant;

fn main() {
    let basic = |proposers| Config {
        proposers,
        ..Config::default()
    };
    let cases = [
        (
            "Basic 1P/3A/1L, 1 request, round 1",
            basic(1),
            Bounds {
                requests: 1,
                max_rounds: 1,
                ..Bounds::default()
            },
        ),
        (
            "Basic 1P/3A/1L, 1 request, round 1, 1 drop, 1 duplicate",
            basic(1),
            Bounds {
                requests: 1,
                max_rounds: 1,
                max_drops: 1,
                max_duplicates: 1,
                ..Bounds::default()
            },
        ),
        (
            "two-phase commit, 3 participants, 1 transaction",
            Config {
                mode: Mode::TwoPhase,
                ..Config::default()
            },
            Bounds {
                requests: 1,
                ..Bounds::default()
            },
        ),
    ];
    println!(
        "{:<58} {:>10} {:>8} {:>10} {:>12}",
        "configuration", "unique", "s", "states/s", "index B/st"
    );
    for (name, config, bounds) in cases {
        let model = Model::new(config, bounds).expect("a valid model");
        let started = Instant::now();
        let mut search = Search::new(model, Order::BreadthFirst);
        search.run_to_end();
        let seconds = started.elapsed().as_secs_f64();
        let counts = search.counts();
        assert!(counts.complete, "{name}: the search did not complete");
        println!(
            "{name:<58} {:>10} {seconds:>8.2} {:>10.0} {:>12.1}",
            counts.unique,
            counts.unique as f64 / seconds,
            search.index_bytes() as f64 / counts.unique as f64
        );
    }
}
