// @ts-check
// "Show me what goes wrong": the simulator's ready-made runs (each broken rule, livelock and
// its cures, the misbehaving proposer, damaged messages), grouped in one menu with a line on
// what the chosen one shows. Opening one replaces the run, like importing a trace; Reset then
// opens it again from the start.

import { byId, html } from "./dom.js";
import { groupRuns, readyRun } from "./catalogue.js";

/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./controller.js").Controller} Controller */

export class Scenarios {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   */
  constructor(controller, engine) {
    this.controller = controller;
    this.engine = engine;
    this.ui = {
      form: byId("runs-form", HTMLFormElement),
      run: byId("run", HTMLSelectElement),
      about: byId("run-about", HTMLElement),
    };
    this.ui.run.replaceChildren(
      ...groupRuns(engine.Simulation.scenarios()).map(([group, names]) =>
        html("optgroup", { label: group }, ...names.map((name) => html("option", { value: name }, readyRun(name).label))),
      ),
    );
    this.ui.run.addEventListener("change", () => this.describe());
    this.ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.open(this.ui.run.value);
    });
    this.describe();
  }

  /** Says what the run in the menu shows. */
  describe() {
    this.ui.about.textContent = readyRun(this.ui.run.value).about;
  }

  /**
   * Replaces the run with a ready-made one, opened after its first actions.
   * @param {string} name the simulator's name for it
   */
  async open(name) {
    let next;
    try {
      // The ready-made runs come with the full engine (engine.js), fetched the first time.
      const { Simulation } = await this.engine.extras();
      next = Simulation.scenario(name);
    } catch (err) {
      this.controller.notices.showError(err);
      return;
    }
    const { group, label, about } = readyRun(name);
    const { config, seed } = next.snapshot();
    const origin = { config, seed, scenario: name };
    this.controller.replace(next, `Opened the scenario “${group}: ${label}”; press Play. ${about}`, origin);
  }
}
