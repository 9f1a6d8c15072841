// End-to-end: Multi-Paxos reconfiguration and failure detection, driven as a student would.
// A server added through the button appears joining, the log table gains a configuration and
// the server becomes a member; a removed leader is greyed out and another is crowned; a crashed
// follower is suspected (a "?" on it) until it restarts; the ready-made run opens, travels in
// time across the server's creation, and reopens from its link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { applySettings, leader, openReadyRun, stepUntil, steps, settingsValue } from "./steps.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/** @param {Page} page @param {string} id */
const label = (page, id) => page.getAttribute(`.node[data-node="${id}"]`, "aria-label").then((l) => l ?? "");

/** @param {Page} page @param {string} id @param {string} cls */
const has = (page, id, cls) => page.locator(`.node[data-node="${id}"].${cls}`).count().then((n) => n > 0);

/** Three servers with an elected leader; returns the leader's id. @param {Page} page */
async function threeServers(page) {
  await applySettings(page, { mode: "multi", acceptors: "3" });
  await stepUntil(page, async () => (await leader(page)) !== undefined, "a leader is elected");
  return /** @type {string} */ (await leader(page));
}

test("a server added through the button joins, catches up, and counts from a new configuration", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await threeServers(page);
  assert.match((await page.textContent("#epochs")) ?? "", /^Configuration: from slot 0: S1 S2 S3 \(2 of 3\)\.$/);
  assert.match((await page.textContent("#add-server-via")) ?? "", /^through S1 /);
  await page.click("#add-server");
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.equal(await page.locator(".node").count(), 4, "S4 is drawn at once");
  assert.equal(await has(page, "3", "joining"), true, "drawn as joining");
  assert.match(await label(page, "3"), /joining/);
  assert.match((await page.textContent("#log li")) ?? "", /Add a server, asked through S1: S4 joins, empty/);
  assert.match((await page.textContent("#log-table")) ?? "", /S4 \(joining\)/);
  // The change is chosen in some slot i: a configuration with S4 from slot i + 3.
  await stepUntil(page, async () => /from slot \d+: S1 S2 S3 S4 \(3 of 4\)/.test((await page.textContent("#epochs")) ?? ""), "the new configuration");
  assert.match((await page.textContent("#log-table")) ?? "", /⚙ add S4/, "the change reads as one in the log");
  assert.match((await page.textContent("#log")) ?? "", /applies the change: from slot \d+ the servers are S1 S2 S3 S4 \(3 of 4 choose\)/);
  await stepUntil(page, async () => /catching up/.test(await label(page, "3")), "S4 catches up");
  await screenshot(page, "reconfig-joining");
  await stepUntil(page, async () => !(await has(page, "3", "joining")), "S4 becomes a member");
  assert.doesNotMatch(await label(page, "3"), /joining/);
  assert.equal(await page.locator("#checks li.broken").count(), 0);
  // A cluster has at most 9 servers: the sixth addition is refused, with the simulator's words.
  for (let i = 0; i < 5; i++) await page.keyboard.press("a");
  assert.equal(await page.locator(".node").count(), 9, "the A key adds servers too, up to 9");
  await page.click("#add-server");
  assert.match((await page.textContent("#error-text")) ?? "", /at most 9 servers/);
  assert.equal(await page.locator(".node").count(), 9);
  await screenshot(page, "reconfig-nine");
  // Reset: the same three servers from step 0; the added ones had no history before.
  await page.keyboard.press("r");
  assert.equal(await page.locator(".node").count(), 3);
  assert.equal(await page.locator(".diagram-names .name").count(), 3);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the removed leader is greyed out, and the others crown a new one", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const first = await threeServers(page);
  await page.click(`.node[data-node="${first}"]`);
  await page.click("#inspector button:has-text('Remove from the cluster')");
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.match((await page.textContent("#log li")) ?? "", new RegExp(`Remove S${Number(first) + 1}, asked through S\\d`));
  await page.keyboard.press("Escape");
  await stepUntil(page, () => has(page, first, "removed"), "the leader is removed");
  assert.match(await label(page, first), /removed from slot \d+/);
  await stepUntil(page, async () => {
    const now = await leader(page);
    return now !== undefined && now !== first;
  }, "a new leader is crowned");
  assert.match((await page.textContent("#log-table")) ?? "", /⚙ remove S\d/);
  assert.match((await page.textContent("#epochs")) ?? "", /from slot \d+: S\d S\d \(2 of 2\)/);
  // A removed server has no Remove button.
  await page.click(`.node[data-node="${first}"]`);
  assert.equal(await page.locator("#inspector button:has-text('Remove from the cluster')").count(), 0);
  assert.match((await page.textContent("#inspector")) ?? "", /In the cluster: removed from slot \d+/);
  await screenshot(page, "reconfig-leader-removed");
  assert.equal(await page.locator("#checks li.broken").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a crashed follower is suspected, with a ? on it, until it restarts", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const boss = await threeServers(page);
  const follower = ["0", "1", "2"].find((id) => id !== boss) ?? "0";
  await page.click(`.node[data-node="${follower}"]`);
  await page.click("#inspector button:has-text('Crash')");
  await page.keyboard.press("Escape");
  const mark = page.locator(`.suspect-mark[data-node="${follower}"]`);
  await stepUntil(page, async () => (await mark.count()) > 0, "the leader suspects the crashed follower");
  assert.equal(await mark.isVisible(), true);
  const name = `S${Number(follower) + 1}`;
  assert.match((await mark.locator("title").textContent()) ?? "", new RegExp(`heard nothing from ${name} for a while: ${name} may be down, or the link, or it may just be slow`));
  assert.ok((await page.locator(`.suspicions line[data-to="${follower}"]`).count()) > 0, "a dashed arrow points at it");
  assert.match((await page.textContent("#log")) ?? "", new RegExp(`S\\d suspects ${name} \\(nothing heard for over 60 ticks\\)`));
  assert.match((await page.textContent(".hint")) ?? "", /only advice, never used for safety/);
  await screenshot(page, "reconfig-suspected");
  await page.click(`.node[data-node="${follower}"]`);
  await page.click("#inspector button:has-text('Restart')");
  await page.keyboard.press("Escape");
  await stepUntil(page, async () => (await page.locator(".suspect-mark").count()) === 0, "the suspicion ends");
  assert.match((await page.textContent("#log")) ?? "", new RegExp(`hears from ${name} again and stops suspecting it`));
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [size, viewport] of /** @type {const} */ ([["laptop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]])) {
  test(`the reconfiguration run at ${size} size: mid-change, back before S6 existed, and from its link`, async () => {
    const { page, problems } = await open(ctx.browser, ctx.url, viewport);
    await openReadyRun(page, "reconfiguration");
    assert.equal(await page.locator(".node").count(), 6);
    assert.equal(await settingsValue(page, "mode"), "multi");
    await stepUntil(page, async () => /slots 0–\d: S1 S2 S3 S4 S5 \(3 of 5\)/.test((await page.textContent("#epochs")) ?? ""), "a change is chosen");
    await steps(page, 12);
    await screenshot(page, `reconfig-run-${size}`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= viewport.width, `nothing sticks out sideways (${scroll}px)`);
    // The run opened after its opening actions; back at step 0 S6 does not exist yet.
    const link = page.url();
    const at = await page.inputValue("#scrub");
    await page.fill("#scrub", "0");
    await page.dispatchEvent("#scrub", "input");
    assert.equal(await page.locator(".node").count(), 5, "S6 has no history before it was created");
    assert.equal(await page.locator(".diagram-names .name").count(), 5);
    await page.fill("#scrub", at);
    await page.dispatchEvent("#scrub", "input");
    assert.equal(await page.locator(".node").count(), 6);
    const fresh = await open(ctx.browser, link, viewport);
    assert.equal(await fresh.page.locator(".node").count(), 6, "the v3 link opens the same run");
    assert.equal(await fresh.page.textContent("#epochs"), await page.textContent("#epochs"));
    assert.deepEqual(fresh.problems, []);
    await fresh.page.close();
    await page.keyboard.press("r");
    assert.match((await page.textContent("#log li")) ?? "", /^Reset: the ready-made run opened again/);
    assert.equal(await page.locator(".node").count(), 6, "Reset opens the run again, S6 included");
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("membership without consensus: the two sides choose different commands for one slot", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openReadyRun(page, "membershipWithoutConsensus");
  assert.equal(await settingsValue(page, "sabotage"), "membershipWithoutConsensus");
  assert.match((await page.textContent("#broken-rule")) ?? "", /membership without consensus/);
  assert.equal(await page.isVisible("#legend-membership"), true, "its unchosen membership messages are explained");
  assert.match(await label(page, "3"), /joining: its addition not chosen yet/, "the new servers were never chosen in the log");
  await stepUntil(page, async () => (await page.locator('#checks li.broken[data-rule="agreement"]').count()) > 0, "agreement fails");
  assert.match((await page.textContent("#violations")) ?? "", /Agreement broken at step \d+: “#3 put x=1” and “#4 put x=2”/);
  await screenshot(page, "reconfig-membership-without-consensus");
  assert.deepEqual(problems, []);
  await page.close();
});
