#![cfg(unix)]
//! Differential tests: `gomedic env --format json` against the real
//! `go env -json` of 1.21.13, 1.22.10 and 1.27.3, with the same environment
//! and working directory, for many configurations. Only the random number
//! of the work directory in GOGCCFLAGS is masked.

use gomedic_testkit::{Toolchain, clean_command, toolchain, toolchains};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Keys `go env` computes with a build context (not needed when go refuses).
const COSTLY: [&str; 7] = [
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_CXXFLAGS",
    "CGO_FFLAGS",
    "CGO_LDFLAGS",
    "PKG_CONFIG",
    "GOGCCFLAGS",
];

struct Case {
    vars: BTreeMap<String, String>,
    cwd: PathBuf,
    go: PathBuf,
}

fn mask(json: &str) -> String {
    let mut out = String::new();
    let mut rest = json;
    while let Some(i) = rest.find("go-build") {
        out.push_str(&rest[..i + 8]);
        rest = &rest[i + 8..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push('N');
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(path: &Path, content: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// Builds one configuration inside `root` (HOME is `root/home`).
fn setup(name: &str, tc: &Toolchain, root: &Path) -> Case {
    let home = root.join("home");
    let work = root.join("work");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let mut vars = BTreeMap::new();
    vars.insert("HOME".to_string(), s(&home));
    vars.insert("PATH".to_string(), "/usr/bin:/bin".to_string());
    let mut cwd = work.clone();
    let mut go = tc.go.clone();
    let user_file = home.join(".config/go/env");
    let mut set = |k: &str, v: &str| {
        vars.insert(k.to_string(), v.to_string());
    };
    match name {
        "clean" => {}
        "goenv-odd-lines" => write(
            &user_file,
            b"# comment\nGOPROXY=https://crlf.example\r\n GOSUMDB=off\ngoflags=-x\nGOPRIVATE = x.com\nGONOSUMDB=first\nGONOSUMDB=second\n\xff\xfe\x00junk=1\nGOINSECURE=a<b&c\nGOVCS=\"quoted\"\n",
        ),
        "goenv-off" => {
            write(&user_file, b"GOPROXY=https://file.example\n");
            set("GOENV", "off");
        }
        "goenv-missing" => set("GOENV", &s(&home.join("nope/env"))),
        "goenv-custom-file" => {
            write(&home.join("custom.env"), b"GOFLAGS=-mod=mod\nCC=/usr/bin/gcc\n");
            set("GOENV", &s(&home.join("custom.env")));
        }
        "xdg-absolute" => {
            write(&home.join("xdgc/go/env"), b"GOPRIVATE=corp.example\n");
            set("XDG_CONFIG_HOME", &s(&home.join("xdgc")));
            set("XDG_CACHE_HOME", &s(&home.join("xdgcache")));
        }
        "xdg-relative" => {
            set("XDG_CONFIG_HOME", "rel/xdg");
            set("XDG_CACHE_HOME", "rel/cache");
        }
        "home-unset" => {
            vars.remove("HOME");
        }
        "goprivate" => set("GOPRIVATE", "example.com,corp.internal/*"),
        "gonoproxy-empty" => {
            set("GOPRIVATE", "x.com");
            set("GONOPROXY", "");
            set("GONOSUMDB", "none");
        }
        "os-empty-does-not-mask-file" => {
            write(&user_file, b"GOPROXY=https://file.example\n");
            set("GOPROXY", "");
        }
        "os-wins-over-file" => {
            write(&user_file, b"GOPROXY=https://file.example\nGOPATH=/file/gopath\n");
            set("GOPROXY", "https://env.example");
        }
        "cross-windows-arm64" => {
            set("GOOS", "windows");
            set("GOARCH", "arm64");
        }
        "cross-linux-arm" => set("GOARCH", "arm"),
        "cross-386" => set("GOARCH", "386"),
        "no-c-compiler" => set("PATH", &s(root)),
        "cc-in-file-no-compiler" => {
            write(&user_file, b"CC=/usr/bin/gcc\n");
            set("PATH", &s(root));
        }
        "cc-in-env-no-compiler" => {
            set("CC", "/usr/bin/gcc");
            set("PATH", &s(root));
        }
        "cgo-enabled-true" => set("CGO_ENABLED", "true"),
        "cgo-enabled-0" => set("CGO_ENABLED", "0"),
        "goamd64-v3" => set("GOAMD64", "v3"),
        "goflags" => set("GOFLAGS", "-mod=mod -tags=a,b -ldflags=-X=a<b&c"),
        "cgo-flags" => {
            set("CGO_CFLAGS", "  -O3   '-I/a b' ");
            set("PKG_CONFIG", "pkg-config --static");
        }
        "gotoolchain-local" => set("GOTOOLCHAIN", "local"),
        "goroot-other-toolchain" => {
            let other = if tc.version == "1.21.13" { "1.22.10" } else { "1.21.13" };
            set("GOROOT", &s(&toolchain(other).goroot));
        }
        "goroot-without-go-env" => {
            std::fs::create_dir_all(root.join("fakeroot/pkg/tool")).unwrap();
            set("GOROOT", &s(&root.join("fakeroot")));
        }
        "go-via-symlink" => {
            let link = root.join("bin/go");
            std::fs::create_dir_all(root.join("bin")).unwrap();
            std::os::unix::fs::symlink(&tc.go, &link).unwrap();
            go = link;
        }
        "module" | "module-gopath-mode" | "module-auto" => {
            write(&work.join("go.mod"), b"module example.com/m\n\ngo 1.21\n");
            std::fs::create_dir_all(work.join("sub")).unwrap();
            cwd = work.join("sub");
            set("GOTOOLCHAIN", "local");
            match name {
                "module-gopath-mode" => set("GO111MODULE", "off"),
                "module-auto" => set("GO111MODULE", "auto"),
                _ => {}
            }
        }
        "workspace" => {
            write(&work.join("go.work"), b"go 1.21\n\nuse ./m\n");
            write(&work.join("m/go.mod"), b"module example.com/m\n\ngo 1.21\n");
            cwd = work.join("m");
            set("GOTOOLCHAIN", "local");
        }
        "gowork-off" => {
            write(&work.join("go.work"), b"go 1.21\n");
            set("GOWORK", "off");
        }
        "go111module-auto-outside" => set("GO111MODULE", "auto"),
        "gotmpdir-missing" => set("GOTMPDIR", &s(&root.join("missing-tmp"))),
        "gotmpdir-present" => {
            std::fs::create_dir_all(root.join("tmp2")).unwrap();
            set("GOTMPDIR", &s(&root.join("tmp2")));
        }
        "telemetry-mode-on" => write(&home.join(".config/go/telemetry/mode"), b"on 2024-01-01\n"),
        "telemetry-mode-off" => write(&home.join(".config/go/telemetry/mode"), b"off"),
        "gopath-relative" => set("GOPATH", "rel/gopath"),
        "gopath-list" => set("GOPATH", &format!("{}:{}", s(&home.join("a")), s(&home.join("b")))),
        "gocache-off" => set("GOCACHE", "off"),
        "gocache-relative" => set("GOCACHE", "relcache"),
        "gomodcache-set" => set("GOMODCACHE", &s(&home.join("modcache"))),
        "gobin-set" => set("GOBIN", &s(&home.join("mybin"))),
        "goenv-gopath-file" => write(&user_file, b"GOPATH=/from/file\nGOBIN=/from/file/bin\n"),
        other => panic!("unknown configuration {other}"),
    }
    Case { vars, cwd, go }
}

const CONFIGS: &[&str] = &[
    "clean",
    "goenv-odd-lines",
    "goenv-off",
    "goenv-missing",
    "goenv-custom-file",
    "xdg-absolute",
    "xdg-relative",
    "home-unset",
    "goprivate",
    "gonoproxy-empty",
    "os-empty-does-not-mask-file",
    "os-wins-over-file",
    "cross-windows-arm64",
    "cross-linux-arm",
    "cross-386",
    "no-c-compiler",
    "cc-in-file-no-compiler",
    "cc-in-env-no-compiler",
    "cgo-enabled-true",
    "cgo-enabled-0",
    "goamd64-v3",
    "goflags",
    "cgo-flags",
    "gotoolchain-local",
    "goroot-other-toolchain",
    "goroot-without-go-env",
    "go-via-symlink",
    "module",
    "module-gopath-mode",
    "module-auto",
    "workspace",
    "gowork-off",
    "go111module-auto-outside",
    "gotmpdir-missing",
    "gotmpdir-present",
    "telemetry-mode-on",
    "telemetry-mode-off",
    "gopath-relative",
    "gopath-list",
    "gocache-off",
    "gocache-relative",
    "gomodcache-set",
    "gobin-set",
    "goenv-gopath-file",
];

/// Compares one configuration; returns a description of every difference.
fn compare(name: &str, tc: &Toolchain) -> Result<(), String> {
    let root = tempfile::tempdir().unwrap();
    let case = setup(name, tc, root.path());
    let go_full = run(clean_command(&case.go, &case.vars)
        .args(["env", "-json"])
        .current_dir(&case.cwd));
    let gomedic = env!("CARGO_BIN_EXE_gomedic");
    let ours_full = run(clean_command(gomedic, &case.vars)
        .args(["env", "--format", "json", "--go"])
        .arg(&case.go)
        .current_dir(&case.cwd));
    if !ours_full.0 {
        return Err(format!("gomedic env failed: {}", ours_full.2));
    }
    if go_full.0 {
        let (theirs, ours) = (mask(&go_full.1), mask(&ours_full.1));
        if theirs != ours {
            return Err(diff(&theirs, &ours));
        }
        return Ok(());
    }
    // go refused: compare what it still prints for the cheap keys, and
    // require gomedic to report a problem.
    let theirs_map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&ours_full.1).map_err(|e| format!("bad JSON from gomedic: {e}"))?;
    let keys: Vec<String> = theirs_map
        .keys()
        .filter(|k| !COSTLY.contains(&k.as_str()))
        .cloned()
        .collect();
    let go_cheap = run(clean_command(&case.go, &case.vars)
        .args(["env", "-json"])
        .args(&keys)
        .current_dir(&case.cwd));
    let ours_cheap = run(clean_command(gomedic, &case.vars)
        .args(["env", "--format", "json", "--go"])
        .arg(&case.go)
        .args(&keys)
        .current_dir(&case.cwd));
    if ours_full.2.trim().is_empty() {
        return Err(format!(
            "go refused ({}) but gomedic reported no problem",
            go_full.2.trim()
        ));
    }
    if go_cheap.0 {
        let (theirs, ours) = (mask(&go_cheap.1), mask(&ours_cheap.1));
        if theirs != ours {
            return Err(diff(&theirs, &ours));
        }
    }
    Ok(())
}

fn diff(theirs: &str, ours: &str) -> String {
    let t: BTreeMap<String, String> = serde_json::from_str(theirs).unwrap_or_default();
    let o: BTreeMap<String, String> = serde_json::from_str(ours).unwrap_or_default();
    let mut lines = Vec::new();
    for key in t
        .keys()
        .chain(o.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        if t.get(key) != o.get(key) {
            lines.push(format!(
                "  {key}: go={:?} gomedic={:?}",
                t.get(key),
                o.get(key)
            ));
        }
    }
    if lines.is_empty() {
        lines.push(format!(
            "  same values, different text:\n{theirs}\n---\n{ours}"
        ));
    }
    lines.join("\n")
}

#[test]
fn gomedic_env_matches_go_env_json() {
    let mut failures = Vec::new();
    let mut passed = 0;
    let toolchains = toolchains();
    for tc in &toolchains {
        for name in CONFIGS {
            match compare(name, tc) {
                Ok(()) => passed += 1,
                Err(e) => failures.push(format!("{} / {name}:\n{e}", tc.version)),
            }
        }
    }
    let total = CONFIGS.len() * toolchains.len();
    eprintln!("env differential: {passed}/{total} configuration×release pairs match");
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn gomedic_env_text_matches_go_env() {
    let mut failures = Vec::new();
    for tc in &toolchains() {
        for name in [
            "clean",
            "goenv-odd-lines",
            "module",
            "goflags",
            "cross-linux-arm",
            "telemetry-mode-on",
        ] {
            let root = tempfile::tempdir().unwrap();
            let case = setup(name, tc, root.path());
            let theirs = run(clean_command(&case.go, &case.vars)
                .arg("env")
                .current_dir(&case.cwd));
            let ours = run(clean_command(env!("CARGO_BIN_EXE_gomedic"), &case.vars)
                .args(["env", "--go"])
                .arg(&case.go)
                .current_dir(&case.cwd));
            if mask(&theirs.1) != mask(&ours.1) {
                failures.push(format!(
                    "{} / {name}:\n{}\n---\n{}",
                    tc.version, theirs.1, ours.1
                ));
            }
            let names = ["GOPROXY", "NOSUCH", "GOMOD"];
            let theirs = run(clean_command(&case.go, &case.vars)
                .arg("env")
                .args(names)
                .current_dir(&case.cwd));
            let ours = run(clean_command(env!("CARGO_BIN_EXE_gomedic"), &case.vars)
                .args(["env", "--go"])
                .arg(&case.go)
                .args(names)
                .current_dir(&case.cwd));
            if theirs.1 != ours.1 {
                failures.push(format!(
                    "{} / {name} (names):\n{}\n---\n{}",
                    tc.version, theirs.1, ours.1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
