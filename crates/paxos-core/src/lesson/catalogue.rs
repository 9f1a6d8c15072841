//! The lessons that ship with the playground: the files in `lessons/`, compiled in, in the
//! order of the picker (the order of the seeds' concepts).

use super::Lesson;
use crate::error::{Error, Result};

/// Every lesson file, by name, with its text.
pub const LESSON_FILES: &[(&str, &str)] = &[
    (
        "01-three-roles.json",
        include_str!("../../lessons/01-three-roles.json"),
    ),
    (
        "02-majorities.json",
        include_str!("../../lessons/02-majorities.json"),
    ),
    (
        "03a-single-acceptor.json",
        include_str!("../../lessons/03a-single-acceptor.json"),
    ),
    (
        "03b-accept-first-value.json",
        include_str!("../../lessons/03b-accept-first-value.json"),
    ),
    (
        "03c-skip-phase-one.json",
        include_str!("../../lessons/03c-skip-phase-one.json"),
    ),
    ("04-adopt.json", include_str!("../../lessons/04-adopt.json")),
    (
        "05a-proposal-numbers.json",
        include_str!("../../lessons/05a-proposal-numbers.json"),
    ),
    (
        "05b-shared-ballots.json",
        include_str!("../../lessons/05b-shared-ballots.json"),
    ),
    (
        "06a-livelock.json",
        include_str!("../../lessons/06a-livelock.json"),
    ),
    (
        "06b-random-backoff.json",
        include_str!("../../lessons/06b-random-backoff.json"),
    ),
    (
        "06c-distinguished-proposer.json",
        include_str!("../../lessons/06c-distinguished-proposer.json"),
    ),
    (
        "07a-acceptors-remember.json",
        include_str!("../../lessons/07a-acceptors-remember.json"),
    ),
    (
        "07b-acceptor-forgets.json",
        include_str!("../../lessons/07b-acceptor-forgets.json"),
    ),
    (
        "08-learners.json",
        include_str!("../../lessons/08-learners.json"),
    ),
    (
        "09-abortable.json",
        include_str!("../../lessons/09-abortable.json"),
    ),
    (
        "10-stable-leader.json",
        include_str!("../../lessons/10-stable-leader.json"),
    ),
    (
        "11-leader-failover.json",
        include_str!("../../lessons/11-leader-failover.json"),
    ),
    (
        "12a-int-max.json",
        include_str!("../../lessons/12a-int-max.json"),
    ),
    (
        "12b-ballot-ceiling.json",
        include_str!("../../lessons/12b-ballot-ceiling.json"),
    ),
    (
        "13a-corruption.json",
        include_str!("../../lessons/13a-corruption.json"),
    ),
    (
        "13b-checksums.json",
        include_str!("../../lessons/13b-checksums.json"),
    ),
    (
        "14a-add-remove-server.json",
        include_str!("../../lessons/14a-add-remove-server.json"),
    ),
    (
        "14b-membership-without-consensus.json",
        include_str!("../../lessons/14b-membership-without-consensus.json"),
    ),
    (
        "14c-failure-detection.json",
        include_str!("../../lessons/14c-failure-detection.json"),
    ),
    (
        "15a-two-phase-commit-blocks.json",
        include_str!("../../lessons/15a-two-phase-commit-blocks.json"),
    ),
    (
        "15b-multi-paxos-does-not-block.json",
        include_str!("../../lessons/15b-multi-paxos-does-not-block.json"),
    ),
    (
        "16a-safety-and-liveness.json",
        include_str!("../../lessons/16a-safety-and-liveness.json"),
    ),
    (
        "16b-broken-rule.json",
        include_str!("../../lessons/16b-broken-rule.json"),
    ),
    (
        "17-find-the-bug.json",
        include_str!("../../lessons/17-find-the-bug.json"),
    ),
    (
        "17a-find-skip-phase-one.json",
        include_str!("../../lessons/17a-find-skip-phase-one.json"),
    ),
    (
        "17b-find-small-quorum.json",
        include_str!("../../lessons/17b-find-small-quorum.json"),
    ),
    (
        "17c-find-ignores-accepted-values.json",
        include_str!("../../lessons/17c-find-ignores-accepted-values.json"),
    ),
    (
        "17d-find-acceptor-forgets.json",
        include_str!("../../lessons/17d-find-acceptor-forgets.json"),
    ),
    (
        "17e-find-accept-first-value.json",
        include_str!("../../lessons/17e-find-accept-first-value.json"),
    ),
];

/// The picker's list: each built-in lesson's id, title and concept, in the order of
/// [`LESSON_FILES`], without the lessons themselves. The page's first-load engine carries only
/// this list; the lessons come with the engine that loads when a lesson is first opened. A
/// test checks it against the files (`the_index_lists_every_lesson_file`).
pub const LESSON_INDEX: &[LessonEntry] = &[
    LessonEntry {
        id: "three-roles",
        title: "Consensus and the three roles",
        concept: "Basic Paxos",
    },
    LessonEntry {
        id: "majorities",
        title: "Majorities: 2m+1 acceptors survive m crashes",
        concept: "Basic Paxos",
    },
    LessonEntry {
        id: "single-acceptor",
        title: "A single acceptor: one crash stops everything",
        concept: "Why two phases",
    },
    LessonEntry {
        id: "accept-first-value",
        title: "Accept the first value: a split vote",
        concept: "Why two phases",
    },
    LessonEntry {
        id: "skip-phase-one",
        title: "Propose without checking first: two values chosen",
        concept: "Why two phases",
    },
    LessonEntry {
        id: "adopt",
        title: "A second proposer adopts the chosen value",
        concept: "Basic Paxos",
    },
    LessonEntry {
        id: "proposal-numbers",
        title: "Unique, increasing proposal numbers",
        concept: "Proposal numbers",
    },
    LessonEntry {
        id: "shared-ballots",
        title: "Two proposers, one number: Agreement breaks",
        concept: "Proposal numbers",
    },
    LessonEntry {
        id: "livelock",
        title: "Dueling proposers: livelock",
        concept: "Liveness",
    },
    LessonEntry {
        id: "random-backoff",
        title: "Cure 1: random back-off",
        concept: "Liveness",
    },
    LessonEntry {
        id: "distinguished-proposer",
        title: "Cure 2: a distinguished proposer",
        concept: "Liveness",
    },
    LessonEntry {
        id: "acceptors-remember",
        title: "Acceptors must remember",
        concept: "Failures",
    },
    LessonEntry {
        id: "acceptor-forgets",
        title: "An acceptor that forgets: two values chosen",
        concept: "Failures",
    },
    LessonEntry {
        id: "learners",
        title: "Learners: hearing what was chosen",
        concept: "Learners",
    },
    LessonEntry {
        id: "abortable",
        title: "Abortable consensus: a client can lose",
        concept: "Basic Paxos",
    },
    LessonEntry {
        id: "stable-leader",
        title: "Multi-Paxos: a stable leader skips phase 1",
        concept: "Multi-Paxos",
    },
    LessonEntry {
        id: "leader-failover",
        title: "Leader failover: finish the open slots, fill the gaps",
        concept: "Multi-Paxos",
    },
    LessonEntry {
        id: "int-max",
        title: "A proposer jumps to round MAX",
        concept: "Faults",
    },
    LessonEntry {
        id: "ballot-ceiling",
        title: "A ballot ceiling stops the jump",
        concept: "Faults",
    },
    LessonEntry {
        id: "corruption",
        title: "A damaged message breaks Validity",
        concept: "Faults",
    },
    LessonEntry {
        id: "checksums",
        title: "Checksums turn damage into loss",
        concept: "Faults",
    },
    LessonEntry {
        id: "add-remove-server",
        title: "Adding and removing a server through the log",
        concept: "Group management",
    },
    LessonEntry {
        id: "membership-without-consensus",
        title: "Changing membership without consensus",
        concept: "Group management",
    },
    LessonEntry {
        id: "failure-detection",
        title: "Failure detection is only advice",
        concept: "Group management",
    },
    LessonEntry {
        id: "two-phase-commit-blocks",
        title: "Two-phase commit blocks when the coordinator crashes",
        concept: "Paxos vs two-phase commit",
    },
    LessonEntry {
        id: "multi-paxos-does-not-block",
        title: "A leader crash does not block Multi-Paxos",
        concept: "Paxos vs two-phase commit",
    },
    LessonEntry {
        id: "safety-and-liveness",
        title: "Safety and liveness: what Paxos promises",
        concept: "Safety and liveness",
    },
    LessonEntry {
        id: "broken-rule",
        title: "Break one rule, lose agreement",
        concept: "Safety and liveness",
    },
    LessonEntry {
        id: "find-the-bug",
        title: "Find the bug yourself, with a model checker",
        concept: "Find the bug yourself",
    },
    LessonEntry {
        id: "find-skip-phase-one",
        title: "Find the bug: proposers skip phase 1",
        concept: "Find the bug yourself",
    },
    LessonEntry {
        id: "find-small-quorum",
        title: "Find the bug: quorums that do not overlap",
        concept: "Find the bug yourself",
    },
    LessonEntry {
        id: "find-ignores-accepted-values",
        title: "Find the bug: a proposer that ignores what it hears",
        concept: "Find the bug yourself",
    },
    LessonEntry {
        id: "find-acceptor-forgets",
        title: "Find the bug: an acceptor without stable storage",
        concept: "Find the bug yourself",
    },
    LessonEntry {
        id: "find-accept-first-value",
        title: "Find the bug: acceptors that never change their minds",
        concept: "Find the bug yourself",
    },
];

/// One line of [`LESSON_INDEX`].
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LessonEntry {
    /// The lesson's id.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The concept it belongs to (the picker's group).
    pub concept: &'static str,
}

/// Every lesson, read and checked (a broken file is a build defect: the tests read them all).
/// A choice names another built-in lesson.
pub fn lessons() -> Result<Vec<Lesson>> {
    let all = LESSON_FILES
        .iter()
        .map(|(name, text)| {
            Lesson::from_json(text).map_err(|e| Error::InvalidLesson(format!("{name}: {e}")))
        })
        .collect::<Result<Vec<Lesson>>>()?;
    for lesson in &all {
        lesson.check_choices(all.iter().map(|l| l.id.as_str()))?;
    }
    Ok(all)
}

/// The lesson called `id`.
pub fn lesson(id: &str) -> Result<Lesson> {
    lessons()?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or_else(|| Error::InvalidLesson(format!("there is no lesson “{id}”")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_lists_every_lesson_file() {
        let files: Vec<(String, String, String)> = lessons()
            .unwrap()
            .into_iter()
            .map(|l| (l.id, l.title, l.concept))
            .collect();
        let index: Vec<(String, String, String)> = LESSON_INDEX
            .iter()
            .map(|e| (e.id.into(), e.title.into(), e.concept.into()))
            .collect();
        assert_eq!(
            index, files,
            "LESSON_INDEX must list each file's id, title and concept, in LESSON_FILES' order"
        );
    }
}
