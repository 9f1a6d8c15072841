// Model-checker benchmark, wasm beside native (prints numbers; never fails on a slow one). Runs
// the same exhaustive checks twice, each single-threaded:
//   native  target/release/paxos-check on the command line: wall time from process start to
//           exit (measured here), and the states/s it prints itself (search only, no start-up);
//   wasm    the page's checker (dist/check/paxos-check.js, as the Check panel's worker loads it)
//           in headless Chromium, on the built page's main thread: `new Check(config, bounds,
//           "breadthFirst")`, then `run(SLICE)` until done, timed with performance.now() from
//           after the module's init to done; the wasm heap is its WebAssembly.Memory at the end.
// and prints, per configuration, unique states, seconds and states/s of each, their ratio
// (wasm/native states/s, ≥ 0.5 meets issue 13's "within 2×" target) and the memory of each.
//
// It exits non-zero only if something is wrong, never for slowness: the two disagree on unique
// states or violations (a correctness failure), a check fails to start, or the page breaks.
//
//   cargo build --release -p paxos-check   first (cargo xtask test check-wasm does both builds)
//   node bench/check-wasm.mjs              the page in dist/, the binary in target/release/
//   DIST=/work/main/dist                   another build of the page (relative to the repository)
//   NATIVE=/path/to/paxos-check            another binary
//   LONG=1       also 2PC with one crash: 1,438,278 states, ~30 s native, ~1 GB in each
//   WORKER=1     run the wasm in the page's own worker (dist/js/check-worker.js) instead of on
//                the main thread: the Check panel's exact path, but no heap size (not reachable)
//   REPEAT=3     passes of each (the best is shown, and the spread)
//   SLICE=50000  states per run() call
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { serve, launch, open, root } from "../e2e/harness.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{ name: string, title: string, config: Record<string, unknown>, bounds: Record<string, number>, expect: number }} Case */
/** @typedef {{ unique: number, violations: number, seconds: number, statesPerSecond: number, heap: number, index: number }} Wasm */
/** @typedef {{ unique: number, violations: number, wall: number, seconds: number, statesPerSecond: number, peak: number }} Native */

const dist = resolve(root, process.env.DIST ?? process.argv[2] ?? "dist");
const native = resolve(root, process.env.NATIVE ?? "target/release/paxos-check");
const repeat = Math.max(1, Number(process.env.REPEAT ?? 1));
const slice = Math.max(1, Number(process.env.SLICE ?? 50_000));
const inWorker = process.env.WORKER === "1";

/** @type {Case[]} */
const cases = [
  {
    name: "2pc",
    title: "two-phase commit, 1 request",
    config: { mode: "twoPhase" },
    bounds: { requests: 1, maxStates: 0 },
    expect: 132_960,
  },
  {
    name: "basic",
    title: "Basic 1P, 1 request, 1 drop, 1 duplicate",
    config: { proposers: 1 },
    bounds: { requests: 1, maxDrops: 1, maxDuplicates: 1, maxStates: 0 },
    expect: 99_345,
  },
];
if (process.env.LONG === "1") {
  cases.push({
    name: "2pc-crash",
    title: "two-phase commit, 1 request, 1 crash",
    config: { mode: "twoPhase" },
    bounds: { requests: 1, maxCrashes: 1, maxStates: 0 },
    expect: 1_438_278,
  });
}

/** `maxDrops` → `--max-drops`. @param {string} name */
const kebab = (name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * One native run: the CLI's own numbers from its last lines, and the wall time around it.
 * @param {Case} c
 * @returns {Promise<Native>}
 */
async function runNative(c) {
  const args = Object.entries({ ...c.config, ...c.bounds }).flatMap(([k, v]) => [kebab(k), String(v)]);
  const started = performance.now();
  const { code, out, err } = await new Promise((ok, fail) => {
    const child = spawn(native, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", fail);
    child.on("close", (code) => ok({ code, out, err }));
  });
  const wall = (performance.now() - started) / 1000;
  // Exit status 1 is "a property fails", a verdict to compare, not a crash.
  if (code !== 0 && code !== 1) throw new Error(`${native} ${args.join(" ")} exited with ${code}:\n${err}${out}`);
  const last = /unique states: (\d+), states\/s: (\d+), violations: (\d+)/.exec(out);
  const time = /time: ([\d.]+) s, peak memory: ([\d.]+) MB/.exec(out);
  if (!last || !time) throw new Error(`cannot read the output of ${native} ${args.join(" ")}:\n${out}`);
  return {
    unique: Number(last[1]),
    statesPerSecond: Number(last[2]),
    violations: Number(last[3]),
    seconds: Number(time[1]),
    peak: Number(time[2]) * 1e6,
    wall,
  };
}

/**
 * One wasm run on the page's main thread.
 * @param {Page} page @param {Case} c
 * @returns {Promise<Wasm>}
 */
async function runWasmPage(page, c) {
  return page.evaluate(
    async ({ config, bounds, slice }) => {
      const bindings = await import(new URL("check/paxos-check.js", document.baseURI).href);
      // wasm-bindgen's init resolves to the instance's exports, the memory among them.
      const exports = await bindings.default();
      const started = performance.now();
      const check = new bindings.Check(config, bounds, "breadthFirst");
      while (!check.run(slice)) {
        // Each slice returns to the event loop, as the worker's do between progress messages.
        await new Promise((ok) => setTimeout(ok, 0));
      }
      const seconds = (performance.now() - started) / 1000;
      const progress = check.progress();
      const report = check.report();
      const heap = exports.memory instanceof WebAssembly.Memory ? exports.memory.buffer.byteLength : NaN;
      check.free();
      const violations = report.properties.filter(
        (/** @type {any} */ p) => !p.holds && (p.expect === "always" || report.complete),
      ).length;
      return { unique: progress.unique, violations, seconds, statesPerSecond: progress.unique / seconds, heap, index: progress.indexBytes };
    },
    { config: c.config, bounds: c.bounds, slice },
  );
}

/**
 * One wasm run in the page's own worker (js/check-worker.js), which times itself from after its
 * init and Check's construction to done, a slice of 20,000 states at a time.
 * @param {Page} page @param {Case} c
 * @returns {Promise<Wasm>}
 */
async function runWasmWorker(page, c) {
  return page.evaluate(
    async ({ config, bounds }) => {
      const worker = new Worker(new URL("js/check-worker.js", document.baseURI), { type: "module" });
      /** @type {any} */
      const done = await new Promise((ok, fail) => {
        worker.onmessage = (event) => {
          if (event.data.type === "done") ok(event.data);
          if (event.data.type === "error") fail(new Error(event.data.message));
        };
        worker.onerror = (event) => fail(new Error(event.message));
        worker.postMessage({ type: "run", config, bounds, order: "breadthFirst", first: false });
      });
      worker.terminate();
      const { report, progress } = done;
      const seconds = done.elapsed / 1000;
      const violations = report.properties.filter(
        (/** @type {any} */ p) => !p.holds && (p.expect === "always" || report.complete),
      ).length;
      return { unique: progress.unique, violations, seconds, statesPerSecond: progress.unique / seconds, heap: NaN, index: progress.indexBytes };
    },
    { config: c.config, bounds: c.bounds },
  );
}

/**
 * The pass with the smallest key.
 * @template T
 * @param {T[]} xs
 * @param {(x: T) => number} key
 */
function best(xs, key) {
  return xs.reduce((a, b) => (key(b) < key(a) ? b : a));
}
const mb = (/** @type {number} */ bytes) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(0)} MB` : "–");
const int = (/** @type {number} */ x) => Math.round(x).toLocaleString("en-US");
/** @param {number[]} xs */
const spread = (xs) => (xs.length > 1 ? ` (${xs.map((x) => x.toFixed(2)).join("/")})` : "");

/** @param {string[][]} rows */
function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
}

async function main() {
  if (!existsSync(native)) throw new Error(`no ${native}: build it first (cargo build --release -p paxos-check)`);
  if (!existsSync(resolve(dist, "check/paxos-check.js"))) throw new Error(`no ${dist}/check/paxos-check.js: build the page first (cargo xtask test page)`);
  const cpu = cpus()[0]?.model ?? "?";
  const load = loadavg().map((x) => x.toFixed(2)).join(", ");
  console.log(`check-wasm: ${cases.length} configurations × ${repeat}, breadth-first, single-threaded both (native CLI; wasm in headless Chromium on the ${inWorker ? "page's own check worker, slices of 20,000" : `page's main thread, run(${slice}) slices`})`);
  console.log(`  ${availableParallelism()} cores (${cpu}), load average ${load} before; page ${dist}, binary ${native}`);
  const server = await serve(dist);
  const browser = await launch();
  /** @type {{ c: Case, n: Native, w: Wasm, nAll: Native[], wAll: Wasm[] }[]} */
  const results = [];
  let failed = false;
  try {
    const version = browser.version();
    for (const c of cases) {
      /** @type {Native[]} */
      const nAll = [];
      /** @type {Wasm[]} */
      const wAll = [];
      for (let i = 0; i < repeat; i++) {
        nAll.push(await runNative(c));
        // A fresh page for each pass, so that its heap is this check's alone.
        const { page, problems } = await open(browser, server.url);
        try {
          wAll.push(await (inWorker ? runWasmWorker(page, c) : runWasmPage(page, c)));
        } finally {
          await page.close();
        }
        if (problems.length > 0) throw new Error(`the page broke during ${c.name}:\n  ${problems.join("\n  ")}`);
      }
      const n = best(nAll, (x) => x.wall);
      const w = best(wAll, (x) => x.seconds);
      results.push({ c, n, w, nAll, wAll });
      for (const [what, x] of [["native", n], ["wasm", w]]) {
        const r = /** @type {{ unique: number, violations: number }} */ (x);
        if (r.unique !== c.expect) console.log(`  note: ${c.name} ${what} found ${int(r.unique)} unique states, this script expected ${int(c.expect)}`);
      }
      const agree = nAll.concat(/** @type {any[]} */ (wAll)).every((x) => x.unique === n.unique && x.violations === n.violations);
      if (!agree) {
        failed = true;
        console.log(`  DISAGREE on ${c.name}: native ${nAll.map((x) => `${x.unique} states/${x.violations} violations`).join(", ")}; wasm ${wAll.map((x) => `${x.unique}/${x.violations}`).join(", ")}`);
      }
      console.log(`  ${c.name}: native ${n.wall.toFixed(2)} s wall${spread(nAll.map((x) => x.wall))}, wasm ${w.seconds.toFixed(2)} s${spread(wAll.map((x) => x.seconds))}`);
    }
    console.log(`  Chromium ${version}`);
  } finally {
    await browser.close();
    await server.close();
  }
  console.log("");
  table([
    ["configuration", "unique", "violations", "native s (wall)", "native states/s", "wasm s", "wasm states/s", "wasm/native", "wasm slower", "native peak", "wasm heap"],
    ...results.map(({ c, n, w }) => [
      `${c.name}: ${c.title}`,
      int(n.unique),
      String(n.violations),
      `${n.seconds.toFixed(2)} (${n.wall.toFixed(2)})`,
      int(n.statesPerSecond),
      w.seconds.toFixed(2),
      int(w.statesPerSecond),
      `${(w.statesPerSecond / n.statesPerSecond).toFixed(2)}`,
      `${(n.statesPerSecond / w.statesPerSecond).toFixed(2)}×`,
      mb(n.peak),
      mb(w.heap),
    ]),
  ]);
  console.log("");
  console.log("native s: the search as the CLI times it, and in brackets the process's wall time (start-up, report, exit)");
  console.log("wasm/native: wasm states/s over native states/s (native s over wasm s), both single-threaded; wasm slower: its inverse;");
  console.log("  the target (issue 13) is wasm within 2× of native: wasm/native ≥ 0.50, wasm slower ≤ 2×");
  console.log(`wasm heap: the checker's WebAssembly.Memory at the end (it only grows: the peak; a fresh page each pass)${inWorker ? "; not reachable in the worker" : ""}`);
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`);
  if (failed) {
    console.log("FAILED: native and wasm disagree (see above)");
    process.exitCode = 1;
  }
}

await main();
