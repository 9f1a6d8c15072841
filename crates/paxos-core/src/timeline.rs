//! Time travel: the whole history of a run, a cursor into it, and forks.
//!
//! A [`Timeline`] keeps every action ever applied and the simulation at the cursor. Seeking to
//! step `k` restores the nearest checkpoint at or below `k` (one is kept every
//! [`CHECKPOINT_EVERY`] steps) and replays the actions from there, so no seek replays more than
//! that many actions. Because a run is a pure function of its configuration, seed and actions,
//! the result is identical to replaying from the start.
//!
//! Acting while rewound *forks* the history: the actions after the cursor are set aside and the
//! new action follows the cursor. [`Timeline::undo_fork`] puts the set-aside actions back.
//!
//! The timeline also keeps, for the whole history, what a space-time (Lamport) diagram draws:
//! every delivered or lost message with the steps it was sent and received at, and every crash
//! and restart.

use crate::ballot::{Ballot, NodeId};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::message::{MessageKind, Value};
use crate::sim::trace::replay;
use crate::sim::{Action, Event, LossReason, MessageId, Report, Simulation, Trace};
use serde::Serialize;

/// Steps between checkpoints.
pub const CHECKPOINT_EVERY: usize = 500;

/// What happened, for the space-time diagram.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DiagramKind {
    /// A message was delivered: an arrow from (from, sent step) to (to, step).
    Delivered,
    /// A message was lost (dropped, cut off, lost by the link, or to a crashed node).
    Lost,
    /// A node crashed.
    Crashed,
    /// A node restarted.
    Restarted,
    /// A value became chosen (a majority of acceptors accepted it at one ballot); drawn on the
    /// acceptor whose acceptance completed the majority (`from`), with the value, slot, ballot
    /// and the whole majority (`nodes`).
    Chosen,
    /// A learner learned a value (Basic Paxos), with the value and its ballot.
    Learned,
    /// A replica applied a chosen slot to its state machine (Multi-Paxos), with the slot and
    /// the command.
    Applied,
}

/// One mark on the space-time diagram.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagramEvent {
    /// The step it happened at.
    pub step: u64,
    /// What happened.
    pub what: DiagramKind,
    /// The sender (or the node that crashed or restarted).
    pub from: NodeId,
    /// The receiver (the same node for crashes and restarts).
    pub to: NodeId,
    /// The message, for deliveries and losses.
    pub id: Option<MessageId>,
    /// The message's kind.
    pub kind: Option<MessageKind>,
    /// The step that sent the message (the event's own step for crashes and restarts).
    pub sent_step: u64,
    /// Why a message was lost.
    pub reason: Option<LossReason>,
    /// The network had damaged the message.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub corrupted: bool,
    /// The value chosen or learned, or the command applied (chosen, learned and applied marks).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The log slot (chosen and applied marks; always 0 in Basic Paxos).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<u64>,
    /// The ballot the value was accepted at (chosen and learned marks).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot: Option<Ballot>,
    /// The acceptors whose acceptance made the value chosen (chosen marks).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<NodeId>,
    /// The logical time after the step (chosen, learned and applied marks).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<u64>,
}

/// Where the cursor is in the history.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineView {
    /// The step shown (0 = before the first action).
    pub cursor: u64,
    /// The number of steps in the history.
    pub length: u64,
    /// The step a fork happened at, if its set-aside actions can be put back.
    pub fork_at: Option<u64>,
    /// How many actions the fork set aside.
    pub forked_off: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Fork {
    at: usize,
    actions: Vec<Action>,
    diagram: Vec<DiagramEvent>,
}

/// A run with its whole history and a cursor into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    actions: Vec<Action>,
    /// `checkpoints[i]` is the simulation after `i * CHECKPOINT_EVERY` actions.
    checkpoints: Vec<Simulation>,
    current: Simulation,
    diagram: Vec<DiagramEvent>,
    fork: Option<Fork>,
}

impl Timeline {
    /// A fresh run.
    pub fn new(config: Config, seed: u32) -> Result<Self> {
        let sim = Simulation::new(config, seed)?;
        Ok(Self {
            actions: Vec::new(),
            checkpoints: vec![sim.clone()],
            current: sim,
            diagram: Vec::new(),
            fork: None,
        })
    }

    /// Rebuilds a run from a trace, at its cursor (the end if it has none).
    pub fn from_trace(trace: &Trace) -> Result<Self> {
        let cursor = trace.check()?;
        let mut timeline = Self::new(trace.replay_config(), trace.seed)?;
        replay(&trace.actions, |action| timeline.apply(action))?;
        timeline.seek(cursor as u64)?;
        Ok(timeline)
    }

    /// The whole history as a trace, with the cursor when it is not at the end.
    pub fn trace(&self) -> Trace {
        let mut trace = self.current.trace();
        trace.actions = self.actions.clone();
        let cursor = self.cursor();
        trace.cursor = (cursor < self.actions.len()).then_some(cursor as u64);
        trace
    }

    /// Every action of the history, the cursor's and after it.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The simulation at the cursor.
    pub fn current(&self) -> &Simulation {
        &self.current
    }

    /// The step at the cursor.
    pub fn cursor(&self) -> usize {
        self.current.log().len()
    }

    /// Where the cursor is.
    pub fn view(&self) -> TimelineView {
        TimelineView {
            cursor: self.cursor() as u64,
            length: self.actions.len() as u64,
            fork_at: self.fork.as_ref().map(|f| f.at as u64),
            forked_off: self.fork.as_ref().map_or(0, |f| f.actions.len() as u64),
        }
    }

    /// Applies an action at the cursor. If the cursor is not at the end, the later actions are
    /// set aside (a fork). A refused action changes nothing.
    pub fn apply(&mut self, action: Action) -> Result<Report> {
        let at = self.cursor();
        let report = self.current.apply(action.clone())?;
        if at < self.actions.len() {
            let actions = self.actions.split_off(at);
            let keep = self.diagram.partition_point(|e| e.step <= at as u64);
            let diagram = self.diagram.split_off(keep);
            self.fork = Some(Fork {
                at,
                actions,
                diagram,
            });
            self.checkpoints.truncate(at / CHECKPOINT_EVERY + 1);
        }
        self.actions.push(action);
        self.record(&report);
        if self.actions.len() % CHECKPOINT_EVERY == 0 {
            self.checkpoints.push(self.current.clone());
        }
        Ok(report)
    }

    fn record(&mut self, report: &Report) {
        // A mark on one node's line at this step, before its details are filled in.
        let at = |what, node: NodeId| DiagramEvent {
            step: report.step,
            what,
            from: node,
            to: node,
            id: None,
            kind: None,
            sent_step: report.step,
            reason: None,
            corrupted: false,
            value: None,
            slot: None,
            ballot: None,
            nodes: Vec::new(),
            time: None,
        };
        for event in &report.events {
            let mark = match event {
                Event::Delivered {
                    id,
                    from,
                    to,
                    message,
                    sent_step,
                    corrupted,
                } => DiagramEvent {
                    to: *to,
                    id: Some(*id),
                    kind: Some(message.kind()),
                    sent_step: *sent_step,
                    corrupted: *corrupted,
                    ..at(DiagramKind::Delivered, *from)
                },
                Event::Lost {
                    id,
                    from,
                    to,
                    kind,
                    reason,
                    sent_step,
                    corrupted,
                } => DiagramEvent {
                    to: *to,
                    id: Some(*id),
                    kind: Some(*kind),
                    sent_step: *sent_step,
                    reason: Some(*reason),
                    corrupted: *corrupted,
                    ..at(DiagramKind::Lost, *from)
                },
                Event::Crashed { node } => at(DiagramKind::Crashed, *node),
                Event::Restarted { node } => at(DiagramKind::Restarted, *node),
                Event::Chosen(chosen) => {
                    // The acceptor whose acceptance completed the majority: the one a message
                    // was delivered to in this step, if it is in the majority.
                    let node = report
                        .events
                        .iter()
                        .rev()
                        .find_map(|e| match e {
                            Event::Delivered { to, .. } if chosen.acceptors.contains(to) => {
                                Some(*to)
                            }
                            _ => None,
                        })
                        .or_else(|| chosen.acceptors.last().copied());
                    let Some(node) = node else { continue };
                    DiagramEvent {
                        value: Some(chosen.value.clone()),
                        slot: Some(chosen.slot),
                        ballot: Some(chosen.ballot),
                        nodes: chosen.acceptors.clone(),
                        time: Some(report.time),
                        ..at(DiagramKind::Chosen, node)
                    }
                }
                Event::Learned { node, proposal } => DiagramEvent {
                    value: Some(proposal.value.clone()),
                    ballot: Some(proposal.ballot),
                    time: Some(report.time),
                    ..at(DiagramKind::Learned, *node)
                },
                Event::Applied {
                    node,
                    slot,
                    command,
                    ..
                } => DiagramEvent {
                    value: Some(command.clone()),
                    slot: Some(*slot),
                    time: Some(report.time),
                    ..at(DiagramKind::Applied, *node)
                },
                _ => continue,
            };
            self.diagram.push(mark);
        }
    }

    /// Moves the cursor to `step` (0 to the history's length): from the nearest checkpoint, or
    /// from the cursor when that is nearer, replaying at most [`CHECKPOINT_EVERY`] actions.
    pub fn seek(&mut self, step: u64) -> Result<()> {
        let length = self.actions.len();
        let step =
            usize::try_from(step)
                .ok()
                .filter(|&s| s <= length)
                .ok_or(Error::UnknownStep {
                    step,
                    last: length as u64,
                })?;
        let cursor = self.cursor();
        let checkpoint = (step / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        let base = checkpoint * CHECKPOINT_EVERY;
        let from_cursor = cursor <= step && step - cursor <= step - base;
        let (mut sim, start) = if from_cursor {
            (self.current.clone(), cursor)
        } else {
            (self.checkpoints[checkpoint].clone(), base)
        };
        for action in &self.actions[start..step] {
            sim.apply(action.clone())
                .map_err(|err| Error::InvalidTrace(format!("replaying {action} failed: {err}")))?;
        }
        self.current = sim;
        Ok(())
    }

    /// One step back.
    pub fn step_back(&mut self) -> Result<()> {
        let cursor = self.cursor() as u64;
        if cursor == 0 {
            return Err(Error::TimeTravel(
                "already at step 0: there is nothing to step back over".into(),
            ));
        }
        self.seek(cursor - 1)
    }

    /// Puts back the actions the last fork set aside, leaving the cursor at the fork.
    pub fn undo_fork(&mut self) -> Result<()> {
        let fork = self.fork.take().ok_or(Error::TimeTravel(
            "there is no forked-off history to restore".into(),
        ))?;
        self.actions.truncate(fork.at);
        self.actions.extend(fork.actions);
        let keep = self.diagram.partition_point(|e| e.step <= fork.at as u64);
        self.diagram.truncate(keep);
        self.diagram.extend(fork.diagram);
        // Rebuild the checkpoints of the restored steps.
        self.checkpoints.truncate(fork.at / CHECKPOINT_EVERY + 1);
        let last = self.checkpoints.len() - 1;
        let mut sim = self.checkpoints[last].clone();
        for (i, action) in self
            .actions
            .iter()
            .enumerate()
            .skip(last * CHECKPOINT_EVERY)
        {
            sim.apply(action.clone())
                .map_err(|err| Error::InvalidTrace(format!("restoring {action} failed: {err}")))?;
            if (i + 1) % CHECKPOINT_EVERY == 0 {
                self.checkpoints.push(sim.clone());
            }
        }
        self.seek(fork.at as u64)
    }

    /// The diagram's marks that show between steps `from` and `to`: every event in that range,
    /// and every message arrow that crosses it.
    pub fn diagram(&self, from: u64, to: u64) -> Vec<DiagramEvent> {
        let start = self.diagram.partition_point(|e| e.step < from);
        self.diagram[start..]
            .iter()
            .take_while(|e| e.step <= to.saturating_add(DIAGRAM_LOOKAHEAD))
            .filter(|e| e.step <= to || e.sent_step <= to)
            .cloned()
            .collect()
    }

    /// Every diagram mark, in step order.
    pub fn diagram_len(&self) -> usize {
        self.diagram.len()
    }

    /// What steps `from + 1` to `to` of the history did, oldest first: the reports the event
    /// log shows, rebuilt for a run that was opened rather than played (a permalink, a trace).
    /// Replays from the nearest checkpoint at or below `from`, so it costs at most
    /// [`CHECKPOINT_EVERY`] steps more than the range; the cursor does not move.
    pub fn reports(&self, from: u64, to: u64) -> Result<Vec<Report>> {
        let mut reports = Vec::new();
        self.replay(from, to, |step, report, _| {
            if let Some(report) = report.filter(|_| step > from) {
                reports.push(report);
            }
        })?;
        Ok(reports)
    }
}

impl Timeline {
    /// Calls `visit` with the simulation after each step `from` to `to` of the history (step 0:
    /// before the first action), oldest first, as [`Timeline::reports`] replays: from the
    /// nearest checkpoint at or below `from`. The cursor does not move.
    pub fn visit(&self, from: u64, to: u64, mut visit: impl FnMut(u64, &Simulation)) -> Result<()> {
        self.replay(from, to, |step, _, sim| {
            if step >= from {
                visit(step, sim);
            }
        })
    }

    /// Replays the history from the nearest checkpoint at or below `from` up to step `to`,
    /// calling `each` with every step reached (the checkpoint's own first, with no report),
    /// its report and the simulation after it.
    fn replay(
        &self,
        from: u64,
        to: u64,
        mut each: impl FnMut(u64, Option<Report>, &Simulation),
    ) -> Result<()> {
        let length = self.actions.len() as u64;
        if from > to || to > length {
            return Err(Error::UnknownStep {
                step: if to > length { to } else { from },
                last: length,
            });
        }
        let (from, to) = (from as usize, to as usize);
        let checkpoint = (from / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        let base = checkpoint * CHECKPOINT_EVERY;
        let mut sim = self.checkpoints[checkpoint].clone();
        each(base as u64, None, &sim);
        for (i, action) in self.actions[base..to].iter().enumerate() {
            let report = sim
                .apply(action.clone())
                .map_err(|err| Error::InvalidTrace(format!("replaying {action} failed: {err}")))?;
            each((base + i + 1) as u64, Some(report), &sim);
        }
        Ok(())
    }
}

/// How far past a window the diagram looks for messages sent inside it.
const DIAGRAM_LOOKAHEAD: u64 = 2_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NodeId;

    fn busy(steps: usize) -> Timeline {
        let config = Config {
            mode: crate::Mode::Multi,
            ..Config::default()
        };
        let mut t = Timeline::new(config, 3).unwrap();
        for i in 0..steps {
            if i % 25 == 0 {
                t.apply(Action::Submit {
                    node: NodeId((i % 3) as u32),
                    request: crate::Op::Put {
                        key: format!("k{}", i % 7),
                        value: i.to_string(),
                    },
                })
                .unwrap();
            } else {
                t.apply(Action::Step).unwrap();
            }
        }
        t
    }

    #[test]
    fn seeking_anywhere_equals_a_fresh_replay() {
        let mut t = busy(1_300);
        for step in [0u64, 1, 499, 500, 501, 1_299, 1_300, 777, 3] {
            t.seek(step).unwrap();
            let fresh = Simulation::replay(
                t.current().config().clone(),
                3,
                &t.trace().actions[..step as usize],
            )
            .unwrap();
            assert!(
                *t.current() == fresh,
                "seek({step}) differs from a fresh replay"
            );
        }
        assert!(t.seek(1_301).is_err());
    }

    #[test]
    fn acting_after_rewinding_forks_and_the_fork_can_be_undone() {
        let mut t = busy(620);
        let before = t.trace();
        t.seek(600).unwrap();
        t.apply(Action::Crash { node: NodeId(0) }).unwrap();
        assert_eq!(t.view().length, 601, "the 20 later steps were set aside");
        assert_eq!(t.view().fork_at, Some(600));
        t.undo_fork().unwrap();
        assert_eq!(t.view().cursor, 600);
        let mut restored = t.trace();
        restored.cursor = None;
        assert_eq!(restored, before);
        t.seek(620).unwrap();
        let fresh = Timeline::from_trace(&before).unwrap();
        assert!(t.current() == fresh.current());
    }

    impl TimelineView {
        fn clone_without_fork(&self) -> Self {
            Self {
                fork_at: None,
                forked_off: 0,
                ..self.clone()
            }
        }
    }

    #[test]
    fn reports_rebuild_what_each_step_did() {
        let config = Config {
            mode: crate::Mode::Multi,
            ..Config::default()
        };
        let mut played = Timeline::new(config, 3).unwrap();
        let mut originals = Vec::new();
        for i in 0..1_200 {
            let action = if i % 40 == 0 {
                Action::Submit {
                    node: NodeId(0),
                    request: crate::Op::Put {
                        key: "k".into(),
                        value: i.to_string(),
                    },
                }
            } else {
                Action::Step
            };
            originals.push(played.apply(action).unwrap());
        }
        // Opened from its trace, at a cursor in the middle: the same reports, from checkpoints.
        let mut trace = played.trace();
        trace.cursor = Some(900);
        let opened = Timeline::from_trace(&trace).unwrap();
        assert_eq!(opened.reports(0, 1_200).unwrap(), originals);
        assert_eq!(opened.reports(499, 503).unwrap(), originals[499..503]);
        assert_eq!(opened.reports(1_000, 1_200).unwrap(), originals[1_000..]);
        assert!(opened.reports(7, 7).unwrap().is_empty());
        assert_eq!(opened.cursor(), 900, "the cursor stays where it was");
        assert!(opened.reports(3, 2).is_err());
        assert!(opened.reports(0, 1_201).is_err());
    }

    #[test]
    fn a_trace_keeps_its_cursor() {
        let mut t = busy(50);
        t.seek(20).unwrap();
        let trace = t.trace();
        assert_eq!(trace.cursor, Some(20));
        let again = Timeline::from_trace(&trace).unwrap();
        assert_eq!(again.view(), t.view().clone_without_fork());
    }

    #[test]
    fn the_diagram_shows_arrows_crossing_the_window() {
        let t = busy(300);
        let window = t.diagram(100, 110);
        assert!(!window.is_empty());
        assert!(window
            .iter()
            .all(|e| e.step >= 100 && (e.step <= 110 || e.sent_step <= 110)));
        assert!(window.iter().any(|e| e.what == DiagramKind::Delivered));
    }

    #[test]
    fn the_diagram_marks_where_a_value_is_chosen_and_learned() {
        let mut t = Timeline::new(Config::default(), 1).unwrap();
        t.apply(Action::Propose {
            node: NodeId(0),
            value: "blue".into(),
        })
        .unwrap();
        while t.apply(Action::Step).is_ok() {}
        let marks = t.diagram(0, t.view().length);
        let chosen: Vec<_> = marks
            .iter()
            .filter(|e| e.what == DiagramKind::Chosen)
            .collect();
        assert_eq!(chosen.len(), 1, "chosen once: {marks:#?}");
        let chosen = chosen[0];
        assert_eq!(chosen.value.as_deref(), Some("blue"));
        assert_eq!(chosen.slot, Some(0));
        assert!(chosen.ballot.is_some() && chosen.time.is_some());
        assert!(chosen.nodes.len() >= 2 && chosen.nodes.contains(&chosen.from));
        // Drawn on the acceptor whose acceptance made the majority, at that step.
        assert!(marks.iter().any(|e| e.what == DiagramKind::Delivered
            && e.step == chosen.step
            && e.to == chosen.from
            && e.kind == Some(MessageKind::Accept)));
        let learned: Vec<_> = marks
            .iter()
            .filter(|e| e.what == DiagramKind::Learned)
            .collect();
        assert!(!learned.is_empty(), "the learner learned");
        let learner = NodeId(t.current().config().proposers + t.current().config().acceptors);
        assert!(learned.iter().all(|e| e.from == learner
            && e.value.as_deref() == Some("blue")
            && e.step >= chosen.step));
        // The marks' extra fields stay out of the other marks' JSON.
        let json = serde_json::to_value(&marks).unwrap();
        let delivered = json
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["what"] == "delivered")
            .unwrap();
        let mut keys: Vec<_> = delivered.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["from", "id", "kind", "reason", "sentStep", "step", "to", "what"]
        );
        assert_eq!(
            json[json
                .as_array()
                .unwrap()
                .iter()
                .position(|e| e["what"] == "chosen")
                .unwrap()]["value"],
            "blue"
        );
    }

    #[test]
    fn the_diagram_marks_each_replica_applying_a_slot() {
        let t = busy(120);
        let applied: Vec<_> = t
            .diagram(0, 120)
            .into_iter()
            .filter(|e| e.what == DiagramKind::Applied)
            .collect();
        assert!(!applied.is_empty());
        assert!(applied
            .iter()
            .all(|e| e.slot.is_some() && e.value.is_some() && e.from == e.to));
        assert!(t
            .diagram(0, 120)
            .iter()
            .any(|e| e.what == DiagramKind::Chosen && e.slot.is_some()));
    }
}
