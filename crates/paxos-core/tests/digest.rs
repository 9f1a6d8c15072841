//! Behaviour pinned wholesale: 400 seeded random schedules, Basic and Multi-Paxos, with every
//! kind of action and network fault. Every report and the final snapshot of each run, as JSON,
//! feed one FNV-1a digest per mode, and the digests are pinned. A refactoring that changes any
//! message, delay, event or view of any of these runs changes a digest and fails here.
//!
//! Revision 3 Multi-Paxos runs, with servers added and removed, are pinned by a digest of their
//! own; Basic Paxos runs are the same under revisions 2 and 3.
//!
//! The same runs under protocol revision 1 (how version-1 traces replay) must still give the
//! digests pinned before revision 2 existed, with the fields added since (new configuration
//! fields, new message counters) left out of the snapshots: old traces replay exactly as before.
//!
//! After an *intended* change of behaviour, print the new digests with
//! `cargo test -p paxos-core --test digest -- --nocapture` and update the constants.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{as_version_1, resolve, Op};
use paxos_core::config::Layout;
use paxos_core::{Config, Mode, Simulation};

/// A small, fixed generator for the schedules (xorshift64*), independent of any crate.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Fnv {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn op(g: &mut Gen, multi: bool) -> Op {
    let i = g.next() as usize;
    match g.below(24) {
        0..=11 => Op::Step,
        12..=14 => Op::Deliver(i),
        15 => Op::Drop(i),
        16 => Op::Duplicate(i),
        17 => Op::Crash(i),
        18 => Op::Restart(i),
        19 | 20 if multi => Op::Submit(i, g.below(256) as u8),
        19 | 20 => Op::Propose(i, g.below(4) as u8),
        21 => Op::Link(
            i,
            g.next() as usize,
            g.below(600) as u16,
            g.below(400) as u16,
            g.below(2) == 0,
        ),
        22 => match g.below(3) {
            0 => Op::Split(g.next() as u16),
            1 => Op::Cut(i, g.next() as usize),
            _ => Op::Heal,
        },
        _ => Op::Step,
    }
}

fn config(g: &mut Gen, multi: bool, revision: u32) -> Config {
    let min_delay = 1 + g.below(4);
    let max_delay = min_delay + g.below(12);
    if multi {
        let heartbeat = 10 + g.below(20);
        return Config {
            mode: Mode::Multi,
            acceptors: 3 + g.below(3) as u32,
            min_delay,
            max_delay,
            heartbeat,
            election_timeout: heartbeat * 4,
            revision,
            ..Config::default()
        };
    }
    Config {
        proposers: 1 + g.below(3) as u32,
        acceptors: 3 + g.below(3) as u32,
        learners: 1 + g.below(2) as u32,
        layout: if g.below(2) == 0 {
            Layout::Separate
        } else {
            Layout::Shared
        },
        min_delay,
        max_delay,
        revision,
        ..Config::default()
    }
}

/// A snapshot as JSON with sorted keys; for revision 1, as it read before revision 2 existed.
fn snapshot_json(sim: &Simulation, revision: u32) -> String {
    let json = serde_json::to_string(&sim.snapshot()).unwrap();
    if revision == 1 {
        as_version_1(&json).to_string()
    } else {
        json
    }
}

/// The digest of `runs` schedules, and how many of them got something chosen.
fn digest(multi: bool, revision: u32, runs: u64) -> (u64, u64) {
    digest_runs(multi, revision, runs, true)
}

/// The digest of the reports alone (no final snapshots).
fn digest_reports(multi: bool, revision: u32, runs: u64) -> (u64, u64) {
    digest_runs(multi, revision, runs, false)
}

fn digest_runs(multi: bool, revision: u32, runs: u64, snapshots: bool) -> (u64, u64) {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    let mut decided = 0;
    for run in 0..runs {
        let mut g = Gen(0x9E37_79B9_7F4A_7C15 ^ (run + 1).wrapping_mul(0xA24B_AED4_963E_E407));
        let config = config(&mut g, multi, revision);
        let mut sim = Simulation::new(config, g.next() as u32).expect("valid config");
        let ops: Vec<Op> = (0..120 + g.below(80))
            .map(|_| {
                let op = op(&mut g, multi);
                // Revision 3 adds membership changes; earlier revisions keep their exact
                // schedules (no extra draws).
                match op {
                    Op::Step if multi && revision >= 3 && g.below(30) == 0 => {
                        if g.below(2) == 0 {
                            Op::AddServer(g.next() as usize)
                        } else {
                            Op::RemoveServer(g.next() as usize, g.next() as usize)
                        }
                    }
                    op => op,
                }
            })
            .collect();
        for op in ops.iter().chain(std::iter::repeat_n(&Op::Step, 150)) {
            if let Some(action) = resolve(&sim, op) {
                let report = sim.apply(action).expect("a resolved action applies");
                hash.feed(serde_json::to_string(&report).unwrap().as_bytes());
            }
        }
        if snapshots {
            hash.feed(snapshot_json(&sim, revision).as_bytes());
        }
        decided += u64::from(!sim.checker().chosen().is_empty());
    }
    (hash.0, decided)
}

#[test]
fn basic_paxos_runs_under_revision_1_are_as_they_were() {
    let (found, _) = digest(false, 1, 250);
    assert_eq!(found, BASIC_REVISION_1);
}

#[test]
fn multi_paxos_runs_under_revision_1_are_as_they_were() {
    let (found, _) = digest(true, 1, 150);
    assert_eq!(found, MULTI_REVISION_1);
}

#[test]
fn basic_paxos_runs_are_pinned() {
    let (found, decided) = digest(false, 2, 250);
    println!("basic digest: {found:#018x}; {decided} of 250 runs chose a value");
    assert!(decided > 100, "the pinned runs are worth pinning");
    assert_eq!(found, BASIC);
}

#[test]
fn multi_paxos_runs_are_pinned() {
    let (found, decided) = digest(true, 2, 150);
    println!("multi digest: {found:#018x}; {decided} of 150 runs chose a slot");
    assert!(decided > 75, "the pinned runs are worth pinning");
    assert_eq!(found, MULTI);
}

#[test]
fn multi_paxos_runs_with_membership_changes_are_pinned() {
    let (found, decided) = digest(true, 3, 150);
    println!("multi digest, revision 3: {found:#018x}; {decided} of 150 runs chose a slot");
    assert!(decided > 75, "the pinned runs are worth pinning");
    assert_eq!(found, MULTI_REVISION_3);
}

#[test]
fn basic_paxos_runs_under_revision_3_are_those_of_revision_2() {
    // Revision 3 changed only Multi-Paxos: Basic Paxos runs are the same, event for event
    // (their snapshots differ only in the configuration's revision field).
    let (two, _) = digest_reports(false, 2, 60);
    let (three, _) = digest_reports(false, 3, 60);
    assert_eq!(two, three);
}

const MULTI_REVISION_3: u64 = 0xe0f8_206c_109c_1bc7;
const BASIC_REVISION_1: u64 = 0xa0ae_78b1_2f59_b6e6;
const MULTI_REVISION_1: u64 = 0xc909_78cf_ab43_6300;
const BASIC: u64 = 0x46f1_3c22_e804_e688;
const MULTI: u64 = 0x0889_3f4d_2003_e108;
