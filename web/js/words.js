// @ts-check
// Words for what goes beyond the core of Paxos Made Simple: the round MAX of a misbehaving
// proposer, messages damaged in flight and checksums, why a message was lost, a proposer that
// stands aside or recovers, livelock, and a run in which no value can be chosen any more.

import { brokenRule } from "./catalogue.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** @typedef {import("paxos-core").LossReason} LossReason */
/** @typedef {NonNullable<import("paxos-core").NodeView["proposer"]>} ProposerView */

/**
 * Rounds above 2^53 reach JavaScript rounded (u64::MAX arrives as 18446744073709552000); only
 * a proposer that jumped to the last round gets there.
 */
const HUGE = 2 ** 53;

/** A round as shown: its number, or MAX for the largest there is. @param {number} r */
export function round(r) {
  return r >= HUGE ? "MAX" : String(r);
}

/**
 * Why a message vanished, after its kind and link.
 * @param {LossReason} reason
 * @param {string} to the receiver's name
 */
export function lossReason(reason, to) {
  switch (reason) {
    case "dropped":
      return "dropped";
    case "receiverCrashed":
      return "lost in the crash";
    case "linkLoss":
      return "lost by the network";
    case "partitioned":
      return "lost: the link is cut";
    case "receiverDown":
      return `lost: ${to} is down`;
    case "checksumMismatch":
      return "discarded: checksum mismatch";
  }
}

/**
 * What a damaged message means, for its tooltip and the inspector; empty if it is intact.
 * @param {Envelope} e
 */
export function damage(e) {
  if (!e.corrupted) return "";
  return e.checksum != null
    ? "Damaged in flight: its checksum no longer matches, so the receiver will discard it."
    : "Damaged in flight: without checksums the receiver will take it as it now reads.";
}

/**
 * A proposer's state in a sentence, for the inspector: what `proposerState` says, and what a
 * proposer that stands aside or recovers is doing.
 * @param {ProposerView} p
 * @param {[string, string]} state its phase and progress, from `proposerState`
 */
export function proposerSentence(p, state) {
  const [phase, progress] = state;
  if (p.phase === "deferring") return `${phase} (forwarded its value)`;
  const plain = [phase, progress].filter(Boolean).join(", ");
  if (!p.recovering) return plain;
  return p.phase === "preparing"
    ? `recovering: re-running phase 1 after a restart (${plain.replace(/^recovering /, "ballot ")})`
    : `${plain}; recovering after a restart, it finishes what it started`;
}

/**
 * The livelock warning, if the run looks like one.
 * @param {Snapshot} snap
 */
export function livelock(snap) {
  return snap.livelock === null ? "" : `Livelock: ${snap.livelock} rounds, no value chosen.`;
}

/** What cures livelock, for the warning's hint. */
export const LIVELOCK_CURE = "The proposers keep pre-empting each other. Turn jitter on or use a distinguished proposer (Cluster settings → Timing and cures).";

/**
 * Why no value can be chosen any more in a run that breaks a liveness rule, or "" while one
 * still can: the single acceptor is down, or every acceptor kept a first value and none has a
 * majority.
 * @param {Snapshot} snap
 */
export function stuck(snap) {
  if (snap.chosen.length > 0 || !brokenRule(snap.config.sabotage)?.liveness) return "";
  const acceptors = snap.nodes.filter((n) => n.acceptor);
  if (snap.config.sabotage === "singleAcceptor") {
    return acceptors.every((n) => !n.up) ? "No value can be chosen: the only acceptor is down, and nobody else may decide." : "";
  }
  const values = acceptors.flatMap((n) => (n.acceptor?.accepted ? [n.acceptor.accepted.value] : []));
  const split = values.length === acceptors.length && values.every((v) => values.filter((w) => w === v).length < snap.majority);
  return split ? "No value can be chosen: every acceptor kept the first value it saw, and no value has a majority." : "";
}
