#![cfg(unix)]
//! RPM ownership against a real RPM database: a tiny package built with the
//! real rpmbuild, recorded with `rpm -i --justdb` into a database of the
//! test's own (`--dbpath`), then asked with the probe's `rpm -qf`.
//! Needs rpm and rpmbuild (Debian's `rpm` package; scripts/install-test-deps.sh).

use gomedic_model::snapshot::GoBinary;
use gomedic_probe::install_facts::{InstallInputs, SystemRoots, probe_installs};
use gomedic_probe::rpm_owner::RpmQuery;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// An existing system file the package also claims, to go through the
/// probe's system-directory rule (rpm only answers about files that exist).
const SYSTEM_FILE: &str = "/usr/bin/env";

fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?} ({e}): install rpm (apt-get install rpm)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A database in `dir/db` where golang-bin-1.22.10-1.fc40 owns
/// `dir/usr/lib/golang/bin/go` and SYSTEM_FILE.
fn database(dir: &Path) -> std::path::PathBuf {
    let go = dir.join("usr/lib/golang/bin/go");
    std::fs::create_dir_all(go.parent().unwrap()).unwrap();
    std::fs::write(&go, "#!/bin/sh\n").unwrap();
    let spec = dir.join("golang.spec");
    std::fs::write(
        &spec,
        format!(
            "Name: golang-bin\nVersion: 1.22.10\nRelease: 1.fc40\nSummary: test\nLicense: BSD\n\
             BuildArch: noarch\n%description\ntest\n%install\n\
             mkdir -p %{{buildroot}}{godir} %{{buildroot}}/usr/bin\n\
             echo > %{{buildroot}}{go}\necho > %{{buildroot}}{sys}\n\
             %files\n{go}\n{sys}\n",
            godir = go.parent().unwrap().display(),
            go = go.display(),
            sys = SYSTEM_FILE
        ),
    )
    .unwrap();
    run(Command::new("rpmbuild")
        .arg("-bb")
        .arg("--define")
        .arg(format!("_topdir {}", dir.join("top").display()))
        .arg(&spec));
    let rpm = dir.join("top/RPMS/noarch/golang-bin-1.22.10-1.fc40.noarch.rpm");
    let db = dir.join("db");
    run(Command::new("rpm").arg("--dbpath").arg(&db).arg("--initdb"));
    run(Command::new("rpm")
        .arg("--dbpath")
        .arg(&db)
        .args(["-i", "--justdb", "--nodeps"])
        .arg(&rpm));
    db
}

#[test]
fn rpm_names_the_owner_of_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let db = database(tmp.path());
    let query = RpmQuery::system(Some(db)).expect("rpm installed in /usr/bin or /bin");
    assert_eq!(
        query.owner(&tmp.path().join("usr/lib/golang/bin/go")),
        Ok(Some("golang-bin-1.22.10-1.fc40.noarch".to_string()))
    );
    assert_eq!(query.owner(&tmp.path().join("golang.spec")), Ok(None));
    let missing = query.owner(&tmp.path().join("nope"));
    assert!(
        missing
            .as_ref()
            .is_err_and(|e| e.contains("No such file or directory")),
        "{missing:?}"
    );
}

#[test]
fn probe_reports_rpm_ownership_of_a_system_go() {
    let tmp = tempfile::tempdir().unwrap();
    let db = database(tmp.path());
    // /usr/bin/go is an alternatives link on Fedora; what counts is its real path.
    let packaged = GoBinary {
        path: "/usr/bin/go".into(),
        real_path: Some(SYSTEM_FILE.into()),
        ..GoBinary::default()
    };
    let home_go = GoBinary {
        path: tmp
            .path()
            .join("usr/lib/golang/bin/go")
            .display()
            .to_string(),
        ..GoBinary::default()
    };
    let env = BTreeMap::new();
    let inputs = InstallInputs {
        project_dir: tmp.path(),
        home: Some(tmp.path()),
        env: &env,
        roots: SystemRoots {
            dpkg_info: tmp.path().join("no-dpkg"),
            rpm_db: db,
            snap: tmp.path().join("no-snap"),
        },
    };
    let facts = probe_installs(&[packaged, home_go], &inputs);
    assert_eq!(
        facts.binaries[0].rpm_package.as_deref(),
        Some("golang-bin-1.22.10-1.fc40.noarch")
    );
    // Not in a system directory (it is in the home): rpm is not asked.
    assert_eq!(facts.binaries[1].rpm_package, None);
    assert!(facts.notes.is_empty(), "{:?}", facts.notes);
}
