// @ts-check
// The playground's controller: owns the wasm Simulation, turns clicks and keys into its actions,
// and hands each new snapshot to the views. Every call that the simulator refuses shows its
// message in the page and leaves the simulation as it was.

import { byId } from "./dom.js";
import { ClusterView } from "./cluster-view.js";
import { Panel } from "./panel.js";
import * as fmt from "./format.js";
import { Diagram } from "./diagram.js";

/** @typedef {import("paxos-core").Simulation} Simulation */
/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").Report} Report */
/** @typedef {import("paxos-core").Config} Config */
/** @typedef {import("./cluster-view.js").Selection} Selection */
/** @typedef {typeof import("paxos-core")} Bindings */

/** Steps per second at each position of the speed slider. */
const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];

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
const { Simulation } = await bindings();
clearTimeout(loadTimer);

const ui = {
  step: byId("step", HTMLButtonElement),
  play: byId("play", HTMLButtonElement),
  speed: byId("speed", HTMLInputElement),
  speedOut: byId("speed-out", HTMLOutputElement),
  reset: byId("reset", HTMLButtonElement),
  settings: byId("settings", HTMLFormElement),
  seed: byId("seed", HTMLInputElement),
  proposers: byId("proposers", HTMLInputElement),
  acceptors: byId("acceptors", HTMLInputElement),
  learners: byId("learners", HTMLInputElement),
  layout: byId("layout", HTMLSelectElement),
  sabotage: byId("sabotage", HTMLSelectElement),
  proposeForm: byId("propose-form", HTMLFormElement),
  mode: byId("mode", HTMLSelectElement),
  submitForm: byId("submit-form", HTMLFormElement),
  server: byId("server", HTMLSelectElement),
  op: byId("op", HTMLSelectElement),
  key: byId("key", HTMLInputElement),
  kvValue: byId("kv-value", HTMLInputElement),
  kvValueLabel: byId("kv-value-label", HTMLElement),
  back: byId("back", HTMLButtonElement),
  scrub: byId("scrub", HTMLInputElement),
  scrubOut: byId("scrub-out", HTMLOutputElement),
  undoFork: byId("undo-fork", HTMLButtonElement),
  copyLink: byId("copy-link", HTMLButtonElement),
  exportButton: byId("export", HTMLButtonElement),
  importButton: byId("import", HTMLButtonElement),
  importFile: byId("import-file", HTMLInputElement),
  partitionForm: byId("partition-form", HTMLFormElement),
  partitionNodes: byId("partition-nodes", HTMLFieldSetElement),
  heal: byId("heal", HTMLButtonElement),
  linkForm: byId("link-form", HTMLFormElement),
  linkFrom: byId("link-from", HTMLSelectElement),
  linkTo: byId("link-to", HTMLSelectElement),
  linkLoss: byId("link-loss", HTMLInputElement),
  linkDup: byId("link-dup", HTMLInputElement),
  linkMin: byId("link-min", HTMLInputElement),
  linkMax: byId("link-max", HTMLInputElement),
  linkFifo: byId("link-fifo", HTMLInputElement),
  cutLink: byId("cut-link", HTMLButtonElement),
  networkStatus: byId("network-status", HTMLElement),
  diagram: /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.getElementById("diagram"))),
  proposer: byId("proposer", HTMLSelectElement),
  value: byId("value", HTMLInputElement),
  error: byId("error", HTMLElement),
  errorText: byId("error-text", HTMLElement),
  errorClose: byId("error-close", HTMLButtonElement),
  announcer: byId("announcer", HTMLElement),
  help: byId("help", HTMLDialogElement),
  helpButton: byId("help-button", HTMLButtonElement),
  cluster: /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.getElementById("cluster"))),
  tip: byId("tip", HTMLElement),
};

/** The configuration and seed the current simulation was made from (what Reset rebuilds). */
let applied = { config: /** @type {Partial<Config>} */ ({ proposers: 2, acceptors: 3, learners: 1 }), seed: 1 };
/** An error to show once the page is up (a permalink that could not be opened). */
let startupError = "";
const linked = openFromLink();
let sim = linked ?? new Simulation(applied.config, applied.seed);

/**
 * The run in the address's fragment, if there is one that opens; otherwise `null`, with the
 * reason kept for the user.
 * @returns {Simulation | null}
 */
function openFromLink() {
  if (location.hash.length <= 1) return null;
  try {
    const opened = Simulation.fromPermalink(location.hash);
    const snap = opened.snapshot();
    applied = { config: snap.config, seed: snap.seed };
    return opened;
  } catch (err) {
    startupError = `${err instanceof Error ? err.message : String(err)} A fresh simulation was started instead.`;
    return null;
  }
}
/** @type {Selection | null} */
let selection = null;
let playing = false;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let playTimer;
/** Proposer ids of the last snapshot, to refill the proposer menu only when they change. */
let proposerKey = "";

const panel = new Panel({
  deliver: (id) => act(() => sim.deliver(id)),
  drop: (id) => act(() => sim.drop(id)),
  duplicate: (id) => act(() => sim.duplicate(id)),
  crash: (node) => act(() => sim.crash(node)),
  restart: (node) => act(() => sim.restart(node)),
  propose: (node, value) => act(() => sim.propose(node, value)),
  close: () => select(null),
});
const view = new ClusterView(ui.cluster, ui.tip, (picked) => select(picked, true));
view.onLink = (/** @type {number} */ a, /** @type {number} */ b) => {
  ui.linkFrom.value = String(a);
  ui.linkTo.value = String(b);
  showLink();
  ui.linkLoss.focus();
};
const diagram = new Diagram(ui.diagram, (mark) => {
  // Go to the step before the message arrived, so it is in flight, and select it.
  const ok = attempt(() => sim.seek(Math.max(0, mark.step - 1)));
  if (!ok) return;
  render(null, true);
  if (mark.id !== null && sim.snapshot().messages.some((m) => m.id === mark.id)) {
    select({ kind: "message", id: mark.id });
    view.focus({ kind: "message", id: mark.id });
  }
});

/**
 * Runs a call that returns nothing; shows its error, if any.
 * @param {() => void} call
 */
function attempt(call) {
  try {
    call();
    clearError();
    return true;
  } catch (err) {
    showError(err);
    return false;
  }
}

/** @param {unknown} err */
function showError(err) {
  ui.errorText.textContent = err instanceof Error ? err.message : String(err);
  ui.error.hidden = false;
}

function clearError() {
  ui.error.hidden = true;
}

/** @param {string} text read out by screen readers */
function announce(text) {
  ui.announcer.textContent = text;
}

/**
 * Runs one simulator call. On success its report is logged and announced; on refusal the
 * message is shown and nothing changed.
 * @param {() => Report | null} call
 * @returns {Report | null | undefined} the report, `null` when idle, `undefined` when refused
 */
function act(call) {
  /** @type {Report | null} */
  let report;
  try {
    report = call();
  } catch (err) {
    showError(err);
    return undefined;
  }
  clearError();
  render(report);
  return report;
}

/**
 * @param {Report | null} [report] what the last action did
 * @param {boolean} [jump] the cursor jumped in time: redraw without movement
 */
function render(report, jump = false) {
  const snap = sim.snapshot();
  document.body.dataset.mode = snap.config.mode;
  view.update(snap, report?.events, jump);
  panel.update(snap);
  if (report) {
    panel.logReport(snap, report);
    const multi = snap.config.mode === "multi";
    const news = report.events.flatMap((e) =>
      e.type === "chosen"
        ? [multi ? `Slot ${e.slot} chosen: ${e.value}.` : `Chosen: ${e.value}, at ballot ${fmt.ballot(snap, e.ballot)}.`]
        : e.type === "violation"
          ? [`Safety violation. ${fmt.violation(snap, e)}`]
          : [],
    );
    if (news.length) announce(news.join(" "));
  }
  // The inspector follows the selection; a selected message that is gone clears it.
  if (!panel.inspect(snap, selection) && selection) select(null);
  updateProposers(snap);
  announceLeader(snap);
  updateTimeline(snap);
  updateNetwork(snap);
  const due = snap.nextDue === null ? "nothing due" : `next due at t=${snap.nextDue}`;
  const hint = snap.step === 0 ? " · Propose a value to start: Client request, or press V." : "";
  status.textContent = `Step ${snap.step} · time ${snap.time} · ${snap.messages.length} in flight · ${due}${playing ? " · playing" : ""}${hint}`;
}

/** @param {Snapshot} snap */
function updateTimeline(snap) {
  const t = sim.timeline();
  ui.scrub.max = String(t.length);
  ui.scrub.value = String(t.cursor);
  ui.scrubOut.textContent = `step ${t.cursor} of ${t.length}`;
  ui.scrub.setAttribute("aria-valuetext", ui.scrubOut.textContent);
  ui.back.disabled = t.cursor === 0;
  ui.undoFork.hidden = t.forkAt === null;
  if (t.forkAt !== null) ui.undoFork.firstChild && (ui.undoFork.firstChild.textContent = `Restore ${t.forkedOff} later step${t.forkedOff === 1 ? "" : "s"} `);
  const { from, to } = Diagram.window(t.cursor, t.length);
  diagram.draw(snap, t.cursor, t.length, from, to, sim.diagram(from, to));
  // The address always opens this run at this step.
  history.replaceState(null, "", `#${sim.permalink()}`);
}

/** Network menus and the partition checkboxes follow the cluster. */
let networkKey = "";

/** @param {Snapshot} snap */
function updateNetwork(snap) {
  fillNodeMenu(ui.linkFrom, snap.nodes);
  fillNodeMenu(ui.linkTo, snap.nodes);
  const key = snap.nodes.map((n) => n.name).join(",");
  if (key !== networkKey) {
    networkKey = key;
    const legend = ui.partitionNodes.querySelector("legend");
    ui.partitionNodes.replaceChildren(
      ...(legend ? [legend] : []),
      ...snap.nodes.map((n) => {
        const box = Object.assign(document.createElement("input"), { type: "checkbox", value: String(n.id) });
        const label = document.createElement("label");
        label.append(box, ` ${n.name}`);
        return label;
      }),
    );
  }
  ui.networkStatus.textContent = fmt.network(snap);
}

/** Fills the link form with the selected link's faults. */
function showLink() {
  const snap = sim.snapshot();
  const from = Number(ui.linkFrom.value);
  const to = Number(ui.linkTo.value);
  const f = snap.network.links.find((l) => l.from === from && l.to === to)?.faults;
  ui.linkLoss.value = String(f?.loss ?? 0);
  ui.linkDup.value = String(f?.duplicate ?? 0);
  ui.linkMin.value = f?.minDelay != null ? String(f.minDelay) : "";
  ui.linkMax.value = f?.maxDelay != null ? String(f.maxDelay) : "";
  ui.linkFifo.checked = f?.fifo ?? false;
}

/** Sets the link's faults from the form. */
function setLink() {
  try {
    const number = (/** @type {HTMLInputElement} */ input, /** @type {string} */ label) => wholeNumber(input, label, 1_000_000);
    /** @type {Partial<import("paxos-core").LinkFaults>} */
    const faults = {
      loss: number(ui.linkLoss, "Loss"),
      duplicate: number(ui.linkDup, "Duplicate"),
      fifo: ui.linkFifo.checked,
    };
    if (ui.linkMin.value.trim() !== "" || ui.linkMax.value.trim() !== "") {
      faults.minDelay = number(ui.linkMin, "Minimum delay");
      faults.maxDelay = number(ui.linkMax, "Maximum delay");
    }
    act(() => sim.setLink(Number(ui.linkFrom.value), Number(ui.linkTo.value), faults));
  } catch (err) {
    showError(err);
  }
}

function partition() {
  const side = [...ui.partitionNodes.querySelectorAll("input:checked")].map((box) => Number(/** @type {HTMLInputElement} */ (box).value));
  act(() => sim.partition([side]));
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    announce("Link copied: it opens this run at this step.");
  } catch {
    announce("The link to this run is in the address bar.");
  }
}

function exportTrace() {
  const blob = new Blob([`${JSON.stringify(sim.trace(), null, 2)}\n`], { type: "application/json" });
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(blob),
    download: `paxos-trace-seed${sim.snapshot().seed}.json`,
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Loads a trace file; a bad one is refused whole and the current run stays. */
async function importTrace() {
  const file = ui.importFile.files?.[0];
  ui.importFile.value = "";
  if (!file) return;
  let next;
  try {
    next = Simulation.fromTrace(await file.text());
  } catch (err) {
    showError(`Could not import ${file.name}: ${err instanceof Error ? err.message : String(err)} The current run is unchanged.`);
    return;
  }
  const snap = next.snapshot();
  applied = { config: snap.config, seed: snap.seed };
  replace(next, `Imported ${file.name}.`);
}

function stepBack() {
  if (attempt(() => sim.stepBack())) render(null, true);
}

function undoFork() {
  if (attempt(() => sim.undoFork())) {
    panel.logNote("Restored the steps the fork had set aside.");
    render(null, true);
  }
}

/** The leaders last announced, to announce a change of leader once. */
let leaders = "";

/** @param {Snapshot} snap */
function announceLeader(snap) {
  const now = snap.nodes
    .filter((n) => n.up && n.replica?.role === "leader")
    .map((n) => n.name)
    .join(", ");
  if (now === leaders) return;
  leaders = now;
  if (now) announce(`${now} ${now.includes(",") ? "each believe they lead" : "is the leader"}.`);
}

/** @param {Snapshot} snap */
function updateProposers(snap) {
  fillNodeMenu(ui.server, snap.nodes);
  const proposers = snap.nodes.filter((n) => n.proposer);
  const key = proposers.map((n) => `${n.id}:${n.name}`).join(",");
  if (key === proposerKey) return;
  proposerKey = key;
  const keep = ui.proposer.value;
  ui.proposer.replaceChildren(
    ...proposers.map((n) => Object.assign(document.createElement("option"), { value: String(n.id), textContent: n.name })),
  );
  if (proposers.some((n) => String(n.id) === keep)) ui.proposer.value = keep;
}

/** Node menus are refilled only when the cluster changes. */
const menuKeys = new WeakMap();

/**
 * @param {HTMLSelectElement} select
 * @param {import("paxos-core").NodeView[]} nodes
 */
function fillNodeMenu(select, nodes) {
  const key = nodes.map((n) => `${n.id}:${n.name}`).join(",");
  if (menuKeys.get(select) === key) return;
  menuKeys.set(select, key);
  const keep = select.value;
  select.replaceChildren(
    ...nodes.map((n) => Object.assign(document.createElement("option"), { value: String(n.id), textContent: n.name })),
  );
  if (nodes.some((n) => String(n.id) === keep)) select.value = keep;
}

/**
 * @param {Selection | null} picked
 * @param {boolean} [focusInspector]
 */
function select(picked, focusInspector = false) {
  const same = picked && selection && picked.kind === selection.kind && picked.id === selection.id;
  selection = same ? null : picked;
  view.select(selection);
  panel.inspect(sim.snapshot(), selection);
  if (selection && focusInspector) {
    const first = byId("inspector", HTMLElement).querySelector("button:not(.close)");
    if (first instanceof HTMLElement && matchMedia("(max-width: 900px)").matches) first.scrollIntoView({ block: "nearest" });
  }
}

function step() {
  const report = act(() => sim.step());
  if (report === null) {
    pause();
    status.textContent += " · Nothing left to do: no message in flight, no timer pending.";
  }
  return report;
}

function interval() {
  return 1000 / SPEEDS[Number(ui.speed.value)];
}

function play() {
  if (playing) return;
  playing = true;
  ui.play.setAttribute("aria-pressed", "true");
  ui.play.firstChild && (ui.play.firstChild.textContent = "Pause ");
  const tick = () => {
    if (!playing) return;
    const report = step();
    if (report === undefined) pause();
    else if (playing) playTimer = setTimeout(tick, interval());
  };
  tick();
}

function pause() {
  playing = false;
  clearTimeout(playTimer);
  ui.play.setAttribute("aria-pressed", "false");
  ui.play.firstChild && (ui.play.firstChild.textContent = "Play ");
}

function updateSpeed() {
  const speed = SPEEDS[Number(ui.speed.value)];
  const text = speed < 1 ? `1 step / ${1 / speed} s` : `${speed} steps/s`;
  ui.speedOut.textContent = text;
  ui.speed.setAttribute("aria-valuetext", text);
  // Movement takes most of a step's time, at most half a second.
  ui.cluster.style.setProperty("--move", `${Math.min(500, interval() * 0.8)}ms`);
}

/** @param {number} delta */
function changeSpeed(delta) {
  const next = Math.min(SPEEDS.length - 1, Math.max(0, Number(ui.speed.value) + delta));
  ui.speed.value = String(next);
  updateSpeed();
}

/**
 * A whole number from a form field, or an error naming the field.
 * @param {HTMLInputElement} input
 * @param {string} label
 * @param {number} max
 */
function wholeNumber(input, label, max) {
  const text = input.value.trim();
  const number = Number(text);
  if (text === "" || !Number.isInteger(number) || number < 0 || number > max) {
    throw new Error(`${label} must be a whole number from 0 to ${max}, got “${input.value}”.`);
  }
  return number;
}

/** Builds a new simulation from the settings form; a refused configuration changes nothing. */
function applySettings() {
  let next;
  try {
    const seed = wholeNumber(ui.seed, "Seed", 4_294_967_295);
    /** @type {Partial<Config>} */
    const config = {
      mode: ui.mode.value === "multi" ? "multi" : "basic",
      proposers: wholeNumber(ui.proposers, "Proposers", 99),
      acceptors: wholeNumber(ui.acceptors, "Acceptors", 99),
      learners: wholeNumber(ui.learners, "Learners", 99),
      layout: ui.layout.value === "shared" ? "shared" : "separate",
      sabotage: ui.sabotage.value === "acceptorIgnoresPromises" || ui.sabotage.value === "proposerIgnoresAcceptedValues" ? ui.sabotage.value : null,
    };
    next = { sim: new Simulation(config, seed), config, seed };
  } catch (err) {
    showError(err);
    return;
  }
  applied = { config: next.config, seed: next.seed };
  replace(next.sim, `New cluster, seed ${next.seed}.`);
}

/** Shows the current run's configuration in the settings form. */
function syncSettings() {
  const c = sim.snapshot().config;
  ui.mode.value = c.mode ?? "basic";
  ui.seed.value = String(sim.snapshot().seed);
  ui.proposers.value = String(c.proposers ?? 2);
  ui.acceptors.value = String(c.acceptors ?? 3);
  ui.learners.value = String(c.learners ?? 1);
  ui.layout.value = c.layout ?? "separate";
  ui.sabotage.value = c.sabotage ?? "";
}

/** Back to step 0 with the same configuration and seed. */
function reset() {
  replace(new Simulation(applied.config, applied.seed), `Reset to step 0, seed ${applied.seed}.`);
}

/**
 * @param {Simulation} next
 * @param {string} note
 */
function replace(next, note) {
  pause();
  sim.free();
  sim = next;
  selection = null;
  view.select(null);
  clearError();
  panel.clearLog();
  panel.logNote(note);
  announce(note);
  syncSettings();
  render();
}

function propose() {
  act(() => sim.propose(Number(ui.proposer.value), ui.value.value));
}

/** Multi-Paxos: a client request to the chosen server. */
function submit() {
  const key = ui.key.value;
  /** @type {import("paxos-core").Op} */
  const request =
    ui.op.value === "get"
      ? { op: "get", key }
      : ui.op.value === "delete"
        ? { op: "delete", key }
        : { op: "put", key, value: ui.kvValue.value };
  act(() => sim.submit(Number(ui.server.value), request));
}

function showValueField() {
  ui.kvValueLabel.hidden = ui.op.value !== "put";
}

/** Cycles keyboard focus through the messages in flight. @param {number} delta */
function focusMessage(delta) {
  const ids = sim.snapshot().messages.map((m) => m.id);
  if (!ids.length) return;
  const current = selection?.kind === "message" ? ids.indexOf(selection.id) : -1;
  const next = ids[(current + delta + ids.length) % ids.length];
  select({ kind: "message", id: next });
  view.focus({ kind: "message", id: next });
}

/** @param {KeyboardEvent} event */
function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = /** @type {HTMLElement} */ (event.target);
  const typing = target.matches("input:not([type=range]), select, textarea");
  if (event.key === "Escape") {
    if (selection) select(null);
    clearError();
    return;
  }
  if (typing || ui.help.open) return;
  const onButton = target.matches("button, [role=button], summary");
  /** @type {Record<string, () => void>} */
  const keys = {
    s: step,
    ArrowRight: step,
    p: () => (playing ? pause() : play()),
    r: reset,
    "+": () => changeSpeed(1),
    "=": () => changeSpeed(1),
    "-": () => changeSpeed(-1),
    v: () => (document.body.dataset.mode === "multi" ? ui.key : ui.value).focus(),
    "?": () => ui.help.showModal(),
    "]": () => focusMessage(1),
    b: stepBack,
    ArrowLeft: stepBack,
    u: undoFork,
    l: () => void copyLink(),
    "[": () => focusMessage(-1),
  };
  if (!onButton) keys[" "] = keys.p;
  if (selection?.kind === "message") {
    const id = selection.id;
    Object.assign(keys, {
      d: () => act(() => sim.deliver(id)),
      x: () => act(() => sim.drop(id)),
      c: () => act(() => sim.duplicate(id)),
    });
  }
  if (selection?.kind === "node") {
    const id = selection.id;
    Object.assign(keys, {
      k: () => act(() => (sim.snapshot().nodes[id]?.up ? sim.crash(id) : sim.restart(id))),
    });
  }
  const run = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key] ?? keys[event.key];
  if (run) {
    event.preventDefault();
    run();
  }
}

ui.step.addEventListener("click", step);
ui.play.addEventListener("click", () => (playing ? pause() : play()));
ui.reset.addEventListener("click", reset);
ui.speed.addEventListener("input", updateSpeed);
ui.settings.addEventListener("submit", (event) => {
  event.preventDefault();
  applySettings();
});
ui.proposeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  propose();
});
ui.submitForm.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
ui.op.addEventListener("change", showValueField);
ui.mode.addEventListener("change", () => {
  // Preview which settings apply; the cluster changes only on "Apply and restart".
  document.body.dataset.settingsMode = ui.mode.value;
});
ui.errorClose.addEventListener("click", clearError);
ui.back.addEventListener("click", stepBack);
ui.undoFork.addEventListener("click", undoFork);
ui.scrub.addEventListener("input", () => {
  pause();
  if (attempt(() => sim.seek(Number(ui.scrub.value)))) render(null, true);
});
ui.copyLink.addEventListener("click", () => void copyLink());
ui.exportButton.addEventListener("click", exportTrace);
ui.importButton.addEventListener("click", () => ui.importFile.click());
ui.importFile.addEventListener("change", () => void importTrace());
ui.partitionForm.addEventListener("submit", (event) => {
  event.preventDefault();
  partition();
});
ui.heal.addEventListener("click", () => act(() => sim.heal()));
ui.linkForm.addEventListener("submit", (event) => {
  event.preventDefault();
  setLink();
});
ui.linkFrom.addEventListener("change", showLink);
ui.linkTo.addEventListener("change", showLink);
ui.cutLink.addEventListener("click", () => act(() => sim.cut(Number(ui.linkFrom.value), Number(ui.linkTo.value))));
ui.helpButton.addEventListener("click", () => ui.help.showModal());
document.addEventListener("keydown", onKey);

// On a phone the settings start folded, so the cluster is on the first screen.
if (matchMedia("(max-width: 600px)").matches) byId("settings-box", HTMLDetailsElement).open = false;
updateSpeed();
syncSettings();
render();
panel.logNote(startupError ? "Started a fresh simulation." : linked ? "Opened the run in the link." : `New cluster, seed ${applied.seed}.`);
if (startupError) showError(startupError);
for (const el of [ui.step, ui.play, ui.reset]) el.disabled = false;
document.body.dataset.ready = "true";
