// @ts-check
// The lesson runner: the picker (lessons grouped by concept), and an open lesson's box above
// the cluster: its caption, the expectations of the step as ticks, a "your turn" task with its
// goal checked after every action and hints on request, Previous / Next, and "Leave the lesson
// here" (the run goes on as a free run from the current state). Each step is rebuilt by the
// simulator from the lesson (Simulation.fromLesson), so a step looks the same however the
// student got there; the address is #lesson=ID&step=K (1-based), and opens the same step.

import { byId, html, setText } from "./dom.js";
import { caption } from "./lesson-markup.js";
import { expectation } from "./lesson-words.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Lesson} Lesson */
/** @typedef {typeof import("paxos-core").Simulation} SimulationClass */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */

export class LessonRunner {
  /**
   * @param {Controller} controller
   * @param {SimulationClass} Simulation
   * @param {ClusterView} view
   */
  constructor(controller, Simulation, view) {
    this.controller = controller;
    this.Simulation = Simulation;
    this.view = view;
    /** @type {Lesson[]} */
    this.lessons = Simulation.lessons();
    /** The open lesson and step (0-based), or null. @type {{ lesson: Lesson, step: number } | null} */
    this.open = null;
    /** Hints shown so far for the current task. */
    this.hints = 0;
    this.ui = {
      picker: byId("lesson-pick", HTMLSelectElement),
      form: byId("lesson-form", HTMLFormElement),
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
    };
    this.fillPicker();
    this.ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.start(this.ui.picker.value, 0);
    });
    this.ui.prev.addEventListener("click", () => this.go(-1));
    this.ui.next.addEventListener("click", () => this.go(1));
    this.ui.leave.addEventListener("click", () => this.leave());
    this.ui.hint.addEventListener("click", () => this.showHint());
  }

  fillPicker() {
    /** @type {Map<string, Lesson[]>} */
    const groups = new Map();
    for (const l of this.lessons) groups.set(l.concept, [...(groups.get(l.concept) ?? []), l]);
    let n = 0;
    this.ui.picker.replaceChildren(
      ...[...groups].map(([concept, lessons]) =>
        html("optgroup", { label: concept }, ...lessons.map((l) => html("option", { value: l.id }, `${++n}. ${l.title}`))),
      ),
    );
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
      sim = this.Simulation.fromLesson(lesson, step);
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
    if (ui.caption.dataset.key !== `${lesson.id}/${step}`) {
      ui.caption.dataset.key = `${lesson.id}/${step}`;
      ui.caption.replaceChildren(...caption(s.caption));
      ui.hintList.replaceChildren();
      ui.hint.disabled = !s.task?.hints?.length;
    }
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
