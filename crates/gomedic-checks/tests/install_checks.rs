//! Installation sources and version pins on snapshots of macOS (Homebrew,
//! .pkg), Windows (MSI, scoop, Chocolatey) and Linux machines.

mod support;

use gomedic_checks::install_source::{Installer, classify};
use gomedic_go::env::EnvSource;
use gomedic_model::Snapshot;
use gomedic_model::installs::{BinaryInstallFact, ShimFact, VersionPin};
use support::*;

fn fixture(name: &str) -> Snapshot {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn sources(snap: &Snapshot) -> Vec<(Installer, Option<String>)> {
    snap.go_binaries
        .iter()
        .map(|g| {
            let s = classify(snap, g);
            (s.installer, s.detail)
        })
        .collect()
}

fn ids(snap: &Snapshot, prefix: &str) -> Vec<gomedic_model::Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == prefix)
        .collect()
}

#[test]
fn macos_homebrew_and_pkg() {
    let snap = fixture("macos-brew-shadowed.json");
    assert_eq!(
        sources(&snap),
        [
            (Installer::Homebrew, Some("1.27.3".to_string())),
            (Installer::OfficialArchive, None),
        ]
    );
    let found = ids(&snap, "toolchain/install-sources");
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert!(
        f.title.contains("Homebrew") && f.title.contains("official archive"),
        "{}",
        f.title
    );
    assert!(f.evidence[0].label.contains("runs"), "{:?}", f.evidence);
    assert!(
        f.evidence[0]
            .value
            .contains("/opt/homebrew/Cellar/go/1.27.3")
    );
}

#[test]
fn windows_msi_scoop_chocolatey() {
    let snap = fixture("windows-msi-goroot-gopath.json");
    assert_eq!(sources(&snap), [(Installer::Msi, None)]);
    assert!(ids(&snap, "toolchain/install-sources").is_empty());

    let mut snap = windows();
    let home = snap.host.home.clone().unwrap();
    let scoop = format!(r"{home}\scoop\apps\go\current\bin\go.exe");
    let mut go = go_binary(
        &scoop,
        &format!(r"{home}\scoop\apps\go\current"),
        "go1.26.4",
        "windows",
        "amd64",
        None,
        '\\',
    );
    go.real_path = Some(format!(r"{home}\scoop\apps\go\1.26.4\bin\go.exe"));
    snap.go_binaries.push(go);
    let choco = r"C:\ProgramData\chocolatey\bin\go.exe";
    snap.go_binaries.push(go_binary(
        choco,
        r"C:\ProgramData\chocolatey\lib\golang",
        "go1.25.1",
        "windows",
        "amd64",
        None,
        '\\',
    ));
    let got = sources(&snap);
    assert_eq!(got[0].0, Installer::Msi, "{got:?}");
    assert_eq!(got[1], (Installer::Scoop, Some("1.26.4".to_string())));
    assert_eq!(got[2].0, Installer::Chocolatey);
    let found = ids(&snap, "toolchain/install-sources");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].title.contains("3 installers"),
        "{}",
        found[0].title
    );
}

#[test]
fn version_managers_beside_go_downloads_do_not_count() {
    let mut snap = linux();
    let home = snap.host.home.clone().unwrap();
    let dl = format!("{home}/sdk/go1.22.10");
    snap.go_binaries.push(go_binary(
        &format!("{dl}/bin/go"),
        &dl,
        "go1.22.10",
        "linux",
        "amd64",
        None,
        '/',
    ));
    let tc = format!("{home}/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.21.13.linux-amd64");
    snap.go_binaries.push(go_binary(
        &format!("{tc}/bin/go"),
        &tc,
        "go1.21.13",
        "linux",
        "amd64",
        None,
        '/',
    ));
    assert_eq!(
        sources(&snap)[1],
        (Installer::GolangDl, Some("1.22.10".into()))
    );
    assert_eq!(
        sources(&snap)[2],
        (Installer::GoToolchainModule, Some("1.21.13".into()))
    );
    assert!(ids(&snap, "toolchain/install-sources").is_empty());
    // A Debian package beside the archive does count.
    let pkg = "/usr/lib/go-1.22";
    snap.go_binaries.push(go_binary(
        &format!("{pkg}/bin/go"),
        pkg,
        "go1.22.2",
        "linux",
        "amd64",
        None,
        '/',
    ));
    snap.installs.binaries.push(BinaryInstallFact {
        path: format!("{pkg}/bin/go"),
        dpkg_package: Some("golang-1.22-go".into()),
        ..Default::default()
    });
    assert_eq!(
        sources(&snap)[3],
        (Installer::Dpkg, Some("golang-1.22-go".into()))
    );
    let found = ids(&snap, "toolchain/install-sources");
    assert_eq!(found.len(), 1, "{:?}", sources(&snap));
    assert!(
        found[0]
            .evidence
            .iter()
            .any(|e| e.label.starts_with("Debian/Ubuntu package golang-1.22-go"))
    );
}

fn pin(file: &str, kind: &str, version: &str) -> VersionPin {
    VersionPin {
        file: file.into(),
        line: 1,
        kind: kind.into(),
        version: version.into(),
    }
}

#[test]
fn version_pins_against_the_go_that_runs() {
    let mut snap = linux(); // runs go1.27.3
    snap.installs.pins = vec![
        pin("/p/.go-version", "go-version", "1.27"),
        pin("/p/.tool-versions", "tool-versions", "1.22.10"),
        pin("/.tool-versions", "tool-versions", "1.21.13"),
        pin("/p/mise.toml", "mise", "latest"),
        pin("/p/go.mod", "go.mod toolchain", "go1.22.10"),
    ];
    let found = ids(&snap, "toolchain/version-pin-mismatch");
    // Only the nearest .tool-versions; go.mod's line is Go's own while it may switch.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].title.contains("/p/.tool-versions:1"),
        "{}",
        found[0].title
    );
    // With GOTOOLCHAIN=local, Go no longer switches to go.mod's toolchain.
    snap.go_env
        .as_mut()
        .unwrap()
        .vars
        .insert("GOTOOLCHAIN".into(), var("local", EnvSource::Process));
    let found = ids(&snap, "toolchain/version-pin-mismatch");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[1].title.contains("go.mod"));
    // Through a shim, the version is the one the shim selects.
    let active = snap.active().unwrap().path.clone();
    snap.installs.binaries.push(BinaryInstallFact {
        path: active,
        shim: Some(ShimFact {
            manager: "asdf".into(),
            version: Some("1.22.10".into()),
            ..Default::default()
        }),
        ..Default::default()
    });
    snap.installs.pins.truncate(2);
    snap.installs.pins[0].version = "1.22".into();
    assert!(ids(&snap, "toolchain/version-pin-mismatch").is_empty());
}
