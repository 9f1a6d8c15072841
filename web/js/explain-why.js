// @ts-check
// "Why can it never change?" in words (Basic Paxos): quorum intersection (Paxos Made Simple,
// section 2.2). Every majority a later proposer could hear from in phase 1 shares at least one
// acceptor with the one that chose the value, and that acceptor reports the chosen value (or a
// later proposal that carries it), which the proposer must then propose. Fetched the first time
// the explanation is asked for (explain-state.js; page weight).

import { html } from "./dom.js";
import { nodeName, quote, ballot } from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Chosen} Chosen */

/** Majorities listed at most; the rest are counted. */
const SHOWN = 6;

/**
 * The sets of `size` items of `items`, in order, at most `limit` of them, and how many there are.
 * @param {number[]} items
 * @param {number} size
 * @param {number} limit
 */
export function subsets(items, size, limit) {
  /** @type {number[][]} */
  const out = [];
  let count = 0;
  /** @param {number} start @param {number[]} picked */
  const walk = (start, picked) => {
    if (picked.length === size) {
      count++;
      if (out.length < limit) out.push([...picked]);
      return;
    }
    for (let i = start; i <= items.length - (size - picked.length); i++) walk(i + 1, [...picked, items[i]]);
  };
  walk(0, []);
  return { sets: out, count };
}

/**
 * Writes the explanation of the chosen value into `text`.
 * @param {Snapshot} snap
 * @param {Chosen} chosen
 * @param {HTMLElement} text
 */
export function explainChosen(snap, chosen, text) {
  const acceptors = snap.nodes.filter((n) => n.acceptor).map((n) => n.id);
  const quorum = new Set(chosen.acceptors);
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  const { sets, count } = subsets(acceptors, snap.majority, SHOWN);
  const lines = sets.map((set) => {
    const shared = set.filter((id) => quorum.has(id));
    return html("li", {}, `{${set.map(name).join(", ")}} includes ${shared.map(name).join(" and ")}`);
  });
  if (count > sets.length) lines.push(html("li", {}, `… and ${count - sets.length} more majorities, each including one of ${chosen.acceptors.map(name).join(", ")}`));
  text.replaceChildren(
    html("p", {}, `${quote(chosen.value)} was chosen at ${ballot(snap, chosen.ballot)} by ${chosen.acceptors.map(name).join(", ")}: a majority (marked on the cluster). A later proposer must hear from a majority (${snap.majority} of ${acceptors.length}) in phase 1, and every majority shares an acceptor with this one:`),
    html("ul", {}, ...lines),
    html("p", {}, `That shared acceptor reports ${quote(chosen.value)} (or a later proposal that already carries it) in its promise, so the proposer must propose ${quote(chosen.value)} again. No other value can reach a majority, whatever the network does.`),
  );
}
