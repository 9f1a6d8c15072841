// @ts-check
// Time travel: the timeline's slider and Back button, undoing a fork (acting while rewound sets
// the later steps aside), and the space-time diagram of the steps around the cursor, whose
// arrows go to the step their message was in flight.

import { byId } from "./dom.js";
import { Diagram } from "./diagram.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").DiagramEvent} DiagramEvent */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./playback.js").Playback} Playback */
/** @typedef {import("./panel.js").Panel} Panel */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */

export class TimeTravel {
  /**
   * @param {Controller} controller
   * @param {{ playback: Playback, panel: Panel, view: ClusterView }} page what a jump in time touches
   */
  constructor(controller, { playback, panel, view }) {
    this.controller = controller;
    this.panel = panel;
    this.view = view;
    this.ui = {
      back: byId("back", HTMLButtonElement),
      scrub: byId("scrub", HTMLInputElement),
      scrubOut: byId("scrub-out", HTMLOutputElement),
      undoFork: byId("undo-fork", HTMLButtonElement),
    };
    const svg = /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.getElementById("diagram")));
    this.diagram = new Diagram(svg, (mark) => this.goTo(mark));
    /** @type {Snapshot | null} the last snapshot drawn, to redraw it at another row size */
    this.snap = null;
    const rows = byId("diagram-rows", HTMLSelectElement);
    rows.addEventListener("change", () => {
      this.diagram.rows = /** @type {import("./diagram.js").RowSize} */ (rows.value);
      if (this.snap) this.update(this.snap);
    });
    // While playing, the diagram is drawn only when on screen (it is below the cluster); it
    // catches up when scrolled to, or when playing stops.
    this.onScreen = true;
    this.stale = false;
    new IntersectionObserver((entries) => {
      this.onScreen = entries.some((e) => e.isIntersecting);
      if (this.onScreen && this.stale && this.snap) this.drawDiagram(this.snap);
    }).observe(svg);
    this.ui.back.addEventListener("click", () => this.stepBack());
    this.ui.undoFork.addEventListener("click", () => this.undoFork());
    this.ui.scrub.addEventListener("input", () => {
      playback.pause();
      if (controller.attempt((sim) => sim.seek(Number(this.ui.scrub.value)))) controller.render(null, true);
    });
  }

  /**
   * The timeline and the diagram, for a new snapshot.
   * @param {Snapshot} snap
   * @param {boolean} [playing] the diagram may wait while it is off screen
   */
  update(snap, playing = false) {
    const { ui } = this;
    this.snap = snap;
    const sim = this.controller.sim;
    const t = sim.timeline();
    ui.scrub.max = String(t.length);
    ui.scrub.value = String(t.cursor);
    ui.scrubOut.textContent = `step ${t.cursor} of ${t.length}`;
    ui.scrub.setAttribute("aria-valuetext", ui.scrubOut.textContent);
    ui.back.disabled = t.cursor === 0;
    ui.undoFork.hidden = t.forkAt === null;
    if (t.forkAt !== null) ui.undoFork.firstChild && (ui.undoFork.firstChild.textContent = `Restore ${t.forkedOff} later step${t.forkedOff === 1 ? "" : "s"} `);
    if (this.onScreen || !playing) this.drawDiagram(snap);
    else this.stale = true;
  }

  /** Playing stopped: an off-screen diagram that waited is drawn. */
  catchUp() {
    if (this.stale && this.snap) this.drawDiagram(this.snap);
  }

  /** The space-time diagram around the cursor. @param {Snapshot} snap */
  drawDiagram(snap) {
    const sim = this.controller.sim;
    const t = sim.timeline();
    const { from, to } = Diagram.window(t.cursor, t.length);
    this.diagram.draw(snap, t.cursor, t.length, from, to, sim.diagram(from, to));
    this.stale = false;
  }

  stepBack() {
    if (this.controller.attempt((sim) => sim.stepBack())) this.controller.render(null, true);
  }

  undoFork() {
    if (this.controller.attempt((sim) => sim.undoFork())) {
      this.panel.logNote("Restored the steps the fork had set aside.");
      this.controller.render(null, true);
    }
  }

  /**
   * Goes to the step before a diagram arrow's message arrived, so it is in flight, and selects it.
   * @param {DiagramEvent} mark
   */
  goTo(mark) {
    const controller = this.controller;
    if (!controller.attempt((sim) => sim.seek(Math.max(0, mark.step - 1)))) return;
    const snap = controller.render(null, true);
    if (mark.id !== null && snap.messages.some((m) => m.id === mark.id)) {
      controller.select({ kind: "message", id: mark.id });
      this.view.focus({ kind: "message", id: mark.id });
    }
  }
}
