//! toolchain/install-sources on macOS and Windows snapshots made from the
//! real Go 1.27.3 trees of those platforms (fixtures/installs/, rebuilt and
//! compared by crates/gomedic/tests/install_source_fixtures.rs), and on an
//! RPM-owned go.

use gomedic_checks::install_source::{Installer, classify};
use gomedic_model::Snapshot;
use gomedic_model::installs::BinaryInstallFact;
use gomedic_model::snapshot::GoBinary;

fn fixture(name: &str) -> Snapshot {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/installs")
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

fn install_sources(snap: &Snapshot) -> gomedic_model::Finding {
    let mut found: Vec<_> = gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "toolchain/install-sources")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

/// Every go's source is named in the evidence, with its path.
fn assert_each_named(snap: &Snapshot, f: &gomedic_model::Finding) {
    for (go, (installer, _)) in snap.go_binaries.iter().zip(sources(snap)) {
        assert!(
            f.evidence
                .iter()
                .any(|e| e.label.starts_with(installer.name()) && e.value.contains(&go.path)),
            "{} ({}) not named in {:?}",
            go.path,
            installer.name(),
            f.evidence
        );
    }
}

#[test]
fn macos_macports_pkg_golang_dl_and_toolchain_module() {
    let snap = fixture("macos-macports-pkg-sdk.json");
    assert_eq!(
        sources(&snap),
        [
            (Installer::MacPorts, None),
            (Installer::OfficialArchive, None),
            (Installer::GolangDl, Some("1.27.3".to_string())),
            (Installer::GoToolchainModule, Some("1.27.3".to_string())),
        ]
    );
    let f = install_sources(&snap);
    // ~/sdk and GOTOOLCHAIN downloads sit beside a system Go by design.
    assert!(
        f.title.contains("2 installers") && f.title.contains("MacPorts"),
        "{}",
        f.title
    );
    assert!(f.evidence[0].label.contains("runs"), "{:?}", f.evidence);
    assert_each_named(&snap, &f);
}

#[test]
fn windows_scoop_msi_golang_dl_and_toolchain_module() {
    let snap = fixture("windows-scoop-msi-sdk.json");
    assert_eq!(
        sources(&snap),
        [
            (Installer::Scoop, Some("1.27.3".to_string())),
            (Installer::Msi, None),
            (Installer::GolangDl, Some("1.27.3".to_string())),
            (Installer::GoToolchainModule, Some("1.27.3".to_string())),
        ]
    );
    let f = install_sources(&snap);
    assert!(
        f.title.contains("2 installers")
            && f.title.contains("scoop")
            && f.title.contains("Windows MSI (or winget)"),
        "{}",
        f.title
    );
    assert_each_named(&snap, &f);
}

#[test]
fn rpm_owned_go_beside_the_official_archive() {
    // The Fedora layout: /usr/bin/go links to /usr/lib/golang/bin/go, which
    // golang-bin owns; the probe's rpm -qf put the package in the facts.
    let mut snap = fixture("macos-macports-pkg-sdk.json");
    snap.host.os = "linux".into();
    snap.host.arch = "amd64".into();
    snap.host.home = Some("/home/ana".into());
    let official = snap.go_binaries[1].clone();
    let fedora = GoBinary {
        path: "/usr/bin/go".into(),
        path_index: Some(0),
        real_path: Some("/usr/lib/golang/bin/go".into()),
        inferred_goroot: Some("/usr/lib/golang".into()),
        ..official.clone()
    };
    snap.go_binaries = vec![fedora, official];
    snap.active_go = Some(0);
    snap.installs.binaries.push(BinaryInstallFact {
        path: "/usr/bin/go".into(),
        rpm_package: Some("golang-bin-1.22.10-1.fc40.x86_64".into()),
        ..Default::default()
    });
    assert_eq!(
        sources(&snap),
        [
            (
                Installer::Rpm,
                Some("golang-bin-1.22.10-1.fc40.x86_64".to_string())
            ),
            (Installer::OfficialArchive, None),
        ]
    );
    let f = install_sources(&snap);
    assert!(f.title.contains("RPM package"), "{}", f.title);
    assert!(
        f.evidence.iter().any(|e| e
            .label
            .starts_with("RPM package golang-bin-1.22.10-1.fc40.x86_64")
            && e.value.contains("/usr/lib/golang/bin/go")),
        "{:?}",
        f.evidence
    );
}
