#![cfg(unix)]
//! End to end with the real go (1.21.13, 1.22.10, 1.27.3): `gomedic verify`
//! in a go.work workspace checks exactly the modules of go's build list and
//! flags what `go mod verify` flags; `gomedic check` reports the missing zip
//! line of an `// indirect` requirement that `go build` stops on.

mod check_support;

use check_support::{Env, stderr, stdout};
use gomedic_testkit::{Toolchain, toolchains};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// (module, version, go.mod body, source)
const PROXY: &[(&str, &str, &str, &str)] = &[
    ("a", "v1.0.0", "go 1.21\n", "package a\n"),
    ("a", "v1.1.0", "go 1.21\n", "package a\n\n// v1.1.0\n"),
    (
        "b",
        "v1.0.0",
        "go 1.21\n\nrequire example.com/a v1.1.0\n",
        "package b\n\nimport _ \"example.com/a\"\n",
    ),
    ("c", "v1.0.0", "go 1.21\n", "package c\n"),
    ("c", "v1.1.0", "go 1.21\n", "package c\n\n// v1.1.0\n"),
];

fn write_proxy(root: &Path) {
    for (name, version, body, code) in PROXY {
        let path = format!("example.com/{name}");
        let dir = root.join(&path).join("@v");
        std::fs::create_dir_all(&dir).unwrap();
        let go_mod = format!("module {path}\n\n{body}");
        std::fs::write(
            dir.join(format!("{version}.info")),
            format!("{{\"Version\":\"{version}\"}}"),
        )
        .unwrap();
        std::fs::write(dir.join(format!("{version}.mod")), &go_mod).unwrap();
        let mut zip =
            zip::ZipWriter::new(std::fs::File::create(dir.join(format!("{version}.zip"))).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file(format!("{path}@{version}/go.mod"), options)
            .unwrap();
        zip.write_all(go_mod.as_bytes()).unwrap();
        zip.start_file(format!("{path}@{version}/{name}.go"), options)
            .unwrap();
        zip.write_all(code.as_bytes()).unwrap();
        zip.finish().unwrap();
        let list = root.join(&path).join("@v/list");
        let mut versions = std::fs::read_to_string(&list).unwrap_or_default();
        versions.push_str(&format!("{version}\n"));
        std::fs::write(list, versions).unwrap();
    }
}

fn env_for(tc: &Toolchain) -> (Env, PathBuf) {
    let mut env = Env::with_go(tc);
    let base = env.dir.path().to_path_buf();
    write_proxy(&base.join("proxy"));
    env.set(
        "GOPROXY",
        format!("file://{}", base.join("proxy").display()),
    )
    .set("GOSUMDB", "off")
    .set("GOMODCACHE", base.join("modcache").display().to_string())
    .set("GOPATH", base.join("gopath").display().to_string())
    .set("GOCACHE", base.join("gocache").display().to_string())
    .set("GOTOOLCHAIN", "local")
    .set("GOTELEMETRY", "off")
    .set("GOFLAGS", "-modcacherw");
    (env, base)
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn gomedic(env: &Env, args: &[&str], cwd: &Path) -> std::process::Output {
    env.run(env!("CARGO_BIN_EXE_gomedic"), args, cwd)
}

#[test]
fn verify_in_a_workspace_checks_go_build_list() {
    for tc in toolchains() {
        let (env, base) = env_for(&tc);
        let ws = base.join("ws");
        write(
            &ws,
            &[
                (
                    "go.work",
                    "go 1.21\n\nuse (\n\t./w1\n\t./w2\n)\n\nreplace example.com/c v1.0.0 => example.com/c v1.1.0\n",
                ),
                (
                    "w1/go.mod",
                    "module example.com/w1\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n\nexclude example.com/a v1.1.0\n",
                ),
                ("w1/w1.go", "package w1\n\nimport _ \"example.com/b\"\n"),
                (
                    "w2/go.mod",
                    "module example.com/w2\n\ngo 1.21\n\nrequire example.com/c v1.0.0\n",
                ),
                ("w2/w2.go", "package w2\n\nimport _ \"example.com/c\"\n"),
            ],
        );
        let w2 = ws.join("w2");
        for dir in [ws.join("w1"), w2.clone()] {
            let out = env.go(&["list", "-deps", "./..."], &dir);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        // The replaced original is in the cache too: go mod verify checks it.
        let out = env.go(&["mod", "download", "example.com/c@v1.0.0"], &base);
        assert!(out.status.success(), "{}", stderr(&out));
        let out = env.go(&["list", "-m", "all"], &w2);
        let go_list: BTreeSet<String> = stdout(&out)
            .lines()
            .filter(|l| l.contains(' '))
            .map(|l| l.split(" => ").next().unwrap().to_string())
            .collect();
        let report = |env: &Env| -> Value {
            let out = gomedic(env, &["verify", "--format", "json"], &w2);
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
        };
        let ours = report(&env);
        assert_eq!(
            ours["workspace"].as_str(),
            Some(ws.join("go.work").to_str().unwrap()),
            "go {}",
            tc.version
        );
        let checked: BTreeSet<String> = ours["modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                format!(
                    "{} {}",
                    m["path"].as_str().unwrap(),
                    m["version"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(checked, go_list, "go {}", tc.version);
        assert_eq!(ours["verified"], true);
        // Modify the replaced original and a dependency; both sides flag both.
        for m in ["example.com/c@v1.0.0", "example.com/b@v1.0.0"] {
            std::fs::write(
                base.join("modcache").join(m).join("extra.go"),
                "package x\n",
            )
            .unwrap();
        }
        let out = env.go(&["mod", "verify"], &w2);
        let go_flagged: BTreeSet<String> = stderr(&out)
            .lines()
            .filter_map(|l| l.split_once(": ").map(|(h, _)| h.to_string()))
            .filter(|h| h.starts_with("example.com/"))
            .collect();
        let ours = report(&env);
        let flagged: BTreeSet<String> = ours["modules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["go_errors"].as_array().is_some_and(|e| !e.is_empty()))
            .map(|m| {
                format!(
                    "{} {}",
                    m["path"].as_str().unwrap(),
                    m["version"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            go_flagged,
            BTreeSet::from([
                "example.com/b v1.0.0".to_string(),
                "example.com/c v1.0.0".to_string()
            ]),
            "go {}",
            tc.version
        );
        assert_eq!(flagged, go_flagged, "go {}", tc.version);
        assert_eq!(ours["verified"], false);
    }
}

#[test]
fn missing_zip_line_of_an_indirect_requirement_is_reported() {
    for tc in toolchains() {
        let (env, base) = env_for(&tc);
        let project = base.join("main");
        write(
            &project,
            &[
                (
                    "go.mod",
                    "module example.com/main\n\ngo 1.21\n\nrequire example.com/b v1.0.0\n\nrequire example.com/a v1.0.0 // indirect\n\nexclude example.com/a v1.1.0\n",
                ),
                (
                    "main.go",
                    "package main\n\nimport _ \"example.com/b\"\n\nfunc main() {}\n",
                ),
            ],
        );
        let out = env.go(&["mod", "tidy"], &project);
        assert!(out.status.success(), "{}", stderr(&out));
        let sum = project.join("go.sum");
        let full = std::fs::read_to_string(&sum).unwrap();
        assert!(full.contains("example.com/a v1.0.0 h1:"), "{full}");
        let cut: String = full
            .lines()
            .filter(|l| !l.starts_with("example.com/a v1.0.0 h1:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&sum, cut).unwrap();
        let out = env.go(&["build", "-o", "/dev/null", "."], &project);
        assert!(
            stderr(&out).contains(
                "missing go.sum entry for module providing package example.com/a (imported by example.com/b)"
            ),
            "go {}: {}",
            tc.version,
            stderr(&out)
        );
        let out = gomedic(
            &env,
            &[
                "check",
                "--format",
                "json",
                "--offline",
                "--no-shell",
                "--project",
                project.to_str().unwrap(),
            ],
            &project,
        );
        let report: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "modules/go-sum-incomplete")
            .unwrap_or_else(|| panic!("go {}: no go-sum-incomplete finding: {report}", tc.version))
            .clone();
        assert_eq!(finding["severity"], "error");
        let evidence = finding["evidence"].to_string();
        assert!(evidence.contains("example.com/a v1.0.0"), "{evidence}");
        // The build list after exclude: a v1.0.0, not v1.1.0.
        assert!(!evidence.contains("v1.1.0"), "{evidence}");
        // gomedic verify lists it too, and never writes go.sum.
        let before = std::fs::read(&sum).unwrap();
        let out = gomedic(&env, &["verify", "--format", "json"], &project);
        let ours: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            ours["missing_zip_sums"],
            serde_json::json!(["example.com/a v1.0.0"])
        );
        assert_eq!(std::fs::read(&sum).unwrap(), before);
    }
}
