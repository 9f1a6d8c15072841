//! Unit tests of the replica: one phase 1 for every slot, takeover with P2c and no-ops,
//! phase 2 alone in the steady state, learning from the commit index, applied-once, deposing.
use super::*;
use crate::multi::command::Op;

const N: [NodeId; 3] = [NodeId(0), NodeId(1), NodeId(2)];

fn replica(id: usize) -> Replica {
    Replica::new(
        N[id],
        Quorum::majority(N),
        ReplicaOptions {
            heartbeat: 10,
            election_timeout: 50,
            alpha: None,
            unsafe_membership: false,
        },
    )
}

fn put(id: u64, key: &str) -> Command {
    Command {
        id,
        op: Op::Put {
            key: key.into(),
            value: "v".into(),
        },
    }
}

fn sent(out: &mut Outbox) -> Vec<(NodeId, Message)> {
    out.drain_messages()
}

/// Makes `r` leader with the given promises; returns what it sent.
fn elect(r: &mut Replica, promises: Vec<(NodeId, Vec<SlotProposal>)>) -> Vec<(NodeId, Message)> {
    let mut out = Outbox::new();
    r.on_timer(Timer::Election, &mut out);
    let Role::Candidate { ballot, .. } = r.role().clone() else {
        panic!("not a candidate");
    };
    out.drain();
    for (from, accepted) in promises {
        r.on_message(from, Message::LeaderPromise { ballot, accepted }, &mut out);
    }
    sent(&mut out)
}

#[test]
fn one_prepare_covers_every_slot_from_the_first_unknown() {
    // Section 3: phase 1 for infinitely many instances with one message.
    let mut r = replica(0);
    let mut out = Outbox::new();
    r.start(&mut out);
    out.drain();
    r.on_timer(Timer::Election, &mut out);
    let prepares = sent(&mut out);
    assert_eq!(prepares.len(), 3);
    assert!(prepares.iter().all(|(_, m)| matches!(
        m,
        Message::LeaderPrepare { first_slot: 0, ballot } if ballot.round == 1
    )));
}

#[test]
fn a_new_leader_reproposes_the_highest_accepted_value_and_fills_gaps_with_noops() {
    // P2c per slot; gaps become no-ops so the log has no holes (section 3).
    let mut r = replica(0);
    let b = |round, node| Ballot::new(round, N[node]);
    let p = |slot, ballot, id| SlotProposal {
        slot,
        ballot,
        command: put(id, "k"),
    };
    let sent = elect(
        &mut r,
        vec![
            (N[1], vec![p(0, b(1, 1), 10), p(2, b(1, 1), 12)]),
            (N[2], vec![p(0, b(2, 2), 20)]),
        ],
    );
    let accepts: BTreeMap<u64, Command> = sent
        .iter()
        .filter_map(|(_, m)| match m {
            Message::SlotAccept { slot, command, .. } => Some((*slot, command.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(accepts[&0].id, 20, "slot 0: the higher ballot's value");
    assert!(accepts[&1].is_noop(), "slot 1: a gap");
    assert_eq!(accepts[&2].id, 12);
    assert!(matches!(r.role(), Role::Leader { next_slot: 3, .. }));
}

#[test]
fn a_stable_leader_needs_phase_2_only_and_chooses_on_a_majority() {
    let mut r = replica(0);
    elect(&mut r, vec![(N[1], vec![]), (N[2], vec![])]);
    let mut out = Outbox::new();
    r.submit(put(1, "x"), &mut out);
    let sent = sent(&mut out);
    assert_eq!(sent.len(), 3);
    assert!(sent
        .iter()
        .all(|(_, m)| matches!(m, Message::SlotAccept { slot: 0, .. })));
    let Some(ballot) = r.leader_ballot() else {
        panic!()
    };
    r.on_message(N[1], Message::SlotAccepted { ballot, slot: 0 }, &mut out);
    assert!(r.chosen().is_empty(), "one of three is not a majority");
    r.on_message(N[2], Message::SlotAccepted { ballot, slot: 0 }, &mut out);
    assert_eq!(r.applied().len(), 1);
    assert_eq!(r.kv().pairs().count(), 1);
    assert_eq!(r.commit(), Some(1));
}

#[test]
fn a_follower_learns_from_the_commit_index_and_asks_for_what_it_lacks() {
    let mut f = replica(1);
    let mut out = Outbox::new();
    let b = Ballot::new(1, N[0]);
    f.on_message(
        N[0],
        Message::SlotAccept {
            ballot: b,
            slot: 1,
            command: put(2, "y"),
            commit: 0,
        },
        &mut out,
    );
    out.drain();
    f.on_message(
        N[0],
        Message::Heartbeat {
            ballot: b,
            commit: 2,
        },
        &mut out,
    );
    assert!(
        f.applied().is_empty(),
        "slot 0 is missing, so nothing applies"
    );
    assert!(sent(&mut out).contains(&(N[0], Message::Missing { ballot: b, slot: 0 })));
    f.on_message(
        N[0],
        Message::SlotAccept {
            ballot: b,
            slot: 0,
            command: put(1, "x"),
            commit: 2,
        },
        &mut out,
    );
    assert_eq!(f.applied().len(), 2, "both slots apply, in order");
}

#[test]
fn a_command_chosen_twice_is_applied_once() {
    let mut r = replica(0);
    let mut out = Outbox::new();
    r.learn(0, put(7, "x"), &mut out);
    r.learn(1, put(7, "x"), &mut out);
    assert!(!r.applied()[0].duplicate);
    assert!(r.applied()[1].duplicate);
}

#[test]
fn a_higher_ballot_deposes_the_leader() {
    let mut r = replica(0);
    elect(&mut r, vec![(N[1], vec![]), (N[2], vec![])]);
    let mut out = Outbox::new();
    let higher = Ballot::new(9, N[2]);
    r.on_message(
        N[2],
        Message::Heartbeat {
            ballot: higher,
            commit: 0,
        },
        &mut out,
    );
    assert_eq!(
        r.role(),
        &Role::Follower {
            leader: Some(higher)
        }
    );
}

#[test]
fn an_acceptor_refuses_a_stale_ballot() {
    let mut r = replica(1);
    let mut out = Outbox::new();
    let high = Ballot::new(5, N[2]);
    r.on_message(
        N[2],
        Message::LeaderPrepare {
            ballot: high,
            first_slot: 0,
        },
        &mut out,
    );
    out.drain();
    let low = Ballot::new(3, N[0]);
    r.on_message(
        N[0],
        Message::SlotAccept {
            ballot: low,
            slot: 0,
            command: put(1, "x"),
            commit: 0,
        },
        &mut out,
    );
    assert!(r.accepted().is_empty());
    assert_eq!(
        sent(&mut out),
        vec![(
            N[0],
            Message::Reject {
                ballot: low,
                promised: high
            }
        )]
    );
}
