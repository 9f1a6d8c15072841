// @ts-check
// Geometry of the cluster drawing: where each node sits for the screen's shape, and how much
// room its lines of state have (where messages go is message-place.js's). Pure functions of
// the snapshot; nothing is drawn here.

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {{ x: number, y: number }} Point */

const WIDTH = 800;
export const RADIUS = 27;

/** Below this width (CSS px) the cluster is drawn in portrait, roles in rows. */
export const NARROW = "(max-width: 600px)";

/**
 * Whether two nodes have a link drawn between them: every pair of servers; in separate roles
 * only proposer–acceptor and acceptor–learner; in two-phase commit only the coordinator and
 * each participant (participants never talk to each other).
 * @param {Snapshot} snap
 * @param {import("paxos-core").NodeView} a
 * @param {import("paxos-core").NodeView} b
 */
export function linked(snap, a, b) {
  if (snap.config.mode === "twoPhase") return Boolean(a.coordinator || b.coordinator);
  if (snap.config.layout === "shared" || snap.config.mode === "multi") return true;
  return Boolean((a.proposer && b.acceptor) || (a.acceptor && b.learner) || (b.proposer && a.acceptor) || (b.acceptor && a.learner));
}

/**
 * Two-phase commit: the coordinator on top (its state written above it, clear of the messages
 * it sends), the participants in rows below it (four to a row on a wide screen, two on a
 * narrow one), so every message goes down (prepare, decision) or up (vote, ack, query).
 * @param {Snapshot} snap
 * @param {boolean} narrow
 */
function twoPhaseLayout(snap, narrow) {
  const [width, perRow, gap, top, rowHeight] = narrow ? [400, 2, 230, 80, 150] : [WIDTH, 4, 185, 90, 170];
  /** @type {Point[]} */
  const pos = [];
  const participants = snap.nodes.filter((n) => !n.coordinator);
  for (const n of snap.nodes) if (n.coordinator) pos[n.id] = { x: width / 2, y: top };
  participants.forEach((n, i) => {
    const row = Math.floor(i / perRow);
    const inRow = Math.min(perRow, participants.length - row * perRow);
    const col = i % perRow;
    pos[n.id] = { x: width / 2 + (col - (inRow - 1) / 2) * gap, y: top + rowHeight * (row + 1) + (narrow ? 0 : 20) };
  });
  const rows = Math.ceil(participants.length / perRow);
  return { width, height: top + rowHeight * rows + 110, pos };
}

/**
 * Where each node sits. Separate roles on a wide screen: proposers, acceptors and learners in
 * three columns, so messages flow left to right (phases 1a, 2a) and back (1b, 2b); on a narrow
 * screen the same in three rows, top to bottom. A crowded column or row zigzags. Shared roles
 * and Multi-Paxos: the servers on an oval, wider than tall so that the state lines of
 * neighbours do not meet, for any number of servers up to 9. Two-phase commit: the coordinator
 * above its participants.
 * @param {Snapshot} snap
 * @param {boolean} narrow
 * @returns {{ width: number, height: number, pos: Point[] }}
 */
export function layout(snap, narrow) {
  const nodes = snap.nodes;
  if (snap.config.mode === "twoPhase") return twoPhaseLayout(snap, narrow);
  if (snap.config.layout === "shared" || snap.config.mode === "multi") {
    const many = crowded(snap);
    const ry = narrow ? (nodes.length > 4 ? 205 : 160) : 200;
    // A crowded ring writes its top server's lines above it: room for them there.
    const top = ry + (many ? 100 : 53);
    const [width, height, rx] = narrow ? [400, top + ry + 100, 140] : [WIDTH, 560 + (many ? 30 : 0), many ? 290 : 250];
    const cy = narrow ? top : height / 2 - 22 + (many ? 15 : 0);
    const pos = nodes.map((_, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
      return { x: width / 2 + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) };
    });
    return { width, height, pos };
  }
  const groups = [
    nodes.filter((n) => n.proposer).map((n) => n.id),
    nodes.filter((n) => n.acceptor).map((n) => n.id),
    nodes.filter((n) => n.learner).map((n) => n.id),
  ];
  /** @type {Point[]} */
  const pos = [];
  if (narrow) {
    // Rows of at most three (four fit when a role has four), each row a little off the one
    // above so that links to a far row pass between nodes; rows far enough apart for three
    // lines of state, roles further apart still, so that messages between them are clear of both.
    const width = 400;
    let y = 48;
    for (const ids of groups) {
      const perRow = ids.length === 4 ? 4 : 3;
      const rows = Math.ceil(ids.length / perRow);
      const gap = perRow === 4 ? 98 : ids.length === 2 ? 200 : 118;
      ids.forEach((id, i) => {
        const row = Math.floor(i / perRow);
        const inRow = Math.min(perRow, ids.length - row * perRow);
        const stagger = rows > 1 && inRow === 3 ? (row % 2 ? 15 : -15) : 0;
        pos[id] = { x: width / 2 + (i % perRow - (inRow - 1) / 2) * gap + stagger, y: y + row * 150 };
      });
      y += (rows - 1) * 150 + 190;
    }
    return { width, height: y - 190 + 100, pos };
  }
  const columns = /** @type {[number, number[]][]} */ ([
    [120, groups[0]],
    [WIDTH / 2, groups[1]],
    [WIDTH - 120, groups[2]],
  ]);
  const slot = (/** @type {number} */ count) => (count > 5 ? 70 : 112);
  const height = Math.max(420, ...columns.map(([, ids]) => ids.length * slot(ids.length) + 40));
  for (const [x, ids] of columns) {
    const step = slot(ids.length);
    const top = (height - ids.length * step) / 2;
    ids.forEach((id, i) => {
      const zig = ids.length > 5 ? (i % 2 ? 62 : -62) : 0;
      pos[id] = { x: x + zig, y: top + step * (i + 0.35) };
    });
  }
  return { width: WIDTH, height, pos };
}

/** A ring of more than six servers, whose neighbours' lines of state could meet. @param {Snapshot} snap */
function crowded(snap) {
  return (snap.config.layout === "shared" || snap.config.mode === "multi") && snap.config.mode !== "twoPhase" && snap.nodes.length > 6;
}

/**
 * Whether a node's lines of state go above it: a coordinator, whose broadcasts leave below it;
 * the top server of a crowded ring, whose neighbours sit just below it on both sides.
 * @param {Snapshot} snap
 * @param {number} id
 */
function linesAbove(snap, id) {
  return Boolean(snap.nodes[id]?.coordinator) || (crowded(snap) && id === 0);
}

/**
 * Where a node's lines of state go: above it or below (see {@link linesAbove}); and how far a
 * line of half-width `half` moves sideways: on a crowded ring in the wide drawing away from the
 * centre, so that neighbours' lines do not meet; always inside the drawing.
 * @param {Snapshot} snap
 * @param {number} id
 * @param {Point[]} pos
 * @param {number} width the drawing's width
 * @param {boolean} [narrow] the portrait drawing, whose lines are fitted to their room instead
 */
export function labelPlace(snap, id, pos, width, narrow = false) {
  const many = crowded(snap) && !narrow;
  const x = pos[id]?.x ?? 0;
  const above = linesAbove(snap, id);
  /** @param {number} half */
  const shift = (half) => {
    const side = !many || Math.abs(x - width / 2) < 12 ? 0 : Math.sign(x - width / 2) * Math.max(0, half - RADIUS);
    const left = x + side - half;
    const right = x + side + half;
    return side + Math.max(0, 4 - left) - Math.max(0, right - (width - 4));
  };
  return { above, shift };
}

/**
 * How wide (in the drawing's units) each node's lines of state may be: no wider than twice the
 * way to the nearer edge, and than the distance to a neighbour beside them (one whose circle or
 * lines are level with them), less a small gap, so that centred lines of two neighbours never
 * meet. Neighbours straight above or below are the layout's concern (it spaces its rows).
 * @param {Snapshot} snap
 * @param {Point[]} pos
 * @param {number} width
 * @returns {number[]} by node id
 */
export function labelRoom(snap, pos, width) {
  /** @param {number} id @param {Point} p */
  const band = (id, p) => (linesAbove(snap, id) ? [p.y - 90, p.y - RADIUS] : [p.y + RADIUS, p.y + 80]);
  return snap.nodes.map((n) => {
    const p = pos[n.id];
    if (!p) return width;
    const mine = band(n.id, p);
    let room = 2 * Math.min(p.x, width - p.x) - 8;
    for (const m of snap.nodes) {
      const q = pos[m.id];
      if (m === n || !q || Math.abs(q.x - p.x) < 2 * RADIUS) continue;
      const theirs = band(m.id, q);
      const top = Math.min(theirs[0], q.y - RADIUS - 14);
      const bottom = Math.max(theirs[1], q.y + RADIUS);
      if (mine[0] < bottom && top < mine[1]) room = Math.min(room, Math.abs(q.x - p.x) - 8);
    }
    return Math.max(room, 56);
  });
}

/** The points of a small crown above a node of radius `r`. @param {number} r */
export function crown(r) {
  const y = -r - 6;
  return [[-11, 0], [-11, -11], [-5.5, -5], [0, -13], [5.5, -5], [11, -11], [11, 0]]
    .map(([x, dy]) => `${x},${y + dy}`)
    .join(" ");
}
