// End-to-end: partitions, permalinks, rewinding, importing, and the space-time diagram.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { open, screenshot, suite } from "./harness.mjs";

const ctx = suite();

/** Everything the user sees of the run. @param {import("playwright-core").Page} page */
async function state(page) {
  return {
    status: await page.textContent("#status"),
    nodes: await page.locator(".node").evaluateAll((ns) => ns.map((n) => n.getAttribute("aria-label"))),
    messages: await page.locator(".msg:not(.lost):not(.arriving)").evaluateAll((ms) => ms.map((m) => m.getAttribute("aria-label")).sort()),
    chosen: await page.textContent("#chosen"),
    timeline: await page.textContent("#scrub-out"),
    network: await page.textContent("#network-status"),
  };
}

test("a partition's majority side chooses, and the permalink reopens the identical state", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  // P1 A1 A2 L1 against P2 A3.
  for (const id of ["1", "4"]) await page.check(`#partition-nodes input[value="${id}"]`);
  await page.click("#partition-form button[type=submit]");
  assert.match((await page.textContent("#network-status")) ?? "", /Partitioned: \{P1, A1, A2, L1\} \| \{P2, A3\}\./);
  assert.ok((await page.locator(".links line.cut-link").count()) > 0, "cut links are drawn");
  await page.click("#propose-form button");
  for (let i = 0; i < 200 && (await page.locator("#chosen.none").count()); i++) await page.keyboard.press("s");
  assert.equal(await page.textContent("#chosen"), "blue");
  for (let i = 0; i < 3; i++) await page.keyboard.press("s");
  await screenshot(page, "partition-chosen");
  const seen = await state(page);
  const link = page.url();
  assert.match(link, /#v4\./);
  const fresh = await open(ctx.browser, link);
  assert.deepEqual(await state(fresh.page), seen, "the link opens the identical state");
  assert.deepEqual(fresh.problems, []);
  assert.deepEqual(problems, []);
  await fresh.page.close();
  await page.close();
});

test("rewinding 10 steps and going forward again returns to the same state", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  for (let i = 0; i < 14; i++) await page.keyboard.press("s");
  const end = await state(page);
  const length = Number(((await page.textContent("#scrub-out")) ?? "").split(" of ")[1]);
  assert.ok(length >= 12, `${length} steps`);
  for (let i = 0; i < 10; i++) await page.keyboard.press("b");
  assert.equal(await page.textContent("#scrub-out"), `step ${length - 10} of ${length}`);
  assert.notDeepEqual((await state(page)).nodes, end.nodes);
  await screenshot(page, "rewound");
  await page.locator("#scrub").fill(String(length));
  assert.deepEqual(await state(page), end);
  // Acting while rewound forks; the fork can be undone.
  await page.locator("#scrub").fill("5");
  await page.click('.node[data-node="2"]');
  await page.click("#inspector button:has-text('Crash')");
  assert.equal(await page.textContent("#scrub-out"), "step 6 of 6");
  assert.equal(await page.isVisible("#undo-fork"), true);
  await page.keyboard.press("Escape");
  await page.keyboard.press("u");
  assert.equal(await page.textContent("#scrub-out"), `step 5 of ${length}`);
  await page.locator("#scrub").fill(String(length));
  assert.deepEqual(await state(page), end);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a malformed import is refused and the run stays; a good one loads", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  await page.keyboard.press("s");
  const before = await state(page);
  const dir = await mkdtemp(join(tmpdir(), "paxos-"));
  const bad = join(dir, "bad.json");
  await writeFile(bad, '{"version": 1, "config": {}, "seed": 1, "actions": [{"type": "deliver", "id": 77}]}');
  await page.setInputFiles("#import-file", bad);
  await page.waitForSelector("#error:not([hidden])");
  assert.match((await page.textContent("#error-text")) ?? "", /Could not import bad\.json: invalid trace: action 1 \(deliver message #77\) failed.*The current run is unchanged/);
  assert.deepEqual(await state(page), before);
  await screenshot(page, "import-refused");
  // Export, then import what was exported: the same run.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const exported = join(dir, "good.json");
  await download.saveAs(exported);
  await page.goto("about:blank");
  const fresh = await open(ctx.browser, ctx.url);
  await fresh.page.setInputFiles("#import-file", exported);
  await fresh.page.waitForFunction(() => document.querySelector("#scrub-out")?.textContent === "step 2 of 2");
  assert.deepEqual((await state(fresh.page)).nodes, before.nodes);
  // The imported run's event log is rebuilt from its history, under the note (issue 11, bug 12).
  const lines = await fresh.page.locator("#log li").allTextContents();
  assert.match(lines[0], /^Imported good\.json/);
  assert.equal(lines.filter((l) => /^\d+ · t=/.test(l)).length, 2, lines.join(" | "));
  assert.deepEqual(fresh.problems, []);
  assert.deepEqual(problems.filter((p) => !p.includes("about:blank")), []);
  await fresh.page.close();
  await page.close();
});

test("a broken or unknown-version link shows why and opens a fresh simulation", async () => {
  for (const [hash, expected] of [
    ["#v1.AAAA", /this link cannot be opened/],
    ["#v7.abc", /format "v7"/],
    ["#nonsense", /does not start with "v1\.", "v2\.", "v3\." or "v4\."/],
  ]) {
    const { page } = await open(ctx.browser, `${ctx.url}${hash}`);
    assert.match((await page.textContent("#error-text")) ?? "", expected);
    assert.match((await page.textContent("#error-text")) ?? "", /A fresh simulation was started instead/);
    assert.match((await page.textContent("#status")) ?? "", /Step 0/);
    assert.equal(await page.locator(".node").count(), 6);
    await page.close();
  }
  // A well-formed link whose only action delivers message #50, which never exists (the same
  // link is checked natively in crates/paxos-core/tests/time_travel.rs).
  const { page } = await open(ctx.browser, `${ctx.url}#v1.Ant9AQABATI`);
  assert.match((await page.textContent("#error-text")) ?? "", /there is no message #50 in flight/);
  assert.match((await page.textContent("#status")) ?? "", /Step 0/);
  await page.close();
});

test("the space-time diagram draws arrows, and clicking one goes to that message", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  for (let i = 0; i < 8; i++) await page.keyboard.press("s");
  const arrows = page.locator("#diagram line.arrow");
  assert.ok((await arrows.count()) >= 8, "one arrow per delivered message");
  const label = (await arrows.first().getAttribute("aria-label")) ?? "";
  const [, id, step] = label.match(/^#(\d+) .* delivered at step (\d+)/) ?? [];
  assert.ok(id && step, label);
  await arrows.first().click();
  assert.equal(await page.textContent("#scrub-out"), `step ${Number(step) - 1} of 9`);
  await page.waitForSelector(`.msg.selected[data-message="${id}"]`);
  assert.match((await page.textContent("#inspector h2")) ?? "", new RegExp(`Message #${id}`));
  await screenshot(page, "diagram");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the diagram stays responsive with 10,000 events (measured: frame time)", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const link = await page.evaluate(async () => {
    // The full engine, which has Multi-Paxos (the page starts on one without it).
    const full = await import(new URL("full/paxos-core.js", document.baseURI).href);
    await full.default();
    const { Simulation } = full;
    const s = new Simulation({ mode: "multi", acceptors: 5 }, 7);
    for (let i = 0; i < 13000; i++) {
      if (i % 40 === 0) s.submit(i % 5, { op: "put", key: `k${i % 7}`, value: String(i) });
      else s.step();
    }
    return { link: s.permalink(), events: s.diagram(0, 1e9).length };
  });
  assert.ok(link.events >= 10_000, `${link.events} events`);
  const big = await open(ctx.browser, `${ctx.url}#${link.link}`);
  const times = await big.page.evaluate(async () => {
    const scrub = /** @type {HTMLInputElement} */ (document.getElementById("scrub"));
    const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const frames = [];
    const work = [];
    for (let i = 0; i < 30; i++) {
      const target = Math.floor(((i * 7919) % 97) / 97 * Number(scrub.max));
      await frame();
      const t0 = performance.now();
      scrub.value = String(target);
      scrub.dispatchEvent(new Event("input"));
      work.push(performance.now() - t0);
      await frame();
      frames.push(performance.now() - t0);
    }
    const stats = (/** @type {number[]} */ xs) => {
      xs.sort((a, b) => a - b);
      return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, median: xs[xs.length >> 1], max: xs[xs.length - 1] };
    };
    return { work: stats(work), frames: stats(frames) };
  });
  const f = (/** @type {{mean: number, median: number, max: number}} */ s) => `mean ${s.mean.toFixed(1)} ms, median ${s.median.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  console.log(`diagram with ${link.events} events: seek + redraw (script) ${f(times.work)}; until the frame after next is painted ${f(times.frames)}`);
  assert.equal(await big.page.locator("#diagram line.arrow").count() > 0, true);
  assert.deepEqual(big.problems, []);
  assert.deepEqual(problems, []);
  await big.page.close();
  await page.close();
});

test("seeking in a 100,000-step history in the browser (measured)", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const result = await page.evaluate(async () => {
    // The full engine, which has Multi-Paxos (the page starts on one without it).
    const full = await import(new URL("full/paxos-core.js", document.baseURI).href);
    await full.default();
    const { Simulation } = full;
    const s = new Simulation({ mode: "multi", acceptors: 5 }, 42);
    const built = performance.now();
    for (let i = 0; i < 100_000; i++) {
      if (i % 50 === 0) s.submit(Math.floor(i / 50) % 5, { op: "put", key: `k${i % 13}`, value: String(i) });
      else s.step();
    }
    const build = performance.now() - built;
    const times = [];
    let x = 12345;
    for (let i = 0; i < 100; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t0 = performance.now();
      s.seek(x % 100_001);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const length = s.timeline().length;
    s.free();
    return { build, length, mean: times.reduce((a, b) => a + b, 0) / times.length, median: times[50], max: times[99] };
  });
  assert.equal(result.length, 100_000);
  console.log(
    `browser (wasm) seek in a ${result.length}-step history: mean ${result.mean.toFixed(2)} ms, median ${result.median.toFixed(2)} ms, max ${result.max.toFixed(2)} ms (history built in ${(result.build / 1000).toFixed(1)} s)`,
  );
  assert.deepEqual(problems, []);
  await page.close();
});
