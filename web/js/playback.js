// @ts-check
// Playback: Step, Play/Pause and the speed slider, and the status line that says where the run
// is. While playing, one timer is pending for the next step; paused, nothing is scheduled.

import { byId } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./controller.js").Controller} Controller */

/** Steps per second at each position of the speed slider. */
const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];

export class Playback {
  /**
   * @param {Controller} controller
   * @param {() => void} [paused] called when playing stops
   */
  constructor(controller, paused = () => {}) {
    this.controller = controller;
    this.paused = paused;
    this.ui = {
      step: byId("step", HTMLButtonElement),
      play: byId("play", HTMLButtonElement),
      speed: byId("speed", HTMLInputElement),
      speedOut: byId("speed-out", HTMLOutputElement),
      status: byId("status", HTMLElement),
      cluster: /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.getElementById("cluster"))),
    };
    this.playing = false;
    /**
     * A recorded path Step follows instead (a lesson's model-check path): returns the report of
     * the step it took, or undefined when there is none to follow.
     * @type {() => import("paxos-core").Report | undefined}
     */
    this.follow = () => undefined;
    /** Whether Step follows such a path now. @type {() => boolean} */
    this.following = () => false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.ui.step.addEventListener("click", () => this.step());
    this.ui.play.addEventListener("click", () => this.toggle());
    this.ui.speed.addEventListener("input", () => this.updateSpeed());
    this.updateSpeed();
  }

  /** The status line, for a new snapshot. @param {Snapshot} snap */
  update(snap) {
    const due = snap.nextDue === null ? "nothing due" : `next due at t=${snap.nextDue}`;
    const start = { basic: "Propose a value", multi: "Submit a command", twoPhase: "Begin a transaction" }[snap.config.mode ?? "basic"];
    const hint = this.following() ? " · Step follows the checker's path." : snap.step === 0 ? ` · ${start} to start: Client request, or press V.` : "";
    this.ui.status.textContent = `Step ${snap.step} · time ${snap.time} · ${snap.messages.length} in flight · ${due}${this.playing ? " · playing" : ""}${hint}`;
  }

  step() {
    const followed = this.follow();
    if (followed) return followed;
    const report = this.controller.act((sim) => sim.step());
    if (report === null) {
      this.pause();
      this.ui.status.textContent += " · Nothing left to do: no message in flight, no timer pending.";
    }
    return report;
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  play() {
    if (this.playing) return;
    this.playing = true;
    const play = this.ui.play;
    play.setAttribute("aria-pressed", "true");
    play.firstChild && (play.firstChild.textContent = "Pause ");
    this.updateMotion();
    const tick = () => {
      if (!this.playing) return;
      const report = this.step();
      if (report === undefined) this.pause();
      else if (this.playing) this.timer = setTimeout(tick, this.interval());
    };
    // Named whatever the minifier does: the frame benchmark (tests/bench/frames.mjs) tells the
    // playback's steps from other timers by this name.
    Object.defineProperty(tick, "name", { value: "tick" });
    tick();
  }

  pause() {
    const was = this.playing;
    this.playing = false;
    clearTimeout(this.timer);
    const play = this.ui.play;
    play.setAttribute("aria-pressed", "false");
    play.firstChild && (play.firstChild.textContent = "Play ");
    this.updateMotion();
    // The status line said "playing": say it no longer (nothing else redraws while paused).
    if (was && this.controller.snapshot) this.update(this.controller.snapshot);
    if (was) this.paused();
  }

  interval() {
    return 1000 / SPEEDS[Number(this.ui.speed.value)];
  }

  updateSpeed() {
    const speed = SPEEDS[Number(this.ui.speed.value)];
    const text = speed < 1 ? `1 step / ${1 / speed} s` : `${speed} steps/s`;
    this.ui.speedOut.textContent = text;
    this.ui.speed.setAttribute("aria-valuetext", text);
    // Movement takes most of a step's time, at most half a second.
    this.ui.cluster.style.setProperty("--move", `${Math.min(500, this.interval() * 0.8)}ms`);
    this.updateMotion();
  }

  /**
   * Playing at 8 steps a second or faster, messages jump from step to step instead of gliding:
   * a glide would last three frames of every four, and repainting the cluster every frame
   * costs more than the steps themselves.
   */
  updateMotion() {
    this.ui.cluster.classList.toggle("fast", this.playing && this.interval() < 130);
  }

  /** @param {number} delta */
  changeSpeed(delta) {
    const next = Math.min(SPEEDS.length - 1, Math.max(0, Number(this.ui.speed.value) + delta));
    this.ui.speed.value = String(next);
    this.updateSpeed();
  }
}
