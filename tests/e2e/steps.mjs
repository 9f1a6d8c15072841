// Shared moves of the end-to-end tests: stepping with the S key until something shows, and
// reading who the page draws as leader.

/** @typedef {import("playwright-core").Page} Page */

/**
 * Presses S until `done` holds; returns how many presses it took.
 * @param {Page} page
 * @param {() => Promise<boolean>} done
 * @param {string} what
 * @param {number} [max]
 */
export async function stepUntil(page, done, what, max = 600) {
  for (let i = 0; i < max; i++) {
    if (await done()) return i;
    await page.keyboard.press("s");
  }
  throw new Error(`never happened in ${max} steps: ${what}`);
}

/** Presses S `n` times. @param {Page} page @param {number} n */
export async function steps(page, n) {
  for (let i = 0; i < n; i++) await page.keyboard.press("s");
}

/** The id of the node drawn as leader (and up), if exactly one. @param {Page} page */
export async function leader(page) {
  const ids = await page.locator(".node.leader.up").evaluateAll((els) => els.map((el) => /** @type {HTMLElement} */ (/** @type {unknown} */ (el)).dataset.node));
  return ids.length === 1 ? ids[0] : undefined;
}

/**
 * Applies a fresh cluster from the settings form.
 * @param {Page} page
 * @param {Record<string, string>} fields input id → value (selects by value)
 */
export async function applySettings(page, fields) {
  await openSettings(page);
  for (const [id, value] of Object.entries(fields)) {
    const tag = await page.locator(`#${id}`).evaluate((el) => el.tagName);
    if (tag === "SELECT") await page.selectOption(`#${id}`, value);
    else await page.fill(`#${id}`, value);
  }
  await submitSettings(page);
  const error = await page.isVisible("#error");
  if (error) throw new Error(`the settings were refused: ${await page.textContent("#error-text")}`);
}

/**
 * Presses "Apply and restart" and waits until the settings are applied (they fold away) or
 * refused (an error shows): Multi-Paxos and two-phase commit first fetch the full engine.
 * @param {Page} page
 */
export async function submitSettings(page) {
  await page.click("#settings button[type=submit]");
  await page.waitForFunction(() => {
    const box = /** @type {HTMLDetailsElement} */ (document.getElementById("settings-box"));
    return !box.open || !(/** @type {HTMLElement} */ (document.getElementById("error")).hidden);
  });
}

/**
 * Reads the settings form, which the page makes when the settings are first unfolded: unfolds
 * them, reads, and folds them again if they were folded.
 * @template T
 * @param {Page} page
 * @param {() => Promise<T>} read
 * @returns {Promise<T>}
 */
export async function inSettings(page, read) {
  const folded = await page.evaluate(() => !(/** @type {HTMLDetailsElement} */ (document.getElementById("settings-box")).open));
  await openSettings(page);
  const value = await read();
  if (folded) await page.click("#settings-box > summary");
  return value;
}

/** A field's value in the settings form (see inSettings). @param {Page} page @param {string} id the field's id */
export async function settingsValue(page, id) {
  return inSettings(page, () => page.inputValue(`#${id}`));
}

/**
 * Unfolds the cluster settings (folded when the page opens) and waits for the form, which the
 * page makes the first time they are unfolded (settings-form.js).
 * @param {Page} page
 */
export async function openSettings(page) {
  await page.evaluate(() => {
    const box = document.getElementById("settings-box");
    if (box instanceof HTMLDetailsElement && !box.open) box.querySelector("summary")?.click();
  });
  await page.waitForSelector("#settings");
}

/**
 * Opens the ready-made run chosen in the menu, as a user would, and waits until it is open: the
 * first one fetches the full engine (web/js/engine.js) before it opens.
 * @param {Page} page
 * @param {string} name
 */
export async function openReadyRun(page, name) {
  await page.selectOption("#run", name);
  await page.click("#runs-form button[type=submit]");
  await page.waitForFunction(
    () => /^Opened the scenario/.test(document.querySelector("#log li")?.textContent ?? "") || !(/** @type {HTMLElement} */ (document.querySelector("#error")).hidden),
  );
}

/**
 * Selects a node or message by clicking it and waits for the inspector, whose script (and its
 * styles) the page fetches at the first selection.
 * @param {Page} page
 * @param {string | import("playwright-core").Locator} target a selector or locator of the node or message
 */
export async function inspect(page, target) {
  await (typeof target === "string" ? page.locator(target) : target).click();
  await page.waitForFunction(() => {
    const inspector = document.querySelector("#inspector");
    return inspector !== null && !inspector.hidden && !(inspector.textContent ?? "").includes("Loading the inspector");
  });
}

