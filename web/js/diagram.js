// @ts-check
// The space-time (Lamport) diagram: one vertical line per node, time flowing down one row per
// step, an arrow per delivered message from (sender, step sent) to (receiver, step delivered),
// dashed arrows for messages lost, zigzag-dashed ones (and a ~ mark) for messages damaged in
// flight, marks for crashes and restarts. Only the steps around the
// timeline cursor are drawn (the simulator returns just the marks of that window), so a run of
// any length costs the same to draw.

import { svg } from "./dom.js";
import * as fmt from "./format.js";
import { lossReason } from "./words.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").DiagramEvent} DiagramEvent */

const ROW = 9;
const TOP = 26;
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
   * @param {Snapshot} snap
   * @param {number} cursor
   * @param {number} length the last step of the history
   * @param {number} from
   * @param {number} to
   * @param {DiagramEvent[]} marks
   */
  draw(snap, cursor, length, from, to, marks) {
    const key = JSON.stringify([snap.nodes.map((n) => n.name), cursor, length, from, to, marks.length, marks.at(-1)?.step]);
    if (key === this.key) return;
    this.key = key;
    const n = snap.nodes.length;
    const x = (/** @type {number} */ id) => LEFT + 20 + (id * (WIDTH - LEFT - 60)) / Math.max(1, n - 1);
    const y = (/** @type {number} */ step) => TOP + (step - from) * ROW;
    const height = y(to) + ROW;
    this.root.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    /** @type {SVGElement[]} */
    const parts = [];
    // Steps after the cursor that exist (the run was rewound) are shaded.
    const last = Math.min(to, length);
    if (cursor < last) {
      parts.push(svg("rect", { class: "future", x: 0, y: y(cursor) + ROW / 2, width: WIDTH, height: y(last) - y(cursor) }));
    }
    for (const node of snap.nodes) {
      const name = svg("text", { class: "name", x: x(node.id), y: 14 });
      name.textContent = node.name;
      parts.push(name, svg("line", { class: "lifeline", x1: x(node.id), y1: TOP - 4, x2: x(node.id), y2: height }));
    }
    for (let s = Math.ceil(from / 10) * 10; s <= to; s += 10) {
      const label = svg("text", { class: "step-label", x: 4, y: y(s) + 3 });
      label.textContent = `${s}`;
      parts.push(label);
    }
    for (const mark of marks) {
      // A node created later than the step shown (a server added after it) has no line yet.
      if (!snap.nodes[mark.from] || !snap.nodes[mark.to]) continue;
      if (mark.what === "crashed" || mark.what === "restarted") {
        if (mark.what === "crashed") {
          const cross = svg("text", { class: "crash", x: x(mark.from), y: y(mark.step) + 5 });
          cross.textContent = "✕";
          const title = svg("title");
          title.textContent = `${fmt.nodeName(snap, mark.from)} crashed at step ${mark.step}`;
          cross.append(title);
          parts.push(cross);
        } else {
          const dot = svg("circle", { class: "restart", cx: x(mark.from), cy: y(mark.step), r: 4 });
          const title = svg("title");
          title.textContent = `${fmt.nodeName(snap, mark.from)} restarted at step ${mark.step}`;
          dot.append(title);
          parts.push(dot);
        }
        continue;
      }
      const x1 = x(mark.from);
      const y1 = y(mark.sentStep);
      let x2 = mark.from === mark.to ? x1 + 12 : x(mark.to);
      let y2 = y(mark.step);
      const lost = mark.what === "lost";
      if (lost) {
        x2 = (x1 + x2) / 2;
        y2 = (y1 + y2) / 2;
      }
      const kind = mark.kind ?? "prepare";
      const damaged = mark.corrupted ? " corrupted" : "";
      const line = svg("line", { class: `arrow kind-${kind}${lost ? " lost" : ""}${damaged}`, x1, y1, x2, y2, tabindex: 0, role: "button" });
      const to = fmt.nodeName(snap, mark.to);
      const label = `#${mark.id} ${kind} ${fmt.nodeName(snap, mark.from)} → ${to}, sent at step ${mark.sentStep}, ${
        lost ? `lost at step ${mark.step}${mark.reason ? ` (${lossReason(mark.reason, to)})` : ""}` : `delivered at step ${mark.step}`
      }${mark.corrupted ? ", damaged in flight" : ""}`;
      line.setAttribute("aria-label", `${label}. Press Enter to go there.`);
      const title = svg("title");
      title.textContent = label;
      line.append(title);
      const pick = () => this.onPick(mark);
      line.addEventListener("click", pick);
      line.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.stopPropagation();
          pick();
        }
      });
      parts.push(line);
      if (mark.corrupted) {
        const tilde = svg("text", { class: "damage-mark", x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 - 2, "aria-hidden": "true" });
        tilde.textContent = "~";
        parts.push(tilde);
      }
      if (!lost) parts.push(svg("circle", { class: `arrow-end kind-${kind}`, cx: x2, cy: y2, r: 2.2 }));
    }
    parts.push(svg("line", { class: "cursor", x1: 0, y1: y(cursor) + ROW / 2, x2: WIDTH, y2: y(cursor) + ROW / 2 }));
    this.root.replaceChildren(...parts);
  }
}
