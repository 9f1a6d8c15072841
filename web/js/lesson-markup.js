// @ts-check
// The lessons' tiny caption markup, turned into elements (never HTML strings): *emphasis*,
// `code`, and [words](pms:2.3), a link to a section of Paxos Made Simple. The core refuses a
// caption with anything else that looks like markup (lesson/markup.rs).

import { html } from "./dom.js";

/** Lamport's paper, which the links point into. */
export const PAXOS_MADE_SIMPLE = "https://lamport.azurewebsites.net/pubs/paxos-simple.pdf";

const TOKEN = /(\*[^*]+\*|`[^`]+`|\[[^\]]+\]\(pms:[0-9.]+\))/;

/**
 * The caption as nodes to put in an element.
 * @param {string} text
 * @returns {(Node | string)[]}
 */
export function caption(text) {
  return text
    .split(TOKEN)
    .filter((part) => part !== "")
    .map((part) => {
      if (part.startsWith("*") && part.endsWith("*") && part.length > 2) return html("em", {}, part.slice(1, -1));
      if (part.startsWith("`") && part.endsWith("`") && part.length > 2) return html("code", {}, part.slice(1, -1));
      const link = part.match(/^\[([^\]]+)\]\(pms:([0-9.]+)\)$/);
      if (link) {
        const a = html("a", { href: PAXOS_MADE_SIMPLE, target: "_blank", rel: "noopener noreferrer" }, link[1]);
        a.title = `Paxos Made Simple, section ${link[2]} (opens the paper)`;
        return a;
      }
      return part;
    });
}
