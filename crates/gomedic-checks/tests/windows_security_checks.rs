//! os/windows-defender on Windows snapshots with Defender's recent detections
//! and Security Center's antivirus products (shapes as in
//! testdata/vectors/windows-security, paths of the support snapshot's user Ana).

mod support;

use gomedic_model::os_facts::{SourcedValue, WindowsOsFacts};
use gomedic_model::windows_security::{AntivirusProduct, DefenderDetection, WindowsSecurityFacts};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

const SOURCE: &str = r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoProfile -NonInteractive -Command Get-MpThreatDetection; Get-MpThreat; Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct";

fn of(snap: &Snapshot, id: &str) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == id)
        .collect()
}

fn text(f: &Finding) -> String {
    f.fixes
        .iter()
        .flat_map(|x| x.commands.iter().chain(std::iter::once(&x.description)))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

fn detection(file: &str, name: &str, time: &str) -> DefenderDetection {
    DefenderDetection {
        threat_id: "2147735503".into(),
        threat_name: Some(name.into()),
        files: vec![file.into()],
        time: Some(time.into()),
        epoch_secs: Some(1_795_166_043),
        status: Some("quarantined".into()),
        action_success: Some(true),
        process: Some(r"C:\Program Files\Go\pkg\tool\windows_amd64\link.exe".into()),
    }
}

fn product(name: &str, state: u32, exe: &str) -> AntivirusProduct {
    AntivirusProduct {
        name: name.into(),
        state: Some(state),
        enabled: Some((state >> 8) & 0x10 != 0),
        exe: Some(exe.into()),
    }
}

fn defender_on() -> AntivirusProduct {
    product("Windows Defender", 397_568, "windowsdefender://")
}

/// Defender on, GOROOT, GOCACHE and GOPATH excluded (only TEMP and the project scanned).
fn snapshot(security: WindowsSecurityFacts) -> Snapshot {
    let mut snap = windows();
    snap.os.windows = Some(WindowsOsFacts {
        defender_present: true,
        realtime_disabled: SourcedValue {
            source: r"HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection\DisableRealtimeMonitoring".into(),
            ..Default::default()
        },
        exclusion_paths: Some(vec![
            r"C:\Program Files\Go".into(),
            r"%LOCALAPPDATA%\go-build".into(),
            r"C:\Users\Ana\go\pkg".into(),
        ]),
        exclusions_source: r"HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths".into(),
        security: Some(WindowsSecurityFacts {
            source: SOURCE.into(),
            ..security
        }),
        ..Default::default()
    });
    snap
}

fn detections_finding(snap: &Snapshot) -> Option<Finding> {
    of(snap, "os/windows-defender")
        .into_iter()
        .find(|f| f.title.starts_with("Defender flagged"))
}

fn assert_never_switches_off(f: &Finding) {
    let t = text(f).to_lowercase();
    assert!(!t.contains("-disablerealtimemonitoring $true"), "{t}");
    assert!(!t.contains("set-mppreference -disable"), "{t}");
}

#[test]
fn test_binary_in_a_go_build_work_dir() {
    let temp_test = r"C:\Users\Ana\AppData\Local\Temp\go-build2817346572\b001\exe\app.test.exe";
    let snap = snapshot(WindowsSecurityFacts {
        detections: vec![
            detection(
                temp_test,
                "Trojan:Win32/Wacatac.B!ml",
                "2026-11-20T09:14:03Z",
            ),
            detection(
                r"C:\Users\Ana\Downloads\setup-toolbar.exe",
                "PUA:Win32/Presenoker",
                "2026-11-10T11:02:55Z",
            ),
        ],
        antivirus: vec![defender_on()],
        ..Default::default()
    });
    let f = detections_finding(&snap).expect("a detections finding");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.title.contains("1 of Go's own program as malware"),
        "{}",
        f.title
    );
    assert!(
        f.title
            .contains("`app.test.exe` (Trojan:Win32/Wacatac.B!ml)"),
        "{}",
        f.title
    );
    assert_eq!(
        f.evidence.len(),
        1,
        "the download is not Go's: {:?}",
        f.evidence
    );
    let e = &f.evidence[0];
    assert!(
        e.label
            .contains(r"go-build work directory under C:\Users\Ana\AppData\Local\Temp"),
        "{}",
        e.label
    );
    assert!(e.value.starts_with(temp_test), "{}", e.value);
    assert!(
        e.value
            .contains("Trojan:Win32/Wacatac.B!ml, quarantined at 2026-11-20T09:14:03Z"),
        "{}",
        e.value
    );
    assert_eq!(e.source, SOURCE);
    let t = text(&f);
    // Not all of TEMP: a GOTMPDIR of its own, then that is excluded.
    assert!(
        t.contains(r"go env -w GOTMPDIR=C:\Users\Ana\go\tmp")
            || t.contains(r"GOTMPDIR=C:\Users\Ana\go\tmp"),
        "{t}"
    );
    assert!(
        t.contains(r"Add-MpPreference -ExclusionPath 'C:\Users\Ana\go\tmp'"),
        "{t}"
    );
    assert!(!t.contains(r"'C:\Users\Ana\AppData\Local\Temp'"), "{t}");
    assert!(
        t.contains("https://www.microsoft.com/en-us/wdsi/filesubmission"),
        "{t}"
    );
    assert_never_switches_off(&f);
}

#[test]
fn installed_tool_and_project_build() {
    let snap = snapshot(WindowsSecurityFacts {
        detections: vec![
            detection(
                r"C:\Users\Ana\go\bin\mytool.exe",
                "Trojan:Win32/Bearfoos.A!ml",
                "2026-11-18T16:40:27Z",
            ),
            detection(
                r"C:\Users\Ana\src\app\app.exe",
                "Trojan:Win32/Sabsik.FL.B!ml",
                "2026-11-19T10:00:00Z",
            ),
        ],
        antivirus: vec![defender_on()],
        ..Default::default()
    });
    let f = detections_finding(&snap).unwrap();
    assert!(f.title.contains("2 of Go's own programs"), "{}", f.title);
    let labels: Vec<&str> = f.evidence.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Defender detection in GOPATH\\bin",
            "Defender detection in the project"
        ]
    );
    let t = text(&f);
    assert!(
        t.contains(r"Add-MpPreference -ExclusionPath 'C:\Users\Ana\go\bin','C:\Users\Ana\src\app'"),
        "{t}"
    );
    assert!(!t.contains("GOTMPDIR"), "{t}");
}

#[test]
fn detections_under_an_exclusion_or_elsewhere_are_not_reported() {
    let snap = snapshot(WindowsSecurityFacts {
        detections: vec![
            // GOCACHE is excluded (as %LOCALAPPDATA%\go-build) since the detection.
            detection(
                r"C:\Users\Ana\AppData\Local\go-build\3f\3fa1c0d2e4b5a697-d",
                "Trojan:Win32/Wacatac.B!ml",
                "2026-11-21T16:05:44Z",
            ),
            detection(
                r"C:\Users\Ana\Downloads\crack.exe",
                "HackTool:Win32/Keygen",
                "2026-11-21T16:05:44Z",
            ),
            // "go-build" without digits is not a work directory.
            detection(
                r"D:\go-build\x.exe",
                "Trojan:Win32/Wacatac.B!ml",
                "2026-11-21T16:05:44Z",
            ),
        ],
        antivirus: vec![defender_on()],
        ..Default::default()
    });
    assert!(
        detections_finding(&snap).is_none(),
        "{:?}",
        of(&snap, "os/windows-defender")
    );
}

#[test]
fn unreadable_detections_are_said_so() {
    let snap = snapshot(WindowsSecurityFacts {
        detections_error: Some("could not read: Access denied.".into()),
        antivirus: vec![defender_on()],
        ..Default::default()
    });
    let all = of(&snap, "os/windows-defender");
    assert_eq!(all.len(), 1, "{all:?}");
    let e = all[0]
        .evidence
        .iter()
        .find(|e| e.label == "recent Defender detections")
        .unwrap();
    assert_eq!(e.value, "could not read: Access denied.");
    assert_eq!(e.source, SOURCE);
}

#[test]
fn third_party_antivirus_replaces_defender() {
    let mut snap = snapshot(WindowsSecurityFacts {
        antivirus: vec![
            product("Windows Defender", 393_472, "windowsdefender://"),
            product(
                "Avast Antivirus",
                266_240,
                r"C:\Program Files\Avast Software\Avast\wsc_proxy.exe",
            ),
        ],
        ..Default::default()
    });
    // Even with Defender's switch set off by hand: Avast protects the machine.
    let win = snap.os.windows.as_mut().unwrap();
    win.realtime_disabled.value = Some("1".into());
    let all = of(&snap, "os/windows-defender");
    assert_eq!(all.len(), 1, "{all:?}");
    let f = &all[0];
    assert_eq!(f.severity, Severity::Info);
    assert!(
        f.title.starts_with(
            "`Avast Antivirus` scans in real time; Defender's exclusions do not apply"
        ),
        "{}",
        f.title
    );
    assert_eq!(
        f.evidence[0].value,
        r"Avast Antivirus: 0x041000: real-time protection on (C:\Program Files\Avast Software\Avast\wsc_proxy.exe)"
    );
    assert_eq!(
        f.evidence[1].value,
        "Windows Defender: 0x060100: real-time protection off"
    );
    assert!(text(f).contains("Avast Antivirus"), "{}", text(f));
    assert!(of(&snap, "os/protection-disabled").is_empty());
}

#[test]
fn third_party_antivirus_switched_off_changes_nothing() {
    let mut snap = snapshot(WindowsSecurityFacts {
        antivirus: vec![
            defender_on(),
            product(
                "Avast Antivirus",
                262_144,
                r"C:\Program Files\Avast Software\Avast\wsc_proxy.exe",
            ),
        ],
        ..Default::default()
    });
    let all = of(&snap, "os/windows-defender");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(
        all[0].title.starts_with("Defender scans Go's directories"),
        "{}",
        all[0].title
    );
    snap.os.windows.as_mut().unwrap().realtime_disabled.value = Some("1".into());
    assert_eq!(of(&snap, "os/protection-disabled").len(), 1);
}
