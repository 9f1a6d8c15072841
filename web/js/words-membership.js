// @ts-check
// Words for Multi-Paxos reconfiguration and failure detection: the configuration in force per
// range of slots, where a server stands (joining and catching up, a member, removed from a
// slot on), and who suspects whom. Pure functions of the snapshot.

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("paxos-core").EpochView} EpochView */

/** A server suspects another after this many heartbeat intervals of silence (plus jitter). */
export const SILENT_BEATS = 3;

/** What a suspicion means, for the legend, the hint and the tooltips. */
export const ADVICE =
  "Failure detection is only advice: nothing relies on it for safety, because a slow link or a slow server looks exactly like a dead one.";

/** @param {Snapshot} snap @param {number} id */
function name(snap, id) {
  return snap.nodes[id]?.name ?? `node ${id}`;
}

/** The servers of a configuration, by name: `S1 S2 S3`. @param {Snapshot} snap @param {number[]} ids */
export function names(snap, ids) {
  return ids.map((id) => name(snap, id)).join(" ");
}

/**
 * The slots a configuration governs and its servers: "slots 0–4: S1 S2 S3 S4 S5 (3 of 5)",
 * or "from slot 5: …" for the last one.
 * @param {Snapshot} snap
 * @param {EpochView} epoch
 * @param {EpochView | undefined} next the configuration after it
 */
export function epoch(snap, epoch, next) {
  const range = next
    ? next.fromSlot - 1 === epoch.fromSlot
      ? `slot ${epoch.fromSlot}`
      : `slots ${epoch.fromSlot}–${next.fromSlot - 1}`
    : `from slot ${epoch.fromSlot}`;
  return `${range}: ${names(snap, epoch.members)} (${epoch.majority} of ${epoch.members.length})`;
}

/** The configurations of a run, in words, one per range of slots. @param {Snapshot} snap */
export function epochs(snap) {
  const all = snap.epochs ?? [];
  return all.map((e, i) => epoch(snap, e, all[i + 1]));
}

/**
 * The slot from which a server is no longer in the cluster (the true configurations), if it
 * was in it and is not any more.
 * @param {Snapshot} snap
 * @param {number} id
 */
export function removedFrom(snap, id) {
  const all = snap.epochs ?? [];
  const last = all.findLastIndex((e) => e.members.includes(id));
  return last >= 0 && last < all.length - 1 ? all[last + 1].fromSlot : null;
}

/** The highest slot count applied by any live server other than `id`. @param {Snapshot} snap @param {number} id */
function othersApplied(snap, id) {
  return Math.max(0, ...snap.nodes.filter((n) => n.id !== id && n.up && n.replica).map((n) => n.replica?.applied ?? 0));
}

/**
 * Where a server stands, in a sentence; empty for a plain member.
 * @param {Snapshot} snap
 * @param {NodeView} node
 */
export function standing(snap, node) {
  return standingLines(snap, node).join(" ");
}

/**
 * Where a server stands, in short lines for the drawing (each fits between two neighbours on
 * the oval; a line ending in a colon runs on into the next); none for a plain member.
 * @param {Snapshot} snap
 * @param {NodeView} node
 * @returns {string[]}
 */
export function standingLines(snap, node) {
  const r = node.replica;
  if (!r?.membership) return [];
  if (r.membership === "removed") {
    const from = removedFrom(snap, node.id);
    return [from === null ? "removed" : `removed from slot ${from}`];
  }
  if (r.membership === "joining") {
    const known = (snap.epochs ?? []).some((e) => e.members.includes(node.id));
    if (!known) return ["joining:", "its addition not chosen yet"];
    // What the leader last heard of it, else its own count against the others'.
    const leader = snap.nodes.find((n) => n.up && n.replica?.role === "leader");
    const heard = leader?.replica?.progress?.find((p) => p.node === node.id)?.applied;
    const applied = Math.max(heard ?? 0, r.applied);
    return ["joining, catching up:", `${applied}/${Math.max(applied, othersApplied(snap, node.id))} slots`];
  }
  const leaving = removedFrom(snap, node.id);
  return leaving === null ? [] : ["leaving:", `not a server from slot ${leaving}`];
}

/**
 * Who suspects whom: `[suspecting server, suspect]` for every live server still in the
 * cluster (a removed server's suspicions concern a cluster it has left).
 * @param {Snapshot} snap
 * @returns {[number, number][]}
 */
export function suspicions(snap) {
  return snap.nodes.flatMap((n) =>
    n.up && n.replica?.membership !== "removed" ? (n.replica?.suspects ?? []).map((peer) => /** @type {[number, number]} */ ([n.id, peer])) : [],
  );
}

/**
 * The tooltip of a suspected server's mark.
 * @param {Snapshot} snap
 * @param {number[]} by the servers that suspect it
 * @param {number} peer
 */
export function suspected(snap, by, peer) {
  const who = by.map((id) => name(snap, id));
  const list = who.length > 1 ? `${who.slice(0, -1).join(", ")} and ${who.at(-1)}` : who[0];
  return `${list} ${who.length > 1 ? "have" : "has"} heard nothing from ${name(snap, peer)} for a while: ${name(snap, peer)} may be down, or the link, or it may just be slow.`;
}

/**
 * A suspicion starting or ending, for the event log.
 * @param {Snapshot} snap
 * @param {{ node: number, peer: number, suspected: boolean }} e
 */
export function suspicionEvent(snap, e) {
  const silence = SILENT_BEATS * (snap.config.heartbeat ?? 20);
  return e.suspected
    ? `${name(snap, e.node)} suspects ${name(snap, e.peer)} (nothing heard for over ${silence} ticks)`
    : `${name(snap, e.node)} hears from ${name(snap, e.peer)} again and stops suspecting it`;
}

/**
 * A server applied a membership change.
 * @param {Snapshot} snap
 * @param {{ node: number, from_slot: number, members: number[] }} e
 */
export function reconfigured(snap, e) {
  const majority = Math.floor(e.members.length / 2) + 1;
  return `${name(snap, e.node)} applies the change: from slot ${e.from_slot} the servers are ${names(snap, e.members)} (${majority} of ${e.members.length} choose)`;
}

/** @param {Snapshot} snap @param {number} node */
export function joined(snap, node) {
  return `${name(snap, node)} joins, empty: it votes once the change is chosen and it has caught up`;
}
