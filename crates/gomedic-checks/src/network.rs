//! Checks on the network probes (`Snapshot::network`, absent with
//! `--offline`) and on settings that weaken module security: which GOPROXY
//! link breaks under Go's fallback rules, plain-http proxies, too-broad
//! GOINSECURE/GONOSUMDB, and the checksum database.

use crate::context::{Ctx, code};
use crate::fixes;
use crate::modules::release;
use gomedic_go::goproxy::{ProxyEntry, parse_proxy_list_for_os};
use gomedic_go::pattern::matching_pattern;
use gomedic_model::network::{
    MirrorProbe, NetError, NetworkFacts, ProbeOutcome, ProxyProbe, SumdbOutcome, SumdbProbe,
};
use gomedic_model::{Evidence, Finding, Fix, Severity};

fn describe_error(e: &NetError) -> String {
    let what = match e.phase.as_str() {
        "dns" => "name lookup (DNS)",
        "tcp" => "TCP connection",
        "proxy" => "HTTP proxy (HTTPS_PROXY) connection",
        "tls" => "TLS handshake",
        _ => "HTTP exchange",
    };
    let timeout = if e.timed_out { " (timed out)" } else { "" };
    format!("{what} failed{timeout}: {}", e.message)
}

/// The HTTP(S)_PROXY / NO_PROXY settings go resolves, each with the variable
/// it came from.
fn proxy_env_evidence(net: &NetworkFacts) -> impl Iterator<Item = Evidence> + '_ {
    net.proxy_env.iter().map(|s| {
        Evidence::new(
            &s.setting,
            &s.value,
            format!("process environment ({})", s.variable),
        )
    })
}

fn probe_evidence(p: &ProxyProbe) -> Evidence {
    let last = p.requests.last();
    let latency = last.map_or(String::new(), |r| format!(" in {} ms", r.total_ms));
    let value = match &p.outcome {
        ProbeOutcome::Ok => format!("answered the GOPROXY protocol{latency}"),
        ProbeOutcome::NotFound { status } => format!("{status} (not found){latency}"),
        ProbeOutcome::Failed { error } => format!("{}{latency}", describe_error(error)),
        ProbeOutcome::ProtocolViolation { problems } => {
            format!("broke the GOPROXY protocol: {}", problems.join("; "))
        }
        ProbeOutcome::NotProbed => "not probed".to_string(),
    };
    let via = p
        .via_http_proxy
        .as_ref()
        .map_or(String::new(), |v| format!(" through HTTP proxy {v}"));
    Evidence::new(
        format!("GOPROXY entry {}", p.entry),
        value,
        format!("probe of {}{via}", last.map_or("", |r| r.url.as_str())),
    )
}

/// The answering mirrors, fastest first.
fn answering(mirrors: &[MirrorProbe], sumdb: bool) -> Vec<&MirrorProbe> {
    let mut ok: Vec<&MirrorProbe> = mirrors
        .iter()
        .filter(|m| m.ok && m.sumdb == sumdb)
        .collect();
    ok.sort_by_key(|m| m.total_ms);
    ok
}

fn mirror_advice(ctx: &Ctx, net: &NetworkFacts) -> Option<Fix> {
    let ok = answering(&net.mirrors, false);
    let fastest = ok.first()?;
    let others: Vec<String> = ok
        .iter()
        .map(|m| format!("{} ({} ms)", m.url, m.total_ms))
        .collect();
    Some(advise_setting(
        ctx,
        "GOPROXY",
        &format!("{},direct", fastest.url),
        format!(
            "Advice, not a verdict: these public mirrors answered from this machine: {}. The fastest \
             was {}. A mirror sees which modules you download; your company's policy may require a \
             specific proxy. The checksum database still verifies what a mirror serves.",
            others.join(", "),
            fastest.url
        ),
    ))
}

/// `fixes::set_go_setting` (which also unsets a shadowing OS variable),
/// introduced by `why`.
fn advise_setting(ctx: &Ctx, key: &str, value: &str, why: String) -> Fix {
    let mut fix = fixes::set_go_setting(ctx, key, value);
    fix.description = format!("{why} {}", fix.description);
    fix
}

/// The effective GOPROXY walk for a public module, paired with the probes.
enum Walk<'a> {
    /// The walk reached this answering proxy after `failed` failures.
    Answered(&'a ProxyProbe),
    /// A failure after `,`: Go stops here.
    StoppedAt(&'a ProxyProbe),
    /// The walk reached `direct` (origin servers).
    Direct,
    /// The walk reached `off` or the end of the list.
    Exhausted,
    /// Some entry was not probed: no verdict.
    Unknown,
}

/// modules/proxy-unreachable: a GOPROXY entry a public module reaches does
/// not answer, judged with Go's fallback rules.
pub fn proxy_unreachable(ctx: &Ctx) -> Vec<Finding> {
    let Some(net) = &ctx.snap.network else {
        return Vec::new();
    };
    let Ok(list) = parse_proxy_list_for_os(
        ctx.value("GOPROXY"),
        ctx.value("GONOPROXY"),
        release(ctx),
        ctx.go_host_os() == "windows",
    ) else {
        return Vec::new();
    };
    let mut probes = net.proxies.iter();
    let mut failed: Vec<&ProxyProbe> = Vec::new();
    let mut walk = Walk::Exhausted;
    for spec in list.specs.iter().filter(|s| s.entry != ProxyEntry::NoProxy) {
        match &spec.entry {
            ProxyEntry::Url(_) => {
                let Some(p) = probes.next() else {
                    walk = Walk::Unknown;
                    break;
                };
                match &p.outcome {
                    ProbeOutcome::Ok => {
                        walk = Walk::Answered(p);
                        break;
                    }
                    ProbeOutcome::NotFound { .. } => {}
                    ProbeOutcome::Failed { .. } | ProbeOutcome::ProtocolViolation { .. } => {
                        failed.push(p);
                        if !spec.fall_back_on_error {
                            walk = Walk::StoppedAt(p);
                            break;
                        }
                    }
                    ProbeOutcome::NotProbed => {
                        walk = Walk::Unknown;
                        break;
                    }
                }
            }
            ProxyEntry::Direct => {
                walk = Walk::Direct;
                break;
            }
            _ => {
                walk = Walk::Exhausted;
                break;
            }
        }
    }
    let Some(first) = failed.first() else {
        return Vec::new();
    };
    let (severity, title, consequence) = match walk {
        Walk::Unknown => return Vec::new(),
        Walk::StoppedAt(p) => (
            Severity::Error,
            format!(
                "GOPROXY entry {} cannot be reached and go stops there (`,` falls through only on 404/410)",
                code(&p.entry)
            ),
            "Every module download fails with this error; the entries after it are never tried.".to_string(),
        ),
        Walk::Answered(p) => (
            Severity::Warning,
            format!(
                "GOPROXY entry {} cannot be reached; go falls back to {} after the error (`|`)",
                code(&first.entry),
                code(&p.entry)
            ),
            "Downloads work, but every request first waits for the failing entry.".to_string(),
        ),
        Walk::Direct => (
            Severity::Warning,
            format!(
                "GOPROXY entry {} cannot be reached; go falls back to `direct` (origin servers)",
                code(&first.entry)
            ),
            "Modules are then fetched from their origin (git over https, `?go-get=1` pages): slower, \
             needs git and access to every origin host, and private-network rules apply."
                .to_string(),
        ),
        Walk::Exhausted => (
            Severity::Error,
            format!(
                "No GOPROXY entry answers: {} failed and nothing after it can serve modules",
                code(&first.entry)
            ),
            "Every module download fails.".to_string(),
        ),
    };
    let mut f = Finding::new(
        "modules/proxy-unreachable",
        severity,
        title,
        format!("{consequence} {PROXY_UNREACHABLE_SHORT}"),
    );
    f.evidence.push(ctx.evidence("GOPROXY"));
    for p in &net.proxies {
        f.evidence.push(probe_evidence(p));
    }
    f.evidence.extend(proxy_env_evidence(net));
    if let Some(fix) = mirror_advice(ctx, net) {
        f.fixes.push(fix);
    }
    f.fixes.push(Fix::new(
        "If you need an HTTP proxy to reach the internet, export HTTPS_PROXY (e.g. `http://proxy.corp:3128`) \
         where go runs — shell, IDE, CI job, `docker build --build-arg` — and keep the proxy hosts out of NO_PROXY.",
    ));
    if matches!(walk, Walk::StoppedAt(_)) {
        f.fixes.push(Fix::new(
            "To let go try the next entry after any error, separate the entries with `|` instead of `,`.",
        ));
    }
    vec![f]
}

const PROXY_UNREACHABLE_SHORT: &str = "The go command asks the GOPROXY entries in order. After `,` it \
moves on only when a proxy answers 404 or 410; after `|` it moves on after any error; `direct` fetches \
from origin servers and `off` stops. gomedic asked each entry for a module every public proxy has and \
recorded where the connection broke (DNS, TCP, HTTP proxy, TLS or HTTP).";

/// Module paths any public proxy serves; a pattern matching them is too broad.
const PUBLIC_PATHS: [&str; 3] = ["github.com/x/y", "golang.org/x/text", "gopkg.in/yaml.v3"];

/// modules/proxy-insecure: a plain-http proxy off loopback, or
/// GOINSECURE/GONOSUMDB patterns that cover public modules.
pub fn proxy_insecure(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Ok(list) = parse_proxy_list_for_os(
        ctx.value("GOPROXY"),
        ctx.value("GONOPROXY"),
        release(ctx),
        ctx.go_host_os() == "windows",
    ) {
        let plain = list.plain_http_off_loopback(release(ctx));
        if let Some(first) = plain.first() {
            let first = gomedic_model::redact::redact_text(first);
            let mut f = Finding::new(
                "modules/proxy-insecure",
                Severity::Warning,
                format!("GOPROXY uses plain http to {}", code(&first)),
                "Module downloads from this proxy travel unencrypted: anyone on the path sees which modules \
                 (and private module paths) you fetch and can alter what you receive. go.sum and the checksum \
                 database still catch altered public modules, but not modules excluded by GONOSUMDB/GOPRIVATE.",
            );
            f.evidence.push(ctx.evidence("GOPROXY"));
            f.fixes.push(fixes::set_go_setting(
                ctx,
                "GOPROXY",
                &ctx.value("GOPROXY").replace("http://", "https://"),
            ));
            out.push(f);
        }
    }
    for key in ["GOINSECURE", "GONOSUMDB"] {
        let globs = ctx.value(key);
        let Some((path, glob)) = PUBLIC_PATHS
            .iter()
            .find_map(|p| matching_pattern(globs, p).map(|g| (*p, g)))
        else {
            continue;
        };
        let what = if key == "GOINSECURE" {
            "fetched over unverified https or plain http when go goes direct"
        } else {
            "never checked against the checksum database"
        };
        let mut f = Finding::new(
            "modules/proxy-insecure",
            Severity::Warning,
            format!(
                "{key} pattern {} covers public modules such as {}: they are {what}",
                code(glob),
                code(path)
            ),
            "GOINSECURE lets direct fetches skip certificate checks and use plain http; GONOSUMDB (which \
             defaults to GOPRIVATE) turns off the checksum database for matching modules, so a tampered \
             or re-tagged module goes unnoticed when it is not yet in go.sum. Both are meant for the \
             handful of private hosts that need them, never for whole public hosting sites.",
        );
        f.evidence.push(ctx.evidence(key));
        f.fixes.push(Fix::new(format!(
            "Limit {key} to your private hosts, e.g. `git.corp.example.com,github.com/yourorg/*`."
        )).with_command(fixes::go_env_w(ctx.platform, key, "git.corp.example.com")));
        out.push(f);
    }
    out
}

fn sumdb_evidence(ctx: &Ctx, s: &SumdbProbe) -> Vec<Evidence> {
    let mut ev = vec![ctx.evidence("GOSUMDB")];
    if let Some(base) = &s.base_url {
        ev.push(Evidence::new(
            "checksum database URL",
            base,
            "chosen as go does",
        ));
    }
    for r in &s.steps {
        let value = match (&r.error, r.status) {
            (Some(e), _) => describe_error(e),
            (None, Some(st)) => format!("{st} in {} ms", r.total_ms),
            (None, None) => "no answer".into(),
        };
        ev.push(Evidence::new(format!("GET {}", r.url), value, "probe"));
    }
    ev
}

/// modules/sumdb-unreachable: the checksum database cannot be reached.
pub fn sumdb_unreachable(ctx: &Ctx) -> Vec<Finding> {
    let Some(net) = &ctx.snap.network else {
        return Vec::new();
    };
    let Some(s) = &net.sumdb else {
        return Vec::new();
    };
    let SumdbOutcome::Unreachable { error } = &s.outcome else {
        return Vec::new();
    };
    let mut f = Finding::new(
        "modules/sumdb-unreachable",
        Severity::Error,
        format!(
            "The checksum database {} cannot be reached: {}",
            code(&s.name),
            describe_error(error)
        ),
        "go checks every module that is not yet in go.sum against the checksum database and fails when \
         it cannot ask (there is no fallback): `go get`, `go mod tidy` and toolchain downloads stop with \
         `verifying module: ...`. go reaches the database through the first GOPROXY entry that answers \
         `/sumdb/<name>/supported`, otherwise directly at https://<name>.",
    );
    f.evidence = sumdb_evidence(ctx, s);
    if let Some(m) = answering(&net.mirrors, true).first() {
        f.fixes.push(advise_setting(
            ctx,
            "GOSUMDB",
            "sum.golang.google.cn",
            format!(
                "Advice: the sum.golang.org mirror {} answered from here with a correctly signed tree head \
                 ({} ms); it serves the same log under the same key.",
                m.url, m.total_ms
            ),
        ));
    }
    f.fixes.push(Fix::new(
        "Use a GOPROXY that proxies the checksum database (proxy.golang.org, goproxy.cn and most corporate \
         proxies do), or let go reach the database through HTTPS_PROXY. Do not turn it off with GOSUMDB=off.",
    ));
    vec![f]
}

/// modules/sumdb-verify-failed: the database answered, but its signed tree
/// head does not verify with the configured key.
pub fn sumdb_verify_failed(ctx: &Ctx) -> Vec<Finding> {
    let mut findings = tree_head_failure(ctx);
    findings.extend(crate::module_audit::sumdb_audit_failures(ctx));
    findings
}

fn tree_head_failure(ctx: &Ctx) -> Vec<Finding> {
    let Some(s) = ctx.snap.network.as_ref().and_then(|n| n.sumdb.as_ref()) else {
        return Vec::new();
    };
    let SumdbOutcome::VerifyFailed { message } = &s.outcome else {
        return Vec::new();
    };
    let mut f = Finding::new(
        "modules/sumdb-verify-failed",
        Severity::Error,
        format!(
            "The checksum database {} answered with a tree head that does not verify: {message}",
            code(&s.name)
        ),
        "Every answer of the checksum database is signed; go refuses answers whose signature does not \
         match the key in GOSUMDB. A wrong key in GOSUMDB, a proxy that serves a different database under \
         this name, or something rewriting the traffic makes every verification fail.",
    );
    f.evidence = sumdb_evidence(ctx, s);
    f.fixes.push(advise_setting(
        ctx,
        "GOSUMDB",
        "sum.golang.org",
        "Use the default database and its built-in key unless your company runs its own.".into(),
    ));
    vec![f]
}

pub(crate) const PROXY_UNREACHABLE: &str = "What: an entry of GOPROXY that a public module reaches does not \
answer: the name does not resolve, the TCP connection is refused or times out, the HTTP proxy refuses the \
tunnel, the TLS handshake fails, or the server answers with an error status.

Why it matters: the go command asks the GOPROXY entries in order, and the separator after an entry decides \
what happens on failure: after `,` go moves on only when the proxy answers 404 or 410 (not found), so a \
proxy that is down stops every download with its error; after `|` go moves on after any error; `direct` \
fetches from the origin servers and `off` stops. proxy.golang.org is blocked in some countries and many \
company networks, and an HTTPS_PROXY exported in a shell does not reach IDEs, services or docker builds.

How gomedic detects it: unless --offline, it asks every GOPROXY entry, concurrently and within a time budget \
(--timeout), for a module any public proxy has (@v/list, @latest, .info, .mod), honouring HTTPS_PROXY and \
NO_PROXY exactly as Go does, and times each phase. It then walks the list with Go's fallback rules. When a \
proxy fails it also asks well-known public mirrors and lists those that answer, fastest first, as advice.

Fix: use a proxy that answers from your network (`go env -w GOPROXY=https://goproxy.cn,direct` in mainland \
China, or your company's proxy), export HTTPS_PROXY where go runs, or use `|` to fall back on errors.

References: https://go.dev/ref/mod#goproxy-protocol, https://go.dev/ref/mod#module-proxy, \
https://goproxy.cn";

pub(crate) const PROXY_INSECURE: &str = "What: GOPROXY sends module requests over plain http to a host that \
is not this machine, or GOINSECURE / GONOSUMDB (which defaults to GOPRIVATE) has a pattern broad enough to \
cover public hosting sites such as github.com or golang.org.

Why it matters: plain http lets anyone on the path read and change module downloads. GOINSECURE makes \
direct fetches accept any certificate and fall back to http. GONOSUMDB switches off the checksum database, \
the only check that a module you have not downloaded before is the one everybody else got. These settings \
exist for a few private hosts; a pattern like `*` or `github.com` applies them to the whole public ecosystem.

How gomedic detects it: it parses GOPROXY as Go does and flags http:// entries whose host is not loopback, \
and matches the GOINSECURE and effective GONOSUMDB patterns (Go's MatchPrefixPatterns) against well-known \
public module paths. No network access is needed.

Fix: use https for proxies; limit GOINSECURE and GOPRIVATE/GONOSUMDB to your private hosts.

References: https://go.dev/ref/mod#private-modules, https://go.dev/ref/mod#environment-variables, \
https://go.dev/ref/mod#checksum-database";

pub(crate) const SUMDB_UNREACHABLE: &str = "What: the checksum database named by GOSUMDB (sum.golang.org by \
default) cannot be reached, neither through the GOPROXY entry go would use for it nor directly.

Why it matters: every module that is not yet in go.sum, and every toolchain download, is verified against \
the database. When the database cannot be asked, go fails (`verifying module: ... dial tcp ...`); there is \
no fallback and GOPROXY=off does not change that.

How gomedic detects it: it reaches the database the way Go does: the URL given in GOSUMDB if there is one; \
otherwise it asks each GOPROXY entry for `/sumdb/<name>/supported` and uses the first that answers 200 \
(404/410, or any error after `|`, moves on), and finally https://<name> directly. It fetches `/latest` and \
verifies the signed tree head. When that fails it tries the sum.golang.org mirror sum.golang.google.cn.

Fix: `go env -w GOSUMDB=sum.golang.google.cn` where sum.golang.org is blocked (same log, same key), or a \
GOPROXY that proxies the database, or an HTTPS_PROXY that reaches it. Do not set GOSUMDB=off.

References: https://go.dev/ref/mod#checksum-database, https://go.dev/ref/mod#authenticating, \
https://sum.golang.org";

pub(crate) const SUMDB_VERIFY_FAILED: &str = "What: the checksum database answered, but the signed tree head \
it returned from `/latest` does not verify with the key configured in GOSUMDB (or it is malformed); or, for \
the project's go.sum, the database contradicts a line, lacks it, cannot prove its record in the signed tree, \
or serves a tree that forks from or rolls back one seen before.

Why it matters: go verifies the database's signature on every answer; with a wrong key or a database that \
is not the one named, every verification fails and downloads stop with `verifying module: ...`. A signature \
that suddenly stops verifying can also mean that something between you and the database rewrites traffic.

How gomedic detects it: after reaching the database as Go does (GOSUMDB URL, or the GOPROXY entry that \
supports it, or https://<name>), it opens the note from `/latest` with the verifier key (Ed25519, key hash \
checked as in golang.org/x/mod/sumdb/note) and parses the tree it signs. Unless --offline (and with \
`gomedic verify --sumdb`), it also looks up every go.sum line of the project as the go command does for a \
module missing from go.sum: `/lookup/M@V`, the record proven in the signed tree tile by tile, every tree \
proven consistent with the others and with the go command's record in GOPATH/pkg/sumdb/<name>/latest \
(a fork or rollback is reported with the go command's SECURITY ERROR text), and the database's hashes \
compared with the go.sum lines (module, both hashes, go.sum line number).

Fix: use the default database and key (`go env -w GOSUMDB=sum.golang.org`), or the exact key your company \
publishes for its own database.

References: https://go.dev/ref/mod#checksum-database, https://pkg.go.dev/golang.org/x/mod/sumdb/note, \
https://research.swtch.com/tlog";

/// Public services whose certificates come from public CAs: an unknown
/// issuer for them means something re-signs the traffic.
const PUBLIC_HOSTS: [&str; 8] = [
    "proxy.golang.org",
    "sum.golang.org",
    "goproxy.cn",
    "goproxy.io",
    "mirrors.aliyun.com",
    "proxy.golang.com.cn",
    "sum.golang.google.cn",
    "github.com",
];

fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// network/tls-untrusted: a TLS endpoint go uses presented a chain that the
/// roots Go uses do not trust.
pub fn tls_untrusted(ctx: &Ctx) -> Vec<Finding> {
    let Some(net) = &ctx.snap.network else {
        return Vec::new();
    };
    let requests = net
        .proxies
        .iter()
        .flat_map(|p| &p.requests)
        .chain(net.sumdb.iter().flat_map(|s| &s.steps));
    let mut out: Vec<Finding> = Vec::new();
    let mut seen_hosts: Vec<String> = Vec::new();
    for r in requests {
        let Some(e) = &r.error else { continue };
        let certificate_error =
            e.message.contains("invalid peer certificate") || e.message.contains("UnknownIssuer");
        if e.phase != "tls" || !certificate_error {
            continue;
        }
        let host = url_host(&r.url).to_string();
        if seen_hosts.contains(&host) {
            continue;
        }
        seen_hosts.push(host.clone());
        let leaf = e.presented.first();
        let top = e.presented.last();
        let issuer = top.map_or("(not recorded)", |c| c.issuer.as_str());
        let interception = PUBLIC_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h));
        let mut f = Finding::new(
            "network/tls-untrusted",
            Severity::Error,
            format!(
                "TLS to {} presents a certificate issued by {} that Go does not trust{}",
                code(&host),
                code(issuer),
                if interception {
                    " (looks like TLS interception)"
                } else {
                    ""
                }
            ),
            "go verifies every https connection (proxies, the checksum database, `?go-get=1` pages) \
             against the CA certificates of the system; GOINSECURE does not change that for proxies or \
             the checksum database. A company proxy that inspects TLS re-signs every site with its own \
             root CA; until that root is installed where Go reads CA certificates, every download fails \
             with `x509: certificate signed by unknown authority`.",
        );
        f.evidence
            .push(Evidence::new("endpoint", &r.url, "network probe"));
        f.evidence
            .push(Evidence::new("error", &e.message, "TLS handshake"));
        if let Some(leaf) = leaf {
            f.evidence.push(Evidence::new(
                "presented certificate",
                format!("subject {}; issuer {}", leaf.subject, leaf.issuer),
                "server's chain (leaf)",
            ));
        }
        if e.presented.len() > 1
            && let Some(top) = top
        {
            f.evidence.push(Evidence::new(
                "top of the presented chain",
                format!("subject {}; issuer {}", top.subject, top.issuer),
                "server's chain",
            ));
        }
        f.evidence.push(Evidence::new(
            "CA certificates Go reads",
            if net.ca_sources.is_empty() {
                "none found".to_string()
            } else {
                format!(
                    "{} ({} certificates)",
                    net.ca_sources.join(", "),
                    net.ca_count
                )
            },
            "crypto/x509 root locations",
        ));
        f.fixes.push(ca_fix(ctx, issuer));
        crate::tls_platform::platform_notes(ctx, &mut f);
        f.fixes.push(Fix::new(
            "Do not work around it with GOINSECURE, GOSUMDB=off or GOFLAGS=-insecure: they do not apply \
             to proxies and switch off the checks that protect you.",
        ));
        out.push(f);
    }
    out
}

fn ca_fix(ctx: &Ctx, issuer: &str) -> Fix {
    match ctx.platform {
        crate::context::Platform::Linux => Fix::new(format!(
            "Install the CA certificate that issued it ({issuer}; ask your IT department for the file) \
             into the system bundle Go reads, or point SSL_CERT_FILE at a bundle that contains it."
        ))
        .with_command("sudo cp corp-root-ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates")
        .with_command("sudo cp corp-root-ca.crt /etc/pki/ca-trust/source/anchors/ && sudo update-ca-trust"),
        crate::context::Platform::MacOs => Fix::new(format!(
            "Add the CA certificate that issued it ({issuer}) to the System keychain and trust it for SSL."
        ))
        .with_command(
            "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain corp-root-ca.crt",
        ),
        crate::context::Platform::Windows => Fix::new(format!(
            "Import the CA certificate that issued it ({issuer}) into the Trusted Root Certification Authorities store."
        ))
        .with_command("Import-Certificate -FilePath corp-root-ca.crt -CertStoreLocation Cert:\\LocalMachine\\Root"),
    }
}

/// network/ca-bundle-missing: on Linux, none of the files and directories
/// Go reads CA certificates from gave any certificate.
pub fn ca_bundle_missing(ctx: &Ctx) -> Vec<Finding> {
    let Some(net) = &ctx.snap.network else {
        return Vec::new();
    };
    if ctx.platform != crate::context::Platform::Linux || net.ca_count > 0 {
        return Vec::new();
    }
    let mut f = Finding::new(
        "network/ca-bundle-missing",
        Severity::Error,
        "No CA certificates where Go looks for them: every https download fails".to_string(),
        "On Linux Go reads CA certificates from the first readable file of /etc/ssl/certs/ca-certificates.crt, \
         /etc/pki/tls/certs/ca-bundle.crt, /etc/ssl/ca-bundle.pem, /etc/pki/tls/cacert.pem, \
         /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem and /etc/ssl/cert.pem, plus every file in \
         /etc/ssl/certs and /etc/pki/tls/certs; SSL_CERT_FILE and SSL_CERT_DIR replace these lists. None \
         gave a certificate (typical of minimal containers without the ca-certificates package).",
    );
    for key in ["SSL_CERT_FILE", "SSL_CERT_DIR"] {
        f.evidence.push(Evidence::new(
            key,
            ctx.os_env(key).unwrap_or("(unset)"),
            "process environment",
        ));
    }
    f.evidence.push(Evidence::new(
        "CA certificates found",
        "0",
        "files and directories crypto/x509 reads",
    ));
    f.fixes.push(
        Fix::new("Install the CA bundle of your distribution (Alpine: `apk add ca-certificates`).")
            .with_command("sudo apt-get install ca-certificates"),
    );
    f.fixes.push(Fix::new(
        "Or point SSL_CERT_FILE at a PEM bundle that exists (and unset a wrong one).",
    ));
    vec![f]
}

pub(crate) const TLS_UNTRUSTED: &str = "What: an https endpoint the go command uses (a GOPROXY entry, \
the checksum database) presented a certificate chain that the CA certificates Go trusts do not verify. \
gomedic names the subject and issuer of the presented certificates.

Why it matters: go verifies every https connection and has no switch to skip it for proxies or the \
checksum database. Company networks that inspect TLS (Zscaler, Netskope, Palo Alto, ...) re-sign every \
site with their own root CA; browsers trust it because IT installed it in their store, but Go on Linux \
reads only the system bundle files (or SSL_CERT_FILE/SSL_CERT_DIR), and WSL or containers do not inherit \
the host's store. Downloads then fail with `x509: certificate signed by unknown authority`.

How gomedic detects it: the network probes load the roots the way Go does (Linux: the first readable of \
Go's bundle files plus its CA directories, with SSL_CERT_FILE/SSL_CERT_DIR overrides; elsewhere the \
platform store), verify each chain, and record the chain when verification fails. A public service \
(proxy.golang.org, sum.golang.org, ...) presenting an unknown issuer looks like interception.

Fix: install the issuing root CA into the system store (update-ca-certificates, update-ca-trust, \
Keychain, Windows certificate store); on Linux and other Unix systems, or set SSL_CERT_FILE to a bundle that \
has it. On macOS (Go 1.18 and later) and Windows go asks the platform verifier, which ignores \
SSL_CERT_FILE and SSL_CERT_DIR: trust the CA in the System or login keychain (`security add-trusted-cert`), \
or in the LocalMachine or CurrentUser Root store (`Import-Certificate`); gomedic says so when either \
variable is set there.

References: https://pkg.go.dev/crypto/x509#SystemCertPool, https://go.dev/src/crypto/x509/root_linux.go, \
https://github.com/golang/go/issues/40370";

pub(crate) const CA_BUNDLE_MISSING: &str = "What: on Linux, none of the places Go reads CA certificates \
from gave a single certificate: the bundle files /etc/ssl/certs/ca-certificates.crt, \
/etc/pki/tls/certs/ca-bundle.crt, /etc/ssl/ca-bundle.pem, /etc/pki/tls/cacert.pem, \
/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem, /etc/ssl/cert.pem (the first readable wins) and the \
directories /etc/ssl/certs and /etc/pki/tls/certs, or the SSL_CERT_FILE / SSL_CERT_DIR that replace them.

Why it matters: with no roots every https connection fails verification, so the go command cannot reach \
any module proxy, the checksum database or a `?go-get=1` page. This is typical of minimal container \
images (scratch, distroless without certificates, slim images) and of an SSL_CERT_FILE that points to a \
file that does not exist.

How gomedic detects it: the network probes load the roots exactly where Go looks for them and count the \
certificates found.

Fix: install your distribution's ca-certificates package, copy a bundle into the image, or fix \
SSL_CERT_FILE / SSL_CERT_DIR.

References: https://go.dev/src/crypto/x509/root_linux.go, https://go.dev/src/crypto/x509/root_unix.go, \
https://pkg.go.dev/crypto/x509#SystemCertPool";

/// network/http-proxy-env: proxy variables Go reads differently from other
/// tools, and an HTTP proxy that the probes could not use.
pub fn http_proxy_env(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let set = |k: &str| ctx.os_env(k).filter(|v| !v.is_empty());
    for (upper, lower) in [
        ("HTTPS_PROXY", "https_proxy"),
        ("HTTP_PROXY", "http_proxy"),
        ("NO_PROXY", "no_proxy"),
    ] {
        let (Some(u), Some(l)) = (set(upper), set(lower)) else {
            continue;
        };
        if u == l {
            continue;
        }
        let mut f = Finding::new(
            "network/http-proxy-env",
            Severity::Warning,
            format!("{upper} and {lower} differ: Go uses {upper}, other tools may use {lower}"),
            "Go reads the upper-case variable first and falls back to the lower-case one only when the \
             upper-case one is empty; curl and git prefer the lower-case http_proxy. With two different \
             values, go and the tools you test with reach the network differently.",
        );
        f.evidence
            .push(Evidence::new(upper, u, "process environment"));
        f.evidence
            .push(Evidence::new(lower, l, "process environment"));
        f.fixes.push(Fix::new(format!(
            "Set both to the same value (or unset {lower}) in your shell start-up files."
        )));
        out.push(f);
    }
    if let Some(all) = set("ALL_PROXY").or_else(|| set("all_proxy"))
        && set("HTTPS_PROXY").or_else(|| set("https_proxy")).is_none()
    {
        let mut f = Finding::new(
            "network/http-proxy-env",
            Severity::Warning,
            "ALL_PROXY is set but HTTPS_PROXY is not: curl uses the proxy, go does not".to_string(),
            "Go reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY only; it ignores ALL_PROXY. A network where \
             downloads work in curl through ALL_PROXY sends go straight to the internet.",
        );
        f.evidence
            .push(Evidence::new("ALL_PROXY", all, "process environment"));
        f.fixes.push(Fix::new(
            "Export HTTPS_PROXY (and HTTP_PROXY) with the same proxy where go runs.",
        ));
        out.push(f);
    }
    let Some(net) = &ctx.snap.network else {
        return out;
    };
    let mut reported: Vec<&str> = Vec::new();
    for p in &net.proxies {
        let ProbeOutcome::Failed { error } = &p.outcome else {
            continue;
        };
        let Some(via) = p.via_http_proxy.as_deref() else {
            continue;
        };
        if error.phase != "proxy" || reported.contains(&via) {
            continue;
        }
        reported.push(via);
        let tls_to_plain = via.starts_with("https://")
            && (error.message.contains("tls") || error.message.contains("TLS"));
        let mut f = Finding::new(
            "network/http-proxy-env",
            Severity::Error,
            format!(
                "The HTTP proxy {} that go uses for {} does not work: {}",
                code(via),
                code(&p.entry),
                error.message
            ),
            "go sends https requests through the proxy named by HTTPS_PROXY (https_proxy) with a \
             CONNECT request. The proxy refused, needs credentials, or does not answer, so every module \
             download through it fails.",
        );
        f.evidence.push(probe_evidence(p));
        f.evidence.extend(proxy_env_evidence(net));
        if tls_to_plain {
            f.fixes.push(Fix::new(format!(
                "The scheme of the proxy URL is the protocol spoken to the proxy: most proxies speak plain \
                 http even for https sites. Use {}.",
                code(&via.replacen("https://", "http://", 1))
            )));
        }
        f.fixes.push(Fix::new(
            "Check the proxy host and port, and credentials (`http://user:password@proxy:port`, \
             percent-encoded) with your network administrator; add hosts that must not use the proxy to NO_PROXY.",
        ));
        out.push(f);
    }
    out
}

pub(crate) const HTTP_PROXY_ENV: &str = "What: the HTTP proxy settings the go command reads are \
inconsistent or do not work: HTTPS_PROXY and https_proxy (or HTTP_PROXY/http_proxy, NO_PROXY/no_proxy) \
hold different values; ALL_PROXY is set without HTTPS_PROXY; or the proxy they name refuses the CONNECT \
tunnel, asks for credentials, or does not speak the protocol of its URL's scheme.

Why it matters: Go (net/http ProxyFromEnvironment) takes the first non-empty of the upper-case then the \
lower-case variable, uses HTTPS_PROXY for https requests and HTTP_PROXY for http ones, never ALL_PROXY, \
and skips the proxy for localhost, loopback addresses and NO_PROXY matches. curl and git read the \
variables differently, so a download that works in curl can fail in go. The scheme of the proxy URL is \
the protocol spoken to the proxy: `https://proxy:3128` for a plain-http proxy fails with `proxyconnect \
tcp: tls: first record does not look like a TLS handshake`.

How gomedic detects it: it reads the variables as Go does (a pure reimplementation of Go's httpproxy rules) \
and sends its GOPROXY probes through the proxy Go would use, recording proxy failures separately.

Fix: one value per setting, HTTPS_PROXY for go, `http://` for plain proxies, credentials percent-encoded.

References: https://pkg.go.dev/net/http#ProxyFromEnvironment, \
https://pkg.go.dev/golang.org/x/net/http/httpproxy, https://github.com/docker/for-linux/issues/415";
