//! Runs `take_snapshot` in a child process with an exact environment: the
//! probe reads the process environment, which a test must not change in its
//! own process. The child is this same test binary running [`CHILD_TEST`].

#![allow(dead_code)]

use gomedic_model::Snapshot;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub const CHILD_TEST: &str = "probe_child_entry_point";
const BEGIN: &str = "<<<GOMEDIC-SNAPSHOT";
const END: &str = "GOMEDIC-SNAPSHOT>>>";

/// The body of the child entry point: does nothing unless started by [`snapshot_with_env`].
pub fn child_main() {
    let Some(project) = std::env::var_os("GOMEDIC_PROBE_CHILD_PROJECT") else {
        return;
    };
    let options = gomedic_probe::ProbeOptions {
        project_dir: project.into(),
        offline: true,
        run_go: std::env::var_os("GOMEDIC_PROBE_CHILD_RUN_GO").is_some(),
        subprocess_timeout: Duration::from_millis(
            std::env::var("GOMEDIC_PROBE_CHILD_TIMEOUT_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(10_000),
        ),
        spawn_shells: false,
    };
    let start = Instant::now();
    let snap = gomedic_probe::take_snapshot(&options);
    let micros = start.elapsed().as_micros();
    println!(
        "{BEGIN}\n{}\n{micros}\n{END}",
        serde_json::to_string(&snap).unwrap()
    );
}

/// What the child produced.
pub struct ChildSnapshot {
    pub snap: Snapshot,
    /// How long take_snapshot took inside the child.
    pub probe_micros: u128,
}

/// Options for the child run.
#[derive(Default)]
pub struct ChildOptions {
    pub run_go: bool,
    pub timeout_ms: Option<u64>,
    pub cwd: Option<std::path::PathBuf>,
}

/// Takes a snapshot in a child whose environment is exactly `env`.
pub fn snapshot_with_env(
    env: &[(&str, OsString)],
    project: &Path,
    opts: ChildOptions,
) -> ChildSnapshot {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env_clear();
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.env("GOMEDIC_PROBE_CHILD_PROJECT", project);
    if opts.run_go {
        cmd.env("GOMEDIC_PROBE_CHILD_RUN_GO", "1");
    }
    if let Some(ms) = opts.timeout_ms {
        cmd.env("GOMEDIC_PROBE_CHILD_TIMEOUT_MS", ms.to_string());
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let body = stdout
        .split(BEGIN)
        .nth(1)
        .and_then(|s| s.split(END).next())
        .unwrap_or_else(|| {
            panic!(
                "child printed no snapshot:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let mut lines = body.trim().lines();
    let snap: Snapshot = serde_json::from_str(lines.next().unwrap()).unwrap();
    let probe_micros = lines.next().unwrap().parse().unwrap();
    ChildSnapshot { snap, probe_micros }
}

/// A minimal environment: PATH and HOME.
pub fn base_env(path: impl Into<OsString>, home: &Path) -> Vec<(&'static str, OsString)> {
    vec![("PATH", path.into()), ("HOME", home.as_os_str().to_owned())]
}

/// Joins directories into a PATH value.
pub fn join_path<P: AsRef<Path>>(dirs: &[P]) -> OsString {
    std::env::join_paths(dirs.iter().map(|d| d.as_ref())).unwrap()
}

/// Runs `sh -c 'command -v NAME'` with `path`: what a shell would run.
pub fn shell_lookup(name: &str, path: &OsString) -> Option<String> {
    let out = Command::new("/bin/sh")
        .args(["-c", &format!("command -v {name}")])
        .env_clear()
        .env("PATH", path)
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !found.is_empty()).then_some(found)
}

/// Runs a real go with exactly `env` in `cwd` and returns trimmed stdout lines.
pub fn go_env_values(
    go: &Path,
    keys: &[&str],
    env: &BTreeMap<String, String>,
    cwd: &Path,
) -> Vec<String> {
    let out = gomedic_testkit::clean_command(go, env)
        .arg("env")
        .args(keys)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "go env failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Writes an executable shell script.
#[cfg(unix)]
pub fn write_script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}
