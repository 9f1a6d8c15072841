// End-to-end: the space-time diagram (issue 11): arrowheads, kind labels, marks where a value is
// chosen and learned (and slots applied), the rows control, the step axis with the cursor's
// simulated time, the heartbeat filter, and the cost of a redraw with nine servers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { applySettings, stepUntil, steps } from "./steps.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/** The diagram's step labels as [step, y] pairs. @param {Page} page */
const stepLabels = (page) =>
  page.locator("#diagram text.step-label").evaluateAll((ts) => ts.map((t) => [Number(t.textContent), Number(t.getAttribute("y"))]));

/** Drawing units per step, from two step labels. @param {Page} page */
async function rowSpacing(page) {
  const labels = await stepLabels(page);
  assert.ok(labels.length >= 2, `step labels: ${JSON.stringify(labels)}`);
  const [[s1, y1], [s2, y2]] = labels;
  return (y2 - y1) / (s2 - s1);
}

test("arrows have heads in their kind's colour and the phases' labels; the value's choice and learning are marked", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  await stepUntil(page, async () => (await page.locator("#chosen.none").count()) === 0, "a value is chosen");
  await stepUntil(page, async () => (await page.locator("#diagram .learned-mark").count()) > 0, "the learner learns it", 40);

  // Every delivered message's arrow ends in the head of its kind, and that marker exists.
  const arrows = await page.locator("#diagram line.arrow:not(.lost)").evaluateAll((ls) =>
    ls.map((l) => {
      const head = l.nextElementSibling;
      return { kind: [...l.classList].find((c) => c.startsWith("kind-"))?.slice(5), head: head?.matches(".arrow-head") ? head.getAttribute("marker-end") : null };
    }),
  );
  assert.ok(arrows.length >= 8, `${arrows.length} arrows`);
  for (const { kind, head } of arrows) assert.equal(head, `url(#diagram-head-${kind})`);
  for (const kind of new Set(arrows.map((a) => a.kind))) {
    assert.equal(await page.locator(`#diagram marker#diagram-head-${kind}.kind-${kind} path`).count(), 1, `a ${kind} head`);
  }
  // The head is coloured like its line (the stylesheet's kind rule, no inline style).
  const colours = await page.evaluate(() => {
    const line = document.querySelector("#diagram line.arrow.kind-prepare");
    const head = document.querySelector("#diagram marker.kind-prepare path");
    return [line && getComputedStyle(line).stroke, head && getComputedStyle(head).stroke];
  });
  assert.ok(colours[0] && colours[0] === colours[1], `line and head colours: ${colours}`);

  // The phases' short labels, as on the cluster's messages; they never overlap.
  const glyphs = await page.locator("#diagram .glyph").evaluateAll((gs) =>
    gs.map((g) => {
      const r = /** @type {SVGGraphicsElement} */ (/** @type {unknown} */ (g)).getBBox();
      return { text: g.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
  for (const phase of ["1a", "1b", "2a", "2b"]) assert.ok(glyphs.some((g) => g.text === phase), `a ${phase} label in ${glyphs.map((g) => g.text)}`);
  for (const [i, a] of glyphs.entries()) {
    for (const b of glyphs.slice(i + 1)) {
      const apart = a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
      assert.ok(apart, `labels ${a.text} and ${b.text} overlap`);
    }
  }

  // Chosen: one gold mark, on an acceptor of the majority, saying what and when.
  const chosen = page.locator("#diagram .chosen-mark");
  assert.equal(await chosen.count(), 1);
  const chosenTitle = (await chosen.locator("title").textContent()) ?? "";
  assert.match(chosenTitle, /^“blue” chosen at step \d+ \(t=\d+\): A\d, A\d(, A\d)? accepted it at ballot \(1,P1\), A\d last$/);
  assert.match((await chosen.getAttribute("data-node")) ?? "", /^[234]$/, "on an acceptor's line");
  // Learned: on the learner's own line (L1 is node 5), after it was chosen.
  const learned = page.locator("#diagram .learned-mark");
  assert.equal(await learned.first().getAttribute("data-node"), "5");
  assert.match((await learned.first().locator("title").textContent()) ?? "", /^L1 learned “blue” at step \d+ \(t=\d+\)/);
  const [lineX, markX] = await page.evaluate(() => [
    document.querySelectorAll("#diagram line.lifeline")[5]?.getAttribute("x1"),
    document.querySelector("#diagram .learned-mark circle")?.getAttribute("cx"),
  ]);
  assert.equal(markX, lineX, "the learned mark sits on L1's line");
  const stepOf = (/** @type {string} */ t) => Number(t.match(/at step (\d+)/)?.[1]);
  assert.ok(stepOf((await learned.first().locator("title").textContent()) ?? "") >= stepOf(chosenTitle));
  await screenshot(page, "diagram-chosen-learned");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the rows control spaces the steps out, the axis counts steps and the cursor says t; the cursor stays in view", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  await steps(page, 12);
  assert.equal(await page.inputValue("#diagram-rows"), "normal");
  const normal = await rowSpacing(page);
  const height = async () => Number(((await page.getAttribute("#diagram", "viewBox")) ?? "").split(" ")[3]);
  const normalHeight = await height();
  await page.selectOption("#diagram-rows", "compact");
  const compact = await rowSpacing(page);
  await page.selectOption("#diagram-rows", "tall");
  const tall = await rowSpacing(page);
  assert.ok(compact < normal && normal < tall, `compact ${compact}, normal ${normal}, tall ${tall}`);
  assert.ok(normal >= 16, `normal rows are ${normal} units a step`);
  assert.ok((await height()) > normalHeight, "taller rows make a taller drawing");
  // The axis is labelled in steps, like the timeline; the cursor's row says step and time.
  const status = (await page.textContent("#status")) ?? "";
  const [, step, time] = status.match(/^Step (\d+) · time (\d+)/) ?? [];
  assert.ok(step && time, status);
  assert.equal(await page.textContent("#diagram .cursor-label"), `step ${step} · t=${time}`);
  assert.equal(await page.textContent("#scrub-out"), `step ${step} of ${step}`);
  assert.equal(await page.textContent(".diagram-names .axis-title"), "step");

  // Tall rows overflow the box; stepping on keeps the cursor's row in view.
  await page.keyboard.press("Escape");
  await page.click("#propose-form button");
  await steps(page, 20);
  const inView = await page.evaluate(() => {
    const box = /** @type {HTMLElement} */ (document.querySelector(".diagram-scroll")).getBoundingClientRect();
    const cursor = /** @type {Element} */ (document.querySelector("#diagram line.cursor")).getBoundingClientRect();
    const svg = /** @type {Element} */ (document.querySelector("#diagram")).getBoundingClientRect();
    return { scrolls: svg.height > box.height, inside: cursor.top >= box.top && cursor.bottom <= box.bottom };
  });
  assert.deepEqual(inView, { scrolls: true, inside: true });
  await screenshot(page, "diagram-tall");
  assert.deepEqual(problems, []);
  await page.close();
});

test("Multi-Paxos: Show heartbeats off takes heartbeats and alive answers out of the diagram; slots chosen and applied are marked", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await applySettings(page, { mode: "multi", acceptors: "3" });
  const beats = page.locator("#diagram line.arrow:is(.kind-heartbeat, .kind-alive)");
  await stepUntil(page, async () => (await beats.count()) >= 4, "heartbeats and alive answers are drawn", 300);
  await page.fill("#key", "x");
  await page.fill("#kv-value", "1");
  await page.click("#submit-form button");
  await stepUntil(page, async () => (await page.locator("#diagram .applied-mark").count()) >= 3, "3 replicas apply the slot", 100);
  const others = await page.locator("#diagram line.arrow:not(.kind-heartbeat):not(.kind-alive)").count();
  assert.ok(others > 0);
  await page.uncheck("#show-heartbeats");
  assert.equal(await beats.count(), 0, "no heartbeat or alive arrow");
  assert.equal(await page.locator("#diagram .glyph:is(.kind-heartbeat, .kind-alive)").count(), 0, "nor their labels");
  assert.equal(await page.locator("#diagram line.arrow").count(), others, "the other arrows stay");
  await page.check("#show-heartbeats");
  assert.ok((await beats.count()) >= 4, "back when shown again");
  // The slot's choice and each replica applying it.
  const chosen = (await page.locator("#diagram .chosen-mark title").allTextContents()).find((t) => t.includes("put x=1"));
  assert.match(chosen ?? "", /^Slot \d+ chosen: “#\d+ put x=1” at step \d+ \(t=\d+\): S\d, S\d(, S\d)? accepted it at ballot \(\d+,S\d\), S\d last$/);
  const applied = await page.locator("#diagram .applied-mark").evaluateAll((ms) => ms.map((m) => m.getAttribute("data-node")));
  assert.deepEqual([...new Set(applied)].sort(), ["0", "1", "2"]);
  assert.match((await page.locator("#diagram .applied-mark title").first().textContent()) ?? "", /^S\d applied slot \d+ \(#\d+ put x=1\) at step \d+ \(t=\d+\)$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a redraw stays cheap with nine servers and hundreds of messages (measured)", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const link = await page.evaluate(async () => {
    // The full engine, which has Multi-Paxos (the page starts on one without it).
    const full = await import(new URL("full/paxos-core.js", document.baseURI).href);
    await full.default();
    const { Simulation } = full;
    const s = new Simulation({ mode: "multi", acceptors: 9 }, 5);
    for (let i = 0; i < 3000; i++) {
      if (i % 15 === 0) s.submit(i % 9, { op: "put", key: `k${i % 5}`, value: String(i) });
      else s.step();
    }
    return s.permalink();
  });
  const big = await open(ctx.browser, `${ctx.url}#${link}`);
  const result = await big.page.evaluate(async () => {
    const scrub = /** @type {HTMLInputElement} */ (document.getElementById("scrub"));
    const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const times = [];
    let drawn = 0;
    for (let i = 0; i < 40; i++) {
      await frame();
      const t0 = performance.now();
      scrub.value = String(Number(scrub.max) - 200 + i * 5);
      scrub.dispatchEvent(new Event("input"));
      times.push(performance.now() - t0);
      drawn = Math.max(drawn, document.querySelectorAll("#diagram line.arrow").length);
    }
    // The diagram alone: a change of row size redraws just it (the marks asked for again).
    const rows = /** @type {HTMLSelectElement} */ (document.getElementById("diagram-rows"));
    const draws = [];
    for (let i = 0; i < 20; i++) {
      await frame();
      const t0 = performance.now();
      rows.value = i % 2 ? "normal" : "tall";
      rows.dispatchEvent(new Event("change"));
      draws.push(performance.now() - t0);
    }
    const stats = (/** @type {number[]} */ xs) => {
      xs.sort((a, b) => a - b);
      return { median: xs[xs.length >> 1], p90: xs[Math.floor(xs.length * 0.9)], max: xs[xs.length - 1] };
    };
    return { page: stats(times), diagram: stats(draws), drawn };
  });
  const f = (/** @type {{median: number, p90: number, max: number}} */ s) => `median ${s.median.toFixed(1)} ms, 90% ${s.p90.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  console.log(`9 servers, up to ${result.drawn} arrows drawn: seek + whole-page redraw ${f(result.page)}; diagram redraw alone ${f(result.diagram)}`);
  assert.ok(result.drawn >= 60, `${result.drawn} arrows`);
  // Times are printed, not asserted (the guide: speed is a benchmark's job, see bench/frames.mjs).
  await screenshot(big.page, "diagram-nine");
  assert.deepEqual(big.problems, []);
  assert.deepEqual(problems, []);
  await big.page.close();
  await page.close();
});
