//! A small HTTP/1.1 GET client that times each phase (DNS, TCP, the HTTP
//! proxy's CONNECT, TLS, HTTP), honours one deadline for the whole request
//! (a server that stalls or trickles bytes cannot hold it longer), caps the
//! response size, and follows redirects like Go's `web.get` (at most 10,
//! never from https to http).
//!
//! A general HTTP library cannot say which phase failed or how long each took,
//! which is the point of a network diagnosis; the subset here is only what a
//! GOPROXY or checksum-database probe needs.

use crate::deadline::DeadlineStream;
use crate::tls::TlsSetup;
use gomedic_go::httpproxy::{ChosenProxy, ProxyDecision, ProxyEnv, proxy_for};
use gomedic_model::network::{NetError, RequestFact};
use gomedic_model::redact::redact_text;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Go's redirect limit (`web/http.go`: stopped after 10 redirects).
pub const MAX_REDIRECTS: u32 = 10;
/// The largest response head accepted.
const MAX_HEAD: usize = 64 * 1024;

/// The client: trust, proxy settings and limits.
#[derive(Clone)]
pub struct Client {
    pub tls: Arc<TlsSetup>,
    pub proxy_env: ProxyEnv,
    /// Bodies larger than this are an error.
    pub max_body: usize,
}

/// A completed (or failed) GET.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    pub fact: RequestFact,
    pub body: Vec<u8>,
    /// The proxy the last hop went through (redacted URL).
    pub via_proxy: Option<String>,
}

impl Fetched {
    pub fn status(&self) -> Option<u16> {
        self.fact.status
    }
}

/// The parts of a URL a GET needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: String,
    pub userinfo: Option<String>,
    /// `host[:port]` as written (brackets kept).
    pub host: String,
    pub name: String,
    pub port: u16,
    /// Path and query, at least `/`.
    pub path: String,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, String> {
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("unsupported URL {}", redact_text(url)))?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(format!("unsupported protocol scheme {scheme:?}")),
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let path = path.split('#').next().unwrap_or_default();
        let path = if path.is_empty() || path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_string()
        };
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, authority),
        };
        let (name, port) = if let Some(rest) = host.strip_prefix('[') {
            let (n, after) = rest.split_once(']').ok_or("bad IPv6 host")?;
            (n.to_string(), after.strip_prefix(':'))
        } else {
            match host.rsplit_once(':') {
                Some((n, p)) => (n.to_string(), Some(p)),
                None => (host.to_string(), None),
            }
        };
        let port = match port {
            None | Some("") => default_port,
            Some(p) => p.parse().map_err(|_| format!("invalid port {p:?}"))?,
        };
        if name.is_empty() {
            return Err(format!("no host in URL {}", redact_text(url)));
        }
        Ok(Target {
            scheme,
            userinfo,
            host: host.to_string(),
            name,
            port,
            path,
        })
    }

    fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }
}

fn err(phase: &str, timed_out: bool, message: impl Into<String>) -> NetError {
    NetError {
        phase: phase.into(),
        timed_out,
        message: redact_text(&message.into()),
        ..NetError::default()
    }
}

fn io_err(phase: &str, e: &io::Error) -> NetError {
    let timed_out = matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    );
    let message = match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        Some(tls) => format!("tls: {tls}"),
        None if timed_out => "i/o timeout".to_string(),
        None => e.to_string(),
    };
    err(phase, timed_out, message)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The response head.
struct Head {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

impl Client {
    /// GETs `url`, following redirects, all before `deadline`.
    pub fn get(&self, url: &str, deadline: Instant) -> Fetched {
        let started = Instant::now();
        let mut current = url.to_string();
        let mut hops = 0;
        let mut out = loop {
            let (mut fetched, location) = self.get_once(&current, deadline);
            fetched.fact.redirects = hops;
            let Some(next) = location else {
                break fetched;
            };
            if hops == MAX_REDIRECTS {
                fetched.fact.error = Some(err("http", false, "stopped after 10 redirects"));
                break fetched;
            }
            if current.starts_with("https://") && next.starts_with("http://") {
                fetched.fact.error = Some(err(
                    "http",
                    false,
                    format!("redirected from secure URL {current} to insecure URL {next}"),
                ));
                break fetched;
            }
            hops += 1;
            current = next;
        };
        out.fact.url = redact_text(url);
        out.fact.total_ms = millis(started.elapsed());
        out
    }

    /// One request to `url` connecting to `ip` only (no name lookup, no
    /// HTTP proxy, no redirects): compares the address families of a host.
    pub fn get_at(&self, url: &str, ip: IpAddr, deadline: Instant) -> Fetched {
        let started = Instant::now();
        let mut out = self.get_once_at(url, Some(ip), deadline).0;
        out.fact.url = redact_text(url);
        out.fact.total_ms = millis(started.elapsed());
        out
    }

    /// One request; returns the redirect target when the answer is a redirect.
    fn get_once(&self, url: &str, deadline: Instant) -> (Fetched, Option<String>) {
        self.get_once_at(url, None, deadline)
    }

    fn get_once_at(
        &self,
        url: &str,
        pinned: Option<IpAddr>,
        deadline: Instant,
    ) -> (Fetched, Option<String>) {
        let mut out = Fetched::default();
        let target = match Target::parse(url) {
            Ok(t) => t,
            Err(e) => {
                out.fact.error = Some(err("http", false, e));
                return (out, None);
            }
        };
        if target.scheme == "http" && target.userinfo.is_some() {
            out.fact.error = Some(err(
                "http",
                false,
                format!(
                    "refusing to pass credentials to insecure URL: {}",
                    redact_text(url)
                ),
            ));
            return (out, None);
        }
        let proxy = match proxy_for(&self.proxy_env, &target.scheme, &target.host) {
            _ if pinned.is_some() => None,
            ProxyDecision::Direct(_) => None,
            ProxyDecision::Proxy(p) => Some(p),
            ProxyDecision::Error(e) => {
                out.fact.error = Some(err("proxy", false, e));
                return (out, None);
            }
        };
        out.via_proxy = proxy.as_ref().map(|p| redact_text(&p.url));
        match self.exchange(&target, proxy.as_ref(), pinned, deadline, &mut out) {
            Ok(location) => (out, location.map(|l| resolve(&target, &l))),
            Err(e) => {
                out.fact.error = Some(e);
                (out, None)
            }
        }
    }

    fn exchange(
        &self,
        target: &Target,
        proxy: Option<&ChosenProxy>,
        pinned: Option<IpAddr>,
        deadline: Instant,
        out: &mut Fetched,
    ) -> Result<Option<String>, NetError> {
        // Where the TCP connection goes: the proxy or the origin.
        let (dial_name, dial_port) = match proxy {
            Some(p) => {
                if p.scheme.starts_with("socks5") {
                    return Err(err("proxy", false, "socks5 proxies are not probed"));
                }
                let t = Target::parse(&format!("{}://{}/", p.scheme, p.addr))
                    .map_err(|e| err("proxy", false, e))?;
                (t.name, t.port)
            }
            None => (target.name.clone(), target.port),
        };
        let t0 = Instant::now();
        let addrs = match pinned {
            Some(ip) => vec![SocketAddr::new(ip, dial_port)],
            None => resolve_host(&dial_name, dial_port, deadline)?,
        };
        if dial_name.parse::<IpAddr>().is_err() {
            out.fact.dns_ms = Some(millis(t0.elapsed()));
        }
        let t1 = Instant::now();
        let tcp = connect(&addrs, deadline)?;
        out.fact.tcp_ms = Some(millis(t1.elapsed()));
        let mut stream: Box<dyn Stream> = Box::new(DeadlineStream::new(tcp, deadline));

        if let Some(p) = proxy {
            if p.scheme == "https" {
                stream = self.tls_handshake(stream, &dial_name, "proxy")?;
            }
            if target.scheme == "https" {
                connect_tunnel(&mut stream, target, p)?;
            }
        }
        if target.scheme == "https" {
            let t2 = Instant::now();
            stream = self.tls_handshake(stream, &target.name, "tls")?;
            out.fact.tls_ms = Some(millis(t2.elapsed()));
        }

        let t3 = Instant::now();
        let request_target = match proxy {
            Some(_) if target.scheme == "http" => format!("{}{}", target.origin(), target.path),
            _ => target.path.clone(),
        };
        let mut request = format!(
            "GET {request_target} HTTP/1.1\r\nHost: {}\r\nUser-Agent: gomedic/{} (GOPROXY probe)\r\nAccept-Encoding: identity\r\nConnection: close\r\n",
            target.host,
            env!("CARGO_PKG_VERSION")
        );
        if let Some(user) = &target.userinfo {
            request.push_str(&format!("Authorization: Basic {}\r\n", basic(user)));
        }
        if let (Some(p), "http") = (proxy, target.scheme.as_str())
            && let Some(user) = &p.userinfo
        {
            request.push_str(&format!("Proxy-Authorization: Basic {}\r\n", basic(user)));
        }
        request.push_str("\r\n");
        stream
            .write_all(request.as_bytes())
            .and_then(|()| stream.flush())
            .map_err(|e| io_err("http", &e))?;
        let (head, rest) = read_head(&mut stream)?;
        out.fact.status = Some(head.status);
        out.fact.content_type = head.header("content-type").map(str::to_string);
        let location = match head.status {
            301 | 302 | 303 | 307 | 308 => head.header("location").map(str::to_string),
            _ => None,
        };
        let body = read_body(&mut stream, &head, rest, self.max_body);
        out.fact.http_ms = Some(millis(t3.elapsed()));
        let body = body?;
        out.fact.bytes = body.len() as u64;
        out.body = body;
        Ok(location)
    }

    fn tls_handshake(
        &self,
        stream: Box<dyn Stream>,
        name: &str,
        phase: &str,
    ) -> Result<Box<dyn Stream>, NetError> {
        let server_name = rustls_pki_types::ServerName::try_from(name.to_string())
            .map_err(|e| err(phase, false, format!("invalid server name {name:?}: {e}")))?;
        let (config, seen) = self
            .tls
            .recording_config()
            .map_err(|e| err(phase, false, e))?;
        let conn = rustls::ClientConnection::new(config, server_name)
            .map_err(|e| err(phase, false, format!("tls: {e}")))?;
        let mut tls = rustls::StreamOwned::new(conn, stream);
        while tls.conn.is_handshaking() {
            // See tls::build: a crypto-provider panic becomes a TLS error.
            let step = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                tls.conn.complete_io(&mut tls.sock)
            }))
            .unwrap_or_else(|_| {
                Err(io::Error::other(
                    "TLS probes unavailable: the crypto provider does not support this CPU",
                ))
            });
            if let Err(e) = step {
                let mut ne = io_err(phase, &e);
                if let Ok(chain) = seen.lock() {
                    ne.presented = crate::tls::describe_chain(&chain);
                }
                return Err(ne);
            }
        }
        Ok(Box::new(tls))
    }
}

/// Resolves `location` against the request URL.
fn resolve(base: &Target, location: &str) -> String {
    if location.contains("://") {
        location.to_string()
    } else if location.starts_with("//") {
        format!("{}:{location}", base.scheme)
    } else if location.starts_with('/') {
        format!("{}{location}", base.origin())
    } else {
        let dir = base.path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{}{dir}/{location}", base.origin())
    }
}

fn basic(userinfo: &str) -> String {
    use base64::Engine;
    let decoded = percent_decode(userinfo);
    let pair = if decoded.contains(':') {
        decoded
    } else {
        format!("{decoded}:")
    };
    base64::engine::general_purpose::STANDARD.encode(pair)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// DNS, in a thread so that the deadline holds even for a resolver that hangs.
fn resolve_host(name: &str, port: u16, deadline: Instant) -> Result<Vec<SocketAddr>, NetError> {
    if let Ok(ip) = name.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let (tx, rx) = mpsc::channel();
    let query = (name.to_string(), port);
    std::thread::Builder::new()
        .name("gomedic-dns".into())
        .spawn(move || {
            let _ = tx.send(query.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
        })
        .map_err(|e| err("dns", false, e.to_string()))?;
    let wait = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(wait) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(addrs),
        Ok(Ok(_)) => Err(err("dns", false, format!("lookup {name}: no such host"))),
        Ok(Err(e)) => Err(err("dns", false, format!("lookup {name}: {e}"))),
        Err(_) => Err(err("dns", true, format!("lookup {name}: i/o timeout"))),
    }
}

fn connect(addrs: &[SocketAddr], deadline: Instant) -> Result<TcpStream, NetError> {
    let mut last = None;
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(err("tcp", true, format!("dial tcp {addr}: i/o timeout")));
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(s) => return Ok(s),
            Err(e) => {
                let mut ne = io_err("tcp", &e);
                ne.message = format!("dial tcp {addr}: {}", ne.message);
                last = Some(ne);
            }
        }
    }
    Err(last.unwrap_or_else(|| err("tcp", false, "no address")))
}

/// `CONNECT host:port` through an HTTP proxy.
fn connect_tunnel(
    stream: &mut Box<dyn Stream>,
    target: &Target,
    proxy: &ChosenProxy,
) -> Result<(), NetError> {
    let authority = format!("{}:{}", bracket(&target.name), target.port);
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(user) = &proxy.userinfo {
        request.push_str(&format!("Proxy-Authorization: Basic {}\r\n", basic(user)));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .and_then(|()| stream.flush())
        .map_err(|e| io_err("proxy", &e))?;
    let (head, _) = read_head(stream).map_err(|mut e| {
        e.phase = "proxy".into();
        e
    })?;
    if head.status != 200 {
        return Err(err(
            "proxy",
            false,
            format!("proxyconnect: {} {}", head.status, head.reason),
        ));
    }
    Ok(())
}

fn bracket(name: &str) -> String {
    if name.contains(':') {
        format!("[{name}]")
    } else {
        name.to_string()
    }
}

/// Reads the status line and headers; returns what was read past them.
fn read_head(stream: &mut Box<dyn Stream>) -> Result<(Head, Vec<u8>), NetError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(err("http", false, "response header too large"));
        }
        let n = stream.read(&mut chunk).map_err(|e| io_err("http", &e))?;
        if n == 0 {
            return Err(err("http", false, "EOF before the response header"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let text = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    let (true, Some(status)) = (version.starts_with("HTTP/1."), status) else {
        return Err(err(
            "http",
            false,
            format!("malformed HTTP response {:?}", truncate(status_line, 80)),
        ));
    };
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok((
        Head {
            status,
            reason: parts.next().unwrap_or_default().to_string(),
            headers,
        },
        buf[end + 4..].to_vec(),
    ))
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn too_large(max: usize) -> NetError {
    err(
        "http",
        false,
        format!("response body larger than {max} bytes"),
    )
}

fn read_body(
    stream: &mut Box<dyn Stream>,
    head: &Head,
    already: Vec<u8>,
    max: usize,
) -> Result<Vec<u8>, NetError> {
    let chunked = head
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let raw = if chunked {
        read_to_limit(stream, already, None, max.saturating_mul(2) + 64 * 1024)?
    } else {
        let length = match head.header("content-length") {
            Some(v) => Some(
                v.parse::<usize>()
                    .map_err(|_| err("http", false, format!("bad Content-Length {v:?}")))?,
            ),
            None => None,
        };
        if length.is_some_and(|l| l > max) {
            return Err(too_large(max));
        }
        read_to_limit(stream, already, length, max)?
    };
    if chunked {
        let body = dechunk(&raw)?;
        if body.len() > max {
            return Err(too_large(max));
        }
        return Ok(body);
    }
    Ok(raw)
}

/// Reads until `length` bytes (or EOF when unknown), failing past `max`.
fn read_to_limit(
    stream: &mut Box<dyn Stream>,
    mut buf: Vec<u8>,
    length: Option<usize>,
    max: usize,
) -> Result<Vec<u8>, NetError> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(l) = length
            && buf.len() >= l
        {
            buf.truncate(l);
            return Ok(buf);
        }
        if buf.len() > max {
            return Err(too_large(max));
        }
        match stream.read(&mut chunk) {
            Ok(0) if length.is_none() => return Ok(buf),
            Ok(0) => return Err(err("http", false, "unexpected EOF in the body")),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            // A TLS peer closing without close_notify after the whole body.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && length.is_none() => {
                return Ok(buf);
            }
            Err(e) => return Err(io_err("http", &e)),
        }
    }
}

fn dechunk(raw: &[u8]) -> Result<Vec<u8>, NetError> {
    let bad = || err("http", false, "malformed chunked encoding");
    let mut out = Vec::new();
    let mut rest = raw;
    loop {
        let line_end = find(rest, b"\r\n").ok_or_else(bad)?;
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| bad())?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| bad())?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if rest.len() < size + 2 {
            return Err(bad());
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("https://u:p@[::1]:8443/a/b?c").unwrap();
        assert_eq!(
            (t.name.as_str(), t.port, t.path.as_str()),
            ("::1", 8443, "/a/b?c")
        );
        assert_eq!(t.userinfo.as_deref(), Some("u:p"));
        let t = Target::parse("http://example.com").unwrap();
        assert_eq!((t.port, t.path.as_str()), (80, "/"));
        assert!(Target::parse("ftp://x/").is_err());
        assert!(Target::parse("https://x:bad/").is_err());
    }

    #[test]
    fn redirects_resolve() {
        let t = Target::parse("https://a.example/x/y/z").unwrap();
        assert_eq!(resolve(&t, "/q"), "https://a.example/q");
        assert_eq!(resolve(&t, "w"), "https://a.example/x/y/w");
        assert_eq!(resolve(&t, "//b.example/p"), "https://b.example/p");
        assert_eq!(resolve(&t, "http://c/"), "http://c/");
    }

    #[test]
    fn chunks() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"zz\r\n").is_err());
        assert!(dechunk(b"9\r\nabc\r\n").is_err());
    }

    #[test]
    fn basic_auth() {
        assert_eq!(basic("alice:s%40cret"), "YWxpY2U6c0BjcmV0");
    }
}
