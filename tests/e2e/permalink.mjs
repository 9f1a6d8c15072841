// Reads a page's address as the tests' evidence of what run it shows: the configuration a
// permalink carries.
import assert from "node:assert/strict";

/**
 * The configuration a permalink carries (formats v2 to v4: base64url of a length-prefixed JSON
 * of the fields that differ from the defaults, then the rest of the run).
 * @param {string} url
 */
export function linkedConfig(url) {
  const hash = new URL(url).hash;
  assert.match(hash, /^#v[234]\./);
  const bytes = Buffer.from(hash.slice(4), "base64url");
  let length = 0;
  let i = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[i++];
    length |= (b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  return JSON.parse(bytes.subarray(i, i + length).toString("utf8"));
}
