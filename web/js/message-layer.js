// @ts-check
// The messages in flight in the cluster drawing: one chip each (class `msg`, `data-message`,
// `data-from`, `data-to`), placed by message-place.js; more than a few on one link in one
// direction are one counted group chip instead (message-bundles.js), open while the reader
// wants it or while it holds the selected message. Messages the filters hide are not drawn.
// New chips enter where their link starts and glide (a CSS transition); delivered ones glide
// to their receiver and fade, lost ones fade where they were.

import { svg } from "./dom.js";
import * as fmt from "./format.js";
import { damage } from "./words.js";
import { Placer } from "./message-place.js";
import { GroupChip, MOST, byLink, folded, groupTip } from "./message-bundles.js";
import { hidden } from "./filters.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {import("./cluster-view.js").Selection} Selection */
/** @typedef {import("./cluster-layout.js").Point} Point */
/** @typedef {import("./message-bundles.js").Link} Link */
/** @typedef {import("./cluster-tip.js").ClusterTip} ClusterTip */
/**
 * What the messages are drawn around: the nodes' centres and lines of state, the drawing's
 * size, the selection.
 * @typedef {{ pos: Point[], labels: (import("./message-place.js").Box | undefined)[], width: number, height: number, selection: Selection | null, marked: { messages: Set<number> } }} Geometry
 */

export class MessageLayer {
  /**
   * @param {SVGGElement} layer where the chips go
   * @param {SVGSVGElement} root the drawing (takes the focus from a chip that goes)
   * @param {ClusterTip} tip
   * @param {(g: SVGGElement, selection: Selection) => void} bind makes a message's chip selectable
   */
  constructor(layer, root, tip, bind) {
    this.layer = layer;
    this.root = root;
    this.tip = tip;
    this.bind = bind;
    /** Each message's chip, by id. @type {Map<number, SVGGElement>} */
    this.messages = new Map();
    /** The group chips of crowded links, by link key. @type {Map<string, GroupChip>} */
    this.groups = new Map();
    /** The groups the reader opened, by link key. @type {Set<string>} */
    this.opened = new Set();
    /** The links in flight last drawn, by key. @type {Map<string, Link>} */
    this.links = new Map();
    /** Where the last render put each message (where a delivered one leaves from). */
    this.placer = new Placer([], [], 800, 480);
    /** @type {Snapshot | null} */
    this.snap = null;
    /** @type {Geometry | null} */
    this.view = null;
  }

  /** Forgets every chip (the drawing is rebuilt). */
  clear() {
    this.layer.replaceChildren();
    this.messages.clear();
    this.groups.clear();
    this.opened.clear();
  }

  /**
   * Draws the messages of a snapshot.
   * @param {Snapshot} snap
   * @param {Geometry} view where the nodes and their lines are, and what is selected
   * @param {SimEvent[]} events the last action's: which vanished messages were delivered
   * @param {Snapshot | null} previous where vanished messages were
   * @param {boolean} [jump] remove vanished messages at once
   */
  update(snap, view, events, previous, jump = false) {
    const selected = view.selection?.kind === "message" ? view.selection.id : null;
    const alive = new Set(snap.messages.map((m) => m.id));
    const delivered = new Set(events.flatMap((e) => (e.type === "delivered" ? [e.id] : [])));
    const links = byLink(snap.messages.filter((m) => !hidden(m.kind)));
    this.links = new Map(links.map((l) => [l.key, l]));
    // A group the reader opened closes once its messages are few enough to be drawn anyway.
    for (const key of this.opened) if ((this.links.get(key)?.messages.length ?? 0) <= MOST) this.opened.delete(key);
    /** @type {Set<number>} */
    const single = new Set();
    /** @type {Set<string>} */
    const chips = new Set();
    for (const link of links) {
      if (link.messages.length > MOST) chips.add(link.key);
      if (!folded(link, this.opened, selected)) for (const m of link.messages) single.add(m.id);
    }
    const before = this.placer;
    for (const [id, g] of this.messages) {
      if (single.has(id)) continue;
      this.messages.delete(id);
      // Folded into a group or hidden by a filter: gone at once; delivered or lost: it leaves.
      if (jump || alive.has(id)) this.drop(g);
      else this.retire(g, delivered.has(id) ? previous?.messages.find((m) => m.id === id) : undefined, before);
    }
    for (const [key, chip] of this.groups) {
      if (chips.has(key)) continue;
      this.groups.delete(key);
      this.drop(chip.g);
    }
    const placer = new Placer(view.pos, view.labels, view.width, view.height);
    // Messages to oneself last: they have several places beside their node to choose from.
    for (const link of [...links.filter((l) => l.from !== l.to), ...links.filter((l) => l.from === l.to)]) {
      const crowd = link.messages.length > MOST;
      const open = crowd && !folded(link, this.opened, selected);
      if (crowd) {
        const chip = this.groups.get(link.key) ?? this.createGroup(link);
        chip.update(snap, link, open);
        // Folded: at its messages' mean progress; open: first on its link, its messages after it.
        const mean = link.messages.reduce((sum, e) => sum + progress(e, snap.time), 0) / link.messages.length;
        move(chip.g, placer.settle(link.from, link.to, open ? 0 : mean, 0, chip.reach));
      }
      if (crowd && !open) continue;
      const n = link.messages.length;
      link.messages.forEach((e, rank) => {
        let g = this.messages.get(e.id);
        if (!g) {
          g = this.createMessage(e, snap, placer);
          this.messages.set(e.id, g);
        }
        // An open group is fanned out along its link, in two lanes; others are where their journey is.
        const spot = open
          ? placer.settle(e.from, e.to, (rank + 1) / n, e.from === e.to ? rank + 1 : rank % 2)
          : placer.settle(e.from, e.to, progress(e, snap.time), rank);
        move(g, spot);
        g.classList.toggle("selected", e.id === selected);
        g.classList.toggle("marked", view.marked.messages.has(e.id));
      });
    }
    this.placer = placer;
    this.snap = snap;
    this.view = view;
  }

  /** A link's group chip, made and bound. @param {Link} link */
  createGroup(link) {
    const chip = new GroupChip(link);
    const toggle = () => {
      if (this.opened.has(link.key)) this.opened.delete(link.key);
      else this.opened.add(link.key);
      if (this.snap && this.view) this.update(this.snap, this.view, [], null, true);
      if (this.tip.for === chip.g) this.showGroupTip(chip.g, link.key);
    };
    chip.g.addEventListener("click", toggle);
    chip.g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        toggle();
      }
    });
    this.tip.bind(chip.g, () => this.groupTipLines(link.key));
    this.groups.set(link.key, chip);
    this.layer.append(chip.g);
    return chip;
  }

  /** A group's tooltip, while it is drawn. @param {string} key */
  groupTipLines(key) {
    const link = this.links.get(key);
    return link && this.snap ? groupTip(this.snap, link, this.opened.has(key) || this.groups.get(key)?.g.classList.contains("open") === true) : null;
  }

  /** Shows a group's tooltip again (after it opened or closed). @param {SVGGElement} g @param {string} key */
  showGroupTip(g, key) {
    const lines = this.groupTipLines(key);
    if (lines) this.tip.show(g, lines);
  }

  /** Removes an element at once, moving the focus and the tip off it. @param {SVGGElement} g */
  drop(g) {
    if (document.activeElement === g) this.root.focus();
    if (this.tip.for === g) this.tip.hide();
    g.remove();
  }

  /** A message's chip, made at the start of its link and bound. @param {Envelope} e @param {Snapshot} snap @param {Placer} placer */
  createMessage(e, snap, placer) {
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
    move(g, e.from === e.to ? placer.self(e.from, 0) : placer.at(e.from, e.to, 0));
    g.addEventListener("animationend", () => g.classList.remove("entering"), { once: true });
    this.bind(g, { kind: "message", id: e.id });
    this.layer.append(g);
    return g;
  }

  /**
   * A message leaves: it arrives at its receiver (`delivered`, its envelope) or fades where it
   * was (lost or dropped).
   * @param {SVGGElement} g
   * @param {Envelope} [delivered]
   * @param {Placer} [placer] the geometry it was drawn with
   */
  retire(g, delivered, placer = this.placer) {
    const hadFocus = document.activeElement === g;
    g.removeAttribute("tabindex");
    g.setAttribute("aria-hidden", "true");
    if (delivered) {
      const { from, to } = delivered;
      move(g, from === to ? placer.self(from, 0) : placer.at(from, to, 1));
    }
    g.classList.add(delivered ? "arriving" : "lost");
    const remove = () => g.remove();
    g.addEventListener("transitionend", remove, { once: true });
    g.addEventListener("animationend", remove, { once: true });
    setTimeout(remove, 900);
    if (hadFocus) this.root.focus();
    if (this.tip.for === g) this.tip.hide();
  }
}

/** How much of its journey a message has done, from 0 (just sent) to 1 (due). @param {Envelope} e @param {number} now */
function progress(e, now) {
  const span = e.dueAt - e.sentAt;
  return span <= 0 ? 1 : Math.min(1, Math.max(0, (now - e.sentAt) / span));
}

/** Moves a chip to a point, by CSS transform (so that it glides). @param {SVGGElement} g @param {Point} p */
function move(g, p) {
  const transform = `translate(${p.x.toFixed(1)}px, ${p.y.toFixed(1)}px)`;
  if (g.style.transform !== transform) g.style.transform = transform;
}
