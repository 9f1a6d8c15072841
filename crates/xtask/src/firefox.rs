//! Firefox for the wasm tests: Debian's `firefox-esr` and `geckodriver` (from crates.io: Debian 12
//! has no package of it, and its GitHub release binaries are out of reach), each installed only
//! when missing or at the wrong version; and the `wasm-firefox` stage, which runs the same wasm
//! tests as `wasm-chrome` in headless Firefox.

use crate::{run, skip, Project, Result};
use std::env;
use std::path::PathBuf;

/// Debian's Firefox ESR; geckodriver finds it as `firefox` on PATH (the package links both).
const FIREFOX: &str = "/usr/bin/firefox-esr";
/// geckodriver version known to build on this toolchain (rustc 1.95) and drive firefox-esr 153.
const GECKODRIVER: &str = "0.37.1";

impl Project {
    /// firefox-esr from Debian (apt-get as root, or `sudo -n`), then geckodriver from crates.io.
    pub(crate) fn ensure_firefox(&self) -> Result {
        if self.version(FIREFOX).is_some() {
            skip("firefox-esr");
        } else {
            eprintln!("xtask: installing firefox-esr from Debian");
            self.apt_install(&["firefox-esr"])?;
        }
        let want = format!("geckodriver {GECKODRIVER}");
        match self.version("geckodriver") {
            // It prints `geckodriver 0.37.1`, with ` (commit date)` when built from Mozilla's tree.
            Some(have) if have == want || have.starts_with(&format!("{want} ")) => {
                skip(&want);
                Ok(())
            }
            have => {
                eprintln!(
                    "xtask: installing {want} (found: {}); this takes a few minutes once",
                    have.as_deref().unwrap_or("none")
                );
                self.run(
                    "cargo",
                    &[
                        "install",
                        "geckodriver",
                        "--version",
                        GECKODRIVER,
                        "--locked",
                    ],
                )
            }
        }
    }

    /// Where `program` is on the project's PATH.
    fn which(&self, program: &str) -> Option<PathBuf> {
        env::split_paths(&self.path)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    }

    /// The `wasm-firefox` stage: paxos-core's wasm tests, then paxos-check's (browser only), in
    /// headless Firefox through geckodriver.
    pub(crate) fn wasm_firefox(&self) -> Result {
        let geckodriver = self
            .which("geckodriver")
            .ok_or("geckodriver is not on PATH: run `cargo xtask setup`")?;
        let geckodriver = geckodriver.to_string_lossy().into_owned();
        for krate in ["crates/paxos-core", "crates/paxos-check"] {
            let mut command = self.cmd(
                "wasm-pack",
                &[
                    "test",
                    "--headless",
                    "--firefox",
                    "--geckodriver",
                    &geckodriver,
                    "--mode",
                    "no-install",
                ],
            );
            command
                .current_dir(self.root.join(krate))
                .env("GECKODRIVER", &geckodriver)
                // paxos-core's tests do not ask for a browser themselves (they also run in Node).
                .env("WASM_BINDGEN_USE_BROWSER", "1")
                // The test runner asks geckodriver for `-headless` already; this keeps Firefox
                // from looking for a display even if it is started some other way.
                .env("MOZ_HEADLESS", "1");
            run(command)?;
        }
        Ok(())
    }
}
