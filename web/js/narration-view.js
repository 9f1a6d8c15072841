// @ts-check
// The "What just happened" box above the cluster: after each action, narration.js's sentence
// and its why; after a jump in time, where the cursor went. It keeps the snapshot it last saw,
// to tell what an action changed.

import { setText } from "./dom.js";
import { narrate } from "./narration.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */

export class NarrationView {
  /** @param {HTMLElement} what the sentence @param {HTMLElement} why the reason under it */
  constructor(what, why) {
    this.what = what;
    this.why = why;
    /** @type {Snapshot | null} */
    this.last = null;
  }

  /**
   * @param {Snapshot} snap
   * @param {Report | null | undefined} report the action just taken, if any
   * @param {boolean} jump the cursor moved in time
   * @param {() => number} [recorded] steps in the run's history, asked for only when a new run
   *   opens (more than `snap.step` when it has steps ahead of the cursor: a checker's path, an
   *   import)
   */
  update(snap, report, jump, recorded = () => snap.step) {
    const before = this.last;
    this.last = snap;
    if (report) {
      const story = narrate(before, snap, report);
      this.say(story.what, story.why);
    } else if (jump) {
      this.say(`At step ${snap.step}: the cluster as it was then.`, "Acting from here forks the history: the later steps are set aside (Restore brings them back).");
    } else if (!before) {
      this.say(start(snap, recorded()), "");
    }
  }

  /** A new simulation takes over: the next render starts the story afresh. */
  reset() {
    this.last = null;
  }

  /** @param {string} what @param {string} why */
  say(what, why) {
    setText(this.what, what);
    setText(this.why, why);
    this.why.hidden = !why;
  }
}

/**
 * What to do first, for a run at step 0 (or opened at a later step).
 * @param {Snapshot} snap
 * @param {number} recorded steps in its history
 */
function start(snap, recorded) {
  if (recorded > snap.step) {
    return `Opened at step ${snap.step} of ${recorded}. Step (S) goes forward along the recorded run, one step at a time; the timeline jumps anywhere in it.`;
  }
  if (snap.step > 0) return `Opened at step ${snap.step}. Step on, or go back with the timeline.`;
  switch (snap.config.mode) {
    case "multi":
      return "Press Step (or Play): the servers elect a leader. Then submit commands and watch them fill the log.";
    case "twoPhase":
      return "Begin a transaction: the coordinator asks every participant to vote, then decides.";
    default:
      return "Propose a value (Client request), then press Step to deliver one message at a time, or Play.";
  }
}
