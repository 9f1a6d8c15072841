// End-to-end: the cluster drawing stays readable at scale, on a phone and with delivery by hand
// (issue 11, bugs 6, 7, 9 and 10, and the heartbeat filter). Positions are read in the drawing's
// own units: a node's `transform`, a message's target `style.transform` (so that the movement's
// transition does not matter), a text line's getBBox().
import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshot, suite } from "./harness.mjs";
import { applySettings, steps } from "./steps.mjs";

const ctx = suite();

const PHONE = { width: 390, height: 844 };
const RADIUS = 27;

/** @typedef {{ x0: number, y0: number, x1: number, y1: number }} Box */
/**
 * @typedef {object} Drawing
 * @property {number} width
 * @property {number} height
 * @property {{ id: number, x: number, y: number, lines: (Box & { text: string })[] }[]} nodes
 * @property {(Box & { x: number, y: number, id: number, from: number, to: number, text: string, bundle: boolean })[]} chips
 */

/**
 * The cluster as drawn, in the SVG's units.
 * @param {import("playwright-core").Page} page
 * @returns {Promise<Drawing>}
 */
function drawing(page) {
  return page.evaluate(() => {
    const root = /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.getElementById("cluster")));
    const [, , width, height] = (root.getAttribute("viewBox") ?? "").split(" ").map(Number);
    const nodes = [...root.querySelectorAll(".node")].map((g) => {
      const [x, y] = (g.getAttribute("transform") ?? "").match(/-?[\d.]+/g)?.map(Number) ?? [0, 0];
      const lines = [...g.querySelectorAll("text.line")]
        .filter((t) => (t.textContent ?? "") !== "")
        .map((t) => {
          const b = /** @type {SVGTextElement} */ (t).getBBox();
          return { x0: x + b.x, y0: y + b.y, x1: x + b.x + b.width, y1: y + b.y + b.height, text: t.textContent ?? "" };
        });
      return { id: Number(/** @type {SVGGElement} */ (g).dataset.node), x, y, lines };
    });
    const chips = [...root.querySelectorAll(".msg:not(.lost):not(.arriving), .bundle")].map((el) => {
      const g = /** @type {SVGGElement} */ (el);
      const [x, y] = g.style.transform.match(/-?[\d.]+/g)?.map(Number) ?? [0, 0];
      const b = g.getBBox();
      return {
        x,
        y,
        x0: x + b.x,
        y0: y + b.y,
        x1: x + b.x + b.width,
        y1: y + b.y + b.height,
        id: Number(g.dataset.message ?? -1),
        from: Number(g.dataset.from),
        to: Number(g.dataset.to),
        text: g.textContent ?? "",
        bundle: g.classList.contains("bundle"),
      };
    });
    return { width, height, nodes, chips };
  });
}

/** @param {Box} a @param {Box} b */
const overlap = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
/** @param {Box} b @param {{ x: number, y: number }} c @param {number} r */
const boxHitsCircle = (b, c, r) => Math.hypot(Math.max(b.x0 - c.x, 0, c.x - b.x1), Math.max(b.y0 - c.y, 0, c.y - b.y1)) < r;

/** Every chip is inside the frame and clear of every node's circle. @param {Drawing} d */
function assertChipsClear(d) {
  for (const c of d.chips) {
    assert.ok(c.x0 >= 0 && c.y0 >= 0 && c.x1 <= d.width && c.y1 <= d.height, `chip #${c.id} ${c.text} (${c.from}→${c.to}) at ${c.x0.toFixed(0)},${c.y0.toFixed(0)}–${c.x1.toFixed(0)},${c.y1.toFixed(0)} is inside the ${d.width}×${d.height} frame`);
    // A message's own circle (radius 10), a group's pill (its box).
    for (const n of d.nodes) {
      const clear = c.bundle ? !boxHitsCircle(c, n, RADIUS + 2) : Math.hypot(c.x - n.x, c.y - n.y) >= RADIUS + 10 + 2;
      assert.ok(clear, `chip #${c.id} ${c.text} (${c.from}→${c.to}) is not drawn over node ${n.id}'s circle`);
    }
  }
}

/** No line of state leaves the frame or meets another node's lines or circle. @param {Drawing} d */
function assertLabelsReadable(d) {
  for (const n of d.nodes) {
    for (const l of n.lines) {
      assert.ok(l.x0 >= 0 && l.x1 <= d.width && l.y0 >= 0 && l.y1 <= d.height, `node ${n.id}'s line “${l.text}” (${l.x0.toFixed(0)}–${l.x1.toFixed(0)}) is inside the ${d.width}-wide frame`);
      for (const m of d.nodes) {
        if (m === n) continue;
        assert.ok(!boxHitsCircle(l, m, RADIUS), `node ${n.id}'s line “${l.text}” is clear of node ${m.id}'s circle`);
        for (const k of m.lines) assert.ok(!overlap(l, k), `node ${n.id}'s “${l.text}” and node ${m.id}'s “${k.text}” do not overlap`);
      }
    }
  }
}

/**
 * Proposes a value from each of the first `n` proposers.
 * @param {import("playwright-core").Page} page
 * @param {number} n
 */
async function proposeAll(page, n) {
  for (let i = 0; i < n; i++) {
    const options = await page.locator("#proposer option").evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
    await page.selectOption("#proposer", options[i]);
    await page.fill("#value", ["blueberry", "red", "green", "gold", "plum"][i]);
    await page.click("#propose-form button[type=submit]");
  }
}

/**
 * Multi-Paxos, 9 servers, a leader, then 30 commands submitted at once; with α = 10 the leader
 * sends ten slots' accepts to every server at once (90 messages in flight).
 * @param {import("playwright-core").Page} page
 */
async function burst(page) {
  await page.evaluate(() => ((/** @type {HTMLDetailsElement} */ (document.getElementById("settings-box"))).open = true));
  await applySettings(page, { mode: "multi", acceptors: "9", alpha: "10" });
  await steps(page, 25);
  for (let i = 0; i < 30; i++) {
    await page.fill("#key", `k${i}`);
    await page.fill("#kv-value", `${i}`);
    await page.click("#submit-form button[type=submit]");
  }
  await steps(page, 30);
}

test("bug 7: messages delivered by hand are drawn on their way, clear of the sender", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await page.click("#propose-form button");
  // Deliver by hand twice (] then D): time stands still, new messages are sent at "now".
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press("]");
    await page.keyboard.press("d");
  }
  const d = await drawing(page);
  assert.ok(d.chips.length >= 2, "messages in flight");
  for (const c of d.chips) {
    const a = /** @type {Drawing["nodes"][number]} */ (d.nodes.find((n) => n.id === c.from));
    const b = /** @type {Drawing["nodes"][number]} */ (d.nodes.find((n) => n.id === c.to));
    const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
    const along = ((c.x - a.x) * (b.x - a.x) + (c.y - a.y) * (b.y - a.y)) / len2;
    assert.ok(along >= 0.3, `#${c.id} (${c.from}→${c.to}) is ${(along * 100).toFixed(0)}% along its link, at least 30%`);
    assert.ok(!boxHitsCircle(c, a, RADIUS + 2), `#${c.id} is off its sender's circle`);
    for (const l of a.lines) assert.ok(!overlap(c, l), `#${c.id} does not cover its sender's line “${l.text}”`);
  }
  await screenshot(page, "cluster-by-hand");
  assert.deepEqual(problems, []);
  await page.close();
});

test("bug 10: messages to oneself stay inside the frame (servers with several roles)", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await applySettings(page, { layout: "shared", proposers: "3", acceptors: "5" });
  await proposeAll(page, 3);
  let d = await drawing(page);
  // A server on the right sends itself a prepare; nine copies of it pile up on its self-link.
  const right = d.chips.find((c) => c.from === c.to && /** @type {any} */ (d.nodes.find((n) => n.id === c.from)).x > d.width / 2);
  assert.ok(right, "a server on the right sends to itself");
  await page.click(`.msg[data-message="${right.id}"]`);
  for (let i = 0; i < 8; i++) await page.keyboard.press("c");
  d = await drawing(page);
  assert.equal(d.chips.filter((c) => !c.bundle && c.from === right.from && c.to === right.from).length, 9, "the selected message's group is open");
  assertChipsClear(d);
  await page.keyboard.press("Escape");
  d = await drawing(page);
  const group = d.chips.filter((c) => c.from === right.from && c.to === right.from);
  assert.equal(group.length, 1, "closed, the nine are one group");
  assert.match(group[0].text, /×9/);
  assertChipsClear(d);
  assert.deepEqual(problems, []);
  await page.close();
});

test("bug 10: a burst of 90 messages (9 servers, 30 commands) is bundled per link, inside the frame, clear of the nodes", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await burst(page);
  const inFlight = Number(((await page.textContent("#status")) ?? "").match(/(\d+) in flight/)?.[1]);
  const d = await drawing(page);
  const bundles = d.chips.filter((c) => c.bundle);
  assert.ok(bundles.length > 0, "crowded links are drawn as one group each");
  let drawn = d.chips.filter((c) => !c.bundle).length;
  for (const b of bundles) {
    const count = Number(b.text.match(/×(\d+)/)?.[1]);
    assert.ok(count > 3, `a group says how many it holds: “${b.text}”`);
    drawn += count;
  }
  assert.equal(drawn, inFlight, "every message in flight is drawn or counted");
  assert.ok(d.chips.length < 80, `fewer elements than messages (${d.chips.length} for ${inFlight})`);
  assertChipsClear(d);
  await screenshot(page, "cluster-burst");

  // Hover: the tooltip lists the group's messages.
  const group = page.locator(".bundle").first();
  const count = Number(((await group.textContent()) ?? "").match(/×(\d+)/)?.[1]);
  const [from, to] = [await group.getAttribute("data-from"), await group.getAttribute("data-to")];
  await group.hover();
  const tip = (await page.textContent("#tip")) ?? "";
  assert.match(tip, /#\d+/, "the tip names the messages");
  if (count > 6) assert.match(tip, /\+\d+ more/);
  // Click: the group opens in place, each message drawn and clickable; click again: it closes.
  await group.click();
  const link = `.msg[data-from="${from}"][data-to="${to}"]:not(.lost):not(.arriving)`;
  assert.equal(await page.locator(link).count(), count, "the group's messages are drawn one by one");
  assertChipsClear(await drawing(page));
  await page.locator(`.bundle[data-from="${from}"][data-to="${to}"]`).click();
  assert.equal(await page.locator(link).count(), 0, "closed again");

  // ] selects messages one by one: each is drawn (its group opens) and has the focus.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("]");
    const focused = await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.message ?? "");
    const selected = await page.locator(".msg.selected").getAttribute("data-message");
    assert.equal(focused, selected, "the selected message has the focus");
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("heartbeats hidden by the filter are not drawn in the cluster, not even in groups", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url);
  await applySettings(page, { mode: "multi", acceptors: "5" });
  const beats = ".msg.kind-heartbeat, .msg.kind-alive, .bundle.kind-heartbeat, .bundle.kind-alive";
  for (let i = 0; i < 200 && !(await page.locator(beats).count()); i++) await page.keyboard.press("s");
  assert.ok((await page.locator(beats).count()) > 0, "heartbeats are drawn");
  await page.uncheck("#show-heartbeats");
  assert.equal(await page.locator(beats).count(), 0, "none drawn once hidden");
  await steps(page, 10);
  assert.equal(await page.locator(beats).count(), 0, "nor later");
  const listed = await page.locator(".bundle").evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label") ?? ""));
  for (const label of listed) assert.doesNotMatch(label, /heartbeat|alive/);
  await page.check("#show-heartbeats");
  await steps(page, 10);
  assert.ok((await page.locator(beats).count()) > 0, "drawn again");
  assert.deepEqual(problems, []);
  await page.close();
});

/**
 * Where the tooltip is, against the element it is for and that element's circle.
 * @param {import("playwright-core").Page} page
 * @param {string} selector
 */
async function tipBeside(page, selector) {
  await page.waitForSelector("#tip:not([hidden])");
  const tip = /** @type {import("playwright-core").BoundingBox} */ (await page.locator("#tip").boundingBox());
  const ring = /** @type {import("playwright-core").BoundingBox} */ (await page.locator(`${selector} circle`).first().boundingBox());
  const el = /** @type {import("playwright-core").BoundingBox} */ (await page.locator(selector).boundingBox());
  const apart = Math.max(el.y - (tip.y + tip.height), tip.y - (el.y + el.height));
  assert.ok(apart >= -1 && apart <= 16, `the tip is right above or below the element (${apart.toFixed(0)}px apart)`);
  const covers = tip.x < ring.x + ring.width && ring.x < tip.x + tip.width && tip.y < ring.y + ring.height && ring.y < tip.y + tip.height;
  assert.ok(!covers, "the tip does not cover the element's circle");
  assert.ok(tip.x < el.x + el.width && el.x < tip.x + tip.width, "the tip is level with the element");
}

test("bug 6: a tooltip opened by keyboard sits right next to its node, also scrolled; Escape closes it", async () => {
  for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
    const { page, problems } = await open(ctx.browser, ctx.url, viewport);
    await page.click("#propose-form button");
    await page.evaluate(() => scrollTo(0, 120));
    for (const node of ["2", "5"]) {
      await page.focus(`.node[data-node="${node}"]`);
      await tipBeside(page, `.node[data-node="${node}"]`);
    }
    await page.focus(".msg");
    await tipBeside(page, ".msg:focus");
    await page.keyboard.press("Escape");
    assert.equal(await page.isHidden("#tip"), true, "Escape closes the tip");
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("bug 6: on touch, a tap selects and the tooltip does not stay up", async () => {
  const context = await ctx.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => msg.type() === "error" && problems.push(`console.error: ${msg.text()}`));
  await page.goto(ctx.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  await page.tap('.node[data-node="2"]');
  assert.match((await page.textContent("#inspector h2")) ?? "", /A1/, "the tap selected A1");
  await page.waitForTimeout(100);
  assert.equal(await page.isHidden("#tip"), true, "no tooltip left after the tap");
  await page.tap('.node[data-node="3"]');
  await page.tap("#status");
  await page.waitForTimeout(100);
  assert.equal(await page.isHidden("#tip"), true, "a tap elsewhere leaves no tooltip");
  assert.deepEqual(problems, []);
  await context.close();
});

test("bug 9: on a phone, every node's lines fit the frame and stay clear of their neighbours", async () => {
  const { page, problems } = await open(ctx.browser, ctx.url, PHONE);
  // The default cluster, with a long value accepted.
  await proposeAll(page, 1);
  for (let i = 0; i < 60 && !/accepted \(1,P1\)/.test((await page.textContent("#cluster")) ?? ""); i++) await page.keyboard.press("s");
  assert.match((await page.textContent("#cluster")) ?? "", /accepted \(1,P1\)/, "an acceptor has accepted");
  assertLabelsReadable(await drawing(page));
  await screenshot(page, "cluster-phone-default");
  // 5 proposers, 9 acceptors, 3 learners, all proposing.
  await page.evaluate(() => ((/** @type {HTMLDetailsElement} */ (document.getElementById("settings-box"))).open = true));
  await applySettings(page, { proposers: "5", acceptors: "9", learners: "3" });
  await proposeAll(page, 5);
  for (const n of [10, 30]) {
    await steps(page, n);
    const d = await drawing(page);
    assertLabelsReadable(d);
    assertChipsClear(d);
  }
  await screenshot(page, "cluster-phone-basic9");
  // Multi-Paxos, 9 servers, a burst of commands.
  await burst(page);
  const d = await drawing(page);
  assertLabelsReadable(d);
  assertChipsClear(d);
  await screenshot(page, "cluster-phone-multi9");
  assert.deepEqual(problems, []);
  await page.close();
});
