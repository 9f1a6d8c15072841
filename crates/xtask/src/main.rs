//! Project commands, run as `cargo xtask <command>` from anywhere in the repository:
//!
//! * `serve [--port N]`: installs what the page needs, then `trunk serve` on 127.0.0.1;
//! * `test [STAGE...]`: installs what the stages need, then runs them (every stage when none is
//!   named: format, lints, native tests, benchmarks, wasm in Node and in headless Chromium and
//!   Firefox, the npm package used from an offline install, the page's build, type-check, the
//!   browser end-to-end tests, and benchmarks that print numbers: the page's weight (`weight`),
//!   frame times (`frames`) and the model checker in wasm beside native (`check-wasm`));
//!   `test --list` lists the stages;
//! * `build [--public-url /path/]`: installs what the page needs, then builds it into dist/ for
//!   hosting; by default with relative links (`./`), so the same files work at any path;
//! * `package`: builds the core as an npm package (wasm-pack, for Node) into target/pkg/;
//! * `compare`: our model checker and Stateright side by side on the long cases too (a million
//!   states and more each, minutes; `test`'s bench stage runs only the short ones);
//! * `soak [--basic N] [--multi N] [--twopc N] [--seed S] [--threads N] [--strict]`: the long
//!   soak of seeded fault schedules (100,000 Basic Paxos, 20,000 Multi-Paxos and 20,000
//!   two-phase-commit ones by default), every safety check after every action, then
//!   termination once the faults stop (`soak.rs`);
//! * `setup`: only installs.
//!
//! Installation follows `../shared/TOOLCHAIN.md`: every tool is checked first and installed only
//! when missing or at the wrong version, so a second run skips straight to the work.

use std::cell::Cell;
use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod firefox;
mod package;
mod soak;

/// wasm-pack version known to work (TOOLCHAIN.md).
const WASM_PACK: &str = "0.15.1";
/// trunk version known to work; 0.22 needs a newer rustc.
const TRUNK: &str = "0.21.14";
/// The public URL of the page the tests check and `cargo xtask build` makes: relative links, so
/// the same files work at / and under any sub-path (a static docs host's /REPO/, say).
const RELATIVE: &str = "./";
/// The Debian packages of the browser and its driver.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

type Result<T = (), E = String> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("setup") => Project::locate().and_then(|p| p.setup(Needs::All)),
        Some("serve") => Project::locate().and_then(|p| p.serve(&args[1..])),
        Some("test") => Project::locate().and_then(|p| p.test(&args[1..])),
        Some("build") => Project::locate().and_then(|p| p.build(&args[1..])),
        Some("compare") => Project::locate().and_then(|p| p.compare()),
        Some("soak") => Project::locate().and_then(|p| soak::soak(&p, &args[1..])),
        Some("package") => Project::locate().and_then(|p| p.package(&args[1..])),
        _ => Err(
            "usage: cargo xtask <serve [--port N] | test [--list | STAGE...] | build [--public-url /path/] | package | compare | soak [--basic N] [--multi N] [--twopc N] [--seed S] [--threads N] [--strict] | setup>"
                .into(),
        ),
    };
    match result {
        Ok(()) => {
            eprintln!("xtask: done in {:.0} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Which tools a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// trunk, wasm-bindgen, wasm-opt: enough to build and serve the page.
    Page,
    /// Everything: also wasm-pack, Chromium, chromedriver, Playwright, Firefox and geckodriver.
    All,
}

struct Project {
    root: PathBuf,
    /// PATH with the project's tool folders first.
    path: OsString,
    /// Whether this run built the page already (a later stage then uses it as it is).
    built: Cell<bool>,
}

impl Project {
    fn locate() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .ok_or("cannot find the repository root")?
            .to_path_buf();
        let cargo_bin = env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .ok_or("neither CARGO_HOME nor HOME is set")?
            .join("bin");
        let mut dirs = vec![root.join("tests/node_modules/.bin"), cargo_bin];
        dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
        let path = env::join_paths(dirs).map_err(|e| e.to_string())?;
        Ok(Self {
            root,
            path,
            built: Cell::new(false),
        })
    }

    /// A command run from the repository root with the project's PATH.
    fn cmd(&self, program: &str, args: &[&str]) -> Command {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(&self.root)
            .env("PATH", &self.path);
        if program == "trunk" {
            // The page's wasm is built for size; native release builds (the model checker's
            // command line) keep the workspace's opt-level 3 for speed.
            command.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z");
        }
        command
    }

    fn run(&self, program: &str, args: &[&str]) -> Result {
        run(self.cmd(program, args))
    }

    /// The first line a tool prints for `--version`, or `None` if it does not run.
    fn version(&self, program: &str) -> Option<String> {
        let output = self.cmd(program, &["--version"]).output().ok()?;
        output.status.success().then(|| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
    }

    /// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
    fn locked_wasm_bindgen(&self) -> Result<String> {
        let lock = fs::read_to_string(self.root.join("Cargo.lock"))
            .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
        let mut lines = lock.lines();
        while let Some(line) = lines.next() {
            if line == r#"name = "wasm-bindgen""# {
                if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = ")) {
                    return Ok(version.trim_matches('"').to_string());
                }
            }
        }
        Err("Cargo.lock has no wasm-bindgen package".into())
    }

    fn setup(&self, needs: Needs) -> Result {
        section("setup: checking tools");
        self.ensure_wasm_target()?;
        let bindgen = self.locked_wasm_bindgen()?;
        self.ensure_cargo_tool(
            "wasm-bindgen",
            &format!("wasm-bindgen {bindgen}"),
            // `--locked` fails for this crate (TOOLCHAIN.md): install without it.
            &["install", "wasm-bindgen-cli", "--version", &bindgen],
        )?;
        self.ensure_cargo_tool(
            "trunk",
            &format!("trunk {TRUNK}"),
            &["install", "trunk", "--version", TRUNK, "--locked"],
        )?;
        self.ensure_node_modules()?;
        if needs == Needs::All {
            self.ensure_cargo_tool(
                "wasm-pack",
                &format!("wasm-pack {WASM_PACK}"),
                &["install", "wasm-pack", "--version", WASM_PACK, "--locked"],
            )?;
            self.ensure_components()?;
            self.ensure_chromium()?;
            self.ensure_firefox()?;
        }
        Ok(())
    }

    /// rustfmt and clippy, which `test` runs; rustup's default profile has them, minimal does not.
    fn ensure_components(&self) -> Result {
        let missing: Vec<&str> = [("rustfmt", "fmt"), ("clippy", "clippy")]
            .into_iter()
            .filter(|(_, sub)| {
                !self
                    .cmd("cargo", &[sub, "--version"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
            .map(|(component, _)| component)
            .collect();
        if missing.is_empty() {
            skip("rustfmt and clippy");
            return Ok(());
        }
        let mut args = vec!["component", "add"];
        args.extend(missing);
        self.run("rustup", &args)
    }

    fn ensure_wasm_target(&self) -> Result {
        let installed = self
            .cmd("rustup", &["target", "list", "--installed"])
            .output()
            .map_err(|e| format!("cannot run rustup: {e}"))?;
        if String::from_utf8_lossy(&installed.stdout).contains("wasm32-unknown-unknown") {
            skip("wasm32-unknown-unknown target");
            return Ok(());
        }
        self.run("rustup", &["target", "add", "wasm32-unknown-unknown"])
    }

    fn ensure_cargo_tool(&self, program: &str, want: &str, install: &[&str]) -> Result {
        match self.version(program) {
            Some(have) if have == want => {
                skip(want);
                Ok(())
            }
            have => {
                eprintln!(
                    "xtask: installing {want} (found: {}); this takes a few minutes once",
                    have.as_deref().unwrap_or("none")
                );
                self.run("cargo", install)?;
                match self.version(program) {
                    Some(now) if now == want => Ok(()),
                    now => Err(format!("installed {program} but it reports {now:?}")),
                }
            }
        }
    }

    /// Playwright (driving Debian's Chromium) and wasm-opt from binaryen 123, from npm, exactly
    /// as tests/package-lock.json pins them. Reinstalled when the lock file changes.
    fn ensure_node_modules(&self) -> Result {
        let tests = self.root.join("tests");
        let lock = fs::read(tests.join("package-lock.json"))
            .map_err(|e| format!("cannot read tests/package-lock.json: {e}"))?;
        let marker = tests.join("node_modules/.xtask-lock");
        if fs::read(&marker).ok().as_deref() == Some(lock.as_slice()) {
            skip("npm packages (playwright-core, binaryen)");
        } else {
            let mut npm = self.cmd("npm", &["ci", "--no-audit", "--no-fund"]);
            npm.current_dir(&tests);
            run(npm)?;
            fs::write(&marker, &lock).map_err(|e| e.to_string())?;
        }
        match self.version("wasm-opt") {
            Some(v) if v.contains("version_123") => Ok(()),
            other => Err(format!(
                "wasm-opt from binaryen 123 expected, found {other:?}"
            )),
        }
    }

    fn ensure_chromium(&self) -> Result {
        let have = [CHROMIUM, CHROMEDRIVER]
            .iter()
            .all(|tool| self.version(tool).is_some());
        if have {
            skip("chromium and chromedriver");
            return Ok(());
        }
        eprintln!("xtask: installing chromium and chromium-driver from Debian");
        self.apt_install(&["chromium", "chromium-driver"])
    }

    /// Debian `packages`: `apt-get update`, then `apt-get install` without recommends.
    fn apt_install(&self, packages: &[&str]) -> Result {
        let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
        install.extend_from_slice(packages);
        self.apt_get(&["update", "-qq"])
            .and_then(|()| self.apt_get(&install))
            .map_err(|e| {
                let list = packages.join(" ");
                format!(
                    "{e}\nInstall them by hand (`apt-get install {list}` as root) and run again."
                )
            })
    }

    /// `apt-get ARGS`, as root or through `sudo -n`, non-interactive.
    fn apt_get(&self, args: &[&str]) -> Result {
        let root = self
            .cmd("id", &["-u"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let mut command = if root {
            self.cmd("apt-get", args)
        } else {
            let mut sudo = self.cmd("sudo", &["-n", "apt-get"]);
            sudo.args(args);
            sudo
        };
        command.env("DEBIAN_FRONTEND", "noninteractive");
        run(command)
    }

    fn serve(&self, args: &[String]) -> Result {
        let port = match args {
            [] => "8080".to_string(),
            [flag, port] if flag == "--port" && port.parse::<u16>().is_ok() => port.clone(),
            _ => return Err("usage: cargo xtask serve [--port N]".into()),
        };
        self.setup(Needs::Page)?;
        section(&format!(
            "serving on http://127.0.0.1:{port}/ (Ctrl-C stops)"
        ));
        self.run(
            "trunk",
            &[
                "serve",
                // The page that gets hosted: optimised, and without Trunk's live-reload script,
                // which Trunk rewrites while serving, so the page's CSP could not allow it.
                "--release",
                "--no-autoreload",
                "--offline",
                "--skip-version-check",
                "--address",
                "127.0.0.1",
                "--port",
                &port,
            ],
        )
    }

    fn build(&self, args: &[String]) -> Result {
        let url = match args {
            [] => RELATIVE.to_string(),
            [flag, url]
                if flag == "--public-url"
                    && (url == RELATIVE || url.starts_with('/') && url.ends_with('/')) =>
            {
                url.clone()
            }
            _ => {
                return Err(
                    "usage: cargo xtask build [--public-url /path/] (with both slashes; the default, ./, works at any path)".into(),
                )
            }
        };
        self.setup(Needs::Page)?;
        section(&format!("building the page into dist/ for {url}"));
        self.trunk_build(&url)
    }

    /// `trunk build` of the release page into dist/, its links under `url`.
    fn trunk_build(&self, url: &str) -> Result {
        self.run(
            "trunk",
            &[
                "build",
                "--release",
                "--offline",
                "--skip-version-check",
                "--public-url",
                url,
            ],
        )
    }

    /// Our checker and Stateright on the short and the long cases (`side_by_side -- --long`).
    fn compare(&self) -> Result {
        section("our model checker and Stateright, side by side, short and long cases");
        self.run(
            "cargo",
            &[
                "bench",
                "-p",
                "check-vs-stateright",
                "--bench",
                "side_by_side",
                "--",
                "--long",
                "--repeat",
                "3",
            ],
        )
    }

    /// Runs the named stages, in the standard order (all of them when none is named).
    fn test(&self, args: &[String]) -> Result {
        if args.iter().any(|a| a == "--list") {
            eprintln!("stages of `cargo xtask test` (name them to run only those):");
            for stage in STAGES {
                eprintln!("  {:<12} {}", stage.name, stage.about);
            }
            return Ok(());
        }
        if let Some(unknown) = args
            .iter()
            .find(|a| !STAGES.iter().any(|s| s.name == a.as_str()))
        {
            let names: Vec<&str> = STAGES.iter().map(|s| s.name).collect();
            return Err(format!(
                "unknown stage {unknown:?}; the stages are: {}",
                names.join(", ")
            ));
        }
        let chosen: Vec<&Stage> = STAGES
            .iter()
            .filter(|s| args.is_empty() || args.iter().any(|a| a == s.name))
            .collect();
        let needs = if chosen.iter().any(|s| s.needs == Needs::All) {
            Needs::All
        } else {
            Needs::Page
        };
        self.setup(needs)?;
        let mut timings = Vec::new();
        for stage in &chosen {
            section(stage.about);
            let started = Instant::now();
            (stage.run)(self).map_err(|e| format!("{}: {e}", stage.name))?;
            timings.push((stage.name, started.elapsed().as_secs_f64()));
        }
        section("summary");
        for (name, seconds) in &timings {
            eprintln!("xtask: {name:<12} {seconds:>6.1} s");
        }
        eprintln!("xtask: all {} stages passed", timings.len());
        Ok(())
    }

    fn in_core(&self, program: &str, args: &[&str]) -> Command {
        let mut command = self.cmd(program, args);
        command.current_dir(self.root.join("crates/paxos-core"));
        command
    }

    /// The page as it is hosted, with relative links: the browser tests serve these same files
    /// at / and at /paxos/. (One build: each takes minutes, most of them in wasm-opt.)
    fn build_pages(&self) -> Result {
        self.trunk_build(RELATIVE)?;
        self.built.set(true);
        Ok(())
    }

    /// The page the browser tests and the type-check read: built from the current sources
    /// unless this run built it already, so `cargo xtask test e2e` never tests a stale page.
    fn ensure_pages(&self) -> Result {
        if self.built.get() {
            return Ok(());
        }
        self.build_pages()
    }
}

/// One stage of `cargo xtask test`.
struct Stage {
    /// The name to ask for it by.
    name: &'static str,
    /// What it does, in a line.
    about: &'static str,
    /// Whether it needs the browser tools (`Needs::All`) or only the page's.
    needs: Needs,
    run: fn(&Project) -> Result,
}

/// Every stage, in the order they run.
const STAGES: &[Stage] = &[
    Stage {
        name: "fmt",
        about: "format (cargo fmt --check)",
        needs: Needs::Page,
        run: |p| p.run("cargo", &["fmt", "--all", "--check"]),
    },
    Stage {
        name: "clippy",
        about: "clippy, native, -D warnings",
        needs: Needs::Page,
        run: |p| {
            p.run(
                "cargo",
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
            )
        },
    },
    Stage {
        name: "clippy-wasm",
        about: "clippy, wasm32, -D warnings",
        needs: Needs::Page,
        run: |p| {
            p.run(
                "cargo",
                &[
                    "clippy",
                    "-p",
                    "paxos-core",
                    "-p",
                    "paxos-check",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
            )?;
            // The page's first-load engine: paxos-core for Basic Paxos only, a build of its own
            // (with the packages above, paxos-core's features would be unified back in).
            p.run(
                "cargo",
                &[
                    "clippy",
                    "-p",
                    "paxos-lite",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--",
                    "-D",
                    "warnings",
                ],
            )
        },
    },
    Stage {
        name: "native",
        about: "native tests (unit, scenario, property, golden)",
        needs: Needs::Page,
        run: |p| {
            p.run(
                "cargo",
                &[
                    "test",
                    "--workspace",
                    "--exclude",
                    "paxos-lite",
                    "--",
                    "--nocapture",
                ],
            )?;
            // The first-load engine on its own, so paxos-core is built with its features only.
            p.run("cargo", &["test", "-p", "paxos-lite"])
        },
    },
    Stage {
        name: "bench",
        about: "benchmarks: seeking a 100,000-step history; cloning and hashing a world; livelock rounds; model-checking states/s; our checker beside Stateright (short cases)",
        needs: Needs::Page,
        run: |p| {
            p.run("cargo", &["bench", "-p", "paxos-core", "--bench", "seek"])?;
            p.run("cargo", &["bench", "-p", "paxos-core", "--bench", "world"])?;
            p.run("cargo", &["bench", "-p", "paxos-core", "--bench", "livelock"])?;
            // One invocation for both: Stateright turns on serde's `rc` feature, and separate
            // invocations would build paxos-check twice with different features.
            p.run(
                "cargo",
                &[
                    "bench",
                    "-p",
                    "paxos-check",
                    "-p",
                    "check-vs-stateright",
                    "--bench",
                    "states",
                    "--bench",
                    "side_by_side",
                ],
            )
        },
    },
    Stage {
        name: "wasm-node",
        about: "wasm tests in Node",
        needs: Needs::All,
        run: |p| run(p.in_core("wasm-pack", &["test", "--node", "--mode", "no-install"])),
    },
    Stage {
        name: "wasm-chrome",
        about: "wasm tests in headless Chromium",
        needs: Needs::All,
        run: |p| {
            let mut command = p.in_core(
                "wasm-pack",
                &["test", "--headless", "--chrome", "--mode", "no-install"],
            );
            command
                .env("WASM_BINDGEN_USE_BROWSER", "1")
                .env("CHROMEDRIVER", CHROMEDRIVER);
            run(command)?;
            // The model checker's wasm tests (browser only).
            let mut command = p.cmd(
                "wasm-pack",
                &["test", "--headless", "--chrome", "--mode", "no-install"],
            );
            command
                .current_dir(p.root.join("crates/paxos-check"))
                .env("CHROMEDRIVER", CHROMEDRIVER);
            run(command)
        },
    },
    Stage {
        name: "wasm-firefox",
        about: "wasm tests in headless Firefox (geckodriver)",
        needs: Needs::All,
        run: Project::wasm_firefox,
    },
    Stage {
        name: "package",
        about: "npm package: wasm-pack build for Node, npm pack, offline install in an empty folder, smoke test and tsc there",
        needs: Needs::All,
        run: Project::test_package,
    },
    Stage {
        name: "page",
        about: "page build (release, relative links: served at / and at /paxos/ by the tests)",
        needs: Needs::Page,
        run: Project::build_pages,
    },
    Stage {
        name: "types",
        about: "type-check the page's scripts (tsc)",
        needs: Needs::Page,
        run: |p| {
            p.ensure_pages()?;
            p.type_check()
        },
    },
    Stage {
        name: "e2e",
        about: "browser end-to-end tests (Playwright, Chromium)",
        needs: Needs::All,
        run: |p| {
            p.ensure_pages()?;
            let mut command = p.cmd("npm", &["test"]);
            command
                .current_dir(p.root.join("tests"))
                .env("CHROMIUM", CHROMIUM);
            run(command)
        },
    },
    Stage {
        name: "weight",
        about: "benchmark: the page's first-load weight (gzip -9) against its budget, what loads when first used, and the core's largest wasm functions (prints numbers)",
        needs: Needs::Page,
        run: |p| {
            p.ensure_pages()?;
            // The first-load engine as Cargo built it for the page, with its name section,
            // through wasm-bindgen (which demangles the names): the function table.
            let built = p.root.join("target/wasm32-unknown-unknown/release/paxos_lite.wasm");
            let out = p.root.join("target/weight");
            p.run(
                "wasm-bindgen",
                &[
                    "--target",
                    "web",
                    "--out-dir",
                    &out.to_string_lossy(),
                    &built.to_string_lossy(),
                ],
            )?;
            let mut command = p.cmd("node", &["bench/weight.mjs"]);
            command.current_dir(p.root.join("tests"));
            run(command)
        },
    },
    Stage {
        name: "frames",
        about: "benchmark: frame times and long tasks in Chromium at 9 nodes (prints numbers)",
        needs: Needs::All,
        run: |p| {
            p.ensure_pages()?;
            let mut command = p.cmd("node", &["bench/frames.mjs"]);
            command
                .current_dir(p.root.join("tests"))
                .env("CHROMIUM", CHROMIUM);
            run(command)
        },
    },
    Stage {
        name: "check-wasm",
        about: "benchmark: the model checker in wasm (headless Chromium) beside native, states/s and their ratio (prints numbers)",
        needs: Needs::All,
        run: |p| {
            p.ensure_pages()?;
            // The native side: the command line at opt-level 3, in the bench profile the bench
            // stage already built paxos-check with (the same packages, so the same features):
            // only the binary is left to build, where the release profile's fat LTO would take
            // two minutes. It lands in target/release/ all the same.
            p.run(
                "cargo",
                &[
                    "build",
                    "--profile",
                    "bench",
                    "-p",
                    "paxos-check",
                    "-p",
                    "check-vs-stateright",
                    "--bins",
                ],
            )?;
            let mut command = p.cmd("node", &["bench/check-wasm.mjs"]);
            command
                .current_dir(p.root.join("tests"))
                .env("CHROMIUM", CHROMIUM);
            run(command)
        },
    },
];

impl Project {
    /// `tsc --noEmit` over web/js against the declarations generated from the Rust API, which
    /// the page build wrote to dist/ under a hashed name.
    fn type_check(&self) -> Result {
        // The full engine's (dist/full/): the first-load engine has a part of its API.
        let dist = self.root.join("dist/full");
        let generated = fs::read_dir(&dist)
            .map_err(|e| format!("cannot read dist/full/: {e}"))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .find(|path| path.to_string_lossy().ends_with(".d.ts"))
            .ok_or("dist/full/ holds no .d.ts: build the page first")?;
        let types = self.root.join("target/types");
        fs::create_dir_all(&types).map_err(|e| e.to_string())?;
        fs::copy(&generated, types.join("paxos-core.d.ts")).map_err(|e| e.to_string())?;
        self.run("tsc", &["-p", "web/tsconfig.json"])
    }
}

/// A command as a shell line, printed before it runs (`xtask: $ ...`).
fn shown(command: &Command) -> String {
    let shown = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("xtask: $ {shown}");
    shown
}

fn run(mut command: Command) -> Result {
    let shown = shown(&command);
    let status = command
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn section(title: &str) {
    eprintln!("\n==== {title}");
}

fn skip(what: &str) {
    eprintln!("xtask: {what}: already installed");
}
