//! `gomedic check --debugger`: the ptrace checks run even without `dlv`.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

/// The linux-no-go fixture with Yama ptrace_scope 3 and no Delve.
fn snapshot_with_ptrace_scope_3(dir: &Path) -> std::path::PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli_fixtures/linux-no-go.json");
    let mut snap: Value = serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    snap["os"] = serde_json::json!({
        "linux": {
            "ptrace_scope": {"source": "/proc/sys/kernel/yama/ptrace_scope", "value": "3"},
            "cap_eff": {"source": "/proc/self/status", "value": "0000000000000000"}
        }
    });
    let path = dir.join("snapshot.json");
    std::fs::write(&path, serde_json::to_vec(&snap).unwrap()).unwrap();
    path
}

fn ptrace_findings(snapshot: &Path, extra: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_gomedic"))
        .args(["check", "--format", "json", "--snapshot"])
        .arg(snapshot)
        .args(extra)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run gomedic");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "os/ptrace-restricted")
        .cloned()
        .collect()
}

#[test]
fn debugger_flag_forces_the_ptrace_check_without_dlv() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = snapshot_with_ptrace_scope_3(dir.path());
    assert!(
        ptrace_findings(&snapshot, &[]).is_empty(),
        "silent without dlv"
    );
    let found = ptrace_findings(&snapshot, &["--debugger"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert!(
        found[0]["title"]
            .as_str()
            .unwrap()
            .contains("ptrace_scope is 3"),
        "{}",
        found[0]["title"]
    );
}
