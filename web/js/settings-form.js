// @ts-check
// The cluster settings form: read and check it, build a new simulation from it ("Apply and
// restart"), show the current run's settings in it, preview which fields a protocol uses (and
// list only that protocol's broken rules), and say what the chosen broken rule breaks. It is
// made, with its fields (settings-markup.js), the first time the settings are unfolded, and its
// script is fetched then (page weight: the folded settings' one-line summary and Reset are
// settings.js's, loaded with the page). Two-phase commit's participants and their votes are in
// vote-fields.js.

import { byId, html, wholeNumber } from "./dom.js";
import { brokenRule, rulesFor } from "./catalogue.js";
import { VoteFields } from "./vote-fields.js";
import { settingsMarkup } from "./settings-markup.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Config} Config */
/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("paxos-core").Mode} Mode */

/** Largest delay, timeout, back-off or ballot ceiling the simulator takes (ticks or rounds). */
const MAX_TICKS = 100_000;

/** What the settings form says when no rule is broken, per protocol. */
const CORRECT = {
  basic: "Correct Paxos: the safety checks should hold whatever you do to the network.",
  multi: "Correct Multi-Paxos: the checks should hold whatever you do, even while servers are added and removed.",
  twoPhase: "Correct two-phase commit: atomicity holds whatever you do, but a crashed coordinator can block the participants.",
};

/** The protocol picked in a menu. @param {string} value @returns {Mode} */
function modeOf(value) {
  return value === "multi" || value === "twoPhase" ? value : "basic";
}

/**
 * A whole number of ticks (or rounds) from 1 to MAX_TICKS, or an error naming the field.
 * @param {HTMLInputElement} input
 * @param {string} label
 * @param {string} [unit]
 * @param {string} [or] what else it may be, e.g. " (or empty for none)"
 */
function ticks(input, label, unit = "ticks", or = "") {
  const text = input.value.trim();
  const number = Number(text);
  if (text === "" || !Number.isInteger(number) || number < 1 || number > MAX_TICKS) {
    throw new Error(`${label} must be a whole number of ${unit} from 1 to ${MAX_TICKS}${or}, got “${input.value}”.`);
  }
  return number;
}

export class SettingsForm {
  /**
   * Makes the form in the settings' <details>, under its summary.
   * @param {Controller} controller
   * @param {Engine} engine
   */
  constructor(controller, engine) {
    this.controller = controller;
    this.engine = engine;
    /** The simulator's defaults, to sum up how a run's timing differs from them. */
    this.defaults = engine.Simulation.defaultConfig();
    byId("settings-box", HTMLDetailsElement).append(settingsMarkup());
    this.ui = {
      form: byId("settings", HTMLFormElement),
      mode: byId("mode", HTMLSelectElement),
      seed: byId("seed", HTMLInputElement),
      proposers: byId("proposers", HTMLInputElement),
      acceptors: byId("acceptors", HTMLInputElement),
      alpha: byId("alpha", HTMLInputElement),
      learners: byId("learners", HTMLInputElement),
      layout: byId("layout", HTMLSelectElement),
      sabotage: byId("sabotage", HTMLSelectElement),
      sabotageHint: byId("sabotage-hint", HTMLElement),
      more: byId("more-settings", HTMLDetailsElement),
      moreSummary: byId("more-summary", HTMLElement),
      box: byId("settings-box", HTMLDetailsElement),
      timeout: byId("timeout", HTMLInputElement),
      backoff: byId("backoff", HTMLInputElement),
      minDelay: byId("min-delay", HTMLInputElement),
      maxDelay: byId("max-delay", HTMLInputElement),
      jitter: byId("jitter", HTMLInputElement),
      distinguished: byId("distinguished", HTMLInputElement),
      ceiling: byId("ceiling", HTMLInputElement),
      checksums: byId("checksums", HTMLInputElement),
    };
    const ui = this.ui;
    this.votes = new VoteFields(byId("participants", HTMLInputElement), byId("votes", HTMLFieldSetElement));
    this.fillRules("basic");
    /** The acceptors asked for before "a single acceptor" set them to 1, restored after it. */
    this.acceptorsBefore = "3";
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.apply();
    });
    ui.mode.addEventListener("change", () => {
      // Preview which settings apply; the cluster changes only on "Apply and restart".
      ui.form.dataset.mode = modeOf(ui.mode.value);
      this.fillRules(modeOf(ui.mode.value));
      this.sabotageChanged();
      this.summarise();
    });
    ui.sabotage.addEventListener("change", () => this.sabotageChanged());
    ui.more.addEventListener("input", () => this.summarise());
  }

  /**
   * Lists the broken rules of one protocol in the menu; the one chosen stays if it belongs to
   * it, else the menu goes back to none.
   * @param {Mode} mode
   */
  fillRules(mode) {
    const menu = this.ui.sabotage;
    const keep = menu.value;
    const none = html("option", { value: "" }, mode === "twoPhase" ? "no: correct two-phase commit" : mode === "multi" ? "no: correct Multi-Paxos" : "no: correct Paxos");
    const rules = rulesFor(mode);
    menu.replaceChildren(none, ...rules.map((r) => html("option", { value: r.name }, r.label)));
    menu.value = rules.some((r) => r.name === keep) ? keep : "";
  }

  /** The broken rule chosen in the form, if it belongs to the protocol chosen there. */
  sabotage() {
    const rule = brokenRule(this.ui.sabotage.value);
    return rule && rule.mode === modeOf(this.ui.mode.value) ? rule.name : null;
  }

  /**
   * A broken rule was chosen: say what it breaks. "A single acceptor" needs exactly one
   * acceptor, so it sets the field to 1 and says so; leaving it puts back what was there.
   */
  sabotageChanged() {
    const ui = this.ui;
    const single = this.sabotage() === "singleAcceptor";
    let note = "";
    if (single && ui.acceptors.value.trim() !== "1") {
      this.acceptorsBefore = ui.acceptors.value;
      ui.acceptors.value = "1";
      note = " Acceptors set to 1.";
    } else if (!single && ui.acceptors.value.trim() === "1") {
      ui.acceptors.value = this.acceptorsBefore;
      note = ` Acceptors back to ${this.acceptorsBefore}.`;
    }
    this.explain(note);
  }

  /** Shows what the chosen rule breaks. @param {string} [note] what changing it did to the form */
  explain(note = "") {
    const rule = brokenRule(this.ui.sabotage.value);
    this.ui.sabotageHint.textContent = `${rule ? rule.explains : CORRECT[modeOf(this.ui.mode.value)]}${note}`;
  }

  /**
   * Sums up "Timing and cures" while it is folded: what differs from the simulator's defaults
   * (for a ready-made run, what makes it go wrong), else what is in there.
   */
  summarise() {
    const ui = this.ui;
    const d = this.defaults;
    const mode = modeOf(ui.form.dataset.mode ?? "");
    const basic = mode === "basic";
    const changed = [
      mode !== "multi" && ui.timeout.value !== String(d.timeout) && `${basic ? "" : "vote "}timeout ${ui.timeout.value}`,
      basic && ui.backoff.value !== String(d.backoff) && `back-off ${ui.backoff.value}`,
      (ui.minDelay.value !== String(d.minDelay) || ui.maxDelay.value !== String(d.maxDelay)) && `delay ${ui.minDelay.value}–${ui.maxDelay.value}`,
      !ui.jitter.checked && "jitter off",
      basic && ui.distinguished.checked && "distinguished proposer",
      basic && ui.ceiling.value.trim() !== "" && `ballot ceiling ${ui.ceiling.value.trim()}`,
      ui.checksums.checked && "checksums on",
    ].filter(Boolean);
    ui.moreSummary.textContent = changed.length
      ? `: ${changed.join(", ")}`
      : basic
        ? "(timeouts, delays, jitter, distinguished proposer, ballot ceiling, checksums)"
        : mode === "multi"
          ? "(delays, jitter, checksums)"
          : "(vote timeout, delays, jitter, checksums)";
    ui.moreSummary.classList.toggle("changed", changed.length > 0);
  }

  /**
   * Builds a new simulation from the settings form; a refused configuration changes nothing.
   * Multi-Paxos and two-phase commit wait for the full engine the first time (engine.js).
   */
  async apply() {
    const ui = this.ui;
    let next;
    try {
      const seed = wholeNumber(ui.seed, "Seed", 4_294_967_295);
      const mode = modeOf(ui.mode.value);
      const basic = mode === "basic";
      const minDelay = ticks(ui.minDelay, "The shortest message delay");
      const maxDelay = ticks(ui.maxDelay, "The longest message delay");
      if (maxDelay < minDelay) throw new Error(`The longest message delay (${maxDelay}) must not be below the shortest (${minDelay}).`);
      const ceiling = ui.ceiling.value.trim();
      /** @type {Partial<Config>} */
      const config = {
        mode,
        sabotage: this.sabotage(),
        minDelay,
        maxDelay,
        jitter: ui.jitter.checked,
        checksums: ui.checksums.checked,
      };
      if (mode !== "twoPhase") config.acceptors = wholeNumber(ui.acceptors, mode === "multi" ? "Servers" : "Acceptors", 99);
      if (mode === "multi") config.alpha = wholeNumber(ui.alpha, "α", 99);
      if (mode === "twoPhase") {
        config.participants = wholeNumber(this.votes.participants, "Participants", 99);
        config.votes = this.votes.read(config.participants);
        config.timeout = ticks(ui.timeout, "The vote timeout");
      }
      if (basic) {
        config.proposers = wholeNumber(ui.proposers, "Proposers", 99);
        config.learners = wholeNumber(ui.learners, "Learners", 99);
        config.layout = ui.layout.value === "shared" ? "shared" : "separate";
        config.timeout = ticks(ui.timeout, "The proposer timeout");
        config.backoff = ticks(ui.backoff, "The back-off");
        config.distinguished = ui.distinguished.checked;
        config.ballotCeiling = ceiling === "" ? null : ticks(ui.ceiling, "The ballot ceiling", "rounds", " (or empty for none)");
      }
      next = { sim: await this.engine.open((Simulation) => new Simulation(config, seed)), config, seed };
    } catch (err) {
      this.controller.notices.showError(err);
      return;
    }
    this.controller.replace(next.sim, `New cluster, seed ${next.seed}.`, { config: next.config, seed: next.seed });
    // Applied: the settings fold away, and their heading says what now runs.
    this.ui.box.open = false;
  }

  /** Shows the current run's configuration in the form. @param {Snapshot} snap */
  sync(snap) {
    const ui = this.ui;
    const c = snap.config;
    const d = this.defaults;
    ui.mode.value = c.mode ?? "basic";
    ui.form.dataset.mode = ui.mode.value;
    this.fillRules(modeOf(ui.mode.value));
    ui.seed.value = String(snap.seed);
    ui.proposers.value = String(c.proposers ?? 2);
    ui.acceptors.value = String(c.acceptors ?? 3);
    ui.alpha.value = String(c.alpha ?? d.alpha ?? 3);
    this.votes.show(c.participants ?? d.participants ?? 3, c.votes ?? []);
    ui.learners.value = String(c.learners ?? 1);
    ui.layout.value = c.layout ?? "separate";
    ui.sabotage.value = c.sabotage ?? "";
    ui.timeout.value = String(c.timeout ?? d.timeout);
    ui.backoff.value = String(c.backoff ?? d.backoff);
    ui.minDelay.value = String(c.minDelay ?? d.minDelay);
    ui.maxDelay.value = String(c.maxDelay ?? d.maxDelay);
    ui.jitter.checked = c.jitter ?? d.jitter ?? true;
    ui.distinguished.checked = c.distinguished ?? false;
    ui.ceiling.value = c.ballotCeiling == null ? "" : String(c.ballotCeiling);
    ui.checksums.checked = c.checksums ?? false;
    this.summarise();
    if (c.sabotage !== "singleAcceptor") this.acceptorsBefore = ui.acceptors.value;
    this.explain();
  }
}
