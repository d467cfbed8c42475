//! GOPROXY list grammar and per-module routing
//! (`cmd/go/internal/modfetch/proxy.go: proxyList, newProxyRepo`;
//! `modfetch/repo.go: lookup`).
//!
//! Grammar: entries separated by `,` (the next entry is tried only after a
//! 404/410) or `|` (tried after any error); the separator *after* an entry
//! decides its fallback. Entries are space-trimmed, empty ones skipped;
//! `off` and `direct` end the list (later entries are ignored). An entry
//! containing `.`, `:` or `/`, but not `:/`, and not an absolute path, gets an
//! implicit `https://`. Accepted schemes: https, http, file (file URLs must be
//! path-only). When GONOPROXY is non-empty and GOPROXY is not exactly
//! `direct`, an implicit `noproxy` entry comes first.

use crate::goversion::GoVersion;
use crate::module::go_quote;
use crate::pattern::matching_pattern;

// ---------------------------------------------------------------------------
// A minimal `net/url.Parse`, enough for Go's exact accept/reject decisions
// and error texts on proxy and checksum-database URLs.

/// What `net/url.Parse` produced (only the fields Go's checks look at).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoUrl {
    pub scheme: String,
    pub opaque: String,
    /// Raw userinfo text (before `@`), if any.
    pub user: Option<String>,
    pub host: String,
    /// The path as written (still escaped).
    pub raw_path_text: String,
    /// Whether the path text differs from its unescaped form.
    pub path_has_escapes: bool,
    pub omit_host: bool,
    pub force_query: bool,
    pub raw_query: String,
    pub fragment: String,
}

impl GoUrl {
    /// `URL.Redacted()`: the URL with any password replaced by `xxxxx`.
    pub fn redacted(&self) -> String {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.opaque.is_empty() {
            out.push_str(&self.opaque);
        } else {
            let has_authority_part =
                !self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some();
            let omitted = self.omit_host && self.host.is_empty() && self.user.is_none();
            if has_authority_part && !omitted {
                if !self.host.is_empty() || !self.raw_path_text.is_empty() || self.user.is_some() {
                    out.push_str("//");
                }
                if let Some(user) = &self.user {
                    match user.split_once(':') {
                        Some((name, _)) => {
                            out.push_str(name);
                            out.push_str(":xxxxx");
                        }
                        None => out.push_str(user),
                    }
                    out.push('@');
                }
                out.push_str(&self.host);
            }
            let path = escaped_path(&self.raw_path_text);
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                out.push('/');
            }
            if out.is_empty() && path.split('/').next().unwrap_or_default().contains(':') {
                out.push_str("./");
            }
            out.push_str(&path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            out.push('?');
            out.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&self.fragment);
        }
        out
    }

    /// True when only scheme and path are set (what a `file://` proxy needs).
    fn is_path_only(&self) -> bool {
        self.opaque.is_empty()
            && self.user.is_none()
            && self.host.is_empty()
            && !self.omit_host
            && !self.force_query
            && self.raw_query.is_empty()
            && self.fragment.is_empty()
    }
}

/// The path text as `URL.EscapedPath` prints it: as written when that is a
/// valid encoding, else re-escaped.
fn escaped_path(raw: &str) -> String {
    let valid = raw
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@!'()*[]%".contains(&b));
    if valid {
        return raw.to_string();
    }
    let unescaped = percent_decode(raw);
    let mut out = String::new();
    for b in unescaped {
        if b.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Which `net/url` rules apply: Go ≥ 1.26 rejects extra colons in http(s)
/// hosts (GODEBUG `urlstrictcolons`, default changed in 1.26) and validates
/// bracketed IP literals.
fn strict_url_rules(release: &str) -> bool {
    let v = GoVersion::parse(release.trim_start_matches("go"));
    v.is_none_or(|v| v.at_least(1, 26))
}

/// `net/url.Parse` of `raw` for the given Go release; the error is Go's text
/// (`parse "…": …`).
pub fn parse_go_url(raw: &str, release: &str) -> Result<GoUrl, String> {
    let strict = strict_url_rules(release);
    let (before_fragment, fragment) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let mut url = parse_without_fragment(before_fragment, strict)
        .map_err(|e| format!("parse {}: {e}", go_quote(before_fragment)))?;
    if let Some(fragment) = fragment {
        check_escapes(fragment, false).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
        url.fragment = fragment.to_string();
    }
    Ok(url)
}

fn parse_without_fragment(raw: &str, strict: bool) -> Result<GoUrl, String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut url = GoUrl::default();
    if raw == "*" {
        url.raw_path_text = "*".into();
        return Ok(url);
    }
    let (scheme, mut rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.force_query = true;
        rest = &rest[..rest.len() - 1];
    } else if let Some((r, q)) = rest.split_once('?') {
        rest = r;
        url.raw_query = q.to_string();
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_string();
            return Ok(url);
        }
        if rest.split('/').next().unwrap_or_default().contains(':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after = &rest[2..];
        let (authority, path) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        parse_authority(&mut url, authority, strict)?;
        rest = path;
    } else if !url.scheme.is_empty() && rest.starts_with('/') {
        url.omit_host = true;
    }
    check_escapes(rest, false)?;
    url.path_has_escapes = rest.contains('%');
    url.raw_path_text = rest.to_string();
    Ok(url)
}

fn split_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => return Ok(("", raw)),
            b':' if i == 0 => return Err("missing protocol scheme".into()),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_authority(url: &mut GoUrl, authority: &str, strict: bool) -> Result<(), String> {
    let (user, host) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    url.host = parse_host(url.scheme.as_str(), host, strict)?;
    if let Some(user) = user {
        let valid = user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c));
        if !valid {
            return Err("net/url: invalid userinfo".into());
        }
        for part in user.splitn(2, ':') {
            check_escapes(part, false)?;
        }
        url.user = Some(user.to_string());
    }
    Ok(())
}

fn valid_optional_port(port: &str) -> bool {
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_host(scheme: &str, host: &str, strict: bool) -> Result<String, String> {
    let bracket = if strict {
        host.rfind('[')
    } else {
        host.starts_with('[').then_some(0)
    };
    if let Some(open) = bracket {
        if open > 0 {
            return Err("invalid IP-literal".into());
        }
        let close = host.rfind(']').ok_or("missing ']' in host")?;
        let port = &host[close + 1..];
        if !valid_optional_port(port) {
            return Err(format!("invalid port {} after host", go_quote(port)));
        }
        let inner = &host[1..close.max(1)];
        check_escapes(inner, true)?;
        if strict {
            let address = inner.split("%25").next().unwrap_or_default();
            if address.parse::<std::net::Ipv4Addr>().is_ok() {
                return Err("invalid IP-literal".into());
            }
            // netip's own wording varies with the input; this is its general form.
            if address.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(format!(
                    "invalid host: ParseAddr({}): unable to parse IP",
                    go_quote(address)
                ));
            }
        }
        return Ok(host.to_string());
    }
    if let Some(first) = host.find(':') {
        let last = host.rfind(':').unwrap_or(first);
        // Strict releases split http(s) hosts at the first colon (so any
        // second colon lands in the "port"); others at the last one.
        let colon = if strict && (scheme == "http" || scheme == "https") {
            first
        } else {
            last
        };
        let port = &host[colon..];
        if !valid_optional_port(port) {
            return Err(format!("invalid port {} after host", go_quote(port)));
        }
    }
    check_escapes(host, true)?;
    Ok(host.to_string())
}

/// Validates `%` escapes (and, in a host, the allowed characters).
fn check_escapes(s: &str, host: bool) -> Result<(), String> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let ok = i + 2 < bytes.len()
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit();
                if !ok {
                    let end = (i + 3).min(bytes.len());
                    let shown = String::from_utf8_lossy(&bytes[i..end]);
                    return Err(format!("invalid URL escape {}", go_quote(&shown)));
                }
                let high = (bytes[i + 1] as char).to_digit(16).unwrap_or(0);
                if host && high < 8 && &s[i..i + 3] != "%25" {
                    return Err(format!("invalid URL escape {}", go_quote(&s[i..i + 3])));
                }
                i += 3;
            }
            b if host && b < 0x80 && !host_byte_ok(b) => {
                return Err(format!(
                    "invalid character {} in host name",
                    go_quote(&(b as char).to_string())
                ));
            }
            _ => i += 1,
        }
    }
    Ok(())
}

fn host_byte_ok(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b)
}

// ---------------------------------------------------------------------------
// The list.

/// One entry of the effective proxy list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyEntry {
    /// Implicit first entry when GONOPROXY is set.
    NoProxy,
    Off,
    Direct,
    /// A proxy URL (with the implicit `https://` added if Go adds it).
    Url(String),
}

impl ProxyEntry {
    /// The entry as Go names it (`noproxy`, `off`, `direct` or the URL).
    pub fn as_str(&self) -> &str {
        match self {
            ProxyEntry::NoProxy => "noproxy",
            ProxyEntry::Off => "off",
            ProxyEntry::Direct => "direct",
            ProxyEntry::Url(u) => u,
        }
    }
}

/// An entry and its fallback mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySpec {
    pub entry: ProxyEntry,
    /// True after `|`: the next entry is tried after any error; false after
    /// `,` (or at the end): only after 404/410.
    pub fall_back_on_error: bool,
}

/// The parsed list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProxyList {
    pub specs: Vec<ProxySpec>,
    /// Text after an `off` or `direct` entry, which Go ignores.
    pub ignored_tail: String,
}

/// Why Go rejects a GOPROXY value (the text is Go's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyListError {
    #[error("GOPROXY list is not the empty string, but contains no entries")]
    NoEntries,
    #[error("invalid proxy URL missing scheme: {0}")]
    MissingScheme(String),
    #[error("invalid proxy URL scheme (must be https, http, file): {0}")]
    BadScheme(String),
    #[error("invalid file:// proxy URL with non-path elements: {0}")]
    FileWithNonPath(String),
    /// A `net/url` parse error (`parse "…": …`).
    #[error("{0}")]
    Url(String),
}

/// Whether a path is absolute for `filepath.IsAbs` of the go binary's OS or
/// for `path.IsAbs`.
fn is_abs(entry: &str, windows: bool) -> bool {
    if entry.starts_with('/') {
        return true;
    }
    if !windows {
        return false;
    }
    let b = entry.as_bytes();
    let drive = b.len() >= 3
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b[2] == b'\\' || b[2] == b'/');
    let unc = entry.starts_with("\\\\") || entry.starts_with("//");
    drive || unc
}

/// Parses GOPROXY as the go command of `release` on a non-Windows OS does.
/// `gonoproxy` is the *effective* GONOPROXY (see [`ModuleEnv`]).
pub fn parse_proxy_list(
    goproxy: &str,
    gonoproxy: &str,
    release: &str,
) -> Result<ProxyList, ProxyListError> {
    parse_proxy_list_for_os(goproxy, gonoproxy, release, false)
}

/// As [`parse_proxy_list`], for a go binary running on Windows or not.
pub fn parse_proxy_list_for_os(
    goproxy: &str,
    gonoproxy: &str,
    release: &str,
    windows: bool,
) -> Result<ProxyList, ProxyListError> {
    let mut list = ProxyList::default();
    if !gonoproxy.is_empty() && goproxy != "direct" {
        list.specs.push(ProxySpec {
            entry: ProxyEntry::NoProxy,
            fall_back_on_error: false,
        });
    }
    let mut remaining = goproxy;
    while !remaining.is_empty() {
        let (raw, fall_back_on_error, rest) = match remaining.find([',', '|']) {
            Some(i) => (
                &remaining[..i],
                remaining.as_bytes()[i] == b'|',
                &remaining[i + 1..],
            ),
            None => (remaining, false, ""),
        };
        remaining = rest;
        let entry = raw.trim();
        if entry.is_empty() {
            continue;
        }
        if entry == "off" || entry == "direct" {
            let entry = if entry == "off" {
                ProxyEntry::Off
            } else {
                ProxyEntry::Direct
            };
            list.specs.push(ProxySpec {
                entry,
                fall_back_on_error,
            });
            list.ignored_tail = remaining.to_string();
            break;
        }
        let mut url = entry.to_string();
        if entry.contains(['.', ':', '/']) && !entry.contains(":/") && !is_abs(entry, windows) {
            url = format!("https://{entry}");
        }
        check_proxy_url(&url, release)?;
        list.specs.push(ProxySpec {
            entry: ProxyEntry::Url(url),
            fall_back_on_error,
        });
    }
    let only_noproxy = list.specs.len() == 1 && list.specs[0].entry == ProxyEntry::NoProxy;
    if list.specs.is_empty() || only_noproxy {
        return Err(ProxyListError::NoEntries);
    }
    Ok(list)
}

/// `newProxyRepo`'s acceptance check of one proxy URL.
pub fn check_proxy_url(url: &str, release: &str) -> Result<GoUrl, ProxyListError> {
    let parsed = parse_go_url(url, release).map_err(ProxyListError::Url)?;
    match parsed.scheme.as_str() {
        "http" | "https" => Ok(parsed),
        "file" if parsed.is_path_only() => Ok(parsed),
        "file" => Err(ProxyListError::FileWithNonPath(parsed.redacted())),
        "" => Err(ProxyListError::MissingScheme(parsed.redacted())),
        _ => Err(ProxyListError::BadScheme(parsed.redacted())),
    }
}

impl ProxyList {
    /// Public modules cannot be fetched at all: the first entry a public
    /// module reaches is `off`.
    pub fn is_off(&self) -> bool {
        self.specs
            .iter()
            .find(|s| s.entry != ProxyEntry::NoProxy)
            .is_some_and(|s| s.entry == ProxyEntry::Off)
    }

    /// The list contains `direct` (reached after the entries before it).
    pub fn uses_direct(&self) -> bool {
        self.specs.iter().any(|s| s.entry == ProxyEntry::Direct)
    }

    /// Proxy URLs using plain `http://` to a host that is not loopback.
    pub fn plain_http_off_loopback(&self, release: &str) -> Vec<String> {
        self.specs
            .iter()
            .filter_map(|s| match &s.entry {
                ProxyEntry::Url(u) => Some(u),
                _ => None,
            })
            .filter(|u| {
                parse_go_url(u, release)
                    .is_ok_and(|p| p.scheme == "http" && !is_loopback_host(&p.host))
            })
            .cloned()
            .collect()
    }

    /// Proxy URLs that carry credentials (`user:pass@`), redacted.
    pub fn urls_with_credentials(&self, release: &str) -> Vec<String> {
        self.specs
            .iter()
            .filter_map(|s| match &s.entry {
                ProxyEntry::Url(u) => parse_go_url(u, release)
                    .ok()
                    .filter(|p| p.user.is_some())
                    .map(|p| p.redacted()),
                _ => None,
            })
            .collect()
    }
}

/// Whether a URL host (`host[:port]`, `[v6]:port`) is a loopback address or `localhost`.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, p)| {
            if p.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host
            }
        })
    };
    let name = name.split("%25").next().unwrap_or_default();
    if name.eq_ignore_ascii_case("localhost") || name.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

// ---------------------------------------------------------------------------
// Routing one module.

/// The module-related variables, with Go's defaulting applied: GONOPROXY
/// and GONOSUMDB default to GOPRIVATE when unset or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleEnv {
    pub goproxy: String,
    pub gonoproxy: String,
    pub gonosumdb: String,
    pub goprivate: String,
    pub gosumdb: String,
    pub goinsecure: String,
}

impl ModuleEnv {
    /// From raw values, applying the GOPRIVATE defaulting of `cfg.go`.
    pub fn from_raw(
        goproxy: &str,
        gonoproxy: &str,
        gonosumdb: &str,
        goprivate: &str,
        gosumdb: &str,
        goinsecure: &str,
    ) -> ModuleEnv {
        let or_private = |v: &str| {
            if v.is_empty() {
                goprivate.to_string()
            } else {
                v.to_string()
            }
        };
        ModuleEnv {
            goproxy: goproxy.to_string(),
            gonoproxy: or_private(gonoproxy),
            gonosumdb: or_private(gonosumdb),
            goprivate: goprivate.to_string(),
            gosumdb: gosumdb.to_string(),
            goinsecure: goinsecure.to_string(),
        }
    }

    /// From a resolved environment (its GONOPROXY/GONOSUMDB are already effective).
    pub fn from_go_env(env: &crate::env::GoEnv) -> ModuleEnv {
        ModuleEnv::from_raw(
            env.value("GOPROXY"),
            env.value("GONOPROXY"),
            env.value("GONOSUMDB"),
            env.value("GOPRIVATE"),
            env.value("GOSUMDB"),
            env.value("GOINSECURE"),
        )
    }
}

/// What Go does with one list entry for one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepAction {
    /// Fetch from the origin (VCS / `?go-get=1`).
    Direct,
    /// Ask this proxy.
    Proxy(String),
    /// Fail: `module lookup disabled by GOPROXY=off`.
    Off,
    /// Treated as not found, go on: a proxy entry for a GONOPROXY module
    /// (`disabled by GOPRIVATE/GONOPROXY`), or `noproxy` for other modules.
    Skip(String),
}

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteStep {
    pub entry: ProxyEntry,
    pub action: StepAction,
    /// After a failure of this step, whether Go tries the next one on any
    /// error (`|`); otherwise only on 404/410. Skips always continue.
    pub fall_back_on_error: bool,
}

/// How Go would fetch and verify one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub module_path: String,
    /// The GONOPROXY glob that matched (the module bypasses proxies).
    pub noproxy_match: Option<String>,
    /// Steps in order, ending at the first `direct`/`off`.
    pub steps: Vec<RouteStep>,
    /// Set when GOPROXY does not parse: every fetch fails with this.
    pub error: Option<ProxyListError>,
    /// Whether the checksum database is consulted for a missing go.sum line.
    pub sumdb: crate::gosumdb::SumdbUse,
    /// The GOINSECURE glob that matched (affects direct fetches only).
    pub insecure_match: Option<String>,
}

/// Describes which entries Go tries for `module_path`, and why.
pub fn route(module_path: &str, env: &ModuleEnv, release: &str) -> Route {
    let noproxy_match = matching_pattern(&env.gonoproxy, module_path).map(str::to_string);
    let insecure_match = matching_pattern(&env.goinsecure, module_path).map(str::to_string);
    let sumdb = crate::gosumdb::sumdb_use(module_path, env);
    let mut route = Route {
        module_path: module_path.to_string(),
        noproxy_match: noproxy_match.clone(),
        steps: Vec::new(),
        error: None,
        sumdb,
        insecure_match,
    };
    let list = match parse_proxy_list(&env.goproxy, &env.gonoproxy, release) {
        Ok(list) => list,
        Err(e) => {
            route.error = Some(e);
            return route;
        }
    };
    for spec in list.specs {
        let action = match (&noproxy_match, &spec.entry) {
            (Some(_), ProxyEntry::NoProxy | ProxyEntry::Direct) => StepAction::Direct,
            (Some(glob), _) => StepAction::Skip(format!(
                "disabled by GOPRIVATE/GONOPROXY (matches {glob:?})"
            )),
            (None, ProxyEntry::Off) => StepAction::Off,
            (None, ProxyEntry::Direct) => StepAction::Direct,
            (None, ProxyEntry::NoProxy) => {
                StepAction::Skip("path does not match GOPRIVATE/GONOPROXY".into())
            }
            (None, ProxyEntry::Url(u)) => StepAction::Proxy(u.clone()),
        };
        let ends = matches!(action, StepAction::Direct | StepAction::Off);
        route.steps.push(RouteStep {
            entry: spec.entry,
            action,
            fall_back_on_error: spec.fall_back_on_error,
        });
        if ends {
            break;
        }
    }
    route
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_claims_e3() {
        let r = "1.27.3";
        assert_eq!(
            parse_proxy_list("ftp://127.0.0.1/ok", "", r)
                .unwrap_err()
                .to_string(),
            "invalid proxy URL scheme (must be https, http, file): ftp://127.0.0.1/ok"
        );
        assert_eq!(parse_proxy_list(",", "", r), Err(ProxyListError::NoEntries));
        assert_eq!(parse_proxy_list(" ", "", r), Err(ProxyListError::NoEntries));
        assert_eq!(
            parse_proxy_list("file://127.0.0.1/tmp/x", "", r)
                .unwrap_err()
                .to_string(),
            "invalid file:// proxy URL with non-path elements: file://127.0.0.1/tmp/x"
        );
        assert_eq!(
            parse_proxy_list("ok", "", r).unwrap_err().to_string(),
            "invalid proxy URL missing scheme: ok"
        );
        let list = parse_proxy_list("127.0.0.1/ok|direct,ignored", "", r).unwrap();
        assert_eq!(
            list.specs[0].entry,
            ProxyEntry::Url("https://127.0.0.1/ok".into())
        );
        assert!(list.specs[0].fall_back_on_error);
        assert_eq!(list.ignored_tail, "ignored");
    }

    #[test]
    fn loopback() {
        assert!(is_loopback_host("127.0.0.1:8080"));
        assert!(is_loopback_host("[::1]:80"));
        assert!(is_loopback_host("localhost"));
        assert!(!is_loopback_host("goproxy.cn"));
    }
}
