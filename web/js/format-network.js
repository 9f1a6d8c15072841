// @ts-check
// The network in words: the groups a partition splits the cluster into, one-way cuts, and the
// links with faults (loss, duplication, damage, delay, order).

import { nodeName } from "./format.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */

/**
 * The groups a partition splits the cluster into: nodes joined by a link cut in neither
 * direction are in one group. One group means no partition.
 * @param {Snapshot} snap
 * @returns {number[][]}
 */
export function groups(snap) {
  const cut = new Set(snap.network.cuts.map((c) => `${c.from}>${c.to}`));
  const parent = snap.nodes.map((n) => n.id);
  const find = (/** @type {number} */ x) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const a of snap.nodes) {
    for (const b of snap.nodes) {
      if (a.id < b.id && !cut.has(`${a.id}>${b.id}`) && !cut.has(`${b.id}>${a.id}`)) parent[find(b.id)] = find(a.id);
    }
  }
  /** @type {Map<number, number[]>} */
  const byRoot = new Map();
  for (const n of snap.nodes) byRoot.set(find(n.id), [...(byRoot.get(find(n.id)) ?? []), n.id]);
  return [...byRoot.values()];
}

/**
 * The network's state in words: partition groups, one-way cuts, faulty links.
 * @param {Snapshot} snap
 */
export function network(snap) {
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  const parts = groups(snap);
  const cut = new Set(snap.network.cuts.map((c) => `${c.from}>${c.to}`));
  const oneWay = snap.network.cuts.filter((c) => !cut.has(`${c.to}>${c.from}`)).map((c) => `${name(c.from)}→${name(c.to)}`);
  const links = snap.network.links.map((l) => {
    const f = l.faults;
    const what = [
      f.loss && `loss ${f.loss}‰`,
      f.duplicate && `duplicate ${f.duplicate}‰`,
      f.corrupt && `corrupt ${f.corrupt}‰`,
      f.minDelay != null && `delay ${f.minDelay}–${f.maxDelay}`,
      f.fifo && "FIFO",
    ].filter(Boolean);
    return `${name(l.from)}→${name(l.to)} (${what.join(", ")})`;
  });
  return [
    parts.length > 1 ? `Partitioned: ${parts.map((g) => `{${g.map(name).join(", ")}}`).join(" | ")}.` : "",
    oneWay.length ? `One-way cuts: ${oneWay.join(", ")}.` : "",
    links.length ? `Faulty links: ${links.join("; ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ") || "Every link is healthy.";
}
