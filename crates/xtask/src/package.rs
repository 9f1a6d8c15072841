//! The core as an npm package: `cargo xtask package` and the `package` test stage.
//!
//! `wasm-pack build --target nodejs` of `crates/paxos-core` writes the package to `target/pkg/`:
//! the `.wasm`, CommonJS bindings that load it synchronously, the TypeScript declarations
//! wasm-bindgen generates (with the tsify types of every configuration, action, report and
//! snapshot), and a package.json whose name, version, description, license, repository and
//! keywords come from the crate's Cargo.toml. Its README is `crates/paxos-core/npm/README.md`
//! (the JavaScript API and the trace format), copied in afterwards.
//!
//! The stage then does what a user would: `npm pack`, an offline `npm install` of the tarball
//! into an empty folder (nothing is fetched; the smoke test checks the package declares no
//! dependency), and `tests/package/smoke.mjs` plus a TypeScript check run there against the
//! installed copy.

use crate::{run, section, Needs, Project, Result, WASM_PACK};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the package is built: under target/, so it is never committed.
const PKG: &str = "target/pkg";
/// The package's README, in the crate (the crate itself has none for wasm-pack to copy).
const README: &str = "crates/paxos-core/npm/README.md";
/// The Node program that uses the installed package (and exits non-zero on a failed assertion).
const SMOKE: &str = "tests/package/smoke.mjs";
/// The TypeScript file type-checked against the installed package's declarations.
const TYPES: &str = "tests/package/types.mts";

impl Project {
    /// `cargo xtask package`: installs what the build needs, then builds the package into
    /// target/pkg/ (`npm pack target/pkg` makes the tarball).
    pub(crate) fn package(&self, args: &[String]) -> Result {
        if !args.is_empty() {
            return Err("usage: cargo xtask package".into());
        }
        self.setup(Needs::Page)?;
        self.ensure_wasm_pack()?;
        section("building the npm package into target/pkg/");
        let pkg = self.build_package()?;
        eprintln!("xtask: package in {}", pkg.display());
        Ok(())
    }

    /// wasm-pack, as `setup` installs it for the test stages.
    fn ensure_wasm_pack(&self) -> Result {
        self.ensure_cargo_tool(
            "wasm-pack",
            &format!("wasm-pack {WASM_PACK}"),
            &["install", "wasm-pack", "--version", WASM_PACK, "--locked"],
        )
    }

    /// Builds the package (release, for Node) and puts its README in; returns its folder.
    ///
    /// The wasm is built as the page's is: the release profile at opt-level z (Trunk's
    /// setting, see `Project::cmd`), so a later page build in the same run reuses this
    /// compilation, and `wasm-opt -O1` (from `[package.metadata.wasm-pack]` in the crate's
    /// Cargo.toml; the binaryen 123 of tests/node_modules, first on PATH). `--mode no-install`:
    /// wasm-pack uses the wasm-bindgen on PATH (Cargo.lock's version) and downloads nothing.
    fn build_package(&self) -> Result<PathBuf> {
        let pkg = self.root.join(PKG);
        if pkg.exists() {
            fs::remove_dir_all(&pkg).map_err(|e| format!("cannot clear {PKG}: {e}"))?;
        }
        let out_dir = pkg.to_string_lossy().into_owned();
        let mut command = self.in_core(
            "wasm-pack",
            &[
                "build",
                "--release",
                "--target",
                "nodejs",
                "--mode",
                "no-install",
                "--no-gitignore",
                "--out-dir",
                &out_dir,
            ],
        );
        command.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z");
        run(command)?;
        fs::copy(self.root.join(README), pkg.join("README.md"))
            .map_err(|e| format!("cannot copy {README} into the package: {e}"))?;
        Ok(pkg)
    }

    /// The `package` stage: build, pack, install offline into an empty folder, and use it there.
    pub(crate) fn test_package(&self) -> Result {
        let pkg = self.build_package()?;
        let scratch = env::temp_dir().join(format!("paxos-core-package-{}", std::process::id()));
        let result = self.try_installed_package(&pkg, &scratch);
        // Left behind only if it cannot be removed; nothing in it is needed afterwards.
        let _ = fs::remove_dir_all(&scratch);
        result
    }

    /// Packs `pkg` into `scratch` (printing the tarball's sizes), installs the tarball there
    /// with no network, and runs the smoke test and the type-check there.
    fn try_installed_package(&self, pkg: &Path, scratch: &Path) -> Result {
        let _ = fs::remove_dir_all(scratch);
        fs::create_dir_all(scratch)
            .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
        let scratch_arg = scratch.to_string_lossy().into_owned();

        let mut pack = self.cmd(
            "npm",
            &["pack", "--json", "--pack-destination", &scratch_arg],
        );
        pack.current_dir(pkg);
        let packed = output(pack)?;
        let tarball = json_string(&packed, "filename").ok_or("npm pack named no tarball")?;
        let size = json_number(&packed, "size").ok_or("npm pack gave no size")?;
        let unpacked =
            json_number(&packed, "unpackedSize").ok_or("npm pack gave no unpackedSize")?;
        let files = json_number(&packed, "entryCount").unwrap_or(0);
        eprintln!(
            "xtask: {tarball}: {} packed, {} unpacked, {files} files",
            kilobytes(size),
            kilobytes(unpacked)
        );

        // An empty project of its own, so npm installs here and not in an enclosing folder.
        fs::write(
            scratch.join("package.json"),
            "{ \"name\": \"paxos-core-smoke\", \"private\": true }\n",
        )
        .map_err(|e| e.to_string())?;
        let tarball_arg = format!("./{tarball}");
        let mut install = self.cmd(
            "npm",
            &[
                "install",
                "--offline",
                "--no-audit",
                "--no-fund",
                &tarball_arg,
            ],
        );
        install.current_dir(scratch);
        run(install)?;

        for program in [SMOKE, TYPES] {
            let from = self.root.join(program);
            let name = from.file_name().ok_or("no file name")?;
            fs::copy(&from, scratch.join(name))
                .map_err(|e| format!("cannot copy {program}: {e}"))?;
        }
        let mut smoke = self.cmd("node", &["smoke.mjs"]);
        smoke
            .current_dir(scratch)
            .env("FIXTURES", self.root.join("tests/fixtures"));
        run(smoke)?;
        // The declarations as a TypeScript user gets them (tsc from tests/node_modules).
        let mut types = self.cmd(
            "tsc",
            &[
                "--noEmit",
                "--strict",
                "--target",
                "es2022",
                // The classes declare `[Symbol.dispose]` (`using`), as the page's tsconfig allows.
                "--lib",
                "es2023,esnext.disposable",
                "--module",
                "nodenext",
                "--moduleResolution",
                "nodenext",
                "types.mts",
            ],
        );
        types.current_dir(scratch);
        run(types)
    }
}

/// Runs a command and returns what it printed; fails, showing its errors, if it fails.
fn output(mut command: std::process::Command) -> Result<String> {
    let shown = crate::shown(&command);
    let out = command
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text after `"key":` in npm's JSON output, up to the next `,`, `}` or line end.
fn json_field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let start = json.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = json[start..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest.find([',', '}', '\n']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// A whole-number field of npm's JSON output.
fn json_number(json: &str, key: &str) -> Option<u64> {
    json_field(json, key)?.parse().ok()
}

/// A string field of npm's JSON output (no escapes expected: a file name).
fn json_string(json: &str, key: &str) -> Option<String> {
    let value = json_field(json, key)?;
    Some(value.strip_prefix('"')?.strip_suffix('"')?.to_string())
}

/// Bytes as kilobytes (1,000 bytes), one decimal.
fn kilobytes(bytes: u64) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_npm_pack_prints() {
        let json = "[\n  {\n    \"id\": \"paxos-core@0.1.0\",\n    \"size\": 412345,\n    \"unpackedSize\": 1234567,\n    \"filename\": \"paxos-core-0.1.0.tgz\",\n    \"entryCount\": 5\n  }\n]\n";
        assert_eq!(json_number(json, "size"), Some(412_345));
        assert_eq!(json_number(json, "unpackedSize"), Some(1_234_567));
        assert_eq!(json_number(json, "entryCount"), Some(5));
        assert_eq!(
            json_string(json, "filename").as_deref(),
            Some("paxos-core-0.1.0.tgz")
        );
        assert_eq!(json_number(json, "missing"), None);
        assert_eq!(kilobytes(412_345), "412.3 kB");
    }
}
