//! Every check on snapshots built in code: a healthy machine per OS gives no
//! finding, and each breakage gives exactly its finding.

mod support;

use gomedic_go::env::EnvSource;
use gomedic_model::Severity;
use gomedic_model::snapshot::{MountFact, TextFile};
use support::*;

fn has(snap: &gomedic_model::Snapshot, id: &str) -> bool {
    ids(snap).iter().any(|i| i == id)
}

fn finding(snap: &gomedic_model::Snapshot, id: &str) -> gomedic_model::Finding {
    gomedic_checks::run_all(snap)
        .into_iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(snap)))
}

#[test]
fn healthy_machines_have_no_findings() {
    assert_eq!(ids(&linux()), Vec::<String>::new());
    // Windows without gcc: cgo is silently off (info), nothing else.
    assert_eq!(ids(&windows()), ["cgo/disabled-silently"]);
    assert_eq!(ids(&macos()), Vec::<String>::new());
}

#[test]
fn every_finding_has_evidence_fix_and_backticked_values() {
    let mut snap = linux();
    export(&mut snap, "GOPATH", "~/go");
    export(&mut snap, "GOPROXY", "off");
    for f in gomedic_checks::run_all(&snap) {
        assert!(!f.evidence.is_empty() && !f.fixes.is_empty(), "{f:?}");
        assert!(
            gomedic_checks::find(&f.id).is_some(),
            "{} not in the catalogue",
            f.id
        );
    }
}

#[test]
fn go_not_found_names_off_path_install() {
    let mut snap = linux();
    snap.go_binaries[0].path_index = None;
    snap.active_go = None;
    let f = finding(&snap, "toolchain/go-not-found");
    assert!(f.title.contains("/usr/local/go/bin/go"), "{}", f.title);
    assert!(f.fixes[0].commands[0].contains("/usr/local/go/bin"));
    let mut win = windows();
    win.go_binaries[0].path_index = None;
    win.active_go = None;
    let f = finding(&win, "toolchain/go-not-found");
    assert!(
        f.fixes[0].commands[0].contains("SetEnvironmentVariable('Path'"),
        "{:?}",
        f.fixes
    );
    assert!(!has(&linux(), "toolchain/go-not-found"));
}

#[test]
fn go_shadowed_by_another_release_but_not_by_a_link() {
    let mut snap = linux();
    let old = go_binary(
        "/usr/bin/go",
        "/usr/lib/go-1.22",
        "go1.22.2",
        "linux",
        "amd64",
        Some(1),
        '/',
    );
    snap.go_binaries.insert(0, old);
    snap.active_go = Some(0);
    let f = finding(&snap, "toolchain/go-shadowed");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.title.contains("`/usr/bin/go` (go1.22.2)"), "{}", f.title);
    // A link to the same binary is not shadowing.
    let mut snap = linux();
    let mut link = snap.go_binaries[0].clone();
    link.path = "/usr/local/bin/go".into();
    link.path_index = Some(0);
    snap.go_binaries.insert(0, link);
    assert!(!has(&snap, "toolchain/go-shadowed"));
    // Windows: same tree spelled in another case is the same go.
    let mut win = windows();
    let mut other = win.go_binaries[0].clone();
    other.path = "c:\\program files\\go\\bin\\go.exe".into();
    other.inferred_goroot = Some("c:\\program files\\go".into());
    other.real_path = Some(other.path.clone());
    other.path_index = Some(3);
    win.go_binaries.push(other);
    assert!(!has(&win, "toolchain/go-shadowed"));
}

#[test]
fn go_not_runnable_for_foreign_arch_broken_link_and_crash() {
    let mut snap = linux();
    snap.go_binaries[0].executable.as_mut().unwrap().goarch = Some("arm64".into());
    assert_eq!(
        finding(&snap, "toolchain/go-not-runnable").severity,
        Severity::Error
    );
    // amd64 Go on Apple Silicon runs under Rosetta: a warning.
    let mut mac = macos();
    mac.go_binaries[0].executable.as_mut().unwrap().goarch = Some("amd64".into());
    assert_eq!(
        finding(&mac, "toolchain/go-not-runnable").severity,
        Severity::Warning
    );
    // 386 Go on amd64 Linux runs natively.
    let mut snap = linux();
    snap.go_binaries[0].executable.as_mut().unwrap().goarch = Some("386".into());
    assert!(!has(&snap, "toolchain/go-not-runnable"));
    let mut snap = linux();
    snap.go_binaries[0].file_problem = Some("broken symbolic link".into());
    snap.go_binaries[0].real_path = None;
    assert!(has(&snap, "toolchain/go-not-runnable"));
    let mut snap = linux();
    snap.go_binaries[0].run = Some(gomedic_model::snapshot::RunResult {
        command: "go version".into(),
        timed_out: true,
        millis: 5000,
        ..Default::default()
    });
    assert!(
        finding(&snap, "toolchain/go-not-runnable")
            .title
            .contains("did not finish")
    );
    // A non-zero exit explained by a bad GOPATH is that check's finding.
    let mut snap = linux();
    snap.go_binaries[0].run = Some(gomedic_model::snapshot::RunResult {
        command: "go version".into(),
        exit_code: Some(2),
        ..Default::default()
    });
    export(&mut snap, "GOPATH", "relative/go");
    assert!(!has(&snap, "toolchain/go-not-runnable") && has(&snap, "env/gopath-invalid"));
}

#[test]
fn goroot_not_found_when_set_to_missing_dir_or_copied_binary() {
    let mut snap = linux();
    export(&mut snap, "GOROOT", "/usr/local/Cellar/go/1.19/libexec");
    let mut missing = dir(&["GOROOT"]);
    missing.exists = false;
    missing.is_dir = false;
    snap.dirs
        .insert("/usr/local/Cellar/go/1.19/libexec".into(), missing);
    let f = finding(&snap, "toolchain/goroot-not-found");
    assert!(f.fixes[0].commands.contains(&"unset GOROOT".to_string()));
    let mut snap = linux();
    snap.go_binaries[0].inferred_goroot = None;
    assert!(has(&snap, "toolchain/goroot-not-found"));
    // An untrimmed (distribution) build has its root baked in.
    snap.go_binaries[0]
        .build_info
        .as_mut()
        .unwrap()
        .settings
        .retain(|s| s.key != "-trimpath");
    assert!(!has(&snap, "toolchain/goroot-not-found"));
}

#[test]
fn goroot_mismatch_and_goroot_set() {
    let mut snap = linux();
    export(&mut snap, "GOROOT", "/opt/go1.22");
    snap.dirs
        .insert("/opt/go1.22".into(), goroot_dir("go1.22.10", "/opt/go1.22"));
    let f = finding(&snap, "toolchain/goroot-mismatch");
    assert_eq!(f.severity, Severity::Error);
    assert!(!has(&snap, "env/goroot-set"));
    // Same tree: only env/goroot-set.
    let mut snap = linux();
    export(&mut snap, "GOROOT", "/usr/local/go/");
    assert_eq!(ids(&snap), ["env/goroot-set"]);
    // Windows: case and slashes don't matter; the fix is PowerShell.
    let mut win = windows();
    export(&mut win, "GOROOT", "c:/program files/go");
    let f = finding(&win, "env/goroot-set");
    assert!(
        f.fixes[0]
            .commands
            .iter()
            .any(|c| c.contains("SetEnvironmentVariable('GOROOT', $null, 'User')"))
    );
    // Set in the go env file: the fix is go env -u.
    let mut snap = linux();
    set(
        &mut snap,
        "GOROOT",
        var(
            "/usr/local/go",
            EnvSource::UserFile {
                path: "/home/ana/.config/go/env".into(),
                line: 2,
            },
        ),
    );
    assert_eq!(
        finding(&snap, "env/goroot-set").fixes[0].commands,
        ["go env -u GOROOT"]
    );
}

#[test]
fn compile_version_mismatch_from_tools() {
    let mut snap = linux();
    snap.go_binaries[0].tools[0].go_version = Some("go1.22.10".into());
    assert!(
        finding(&snap, "toolchain/compile-version-mismatch")
            .title
            .contains("`compile` is go1.22.10")
    );
    assert!(!has(&linux(), "toolchain/compile-version-mismatch"));
}

#[test]
fn unsupported_go_uses_table_and_newer_go_on_machine() {
    let mut snap = linux();
    snap.go_binaries[0].build_info.as_mut().unwrap().go_version = "go1.25.7".into();
    for t in &mut snap.go_binaries[0].tools {
        t.go_version = Some("go1.25.7".into());
    }
    assert!(has(&snap, "toolchain/unsupported-go"));
    snap.go_binaries[0].build_info.as_mut().unwrap().go_version = "go1.26.1".into();
    for t in &mut snap.go_binaries[0].tools {
        t.go_version = Some("go1.26.1".into());
    }
    assert!(!has(&snap, "toolchain/unsupported-go"));
    // A Go 1.28 elsewhere on the machine makes 1.26 unsupported.
    let newer = go_binary(
        "/home/ana/sdk/go1.28.0/bin/go",
        "/home/ana/sdk/go1.28.0",
        "go1.28.0",
        "linux",
        "amd64",
        None,
        '/',
    );
    snap.go_binaries.push(newer);
    assert!(has(&snap, "toolchain/unsupported-go"));
}

#[test]
fn gopath_equals_goroot_and_inside() {
    let mut snap = linux();
    export(&mut snap, "GOPATH", "/usr/local/go");
    assert_eq!(
        finding(&snap, "env/gopath-equals-goroot").severity,
        Severity::Warning
    );
    let mut win = windows();
    export(
        &mut win,
        "GOPATH",
        "C:\\Users\\Ana\\go;c:\\program files\\go\\work",
    );
    assert!(has(&win, "env/gopath-equals-goroot"));
    let mut snap = linux();
    export(&mut snap, "GOPATH", "/usr/local/gopath");
    assert!(!has(&snap, "env/gopath-equals-goroot"));
}

#[test]
fn gopath_invalid_exactly_as_go() {
    for bad in ["~/go", "go", "'/home/ana/go'", "/home/ana/go:rel"] {
        let mut snap = linux();
        export(&mut snap, "GOPATH", bad);
        assert!(has(&snap, "env/gopath-invalid"), "{bad}");
    }
    // Go skips empty entries; absolute lists are fine.
    for good in ["/home/ana/go:", ":/home/ana/go", "/a:/b"] {
        let mut snap = linux();
        export(&mut snap, "GOPATH", good);
        assert!(!has(&snap, "env/gopath-invalid"), "{good}");
    }
    // Windows: `\go` is not absolute, a quoted absolute path is (SplitList unquotes).
    let mut win = windows();
    export(&mut win, "GOPATH", "\\Users\\Ana\\go");
    assert!(has(&win, "env/gopath-invalid"));
    let mut win = windows();
    export(&mut win, "GOPATH", "\"C:\\Users\\Ana\\go\"");
    assert!(!has(&win, "env/gopath-invalid"));
    // A computed (inferred) GOPATH is never fatal.
    let mut snap = linux();
    set(&mut snap, "GOPATH", computed("rel/go"));
    assert!(!has(&snap, "env/gopath-invalid"));
}

#[test]
fn gobin_not_on_path_and_in_goroot() {
    let mut snap = linux();
    snap.path_entries.retain(|e| e.raw != "/home/ana/go/bin");
    let f = finding(&snap, "env/gobin-not-on-path");
    assert_eq!(
        f.fixes[0].commands,
        ["export PATH=\"$PATH:/home/ana/go/bin\""]
    );
    let mut mac = macos();
    export(&mut mac, "GOBIN", "/Users/ana/bin");
    assert!(has(&mac, "env/gobin-not-on-path"));
    let mut win = windows();
    win.path_entries[3].raw = "c:\\users\\ana\\GO\\bin\\".into();
    win.path_entries[3].resolved = None;
    assert!(!has(&win, "env/gobin-not-on-path"));
    let mut snap = linux();
    export(&mut snap, "GOBIN", "/usr/local/go/bin");
    assert!(has(&snap, "env/gobin-in-goroot") && !has(&snap, "env/gobin-not-on-path"));
}

#[test]
fn dir_not_writable_root_owned_cache() {
    let mut snap = linux();
    let cache = snap.dirs.get_mut("/home/ana/.cache/go-build").unwrap();
    cache.writable = Some(false);
    cache.owner_uid = Some(0);
    cache.nearest_existing = Some("/home/ana/.cache/go-build".into());
    let f = finding(&snap, "env/dir-not-writable");
    assert!(f.fixes[0].commands[0].starts_with("sudo chown -R"));
    let mut snap = linux();
    export(&mut snap, "GOTMPDIR", "/home/ana/tmp");
    let mut missing = dir(&["GOTMPDIR"]);
    missing.exists = false;
    missing.is_dir = false;
    snap.dirs.insert("/home/ana/tmp".into(), missing.clone());
    assert!(has(&snap, "env/dir-not-writable"));
    // A missing but creatable module cache is fine: go creates it.
    let mut snap = linux();
    missing.roles = vec!["GOMODCACHE".into()];
    snap.dirs.insert("/home/ana/go/pkg/mod".into(), missing);
    assert!(!has(&snap, "env/dir-not-writable"));
}

#[test]
fn cache_dir_unavailable() {
    let mut snap = linux();
    export(&mut snap, "GOCACHE", "off");
    assert!(has(&snap, "env/cache-dir-unavailable"));
    let mut snap = linux();
    snap.env.remove("HOME");
    set(
        &mut snap,
        "GOCACHE",
        var(
            "off",
            EnvSource::Computed {
                why: "neither $XDG_CACHE_HOME nor $HOME are defined".into(),
            },
        ),
    );
    assert!(
        finding(&snap, "env/cache-dir-unavailable")
            .title
            .contains("$HOME")
    );
    let mut snap = linux();
    export(&mut snap, "GOCACHE", "cache");
    assert!(has(&snap, "env/cache-dir-unavailable"));
    let mut win = windows();
    export(&mut win, "GOCACHE", "D:\\cache");
    assert!(!has(&win, "env/cache-dir-unavailable"));
}

#[test]
fn go_env_w_shadowed_only_when_values_differ() {
    let mut snap = linux();
    snap.user_env_file = Some(TextFile {
        path: "/home/ana/.config/go/env".into(),
        exists: true,
        content: Some("GOPROXY=https://goproxy.io,direct\nGOFLAGS=-mod=mod\n".into()),
        ..Default::default()
    });
    export(&mut snap, "GOPROXY", "https://proxy.golang.org,direct");
    export(&mut snap, "GOFLAGS", "-mod=mod");
    let found: Vec<_> = gomedic_checks::run_all(&snap)
        .into_iter()
        .filter(|f| f.id == "env/go-env-w-shadowed")
        .collect();
    assert_eq!(found.len(), 1);
    assert!(
        found[0].evidence[1]
            .source
            .ends_with("go/env:1 (go env -w, ignored)")
    );
    assert_eq!(found[0].fixes[1].commands, ["go env -u GOPROXY"]);
}

#[test]
fn go111module_values() {
    let cases = [
        ("off", Some(Severity::Warning)),
        ("auto", Some(Severity::Info)),
        ("on", None),
        ("true", Some(Severity::Error)),
    ];
    for (value, expected) in cases {
        let mut snap = linux();
        export(&mut snap, "GO111MODULE", value);
        let got = gomedic_checks::run_all(&snap)
            .into_iter()
            .find(|f| f.id == "env/go111module-legacy")
            .map(|f| f.severity);
        assert_eq!(got, expected, "{value}");
    }
}

#[test]
fn goflags_rejected_and_risky() {
    let mut snap = linux();
    export(&mut snap, "GOFLAGS", "-ldflags='-s -w'");
    assert_eq!(
        finding(&snap, "env/goflags-malformed").severity,
        Severity::Error
    );
    export(&mut snap, "GOFLAGS", "mod=vendor");
    assert_eq!(
        finding(&snap, "env/goflags-malformed").severity,
        Severity::Error
    );
    export(&mut snap, "GOFLAGS", "-mod=vendor");
    assert_eq!(
        finding(&snap, "env/goflags-malformed").severity,
        Severity::Warning
    );
    export(&mut snap, "GOFLAGS", "-tags=integration -v");
    assert!(!has(&snap, "env/goflags-malformed"));
}

#[test]
fn global_goos_goarch() {
    let mut snap = linux();
    export(&mut snap, "GOOS", "windows");
    assert_eq!(
        finding(&snap, "env/global-goos-goarch").severity,
        Severity::Warning
    );
    export(&mut snap, "GOBIN", "/home/ana/go/bin");
    assert_eq!(
        finding(&snap, "env/global-goos-goarch").severity,
        Severity::Error
    );
    let mut snap = linux();
    export(&mut snap, "GOOS", "linux");
    assert!(!has(&snap, "env/global-goos-goarch"));
}

#[test]
fn distro_defaults_edited_or_overridden() {
    let mut snap = linux();
    snap.go_binaries[0]
        .goroot_env_file
        .as_mut()
        .unwrap()
        .content = Some("GOPROXY=direct\nGOSUMDB=off\nGOTOOLCHAIN=local\n".into());
    let f = finding(&snap, "env/distro-defaults");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.fixes
            .iter()
            .any(|x| x.commands.iter().any(|c| c == "go env -w GOTOOLCHAIN=auto"))
    );
    export(&mut snap, "GOPROXY", "https://proxy.golang.org,direct");
    export(&mut snap, "GOSUMDB", "sum.golang.org");
    export(&mut snap, "GOTOOLCHAIN", "auto");
    assert_eq!(
        finding(&snap, "env/distro-defaults").severity,
        Severity::Info
    );
    let mut snap = linux();
    snap.go_binaries[0].goroot_env_file.as_mut().unwrap().exists = false;
    assert!(has(&snap, "env/distro-defaults"));
}

#[test]
fn goproxy_checks() {
    let mut snap = linux();
    export(&mut snap, "GOPROXY", "off");
    assert!(has(&snap, "modules/goproxy-off") && !has(&snap, "modules/goproxy-invalid"));
    export(&mut snap, "GOPROXY", "goproxy");
    assert!(has(&snap, "modules/goproxy-invalid"));
    export(&mut snap, "GOPROXY", "ftp://proxy.example");
    assert!(has(&snap, "modules/goproxy-invalid"));
    // Plain http is accepted by go.
    export(&mut snap, "GOPROXY", "http://proxy.corp.example,direct");
    assert!(!has(&snap, "modules/goproxy-invalid") && has(&snap, "modules/goproxy-fallback"));
    export(&mut snap, "GOPROXY", "https://proxy.corp.example|direct");
    assert!(!has(&snap, "modules/goproxy-fallback"));
    export(&mut snap, "GOPROXY", "https://proxy.golang.org,direct");
    assert!(ids(&snap).is_empty());
}

#[test]
fn gosumdb_checks() {
    let mut snap = linux();
    export(
        &mut snap,
        "GOSUMDB",
        "sum.golang.org+https://sum.golang.org",
    );
    assert!(has(&snap, "modules/sumdb-invalid"));
    export(
        &mut snap,
        "GOSUMDB",
        "sum.golang.org https://sum.golang.google.cn",
    );
    assert!(!has(&snap, "modules/sumdb-invalid"));
    export(&mut snap, "GOSUMDB", "off");
    assert!(has(&snap, "modules/sumdb-disabled") && !has(&snap, "modules/sumdb-invalid"));
    let mut snap = linux();
    export(&mut snap, "GONOSUMDB", "*");
    assert!(has(&snap, "modules/sumdb-disabled"));
    export(&mut snap, "GONOSUMDB", "git.corp.example");
    assert!(!has(&snap, "modules/sumdb-disabled"));
}

#[test]
fn no_go_mod_and_stray_go_mod() {
    let mut snap = linux();
    snap.project.go_mod = None;
    assert!(has(&snap, "modules/no-go-mod"));
    export(&mut snap, "GO111MODULE", "off");
    assert!(!has(&snap, "modules/no-go-mod"));
    let mut snap = linux();
    snap.project.go_mod = Some(TextFile {
        path: "/home/ana/go.mod".into(),
        exists: true,
        ..Default::default()
    });
    assert!(has(&snap, "modules/stray-go-mod"));
    // A module root above the current directory is normal.
    snap.project.dir = "/home/ana/src/app/cmd/tool".into();
    snap.project.go_mod = Some(TextFile {
        path: "/home/ana/src/app/go.mod".into(),
        exists: true,
        ..Default::default()
    });
    assert!(!has(&snap, "modules/stray-go-mod"));
    let mut win = windows();
    win.project.go_work = Some(TextFile {
        path: "C:\\go.work".into(),
        exists: true,
        ..Default::default()
    });
    assert!(has(&win, "modules/stray-go-mod"));
}

#[test]
fn cgo_checks() {
    let mut snap = linux();
    snap.path_lookups.insert("gcc".into(), None);
    export(&mut snap, "CGO_ENABLED", "1");
    assert!(has(&snap, "cgo/no-c-compiler") && !has(&snap, "cgo/disabled-silently"));
    let mut snap = linux();
    snap.path_lookups.insert("gcc".into(), None);
    set(&mut snap, "CGO_ENABLED", computed("0"));
    assert!(has(&snap, "cgo/disabled-silently") && !has(&snap, "cgo/no-c-compiler"));
    // macOS looks for clang.
    let mut mac = macos();
    mac.path_lookups.insert("clang".into(), None);
    export(&mut mac, "CGO_ENABLED", "1");
    assert!(
        finding(&mac, "cgo/no-c-compiler").fixes[0]
            .commands
            .contains(&"xcode-select --install".to_string())
    );
    // Windows: explicit CGO_ENABLED=0 is a choice, not silent.
    let mut win = windows();
    export(&mut win, "CGO_ENABLED", "0");
    assert!(ids(&win).is_empty());
}

#[test]
fn noexec_tmp() {
    let mut snap = linux();
    snap.dirs.get_mut("/tmp").unwrap().mount = Some(MountFact {
        mount_point: "/tmp".into(),
        fs_type: "tmpfs".into(),
        options: vec!["rw".into(), "nosuid".into(), "noexec".into()],
        source: None,
    });
    let f = finding(&snap, "os/noexec-tmp");
    assert!(
        f.fixes[0]
            .commands
            .iter()
            .any(|c| c.starts_with("go env -w GOTMPDIR="))
    );
    // With GOTMPDIR elsewhere, a noexec /tmp does not matter.
    export(&mut snap, "GOTMPDIR", "/home/ana/.cache/go-tmp");
    snap.dirs
        .insert("/home/ana/.cache/go-tmp".into(), dir(&["GOTMPDIR"]));
    assert!(!has(&snap, "os/noexec-tmp"));
}

#[test]
fn fixture_snapshots_from_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let cases = [
        ("linux-healthy.json", vec![]),
        (
            "windows-msi-goroot-gopath.json",
            vec![
                "env/gopath-invalid",
                "toolchain/goroot-mismatch",
                "cgo/disabled-silently",
            ],
        ),
        (
            "macos-brew-shadowed.json",
            vec![
                "toolchain/go-shadowed",
                "toolchain/install-sources",
                "env/gobin-not-on-path",
            ],
        ),
    ];
    for (file, expected) in cases {
        let text =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let snap: gomedic_model::Snapshot =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut got = ids(&snap);
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{file}");
    }
}
