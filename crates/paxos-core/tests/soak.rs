//! The soak: a long run of seeded random fault schedules for each protocol, apart from the normal
//! tests. `cargo xtask soak` runs this file's ignored test; a short soak through the same code
//! runs with the normal tests.
//!
//! Basic Paxos, Multi-Paxos and two-phase commit each get their own schedules: steps, proposals,
//! client commands or transactions, interleaved with crashes, restarts, drops, duplicates, lossy
//! and duplicating links, partitions and one-way cuts (as in `properties.rs` and
//! `two_phase.rs`). After every single action the simulator's safety checks must hold
//! (agreement, validity, integrity, promise monotonicity; log prefix, applied once; atomicity,
//! commit validity). Then the faults stop (heal, clear every link, restart every crashed node)
//! and termination must follow within a bound of steps: every learner learns the chosen value;
//! every replica applies every chosen slot, and then a command submitted after the faults;
//! every two-phase-commit participant decides every transaction. Last, each run's action log
//! must replay to the identical simulation.
//!
//! Schedule `i` of a protocol is drawn from seed `first + i` by the simulator's own generator
//! ([`SimRng`], ChaCha8), so a failure names the seed that replays it alone
//! (`cargo xtask soak --basic 1 --multi 0 --twopc 0 --seed N`), with the schedule and a
//! permalink to the run. Threads take seeds in blocks; the results, kept by seed, are the same
//! on any number of threads (the short soak checks that).
//!
//! Settings come from the environment, which `cargo xtask soak`'s flags set: `SOAK_BASIC`,
//! `SOAK_MULTI`, `SOAK_TWOPC` (schedules; 100,000, 20,000 and 20,000 by default), `SOAK_SEED`
//! (the first seed, 0), `SOAK_THREADS` (the machine's cores) and `SOAK_STRICT` (1: a run the
//! ballot ceiling leaves stuck fails too; by default such runs are counted apart, as a known
//! liveness limit of the ceiling).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{decision, fault_ending_actions, participants, percentiles, resolve, tx_state, vote};
use common::{put, Op};
use paxos_core::config::{Layout, VotePolicy};
use paxos_core::multi::replica::Role;
use paxos_core::rng::SimRng;
use paxos_core::twopc::TxState;
use paxos_core::{permalink, Action, Config, Event, Mode, NodeId, Simulation};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Default schedule counts of the long soak.
const BASIC: u64 = 100_000;
const MULTI: u64 = 20_000;
const TWOPC: u64 = 20_000;

/// Schedules per protocol in the short soak that runs with the normal tests.
const SHORT: u64 = 300;

/// Steps allowed, once the faults stop, for the ballots under way to get a value chosen or
/// to give up (as in `properties.rs`).
const SETTLE_BOUND: usize = 3_000;
/// Steps allowed, after that, for every learner to learn the chosen value; for every replica
/// to apply every chosen slot; and then for a new command to be applied everywhere.
const LEARNING_BOUND: usize = 1_500;
/// Two-phase commit: steps allowed, once the faults stop, for every participant to decide
/// every transaction, and for everything to come to rest (as in `two_phase.rs`).
const DECIDE_BOUND: usize = 1_500;
const QUIET_BOUND: usize = 5_000;

/// The coordinator of every two-phase-commit cluster.
const C: NodeId = NodeId(0);

#[test]
#[ignore = "long (minutes): run by `cargo xtask soak`"]
fn soak() {
    let report = Soak::from_env().run(true);
    if report.failures.is_empty() {
        return;
    }
    // The first few in full (each replays alone), then every seed.
    for failure in report.failures.iter().take(SHOWN) {
        eprintln!("\n{failure}");
    }
    let seeds: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{} seed {}", f.protocol, f.seed))
        .collect();
    panic!(
        "the soak failed: {} schedules ({})",
        report.failures.len(),
        seeds.join(", ")
    );
}

#[test]
fn a_short_soak_passes_and_gives_the_same_results_on_one_thread_and_on_two() {
    let soak = |threads| Soak {
        basic: SHORT,
        multi: SHORT,
        twopc: SHORT,
        seed: 0,
        threads,
        strict: false,
    };
    let two = soak(2).run(true);
    if let Some(failure) = two.failures.first() {
        panic!("{failure}");
    }
    let one = soak(1).run(false);
    assert!(one == two, "the results depend on the number of threads");
    // Not vacuous: values chosen, commands applied, transactions committed and aborted.
    let chosen = two.basic.iter().filter(|r| r.chosen().is_some()).count();
    assert!(chosen as u64 > SHORT / 2, "only {chosen} chose a value");
    let commands = two.multi.iter().filter(|r| r.commands() > 0).count();
    assert!(
        commands as u64 > SHORT / 2,
        "only {commands} applied a command"
    );
    assert!(two.twopc.iter().map(|r| r.committed).sum::<u64>() > SHORT / 10);
    assert!(two.twopc.iter().map(|r| r.aborted).sum::<u64>() > SHORT / 10);
}

/// Failures shown in full at the end of a soak (all are counted and named).
const SHOWN: usize = 5;

// ---------------------------------------------------------------------------------------------
// The driver.

/// What to run.
struct Soak {
    basic: u64,
    multi: u64,
    twopc: u64,
    /// Schedule `i` of each protocol is drawn from seed `seed + i`.
    seed: u64,
    threads: usize,
    /// Whether a run the ballot ceiling leaves stuck fails the soak (`refused_by_the_ceiling`).
    strict: bool,
}

/// Every schedule's outcome, by protocol, in seed order, and the schedules that failed.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    basic: Vec<BasicRun>,
    multi: Vec<MultiRun>,
    twopc: Vec<TwoPhaseRun>,
    failures: Vec<Failure>,
}

impl Soak {
    fn from_env() -> Self {
        let var = |name: &str, default: u64| match std::env::var(name) {
            Ok(text) => text
                .parse()
                .unwrap_or_else(|_| panic!("{name} must be a number, got {text:?}")),
            Err(_) => default,
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            basic: var("SOAK_BASIC", BASIC),
            multi: var("SOAK_MULTI", MULTI),
            twopc: var("SOAK_TWOPC", TWOPC),
            seed: var("SOAK_SEED", 0),
            threads: var("SOAK_THREADS", cores as u64).max(1) as usize,
            strict: var("SOAK_STRICT", 0) != 0,
        }
    }

    /// Runs every protocol's schedules, all of them whatever fails; with `print`, a summary of
    /// each protocol as it ends.
    fn run(&self, print: bool) -> Report {
        let mut failures = Vec::new();
        let strict = self.strict;
        let basic = self.protocol(
            Protocol::Basic,
            self.basic,
            print,
            &|seed| basic(seed, strict),
            summarise_basic,
            &mut failures,
        );
        let multi = self.protocol(
            Protocol::Multi,
            self.multi,
            print,
            &multi,
            summarise_multi,
            &mut failures,
        );
        let twopc = self.protocol(
            Protocol::TwoPhase,
            self.twopc,
            print,
            &two_phase,
            summarise_two_phase,
            &mut failures,
        );
        Report {
            basic,
            multi,
            twopc,
            failures,
        }
    }

    /// Runs `count` schedules of `protocol` on the threads, each taking the next block of
    /// seeds until none is left. Returns the outcomes in seed order and adds the failures, in
    /// seed order, to `failures`: the same whatever the number of threads.
    fn protocol<T: Send>(
        &self,
        protocol: Protocol,
        count: u64,
        print: bool,
        run: &(dyn Fn(u64) -> Result<T, Broke> + Sync),
        summarise: fn(&[T]) -> String,
        failures: &mut Vec<Failure>,
    ) -> Vec<T> {
        const BLOCK: u64 = 32;
        let started = Instant::now();
        let next = AtomicU64::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                if start >= count {
                    return done;
                }
                for i in start..count.min(start + BLOCK) {
                    let seed = self.seed.wrapping_add(i);
                    let outcome =
                        catch_unwind(AssertUnwindSafe(|| run(seed))).unwrap_or_else(|panic| {
                            let what = format!("panicked: {}", panic_text(&*panic));
                            Err(Broke::without_run(what))
                        });
                    done.push((i, outcome));
                }
            }
        };
        let mut all: Vec<(u64, Result<T, Broke>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..self.threads).map(|_| scope.spawn(work)).collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a soak worker"))
                .collect()
        });
        all.sort_unstable_by_key(|&(i, _)| i);
        let mut outcomes = Vec::with_capacity(all.len());
        let mut failed = Vec::new();
        for (i, outcome) in all {
            let seed = self.seed.wrapping_add(i);
            match outcome {
                Ok(outcome) => outcomes.push(outcome),
                Err(broke) => failed.push(Failure {
                    protocol,
                    seed,
                    schedule: protocol.describe(seed),
                    broke,
                    replay: self.replay(protocol, seed),
                }),
            }
        }
        if print && count > 0 {
            let last = self.seed.wrapping_add(count.saturating_sub(1));
            println!(
                "{protocol}: {} schedules (seeds {} to {last})",
                thousands(count),
                self.seed
            );
            println!("{}", summarise(&outcomes));
            let of = |kind| failed.iter().filter(|f| f.broke.kind == kind).count();
            println!(
                "  violations: {}; not terminated: {}; other failures: {}",
                of(Kind::Violation),
                of(Kind::Stuck),
                of(Kind::Other)
            );
            if !failed.is_empty() {
                let seeds: Vec<String> = failed.iter().map(|f| f.seed.to_string()).collect();
                println!(
                    "  FAILED: {} schedules (seeds {}), left out of the numbers above",
                    failed.len(),
                    seeds.join(", ")
                );
            }
            println!(
                "  time: {:.1} s on {} threads",
                started.elapsed().as_secs_f64(),
                self.threads
            );
        }
        failures.extend(failed);
        outcomes
    }

    /// The command that runs the schedule of `protocol` drawn from `seed` alone.
    fn replay(&self, protocol: Protocol, seed: u64) -> String {
        let others: Vec<String> = [Protocol::Basic, Protocol::Multi, Protocol::TwoPhase]
            .into_iter()
            .filter(|&p| p != protocol)
            .map(|p| format!("{} 0", p.flag()))
            .collect();
        let strict = if self.strict { " --strict" } else { "" };
        format!(
            "cargo xtask soak {} 1 {} --seed {seed}{strict}",
            protocol.flag(),
            others.join(" ")
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protocol {
    Basic,
    Multi,
    TwoPhase,
}

impl Protocol {
    /// Its `cargo xtask soak` flag.
    fn flag(self) -> &'static str {
        match self {
            Protocol::Basic => "--basic",
            Protocol::Multi => "--multi",
            Protocol::TwoPhase => "--twopc",
        }
    }

    /// The schedule a seed draws, written out.
    fn describe(self, seed: u64) -> String {
        match self {
            Protocol::Basic => format!("{:?}", basic_schedule(seed)),
            Protocol::Multi => format!("{:?}", multi_schedule(seed)),
            Protocol::TwoPhase => format!("{:?}", two_phase_schedule(seed)),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Basic => "Basic Paxos",
            Protocol::Multi => "Multi-Paxos",
            Protocol::TwoPhase => "two-phase commit",
        })
    }
}

/// What went wrong in one schedule.
#[derive(Debug, PartialEq, Eq)]
struct Broke {
    kind: Kind,
    what: String,
    /// A permalink to the run up to there (none after a panic).
    link: Option<String>,
}

/// The kinds of failure, counted apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A safety rule broke.
    Violation,
    /// The run did not terminate once the faults stopped.
    Stuck,
    /// Anything else: a panic, a refused action, a log that does not replay identically.
    Other,
}

impl Broke {
    fn new(kind: Kind, sim: &Simulation, what: impl Into<String>) -> Self {
        Self {
            kind,
            what: what.into(),
            link: Some(permalink::encode(&sim.trace())),
        }
    }

    fn violation(sim: &Simulation, what: impl Into<String>) -> Self {
        Self::new(Kind::Violation, sim, what)
    }

    fn stuck(sim: &Simulation, what: impl Into<String>) -> Self {
        Self::new(Kind::Stuck, sim, what)
    }

    fn other(sim: &Simulation, what: impl Into<String>) -> Self {
        Self::new(Kind::Other, sim, what)
    }

    fn without_run(what: String) -> Self {
        Self {
            kind: Kind::Other,
            what,
            link: None,
        }
    }
}

/// The schedule that broke, with how to replay it.
#[derive(Debug, PartialEq, Eq)]
struct Failure {
    protocol: Protocol,
    seed: u64,
    schedule: String,
    broke: Broke,
    /// The command that runs this schedule alone.
    replay: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { protocol, seed, .. } = self;
        writeln!(
            f,
            "soak: {protocol} schedule seed {seed}: {}",
            self.broke.what
        )?;
        writeln!(f, "schedule: {}", self.schedule)?;
        if let Some(link) = &self.broke.link {
            writeln!(
                f,
                "the run, in the playground (cargo xtask serve): http://127.0.0.1:8080/#{link}"
            )?;
        }
        write!(f, "replay: {}", self.replay)
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Applies `action` and checks every rule right after it.
fn apply_checked(sim: &mut Simulation, action: Action) -> Result<paxos_core::Report, Broke> {
    let report = sim
        .apply(action.clone())
        .map_err(|e| Broke::other(sim, format!("{action:?} was refused: {e}")))?;
    let broken = sim.checker().violations();
    if broken.is_empty() {
        Ok(report)
    } else {
        Err(Broke::violation(
            sim,
            format!("a rule broke at step {}: {broken:?}", report.step),
        ))
    }
}

/// Stops the faults (heal, clear every link, restart every crashed node), checking after each.
fn stop_faults(sim: &mut Simulation) -> Result<(), Broke> {
    for action in fault_ending_actions(sim) {
        apply_checked(sim, action)?;
    }
    Ok(())
}

/// Steps (checked) until `done` holds, at most `bound` steps; how many it took.
fn steps_until(
    sim: &mut Simulation,
    bound: usize,
    what: &str,
    done: impl Fn(&Simulation) -> bool,
) -> Result<usize, Broke> {
    for taken in 0..=bound {
        if done(sim) {
            return Ok(taken);
        }
        if sim.is_idle() {
            let what = format!("not terminated: {what}, and nothing is left to happen");
            return Err(Broke::stuck(sim, what));
        }
        if taken < bound {
            apply_checked(sim, Action::Step)?;
        }
    }
    let what = format!("not terminated: {what} within {bound} steps of the faults stopping");
    Err(Broke::stuck(sim, what))
}

/// The run's log replays to the identical simulation.
fn replays(sim: &Simulation) -> Result<(), Broke> {
    match Simulation::from_trace(&sim.trace()) {
        Ok(again) if again == *sim => Ok(()),
        Ok(_) => Err(Broke::other(
            sim,
            "the log replays to a different simulation",
        )),
        Err(e) => Err(Broke::other(sim, format!("the log does not replay: {e}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing schedules.

/// A schedule: a cluster, its network seed, the operations, then steps with the faults on.
#[derive(Debug)]
struct Schedule<O> {
    config: Config,
    seed: u32,
    ops: Vec<O>,
    /// Steps played after the operations, before the faults stop.
    drain: usize,
}

/// Draws from the simulator's seeded generator.
struct Draw(SimRng);

impl Draw {
    fn new(seed: u64) -> Self {
        Self(SimRng::new(seed))
    }

    /// A number in `lo..=hi`.
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        self.0.between(lo, hi)
    }

    /// Any index (resolved modulo what exists when the operation runs).
    fn index(&mut self) -> usize {
        self.0.between(0, u64::MAX) as usize
    }

    fn coin(&mut self) -> bool {
        self.int(0, 1) == 1
    }

    /// An index into `weights`, each as likely as its weight.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut draw = self.int(0, weights.iter().sum::<u64>() - 1);
        for (i, &weight) in weights.iter().enumerate() {
            if draw < weight {
                return i;
            }
            draw -= weight;
        }
        unreachable!("the draw is below the sum of the weights")
    }

    /// Between 1 and `most` operations.
    fn ops<O>(&mut self, most: u64, op: impl Fn(&mut Self) -> O) -> Vec<O> {
        let len = self.int(1, most);
        (0..len).map(|_| op(self)).collect()
    }

    /// A lossy, duplicating, FIFO-or-not link; a partition; or a one-way cut.
    fn network_op(&mut self) -> Op {
        match self.int(0, 2) {
            0 => Op::Link(
                self.index(),
                self.index(),
                self.int(0, 599) as u16,
                self.int(0, 399) as u16,
                self.coin(),
            ),
            1 => Op::Split(self.int(0, u64::from(u16::MAX)) as u16),
            _ => Op::Cut(self.index(), self.index()),
        }
    }

    /// Step, deliver, drop, duplicate, crash or restart, by `weights` in that order.
    fn fault_op(&mut self, weights: [u64; 6]) -> Op {
        match self.weighted(&weights) {
            0 => Op::Step,
            1 => Op::Deliver(self.index()),
            2 => Op::Drop(self.index()),
            3 => Op::Duplicate(self.index()),
            4 => Op::Crash(self.index()),
            _ => Op::Restart(self.index()),
        }
    }
}

/// Basic Paxos, as `properties.rs` draws it: 1-3 proposers, 3-5 acceptors, 1-2 learners, shared
/// or separate nodes, every option a correct cluster may run with; up to 159 operations, then up
/// to 300 steps.
fn basic_schedule(seed: u64) -> Schedule<Op> {
    let mut d = Draw::new(seed);
    let min_delay = d.int(1, 4);
    let config = Config {
        proposers: d.int(1, 3) as u32,
        acceptors: d.int(3, 5) as u32,
        learners: d.int(1, 2) as u32,
        layout: if d.coin() {
            Layout::Shared
        } else {
            Layout::Separate
        },
        min_delay,
        max_delay: min_delay + d.int(0, 12),
        jitter: d.coin(),
        distinguished: d.coin(),
        ballot_ceiling: d.coin().then_some(20),
        checksums: d.coin(),
        ..Config::default()
    };
    let seed = d.int(0, u32::MAX.into()) as u32;
    let ops = d.ops(159, |d| match d.weighted(&[23, 2, 1]) {
        0 => d.fault_op([12, 4, 1, 1, 1, 2]),
        1 => Op::Propose(d.index(), d.int(0, 3) as u8),
        _ if d.coin() => Op::Heal,
        _ => d.network_op(),
    });
    let drain = d.int(0, 300) as usize;
    Schedule {
        config,
        seed,
        ops,
        drain,
    }
}

/// Multi-Paxos, as `properties.rs` draws it: 3-5 servers, heartbeats of 10-30 ticks; up to 249
/// operations (a sixth of them client commands), then up to 400 steps.
fn multi_schedule(seed: u64) -> Schedule<Op> {
    let mut d = Draw::new(seed);
    let min_delay = d.int(1, 4);
    let acceptors = d.int(3, 5) as u32;
    let max_delay = min_delay + d.int(0, 10);
    let heartbeat = d.int(10, 30);
    let config = Config {
        mode: Mode::Multi,
        acceptors,
        min_delay,
        max_delay,
        heartbeat,
        election_timeout: heartbeat * 4,
        ..Config::default()
    };
    let seed = d.int(0, u32::MAX.into()) as u32;
    let ops = d.ops(249, |d| match d.weighted(&[24, 4, 1, 1]) {
        0 => d.fault_op([14, 4, 2, 1, 1, 2]),
        1 => Op::Submit(d.index(), d.int(0, 255) as u8),
        2 => d.network_op(),
        _ => Op::Heal,
    });
    let drain = d.int(0, 400) as usize;
    Schedule {
        config,
        seed,
        ops,
        drain,
    }
}

/// One operation of a two-phase-commit schedule.
#[derive(Debug)]
enum TxOp {
    /// Anything the Paxos schedules do (proposals and commands do not occur).
    Any(Op),
    /// A client begins a transaction at the coordinator.
    Begin,
}

/// Two-phase commit, as `two_phase.rs` draws it: 2-8 participants, some with a vote policy
/// (yes, no or random), timeouts of 10-80 ticks; up to 149 operations.
fn two_phase_schedule(seed: u64) -> Schedule<TxOp> {
    let mut d = Draw::new(seed);
    let participants = d.int(2, 8) as u32;
    let min_delay = d.int(1, 4);
    let max_delay = min_delay + d.int(0, 12);
    let timeout = d.int(10, 80);
    let jitter = d.coin();
    let votes = (0..d.int(0, participants.into()))
        .map(|_| match d.weighted(&[3, 1, 2]) {
            0 => VotePolicy::Yes,
            1 => VotePolicy::No,
            _ => VotePolicy::Random,
        })
        .collect();
    let config = Config {
        mode: Mode::TwoPhase,
        participants,
        votes,
        min_delay,
        max_delay,
        timeout,
        jitter,
        ..Config::default()
    };
    let seed = d.int(0, u32::MAX.into()) as u32;
    let ops = d.ops(149, |d| match d.weighted(&[23, 2, 3, 1]) {
        0 => TxOp::Any(d.fault_op([14, 4, 1, 1, 1, 2])),
        1 => TxOp::Begin,
        2 => TxOp::Any(d.network_op()),
        _ => TxOp::Any(Op::Heal),
    });
    Schedule {
        config,
        seed,
        ops,
        drain: 0,
    }
}

/// The simulation a schedule starts from.
fn start<O>(schedule: &Schedule<O>) -> Result<Simulation, Broke> {
    Simulation::new(schedule.config.clone(), schedule.seed)
        .map_err(|e| Broke::without_run(format!("the drawn configuration is refused: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Basic Paxos.

/// One Basic Paxos schedule's outcome.
#[derive(Debug, PartialEq, Eq)]
struct BasicRun {
    actions: usize,
    end: BasicEnd,
}

#[derive(Debug, PartialEq, Eq)]
enum BasicEnd {
    /// A value was chosen, and every learner had learned it `steps` steps after the faults
    /// stopped.
    Chosen { value: String, steps: usize },
    /// Nothing was proposed (the schedule has no proposal, or no proposer was up for one).
    NothingProposed,
    /// The proposers came to rest without a value chosen: each one asked crashed and forgot its
    /// client's value (volatile) before anything was chosen.
    RequestsLost,
    /// Nothing chosen (or, if `chosen`, a learner does not know it), and it stays so for ever:
    /// see [`refused_by_the_ceiling`]. Counted apart; a failure with `--strict`.
    RefusedByTheCeiling { chosen: bool },
}

/// Whether the ballot ceiling keeps the proposers that are still trying from ever succeeding.
/// An acceptor refuses a round more than the ceiling above the highest it has promised. A
/// proposer cut off from the acceptors for a while (or from some, while the others went on
/// promising) can end up with its round that far above what an acceptor has promised. That
/// acceptor then refuses it for ever (the proposer's rounds only grow, and the refusing
/// acceptor's promise does not), and a refusal makes the proposer drop its ballot
/// (`Proposer::on_refused`), even when a majority would promise. So it retries for ever, also
/// once the faults stop: a liveness limit of the ceiling, not a safety problem. This says
/// whether every proposer still trying is refused so by some acceptor.
fn refused_by_the_ceiling(sim: &Simulation) -> bool {
    use paxos_core::roles::proposer::Phase;
    let Some(ceiling) = sim.config().ballot_ceiling else {
        return false;
    };
    let lowest = sim
        .acceptors()
        .into_iter()
        .filter_map(|a| sim.world().node(a)?.acceptor())
        .map(|a| a.state().promised.map_or(0, |b| b.round))
        .min()
        .unwrap_or(0);
    let mut trying = sim
        .world()
        .nodes()
        .filter(|(_, n)| n.up)
        .filter_map(|(_, n)| n.proposer())
        .filter(|p| !matches!(p.phase(), Phase::Idle | Phase::Chosen { .. }))
        .peekable();
    trying.peek().is_some() && trying.all(|p| p.last_round() > lowest + ceiling)
}

impl BasicRun {
    fn chosen(&self) -> Option<&str> {
        match &self.end {
            BasicEnd::Chosen { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// One Basic Paxos schedule; with `strict`, a run the ballot ceiling leaves stuck fails.
fn basic(seed: u64, strict: bool) -> Result<BasicRun, Broke> {
    let schedule = basic_schedule(seed);
    let mut sim = start(&schedule)?;
    let mut proposed = false;
    let drain = std::iter::repeat_n(&Op::Step, schedule.drain);
    for op in schedule.ops.iter().chain(drain) {
        if let Some(action) = resolve(&sim, op) {
            proposed |= matches!(action, Action::Propose { .. });
            apply_checked(&mut sim, action)?;
        }
    }
    stop_faults(&mut sim)?;
    let end = match basic_termination(&mut sim, proposed) {
        Ok(end) => end,
        // A known limit of the ballot ceiling, counted apart (a failure with `--strict`).
        Err(broke) if broke.kind == Kind::Stuck && !strict && refused_by_the_ceiling(&sim) => {
            BasicEnd::RefusedByTheCeiling {
                chosen: !sim.checker().chosen().is_empty(),
            }
        }
        Err(broke) => return Err(broke),
    };
    replays(&sim)?;
    Ok(BasicRun {
        actions: sim.log().len(),
        end,
    })
}

/// Once the faults stop: the ballots under way finish (a value is chosen, or every proposer
/// gives up), then every learner learns the chosen value.
fn basic_termination(sim: &mut Simulation, proposed: bool) -> Result<BasicEnd, Broke> {
    let settling = steps_until(
        sim,
        SETTLE_BOUND,
        "the proposers neither got a value chosen nor stopped",
        |s| !s.checker().chosen().is_empty() || s.is_idle(),
    )?;
    let Some(chosen) = sim.checker().chosen().first() else {
        return Ok(if proposed {
            BasicEnd::RequestsLost
        } else {
            BasicEnd::NothingProposed
        });
    };
    let value = chosen.value.clone();
    let learning = steps_until(
        sim,
        LEARNING_BOUND,
        "a learner has not learned the chosen value",
        |s| {
            s.learned()
                .iter()
                .all(|(_, l)| l.is_some_and(|p| p.value == value))
        },
    )?;
    Ok(BasicEnd::Chosen {
        value,
        steps: settling + learning,
    })
}

fn summarise_basic(runs: &[BasicRun]) -> String {
    let mut values: BTreeMap<&str, u64> = BTreeMap::new();
    let (mut nothing, mut lost, mut shut_out) = (0u64, 0u64, [0u64; 2]);
    let mut steps = Vec::new();
    for run in runs {
        match &run.end {
            BasicEnd::Chosen { value, steps: s } => {
                *values.entry(value).or_default() += 1;
                steps.push(*s);
            }
            BasicEnd::NothingProposed => nothing += 1,
            BasicEnd::RequestsLost => lost += 1,
            BasicEnd::RefusedByTheCeiling { chosen: false } => shut_out[0] += 1,
            BasicEnd::RefusedByTheCeiling { chosen: true } => shut_out[1] += 1,
        }
    }
    steps.sort_unstable();
    let each: Vec<String> = values
        .iter()
        .map(|(v, n)| format!("{v} {}", thousands(*n)))
        .collect();
    let actions: usize = runs.iter().map(|r| r.actions).sum();
    format!(
        "  actions: {}, every rule checked after each; every passing run's log replayed identically\n  \
         decided: {} schedules chose a value ({})\n  \
         undecided: {} with nothing proposed, {} whose requests all died in proposer crashes\n  \
         stuck, an acceptor refusing every proposer still trying at the ballot ceiling (a liveness limit, counted \
         apart; failures with --strict): {} with nothing chosen, {} with a value chosen that a learner never learns\n  \
         termination: every learner learned the chosen value; steps after the faults stopped: {} (bound {})",
        thousands(actions as u64),
        thousands(steps.len() as u64),
        each.join(", "),
        thousands(nothing),
        thousands(lost),
        thousands(shut_out[0]),
        thousands(shut_out[1]),
        percentiles(&steps),
        SETTLE_BOUND + LEARNING_BOUND
    )
}

// ---------------------------------------------------------------------------------------------
// Multi-Paxos.

/// One Multi-Paxos schedule's outcome.
#[derive(Debug, PartialEq, Eq)]
struct MultiRun {
    actions: usize,
    /// The slots every replica had applied once caught up after the faults, by kind: put, get,
    /// delete, no-op.
    applied: [u64; 4],
    /// Distinct leader ballots seen.
    leaders: usize,
    /// Steps after the faults stopped until every replica had applied every chosen slot.
    caught_up: usize,
    /// Steps after that until a command submitted then was applied by every replica.
    progress: usize,
}

impl MultiRun {
    /// Client commands applied (no-ops aside).
    fn commands(&self) -> u64 {
        self.applied[..3].iter().sum()
    }
}

fn multi(seed: u64) -> Result<MultiRun, Broke> {
    let schedule = multi_schedule(seed);
    let mut sim = start(&schedule)?;
    let mut leaders = BTreeSet::new();
    let drain = std::iter::repeat_n(&Op::Step, schedule.drain);
    for op in schedule.ops.iter().chain(drain) {
        if let Some(action) = resolve(&sim, op) {
            apply_checked(&mut sim, action)?;
            for (_, node) in sim.world().nodes() {
                if let Some(Role::Leader { ballot, .. }) = node.replica().map(|r| r.role()) {
                    leaders.insert(*ballot);
                }
            }
        }
    }
    stop_faults(&mut sim)?;
    let servers: Vec<NodeId> = (0..sim.node_count() as u32).map(NodeId).collect();
    let caught_up = steps_until(
        &mut sim,
        LEARNING_BOUND,
        "a replica has not applied every chosen slot",
        |s| {
            let chosen = s.checker().chosen().iter().map(|c| c.slot + 1).max();
            servers.iter().all(|&n| {
                s.replica(n)
                    .is_some_and(|r| r.applied_upto() >= chosen.unwrap_or(0))
            })
        },
    )?;
    // Every applied log is the same, then (the log-prefix check held all along).
    let logs: Vec<_> = servers
        .iter()
        .map(|&n| sim.replica(n).map(|r| r.applied().clone()))
        .collect();
    if logs.windows(2).any(|w| w[0] != w[1]) {
        return Err(Broke::violation(
            &sim,
            "the replicas applied different logs",
        ));
    }
    let mut applied = [0u64; 4];
    for entry in logs[0].iter().flatten() {
        applied[match entry.command.op {
            paxos_core::Op::Put { .. } => 0,
            paxos_core::Op::Get { .. } => 1,
            paxos_core::Op::Delete { .. } => 2,
            _ => 3,
        }] += 1;
    }
    // And the cluster makes progress: a command submitted now is applied everywhere.
    let report = apply_checked(
        &mut sim,
        Action::Submit {
            node: NodeId(0),
            request: put("soak", "after the faults"),
        },
    )?;
    let id = report
        .events
        .iter()
        .find_map(|e| match e {
            Event::Submitted { command, .. } => Some(command.id),
            _ => None,
        })
        .ok_or_else(|| Broke::other(&sim, "a submitted command got no id"))?;
    let progress = steps_until(
        &mut sim,
        LEARNING_BOUND,
        "a command submitted after the faults is not applied everywhere",
        |s| {
            servers.iter().all(|&n| {
                s.replica(n)
                    .is_some_and(|r| r.applied().iter().any(|a| a.command.id == id))
            })
        },
    )?;
    replays(&sim)?;
    Ok(MultiRun {
        actions: sim.log().len(),
        applied,
        leaders: leaders.len(),
        caught_up,
        progress,
    })
}

fn summarise_multi(runs: &[MultiRun]) -> String {
    let sum = |f: fn(&MultiRun) -> u64| runs.iter().map(f).sum::<u64>();
    let sorted = |f: fn(&MultiRun) -> usize| {
        let mut steps: Vec<usize> = runs.iter().map(f).collect();
        steps.sort_unstable();
        steps
    };
    let decided = runs.iter().filter(|r| r.commands() > 0).count();
    format!(
        "  actions: {}, every rule checked after each; every passing run's log replayed identically\n  \
         decided: {} schedules applied client commands ({} slots in all: {} put, {} get, {} delete, {} no-op); \
         {} leader ballots\n  \
         termination: every replica applied every chosen slot; steps after the faults stopped: {} (bound {})\n  \
         progress: then a new command was applied by every replica; steps: {} (bound {})",
        thousands(sum(|r| r.actions as u64)),
        thousands(decided as u64),
        thousands(sum(|r| r.applied.iter().sum())),
        thousands(sum(|r| r.applied[0])),
        thousands(sum(|r| r.applied[1])),
        thousands(sum(|r| r.applied[2])),
        thousands(sum(|r| r.applied[3])),
        thousands(sum(|r| r.leaders as u64)),
        percentiles(&sorted(|r| r.caught_up)),
        LEARNING_BOUND,
        percentiles(&sorted(|r| r.progress)),
        LEARNING_BOUND
    )
}

// ---------------------------------------------------------------------------------------------
// Two-phase commit.

/// One two-phase-commit schedule's outcome.
#[derive(Debug, PartialEq, Eq)]
struct TwoPhaseRun {
    actions: usize,
    transactions: u64,
    committed: u64,
    aborted: u64,
    /// Forgotten by the coordinator in a crash before it decided, with nobody uncertain (so
    /// nobody asked; every participant aborted on its own or never heard of it).
    forgotten: u64,
    /// Yes-voters still uncertain when the faults stopped.
    uncertain: u64,
    /// Steps after the faults stopped until every participant had decided every transaction.
    decided: usize,
    /// Steps after the faults stopped until nothing was left in flight or pending.
    quiet: usize,
}

fn resolve_tx(sim: &Simulation, op: &TxOp) -> Option<Action> {
    match op {
        TxOp::Begin => sim.is_up(C).then_some(Action::Transaction { node: C }),
        TxOp::Any(op) => resolve(sim, op),
    }
}

fn two_phase(seed: u64) -> Result<TwoPhaseRun, Broke> {
    let schedule = two_phase_schedule(seed);
    let mut sim = start(&schedule)?;
    for op in &schedule.ops {
        if let Some(action) = resolve_tx(&sim, op) {
            apply_checked(&mut sim, action)?;
        }
    }
    let ps = participants(&sim);
    let begun = sim.snapshot().counters.transactions;
    let each = |sim: &Simulation| -> Vec<(u64, NodeId, Option<TxState>)> {
        (1..=begun)
            .flat_map(|tx| ps.iter().map(move |&p| (tx, p)))
            .map(|(tx, p)| (tx, p, tx_state(sim, p, tx)))
            .collect()
    };
    let uncertain = each(&sim)
        .iter()
        .filter(|(_, _, s)| *s == Some(TxState::Uncertain))
        .count() as u64;
    stop_faults(&mut sim)?;
    let decided = steps_until(
        &mut sim,
        DECIDE_BOUND,
        "a participant has not decided",
        |s| {
            each(s)
                .iter()
                .all(|(_, _, state)| !matches!(state, Some(TxState::Working | TxState::Uncertain)))
        },
    )?;
    let mut quiet = decided;
    while !sim.is_idle() {
        if quiet == QUIET_BOUND {
            let what = format!("still busy {QUIET_BOUND} steps after the faults stopped");
            return Err(Broke::stuck(&sim, what));
        }
        apply_checked(&mut sim, Action::Step)?;
        quiet += 1;
    }
    // Every yes-voter's outcome is the coordinator's logged decision; a commit had a yes from
    // every participant.
    let (mut committed, mut aborted, mut forgotten) = (0, 0, 0);
    for tx in 1..=begun {
        let votes: Vec<Option<bool>> = ps.iter().map(|&p| vote(&sim, p, tx)).collect();
        let logged = decision(&sim, C, tx);
        let mut any_commit = false;
        for (&p, &v) in ps.iter().zip(&votes) {
            let state = tx_state(&sim, p, tx);
            any_commit |= state == Some(TxState::Committed);
            if v == Some(true) {
                let outcome = match state {
                    Some(TxState::Committed) => Some(true),
                    Some(TxState::Aborted) => Some(false),
                    _ => None,
                };
                if outcome.is_none() {
                    let what = format!("{p} voted yes on transaction {tx} and ended {state:?}");
                    return Err(Broke::stuck(&sim, what));
                }
                if outcome != logged {
                    let what = format!(
                        "{p} voted yes on transaction {tx} and ended {state:?}, the coordinator's decision being {logged:?}"
                    );
                    return Err(Broke::violation(&sim, what));
                }
            }
        }
        if any_commit || logged == Some(true) {
            if votes.iter().any(|&v| v != Some(true)) {
                let what = format!("transaction {tx} committed with votes {votes:?}");
                return Err(Broke::violation(&sim, what));
            }
            committed += 1;
        } else if logged == Some(false) {
            aborted += 1;
        } else {
            forgotten += 1;
        }
    }
    replays(&sim)?;
    Ok(TwoPhaseRun {
        actions: sim.log().len(),
        transactions: begun,
        committed,
        aborted,
        forgotten,
        uncertain,
        decided,
        quiet,
    })
}

fn summarise_two_phase(runs: &[TwoPhaseRun]) -> String {
    let sum = |f: fn(&TwoPhaseRun) -> u64| thousands(runs.iter().map(f).sum::<u64>());
    let sorted = |f: fn(&TwoPhaseRun) -> usize| {
        let mut steps: Vec<usize> = runs.iter().map(f).collect();
        steps.sort_unstable();
        steps
    };
    let decided = runs.iter().filter(|r| r.transactions > 0).count();
    format!(
        "  actions: {}, every rule checked after each; every passing run's log replayed identically\n  \
         decided: {} schedules began transactions, {} transactions in all: {} committed, {} aborted by the coordinator, \
         {} forgotten in a crash with nobody uncertain; {} yes-voters were uncertain when the faults stopped\n  \
         termination: every participant decided every transaction; steps after the faults stopped: {} (bound {}); \
         at rest after: {} (bound {})",
        sum(|r| r.actions as u64),
        thousands(decided as u64),
        sum(|r| r.transactions),
        sum(|r| r.committed),
        sum(|r| r.aborted),
        sum(|r| r.forgotten),
        sum(|r| r.uncertain),
        percentiles(&sorted(|r| r.decided)),
        DECIDE_BOUND,
        percentiles(&sorted(|r| r.quiet)),
        QUIET_BOUND
    )
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
