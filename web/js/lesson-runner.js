// @ts-check
// The lesson runner: an open lesson's box above the cluster (the picker is lessons.js's, which
// loads this script with the full engine when a lesson is first started; the box's markup is
// lesson-box.js's, made with the runner): its caption, the expectations of the step as ticks, a "your turn" task with its
// goal checked after every action and hints on request, Previous / Next, and "Leave the lesson
// here" (the run goes on as a free run from the current state). Each step is rebuilt by the
// simulator from the lesson (Simulation.fromLesson), so a step looks the same however the
// student got there; the address is #lesson=ID&step=K (1-based), and opens the same step.
//
// Format version 2 adds two kinds of step. A step with `choices` offers other lessons, each a
// button. A step with a `check` has "Find it with the checker": the lesson's cluster is checked
// in the model checker's worker (fetched only then) within the step's bounds, breadth-first and
// stopping at the first broken rule, and the shortest path it finds replaces the run at step 0.
// The student then walks it with Step and Back (which follow the path instead of leaving it),
// or by clicking a step of the path, and the step's goal is ticked at its end.

import { byId, html, setText, errorText } from "./dom.js";
import { caption } from "./lesson-markup.js";
import { lessonBox } from "./lesson-box.js";
import { expectation } from "./lesson-words.js";
import { CheckClient } from "./check-client.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Lesson} Lesson */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */
/** @typedef {import("paxos-core").Simulation} Simulation */
/** @typedef {import("./check-panel.js").FoundPath} FoundPath */
/** @typedef {import("./check-panel.js").Progress} Progress */

/** @param {number} n */
const count = (n) => n.toLocaleString("en");
/** @param {number} n @param {string} what */
const plural = (n, what) => `${count(n)} ${what}${n === 1 ? "" : "s"}`;
/** The checker's names of the rules, in words. */
const RULES = /** @type {Record<string, string>} */ ({
  agreement: "Agreement",
  validity: "Validity",
  integrity: "Integrity",
  promiseMonotonicity: "Promise monotonicity",
  logPrefix: "Log prefix",
  appliedOnce: "Applied once",
  atomicity: "Atomicity",
  commitValidity: "Commit validity",
});

export class LessonRunner {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   * @param {ClusterView} view
   */
  constructor(controller, engine, view) {
    this.controller = controller;
    this.engine = engine;
    this.view = view;
    /** Every lesson, read once (the runner is made once the full engine is in: lessons.js). @type {Lesson[] | null} */
    this.all = null;
    /** The open lesson and step (0-based), or null. @type {{ lesson: Lesson, step: number } | null} */
    this.open = null;
    /** Hints shown so far for the current task. */
    this.hints = 0;
    byId("lesson", HTMLElement).replaceChildren(...lessonBox());
    this.ui = {
      picker: byId("lesson-pick", HTMLSelectElement),
      box: byId("lesson", HTMLElement),
      title: byId("lesson-title", HTMLElement),
      progress: byId("lesson-progress", HTMLElement),
      caption: byId("lesson-caption", HTMLElement),
      expect: byId("lesson-expect", HTMLUListElement),
      task: byId("lesson-task", HTMLElement),
      prompt: byId("lesson-prompt", HTMLElement),
      goal: byId("lesson-goal", HTMLUListElement),
      done: byId("lesson-done", HTMLElement),
      hint: byId("lesson-hint", HTMLButtonElement),
      hintList: byId("lesson-hints", HTMLOListElement),
      prev: byId("lesson-prev", HTMLButtonElement),
      next: byId("lesson-next", HTMLButtonElement),
      leave: byId("lesson-leave", HTMLButtonElement),
      openLink: byId("lesson-open", HTMLAnchorElement),
      choices: byId("lesson-choices", HTMLElement),
      check: byId("lesson-check", HTMLElement),
      checkGoal: byId("lesson-check-goal", HTMLUListElement),
      checkRun: byId("lesson-check-run", HTMLButtonElement),
      checkCancel: byId("lesson-check-cancel", HTMLButtonElement),
      checkStatus: byId("lesson-check-status", HTMLElement),
      path: byId("lesson-path", HTMLElement),
      pathBack: byId("lesson-path-back", HTMLButtonElement),
      pathStep: byId("lesson-path-step", HTMLButtonElement),
      pathAt: byId("lesson-path-at", HTMLOutputElement),
      pathSteps: byId("lesson-path-steps", HTMLOListElement),
    };
    /** The model checker, for a step's check (its worker is made on the first run). */
    this.checker = new CheckClient();
    /** The check running for a step: its lesson and step. @type {{ id: string, step: number } | null} */
    this.checking = null;
    /**
     * The path a step's check found, while it is the page's run.
     * @type {{ id: string, step: number, sim: Simulation, path: FoundPath, rule: string, states: number, seconds: string } | null}
     */
    this.found = null;
    this.ui.prev.addEventListener("click", () => this.go(-1));
    this.ui.next.addEventListener("click", () => this.go(1));
    this.ui.leave.addEventListener("click", () => this.leave());
    this.ui.hint.addEventListener("click", () => this.showHint());
    this.ui.checkRun.addEventListener("click", () => void this.findIt());
    this.ui.checkCancel.addEventListener("click", () => this.checker.stop(new Error("Cancelled.")));
    this.ui.pathStep.addEventListener("click", () => this.alongPath());
    this.ui.pathBack.addEventListener("click", () => this.backAlongPath());
  }

  /** Every lesson, read once (the runner is made only once the full engine is in). @returns {Lesson[]} */
  get lessons() {
    this.all ??= this.engine.Simulation.lessons();
    return this.all;
  }

  /**
   * Opens a lesson at a step; an unknown lesson or step is refused with the reason, and the
   * current run stays.
   * @param {string} id
   * @param {number} step 0-based
   */
  start(id, step) {
    const lesson = this.lessons.find((l) => l.id === id);
    if (!lesson) {
      this.controller.notices.showError(`There is no lesson “${id}”. The current run is unchanged.`);
      return false;
    }
    if (!Number.isInteger(step) || step < 0 || step >= lesson.steps.length) {
      this.controller.notices.showError(`The lesson “${lesson.title}” has steps 1 to ${lesson.steps.length}, not ${step + 1}. The current run is unchanged.`);
      return false;
    }
    let sim;
    try {
      sim = this.engine.Simulation.fromLesson(lesson, step);
    } catch (err) {
      this.controller.notices.showError(err);
      return false;
    }
    const first = !this.open || this.open.lesson.id !== id;
    this.open = { lesson, step };
    this.hints = 0;
    this.controller.replace(sim, `${first ? "Lesson" : "Step"}: ${lesson.title}, step ${step + 1} of ${lesson.steps.length}.`, {
      config: lesson.config ?? {},
      seed: lesson.seed ?? 0,
      lesson: { id, step },
    });
    this.ui.picker.value = id;
    return true;
  }

  /** @param {number} delta */
  go(delta) {
    if (this.open) this.start(this.open.lesson.id, this.open.step + delta);
  }

  /** The run goes on as a free run from here; the lesson box closes. */
  leave() {
    if (!this.open) return;
    this.open = null;
    if (this.checker.busy) this.checker.stop(new Error("The lesson was left."));
    const origin = this.controller.made;
    if (origin) delete origin.lesson;
    this.ui.box.hidden = true;
    this.view.mark([]);
    this.controller.render(null, true);
  }

  showHint() {
    const task = this.open?.lesson.steps[this.open.step].task;
    if (!task) return;
    const hints = task.hints ?? [];
    this.hints = Math.min(hints.length, this.hints + 1);
    this.ui.hintList.replaceChildren(...hints.slice(0, this.hints).map((h) => html("li", {}, ...caption(h))));
    this.ui.hint.disabled = this.hints >= hints.length;
  }

  /** The address of the open lesson step, or null when none is open. */
  fragment() {
    return this.open ? `lesson=${encodeURIComponent(this.open.lesson.id)}&step=${this.open.step + 1}` : null;
  }

  /**
   * Opens the lesson in an address fragment (`#lesson=ID&step=K`), if it is one.
   * @param {string} hash
   * @returns {boolean} whether the fragment was a lesson's
   */
  openFromHash(hash) {
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    const id = params.get("lesson");
    if (id === null) return false;
    const step = Number(params.get("step") ?? "1") - 1;
    this.start(id, step);
    return true;
  }

  /**
   * The lesson box for a new snapshot: the step's caption and its ticks, checked on this
   * state, and the task's goal.
   * @param {Snapshot} snap
   */
  update(snap) {
    const { ui } = this;
    const origin = this.controller.made;
    // A run that is not the lesson's (a new cluster, an import, a ready-made run) ends it.
    if (this.open && origin?.lesson?.id !== this.open.lesson.id) this.open = null;
    ui.box.hidden = !this.open;
    document.body.classList.toggle("in-lesson", Boolean(this.open));
    if (!this.open) return;
    const { lesson, step } = this.open;
    const s = lesson.steps[step];
    setText(ui.title, lesson.title);
    setText(ui.progress, `step ${step + 1} of ${lesson.steps.length}`);
    const found = this.pathShown();
    const key = `${lesson.id}/${step}${found ? "/found" : ""}`;
    if (ui.caption.dataset.key !== key) {
      ui.caption.dataset.key = key;
      ui.caption.replaceChildren(...caption(found && s.check ? s.check.found : s.caption));
      ui.hintList.replaceChildren();
      ui.hint.disabled = !s.task?.hints?.length;
      this.showChoices(s.choices ?? []);
    }
    this.showCheck(snap, s.check ?? null, found);
    this.ticks(ui.expect, snap, s.expect ?? []);
    ui.task.hidden = !s.task;
    if (s.task) {
      ui.prompt.replaceChildren(html("strong", {}, "Your turn: "), ...caption(s.task.prompt));
      const met = this.ticks(ui.goal, snap, s.task.goal);
      ui.done.hidden = !met;
      ui.task.classList.toggle("met", met);
    }
    ui.openLink.href = `./#${this.fragment()}`;
    ui.prev.disabled = step === 0;
    ui.next.disabled = step === lesson.steps.length - 1;
    const h = s.highlight;
    this.view.mark(h?.nodes ?? [], h?.messages ?? [], h?.links ?? []);
  }

  /**
   * The step's choices: a button for each lesson, with its title and summary.
   * @param {string[]} ids
   */
  showChoices(ids) {
    const { ui } = this;
    ui.choices.hidden = ids.length === 0;
    ui.choices.replaceChildren(
      ...ids.map((id) => {
        const lesson = this.lessons.find((l) => l.id === id);
        const button = html("button", { type: "button", class: "lesson-choice" }, html("strong", {}, lesson?.title ?? id), html("span", {}, lesson?.summary ?? ""));
        button.dataset.lesson = id;
        button.addEventListener("click", () => this.start(id, 0));
        return button;
      }),
    );
  }

  /** The path the open step's check found, if it is the page's run. */
  pathShown() {
    const f = this.found;
    const open = this.open;
    if (!f || !open || f.id !== open.lesson.id || f.step !== open.step || this.controller.sim !== f.sim) return null;
    return f;
  }

  /**
   * The step's check: its goal as ticks, the button (or the progress of the check running),
   * and once a path is open, where the cursor is on it.
   * @param {Snapshot} snap
   * @param {import("paxos-core").LessonCheck | null} check
   * @param {LessonRunner["found"]} found
   */
  showCheck(snap, check, found) {
    const { ui } = this;
    ui.check.hidden = !check;
    if (!check) return;
    const running = this.checking !== null;
    ui.check.classList.toggle("found", Boolean(found));
    this.ticks(ui.checkGoal, snap, check.goal);
    ui.checkRun.hidden = Boolean(found) || running;
    ui.checkCancel.hidden = !running;
    ui.path.hidden = !found;
    if (!found) {
      if (!running && ui.checkStatus.dataset.kept !== "true") setText(ui.checkStatus, "");
      return;
    }
    const length = found.path.length;
    const at = snap.step;
    setText(
      ui.checkStatus,
      `${
        found.rule === "progress"
          ? `The checker looked at all ${plural(found.states, "state")} in ${found.seconds} s and found states from which no value can ever be chosen: its shortest path to one has ${plural(length, "step")}.`
          : `The checker looked at ${plural(found.states, "state")} in ${found.seconds} s and stopped at the first broken rule, ${RULES[found.rule] ?? found.rule}: its shortest path has ${plural(length, "step")}.`
      }${at > length ? " You are past its end: Back returns to it." : ""}`,
    );
    setText(ui.pathAt, at <= length ? `step ${at} of ${length}` : `step ${at} (the path has ${length})`);
    ui.pathBack.disabled = at === 0;
    ui.pathStep.disabled = at >= length;
    if (ui.pathSteps.dataset.key !== `${found.id}/${found.step}/${length}` || ui.pathSteps.children.length !== length) {
      ui.pathSteps.dataset.key = `${found.id}/${found.step}/${length}`;
      ui.pathSteps.replaceChildren(
        ...found.path.steps.map((words, i) => {
          const n = i + 1;
          const go = html("button", { type: "button", class: "link" }, words);
          go.dataset.step = String(n);
          go.addEventListener("click", () => this.seekPath(n));
          const item = html("li", {}, go);
          if (n === length) item.append(html("span", { class: "bad" }, found.rule === "progress" ? " ✗ stuck from here" : " ✗ the rule breaks here"));
          return item;
        }),
      );
    }
    for (const button of ui.pathSteps.querySelectorAll("button")) {
      if (button.dataset.step === String(at)) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    }
  }

  /** Runs the open step's check, and opens the path it finds at step 0. */
  async findIt() {
    const open = this.open;
    const check = open?.lesson.steps[open.step].check;
    if (!open || !check || this.checking) return;
    const { ui } = this;
    const { lesson, step } = open;
    this.checking = { id: lesson.id, step };
    ui.checkStatus.dataset.kept = "true";
    setText(ui.checkStatus, "Starting the model checker…");
    // Only the lesson box changes (a render would tell the narration the cursor jumped).
    this.update(this.controller.snapshot);
    let done;
    try {
      done = await this.checker.run({ config: lesson.config, bounds: check.bounds, order: "breadthFirst", first: true }, (p, elapsed) => {
        setText(ui.checkStatus, `Checking: ${plural(p.unique, "state")} so far, every schedule up to ${plural(p.depth, "step")} · ${(elapsed / 1000).toFixed(1)} s`);
      });
    } catch (err) {
      setText(ui.checkStatus, errorText(err));
      return;
    } finally {
      this.checking = null;
      if (this.open) this.update(this.controller.snapshot);
    }
    // The student moved on while it ran: its result is not for this step any more.
    if (this.open?.lesson.id !== lesson.id || this.open.step !== step) return;
    const { report, elapsed } = done;
    const broken = report.properties.find((p) => p.expect === "always" && !p.holds && p.path);
    if (!broken?.path) {
      setText(
        ui.checkStatus,
        report.complete
          ? `Every rule holds in all ${plural(report.counts.unique, "state")} within these bounds: no bug to show.`
          : `No broken rule in the first ${plural(report.counts.unique, "state")}: the check stopped at its limit.`,
      );
      return;
    }
    let sim;
    try {
      sim = this.engine.Simulation.fromTrace(broken.path.trace);
      sim.seek(0);
    } catch (err) {
      setText(ui.checkStatus, `The path did not open: ${errorText(err)}`);
      return;
    }
    ui.checkStatus.dataset.kept = "false";
    this.found = { id: lesson.id, step, sim, path: broken.path, rule: broken.name, states: report.counts.unique, seconds: (elapsed / 1000).toFixed(1) };
    const what = broken.name === "progress" ? "a stuck state" : `${RULES[broken.name] ?? broken.name} broken`;
    this.controller.replace(sim, `The checker found ${what} after ${plural(broken.path.length, "step")}: the path is open at step 0. Step (S) walks along it.`, {
      config: lesson.config ?? {},
      seed: lesson.seed ?? 0,
      lesson: { id: lesson.id, step },
    });
  }

  /**
   * Step, while a check's path is open and the cursor is on it: goes to the path's next step
   * (instead of leaving the path for a step of the simulator's own choosing).
   * @returns {import("paxos-core").Report | undefined} what the step did, or undefined if no path is followed
   */
  alongPath() {
    const found = this.pathShown();
    const at = this.controller.snapshot.step;
    if (!found || at >= found.path.length) return undefined;
    let report;
    try {
      found.sim.seek(at + 1);
      report = found.sim.reports(at, at + 1)[0];
    } catch (err) {
      this.controller.notices.showError(err);
      return undefined;
    }
    this.controller.notices.clearError();
    this.controller.render(report ?? null);
    return report;
  }

  /** Back along an open path. */
  backAlongPath() {
    const found = this.pathShown();
    const at = this.controller.snapshot.step;
    if (found && at > 0) this.seekPath(Math.min(at, found.path.length + 1) - 1);
  }

  /** Goes to step `n` of the open path. @param {number} n */
  seekPath(n) {
    const found = this.pathShown();
    if (found && this.controller.attempt((sim) => sim.seek(n))) this.controller.render(null, true);
  }

  /**
   * Draws a list of expectations as ticks; returns whether all hold.
   * @param {HTMLUListElement} list
   * @param {Snapshot} snap
   * @param {import("paxos-core").Expectation[]} expectations
   */
  ticks(list, snap, expectations) {
    const held = expectations.length ? this.controller.sim.expectations(expectations) : new Uint8Array();
    if (list.children.length !== expectations.length) list.replaceChildren(...expectations.map(() => html("li", {}, html("span", { class: "mark", "aria-hidden": "true" }), html("span"))));
    expectations.forEach((e, i) => {
      const li = /** @type {HTMLElement} */ (list.children[i]);
      const ok = held[i] === 1;
      li.className = ok ? "ok" : "pending";
      setText(/** @type {Element} */ (li.firstChild), ok ? "✓" : "○");
      setText(/** @type {Element} */ (li.lastChild), `${expectation(snap, e)}${ok ? "" : " (not yet)"}`);
    });
    return expectations.length > 0 && held.every((h) => h === 1);
  }
}
