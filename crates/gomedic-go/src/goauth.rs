//! GOAUTH (Go 1.24+, `cmd/go/internal/auth/auth.go`) and which credentials
//! the go command attaches to an HTTP request.
//!
//! Before 1.24 there is no GOAUTH: the go command always reads `.netrc` and
//! uses the FIRST entry whose machine equals the request's host including
//! the port (`req.Host`, e.g. `corp.example:8443`).
//!
//! From 1.24 GOAUTH is a `;`-separated list (default `netrc`), each entry
//! trimmed and split into words by its first word:
//! * `off` — no credentials; only allowed alone;
//! * `netrc` — every `.netrc` entry is cached under its machine, the EARLIER
//!   entry winning for a machine listed twice; a machine may carry a path
//!   (`corp.example/team`) and a leading `https://` / trailing `/` is dropped;
//! * `git DIR` — `git credential fill` in the absolute directory DIR, only
//!   after a first request got a 4xx answer;
//! * anything else — a command run with the URL, printing headers per URL
//!   prefix.
//!
//! Commands are applied from last to first, so the first one listed wins
//! for a prefix. A request's credentials are the cached ones of the longest
//! prefix of its URL *as a string* with `https://` and one trailing `/`
//! removed, cutting at each `/` from the right: `host/a/b`, `host/a`,
//! `host`. In the releases (1.24 to 1.27.3, verified with 1.27.3) the string
//! keeps its userinfo and query, so a GOPROXY URL with `user:pass@` never
//! matches a `.netrc` machine and its own userinfo is sent instead (a later
//! development version parses the URL first; no release verified here has it).
//! Credentials from GOAUTH or `.netrc` are only ever attached to `https`
//! requests. Userinfo in the URL itself (`https://user:pw@host`) is sent by
//! Go's HTTP client only when no `Authorization` header was set, and a URL
//! with userinfo over plain `http` is refused.

use crate::goversion::GoVersion;
use crate::netrc::NetrcEntry;

/// Whether `release` reads GOAUTH (Go 1.24+). Unknown releases: yes.
pub fn has_goauth(release: &str) -> bool {
    GoVersion::parse(release.trim_start_matches("go")).is_none_or(|v| v.at_least(1, 24))
}

/// One GOAUTH entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AuthProvider {
    Off,
    Netrc,
    /// `git DIR`.
    Git {
        dir: String,
    },
    /// A user command (first word), run with the URL as last argument.
    Command {
        command: String,
    },
}

/// GOAUTH as the go command of a release reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GoAuth {
    /// Providers in the order written (the first wins for a prefix).
    pub providers: Vec<AuthProvider>,
}

/// Why the go command stops with a fatal error at its first https request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoAuthError(pub String);

impl std::fmt::Display for GoAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses the effective GOAUTH value (`""` means the default `netrc`) for
/// `release`. Releases before 1.24 ignore GOAUTH: always `.netrc`. The
/// `git DIR` directory must exist; `is_dir` says whether it does (I/O is
/// the caller's). `windows` selects the absolute-path rule.
pub fn parse_goauth(
    value: &str,
    release: &str,
    windows: bool,
    is_dir: &dyn Fn(&str) -> Option<bool>,
) -> Result<GoAuth, GoAuthError> {
    if !has_goauth(release) || value.is_empty() {
        return Ok(GoAuth {
            providers: vec![AuthProvider::Netrc],
        });
    }
    let commands: Vec<&str> = value.split(';').collect();
    let mut providers = Vec::new();
    // Go walks the list backwards; report the error it meets first.
    let mut first_error = None;
    for command in commands.iter().rev() {
        let words: Vec<&str> = command.split_whitespace().collect();
        let provider = match words.first().copied() {
            None => Err(format!(
                "go: GOAUTH encountered an empty command (GOAUTH={value})"
            )),
            Some("off") if commands.len() != 1 => Err(format!(
                "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH={value})"
            )),
            Some("off") => Ok(AuthProvider::Off),
            Some("netrc") => Ok(AuthProvider::Netrc),
            Some("git") => check_git_dir(&words, windows, is_dir),
            Some(_) => Ok(AuthProvider::Command {
                command: words[0].to_string(),
            }),
        };
        match provider {
            Ok(p) => providers.push(p),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(GoAuthError(e));
    }
    providers.reverse();
    Ok(GoAuth { providers })
}

fn check_git_dir(
    words: &[&str],
    windows: bool,
    is_dir: &dyn Fn(&str) -> Option<bool>,
) -> Result<AuthProvider, String> {
    const NEEDS_DIR: &str =
        "go: GOAUTH=git dir method requires an absolute path to the git working directory";
    if words.len() != 2 {
        return Err(NEEDS_DIR.to_string());
    }
    let dir = words[1];
    if !is_absolute(dir, windows) {
        return Err(format!("{NEEDS_DIR}, dir is not absolute"));
    }
    match is_dir(dir) {
        None => Err(format!(
            "go: GOAUTH=git encountered an error; cannot stat {dir}: no such file or directory"
        )),
        Some(false) => Err(format!("{NEEDS_DIR}, dir is not a directory")),
        Some(true) => Ok(AuthProvider::Git {
            dir: dir.to_string(),
        }),
    }
}

/// `filepath.IsAbs` of the target OS.
fn is_absolute(path: &str, windows: bool) -> bool {
    if !windows {
        return path.starts_with('/');
    }
    let b = path.as_bytes();
    (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/'))
        || path.starts_with(r"\\")
        || path.starts_with("//")
}

/// What the go command sends to one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentCredentials {
    /// No Authorization header.
    None,
    /// Basic auth from this `.netrc` entry (index into the parsed entries).
    Netrc { index: usize, prefix: String },
    /// Basic auth from the URL's own userinfo.
    UrlUserinfo,
    /// Whatever a GOAUTH command or `git credential fill` answers for this
    /// prefix: not knowable without running it.
    FromProvider { provider: AuthProvider },
    /// The request is refused: userinfo over plain http.
    RefusedInsecure,
}

/// The parts of a URL the decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestUrl {
    /// The URL as the go command spells it.
    pub raw: String,
    pub scheme: String,
    pub has_userinfo: bool,
    /// `host[:port]` as written.
    pub host: String,
    /// The path as written (escaped), `""` or starting with `/`.
    pub path: String,
}

impl RequestUrl {
    /// Splits `scheme://[userinfo@]host[:port][/path][?query][#fragment]`.
    pub fn parse(url: &str) -> Option<RequestUrl> {
        let (scheme, rest) = url.split_once("://")?;
        let end = rest.find(['?', '#']).unwrap_or(rest.len());
        let rest = &rest[..end];
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (has_userinfo, host) = match authority.rfind('@') {
            Some(i) => (true, &authority[i + 1..]),
            None => (false, authority),
        };
        Some(RequestUrl {
            raw: url.to_string(),
            scheme: scheme.to_ascii_lowercase(),
            has_userinfo,
            host: host.to_string(),
            path: path.to_string(),
        })
    }
}

/// The credentials the go command of `release` attaches to a GET of `url`
/// (the first request; Go 1.24+ retries a 4xx answer with the same lookup
/// after running `git` providers and commands again with the URL).
pub fn credentials_for(
    url: &RequestUrl,
    release: &str,
    netrc: &[NetrcEntry],
    goauth: &GoAuth,
) -> SentCredentials {
    if url.scheme != "https" {
        return if url.has_userinfo {
            SentCredentials::RefusedInsecure
        } else {
            SentCredentials::None
        };
    }
    let header = if has_goauth(release) {
        lookup_goauth(url, netrc, goauth)
    } else {
        netrc
            .iter()
            .position(|e| e.machine == url.host)
            .map(|index| SentCredentials::Netrc {
                index,
                prefix: url.host.clone(),
            })
    };
    match header {
        Some(found) => found,
        None if url.has_userinfo => SentCredentials::UrlUserinfo,
        None => SentCredentials::None,
    }
}

/// The Go 1.24+ credential cache lookup.
fn lookup_goauth(
    url: &RequestUrl,
    netrc: &[NetrcEntry],
    goauth: &GoAuth,
) -> Option<SentCredentials> {
    if goauth.providers.contains(&AuthProvider::Off) {
        return None;
    }
    let full = url.raw.strip_prefix("https://").unwrap_or(&url.raw);
    let mut prefix = full.strip_suffix('/').unwrap_or(full).to_string();
    loop {
        // The first provider listed that stores this prefix wins. A command
        // or git provider may store any prefix: report it as possible when
        // nothing certain (netrc) matched first.
        for provider in &goauth.providers {
            match provider {
                AuthProvider::Netrc => {
                    if let Some(index) = netrc.iter().position(|e| netrc_key(&e.machine) == prefix)
                    {
                        return Some(SentCredentials::Netrc {
                            index,
                            prefix: prefix.clone(),
                        });
                    }
                }
                AuthProvider::Off => {}
                AuthProvider::Git { .. } | AuthProvider::Command { .. } => {}
            }
        }
        match prefix.rfind('/') {
            Some(i) => prefix.truncate(i),
            None => break,
        }
    }
    goauth
        .providers
        .iter()
        .find(|p| matches!(p, AuthProvider::Git { .. } | AuthProvider::Command { .. }))
        .map(|p| SentCredentials::FromProvider {
            provider: p.clone(),
        })
}

/// The cache key Go stores a `.netrc` machine under.
fn netrc_key(machine: &str) -> &str {
    let m = machine.strip_prefix("https://").unwrap_or(machine);
    m.strip_suffix('/').unwrap_or(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netrc::parse;

    fn url(u: &str) -> RequestUrl {
        RequestUrl::parse(u).unwrap()
    }

    #[test]
    fn goauth_grammar() {
        let no_dirs = |_: &str| None;
        let p = |v: &str| parse_goauth(v, "go1.27.3", false, &no_dirs);
        assert_eq!(p("").unwrap().providers, [AuthProvider::Netrc]);
        assert_eq!(
            p("netrc; mycmd --flag").unwrap().providers,
            [
                AuthProvider::Netrc,
                AuthProvider::Command {
                    command: "mycmd".into()
                }
            ]
        );
        assert_eq!(
            p("netrc;").unwrap_err().0,
            "go: GOAUTH encountered an empty command (GOAUTH=netrc;)"
        );
        assert!(p("off;netrc").unwrap_err().0.contains("cannot be combined"));
        assert!(
            p("git rel/dir")
                .unwrap_err()
                .0
                .ends_with("dir is not absolute")
        );
        assert!(p("git").unwrap_err().0.ends_with("working directory"));
        assert!(p("git /nope").unwrap_err().0.contains("cannot stat /nope"));
        let dirs = |_: &str| Some(true);
        assert_eq!(
            parse_goauth("git /repo", "go1.27.3", false, &dirs)
                .unwrap()
                .providers,
            [AuthProvider::Git {
                dir: "/repo".into()
            }]
        );
        // Before 1.24 GOAUTH does not exist.
        assert_eq!(
            parse_goauth("off", "go1.22.10", false, &no_dirs)
                .unwrap()
                .providers,
            [AuthProvider::Netrc]
        );
    }

    #[test]
    fn which_entry_wins() {
        let n = parse(
            "machine h:1 login first password a\nmachine h:1 login second password b\n\
             machine h login nopport password c\nmachine https://p:2/team/ login pathy password d\n",
        )
        .entries;
        let netrc = GoAuth {
            providers: vec![AuthProvider::Netrc],
        };
        for release in ["go1.21.13", "go1.27.3"] {
            assert_eq!(
                credentials_for(&url("https://h:1/x"), release, &n, &netrc),
                SentCredentials::Netrc {
                    index: 0,
                    prefix: "h:1".into()
                }
            );
            assert_eq!(
                credentials_for(&url("http://h:1/x"), release, &n, &netrc),
                SentCredentials::None
            );
            assert_eq!(
                credentials_for(&url("http://u:p@h:1/x"), release, &n, &netrc),
                SentCredentials::RefusedInsecure
            );
            assert_eq!(
                credentials_for(&url("https://u:p@q:1/x"), release, &n, &netrc),
                SentCredentials::UrlUserinfo
            );
        }
        // Path-prefixed machines only from 1.24.
        let team = url("https://p:2/team/m/@v/list");
        assert_eq!(
            credentials_for(&team, "go1.22.10", &n, &netrc),
            SentCredentials::None
        );
        assert_eq!(
            credentials_for(&team, "go1.27.3", &n, &netrc),
            SentCredentials::Netrc {
                index: 3,
                prefix: "p:2/team".into()
            }
        );
        let off = GoAuth {
            providers: vec![AuthProvider::Off],
        };
        assert_eq!(
            credentials_for(&url("https://h:1/x"), "go1.27.3", &n, &off),
            SentCredentials::None
        );
        assert_eq!(
            credentials_for(&url("https://h:1/x"), "go1.22.10", &n, &off),
            SentCredentials::Netrc {
                index: 0,
                prefix: "h:1".into()
            }
        );
    }
}
