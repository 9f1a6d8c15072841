//! `cargo xtask soak`: the long soak of seeded fault schedules, apart from `cargo xtask test`.
//!
//! It runs the ignored test in `crates/paxos-core/tests/soak.rs` (in the test profile, which
//! shares its build with the normal tests), passing the flags as environment variables: by
//! default 100,000 Basic Paxos, 20,000 Multi-Paxos and 20,000 two-phase-commit schedules, each
//! checked after every action and for termination once the faults stop. It fails, naming the
//! seed that replays each failing schedule alone, on any broken rule or run that does not
//! terminate.

use crate::{run, section, Project, Result};

const USAGE: &str =
    "usage: cargo xtask soak [--basic N] [--multi N] [--twopc N] [--seed S] [--threads N] [--strict]";

/// The flags that take a number, and the variable each sets.
const COUNTS: [(&str, &str); 5] = [
    ("--basic", "SOAK_BASIC"),
    ("--multi", "SOAK_MULTI"),
    ("--twopc", "SOAK_TWOPC"),
    ("--seed", "SOAK_SEED"),
    ("--threads", "SOAK_THREADS"),
];

/// Runs the soak with `args` (the flags of [`USAGE`]); the defaults for the flags not given,
/// whatever the environment says.
pub fn soak(project: &Project, args: &[String]) -> Result {
    let mut command = project.cmd(
        "cargo",
        &[
            "test",
            "-p",
            "paxos-core",
            "--test",
            "soak",
            "--",
            "--ignored",
            "--exact",
            "soak",
            "--nocapture",
        ],
    );
    for (_, var) in COUNTS {
        command.env_remove(var);
    }
    command.env_remove("SOAK_STRICT");
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--strict" {
            command.env("SOAK_STRICT", "1");
            continue;
        }
        let Some((_, var)) = COUNTS.iter().find(|(name, _)| name == flag) else {
            return Err(format!("unknown flag {flag:?}; {USAGE}"));
        };
        let value = args
            .next()
            .filter(|v| v.parse::<u64>().is_ok())
            .ok_or_else(|| format!("{flag} takes a number; {USAGE}"))?;
        command.env(var, value);
    }
    section("soak: seeded fault schedules, every rule after every action, then termination");
    run(command)
}
