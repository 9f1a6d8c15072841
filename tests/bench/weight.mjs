// Benchmark: the page's weight, as a browser fetches it (prints numbers; `cargo xtask test weight`).
//
// * First load: what index.html makes the browser fetch before the page works: the HTML, its
//   style sheet and icon, its scripts with every module they import statically, and the wasm
//   Trunk's loader fetches. Each file is measured gzip -9, file by file, the way an HTTP server
//   sends it, against the budget (DESIGN.md: 150 KB).
// * Loaded when first used: every other file in dist/ (the full engine, the model checker, the scripts split off
//   behind `import()`, the embed page), each measured the same way.
// * Where the core's wasm bytes go: its largest functions, read from the name section of the
//   first-load engine (crates/paxos-lite) Cargo left in target/ (the shipped file has no names;
//   wasm-opt leaves them out), as a bar chart, and the same code summed by crate.
//
// Usage: node bench/weight.mjs [DIST] (default ../dist). It fails only when it cannot read the page.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname, posix } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = process.argv[2] ?? join(root, "dist");
/** The first-load budget of DESIGN.md, in bytes (150 KB, counted as 150,000). */
const BUDGET = 150_000;

/** @param {string} file */
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
/** @param {number} n */
const num = (n) => n.toLocaleString("en-US");

/** Every file under `dir`, as paths relative to dist with forward slashes. @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(dist, path).split("\\").join("/")];
  });
}

/**
 * The dist-relative path a reference in `from` names, or null for another origin or a data URL.
 * @param {string} from @param {string} ref
 */
function resolve(from, ref) {
  if (/^[a-z]+:/i.test(ref) || ref.startsWith("//") || ref.startsWith("#")) return null;
  const clean = ref.split(/[?#]/)[0];
  const joined = clean.startsWith("/") ? clean.slice(1) : posix.join(posix.dirname(from), clean);
  return posix.normalize(joined).replace(/^\.\//, "");
}

/** A tag's attributes, quoted or not (the minified page leaves out quotes). @param {string} tag @returns {Record<string, string>} */
function attributes(tag) {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)].map(([, k, a, b, c]) => [k, a ?? b ?? c ?? ""]));
}

/** The files index.html loads at once, with the modules they import statically. */
function firstLoad() {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const found = new Set(["index.html"]);
  const queue = [];
  // <link href> of style sheets, icons, preloads; <script src>; and, inside Trunk's inline
  // loader, the glue module it imports and the wasm it fetches.
  for (const [, tag] of html.matchAll(/<link\b([^>]*)>/g)) {
    const { rel = "", href } = attributes(tag);
    if (href && /stylesheet|icon|modulepreload|preload/.test(rel)) queue.push(resolve("index.html", href));
  }
  for (const [, tag, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const { src } = attributes(tag);
    if (src) queue.push(resolve("index.html", src));
    for (const [, ref] of body.matchAll(/['"]([^'"]+\.(?:js|wasm))['"]/g)) queue.push(resolve("index.html", ref));
  }
  while (queue.length) {
    const file = queue.pop();
    if (!file || found.has(file) || !existsSync(join(dist, file))) continue;
    found.add(file);
    if (file.endsWith(".js")) {
      const text = readFileSync(join(dist, file), "utf8");
      // Static imports and re-exports only: `import(...)` is what loads when first used.
      for (const [, ref] of text.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*${},\s]+?\s*from\s*)?["']([^"']+)["']/g)) {
        queue.push(resolve(file, ref));
      }
    }
  }
  return found;
}

/** @param {string} title @param {string[]} files */
function table(title, files) {
  const rows = files.map((f) => ({ f, raw: statSync(join(dist, f)).size, gz: gz(join(dist, f)) })).sort((a, b) => b.gz - a.gz);
  const total = rows.reduce((s, r) => s + r.gz, 0);
  console.log(`\n${title}`);
  console.log(`${"file".padEnd(48)} ${"bytes".padStart(10)} ${"gzip -9".padStart(10)}`);
  for (const r of rows) console.log(`${r.f.padEnd(48)} ${num(r.raw).padStart(10)} ${num(r.gz).padStart(10)}`);
  console.log(`${"total".padEnd(48)} ${num(rows.reduce((s, r) => s + r.raw, 0)).padStart(10)} ${num(total).padStart(10)}`);
  return total;
}

/** Reads an unsigned LEB128 at `at`. @param {Uint8Array} b @param {number} at @returns {[number, number]} */
function leb(b, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = b[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** Each defined function's code size and name, from a wasm file with a name section. @param {string} file */
function functions(file) {
  const b = readFileSync(file);
  /** @type {number[]} */
  const sizes = [];
  /** @type {Map<number, string>} */
  const names = new Map();
  let imported = 0;
  let at = 8;
  while (at < b.length) {
    const id = b[at];
    const [length, start] = leb(b, at + 1);
    const end = start + length;
    if (id === 2) {
      // Imports: count the functions, whose indices come before the defined ones.
      let [count, p] = leb(b, start);
      for (; count > 0; count--) {
        for (let s = 0; s < 2; s++) {
          const [n, q] = leb(b, p);
          p = q + n;
        }
        const kind = b[p++];
        if (kind === 0) [, p] = leb(b, p), imported++;
        else if (kind === 1) (p += 1), ([, p] = b[p] & 1 ? leb(b, leb(b, p + 1)[1]) : leb(b, p + 1));
        else if (kind === 2) [, p] = b[p] & 1 ? leb(b, leb(b, p + 1)[1]) : leb(b, p + 1);
        else if (kind === 3) p += 2;
        else if (kind === 4) [, p] = leb(b, p + 1);
      }
    } else if (id === 10) {
      let [count, p] = leb(b, start);
      for (; count > 0; count--) {
        const [n, q] = leb(b, p);
        sizes.push(q - p + n);
        p = q + n;
      }
    } else if (id === 0) {
      const [n, q] = leb(b, start);
      if (b.subarray(q, q + n).toString() === "name") {
        let p = q + n;
        while (p < end) {
          const sub = b[p];
          const [len, body] = leb(b, p + 1);
          if (sub === 1) {
            let [count, r] = leb(b, body);
            for (; count > 0; count--) {
              const [index, s] = leb(b, r);
              const [nameLength, t] = leb(b, s);
              names.set(index, b.subarray(t, t + nameLength).toString());
              r = t + nameLength;
            }
          }
          p = body + len;
        }
      }
    }
    at = end;
  }
  return sizes.map((size, i) => ({ size, name: (names.get(imported + i) ?? `function ${imported + i}`).replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "") }));
}

/** The crate a function's code belongs to: the first path in its name, impl blocks included. @param {string} name */
function crateOf(name) {
  // `<T as Trait>::f` and `<impl Trait for T>::f`: the type's crate, which monomorphised it.
  const type = /^<(?:impl [^<>]* for )?&?(?:mut )?(?:dyn )?([a-z_][a-z0-9_]*)::/.exec(name)?.[1];
  return type ?? /^([a-z_][a-z0-9_]*)::/.exec(name)?.[1] ?? "(other)";
}

const all = walk(dist);
const first = firstLoad();
console.log(`The page in ${relative(process.cwd(), dist) || "."}: ${all.length} files`);
const total = table("First load (what index.html fetches before the page works)", [...first]);
const verdict = total <= BUDGET ? `within the budget, ${num(BUDGET - total)} bytes to spare` : `OVER the budget by ${num(total - BUDGET)} bytes`;
console.log(`first load: ${num(total)} bytes gzip -9, budget ${num(BUDGET)}: ${verdict}`);
// (The .d.ts is for the type-check; the page never fetches it.)
table("Loaded when first used (the full engine: Multi-Paxos, two-phase commit, lessons, ready-made runs, explorer, trace files; the Check panel and its model checker; the settings form, the inspector, the keyboard help and their styles; the embed page)", all.filter((f) => !first.has(f) && !f.endsWith(".d.ts")));

// Cargo's build of the core, run through wasm-bindgen by `cargo xtask test weight`, which
// demangles the names (the same code as the shipped file, before wasm-opt).
const named = join(root, "target", "weight", "paxos_lite_bg.wasm");
if (!existsSync(named)) {
  console.log(`\n(no ${relative(root, named)}: build the page to see the core's largest functions)`);
} else {
  const fns = functions(named).sort((a, b) => b.size - a.size);
  const code = fns.reduce((s, f) => s + f.size, 0);
  const width = 40;
  console.log(`\nThe first-load engine's code before wasm-opt: ${num(fns.length)} functions, ${num(code)} bytes; the largest 25:`);
  for (const f of fns.slice(0, 25)) {
    const bar = "█".repeat(Math.max(1, Math.round((f.size / fns[0].size) * width)));
    console.log(`${num(f.size).padStart(7)} ${bar.padEnd(width)} ${f.name.length > 110 ? `${f.name.slice(0, 109)}…` : f.name}`);
  }
  /** @type {Map<string, number>} */
  const crates = new Map();
  for (const f of fns) {
    const crate = crateOf(f.name);
    crates.set(crate, (crates.get(crate) ?? 0) + f.size);
  }
  const byCrate = [...crates].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log("\nThe same code by crate (generic code counts where it was monomorphised):");
  for (const [name, size] of byCrate) {
    const bar = "█".repeat(Math.max(1, Math.round((size / byCrate[0][1]) * width)));
    console.log(`${num(size).padStart(9)} ${(((100 * size) / code).toFixed(1) + "%").padStart(6)} ${bar.padEnd(width)} ${name}`);
  }
}
