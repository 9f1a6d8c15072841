// @ts-check
// The page's one store: the current wasm Simulation, the snapshot last rendered from it, the
// selection, and the settings the simulation was made from. Every change to the simulation goes
// through here: `act` and `attempt` run one call and show a refusal (the simulation is then as it
// was), `replace` swaps in a new simulation. After each change `render` takes one snapshot and
// hands it to the page; between renders, handlers read that same snapshot (`snapshot`).

/** @typedef {import("paxos-core").Simulation} Simulation */
/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("paxos-core").Config} Config */
/** @typedef {import("./cluster-view.js").Selection} Selection */
/** @typedef {import("./notices.js").Notices} Notices */
/** @typedef {{ config: Partial<Config>, seed: number, scenario?: string, lesson?: { id: string, step: number } }} Origin the settings a run was made from, or the ready-made run or lesson step it opened */

/**
 * What the page does when the store changes; given by the composition root.
 * @typedef {object} Hooks
 * @property {(snap: Snapshot, report: Report | null | undefined, jump: boolean) => void} render draws a snapshot
 * @property {(note: string) => void} replacing a new simulation is about to take over
 * @property {(snap: Snapshot) => void} replaced it did, and was rendered
 * @property {(selection: Selection | null, focusInspector: boolean) => void} selected
 */

export class Controller {
  /**
   * @param {Simulation} sim
   * @param {Origin | null} origin the settings it was made from; `null`: its own config and seed
   * @param {Notices} notices
   * @param {Hooks} hooks
   */
  constructor(sim, origin, notices, hooks) {
    this.sim = sim;
    this.notices = notices;
    this.hooks = hooks;
    /** @type {Origin | null} */
    this.made = origin;
    /** @type {Selection | null} */
    this.selection = null;
    /** @type {Snapshot | null} */
    this.last = null;
  }

  /** The snapshot last rendered: the simulation's state, as the page shows it. */
  get snapshot() {
    if (!this.last) throw new Error("the simulation has not been rendered yet");
    return this.last;
  }

  /** The configuration and seed the current simulation was made from (what Reset rebuilds). */
  get origin() {
    return this.made ?? { config: this.snapshot.config, seed: this.snapshot.seed };
  }

  /**
   * Runs a call that returns nothing; shows its error, if any.
   * @param {(sim: Simulation) => void} call
   */
  attempt(call) {
    try {
      call(this.sim);
      this.notices.clearError();
      return true;
    } catch (err) {
      this.notices.showError(err);
      return false;
    }
  }

  /**
   * Runs one simulator call. On success its report is logged and announced; on refusal the
   * message is shown and nothing changed.
   * @param {(sim: Simulation) => Report | null} call
   * @returns {Report | null | undefined} the report, `null` when idle, `undefined` when refused
   */
  act(call) {
    /** @type {Report | null} */
    let report;
    try {
      report = call(this.sim);
    } catch (err) {
      this.notices.showError(err);
      return undefined;
    }
    this.notices.clearError();
    this.render(report);
    return report;
  }

  /**
   * Takes the one snapshot of this render and hands it to the page.
   * @param {Report | null} [report] what the last action did
   * @param {boolean} [jump] the cursor jumped in time: redraw without movement
   */
  render(report, jump = false) {
    const snap = this.sim.snapshot();
    this.last = snap;
    this.hooks.render(snap, report, jump);
    return snap;
  }

  /**
   * Puts a new simulation in place of the current one, which is freed.
   * @param {Simulation} next
   * @param {string} note said in the log and to screen readers
   * @param {Origin | null} [origin] the settings it was made from; by default its own
   */
  replace(next, note, origin = null) {
    this.hooks.replacing(note);
    this.sim.free();
    this.sim = next;
    this.made = origin;
    this.selection = null;
    this.notices.clearError();
    this.hooks.replaced(this.render());
  }

  /**
   * Puts the same run, rebuilt by another engine from its trace, in place of the current one
   * (engine.js): nothing the page shows changes, so nothing is said or redrawn.
   * @param {Simulation} same
   */
  carryOver(same) {
    this.sim.free();
    this.sim = same;
  }

  /**
   * Selects a node or message; picking the selected one again clears the selection.
   * @param {Selection | null} picked
   * @param {boolean} [focusInspector]
   */
  select(picked, focusInspector = false) {
    const same = picked && this.selection && picked.kind === this.selection.kind && picked.id === this.selection.id;
    this.selection = same ? null : picked;
    this.hooks.selected(this.selection, focusInspector);
  }
}
