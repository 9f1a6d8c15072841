// @ts-check
// Words for two-phase commit: where each transaction stands at the coordinator and at each
// participant, its messages and events, and the blocking this mode exists to show (participants
// that voted yes while the coordinator is down can neither commit nor abort).

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("paxos-core").TxView} TxView */
/** @typedef {import("paxos-core").Message} Message */

/** @param {Snapshot} snap @param {number} id */
function name(snap, id) {
  return snap.nodes[id]?.name ?? `node ${id}`;
}

/** "P1, P2 and P3". @param {string[]} items */
function list(items) {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
}

/** The coordinator of a two-phase-commit run. @param {Snapshot} snap */
export function coordinator(snap) {
  return snap.nodes.find((n) => n.coordinator);
}

/** How a participant votes, in words. @param {import("paxos-core").VotePolicy} policy */
export function policy(policy) {
  return policy === "random" ? "votes yes or no at random" : `always votes ${policy}`;
}

/**
 * One transaction at a participant: "tx 1: voted yes: uncertain".
 * @param {TxView} t
 */
export function participantTx(t) {
  switch (t.state) {
    case "working":
      return `tx ${t.tx}: working, not asked yet`;
    case "voting":
      return `tx ${t.tx}: voting`;
    case "uncertain":
      return `tx ${t.tx}: voted yes: uncertain`;
    case "committed":
      return `tx ${t.tx}: committed`;
    case "aborted":
      return `tx ${t.tx}: ${t.vote === false ? "voted no: " : ""}aborted`;
  }
}

/**
 * One transaction at the coordinator: "tx 1: voting, 2/3 yes", "tx 1: committed, waiting for 2 acks".
 * @param {TxView} t
 * @param {number} participants
 */
export function coordinatorTx(t, participants) {
  if (t.state === "voting" || t.state === "working" || t.state === "uncertain") return `tx ${t.tx}: voting, ${t.yes.length}/${participants} yes`;
  const waiting = t.unacked.length ? `, waiting for ${t.unacked.length} ack${t.unacked.length === 1 ? "" : "s"}` : "";
  return `tx ${t.tx}: ${t.state}${waiting}`;
}

/**
 * One line per transaction, as the coordinator knows it. A transaction the participants know
 * of but the coordinator does not was being voted on when it crashed: the votes were volatile
 * and are lost, and no decision is on its disk (restarted, it presumes abort).
 * @param {Snapshot} snap
 * @param {NonNullable<NodeView["coordinator"]>} c
 */
function coordinatorLines(snap, c) {
  const participants = snap.nodes.filter((n) => n.participant);
  const known = new Map(c.transactions.map((t) => [t.tx, t]));
  const ids = new Set([...known.keys(), ...participants.flatMap((n) => n.participant?.transactions.map((t) => t.tx) ?? [])]);
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const t = known.get(id);
      return t ? coordinatorTx(t, participants.length) : `tx ${id}: no decision on disk`;
    });
}

/**
 * The lines of state under a two-phase-commit node: its last two transactions (and how a
 * participant votes, when that is not always yes).
 * @param {Snapshot} snap
 * @param {NodeView} node
 */
export function nodeLines(snap, node) {
  if (node.coordinator) {
    const lines = coordinatorLines(snap, node.coordinator).slice(-2);
    return lines.length ? lines : ["no transaction yet"];
  }
  const p = node.participant;
  if (!p) return [];
  const txs = p.transactions.slice(-2).map(participantTx);
  return [...(txs.length ? txs : ["no transaction yet"]), ...(p.policy === "yes" ? [] : [p.policy === "no" ? "votes no" : "votes at random"])];
}

/**
 * Everything a two-phase-commit node holds, a line per transaction, for the inspector.
 * @param {Snapshot} snap
 * @param {NodeView} node
 */
export function inspectLines(snap, node) {
  if (node.coordinator) {
    const lines = coordinatorLines(snap, node.coordinator);
    return [
      "Coordinator: asks every participant to vote, decides commit only on a yes from all, writes the decision to disk, then tells them until each acknowledges.",
      ...(lines.length ? lines : ["No transaction yet."]),
    ];
  }
  const p = node.participant;
  if (!p) return [];
  return [
    `Participant: ${policy(p.policy)}; a yes is written to disk and cannot be taken back.`,
    ...(p.transactions.length ? p.transactions.map(participantTx) : ["No transaction yet."]),
    ...(p.uncertain ? ["Uncertain: it voted yes and does not know the outcome, so it may neither commit nor abort on its own."] : []),
  ];
}

/**
 * The participants blocked by a crashed coordinator, and the sentence that says so; empty
 * when nobody is blocked.
 * @param {Snapshot} snap
 * @returns {{ text: string, nodes: number[] }}
 */
export function blocked(snap) {
  const c = coordinator(snap);
  if (!c || c.up) return { text: "", nodes: [] };
  const stuck = snap.nodes.filter((n) => n.participant?.uncertain);
  if (!stuck.length) return { text: "", nodes: [] };
  const who = list(stuck.map((n) => n.name));
  return {
    text: `Blocked: ${who} voted yes and cannot commit or abort until ${c.name} restarts.`,
    nodes: stuck.map((n) => n.id),
  };
}

/** Why blocking happens, and how Paxos differs, for the checks card. */
export const BLOCKED_WHY =
  "A participant that voted yes may not abort (the coordinator may have decided commit and told someone) nor commit (another may have voted no). Multi-Paxos has no such single point: a majority elects a new leader and goes on.";

/**
 * How many transactions the coordinator committed and aborted, and how many are open.
 * @param {Snapshot} snap
 */
export function summary(snap) {
  const txs = coordinator(snap)?.coordinator?.transactions ?? [];
  const count = (/** @type {string} */ state) => txs.filter((t) => t.state === state).length;
  const open = txs.length - count("committed") - count("aborted");
  return txs.length ? `${count("committed")} committed · ${count("aborted")} aborted${open ? ` · ${open} voting` : ""}` : "";
}

/**
 * A two-phase-commit message's fields, or "" for another protocol's.
 * @param {Message} m
 */
export function message(m) {
  switch (m.type) {
    case "txPrepare":
      return `prepare transaction ${m.tx}: vote, please`;
    case "txVote":
      return `vote ${m.yes ? "yes" : "no"} on transaction ${m.tx}`;
    case "txDecision":
      return `decision: ${m.commit ? "commit" : "abort"} transaction ${m.tx}`;
    case "txAck":
      return `ack: transaction ${m.tx} is done here`;
    case "txQuery":
      return `query: what was decided for transaction ${m.tx}?`;
    default:
      return "";
  }
}

/**
 * A two-phase-commit event in a sentence, or "" for another kind.
 * @param {Snapshot} snap
 * @param {import("paxos-core").Event} e
 */
export function event(snap, e) {
  switch (e.type) {
    case "began":
      return `${name(snap, e.node)} begins transaction ${e.tx} and asks every participant to vote`;
    case "voted":
      return e.yes
        ? `${name(snap, e.node)} votes yes on transaction ${e.tx}: now uncertain, it must wait for the decision`
        : `${name(snap, e.node)} votes no on transaction ${e.tx} and aborts it`;
    case "decided":
      return `${name(snap, e.node)} decides ${e.commit ? "commit" : "abort"} for transaction ${e.tx}`;
    case "outcome":
      return `${name(snap, e.node)} ${e.commit ? "commits" : "aborts"} transaction ${e.tx}`;
    default:
      return "";
  }
}
