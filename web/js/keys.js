// @ts-check
// The keyboard map (the same keys the help dialog lists) and the help dialog's button. Keys are
// ignored while typing in a field or with the help open; Escape always clears the selection and
// the error, and leaves a field. The help's content is made when it is first opened.

import { byId, errorText } from "./dom.js";
import { hidden } from "./filters.js";

/** @typedef {import("./controller.js").Controller} Controller */
/** @typedef {import("./playback.js").Playback} Playback */
/** @typedef {import("./settings.js").Settings} Settings */
/** @typedef {import("./time-travel.js").TimeTravel} TimeTravel */
/** @typedef {import("./sharing.js").Sharing} Sharing */
/** @typedef {import("./client-form.js").ClientForm} ClientForm */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */
/** @typedef {import("./membership-view.js").MembershipControls} MembershipControls */

/**
 * What the keys drive.
 * @typedef {object} Page
 * @property {Controller} controller
 * @property {Playback} playback
 * @property {Settings} settings
 * @property {TimeTravel} timeTravel
 * @property {Sharing} sharing
 * @property {ClientForm} client
 * @property {ClusterView} view
 * @property {MembershipControls} membership
 * @property {import("./lessons.js").Lessons} lessons
 */

/** @param {Page} page */
export function installKeys(page) {
  const help = byId("help", HTMLDialogElement);
  byId("help-button", HTMLButtonElement).addEventListener("click", () => void openHelp(page, help));
  document.addEventListener("keydown", (event) => onKey(page, help, event));
}

/**
 * Opens the help; the first time, its content is fetched first (help-dialog.js).
 * @param {Page} page
 * @param {HTMLDialogElement} help
 */
async function openHelp(page, help) {
  try {
    if (!help.firstElementChild) (await import("./help-dialog.js")).fillHelp(help);
    if (!help.open) help.showModal();
  } catch (err) {
    page.controller.notices.showError(`The keyboard help did not load: ${errorText(err)}`);
  }
}

/**
 * Cycles keyboard focus through the messages in flight (those drawn: not hidden by a filter).
 * @param {Page} page
 * @param {number} delta
 */
function focusMessage({ controller, view }, delta) {
  const ids = controller.snapshot.messages.filter((m) => !hidden(m.kind)).map((m) => m.id);
  if (!ids.length) return;
  const selection = controller.selection;
  const current = selection?.kind === "message" ? ids.indexOf(selection.id) : -1;
  const next = ids[(current + delta + ids.length) % ids.length];
  controller.select({ kind: "message", id: next });
  view.focus({ kind: "message", id: next });
}

/**
 * @param {Page} page
 * @param {HTMLDialogElement} help
 * @param {KeyboardEvent} event
 */
function onKey(page, help, event) {
  const { controller, playback, settings, timeTravel, sharing, client } = page;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = /** @type {HTMLElement} */ (event.target);
  const typing = target.matches("input:not([type=range]), select, textarea");
  const selection = controller.selection;
  if (event.key === "Escape") {
    if (selection) controller.select(null);
    controller.notices.clearError();
    // Out of a field, so that the next key is a shortcut again.
    if (typing) target.blur();
    return;
  }
  if (typing || help.open) return;
  const onButton = target.matches("button, [role=button], summary");
  const step = () => void playback.step();
  const stepBack = () => timeTravel.stepBack();
  /** @type {Record<string, () => void>} */
  const keys = {
    s: step,
    ArrowRight: step,
    p: () => playback.toggle(),
    r: () => settings.reset(),
    "+": () => playback.changeSpeed(1),
    "=": () => playback.changeSpeed(1),
    "-": () => playback.changeSpeed(-1),
    v: () => client.focus(),
    "?": () => void openHelp(page, help),
    "]": () => focusMessage(page, 1),
    b: stepBack,
    ArrowLeft: stepBack,
    u: () => timeTravel.undoFork(),
    l: () => void sharing.copyLink(),
    "[": () => focusMessage(page, -1),
    n: () => page.lessons.go(event.shiftKey ? -1 : 1),
  };
  if (controller.snapshot.config.mode === "multi") keys.a = () => page.membership.add();
  if (!onButton) keys[" "] = keys.p;
  if (selection?.kind === "message") {
    const id = selection.id;
    Object.assign(keys, {
      d: () => controller.act((sim) => sim.deliver(id)),
      x: () => controller.act((sim) => sim.drop(id)),
      c: () => controller.act((sim) => sim.duplicate(id)),
    });
  }
  if (selection?.kind === "node") {
    const id = selection.id;
    Object.assign(keys, {
      k: () => controller.act((sim) => (controller.snapshot.nodes[id]?.up ? sim.crash(id) : sim.restart(id))),
      m: () => controller.act((sim) => sim.misbehave(id)),
    });
  }
  const run = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key] ?? keys[event.key];
  if (run) {
    event.preventDefault();
    run();
  }
}
