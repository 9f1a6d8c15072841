// @ts-check
// Where the messages in flight are drawn, one render at a time. A message sits on its link at the
// fraction of its journey done, but only on the part of the link clear of both ends (their
// circles and their lines of state) and never less than a third of the way along, so that one
// just sent (say, by a delivery by hand, which does not move time) is visibly on its way. A
// message that would land on a node, a node's lines or a message already placed is moved along
// its link to the nearest free spot; already placed messages are kept in a grid, so each check
// looks at a few neighbours only. Everything stays inside the drawing.

import { RADIUS } from "./cluster-layout.js";

/** @typedef {import("./cluster-layout.js").Point} Point */
/** @typedef {{ x0: number, y0: number, x1: number, y1: number }} Box */
/**
 * The part of a link a message may be drawn on: from `a` along the unit vector `u`, from
 * `start` to `end`; `n` points to the side of its lane.
 * @typedef {{ a: Point, ux: number, uy: number, nx: number, ny: number, start: number, end: number }} Span
 */

/** How far a message chip reaches from its centre (its hit circle). */
export const CHIP = 13;
/** The least fraction of its link a message in flight has gone. */
const LEAST = 0.34;
/** The grid's cell size: about two chips. */
const CELL = 32;

/**
 * Where a ray from `c` along `u` leaves a box, or 0 if it never meets it.
 * @param {Point} c
 * @param {number} ux
 * @param {number} uy
 * @param {Box} b
 */
function exit(c, ux, uy, b) {
  let near = -Infinity;
  let far = Infinity;
  for (const [o, d, lo, hi] of [[c.x, ux, b.x0, b.x1], [c.y, uy, b.y0, b.y1]]) {
    if (Math.abs(d) < 1e-9) {
      if (o < lo || o > hi) return 0;
      continue;
    }
    const [t1, t2] = [(lo - o) / d, (hi - o) / d];
    near = Math.max(near, Math.min(t1, t2));
    far = Math.min(far, Math.max(t1, t2));
  }
  return near <= far && far > 0 ? far : 0;
}

/** @param {Box} b @param {number} r */
const grow = (b, r) => ({ x0: b.x0 - r, y0: b.y0 - r, x1: b.x1 + r, y1: b.y1 + r });

export class Placer {
  /**
   * @param {Point[]} pos each node's centre, by id
   * @param {(Box | undefined)[]} labels each node's lines of state, by id, in the drawing's units
   * @param {number} width the drawing's size
   * @param {number} height
   */
  constructor(pos, labels, width, height) {
    this.pos = pos;
    this.labels = labels;
    this.width = width;
    this.height = height;
    /** @type {Map<string, Span>} */
    this.spans = new Map();
    /** The chips placed so far, by grid cell. @type {Map<number, { x: number, y: number, r: number }[]>} */
    this.grid = new Map();
  }

  /**
   * How far from a node's centre, going along `u`, a chip is clear of the node and its lines.
   * @param {number} id
   * @param {number} ux
   * @param {number} uy
   */
  clearance(id, ux, uy) {
    const label = this.labels[id];
    const c = this.pos[id];
    return Math.max(RADIUS + CHIP + 3, label ? exit(c, ux, uy, grow(label, CHIP + 1)) : 0);
  }

  /** The drawable part of the link from one node to another. @param {number} from @param {number} to */
  span(from, to) {
    const key = `${from}>${to}`;
    const known = this.spans.get(key);
    if (known) return known;
    const a = this.pos[from];
    const b = this.pos[to];
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const [ux, uy] = [(b.x - a.x) / len, (b.y - a.y) / len];
    // Lanes to the left of the way travelled: the two directions keep to their own side.
    const [nx, ny] = [-uy, ux];
    let start = Math.max(this.clearance(from, ux, uy), LEAST * len);
    let end = len - this.clearance(to, -ux, -uy);
    if (end < start) start = end = Math.max(LEAST * len, (start + end) / 2);
    const span = { a, ux, uy, nx, ny, start, end };
    this.spans.set(key, span);
    return span;
  }

  /**
   * A point on a link: `t` of the way along its drawable part, in lane `lane` (0 nearest the line).
   * @param {number} from
   * @param {number} to
   * @param {number} t
   * @param {number} [lane]
   */
  at(from, to, t, lane = 0) {
    const s = this.span(from, to);
    return this.along(s, s.start + (s.end - s.start) * Math.min(1, Math.max(0, t)), lane);
  }

  /** @param {Span} s @param {number} d @param {number} lane */
  along(s, d, lane) {
    const side = 9 + 14 * lane;
    return this.inside({ x: s.a.x + s.ux * d + s.nx * side, y: s.a.y + s.uy * d + s.ny * side }, CHIP);
  }

  /** A point moved inside the drawing, a chip of half-width `r` clear of its edges. @param {Point} p @param {number} r */
  inside(p, r) {
    return { x: Math.min(this.width - r - 1, Math.max(r + 1, p.x)), y: Math.min(this.height - CHIP - 1, Math.max(CHIP + 1, p.y)) };
  }

  /**
   * How a chip of half-width `r` (and half-height {@link CHIP}: a message's circle or a group's
   * pill) at `p` meets the nodes: 0 clear, 1 over a node's lines (which have a halo), 2 over a
   * node's circle.
   * @param {Point} p
   * @param {number} r
   */
  onNodes(p, r) {
    let level = 0;
    for (let id = 0; id < this.pos.length; id++) {
      const c = this.pos[id];
      if (!c) continue;
      if (Math.hypot(Math.max(0, Math.abs(c.x - p.x) - r), Math.max(0, Math.abs(c.y - p.y) - CHIP)) < RADIUS + 3) return 2;
      const b = this.labels[id];
      if (b && p.x > b.x0 - r && p.x < b.x1 + r && p.y > b.y0 - CHIP && p.y < b.y1 + CHIP) level = 1;
    }
    return level;
  }

  /** Whether a chip of half-width `r` at `p` is clear of the chips placed so far. @param {Point} p @param {number} r */
  alone(p, r) {
    const [cx, cy] = [Math.floor(p.x / CELL), Math.floor(p.y / CELL)];
    for (let i = cx - 2; i <= cx + 2; i++) {
      for (let j = cy - 2; j <= cy + 2; j++) {
        for (const q of this.grid.get(i * 4096 + j) ?? []) {
          // Hit areas may touch; the drawn chips (3 smaller each way) may not.
          if (Math.abs(q.x - p.x) < q.r + r - 5 && Math.abs(q.y - p.y) < 2 * CHIP - 5) return false;
        }
      }
    }
    return true;
  }

  /**
   * How bad a spot is, lower better: over a node's circle is ruled out (Infinity); then over a
   * node's lines, over another chip, out of its own lane (`away`).
   * @param {Point} p
   * @param {number} r
   * @param {boolean} away
   */
  score(p, r, away) {
    const nodes = this.onNodes(p, r);
    return nodes === 2 ? Infinity : nodes * 4 + (this.alone(p, r) ? 0 : 2) + (away ? 1 : 0);
  }

  /** Records a chip. @param {Point} p @param {number} r */
  take(p, r) {
    const key = Math.floor(p.x / CELL) * 4096 + Math.floor(p.y / CELL);
    const cell = this.grid.get(key);
    if (cell) cell.push({ ...p, r });
    else this.grid.set(key, [{ ...p, r }]);
    return p;
  }

  /**
   * Places a chip of half-width `r` on its link near `t` of the way (see {@link at}): the nearest
   * spot along the link clear of everything, in its lane or else another; failing that the
   * best (see {@link score}), never over a node's circle if it can help it; else `t` itself.
   * @param {number} from
   * @param {number} to
   * @param {number} t
   * @param {number} [lane]
   * @param {number} [r]
   */
  settle(from, to, t, lane = 0, r = CHIP) {
    /** @type {Point | null} */
    let best = null;
    let bestScore = Infinity;
    if (from === to) {
      // To itself: the best place beside the node from its own rank on, the nearest of equals.
      for (let k = lane; k < lane + 40 && bestScore > 0; k++) {
        const p = this.self(from, k, r);
        const score = this.score(p, r, false);
        if (score < bestScore) [best, bestScore] = [p, score];
      }
      return this.take(best ?? this.self(from, lane, r), r);
    }
    const link = this.span(from, to);
    // A chip wider than a message keeps further from both ends.
    const wide = Math.max(0, r - CHIP);
    const mid = (link.start + link.end) / 2;
    const s = link.end - link.start >= 2 * wide ? { ...link, start: link.start + wide, end: link.end - wide } : { ...link, start: mid, end: mid };
    const base = s.start + (s.end - s.start) * Math.min(1, Math.max(0, t));
    const reach = Math.max(base - s.start, s.end - base);
    // Its own lane first, nearest spots first; then the others. Each spot is looked at once.
    const lanes = [lane, lane + 1, lane + 2, lane + 3, -1, -2, -3];
    for (let i = 0; i < lanes.length; i++) {
      for (let k = 0; k <= 2 * Math.ceil(reach / 8); k++) {
        const d = base + (k % 2 ? 1 : -1) * 8 * Math.ceil(k / 2);
        if (d < s.start - 0.5 || d > s.end + 0.5) continue;
        const p = this.along(s, d, lanes[i]);
        const score = this.score(p, r, i > 0);
        if (score < bestScore) [best, bestScore] = [p, score];
        if (bestScore <= (i > 0 ? 1 : 0)) return this.take(p, r);
      }
    }
    return this.take(best ?? this.along(s, base, lane), r);
  }

  /**
   * The `rank`-th place for a message a node sends itself: beside the node, on the side towards
   * the middle of the drawing, two to a row, rows going up; inside the drawing.
   * @param {number} id
   * @param {number} rank
   * @param {number} [r]
   */
  self(id, rank, r = CHIP) {
    const c = this.pos[id];
    const side = c.x > this.width / 2 ? -1 : 1;
    const col = rank % 2;
    const row = Math.floor(rank / 2);
    const p = { x: c.x + side * (RADIUS + r + 5 + col * 26), y: c.y - row * 26 };
    return this.inside(p, r);
  }
}
