// The npm package as a user gets it: `cargo xtask test package` packs target/pkg, installs the
// tarball offline into an empty folder, copies this file there and runs it. It imports the
// installed `paxos-core` (not the repository's sources), so it checks what ships: the bindings
// load in Node, a run chooses a value, a trace round-trips, and a bad call throws a clear Error.
// Any failed assertion exits non-zero.
//
// FIXTURES (optional) is the repository's tests/fixtures: an old-version trace must replay to
// its pinned snapshot through the package too.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Explorer, Simulation } from "paxos-core";

/** Runs `check`, prints its name, and lets a failure end the process (non-zero exit). */
function check(name, body) {
  body();
  console.log(`ok - ${name}`);
}

/** The message of the Error `call` throws; fails if it throws nothing or a non-Error. */
function thrown(call) {
  try {
    call();
  } catch (err) {
    assert.ok(err instanceof Error, `expected an Error, got ${typeof err}: ${err}`);
    return err.message;
  }
  assert.fail("expected the call to throw");
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

check("the installed package says what it is and needs nothing else", () => {
  const dir = join("node_modules", "paxos-core");
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  assert.equal(manifest.name, "paxos-core");
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  assert.ok(manifest.description, "a description");
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.match(manifest.repository?.url ?? "", /^https:\/\//);
  assert.ok(manifest.keywords?.includes("paxos"), "keywords");
  assert.equal(manifest.dependencies, undefined, "no runtime dependencies");
  const types = readFileSync(join(dir, manifest.types), "utf8");
  assert.match(types, /export class Simulation\b/);
  assert.match(types, /export interface Config\b/);
  const readme = readFileSync(join(dir, "README.md"), "utf8");
  assert.match(readme, /## Trace format/);
  assert.match(readme, /version 4/);
});

// 1 proposer (node 0), 3 acceptors (nodes 1-3), 1 learner (node 4).
const config = { proposers: 1, acceptors: 3, learners: 1 };
const sim = new Simulation(config, 7);

check("a proposed value gets chosen", () => {
  const proposed = sim.propose(0, "blue");
  assert.equal(proposed.step, 1);
  assert.ok(proposed.events.some((e) => e.type === "proposed" && e.value === "blue"));
  let chosen = null;
  for (let i = 0; i < 1000 && chosen === null; i++) {
    const report = sim.step();
    assert.notEqual(report, null, "the run went quiet before a value was chosen");
    chosen = report.events.find((e) => e.type === "chosen") ?? null;
  }
  assert.ok(chosen, "no value chosen in 1000 steps");
  assert.equal(chosen.value, "blue");
  assert.equal(chosen.acceptors.length >= 2, true, "a majority of 3 accepted it");
  const snap = sim.snapshot();
  assert.deepEqual(
    snap.chosen.map((c) => c.value),
    ["blue"],
  );
  for (const rule of ["agreement", "validity", "integrity", "promiseMonotonicity"]) {
    assert.equal(snap.checks[rule], true, `${rule} holds`);
  }
});

check("the run goes quiet: step() returns null", () => {
  let steps = 0;
  while (sim.step() !== null) {
    steps += 1;
    assert.ok(steps < 1000, "still busy after 1000 more steps");
  }
  const learner = sim.snapshot().nodes.find((n) => n.learner);
  assert.equal(learner.learner.learned?.value, "blue", "the learner learned blue");
});

check("a trace round-trips through JSON to the same run", () => {
  const trace = sim.trace();
  assert.equal(trace.version, 4);
  assert.equal(trace.seed, 7);
  assert.deepEqual(trace.actions[0], { type: "propose", node: 0, value: "blue" });
  const copy = Simulation.fromTrace(JSON.stringify(trace));
  assert.ok(same(copy.snapshot(), sim.snapshot()), "same snapshot after the import");
  assert.ok(same(copy.trace(), trace), "the copy exports the same trace");
  assert.equal(copy.permalink(), sim.permalink());
  // From an object too, rewound: the cursor travels with the trace.
  copy.seek(3);
  const rewound = Simulation.fromTrace(copy.trace());
  assert.equal(rewound.timeline().cursor, 3);
  assert.equal(rewound.timeline().length, trace.actions.length);
  assert.ok(same(rewound.snapshot(), copy.snapshot()));
  // And both go on identically from there.
  copy.crash(1);
  rewound.crash(1);
  while (copy.step() !== null) rewound.step();
  assert.equal(rewound.step(), null);
  assert.ok(same(rewound.snapshot(), copy.snapshot()));
});

check("bad calls throw a clear Error and change nothing", () => {
  const before = JSON.stringify(sim.snapshot());
  assert.equal(
    thrown(() => sim.crash(9)),
    "there is no node 9: this cluster has nodes 0 to 4",
  );
  assert.match(thrown(() => sim.deliver(12345)), /there is no message #12345 in flight/);
  assert.match(thrown(() => sim.propose(-1, "red")), /node id must be a whole number/);
  assert.match(thrown(() => sim.propose(0, 42)), /a value must be a string, got number/);
  assert.match(thrown(() => sim.propose(1, "red")), /is not a proposer/);
  assert.equal(JSON.stringify(sim.snapshot()), before, "the refused calls changed nothing");

  assert.match(
    thrown(() => new Simulation({ proposers: 1, acceptor: 3 })),
    /invalid configuration: unknown field `acceptor`/,
  );
  assert.match(
    thrown(() => new Simulation({ acceptors: 12 })),
    /acceptors must be between 3 and 9, got 12/,
  );
  assert.match(thrown(() => Simulation.fromTrace("{\"version\": 4")), /^invalid trace: /);
  assert.match(
    thrown(() => Simulation.fromTrace({ ...sim.trace(), version: 99 })),
    /unsupported version 99; this build reads versions 1 to 4/,
  );
  assert.match(
    thrown(() =>
      Simulation.fromTrace({ version: 4, config, seed: 1, actions: [{ type: "deliver", id: 99 }] }),
    ),
    /invalid trace: action 1 \(deliver message #99\) failed/,
  );
  // Still usable after all of that.
  assert.equal(new Simulation(config, 7).propose(0, "x").step, 1);
});

check("the explorer lists the moves at the cursor", () => {
  const fresh = new Simulation(config, 7);
  fresh.propose(0, "blue");
  const { moves } = new Explorer().explore(fresh);
  assert.ok(moves.some((m) => m.action.type === "deliver"));
  fresh.apply(moves[0].action);
  assert.equal(fresh.timeline().length, 2);
});

if (process.env.FIXTURES) {
  check("a version-3 trace replays to its pinned snapshot", () => {
    const trace = readFileSync(join(process.env.FIXTURES, "golden-trace-v3.json"), "utf8");
    const want = JSON.parse(readFileSync(join(process.env.FIXTURES, "golden-snapshot-v3.json"), "utf8"));
    const replayed = Simulation.fromTrace(trace);
    assert.ok(same(replayed.snapshot(), want), "snapshot differs from golden-snapshot-v3.json");
    assert.equal(replayed.trace().version, 4, "re-exported in the current version");
  });
}

console.log("package smoke test passed");
