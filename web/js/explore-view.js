// @ts-check
// "Every possible next step": while its box is open and the run is paused, every action the
// network and failures allow at the cursor (deliver, drop, duplicate each message in flight;
// fire each pending timer; crash or restart each node), each a button that takes it as a normal
// step of the timeline. A move that leads back to the very protocol state of an earlier step of
// this path is marked ↺ with that step (paxos-core's explore module finds them). Nothing is
// computed while the box is closed or the run plays.

import { byId, html, setText, errorText } from "./dom.js";
import * as fmt from "./format.js";
import { timerName } from "./format-events.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Action} Action */
/** @typedef {import("paxos-core").Move} Move */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("paxos-core").Explorer} Explorer */
/** @typedef {import("./controller.js").Controller} Controller */

/** A button's verb for each kind of move. */
const VERB = /** @type {Record<string, string>} */ ({
  deliver: "Deliver",
  drop: "Drop",
  duplicate: "Duplicate",
  fire: "Fire",
  crash: "Crash",
  restart: "Restart",
});

export class ExploreView {
  /**
   * @param {Controller} controller
   * @param {Engine} engine
   */
  constructor(controller, engine) {
    this.controller = controller;
    this.engine = engine;
    this.ui = {
      box: byId("explore-box", HTMLDetailsElement),
      status: byId("explore-status", HTMLElement),
      list: byId("explore-list", HTMLUListElement),
    };
    /** @type {Explorer | null} made when first opened; it caches the path's states */
    this.explorer = null;
    /** The list waits for playing to stop. */
    this.stale = false;
    /** The move whose button was pressed, to keep the focus on its row. @type {string | null} */
    this.pressed = null;
    this.ui.box.addEventListener("toggle", () => {
      if (this.ui.box.open) this.update(controller.snapshot, false);
      else this.ui.list.replaceChildren();
    });
  }

  /**
   * @param {Snapshot} snap
   * @param {boolean} playing the list waits until playing stops
   */
  update(snap, playing) {
    const { ui } = this;
    if (!ui.box.open) return;
    if (playing) {
      if (!this.stale) {
        ui.list.replaceChildren();
        setText(ui.status, "Pause to see every possible next step.");
      }
      this.stale = true;
      return;
    }
    this.stale = false;
    // The explorer comes with the full engine (engine.js), fetched the first time.
    if (!this.engine.full) {
      setText(ui.status, "Loading the explorer…");
      this.engine.extras().then(
        () => this.update(this.controller.snapshot, false),
        (err) => setText(ui.status, errorText(err)),
      );
      return;
    }
    this.explorer ??= new this.engine.bindings.Explorer();
    let explored;
    try {
      explored = this.explorer.explore(this.controller.sim);
    } catch (err) {
      setText(ui.status, errorText(err));
      ui.list.replaceChildren();
      return;
    }
    const { moves } = explored;
    const back = moves.filter((m) => m.revisits !== null).length;
    const far = explored.from > 0 ? ` (compared with the last ${(explored.cursor - explored.from).toLocaleString("en")} steps)` : "";
    setText(
      ui.status,
      `${moves.length} possible next step${moves.length === 1 ? "" : "s"} at step ${explored.cursor}${
        back ? ` · ${back} lead${back === 1 ? "s" : ""} back to an earlier state of this path${far}` : ""
      }.`,
    );
    ui.list.replaceChildren(...this.rows(snap, moves));
    this.refocus();
  }

  /** Playing stopped: a list that waited is made. */
  catchUp() {
    if (this.stale) this.update(this.controller.snapshot, false);
  }

  /**
   * One row per message, per timer, and one for the nodes.
   * @param {Snapshot} snap
   * @param {Move[]} moves
   */
  rows(snap, moves) {
    /** @type {Map<string, { what: string, moves: Move[] }>} */
    const rows = new Map();
    for (const move of moves) {
      const a = move.action;
      const [key, what] = this.subject(snap, a);
      const row = rows.get(key) ?? { what, moves: [] };
      row.moves.push(move);
      rows.set(key, row);
    }
    return [...rows.values()].map(({ what, moves }) =>
      html("li", { class: "explore-row" }, html("span", { class: "explore-what" }, what), html("span", { class: "explore-moves" }, ...moves.map((m) => this.button(snap, m, what)))),
    );
  }

  /**
   * What a move acts on, as a row's key and words.
   * @param {Snapshot} snap
   * @param {Action} a
   * @returns {[string, string]}
   */
  subject(snap, a) {
    switch (a.type) {
      case "deliver":
      case "drop":
      case "duplicate": {
        const m = snap.messages.find((e) => e.id === a.id);
        const words = m ? `#${m.id} ${fmt.message(snap, m.message, 16)} · ${fmt.nodeName(snap, m.from)} → ${fmt.nodeName(snap, m.to)}` : `#${a.id}`;
        return [`m${a.id}`, words];
      }
      case "fire":
        return [`t${a.node}:${JSON.stringify(a.timer)}`, `${fmt.nodeName(snap, a.node)}'s ${timerName(snap, a.timer)} timer`];
      default:
        return ["nodes", "Nodes"];
    }
  }

  /**
   * @param {Snapshot} snap
   * @param {Move} move
   * @param {string} what the row's words, for the button's label
   */
  button(snap, move, what) {
    const a = move.action;
    const verb = VERB[a.type] ?? a.type;
    const node = a.type === "crash" || a.type === "restart" ? ` ${fmt.nodeName(snap, a.node)}` : "";
    const key = JSON.stringify(a);
    const button = html("button", { type: "button", class: move.revisits === null ? "" : "revisits" }, `${verb}${node}`);
    button.dataset.move = key;
    let label = node ? `${verb}${node}` : `${verb}: ${what}`;
    if (move.revisits !== null) {
      button.append(" ", html("span", { class: "revisit", "aria-hidden": "true" }, `↺ ${move.revisits}`));
      button.title = `Back to a state seen on this path: step ${move.revisits}`;
      label += `; ↺ back to a state seen on this path, at step ${move.revisits}`;
    }
    button.setAttribute("aria-label", label);
    button.addEventListener("click", () => {
      this.pressed = key;
      if (this.controller.act((sim) => sim.apply(a)) === undefined) this.pressed = null;
    });
    return button;
  }

  /** After a move was taken from the list, the focus stays in it (on the same row if it is still there). */
  refocus() {
    const key = this.pressed;
    this.pressed = null;
    if (key === null) return;
    const buttons = [...this.ui.list.querySelectorAll("button")];
    const same = buttons.find((b) => b.dataset.move === key);
    (same ?? buttons[0] ?? this.ui.box.querySelector("summary"))?.focus();
  }
}
