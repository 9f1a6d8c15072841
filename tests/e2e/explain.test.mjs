// End-to-end: the page explains what it shows (issue 11). "What just happened" says what each
// action did and why; the checks list Termination beside the safety rules; at 1280×800 the
// cluster, the narration and the checks are on the first screen, and the toolbar stays in reach.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, suite, screenshot } from "./harness.mjs";
import { applySettings, leader, stepUntil } from "./steps.mjs";

const ctx = suite();

/** @param {import("playwright-core").Page} page */
const said = async (page) => `${await page.textContent("#narration-what")} | ${await page.textContent("#narration-why")}`;

/** @param {import("playwright-core").Page} page @param {string} value @param {string} [proposer] */
async function propose(page, value, proposer = "0") {
  await page.selectOption("#proposer", proposer);
  await page.fill("#value", value);
  await page.click("#propose-form button");
}

test("at 1280×800 the cluster, the narration and the checks are on the first screen; the toolbar stays", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await propose(page, "blue");
  for (const id of ["cluster", "narration", "checks", "propose-form"]) {
    const box = await page.locator(`#${id}`).boundingBox();
    assert.ok(box, id);
    assert.ok(box.y >= 0 && box.y + box.height <= 800, `${id} is on the first screen: ${JSON.stringify(box)}`);
  }
  await page.mouse.wheel(0, 2000);
  await page.waitForFunction(() => scrollY > 500);
  const step = await page.locator("#step").boundingBox();
  assert.ok(step && step.y >= 0 && step.y < 100, `Step is still at the top: ${JSON.stringify(step)}`);
  await page.click("#step");
  await page.click("#play");
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "true");
  await page.click("#play");
  await screenshot(page, "explain-scrolled");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the narration explains phase 1, phase 2, the choice and the learner; Termination follows", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  assert.match(await said(page), /Propose a value/);
  const termination = page.locator("#checks .liveness-rule");
  assert.match((await termination.textContent()) ?? "", /Termination.*not yet: nothing is chosen/);
  await propose(page, "blue");
  assert.match(await said(page), /asks P1 to propose “blue”.*prepare/);
  await page.keyboard.press("s");
  assert.match(await said(page), /A\d promises \(1,P1\) to P1: it has accepted nothing yet.*will not accept any ballot lower/);
  await stepUntil(page, async () => /sends accept with its own value “blue”/.test(await said(page)), "P1 starts phase 2");
  assert.match(await said(page), /None of the promises reported an accepted value/);
  await stepUntil(page, async () => /★ “blue” is chosen/.test(await said(page)), "blue is chosen");
  assert.match(await said(page), /any two majorities share an acceptor/);
  assert.match((await termination.textContent()) ?? "", /not yet: L1 has not learned it yet/);
  await stepUntil(page, async () => /L1 learned “blue”/.test(await said(page)), "L1 learns");
  assert.match((await termination.textContent()) ?? "", /✓.*Termination.*met: every live learner has learned/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a second proposer adopts the chosen value, and says why; its client's value lost", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await propose(page, "blue");
  await stepUntil(page, async () => /★ “blue” is chosen/.test(await said(page)), "blue is chosen");
  await propose(page, "red", "1");
  await stepUntil(page, async () => /P2 has promises from a majority and proposes “blue”, not its own “red”/.test(await said(page)), "P2 adopts blue", 200);
  assert.match(await said(page), /may already be chosen/);
  await stepUntil(page, async () => /P2's value “red” lost: “blue” was chosen.*must ask again/.test(await said(page)), "P2's value lost", 200);
  assert.deepEqual(problems, []);
  await page.close();
});

test("crashing two of three acceptors: no majority can form, nothing unsafe can happen; Termination is stuck", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click('.node[data-node="2"]');
  await page.keyboard.press("k");
  assert.match(await said(page), /A1 crashed.*2 of 3 acceptors are up: a majority \(2\) can still form/);
  await page.click('.node[data-node="3"]');
  await page.keyboard.press("k");
  assert.match(await said(page), /A2 crashed.*Only 1 of 3 acceptors are up: no majority \(2\) can form.*Nothing unsafe/);
  assert.match((await page.textContent("#checks .liveness-rule")) ?? "", /stuck: only 1 of 3 acceptors are up/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Multi-Paxos: the narration names the new leader and why it skips phase 1", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await applySettings(page, { mode: "multi", acceptors: "3" });
  assert.match(await said(page), /elect a leader/);
  await stepUntil(page, async () => /is the leader now/.test(await said(page)), "a leader is elected");
  assert.match(await said(page), /skips phase 1/);
  assert.match((await page.textContent("#checks .liveness-rule")) ?? "", /not yet: no slot is chosen yet/);
  const id = /** @type {string} */ (await leader(page));
  await page.selectOption("#server", id);
  await page.fill("#key", "x");
  await page.click("#submit-form button");
  assert.match(await said(page), new RegExp(`A client sends “#1 put x=1” to S${Number(id) + 1}.*next free slot`));
  await stepUntil(page, async () => /★ Slot 0 chosen: “#1 put x=1”/.test(await said(page)), "slot 0 is chosen");
  // The leader crashes: two of three servers still form a majority.
  await page.click(`.node[data-node="${id}"]`);
  await page.keyboard.press("k");
  assert.match(await said(page), /crashed.*2 of 3 servers are up: a majority \(2\) can still form/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Why can it never change? marks the chosen majority and shows that every majority shares an acceptor with it", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  assert.equal(await page.isVisible("#explain-safe"), false, "nothing to explain before a value is chosen");
  await propose(page, "blue");
  await stepUntil(page, async () => /★ “blue” is chosen/.test(await said(page)), "blue is chosen");
  await page.click("#explain-safe");
  // The explanation's words are fetched the first time it is asked for (explain-why.js).
  await page.waitForFunction(() => /was chosen at/.test(document.getElementById("explain-text")?.textContent ?? ""));
  const text = (await page.textContent("#explain-text")) ?? "";
  assert.match(text, /“blue” was chosen at \(1,P1\) by A\d, A\d: a majority/);
  assert.equal((text.match(/\{A\d, A\d\} includes A\d/g) ?? []).length, 3, "the three majorities of three acceptors");
  assert.equal(await page.locator(".node.marked").count(), 2, "the chosen majority is marked");
  await page.click("#explain-safe");
  assert.equal(await page.isVisible("#explain-text"), false);
  assert.equal(await page.locator(".node.marked").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
