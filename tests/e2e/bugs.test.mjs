// End-to-end: bugs found by trying the page as a new user would (issue 11), each pinned by the
// test that showed it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, suite } from "./harness.mjs";

const ctx = suite();

/** @param {import("playwright-core").Page} page */
const status = async (page) => (await page.textContent("#status")) ?? "";

test("the status line stops saying 'playing' after Pause, and when the run has finished", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.fill("#value", "blue");
  await page.click("#propose-form button");
  // The fastest speed, then Play.
  for (let i = 0; i < 6; i++) await page.keyboard.press("+");
  await page.keyboard.press("p");
  await page.waitForFunction(() => /playing/.test(document.getElementById("status")?.textContent ?? ""));
  await page.keyboard.press("p");
  assert.doesNotMatch(await status(page), /playing/, "paused");
  await page.keyboard.press("p");
  await page.waitForFunction(() => /Nothing left to do/.test(document.getElementById("status")?.textContent ?? ""), undefined, { timeout: 30_000 });
  const finished = await status(page);
  assert.doesNotMatch(finished, /playing/, `finished: ${finished}`);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false");
  assert.deepEqual(problems, []);
  await page.close();
});

test("Copy link says visibly that the link was copied, until the next action", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click("#copy-link");
  await page.waitForFunction(() => /copied/i.test(document.getElementById("copy-link")?.textContent ?? ""));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url(), "the clipboard holds this run's link");
  await page.keyboard.press("s");
  assert.match((await page.textContent("#copy-link")) ?? "", /^Copy link/);
  // Refused by the browser: the page says where the link is instead.
  await page.context().clearPermissions();
  await page.evaluate(() => {
    Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } });
  });
  await page.keyboard.press("l");
  await page.waitForFunction(() => /address bar/.test(document.getElementById("copy-link")?.textContent ?? ""));
  assert.deepEqual(problems, []);
  await page.close();
});

test("V puts the cursor in the value field with the old value selected; Esc leaves the field", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  assert.equal(await page.inputValue("#value"), "blue");
  await page.keyboard.press("v");
  await page.keyboard.type("red");
  assert.equal(await page.inputValue("#value"), "red", "typing replaces the old value");
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => document.activeElement?.id ?? ""), "", "the field is left");
  const before = await status(page);
  await page.keyboard.press("s");
  assert.equal(await page.inputValue("#value"), "red", "S did not type into the field");
  assert.notEqual(await status(page), before, "S stepped");
  await page.keyboard.press("v");
  await page.keyboard.press("Enter");
  assert.match((await page.textContent("#log")) ?? "", /asks for “red”/);
  assert.deepEqual(problems, []);
  await page.close();
});
