// @ts-check
// The SVG view of the cluster: nodes with their roles' state, the links between them, and every
// message in flight drawn on its link at the point its journey has reached (sent at t0, due at
// t1, now t: (t - t0) / (t1 - t0) of the way, on the part of the link clear of both ends; see
// message-place.js), by message-layer.js. Elements are keyed by node, link and message id and
// only what changed is touched; movement is a CSS transition, so nothing runs while paused.

import { svg, setText, setAttr } from "./dom.js";
import * as fmt from "./format.js";
import { groups } from "./format-network.js";
import { damage } from "./words.js";
import { NARROW, RADIUS, layout, labelPlace, labelRoom, linked, crown } from "./cluster-layout.js";
import { badges, fitLines, nodeLabel, stateLines, tipLines } from "./node-lines.js";
import { late, twoPhaseWords } from "./late.js";
import { ClusterTip } from "./cluster-tip.js";
import { MessageLayer } from "./message-layer.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {{ kind: "node" | "message", id: number }} Selection */
/** @typedef {import("./cluster-layout.js").Point} Point */
/** @typedef {import("./message-place.js").Box} Box */

/** Each line of state's width is estimated from its length (12.5px text), so nothing is
 * measured: lines are fitted at an average letter's width, and kept clear of at a wide one's. */
const CHAR = 6.6;
const WIDE = 7.2;
/** The lines of state's spacing. */
const LINE = 14;

export class ClusterView {
  /**
   * @param {SVGSVGElement} root
   * @param {HTMLElement} tip tooltip shown on hover and keyboard focus
   * @param {(selection: Selection) => void} onSelect
   */
  constructor(root, tip, onSelect) {
    this.root = root;
    this.onSelect = onSelect;
    this.linkLayer = root.appendChild(svg("g", { class: "links" }));
    const arrows = root.appendChild(svg("g", { class: "suspicions" }));
    this.nodeLayer = root.appendChild(svg("g", { class: "nodes" }));
    const marks = root.appendChild(svg("g", { class: "suspect-marks" }));
    const messageLayer = root.appendChild(svg("g", { class: "messages" }));
    this.suspicionLayers = { arrows, marks };
    /** The suspicion arrows (Multi-Paxos), made once their code is in (late.js). @type {import("./suspicion-layer.js").SuspicionLayer | null} */
    this.suspicions = null;
    /** @type {Map<number, { g: SVGGElement, ring: SVGCircleElement, lines: SVGTextElement[] }>} */
    this.nodes = new Map();
    /** @type {Point[]} */
    this.pos = [];
    /** How wide each node's lines of state may be. @type {number[]} */
    this.room = [];
    /** Each node's lines of state, where they are drawn. @type {(Box | undefined)[]} */
    this.labels = [];
    /** The drawing's size, in its own units. */
    this.width = 800;
    this.height = 480;
    this.narrow = false;
    /** @type {Selection | null} */
    this.selection = null;
    /** @type {Snapshot | null} */
    this.snap = null;
    /** @type {string} */
    this.shape = "";
    matchMedia(NARROW).addEventListener("change", () => this.snap && this.update(this.snap));
    this.tip = new ClusterTip(tip);
    this.messages = new MessageLayer(messageLayer, root, this.tip, (/** @type {SVGGElement} */ g, /** @type {Selection} */ selection) => this.bindInteraction(g, selection));
    /** Called when a link is clicked: its two ends. @type {(a: number, b: number) => void} */
    this.onLink = () => {};
    /** What a lesson points at: nodes, messages, links ("a-b"). */
    this.marked = { nodes: new Set(), messages: new Set(), links: new Set() };
  }

  /**
   * Marks what a lesson step points at (nothing: clears the marks).
   * @param {number[]} nodes
   * @param {number[]} [messages]
   * @param {number[][]} [links] pairs of node ids
   */
  mark(nodes, messages = [], links = []) {
    const key = (/** @type {number[]} */ [a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`;
    this.marked = { nodes: new Set(nodes), messages: new Set(messages), links: new Set(links.map(key)) };
    for (const [id, view] of this.nodes) view.g.classList.toggle("marked", this.marked.nodes.has(id));
    for (const el of this.root.querySelectorAll(".msg[data-message]")) {
      el.classList.toggle("marked", this.marked.messages.has(Number(/** @type {SVGElement} */ (el).dataset.message)));
    }
    for (const el of this.linkLayer.querySelectorAll("line:not(.hit)")) {
      const line = /** @type {SVGLineElement} */ (el);
      line.classList.toggle("marked", this.marked.links.has(key([Number(line.dataset.a), Number(line.dataset.b)])));
    }
  }

  /**
   * Redraws for a new snapshot. `events` (from the last action) say how vanished messages left:
   * delivered ones arrive, lost ones fade out where they were.
   * @param {Snapshot} snap
   * @param {SimEvent[]} [events]
   * @param {boolean} [jump] a jump in time (seek): redraw at once, without movement
   */
  update(snap, events = [], jump = false) {
    // Playing fast (the playback sets "fast"), every step redraws as a jump does: no movement.
    jump ||= this.root.classList.contains("fast");
    this.root.classList.toggle("jump", jump);
    const narrow = matchMedia(NARROW).matches;
    const shape = JSON.stringify([snap.config, snap.nodes.length, narrow]);
    if (shape !== this.shape) this.rebuild(snap, shape, narrow);
    const previous = this.snap;
    this.snap = snap;
    this.updateNodes(snap);
    if (!this.suspicions && late.suspicion) this.suspicions = new late.suspicion.SuspicionLayer(this.suspicionLayers.arrows, this.suspicionLayers.marks);
    this.suspicions?.draw(snap, this.pos, this.shape);
    this.messages.update(snap, this, events, jump ? null : previous, jump);
  }

  /**
   * @param {Snapshot} snap
   * @param {string} shape
   * @param {boolean} narrow
   */
  rebuild(snap, shape, narrow) {
    this.shape = shape;
    for (const layer of [this.linkLayer, this.nodeLayer]) layer.replaceChildren();
    this.nodes.clear();
    this.messages.clear();
    const { width, height, pos } = layout(snap, narrow);
    this.pos = pos;
    this.width = width;
    this.height = height;
    this.narrow = narrow;
    // The wide drawings have room enough (a crowded ring moves its lines outwards instead).
    this.room = narrow ? labelRoom(snap, pos, width) : [];
    this.labels = [];
    setAttr(this.root, "viewBox", `0 0 ${width} ${height}`);
    for (const a of snap.nodes) {
      for (const b of snap.nodes) {
        if (b.id <= a.id || !linked(snap, a, b)) continue;
        const ends = { x1: pos[a.id].x, y1: pos[a.id].y, x2: pos[b.id].x, y2: pos[b.id].y };
        const line = svg("line", ends);
        line.dataset.a = String(a.id);
        line.dataset.b = String(b.id);
        // A wider, invisible line on top makes the link easy to click.
        const hit = svg("line", { ...ends, class: "hit" });
        const title = svg("title");
        title.textContent = `Link ${a.name} – ${b.name}: click to set its faults or cut it`;
        hit.append(title);
        hit.addEventListener("click", () => this.onLink(a.id, b.id));
        this.linkLayer.append(line, hit);
      }
    }
    for (const node of snap.nodes) this.nodes.set(node.id, this.createNode(node));
  }

  /** @param {NodeView} node */
  createNode(node) {
    const { x, y } = this.pos[node.id];
    const g = svg("g", { class: "node", tabindex: 0, role: "button", transform: `translate(${x} ${y})` });
    g.dataset.node = String(node.id);
    const ring = g.appendChild(svg("circle", { class: "ring", r: RADIUS }));
    const name = g.appendChild(svg("text", { class: "name", dy: "0.35em" }));
    name.textContent = node.name;
    const roles = badges(node);
    roles.forEach(([letter, role], i) => {
      const x = roles.length === 1 ? 0 : -13 + 13 * i;
      const badge = g.appendChild(svg("g", { class: `badge role-${role}`, transform: `translate(${x} ${-RADIUS - 7})` }));
      badge.append(svg("circle", { r: 7 }));
      const text = badge.appendChild(svg("text", { dy: "0.35em" }));
      text.textContent = letter;
    });
    if (node.replica) {
      // Shown on the leader only (by CSS): the crown of a leader recognised by its ballot.
      g.append(svg("polygon", { class: "crown", points: crown(RADIUS) }));
    }
    const down = g.appendChild(svg("text", { class: "down-mark", dy: "0.35em", y: -2 }));
    down.textContent = "✕";
    this.bindInteraction(g, { kind: "node", id: node.id });
    this.nodeLayer.append(g);
    return { g, ring, lines: /** @type {SVGTextElement[]} */ ([]) };
  }

  /** @param {Snapshot} snap */
  updateNodes(snap) {
    // An acceptor is marked when its accepted proposal (ballot and value) is a chosen one.
    const chosen = new Set(snap.chosen.map((c) => JSON.stringify([c.ballot.round, c.ballot.node, c.value])));
    // In a partition, each side's nodes share a tint.
    const sides = groups(snap);
    const stuck = new Set(snap.config.mode === "twoPhase" ? twoPhaseWords().blocked(snap).nodes : []);
    /** @type {Map<number, number>} */
    const side = new Map();
    if (sides.length > 1) sides.forEach((g, i) => g.forEach((id) => side.set(id, i)));
    for (const node of snap.nodes) {
      const view = this.nodes.get(node.id);
      if (!view) continue;
      const accepted = node.acceptor?.accepted;
      const voted = accepted ? chosen.has(JSON.stringify([accepted.ballot.round, accepted.ballot.node, accepted.value])) : false;
      const leader = node.replica?.role === "leader";
      const membership = node.replica?.membership;
      const classes = [
        "node",
        node.up ? "up" : "down",
        voted ? "voted" : "",
        leader ? "leader" : "",
        membership === "joining" || membership === "removed" ? membership : "",
        stuck.has(node.id) ? "blocked" : "",
        side.has(node.id) ? `side-${(side.get(node.id) ?? 0) % 4}` : "",
        this.isSelected("node", node.id) ? "selected" : "",
        this.marked.nodes.has(node.id) ? "marked" : "",
      ];
      setAttr(view.g, "class", classes.filter(Boolean).join(" "));
      setAttr(view.g, "aria-label", nodeLabel(node, snap));
      const lines = fitLines(stateLines(node, snap), Math.floor((this.room[node.id] ?? this.width) / CHAR));
      while (view.lines.length < lines.length) {
        const text = svg("text", { class: "line" });
        view.g.append(text);
        view.lines.push(text);
      }
      const { above, shift } = labelPlace(snap, node.id, this.pos, this.width, this.narrow);
      const { x, y } = this.pos[node.id];
      /** @type {Box | undefined} */
      let box;
      view.lines.forEach((text, i) => {
        const line = lines[i] ?? "";
        setText(text, line);
        const ty = above ? -RADIUS - 20 - LINE * (lines.length - 1 - i) : RADIUS + 16 + LINE * i;
        const half = (line.length * WIDE) / 2;
        const tx = shift((line.length * CHAR) / 2);
        setAttr(text, "y", String(ty));
        setAttr(text, "x", tx.toFixed(0));
        if (!line) return;
        const [x0, x1, y0, y1] = [x + tx - half, x + tx + half, y + ty - 11, y + ty + 4];
        box = box ? { x0: Math.min(box.x0, x0), x1: Math.max(box.x1, x1), y0: Math.min(box.y0, y0), y1: Math.max(box.y1, y1) } : { x0, x1, y0, y1 };
      });
      this.labels[node.id] = box;
    }
    const cut = new Set(snap.network.cuts.map((c) => `${Math.min(c.from, c.to)}-${Math.max(c.from, c.to)}`));
    const faulty = new Set(snap.network.links.map((l) => `${Math.min(l.from, l.to)}-${Math.max(l.from, l.to)}`));
    for (const line of this.linkLayer.children) {
      const el = /** @type {SVGLineElement} */ (line);
      if (el.classList.contains("hit")) continue;
      const [a, b] = [Number(el.dataset.a), Number(el.dataset.b)];
      const down = !snap.nodes[a]?.up || !snap.nodes[b]?.up;
      const gone = [a, b].some((id) => snap.nodes[id]?.replica?.membership === "removed");
      el.classList.toggle("to-removed", gone);
      const pair = `${Math.min(a, b)}-${Math.max(a, b)}`;
      el.classList.toggle("cut", down);
      el.classList.toggle("cut-link", cut.has(pair));
      el.classList.toggle("faulty", faulty.has(pair) && !cut.has(pair));
    }
  }

  /**
   * @param {"node" | "message"} kind
   * @param {number} id
   */
  isSelected(kind, id) {
    return this.selection?.kind === kind && this.selection.id === id;
  }

  /** @param {Selection | null} selection */
  select(selection) {
    const same = selection?.kind === this.selection?.kind && selection?.id === this.selection?.id;
    this.selection = selection;
    // The groups the reader opened close when the selection moves on (one holding the selected
    // message stays open, so that it is drawn).
    if (!same) this.messages.opened.clear();
    if (this.snap) {
      this.updateNodes(this.snap);
      this.messages.update(this.snap, this, [], null, true);
    }
  }

  /** Focuses a message or node element, if it is drawn. @param {Selection} selection */
  focus(selection) {
    const el =
      selection.kind === "node" ? this.nodes.get(selection.id)?.g : this.messages.messages.get(selection.id);
    el?.focus();
  }

  /** @param {SVGGElement} g @param {Selection} selection */
  bindInteraction(g, selection) {
    g.addEventListener("click", () => this.onSelect(selection));
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        this.onSelect(selection);
      }
    });
    this.tip.bind(g, () => this.tipLines(selection));
  }

  /** The tooltip's lines for a node or message, or `null` if it is gone. @param {Selection} selection */
  tipLines(selection) {
    const snap = this.snap;
    if (!snap) return null;
    if (selection.kind === "message") {
      const e = snap.messages.find((m) => m.id === selection.id);
      if (!e) return null;
      return [
        `#${e.id} ${fmt.message(snap, e.message, 40)}`,
        `${fmt.nodeName(snap, e.from)} → ${fmt.nodeName(snap, e.to)}`,
        `sent t=${e.sentAt} · due t=${e.dueAt}`,
        damage(e),
      ].filter(Boolean);
    }
    const node = snap.nodes[selection.id];
    return node ? tipLines(node, snap) : null;
  }
}
