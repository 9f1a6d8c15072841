// End-to-end: "Show me what goes wrong" (the ready-made runs), livelock and its cures, the
// misbehaving proposer (round MAX) and the ballot ceiling, damaged messages and checksums. Each
// is opened or set as a user would, stepped with the S key, and judged by what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { linkedConfig } from "./permalink.mjs";
import { inSettings, openReadyRun, settingsValue } from "./steps.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/**
 * Opens a ready-made run from the menu.
 * @param {Page} page
 * @param {string} name
 */
async function openRun(page, name) {
  await openReadyRun(page, name);
  assert.equal(await page.isVisible("#error"), false, (await page.textContent("#error-text")) ?? "");
  assert.match((await page.textContent("#log li")) ?? "", /^Opened the scenario “.+”; press Play\./);
  // The old run's lines are gone; the log holds the new run's opening, one line per step.
  const opening = Number(((await page.textContent("#scrub-out")) ?? "").match(/^step (\d+)/)?.[1]);
  assert.equal(await page.locator("#log li:not(.note)").count(), opening, "the log is the new run's own");
}

/**
 * Presses S until `done` holds; returns how many presses it took.
 * @param {Page} page
 * @param {() => Promise<boolean>} done
 * @param {string} what
 */
async function stepUntil(page, done, what, max = 300) {
  for (let i = 0; i < max; i++) {
    if (await done()) return i;
    await page.keyboard.press("s");
  }
  throw new Error(`never happened in ${max} steps: ${what}`);
}

/** @param {Page} page @param {number} n */
async function steps(page, n) {
  for (let i = 0; i < n; i++) await page.keyboard.press("s");
}

/** Every node's accessible description. @param {Page} page */
const nodes = (page) => page.locator(".node").evaluateAll((ns) => ns.map((n) => n.getAttribute("aria-label") ?? ""));

/** @param {Page} page */
const chosen = (page) => page.textContent("#chosen");

const BROKEN = [
  "acceptorIgnoresPromises",
  "proposerIgnoresAcceptedValues",
  "acceptorForgetsOnRestart",
  "sharedBallots",
  "skipPhaseOne",
  "acceptFirstValue",
  "smallQuorum",
  "singleAcceptor",
];
/** The two that cost liveness: no value can ever be chosen, rather than two. */
const LIVENESS = new Set(["acceptFirstValue", "singleAcceptor"]);

test("the menu lists every ready-made run in six groups, each with a line on what it shows", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const groups = await page.locator("#run optgroup").evaluateAll((gs) =>
    gs.map((g) => [g.getAttribute("label"), [...g.querySelectorAll("option")].map((o) => o.value)]),
  );
  assert.deepEqual(groups, [
    ["Broken rules", BROKEN],
    ["Livelock", ["livelock", "livelockJitter", "livelockDistinguished"]],
    ["Misbehaving proposer", ["intMax", "intMaxCeiling"]],
    ["Corruption", ["corruption", "corruptionChecksums"]],
    ["Multi-Paxos: membership", ["reconfiguration", "membershipWithoutConsensus"]],
    ["Paxos against two-phase commit (2PC)", ["leaderCrash", "twoPhaseBlocked", "coordinatorIgnoresVotes"]],
  ]);
  const seen = new Set();
  for (const [, names] of groups) {
    for (const name of /** @type {string[]} */ (names)) {
      await page.selectOption("#run", name);
      const about = (await page.textContent("#run-about")) ?? "";
      assert.ok(about.length > 40, `${name} is described: ${about}`);
      assert.ok(!seen.has(about), `${name}'s description is its own`);
      seen.add(about);
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});

for (const name of BROKEN) {
  test(`the broken rule “${name}” fails within 250 steps of its ready-made run`, async () => {
    const { page, problems } = await open(ctx.browser, ctx.url);
    const before = page.url();
    await openRun(page, name);
    assert.notEqual(page.url(), before, "the address is the new run's permalink");
    assert.equal(linkedConfig(page.url()).sabotage, name);
    assert.equal(await settingsValue(page, "sabotage"), name, "the settings show the run's broken rule");
    assert.match((await page.textContent("#broken-rule")) ?? "", /This run breaks a rule on purpose/);
    if (LIVENESS.has(name)) {
      await stepUntil(page, () => page.isVisible("#liveness"), "no value can be chosen");
      assert.match((await page.textContent("#liveness")) ?? "", /^No value can be chosen/);
      await steps(page, 200);
      assert.equal(await chosen(page), "nothing yet", "and none is, 200 steps later");
      assert.equal(await page.isVisible("#liveness"), true);
    } else {
      await stepUntil(page, async () => (await page.locator("#checks li.broken").count()) > 0, "a check fails");
      assert.match((await page.textContent("#violations")) ?? "", /broken at step \d+/);
    }
    await screenshot(page, `run-${name}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("livelock: the duel is shown with its cure; jitter or a distinguished proposer gets a value chosen", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openRun(page, "livelock");
  assert.equal(await inSettings(page, () => page.isChecked("#jitter")), false, "the run has jitter off");
  assert.match((await inSettings(page, () => page.textContent("#more-summary"))) ?? "", /jitter off/);
  assert.equal(await page.isVisible("#livelock"), false, "not yet");
  await stepUntil(page, () => page.isVisible("#livelock"), "the livelock warning");
  assert.match((await page.textContent("#livelock")) ?? "", /Livelock: \d+ rounds, no value chosen\. Turn jitter on or use a distinguished proposer/);
  assert.match((await page.textContent("#liveness")) ?? "", /Livelock: \d+ rounds, no value chosen/);
  assert.match((await page.textContent("#announcer")) ?? "", /Livelock/);
  await steps(page, 100);
  const rounds = Number(((await page.textContent("#livelock")) ?? "").match(/(\d+) rounds/)?.[1]);
  assert.ok(rounds > 8, `still duelling after 100 more steps (${rounds} rounds)`);
  assert.equal(await chosen(page), "nothing yet");
  assert.equal(await page.locator("#checks li.broken").count(), 0, "livelock is safe");
  await screenshot(page, "run-livelock");

  await openRun(page, "livelockJitter");
  await stepUntil(page, async () => (await chosen(page)) !== "nothing yet", "a value is chosen with jitter", 250);
  assert.equal(await page.isVisible("#livelock"), false);

  await openRun(page, "livelockDistinguished");
  assert.equal(await inSettings(page, () => page.isChecked("#distinguished")), true);
  assert.equal(await page.isVisible("#legend-forward"), true, "forward is in the legend");
  let deferred = false;
  await stepUntil(page, async () => {
    deferred ||= (await nodes(page)).some((n) => /^P1, proposer: deferring to P2, forwarded its value/.test(n));
    return (await chosen(page)) !== "nothing yet";
  }, "a value is chosen with a distinguished proposer", 250);
  assert.ok(deferred, "P1 stood aside for P2");
  assert.equal(await chosen(page), "y", "P2's value");
  assert.match((await page.textContent("#log")) ?? "", /P1 sent forward → P2/);
  assert.equal(await page.isVisible("#livelock"), false);
  await screenshot(page, "run-livelock-distinguished");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a proposer at round MAX locks P1 out; a ballot ceiling refuses the jump", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openRun(page, "intMax");
  assert.match((await page.textContent("#log")) ?? "", /Opened the scenario/);
  await stepUntil(page, async () => (await nodes(page)).some((n) => n.includes("(MAX,P2)")), "a ballot reads (MAX,P2)");
  await steps(page, 150);
  assert.equal(await chosen(page), "max", "the jumper's value");
  const p1 = (await nodes(page))[0];
  assert.doesNotMatch(p1, /chosen/, `P1 never gets its value chosen: ${p1}`);
  for (const a of (await nodes(page)).filter((n) => n.startsWith("A"))) assert.match(a, /promised \(MAX,P2\)/);
  assert.match((await page.textContent("#log")) ?? "", /reject \(\d+,P1\) \(promised \(MAX,P2\)\)/);
  assert.equal(await page.locator("#checks li.broken").count(), 0, "nothing overflows, safety holds");
  await screenshot(page, "run-int-max");

  await openRun(page, "intMaxCeiling");
  assert.equal(await settingsValue(page, "ceiling"), "100");
  await stepUntil(page, async () => (await chosen(page)) !== "nothing yet", "a value is chosen under the ceiling", 250);
  assert.equal(await chosen(page), "x", "P1's value, not the jumper's");
  assert.match((await page.textContent("#log")) ?? "", /got refused \(MAX,P2\) \(ballot ceiling 100\)/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Misbehave makes a proposer's next ballot (MAX,P2), by button and by the M key", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click('.node[data-node="1"]');
  const button = page.locator("#inspector button:has-text('Misbehave: jump to round MAX')");
  assert.equal(await button.count(), 1);
  assert.match((await page.textContent("#misbehave-hint")) ?? "", /largest round there is/);
  await screenshot(page, "misbehave-button");
  await button.click();
  assert.match((await page.textContent("#log li")) ?? "", /^1 · t=0 Misbehave P2: P2's next ballot jumps to round MAX$/);
  await page.fill("#inspector input[name=value]", "jump");
  await page.click("#inspector form button");
  const labels = await page.locator(".msg").evaluateAll((ms) => ms.map((m) => m.getAttribute("aria-label") ?? ""));
  assert.equal(labels.length, 3);
  for (const label of labels) assert.match(label, /prepare \(MAX,P2\) · P2 → A\d/);
  await page.keyboard.press("Escape");
  await stepUntil(page, async () => (await chosen(page)) !== "nothing yet", "the jumper's value is chosen");
  assert.equal(await chosen(page), "jump");
  assert.match((await page.textContent("#chosen-detail")) ?? "", /^at ballot \(MAX,P2\)/);
  // A crashed proposer has no Misbehave button; a live one takes the key.
  await page.click('.node[data-node="0"]');
  await page.keyboard.press("m");
  assert.match((await page.textContent("#log li")) ?? "", /Misbehave P1: P1's next ballot jumps to round MAX/);
  await page.keyboard.press("k");
  await page.waitForSelector('.node[data-node="0"].down');
  assert.equal(await page.locator("#inspector button:has-text('Misbehave')").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a corrupting link draws its messages damaged, in the cluster, the diagram and the log", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  assert.equal(await page.isVisible("#legend-damaged"), false);
  await page.selectOption("#link-from", "0");
  await page.selectOption("#link-to", "2");
  await page.fill("#link-corrupt", "1000");
  await page.click("#link-form button[type=submit]");
  assert.match((await page.textContent("#network-status")) ?? "", /P1→A1 \(corrupt 1000‰\)/);
  assert.equal(await page.isVisible("#legend-damaged"), true, "the legend explains the damaged look");
  await page.click("#propose-form button");
  const damaged = page.locator('.msg.corrupted[data-from="0"][data-to="2"]');
  assert.equal(await damaged.count(), 1, "P1's prepare to A1 is damaged");
  assert.equal(await page.locator(".msg.corrupted").count(), 1, "and only it");
  assert.match((await damaged.getAttribute("aria-label")) ?? "", /damaged in flight/i);
  await damaged.hover();
  assert.match((await page.textContent("#tip")) ?? "", /damaged in flight/i);
  await damaged.click();
  // The first selection fetches the inspector (inspector.js) before it shows the message.
  await page.waitForFunction(() => !/Loading the inspector/.test(document.getElementById("inspector")?.textContent ?? ""));
  assert.match((await page.textContent("#inspector")) ?? "", /Damaged in flight: without checksums the receiver will take it as it now reads/);
  await screenshot(page, "corrupt-message");
  await page.click("#inspector button:has-text('Deliver')");
  assert.match((await page.textContent("#log li")) ?? "", /A1 got prepare \(\d+,P1\) from P1 \(damaged in flight\)/);
  const arrow = page.locator("#diagram line.arrow.corrupted");
  assert.equal(await arrow.count(), 1);
  assert.match((await arrow.getAttribute("aria-label")) ?? "", /damaged in flight/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("damaged messages break Validity; with checksums they are discarded and every check holds", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openRun(page, "corruption");
  await stepUntil(page, async () => (await page.locator("#checks li.broken").count()) > 0, "a check fails");
  assert.deepEqual(
    await page.locator("#checks li.broken").evaluateAll((rows) => rows.map((r) => /** @type {HTMLElement} */ (r).dataset.rule)),
    ["validity"],
  );
  assert.equal(await chosen(page), "blue~", "a value nobody proposed");
  assert.match((await page.textContent("#violations")) ?? "", /Validity broken at step \d+: “blue~” was chosen but never proposed/);
  await screenshot(page, "run-corruption");

  await openRun(page, "corruptionChecksums");
  assert.equal(await inSettings(page, () => page.isChecked("#checksums")), true);
  await stepUntil(page, async () => /discarded: checksum mismatch/.test((await page.textContent("#log")) ?? ""), "a damaged message is discarded");
  await steps(page, 100);
  assert.equal(await page.locator("#checks li.broken").count(), 0, "every check holds");
  assert.equal(await page.locator("#checks li.ok:visible").count(), 4);
  assert.equal(await chosen(page), "nothing yet", "nothing wrong is chosen");
  const discarded = page.locator("#diagram line.arrow.lost.corrupted");
  assert.ok((await discarded.count()) > 0, "discarded messages are drawn lost and damaged");
  assert.match((await discarded.first().getAttribute("aria-label")) ?? "", /discarded: checksum mismatch.*damaged in flight/);
  await screenshot(page, "run-corruption-checksums");
  assert.deepEqual(problems, []);
  await page.close();
});

test("Reset opens a ready-made run again from its start; a restarted proposer reads as recovering", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openRun(page, "livelock");
  const opened = await page.textContent("#scrub-out");
  await steps(page, 10);
  await page.click("#reset");
  assert.equal(await page.textContent("#scrub-out"), opened);
  assert.match((await page.textContent("#log li")) ?? "", /Reset: the ready-made run opened again/);
  // A proposer that crashes after issuing a ballot re-runs phase 1 when it restarts.
  const fresh = await open(ctx.browser, ctx.url);
  await fresh.page.click("#propose-form button");
  await steps(fresh.page, 3);
  await fresh.page.click('.node[data-node="0"]');
  await fresh.page.keyboard.press("k");
  await fresh.page.keyboard.press("k");
  assert.match((await fresh.page.getAttribute('.node[data-node="0"]', "aria-label")) ?? "", /^P1, proposer: recovering \(\d+,P1\)/);
  assert.match((await fresh.page.textContent("#inspector")) ?? "", /recovering: re-running phase 1 after a restart/);
  assert.deepEqual(fresh.problems, []);
  await fresh.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});
