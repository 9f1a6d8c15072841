// @ts-check
// The side panel: the chosen value, the safety checks, the event log and the inspector for the
// selected node or message. Each part redraws only when its own content changed.

import { html, setText, byId } from "./dom.js";
import * as fmt from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("./cluster-view.js").Selection} Selection */

/** Lines kept in the event log; older ones are dropped. */
const LOG_LINES = 400;

/**
 * What the inspector's buttons do.
 * @typedef {object} Actions
 * @property {(id: number) => void} deliver
 * @property {(id: number) => void} drop
 * @property {(id: number) => void} duplicate
 * @property {(node: number) => void} crash
 * @property {(node: number) => void} restart
 * @property {(node: number, value: string) => void} propose
 * @property {() => void} close
 */

export class Panel {
  /** @param {Actions} actions */
  constructor(actions) {
    this.actions = actions;
    this.chosen = byId("chosen", HTMLElement);
    this.chosenDetail = byId("chosen-detail", HTMLElement);
    this.learned = byId("learned", HTMLUListElement);
    this.checks = byId("checks", HTMLUListElement);
    this.violations = byId("violations", HTMLOListElement);
    this.log = byId("log", HTMLOListElement);
    this.inspector = byId("inspector", HTMLElement);
    this.inspectorKey = "";
    this.logTable = byId("log-table", HTMLTableElement);
    this.logTableKey = "";
    /** @type {Map<string, HTMLLIElement>} */
    this.checkRows = new Map();
    for (const [rule, title, meaning] of fmt.RULES) {
      const mark = html("span", { class: "mark", "aria-hidden": "true" }, "✓");
      const status = html("span", { class: "visually-hidden" }, "holds");
      const row = html("li", { class: "ok" }, mark, html("strong", {}, title), " ", meaning, status);
      row.dataset.rule = rule;
      if (fmt.MULTI_RULES.has(rule)) row.dataset.multi = "true";
      this.checkRows.set(rule, row);
      this.checks.append(row);
    }
  }

  /** @param {Snapshot} snap */
  update(snap) {
    if (snap.config.mode === "multi") {
      this.updateSlots(snap);
      this.updateLogTable(snap);
      this.updateCounters(snap);
    } else {
      this.updateChosen(snap);
    }
    this.updateChecks(snap);
  }

  /**
   * Multi-Paxos: how many slots are chosen, the latest ones, and each replica's progress.
   * @param {Snapshot} snap
   */
  updateSlots(snap) {
    const slots = new Map(snap.chosen.map((c) => [c.slot, c]));
    const conflict = snap.chosen.some((c) => slots.get(c.slot)?.value !== c.value);
    setText(this.chosen, slots.size ? `${slots.size} slot${slots.size === 1 ? "" : "s"}` : "nothing yet");
    this.chosen.classList.toggle("none", slots.size === 0);
    this.chosen.classList.toggle("conflict", conflict);
    const latest = [...slots.values()].sort((a, b) => b.slot - a.slot)[0];
    setText(
      this.chosenDetail,
      latest
        ? `latest: slot ${latest.slot} ${fmt.quote(latest.value, 40)} at ballot ${fmt.ballot(snap, latest.ballot)} (step ${latest.step})`
        : `A slot is chosen once a majority (${snap.majority} of ${snap.config.acceptors}) of servers accept its command at one ballot.`,
    );
    const lines = snap.nodes.map((n) => {
      const r = n.replica;
      const kv = r?.kv.map((p) => `${p.key}=${p.value}`).join(", ");
      return `${n.name}: applied ${r?.applied ?? 0}${kv ? ` · ${kv}` : ""}`;
    });
    if (this.learned.children.length !== lines.length) {
      this.learned.replaceChildren(...lines.map(() => html("li")));
    }
    lines.forEach((line, i) => setText(this.learned.children[i], line));
  }

  /**
   * Multi-Paxos: every replica's last log slots (accepted, chosen, applied) and its store.
   * @param {Snapshot} snap
   */
  updateLogTable(snap) {
    const key = JSON.stringify(snap.nodes.map((n) => [n.up, n.replica?.log, n.replica?.kv]));
    if (key === this.logTableKey) return;
    this.logTableKey = key;
    const last = Math.max(-1, ...snap.nodes.flatMap((n) => n.replica?.log.map((e) => e.slot) ?? []));
    const first = Math.max(0, last - 7);
    /** @type {number[]} */
    const slots = [];
    for (let s = first; s <= last; s++) slots.push(s);
    const head = html(
      "tr",
      {},
      html("th", { scope: "col" }, "server"),
      ...slots.map((s) => html("th", { scope: "col" }, `slot ${s}`)),
      html("th", { scope: "col" }, "store"),
    );
    const rows = snap.nodes.map((n) => {
      const r = n.replica;
      const cells = slots.map((s) => {
        const entry = r?.log.find((e) => e.slot === s);
        if (!entry) return html("td", { class: "is-empty" }, "");
        const state = entry.result !== null ? "applied" : entry.chosen ? "chosen" : "accepted";
        const cls = entry.result !== null ? "is-chosen is-applied" : `is-${state}`;
        const title = `slot ${s}: ${entry.command} (${state}${entry.ballot ? ` at ${fmt.ballot(snap, entry.ballot)}` : ""})${entry.result ? ` → ${entry.result}` : ""}`;
        const short = entry.command.replace(/^#\d+ /, "");
        return html("td", { class: cls, title }, short);
      });
      const kv = r?.kv.map((p) => `${p.key}=${p.value}`).join(", ") || "(empty)";
      const leader = r?.role === "leader" ? " ♛" : "";
      return html(
        "tr",
        { class: n.up ? "" : "down" },
        html("th", { scope: "row" }, `${n.name}${leader}${n.up ? "" : " (down)"}`),
        ...cells,
        html("td", { class: "kv" }, kv),
      );
    });
    this.logTable.replaceChildren(html("thead", {}, head), html("tbody", {}, ...rows));
  }

  /**
   * Multi-Paxos: messages per phase, and phase-2 messages per committed command.
   * @param {Snapshot} snap
   */
  updateCounters(snap) {
    const c = snap.counters;
    const committed = Math.max(0, ...snap.nodes.map((n) => n.replica?.applied ?? 0));
    setText(byId("count-phase1", HTMLElement), `${c.prepare + c.promise}`);
    setText(byId("count-phase2", HTMLElement), `${c.accept + c.accepted}`);
    setText(byId("count-heartbeat", HTMLElement), `${c.heartbeat}`);
    setText(byId("count-other", HTMLElement), `${c.forward}, ${c.missing}, ${c.reject}`);
    setText(byId("count-committed", HTMLElement), `${committed}`);
    const perAcceptor = committed ? (c.accept + c.accepted) / committed / (snap.config.acceptors ?? 1) : 0;
    setText(
      byId("count-ratio", HTMLElement),
      committed
        ? `${perAcceptor.toFixed(1)} phase-2 messages per acceptor per committed slot. A stable leader needs 2 (accept, accepted); Basic Paxos needs 4 per value (prepare, promise, accept, accepted).`
        : "Submit commands to see the cost of each one.",
    );
  }

  /** @param {Snapshot} snap */
  updateChosen(snap) {
    const values = [...new Set(snap.chosen.map((c) => c.value))];
    const first = snap.chosen[0];
    setText(this.chosen, values.length ? values.join("  ≠  ") : "nothing yet");
    this.chosen.classList.toggle("none", values.length === 0);
    this.chosen.classList.toggle("conflict", values.length > 1);
    setText(
      this.chosenDetail,
      first
        ? `at ballot ${fmt.ballot(snap, first.ballot)}, accepted by ${first.acceptors.map((a) => fmt.nodeName(snap, a)).join(", ")} (step ${first.step})`
        : `A value is chosen once a majority (${snap.majority} of ${snap.config.acceptors}) of acceptors accept it at one ballot.`,
    );
    const learners = snap.nodes.filter((n) => n.learner);
    const lines = learners.map((n) => {
      const learned = n.learner?.learned;
      return `${n.name}: ${learned ? `learned ${fmt.quote(learned.value, 40)}` : "has learned nothing"}`;
    });
    if (this.learned.children.length !== lines.length) {
      this.learned.replaceChildren(...lines.map(() => html("li")));
    }
    lines.forEach((line, i) => setText(this.learned.children[i], line));
  }

  /** @param {Snapshot} snap */
  updateChecks(snap) {
    const holds = {
      agreement: snap.checks.agreement,
      validity: snap.checks.validity,
      integrity: snap.checks.integrity,
      promiseMonotonicity: snap.checks.promiseMonotonicity,
      logPrefix: snap.checks.logPrefix,
      appliedOnce: snap.checks.appliedOnce,
    };
    for (const [rule, row] of this.checkRows) {
      const ok = holds[/** @type {keyof typeof holds} */ (rule)];
      row.className = `${ok ? "ok" : "broken"}${row.dataset.multi ? " multi-only" : ""}`;
      setText(/** @type {Element} */ (row.querySelector(".mark")), ok ? "✓" : "✗");
      setText(/** @type {Element} */ (row.querySelector(".visually-hidden")), ok ? " holds" : " broken");
    }
    const violations = snap.checks.violations;
    if (this.violations.children.length !== violations.length) {
      this.violations.replaceChildren(
        ...violations.map((v) => html("li", {}, fmt.violation(snap, v))),
      );
    }
  }

  /**
   * Adds a report to the top of the event log.
   * @param {Snapshot} snap the snapshot after the action
   * @param {Report} report
   */
  logReport(snap, report) {
    const sentences = fmt.events(snap, report.events);
    const important = report.events.some((e) => e.type === "chosen" || e.type === "violation");
    const item = html(
      "li",
      { class: important ? "important" : "" },
      html("span", { class: "at" }, `${report.step} · t=${report.time}`),
      " ",
      html("strong", {}, fmt.action(snap, report.action)),
      " ",
      sentences.join("; ") || "nothing happened",
    );
    this.log.prepend(item);
    while (this.log.children.length > LOG_LINES) this.log.lastElementChild?.remove();
  }

  /** @param {string} text a line that is not an action (a reset, a new cluster) */
  logNote(text) {
    this.log.prepend(html("li", { class: "note" }, text));
  }

  clearLog() {
    this.log.replaceChildren();
  }

  /**
   * Shows the selected node or message with what can be done to it.
   * @param {Snapshot} snap
   * @param {Selection | null} selection
   * @returns {boolean} whether the selection still exists
   */
  inspect(snap, selection) {
    if (!selection) {
      this.showInspector("", []);
      return false;
    }
    if (selection.kind === "message") {
      const e = snap.messages.find((m) => m.id === selection.id);
      if (!e) {
        this.showInspector("", []);
        return false;
      }
      const key = `m${e.id}`;
      if (key === this.inspectorKey) return true;
      this.showInspector(key, [
        html("h2", { id: "inspector-title" }, `Message #${e.id}: ${e.kind}`),
        html("p", { class: "detail" }, fmt.message(snap, e.message, 64)),
        html("p", {}, `${fmt.nodeName(snap, e.from)} → ${fmt.nodeName(snap, e.to)} · sent t=${e.sentAt} · due t=${e.dueAt}`),
        html(
          "div",
          { class: "buttons" },
          this.button("Deliver", "D", () => this.actions.deliver(e.id)),
          this.button("Drop", "X", () => this.actions.drop(e.id)),
          this.button("Duplicate", "C", () => this.actions.duplicate(e.id)),
        ),
      ]);
      return true;
    }
    const node = snap.nodes[selection.id];
    if (!node) {
      this.showInspector("", []);
      return false;
    }
    const state = [
      node.replica && `Replica: ${fmt.replicaState(node.replica, snap).join("; ")}; promised ${fmt.ballot(snap, node.replica.promised)} (on disk)`,
      node.replica && node.replica.kv.length > 0 && `Store: ${node.replica.kv.map((p) => `${p.key}=${p.value}`).join(", ")} (on disk)`,
      node.replica && node.replica.pending.length > 0 && `Waiting for the leader: ${node.replica.pending.join(", ")}`,
      node.proposer && `Proposer: ${fmt.proposerState(snap, node.proposer).filter(Boolean).join(", ")}${node.proposer.clientValue ? `, client asked for ${fmt.quote(node.proposer.clientValue, 64)}` : ""}; highest round issued ${node.proposer.lastRound} (on disk)`,
      node.acceptor && (() => {
        const { promised, accepted } = fmt.acceptorState(snap, node.acceptor);
        return `Acceptor: ${promised}; ${accepted} (both on disk)`;
      })(),
      node.learner && `Learner: ${fmt.learnerState(node.learner, snap.majority)}`,
    ].filter(Boolean);
    const key = `n${node.id}|${node.up}|${state.join("|")}`;
    if (key === this.inspectorKey) return true;
    const toggle = node.up
      ? this.button("Crash", "K", () => this.actions.crash(node.id))
      : this.button("Restart", "K", () => this.actions.restart(node.id));
    /** @type {Node[]} */
    const content = [
      html("h2", { id: "inspector-title" }, `${node.name}${node.up ? "" : " (crashed)"}`),
      html("p", { class: "roles" }, fmt.roles(node)),
      html("ul", {}, ...state.map((line) => html("li", {}, String(line)))),
      html("div", { class: "buttons" }, toggle),
    ];
    if (node.proposer) {
      const input = html("input", { name: "value", maxlength: "64", autocomplete: "off", "aria-label": `Value for ${node.name} to propose`, placeholder: "value" });
      input.value = "blue";
      const form = html("form", { class: "inline-propose" }, input, html("button", { type: "submit" }, `Propose from ${node.name}`));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.actions.propose(node.id, input.value);
      });
      content.push(form);
    }
    this.showInspector(key, content);
    return true;
  }

  /**
   * @param {string} key
   * @param {Node[]} content
   */
  showInspector(key, content) {
    if (key === this.inspectorKey) return;
    this.inspectorKey = key;
    const hadFocus = this.inspector.contains(document.activeElement);
    const close = html("button", { type: "button", class: "close", "aria-label": "Close (Escape)" }, "×");
    close.addEventListener("click", () => this.actions.close());
    this.inspector.replaceChildren(...(content.length ? [close, ...content] : []));
    this.inspector.hidden = content.length === 0;
    const first = this.inspector.querySelector("button:not(.close), input");
    if (hadFocus && first instanceof HTMLElement) first.focus();
  }

  /**
   * @param {string} label
   * @param {string} key
   * @param {() => void} run
   */
  button(label, key, run) {
    const b = html("button", { type: "button", "aria-keyshortcuts": key }, `${label} `, html("kbd", {}, key));
    b.addEventListener("click", run);
    return b;
  }
}
