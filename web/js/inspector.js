// @ts-check
// The inspector as the first load has it: whether the selection still exists, and, the first
// time something is selected, fetching the inspector itself (inspector-view.js: what the node
// or message holds and its buttons). Most visits select nothing, so its script is not part of
// the page's first load (page weight); until it is in, the inspector says it is loading.

import { byId, html, errorText } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./cluster-view.js").Selection} Selection */
/** @typedef {import("./inspector-view.js").InspectorView} InspectorView */

/**
 * What the inspector's buttons do.
 * @typedef {object} Actions
 * @property {(id: number) => void} deliver
 * @property {(id: number) => void} drop
 * @property {(id: number) => void} duplicate
 * @property {(node: number) => void} crash
 * @property {(node: number) => void} restart
 * @property {(node: number, value: string) => void} propose
 * @property {(node: number) => void} misbehave
 * @property {(node: number) => void} removeServer take the server out of the cluster, through the log
 * @property {(node: number) => void} transaction begin a transaction at this coordinator
 * @property {() => void} close
 */

export class Inspector {
  /**
   * @param {Actions} actions
   * @param {(err: unknown) => void} failed shows why the inspector did not load
   */
  constructor(actions, failed) {
    this.actions = actions;
    this.failed = failed;
    this.root = byId("inspector", HTMLElement);
    /** @type {InspectorView | null} */
    this.view = null;
    /** @type {Promise<void> | null} */
    this.loading = null;
    /** What to show once the view is in: the last snapshot and selection asked for. */
    this.latest = { snap: /** @type {Snapshot | null} */ (null), selection: /** @type {Selection | null} */ (null) };
  }

  /**
   * Shows the selected node or message with what can be done to it.
   * @param {Snapshot} snap
   * @param {Selection | null} selection
   * @returns {boolean} whether the selection still exists
   */
  inspect(snap, selection) {
    if (this.view) return this.view.inspect(snap, selection);
    this.latest = { snap, selection };
    const exists = selection !== null && (selection.kind === "message" ? snap.messages.some((m) => m.id === selection.id) : snap.nodes[selection.id] !== undefined);
    if (exists) this.load();
    return exists;
  }

  /** Fetches the inspector, the first time; meanwhile it says so. */
  load() {
    if (this.loading) return;
    this.root.replaceChildren(html("p", { class: "detail" }, "Loading the inspector…"));
    this.root.hidden = false;
    this.loading = import("./inspector-view.js").then(
      ({ InspectorView }) => {
        this.root.replaceChildren();
        this.root.hidden = true;
        this.view = new InspectorView(this.actions);
        const { snap, selection } = this.latest;
        if (snap) this.view.inspect(snap, selection);
      },
      (err) => {
        this.loading = null;
        this.root.replaceChildren();
        this.root.hidden = true;
        this.failed(new Error(`The inspector did not load: ${errorText(err)}`));
      },
    );
  }
}
