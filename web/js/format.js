// @ts-check
// Words for what the simulator reports: ballots, messages, nodes and events, in the vocabulary
// of Paxos Made Simple (prepare, promise, accept, accepted, reject; chosen, learned). What goes
// beyond it (MAX rounds, damaged messages, livelock) is worded in words.js.

import * as words from "./words.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("paxos-core").Envelope} Envelope */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("paxos-core").Event} SimEvent */
/** @typedef {import("paxos-core").Ballot} Ballot */
/** @typedef {import("paxos-core").MessageKind} MessageKind */
/** @typedef {import("paxos-core").Rule} Rule */

/** Short labels drawn on messages: the phases of Paxos Made Simple, section 2.2. */
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
});

/** What each rule means, for the checks panel. */
export const RULES = /** @type {[Rule, string, string][]} */ ([
  ["agreement", "Agreement", "at most one value is chosen"],
  ["validity", "Validity", "only a proposed value is chosen"],
  ["integrity", "Integrity", "a learner never changes what it learned"],
  ["promiseMonotonicity", "Promises", "an acceptor's promise never goes down"],
  ["logPrefix", "Log prefix", "every applied log is a prefix of the longest"],
  ["appliedOnce", "Applied once", "no replica applies a command twice"],
]);

/** The rules that only mean something in Multi-Paxos. */
export const MULTI_RULES = new Set(["logPrefix", "appliedOnce"]);

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
  }
}

/**
 * A Multi-Paxos replica's state in a few lines.
 * @param {NonNullable<NodeView["replica"]>} r
 * @param {Snapshot} snap
 */
export function replicaState(r, snap) {
  const role =
    r.role === "leader"
      ? `leader ${ballot(snap, r.ballot)}`
      : r.role === "candidate"
        ? `candidate ${ballot(snap, r.ballot)}`
        : r.ballot
          ? `follows ${nodeName(snap, r.ballot.node)}`
          : "no leader known";
  const progress = r.commit !== null ? `applied ${r.applied} · commit ${r.commit}` : `applied ${r.applied}`;
  return [role, progress + (r.pending.length ? ` · ${r.pending.length} waiting` : "")];
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
      return [`chosen ${quote(p.value ?? "", 12)}`, p.adopted ? "adopted, not its own" : ""];
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

/**
 * The action itself, as the event log's first words.
 * @param {Snapshot} snap
 * @param {import("paxos-core").Action} action
 */
export function action(snap, action) {
  switch (action.type) {
    case "step":
      return "Step:";
    case "deliver":
      return `Deliver #${action.id}:`;
    case "drop":
      return `Drop #${action.id}:`;
    case "duplicate":
      return `Duplicate #${action.id}:`;
    case "crash":
      return `Crash ${nodeName(snap, action.node)}:`;
    case "restart":
      return `Restart ${nodeName(snap, action.node)}:`;
    case "propose":
      return `Client → ${nodeName(snap, action.node)}:`;
    case "misbehave":
      return `Misbehave ${nodeName(snap, action.node)}:`;
    case "submit":
      return `Client → ${nodeName(snap, action.node)}:`;
    case "setLink":
      return `Link ${nodeName(snap, action.from)} → ${nodeName(snap, action.to)}:`;
    case "partition":
      return "Partition:";
    case "cut":
      return `Cut ${nodeName(snap, action.from)} → ${nodeName(snap, action.to)}:`;
    case "heal":
      return "Heal:";
  }
}

/**
 * One sentence per event; messages sent together are summed up.
 * @param {Snapshot} snap
 * @param {SimEvent[]} events
 * @returns {string[]}
 */
export function events(snap, events) {
  /** @type {string[]} */
  const out = [];
  /** @type {Map<string, string[]>} */
  const sent = new Map();
  const flush = () => {
    for (const [what, to] of sent) out.push(`${what} → ${to.join(", ")}`);
    sent.clear();
  };
  const name = (/** @type {number} */ id) => nodeName(snap, id);
  for (const e of events) {
    if (e.type === "sent") {
      const key = `${name(e.from)} sent ${e.kind}`;
      sent.set(key, [...(sent.get(key) ?? []), name(e.to)]);
      continue;
    }
    flush();
    switch (e.type) {
      case "delivered":
        out.push(`${name(e.to)} got ${message(snap, e.message, 16)} from ${name(e.from)}${e.corrupted ? " (damaged in flight)" : ""}`);
        break;
      case "lost":
        out.push(`${e.kind} ${name(e.from)} → ${name(e.to)} ${words.lossReason(e.reason, name(e.to))}${e.corrupted && e.reason !== "checksumMismatch" ? " (it was damaged)" : ""}`);
        break;
      case "duplicated":
        out.push(`#${e.id} copied as #${e.copy}`);
        break;
      case "networkChanged":
        out.push(e.change);
        break;
      case "timerFired":
        out.push(`${name(e.node)}'s timer fired`);
        break;
      case "proposed":
        out.push(`asks for ${quote(e.value, 64)}`);
        break;
      case "misbehaved":
        out.push(`${name(e.node)}'s next ballot jumps to round MAX`);
        break;
      case "submitted":
        out.push(`submits ${quote(command(e.command), 64)}`);
        break;
      case "applied":
        out.push(`${name(e.node)} applied slot ${e.slot} ${quote(e.command, 24)}${e.result ? ` → ${e.result}` : ""}`);
        break;
      case "crashed":
        out.push(`${name(e.node)} crashed`);
        break;
      case "restarted":
        out.push(`${name(e.node)} restarted from stable storage`);
        break;
      case "learned":
        out.push(`${name(e.node)} learned ${quote(e.proposal.value)}`);
        break;
      case "chosen":
        out.push(
          snap.config.mode === "multi"
            ? `★ slot ${e.slot}: ${quote(e.value)} is chosen (ballot ${ballot(snap, e.ballot)})`
            : `★ ${quote(e.value)} is chosen (ballot ${ballot(snap, e.ballot)})`,
        );
        break;
      case "violation":
        out.push(`⚠ ${violation(snap, e)}`);
        break;
    }
  }
  flush();
  return out;
}

/**
 * A safety violation in words, with node names.
 * @param {Snapshot} snap
 * @param {import("paxos-core").Violation} v
 */
export function violation(snap, v) {
  const title = RULES.find(([rule]) => rule === v.rule)?.[1] ?? v.rule;
  const values = v.values.map((value) => quote(value, 20)).join(" and ");
  const nodes = v.nodes.map((n) => nodeName(snap, n)).join(", ");
  switch (v.rule) {
    case "agreement":
      return `${title} broken at step ${v.step}: ${values} were both chosen or learned (${nodes}).`;
    case "validity":
      return `${title} broken at step ${v.step}: ${values} was chosen but never proposed (${nodes}).`;
    case "integrity":
      return `${title} broken at step ${v.step}: ${nodes} changed what it learned (${values}).`;
    case "promiseMonotonicity":
      return `${title} broken at step ${v.step}: ${nodes} lowered its promise.`;
    case "logPrefix":
      return `${title} broken at step ${v.step}: ${nodes} applied a different log (${values}).`;
    case "appliedOnce":
      return `${title} broken at step ${v.step}: ${nodes} applied ${values} twice.`;
  }
}
