// End-to-end: the model checker in the page and the Explore list. The checker's wasm is not
// part of the first load (nothing under check/ is fetched, nothing preloads it); the first Run
// starts its worker. A small check of correct Basic Paxos proves every rule; a check of acceptors
// that ignore their promises finds agreement violated, and its View trace opens the path at the
// step where the page's own checks show the violation, with the run it replaced one click away.
// Cancel stops a long check at once. Explore lists the moves at the cursor, takes one as a normal
// step, and marks a move that leads back to a state of an earlier step. Under a sub-path
// (/paxos/) the worker and its wasm are found too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { launch, open, root, screenshot, serve, suite } from "./harness.mjs";
import { applySettings, openReadyRun, settingsValue } from "./steps.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/** Every URL the page (and its workers) fetch, in order. @param {Page} page */
function requests(page) {
  /** @type {string[]} */
  const urls = [];
  page.context().on("request", (r) => urls.push(r.url()));
  return urls;
}

/** Unfolds the Model check panel. @param {Page} page */
async function openCheck(page) {
  await page.click("#check-box > summary");
  assert.equal(await page.getAttribute("#check-box", "open"), "");
  // The panel fills in its configuration line on the details' toggle event, a task queued
  // after the click: wait for it rather than race it.
  await page.waitForFunction(() => (document.getElementById("check-config")?.textContent ?? "") !== "");
}

/**
 * Fills the bounds (input id suffix → value) and runs the check, waiting until it is done.
 * @param {Page} page
 * @param {Record<string, string>} bounds
 * @param {number} [timeout]
 */
async function runCheck(page, bounds, timeout = 30_000) {
  for (const [id, value] of Object.entries(bounds)) await page.fill(`#check-${id}`, value);
  await page.click("#check-run");
  await page.waitForSelector("#check-results:not([hidden]), #check-error:not([hidden])", { timeout });
  assert.equal(await page.isVisible("#check-error"), false, (await page.textContent("#check-error")) ?? "");
}

/** The results table: property → [kind, verdict, path]. @param {Page} page */
async function results(page) {
  return Object.fromEntries(
    await page.locator("#check-rows tr").evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim());
        return [/** @type {HTMLElement} */ (r).dataset.property, cells.slice(1)];
      }),
    ),
  );
}

test("the first load fetches nothing of the checker, and its worker is allowed by the CSP", async () => {
  const built = await readFile(join(root, "dist", "index.html"), "utf8");
  assert.doesNotMatch(built, /<link[^>]*(preload|modulepreload)[^>]*paxos-check/, "nothing preloads the checker");
  assert.doesNotMatch(built, /<script[^>]*paxos-check/, "no script starts the checker");
  assert.match(built, /worker-src 'self'/);
  assert.doesNotMatch(built, /unsafe-inline|'unsafe-eval'/);
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const urls = requests(page);
  await page.goto(ctx.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  await page.waitForLoadState("networkidle");
  assert.ok(urls.some((u) => /paxos-lite-[0-9a-f]+_bg\.wasm$/.test(u)), "the first-load engine's wasm loaded");
  assert.deepEqual(urls.filter((u) => /\/check\/|paxos-check/.test(u)), [], "no checker file on the first load");
  assert.deepEqual(urls.filter((u) => /\/full\//.test(u)), [], "no file of the full engine on the first load");
  // Opening the panel does not fetch it either; the first Run does.
  await openCheck(page);
  await page.waitForTimeout(300);
  assert.deepEqual(urls.filter((u) => /paxos-check/.test(u)), []);
  assert.equal(await page.isVisible("#check-progress"), false, "no progress bar before any run");
  await runCheck(page, { requests: "1", "max-rounds": "1" });
  assert.ok(urls.some((u) => u.endsWith("/check/paxos-check_bg.wasm")), "the first Run fetched the checker's wasm");
  // The form's defaults are the checker's own.
  const defaults = await page.evaluate(async () => {
    const bindings = await import(new URL("check/paxos-check.js", document.baseURI).href);
    await bindings.default();
    return bindings.Check.defaultBounds();
  });
  const page2 = await ctx.browser.newPage();
  await page2.goto(ctx.url);
  await page2.waitForSelector("body[data-ready=true]");
  // The panel's form is made when it is first opened (check-markup.js).
  await openCheck(page2);
  const form = await page2.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("#check-form .check-bounds input")].map((i) => [/** @type {HTMLInputElement} */ (i).name, Number(/** @type {HTMLInputElement} */ (i).value)]),
    ),
  );
  form.symmetry = await page2.isChecked("#check-symmetry");
  // Packing the queue is the command line's only (the browser's checker leaves it out).
  assert.equal(defaults.pack, false);
  delete defaults.pack;
  assert.deepEqual(form, defaults);
  await page.close();
  await page2.close();
});

test("a small check of correct Basic Paxos visits every state and every rule holds", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openCheck(page);
  assert.match((await page.textContent("#check-config")) ?? "", /Basic Paxos · 2 proposers, 3 acceptors, 1 learner/);
  await runCheck(page, { requests: "1", "max-rounds": "1" });
  const rows = await results(page);
  for (const rule of ["agreement", "validity", "integrity", "promiseMonotonicity"]) {
    assert.deepEqual(rows[rule]?.slice(0, 2), ["always", "✓ holds"], rule);
  }
  assert.deepEqual(rows.valueChosen?.slice(0, 2), ["sometimes", "reachable"]);
  assert.match(rows.valueChosen?.[2] ?? "", /^\d+ steps View trace$/);
  assert.match((await page.textContent("#check-outcome")) ?? "", /^Complete: every one of the 1,624 states within the bounds was visited/);
  assert.match((await page.textContent("#check-progress-text")) ?? "", /1,624 unique states · depth 17 · [\d,]+ states\/s · frontier 0/);
  assert.equal(await page.isEnabled("#check-run"), true);
  assert.equal(await page.isEnabled("#check-cancel"), false);
  assert.equal(await page.textContent("#scrub-out"), "step 0 of 0", "the run shown is untouched");
  await screenshot(page, "check-holds");
  assert.deepEqual(problems, []);
});

test("with symmetry reduction the same check visits 344 states instead of 1,624, with the same verdicts; two-phase commit too, not Multi-Paxos", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openCheck(page);
  assert.equal(await page.isChecked("#check-symmetry"), false, "off by default");
  await page.check("#check-symmetry");
  await runCheck(page, { requests: "1", "max-rounds": "1" });
  const rows = await results(page);
  for (const rule of ["agreement", "validity", "integrity", "promiseMonotonicity"]) {
    assert.deepEqual(rows[rule]?.slice(0, 2), ["always", "✓ holds"], rule);
  }
  assert.deepEqual(rows.valueChosen?.slice(0, 2), ["sometimes", "reachable"]);
  assert.match((await page.textContent("#check-outcome")) ?? "", /^Complete: every one of the 344 states within the bounds was visited/);
  // A configuration it would be unsound for is refused with the reason.
  await applySettings(page, { sabotage: "sharedBallots" });
  if ((await page.getAttribute("#check-box", "open")) === null) await openCheck(page);
  await page.click("#check-run");
  await page.waitForSelector("#check-error:not([hidden])");
  assert.match((await page.textContent("#check-error")) ?? "", /no symmetry reduction with shared ballots/);
  // Two-phase commit: participants that vote alike are interchangeable (132,960 states without).
  await applySettings(page, { mode: "twoPhase" });
  if ((await page.getAttribute("#check-box", "open")) === null) await openCheck(page);
  assert.equal(await page.isVisible("#check-symmetry"), true, "offered for two-phase commit");
  await page.check("#check-symmetry");
  await runCheck(page, { requests: "1" }, 60_000);
  const twopc = await results(page);
  assert.deepEqual(twopc.atomicity?.slice(0, 2), ["always", "✓ holds"]);
  assert.match((await page.textContent("#check-outcome")) ?? "", /^Complete: every one of the 23,844 states within the bounds was visited/);
  // Multi-Paxos: not offered.
  await applySettings(page, { mode: "multi" });
  if ((await page.getAttribute("#check-box", "open")) === null) await openCheck(page);
  assert.equal(await page.isVisible("#check-symmetry"), false, "not offered for Multi-Paxos");
  assert.deepEqual(problems, []);
});

test("acceptors that ignore promises: agreement violated, and View trace shows where", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await applySettings(page, { sabotage: "acceptorIgnoresPromises" });
  await openCheck(page);
  assert.match((await page.textContent("#check-config")) ?? "", /breaks: /);
  await runCheck(page, { requests: "2", "max-rounds": "1", "max-states": "120000" }, 90_000);
  const rows = await results(page);
  assert.equal(rows.agreement?.[1], "✗ violated");
  const [, length] = (rows.agreement?.[2] ?? "").match(/^(\d+) steps View trace$/) ?? [];
  assert.ok(Number(length) > 3, rows.agreement?.[2]);
  assert.match((await page.textContent("#check-outcome")) ?? "", /Agreement is violated: View trace shows a shortest path to it/);
  await page.click('#check-rows tr[data-property="agreement"] button');
  // The path replaced the run (in the full engine, fetched for it), at its last step, where the
  // page's own check breaks.
  await page.waitForFunction((n) => document.querySelector("#scrub-out")?.textContent === `step ${n} of ${n}`, length);
  assert.equal(await page.getAttribute('#checks li[data-rule="agreement"]', "class"), "broken");
  assert.match((await page.textContent("#violations")) ?? "", /[Aa]greement/);
  assert.match((await page.textContent("#log")) ?? "", /counterexample to Agreement/);
  const steps = await page.locator("#check-steps li").allTextContents();
  assert.equal(steps.length, Number(length));
  assert.match(steps[0], /^a client asks P\d to propose (red|blue)$/);
  assert.match(steps.at(-1) ?? "", /the rule breaks here$/);
  assert.equal(await page.getAttribute(`#check-steps button[data-step="${length}"]`, "aria-current"), "step");
  // A step of the path goes there; the checks hold before the last one.
  await page.click('#check-steps button[data-step="1"]');
  assert.equal(await page.textContent("#scrub-out"), `step 1 of ${length}`);
  assert.equal(await page.getAttribute('#checks li[data-rule="agreement"]', "class"), "ok");
  await screenshot(page, "check-violation");
  // Back to the run the trace replaced.
  await page.click("#check-back");
  await page.waitForFunction(() => document.querySelector("#scrub-out")?.textContent === "step 0 of 0");
  assert.equal(await page.isVisible("#check-path"), false);
  assert.equal(await settingsValue(page, "sabotage"), "acceptorIgnoresPromises");
  assert.deepEqual(problems, []);
});

test("membership without consensus: found depth-first, and the path shortened", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openReadyRun(page, "membershipWithoutConsensus");
  await openCheck(page);
  await page.check('#check-form input[name=order][value="depthFirst"]');
  await runCheck(page, { requests: "4", "max-rounds": "2", "max-timeouts": "0", "max-in-flight": "8", "max-states": "100000" }, 90_000);
  const rows = await results(page);
  assert.equal(rows.agreement?.[1], "✗ violated");
  assert.equal(rows.agreement?.[2], "18 steps (shortened from 25) View trace");
  assert.match((await page.textContent("#check-outcome")) ?? "", /found depth-first \(shortened where steps could be left out\), not necessarily a shortest one/);
  await page.click('#check-rows tr[data-property="agreement"] button');
  await page.waitForFunction(() => document.querySelector("#scrub-out")?.textContent === "step 18 of 18");
  assert.equal(await page.getAttribute('#checks li[data-rule="agreement"]', "class"), "broken");
  const steps = await page.locator("#check-steps li").allTextContents();
  assert.equal(steps.filter((s) => /submits remove S[12] to S3/.test(s)).length, 2, steps.join("\n"));
  await screenshot(page, "check-membership-shortened");
  assert.deepEqual(problems, []);
});

test("bad bounds and configurations the checker refuses are shown, and the run stays", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  await openCheck(page);
  await page.fill("#check-max-drops", "9");
  await page.click("#check-run");
  assert.equal(await page.textContent("#check-error"), "Drops must be a whole number from 0 to 8, got “9”.");
  await page.fill("#check-max-drops", "0");
  await page.fill("#check-max-rounds", "0");
  await page.click("#check-run");
  await page.waitForSelector("#check-error:not([hidden])");
  await page.waitForFunction(() => /maxRounds/.test(document.getElementById("check-error")?.textContent ?? ""));
  assert.equal(await page.textContent("#check-error"), "maxRounds must be 1 to 8, got 0");
  assert.equal(await page.isEnabled("#check-run"), true);
  assert.equal(await page.textContent("#scrub-out"), "step 1 of 1", "the simulation is untouched");
  // Two-phase commit with a participant voting at random: the checker cannot branch on a coin.
  await applySettings(page, { mode: "twoPhase", "vote-1": "random" });
  await page.fill("#check-max-rounds", "1");
  await page.click("#check-run");
  await page.waitForFunction(() => /random votes/.test(document.getElementById("check-error")?.textContent ?? ""));
  assert.match((await page.textContent("#check-error")) ?? "", /a check cannot use random votes/);
  assert.deepEqual(problems, []);
});

test("Cancel stops a long check at once", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openCheck(page);
  // Both proposers with a value and no state limit: far more states than a test waits for.
  await page.fill("#check-requests", "2");
  await page.fill("#check-max-states", "0");
  await page.click("#check-run");
  assert.equal(await page.isEnabled("#check-run"), false);
  await page.waitForFunction(() => /^[\d,]+ unique states/.test(document.getElementById("check-progress-text")?.textContent ?? ""), null, { timeout: 30_000 });
  assert.match((await page.textContent("#check-summary")) ?? "", /^running: [\d,]+ states$/);
  await page.click("#check-cancel");
  const said = (await page.textContent("#check-progress-text")) ?? "";
  const [, states] = said.match(/^Cancelled after ([\d,]+) states\.$/) ?? [];
  assert.ok(Number(states.replaceAll(",", "")) >= 20_000, said);
  await page.waitForTimeout(1500);
  assert.equal(await page.textContent("#check-progress-text"), said, "no progress after Cancel");
  assert.equal(await page.isVisible("#check-results"), false);
  assert.equal(await page.isEnabled("#check-run"), true);
  assert.equal(await page.isEnabled("#check-cancel"), false);
  // A new Run starts a new worker.
  await runCheck(page, { requests: "1", "max-rounds": "1" });
  assert.equal((await results(page)).agreement?.[1], "✓ holds");
  assert.deepEqual(problems, []);
});

test("Explore lists every next step, takes one, and marks a move back to an earlier state", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#explore-box > summary");
  // The explorer comes with the full engine, fetched on this first opening.
  await page.waitForFunction(() => /possible next step/.test(document.querySelector("#explore-status")?.textContent ?? ""));
  // Nothing in flight: only crashes (2 proposers, 3 acceptors, 1 learner).
  assert.match((await page.textContent("#explore-status")) ?? "", /^6 possible next steps at step 0\.$/);
  await page.click("#propose-form button");
  // P1's prepare to each acceptor: deliver, drop, duplicate each; P1's retry timer; 6 crashes.
  assert.match((await page.textContent("#explore-status")) ?? "", /^16 possible next steps at step 1\.$/);
  const rows = await page.locator("#explore-list .explore-what").allTextContents();
  assert.equal(rows.length, 5);
  assert.match(rows[0], /^#1 prepare .* · P1 → A1$/);
  assert.equal(rows[3], "P1's retry timer");
  assert.equal(await page.locator("#explore-list .revisit").count(), 0);
  // Deliver #1 from the list: a normal step of the timeline.
  await page.click('#explore-list button[data-move=\'{"type":"deliver","id":1}\']');
  assert.equal(await page.textContent("#scrub-out"), "step 2 of 2");
  assert.match((await page.textContent("#log li")) ?? "", /^2 · t=0 Deliver #1: A1 got prepare/);
  assert.equal(await page.evaluate(() => document.activeElement?.closest("#explore-list") !== null), true, "the focus stays in the list");
  // Duplicate the promise it sent; dropping either copy then leads back to step 2's state.
  const promise = await page.locator("#explore-list .explore-row", { hasText: "promise" }).first();
  const id = Number(((await promise.locator(".explore-what").textContent()) ?? "").match(/^#(\d+)/)?.[1]);
  await page.click(`#explore-list button[data-move='{"type":"duplicate","id":${id}}']`);
  assert.equal(await page.textContent("#scrub-out"), "step 3 of 3");
  const drop = page.locator(`#explore-list button[data-move='{"type":"drop","id":${id}}']`);
  assert.equal(await drop.locator(".revisit").textContent(), "↺ 2");
  assert.match((await drop.getAttribute("aria-label")) ?? "", /back to a state seen on this path, at step 2$/);
  assert.match((await page.textContent("#explore-status")) ?? "", /2 lead back to an earlier state of this path/);
  const deliver = page.locator(`#explore-list button[data-move='{"type":"deliver","id":${id}}']`);
  assert.equal(await deliver.locator(".revisit").count(), 0, "delivering is progress");
  await screenshot(page, "explore-revisit");
  await drop.click();
  assert.equal(await page.textContent("#scrub-out"), "step 4 of 4");
  // Playing: the list waits, and comes back when paused.
  await page.click("#play");
  assert.equal(await page.textContent("#explore-status"), "Pause to see every possible next step.");
  assert.equal(await page.locator("#explore-list li").count(), 0);
  await page.click("#play");
  assert.match((await page.textContent("#explore-status")) ?? "", /possible next steps at step \d+/);
  assert.deepEqual(problems, []);
});

test("under a sub-path the checker's worker and wasm are found", async () => {
  const server = await serve(join(root, "dist"), "/paxos/");
  const browser = await launch();
  try {
    const { page, problems } = await open(browser, server.url);
    /** @type {string[]} */
    const failed = [];
    page.context().on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    const urls = requests(page);
    await openCheck(page);
    await runCheck(page, { requests: "1", "max-rounds": "1" });
    assert.equal((await results(page)).agreement?.[1], "✓ holds");
    assert.ok(urls.some((u) => u.endsWith("/paxos/check/paxos-check_bg.wasm")), urls.join("\n"));
    assert.deepEqual(failed, []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
