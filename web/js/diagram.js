// @ts-check
// The space-time (Lamport) diagram: one vertical line per node, time flowing down one row per
// step, an arrow per delivered message from (sender, step sent) to (receiver, step delivered)
// (diagram-arrows.js), and marks on the nodes' lines for crashes, restarts, values chosen and
// learned and slots applied (diagram-marks.js). The axis counts steps, like the timeline's
// slider; the cursor's row also says the simulated time t. Only the steps around the timeline
// cursor are drawn (the simulator returns just the marks of that window), so a run of any
// length costs the same to draw, and it is redrawn only when what it shows changed.

import { svg } from "./dom.js";
import { hidden, filters } from "./filters.js";
import { Heads, arrow } from "./diagram-arrows.js";
import { NODE_MARKS, nodeMark } from "./diagram-marks.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").DiagramEvent} DiagramEvent */
/** @typedef {"compact" | "normal" | "tall"} RowSize */

/** Pixels per step (in the drawing's own units, 800 wide), for each row size. */
export const ROWS = /** @type {Record<RowSize, number>} */ ({ compact: 9, normal: 18, tall: 28 });
const TOP = 12;
/** The height of the names' strip, which stays above the scrolling lines. */
const HEAD = 22;
const LEFT = 46;
const WIDTH = 800;
/** Steps shown before and after the cursor. */
export const BEFORE = 30;
export const AFTER = 6;

export class Diagram {
  /**
   * @param {SVGSVGElement} root
   * @param {(mark: DiagramEvent) => void} onPick called when an arrow is clicked or activated
   */
  constructor(root, onPick) {
    this.root = root;
    this.onPick = onPick;
    this.key = "";
    /** @type {RowSize} */
    this.rows = "normal";
    /** @type {DiagramEvent[]} the marks drawn, by the arrows' data-mark index */
    this.marks = [];
    // The nodes' names, in a strip of their own that stays in view while the lines scroll.
    this.names = svg("svg", { class: "diagram-names", viewBox: `0 0 ${WIDTH} ${HEAD}`, "aria-hidden": "true" });
    root.before(this.names);
    this.namesKey = "";
    const defs = svg("defs");
    this.heads = new Heads(defs);
    this.content = svg("g");
    root.replaceChildren(defs, this.content);
    // One listener for every arrow, rather than two per arrow per redraw.
    root.addEventListener("click", (event) => this.pick(event));
    root.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      if (this.pick(event)) {
        event.preventDefault();
        event.stopPropagation();
      }
    });
    // The scroll box's size and position, kept here so a redraw never has to ask for layout.
    this.box = root.parentElement;
    this.view = { top: 0, height: 0, scale: 1, head: 0 };
    if (this.box) {
      const box = this.box;
      box.addEventListener("scroll", () => (this.view.top = box.scrollTop), { passive: true });
      const sizes = new ResizeObserver(() => {
        this.view.height = box.clientHeight;
        this.view.scale = root.clientWidth / WIDTH || 1;
        this.view.head = this.names.clientHeight;
        this.follow();
      });
      sizes.observe(root);
      sizes.observe(box);
    }
    /** The cursor's row and the drawing's height, in drawing units, for keeping it in view. */
    this.cursorY = 0;
    this.drawnHeight = 0;
  }

  /**
   * Calls back with the mark of the arrow an event happened on, if any.
   * @param {Event} event
   */
  pick(event) {
    const target = /** @type {Element | null} */ (event.target instanceof Element ? event.target.closest("[data-mark]") : null);
    const mark = target && this.marks[Number(target.getAttribute("data-mark"))];
    if (mark) this.onPick(mark);
    return Boolean(mark);
  }

  /**
   * The window of steps to draw for a cursor.
   * @param {number} cursor
   * @param {number} length
   */
  static window(cursor, length) {
    const from = Math.max(0, cursor - BEFORE);
    const to = Math.max(from + BEFORE + AFTER, Math.min(length, cursor + AFTER));
    return { from, to };
  }

  /**
   * @param {Snapshot} snap the simulation at the cursor
   * @param {number} cursor
   * @param {number} length the last step of the history
   * @param {number} from
   * @param {number} to
   * @param {DiagramEvent[]} marks
   */
  draw(snap, cursor, length, from, to, marks) {
    const key = JSON.stringify([
      snap.nodes.map((n) => n.name),
      cursor,
      length,
      from,
      to,
      marks.length,
      marks.at(-1)?.step,
      snap.time,
      this.rows,
      filters.heartbeats,
    ]);
    if (key === this.key) return;
    this.key = key;
    const row = ROWS[this.rows];
    const n = snap.nodes.length;
    const x = (/** @type {number} */ id) => LEFT + 20 + (id * (WIDTH - LEFT - 60)) / Math.max(1, n - 1);
    const y = (/** @type {number} */ step) => TOP + (step - from) * row;
    const height = y(to) + row;
    this.root.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    this.root.setAttribute("data-rows", this.rows);
    /** @type {SVGElement[]} */
    const parts = [];
    /** @type {SVGElement[]} */
    const labels = [];
    // Steps after the cursor that exist (the run was rewound) are shaded.
    const last = Math.min(to, length);
    if (cursor < last) {
      parts.push(svg("rect", { class: "future", x: 0, y: y(cursor) + row / 2, width: WIDTH, height: y(last) - y(cursor) }));
    }
    this.axis(parts, from, to, y, row);
    this.drawNames(snap, x);
    for (const node of snap.nodes) parts.push(svg("line", { class: "lifeline", x1: x(node.id), y1: 0, x2: x(node.id), y2: height }));
    const ctx = { snap, heads: this.heads, placed: [], twoPhase: snap.config.mode === "twoPhase" };
    /** @type {SVGElement[]} */
    const onLines = [];
    this.marks = marks;
    marks.forEach((mark, index) => {
      // A node created later than the step shown (a server added after it) has no line yet.
      if (!snap.nodes[mark.from] || !snap.nodes[mark.to]) return;
      if (NODE_MARKS.has(mark.what)) {
        nodeMark(snap, mark, x, y(mark.step), onLines);
        return;
      }
      if (hidden(mark.kind)) return;
      const x1 = x(mark.from);
      const y1 = y(mark.sentStep);
      let x2 = mark.from === mark.to ? x1 + 12 : x(mark.to);
      let y2 = y(mark.step);
      if (mark.what === "lost") {
        x2 = (x1 + x2) / 2;
        y2 = (y1 + y2) / 2;
      }
      arrow(ctx, mark, index, { x1, y1, x2, y2 }, parts, labels);
    });
    const cy = y(cursor) + row / 2;
    const now = svg("text", { class: "cursor-label", x: WIDTH - 4, y: cy - 3 });
    now.textContent = `step ${cursor} · t=${snap.time}`;
    parts.push(...labels, ...onLines, svg("line", { class: "cursor", x1: 0, y1: cy, x2: WIDTH, y2: cy }), now);
    this.content.replaceChildren(...parts);
    this.cursorY = cy;
    this.drawnHeight = height;
    this.follow();
  }

  /**
   * The names' strip, redrawn only when the nodes change.
   * @param {Snapshot} snap
   * @param {(id: number) => number} x
   */
  drawNames(snap, x) {
    const key = snap.nodes.map((n) => n.name).join(" ");
    if (key === this.namesKey) return;
    this.namesKey = key;
    const title = svg("text", { class: "step-label axis-title", x: 4, y: 15 });
    title.textContent = "step";
    const names = snap.nodes.map((node) => {
      const name = svg("text", { class: "name", x: x(node.id), y: 15 });
      name.textContent = node.name;
      return name;
    });
    this.names.replaceChildren(title, ...names);
  }

  /**
   * The time axis: a step number (and a faint rule) every 5 or 10 steps, as the rows allow.
   * @param {SVGElement[]} parts
   * @param {number} from
   * @param {number} to
   * @param {(step: number) => number} y
   * @param {number} row
   */
  axis(parts, from, to, y, row) {
    const every = row >= 16 ? 5 : 10;
    for (let s = Math.ceil(from / every) * every; s <= to; s += every) {
      const label = svg("text", { class: "step-label", x: 4, y: y(s) + 3.5 });
      label.textContent = `${s}`;
      parts.push(svg("line", { class: "step-rule", x1: LEFT - 10, y1: y(s), x2: WIDTH, y2: y(s) }), label);
    }
  }

  /** Scrolls the diagram's box, if it scrolls, so that the cursor's row is in view. */
  follow() {
    const box = this.box;
    const { top, height, scale, head } = this.view;
    if (!box || height === 0) return;
    // The cursor's row below the top of the box's content (the names' strip comes first).
    const cy = head + this.cursorY * scale;
    const content = head + this.drawnHeight * scale;
    const margin = Math.min(60, height / 4);
    if (content <= height || (cy >= top + head + margin && cy <= top + height - margin)) return;
    const want = Math.min(content - height, Math.max(0, cy - height * 0.7));
    box.scrollTop = want;
    this.view.top = want;
  }
}
