//! End-to-end os/* checks on real Linux state: real tmpfs and overlayfs
//! mounts (the tests mount them, so they run as root, as CI does), the real
//! go proving each problem, and the real gomedic binary reporting it.

#![cfg(target_os = "linux")]

mod check_support;

use check_support::{Env, stderr};
use gomedic_testkit::{clean_command, toolchain};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A mount that is undone when dropped.
struct Mount(PathBuf);

impl Mount {
    fn new(fs_type: &str, options: &str, at: &Path) -> Mount {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", fs_type, "-o", options, fs_type])
            .arg(at)
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "mount -t {fs_type} -o {options} {} failed (these tests need root): {}",
            at.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        Mount(at.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// `gomedic check --format json --offline` for the project: the findings.
fn findings(env: &Env, project: &Path) -> Vec<serde_json::Value> {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .args(["check", "--format", "json", "--offline", "--project"])
        .arg(project)
        .current_dir(project)
        .output()
        .expect("run gomedic");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", stderr(&out)));
    report["findings"].as_array().expect("findings").clone()
}

fn with_id<'a>(all: &'a [serde_json::Value], id: &str) -> Vec<&'a serde_json::Value> {
    all.iter().filter(|f| f["id"] == id).collect()
}

#[test]
fn noexec_gocache_breaks_go_run_from_go_1_24_only() {
    for (version, breaks) in [("1.27.3", true), ("1.22.10", false)] {
        let go = toolchain(version);
        let mut env = Env::with_go(&go);
        let noexec = env.dir.path().join("noexec");
        let _mount = Mount::new("tmpfs", "noexec,nosuid,size=256m", &noexec);
        let cache = noexec.join("go-build");
        env.set("GOCACHE", cache.display().to_string())
            .set("GOTOOLCHAIN", "local");
        let project = env.hello_module(false);
        // The real go: the second `go run` runs the cached program from GOCACHE (Go 1.24+).
        let first = env.go(&["run", "."], &project);
        assert!(first.status.success(), "{version}: {}", stderr(&first));
        let second = env.go(&["run", "."], &project);
        assert_eq!(
            !second.status.success(),
            breaks,
            "{version}: {}",
            stderr(&second)
        );
        if breaks {
            assert!(
                stderr(&second).contains("permission denied")
                    && stderr(&second).contains(&cache.display().to_string()),
                "{}",
                stderr(&second)
            );
        }
        let all = findings(&env, &project);
        let noexec_findings = with_id(&all, "os/noexec-tmp");
        if breaks {
            assert_eq!(noexec_findings.len(), 1, "{version}: {all:?}");
            let f = noexec_findings[0];
            assert!(
                f["title"]
                    .as_str()
                    .unwrap()
                    .contains(&cache.display().to_string()),
                "{f}"
            );
            assert!(f.to_string().contains("go env -w GOCACHE="), "{f}");
        } else {
            assert!(noexec_findings.is_empty(), "{version}: {noexec_findings:?}");
        }
    }
}

#[test]
fn noexec_tmpdir_breaks_go_run() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    let noexec = env.dir.path().join("noexec-tmp");
    let _mount = Mount::new("tmpfs", "noexec,nosuid,nodev,size=256m", &noexec);
    env.set("TMPDIR", noexec.display().to_string())
        .set("GOTOOLCHAIN", "local");
    let project = env.hello_module(false);
    let out = env.go(&["run", "."], &project);
    assert!(
        !out.status.success() && stderr(&out).contains("permission denied"),
        "{}",
        stderr(&out)
    );
    let all = findings(&env, &project);
    let f = with_id(&all, "os/noexec-tmp");
    assert_eq!(f.len(), 1, "{all:?}");
    assert!(f[0].to_string().contains("go env -w GOTMPDIR="), "{}", f[0]);
    // The fix works: with GOTMPDIR on an exec-allowed file system go run succeeds
    // and the finding is gone.
    let gotmp = env.home().join(".cache/go-tmp");
    std::fs::create_dir_all(&gotmp).unwrap();
    env.set("GOTMPDIR", gotmp.display().to_string());
    let out = env.go(&["run", "."], &project);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(with_id(&findings(&env, &project), "os/noexec-tmp").is_empty());
}

#[test]
fn gocache_on_overlayfs_is_reported_as_info() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    let layers = env.dir.path().join("layers");
    for d in ["lower", "upper", "work"] {
        std::fs::create_dir_all(layers.join(d)).unwrap();
    }
    let merged = env.dir.path().join("merged");
    let options = format!(
        "lowerdir={},upperdir={},workdir={}",
        layers.join("lower").display(),
        layers.join("upper").display(),
        layers.join("work").display()
    );
    let _mount = Mount::new("overlay", &options, &merged);
    env.set("GOCACHE", merged.join("go-build").display().to_string())
        .set("GOTOOLCHAIN", "local");
    let project = env.hello_module(false);
    let all = findings(&env, &project);
    let f = with_id(&all, "os/network-fs");
    assert_eq!(f.len(), 1, "{all:?}");
    assert_eq!(f[0]["severity"], "info");
    assert!(
        f[0]["title"].as_str().unwrap().contains("overlayfs"),
        "{}",
        f[0]
    );
    assert!(
        f[0]["evidence"]
            .to_string()
            .contains(&merged.display().to_string()),
        "{}",
        f[0]
    );
}

/// A bindfs (FUSE) mount of `source` at `at`, unmounted when dropped.
fn bindfs(source: &Path, at: &Path) -> Mount {
    std::fs::create_dir_all(source).unwrap();
    std::fs::create_dir_all(at).unwrap();
    let out = Command::new("bindfs")
        .arg(source)
        .arg(at)
        .output()
        .expect("run bindfs (scripts/install-test-deps.sh installs it)");
    assert!(
        out.status.success(),
        "bindfs: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Mount(at.to_path_buf())
}

#[test]
fn module_cache_on_fuse_is_reported() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    let fuse = env.dir.path().join("fuse");
    let _mount = bindfs(&env.dir.path().join("fuse-backing"), &fuse);
    let modcache = fuse.join("mod");
    env.set("GOMODCACHE", modcache.display().to_string())
        .set("GOTOOLCHAIN", "local");
    let project = env.hello_module(false);
    let all = findings(&env, &project);
    let f = with_id(&all, "os/network-fs");
    assert_eq!(f.len(), 1, "{all:?}");
    assert_eq!(f[0]["severity"], "warning");
    assert!(f[0]["title"].as_str().unwrap().contains("FUSE"), "{}", f[0]);
    assert!(f[0].to_string().contains("GOMODCACHE="), "{}", f[0]);
    // The same cache on a local disk is not reported.
    env.set(
        "GOMODCACHE",
        env.home().join("go/pkg/mod").display().to_string(),
    );
    assert!(with_id(&findings(&env, &project), "os/network-fs").is_empty());
}
