//! The proposer's unit tests, each citing the rule of Paxos Made Simple it checks.
use super::*;
use crate::roles::Output;

const ME: NodeId = NodeId(0);
const A: [NodeId; 3] = [NodeId(1), NodeId(2), NodeId(3)];

fn options() -> ProposerOptions {
    ProposerOptions {
        timeout: 100,
        backoff: 30,
        adopt_accepted: true,
        recovery: false,
        own_decide_is_no_news: true,
        distinguished: false,
        shared_ballots: false,
        skip_phase_one: false,
    }
}

const L: NodeId = NodeId(7);

fn learners() -> Arc<[NodeId]> {
    vec![L].into()
}

fn proposer() -> Proposer {
    Proposer::new(ME, Quorum::majority(A), learners(), options())
}

fn messages(out: &mut Outbox) -> Vec<(NodeId, Message)> {
    out.drain_messages()
}

fn proposal(round: u64, node: u32, value: &str) -> Option<Proposal> {
    Some(Proposal {
        ballot: Ballot::new(round, NodeId(node)),
        value: value.into(),
    })
}

#[test]
fn propose_sends_prepare_to_every_acceptor_and_sets_a_timer() {
    // Phase 1a: "a proposer selects a proposal number n and sends a prepare request".
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    let b1 = Ballot::new(1, ME);
    assert_eq!(
        out.outputs(),
        &[
            Output::Send {
                to: A[0],
                message: Message::Prepare { ballot: b1 }
            },
            Output::Send {
                to: A[1],
                message: Message::Prepare { ballot: b1 }
            },
            Output::Send {
                to: A[2],
                message: Message::Prepare { ballot: b1 }
            },
            Output::SetTimer {
                timer: Timer::Retry,
                delay: 100
            },
        ]
    );
}

#[test]
fn proposes_its_own_value_when_no_promise_reports_one() {
    // P2c, second case: no acceptor in the majority accepted anything.
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("mine".into(), &mut out);
    out.drain();
    let b1 = Ballot::new(1, ME);
    p.on_promise(A[0], b1, None, &mut out);
    assert!(
        messages(&mut out).is_empty(),
        "one promise is not a majority"
    );
    p.on_promise(A[1], b1, None, &mut out);
    let sent = messages(&mut out);
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|(_, m)| *m
        == Message::Accept {
            ballot: b1,
            value: "mine".into()
        }));
}

#[test]
fn adopts_the_highest_accepted_value_it_was_told_of() {
    // P2c: "v is the value of the highest-numbered proposal among the responses".
    let mut p = proposer();
    let mut out = Outbox::new();
    p.clock.observe(Ballot::new(5, NodeId(9)));
    p.propose("mine".into(), &mut out);
    out.drain();
    let b = Ballot::new(6, ME);
    p.on_promise(A[0], b, proposal(2, 7, "older"), &mut out);
    p.on_promise(A[1], b, proposal(4, 8, "newest"), &mut out);
    let sent = messages(&mut out);
    assert_eq!(
        sent[0].1,
        Message::Accept {
            ballot: b,
            value: "newest".into()
        }
    );
    assert!(matches!(p.phase(), Phase::Accepting { adopted: true, .. }));
}

#[test]
fn duplicate_promises_from_one_acceptor_count_once() {
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    out.drain();
    let b1 = Ballot::new(1, ME);
    p.on_promise(A[0], b1, None, &mut out);
    p.on_promise(A[0], b1, None, &mut out);
    assert!(matches!(p.phase(), Phase::Preparing { .. }));
    assert!(messages(&mut out).is_empty());
}

#[test]
fn promises_for_an_old_ballot_are_ignored() {
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    p.on_timeout(Timer::Retry, &mut out); // retry: now at round 2
    out.drain();
    let old = Ballot::new(1, ME);
    p.on_promise(A[0], old, None, &mut out);
    p.on_promise(A[1], old, None, &mut out);
    assert!(matches!(p.phase(), Phase::Preparing { ballot, .. } if ballot.round == 2));
}

#[test]
fn a_majority_of_accepted_means_chosen() {
    // "A value is chosen when a large enough set (a majority) of acceptors accepted it".
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    let b1 = Ballot::new(1, ME);
    p.on_promise(A[0], b1, None, &mut out);
    p.on_promise(A[1], b1, None, &mut out);
    p.on_accepted(A[2], b1, &mut out);
    p.on_accepted(A[2], b1, &mut out);
    assert!(
        matches!(p.phase(), Phase::Accepting { .. }),
        "dupes count once"
    );
    out.drain();
    p.on_accepted(A[0], b1, &mut out);
    assert_eq!(out.drain(), vec![Output::CancelTimer(Timer::Retry)]);
    assert_eq!(
        p.phase(),
        &Phase::Chosen {
            ballot: b1,
            value: "v".into(),
            adopted: false,
        }
    );
}

#[test]
fn a_reject_makes_it_retry_above_the_promised_round() {
    // Section 2.3: on a nack the proposer abandons the ballot and tries a higher one.
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    out.drain();
    let b1 = Ballot::new(1, ME);
    p.on_reject(b1, Ballot::new(7, NodeId(4)), &mut out);
    assert!(matches!(p.phase(), Phase::BackingOff { .. }));
    assert_eq!(
        out.drain(),
        vec![Output::SetTimer {
            timer: Timer::Retry,
            delay: 30
        }]
    );
    p.on_timeout(Timer::Retry, &mut out);
    assert_eq!(p.ballot(), Some(Ballot::new(8, ME)));
}

#[test]
fn a_timer_of_another_role_does_nothing() {
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    out.drain();
    p.on_timeout(Timer::Election, &mut out);
    assert!(out.outputs().is_empty());
    assert_eq!(p.ballot(), Some(Ballot::new(1, ME)));
}

#[test]
fn a_proposer_that_saw_round_max_issues_it_once_then_stops() {
    // The seeds' INT_MAX proposer: nothing overflows, no ballot is issued twice.
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    p.on_reject(
        Ballot::new(1, ME),
        Ballot::new(u64::MAX, NodeId(4)),
        &mut out,
    );
    p.on_timeout(Timer::Retry, &mut out);
    assert_eq!(p.ballot(), Some(Ballot::new(u64::MAX, ME)));
    p.on_reject(
        Ballot::new(u64::MAX, ME),
        Ballot::new(u64::MAX, NodeId(4)),
        &mut out,
    );
    out.drain();
    p.on_timeout(Timer::Retry, &mut out);
    assert_eq!(p.phase(), &Phase::Idle, "no ballot left");
    assert!(out.outputs().is_empty());
}

#[test]
fn a_crash_keeps_the_last_round_so_no_ballot_is_reused() {
    // Section 2.3: a proposer must never issue the same number twice, even across a crash.
    let mut p = proposer();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    p.on_timeout(Timer::Retry, &mut out);
    p.crash();
    assert_eq!(p.phase(), &Phase::Idle);
    assert_eq!(p.value(), None);
    p.propose("w".into(), &mut out);
    assert_eq!(p.ballot(), Some(Ballot::new(3, ME)));
}

#[test]
fn the_sabotaged_proposer_ignores_reported_values() {
    let mut p = Proposer::new(
        ME,
        Quorum::majority(A),
        learners(),
        ProposerOptions {
            adopt_accepted: false,
            ..options()
        },
    );
    let mut out = Outbox::new();
    p.propose("mine".into(), &mut out);
    let b1 = Ballot::new(1, ME);
    p.on_promise(A[0], b1, proposal(0, 5, "theirs"), &mut out);
    p.on_promise(A[1], b1, None, &mut out);
    assert!(matches!(p.phase(), Phase::Accepting { value, .. } if value == "mine"));
}

fn recovering() -> Proposer {
    let options = ProposerOptions {
        recovery: true,
        ..options()
    };
    Proposer::new(ME, Quorum::majority(A), learners(), options)
}

#[test]
fn a_chosen_proposer_tells_the_learners_until_they_acknowledge() {
    // Section 2.4: the proposer that saw its value chosen is a learner too, and tells.
    let mut p = recovering();
    let mut out = Outbox::new();
    p.propose("v".into(), &mut out);
    let b1 = Ballot::new(1, ME);
    p.on_promise(A[0], b1, None, &mut out);
    p.on_promise(A[1], b1, None, &mut out);
    p.on_accepted(A[0], b1, &mut out);
    out.drain();
    p.on_accepted(A[1], b1, &mut out);
    assert_eq!(
        out.drain(),
        vec![Output::SetTimer {
            timer: Timer::Retry,
            delay: 100
        }],
        "chosen, but L has not said it learned: keep the timer"
    );
    p.on_timeout(Timer::Retry, &mut out);
    let decide = Message::Decide {
        ballot: b1,
        value: "v".into(),
    };
    assert_eq!(messages(&mut out), vec![(L, decide)]);
    p.on_learned(L, &mut out);
    assert_eq!(out.drain(), vec![Output::CancelTimer(Timer::Retry)]);
    p.on_timeout(Timer::Retry, &mut out);
    assert!(
        out.outputs().is_empty(),
        "everyone knows: nothing more to say"
    );
}

#[test]
fn its_own_decide_after_a_crash_does_not_silence_its_retries() {
    // The decide it sent to a learner on its own node arrives after a crash: not another
    // proposer's news. Taken as such, it would mark the learners told and cancel the retry
    // timer, and a learner whose decide was lost would never learn (soak seed 40033).
    let mut p = recovering();
    let mut out = Outbox::new();
    let b1 = Ballot::new(1, ME);
    p.crash();
    p.restart(&mut out);
    out.drain();
    p.on_message(
        ME,
        &Message::Decide {
            ballot: b1,
            value: "v".into(),
        },
        &mut out,
    );
    assert!(
        !matches!(p.phase(), Phase::Chosen { .. }),
        "no news from itself"
    );
    assert!(out.outputs().is_empty());
    // The same decide from another proposer is news: it tells the learners.
    p.on_message(
        A[0],
        &Message::Decide {
            ballot: b1,
            value: "v".into(),
        },
        &mut out,
    );
    assert!(matches!(p.phase(), Phase::Chosen { value, .. } if value == "v"));
    // Revisions 2 and 3 took it as news, as their traces replay.
    let mut old = Proposer::new(
        ME,
        Quorum::majority(A),
        learners(),
        ProposerOptions {
            recovery: true,
            own_decide_is_no_news: false,
            ..options()
        },
    );
    old.on_message(
        ME,
        &Message::Decide {
            ballot: b1,
            value: "v".into(),
        },
        &mut out,
    );
    assert!(matches!(old.phase(), Phase::Chosen { .. }));
}

#[test]
fn a_restarted_proposer_finishes_what_it_started() {
    let mut p = recovering();
    let mut out = Outbox::new();
    p.propose("mine".into(), &mut out);
    p.crash();
    p.restart(&mut out);
    assert!(p.recovering());
    let b2 = Ballot::new(2, ME);
    assert_eq!(
        p.ballot(),
        Some(b2),
        "phase 1 again, without a value of its own"
    );
    out.drain();
    // A promise reports a value that may be chosen: propose it (P2c).
    p.on_promise(A[0], b2, proposal(1, 0, "mine"), &mut out);
    p.on_promise(A[1], b2, None, &mut out);
    assert!(matches!(p.phase(), Phase::Accepting { value, adopted: true, .. } if value == "mine"));
    // Nothing reported by a majority: nothing was chosen, stop.
    p.crash();
    p.restart(&mut out);
    let b3 = Ballot::new(3, ME);
    p.on_promise(A[0], b3, None, &mut out);
    p.on_promise(A[2], b3, None, &mut out);
    assert_eq!(p.phase(), &Phase::Idle);
    assert!(!p.recovering());
    // A proposer that never issued a ballot has nothing to finish.
    let mut fresh = recovering();
    fresh.restart(&mut out);
    assert_eq!(fresh.phase(), &Phase::Idle);
}
