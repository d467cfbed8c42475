//! Environment resolution for Windows and macOS go binaries, from plain
//! inputs (the paths and defaults of go-semantics.md §3.2 and §5).

use gomedic_go::env::{
    EnvFileInput, EnvInputs, EnvSource, FactRequest, fact_requests, output, resolve,
};
use std::collections::BTreeMap;

const OFFICIAL_GO_ENV: &str =
    "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n";

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Answers every request the way a machine with `goroot` installed would.
fn answer_all(mut inputs: EnvInputs, goroot: &str, user_file: Option<&str>) -> EnvInputs {
    for _ in 0..10 {
        let requests = fact_requests(&inputs, false);
        if requests.is_empty() {
            return inputs;
        }
        for request in requests {
            match request {
                FactRequest::UserEnvFile { path } => {
                    inputs.user_env_file = Some(EnvFileInput {
                        path,
                        content: user_file.map(String::from),
                        error: None,
                    })
                }
                FactRequest::GorootEnvFile { path } => {
                    inputs.goroot_env_file = Some(EnvFileInput {
                        path,
                        content: Some(OFFICIAL_GO_ENV.into()),
                        error: None,
                    })
                }
                FactRequest::IsGoroot { dir } => {
                    let is = dir == goroot;
                    inputs.goroot_dirs.insert(dir, is);
                }
                FactRequest::IsDir { path } => {
                    inputs.is_dir.insert(path, true);
                }
                FactRequest::LookPath { name } => {
                    inputs.path_lookups.insert(name, None);
                }
                FactRequest::TelemetryModeFile { path } => {
                    inputs.telemetry_mode_file = Some(EnvFileInput {
                        path,
                        content: None,
                        error: None,
                    })
                }
                FactRequest::CcFlag { .. } => unreachable!("compiler not requested"),
            }
        }
    }
    panic!("fact requests did not settle")
}

#[test]
fn windows_msi_install() {
    let inputs = EnvInputs {
        host_os: "windows".into(),
        host_arch: "amd64".into(),
        go_version: "go1.27.3".into(),
        os_env: env(&[
            ("USERPROFILE", r"C:\Users\me"),
            ("APPDATA", r"C:\Users\me\AppData\Roaming"),
            ("LOCALAPPDATA", r"C:\Users\me\AppData\Local"),
            ("Path", r"C:\Program Files\Go\bin"),
            ("GoFlags", "-mod=mod"),
        ]),
        exe: Some(r"C:\Program Files\Go\bin\go.exe".into()),
        cwd: r"C:\src\app".into(),
        temp_dir: r"C:\Users\me\AppData\Local\Temp".into(),
        ..EnvInputs::default()
    };
    let inputs = answer_all(
        inputs,
        r"C:\Program Files\Go",
        Some("GOPRIVATE=corp.example\r\n"),
    );
    let env = resolve(&inputs);
    assert_eq!(env.value("GOROOT"), r"C:\Program Files\Go");
    assert_eq!(
        env.value("GOTOOLDIR"),
        r"C:\Program Files\Go\pkg\tool\windows_amd64"
    );
    assert_eq!(env.value("GOPATH"), r"C:\Users\me\go");
    assert_eq!(env.value("GOMODCACHE"), r"C:\Users\me\go\pkg\mod");
    assert_eq!(env.value("GOBIN"), r"C:\Users\me\go\bin");
    assert_eq!(env.value("GOENV"), r"C:\Users\me\AppData\Roaming\go\env");
    assert_eq!(env.value("GOCACHE"), r"C:\Users\me\AppData\Local\go-build");
    assert_eq!(
        env.value("GOTELEMETRYDIR"),
        r"C:\Users\me\AppData\Roaming\go\telemetry"
    );
    assert_eq!(env.value("GOEXE"), ".exe");
    assert_eq!(env.value("GOMOD"), "NUL");
    assert_eq!(env.value("CC"), "gcc");
    // gcc is not on PATH: cgo is off.
    assert_eq!(env.value("CGO_ENABLED"), "0");
    // Environment names are case-insensitive on Windows.
    assert_eq!(env.value("GOFLAGS"), "-mod=mod");
    assert_eq!(env.value("GOPRIVATE"), "corp.example\r");
    assert!(matches!(
        env.get("GOPRIVATE").unwrap().source,
        EnvSource::UserFile { line: 1, .. }
    ));
    assert_eq!(env.value("GONOPROXY"), "corp.example\r");
    assert!(matches!(
        env.get("GOPROXY").unwrap().source,
        EnvSource::GorootFile { line: 1, .. }
    ));
    assert!(!env.value("GOGCCFLAGS").contains("-fPIC"));
    let text = String::from_utf8_lossy(&output::format_text(&env, &[], "windows")).into_owned();
    assert!(text.contains("set GOPATH=C:\\Users\\me\\go\n"), "{text}");
    assert!(
        text.contains("set GOPRIVATE=corp.example\u{FFFD}\n"),
        "{text}"
    );
    assert!(env.problems.is_empty(), "{:?}", env.problems);
}

#[test]
fn macos_arm64() {
    let inputs = EnvInputs {
        host_os: "darwin".into(),
        host_arch: "arm64".into(),
        go_version: "go1.27.3".into(),
        os_env: env(&[
            ("HOME", "/Users/me"),
            ("PATH", "/usr/local/go/bin:/usr/bin"),
        ]),
        exe: Some("/usr/local/go/bin/go".into()),
        cwd: "/Users/me/src".into(),
        temp_dir: "/var/folders/xy/T/".into(),
        ..EnvInputs::default()
    };
    let mut inputs = answer_all(inputs, "/usr/local/go", None);
    inputs
        .path_lookups
        .insert("clang".into(), Some("/usr/bin/clang".into()));
    let env = resolve(&inputs);
    assert_eq!(
        env.value("GOENV"),
        "/Users/me/Library/Application Support/go/env"
    );
    assert_eq!(env.value("GOCACHE"), "/Users/me/Library/Caches/go-build");
    assert_eq!(env.value("CC"), "clang");
    assert_eq!(env.value("CXX"), "clang++");
    assert_eq!(env.value("CGO_ENABLED"), "1");
    assert_eq!(env.value("GOARM64"), "v8.0");
    assert!(env.printed.contains(&"GOARM64".to_string()));
    let flags = env.value("GOGCCFLAGS");
    assert!(
        flags.starts_with("-fPIC -arch arm64 -pthread -fmessage-length=0"),
        "{flags}"
    );
    assert!(flags.ends_with("-fno-common"), "{flags}");
    let json = output::format_json(&env, &["GOENV".to_string()]);
    assert_eq!(
        json,
        "{\n\t\"GOENV\": \"/Users/me/Library/Application Support/go/env\"\n}\n"
    );
}

#[test]
fn releases_change_the_key_set_and_order() {
    let base = EnvInputs {
        host_os: "linux".into(),
        host_arch: "amd64".into(),
        os_env: env(&[("HOME", "/home/u"), ("GOROOT", "/usr/local/go")]),
        cwd: "/home/u".into(),
        temp_dir: "/tmp".into(),
        ..EnvInputs::default()
    };
    let count = |version: &str| {
        let inputs = answer_all(
            EnvInputs {
                go_version: version.into(),
                ..base.clone()
            },
            "/usr/local/go",
            None,
        );
        resolve(&inputs).printed.len()
    };
    assert_eq!(count("go1.19.8"), 39);
    assert_eq!(count("go1.21.13"), 40);
    assert_eq!(count("go1.27.3"), 47);
    // An unknown future release behaves like the newest known one.
    assert_eq!(count("go1.31.0"), 47);
    assert_eq!(count("devel go1.28-abcdef"), 47);
}
