// @ts-check
// A lesson's expectations in words, for the ticks beside its caption ("“blue” is chosen",
// "P2 adopted “blue” from a promise", "slot 3 is a no-op").

import { nodeName, quote } from "./format.js";
import { RULES } from "./format-events.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Expectation} Expectation */

/**
 * @param {Snapshot} snap
 * @param {Expectation} e
 */
export function expectation(snap, e) {
  const n = (/** @type {number} */ id) => nodeName(snap, id);
  switch (e.type) {
    case "chosen":
      return `${quote(e.value)} is chosen`;
    case "nothingChosen":
      return "no value is chosen";
    case "twoChosen":
      return "two different values are chosen";
    case "learned":
      return `${n(e.node)} learned ${quote(e.value)}`;
    case "allLearned":
      return "every live learner has learned the chosen value";
    case "accepted":
      return `${n(e.node)} has accepted ${quote(e.value)}`;
    case "adopted":
      return `${n(e.node)} adopted ${quote(e.value)} from a promise, not its client's value`;
    case "clientLost":
      return `${n(e.node)}'s client value lost: another was chosen`;
    case "rejected":
      return `${n(e.node)} was rejected and backs off`;
    case "violated":
      return `${RULES.find(([rule]) => rule === e.rule)?.[1] ?? e.rule} is broken`;
    case "safe":
      return "every safety rule holds";
    case "down":
      return `${n(e.node)} is down`;
    case "slotChosen":
      return e.value === "no-op" ? `slot ${e.slot} is chosen as a no-op` : `slot ${e.slot} is chosen: ${quote(e.value)}`;
    case "slotsChosen":
      return `at least ${e.count} slot${e.count === 1 ? " is" : "s are"} chosen`;
    case "leader":
      return `${n(e.node)} is the leader`;
    case "livelock":
      return "the proposers are in a livelock";
    case "applied":
      return `${n(e.node)} has applied at least ${e.count} slot${e.count === 1 ? "" : "s"}`;
    case "configuration":
      return `the servers are ${e.members.map(n).join(", ")}`;
    case "suspects":
      return `${n(e.node)} suspects ${n(e.peer)}`;
    case "outcome":
      return `every running participant ${e.commit ? "committed" : "aborted"} transaction ${e.tx}`;
    case "acceptedNothing":
      return `${n(e.node)} holds no accepted proposal`;
    case "blocked":
      return "participants are blocked, waiting for the coordinator";
    case "quiet":
      return "no message is on its way to a running node";
    default:
      return describeOther(/** @type {{ type: string }} */ (e));
  }
}

/** An expectation this page has no words for yet: its name, spaced out. @param {{ type: string }} e */
function describeOther(e) {
  return e.type.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}
