// @ts-check
// The catalogue, in words a student reads: the rules "Break a rule" can break (which rule each
// breaks, in which protocol, and what to watch for), and the ready-made runs ("Show me what goes
// wrong"), grouped, each with one line on what it shows. Plain data; the simulator decides what
// really happens.

/** @typedef {import("paxos-core").Sabotage} Sabotage */
/** @typedef {import("paxos-core").Mode} Mode */

/**
 * One broken rule: its short name for the menu, the protocol it belongs to, and one sentence on
 * what it breaks and what to watch for. `liveness`: it stops any value being chosen, rather
 * than choosing two.
 * @typedef {{ name: Sabotage, mode: Mode, label: string, explains: string, liveness: boolean }} BrokenRule
 */

/** Every rule the settings can break, in the simulator's order. */
export const BROKEN_RULES = /** @type {BrokenRule[]} */ ([
  {
    name: "acceptorIgnoresPromises",
    mode: "basic",
    label: "acceptors ignore promises",
    explains: "Breaks “never accept a ballot below the one you promised”: an old accept slips past a newer promise, and two different values end up chosen (watch Agreement).",
    liveness: false,
  },
  {
    name: "proposerIgnoresAcceptedValues",
    mode: "basic",
    label: "proposers ignore accepted values",
    explains: "Breaks “propose the value the promises report”: a later proposer pushes its own value over one that may already be chosen (watch Agreement).",
    liveness: false,
  },
  {
    name: "acceptorForgetsOnRestart",
    mode: "basic",
    label: "no stable storage",
    explains: "Breaks “an acceptor remembers across a crash”: crash and restart an acceptor after a value is chosen; it comes back blank and can help choose a second value (watch Agreement).",
    liveness: false,
  },
  {
    name: "sharedBallots",
    mode: "basic",
    label: "shared ballot numbers",
    explains: "Breaks “no two proposers use the same ballot”: ballots carry no proposer id, so two proposers can each win “the same” ballot with different values (watch Agreement).",
    liveness: false,
  },
  {
    name: "skipPhaseOne",
    mode: "basic",
    label: "no phase 1",
    explains: "Breaks “ask before you propose”: proposers send accept with their own value at once and never hear what was already accepted (watch Agreement).",
    liveness: false,
  },
  {
    name: "acceptFirstValue",
    mode: "basic",
    label: "accept only the first value",
    explains: "Each acceptor keeps the first value it sees for ever: with three proposers the votes can split, and then no value can ever be chosen (a naive design from the seeds).",
    liveness: true,
  },
  {
    name: "smallQuorum",
    mode: "basic",
    label: "quorum too small",
    explains: "Breaks “any two quorums share an acceptor”: a quorum is one acceptor short of a majority, so two groups that never meet each choose their own value (watch Agreement).",
    liveness: false,
  },
  {
    name: "singleAcceptor",
    mode: "basic",
    label: "a single acceptor",
    explains: "One acceptor decides alone; crash it and nothing can ever be chosen — the seeds' first naive design. (It needs exactly 1 acceptor.)",
    liveness: true,
  },
  {
    name: "membershipWithoutConsensus",
    mode: "multi",
    label: "membership without consensus",
    explains: "Breaks “change the membership through the log”: a server switches to a new set of servers the moment it hears of one and passes it on, so two sides can count majorities of different memberships that share no server, and each choose its own command for a slot (watch Agreement).",
    liveness: false,
  },
  {
    name: "coordinatorIgnoresVotes",
    mode: "twoPhase",
    label: "coordinator commits on a majority",
    explains: "Breaks “commit only if every participant votes yes”: the coordinator commits once most have said yes, while a participant that said no has already aborted (watch Atomicity and Commit validity).",
    liveness: false,
  },
]);

/** The broken rules that belong to one protocol, in the simulator's order. @param {Mode} mode */
export function rulesFor(mode) {
  return BROKEN_RULES.filter((r) => r.mode === mode);
}

/** @param {string | null | undefined} name @returns {BrokenRule | undefined} */
export function brokenRule(name) {
  return BROKEN_RULES.find((r) => r.name === name);
}

/**
 * One ready-made run: the group it is listed under, its name in the menu, what it shows.
 * @typedef {{ group: string, label: string, about: string }} ReadyRun
 */

/** What each run of the simulator's (by name) shows; a broken rule's run reuses its words. */
const RUNS = /** @type {Record<string, ReadyRun>} */ ({
  acceptorForgetsOnRestart: {
    group: "Broken rules",
    label: "no stable storage",
    about: "P1 got “x” chosen; A1 crashed and came back blank; now P2, cut off from A2, asks A1 and A3 and hears of nothing: a second value gets chosen.",
  },
  singleAcceptor: {
    group: "Broken rules",
    label: "a single acceptor",
    about: "Two proposers and one acceptor, which has just crashed: nothing can ever be chosen.",
  },
  livelock: {
    group: "Livelock",
    label: "duelling proposers",
    about: "Two proposers, no jitter, fixed link delays: each one's prepare pre-empts the other's accept, round after round, and nothing is ever chosen.",
  },
  livelockJitter: {
    group: "Livelock",
    label: "cured by jitter",
    about: "The same duel with jitter on: a random extra wait before retrying breaks the tie and a value is chosen.",
  },
  livelockDistinguished: {
    group: "Livelock",
    label: "cured by a distinguished proposer",
    about: "The same duel with a distinguished proposer: P1 stands aside for P2 and forwards its value; P2's value is chosen.",
  },
  intMax: {
    group: "Misbehaving proposer",
    label: "a proposer jumps to round MAX",
    about: "P2 jumps to the largest round there is: every acceptor promises it, and P1 is refused for ever (safety still holds).",
  },
  intMaxCeiling: {
    group: "Misbehaving proposer",
    label: "stopped by a ballot ceiling",
    about: "The same jump, but the acceptors refuse any round more than 100 above what they promised: P1's value is chosen.",
  },
  corruption: {
    group: "Corruption",
    label: "damaged messages",
    about: "P1's links to A1 and A2 damage every message: a value nobody proposed (“blue~”) gets chosen, and Validity fails.",
  },
  corruptionChecksums: {
    group: "Corruption",
    label: "caught by checksums",
    about: "The same links with checksums: damaged messages are discarded like lost ones, so nothing wrong is chosen (nor anything, until the links are mended).",
  },
  membershipWithoutConsensus: {
    group: "Multi-Paxos: membership",
    label: "membership without consensus",
    about: "One server, cut off from the leader and its follower, hears of two new servers and switches to five members at once; the other two never hear of it. Each side counts a majority of its own membership, and the two sides choose different commands for the same slot.",
  },
  reconfiguration: {
    group: "Multi-Paxos: membership",
    label: "add a server, remove the leader",
    about: "Five servers: a client adds S6 and removes the leader, and two more commands follow. Each change is a command in the log; it counts α slots later, S6 catches up before it votes, and the removed leader steps down for a new one.",
  },
  leaderCrash: {
    group: "Paxos against two-phase commit (2PC)",
    label: "Multi-Paxos: the leader crashes",
    about: "The leader of three servers has two commands to handle (one sent to it, one through a follower) and crashes with them in flight. The others hear nothing, run for leader, and one of them gets both commands chosen and applied: nobody waits for the crashed server.",
  },
  twoPhaseBlocked: {
    group: "Paxos against two-phase commit (2PC)",
    label: "2PC: the coordinator crashes",
    about: "Every participant has voted yes; then the coordinator C crashes before deciding, and their votes are lost with it. They are blocked: each asks C again and again, and can neither commit nor abort until C restarts (C then finds no decision in its log and aborts).",
  },
  coordinatorIgnoresVotes: {
    group: "Paxos against two-phase commit (2PC)",
    label: "2PC: a no is ignored",
    about: "P1 votes no and aborts at once; the coordinator commits anyway on the yes votes of P2 and P3, which then commit what P1 aborted: Atomicity and Commit validity fail.",
  },
});

/**
 * A run by the simulator's name for it; one not described here is listed under its name.
 * @param {string} name
 * @returns {ReadyRun}
 */
export function readyRun(name) {
  const run = RUNS[name];
  if (run) return run;
  const rule = brokenRule(name);
  if (rule) return { group: "Broken rules", label: rule.label, about: `${rule.explains} Three proposers have each proposed a value.` };
  return { group: "Other", label: name, about: "" };
}

/** The order of the menu's groups; a group not listed comes after these. */
const GROUPS = ["Broken rules", "Livelock", "Misbehaving proposer", "Corruption", "Multi-Paxos: membership", "Paxos against two-phase commit (2PC)"];

/**
 * The runs grouped for the menu, in the simulator's order within a group, except that a
 * group's correct runs come before its broken rule.
 * @param {string[]} names
 * @returns {[string, string[]][]}
 */
export function groupRuns(names) {
  /** @type {Map<string, string[]>} */
  const groups = new Map();
  for (const name of names) {
    const group = readyRun(name).group;
    groups.set(group, [...(groups.get(group) ?? []), name]);
  }
  const rank = (/** @type {string} */ group) => (GROUPS.includes(group) ? GROUPS.indexOf(group) : GROUPS.length);
  const broken = (/** @type {string} */ name) => (brokenRule(name) ? 1 : 0);
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([group, runs]) => [group, group === "Broken rules" ? runs : [...runs].sort((a, b) => broken(a) - broken(b))]);
}
