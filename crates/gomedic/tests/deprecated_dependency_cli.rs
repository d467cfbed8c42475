#![cfg(unix)]
//! modules/deprecated-dependency end to end: a `file://` GOPROXY with a
//! deprecated module and retracted versions (with and without rationale),
//! a project requiring them, and `gomedic check` compared with the real
//! `go list -m -u -json` (`Deprecated`, `Retracted`) of go 1.21.13, 1.22.10
//! and 1.27.3.

mod sumdb_support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Stdio;
use sumdb_support::{TestModule, write_file_proxy};

fn with_go_mod(path: &str, version: &str, go_mod: &str) -> TestModule {
    let mut m = TestModule::new(path, version);
    m.go_mod = go_mod.to_string();
    m
}

fn proxy_modules() -> Vec<TestModule> {
    vec![
        TestModule::new("example.com/old", "v1.0.0"),
        with_go_mod(
            "example.com/old",
            "v1.1.0",
            "// Deprecated: use example.com/new instead.\nmodule example.com/old\n\ngo 1.21\n",
        ),
        TestModule::new("example.com/ret", "v1.0.0"),
        with_go_mod(
            "example.com/ret",
            "v1.2.0",
            "module example.com/ret\n\ngo 1.21\n\n// contains a security bug\nretract v1.0.0\n",
        ),
        TestModule::new("example.com/ret2", "v0.5.0"),
        TestModule::new("example.com/ret2", "v0.6.0-rc.1"),
        with_go_mod(
            "example.com/ret2",
            "v0.6.0",
            "module example.com/ret2\n\ngo 1.21\n\nretract [v0.5.0, v0.5.9]\nretract v0.6.0 // published too early\n",
        ),
        TestModule::new("example.com/fine", "v1.0.0"),
    ]
}

const REQUIRED: [(&str, &str); 4] = [
    ("example.com/old", "v1.0.0"),
    ("example.com/ret", "v1.0.0"),
    ("example.com/ret2", "v0.5.0"),
    ("example.com/fine", "v1.0.0"),
];

/// `module -> (Deprecated, Retracted)` from concatenated `go list -json` objects.
fn go_facts(text: &str) -> BTreeMap<String, (Option<String>, Vec<String>)> {
    let mut out = BTreeMap::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let v = value.unwrap();
        let retracted = v["Retracted"]
            .as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        out.insert(
            v["Path"].as_str().unwrap().to_string(),
            (v["Deprecated"].as_str().map(str::to_string), retracted),
        );
    }
    out
}

/// The same from gomedic's findings' evidence.
fn gomedic_facts(report: &Value) -> BTreeMap<String, (Option<String>, Vec<String>)> {
    let mut out: BTreeMap<String, (Option<String>, Vec<String>)> = REQUIRED
        .iter()
        .map(|(p, _)| (p.to_string(), (None, Vec::new())))
        .collect();
    for f in report["findings"].as_array().unwrap() {
        if f["id"] != "modules/deprecated-dependency" {
            continue;
        }
        let ev = f["evidence"].as_array().unwrap();
        let module = ev[0]["value"].as_str().unwrap().split(' ').next().unwrap();
        let entry = out.get_mut(module).unwrap();
        for e in ev {
            match e["label"].as_str().unwrap() {
                "Deprecated" => entry.0 = Some(e["value"].as_str().unwrap().to_string()),
                "Retracted" => entry.1.push(e["value"].as_str().unwrap().to_string()),
                _ => {}
            }
        }
    }
    out
}

#[test]
fn deprecations_and_retractions_match_go_list_m_u() {
    for go in gomedic_testkit::toolchains() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_file_proxy(&root.join("proxy"), &proxy_modules());
        let project = root.join("app");
        std::fs::create_dir_all(&project).unwrap();
        let mut go_mod = String::from("module example.com/app\n\ngo 1.21\n\nrequire (\n");
        for (p, v) in REQUIRED {
            go_mod.push_str(&format!("\t{p} {v}\n"));
        }
        go_mod.push_str(")\n");
        std::fs::write(project.join("go.mod"), &go_mod).unwrap();
        let bin = go.go.parent().unwrap();
        let vars: BTreeMap<String, String> = [
            ("HOME", root.join("home").display().to_string()),
            ("PATH", format!("{}:/usr/bin:/bin", bin.display())),
            ("GOPATH", root.join("gopath").display().to_string()),
            ("GOCACHE", root.join("gocache").display().to_string()),
            ("GOENV", root.join("goenv").display().to_string()),
            (
                "GOPROXY",
                format!("file://{}", root.join("proxy").display()),
            ),
            ("GOSUMDB", "off".to_string()),
            ("GOFLAGS", "-mod=mod".to_string()),
            ("GOTOOLCHAIN", "local".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let out = gomedic_testkit::clean_command(&go.go, &vars)
            .args(["list", "-m", "-u", "-json"])
            .args(REQUIRED.iter().map(|(p, _)| *p))
            .current_dir(&project)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "go {}: {}",
            go.version,
            String::from_utf8_lossy(&out.stderr)
        );
        let want = go_facts(&String::from_utf8_lossy(&out.stdout));
        // go list must have seen what the proxy says, or the test proves nothing.
        assert!(want["example.com/old"].0.is_some(), "{want:?}");
        assert!(!want["example.com/ret2"].1.is_empty(), "{want:?}");

        let out = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), &vars)
            .args(["check", "--format", "json", "--timeout", "10", "--project"])
            .arg(&project)
            .current_dir(&project)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let got = gomedic_facts(&report);
        assert_eq!(got, want, "go {}: {report:#}", go.version);
        // Each finding names the go.mod line of the requirement.
        let text = report.to_string();
        assert!(text.contains("go.mod:6"), "{text}");

        // --offline: no facts, no finding.
        let out = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), &vars)
            .args(["check", "--format", "json", "--offline", "--project"])
            .arg(&project)
            .current_dir(&project)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!report.to_string().contains("modules/deprecated-dependency"));
    }
}
