//! Host-name resolution as the go command does it. Go's own DNS client
//! (used by the official Linux go binaries, which are built without cgo)
//! reads /etc/resolv.conf itself and asks those nameservers directly, so it
//! can fail where curl, going through the C library and nsswitch, succeeds.
//! This probe asks the same nameservers the same questions, and asks the
//! system resolver too, all within the network budget.

use gomedic_go::dnsconfig::{
    self, LookupSource, ResolvConf, ResolverChoice, ResolverInputs, hosts_lookup, query_names,
};
use gomedic_model::dns::{DnsAnswer, DnsFacts, DnsLookup};
use simple_dns::rdata::RData;
use simple_dns::{CLASS, Name, Packet, PacketFlag, QCLASS, QTYPE, Question, RCODE, TYPE};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

/// What the DNS probe needs to know besides the hosts.
#[derive(Debug, Clone)]
pub struct DnsInputs {
    /// The files are read below this directory (`/` on a real machine).
    pub root: PathBuf,
    /// `linux`, `darwin`, ...
    pub goos: String,
    /// The active go binary was built with cgo.
    pub cgo_available: bool,
    pub godebug: String,
    /// LOCALDOMAIN, RES_OPTIONS or HOSTALIASES is set.
    pub resolver_env_set: bool,
}

/// One host Go must reach, and why.
#[derive(Debug, Clone)]
pub struct HostToResolve {
    pub host: String,
    pub purpose: String,
}

/// Reads the resolver configuration, then resolves every host both ways.
pub fn probe_dns(inputs: &DnsInputs, hosts: &[HostToResolve], deadline: Instant) -> DnsFacts {
    let read = |rel: &str| std::fs::read_to_string(inputs.root.join(rel));
    let hostname = read("proc/sys/kernel/hostname")
        .or_else(|_| read("etc/hostname"))
        .unwrap_or_default();
    let hostname = hostname.trim();
    let resolv_path = inputs.root.join("etc/resolv.conf");
    let (conf, resolv_error) = match std::fs::read_to_string(&resolv_path) {
        Ok(text) => (dnsconfig::parse_resolv_conf(&text, hostname), None),
        Err(e) => (dnsconfig::unreadable_resolv_conf(hostname), Some(e)),
    };
    let nsswitch = read("etc/nsswitch.conf").ok();
    let hosts_file = read("etc/hosts").unwrap_or_default();
    let resolv_conf_problem = resolv_error
        .as_ref()
        .is_some_and(|e| !matches!(e.kind(), ErrorKind::NotFound | ErrorKind::PermissionDenied));
    let (choice, reason) = dnsconfig::choose_resolver(&ResolverInputs {
        goos: &inputs.goos,
        cgo_available: inputs.cgo_available,
        godebug: &inputs.godebug,
        resolver_env_set: inputs.resolver_env_set,
        resolv_conf_problem,
        resolv_conf_unknown_option: conf.unknown_option,
        nsswitch: nsswitch.as_deref(),
    });

    let lookups = std::thread::scope(|scope| {
        let handles: Vec<_> = hosts
            .iter()
            .map(|h| {
                let (conf, choice, hosts_file) = (&conf, &choice, &hosts_file);
                scope.spawn(move || lookup_both(h, conf, choice, hosts_file, deadline))
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    DnsFacts {
        resolver: match choice {
            ResolverChoice::Go(_) => "go".into(),
            ResolverChoice::System => "system".into(),
        },
        resolver_reason: reason,
        resolv_conf: resolv_path.display().to_string(),
        resolv_conf_error: resolv_error.map(|e| e.to_string()),
        nameservers: conf.nameservers.clone(),
        default_nameservers: conf.default_nameservers,
        search: conf.search.clone(),
        ndots: conf.ndots,
        timeout_secs: conf.timeout_secs,
        attempts: conf.attempts,
        lookups,
    }
}

fn lookup_both(
    target: &HostToResolve,
    conf: &ResolvConf,
    choice: &ResolverChoice,
    hosts_file: &str,
    deadline: Instant,
) -> DnsLookup {
    std::thread::scope(|scope| {
        let system = scope.spawn(|| system_lookup(&target.host, deadline));
        let mut from_hosts_file = false;
        let go = match choice {
            ResolverChoice::System => None,
            ResolverChoice::Go(order) => {
                let listed = hosts_lookup(hosts_file, &target.host);
                let files_first = order.first() == Some(&LookupSource::Files);
                if !listed.is_empty() && (files_first || !order.contains(&LookupSource::Dns)) {
                    from_hosts_file = true;
                    Some(DnsAnswer {
                        addresses: listed.iter().map(IpAddr::to_string).collect(),
                        ..DnsAnswer::default()
                    })
                } else {
                    Some(go_lookup(conf, &target.host, deadline))
                }
            }
        };
        DnsLookup {
            host: target.host.clone(),
            purpose: target.purpose.clone(),
            from_hosts_file,
            go,
            system: system.join().unwrap_or_default(),
        }
    })
}

/// The system resolver (getaddrinfo), bounded by the deadline.
fn system_lookup(host: &str, deadline: Instant) -> DnsAnswer {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    let query = (host.to_string(), 443);
    let spawned = std::thread::Builder::new()
        .name("gomedic-dns-system".into())
        .spawn(move || {
            let _ = tx.send(query.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
        });
    let result = match spawned {
        Ok(_) => rx.recv_timeout(remaining(deadline)),
        Err(e) => Ok(Err(e)),
    };
    let mut answer = DnsAnswer::default();
    match result {
        Ok(Ok(addrs)) if !addrs.is_empty() => {
            let mut ips: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            ips.dedup();
            answer.addresses = ips;
        }
        Ok(Ok(_)) => fail(
            &mut answer,
            "no-answer",
            format!("lookup {host}: no such host"),
        ),
        Ok(Err(e)) => fail(&mut answer, "error", format!("lookup {host}: {e}")),
        Err(_) => fail(
            &mut answer,
            "timeout",
            format!("lookup {host}: i/o timeout"),
        ),
    }
    answer.elapsed_ms = crate::millis(start.elapsed());
    answer
}

fn fail(answer: &mut DnsAnswer, failure: &str, error: String) {
    answer.failure = Some(failure.into());
    answer.error = Some(error);
}

/// One failed exchange with one nameserver.
struct ServerError {
    failure: &'static str,
    message: String,
    server: String,
    /// NXDOMAIN or no records: authoritative, Go stops asking for this name.
    not_found: bool,
}

/// Go's DNS client: every candidate name in turn; for each, every attempt
/// of every nameserver until one answers.
fn go_lookup(conf: &ResolvConf, host: &str, deadline: Instant) -> DnsAnswer {
    let start = Instant::now();
    let mut answer = DnsAnswer::default();
    let mut last: Option<ServerError> = None;
    for name in query_names(conf, host) {
        match try_one_name(conf, &name, deadline) {
            Ok(addrs) => {
                answer.addresses = addrs.iter().map(IpAddr::to_string).collect();
                last = None;
                break;
            }
            Err(e) => last = Some(e),
        }
        if remaining(deadline).is_zero() {
            break;
        }
    }
    if let Some(e) = last {
        fail(
            &mut answer,
            e.failure,
            format!("lookup {host} on {}: {}", e.server, e.message),
        );
    }
    answer.elapsed_ms = crate::millis(start.elapsed());
    answer
}

fn try_one_name(
    conf: &ResolvConf,
    name: &str,
    deadline: Instant,
) -> Result<Vec<IpAddr>, ServerError> {
    let mut last = None;
    for _ in 0..conf.attempts {
        for server in &conf.nameservers {
            let left = remaining(deadline);
            if left.is_zero() {
                return Err(last.unwrap_or_else(|| timeout_error(server)));
            }
            let per_query = left.min(Duration::from_secs(u64::from(conf.timeout_secs)));
            match ask_server(server, name, per_query) {
                Ok(addrs) => return Ok(addrs),
                Err(e) if e.not_found => return Err(e),
                Err(e) => last = Some(e),
            }
        }
    }
    Err(last.unwrap_or_else(|| timeout_error("")))
}

fn timeout_error(server: &str) -> ServerError {
    ServerError {
        failure: "timeout",
        message: "i/o timeout".into(),
        server: server.into(),
        not_found: false,
    }
}

/// Asks one nameserver for A and AAAA records of `name`.
fn ask_server(server: &str, name: &str, timeout: Duration) -> Result<Vec<IpAddr>, ServerError> {
    let addr: SocketAddr = parse_server(server).ok_or_else(|| ServerError {
        failure: "error",
        message: "invalid nameserver address".into(),
        server: server.into(),
        not_found: false,
    })?;
    let end = Instant::now() + timeout;
    // Like Go, the A and AAAA answers stand alone: addresses of one family
    // are a success even when the other query failed.
    let mut addrs = Vec::new();
    let mut not_found = None;
    let mut failed = None;
    for (i, qtype) in [TYPE::A, TYPE::AAAA].into_iter().enumerate() {
        match exchange(addr, server, name, qtype, end, i as u16) {
            Ok(Some(found)) => addrs.extend(found),
            Ok(None) => {}
            Err(e) if e.not_found => not_found = Some(e),
            Err(e) => failed = Some(e),
        }
    }
    if !addrs.is_empty() {
        return Ok(addrs);
    }
    if let Some(e) = failed {
        return Err(e);
    }
    Err(not_found.unwrap_or_else(|| ServerError {
        failure: "no-answer",
        message: "no such host".into(),
        server: server.into(),
        not_found: true,
    }))
}

/// `ip:53` or `[v6%zone]:53` as resolv.conf gives them.
fn parse_server(server: &str) -> Option<SocketAddr> {
    if let Ok(a) = server.parse() {
        return Some(a);
    }
    // A zoned IPv6 address: drop the zone (scope ids need interface indexes).
    let inner = server.strip_prefix('[')?.split_once("]:")?;
    let ip: IpAddr = inner.0.split('%').next()?.parse().ok()?;
    Some(SocketAddr::new(ip, inner.1.parse().ok()?))
}

/// One UDP query; `Ok(None)` for an answer without address records.
fn exchange(
    addr: SocketAddr,
    server: &str,
    name: &str,
    qtype: TYPE,
    end: Instant,
    salt: u16,
) -> Result<Option<Vec<IpAddr>>, ServerError> {
    let io = |failure: &'static str, message: String| ServerError {
        failure,
        message,
        server: server.into(),
        not_found: false,
    };
    let id = query_id(salt);
    let mut query = Packet::new_query(id);
    query.set_flags(PacketFlag::RECURSION_DESIRED);
    let qname = Name::new(name.trim_end_matches('.')).map_err(|e| io("error", e.to_string()))?;
    query.questions.push(Question::new(
        qname,
        QTYPE::TYPE(qtype),
        QCLASS::CLASS(CLASS::IN),
        false,
    ));
    let bytes = query
        .build_bytes_vec()
        .map_err(|e| io("error", e.to_string()))?;
    let local: SocketAddr = if addr.is_ipv6() {
        "[::]:0".parse().expect("literal address")
    } else {
        "0.0.0.0:0".parse().expect("literal address")
    };
    let socket =
        UdpSocket::bind(local).map_err(|e| io("error", format!("dial udp {addr}: {e}")))?;
    socket.connect(addr).map_err(|e| {
        io(
            "unreachable",
            format!("dial udp {addr}: connect: {}", os_text(&e)),
        )
    })?;
    let local = socket
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let read_error = |e: std::io::Error| {
        if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) {
            io("timeout", "i/o timeout".into())
        } else {
            let failure = if e.kind() == ErrorKind::ConnectionRefused {
                "connection-refused"
            } else {
                "unreachable"
            };
            io(
                failure,
                format!("read udp {local}->{addr}: read: {}", os_text(&e)),
            )
        }
    };
    socket.send(&bytes).map_err(read_error)?;
    let mut buf = [0u8; 1232];
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io("timeout", "i/o timeout".into()));
        }
        socket
            .set_read_timeout(Some(left))
            .map_err(|e| io("error", e.to_string()))?;
        let n = socket.recv(&mut buf).map_err(read_error)?;
        let Ok(reply) = Packet::parse(&buf[..n]) else {
            continue;
        };
        if reply.id() != id || !reply.has_flags(PacketFlag::RESPONSE) {
            continue;
        }
        return classify(&reply, server);
    }
}

fn classify(reply: &Packet, server: &str) -> Result<Option<Vec<IpAddr>>, ServerError> {
    let error = |failure: &'static str, message: &str, not_found: bool| ServerError {
        failure,
        message: message.into(),
        server: server.into(),
        not_found,
    };
    match reply.rcode() {
        RCODE::NoError => {}
        RCODE::NameError => return Err(error("nxdomain", "no such host", true)),
        RCODE::ServerFailure => return Err(error("servfail", "server misbehaving", false)),
        RCODE::Refused => return Err(error("refused", "server misbehaving", false)),
        _ => return Err(error("error", "server misbehaving", false)),
    }
    let addrs: Vec<IpAddr> = reply
        .answers
        .iter()
        .filter_map(|rr| match &rr.rdata {
            RData::A(a) => Some(IpAddr::from(std::net::Ipv4Addr::from(a.address))),
            RData::AAAA(a) => Some(IpAddr::from(std::net::Ipv6Addr::from(a.address))),
            _ => None,
        })
        .collect();
    let lame = reply.answers.is_empty()
        && !reply.has_flags(PacketFlag::AUTHORITATIVE_ANSWER)
        && !reply.has_flags(PacketFlag::RECURSION_AVAILABLE)
        && reply.name_servers.is_empty();
    if lame {
        return Err(error("lame-referral", "lame referral", false));
    }
    Ok((!addrs.is_empty()).then_some(addrs))
}

/// The OS error text without Rust's " (os error N)" suffix, as Go prints it.
fn os_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// A query id that differs between queries (not security relevant: the
/// probe only reads the answer).
fn query_id(salt: u16) -> u16 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    (nanos as u16) ^ (std::process::id() as u16).rotate_left(7) ^ salt.wrapping_mul(0x9e37)
}

#[cfg(test)]
mod tests {
    use super::*;
    use simple_dns::ResourceRecord;
    use simple_dns::rdata::A;

    /// A UDP nameserver on loopback answering A queries with `a` (or
    /// `a_rcode`) and AAAA queries with `aaaa_rcode`.
    fn server(a_rcode: RCODE, aaaa_rcode: RCODE) -> String {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = socket.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            let mut buf = [0u8; 1500];
            while let Ok((n, peer)) = socket.recv_from(&mut buf) {
                let Ok(query) = Packet::parse(&buf[..n]) else {
                    continue;
                };
                let mut reply = query.clone().into_reply();
                reply.set_flags(PacketFlag::RECURSION_AVAILABLE);
                let is_a = matches!(query.questions[0].qtype, QTYPE::TYPE(TYPE::A));
                *reply.rcode_mut() = if is_a { a_rcode } else { aaaa_rcode };
                if is_a && a_rcode == RCODE::NoError {
                    reply.answers.push(ResourceRecord::new(
                        query.questions[0].qname.clone(),
                        CLASS::IN,
                        60,
                        RData::A(A {
                            address: 0x7f00_0001,
                        }),
                    ));
                }
                let _ = socket.send_to(&reply.build_bytes_vec().unwrap(), peer);
            }
        });
        addr
    }

    fn ask(server: &str) -> Result<Vec<IpAddr>, ServerError> {
        ask_server(server, "proxy.test.", Duration::from_secs(2))
    }

    #[test]
    fn answers_are_classified_like_go() {
        let a_only = ask(&server(RCODE::NoError, RCODE::ServerFailure))
            .ok()
            .unwrap();
        assert_eq!(a_only, [IpAddr::from([127, 0, 0, 1])]);

        let e = ask(&server(RCODE::ServerFailure, RCODE::ServerFailure))
            .err()
            .unwrap();
        assert_eq!(
            (e.failure, e.message.as_str(), e.not_found),
            ("servfail", "server misbehaving", false)
        );

        let e = ask(&server(RCODE::Refused, RCODE::Refused)).err().unwrap();
        assert_eq!(
            (e.failure, e.message.as_str()),
            ("refused", "server misbehaving")
        );

        let e = ask(&server(RCODE::NameError, RCODE::NameError))
            .err()
            .unwrap();
        assert_eq!(
            (e.failure, e.message.as_str(), e.not_found),
            ("nxdomain", "no such host", true)
        );
    }

    #[test]
    fn silence_is_a_timeout_within_the_bound() {
        let quiet = UdpSocket::bind("127.0.0.1:0").unwrap();
        let server = quiet.local_addr().unwrap().to_string();
        let started = Instant::now();
        let e = ask_server(&server, "proxy.test.", Duration::from_millis(300))
            .err()
            .unwrap();
        assert_eq!((e.failure, e.message.as_str()), ("timeout", "i/o timeout"));
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
