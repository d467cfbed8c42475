//! Facts for the private-module checks: for each module the project's
//! go.mod requires, what the first proxy on its route answers for the
//! required version and, when go would reach `direct` for it, what go-import
//! discovery finds. Bounded: at most [`MAX_MODULES`] modules, a few at a
//! time, everything before one deadline.

use crate::NetInputs;
use crate::http::Client;
use gomedic_go::goimport::known_hosts::{StaticLookup, static_lookup};
use gomedic_go::goproxy::{StepAction, route};
use gomedic_go::module::{escape_path, escape_version};
use gomedic_go::pattern::matching_pattern;
use gomedic_model::private::{DiscoveryFacts, ModulePrivacy, PrivateFacts, ProxyLookup};
use gomedic_model::redact::redact_text;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Requirements looked at, at most.
pub const MAX_MODULES: usize = 64;
/// Modules probed at the same time.
const WORKERS: usize = 8;

/// A `require` of the go.mod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub path: String,
    pub version: String,
}

/// The requirements of a go.mod, replaced modules left out (named in the
/// second list, with the ones beyond [`MAX_MODULES`]).
pub fn requirements(go_mod: &[u8]) -> (Vec<Requirement>, Vec<String>) {
    let Ok(file) = gomedic_go::modfile::parse_lax("go.mod", go_mod) else {
        return (Vec::new(), Vec::new());
    };
    let mut skipped = Vec::new();
    let mut list = Vec::new();
    for r in file.requirements() {
        let replaced = file.replaces().iter().any(|rep| {
            rep.old.path == r.path && (rep.old.version.is_empty() || rep.old.version == r.version)
        });
        if replaced {
            skipped.push(format!("{} (replaced)", r.path));
        } else if list.len() >= MAX_MODULES {
            skipped.push(format!("{} (over the limit of {MAX_MODULES})", r.path));
        } else {
            list.push(Requirement {
                path: r.path.clone(),
                version: r.version.clone(),
            });
        }
    }
    (list, skipped)
}

/// Gathers the facts within `budget`.
pub fn gather(
    inputs: &NetInputs,
    go_mod_path: &str,
    requirements: &[Requirement],
    skipped: Vec<String>,
    budget: Duration,
) -> PrivateFacts {
    let start = Instant::now();
    let deadline = start + budget;
    let client = Client {
        tls: inputs.tls.clone(),
        proxy_env: inputs.proxy_env.clone(),
        max_body: 1 << 20,
    };
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, ModulePrivacy)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(requirements.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(req) = requirements.get(i) else {
                        return;
                    };
                    let facts = if Instant::now() >= deadline {
                        ModulePrivacy {
                            path: req.path.clone(),
                            version: req.version.clone(),
                            ..ModulePrivacy::default()
                        }
                    } else {
                        module_facts(&client, inputs, req, deadline)
                    };
                    if let Ok(mut r) = results.lock() {
                        r.push((i, facts));
                    }
                }
            });
        }
    });
    let mut modules = results.into_inner().unwrap_or_default();
    modules.sort_by_key(|(i, _)| *i);
    PrivateFacts {
        go_mod: go_mod_path.to_string(),
        budget_ms: u64::try_from(budget.as_millis()).unwrap_or(u64::MAX),
        elapsed_ms: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
        modules: modules.into_iter().map(|(_, m)| m).collect(),
        skipped,
    }
}

/// The facts of one module.
pub fn module_facts(
    client: &Client,
    inputs: &NetInputs,
    req: &Requirement,
    deadline: Instant,
) -> ModulePrivacy {
    let env = &inputs.module_env;
    let release = inputs.release.as_str();
    let r = route(&req.path, env, release);
    let mut first_proxy = None;
    let mut has_direct = false;
    for step in &r.steps {
        match &step.action {
            StepAction::Proxy(u) if first_proxy.is_none() => first_proxy = Some(u.clone()),
            StepAction::Direct => has_direct = true,
            _ => {}
        }
    }
    let proxy = first_proxy.map(|base| proxy_lookup(client, &base, req, deadline));
    let proxy_missing = proxy
        .as_ref()
        .is_none_or(|p| matches!(p.status, Some(404 | 410)));
    let reaches_direct = r.error.is_none() && has_direct && proxy_missing;
    let private = |root: &str| matching_pattern(&env.goprivate, root).is_some();
    let discovery = if !reaches_direct {
        DiscoveryFacts::NotProbed
    } else {
        match static_lookup(&req.path, release, &private) {
            StaticLookup::Static { root, vcs, .. } => DiscoveryFacts::KnownHost { root, vcs },
            StaticLookup::Error(message) => DiscoveryFacts::StaticError { message },
            StaticLookup::Dynamic => crate::goimport::discover(
                client,
                &req.path,
                r.insecure_match.is_some(),
                private(&req.path),
                release,
                deadline,
            )
            .facts(),
        }
    };
    ModulePrivacy {
        path: req.path.clone(),
        version: req.version.clone(),
        proxy,
        discovery,
    }
}

fn proxy_lookup(client: &Client, base: &str, req: &Requirement, deadline: Instant) -> ProxyLookup {
    let (Ok(path), Ok(version)) = (escape_path(&req.path), escape_version(&req.version)) else {
        return ProxyLookup {
            proxy: redact_text(base),
            error: Some("module path or version cannot be escaped".into()),
            ..ProxyLookup::default()
        };
    };
    let url = format!("{}/{path}/@v/{version}.info", base.trim_end_matches('/'));
    let f = client.get(&url, deadline);
    let plain = f
        .fact
        .content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("text/plain"));
    let message = (plain && f.fact.status != Some(200) && !f.body.is_empty()).then(|| {
        let text = String::from_utf8_lossy(&f.body[..f.body.len().min(400)]);
        redact_text(text.trim())
    });
    ProxyLookup {
        proxy: redact_text(base),
        url: redact_text(&url),
        status: f.fact.status,
        error: f.fact.error.as_ref().map(|e| e.message.clone()),
        message,
    }
}
