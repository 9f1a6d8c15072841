//! Benchmark: how many rounds (ballots issued, by all proposers together) it takes to get a
//! value chosen when 2 to 5 proposers duel, under each retry policy: fixed timers (no
//! jitter), random back-off (jitter), a distinguished proposer, and both. Each seed gives every
//! proposer-acceptor link one fixed delay of 1 to 12 ticks (the same both ways; the livelock
//! scenario's kind of network), a retry timeout of 25 and a back-off of 2, and the proposers
//! ask within a few steps of each other. 500 seeds each; a run with no value after 10,000
//! steps counts as livelocked. Prints numbers; asserts nothing about time. Also replays the INT_MAX scenarios
//! in a release build, to show nothing overflows there either.
//! Run with `cargo bench -p paxos-core --bench livelock`.

use paxos_core::scenario::Scenario;
use paxos_core::{Action, Config, Simulation};

fn rounds(sim: &Simulation) -> u64 {
    sim.world()
        .nodes()
        .filter_map(|(_, n)| n.proposer())
        .map(|p| p.ballots())
        .sum()
}

fn run(config: &Config, seed: u32) -> Option<u64> {
    let mut sim = Simulation::new(config.clone(), seed).expect("config");
    // Link delays and when each proposer's client asks: an LCG of the seed.
    let mut x = u64::from(seed) * 2_654_435_761 + 1;
    let mut draw = |n: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) % n
    };
    for p in sim.proposers() {
        for a in sim.acceptors() {
            let delay = 1 + draw(12);
            let faults = paxos_core::LinkFaults {
                min_delay: Some(delay),
                max_delay: Some(delay),
                ..paxos_core::LinkFaults::default()
            };
            for (from, to) in [(p, a), (a, p)] {
                let faults = faults.clone();
                sim.apply(Action::SetLink { from, to, faults })
                    .expect("link");
            }
        }
    }
    let mut asks: Vec<(u64, paxos_core::NodeId)> = sim
        .proposers()
        .into_iter()
        .map(|node| (draw(3), node))
        .collect();
    asks.sort_unstable();
    let mut step = 0;
    for (at, node) in asks {
        while step < at {
            if sim.step().is_ok() {
                step += 1;
            } else {
                break;
            }
        }
        let value = format!("v{}", node.0);
        sim.apply(Action::Propose { node, value }).expect("propose");
    }
    for _ in 0..10_000 {
        if !sim.checker().chosen().is_empty() {
            return Some(rounds(&sim));
        }
        sim.step().ok()?;
    }
    None
}

fn main() {
    println!("rounds until a value is chosen (500 seeds each): median / p90 / max, and runs with no value in 10,000 steps");
    for proposers in 2..=5 {
        for (policy, jitter, distinguished) in [
            ("fixed timers", false, false),
            ("random back-off", true, false),
            ("distinguished", false, true),
            ("distinguished + random", true, true),
        ] {
            let config = Config {
                proposers,
                acceptors: 3,
                timeout: 25,
                backoff: 2,
                jitter,
                distinguished,
                ..Config::default()
            };
            let mut found: Vec<u64> = Vec::new();
            let mut stuck = 0;
            for seed in 0..500 {
                match run(&config, seed) {
                    Some(r) => found.push(r),
                    None => stuck += 1,
                }
            }
            found.sort_unstable();
            let at = |q: f64| found[((found.len() - 1) as f64 * q) as usize];
            println!(
                "{proposers} proposers, {policy:<23}: median {:>3}, p90 {:>3}, max {:>4}; livelocked {stuck}",
                at(0.5),
                at(0.9),
                found[found.len() - 1]
            );
        }
    }
    for scenario in [Scenario::IntMax, Scenario::IntMaxCeiling] {
        let mut sim = scenario.open().expect("scenario");
        for _ in 0..5_000 {
            if sim.step().is_err() {
                break;
            }
        }
        println!(
            "{scenario:?} in release: {} steps, chosen {:?}, violations {}",
            sim.log().len(),
            sim.checker()
                .chosen()
                .iter()
                .map(|c| c.ballot.to_string())
                .collect::<Vec<_>>(),
            sim.checker().violations().len()
        );
    }
}
