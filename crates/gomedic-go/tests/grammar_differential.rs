//! Differential tests: GOPROXY, GOSUMDB, GOFLAGS and GOTOOLCHAIN values given
//! to gomedic's parsers and to the real go command (1.21.13, 1.22.10, 1.27.3),
//! which must accept/reject alike with the same error text.
//!
//! No network: GOPROXY is a file:// tree written here (or off), and
//! HTTP(S)_PROXY point at 127.0.0.1:1 so any request that would leave the
//! machine is refused locally.

use base64::Engine as _;
use gomedic_go::gosumdb::{self, SumdbConfig, SumdbError};
use gomedic_go::gotoolchain::{self, SelectInputs, Selection};
use gomedic_go::{goflags, goproxy};
use gomedic_testkit::{Toolchain, clean_command, toolchains};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const MODULE: &str = "example.com/m@v1.0.0";

struct Sandbox {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Sandbox {
    fn new(go_line: &str) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let at_v = root.join("proxy/example.com/m/@v");
        std::fs::create_dir_all(&at_v).unwrap();
        std::fs::write(at_v.join("list"), "v1.0.0\n").unwrap();
        std::fs::write(
            at_v.join("v1.0.0.info"),
            r#"{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        std::fs::write(at_v.join("v1.0.0.mod"), "module example.com/m\n\ngo 1.21\n").unwrap();
        std::fs::create_dir_all(root.join("work")).unwrap();
        std::fs::create_dir_all(root.join("home")).unwrap();
        std::fs::write(
            root.join("work/go.mod"),
            format!("module example.com/w\n\ngo {go_line}\n"),
        )
        .unwrap();
        Sandbox { _dir: dir, root }
    }

    fn proxy_url(&self) -> String {
        format!("file://{}", self.root.join("proxy").display())
    }

    /// Runs go with a clean environment plus `vars`; returns (stdout, stderr).
    fn go(&self, tc: &Toolchain, vars: &[(&str, &str)], args: &[&str]) -> (String, String) {
        let modcache = self.root.join("home/modcache");
        let _ = std::fs::remove_dir_all(&modcache);
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        let home = self.root.join("home").display().to_string();
        for (k, v) in [
            ("HOME", home.as_str()),
            ("PATH", "/usr/bin:/bin"),
            ("GOENV", "off"),
            ("GOTOOLCHAIN", "local"),
            ("GOMODCACHE", &modcache.display().to_string()),
            ("GOPROXY", "off"),
            ("GOSUMDB", "off"),
            ("HTTPS_PROXY", "http://127.0.0.1:1"),
            ("HTTP_PROXY", "http://127.0.0.1:1"),
            ("GIT_TERMINAL_PROMPT", "0"),
            ("GOFLAGS", "-mod=mod"),
        ] {
            env.insert(k.into(), v.into());
        }
        for (k, v) in vars {
            env.insert((*k).into(), (*v).into());
        }
        let mut child = clean_command(&tc.go, &env)
            .args(args)
            .current_dir(self.root.join("work"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run go");
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() {
            assert!(
                std::time::Instant::now() < deadline,
                "go {args:?} {vars:?} timed out"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let out = child.wait_with_output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn release(tc: &Toolchain) -> &str {
    &tc.version
}

#[test]
fn goproxy_values_match_go() {
    let mut values = vec![
        "https://proxy.example",
        "http://proxy.example",
        "proxy.example/sub",
        "127.0.0.1:1",
        "ok",
        ",",
        " , | ",
        "ftp://x",
        "FTP://x",
        "file://host/x",
        "file:relative",
        "file:/abs",
        "https://a b",
        "https://x:abc",
        "https://[::1",
        "http://a:b@proxy.example",
        "off",
        "direct,ftp://x",
        "ftp://x,direct",
        "%zz",
        "https://%zz",
        "https://x/%zz",
        "c:/foo",
        "/abs/path",
        "https://x#f%zz",
        "mailto:x",
        "https://x:1:2",
        "http://[127.0.0.1]:1",
        "https://x?q",
        "https://x/a b",
        "https://x/\u{e9}",
        "https://\u{1}x",
        "https://x|off",
        "https://ex^ample",
        "https://user@proxy.example",
        ":x",
        "file:///a?b",
    ];
    let sandbox = Sandbox::new("1.21");
    let file_proxy = sandbox.proxy_url();
    values.push(&file_proxy);
    let mut compared = 0;
    for tc in toolchains() {
        for value in &values {
            let (_, stderr) =
                sandbox.go(&tc, &[("GOPROXY", value)], &["list", "-m", "-json", MODULE]);
            match goproxy::parse_proxy_list(value, "", release(&tc)) {
                Err(e) => {
                    let want = format!("go: {MODULE}: {e}");
                    assert!(
                        stderr.contains(&want),
                        "go{} GOPROXY={value:?}: want {want:?}, go said {stderr:?}",
                        tc.version
                    );
                }
                Ok(list) => {
                    for marker in ["invalid proxy URL", "GOPROXY list is not", "parse \""] {
                        assert!(
                            !stderr.contains(marker),
                            "go{} rejects GOPROXY={value:?} ({stderr:?}); gomedic accepts {list:?}",
                            tc.version
                        );
                    }
                }
            }
            compared += 1;
        }
    }
    assert_eq!(compared, values.len() * 3);
}

fn verifier_key(name: &str, key: &[u8]) -> String {
    let hash = gosumdb::key_hash(name, key);
    format!(
        "{name}+{hash:08x}+{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

#[test]
fn gosumdb_values_match_go() {
    let peter = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    let mut ed = vec![1u8];
    ed.extend([7u8; 32]);
    let values: Vec<String> = vec![
        "off".into(),
        "bogus".into(),
        " ".into(),
        "a b c".into(),
        "sum.golang.org http://127.0.0.1:1".into(),
        "sum.golang.org".into(),
        "sum.golang.google.cn".into(),
        "sum.golang.org+https://sum.internal.corp".into(),
        format!("{peter} http://127.0.0.1:1"),
        format!("{peter}   http://127.0.0.1:1/x?y#z"),
        peter.replace("c74f20a3", "c74f20a4"),
        peter.replace("c74f20a3", "C74F20A3") + " http://127.0.0.1:1",
        peter.replace("ARpc", "BRpc"),
        format!("{peter} %zz"),
        format!("{peter} :x"),
        "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 http://127.0.0.1:1"
            .into(),
        verifier_key("x.test", &[2u8; 33]),
        verifier_key("x.test", &[1u8; 20]),
        verifier_key("x.test/", &ed),
        verifier_key("x.test/a!b", &ed),
        verifier_key("u@x.test", &ed),
        verifier_key("x.test?q", &ed),
        format!("{} http://127.0.0.1:1", verifier_key("x.test/sub", &ed)),
        verifier_key("x.test:99999x", &ed),
    ];
    let sandbox = Sandbox::new("1.21");
    let proxy = sandbox.proxy_url();
    for tc in toolchains() {
        for value in &values {
            let (stdout, stderr) = sandbox.go(
                &tc,
                &[("GOPROXY", &proxy), ("GOSUMDB", value)],
                &["mod", "download", "-json", MODULE],
            );
            let context = format!(
                "go{} GOSUMDB={value:?}: stdout {stdout:?} stderr {stderr:?}",
                tc.version
            );
            match gosumdb::parse_gosumdb(value, release(&tc)) {
                Err(SumdbError::CrashOnName { .. }) => {
                    assert!(stderr.contains("nil pointer dereference"), "{context}");
                }
                Err(e) => {
                    let want =
                        serde_json::to_string(&format!("{MODULE}: verifying go.mod: {e}")).unwrap();
                    assert!(stdout.contains(&want), "want {want} — {context}");
                }
                Ok(SumdbConfig::Off) => {
                    assert!(
                        stdout.contains("v1.0.0.zip") && !stdout.contains("verifying"),
                        "{context}"
                    );
                }
                Ok(SumdbConfig::Database { .. }) => {
                    assert!(stdout.contains("verifying go.mod"), "{context}");
                    for marker in [
                        "invalid GOSUMDB",
                        "missing GOSUMDB",
                        "invalid sumdb name",
                        "panic",
                    ] {
                        assert!(
                            !stdout.contains(marker) && !stderr.contains(marker),
                            "{context}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn goflags_values_match_go() {
    let values = [
        "-x",
        "--x",
        "-x=1",
        "x",
        "-",
        "--",
        "---x",
        "-=x",
        "--=x",
        "-bogus",
        "--bogus=1",
        "'-tags=a b'",
        "\"-v",
        "'-v",
        "-tool",
        "-json",
        "-fixtool=x",
        "-test.run=x",
        "-test.bogus",
        "-printf",
        " ",
        "-mod=mod -modcacherw",
        "-mod=mod x",
        "-godebug=x=1",
        "-C=dir",
        "-C",
        "--C=x",
        "-x -C=.",
        "'-v'-x",
        "-e\t-v",
        "-\u{e9}",
    ];
    let sandbox = Sandbox::new("1.21");
    for tc in toolchains() {
        for value in values {
            let (stdout, stderr) = sandbox.go(&tc, &[("GOFLAGS", value)], &["version"]);
            match goflags::parse_goflags(value, release(&tc)) {
                Err(e) => assert_eq!(
                    stderr.lines().next().unwrap_or(""),
                    e.to_string(),
                    "go{} GOFLAGS={value:?}",
                    tc.version
                ),
                Ok(_) => assert!(
                    !stderr.contains("$GOFLAGS") && stdout.starts_with("go version"),
                    "go{} GOFLAGS={value:?}: {stderr:?}",
                    tc.version
                ),
            }
        }
    }
}

#[test]
fn gotoolchain_values_match_go() {
    let settings = [
        "local",
        "auto",
        "path",
        "go1.99.0",
        "go1.99.0+auto",
        "go1.99.0+path",
        "local+auto",
        "local+path",
        "bogus",
        "go1.99.0+foo",
        "x+auto",
        "go2.0",
        "auto+path",
        "go1.2.3/x",
        "go1.99.0-custom+path",
    ];
    for tc in toolchains() {
        for go_line in [tc.version.as_str(), "1.99.0", "1.20"] {
            let sandbox = Sandbox::new(go_line);
            for setting in settings {
                let (stdout, stderr) = sandbox.go(
                    &tc,
                    &[("GOTOOLCHAIN", setting), ("GOFLAGS", "")],
                    &["list", "-m"],
                );
                let inputs = SelectInputs {
                    gotoolchain: setting,
                    local_version: &tc.version,
                    go_line: Some(go_line),
                    toolchain_line: None,
                    file: "go.mod",
                    module_mode: true,
                };
                let context = format!(
                    "go{} GOTOOLCHAIN={setting} go {go_line}: {stdout:?} {stderr:?}",
                    tc.version
                );
                match gotoolchain::select(&inputs) {
                    Selection::Fail(msg) => assert_eq!(stderr.trim_end(), msg, "{context}"),
                    Selection::RunLocal {
                        too_new: Some(msg), ..
                    } => assert_eq!(stderr.trim_end(), msg, "{context}"),
                    Selection::RunLocal { too_new: None, .. } => {
                        assert_eq!(stdout.trim_end(), "example.com/w", "{context}")
                    }
                    Selection::Switch {
                        toolchain,
                        downloads,
                        ..
                    } => {
                        if downloads {
                            assert!(
                                stderr.contains(&format!("downloading {toolchain}"))
                                    || stderr.contains(&toolchain),
                                "{context}"
                            );
                        } else {
                            assert_eq!(
                                stderr.trim_end(),
                                format!("go: cannot find \"{toolchain}\" in PATH"),
                                "{context}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn gotoolchain_ignored_in_gopath_mode() {
    let inputs = SelectInputs {
        gotoolchain: "go1.99.0",
        local_version: "1.22.10",
        go_line: Some("1.99.0"),
        toolchain_line: None,
        file: "go.mod",
        module_mode: false,
    };
    assert!(matches!(
        gotoolchain::select(&inputs),
        Selection::RunLocal { too_new: None, .. }
    ));
    let sandbox = Sandbox::new("1.21");
    let tc = gomedic_testkit::toolchain("1.22.10");
    let (stdout, _) = sandbox.go(
        &tc,
        &[
            ("GOTOOLCHAIN", "go1.99.0"),
            ("GO111MODULE", "off"),
            ("GOFLAGS", ""),
        ],
        &["version"],
    );
    assert!(stdout.starts_with("go version go1.22.10"), "{stdout}");
    let _ = Path::new("");
}
