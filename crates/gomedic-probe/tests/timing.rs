//! The speed bar: a snapshot with two toolchains on PATH (build info of both
//! `go` binaries and of every tool in their pkg/tool) against one
//! `go env -json` of the same toolchain. Prints both (`--nocapture`).
#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::*;

#[test]
fn probe_child_entry_point() {
    child_main();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
fn snapshot_with_two_toolchains_is_about_as_fast_as_go_env() {
    let t = tempfile::tempdir().unwrap();
    let new = gomedic_testkit::toolchain("1.27.3");
    let old = gomedic_testkit::toolchain("1.22.10");
    let path = join_path(&[
        new.go.parent().unwrap(),
        old.go.parent().unwrap(),
        std::path::Path::new("/usr/bin"),
        std::path::Path::new("/bin"),
    ]);
    let env = base_env(path.clone(), t.path());
    let go_vars: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string_lossy().into_owned()))
        .collect();
    let mut probe = Vec::new();
    let mut go_env = Vec::new();
    for _ in 0..7 {
        let child = snapshot_with_env(&env, t.path(), ChildOptions::default());
        assert_eq!(child.snap.on_path().count(), 2);
        assert!(
            child
                .snap
                .on_path()
                .all(|g| g.build_info.is_some() && g.tools.len() >= 5),
            "{:#?}",
            child.snap.go_binaries
        );
        assert!(
            child.snap.go_binaries[0]
                .tools
                .iter()
                .all(|t| t.go_version.as_deref() == Some("go1.27.3"))
        );
        probe.push(Duration::from_micros(child.probe_micros as u64));
        let start = Instant::now();
        let out = gomedic_testkit::clean_command(&new.go, &go_vars)
            .args(["env", "-json"])
            .current_dir(t.path())
            .output()
            .unwrap();
        go_env.push(start.elapsed());
        assert!(out.status.success());
    }
    let (p, g) = (median(probe), median(go_env));
    eprintln!(
        "take_snapshot median {p:?}; go env -json median {g:?}; ratio {:.2}",
        p.as_secs_f64() / g.as_secs_f64()
    );
    // Debug builds and a shared 2-core machine: allow 3x here; the release
    // ratio is what the bar (1.5x) is about.
    assert!(p.as_secs_f64() <= 3.0 * g.as_secs_f64(), "{p:?} vs {g:?}");
}
