//! Benchmark: seeking in a 100,000-step history. Prints numbers; asserts nothing about time
//! (timing depends on the machine). Run with `cargo bench -p paxos-core --bench seek`.

use paxos_core::config::Mode;
use paxos_core::{Action, Config, NodeId, Op, Timeline};
use std::time::Instant;

fn main() {
    let steps = 100_000;
    let config = Config {
        mode: Mode::Multi,
        acceptors: 5,
        ..Config::default()
    };
    let built = Instant::now();
    let mut t = Timeline::new(config, 42).expect("config");
    for i in 0..steps {
        let action = if i % 50 == 0 {
            Action::Submit {
                node: NodeId((i / 50 % 5) as u32),
                request: Op::Put {
                    key: format!("k{}", i % 13),
                    value: i.to_string(),
                },
            }
        } else {
            Action::Step
        };
        t.apply(action).expect("action");
    }
    let build = built.elapsed();
    // Deterministic pseudo-random targets (an LCG), so every run seeks to the same steps.
    let mut x: u64 = 12345;
    let mut times = Vec::new();
    for _ in 0..200 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let target = (x >> 33) % (steps as u64 + 1);
        let start = Instant::now();
        t.seek(target).expect("seek");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "seek benchmark: {steps}-step Multi-Paxos history built in {:.2} s, {} diagram marks; 200 seeks: mean {mean:.2} ms, median {:.2} ms, max {:.2} ms",
        build.as_secs_f64(),
        t.diagram_len(),
        times[times.len() / 2],
        times[times.len() - 1],
    );
    let back = Instant::now();
    for _ in 0..100 {
        t.step_back().expect("step back");
    }
    println!(
        "step back: {:.3} ms per step (100 steps)",
        back.elapsed().as_secs_f64() * 1000.0 / 100.0
    );
}
