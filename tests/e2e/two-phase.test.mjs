// End-to-end: two-phase commit, the protocol the page shows for comparison. Chosen in the
// settings it draws a coordinator C and participants P1…; a transaction commits everywhere;
// the ready-made run that crashes C after the votes shows the participants blocked until C
// restarts (then they abort), where Multi-Paxos losing its leader recovers by itself; a
// coordinator that ignores a no breaks atomicity, from its ready-made run and from the settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { linkedConfig } from "./permalink.mjs";
import { leader, openReadyRun, openSettings, stepUntil, steps, submitSettings, settingsValue } from "./steps.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/** Every node's accessible description, by name. @param {Page} page */
async function labels(page) {
  const all = await page.locator(".node").evaluateAll((ns) => ns.map((n) => n.getAttribute("aria-label") ?? ""));
  return Object.fromEntries(all.map((l) => [l.split(",")[0], l]));
}

/** @param {Page} page @param {string} name */
async function openRun(page, name) {
  await openReadyRun(page, name);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
}

test("two-phase commit from the settings: C and P1–P3 drawn, and a transaction commits everywhere", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  await page.selectOption("#mode", "twoPhase");
  for (const id of ["#proposers", "#acceptors", "#learners", "#layout", "#alpha"]) assert.equal(await page.isVisible(id), false, `${id} is not for 2PC`);
  for (const id of ["#participants", "#vote-1", "#vote-3", "#sabotage"]) assert.equal(await page.isVisible(id), true, id);
  const rules = await page.locator("#sabotage option").evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  assert.deepEqual(rules, ["", "coordinatorIgnoresVotes"]);
  await page.click("#more-settings summary");
  assert.equal(await page.isVisible("text=Vote timeout"), true, "the timeout is the coordinator's wait for votes");
  for (const id of ["#jitter", "#checksums", "#min-delay"]) assert.equal(await page.isVisible(id), true, id);
  for (const id of ["#backoff", "#distinguished", "#ceiling"]) assert.equal(await page.isVisible(id), false, `${id} is Basic Paxos only`);
  await submitSettings(page);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.equal(await page.getAttribute("body", "data-mode"), "twoPhase");
  assert.deepEqual(await page.locator(".node .name").allTextContents(), ["C", "P1", "P2", "P3"]);
  assert.equal(await page.locator('.node[data-node="0"] .badge.role-C').count(), 1, "C wears the coordinator's badge");
  assert.equal(await page.locator(".node .badge.role-Pt").count(), 3);
  assert.equal(await page.isVisible(".legend-role:has-text('coordinator')"), true, "the legend explains C and P");
  assert.equal(await page.isVisible(".legend .kind-vote"), true);
  assert.equal(await page.isVisible(".legend .kind-accept"), false, "no Paxos phases here");
  assert.deepEqual(await page.locator("#checks li:visible strong").allTextContents(), ["Atomicity", "Commit validity", "Termination"]);
  assert.equal(await page.isVisible("#propose-form"), false);
  await page.click("#tx-form button");
  assert.match((await page.textContent("#log li")) ?? "", /Client → C: C begins transaction 1 and asks every participant to vote/);
  await stepUntil(page, async () => (await page.locator(".msg:has-text('yes')").count()) > 0, "a yes vote on its way");
  assert.match((await labels(page)).C, /tx 1: voting, \d\/3 yes/);
  await stepUntil(page, async () => Object.values(await labels(page)).every((l) => /tx 1: committed\./.test(l)), "committed everywhere, every ack in");
  assert.equal(await page.textContent("#chosen"), "1 committed · 0 aborted");
  const log = (await page.textContent("#log")) ?? "";
  for (const line of [/P\d votes yes on transaction 1: now uncertain/, /C decides commit for transaction 1/, /P1 commits transaction 1/]) assert.match(log, line);
  assert.match((await page.textContent("#count-tx-ratio")) ?? "", /12\.0 messages per transaction/);
  await screenshot(page, "two-phase-committed");
  // The V key begins the next one.
  await page.keyboard.press("v");
  assert.match((await page.textContent("#log li")) ?? "", /C begins transaction 2/);
  assert.equal(await page.locator("#checks li.broken").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [size, viewport] of /** @type {const} */ ([["laptop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]])) {
  test(`the coordinator crashes after the votes (${size}): the participants are blocked until it restarts, then abort`, async () => {
    const { page, problems } = await open(ctx.browser, ctx.url, viewport);
    await openRun(page, "twoPhaseBlocked");
    const banner = "Blocked: P1, P2 and P3 voted yes and cannot commit or abort until C restarts.";
    assert.equal(await page.isVisible("#blocked"), true);
    assert.equal(await page.textContent("#blocked"), `⚠ ${banner}`);
    assert.match((await page.textContent("#liveness")) ?? "", /^Blocked: P1, P2 and P3 voted yes.*Multi-Paxos has no such single point/);
    assert.equal(await page.locator(".node.blocked").count(), 3);
    assert.match((await labels(page)).P2, /tx 1: voted yes: uncertain/);
    await steps(page, 60);
    assert.equal(await page.textContent("#blocked"), `⚠ ${banner}`, "Play changes nothing: they wait");
    assert.ok(Number(await page.textContent("#count-query")) > 0, "they keep asking C");
    assert.match((await page.textContent("#announcer")) ?? "", /Blocked/);
    await screenshot(page, `two-phase-blocked-${size}`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= viewport.width, `nothing sticks out sideways (${scroll}px)`);
    if (size === "phone") {
      assert.deepEqual(problems, []);
      await page.close();
      return;
    }
    // The v3 link (a transaction, steps, a crash) opens the same blocked run.
    const fresh = await open(ctx.browser, page.url(), viewport);
    assert.equal(await fresh.page.textContent("#blocked"), `⚠ ${banner}`);
    assert.deepEqual(fresh.problems, []);
    await fresh.page.close();
    await page.click('.node[data-node="0"]');
    await page.click("#inspector button:has-text('Restart')");
    assert.equal(await page.isVisible("#blocked"), false, "C is back: nobody is blocked any more");
    await page.keyboard.press("Escape");
    await stepUntil(page, async () => {
      const now = await labels(page);
      return ["P1", "P2", "P3"].every((p) => /tx 1: aborted/.test(now[p] ?? ""));
    }, "every participant aborts");
    assert.match((await page.textContent("#log")) ?? "", /C decides abort for transaction 1/);
    assert.equal(await page.textContent("#chosen"), "0 committed · 1 aborted");
    assert.equal(await page.locator("#checks li.broken").count(), 0, "blocking breaks no safety rule");
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("Multi-Paxos loses its leader the same way and recovers by itself", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openRun(page, "leaderCrash");
  assert.equal(await page.getAttribute("body", "data-mode"), "multi");
  assert.equal(await page.locator(".node.down").count(), 1);
  await stepUntil(page, async () => (await leader(page)) !== undefined, "a new leader");
  await stepUntil(page, async () => {
    const rows = await page.locator("#log-table tbody tr:not(.down)").allTextContents();
    return rows.length === 2 && rows.every((r) => r.includes("x=1") && r.includes("y=2"));
  }, "both commands applied on the two live servers");
  assert.equal(await page.isVisible("#blocked"), false);
  assert.equal(await page.locator("#checks li.broken").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a coordinator that commits on a majority breaks atomicity: its ready-made run, and the settings", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openRun(page, "coordinatorIgnoresVotes");
  assert.equal(await settingsValue(page, "sabotage"), "coordinatorIgnoresVotes", "the settings show the run's broken rule");
  assert.equal(await settingsValue(page, "vote-1"), "no");
  assert.match((await page.textContent("#broken-rule")) ?? "", /This run breaks a rule on purpose: coordinator commits on a majority/);
  await stepUntil(page, async () => (await page.locator('#checks li.broken[data-rule="atomicity"]').count()) > 0, "atomicity fails");
  assert.match((await page.textContent("#violations")) ?? "", /Atomicity broken at step \d+: P\d committed transaction 1 and P1 aborted it\./);
  assert.match((await page.textContent("#violations")) ?? "", /Commit validity broken at step \d+: .* without a yes from P1\./);
  await screenshot(page, "two-phase-atomicity-broken");
  // The same from the settings: P3 votes no, and the broken rule.
  await openSettings(page);
  await page.fill("#participants", "3");
  await page.selectOption("#vote-1", "yes");
  await page.selectOption("#vote-3", "no");
  await page.selectOption("#sabotage", "coordinatorIgnoresVotes");
  assert.match((await page.textContent("#sabotage-hint")) ?? "", /commit only if every participant votes yes/);
  await submitSettings(page);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  const config = linkedConfig(page.url());
  assert.deepEqual([config.mode, config.votes, config.sabotage], ["twoPhase", ["yes", "yes", "no"], "coordinatorIgnoresVotes"]);
  const fresh = await open(ctx.browser, page.url());
  assert.deepEqual([await settingsValue(fresh.page, "vote-1"), await settingsValue(fresh.page, "vote-3")], ["yes", "no"], "the link's run shows its votes");
  assert.deepEqual(fresh.problems, []);
  await fresh.page.close();
  await page.keyboard.press("v");
  await stepUntil(page, async () => (await page.locator('#checks li.broken[data-rule="atomicity"]').count()) > 0, "atomicity fails");
  assert.match((await page.textContent("#violations")) ?? "", /P3 aborted it/);
  // More participants: the vote menus follow.
  await openSettings(page);
  await page.fill("#participants", "5");
  assert.equal(await page.locator("#votes select").count(), 5);
  assert.equal(await page.inputValue("#vote-3"), "no", "the votes picked stay");
  assert.deepEqual(problems, []);
  await page.close();
});

test("in two-phase commit, a dropped message and a restart are explained in its own terms, not Paxos's", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  await page.selectOption("#mode", "twoPhase");
  await submitSettings(page);
  await page.click("#tx-form button");
  await page.keyboard.press("]");
  await page.keyboard.press("x");
  assert.match((await page.textContent("#narration-what")) ?? "", /was dropped/);
  const why = (await page.textContent("#narration-why")) ?? "";
  assert.match(why, /^Two-phase commit survives lost messages too: a coordinator still waiting for votes aborts after its timeout/);
  assert.doesNotMatch(why, /Paxos|proposer/);
  await page.keyboard.press("Escape");
  await page.click('.node[data-node="1"]');
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  assert.match((await page.textContent("#narration-why")) ?? "", /^It reads its log back from stable storage: its votes and the decisions it knows/);
  assert.deepEqual(problems, []);
  await page.close();
});
