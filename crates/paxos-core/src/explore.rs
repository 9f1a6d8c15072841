//! Exploring by hand: every action enabled in the current state, and which of them lead back to
//! a protocol state already seen on the way here.
//!
//! A model checker visits every state of a small configuration; a person exploring the page
//! visits one path. [`Explorer::explore`] lists, at the cursor of a [`Timeline`], every next
//! action the network and the failures allow — deliver, drop or duplicate each message in
//! flight, fire each pending timer, crash each running node, restart each crashed one (client
//! requests are left to the page's own forms) — and marks each one that leads to a
//! [`World`] equal to the world at an earlier step of the path: a cycle, which a model checker
//! would not explore again, since nothing new can happen from there.
//!
//! Worlds are compared by [`fingerprint`], the world's `Hash` through
//! [`DefaultHasher::new`](std::hash::DefaultHasher::new): fixed within a build, never stored nor
//! shown, so it need not be stable across versions. Two different worlds with equal 64-bit
//! fingerprints would show a false mark; with a few thousand steps the odds are below one in
//! a trillion. The fingerprints of the path's steps are cached per step: exploring again after
//! one more action hashes one more world, and a fork or another run recomputes only what
//! changed. At most [`LOOKBACK`] steps before the cursor are compared, so that a first look at
//! a very long run stays quick.
//!
//! ```
//! use paxos_core::explore::Explorer;
//! use paxos_core::{Action, Config, NodeId, Timeline};
//!
//! let mut run = Timeline::new(Config::default(), 1)?;
//! run.apply(Action::Propose { node: NodeId(0), value: "blue".into() })?;
//! // P1's prepare to each acceptor is in flight: duplicate the first one.
//! let mut explorer = Explorer::default();
//! let first = explorer.explore(&run)?.moves[0].action.clone();
//! let Action::Deliver { id } = first else { panic!("{first:?}") };
//! run.apply(Action::Duplicate { id })?;
//! // Dropping either copy gives back the world of step 1: the moves say so.
//! let explored = explorer.explore(&run)?;
//! let drop = explored.moves.iter().find(|m| m.action == Action::Drop { id }).unwrap();
//! assert_eq!(drop.revisits, Some(1));
//! # Ok::<(), paxos_core::Error>(())
//! ```

use crate::config::Config;
use crate::error::Result;
use crate::sim::{Action, Simulation};
use crate::timeline::Timeline;
use crate::world::World;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The most steps before the cursor whose worlds a move is compared with.
pub const LOOKBACK: u64 = 20_000;

/// The fingerprint of a protocol world (see the module docs).
pub fn fingerprint(world: &World) -> u64 {
    let mut hasher = DefaultHasher::new();
    world.hash(&mut hasher);
    hasher.finish()
}

/// One enabled action and where it leads.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    /// The action, as the simulator takes it.
    pub action: Action,
    /// The earliest step of the path (at most the cursor) whose world equals the world this
    /// action leads to, if there is one.
    pub revisits: Option<u64>,
}

/// Every move at the cursor, and how far back they were compared.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explored {
    /// The moves: each message's deliver, drop and duplicate (by message id), each pending
    /// timer's fire (by due time), then each node's crash or restart (by id).
    pub moves: Vec<Move>,
    /// The first step compared with (0 unless the path is longer than [`LOOKBACK`]).
    pub from: u64,
    /// The cursor: the last step compared with.
    pub cursor: u64,
}

/// Every action the simulation allows now, except client requests and network settings:
/// deliver, drop and duplicate each message in flight, fire each pending timer, crash each
/// running node and restart each crashed one.
pub fn enabled(sim: &Simulation) -> Vec<Action> {
    let mut actions = Vec::new();
    for envelope in sim.in_flight() {
        let id = envelope.id;
        actions.extend([
            Action::Deliver { id },
            Action::Drop { id },
            Action::Duplicate { id },
        ]);
    }
    actions.extend(
        sim.timers
            .values()
            .map(|&(node, timer)| Action::Fire { node, timer }),
    );
    for (id, node) in sim.world().nodes() {
        actions.push(if node.up {
            Action::Crash { node: id }
        } else {
            Action::Restart { node: id }
        });
    }
    // Whatever the simulation itself refuses (e.g. crashing a server that has left) is not
    // enabled.
    actions.retain(|action| sim.clone().apply(action.clone()).is_ok());
    actions
}

/// The fingerprints of the worlds along a run's history, cached per step.
#[derive(Clone, Debug, Default)]
pub struct Explorer {
    /// The run the cache is for: its configuration and seed.
    run: Option<(Config, u32)>,
    /// The actions the cached fingerprints were computed from.
    actions: Vec<Action>,
    /// `prints[i]` is the fingerprint of the world after step `base + i`.
    prints: Vec<u64>,
    base: u64,
}

impl Explorer {
    /// Every move at the timeline's cursor, each with the earliest earlier step (within
    /// [`LOOKBACK`]) whose world it leads back to.
    pub fn explore(&mut self, timeline: &Timeline) -> Result<Explored> {
        let cursor = timeline.cursor() as u64;
        let from = cursor.saturating_sub(LOOKBACK);
        self.sync(timeline, from, cursor)?;
        // The cache may hold later steps too (the cursor was rewound): only the path counts.
        let path = &self.prints[(from - self.base) as usize..=(cursor - self.base) as usize];
        let mut seen: BTreeMap<u64, u64> = BTreeMap::new();
        for (i, &print) in path.iter().enumerate() {
            seen.entry(print).or_insert(from + i as u64);
        }
        let sim = timeline.current();
        let moves = enabled(sim)
            .into_iter()
            .map(|action| {
                let mut next = sim.clone();
                let revisits = next
                    .apply(action.clone())
                    .ok()
                    .and_then(|_| seen.get(&fingerprint(next.world())).copied());
                Move { action, revisits }
            })
            .collect();
        Ok(Explored {
            moves,
            from,
            cursor,
        })
    }

    /// Makes the cache hold the fingerprints of steps `from` to `to` of the timeline.
    fn sync(&mut self, timeline: &Timeline, from: u64, to: u64) -> Result<()> {
        let current = timeline.current();
        let run = (current.config().clone(), current.seed);
        let actions = timeline.actions();
        // The world after step k depends on the first k actions: the cache is good up to the
        // first action that differs.
        let agree = if self.run.as_ref() == Some(&run) {
            self.actions
                .iter()
                .zip(actions)
                .take_while(|(a, b)| a == b)
                .count() as u64
        } else {
            0
        };
        let good_end = (self.base + self.prints.len() as u64).min(agree + 1);
        if self.run.as_ref() != Some(&run) || good_end <= from || self.base > from {
            self.run = Some(run);
            self.base = from;
            self.prints.clear();
        } else {
            self.prints.truncate((good_end - self.base) as usize);
        }
        let next = self.base + self.prints.len() as u64;
        if next <= to {
            let prints = &mut self.prints;
            timeline.visit(next, to, |_, sim| prints.push(fingerprint(sim.world())))?;
        }
        let end = self.base as usize + self.prints.len() - 1;
        if self.actions.len() < end || self.actions[..end] != actions[..end] {
            self.actions.clear();
            self.actions.extend_from_slice(&actions[..end]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Timer;
    use crate::{Mode, NodeId};

    fn proposed() -> Timeline {
        let mut run = Timeline::new(Config::default(), 1).unwrap();
        run.apply(Action::Propose {
            node: NodeId(0),
            value: "blue".into(),
        })
        .unwrap();
        run
    }

    fn ids(run: &Timeline) -> Vec<u64> {
        run.current().in_flight().map(|e| e.id).collect()
    }

    #[test]
    fn every_message_timer_and_node_has_its_moves_in_order() {
        let run = proposed();
        let explored = Explorer::default().explore(&run).unwrap();
        let messages = ids(&run);
        assert_eq!(messages.len(), 3, "a prepare to each acceptor");
        let mut expected = Vec::new();
        for &id in &messages {
            expected.extend([
                Action::Deliver { id },
                Action::Drop { id },
                Action::Duplicate { id },
            ]);
        }
        expected.push(Action::Fire {
            node: NodeId(0),
            timer: Timer::Retry,
        });
        let nodes = run.current().world().len() as u32;
        expected.extend((0..nodes).map(|n| Action::Crash { node: NodeId(n) }));
        let actions: Vec<Action> = explored.moves.iter().map(|m| m.action.clone()).collect();
        assert_eq!(actions, expected);
        assert_eq!((explored.from, explored.cursor), (0, 1));
        assert!(explored.moves.iter().all(|m| m.revisits.is_none()));
        // Every move is one the simulation takes.
        for m in &explored.moves {
            run.current().clone().apply(m.action.clone()).unwrap();
        }
    }

    #[test]
    fn a_crashed_node_can_only_restart() {
        let mut run = proposed();
        run.apply(Action::Crash { node: NodeId(2) }).unwrap();
        let moves = Explorer::default().explore(&run).unwrap().moves;
        assert!(moves.contains(&Move {
            action: Action::Restart { node: NodeId(2) },
            revisits: None,
        }));
        assert!(!moves
            .iter()
            .any(|m| m.action == Action::Crash { node: NodeId(2) }));
    }

    #[test]
    fn dropping_a_duplicate_goes_back_to_the_step_before_it() {
        let mut run = proposed();
        let id = ids(&run)[0];
        run.apply(Action::Duplicate { id }).unwrap();
        let copy = *ids(&run).last().unwrap();
        let mut explorer = Explorer::default();
        let moves = explorer.explore(&run).unwrap().moves;
        let revisit = |action: Action| moves.iter().find(|m| m.action == action).unwrap().revisits;
        // One copy fewer in flight: the world of step 1, whichever copy goes.
        assert_eq!(revisit(Action::Drop { id }), Some(1));
        assert_eq!(revisit(Action::Drop { id: copy }), Some(1));
        // Delivering a copy is progress, not a cycle.
        assert_eq!(revisit(Action::Deliver { id }), None);
        assert_eq!(revisit(Action::Duplicate { id }), None);
        // Taken, the drop is a normal step of the path, and the mark says where it came back to.
        run.apply(Action::Drop { id: copy }).unwrap();
        assert_eq!(run.current().world(), {
            let mut back = run.clone();
            back.seek(1).unwrap();
            &back.current().world().clone()
        });
    }

    #[test]
    fn the_cache_follows_forks_seeks_and_new_runs() {
        let mut run = proposed();
        let id = ids(&run)[0];
        run.apply(Action::Duplicate { id }).unwrap();
        let mut explorer = Explorer::default();
        let fresh = |run: &Timeline| Explorer::default().explore(run).unwrap();
        assert_eq!(explorer.explore(&run).unwrap(), fresh(&run));
        // Rewound to step 1, the duplicate is one step ahead again: no mark from step 2, which
        // is not on the path to the cursor.
        run.seek(1).unwrap();
        let at1 = explorer.explore(&run).unwrap();
        assert_eq!(at1, fresh(&run));
        assert!(at1.moves.iter().all(|m| m.revisits.is_none()));
        // A fork replaces step 2: the cache drops what the old step 2 gave.
        run.apply(Action::Deliver { id }).unwrap();
        assert_eq!(explorer.explore(&run).unwrap(), fresh(&run));
        // Another run with the same actions but another seed, and another protocol.
        let mut other = Timeline::new(Config::default(), 9).unwrap();
        for action in run.actions() {
            other.apply(action.clone()).unwrap();
        }
        assert_eq!(explorer.explore(&other).unwrap(), fresh(&other));
        let multi = Timeline::new(
            Config {
                mode: Mode::Multi,
                ..Config::default()
            },
            1,
        )
        .unwrap();
        assert_eq!(explorer.explore(&multi).unwrap(), fresh(&multi));
    }

    #[test]
    fn a_long_run_compares_only_the_last_lookback_steps() {
        let config = Config {
            mode: Mode::Multi,
            ..Config::default()
        };
        let mut run = Timeline::new(config, 3).unwrap();
        for _ in 0..LOOKBACK + 300 {
            run.apply(Action::Step).unwrap();
        }
        let mut explorer = Explorer::default();
        let explored = explorer.explore(&run).unwrap();
        assert_eq!(explored.cursor, LOOKBACK + 300);
        assert_eq!(explored.from, 300);
        assert_eq!(explorer.prints.len() as u64, LOOKBACK + 1);
        // One step more hashes one world more, and forgets the oldest only when rebuilt.
        run.apply(Action::Step).unwrap();
        let again = explorer.explore(&run).unwrap();
        assert_eq!(again.from, 301);
        assert_eq!(explorer.base, 300);
        assert_eq!(explorer.prints.len() as u64, LOOKBACK + 2);
    }

    #[test]
    fn fingerprints_of_equal_worlds_are_equal() {
        let run = proposed();
        let mut back = run.clone();
        back.seek(0).unwrap();
        let start = Timeline::new(Config::default(), 1).unwrap();
        assert_eq!(
            fingerprint(back.current().world()),
            fingerprint(start.current().world())
        );
        assert_ne!(
            fingerprint(run.current().world()),
            fingerprint(start.current().world())
        );
    }
}
