// @ts-check
// Sharing a run: the permalink kept in the address (it opens this run at this step), Copy link,
// and trace files (export, import). A link or file that does not open is refused whole, with
// the reason shown, and the current run stays.

import { byId, errorText } from "./dom.js";

/** @typedef {import("paxos-core").Simulation} Simulation */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./controller.js").Controller} Controller */

/**
 * The run in the address's fragment, if there is one that opens; otherwise no simulation, and
 * the reason for the user if a link was there. A link to a protocol the first-load engine leaves
 * out opens in the full engine, fetched for it.
 * @param {Engine} engine
 * @param {string} hash
 * @returns {Promise<{ sim: Simulation | null, error: string }>}
 */
export async function openFromLink(engine, hash) {
  if (hash.length <= 1) return { sim: null, error: "" };
  try {
    return { sim: await engine.open((Simulation) => Simulation.fromPermalink(hash)), error: "" };
  } catch (err) {
    return { sim: null, error: `${errorText(err)} A fresh simulation was started instead.` };
  }
}

export class Sharing {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   */
  constructor(controller, engine) {
    this.controller = controller;
    this.engine = engine;
    this.ui = {
      copyLink: byId("copy-link", HTMLButtonElement),
      exportButton: byId("export", HTMLButtonElement),
      importButton: byId("import", HTMLButtonElement),
      importFile: byId("import-file", HTMLInputElement),
    };
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.pending = undefined;
    /** The address of an open lesson step, which replaces the permalink. @type {() => string | null} */
    this.fragment = () => null;
    this.ui.copyLink.addEventListener("click", () => void this.copyLink());
    this.ui.exportButton.addEventListener("click", () => this.exportTrace());
    this.ui.importButton.addEventListener("click", () => this.ui.importFile.click());
    this.ui.importFile.addEventListener("change", () => void this.importTrace());
  }

  /**
   * The address opens this run at this step: at once, or while playing at most once a second
   * (each change of the address costs the browser a style pass and a favicon fetch, as much
   * as the rest of a step).
   * @param {boolean} [playing]
   */
  update(playing = false) {
    // A new step: the link copied before is not this one any more.
    this.label("Copy link ");
    if (!playing) this.flush();
    else this.pending ??= setTimeout(() => this.flush(), 1000);
  }

  /** Writes the current run's permalink into the address now. */
  flush() {
    clearTimeout(this.pending);
    this.pending = undefined;
    // The path and query spelled out: a bare "#…" would resolve against <base>, dropping ?embed.
    history.replaceState(null, "", `${location.pathname}${location.search}#${this.fragment() ?? this.controller.sim.permalink()}`);
  }

  async copyLink() {
    const notices = this.controller.notices;
    this.flush();
    try {
      await navigator.clipboard.writeText(location.href);
      this.label("Link copied ✓ ");
      notices.announce("Link copied: it opens this run at this step.");
    } catch {
      this.label("Link: see the address bar ");
      notices.announce("The link to this run is in the address bar.");
    }
  }

  /** The Copy link button's words (its key hint stays). @param {string} text */
  label(text) {
    const words = this.ui.copyLink.firstChild;
    if (words && words.textContent !== text) words.textContent = text;
  }

  exportTrace() {
    const { sim, snapshot } = this.controller;
    const blob = new Blob([`${JSON.stringify(sim.trace(), null, 2)}\n`], { type: "application/json" });
    const link = Object.assign(document.createElement("a"), {
      href: URL.createObjectURL(blob),
      download: `paxos-trace-seed${snapshot.seed}.json`,
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  /** Loads a trace file; a bad one is refused whole and the current run stays. */
  async importTrace() {
    const input = this.ui.importFile;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    let next;
    try {
      // Traces open in the full engine, fetched the first time (engine.js).
      const text = await file.text();
      const { Simulation } = await this.engine.extras();
      next = Simulation.fromTrace(text);
    } catch (err) {
      this.controller.notices.showError(`Could not import ${file.name}: ${errorText(err)} The current run is unchanged.`);
      return;
    }
    // Reset then rebuilds the run's own configuration and seed.
    this.controller.replace(next, `Imported ${file.name}.`);
  }
}
