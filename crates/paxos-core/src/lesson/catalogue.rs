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
