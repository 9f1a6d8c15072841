//! Which protocols this build of the crate carries.
//!
//! Basic Paxos is always built. Multi-Paxos (feature `multi`) and two-phase commit (feature
//! `two-phase`) can be left out, as the page's first-load engine (`crates/paxos-lite`) does to
//! stay small: the page fetches the full build when one of them is chosen.
//!
//! Leaving a protocol out changes no code path by hand. Its roles — the [`Replica`], the
//! [`Coordinator`] and the [`Participant`] — hold a zero-sized marker, [`Multi`] or
//! [`TwoPhase`], which is a unit struct when the protocol is built and an *empty enum* when it
//! is not. A role that holds an empty enum cannot exist, so the compiler drops every `match`
//! arm on it, and with them all the code that only those arms reach.
//! [`crate::Config::validate`] refuses a configuration of a protocol that is left out
//! ([`crate::Error::NotBuilt`]), so no simulation ever reaches the marker's `new` there.
//!
//! [`Replica`]: crate::multi::replica::Replica
//! [`Coordinator`]: crate::twopc::coordinator::Coordinator
//! [`Participant`]: crate::twopc::participant::Participant

/// Generates one marker per protocol, present or absent according to its feature.
macro_rules! marker {
    ($(#[$doc:meta])* $name:ident, $feature:literal, $protocol:literal) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name;

        $(#[$doc])*
        #[cfg(not(feature = $feature))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {}

        impl $name {
            /// Whether this build carries the protocol.
            pub const PRESENT: bool = cfg!(feature = $feature);
        }

        #[cfg(feature = $feature)]
        impl $name {
            /// The marker a new role of the protocol holds.
            pub fn new() -> Self {
                $name
            }
        }

        #[cfg(not(feature = $feature))]
        impl $name {
            /// The marker a new role of the protocol would hold.
            ///
            /// # Panics
            /// Always: this build lacks the protocol, and configurations of it are refused
            /// before any role is made ([`crate::Config::validate`]), so it is never called.
            pub fn new() -> Self {
                unreachable!(concat!($protocol, " is not in this build"))
            }
        }

        #[cfg(not(feature = $feature))]
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
}

marker!(
    /// Multi-Paxos is built (feature `multi`).
    Multi,
    "multi",
    "Multi-Paxos"
);

marker!(
    /// Two-phase commit is built (feature `two-phase`).
    TwoPhase,
    "two-phase",
    "two-phase commit"
);

#[cfg(all(test, feature = "multi", feature = "two-phase"))]
mod tests {
    use crate::{Config, Mode, Simulation};

    #[test]
    fn the_default_build_carries_and_runs_every_protocol() {
        for mode in [Mode::Basic, Mode::Multi, Mode::TwoPhase] {
            assert!(mode.is_built());
            let config = Config {
                mode,
                ..Config::default()
            };
            assert!(Simulation::new(config, 1).is_ok(), "{}", mode.name());
        }
    }
}
