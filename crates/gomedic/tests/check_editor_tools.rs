#![cfg(unix)]
//! editor/gopls-stale, editor/delve-stale and editor/tool-foreign-arch on
//! REAL binaries: tiny modules published as golang.org/x/tools/gopls and
//! github.com/go-delve/delve in a file:// module proxy written here, installed
//! with `go install MODULE@VERSION` by the real Go toolchains (so their build
//! info is exactly what a real install records), plus cross-compiled
//! programs. gomedic's facts are compared with `go version -m -json` on the
//! same files, and the findings of `gomedic check` are asserted end to end.
//!
//! The fake gopls type-checks a one-line package with go/types the way gopls
//! does, with the go line given as its argument: running it proves the
//! failure gomedic predicts ("package requires newer Go version").

mod check_support;

use check_support::Env;
use gomedic_testkit::{Toolchain, clean_command, toolchain};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const GOPLS: &str = "golang.org/x/tools/gopls";
const DELVE: &str = "github.com/go-delve/delve";

/// The fake gopls: go/types with Config.GoVersion = "go" + argument.
const GOPLS_MAIN: &str = r#"package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
)

func main() {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", "package p\n", 0)
	if err != nil {
		panic(err)
	}
	conf := types.Config{GoVersion: "go" + os.Args[1], Error: func(error) {}}
	_, err = conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("ok")
}
"#;

const PLAIN_MAIN: &str = "package main\n\nfunc main() {}\n";

/// Everything built once and shared by the tests.
struct Fixture {
    root: PathBuf,
    /// GOBIN of the broken machine: gopls v0.16.2 (go1.21.13), dlv v1.22.1
    /// (go1.21.13), a linux/arm64 program and a windows/amd64 program.
    gobin: PathBuf,
    /// A second PATH directory: gopls v0.15.3 built with go1.22.10.
    other_bin: PathBuf,
    /// A module whose go.mod says `go 1.22`.
    project: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(build_fixture)
}

/// Publishes `path@version` with `files` in a file:// proxy at `proxy`.
fn publish(proxy: &Path, module: &str, version: &str, files: &[(&str, &str)]) {
    let dir = proxy.join(module).join("@v");
    std::fs::create_dir_all(&dir).unwrap();
    let go_mod = files
        .iter()
        .find(|(name, _)| *name == "go.mod")
        .expect("go.mod")
        .1;
    std::fs::write(dir.join(format!("{version}.mod")), go_mod).unwrap();
    std::fs::write(
        dir.join(format!("{version}.info")),
        format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}"),
    )
    .unwrap();
    let mut list = std::fs::read_to_string(dir.join("list")).unwrap_or_default();
    list.push_str(&format!("{version}\n"));
    std::fs::write(dir.join("list"), list).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in files {
        zip.start_file(format!("{module}@{version}/{name}"), options)
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    std::fs::write(dir.join(format!("{version}.zip")), bytes).unwrap();
}

/// The environment `go install` runs in: throwaway HOME, GOPATH and cache.
fn build_env(root: &Path, tc: &Toolchain) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    let set = |vars: &mut BTreeMap<String, String>, k: &str, v: String| {
        vars.insert(k.to_string(), v);
    };
    set(
        &mut vars,
        "HOME",
        root.join("build-home").display().to_string(),
    );
    set(
        &mut vars,
        "GOPATH",
        root.join("build-gopath").display().to_string(),
    );
    // Kept between runs (content-addressed, never the user's): reruns link
    // instead of compiling the standard library again.
    set(&mut vars, "GOCACHE", build_cache().display().to_string());
    // Module cache files writable, so that the next run can delete them.
    set(&mut vars, "GOFLAGS", "-modcacherw".into());
    set(
        &mut vars,
        "GOPROXY",
        format!("file://{}", root.join("proxy").display()),
    );
    set(&mut vars, "GOSUMDB", "off".into());
    set(&mut vars, "GOTOOLCHAIN", "local".into());
    set(&mut vars, "CGO_ENABLED", "0".into());
    set(&mut vars, "GOTELEMETRY", "off".into());
    set(
        &mut vars,
        "PATH",
        format!("{}:/usr/bin:/bin", tc.goroot.join("bin").display()),
    );
    vars
}

fn run_go(tc: &Toolchain, vars: &BTreeMap<String, String>, args: &[&str], cwd: &Path) {
    let out = clean_command(&tc.go, vars)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run go");
    assert!(
        out.status.success(),
        "go {args:?} ({}) failed: {}",
        tc.version,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn install(root: &Path, tc: &Toolchain, gobin: &Path, target: &str) {
    let mut vars = build_env(root, tc);
    vars.insert("GOBIN".into(), gobin.display().to_string());
    run_go(tc, &vars, &["install", target], root);
}

/// The Go build cache of these tests, in Cargo's per-target temp dir.
fn build_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_editor_tools-gocache")
}

fn build_fixture() -> Fixture {
    // Rebuilt by every test process (nextest runs each test in its own
    // process, concurrently), in Cargo's temp dir for tests (not /tmp): one
    // directory per process, and those of processes that have ended removed.
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_editor_tools");
    std::fs::create_dir_all(&parent).unwrap();
    for entry in std::fs::read_dir(&parent).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ended = name
            .parse::<u32>()
            .is_ok_and(|pid| !Path::new("/proc").join(pid.to_string()).exists());
        if ended {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let root = parent.join(std::process::id().to_string());
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove a previous fixture of this pid");
    }
    std::fs::create_dir_all(&root).unwrap();
    let proxy = root.join("proxy");
    let gopls_mod = format!("module {GOPLS}\n\ngo 1.21\n");
    for version in ["v0.15.3", "v0.16.2"] {
        publish(
            &proxy,
            GOPLS,
            version,
            &[("go.mod", &gopls_mod), ("main.go", GOPLS_MAIN)],
        );
    }
    let delve_mod = format!("module {DELVE}\n\ngo 1.21\n");
    publish(
        &proxy,
        DELVE,
        "v1.22.1",
        &[("go.mod", &delve_mod), ("cmd/dlv/main.go", PLAIN_MAIN)],
    );
    let (go121, go122) = (toolchain("1.21.13"), toolchain("1.22.10"));
    let gobin = root.join("gobin");
    let other_bin = root.join("other-bin");
    install(&root, &go121, &gobin, &format!("{GOPLS}@v0.16.2"));
    install(&root, &go121, &gobin, &format!("{DELVE}/cmd/dlv@v1.22.1"));
    install(&root, &go122, &other_bin, &format!("{GOPLS}@v0.15.3"));
    // Cross-compiled programs put into GOBIN by hand.
    let cross = root.join("crosstool");
    std::fs::create_dir_all(&cross).unwrap();
    std::fs::write(
        cross.join("go.mod"),
        "module example.com/crosstool\n\ngo 1.21\n",
    )
    .unwrap();
    std::fs::write(cross.join("main.go"), PLAIN_MAIN).unwrap();
    for (goos, goarch, name) in [
        ("linux", "arm64", "crosstool"),
        ("windows", "amd64", "wintool.exe"),
    ] {
        let mut vars = build_env(&root, &go122);
        vars.insert("GOOS".into(), goos.into());
        vars.insert("GOARCH".into(), goarch.into());
        let out = gobin.join(name).display().to_string();
        run_go(&go122, &vars, &["build", "-o", &out, "."], &cross);
    }
    // Scripts: kept (as not Go) in GOBIN, skipped on PATH.
    for dir in [&gobin, &other_bin] {
        let script = dir.join("helper");
        std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let project = root.join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("go.mod"), "module example.com/p\n\ngo 1.22\n").unwrap();
    std::fs::write(project.join("main.go"), PLAIN_MAIN).unwrap();
    Fixture {
        root,
        gobin,
        other_bin,
        project,
    }
}

/// A machine whose PATH is `dirs` then `go`'s bin (nothing else); GOBIN and an empty GOPATH set.
fn machine(fx: &Fixture, go: &Toolchain, dirs: &[&Path], gobin: Option<&Path>) -> Env {
    let mut path: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    path.push(go.goroot.join("bin").display().to_string());
    // No system directories: a gopls or dlv a distribution put into /usr/bin
    // would change the findings (gomedic itself runs nothing from PATH).
    let mut env = Env::in_dir(tempfile::tempdir_in(&fx.root).unwrap(), &path.join(":"));
    let gopath = env.dir.path().join("gopath");
    env.set("GOPATH", gopath.display().to_string());
    env.set("GOTOOLCHAIN", "local");
    if let Some(gobin) = gobin {
        env.set("GOBIN", gobin.display().to_string());
    }
    env
}

fn gomedic_json(env: &Env, args: &[&str], project: &Path) -> Value {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .args(args)
        .arg("--project")
        .arg(project)
        .current_dir(project)
        .output()
        .expect("run gomedic");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn editor_findings(env: &Env, project: &Path) -> Vec<Value> {
    let report = gomedic_json(env, &["check", "--format", "json", "--offline"], project);
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["id"].as_str().is_some_and(|id| id.starts_with("editor/")))
        .cloned()
        .collect()
}

fn evidence_values(finding: &Value) -> Vec<String> {
    finding["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} = {} ({})", e["label"], e["value"], e["source"]))
        .collect()
}

fn has_evidence(finding: &Value, needle: &str) -> bool {
    evidence_values(finding).iter().any(|e| e.contains(needle))
}

/// `go version -m -json FILE` of Go 1.27.3.
fn go_version_m(file: &Path) -> Value {
    let go = toolchain("1.27.3");
    let out = clean_command(&go.go, &BTreeMap::new())
        .args(["version", "-m", "-json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn setting(info: &Value, key: &str) -> Option<String> {
    info["Settings"]
        .as_array()?
        .iter()
        .find(|s| s["Key"] == key)
        .map(|s| s["Value"].as_str().unwrap_or_default().to_string())
}

#[test]
fn probe_agrees_with_go_version_m_on_every_tool() {
    let fx = fixture();
    let go = toolchain("1.27.3");
    let env = machine(fx, &go, &[&fx.gobin, &fx.other_bin], Some(&fx.gobin));
    let snap = gomedic_json(&env, &["snapshot", "--offline"], &fx.project);
    let tools = snap["editor_tools"]["tools"].as_array().expect("tools");
    let expected = [
        fx.gobin.join("crosstool"),
        fx.gobin.join("dlv"),
        fx.gobin.join("gopls"),
        fx.gobin.join("wintool.exe"),
        fx.other_bin.join("gopls"),
    ];
    for file in &expected {
        let tool = tools
            .iter()
            .find(|t| t["path"] == file.display().to_string())
            .unwrap_or_else(|| panic!("{} not probed: {tools:#?}", file.display()));
        let info = go_version_m(file);
        assert_eq!(tool["go_version"], info["GoVersion"], "{}", file.display());
        assert_eq!(tool["package_path"], info["Path"], "{}", file.display());
        assert_eq!(
            tool["module_path"],
            info["Main"]["Path"],
            "{}",
            file.display()
        );
        let version = info["Main"]["Version"].as_str().unwrap_or_default();
        assert_eq!(tool["module_version"], version, "{}", file.display());
        for (field, key) in [("build_goos", "GOOS"), ("build_goarch", "GOARCH")] {
            assert_eq!(
                tool[field].as_str().map(str::to_string),
                setting(&info, key),
                "{} {key}",
                file.display()
            );
            // The header agrees with the build settings.
            let header = &tool["executable"][field.trim_start_matches("build_")];
            assert_eq!(header.as_str().map(str::to_string), setting(&info, key));
        }
    }
    // The go line of each install is what gomedic reads.
    let gopls = tools
        .iter()
        .find(|t| t["path"] == fx.gobin.join("gopls").display().to_string())
        .unwrap();
    assert_eq!(gopls["module_version"], "v0.16.2");
    assert_eq!(gopls["go_version"], "go1.21.13");
    // GOBIN is also PATH #1: one record with both roles.
    assert_eq!(
        gopls["sources"],
        serde_json::json!([{"kind": "gobin"}, {"kind": "path", "path_index": 0}])
    );
    // A script in GOBIN is listed as not a Go program; one only on PATH is skipped.
    let helpers: Vec<&Value> = tools.iter().filter(|t| t["name"] == "helper").collect();
    assert_eq!(helpers.len(), 1, "{helpers:#?}");
    assert_eq!(
        helpers[0]["path"],
        fx.gobin.join("helper").display().to_string()
    );
    assert_eq!(helpers[0]["executable"]["format"], "script");
    assert!(helpers[0]["build_info_error"].is_string());
    // Other PATH directories are searched for the known tools only: the go
    // command (PATH #3) is not a tool record (the go binaries have their own
    // probe), and nothing else from /usr/bin or /bin is opened.
    assert!(!tools.iter().any(|t| t["package_path"] == "cmd/go"));
    assert!(
        tools.iter().all(|t| t["path"]
            .as_str()
            .is_some_and(|p| p.starts_with(&*fx.root.to_string_lossy()))),
        "{tools:#?}"
    );
}

#[test]
fn broken_machine_reports_all_three_checks() {
    let fx = fixture();
    let go = toolchain("1.27.3");
    let env = machine(fx, &go, &[&fx.gobin, &fx.other_bin], Some(&fx.gobin));
    let findings = editor_findings(&env, &fx.project);
    let by = |id: &str| -> Vec<&Value> { findings.iter().filter(|f| f["id"] == id).collect() };

    // gopls built with go1.21.13 cannot check `go 1.22`; the go1.22.10 one is older than go1.27.3.
    let gopls = by("editor/gopls-stale");
    let old = gopls
        .iter()
        .find(|f| has_evidence(f, "golang.org/x/tools/gopls@v0.16.2"))
        .unwrap_or_else(|| panic!("{gopls:#?}"));
    assert_eq!(old["severity"], "error");
    assert!(has_evidence(old, "go1.21.13"), "{old:#}");
    assert!(has_evidence(old, "go 1.22"), "{old:#}");
    assert!(has_evidence(old, "GOBIN, PATH #1"), "{old:#}");
    assert!(
        old["title"]
            .as_str()
            .unwrap()
            .contains("package requires newer Go version go1.22"),
        "{old:#}"
    );
    let newer = gopls
        .iter()
        .find(|f| f["title"].as_str().unwrap().starts_with("gopls v0.15.3"))
        .unwrap_or_else(|| panic!("{gopls:#?}"));
    assert_eq!(newer["severity"], "warning");
    assert!(has_evidence(newer, "go1.27.3"), "{newer:#}");
    let several = gopls
        .iter()
        .find(|f| {
            f["title"]
                .as_str()
                .unwrap()
                .contains("2 different gopls builds")
        })
        .unwrap_or_else(|| panic!("{gopls:#?}"));
    assert!(
        several["title"]
            .as_str()
            .unwrap()
            .contains(&fx.gobin.join("gopls").display().to_string()),
        "the first on PATH wins: {several:#}"
    );
    assert_eq!(gopls.len(), 3, "{gopls:#?}");
    // The prediction is real: the go1.21.13-built gopls refuses go1.22, the go1.22.10 one accepts it.
    let refused = std::process::Command::new(fx.gobin.join("gopls"))
        .arg("1.22")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stdout)
            .contains("package requires newer Go version go1.22"),
        "{}",
        String::from_utf8_lossy(&refused.stdout)
    );
    let accepted = std::process::Command::new(fx.other_bin.join("gopls"))
        .arg("1.22")
        .output()
        .unwrap();
    assert!(accepted.status.success(), "{accepted:?}");

    // Delve v1.22.1 supports Go 1.19 to 1.22.
    let delve = by("editor/delve-stale");
    assert_eq!(delve.len(), 1, "{delve:#?}");
    assert_eq!(delve[0]["severity"], "error");
    assert!(has_evidence(delve[0], "github.com/go-delve/delve@v1.22.1"));
    assert!(has_evidence(delve[0], "go1.27.3"));
    assert!(
        delve[0]["explanation"].as_str().unwrap().contains(
            "Version of Delve is too old for Go version go1.27.3 (maximum supported version 1.22"
        ),
        "{:#}",
        delve[0]
    );
    assert!(
        delve[0]["fixes"][0]["commands"][0]
            .as_str()
            .unwrap()
            .contains("go install github.com/go-delve/delve/cmd/dlv@latest")
    );

    // The cross-compiled programs.
    let foreign = by("editor/tool-foreign-arch");
    let titles: Vec<&str> = foreign
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(foreign.len(), 2, "{titles:?}");
    assert!(
        titles
            .iter()
            .any(|t| t.contains("crosstool") && t.contains("linux/arm64"))
    );
    assert!(
        titles
            .iter()
            .any(|t| t.contains("wintool.exe") && t.contains("windows/amd64"))
    );
    assert!(foreign.iter().all(|f| f["severity"] == "error"));
    // A local `(devel)` build cannot be installed by name: the fix removes it and says to rebuild.
    for f in &foreign {
        let commands = f["fixes"][0]["commands"].as_array().unwrap();
        assert_eq!(commands.len(), 1, "{f:#}");
        assert!(commands[0].as_str().unwrap().starts_with("rm "), "{f:#}");
    }
    // And the OS really refuses it.
    let err = std::process::Command::new(fx.gobin.join("crosstool"))
        .output()
        .expect_err("an arm64 program does not start on amd64");
    assert_eq!(err.raw_os_error(), Some(8), "ENOEXEC: {err}");
}

#[test]
fn healthy_machine_has_no_editor_findings() {
    let fx = fixture();
    let go = toolchain("1.22.10");
    // Only the gopls built with go1.22.10, the active go is 1.22.10, go line 1.22.
    let env = machine(fx, &go, &[&fx.other_bin], None);
    let findings = editor_findings(&env, &fx.project);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn delve_in_its_window_is_not_reported() {
    let fx = fixture();
    // Active go1.22.10 is inside Delve v1.22.1's window (1.19 to 1.22).
    let go = toolchain("1.22.10");
    let env = machine(fx, &go, &[&fx.gobin], Some(&fx.gobin));
    let findings = editor_findings(&env, &fx.project);
    assert!(
        !findings.iter().any(|f| f["id"] == "editor/delve-stale"),
        "{findings:#?}"
    );
    // The go1.21.13-built gopls still cannot check `go 1.22`.
    assert!(
        findings
            .iter()
            .any(|f| f["id"] == "editor/gopls-stale" && f["severity"] == "error"),
        "{findings:#?}"
    );
}
