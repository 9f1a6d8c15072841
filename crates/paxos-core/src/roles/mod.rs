//! The three Paxos roles as sans-IO state machines.
//!
//! Each role takes one input (a message, a timeout, a client request) and writes what that input
//! causes into an [`Outbox`]: messages to send, timers to set, values learned. A role never reads
//! a clock, draws a random number or performs IO; the [simulator](crate::sim) feeds it inputs and
//! carries its outputs, which is what makes every run replayable.
//!
//! What a role keeps on *stable storage* is explicit: [`AcceptorState`](acceptor::AcceptorState)
//! whole, the proposer's highest round, the learner's learned value. A crash keeps exactly that
//! and forgets everything else (see each role's `crash`).

pub mod acceptor;
pub mod learner;
pub mod proposer;

use crate::ballot::NodeId;
use crate::message::{Message, Proposal};

/// One effect of handling an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Send `message` to node `to`.
    Send {
        /// The receiver.
        to: NodeId,
        /// The message.
        message: Message,
    },
    /// Deliver a timeout carrying `token` after `delay` ticks of logical time, replacing the
    /// role's pending timer.
    SetTimer {
        /// Handed back with the timeout so stale timers can be told apart.
        token: u64,
        /// Delay in logical ticks.
        delay: u64,
    },
    /// Cancel the pending timer, if any.
    CancelTimer,
    /// The learner learned a value.
    Learned(Proposal),
}

/// Collects the outputs of one input, in the order they were produced.
#[derive(Debug, Default)]
pub struct Outbox {
    outputs: Vec<Output>,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a message.
    pub fn send(&mut self, to: NodeId, message: Message) {
        self.outputs.push(Output::Send { to, message });
    }

    /// Queues the same message to several nodes, in the given order.
    pub fn broadcast(&mut self, to: &[NodeId], message: &Message) {
        for &node in to {
            self.send(node, message.clone());
        }
    }

    /// Queues a timer.
    pub fn set_timer(&mut self, token: u64, delay: u64) {
        self.outputs.push(Output::SetTimer { token, delay });
    }

    /// Cancels the pending timer.
    pub fn cancel_timer(&mut self) {
        self.outputs.push(Output::CancelTimer);
    }

    /// Reports a learned value.
    pub fn learned(&mut self, proposal: Proposal) {
        self.outputs.push(Output::Learned(proposal));
    }

    /// Takes the outputs, leaving the outbox empty.
    pub fn drain(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.outputs)
    }

    /// The outputs queued so far.
    pub fn outputs(&self) -> &[Output] {
        &self.outputs
    }
}

/// A strict majority of `n`: ⌊n/2⌋ + 1. Any two majorities of the same set intersect, which is
/// the whole reason Paxos is safe (Paxos Made Simple, section 2.2).
pub const fn majority(n: usize) -> usize {
    n / 2 + 1
}

#[cfg(test)]
mod tests {
    use super::majority;

    #[test]
    fn majority_is_floor_half_plus_one_and_any_two_intersect() {
        assert_eq!(
            [1, 2, 3, 4, 5, 9].map(majority),
            [1, 2, 2, 3, 3, 5],
            "⌊n/2⌋+1 for odd and even n"
        );
        for n in 1..=9 {
            assert!(2 * majority(n) > n, "two majorities of {n} must overlap");
        }
    }
}
