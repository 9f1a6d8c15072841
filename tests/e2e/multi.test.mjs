// End-to-end: Multi-Paxos in the page. Three commands are chosen in order in every replica's
// log and store; the leader crashes, a new one is elected, and a fourth command is chosen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { openSettings, submitSettings } from "./steps.mjs";

const ctx = suite();

/**
 * Presses S until `done` holds.
 * @param {import("playwright-core").Page} page
 * @param {() => Promise<boolean>} done
 * @param {string} what
 */
async function stepUntil(page, done, what, max = 600) {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await page.keyboard.press("s");
  }
  throw new Error(`never happened: ${what}`);
}

/** The id of the node drawn as leader (and up), if exactly one. @param {import("playwright-core").Page} page */
async function leader(page) {
  const ids = await page.locator(".node.leader.up").evaluateAll((els) => els.map((el) => /** @type {HTMLElement} */ (/** @type {unknown} */ (el)).dataset.node));
  return ids.length === 1 ? ids[0] : undefined;
}

/** The replicated-log table as text, row by row. @param {import("playwright-core").Page} page */
const table = (page) =>
  page.locator("#log-table tbody tr").evaluateAll((rows) =>
    rows.map((r) => [...r.children].map((c) => (c.classList.contains("is-applied") ? `[${c.textContent}]` : c.textContent))),
  );

/**
 * @param {import("playwright-core").Page} page
 * @param {string} node
 * @param {string} key
 * @param {string} value
 */
async function submit(page, node, key, value) {
  await page.selectOption("#server", node);
  await page.selectOption("#op", "put");
  await page.fill("#key", key);
  await page.fill("#kv-value", value);
  await page.click("#submit-form button");
  assert.equal(await page.isVisible("#error"), false, await page.textContent("#error-text") ?? "");
}

test("commands are chosen in order everywhere and survive a leader crash", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  await page.selectOption("#mode", "multi");
  await page.fill("#acceptors", "3");
  await submitSettings(page);
  assert.equal(await page.getAttribute("body", "data-mode"), "multi");
  assert.equal(await page.locator(".node").count(), 3);
  assert.equal(await page.locator("#checks li.ok:visible").count(), 6, "six checks, all green");

  await stepUntil(page, async () => (await leader(page)) !== undefined, "a leader is elected");
  const first = /** @type {string} */ (await leader(page));
  assert.match((await page.textContent("#announcer")) ?? "", /S\d is the leader/);
  for (const [key, value] of [["x", "1"], ["y", "2"], ["z", "3"]]) await submit(page, first, key, value);
  await stepUntil(page, async () => (await page.locator("#log-table td.is-applied").count()) >= 9, "3 slots applied on 3 replicas");
  for (const row of await table(page)) {
    assert.deepEqual(row.slice(1), ["[put x=1]", "[put y=2]", "[put z=3]", "x=1, y=2, z=3"], `row ${row[0]}`);
  }
  assert.match((await page.textContent("#count-ratio")) ?? "", /^\d+\.\d phase-2 messages per acceptor per committed slot/);
  await screenshot(page, "multi-three-commands");

  // Crash the leader: a new one is elected and the log goes on.
  await page.click(`.node[data-node="${first}"]`);
  await page.click("#inspector button:has-text('Crash')");
  await page.waitForSelector(`.node[data-node="${first}"].down`);
  await page.keyboard.press("Escape");
  await stepUntil(page, async () => {
    const now = await leader(page);
    return now !== undefined && now !== first;
  }, "a new leader is elected");
  const second = /** @type {string} */ (await leader(page));
  await submit(page, second, "w", "4");
  await stepUntil(page, async () => {
    const rows = await table(page);
    return rows.filter((r) => !String(r[0]).includes("down")).every((r) => r.includes("[put w=4]"));
  }, "the fourth command is applied on both live replicas");
  const rows = await table(page);
  for (const row of rows.filter((r) => !String(r[0]).includes("down"))) {
    assert.deepEqual(row.slice(1, 4), ["[put x=1]", "[put y=2]", "[put z=3]"], "the first three stay in order");
    assert.match(String(row.at(-1)), /w=4, x=1, y=2, z=3/);
  }
  assert.equal(await page.locator("#checks li.broken").count(), 0);
  await screenshot(page, "multi-failover");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a bad request shows an error and changes nothing", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await openSettings(page);
  await page.selectOption("#mode", "multi");
  await submitSettings(page);
  const before = await page.textContent("#status");
  await page.fill("#key", "");
  await page.click("#submit-form button");
  assert.match((await page.textContent("#error-text")) ?? "", /a key must not be empty/);
  assert.equal(await page.textContent("#status"), before);
  await page.selectOption("#op", "get");
  assert.equal(await page.isVisible("#kv-value"), false, "get needs no value");
  assert.deepEqual(problems, []);
  await page.close();
});
