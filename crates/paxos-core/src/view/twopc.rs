//! Two-phase-commit nodes as the page shows them: each transaction's state at the coordinator
//! and at every participant, and whether a participant is blocked.

use crate::ballot::NodeId;
use crate::config::VotePolicy;
use crate::twopc::coordinator::Coordinator;
use crate::twopc::participant::Participant;
use crate::twopc::TxState;
use serde::Serialize;

/// One transaction at one node.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TxView {
    /// The transaction.
    pub tx: u64,
    /// Where it stands here.
    pub state: TxState,
    /// A participant's vote, once given.
    pub vote: Option<bool>,
    /// Coordinator, while voting: the participants that said yes so far.
    pub yes: Vec<NodeId>,
    /// Coordinator, once decided: the participants that have not acknowledged yet.
    pub unacked: Vec<NodeId>,
}

/// A coordinator as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoordinatorView {
    /// Every transaction it knows of, oldest first.
    pub transactions: Vec<TxView>,
}

/// A participant as the page shows it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantView {
    /// How it votes (its configuration).
    pub policy: VotePolicy,
    /// Every transaction it has heard of, oldest first.
    pub transactions: Vec<TxView>,
    /// It voted yes on a transaction and does not know the outcome: it can neither commit nor
    /// abort, and waits for the coordinator.
    pub uncertain: bool,
}

pub(crate) fn coordinator_view(c: &Coordinator) -> CoordinatorView {
    CoordinatorView {
        transactions: c
            .transactions()
            .into_iter()
            .map(|(tx, state)| TxView {
                tx,
                state,
                vote: None,
                yes: c.yes_votes(tx),
                unacked: c.unacked(tx),
            })
            .collect(),
    }
}

pub(crate) fn participant_view(p: &Participant, policy: VotePolicy) -> ParticipantView {
    ParticipantView {
        policy,
        transactions: p
            .transactions()
            .into_iter()
            .map(|(tx, vote, state)| TxView {
                tx,
                state,
                vote,
                yes: Vec::new(),
                unacked: Vec::new(),
            })
            .collect(),
        uncertain: p.uncertain(),
    }
}
