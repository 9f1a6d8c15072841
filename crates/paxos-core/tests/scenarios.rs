//! Scenario tests: hand-made schedules that show Paxos's behaviour, citing *Paxos Made Simple*.
//! They run natively and, through `wasm-pack test`, in Node and Chromium too.

mod common;

use common::*;
use paxos_core::config::Layout;
use paxos_core::sim::{Event, LossReason};
use paxos_core::view::PhaseName;
use paxos_core::{Action, Config, Error, MessageKind, NodeId, Sabotage, Simulation};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn propose(sim: &mut Simulation, node: NodeId, value: &str) {
    sim.apply(Action::Propose {
        node,
        value: value.into(),
    })
    .expect("propose");
}

#[test]
fn a_single_proposer_gets_its_value_chosen_and_learned() {
    // Section 2.2: with no competition, two round trips to a majority choose the value.
    let mut sim = Simulation::new(cluster(1, 3, 2), 1).unwrap();
    let p = sim.proposers()[0];
    propose(&mut sim, p, "blue");
    assert!(run_to_idle(&mut sim, 1_000), "the run settles");
    assert_eq!(chosen_values(&sim), vec!["blue"]);
    for (learner, learned) in sim.learned() {
        assert_eq!(learned.map(|p| p.value.as_str()), Some("blue"), "{learner}");
    }
    let snapshot = sim.snapshot();
    assert!(snapshot.checks.violations.is_empty());
    let proposer = snapshot.nodes[0].proposer.as_ref().unwrap();
    assert_eq!(
        (proposer.phase, proposer.value.as_deref()),
        (PhaseName::Chosen, Some("blue"))
    );
    // 3 prepares + 3 promises + 3 accepts + 3 x (proposer + 2 learners) accepted = 18 messages,
    // and each learner tells the proposer it learned (protocol revision 2): 20.
    assert_eq!(sim.log().iter().filter(|a| **a == Action::Step).count(), 20);
    assert_eq!(sim.snapshot().counters.learned, 2);
    assert_eq!(sim.snapshot().counters.decide, 0, "nobody missed anything");
    // Revision 1, as version-1 traces ran: no acknowledgements, 18 messages.
    let config = Config {
        revision: 1,
        ..cluster(1, 3, 2)
    };
    let mut old = Simulation::new(config, 1).unwrap();
    propose(&mut old, p, "blue");
    assert!(run_to_idle(&mut old, 1_000));
    assert_eq!(old.log().iter().filter(|a| **a == Action::Step).count(), 18);
}

#[test]
fn a_later_proposer_adopts_the_value_already_chosen() {
    // Section 2.2, P2c: a proposer whose majority includes an acceptor that accepted v must
    // propose v. Here P1 gets "first" accepted by A1 and A2 (chosen) but never hears back.
    let mut sim = Simulation::new(cluster(2, 3, 1), 2).unwrap();
    let (p1, p2) = (sim.proposers()[0], sim.proposers()[1]);
    let a = sim.acceptors();
    propose(&mut sim, p1, "first");
    deliver_all(&mut sim, is(MessageKind::Prepare, p1, &a));
    deliver_all(&mut sim, is(MessageKind::Promise, a[0], &[p1]));
    deliver_all(&mut sim, is(MessageKind::Promise, a[1], &[p1]));
    deliver_all(&mut sim, is(MessageKind::Accept, p1, &a[..2]));
    assert_eq!(
        chosen_values(&sim),
        vec!["first"],
        "chosen, though nobody knows yet"
    );
    drop_all(&mut sim, |_| true);
    // P2 prepares with A2 and A3 only: A2 reports the accepted "first".
    propose(&mut sim, p2, "second");
    deliver_all(&mut sim, is(MessageKind::Prepare, p2, &a[1..]));
    deliver_all(&mut sim, is(MessageKind::Promise, a[1], &[p2]));
    deliver_all(&mut sim, is(MessageKind::Promise, a[2], &[p2]));
    let proposer = sim.snapshot().nodes[p2.0 as usize]
        .proposer
        .clone()
        .unwrap();
    assert_eq!(proposer.phase, PhaseName::Accepting);
    assert_eq!(
        proposer.value.as_deref(),
        Some("first"),
        "adopted, not its own"
    );
    assert!(proposer.adopted);
    run_to_idle(&mut sim, 1_000);
    assert_eq!(chosen_values(&sim), vec!["first"]);
    assert!(sim.checker().violations().is_empty());
}

#[test]
fn an_acceptor_crash_after_accepting_does_not_lose_the_chosen_value() {
    // Section 2.3: acceptors keep their promise and accepted proposal on stable storage.
    let mut sim = Simulation::new(cluster(2, 3, 1), 3).unwrap();
    let (p1, p2) = (sim.proposers()[0], sim.proposers()[1]);
    let a = sim.acceptors();
    propose(&mut sim, p1, "kept");
    deliver_all(&mut sim, is(MessageKind::Prepare, p1, &a));
    deliver_all(&mut sim, kind(MessageKind::Promise));
    deliver_all(&mut sim, is(MessageKind::Accept, p1, &a[..2]));
    assert_eq!(chosen_values(&sim), vec!["kept"]);
    drop_all(&mut sim, |_| true);
    // A1 and A2 accepted. A1 crashes and restarts; A2 crashes and stays down.
    sim.apply(Action::Crash { node: a[0] }).unwrap();
    sim.apply(Action::Restart { node: a[0] }).unwrap();
    sim.apply(Action::Crash { node: a[1] }).unwrap();
    let a1 = sim.snapshot().nodes[a[0].0 as usize]
        .acceptor
        .clone()
        .unwrap();
    assert_eq!(a1.accepted.map(|p| p.value), Some("kept".to_string()));
    // P2's only possible majority is {A1, A3}: A1 remembers, so P2 must adopt "kept".
    propose(&mut sim, p2, "lost?");
    assert!(step_until(&mut sim, 2_000, |s| {
        s.snapshot().nodes[p2.0 as usize]
            .proposer
            .as_ref()
            .is_some_and(|p| p.phase == PhaseName::Chosen)
    }));
    assert_eq!(chosen_values(&sim), vec!["kept"]);
    assert!(sim.checker().violations().is_empty());
}

#[test]
fn losing_a_majority_blocks_progress_but_never_safety() {
    // Section 2.1: safety always; progress only while a majority can talk.
    let mut sim = Simulation::new(cluster(2, 5, 1), 4).unwrap();
    let (p1, p2) = (sim.proposers()[0], sim.proposers()[1]);
    let a = sim.acceptors();
    for &acceptor in &a[..3] {
        sim.apply(Action::Crash { node: acceptor }).unwrap();
    }
    propose(&mut sim, p1, "x");
    propose(&mut sim, p2, "y");
    for _ in 0..2_000 {
        sim.step()
            .expect("proposers keep retrying, so something is always due");
    }
    assert!(sim.checker().chosen().is_empty(), "no majority, no choice");
    assert!(sim.checker().violations().is_empty());
    let rounds = sim.snapshot().nodes[p1.0 as usize]
        .proposer
        .as_ref()
        .unwrap()
        .last_round;
    assert!(
        rounds > 3,
        "P1 kept retrying with higher ballots (round {rounds})"
    );
    // One acceptor back: 3 of 5 again, and a value gets chosen.
    sim.apply(Action::Restart { node: a[0] }).unwrap();
    assert!(step_until(&mut sim, 5_000, |s| !s
        .checker()
        .chosen()
        .is_empty()));
    assert_eq!(chosen_values(&sim).len(), 1);
    assert!(sim.checker().violations().is_empty());
}

#[test]
fn dueling_proposers_eventually_agree() {
    // Section 2.4 notes two proposers can keep pre-empting each other; the seeded back-off
    // jitter breaks the tie. Whatever happens, only one value is chosen.
    for seed in 0..50 {
        let mut sim = Simulation::new(cluster(3, 5, 2), seed).unwrap();
        for (i, p) in sim.proposers().into_iter().enumerate() {
            propose(&mut sim, p, &format!("p{i}"));
        }
        assert!(run_to_idle(&mut sim, 20_000), "seed {seed} settles");
        assert_eq!(chosen_values(&sim).len(), 1, "seed {seed}");
        assert!(sim.checker().violations().is_empty(), "seed {seed}");
        let learned: Vec<_> = sim.learned().into_iter().map(|(_, l)| l.cloned()).collect();
        assert!(learned
            .iter()
            .all(|l| l.as_ref().map(|p| &p.value) == Some(&chosen_values(&sim)[0])));
    }
}

#[test]
fn a_crash_loses_the_messages_addressed_to_the_node_and_its_volatile_state() {
    let mut sim = Simulation::new(cluster(1, 3, 1), 5).unwrap();
    let p = sim.proposers()[0];
    let a = sim.acceptors();
    propose(&mut sim, p, "v");
    deliver_all(&mut sim, is(MessageKind::Prepare, p, &a));
    let to_p = sim.in_flight().filter(|e| e.to == p).count();
    assert_eq!(to_p, 3, "three promises on their way");
    let report = sim.apply(Action::Crash { node: p }).unwrap();
    let lost = report
        .events
        .iter()
        .filter(|e| matches!(e, Event::Lost { to, .. } if *to == p))
        .count();
    assert_eq!(lost, 3);
    assert_eq!(sim.in_flight().filter(|e| e.to == p).count(), 0);
    let view = sim.snapshot().nodes[p.0 as usize].clone();
    assert!(!view.up);
    let proposer = view.proposer.unwrap();
    assert_eq!(
        (proposer.phase, proposer.client_value),
        (PhaseName::Idle, None)
    );
    assert_eq!(proposer.last_round, 1, "stable storage keeps the round");
    assert_eq!(
        sim.apply(Action::Propose {
            node: p,
            value: "w".into()
        }),
        Err(Error::NodeDown("P1".into()))
    );
    sim.apply(Action::Restart { node: p }).unwrap();
    let ballot = |sim: &Simulation| {
        sim.snapshot().nodes[p.0 as usize]
            .proposer
            .as_ref()
            .unwrap()
            .ballot
            .map(|b| b.round)
    };
    // Having issued a ballot before, it runs phase 1 again to finish what it started.
    assert_eq!(ballot(&sim), Some(2), "never reuses round 1");
    propose(&mut sim, p, "w");
    assert_eq!(ballot(&sim), Some(3), "nor round 2");
}

#[test]
fn a_message_to_a_crashed_node_is_lost_on_arrival() {
    let mut sim = Simulation::new(cluster(1, 3, 1), 6).unwrap();
    let p = sim.proposers()[0];
    let a = sim.acceptors();
    sim.apply(Action::Crash { node: a[0] }).unwrap();
    propose(&mut sim, p, "v");
    let to_dead = sim.in_flight().find(|e| e.to == a[0]).unwrap().id;
    let report = sim.apply(Action::Deliver { id: to_dead }).unwrap();
    assert!(
        matches!(
            report.events.as_slice(),
            [Event::Lost {
                reason: LossReason::ReceiverDown,
                ..
            }]
        ),
        "{:?}",
        report.events
    );
    // The two live acceptors are still a majority of three.
    assert!(run_to_idle(&mut sim, 1_000));
    assert_eq!(chosen_values(&sim), vec!["v"]);
}

#[test]
fn refused_actions_change_nothing() {
    let mut sim = Simulation::new(cluster(2, 3, 1), 7).unwrap();
    let p = sim.proposers()[0];
    propose(&mut sim, p, "v");
    sim.step().unwrap();
    sim.apply(Action::Crash {
        node: sim.acceptors()[2],
    })
    .unwrap();
    let before = sim.clone();
    let a0 = sim.acceptors()[0];
    let down = sim.acceptors()[2];
    let cases = [
        (Action::Deliver { id: 999 }, Error::UnknownMessage(999)),
        (Action::Drop { id: 999 }, Error::UnknownMessage(999)),
        (Action::Duplicate { id: 999 }, Error::UnknownMessage(999)),
        (
            Action::Crash { node: NodeId(42) },
            Error::UnknownNode { id: 42, last: 5 },
        ),
        (Action::Crash { node: down }, Error::NodeDown("A3".into())),
        (Action::Restart { node: a0 }, Error::NodeUp("A1".into())),
        (
            Action::Propose {
                node: a0,
                value: "x".into(),
            },
            Error::NotAProposer("A1".into()),
        ),
        (
            Action::Propose {
                node: p,
                value: " ".into(),
            },
            Error::InvalidValue("a value must not be empty".into()),
        ),
        (
            Action::Propose {
                node: p,
                value: "x".repeat(65),
            },
            Error::InvalidValue("a value must be at most 64 characters, got 65".into()),
        ),
    ];
    for (action, expected) in cases {
        assert_eq!(sim.apply(action.clone()), Err(expected), "{action:?}");
        assert_eq!(
            sim, before,
            "{action:?} must leave the simulation untouched"
        );
    }
    let mut trace = sim.trace();
    trace.actions.push(Action::Restart { node: a0 });
    assert_eq!(
        Simulation::from_trace(&trace).unwrap_err().to_string(),
        format!(
            "invalid trace: action {} (restart node 2) failed: A1 is not crashed",
            trace.actions.len()
        )
    );
    let mut idle = Simulation::new(Config::default(), 0).unwrap();
    assert_eq!(idle.step(), Err(Error::Idle));
    assert!(idle.log().is_empty(), "a refused step is not logged");
}

#[test]
fn shared_layout_hosts_several_roles_per_node() {
    let config = Config {
        layout: Layout::Shared,
        ..cluster(3, 5, 2)
    };
    let mut sim = Simulation::new(config, 8).unwrap();
    assert_eq!(sim.node_count(), 5);
    let n1 = sim.snapshot().nodes[0].clone();
    assert!(n1.proposer.is_some() && n1.acceptor.is_some() && n1.learner.is_some());
    assert_eq!(n1.name, "N1");
    propose(&mut sim, NodeId(0), "shared");
    assert!(run_to_idle(&mut sim, 2_000));
    assert_eq!(chosen_values(&sim), vec!["shared"]);
    assert_eq!(sim.learned().len(), 2);
    assert!(sim.learned().iter().all(|(_, l)| l.is_some()));
}

#[test]
fn a_broken_acceptor_lets_two_values_be_chosen_and_the_check_fires() {
    // The checks can fail: acceptors that ignore their promises (breaking P1a) accept P1's old
    // ballot after P2's value was chosen at a higher one.
    let config = Config {
        sabotage: Some(Sabotage::AcceptorIgnoresPromises),
        ..cluster(2, 3, 1)
    };
    let mut sim = Simulation::new(config, 9).unwrap();
    let (p1, p2) = (sim.proposers()[0], sim.proposers()[1]);
    let a = sim.acceptors();
    propose(&mut sim, p1, "one");
    deliver_all(&mut sim, is(MessageKind::Prepare, p1, &a));
    deliver_all(&mut sim, is(MessageKind::Promise, a[0], &[p1]));
    deliver_all(&mut sim, is(MessageKind::Promise, a[2], &[p1]));
    // P1 has its majority and sent accept(1, "one"); hold those back.
    propose(&mut sim, p2, "two");
    deliver_all(&mut sim, is(MessageKind::Prepare, p2, &a));
    deliver_all(&mut sim, kind(MessageKind::Promise));
    deliver_all(&mut sim, is(MessageKind::Accept, p2, &a[..2]));
    assert_eq!(chosen_values(&sim), vec!["two"]);
    // The stale accept(1, "one") reaches A2 and A3, which accept it despite promising ballot 1.2.
    deliver_all(&mut sim, is(MessageKind::Accept, p1, &a[1..]));
    let violations = sim.checker().violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].rule, paxos_core::Rule::Agreement);
    assert_eq!(
        violations[0].values,
        vec!["two".to_string(), "one".to_string()]
    );
    assert!(!sim.snapshot().checks.agreement);
}

#[test]
fn a_learner_that_missed_every_accepted_message_still_learns() {
    // The issue as a new user found it: P1 proposes blue, the three `accepted` messages to L1
    // are dropped. Revision 2: P1 sees blue chosen, hears nothing from L1, and tells it.
    for revision in [1, 2] {
        let config = Config {
            revision,
            ..cluster(1, 3, 1)
        };
        let mut sim = Simulation::new(config, 1).unwrap();
        let (p, learner) = (sim.proposers()[0], NodeId(4));
        propose(&mut sim, p, "blue");
        for _ in 0..200 {
            drop_all(&mut sim, |e| {
                e.kind == MessageKind::Accepted && e.to == learner
            });
            if sim.step().is_err() {
                break;
            }
        }
        assert_eq!(chosen_values(&sim), vec!["blue"]);
        let learned = sim.learned()[0].1.map(|p| p.value.clone());
        if revision == 1 {
            assert_eq!(learned, None, "revision 1: the learner never learns");
            assert!(sim.is_idle(), "and nothing is left to happen");
        } else {
            assert_eq!(learned.as_deref(), Some("blue"));
            assert!(sim.snapshot().counters.decide >= 1, "P1 told L1");
            assert!(sim.is_idle(), "and stopped once L1 said it learned");
        }
    }
}
