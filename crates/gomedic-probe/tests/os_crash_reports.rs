//! Crash reports of programs killed for an invalid code signature, in the
//! real .ips and .crash formats, read from a directory as on macOS.

use gomedic_probe::os::crash_reports::{parse_report, scan_dir};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostic-reports")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

#[test]
fn ips_report_of_a_signature_kill() {
    let kill = parse_report(&read("modd-2026-11-20-101112.ips")).expect("a kill");
    assert_eq!(kill.program, "/Users/ana/go/bin/modd");
    assert_eq!(
        kill.exception,
        "EXC_BAD_ACCESS (SIGKILL (Code Signature Invalid))"
    );
    assert_eq!(kill.time.as_deref(), Some("2026-11-20 10:11:12.00 +0100"));
}

#[test]
fn truncated_ips_report_still_names_the_program() {
    let text = read("modd-2026-11-20-101112.ips");
    let cut = &text[..text.find("\"termination\"").unwrap()];
    let kill = parse_report(cut).expect("a kill");
    assert_eq!(kill.program, "/Users/ana/go/bin/modd");
    assert_eq!(kill.exception, "SIGKILL (Code Signature Invalid)");
}

#[test]
fn crash_report_of_a_signature_kill() {
    let kill = parse_report(&read("air_2023-05-02-093015_ana-mbp.crash")).expect("a kill");
    assert_eq!(kill.program, "/Users/ana/go/bin/air");
    assert_eq!(
        kill.exception,
        "EXC_BAD_ACCESS (SIGKILL (Code Signature Invalid))"
    );
    assert_eq!(kill.time.as_deref(), Some("2023-05-02 09:30:15.218 +0200"));
}

#[test]
fn other_crashes_do_not_count() {
    assert_eq!(parse_report(&read("gopls-2026-11-21-081500.ips")), None);
    assert_eq!(parse_report("garbage\n{"), None);
    assert_eq!(parse_report("Code Signature Invalid"), None);
}

#[test]
fn scan_reads_recent_reports_only() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "modd-2026-11-20-101112.ips",
        "air_2023-05-02-093015_ana-mbp.crash",
        "gopls-2026-11-21-081500.ips",
        "README.md",
    ] {
        std::fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    }
    let now = SystemTime::now();
    let (kills, fact) = scan_dir(dir.path(), now);
    let mut programs: Vec<&str> = kills.iter().map(|k| k.program.as_str()).collect();
    programs.sort();
    assert_eq!(
        programs,
        ["/Users/ana/go/bin/air", "/Users/ana/go/bin/modd"]
    );
    assert!(
        kills
            .iter()
            .all(|k| k.report.starts_with(&*dir.path().to_string_lossy()))
    );
    assert_eq!(fact.value.as_deref(), Some("3 recent crash reports read"));
    // Seen from 60 days later, none is recent.
    let (kills, fact) = scan_dir(dir.path(), now + Duration::from_secs(60 * 24 * 3600));
    assert!(kills.is_empty());
    assert_eq!(fact.value.as_deref(), Some("0 recent crash reports read"));
    // A missing directory is no error; an unreadable path is said.
    let (_, fact) = scan_dir(&dir.path().join("missing"), now);
    assert_eq!((fact.value, fact.error), (None, None));
    let (_, fact) = scan_dir(&dir.path().join("README.md"), now);
    assert!(fact.error.unwrap().starts_with("could not read: "));
}
