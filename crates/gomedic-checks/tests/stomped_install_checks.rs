//! toolchain/stomped-install on snapshots: the numbers are those measured on
//! the real stomped trees (crates/gomedic/tests/check_stomped_install.rs);
//! here the rules around them: when the times say nothing, and severities.

use gomedic_model::goroot_files::{GorootTimes, MtimeGroup};
use gomedic_model::snapshot::GoBinary;
use gomedic_model::{Finding, Severity, Snapshot};

/// go1.22.10 unpacked over go1.21.13 at /usr/local/go, as probed.
fn stomped() -> Snapshot {
    let mut snap = Snapshot::default();
    snap.host.os = "linux".into();
    snap.go_binaries.push(GoBinary {
        path: "/usr/local/go/bin/go".into(),
        path_index: Some(0),
        inferred_goroot: Some("/usr/local/go".into()),
        root_version: Some("go1.22.10".into()),
        ..GoBinary::default()
    });
    snap.active_go = Some(0);
    snap.goroot_times.push(GorootTimes {
        goroot: "/usr/local/go".into(),
        version: Some("go1.22.10".into()),
        release_time: Some("2024-11-27T20:27:20Z".into()),
        release_unix: Some(1_732_739_240),
        files: 5000,
        at_release_time: 4900,
        other_times: vec![MtimeGroup {
            unix: 1_722_454_986,
            time: "2024-07-31T19:43:06Z".into(),
            files: 100,
            build_go_files: 60,
            mixed_package_files: 40,
            examples: vec!["src/runtime/msize.go".into()],
        }],
        ..GorootTimes::default()
    });
    snap
}

fn findings(snap: &Snapshot) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "toolchain/stomped-install")
        .collect()
}

#[test]
fn packages_mixing_two_releases_are_an_error() {
    let found = findings(&stomped());
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.title.contains("100 file(s)") && f.title.contains("go1.22.10"),
        "{}",
        f.title
    );
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "files dated 2024-07-31T19:43:06Z"
                && e.value.contains("src/runtime/msize.go"))
    );
    assert!(
        f.fixes[0].commands[0].starts_with("sudo rm -rf /usr/local/go && sudo tar -C /usr/local")
    );
}

#[test]
fn leftover_whole_packages_or_tests_are_a_warning() {
    let mut snap = stomped();
    snap.goroot_times[0].other_times[0].mixed_package_files = 0;
    assert_eq!(findings(&snap)[0].severity, Severity::Warning);
    // Another installation than the one that runs: a warning too.
    let mut snap = stomped();
    snap.goroot_times[0].goroot = "/opt/go".into();
    assert_eq!(findings(&snap)[0].severity, Severity::Warning);
}

#[test]
fn times_that_say_nothing_are_not_judged() {
    // Most files do not carry the release time (a tool that drops times).
    let mut snap = stomped();
    snap.goroot_times[0].at_release_time = 100;
    assert!(findings(&snap).is_empty());
    // No time line in VERSION (before Go 1.21, distribution packages).
    let mut snap = stomped();
    snap.goroot_times[0].release_unix = None;
    assert!(findings(&snap).is_empty());
    // One file with another time is an edit, not a release.
    let mut snap = stomped();
    snap.goroot_times[0].other_times[0].files = 1;
    assert!(findings(&snap).is_empty());
}

#[test]
fn windows_fix_reinstalls() {
    let mut snap = stomped();
    snap.host.os = "windows".into();
    snap.go_binaries[0].inferred_goroot = Some(r"C:\Program Files\Go".into());
    snap.goroot_times[0].goroot = r"C:\Program Files\Go".into();
    let f = &findings(&snap)[0];
    assert!(f.fixes[0].description.contains("Uninstall Go"));
    assert!(
        f.evidence[0].source.ends_with(r"Go\VERSION"),
        "{:?}",
        f.evidence[0]
    );
}

#[test]
fn package_managed_trees_are_not_judged() {
    // Fedora's golang: built from the source archive, patched files carry
    // the package's date. The rpm facts name the owner.
    let mut snap = stomped();
    snap.goroot_times[0].goroot = "/usr/lib/golang".into();
    snap.go_binaries[0].path = "/usr/lib/golang/bin/go".into();
    snap.go_binaries[0].inferred_goroot = Some("/usr/lib/golang".into());
    assert_eq!(findings(&snap).len(), 1);
    snap.installs
        .binaries
        .push(gomedic_model::installs::BinaryInstallFact {
            path: "/usr/lib/golang/bin/go".into(),
            rpm_package: Some("golang-bin-1.22.10-1.fc40.x86_64".into()),
            ..Default::default()
        });
    assert!(findings(&snap).is_empty());
    // Homebrew's Cellar, by its layout.
    let mut snap = stomped();
    let cellar = "/opt/homebrew/Cellar/go/1.22.10/libexec";
    snap.goroot_times[0].goroot = cellar.into();
    snap.go_binaries[0].path = format!("{cellar}/bin/go");
    snap.go_binaries[0].inferred_goroot = Some(cellar.into());
    assert!(findings(&snap).is_empty());
}
