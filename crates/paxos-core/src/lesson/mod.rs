//! Guided lessons: a configuration and seed, then steps, each with the actions it applies, a
//! caption, what to highlight, and expectations checked when the step is reached. A step may
//! be a *your turn* task: a goal checked after every action of the student's own, with hints.
//!
//! A lesson is a versioned JSON file (see `lessons/` and the README's "Lesson format"); it is
//! read with the same strictness as a trace: unknown fields, an unknown version, a node that
//! does not exist, a caption with raw HTML or a link to an unknown section of *Paxos Made
//! Simple* are refused with the reason. Replaying a lesson is replaying its actions: step `k`
//! of a lesson is the run after the actions of steps `0..=k`, so the same lesson always shows
//! the same states, natively and in the browser.

mod catalogue;
mod expect;
mod markup;

pub use catalogue::{lesson, lessons, LessonEntry, LESSON_FILES, LESSON_INDEX};
pub use expect::Expectation;
pub use markup::{check_caption, SECTIONS};

use crate::ballot::NodeId;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::sim::Action;
use crate::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// The newest lesson format this build reads (and the one a lesson using a step's `choices` or
/// `check` must declare). Version 1 files, without those fields, are still read as they were.
pub const LESSON_VERSION: u32 = 2;

/// The oldest lesson format this build reads.
pub const OLDEST_LESSON_VERSION: u32 = 1;

/// One lesson.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Lesson {
    /// The format version ([`LESSON_VERSION`]).
    pub version: u32,
    /// Its name in links: lower-case letters, digits and dashes.
    pub id: String,
    /// Its title in the picker.
    pub title: String,
    /// The concept it belongs to (the picker's group).
    pub concept: String,
    /// One sentence on what it teaches.
    pub summary: String,
    /// The cluster (fields left out take their defaults).
    #[serde(default)]
    pub config: Config,
    /// The seed.
    #[serde(default)]
    pub seed: u32,
    /// The steps, in order.
    pub steps: Vec<LessonStep>,
}

/// One step of a lesson.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LessonStep {
    /// The actions applied on reaching the step (in the trace's action format).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// What the page says: plain text with `*emphasis*`, `` `code` `` and
    /// `[words](pms:2.3)` links to a section of Paxos Made Simple.
    pub caption: String,
    /// What to draw attention to.
    #[serde(default)]
    pub highlight: Highlight,
    /// What must hold once the step's actions are applied.
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// A task for the student, if this step is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
    /// Version 2: other lessons the student picks from, by id (the page shows a button for
    /// each, with its title and summary).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// Version 2: a model check the student starts from the step; its shortest counterexample
    /// then replaces the run, at step 0, to be stepped through. Only the last step may have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<LessonCheck>,
}

/// A lesson step's model check (format version 2): the lesson's cluster checked within
/// `bounds`, breadth-first, stopping at the first broken rule, so the path it finds is a
/// shortest one.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LessonCheck {
    /// The checker's bounds (fields left out take the checker's defaults).
    #[serde(default)]
    pub bounds: CheckBounds,
    /// What holds at the end of the path found (and not at its start), e.g. a rule violated.
    pub goal: Vec<Expectation>,
    /// The caption shown once the path is open, in place of the step's own (same markup).
    pub found: String,
}

/// The model checker's bounds, as `paxos-check` reads them (its `Bounds`); every field is
/// optional. The checker refuses values out of its ranges when the check starts.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CheckBounds {
    /// Messages the network may lose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_drops: Option<u32>,
    /// Messages the network may repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duplicates: Option<u32>,
    /// Node crashes (a crashed node may restart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_crashes: Option<u32>,
    /// The highest ballot round (Basic Paxos) or the elections (Multi-Paxos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rounds: Option<u64>,
    /// Firings of the timers no round bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_timeouts: Option<u32>,
    /// Client requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u32>,
    /// Messages in flight at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_in_flight: Option<u32>,
    /// Stop after this many unique states (0: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_states: Option<u64>,
}

/// Nodes, messages and links a step points at.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Highlight {
    /// Nodes.
    #[serde(default)]
    pub nodes: Vec<NodeId>,
    /// Messages in flight, by id.
    #[serde(default)]
    pub messages: Vec<u64>,
    /// Links, as pairs of nodes.
    #[serde(default)]
    pub links: Vec<[NodeId; 2]>,
}

/// A "your turn" task: a goal reached by the student's own actions.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Task {
    /// What to do, in a sentence (same markup as captions).
    pub prompt: String,
    /// Checked after every action; the task is done when all hold.
    pub goal: Vec<Expectation>,
    /// Hints, shown one at a time on request.
    #[serde(default)]
    pub hints: Vec<String>,
    /// One way to reach the goal from the step's state (shown on request, and used by the
    /// tests to prove the task can be done).
    pub solution: Vec<Action>,
}

impl Lesson {
    /// Reads and checks a lesson from its JSON text.
    pub fn from_json(text: &str) -> Result<Self> {
        let lesson: Lesson = serde_json::from_str(text).map_err(|e| {
            // The version first: a newer file should say so, not list unknown fields.
            match serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("version").and_then(|v| v.as_u64()))
            {
                Some(v)
                    if !(u64::from(OLDEST_LESSON_VERSION)..=u64::from(LESSON_VERSION))
                        .contains(&v) =>
                {
                    unsupported(v)
                }
                _ => Error::InvalidLesson(e.to_string()),
            }
        })?;
        lesson.check()?;
        Ok(lesson)
    }

    /// Checks what the JSON shape cannot: the version, the id, the texts, the configuration,
    /// and every node named.
    pub fn check(&self) -> Result<()> {
        let bad = |what: String| Err(Error::InvalidLesson(format!("{}: {what}", self.id)));
        if !(OLDEST_LESSON_VERSION..=LESSON_VERSION).contains(&self.version) {
            return Err(unsupported(u64::from(self.version)));
        }
        if !valid_id(&self.id) {
            return bad("the id must be lower-case letters, digits and dashes".into());
        }
        for (what, text) in [
            ("title", &self.title),
            ("concept", &self.concept),
            ("summary", &self.summary),
        ] {
            if text.trim().is_empty() {
                return bad(format!("the {what} is empty"));
            }
        }
        if self.steps.is_empty() {
            return bad("a lesson needs at least one step".into());
        }
        self.config
            .validate()
            .map_err(|e| Error::InvalidLesson(format!("{}: {e}", self.id)))?;
        let mut nodes = self.config.node_count();
        for (i, step) in self.steps.iter().enumerate() {
            let at =
                |what: String| Error::InvalidLesson(format!("{}, step {}: {what}", self.id, i + 1));
            check_caption(&step.caption).map_err(at)?;
            nodes += step
                .actions
                .iter()
                .filter(|a| matches!(a, Action::AddServer { .. }))
                .count() as u32;
            let mut named: Vec<NodeId> = step.highlight.nodes.clone();
            named.extend(step.highlight.links.iter().flatten());
            let goals = step
                .task
                .iter()
                .flat_map(|t| &t.goal)
                .chain(step.check.iter().flat_map(|c| &c.goal));
            for e in step.expect.iter().chain(goals) {
                named.extend(e.node());
            }
            if let Some(n) = named.iter().find(|n| n.0 >= nodes) {
                return Err(at(format!(
                    "there is no node {}: this cluster has nodes 0 to {}",
                    n.0,
                    nodes - 1
                )));
            }
            if self.version < 2 {
                let newer = if !step.choices.is_empty() {
                    Some("choices")
                } else if step.check.is_some() {
                    Some("check")
                } else {
                    None
                };
                if let Some(field) = newer {
                    return Err(at(format!(
                        "`{field}` needs lesson format version 2 (this lesson says version {})",
                        self.version
                    )));
                }
            }
            for choice in &step.choices {
                if !valid_id(choice) {
                    return Err(at(format!(
                        "the choice “{choice}” is not a lesson id (lower-case letters, digits and dashes)"
                    )));
                }
                if *choice == self.id {
                    return Err(at("a lesson cannot offer itself as a choice".into()));
                }
            }
            if let Some(check) = &step.check {
                if step.task.is_some() {
                    return Err(at("a step is a task or a check, not both".into()));
                }
                if i + 1 != self.steps.len() {
                    return Err(at("only the last step may have a check: the steps after it could not be replayed from a path found when the student runs it".into()));
                }
                if check.goal.is_empty() {
                    return Err(at("a check needs a goal".into()));
                }
                check_caption(&check.found).map_err(at)?;
            }
            if let Some(task) = &step.task {
                check_caption(&task.prompt).map_err(at)?;
                for hint in &task.hints {
                    check_caption(hint).map_err(at)?;
                }
                if task.goal.is_empty() {
                    return Err(at("a task needs a goal".into()));
                }
            }
        }
        Ok(())
    }

    /// The run at step `index` (0-based): the actions of steps `0..=index` applied to a fresh
    /// cluster, and the solution of every task before `index` (so the lesson goes on from a
    /// known state whatever the student did). An action the simulator refuses makes the
    /// lesson invalid, saying which.
    pub fn replay(&self, index: usize) -> Result<Timeline> {
        if index >= self.steps.len() {
            return Err(Error::InvalidLesson(format!(
                "{} has steps 1 to {}, not {}",
                self.id,
                self.steps.len(),
                index + 1
            )));
        }
        let mut timeline = Timeline::new(self.config.clone(), self.seed)?;
        for (i, step) in self.steps[..=index].iter().enumerate() {
            let solved = step
                .task
                .as_ref()
                .filter(|_| i < index)
                .map(|t| t.solution.as_slice());
            for action in step.actions.iter().chain(solved.unwrap_or_default()) {
                timeline.apply(action.clone()).map_err(|e| {
                    Error::InvalidLesson(format!(
                        "{}, step {}: {action} failed: {e}",
                        self.id,
                        i + 1
                    ))
                })?;
            }
        }
        Ok(timeline)
    }

    /// Checks that every choice names one of `known` (the lessons it is read with): the page
    /// opens a choice by its id.
    pub fn check_choices<'a>(
        &self,
        known: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<()> {
        for (i, step) in self.steps.iter().enumerate() {
            for choice in &step.choices {
                if !known.clone().into_iter().any(|id| id == choice) {
                    return Err(Error::InvalidLesson(format!(
                        "{}, step {}: there is no lesson “{choice}” to choose",
                        self.id,
                        i + 1
                    )));
                }
            }
        }
        Ok(())
    }
}

/// A lesson id: lower-case letters, digits and dashes.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn unsupported(version: u64) -> Error {
    Error::InvalidLesson(format!(
        "lesson format version {version} is not supported (this build reads version {LESSON_VERSION})"
    ))
}
