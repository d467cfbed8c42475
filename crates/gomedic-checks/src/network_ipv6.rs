//! network/ipv6-broken: a GOPROXY host accepts connections over IPv6 but
//! then stalls, while IPv4 answers. Go's dialer prefers IPv6 and falls back
//! to IPv4 only when connecting fails, so go hangs or times out.

use crate::context::Ctx;
use gomedic_model::ip_family::IpFamilyProbe;
use gomedic_model::network::RequestFact;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// network/ipv6-broken.
pub fn ipv6_broken(ctx: &Ctx) -> Vec<Finding> {
    let Some(net) = &ctx.snap.network else {
        return Vec::new();
    };
    net.ip_families
        .iter()
        .filter(|p| stalled_after_connect(&p.v6) && p.v4.status.is_some())
        .map(finding)
        .collect()
}

/// Connected (TCP done), then the TLS handshake or the HTTP exchange ran
/// out of time.
fn stalled_after_connect(fact: &RequestFact) -> bool {
    fact.tcp_ms.is_some()
        && fact
            .error
            .as_ref()
            .is_some_and(|e| e.timed_out && matches!(e.phase.as_str(), "tls" | "http"))
}

fn describe(fact: &RequestFact) -> String {
    match (&fact.error, fact.status) {
        (Some(e), _) => format!("{} after {} ms: {}", e.phase, fact.total_ms, e.message),
        (None, Some(s)) => format!("HTTP {s} in {} ms", fact.total_ms),
        (None, None) => "no answer".into(),
    }
}

fn finding(p: &IpFamilyProbe) -> Finding {
    let mut f = Finding::new(
        "network/ipv6-broken",
        Severity::Warning,
        format!(
            "{} accepts IPv6 connections ({}) but then stalls, while IPv4 ({}) answers: go prefers IPv6 and hangs",
            p.host, p.v6_address, p.v4_address
        ),
        IPV6_BROKEN,
    );
    f.evidence.push(Evidence::new(
        format!("over IPv6 {}", p.v6_address),
        describe(&p.v6),
        format!("request {}", p.v6.url),
    ));
    f.evidence.push(Evidence::new(
        format!("over IPv4 {}", p.v4_address),
        describe(&p.v4),
        format!("request {}", p.v4.url),
    ));
    f.evidence.push(Evidence::new(
        "GOPROXY entry",
        p.entry.clone(),
        "effective GOPROXY",
    ));
    f.fixes.push(Fix::new(
        "Fix the IPv6 route (VPN, Docker network, router or ISP tunnel), or disable IPv6 on the interface that \
         black-holes it.",
    ));
    f.fixes.push(
        Fix::new("Meanwhile, check the IPv6 path directly; a hang here confirms it.")
            .with_command(format!("curl -6 -m 10 -sS -o /dev/null {}", p.v6.url)),
    );
    f.fixes.push(Fix::new(
        "Or use a module mirror or corporate proxy reachable over IPv4 (GOPROXY, HTTPS_PROXY).",
    ));
    f
}

pub(crate) const IPV6_BROKEN: &str = "What: a host the go command downloads modules from has both IPv6 \
and IPv4 addresses; a connection over IPv6 is accepted but then nothing comes back (the TLS handshake or \
the HTTP answer stalls), while the same request over IPv4 is answered.

Why it matters: Go's dialer sorts addresses the RFC 6724 way, which puts IPv6 first, and races IPv4 only \
when the IPv6 connect has not succeeded within 300 ms (\"Happy Eyeballs\"). A half-working IPv6 path \
(a VPN or Docker network that routes IPv6 into a black hole, an MTU problem, a broken tunnel) lets the \
connect succeed, so Go never falls back: downloads hang or end with `read tcp [2a02:...]:...: i/o timeout`, \
while tools that happen to use IPv4 work.

How gomedic detects it: for each GOPROXY entry reached directly, it resolves the host with the system \
resolver and, when there are addresses of both families, sends the same GOPROXY request to the first IPv6 \
and the first IPv4 address at the same time within the network budget. It warns when IPv6 connected and \
then timed out while IPv4 answered.

Fix: repair or disable IPv6 on the interface that breaks it, or use a proxy or mirror reachable over IPv4.

References: https://pkg.go.dev/net#Dialer (FallbackDelay), https://www.rfc-editor.org/rfc/rfc8305, \
https://github.com/golang/go/issues/76375";

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_model::Snapshot;
    use gomedic_model::network::{NetError, NetworkFacts};

    fn probe(v6_phase: &str, v6_tcp: Option<u64>) -> IpFamilyProbe {
        IpFamilyProbe {
            host: "dual.test".into(),
            v6: RequestFact {
                tcp_ms: v6_tcp,
                error: Some(NetError {
                    phase: v6_phase.into(),
                    timed_out: true,
                    message: "i/o timeout".into(),
                    ..NetError::default()
                }),
                ..RequestFact::default()
            },
            v4: RequestFact {
                status: Some(200),
                ..RequestFact::default()
            },
            ..IpFamilyProbe::default()
        }
    }

    #[test]
    fn only_a_stall_after_connecting_counts() {
        for (p, want) in [
            (probe("http", Some(1)), 1),
            (probe("tls", Some(1)), 1),
            (probe("tcp", None), 0),
        ] {
            let snap = Snapshot {
                network: Some(NetworkFacts {
                    ip_families: vec![p],
                    ..NetworkFacts::default()
                }),
                ..Snapshot::default()
            };
            assert_eq!(ipv6_broken(&Ctx::new(&snap)).len(), want);
        }
    }
}
