//! Asks each GOPROXY host over IPv6 and over IPv4 separately (when the
//! system resolver gives it both), so a broken IPv6 path shows even though
//! a connection over it succeeds: Go's dialer prefers the IPv6 address and
//! only falls back when connecting fails, not when the connection stalls.

use crate::http::Client;
use gomedic_model::ip_family::IpFamilyProbe;
use gomedic_model::redact::redact_text;
use std::net::{IpAddr, ToSocketAddrs};
use std::sync::mpsc;
use std::time::Instant;

/// `(entry url, request url)` of each directly reached GOPROXY entry.
pub fn probe_families(
    client: &Client,
    requests: &[(String, String)],
    deadline: Instant,
) -> Vec<IpFamilyProbe> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = requests
            .iter()
            .map(|(entry, url)| scope.spawn(move || probe_one(client, entry, url, deadline)))
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .collect()
    })
}

fn probe_one(client: &Client, entry: &str, url: &str, deadline: Instant) -> Option<IpFamilyProbe> {
    let host = host_of(url)?;
    if host.parse::<IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    let addrs = system_addresses(&host, deadline);
    let v6 = *addrs.iter().find(|a| a.is_ipv6())?;
    let v4 = *addrs.iter().find(|a| a.is_ipv4())?;
    let (v6_fact, v4_fact) = std::thread::scope(|scope| {
        let six = scope.spawn(|| client.get_at(url, v6, deadline).fact);
        let four = client.get_at(url, v4, deadline).fact;
        (six.join().unwrap_or_default(), four)
    });
    Some(IpFamilyProbe {
        host,
        entry: redact_text(entry),
        v6_address: v6.to_string(),
        v4_address: v4.to_string(),
        v6: v6_fact,
        v4: v4_fact,
    })
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) && !h.ends_with(':') => h,
        _ => authority,
    };
    (!host.is_empty()).then(|| host.to_string())
}

/// The system resolver's addresses, bounded by the deadline.
fn system_addresses(host: &str, deadline: Instant) -> Vec<IpAddr> {
    let (tx, rx) = mpsc::channel();
    let query = (host.to_string(), 443);
    let spawned = std::thread::Builder::new()
        .name("gomedic-dns-family".into())
        .spawn(move || {
            let _ = tx.send(query.to_socket_addrs().map(|a| a.map(|s| s.ip()).collect()));
        });
    if spawned.is_err() {
        return Vec::new();
    }
    match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Ok(addrs)) => addrs,
        _ => Vec::new(),
    }
}
