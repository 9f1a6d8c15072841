//! Errors: every way a call into the simulator can be refused, each with a readable message.
//! A refused call changes nothing.

use thiserror::Error;

/// A refused call, configuration or trace.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Error {
    /// The configuration is out of range or malformed.
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// The configuration's protocol is left out of this build of the crate (see
    /// [`crate::built`]); the page then loads the full build.
    #[error("this build of the engine leaves out {0}; the full build has it")]
    NotBuilt(&'static str),
    /// No node has this id.
    #[error("there is no node {id}: this cluster has nodes 0 to {last}")]
    UnknownNode {
        /// The id asked for.
        id: u32,
        /// The highest node id.
        last: u32,
    },
    /// No message in flight has this id.
    #[error("there is no message #{0} in flight (it may have been delivered, dropped or lost)")]
    UnknownMessage(u64),
    /// The node is crashed and cannot do that.
    #[error("{0} is crashed; restart it first")]
    NodeDown(String),
    /// The node is running, so it cannot be restarted.
    #[error("{0} is not crashed")]
    NodeUp(String),
    /// The node hosts no proposer.
    #[error("{0} is not a proposer; only proposers take client values")]
    NotAProposer(String),
    /// The proposed value is not acceptable.
    #[error("invalid value: {0}")]
    InvalidValue(String),
    /// The action belongs to the other mode (a value in Multi-Paxos, a command in Basic).
    #[error("{0}")]
    WrongMode(String),
    /// A seek beyond the history.
    #[error("there is no step {step}: the history has steps 0 to {last}")]
    UnknownStep {
        /// The step asked for.
        step: u64,
        /// The last step.
        last: u64,
    },
    /// A time-travel request that cannot be done (stepping back from step 0, nothing to undo).
    #[error("{0}")]
    TimeTravel(String),
    /// `step` with no message in flight and no timer pending.
    #[error("nothing to step: no message is in flight and no timer is pending")]
    Idle,
    /// A choice the protocol world cannot take now (a message not in flight, a timer not
    /// pending, a node already in that state).
    #[error("not possible now: {0}")]
    NotEnabled(String),
    /// A trace is malformed, or one of its actions cannot be replayed.
    #[error("invalid trace: {0}")]
    InvalidTrace(String),
    /// A lesson file is malformed, or one of its steps cannot be replayed.
    #[error("invalid lesson: {0}")]
    InvalidLesson(String),
}

/// Results of the simulator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
