// @ts-check
// The lessons as the first load has them: the picker, grouped by concept, from the lessons'
// index that every engine carries. The lesson runner itself (lesson-runner.js: an open lesson's
// box, its ticks, tasks, hints and checks) needs the lessons, which only the full engine has, so
// its script comes with it (page weight): the first Start, or a lesson's link, fetches both.
// Until then no lesson is open, and every question about the open lesson has the answer "none".

import { byId, html } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").LessonEntry} LessonEntry */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */
/** @typedef {import("./lesson-runner.js").LessonRunner} LessonRunner */

export class Lessons {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   * @param {ClusterView} view
   */
  constructor(controller, engine, view) {
    this.controller = controller;
    this.engine = engine;
    this.view = view;
    /** The runner, once its script and the full engine are in. @type {LessonRunner | null} */
    this.runner = null;
    /** @type {Promise<LessonRunner> | null} */
    this.loading = null;
    const picker = byId("lesson-pick", HTMLSelectElement);
    /** @type {Map<string, LessonEntry[]>} */
    const groups = new Map();
    for (const l of engine.Simulation.lessonIndex()) groups.set(l.concept, [...(groups.get(l.concept) ?? []), l]);
    let n = 0;
    picker.replaceChildren(
      ...[...groups].map(([concept, lessons]) =>
        html("optgroup", { label: concept }, ...lessons.map((l) => html("option", { value: l.id }, `${++n}. ${l.title}`))),
      ),
    );
    byId("lesson-form", HTMLFormElement).addEventListener("submit", (event) => {
      event.preventDefault();
      void this.start(picker.value, 0);
    });
  }

  /** The runner: its script and the full engine fetched the first time. @returns {Promise<LessonRunner>} */
  load() {
    this.loading ??= Promise.all([import("./lesson-runner.js"), this.engine.extras()]).then(
      ([{ LessonRunner }]) => (this.runner = new LessonRunner(this.controller, this.engine, this.view)),
      (err) => {
        this.loading = null;
        throw err;
      },
    );
    return this.loading;
  }

  /**
   * Opens a lesson at a step (0-based); one that cannot open is refused with the reason shown,
   * and the current run stays.
   * @param {string} id
   * @param {number} step
   */
  async start(id, step) {
    try {
      (await this.load()).start(id, step);
    } catch (err) {
      this.controller.notices.showError(err);
    }
  }

  /**
   * Opens the lesson in an address fragment (`#lesson=ID&step=K`), once the runner is in.
   * @param {string} hash
   */
  async openFromHash(hash) {
    try {
      (await this.load()).openFromHash(hash);
    } catch (err) {
      this.controller.notices.showError(err);
    }
  }

  /** The open lesson step's address, or null. */
  fragment() {
    return this.runner?.fragment() ?? null;
  }

  /** The lesson box for a new snapshot (nothing is open before the runner is in). @param {Snapshot} snap */
  update(snap) {
    this.runner?.update(snap);
  }

  /** @param {number} delta */
  go(delta) {
    this.runner?.go(delta);
  }

  leave() {
    this.runner?.leave();
  }

  alongPath() {
    return this.runner?.alongPath();
  }

  pathShown() {
    return this.runner?.pathShown() ?? null;
  }

  /** The path a step's check found, while it is the page's run. */
  get found() {
    return this.runner?.found ?? null;
  }
}
