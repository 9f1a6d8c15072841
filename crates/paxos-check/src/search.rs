//! Explicit-state search: every state reachable within the bounds, each visited once.
//!
//! A state is known by its **fingerprint**, a 64-bit XXH3 hash of the world, the checker's
//! [digest](paxos_core::checks::Checker::digest) and the bounds used, composed of parts so that
//! most successors are fingerprinted without being built ([`crate::parts`]). Only fingerprints are kept
//! for visited states, so two different states with equal fingerprints would be merged and
//! the second one's successors missed. With `n` unique states the odds of any such collision
//! are about `n² / 2⁶⁵`: one in 37 million for a million states, one in 3,700 for a hundred
//! million. (TLC and Stateright make the same trade.)
//!
//! Each unique state also gets an index and a **parent link**: the index of the state it was
//! first reached from (4 bytes) and which of that state's enabled steps led here (2 bytes).
//! That is enough to rebuild a path: follow the links back to the start, then replay the steps
//! forward through the model.
//!
//! Breadth-first order visits states by distance from the start, so the first violation found
//! of each rule is at the end of a *shortest* path to any violation of it. Depth-first order
//! keeps only a stack, which is smaller, but its paths are not the shortest.
//!
//! The search is resumable: [`Search::run`] does a bounded amount of work and returns, so the
//! page can report progress and a worker can be stopped between two calls. It reads no clock:
//! the caller times it.

use crate::extra_round::ExtraRound;
use crate::frontier::{Frontier, Item};
use crate::model::{Model, State, Step};
use crate::parts::{Parts, Passthrough, Stepper, Successor};
use crate::progress::{fault_free, Progress};
use crate::property::{properties, Expect, Property};
use paxos_core::world::Packet;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// The order states are explored in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Order {
    /// Breadth-first: shortest counterexamples.
    #[default]
    BreadthFirst,
    /// Depth-first: a stack instead of a queue.
    DepthFirst,
}

pub use crate::parts::fingerprint;

/// The fingerprints of the states visited; with the progress property, also each state's
/// index, for the edges of the graph to name their targets.
enum Visited {
    Set(HashSet<u64, BuildHasherDefault<Passthrough>>),
    Map(HashMap<u64, u32, BuildHasherDefault<Passthrough>>),
}

impl Visited {
    /// Records `key` as the state numbered `index`; if it was already there, `Err` with that
    /// state's index when it is known.
    fn insert(&mut self, key: u64, index: u32) -> Result<(), Option<u32>> {
        match self {
            Visited::Set(set) => set.insert(key).then_some(()).ok_or(None),
            Visited::Map(map) => match map.entry(key) {
                Entry::Occupied(old) => Err(Some(*old.get())),
                Entry::Vacant(new) => {
                    new.insert(index);
                    Ok(())
                }
            },
        }
    }

    /// Bytes held: a control byte and an entry per slot.
    fn bytes(&self) -> u64 {
        match self {
            Visited::Set(set) => set.capacity() as u64 * (8 + 1),
            Visited::Map(map) => map.capacity() as u64 * (16 + 1),
        }
    }
}

/// Where a property's example or counterexample was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The index of the state (see [`Search::path`]).
    pub index: u32,
    /// Its distance from the start.
    pub depth: u32,
    /// For a violation, the checker's sentence about it.
    pub detail: Option<String>,
}

/// Counts so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// States generated: every transition taken, including to states seen before.
    pub generated: u64,
    /// Unique states (by fingerprint).
    pub unique: u64,
    /// The greatest distance from the start reached.
    pub depth: u32,
    /// States waiting to be explored.
    pub frontier: u64,
    /// Transitions to states outside the bounds, not explored.
    pub outside: u64,
    /// Whether every reachable state within the bounds has been explored.
    pub complete: bool,
    /// States visited past the round bound, to decide the progress property (see
    /// [`crate::extra_round`]).
    pub past_bound: u64,
    /// Whether the search stopped before it was complete: at the `maxStates` bound, or at
    /// the first violation when asked to.
    pub truncated: bool,
}

/// A search of a model's state graph, run a slice at a time.
pub struct Search {
    model: Model,
    properties: Vec<Property>,
    found: Vec<Option<Found>>,
    visited: Visited,
    progress: Option<Progress>,
    parents: Vec<u32>,
    via: Vec<u16>,
    frontier: Frontier,
    stepper: Stepper,
    counts: Counts,
    stop_at_violation: bool,
}

/// What a stuck state's report says.
const STUCK: &str = "stuck: from here no value can ever be chosen, even if no message is lost \
                     and no node fails or restarts any more, though a proposer is up with a value \
                     to propose (or a request to come) and no round has reached the bound";
/// What a stuck state at the round bound says.
const STUCK_PAST_BOUND: &str = "stuck: from here no value can ever be chosen, even if one \
                                proposer retries alone with one more round than the bound \
                                allows, no message is lost and no node fails or restarts any \
                                more, though a proposer is up with a value to propose (or a \
                                request to come)";

/// The parent of the start state.
const ROOT: u32 = u32::MAX;

impl Search {
    /// A search of `model` in `order`, at its start state.
    pub fn new(model: Model, order: Order) -> Self {
        let properties = properties(&model);
        let init = model.init().clone();
        let progress = properties.iter().any(Property::is_progress);
        let mut search = Self {
            found: vec![None; properties.len()],
            properties,
            visited: if progress {
                Visited::Map(HashMap::default())
            } else {
                Visited::Set(HashSet::default())
            },
            progress: progress.then(Progress::new),
            parents: Vec::new(),
            via: Vec::new(),
            frontier: Frontier::new(order, model.bounds().pack),
            // A packed queue puts memory first: the remembered reactions keep hashes only.
            stepper: Stepper::new(!model.bounds().pack),
            counts: Counts::default(),
            stop_at_violation: false,
            model,
        };
        let _ = search.visited.insert(search.key(&init), 0);
        if let Some(progress) = &mut search.progress {
            progress.discovered(0, &init, &search.model, true);
        }
        search.parents.push(ROOT);
        search.via.push(0);
        search.counts.unique = 1;
        search.reached(&init, 0, 0);
        search.frontier.push(Item {
            state: init,
            index: 0,
            depth: 0,
            known: None,
        });
        search.counts.frontier = 1;
        search
    }

    /// How the visited set knows a state: its fingerprint, or with symmetry reduction its
    /// canonical fingerprint.
    fn key(&self, state: &State) -> u64 {
        match self.model.symmetry() {
            Some(symmetry) => symmetry.fingerprint(state),
            None => fingerprint(state),
        }
    }

    /// Makes the search stop as soon as a rule is violated (the counterexample is then a
    /// shortest one in breadth-first order, and the counts are partial).
    pub fn stop_at_violation(mut self, stop: bool) -> Self {
        self.stop_at_violation = stop;
        self
    }

    /// Whether some always property has a counterexample.
    pub fn violated(&self) -> bool {
        self.properties
            .iter()
            .zip(&self.found)
            .any(|(p, f)| p.expect == Expect::Always && f.is_some())
    }

    /// The model searched.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The properties decided, in order.
    pub fn properties(&self) -> &[Property] {
        &self.properties
    }

    /// For each property, where its example or counterexample was found, if it was.
    pub fn found(&self) -> &[Option<Found>] {
        &self.found
    }

    /// The counts so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Bytes the search holds besides the states waiting in the frontier: the visited set and
    /// the parent links (the frontier is counted by the command line's allocator instead).
    pub fn index_bytes(&self) -> u64 {
        self.visited.bytes()
            + self.parents.capacity() as u64 * 4
            + self.via.capacity() as u64 * 2
            + self.progress.as_ref().map_or(0, Progress::bytes)
    }

    /// Whether the search has finished (complete, or stopped at the state bound).
    pub fn done(&self) -> bool {
        self.counts.complete || self.counts.truncated
    }

    /// Explores up to `budget` states from the frontier; returns whether the search is done.
    pub fn run(&mut self, budget: u64) -> bool {
        let limit = self.model.bounds().max_states;
        for _ in 0..budget {
            if self.done() {
                break;
            }
            if limit > 0 && self.counts.unique >= limit && !self.frontier.is_empty() {
                self.counts.truncated = true;
                break;
            }
            let Some(item) = self.frontier.pop() else {
                self.complete();
                break;
            };
            self.expand(item);
            if self.frontier.is_empty() {
                self.complete();
            } else if self.stop_at_violation && self.violated() {
                self.counts.truncated = true;
            }
        }
        self.counts.frontier = self.frontier.len() as u64;
        self.done()
    }

    /// Runs to the end.
    pub fn run_to_end(&mut self) {
        while !self.run(1 << 16) {}
    }

    /// Every state has been explored: decides the progress property.
    fn complete(&mut self) {
        self.counts.complete = true;
        let Some(p) = self.properties.iter().position(Property::is_progress) else {
            return;
        };
        let Some(progress) = &self.progress else {
            return;
        };
        let mut extra = ExtraRound::new(&self.model);
        let mut found = None;
        for (index, demands) in progress.stuck() {
            if demands {
                found = Some((index, STUCK));
                break;
            }
            // At the round bound: stuck only if one more round cannot help either.
            let state = self.path(index).map(|(_, state)| state);
            if state.is_some_and(|state| !extra.can_choose(&state)) {
                found = Some((index, STUCK_PAST_BOUND));
                break;
            }
        }
        self.counts.past_bound = extra.visited();
        let Some((stuck, detail)) = found else {
            return;
        };
        let mut depth = 0;
        let mut at = stuck;
        while self.parents[at as usize] != ROOT {
            at = self.parents[at as usize];
            depth += 1;
        }
        self.found[p] = Some(Found {
            index: stuck,
            depth,
            detail: Some(detail.into()),
        });
    }

    fn expand(&mut self, item: Item) {
        let depth = item.depth + 1;
        if let Some(progress) = &mut self.progress {
            progress.expanding(item.index);
        }
        // With symmetry reduction a state is known by its canonical fingerprint, which needs
        // the state itself: every successor is built then.
        let parts = self
            .model
            .symmetry()
            .is_none()
            .then(|| Parts::of(&item.state, item.known.as_ref()));
        let packets: Vec<&Packet> = item.state.world.in_flight().map(|(p, _)| p).collect();
        for (i, step) in self.model.moves(&item.state).iter().enumerate() {
            self.counts.generated += 1;
            let free = self.progress.is_some() && fault_free(step);
            let successor = match &parts {
                Some(parts) => {
                    let parent = (&item.state, parts, &packets[..]);
                    (self.stepper).successor(&self.model, parent, step, u64::from(depth))
                }
                None => Successor::Build,
            };
            let build = || {
                self.model
                    .next(&item.state, &step.step(&packets), u64::from(depth))
            };
            let (key, built, delta) = match successor {
                Successor::Fingerprint(key, delta) => (Some(key), None, Some(delta)),
                Successor::Build => match build() {
                    Some(next) => (Some(self.key(&next.state)), Some(next), None),
                    None => (None, None, None),
                },
                Successor::Outside => (None, None, None),
            };
            let Some(key) = key else {
                self.counts.outside += 1;
                if let (true, Some(progress)) = (free, &mut self.progress) {
                    progress.left_bounds();
                }
                continue;
            };
            let index = self.parents.len() as u32;
            if let Err(old) = self.visited.insert(key, index) {
                if let (true, Some(progress), Some(old)) = (free, &mut self.progress, old) {
                    progress.edge(old);
                }
                continue;
            }
            // A new state: built now, if its fingerprint was predicted (from the remembered
            // reaction, if a node reacted).
            let next = built.or_else(|| match delta.and_then(|d| self.stepper.reacted(&d)) {
                Some(reacted) => self.model.next_reacted(
                    &item.state,
                    &step.step(&packets),
                    u64::from(depth),
                    Some(reacted),
                ),
                None => build(),
            });
            let Some(next) = next else {
                // Cannot happen: a step whose successor was fingerprinted can be taken.
                debug_assert!(false, "predicted {step:?} but could not take it");
                self.counts.outside += 1;
                continue;
            };
            debug_assert_eq!(self.key(&next.state), key, "predicted {step:?}");
            self.parents.push(item.index);
            self.via.push(i as u16);
            self.counts.unique += 1;
            self.counts.depth = self.counts.depth.max(depth);
            let violated = !next.violations.is_empty();
            for violation in &next.violations {
                let hit = self
                    .properties
                    .iter()
                    .position(|p| p.rule() == Some(violation.rule));
                if let Some(p) = hit {
                    if self.found[p].is_none() {
                        self.found[p] = Some(Found {
                            index,
                            depth,
                            detail: Some(violation.detail.clone()),
                        });
                    }
                }
            }
            self.reached(&next.state, index, depth);
            if let Some(progress) = &mut self.progress {
                progress.discovered(index, &next.state, &self.model, !violated);
                if free {
                    progress.edge(index);
                }
            }
            // A state that broke a rule ends its path: what follows a violation proves nothing.
            if !violated {
                let known = parts.as_ref().zip(delta).map(|(p, d)| p.after(&d));
                self.frontier.push(Item {
                    state: next.state,
                    index,
                    depth,
                    known,
                });
            }
        }
    }

    /// Records the sometimes properties `state` meets for the first time.
    fn reached(&mut self, state: &State, index: u32, depth: u32) {
        for (p, property) in self.properties.iter().enumerate() {
            if property.expect == Expect::Sometimes
                && self.found[p].is_none()
                && property.reached(state)
            {
                self.found[p] = Some(Found {
                    index,
                    depth,
                    detail: None,
                });
            }
        }
    }

    /// The path from the start to the state with this index: its steps, and the state.
    pub fn path(&self, index: u32) -> Option<(Vec<Step>, State)> {
        let mut picks = Vec::new();
        let mut at = index;
        while at != ROOT {
            let i = at as usize;
            if i >= self.parents.len() {
                return None;
            }
            if self.parents[i] != ROOT {
                picks.push(self.via[i]);
            }
            at = self.parents[i];
        }
        picks.reverse();
        let mut state = self.model.init().clone();
        let mut steps = Vec::with_capacity(picks.len());
        for (depth, pick) in picks.into_iter().enumerate() {
            let step = self
                .model
                .steps(&state)
                .into_iter()
                .nth(usize::from(pick))?;
            state = self.model.next(&state, &step, depth as u64 + 1)?.state;
            steps.push(step);
        }
        Some((steps, state))
    }
}
