#![cfg(unix)]
//! End-to-end: GOTOOLCHAIN switching on really configured environments. The
//! real go (1.21.13 first on PATH, go.mod asking for 1.27.3) proves what
//! happens, and gomedic must predict it: the same message, the same outcome.

mod check_support;

use check_support::{Env, stderr, stdout};
use gomedic_testkit::{Toolchain, clean_command, toolchain};
use std::path::{Path, PathBuf};

/// A module whose go.mod asks for go 1.27.3, in `<home>/needs-new`.
fn module_needing_1_27_3(env: &Env) -> PathBuf {
    let dir = env.home().join("needs-new");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("go.mod"),
        "module example.com/needsnew\n\ngo 1.27.3\n",
    )
    .unwrap();
    std::fs::write(dir.join("main.go"), "package main\n\nfunc main() {}\n").unwrap();
    dir
}

/// An environment with go 1.21.13 first on PATH and a clean module cache.
fn env_with_old_go(old: &Toolchain) -> Env {
    let mut env = Env::with_go(old);
    // Extracted modules are read-only; keep the temp dir removable.
    env.set("GOFLAGS", "-modcacherw");
    env
}

/// gomedic's findings with `id` (full JSON objects).
fn findings(env: &Env, project: &Path, id: &str) -> Vec<serde_json::Value> {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .args(["check", "--format", "json", "--offline", "--project"])
        .arg(project)
        .current_dir(project)
        .output()
        .expect("run gomedic");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {} {}",
            stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["id"] == id)
        .cloned()
        .collect()
}

fn the_finding(env: &Env, project: &Path, id: &str) -> serde_json::Value {
    let mut found = findings(env, project, id);
    assert_eq!(found.len(), 1, "expected one {id}: {found:?}");
    found.remove(0)
}

fn evidence(finding: &serde_json::Value, label: &str) -> String {
    finding["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["label"] == label)
        .and_then(|e| e["value"].as_str())
        .unwrap_or_else(|| panic!("no evidence {label}: {finding}"))
        .to_string()
}

/// The line of go's stderr that starts with `prefix`.
fn go_line<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in: {text}"))
}

#[test]
fn local_toolchain_refuses_newer_go_line() {
    let old = toolchain("1.21.13");
    let mut env = env_with_old_go(&old);
    env.set("GOTOOLCHAIN", "local");
    let project = module_needing_1_27_3(&env);
    let out = env.go(&["list", "."], &project);
    assert!(!out.status.success());
    let said = stderr(&out);
    let line = go_line(&said, "go: go.mod requires go >= 1.27.3");
    assert_eq!(
        line,
        "go: go.mod requires go >= 1.27.3 (running go 1.21.13; GOTOOLCHAIN=local)"
    );
    let f = the_finding(&env, &project, "modules/go-line-too-new");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        evidence(&f, "go prints"),
        line,
        "gomedic must print go's message"
    );
    assert!(findings(&env, &project, "modules/toolchain-switch").is_empty());

    // From a subdirectory go names the file relatively; so does gomedic.
    let sub = project.join("cmd");
    std::fs::create_dir_all(&sub).unwrap();
    let said = stderr(&env.go(&["list", "."], &sub));
    let line = go_line(&said, "go: ../go.mod requires");
    let f = the_finding(&env, &sub, "modules/go-line-too-new");
    assert_eq!(evidence(&f, "go prints"), line);
}

#[test]
fn gopath_mode_ignores_the_go_line() {
    let old = toolchain("1.21.13");
    let mut env = env_with_old_go(&old);
    env.set("GOTOOLCHAIN", "local").set("GO111MODULE", "off");
    let project = module_needing_1_27_3(&env);
    let out = env.go(&["list", "."], &project);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(findings(&env, &project, "modules/go-line-too-new").is_empty());
    assert!(findings(&env, &project, "modules/toolchain-switch").is_empty());
}

#[test]
fn auto_switch_with_goproxy_off_fails() {
    let old = toolchain("1.21.13");
    let mut env = env_with_old_go(&old);
    env.set("GOTOOLCHAIN", "auto").set("GOPROXY", "off");
    let project = module_needing_1_27_3(&env);
    let out = env.go(&["list", "."], &project);
    assert!(!out.status.success());
    let said = stderr(&out);
    let line = go_line(&said, "go: download go1.27.3");
    assert_eq!(
        line,
        "go: download go1.27.3 for linux/amd64: toolchain not available"
    );
    let f = the_finding(&env, &project, "modules/toolchain-switch");
    assert_eq!(f["severity"], "error");
    assert!(f["title"].as_str().unwrap().contains(line), "{f}");
    assert!(findings(&env, &project, "modules/go-line-too-new").is_empty());
}

#[test]
fn path_mode_without_the_release_on_path_fails() {
    let old = toolchain("1.21.13");
    let mut env = env_with_old_go(&old);
    env.set("GOTOOLCHAIN", "go1.27.3+path");
    let project = module_needing_1_27_3(&env);
    let out = env.go(&["list", "."], &project);
    assert!(!out.status.success());
    let said = stderr(&out);
    let line = go_line(&said, "go: cannot find");
    assert_eq!(line, "go: cannot find \"go1.27.3\" in PATH");
    let f = the_finding(&env, &project, "modules/toolchain-switch");
    assert_eq!(f["severity"], "error");
    assert!(f["title"].as_str().unwrap().contains(line), "{f}");
}

#[test]
fn switch_to_the_release_found_on_path() {
    let (old, new) = (toolchain("1.21.13"), toolchain("1.27.3"));
    let env_dir = tempfile::tempdir().unwrap();
    let links = env_dir.path().join("links");
    std::fs::create_dir_all(&links).unwrap();
    std::os::unix::fs::symlink(&new.go, links.join("go1.27.3")).unwrap();
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        old.goroot.join("bin").display(),
        links.display()
    );
    for mode in ["path", "auto"] {
        let dir = tempfile::tempdir().unwrap();
        let mut env = Env::in_dir(dir, &path);
        env.set("GOTOOLCHAIN", mode).set("GOPROXY", "off");
        let project = module_needing_1_27_3(&env);
        let out = env.go(&["version"], &project);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("go1.27.3"), "{}", stdout(&out));
        let f = the_finding(&env, &project, "modules/toolchain-switch");
        assert_eq!(f["severity"], "info", "{mode}: {f}");
        let link = links.join("go1.27.3").display().to_string();
        assert!(f["title"].as_str().unwrap().contains(&link), "{f}");
        assert!(findings(&env, &project, "modules/go-line-too-new").is_empty());
    }
}

#[test]
fn named_release_without_auto_switches_then_refuses() {
    // GOTOOLCHAIN=go1.22.10 with go1.22.10 on PATH: go switches to it, and
    // go1.22.10 refuses the go line in its own words.
    let (old, named) = (toolchain("1.21.13"), toolchain("1.22.10"));
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("links");
    std::fs::create_dir_all(&links).unwrap();
    std::os::unix::fs::symlink(&named.go, links.join("go1.22.10")).unwrap();
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        old.goroot.join("bin").display(),
        links.display()
    );
    let mut env = Env::in_dir(dir, &path);
    env.set("GOTOOLCHAIN", "go1.22.10").set("GOPROXY", "off");
    let project = module_needing_1_27_3(&env);
    let said = stderr(&env.go(&["list", "."], &project));
    let line = go_line(&said, "go: go.mod requires");
    assert_eq!(
        line,
        "go: go.mod requires go >= 1.27.3 (running go 1.22.10; GOTOOLCHAIN=go1.22.10)"
    );
    let f = the_finding(&env, &project, "modules/go-line-too-new");
    assert_eq!(evidence(&f, "go prints"), line);
    assert_eq!(
        the_finding(&env, &project, "modules/toolchain-switch")["severity"],
        "info"
    );
}

// ---------------------------------------------------------------------------
// A file:// module proxy written by the test.

/// CRC-32 (IEEE), for the zip entries.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive with stored (uncompressed) entries.
fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let (crc, size, name_len) = (crc32(data), data.len() as u32, name.len() as u16);
        let header = |sig: u32, central_entry: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central_entry {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&name_len.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central_entry {
                h.extend_from_slice(&[0u8; 10]); // comment, disk, internal and external attrs
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let (start, count) = (out.len() as u32, files.len() as u16);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Publishes `path@version` in the file proxy at `root`.
fn publish(root: &Path, path: &str, version: &str, files: &[(&str, &[u8])]) {
    let dir = root.join(path).join("@v");
    std::fs::create_dir_all(&dir).unwrap();
    let prefixed: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, d)| (format!("{path}@{version}/{n}"), *d))
        .collect();
    let entries: Vec<(&str, &[u8])> = prefixed.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    std::fs::write(dir.join(format!("{version}.zip")), stored_zip(&entries)).unwrap();
    let go_mod = format!("module {path}\n");
    std::fs::write(dir.join(format!("{version}.mod")), go_mod).unwrap();
    std::fs::write(
        dir.join(format!("{version}.info")),
        format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}"),
    )
    .unwrap();
    std::fs::write(dir.join("list"), format!("{version}\n")).unwrap();
}

#[test]
fn gosumdb_off_stops_the_toolchain_download() {
    let old = toolchain("1.21.13");
    let mut env = env_with_old_go(&old);
    let proxy = env.dir.path().join("proxy");
    publish(
        &proxy,
        "golang.org/toolchain",
        "v0.0.1-go1.27.3.linux-amd64",
        &[("bin/go", b"#!/bin/sh\necho not a real go\n")],
    );
    // Two entries: the single-file:// exception does not apply.
    env.set("GOTOOLCHAIN", "auto")
        .set("GOSUMDB", "off")
        .set("GOPROXY", format!("file://{},off", proxy.display()));
    let project = module_needing_1_27_3(&env);
    let out = env.go(&["list", "."], &project);
    assert!(!out.status.success());
    let said = stderr(&out);
    let reason = "verifying module: checksum database disabled by GOSUMDB=off";
    assert!(said.contains(reason), "{said}");
    let f = the_finding(&env, &project, "modules/toolchain-switch");
    assert_eq!(f["severity"], "error");
    assert!(f["title"].as_str().unwrap().contains(reason), "{f}");
}

#[test]
fn malformed_gosumdb_fails_module_downloads() {
    for version in ["1.21.13", "1.27.3"] {
        let go = toolchain(version);
        let mut env = env_with_old_go(&go);
        let proxy = env.dir.path().join("proxy");
        publish(
            &proxy,
            "example.com/dep",
            "v1.0.0",
            &[
                ("go.mod", b"module example.com/dep\n"),
                ("dep.go", b"package dep\n"),
            ],
        );
        env.set("GOTOOLCHAIN", "local")
            .set("GOPROXY", format!("file://{}", proxy.display()))
            .set("GOSUMDB", "sum.golang.org+https://x");
        let project = env.hello_module(false);
        let out = env.go(&["mod", "download", "example.com/dep@v1.0.0"], &project);
        assert!(!out.status.success(), "{version}: download must fail");
        let said = stderr(&out);
        assert!(said.contains("malformed verifier id"), "{version}: {said}");
        let f = the_finding(&env, &project, "modules/sumdb-invalid");
        assert!(
            f["title"]
                .as_str()
                .unwrap()
                .contains("malformed verifier id"),
            "{f}"
        );
        // Control: the module itself is fine; with the checksum database
        // not consulted for it, the same download succeeds.
        env.set("GONOSUMDB", "example.com");
        let out = env.go(&["mod", "download", "example.com/dep@v1.0.0"], &project);
        assert!(out.status.success(), "{version}: {}", stderr(&out));
    }
}
