// @ts-check
// The space-time diagram's marks on a node's own line: ✕ where it crashed, a dot where it
// restarted, a gold diamond where a value became chosen (on the acceptor whose acceptance made
// the majority, the rest of the majority dotted and joined in Basic Paxos), a green ✓ where a
// learner learned it, and in Multi-Paxos a short tick where a replica applied a slot. Each has
// a tooltip saying what, where and when (the step and the simulated time t).

import { svg } from "./dom.js";
import * as fmt from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").DiagramEvent} DiagramEvent */

/** The diagram kinds drawn on a node's line rather than as arrows. */
export const NODE_MARKS = new Set(["crashed", "restarted", "chosen", "learned", "applied"]);

/**
 * "at step 7 (t=13)", or without t when it is not known.
 * @param {DiagramEvent} mark
 */
function when(mark) {
  return `at step ${mark.step}${mark.time != null ? ` (t=${mark.time})` : ""}`;
}

/**
 * A mark's tooltip.
 * @param {Snapshot} snap
 * @param {DiagramEvent} mark
 */
export function describeMark(snap, mark) {
  const node = fmt.nodeName(snap, mark.from);
  const multi = snap.config.mode === "multi";
  const value = mark.value != null ? fmt.quote(mark.value, 40) : "a value";
  const ballot = mark.ballot ? ` at ballot ${fmt.ballot(snap, mark.ballot)}` : "";
  switch (mark.what) {
    case "crashed":
      return `${node} crashed ${when(mark)}`;
    case "restarted":
      return `${node} restarted ${when(mark)}`;
    case "chosen": {
      const who = (mark.nodes ?? []).map((id) => fmt.nodeName(snap, id)).join(", ");
      const what = multi ? `Slot ${mark.slot} chosen: ${value}` : `${value} chosen`;
      return `${what} ${when(mark)}: ${who} accepted it${ballot}, ${node} last`;
    }
    case "learned":
      return `${node} learned ${value} ${when(mark)} (accepted${ballot})`;
    case "applied":
      return `${node} applied slot ${mark.slot} (${mark.value ?? "?"}) ${when(mark)}`;
    default:
      return "";
  }
}

/**
 * Draws a mark on a node's line into `parts`.
 * @param {Snapshot} snap
 * @param {DiagramEvent} mark
 * @param {(id: number) => number} x a node's line
 * @param {number} y the mark's step's row
 * @param {SVGElement[]} parts
 */
export function nodeMark(snap, mark, x, y, parts) {
  const cx = x(mark.from);
  /** @type {SVGElement} */
  let el;
  switch (mark.what) {
    case "crashed":
      el = svg("text", { class: "crash", x: cx, y: y + 5 });
      el.textContent = "✕";
      break;
    case "restarted":
      el = svg("circle", { class: "restart", cx, cy: y, r: 4 });
      break;
    case "chosen": {
      const majority = (mark.nodes ?? []).filter((id) => snap.nodes[id]);
      // Basic Paxos chooses once: join the majority that chose, so it reads as one fact.
      if (snap.config.mode !== "multi" && majority.length > 1) {
        const xs = majority.map(x);
        parts.push(svg("line", { class: "chosen-band", x1: Math.min(...xs), y1: y, x2: Math.max(...xs), y2: y }));
        for (const id of majority) if (id !== mark.from) parts.push(svg("circle", { class: "chosen-vote", cx: x(id), cy: y, r: 3 }));
      }
      el = svg("path", { class: "chosen-mark", d: `M${cx},${y - 7} L${cx + 7},${y} L${cx},${y + 7} L${cx - 7},${y} Z` });
      break;
    }
    case "learned": {
      el = svg("g", { class: "learned-mark" });
      const tick = svg("text", { x: cx, y: y + 4 });
      tick.textContent = "✓";
      el.append(svg("circle", { cx, cy: y, r: 6.5 }), tick);
      break;
    }
    case "applied":
      el = svg("line", { class: "applied-mark", x1: cx - 6, y1: y, x2: cx + 6, y2: y });
      break;
    default:
      return;
  }
  const text = describeMark(snap, mark);
  el.setAttribute("data-node", String(mark.from));
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", text);
  const title = svg("title");
  title.textContent = text;
  el.append(title);
  parts.push(el);
}
