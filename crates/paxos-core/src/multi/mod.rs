//! Multi-Paxos: a replicated log of client commands (Paxos Made Simple, section 3).
//!
//! Basic Paxos chooses one value. A replicated state machine needs a sequence of them, so
//! Multi-Paxos runs one instance of Paxos per log *slot*, and makes that cheap with a stable
//! leader:
//!
//! * **Phase 1 once for all slots.** A node that wants to lead picks a ballot above every round
//!   it has seen and sends one `prepare(ballot, first_slot)` that covers every slot from the
//!   first one it does not know to be chosen, "infinitely many instances" at once (section 3).
//!   Each promise carries the acceptor's accepted proposal in every such slot.
//! * **Takeover.** With promises from a majority the candidate leads. For each slot reported it
//!   re-proposes the value of the highest-numbered proposal (rule P2c, slot by slot), and fills
//!   every gap below the highest reported slot with a no-op, so the log has no holes.
//! * **Steady state: phase 2 only.** A client command takes the next free slot and one round
//!   trip: `accept(ballot, slot, command)` to every acceptor, `accepted(ballot, slot)` back to
//!   the leader. A majority makes it chosen. Several slots may be in flight at once.
//! * **Learning.** The leader is the distinguished learner (section 2.4): it tells the others
//!   which slots are chosen by a `commit` index (every slot below it is chosen) carried on its
//!   next accept or heartbeat, so a decision costs no message of its own. A follower that holds
//!   the slot at the leader's ballot knows it is the chosen value; one that lacks it asks with
//!   `missing` and the leader sends the accept again.
//! * **State machine.** Every replica applies chosen slots in slot order, each exactly once, to
//!   a key-value store ([`command::KvStore`]); a command id seen before is skipped.
//! * **Failover.** The leader sends heartbeats; a follower that hears nothing from a leader for
//!   its election timeout (randomised by the simulator's seeded jitter, so two followers rarely
//!   time out together) runs phase 1 with a higher ballot. As in Chubby's master (Paxos Made
//!   Live, section 2), the leader is recognised by its ballot: a higher ballot deposes a lower
//!   one, and a deposed leader learns it from the reject its stale ballot earns.
//!
//! Safety never depends on there being a single leader: two nodes that both believe they lead
//! are just two proposers with different ballots, and Paxos keeps each slot's value unique.
//! Liveness does: that is what the leader and its timeouts are for.

pub mod command;
pub mod replica;
