//! Facts from the network probes of `gomedic check` (absent with `--offline`):
//! each GOPROXY entry, the checksum database and, as advice, well-known
//! mirrors. Every URL is stored redacted (no userinfo).

use serde::{Deserialize, Serialize};

/// Everything the network probes learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkFacts {
    /// The overall time budget of the probes, in milliseconds.
    pub budget_ms: u64,
    /// How long the probes took, in milliseconds.
    pub elapsed_ms: u64,
    /// The module every proxy was asked about (one any public proxy has).
    pub module: String,
    /// The proxy settings Go reads (`HTTPS_PROXY` ..., first non-empty of
    /// upper then lower case), redacted; with the variable that supplied each.
    #[serde(default)]
    pub proxy_env: Vec<ProxyEnvSetting>,
    /// One probe per URL entry of the effective GOPROXY, in list order.
    pub proxies: Vec<ProxyProbe>,
    /// The checksum database, when GOSUMDB names one.
    pub sumdb: Option<SumdbProbe>,
    /// Well-known public mirrors, probed only when a configured proxy failed.
    #[serde(default)]
    pub mirrors: Vec<MirrorProbe>,
    /// Where the CA certificates used for TLS were read, as Go reads them
    /// (Linux: the first readable bundle file and every CA directory, or
    /// SSL_CERT_FILE / SSL_CERT_DIR; elsewhere the platform store).
    #[serde(default)]
    pub ca_sources: Vec<String>,
    /// How many CA certificates were loaded from there.
    #[serde(default)]
    pub ca_count: usize,
    /// Host-name resolution as Go does it (Unix).
    #[serde(default)]
    pub dns: Option<crate::dns::DnsFacts>,
    /// GOPROXY hosts with IPv4 and IPv6 addresses, asked over each.
    #[serde(default)]
    pub ip_families: Vec<crate::ip_family::IpFamilyProbe>,
}

/// One proxy setting of the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyEnvSetting {
    /// `HTTPS_PROXY`, `HTTP_PROXY` or `NO_PROXY`.
    pub setting: String,
    /// The variable that supplied it (`https_proxy` when the lower case won).
    pub variable: String,
    pub value: String,
}

/// How one GOPROXY entry answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyProbe {
    /// The entry as Go names it (redacted URL).
    pub entry: String,
    /// `|` after the entry: Go goes on after any error (else only 404/410).
    pub fall_back_on_error: bool,
    /// The HTTP proxy the request went through (`HTTPS_PROXY`), redacted.
    pub via_http_proxy: Option<String>,
    /// The protocol requests made, in order (`@v/list`, `@latest`, `.info`, `.mod`).
    pub requests: Vec<RequestFact>,
    pub outcome: ProbeOutcome,
}

/// What Go would make of an entry's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ProbeOutcome {
    /// The entry answered every request of the protocol correctly.
    Ok,
    /// 404 or 410 for a module it must have: Go goes on to the next entry.
    NotFound { status: u16 },
    /// Any other failure: Go stops here after `,`, goes on after `|`.
    Failed { error: NetError },
    /// The entry answered, but not as the GOPROXY protocol says.
    ProtocolViolation { problems: Vec<String> },
    /// Not probed (e.g. a `file://` entry or the budget ran out first).
    #[default]
    NotProbed,
}

/// A network failure and the phase it happened in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetError {
    /// `dns`, `tcp`, `proxy` (the HTTP proxy's CONNECT), `tls` or `http`.
    pub phase: String,
    /// The time bound ran out.
    pub timed_out: bool,
    /// The error text (redacted).
    pub message: String,
    /// For a certificate the verifier rejected: the chain the server
    /// presented, leaf first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presented: Vec<CertFact>,
}

/// One certificate of a presented chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertFact {
    /// Distinguished name, e.g. `O=Corp, CN=Corp Interception Root CA`.
    pub subject: String,
    pub issuer: String,
}

/// One HTTP request and its answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFact {
    /// The URL (redacted).
    pub url: String,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    /// Body bytes read (at most the size cap).
    pub bytes: u64,
    /// Milliseconds per phase; absent for phases that did not happen
    /// (e.g. no TLS over http, no DNS for an IP address).
    pub dns_ms: Option<u64>,
    pub tcp_ms: Option<u64>,
    pub tls_ms: Option<u64>,
    /// From the request being sent to the last body byte.
    pub http_ms: Option<u64>,
    pub total_ms: u64,
    /// Redirects followed.
    #[serde(default)]
    pub redirects: u32,
    pub error: Option<NetError>,
}

/// The checksum database probe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SumdbProbe {
    /// The database name (from GOSUMDB).
    pub name: String,
    /// The base URL Go would use (the GOSUMDB URL, `<proxy>/sumdb/<name>` or
    /// `https://<name>`), redacted; `None` when it could not be decided.
    pub base_url: Option<String>,
    /// How the base was chosen, in Go's order.
    pub steps: Vec<RequestFact>,
    pub outcome: SumdbOutcome,
}

/// What came of the checksum database probe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SumdbOutcome {
    /// `/latest` answered with a tree head signed by the configured key.
    Verified { tree_size: u64 },
    /// The database (or the proxy in front of it) could not be reached.
    Unreachable { error: NetError },
    /// The tree head did not verify with the configured key.
    VerifyFailed { message: String },
    #[default]
    NotProbed,
}

/// One well-known mirror, probed as advice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorProbe {
    /// The GOPROXY URL of the mirror (or the checksum database mirror).
    pub url: String,
    /// A mirror of the checksum database (`GOSUMDB`), not of modules.
    #[serde(default)]
    pub sumdb: bool,
    /// Answered with 200 (`@v/list` of the probe module, or a verified
    /// `/latest`).
    pub ok: bool,
    pub total_ms: u64,
    pub error: Option<String>,
}
