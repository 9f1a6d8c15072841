// Frame-time benchmark (prints numbers; never fails on a slow one). Plays two 9-node runs at the
// fastest speed in headless Chromium and reports, per run:
//   frames     intervals between consecutive requestAnimationFrame callbacks (their timestamps);
//              Chromium ticks at 60 Hz, so a smooth frame is 16.7 ms and a dropped one 33 ms+;
//   long tasks PerformanceObserver "longtask" (tasks over 50 ms) and "long-animation-frame"
//              (frames over 50 ms, with how much of each was script and how much style/layout);
//   step work  how long each playback step's setTimeout callback ran (JS + wasm, including any
//              layout the script forced, but not the style/layout/paint of the frame after it);
//   main thread (a second, traced pass) the renderer main thread's busy time per frame from a
//              Chromium trace, wall and CPU (thread) time, split into script, style, layout,
//              paint and other, and each step's wall and CPU time.
// With PROFILE=1 a third pass samples a CPU profile and lists the top self-time functions.
//
// It exits non-zero only if the page breaks: an uncaught error, a console error, a dialog, or a
// run where nothing played.
//
//   node bench/frames.mjs                      the page in dist/
//   DIST=/work/main/dist node bench/frames.mjs another build
//   node bench/frames.mjs ../../main/dist      the same, as an argument (relative to the repository)
//   BENCH_SECONDS=8   seconds of play per run (it stops sooner when nothing is left to do)
//   REPEAT=3          measured passes per run (the spread is printed)
//   TRACE=0           no traced pass;  TRACE_FILE=/tmp/t.json also saves each trace
//   PROFILE=1         a CPU-profiled pass; PROFILE_FILE=/tmp/p.cpuprofile also saves each profile
import { writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { resolve } from "node:path";
import { serve, launch, open, root } from "../e2e/harness.mjs";
import { applySettings } from "../e2e/steps.mjs";

/** @typedef {import("playwright-core").Page} Page */

const dist = resolve(root, process.env.DIST ?? process.argv[2] ?? "dist");
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const repeat = Math.max(1, Number(process.env.REPEAT ?? 1));
const trace = process.env.TRACE !== "0";
const profile = process.env.PROFILE === "1";
const BUDGET_FRAME = 1000 / 60;
const BUDGET_LONG = 50;

/** Runs in the page before its own scripts: times playback steps, counts frames and long tasks. */
function instrument() {
  const bench = {
    recording: false,
    t0: 0,
    t1: 0,
    /** @type {number[]} */ frames: [],
    /** @type {number[]} */ steps: [],
    /** @type {number[]} */ otherTimers: [],
    /** @type {number[]} */ replaceState: [],
    urlMax: 0,
    /** @type {any[]} */ longTasks: [],
    /** @type {any[]} */ loafs: [],
    loafSupported: PerformanceObserver.supportedEntryTypes.includes("long-animation-frame"),
    inFlightMax: 0,
    firstStep: -1,
    lastStep: -1,
    status: "",
    start() {
      bench.recording = true;
      bench.t0 = performance.now();
      /** @type {number | null} */
      let last = null;
      /** @param {number} ts */
      const loop = (ts) => {
        if (!bench.recording) return;
        if (last !== null) bench.frames.push(ts - last);
        last = ts;
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    },
    stop() {
      bench.recording = false;
      bench.t1 = performance.now();
      const inWindow = (/** @type {PerformanceEntry} */ e) => e.startTime >= bench.t0 && e.startTime <= bench.t1;
      bench.longTasks = performance
        .getEntriesByType("longtask")
        .concat(bench.observedLong)
        .filter(inWindow)
        .map((e) => ({ start: e.startTime, duration: e.duration }));
      bench.loafs = bench.observedLoaf.filter(inWindow).map((/** @type {any} */ e) => ({
        start: e.startTime,
        duration: e.duration,
        blocking: e.blockingDuration,
        script: e.scripts.reduce((/** @type {number} */ s, /** @type {any} */ x) => s + x.duration, 0),
        styleLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
        scripts: e.scripts.map((/** @type {any} */ x) => `${x.invoker} ${Math.round(x.duration)}ms`).join(", "),
      }));
      return bench;
    },
    /** @type {PerformanceEntry[]} */ observedLong: [],
    /** @type {PerformanceEntry[]} */ observedLoaf: [],
  };
  // @ts-ignore
  window.__bench = bench;
  new PerformanceObserver((list) => bench.observedLong.push(...list.getEntries())).observe({ type: "longtask", buffered: true });
  if (bench.loafSupported) {
    new PerformanceObserver((list) => bench.observedLoaf.push(...list.getEntries())).observe({ type: "long-animation-frame", buffered: true });
  }
  const readStatus = () => {
    const text = document.getElementById("status")?.textContent ?? "";
    const step = /Step (\d+)/.exec(text);
    const inFlight = /(\d+) in flight/.exec(text);
    if (step) {
      if (bench.firstStep < 0) bench.firstStep = Number(step[1]);
      bench.lastStep = Number(step[1]);
    }
    if (inFlight) bench.inFlightMax = Math.max(bench.inFlightMax, Number(inFlight[1]));
    bench.status = text;
  };
  const setTimeoutPage = window.setTimeout;
  /** Runs a timer's callback, timed while recording. @param {Function} handler @param {any} self @param {any[]} args */
  const timed = (handler, self, args) => {
    if (!bench.recording) return handler.apply(self, args);
    const started = performance.now();
    try {
      return handler.apply(self, args);
    } finally {
      // playback.js schedules each step as `setTimeout(tick, interval)`.
      (handler.name === "tick" ? bench.steps : bench.otherTimers).push(performance.now() - started);
      if (handler.name === "tick") readStatus();
    }
  };
  // @ts-ignore
  window.setTimeout = function (handler, delay, ...args) {
    if (typeof handler !== "function") return setTimeoutPage(handler, delay, ...args);
    // Two names, so that a trace's FunctionCall events tell the steps from other timers.
    /** @this {any} */
    function stepTimer(/** @type {any[]} */ ...callArgs) {
      return timed(handler, this, callArgs);
    }
    /** @this {any} */
    function otherTimer(/** @type {any[]} */ ...callArgs) {
      return timed(handler, this, callArgs);
    }
    return setTimeoutPage(handler.name === "tick" ? stepTimer : otherTimer, delay, ...args);
  };
  // @ts-ignore
  bench.readStatus = readStatus;
  // Each step rewrites the address (sharing.js): time it, and how long the URL gets.
  const replaceState = history.replaceState;
  history.replaceState = function (/** @type {any} */ data, /** @type {string} */ unused, /** @type {any} */ url) {
    if (!bench.recording) return replaceState.call(this, data, unused, url);
    const started = performance.now();
    try {
      return replaceState.call(this, data, unused, url);
    } finally {
      bench.replaceState.push(performance.now() - started);
      bench.urlMax = Math.max(bench.urlMax, String(url ?? "").length);
    }
  };
}

/** @param {Page} page @param {number} n */
async function proposeAll(page, n) {
  const options = await page.locator("#proposer option").evaluateAll((o) => o.map((x) => /** @type {HTMLOptionElement} */ (x).value));
  for (let i = 0; i < n; i++) {
    await page.selectOption("#proposer", options[i]);
    await page.fill("#value", ["blue", "red", "green", "gold", "plum"][i]);
    await page.click("#propose-form button[type=submit]");
  }
}

/** @param {Page} page @param {number} n */
async function submitAll(page, n) {
  for (let i = 0; i < n; i++) {
    await page.fill("#key", `k${i}`);
    await page.fill("#kv-value", `${i}`);
    await page.click("#submit-form button[type=submit]");
  }
}

/** @type {{ name: string, title: string, setUp: (page: Page) => Promise<void> }[]} */
const runs = [
  {
    name: "basic",
    title: "Basic Paxos 5P/9A/3L, all proposing",
    setUp: async (page) => {
      await applySettings(page, { proposers: "5", acceptors: "9", learners: "3" });
      await proposeAll(page, 5);
    },
  },
  {
    name: "multi",
    title: "Multi-Paxos 9 servers, 30 commands",
    setUp: async (page) => {
      await applySettings(page, { mode: "multi", acceptors: "9" });
      // Step until a leader is elected, so the commands go to it (as in the issue's run).
      for (let i = 0; i < 25; i++) await page.keyboard.press("s");
      await submitAll(page, 30);
    },
  },
];

/** Fastest speed, then Play. @param {Page} page */
async function play(page) {
  await page.evaluate(() => {
    const speed = /** @type {HTMLInputElement} */ (document.getElementById("speed"));
    speed.value = speed.max;
    speed.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.click("#play");
}

/** Plays until `seconds` have passed or nothing is left to do. @param {Page} page */
async function playFor(page) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    await page.waitForTimeout(250);
    const text = (await page.textContent("#status")) ?? "";
    if (text.includes("Nothing left to do")) break;
  }
  const playing = await page.getAttribute("#play", "aria-pressed");
  if (playing === "true") await page.click("#play");
}

/** @param {number[]} xs @param {number} q */
function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const ms = (/** @type {number} */ x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "–");

/**
 * One measured pass of a run: fresh page, set-up, play, numbers.
 * @param {import("playwright-core").Browser} browser
 * @param {string} url
 * @param {typeof runs[number]} run
 * @param {"measure" | "trace" | "profile"} kind
 */
async function pass(browser, url, run, kind) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const { page, problems } = await openIn(context, url);
  try {
    await run.setUp(page);
    if (await page.isVisible("#error")) throw new Error(`the set-up of ${run.name} was refused: ${await page.textContent("#error-text")}`);
    const cdp = kind === "measure" ? null : await context.newCDPSession(page);
    /** @type {any[]} */
    const events = [];
    if (cdp && kind === "trace") {
      cdp.on("Tracing.dataCollected", (data) => events.push(...data.value));
      await cdp.send("Tracing.start", {
        transferMode: "ReportEvents",
        traceConfig: {
          includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline.frame", "v8", "disabled-by-default-devtools.timeline"],
          excludedCategories: ["*"],
        },
      });
    }
    if (cdp && kind === "profile") {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    await page.evaluate(() => /** @type {any} */ (window).__bench.start());
    await play(page);
    await playFor(page);
    const bench = await page.evaluate(() => {
      const b = /** @type {any} */ (window).__bench;
      b.readStatus();
      const { observedLong, observedLoaf, ...rest } = b.stop();
      return rest;
    });
    /** @type {any} */
    let extra = null;
    if (cdp && kind === "trace") {
      const done = new Promise((ok) => cdp.once("Tracing.tracingComplete", () => ok(undefined)));
      await cdp.send("Tracing.end");
      await done;
      extra = mainThread(events, bench.frames.length);
      if (process.env.TRACE_FILE) {
        const file = process.env.TRACE_FILE.replace(/(\.json)?$/, `-${run.name}.json`);
        await writeFile(file, JSON.stringify({ traceEvents: events }));
        extra.file = file;
      }
    }
    if (cdp && kind === "profile") {
      const { profile } = await cdp.send("Profiler.stop");
      extra = selfTimes(profile);
      if (process.env.PROFILE_FILE) {
        const file = process.env.PROFILE_FILE.replace(/(\.cpuprofile)?$/, `-${run.name}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        extra.file = file;
      }
    }
    if (problems.length > 0) throw new Error(`the page broke during ${run.name}:\n  ${problems.join("\n  ")}`);
    if (bench.steps.length === 0 || bench.lastStep <= bench.firstStep) {
      throw new Error(`nothing played in ${run.name} (status: ${bench.status})`);
    }
    return { bench, extra };
  } finally {
    await context.close();
  }
}

/**
 * `open` from the harness, but in a context that carries the init script.
 * @param {import("playwright-core").BrowserContext} context
 * @param {string} url
 */
async function openIn(context, url) {
  // harness.open takes a browser and calls newPage() on it; a context has the same method.
  return open(/** @type {any} */ (context), url);
}

/** The kind of main-thread work a trace event's self time is. @param {string} name */
function kindOf(name) {
  if (/GC|Scavenge|Sweep|Mark/i.test(name)) return "gc";
  if (/^(FunctionCall|TimerFire|EventDispatch|FireAnimationFrame|EvaluateScript|v8\.|V8\.|RunMicrotasks|XHR|ProfileCall|Compile)/.test(name)) return "script";
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)/.test(name)) return "style";
  if (/^(Layout|UpdateLayerTree|HitTest)/.test(name)) return "layout";
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|Commit|PaintImage|Decode|Raster)/.test(name)) return "paint";
  return "other";
}

/**
 * The renderer main thread's work from trace events, in wall time (`dur`: what the frame waits
 * for, including time the thread was descheduled on a busy machine) and CPU time (`tdur`).
 * @param {any[]} events
 * @param {number} frameCount
 */
function mainThread(events, frameCount) {
  const key = (/** @type {any} */ e) => `${e.pid}:${e.tid}`;
  // The page's renderer main thread: the CrRendererMain with the most timer fires.
  const names = new Map();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") names.set(key(e), e.args.name);
  const fires = new Map();
  for (const e of events) {
    if (names.get(key(e)) === "CrRendererMain" && e.name === "TimerFire") fires.set(key(e), (fires.get(key(e)) ?? 0) + 1);
  }
  const main = [...fires.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return null;
  const mine = events.filter((e) => key(e) === main && e.ph === "X" && typeof e.dur === "number");
  mine.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  /** Self time per kind: [wall, cpu] in ms. @type {Record<string, number[]>} */
  const kinds = { script: [0, 0], style: [0, 0], layout: [0, 0], paint: [0, 0], gc: [0, 0], other: [0, 0] };
  /** @type {Map<string, number>} */
  const selfCpu = new Map();
  /** @type {{ end: number, e: any, childDur: number, childCpu: number }[]} */
  const stack = [];
  /** Top-level events (tasks). @type {any[]} */
  const tops = [];
  const close = (/** @type {number} */ until) => {
    while (stack.length > 0 && stack[stack.length - 1].end <= until) {
      const { e, childDur, childCpu } = /** @type {typeof stack[number]} */ (stack.pop());
      const wall = (e.dur - childDur) / 1000;
      const cpu = ((e.tdur ?? 0) - childCpu) / 1000;
      const kind = kinds[kindOf(e.name)];
      kind[0] += wall;
      kind[1] += cpu;
      selfCpu.set(e.name, (selfCpu.get(e.name) ?? 0) + cpu);
    }
  };
  for (const e of mine) {
    close(e.ts);
    if (stack.length === 0) tops.push(e);
    else {
      stack[stack.length - 1].childDur += e.dur;
      stack[stack.length - 1].childCpu += e.tdur ?? 0;
    }
    stack.push({ end: e.ts + e.dur, e, childDur: 0, childCpu: 0 });
  }
  close(Infinity);
  const busy = tops.reduce((s, e) => s + e.dur, 0) / 1000;
  const busyCpu = tops.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000;
  // Busy time per frame: main-thread work between consecutive BeginMainThreadFrame marks.
  const begins = events
    .filter((e) => key(e) === main && e.name === "BeginMainThreadFrame")
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  /** @type {number[]} */
  const perFrame = [];
  /** @type {number[]} */
  const perFrameCpu = [];
  let j = 0;
  for (let i = 0; i + 1 < begins.length; i++) {
    const [a, b] = [begins[i], begins[i + 1]];
    let wall = 0;
    let cpu = 0;
    while (j < tops.length && tops[j].ts + tops[j].dur <= a) j++;
    for (let k = j; k < tops.length && tops[k].ts < b; k++) {
      const t = tops[k];
      const overlap = Math.min(b, t.ts + t.dur) - Math.max(a, t.ts);
      wall += overlap;
      cpu += t.dur > 0 ? ((t.tdur ?? 0) * overlap) / t.dur : 0;
    }
    perFrame.push(wall / 1000);
    perFrameCpu.push(cpu / 1000);
  }
  // Each playback step: the FunctionCall of the wrapper the init script gives `tick`.
  const steps = mine.filter((e) => e.name === "FunctionCall" && e.args?.data?.functionName === "stepTimer");
  const tasks = tops.map((e) => e.dur / 1000);
  const top = [...selfCpu.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, t]) => `${n} ${t.toFixed(0)}`);
  return {
    busy,
    busyCpu,
    frameCount,
    kinds,
    perFrame,
    perFrameCpu,
    stepWall: steps.map((e) => e.dur / 1000),
    stepCpu: steps.map((e) => (e.tdur ?? 0) / 1000),
    longTasks: tasks.filter((t) => t > 50).length,
    top,
  };
}

/**
 * Self time per function from a CPU profile.
 * @param {any} profile Profiler.Profile
 */
function selfTimes(profile) {
  /** @type {Map<number, any>} */
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const perNode = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = i + 1 < deltas.length ? deltas[i + 1] : 0;
    perNode.set(profile.samples[i], (perNode.get(profile.samples[i]) ?? 0) + dt);
  }
  /** @type {Map<string, number>} */
  const perFunction = new Map();
  /** @type {Map<string, number>} */
  const perFile = new Map();
  let total = 0;
  for (const [id, us] of perNode) {
    const f = nodes.get(id).callFrame;
    const file = f.url ? f.url.split("/").pop() : "";
    const key = `${f.functionName || "(anonymous)"}${file ? ` ${file}:${f.lineNumber + 1}` : ""}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    const where = file || (f.functionName.startsWith("(") ? f.functionName : "(browser API)");
    perFile.set(where, (perFile.get(where) ?? 0) + us);
    if (f.functionName !== "(idle)" && f.functionName !== "(program)") total += us;
  }
  const top = [...perFunction.entries()].sort((a, b) => b[1] - a[1]);
  const files = [...perFile.entries()].sort((a, b) => b[1] - a[1]).map(([k, us]) => `${k} ${(us / 1000).toFixed(0)}`);
  return { total: total / 1000, top: top.slice(0, 25).map(([k, us]) => [k, us / 1000]), files };
}

/** Prints one measured pass. @param {typeof runs[number]} run @param {any} bench */
function report(run, bench) {
  const f = bench.frames;
  const dropped = f.filter((/** @type {number} */ x) => x > BUDGET_FRAME * 1.5).length;
  const longMax = Math.max(0, ...bench.longTasks.map((/** @type {any} */ t) => t.duration));
  const loafMax = Math.max(0, ...bench.loafs.map((/** @type {any} */ t) => t.duration));
  const p95 = quantile(f, 0.95);
  const steps = bench.lastStep - bench.firstStep + 1;
  const played = (bench.t1 - bench.t0) / 1000;
  console.log(`frames (${run.name}: ${run.title}): n=${f.length} in ${played.toFixed(1)} s, p50 ${ms(quantile(f, 0.5))}, p95 ${ms(p95)}, p99 ${ms(quantile(f, 0.99))}, max ${ms(Math.max(...f))}, dropped (> 25 ms) ${dropped}`);
  console.log(`  long tasks: ${bench.longTasks.length} (max ${ms(longMax)}); long animation frames: ${bench.loafSupported ? `${bench.loafs.length} (max ${ms(loafMax)})` : "not supported"}`);
  for (const l of [...bench.loafs].sort((a, b) => b.duration - a.duration).slice(0, 3)) {
    console.log(`    LoAF ${ms(l.duration)}: script ${ms(l.script)}, style+layout ${ms(l.styleLayout)}, render ${ms(l.render)}, blocking ${ms(l.blocking)} [${l.scripts}]`);
  }
  const s = bench.steps;
  console.log(`  step work (setTimeout tick, JS + wasm): n=${s.length}, p50 ${ms(quantile(s, 0.5))}, p95 ${ms(quantile(s, 0.95))}, max ${ms(Math.max(...s))}; other timers ${bench.otherTimers.length}`);
  const r = bench.replaceState;
  console.log(`    of which history.replaceState (the permalink; it also forces a style recalc): n=${r.length}, p50 ${ms(quantile(r, 0.5))}, p95 ${ms(quantile(r, 0.95))}, max ${ms(Math.max(...r))}; URL up to ${bench.urlMax} characters`);
  console.log(`  steps played ${steps} (step ${bench.firstStep}→${bench.lastStep}, ${(steps / played).toFixed(1)}/s), messages in flight max ${bench.inFlightMax}`);
  const ok = p95 <= BUDGET_FRAME + 0.5 && longMax <= BUDGET_LONG;
  console.log(`  budget: p95 ≤ 16.7 ms, no long task > 50 ms: ${ok ? "MET" : "NOT MET"} (p95 ${ms(p95)}, longest task ${ms(longMax)})`);
  return { p95, longMax, longCount: bench.longTasks.length, dropped, stepP95: quantile(s, 0.95), ok };
}

/** @param {any} m */
function reportTrace(m) {
  if (!m) {
    console.log("  main thread (trace): no renderer main thread found");
    return;
  }
  const n = Math.max(1, m.frameCount);
  const split = (/** @type {number} */ i) =>
    Object.entries(m.kinds)
      .map(([kind, t]) => `${kind} ${(t[i] / n).toFixed(1)}`)
      .join(", ");
  const dist = (/** @type {number[]} */ xs) => `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))}, max ${ms(Math.max(...xs))}`;
  console.log(`  main thread (traced pass, ${m.frameCount} frames; wall = what frames wait for, cpu = the thread's own time):`);
  console.log(`    per frame, wall: ${(m.busy / n).toFixed(1)} ms (${split(0)})`);
  console.log(`    per frame, cpu:  ${(m.busyCpu / n).toFixed(1)} ms (${split(1)})`);
  if (m.perFrame.length > 0) console.log(`    busy per frame interval: wall ${dist(m.perFrame)}; cpu ${dist(m.perFrameCpu)}; tasks > 50 ms (wall) ${m.longTasks}`);
  if (m.stepWall.length > 0) console.log(`    step (tick) n=${m.stepWall.length}: wall ${dist(m.stepWall)}; cpu ${dist(m.stepCpu)}`);
  console.log(`    top self cpu (ms): ${m.top.join(", ")}`);
  if (m.file) console.log(`    trace written to ${m.file} (open in chrome://tracing or ui.perfetto.dev)`);
}

/** @param {any} p */
function reportProfile(p) {
  console.log(`  CPU profile: ${ms(p.total)} sampled busy; top self time:`);
  for (const [name, t] of p.top.slice(0, 20)) console.log(`    ${t.toFixed(1).padStart(8)} ms  ${name}`);
  console.log(`    by script (ms): ${p.files.join(", ")}`);
  if (p.file) console.log(`    profile written to ${p.file} (open in DevTools, Performance panel)`);
}

const server = await serve(dist);
const browser = await launch();
let failed = false;
try {
  console.log(`load average (1 min) at start: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`frame benchmark: ${dist}, ${seconds} s per run at the fastest speed, 1280×800, ${browser.version()}`);
  for (const run of runs) {
    /** @type {any[]} */
    const results = [];
    for (let i = 0; i < repeat; i++) {
      const { bench } = await pass(browser, server.url, run, "measure");
      results.push(report(run, bench));
    }
    if (repeat > 1) {
      const spread = (/** @type {string} */ key) => results.map((r) => r[key].toFixed(1)).join(" / ");
      console.log(`  over ${repeat} passes: p95 ${spread("p95")} ms; longest task ${spread("longMax")} ms; long tasks ${spread("longCount")}; step p95 ${spread("stepP95")} ms`);
    }
    if (trace) reportTrace((await pass(browser, server.url, run, "trace")).extra);
    if (profile) reportProfile((await pass(browser, server.url, run, "profile")).extra);
    console.log("");
  }
  const load = loadavg()[0];
  const busy = load > availableParallelism() ? ": busier than its cores, so wall times include waiting for one (the traced pass's cpu times do not)" : "";
  console.log(`load average (1 min) at end: ${load.toFixed(1)}${busy}`);
  console.log("(the budget lines are information: this benchmark fails only if the page breaks)");
} catch (err) {
  failed = true;
  console.error(`frame benchmark: ${err instanceof Error ? err.message : err}`);
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
