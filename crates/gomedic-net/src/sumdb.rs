//! Reaching the checksum database as Go does (`modfetch/sumdb.go:
//! dbClient.initBase`) and verifying its signed tree head.

use crate::http::Client;
use gomedic_go::goproxy::ProxyEntry;
use gomedic_go::goproxy::ProxyList;
use gomedic_go::note::{self, Verifier};
use gomedic_go::tlog::parse_tree;
use gomedic_model::network::{NetError, SumdbOutcome, SumdbProbe};
use gomedic_model::redact::redact_text;
use std::time::Instant;

/// Probes the database `name` with verifier key `key`: the explicit `url`,
/// or the first proxy of `proxies` that says `/sumdb/<name>/supported`, or
/// `https://<name>`. `direct_base` overrides `https://<name>` (tests).
pub fn probe_sumdb(
    client: &Client,
    name: &str,
    key: &str,
    url: Option<&str>,
    proxies: Option<&ProxyList>,
    direct_base: Option<&str>,
    deadline: Instant,
) -> SumdbProbe {
    let mut probe = SumdbProbe {
        name: name.to_string(),
        ..SumdbProbe::default()
    };
    let base = match url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => match choose_base(client, name, proxies, deadline, &mut probe) {
            Ok(b) => b.unwrap_or_else(|| {
                direct_base.map_or_else(|| format!("https://{name}"), str::to_string)
            }),
            Err(error) => {
                probe.outcome = SumdbOutcome::Unreachable { error };
                return probe;
            }
        },
    };
    probe.base_url = Some(redact_text(&base));
    let fetched = client.get(&format!("{base}/latest"), deadline);
    probe.steps.push(fetched.fact.clone());
    if let Some(error) = fetched.fact.error {
        probe.outcome = SumdbOutcome::Unreachable { error };
        return probe;
    }
    if fetched.fact.status != Some(200) {
        let s = fetched.fact.status.unwrap_or_default();
        probe.outcome = SumdbOutcome::Unreachable {
            error: NetError {
                phase: "http".into(),
                timed_out: false,
                message: format!(
                    "reading {}: {s} {}",
                    fetched.fact.url,
                    crate::goproxy::reason(s)
                ),
                ..NetError::default()
            },
        };
        return probe;
    }
    probe.outcome = verify_latest(&fetched.body, key);
    probe
}

/// Checks a `/latest` answer: a note signed by `key` whose text is a tree.
pub fn verify_latest(body: &[u8], key: &str) -> SumdbOutcome {
    let verifier = match Verifier::parse(key) {
        Ok(v) => v,
        Err(e) => {
            return SumdbOutcome::VerifyFailed {
                message: format!("invalid GOSUMDB key: {e}"),
            };
        }
    };
    match note::open(body, &[verifier]) {
        Ok(n) => match parse_tree(n.text.as_bytes()) {
            Ok(tree) => SumdbOutcome::Verified {
                tree_size: u64::try_from(tree.n).unwrap_or_default(),
            },
            Err(e) => SumdbOutcome::VerifyFailed {
                message: format!("signed tree head: {e}"),
            },
        },
        Err(e) => SumdbOutcome::VerifyFailed {
            message: format!("signed tree head: {e}"),
        },
    }
}

/// Walks GOPROXY asking `<proxy>/sumdb/<name>/supported`: `Ok(Some(base))`
/// for the first 200, `Ok(None)` when every entry said not-found (go direct),
/// `Err` for the error that makes Go give up.
pub(crate) fn choose_base(
    client: &Client,
    name: &str,
    proxies: Option<&ProxyList>,
    deadline: Instant,
    probe: &mut SumdbProbe,
) -> Result<Option<String>, NetError> {
    let Some(list) = proxies else {
        return Ok(None);
    };
    for spec in &list.specs {
        let ProxyEntry::Url(proxy) = &spec.entry else {
            continue; // direct, off and noproxy count as not-found
        };
        if !proxy.starts_with("http") {
            continue; // file:// proxies are not probed
        }
        let base = format!("{}/sumdb/{name}", proxy.trim_end_matches('/'));
        let fetched = client.get(&format!("{base}/supported"), deadline);
        probe.steps.push(fetched.fact.clone());
        match (&fetched.fact.error, fetched.fact.status) {
            (None, Some(200)) => return Ok(Some(base)),
            (None, Some(404 | 410)) => continue,
            (Some(_), _) | (None, _) if spec.fall_back_on_error => continue,
            (Some(e), _) => return Err(e.clone()),
            (None, s) => {
                let s = s.unwrap_or_default();
                return Err(NetError {
                    phase: "http".into(),
                    timed_out: false,
                    message: format!(
                        "reading {}: {s} {}",
                        fetched.fact.url,
                        crate::goproxy::reason(s)
                    ),
                    ..NetError::default()
                });
            }
        }
    }
    Ok(None)
}
