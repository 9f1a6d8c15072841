// @ts-check
// A model check for a lesson step: the same worker as the Check panel (check-worker.js, whose
// wasm is fetched only when the first check starts), one check at a time, its progress as it
// goes, and the report when it is done. Cancel terminates the worker at once.

/** @typedef {import("./check-panel.js").Progress} Progress */
/** @typedef {import("./check-panel.js").Report} Report */
/** @typedef {import("./check-panel.js").WorkerMessage} WorkerMessage */

export class CheckClient {
  constructor() {
    /** @type {Worker | null} made on the first run */
    this.worker = null;
    /** The check running: how to settle it. @type {{ resolve: (done: { report: Report, elapsed: number }) => void, reject: (err: Error) => void } | null} */
    this.running = null;
  }

  /** Whether a check is running. */
  get busy() {
    return this.running !== null;
  }

  /**
   * Runs one check; resolves with its report, rejects with the reason it could not run.
   * @param {{ config: unknown, bounds: unknown, order: "breadthFirst" | "depthFirst", first: boolean }} request
   * @param {(progress: Progress, elapsed: number) => void} onProgress
   * @returns {Promise<{ report: Report, elapsed: number }>}
   */
  run(request, onProgress) {
    if (this.running) return Promise.reject(new Error("A check is already running."));
    const worker = (this.worker ??= this.makeWorker());
    this.onProgress = onProgress;
    return new Promise((resolve, reject) => {
      this.running = { resolve, reject };
      worker.postMessage({ type: "run", ...request });
    });
  }

  makeWorker() {
    const worker = new Worker(new URL("./check-worker.js", import.meta.url), { type: "module" });
    worker.addEventListener("message", (event) => this.received(/** @type {WorkerMessage} */ (event.data)));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.stop(new Error(`The model checker could not run${event.message ? `: ${event.message}` : "."}`));
    });
    return worker;
  }

  /** @param {WorkerMessage} data */
  received(data) {
    const running = this.running;
    if (!running) return;
    if (data.type === "error") {
      this.running = null;
      running.reject(new Error(data.message));
      return;
    }
    this.onProgress?.(data.progress, data.elapsed);
    if (data.type === "done") {
      this.running = null;
      running.resolve({ report: data.report, elapsed: data.elapsed });
    }
  }

  /** Stops the check now (the worker is terminated); its promise rejects with `reason`. @param {Error} reason */
  stop(reason) {
    this.worker?.terminate();
    this.worker = null;
    const running = this.running;
    this.running = null;
    running?.reject(reason);
  }
}
