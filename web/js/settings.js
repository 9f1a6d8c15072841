// @ts-check
// The cluster settings form: read and check it, build a new simulation from it ("Apply and
// restart"), show the current run's settings in it, preview which fields a protocol uses, and
// Reset (the same settings and seed again, from step 0).

import { byId, wholeNumber } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Config} Config */
/** @typedef {typeof import("paxos-core").Simulation} SimulationClass */
/** @typedef {import("./controller.js").Controller} Controller */

export class Settings {
  /**
   * @param {Controller} controller
   * @param {SimulationClass} Simulation
   */
  constructor(controller, Simulation) {
    this.controller = controller;
    this.Simulation = Simulation;
    this.ui = {
      form: byId("settings", HTMLFormElement),
      mode: byId("mode", HTMLSelectElement),
      seed: byId("seed", HTMLInputElement),
      proposers: byId("proposers", HTMLInputElement),
      acceptors: byId("acceptors", HTMLInputElement),
      learners: byId("learners", HTMLInputElement),
      layout: byId("layout", HTMLSelectElement),
      sabotage: byId("sabotage", HTMLSelectElement),
      reset: byId("reset", HTMLButtonElement),
    };
    this.ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.apply();
    });
    this.ui.mode.addEventListener("change", () => {
      // Preview which settings apply; the cluster changes only on "Apply and restart".
      document.body.dataset.settingsMode = this.ui.mode.value;
    });
    this.ui.reset.addEventListener("click", () => this.reset());
  }

  /** Builds a new simulation from the settings form; a refused configuration changes nothing. */
  apply() {
    const ui = this.ui;
    let next;
    try {
      const seed = wholeNumber(ui.seed, "Seed", 4_294_967_295);
      /** @type {Partial<Config>} */
      const config = {
        mode: ui.mode.value === "multi" ? "multi" : "basic",
        proposers: wholeNumber(ui.proposers, "Proposers", 99),
        acceptors: wholeNumber(ui.acceptors, "Acceptors", 99),
        learners: wholeNumber(ui.learners, "Learners", 99),
        layout: ui.layout.value === "shared" ? "shared" : "separate",
        sabotage: ui.sabotage.value === "acceptorIgnoresPromises" || ui.sabotage.value === "proposerIgnoresAcceptedValues" ? ui.sabotage.value : null,
      };
      next = { sim: new this.Simulation(config, seed), config, seed };
    } catch (err) {
      this.controller.notices.showError(err);
      return;
    }
    this.controller.replace(next.sim, `New cluster, seed ${next.seed}.`, { config: next.config, seed: next.seed });
  }

  /** Shows the current run's configuration in the settings form. @param {Snapshot} snap */
  sync(snap) {
    const ui = this.ui;
    const c = snap.config;
    ui.mode.value = c.mode ?? "basic";
    ui.seed.value = String(snap.seed);
    ui.proposers.value = String(c.proposers ?? 2);
    ui.acceptors.value = String(c.acceptors ?? 3);
    ui.learners.value = String(c.learners ?? 1);
    ui.layout.value = c.layout ?? "separate";
    ui.sabotage.value = c.sabotage ?? "";
  }

  /** Back to step 0 with the same configuration and seed. */
  reset() {
    const { config, seed } = this.controller.origin;
    this.controller.replace(new this.Simulation(config, seed), `Reset to step 0, seed ${seed}.`, { config, seed });
  }
}
