#![cfg(unix)]
//! GoLand / IntelliJ project GOROOT end to end: a real `.idea/workspace.xml`
//! (the shape JetBrains IDEs write, `$USER_HOME$` macro included) in a
//! throwaway HOME, real Go trees, `gomedic check --format json`, and the go
//! GoLand would run (`<GOROOT>/bin/go`) asked for its version.

use gomedic_testkit::{clean_command, toolchain};
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn check(vars: &BTreeMap<String, String>, dir: &Path) -> serde_json::Value {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), vars)
        .args(["check", "--offline", "--no-shell", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn findings<'a>(report: &'a serde_json::Value, id: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == id)
        .collect()
}

fn workspace_xml(goroot_url: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="ChangeListManager">
    <option name="HIGHLIGHT_CONFLICTS" value="true" />
    <option name="LAST_RESOLUTION" value="IGNORE" />
  </component>
  <component name="GOROOT" url="{goroot_url}" />
  <component name="Git.Settings">
    <option name="RECENT_GIT_ROOT_PATH" value="$PROJECT_DIR$" />
  </component>
</project>
"#
    )
}

struct Machine {
    _tmp: tempfile::TempDir,
    home: std::path::PathBuf,
    project: std::path::PathBuf,
    vars: BTreeMap<String, String>,
}

/// A HOME with ~/sdk/go1.21.13, a project (go 1.21), the shell's go 1.22.10.
fn machine() -> Machine {
    let (old, new) = (toolchain("1.21.13"), toolchain("1.22.10"));
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join("sdk")).unwrap();
    symlink(&old.goroot, home.join("sdk/go1.21.13")).unwrap();
    let project = home.join("proj");
    write(&project.join("go.mod"), "module example.com/p\n\ngo 1.21\n");
    let mut vars = BTreeMap::new();
    vars.insert("HOME".to_string(), home.display().to_string());
    vars.insert(
        "PATH".to_string(),
        format!("{}:/usr/bin:/bin", new.goroot.join("bin").display()),
    );
    vars.insert("GOTOOLCHAIN".to_string(), "local".to_string());
    Machine {
        _tmp: tmp,
        home,
        project,
        vars,
    }
}

#[test]
fn goland_goroot_of_another_release_is_different_go() {
    let m = machine();
    let workspace = m.project.join(".idea/workspace.xml");
    write(
        &workspace,
        &workspace_xml("file://$USER_HOME$/sdk/go1.21.13"),
    );
    let report = check(&m.vars, &m.project);
    let found = findings(&report, "editor/different-go");
    assert_eq!(found.len(), 1, "{report:#}");
    let f = found[0];
    assert_eq!(f["severity"], "warning");
    let title = f["title"].as_str().unwrap();
    assert!(
        title.starts_with("GoLand runs")
            && title.contains("go1.21.13")
            && title.contains("go1.22.10")
            && title.contains("through GOROOT"),
        "{title}"
    );
    let evidence = &f["evidence"][0];
    assert_eq!(evidence["label"], "GOROOT");
    assert_eq!(
        evidence["source"],
        format!("{}:7 (workspace folder settings)", workspace.display())
    );
    let fixes = f["fixes"].to_string();
    assert!(fixes.contains("Settings | Go | GOROOT"), "{fixes}");
    assert!(
        findings(&report, "editor/go-not-found").is_empty(),
        "{report:#}"
    );
    // What Go says: GoLand's go is 1.21.13, the shell's is 1.22.10.
    let goland_go = m.home.join("sdk/go1.21.13/bin/go");
    let out = clean_command(&goland_go, &m.vars)
        .arg("version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("go version go1.21.13 "));
}

#[test]
fn goland_goroot_that_is_gone_is_go_not_found() {
    let m = machine();
    let workspace = m.project.join(".idea/workspace.xml");
    write(
        &workspace,
        &workspace_xml("file://$USER_HOME$/sdk/go1.20.14"),
    );
    let report = check(&m.vars, &m.project);
    let found = findings(&report, "editor/go-not-found");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "error");
    let title = found[0]["title"].as_str().unwrap();
    assert!(
        title.contains("GoLand's project GOROOT")
            && title.contains("sdk/go1.20.14")
            && title.contains("does not exist"),
        "{title}"
    );
    assert!(
        found[0]["fixes"]
            .to_string()
            .contains("Settings | Go | GOROOT")
    );
    assert!(
        findings(&report, "editor/different-go").is_empty(),
        "{report:#}"
    );
}

#[test]
fn goland_goroot_of_the_shells_go_is_quiet() {
    let m = machine();
    let shell_root = toolchain("1.22.10").goroot;
    write(
        &m.project.join(".idea/workspace.xml"),
        &workspace_xml(&format!("file://{}", shell_root.display())),
    );
    let report = check(&m.vars, &m.project);
    for id in ["editor/different-go", "editor/go-not-found"] {
        assert!(findings(&report, id).is_empty(), "{id}: {report:#}");
    }
    // A workspace file that is not XML is a fact, not a crash.
    write(
        &m.project.join(".idea/workspace.xml"),
        "<project><component",
    );
    let report = check(&m.vars, &m.project);
    assert!(findings(&report, "editor/different-go").is_empty());
}
