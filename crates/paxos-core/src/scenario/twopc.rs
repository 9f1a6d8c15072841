//! Scenarios of two-phase commit, and the same fault against Multi-Paxos for comparison.

use super::Scenario;
use crate::config::{Config, Mode, Sabotage};
use crate::error::Result;
use crate::sim::Simulation;

/// The pinned seed of these scenarios.
pub(super) const SEED: u32 = 0;

/// The configuration of `scenario`.
pub(super) fn config(scenario: Scenario) -> Config {
    match scenario {
        Scenario::LeaderCrash => Config {
            mode: Mode::Multi,
            ..Config::default()
        },
        _ => Config {
            mode: Mode::TwoPhase,
            sabotage: (scenario == Scenario::Broken(Sabotage::CoordinatorIgnoresVotes))
                .then_some(Sabotage::CoordinatorIgnoresVotes),
            ..Config::default()
        },
    }
}

/// The opening actions of `scenario`.
pub(super) fn open(_scenario: Scenario, _sim: &mut Simulation) -> Result<()> {
    Ok(())
}
