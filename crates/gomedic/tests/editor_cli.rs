#![cfg(unix)]
//! Editor settings end to end: real VS Code settings files (comments,
//! trailing commas, ${env:HOME}, ~) in a throwaway HOME and project, real Go
//! trees, `gomedic check --format json`, and the real go run the way the
//! editor would run it to confirm what gomedic says. GoLand's project
//! GOROOT (`.idea/workspace.xml`) is tested the same way.

use gomedic_testkit::{clean_command, toolchain};
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

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

fn base_vars(home: &Path, path: String) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    vars.insert("HOME".to_string(), home.display().to_string());
    vars.insert("PATH".to_string(), path);
    vars.insert("GOTOOLCHAIN".to_string(), "local".to_string());
    vars
}

/// `<go> version` the way the Go extension runs it, with `extra` env.
fn go_version(go: &Path, vars: &BTreeMap<String, String>) -> String {
    let out = clean_command(go, vars).arg("version").output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn user_settings_alternate_go_differs_from_shell() {
    let (old, new) = (toolchain("1.21.13"), toolchain("1.22.10"));
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    symlink(&old.goroot, {
        std::fs::create_dir_all(home.join("sdk")).unwrap();
        home.join("sdk/go1.21.13")
    })
    .unwrap();
    let settings = home.join(".config/Code/User/settings.json");
    write(
        &settings,
        r#"// VS Code user settings
{
    "editor.formatOnSave": true,
    /* pinned while migrating */
    "go.alternateTools": {
        "go": "${env:HOME}/sdk/go1.21.13/bin/go", // the old one
    },
    "go.toolsEnvVars": { "GOFLAGS": "-mod=mod", },
}
"#,
    );
    let project = home.join("proj");
    write(&project.join("go.mod"), "module example.com/p\n\ngo 1.21\n");
    let vars = base_vars(
        &home,
        format!("{}:/usr/bin:/bin", new.goroot.join("bin").display()),
    );
    let report = check(&vars, &project);
    let found = findings(&report, "editor/different-go");
    assert_eq!(found.len(), 1, "{report:#}");
    let f = found[0];
    assert_eq!(f["severity"], "warning");
    let title = f["title"].as_str().unwrap();
    assert!(
        title.starts_with("VS Code runs")
            && title.contains("go1.21.13")
            && title.contains("go1.22.10"),
        "{title}"
    );
    let evidence = f["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["label"], "go.alternateTools.go");
    assert_eq!(
        evidence[0]["source"],
        format!("{}:6 (user settings)", settings.display())
    );
    assert!(evidence[0]["value"].as_str().unwrap().ends_with(&format!(
        "(expands to {}/sdk/go1.21.13/bin/go)",
        home.display()
    )));
    assert!(
        findings(&report, "editor/go-not-found").is_empty(),
        "{report:#}"
    );

    // What Go says: the go the setting names is 1.21.13, the shell's is 1.22.10.
    let editor_go = home.join("sdk/go1.21.13/bin/go");
    assert!(go_version(&editor_go, &vars).starts_with("go version go1.21.13 "));
    let shell = Command::new("sh")
        .args(["-c", "go version"])
        .env_clear()
        .envs(&vars)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shell.stdout).starts_with("go version go1.22.10 "));

    // Same Go first on PATH in the shell: nothing to report.
    let vars = base_vars(
        &home,
        format!("{}:/usr/bin:/bin", old.goroot.join("bin").display()),
    );
    let report = check(&vars, &project);
    assert!(
        findings(&report, "editor/different-go").is_empty(),
        "{report:#}"
    );
}

#[test]
fn workspace_settings_name_missing_and_mismatched_goroots() {
    let (old, new) = (toolchain("1.21.13"), toolchain("1.22.10"));
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let project = home.join("proj");
    write(&project.join("go.mod"), "module example.com/p\n\ngo 1.21\n");
    write(&project.join("main.go"), "package main\n\nfunc main() {}\n");
    let not_go = home.join("not-go");
    std::fs::create_dir_all(not_go.join("bin")).unwrap();
    let folder_settings = project.join(".vscode/settings.json");
    write(
        &folder_settings,
        &format!(
            r#"{{
  // a goroot that was removed
  "go.goroot": "~/sdk/go1.20",
  "go.alternateTools": {{"go": "/opt/nowhere/bin/go"}},
  "go.toolsEnvVars": {{
    "GOROOT": "{}",
    "PATH": "{}:/usr/bin",
  }},
}}"#,
            old.goroot.display(),
            not_go.join("bin").display()
        ),
    );
    let vars = base_vars(
        &home,
        format!("{}:/usr/bin:/bin", new.goroot.join("bin").display()),
    );
    let report = check(&vars, &project);
    let missing = findings(&report, "editor/go-not-found");
    let titles: Vec<&str> = missing
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 3, "{titles:#?}");
    assert!(titles.iter().any(|t| t.starts_with(&format!(
        "go.goroot names `{}/sdk/go1.20`, which does not exist",
        home.display()
    ))));
    assert!(titles.iter().any(|t| {
        t.starts_with("go.alternateTools.go names `/opt/nowhere/bin/go`, which does not exist")
    }));
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("go.toolsEnvVars.PATH has no go in it")),
        "{titles:#?}"
    );
    let goroot_line = missing
        .iter()
        .find(|f| f["title"].as_str().unwrap().starts_with("go.goroot"))
        .unwrap()["evidence"][0]["source"]
        .clone();
    assert_eq!(
        goroot_line,
        format!(
            "{}:3 (workspace folder settings)",
            folder_settings.display()
        )
    );

    // toolsEnvVars.GOROOT is a 1.21.13 tree given to the 1.22.10 go.
    let mismatch = findings(&report, "editor/different-go");
    assert_eq!(mismatch.len(), 1, "{report:#}");
    assert_eq!(mismatch[0]["severity"], "error");
    assert!(
        mismatch[0]["title"]
            .as_str()
            .unwrap()
            .contains("(go1.22.10) the GOROOT"),
        "{}",
        mismatch[0]["title"]
    );
    // What Go does with that environment: it refuses to build.
    let mut tools_env = vars.clone();
    tools_env.insert("GOROOT".into(), old.goroot.display().to_string());
    tools_env.insert(
        "GOCACHE".into(),
        tmp.path().join("cache").display().to_string(),
    );
    let out = clean_command(&new.go, &tools_env)
        .args(["build", "-o", "/dev/null", "."])
        .current_dir(&project)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "compile: version \"go1.21.13\" does not match go tool version \"go1.22.10\""
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds a program whose build info says it is gopls `tag` (go stamps the
/// main module version from the git tag since Go 1.24).
fn fake_gopls(dir: &Path, tag: &str, cache: &Path) -> std::path::PathBuf {
    let go127 = toolchain("1.27.3");
    let src = dir.join(format!("src-{tag}"));
    write(
        &src.join("go.mod"),
        "module golang.org/x/tools/gopls\n\ngo 1.21\n",
    );
    write(&src.join("main.go"), "package main\n\nfunc main() {}\n");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.email=t@example.invalid", "-c", "user.name=t"])
            .args(args)
            .current_dir(&src)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "gopls"]);
    git(&["tag", tag]);
    let bin = dir.join(format!("bin-{tag}"));
    let mut vars = BTreeMap::new();
    vars.insert("HOME".to_string(), dir.display().to_string());
    vars.insert(
        "PATH".to_string(),
        std::env::var("PATH").unwrap_or_default(),
    );
    vars.insert("GOCACHE".to_string(), cache.display().to_string());
    vars.insert(
        "GOPATH".to_string(),
        dir.join("gopath").display().to_string(),
    );
    vars.insert("GOTOOLCHAIN".to_string(), "local".to_string());
    let out = clean_command(&go127.go, &vars)
        .args(["build", "-o"])
        .arg(bin.join("gopls"))
        .arg(".")
        .current_dir(&src)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    bin
}

#[test]
fn folder_above_two_modules_with_old_gopls() {
    let go = toolchain("1.22.10");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let work = home.join("work");
    write(
        &work.join("api/go.mod"),
        "module example.com/api\n\ngo 1.21\n",
    );
    write(
        &work.join("web/go.mod"),
        "module example.com/web\n\ngo 1.21\n",
    );
    write(
        &work.join("vendor/x/go.mod"),
        "module example.com/x\n\ngo 1.21\n",
    );
    std::fs::create_dir_all(work.join(".vscode")).unwrap();
    let cache = tmp.path().join("gocache");
    let old_gopls = fake_gopls(tmp.path(), "v0.14.2", &cache);
    let new_gopls = fake_gopls(tmp.path(), "v0.15.0", &cache);
    let path_with = |gopls: &Path| {
        format!(
            "{}:{}:/usr/bin:/bin",
            gopls.display(),
            go.goroot.join("bin").display()
        )
    };

    let vars = base_vars(&home, path_with(&old_gopls));
    let report = check(&vars, &work);
    let found = findings(&report, "editor/workspace-layout");
    assert_eq!(found.len(), 1, "{report:#}");
    let title = found[0]["title"].as_str().unwrap();
    assert!(
        title.contains("holds 2 Go modules") && title.contains("gopls v0.14.2"),
        "{title}"
    );
    assert_eq!(
        found[0]["fixes"][0]["commands"][0],
        format!("cd {} && go work init ./api ./web", work.display())
    );
    // From a module inside it, the parent with .vscode/ is the suspect folder.
    let report = check(&vars, &work.join("api"));
    let found = findings(&report, "editor/workspace-layout");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(found[0]["evidence"][0]["source"] == ".vscode/ here");

    // What go says there: no module and no workspace (GOMOD is the null
    // device, GOWORK empty), the state in which old gopls loads nothing.
    let out = clean_command(&go.go, &vars)
        .args(["env", "GOMOD", "GOWORK"])
        .current_dir(&work)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "/dev/null\n\n");

    // gopls v0.15.0 loads the modules of open files: nothing to report.
    let report = check(&base_vars(&home, path_with(&new_gopls)), &work);
    assert!(
        findings(&report, "editor/workspace-layout").is_empty(),
        "{report:#}"
    );
    // Nor with a go.work.
    write(
        &work.join("go.work"),
        "go 1.21\n\nuse (\n\t./api\n\t./web\n)\n",
    );
    let report = check(&vars, &work);
    assert!(
        findings(&report, "editor/workspace-layout").is_empty(),
        "{report:#}"
    );
    let out = clean_command(&go.go, &vars)
        .args(["list", "-m"])
        .current_dir(&work)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "example.com/api\nexample.com/web\n"
    );
}

// GoLand / IntelliJ project GOROOT: a real `.idea/workspace.xml` (the shape
// JetBrains IDEs write, `$USER_HOME$` macro included), and the go GoLand
// would run (`<GOROOT>/bin/go`) asked for its version.

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
