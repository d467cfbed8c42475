//! Probing one GOPROXY URL with the GOPROXY protocol for a module it must
//! have: `@v/list`, `@latest`, `<v>.info`, `<v>.mod`.

use crate::http::{Client, Fetched};
use gomedic_go::module::{escape_path, escape_version};
use gomedic_go::semver;
use gomedic_model::network::{NetError, ProbeOutcome, RequestFact};
use std::time::Instant;

/// What one proxy probe found.
pub struct ProxyAnswer {
    pub requests: Vec<RequestFact>,
    pub outcome: ProbeOutcome,
    pub via_http_proxy: Option<String>,
}

/// How Go classifies one answer (`web/api.go`: 404 and 410 are not-found).
enum Answer {
    Ok(Vec<u8>),
    NotFound(u16),
    Failed(NetError),
}

fn classify(f: &Fetched) -> Answer {
    if let Some(e) = &f.fact.error {
        return Answer::Failed(e.clone());
    }
    match f.fact.status {
        Some(200) => Answer::Ok(f.body.clone()),
        Some(s @ (404 | 410)) => Answer::NotFound(s),
        Some(s) => Answer::Failed(NetError {
            phase: "http".into(),
            timed_out: false,
            message: status_message(s, f),
            ..NetError::default()
        }),
        None => Answer::Failed(NetError {
            phase: "http".into(),
            timed_out: false,
            message: "no response".into(),
            ..NetError::default()
        }),
    }
}

/// `reading URL: 500 Internal Server Error` plus a short plain-text detail,
/// like Go's `server response:`.
fn status_message(status: u16, f: &Fetched) -> String {
    let mut msg = format!("reading {}: {status} {}", f.fact.url, reason(status));
    let plain = f
        .fact
        .content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("text/plain"));
    if plain && !f.body.is_empty() {
        let text = String::from_utf8_lossy(&f.body[..f.body.len().min(648)]);
        let lines: Vec<&str> = text.lines().take(8).collect();
        msg.push_str(&format!("\n\tserver response: {}", lines.join("\n\t")));
    }
    gomedic_model::redact::redact_text(&msg)
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        407 => "Proxy Authentication Required",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn join(base: &str, rest: &str) -> String {
    format!("{}/{rest}", base.trim_end_matches('/'))
}

fn json_version(body: &[u8]) -> Result<String, String> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    match v.get("Version").and_then(|v| v.as_str()) {
        Some(s) if semver::is_valid(s) => Ok(s.to_string()),
        Some(s) => Err(format!("Version {s:?} is not a semantic version")),
        None => Err("no \"Version\" field".into()),
    }
}

/// Probes `base` (a proxy URL) for `module`, all before `deadline`.
pub fn probe_proxy(client: &Client, base: &str, module: &str, deadline: Instant) -> ProxyAnswer {
    let mut answer = ProxyAnswer {
        requests: Vec::new(),
        outcome: ProbeOutcome::NotProbed,
        via_http_proxy: None,
    };
    let esc = match escape_path(module) {
        Ok(e) => e,
        Err(e) => {
            answer.outcome = ProbeOutcome::ProtocolViolation {
                problems: vec![format!("cannot escape module path: {e}")],
            };
            return answer;
        }
    };
    let mut problems = Vec::new();
    let get = |answer: &mut ProxyAnswer, path: String| -> Answer {
        let fetched = client.get(&join(base, &path), deadline);
        answer.via_http_proxy = fetched.via_proxy.clone();
        let class = classify(&fetched);
        answer.requests.push(fetched.fact);
        class
    };

    // @v/list: the versions, one per line.
    let list = match get(&mut answer, format!("{esc}/@v/list")) {
        Answer::Ok(body) => body,
        Answer::NotFound(status) => {
            answer.outcome = ProbeOutcome::NotFound { status };
            return answer;
        }
        Answer::Failed(error) => {
            answer.outcome = ProbeOutcome::Failed { error };
            return answer;
        }
    };
    let listed: Vec<String> = String::from_utf8_lossy(&list)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    let invalid: Vec<&String> = listed.iter().filter(|v| !semver::is_valid(v)).collect();
    if !invalid.is_empty() {
        problems.push(format!("@v/list has invalid versions: {invalid:?}"));
    }

    // @latest (404/410 is allowed: Go then uses the list).
    let mut version = None;
    match get(&mut answer, format!("{esc}/@latest")) {
        Answer::Ok(body) => match json_version(&body) {
            Ok(v) => version = Some(v),
            Err(e) => problems.push(format!("@latest: {e}")),
        },
        Answer::NotFound(_) => {}
        Answer::Failed(error) => {
            answer.outcome = ProbeOutcome::Failed { error };
            return answer;
        }
    }
    let version = version.or_else(|| {
        listed
            .iter()
            .filter(|v| semver::is_valid(v))
            .cloned()
            .reduce(|a, b| semver::max(&a, &b))
    });
    let Some(version) = version else {
        problems.push("no version in @v/list or @latest".into());
        answer.outcome = ProbeOutcome::ProtocolViolation { problems };
        return answer;
    };
    let ever = escape_version(&version).unwrap_or_else(|_| version.clone());

    match get(&mut answer, format!("{esc}/@v/{ever}.info")) {
        Answer::Ok(body) => match json_version(&body) {
            Ok(v) if v == version => {}
            Ok(v) => problems.push(format!("{version}.info names version {v}")),
            Err(e) => problems.push(format!("{version}.info: {e}")),
        },
        Answer::NotFound(s) => problems.push(format!(
            "{version}.info: {s} although @v/list or @latest offered it"
        )),
        Answer::Failed(error) => {
            answer.outcome = ProbeOutcome::Failed { error };
            return answer;
        }
    }
    match get(&mut answer, format!("{esc}/@v/{ever}.mod")) {
        Answer::Ok(body) => {
            let text = String::from_utf8_lossy(&body);
            let declared = text.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("module")
                    .map(|m| m.trim().trim_matches('"').to_string())
            });
            if declared.as_deref() != Some(module) {
                problems.push(format!(
                    "{version}.mod declares module {:?}, not {module:?}",
                    declared.unwrap_or_default()
                ));
            }
        }
        Answer::NotFound(s) => problems.push(format!(
            "{version}.mod: {s} although @v/list or @latest offered it"
        )),
        Answer::Failed(error) => {
            answer.outcome = ProbeOutcome::Failed { error };
            return answer;
        }
    }
    answer.outcome = if problems.is_empty() {
        ProbeOutcome::Ok
    } else {
        ProbeOutcome::ProtocolViolation { problems }
    };
    answer
}
