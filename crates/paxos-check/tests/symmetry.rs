//! Symmetry reduction: renaming interchangeable acceptors is a symmetry of the model (checked
//! state by state), the reduced search reaches the same verdicts with the same shortest
//! counterexamples, and its state counts are pinned.

use paxos_check::model::State;
use paxos_check::report::Report;
use paxos_check::search::{fingerprint, Order, Search};
use paxos_check::symmetry::{rename, Symmetry};
use paxos_check::{Bounds, Model};
use paxos_core::rename::Renaming;
use paxos_core::{Config, Mode, NodeId, Sabotage, VotePolicy};
use std::collections::{HashSet, VecDeque};

fn bounds(requests: u32, crashes: u32) -> Bounds {
    Bounds {
        requests,
        max_rounds: 1,
        max_crashes: crashes,
        max_states: 0,
        ..Bounds::default()
    }
}

fn with_symmetry(bounds: &Bounds) -> Bounds {
    Bounds {
        symmetry: true,
        ..bounds.clone()
    }
}

fn run(config: &Config, bounds: &Bounds, first: bool) -> Report {
    let model = Model::new(config.clone(), bounds.clone()).expect("a valid model");
    let mut search = Search::new(model, Order::BreadthFirst).stop_at_violation(first);
    search.run_to_end();
    Report::of(&search, Order::BreadthFirst)
}

/// The canonical fingerprints of a state's successors, as a sorted list, with whether each
/// step broke a rule.
fn successors(model: &Model, symmetry: &Symmetry, state: &State) -> Vec<(u64, usize)> {
    let mut out: Vec<(u64, usize)> = model
        .steps(state)
        .iter()
        .filter_map(|step| model.next(state, step, 1))
        .map(|next| (symmetry.fingerprint(&next.state), next.violations.len()))
        .collect();
    out.sort_unstable();
    out
}

/// Whether renaming `state` gives the same canonical fingerprint and the renamed successors.
fn commutes(model: &Model, symmetry: &Symmetry, state: &State, renaming: &Renaming) -> bool {
    let Some(other) = rename(state, renaming) else {
        return false;
    };
    symmetry.fingerprint(&other) == symmetry.fingerprint(state)
        && successors(model, symmetry, &other) == successors(model, symmetry, state)
}

/// Walks up to `limit` states of `config` (no reduction) and checks, in each, that every
/// renaming in the symmetry group (1) gives the same canonical fingerprint and (2) has the
/// renamed successors: the same multiset of canonical fingerprints and violations. This is
/// what makes the reduction sound.
fn renaming_commutes_with_every_step(config: Config, bounds: Bounds, limit: usize) -> usize {
    let model = Model::new(config, with_symmetry(&bounds)).expect("a valid model");
    let symmetry = model.symmetry().expect("a symmetry").clone();
    let group = symmetry.group();
    assert!(group.len() >= 2, "{:?}", symmetry.classes());
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([model.init().clone()]);
    seen.insert(fingerprint(model.init()));
    let mut checked = 0;
    while let Some(state) = queue.pop_front() {
        if checked == limit {
            break;
        }
        checked += 1;
        for renaming in &group {
            assert!(
                commutes(&model, &symmetry, &state, renaming),
                "renaming {renaming:?} does not commute with the steps of {:#?}",
                state.world
            );
        }
        for step in model.steps(&state) {
            if let Some(next) = model.next(&state, &step, 1) {
                if next.violations.is_empty() && seen.insert(fingerprint(&next.state)) {
                    queue.push_back(next.state);
                }
            }
        }
    }
    checked
}

#[test]
fn renaming_acceptors_is_a_symmetry_of_correct_paxos() {
    let config = Config {
        proposers: 2,
        ..Config::default()
    };
    assert_eq!(
        renaming_commutes_with_every_step(config, bounds(2, 0), 3_000),
        3_000
    );
    let faults = Bounds {
        max_drops: 1,
        max_duplicates: 1,
        ..bounds(1, 1)
    };
    let config = Config {
        proposers: 1,
        learners: 2,
        ..Config::default()
    };
    assert_eq!(
        renaming_commutes_with_every_step(config, faults, 3_000),
        3_000
    );
}

#[test]
fn renaming_acceptors_is_a_symmetry_of_the_broken_variants_it_is_offered_for() {
    for (sabotage, crashes) in [
        (Sabotage::AcceptorIgnoresPromises, 0),
        (Sabotage::ProposerIgnoresAcceptedValues, 0),
        (Sabotage::SkipPhaseOne, 0),
        (Sabotage::SmallQuorum, 0),
        (Sabotage::AcceptorForgetsOnRestart, 1),
    ] {
        let config = Config {
            sabotage: Some(sabotage),
            ..Config::default()
        };
        renaming_commutes_with_every_step(config, bounds(2, crashes), 1_500);
    }
}

#[test]
fn the_reduced_search_reaches_the_same_verdicts_and_shortest_paths() {
    // Correct Paxos, one proposer with a drop and a duplicate: the full and the reduced
    // search agree on every property and on the length of every example.
    let config = Config {
        proposers: 1,
        ..Config::default()
    };
    let faults = Bounds {
        max_drops: 1,
        max_duplicates: 1,
        ..bounds(1, 0)
    };
    let full = run(&config, &faults, false);
    let reduced = run(&config, &with_symmetry(&faults), false);
    assert!(full.complete && reduced.complete);
    assert!(reduced.counts.unique * 5 < full.counts.unique);
    let length = |v: &paxos_check::Verdict| v.path.as_ref().map(|p| p.length);
    assert_eq!(full.properties.len(), reduced.properties.len());
    for (a, b) in full.properties.iter().zip(&reduced.properties) {
        assert_eq!((&a.name, a.holds), (&b.name, b.holds));
        assert_eq!(length(a), length(b), "{}", a.name);
    }
    // Each broken variant, two proposers: the reduced search finds the same shortest
    // counterexample as the full one (whose lengths tests/check.rs pins), and it replays.
    for (sabotage, crashes, rule, steps) in [
        (Sabotage::AcceptorIgnoresPromises, 0, "agreement", 14),
        (Sabotage::ProposerIgnoresAcceptedValues, 0, "agreement", 14),
        (Sabotage::SkipPhaseOne, 0, "agreement", 6),
        (Sabotage::SmallQuorum, 0, "agreement", 11),
        (
            Sabotage::AcceptorForgetsOnRestart,
            1,
            "promiseMonotonicity",
            6,
        ),
    ] {
        let config = Config {
            sabotage: Some(sabotage),
            ..Config::default()
        };
        let reduced = run(&config, &with_symmetry(&bounds(2, crashes)), true);
        let verdict = reduced.property(rule).expect("the rule is checked");
        assert!(!verdict.holds, "{sabotage:?}");
        let path = verdict.path.as_ref().unwrap();
        assert_eq!(path.length, steps, "{sabotage:?}");
        paxos_core::Simulation::from_trace(&path.trace).expect("the path replays");
    }
}

#[test]
fn reduced_state_counts_are_pinned() {
    let one = Config {
        proposers: 1,
        ..Config::default()
    };
    let count = |config: &Config, bounds: Bounds| {
        let r = run(config, &with_symmetry(&bounds), false);
        assert!(r.complete && r.violations() == 0);
        r.counts.unique
    };
    // Without the reduction: 1,624 and 99,345 (tests/check.rs).
    assert_eq!(count(&one, bounds(1, 0)), 344);
    let faults = Bounds {
        max_drops: 1,
        max_duplicates: 1,
        ..bounds(1, 0)
    };
    assert_eq!(count(&one, faults), 17_842);
    // Five acceptors: 390,020 without it.
    let five = Config {
        proposers: 1,
        acceptors: 5,
        ..Config::default()
    };
    assert_eq!(count(&five, bounds(1, 0)), 6_481);
}

#[test]
fn the_reduction_is_refused_where_it_would_be_unsound() {
    let refused =
        |config: Config| Model::new(config, with_symmetry(&bounds(1, 0))).expect_err("refused");
    let multi = refused(Config {
        mode: Mode::Multi,
        ..Config::default()
    });
    assert!(
        multi.contains("Basic Paxos and two-phase commit only"),
        "{multi}"
    );
    let shared = refused(Config {
        sabotage: Some(Sabotage::SharedBallots),
        ..Config::default()
    });
    assert!(shared.contains("shared ballots"), "{shared}");
    let one = refused(Config {
        sabotage: Some(Sabotage::SingleAcceptor),
        acceptors: 1,
        ..Config::default()
    });
    assert!(one.contains("interchangeable"), "{one}");
}

#[test]
fn the_acceptors_form_one_class_and_nothing_else_is_permuted() {
    // Every acceptor of a correct cluster is in one class; proposers and learners are in none.
    let model = Model::new(Config::default(), with_symmetry(&bounds(1, 0))).unwrap();
    let classes = model.symmetry().unwrap().classes();
    assert_eq!(classes.len(), 1);
    assert_eq!(classes[0].len(), 3);
    assert!(classes[0]
        .iter()
        .all(|a| model.names()[a.0 as usize].starts_with('A')));
    // A renaming that is not in the group (a proposer swapped with an acceptor) changes the
    // canonical fingerprint of the start state.
    let symmetry = model.symmetry().unwrap();
    let n = model.init().world.len() as u32;
    let mut map: Vec<NodeId> = (0..n).map(NodeId).collect();
    let a = classes[0][0].0 as usize;
    map.swap(0, a);
    let swapped = Renaming::new(map).unwrap();
    let other = rename(model.init(), &swapped).unwrap();
    assert_ne!(
        symmetry.fingerprint(&other),
        symmetry.fingerprint(model.init())
    );
    // ...and the state-by-state check above catches it: it is no symmetry.
    assert!(!commutes(&model, symmetry, model.init(), &swapped));
    assert!(commutes(
        &model,
        symmetry,
        model.init(),
        &symmetry.group()[1]
    ));
}

fn two_phase(votes: Vec<VotePolicy>, sabotage: Option<Sabotage>) -> Config {
    Config {
        mode: Mode::TwoPhase,
        votes,
        sabotage,
        ..Config::default()
    }
}

#[test]
fn renaming_participants_is_a_symmetry_of_two_phase_commit() {
    // Correct two-phase commit with a crash, the broken coordinator, and participants split by
    // their votes: every renaming in the group commutes with every step, state by state.
    use VotePolicy::{No, Yes};
    let crash = bounds(1, 1);
    assert_eq!(
        renaming_commutes_with_every_step(two_phase(vec![], None), crash.clone(), 2_000),
        2_000
    );
    let broken = two_phase(vec![], Some(Sabotage::CoordinatorIgnoresVotes));
    renaming_commutes_with_every_step(broken, bounds(1, 0), 1_500);
    let split = two_phase(vec![Yes, No, Yes], None);
    renaming_commutes_with_every_step(split.clone(), crash, 1_500);
    // Participants that vote differently are in different classes: P1 and P3 only.
    let model = Model::new(split, with_symmetry(&bounds(1, 0))).unwrap();
    let classes = model.symmetry().unwrap().classes();
    let names = |class: &[NodeId]| -> Vec<String> {
        class
            .iter()
            .map(|n| model.names()[n.0 as usize].clone())
            .collect()
    };
    assert_eq!(classes.len(), 1);
    assert_eq!(names(&classes[0]), ["P1", "P3"]);
    // Swapping P1 (yes) with P2 (no) would be no symmetry, and the state-by-state check
    // catches it once the transaction's work is given out (the start state looks symmetric:
    // the votes are the configuration's).
    let symmetry = model.symmetry().unwrap();
    let request = model
        .steps(model.init())
        .into_iter()
        .find(|s| matches!(s, paxos_check::Step::Request(_)))
        .unwrap();
    let begun = model.next(model.init(), &request, 1).unwrap().state;
    let ids: Vec<NodeId> = model
        .init()
        .world
        .nodes()
        .filter(|(id, _)| ["P1", "P2"].contains(&model.names()[id.0 as usize].as_str()))
        .map(|(id, _)| id)
        .collect();
    let n = model.init().world.len() as u32;
    let mut map: Vec<NodeId> = (0..n).map(NodeId).collect();
    map.swap(ids[0].0 as usize, ids[1].0 as usize);
    let swapped = Renaming::new(map).unwrap();
    assert!(commutes(&model, symmetry, model.init(), &swapped));
    assert!(!commutes(&model, symmetry, &begun, &swapped));
    assert!(commutes(&model, symmetry, &begun, &symmetry.group()[1]));
}

#[test]
fn two_phase_commit_reduced_reaches_the_same_verdicts_with_fewer_states() {
    // Correct (pinned counts), participants split by their votes (two interchangeable of
    // three: at most half as many states), and the broken coordinator, stopped at its first
    // violation: the same verdicts and shortest paths.
    use VotePolicy::{No, Yes};
    for (config, first, full_count, reduced_count) in [
        (two_phase(vec![], None), false, 132_960, 23_844),
        (two_phase(vec![Yes, No, Yes], None), false, 0, 0),
        (
            two_phase(vec![], Some(Sabotage::CoordinatorIgnoresVotes)),
            true,
            0,
            0,
        ),
    ] {
        let bounds = bounds(1, 0);
        let full = run(&config, &bounds, first);
        let reduced = run(&config, &with_symmetry(&bounds), first);
        assert_eq!(full.complete, !first);
        assert_eq!(reduced.complete, !first);
        assert!(reduced.counts.unique < full.counts.unique);
        if full_count > 0 {
            assert_eq!(
                (full.counts.unique, reduced.counts.unique),
                (full_count, reduced_count)
            );
        }
        if first {
            assert!(full.violations() > 0 && reduced.violations() > 0);
        }
        let length = |v: &paxos_check::Verdict| v.path.as_ref().map(|p| p.length);
        assert_eq!(full.properties.len(), reduced.properties.len());
        for (a, b) in full.properties.iter().zip(&reduced.properties) {
            assert_eq!((&a.name, a.holds), (&b.name, b.holds), "{config:?}");
            assert_eq!(length(a), length(b), "{}", a.name);
        }
    }
}
