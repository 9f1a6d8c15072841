//! Helpers shared by the integration tests.
#![allow(dead_code)]

use paxos_core::sim::Envelope;
use paxos_core::{Action, Config, MessageKind, NodeId, Op as Request, Simulation};

/// Steps until `done` holds or `max` steps pass; returns whether `done` held.
pub fn step_until(sim: &mut Simulation, max: usize, done: impl Fn(&Simulation) -> bool) -> bool {
    for _ in 0..max {
        if done(sim) {
            return true;
        }
        if sim.step().is_err() {
            break;
        }
    }
    done(sim)
}

/// Steps until nothing is in flight and no timer is pending (at most `max` steps).
pub fn run_to_idle(sim: &mut Simulation, max: usize) -> bool {
    step_until(sim, max, Simulation::is_idle)
}

/// The distinct values chosen so far.
pub fn chosen_values(sim: &Simulation) -> Vec<String> {
    let mut values: Vec<String> = sim
        .checker()
        .chosen()
        .iter()
        .map(|c| c.value.clone())
        .collect();
    values.dedup();
    values
}

/// Delivers (in id order) every message in flight that matches, repeatedly, until none does.
pub fn deliver_all(sim: &mut Simulation, matches: impl Fn(&Envelope) -> bool) {
    loop {
        let next = sim.in_flight().find(|e| matches(e)).map(|e| e.id);
        match next {
            Some(id) => {
                sim.apply(Action::Deliver { id }).expect("deliver");
            }
            None => return,
        }
    }
}

/// Drops every message in flight that matches.
pub fn drop_all(sim: &mut Simulation, matches: impl Fn(&Envelope) -> bool) {
    let ids: Vec<u64> = sim
        .in_flight()
        .filter(|e| matches(e))
        .map(|e| e.id)
        .collect();
    for id in ids {
        sim.apply(Action::Drop { id }).expect("drop");
    }
}

/// A message of `kind` between the given nodes.
pub fn is(kind: MessageKind, from: NodeId, to: &[NodeId]) -> impl Fn(&Envelope) -> bool + '_ {
    move |e| e.kind == kind && e.from == from && to.contains(&e.to)
}

/// A message of `kind` (anyone to anyone).
pub fn kind(kind: MessageKind) -> impl Fn(&Envelope) -> bool {
    move |e| e.kind == kind
}

/// One random operation of a schedule. Indices are resolved against what exists when the
/// operation runs; an operation that does not apply does nothing.
#[derive(Clone, Debug)]
pub enum Op {
    Step,
    Deliver(usize),
    Drop(usize),
    Duplicate(usize),
    Crash(usize),
    Restart(usize),
    Propose(usize, u8),
    /// Multi-Paxos: a client submits a put (or get, or delete) to some live replica.
    Submit(usize, u8),
    /// Faults on the link between two nodes: loss and duplication per thousand, FIFO or not.
    Link(usize, usize, u16, u16, bool),
    /// A link that damages messages, per thousand.
    Corrupt(usize, usize, u16),
    /// A partition: the nodes whose bit is set against the others.
    Split(u16),
    /// One-way cut.
    Cut(usize, usize),
    /// Heal every partition.
    Heal,
    /// Multi-Paxos: a new server joins through some live server.
    AddServer(usize),
    /// Multi-Paxos: some live server is asked to remove one of the servers it knows.
    RemoveServer(usize, usize),
}

/// Turns `op` into an action for `sim`, if it applies.
pub fn resolve(sim: &Simulation, op: &Op) -> Option<Action> {
    let pick = |items: Vec<u64>, i: usize| (!items.is_empty()).then(|| items[i % items.len()]);
    let messages: Vec<u64> = sim.in_flight().map(|e| e.id).collect();
    let nodes = sim.node_count() as u32;
    let (up, down): (Vec<u64>, Vec<u64>) = (0..nodes)
        .map(u64::from)
        .partition(|&n| sim.is_up(NodeId(n as u32)));
    let proposers: Vec<u64> = sim
        .proposers()
        .into_iter()
        .filter(|&p| sim.is_up(p))
        .map(|p| u64::from(p.0))
        .collect();
    let node = |n: u64| NodeId(n as u32);
    Some(match op {
        Op::Step if sim.is_idle() => return None,
        Op::Step => Action::Step,
        Op::Deliver(i) => Action::Deliver {
            id: pick(messages, *i)?,
        },
        Op::Drop(i) => Action::Drop {
            id: pick(messages, *i)?,
        },
        Op::Duplicate(i) => Action::Duplicate {
            id: pick(messages, *i)?,
        },
        Op::Crash(i) => Action::Crash {
            node: node(pick(up, *i)?),
        },
        Op::Restart(i) => Action::Restart {
            node: node(pick(down, *i)?),
        },
        Op::Propose(i, v) => Action::Propose {
            node: node(pick(proposers, *i)?),
            value: format!("v{v}"),
        },
        Op::Link(a, b, loss, duplicate, fifo) => Action::SetLink {
            from: NodeId((*a % nodes as usize) as u32),
            to: NodeId((*b % nodes as usize) as u32),
            faults: paxos_core::LinkFaults {
                loss: *loss % 1001,
                duplicate: *duplicate % 1001,
                min_delay: None,
                max_delay: None,
                fifo: *fifo,
                corrupt: 0,
            },
        },
        Op::Corrupt(a, b, corrupt) => Action::SetLink {
            from: NodeId((*a % nodes as usize) as u32),
            to: NodeId((*b % nodes as usize) as u32),
            faults: paxos_core::LinkFaults {
                corrupt: *corrupt % 1001,
                ..paxos_core::LinkFaults::default()
            },
        },
        Op::Split(bits) => {
            let side: Vec<NodeId> = (0..nodes)
                .filter(|n| bits & (1 << n) != 0)
                .map(NodeId)
                .collect();
            if side.is_empty() {
                return None;
            }
            Action::Partition { groups: vec![side] }
        }
        Op::Cut(a, b) => {
            let (from, to) = ((*a % nodes as usize) as u32, (*b % nodes as usize) as u32);
            if from == to {
                return None;
            }
            Action::Cut {
                from: NodeId(from),
                to: NodeId(to),
            }
        }
        Op::Heal => Action::Heal,
        Op::AddServer(i) => {
            let config = sim.config();
            if config.mode != paxos_core::Mode::Multi || config.revision < 3 || nodes >= 9 {
                return None;
            }
            Action::AddServer {
                via: node(pick(up, *i)?),
            }
        }
        Op::RemoveServer(i, j) => {
            let config = sim.config();
            if config.mode != paxos_core::Mode::Multi || config.revision < 3 {
                return None;
            }
            let via = node(pick(up, *i)?);
            let members = sim.replica(via)?.latest_members();
            if members.len() <= 1 {
                return None;
            }
            Action::RemoveServer {
                via,
                node: members[j % members.len()],
            }
        }
        Op::Submit(i, v) => {
            if sim.config().mode != paxos_core::Mode::Multi {
                return None;
            }
            let key = format!("k{}", v % 3);
            let request = match v % 5 {
                0 => Request::Get { key },
                1 => Request::Delete { key },
                _ => Request::Put {
                    key,
                    value: format!("v{v}"),
                },
            };
            Action::Submit {
                node: node(pick(up, *i)?),
                request,
            }
        }
    })
}

/// A small default-ish cluster for scenario tests.
pub fn cluster(proposers: u32, acceptors: u32, learners: u32) -> Config {
    Config {
        proposers,
        acceptors,
        learners,
        ..Config::default()
    }
}

/// A Multi-Paxos cluster of `servers` replicas.
pub fn multi(servers: u32) -> Config {
    Config {
        mode: paxos_core::Mode::Multi,
        acceptors: servers,
        ..Config::default()
    }
}

/// A put request.
pub fn put(key: &str, value: &str) -> Request {
    Request::Put {
        key: key.into(),
        value: value.into(),
    }
}

/// A proptest runner with a fixed seed (reproducible schedules) and no failure files.
#[cfg(not(target_arch = "wasm32"))]
pub fn runner(cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// A snapshot's JSON without the fields added to snapshots after trace version 1 (which hold
/// fixed values in a version-1 run): what a version-1 snapshot was. As a JSON value, so key
/// order does not matter.
pub fn as_version_1(json: &str) -> serde_json::Value {
    use serde_json::Value;
    let mut snap: Value = serde_json::from_str(json).expect("a snapshot");
    let strip = |value: &mut Value, keys: &[&str]| {
        if let Some(object) = value.as_object_mut() {
            for key in keys {
                object.remove(*key);
            }
        }
    };
    strip(
        &mut snap["config"],
        &[
            "jitter",
            "distinguished",
            "revision",
            "ballotCeiling",
            "checksums",
        ],
    );
    strip(&mut snap["counters"], &["decide", "learned"]);
    strip(&mut snap, &["livelock"]);
    for node in snap["nodes"].as_array_mut().into_iter().flatten() {
        strip(&mut node["proposer"], &["ballots", "leader", "recovering"]);
    }
    snap
}

/// The faults stop: every partition healed, every link cleared, every crashed node restarted.
pub fn end_faults(sim: &mut Simulation) {
    for action in fault_ending_actions(sim) {
        sim.apply(action).expect("stop a fault");
    }
}

/// Steps (at most `bound`) until every server that `who` names has applied every slot chosen so
/// far, checking that no rule breaks on the way; how many steps that took, or `None`.
pub fn steps_until_caught_up(
    sim: &mut Simulation,
    bound: usize,
    who: impl Fn(&Simulation, u64) -> Vec<NodeId>,
) -> Option<usize> {
    for n in 0..=bound {
        let slots = sim.checker().chosen().iter().map(|c| c.slot + 1).max();
        let slots = slots.unwrap_or(0);
        let behind = who(sim, slots).into_iter().any(|m| {
            let r = sim.replica(m).expect("replica");
            r.applied_upto() < slots
        });
        if !behind {
            return Some(n);
        }
        sim.step()
            .expect("a Multi-Paxos cluster always has a timer");
        assert!(
            sim.checker().violations().is_empty(),
            "a rule broke while catching up"
        );
    }
    None
}

/// The actions that stop the faults, as [`end_faults`] applies them: heal every partition,
/// clear every link, restart every crashed node. For a caller that checks after each one.
pub fn fault_ending_actions(sim: &Simulation) -> Vec<Action> {
    let mut actions = vec![Action::Heal];
    for link in sim.snapshot().network.links {
        actions.push(Action::SetLink {
            from: link.from,
            to: link.to,
            faults: paxos_core::LinkFaults::default(),
        });
    }
    for n in 0..sim.node_count() as u32 {
        if !sim.is_up(NodeId(n)) {
            actions.push(Action::Restart { node: NodeId(n) });
        }
    }
    actions
}

/// Median, p90, p99 and largest of a sorted list ("none" when it is empty).
pub fn percentiles(sorted: &[usize]) -> String {
    let Some(&max) = sorted.last() else {
        return "none".into();
    };
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize];
    format!(
        "median {}, p90 {}, p99 {}, max {max}",
        at(0.5),
        at(0.9),
        at(0.99)
    )
}

/// Two-phase commit: the participants' ids.
pub fn participants(sim: &Simulation) -> Vec<NodeId> {
    sim.world()
        .nodes()
        .filter(|(_, n)| n.participant().is_some())
        .map(|(id, _)| id)
        .collect()
}

/// Two-phase commit: where transaction `tx` stands at participant `node`.
pub fn tx_state(sim: &Simulation, node: NodeId, tx: u64) -> Option<paxos_core::twopc::TxState> {
    sim.world().node(node)?.participant()?.state(tx)
}

/// Two-phase commit: participant `node`'s vote on `tx`, if it voted.
pub fn vote(sim: &Simulation, node: NodeId, tx: u64) -> Option<bool> {
    let p = sim.world().node(node)?.participant()?;
    p.transactions()
        .into_iter()
        .find(|&(t, _, _)| t == tx)
        .and_then(|(_, vote, _)| vote)
}

/// Two-phase commit: coordinator `coordinator`'s logged decision on `tx`.
pub fn decision(sim: &Simulation, coordinator: NodeId, tx: u64) -> Option<bool> {
    sim.world().node(coordinator)?.coordinator()?.decision(tx)
}
