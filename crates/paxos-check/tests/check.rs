//! The model checker: pinned state counts (so a change in the model is noticed), every broken
//! rule found with its shortest counterexample, the correct protocols clean, and every path
//! found replaying in the simulator to a state where the same check fires.

use paxos_check::property::Expect;
use paxos_check::report::Report;
use paxos_check::search::{Order, Search};
use paxos_check::shorten::shorten;
use paxos_check::{Bounds, Model};
use paxos_core::multi::replica::Role;
use paxos_core::{Config, Mode, NodeId, Rule, Sabotage, Simulation, VotePolicy};

fn run(config: Config, bounds: Bounds, order: Order, first: bool) -> Report {
    let model = Model::new(config, bounds).expect("a valid model");
    let mut search = Search::new(model, order).stop_at_violation(first);
    search.run_to_end();
    Report::of(&search, order)
}

fn one_proposer() -> (Config, Bounds) {
    let config = Config {
        proposers: 1,
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 1,
        max_rounds: 1,
        ..Bounds::default()
    };
    (config, bounds)
}

/// Every path of a report replays in the simulator, and a counterexample's replay breaks the
/// same rule there.
fn replays(report: &Report) {
    for verdict in &report.properties {
        let Some(path) = &verdict.path else { continue };
        let sim = Simulation::from_trace(&path.trace)
            .unwrap_or_else(|e| panic!("{}: the path does not replay: {e}", verdict.name));
        assert_eq!(sim.log().len() as u32, path.length, "{}", verdict.name);
        if verdict.name == "progress" {
            // Liveness: no rule of the simulator fires; the path ends with nothing chosen.
            assert!(
                sim.checker().chosen().is_empty(),
                "progress: chosen at the end"
            );
            continue;
        }
        if verdict.expect == Expect::Always {
            let rule: Rule = serde_json::from_value(serde_json::json!(verdict.name)).unwrap();
            assert!(
                sim.checker().violations().iter().any(|v| v.rule == rule),
                "{}: the simulator sees no violation at the end of the path",
                verdict.name
            );
            // ...and not one step earlier: the path ends where the rule breaks.
            let mut shorter = path.trace.clone();
            shorter.actions.pop();
            let before = Simulation::from_trace(&shorter).unwrap();
            assert!(before.checker().violations().iter().all(|v| v.rule != rule));
        }
    }
}

#[test]
fn unique_state_counts_are_pinned() {
    // One proposer, three acceptors, one learner, one client value, round 1.
    let (config, bounds) = one_proposer();
    let report = run(config.clone(), bounds.clone(), Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.counts.unique, 1_624);
    assert_eq!(report.counts.generated, 6_372);
    assert_eq!(report.counts.depth, 17);
    // Depth-first visits the same states (the graph is the same), in another order.
    let dfs = run(config, bounds, Order::DepthFirst, false);
    assert_eq!(dfs.counts.unique, 1_624);
    assert!(dfs.complete);

    // Multi-Paxos, three servers, one election, no command: the election alone.
    let multi = Config {
        mode: Mode::Multi,
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 0,
        max_rounds: 1,
        max_timeouts: 0,
        ..Bounds::default()
    };
    let report = run(multi, bounds, Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.counts.unique, 82);
    assert_eq!(report.violations(), 0);

    // Two-phase commit, three participants, one transaction, two time-outs.
    let twopc = Config {
        mode: Mode::TwoPhase,
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 1,
        ..Bounds::default()
    };
    let report = run(twopc, bounds, Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.counts.unique, 132_960);
    assert_eq!(report.violations(), 0);
    assert!(report.property("committed").unwrap().holds);
}

#[test]
fn correct_paxos_breaks_no_rule_and_can_choose_a_value() {
    let (config, mut bounds) = one_proposer();
    // A lost message and a repeated one too: still safe.
    bounds.max_drops = 1;
    bounds.max_duplicates = 1;
    let report = run(config, bounds, Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.violations(), 0, "{:#?}", report.properties);
    for name in ["agreement", "validity", "integrity", "promiseMonotonicity"] {
        let verdict = report.property(name).unwrap();
        assert!(verdict.holds && verdict.path.is_none(), "{name}");
        assert_eq!(verdict.verdict, "holds");
    }
    let chosen = report.property("valueChosen").unwrap();
    assert!(chosen.holds);
    // Shortest: the request, two prepares, two promises, two accepts.
    assert_eq!(chosen.path.as_ref().unwrap().length, 7);
    replays(&report);
}

/// Each broken rule of Basic Paxos, with the bounds it needs and the length of the shortest
/// counterexample breadth-first search finds.
#[test]
fn every_broken_rule_is_found_with_a_shortest_counterexample() {
    let cases = [
        (Sabotage::AcceptorIgnoresPromises, 0, "agreement", 14),
        (Sabotage::ProposerIgnoresAcceptedValues, 0, "agreement", 14),
        (Sabotage::SharedBallots, 0, "agreement", 14),
        (Sabotage::SkipPhaseOne, 0, "agreement", 6),
        (Sabotage::SmallQuorum, 0, "agreement", 11),
        (
            Sabotage::AcceptorForgetsOnRestart,
            1,
            "promiseMonotonicity",
            6,
        ),
    ];
    for (sabotage, crashes, rule, length) in cases {
        let config = Config {
            sabotage: Some(sabotage),
            ..Config::default()
        };
        let bounds = Bounds {
            max_rounds: 1,
            max_crashes: crashes,
            requests: 2,
            max_states: 0,
            ..Bounds::default()
        };
        let report = run(config, bounds, Order::BreadthFirst, true);
        let verdict = report.property(rule).unwrap();
        assert!(!verdict.holds, "{sabotage:?}: {rule} not violated");
        assert_eq!(verdict.verdict, "violated");
        let path = verdict.path.as_ref().unwrap();
        assert_eq!(path.length, length, "{sabotage:?}: {:#?}", path.steps);
        assert!(path.detail.is_some());
        assert!(report.violations() >= 1);
        replays(&report);
    }
}

#[test]
fn two_phase_commit_blocks_and_its_broken_rule_is_found() {
    let config = Config {
        mode: Mode::TwoPhase,
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 1,
        max_crashes: 1,
        max_timeouts: 0,
        ..Bounds::default()
    };
    let report = run(config.clone(), bounds.clone(), Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.violations(), 0);
    // The transaction, a yes vote, the coordinator's crash: stuck.
    let blocked = report.property("blocked").unwrap();
    assert_eq!(blocked.path.as_ref().unwrap().length, 3);
    replays(&report);

    let broken = Config {
        sabotage: Some(Sabotage::CoordinatorIgnoresVotes),
        votes: vec![VotePolicy::Yes, VotePolicy::No],
        ..config
    };
    let report = run(broken, bounds, Order::BreadthFirst, true);
    let verdict = report.property("commitValidity").unwrap();
    assert!(!verdict.holds);
    assert_eq!(verdict.path.as_ref().unwrap().length, 5);
    replays(&report);
}

#[test]
fn depth_first_finds_a_violation_too() {
    let config = Config {
        sabotage: Some(Sabotage::SkipPhaseOne),
        ..Config::default()
    };
    let bounds = Bounds {
        max_rounds: 1,
        requests: 2,
        ..Bounds::default()
    };
    let report = run(config, bounds, Order::DepthFirst, true);
    let verdict = report.property("agreement").unwrap();
    assert!(!verdict.holds);
    assert!(verdict.path.as_ref().unwrap().length >= 6);
    replays(&report);
}

/// Membership changed without consensus (Multi-Paxos): the last server, asked to remove the
/// other two, believes it is a majority alone, while the first two are still a majority of
/// the three. Each side elects a leader and chooses its own command for slot 1. The path is
/// too deep for breadth-first search (3,000,000 states reach only depth 10), so it is found
/// depth-first and shortened.
#[test]
fn membership_without_consensus_chooses_two_commands_for_one_slot() {
    let config = Config {
        mode: Mode::Multi,
        revision: 3,
        sabotage: Some(Sabotage::MembershipWithoutConsensus),
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 4,
        max_rounds: 2,
        max_timeouts: 0,
        max_in_flight: 8,
        max_states: 100_000,
        ..Bounds::default()
    };
    let report = run(config, bounds, Order::DepthFirst, true);
    let agreement = report.property("agreement").unwrap();
    assert_eq!(agreement.verdict, "violated");
    let path = agreement.path.as_ref().unwrap();
    assert_eq!((path.length, path.shortened_from), (18, Some(25)));
    let removals = path.steps.iter().filter(|s| s.contains("submits remove"));
    assert_eq!(removals.count(), 2, "{:#?}", path.steps);
    replays(&report);
    // The same rule is not broken with membership changed through the log: the removals are
    // then commands, chosen by a majority of the old membership.
    let mut safe = report.config.clone();
    safe.sabotage = None;
    let model = Model::new(safe, report.bounds.clone()).unwrap();
    let mut search = Search::new(model, Order::DepthFirst);
    search.run_to_end();
    assert!(!search.violated());
}

/// Shortening leaves a shortest path as it is, and a depth-first one no shorter than that.
#[test]
fn a_shortened_path_is_no_shorter_than_a_shortest_one() {
    let config = Config {
        sabotage: Some(Sabotage::SkipPhaseOne),
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 2,
        ..Bounds::default()
    };
    let model = Model::new(config, bounds).unwrap();
    let mut bfs = Search::new(model.clone(), Order::BreadthFirst).stop_at_violation(true);
    bfs.run_to_end();
    let agreement = (bfs.properties().iter())
        .position(|p| p.rule() == Some(Rule::Agreement))
        .unwrap();
    let found = bfs.found()[agreement].as_ref().unwrap();
    let (steps, _) = bfs.path(found.index).unwrap();
    assert_eq!(steps.len(), 6);
    let (same, _) = shorten(&model, &steps, Rule::Agreement).unwrap();
    assert_eq!(same, steps);
    // Depth-first, shortened: no shorter than the shortest.
    let dfs = run(
        model.config().clone(),
        model.bounds().clone(),
        Order::DepthFirst,
        true,
    );
    let path = dfs.property("agreement").unwrap().path.clone().unwrap();
    assert!(path.length >= 6, "{path:#?}");
    // A path that does not break the rule is refused.
    assert!(shorten(&model, &steps[..steps.len() - 1], Rule::Agreement).is_none());
}

#[test]
fn the_same_check_gives_the_same_result() {
    let config = Config {
        sabotage: Some(Sabotage::SkipPhaseOne),
        ..Config::default()
    };
    let bounds = Bounds {
        max_rounds: 1,
        requests: 2,
        ..Bounds::default()
    };
    let one = run(config.clone(), bounds.clone(), Order::BreadthFirst, false);
    let two = run(config, bounds, Order::BreadthFirst, false);
    assert_eq!(one.counts, two.counts);
    assert_eq!(
        serde_json::to_string(&one.properties).unwrap(),
        serde_json::to_string(&two.properties).unwrap()
    );
}

#[test]
fn a_state_bound_stops_the_search_and_says_so() {
    let config = Config::default();
    let bounds = Bounds {
        max_states: 500,
        requests: 2,
        ..Bounds::default()
    };
    let report = run(config, bounds, Order::BreadthFirst, false);
    assert!(!report.complete && report.counts.truncated);
    assert!(report.counts.unique >= 500 && report.counts.unique < 600);
    let agreement = report.property("agreement").unwrap();
    assert_eq!(agreement.verdict, "holds so far");
    // A sometimes property not reached in a partial search is not counted as failed.
    assert_eq!(report.violations(), 0);
}

#[test]
fn bad_models_are_refused_with_the_reason() {
    let cases: [(Config, Bounds, &str); 4] = [
        (
            Config {
                acceptors: 2,
                ..Config::default()
            },
            Bounds::default(),
            "acceptors",
        ),
        (
            Config::default(),
            Bounds {
                max_rounds: 0,
                ..Bounds::default()
            },
            "maxRounds must be 1 to 8",
        ),
        (
            Config::default(),
            Bounds {
                requests: 3,
                ..Bounds::default()
            },
            "room for 2 client requests, not 3",
        ),
        (
            Config {
                mode: Mode::TwoPhase,
                votes: vec![VotePolicy::Random],
                ..Config::default()
            },
            Bounds::default(),
            "random votes",
        ),
    ];
    for (config, bounds, expected) in cases {
        let err = Model::new(config, bounds).unwrap_err();
        assert!(err.contains(expected), "{err}");
    }
    let err = serde_json::from_str::<Bounds>(r#"{"maxDrop": 1}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `maxDrop`"), "{err}");
}

/// Progress, the liveness property: a single acceptor is a single point of failure. Its crash,
/// before anything is proposed, leaves no way to choose a value however long one waits.
#[test]
fn a_single_acceptor_is_stuck_after_its_crash() {
    for proposers in [1, 2] {
        let config = Config {
            proposers,
            acceptors: 1,
            sabotage: Some(Sabotage::SingleAcceptor),
            ..Config::default()
        };
        let bounds = Bounds {
            requests: proposers,
            max_rounds: 1,
            max_crashes: 1,
            max_states: 0,
            ..Bounds::default()
        };
        let report = run(config, bounds, Order::BreadthFirst, false);
        assert!(report.complete);
        // Safety holds: the design is only stuck, never wrong.
        for name in ["agreement", "validity", "integrity", "promiseMonotonicity"] {
            assert!(report.property(name).unwrap().holds, "{name}");
        }
        let progress = report.property("progress").unwrap();
        assert!(!progress.holds);
        assert_eq!(progress.verdict, "violated");
        let path = progress.path.as_ref().unwrap();
        assert_eq!(path.steps, ["crash A1"], "{proposers} proposers");
        assert!(path.detail.as_ref().unwrap().starts_with("stuck"));
        assert_eq!(report.violations(), 1);
        replays(&report);
    }
}

/// Progress past the round bound: acceptors that keep the first value they see split their
/// votes when one of them is down (A2 for red, A3 for blue), and no later round can mend it.
/// The split forms only once round 1 is spent, so the check looks one round further from the
/// quiet states at the bound (`extra_round`); the simulator, retrying with no round bound and
/// nothing lost, confirms that no value is ever chosen.
#[test]
fn accept_first_value_splits_the_vote_for_good() {
    let config = Config {
        proposers: 2,
        sabotage: Some(Sabotage::AcceptFirstValue),
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 2,
        max_rounds: 1,
        max_crashes: 1,
        max_states: 0,
        ..Bounds::default()
    };
    let report = run(config, bounds, Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.counts.unique, 289_442);
    for name in ["agreement", "validity", "integrity", "promiseMonotonicity"] {
        assert!(report.property(name).unwrap().holds, "{name}");
    }
    let progress = report.property("progress").unwrap();
    assert_eq!(progress.verdict, "violated");
    let path = progress.path.as_ref().unwrap();
    assert_eq!(path.length, 13, "{:#?}", path.steps);
    assert_eq!(path.steps[0], "crash A1");
    assert!(path.detail.as_ref().unwrap().contains("one more round"));
    replays(&report);
    // The simulator from there: retries in round after round, nothing lost, nothing chosen.
    let mut sim = Simulation::from_trace(&path.trace).unwrap();
    let start = sim.now();
    while sim.now() < start + 2_000 && !sim.is_idle() {
        sim.step().unwrap();
    }
    let rounds = sim
        .world()
        .nodes()
        .filter_map(|(_, n)| n.proposer())
        .map(|p| p.last_round())
        .max();
    assert!(rounds > Some(3), "the proposers retried: {rounds:?}");
    assert!(sim.checker().chosen().is_empty());
}

/// Correct Paxos makes progress where it can: with a crash (three acceptors survive one), and
/// with a lost and a repeated message.
#[test]
fn correct_paxos_can_always_still_choose() {
    let (config, mut bounds) = one_proposer();
    bounds.max_crashes = 1;
    bounds.max_timeouts = 0;
    bounds.max_in_flight = 6;
    bounds.max_states = 0;
    let report = run(config.clone(), bounds, Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.counts.unique, 284_176);
    assert_eq!(report.property("progress").unwrap().verdict, "holds");
    let (_, mut bounds) = one_proposer();
    bounds.max_drops = 2;
    let report = run(config.clone(), bounds, Order::BreadthFirst, false);
    assert_eq!(report.property("progress").unwrap().verdict, "holds");
    // A lost message can leave the proposer stuck at the round bound; one more round, past
    // the bound, gets a value chosen from each such state (53 states searched for 15).
    assert_eq!(report.counts.past_bound, 53);
    // A search cut short decides nothing about progress.
    let (_, mut bounds) = one_proposer();
    bounds.max_states = 100;
    let report = run(config.clone(), bounds, Order::BreadthFirst, false);
    assert!(!report.complete);
    let progress = report.property("progress").unwrap();
    assert!(progress.verdict.starts_with("not decided") && progress.path.is_none());
    // Two crashes are more than three acceptors are built to survive: progress is not asked.
    let (_, mut bounds) = one_proposer();
    bounds.max_crashes = 2;
    bounds.max_states = 10;
    let report = run(config, bounds, Order::BreadthFirst, false);
    assert!(report.property("progress").is_none());
}

/// A leader change is reachable in Multi-Paxos with two elections: S1 is elected, then S2's
/// election timer fires and S2 takes over, in 10 steps. With one election it is not asked.
#[test]
fn a_later_election_elects_a_new_leader() {
    let config = Config {
        mode: Mode::Multi,
        ..Config::default()
    };
    let bounds = Bounds {
        requests: 0,
        max_rounds: 2,
        max_timeouts: 0,
        max_in_flight: 4,
        max_states: 0,
        ..Bounds::default()
    };
    let report = run(config.clone(), bounds.clone(), Order::BreadthFirst, false);
    assert!(report.complete);
    assert_eq!(report.counts.unique, 1_933);
    let later = report.property("laterLeader").unwrap();
    assert_eq!(later.verdict, "reachable");
    let path = later.path.as_ref().unwrap();
    assert_eq!(path.length, 10, "{:#?}", path.steps);
    assert_eq!(path.steps[0], "fire S1's election timer");
    assert_eq!(path.steps[5], "fire S2's election timer");
    replays(&report);
    let sim = Simulation::from_trace(&path.trace).unwrap();
    // S2 leads, at a ballot of round 2 (S1 may not know yet that it was deposed).
    let leads = |id: u32| {
        sim.world()
            .node(NodeId(id))
            .and_then(|n| n.replica())
            .is_some_and(|r| matches!(r.role(), Role::Leader { ballot, .. } if ballot.round >= 2))
    };
    assert!(leads(1) && !leads(0));
    // One election: no leader change to look for.
    let one = Bounds {
        max_rounds: 1,
        ..bounds
    };
    let report = run(config, one, Order::BreadthFirst, false);
    assert!(report.property("laterLeader").is_none());
}
