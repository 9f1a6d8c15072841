// @ts-check
// The page's two builds of the simulator. It starts on the first-load engine (crates/paxos-lite:
// Basic Paxos with everything around it — time travel, faults, checks, traces, links — but
// without Multi-Paxos, two-phase commit, the lessons, the ready-made runs and the explorer, so
// the first load stays small) and, the first time one of those is asked for, fetches
// paxos-core's own build (full/, which has them) and carries the current run over to it
// through its trace: the same actions on the same code give the same run, so nothing the
// student sees changes. Every part of the page takes the Simulation class from here at the
// moment it needs it.

import { loadLate } from "./late.js";
import { errorText } from "./dom.js";

/** @typedef {typeof import("paxos-core")} Bindings */
/** @typedef {typeof import("paxos-core").Simulation} SimulationClass */

/** Where Trunk puts the full engine's bindings (index.html: data-target-path="full"). */
const FULL = "../full/paxos-core.js";

export class Engine {
  /** @param {Bindings} first the first-load engine's bindings, started by Trunk's loader */
  constructor(first) {
    /** The bindings in use: the first-load engine's, then the full one's. */
    this.bindings = first;
    /** @type {Promise<Bindings> | null} the full engine on its way */
    this.loading = null;
    /** Carries the current run over to the full engine, once it is in. @type {(full: Bindings) => void} */
    this.arrived = () => {};
    /** Says the full engine is on its way (true), or in or failed (false). @type {(loading: boolean) => void} */
    this.waiting = () => {};
  }

  /** The Simulation class in use. @returns {SimulationClass} */
  get Simulation() {
    return this.bindings.Simulation;
  }

  /** Whether the engine in use is the full one (every protocol, the lessons, the ready-made runs and the explorer). */
  get full() {
    return this.bindings.Simulation.extras();
  }

  /**
   * The full engine: fetched and started the first time, and from then on the page's.
   * @returns {Promise<Bindings>}
   */
  extras() {
    if (this.full) return Promise.resolve(this.bindings);
    if (!this.loading) this.waiting(true);
    this.loading ??= (async () => {
      // A variable, not a literal: the bundler leaves the full engine a file of its own.
      const url = new URL(FULL, import.meta.url).href;
      // With it, the page's parts that only its protocols use (late.js).
      const [full] = await Promise.all([/** @type {Promise<Bindings & { default(): Promise<unknown> }>} */ (import(url)), loadLate()]);
      await full.default();
      this.arrived(full);
      this.bindings = full;
      this.waiting(false);
      return full;
    })().catch((err) => {
      this.loading = null;
      this.waiting(false);
      throw new Error(`The full simulator did not load: ${errorText(err)}`);
    });
    return this.loading;
  }

  /**
   * A new simulation made by `make` with the Simulation class in use; when the first-load engine
   * refuses it for a protocol it leaves out (a Multi-Paxos or two-phase-commit configuration,
   * link or trace), the full engine is fetched and `make` runs again with it. Any other refusal
   * is thrown as it is.
   * @template T
   * @param {(Simulation: SimulationClass) => T} make
   * @returns {Promise<T>}
   */
  async open(make) {
    try {
      return make(this.Simulation);
    } catch (err) {
      if (this.full || !lacksProtocol(err)) throw err;
    }
    return make((await this.extras()).Simulation);
  }
}

/**
 * Whether an error is the first-load engine refusing a protocol it leaves out (paxos-core's
 * `Error::NotBuilt`, whose message this matches).
 * @param {unknown} err
 */
function lacksProtocol(err) {
  return err instanceof Error && /this build of the engine leaves out .*; the full build has it/.test(err.message);
}
