//! Two-phase commit on the simulator: blocking when the coordinator crashes (and the same fault
//! against Multi-Paxos, which recovers by itself), seeded random schedules with faults checked
//! after every action and replayed, the broken coordinator caught by the checks, traces and
//! permalinks, and a measurement of how long each protocol is stuck.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{decision, participants, resolve, runner, tx_state, vote, Op};
use paxos_core::config::VotePolicy;
use paxos_core::multi::replica::Role;
use paxos_core::scenario::Scenario;
use paxos_core::sim::LossReason;
use paxos_core::twopc::TxState;
use paxos_core::{
    permalink, Action, Config, Event, LinkFaults, MessageKind, Mode, NodeId, Rule, Sabotage,
    Simulation, Trace,
};
use proptest::prelude::*;
use std::cell::Cell;

/// The coordinator of every two-phase-commit cluster.
const C: NodeId = NodeId(0);

/// Random schedules (the issue asks for at least 5,000; they are cheap).
const SCHEDULES: u32 = 10_000;

/// Whether every participant knows the outcome of `tx`.
fn all_know(sim: &Simulation, tx: u64) -> bool {
    participants(sim).iter().all(|&p| {
        matches!(
            tx_state(sim, p, tx),
            Some(TxState::Committed | TxState::Aborted)
        )
    })
}

fn violated(sim: &Simulation) -> Vec<Rule> {
    sim.checker().violations().iter().map(|v| v.rule).collect()
}

/// The one running Multi-Paxos server that leads, once every running server follows it.
fn settled_leader(sim: &Simulation) -> Option<NodeId> {
    let up: Vec<_> = sim
        .world()
        .nodes()
        .filter(|(_, n)| n.up)
        .filter_map(|(id, n)| Some((id, n.replica()?)))
        .collect();
    let leaders: Vec<_> = up
        .iter()
        .filter(|(_, r)| matches!(r.role(), Role::Leader { .. }))
        .collect();
    let [(leader, replica)] = leaders[..] else {
        return None;
    };
    let ballot = replica.leader_ballot();
    up.iter()
        .all(|(_, r)| r.leader_ballot() == ballot)
        .then_some(*leader)
}

/// Whether every running server has applied `n` client commands.
fn applied_everywhere(sim: &Simulation, n: usize) -> bool {
    sim.world()
        .nodes()
        .filter(|(_, node)| node.up)
        .filter_map(|(_, node)| node.replica())
        .all(|r| r.applied().iter().filter(|a| !a.command.is_noop()).count() >= n)
}

/// Steps until `done`, at most `max` steps (or until nothing is due); returns how many steps
/// it took, if it happened.
fn steps_until(
    sim: &mut Simulation,
    max: usize,
    done: impl Fn(&Simulation) -> bool,
) -> Option<usize> {
    for taken in 0..=max {
        if done(sim) {
            return Some(taken);
        }
        if taken < max && sim.step().is_err() {
            // Nothing is due any more: it will not happen.
            return None;
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Blocking, and the same fault against Multi-Paxos.

/// A participant's query, lost because the coordinator is down.
fn lost_query(event: &Event) -> bool {
    match event {
        Event::Lost {
            to, kind, reason, ..
        } => *to == C && *kind == MessageKind::Query && *reason == LossReason::ReceiverDown,
        _ => false,
    }
}

#[test]
fn participants_stay_uncertain_while_the_coordinator_is_down_and_learn_abort_after_it_restarts() {
    let mut sim = Scenario::TwoPhaseBlocked.open().unwrap();
    assert!(
        !sim.is_up(C),
        "the opening ends with the coordinator crashed"
    );
    let tx = 1;
    assert_eq!(decision(&sim, C, tx), None, "it crashed before deciding");
    let ps = participants(&sim);
    assert_eq!(ps.len(), 3);
    let mut queries_lost = 0;
    for _ in 0..1_000 {
        // Something is always due (the participants' re-asking), so Play never stops...
        let report = sim.step().expect("the uncertain participants keep asking");
        queries_lost += report.events.iter().filter(|e| lost_query(e)).count();
        // ...and nothing ever ends: every participant voted yes and can do nothing but wait.
        for &p in &ps {
            assert_eq!(tx_state(&sim, p, tx), Some(TxState::Uncertain), "{p}");
        }
        assert!(violated(&sim).is_empty(), "blocking breaks no safety rule");
    }
    assert!(
        queries_lost >= 3,
        "their queries are lost at the crashed coordinator ({queries_lost})"
    );
    let snap = sim.snapshot();
    assert!(ps.iter().all(|p| snap.nodes[p.0 as usize]
        .participant
        .as_ref()
        .unwrap()
        .uncertain));

    sim.apply(Action::Restart { node: C }).unwrap();
    let after = steps_until(&mut sim, 400, |s| all_know(s, tx));
    let after = after.expect("every participant learns the outcome soon after the restart");
    println!("after the restart every participant knew the outcome within {after} steps");
    for &p in &ps {
        assert_eq!(
            tx_state(&sim, p, tx),
            Some(TxState::Aborted),
            "presumed abort"
        );
    }
    assert_eq!(decision(&sim, C, tx), Some(false));
    assert!(violated(&sim).is_empty());
    // And then everything comes to rest: every participant acknowledged, no timer is left.
    assert!(steps_until(&mut sim, 1_000, Simulation::is_idle).is_some());
}

#[test]
fn a_multi_paxos_leader_crash_recovers_by_itself() {
    let mut sim = Scenario::LeaderCrash.open().unwrap();
    let crashed: Vec<NodeId> = (0..3).map(NodeId).filter(|&n| !sim.is_up(n)).collect();
    let [old] = crashed[..] else {
        panic!("exactly the leader is down: {crashed:?}")
    };
    let elected = steps_until(&mut sim, 400, |s| settled_leader(s).is_some())
        .expect("a new leader within 400 steps, with the old one still down");
    let new = settled_leader(&sim).unwrap();
    assert_ne!(new, old);
    assert!(!sim.is_up(old));
    let applied = steps_until(&mut sim, 1_000, |s| applied_everywhere(s, 2))
        .expect("both commands applied on the running servers");
    println!(
        "Multi-Paxos: new leader after {elected} steps, both commands after {} more",
        applied
    );
    assert!(violated(&sim).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Random schedules.

/// One operation of a two-phase-commit schedule.
#[derive(Clone, Debug)]
enum TxOp {
    /// Anything the Paxos schedules do (proposals and submits resolve to nothing here).
    Any(Op),
    /// A client begins a transaction at the coordinator.
    Begin,
}

fn tx_op() -> impl Strategy<Value = TxOp> {
    prop_oneof![
        14 => Just(TxOp::Any(Op::Step)),
        4 => any::<usize>().prop_map(|i| TxOp::Any(Op::Deliver(i))),
        1 => any::<usize>().prop_map(|i| TxOp::Any(Op::Drop(i))),
        1 => any::<usize>().prop_map(|i| TxOp::Any(Op::Duplicate(i))),
        1 => any::<usize>().prop_map(|i| TxOp::Any(Op::Crash(i))),
        2 => any::<usize>().prop_map(|i| TxOp::Any(Op::Restart(i))),
        2 => Just(TxOp::Begin),
        // Lossy, duplicating, FIFO links (two-phase commit assumes no corruption).
        1 => (any::<usize>(), any::<usize>(), 0u16..600, 0u16..400, any::<bool>())
            .prop_map(|(a, b, loss, dup, fifo)| TxOp::Any(Op::Link(a, b, loss, dup, fifo))),
        1 => any::<u16>().prop_map(|bits| TxOp::Any(Op::Split(bits))),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| TxOp::Any(Op::Cut(a, b))),
        1 => Just(TxOp::Any(Op::Heal)),
    ]
}

fn policy() -> impl Strategy<Value = VotePolicy> {
    prop_oneof![
        3 => Just(VotePolicy::Yes),
        1 => Just(VotePolicy::No),
        2 => Just(VotePolicy::Random),
    ]
}

fn tx_config() -> impl Strategy<Value = Config> {
    (2u32..=8, 1u64..=4, 0u64..=12, 10u64..=80, any::<bool>()).prop_flat_map(
        |(participants, min_delay, spread, timeout, jitter)| {
            prop::collection::vec(policy(), 0..=participants as usize).prop_map(move |votes| {
                Config {
                    mode: Mode::TwoPhase,
                    participants,
                    votes,
                    min_delay,
                    max_delay: min_delay + spread,
                    timeout,
                    jitter,
                    ..Config::default()
                }
            })
        },
    )
}

fn tx_schedule() -> impl Strategy<Value = (Config, u32, Vec<TxOp>)> {
    (
        tx_config(),
        any::<u32>(),
        prop::collection::vec(tx_op(), 1..150),
    )
}

fn resolve_tx(sim: &Simulation, op: &TxOp) -> Option<Action> {
    match op {
        TxOp::Begin => sim.is_up(C).then_some(Action::Transaction { node: C }),
        TxOp::Any(op) => resolve(sim, op),
    }
}

/// Applies `action` and checks the rules right after it.
fn apply_checked(sim: &mut Simulation, action: Action) -> Result<(), TestCaseError> {
    let report = sim.apply(action).expect("a resolved action applies");
    let broken = sim.checker().violations();
    prop_assert!(broken.is_empty(), "step {}: {:?}", report.step, broken);
    Ok(())
}

/// What the schedules saw, for the printout.
#[derive(Default)]
struct Seen {
    schedules: Cell<u32>,
    actions: Cell<usize>,
    transactions: Cell<u64>,
    committed: Cell<u64>,
    aborted: Cell<u64>,
    /// Yes-voters still uncertain when the faults stopped (and all of them decided after).
    blocked: Cell<u64>,
    /// Transactions the coordinator forgot in a crash before deciding, with nobody uncertain
    /// about them, so nobody asked (they abort by presumption if anyone ever does).
    forgotten: Cell<u64>,
    /// Participants that never voted (the prepare was lost) and aborted: told by the
    /// coordinator, or giving up on their own.
    gave_up: Cell<u64>,
    /// Steps from the end of the faults to quiescence, the longest.
    longest_drain: Cell<usize>,
}

fn add(cell: &Cell<u64>, n: u64) {
    cell.set(cell.get() + n);
}

#[test]
fn no_schedule_breaks_atomicity_or_validity_and_every_participant_learns_the_outcome() {
    let seen = Seen::default();
    runner(SCHEDULES)
        .run(&tx_schedule(), |(config, seed, ops)| {
            let mut sim = Simulation::new(config.clone(), seed).expect("valid config");
            for op in &ops {
                if let Some(action) = resolve_tx(&sim, op) {
                    apply_checked(&mut sim, action)?;
                }
            }
            // The faults stop: heal, mend every link, restart every crashed node.
            let ps = participants(&sim);
            let begun = sim.snapshot().counters.transactions;
            let uncertain_now = (1..=begun)
                .flat_map(|tx| ps.iter().map(move |&p| (tx, p)))
                .filter(|&(tx, p)| tx_state(&sim, p, tx) == Some(TxState::Uncertain))
                .count() as u64;
            apply_checked(&mut sim, Action::Heal)?;
            let links: Vec<_> = sim.snapshot().network.links;
            for link in links {
                let (from, to) = (link.from, link.to);
                let faults = LinkFaults::default();
                apply_checked(&mut sim, Action::SetLink { from, to, faults })?;
            }
            let down: Vec<NodeId> = (0..sim.node_count() as u32)
                .map(NodeId)
                .filter(|&n| !sim.is_up(n))
                .collect();
            for node in down {
                apply_checked(&mut sim, Action::Restart { node })?;
            }
            // Then it comes to rest by itself: nothing in flight, no timer pending.
            let mut drained = 0;
            while !sim.is_idle() {
                prop_assert!(
                    drained < 5_000,
                    "still busy 5,000 steps after the faults stopped"
                );
                apply_checked(&mut sim, Action::Step)?;
                drained += 1;
            }
            // Termination: every participant that voted yes knows the outcome, which is the
            // coordinator's logged decision; every other one that did its part knows it too.
            // Validity: a commit had a yes from everyone.
            for tx in 1..=begun {
                let votes: Vec<Option<bool>> = ps.iter().map(|&p| vote(&sim, p, tx)).collect();
                let mut committed = false;
                for (&p, &v) in ps.iter().zip(&votes) {
                    let s = tx_state(&sim, p, tx);
                    if v == Some(true) {
                        let outcome = match s {
                            Some(TxState::Committed) => true,
                            Some(TxState::Aborted) => false,
                            other => {
                                return Err(TestCaseError::fail(format!(
                                    "{p} voted yes on {tx} and is left {other:?}"
                                )))
                            }
                        };
                        prop_assert_eq!(Some(outcome), decision(&sim, C, tx), "{} on {}", p, tx);
                    }
                    // One never asked to vote does not wait for ever either: it gives up.
                    prop_assert!(s != Some(TxState::Working), "{} still working on {}", p, tx);
                    if v.is_none() && s == Some(TxState::Aborted) {
                        add(&seen.gave_up, 1);
                    }
                    committed |= s == Some(TxState::Committed);
                }
                if committed || decision(&sim, C, tx) == Some(true) {
                    prop_assert!(
                        votes.iter().all(|&v| v == Some(true)),
                        "tx {}: {:?}",
                        tx,
                        votes
                    );
                    add(&seen.committed, 1);
                } else if decision(&sim, C, tx) == Some(false) {
                    add(&seen.aborted, 1);
                } else {
                    add(&seen.forgotten, 1);
                }
            }
            seen.schedules.set(seen.schedules.get() + 1);
            seen.actions.set(seen.actions.get() + sim.log().len());
            add(&seen.transactions, begun);
            add(&seen.blocked, uncertain_now);
            seen.longest_drain
                .set(seen.longest_drain.get().max(drained));
            // Determinism: the log, through JSON, replays to the identical simulation.
            let json = serde_json::to_string(&sim.trace()).expect("serialise");
            let parsed: Trace = serde_json::from_str(&json).expect("parse");
            let again = Simulation::from_trace(&parsed).expect("replay");
            prop_assert_eq!(&again.snapshot(), &sim.snapshot());
            prop_assert!(again == sim, "replay differs beyond the snapshot");
            Ok(())
        })
        .unwrap();
    println!(
        "2PC: {} schedules, {} actions, {} transactions ({} committed, {} aborted by the \
         coordinator, {} forgotten in a crash with nobody uncertain); {} yes-voters were \
         uncertain when the faults stopped and all learned the outcome; {} participants never \
         voted and aborted (told, or giving up); quiescent at most {} steps later",
        seen.schedules.get(),
        seen.actions.get(),
        seen.transactions.get(),
        seen.committed.get(),
        seen.aborted.get(),
        seen.forgotten.get(),
        seen.blocked.get(),
        seen.gave_up.get(),
        seen.longest_drain.get()
    );
    assert_eq!(seen.schedules.get(), SCHEDULES);
    // Not vacuous: the schedules commit, abort, and leave participants blocked by faults.
    assert!(seen.committed.get() > u64::from(SCHEDULES) / 10);
    assert!(seen.aborted.get() > u64::from(SCHEDULES) / 10);
    assert!(seen.blocked.get() > 100);
}

// ---------------------------------------------------------------------------------------------
// The broken coordinator.

#[test]
fn a_coordinator_that_commits_on_a_majority_is_caught_on_most_seeds() {
    let scenario = Scenario::Broken(Sabotage::CoordinatorIgnoresVotes);
    let mut caught = 0;
    let mut both = 0;
    for seed in 0..1_000 {
        let mut sim = scenario.open_with(seed).unwrap();
        let fired = |s: &Simulation| {
            violated(s)
                .iter()
                .any(|r| matches!(r, Rule::Atomicity | Rule::CommitValidity))
        };
        if steps_until(&mut sim, 200, fired).is_some() {
            caught += 1;
            // Run on until the commit reaches the yes-voters: then atomicity fires too.
            steps_until(&mut sim, 400, |s| violated(s).contains(&Rule::Atomicity));
            let rules = violated(&sim);
            if rules.contains(&Rule::Atomicity) && rules.contains(&Rule::CommitValidity) {
                both += 1;
            }
        }
    }
    println!(
        "CoordinatorIgnoresVotes: caught within 200 steps in {caught} of 1,000 seeds \
         (atomicity and commit validity both in {both})"
    );
    assert!(caught > 500, "caught in only {caught}");
    // The control: the same openings with a correct coordinator abort everywhere, safely.
    for seed in 0..200 {
        let config = Config {
            sabotage: None,
            ..scenario.config()
        };
        let mut sim = Simulation::new(config, seed).unwrap();
        sim.apply(Action::Transaction { node: C }).unwrap();
        assert!(steps_until(&mut sim, 2_000, Simulation::is_idle).is_some());
        assert!(violated(&sim).is_empty(), "seed {seed}");
        assert_eq!(decision(&sim, C, 1), Some(false));
        assert!(all_know(&sim, 1));
    }
}

#[test]
fn the_checks_fire_exactly_when_the_broken_coordinator_commits_too_early() {
    // Random votes, 2 to 8 participants, no faults. Commit validity must fire exactly when the
    // coordinator decides commit before every participant has voted yes, and atomicity exactly
    // when it commits over a no.
    let (mut early, mut over_a_no, mut runs) = (0, 0, 0);
    for seed in 0..1_000u32 {
        let n = 2 + seed % 7;
        let config = Config {
            mode: Mode::TwoPhase,
            participants: n,
            votes: vec![VotePolicy::Random; n as usize],
            sabotage: Some(Sabotage::CoordinatorIgnoresVotes),
            ..Config::default()
        };
        let mut sim = Simulation::new(config, seed).unwrap();
        let mut events = sim.apply(Action::Transaction { node: C }).unwrap().events;
        while let Ok(report) = sim.step() {
            events.extend(report.events);
        }
        let (mut yes, mut no, mut committed_early) = (0, 0, false);
        for event in &events {
            match *event {
                Event::Voted { yes: true, .. } => yes += 1,
                Event::Voted { yes: false, .. } => no += 1,
                Event::Decided { commit: true, .. } => committed_early = yes < n,
                _ => {}
            }
        }
        let committed = decision(&sim, C, 1) == Some(true);
        let rules = violated(&sim);
        assert_eq!(
            rules.contains(&Rule::CommitValidity),
            committed_early,
            "seed {seed}: {rules:?}"
        );
        assert_eq!(
            rules.contains(&Rule::Atomicity),
            committed && no > 0,
            "seed {seed}: {rules:?}"
        );
        early += u32::from(committed_early);
        over_a_no += u32::from(committed && no > 0);
        runs += 1;
    }
    println!(
        "CoordinatorIgnoresVotes, random votes, 2-8 participants: {runs} runs; commit before \
         every yes in {early} (commit validity fired in exactly those), commit over a no in \
         {over_a_no} (atomicity fired in exactly those)"
    );
    assert!(early > 0 && early < runs && over_a_no > 0);
}

// ---------------------------------------------------------------------------------------------
// Traces and permalinks.

/// A two-phase-commit run with a bit of everything: random votes, crashes, a lossy link.
fn eventful_run() -> Simulation {
    let config = Config {
        mode: Mode::TwoPhase,
        participants: 4,
        votes: vec![VotePolicy::Random, VotePolicy::Yes, VotePolicy::Random],
        ..Config::default()
    };
    let mut sim = Simulation::new(config, 17).unwrap();
    let faults = LinkFaults {
        loss: 300,
        duplicate: 200,
        ..LinkFaults::default()
    };
    sim.apply(Action::SetLink {
        from: C,
        to: NodeId(2),
        faults,
    })
    .unwrap();
    for round in 0..6u32 {
        sim.apply(Action::Transaction { node: C }).unwrap();
        for _ in 0..15 {
            let _ = sim.step();
        }
        let node = NodeId(round % 5);
        sim.apply(Action::Crash { node }).unwrap();
        for _ in 0..10 {
            let _ = sim.step();
        }
        sim.apply(Action::Restart { node }).unwrap();
    }
    let first = sim.in_flight().next().map(|e| e.id);
    if let Some(id) = first {
        sim.apply(Action::Duplicate { id }).unwrap();
    }
    for _ in 0..40 {
        let _ = sim.step();
    }
    sim
}

#[test]
fn a_two_phase_run_round_trips_through_its_trace_and_its_permalink() {
    let sim = eventful_run();
    assert!(sim.snapshot().counters.decision > 0, "decisions were made");
    let trace = sim.trace();
    let json = serde_json::to_string(&trace).unwrap();
    assert!(json.contains(r#""mode":"twoPhase""#), "{json}");
    assert!(json.contains(r#""type":"transaction""#));
    let parsed: Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, trace);
    let again = Simulation::from_trace(&parsed).unwrap();
    assert_eq!(again.snapshot(), sim.snapshot());
    assert!(again == sim);

    let link = permalink::encode(&trace);
    assert!(link.starts_with(permalink::PREFIX), "{link}");
    let decoded = permalink::decode(&link).unwrap();
    assert_eq!(decoded, trace);
    assert!(Simulation::from_trace(&decoded).unwrap() == sim);
    println!(
        "a {}-action two-phase-commit run: a {}-character permalink",
        trace.actions.len(),
        link.len()
    );
    // The scenarios open from their traces too.
    for scenario in [
        Scenario::TwoPhaseBlocked,
        Scenario::LeaderCrash,
        Scenario::Broken(Sabotage::CoordinatorIgnoresVotes),
    ] {
        let opened = scenario.open().unwrap();
        let link = permalink::encode(&scenario.trace().unwrap());
        let reopened = Simulation::from_trace(&permalink::decode(&link).unwrap()).unwrap();
        assert!(reopened == opened, "{scenario:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The measurement the issue asks for.

/// How long something took: steps (actions) and logical time.
#[derive(Clone, Copy, Debug)]
struct Span {
    steps: usize,
    ticks: u64,
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} steps ({} ticks)", self.steps, self.ticks)
    }
}

/// Two-phase commit, the blocked scenario with the coordinator restarted `down` steps after
/// its crash (`None`: never, watched for `horizon` steps). Returns how long the participants
/// were blocked (from the crash until every one knows the outcome) and how much of that came
/// after the restart; `None` if the coordinator was never restarted (they are still blocked).
fn two_phase_blocked(seed: u32, down: Option<usize>, horizon: usize) -> Option<(Span, Span)> {
    let mut sim = Scenario::TwoPhaseBlocked.open_with(seed).unwrap();
    let crashed_at = sim.now();
    let early = steps_until(&mut sim, down.unwrap_or(horizon), |s| all_know(s, 1));
    assert_eq!(
        early, None,
        "seed {seed}: decided with the coordinator down"
    );
    assert!(participants(&sim)
        .iter()
        .all(|&p| tx_state(&sim, p, 1) == Some(TxState::Uncertain)));
    let down = down?;
    let restarted_at = sim.now();
    sim.apply(Action::Restart { node: C }).unwrap();
    let after = steps_until(&mut sim, horizon, |s| all_know(s, 1))
        .unwrap_or_else(|| panic!("seed {seed}: still blocked after the restart"));
    assert!(violated(&sim).is_empty());
    Some((
        Span {
            steps: down + after,
            ticks: sim.now() - crashed_at,
        },
        Span {
            steps: after,
            ticks: sim.now() - restarted_at,
        },
    ))
}

/// Multi-Paxos after the leader crash: how long until a new leader is settled, and until both
/// commands are applied on every running server, both counted from the crash.
fn multi_paxos_recovery(seed: u32) -> (Span, Span) {
    let mut sim = Scenario::LeaderCrash.open_with(seed).unwrap();
    let crashed_at = sim.now();
    let elected = steps_until(&mut sim, 5_000, |s| settled_leader(s).is_some())
        .unwrap_or_else(|| panic!("seed {seed}: no new leader"));
    let leader = Span {
        steps: elected,
        ticks: sim.now() - crashed_at,
    };
    let applied = steps_until(&mut sim, 5_000, |s| applied_everywhere(s, 2))
        .unwrap_or_else(|| panic!("seed {seed}: commands not applied"));
    assert!(violated(&sim).is_empty());
    let applied = Span {
        steps: elected + applied,
        ticks: sim.now() - crashed_at,
    };
    (leader, applied)
}

/// The median and the largest of some spans' steps.
fn spread(spans: &[Span]) -> String {
    let mut steps: Vec<usize> = spans.iter().map(|s| s.steps).collect();
    steps.sort_unstable();
    format!(
        "median {}, max {}",
        steps[steps.len() / 2],
        steps[steps.len() - 1]
    )
}

#[test]
fn measure_how_long_each_protocol_is_stuck_after_its_coordinator_or_leader_crashes() {
    // Printed, not asserted: the issue's closing note reports these numbers.
    let seed = Scenario::TwoPhaseBlocked.seed();
    assert_eq!(seed, Scenario::LeaderCrash.seed(), "the same seed");
    for down in [0, 100, 1_000] {
        let (blocked, after) = two_phase_blocked(seed, Some(down), 2_000).unwrap();
        println!(
            "2PC (seed {seed}): participants blocked for {blocked}: coordinator down for \
             {down} steps, decided {after} after restart"
        );
    }
    let horizon = 10_000;
    assert!(two_phase_blocked(seed, None, horizon).is_none());
    println!(
        "2PC (seed {seed}): coordinator never restarted: participants still blocked after {horizon} steps"
    );
    let (leader, applied) = multi_paxos_recovery(seed);
    println!(
        "Multi-Paxos (seed {seed}): new leader {leader} after the crash, commands applied after {applied}"
    );
    // The same over 200 seeds, to show the pinned one is typical.
    let after_restart: Vec<Span> = (0..200)
        .map(|s| two_phase_blocked(s, Some(100), 2_000).unwrap().1)
        .collect();
    let (leaders, applied): (Vec<Span>, Vec<Span>) = (0..200).map(multi_paxos_recovery).unzip();
    println!(
        "2PC over 200 seeds: blocked as long as the coordinator is down; decided {} steps after it restarts",
        spread(&after_restart)
    );
    println!(
        "Multi-Paxos over 200 seeds: new leader {} steps after the crash, commands applied {} steps after the crash",
        spread(&leaders),
        spread(&applied)
    );
}
