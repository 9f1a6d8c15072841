//! The action log: every action a simulation applied, in order, shared between a simulation and
//! the checkpoints the timeline keeps of it.
//!
//! A checkpoint is a clone of the simulation, and the timeline keeps one every few hundred steps
//! (time travel), so cloning must not copy the history. The log only ever grows, so it needs
//! less than a general persistent vector: full chunks of [`CHUNK`] actions are shared, newest
//! first, in a linked list; only the chunk being filled is owned, and a clone copies at most
//! that one when it next grows (copy on write). Cloning is O(1), a push is amortised O(1), and
//! a long history costs one pointer per chunk.
//!
//! (It replaced `imbl::Vector`, whose general-purpose tree was about 5 KB of the page's
//! first-load wasm, gzip.)

use super::Action;
use std::fmt;
use std::sync::Arc;

/// Actions per shared chunk.
const CHUNK: usize = 64;

/// A full chunk and the chunks before it.
struct Chunk {
    actions: Vec<Action>,
    /// The chunk before this one, if any.
    before: Option<Arc<Chunk>>,
}

/// An append-only list of actions whose clones share everything but the chunk being filled.
#[derive(Clone, Default)]
pub struct ActionLog {
    /// The newest full chunk (which links to the older ones).
    full: Option<Arc<Chunk>>,
    /// How many actions the full chunks hold.
    in_full: usize,
    /// The chunk being filled, shared with clones until one of them grows.
    filling: Arc<Vec<Action>>,
}

impl ActionLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of actions.
    pub fn len(&self) -> usize {
        self.in_full + self.filling.len()
    }

    /// Whether no action was logged.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends an action.
    pub fn push(&mut self, action: Action) {
        let filling = Arc::make_mut(&mut self.filling);
        filling.push(action);
        if filling.len() == CHUNK {
            let actions = std::mem::take(filling);
            self.in_full += actions.len();
            self.full = Some(Arc::new(Chunk {
                actions,
                before: self.full.take(),
            }));
        }
    }

    /// The actions, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Action> + '_ {
        let mut chunks = Vec::with_capacity(self.in_full / CHUNK);
        let mut chunk = self.full.as_deref();
        while let Some(c) = chunk {
            chunks.push(c);
            chunk = c.before.as_deref();
        }
        chunks
            .into_iter()
            .rev()
            .flat_map(|c| c.actions.iter())
            .chain(self.filling.iter())
    }
}

impl Drop for ActionLog {
    /// Frees the chunks one by one: dropping a long list recursively could overflow the stack.
    fn drop(&mut self) {
        let mut next = self.full.take();
        while let Some(chunk) = next {
            next = match Arc::try_unwrap(chunk) {
                Ok(mut owned) => owned.before.take(),
                // Still shared with a clone, which frees the rest later.
                Err(_) => None,
            };
        }
    }
}

impl PartialEq for ActionLog {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for ActionLog {}

impl fmt::Debug for ActionLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NodeId;

    fn action(i: usize) -> Action {
        Action::Crash {
            node: NodeId(i as u32),
        }
    }

    #[test]
    fn clones_share_the_past_and_grow_apart() {
        let mut log = ActionLog::new();
        let mut copies = Vec::new();
        for i in 0..1000 {
            if i % 37 == 0 {
                copies.push((i, log.clone()));
            }
            log.push(action(i));
        }
        assert_eq!(log.len(), 1000);
        assert!(log.iter().cloned().eq((0..1000).map(action)));
        // Each clone kept exactly what was logged when it was made, and grows on its own.
        for (len, copy) in &mut copies {
            assert_eq!(copy.len(), *len);
            assert!(copy.iter().cloned().eq((0..*len).map(action)));
            copy.push(action(5000));
            assert_eq!(copy.iter().last(), Some(&action(5000)));
            assert_eq!(copy.len(), *len + 1);
        }
        assert!(log.iter().cloned().eq((0..1000).map(action)));
        assert_eq!(log, log.clone());
        assert_ne!(log, copies[3].1);
        assert!(ActionLog::new().is_empty());
    }

    #[test]
    fn a_very_long_log_drops_without_recursion() {
        let mut log = ActionLog::new();
        for _ in 0..2_000_000 {
            log.push(Action::Step);
        }
        let half = log.clone();
        drop(log);
        assert_eq!(half.len(), 2_000_000);
    }
}
