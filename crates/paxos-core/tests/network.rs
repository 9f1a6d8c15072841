//! Network faults: lossy, duplicating, slow and FIFO links, partitions and one-way cuts. Each
//! is a logged action and replays exactly; none of them can break safety.

mod common;

use common::*;
use paxos_core::sim::{Event, LossReason};
use paxos_core::{Action, Error, LinkFaults, NodeId, Simulation};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn propose(sim: &mut Simulation, node: NodeId, value: &str) -> Vec<Event> {
    sim.apply(Action::Propose {
        node,
        value: value.into(),
    })
    .expect("propose")
    .events
}

fn link(sim: &mut Simulation, from: u32, to: u32, faults: LinkFaults) {
    sim.apply(Action::SetLink {
        from: NodeId(from),
        to: NodeId(to),
        faults,
    })
    .expect("set link");
}

#[test]
fn the_majority_side_of_a_partition_chooses_and_the_minority_hears_nothing() {
    // P1 A1 A2 L1 | A3: the majority side still has 2 of 3 acceptors.
    let mut sim = Simulation::new(cluster(1, 3, 1), 3).unwrap();
    let a3 = NodeId(3);
    sim.apply(Action::Partition {
        groups: vec![vec![a3]],
    })
    .unwrap();
    propose(&mut sim, NodeId(0), "v");
    let mut partitioned = 0;
    for _ in 0..1_000 {
        let Ok(report) = sim.step() else { break };
        partitioned += report
            .events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Lost {
                        reason: LossReason::Partitioned,
                        ..
                    }
                )
            })
            .count();
    }
    assert_eq!(chosen_values(&sim), vec!["v"]);
    assert!(partitioned > 0, "messages to A3 were lost at the cut");
    let a3_state = sim.snapshot().nodes[3].acceptor.clone().unwrap();
    assert_eq!(a3_state.promised, None, "A3 heard nothing");
    // Healed: a new round reaches A3 too.
    sim.apply(Action::Heal).unwrap();
    assert!(sim.snapshot().network.cuts.is_empty());
}

#[test]
fn a_one_way_cut_silences_one_direction_only() {
    let mut sim = Simulation::new(cluster(1, 3, 1), 4).unwrap();
    sim.apply(Action::Cut {
        from: NodeId(0),
        to: NodeId(1),
    })
    .unwrap();
    propose(&mut sim, NodeId(0), "v");
    assert!(run_to_idle(&mut sim, 1_000));
    let snap = sim.snapshot();
    assert_eq!(
        snap.nodes[1].acceptor.as_ref().unwrap().promised,
        None,
        "P1 → A1 is cut"
    );
    assert!(snap.nodes[2].acceptor.as_ref().unwrap().promised.is_some());
    assert_eq!(chosen_values(&sim), vec!["v"]);
}

#[test]
fn a_lossy_link_loses_and_a_duplicating_link_doubles() {
    let mut sim = Simulation::new(cluster(1, 3, 1), 5).unwrap();
    let lossy = LinkFaults {
        loss: 1000,
        ..LinkFaults::default()
    };
    let doubling = LinkFaults {
        duplicate: 1000,
        ..LinkFaults::default()
    };
    link(&mut sim, 0, 1, lossy);
    link(&mut sim, 0, 2, doubling);
    let events = propose(&mut sim, NodeId(0), "v");
    assert!(events.iter().any(
        |e| matches!(e, Event::Lost { to, reason: LossReason::LinkLoss, .. } if *to == NodeId(1))
    ));
    assert_eq!(sim.in_flight().filter(|e| e.to == NodeId(2)).count(), 2);
    assert_eq!(sim.in_flight().filter(|e| e.to == NodeId(1)).count(), 0);
}

#[test]
fn link_delays_and_fifo_order_are_kept() {
    let mut sim = Simulation::new(cluster(1, 3, 1), 6).unwrap();
    let slow_fifo = LinkFaults {
        min_delay: Some(30),
        max_delay: Some(60),
        fifo: true,
        ..LinkFaults::default()
    };
    link(&mut sim, 0, 1, slow_fifo);
    for value in ["a", "b", "c", "d"] {
        propose(&mut sim, NodeId(0), value);
    }
    let on_link: Vec<(u64, u64, u64)> = sim
        .in_flight()
        .filter(|e| e.to == NodeId(1))
        .map(|e| (e.id, e.sent_at, e.due_at))
        .collect();
    assert_eq!(on_link.len(), 4);
    assert!(on_link
        .iter()
        .all(|&(_, sent, due)| (30..=60).contains(&(due - sent))));
    assert!(
        on_link.windows(2).all(|w| w[0].2 <= w[1].2),
        "FIFO: {on_link:?}"
    );
}

#[test]
fn bad_network_actions_are_refused_and_change_nothing() {
    let mut sim = Simulation::new(cluster(1, 3, 1), 7).unwrap();
    let before = sim.clone();
    let cases = [
        Action::Cut {
            from: NodeId(0),
            to: NodeId(0),
        },
        Action::Cut {
            from: NodeId(0),
            to: NodeId(99),
        },
        Action::Partition {
            groups: vec![vec![NodeId(1)], vec![NodeId(1)]],
        },
        Action::Partition { groups: vec![] },
        Action::SetLink {
            from: NodeId(0),
            to: NodeId(1),
            faults: LinkFaults {
                loss: 2000,
                ..LinkFaults::default()
            },
        },
    ];
    for action in cases {
        let err = sim.apply(action.clone()).unwrap_err();
        assert!(
            matches!(err, Error::InvalidConfig(_) | Error::UnknownNode { .. }),
            "{action:?}: {err}"
        );
        assert_eq!(sim, before);
    }
}

#[test]
fn every_fault_kind_replays_identically() {
    let mut sim = Simulation::new(multi(5), 8).unwrap();
    for op in [
        Op::Link(0, 1, 300, 300, false),
        Op::Link(1, 2, 0, 0, true),
        Op::Split(0b00011),
        Op::Cut(3, 4),
    ] {
        let action = resolve(&sim, &op).unwrap();
        sim.apply(action).unwrap();
    }
    for i in 0..600 {
        if i % 40 == 0 {
            if let Some(action) = resolve(&sim, &Op::Submit(i, i as u8)) {
                sim.apply(action).unwrap();
            }
        }
        if i == 300 {
            sim.apply(paxos_core::Action::Heal).unwrap();
        }
        sim.step().unwrap();
    }
    let again = Simulation::from_trace(&sim.trace()).unwrap();
    assert!(again == sim);
    assert!(sim.checker().violations().is_empty());
}
