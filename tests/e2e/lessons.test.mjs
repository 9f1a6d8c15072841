// End-to-end: every lesson opens from its link, is walked to the end with the page's own
// controls (Next, the N key), shows each step's expectations ticked, and each "your turn" is
// completed by driving the page as a student would (Step, clicking a node and pressing K,
// proposing from the client form, clicking a message and pressing D or X).
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, suite, screenshot } from "./harness.mjs";

const ctx = suite();

/** @typedef {import("playwright-core").Page} Page */

/** The lessons, as the page's full engine (full/, which has them) lists them. @param {Page} page */
async function lessons(page) {
  return page.evaluate(async () => {
    const full = await import(new URL("full/paxos-core.js", document.baseURI).href);
    await full.default();
    return full.Simulation.lessons();
  });
}

/** Every tick of a list is ticked. @param {Page} page @param {string} list @param {string} where */
async function allTicked(page, list, where) {
  const items = await page.locator(`${list} li`).evaluateAll((lis) => lis.map((li) => ({ ok: li.className === "ok", text: li.textContent })));
  for (const item of items) assert.ok(item.ok, `${where}: ${item.text}`);
  return items.length;
}

/**
 * Does one action of a task's solution the way a student would.
 * @param {Page} page
 * @param {any} action
 */
async function act(page, action) {
  switch (action.type) {
    case "step":
      await page.keyboard.press("s");
      return;
    case "crash":
    case "restart":
      await page.click(`.node[data-node="${action.node}"]`);
      await page.keyboard.press("k");
      await page.keyboard.press("Escape");
      return;
    case "misbehave":
      await page.click(`.node[data-node="${action.node}"]`);
      await page.keyboard.press("m");
      await page.keyboard.press("Escape");
      return;
    case "propose":
      await page.selectOption("#proposer", String(action.node));
      await page.fill("#value", action.value);
      await page.click("#propose-form button[type=submit]");
      return;
    case "deliver":
    case "drop":
    case "duplicate": {
      // Selected by the keyboard's message cycling, so a message inside a group is reached too.
      for (let i = 0; i < 300; i++) {
        const selected = await page.evaluate(() => document.querySelector(".msg.selected")?.getAttribute("data-message"));
        if (selected === String(action.id)) break;
        await page.keyboard.press("]");
      }
      await page.keyboard.press({ deliver: "d", drop: "x", duplicate: "c" }[action.type]);
      await page.keyboard.press("Escape");
      return;
    }
    case "submit":
      await page.selectOption("#server", String(action.node));
      await page.selectOption("#op", action.request.op);
      await page.fill("#key", action.request.key);
      if (action.request.op === "put") await page.fill("#kv-value", action.request.value);
      await page.click("#submit-form button[type=submit]");
      return;
    case "setLink": {
      const f = action.faults;
      await page.selectOption("#link-from", String(action.from));
      await page.selectOption("#link-to", String(action.to));
      await page.fill("#link-loss", String(f.loss ?? 0));
      await page.fill("#link-dup", String(f.duplicate ?? 0));
      await page.fill("#link-corrupt", String(f.corrupt ?? 0));
      await page.fill("#link-min", f.minDelay == null ? "" : String(f.minDelay));
      await page.fill("#link-max", f.maxDelay == null ? "" : String(f.maxDelay));
      await page.setChecked("#link-fifo", Boolean(f.fifo));
      await page.click("#link-form button[type=submit]");
      return;
    }
    case "removeServer":
      // The inspector's button asks through the first other live server.
      await page.click(`.node[data-node="${action.node}"]`);
      await page.click("#inspector button:has-text('Remove from the cluster')");
      await page.keyboard.press("Escape");
      return;
    case "transaction":
      await page.click("#tx-form button[type=submit]");
      return;
    case "addServer":
      await page.click(`.node[data-node="${action.via}"]`);
      await page.click("#add-server");
      await page.keyboard.press("Escape");
      return;
    default:
      throw new Error(`the test cannot do ${action.type} through the page yet`);
  }
}

test("every lesson opens from its link, walks to the end, shows its ticks, and its tasks can be done in the page", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  const all = await lessons(page);
  assert.ok(all.length >= 3);
  assert.equal(await page.locator("#lesson-pick option").count(), all.length, "the picker lists every lesson");
  await page.close();
  let ticks = 0;
  let tasks = 0;
  for (const lesson of all) {
    const { page: p, problems: pp } = await open(ctx.browser, `${ctx.url}#lesson=${lesson.id}&step=1`);
    assert.equal(await p.isVisible("#lesson"), true, lesson.id);
    assert.equal(await p.textContent("#lesson-title"), lesson.title);
    for (let i = 0; i < lesson.steps.length; i++) {
      const where = `${lesson.id}, step ${i + 1}`;
      assert.equal(await p.textContent("#lesson-progress"), `step ${i + 1} of ${lesson.steps.length}`, where);
      assert.match(p.url(), new RegExp(`#lesson=${lesson.id}&step=${i + 1}$`), where);
      ticks += await allTicked(p, "#lesson-expect", where);
      const task = lesson.steps[i].task;
      if (task) {
        tasks++;
        assert.equal(await p.isVisible("#lesson-done"), false, `${where}: the goal is not met yet`);
        if (task.hints?.length) {
          await p.click("#lesson-hint");
          assert.equal(await p.locator("#lesson-hints li").count(), 1, `${where}: one hint at a time`);
        }
        for (const action of task.solution) await act(p, action);
        await p.waitForSelector("#lesson-done:not([hidden])", { timeout: 5000 });
        await allTicked(p, "#lesson-goal", `${where} (goal)`);
      }
      if (i < lesson.steps.length - 1) {
        if (i % 2) await p.click("#lesson-next");
        else await p.keyboard.press("n");
      }
    }
    assert.equal(await p.isDisabled("#lesson-next"), true, `${lesson.id}: Next is off at the end`);
    assert.deepEqual(pp, [], lesson.id);
    await p.close();
  }
  console.log(`lessons: ${all.length}, ticks seen: ${ticks}, tasks done through the page: ${tasks}`);
  assert.deepEqual(problems, []);
});

test("Previous, Reset and Leave: a step is rebuilt the same, and the run goes on as a free run", async () => {
  const { page, problems } = await open(ctx.browser, `${ctx.url}#lesson=three-roles&step=3`);
  const state = () => page.locator(".node").allTextContents();
  const at3 = await state();
  await page.keyboard.press("n");
  await page.keyboard.press("Shift+N");
  assert.deepEqual(await state(), at3, "back at step 3, the same state");
  await page.keyboard.press("s");
  await page.keyboard.press("r");
  assert.deepEqual(await state(), at3, "Reset reopens the lesson step");
  await screenshot(page, "lesson-three-roles");
  await page.click("#lesson-leave");
  assert.equal(await page.isVisible("#lesson"), false);
  await page.keyboard.press("s");
  assert.match(page.url(), /#v4\./, "a free run has its permalink again");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a link to an unknown lesson or step says so and leaves a fresh run", async () => {
  for (const [hash, message] of [
    ["#lesson=nope", /There is no lesson “nope”/],
    ["#lesson=three-roles&step=99", /has steps 1 to \d+, not 99/],
  ]) {
    const { page, problems } = await open(ctx.browser, `${ctx.url}${hash}`);
    assert.equal(await page.isVisible("#error"), true);
    assert.match((await page.textContent("#error-text")) ?? "", /** @type {RegExp} */ (message));
    assert.equal(await page.isVisible("#lesson"), false);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("embed.html shows only the step controls, the cluster and the lesson, and steps through it", async () => {
  for (const viewport of [{ width: 900, height: 560 }, { width: 390, height: 700 }]) {
    const page = await ctx.browser.newPage({ viewport });
    /** @type {string[]} */
    const problems = [];
    page.on("pageerror", (err) => problems.push(err.message));
    page.on("console", (msg) => msg.type() === "error" && problems.push(msg.text()));
    await page.goto(`${ctx.url}embed.html#lesson=three-roles&step=2`);
    await page.waitForSelector("body[data-ready=true]");
    assert.match(page.url(), /\?embed#lesson=three-roles&step=2$/);
    for (const shown of ["#cluster", "#lesson", "#step", "#lesson-next"]) assert.equal(await page.isVisible(shown), true, shown);
    for (const gone of ["#copy-link", "#settings-box", ".client-card", "#checks", "#log", "#diagram", "#narration"]) assert.equal(await page.isVisible(gone), false, gone);
    await page.click("#lesson-next");
    assert.equal(await page.textContent("#lesson-progress"), "step 3 of 6");
    assert.match(page.url(), /\?embed#lesson=three-roles&step=3$/, "the embed stays an embed");
    assert.match((await page.getAttribute("#lesson-open", "href")) ?? "", /^\.\/#lesson=three-roles&step=3$/);
    await screenshot(page, `lesson-embed-${viewport.width}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
