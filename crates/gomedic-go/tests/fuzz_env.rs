//! Property tests: the env-file reader and the environment resolution never
//! panic, whatever the user's files and variables contain (binary junk, huge
//! lines, CRLF, non-ASCII), on every OS flavour and release.

use gomedic_go::env::{EnvFileInput, EnvInputs, resolve};
use gomedic_go::envfile;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Keys Go reads, so generated values land where resolution looks.
const KEYS: [&str; 16] = [
    "GOPATH",
    "GOROOT",
    "GOBIN",
    "GOCACHE",
    "GOMODCACHE",
    "GOENV",
    "GOFLAGS",
    "GOPROXY",
    "GOPRIVATE",
    "GONOPROXY",
    "GOOS",
    "GOARCH",
    "CGO_ENABLED",
    "CC",
    "GOTOOLCHAIN",
    "GO111MODULE",
];

fn env_file_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        (prop::sample::select(KEYS.to_vec()), ".{0,40}").prop_map(|(k, v)| format!("{k}={v}")),
        ".{0,60}",
        Just("GOPROXY = https://spaces.example".to_string()),
        Just("# comment".to_string()),
        Just("goproxy=lower".to_string()),
    ];
    (prop::collection::vec(line, 0..20), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

fn inputs(
    os: &str,
    version: &str,
    vars: Vec<(String, String)>,
    user_file: String,
    goroot_file: String,
) -> EnvInputs {
    let mut os_env: BTreeMap<String, String> = vars.into_iter().collect();
    os_env
        .entry("HOME".into())
        .or_insert_with(|| "/home/u".into());
    EnvInputs {
        host_os: os.to_string(),
        host_arch: "amd64".into(),
        go_version: version.to_string(),
        os_env,
        user_env_file: Some(EnvFileInput {
            path: "/home/u/.config/go/env".into(),
            content: Some(user_file),
            error: None,
        }),
        goroot_env_file: Some(EnvFileInput {
            path: "/usr/local/go/go.env".into(),
            content: Some(goroot_file),
            error: None,
        }),
        exe: Some("/usr/local/go/bin/go".into()),
        cwd: "/home/u/project".into(),
        temp_dir: "/tmp".into(),
        ..EnvInputs::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn env_file_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let text = envfile::decode_go_lossy(&bytes);
        let entries = envfile::parse_lines(&text);
        // Every entry Go would use starts with an upper-case ASCII letter.
        for e in entries {
            prop_assert!(e.key.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
        }
        let _ = envfile::parse(&text);
    }

    #[test]
    fn resolution_never_panics(
        os in prop::sample::select(vec!["linux", "darwin", "windows", "freebsd"]),
        version in prop::sample::select(vec!["go1.19.8", "go1.21.13", "go1.22.10", "go1.27.3", "go1.99.0", "devel", ""]),
        vars in prop::collection::vec((prop::sample::select(KEYS.to_vec()).prop_map(str::to_string), ".{0,50}"), 0..10),
        user_file in env_file_text(),
        goroot_file in env_file_text(),
    ) {
        let env = resolve(&inputs(os, version, vars, user_file, goroot_file));
        // Whatever the input, every printed key has a value entry.
        for key in &env.printed {
            prop_assert!(env.get(key).is_some(), "printed key {key} has no value");
        }
    }
}

#[test]
fn a_one_megabyte_line_is_read_in_linear_time() {
    let mut text = String::from("GOPROXY=");
    text.push_str(&"x".repeat(1 << 20));
    text.push_str("\nGOFLAGS=-mod=mod\n");
    let start = std::time::Instant::now();
    let parsed = envfile::parse(&text);
    assert_eq!(parsed["GOPROXY"].value.len(), 1 << 20);
    assert_eq!(parsed["GOFLAGS"].value, "-mod=mod");
    let env = resolve(&inputs(
        "linux",
        "go1.27.3",
        Vec::new(),
        text,
        String::new(),
    ));
    assert_eq!(env.value("GOPROXY").len(), 1 << 20);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}
