// End-to-end: bugs found by trying the page as a new user would (issue 11), each pinned by the
// test that showed it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, suite } from "./harness.mjs";
import { applySettings, leader, stepUntil, steps } from "./steps.mjs";

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

test("a run opened from its link shows the event log of its history", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.fill("#value", "blue");
  await page.click("#propose-form button");
  await steps(page, 12);
  const played = await page.locator("#log li:not(.note)").allTextContents();
  assert.equal(played.length, 13, "one line per action");
  const link = page.url();
  await page.close();
  const opened = await open(ctx.browser, link);
  const rebuilt = await opened.page.locator("#log li:not(.note)").allTextContents();
  assert.deepEqual(rebuilt, played, "the same lines, newest first");
  assert.match((await opened.page.textContent("#log li:first-child")) ?? "", /Opened the run in the link/);
  // Rewound in the link: the log ends at the link's step.
  await opened.page.keyboard.press("b");
  await opened.page.keyboard.press("b");
  const rewound = opened.page.url();
  const again = await open(ctx.browser, rewound);
  assert.deepEqual(await again.page.locator("#log li:not(.note)").allTextContents(), played.slice(2));
  assert.deepEqual([...problems, ...opened.problems, ...again.problems], []);
  await opened.page.close();
  await again.page.close();
});

test("a proposer whose own value won is not said to have adopted another's", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  // P2 proposes red; only A1 accepts it at (1,P2): the other two accepts are dropped.
  await page.selectOption("#proposer", "1");
  await page.fill("#value", "red");
  await page.click("#propose-form button");
  await stepUntil(page, async () => (await page.locator(".msg.kind-accept").count()) === 3, "P2 sends its accepts");
  for (const to of ["3", "4"]) {
    await page.click(`.msg.kind-accept[data-to="${to}"]`);
    await page.click("#inspector button:text-is('Drop')");
  }
  // P2 times out and retries at round 2: A1's promise carries red, which P2 adopts; red is chosen.
  const p2node = page.locator('.node[data-node="1"]');
  await stepUntil(page, async () => /chosen/.test((await p2node.textContent()) ?? ""), "P2 knows red is chosen", 200);
  assert.match((await page.textContent("#chosen")) ?? "", /red/);
  assert.match((await page.textContent("#log")) ?? "", /P2 got promise \(2,P2\) \(accepted \(1,P2\) “red”\) from A1/, "the promise carried P2's own value");
  const p2 = (await p2node.textContent()) ?? "";
  assert.doesNotMatch(p2, /not its own/, p2);
  assert.match(p2, /its own value/, p2);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Multi-Paxos: the links between servers are drawn, the log table marks the leader, and step 0 says Submit", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await applySettings(page, { mode: "multi", acceptors: "3" });
  assert.match(await status(page), /Submit a command/);
  assert.doesNotMatch(await status(page), /Propose a value/);
  assert.equal(await page.locator("#cluster .links line:not(.hit)").count(), 3, "one link per pair of servers");
  await stepUntil(page, async () => (await leader(page)) !== undefined, "a leader is elected");
  const first = /** @type {string} */ (await leader(page));
  const crowned = async () => page.locator("#log-table tbody tr th, #log-table tr th[scope=row]").evaluateAll((ths) => ths.filter((th) => /♛/.test(th.textContent ?? "")).map((th) => th.textContent));
  const name = `S${Number(first) + 1}`;
  assert.deepEqual((await crowned()).map((t) => t?.replace(/\s.*/, "")), [name], "the leader's row has the crown");
  // After a failover the crown moves to the new leader's row.
  await page.click(`.node[data-node="${first}"]`);
  await page.keyboard.press("k");
  await stepUntil(page, async () => ![undefined, first].includes(await leader(page)), "a new leader is elected", 800);
  const second = `S${Number(await leader(page)) + 1}`;
  assert.deepEqual((await crowned()).map((t) => t?.replace(/\s.*/, "")), [second]);
  assert.deepEqual(problems, []);
  await page.close();
});
