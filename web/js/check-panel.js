// @ts-check
// The Check panel: a model check of the current cluster in a Web Worker (check-worker.js, made
// on the first Run: only then is the checker's wasm fetched), with its bounds and search order,
// live progress, Cancel (the worker is terminated at once), the verdict on every property, and
// for each counterexample or example a View trace button that opens its path in the timeline,
// at its last step, with the steps in words. The run it replaces can be brought back. The
// panel's body (check-markup.js) is made with it, when it is first opened.

import { byId, html, setText, wholeNumber, errorText } from "./dom.js";
import { describe } from "./settings.js";
import { checkMarkup } from "./check-markup.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Trace} Trace */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("paxos-core").Simulation} Simulation */
/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./controller.js").Origin} Origin */

/**
 * The checker's progress (paxos-check's `Check.progress()`).
 * @typedef {{ generated: number, unique: number, depth: number, frontier: number, outside: number, complete: boolean, truncated: boolean, indexBytes: number, done: boolean }} Progress
 */
/**
 * A path found for a property: its steps in words, and as a simulator trace.
 * @typedef {{ length: number, steps: string[], detail?: string, shortenedFrom?: number, trace: Trace }} FoundPath
 */
/**
 * The verdict on one property.
 * @typedef {{ name: string, expect: "always" | "sometimes", description: string, holds: boolean, verdict: string, path?: FoundPath }} Verdict
 */
/**
 * A check's report (paxos-check's `Check.report()`).
 * @typedef {{ complete: boolean, counts: Progress, order: string, properties: Verdict[] }} Report
 */
/**
 * What the worker posts.
 * @typedef {{ type: "progress", progress: Progress, elapsed: number } | { type: "done", report: Report, progress: Progress, elapsed: number } | { type: "error", message: string }} WorkerMessage
 */

/** Each bound: its field in the checker's bounds, its input, its name in errors, its largest value. */
const BOUNDS = /** @type {const} */ ([
  ["maxDrops", "check-max-drops", "Drops", 8],
  ["maxDuplicates", "check-max-duplicates", "Duplicates", 8],
  ["maxCrashes", "check-max-crashes", "Crashes", 8],
  ["maxRounds", "check-max-rounds", "Rounds", 8],
  ["maxTimeouts", "check-max-timeouts", "Time-outs", 8],
  ["requests", "check-requests", "Requests", 5],
  ["maxInFlight", "check-max-in-flight", "In flight", 64],
  ["maxStates", "check-max-states", "Max states", 1e9],
]);

/** The properties' names in words (the checker's own names are camel case). */
const NAMES = /** @type {Record<string, string>} */ ({
  agreement: "Agreement",
  validity: "Validity",
  integrity: "Integrity",
  promiseMonotonicity: "Promises",
  progress: "Progress (liveness)",
  logPrefix: "Log prefix",
  appliedOnce: "Applied once",
  atomicity: "Atomicity",
  commitValidity: "Commit validity",
  valueChosen: "A value chosen",
  twoInPhase2: "Two proposers in phase 2",
  allLearned: "All learned",
  commandApplied: "A command applied",
  noopSlot: "A no-op slot",
  laterLeader: "A leader change",
  committed: "A commit",
  blocked: "Blocked",
});

/** @param {number} n */
const count = (n) => n.toLocaleString("en");

/** @param {number} n @param {string} what */
const plural = (n, what) => `${count(n)} ${what}${n === 1 ? "" : "s"}`;

/** "✓ holds", "✗ violated", "reachable"… @param {Verdict} v */
function verdictText(v) {
  if (v.expect === "always") return `${v.holds ? "✓" : "✗"} ${v.verdict}`;
  return v.verdict;
}

export class CheckPanel {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   * @param {{ leaveLesson: () => void }} page
   */
  constructor(controller, engine, page) {
    this.controller = controller;
    this.engine = engine;
    this.page = page;
    byId("check-box", HTMLDetailsElement).append(...checkMarkup());
    this.ui = {
      box: byId("check-box", HTMLDetailsElement),
      summary: byId("check-summary", HTMLElement),
      config: byId("check-config", HTMLElement),
      form: byId("check-form", HTMLFormElement),
      run: byId("check-run", HTMLButtonElement),
      cancel: byId("check-cancel", HTMLButtonElement),
      back: byId("check-back", HTMLButtonElement),
      progress: byId("check-progress", HTMLElement),
      bar: byId("check-bar", HTMLProgressElement),
      progressText: byId("check-progress-text", HTMLElement),
      error: byId("check-error", HTMLElement),
      results: byId("check-results", HTMLElement),
      outcome: byId("check-outcome", HTMLElement),
      rows: byId("check-rows", HTMLTableSectionElement),
      path: byId("check-path", HTMLElement),
      pathTitle: byId("check-path-title", HTMLElement),
      pathDetail: byId("check-path-detail", HTMLElement),
      steps: byId("check-steps", HTMLOListElement),
    };
    /** @type {Worker | null} made on the first Run */
    this.worker = null;
    /** The check running: its bounds, and its last progress. @type {{ maxStates: number, progress: Progress | null } | null} */
    this.running = null;
    /** The run a View trace replaced, to go back to. @type {{ trace: Trace, origin: Origin | null, step: number } | null} */
    this.previous = null;
    /** The simulation a View trace opened, while it is the page's. @type {Simulation | null} */
    this.viewed = null;
    this.ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run();
    });
    this.ui.cancel.addEventListener("click", () => this.cancel());
    this.ui.back.addEventListener("click", () => this.back());
    this.ui.box.addEventListener("toggle", () => this.ui.box.open && this.update(controller.snapshot));
  }

  /** The configuration line, and whether a trace the panel opened is still the page's run. @param {Snapshot} snap */
  update(snap) {
    if (this.viewed && this.controller.sim !== this.viewed) this.forgetViewed();
    if (this.viewed) this.markCursor(snap.step);
    if (!this.ui.box.open) return;
    setText(this.ui.config, `It checks the current cluster: ${describe(snap, false)}. Change it in Cluster settings, above.`);
  }

  /**
   * The bounds in the form, or an error naming the field.
   * @returns {{ counts: Record<string, number>, symmetry: boolean }}
   */
  bounds() {
    /** @type {Record<string, number>} */
    const counts = {};
    for (const [field, id, label, max] of BOUNDS) counts[field] = wholeNumber(byId(id, HTMLInputElement), label, max);
    // A reduction, not a bound: offered for Basic Paxos and two-phase commit (Multi-Paxos's
    // ballots name servers, so its servers are never interchangeable).
    const symmetry = this.controller.snapshot.config.mode !== "multi" && byId("check-symmetry", HTMLInputElement).checked;
    return { counts, symmetry };
  }

  run() {
    const { ui } = this;
    if (this.running) return;
    let bounds, symmetry;
    try {
      ({ counts: bounds, symmetry } = this.bounds());
    } catch (err) {
      this.fail(errorText(err));
      return;
    }
    const order = new FormData(ui.form).get("order") === "depthFirst" ? "depthFirst" : "breadthFirst";
    this.worker ??= this.makeWorker();
    this.running = { maxStates: bounds.maxStates, progress: null };
    ui.error.hidden = true;
    ui.results.hidden = true;
    ui.run.disabled = true;
    ui.cancel.disabled = false;
    ui.progress.hidden = false;
    ui.bar.hidden = false;
    if (bounds.maxStates > 0) ui.bar.max = bounds.maxStates;
    else ui.bar.removeAttribute("value");
    setText(ui.progressText, "Starting the model checker…");
    setText(ui.summary, "running…");
    this.worker.postMessage({ type: "run", config: this.controller.snapshot.config, bounds: { ...bounds, symmetry }, order });
  }

  makeWorker() {
    const worker = new Worker(new URL("./check-worker.js", import.meta.url), { type: "module" });
    worker.addEventListener("message", (event) => this.received(/** @type {WorkerMessage} */ (event.data)));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.stopWorker();
      this.fail(`The model checker could not run${event.message ? `: ${event.message}` : "."}`);
    });
    return worker;
  }

  stopWorker() {
    this.worker?.terminate();
    this.worker = null;
  }

  /** Stops the check now: the worker is terminated mid-slice. */
  cancel() {
    if (!this.running) return;
    const states = this.running.progress?.unique ?? 0;
    this.stopWorker();
    this.idle();
    setText(this.ui.progressText, `Cancelled after ${plural(states, "state")}.`);
    setText(this.ui.summary, "cancelled");
    this.controller.notices.announce(`Model check cancelled after ${plural(states, "state")}.`);
  }

  /** No check running: Run is back, the bar stops. */
  idle() {
    this.running = null;
    this.ui.run.disabled = false;
    this.ui.cancel.disabled = true;
    this.ui.bar.hidden = true;
  }

  /** @param {string} text */
  fail(text) {
    this.idle();
    this.ui.progress.hidden = true;
    setText(this.ui.error, text);
    this.ui.error.hidden = false;
    setText(this.ui.summary, "refused");
  }

  /** @param {WorkerMessage} data */
  received(data) {
    if (!this.running) return;
    if (data.type === "error") return this.fail(data.message);
    this.running.progress = data.progress;
    this.showProgress(data.progress, data.elapsed);
    if (data.type === "done") this.done(data.report, data.elapsed);
  }

  /** @param {Progress} p @param {number} elapsed milliseconds */
  showProgress(p, elapsed) {
    const rate = elapsed > 0 ? Math.round((p.unique / elapsed) * 1000) : 0;
    const text = `${plural(p.unique, "unique state")} · depth ${p.depth} · ${count(rate)} states/s · frontier ${count(p.frontier)}`;
    setText(this.ui.progressText, text);
    if (this.running && this.running.maxStates > 0) this.ui.bar.value = Math.min(p.unique, this.running.maxStates);
    if (!p.done) setText(this.ui.summary, `running: ${plural(p.unique, "state")}`);
  }

  /** @param {Report} report @param {number} elapsed */
  done(report, elapsed) {
    const { ui } = this;
    this.idle();
    const c = report.counts;
    const seconds = (elapsed / 1000).toFixed(1);
    const broken = report.properties.filter((p) => p.expect === "always" && !p.holds);
    const scope = report.complete
      ? `Complete: every one of the ${plural(c.unique, "state")} within the bounds was visited, in ${seconds} s, up to ${plural(c.depth, "step")} deep.`
      : `Stopped at the limit of ${plural(c.unique, "state")} (${seconds} s): “so far” is not a proof; raise Max states, or lower the other bounds.`;
    const verdict = broken.length
      ? ` ${broken.map((p) => NAMES[p.name] ?? p.name).join(", ")} ${broken.length === 1 ? "is" : "are"} violated: View trace shows ${report.order === "breadthFirst" ? "a shortest path to it." : "a path to it found depth-first (shortened where steps could be left out), not necessarily a shortest one."}`
      : report.complete
        ? " Every safety rule holds in every one of them."
        : "";
    setText(ui.outcome, scope + verdict);
    ui.rows.replaceChildren(...report.properties.map((p) => this.row(p)));
    ui.results.hidden = false;
    setText(ui.summary, broken.length ? `${broken.length} violated` : report.complete ? "every rule holds" : "stopped at the state limit");
    this.controller.notices.announce(`Model check done. ${verdict || scope}`);
  }

  /** One property's row. @param {Verdict} p */
  row(p) {
    const name = html("td", {}, html("strong", {}, NAMES[p.name] ?? p.name), html("br"), html("small", {}, p.description));
    const failed = p.expect === "always" && !p.holds;
    const verdict = html("td", { class: failed ? "bad" : p.holds ? "good" : "" }, verdictText(p));
    const path = html("td");
    if (p.path) {
      const button = html("button", { type: "button", "aria-label": `View trace: ${p.path.length} steps to ${failed ? `the ${NAMES[p.name] ?? p.name} violation` : `an example: ${p.description}`}` }, "View trace");
      button.addEventListener("click", () => this.view(p));
      const shortened = p.path.shortenedFrom ? ` (shortened from ${p.path.shortenedFrom})` : "";
      path.append(`${plural(p.path.length, "step")}${shortened} `, button);
    } else {
      path.append("—");
    }
    const tr = html("tr", {}, name, html("td", {}, p.expect), verdict, path);
    tr.dataset.property = p.name;
    return tr;
  }

  /**
   * Opens a property's path in the timeline, at its last step, in place of the current run
   * (which Back to the run you had brings back). Traces open in the full engine, fetched the
   * first time (engine.js).
   * @param {Verdict} p
   */
  async view(p) {
    const found = p.path;
    if (!found) return;
    let next;
    try {
      const { Simulation } = await this.engine.extras();
      next = Simulation.fromTrace(found.trace);
    } catch (err) {
      this.fail(`The trace did not open: ${errorText(err)} The current run is unchanged.`);
      return;
    }
    const controller = this.controller;
    this.page.leaveLesson();
    // A second trace viewed: Back still returns to the run from before the first.
    if (!this.viewed || controller.sim !== this.viewed) {
      this.previous = { trace: controller.sim.trace(), origin: controller.made, step: controller.snapshot.step };
    }
    // Set first: the render that replace() does must see the trace as the panel's own.
    this.viewed = next;
    const title = NAMES[p.name] ?? p.name;
    const failed = p.expect === "always" && !p.holds;
    controller.replace(
      next,
      `Opened the model check's ${failed ? `counterexample to ${title}` : `example: ${p.description}`}: ${plural(found.length, "step")}, at the last one. “Back to the run you had” (Model check panel) returns to your run.`,
    );
    const { ui } = this;
    setText(ui.pathTitle, failed ? `How ${title} breaks, step by step` : `How ${p.description}, step by step`);
    setText(ui.pathDetail, failed && found.detail ? `At the last step: ${found.detail}.` : `The path the check found: ${plural(found.length, "step")}.`);
    ui.steps.replaceChildren(
      ...found.steps.map((words, i) => {
        const step = i + 1;
        const last = step === found.steps.length;
        const go = html("button", { type: "button", class: "link" }, words);
        go.dataset.step = String(step);
        go.addEventListener("click", () => this.goTo(step));
        const item = html("li", {}, go);
        if (last) item.append(html("span", { class: failed ? "bad" : "good" }, failed ? " ✗ the rule breaks here" : " ◆ reached here"));
        return item;
      }),
    );
    ui.path.hidden = false;
    ui.back.hidden = false;
    this.markCursor(found.length);
    // The cluster, at the step the path ends (the steps stay listed here, below it).
    document.getElementById("cluster")?.scrollIntoView({ block: "nearest" });
  }

  /** Goes to a step of the viewed path. @param {number} step */
  goTo(step) {
    if (!this.viewed || this.controller.sim !== this.viewed) return;
    if (this.controller.attempt((sim) => sim.seek(step))) this.controller.render(null, true);
  }

  /** Marks the path's step at the cursor. @param {number} step */
  markCursor(step) {
    for (const button of this.ui.steps.querySelectorAll("button")) {
      if (button.dataset.step === String(step)) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    }
  }

  /** The page's run is not the viewed trace any more: its path and Back go. */
  forgetViewed() {
    this.viewed = null;
    this.previous = null;
    this.ui.path.hidden = true;
    this.ui.back.hidden = true;
  }

  /** Puts back the run a View trace replaced, at the step it was at. */
  async back() {
    const previous = this.previous;
    if (!previous) return;
    let sim;
    try {
      const { Simulation } = await this.engine.extras();
      sim = Simulation.fromTrace(previous.trace);
    } catch (err) {
      this.fail(`Your run did not open again: ${errorText(err)}`);
      return;
    }
    this.forgetViewed();
    this.controller.replace(sim, `Back to the run you had, at step ${previous.step}.`, previous.origin);
  }
}
