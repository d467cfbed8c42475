#![cfg(unix)]
//! End-to-end: unpack one real Go release over another the way
//! `tar -C /usr/local -xzf` does (overwriting, deleting nothing), prove with
//! the real go that the result no longer builds the standard library, and
//! check that gomedic names exactly the files the other release left behind.

mod check_support;

use check_support::{Env, stderr};
use gomedic_probe::goroot_times::{GENERATED, is_build_source};
use gomedic_testkit::release_archive::{extract_release, release_time, src_files};
use gomedic_testkit::{Toolchain, clean_command, toolchain};
use std::collections::BTreeSet;
use std::path::Path;

/// `first` unpacked, then `last` unpacked over it, in `env`'s directory.
fn stomp(env: &Env, first: &Toolchain, last: &Toolchain) -> std::path::PathBuf {
    let install = env.dir.path().join("usr-local");
    extract_release(first, &install, &[]);
    extract_release(last, &install, &[]);
    install.join("go")
}

/// The files a build compiles under src/ that only `first` has: what the
/// stomp leaves behind that the probe looks at.
fn left_behind(first: &Toolchain, last: &Toolchain) -> BTreeSet<String> {
    let last: BTreeSet<String> = src_files(last).into_iter().collect();
    src_files(first)
        .into_iter()
        .filter(|f| !last.contains(f) && is_build_source(f) && !GENERATED.contains(&f.as_str()))
        .collect()
}

/// `gomedic snapshot` and `gomedic check` (JSON) in `env`.
fn gomedic(env: &Env, project: &Path, command: &str) -> serde_json::Value {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .arg(command)
        .args(if command == "check" {
            &["--format", "json", "--offline", "--project"][..]
        } else {
            &["--offline", "--project"][..]
        })
        .arg(project)
        .current_dir(project)
        .output()
        .expect("run gomedic");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "gomedic {command} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn check_stomp(first: &str, last: &str) {
    let (first, last) = (toolchain(first), toolchain(last));
    let scratch = tempfile::tempdir().unwrap();
    let goroot_path = scratch.path().join("usr-local/go");
    let mut env = Env::in_dir(
        scratch,
        &format!("{}:/usr/bin:/bin", goroot_path.join("bin").display()),
    );
    let goroot = stomp(&env, &first, &last);
    env.set(
        "GOCACHE",
        env.dir.path().join("gocache").display().to_string(),
    )
    .set("GOTOOLCHAIN", "local")
    .set("GOENV", "off");
    let project = env.hello_module(false);
    let expected = left_behind(&first, &last);
    assert!(!expected.is_empty());

    // The real go: VERSION and go are the last release, std no longer builds,
    // and the errors name files of the other release.
    let version = env.go(&["version"], &project);
    assert!(
        String::from_utf8_lossy(&version.stdout).contains(&format!("go{} ", last.version)),
        "{version:?}"
    );
    let build = env.go(&["build", "std"], &project);
    let errors = stderr(&build);
    assert!(!build.status.success(), "go build std succeeded");
    let named: Vec<&String> = expected
        .iter()
        .filter(|f| errors.contains(f.as_str()))
        .collect();
    assert!(
        !named.is_empty(),
        "go's errors name none of the left-behind files: {errors}"
    );

    // The probe: exactly the left-behind files carry the other release's time.
    let snap = gomedic(&env, &project, "snapshot");
    let fact = snap["goroot_times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| Path::new(f["goroot"].as_str().unwrap()) == goroot)
        .unwrap_or_else(|| panic!("no facts for {}: {snap}", goroot.display()));
    let groups = fact["other_times"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{fact}");
    assert_eq!(
        groups[0]["time"].as_str(),
        Some(release_time(&first).as_str())
    );
    assert_eq!(groups[0]["files"].as_u64(), Some(expected.len() as u64));
    assert_eq!(
        fact["at_release_time"].as_u64().unwrap() + expected.len() as u64,
        fact["files"].as_u64().unwrap()
    );

    // The check.
    let report = gomedic(&env, &project, "check");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "toolchain/stomped-install")
        .unwrap_or_else(|| panic!("no toolchain/stomped-install in {report}"));
    assert_eq!(finding["severity"], "error", "{finding}");
    let evidence = finding["evidence"].to_string();
    assert!(
        evidence.contains(&release_time(&first)) && evidence.contains(&release_time(&last)),
        "{evidence}"
    );
    eprintln!(
        "go{} over go{}: {} files left behind, go names {} of them, e.g. {}",
        last.version,
        first.version,
        expected.len(),
        named.len(),
        named[0]
    );
}

#[test]
fn newer_release_unpacked_over_older() {
    check_stomp("1.21.13", "1.22.10");
}

#[test]
fn older_release_unpacked_over_newer() {
    check_stomp("1.27.3", "1.21.13");
}

#[test]
fn clean_official_install_is_not_reported() {
    let tc = toolchain("1.22.10");
    let scratch = tempfile::tempdir().unwrap();
    let install = scratch.path().join("usr-local");
    let env = Env::in_dir(
        scratch,
        &format!("{}:/usr/bin:/bin", install.join("go/bin").display()),
    );
    extract_release(&tc, &install, &[]);
    let project = env.hello_module(false);
    let ids = env.gomedic_ids(&project);
    assert!(
        !ids.iter().any(|i| i == "toolchain/stomped-install"),
        "{ids:?}"
    );
    // The same release unpacked twice (a reinstall over itself) leaves
    // nothing behind.
    extract_release(&tc, &install, &[]);
    let ids = env.gomedic_ids(&project);
    assert!(
        !ids.iter().any(|i| i == "toolchain/stomped-install"),
        "{ids:?}"
    );
}
