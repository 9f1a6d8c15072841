//! Shortening a depth-first counterexample, as property-based testing shrinks a failing input.
//!
//! Breadth-first search hands back a shortest path to a broken rule, but some graphs are too
//! large to search breadth-first down to the depth where the rule breaks. Changing membership
//! without consensus is one: the two sides must each elect a leader and choose a command, some
//! sixteen steps, and the states within that many steps number in the hundreds of millions.
//! Depth-first search finds such a path at once, but a long and wandering one: it takes
//! whichever step comes first, including many that do not matter.
//!
//! So a depth-first counterexample is shortened: each step in turn is left out, and if the rest
//! still replays (every step still enabled, within the bounds) to a state where the same rule
//! breaks, the shorter path is kept, cut at the step where the rule breaks; this repeats until
//! no single step can go. The result is *locally* shortest — no one step can be removed — but
//! not proven shortest, which only a breadth-first search can say; the report says which.

use crate::model::{Model, State, Step};
use paxos_core::Rule;

/// The most replays one shortening may try (a path of `n` steps needs about `n` per pass).
const MAX_REPLAYS: usize = 4_000;

/// `steps`, shortened while the path still ends where `rule` breaks, and the checker's
/// sentence about the violation at its end. `None` if `steps` itself does not break `rule`.
pub fn shorten(model: &Model, steps: &[Step], rule: Rule) -> Option<(Vec<Step>, String)> {
    let (end, mut detail) = breaks(model, steps, rule)?;
    let mut best = steps[..end].to_vec();
    let mut replays = 0;
    let mut shorter = true;
    while shorter && replays < MAX_REPLAYS {
        shorter = false;
        let mut i = 0;
        while i < best.len() && replays < MAX_REPLAYS {
            replays += 1;
            let mut candidate = best.clone();
            candidate.remove(i);
            match breaks(model, &candidate, rule) {
                Some((end, sentence)) => {
                    candidate.truncate(end);
                    best = candidate;
                    detail = sentence;
                    shorter = true;
                }
                None => i += 1,
            }
        }
    }
    Some((best, detail))
}

/// Replays `steps` from the start; where `rule` first breaks, the number of steps taken and the
/// checker's sentence. `None` if a step is not enabled where it comes, or the rule never breaks.
fn breaks(model: &Model, steps: &[Step], rule: Rule) -> Option<(usize, String)> {
    let mut state: State = model.init().clone();
    for (i, step) in steps.iter().enumerate() {
        if !model.steps(&state).contains(step) {
            return None;
        }
        let next = model.next(&state, step, i as u64 + 1)?;
        if let Some(v) = next.violations.iter().find(|v| v.rule == rule) {
            return Some((i + 1, v.detail.clone()));
        }
        if !next.violations.is_empty() {
            // Another rule broke first: what follows a violation proves nothing.
            return None;
        }
        state = next.state;
    }
    None
}
