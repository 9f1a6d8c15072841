//! The results of a check as data: counts, and for each property its verdict and, where there
//! is one, the path to its counterexample or example — in words and as a simulator trace.

use crate::bounds::Bounds;
use crate::model::Model;
use crate::path;
use crate::property::Expect;
use crate::search::{Counts, Order, Search};
use crate::shorten::shorten;
use paxos_core::{Config, Trace};
use serde::Serialize;

/// A path found for a property.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundPath {
    /// Its length in steps.
    pub length: u32,
    /// Each step in words.
    pub steps: Vec<String>,
    /// For a violation, the checker's sentence about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// When a depth-first counterexample was shortened ([`crate::shorten`]): its length as
    /// found. The path is then as short as leaving out steps one at a time makes it, not
    /// necessarily shortest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortened_from: Option<u32>,
    /// The path as a simulator trace, which replays to the state found.
    pub trace: Trace,
}

/// The verdict on one property.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The property's name.
    pub name: String,
    /// Always or sometimes.
    pub expect: Expect,
    /// What it says.
    pub description: String,
    /// Always: no violation was found. Sometimes: an example was found.
    pub holds: bool,
    /// The verdict in words: "holds", "violated", "reachable", "not reachable" (or "so far",
    /// when the search stopped at its state bound).
    pub verdict: String,
    /// The counterexample (always) or example (sometimes), if one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<FoundPath>,
}

/// The result of a check.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The configuration checked.
    pub config: Config,
    /// Its bounds.
    pub bounds: Bounds,
    /// The search order.
    pub order: Order,
    /// Whether every state within the bounds was explored.
    pub complete: bool,
    /// States, depth, frontier.
    pub counts: Counts,
    /// Bytes of the visited set and parent links.
    pub index_bytes: u64,
    /// Each property's verdict.
    pub properties: Vec<Verdict>,
}

impl Report {
    /// The verdicts of a search as it stands (finished or not).
    pub fn of(search: &Search, order: Order) -> Self {
        let model = search.model();
        let counts = search.counts();
        let properties = search
            .properties()
            .iter()
            .zip(search.found())
            .map(|(property, found)| {
                let path = found.as_ref().and_then(|f| {
                    let (mut steps, _) = search.path(f.index)?;
                    let mut detail = f.detail.clone();
                    let mut shortened_from = None;
                    // A depth-first counterexample is shortened (breadth-first ones are
                    // shortest already).
                    let rule = property.rule().filter(|_| order == Order::DepthFirst);
                    if let Some((shorter, sentence)) =
                        rule.and_then(|rule| shorten(model, &steps, rule))
                    {
                        if shorter.len() < steps.len() {
                            shortened_from = Some(steps.len() as u32);
                            steps = shorter;
                            detail = Some(sentence);
                        }
                    }
                    let trace = path::trace(model, &steps).ok()?;
                    Some(FoundPath {
                        length: steps.len() as u32,
                        steps: steps.iter().map(|s| path::describe(s, model)).collect(),
                        detail,
                        shortened_from,
                        trace,
                    })
                });
                let holds = match property.expect {
                    Expect::Always => found.is_none(),
                    Expect::Sometimes => found.is_some(),
                };
                let so_far = if counts.complete { "" } else { " so far" };
                let verdict = match (property.expect, holds) {
                    // Progress is decided over the whole graph: a partial one tells nothing.
                    (Expect::Always, true) if property.is_progress() && !counts.complete => {
                        "not decided: the search stopped before the end".to_string()
                    }
                    (Expect::Always, true) => format!("holds{so_far}"),
                    (Expect::Always, false) => "violated".to_string(),
                    (Expect::Sometimes, true) => "reachable".to_string(),
                    (Expect::Sometimes, false) => format!("not reachable{so_far}"),
                };
                Verdict {
                    name: property.name.into(),
                    expect: property.expect,
                    description: property.description.into(),
                    holds,
                    verdict,
                    path,
                }
            })
            .collect();
        Self {
            config: model.config().clone(),
            bounds: model.bounds().clone(),
            order,
            complete: counts.complete,
            counts,
            index_bytes: search.index_bytes(),
            properties,
        }
    }

    /// The verdict on the property with this name.
    pub fn property(&self, name: &str) -> Option<&Verdict> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// How many properties fail: always properties violated, and sometimes properties with no
    /// example in a complete search.
    pub fn violations(&self) -> usize {
        self.properties
            .iter()
            .filter(|p| !p.holds && (p.expect == Expect::Always || self.complete))
            .count()
    }
}

/// Checks `config` within `bounds`, to the end, in `order`.
pub fn check(config: Config, bounds: Bounds, order: Order) -> Result<Report, String> {
    let model = Model::new(config, bounds)?;
    let mut search = Search::new(model, order);
    search.run_to_end();
    Ok(Report::of(&search, order))
}
