//! The go snap read through an injected root: a fake /snap/go/<rev> tree
//! holding the real go binary, snap.yaml as the go snap ships it, and
//! snapd's state.json readable or not.

#![cfg(unix)]

use gomedic_probe::os::SysRoot;
use gomedic_probe::os::snap::snap_go;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

const SNAP_YAML: &str = "name: go\nversion: 1.22.10\nsummary: Go programming language compiler, linker, stdlib\n\
description: |\n  This snap provides an assembler, compiler, linker, and compiled libraries\n  for the Go programming language.\n\
grade: stable\nconfinement: classic\narchitectures:\n- amd64\napps:\n  go:\n    command: bin/go\n";

/// A snap revision tree whose bin/go is the real go 1.22.10 binary and whose
/// pkg and src are the real ones (go finds its GOROOT from its own path).
fn fake_snap(root: &Path, revision: &str) {
    let real = gomedic_testkit::toolchain("1.22.10").goroot;
    let rev = root.join("snap/go").join(revision);
    std::fs::create_dir_all(rev.join("meta")).unwrap();
    std::fs::create_dir_all(rev.join("bin")).unwrap();
    std::fs::write(rev.join("meta/snap.yaml"), SNAP_YAML).unwrap();
    std::fs::copy(real.join("bin/go"), rev.join("bin/go")).unwrap();
    for part in ["pkg", "src", "VERSION", "go.env"] {
        if real.join(part).exists() {
            std::os::unix::fs::symlink(real.join(part), rev.join(part)).unwrap();
        }
    }
    std::os::unix::fs::symlink(revision, root.join("snap/go/current")).unwrap();
}

#[test]
fn no_snap_no_facts() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(snap_go(&SysRoot::at(dir.path())), None);
}

#[test]
fn revision_version_confinement_and_the_real_go_inside() {
    let dir = tempfile::tempdir().unwrap();
    fake_snap(dir.path(), "10730");
    let facts = snap_go(&SysRoot::at(dir.path())).expect("snap facts");
    assert_eq!(facts.revision.value(), Some("10730"));
    assert_eq!(facts.version.value(), Some("1.22.10"));
    assert_eq!(facts.confinement.value(), Some("classic"));
    // No state.json: nothing claimed about the channel.
    assert_eq!(facts.channel.value, None);
    assert_eq!(facts.channel.error, None);
    // The go in the revision agrees with snap.yaml, and its GOROOT is the
    // revision directory (what a GOROOT copied from `go env` pins).
    let go = dir.path().join("snap/go/current/bin/go");
    let out = Command::new(&go)
        .args(["env", "GOVERSION", "GOROOT"])
        .env_clear()
        .env("HOME", dir.path())
        .env("GOTOOLCHAIN", "local")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        format!("go{}", facts.version.value().unwrap())
    );
    let goroot = lines.next().unwrap();
    assert!(
        goroot.ends_with(&format!("snap/go/{}", facts.revision.value().unwrap())),
        "{goroot}"
    );
}

#[test]
fn channel_and_holds_from_readable_state_json() {
    let dir = tempfile::tempdir().unwrap();
    fake_snap(dir.path(), "10730");
    let state = dir.path().join("var/lib/snapd");
    std::fs::create_dir_all(&state).unwrap();
    // The shape snapd writes (trimmed): snaps by name, holds by held snap then holder.
    std::fs::write(
        state.join("state.json"),
        r#"{"data":{"snaps":{"go":{"type":"app","sequence":[{"name":"go","revision":"10730"}],"active":true,"current":"10730","channel":"latest/stable"}},
        "snaps-hold":{"go":{"system":{"first-held":"2026-11-01T10:00:00Z","hold-until":"2026-12-01T10:00:00Z"}}}},"changes":{},"tasks":{}}"#,
    )
    .unwrap();
    let facts = snap_go(&SysRoot::at(dir.path())).unwrap();
    assert_eq!(facts.channel.value(), Some("latest/stable"));
    assert_eq!(
        facts.holds,
        ["held by system until 2026-12-01T10:00:00Z".to_string()]
    );
    // Unreadable (root's 0600 file read by a user): "could not read: why".
    std::fs::set_permissions(
        state.join("state.json"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let facts = snap_go(&SysRoot::at(dir.path())).unwrap();
    if facts.channel.value.is_none() {
        assert!(
            facts
                .channel
                .error
                .as_deref()
                .unwrap()
                .starts_with("could not read: "),
            "{:?}",
            facts.channel
        );
    } else {
        // Root reads it anyway.
        assert!(uid_is_root());
    }
    // Garbage is said, not guessed.
    std::fs::set_permissions(
        state.join("state.json"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::write(state.join("state.json"), "{not json").unwrap();
    let facts = snap_go(&SysRoot::at(dir.path())).unwrap();
    assert!(
        facts
            .channel
            .error
            .unwrap()
            .starts_with("not snapd state JSON")
    );
}

fn uid_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}
