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

pub use catalogue::{lesson, lessons, LESSON_FILES};
pub use expect::Expectation;
pub use markup::{check_caption, SECTIONS};

use crate::ballot::NodeId;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::sim::Action;
use crate::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// The lesson format this build reads and writes.
pub const LESSON_VERSION: u32 = 1;

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
                Some(v) if v != u64::from(LESSON_VERSION) => unsupported(v),
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
        if self.version != LESSON_VERSION {
            return Err(unsupported(u64::from(self.version)));
        }
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
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
            let goals = step.task.iter().flat_map(|t| &t.goal);
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
}

fn unsupported(version: u64) -> Error {
    Error::InvalidLesson(format!(
        "lesson format version {version} is not supported (this build reads version {LESSON_VERSION})"
    ))
}
