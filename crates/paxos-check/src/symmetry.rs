//! Symmetry reduction: states that differ only in which acceptor (or which two-phase-commit
//! participant) is which are visited once.
//!
//! Basic Paxos never asks *which* acceptors promised or accepted, only *how many* (a majority;
//! Paxos Made Simple, section 2.2). Swap the names of two acceptors everywhere in a reachable
//! state — their own state, the messages to and from them, the proposers' and learners'
//! tallies, the checker's record — and the result is reachable too, with the same future up to
//! the same swap, and the same verdict on every property. So the search may key each state by a
//! **canonical fingerprint**, the same for every renaming of it: the smallest fingerprint of
//! any renaming of the interchangeable acceptors. A state stays in the frontier as it was
//! reached, so every path found is still a real path of the model.
//!
//! Two-phase commit is alike for its participants: the coordinator needs a yes from each, so
//! participants that will vote the same way are interchangeable.
//!
//! Which nodes are interchangeable is read off the start state: acceptors (or participants with
//! the same vote) that host no other role, whose swap leaves the start state and the checker
//! unchanged (a sabotage that affects only some acceptors splits them into classes). The
//! reduction is refused where it would be unsound: in Multi-Paxos (renaming is not written for
//! its replicas, and its ballots carry server ids), and with shared ballots, where two proposals
//! can carry the same ballot and a proposer's choice among tied promises follows acceptor ids.
//!
//! Trying every renaming (`k!` for `k` acceptors) would cost more than it saves, so only the
//! renamings that sort each class by a key that renaming does not change are tried (the
//! acceptor's own state, whether it is up, and what is in flight to and from it); only ties
//! are permuted. Renamings of a renamed state sort the same way, so the minimum is the same:
//! the fingerprint stays canonical.

use crate::model::{Model, State};
use crate::search::fingerprint;
use paxos_core::config::{Mode, Sabotage};
use paxos_core::rename::Renaming;
use paxos_core::roles::AnyRole;
use paxos_core::NodeId;
use std::hash::{Hash, Hasher};

/// The interchangeable acceptors of a model, and how to fingerprint a state canonically.
#[derive(Clone, Debug)]
pub struct Symmetry {
    /// Classes of interchangeable nodes, each sorted, each of two or more.
    classes: Vec<Vec<NodeId>>,
    /// Nodes in the world.
    nodes: usize,
}

impl Symmetry {
    /// The symmetry of `model`, or why there is none to use.
    pub fn of(model: &Model) -> Result<Self, String> {
        let mode = model.config().mode;
        if mode == Mode::Multi {
            return Err(
                "symmetry reduction is written for Basic Paxos and two-phase commit only".into(),
            );
        }
        if model.config().sabotage == Some(Sabotage::SharedBallots) {
            return Err(
                "no symmetry reduction with shared ballots: tied ballots are broken by acceptor id"
                    .into(),
            );
        }
        let init = model.init();
        let nodes = init.world.len();
        let lone: Vec<NodeId> = init
            .world
            .nodes()
            .filter(|(_, node)| {
                matches!(
                    node.roles.as_slice(),
                    [AnyRole::Acceptor(_)] | [AnyRole::Participant(_)]
                )
            })
            .map(|(id, _)| id)
            .collect();
        // A participant's vote is the configuration's, given with each transaction's work:
        // not in the start state, so compared here.
        let vote = |n: NodeId| model.config().vote_of(n);
        let start = fingerprint(init);
        let mut classes: Vec<Vec<NodeId>> = Vec::new();
        for a in lone {
            let alike = classes.iter_mut().find(|class| {
                let swap = swap(nodes, class[0], a);
                vote(class[0]) == vote(a)
                    && rename(init, &swap).is_some_and(|s| fingerprint(&s) == start)
            });
            match alike {
                Some(class) => class.push(a),
                None => classes.push(vec![a]),
            }
        }
        classes.retain(|c| c.len() > 1);
        if classes.is_empty() {
            let who = if mode == Mode::TwoPhase {
                "participants"
            } else {
                "acceptors"
            };
            return Err(format!(
                "no two {who} are interchangeable in this configuration"
            ));
        }
        Ok(Self { classes, nodes })
    }

    /// The classes of interchangeable acceptors.
    pub fn classes(&self) -> &[Vec<NodeId>] {
        &self.classes
    }

    /// Every renaming the reduction treats as a symmetry (all permutations within each class).
    pub fn group(&self) -> Vec<Renaming> {
        let blocks: Vec<(Vec<NodeId>, Vec<NodeId>)> = self
            .classes
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect();
        self.renamings(&blocks)
    }

    /// The canonical fingerprint of `state`: the same for every renaming of its
    /// interchangeable acceptors.
    pub fn fingerprint(&self, state: &State) -> u64 {
        let mut blocks = Vec::new();
        for class in &self.classes {
            let mut keyed: Vec<(u64, NodeId)> = class.iter().map(|&a| (key(state, a), a)).collect();
            keyed.sort_unstable();
            // Members with equal keys form a block: they go, in any order, to the block's
            // share of the class's names.
            let mut i = 0;
            while i < keyed.len() {
                let j = i + keyed[i..].iter().take_while(|k| k.0 == keyed[i].0).count();
                blocks.push((
                    keyed[i..j].iter().map(|k| k.1).collect::<Vec<_>>(),
                    class[i..j].to_vec(),
                ));
                i = j;
            }
        }
        let renamings = self.renamings(&blocks);
        // Most states have no ties: one renaming, often the identity, whose result is the state.
        if let [only] = renamings.as_slice() {
            if only.is_identity() {
                return fingerprint(state);
            }
        }
        renamings
            .iter()
            .filter_map(|r| rename(state, r).map(|s| fingerprint(&s)))
            .min()
            .unwrap_or_else(|| fingerprint(state))
    }

    /// Every renaming that sends each block's members onto its names, in every order.
    fn renamings(&self, blocks: &[(Vec<NodeId>, Vec<NodeId>)]) -> Vec<Renaming> {
        let mut out = vec![(0..self.nodes as u32).map(NodeId).collect::<Vec<_>>()];
        for (members, names) in blocks {
            let orders = permutations(names);
            out = out
                .iter()
                .flat_map(|map| {
                    orders.iter().map(move |order| {
                        let mut map = map.clone();
                        for (m, n) in members.iter().zip(order) {
                            map[m.0 as usize] = *n;
                        }
                        map
                    })
                })
                .collect();
        }
        out.into_iter().filter_map(Renaming::new).collect()
    }
}

/// A state with every node renamed; `None` where renaming is not written for a role.
pub fn rename(state: &State, renaming: &Renaming) -> Option<State> {
    Some(State {
        world: state.world.renamed(renaming)?,
        checker: state.checker.renamed(renaming),
        used: state.used,
    })
}

/// The renaming of `n` nodes that swaps `a` and `b`.
fn swap(n: usize, a: NodeId, b: NodeId) -> Renaming {
    let mut map: Vec<NodeId> = (0..n as u32).map(NodeId).collect();
    map.swap(a.0 as usize, b.0 as usize);
    Renaming::new(map).expect("a swap is a permutation")
}

/// What renaming does not change about acceptor or participant `a`: its state, whether it is
/// up, and the messages in flight to and from it (with the other end's name, which is never
/// one of its class: acceptors and participants talk only to other roles).
fn key(state: &State, a: NodeId) -> u64 {
    let one = |item: &dyn Fn(&mut xxhash_rust::xxh3::Xxh3)| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        item(&mut h);
        h.finish()
    };
    // The packets' hashes are sorted: the order they are kept in depends on the names.
    let mut packets: Vec<u64> = state
        .world
        .in_flight()
        .filter(|(p, _)| p.to == a || p.from == a)
        .map(|(p, copies)| {
            one(&|h| {
                let other = if p.to == a {
                    (0u8, p.from)
                } else {
                    (1u8, p.to)
                };
                (other, &p.message, copies).hash(h);
            })
        })
        .collect();
    packets.sort_unstable();
    one(&|h| {
        if let Some(node) = state.world.node(a) {
            node.up.hash(h);
            for role in &node.roles {
                match role {
                    AnyRole::Acceptor(acceptor) => acceptor.state().hash(h),
                    AnyRole::Participant(participant) => participant.memory().hash(h),
                    _ => {}
                }
            }
        }
        packets.hash(h);
    })
}

/// Every ordering of `items`.
fn permutations(items: &[NodeId]) -> Vec<Vec<NodeId>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}
