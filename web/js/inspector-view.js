// @ts-check
// The inspector: the selected node or message, what it holds, and what can be done to it
// (deliver, drop, duplicate a message; crash or restart a node; propose from a proposer, or make
// it misbehave; remove a Multi-Paxos server from the cluster; begin a transaction at a two-phase
// commit coordinator). It redraws only when what it shows changed. Its script is fetched the
// first time something is selected (inspector.js; page weight).

import { html, byId } from "./dom.js";
import * as fmt from "./format.js";
import * as words from "./words.js";
import { membershipWords, twoPhaseWords } from "./late.js";
import { lateStyles } from "./late-styles.js";

// This part's styles come with it (late.css), before it makes anything.
await lateStyles();

/** @typedef {import("paxos-core").Snapshot} Snapshot */
/** @typedef {import("paxos-core").NodeView} NodeView */
/** @typedef {import("./cluster-view.js").Selection} Selection */

/**
 * What the inspector's buttons do.
 * @typedef {import("./inspector.js").Actions} Actions
 */

export class InspectorView {
  /** @param {Actions} actions */
  constructor(actions) {
    this.actions = actions;
    this.root = byId("inspector", HTMLElement);
    this.key = "";
  }

  /**
   * Shows the selected node or message with what can be done to it.
   * @param {Snapshot} snap
   * @param {Selection | null} selection
   * @returns {boolean} whether the selection still exists
   */
  inspect(snap, selection) {
    if (!selection) {
      this.show("", []);
      return false;
    }
    if (selection.kind === "message") {
      const e = snap.messages.find((m) => m.id === selection.id);
      if (!e) {
        this.show("", []);
        return false;
      }
      const key = `m${e.id}`;
      if (key === this.key) return true;
      const damage = words.damage(e);
      this.show(key, [
        html("h2", { id: "inspector-title" }, `Message #${e.id}: ${e.kind}`),
        html("p", { class: "detail" }, fmt.message(snap, e.message, 64)),
        ...(damage ? [html("p", { class: "damaged" }, damage)] : []),
        html("p", {}, `${fmt.nodeName(snap, e.from)} → ${fmt.nodeName(snap, e.to)} · sent t=${e.sentAt} · due t=${e.dueAt}`),
        html(
          "div",
          { class: "buttons" },
          this.button("Deliver", "D", () => this.actions.deliver(e.id)),
          this.button("Drop", "X", () => this.actions.drop(e.id)),
          this.button("Duplicate", "C", () => this.actions.duplicate(e.id)),
        ),
      ]);
      return true;
    }
    const node = snap.nodes[selection.id];
    if (!node) {
      this.show("", []);
      return false;
    }
    const state = this.stateLines(snap, node);
    const key = `n${node.id}|${node.up}|${state.join("|")}`;
    if (key === this.key) return true;
    const toggle = node.up
      ? this.button("Crash", "K", () => this.actions.crash(node.id))
      : this.button("Restart", "K", () => this.actions.restart(node.id));
    /** @type {Node[]} */
    const content = [
      html("h2", { id: "inspector-title" }, `${node.name}${node.up ? "" : " (crashed)"}`),
      html("p", { class: "roles" }, fmt.roles(node)),
      html("ul", {}, ...state.map((line) => html("li", {}, line))),
      html("div", { class: "buttons" }, toggle),
    ];
    if (node.proposer) {
      const input = html("input", { name: "value", maxlength: "64", autocomplete: "off", "aria-label": `Value for ${node.name} to propose`, placeholder: "value" });
      input.value = "blue";
      const form = html("form", { class: "inline-propose" }, input, html("button", { type: "submit" }, `Propose from ${node.name}`));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.actions.propose(node.id, input.value);
      });
      content.push(form);
    }
    if (node.proposer && node.up) content.push(...this.misbehave(node));
    if (node.replica?.membership && node.replica.membership !== "removed") content.push(...this.remove(node));
    if (node.coordinator && node.up) {
      const begin = html("button", { type: "button", "aria-keyshortcuts": "V" }, "Begin a transaction ", html("kbd", {}, "V"));
      begin.addEventListener("click", () => this.actions.transaction(node.id));
      content.push(html("div", { class: "buttons" }, begin));
    }
    this.show(key, content);
    return true;
  }

  /**
   * What each of the node's roles holds, a line per role.
   * @param {Snapshot} snap
   * @param {NodeView} node
   * @returns {string[]}
   */
  stateLines(snap, node) {
    const p = node.proposer;
    const proposer = p && [
      `Proposer: ${words.proposerSentence(p, fmt.proposerState(snap, p))}`,
      p.clientValue ? `, client asked for ${fmt.quote(p.clientValue, 64)}` : "",
      `; highest round issued ${words.round(p.lastRound)}, ${p.ballots} ballot${p.ballots === 1 ? "" : "s"} in all (on disk)`,
    ].join("");
    const acceptor = node.acceptor && fmt.acceptorState(snap, node.acceptor);
    return [
      node.replica && `Replica: ${fmt.replicaState(node, snap, false).join("; ")}; promised ${fmt.ballot(snap, node.replica.promised)} (on disk)`,
      ...this.membershipLines(snap, node),
      ...(node.coordinator || node.participant ? twoPhaseWords().inspectLines(snap, node) : []),
      node.replica && node.replica.kv.length > 0 && `Store: ${node.replica.kv.map((kv) => `${kv.key}=${kv.value}`).join(", ")} (on disk)`,
      node.replica && node.replica.pending.length > 0 && `Waiting for the leader: ${node.replica.pending.join(", ")}`,
      proposer,
      acceptor && `Acceptor: ${acceptor.promised}; ${acceptor.accepted} (both on disk)`,
      node.learner && `Learner: ${fmt.learnerState(node.learner, snap.majority)}`,
    ].filter((line) => typeof line === "string" && line !== "").map(String);
  }

  /**
   * Multi-Paxos, revision 3: where the server stands, the configurations it knows, whom it
   * suspects, and (a leader) how far the others have applied.
   * @param {Snapshot} snap
   * @param {NodeView} node
   */
  membershipLines(snap, node) {
    const r = node.replica;
    if (!r?.membership) return [];
    const { epoch, names, standing, ADVICE } = membershipWords();
    const known = r.configurations ?? [];
    const progress = r.progress ?? [];
    return [
      `In the cluster: ${standing(snap, node) || "a member"}`,
      known.length ? `Configurations it knows: ${known.map((e, i) => epoch(snap, e, known[i + 1])).join("; ")}` : "",
      r.suspects?.length ? `Suspects ${names(snap, r.suspects)}: it has heard nothing from them for a while. ${ADVICE}` : "",
      progress.length ? `Applied, as the followers last said: ${progress.map((p) => `${fmt.nodeName(snap, p.node)} ${p.applied}`).join(", ")}` : "",
    ].filter(Boolean);
  }

  /**
   * Multi-Paxos: a button that takes this server out of the cluster (a change chosen in the log,
   * in force α slots later), and what that does.
   * @param {NodeView} node
   */
  remove(node) {
    const button = html("button", { type: "button", class: "remove-server", "aria-describedby": "remove-hint" }, "Remove from the cluster");
    button.addEventListener("click", () => this.actions.removeServer(node.id));
    const hint = html(
      "p",
      { id: "remove-hint", class: "detail" },
      `A client asks for a command “remove ${node.name}”; once it is chosen in slot i, the slots from i + α on are chosen without ${node.name}${node.replica?.role === "leader" ? ", and as the leader it steps down so that the others elect a new one" : ""}.`,
    );
    return [html("div", { class: "buttons" }, button), hint];
  }

  /**
   * The INT_MAX proposer of the seeds: a button that makes this proposer's next ballot jump to
   * the largest round there is, and what that does.
   * @param {NodeView} node
   */
  misbehave(node) {
    const button = html("button", { type: "button", class: "misbehave", "aria-keyshortcuts": "M", "aria-describedby": "misbehave-hint" }, "Misbehave: jump to round MAX ", html("kbd", {}, "M"));
    button.addEventListener("click", () => this.actions.misbehave(node.id));
    const hint = html(
      "p",
      { id: "misbehave-hint", class: "detail" },
      `${node.name}'s next ballot uses the largest round there is (at once, if it is trying to get a value chosen). The acceptors promise it, and every proposer with a lower id is refused for ever, unless the acceptors have a ballot ceiling.`,
    );
    return [html("div", { class: "buttons" }, button), hint];
  }

  /**
   * @param {string} key
   * @param {Node[]} content
   */
  show(key, content) {
    if (key === this.key) return;
    this.key = key;
    const hadFocus = this.root.contains(document.activeElement);
    const close = html("button", { type: "button", class: "close", "aria-label": "Close (Escape)" }, "×");
    close.addEventListener("click", () => this.actions.close());
    this.root.replaceChildren(...(content.length ? [close, ...content] : []));
    this.root.hidden = content.length === 0;
    const first = this.root.querySelector("button:not(.close), input");
    if (hadFocus && first instanceof HTMLElement) first.focus();
  }

  /**
   * @param {string} label
   * @param {string} key
   * @param {() => void} run
   */
  button(label, key, run) {
    const b = html("button", { type: "button", "aria-keyshortcuts": key }, `${label} `, html("kbd", {}, key));
    b.addEventListener("click", run);
    return b;
  }
}
