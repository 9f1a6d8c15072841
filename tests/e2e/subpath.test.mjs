// The release build (dist/, made with relative links: `--public-url ./`) works unchanged when
// served from /paxos/, as on a static docs host, not only at /.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serve, launch, open, screenshot, root } from "./harness.mjs";

test("the sub-path build loads and runs under /paxos/", async () => {
  const server = await serve(join(root, "dist"), "/paxos/");
  const browser = await launch();
  try {
    /** @type {string[]} */
    const failed = [];
    const { page, problems } = await open(browser, server.url);
    // A request the reload below cancels (the first load's favicon, say) is aborted, not
    // missing; a missing file shows as a 404 below.
    page.on("requestfailed", (r) => r.failure()?.errorText !== "net::ERR_ABORTED" && failed.push(`${r.failure()?.errorText} ${r.url()}`));
    page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal(await page.locator(".node").count(), 6);
    await page.click("#propose-form button");
    for (let i = 0; i < 100 && (await page.locator("#chosen.none").count()); i++) await page.keyboard.press("s");
    assert.equal(await page.textContent("#chosen"), "blue");
    await screenshot(page, "subpath");
    assert.deepEqual(failed, []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
