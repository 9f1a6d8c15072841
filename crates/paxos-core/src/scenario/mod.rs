//! Ready-made runs that show what goes wrong: each broken rule of the "break a rule" catalogue,
//! duelling proposers (livelock) and its cures, the INT_MAX proposer and the ballot ceiling,
//! corrupted messages with and without checksums; membership changes through the log (and
//! without it), and two-phase commit blocking where Multi-Paxos recovers ([`reconfig`],
//! [`twopc`]).
//!
//! A scenario is a configuration, a seed and a few opening actions (proposals, and for some a
//! scripted fault); what happens next is the simulator's ordinary stepping, so pressing Play in
//! the page shows the failure. The seeds are pinned: `tests/scenarios.rs` checks that each one
//! shows its failure within 200 steps, so a change of behaviour that hides one is noticed.

use crate::ballot::NodeId;
use crate::config::{Config, Layout, Sabotage};
use crate::error::{Error, Result};
use crate::network::LinkFaults;
use crate::roles::proposer::Phase;
use crate::sim::{Action, Simulation, Trace};
use serde::{Deserialize, Serialize};

mod reconfig;
mod twopc;

/// The fixed delay of each proposer's link to each acceptor in the duel (ticks, both ways):
/// with these and fixed retry timers, each proposer's prepare reaches a majority between the
/// other's prepare and its accept, round after round.
///
/// Why not one delay everywhere: if every message takes `d`, a proposer refused at time `t`
/// hears the reject at `t + d` and its next prepare lands at `t + 2d` or later, while the
/// winner's accept, sent when its promises arrived, lands by `t + 2d` too and goes first. So
/// uniform delays always let one proposer finish; a duel for ever needs links that differ.
const DUEL_DELAYS: [[u64; 3]; 2] = [[9, 9, 5], [7, 8, 1]];

/// A ready-made run.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Scenario {
    /// A broken rule, shown failing.
    Broken(Sabotage),
    /// Two proposers with fixed (jitter-free) retry timers, on links with fixed delays (the
    /// same both ways), pre-empt each other for ever.
    Livelock,
    /// The same with random back-off (timer jitter): a value is chosen.
    LivelockJitter,
    /// The same with a distinguished proposer: a value is chosen.
    LivelockDistinguished,
    /// P2 jumps to round `u64::MAX`: P1 is refused for ever.
    IntMax,
    /// The same with a ballot ceiling: the acceptors refuse the jump and P1 gets its value
    /// chosen.
    IntMaxCeiling,
    /// Links from P1 to A1 and A2 corrupt every message: a value nobody proposed is chosen.
    Corruption,
    /// The same links with checksums: damaged messages are discarded, like lost ones; nothing
    /// wrong is chosen (nor anything, until the links are mended).
    CorruptionChecksums,
    /// Multi-Paxos, 5 servers: a sixth is added and one removed through the log while clients
    /// keep submitting commands.
    Reconfiguration,
    /// Multi-Paxos: the leader crashes with commands in flight; the others elect a new one and
    /// go on by themselves.
    LeaderCrash,
    /// Two-phase commit: the coordinator crashes after the participants voted yes and before it
    /// decided: they are blocked until it restarts.
    TwoPhaseBlocked,
}

impl Scenario {
    /// Every scenario, in the order the page lists them.
    pub fn all() -> Vec<Scenario> {
        let mut all: Vec<Scenario> = Sabotage::ALL.into_iter().map(Scenario::Broken).collect();
        all.extend([
            Scenario::Livelock,
            Scenario::LivelockJitter,
            Scenario::LivelockDistinguished,
            Scenario::IntMax,
            Scenario::IntMaxCeiling,
            Scenario::Corruption,
            Scenario::CorruptionChecksums,
            Scenario::Reconfiguration,
            Scenario::LeaderCrash,
            Scenario::TwoPhaseBlocked,
        ]);
        all
    }

    /// The pinned seed that shows this scenario's point (the first that does, searched once).
    pub fn seed(self) -> u32 {
        match self {
            Scenario::Broken(Sabotage::AcceptorIgnoresPromises) => 1,
            Scenario::Broken(Sabotage::AcceptFirstValue) => 3,
            Scenario::Broken(Sabotage::SmallQuorum) => 1,
            Scenario::Broken(Sabotage::MembershipWithoutConsensus) | Scenario::Reconfiguration => {
                reconfig::SEED
            }
            Scenario::LeaderCrash | Scenario::TwoPhaseBlocked => twopc::SEED,
            Scenario::Broken(Sabotage::CoordinatorIgnoresVotes) => twopc::SEED,
            _ => 0,
        }
    }

    /// The configuration it runs.
    pub fn config(self) -> Config {
        let base = Config {
            proposers: 2,
            acceptors: 3,
            learners: 1,
            layout: Layout::Separate,
            ..Config::default()
        };
        let duel = Config {
            jitter: false,
            timeout: 25,
            backoff: 2,
            ..base.clone()
        };
        match self {
            Scenario::Broken(Sabotage::MembershipWithoutConsensus) | Scenario::Reconfiguration => {
                reconfig::config(self)
            }
            Scenario::Broken(Sabotage::CoordinatorIgnoresVotes)
            | Scenario::LeaderCrash
            | Scenario::TwoPhaseBlocked => twopc::config(self),
            Scenario::Broken(sabotage) => Config {
                sabotage: Some(sabotage),
                proposers: match sabotage {
                    Sabotage::AcceptFirstValue => 3,
                    Sabotage::SingleAcceptor | Sabotage::AcceptorForgetsOnRestart => 2,
                    _ => 3,
                },
                acceptors: if sabotage == Sabotage::SingleAcceptor {
                    1
                } else {
                    3
                },
                min_delay: 1,
                max_delay: 20,
                ..base
            },
            Scenario::Livelock => duel,
            Scenario::LivelockJitter => Config {
                jitter: true,
                ..duel
            },
            Scenario::LivelockDistinguished => Config {
                distinguished: true,
                ..duel
            },
            Scenario::IntMax => base,
            Scenario::IntMaxCeiling => Config {
                ballot_ceiling: Some(100),
                ..base
            },
            Scenario::Corruption => base,
            Scenario::CorruptionChecksums => Config {
                checksums: true,
                ..base
            },
        }
    }

    /// The simulation after the opening actions, with the pinned seed.
    pub fn open(self) -> Result<Simulation> {
        self.open_with(self.seed())
    }

    /// The simulation after the opening actions, with any seed (for measuring over many).
    pub fn open_with(self, seed: u32) -> Result<Simulation> {
        self.open_as(self.config(), seed)
    }

    /// The opening actions on another configuration (say, the same with no rule broken, as a
    /// control), with any seed.
    pub fn open_as(self, config: Config, seed: u32) -> Result<Simulation> {
        let proposers = config.proposers;
        let acceptor = |i: u32| NodeId(proposers + i);
        let mut sim = Simulation::new(config, seed)?;
        let propose = |sim: &mut Simulation, node: u32, value: &str| {
            sim.apply(Action::Propose {
                node: NodeId(node),
                value: value.into(),
            })
            .map(|_| ())
        };
        match self {
            Scenario::Broken(Sabotage::MembershipWithoutConsensus) | Scenario::Reconfiguration => {
                reconfig::open(self, &mut sim)?
            }
            Scenario::Broken(Sabotage::CoordinatorIgnoresVotes)
            | Scenario::LeaderCrash
            | Scenario::TwoPhaseBlocked => twopc::open(self, &mut sim)?,
            Scenario::Broken(Sabotage::AcceptorForgetsOnRestart) => {
                // P1 gets "x" chosen by A1 and A2 (its link to A3 is cut); A1 crashes and comes
                // back having forgotten it; P2, cut off from A2, asks A1 and A3 and hears of no
                // accepted value.
                let (p1, p2) = (NodeId(0), NodeId(1));
                sim.apply(Action::Cut {
                    from: p1,
                    to: acceptor(2),
                })?;
                propose(&mut sim, 0, "x")?;
                while sim.checker().chosen().is_empty() {
                    sim.step()?;
                }
                sim.apply(Action::Crash { node: acceptor(0) })?;
                sim.apply(Action::Restart { node: acceptor(0) })?;
                sim.apply(Action::Heal)?;
                for (from, to) in [(p2, acceptor(1)), (acceptor(1), p2)] {
                    sim.apply(Action::Cut { from, to })?;
                }
                propose(&mut sim, 1, "y")?;
            }
            Scenario::Broken(Sabotage::SingleAcceptor) => {
                propose(&mut sim, 0, "x")?;
                propose(&mut sim, 1, "y")?;
                sim.apply(Action::Crash { node: acceptor(0) })?;
            }
            Scenario::Broken(_) => {
                for (node, value) in ["x", "y", "z"].iter().enumerate().take(proposers as usize) {
                    propose(&mut sim, node as u32, value)?;
                }
            }
            Scenario::Livelock | Scenario::LivelockJitter | Scenario::LivelockDistinguished => {
                // Each proposer-acceptor link has one fixed delay, the same both ways.
                for (p, delays) in DUEL_DELAYS.iter().enumerate() {
                    for (a, &delay) in delays.iter().enumerate() {
                        let faults = LinkFaults {
                            min_delay: Some(delay),
                            max_delay: Some(delay),
                            ..LinkFaults::default()
                        };
                        let (p, a) = (NodeId(p as u32), acceptor(a as u32));
                        for (from, to) in [(p, a), (a, p)] {
                            let faults = faults.clone();
                            sim.apply(Action::SetLink { from, to, faults })?;
                        }
                    }
                }
                propose(&mut sim, 0, "x")?;
                propose(&mut sim, 1, "y")?;
            }
            Scenario::IntMax | Scenario::IntMaxCeiling => {
                sim.apply(Action::Misbehave { node: NodeId(1) })?;
                propose(&mut sim, 1, "max")?;
                propose(&mut sim, 0, "x")?;
            }
            Scenario::Corruption | Scenario::CorruptionChecksums => {
                // Phase 1 goes through; then P1's links to A1 and A2 start damaging every
                // message, just before its accept goes out.
                propose(&mut sim, 0, "blue")?;
                let promised = |sim: &Simulation| {
                    sim.world()
                        .node(NodeId(0))
                        .and_then(|n| n.proposer())
                        .is_some_and(|p| match p.phase() {
                            Phase::Preparing { promises, .. } => promises.count() >= 1,
                            _ => true,
                        })
                };
                while !promised(&sim) {
                    sim.step()?;
                }
                let faults = LinkFaults {
                    corrupt: 1000,
                    ..LinkFaults::default()
                };
                for to in [acceptor(0), acceptor(1)] {
                    let faults = faults.clone();
                    sim.apply(Action::SetLink {
                        from: NodeId(0),
                        to,
                        faults,
                    })?;
                }
            }
        }
        Ok(sim)
    }

    /// The opening as a trace (what the page opens).
    pub fn trace(self) -> Result<Trace> {
        self.open().map(|sim| sim.trace())
    }

    /// A scenario by its name (as in JSON), or an error listing the names.
    pub fn named(name: &str) -> Result<Scenario> {
        Scenario::all()
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| {
                let names: Vec<String> = Scenario::all().iter().map(|s| s.name()).collect();
                Error::InvalidConfig(format!(
                    "there is no scenario {name:?}; there are: {}",
                    names.join(", ")
                ))
            })
    }

    /// Its name: the broken rule's name, or the scenario's.
    pub fn name(self) -> String {
        let value = match self {
            Scenario::Broken(sabotage) => serde_json::to_value(sabotage),
            other => serde_json::to_value(other),
        };
        value
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}
