//! Microsoft Defender's recent detections and the antivirus products of
//! Windows Security Center, read with one bounded run of Windows PowerShell:
//! `Get-MpThreatDetection` (MSFT_MpThreatDetection), `Get-MpThreat`
//! (MSFT_MpThreat, for the threat names) and
//! `Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct`.
//!
//! Each of the three is wrapped on its own, so one that fails (no Defender
//! module, access denied without an elevated prompt, no Security Center on
//! Windows Server) becomes "could not read: why" without hiding the others.
//! The parsing is plain Rust and is tested on every platform; only running
//! PowerShell happens on Windows.

use gomedic_model::windows_security::{
    AntivirusProduct, DefenderDetection, RECENT_DAYS, WindowsSecurityFacts,
};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;

/// The most detections asked for (newest first).
const MAX_DETECTIONS: usize = 50;

/// The PowerShell script, one line without double quotes so that it passes
/// through `-Command` unchanged. The JSON is made pure ASCII (`\uXXXX`) so
/// that the console code page cannot garble non-ASCII paths.
pub const SCRIPT: &str = "$ErrorActionPreference='Stop'; $o=[ordered]@{}; \
try { $o.detections=@(Get-MpThreatDetection | Sort-Object InitialDetectionTime -Descending | Select-Object -First 50 ThreatID,Resources,InitialDetectionTime,ThreatStatusID,ActionSuccess,ProcessName) } catch { $o.detections_error=$_.Exception.Message }; \
try { $o.threats=@(Get-MpThreat | Select-Object -First 500 ThreatID,ThreatName) } catch { $o.threats_error=$_.Exception.Message }; \
try { $o.antivirus=@(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct -OperationTimeoutSec 5 | Select-Object displayName,productState,pathToSignedProductExe) } catch { $o.antivirus_error=$_.Exception.Message }; \
$j=ConvertTo-Json -InputObject $o -Depth 4 -Compress; \
[regex]::Replace($j,'[^\\x00-\\x7F]',{param($m) '\\u{0:x4}' -f [int][char]$m.Value})";

/// Windows PowerShell under the system root (never looked up on PATH, where
/// a `powershell.exe` in the current directory could come first).
pub fn powershell_path(system_root: &str) -> PathBuf {
    Path::new(system_root)
        .join("System32")
        .join("WindowsPowerShell")
        .join("v1.0")
        .join("powershell.exe")
}

/// Runs the script with `powershell` for at most `timeout` and parses what it printed.
pub fn read_security(powershell: &Path, timeout: Duration, now_secs: i64) -> WindowsSecurityFacts {
    let args = ["-NoProfile", "-NonInteractive", "-Command", SCRIPT];
    let run = crate::run::run_bounded(powershell, &args, &[], timeout);
    let source = format!(
        "{} -NoProfile -NonInteractive -Command Get-MpThreatDetection; Get-MpThreat; Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct",
        powershell.display()
    );
    let failed = |why: String| WindowsSecurityFacts {
        source: source.clone(),
        detections_error: Some(format!("could not read: {why}")),
        antivirus_error: Some(format!("could not read: {why}")),
        ..WindowsSecurityFacts::default()
    };
    if let Some(e) = &run.spawn_error {
        return failed(format!("could not start PowerShell: {e}"));
    }
    if run.timed_out {
        return failed(format!(
            "PowerShell did not answer within {} ms",
            timeout.as_millis()
        ));
    }
    match parse_output(&run.stdout, now_secs) {
        Ok(mut facts) => {
            facts.source = source;
            facts
        }
        Err(why) => failed(format!(
            "{why} (exit code {}; stderr: {})",
            run.exit_code.map_or("?".to_string(), |c| c.to_string()),
            run.stderr.trim().chars().take(300).collect::<String>()
        )),
    }
}

/// Parses the script's output: `{"detections": [...], "threats": [...],
/// "antivirus": [...]}` with `*_error` strings in place of the parts that failed.
pub fn parse_output(stdout: &str, now_secs: i64) -> Result<WindowsSecurityFacts, String> {
    let start = stdout.find('{').ok_or("PowerShell printed no JSON")?;
    let end = stdout.rfind('}').ok_or("PowerShell printed no JSON")?;
    let value: Value = serde_json::from_str(&stdout[start..=end])
        .map_err(|e| format!("PowerShell printed invalid JSON: {e}"))?;
    let error = |key: &str| {
        value[key]
            .as_str()
            .map(|e| format!("could not read: {}", e.trim()))
    };
    let names = threat_names(&value["threats"]);
    let mut facts = WindowsSecurityFacts {
        detections_error: error("detections_error"),
        antivirus_error: error("antivirus_error"),
        ..WindowsSecurityFacts::default()
    };
    if facts.detections_error.is_none() {
        facts.detections = recent_detections(&value["detections"], &names, now_secs);
    }
    if facts.antivirus_error.is_none() {
        facts.antivirus = antivirus_products(&value["antivirus"]);
    }
    Ok(facts)
}

/// The items of a JSON value that is an array, or a single object
/// (`ConvertTo-Json` prints one result without the array around it).
fn items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    }
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// `ThreatID` → `ThreatName` of `Get-MpThreat`.
pub fn threat_names(value: &Value) -> HashMap<String, String> {
    items(value)
        .into_iter()
        .filter_map(|t| {
            Some((
                id_text(&t["ThreatID"])?,
                t["ThreatName"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// The detections of `Get-MpThreatDetection` (array or single object) from
/// the last [`RECENT_DAYS`] days, newest first; ones without a readable time are kept.
pub fn recent_detections(
    value: &Value,
    names: &HashMap<String, String>,
    now_secs: i64,
) -> Vec<DefenderDetection> {
    let oldest = now_secs - RECENT_DAYS * 86_400;
    let mut out: Vec<DefenderDetection> = items(value)
        .into_iter()
        .map(|d| detection(d, names))
        .filter(|d| d.epoch_secs.is_none_or(|t| t >= oldest))
        .collect();
    out.sort_by_key(|d| std::cmp::Reverse(d.epoch_secs));
    out.truncate(MAX_DETECTIONS);
    out
}

fn detection(d: &Value, names: &HashMap<String, String>) -> DefenderDetection {
    let threat_id = id_text(&d["ThreatID"]).unwrap_or_default();
    let resources: Vec<&str> = match &d["Resources"] {
        Value::Array(r) => r.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    };
    let epoch_secs = d["InitialDetectionTime"].as_str().and_then(parse_time);
    DefenderDetection {
        threat_name: names.get(&threat_id).cloned(),
        threat_id,
        files: resources.into_iter().filter_map(resource_file).collect(),
        time: epoch_secs.map(crate::goroot_times::format_utc),
        epoch_secs,
        status: d["ThreatStatusID"].as_u64().map(threat_status),
        action_success: d["ActionSuccess"].as_bool(),
        process: d["ProcessName"]
            .as_str()
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    }
}

/// The file of a detection resource: `file:_C:\...` and `containerfile:_C:\...`
/// (a file inside an archive); other kinds (processes, registry) have none.
pub fn resource_file(resource: &str) -> Option<String> {
    ["file:_", "containerfile:_"]
        .iter()
        .find_map(|prefix| resource.strip_prefix(prefix))
        .map(|path| path.split("->").next().unwrap_or(path).to_string())
        .filter(|p| !p.is_empty())
}

/// `ThreatStatusID` of MSFT_MpThreatDetection in words.
pub fn threat_status(id: u64) -> String {
    match id {
        0 => "unknown".to_string(),
        1 => "detected".to_string(),
        2 => "cleaned".to_string(),
        3 => "quarantined".to_string(),
        4 => "removed".to_string(),
        5 => "allowed".to_string(),
        6 => "blocked".to_string(),
        102 => "quarantine failed".to_string(),
        103 => "remove failed".to_string(),
        104 => "allow failed".to_string(),
        105 => "abandoned".to_string(),
        107 => "block failed".to_string(),
        other => format!("status {other}"),
    }
}

/// The products of `AntiVirusProduct`, with real-time protection decoded from
/// `productState`.
pub fn antivirus_products(value: &Value) -> Vec<AntivirusProduct> {
    items(value)
        .into_iter()
        .filter_map(|p| {
            let name = p["displayName"].as_str()?.trim().to_string();
            let state = p["productState"]
                .as_u64()
                .and_then(|s| u32::try_from(s).ok());
            Some(AntivirusProduct {
                name,
                state,
                enabled: state.map(realtime_on),
                exe: p["pathToSignedProductExe"].as_str().map(str::to_string),
            })
        })
        .collect()
}

/// Whether `productState` says real-time protection is on. Microsoft does not
/// document the bit field; its second byte is the scanner state as Security
/// Center reports it (0x10 on, 0x11 on/snoozed vendor flag; 0x00 off, 0x01
/// snoozed), e.g. 397568 = 0x061100 is Defender on, 393472 = 0x060100 off.
pub fn realtime_on(state: u32) -> bool {
    (state >> 8) & 0x10 != 0
}

/// Seconds since the epoch of `/Date(1732095243000)/` (Windows PowerShell
/// 5.1's `ConvertTo-Json` of a DateTime) or an ISO 8601 time (PowerShell 7:
/// `2026-11-20T09:14:03.123+01:00`, `...Z`, or without zone, read as UTC).
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("/Date(")
        .and_then(|r| r.strip_suffix(")/"))
    {
        let digits_end = inner
            .char_indices()
            .find(|(i, c)| *i > 0 && (*c == '+' || *c == '-'))
            .map_or(inner.len(), |(i, _)| i);
        let millis: i64 = inner[..digits_end].parse().ok()?;
        return Some(millis.div_euclid(1000));
    }
    // ISO 8601 as RFC 3339 (a space may separate date and time; a time
    // without a zone is UTC).
    let iso = text.replacen(' ', "T", 1);
    let parse = |t: &str| time::OffsetDateTime::parse(t, &Rfc3339).ok();
    parse(&iso)
        .or_else(|| parse(&format!("{iso}Z")))
        .map(|t| t.unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goroot_times::format_utc;

    const PS51: &str =
        include_str!("../../../../testdata/vectors/windows-security/script-output-ps51.json");
    const ERRORS: &str =
        include_str!("../../../../testdata/vectors/windows-security/script-output-errors.json");
    const RAW_PS7: &str = include_str!(
        "../../../../testdata/vectors/windows-security/raw-get-mpthreatdetection-ps7.json"
    );
    /// 2026-11-22T12:00:00Z.
    const NOW: i64 = 1_795_348_800;

    #[test]
    fn times_in_both_powershell_shapes() {
        assert_eq!(format_utc(NOW), "2026-11-22T12:00:00Z");
        assert_eq!(parse_time("/Date(1795348800000)/"), Some(NOW));
        assert_eq!(parse_time("/Date(1795348800999+0100)/"), Some(NOW));
        assert_eq!(parse_time("2026-11-22T12:00:00Z"), Some(NOW));
        assert_eq!(parse_time("2026-11-22T13:00:00.1234567+01:00"), Some(NOW));
        assert_eq!(parse_time("2026-11-22T07:00:00-05:00"), Some(NOW));
        assert_eq!(parse_time("2026-11-22T12:00:00"), Some(NOW));
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(parse_time("2000-02-29T00:00:00Z"), Some(951_782_400));
        for bad in [
            "",
            "/Date()/",
            "/Date(x)/",
            "2026-13-01T00:00:00Z",
            "2026-11-22",
            "2026-11-22T12:00:00+1",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_output_of_powershell_5_1() {
        let facts = parse_output(PS51, NOW).unwrap();
        assert_eq!(facts.detections_error, None);
        // The detection from September is older than 30 days.
        assert_eq!(facts.detections.len(), 3, "{:#?}", facts.detections);
        let first = &facts.detections[0];
        assert_eq!(
            first.threat_name.as_deref(),
            Some("Trojan:Win32/Wacatac.B!ml")
        );
        assert_eq!(
            first.files,
            [r"C:\Users\José\AppData\Local\Temp\go-build2817346572\b001\exe\app.test.exe"]
        );
        assert_eq!(first.time.as_deref(), Some("2026-11-20T09:14:03Z"));
        assert_eq!(first.status.as_deref(), Some("quarantined"));
        assert_eq!(first.action_success, Some(true));
        assert_eq!(first.threat_id, "2147735503");
        assert_eq!(facts.detections[1].status.as_deref(), Some("removed"));
        assert_eq!(
            facts.detections[1].threat_name.as_deref(),
            Some("Trojan:Win32/Bearfoos.A!ml")
        );
        // webfile: resources are not files of their own.
        assert_eq!(
            facts.detections[2].files,
            [r"C:\Users\José\Downloads\setup-toolbar.exe"]
        );
        assert_eq!(facts.antivirus.len(), 2);
        let defender = facts.defender_product().unwrap();
        assert_eq!(
            (defender.state, defender.enabled),
            (Some(393_472), Some(false))
        );
        let others: Vec<&str> = facts
            .third_party_active()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(others, ["Avast Antivirus"]);
    }

    #[test]
    fn errors_become_could_not_read() {
        let facts = parse_output(ERRORS, NOW).unwrap();
        assert_eq!(
            facts.detections_error.as_deref(),
            Some("could not read: Access denied.")
        );
        assert_eq!(
            facts.antivirus_error.as_deref(),
            Some("could not read: Invalid namespace")
        );
        assert!(facts.detections.is_empty() && facts.antivirus.is_empty());
        assert!(parse_output("Get-MpThreatDetection : not recognized", NOW).is_err());
        assert!(parse_output("{\"detections\": [", NOW).is_err());
    }

    #[test]
    fn raw_single_detection_of_powershell_7() {
        let value: Value = serde_json::from_str(RAW_PS7).unwrap();
        let names = HashMap::from([(
            "2147735503".to_string(),
            "Trojan:Win32/Wacatac.B!ml".to_string(),
        )]);
        let found = recent_detections(&value, &names, NOW);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].time.as_deref(), Some("2026-11-21T16:05:44Z"));
        assert_eq!(
            found[0].files,
            [r"C:\Users\jose\AppData\Local\go-build\3f\3fa1c0d2e4b5a6978877665544332211-d"]
        );
        assert_eq!(
            found[0].threat_name.as_deref(),
            Some("Trojan:Win32/Wacatac.B!ml")
        );
    }

    #[test]
    fn resources_and_states() {
        assert_eq!(
            resource_file(r"file:_C:\a\b.exe").as_deref(),
            Some(r"C:\a\b.exe")
        );
        assert_eq!(
            resource_file(r"containerfile:_C:\a\b.zip->x.exe").as_deref(),
            Some(r"C:\a\b.zip")
        );
        assert_eq!(resource_file("process:_pid:12,ProcessStart:1"), None);
        assert_eq!(resource_file("file:_"), None);
        assert!(realtime_on(397_568) && realtime_on(266_240));
        assert!(!realtime_on(393_472) && !realtime_on(262_144));
        assert_eq!(threat_status(105), "abandoned");
    }

    #[test]
    fn script_is_one_line_without_double_quotes() {
        assert!(!SCRIPT.contains('"') && !SCRIPT.contains('\n'), "{SCRIPT}");
        assert!(
            SCRIPT.contains("Get-MpThreatDetection") && SCRIPT.contains("root/SecurityCenter2")
        );
        assert!(powershell_path(r"C:\Windows").ends_with("powershell.exe"));
    }

    /// The real run path: a program standing in for PowerShell that prints a
    /// recorded answer, one that fails, one that hangs past the time bound.
    #[cfg(unix)]
    #[test]
    fn bounded_run_of_a_stand_in() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let stand_in = |name: &str, body: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            path
        };
        let answer = dir.path().join("answer.json");
        std::fs::write(&answer, PS51).unwrap();
        let ok = stand_in("ok", &format!("cat '{}'", answer.display()));
        let facts = read_security(&ok, Duration::from_secs(10), NOW);
        assert_eq!(facts.detections.len(), 3);
        assert!(
            facts.source.contains("Get-MpThreatDetection"),
            "{}",
            facts.source
        );

        let broken = stand_in(
            "broken",
            "echo 'Get-MpThreatDetection : the term is not recognized' >&2; exit 1",
        );
        let facts = read_security(&broken, Duration::from_secs(10), NOW);
        let why = facts.detections_error.unwrap();
        assert!(
            why.starts_with("could not read: PowerShell printed no JSON (exit code 1"),
            "{why}"
        );
        assert!(why.contains("not recognized"), "{why}");

        let hangs = stand_in("hangs", "sleep 30");
        let start = std::time::Instant::now();
        let facts = read_security(&hangs, Duration::from_millis(500), NOW);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(
            facts.antivirus_error.as_deref(),
            Some("could not read: PowerShell did not answer within 500 ms")
        );

        let missing = read_security(&dir.path().join("nope.exe"), Duration::from_secs(1), NOW);
        assert!(
            missing
                .detections_error
                .unwrap()
                .starts_with("could not read: could not start PowerShell")
        );
    }
}
