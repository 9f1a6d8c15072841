//! Scenarios of membership changes: through the log, and the broken rule without it.

use super::Scenario;
use crate::config::{Config, Mode, Sabotage};
use crate::error::Result;
use crate::sim::Simulation;

/// The pinned seed of these scenarios.
pub(super) const SEED: u32 = 0;

/// The configuration of `scenario`.
pub(super) fn config(scenario: Scenario) -> Config {
    Config {
        mode: Mode::Multi,
        acceptors: if scenario == Scenario::Reconfiguration {
            5
        } else {
            3
        },
        sabotage: (scenario == Scenario::Broken(Sabotage::MembershipWithoutConsensus))
            .then_some(Sabotage::MembershipWithoutConsensus),
        ..Config::default()
    }
}

/// The opening actions of `scenario`.
pub(super) fn open(_scenario: Scenario, _sim: &mut Simulation) -> Result<()> {
    Ok(())
}
