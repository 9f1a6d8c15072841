// End-to-end: the settings the core gained (timing, jitter, distinguished proposer, ballot
// ceiling, checksums) and the "Break a rule" catalogue, driven as a user would. What the run
// was made with is read back from what the page shows: its address (the permalink carries the
// configuration), the form after opening that address afresh, and the timers and messages drawn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { openSettings, submitSettings } from "./steps.mjs";
import { linkedConfig } from "./permalink.mjs";

const ctx = suite();

/** @param {import("playwright-core").Page} page */
async function timingForm(page) {
  return {
    timeout: await page.inputValue("#timeout"),
    backoff: await page.inputValue("#backoff"),
    minDelay: await page.inputValue("#min-delay"),
    maxDelay: await page.inputValue("#max-delay"),
    jitter: await page.isChecked("#jitter"),
    distinguished: await page.isChecked("#distinguished"),
    ceiling: await page.inputValue("#ceiling"),
    checksums: await page.isChecked("#checksums"),
  };
}

test("timing, jitter, a distinguished proposer, a ballot ceiling and checksums apply to the run", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  assert.deepEqual(await timingForm(page), {
    timeout: "60", backoff: "20", minDelay: "2", maxDelay: "10", jitter: true, distinguished: false, ceiling: "", checksums: false,
  }, "the form shows the defaults of the run it opened with");
  await page.click("#more-settings summary");
  assert.match((await page.textContent("#more-settings")) ?? "", /livelock/, "jitter's hint names the danger");
  await page.fill("#timeout", "40");
  await page.fill("#backoff", "7");
  await page.fill("#min-delay", "3");
  await page.fill("#max-delay", "12");
  await page.uncheck("#jitter");
  await page.check("#distinguished");
  await page.fill("#ceiling", "50");
  await page.check("#checksums");
  await screenshot(page, "settings-timing");
  await submitSettings(page);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.equal(await page.textContent("#log li"), "New cluster, seed 1.");
  assert.equal(
    await page.textContent("#more-summary"),
    ": timeout 40, back-off 7, delay 3–12, jitter off, distinguished proposer, ballot ceiling 50, checksums on",
  );
  assert.deepEqual(linkedConfig(page.url()), {
    minDelay: 3, maxDelay: 12, timeout: 40, backoff: 7, jitter: false, distinguished: true, ballotCeiling: 50, checksums: true,
  });
  // What the run does with them: without jitter P1 retries exactly one timeout after proposing,
  // and every message takes 3 to 12 ticks.
  await page.click("#propose-form button");
  assert.match((await page.getAttribute('.node[data-node="0"]', "aria-label")) ?? "", /retry at t=40\b/);
  const delays = await page.locator(".msg").evaluateAll((ms) =>
    ms.map((m) => {
      const [, sent, due] = (m.getAttribute("aria-label") ?? "").match(/sent t=(\d+), due t=(\d+)/) ?? [];
      return Number(due) - Number(sent);
    }),
  );
  assert.equal(delays.length, 3);
  for (const d of delays) assert.ok(d >= 3 && d <= 12, `delay ${d}`);
  // The link opens the same run, and the form shows its settings.
  const fresh = await open(ctx.browser, page.url());
  await openSettings(fresh.page);
  assert.deepEqual(await timingForm(fresh.page), {
    timeout: "40", backoff: "7", minDelay: "3", maxDelay: "12", jitter: false, distinguished: true, ceiling: "50", checksums: true,
  });
  assert.equal(await fresh.page.isVisible("#legend-forward"), true, "a distinguished proposer may forward: its colour is explained");
  assert.deepEqual(fresh.problems, []);
  await fresh.page.close();
  // Back to the defaults: an empty ceiling is none.
  await openSettings(page);
  await page.fill("#ceiling", "");
  await page.check("#jitter");
  await submitSettings(page);
  assert.equal(linkedConfig(page.url()).ballotCeiling, undefined);
  assert.equal(linkedConfig(page.url()).jitter, undefined);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a bad timing value shows a clear error and changes nothing", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  await page.click("#propose-form button");
  await page.keyboard.press("s");
  const before = { status: await page.textContent("#status"), log: await page.textContent("#log"), url: page.url() };
  await page.click("#more-settings summary");
  for (const [field, value, message] of [
    ["#timeout", "0", /The proposer timeout must be a whole number of ticks from 1 to 100000, got “0”/],
    ["#backoff", "1.5", /The back-off must be a whole number of ticks from 1 to 100000, got “1.5”/],
    ["#max-delay", "1", /The longest message delay \(1\) must not be below the shortest \(2\)/],
    ["#min-delay", "", /The shortest message delay must be a whole number of ticks/],
    ["#ceiling", "0", /The ballot ceiling must be a whole number of rounds from 1 to 100000 \(or empty for none\), got “0”/],
    ["#ceiling", "100001", /The ballot ceiling must be a whole number/],
  ]) {
    const original = await page.inputValue(field);
    await page.fill(field, value);
    await submitSettings(page);
    assert.equal(await page.isVisible("#error"), true, `${field}=${value} shows an error`);
    assert.match((await page.textContent("#error-text")) ?? "", message);
    assert.equal(await page.textContent("#status"), before.status, "simulation unchanged");
    assert.equal(await page.textContent("#log"), before.log, "log unchanged");
    assert.equal(page.url(), before.url, "address unchanged");
    await page.fill(field, original);
  }
  await screenshot(page, "settings-bad-timing");
  assert.deepEqual(problems, []);
  await page.close();
});

/** What each broken rule's sentence must say (a few words of it). */
const EXPLAINS = {
  "": /Correct Paxos/,
  acceptorIgnoresPromises: /promised.*two different values/,
  proposerIgnoresAcceptedValues: /value the promises report/,
  acceptorForgetsOnRestart: /crash.*comes back blank/,
  sharedBallots: /same ballot/,
  skipPhaseOne: /ask before you propose/,
  acceptFirstValue: /first value.*no value can ever be chosen/,
  smallQuorum: /two quorums share an acceptor/,
  singleAcceptor: /One acceptor decides alone; crash it and nothing can ever be chosen/,
};

test("every broken rule is listed with what it breaks; a single acceptor sets acceptors to 1 and back", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  const options = await page.locator("#sabotage option").evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  assert.deepEqual(options, Object.keys(EXPLAINS), "no rule plus all eight");
  for (const [name, words] of Object.entries(EXPLAINS)) {
    await page.selectOption("#sabotage", name);
    assert.match((await page.textContent("#sabotage-hint")) ?? "", words, name);
    assert.equal(await page.isVisible("#sabotage-hint"), true);
  }
  // The last one picked, a single acceptor, set the acceptors to 1 and said so; leaving it puts
  // back what was there.
  assert.equal(await page.inputValue("#acceptors"), "1");
  assert.match((await page.textContent("#sabotage-hint")) ?? "", /Acceptors set to 1\./);
  await page.selectOption("#sabotage", "smallQuorum");
  assert.equal(await page.inputValue("#acceptors"), "3");
  assert.match((await page.textContent("#sabotage-hint")) ?? "", /Acceptors back to 3\./);
  await page.fill("#acceptors", "5");
  await page.selectOption("#sabotage", "singleAcceptor");
  assert.equal(await page.inputValue("#acceptors"), "1");
  assert.match((await page.textContent("#sabotage-hint")) ?? "", /Acceptors set to 1\./);
  await page.selectOption("#sabotage", "skipPhaseOne");
  assert.equal(await page.inputValue("#acceptors"), "5");
  assert.match((await page.textContent("#sabotage-hint")) ?? "", /Acceptors back to 5\./);
  await page.selectOption("#sabotage", "singleAcceptor");
  await screenshot(page, "settings-single-acceptor");
  await submitSettings(page);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.equal(await page.locator(".node").count(), 4, "2 proposers, 1 acceptor, 1 learner");
  assert.equal(await page.textContent("#broken-rule"), "This run breaks a rule on purpose: a single acceptor.");
  assert.equal(linkedConfig(page.url()).sabotage, "singleAcceptor");
  // A value is still chosen while the one acceptor lives; crashed, nothing can be.
  await page.click('.node[data-node="2"]');
  await page.click("#inspector button:has-text('Crash')");
  assert.match((await page.textContent("#liveness")) ?? "", /No value can be chosen: the only acceptor is down/);
  // Away from it again: 3 acceptors, a correct run.
  await openSettings(page);
  await page.selectOption("#sabotage", "");
  assert.equal(await page.inputValue("#acceptors"), "5");
  await page.fill("#acceptors", "3");
  await submitSettings(page);
  assert.equal(await page.locator(".node").count(), 6);
  assert.equal(await page.isVisible("#broken-rule"), false);
  assert.equal(await page.isVisible("#liveness"), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Multi-Paxos hides the Basic-only settings before applying, lists only its own broken rule, and applies without them", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  await page.click("#more-settings summary");
  await page.selectOption("#sabotage", "skipPhaseOne");
  await page.selectOption("#mode", "multi");
  for (const id of ["#proposers", "#learners", "#layout", "#timeout", "#distinguished", "#ceiling"]) {
    assert.equal(await page.isVisible(id), false, `${id} is Basic Paxos only`);
  }
  for (const id of ["#acceptors", "#alpha", "#sabotage", "#jitter", "#checksums", "#min-delay"]) assert.equal(await page.isVisible(id), true, id);
  const rules = await page.locator("#sabotage option").evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  assert.deepEqual(rules, ["", "membershipWithoutConsensus"], "only Multi-Paxos's broken rule; the Basic one picked is dropped");
  assert.match((await page.textContent("#sabotage-hint")) ?? "", /Correct Multi-Paxos/);
  assert.match((await page.textContent("#alpha-hint")) ?? "", /slot i \+ α/);
  await page.check("#checksums");
  await submitSettings(page);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.equal(await page.getAttribute("body", "data-mode"), "multi");
  const config = linkedConfig(page.url());
  assert.equal(config.checksums, true);
  assert.equal(config.sabotage, undefined, "no broken rule in Multi-Paxos");
  assert.deepEqual(problems, []);
  await page.close();
});

test("switching the protocol back to Basic Paxos shows the Basic fields and rules again at once", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  const basicFields = ["#proposers", "#acceptors", "#learners", "#layout", "#sabotage"];
  const rules = () => page.locator("#sabotage option").evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  // From a Multi-Paxos run, through two-phase commit in the form, back to Basic (not applied).
  await page.selectOption("#mode", "multi");
  await submitSettings(page);
  await openSettings(page);
  for (const mode of ["twoPhase", "basic", "multi", "basic"]) {
    await page.selectOption("#mode", mode);
    if (mode !== "basic") continue;
    for (const id of basicFields) assert.equal(await page.isVisible(id), true, `${id} is back at once (after ${mode})`);
    for (const id of ["#participants", "#votes", "#alpha"]) assert.equal(await page.isVisible(id), false, `${id} is hidden again`);
    assert.equal((await rules()).length, 9, "no rule and Basic Paxos's eight");
    assert.match((await page.textContent("#sabotage-hint")) ?? "", /Correct Paxos/);
  }
  await submitSettings(page);
  assert.equal(await page.getAttribute("body", "data-mode"), "basic");
  assert.equal(await page.locator(".node").count(), 6);
  assert.deepEqual(problems, []);
  await page.close();
});
