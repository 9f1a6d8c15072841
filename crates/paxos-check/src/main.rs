//! `paxos-check`: the model checker on the command line.
//!
//! ```text
//! cargo run -p paxos-check --release -- --proposers 2 --acceptors 3 --learners 1 \
//!     [--mode basic|multi|twoPhase] [--sabotage NAME] [--max-drops N] [--max-crashes N] \
//!     [--bfs|--dfs] [--first] [--json] [--trace PROPERTY]
//! ```
//!
//! Configuration flags are the simulator's configuration fields in kebab case (`--proposers`,
//! `--ballot-ceiling`, `--sabotage smallQuorum`...); bounds are `--max-drops`,
//! `--max-duplicates`, `--max-crashes`, `--max-rounds`, `--requests`, `--max-in-flight` and
//! `--max-states`; `--symmetry` visits states that differ only in which acceptor (or 2PC
//! participant) is which once;
//! `--pack` keeps the breadth-first queue packed (20–30 times less memory, 2–4 times slower);
//! `--first` stops at the first violation. It prints each property's verdict, the shortest
//! counterexample of each broken rule, and a last line `unique states: N, states/s: M, violations: K`. Exit status: 0
//! when every property holds, 1 when one fails, 2 for bad arguments.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use paxos_check::memory::Counting;
    use paxos_check::report::Report;
    use paxos_check::search::{Order, Search};
    use paxos_check::{Bounds, Model};
    use serde_json::{Map, Value as Json};
    use std::process::ExitCode;
    use std::time::Instant;

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    const USAGE: &str = "usage: paxos-check [--mode basic|multi|twoPhase] [--proposers N] \
[--acceptors N] [--learners N] [--sabotage NAME] [any configuration field, in kebab case] \
[--max-drops N] [--max-duplicates N] [--max-crashes N] [--max-rounds N] [--max-timeouts N] \
[--requests N] \
[--max-in-flight N] [--max-states N] [--symmetry] [--pack] [--bfs | --dfs] [--first] [--json] \
[--trace PROPERTY]";

    const BOUNDS: [&str; 8] = [
        "max-timeouts",
        "max-drops",
        "max-duplicates",
        "max-crashes",
        "max-rounds",
        "requests",
        "max-in-flight",
        "max-states",
    ];

    struct Args {
        model: Model,
        order: Order,
        /// Stop at the first violation.
        first: bool,
        json: bool,
        trace: Option<String>,
    }

    fn camel(kebab: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in kebab.chars() {
            if c == '-' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// A flag's value as JSON: a number or boolean when it reads as one, a list for `votes`,
    /// else a string.
    fn value(name: &str, text: &str) -> Json {
        if name == "votes" {
            return Json::Array(
                text.split(',')
                    .map(|v| Json::String(v.trim().into()))
                    .collect(),
            );
        }
        match serde_json::from_str::<Json>(text) {
            Ok(v @ (Json::Number(_) | Json::Bool(_) | Json::Null)) => v,
            _ => Json::String(text.into()),
        }
    }

    fn parse() -> Result<Option<Args>, String> {
        use lexopt::prelude::*;
        let mut parser = lexopt::Parser::from_env();
        let mut config = Map::new();
        let mut bounds = Map::new();
        let mut order = Order::BreadthFirst;
        let (mut json, mut trace, mut first) = (false, None, false);
        while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
            match arg {
                Long("help") | Short('h') => return Ok(None),
                Long("bfs") => order = Order::BreadthFirst,
                Long("dfs") => order = Order::DepthFirst,
                Long("json") => json = true,
                Long("first") => first = true,
                Long("symmetry") => {
                    bounds.insert("symmetry".into(), true.into());
                }
                Long("pack") => {
                    bounds.insert("pack".into(), true.into());
                }
                Long("trace") => trace = Some(parser.value().map_err(|e| e.to_string())?),
                Long(name) => {
                    let name = name.to_string();
                    let text = parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?;
                    let key = camel(&name);
                    if BOUNDS.contains(&name.as_str()) {
                        let n: u64 = text
                            .parse()
                            .map_err(|_| format!("--{name} needs a whole number, got {text:?}"))?;
                        bounds.insert(key, n.into());
                    } else {
                        config.insert(key.clone(), value(&key, &text));
                    }
                }
                other => return Err(other.unexpected().to_string()),
            }
        }
        let trace = trace
            .map(|t| t.string().map_err(|e| e.to_string()))
            .transpose()?;
        let config: paxos_core::Config = serde_json::from_value(Json::Object(config))
            .map_err(|e| format!("bad configuration: {e}"))?;
        let bounds: Bounds =
            serde_json::from_value(Json::Object(bounds)).map_err(|e| format!("bad bounds: {e}"))?;
        let model = Model::new(config, bounds)?;
        Ok(Some(Args {
            model,
            order,
            first,
            json,
            trace,
        }))
    }

    fn describe(args: &Args) -> String {
        let c = args.model.config();
        let b = args.model.bounds();
        let cluster = match c.mode {
            paxos_core::Mode::Basic => format!(
                "{} proposers, {} acceptors, {} learners",
                c.proposers, c.acceptors, c.learners
            ),
            paxos_core::Mode::Multi => format!("{} servers", c.acceptors),
            paxos_core::Mode::TwoPhase => format!("{} participants", c.participants),
        };
        let sabotage = c
            .sabotage
            .map(|s| format!(", broken rule {}", s.name()))
            .unwrap_or_default();
        let order = match args.order {
            Order::BreadthFirst => "breadth-first",
            Order::DepthFirst => "depth-first",
        };
        format!(
            "{}: {cluster}{sabotage}; bounds: drops {}, duplicates {}, crashes {}, rounds {}, \
             time-outs {}, requests {}, in flight {}; {order}",
            c.mode.name(),
            b.max_drops,
            b.max_duplicates,
            b.max_crashes,
            b.max_rounds,
            b.max_timeouts,
            b.requests,
            b.max_in_flight
        )
    }

    fn print(report: &Report, seconds: f64) {
        let c = &report.counts;
        println!("{:<22}{:<11}{:<22}path", "property", "expect", "verdict");
        for p in &report.properties {
            let expect = format!("{:?}", p.expect).to_lowercase();
            let length = p
                .path
                .as_ref()
                .map(|f| format!("{} steps", f.length))
                .unwrap_or_default();
            println!("{:<22}{expect:<11}{:<22}{length}", p.name, p.verdict);
        }
        for p in report.properties.iter().filter(|p| !p.holds) {
            if let Some(path) = &p.path {
                println!();
                let shortened = path
                    .shortened_from
                    .map(|n| format!(", shortened from {n} found depth-first"))
                    .unwrap_or_default();
                println!(
                    "counterexample to {} ({} steps{shortened}):",
                    p.name, path.length
                );
                for (i, step) in path.steps.iter().enumerate() {
                    println!("  {:>3}. {step}", i + 1);
                }
                if let Some(detail) = &path.detail {
                    println!("  → {detail}");
                }
            }
        }
        println!();
        let peak = Counting::peak_since(0) as usize;
        println!(
            "states generated: {}, depth: {}, outside the bounds: {}{}{}",
            c.generated,
            c.depth,
            c.outside,
            if c.past_bound > 0 {
                format!(", past the round bound (progress): {}", c.past_bound)
            } else {
                String::new()
            },
            if c.truncated {
                ", stopped early (partial)"
            } else {
                ""
            }
        );
        println!(
            "time: {seconds:.2} s, peak memory: {:.1} MB ({:.0} bytes per unique state; index {:.1} MB)",
            peak as f64 / 1e6,
            peak as f64 / c.unique.max(1) as f64,
            report.index_bytes as f64 / 1e6
        );
        println!(
            "unique states: {}, states/s: {:.0}, violations: {}",
            c.unique,
            c.unique as f64 / seconds.max(1e-9),
            report.violations()
        );
    }

    pub fn main() -> ExitCode {
        let args = match parse() {
            Ok(Some(args)) => args,
            Ok(None) => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Err(err) => {
                eprintln!("paxos-check: {err}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        if !args.json {
            println!("{}", describe(&args));
        }
        let started = Instant::now();
        let mut search = Search::new(args.model.clone(), args.order).stop_at_violation(args.first);
        search.run_to_end();
        let seconds = started.elapsed().as_secs_f64();
        let report = Report::of(&search, args.order);
        if let Some(name) = &args.trace {
            let Some(verdict) = report.property(name) else {
                let names: Vec<&str> = report.properties.iter().map(|p| p.name.as_str()).collect();
                eprintln!(
                    "paxos-check: no property {name:?}; this check has {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            };
            match &verdict.path {
                Some(path) => println!(
                    "{}",
                    serde_json::to_string_pretty(&path.trace).unwrap_or_default()
                ),
                None => eprintln!("paxos-check: {name} has no path ({})", verdict.verdict),
            }
        } else if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        } else {
            print(&report, seconds);
        }
        if report.violations() == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line has no meaning in the browser: the page uses the library's `Check` class.
#[cfg(target_arch = "wasm32")]
fn main() {}
