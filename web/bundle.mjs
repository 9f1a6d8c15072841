// Trunk post-build hook: bundles and minifies the page's scripts with esbuild (tests/package.json
// pins it). The sources in web/js/ are ES modules with long comments, written to be read and
// type-checked; the page gets the same modules as a few minified files instead of 49 commented
// ones: the entry js/app.js, the checker's worker js/check-worker.js, and chunks for what they
// share and for what the page imports only when first used (`import()`), which esbuild splits
// off. The names index.html and the check client load (js/app.js, js/check-worker.js) stay.
import { rmSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// esbuild is installed with the other page tools in tests/node_modules (`cargo xtask` runs `npm ci`).
const { build } = createRequire(new URL("../tests/package.json", import.meta.url))("esbuild");

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("bundle.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR unset)");
const sources = join(dir, "js");
const out = join(dir, "js.bundled");

const result = await build({
  entryPoints: [join(sources, "app.js"), join(sources, "check-worker.js")],
  bundle: true,
  splitting: true,
  format: "esm",
  // Top-level await (app.js waits for the wasm) and class fields need ES2022; every browser that
  // runs the page's WebAssembly has it.
  target: "es2022",
  minify: true,
  // Chunk names carry a content hash, so a new build never meets a stale cached chunk.
  chunkNames: "chunk-[hash]",
  outdir: out,
  logLevel: "warning",
  metafile: true,
});
rmSync(sources, { recursive: true });
renameSync(out, sources);
const files = Object.keys(result.metafile.outputs).length;
console.log(`bundle.mjs: web/js bundled and minified into ${files} file(s)`);
