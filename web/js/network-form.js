// @ts-check
// The network card: a partition (checked nodes against the rest), Heal all, one link's faults
// (loss, duplication, damage, delay, FIFO) or a one-way cut, and the network's state in words.

import { byId, wholeNumber, NodeMenu } from "./dom.js";
import { network } from "./format-network.js";

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("./controller.js").Controller} Controller */

export class NetworkForm {
  /** @param {Controller} controller */
  constructor(controller) {
    this.controller = controller;
    this.ui = {
      partitionForm: byId("partition-form", HTMLFormElement),
      partitionNodes: byId("partition-nodes", HTMLFieldSetElement),
      heal: byId("heal", HTMLButtonElement),
      linkForm: byId("link-form", HTMLFormElement),
      linkFrom: byId("link-from", HTMLSelectElement),
      linkTo: byId("link-to", HTMLSelectElement),
      linkLoss: byId("link-loss", HTMLInputElement),
      linkDup: byId("link-dup", HTMLInputElement),
      linkCorrupt: byId("link-corrupt", HTMLInputElement),
      linkMin: byId("link-min", HTMLInputElement),
      linkMax: byId("link-max", HTMLInputElement),
      linkFifo: byId("link-fifo", HTMLInputElement),
      cutLink: byId("cut-link", HTMLButtonElement),
      status: byId("network-status", HTMLElement),
    };
    this.from = new NodeMenu(this.ui.linkFrom);
    this.to = new NodeMenu(this.ui.linkTo);
    /** The nodes the partition checkboxes were made for, to remake them only when they change. */
    this.nodesKey = "";
    const ui = this.ui;
    ui.partitionForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.partition();
    });
    ui.heal.addEventListener("click", () => controller.act((sim) => sim.heal()));
    ui.linkForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.setLink();
    });
    ui.linkFrom.addEventListener("change", () => this.showLink());
    ui.linkTo.addEventListener("change", () => this.showLink());
    ui.cutLink.addEventListener("click", () => controller.act((sim) => sim.cut(Number(ui.linkFrom.value), Number(ui.linkTo.value))));
  }

  /** Network menus and the partition checkboxes follow the cluster. @param {Snapshot} snap */
  update(snap) {
    this.from.fill(snap.nodes);
    this.to.fill(snap.nodes);
    const key = snap.nodes.map((n) => n.name).join(",");
    if (key !== this.nodesKey) {
      this.nodesKey = key;
      const legend = this.ui.partitionNodes.querySelector("legend");
      this.ui.partitionNodes.replaceChildren(
        ...(legend ? [legend] : []),
        ...snap.nodes.map((n) => {
          const box = Object.assign(document.createElement("input"), { type: "checkbox", value: String(n.id) });
          const label = document.createElement("label");
          label.append(box, ` ${n.name}`);
          return label;
        }),
      );
    }
    this.ui.status.textContent = network(snap);
  }

  /**
   * Opens a link in the form (a link clicked in the cluster), ready to type its loss.
   * @param {number} a
   * @param {number} b
   */
  pick(a, b) {
    this.ui.linkFrom.value = String(a);
    this.ui.linkTo.value = String(b);
    this.showLink();
    this.ui.linkLoss.focus();
  }

  /** Fills the link form with the selected link's faults. */
  showLink() {
    const ui = this.ui;
    const from = Number(ui.linkFrom.value);
    const to = Number(ui.linkTo.value);
    const f = this.controller.snapshot.network.links.find((l) => l.from === from && l.to === to)?.faults;
    ui.linkLoss.value = String(f?.loss ?? 0);
    ui.linkDup.value = String(f?.duplicate ?? 0);
    ui.linkCorrupt.value = String(f?.corrupt ?? 0);
    ui.linkMin.value = f?.minDelay != null ? String(f.minDelay) : "";
    ui.linkMax.value = f?.maxDelay != null ? String(f.maxDelay) : "";
    ui.linkFifo.checked = f?.fifo ?? false;
  }

  /** Sets the link's faults from the form. */
  setLink() {
    const ui = this.ui;
    try {
      const number = (/** @type {HTMLInputElement} */ input, /** @type {string} */ label) => wholeNumber(input, label, 1_000_000);
      /** @type {Partial<import("paxos-core").LinkFaults>} */
      const faults = {
        loss: number(ui.linkLoss, "Loss"),
        duplicate: number(ui.linkDup, "Duplicate"),
        corrupt: number(ui.linkCorrupt, "Corrupt"),
        fifo: ui.linkFifo.checked,
      };
      if (ui.linkMin.value.trim() !== "" || ui.linkMax.value.trim() !== "") {
        faults.minDelay = number(ui.linkMin, "Minimum delay");
        faults.maxDelay = number(ui.linkMax, "Maximum delay");
      }
      this.controller.act((sim) => sim.setLink(Number(ui.linkFrom.value), Number(ui.linkTo.value), faults));
    } catch (err) {
      this.controller.notices.showError(err);
    }
  }

  partition() {
    const side = [...this.ui.partitionNodes.querySelectorAll("input:checked")].map((box) => Number(/** @type {HTMLInputElement} */ (box).value));
    this.controller.act((sim) => sim.partition([side]));
  }
}
