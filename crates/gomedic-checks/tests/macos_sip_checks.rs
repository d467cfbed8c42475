//! env/dir-not-writable on macOS when a Go directory is on the system volume
//! protected by System Integrity Protection (GOBIN=/usr/bin and the like).
//! `csrutil status` texts: testdata/vectors/macos-csrutil (see its README);
//! the Go tree is the real macOS distribution as the .pkg installs it
//! (/usr/local/go, owned by root, VERSION go1.27.3).

mod support;

use gomedic_go::env::EnvSource;
use gomedic_model::os_facts::MacosOsFacts;
use gomedic_model::snapshot::RunResult;
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

fn csrutil(name: &str) -> RunResult {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/vectors/macos-csrutil")
        .join(name);
    RunResult {
        command: "/usr/bin/csrutil status".into(),
        exit_code: Some(0),
        stdout: std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        ..Default::default()
    }
}

fn not_writable(snap: &Snapshot) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "env/dir-not-writable")
        .collect()
}

/// The macOS support snapshot with Go from the .pkg installer (/usr/local/go,
/// root-owned) and `GOBIN` written with `go env -w`.
fn mac_with_gobin(gobin: &str, writable: bool, csrutil_file: Option<&str>) -> Snapshot {
    let mut snap = macos();
    snap.dirs.insert("/usr/local/go".into(), {
        let mut d = goroot_dir("go1.27.3", "/usr/local/go");
        d.owner_uid = Some(0);
        d.writable = Some(false);
        d
    });
    set(
        &mut snap,
        "GOBIN",
        var(
            gobin,
            EnvSource::UserFile {
                path: "/Users/ana/Library/Application Support/go/env".into(),
                line: 1,
            },
        ),
    );
    let mut fact = dir(&["GOBIN"]);
    fact.exists = true;
    fact.is_dir = true;
    fact.writable = Some(writable);
    fact.nearest_existing = Some(gobin.into());
    fact.owner_uid = Some(0);
    snap.dirs.insert(gobin.into(), fact);
    snap.os.macos = Some(MacosOsFacts {
        csrutil: csrutil_file.map(csrutil),
        ..Default::default()
    });
    snap
}

fn commands(f: &Finding) -> Vec<String> {
    f.fixes.iter().flat_map(|x| x.commands.clone()).collect()
}

#[test]
fn gobin_in_usr_bin_with_sip_on() {
    let snap = mac_with_gobin("/usr/bin", false, Some("enabled.txt"));
    let all = not_writable(&snap);
    assert_eq!(all.len(), 1, "{all:?}");
    let f = &all[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.title,
        "GOBIN directory `/usr/bin` is protected by System Integrity Protection: not writable, not even with sudo"
    );
    let sip = f
        .evidence
        .iter()
        .find(|e| e.label == "csrutil status")
        .unwrap();
    assert_eq!(sip.value, "System Integrity Protection status: enabled.");
    assert_eq!(sip.source, "/usr/bin/csrutil status");
    let cmds = commands(f);
    assert!(cmds.iter().any(|c| c == "go env -u GOBIN"), "{cmds:?}");
    assert!(
        cmds.iter()
            .any(|c| c.contains("/Users/ana/go/bin") && c.contains(".zprofile")),
        "{cmds:?}"
    );
    // Neither chown (fails on the sealed volume) nor switching SIP off.
    assert!(
        !cmds
            .iter()
            .any(|c| c.contains("chown") || c.contains("csrutil")),
        "{cmds:?}"
    );
}

#[test]
fn sudo_does_not_help_on_the_system_volume() {
    // As root access(2) says writable, but SIP and the sealed volume refuse.
    let mut snap = mac_with_gobin("/System/Library/go-tools", true, Some("enabled.txt"));
    snap.host.uid = Some(0);
    let all = not_writable(&snap);
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(
        all[0].title.contains("not even with sudo"),
        "{}",
        all[0].title
    );
}

#[test]
fn sip_off_still_read_only_volume() {
    for file in ["disabled.txt", "custom-without-fs.txt"] {
        let snap = mac_with_gobin("/usr/bin", false, Some(file));
        let f = &not_writable(&snap)[0];
        assert!(
            f.title.contains("read-only system volume (SIP is off"),
            "{file}: {}",
            f.title
        );
    }
    // csrutil not run or failed: SIP assumed on (the default).
    let mut snap = mac_with_gobin("/usr/sbin", false, None);
    assert!(
        not_writable(&snap)[0]
            .title
            .contains("System Integrity Protection")
    );
    snap.os.macos.as_mut().unwrap().csrutil = Some(RunResult {
        command: "/usr/bin/csrutil status".into(),
        timed_out: true,
        ..Default::default()
    });
    let f = &not_writable(&snap)[0];
    assert_eq!(
        f.evidence
            .iter()
            .find(|e| e.label == "csrutil status")
            .unwrap()
            .value,
        "timed out"
    );
}

#[test]
fn usr_local_is_not_protected() {
    // /usr/local/bin root-owned (no Homebrew): an ordinary ownership problem.
    let snap = mac_with_gobin("/usr/local/bin", false, Some("enabled.txt"));
    let f = &not_writable(&snap)[0];
    assert_eq!(
        f.title,
        "GOBIN directory `/usr/local/bin` is not writable by you"
    );
    assert!(!f.evidence.iter().any(|e| e.label == "csrutil status"));
    assert!(
        commands(f).iter().any(|c| c.contains("chown")),
        "{:?}",
        f.fixes
    );
    // GOBIN inside the root-owned GOROOT of the .pkg installer.
    let snap = mac_with_gobin("/usr/local/go/bin", false, Some("enabled.txt"));
    let f = &not_writable(&snap)[0];
    assert!(
        f.title
            .contains("`/usr/local/go/bin` is not writable by you"),
        "{}",
        f.title
    );
}

#[test]
fn root_owned_goroot_alone_is_fine() {
    // The .pkg installer's /usr/local/go belongs to root: go never writes
    // there (toolchain downloads go to GOMODCACHE, installs to GOBIN or
    // GOPATH/bin), so it is not reported.
    let mut snap = macos();
    snap.dirs.insert("/usr/local/go".into(), {
        let mut d = goroot_dir("go1.27.3", "/usr/local/go");
        d.owner_uid = Some(0);
        d.writable = Some(false);
        d
    });
    snap.os.macos = Some(MacosOsFacts {
        csrutil: Some(csrutil("enabled.txt")),
        ..Default::default()
    });
    assert!(not_writable(&snap).is_empty());
}

#[test]
fn linux_usr_bin_is_an_ownership_problem() {
    let mut snap = linux();
    set(&mut snap, "GOBIN", var("/usr/bin", EnvSource::Process));
    let mut fact = dir(&["GOBIN"]);
    fact.exists = true;
    fact.is_dir = true;
    fact.writable = Some(false);
    fact.nearest_existing = Some("/usr/bin".into());
    fact.owner_uid = Some(0);
    snap.dirs.insert("/usr/bin".into(), fact);
    let f = &not_writable(&snap)[0];
    assert!(f.title.ends_with("is not writable by you"), "{}", f.title);
}
