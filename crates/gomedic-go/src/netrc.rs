//! `.netrc` as the go command reads it (`cmd/go/internal/auth/netrc.go`).
//!
//! The go command's reader is deliberately small and differs from curl's:
//! * tokens are read per line, in `keyword value` pairs; a line's last word
//!   without a partner is dropped, unless it is `default`;
//! * `machine` starts a new entry; an entry counts only once it has a
//!   machine, a non-empty login and a non-empty password (an entry without a
//!   password is ignored, it never means "empty password");
//! * `default` as the last word of a line ends the file (nothing after it is
//!   read; the default entry itself is never used); `default` as the first
//!   word of a pair is skipped together with its partner;
//! * `macdef NAME` skips the following lines up to the first line that is
//!   exactly empty (a line of spaces or a lone `\r` does not end a macro);
//!   the rest of the `macdef` line itself is still read.
//!
//! Passwords never leave this module: an entry keeps its machine, its login
//! and the fact that a password was given.

use crate::goversion::GoVersion;

/// One entry the go command accepts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetrcEntry {
    /// The `machine` value, as written (go compares it with the URL's
    /// host *including the port*, and from Go 1.24 also with host/path prefixes).
    pub machine: String,
    pub login: String,
    /// 1-based line of the `machine` token.
    pub line: usize,
}

/// An entry the go command ignores, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IgnoredEntry {
    pub machine: String,
    pub line: usize,
    /// `no login`, `no password`, `no login and no password`.
    pub reason: String,
}

/// A parsed `.netrc`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Netrc {
    /// The entries the go command uses, in file order.
    pub entries: Vec<NetrcEntry>,
    /// `machine` entries it ignores (incomplete ones).
    pub ignored: Vec<IgnoredEntry>,
    /// The line of the `default` token that ended reading, if any.
    pub stopped_at_default: Option<usize>,
}

/// The same, with the passwords, for code that must compute the header Go
/// sends (tests). Never stored, never printed: it has no `Debug`.
pub struct NetrcSecret {
    pub machine: String,
    pub login: String,
    pub password: String,
}

/// Parses `data` as the go command does.
pub fn parse(data: &str) -> Netrc {
    let (netrc, _) = parse_with_passwords(data);
    netrc
}

/// Parses `data` and also returns the passwords, in the order of
/// [`Netrc::entries`]. Only for callers that must build the exact header.
pub fn parse_with_passwords(data: &str) -> (Netrc, Vec<NetrcSecret>) {
    #[derive(Default)]
    struct Pending {
        machine: String,
        login: String,
        password: String,
        line: usize,
    }
    let mut out = Netrc::default();
    let mut secrets = Vec::new();
    let mut current = Pending::default();
    let mut in_macro = false;
    let abandon = |p: &Pending, out: &mut Netrc| {
        if p.machine.is_empty() {
            return;
        }
        let reason = match (p.login.is_empty(), p.password.is_empty()) {
            (true, true) => "no login and no password",
            (true, false) => "no login",
            (false, true) => "no password",
            (false, false) => return,
        };
        out.ignored.push(IgnoredEntry {
            machine: p.machine.clone(),
            line: p.line,
            reason: reason.to_string(),
        });
    };
    for (index, line) in data.split('\n').enumerate() {
        let line_number = index + 1;
        if in_macro {
            if line.is_empty() {
                in_macro = false;
            }
            continue;
        }
        let words: Vec<&str> = go_fields(line);
        let mut i = 0;
        while i + 1 < words.len() {
            let (keyword, value) = (words[i], words[i + 1]);
            match keyword {
                "machine" => {
                    abandon(&current, &mut out);
                    current = Pending {
                        machine: value.to_string(),
                        line: line_number,
                        ..Pending::default()
                    };
                }
                "login" => current.login = value.to_string(),
                "password" => current.password = value.to_string(),
                "macdef" => in_macro = true,
                _ => {}
            }
            if !current.machine.is_empty()
                && !current.login.is_empty()
                && !current.password.is_empty()
            {
                let done = std::mem::take(&mut current);
                out.entries.push(NetrcEntry {
                    machine: done.machine.clone(),
                    login: done.login.clone(),
                    line: done.line,
                });
                secrets.push(NetrcSecret {
                    machine: done.machine,
                    login: done.login,
                    password: done.password,
                });
            }
            i += 2;
        }
        if i < words.len() && words[i] == "default" {
            out.stopped_at_default = Some(line_number);
            break;
        }
    }
    abandon(&current, &mut out);
    (out, secrets)
}

/// `strings.Fields`: split around runs of Unicode white space.
fn go_fields(line: &str) -> Vec<&str> {
    line.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Which file the go command reads, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetrcLocation {
    pub path: String,
    /// `NETRC`, `home` (`$HOME/.netrc`), `home _netrc` (Windows).
    pub chosen_by: String,
}

/// Whether this release on Windows also looks for `.netrc` when `_netrc` is
/// missing (golang.org/issue/66832, first released in Go 1.24; absent in
/// 1.22.10, present in 1.27.3). Unknown releases get the newest rule.
pub fn windows_falls_back_to_dot_netrc(release: &str) -> bool {
    GoVersion::parse(release.trim_start_matches("go")).is_none_or(|v| v.at_least(1, 24))
}

/// The `.netrc` path of the go command of `release`: `$NETRC` when set and
/// non-empty, else in the user's home directory (`$HOME`; `%USERPROFILE%`
/// on Windows): `.netrc`, or on Windows `_netrc` (before 1.24 always; from
/// 1.24 `_netrc` when it exists, else `.netrc`). `None` when there is no
/// home directory (Go then reads no file). `exists` tells whether a path
/// exists (only consulted on Windows).
pub fn location(
    release: &str,
    windows: bool,
    env: &dyn Fn(&str) -> Option<String>,
    exists: &dyn Fn(&str) -> bool,
) -> Option<NetrcLocation> {
    if let Some(netrc) = env("NETRC").filter(|v| !v.is_empty()) {
        return Some(NetrcLocation {
            path: netrc,
            chosen_by: "NETRC".into(),
        });
    }
    let home = if windows {
        env("USERPROFILE")
    } else {
        env("HOME")
    }
    .filter(|h| !h.is_empty())?;
    let sep = if windows { '\\' } else { '/' };
    let join = |name: &str| {
        if home.ends_with(sep) || (windows && home.ends_with('/')) {
            format!("{home}{name}")
        } else {
            format!("{home}{sep}{name}")
        }
    };
    if windows {
        let legacy = join("_netrc");
        if !windows_falls_back_to_dot_netrc(release) || exists(&legacy) {
            return Some(NetrcLocation {
                path: legacy,
                chosen_by: "home _netrc".into(),
            });
        }
    }
    Some(NetrcLocation {
        path: join(".netrc"),
        chosen_by: "home".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machines(n: &Netrc) -> Vec<(&str, &str)> {
        n.entries
            .iter()
            .map(|e| (e.machine.as_str(), e.login.as_str()))
            .collect()
    }

    #[test]
    fn pairs_per_line_and_resets() {
        let n = parse("machine a login u password p\nmachine b\nlogin v\npassword q\n");
        assert_eq!(machines(&n), [("a", "u"), ("b", "v")]);
        assert_eq!(n.entries[1].line, 2);
        // No password: ignored, and the next machine starts afresh.
        let n = parse("machine a login u\nmachine b login v password q");
        assert_eq!(machines(&n), [("b", "v")]);
        assert_eq!(n.ignored[0].reason, "no password");
        // An odd word at the end of a line is dropped.
        let n = parse("machine a login\nu password p");
        assert_eq!(machines(&n), []);
        assert_eq!(n.ignored[0].reason, "no login and no password");
    }

    #[test]
    fn default_and_macdef() {
        let n = parse("machine a login u password p\ndefault\nmachine b login v password q");
        assert_eq!(machines(&n), [("a", "u")]);
        assert_eq!(n.stopped_at_default, Some(2));
        // `default` first in a pair swallows its partner and shifts the pairs.
        let n = parse("default login x password y\nmachine b login v password q");
        assert_eq!(machines(&n), [("b", "v")]);
        assert_eq!(n.stopped_at_default, None);
        let n = parse("macdef init\nmachine x login a password b\n\nmachine c login d password e");
        assert_eq!(machines(&n), [("c", "d")]);
        // A line of spaces does not end a macro.
        let n =
            parse("macdef init\n \nmachine x login a password b\n\nmachine c login d password e");
        assert_eq!(machines(&n), [("c", "d")]);
        // The rest of the macdef line is still read.
        let n = parse("machine m login l macdef z password p\nmachine k login a password b");
        assert_eq!(machines(&n), [("m", "l")]);
    }

    #[test]
    fn secrets_are_separate() {
        let (n, secrets) = parse_with_passwords("machine a login u password hunter2");
        assert_eq!(secrets[0].password, "hunter2");
        assert!(!format!("{n:?}").contains("hunter2"));
        assert!(!serde_json::to_string(&n).unwrap().contains("hunter2"));
    }

    #[test]
    fn locations() {
        let env = |k: &str| match k {
            "HOME" => Some("/h".to_string()),
            "USERPROFILE" => Some(r"C:\Users\a".to_string()),
            _ => None,
        };
        let none = |_: &str| false;
        let l = location("go1.22.10", false, &env, &none).unwrap();
        assert_eq!(l.path, "/h/.netrc");
        let l = location("go1.22.10", true, &env, &none).unwrap();
        assert_eq!(l.path, r"C:\Users\a\_netrc");
        let l = location("go1.27.3", true, &env, &none).unwrap();
        assert_eq!(l.path, r"C:\Users\a\.netrc");
        let l = location("go1.27.3", true, &env, &|p| p.ends_with("_netrc")).unwrap();
        assert_eq!(l.path, r"C:\Users\a\_netrc");
        let netrc = |k: &str| (k == "NETRC").then(|| "/etc/n".to_string());
        assert_eq!(location("", false, &netrc, &none).unwrap().path, "/etc/n");
        assert_eq!(location("", false, &|_| None, &none), None);
    }
}
