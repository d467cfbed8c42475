//! toolchain/go-shadowed when a go.exe in WindowsApps (an App Execution
//! Alias: a reparse point ordinary programs cannot read) comes first on PATH.

mod support;

use gomedic_model::snapshot::{GoBinary, PathEntry};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

const ALIAS: &str = r"C:\Users\Ana\AppData\Local\Microsoft\WindowsApps\go.exe";

/// The healthy Windows machine with WindowsApps first on PATH holding go.exe.
fn with_alias(real_go_too: bool) -> Snapshot {
    let mut snap = windows();
    snap.path_entries.insert(
        0,
        PathEntry {
            raw: r"C:\Users\Ana\AppData\Local\Microsoft\WindowsApps".into(),
            exists: true,
            is_dir: true,
            ..PathEntry::default()
        },
    );
    for g in &mut snap.go_binaries {
        g.path_index = g.path_index.map(|i| i + 1);
    }
    if !real_go_too {
        snap.go_binaries.clear();
    }
    snap.go_binaries.insert(
        0,
        GoBinary {
            path: ALIAS.into(),
            path_index: Some(0),
            real_path: None,
            file_problem: Some(
                "cannot read: The file cannot be accessed by the system. (os error 1920)".into(),
            ),
            ..GoBinary::default()
        },
    );
    snap.active_go = Some(0);
    snap
}

fn shadowed(snap: &Snapshot) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "toolchain/go-shadowed")
        .collect()
}

#[test]
fn alias_hides_the_msi_go() {
    let found = shadowed(&with_alias(true));
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.title,
        format!(
            r"`{ALIAS}` in WindowsApps comes first on PATH and hides `C:\Program Files\Go\bin\go.exe`"
        )
    );
    assert!(
        f.evidence[0].value.contains("os error 1920"),
        "{:?}",
        f.evidence
    );
    assert_eq!(f.evidence[0].source, "PATH entry 0");
    assert_eq!(f.evidence[1].source, "PATH entry 3");
    let commands: Vec<&str> = f
        .fixes
        .iter()
        .flat_map(|x| x.commands.iter().map(String::as_str))
        .collect();
    assert_eq!(
        commands,
        [
            r"[Environment]::SetEnvironmentVariable('Path', 'C:\Program Files\Go\bin;' + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"
        ]
    );
    assert!(f.fixes[0].description.contains("App execution aliases"));
}

#[test]
fn alias_without_go_suggests_installing() {
    let f = &shadowed(&with_alias(false))[0];
    assert!(f.title.ends_with("comes first on PATH"), "{}", f.title);
    assert_eq!(f.fixes[1].commands, ["winget install GoLang.Go"]);
}

#[test]
fn windows_apps_later_on_path_is_not_this_problem() {
    assert!(shadowed(&windows()).is_empty());
    let mut snap = windows();
    let mut alias = snap.go_binaries[0].clone();
    alias.path = ALIAS.into();
    alias.path_index = Some(9);
    snap.go_binaries.push(alias);
    assert!(
        shadowed(&snap)
            .iter()
            .all(|f| !f.title.contains("in WindowsApps")),
    );
}
