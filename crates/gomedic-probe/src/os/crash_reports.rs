//! macOS crash reports (`~/Library/Logs/DiagnosticReports`) of programs the
//! kernel killed for an invalid code signature — the trace an executable
//! overwritten in place leaves. Bounded: the newest reports of the last
//! days only, each read up to a size cap. Parsing is plain text, so it is
//! tested on every platform.

use gomedic_model::os_facts::{CodeSignatureKill, SourcedValue};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The most reports read from one directory (newest first).
const MAX_REPORTS: usize = 300;
/// The most bytes read from one report (the header and exception come first).
const MAX_REPORT_BYTES: u64 = 256 << 10;
/// Reports older than this are not read.
const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// The kills recorded in `dir`, and what was read there (or why not).
pub fn scan_dir(dir: &Path, now: SystemTime) -> (Vec<CodeSignatureKill>, SourcedValue) {
    let mut fact = SourcedValue {
        source: dir.to_string_lossy().into_owned(),
        ..SourcedValue::default()
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), fact),
        Err(e) => {
            fact.error = Some(format!("could not read: {e}"));
            return (Vec::new(), fact);
        }
    };
    let mut reports: Vec<(SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".ips") || name.ends_with(".crash")
        })
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let modified = meta.modified().ok()?;
            let recent = now
                .duration_since(modified)
                .map_or(true, |age| age <= MAX_AGE);
            (meta.is_file() && recent).then(|| (modified, e.path()))
        })
        .collect();
    reports.sort_by_key(|r| std::cmp::Reverse(r.0));
    reports.truncate(MAX_REPORTS);
    let mut kills = Vec::new();
    for (_, path) in &reports {
        let Ok((bytes, _)) = crate::textfile::read_capped(path, MAX_REPORT_BYTES) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if let Some(mut kill) = parse_report(&text) {
            kill.report = path.to_string_lossy().into_owned();
            kills.push(kill);
        }
    }
    fact.value = Some(format!("{} recent crash reports read", reports.len()));
    (kills, fact)
}

/// Whether the text says the kernel killed the program over its code signature.
fn is_signature_kill(text: &str) -> bool {
    text.contains("Code Signature Invalid")
        || (text.contains("CODESIGNING") && text.contains("Invalid Page"))
}

/// A code-signature kill from one report (`.ips` JSON of macOS 12+, or the
/// older `.crash` text); `report` is left empty for the caller.
pub fn parse_report(text: &str) -> Option<CodeSignatureKill> {
    if !is_signature_kill(text) {
        return None;
    }
    parse_ips(text).or_else(|| parse_crash(text))
}

/// `.ips`: a one-line JSON header, then the report as one JSON document.
fn parse_ips(text: &str) -> Option<CodeSignatureKill> {
    let (header, body) = text.split_once('\n')?;
    let header: serde_json::Value = serde_json::from_str(header).ok()?;
    // A truncated body still has procPath and exception near its start.
    let body_json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let program = match &body_json {
        Some(b) => b["procPath"].as_str()?.to_string(),
        None => json_string_field(body, "procPath")?,
    };
    let exception = body_json
        .as_ref()
        .and_then(|b| {
            let e = &b["exception"];
            Some(format!(
                "{} ({})",
                e["type"].as_str()?,
                e["signal"].as_str()?
            ))
        })
        .or_else(|| json_string_field(body, "signal"))
        .unwrap_or_else(|| "Code Signature Invalid".to_string());
    Some(CodeSignatureKill {
        report: String::new(),
        program,
        exception,
        time: header["timestamp"].as_str().map(str::to_string),
    })
}

/// `"key" : "value"` in JSON text that may be cut off (value unescaped).
fn json_string_field(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("\"{key}\""))?;
    let rest = text[at + key.len() + 2..].trim_start().strip_prefix(':')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].replace("\\/", "/"))
}

/// `.crash`: `Key:   value` lines.
fn parse_crash(text: &str) -> Option<CodeSignatureKill> {
    let field = |key: &str| {
        text.lines().find_map(|l| {
            let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
            (!v.is_empty()).then(|| v.to_string())
        })
    };
    Some(CodeSignatureKill {
        report: String::new(),
        program: field("Path")?,
        exception: field("Exception Type").unwrap_or_else(|| "Code Signature Invalid".into()),
        time: field("Date/Time"),
    })
}
