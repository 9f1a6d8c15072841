// @ts-check
// Multi-Paxos: the replicated-log table. One row per server (its last slots: accepted, chosen,
// applied; and its key-value store), and above the slots a band naming the configuration in
// force for each range of slots (revision 3), with every configuration listed in words below.
// A membership change in the log reads as one. Redrawn only when what it shows changed.

import { html, setText } from "./dom.js";
import { ballot, isMembershipChange } from "./format.js";
import { epoch as epochWords, epochs as allEpochs, names } from "./words-membership.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").EpochView} EpochView */

/** Slots shown: the last ones any server has. */
const SLOTS = 8;

export class LogTable {
  /**
   * @param {HTMLTableElement} table
   * @param {HTMLElement} list where every configuration is listed in words
   */
  constructor(table, list) {
    this.table = table;
    this.list = list;
    this.key = "";
  }

  /** @param {Snapshot} snap */
  update(snap) {
    const key = JSON.stringify([
      snap.epochs,
      snap.config.alpha,
      snap.nodes.map((n) => [n.name, n.up, n.replica?.role, n.replica?.membership, n.replica?.log, n.replica?.kv]),
    ]);
    if (key === this.key) return;
    this.key = key;
    const last = Math.max(-1, ...snap.nodes.flatMap((n) => n.replica?.log.map((e) => e.slot) ?? []));
    const first = Math.max(0, last - (SLOTS - 1));
    /** @type {number[]} */
    const slots = [];
    for (let s = first; s <= last; s++) slots.push(s);
    const epochs = snap.epochs ?? [];
    /** Which configuration governs slot `s` (an index into `epochs`). @param {number} s */
    const governing = (s) => epochs.findLastIndex((e) => e.fromSlot <= s);
    /** A slot that starts a new configuration gets a thick left border. @param {number} s */
    const edge = (s) => (s !== first && epochs.some((e) => e.fromSlot === s) ? " epoch-start" : "");
    const alpha = snap.config.alpha ?? 3;
    const head = html(
      "tr",
      {},
      html("th", { scope: "col" }, "server"),
      ...slots.map((s) => html("th", { scope: "col", class: edge(s).trim() }, `slot ${s}`)),
      html("th", { scope: "col" }, "store"),
    );
    const rows = snap.nodes.map((n) => {
      const r = n.replica;
      const cells = slots.map((s) => {
        const entry = r?.log.find((e) => e.slot === s);
        if (!entry) return html("td", { class: `is-empty${edge(s)}` }, "");
        const state = entry.result !== null ? "applied" : entry.chosen ? "chosen" : "accepted";
        const change = isMembershipChange(entry.command);
        const cls = `${entry.result !== null ? "is-chosen is-applied" : `is-${state}`}${change ? " is-config" : ""}${edge(s)}`;
        const effect = change ? `; a membership change: it governs the slots from ${s + alpha} on (α = ${alpha})` : "";
        const title = `slot ${s}: ${entry.command} (${state}${entry.ballot ? ` at ${ballot(snap, entry.ballot)}` : ""})${entry.result && !change ? ` → ${entry.result}` : ""}${effect}`;
        const short = entry.command.replace(/^#\d+ /, "");
        return html("td", { class: cls, title }, change ? `⚙ ${short}` : short);
      });
      const kv = r?.kv.map((p) => `${p.key}=${p.value}`).join(", ") || "(empty)";
      const marks = [r?.role === "leader" && n.up ? " ♛" : "", n.up ? "" : " (down)", r?.membership === "joining" ? " (joining)" : "", r?.membership === "removed" ? " (removed)" : ""].join("");
      return html(
        "tr",
        { class: [n.up ? "" : "down", r?.membership === "removed" ? "removed" : ""].join(" ").trim() },
        html("th", { scope: "row" }, `${n.name}${marks}`),
        ...cells,
        html("td", { class: "kv" }, kv),
      );
    });
    const band = epochs.length && slots.length ? [this.band(snap, slots, epochs, governing)] : [];
    this.table.replaceChildren(html("thead", {}, ...band, head), html("tbody", {}, ...rows));
    const words = allEpochs(snap);
    setText(this.list, words.length > 1 ? `Configurations: ${words.join(" · ")}.` : words.length ? `Configuration: ${words[0]}.` : "");
  }

  /**
   * The row naming the configuration of each run of slots in view.
   * @param {Snapshot} snap
   * @param {number[]} slots
   * @param {EpochView[]} epochs
   * @param {(slot: number) => number} governing
   */
  band(snap, slots, epochs, governing) {
    /** @type {HTMLTableCellElement[]} */
    const cells = [];
    let i = 0;
    while (i < slots.length) {
      const which = governing(slots[i]);
      let span = 1;
      while (i + span < slots.length && governing(slots[i + span]) === which) span++;
      const e = epochs[which];
      const text = e ? `${names(snap, e.members)} · ${e.majority} of ${e.members.length}` : "";
      const title = e ? `Servers that choose these slots: ${epochWords(snap, e, epochs[which + 1])}` : "";
      cells.push(html("th", { scope: "colgroup", colspan: String(span), class: `epoch epoch-${which % 2}${i ? " epoch-start" : ""}`, title }, text));
      i += span;
    }
    return html("tr", { class: "epochs" }, html("th", { scope: "row" }, "servers"), ...cells, html("th", {}, ""));
  }
}
