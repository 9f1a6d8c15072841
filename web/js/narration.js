// @ts-check
// "What just happened": after every action, one sentence on the most telling thing it did, and,
// for the interesting ones, why — in the words of Paxos Made Simple (section 2.2: phase 1,
// prepare and promise; phase 2, accept and accepted; a value is chosen once a majority of
// acceptors accept it at one ballot). The sentence is picked by priority: a broken safety rule,
// a value chosen, a learner that learned, a proposer that adopted another's value or lost its
// own (abortable consensus), a rejection, a crash that leaves no majority, then what the
// delivered message did. Multi-Paxos adds its own (narration-multi.js, loaded with the full
// engine: late.js), and so does two-phase commit.

import { ballot, message, nodeName, quote } from "./format.js";
import { events as sentences, violation } from "./format-events.js";
import { brokenRule } from "./catalogue.js";
import { lossReason, stuck } from "./words.js";
import { late, twoPhaseWords } from "./late.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {{ what: string, why: string }} Story what happened, and why (may be empty) */

/**
 * The story of one action.
 * @param {Snapshot | null} before the snapshot before the action (null: unknown)
 * @param {Snapshot} snap the snapshot after it
 * @param {Report} report what it did
 * @returns {Story}
 */
export function narrate(before, snap, report) {
  const story = safety(snap, report) ?? modeStory(before, snap, report) ?? fallback(snap, report);
  // A run that can no longer make progress says so, when nothing more telling is said.
  if (!story.why) story.why = noProgress(snap);
  return story;
}

/**
 * @param {Snapshot | null} before
 * @param {Snapshot} snap
 * @param {Report} report
 * @returns {Story | null}
 */
function modeStory(before, snap, report) {
  if (snap.config.mode === "multi") return late.multi?.multiStory(before, snap, report) ?? commonStory(snap, report);
  if (snap.config.mode === "twoPhase") return twoPhaseStory(snap, report);
  return basicStory(before, snap, report);
}

/** A broken safety rule outranks everything. @param {Snapshot} snap @param {Report} report */
function safety(snap, report) {
  const broken = report.events.find((e) => e.type === "violation");
  if (!broken || broken.type !== "violation") return null;
  const rule = brokenRule(snap.config.sabotage);
  return {
    what: `⚠ ${violation(snap, broken)}`,
    why: rule ? `This run breaks a rule on purpose (${rule.label}): ${rule.explains}` : "The checker found a state that correct Paxos never reaches.",
  };
}

/**
 * Basic Paxos, in priority order.
 * @param {Snapshot | null} before
 * @param {Snapshot} snap
 * @param {Report} report
 * @returns {Story | null}
 */
function basicStory(before, snap, report) {
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  const ev = report.events;
  const chosen = ev.find((e) => e.type === "chosen");
  if (chosen && chosen.type === "chosen") {
    const who = chosen.acceptors.map(name).join(", ");
    return {
      what: `★ ${quote(chosen.value)} is chosen: ${who} (a majority, ${chosen.acceptors.length} of ${acceptorCount(snap)}) accepted it at ballot ${ballot(snap, chosen.ballot)}.`,
      why: "It can never change: every later proposer must hear from a majority in phase 1, any two majorities share an acceptor, and that acceptor reports this value, which the proposer must then propose again. The proposers and learners still have to find out.",
    };
  }
  const learned = ev.find((e) => e.type === "learned");
  if (learned && learned.type === "learned") {
    return {
      what: `${name(learned.node)} learned ${quote(learned.proposal.value)}.`,
      why: `A learner learns a value once a majority (${snap.majority}) of acceptors said they accepted it at the same ballot ${ballot(snap, learned.proposal.ballot)}; it never learns anything else afterwards (Integrity).`,
    };
  }
  for (const node of snap.nodes) {
    const now = node.proposer;
    const was = before?.nodes[node.id]?.proposer;
    if (!now || !was || now.phase === was.phase) continue;
    const story = proposerChange(snap, report, node.name, was, now);
    if (story) return story;
  }
  return deliveredStory(snap, report) ?? commonStory(snap, report);
}

/** @param {Snapshot} snap */
function acceptorCount(snap) {
  return snap.nodes.filter((n) => n.acceptor).length;
}

/**
 * A proposer moved to another phase.
 * @param {Snapshot} snap
 * @param {Report} report
 * @param {string} who
 * @param {NonNullable<import("paxos-core").NodeView["proposer"]>} was
 * @param {NonNullable<import("paxos-core").NodeView["proposer"]>} now
 * @returns {Story | null}
 */
function proposerChange(snap, report, who, was, now) {
  const own = now.clientValue;
  if (now.phase === "accepting") {
    const value = quote(now.value ?? "");
    const carried = report.events.find((e) => e.type === "delivered" && e.message.type === "promise" && e.message.accepted);
    const from = carried && carried.type === "delivered" && carried.message.type === "promise" && carried.message.accepted
      ? ` (${nodeName(snap, carried.from)} reported ${quote(carried.message.accepted.value)} accepted at ${ballot(snap, carried.message.accepted.ballot)})`
      : "";
    if (now.adopted && now.value !== own) {
      return {
        what: `${who} has promises from a majority and proposes ${value}, not its own ${quote(own ?? "")}.`,
        why: `A promise reported ${value} as accepted${from}: it may already be chosen, so a proposer must propose the value of the highest-numbered proposal the promises report, never its own instead.`,
      };
    }
    if (now.adopted) {
      return {
        what: `${who} has promises from a majority and proposes ${value} again.`,
        why: `A promise reported its own value as accepted in an earlier round${from}; it must keep it.`,
      };
    }
    return {
      what: `${who} has promises from a majority (${snap.majority}) for ${ballot(snap, now.ballot)} and sends accept with its own value ${value}.`,
      why: "None of the promises reported an accepted value, so no value can have been chosen yet: the proposer is free to propose its own.",
    };
  }
  if (now.phase === "chosen" && now.value !== own && own !== null) {
    return {
      what: `${who}'s value ${quote(own)} lost: ${quote(now.value ?? "")} was chosen.`,
      why: "Paxos chooses one value, not necessarily everyone's. The client that asked for the losing value is told so and must ask again (abortable consensus).",
    };
  }
  if (now.phase === "chosen") {
    return { what: `${who} knows its value ${quote(now.value ?? "")} was chosen: a majority accepted its ballot ${ballot(snap, now.ballot)}.`, why: "" };
  }
  if (now.phase === "backingOff") {
    return {
      what: `${who} was rejected: an acceptor has promised the higher ballot ${ballot(snap, now.rejectedBy)}.`,
      why: "An acceptor never goes back on a promise. The proposer waits a moment (back-off) and retries with a higher round; two proposers that keep doing this to each other livelock.",
    };
  }
  if (now.phase === "preparing" && (was.phase === "accepting" || was.phase === "preparing" || was.phase === "backingOff")) {
    return {
      what: `${who} starts again with the higher ballot ${ballot(snap, now.ballot)} and sends prepare.`,
      why: "It did not hear from a majority in time (or was rejected): a new, higher proposal number makes the acceptors promise again. Nothing it did before is lost.",
    };
  }
  return null;
}

/**
 * What the delivered message made its receiver do (an acceptor promises or refuses, accepts or
 * refuses; a learner counts).
 * @param {Snapshot} snap
 * @param {Report} report
 * @returns {Story | null}
 */
function deliveredStory(snap, report) {
  const got = report.events.find((e) => e.type === "delivered");
  if (!got || got.type !== "delivered") return null;
  const sent = report.events.filter((e) => e.type === "sent");
  const to = nodeName(snap, got.to);
  const from = nodeName(snap, got.from);
  const m = got.message;
  const rejected = sent.some((e) => e.type === "sent" && e.kind === "reject");
  const damaged = got.corrupted ? " It was damaged on the way, and without checksums it is taken as it now reads." : "";
  if (m.type === "prepare") {
    const acc = snap.nodes[got.to]?.acceptor;
    if (rejected) {
      return { what: `${to} refuses prepare ${ballot(snap, m.ballot)} from ${from}: it already promised ${ballot(snap, acc?.promised)}.`, why: `A promise is never lowered; ${from} will have to retry higher.${damaged}` };
    }
    const had = acc?.accepted ? `it has accepted ${quote(acc.accepted.value)} at ${ballot(snap, acc.accepted.ballot)}, and says so` : "it has accepted nothing yet";
    return {
      what: `${to} promises ${ballot(snap, m.ballot)} to ${from}: ${had}.`,
      why: `A promise means: I will not accept any ballot lower than ${ballot(snap, m.ballot)}. Reporting what it accepted lets ${from} keep a value that may be chosen.${damaged}`,
    };
  }
  if (m.type === "accept") {
    const acc = snap.nodes[got.to]?.acceptor;
    if (rejected) {
      return { what: `${to} refuses accept ${ballot(snap, m.ballot)} ${quote(m.value)}: it has promised ${ballot(snap, acc?.promised)} since.`, why: `Keeping that promise is what stops an old proposal from being chosen behind a newer proposer's back.${damaged}` };
    }
    return {
      what: `${to} accepts ${quote(m.value)} at ${ballot(snap, m.ballot)} and tells the proposer and the learners.`,
      why: `It had promised nothing higher. Once a majority (${snap.majority}) accepts the same ballot, the value is chosen.${damaged}`,
    };
  }
  if (m.type === "accepted" && snap.nodes[got.to]?.learner) {
    const l = snap.nodes[got.to]?.learner;
    return { what: `${to} heard that ${from} accepted ${quote(m.value)} at ${ballot(snap, m.ballot)} (heard ${l?.bestTally ?? 0}/${snap.majority}).`, why: `“heard k/n”: the most acceptors it has heard accept one ballot, against the majority it needs before it may learn the value.${damaged}` };
  }
  if (m.type === "promise" || m.type === "accepted") {
    const p = snap.nodes[got.to]?.proposer;
    const phase = m.type === "promise" ? "preparing" : "accepting";
    const current = p?.ballot && p.ballot.round === m.ballot.round && p.ballot.node === m.ballot.node;
    if (!p || p.phase !== phase || !current) {
      return { what: `${to} got ${message(snap, m, 24)} from ${from}, too late to matter.`, why: `${to} has already moved on (it is ${p?.phase === "chosen" ? "done" : p?.phase ?? "not a proposer"} with ballot ${ballot(snap, p?.ballot)}): a majority was enough, or the ballot is an old one.${damaged}` };
    }
    const count = m.type === "promise" ? p.promises.length : p.accepted.length;
    return {
      what: `${to} got ${message(snap, m, 24)} from ${from}: ${count} of the ${snap.majority} it needs.`,
      why: m.type === "promise"
        ? `A proposer needs promises from a majority before phase 2, so that its proposal cannot be outvoted by anything older.${damaged}`
        : `Once a majority accepted its ballot, the value is chosen.${damaged}`,
    };
  }
  return null;
}

/**
 * Why a lost message does no harm, in the protocol that runs.
 * @param {Snapshot} snap
 * @param {string} reason
 */
function lostWhy(snap, reason) {
  if (reason === "checksumMismatch") return `A checksum turned a damaged message into a lost one, which ${snap.config.mode === "twoPhase" ? "two-phase commit" : "Paxos"} tolerates.`;
  if (snap.config.mode === "twoPhase") {
    return "Two-phase commit survives lost messages too: a coordinator still waiting for votes aborts after its timeout and sends its decision again until it is acknowledged, and an uncertain participant asks again. What it cannot survive is losing its coordinator.";
  }
  return "Paxos tolerates lost messages: safety never depends on delivery, and a proposer that hears nothing retries after its timeout.";
}

/**
 * What every protocol shares: a client request, a crash or restart, a lost message, a timer.
 * @param {Snapshot} snap
 * @param {Report} report
 * @returns {Story | null}
 */
function commonStory(snap, report) {
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  for (const e of report.events) {
    switch (e.type) {
      case "proposed":
        return { what: `A client asks ${name(report.action.type === "propose" ? report.action.node : 0)} to propose ${quote(e.value)}.`, why: "Phase 1 first: the proposer picks a ballot (round, its own id) higher than any it used and sends prepare to the acceptors, asking them to promise." };
      case "misbehaved":
        return { what: `${name(e.node)} misbehaves: its next ballot jumps to round MAX.`, why: "An acceptor that promises MAX can never promise anything higher, so no other proposer can ever win again (safety holds; liveness is gone). A ballot ceiling makes acceptors refuse such a jump." };
      case "crashed":
        return { what: `${name(e.node)} crashed.`, why: majorityLeft(snap) };
      case "restarted":
        return {
          what: `${name(e.node)} restarted.`,
          why: snap.config.mode === "twoPhase"
            ? "It reads its log back from stable storage: its votes and the decisions it knows. A restarted coordinator presumes abort for a transaction it never decided."
            : snap.config.sabotage === "acceptorForgetsOnRestart" && snap.nodes[e.node]?.acceptor
              ? "Under this broken rule it forgot its promise and what it accepted: it may now help choose a second value."
              : "It reads its promise and accepted value back from stable storage: forgetting them could let a second value be chosen.",
        };
      case "lost":
        return { what: `The ${e.kind} ${name(e.from)} → ${name(e.to)} was ${lossReason(e.reason, name(e.to))}.`, why: lostWhy(snap, e.reason) };
      case "timerFired":
        return { what: `${name(e.node)}'s timer fired.`, why: "" };
      case "networkChanged":
        return {
          what: e.change,
          why: snap.config.mode === "twoPhase"
            ? "The network may lose, delay, duplicate or reorder messages: two-phase commit stays atomic whatever it does, but a participant that voted yes waits until it hears the decision."
            : "The network may lose, delay, duplicate or reorder messages: Paxos stays safe whatever it does.",
        };
      default:
        break;
    }
  }
  return null;
}

/**
 * Two-phase commit: the protocol's own events, then what every protocol shares.
 * @param {Snapshot} snap
 * @param {Report} report
 * @returns {Story | null}
 */
function twoPhaseStory(snap, report) {
  const { blocked, BLOCKED_WHY, event: txEvent } = twoPhaseWords();
  const stuckNow = blocked(snap);
  const crash = report.events.find((e) => e.type === "crashed");
  if (crash && stuckNow.text) return { what: `${nodeName(snap, crash.type === "crashed" ? crash.node : 0)} crashed. ${stuckNow.text}`, why: BLOCKED_WHY };
  const tx = report.events.map((e) => txEvent(snap, e)).find(Boolean);
  if (tx) return { what: `${tx[0].toUpperCase()}${tx.slice(1)}.`, why: stuckNow.text };
  return commonStory(snap, report);
}

/** The event log's sentences, when nothing more telling happened. @param {Snapshot} snap @param {Report} report */
function fallback(snap, report) {
  const said = sentences(snap, report.events);
  return { what: said.length ? `${said.join("; ")}.` : "Nothing happened.", why: "" };
}

/**
 * Why nothing more can happen, if so: no majority up, a livelock, a stuck broken rule.
 * @param {Snapshot} snap
 */
function noProgress(snap) {
  const stuckRule = stuck(snap);
  if (stuckRule) return stuckRule;
  if (snap.config.mode === "twoPhase") return twoPhaseWords().blocked(snap).text;
  const acceptors = snap.nodes.filter((n) => n.acceptor || n.replica);
  const up = acceptors.filter((n) => n.up).length;
  if (up < snap.majority) return majorityLeft(snap);
  return "";
}

/**
 * Whether the acceptors (or servers) still up can form a majority, after a crash.
 * @param {Snapshot} snap
 */
function majorityLeft(snap) {
  const members = snap.epochs?.at(-1)?.members;
  const voters = snap.nodes.filter((n) => (members ? members.includes(n.id) : n.acceptor || n.replica));
  if (voters.length === 0) return "";
  const up = voters.filter((n) => n.up).length;
  const what = snap.config.mode === "multi" ? "servers" : "acceptors";
  if (up >= snap.majority) return `${up} of ${voters.length} ${what} are up: a majority (${snap.majority}) can still form, so the run goes on. 2m+1 ${what} survive m crashes.`;
  return `Only ${up} of ${voters.length} ${what} are up: no majority (${snap.majority}) can form, so nothing new can be chosen until enough restart. Nothing unsafe can happen either.`;
}
