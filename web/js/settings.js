// @ts-check
// The cluster settings as the first load has them: the folded settings' heading, which says in
// one line what runs ("Basic Paxos · 2 proposers, … · seed 1"), and Reset (the same settings and
// seed again, from step 0; a ready-made run or lesson step opens again from its start). The form
// itself (settings-form.js) is made the first time the settings are unfolded, and its script is
// fetched then (page weight): most visits never change the cluster. Until then `form` is null.

import { byId } from "./dom.js";
import { brokenRule } from "./catalogue.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./settings-form.js").SettingsForm} SettingsForm */

export class Settings {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   */
  constructor(controller, engine) {
    this.controller = controller;
    this.engine = engine;
    this.summary = byId("settings-summary", HTMLElement);
    /** The form, once the settings have been unfolded. @type {SettingsForm | null} */
    this.form = null;
    byId("reset", HTMLButtonElement).addEventListener("click", () => this.reset());
  }

  /** Shows the current run's configuration in the heading, and in the form once it is made. @param {Snapshot} snap */
  sync(snap) {
    this.summary.textContent = describe(snap);
    this.form?.sync(snap);
  }

  /** Back to step 0 with the same configuration and seed; a ready-made run opens again. */
  reset() {
    const { config, seed, scenario, lesson } = this.controller.origin;
    try {
      // (A lesson step or a ready-made run was opened by the full engine, still the page's.)
      const { Simulation } = this.engine;
      const steps = lesson && Simulation.lessons().find((l) => l.id === lesson.id);
      const sim = steps && lesson ? Simulation.fromLesson(steps, lesson.step) : scenario ? Simulation.scenario(scenario) : new Simulation(config, seed);
      const note = lesson ? "Reset: the lesson step opened again." : scenario ? "Reset: the ready-made run opened again; press Play." : `Reset to step 0, seed ${seed}.`;
      this.controller.replace(sim, note, { config, seed, scenario, lesson });
    } catch (err) {
      this.controller.notices.showError(err);
    }
  }
}

/**
 * The running cluster in one line, for the folded settings' heading: "Basic Paxos · 2
 * proposers, 3 acceptors, 1 learner · seed 1".
 * @param {Snapshot} snap
 * @param {boolean} [withSeed] name the seed (a model check tries every schedule: no seed)
 */
export function describe(snap, withSeed = true) {
  const c = snap.config;
  const n = (/** @type {number} */ count, /** @type {string} */ what) => `${count} ${what}${count === 1 ? "" : "s"}`;
  const mode = c.mode ?? "basic";
  const cluster =
    mode === "multi"
      ? `Multi-Paxos · ${n(snap.nodes.length, "server")}`
      : mode === "twoPhase"
        ? `Two-phase commit · ${n(snap.nodes.length - 1, "participant")}`
        : `Basic Paxos · ${n(c.proposers ?? 2, "proposer")}, ${n(c.acceptors ?? 3, "acceptor")}, ${n(c.learners ?? 1, "learner")}`;
  const rule = brokenRule(c.sabotage);
  return `${cluster}${withSeed ? ` · seed ${snap.seed}` : ""}${rule ? ` · breaks: ${rule.label}` : ""}`;
}
