// Trunk post-build hook: makes the page's stylesheet and HTML smaller without changing what they
// mean (page weight: DESIGN.md's first-load budget). The sources in web/ keep their comments and
// indentation, to be read; the page gets
// - the stylesheets and wasm-bindgen's JavaScript glue minified by esbuild (tests/package.json
//   pins it), with the Subresource Integrity hashes Trunk put on their <link>s rewritten to match;
// - index.html without comments and without the indentation at the start of its lines, outside
//   its inline scripts (the page has no <pre> or <textarea>, whose spaces would show).
// Trunk's own minifier is off (Trunk.toml says why). Then it runs csp.mjs, which hashes the
// inline scripts as they are served: one hook, because Trunk starts a stage's hooks together.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";

const { transform } = createRequire(new URL("../tests/package.json", import.meta.url))("esbuild");

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("minify.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR unset)");
const file = join(dir, "index.html");
let page = readFileSync(file, "utf8");
if (/<(pre|textarea)\b/.test(page)) throw new Error("index.html has a <pre> or <textarea>: its indentation would be lost");

/**
 * Minifies one file in place; where index.html links it with an integrity hash, the hash is
 * rewritten to match.
 * @param {string} name the file, relative to the staging directory
 * @param {"css" | "js"} loader
 */
async function minify(name, loader) {
  const path = join(dir, name);
  const before = readFileSync(path, "utf8");
  const { code } = await transform(before, { loader, minify: true, format: loader === "js" ? "esm" : undefined, logLevel: "warning" });
  writeFileSync(path, code);
  const link = new RegExp(`(<link[^>]*href="[^"]*${name.replace(/[.]/g, "\\.")}"[^>]*integrity=")sha384-[^"]+(")`);
  page = page.replace(link, `$1sha384-${createHash("sha384").update(code).digest("base64")}$2`);
  console.log(`minify.mjs: ${name} ${before.length} -> ${code.length} bytes`);
}

const sheets = readdirSync(dir).filter((f) => /^style-[0-9a-f]+\.css$/.test(f));
if (sheets.length !== 1) throw new Error(`expected one stylesheet in ${dir}, found ${sheets.length}`);
if (!page.includes(`${sheets[0]}" integrity="sha384-`)) throw new Error(`index.html links ${sheets[0]} without an integrity hash`);
await minify(sheets[0], "css");
// The styles of the parts made when first used (js/late-styles.js fetches it; no integrity hash).
await minify("late.css", "css");
// wasm-bindgen's JavaScript glue of each engine (the first-load one here, the full one in full/,
// the model checker's in check/): ES modules, exports kept.
for (const sub of ["", "full", "check"]) {
  for (const f of readdirSync(join(dir, sub)).filter((f) => /^paxos-[a-z-]+?(-[0-9a-f]+)?\.js$/.test(f))) {
    await minify(sub ? `${sub}/${f}` : f, "js");
  }
}

// Outside inline scripts: no comments, no indentation.
const parts = page.split(/(<script\b[\s\S]*?<\/script>)/);
const html = parts.map((part, i) => (i % 2 ? part : part.replace(/<!--[\s\S]*?-->/g, "").replace(/\n[ \t]+/g, "\n"))).join("");
writeFileSync(file, html);
console.log(`minify.mjs: index.html ${page.length} -> ${html.length} bytes`);

// The Content-Security-Policy, written into the page as it now is.
await import("./csp.mjs");
