// @ts-check
// The parts of the page that only Multi-Paxos and two-phase commit use: their "what just
// happened" sentences, Multi-Paxos's replicated-log table, two-phase commit's cards and the
// suspicion arrows. Only the full engine
// runs those protocols, so they come with it (engine.js loads both together) and the first
// load stays small (page weight). Until then they are null, and no snapshot needs them.
//
// One registry for the whole page. bundle.mjs makes each lazily imported module a bundle of its
// own, with its own copy of the modules it shares with the others (this one too): a module-level
// object here would be one per bundle, and the inspector's copy, say, would stay empty. So the
// registry lives on globalThis, under a Symbol.for key, made by whichever copy runs first; every
// copy reads and fills the same one.

/**
 * @typedef {{
 *   multi: typeof import("./narration-multi.js") | null,
 *   logTable: typeof import("./log-table.js") | null,
 *   twoPhase: typeof import("./two-phase-view.js") | null,
 *   suspicion: typeof import("./suspicion-layer.js") | null,
 * }} Late
 */

const KEY = Symbol.for("paxos-playground/late.js");
const shared = /** @type {{ [KEY]?: Late }} */ (globalThis);

/** @type {Late} */
export const late = (shared[KEY] ??= { multi: null, logTable: null, twoPhase: null, suspicion: null });

/** Loads them, once the full engine is asked for. */
export async function loadLate() {
  const [multi, logTable, twoPhase, suspicion] = await Promise.all([
    import("./narration-multi.js"),
    import("./log-table.js"),
    import("./two-phase-view.js"),
    import("./suspicion-layer.js"),
  ]);
  Object.assign(late, { multi, logTable, twoPhase, suspicion });
}
