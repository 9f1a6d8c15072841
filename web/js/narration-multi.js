// @ts-check
// "What just happened" for Multi-Paxos (narration.js does Basic Paxos and two-phase commit):
// a slot chosen (a no-op: the gap a previous leader left), a new leader (it ran phase 1 once
// for every slot, Paxos Made Simple section 3, and now skips it), a server that starts an
// election, a command that reaches the leader, membership changes and suspicions. It is loaded
// with the full engine (late.js).

import { ballot, command, nodeName, quote, isMembershipChange } from "./format.js";
import * as membership from "./words-membership.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("./narration.js").Story} Story */

/**
 * The Multi-Paxos story of one action, or null when nothing specific to it happened.
 * @param {Snapshot | null} before
 * @param {Snapshot} snap
 * @param {Report} report
 * @returns {Story | null}
 */
export function multiStory(before, snap, report) {
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  const ev = report.events;
  const chosen = ev.filter((e) => e.type === "chosen");
  const first = chosen[0];
  if (first && first.type === "chosen") {
    const slots = chosen.map((e) => (e.type === "chosen" ? e.slot : 0)).join(", ");
    if (first.value === "no-op") {
      return {
        what: `★ Slot ${first.slot} is chosen as a no-op.`,
        why: "A gap: the previous leader's command for this slot never reached a majority. The new leader fills it with a command that does nothing, so the slots after it can be applied in order.",
      };
    }
    const change = isMembershipChange(first.value);
    return {
      what: `★ Slot${chosen.length > 1 ? "s" : ""} ${slots} chosen: ${quote(first.value)} at ballot ${ballot(snap, first.ballot)}, accepted by ${first.acceptors.map(name).join(", ")}.`,
      why: change
        ? `A membership change is a command like any other: chosen in the log, so every server agrees when the group changes. It governs the slots from ${first.slot + (snap.config.alpha ?? 3)} on (α = ${snap.config.alpha ?? 3} slots later).`
        : "A stable leader skips phase 1: one accept and one accepted per server and slot, half of what Basic Paxos needs for each value.",
    };
  }
  const submitted = ev.find((e) => e.type === "submitted");
  if (submitted && submitted.type === "submitted") {
    const at = snap.nodes[submitted.node]?.replica;
    return {
      what: `A client sends ${quote(command(submitted.command), 40)} to ${name(submitted.node)}.`,
      why:
        at?.role === "leader"
          ? "The leader gives it the next free slot and sends accept to every server."
          : at?.role === "candidate"
            ? `${name(submitted.node)} knows no leader: it keeps the command and runs for leader itself, with ballot ${ballot(snap, at.ballot)}.`
            : "A follower passes it to the leader it knows (forward); until there is a leader the command waits.",
    };
  }
  for (const node of snap.nodes) {
    const now = node.replica;
    const was = before?.nodes[node.id]?.replica;
    if (!now || !was || now.role === was.role) continue;
    if (now.role === "leader") {
      return {
        what: `${node.name} is the leader now, at ballot ${ballot(snap, now.ballot)}.`,
        why: "A majority promised it, for every slot it does not know to be chosen; it re-proposes what they had accepted there, fills gaps with no-ops, and then skips phase 1 for every new command.",
      };
    }
    if (now.role === "candidate") {
      return {
        what: `${node.name} runs for leader with ballot ${ballot(snap, now.ballot)}.`,
        why: "It heard nothing from a leader for its election timeout. It runs phase 1 for all open slots at once; a higher ballot wins over an older leader, which steps down.",
      };
    }
  }
  for (const e of ev) {
    switch (e.type) {
      case "joined":
        return { what: membership.joined(snap, e.node), why: "It caught up from the log and saw its own addition chosen: only now does it vote." };
      case "reconfigured":
        return { what: membership.reconfigured(snap, e), why: "" };
      case "suspicion":
        return { what: membership.suspicionEvent(snap, e), why: "Only advice: a slow link looks exactly like a dead server, so safety never depends on it." };
      default:
        break;
    }
  }
  const got = ev.find((e) => e.type === "delivered");
  if (got && got.type === "delivered") {
    const story = deliveredStory(snap, got, ev.some((e) => e.type === "sent" && e.kind === "reject"));
    if (story) return story;
  }
  return null;
}

/**
 * What a delivered Multi-Paxos message made its receiver do.
 * @param {Snapshot} snap
 * @param {Extract<import("paxos-core").Event, { type: "delivered" }>} got
 * @param {boolean} refused the receiver answered with a reject
 * @returns {Story | null}
 */
function deliveredStory(snap, got, refused) {
  const to = nodeName(snap, got.to);
  const from = nodeName(snap, got.from);
  const m = got.message;
  const r = snap.nodes[got.to]?.replica;
  switch (m.type) {
    case "leaderPrepare":
      return refused
        ? { what: `${to} refuses ${from}'s bid for leader at ${ballot(snap, m.ballot)}: it promised ${ballot(snap, r?.promised)}.`, why: "A promise is never lowered, in any slot." }
        : { what: `${to} promises ${ballot(snap, m.ballot)} to ${from} for every slot from ${m.firstSlot} on.`, why: "One phase 1 for all the slots at once: that is what lets a stable leader skip it for every later command." };
    case "leaderPromise":
      return {
        what: `${to} got ${from}'s promise for ${ballot(snap, m.ballot)}, with ${m.accepted.length} accepted slot${m.accepted.length === 1 ? "" : "s"}.`,
        why: m.accepted.length
          ? "The new leader must re-propose, in each slot, the command accepted at the highest ballot: it may already be chosen."
          : `It needs promises from a majority (${snap.majority}) to lead.`,
      };
    case "slotAccept":
      return refused
        ? { what: `${to} refuses slot ${m.slot} from ${from}: it promised ${ballot(snap, r?.promised)}, a newer leader's ballot.`, why: "An old leader's accepts can no longer be chosen; it will hear of the newer ballot and step down." }
        : { what: `${to} accepts slot ${m.slot} ${quote(command(m.command), 32)} at ${ballot(snap, m.ballot)}.`, why: `Phase 2 only: the leader's one phase 1 still holds. The slot is chosen once a majority (${snap.majority}) accepted it.` };
    case "slotAccepted":
      return { what: `${to} hears that ${from} accepted slot ${m.slot}.`, why: "" };
    case "heartbeat":
      return { what: `${to} got a heartbeat from its leader ${from} (commit ${m.commit}).`, why: "Heartbeats keep followers from running for leader, and tell them how far the log is chosen." };
    default:
      return null;
  }
}
