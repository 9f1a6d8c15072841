// @ts-check
// The keyboard help dialog's content: every key and what it does (keys.js is the map itself).
// Made the first time the help is opened (Keys button or ?), not shipped in index.html (page
// weight: most visits never open it).

import { html } from "./dom.js";

/** Each row: its keys (key caps, with the words between them at odd places), and what they do. */
const ROWS = /** @type {[string[], string][]} */ ([
  [["S", " or ", "→"], "step: deliver the next due message or fire the next timer"],
  [["P", " or ", "Space"], "play / pause"],
  [["-", " ", "+"], "slower / faster"],
  [["R"], "reset to step 0 (same seed)"],
  [["B", " or ", "←"], "step back in the history (acting then forks it)"],
  [["U"], "undo the fork: restore the steps it set aside"],
  [["L"], "copy the permalink to this exact run and step"],
  [["V"], "type a value to propose (a key to submit, in Multi-Paxos); in two-phase commit, begin a transaction"],
  [["A"], "Multi-Paxos: add a server (through the selected server)"],
  [["[", " ", "]"], "select the previous / next message in flight"],
  [["Tab", ", ", "Enter"], "move between nodes and messages; select one"],
  [["D", " ", "X", " ", "C"], "deliver, drop, duplicate the selected message"],
  [["K"], "crash or restart the selected node"],
  [["M"], "the selected proposer misbehaves: its next ballot jumps to round MAX"],
  [["N", ", ", "Shift", "+", "N"], "in a lesson: next / previous step"],
  [["Esc"], "clear the selection and errors; leave a text field"],
]);

/** Fills the (empty) help dialog. @param {HTMLDialogElement} dialog */
export function fillHelp(dialog) {
  const rows = ROWS.map(([keys, what]) =>
    html("tr", {}, html("td", {}, ...keys.map((k, i) => (i % 2 ? k : html("kbd", {}, k)))), html("td", {}, what)),
  );
  dialog.replaceChildren(
    html("h2", { id: "help-title" }, "Keyboard"),
    html("table", {}, html("tbody", {}, ...rows)),
    html("form", { method: "dialog" }, html("button", {}, "Close")),
  );
}
