//! editor/* tool checks on snapshots, for the cases a Linux test machine
//! cannot build for real: Go 1.25+ DWARF 5 with a Delve built by an older
//! Go, Delve newer than the active go, Rosetta 2 on Apple Silicon, a go
//! command older than gopls supports. (The end-to-end tests on real binaries
//! are in crates/gomedic/tests/check_editor_tools.rs.)

mod support;

use gomedic_go::buildinfo::ExecutableKind;
use gomedic_model::editor_tools::{InstalledTool, ToolSource};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

fn tool(path: &str, module: &str, package: &str, version: &str, built: &str) -> InstalledTool {
    InstalledTool {
        name: path.rsplit('/').next().unwrap().to_string(),
        path: path.to_string(),
        real_path: Some(path.to_string()),
        sources: vec![ToolSource::Gobin, ToolSource::Path { path_index: 4 }],
        executable: Some(ExecutableKind {
            format: "elf".into(),
            goos: Some("linux".into()),
            goarch: Some("amd64".into()),
        }),
        go_version: Some(built.to_string()),
        package_path: package.to_string(),
        module_path: module.to_string(),
        module_version: version.to_string(),
        build_goos: Some("linux".into()),
        build_goarch: Some("amd64".into()),
        build_info_error: None,
    }
}

fn dlv(version: &str, built: &str) -> InstalledTool {
    tool(
        "/home/ana/go/bin/dlv",
        "github.com/go-delve/delve",
        "github.com/go-delve/delve/cmd/dlv",
        version,
        built,
    )
}

fn gopls(path: &str, version: &str, built: &str) -> InstalledTool {
    tool(
        path,
        "golang.org/x/tools/gopls",
        "golang.org/x/tools/gopls",
        version,
        built,
    )
}

fn with_active(mut snap: Snapshot, release: &str) -> Snapshot {
    let go = &mut snap.go_binaries[0];
    go.build_info.as_mut().unwrap().go_version = release.to_string();
    go.root_version = Some(release.to_string());
    snap
}

fn found(snap: &Snapshot, id: &str) -> Vec<Finding> {
    gomedic_checks::run_one(id, snap).expect("registered")
}

#[test]
fn delve_window_edges() {
    // v1.23.1 accepts Go 1.21 to 1.23.
    for (active, expect) in [
        (
            "go1.20.14",
            Some("too old for this version of Delve (minimum supported version 1.21"),
        ),
        ("go1.21.13", None),
        ("go1.23.4", None),
        (
            "go1.24.0",
            Some(
                "Version of Delve is too old for Go version go1.24.0 (maximum supported version 1.23",
            ),
        ),
    ] {
        let mut snap = with_active(linux(), active);
        snap.editor_tools.tools = vec![dlv("v1.23.1", "go1.23.4")];
        let f = found(&snap, "editor/delve-stale");
        match expect {
            None => assert!(f.is_empty(), "{active}: {f:?}"),
            Some(text) => {
                assert_eq!(f.len(), 1, "{active}");
                assert_eq!(f[0].severity, Severity::Error);
                assert!(
                    f[0].explanation.contains(text),
                    "{active}: {}",
                    f[0].explanation
                );
            }
        }
    }
}

#[test]
fn delve_built_before_go_1_25_cannot_read_dwarf5() {
    // Delve v1.25.1 accepts Go 1.25, but was built with go1.24.6.
    let mut snap = with_active(linux(), "go1.25.3");
    snap.editor_tools.tools = vec![dlv("v1.25.1", "go1.24.6")];
    let f = found(&snap, "editor/delve-stale");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].explanation.contains("DWARFv5"), "{}", f[0].explanation);
    // Built with Go 1.25: fine.
    snap.editor_tools.tools = vec![dlv("v1.25.1", "go1.25.3")];
    assert!(found(&snap, "editor/delve-stale").is_empty());
    // GOEXPERIMENT=nodwarf5 keeps DWARF 4.
    snap.editor_tools.tools = vec![dlv("v1.25.1", "go1.24.6")];
    export(&mut snap, "GOEXPERIMENT", "nodwarf5");
    assert!(found(&snap, "editor/delve-stale").is_empty());
    // macOS binaries stay on DWARF 4.
    let mut mac = with_active(macos(), "go1.25.3");
    let mut d = dlv("v1.25.1", "go1.24.6");
    d.executable = Some(ExecutableKind {
        format: "macho".into(),
        goos: Some("darwin".into()),
        goarch: Some("arm64".into()),
    });
    mac.editor_tools.tools = vec![d];
    assert!(found(&mac, "editor/delve-stale").is_empty());
}

#[test]
fn unknown_delve_versions_are_not_judged() {
    let mut snap = with_active(linux(), "go1.27.3");
    for version in [
        "(devel)",
        "v1.23.2-0.20240901000000-0123456789ab",
        "v1.99.0",
    ] {
        snap.editor_tools.tools = vec![dlv(version, "go1.27.3")];
        assert!(found(&snap, "editor/delve-stale").is_empty(), "{version}");
    }
}

#[test]
fn gopls_newer_than_the_go_command_supports() {
    // The README table: the final gopls for Go 1.20 is v0.15.3.
    let mut snap = with_active(linux(), "go1.20.14");
    snap.project.go_mod = None;
    snap.editor_tools.tools = vec![gopls("/home/ana/go/bin/gopls", "v0.16.2", "go1.20.14")];
    let f = found(&snap, "editor/gopls-stale");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].title.contains("v0.15.3"), "{}", f[0].title);
    snap.editor_tools.tools = vec![gopls("/home/ana/go/bin/gopls", "v0.15.3", "go1.20.14")];
    assert!(found(&snap, "editor/gopls-stale").is_empty());
}

#[test]
fn same_gopls_through_two_paths_is_one_copy() {
    let mut snap = linux();
    let a = gopls("/home/ana/go/bin/gopls", "v0.20.0", "go1.27.3");
    let mut b = gopls("/usr/local/bin/gopls", "v0.20.0", "go1.27.3");
    b.real_path = a.real_path.clone();
    b.sources = vec![ToolSource::Path { path_index: 0 }];
    snap.editor_tools.tools = vec![a.clone(), b];
    assert!(found(&snap, "editor/gopls-stale").is_empty());
    // A really different second copy is reported, naming the one PATH runs.
    let mut c = gopls("/usr/local/bin/gopls", "v0.18.1", "go1.27.3");
    c.sources = vec![ToolSource::Path { path_index: 0 }];
    snap.editor_tools.tools = vec![a, c];
    let f = found(&snap, "editor/gopls-stale");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].title.contains("PATH runs `/usr/local/bin/gopls`"),
        "{}",
        f[0].title
    );
    assert!(
        f[0].fixes
            .iter()
            .any(|fix| fix.commands.iter().any(|c| c == "rm /usr/local/bin/gopls")),
        "{:?}",
        f[0].fixes
    );
}

#[test]
fn amd64_tools_on_apple_silicon_run_under_rosetta() {
    let mut snap = macos();
    let mut t = gopls("/Users/ana/go/bin/gopls", "v0.20.0", "go1.27.3");
    t.executable = Some(ExecutableKind {
        format: "macho".into(),
        goos: Some("darwin".into()),
        goarch: Some("amd64".into()),
    });
    snap.editor_tools.tools = vec![t.clone()];
    let f = found(&snap, "editor/tool-foreign-arch");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].explanation.contains("Rosetta 2"));
    assert!(
        f[0].fixes[0]
            .commands
            .iter()
            .any(|c| c == "env -u GOOS -u GOARCH go install golang.org/x/tools/gopls@v0.20.0")
    );
    // A linux binary on a Mac does not run at all.
    t.executable = Some(ExecutableKind {
        format: "elf".into(),
        goos: Some("linux".into()),
        goarch: Some("arm64".into()),
    });
    snap.editor_tools.tools = vec![t];
    let f = found(&snap, "editor/tool-foreign-arch");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].explanation.contains("bad CPU type"));
}

#[test]
fn windows_fixes_use_powershell() {
    let mut snap = windows();
    let mut t = tool(
        r"C:\Users\ana\go\bin\dlv.exe",
        "github.com/go-delve/delve",
        "github.com/go-delve/delve/cmd/dlv",
        "v1.27.1",
        "go1.27.3",
    );
    t.executable = Some(ExecutableKind {
        format: "elf".into(),
        goos: Some("linux".into()),
        goarch: Some("amd64".into()),
    });
    snap.editor_tools.tools = vec![t];
    let f = found(&snap, "editor/tool-foreign-arch");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].fixes[0].commands[0].starts_with("Remove-Item 'C:\\Users\\ana\\go\\bin\\dlv.exe'"),
        "{:?}",
        f[0].fixes
    );
}
