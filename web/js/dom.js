// @ts-check
// Tiny DOM helpers. Text always goes in through textContent or SVG text nodes, never innerHTML,
// so a value like `<img src=x onerror=...>` is shown as the characters it is.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An error's message, for the page to show (a thrown non-Error as text). @param {unknown} err */
export function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Creates an SVG element with attributes.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number>} [attrs]
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attrs = {}) {
  const el = /** @type {SVGElementTagNameMap[K]} */ (document.createElementNS(SVG_NS, tag));
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  return el;
}

/**
 * Creates an HTML element with attributes and children (strings become text nodes).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attrs]
 * @param {(Node | string)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function html(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/**
 * Sets an element's text only when it changed, so an unchanged frame costs no layout.
 * @param {Element} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Sets an attribute only when it changed.
 * @param {Element} el
 * @param {string} name
 * @param {string} value
 */
export function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * The element with this id; throws if the page lacks it (a bug, not a user error).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`page element #${id} missing`);
  return el;
}

/**
 * A whole number from a form field, or an error naming the field.
 * @param {HTMLInputElement} input
 * @param {string} label
 * @param {number} max
 */
export function wholeNumber(input, label, max) {
  const text = input.value.trim();
  const number = Number(text);
  if (text === "" || !Number.isInteger(number) || number < 0 || number > max) {
    throw new Error(`${label} must be a whole number from 0 to ${max}, got “${input.value}”.`);
  }
  return number;
}

/** A menu of nodes, refilled only when the nodes in it change; the choice is kept if it still exists. */
export class NodeMenu {
  /** @param {HTMLSelectElement} select */
  constructor(select) {
    this.select = select;
    this.key = "";
  }

  /** @param {import("paxos-core").NodeView[]} nodes */
  fill(nodes) {
    const key = nodes.map((n) => `${n.id}:${n.name}`).join(",");
    if (key === this.key) return;
    this.key = key;
    const keep = this.select.value;
    this.select.replaceChildren(
      ...nodes.map((n) => Object.assign(document.createElement("option"), { value: String(n.id), textContent: n.name })),
    );
    if (nodes.some((n) => String(n.id) === keep)) this.select.value = keep;
  }
}
