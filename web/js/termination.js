// @ts-check
// Termination, the liveness rule beside the three safety rules: every live learner eventually
// learns the chosen value (Multi-Paxos: every live server applies every chosen slot; two-phase
// commit: every live participant learns the outcome). It cannot be broken at any one moment —
// a slow message may still arrive — so it is shown as met, not yet met (and why), or out of
// reach while too few nodes are up. The native tests check that it is met once faults stop.

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {{ state: "met" | "waiting" | "blocked", text: string }} Termination */

/**
 * Where termination stands for this snapshot.
 * @param {Snapshot} snap
 * @returns {Termination}
 */
export function termination(snap) {
  if (snap.config.mode === "multi") return multi(snap);
  if (snap.config.mode === "twoPhase") return twoPhase(snap);
  const chosen = snap.chosen[0];
  const acceptors = snap.nodes.filter((n) => n.acceptor);
  const up = acceptors.filter((n) => n.up).length;
  if (!chosen && up < snap.majority) return { state: "blocked", text: `only ${up} of ${acceptors.length} acceptors are up: no majority can choose a value` };
  if (!chosen) return { state: "waiting", text: "nothing is chosen yet" };
  const live = snap.nodes.filter((n) => n.learner && n.up);
  const behind = live.filter((n) => n.learner?.learned?.value !== chosen.value);
  if (behind.length === 0) return { state: "met", text: "every live learner has learned the chosen value" };
  return { state: "waiting", text: `${behind.map((n) => n.name).join(", ")} ${behind.length === 1 ? "has" : "have"} not learned it yet` };
}

/** @param {Snapshot} snap @returns {Termination} */
function multi(snap) {
  const slots = new Set(snap.chosen.map((c) => c.slot));
  if (slots.size === 0) return { state: "waiting", text: "no slot is chosen yet" };
  const members = snap.epochs?.at(-1)?.members;
  const live = snap.nodes.filter((n) => n.up && n.replica && n.replica.membership !== "removed" && (!members || members.includes(n.id)));
  // Slots are chosen from 0 on; a replica has applied the prefix up to `applied`.
  const contiguous = [...slots].sort((a, b) => a - b).findIndex((s, i) => s !== i);
  const want = contiguous === -1 ? slots.size : contiguous;
  const behind = live.filter((n) => (n.replica?.applied ?? 0) < want);
  if (behind.length === 0) return { state: "met", text: `every live server has applied the ${want} chosen slot${want === 1 ? "" : "s"}` };
  return { state: "waiting", text: `${behind.map((n) => n.name).join(", ")} ${behind.length === 1 ? "has" : "have"} not applied every chosen slot yet` };
}

/** @param {Snapshot} snap @returns {Termination} */
function twoPhase(snap) {
  const txs = snap.nodes.find((n) => n.coordinator)?.coordinator?.transactions ?? [];
  if (txs.length === 0) return { state: "waiting", text: "no transaction has begun" };
  const uncertain = snap.nodes.filter((n) => n.participant?.uncertain);
  const coordinatorDown = snap.nodes.some((n) => n.coordinator && !n.up);
  if (uncertain.length && coordinatorDown) return { state: "blocked", text: `${uncertain.map((n) => n.name).join(", ")} cannot finish while the coordinator is down` };
  const open = txs.filter((t) => t.state !== "committed" && t.state !== "aborted");
  if (open.length || uncertain.length) return { state: "waiting", text: "a transaction is still being decided" };
  return { state: "met", text: "every participant knows every outcome" };
}
