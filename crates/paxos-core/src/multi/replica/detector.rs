//! Failure detection (revision 3): which servers a replica suspects are dead.
//!
//! A replica expects to hear from some servers: a follower from its leader (heartbeats), a
//! leader from every server of its configurations (their `alive` answers to its heartbeats).
//! For each it keeps a suspicion timer, restarted by every message from that server; when the
//! timer fires (three heartbeat intervals, plus the simulator's seeded jitter like every other
//! timer) it suspects the server, or the link from it, is dead, until it hears from it again.
//!
//! This is advice and nothing more: no safety rule depends on it, and nothing the replica does
//! for safety reads it. In an asynchronous network a slow link, a lost message or a partition
//! looks exactly like a crashed server, so a suspicion can be wrong, and a correct protocol must
//! stay safe whatever its failure detector says (Paxos Made Simple, section 2.4: a leader
//! "must be elected using either randomness or real time", and only liveness rests on it). A
//! follower never expects to hear from another follower, so it suspects nobody but its leader.

use super::{Replica, Role};
use crate::ballot::NodeId;
use crate::roles::{Outbox, Output, Timer};
use imbl::OrdSet;

/// How many heartbeat intervals of silence before a suspicion.
pub const SUSPECT_AFTER_HEARTBEATS: u64 = 3;

impl Replica {
    /// The servers it currently suspects.
    pub fn suspects(&self) -> &OrdSet<NodeId> {
        &self.suspects
    }

    /// Heard from `from`: a suspicion of it ends, and its timer restarts.
    pub(super) fn heard(&mut self, from: NodeId, out: &mut Outbox) {
        if !self.reconfigurable() || from == self.id {
            return;
        }
        if self.suspects.remove(&from).is_some() {
            out.push(Output::Suspicion {
                peer: from,
                suspected: false,
            });
        }
        if self.watched.contains(&from) {
            self.arm_suspicion(from, out);
        }
    }

    /// Its suspicion timer for `peer` fired: nothing heard for too long.
    pub(super) fn on_suspect(&mut self, peer: NodeId, out: &mut Outbox) {
        if self.watched.contains(&peer) && self.suspects.insert(peer).is_none() {
            out.push(Output::Suspicion {
                peer,
                suspected: true,
            });
        }
    }

    /// Whom it should be watching now, given its role and its configurations.
    fn expected(&self) -> OrdSet<NodeId> {
        let mut expected = OrdSet::new();
        match &self.role {
            Role::Leader { .. } => expected.extend(self.audience()),
            Role::Follower {
                leader: Some(leader),
            } => {
                expected.insert(leader.node);
            }
            Role::Follower { leader: None } | Role::Candidate { .. } => {}
        }
        expected.remove(&self.id);
        expected
    }

    /// Starts watching the servers it now expects to hear from and stops watching the others
    /// (a suspicion of a server it no longer watches is dropped).
    pub(super) fn rewatch(&mut self, out: &mut Outbox) {
        if !self.reconfigurable() {
            return;
        }
        let expected = self.expected();
        if expected == self.watched {
            return;
        }
        let dropped: Vec<NodeId> = self
            .watched
            .iter()
            .filter(|&&p| !expected.contains(&p))
            .copied()
            .collect();
        for peer in dropped {
            out.cancel_timer(Timer::Suspect(peer));
            if self.suspects.remove(&peer).is_some() {
                out.push(Output::Suspicion {
                    peer,
                    suspected: false,
                });
            }
        }
        let added: Vec<NodeId> = expected
            .iter()
            .filter(|&&p| !self.watched.contains(&p))
            .copied()
            .collect();
        self.watched = expected;
        for peer in added {
            self.arm_suspicion(peer, out);
        }
    }

    fn arm_suspicion(&self, peer: NodeId, out: &mut Outbox) {
        let delay = self.options.heartbeat * SUSPECT_AFTER_HEARTBEATS;
        out.set_timer(Timer::Suspect(peer), delay);
    }
}
