// @ts-check
// The client request card: in Basic Paxos a value proposed through a proposer, in Multi-Paxos a
// put, get or delete submitted to a server, in two-phase commit a new transaction begun at the
// coordinator. Its node menus follow the cluster.

import { byId, NodeMenu } from "./dom.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./controller.js").Controller} Controller */

export class ClientForm {
  /** @param {Controller} controller */
  constructor(controller) {
    this.controller = controller;
    const ui = (this.ui = {
      proposeForm: byId("propose-form", HTMLFormElement),
      proposer: byId("proposer", HTMLSelectElement),
      value: byId("value", HTMLInputElement),
      submitForm: byId("submit-form", HTMLFormElement),
      server: byId("server", HTMLSelectElement),
      op: byId("op", HTMLSelectElement),
      key: byId("key", HTMLInputElement),
      kvValue: byId("kv-value", HTMLInputElement),
      kvValueLabel: byId("kv-value-label", HTMLElement),
      txForm: byId("tx-form", HTMLFormElement),
    });
    this.servers = new NodeMenu(ui.server);
    this.proposers = new NodeMenu(ui.proposer);
    ui.proposeForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.propose();
    });
    ui.submitForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    ui.txForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.transaction();
    });
    ui.op.addEventListener("change", () => {
      ui.kvValueLabel.hidden = ui.op.value !== "put";
    });
  }

  /** @param {Snapshot} snap */
  update(snap) {
    this.servers.fill(snap.nodes);
    this.proposers.fill(snap.nodes.filter((n) => n.proposer));
  }

  /**
   * The V key: puts the cursor in the field to type a request in (the key in Multi-Paxos, else
   * the value); in two-phase commit, where there is nothing to type, begins a transaction.
   */
  focus() {
    const mode = this.controller.snapshot.config.mode;
    if (mode === "twoPhase") return this.transaction();
    const field = mode === "multi" ? this.ui.key : this.ui.value;
    field.focus();
    // The old text selected, so what is typed replaces it.
    field.select();
  }

  /** Two-phase commit: a client asks the coordinator to commit a new transaction. */
  transaction() {
    const c = this.controller.snapshot.nodes.find((n) => n.coordinator);
    this.controller.act((sim) => sim.transaction(c?.id ?? 0));
  }

  propose() {
    this.controller.act((sim) => sim.propose(Number(this.ui.proposer.value), this.ui.value.value));
  }

  /** Multi-Paxos: a client request to the chosen server. */
  submit() {
    const ui = this.ui;
    const key = ui.key.value;
    /** @type {import("paxos-core").Op} */
    const request =
      ui.op.value === "get"
        ? { op: "get", key }
        : ui.op.value === "delete"
          ? { op: "delete", key }
          : { op: "put", key, value: ui.kvValue.value };
    this.controller.act((sim) => sim.submit(Number(ui.server.value), request));
  }
}
