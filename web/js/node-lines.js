// @ts-check
// What the cluster drawing says about one node: its role badges, the short lines of state under
// it, its accessible label and its tooltip (with who suspects it, in Multi-Paxos).

import * as fmt from "./format.js";
import { membershipWords, twoPhaseWords } from "./late.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */

/**
 * The badges over a node: P, A, L for Paxos roles; C and P (participant) in two-phase commit.
 * Each is `[letter, class suffix, what it means]`.
 * @param {NodeView} node
 * @returns {[string, string, string][]}
 */
export function badges(node) {
  if (node.coordinator) return [["C", "C", "coordinator"]];
  if (node.participant) return [["P", "Pt", "participant"]];
  return /** @type {[string, string, string][]} */ (
    [node.proposer && ["P", "P", "proposer"], node.acceptor && ["A", "A", "acceptor"], node.learner && ["L", "L", "learner"]].filter(Boolean)
  );
}

/**
 * The lines of state text under a node.
 * @param {NodeView} node
 * @param {Snapshot} snap
 */
export function stateLines(node, snap) {
  /** @type {string[]} */
  const lines = [];
  if (node.proposer) {
    const timer = snap.timers.find((t) => t.node === node.id);
    const [phase, progress] = fmt.proposerState(snap, node.proposer);
    const retry = timer ? `retry at t=${timer.dueAt}` : "";
    lines.push(phase);
    if (progress || retry) lines.push([progress, retry].filter(Boolean).join(" · "));
  }
  if (node.acceptor) {
    const { promised, accepted } = fmt.acceptorState(snap, node.acceptor);
    lines.push(promised, accepted);
  }
  if (node.learner) lines.push(fmt.learnerState(node.learner, snap.majority));
  if (node.replica) lines.push(...fmt.replicaState(node, snap));
  if (node.coordinator || node.participant) lines.push(...twoPhaseWords().nodeLines(snap, node));
  return lines;
}

/**
 * The servers that suspect this one (live servers still in the cluster), and what that means.
 * @param {NodeView} node
 * @param {Snapshot} snap
 */
export function suspicion(node, snap) {
  if (snap.config.mode !== "multi") return "";
  const { suspicions, suspected } = membershipWords();
  const by = suspicions(snap).filter(([, peer]) => peer === node.id).map(([from]) => from);
  return by.length ? suspected(snap, by, node.id) : "";
}

/** @param {NodeView} node @param {Snapshot} snap */
export function nodeLabel(node, snap) {
  const state = fmt.runOn(stateLines(node, snap), ", ");
  const doubt = suspicion(node, snap);
  return `${node.name}, ${fmt.roles(node)}${node.up ? "" : ", crashed"}: ${state}.${doubt ? ` ${doubt}` : ""} Press Enter for actions.`;
}

/** The tooltip's lines for a node. @param {NodeView} node @param {Snapshot} snap */
export function tipLines(node, snap) {
  const recovering = node.proposer?.recovering ? ["recovering: re-running phase 1 after a restart"] : [];
  const doubt = suspicion(node, snap);
  const state = fmt.runOn(stateLines(node, snap), "\n").split("\n");
  return [`${node.name} · ${fmt.roles(node)}${node.up ? "" : " · crashed"}`, ...state, ...recovering, ...(doubt ? [doubt] : []), ...roleMeanings(node, snap)];
}

/**
 * What the node's roles do, in a line each, for its tooltip.
 * @param {NodeView} node
 * @param {Snapshot} snap
 */
function roleMeanings(node, snap) {
  if (node.replica) return [`A server votes like an acceptor and learns like a learner; the leader (crown) is the only proposer. A slot is chosen by a majority (${snap.majority}).`];
  if (node.coordinator) return ["The coordinator asks every participant to vote, and commits only if all said yes."];
  if (node.participant) return ["A participant votes; after a yes it must wait for the coordinator's decision."];
  return [
    node.proposer ? "Proposer: phase 1 asks the acceptors to promise its ballot; phase 2 asks them to accept a value." : "",
    node.acceptor ? "Acceptor: promised b = it accepts no ballot below b; a value is chosen when a majority accepts one ballot." : "",
    node.learner ? `Learner: learns a value once a majority (${snap.majority}) said they accepted it (heard k/${snap.majority}).` : "",
  ].filter(Boolean);
}

/**
 * Lines of state fitted to `max` characters each, for a node with little room beside it: a
 * line too long is broken at its " · " parts, then at spaces, and a word still too long (a long
 * value) is cut short with "…". The tooltip and the accessible label keep the whole text.
 * @param {string[]} lines
 * @param {number} max
 * @returns {string[]}
 */
export function fitLines(lines, max) {
  /** @type {string[]} */
  const out = [];
  for (const line of lines) {
    if (line.length <= max) {
      out.push(line);
      continue;
    }
    // Whole " · " parts where they fit; a part too long is split at its spaces.
    /** @type {[string, string][]} each piece and what joins it to the one before */
    const pieces = line.split(" · ").flatMap((part, i) => {
      const words = part.length <= max ? [part] : part.split(" ");
      return words.map((word, j) => /** @type {[string, string]} */ ([cut(word, max), j ? " " : i ? " · " : ""]));
    });
    let current = "";
    for (const [piece, join] of pieces) {
      if (current && current.length + join.length + piece.length <= max) current += join + piece;
      else {
        if (current) out.push(current);
        current = piece;
      }
    }
    if (current) out.push(current);
  }
  return out;
}

/** A word cut to `max` characters with "…", keeping a closing quote. @param {string} word @param {number} max */
function cut(word, max) {
  if (word.length <= max) return word;
  const quote = /[”"]$/.test(word) ? "”" : "";
  return `${word.slice(0, Math.max(1, max - 1 - quote.length))}…${quote}`;
}
