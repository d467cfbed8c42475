//! gomedic's network probes: every GOPROXY entry, the checksum database and,
//! when something failed, well-known mirrors, all concurrently and inside
//! one time budget. Each request is timed per phase (DNS, TCP, proxy CONNECT,
//! TLS, HTTP) and bounded in size and redirects.
//!
//! Nothing here decides what is wrong: the facts go into the snapshot
//! (`Snapshot::network`) and the checks judge them with Go's fallback rules.
//! Secrets never leave: every URL is stored redacted.

mod deadline;
pub mod deprecation;
pub mod dns;
pub mod goimport;
pub mod goproxy;
pub mod http;
pub mod ip_family;
pub mod private;
pub mod sumdb;
pub mod sumdb_audit;
pub mod tls;

use gomedic_go::goproxy::{ModuleEnv, ProxyEntry, parse_proxy_list};
use gomedic_go::gosumdb::{SumdbConfig, parse_gosumdb};
use gomedic_go::httpproxy::ProxyEnv;
use gomedic_model::Snapshot;
use gomedic_model::network::{
    MirrorProbe, NetworkFacts, ProbeOutcome, ProxyEnvSetting, ProxyProbe, SumdbOutcome,
};
use gomedic_model::redact::redact_text;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Well-known public module mirrors, offered as advice when a configured
/// proxy fails.
pub const WELL_KNOWN_MIRRORS: [&str; 4] = [
    "https://goproxy.cn",
    "https://goproxy.io",
    "https://mirrors.aliyun.com/goproxy",
    "https://proxy.golang.com.cn",
];

/// The mirror of sum.golang.org (`GOSUMDB=sum.golang.google.cn`).
pub const SUMDB_MIRROR: &str = "https://sum.golang.google.cn";

/// The default overall budget of the network probes.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(3);

/// How the probes run.
#[derive(Debug, Clone)]
pub struct NetOptions {
    /// Everything finishes within this (plus thread scheduling).
    pub budget: Duration,
    /// A module every public proxy has.
    pub module: String,
    /// Module mirrors to suggest (probed only after a failure).
    pub mirrors: Vec<String>,
    /// The sum.golang.org mirror to suggest (probed only after a failure).
    pub sumdb_mirror: Option<String>,
    /// Replaces `https://<name>` for the direct checksum-database connection
    /// (tests point it at a loopback server).
    pub sumdb_direct_base: Option<String>,
    /// Response bodies larger than this are an error.
    pub max_body: usize,
}

impl Default for NetOptions {
    fn default() -> NetOptions {
        NetOptions {
            budget: DEFAULT_BUDGET,
            module: "golang.org/x/text".into(),
            mirrors: WELL_KNOWN_MIRRORS.iter().map(|s| s.to_string()).collect(),
            sumdb_mirror: Some(SUMDB_MIRROR.into()),
            sumdb_direct_base: None,
            max_body: 1 << 20,
        }
    }
}

/// What the probes need to know about the machine.
pub struct NetInputs {
    pub module_env: ModuleEnv,
    pub proxy_env: ProxyEnv,
    /// Variable lookups for proxy-setting evidence (real, unredacted values).
    pub proxy_vars: Vec<(String, String)>,
    /// The Go release whose parsing rules apply (e.g. `1.27.3`).
    pub release: String,
    pub tls: Arc<tls::TlsSetup>,
    /// How Go resolves host names (None: no DNS probe).
    pub dns: Option<dns::DnsInputs>,
}

impl NetInputs {
    /// From a snapshot's resolved Go environment and the process environment
    /// read through `get` (the snapshot's copy is redacted, so proxy
    /// credentials must come from the real environment).
    pub fn from_snapshot(snap: &Snapshot, get: impl Fn(&str) -> Option<String>) -> NetInputs {
        let module_env = snap
            .go_env
            .as_ref()
            .map(ModuleEnv::from_go_env)
            .unwrap_or_else(|| {
                ModuleEnv::from_raw(
                    "https://proxy.golang.org,direct",
                    "",
                    "",
                    "",
                    "sum.golang.org",
                    "",
                )
            });
        let release = snap
            .active_go
            .and_then(|i| snap.go_binaries.get(i))
            .and_then(|g| g.go_version())
            .map(|v| v.trim_start_matches("go").to_string())
            .unwrap_or_else(|| "1.27.3".into());
        let names = [
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "NO_PROXY",
            "no_proxy",
            "REQUEST_METHOD",
        ];
        let proxy_vars = names
            .iter()
            .filter_map(|n| get(n).map(|v| (n.to_string(), v)))
            .collect();
        NetInputs {
            module_env,
            proxy_env: ProxyEnv::from_lookup(&get),
            proxy_vars,
            release,
            tls: Arc::new(tls::TlsSetup::go_default(&get)),
            dns: cfg!(unix).then(|| dns_inputs(snap, &get)),
        }
    }

    fn var(&self, name: &str) -> Option<String> {
        self.proxy_vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// The DNS probe's inputs on this machine: the active go's build info
/// says whether it can use the C library's resolver.
fn dns_inputs(snap: &Snapshot, get: &impl Fn(&str) -> Option<String>) -> dns::DnsInputs {
    let cgo_available = snap
        .active_go
        .and_then(|i| snap.go_binaries.get(i))
        .and_then(|g| g.build_info.as_ref())
        .and_then(|b| b.setting("CGO_ENABLED"))
        == Some("1");
    dns::DnsInputs {
        root: "/".into(),
        goos: std::env::consts::OS.replace("macos", "darwin"),
        cgo_available,
        godebug: get("GODEBUG").unwrap_or_default(),
        resolver_env_set: ["LOCALDOMAIN", "RES_OPTIONS", "HOSTALIASES"]
            .iter()
            .any(|v| get(v).is_some_and(|x| !x.is_empty())),
    }
}

/// The hosts Go dials for the module proxies and the checksum database
/// (the HTTP proxy's host instead when HTTPS_PROXY/HTTP_PROXY applies).
fn hosts_to_resolve(
    inputs: &NetInputs,
    list: Option<&gomedic_go::goproxy::ProxyList>,
    sumdb: Option<&SumdbConfig>,
) -> Vec<dns::HostToResolve> {
    let mut urls: Vec<(String, String)> = list
        .iter()
        .flat_map(|l| &l.specs)
        .filter_map(|spec| match &spec.entry {
            ProxyEntry::Url(url) => {
                Some((url.clone(), format!("GOPROXY entry {}", redact_text(url))))
            }
            _ => None,
        })
        .collect();
    if let Some(SumdbConfig::Database { name, url, .. }) = sumdb {
        let url = url.clone().unwrap_or_else(|| format!("https://{name}"));
        urls.push((url, format!("GOSUMDB {name}")));
    }
    let mut hosts: Vec<dns::HostToResolve> = Vec::new();
    for (url, purpose) in urls {
        let Some((scheme, rest)) = url.split_once("://") else {
            continue;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit('@').next().unwrap_or("");
        let (host, purpose) =
            match gomedic_go::httpproxy::proxy_for(&inputs.proxy_env, scheme, authority) {
                gomedic_go::httpproxy::ProxyDecision::Proxy(p) => (
                    p.addr.clone(),
                    format!("HTTP proxy {} for {purpose}", redact_text(&p.url)),
                ),
                gomedic_go::httpproxy::ProxyDecision::Error(_) => continue,
                gomedic_go::httpproxy::ProxyDecision::Direct(_) => (authority.to_string(), purpose),
            };
        let name = strip_port(&host);
        if name.is_empty()
            || name.parse::<std::net::IpAddr>().is_ok()
            || name.eq_ignore_ascii_case("localhost")
        {
            continue;
        }
        match hosts.iter_mut().find(|h| h.host.eq_ignore_ascii_case(name)) {
            Some(h) => h.purpose.push_str(&format!("; {purpose}")),
            None => hosts.push(dns::HostToResolve {
                host: name.to_string(),
                purpose,
            }),
        }
    }
    hosts
}

/// `name` of `name:port`, `[v6]:port` or `name`.
fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Runs every probe; returns within `options.budget` (every socket operation
/// is bounded by the deadline).
pub fn probe_network(inputs: &NetInputs, options: &NetOptions) -> NetworkFacts {
    let start = Instant::now();
    let end = start + options.budget;
    let have_advice = !options.mirrors.is_empty() || options.sumdb_mirror.is_some();
    // Mirrors are only worth asking after a failure; keep a third of the
    // budget for them.
    let main_deadline = if have_advice {
        start + options.budget * 2 / 3
    } else {
        end
    };
    let client = http::Client {
        tls: inputs.tls.clone(),
        proxy_env: inputs.proxy_env.clone(),
        max_body: options.max_body,
    };
    let list = parse_proxy_list(
        &inputs.module_env.goproxy,
        &inputs.module_env.gonoproxy,
        &inputs.release,
    )
    .ok();
    let sumdb_config = parse_gosumdb(&inputs.module_env.gosumdb, &inputs.release).ok();

    let mut facts = NetworkFacts {
        budget_ms: millis(options.budget),
        module: options.module.clone(),
        proxy_env: proxy_env_facts(inputs),
        ca_sources: inputs.tls.root_sources.clone(),
        ca_count: inputs.tls.root_count,
        ..NetworkFacts::default()
    };
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for spec in list.iter().flat_map(|l| &l.specs) {
            let ProxyEntry::Url(url) = &spec.entry else {
                continue;
            };
            let (client, module) = (&client, &options.module);
            let handle = (url.starts_with("http://") || url.starts_with("https://")).then(|| {
                scope.spawn(move || goproxy::probe_proxy(client, url, module, main_deadline))
            });
            handles.push((spec, url, handle));
        }
        let sumdb_handle = match &sumdb_config {
            Some(SumdbConfig::Database { name, key, url, .. }) => {
                let (client, list) = (&client, list.as_ref());
                let direct = options.sumdb_direct_base.as_deref();
                Some(scope.spawn(move || {
                    sumdb::probe_sumdb(
                        client,
                        name,
                        key,
                        url.as_deref(),
                        list,
                        direct,
                        main_deadline,
                    )
                }))
            }
            _ => None,
        };
        let dns_handle = inputs.dns.as_ref().map(|dns_inputs| {
            let hosts = hosts_to_resolve(inputs, list.as_ref(), sumdb_config.as_ref());
            scope.spawn(move || dns::probe_dns(dns_inputs, &hosts, main_deadline))
        });
        let family_requests: Vec<(String, String)> = handles
            .iter()
            .filter(|(_, url, handle)| {
                handle.is_some()
                    && matches!(
                        gomedic_go::httpproxy::proxy_for(
                            &inputs.proxy_env,
                            url.split("://").next().unwrap_or(""),
                            url.split("://")
                                .nth(1)
                                .and_then(|r| r.split('/').next())
                                .unwrap_or(""),
                        ),
                        gomedic_go::httpproxy::ProxyDecision::Direct(_)
                    )
            })
            .filter_map(|(_, url, _)| {
                let esc = gomedic_go::module::escape_path(&options.module).ok()?;
                Some((
                    url.to_string(),
                    format!("{}/{esc}/@v/list", url.trim_end_matches('/')),
                ))
            })
            .collect();
        let family_handle = (!family_requests.is_empty()).then(|| {
            let client = &client;
            scope.spawn(move || ip_family::probe_families(client, &family_requests, main_deadline))
        });
        for (spec, url, handle) in handles {
            let mut probe = ProxyProbe {
                entry: redact_text(url),
                fall_back_on_error: spec.fall_back_on_error,
                ..ProxyProbe::default()
            };
            if let Some(answer) = handle.and_then(|h| h.join().ok()) {
                probe.requests = answer.requests;
                probe.outcome = answer.outcome;
                probe.via_http_proxy = answer.via_http_proxy;
            }
            facts.proxies.push(probe);
        }
        facts.sumdb = sumdb_handle.and_then(|h| h.join().ok());
        facts.dns = dns_handle.and_then(|h| h.join().ok());
        facts.ip_families = family_handle
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
    });

    let proxy_failed = facts.proxies.iter().any(|p| {
        matches!(
            p.outcome,
            ProbeOutcome::Failed { .. } | ProbeOutcome::ProtocolViolation { .. }
        )
    });
    let sumdb_failed = facts
        .sumdb
        .as_ref()
        .is_some_and(|s| matches!(s.outcome, SumdbOutcome::Unreachable { .. }));
    if proxy_failed || sumdb_failed {
        facts.mirrors = probe_mirrors(&client, options, proxy_failed, sumdb_failed, &facts, end);
    }
    facts.elapsed_ms = millis(start.elapsed());
    facts
}

fn probe_mirrors(
    client: &http::Client,
    options: &NetOptions,
    modules: bool,
    sumdb: bool,
    facts: &NetworkFacts,
    deadline: Instant,
) -> Vec<MirrorProbe> {
    let configured: Vec<&str> = facts.proxies.iter().map(|p| p.entry.as_str()).collect();
    let esc = gomedic_go::module::escape_path(&options.module).unwrap_or_default();
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        if modules {
            for mirror in &options.mirrors {
                if configured.contains(&mirror.trim_end_matches('/')) {
                    continue;
                }
                let url = format!("{}/{esc}/@v/list", mirror.trim_end_matches('/'));
                handles.push(scope.spawn(move || {
                    let f = client.get(&url, deadline);
                    MirrorProbe {
                        url: redact_text(mirror),
                        sumdb: false,
                        ok: f.fact.error.is_none() && f.fact.status == Some(200),
                        total_ms: f.fact.total_ms,
                        error: mirror_error(&f),
                    }
                }));
            }
        }
        let sumdb_name = facts.sumdb.as_ref().map(|s| s.name.as_str());
        if let (true, Some("sum.golang.org"), Some(mirror)) =
            (sumdb, sumdb_name, options.sumdb_mirror.as_ref())
        {
            handles.push(scope.spawn(move || {
                let f = client.get(
                    &format!("{}/latest", mirror.trim_end_matches('/')),
                    deadline,
                );
                let verified = f.fact.error.is_none()
                    && f.fact.status == Some(200)
                    && matches!(
                        sumdb::verify_latest(&f.body, gomedic_go::gosumdb::SUM_GOLANG_ORG_KEY),
                        SumdbOutcome::Verified { .. }
                    );
                MirrorProbe {
                    url: redact_text(mirror),
                    sumdb: true,
                    ok: verified,
                    total_ms: f.fact.total_ms,
                    error: if verified {
                        None
                    } else {
                        mirror_error(&f).or(Some("tree head did not verify".into()))
                    },
                }
            }));
        }
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    })
}

fn mirror_error(f: &http::Fetched) -> Option<String> {
    match (&f.fact.error, f.fact.status) {
        (Some(e), _) => Some(format!("{}: {}", e.phase, e.message)),
        (None, Some(200)) => None,
        (None, Some(s)) => Some(format!("{s} {}", goproxy::reason(s))),
        (None, None) => Some("no response".into()),
    }
}

fn proxy_env_facts(inputs: &NetInputs) -> Vec<ProxyEnvSetting> {
    ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"]
        .iter()
        .filter_map(|setting| {
            let variable = ProxyEnv::source_name(|n| inputs.var(n), setting)?;
            let value = inputs.var(&variable).unwrap_or_default();
            Some(ProxyEnvSetting {
                setting: setting.to_string(),
                variable,
                value: redact_text(&value),
            })
        })
        .collect()
}
