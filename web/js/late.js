// @ts-check
// The parts of the page that only Multi-Paxos and two-phase commit use: their words
// (words-membership.js, words-twophase.js), their "what just happened" sentences, Multi-Paxos's
// replicated-log table, two-phase commit's cards and the suspicion arrows. Only the full engine
// runs those protocols, so they come with it (engine.js loads both together) and the first
// load stays small (page weight). Until then they are null, and no snapshot needs them: a
// Multi-Paxos or two-phase-commit snapshot cannot exist before the full engine, and with it
// these parts, is in.
//
// One registry for the whole page. bundle.mjs makes each lazily imported module a bundle of its
// own, with its own copy of the modules it shares with the others (this one too): a module-level
// object here would be one per bundle, and the inspector's copy, say, would stay empty. So the
// registry lives on globalThis, under a Symbol.for key, made by whichever copy runs first; every
// copy reads and fills the same one. (The words are no copies: bundle.mjs leaves every lazily
// imported module a file of its own, which the late modules that use them import, once.)

/**
 * @typedef {{
 *   membershipWords: typeof import("./words-membership.js") | null,
 *   twoPhaseWords: typeof import("./words-twophase.js") | null,
 *   multi: typeof import("./narration-multi.js") | null,
 *   logTable: typeof import("./log-table.js") | null,
 *   twoPhase: typeof import("./two-phase-view.js") | null,
 *   suspicion: typeof import("./suspicion-layer.js") | null,
 * }} Late
 */

const KEY = Symbol.for("paxos-playground/late.js");
const shared = /** @type {{ [KEY]?: Late }} */ (globalThis);

/** @type {Late} */
export const late = (shared[KEY] ??= { membershipWords: null, twoPhaseWords: null, multi: null, logTable: null, twoPhase: null, suspicion: null });

/** Loads them, once the full engine is asked for. */
export async function loadLate() {
  const [membershipWords, twoPhaseWords, multi, logTable, twoPhase, suspicion] = await Promise.all([
    import("./words-membership.js"),
    import("./words-twophase.js"),
    import("./narration-multi.js"),
    import("./log-table.js"),
    import("./two-phase-view.js"),
    import("./suspicion-layer.js"),
  ]);
  Object.assign(late, { membershipWords, twoPhaseWords, multi, logTable, twoPhase, suspicion });
}

/**
 * Multi-Paxos's words on membership and suspicion, for code that runs only on a Multi-Paxos
 * snapshot (so they are in).
 */
export function membershipWords() {
  return needed(late.membershipWords, "words-membership.js");
}

/** Two-phase commit's words, for code that runs only on a two-phase-commit snapshot (so they are in). */
export function twoPhaseWords() {
  return needed(late.twoPhaseWords, "words-twophase.js");
}

/**
 * A part that is in by now; asking for it before the full engine loaded it is a bug, and says so.
 * @template T
 * @param {T | null} part
 * @param {string} file
 * @returns {T}
 */
function needed(part, file) {
  if (!part) throw new Error(`${file} is asked for before the full engine loaded it (late.js)`);
  return part;
}
