#![cfg(unix)]
//! The desktop session's environment read through a bounded `systemctl
//! --user show-environment` and `launchctl getenv`: real scripts standing in
//! for the programs (answering, failing, hanging), and the real Go tree on
//! the PATH they print.

use gomedic_probe::gui_session::{
    LAUNCHD_CONTEXT, SYSTEMD_CONTEXT, launchd_context, systemd_user_context,
};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn systemd_environment_with_go_on_path() {
    let go = gomedic_testkit::toolchain("1.22.10");
    let tmp = tempfile::tempdir().unwrap();
    // The output format systemd documents for show-environment: plain
    // NAME=value, and $'...' with C escapes when the value needs quoting.
    let out = tmp.path().join("out.txt");
    std::fs::write(
        &out,
        format!(
            "HOME=/home/ann\nLANG=C.UTF-8\nPATH={}:/usr/bin:/bin\nGOPATH=$'/home/ann/my go'\nXDG_RUNTIME_DIR=/run/user/1000\n",
            go.goroot.join("bin").display()
        ),
    )
    .unwrap();
    let systemctl = script(
        tmp.path(),
        "systemctl",
        &format!(
            "[ \"$1 $2\" = '--user show-environment' ] || exit 2\ncat '{}'",
            out.display()
        ),
    );
    let ctx = systemd_user_context(&systemctl, Duration::from_secs(5)).unwrap();
    assert_eq!(ctx.name, SYSTEMD_CONTEXT);
    assert_eq!(ctx.error, None);
    let env = ctx.env.unwrap();
    assert_eq!(env.get("GOPATH").unwrap(), "/home/ann/my go");
    assert!(!env.contains_key("HOME"));
    assert_eq!(
        ctx.go.as_deref(),
        Some(go.go.to_str().unwrap()),
        "the go the session's PATH finds"
    );
}

#[test]
fn systemd_without_user_manager_is_no_context() {
    let tmp = tempfile::tempdir().unwrap();
    let systemctl = script(
        tmp.path(),
        "systemctl",
        "echo 'Failed to connect to bus: No medium found' >&2\nexit 1",
    );
    assert_eq!(
        systemd_user_context(&systemctl, Duration::from_secs(5)),
        None
    );
    // Any other failure is a context that says why.
    let systemctl = script(tmp.path(), "systemctl2", "echo 'Access denied' >&2\nexit 1");
    let ctx = systemd_user_context(&systemctl, Duration::from_secs(5)).unwrap();
    assert!(ctx.env.is_none());
    let error = ctx.error.unwrap();
    assert!(
        error.starts_with("could not read: ") && error.ends_with("exited with 1: Access denied"),
        "{error}"
    );
}

#[test]
fn a_hanging_session_manager_is_killed_at_the_bound() {
    let tmp = tempfile::tempdir().unwrap();
    let systemctl = script(tmp.path(), "systemctl", "sleep 30");
    let start = Instant::now();
    let ctx = systemd_user_context(&systemctl, Duration::from_millis(300)).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(ctx.timed_out);
    assert!(ctx.env.is_none());
    assert!(ctx.error.unwrap().contains("did not answer within 300 ms"));

    let launchctl = script(tmp.path(), "launchctl", "sleep 30");
    let start = Instant::now();
    let ctx = launchd_context(&launchctl, Duration::from_millis(300));
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(ctx.timed_out && ctx.env.is_none());
}

#[test]
fn launchd_unset_path_means_the_default_path() {
    let tmp = tempfile::tempdir().unwrap();
    // launchctl getenv prints the value, or nothing when launchd does not set it.
    let launchctl = script(
        tmp.path(),
        "launchctl",
        "[ \"$1\" = getenv ] || exit 2\ncase \"$2\" in GOPATH) echo /Users/ann/go;; esac",
    );
    let ctx = launchd_context(&launchctl, Duration::from_secs(5));
    assert_eq!(ctx.name, LAUNCHD_CONTEXT);
    let env = ctx.env.unwrap();
    assert_eq!(env.get("GOPATH").unwrap(), "/Users/ann/go");
    assert!(!env.contains_key("PATH"));
    // launchd's default PATH (/usr/bin:/bin:/usr/sbin:/sbin) has no go here.
    assert_eq!(ctx.go, None);
}
