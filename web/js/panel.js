// @ts-check
// The side panel: the chosen value, the safety checks of the run's protocol (with the rule
// broken on purpose, livelock, a run in which nothing can be chosen any more, participants
// blocked in two-phase commit) and the event log. The inspector is inspector.js, the replicated
// log log-table.js, two-phase commit's cards two-phase-view.js (both come with the full engine:
// late.js). Each part redraws only when its own content changed.

import { html, setText, byId } from "./dom.js";
import * as fmt from "./format.js";
import * as events from "./format-events.js";
import * as words from "./words.js";
import { brokenRule } from "./catalogue.js";
import { late, twoPhaseWords } from "./late.js";
import { hidden } from "./filters.js";
import { termination } from "./termination.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */

/** Lines kept in the event log; older ones are dropped. */
const LOG_LINES = 400;

export class Panel {
  constructor() {
    this.chosen = byId("chosen", HTMLElement);
    this.chosenDetail = byId("chosen-detail", HTMLElement);
    this.learned = byId("learned", HTMLUListElement);
    this.checks = byId("checks", HTMLUListElement);
    this.violations = byId("violations", HTMLOListElement);
    this.log = byId("log", HTMLOListElement);
    this.liveness = byId("liveness", HTMLElement);
    this.brokenRule = byId("broken-rule", HTMLElement);
    this.banner = byId("livelock", HTMLElement);
    /** Multi-Paxos's replicated log, made at its first snapshot (late.js). @type {import("./log-table.js").LogTable | null} */
    this.logTable = null;
    /** Two-phase commit's cards, made at its first snapshot (late.js). @type {import("./two-phase-view.js").TwoPhaseView | null} */
    this.twoPhase = null;
    /** @type {Map<string, { row: HTMLLIElement, modes: string[] }>} */
    this.checkRows = new Map();
    for (const [rule, title, meaning, modes] of events.RULES) {
      const mark = html("span", { class: "mark", "aria-hidden": "true" }, "✓");
      const status = html("span", { class: "visually-hidden" }, "holds");
      const row = html("li", { class: "ok" }, mark, html("strong", {}, title), " ", meaning, status);
      row.dataset.rule = rule;
      this.checkRows.set(rule, { row, modes });
      this.checks.append(row);
    }
    // Liveness: not a rule that breaks at one step, but one that should come true.
    this.termination = html("li", { class: "liveness-rule" }, html("span", { class: "mark", "aria-hidden": "true" }, "◷"), html("strong", {}, "Termination"), " ", html("span", { class: "meaning" }, ""));
    this.termination.title = "Liveness: once messages get through and enough nodes are up, every live learner learns the chosen value. It can be late, never wrong; the tests check it comes true once faults stop.";
    this.checks.append(this.termination);
  }

  /** @param {Snapshot} snap */
  update(snap) {
    if (snap.config.mode === "multi") {
      this.updateSlots(snap);
      if (late.logTable) this.logTable ??= new late.logTable.LogTable(byId("log-table", HTMLTableElement), byId("epochs", HTMLElement));
      this.logTable?.update(snap);
      this.updateCounters(snap);
    } else if (snap.config.mode === "twoPhase" && late.twoPhase) {
      this.twoPhase ??= new late.twoPhase.TwoPhaseView();
      this.twoPhase.update(snap);
    } else {
      this.updateChosen(snap);
    }
    this.updateChecks(snap);
    this.updateLiveness(snap);
    this.twoPhase?.updateBanner(snap);
  }

  /**
   * The rule this run breaks on purpose, livelock (in the checks and as a banner over the
   * cluster), and a run in which no value can be chosen any more.
   * @param {Snapshot} snap
   */
  updateLiveness(snap) {
    const rule = brokenRule(snap.config.sabotage);
    setText(this.brokenRule, rule ? `This run breaks a rule on purpose: ${rule.label}.` : "");
    this.brokenRule.hidden = !rule;
    const livelock = words.livelock(snap);
    const stuck = snap.config.mode === "twoPhase" ? twoPhaseWords().blocked(snap).text : "";
    const problem = livelock ? `${livelock} ${words.LIVELOCK_CURE}` : stuck ? `${stuck} ${twoPhaseWords().BLOCKED_WHY}` : words.stuck(snap);
    setText(this.liveness, problem);
    this.liveness.hidden = !problem;
    setText(this.banner, livelock ? `⚠ ${livelock} Turn jitter on or use a distinguished proposer.` : "");
    this.banner.hidden = !livelock;
  }

  /**
   * Multi-Paxos: how many slots are chosen, the latest ones, and each replica's progress.
   * @param {Snapshot} snap
   */
  updateSlots(snap) {
    this.chosen.classList.remove("tx-summary");
    const slots = new Map(snap.chosen.map((c) => [c.slot, c]));
    const conflict = snap.chosen.some((c) => slots.get(c.slot)?.value !== c.value);
    setText(this.chosen, slots.size ? `${slots.size} slot${slots.size === 1 ? "" : "s"}` : "nothing yet");
    this.chosen.classList.toggle("none", slots.size === 0);
    this.chosen.classList.toggle("conflict", conflict);
    const latest = [...slots.values()].sort((a, b) => b.slot - a.slot)[0];
    const servers = snap.nodes.map((n) => n.id);
    const current = snap.epochs?.at(-1) ?? { majority: snap.majority, members: servers };
    setText(
      this.chosenDetail,
      latest
        ? `latest: slot ${latest.slot} ${fmt.quote(latest.value, 40)} at ballot ${fmt.ballot(snap, latest.ballot)} (step ${latest.step})`
        : `A slot is chosen once a majority (${current.majority} of ${current.members.length}) of its servers accept its command at one ballot.`,
    );
    const lines = snap.nodes.map((n) => {
      const r = n.replica;
      const kv = r?.kv.map((p) => `${p.key}=${p.value}`).join(", ");
      const where = r?.membership && r.membership !== "member" ? ` (${r.membership})` : "";
      return `${n.name}${where}: applied ${r?.applied ?? 0}${kv ? ` · ${kv}` : ""}`;
    });
    if (this.learned.children.length !== lines.length) {
      this.learned.replaceChildren(...lines.map(() => html("li")));
    }
    lines.forEach((line, i) => setText(this.learned.children[i], line));
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
    setText(byId("count-alive", HTMLElement), `${c.alive ?? 0}`);
    setText(byId("count-membership", HTMLElement), `${c.catchUp ?? 0}, ${c.membership ?? 0}`);
    setText(byId("count-committed", HTMLElement), `${committed}`);
    const servers = snap.epochs?.at(-1)?.members.length ?? snap.config.acceptors ?? 1;
    const perAcceptor = committed ? (c.accept + c.accepted) / committed / servers : 0;
    setText(
      byId("count-ratio", HTMLElement),
      committed
        ? `${perAcceptor.toFixed(1)} phase-2 messages per acceptor per committed slot. A stable leader needs 2 (accept, accepted); Basic Paxos needs 4 per value (prepare, promise, accept, accepted).`
        : "Submit commands to see the cost of each one.",
    );
  }

  /** @param {Snapshot} snap */
  updateChosen(snap) {
    this.chosen.classList.remove("tx-summary");
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
      atomicity: snap.checks.atomicity ?? true,
      commitValidity: snap.checks.commitValidity ?? true,
    };
    const mode = snap.config.mode ?? "basic";
    for (const [rule, { row, modes }] of this.checkRows) {
      const ok = holds[/** @type {keyof typeof holds} */ (rule)];
      row.className = ok ? "ok" : "broken";
      row.hidden = !modes.includes(mode);
      setText(/** @type {Element} */ (row.querySelector(".mark")), ok ? "✓" : "✗");
      setText(/** @type {Element} */ (row.querySelector(".visually-hidden")), ok ? " holds" : " broken");
    }
    const t = termination(snap);
    this.termination.className = `liveness-rule ${t.state}`;
    setText(/** @type {Element} */ (this.termination.querySelector(".mark")), { met: "✓", waiting: "◷", blocked: "!" }[t.state]);
    setText(/** @type {Element} */ (this.termination.querySelector(".meaning")), `${{ met: "met", waiting: "not yet", blocked: "stuck" }[t.state]}: ${t.text}`);
    const violations = snap.checks.violations;
    if (this.violations.children.length !== violations.length) {
      this.violations.replaceChildren(
        ...violations.map((v) => html("li", {}, events.violation(snap, v))),
      );
    }
  }

  /**
   * Adds a report to the top of the event log.
   * @param {Snapshot} snap the snapshot after the action
   * @param {Report} report
   */
  logReport(snap, report) {
    // Heartbeats and their answers, when the reader hides them: a step that did nothing else
    // leaves no line.
    const shown = report.events.filter((e) => !hidden(kindOf(e)));
    if (shown.length < report.events.length && shown.every((e) => e.type === "timerFired")) return;
    const sentences = events.events(snap, shown);
    const important = report.events.some((e) => ["chosen", "violation", "decided", "joined"].includes(e.type));
    const item = html(
      "li",
      { class: important ? "important" : "" },
      html("span", { class: "at" }, `${report.step} · t=${report.time}`),
      " ",
      html("strong", {}, events.action(snap, report.action)),
      " ",
      sentences.join("; ") || "nothing happened",
    );
    this.log.prepend(item);
    while (this.log.children.length > LOG_LINES) this.log.lastElementChild?.remove();
  }

  /**
   * Refills the event log from the history up to the cursor (its last LOG_LINES steps): a run
   * opened from a link or a trace was not played here, and its log would otherwise be empty.
   * @param {import("paxos-core").Simulation} sim
   * @param {Snapshot} snap the snapshot at the cursor (names every node the history made)
   */
  rebuildLog(sim, snap) {
    const cursor = sim.timeline().cursor;
    if (cursor === 0) return;
    const from = Math.max(0, cursor - LOG_LINES);
    if (from > 0) this.logNote(`(${from} earlier step${from === 1 ? "" : "s"} not shown)`);
    for (const report of sim.reports(from, cursor)) this.logReport(snap, report);
  }

  /** @param {string} text a line that is not an action (a reset, a new cluster) */
  logNote(text) {
    this.log.prepend(html("li", { class: "note" }, text));
  }

  clearLog() {
    this.log.replaceChildren();
  }
}

/**
 * The kind of message an event is about, if any.
 * @param {import("paxos-core").Event} e
 */
function kindOf(e) {
  if (e.type === "sent" || e.type === "lost") return e.kind;
  if (e.type === "delivered") return e.message.type;
  return null;
}
