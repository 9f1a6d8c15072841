//! The simulated network's faults: per-link loss, duplication, delay and reordering, and
//! partitions (including one-way cuts).
//!
//! Paxos assumes an asynchronous network that may lose, duplicate, delay and reorder messages
//! but not corrupt them (Paxos Made Simple, section 2.1: "messages can take arbitrarily long to
//! be delivered, can be duplicated, and can be lost"). Each fault here is one of those, plus one
//! that breaks the assumption on purpose: `corrupt` damages a message in flight (a changed
//! value or ballot), which the `checksums` setting turns back into a loss.
//! Probabilities are whole numbers per thousand and every draw comes from the simulator's
//! seeded generator, so a fault replays exactly. A link without faults draws nothing extra, so
//! adding this module changed no existing run.

use crate::ballot::NodeId;
use crate::config::MAX_TICKS;
use crate::error::{Error, Result};
use crate::vecmap::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// Faults on one directed link. The default is a healthy link.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct LinkFaults {
    /// Chance, per thousand, that a message sent on the link is lost.
    pub loss: u16,
    /// Chance, per thousand, that the network delivers a second copy.
    pub duplicate: u16,
    /// Smallest delay on this link, overriding the cluster's `minDelay`.
    pub min_delay: Option<u64>,
    /// Largest delay on this link, overriding the cluster's `maxDelay`.
    pub max_delay: Option<u64>,
    /// First in, first out: no message overtakes an earlier one on this link (no reordering).
    pub fifo: bool,
    /// Chance, per thousand, that a message is damaged in flight (a changed value or ballot).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "is_zero")]
    pub corrupt: u16,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

impl LinkFaults {
    /// Whether this is a healthy link (nothing to store).
    pub fn is_healthy(&self) -> bool {
        *self == Self::default()
    }

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        for (name, value) in [
            ("loss", self.loss),
            ("duplicate", self.duplicate),
            ("corrupt", self.corrupt),
        ] {
            if value > 1000 {
                return Err(Error::InvalidConfig(format!(
                    "link {name} is per thousand, from 0 to 1000, got {value}"
                )));
            }
        }
        match (self.min_delay, self.max_delay) {
            (None, None) => Ok(()),
            (Some(min), Some(max)) if (1..=MAX_TICKS).contains(&min) && (min..=MAX_TICKS).contains(&max) => Ok(()),
            (Some(min), Some(max)) => Err(Error::InvalidConfig(format!(
                "link delays must satisfy 1 <= minDelay <= maxDelay <= {MAX_TICKS}, got {min} and {max}"
            ))),
            _ => Err(Error::InvalidConfig(
                "a link's minDelay and maxDelay go together".into(),
            )),
        }
    }
}

/// The network's state: faulty links and cut links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    links: VecMap<(NodeId, NodeId), LinkFaults>,
    cuts: VecSet<(NodeId, NodeId)>,
    /// For FIFO links: the latest due time given out.
    last_due: VecMap<(NodeId, NodeId), u64>,
}

impl Network {
    /// The faults of the link `from` → `to`.
    pub fn link(&self, from: NodeId, to: NodeId) -> LinkFaults {
        self.links.get(&(from, to)).cloned().unwrap_or_default()
    }

    /// Sets the faults of a link (a healthy value clears them).
    pub fn set_link(&mut self, from: NodeId, to: NodeId, faults: LinkFaults) {
        if faults.is_healthy() {
            self.links.remove(&(from, to));
        } else {
            self.links.insert((from, to), faults);
        }
    }

    /// Whether messages from `from` to `to` are cut off.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        from != to && self.cuts.contains(&(from, to))
    }

    /// Cuts one direction of a link.
    pub fn cut(&mut self, from: NodeId, to: NodeId) {
        if from != to {
            self.cuts.insert((from, to));
        }
    }

    /// Separates the groups from each other, both ways.
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        for (i, a) in groups.iter().enumerate() {
            for b in groups.iter().skip(i + 1) {
                for &x in a {
                    for &y in b {
                        self.cut(x, y);
                        self.cut(y, x);
                    }
                }
            }
        }
    }

    /// Removes every cut (link faults stay).
    pub fn heal(&mut self) {
        self.cuts.clear();
    }

    /// A due time for a message on a FIFO link: never before the previous one's.
    pub fn fifo_due(&mut self, from: NodeId, to: NodeId, due: u64) -> u64 {
        let last = self.last_due.entry((from, to)).or_default();
        *last = (*last).max(due);
        *last
    }

    /// Every faulty link, by (from, to).
    pub fn links(&self) -> impl Iterator<Item = (&(NodeId, NodeId), &LinkFaults)> {
        self.links.iter()
    }

    /// Every cut link, by (from, to).
    pub fn cuts(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cuts.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partition_cuts_both_ways_between_groups_only() {
        let mut net = Network::default();
        let n = |i| NodeId(i);
        net.partition(&[vec![n(0), n(1)], vec![n(2)]]);
        assert!(net.is_cut(n(0), n(2)) && net.is_cut(n(2), n(1)));
        assert!(!net.is_cut(n(0), n(1)), "same side");
        net.heal();
        assert!(!net.is_cut(n(0), n(2)));
    }

    #[test]
    fn a_one_way_cut_is_one_way() {
        let mut net = Network::default();
        net.cut(NodeId(0), NodeId(1));
        assert!(net.is_cut(NodeId(0), NodeId(1)));
        assert!(!net.is_cut(NodeId(1), NodeId(0)));
    }

    #[test]
    fn link_faults_are_checked() {
        let bad = |f: LinkFaults| f.validate().is_err();
        assert!(bad(LinkFaults {
            loss: 1001,
            ..LinkFaults::default()
        }));
        assert!(bad(LinkFaults {
            min_delay: Some(5),
            ..LinkFaults::default()
        }));
        assert!(bad(LinkFaults {
            min_delay: Some(5),
            max_delay: Some(2),
            ..LinkFaults::default()
        }));
        assert!(LinkFaults {
            loss: 1000,
            duplicate: 500,
            min_delay: Some(1),
            max_delay: Some(9),
            fifo: true,
            corrupt: 1000,
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn a_fifo_link_never_lets_a_message_overtake() {
        let mut net = Network::default();
        let (a, b) = (NodeId(0), NodeId(1));
        assert_eq!(net.fifo_due(a, b, 10), 10);
        assert_eq!(net.fifo_due(a, b, 4), 10);
        assert_eq!(net.fifo_due(a, b, 12), 12);
    }
}
