//! Facts about host-name resolution as the go command does it: which
//! resolver it uses and, for Go's own DNS client, what the nameservers of
//! resolv.conf answered for the hosts Go must reach, next to what the
//! system resolver answered.

use serde::{Deserialize, Serialize};

/// What the DNS probe learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsFacts {
    /// `go` (Go's own DNS client) or `system` (libc / the OS API).
    pub resolver: String,
    /// Why Go picks that resolver.
    pub resolver_reason: String,
    /// The resolv.conf Go reads.
    pub resolv_conf: String,
    /// Why it could not be read, when it could not.
    pub resolv_conf_error: Option<String>,
    /// The nameservers Go asks (`ip:53`), in order.
    pub nameservers: Vec<String>,
    /// True when these are Go's defaults because resolv.conf names none.
    pub default_nameservers: bool,
    pub search: Vec<String>,
    pub ndots: u32,
    pub timeout_secs: u32,
    pub attempts: u32,
    /// One lookup per host Go must reach.
    pub lookups: Vec<DnsLookup>,
}

/// One host, resolved both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsLookup {
    pub host: String,
    /// Why Go needs it (e.g. `GOPROXY https://proxy.golang.org`).
    pub purpose: String,
    /// The addresses came from the hosts file: Go does not ask DNS.
    pub from_hosts_file: bool,
    /// Asking resolv.conf's nameservers as Go's client does (None when Go
    /// uses the system resolver).
    pub go: Option<DnsAnswer>,
    /// The system resolver (getaddrinfo).
    pub system: DnsAnswer,
}

/// The answer of one resolver.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsAnswer {
    pub addresses: Vec<String>,
    /// `servfail`, `refused`, `timeout`, `nxdomain`, `no-answer`,
    /// `unreachable` or `error`; None on success.
    pub failure: Option<String>,
    /// The error as Go words it (`lookup h on 127.0.0.1:53: server misbehaving`).
    pub error: Option<String>,
    pub elapsed_ms: u64,
}
