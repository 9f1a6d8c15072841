// Trunk post-build hook: bundles and minifies the page's scripts with esbuild (tests/package.json
// pins it). The sources in web/js/ are ES modules with long comments, written to be read and
// type-checked; the page gets the same modules as a few minified files instead of 49 commented
// ones: the entry js/app.js, the checker's worker js/check-worker.js, and one file for each
// module the page imports only when first used (every `import("./name.js")` in the sources: the
// Check panel, the explorer, the lesson runner, the settings form, the inspector, the keyboard
// help, the "why can it never change?" words, the parts only Multi-Paxos and two-phase commit
// use). Each is a bundle of its own
// and app.js leaves them out; the few stateless helpers they share with it (formatting, words,
// DOM) are copied into them (and late.js, whose state, what the full engine brought, lives on
// globalThis: one for the page, whichever copy reads it). (esbuild's code splitting would share those helpers instead, but
// cuts them into many small chunks that the first load fetches anyway, and small files
// compress worse: it measured no smaller.) The names index.html and the check client load
// (js/app.js, js/check-worker.js) stay.
import { rmSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";

// esbuild is installed with the other page tools in tests/node_modules (`cargo xtask` runs `npm ci`).
const { build } = createRequire(new URL("../tests/package.json", import.meta.url))("esbuild");

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("bundle.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR unset)");
const sources = join(dir, "js");
const out = join(dir, "js.bundled");

// The modules imported only when first used: every `import()` of a literal path, as esbuild's
// own resolution of the sources reports it (a trial bundle, not written).
const trial = await build({ entryPoints: [join(sources, "app.js")], bundle: true, format: "esm", splitting: true, outdir: out, write: false, metafile: true, logLevel: "warning" });
const lazy = new Set(
  Object.values(trial.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => basename(i.path))),
);

const options = {
  bundle: true,
  format: "esm",
  // Top-level await (app.js waits for the wasm) and class fields need ES2022; every browser that
  // runs the page's WebAssembly has it.
  target: "es2022",
  minify: true,
  outdir: out,
  logLevel: "warning",
  // Each lazily imported module stays a file of its own, loaded by its `import()`.
  external: [...lazy].map((name) => `./${name}`),
  metafile: true,
};
const results = [
  await build({ ...options, entryPoints: [join(sources, "app.js"), join(sources, "check-worker.js")] }),
  await build({ ...options, entryPoints: [...lazy].map((name) => join(sources, name)) }),
];
rmSync(sources, { recursive: true });
renameSync(out, sources);
const files = results.reduce((n, r) => n + Object.keys(r.metafile.outputs).length, 0);
console.log(`bundle.mjs: web/js bundled and minified into ${files} file(s)`);
