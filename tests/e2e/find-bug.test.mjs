// End-to-end: the "find the bug yourself" lessons (lesson format version 2). The first lesson's
// last step offers a choice of broken rules; a choice opens its lesson, whose last step runs the
// model checker in its worker (nothing of the checker is fetched before that button is pressed),
// opens the shortest counterexample at step 0, and the student walks it with the page's own
// Step and Back, which follow the path: at its last step the page's checks show the rule broken
// and the step's goal is ticked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/** Every URL the page (and its workers) fetch. @param {Page} page */
function requests(page) {
  /** @type {string[]} */
  const urls = [];
  page.context().on("request", (r) => urls.push(r.url()));
  return urls;
}

/** The ticks of a list: [ticked, text]. @param {Page} page @param {string} list */
async function ticks(page, list) {
  return page.locator(`${list} li`).evaluateAll((lis) => lis.map((li) => [li.className === "ok", (li.textContent ?? "").trim()]));
}

/** Presses Find it with the checker and waits for the path. @param {Page} page */
async function findIt(page, timeout = 60_000) {
  await page.click("#lesson-check-run");
  await page.waitForSelector("#lesson-path:not([hidden])", { timeout });
}

test("pick a broken rule, run the checker from the lesson, step through its shortest path", async () => {
  const { page, problems } = await open(ctx.browser, `${ctx.url}#lesson=find-the-bug&step=5`);
  const urls = requests(page);
  await page.waitForLoadState("networkidle");
  assert.equal(await page.textContent("#lesson-progress"), "step 5 of 5");
  const choices = await page.locator("#lesson-choices button").evaluateAll((bs) => bs.map((b) => /** @type {HTMLElement} */ (b).dataset.lesson));
  assert.deepEqual(choices, ["find-skip-phase-one", "find-small-quorum", "find-ignores-accepted-values", "find-acceptor-forgets", "find-accept-first-value"]);
  await screenshot(page, "find-bug-choices");
  await page.click('#lesson-choices button[data-lesson="find-skip-phase-one"]');
  assert.equal(await page.textContent("#lesson-title"), "Find the bug: proposers skip phase 1");
  assert.match(page.url(), /#lesson=find-skip-phase-one&step=1$/);
  await page.keyboard.press("n");
  assert.equal(await page.textContent("#lesson-progress"), "step 2 of 2");
  assert.equal(await page.isVisible("#lesson-check-run"), true);
  const goal = await ticks(page, "#lesson-check-goal");
  assert.equal(goal.length, 2);
  assert.ok(goal.every(([ok, text]) => !ok && /\(not yet\)$/.test(String(text))), JSON.stringify(goal));
  await page.waitForTimeout(300);
  assert.deepEqual(urls.filter((u) => /\/check\/|paxos-check/.test(u)), [], "nothing of the checker before the button");

  await findIt(page);
  assert.ok(urls.some((u) => u.endsWith("/check/paxos-check_bg.wasm")), "the button fetched the checker's wasm");
  // The path replaced the run, at step 0, and the lesson is still open at its step.
  assert.equal(await page.textContent("#scrub-out"), "step 0 of 6");
  assert.equal(await page.textContent("#lesson-path-at"), "step 0 of 6");
  // "What just happened" says how to walk the path, not how to start a fresh run.
  assert.match((await page.textContent("#narration-what")) ?? "", /^Opened at step 0 of 6\. Step \(S\) goes forward/);
  assert.equal(await page.textContent("#lesson-progress"), "step 2 of 2");
  assert.match((await page.textContent("#lesson-caption")) ?? "", /shortest path is open/);
  assert.match((await page.textContent("#lesson-check-status")) ?? "", /stopped at the first broken rule, Agreement: its shortest path has 6 steps/);
  const steps = await page.locator("#lesson-path-steps li").allTextContents();
  assert.equal(steps.length, 6);
  assert.match(steps[0], /^a client asks P1 to propose red$/);
  assert.match(steps[5], /the rule breaks here$/);
  assert.equal(await page.isVisible("#lesson-check-run"), false);
  // Step (the S key and the button) walks along the path, not away from it.
  for (let i = 1; i <= 5; i++) {
    if (i % 2) await page.keyboard.press("s");
    else await page.click("#step");
    assert.equal(await page.textContent("#scrub-out"), `step ${i} of 6`);
  }
  assert.equal(await page.getAttribute('#checks li[data-rule="agreement"]', "class"), "ok", "not broken one step before the end");
  assert.ok((await ticks(page, "#lesson-check-goal")).some(([ok]) => !ok));
  await page.click("#lesson-path-step");
  assert.equal(await page.textContent("#scrub-out"), "step 6 of 6");
  assert.equal(await page.getAttribute('#checks li[data-rule="agreement"]', "class"), "broken");
  assert.match((await page.textContent("#violations")) ?? "", /[Aa]greement/);
  assert.ok((await ticks(page, "#lesson-check-goal")).every(([ok]) => ok), "the goal is ticked at the end of the path");
  assert.equal(await page.getAttribute('#lesson-path-steps button[data-step="6"]', "aria-current"), "step");
  assert.equal(await page.isDisabled("#lesson-path-step"), true);
  await screenshot(page, "find-bug-violation");
  // Back, and a click on a step of the path.
  await page.keyboard.press("b");
  assert.equal(await page.textContent("#scrub-out"), "step 5 of 6");
  await page.click('#lesson-path-steps button[data-step="2"]');
  assert.equal(await page.textContent("#lesson-path-at"), "step 2 of 6");
  // Reset opens the step again, without the path.
  await page.click("#reset");
  assert.equal(await page.isVisible("#lesson-path"), false);
  assert.equal(await page.isVisible("#lesson-check-run"), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test("an acceptor that forgets: the first rule to break is its promise, on a phone", async () => {
  const { page, problems } = await open(ctx.browser, `${ctx.url}#lesson=find-acceptor-forgets&step=2`, { width: 390, height: 844 });
  await findIt(page);
  assert.equal(await page.textContent("#scrub-out"), "step 0 of 6");
  await page.click('#lesson-path-steps button[data-step="6"]');
  assert.equal(await page.getAttribute('#checks li[data-rule="promiseMonotonicity"]', "class"), "broken");
  assert.ok((await ticks(page, "#lesson-check-goal")).every(([ok]) => ok));
  const steps = await page.locator("#lesson-path-steps li").allTextContents();
  assert.ok(steps.some((s) => /crash A1/.test(s)) && steps.some((s) => /restart A1/.test(s)), steps.join("; "));
  await screenshot(page, "find-bug-phone");
  assert.deepEqual(problems, []);
  await page.close();
});

test("quorums that do not overlap: the longer check shows its progress and finds 11 steps", async () => {
  const { page, problems } = await open(ctx.browser, `${ctx.url}#lesson=find-small-quorum&step=2`);
  await findIt(page, 120_000);
  assert.equal(await page.textContent("#scrub-out"), "step 0 of 11");
  await page.click('#lesson-path-steps button[data-step="11"]');
  assert.equal(await page.getAttribute('#checks li[data-rule="agreement"]', "class"), "broken");
  assert.ok((await ticks(page, "#lesson-check-goal")).every(([ok]) => ok));
  assert.deepEqual(problems, []);
  await page.close();
});

test("acceptors that never change their minds: the checker finds a stuck state, not a broken rule", async () => {
  const { page, problems } = await open(ctx.browser, `${ctx.url}#lesson=find-accept-first-value&step=2`);
  await findIt(page, 120_000);
  assert.equal(await page.textContent("#scrub-out"), "step 0 of 13");
  assert.match((await page.textContent("#lesson-check-status")) ?? "", /looked at all 289,442 states in [\d.]+ s and found states from which no value can ever be chosen: its shortest path to one has 13 steps/);
  const steps = await page.locator("#lesson-path-steps li").allTextContents();
  assert.match(steps[0], /^crash A1$/);
  assert.match(steps[12], /stuck from here$/);
  await page.click('#lesson-path-steps button[data-step="12"]');
  assert.ok((await ticks(page, "#lesson-check-goal")).some(([ok]) => !ok), "not yet quiet one step before the end");
  await page.click('#lesson-path-steps button[data-step="13"]');
  assert.ok((await ticks(page, "#lesson-check-goal")).every(([ok]) => ok), "the goal is ticked at the end of the path");
  // Every safety rule holds: the design is stuck, not wrong.
  assert.equal(await page.locator("#checks li.broken").count(), 0);
  await screenshot(page, "find-bug-stuck");
  assert.deepEqual(problems, []);
  await page.close();
});
