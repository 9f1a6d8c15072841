// @ts-check
// What the page tells the user besides the views: the error banner (a refused action, a link or
// file that would not open) and the screen-reader announcements (a value chosen, a safety
// violation, a new leader, livelock, participants blocked by a crashed coordinator).

import * as fmt from "./format.js";
import { violation } from "./format-events.js";
import { twoPhaseWords } from "./late.js";
import { errorText } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */

export class Notices {
  /**
   * @param {{ error: HTMLElement, errorText: HTMLElement, errorClose: HTMLButtonElement, announcer: HTMLElement }} ui
   */
  constructor(ui) {
    this.ui = ui;
    /** The leaders last announced, to announce a change of leader once. */
    this.leaders = "";
    /** Whether livelock was announced, to announce it once when it starts. */
    this.livelocked = false;
    /** The blocking last announced, to announce it once when it starts. */
    this.blocked = "";
    ui.errorClose.addEventListener("click", () => this.clearError());
  }

  /** @param {unknown} err */
  showError(err) {
    this.ui.errorText.textContent = errorText(err);
    this.ui.error.hidden = false;
  }

  clearError() {
    this.ui.error.hidden = true;
  }

  /** @param {string} text read out by screen readers */
  announce(text) {
    this.ui.announcer.textContent = text;
  }

  /**
   * Announces what matters in the last action's report, then a change of leader.
   * @param {Snapshot} snap
   * @param {Report | null | undefined} report
   */
  update(snap, report) {
    if (report) {
      const multi = snap.config.mode === "multi";
      const news = report.events.flatMap((e) =>
        e.type === "chosen"
          ? [multi ? `Slot ${e.slot} chosen: ${e.value}.` : `Chosen: ${e.value}, at ballot ${fmt.ballot(snap, e.ballot)}.`]
          : e.type === "violation"
            ? [`Safety violation. ${violation(snap, e)}`]
            : [],
      );
      if (news.length) this.announce(news.join(" "));
    }
    if ((snap.livelock !== null) !== this.livelocked) {
      this.livelocked = snap.livelock !== null;
      if (this.livelocked) this.announce(`Livelock: ${snap.livelock} rounds and no value chosen.`);
    }
    this.announceLeader(snap);
    const stuck = snap.config.mode === "twoPhase" ? twoPhaseWords().blocked(snap).text : "";
    if (stuck !== this.blocked) {
      this.blocked = stuck;
      if (stuck) this.announce(stuck);
    }
  }

  /** @param {Snapshot} snap */
  announceLeader(snap) {
    const now = snap.nodes
      .filter((n) => n.up && n.replica?.role === "leader")
      .map((n) => n.name)
      .join(", ");
    if (now === this.leaders) return;
    this.leaders = now;
    if (now) this.announce(`${now} ${now.includes(",") ? "each believe they lead" : "is the leader"}.`);
  }
}
