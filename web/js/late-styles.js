// @ts-check
// The styles of the parts the page makes only when first used (the settings form, the
// inspector, the Check panel, "Every possible next step", a lesson, Multi-Paxos's replicated log
// and suspicions): late.css, fetched with the first of those scripts, which wait for it before
// they make anything (`await lateStyles()` at their top), so nothing shows unstyled. The first
// load stays lighter by what only those parts use (page weight, DESIGN.md). Every lazily loaded
// bundle has its own copy of this module, so the one <link> in the document is the shared state.

/** @returns {Promise<void>} once late.css applies (or failed to load: the part then shows with the page's base styles) */
export function lateStyles() {
  let link = /** @type {HTMLLinkElement | null} */ (document.querySelector("link[data-late-styles]"));
  if (!link) {
    const made = document.createElement("link");
    made.rel = "stylesheet";
    made.href = new URL("../late.css", import.meta.url).href;
    made.dataset.lateStyles = "loading";
    const settle = () => (made.dataset.lateStyles = "settled");
    made.addEventListener("load", settle, { once: true });
    made.addEventListener("error", settle, { once: true });
    document.head.append(made);
    link = made;
  }
  const sheet = link;
  if (sheet.dataset.lateStyles === "settled") return Promise.resolve();
  return new Promise((resolve) => {
    sheet.addEventListener("load", () => resolve(), { once: true });
    sheet.addEventListener("error", () => resolve(), { once: true });
  });
}
