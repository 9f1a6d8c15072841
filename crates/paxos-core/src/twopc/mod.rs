//! Two-phase commit, for comparison with Paxos.
//!
//! A transaction touches several participants (databases, say); either all of them commit it
//! or none does. Two-phase commit gets there with one coordinator:
//!
//! 1. **Voting.** A client asks the coordinator to commit transaction `tx`. The coordinator sends
//!    `prepare(tx)` to every participant. A participant that can commit writes its *yes* to
//!    stable storage and answers yes; from then on it may neither commit nor abort on its own:
//!    it is **uncertain**, holding its locks, until it hears the decision. A participant that
//!    cannot commit answers no and aborts at once. One that is never asked (the prepare was
//!    lost) may abort on its own after a while: until it votes it has promised nothing.
//! 2. **Decision.** With a yes from every participant the coordinator decides *commit*; with any
//!    no (or when the votes take too long) it decides *abort*. It writes the decision to its
//!    stable log, then sends it to every participant, again and again until each acknowledges.
//!
//! The weak point is the coordinator. If it crashes after the votes and before sending the
//! decision, every participant that voted yes is **blocked**: it cannot commit (another
//! participant may have voted no) and cannot abort (the coordinator may have decided commit
//! and told someone). It asks the coordinator (`query`) and waits, for as long as the
//! coordinator is down. This is the blocking that the seeds contrast with Paxos: a Multi-Paxos
//! cluster that loses its leader elects another and goes on, because any majority holds
//! everything that was chosen.
//!
//! A restarted coordinator that finds no decision in its log for a transaction decides abort
//! (*presumed abort*): it never decided commit, so nobody committed.
//!
//! The checks ([`check`]) are atomicity (no participant commits while another aborts the same
//! transaction) and commit validity (a transaction commits only if every participant voted yes).

pub mod check;
pub mod coordinator;
pub mod participant;

/// What happened to a transaction, as a participant or the coordinator sees it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TxState {
    /// Participant: did its part, not yet asked to vote (if the prepare does not come in time,
    /// it aborts on its own).
    Working,
    /// Coordinator: collecting votes.
    Voting,
    /// Participant: voted yes and waits for the decision; it can neither commit nor abort.
    Uncertain,
    /// Committed.
    Committed,
    /// Aborted.
    Aborted,
}
