//! Our checker and Stateright on the same state graph, one thread each: unique states,
//! seconds, states per second and peak memory for each, breadth- and depth-first, and the
//! ratios ours / Stateright. Exits non-zero if the unique-state counts (or which properties
//! found an example or counterexample) differ.
//!
//! `cargo bench -p check-vs-stateright --bench side_by_side` runs the short cases (seconds);
//! `-- --long` (or `SIDE_BY_SIDE_LONG=1`) adds cases of a million states and more
//! (`cargo xtask compare`). `SIDE_BY_SIDE_ONLY=TEXT` keeps only the cases whose name contains
//! TEXT. `--repeat N` (or `SIDE_BY_SIDE_REPEAT=N`) runs each short case N times for each
//! checker and keeps the fastest run of each, as timing on a shared machine asks (the long
//! cases, long enough to time, run once).

#[path = "../adapter/mod.rs"]
mod adapter;

use adapter::Wrapped;
use check_vs_stateright::{long_cases, run_ours, short_cases, Case, Counting, Outcome};
use paxos_check::search::Order;
use stateright::{Checker, Model as _};
use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs Stateright on `case`, one thread, to the end, or for `transitions` transitions when
/// ours stopped at a state limit.
fn run_stateright(case: &Case, order: Order, ours: &Outcome) -> (Outcome, BTreeSet<&'static str>) {
    let wrapped = Wrapped::new(case.model());
    let before = Counting::start();
    let started = Instant::now();
    let mut builder = wrapped.checker().threads(1);
    if ours.truncated {
        builder = builder.target_state_count(ours.transitions as usize);
    }
    let (unique, found) = match order {
        Order::BreadthFirst => {
            let checker = builder.spawn_bfs().join();
            let seconds = started.elapsed().as_secs_f64();
            let peak = Counting::peak_since(before);
            let found = checker.discoveries().keys().copied().collect();
            let counts = (checker.unique_state_count(), checker.state_count());
            ((counts, seconds, peak), found)
        }
        Order::DepthFirst => {
            let checker = builder.spawn_dfs().join();
            let seconds = started.elapsed().as_secs_f64();
            let peak = Counting::peak_since(before);
            let found = checker.discoveries().keys().copied().collect();
            let counts = (checker.unique_state_count(), checker.state_count());
            ((counts, seconds, peak), found)
        }
    };
    let ((unique, transitions), seconds, peak_bytes) = unique;
    (
        Outcome {
            unique: unique as u64,
            transitions: transitions as u64,
            truncated: ours.truncated,
            seconds,
            peak_bytes,
        },
        found,
    )
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() -> ExitCode {
    let long = std::env::args().any(|a| a == "--long")
        || std::env::var_os("SIDE_BY_SIDE_LONG").is_some_and(|v| v != "0");
    let args: Vec<String> = std::env::args().collect();
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var("SIDE_BY_SIDE_REPEAT").ok())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let mut cases: Vec<(Case, usize)> = short_cases().into_iter().map(|c| (c, repeat)).collect();
    if long {
        cases.extend(long_cases().into_iter().map(|c| (c, 1)));
    }
    // SIDE_BY_SIDE_ONLY=TEXT: only the cases whose name contains TEXT.
    if let Ok(only) = std::env::var("SIDE_BY_SIDE_ONLY") {
        cases.retain(|(c, _)| c.name.contains(&only));
    }
    println!(
        "{:<36} {:<4} {:<10} {:>10} {:>8} {:>10} {:>9} {:>7} {:>7}",
        "configuration", "", "checker", "unique", "s", "states/s", "peak MB", "speed×", "mem÷"
    );
    let mut disagreements = Vec::new();
    let mut truncated = Vec::new();
    // The fastest of `runs` runs (the counts and findings are the same every time).
    fn fastest<T>(runs: usize, mut run: impl FnMut() -> (Outcome, T)) -> (Outcome, T) {
        let mut best = run();
        for _ in 1..runs {
            let next = run();
            if next.0.seconds < best.0.seconds {
                best = next;
            }
        }
        best
    }
    for (case, runs) in &cases {
        for (order, tag) in [(Order::BreadthFirst, "BFS"), (Order::DepthFirst, "DFS")] {
            let (ours, ours_found) = fastest(*runs, || run_ours(case, order));
            let (theirs, theirs_found) = fastest(*runs, || run_stateright(case, order, &ours));
            let ours_found: BTreeSet<_> = ours_found
                .into_iter()
                .filter_map(|(name, found)| found.then_some(name))
                .collect();
            for (checker, o) in [("ours", &ours), ("Stateright", &theirs)] {
                print!(
                    "{:<36} {tag:<4} {checker:<10} {:>10} {:>8.2} {:>10.0} {:>9.1}",
                    case.name,
                    o.unique,
                    o.seconds,
                    o.rate(),
                    mb(o.peak_bytes)
                );
                if checker == "ours" {
                    println!(
                        " {:>7.2} {:>7.2}",
                        ours.rate() / theirs.rate(),
                        theirs.peak_bytes as f64 / ours.peak_bytes.max(1) as f64
                    );
                } else {
                    println!();
                }
            }
            if ours.truncated {
                // Both stopped after about the same work, in the same order: the counts are
                // close, not equal (Stateright checks its limit every 1,500 states).
                truncated.push(format!(
                    "{} {tag}: stopped at a limit, ours after {} unique states ({} transitions), Stateright after {} ({})",
                    case.name, ours.unique, ours.transitions, theirs.unique, theirs.transitions
                ));
                continue;
            }
            if ours.unique != theirs.unique {
                disagreements.push(format!(
                    "{} {tag}: ours {} unique states, Stateright {}",
                    case.name, ours.unique, theirs.unique
                ));
            }
            if let Some(pinned) = case.pinned {
                if ours.unique != pinned {
                    disagreements.push(format!(
                        "{} {tag}: ours {} unique states, pinned {pinned}",
                        case.name, ours.unique
                    ));
                }
            }
            if ours_found != theirs_found {
                disagreements.push(format!(
                    "{} {tag}: examples and counterexamples found: ours {ours_found:?}, Stateright {theirs_found:?}",
                    case.name
                ));
            }
        }
    }
    println!("speed×: our states/s over Stateright's; mem÷: Stateright's peak memory over ours");
    for t in &truncated {
        println!("{t}");
    }
    if disagreements.is_empty() {
        println!("the unique-state counts and the properties found agree in every run");
        ExitCode::SUCCESS
    } else {
        for d in &disagreements {
            eprintln!("disagreement: {d}");
        }
        ExitCode::FAILURE
    }
}
