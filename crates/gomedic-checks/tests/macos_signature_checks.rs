//! os/macos-signature on snapshots of a Mac: the facts the probe reads from
//! the crash reports in crates/gomedic-probe/tests/fixtures/diagnostic-reports.

mod support;

use gomedic_model::os_facts::{CodeSignatureKill, MacosOsFacts};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

const REPORTS: &str = "/Users/ana/Library/Logs/DiagnosticReports";

fn kill(program: &str, report: &str, time: &str) -> CodeSignatureKill {
    CodeSignatureKill {
        report: format!("{REPORTS}/{report}"),
        program: program.into(),
        exception: "EXC_BAD_ACCESS (SIGKILL (Code Signature Invalid))".into(),
        time: Some(time.into()),
    }
}

fn mac_with(kills: Vec<CodeSignatureKill>) -> Snapshot {
    let mut snap = macos();
    snap.os.macos = Some(MacosOsFacts {
        signature_kills: kills,
        ..MacosOsFacts::default()
    });
    snap
}

fn signature(snap: &Snapshot) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "os/macos-signature")
        .collect()
}

#[test]
fn gobin_tool_killed_for_its_signature() {
    let snap = mac_with(vec![
        kill(
            "/Users/ana/go/bin/modd",
            "modd-2026-11-20-101112.ips",
            "2026-11-20 10:11:12.00 +0100",
        ),
        kill(
            "/Users/ana/go/bin/modd",
            "modd-2026-11-21-090000.ips",
            "2026-11-21 09:00:00.00 +0100",
        ),
    ]);
    let found = signature(&snap);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.title.contains("`/Users/ana/go/bin/modd`"), "{}", f.title);
    assert_eq!(f.evidence.len(), 2);
    assert_eq!(f.evidence[0].label, "crash report (GOPATH/bin)");
    assert_eq!(
        f.evidence[0].value,
        "/Users/ana/go/bin/modd: EXC_BAD_ACCESS (SIGKILL (Code Signature Invalid)) at 2026-11-20 10:11:12.00 +0100"
    );
    assert_eq!(
        f.evidence[0].source,
        format!("{REPORTS}/modd-2026-11-20-101112.ips")
    );
    let commands: Vec<&str> = f
        .fixes
        .iter()
        .flat_map(|x| x.commands.iter().map(String::as_str))
        .collect();
    // One program, one command each, despite two reports.
    assert_eq!(
        commands,
        [
            "codesign -v /Users/ana/go/bin/modd",
            "rm /Users/ana/go/bin/modd"
        ]
    );
    let text = f
        .fixes
        .iter()
        .map(|x| x.description.as_str())
        .collect::<String>();
    assert!(text.contains("Do not turn off System Integrity Protection"));
}

#[test]
fn project_build_and_goroot_count_other_programs_do_not() {
    let snap = mac_with(vec![
        kill(
            "/Users/ana/src/app/app",
            "app.ips",
            "2026-11-20 10:00:00.00 +0100",
        ),
        kill(
            "/Applications/Some.app/Contents/MacOS/Some",
            "Some.ips",
            "2026-11-20 10:00:00.00 +0100",
        ),
    ]);
    let f = &signature(&snap)[0];
    assert_eq!(f.evidence.len(), 1);
    assert_eq!(f.evidence[0].label, "crash report (the project)");
    // Only programs outside the Go directories: nothing.
    let snap = mac_with(vec![kill(
        "/Applications/Some.app/Contents/MacOS/Some",
        "Some.ips",
        "2026-11-20 10:00:00.00 +0100",
    )]);
    assert!(signature(&snap).is_empty());
    // An explicit GOBIN counts too, and paths with spaces are quoted.
    let mut snap = mac_with(vec![kill(
        "/Users/ana/my tools/air",
        "air.crash",
        "2023-05-02 09:30:15.218 +0200",
    )]);
    export(&mut snap, "GOBIN", "/Users/ana/my tools");
    let f = &signature(&snap)[0];
    assert_eq!(f.evidence[0].label, "crash report (GOBIN)");
    assert!(
        f.fixes[0]
            .commands
            .contains(&"codesign -v '/Users/ana/my tools/air'".to_string()),
        "{:?}",
        f.fixes[0].commands
    );
}

#[test]
fn no_reports_no_finding() {
    assert!(signature(&mac_with(Vec::new())).is_empty());
    assert!(signature(&macos()).is_empty());
}
