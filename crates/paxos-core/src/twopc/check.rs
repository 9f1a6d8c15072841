//! The safety checks of two-phase commit, fed the same outputs as every other check:
//!
//! * **atomicity**: no participant commits a transaction that another participant aborts;
//! * **commit validity**: a transaction commits (at the coordinator or at any participant) only
//!   once every participant has voted yes.
//!
//! Termination is not a safety rule: a participant blocked by a crashed coordinator breaks
//! none of these, it just waits. That is the point the page makes.

use crate::ballot::NodeId;
use crate::checks::{Rule, Violation};
use crate::rename::Renaming;
use crate::vecmap::{VecMap, VecSet};

/// Watches votes, decisions and outcomes of transactions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TxChecker {
    participants: VecSet<NodeId>,
    yes: VecMap<u64, VecSet<NodeId>>,
    outcomes: VecMap<u64, VecMap<NodeId, bool>>,
}

impl TxChecker {
    /// The same checker with every node renamed (see [`crate::rename`]).
    pub fn renamed(&self, renaming: &Renaming) -> Self {
        let nodes = |set: &VecSet<NodeId>| set.iter().map(|&n| renaming.of(n)).collect();
        Self {
            participants: nodes(&self.participants),
            yes: self.yes.iter().map(|(tx, set)| (*tx, nodes(set))).collect(),
            outcomes: self
                .outcomes
                .iter()
                .map(|(tx, by)| (*tx, by.iter().map(|(&n, &c)| (renaming.of(n), c)).collect()))
                .collect(),
        }
    }

    /// A checker for transactions over these participants.
    pub fn new(participants: impl IntoIterator<Item = NodeId>) -> Self {
        Self {
            participants: participants.into_iter().collect(),
            ..Self::default()
        }
    }

    /// A participant voted.
    pub fn voted(&mut self, node: NodeId, tx: u64, yes: bool) {
        if yes {
            self.yes.entry(tx).or_default().insert(node);
        }
    }

    /// The coordinator decided; a commit without every yes breaks commit validity.
    pub fn decided(&mut self, step: u64, node: NodeId, tx: u64, commit: bool) -> Vec<Violation> {
        if commit {
            self.validity(step, node, tx, "the coordinator decided commit")
        } else {
            Vec::new()
        }
    }

    /// A participant committed or aborted.
    pub fn outcome(&mut self, step: u64, node: NodeId, tx: u64, commit: bool) -> Vec<Violation> {
        let mut found = if commit {
            self.validity(step, node, tx, &format!("participant {node} committed"))
        } else {
            Vec::new()
        };
        let outcomes = self.outcomes.entry(tx).or_default();
        outcomes.insert(node, commit);
        let others: Vec<NodeId> = outcomes
            .iter()
            .filter(|(_, &c)| c != commit)
            .map(|(&n, _)| n)
            .collect();
        if let Some(&other) = others.first() {
            let (committed, aborted) = if commit { (node, other) } else { (other, node) };
            found.push(Violation {
                rule: Rule::Atomicity,
                step,
                nodes: vec![committed, aborted],
                values: vec![format!("tx {tx}: commit"), format!("tx {tx}: abort")],
                detail: format!(
                    "transaction {tx} committed at participant {committed} and aborted at participant {aborted}"
                ),
            });
        }
        found
    }

    fn validity(&self, step: u64, node: NodeId, tx: u64, what: &str) -> Vec<Violation> {
        let yes = self.yes.get(&tx);
        let missing: Vec<NodeId> = self
            .participants
            .iter()
            .copied()
            .filter(|p| !yes.is_some_and(|y| y.contains(p)))
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> = missing.iter().map(ToString::to_string).collect();
        vec![Violation {
            rule: Rule::CommitValidity,
            step,
            nodes: std::iter::once(node)
                .chain(missing.iter().copied())
                .collect(),
            values: vec![format!("tx {tx}: commit")],
            detail: format!(
                "{what} on transaction {tx} without a yes from {}",
                names.join(", ")
            ),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: [NodeId; 2] = [NodeId(1), NodeId(2)];

    #[test]
    fn commit_after_every_yes_is_fine() {
        let mut c = TxChecker::new(P);
        c.voted(P[0], 1, true);
        c.voted(P[1], 1, true);
        assert!(c.decided(1, NodeId(0), 1, true).is_empty());
        assert!(c.outcome(2, P[0], 1, true).is_empty());
        assert!(c.outcome(3, P[1], 1, true).is_empty());
    }

    #[test]
    fn a_commit_without_every_yes_breaks_validity_and_mixed_outcomes_break_atomicity() {
        let mut c = TxChecker::new(P);
        c.voted(P[0], 1, true);
        c.voted(P[1], 1, false);
        assert!(
            c.outcome(1, P[1], 1, false).is_empty(),
            "the no aborts alone"
        );
        let found = c.decided(2, NodeId(0), 1, true);
        assert_eq!(found[0].rule, Rule::CommitValidity);
        let found = c.outcome(3, P[0], 1, true);
        let rules: Vec<Rule> = found.iter().map(|v| v.rule).collect();
        assert_eq!(rules, vec![Rule::CommitValidity, Rule::Atomicity]);
    }
}
