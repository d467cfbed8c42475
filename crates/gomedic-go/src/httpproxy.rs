//! Which HTTP proxy a Go program uses for a request, as `net/http`'s
//! `ProxyFromEnvironment` decides it (`golang.org/x/net/http/httpproxy`).
//!
//! * Each setting takes the first non-empty value of its upper-case then its
//!   lower-case variable: `HTTP_PROXY`/`http_proxy`, `HTTPS_PROXY`/
//!   `https_proxy`, `NO_PROXY`/`no_proxy` (an empty upper-case variable does
//!   not hide a lower-case one).
//! * `https` requests use the HTTPS setting, `http` requests the HTTP one. In
//!   a CGI process (`REQUEST_METHOD` set) an HTTP setting is refused for
//!   `http` requests.
//! * No proxy for `localhost` and loopback IP addresses, whatever NO_PROXY says.
//! * NO_PROXY is a comma list of lower-cased, trimmed items: `*` (everything),
//!   an IP or CIDR, an IP or host with `:port`, or a domain, where
//!   `example.com` matches the host and its subdomains, `.example.com` and
//!   `*.example.com` only subdomains.
//! * A proxy value without a scheme Go knows (`http`, `https`, `socks5`,
//!   `socks5h`) is read as `http://<value>`.
//!
//! Not modelled: IDNA conversion of non-ASCII host names (hosts are compared
//! as given, lower-cased).

use std::net::IpAddr;

/// The proxy settings of one process environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    pub http_proxy: String,
    pub https_proxy: String,
    pub no_proxy: String,
    /// `REQUEST_METHOD` is set (a CGI process).
    pub cgi: bool,
}

impl ProxyEnv {
    /// Reads the settings through `get` (a variable lookup), as Go's
    /// `FromEnvironment` does.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> ProxyEnv {
        let any = |upper: &str, lower: &str| {
            [upper, lower]
                .iter()
                .filter_map(|n| get(n))
                .find(|v| !v.is_empty())
                .unwrap_or_default()
        };
        ProxyEnv {
            http_proxy: any("HTTP_PROXY", "http_proxy"),
            https_proxy: any("HTTPS_PROXY", "https_proxy"),
            no_proxy: any("NO_PROXY", "no_proxy"),
            cgi: get("REQUEST_METHOD").is_some_and(|v| !v.is_empty()),
        }
    }

    /// Which variable supplied each setting, for evidence (`None` when unset).
    pub fn source_name(get: impl Fn(&str) -> Option<String>, upper: &str) -> Option<String> {
        let lower = upper.to_ascii_lowercase();
        [upper.to_string(), lower]
            .into_iter()
            .find(|n| get(n).is_some_and(|v| !v.is_empty()))
    }
}

/// The proxy chosen for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenProxy {
    /// The proxy URL, with `http://` prepended when Go prepends it.
    pub url: String,
    pub scheme: String,
    /// `user[:password]` when present.
    pub userinfo: Option<String>,
    /// `host:port` of the proxy (port defaulted from the scheme).
    pub addr: String,
}

/// Why no proxy is used for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoProxyReason {
    /// The setting for this scheme is empty.
    Unset,
    /// `localhost` or a loopback IP address.
    Loopback,
    /// This NO_PROXY item matched.
    NoProxyMatch(String),
    /// Neither `http` nor `https`.
    OtherScheme,
}

/// What Go does for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyDecision {
    Direct(NoProxyReason),
    Proxy(ChosenProxy),
    /// The request fails (Go's error text).
    Error(String),
}

/// Decides the proxy for a request to `scheme://host[:port]` (`host` as in a
/// URL: `name`, `name:port`, `[v6]:port`).
pub fn proxy_for(env: &ProxyEnv, scheme: &str, host: &str) -> ProxyDecision {
    let proxy = match scheme {
        "https" => &env.https_proxy,
        "http" => {
            if !env.http_proxy.is_empty() && env.cgi {
                return ProxyDecision::Error(
                    "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy"
                        .into(),
                );
            }
            &env.http_proxy
        }
        _ => return ProxyDecision::Direct(NoProxyReason::OtherScheme),
    };
    if proxy.is_empty() {
        return ProxyDecision::Direct(NoProxyReason::Unset);
    }
    let (hostname, port) = split_url_host(host);
    let port = port.unwrap_or(if scheme == "https" { "443" } else { "80" });
    if let Some(reason) = bypass(&env.no_proxy, hostname, port) {
        return ProxyDecision::Direct(reason);
    }
    match parse_proxy(proxy) {
        Some(p) => ProxyDecision::Proxy(p),
        None => ProxyDecision::Error(format!("invalid proxy address {proxy:?}")),
    }
}

/// Splits a URL host into name (brackets removed) and port.
fn split_url_host(host: &str) -> (&str, Option<&str>) {
    if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']').unwrap_or((rest, ""));
        let port = after.strip_prefix(':').filter(|p| !p.is_empty());
        return (name, port);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => (name, Some(port).filter(|p| !p.is_empty())),
        _ => (host, None),
    }
}

/// `useProxy` negated: the reason the request bypasses the proxy.
fn bypass(no_proxy: &str, host: &str, port: &str) -> Option<NoProxyReason> {
    if host == "localhost" {
        return Some(NoProxyReason::Loopback);
    }
    let ip = host.parse::<IpAddr>().ok();
    if ip.is_some_and(|ip| ip.is_loopback()) {
        return Some(NoProxyReason::Loopback);
    }
    let host = host.trim().to_ascii_lowercase();
    if no_proxy == "*" {
        return Some(NoProxyReason::NoProxyMatch("*".into()));
    }
    let mut domain_hit = None;
    for raw in no_proxy.split(',') {
        let item = raw.trim().to_ascii_lowercase();
        if item.is_empty() {
            continue;
        }
        if item == "*" {
            return Some(NoProxyReason::NoProxyMatch(item));
        }
        if let Some((net, bits)) = parse_cidr(&item) {
            if ip.is_some_and(|ip| cidr_contains(net, bits, ip)) {
                return Some(NoProxyReason::NoProxyMatch(item));
            }
            continue;
        }
        let (phost, pport) = match split_host_port(&item) {
            Some(("", _)) => continue,
            Some((h, p)) => (h.to_string(), p.to_string()),
            None => (item.clone(), String::new()),
        };
        if let Ok(pip) = phost.parse::<IpAddr>() {
            if ip.is_some_and(|ip| ip == pip) && (pport.is_empty() || pport == port) {
                return Some(NoProxyReason::NoProxyMatch(item));
            }
            continue;
        }
        let mut suffix = phost.strip_prefix('*').unwrap_or(&phost).to_string();
        if !phost.starts_with("*.") {
            suffix = phost.clone();
        }
        let match_host = !suffix.starts_with('.');
        if match_host {
            suffix = format!(".{suffix}");
        }
        let hit = host.ends_with(&suffix) || (match_host && host == suffix[1..]);
        if hit && (pport.is_empty() || pport == port) && domain_hit.is_none() {
            domain_hit = Some(item);
        }
    }
    domain_hit.map(NoProxyReason::NoProxyMatch)
}

/// `net.SplitHostPort` for a NO_PROXY item (brackets removed from the host).
fn split_host_port(item: &str) -> Option<(&str, &str)> {
    if let Some(rest) = item.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':')?;
        return Some((h, port));
    }
    let (h, p) = item.rsplit_once(':')?;
    if h.contains(':') {
        return None; // "too many colons"
    }
    Some((h, p))
}

fn parse_cidr(item: &str) -> Option<(IpAddr, u32)> {
    let (addr, bits) = item.split_once('/')?;
    let ip: IpAddr = addr.parse().ok()?;
    let bits: u32 = bits.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max && !item.contains('[')).then_some((ip, bits))
}

fn cidr_contains(net: IpAddr, bits: u32, ip: IpAddr) -> bool {
    let to_bits = |ip: IpAddr| -> (u128, u32) {
        match ip {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => (u128::from(u32::from(v4)), 32),
                None => (u128::from(v6), 128),
            },
        }
    };
    let (n, nw) = to_bits(net);
    let (a, aw) = to_bits(ip);
    if nw != aw {
        return false;
    }
    if bits == 0 {
        return true;
    }
    let shift = nw - bits;
    (n >> shift) == (a >> shift)
}

/// `parseProxy`: a value that does not parse with a known scheme is retried
/// as `http://<value>`.
pub fn parse_proxy(value: &str) -> Option<ChosenProxy> {
    let known = ["http://", "https://", "socks5://", "socks5h://"];
    let lower = value.to_ascii_lowercase();
    let full = if known.iter().any(|k| lower.starts_with(k)) {
        value.to_string()
    } else {
        format!("http://{value}")
    };
    let (scheme, rest) = full.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u.to_string()), h),
        None => (None, authority),
    };
    if hostport.is_empty() {
        return None;
    }
    let (name, port) = split_url_host(hostport);
    if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let default_port = match scheme.as_str() {
        "https" => "443",
        "socks5" | "socks5h" => "1080",
        _ => "80",
    };
    let name = if name.contains(':') {
        format!("[{name}]")
    } else {
        name.to_string()
    };
    Some(ChosenProxy {
        addr: format!("{name}:{}", port.unwrap_or(default_port)),
        url: full.clone(),
        scheme,
        userinfo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ProxyEnv {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ProxyEnv::from_lookup(|k| map.get(k).cloned())
    }

    fn chosen(d: ProxyDecision) -> String {
        match d {
            ProxyDecision::Proxy(p) => p.url,
            ProxyDecision::Direct(_) => "direct".into(),
            ProxyDecision::Error(e) => format!("error: {e}"),
        }
    }

    // Cases follow x/net/http/httpproxy's documented behaviour (proxy_test.go's table).
    #[test]
    fn upper_case_wins_and_empty_falls_back() {
        let e = env(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
        ]);
        assert_eq!(
            chosen(proxy_for(&e, "https", "example.com")),
            "http://upper:1"
        );
        let e = env(&[("HTTPS_PROXY", ""), ("https_proxy", "http://lower:2")]);
        assert_eq!(
            chosen(proxy_for(&e, "https", "example.com")),
            "http://lower:2"
        );
        // https requests never use HTTP_PROXY.
        let e = env(&[("HTTP_PROXY", "http://p:3128")]);
        assert_eq!(chosen(proxy_for(&e, "https", "example.com")), "direct");
        assert_eq!(
            chosen(proxy_for(&e, "http", "example.com")),
            "http://p:3128"
        );
    }

    #[test]
    fn scheme_less_values_get_http() {
        let e = env(&[("HTTPS_PROXY", "cache.corp:3128")]);
        let ProxyDecision::Proxy(p) = proxy_for(&e, "https", "example.com") else {
            panic!()
        };
        assert_eq!(p.url, "http://cache.corp:3128");
        assert_eq!(p.addr, "cache.corp:3128");
        let e = env(&[("HTTPS_PROXY", "https://u:p@secure.corp")]);
        let ProxyDecision::Proxy(p) = proxy_for(&e, "https", "example.com") else {
            panic!()
        };
        assert_eq!(
            (p.scheme.as_str(), p.addr.as_str()),
            ("https", "secure.corp:443")
        );
        assert_eq!(p.userinfo.as_deref(), Some("u:p"));
        assert_eq!(
            parse_proxy("socks5://s").unwrap().addr,
            "s:1080".to_string()
        );
    }

    #[test]
    fn cgi_refuses_http_proxy() {
        let e = env(&[("HTTP_PROXY", "http://p"), ("REQUEST_METHOD", "GET")]);
        assert!(chosen(proxy_for(&e, "http", "example.com")).starts_with("error: refusing"));
        let e = env(&[("HTTPS_PROXY", "http://p"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(chosen(proxy_for(&e, "https", "example.com")), "http://p");
    }

    #[test]
    fn loopback_never_proxied() {
        let e = env(&[("HTTPS_PROXY", "http://p"), ("HTTP_PROXY", "http://p")]);
        for h in ["localhost", "127.0.0.1:8080", "[::1]:443", "127.1.2.3"] {
            assert_eq!(chosen(proxy_for(&e, "http", h)), "direct", "{h}");
        }
        // Only the exact name "localhost" (Go compares before lower-casing).
        assert_eq!(chosen(proxy_for(&e, "http", "LOCALHOST")), "http://p");
        assert_eq!(chosen(proxy_for(&e, "http", "localhost.corp")), "http://p");
    }

    #[test]
    fn no_proxy_matching() {
        let np = "foobar.com, .barbaz.net, *.wildcard.org, 10.0.0.0/8, 192.168.1.1, \
                  2001:db8::/32, [2001:db8::1]:8443, exact.com:8080, *";
        let case = |no_proxy: &str, scheme: &str, host: &str| {
            let e = env(&[
                ("HTTPS_PROXY", "http://p"),
                ("HTTP_PROXY", "http://p"),
                ("NO_PROXY", no_proxy),
            ]);
            chosen(proxy_for(&e, scheme, host)) == "direct"
        };
        let np1 = &np[..np.len() - 3]; // without the trailing "*" item
        assert!(case(np1, "https", "foobar.com"));
        assert!(case(np1, "https", "www.foobar.com"));
        assert!(!case(np1, "https", "xfoobar.com"));
        assert!(!case(np1, "https", "barbaz.net"));
        assert!(case(np1, "https", "www.barbaz.net"));
        assert!(!case(np1, "https", "wildcard.org"));
        assert!(case(np1, "https", "a.wildcard.org"));
        assert!(case(np1, "http", "10.1.2.3"));
        assert!(!case(np1, "http", "11.1.2.3"));
        assert!(case(np1, "http", "192.168.1.1:99"));
        assert!(case(np1, "https", "[2001:db8::5]"));
        assert!(case(np1, "https", "[2001:db8::1]:8443"));
        assert!(!case(np1, "https", "[2001:db9::1]"));
        assert!(case(np1, "http", "exact.com:8080"));
        assert!(!case(np1, "http", "exact.com"));
        assert!(case(np1, "https", "FOOBAR.COM"));
        // A `*` item anywhere matches everything; so does the value "*".
        assert!(case(np, "https", "anything.example"));
        assert!(case("*", "https", "anything.example"));
        // IP items never match names and name items never match IPs by text.
        assert!(!case("10.0.0.1", "https", "ten.example"));
        // A port-only item is ignored.
        assert!(!case(":80", "http", "example.com"));
    }

    #[test]
    fn sources() {
        let m: std::collections::HashMap<&str, &str> = [("https_proxy", "x"), ("HTTP_PROXY", "")]
            .into_iter()
            .collect();
        let get = |k: &str| m.get(k).map(|v| v.to_string());
        assert_eq!(
            ProxyEnv::source_name(get, "HTTPS_PROXY").as_deref(),
            Some("https_proxy")
        );
        assert_eq!(ProxyEnv::source_name(get, "HTTP_PROXY"), None);
    }
}
