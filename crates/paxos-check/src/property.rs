//! The properties a check decides.
//!
//! * **Always** properties are the simulator's safety rules — agreement, validity, integrity
//!   and promise monotonicity (Paxos Made Simple, section 2.1 and the acceptor's promise of
//!   section 2.2); log prefix and applied-once for the Multi-Paxos state machine (section 3);
//!   atomicity and commit validity for two-phase commit. The same [`Checker`] that watches
//!   every simulated action decides them, on every transition of the graph. One violation
//!   anywhere fails the property, and breadth-first search hands back a shortest path to it.
//! * **Sometimes** properties say that a behaviour is *reachable*: a value can be chosen, two
//!   proposers can both reach phase 2, a slot can become a no-op, a later election can elect a
//!   leader, two-phase commit can block.
//!   A check that finds no example shows that the model (or its bounds) cannot do what the
//!   lesson says it can, which is as much a bug as a violation.
//! * **Progress** (Basic Paxos) is a liveness property: from every state that still has a
//!   proposer with a value and a round to spare, a value can be chosen once faults stop. It is
//!   decided over the whole graph at the end of the search: see [`crate::progress`].
//!
//! [`Checker`]: paxos_core::checks::Checker

use crate::model::{Model, State};
use paxos_core::config::Mode;
use paxos_core::multi::command::Command;
use paxos_core::multi::replica::Role;
use paxos_core::roles::proposer::Phase;
use paxos_core::twopc::TxState;
use paxos_core::Rule;
use serde::Serialize;

/// Whether a property must hold in every state, or be met in at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Expect {
    /// Holds in every reachable state: a violation is a counterexample.
    Always,
    /// Met in some reachable state: a state that meets it is an example.
    Sometimes,
}

/// One property of a check.
#[derive(Clone, Copy, Debug)]
pub struct Property {
    /// Its name, as the command line and the page show it (`agreement`, `valueChosen`...).
    pub name: &'static str,
    /// Always or sometimes.
    pub expect: Expect,
    /// What it says, in a sentence.
    pub description: &'static str,
    test: Test,
}

#[derive(Clone, Copy, Debug)]
enum Test {
    /// The safety checker reports no breach of this rule.
    Rule(Rule),
    /// A predicate over the state.
    Reach(fn(&State) -> bool),
    /// The liveness property of [`crate::progress`].
    Progress,
}

impl Property {
    /// For an always property, the rule of the simulator's checker that decides it.
    pub fn rule(&self) -> Option<Rule> {
        match self.test {
            Test::Rule(rule) => Some(rule),
            Test::Reach(_) | Test::Progress => None,
        }
    }

    /// For a sometimes property, whether `state` meets it.
    pub fn reached(&self, state: &State) -> bool {
        match self.test {
            Test::Rule(_) | Test::Progress => false,
            Test::Reach(test) => test(state),
        }
    }

    /// Whether this is the liveness property, decided once the graph is complete.
    pub fn is_progress(&self) -> bool {
        matches!(self.test, Test::Progress)
    }
}

const fn always(name: &'static str, rule: Rule, description: &'static str) -> Property {
    Property {
        name,
        expect: Expect::Always,
        description,
        test: Test::Rule(rule),
    }
}

const fn sometimes(
    name: &'static str,
    test: fn(&State) -> bool,
    description: &'static str,
) -> Property {
    Property {
        name,
        expect: Expect::Sometimes,
        description,
        test: Test::Reach(test),
    }
}

const AGREEMENT: Property = always(
    "agreement",
    Rule::Agreement,
    "at most one value is chosen or learned (per slot)",
);
const VALIDITY: Property = always(
    "validity",
    Rule::Validity,
    "only a value some client proposed is chosen or learned",
);
const INTEGRITY: Property = always(
    "integrity",
    Rule::Integrity,
    "a learner never changes what it learned",
);
const PROMISES: Property = always(
    "promiseMonotonicity",
    Rule::PromiseMonotonicity,
    "an acceptor's promise never goes down",
);

const PROGRESS: Property = Property {
    name: "progress",
    expect: Expect::Always,
    description: "while a proposer has a value and a round to spare, a value can still be chosen once faults stop (crashed nodes staying down)",
    test: Test::Progress,
};

/// The properties checked for a model, in the order results list them. A *sometimes*
/// property is left out when the bounds rule it out from the start (two proposers in phase 2
/// with a single client request, a blocked transaction with no crash allowed...).
pub fn properties(model: &Model) -> Vec<Property> {
    let b = model.bounds();
    let requests = model.requests().len();
    let mut list = match model.config().mode {
        Mode::Basic => vec![
            AGREEMENT,
            VALIDITY,
            INTEGRITY,
            PROMISES,
            PROGRESS,
            sometimes("valueChosen", value_chosen, "a value can be chosen"),
            sometimes(
                "twoInPhase2",
                two_in_phase_2,
                "two proposers can be in phase 2 at once",
            ),
            sometimes("allLearned", all_learned, "every learner can learn"),
        ],
        Mode::Multi => vec![
            AGREEMENT,
            VALIDITY,
            INTEGRITY,
            PROMISES,
            always(
                "logPrefix",
                Rule::LogPrefix,
                "every applied log is a prefix of the longest, applied in order",
            ),
            always(
                "appliedOnce",
                Rule::AppliedOnce,
                "no replica applies a command twice",
            ),
            sometimes(
                "commandApplied",
                command_applied,
                "a command can be applied",
            ),
            sometimes("noopSlot", noop_slot, "a slot can be filled with a no-op"),
            sometimes(
                "laterLeader",
                later_leader,
                "a later election can elect a leader (a leader change)",
            ),
        ],
        Mode::TwoPhase => vec![
            always(
                "atomicity",
                Rule::Atomicity,
                "no participant commits what another aborts",
            ),
            always(
                "commitValidity",
                Rule::CommitValidity,
                "a transaction commits only after every participant voted yes",
            ),
            sometimes(
                "committed",
                committed,
                "a transaction can commit everywhere",
            ),
            sometimes(
                "blocked",
                blocked,
                "a participant can be stuck: voted yes, coordinator down",
            ),
        ],
    };
    list.retain(|p| match p.name {
        "valueChosen" | "allLearned" | "commandApplied" | "committed" => requests >= 1,
        "twoInPhase2" => requests >= 2,
        "noopSlot" => requests >= 2 && b.max_rounds >= 2,
        "laterLeader" => b.max_rounds >= 2,
        "blocked" => requests >= 1 && b.max_crashes >= 1,
        // Progress needs a majority of acceptors up: the crash bound must be a minority of
        // them, or a single crash, which any fault-tolerant design must survive. Its edges
        // cost about 40 bytes a state, so a packed search, which is for memory, leaves it out.
        "progress" => {
            let minority = model.config().acceptors.saturating_sub(1) / 2;
            requests >= 1 && b.max_crashes <= minority.max(1) && !b.pack
        }
        _ => true,
    });
    list
}

/// Whether a value is chosen in `state` (also the progress property's goal).
pub(crate) fn value_chosen(state: &State) -> bool {
    !state.checker.chosen().is_empty()
}

fn two_in_phase_2(state: &State) -> bool {
    let accepting = state
        .world
        .nodes()
        .filter_map(|(_, n)| n.proposer())
        .filter(|p| matches!(p.phase(), Phase::Accepting { .. }))
        .count();
    accepting >= 2
}

fn all_learned(state: &State) -> bool {
    let mut learners = state
        .world
        .nodes()
        .filter_map(|(_, n)| n.learner())
        .peekable();
    learners.peek().is_some() && learners.all(|l| l.learned().is_some())
}

fn command_applied(state: &State) -> bool {
    state
        .world
        .nodes()
        .filter_map(|(_, n)| n.replica())
        .any(|r| r.applied().iter().any(|a| !a.command.is_noop()))
}

fn noop_slot(state: &State) -> bool {
    let noop = Command::noop().to_string();
    state.checker.chosen().iter().any(|c| c.value == noop)
}

/// A server leads at a ballot of round 2 or more: it won an election after the first (every
/// candidate takes a round above every round it has seen, and the first election's is 1).
fn later_leader(state: &State) -> bool {
    (state.world.nodes())
        .filter(|(_, n)| n.up)
        .filter_map(|(_, n)| n.replica())
        .any(|r| matches!(r.role(), Role::Leader { ballot, .. } if ballot.round >= 2))
}

fn committed(state: &State) -> bool {
    let mut participants = state
        .world
        .nodes()
        .filter_map(|(_, n)| n.participant())
        .peekable();
    participants.peek().is_some()
        && participants.all(|p| p.transactions().iter().any(|t| t.2 == TxState::Committed))
}

fn blocked(state: &State) -> bool {
    let coordinator_down = state
        .world
        .nodes()
        .any(|(_, n)| n.coordinator().is_some() && !n.up);
    coordinator_down
        && state
            .world
            .nodes()
            .filter_map(|(_, n)| n.participant())
            .any(|p| p.uncertain())
}
