//! network/dns-failure: the resolver the go command uses (on Linux its own
//! DNS client, which reads /etc/resolv.conf itself) cannot resolve a host Go
//! must reach, often while the system resolver (curl, browsers) can.

use crate::context::Ctx;
use gomedic_model::dns::{DnsAnswer, DnsFacts, DnsLookup};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// network/dns-failure.
pub fn dns_failure(ctx: &Ctx) -> Vec<Finding> {
    let Some(dns) = ctx.snap.network.as_ref().and_then(|n| n.dns.as_ref()) else {
        return Vec::new();
    };
    // One finding per cause: the hosts that fail the same way with the same
    // nameservers share the explanation and the fixes.
    let mut groups: Vec<(&str, bool, Vec<Member>)> = Vec::new();
    for lookup in &dns.lookups {
        let Some(go) = lookup.go.as_ref() else {
            continue;
        };
        let Some(failure) = go.failure.as_deref() else {
            continue;
        };
        let system_ok = lookup.system.failure.is_none();
        match groups
            .iter_mut()
            .find(|(f, ok, _)| *f == failure && *ok == system_ok)
        {
            Some((_, _, members)) => members.push((lookup, go)),
            None => groups.push((failure, system_ok, vec![(lookup, go)])),
        }
    }
    groups
        .into_iter()
        .map(|(failure, system_ok, members)| finding(dns, &members, failure, system_ok))
        .collect()
}

/// One failed lookup: the host and Go's answer.
type Member<'a> = (&'a DnsLookup, &'a DnsAnswer);

/// `a`, `a and b`, `a, b and c`.
fn hosts_phrase(members: &[Member]) -> String {
    let hosts: Vec<&str> = members.iter().map(|(l, _)| l.host.as_str()).collect();
    match hosts.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn describe(failure: &str) -> &'static str {
    match failure {
        "servfail" => "answered SERVFAIL (Go: \"server misbehaving\")",
        "refused" => "refused the query (Go: \"server misbehaving\")",
        "connection-refused" => "are not listening (connection refused)",
        "timeout" => "did not answer in time",
        "nxdomain" | "no-answer" => "say the name does not exist (\"no such host\")",
        "lame-referral" => "gave a lame referral",
        _ => "failed",
    }
}

fn finding(dns: &DnsFacts, members: &[Member], failure: &str, system_ok: bool) -> Finding {
    let servers = dns.nameservers.join(", ");
    let hosts = hosts_phrase(members);
    let title = if system_ok {
        format!(
            "Go cannot resolve {hosts} (its nameservers {servers} {}), although the system resolver can",
            describe(failure)
        )
    } else {
        format!(
            "Go cannot resolve {hosts}: the nameservers of {} ({servers}) {}",
            dns.resolv_conf,
            describe(failure)
        )
    };
    let mut f = Finding::new("network/dns-failure", Severity::Error, title, DNS_FAILURE);
    for (lookup, go) in members {
        f.evidence.push(Evidence::new(
            "Go's lookup",
            go.error.clone().unwrap_or_default(),
            format!(
                "queries sent as Go's DNS client sends them ({})",
                lookup.purpose
            ),
        ));
    }
    let servers_source = if dns.default_nameservers {
        format!(
            "Go's defaults: {} names no nameserver{}",
            dns.resolv_conf,
            dns.resolv_conf_error
                .as_ref()
                .map_or(String::new(), |e| format!(" ({e})"))
        )
    } else {
        dns.resolv_conf.clone()
    };
    f.evidence
        .push(Evidence::new("nameservers", servers, servers_source));
    if !dns.search.is_empty() {
        f.evidence.push(Evidence::new(
            "search",
            format!("{} (ndots:{})", dns.search.join(" "), dns.ndots),
            dns.resolv_conf.clone(),
        ));
    }
    f.evidence.push(Evidence::new(
        "resolver",
        format!("Go's own DNS client: {}", dns.resolver_reason),
        "active go binary's build info, GODEBUG, nsswitch.conf",
    ));
    for (lookup, _) in members {
        let system = if system_ok {
            lookup.system.addresses.join(", ")
        } else {
            lookup.system.error.clone().unwrap_or_default()
        };
        f.evidence.push(Evidence::new(
            "system resolver",
            system,
            format!("getaddrinfo for {} (what curl uses)", lookup.host),
        ));
    }

    f.fixes.push(Fix::new(format!(
        "Repair {}: list nameservers that answer (with systemd-resolved: `nameserver 127.0.0.53` and a running \
         systemd-resolved; after a VPN: let its client restore the file or restart it).",
        dns.resolv_conf
    )));
    f.fixes.push(Fix::new(
        "In a container, give it a working DNS server (`docker run --dns <server>`, or fix the daemon's \"dns\" \
         setting); in WSL, set `generateResolvConf` in /etc/wsl.conf or write a correct resolv.conf.",
    ));
    f.fixes.push(
        Fix::new(
            "Watch Go's resolver decisions and errors; a go built with cgo can be switched to the C library's \
             resolver (what curl uses) with GODEBUG=netdns=cgo to confirm the difference (the official Linux \
             go binaries have no cgo and ignore it).",
        )
        .with_command("GODEBUG=netdns=go+2 go list -m -versions golang.org/x/text"),
    );
    f
}

pub(crate) const DNS_FAILURE: &str = "What: the resolver the go command uses cannot find the address of \
a host it must reach (a GOPROXY entry, the checksum database, or the HTTP proxy in front of them). On \
Linux the official go binaries are built without cgo, so they never call the C library: Go's own DNS \
client reads /etc/resolv.conf itself (at most three nameservers; 127.0.0.1:53 and [::1]:53 when it names \
none; search, ndots, timeout, attempts, rotate) and asks those servers directly, after /etc/hosts.

Why it matters: the C library resolver used by curl, browsers and most tools also consults nsswitch.conf \
(systemd-resolved's `resolve` module, mDNS, LDAP...) and may never read resolv.conf. So a stale \
resolv.conf (a stopped systemd-resolved, VPN leftovers, WSL's generated file, a container started without \
--dns) breaks only Go: `dial tcp: lookup proxy.golang.org on 127.0.0.53:53: server misbehaving`, \
`... read: connection refused` or `i/o timeout`, while `curl https://proxy.golang.org` works.

How gomedic detects it: it decides which resolver the active go uses (its build info's CGO_ENABLED, \
GODEBUG=netdns, LOCALDOMAIN/RES_OPTIONS/HOSTALIASES, unknown resolv.conf options, nsswitch.conf's hosts \
line), reads resolv.conf and /etc/hosts as Go does, and sends the same A and AAAA queries to the same \
nameservers in Go's order within the network budget, then asks the system resolver (getaddrinfo) for the \
same host. SERVFAIL and REFUSED are what Go calls \"server misbehaving\".

Fix: repair resolv.conf (or the service that writes it), give containers a DNS server (--dns), and use \
GODEBUG=netdns=go+2 to watch Go's resolver decisions.

References: https://pkg.go.dev/net#hdr-Name_Resolution, https://go.dev/src/net/dnsconfig_unix.go, \
https://github.com/golang/go/issues/24129";

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_model::Snapshot;
    use gomedic_model::network::NetworkFacts;

    fn snapshot(system_ok: bool) -> Snapshot {
        let system = if system_ok {
            DnsAnswer {
                addresses: vec!["192.0.2.1".into()],
                ..DnsAnswer::default()
            }
        } else {
            DnsAnswer {
                failure: Some("error".into()),
                error: Some("lookup proxy.test: failed".into()),
                ..DnsAnswer::default()
            }
        };
        let dns = DnsFacts {
            resolver: "go".into(),
            resolv_conf: "/etc/resolv.conf".into(),
            nameservers: vec!["127.0.0.1:53".into()],
            lookups: vec![
                DnsLookup {
                    host: "proxy.test".into(),
                    purpose: "GOPROXY entry http://proxy.test".into(),
                    go: Some(DnsAnswer {
                        failure: Some("servfail".into()),
                        error: Some("lookup proxy.test on 127.0.0.1:53: server misbehaving".into()),
                        ..DnsAnswer::default()
                    }),
                    system,
                    ..DnsLookup::default()
                },
                DnsLookup {
                    host: "ok.test".into(),
                    go: Some(DnsAnswer::default()),
                    ..DnsLookup::default()
                },
            ],
            ..DnsFacts::default()
        };
        Snapshot {
            network: Some(NetworkFacts {
                dns: Some(dns),
                ..NetworkFacts::default()
            }),
            ..Snapshot::default()
        }
    }

    #[test]
    fn reports_only_failed_go_lookups() {
        for system_ok in [true, false] {
            let snap = snapshot(system_ok);
            let ctx = Ctx::new(&snap);
            let found = dns_failure(&ctx);
            assert_eq!(found.len(), 1);
            assert!(found[0].title.contains("proxy.test"));
            assert_eq!(found[0].title.contains("although the system"), system_ok);
        }
        let snap = Snapshot::default();
        assert!(dns_failure(&Ctx::new(&snap)).is_empty());
    }

    #[test]
    fn hosts_failing_the_same_way_share_one_finding() {
        let mut snap = snapshot(false);
        let dns = snap.network.as_mut().unwrap().dns.as_mut().unwrap();
        let mut second = dns.lookups[0].clone();
        second.host = "sum.test".into();
        dns.lookups.push(second);
        let found = dns_failure(&Ctx::new(&snap));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].title.contains("proxy.test and sum.test"),
            "{}",
            found[0].title
        );
        let lookups = found[0]
            .evidence
            .iter()
            .filter(|e| e.label == "Go's lookup")
            .count();
        assert_eq!(lookups, 2);
        // A host the system resolver can resolve is another cause.
        let mut snap = snapshot(false);
        let dns = snap.network.as_mut().unwrap().dns.as_mut().unwrap();
        let mut other = snapshot(true).network.unwrap().dns.unwrap().lookups[0].clone();
        other.host = "sum.test".into();
        dns.lookups.push(other);
        assert_eq!(dns_failure(&Ctx::new(&snap)).len(), 2);
    }
}
