//! Safety checks, run after every simulated action.
//!
//! The safety requirements of consensus (Paxos Made Simple, section 2.1), plus one invariant of
//! the acceptor that the proof leans on:
//!
//! * **agreement**: no two different values are ever chosen, and no learner learns a value other
//!   than one chosen elsewhere: at most one value in the union of both;
//! * **validity**: only a value that some client proposed is chosen or learned;
//! * **integrity**: a learner never changes (or forgets) what it learned;
//! * **promise monotonicity**: an acceptor's promised ballot never decreases.
//!
//! In Multi-Paxos each rule holds per log slot, and two more cover the state machine:
//!
//! * **log prefix**: every replica applies slots in order, and every applied log is a prefix of
//!   the longest one;
//! * **applied once**: no replica applies the same client command twice.
//!
//! With reconfiguration (revision 3) a slot's value is chosen by a majority of the configuration
//! in force *for that slot*: the checker learns each configuration from the membership changes
//! the replicas apply (a change chosen in slot `i` governs the slots from `i + alpha` on), and
//! counts each slot's acceptances against its own configuration.
//!
//! Two-phase commit has its own two rules, atomicity and commit validity ([`crate::twopc::check`]).
//!
//! "Chosen" is the omniscient view, which no single node has: a value is chosen once a quorum
//! of acceptors has accepted it *at the same ballot*. The checker sees every output a role
//! writes to stable storage or reports ([`Checker::record`]): every promise, every acceptance,
//! every value learned and slot applied, exactly what the simulator carries. So it counts every
//! acceptance forever, even after that acceptor moves to a higher ballot, with the same
//! [`Tally`] the roles use.
//!
//! A violation is data, not a panic: which rule, at which step, which nodes and which values, so
//! the page can show it and the "break a rule" mode can demonstrate it.

use crate::ballot::{Ballot, NodeId};
use crate::message::Value;
use crate::quorum::{Quorum, Tally, VoteResult};
use crate::roles::{Learned, Output};
use crate::twopc::check::TxChecker;
use crate::vecmap::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// A safety property.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// At most one value is chosen or learned.
    Agreement,
    /// Only proposed values are chosen or learned.
    Validity,
    /// A learner never changes what it learned.
    Integrity,
    /// An acceptor's promise never decreases.
    PromiseMonotonicity,
    /// Every applied log is a prefix of the longest, applied in slot order.
    LogPrefix,
    /// No replica applies a command twice.
    AppliedOnce,
    /// Two-phase commit: no participant commits a transaction another one aborts.
    Atomicity,
    /// Two-phase commit: a transaction commits only after every participant voted yes.
    CommitValidity,
}

/// One breach of a rule.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// The step (number of actions so far) after which it was seen.
    pub step: u64,
    /// The nodes involved.
    pub nodes: Vec<NodeId>,
    /// The values involved.
    pub values: Vec<Value>,
    /// A sentence explaining it.
    pub detail: String,
}

/// A value that became chosen: a majority of acceptors accepted it at one ballot.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chosen {
    /// The log slot (always 0 in Basic Paxos).
    pub slot: u64,
    /// The ballot a majority accepted.
    pub ballot: Ballot,
    /// The value.
    pub value: Value,
    /// The acceptors that accepted it at that ballot when it became chosen.
    pub acceptors: Vec<NodeId>,
    /// The step after which it was chosen.
    pub step: u64,
}

/// The status of every rule, and the violations seen.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    /// Whether agreement holds so far.
    pub agreement: bool,
    /// Whether validity holds so far.
    pub validity: bool,
    /// Whether integrity holds so far.
    pub integrity: bool,
    /// Whether promise monotonicity holds so far.
    pub promise_monotonicity: bool,
    /// Whether every applied log is a prefix of the longest (Multi-Paxos).
    pub log_prefix: bool,
    /// Whether every command was applied at most once per replica (Multi-Paxos).
    pub applied_once: bool,
    /// Two-phase commit: whether atomicity holds so far (absent in Paxos runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub atomicity: Option<bool>,
    /// Two-phase commit: whether commit validity holds so far (absent in Paxos runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub commit_validity: Option<bool>,
    /// Every violation seen, in order.
    pub violations: Vec<Violation>,
}

/// Watches a run and records every breach of the [rules](Rule).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checker {
    /// The acceptors, and how many of them make a value chosen.
    quorum: Quorum,
    /// Multi-Paxos: the configuration in force from each slot on (the first is `quorum`).
    epochs: VecMap<u64, Quorum>,
    /// Two-phase commit: its own rules.
    transactions: Option<TxChecker>,
    proposed: VecSet<Value>,
    // The histories below grow with the run; a checkpoint (a clone of the simulation every
    // 500 steps) copies them, one allocation each (see `crate::vecmap`).
    /// Every (slot, ballot, value) ever accepted, with who accepted it.
    accepted: VecMap<(u64, Ballot, Value), Tally>,
    chosen: Vec<Chosen>,
    /// Per slot, the first value chosen or learned there, and where it was seen.
    first: VecMap<u64, (Value, Vec<NodeId>)>,
    promised: VecMap<NodeId, Option<Ballot>>,
    /// What each learner learned first in each slot, and what it showed last.
    learned: VecMap<(NodeId, u64), (Value, Option<Value>)>,
    /// How many slots each replica has applied.
    applied: VecMap<NodeId, u64>,
    /// The longest applied log seen, as text.
    longest: Vec<Value>,
    /// The command ids each replica has applied.
    applied_ids: VecMap<NodeId, VecSet<u64>>,
    violations: Vec<Violation>,
}

impl Checker {
    /// A checker for a cluster whose values are chosen by `quorum` of its acceptors.
    pub fn new(quorum: Quorum) -> Self {
        Self {
            epochs: [(0, quorum.clone())].into_iter().collect(),
            transactions: None,
            quorum,
            proposed: VecSet::new(),
            accepted: VecMap::new(),
            chosen: Vec::new(),
            first: VecMap::new(),
            promised: VecMap::new(),
            learned: VecMap::new(),
            applied: VecMap::new(),
            longest: Vec::new(),
            applied_ids: VecMap::new(),
            violations: Vec::new(),
        }
    }

    /// The checker a cluster of `mode` starts with: `acceptors` (two-phase commit: the
    /// participants) and, in Multi-Paxos, the no-op as a value any slot may hold.
    pub fn for_cluster(mode: crate::config::Mode, acceptors: Quorum) -> Self {
        use crate::config::Mode;
        let mut checker = match mode {
            Mode::TwoPhase => Self::transactions(acceptors.members()),
            Mode::Basic | Mode::Multi => Self::new(acceptors),
        };
        if mode == Mode::Multi {
            checker.record_proposal(&crate::multi::command::Command::noop().to_string());
        }
        checker
    }

    /// The same checker with every node renamed (see [`crate::rename`]): what each acceptor
    /// promised and accepted, what each learner learned, is now under its new name. The
    /// sentences of violations already found keep the old names.
    pub fn renamed(&self, renaming: &crate::rename::Renaming) -> Self {
        let nodes = |nodes: &[NodeId]| renaming.all(nodes);
        Self {
            quorum: self.quorum.renamed(renaming),
            epochs: self
                .epochs
                .iter()
                .map(|(slot, q)| (*slot, q.renamed(renaming)))
                .collect(),
            transactions: self.transactions.as_ref().map(|t| t.renamed(renaming)),
            proposed: self.proposed.clone(),
            accepted: self
                .accepted
                .iter()
                .map(|((slot, ballot, value), tally)| {
                    (
                        (*slot, renaming.ballot(*ballot), value.clone()),
                        tally.renamed(renaming, |_| ()),
                    )
                })
                .collect(),
            chosen: self
                .chosen
                .iter()
                .map(|c| Chosen {
                    ballot: renaming.ballot(c.ballot),
                    acceptors: nodes(&c.acceptors),
                    ..c.clone()
                })
                .collect(),
            first: self
                .first
                .iter()
                .map(|(slot, (value, seen))| (*slot, (value.clone(), nodes(seen))))
                .collect(),
            promised: self
                .promised
                .iter()
                .map(|(n, b)| (renaming.of(*n), b.map(|b| renaming.ballot(b))))
                .collect(),
            learned: self
                .learned
                .iter()
                .map(|((n, slot), v)| ((renaming.of(*n), *slot), v.clone()))
                .collect(),
            applied: self
                .applied
                .iter()
                .map(|(n, k)| (renaming.of(*n), *k))
                .collect(),
            longest: self.longest.clone(),
            applied_ids: self
                .applied_ids
                .iter()
                .map(|(n, ids)| (renaming.of(*n), ids.clone()))
                .collect(),
            violations: self
                .violations
                .iter()
                .map(|v| Violation {
                    nodes: nodes(&v.nodes),
                    ..v.clone()
                })
                .collect(),
        }
    }

    /// A checker for two-phase commit over these participants.
    pub fn transactions(participants: &[NodeId]) -> Self {
        let mut checker = Self::new(Quorum::majority(participants.iter().copied()));
        checker.transactions = Some(TxChecker::new(participants.iter().copied()));
        checker
    }

    /// The quorum that makes a value chosen (in slot 0).
    pub fn quorum(&self) -> &Quorum {
        &self.quorum
    }

    /// The configuration in force for `slot`: a majority of it makes a value chosen there.
    pub fn quorum_for(&self, slot: u64) -> &Quorum {
        self.epochs
            .iter()
            .rev()
            .find(|(s, _)| **s <= slot)
            .map_or(&self.quorum, |(_, q)| q)
    }

    /// Every configuration, with the first slot it governs.
    pub fn epochs(&self) -> impl Iterator<Item = (u64, &Quorum)> {
        self.epochs.iter().map(|(&s, q)| (s, q))
    }

    /// Records that a client proposed `value` (validity allows exactly these).
    pub fn record_proposal(&mut self, value: &Value) {
        self.proposed.insert(value.clone());
    }

    /// The values proposed so far, in order.
    pub fn proposed(&self) -> impl Iterator<Item = &Value> {
        self.proposed.iter()
    }

    /// Every value that became chosen, in the order it happened.
    pub fn chosen(&self) -> &Vec<Chosen> {
        &self.chosen
    }

    /// Every violation seen so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The status of each rule.
    pub fn report(&self) -> CheckReport {
        let holds = |rule| !self.violations.iter().any(|v| v.rule == rule);
        CheckReport {
            agreement: holds(Rule::Agreement),
            validity: holds(Rule::Validity),
            integrity: holds(Rule::Integrity),
            promise_monotonicity: holds(Rule::PromiseMonotonicity),
            log_prefix: holds(Rule::LogPrefix),
            applied_once: holds(Rule::AppliedOnce),
            atomicity: self.transactions.as_ref().map(|_| holds(Rule::Atomicity)),
            commit_validity: self
                .transactions
                .as_ref()
                .map(|_| holds(Rule::CommitValidity)),
            violations: self.violations.clone(),
        }
    }

    /// Sees one output of `node`'s roles during `step`: a promise or acceptance written to
    /// stable storage, a value learned, a slot applied. Everything else is not the checker's.
    pub fn record(&mut self, step: u64, node: NodeId, output: &Output) {
        match output {
            Output::Promised(ballot) => self.promise(step, node, Some(*ballot)),
            Output::Accepted {
                slot,
                ballot,
                value,
            } => self.accept(step, node, *slot, *ballot, value),
            Output::Learned(Learned::Value(proposal)) => {
                self.learn(step, node, 0, Some(&proposal.value))
            }
            Output::Learned(Learned::Slot { slot, command }) => {
                self.learn(step, node, *slot, Some(&command.to_string()))
            }
            Output::Applied(applied) => {
                let text = applied.command.to_string();
                let id = (!applied.command.is_noop()).then_some(applied.command.id);
                self.apply(step, node, applied.slot, &text, id, applied.duplicate);
            }
            Output::Reconfigured { from_slot, members } => {
                // Every replica applies the same change; the first report fixes the epoch.
                if !self.epochs.contains_key(from_slot) {
                    let quorum = Quorum::majority(members.iter().copied());
                    self.epochs.insert(*from_slot, quorum);
                }
            }
            Output::TxVoted { tx, yes } => {
                if let Some(t) = &mut self.transactions {
                    t.voted(node, *tx, *yes);
                }
            }
            Output::TxDecided { tx, commit } => {
                let found = self
                    .transactions
                    .as_mut()
                    .map(|t| t.decided(step, node, *tx, *commit));
                self.violations.extend(found.into_iter().flatten());
            }
            Output::TxOutcome { tx, commit } => {
                let found = self
                    .transactions
                    .as_mut()
                    .map(|t| t.outcome(step, node, *tx, *commit));
                self.violations.extend(found.into_iter().flatten());
            }
            // Suspicions are advice: safety never depends on them, so neither does a check.
            Output::Suspicion { .. }
            | Output::Send { .. }
            | Output::SetTimer { .. }
            | Output::CancelTimer(_) => {}
        }
    }

    /// Feeds `hasher` everything the checker remembers that a *later* verdict can depend on:
    /// the acceptances, promises, learned values, applied logs, configurations and votes seen
    /// so far, but not when they happened or in which order values became chosen. Two runs
    /// with equal worlds and equal digests can only go on to the same verdicts, which is what
    /// a model checker needs to merge them into one state.
    pub fn digest<H: std::hash::Hasher>(&self, hasher: &mut H) {
        use std::hash::Hash;
        self.epochs.hash(hasher);
        self.transactions.hash(hasher);
        self.proposed.hash(hasher);
        self.accepted.hash(hasher);
        for (slot, (value, _)) in &self.first {
            (slot, value).hash(hasher);
        }
        self.promised.hash(hasher);
        self.learned.hash(hasher);
        self.applied.hash(hasher);
        self.longest.hash(hasher);
        self.applied_ids.hash(hasher);
        self.violations.len().hash(hasher);
    }

    /// Where the lists of chosen values and violations end now, for [`Checker::since`].
    pub fn mark(&self) -> (usize, usize) {
        (self.chosen.len(), self.violations.len())
    }

    /// The values chosen and violations found since `mark`.
    pub fn since(&self, mark: (usize, usize)) -> (Vec<Chosen>, Vec<Violation>) {
        (
            (mark.0..self.chosen.len())
                .filter_map(|i| self.chosen.get(i).cloned())
                .collect(),
            self.violations[mark.1..].to_vec(),
        )
    }

    fn violation(
        &mut self,
        rule: Rule,
        step: u64,
        nodes: Vec<NodeId>,
        values: Vec<Value>,
        detail: String,
    ) {
        self.violations.push(Violation {
            rule,
            step,
            nodes,
            values,
            detail,
        });
    }

    /// Sees an acceptor's promise (promise monotonicity).
    pub fn promise(&mut self, step: u64, node: NodeId, promised: Option<Ballot>) {
        let before = self.promised.insert(node, promised).flatten();
        if let Some(before) = before {
            if promised.is_none_or(|now| now < before) {
                let now = promised.map_or("nothing".to_string(), |b| format!("ballot {b}"));
                self.violation(
                    Rule::PromiseMonotonicity,
                    step,
                    vec![node],
                    vec![],
                    format!("acceptor {node} had promised ballot {before} and now promises {now}"),
                );
            }
        }
    }

    /// Sees an acceptor accept `value` at `ballot` in `slot`; a majority at one ballot makes it
    /// chosen (agreement, validity).
    pub fn accept(&mut self, step: u64, node: NodeId, slot: u64, ballot: Ballot, value: &str) {
        let key = (slot, ballot, value.to_string());
        let quorum = self.quorum_for(slot).clone();
        let voters = self
            .accepted
            .entry(key)
            .or_insert_with(|| Tally::new(quorum));
        // Chosen at the moment the tally turns won, once.
        let before = voters.result();
        if voters.vote(node) != VoteResult::Won || before == VoteResult::Won {
            return;
        }
        let chosen = Chosen {
            slot,
            ballot,
            value: value.to_string(),
            acceptors: voters.voters().collect(),
            step,
        };
        let what = format!("chosen at ballot {ballot}");
        self.check_value(step, slot, &chosen.value, chosen.acceptors.clone(), &what);
        self.chosen.push(chosen);
    }

    /// Sees what a learner holds for `slot` (integrity, agreement, validity).
    pub fn learn(&mut self, step: u64, node: NodeId, slot: u64, learned: Option<&Value>) {
        let now = learned.cloned();
        match self.learned.get_mut(&(node, slot)) {
            None => {
                if let Some(value) = learned {
                    self.learned
                        .insert((node, slot), (value.clone(), now.clone()));
                    let what = format!("learned by {node}");
                    self.check_value(step, slot, value, vec![node], &what);
                }
            }
            Some((first, last)) => {
                if *last == now {
                    return;
                }
                *last = now.clone();
                if now.as_ref() != Some(first) {
                    let first = first.clone();
                    let shown = now.clone().unwrap_or_default();
                    let detail = match &now {
                        Some(value) => {
                            format!("learner {node} learned {first:?}, now shows {value:?}")
                        }
                        None => format!("learner {node} learned {first:?}, now has forgotten it"),
                    };
                    self.violation(
                        Rule::Integrity,
                        step,
                        vec![node],
                        vec![first, shown],
                        detail,
                    );
                }
            }
        }
    }

    /// Sees a replica apply `value` (command `id`, `None` for a no-op) in `slot`, or skip it as
    /// a duplicate (log prefix, applied once).
    pub fn apply(
        &mut self,
        step: u64,
        node: NodeId,
        slot: u64,
        value: &str,
        id: Option<u64>,
        duplicate: bool,
    ) {
        let count = self.applied.entry(node).or_default();
        let index = *count;
        *count += 1;
        if slot != index {
            self.violation(
                Rule::LogPrefix,
                step,
                vec![node],
                vec![value.to_string()],
                format!("replica {node} applied slot {slot} when slot {index} was next"),
            );
        }
        match self.longest.get(slot as usize) {
            Some(expected) if expected != value => {
                let detail = format!(
                    "replica {node} applied {value:?} in slot {slot}, where another applied {expected:?}"
                );
                let values = vec![expected.clone(), value.to_string()];
                self.violation(Rule::LogPrefix, step, vec![node], values, detail);
            }
            Some(_) => {}
            None if slot as usize == self.longest.len() => self.longest.push(value.to_string()),
            None => {}
        }
        if let (Some(id), false) = (id, duplicate) {
            if !self.applied_ids.entry(node).or_default().insert(id) {
                self.violation(
                    Rule::AppliedOnce,
                    step,
                    vec![node],
                    vec![value.to_string()],
                    format!("replica {node} applied command #{id} a second time, in slot {slot}"),
                );
            }
        }
    }

    /// Validity and agreement for a value just chosen or learned in `slot`.
    fn check_value(&mut self, step: u64, slot: u64, value: &Value, nodes: Vec<NodeId>, what: &str) {
        if !self.proposed.contains(value) {
            self.violation(
                Rule::Validity,
                step,
                nodes.clone(),
                vec![value.clone()],
                format!("{value:?} was {what} but no client proposed it"),
            );
        }
        match self.first.get(&slot) {
            None => {
                self.first.insert(slot, (value.clone(), nodes));
            }
            Some((first, first_nodes)) if first != value => {
                let mut involved = first_nodes.clone();
                involved.extend(nodes);
                involved.sort();
                involved.dedup();
                let detail =
                    format!("{value:?} was {what}, but {first:?} was chosen or learned before");
                let values = vec![first.clone(), value.clone()];
                self.violation(Rule::Agreement, step, involved, values, detail);
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    //! The checks must be able to fail: each rule is shown a state that breaks it.
    use super::*;
    use crate::message::Proposal;
    use crate::roles::acceptor::AcceptorState;

    const A: [NodeId; 3] = [NodeId(0), NodeId(1), NodeId(2)];
    const L: NodeId = NodeId(7);

    fn accepted(round: u64, value: &str) -> AcceptorState {
        let ballot = Ballot::new(round, NodeId(9));
        AcceptorState {
            promised: Some(ballot),
            accepted: Some(Proposal {
                ballot,
                value: value.into(),
            }),
        }
    }

    fn checker() -> Checker {
        Checker::new(Quorum::majority(A))
    }

    /// The checker sees each acceptor write its state to stable storage; returns what it found.
    fn observe(checker: &mut Checker, step: u64, states: &[&AcceptorState]) -> Vec<Violation> {
        let mark = checker.mark();
        for (&node, state) in A.iter().zip(states) {
            if let Some(ballot) = state.promised {
                checker.record(step, node, &Output::Promised(ballot));
            }
            if let Some(p) = &state.accepted {
                let (ballot, value) = (p.ballot, p.value.clone());
                let accepted = Output::Accepted {
                    slot: 0,
                    ballot,
                    value,
                };
                checker.record(step, node, &accepted);
            }
        }
        checker.since(mark).1
    }

    /// The checker sees learner `L` hold `learned`; returns what it found.
    fn learn(checker: &mut Checker, step: u64, learned: Option<&Proposal>) -> Vec<Violation> {
        let mark = checker.mark();
        checker.learn(step, L, 0, learned.map(|p| &p.value));
        checker.since(mark).1
    }

    #[test]
    fn a_majority_at_one_ballot_is_chosen_once() {
        let mut c = checker();
        c.record_proposal(&"v".into());
        let (empty, v) = (AcceptorState::default(), accepted(1, "v"));
        assert!(observe(&mut c, 1, &[&v, &empty, &empty]).is_empty());
        assert!(c.chosen().is_empty());
        assert!(observe(&mut c, 2, &[&v, &v, &empty]).is_empty());
        assert_eq!(c.chosen().len(), 1);
        assert!(observe(&mut c, 3, &[&v, &v, &v]).is_empty());
        assert_eq!(
            c.chosen().len(),
            1,
            "a third acceptance does not choose it again"
        );
        assert_eq!(c.chosen()[0].step, 2);
    }

    #[test]
    fn agreement_fires_when_two_values_are_chosen() {
        let mut c = checker();
        c.record_proposal(&"x".into());
        c.record_proposal(&"y".into());
        let (x, y) = (accepted(1, "x"), accepted(2, "y"));
        observe(&mut c, 1, &[&x, &x, &y]);
        // A2 and then A1 move on to y at ballot 2: y is chosen too (x stays chosen).
        let found = observe(&mut c, 2, &[&x, &y, &y]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::Agreement);
        assert_eq!(found[0].values, vec!["x".to_string(), "y".to_string()]);
        assert!(!c.report().agreement);
        assert!(c.report().validity);
    }

    #[test]
    fn validity_fires_for_a_value_nobody_proposed() {
        let mut c = checker();
        let z = accepted(1, "z");
        let found = observe(&mut c, 1, &[&z, &z, &z]);
        assert_eq!(found[0].rule, Rule::Validity);
    }

    #[test]
    fn promise_monotonicity_fires_when_a_promise_goes_down() {
        let mut c = checker();
        c.record_proposal(&"v".into());
        let (high, low) = (accepted(5, "v"), accepted(4, "v"));
        observe(&mut c, 1, &[&high, &high, &high]);
        let found = observe(&mut c, 2, &[&low, &high, &high]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::PromiseMonotonicity);
        assert_eq!(found[0].nodes, vec![A[0]]);
    }

    #[test]
    fn integrity_fires_when_a_learner_changes_or_forgets() {
        let mut c = checker();
        c.record_proposal(&"v".into());
        c.record_proposal(&"w".into());
        let v = Proposal {
            ballot: Ballot::new(1, NodeId(9)),
            value: "v".into(),
        };
        let w = Proposal {
            value: "w".into(),
            ..v.clone()
        };
        assert!(learn(&mut c, 1, Some(&v)).is_empty());
        assert!(learn(&mut c, 2, Some(&v)).is_empty());
        let changed = learn(&mut c, 3, Some(&w));
        assert_eq!(changed[0].rule, Rule::Integrity);
        assert!(
            learn(&mut c, 4, Some(&w)).is_empty(),
            "reported once, not every step"
        );
        assert_eq!(learn(&mut c, 5, None)[0].rule, Rule::Integrity);
    }

    #[test]
    fn agreement_is_per_slot() {
        let mut c = checker();
        c.record_proposal(&"x".into());
        c.record_proposal(&"y".into());
        let b = |round| Ballot::new(round, NodeId(9));
        for node in A {
            c.accept(1, node, 0, b(1), "x");
            c.accept(1, node, 1, b(1), "y");
        }
        assert!(
            c.violations().is_empty(),
            "different slots, different values: fine"
        );
        c.learn(2, L, 1, Some(&"x".to_string()));
        assert_eq!(c.violations()[0].rule, Rule::Agreement);
    }

    #[test]
    fn log_prefix_fires_for_a_diverging_or_out_of_order_log() {
        let mut c = checker();
        c.apply(1, A[0], 0, "#1 put x=1", Some(1), false);
        c.apply(1, A[1], 0, "#1 put x=1", Some(1), false);
        assert!(c.violations().is_empty());
        c.apply(2, A[1], 1, "#2 put y=2", Some(2), false);
        c.apply(3, A[0], 1, "#3 put z=3", Some(3), false);
        assert_eq!(c.violations()[0].rule, Rule::LogPrefix);
        c.apply(4, A[2], 1, "#2 put y=2", Some(2), false);
        assert_eq!(c.violations().len(), 2, "A3 skipped slot 0");
        assert!(!c.report().log_prefix);
    }

    #[test]
    fn applied_once_fires_for_a_command_applied_twice() {
        let mut c = checker();
        c.apply(1, A[0], 0, "#1 put x=1", Some(1), false);
        c.apply(2, A[0], 1, "#1 put x=1", Some(1), true);
        assert!(c.violations().is_empty(), "a skipped duplicate is fine");
        c.apply(3, A[1], 0, "#1 put x=1", Some(1), false);
        c.apply(4, A[1], 1, "#1 put x=1", Some(1), false);
        assert_eq!(c.violations()[0].rule, Rule::AppliedOnce);
        assert!(!c.report().applied_once);
    }

    #[test]
    fn a_learner_disagreeing_with_the_chosen_value_breaks_agreement() {
        let mut c = checker();
        c.record_proposal(&"v".into());
        c.record_proposal(&"w".into());
        let v = accepted(1, "v");
        let w = Proposal {
            ballot: Ballot::new(2, NodeId(9)),
            value: "w".into(),
        };
        observe(&mut c, 1, &[&v, &v, &v]);
        let found = learn(&mut c, 2, Some(&w));
        assert_eq!(found[0].rule, Rule::Agreement);
        assert!(found[0].nodes.contains(&L));
    }
}
