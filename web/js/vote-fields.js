// @ts-check
// Two-phase commit's settings: the number of participants and, for each, how it votes (yes,
// no, or at random). The vote menus follow the number typed, keeping the votes already picked.

import { html } from "./dom.js";

/** @typedef {import("paxos-core").VotePolicy} VotePolicy */

/** The most participants the simulator takes. */
const MAX = 8;

export class VoteFields {
  /**
   * @param {HTMLInputElement} participants
   * @param {HTMLFieldSetElement} box the fieldset the menus go in (after its legend and hint)
   */
  constructor(participants, box) {
    this.participants = participants;
    this.box = box;
    /** @type {HTMLSelectElement[]} */
    this.menus = [];
    participants.addEventListener("input", () => {
      const n = Number(participants.value);
      if (Number.isInteger(n) && n >= 1 && n <= MAX) this.show(n, this.votes());
    });
  }

  /** The votes picked, in order. @returns {VotePolicy[]} */
  votes() {
    return this.menus.map((m) => /** @type {VotePolicy} */ (m.value));
  }

  /**
   * The votes for a configuration: one per participant; trailing yes votes are left out (a
   * participant not listed votes yes), so a run of all yes has none.
   * @param {number} participants
   * @returns {VotePolicy[]}
   */
  read(participants) {
    const votes = this.votes().slice(0, participants);
    while (votes.length && votes.at(-1) === "yes") votes.pop();
    return votes;
  }

  /**
   * Shows `n` participants' menus with these votes (missing ones vote yes).
   * @param {number} n
   * @param {VotePolicy[]} votes
   */
  show(n, votes) {
    this.participants.value = String(n);
    const count = Math.min(MAX, Math.max(0, n));
    this.menus = Array.from({ length: count }, (_, i) => {
      const menu = html(
        "select",
        { id: `vote-${i + 1}`, "aria-label": `How P${i + 1} votes` },
        html("option", { value: "yes" }, "yes"),
        html("option", { value: "no" }, "no"),
        html("option", { value: "random" }, "at random"),
      );
      menu.value = votes[i] ?? "yes";
      return menu;
    });
    const keep = [...this.box.children].filter((el) => el.matches("legend, small"));
    this.box.replaceChildren(...keep, ...this.menus.map((menu, i) => html("label", {}, `P${i + 1} `, menu)));
  }
}
