// @ts-check
// The playground's composition root: loads the wasm bindings, puts the Simulation in the store
// (controller.js), makes the views and the page's parts, and wires them. Each render takes one
// snapshot and hands it down to every part that shows it. Every call that the simulator refuses
// shows its message in the page and leaves the simulation as it was.

import { byId, errorText } from "./dom.js";
import { ClusterView } from "./cluster-view.js";
import { Panel } from "./panel.js";
import { Inspector } from "./inspector.js";
import { Scenarios } from "./scenarios.js";
import { Controller } from "./controller.js";
import { Notices } from "./notices.js";
import { Playback } from "./playback.js";
import { Settings } from "./settings.js";
import { NetworkForm } from "./network-form.js";
import { ClientForm } from "./client-form.js";
import { TimeTravel } from "./time-travel.js";
import { MembershipControls } from "./membership-view.js";
import { Sharing, openFromLink } from "./sharing.js";
import { installKeys } from "./keys.js";
import { filters } from "./filters.js";
import { NarrationView } from "./narration-view.js";
import { Lessons } from "./lessons.js";
import { ExplainState } from "./explain-state.js";
import { Engine } from "./engine.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("./cluster-view.js").Selection} Selection */
/** @typedef {typeof import("paxos-core")} Bindings */

/** @returns {Promise<Bindings>} the wasm exports, once Trunk's loader has started them. */
function bindings() {
  const w = /** @type {{ wasmBindings?: Bindings }} */ (/** @type {unknown} */ (window));
  if (w.wasmBindings) return Promise.resolve(w.wasmBindings);
  return new Promise((resolve) => {
    addEventListener("TrunkApplicationStarted", () => w.wasmBindings && resolve(w.wasmBindings), { once: true });
  });
}

const status = byId("status", HTMLElement);
const loadTimer = setTimeout(() => {
  status.textContent = "The simulator did not start. This page needs a browser with WebAssembly and JavaScript modules.";
}, 15_000);
const engine = new Engine(await bindings());
const { Simulation } = engine;
clearTimeout(loadTimer);

const notices = new Notices({
  error: byId("error", HTMLElement),
  errorText: byId("error-text", HTMLElement),
  errorClose: byId("error-close", HTMLButtonElement),
  announcer: byId("announcer", HTMLElement),
});
// The run in the link, if any (a lesson's link opens once the page is made); otherwise a fresh
// one from the form's defaults.
const startHash = location.hash;
// The embed view (?embed, what embed.html opens): the cluster, the lesson and the step controls.
if (new URLSearchParams(location.search).has("embed")) document.body.classList.add("embed");
const lessonLink = /^#lesson=/.test(startHash);
const linked = lessonLink ? { sim: null, error: "" } : await openFromLink(engine, location.hash);
const fresh = { config: { proposers: 2, acceptors: 3, learners: 1 }, seed: 1 };
const controller = new Controller(linked.sim ?? new Simulation(fresh.config, fresh.seed), linked.sim ? null : fresh, notices, {
  render,
  replacing,
  replaced: (snap) => {
    settings.sync(snap);
    // An imported run: its history's log, under the note that says where it came from.
    panel.rebuildLog(controller.sim, snap);
    panel.logNote(replacingNote);
  },
  selected,
});

const panel = new Panel();
const narration = new NarrationView(byId("narration-what", HTMLElement), byId("narration-why", HTMLElement));
const inspector = new Inspector({
  deliver: (id) => controller.act((sim) => sim.deliver(id)),
  drop: (id) => controller.act((sim) => sim.drop(id)),
  duplicate: (id) => controller.act((sim) => sim.duplicate(id)),
  crash: (node) => controller.act((sim) => sim.crash(node)),
  restart: (node) => controller.act((sim) => sim.restart(node)),
  propose: (node, value) => controller.act((sim) => sim.propose(node, value)),
  misbehave: (node) => controller.act((sim) => sim.misbehave(node)),
  removeServer: (node) => membership.remove(node),
  transaction: (node) => controller.act((sim) => sim.transaction(node)),
  close: () => controller.select(null),
}, (err) => notices.showError(err));
const cluster = /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.getElementById("cluster")));
const view = new ClusterView(cluster, byId("tip", HTMLElement), (picked) => controller.select(picked, true));
// The full engine, once in, takes over the run where it is (with its history and cursor).
engine.arrived = (/** @type {Bindings} */ full) => controller.carryOver(full.Simulation.fromTrace(controller.sim.trace()));
// While it loads, the buttons that wait for it say so (style.css), and so does the announcer.
engine.waiting = (/** @type {boolean} */ loading) => {
  document.body.classList.toggle("engine-loading", loading);
  if (loading) notices.announce("Loading the full simulator (Multi-Paxos, two-phase commit, lessons, ready-made runs, explorer)…");
};
/**
 * A part of the page made the first time its <details> is opened, from a script of its own that
 * is fetched then (page weight: most visits never open it). Until then it is null.
 * @template T
 * @param {string} id the <details>
 * @param {() => Promise<T>} make
 * @param {(part: T) => void} opened what the part does on that first opening
 * @returns {{ part: T | null }}
 */
function onFirstOpen(id, make, opened) {
  const box = byId(id, HTMLDetailsElement);
  /** @type {{ part: T | null }} */
  const made = { part: null };
  /** Made once, even if the box is folded and unfolded again while its script is on its way. */
  let making = false;
  box.addEventListener("toggle", async () => {
    if (made.part || making || !box.open) return;
    making = true;
    // Said on screen while its script is on its way (style.css).
    box.classList.add("part-loading");
    try {
      made.part = await make();
      opened(made.part);
    } catch (err) {
      notices.showError(`This part of the page did not load: ${errorText(err)}`);
    } finally {
      making = false;
      box.classList.remove("part-loading");
    }
  });
  return made;
}
// "Every possible next step": it fetches the full engine too, when first opened.
const explore = onFirstOpen(
  "explore-box",
  async () => new (await import("./explore-view.js")).ExploreView(controller, engine),
  (part) => part.update(controller.snapshot, false),
);
// Stopped: the address, an off-screen diagram and the list of next steps catch up with the step
// shown (while playing the address lags up to a second, the diagram waits until it is scrolled
// to, and the next steps are not listed).
const playback = new Playback(controller, () => {
  sharing.flush();
  timeTravel.catchUp();
  explore.part?.catchUp();
});
const settings = new Settings(controller, engine);
// The settings form (the heading above it says what runs, from the first load on).
onFirstOpen(
  "settings-box",
  async () => new (await import("./settings-form.js")).SettingsForm(controller, engine),
  (form) => {
    settings.form = form;
    form.sync(controller.snapshot);
  },
);
const network = new NetworkForm(controller);
view.onLink = (/** @type {number} */ a, /** @type {number} */ b) => network.pick(a, b);
const client = new ClientForm(controller);
const membership = new MembershipControls(controller);
const timeTravel = new TimeTravel(controller, { playback, panel, view });
const sharing = new Sharing(controller, engine);
const lessons = new Lessons(controller, engine, view);
sharing.fragment = () => lessons.fragment();
playback.follow = () => lessons.alongPath();
playback.following = () => lessons.pathShown() !== null && controller.snapshot.step < (lessons.found?.path.length ?? 0);
const explain = new ExplainState(view, (err) => notices.showError(err));
// The Check panel (most visits never model-check).
const check = onFirstOpen(
  "check-box",
  async () => new (await import("./check-panel.js")).CheckPanel(controller, engine, { leaveLesson: () => lessons.leave() }),
  (part) => part.update(controller.snapshot),
);
new Scenarios(controller, engine);
const legendForward = byId("legend-forward", HTMLElement);
const legendDamaged = byId("legend-damaged", HTMLElement);
const legendMembership = byId("legend-membership", HTMLElement);
installKeys({ controller, playback, settings, timeTravel, sharing, client, view, membership, lessons });
const showHeartbeats = byId("show-heartbeats", HTMLInputElement);
showHeartbeats.addEventListener("change", () => {
  filters.heartbeats = showHeartbeats.checked;
  controller.render(null, true);
});

/**
 * Draws one snapshot everywhere: the cluster, the panel, the forms, the timeline, the address.
 * @param {Snapshot} snap
 * @param {Report | null | undefined} report what the last action did
 * @param {boolean} jump the cursor jumped in time: redraw without movement
 */
function render(snap, report, jump) {
  document.body.dataset.mode = snap.config.mode;
  view.update(snap, report?.events, jump);
  narration.update(snap, report, jump, () => controller.sim.timeline().length);
  lessons.update(snap);
  explain.update(snap);
  panel.update(snap);
  if (report) panel.logReport(snap, report);
  notices.update(snap, report);
  // The inspector follows the selection; a selected message that is gone clears it.
  if (!inspector.inspect(snap, controller.selection) && controller.selection) controller.select(null);
  // Basic Paxos forwards values only to a distinguished proposer: its colour is explained once it can appear.
  legendForward.classList.toggle("multi-only", !snap.config.distinguished && snap.counters.forward === 0);
  legendDamaged.hidden = !snap.network.links.some((l) => l.faults.corrupt) && !snap.messages.some((m) => m.corrupted);
  // Unchosen membership announcements exist only under the broken rule.
  legendMembership.hidden = snap.config.sabotage !== "membershipWithoutConsensus" && !snap.counters.membership;
  client.update(snap);
  membership.update(snap);
  timeTravel.update(snap, playback.playing);
  sharing.update(playback.playing);
  network.update(snap);
  playback.update(snap);
  check.part?.update(snap);
  explore.part?.update(snap, playback.playing);
}

/** What the log says about the simulation taking over (written once it has). */
let replacingNote = "";

/** A new simulation takes over: stop playing, forget the selection and the log. @param {string} note */
function replacing(note) {
  playback.pause();
  view.select(null);
  panel.clearLog();
  narration.reset();
  replacingNote = note;
  notices.announce(note);
}

/**
 * @param {Selection | null} selection
 * @param {boolean} focusInspector bring the inspector into view (on a narrow screen)
 */
function selected(selection, focusInspector) {
  view.select(selection);
  inspector.inspect(controller.snapshot, selection);
  membership.update(controller.snapshot);
  // On one column the inspector is a sheet over the bottom of the screen: the page scrolls
  // just enough to keep what was tapped above it.
  if (selection && focusInspector && matchMedia("(max-width: 900px)").matches) {
    keepAbove(selection);
    // The first time, again once the inspector is in: until then it only says it is loading.
    if (!inspector.view) void inspector.loading?.then(() => keepAbove(selection));
  }
}

/** Scrolls the page so that what was tapped is above the inspector's sheet. @param {Selection} selection */
function keepAbove(selection) {
  const sheet = byId("inspector", HTMLElement).getBoundingClientRect();
  const picked = cluster.querySelector(selection.kind === "node" ? `[data-node="${selection.id}"]` : `[data-message="${selection.id}"]`);
  const box = picked?.getBoundingClientRect();
  if (box && box.bottom > sheet.top - 8) scrollBy({ top: box.bottom - sheet.top + 16, behavior: "instant" });
}

const first = controller.render();
settings.sync(first);
if (linked.sim) panel.rebuildLog(controller.sim, first);
panel.logNote(linked.error ? "Started a fresh simulation." : linked.sim ? "Opened the run in the link." : `New cluster, seed ${controller.origin.seed}.`);
if (linked.error) notices.showError(linked.error);
// (The first render wrote the fresh run's permalink into the address: the link is the one read at the start.)
// A lesson's link needs the full engine: fetched first, so the page is ready with the lesson open.
if (lessonLink) await lessons.openFromHash(startHash);
for (const id of ["step", "play", "reset"]) byId(id, HTMLButtonElement).disabled = false;
document.body.dataset.ready = "true";
