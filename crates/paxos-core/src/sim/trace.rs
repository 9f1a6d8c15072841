//! Traces: a run as data (configuration, seed, actions, and the step shown), and the one way a
//! trace is checked and replayed, shared by [`Simulation`](super::Simulation) and
//! [`Timeline`](crate::Timeline).

use crate::config::Config;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

use super::Action;

/// The version of the [`Trace`] format this build writes. It reads this one and every older
/// one, each exactly as it was recorded:
///
/// * 1: the first format;
/// * 2: configurations may carry `jitter`, `distinguished` and `revision`; a version-1 trace
///   runs with `revision: 1` (the protocol as it was: no `decide` and `learned` messages).
/// * 3: `addServer`, `removeServer` and `transaction` actions; configurations may carry
///   `alpha`, `participants`, `votes` and the `twoPhase` mode. A version-2 trace runs at most
///   revision 2 (Multi-Paxos as it was: no reconfiguration, no failure detection).
/// * 4: `fire` actions (a pending timer fires now, as the model checker's schedules need).
pub const TRACE_VERSION: u32 = 4;

/// A run as data: enough to replay it exactly. This is the trace, permalink and scenario format.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// Format version, [`TRACE_VERSION`].
    pub version: u32,
    /// The cluster's configuration.
    pub config: Config,
    /// The seed of the network's random numbers.
    pub seed: u32,
    /// Every action, in order.
    pub actions: Vec<Action>,
    /// The step being shown, when it is not the last one (after rewinding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<u64>,
}
impl Trace {
    /// Checks what can be checked without replaying: the format version and the cursor. Returns
    /// the number of actions to replay to reach the step shown.
    pub fn check(&self) -> Result<usize> {
        if !(1..=TRACE_VERSION).contains(&self.version) {
            return Err(Error::InvalidTrace(format!(
                "unsupported version {}; this build reads versions 1 to {TRACE_VERSION}",
                self.version
            )));
        }
        match self.cursor {
            None => Ok(self.actions.len()),
            Some(cursor) => usize::try_from(cursor)
                .ok()
                .filter(|&c| c <= self.actions.len())
                .ok_or_else(|| {
                    Error::InvalidTrace(format!(
                        "its cursor {cursor} is beyond its {} actions",
                        self.actions.len()
                    ))
                }),
        }
    }
}

impl Trace {
    /// The configuration to replay with: as recorded, with what older versions implied made
    /// explicit (a version-1 trace ran protocol revision 1).
    pub fn replay_config(&self) -> Config {
        let mut config = self.config.clone();
        if self.version < 2 {
            config.revision = 1;
        } else if self.version < 3 {
            config.revision = config.revision.min(2);
        }
        config
    }
}

/// Replays `actions` through `apply`, in order; the first one refused is an error naming it
/// (its number and what it was) and why.
pub fn replay<T>(actions: &[Action], mut apply: impl FnMut(Action) -> Result<T>) -> Result<()> {
    for (index, action) in actions.iter().enumerate() {
        apply(action.clone()).map_err(|err| {
            Error::InvalidTrace(format!("action {} ({action}) failed: {err}", index + 1))
        })?;
    }
    Ok(())
}
