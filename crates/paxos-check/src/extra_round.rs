//! **One more round**: whether a state that looks stuck at the round bound is stuck for good.
//!
//! The progress property ([`crate::progress`]) does not blame a state in which every proposer
//! has used its last allowed round: nothing may be chosen there only because the bound forbids
//! the retry that Paxos relies on. But some designs are stuck *whatever* the retries. Seed 002's
//! first naive design — each acceptor accepts the first value it sees and never changes its
//! mind — can split its acceptors (two for red, two for blue, with four acceptors) within the
//! first round, and no later round can mend that. A round bound of 2 would show it, but a
//! second round multiplies the graph many times over.
//!
//! So the check looks past the bound only where it has to. Once the search is complete, the
//! states that would demand progress but for the round bound, from which no choice is
//! reachable within the bounds, and in which no message is in flight to a running node (a
//! *quiet* state), are searched again **with one more round**: one proposer at a time acts
//! alone — its retry timer may fire once more, and its client request be made — while every
//! message is delivered as the roles send it, and nothing else happens: no loss, no duplicate,
//! no crash or restart, no other proposer's timer or request, and no limit on messages in
//! flight (with no duplicates and one bounded round, the network cannot fill for ever). If
//! some proposer gets a value chosen that way, the state was only cut by the bound. If none
//! does, the design is stuck: in correct Paxos a proposer retrying alone, with a ballot above
//! every one so far, a majority of acceptors up and nothing lost, always gets a value chosen in
//! that round — the distinguished proposer of Paxos Made Simple, section 2.4.
//!
//! Why quiet states are enough: if a state at the bound is stuck for good, delivering
//! everything in flight (within the bound, which fires no retry) leads to a quiet state, which
//! is stuck too — it can reach no more than the state it came from. (If that delivery leaves
//! the limit on messages in flight, the state was given the benefit of the doubt anyway.)
//!
//! **How.** A depth-first search for each proposer stops at the first state with a value
//! chosen (or one that broke a safety rule: what follows a violation proves nothing, so it
//! counts as able to progress). Each proposer has two memories shared by all these searches,
//! both sound: the states on the path to a choice can reach one; and when a search ends
//! without a choice, every state it visited cannot (it visited everything they can reach).

use crate::bounds::MAX_IN_FLIGHT;
use crate::model::{Model, Move, Planned, State, Step};
use crate::parts::{fingerprint, Passthrough};
use crate::property::value_chosen as chosen;
use paxos_core::NodeId;
use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasherDefault;

type Keys = HashSet<u64, BuildHasherDefault<Passthrough>>;

/// Searches past the round bound, remembering what earlier searches learnt.
pub struct ExtraRound {
    model: Model,
    /// By proposer: the states known to reach a choice, and those known not to.
    memory: BTreeMap<NodeId, (Keys, Keys)>,
    visited: u64,
}

impl ExtraRound {
    /// For states of `model`: the same model with one more round, no faults and no limit on
    /// messages in flight.
    pub fn new(model: &Model) -> Self {
        let mut bounds = model.bounds().clone();
        bounds.max_rounds += 1;
        bounds.max_in_flight = MAX_IN_FLIGHT;
        bounds.max_drops = 0;
        bounds.max_duplicates = 0;
        bounds.max_crashes = 0;
        Self {
            model: model.with_bounds(bounds),
            memory: BTreeMap::new(),
            visited: 0,
        }
    }

    /// States visited by all the searches so far (each search counts its own).
    pub fn visited(&self) -> u64 {
        self.visited
    }

    /// Whether, from `start`, some proposer that is up, acting alone with one more round and
    /// no further fault, gets a value chosen.
    pub fn can_choose(&mut self, start: &State) -> bool {
        if chosen(start) {
            return true;
        }
        let proposers: Vec<NodeId> = (start.world.nodes())
            .filter(|(_, n)| n.up && n.proposer().is_some())
            .map(|(id, _)| id)
            .collect();
        proposers.into_iter().any(|p| self.alone(start, p))
    }

    /// Whether proposer `p`, acting alone from `start`, gets a value chosen.
    fn alone(&mut self, start: &State, p: NodeId) -> bool {
        let (reaches, dead) = self.memory.entry(p).or_default();
        let key = fingerprint(start);
        if reaches.contains(&key) {
            return true;
        }
        if dead.contains(&key) {
            return false;
        }
        let mut seen = Keys::default();
        seen.insert(key);
        let mut visited = 1;
        let steps = alone_steps(&self.model, start, p);
        let mut stack: Vec<(u64, State, Vec<Step>)> = vec![(key, start.clone(), steps)];
        let mut found = false;
        while let Some((_, state, steps)) = stack.last_mut() {
            let Some(step) = steps.pop() else {
                stack.pop();
                continue;
            };
            let next = match self.model.next(state, &step, 0) {
                // Cannot happen with no limit on messages in flight; counted as a way on.
                None => None,
                Some(next) if !next.violations.is_empty() || chosen(&next.state) => None,
                Some(next) => Some(next.state),
            };
            let Some(next) = next else {
                found = true;
                break;
            };
            let key = fingerprint(&next);
            if reaches.contains(&key) {
                found = true;
                break;
            }
            if dead.contains(&key) || !seen.insert(key) {
                continue;
            }
            visited += 1;
            let steps = alone_steps(&self.model, &next, p);
            stack.push((key, next, steps));
        }
        self.visited += visited;
        if found {
            reaches.extend(stack.iter().map(|(k, ..)| *k));
        } else {
            dead.extend(seen);
        }
        found
    }
}

/// The steps from `state` with proposer `p` acting alone and nothing failing, last first (the
/// stack pops them in the model's order).
fn alone_steps(model: &Model, state: &State, p: NodeId) -> Vec<Step> {
    let packets: Vec<_> = state.world.in_flight().map(|(p, _)| p).collect();
    let alone = |step: &Move| match step {
        Move::Deliver(_) => true,
        Move::Fire(node, _) => *node == p,
        Move::Request(i) => matches!(
            model.requests().get(usize::from(*i)),
            Some(Planned::Propose { node, .. }) if *node == p
        ),
        _ => false,
    };
    let mut steps: Vec<Step> = (model.moves(state).iter())
        .filter(|m| alone(m))
        .map(|m| m.step(&packets))
        .collect();
    steps.reverse();
    steps
}
