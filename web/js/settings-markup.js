// @ts-check
// The cluster settings form's fields, made when the settings are first unfolded: they and the
// code that reads them (settings-form.js) load then, not with the page (page weight). Which
// fields a protocol uses is shown by style.css from the form's data-mode.

import { html } from "./dom.js";

/**
 * A field's hint under it, read by screen readers as its description.
 * @param {string} id
 * @param {(Node | string)[]} text
 * @param {string} [cls]
 */
function hint(id, text, cls) {
  return html("small", cls ? { id, class: cls } : { id }, ...text);
}

/**
 * A number field.
 * @param {string} id
 * @param {string} name
 * @param {Record<string, string>} attrs
 */
function number(id, name, attrs) {
  return html("input", { id, name, type: "number", ...attrs });
}

/**
 * A labelled checkbox with its hint; its name is its id.
 * @param {string} id
 * @param {string} label
 * @param {string} text the hint
 * @param {{ cls?: string, checked?: boolean }} [opts]
 */
function checkbox(id, label, text, { cls, checked } = {}) {
  const attrs = { id, name: id, type: "checkbox", ...(checked ? { checked: "" } : {}), "aria-describedby": `${id}-hint` };
  return html("label", cls ? { class: cls } : {}, html("input", attrs), ` ${label} `, hint(`${id}-hint`, [text]));
}

/**
 * A menu of options, [value, label] each.
 * @param {Record<string, string>} attrs
 * @param {[string, string][]} options
 */
function menu(attrs, options) {
  return html("select", attrs, ...options.map(([value, label]) => html("option", { value }, label)));
}

/** Text shown only for one group of protocols (style.css). @param {string} cls @param {string} text */
function only(cls, text) {
  return html("span", { class: cls }, text);
}

/** The settings form, with the defaults of a fresh run (settings-form.js then shows the run's). */
export function settingsMarkup() {
  const ticks = { min: "1", max: "100000" };
  return html(
    "form",
    { id: "settings", novalidate: "", "data-mode": "basic" },
    html("label", {}, "Protocol ", menu({ id: "mode", name: "mode" }, [["basic", "Basic Paxos"], ["multi", "Multi-Paxos"], ["twoPhase", "Two-phase commit (for comparison)"]])),
    html("label", {}, "Seed ", html("input", { id: "seed", name: "seed", inputmode: "numeric", value: "1", size: "10", autocomplete: "off" })),
    html("label", { class: "basic-setting" }, "Proposers ", number("proposers", "proposers", { min: "1", max: "5", value: "2" })),
    html("label", { class: "paxos-setting" }, only("basic-setting", "Acceptors"), only("multi-setting", "Servers"), " ", number("acceptors", "acceptors", { min: "1", max: "9", value: "3" })),
    html(
      "label",
      { class: "multi-setting" },
      "α ",
      number("alpha", "alpha", { min: "1", max: "10", value: "3", "aria-describedby": "alpha-hint" }),
      " slots ",
      hint("alpha-hint", ["a membership change chosen in slot i takes effect at slot i + α; α also limits how far the leader runs ahead of what it knows is chosen"], "inline-hint"),
    ),
    html("label", { class: "twophase-setting" }, "Participants ", number("participants", "participants", { min: "2", max: "8", value: "3" })),
    html(
      "fieldset",
      { id: "votes", class: "votes twophase-setting", "aria-describedby": "votes-hint" },
      html("legend", {}, "How each participant votes"),
      hint("votes-hint", ["a yes is final: the participant must then wait for the coordinator's decision"], "inline-hint"),
    ),
    html("label", { class: "basic-setting" }, "Learners ", number("learners", "learners", { min: "1", max: "3", value: "1" })),
    html("label", { class: "basic-setting" }, "Layout ", menu({ id: "layout", name: "layout" }, [["separate", "one node per role"], ["shared", "servers with several roles"]])),
    html("label", {}, "Break a rule ", menu({ id: "sabotage", name: "sabotage", "aria-describedby": "sabotage-hint" }, [["", "no: the correct protocol"]])),
    html("p", { id: "sabotage-hint", class: "field-note", "aria-live": "polite" }),
    html(
      "details",
      { id: "more-settings", class: "more-settings" },
      html("summary", {}, "Timing and cures ", html("small", { id: "more-summary" })),
      html(
        "div",
        { class: "more-grid" },
        html(
          "label",
          { class: "nomulti-setting" },
          only("basic-setting", "Proposer timeout"),
          only("twophase-setting", "Vote timeout"),
          " ",
          number("timeout", "timeout", { ...ticks, value: "60", "aria-describedby": "timeout-hint" }),
          " ticks ",
          hint("timeout-hint", [
            only("basic-setting", "how long a proposer waits for a majority before retrying with a higher ballot"),
            only("twophase-setting", "how long the coordinator waits for every vote before it aborts, and how often an uncertain participant asks it again"),
          ]),
        ),
        html(
          "label",
          { class: "basic-setting" },
          "Back-off ",
          number("backoff", "backoff", { ...ticks, value: "20", "aria-describedby": "backoff-hint" }),
          " ticks ",
          hint("backoff-hint", ["how long a rejected proposer waits before retrying"]),
        ),
        html(
          "label",
          {},
          "Message delay ",
          number("min-delay", "minDelay", { ...ticks, value: "2", "aria-label": "Shortest message delay", "aria-describedby": "delay-hint" }),
          " – ",
          number("max-delay", "maxDelay", { ...ticks, value: "10", "aria-label": "Longest message delay", "aria-describedby": "delay-hint" }),
          " ticks ",
          hint("delay-hint", ["each message takes a random time in this range (a link can override it)"]),
        ),
        checkbox("jitter", "Jitter", "random extra wait on retries; off, two proposers can pre-empt each other for ever (livelock)", { checked: true }),
        checkbox("distinguished", "Distinguished proposer", "a proposer that meets a higher-numbered one holding the promises stands aside and forwards its value: no duel", { cls: "basic-setting" }),
        html(
          "label",
          { class: "basic-setting" },
          "Ballot ceiling ",
          number("ceiling", "ballotCeiling", { ...ticks, placeholder: "none", "aria-describedby": "ceiling-hint" }),
          " rounds ",
          hint("ceiling-hint", ["acceptors refuse a ballot that jumps more than this above what they promised; empty: no ceiling"]),
        ),
        checkbox("checksums", "Checksums", "every message carries a CRC-32; one damaged in flight is discarded, like a lost one"),
      ),
    ),
    html("button", { type: "submit" }, "Apply and restart"),
  );
}
