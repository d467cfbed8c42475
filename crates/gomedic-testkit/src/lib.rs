//! Test support shared by the workspace's tests: where the real Go
//! toolchains are, and running them in a controlled environment.
//!
//! Toolchains are installed by `scripts/install-test-deps.sh` into
//! `$GOMEDIC_TEST_GO_DIR` (default `~/.cache/gomedic-test/go`), one GOROOT per
//! release at `<dir>/<version>/go`. A test that needs them fails (it never
//! skips) when they are missing, and says how to install them.

pub mod release_archive;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The releases every differential test runs against: the oldest and
/// second-oldest the brief requires, and the newest available.
pub const RELEASES: [&str; 3] = ["1.21.13", "1.22.10", "1.27.3"];

/// One installed official Go toolchain.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// e.g. "1.22.10"
    pub version: String,
    pub goroot: PathBuf,
    /// `<goroot>/bin/go`
    pub go: PathBuf,
}

/// Where toolchains are installed.
pub fn toolchains_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GOMEDIC_TEST_GO_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").expect("HOME must be set for the tests");
    Path::new(&home).join(".cache/gomedic-test/go")
}

/// The toolchain of `version` for a platform suffix ("" for linux/amd64,
/// "-win_amd64", "-macosx_11_0_arm64"). Panics with install instructions when missing.
pub fn toolchain_for(version: &str, platform_suffix: &str) -> Toolchain {
    let goroot = toolchains_dir()
        .join(format!("{version}{platform_suffix}"))
        .join("go");
    let exe = if platform_suffix.contains("win") {
        "go.exe"
    } else {
        "go"
    };
    let go = goroot.join("bin").join(exe);
    assert!(
        go.is_file(),
        "Go {version}{platform_suffix} is not installed at {}: run scripts/install-test-deps.sh",
        go.display()
    );
    Toolchain {
        version: version.to_string(),
        goroot,
        go,
    }
}

/// The linux/amd64 toolchain of `version`.
pub fn toolchain(version: &str) -> Toolchain {
    toolchain_for(version, "")
}

/// Every release in [`RELEASES`], for linux/amd64.
pub fn toolchains() -> Vec<Toolchain> {
    RELEASES.iter().map(|v| toolchain(v)).collect()
}

/// A command with an empty environment except for `vars` (like `env -i`).
pub fn clean_command(
    program: impl AsRef<std::ffi::OsStr>,
    vars: &BTreeMap<String, String>,
) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear();
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

/// Runs `go env -json` of `toolchain` with exactly `vars` as environment, in
/// `cwd`. Returns the parsed object, or Go's stderr as the error.
pub fn go_env_json(
    toolchain: &Toolchain,
    vars: &BTreeMap<String, String>,
    cwd: &Path,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let out = clean_command(&toolchain.go, vars)
        .args(["env", "-json"])
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", toolchain.go.display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("go env -json printed bad JSON: {e}"))
}
