//! The catalogue of broken rules and the seeds' hard cases, each shown failing (or cured).
//!
//! For every scenario the pinned seed must show its point under plain stepping within 200
//! steps (the page's Play); and over 1,000 seeds each broken rule is caught by the checks, or
//! the run is declared stuck, with the median number of steps printed.
#![cfg(not(target_arch = "wasm32"))]

use paxos_core::scenario::Scenario;
use paxos_core::twopc::TxState;
use paxos_core::view::PhaseName;
use paxos_core::{Mode, NodeId, Rule, Sabotage, Simulation};

/// Whether no value can ever be chosen from here: every acceptor is crashed, or every acceptor
/// has accepted a value and no value has a quorum (the first-value acceptors never change).
fn stuck(sim: &Simulation, sabotage: Sabotage) -> bool {
    if !sim.checker().chosen().is_empty() {
        return false;
    }
    let acceptors = sim.acceptors();
    match sabotage {
        Sabotage::SingleAcceptor => acceptors.iter().all(|&a| !sim.is_up(a)),
        Sabotage::AcceptFirstValue => {
            let snap = sim.snapshot();
            let values: Vec<String> = acceptors
                .iter()
                .filter_map(|a| {
                    let acceptor = snap.nodes[a.0 as usize].acceptor.as_ref()?;
                    acceptor.accepted.as_ref().map(|p| p.value.clone())
                })
                .collect();
            let needed = snap.majority;
            values.len() == acceptors.len()
                && values
                    .iter()
                    .all(|v| values.iter().filter(|w| *w == v).count() < needed)
        }
        _ => false,
    }
}

/// Steps until the broken rule shows (a violation, or stuck); returns the step it showed at.
fn shows(sim: &mut Simulation, sabotage: Sabotage, max: usize) -> Option<u64> {
    for _ in 0..max {
        let broken = if sabotage.breaks_liveness() {
            stuck(sim, sabotage)
        } else {
            !sim.checker().violations().is_empty()
        };
        if broken {
            return Some(sim.log().len() as u64);
        }
        sim.step().ok()?;
    }
    None
}

#[test]
fn each_broken_rule_shows_on_its_pinned_seed_within_200_steps() {
    for sabotage in Sabotage::ALL {
        let mut sim = Scenario::Broken(sabotage).open().unwrap();
        let opened = sim.log().len() as u64;
        let at = shows(&mut sim, sabotage, 200);
        assert!(at.is_some(), "{sabotage:?} does not show within 200 steps");
        if !sabotage.breaks_liveness() {
            let rules: Vec<Rule> = sim.checker().violations().iter().map(|v| v.rule).collect();
            println!(
                "{sabotage:?}: {rules:?} after {} steps",
                at.unwrap() - opened
            );
        }
    }
}

#[test]
fn each_broken_rule_is_caught_over_a_thousand_seeds() {
    for sabotage in Sabotage::ALL {
        let mut steps = Vec::new();
        for seed in 0..1_000 {
            let mut sim = Scenario::Broken(sabotage).open_with(seed).unwrap();
            let opened = sim.log().len() as u64;
            if let Some(at) = shows(&mut sim, sabotage, 2_000) {
                steps.push(at - opened);
            }
        }
        steps.sort_unstable();
        let median = steps.get(steps.len() / 2).copied();
        println!(
            "{sabotage:?}: {} {} in {} of 1,000 seeds; median {} steps",
            if sabotage.breaks_liveness() {
                "stuck"
            } else {
                "caught"
            },
            if sabotage.breaks_liveness() {
                "(no value can be chosen)"
            } else {
                "by the checks"
            },
            steps.len(),
            median.map_or("-".into(), |m| m.to_string())
        );
        assert!(steps.len() >= 50, "{sabotage:?} shows too rarely");
    }
}

#[test]
fn correct_paxos_never_shows_a_broken_rule_on_the_same_openings() {
    // The control: the same openings with no rule broken stay safe and choose a value (in
    // two-phase commit: every participant learns the transaction's outcome).
    for sabotage in Sabotage::ALL {
        for seed in 0..200 {
            let scenario = Scenario::Broken(sabotage);
            let mut config = scenario.config();
            config.sabotage = None;
            config.acceptors = config.acceptors.max(3);
            let two_phase = config.mode == Mode::TwoPhase;
            let mut sim = if sabotage.mode() == Mode::Basic {
                let mut sim = Simulation::new(config, seed).unwrap();
                for node in sim.proposers() {
                    let value = format!("v{}", node.0);
                    sim.apply(paxos_core::Action::Propose { node, value })
                        .unwrap();
                }
                sim
            } else {
                // The very opening of the broken run (for two-phase commit, a transaction
                // begun), with the rule kept.
                scenario.open_as(config, seed).unwrap()
            };
            for _ in 0..2_000 {
                if sim.step().is_err() {
                    break;
                }
            }
            assert!(
                sim.checker().violations().is_empty(),
                "{sabotage:?}, seed {seed}: {:?}",
                sim.checker().violations()
            );
            if two_phase {
                let decided = sim.world().nodes().all(|(_, n)| {
                    n.participant().is_none_or(|p| {
                        matches!(p.state(1), Some(TxState::Committed | TxState::Aborted))
                    })
                });
                assert!(
                    decided,
                    "{sabotage:?}, seed {seed}: a participant is undecided"
                );
            } else {
                assert!(!sim.checker().chosen().is_empty(), "seed {seed}");
            }
        }
    }
}

fn chosen_within(sim: &mut Simulation, max: usize) -> bool {
    for _ in 0..max {
        if !sim.checker().chosen().is_empty() {
            return true;
        }
        if sim.step().is_err() {
            break;
        }
    }
    !sim.checker().chosen().is_empty()
}

#[test]
fn fixed_retries_livelock_and_jitter_or_a_distinguished_proposer_cure_it() {
    // Paxos Made Simple 2.4: two proposers can keep issuing higher numbers for ever.
    let mut duel = Scenario::Livelock.open().unwrap();
    assert!(
        !chosen_within(&mut duel, 10_000),
        "no value in 10,000 steps"
    );
    let snap = duel.snapshot();
    assert!(
        snap.livelock.is_some_and(|rounds| rounds > 100),
        "{:?}",
        snap.livelock
    );
    assert!(duel.checker().violations().is_empty(), "livelock is safe");
    for cure in [Scenario::LivelockJitter, Scenario::LivelockDistinguished] {
        let mut sim = cure.open().unwrap();
        assert!(chosen_within(&mut sim, 200), "{cure:?} chooses a value");
        assert!(sim.snapshot().livelock.is_none());
    }
    // With a distinguished proposer, P1 stood aside for P2 and was told the outcome.
    let mut sim = Scenario::LivelockDistinguished.open().unwrap();
    common_run(&mut sim, 2_000);
    let p1 = sim.snapshot().nodes[0].proposer.clone().unwrap();
    assert_eq!(p1.phase, PhaseName::Chosen);
    assert_eq!(sim.checker().chosen()[0].value, "y", "P2's value");
}

fn common_run(sim: &mut Simulation, max: usize) {
    for _ in 0..max {
        if sim.step().is_err() {
            return;
        }
    }
}

#[test]
fn the_int_max_proposer_locks_out_the_others_and_a_ballot_ceiling_stops_it() {
    let mut sim = Scenario::IntMax.open().unwrap();
    common_run(&mut sim, 2_000);
    let snap = sim.snapshot();
    assert!(
        sim.checker().violations().is_empty(),
        "nothing overflows, safety holds"
    );
    let p1 = snap.nodes[0].proposer.clone().unwrap();
    assert_ne!(p1.phase, PhaseName::Chosen, "P1 never gets through");
    assert_eq!(
        p1.last_round,
        u64::MAX,
        "it tried the last round there is, and stopped"
    );
    for a in sim.acceptors() {
        let promised = snap.nodes[a.0 as usize].acceptor.as_ref().unwrap().promised;
        assert_eq!(
            promised.map(|b| b.round),
            Some(u64::MAX),
            "acceptors promised MAX"
        );
    }
    let mut guarded = Scenario::IntMaxCeiling.open().unwrap();
    assert!(chosen_within(&mut guarded, 200));
    assert_eq!(
        guarded.checker().chosen()[0].value,
        "x",
        "P1's value, not the jumper's"
    );
    let refused = guarded.snapshot().counters.reject;
    assert!(refused > 0);
    let promised = guarded.snapshot().nodes[2]
        .acceptor
        .clone()
        .unwrap()
        .promised;
    assert!(promised.is_some_and(|b| b.round < 100), "{promised:?}");
}

#[test]
fn a_corrupted_accept_breaks_validity_and_checksums_turn_it_into_a_loss() {
    let mut sim = Scenario::Corruption.open().unwrap();
    common_run(&mut sim, 200);
    let rules: Vec<Rule> = sim.checker().violations().iter().map(|v| v.rule).collect();
    assert!(rules.contains(&Rule::Validity), "{rules:?}");
    assert_eq!(sim.checker().chosen()[0].value, "blue~");
    let mut guarded = Scenario::CorruptionChecksums.open().unwrap();
    let mut discarded = 0;
    for _ in 0..300 {
        let Ok(report) = guarded.step() else { break };
        discarded += report
            .events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    paxos_core::Event::Lost {
                        reason: paxos_core::sim::LossReason::ChecksumMismatch,
                        ..
                    }
                )
            })
            .count();
    }
    assert!(discarded > 0, "damaged messages were discarded");
    assert!(guarded.checker().violations().is_empty());
    assert!(
        guarded.checker().chosen().is_empty(),
        "and nothing wrong was chosen"
    );
    // Mend the links: the value gets chosen.
    for to in [NodeId(2), NodeId(3)] {
        let faults = paxos_core::LinkFaults::default();
        let from = NodeId(0);
        guarded
            .apply(paxos_core::Action::SetLink { from, to, faults })
            .unwrap();
    }
    assert!(chosen_within(&mut guarded, 1_000));
    assert_eq!(guarded.checker().chosen()[0].value, "blue");
}
