// @ts-check
// The SVG view of the cluster: nodes with their roles' state, the links between them, and every
// message in flight drawn on its link at the point its journey has reached (sent at t0, due at
// t1, now t: (t - t0) / (t1 - t0) of the way). Elements are keyed by node and message id and
// only what changed is touched; movement is a CSS transition, so nothing runs while paused.

import { svg, setText, setAttr } from "./dom.js";
import * as fmt from "./format.js";
import { groups } from "./format-network.js";
import { damage } from "./words.js";
import { blocked } from "./words-twophase.js";
import { NARROW, RADIUS, layout, labelPlace, linked, place, crown } from "./cluster-layout.js";
import { badges, nodeLabel, stateLines, tipLines } from "./node-lines.js";
import { SuspicionLayer } from "./suspicion-layer.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {{ kind: "node" | "message", id: number }} Selection */
/** @typedef {import("./cluster-layout.js").Point} Point */

export class ClusterView {
  /**
   * @param {SVGSVGElement} root
   * @param {HTMLElement} tip tooltip shown on hover and keyboard focus
   * @param {(selection: Selection) => void} onSelect
   */
  constructor(root, tip, onSelect) {
    this.root = root;
    this.tip = tip;
    this.onSelect = onSelect;
    this.links = root.appendChild(svg("g", { class: "links" }));
    const arrows = root.appendChild(svg("g", { class: "suspicions" }));
    this.nodeLayer = root.appendChild(svg("g", { class: "nodes" }));
    const marks = root.appendChild(svg("g", { class: "suspect-marks" }));
    this.messageLayer = root.appendChild(svg("g", { class: "messages" }));
    this.suspicions = new SuspicionLayer(arrows, marks);
    /** @type {Map<number, { g: SVGGElement, ring: SVGCircleElement, lines: SVGTextElement[] }>} */
    this.nodes = new Map();
    /** @type {Map<number, SVGGElement>} */
    this.messages = new Map();
    /** @type {Point[]} */
    this.pos = [];
    /** The drawing's width, in its own units. */
    this.width = 800;
    /** @type {Selection | null} */
    this.selection = null;
    /** @type {Snapshot | null} */
    this.snap = null;
    /** @type {string} */
    this.shape = "";
    matchMedia(NARROW).addEventListener("change", () => this.snap && this.update(this.snap));
    /** @type {SVGGElement | null} */
    this.tipFor = null;
    /** Called when a link is clicked: its two ends. @type {(a: number, b: number) => void} */
    this.onLink = () => {};
  }

  /**
   * Redraws for a new snapshot. `events` (from the last action) say how vanished messages left:
   * delivered ones arrive, lost ones fade out where they were.
   * @param {Snapshot} snap
   * @param {SimEvent[]} [events]
   * @param {boolean} [jump] a jump in time (seek): redraw at once, without movement
   */
  update(snap, events = [], jump = false) {
    this.root.classList.toggle("jump", jump);
    const narrow = matchMedia(NARROW).matches;
    const shape = JSON.stringify([snap.config, snap.nodes.length, narrow]);
    if (shape !== this.shape) this.rebuild(snap, shape, narrow);
    const previous = this.snap;
    this.snap = snap;
    this.updateNodes(snap);
    this.suspicions.draw(snap, this.pos, this.shape);
    this.updateMessages(snap, events, jump ? null : previous, jump);
  }

  /**
   * @param {Snapshot} snap
   * @param {string} shape
   * @param {boolean} narrow
   */
  rebuild(snap, shape, narrow) {
    this.shape = shape;
    for (const layer of [this.links, this.nodeLayer, this.messageLayer]) layer.replaceChildren();
    this.nodes.clear();
    this.messages.clear();
    const { width, height, pos } = layout(snap, narrow);
    this.pos = pos;
    this.width = width;
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
        this.links.append(line, hit);
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
    const stuck = new Set(blocked(snap).nodes);
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
      ];
      setAttr(view.g, "class", classes.filter(Boolean).join(" "));
      setAttr(view.g, "aria-label", nodeLabel(node, snap));
      const lines = stateLines(node, snap);
      while (view.lines.length < lines.length) {
        const text = svg("text", { class: "line" });
        view.g.append(text);
        view.lines.push(text);
      }
      const { above, shift } = labelPlace(snap, node.id, this.pos, this.width);
      view.lines.forEach((text, i) => {
        const line = lines[i] ?? "";
        setText(text, line);
        setAttr(text, "y", String(above ? -RADIUS - 20 - 14 * (lines.length - 1 - i) : RADIUS + 16 + 14 * i));
        // Each line's width is estimated from its length at 12.5px, so nothing is measured.
        setAttr(text, "x", shift((line.length * 6.6) / 2).toFixed(0));
      });
    }
    const cut = new Set(snap.network.cuts.map((c) => `${Math.min(c.from, c.to)}-${Math.max(c.from, c.to)}`));
    const faulty = new Set(snap.network.links.map((l) => `${Math.min(l.from, l.to)}-${Math.max(l.from, l.to)}`));
    for (const line of this.links.children) {
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
   * @param {Snapshot} snap
   * @param {SimEvent[]} events
   * @param {Snapshot | null} previous where vanished messages were
   * @param {boolean} [jump] remove vanished messages at once
   */
  updateMessages(snap, events, previous, jump = false) {
    const alive = new Set(snap.messages.map((m) => m.id));
    const delivered = new Set(events.flatMap((e) => (e.type === "delivered" ? [e.id] : [])));
    for (const [id, g] of this.messages) {
      if (alive.has(id)) continue;
      this.messages.delete(id);
      if (jump) {
        if (document.activeElement === g) this.root.focus();
        if (this.tipFor === g) this.hideTip();
        g.remove();
        continue;
      }
      this.retire(g, delivered.has(id) ? previous?.messages.find((m) => m.id === id) : undefined);
    }
    /** @type {Map<string, number>} */
    const ranks = new Map();
    /** @type {Point[]} */
    const placed = [];
    for (const e of snap.messages) {
      const pair = `${Math.min(e.from, e.to)}-${Math.max(e.from, e.to)}-${e.from < e.to}`;
      const rank = ranks.get(pair) ?? 0;
      ranks.set(pair, rank + 1);
      let g = this.messages.get(e.id);
      if (!g) {
        g = this.createMessage(e, snap);
        this.messages.set(e.id, g);
      }
      // Messages that would overlap (say, a broadcast just sent) are pushed a little further
      // along their links, so each stays visible and clickable.
      let spot = place(this.pos, e, snap.time, rank);
      for (let nudge = 8; nudge <= 96 && placed.some((p) => Math.hypot(p.x - spot.x, p.y - spot.y) < 23); nudge += 8) {
        spot = place(this.pos, e, snap.time, rank, false, nudge);
      }
      placed.push(spot);
      const { x, y } = spot;
      const transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
      if (g.style.transform !== transform) g.style.transform = transform;
      g.classList.toggle("selected", this.isSelected("message", e.id));
    }
  }

  /** @param {Envelope} e @param {Snapshot} snap */
  createMessage(e, snap) {
    const entering = this.root.classList.contains("jump") ? "" : " entering";
    const g = svg("g", { class: `msg kind-${e.kind}${entering}`, tabindex: 0, role: "button" });
    g.dataset.message = String(e.id);
    g.dataset.from = String(e.from);
    g.dataset.to = String(e.to);
    g.setAttribute("aria-label", `${fmt.envelope(snap, e)}. ${damage(e)}${damage(e) ? " " : ""}Press Enter to deliver, drop or duplicate.`);
    // A message damaged in flight gets a jagged outline (and says so in its tooltip).
    if (e.corrupted) g.classList.add("corrupted");
    // A no vote and an abort decision are drawn in red, a yes and a commit in their kind's colour.
    const m = e.message;
    if ((m.type === "txVote" && !m.yes) || (m.type === "txDecision" && !m.commit)) g.classList.add("negative");
    g.append(svg("circle", { class: "hit", r: 13 }), svg("circle", { r: 10 }));
    const glyph = g.appendChild(svg("text", { dy: "0.35em" }));
    glyph.textContent = fmt.glyph(e.message, e.kind);
    if (glyph.textContent.length > 2) glyph.classList.add("long");
    const start = place(this.pos, e, e.sentAt, 0);
    g.style.transform = `translate(${start.x.toFixed(1)}px, ${start.y.toFixed(1)}px)`;
    g.addEventListener("animationend", () => g.classList.remove("entering"), { once: true });
    this.bindInteraction(g, { kind: "message", id: e.id });
    this.messageLayer.append(g);
    return g;
  }

  /**
   * A message leaves: it arrives at its receiver (`delivered`, its envelope) or fades where it
   * was (lost or dropped).
   * @param {SVGGElement} g
   * @param {Envelope} [delivered]
   */
  retire(g, delivered) {
    const hadFocus = document.activeElement === g;
    g.removeAttribute("tabindex");
    g.setAttribute("aria-hidden", "true");
    if (delivered) {
      const end = place(this.pos, delivered, 0, 0, true);
      g.style.transform = `translate(${end.x.toFixed(1)}px, ${end.y.toFixed(1)}px)`;
    }
    g.classList.add(delivered ? "arriving" : "lost");
    const remove = () => g.remove();
    g.addEventListener("transitionend", remove, { once: true });
    g.addEventListener("animationend", remove, { once: true });
    setTimeout(remove, 900);
    if (hadFocus) this.root.focus();
    if (this.tipFor === g) this.hideTip();
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
    this.selection = selection;
    if (this.snap) {
      this.updateNodes(this.snap);
      for (const [id, g] of this.messages) g.classList.toggle("selected", this.isSelected("message", id));
    }
  }

  /** Focuses a message or node element, if it is drawn. @param {Selection} selection */
  focus(selection) {
    const el =
      selection.kind === "node" ? this.nodes.get(selection.id)?.g : this.messages.get(selection.id);
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
    const show = () => this.showTip(g, selection);
    g.addEventListener("pointerenter", show);
    g.addEventListener("focus", show);
    g.addEventListener("pointerleave", () => this.hideTip());
    g.addEventListener("blur", () => this.hideTip());
  }

  /** @param {SVGGElement} g @param {Selection} selection */
  showTip(g, selection) {
    const snap = this.snap;
    if (!snap) return;
    /** @type {string[]} */
    let lines;
    if (selection.kind === "message") {
      const e = snap.messages.find((m) => m.id === selection.id);
      if (!e) return;
      lines = [
        `#${e.id} ${fmt.message(snap, e.message, 40)}`,
        `${fmt.nodeName(snap, e.from)} → ${fmt.nodeName(snap, e.to)}`,
        `sent t=${e.sentAt} · due t=${e.dueAt}`,
        damage(e),
      ].filter(Boolean);
    } else {
      const node = snap.nodes[selection.id];
      if (!node) return;
      lines = tipLines(node, snap);
    }
    this.tip.replaceChildren(...lines.map((line) => Object.assign(document.createElement("div"), { textContent: line })));
    const box = g.getBoundingClientRect();
    const host = /** @type {HTMLElement} */ (this.tip.offsetParent ?? document.body).getBoundingClientRect();
    this.tip.hidden = false;
    const left = Math.min(box.left - host.left + box.width / 2, host.width - this.tip.offsetWidth / 2 - 4);
    this.tip.style.left = `${Math.max(this.tip.offsetWidth / 2 + 4, left)}px`;
    this.tip.style.top = `${box.top - host.top - 8}px`;
    this.tipFor = g;
  }

  hideTip() {
    this.tip.hidden = true;
    this.tipFor = null;
  }
}
