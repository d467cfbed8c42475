//! The gomedic binary's contract with its caller: exit codes, usage errors,
//! bad snapshot files, colours, and a closed pipe.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn gomedic() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gomedic"));
    // A known, colour-neutral environment: no terminal (stdout is piped).
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli_fixtures")
        .join(name)
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.stdin(Stdio::null()).output().expect("run gomedic");
    (
        status.code().expect("gomedic was killed by a signal"),
        String::from_utf8(stdout).expect("stdout is UTF-8"),
        String::from_utf8(stderr).expect("stderr is UTF-8"),
    )
}

#[test]
fn help_and_version_succeed() {
    let (code, out, _) = run(gomedic().arg("--help"));
    assert_eq!(code, 0);
    for sub in ["check", "which", "snapshot", "explain", "tools", "env"] {
        assert!(out.contains(sub), "--help lists {sub}: {out}");
    }
    let (code, out, _) = run(gomedic().arg("--version"));
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("gomedic {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &[],
        &["no-such-command"],
        &["check", "--format", "xml"],
        &["check", "--color", "sometimes"],
        &["check", "--no-such-flag"],
        &["check", "--snapshot", "a.json", "--project", "."],
        &["explain"],
        &["explain", "a", "--list"],
    ];
    for args in cases {
        let (code, out, err) = run(gomedic().args(*args));
        assert_eq!(code, 2, "gomedic {args:?} exits 2; stderr: {err}");
        assert!(
            out.is_empty(),
            "gomedic {args:?} prints nothing on stdout: {out}"
        );
        assert!(
            err.contains("Usage:") || err.contains("try '--help'"),
            "gomedic {args:?} shows usage: {err}"
        );
    }
}

fn snapshot_error(contents: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("snap.json");
    std::fs::write(&file, contents).unwrap();
    for sub in ["check", "which"] {
        let (code, out, err) = run(gomedic().args([sub, "--snapshot"]).arg(&file));
        assert_eq!(code, 2, "{sub} on a bad snapshot exits 2; stderr: {err}");
        assert!(
            out.is_empty(),
            "{sub} prints no report for a bad snapshot: {out}"
        );
        assert!(err.starts_with("gomedic: error: "), "{err}");
        assert!(
            err.contains("snap.json"),
            "the message names the file: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let (_, _, err) = run(gomedic().args(["check", "--snapshot"]).arg(&file));
    err
}

#[test]
fn invalid_snapshot_files_exit_2_with_a_reason() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert!(snapshot_error(&junk).contains("not text"));
    assert!(snapshot_error(b"\x7fELF\x02\x01\x01\x00").contains("not valid JSON"));
    assert!(snapshot_error(b"").contains("ends early"));
    let whole = std::fs::read(fixture("linux-no-go.json")).unwrap();
    assert!(snapshot_error(&whole[..whole.len() / 2]).contains("ends early"));
    let report = br#"{"schema": "gomedic.report/v1", "findings": []}"#;
    let err = snapshot_error(report);
    assert!(
        err.contains("\"gomedic.report/v1\"") && err.contains("gomedic.snapshot/v1"),
        "{err}"
    );
    assert!(snapshot_error(b"{\"env\": {}}").contains("no \"schema\""));
    assert!(snapshot_error(b"[\"gomedic.snapshot/v1\"]").contains("not a JSON object"));
    let wrong_shape = br#"{"schema": "gomedic.snapshot/v1", "host": "linux"}"#;
    assert!(snapshot_error(wrong_shape).contains("does not match"));
    let deep = format!(
        "{{\"schema\": \"gomedic.snapshot/v1\", \"env\": {}{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert!(snapshot_error(deep.as_bytes()).contains("not valid JSON"));
}

#[test]
fn missing_or_unreadable_snapshot_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(gomedic()
        .args(["check", "--snapshot"])
        .arg(dir.path().join("absent.json")));
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read snapshot") && err.contains("absent.json"),
        "{err}"
    );
    let (code, _, err) = run(gomedic().args(["check", "--snapshot"]).arg(dir.path()));
    assert_eq!(code, 2);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn project_must_be_a_directory() {
    let (code, _, err) = run(gomedic().args(["check", "--project", "/no/such/dir/anywhere"]));
    assert_eq!(code, 2);
    assert!(err.contains("not a directory"), "{err}");
}

#[test]
fn colours_follow_color_flag_no_color_and_pipes() {
    let snap = fixture("linux-no-go.json");
    let has_ansi = |cmd: &mut Command| {
        run(cmd.args(["check", "--snapshot"]).arg(&snap))
            .1
            .contains('\u{1b}')
    };
    assert!(!has_ansi(&mut gomedic()), "no colours when piped");
    assert!(has_ansi(gomedic().args(["--color", "always"])));
    assert!(!has_ansi(
        gomedic()
            .args(["--color", "never"])
            .env("CLICOLOR_FORCE", "1")
    ));
    assert!(has_ansi(gomedic().env("CLICOLOR_FORCE", "1")));
    assert!(!has_ansi(
        gomedic().env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1")
    ));
}

#[test]
fn marks_fall_back_to_ascii() {
    let snap = fixture("linux-no-go.json");
    let (code, out, _) = run(gomedic().args(["check", "--snapshot"]).arg(&snap));
    assert_eq!(code, 1);
    assert!(
        out.contains("\n  ✖ error   toolchain/go-not-found\n"),
        "{out}"
    );
    let (_, out, _) = run(gomedic()
        .args(["--ascii", "check", "--snapshot"])
        .arg(&snap));
    assert!(
        out.contains("\n  [x] error   toolchain/go-not-found\n"),
        "{out}"
    );
    assert!(out.is_ascii() || !out.contains('✖'), "{out}");
    let (_, out, _) = run(gomedic()
        .env("LANG", "C")
        .args(["check", "--snapshot"])
        .arg(&snap));
    assert!(
        out.contains("[x] error"),
        "the C locale gets ASCII marks: {out}"
    );
}

#[test]
fn explain_known_unknown_and_list() {
    let (code, out, _) = run(gomedic().args(["explain", "--list"]));
    assert_eq!(code, 0);
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.contains(&"toolchain/go-shadowed"), "{out}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted: {ids:?}");
    assert!(ids.iter().all(|id| id.contains('/')), "{ids:?}");

    let (code, out, _) = run(gomedic().args(["explain", "toolchain/go-shadowed"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("toolchain/go-shadowed\n"), "{out}");
    assert!(out.lines().count() > 5, "a long explanation: {out}");

    let (code, out, err) = run(gomedic().args(["explain", "toolchain/go-shadow"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("unknown finding id `toolchain/go-shadow`"),
        "{err}"
    );
    assert!(
        err.contains("Did you mean:\n  toolchain/go-shadowed"),
        "{err}"
    );

    let (code, _, err) = run(gomedic().args(["explain", "qqqqqqqqqqqqqqqqqqqq"]));
    assert_eq!(code, 2);
    assert!(err.contains("gomedic explain --list"), "{err}");
}

#[test]
fn closed_pipe_exits_0_quietly() {
    // A snapshot with thousands of `go` entries makes `which` print far more
    // than a pipe holds, so it must meet the closed pipe.
    let mut snapshot: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("windows-two-go.json")).unwrap()).unwrap();
    let first = snapshot["go_binaries"][0].clone();
    let many: Vec<serde_json::Value> = (0..4000)
        .map(|i| {
            let mut go = first.clone();
            go["path"] = format!("C:\\go{i}\\bin\\go.exe").into();
            go["path_index"] = 0.into();
            go
        })
        .collect();
    snapshot["go_binaries"] = many.into();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec(&snapshot).unwrap()).unwrap();

    let mut child = gomedic()
        .args(["which", "--snapshot"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first_bytes = [0u8; 16];
    stdout.read_exact(&mut first_bytes).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "quiet: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
