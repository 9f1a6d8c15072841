// @ts-check
// The parts of the page that only Multi-Paxos and two-phase commit use: their "what just
// happened" sentences, Multi-Paxos's replicated-log table, two-phase commit's cards and the
// suspicion arrows. Only the full engine
// runs those protocols, so they come with it (engine.js loads both together) and the first
// load stays small (page weight). Until then they are null, and no snapshot needs them.

/**
 * @type {{
 *   multi: typeof import("./narration-multi.js") | null,
 *   logTable: typeof import("./log-table.js") | null,
 *   twoPhase: typeof import("./two-phase-view.js") | null,
 *   suspicion: typeof import("./suspicion-layer.js") | null,
 * }}
 */
export const late = { multi: null, logTable: null, twoPhase: null, suspicion: null };

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
