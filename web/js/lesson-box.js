// @ts-check
// An open lesson's box: its title and progress, the step's caption and ticks, the task with its
// goal and hints, the choices, the checker's search with its path, and Previous / Next / Leave.
// Made by the lesson runner (lesson-runner.js) when it is first made, not shipped with the page
// (page weight: the runner and its box come with the full engine, which alone has the lessons).

import { html } from "./dom.js";

/**
 * A button.
 * @param {string} id
 * @param {Record<string, string>} attrs
 * @param {(Node | string)[]} label
 */
function button(id, attrs, ...label) {
  return html("button", { id, type: "button", ...attrs }, ...label);
}

/** The box's content (the page has the empty, hidden box: #lesson). @returns {Node[]} */
export function lessonBox() {
  return [
    html("div", { class: "lesson-head" }, html("h2", { id: "lesson-title" }), " ", html("span", { id: "lesson-progress", class: "detail" })),
    html("p", { id: "lesson-caption", class: "lesson-caption" }),
    html("ul", { id: "lesson-expect", class: "lesson-ticks", "aria-label": "What this step shows" }),
    html(
      "div",
      { id: "lesson-task", class: "lesson-task", hidden: "" },
      html("p", { id: "lesson-prompt" }),
      html("ul", { id: "lesson-goal", class: "lesson-ticks", "aria-label": "The goal" }),
      html("p", { id: "lesson-done", class: "lesson-done", role: "status", hidden: "" }, "✓ Goal reached. Press Next to go on."),
      button("lesson-hint", {}, "Hint"),
      " ",
      html("ol", { id: "lesson-hints", class: "lesson-hints" }),
    ),
    html("div", { id: "lesson-choices", class: "lesson-choices", role: "group", "aria-label": "Pick one", hidden: "" }),
    html(
      "div",
      { id: "lesson-check", class: "lesson-check", hidden: "" },
      html("ul", { id: "lesson-check-goal", class: "lesson-ticks", "aria-label": "What the path must show" }),
      html(
        "div",
        { class: "lesson-check-run" },
        button("lesson-check-run", { class: "primary" }, "Find it with the checker"),
        " ",
        button("lesson-check-cancel", { hidden: "" }, "Cancel"),
      ),
      html("p", { id: "lesson-check-status", class: "detail", role: "status" }),
      html(
        "div",
        { id: "lesson-path", class: "lesson-path", hidden: "" },
        html(
          "div",
          { class: "lesson-path-nav" },
          button("lesson-path-back", {}, "◀ Back ", html("kbd", {}, "B")),
          " ",
          html("output", { id: "lesson-path-at" }),
          " ",
          button("lesson-path-step", {}, "Step ▶ ", html("kbd", {}, "S")),
        ),
        html("ol", { id: "lesson-path-steps", class: "check-steps", "aria-label": "The checker's path, step by step" }),
      ),
    ),
    html(
      "div",
      { class: "lesson-nav" },
      html("a", { id: "lesson-open", class: "embed-only", target: "_blank", rel: "noopener" }, "Open in the playground ↗"),
      " ",
      button("lesson-prev", { "aria-keyshortcuts": "Shift+N" }, "Previous"),
      " ",
      button("lesson-next", { "aria-keyshortcuts": "N" }, "Next ", html("kbd", {}, "N")),
      " ",
      button("lesson-leave", {}, "Leave the lesson here"),
    ),
  ];
}
