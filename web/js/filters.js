// @ts-check
// What the reader has chosen to hide. In Multi-Paxos a stable leader sends a heartbeat to every
// follower, and each answers "alive", many times a second: with nine servers they outnumber
// every other message. "Show heartbeats" off hides them from the cluster, the space-time
// diagram and the event log; the simulation itself is untouched (they are still sent,
// counted and delivered).

/** The message kinds the heartbeat filter hides. */
const HEARTBEAT_KINDS = new Set(["heartbeat", "alive"]);

export const filters = {
  /** Whether heartbeats and their "alive" answers are drawn and logged. */
  heartbeats: true,
};

/**
 * Whether a message of this kind is hidden by the current filters.
 * @param {string | null | undefined} kind a message kind, e.g. "heartbeat"
 */
export function hidden(kind) {
  return !filters.heartbeats && kind != null && HEARTBEAT_KINDS.has(kind);
}
