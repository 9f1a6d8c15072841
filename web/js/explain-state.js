// @ts-check
// "Why is it safe?" (Basic Paxos): once a value is chosen, say why no other value can ever be —
// quorum intersection (Paxos Made Simple, section 2.2). The chosen majority is marked on the
// cluster; every majority a later proposer could hear from in phase 1 shares at least one
// acceptor with it, and that acceptor reports the chosen value (or a later proposal that
// carries it), which the proposer must then propose.

import { byId, html, setText } from "./dom.js";
import { nodeName, quote, ballot } from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */

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

export class ExplainState {
  /** @param {ClusterView} view */
  constructor(view) {
    this.view = view;
    this.ui = { button: byId("explain-safe", HTMLButtonElement), text: byId("explain-text", HTMLElement) };
    /** @type {Snapshot | null} */
    this.snap = null;
    this.shown = false;
    /** Whether the chosen majority is marked on the cluster. */
    this.marking = false;
    this.ui.button.addEventListener("click", () => {
      this.shown = !this.shown;
      if (this.snap) this.update(this.snap);
    });
  }

  /** @param {Snapshot} snap */
  update(snap) {
    this.snap = snap;
    const chosen = snap.config.mode === "basic" || !snap.config.mode ? snap.chosen[0] : undefined;
    this.ui.button.hidden = !chosen;
    if (!chosen) this.shown = false;
    this.ui.button.setAttribute("aria-expanded", String(this.shown));
    setText(this.ui.button, this.shown ? "Hide the explanation" : "Why can it never change?");
    this.ui.text.hidden = !this.shown;
    if (!this.shown || !chosen) {
      if (this.marking) this.view.mark([]);
      this.marking = false;
      return;
    }
    this.marking = true;
    const acceptors = snap.nodes.filter((n) => n.acceptor).map((n) => n.id);
    const quorum = new Set(chosen.acceptors);
    const name = (/** @type {number} */ id) => nodeName(snap, id);
    const { sets, count } = subsets(acceptors, snap.majority, SHOWN);
    const lines = sets.map((set) => {
      const shared = set.filter((id) => quorum.has(id));
      return html("li", {}, `{${set.map(name).join(", ")}} includes ${shared.map(name).join(" and ")}`);
    });
    if (count > sets.length) lines.push(html("li", {}, `… and ${count - sets.length} more majorities, each including one of ${chosen.acceptors.map(name).join(", ")}`));
    this.ui.text.replaceChildren(
      html("p", {}, `${quote(chosen.value)} was chosen at ${ballot(snap, chosen.ballot)} by ${chosen.acceptors.map(name).join(", ")}: a majority (marked on the cluster). A later proposer must hear from a majority (${snap.majority} of ${acceptors.length}) in phase 1, and every majority shares an acceptor with this one:`),
      html("ul", {}, ...lines),
      html("p", {}, `That shared acceptor reports ${quote(chosen.value)} (or a later proposal that already carries it) in its promise, so the proposer must propose ${quote(chosen.value)} again. No other value can reach a majority, whatever the network does.`),
    );
    this.view.mark(chosen.acceptors);
  }
}
