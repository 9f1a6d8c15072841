// Shared set-up for the browser end-to-end tests: a static file server on 127.0.0.1 for the
// built page (dist/), and Debian's Chromium driven by playwright-core. Nothing is downloaded.
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
export const root = resolve(here, "..", "..");
export const artifacts = join(root, "tests", "artifacts");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Serves `dir` under the URL prefix `base` (e.g. "/" or "/paxos/") on 127.0.0.1, on a free port.
 * @param {string} dir
 * @param {string} [base]
 */
export async function serve(dir, base = "/") {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end("not found");
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length));
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(dir, rel));
    if (!file.startsWith(resolve(dir) + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(undefined)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}${base}`,
    close: () => new Promise((ok) => server.close(() => ok(undefined))),
  };
}

/** Launches Debian's Chromium headless, with the flags this sandbox needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * Opens a page, failing the test on any uncaught error or console error.
 * @param {import("playwright-core").Browser} browser
 * @param {string} url
 * @param {{ width: number, height: number }} [viewport]
 */
export async function open(browser, url, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  /** @type {string[]} */
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
  });
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return { page, problems };
}

/**
 * Saves a screenshot under tests/artifacts (not committed).
 * @param {import("playwright-core").Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Serves a build and launches Chromium for the tests of one file, closing both afterwards.
 * @param {string} [dist] the build folder under the repository root
 * @param {string} [base] the URL prefix it is served under
 */
export function suite(dist = "dist", base = "/") {
  const ctx = {
    url: "",
    /** @type {import("playwright-core").Browser} */
    browser: /** @type {any} */ (null),
  };
  /** @type {Awaited<ReturnType<typeof serve>> | undefined} */
  let server;
  before(async () => {
    server = await serve(join(root, dist), base);
    ctx.url = server.url;
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await server?.close();
  });
  return ctx;
}
