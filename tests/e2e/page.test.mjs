// End-to-end: the built page loads the wasm simulator in Chromium, a value gets chosen, and a
// refused call is shown to the user without changing the simulation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serve, launch, open, screenshot, root } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  server = await serve(join(root, "dist"));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the page loads the simulator and shows a live snapshot", async () => {
  const { page, problems } = await open(browser, server.url);
  const snapshot = JSON.parse((await page.textContent("#snapshot")) ?? "");
  assert.equal(snapshot.step, 0);
  assert.equal(snapshot.nodes.length, 5, "1 proposer, 3 acceptors, 1 learner");
  assert.equal(await page.textContent("#chosen"), "nothing yet");
  await screenshot(page, "placeholder-loaded");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a proposed value is chosen and announced", async () => {
  const { page, problems } = await open(browser, server.url);
  await page.fill("#value", "purple");
  await page.click("#propose");
  await page.click("#step");
  let snapshot = JSON.parse((await page.textContent("#snapshot")) ?? "");
  assert.equal(snapshot.step, 2, "propose, then one step");
  await page.click("#run");
  assert.equal(await page.textContent("#chosen"), "purple");
  snapshot = JSON.parse((await page.textContent("#snapshot")) ?? "");
  assert.equal(snapshot.messages.length, 0, "the run settled");
  assert.deepEqual(snapshot.checks.violations, []);
  assert.equal(snapshot.nodes[4].learner.learned.value, "purple");
  await screenshot(page, "placeholder-chosen");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a refused call shows its reason and changes nothing", async () => {
  const { page, problems } = await open(browser, server.url);
  const before = await page.textContent("#snapshot");
  await page.fill("#value", "");
  await page.click("#propose");
  assert.equal(await page.isVisible("#error"), true);
  assert.match((await page.textContent("#error")) ?? "", /a value must not be empty/);
  assert.equal(await page.textContent("#snapshot"), before);
  assert.deepEqual(problems, []);
  await page.close();
});

test("markup in a value is shown as text and never runs", async () => {
  const { page, problems } = await open(browser, server.url);
  const evil = "<img src=x onerror=alert(1)>";
  await page.fill("#value", evil);
  await page.click("#propose");
  await page.click("#run");
  assert.equal(await page.textContent("#chosen"), evil);
  assert.equal(await page.locator("img").count(), 0, "no element was created from the value");
  assert.deepEqual(problems, [], "no dialog, no error");
  await page.close();
});
