// The package's TypeScript declarations as a user gets them: `cargo xtask test package` copies
// this file beside the installed package and runs `tsc --noEmit --strict` on it. It is only
// type-checked, never run; a wrong or missing declaration fails the stage.

import { Explorer, Simulation, type Config, type Report, type Snapshot, type Trace } from "paxos-core";

const config: Partial<Config> = { proposers: 1, acceptors: 3, learners: 1, mode: "basic" };
const sim: Simulation = new Simulation(config, 7);
const proposed: Report = sim.propose(0, "blue");
const next: Report | null = sim.step();
const snapshot: Snapshot = sim.snapshot();
const chosen: string[] = snapshot.chosen.map((c) => c.value);
const agreement: boolean = snapshot.checks.agreement;
const trace: Trace = sim.trace();
const version: number = trace.version;
const copy: Simulation = Simulation.fromTrace(JSON.stringify(trace));
const moves = new Explorer().explore(copy).moves;
copy.apply(moves[0].action);
const cursor: number = copy.timeline().cursor;
const link: string = sim.permalink();

// @ts-expect-error: a proposed value is a string
sim.propose(0, 42);
// @ts-expect-error: no such configuration field
const wrong: Partial<Config> = { acceptor: 3 };

export { proposed, next, chosen, agreement, version, cursor, link, wrong };
