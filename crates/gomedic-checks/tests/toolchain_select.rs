//! modules/go-line-too-new and modules/toolchain-switch on Linux and Windows
//! snapshots built in code (the active go is 1.27.3; go.mod asks for 1.28.1).

mod support;

use gomedic_go::env::EnvSource;
use gomedic_model::snapshot::TextFile;
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

const TOO_NEW: &str = "modules/go-line-too-new";
const SWITCH: &str = "modules/toolchain-switch";

fn with_go_line(mut snap: Snapshot, go: &str) -> Snapshot {
    let file = snap.project.go_mod.as_mut().expect("go.mod");
    file.content = Some(format!("module app\n\ngo {go} // needs\n"));
    snap
}

fn linux_needing(go: &str) -> Snapshot {
    with_go_line(linux(), go)
}

fn windows_needing(go: &str) -> Snapshot {
    with_go_line(windows(), go)
}

fn only(snap: &Snapshot, id: &str) -> Option<Finding> {
    let found: Vec<Finding> = gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == id)
        .collect();
    assert!(found.len() <= 1, "{found:?}");
    found.into_iter().next()
}

fn one(snap: &Snapshot, id: &str) -> Finding {
    only(snap, id).unwrap_or_else(|| panic!("no {id} in {:?}", ids(snap)))
}

fn evidence<'a>(f: &'a Finding, label: &str) -> &'a str {
    f.evidence
        .iter()
        .find(|e| e.label == label)
        .map(|e| e.value.as_str())
        .unwrap_or_else(|| panic!("no evidence {label} in {:?}", f.evidence))
}

#[test]
fn go_line_not_newer_gives_nothing() {
    for go in ["1.27.3", "1.27", "1.21", "1.27.0"] {
        let snap = linux_needing(go);
        assert!(only(&snap, TOO_NEW).is_none(), "{go}");
        assert!(only(&snap, SWITCH).is_none(), "{go}");
    }
}

#[test]
fn local_forbids_switch_with_gos_message() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOTOOLCHAIN", "local");
    let f = one(&snap, TOO_NEW);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        evidence(&f, "go prints"),
        "go: go.mod requires go >= 1.28.1 (running go 1.27.3; GOTOOLCHAIN=local)"
    );
    assert!(f.title.contains("GOTOOLCHAIN=local"), "{}", f.title);
    // The OS environment wins over go env -w: the fix unsets it first.
    assert!(f.fixes[0].commands.iter().any(|c| c == "unset GOTOOLCHAIN"));
    assert!(
        f.fixes[0]
            .commands
            .iter()
            .any(|c| c == "go env -w GOTOOLCHAIN=auto")
    );
    assert!(f.fixes[1].commands[0].contains("golang.org/dl/go1.28.1@latest"));
    assert_eq!(f.fixes[2].commands, ["go mod edit -go=1.27.3"]);
    assert!(only(&snap, SWITCH).is_none());
}

#[test]
fn empty_gotoolchain_from_go_env_without_the_line() {
    let mut snap = linux_needing("1.28.1");
    set(&mut snap, "GOTOOLCHAIN", var("", EnvSource::Default));
    let f = one(&snap, TOO_NEW);
    assert_eq!(
        evidence(&f, "go prints"),
        "go: go.mod requires go >= 1.28.1 (running go 1.27.3)"
    );
    assert!(f.title.contains("GOTOOLCHAIN is empty"), "{}", f.title);
    assert!(only(&snap, SWITCH).is_none());
}

#[test]
fn message_names_the_file_as_go_does_from_a_subdirectory() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOTOOLCHAIN", "local");
    snap.project.dir = "/home/ana/src/app/cmd/tool".into();
    let f = one(&snap, TOO_NEW);
    assert_eq!(
        evidence(&f, "go prints"),
        "go: ../../go.mod requires go >= 1.28.1 (running go 1.27.3; GOTOOLCHAIN=local)"
    );
}

#[test]
fn go_work_wins_over_go_mod() {
    let mut snap = linux_needing("1.27.1");
    export(&mut snap, "GOTOOLCHAIN", "local");
    snap.project.go_work = Some(TextFile {
        path: "/home/ana/src/app/go.work".into(),
        exists: true,
        content: Some("go 1.28.1\n\nuse .\n".into()),
        ..Default::default()
    });
    let f = one(&snap, TOO_NEW);
    assert_eq!(
        evidence(&f, "go prints"),
        "go: go.work requires go >= 1.28.1 (running go 1.27.3; GOTOOLCHAIN=local)"
    );
    assert_eq!(f.fixes[2].commands, ["go work edit -go=1.27.3"]);
}

#[test]
fn gopath_mode_ignores_gotoolchain_and_go_mod() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOTOOLCHAIN", "local");
    export(&mut snap, "GO111MODULE", "off");
    assert!(only(&snap, TOO_NEW).is_none());
    export(&mut snap, "GOTOOLCHAIN", "go1.28.1+path");
    assert!(only(&snap, SWITCH).is_none());
}

#[test]
fn named_release_without_auto_switches_then_refuses() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOTOOLCHAIN", "go1.27.0");
    let f = one(&snap, TOO_NEW);
    assert_eq!(
        evidence(&f, "go prints"),
        "go: go.mod requires go >= 1.28.1 (running go 1.27.0; GOTOOLCHAIN=go1.27.0)"
    );
    let s = one(&snap, SWITCH);
    assert_eq!(s.severity, Severity::Info);
    assert!(s.title.contains("go1.27.0"), "{}", s.title);
}

#[test]
fn auto_downloads_through_the_proxy() {
    let snap = linux_needing("1.28.1");
    assert!(only(&snap, TOO_NEW).is_none());
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("go1.28.1"), "{}", f.title);
    assert!(
        f.title.contains("`https://proxy.golang.org`"),
        "{}",
        f.title
    );
    assert_eq!(
        evidence(&f, "toolchain module"),
        "golang.org/toolchain@v0.0.1-go1.28.1.linux-amd64"
    );
    assert_eq!(
        evidence(&f, "in module cache"),
        "no (/home/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.28.1.linux-amd64)"
    );
    assert!(f.explanation.contains("checksum"), "{}", f.explanation);
}

#[test]
fn go_line_with_language_version_switches_to_the_dot_zero_release() {
    let snap = linux_needing("1.28");
    let f = one(&snap, SWITCH);
    assert_eq!(
        evidence(&f, "toolchain module"),
        "golang.org/toolchain@v0.0.1-go1.28.0.linux-amd64"
    );
}

#[test]
fn goproxy_off_cannot_download() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOPROXY", "off");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.title
            .contains("go: download go1.28.1 for linux/amd64: toolchain not available"),
        "{}",
        f.title
    );
    assert!(
        f.fixes[0].commands.iter().any(|c| c == "unset GOPROXY"),
        "{:?}",
        f.fixes
    );
    // Already downloaded: go only needs the checksum database.
    snap.cached_toolchains = vec!["v0.0.1-go1.28.1.linux-amd64".into()];
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("already downloaded"), "{}", f.title);
}

#[test]
fn gonoproxy_covering_the_toolchain_module_means_direct() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GONOPROXY", "golang.org");
    assert_eq!(one(&snap, SWITCH).severity, Severity::Warning);
    export(&mut snap, "GONOPROXY", "example.com");
    assert_eq!(one(&snap, SWITCH).severity, Severity::Info);
}

#[test]
fn direct_only_depends_on_golang_org() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOPROXY", "direct");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.explanation.contains("toolchain not available"));
}

#[test]
fn gosumdb_off_fails_even_cached_except_single_file_proxy() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOSUMDB", "off");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.title
            .contains("verifying module: checksum database disabled by GOSUMDB=off"),
        "{}",
        f.title
    );
    assert!(
        f.fixes[0]
            .commands
            .iter()
            .any(|c| c == "go env -w GOSUMDB=sum.golang.org")
    );
    snap.cached_toolchains = vec!["v0.0.1-go1.28.1.linux-amd64".into()];
    assert_eq!(one(&snap, SWITCH).severity, Severity::Error);
    export(&mut snap, "GOPROXY", "file:///srv/goproxy");
    assert_eq!(one(&snap, SWITCH).severity, Severity::Info);
    export(&mut snap, "GOPROXY", "file:///srv/goproxy,off");
    assert_eq!(one(&snap, SWITCH).severity, Severity::Error);
}

#[test]
fn path_mode_needs_the_release_on_path() {
    let mut snap = linux_needing("1.28.1");
    export(&mut snap, "GOTOOLCHAIN", "path");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.title.contains("go: cannot find \"go1.28.1\" in PATH"),
        "{}",
        f.title
    );
    assert!(only(&snap, TOO_NEW).is_none());
    snap.path_lookups
        .insert("go1.28.1".into(), Some("/home/ana/go/bin/go1.28.1".into()));
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("/home/ana/go/bin/go1.28.1"), "{}", f.title);
}

#[test]
fn path_mode_minimum_release_on_path() {
    let mut snap = linux_needing("1.27");
    export(&mut snap, "GOTOOLCHAIN", "go1.27.9+path");
    assert!(
        one(&snap, SWITCH)
            .title
            .contains("cannot find \"go1.27.9\"")
    );
}

#[test]
fn invalid_settings_stop_go() {
    let mut snap = linux_needing("1.27");
    export(&mut snap, "GOTOOLCHAIN", "go1.99.0+foo");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.title.contains(
            "go: invalid GOTOOLCHAIN \"go1.99.0+foo\": only version suffixes are +auto and +path"
        ),
        "{}",
        f.title
    );
    let mut snap = linux_needing("1.27");
    export(&mut snap, "GOTOOLCHAIN", "go1.28+auto");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.title.contains(
            "invalid toolchain: go1.28 is a language version but not a toolchain version (go1.28.x)"
        ),
        "{}",
        f.title
    );
}

#[test]
fn no_active_go_or_no_go_mod_gives_nothing() {
    let mut snap = linux_needing("1.28.1");
    snap.active_go = None;
    assert!(only(&snap, TOO_NEW).is_none() && only(&snap, SWITCH).is_none());
    let mut snap = linux();
    snap.project.go_mod = None;
    export(&mut snap, "GOTOOLCHAIN", "local");
    assert!(only(&snap, TOO_NEW).is_none() && only(&snap, SWITCH).is_none());
}

#[test]
fn windows_local_with_powershell_fixes() {
    let mut snap = windows_needing("1.28.1");
    export(&mut snap, "GOTOOLCHAIN", "local");
    let f = one(&snap, TOO_NEW);
    assert_eq!(
        evidence(&f, "go prints"),
        "go: go.mod requires go >= 1.28.1 (running go 1.27.3; GOTOOLCHAIN=local)"
    );
    assert!(
        f.fixes[0]
            .commands
            .iter()
            .any(|c| c == "Remove-Item Env:GOTOOLCHAIN"),
        "{:?}",
        f.fixes[0]
    );
    snap.project.dir = "C:\\Users\\Ana\\src\\app\\cmd".into();
    assert!(
        evidence(&one(&snap, TOO_NEW), "go prints").starts_with("go: ..\\go.mod requires"),
        "Windows spells the relative path with backslashes"
    );
}

#[test]
fn windows_download_and_path_lookup() {
    let mut snap = windows_needing("1.28.1");
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        evidence(&f, "in module cache"),
        "no (C:\\Users\\Ana\\go\\pkg\\mod\\golang.org\\toolchain@v0.0.1-go1.28.1.windows-amd64)"
    );
    export(&mut snap, "GOTOOLCHAIN", "local+path");
    assert_eq!(one(&snap, SWITCH).severity, Severity::Error);
    snap.path_lookups.insert(
        "go1.28.1".into(),
        Some("C:\\Users\\Ana\\go\\bin\\go1.28.1.exe".into()),
    );
    let f = one(&snap, SWITCH);
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("go1.28.1.exe"), "{}", f.title);
}
