// @ts-check
// Bundling: when more than a few messages are on one link in one direction (a Multi-Paxos
// leader's burst of accepts, say), the cluster draws them as one counted chip ("2a ×12"), in the
// colour of the kind most of them are, instead of a pile that hides the nodes. Hovering or
// focusing it lists them; clicking it (or Enter) opens it: its messages are drawn one by one
// along the link, each selectable as usual, until it is clicked again or the selection moves
// on. A selected message is always drawn, so its group opens by itself.

import { svg, setAttr, setText } from "./dom.js";
import * as fmt from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** The messages in flight on one link in one direction, in the snapshot's order. @typedef {{ key: string, from: number, to: number, messages: Envelope[] }} Link */

/** More messages than this on one link in one direction are drawn as a group. */
export const MOST = 3;
/** How many of its messages a group's tooltip names. */
const LISTED = 6;

/**
 * The messages in flight by link and direction, links in the order their first message comes.
 * @param {Envelope[]} messages
 * @returns {Link[]}
 */
export function byLink(messages) {
  /** @type {Map<string, Link>} */
  const links = new Map();
  for (const e of messages) {
    const key = `${e.from}>${e.to}`;
    const link = links.get(key);
    if (link) link.messages.push(e);
    else links.set(key, { key, from: e.from, to: e.to, messages: [e] });
  }
  return [...links.values()];
}

/**
 * Whether a link's messages are drawn as one chip: more than {@link MOST}, the group not
 * opened by the reader, and none of them selected.
 * @param {Link} link
 * @param {Set<string>} opened keys of the groups the reader opened
 * @param {number | null} selected the selected message's id, if any
 */
export function folded(link, opened, selected) {
  return link.messages.length > MOST && !opened.has(link.key) && !link.messages.some((m) => m.id === selected);
}

/** The kind most of the messages are (the first such in a tie). @param {Envelope[]} messages */
export function dominant(messages) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const m of messages) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  let best = messages[0];
  for (const m of messages) if ((counts.get(m.kind) ?? 0) > (counts.get(best.kind) ?? 0)) best = m;
  return { kind: best.kind, sample: best, all: counts.size === 1 };
}

/** A group chip's text: "2a ×12", or "×12" when its kinds are mixed. @param {Link} link */
export function chipText(link) {
  const { sample, all } = dominant(link.messages);
  return `${all ? `${fmt.glyph(sample.message, sample.kind)} ` : ""}×${link.messages.length}`;
}

/**
 * A group's tooltip: how many from whom to whom, the first few by id and kind, and how many more.
 * @param {Snapshot} snap
 * @param {Link} link
 * @param {boolean} open
 */
export function groupTip(snap, link, open) {
  const n = link.messages.length;
  const rest = n - LISTED;
  return [
    `${n} messages ${fmt.nodeName(snap, link.from)} → ${fmt.nodeName(snap, link.to)}`,
    ...link.messages.slice(0, rest > 1 ? LISTED : n).map((e) => `#${e.id} ${fmt.message(snap, e.message, 36)}`),
    ...(rest > 1 ? [`+${rest} more`] : []),
    open ? "Click to group them again" : "Click to draw them one by one",
  ];
}

/** One link's group chip: a pill with its count, coloured by its main kind. */
export class GroupChip {
  /** @param {Link} link */
  constructor(link) {
    this.g = svg("g", { class: "bundle", tabindex: 0, role: "button" });
    this.g.dataset.bundle = link.key;
    this.g.dataset.from = String(link.from);
    this.g.dataset.to = String(link.to);
    this.hit = this.g.appendChild(svg("rect", { class: "hit", height: 26, y: -13, rx: 13 }));
    this.pill = this.g.appendChild(svg("rect", { height: 20, y: -10, rx: 10 }));
    this.text = this.g.appendChild(svg("text", { dy: "0.35em" }));
    /** Half its width: how far it reaches from its centre. */
    this.reach = 13;
  }

  /**
   * Shows a link's current messages.
   * @param {Snapshot} snap
   * @param {Link} link
   * @param {boolean} open its messages are drawn one by one
   */
  update(snap, link, open) {
    const text = chipText(link);
    setText(this.text, text);
    // Bold 9.5px digits and letters are about 6 units wide; a little room each side.
    const width = Math.max(26, Math.round(text.length * 6 + 12));
    this.reach = width / 2 + 3;
    setAttr(this.pill, "width", String(width));
    setAttr(this.pill, "x", String(-width / 2));
    setAttr(this.hit, "width", String(width + 6));
    setAttr(this.hit, "x", String(-width / 2 - 3));
    setAttr(this.g, "class", `bundle kind-${dominant(link.messages).kind}${open ? " open" : ""}`);
    setAttr(this.g, "aria-expanded", String(open));
    const kinds = [...new Set(link.messages.map((m) => m.kind))].join(", ");
    setAttr(
      this.g,
      "aria-label",
      `${link.messages.length} messages ${fmt.nodeName(snap, link.from)} → ${fmt.nodeName(snap, link.to)} (${kinds}). Press Enter to ${open ? "group them again" : "show them one by one"}.`,
    );
  }
}
