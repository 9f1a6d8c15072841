// @ts-check
// "Why is it safe?" (Basic Paxos): once a value is chosen, a button says why no other value can
// ever be. Pressed, the chosen majority is marked on the cluster and the explanation shown; its
// words (explain-why.js) are fetched the first time it is pressed (page weight).

import { byId, html, setText, errorText } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./cluster-view.js").ClusterView} ClusterView */

export class ExplainState {
  /**
   * @param {ClusterView} view
   * @param {(err: unknown) => void} failed shows why the explanation did not load
   */
  constructor(view, failed) {
    this.view = view;
    this.failed = failed;
    this.ui = { button: byId("explain-safe", HTMLButtonElement), text: byId("explain-text", HTMLElement) };
    /** @type {Snapshot | null} */
    this.snap = null;
    this.shown = false;
    /** Whether the chosen majority is marked on the cluster. */
    this.marking = false;
    /** The explanation's words, once fetched. @type {typeof import("./explain-why.js") | null} */
    this.why = null;
    /** @type {Promise<void> | null} */
    this.loading = null;
    this.ui.button.addEventListener("click", () => {
      this.shown = !this.shown;
      if (this.snap) this.update(this.snap);
    });
  }

  /** @param {Snapshot} snap */
  update(snap) {
    this.snap = snap;
    const chosen = snap.config.mode === "basic" || !snap.config.mode ? snap.chosen[0] : undefined;
    this.ui.button.hidden = !chosen;
    if (!chosen) this.shown = false;
    this.ui.button.setAttribute("aria-expanded", String(this.shown));
    setText(this.ui.button, this.shown ? "Hide the explanation" : "Why can it never change?");
    this.ui.text.hidden = !this.shown;
    if (!this.shown || !chosen) {
      if (this.marking) this.view.mark([]);
      this.marking = false;
      return;
    }
    this.marking = true;
    this.view.mark(chosen.acceptors);
    if (this.why) this.why.explainChosen(snap, chosen, this.ui.text);
    else this.load();
  }

  /** Fetches the explanation's words, the first time; meanwhile it says so. */
  load() {
    if (this.loading) return;
    this.ui.text.replaceChildren(html("p", {}, "Loading…"));
    this.loading = import("./explain-why.js").then(
      (why) => {
        this.why = why;
        if (this.snap) this.update(this.snap);
      },
      (err) => {
        this.loading = null;
        this.failed(new Error(`The explanation did not load: ${errorText(err)}`));
      },
    );
  }
}
