//! Fingerprints by parts: a successor's fingerprint without building the successor.
//!
//! Most transitions of these state graphs lead to states already seen: correct Basic Paxos with
//! one drop and one duplicate has 99,345 states and 568,262 transitions, so five transitions in
//! six find a known state. Building each successor in full — clone the state, run the roles,
//! record their outputs in the safety checker, hash everything — only to throw it away is most
//! of the work of a plain search (and what a checker that sees the model only through
//! "successor of state" and "hash of state", such as Stateright, has to do).
//!
//! So a state's fingerprint is composed of **parts**, each hashed with XXH3:
//!
//! * each node's hash (its roles and whether it is up);
//! * the messages in flight as a *multiset hash*: the wrapping sum, over the distinct packets,
//!   of a hash of (the packet's hash, its number of copies);
//! * the pending timers as a *set hash*: the wrapping sum of each `(node, timer)`'s hash;
//! * the hash of the safety checker's [digest](paxos_core::checks::Checker::digest);
//! * the bounds used.
//!
//! The fingerprint is XXH3 of those words in that order ([`fingerprint`]). A delivery, a drop,
//! a duplicate, a timer, a crash or a restart changes one node, a few packets, a few timers and
//! perhaps the checker, so the successor's fingerprint is the parent's parts with those few
//! replaced ([`Stepper::successor`]). Two facts make the replacements cheap to know:
//!
//! * what a node does with an input (a message, a timer, a crash, a restart) depends on its
//!   own state and that input alone (the roles are sans-IO state machines:
//!   [`World::react`](paxos_core::World::react)), so each node's reaction — its new state and
//!   hash, the hashes of the messages it sends, the timers it sets and cancels — is computed
//!   once per (node, node hash, input) and remembered;
//! * what the checker becomes after recording a reaction's outputs depends on what its digest
//!   covers and those outputs alone (the digest's own contract: equal digests go on to the same
//!   verdicts), so the new digest's hash is remembered per (checker hash, reaction).
//!
//! A transition to a known state then costs a few table look-ups and one short hash: no clone,
//! no allocation, no role code. The search builds a successor only when its fingerprint is new,
//! through [`Model::next_reacted`] with the remembered node and outputs (the same state as
//! [`Model::next`] builds, without running the roles again), and checks (in builds with debug
//! assertions, as every test runs) that the built state's fingerprint is the one predicted.
//! Client requests, which may touch many nodes at once, and a step that breaks a rule (whose
//! violation is reported from the built state) are always built.
//!
//! **Collision odds.** The multiset and set sums are sums of 64-bit pseudo-random words, so two
//! different networks collide with odds of about 2⁻⁶⁴, like two different byte strings under
//! XXH3; the fingerprint over the parts is then an XXH3 of distinct inputs. The search's odds
//! stay about `n² / 2⁶⁵` for `n` states (see [`crate::search`]). The tables of remembered
//! reactions are keyed by 64-bit hashes too, with the same odds, and are emptied when they
//! reach [`REMEMBERED`] entries each, so their memory stays bounded.

use crate::model::{Model, Move, State, Step, Used};
use paxos_core::checks::Checker;
use paxos_core::roles::{Output, Timer};
use paxos_core::world::{Node, Packet};
use paxos_core::{Message, NodeId};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// How many reactions (and as many checker records) are remembered before the tables are
/// emptied and filled again: a few megabytes at most (some tens where the nodes are large and
/// the reactions keep them: see [`Stepper::new`]).
pub const REMEMBERED: usize = 1 << 14;

/// A `Hasher` that only gathers the bytes written to it: the state's `Hash` makes many small
/// writes, at which XXH3's streaming hasher is slow, so they are hashed in one call.
struct Bytes(Vec<u8>);

impl Hasher for Bytes {
    fn finish(&self) -> u64 {
        unreachable!("the bytes are hashed by hash_bytes")
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// XXH3 of what `write` feeds a hasher.
fn hash_bytes(write: impl FnOnce(&mut Bytes)) -> u64 {
    thread_local! {
        static BUFFER: std::cell::RefCell<Bytes> = const { std::cell::RefCell::new(Bytes(Vec::new())) };
    }
    BUFFER.with_borrow_mut(|bytes| {
        bytes.0.clear();
        write(bytes);
        xxh3_64(&bytes.0)
    })
}

/// XXH3 of what `value`'s `Hash` writes.
fn hash_of(value: &impl Hash) -> u64 {
    hash_bytes(|bytes| value.hash(bytes))
}

/// A packet's hash, from its parts (so a message about to be sent need not be copied into a
/// packet first).
fn packet_hash(from: NodeId, to: NodeId, message: &Message) -> u64 {
    hash_of(&(from, to, message))
}

fn timer_hash(node: NodeId, timer: Timer) -> u64 {
    let (kind, peer) = match timer {
        Timer::Retry => (0, 0),
        Timer::Election => (1, 0),
        Timer::Heartbeat => (2, 0),
        Timer::Suspect(peer) => (3, peer.0),
    };
    let mut bytes = [0; 12];
    bytes[..4].copy_from_slice(&node.0.to_le_bytes());
    bytes[4..8].copy_from_slice(&(kind as u32).to_le_bytes());
    bytes[8..].copy_from_slice(&peer.to_le_bytes());
    xxh3_64(&bytes)
}

/// A packet's term in the multiset hash, with this many copies in flight (none: no term): the
/// packet's hash (already uniform) and the count, mixed by the 64-bit finaliser of MurmurHash3,
/// so that each (packet, count) gives an unrelated word.
fn copies(packet: u64, count: u32) -> u64 {
    if count == 0 {
        return 0;
    }
    let mut x = packet ^ u64::from(count).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

fn checker_hash(checker: &Checker) -> u64 {
    hash_bytes(|bytes| checker.digest(bytes))
}

/// The input a crash is to a node, for the table of reactions (a packet's or a timer's hash
/// otherwise: any fixed word does, with the odds of a collision of any two hashes).
const CRASH: u64 = 0x6372_6173_6820_2020;
/// The input a restart is to a node.
const RESTART: u64 = 0x7265_7374_6172_7420;

/// The fingerprint of a state: XXH3 over its parts (see the module's documentation).
pub fn fingerprint(state: &State) -> u64 {
    // The parts' sums, without the lists a prediction needs (the sums do not depend on order).
    let world = &state.world;
    let nodes: Vec<u64> = world.nodes().map(|(_, node)| hash_of(node)).collect();
    let sums = Sums {
        network: world.in_flight().fold(0u64, |sum, (p, n)| {
            sum.wrapping_add(copies(packet_hash(p.from, p.to, &p.message), n))
        }),
        timers: world
            .timers()
            .fold(0u64, |sum, &(n, t)| sum.wrapping_add(timer_hash(n, t))),
        checker: checker_hash(&state.checker),
        in_flight: 0,
    };
    compose(&nodes, None, &sums, &state.used)
}

/// The sums that a step replaces: the network's and the timers' hashes, the checker's, and the
/// number of messages in flight.
#[derive(Clone, Copy, Debug)]
struct Sums {
    network: u64,
    timers: u64,
    checker: u64,
    in_flight: i64,
}

impl Sums {
    fn of(parts: &Parts) -> Self {
        Self {
            network: parts.network,
            timers: parts.timers,
            checker: parts.checker,
            in_flight: i64::from(parts.in_flight),
        }
    }
}

/// The parts that cost the most to hash — each node's hash, the timers' and the checker's — as
/// a successor's prediction knows them, carried with the state until it is explored so that
/// [`Parts::of`] need not hash them again.
#[derive(Clone, Debug)]
pub struct Known {
    nodes: Box<[u64]>,
    timers: u64,
    checker: u64,
}

/// What a predicted step changes of its parent's parts besides the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delta {
    /// The node that reacted, and its new hash.
    node: Option<(usize, u64)>,
    /// The remembered reaction, if a node reacted.
    reaction: Option<Input>,
    timers: u64,
    checker: u64,
}

/// A state's fingerprint, taken apart.
#[derive(Clone, Debug)]
pub struct Parts {
    /// Each node's hash, by id.
    nodes: Vec<u64>,
    /// Each distinct packet's hash, in the world's order (as [`Move`] numbers them).
    order: Vec<u64>,
    /// Each distinct packet in flight, by hash, with its copies, sorted.
    packets: Vec<(u64, u32)>,
    network: u64,
    timers: u64,
    checker: u64,
    in_flight: u32,
}

impl Parts {
    /// The parts of `state`: those in `known` as they are, the others hashed in full.
    pub fn of(state: &State, known: Option<&Known>) -> Self {
        let world = &state.world;
        let mut order = Vec::with_capacity(world.in_flight().len());
        let mut packets = Vec::with_capacity(order.capacity());
        for (p, n) in world.in_flight() {
            let hash = packet_hash(p.from, p.to, &p.message);
            order.push(hash);
            packets.push((hash, n));
        }
        packets.sort_unstable();
        let network = packets
            .iter()
            .fold(0u64, |sum, &(p, n)| sum.wrapping_add(copies(p, n)));
        let in_flight = packets.iter().map(|&(_, n)| n).sum();
        let (nodes, timers, checker) = match known {
            Some(known) => (known.nodes.to_vec(), known.timers, known.checker),
            None => (
                world.nodes().map(|(_, node)| hash_of(node)).collect(),
                world
                    .timers()
                    .fold(0u64, |sum, &(n, t)| sum.wrapping_add(timer_hash(n, t))),
                checker_hash(&state.checker),
            ),
        };
        Self {
            nodes,
            order,
            packets,
            network,
            timers,
            checker,
            in_flight,
        }
    }

    /// What is known of the parts of the successor that `delta` describes.
    pub fn after(&self, delta: &Delta) -> Known {
        let mut nodes: Box<[u64]> = self.nodes.as_slice().into();
        if let Some((at, hash)) = delta.node {
            nodes[at] = hash;
        }
        Known {
            nodes,
            timers: delta.timers,
            checker: delta.checker,
        }
    }

    /// Copies of the packet with this hash in flight.
    fn count(&self, packet: u64) -> u32 {
        match self.packets.binary_search_by_key(&packet, |&(p, _)| p) {
            Ok(i) => self.packets[i].1,
            Err(_) => 0,
        }
    }

    /// The fingerprint of these parts, with one node's hash replaced, and these sums.
    fn fingerprint(&self, node: Option<(usize, u64)>, sums: &Sums, used: &Used) -> u64 {
        compose(&self.nodes, node, sums, used)
    }
}

/// XXH3 over the words of a fingerprint: each node's hash (one of them replaced by `node`),
/// the three sums, the bounds used.
fn compose(nodes: &[u64], node: Option<(usize, u64)>, sums: &Sums, used: &Used) -> u64 {
    // Bytes on the stack: this runs for every transition.
    const ROOM: usize = 32;
    if nodes.len() + 4 > ROOM {
        let put = |bytes: &mut Bytes, w: u64| bytes.0.extend_from_slice(&w.to_le_bytes());
        return hash_bytes(|bytes| words(nodes, node, sums, used, |w| put(bytes, w)));
    }
    let mut bytes = [0u8; ROOM * 8];
    let mut at = 0;
    words(nodes, node, sums, used, |w| {
        bytes[at..at + 8].copy_from_slice(&w.to_le_bytes());
        at += 8;
    });
    xxh3_64(&bytes[..at])
}

/// The words a fingerprint hashes, in order.
fn words(
    nodes: &[u64],
    node: Option<(usize, u64)>,
    sums: &Sums,
    used: &Used,
    mut put: impl FnMut(u64),
) {
    for (i, &hash) in nodes.iter().enumerate() {
        put(match node {
            Some((at, new)) if at == i => new,
            _ => hash,
        });
    }
    put(sums.network);
    put(sums.timers);
    put(sums.checker);
    let Used {
        drops,
        duplicates,
        crashes,
        timeouts,
        elections,
        requests,
        numbered,
    } = *used;
    put(u64::from_le_bytes([
        drops, duplicates, crashes, timeouts, elections, requests, numbered, 0,
    ]));
}

/// What a node does with an input: its new hash, the hashes of the messages it sends, the
/// timers it sets (`true`) and cancels (`false`) in order, whether the checker records any of
/// its outputs — and, unless memory comes first, the node and outputs themselves, to build the
/// successor when it is new.
struct Reaction {
    node: u64,
    sends: Box<[u64]>,
    timers: Box<[(Timer, bool)]>,
    records: bool,
    kept: Option<(Arc<Node>, Box<[Output]>)>,
}

impl Reaction {
    fn of(id: NodeId, node: Node, outputs: Vec<Output>, keep: bool) -> Self {
        let mut sends = Vec::new();
        let mut timers = Vec::new();
        let mut records = false;
        for output in &outputs {
            match output {
                Output::Send { to, message } => sends.push(packet_hash(id, *to, message)),
                Output::SetTimer { timer, .. } => timers.push((*timer, true)),
                Output::CancelTimer(timer) => timers.push((*timer, false)),
                Output::Suspicion { .. } => {}
                _ => records = true,
            }
        }
        Self {
            node: hash_of(&node),
            sends: sends.into(),
            timers: timers.into(),
            records,
            kept: keep.then(|| (Arc::new(node), outputs.into())),
        }
    }
}

/// Which node reacts, in which state, to which input (a packet's or a timer's hash).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Input {
    node: u32,
    state: u64,
    input: u64,
}

impl Hash for Input {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        hasher.write_u64(self.state ^ self.input.rotate_left(23) ^ u64::from(self.node));
    }
}

/// A checker (by its hash) recording a reaction's outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Record {
    checker: u64,
    input: Input,
}

impl Hash for Record {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        let mut inner = Passthrough(0);
        self.input.hash(&mut inner);
        hasher.write_u64(inner.0 ^ self.checker.rotate_left(41));
    }
}

/// A hasher for keys that are uniform hashes already (fingerprints, and the keys of the tables
/// here): it keeps the word it is given as it is.
#[derive(Default)]
pub(crate) struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Table<K, V> = HashMap<K, V, BuildHasherDefault<Passthrough>>;

/// The checker's hash after recording, and whether it found a violation.
#[derive(Clone, Copy)]
struct Recorded {
    checker: u64,
    violated: bool,
}

/// What [`Stepper::successor`] knows of a step's successor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Successor {
    /// It is outside the bounds (too many messages in flight): [`Model::next`] gives `None`.
    Outside,
    /// Its fingerprint, and what it changes of the parent's parts.
    Fingerprint(u64, Delta),
    /// Unknown without building it: a crash, a restart, a client request, or a step that
    /// breaks a rule (whose violation the search reports from the built state).
    Build,
}

/// Fingerprints successors from their parents' parts, remembering reactions.
pub struct Stepper {
    reactions: Table<Input, Reaction>,
    records: Table<Record, Recorded>,
    /// Whether reactions keep the node and outputs (see [`Stepper::new`]).
    keep: bool,
    /// The packets a step touches, by hash, with the change in copies (kept to reuse).
    net: Vec<(u64, i64)>,
}

impl Stepper {
    /// A stepper that remembers nothing yet. With `keep`, each remembered reaction also keeps
    /// the node's new state and its outputs, so that a new successor is built without running
    /// the roles again ([`Stepper::reacted`]); without it (when memory comes first: a packed
    /// queue), the tables hold hashes only, a hundred bytes or so an entry.
    pub fn new(keep: bool) -> Self {
        Self {
            reactions: Table::default(),
            records: Table::default(),
            keep,
            net: Vec::new(),
        }
    }

    /// The fingerprint of the state that taking `step` from `state` leads to, as [`Model::next`]
    /// would build it at `depth` — where it can be known without building it. `packets` are
    /// the messages in flight in the world's order, which `step` counts in.
    pub fn successor(
        &mut self,
        model: &Model,
        (state, parts, packets): (&State, &Parts, &[&Packet]),
        step: &Move,
        depth: u64,
    ) -> Successor {
        let mut sums = Sums::of(parts);
        let mut net = std::mem::take(&mut self.net);
        net.clear();
        let mut node = None;
        let mut reaction_key = None;
        let hash = |i: u32| parts.order.get(i as usize).copied();
        let fire = match *step {
            Move::Drop(i) | Move::Duplicate(i) => {
                let Some(packet) = hash(i) else {
                    return Successor::Build;
                };
                net.push((packet, if let Move::Drop(_) = step { -1 } else { 1 }));
                None
            }
            Move::Deliver(i) => {
                let (Some(packet), Some(p)) = (hash(i), packets.get(i as usize)) else {
                    return Successor::Build;
                };
                net.push((packet, -1));
                Some((p.to, packet, None))
            }
            Move::Fire(node, timer) => Some((node, timer_hash(node, timer), Some(timer))),
            Move::Crash(node) => {
                // What a crash loses besides the node's volatile state: every message to it,
                // and its timers.
                for ((p, copies), &packet) in state.world.in_flight().zip(&parts.order) {
                    if p.to == node {
                        net.push((packet, -i64::from(copies)));
                    }
                }
                for &(n, timer) in state.world.timers() {
                    if n == node {
                        sums.timers = sums.timers.wrapping_sub(timer_hash(n, timer));
                    }
                }
                Some((node, CRASH, None))
            }
            Move::Restart(node) => Some((node, RESTART, None)),
            Move::Request(_) => return Successor::Build,
        };
        let choice = || step.step(packets);
        if let Some((id, input, fired)) = fire {
            let Some(&hash) = parts.nodes.get(id.0 as usize) else {
                return Successor::Build;
            };
            let key = Input {
                node: id.0,
                state: hash,
                input,
            };
            let Some(reaction) = self.reaction(state, &choice, key) else {
                return Successor::Build;
            };
            net.extend(reaction.sends.iter().map(|&p| (p, 1)));
            if let Some(timer) = fired {
                sums.timers = sums.timers.wrapping_sub(timer_hash(id, timer));
            }
            // Each timer the reaction touches ends as its last set or cancel says.
            for (i, &(timer, _)) in reaction.timers.iter().enumerate() {
                if reaction.timers[..i].iter().any(|&(t, _)| t == timer) {
                    continue;
                }
                let last = reaction.timers.iter().rev().find(|&&(t, _)| t == timer);
                let after = last.is_some_and(|&(_, set)| set);
                let before = fired != Some(timer) && state.world.pending(id, timer);
                if after != before {
                    let hash = timer_hash(id, timer);
                    sums.timers = if after {
                        sums.timers.wrapping_add(hash)
                    } else {
                        sums.timers.wrapping_sub(hash)
                    };
                }
            }
            node = Some((id.0 as usize, reaction.node));
            let records = reaction.records;
            reaction_key = Some(key);
            if records {
                match self.record(state, &choice, key, parts.checker, depth) {
                    Some(r) if !r.violated => sums.checker = r.checker,
                    _ => return Successor::Build,
                }
            }
        }
        // The network: each packet touched changes its term in the sum.
        net.sort_unstable();
        let mut i = 0;
        while i < net.len() {
            let packet = net[i].0;
            let mut delta = 0;
            while i < net.len() && net[i].0 == packet {
                delta += net[i].1;
                i += 1;
            }
            let before = parts.count(packet);
            let Ok(after) = u32::try_from(i64::from(before) + delta) else {
                return Successor::Build;
            };
            sums.network = sums
                .network
                .wrapping_sub(copies(packet, before))
                .wrapping_add(copies(packet, after));
            sums.in_flight += delta;
        }
        self.net = net;
        if sums.in_flight > i64::from(model.bounds().max_in_flight) {
            return Successor::Outside;
        }
        let mut used = state.used;
        model.spend_move(&mut used, step);
        let delta = Delta {
            node,
            reaction: reaction_key,
            timers: sums.timers,
            checker: sums.checker,
        };
        Successor::Fingerprint(parts.fingerprint(node, &sums, &used), delta)
    }

    /// The node and outputs of the reaction a predicted step remembered, for
    /// [`Model::next_reacted`]: `None` if no node reacted (or it is no longer remembered).
    pub fn reacted(&self, delta: &Delta) -> Option<(Arc<Node>, Vec<Output>)> {
        let reaction = self.reactions.get(delta.reaction.as_ref()?)?;
        let (node, outputs) = reaction.kept.as_ref()?;
        Some((node.clone(), outputs.to_vec()))
    }

    /// The remembered reaction to `choice` of the node `key` names, computed on first use.
    fn reaction(
        &mut self,
        state: &State,
        choice: &dyn Fn() -> Step,
        key: Input,
    ) -> Option<&Reaction> {
        if !self.reactions.contains_key(&key) {
            let Step::World(choice) = choice() else {
                return None;
            };
            let (id, node, outputs) = state.world.react(&choice).ok()?;
            if self.reactions.len() >= REMEMBERED {
                self.reactions.clear();
            }
            let reaction = Reaction::of(id, node, outputs, self.keep);
            self.reactions.insert(key, reaction);
        }
        self.reactions.get(&key)
    }

    /// What the checker of `state` (whose hash is `checker`) becomes after recording the
    /// outputs of the reaction `key` names, computed on first use.
    fn record(
        &mut self,
        state: &State,
        choice: &dyn Fn() -> Step,
        key: Input,
        checker: u64,
        depth: u64,
    ) -> Option<Recorded> {
        let record = Record {
            checker,
            input: key,
        };
        if let Some(&recorded) = self.records.get(&record) {
            return Some(recorded);
        }
        let Step::World(choice) = choice() else {
            return None;
        };
        let (id, _, outputs) = state.world.react(&choice).ok()?;
        let mut after = state.checker.clone();
        let before = after.violations().len();
        for output in &outputs {
            after.record(depth, id, output);
        }
        let recorded = Recorded {
            checker: checker_hash(&after),
            violated: after.violations().len() > before,
        };
        if self.records.len() >= REMEMBERED {
            self.records.clear();
        }
        self.records.insert(record, recorded);
        Some(recorded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Bounds;
    use paxos_core::world::Choice;
    use paxos_core::{Config, Mode, Sabotage};
    use std::collections::{HashSet, VecDeque};

    /// Every transition of the first `limit` states of `model`'s graph, breadth-first: the
    /// fingerprint predicted from the parent's parts is the built successor's.
    fn predicted_equals_built(model: &Model, limit: usize) -> (usize, usize) {
        let mut stepper = Stepper::new(true);
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([model.init().clone()]);
        seen.insert(fingerprint(model.init()));
        let (mut predicted, mut built_) = (0, 0);
        while let Some(state) = queue.pop_front() {
            let parts = Parts::of(&state, None);
            let packets: Vec<&Packet> = state.world.in_flight().map(|(p, _)| p).collect();
            for step in model.moves(&state) {
                let built = step.step(&packets);
                let next = model.next(&state, &built, 1);
                match stepper.successor(model, (&state, &parts, &packets), &step, 1) {
                    Successor::Outside => assert!(next.is_none(), "{built:?}"),
                    Successor::Fingerprint(print, delta) => {
                        let next = next.as_ref().expect("a predicted successor is built");
                        assert_eq!(print, fingerprint(&next.state), "{built:?}");
                        // Built from the remembered reaction: the very same state.
                        let reacted = stepper.reacted(&delta);
                        let reacts = !matches!(step, Move::Drop(_) | Move::Duplicate(_));
                        assert_eq!(reacted.is_some(), reacts, "{built:?}");
                        let rebuilt = model.next_reacted(&state, &built, 1, reacted).unwrap();
                        assert_eq!(rebuilt.state.world, next.state.world, "{built:?}");
                        assert_eq!(rebuilt.state.used, next.state.used);
                        assert_eq!(fingerprint(&rebuilt.state), print);
                        assert_eq!(
                            format!("{:?}", rebuilt.state.checker),
                            format!("{:?}", next.state.checker)
                        );
                        let known = parts.after(&delta);
                        let carried = Parts::of(&next.state, Some(&known));
                        let hashed = Parts::of(&next.state, None);
                        assert_eq!(
                            (carried.nodes, carried.timers, carried.checker),
                            (hashed.nodes, hashed.timers, hashed.checker)
                        );
                        assert!(next.violations.is_empty());
                        predicted += 1;
                    }
                    Successor::Build => built_ += 1,
                }
                let Some(next) = next else {
                    continue;
                };
                if seen.len() < limit
                    && next.violations.is_empty()
                    && seen.insert(fingerprint(&next.state))
                {
                    queue.push_back(next.state);
                }
            }
        }
        (predicted, built_)
    }

    fn model(config: Config, bounds: Bounds) -> Model {
        Model::new(config, bounds).unwrap()
    }

    #[test]
    fn predicted_fingerprints_are_the_built_ones() {
        let faults = Bounds {
            max_drops: 1,
            max_duplicates: 1,
            max_crashes: 1,
            requests: 2,
            ..Bounds::default()
        };
        let cases = [
            model(Config::default(), faults.clone()),
            model(
                Config {
                    sabotage: Some(Sabotage::SkipPhaseOne),
                    ..Config::default()
                },
                faults.clone(),
            ),
            model(
                Config {
                    mode: Mode::Multi,
                    ..Config::default()
                },
                Bounds {
                    requests: 1,
                    ..faults.clone()
                },
            ),
            model(
                Config {
                    mode: Mode::TwoPhase,
                    ..Config::default()
                },
                Bounds {
                    requests: 1,
                    ..faults
                },
            ),
        ];
        for model in &cases {
            let (predicted, built) = predicted_equals_built(model, 3_000);
            // Crashes, restarts and requests are built; with a crash bound they are many.
            assert!(
                predicted > 2 * built,
                "most steps are predicted: {predicted} against {built}"
            );
        }
    }

    #[test]
    fn different_states_have_different_parts() {
        let model = model(Config::default(), Bounds::default());
        let init = model.init();
        let mut prints = HashSet::from([fingerprint(init)]);
        for step in model.steps(init) {
            let next = model.next(init, &step, 1).unwrap();
            assert!(prints.insert(fingerprint(&next.state)), "{step:?}");
        }
        // The multiset counts copies: one more copy of a message is another state.
        let once = model.next(init, &Step::Request(0), 1).unwrap().state;
        let packet = once.world.in_flight().next().unwrap().0.clone();
        let twice = model
            .next(&once, &Step::World(Choice::Duplicate(packet)), 2)
            .unwrap()
            .state;
        assert_ne!(fingerprint(&once), fingerprint(&twice));
    }
}
