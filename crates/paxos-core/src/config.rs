//! The configuration of a simulated cluster, validated before any simulation starts.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How roles are placed on nodes.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Layout {
    /// One node per role instance: proposers P1.., acceptors A1.., learners L1...
    #[default]
    Separate,
    /// Servers N1.. each hosting several roles, as deployed in practice: node `i` is a proposer
    /// if `i < proposers`, an acceptor if `i < acceptors`, a learner if `i < learners`.
    Shared,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 2] = [Layout::Separate, Layout::Shared];
}

/// Which protocol the cluster runs.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// Basic Paxos: proposers, acceptors and learners choose one value.
    #[default]
    Basic,
    /// Multi-Paxos: `acceptors` servers, each a full replica, keep a replicated log of client
    /// commands applied to a key-value store; `proposers`, `learners` and `layout` are unused.
    Multi,
    /// Two-phase commit, for comparison: a coordinator and `participants` participants commit
    /// or abort transactions (see [`crate::twopc`]); the Paxos fields are unused.
    TwoPhase,
}

impl Mode {
    /// Every protocol.
    pub const ALL: [Mode; 3] = [Mode::Basic, Mode::Multi, Mode::TwoPhase];

    /// The protocol's name in words.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Basic => "Basic Paxos",
            Mode::Multi => "Multi-Paxos",
            Mode::TwoPhase => "two-phase commit",
        }
    }

    /// Whether this build of the crate carries the protocol (see [`crate::built`]).
    pub fn is_built(self) -> bool {
        match self {
            Mode::Basic => true,
            Mode::Multi => crate::built::Multi::PRESENT,
            Mode::TwoPhase => crate::built::TwoPhase::PRESENT,
        }
    }
}

/// How a two-phase-commit participant votes on a transaction.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VotePolicy {
    /// It can always commit.
    #[default]
    Yes,
    /// It can never commit (say, a constraint fails).
    No,
    /// Yes or no, drawn from the seeded generator for each transaction (even odds).
    Random,
}

impl VotePolicy {
    /// Every policy.
    pub const ALL: [VotePolicy; 3] = [VotePolicy::Yes, VotePolicy::No, VotePolicy::Random];
}

/// A rule deliberately broken, to show that the safety checks catch it, or that no value is
/// ever chosen ("break a rule" mode). Each is one of the naive designs or failure modes the
/// seeds discuss.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Sabotage {
    /// Acceptors accept any proposal, ignoring what they promised (breaks P1a).
    AcceptorIgnoresPromises,
    /// Proposers propose their own value even when a promise reported an accepted one
    /// (breaks P2c).
    ProposerIgnoresAcceptedValues,
    /// An acceptor forgets its promise and accepted proposal when it restarts: no stable
    /// storage (breaks section 2.2's "an acceptor must remember").
    AcceptorForgetsOnRestart,
    /// Ballots carry no proposer id, so two proposers can issue the same number (breaks
    /// "different proposers choose their numbers from disjoint sets").
    SharedBallots,
    /// A proposer skips phase 1 and sends accept with its own value at once (the "propose
    /// without checking first" design of the seeds).
    SkipPhaseOne,
    /// The first naive design of seed 002: proposers send their value at once, and acceptors
    /// accept only the first value they see and never change their mind: a majority may never
    /// agree (liveness).
    AcceptFirstValue,
    /// Proposers and learners take one acceptor fewer than a majority for a quorum: two
    /// quorums need not intersect.
    SmallQuorum,
    /// One acceptor decides alone: when it crashes, nothing can be chosen (liveness).
    SingleAcceptor,
    /// Multi-Paxos: each server switches to a new membership as soon as it hears of it, instead
    /// of choosing the change in the log: two majorities of different memberships need not
    /// intersect.
    MembershipWithoutConsensus,
    /// Two-phase commit: the coordinator decides commit once a majority voted yes, without
    /// waiting for every yes.
    CoordinatorIgnoresVotes,
}

impl Sabotage {
    /// Every broken rule, in the order the page lists them.
    pub const ALL: [Sabotage; 10] = [
        Sabotage::AcceptorIgnoresPromises,
        Sabotage::ProposerIgnoresAcceptedValues,
        Sabotage::AcceptorForgetsOnRestart,
        Sabotage::SharedBallots,
        Sabotage::SkipPhaseOne,
        Sabotage::AcceptFirstValue,
        Sabotage::SmallQuorum,
        Sabotage::SingleAcceptor,
        Sabotage::MembershipWithoutConsensus,
        Sabotage::CoordinatorIgnoresVotes,
    ];

    /// The protocol this rule belongs to.
    pub fn mode(self) -> Mode {
        match self {
            Sabotage::MembershipWithoutConsensus => Mode::Multi,
            Sabotage::CoordinatorIgnoresVotes => Mode::TwoPhase,
            _ => Mode::Basic,
        }
    }

    /// The rule's name as in configurations (`"smallQuorum"`...).
    pub fn name(self) -> String {
        crate::plain::variant_name(&self)
    }

    /// Whether breaking this rule costs liveness (no value is ever chosen) rather than safety.
    pub fn breaks_liveness(self) -> bool {
        matches!(self, Sabotage::AcceptFirstValue | Sabotage::SingleAcceptor)
    }
}

/// Cluster size, timing (in logical ticks) and optional sabotage.
///
/// Every field has a default, so `{}` is a valid configuration; unknown fields are refused.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// Basic Paxos or Multi-Paxos.
    pub mode: Mode,
    /// Number of proposers, 1 to 5.
    pub proposers: u32,
    /// Number of acceptors, 3 to 9; a majority is ⌊n/2⌋ + 1.
    pub acceptors: u32,
    /// Number of learners, 1 to 3.
    pub learners: u32,
    /// How roles map to nodes.
    pub layout: Layout,
    /// Smallest network delay of a message, in ticks (at least 1).
    pub min_delay: u64,
    /// Largest network delay of a message, in ticks.
    pub max_delay: u64,
    /// Ticks a proposer waits for a majority before retrying with a higher ballot.
    pub timeout: u64,
    /// Ticks a proposer waits after a reject before retrying.
    pub backoff: u64,
    /// Multi-Paxos: ticks between a leader's heartbeats.
    pub heartbeat: u64,
    /// Multi-Paxos: ticks a follower waits for its leader before running for leader (plus a
    /// seeded random jitter of up to half of it).
    pub election_timeout: u64,
    /// A rule to break on purpose; `None` for correct Paxos (Basic Paxos only).
    pub sabotage: Option<Sabotage>,
    /// Timers get a seeded random jitter of up to half their delay. Off, every proposer retries
    /// after exactly its timeout or back-off: with symmetric delays, two proposers can then
    /// pre-empt each other for ever (livelock).
    pub jitter: bool,
    /// Basic Paxos: proposers defer to a distinguished proposer (Paxos Made Simple, section
    /// 2.4): a proposer that has heard from a live proposer with a higher id forwards its
    /// client's value there instead of competing.
    pub distinguished: bool,
    /// Acceptors refuse a ballot whose round is more than this above the highest round they
    /// have seen (`None`: no ceiling). Guards against a proposer that jumps to a huge number.
    pub ballot_ceiling: Option<u64>,
    /// Every message carries a CRC-32 of its content; a receiver discards one that does not
    /// match (a corrupted message becomes a lost one).
    pub checksums: bool,
    /// The protocol revision a run follows. 2: a proposer whose value is chosen
    /// tells the learners until each acknowledges, and a restarted proposer finishes what it
    /// started, so a learner that missed messages still learns. 1: as version-1 traces ran.
    /// 3 adds Multi-Paxos reconfiguration and failure detection: a leader keeps at most `alpha`
    /// slots beyond what it knows chosen, followers answer heartbeats, and servers can be added
    /// and removed. 4 (the default): a proposer takes no news from a `decide` its own node sent,
    /// which under revisions 2 and 3 could, after a crash, stop it telling a learner that never
    /// learned (found by the soak, `cargo xtask soak`, seed 40033).
    pub revision: u32,
    /// Multi-Paxos: a configuration change chosen in slot `i` takes effect at slot `i + alpha`
    /// (Paxos Made Simple, end of section 3), 1 to [`MAX_ALPHA`]. It also bounds how many slots
    /// a leader proposes beyond those it knows are chosen.
    #[serde(skip_serializing_if = "is_default_alpha")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub alpha: u64,
    /// Two-phase commit: number of participants, 2 to 8.
    #[serde(skip_serializing_if = "is_default_participants")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub participants: u32,
    /// Two-phase commit: how participant `i` votes (participants past the end vote yes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub votes: Vec<VotePolicy>,
}

/// The newest protocol revision (see [`Config::revision`]).
pub const REVISION: u32 = 4;

/// The default [`Config::alpha`].
pub const DEFAULT_ALPHA: u64 = 3;
/// The largest [`Config::alpha`].
pub const MAX_ALPHA: u64 = 10;
/// The default number of two-phase-commit participants.
pub const DEFAULT_PARTICIPANTS: u32 = 3;

fn is_default_alpha(alpha: &u64) -> bool {
    *alpha == DEFAULT_ALPHA
}

fn is_default_participants(n: &u32) -> bool {
    *n == DEFAULT_PARTICIPANTS
}

impl Default for Config {
    fn default() -> Self {
        Self {
            mode: Mode::Basic,
            proposers: 2,
            acceptors: 3,
            learners: 1,
            layout: Layout::Separate,
            min_delay: 2,
            max_delay: 10,
            timeout: 60,
            backoff: 20,
            heartbeat: 20,
            election_timeout: 80,
            sabotage: None,
            jitter: true,
            distinguished: false,
            ballot_ceiling: None,
            checksums: false,
            revision: REVISION,
            alpha: DEFAULT_ALPHA,
            participants: DEFAULT_PARTICIPANTS,
            votes: Vec::new(),
        }
    }
}

/// Largest delay, timeout or back-off accepted, in ticks.
pub const MAX_TICKS: u64 = 100_000;

impl Config {
    /// Checks every field is in range; the error names the field and the range.
    pub fn validate(&self) -> Result<()> {
        let count = |name: &str, value: u32, lo: u32, hi: u32| {
            if (lo..=hi).contains(&value) {
                Ok(())
            } else {
                Err(Error::InvalidConfig(format!(
                    "{name} must be between {lo} and {hi}, got {value}"
                )))
            }
        };
        if !self.mode.is_built() {
            return Err(Error::NotBuilt(self.mode.name()));
        }
        count("proposers", self.proposers, 1, 5)?;
        if self.sabotage == Some(Sabotage::SingleAcceptor) {
            count("acceptors (with a single acceptor)", self.acceptors, 1, 1)?;
        } else {
            count("acceptors", self.acceptors, 3, 9)?;
        }
        count("learners", self.learners, 1, 3)?;
        let ticks = |name: &str, value: u64| {
            if (1..=MAX_TICKS).contains(&value) {
                Ok(())
            } else {
                Err(Error::InvalidConfig(format!(
                    "{name} must be between 1 and {MAX_TICKS} ticks, got {value}"
                )))
            }
        };
        ticks("minDelay", self.min_delay)?;
        ticks("maxDelay", self.max_delay)?;
        ticks("timeout", self.timeout)?;
        ticks("backoff", self.backoff)?;
        ticks("heartbeat", self.heartbeat)?;
        ticks("electionTimeout", self.election_timeout)?;
        if self.mode == Mode::Multi && self.heartbeat >= self.election_timeout {
            return Err(Error::InvalidConfig(format!(
                "heartbeat ({}) must be shorter than electionTimeout ({}), or followers depose every leader",
                self.heartbeat, self.election_timeout
            )));
        }
        if let Some(sabotage) = self.sabotage {
            if sabotage.mode() != self.mode {
                return Err(Error::InvalidConfig(format!(
                    "the broken rule {} belongs to {}, not to {}",
                    sabotage.name(),
                    sabotage.mode().name(),
                    self.mode.name()
                )));
            }
            if sabotage == Sabotage::MembershipWithoutConsensus && self.revision < 3 {
                return Err(Error::InvalidConfig(
                    "membershipWithoutConsensus needs protocol revision 3 (reconfiguration)".into(),
                ));
            }
        }
        if !(1..=MAX_ALPHA).contains(&self.alpha) {
            return Err(Error::InvalidConfig(format!(
                "alpha must be between 1 and {MAX_ALPHA} slots, got {}",
                self.alpha
            )));
        }
        count("participants", self.participants, 2, 8)?;
        if self.votes.len() > self.participants as usize {
            return Err(Error::InvalidConfig(format!(
                "votes lists {} participants, but there are only {}",
                self.votes.len(),
                self.participants
            )));
        }
        if self
            .ballot_ceiling
            .is_some_and(|c| !(1..=MAX_TICKS).contains(&c))
        {
            return Err(Error::InvalidConfig(format!(
                "ballotCeiling must be between 1 and {MAX_TICKS} rounds (or none)"
            )));
        }
        if !(1..=REVISION).contains(&self.revision) {
            return Err(Error::InvalidConfig(format!(
                "revision must be between 1 and {REVISION}, got {}",
                self.revision
            )));
        }
        if self.max_delay < self.min_delay {
            return Err(Error::InvalidConfig(format!(
                "maxDelay ({}) must not be below minDelay ({})",
                self.max_delay, self.min_delay
            )));
        }
        Ok(())
    }

    /// Two-phase commit: how the participant with this node id votes (participant `i` is node
    /// `i`, after the coordinator, node 0; those past the end of `votes` vote yes).
    pub fn vote_of(&self, participant: crate::ballot::NodeId) -> VotePolicy {
        (participant.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.votes.get(i))
            .copied()
            .unwrap_or_default()
    }

    /// The number of nodes this configuration creates (at the start: Multi-Paxos servers can
    /// be added later).
    pub fn node_count(&self) -> u32 {
        match self.mode {
            Mode::Multi => return self.acceptors,
            Mode::TwoPhase => return self.participants + 1,
            Mode::Basic => {}
        }
        match self.layout {
            Layout::Separate => self.proposers + self.acceptors + self.learners,
            Layout::Shared => self.proposers.max(self.acceptors).max(self.learners),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn zero_acceptors_is_refused_with_the_range() {
        let err = Config {
            acceptors: 0,
            ..Config::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: acceptors must be between 3 and 9, got 0"
        );
    }

    #[test]
    fn too_many_nodes_and_bad_delays_are_refused() {
        for bad in [
            Config {
                proposers: 6,
                ..Config::default()
            },
            Config {
                acceptors: 10,
                ..Config::default()
            },
            Config {
                learners: 4,
                ..Config::default()
            },
            Config {
                min_delay: 0,
                ..Config::default()
            },
            Config {
                min_delay: 9,
                max_delay: 3,
                ..Config::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn unknown_fields_are_refused_and_missing_ones_default() {
        let err = serde_json::from_str::<Config>(r#"{"acceptors": 5, "colour": "red"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `colour`"), "{err}");
        let config: Config = serde_json::from_str(r#"{"acceptors": 5}"#).unwrap();
        assert_eq!(config.acceptors, 5);
        assert_eq!(config.proposers, Config::default().proposers);
    }

    #[test]
    fn every_variant_is_listed_in_order() {
        // Adding a variant breaks these matches, until it is listed in `ALL` too.
        let mode = |m: Mode| match m {
            Mode::Basic => 0,
            Mode::Multi => 1,
            Mode::TwoPhase => 2,
        };
        let layout = |l: Layout| match l {
            Layout::Separate => 0,
            Layout::Shared => 1,
        };
        let vote = |v: VotePolicy| match v {
            VotePolicy::Yes => 0,
            VotePolicy::No => 1,
            VotePolicy::Random => 2,
        };
        let sabotage = |s: Sabotage| match s {
            Sabotage::AcceptorIgnoresPromises => 0,
            Sabotage::ProposerIgnoresAcceptedValues => 1,
            Sabotage::AcceptorForgetsOnRestart => 2,
            Sabotage::SharedBallots => 3,
            Sabotage::SkipPhaseOne => 4,
            Sabotage::AcceptFirstValue => 5,
            Sabotage::SmallQuorum => 6,
            Sabotage::SingleAcceptor => 7,
            Sabotage::MembershipWithoutConsensus => 8,
            Sabotage::CoordinatorIgnoresVotes => 9,
        };
        assert!(Mode::ALL.iter().enumerate().all(|(i, &m)| mode(m) == i));
        assert!(Layout::ALL.iter().enumerate().all(|(i, &l)| layout(l) == i));
        assert!(VotePolicy::ALL
            .iter()
            .enumerate()
            .all(|(i, &v)| vote(v) == i));
        assert!(Sabotage::ALL
            .iter()
            .enumerate()
            .all(|(i, &s)| sabotage(s) == i));
    }

    #[test]
    fn node_count_follows_the_layout() {
        let mut config = Config {
            proposers: 2,
            acceptors: 5,
            learners: 3,
            ..Config::default()
        };
        assert_eq!(config.node_count(), 10);
        config.layout = Layout::Shared;
        assert_eq!(config.node_count(), 5);
    }
}
