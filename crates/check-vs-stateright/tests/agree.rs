//! Stateright, searching the project's own state graph, finds exactly the unique states our
//! checker finds (and the pinned counts), breadth- and depth-first.

#[path = "../adapter/mod.rs"]
mod adapter;

use adapter::Wrapped;
use check_vs_stateright::{run_ours, short_cases, Case};
use paxos_check::search::Order;
use stateright::{Checker, Model as _};

fn stateright_unique(case: &Case, bfs: bool) -> usize {
    let builder = Wrapped::new(case.model()).checker().threads(1);
    if bfs {
        builder.spawn_bfs().join().unique_state_count()
    } else {
        builder.spawn_dfs().join().unique_state_count()
    }
}

fn agree(name: &str) {
    let case = short_cases()
        .into_iter()
        .find(|c| c.name.starts_with(name))
        .expect("a short case");
    let pinned = case.pinned.expect("a pinned count");
    let (ours, _) = run_ours(&case, Order::BreadthFirst);
    assert_eq!(ours.unique, pinned, "{}: ours", case.name);
    assert_eq!(
        stateright_unique(&case, true) as u64,
        pinned,
        "{}: Stateright BFS",
        case.name
    );
    assert_eq!(
        stateright_unique(&case, false) as u64,
        pinned,
        "{}: Stateright DFS",
        case.name
    );
}

#[test]
fn basic_one_proposer_agrees() {
    agree("Basic 1P/3A/1L");
}

#[test]
fn multi_one_election_agrees() {
    agree("Multi");
}
