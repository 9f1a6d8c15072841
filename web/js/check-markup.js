// @ts-check
// The Check panel's body under its heading: what a model check is, its bounds and search order,
// the progress, the verdicts and a found path's steps. Made when the panel is first opened,
// with the panel's script (check-panel.js), not with the page (page weight: most visits never
// model-check).

import { html } from "./dom.js";

/**
 * A bound's number field with its hint.
 * @param {string} label
 * @param {string} id
 * @param {string} name
 * @param {Record<string, string>} range min, max and value
 * @param {(Node | string)[]} hint
 */
function bound(label, id, name, range, hint) {
  return html(
    "label",
    {},
    `${label} `,
    html("input", { id, name, type: "number", ...range, "aria-describedby": `${id}-hint` }),
    " ",
    html("small", { id: `${id}-hint` }, ...hint),
  );
}

/**
 * A search order's radio button.
 * @param {string} value
 * @param {string} text
 * @param {boolean} checked
 */
function order(value, text, checked) {
  const input = html("input", { type: "radio", name: "order", value });
  input.checked = checked;
  return html("label", {}, input, ` ${text}`);
}

/** The panel's body, in the order it shows. @returns {Node[]} */
export function checkMarkup() {
  return [
    html(
      "p",
      { class: "check-about" },
      "Random runs only try the schedules they happen to draw. A model checker visits every state this cluster can reach within the bounds below, trying every order of deliveries, losses, copies, timeouts, crashes and client requests, so “holds” is a proof for this small configuration, not a lucky streak.",
    ),
    html("p", { id: "check-config", class: "detail" }),
    html(
      "form",
      { id: "check-form", class: "check-form", novalidate: "" },
      html(
        "fieldset",
        { class: "check-bounds" },
        html("legend", {}, "Bounds"),
        bound("Drops", "check-max-drops", "maxDrops", { min: "0", max: "8", value: "0" }, ["messages the network may lose, in all"]),
        bound("Duplicates", "check-max-duplicates", "maxDuplicates", { min: "0", max: "8", value: "0" }, ["messages it may deliver twice"]),
        bound("Crashes", "check-max-crashes", "maxCrashes", { min: "0", max: "8", value: "0" }, ["node crashes (a crashed node may restart any time)"]),
        bound("Rounds", "check-max-rounds", "maxRounds", { min: "1", max: "8", value: "1" }, ["highest ballot round a proposer may start (Multi-Paxos: elections in all)"]),
        bound("Time-outs", "check-max-timeouts", "maxTimeouts", { min: "0", max: "8", value: "2" }, ["heartbeats, suspicions and 2PC time-outs, in all"]),
        bound("Requests", "check-requests", "requests", { min: "0", max: "5", value: "1" }, [
          html("span", { class: "basic-only" }, "P1 proposes red, P2 blue, P3 green…"),
          html("span", { class: "multi-only" }, "put k1 1 to S1, put k2 2 to S2… (with membership changed without consensus, first the last server is asked to remove each other one)"),
          html("span", { class: "twophase-only" }, "transactions at C"),
          ", each once, at any moment",
        ]),
        bound("In flight", "check-max-in-flight", "maxInFlight", { min: "1", max: "64", value: "12" }, ["most messages in flight at once; a state with more is not explored"]),
        bound("Max states", "check-max-states", "maxStates", { min: "0", value: "200000" }, ["stop after this many unique states; 0: no limit"]),
      ),
      html(
        "fieldset",
        { class: "check-order" },
        html("legend", {}, "Search order"),
        order("breadthFirst", "breadth-first: shortest paths to each finding", true),
        order("depthFirst", "depth-first: less memory, longer paths", false),
      ),
      html(
        "fieldset",
        { class: "check-order not-multi" },
        html("legend", {}, "Reduction"),
        html(
          "label",
          {},
          html("input", { id: "check-symmetry", name: "symmetry", type: "checkbox", "aria-describedby": "check-symmetry-hint" }),
          " symmetry: treat states that differ only in which acceptor (or two-phase-commit participant) is which as one",
        ),
        html(
          "small",
          { id: "check-symmetry-hint", class: "detail" },
          "Any majority will do, so swapping two acceptors' names changes nothing that matters: with three acceptors this visits about five times fewer states, with the same verdicts and shortest paths. In two-phase commit, participants that vote the same are interchangeable in the same way. Not offered for Multi-Paxos, whose ballots name servers.",
        ),
      ),
      html(
        "div",
        { class: "check-buttons" },
        html("button", { id: "check-run", type: "submit" }, "Run the check"),
        html("button", { id: "check-cancel", type: "button", disabled: "" }, "Cancel"),
        html("button", { id: "check-back", type: "button", hidden: "" }, "Back to the run you had"),
      ),
    ),
    html("div", { id: "check-progress", class: "check-progress", hidden: "" }, html("progress", { id: "check-bar" }), html("span", { id: "check-progress-text", role: "status" })),
    html("p", { id: "check-error", class: "check-error", role: "alert", hidden: "" }),
    html(
      "div",
      { id: "check-results", class: "check-results", hidden: "" },
      html("p", { id: "check-outcome", class: "check-outcome" }),
      html(
        "table",
        { class: "check-table" },
        html("thead", {}, html("tr", {}, ...["Property", "Kind", "Verdict", "Path"].map((h) => html("th", { scope: "col" }, h)))),
        html("tbody", { id: "check-rows" }),
      ),
    ),
    html(
      "section",
      { id: "check-path", class: "check-path", "aria-labelledby": "check-path-title", hidden: "" },
      html("h3", { id: "check-path-title" }),
      html("p", { id: "check-path-detail", class: "detail" }),
      html("ol", { id: "check-steps", class: "check-steps" }),
    ),
  ];
}
