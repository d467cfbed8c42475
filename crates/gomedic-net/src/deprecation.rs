//! Deprecated modules and retracted versions among a go.mod's requirements,
//! as `go list -m -u -json` fills `Deprecated` and `Retracted`: the latest
//! version of each module (`queryLatestVersionIgnoringRetractions`: the
//! highest release of `@v/list`, else the highest pre-release, else
//! `@latest`) is found through GOPROXY as go walks it, its go.mod is read
//! with x/mod's lax rules, and the required version is compared with every
//! retract interval. Concurrent, bounded by one deadline.

use crate::http::Client;
use gomedic_go::goproxy::{ModuleEnv, StepAction, route};
use gomedic_go::modfile::{self, ModFile};
use gomedic_go::module::{escape_path, escape_version};
use gomedic_go::semver;
use gomedic_model::module_audit::{DeprecatedRequirement, DeprecationAudit};
use gomedic_model::redact::redact_text;
use std::cmp::Ordering;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::time::Instant;

/// One `require` line of the main go.mod.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub path: String,
    pub version: String,
    /// 1-based line in go.mod.
    pub line: usize,
}

/// What the author says about one requirement (`Ok(None)`: nothing), or
/// why it could not be checked.
type Verdict = Result<Option<DeprecatedRequirement>, String>;

/// The text `go list -m -u` shows for a retraction without rationale.
pub const NO_RATIONALE: &str = "retracted by module author";

/// Checks every requirement; at most `concurrency` modules at once.
pub fn audit_deprecations(
    client: &Client,
    env: &ModuleEnv,
    release: &str,
    go_mod: &str,
    requirements: &[Requirement],
    deadline: Instant,
    concurrency: usize,
) -> DeprecationAudit {
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Verdict)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..concurrency.clamp(1, 32).min(requirements.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, AtomicOrdering::Relaxed);
                    let Some(req) = requirements.get(index) else {
                        break;
                    };
                    let result = check_requirement(client, env, release, req, deadline);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((index, result));
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(index, _)| *index);
    let mut audit = DeprecationAudit {
        go_mod: go_mod.to_string(),
        ..DeprecationAudit::default()
    };
    for (index, result) in results {
        match result {
            Ok(flagged) => {
                audit.checked += 1;
                audit.flagged.extend(flagged);
            }
            Err(why) => audit
                .unchecked
                .push(format!("{}: {why}", requirements[index].path)),
        }
    }
    audit.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    audit
}

/// What the author says about one requirement (`None`: nothing).
fn check_requirement(
    client: &Client,
    env: &ModuleEnv,
    release: &str,
    req: &Requirement,
    deadline: Instant,
) -> Verdict {
    let (proxy, latest) = find_latest(client, env, release, &req.path, deadline)?;
    let esc_path = escape_path(&req.path)?;
    let esc_version = escape_version(&latest)?;
    let mod_url = format!(
        "{}/{esc_path}/@v/{esc_version}.mod",
        proxy.trim_end_matches('/')
    );
    let data = read(client, &mod_url, deadline)?.ok_or_else(|| format!("{mod_url}: not found"))?;
    let file = modfile::parse_lax(&mod_url, &data).map_err(|e| e.to_string())?;
    Ok(judge(req, &latest, &file, &redact_text(&mod_url)))
}

/// The `Deprecated` and `Retracted` facts of `req` given the latest go.mod.
pub fn judge(
    req: &Requirement,
    latest: &str,
    file: &ModFile,
    source: &str,
) -> Option<DeprecatedRequirement> {
    let deprecated = file
        .module
        .as_ref()
        .map(|m| m.deprecated.clone())
        .filter(|d| !d.is_empty());
    let mut retracted = Vec::new();
    let mut is_retracted = false;
    for r in &file.retract {
        if semver::compare(&r.low, &req.version) != Ordering::Greater
            && semver::compare(&req.version, &r.high) != Ordering::Greater
        {
            is_retracted = true;
            if !r.rationale.is_empty() {
                retracted.push(r.rationale.clone());
            }
        }
    }
    if is_retracted && retracted.is_empty() {
        retracted.push(NO_RATIONALE.to_string());
    }
    if deprecated.is_none() && !is_retracted {
        return None;
    }
    Some(DeprecatedRequirement {
        module: req.path.clone(),
        version: req.version.clone(),
        go_mod_line: req.line,
        latest: latest.to_string(),
        deprecated,
        retracted,
        source: source.to_string(),
    })
}

/// The first proxy of go's walk that knows the module, and the module's
/// latest version there.
fn find_latest(
    client: &Client,
    env: &ModuleEnv,
    release: &str,
    path: &str,
    deadline: Instant,
) -> Result<(String, String), String> {
    let walk = route(path, env, release);
    if let Some(e) = walk.error {
        return Err(e.to_string());
    }
    let esc_path = escape_path(path)?;
    for step in &walk.steps {
        let proxy = match &step.action {
            StepAction::Proxy(url) => url,
            StepAction::Skip(_) => continue,
            StepAction::Direct => {
                return Err("fetched from its origin (direct): not checked".into());
            }
            StepAction::Off => return Err("GOPROXY=off".into()),
        };
        let base = format!("{}/{esc_path}/@v", proxy.trim_end_matches('/'));
        let answer = read(client, &format!("{base}/list"), deadline).and_then(|list| {
            let Some(list) = list else { return Ok(None) };
            match latest_from_list(&String::from_utf8_lossy(&list)) {
                Some(v) => Ok(Some(v)),
                None => latest_info(client, proxy, &esc_path, deadline),
            }
        });
        match answer {
            Ok(Some(version)) => return Ok((proxy.clone(), version)),
            Ok(None) => continue,
            Err(_) if step.fall_back_on_error => continue,
            Err(e) => return Err(e),
        }
    }
    Err("no proxy has it".into())
}

/// `@latest`'s version.
fn latest_info(
    client: &Client,
    proxy: &str,
    esc_path: &str,
    deadline: Instant,
) -> Result<Option<String>, String> {
    let url = format!("{}/{esc_path}/@latest", proxy.trim_end_matches('/'));
    let Some(data) = read(client, &url, deadline)? else {
        return Ok(None);
    };
    let info: serde_json::Value =
        serde_json::from_slice(&data).map_err(|e| format!("{url}: {e}"))?;
    Ok(info["Version"].as_str().map(str::to_string))
}

/// The highest release of a `@v/list`, else the highest pre-release.
pub fn latest_from_list(list: &str) -> Option<String> {
    let valid: Vec<&str> = list
        .split_whitespace()
        .filter(|v| semver::is_valid(v) && semver::build(v).is_empty())
        .collect();
    let highest = |release: bool| {
        valid
            .iter()
            .filter(|v| semver::prerelease(v).is_empty() == release)
            .max_by(|a, b| semver::compare(a, b))
            .map(|v| v.to_string())
    };
    highest(true).or_else(|| highest(false))
}

/// GETs `url` (`file://` read from disk). `Ok(None)` for not found.
fn read(client: &Client, url: &str, deadline: Instant) -> Result<Option<Vec<u8>>, String> {
    if let Some(path) = url.strip_prefix("file://") {
        let path = if cfg!(windows) {
            path.trim_start_matches('/')
        } else {
            path
        };
        return match std::fs::read(path) {
            Ok(data) => Ok(Some(data)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{url}: {e}")),
        };
    }
    if Instant::now() >= deadline {
        return Err(format!("{}: time budget exhausted", redact_text(url)));
    }
    let fetched = client.get(url, deadline);
    if let Some(e) = fetched.fact.error {
        return Err(format!("{}: {}", fetched.fact.url, e.message));
    }
    match fetched.fact.status {
        Some(200) => Ok(Some(fetched.body)),
        Some(404 | 410) => Ok(None),
        status => Err(format!(
            "reading {}: {} {}",
            fetched.fact.url,
            status.unwrap_or_default(),
            crate::goproxy::reason(status.unwrap_or_default())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_prefers_releases_then_prereleases() {
        assert_eq!(
            latest_from_list("v1.0.0\nv1.2.0-rc.1\nv1.1.0\n").as_deref(),
            Some("v1.1.0")
        );
        assert_eq!(
            latest_from_list("v1.2.0-rc.1\nv1.2.0-beta\n").as_deref(),
            Some("v1.2.0-rc.1")
        );
        assert_eq!(latest_from_list("junk\n"), None);
    }

    #[test]
    fn retractions_cover_intervals_and_default_their_rationale() {
        let text = b"// Deprecated: use example.com/new.\nmodule example.com/old\n\nretract v1.0.0 // broken\nretract [v1.1.0, v1.1.5]\n";
        let file = modfile::parse_lax("go.mod", text).unwrap();
        let req = |v: &str| Requirement {
            path: "example.com/old".into(),
            version: v.into(),
            line: 3,
        };
        let r = judge(&req("v1.0.0"), "v1.2.0", &file, "s").unwrap();
        assert_eq!(r.deprecated.as_deref(), Some("use example.com/new."));
        assert_eq!(r.retracted, vec!["broken".to_string()]);
        let r = judge(&req("v1.1.3"), "v1.2.0", &file, "s").unwrap();
        assert_eq!(r.retracted, vec![NO_RATIONALE.to_string()]);
        let r = judge(&req("v1.2.0"), "v1.2.0", &file, "s").unwrap();
        assert!(r.retracted.is_empty());
    }
}
