//! A packed breadth-first queue (`Bounds::pack`) changes nothing but memory: the same states
//! are explored in the same order, so the counts, the verdicts and the very paths are equal.

use paxos_check::property::Expect;
use paxos_check::report::Report;
use paxos_check::search::{Order, Search};
use paxos_check::{Bounds, Model};
use paxos_core::{Config, Mode, Sabotage};

fn run(config: &Config, bounds: &Bounds, pack: bool, first: bool) -> Report {
    let bounds = Bounds {
        pack,
        ..bounds.clone()
    };
    let model = Model::new(config.clone(), bounds).expect("a valid model");
    let mut search = Search::new(model, Order::BreadthFirst).stop_at_violation(first);
    search.run_to_end();
    Report::of(&search, Order::BreadthFirst)
}

#[test]
fn a_packed_queue_gives_the_same_counts_verdicts_and_paths() {
    // Stopped at 5,000 states where the graph is larger: breadth-first order is the same with
    // or without packing, so a search stopped at a bound stops at the same state. The broken
    // variants stop at their first violation.
    let faults = Bounds {
        max_drops: 1,
        max_duplicates: 1,
        max_states: 5_000,
        ..Bounds::default()
    };
    let small = Bounds {
        max_states: 5_000,
        ..Bounds::default()
    };
    let crash = Bounds {
        max_crashes: 1,
        requests: 2,
        ..Bounds::default()
    };
    let with = |mode, sabotage| Config {
        mode,
        sabotage,
        ..Config::default()
    };
    let one_proposer = Config {
        proposers: 1,
        ..Config::default()
    };
    let cases = [
        (one_proposer, faults.clone(), false),
        (with(Mode::Multi, None), small.clone(), false),
        (with(Mode::TwoPhase, None), faults.clone(), false),
        (
            with(Mode::Basic, Some(Sabotage::SkipPhaseOne)),
            Bounds {
                requests: 2,
                ..small
            },
            true,
        ),
        (
            with(Mode::Basic, Some(Sabotage::AcceptorForgetsOnRestart)),
            crash,
            true,
        ),
    ];
    let mut violated = 0;
    for (config, bounds, first) in cases {
        let plain = run(&config, &bounds, false, first);
        let packed = run(&config, &bounds, true, first);
        let name = format!("{:?} {:?}", config.mode, config.sabotage);
        assert!(plain.counts.unique > 100, "{name}: {}", plain.counts.unique);
        assert_eq!(plain.counts, packed.counts, "{name}");
        // A packed search leaves out the progress property (its edges would cost more than
        // the packed states); every other verdict and path is the same.
        let mut kept = plain.properties.clone();
        kept.retain(|p| p.name != "progress");
        assert!(packed.properties.iter().all(|p| p.name != "progress"));
        assert_eq!(
            serde_json::to_value(&kept).unwrap(),
            serde_json::to_value(&packed.properties).unwrap(),
            "{name}"
        );
        violated += usize::from(
            plain
                .properties
                .iter()
                .any(|p| p.expect == Expect::Always && !p.holds),
        );
    }
    // The comparison covered counterexamples and their paths too, not only rules that hold.
    assert!(violated >= 2, "{violated} cases with a broken rule");
}
