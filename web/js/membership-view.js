// @ts-check
// Multi-Paxos reconfiguration controls: "Add server" beside the cluster (and the A key), and the
// inspector's "Remove from the cluster". Both are client requests sent to one live server, which
// passes them to the leader; the change is chosen in the log like any command. The note beside
// the button says which server the request goes through.

import { byId, setText } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./controller.js").Controller} Controller */

/**
 * A live server still in the cluster to send a request through: the selected one if it is
 * such a server (and not `except`), else the first.
 * @param {Snapshot} snap
 * @param {import("./cluster-view.js").Selection | null} selection
 * @param {number} [except]
 */
export function via(snap, selection, except) {
  const usable = snap.nodes.filter((n) => n.up && n.replica && n.replica.membership !== "removed" && n.id !== except);
  const picked = selection?.kind === "node" ? usable.find((n) => n.id === selection.id) : undefined;
  return { node: picked ?? usable[0], selected: Boolean(picked) };
}

export class MembershipControls {
  /** @param {Controller} controller */
  constructor(controller) {
    this.controller = controller;
    this.ui = {
      box: byId("membership-tools", HTMLElement),
      add: byId("add-server", HTMLButtonElement),
      note: byId("add-server-via", HTMLElement),
    };
    this.ui.add.addEventListener("click", () => this.add());
  }

  /** Shown for Multi-Paxos runs that can change their membership (revision 3). @param {Snapshot} snap */
  update(snap) {
    const can = snap.config.mode === "multi" && snap.epochs !== undefined;
    this.ui.box.hidden = !can;
    if (!can) return;
    const { node, selected } = via(snap, this.controller.selection);
    setText(
      this.ui.note,
      node
        ? `through ${node.name} (${selected ? "the selected server" : "select a server to use another"}); it starts empty and catches up`
        : "no live server to ask",
    );
  }

  /** A client asks for a new server. */
  add() {
    const snap = this.controller.snapshot;
    const { node } = via(snap, this.controller.selection);
    this.controller.act((sim) => sim.addServer(node?.id ?? 0));
  }

  /** A client asks for server `node` to leave. @param {number} node */
  remove(node) {
    const snap = this.controller.snapshot;
    const asked = via(snap, null, node).node ?? snap.nodes[node];
    this.controller.act((sim) => sim.removeServer(asked?.id ?? node, node));
  }
}
