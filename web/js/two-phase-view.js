// @ts-check
// Two-phase commit in the panel and over the cluster: the transactions card (what the
// coordinator decided, where each participant stands), the messages sent per kind, and the
// banner that says who is blocked while the coordinator is down.

import { html, setText, byId } from "./dom.js";
import * as tx from "./words-twophase.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */

export class TwoPhaseView {
  constructor() {
    this.ui = {
      summary: byId("chosen", HTMLElement),
      detail: byId("chosen-detail", HTMLElement),
      nodes: byId("learned", HTMLUListElement),
      banner: byId("blocked", HTMLElement),
    };
  }

  /** @param {Snapshot} snap */
  update(snap) {
    const ui = this.ui;
    const summary = tx.summary(snap);
    setText(ui.summary, summary || "no transaction yet");
    ui.summary.classList.toggle("none", !summary);
    ui.summary.classList.remove("conflict");
    ui.summary.classList.add("tx-summary");
    const participants = snap.nodes.filter((n) => n.participant).length;
    setText(
      ui.detail,
      `A transaction commits only if all ${participants} participants vote yes; one no, or votes that take longer than the vote timeout, abort it. Begin one in the Client card (or press V).`,
    );
    const lines = snap.nodes.map((n) => {
      const txs = n.coordinator?.transactions ?? n.participant?.transactions ?? [];
      const last = txs.at(-1);
      const state = last ? (n.coordinator ? tx.coordinatorTx(last, participants) : tx.participantTx(last)) : "no transaction yet";
      return `${n.name}${n.up ? "" : " (down)"}: ${state}`;
    });
    if (ui.nodes.children.length !== lines.length) ui.nodes.replaceChildren(...lines.map(() => html("li")));
    lines.forEach((line, i) => setText(ui.nodes.children[i], line));
    this.updateCounters(snap);
  }

  /** The blocked banner over the cluster; hidden outside two-phase commit. @param {Snapshot} snap */
  updateBanner(snap) {
    const { text } = snap.config.mode === "twoPhase" ? tx.blocked(snap) : { text: "" };
    setText(this.ui.banner, text ? `⚠ ${text}` : "");
    this.ui.banner.hidden = !text;
  }

  /** Messages per kind, and per transaction. @param {Snapshot} snap */
  updateCounters(snap) {
    const c = snap.counters;
    const set = (/** @type {string} */ id, /** @type {number | undefined} */ n) => setText(byId(id, HTMLElement), String(n ?? 0));
    set("count-tx-prepare", c.prepare);
    set("count-vote", c.vote);
    set("count-decision", c.decision);
    set("count-ack", c.ack);
    set("count-query", c.query);
    set("count-transactions", c.transactions);
    const participants = snap.nodes.filter((n) => n.participant).length;
    setText(
      byId("count-tx-ratio", HTMLElement),
      c.transactions
        ? `${((c.prepare + (c.vote ?? 0) + (c.decision ?? 0) + (c.ack ?? 0)) / c.transactions).toFixed(1)} messages per transaction; with no failure it takes 4 per participant (prepare, vote, decision, ack): ${4 * participants}.`
        : "Begin a transaction to see what it costs.",
    );
  }
}
