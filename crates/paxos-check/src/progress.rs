//! **Progress**, a liveness property, decided over the whole state graph once it is explored.
//!
//! Safety says nothing bad ever happens; an algorithm that never chooses anything is perfectly
//! safe. Paxos Made Simple (section 2.4) shows that progress cannot be *guaranteed* — two
//! proposers can keep pre-empting each other — but that a single proposer running alone, with
//! enough acceptors up and messages getting through, does get a value chosen. That is what this
//! property asks of every reachable state `s` of a Basic Paxos check:
//!
//! > If no value is chosen yet in `s`, some proposer that is up still has a value to propose
//! > (or a client request still to make), and no round has yet reached the round bound, then
//! > from `s` some path **with no further fault** — only deliveries, timers and client
//! > requests; no drop, no duplicate, no crash, and no restart: crashed nodes stay down —
//! > reaches a state where a value is chosen.
//!
//! (In temporal logic: *always, eventually possible*, `AG (demands → EF chosen)`.) The property
//! catches designs that can get stuck for good, which no safety rule does: a single acceptor,
//! whose crash stops everything (found in one step), or acceptors that keep the first value
//! they see and never change their minds — a split vote no round can mend (found in 13 steps
//! with one crash; see below for how, since the split forms only once round 1 is spent).
//! Correct Paxos meets it: from such an `s`, the proposer's retry starts a round above every
//! ballot so far, a majority of acceptors is still up (the property is listed only when the
//! crash bound is a minority of the acceptors, or one crash: a fault-tolerant design must
//! survive at least one), and with nothing lost the round gets its value — or the one already
//! accepted — chosen.
//!
//! The condition on rounds keeps the bounds honest: a proposer at the round bound is not
//! allowed to retry, so a state where every round is spent may be stuck only because the
//! bound cut the graph. Such a state is held against the protocol only if it stays stuck with
//! one more round, a proposer retrying alone ([`crate::extra_round`]).
//!
//! **How it is decided.** While searching, each expanded state's fault-free successors are
//! recorded (4 bytes each, by state index), with a byte of flags per state. When the search is
//! complete, a backward fixpoint marks every state that can reach a choice; the stuck states
//! are those that demand progress and are not marked, and the unmarked quiet states at the
//! round bound that one more round does not unstick. The lowest-numbered one is reported; in
//! breadth-first order it is at the end of a shortest path to such a state. A state the
//! search did not expand (it broke a safety rule) and a state with a fault-free step that left
//! the bounds (too many messages in flight) are given the benefit of the doubt: they count as
//! able to progress. A search that stops early decides nothing.

use crate::model::{Model, Move, Planned, State};
use crate::property::value_chosen as chosen;

/// The state has a value chosen, or is given the benefit of the doubt.
const GOOD: u8 = 1;
/// The state demands progress (see the module's documentation).
const DEMANDS: u8 = 2;
/// The state would demand progress but that a round is at the round bound: it is stuck only
/// if one more round cannot help either (see [`crate::extra_round`]).
const AT_BOUND: u8 = 4;

/// Whether taking `step` is free of faults: a delivery, a timer or a client request.
pub fn fault_free(step: &Move) -> bool {
    matches!(step, Move::Deliver(_) | Move::Fire(..) | Move::Request(_))
}

/// [`DEMANDS`] when `state` demands progress: nothing chosen, no round at the round bound yet,
/// and a proposer up that has a value to propose or a client request still to come;
/// [`AT_BOUND`] when only the round bound keeps it from demanding progress and no message is
/// in flight to a node that is up; otherwise 0.
fn wants(state: &State, model: &Model) -> u8 {
    if chosen(state) {
        return 0;
    }
    let requested = |node| {
        model.requests().iter().enumerate().all(|(i, planned)| {
            !matches!(planned, Planned::Propose { node: n, .. } if *n == node)
                || state.used.requests & (1 << i) != 0
        })
    };
    let waiting = state.world.nodes().any(|(id, n)| {
        n.up && n
            .proposer()
            .is_some_and(|p| p.value().is_some() || !requested(id))
    });
    if !waiting {
        return 0;
    }
    let highest = state
        .world
        .nodes()
        .filter_map(|(_, n)| n.proposer())
        .map(|p| p.last_round())
        .max()
        .unwrap_or(0);
    if highest < model.bounds().max_rounds {
        return DEMANDS;
    }
    // At the bound, only a quiet state is a candidate: a state stuck for good leads, by
    // delivering what is in flight, to a quiet one that is stuck too (see `crate::extra_round`).
    let up = |node| state.world.node(node).is_some_and(|n| n.up);
    if state.world.in_flight().any(|(packet, _)| up(packet.to)) {
        0
    } else {
        AT_BOUND
    }
}

/// What the search records for the progress property: the fault-free edges of the graph.
#[derive(Debug, Default)]
pub struct Progress {
    /// By state index: [`GOOD`] and [`DEMANDS`].
    flags: Vec<u8>,
    /// By expansion: the state expanded.
    owner: Vec<u32>,
    /// By expansion: where its successors start in `targets` (one more entry at the end).
    offsets: Vec<u32>,
    /// The fault-free successors of every expanded state, one expansion after another.
    targets: Vec<u32>,
}

impl Progress {
    /// Nothing recorded yet.
    pub fn new() -> Self {
        Self {
            offsets: vec![0],
            ..Self::default()
        }
    }

    /// A new state, numbered `index` (the next number): `expanded` is false for a state the
    /// search will not expand (it broke a safety rule).
    pub fn discovered(&mut self, index: u32, state: &State, model: &Model, expanded: bool) {
        debug_assert_eq!(index as usize, self.flags.len());
        let mut flags = 0;
        if chosen(state) || !expanded {
            flags |= GOOD;
        } else {
            flags |= wants(state, model);
        }
        self.flags.push(flags);
    }

    /// The search starts expanding the state numbered `index`.
    pub fn expanding(&mut self, index: u32) {
        self.owner.push(index);
        self.offsets.push(self.targets.len() as u32);
    }

    /// The state being expanded has a fault-free step to the state numbered `target`.
    pub fn edge(&mut self, target: u32) {
        self.targets.push(target);
        if let Some(end) = self.offsets.last_mut() {
            *end = self.targets.len() as u32;
        }
    }

    /// The state being expanded has a fault-free step that leaves the bounds: what follows is
    /// unknown, so it counts as able to progress.
    pub fn left_bounds(&mut self) {
        if let Some(&owner) = self.owner.last() {
            self.flags[owner as usize] |= GOOD;
        }
    }

    /// Bytes held.
    pub fn bytes(&self) -> u64 {
        (self.flags.capacity()
            + 4 * (self.owner.capacity() + self.offsets.capacity() + self.targets.capacity()))
            as u64
    }

    /// Once the graph is complete: the states from which no value can be chosen within the
    /// bounds, lowest-numbered first, each with whether it demands progress (it is stuck) or is
    /// at the round bound (it is stuck if one more round cannot help).
    pub fn stuck(&self) -> impl Iterator<Item = (u32, bool)> + '_ {
        let mut good: Vec<bool> = self.flags.iter().map(|f| f & GOOD != 0).collect();
        // Successors are mostly numbered after their parents, so sweeping the expansions from
        // last to first carries marks back along most edges in one pass; repeat until stable.
        loop {
            let mut changed = false;
            for e in (0..self.owner.len()).rev() {
                let s = self.owner[e] as usize;
                if good[s] {
                    continue;
                }
                let range = self.offsets[e] as usize..self.offsets[e + 1] as usize;
                if self.targets[range].iter().any(|&t| good[t as usize]) {
                    good[s] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        (self.flags.iter().zip(good).enumerate())
            .filter(|(_, (f, g))| !g && *f & (DEMANDS | AT_BOUND) != 0)
            .map(|(i, (f, _))| (i as u32, f & DEMANDS != 0))
    }
}
