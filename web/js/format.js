// @ts-check
// Words for what the simulator reports: ballots, messages, nodes and their state, in the
// vocabulary of Paxos Made Simple (prepare, promise, accept, accepted, reject; chosen, learned).
// Actions and events are worded in format-events.js; what goes beyond Paxos Made Simple (MAX
// rounds, damaged messages, livelock) in words.js, membership and suspicion in
// words-membership.js, two-phase commit in words-twophase.js (both load with the full engine:
// late.js).

import * as words from "./words.js";
import { membershipWords, twoPhaseWords } from "./late.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {import("paxos-core").Ballot} Ballot */
/** @typedef {import("paxos-core").MessageKind} MessageKind */
/** @typedef {import("paxos-core").Rule} Rule */

/**
 * Short labels drawn on messages: the phases of Paxos Made Simple, section 2.2, then the other
 * kinds (two-phase commit's are only ever seen in that mode, so "ok" and "dc" do not clash).
 */
export const KIND_GLYPH = /** @type {Record<MessageKind, string>} */ ({
  prepare: "1a",
  promise: "1b",
  accept: "2a",
  accepted: "2b",
  reject: "✕",
  decide: "dc",
  learned: "ok",
  heartbeat: "hb",
  forward: "fw",
  missing: "?",
  alive: "al",
  catchUp: "cu",
  membership: "mb",
  vote: "vt",
  decision: "dc",
  ack: "ak",
  query: "q?",
});

/**
 * The label drawn on a message: its kind's, except that two-phase commit's prepare reads "pr"
 * (it is not Paxos's phase 1a) and votes and decisions say which way they went.
 * @param {import("paxos-core").Message} m
 * @param {MessageKind} kind
 */
export function glyph(m, kind) {
  switch (m.type) {
    case "txPrepare":
      return "pr";
    case "txVote":
      return m.yes ? "yes" : "no";
    case "txDecision":
      return m.commit ? "cm" : "ab";
    default:
      return KIND_GLYPH[kind];
  }
}

/**
 * A ballot as the pair it is: (round, proposer), the proposer by its name in `snap`; the
 * largest round there is reads MAX.
 * @param {Snapshot} snap
 * @param {Ballot | null | undefined} b
 */
export function ballot(snap, b) {
  return b ? `(${words.round(b.round)},${snap.nodes[b.node]?.name ?? b.node})` : "—";
}

/**
 * A value as shown inline: quoted, and cut to `max` characters.
 * @param {string} value
 * @param {number} [max]
 */
export function quote(value, max = 24) {
  const chars = [...value];
  return `“${chars.length > max ? chars.slice(0, max - 1).join("") + "…" : value}”`;
}

/**
 * @param {Snapshot} snap
 * @param {number} id
 */
export function nodeName(snap, id) {
  return snap.nodes[id]?.name ?? `node ${id}`;
}

/** @param {NodeView} node */
export function roles(node) {
  if (node.replica) return "replica (acceptor, leader candidate, learner)";
  if (node.coordinator) return "coordinator (two-phase commit)";
  if (node.participant) return "participant (two-phase commit)";
  return [node.proposer && "proposer", node.acceptor && "acceptor", node.learner && "learner"]
    .filter(Boolean)
    .join(", ");
}

/**
 * A client command as text, as the simulator writes it: `#3 put x=1`.
 * @param {import("paxos-core").Command} c
 */
export function command(c) {
  switch (c.op) {
    case "put":
      return `#${c.id} put ${c.key}=${c.value}`;
    case "get":
      return `#${c.id} get ${c.key}`;
    case "delete":
      return `#${c.id} delete ${c.key}`;
    case "noop":
      return "no-op";
    case "addServer":
      return `#${c.id} add S${c.node + 1}`;
    case "removeServer":
      return `#${c.id} remove S${c.node + 1}`;
  }
}

/**
 * Lines as one text: a line that ends in a colon runs on into the next, the others are joined
 * by `separator`.
 * @param {string[]} lines
 * @param {string} separator
 */
export function runOn(lines, separator) {
  return lines.join(separator).replaceAll(`:${separator}`, ": ");
}

/** Whether a log entry's command (as the simulator writes it) is a membership change. @param {string} text */
export function isMembershipChange(text) {
  return /^#\d+ (add|remove) /.test(text);
}

/**
 * A Multi-Paxos replica's state in a few lines: its role, how far it has applied the log, and
 * where it stands in the cluster (joining, leaving, removed) when it is not a plain member.
 * @param {NodeView} node a node with a replica
 * @param {Snapshot} snap
 * @param {boolean} [withStanding] with the lines on where it stands (the inspector says that apart)
 */
export function replicaState(node, snap, withStanding = true) {
  const r = node.replica;
  if (!r) return [];
  const role =
    r.role === "leader"
      ? `leader ${ballot(snap, r.ballot)}`
      : r.role === "candidate"
        ? `candidate ${ballot(snap, r.ballot)}`
        : r.ballot
          ? `follows ${nodeName(snap, r.ballot.node)}`
          : "no leader known";
  const progress = r.commit !== null ? `applied ${r.applied} · commit ${r.commit}` : `applied ${r.applied}`;
  const where = withStanding ? membershipWords().standingLines(snap, node) : [];
  // A joining server has no leader to follow yet and its count is in its catching-up line.
  if (r.membership === "joining") return withStanding ? where : [`joining, applied ${r.applied}`];
  const waiting = r.pending.length ? ` · ${r.pending.length} waiting` : "";
  return [r.membership === "removed" ? "no longer a server" : role, progress + waiting, ...where];
}

/**
 * The message's own fields, e.g. `prepare 2.1` or `accept 2.1 “blue”`.
 * @param {Snapshot} snap names the ballots' proposers
 * @param {import("paxos-core").Message} m
 * @param {number} [max] longest value shown
 */
export function message(snap, m, max) {
  switch (m.type) {
    case "prepare":
      return `prepare ${ballot(snap, m.ballot)}`;
    case "promise":
      return `promise ${ballot(snap, m.ballot)}${
        m.accepted ? ` (accepted ${ballot(snap, m.accepted.ballot)} ${quote(m.accepted.value, max)})` : " (nothing accepted)"
      }`;
    case "accept":
      return `accept ${ballot(snap, m.ballot)} ${quote(m.value, max)}`;
    case "accepted":
      return `accepted ${ballot(snap, m.ballot)} ${quote(m.value, max)}`;
    case "reject":
      return `reject ${ballot(snap, m.ballot)} (promised ${ballot(snap, m.promised)})`;
    case "refused":
      return `refused ${ballot(snap, m.ballot)} (ballot ceiling ${m.ceiling})`;
    case "forwardValue":
      return `forward value ${quote(m.value, max)}`;
    case "decide":
      return `decide: ${quote(m.value, max)} was chosen at ${ballot(snap, m.ballot)}`;
    case "learned":
      return `learned (what was chosen; heard of ${ballot(snap, m.ballot)})`;
    case "leaderPrepare":
      return `prepare ${ballot(snap, m.ballot)} for slots ${m.firstSlot}…`;
    case "leaderPromise":
      return `promise ${ballot(snap, m.ballot)} (${m.accepted.length} accepted slot${m.accepted.length === 1 ? "" : "s"})`;
    case "slotAccept":
      return `accept ${ballot(snap, m.ballot)} slot ${m.slot} ${quote(command(m.command), max)} · commit ${m.commit}`;
    case "slotAccepted":
      return `accepted ${ballot(snap, m.ballot)} slot ${m.slot}`;
    case "heartbeat":
      return `heartbeat ${ballot(snap, m.ballot)} · commit ${m.commit}`;
    case "forward":
      return `forward ${quote(command(m.command), max)}`;
    case "missing":
      return `missing slot ${m.slot} ${ballot(snap, m.ballot)}`;
    case "alive":
      return `alive: answers the heartbeat of ${ballot(snap, m.ballot)}, applied ${m.applied}`;
    case "catchUp":
      return m.commands.length
        ? `catch-up: the chosen slots ${m.first}–${m.first + m.commands.length - 1}`
        : `catch-up from slot ${m.first} (nothing new)`;
    case "membership":
      return `membership, not chosen: the servers are now ${membershipWords().names(snap, m.members)}`;
    default:
      // Only two-phase commit's messages are left.
      return twoPhaseWords().message(m);
  }
}

/**
 * One line for a message in flight.
 * @param {Snapshot} snap
 * @param {Envelope} e
 */
export function envelope(snap, e) {
  return `#${e.id} ${message(snap, e.message)} · ${nodeName(snap, e.from)} → ${nodeName(snap, e.to)} · sent t=${e.sentAt}, due t=${e.dueAt}`;
}

/**
 * The proposer's state: its phase and ballot, then its progress (empty when there is none).
 * @param {Snapshot} snap
 * @param {NonNullable<NodeView["proposer"]>} p
 * @returns {[string, string]}
 */
export function proposerState(snap, p) {
  const majority = snap.majority;
  switch (p.phase) {
    case "idle":
      return ["idle", ""];
    case "preparing":
      return [`${p.recovering ? "recovering" : "preparing"} ${ballot(snap, p.ballot)}`, `${p.promises.length}/${majority} promises`];
    case "accepting":
      return [`accepting ${ballot(snap, p.ballot)} ${quote(p.value ?? "", 10)}`, `${p.accepted.length}/${majority} accepted`];
    case "backingOff":
      return [`rejected: ${ballot(snap, p.rejectedBy)} promised`, ""];
    case "deferring":
      return [`deferring to ${p.leader === null ? "a leader" : nodeName(snap, p.leader)}`, "forwarded its value"];
    case "chosen":
      // Adopted from a promise can still be its own value, accepted in an earlier round.
      return [`chosen ${quote(p.value ?? "", 12)}`, p.adopted && p.value !== p.clientValue ? "adopted, not its own" : p.clientValue !== null ? "its own value" : ""];
  }
}

/**
 * @param {Snapshot} snap
 * @param {NonNullable<NodeView["acceptor"]>} a
 */
export function acceptorState(snap, a) {
  const accepted = a.accepted ? `${ballot(snap, a.accepted.ballot)} ${quote(a.accepted.value, 10)}` : "—";
  return { promised: `promised ${ballot(snap, a.promised)}`, accepted: `accepted ${accepted}` };
}

/**
 * @param {NonNullable<NodeView["learner"]>} l
 * @param {number} majority
 */
export function learnerState(l, majority) {
  return l.learned ? `learned ${quote(l.learned.value, 12)}` : `heard ${l.bestTally}/${majority}`;
}
