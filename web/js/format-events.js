// @ts-check
// The event log's words: each action as the line's first words, each event in a sentence (with
// node names), and each safety rule and its violation. Messages and state are worded in
// format.js.

import * as words from "./words.js";
import { membershipWords, twoPhaseWords } from "./late.js";
import { ballot, command, message, nodeName, quote, isMembershipChange } from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {import("paxos-core").Rule} Rule */
/** @typedef {import("paxos-core").Mode} Mode */

/**
 * What each rule means, for the checks panel, and the protocols it is checked in.
 * @type {[Rule, string, string, Mode[]][]}
 */
export const RULES = [
  ["agreement", "Agreement", "at most one value is chosen", ["basic", "multi"]],
  ["validity", "Validity", "only a proposed value is chosen", ["basic", "multi"]],
  ["integrity", "Integrity", "a learner never changes what it learned", ["basic", "multi"]],
  ["promiseMonotonicity", "Promises", "an acceptor's promise never goes down", ["basic", "multi"]],
  ["logPrefix", "Log prefix", "every applied log is a prefix of the longest", ["multi"]],
  ["appliedOnce", "Applied once", "no replica applies a command twice", ["multi"]],
  ["atomicity", "Atomicity", "no participant commits a transaction another one aborts", ["twoPhase"]],
  ["commitValidity", "Commit validity", "a transaction commits only if every participant voted yes", ["twoPhase"]],
];

/**
 * A timer's name in words.
 * @param {Snapshot} snap
 * @param {import("paxos-core").Timer} timer
 */
export function timerName(snap, timer) {
  if (typeof timer === "object") return `suspect-${nodeName(snap, timer.suspect)}`;
  return timer;
}

/**
 * The action itself, as the event log's first words.
 * @param {Snapshot} snap
 * @param {import("paxos-core").Action} action
 */
export function action(snap, action) {
  switch (action.type) {
    case "step":
      return "Step:";
    case "deliver":
      return `Deliver #${action.id}:`;
    case "drop":
      return `Drop #${action.id}:`;
    case "duplicate":
      return `Duplicate #${action.id}:`;
    case "crash":
      return `Crash ${nodeName(snap, action.node)}:`;
    case "restart":
      return `Restart ${nodeName(snap, action.node)}:`;
    case "propose":
      return `Client → ${nodeName(snap, action.node)}:`;
    case "misbehave":
      return `Misbehave ${nodeName(snap, action.node)}:`;
    case "submit":
      return `Client → ${nodeName(snap, action.node)}:`;
    case "setLink":
      return `Link ${nodeName(snap, action.from)} → ${nodeName(snap, action.to)}:`;
    case "partition":
      return "Partition:";
    case "cut":
      return `Cut ${nodeName(snap, action.from)} → ${nodeName(snap, action.to)}:`;
    case "heal":
      return "Heal:";
    case "addServer":
      return `Add a server, asked through ${nodeName(snap, action.via)}:`;
    case "removeServer":
      return `Remove ${nodeName(snap, action.node)}, asked through ${nodeName(snap, action.via)}:`;
    case "transaction":
      return `Client → ${nodeName(snap, action.node)}:`;
    case "fire":
      return `Fire ${nodeName(snap, action.node)}'s ${timerName(snap, action.timer)} timer:`;
  }
}

/**
 * One sentence per event; messages sent together are summed up.
 * @param {Snapshot} snap
 * @param {SimEvent[]} events
 * @returns {string[]}
 */
export function events(snap, events) {
  /** @type {string[]} */
  const out = [];
  /** @type {Map<string, string[]>} */
  const sent = new Map();
  const flush = () => {
    for (const [what, to] of sent) out.push(`${what} → ${to.join(", ")}`);
    sent.clear();
  };
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  for (const e of events) {
    if (e.type === "sent") {
      const key = `${name(e.from)} sent ${e.kind}`;
      sent.set(key, [...(sent.get(key) ?? []), name(e.to)]);
      continue;
    }
    flush();
    switch (e.type) {
      case "delivered":
        out.push(`${name(e.to)} got ${message(snap, e.message, 16)} from ${name(e.from)}${e.corrupted ? " (damaged in flight)" : ""}`);
        break;
      case "lost":
        out.push(`${e.kind} ${name(e.from)} → ${name(e.to)} ${words.lossReason(e.reason, name(e.to))}${e.corrupted && e.reason !== "checksumMismatch" ? " (it was damaged)" : ""}`);
        break;
      case "duplicated":
        out.push(`#${e.id} copied as #${e.copy}`);
        break;
      case "networkChanged":
        out.push(e.change);
        break;
      case "timerFired":
        out.push(`${name(e.node)}'s timer fired`);
        break;
      case "proposed":
        out.push(`asks for ${quote(e.value, 64)}`);
        break;
      case "misbehaved":
        out.push(`${name(e.node)}'s next ballot jumps to round MAX`);
        break;
      case "submitted":
        out.push(`submits ${quote(command(e.command), 64)}`);
        break;
      case "applied":
        // A membership change says what it did in its own sentence (reconfigured).
        out.push(`${name(e.node)} applied slot ${e.slot} ${quote(e.command, 24)}${e.result && !isMembershipChange(e.command) ? ` → ${e.result}` : ""}`);
        break;
      case "crashed":
        out.push(`${name(e.node)} crashed`);
        break;
      case "restarted":
        out.push(`${name(e.node)} restarted from stable storage`);
        break;
      case "learned":
        out.push(`${name(e.node)} learned ${quote(e.proposal.value)}`);
        break;
      case "joined":
        out.push(membershipWords().joined(snap, e.node));
        break;
      case "reconfigured":
        out.push(membershipWords().reconfigured(snap, e));
        break;
      case "suspicion":
        out.push(membershipWords().suspicionEvent(snap, e));
        break;
      case "began":
      case "voted":
      case "decided":
      case "outcome":
        out.push(twoPhaseWords().event(snap, e));
        break;
      case "chosen":
        out.push(
          snap.config.mode === "multi"
            ? `★ slot ${e.slot}: ${quote(e.value)} is chosen (ballot ${ballot(snap, e.ballot)})`
            : `★ ${quote(e.value)} is chosen (ballot ${ballot(snap, e.ballot)})`,
        );
        break;
      case "violation":
        out.push(`⚠ ${violation(snap, e)}`);
        break;
    }
  }
  flush();
  return out;
}

/**
 * A safety violation in words, with node names.
 * @param {Snapshot} snap
 * @param {import("paxos-core").Violation} v
 */
export function violation(snap, v) {
  const title = RULES.find(([rule]) => rule === v.rule)?.[1] ?? v.rule;
  const values = v.values.map((value) => quote(value, 20)).join(" and ");
  const nodes = v.nodes.map((n) => nodeName(snap, n)).join(", ");
  const tx = v.values[0]?.match(/^tx (\d+)/)?.[1] ?? "?";
  switch (v.rule) {
    case "agreement":
      return `${title} broken at step ${v.step}: ${values} were both chosen or learned (${nodes}).`;
    case "validity":
      return `${title} broken at step ${v.step}: ${values} was chosen but never proposed (${nodes}).`;
    case "integrity":
      return `${title} broken at step ${v.step}: ${nodes} changed what it learned (${values}).`;
    case "promiseMonotonicity":
      return `${title} broken at step ${v.step}: ${nodes} lowered its promise.`;
    case "logPrefix":
      return `${title} broken at step ${v.step}: ${nodes} applied a different log (${values}).`;
    case "appliedOnce":
      return `${title} broken at step ${v.step}: ${nodes} applied ${values} twice.`;
    case "atomicity":
      return `${title} broken at step ${v.step}: ${nodeName(snap, v.nodes[0])} committed transaction ${tx} and ${nodeName(snap, v.nodes[1])} aborted it.`;
    case "commitValidity": {
      const missing = v.nodes.slice(1).map((n) => nodeName(snap, n)).join(", ");
      return `${title} broken at step ${v.step}: ${nodeName(snap, v.nodes[0])} committed transaction ${tx} without a yes from ${missing}.`;
    }
  }
}
