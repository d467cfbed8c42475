//! How the go command finds host addresses on Unix: which resolver it uses
//! (its own pure-Go DNS client or the C library), and, for its own client,
//! what it reads from `/etc/resolv.conf`, `/etc/nsswitch.conf` and
//! `/etc/hosts`. Mirrors Go's `net` package (`dnsconfig_unix.go`,
//! `conf.go`, `nss.go`, `hosts.go`); no I/O here.

use std::net::IpAddr;

/// Go reads at most this many `nameserver` lines.
pub const MAX_NAMESERVERS: usize = 3;

/// Nameservers Go asks when resolv.conf names none (or cannot be read).
pub const DEFAULT_NAMESERVERS: [&str; 2] = ["127.0.0.1:53", "[::1]:53"];

/// What Go's own DNS client takes from resolv.conf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    /// `ip:53` (`[v6]:53`) in file order, at most three; the defaults when
    /// the file names none.
    pub nameservers: Vec<String>,
    /// True when `nameservers` are Go's defaults, not from the file.
    pub default_nameservers: bool,
    /// Search domains, rooted (`corp.example.`).
    pub search: Vec<String>,
    pub ndots: u32,
    pub timeout_secs: u32,
    pub attempts: u32,
    pub rotate: bool,
    pub single_request: bool,
    pub use_tcp: bool,
    /// An option or keyword Go does not know: a cgo-enabled go then leaves
    /// lookups to the C library.
    pub unknown_option: bool,
}

impl Default for ResolvConf {
    fn default() -> ResolvConf {
        ResolvConf {
            nameservers: DEFAULT_NAMESERVERS.iter().map(|s| s.to_string()).collect(),
            default_nameservers: true,
            search: Vec::new(),
            ndots: 1,
            timeout_secs: 5,
            attempts: 2,
            rotate: false,
            single_request: false,
            use_tcp: false,
            unknown_option: false,
        }
    }
}

/// Parses resolv.conf as Go does. `hostname` supplies the default search
/// domain (the part after its first dot) when the file sets none.
pub fn parse_resolv_conf(text: &str, hostname: &str) -> ResolvConf {
    let mut conf = ResolvConf {
        nameservers: Vec::new(),
        ..ResolvConf::default()
    };
    let mut search: Option<Vec<String>> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let fields: Vec<&str> = line.split_ascii_whitespace().collect();
        let Some((&keyword, args)) = fields.split_first() else {
            continue;
        };
        match keyword {
            "nameserver" => {
                if let Some(addr) = args.first()
                    && conf.nameservers.len() < MAX_NAMESERVERS
                    && let Some(ip) = parse_nameserver_ip(addr)
                {
                    conf.nameservers.push(join_port_53(&ip));
                }
            }
            "domain" => {
                if let Some(d) = args.first() {
                    search = Some(vec![rooted(d)]);
                }
            }
            "search" => {
                search = Some(
                    args.iter()
                        .map(|d| rooted(d))
                        .filter(|d| d != ".")
                        .collect(),
                );
            }
            "options" => {
                for option in args {
                    apply_option(&mut conf, option);
                }
            }
            // OpenBSD's lookup line; elsewhere Go ignores nothing else.
            "lookup" => {}
            _ => conf.unknown_option = true,
        }
    }
    conf.search = search.unwrap_or_else(|| default_search(hostname));
    if conf.nameservers.is_empty() {
        conf.nameservers = ResolvConf::default().nameservers;
    } else {
        conf.default_nameservers = false;
    }
    conf
}

/// What Go uses when resolv.conf cannot be read at all.
pub fn unreadable_resolv_conf(hostname: &str) -> ResolvConf {
    ResolvConf {
        search: default_search(hostname),
        ..ResolvConf::default()
    }
}

fn apply_option(conf: &mut ResolvConf, option: &str) {
    if let Some(n) = option.strip_prefix("ndots:") {
        conf.ndots = leading_number(n).clamp(0, 15);
    } else if let Some(n) = option.strip_prefix("timeout:") {
        conf.timeout_secs = leading_number(n).max(1);
    } else if let Some(n) = option.strip_prefix("attempts:") {
        conf.attempts = leading_number(n).max(1);
    } else {
        match option {
            "rotate" => conf.rotate = true,
            "single-request" | "single-request-reopen" => conf.single_request = true,
            "use-vc" | "usevc" | "tcp" => conf.use_tcp = true,
            "trust-ad" | "edns0" | "no-reload" => {}
            _ => conf.unknown_option = true,
        }
    }
}

/// Go reads the decimal digits at the start (`ndots:2x` is 2, `ndots:x` 0).
fn leading_number(text: &str) -> u32 {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse::<u64>()
        .map_or(if digits.is_empty() { 0 } else { u32::MAX }, |n| {
            u32::try_from(n).unwrap_or(u32::MAX)
        })
}

/// An IP address as Go's netip accepts it, with an optional IPv6 zone.
fn parse_nameserver_ip(text: &str) -> Option<String> {
    let (addr, zone) = match text.split_once('%') {
        Some((a, z)) if !z.is_empty() => (a, Some(z)),
        Some(_) => return None,
        None => (text, None),
    };
    match addr.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) if zone.is_none() => Some(v4.to_string()),
        IpAddr::V4(_) => None,
        IpAddr::V6(v6) => Some(match zone {
            Some(z) => format!("{v6}%{z}"),
            None => v6.to_string(),
        }),
    }
}

fn join_port_53(ip: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]:53")
    } else {
        format!("{ip}:53")
    }
}

fn rooted(name: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    }
}

fn default_search(hostname: &str) -> Vec<String> {
    match hostname.split_once('.') {
        Some((_, domain)) if !domain.is_empty() => vec![rooted(domain)],
        _ => Vec::new(),
    }
}

/// The fully qualified names Go's DNS client tries for `name`, in order.
pub fn query_names(conf: &ResolvConf, name: &str) -> Vec<String> {
    if name.ends_with('.') {
        return vec![name.to_string()];
    }
    let enough_dots = name.matches('.').count() >= conf.ndots as usize;
    let mut names = Vec::new();
    if enough_dots {
        names.push(format!("{name}."));
    }
    names.extend(conf.search.iter().map(|suffix| format!("{name}.{suffix}")));
    if !enough_dots {
        names.push(format!("{name}."));
    }
    names
}

/// Where a name lookup goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupSource {
    Files,
    Dns,
}

/// Which resolver the go command uses for host names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolverChoice {
    /// Go's own DNS client, consulting the sources in this order.
    Go(Vec<LookupSource>),
    /// The C library (getaddrinfo) or, on macOS and Windows, the system's API.
    System,
}

/// What decides the resolver.
#[derive(Debug, Clone, Default)]
pub struct ResolverInputs<'a> {
    /// `linux`, `darwin`, `windows`, ...
    pub goos: &'a str,
    /// The go binary was built with cgo (`CGO_ENABLED=1` in its build info).
    pub cgo_available: bool,
    /// The `GODEBUG` environment variable.
    pub godebug: &'a str,
    /// `LOCALDOMAIN`, `RES_OPTIONS` or `HOSTALIASES` is set.
    pub resolver_env_set: bool,
    /// resolv.conf was read (or does not exist) without trouble.
    pub resolv_conf_problem: bool,
    pub resolv_conf_unknown_option: bool,
    /// `/etc/nsswitch.conf`'s text (None when absent).
    pub nsswitch: Option<&'a str>,
}

/// The resolver choice and why.
pub fn choose_resolver(inputs: &ResolverInputs) -> (ResolverChoice, String) {
    let netdns = godebug_netdns(inputs.godebug);
    let order = || nsswitch_order(inputs.nsswitch);
    if matches!(
        inputs.goos,
        "windows" | "plan9" | "android" | "ios" | "darwin"
    ) {
        if netdns.as_deref() == Some("go") && inputs.goos == "darwin" {
            return (
                ResolverChoice::Go(vec![LookupSource::Files, LookupSource::Dns]),
                "GODEBUG=netdns=go".into(),
            );
        }
        return (
            ResolverChoice::System,
            format!("on {} Go asks the operating system", inputs.goos),
        );
    }
    if !inputs.cgo_available {
        let why = "the go command is built without cgo (CGO_ENABLED=0), so it always uses its own DNS client";
        return match order() {
            Some(o) => (ResolverChoice::Go(o), why.into()),
            None => (
                ResolverChoice::Go(vec![LookupSource::Files, LookupSource::Dns]),
                why.into(),
            ),
        };
    }
    match netdns.as_deref() {
        Some("go") => {
            let o = order().unwrap_or(vec![LookupSource::Files, LookupSource::Dns]);
            return (ResolverChoice::Go(o), "GODEBUG=netdns=go".into());
        }
        Some("cgo") => return (ResolverChoice::System, "GODEBUG=netdns=cgo".into()),
        _ => {}
    }
    if inputs.resolver_env_set {
        return (
            ResolverChoice::System,
            "LOCALDOMAIN, RES_OPTIONS or HOSTALIASES is set".into(),
        );
    }
    if inputs.resolv_conf_problem || inputs.resolv_conf_unknown_option {
        return (
            ResolverChoice::System,
            "resolv.conf has something Go's own client does not handle".into(),
        );
    }
    match order() {
        Some(o) => (
            ResolverChoice::Go(o),
            "nsswitch.conf's hosts line has only files and dns".into(),
        ),
        None => (
            ResolverChoice::System,
            "nsswitch.conf's hosts line has sources only the C library knows".into(),
        ),
    }
}

/// The `netdns` setting of GODEBUG (`go`, `cgo`; `go+1` counts as `go`).
fn godebug_netdns(godebug: &str) -> Option<String> {
    let mut found = None;
    for item in godebug.split(',') {
        if let Some(value) = item.trim().strip_prefix("netdns=") {
            let mode = value.split('+').find(|p| *p == "go" || *p == "cgo");
            if let Some(mode) = mode {
                found = Some(mode.to_string());
            }
        }
    }
    found
}

/// The order of `files` and `dns` of nsswitch.conf's hosts line; None when
/// the line has other sources or action criteria (Go then prefers libc).
pub fn nsswitch_order(nsswitch: Option<&str>) -> Option<Vec<LookupSource>> {
    let default = vec![LookupSource::Files, LookupSource::Dns];
    let Some(text) = nsswitch else {
        return Some(default);
    };
    let line = text.lines().find_map(|l| {
        let l = l.split('#').next().unwrap_or("").trim();
        l.strip_prefix("hosts:").map(str::trim)
    });
    let Some(line) = line else {
        return Some(default);
    };
    let mut order = Vec::new();
    for word in line.split_ascii_whitespace() {
        match word {
            "files" => order.push(LookupSource::Files),
            "dns" => order.push(LookupSource::Dns),
            "myhostname" => {}
            "[!UNAVAIL=return]" | "[NOTFOUND=return]"
                if order.last() == Some(&LookupSource::Dns) => {}
            _ => return None,
        }
    }
    if order.is_empty() {
        return Some(default);
    }
    Some(order)
}

/// The addresses `/etc/hosts` gives `name` (case-insensitive; a trailing
/// dot ignored).
pub fn hosts_lookup(hosts: &str, name: &str) -> Vec<IpAddr> {
    let want = name.trim_end_matches('.').to_ascii_lowercase();
    let mut found = Vec::new();
    for line in hosts.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut fields = line.split_ascii_whitespace();
        let Some(ip) = fields
            .next()
            .and_then(|a| a.split('%').next()?.parse().ok())
        else {
            continue;
        };
        if fields.any(|h| h.trim_end_matches('.').eq_ignore_ascii_case(&want)) {
            found.push(ip);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_resolv_conf_like_go() {
        let conf = parse_resolv_conf(
            "# c\n; c\nnameserver 10.0.0.1\nnameserver fe80::1%eth0\nnameserver bogus\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nsearch a.example b.example\noptions ndots:20 timeout:0 attempts:3 rotate\n",
            "h.x.example",
        );
        assert_eq!(
            conf.nameservers,
            ["10.0.0.1:53", "[fe80::1%eth0]:53", "10.0.0.2:53"]
        );
        assert_eq!(conf.search, ["a.example.", "b.example."]);
        assert_eq!((conf.ndots, conf.timeout_secs, conf.attempts), (15, 1, 3));
        assert!(conf.rotate && !conf.unknown_option);
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let conf = parse_resolv_conf("options foo\n", "host.corp.example");
        assert_eq!(conf.nameservers, DEFAULT_NAMESERVERS);
        assert!(conf.default_nameservers && conf.unknown_option);
        assert_eq!(conf.search, ["corp.example."]);
        assert_eq!(unreadable_resolv_conf("h").search, Vec::<String>::new());
    }

    #[test]
    fn query_names_follow_ndots() {
        let conf = parse_resolv_conf("search corp.\noptions ndots:2\n", "h");
        assert_eq!(
            query_names(&conf, "proxy.test"),
            ["proxy.test.corp.", "proxy.test."]
        );
        assert_eq!(
            query_names(&conf, "a.b.test"),
            ["a.b.test.", "a.b.test.corp."]
        );
        assert_eq!(query_names(&conf, "x."), ["x."]);
    }

    #[test]
    fn resolver_choice() {
        let base = ResolverInputs {
            goos: "linux",
            ..ResolverInputs::default()
        };
        assert!(matches!(choose_resolver(&base).0, ResolverChoice::Go(_)));
        let cgo = ResolverInputs {
            cgo_available: true,
            nsswitch: Some("hosts: files mdns4_minimal [NOTFOUND=return] dns\n"),
            ..base.clone()
        };
        assert_eq!(choose_resolver(&cgo).0, ResolverChoice::System);
        let forced = ResolverInputs {
            godebug: "netdns=go+1",
            ..cgo.clone()
        };
        assert!(matches!(choose_resolver(&forced).0, ResolverChoice::Go(_)));
        let mac = ResolverInputs {
            goos: "darwin",
            ..base
        };
        assert_eq!(choose_resolver(&mac).0, ResolverChoice::System);
        assert_eq!(
            nsswitch_order(Some("hosts: dns files\n")),
            Some(vec![LookupSource::Dns, LookupSource::Files])
        );
    }

    #[test]
    fn hosts_file() {
        let hosts = "127.0.0.1 localhost\n::1 Proxy.Test other # c\n";
        assert_eq!(hosts_lookup(hosts, "proxy.test.").len(), 1);
        assert!(hosts_lookup(hosts, "nope").is_empty());
    }
}
