//! A Multi-Paxos replica: acceptor, would-be leader and learner with its state machine, as one
//! sans-IO state machine (see [the module above](super) for the protocol).
//!
//! This file is the acceptor, follower and learner side; [`leader`] is the leader side.
//!
//! Stable storage: the acceptor's promise and accepted proposals, the highest round issued, and
//! the learned log with the state machine built from it (and, in revision 3, the configurations
//! the log's membership changes set up). A crash loses the role (leader, candidate or follower),
//! the client commands waiting here, the tallies and the suspicions.
//!
//! Membership and configurations are in [`membership`]; failure detection in [`detector`].

use super::command::{Command, KvStore};
use crate::ballot::{Ballot, BallotClock, NodeId};
use crate::message::{Message, SlotProposal};
use crate::quorum::{Quorum, Tally};
use crate::roles::{Learned, Outbox, Output, Request, Role as RoleShape, Timer};
use imbl::{OrdMap, OrdSet, Vector};
use std::collections::BTreeMap;

mod detector;
mod leader;
mod membership;

pub use membership::Membership;

/// How many chosen slots one `catchUp` message carries at most.
pub const CATCH_UP_CHUNK: u64 = 16;

/// Timing knobs, in logical ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ReplicaOptions {
    /// How often a leader sends heartbeats.
    pub heartbeat: u64,
    /// How long a follower waits for its leader before running for leader itself.
    pub election_timeout: u64,
    /// Revision 3: a membership change chosen in slot `i` governs the slots from `i + alpha`
    /// on, and a leader proposes at most `alpha` slots beyond those it knows are chosen.
    /// `None`: revision 2 (fixed membership, no failure detection).
    pub alpha: Option<u64>,
    /// Broken rule: a server switches membership as soon as it hears of a change, without
    /// choosing it in the log.
    pub unsafe_membership: bool,
}

/// What a replica is doing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// Following the leader of `leader` (a ballot), if it knows one.
    Follower {
        /// The ballot of the leader it follows.
        leader: Option<Ballot>,
    },
    /// Running phase 1 for `ballot`.
    Candidate {
        /// The ballot.
        ballot: Ballot,
        /// The first slot the phase 1 covers.
        first_slot: u64,
        /// Promises so far, with each acceptor's accepted proposals.
        promises: Tally<Vec<SlotProposal>>,
    },
    /// Leading with `ballot`: phase 2 only.
    Leader {
        /// The ballot.
        ballot: Ballot,
        /// The next free slot.
        next_slot: u64,
        /// Slots proposed in this term and not yet chosen: the command, who accepted it, and
        /// how many heartbeats it has waited.
        proposals: BTreeMap<u64, Proposal>,
        /// Revision 3: what the leader still has to propose, and whom it heard from (empty in
        /// revision 2; boxed, as most replicas are not leading).
        term: Box<Term>,
    },
}

/// A revision-3 leader's work beyond its proposals in flight: a leader may propose in slot `s`
/// only once it knows the configuration of `s` (every slot up to `s - alpha` chosen) and holds
/// promises from a majority of that configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Term {
    /// The servers that promised this ballot.
    pub promised_by: std::collections::BTreeSet<NodeId>,
    /// The highest-numbered proposal reported in each slot not yet proposed (P2c, slot by slot).
    pub reported: BTreeMap<u64, SlotProposal>,
    /// Slots below this were open when the term began: each gets its reported value or a
    /// no-op.
    pub takeover_end: u64,
    /// Client commands waiting for a slot, in order.
    pub queue: Vec<Command>,
    /// How far each server has applied the log, from its answers to heartbeats.
    pub progress: BTreeMap<NodeId, u64>,
}

/// A slot a leader proposed in its term and has not yet seen chosen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Proposal {
    /// The command.
    pub command: Command,
    /// The acceptors that accepted it.
    pub voters: Tally,
    /// Heartbeats since it was sent: after two it is sent again.
    pub waited: u32,
}

/// One applied slot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Applied {
    /// The slot.
    pub slot: u64,
    /// The command chosen in it.
    pub command: Command,
    /// What the state machine answered, or why it skipped the command.
    pub result: String,
    /// Whether it was skipped as a duplicate of an earlier slot.
    pub duplicate: bool,
}

/// A Multi-Paxos replica.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Replica {
    /// Zero-sized; cannot exist in a build without Multi-Paxos (see [`crate::built`]).
    #[serde(skip)]
    built: crate::built::Multi,
    id: NodeId,
    /// Every server, itself included, and how many make a quorum.
    peers: Quorum,
    options: ReplicaOptions,
    // Stable storage.
    // Growing histories are persistent collections, so a checkpoint (a clone) shares them.
    promised: Option<Ballot>,
    accepted: OrdMap<u64, SlotProposal>,
    /// Its ballots; the highest round issued is on stable storage.
    clock: BallotClock,
    chosen: OrdMap<u64, Command>,
    applied: Vector<Applied>,
    applied_ids: OrdSet<u64>,
    kv: KvStore,
    // Volatile.
    role: Role,
    /// Client commands submitted or forwarded here and not yet applied.
    pending: Vec<Command>,
    /// Revision 3, stable (derived from the log): the configurations set up by membership
    /// changes, by their first slot. Before the first, `peers` governs.
    epochs: OrdMap<u64, Quorum>,
    /// Revision 3: the servers it suspects are dead (volatile).
    suspects: OrdSet<NodeId>,
    /// Revision 3: the servers it expects to hear from, each with a pending suspicion timer.
    watched: OrdSet<NodeId>,
    /// Revision 3: a prepare that reached this server while it was still joining, answered once
    /// it has caught up.
    deferred: Option<(NodeId, Ballot, u64)>,
}

impl Replica {
    /// A replica among the members of `peers` (itself included).
    pub fn new(id: NodeId, peers: Quorum, options: ReplicaOptions) -> Self {
        Self {
            id,
            peers,
            options,
            promised: None,
            accepted: OrdMap::new(),
            clock: BallotClock::new(),
            chosen: OrdMap::new(),
            applied: Vector::new(),
            applied_ids: OrdSet::new(),
            kv: KvStore::default(),
            role: Role::Follower { leader: None },
            pending: Vec::new(),
            epochs: OrdMap::new(),
            suspects: OrdSet::new(),
            watched: OrdSet::new(),
            deferred: None,
            // Last, so that in a build without the protocol the arguments count as used.
            built: crate::built::Multi::new(),
        }
    }

    /// A server joining a running cluster: it knows only the initial configuration `genesis`,
    /// which it is not part of, and learns from the log when it becomes a member.
    pub fn joining(id: NodeId, genesis: Quorum, options: ReplicaOptions) -> Self {
        Self::new(id, genesis, options)
    }

    /// The current role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The highest ballot promised.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// The accepted proposal in each slot.
    pub fn accepted(&self) -> &OrdMap<u64, SlotProposal> {
        &self.accepted
    }

    /// The slots this replica knows to be chosen.
    pub fn chosen(&self) -> &OrdMap<u64, Command> {
        &self.chosen
    }

    /// The slots applied, in order.
    pub fn applied(&self) -> &Vector<Applied> {
        &self.applied
    }

    /// The state machine.
    pub fn kv(&self) -> &KvStore {
        &self.kv
    }

    /// Client commands waiting here.
    pub fn pending(&self) -> &[Command] {
        &self.pending
    }

    /// Number of slots applied: every slot below it is known chosen and applied.
    pub fn applied_upto(&self) -> u64 {
        self.applied.len() as u64
    }

    /// The leader's commit index, if leading: every slot below it is chosen.
    pub fn commit(&self) -> Option<u64> {
        matches!(self.role, Role::Leader { .. }).then(|| self.applied_upto())
    }

    /// Starting (or restarting): wait for a leader, and run for leader if none shows up. A
    /// server that is not (or not yet, or no longer) a member waits to be contacted.
    pub fn start(&mut self, out: &mut Outbox) {
        if !self.reconfigurable() || self.eligible() {
            self.arm(Timer::Election, out);
        }
    }

    /// A crash: keep stable storage, forget the rest.
    pub fn crash(&mut self) {
        self.role = Role::Follower { leader: None };
        self.clock.crash();
        self.pending.clear();
        self.suspects.clear();
        self.watched.clear();
        self.deferred = None;
    }

    /// The replica has one timer at a time: the leader's heartbeat, or everyone else's election
    /// timeout. Arming one cancels the other.
    fn arm(&mut self, timer: Timer, out: &mut Outbox) {
        let (delay, other) = match timer {
            Timer::Heartbeat => (self.options.heartbeat, Timer::Election),
            _ => (self.options.election_timeout, Timer::Heartbeat),
        };
        out.cancel_timer(other);
        out.set_timer(timer, delay);
    }

    fn saw(&mut self, ballot: Ballot) {
        self.clock.observe(ballot);
    }

    /// Its acceptor promises `ballot` (stable storage).
    fn promise(&mut self, ballot: Ballot, out: &mut Outbox) {
        self.promised = Some(ballot);
        out.push(Output::Promised(ballot));
    }

    /// The ballot of the leader this replica believes in (itself included).
    pub fn leader_ballot(&self) -> Option<Ballot> {
        match &self.role {
            Role::Follower { leader } => *leader,
            Role::Leader { ballot, .. } => Some(*ballot),
            Role::Candidate { .. } => None,
        }
    }

    fn own_ballot(&self) -> Option<Ballot> {
        match &self.role {
            Role::Candidate { ballot, .. } | Role::Leader { ballot, .. } => Some(*ballot),
            Role::Follower { .. } => None,
        }
    }

    /// A client submits `command` here.
    pub fn submit(&mut self, command: Command, out: &mut Outbox) {
        if self.options.unsafe_membership && command.is_reconfiguration() {
            // The broken rule: no log, no consensus; switch now and tell the others.
            return self.adopt_unsafely(&command, out);
        }
        self.pending.push(command.clone());
        match &self.role {
            Role::Leader { .. } => self.propose(command, out),
            Role::Follower {
                leader: Some(leader),
            } => out.send(leader.node, Message::Forward { command }),
            // No leader known: run for leader now rather than wait for the timeout; the
            // command is proposed once elected. (A server that may not lead keeps it until a
            // leader shows up.)
            Role::Follower { leader: None } if !self.reconfigurable() || self.eligible() => {
                self.run_for_leader(out)
            }
            Role::Follower { leader: None } => {}
            Role::Candidate { .. } => {}
        }
    }

    /// The timer fired: a leader's heartbeat is due, or a follower's (or candidate's) patience
    /// ran out.
    pub fn on_timer(&mut self, timer: Timer, out: &mut Outbox) {
        match (&self.role, timer) {
            (_, Timer::Suspect(peer)) => self.on_suspect(peer, out),
            (Role::Leader { .. }, Timer::Heartbeat) => self.heartbeat(out),
            (Role::Follower { .. } | Role::Candidate { .. }, Timer::Election)
                if !self.reconfigurable() || self.eligible() =>
            {
                self.run_for_leader(out)
            }
            _ => {}
        }
        self.rewatch(out);
    }

    /// Handles a message from `from`.
    pub fn on_message(&mut self, from: NodeId, message: Message, out: &mut Outbox) {
        self.heard(from, out);
        self.dispatch(from, message, out);
        self.rewatch(out);
    }

    fn dispatch(&mut self, from: NodeId, message: Message, out: &mut Outbox) {
        match message {
            Message::LeaderPrepare { ballot, first_slot } => {
                self.on_prepare(from, ballot, first_slot, out)
            }
            Message::LeaderPromise { ballot, accepted } => {
                self.on_promise(from, ballot, accepted, out)
            }
            Message::SlotAccept {
                ballot,
                slot,
                command,
                commit,
            } => self.on_accept(from, ballot, slot, command, commit, out),
            Message::SlotAccepted { ballot, slot } => self.on_accepted(from, ballot, slot, out),
            Message::Heartbeat { ballot, commit } => self.on_heartbeat(from, ballot, commit, out),
            Message::Forward { command } => self.on_forward(command, out),
            Message::Missing { ballot, slot } => self.on_missing(from, ballot, slot, out),
            Message::Reject { ballot, promised } => self.on_reject(ballot, promised, out),
            // Basic Paxos messages never reach a replica.
            Message::Prepare { .. }
            | Message::Promise { .. }
            | Message::Accept { .. }
            | Message::Accepted { .. }
            | Message::Refused { .. }
            | Message::ForwardValue { .. }
            | Message::Decide { .. }
            | Message::Learned { .. } => {}
            Message::Alive { ballot, applied } => self.on_alive(from, ballot, applied),
            Message::CatchUp { first, commands } => self.on_catch_up(from, first, commands, out),
            Message::Membership { members } if self.options.unsafe_membership => {
                self.adopt(members)
            }
            // Two-phase commit messages never reach a replica; nor does a membership
            // announcement outside the broken rule.
            Message::Membership { .. }
            | Message::TxPrepare { .. }
            | Message::TxVote { .. }
            | Message::TxDecision { .. }
            | Message::TxAck { .. }
            | Message::TxQuery { .. } => {}
        }
    }

    /// Whether the acceptor may take part in `ballot`: nothing higher was promised.
    fn admits(&self, ballot: Ballot) -> bool {
        self.promised.is_none_or(|p| ballot >= p)
    }

    fn reject(&self, to: NodeId, ballot: Ballot, out: &mut Outbox) {
        if let Some(promised) = self.promised {
            out.send(to, Message::Reject { ballot, promised });
        }
    }

    /// Acceptor, phase 1b: promise, reporting every accepted proposal from `first_slot` on.
    fn on_prepare(&mut self, from: NodeId, ballot: Ballot, first_slot: u64, out: &mut Outbox) {
        self.saw(ballot);
        if self.reconfigurable() && !self.ever_member() {
            // New and not caught up: it may not vote yet. Ask for the log, and answer once it
            // has seen its own addition.
            self.deferred = Some((from, ballot, first_slot));
            let slot = self.applied_upto();
            return out.send(from, Message::Missing { ballot, slot });
        }
        if !self.admits(ballot) {
            return self.reject(from, ballot, out);
        }
        self.promise(ballot, out);
        let accepted = self
            .accepted
            .range(first_slot..)
            .map(|(_, p)| p.clone())
            .collect();
        out.send(from, Message::LeaderPromise { ballot, accepted });
        if from != self.id {
            // A higher ballot is running: step aside and give it time to win.
            self.follow(None, out);
        }
    }

    /// Acceptor, phase 2b; follower: learn what the leader says is chosen.
    fn on_accept(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: u64,
        command: Command,
        commit: u64,
        out: &mut Outbox,
    ) {
        self.saw(ballot);
        if !self.admits(ballot) {
            return self.reject(from, ballot, out);
        }
        if self.reconfigurable() && !self.ever_member() {
            // New and not caught up: it does not count yet; follow and ask for the log.
            self.follow(Some(ballot), out);
            return self.catch_up(ballot, commit, out);
        }
        self.promise(ballot, out);
        out.push(Output::Accepted {
            slot,
            ballot,
            value: command.to_string(),
        });
        let proposal = SlotProposal {
            slot,
            ballot,
            command,
        };
        self.accepted.insert(slot, proposal);
        out.send(from, Message::SlotAccepted { ballot, slot });
        if from != self.id {
            self.follow(Some(ballot), out);
            self.catch_up(ballot, commit, out);
        }
    }

    /// Follows the leader of `leader` (or, with `None`, waits for one), restarting the
    /// election timer.
    fn follow(&mut self, leader: Option<Ballot>, out: &mut Outbox) {
        let keep = match (&self.role, leader) {
            // Our own candidacy or leadership stands against lower ballots.
            (Role::Leader { ballot, .. } | Role::Candidate { ballot, .. }, Some(l)) => *ballot > l,
            _ => false,
        };
        if keep {
            return;
        }
        let new_leader = leader.is_some() && self.leader_ballot() != leader;
        self.role = Role::Follower { leader };
        self.arm(Timer::Election, out);
        if new_leader {
            // Client retry: hand the commands still waiting here to the new leader. One that
            // was already chosen is skipped at apply time by its id.
            if let Some(leader) = leader {
                for command in self.pending.clone() {
                    out.send(leader.node, Message::Forward { command });
                }
            }
        }
    }

    /// Learns every slot below the leader's `commit` that this replica holds at the leader's
    /// ballot; asks for the first one it lacks.
    fn catch_up(&mut self, ballot: Ballot, commit: u64, out: &mut Outbox) {
        let mut slot = self.applied_upto();
        while slot < commit {
            match self.accepted.get(&slot) {
                Some(p) if p.ballot == ballot => {
                    let command = p.command.clone();
                    self.learn(slot, command, out);
                }
                _ if self.chosen.contains_key(&slot) => {}
                _ => {
                    out.send(ballot.node, Message::Missing { ballot, slot });
                    return;
                }
            }
            slot += 1;
        }
    }

    fn on_heartbeat(&mut self, from: NodeId, ballot: Ballot, commit: u64, out: &mut Outbox) {
        self.saw(ballot);
        if !self.admits(ballot) {
            return self.reject(from, ballot, out);
        }
        if !self.reconfigurable() || self.ever_member() {
            // (A new server that has not caught up follows the leader without promising.)
            self.promise(ballot, out);
        }
        self.follow(Some(ballot), out);
        if self.reconfigurable() {
            // Failure detection: the leader hears that this follower is alive, and how far it
            // has applied the log.
            let applied = self.applied_upto();
            out.send(from, Message::Alive { ballot, applied });
        }
        self.catch_up(ballot, commit, out);
    }

    fn on_forward(&mut self, command: Command, out: &mut Outbox) {
        if self.options.unsafe_membership && command.is_reconfiguration() {
            return self.adopt_unsafely(&command, out);
        }
        match &self.role {
            Role::Leader { .. } => {
                if !self.pending.iter().any(|c| c.id == command.id) {
                    self.pending.push(command.clone());
                }
                self.propose(command, out);
            }
            Role::Follower {
                leader: Some(leader),
            } if leader.node != self.id => out.send(leader.node, Message::Forward { command }),
            // No leader known: keep it until one shows up.
            _ => {
                if !self.pending.iter().any(|c| c.id == command.id) {
                    self.pending.push(command);
                }
            }
        }
    }

    /// A stale ballot of ours was refused: step down and let the higher ballot lead.
    fn on_reject(&mut self, ballot: Ballot, promised: Ballot, out: &mut Outbox) {
        self.saw(promised);
        if self.own_ballot() == Some(ballot) {
            self.follow(None, out);
        }
    }

    /// Records a chosen slot and applies every slot that is now contiguous.
    pub(super) fn learn(&mut self, slot: u64, command: Command, out: &mut Outbox) {
        if self.chosen.contains_key(&slot) {
            return;
        }
        self.chosen.insert(slot, command.clone());
        out.push(Output::Learned(Learned::Slot { slot, command }));
        while let Some(command) = self.chosen.get(&self.applied_upto()).cloned() {
            let slot = self.applied_upto();
            let duplicate = !command.is_noop() && self.applied_ids.contains(&command.id);
            let result = if duplicate {
                "skipped: already applied".to_string()
            } else if command.is_reconfiguration() {
                self.applied_ids.insert(command.id);
                self.reconfigure(slot, &command, out)
            } else {
                self.applied_ids.insert(command.id);
                self.kv.apply(&command.op)
            };
            self.pending.retain(|c| c.id != command.id);
            let applied = Applied {
                slot,
                command,
                result,
                duplicate,
            };
            out.push(Output::Applied(applied.clone()));
            self.applied.push_back(applied);
        }
        if self.reconfigurable() {
            self.after_applying(out);
        }
    }

    /// Revision 3, after the log grew: a new server that now sees its own addition answers the
    /// prepare it had to leave; a leader proposes what the wider window allows, or steps down
    /// once the log has reached a configuration without it.
    fn after_applying(&mut self, out: &mut Outbox) {
        if self.ever_member() {
            if let Some((from, ballot, first_slot)) = self.deferred.take() {
                self.on_prepare(from, ballot, first_slot, out);
            }
        }
        if matches!(self.role, Role::Leader { .. }) {
            self.fill(out);
            self.step_down_if_removed(out);
        }
    }

    /// Leader: a follower answered a heartbeat, having applied `applied` slots.
    fn on_alive(&mut self, from: NodeId, ballot: Ballot, applied: u64) {
        if let Role::Leader {
            ballot: current,
            term,
            ..
        } = &mut self.role
        {
            if *current == ballot {
                term.progress.insert(from, applied);
            }
        }
    }

    /// Chosen slots from a server that knows them: learn them in order. A new server asks for
    /// more while the chunk was full.
    fn on_catch_up(&mut self, from: NodeId, first: u64, commands: Vec<Command>, out: &mut Outbox) {
        let full = commands.len() as u64 >= CATCH_UP_CHUNK;
        let next = first + commands.len() as u64;
        for (slot, command) in (first..).zip(commands) {
            self.learn(slot, command, out);
        }
        if full && self.applied_upto() >= next {
            // The ballot of a missing request only matters to a leader resending an accept.
            let ballot = self.promised.unwrap_or_default();
            out.send(from, Message::Missing { ballot, slot: next });
        }
    }
}

impl RoleShape for Replica {
    fn on_message(&mut self, from: NodeId, message: &Message, out: &mut Outbox) {
        Replica::on_message(self, from, message.clone(), out);
    }

    fn on_timeout(&mut self, timer: Timer, out: &mut Outbox) {
        self.on_timer(timer, out);
    }

    fn on_request(&mut self, request: &Request, out: &mut Outbox) {
        if let Request::Submit(command) = request {
            self.submit(command.clone(), out);
        }
    }

    fn on_crash(&mut self) {
        self.crash();
    }

    fn on_start(&mut self, out: &mut Outbox) {
        self.start(out);
    }
}

#[cfg(test)]
mod tests;
