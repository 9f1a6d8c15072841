// End-to-end: the page's two engines (web/js/engine.js). The first load fetches only the small
// one (Basic Paxos); the first lesson, ready-made run, "every possible next step", Multi-Paxos
// or two-phase-commit cluster fetches the full one, and the run goes on there exactly where it
// was: same step, same history, same state, same address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, suite } from "./harness.mjs";
import { applySettings, steps } from "./steps.mjs";

const ctx = suite();

/** @param {import("playwright-core").Page} page */
async function state(page) {
  return page.evaluate(() => ({
    step: document.querySelector("#scrub-out")?.textContent,
    cluster: document.querySelector("#cluster")?.textContent,
    chosen: document.querySelector("#chosen")?.textContent ?? null,
    log: document.querySelectorAll("#log li").length,
    hash: location.hash,
  }));
}

test("opening the explorer fetches the full engine once, and the run carries over unchanged", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  /** @type {string[]} */
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  await page.click("#propose-form button[type=submit]");
  await page.locator("#value").blur();
  for (let i = 0; i < 12; i++) await page.keyboard.press("s");
  // Rewound two steps: the cursor and the steps after it travel with the run.
  await page.keyboard.press("b");
  await page.keyboard.press("b");
  await page.waitForTimeout(1200);
  const before = await state(page);
  assert.match(before.step ?? "", /^step 11 of 13/);
  assert.deepEqual(urls.filter((u) => /\/full\//.test(u)), [], "nothing of the full engine yet");

  await page.click("#explore-box > summary");
  await page.waitForFunction(() => /possible next step/.test(document.querySelector("#explore-status")?.textContent ?? ""));
  assert.ok(urls.some((u) => /\/full\/paxos-core_bg\.wasm$/.test(u)), "the full engine's wasm was fetched");
  await page.waitForTimeout(1200);
  assert.deepEqual(await state(page), before, "the same run, at the same step, after the engine changed");

  // It goes on from there: forward to the end of the history, then one more step.
  await page.keyboard.press("s");
  assert.match((await state(page)).step ?? "", /^step 12 of 12/, "a step while rewound forks the history here");
  const fetched = urls.filter((u) => /\/full\//.test(u)).length;
  await page.selectOption("#run", "livelock");
  await page.click("#runs-form button[type=submit]");
  await page.waitForFunction(() => /Opened the scenario/.test(document.querySelector("#log li")?.textContent ?? ""));
  assert.equal(urls.filter((u) => /\/full\//.test(u)).length, fetched, "fetched once");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the picker lists every lesson from the first load, and Start opens one in the full engine", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const titles = await page.locator("#lesson-pick option").allTextContents();
  assert.ok(titles.length >= 30, `the picker lists every lesson from the first load (${titles.length})`);
  assert.match(titles[0], /^1\. /);
  await page.click("#lesson-form button[type=submit]");
  await page.waitForSelector("#lesson:not([hidden])");
  assert.match((await page.textContent("#lesson-progress")) ?? "", /^step 1 of \d+/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Multi-Paxos from the settings fetches the full engine, and its link opens on a fresh page", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  /** @type {string[]} */
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  await applySettings(page, { mode: "multi", acceptors: "3" });
  assert.equal(await page.getAttribute("body", "data-mode"), "multi");
  assert.ok(urls.some((u) => /\/full\/paxos-core_bg\.wasm$/.test(u)), "the full engine's wasm was fetched");
  assert.equal(await page.locator(".node").count(), 3);
  await steps(page, 8);
  await page.waitForTimeout(1200);
  const before = await state(page);
  assert.match(before.hash, /^#./, "the run is in the address");

  // The link, on a page that starts on the first-load engine: refused there for its protocol,
  // so the page fetches the full engine and opens it, with no error shown.
  const again = await open(ctx.browser, `${ctx.url}${before.hash}`);
  assert.equal(await again.page.getAttribute("body", "data-mode"), "multi");
  assert.equal(await again.page.isVisible("#error"), false, (await again.page.textContent("#error-text")) ?? "");
  const opened = await state(again.page);
  assert.equal(opened.step, before.step);
  assert.equal(opened.cluster, before.cluster);
  assert.equal(opened.hash, before.hash);
  assert.deepEqual(problems, []);
  assert.deepEqual(again.problems, []);
  await again.page.close();
  await page.close();
});

test("a broken link still shows its own error on the first-load engine, without fetching the full one", async () => {
  const { page, problems } = await open(ctx.browser, `${ctx.url}#v2.not-a-permalink`);
  assert.equal(await page.isVisible("#error"), true);
  assert.match((await page.textContent("#error-text")) ?? "", /A fresh simulation was started instead/);
  assert.equal(await page.getAttribute("body", "data-mode"), "basic");
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  assert.ok(fetched.some((u) => /paxos-lite-[0-9a-f]+_bg\.wasm$/.test(u)), "the first-load engine was fetched");
  assert.deepEqual(fetched.filter((u) => /\/full\//.test(u)), [], "nothing of the full engine");
  assert.deepEqual(problems, []);
  await page.close();
});
