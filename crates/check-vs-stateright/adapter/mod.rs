//! The project's model as a `stateright::Model`: the same state graph, searched by Stateright.
//!
//! Stateright is a dev-dependency, so this module is not part of the library: the benchmark and
//! the agreement test include it with `#[path]`.
//!
//! * State: the project's [`State`] (world, safety checker, bounds used), in a [`Node`] that
//!   also carries the depth the safety checker stamps on what it records. Only the state is
//!   hashed (its `Hash`: world, checker digest, bounds used — what our fingerprint's parts
//!   cover), so Stateright merges the same states.
//! * Action: the project's [`Step`]; `actions` is [`Model::steps`], `next_state` is
//!   [`Model::next`], `None` where the step leaves the bounds (our search's `outside`).
//! * A state that broke a rule has no actions: our search does not expand it either.
//! * Properties: each always property holds while the checker records no violation of its
//!   rule; each sometimes property is the predicate [`paxos_check::property`] decides.

use paxos_check::model::{Model, State, Step};
use paxos_check::property::{properties, Expect, Property as Ours};
use paxos_check::search::fingerprint;
use std::hash::{Hash, Hasher};

/// A Stateright state: the project's state and its depth (not hashed).
#[derive(Clone, Debug)]
pub struct Node {
    /// The project's state.
    pub state: State,
    /// Its distance from the start along the path that reached it.
    pub depth: u64,
}

impl Hash for Node {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        self.state.hash(hasher);
    }
}

/// Equal when the project's checker would merge them: equal fingerprints. (Stateright asks for
/// `PartialEq` only to rebuild paths; its visited set, like ours, keeps fingerprints only.)
impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        fingerprint(&self.state) == fingerprint(&other.state)
    }
}

/// The project's model, for Stateright.
pub struct Wrapped {
    /// The project's model.
    pub model: Model,
    properties: Vec<Ours>,
}

impl Wrapped {
    /// Wraps `model`, with the properties our search decides for it on every state. (Not
    /// progress, which ours decides over the whole graph: Stateright's `eventually` is another
    /// property, about every path, and the comparison leaves it out on both sides.)
    pub fn new(model: Model) -> Self {
        let mut properties = properties(&model);
        properties.retain(|p| !p.is_progress());
        assert!(properties.len() <= CONDITIONS.len(), "too many properties");
        Self { model, properties }
    }
}

/// Stateright's properties are plain `fn`s, which cannot capture which of ours they decide:
/// one instance per index.
fn condition<const I: usize>(wrapped: &Wrapped, node: &Node) -> bool {
    let property = &wrapped.properties[I];
    match property.rule() {
        Some(rule) => !node
            .state
            .checker
            .violations()
            .iter()
            .any(|v| v.rule == rule),
        None => property.reached(&node.state),
    }
}

type Condition = fn(&Wrapped, &Node) -> bool;

const CONDITIONS: [Condition; 8] = [
    condition::<0>,
    condition::<1>,
    condition::<2>,
    condition::<3>,
    condition::<4>,
    condition::<5>,
    condition::<6>,
    condition::<7>,
];

impl stateright::Model for Wrapped {
    type State = Node;
    type Action = Step;

    fn init_states(&self) -> Vec<Node> {
        vec![Node {
            state: self.model.init().clone(),
            depth: 0,
        }]
    }

    fn actions(&self, node: &Node, actions: &mut Vec<Step>) {
        // A state that broke a rule ends its path, as in our search.
        if node.state.checker.violations().is_empty() {
            actions.extend(self.model.steps(&node.state));
        }
    }

    fn next_state(&self, node: &Node, step: Step) -> Option<Node> {
        let depth = node.depth + 1;
        self.model.next(&node.state, &step, depth).map(|next| Node {
            state: next.state,
            depth,
        })
    }

    fn properties(&self) -> Vec<stateright::Property<Self>> {
        self.properties
            .iter()
            .zip(CONDITIONS)
            .map(|(p, condition)| match p.expect {
                Expect::Always => stateright::Property::always(p.name, condition),
                Expect::Sometimes => stateright::Property::sometimes(p.name, condition),
            })
            .collect()
    }
}
