// End-to-end tests of the playground page in Chromium, against the release build served on
// 127.0.0.1 (dist/, built with relative links, so it also works under /paxos/). Each state is saved as a
// screenshot in tests/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { openSettings, submitSettings } from "./steps.mjs";

const ctx = suite();

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** @param {import("playwright-core").Page} page */
const status = (page) => page.textContent("#status");

/** Steps with the S key until the chosen value shows, at most `max` times. @param {import("playwright-core").Page} page */
async function stepUntilChosen(page, max = 200) {
  for (let i = 0; i < max; i++) {
    if (!(await page.locator("#chosen.none").count())) return;
    await page.keyboard.press("s");
  }
  throw new Error("nothing was chosen");
}

/** The cluster as the user sees it: every node's accessible description. @param {import("playwright-core").Page} page */
const clusterText = (page) => page.locator(".node").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label")));

for (const [size, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
  test(`loads at ${size} size with every node drawn and every check green`, async () => {
    const { page, problems } = await open(ctx.browser, ctx.url, /** @type {any} */ (viewport));
    assert.equal(await page.locator(".node").count(), 6, "2 proposers, 3 acceptors, 1 learner");
    assert.equal(await page.locator("#checks li.ok:visible").count(), 4);
    assert.equal(await page.textContent("#chosen"), "nothing yet");
    assert.match((await status(page)) ?? "", /Step 0/);
    assert.equal(await page.textContent("#log li"), "New cluster, seed 1.");
    const box = await page.locator("#cluster").boundingBox();
    assert.ok(box && box.width <= /** @type {any} */ (viewport).width, "the cluster fits the width");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await screenshot(page, `loaded-${size}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("a proposed value gets chosen, shown in the panel and announced", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.fill("#value", "purple");
  await page.click("#propose-form button");
  assert.equal(await page.locator(".msg").count(), 3, "three prepares in flight");
  await screenshot(page, "proposed");
  await stepUntilChosen(page);
  assert.equal(await page.textContent("#chosen"), "purple");
  assert.match((await page.textContent("#announcer")) ?? "", /Chosen: purple/);
  assert.match((await page.textContent("#chosen-detail")) ?? "", /accepted by A\d, A\d/);
  assert.ok((await page.locator(".node.voted").count()) >= 2, "the chosen majority is marked");
  await screenshot(page, "chosen");
  // Run to the end: the learner learns it too.
  await page.click("#play");
  await page.waitForSelector("#play[aria-pressed=false]", { timeout: 20_000 });
  assert.match((await page.textContent("#learned")) ?? "", /L1: learned “purple”/);
  assert.equal(await page.locator("#checks li.ok:visible").count(), 4);
  await screenshot(page, "settled");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a crashed acceptor is shown down and the messages to it are lost", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  assert.equal(await page.locator('.msg[data-to="2"]').count(), 1, "a prepare is on its way to A1");
  await page.click('.node[data-node="2"]');
  await page.click("#inspector button:has-text('Crash')");
  await page.waitForSelector('.node[data-node="2"].down');
  await page.waitForSelector('.msg[data-to="2"]', { state: "detached" });
  assert.match((await page.textContent("#log li:first-child")) ?? "", /A1 crashed; prepare P1 → A1 lost in the crash/);
  assert.match((await page.getAttribute('.node[data-node="2"]', "aria-label")) ?? "", /crashed/);
  await screenshot(page, "crashed");
  // The two others are still a majority of three: the value is chosen anyway.
  await stepUntilChosen(page);
  assert.equal(await page.textContent("#chosen"), "blue");
  // Restart with K: the node is still selected.
  assert.match((await page.textContent("#inspector h2")) ?? "", /A1 \(crashed\)/);
  await page.keyboard.press("k");
  await page.waitForSelector('.node[data-node="2"].up');
  assert.deepEqual(problems, []);
  await page.close();
});

test("a dropped message disappears, by click and by keyboard", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  const first = page.locator(".msg").first();
  const id = await first.getAttribute("data-message");
  await first.click();
  await page.click("#inspector button:has-text('Drop')");
  await page.waitForSelector(`.msg[data-message="${id}"]`, { state: "detached" });
  assert.equal(await page.locator(".msg").count(), 2);
  assert.match((await page.textContent("#log li:first-child")) ?? "", new RegExp(`Drop #${id}: prepare P1 → A\\d dropped`));
  // Keyboard: ] selects the next message, X drops it, D delivers, C duplicates.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("]");
  await page.keyboard.press("c");
  assert.equal(await page.locator(".msg:not(.lost):not(.arriving)").count(), 3, "duplicated");
  await page.keyboard.press("x");
  await page.waitForFunction(() => document.querySelectorAll(".msg:not(.lost):not(.arriving)").length === 2);
  await screenshot(page, "dropped");
  assert.deepEqual(problems, []);
  await page.close();
});

test("bad seed or configuration input shows an error and leaves the cluster unchanged", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  await page.keyboard.press("s");
  const before = { cluster: await clusterText(page), status: await status(page), log: await page.textContent("#log") };
  for (const [field, value, message] of [
    ["#seed", "abc", /Seed must be a whole number from 0 to 4294967295, got “abc”/],
    ["#seed", "-4", /Seed must be a whole number/],
    ["#acceptors", "12", /acceptors must be between 3 and 9, got 12/],
    ["#proposers", "0", /proposers must be between 1 and 5, got 0/],
  ]) {
    // A fresh page (the address's fragment would reopen the previous run).
    await page.goto("about:blank");
    await page.goto(ctx.url);
    await page.waitForSelector("body[data-ready=true]");
    await openSettings(page);
    await page.click("#propose-form button");
    await page.keyboard.press("s");
    await page.fill(/** @type {string} */ (field), /** @type {string} */ (value));
    await submitSettings(page);
    assert.equal(await page.isVisible("#error"), true, `${field}=${value} shows an error`);
    assert.match((await page.textContent("#error-text")) ?? "", /** @type {RegExp} */ (message));
    assert.deepEqual(await clusterText(page), before.cluster, "cluster unchanged");
    assert.equal(await status(page), before.status, "simulation unchanged");
    assert.equal(await page.textContent("#log"), before.log, "log unchanged");
  }
  await screenshot(page, "bad-config");
  await openSettings(page);
  // A good configuration then applies: 5 acceptors.
  await page.fill("#proposers", "2");
  await page.fill("#acceptors", "5");
  await submitSettings(page);
  assert.equal(await page.isVisible("#error"), false);
  assert.equal(await page.locator(".node").count(), 8);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a value with markup is shown as text and nothing executes", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.evaluate(() => {
    /** @type {any} */ (window).pwned = false;
  });
  const evil = "<img src=x onerror=alert(1)>";
  await page.fill("#value", evil);
  await page.click("#propose-form button");
  await stepUntilChosen(page);
  assert.equal(await page.textContent("#chosen"), evil);
  assert.equal(await page.locator("img").count(), 0, "no element was made from the value");
  assert.match((await page.textContent("#log")) ?? "", /asks for “<img src=x onerror=alert\(1\)>”/);
  const svgText = await page.locator("#cluster").textContent();
  assert.ok(svgText?.includes("“<img src="), "drawn as characters in the SVG");
  await screenshot(page, "markup-as-text");
  assert.deepEqual(problems, [], "no dialog, no error");
  await page.close();
});

test("the page has a strict Content-Security-Policy and still works under it", async () => {
  const html = await (await fetch(ctx.url)).text();
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? "";
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*/);
  // The other tests load this page without a single CSP report in the console.
});

test("every control works from the keyboard", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("v");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "value");
  await page.keyboard.press("Control+a");
  await page.keyboard.type("teal");
  await page.keyboard.press("Enter");
  assert.equal(await page.locator(".msg").count(), 3);
  await page.keyboard.press("Escape");
  await page.locator("#cluster").focus();
  await page.keyboard.press("s");
  assert.match((await status(page)) ?? "", /Step 2/);
  await page.keyboard.press("+");
  assert.equal(await page.textContent("#speed-out"), "4 steps/s");
  await page.keyboard.press("-");
  await page.keyboard.press("-");
  assert.equal(await page.textContent("#speed-out"), "1 steps/s");
  await page.keyboard.press("?");
  // The help's content is fetched the first time it opens (help-dialog.js).
  await page.waitForSelector("#help[open]");
  assert.equal(await page.isVisible("#help"), true);
  assert.match((await page.textContent("#help")) ?? "", /step: deliver the next due message/);
  await screenshot(page, "help");
  await page.keyboard.press("Escape");
  // Tab reaches the nodes and Enter opens the inspector.
  await page.locator('.node[data-node="3"]').focus();
  await page.keyboard.press("Enter");
  assert.match((await page.textContent("#inspector h2")) ?? "", /A2/);
  await page.keyboard.press("r");
  assert.match((await status(page)) ?? "", /Step 0/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a paused page schedules no work (measured: CPU time while paused)", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  for (let i = 0; i < 6; i++) await page.keyboard.press("s");
  await page.click("#play");
  await page.waitForTimeout(1500);
  await page.click("#play");
  await page.waitForTimeout(1500); // let the last transitions and clean-ups finish
  const counted = await page.evaluate(async () => {
    let frames = 0;
    let timers = 0;
    const raf = window.requestAnimationFrame;
    const timeout = window.setTimeout;
    window.requestAnimationFrame = (cb) => (frames++, raf(cb));
    window.setTimeout = /** @type {any} */ ((/** @type {any[]} */ ...args) => (timers++, timeout(...args)));
    const animations = document.getAnimations().filter((a) => a.playState === "running").length;
    await new Promise((ok) => timeout(ok, 1000));
    return { frames, timers, animations };
  });
  assert.deepEqual(counted, { frames: 0, timers: 0, animations: 0 }, "nothing runs while paused");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metric = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  const a = await metric();
  await page.waitForTimeout(2000);
  const b = await metric();
  const busy = ((b.TaskDuration - a.TaskDuration) / (b.Timestamp - a.Timestamp)) * 100;
  console.log(`paused page: ${(b.TaskDuration - a.TaskDuration) * 1000} ms of main-thread work in ${(b.Timestamp - a.Timestamp).toFixed(2)} s (${busy.toFixed(3)}% CPU)`);
  assert.deepEqual(problems, []);
  await page.close();
});
