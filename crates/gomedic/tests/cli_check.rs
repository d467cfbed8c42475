//! `gomedic check --snapshot`, `which --snapshot` and `snapshot -o` on fixtures:
//! the report's JSON shape, the text layout and the exit codes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn gomedic() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gomedic"));
    cmd.env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE");
    cmd.stdin(Stdio::null());
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli_fixtures")
        .join(name)
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("run gomedic");
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn report(snapshot: &Path) -> (i32, Value) {
    let (code, out, err) = run(gomedic()
        .args(["check", "--format", "json", "--snapshot"])
        .arg(snapshot));
    assert!(err.is_empty(), "{err}");
    (
        code,
        serde_json::from_str(&out).expect("check --format json prints JSON"),
    )
}

fn ids(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect()
}

/// Every documented field is there with its type, and the summary and order hold.
fn assert_report_shape(report: &Value, subject: &str) {
    assert_eq!(report["schema"], "gomedic.report/v1");
    assert_eq!(report["gomedic_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["subject"], subject);
    let findings = report["findings"].as_array().unwrap();
    let rank = |s: &str| match s {
        "error" => 0,
        "warning" => 1,
        "info" => 2,
        other => panic!("unknown severity {other}"),
    };
    let mut counts = [0u64; 3];
    for f in findings {
        counts[rank(f["severity"].as_str().unwrap())] += 1;
        assert!(f["id"].as_str().unwrap().contains('/'));
        assert!(!f["title"].as_str().unwrap().is_empty());
        assert!(f["explanation"].is_string());
        for e in f["evidence"].as_array().unwrap() {
            for key in ["label", "value", "source"] {
                assert!(e[key].is_string(), "evidence.{key}: {e}");
            }
        }
        let fixes = f["fixes"].as_array().unwrap();
        assert!(!fixes.is_empty(), "every finding has a fix: {f}");
        for fix in fixes {
            assert!(fix["description"].is_string());
            assert!(
                fix.get("commands").is_none_or(|c| c
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(Value::is_string))
            );
        }
    }
    let summary = &report["summary"];
    assert_eq!(
        [&summary["errors"], &summary["warnings"], &summary["infos"]],
        counts.map(Value::from).each_ref()
    );
    let order: Vec<(usize, &str)> = findings
        .iter()
        .map(|f| {
            (
                rank(f["severity"].as_str().unwrap()),
                f["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "errors first, then by id: {order:?}"
    );
}

#[test]
fn linux_without_go_is_an_error() {
    let snap = fixture("linux-no-go.json");
    let (code, report) = report(&snap);
    assert_report_shape(&report, &snap.display().to_string());
    assert!(ids(&report).contains(&"toolchain/go-not-found"), "{report}");
    assert_eq!(code, 1, "an error finding exits 1");
}

#[test]
fn windows_with_two_go_is_shadowed() {
    let snap = fixture("windows-two-go.json");
    let (code, report) = report(&snap);
    assert_report_shape(&report, &snap.display().to_string());
    assert!(ids(&report).contains(&"toolchain/go-shadowed"), "{report}");
    let expected = if report["summary"]["errors"].as_u64().unwrap() > 0 {
        1
    } else {
        0
    };
    assert_eq!(code, expected);
}

#[test]
fn text_report_layout() {
    let snap = fixture("linux-no-go.json");
    let (code, out, err) = run(gomedic().args(["check", "--snapshot"]).arg(&snap));
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("gomedic check: {}", snap.display()));
    assert_eq!(lines[1], "");
    assert_eq!(lines[2], "toolchain");
    assert_eq!(lines[3], "  ✖ error   toolchain/go-not-found");
    assert!(
        lines[4].starts_with("      ") && lines[4].contains("not on PATH"),
        "{out}"
    );
    assert!(out.contains("\n      fix: "), "{out}");
    assert!(!out.contains("evidence:"), "evidence only with -v: {out}");
    assert!(
        out.contains("\n1 error, 0 warnings, 0 infos in 1 area (toolchain)\n"),
        "{out}"
    );
    assert!(
        out.ends_with("`gomedic explain ID` for the details of one finding.\n"),
        "{out}"
    );

    let (code, verbose, _) = run(gomedic().args(["check", "-v", "--snapshot"]).arg(&snap));
    assert_eq!(code, 1);
    assert!(
        verbose.contains(
            "\n      evidence:\n        PATH  /usr/local/bin:/usr/bin:/bin  (process environment)\n"
        ),
        "{verbose}"
    );
    assert!(verbose.contains("\n      why:\n        "), "{verbose}");
    assert!(verbose.ends_with("in 1 area (toolchain)\n"), "{verbose}");
}

#[test]
fn which_reads_a_snapshot() {
    let snap = fixture("windows-two-go.json");
    let (code, out, err) = run(gomedic()
        .args(["which", "--format", "json", "--snapshot"])
        .arg(&snap));
    assert_eq!(code, 0, "{err}");
    let view: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(view["schema"], "gomedic.which/v1");
    assert_eq!(view["active"], 0);
    let on_path = view["on_path"].as_array().unwrap();
    assert_eq!(on_path.len(), 2);
    assert_eq!(on_path[0]["path"], "C:\\Program Files\\Go\\bin\\go.exe");
    assert_eq!(on_path[0]["role"], "runs");
    assert_eq!(on_path[0]["version"], "go1.21.13");
    assert_eq!(on_path[0]["platform"], "windows/amd64");
    assert_eq!(on_path[1]["role"], "shadowed");
    assert_eq!(on_path[1]["path_entry"], 2);
    assert!(
        view["reason"]
            .as_str()
            .unwrap()
            .contains("first go on PATH (PATH entry #1, C:\\Program Files\\Go\\bin)")
    );

    let (_, text, _) = run(gomedic().args(["which", "--snapshot"]).arg(&snap));
    assert!(
        text.contains("→ #1 C:\\Program Files\\Go\\bin\\go.exe  go1.21.13  windows/amd64  [runs]"),
        "{text}"
    );
    assert!(
        text.contains("  #2 C:\\Users\\ana\\scoop\\apps\\go\\current\\bin\\go.exe  go1.27.3"),
        "{text}"
    );
}

#[test]
fn snapshot_file_round_trips_into_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("machine.json");
    let (code, out, err) = run(gomedic()
        .args(["snapshot", "--offline", "-o"])
        .arg(&file)
        .current_dir(dir.path()));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "with -o nothing goes to stdout: {out}");
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries,
        ["machine.json"],
        "the named file is the only write"
    );
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written["schema"], "gomedic.snapshot/v1");

    let (code, report) = report(&file);
    assert_report_shape(&report, &file.display().to_string());
    assert_eq!(
        code,
        i32::from(report["summary"]["errors"].as_u64().unwrap() > 0)
    );

    let (code, stdout_snapshot, _) = run(gomedic()
        .args(["snapshot", "--offline"])
        .current_dir(dir.path()));
    assert_eq!(code, 0);
    let printed: Value = serde_json::from_str(&stdout_snapshot).unwrap();
    assert_eq!(printed["schema"], "gomedic.snapshot/v1");
}
