// Trunk post-build hook: writes the page's Content-Security-Policy. Trunk's wasm loader is an
// inline module script whose text changes with every build (it names the hashed files), so the
// policy allows exactly the inline scripts of this build by their SHA-256, and nothing else.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("csp.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR unset)");
const file = join(dir, "index.html");
const page = readFileSync(file, "utf8");
if (!page.includes("__CSP__")) throw new Error("index.html has no __CSP__ placeholder");

const hashes = [...page.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`,
);
const policy = [
  "default-src 'none'",
  // 'wasm-unsafe-eval' lets WebAssembly compile; nothing else may be evaluated.
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self'",
  // The .wasm fetches, the page's and the checker's worker's. (Trunk's live reload is not allowed: `cargo xtask serve` turns it off.)
  "connect-src 'self'",
  // The model checker runs in a module worker of this origin (check-worker.js).
  "worker-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");
writeFileSync(file, page.replace("__CSP__", policy));
console.log(`csp.mjs: ${hashes.length} inline script(s) allowed by hash`);
