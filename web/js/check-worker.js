// @ts-check
// The model checker's worker: loads the checker's own wasm (dist/check/, built by Trunk as a
// worker, never fetched by the page's first load), runs a check a slice at a time and posts its
// progress after each slice, then the report. The page stops a check by terminating the worker.
//
// In:  { type: "run", config, bounds, order, first } (first: stop at the first broken rule)
// Out: { type: "progress", progress, elapsed } · { type: "done", report, progress, elapsed } ·
//      { type: "error", message }

/**
 * The checker's JS API (paxos-check's wasm.rs). Declared here: the .d.ts wasm-bindgen writes for
 * it names paxos-core's types without declaring them, so it does not type-check on its own.
 * @typedef {{ run(budget: number): boolean, progress(): unknown, report(): unknown, free(): void }} Check
 * @typedef {{ default(): Promise<unknown>, Check: { new (config: unknown, bounds: unknown, order: string, first?: boolean): Check, defaultBounds(): unknown } }} CheckBindings
 */

/** States explored between two progress messages. */
const SLICE = 20_000;

/** The worker's side of postMessage (this file is type-checked with the page's DOM types). */
const scope = /** @type {{ postMessage(message: unknown): void, onmessage: ((event: MessageEvent) => void) | null }} */ (
  /** @type {unknown} */ (self)
);

// A variable, not a literal: the checker's bindings exist only in the built page (dist/check/).
const url = "../check/paxos-check.js";
/** @type {Promise<CheckBindings>} */
const loaded = import(url).then(async (/** @type {CheckBindings} */ bindings) => {
  await bindings.default();
  return bindings;
});

/** @param {unknown} err */
function text(err) {
  return err instanceof Error ? err.message : String(err);
}

scope.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { type, config, bounds, order, first } = event.data ?? {};
  if (type !== "run") return;
  let bindings;
  try {
    bindings = await loaded;
  } catch (err) {
    scope.postMessage({ type: "error", message: `The model checker did not load: ${text(err)}` });
    return;
  }
  let check;
  try {
    check = new bindings.Check(config, bounds, order, first === true);
  } catch (err) {
    scope.postMessage({ type: "error", message: text(err) });
    return;
  }
  try {
    const started = performance.now();
    while (!check.run(SLICE)) {
      scope.postMessage({ type: "progress", progress: check.progress(), elapsed: performance.now() - started });
    }
    const elapsed = performance.now() - started;
    scope.postMessage({ type: "done", report: check.report(), progress: check.progress(), elapsed });
  } catch (err) {
    scope.postMessage({ type: "error", message: `The check stopped: ${text(err)}` });
  } finally {
    check.free();
  }
};
