//! The lessons' model checks (lesson format version 2): each check a lesson step starts is run
//! as the page runs it (the lesson's cluster, its bounds read as the checker's, breadth-first,
//! stopping at the first broken rule), and the path it finds must replay in the simulator to a
//! state where the step's goal holds, and not at the start or one step before the end.

use paxos_check::report::Report;
use paxos_check::search::{Order, Search};
use paxos_check::{Bounds, Model};
use paxos_core::lesson::lessons;
use paxos_core::Simulation;

#[test]
fn every_lesson_check_finds_a_shortest_path_to_its_goal() {
    let mut checks = Vec::new();
    for lesson in lessons().unwrap() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let Some(check) = &step.check else { continue };
            let at = format!("{}, step {}", lesson.id, i + 1);
            // The bounds as the page sends them: the lesson's JSON, read by the checker.
            let bounds: Bounds =
                serde_json::from_value(serde_json::to_value(&check.bounds).unwrap())
                    .unwrap_or_else(|e| panic!("{at}: the checker refuses the bounds: {e}"));
            let model = Model::new(lesson.config.clone(), bounds).unwrap();
            let mut search = Search::new(model, Order::BreadthFirst).stop_at_violation(true);
            search.run_to_end();
            let report = Report::of(&search, Order::BreadthFirst);
            let broken = report
                .properties
                .iter()
                .find(|p| !p.holds && p.path.is_some() && p.verdict.starts_with("violated"))
                .unwrap_or_else(|| panic!("{at}: the check finds no broken rule"));
            let path = broken.path.as_ref().unwrap();
            let holds = |sim: &Simulation| {
                let snap = sim.snapshot();
                check.goal.iter().all(|g| g.holds(&snap))
            };
            let end = Simulation::from_trace(&path.trace).unwrap();
            assert!(
                holds(&end),
                "{at}: the goal does not hold at the end of the path"
            );
            let mut start = path.trace.clone();
            start.actions.clear();
            assert!(
                !holds(&Simulation::from_trace(&start).unwrap()),
                "{at}: met at step 0"
            );
            let mut before = path.trace.clone();
            before.actions.pop();
            assert!(
                !holds(&Simulation::from_trace(&before).unwrap()),
                "{at}: met one step before the end"
            );
            println!(
                "{at}: {} broken after {} steps ({} states)",
                broken.name, path.length, report.counts.unique
            );
            checks.push((lesson.id.clone(), broken.name.clone(), path.length));
        }
    }
    // The captions describe these paths: a change in the model that changes one shows here.
    let expected = [
        ("find-skip-phase-one", "agreement", 6),
        ("find-small-quorum", "agreement", 11),
        ("find-ignores-accepted-values", "agreement", 14),
        ("find-acceptor-forgets", "promiseMonotonicity", 6),
        ("find-accept-first-value", "progress", 13),
    ];
    let found: Vec<(&str, &str, u32)> = checks
        .iter()
        .map(|(id, rule, n)| (id.as_str(), rule.as_str(), *n))
        .collect();
    assert_eq!(found, expected);
}
