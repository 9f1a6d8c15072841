// @ts-check
// The space-time diagram's message arrows: a line from (sender, step sent) to (receiver, step
// delivered) with an arrowhead (an SVG marker) in its kind's colour, dashed when the message was lost (it ends
// half-way, without a head), zigzag-dashed with a ~ when the network damaged it, and the kind's
// short label (1a, 1b, 2a, 2b, ...) on a small chip where there is room for it.

import { svg } from "./dom.js";
import * as fmt from "./format.js";
import { lossReason } from "./words.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").DiagramEvent} DiagramEvent */
/** @typedef {import("paxos-core").MessageKind} MessageKind */
/** @typedef {{ x: number, y: number, w: number, h: number }} Box */

/** A label chip's height, and its width per character and padding. */
const CHIP_H = 11;
const CHAR_W = 6;
const PAD = 4;

/**
 * The arrowhead markers of a diagram: one `<marker>` per message kind, made the first time the
 * kind is drawn and kept in the diagram's `<defs>` (its colour comes from the stylesheet's
 * `.kind-…` rule, so the strict style policy is kept).
 */
export class Heads {
  /** @param {SVGDefsElement} defs */
  constructor(defs) {
    this.defs = defs;
    /** @type {Set<string>} */
    this.made = new Set();
  }

  /**
   * The `marker-end` reference for a kind, making its marker if needed.
   * @param {MessageKind} kind
   */
  ref(kind) {
    const id = `diagram-head-${kind}`;
    if (!this.made.has(kind)) {
      this.made.add(kind);
      const marker = svg("marker", {
        id,
        class: `head kind-${kind}`,
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerWidth: 9,
        markerHeight: 9,
        markerUnits: "userSpaceOnUse",
        orient: "auto",
      });
      marker.append(svg("path", { d: "M1.5,2 L9,5 L1.5,8 Z" }));
      this.defs.append(marker);
    }
    return `url(#${id})`;
  }
}

/**
 * The short label the cluster draws on a message of this kind. The diagram keeps no message
 * bodies, so a two-phase-commit vote or decision reads by its kind (vt, dc), not yes/no.
 * @param {MessageKind} kind
 * @param {boolean} twoPhase
 */
export function glyph(kind, twoPhase) {
  const shape = /** @type {import("paxos-core").Message} */ (/** @type {unknown} */ ({ type: twoPhase && kind === "prepare" ? "txPrepare" : kind }));
  return fmt.glyph(shape, kind);
}

/**
 * What an arrow says, for its tooltip and screen readers.
 * @param {Snapshot} snap
 * @param {DiagramEvent} mark
 */
export function describe(snap, mark) {
  const to = fmt.nodeName(snap, mark.to);
  const lost = mark.what === "lost";
  return `#${mark.id} ${mark.kind} ${fmt.nodeName(snap, mark.from)} → ${to}, sent at step ${mark.sentStep}, ${
    lost ? `lost at step ${mark.step}${mark.reason ? ` (${lossReason(mark.reason, to)})` : ""}` : `delivered at step ${mark.step}`
  }${mark.corrupted ? ", damaged in flight" : ""}`;
}

/**
 * Draws one message arrow into `parts` (and its label chip into `labels`, when it fits).
 * @param {{ snap: Snapshot, heads: Heads, placed: Box[], twoPhase: boolean }} ctx
 * @param {DiagramEvent} mark a delivered or lost message
 * @param {number} index the mark's index, for the diagram's click handler
 * @param {{ x1: number, y1: number, x2: number, y2: number }} at where it starts and ends
 * @param {SVGElement[]} parts
 * @param {SVGElement[]} labels
 */
export function arrow(ctx, mark, index, { x1, y1, x2, y2 }, parts, labels) {
  const kind = mark.kind ?? "prepare";
  const lost = mark.what === "lost";
  const line = svg("line", {
    class: `arrow kind-${kind}${lost ? " lost" : ""}${mark.corrupted ? " corrupted" : ""}`,
    x1,
    y1,
    x2,
    y2,
    tabindex: 0,
    role: "button",
    "data-mark": index,
  });
  const text = describe(ctx.snap, mark);
  line.setAttribute("aria-label", `${text}. Press Enter to go there.`);
  const title = svg("title");
  title.textContent = text;
  line.append(title);
  parts.push(line);
  // The head rides on the arrow's last unit, its own element: a marker on the arrow itself would
  // widen the arrow's box on one side, and a click on that box's middle would miss the line.
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (!lost && length > 0) {
    const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
    const head = svg("line", { class: `arrow-head kind-${kind}`, x1: x2 - ux, y1: y2 - uy, x2, y2, "aria-hidden": "true" });
    head.setAttribute("marker-end", ctx.heads.ref(kind));
    parts.push(head);
  }
  if (mark.corrupted) {
    const tilde = svg("text", { class: "damage-mark", x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 - 2, "aria-hidden": "true" });
    tilde.textContent = "~";
    parts.push(tilde);
  }
  const chip = label(ctx, kind, { x1, y1, x2, y2 });
  if (chip) labels.push(chip);
}

/**
 * The kind's label on a chip along the arrow, at its middle or a little before or after it,
 * where it overlaps no chip already placed; none if the arrow is too short or there is no room.
 * @param {{ placed: Box[], twoPhase: boolean }} ctx
 * @param {MessageKind} kind
 * @param {{ x1: number, y1: number, x2: number, y2: number }} at
 */
function label(ctx, kind, { x1, y1, x2, y2 }) {
  const text = glyph(kind, ctx.twoPhase);
  if (!text) return null;
  const w = [...text].length * CHAR_W + PAD;
  if (Math.hypot(x2 - x1, y2 - y1) < w + 16) return null;
  for (const t of [0.5, 0.35, 0.65, 0.25, 0.75]) {
    const box = { x: x1 + (x2 - x1) * t - w / 2, y: y1 + (y2 - y1) * t - CHIP_H / 2, w, h: CHIP_H };
    if (ctx.placed.some((b) => b.x < box.x + box.w && box.x < b.x + b.w && b.y < box.y + box.h && box.y < b.y + b.h)) continue;
    ctx.placed.push(box);
    const g = svg("g", { class: `glyph kind-${kind}`, "aria-hidden": "true" });
    const chipText = svg("text", { x: box.x + w / 2, y: box.y + CHIP_H - 2.5 });
    chipText.textContent = text;
    g.append(svg("rect", { x: box.x, y: box.y, width: w, height: CHIP_H, rx: 3 }), chipText);
    return g;
  }
  return null;
}
