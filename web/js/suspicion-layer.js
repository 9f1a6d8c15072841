// @ts-check
// Multi-Paxos failure detection in the drawing: a dashed arrow from each server toward each
// server it suspects (it has heard nothing from it for a while), and a "?" on every suspected
// server, whose tooltip says who suspects it and why that proves nothing. Redrawn only when
// the suspicions or the layout change.

import { svg } from "./dom.js";
import { RADIUS } from "./cluster-layout.js";
import { suspicions, suspected } from "./words-membership.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./cluster-layout.js").Point} Point */

export class SuspicionLayer {
  /**
   * @param {SVGGElement} arrows drawn under the nodes
   * @param {SVGGElement} marks drawn over the nodes
   */
  constructor(arrows, marks) {
    this.arrows = arrows;
    this.marks = marks;
    this.key = "";
  }

  /**
   * @param {Snapshot} snap
   * @param {Point[]} pos where each node sits
   * @param {string} shape the layout's key: a new layout redraws
   */
  draw(snap, pos, shape) {
    const pairs = suspicions(snap).filter(([a, b]) => pos[a] && pos[b]);
    const key = JSON.stringify([shape, pairs]);
    if (key === this.key) return;
    this.key = key;
    const arrows = pairs.map(([a, b]) => {
      const from = pos[a];
      const to = pos[b];
      const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      const [ux, uy] = [(to.x - from.x) / len, (to.y - from.y) / len];
      // Off the link's centre line, on the suspecting server's side of it, so two servers that
      // suspect each other draw two arrows.
      const [nx, ny] = [-uy * 5, ux * 5];
      const start = RADIUS + 4;
      const end = Math.max(start + 10, len * 0.62);
      const line = svg("line", {
        class: "suspicion",
        x1: (from.x + ux * start + nx).toFixed(1),
        y1: (from.y + uy * start + ny).toFixed(1),
        x2: (from.x + ux * end + nx).toFixed(1),
        y2: (from.y + uy * end + ny).toFixed(1),
        "marker-end": "url(#suspect-arrow)",
      });
      line.dataset.from = String(a);
      line.dataset.to = String(b);
      return line;
    });
    const head = svg("marker", { id: "suspect-arrow", viewBox: "0 0 8 8", refX: 6, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto" });
    head.append(svg("path", { d: "M0,0 L8,4 L0,8 z", class: "suspicion-head" }));
    const defs = svg("defs");
    defs.append(head);
    this.arrows.replaceChildren(defs, ...arrows);
    const suspects = [...new Set(pairs.map(([, b]) => b))];
    this.marks.replaceChildren(
      ...suspects.map((id) => {
        const { x, y } = pos[id];
        const g = svg("g", { class: "suspect-mark", transform: `translate(${(x + RADIUS * 0.78).toFixed(1)} ${(y - RADIUS * 0.78).toFixed(1)})` });
        g.dataset.node = String(id);
        const title = svg("title");
        title.textContent = suspected(snap, pairs.filter(([, b]) => b === id).map(([a]) => a), id);
        const mark = svg("text", { dy: "0.35em" });
        mark.textContent = "?";
        g.append(title, svg("circle", { r: 8.5 }), mark);
        return g;
      }),
    );
  }
}
