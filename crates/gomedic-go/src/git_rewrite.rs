//! git's `url.<base>.insteadOf` / `pushInsteadOf` rewriting (git's
//! `remote.c: alias_url`), applied to the URL the go command hands to git,
//! and the output of `git config --show-origin -z --get-regexp` it is read
//! from.
//!
//! Rules: every `insteadOf` value is a prefix; of all prefixes that start
//! the URL the LONGEST wins (ties: the base that appears first in the
//! configuration, then its first value), and the prefix is replaced by the
//! base. `pushInsteadOf` applies only to pushes, never to the fetches the go
//! command makes.

use serde::{Deserialize, Serialize};

/// One `git config` key/value with where it was set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitConfigEntry {
    /// git's origin, e.g. `file:/home/a/.gitconfig` or `command line:`.
    pub origin: String,
    /// The key as git prints it (section and variable in lower case, the
    /// subsection as written), e.g. `url.git@github.com:.insteadof`.
    pub key: String,
    /// The value (`None` for a key written without `=`).
    pub value: Option<String>,
    /// 1-based line in the origin file, when it could be found.
    #[serde(default)]
    pub line: Option<u32>,
}

/// Parses `git config --show-origin -z --get-regexp ...` output: records
/// `origin NUL key [LF value] NUL`.
pub fn parse_show_origin_z(output: &str) -> Vec<GitConfigEntry> {
    let mut fields = output.split('\0');
    let mut entries = Vec::new();
    while let (Some(origin), Some(kv)) = (fields.next(), fields.next()) {
        if origin.is_empty() && kv.is_empty() {
            break;
        }
        let (key, value) = match kv.split_once('\n') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (kv, None),
        };
        entries.push(GitConfigEntry {
            origin: origin.to_string(),
            key: key.to_string(),
            value,
            line: None,
        });
    }
    entries
}

/// A rewrite rule: `url.<base>.insteadOf <prefix>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewriteRule {
    pub base: String,
    pub prefix: String,
    /// Index of the entry in the list it came from.
    pub entry: usize,
}

/// The `insteadOf` (fetch) rules, or with `push` the `pushInsteadOf` ones,
/// grouped by base in order of the base's first appearance (git's order).
pub fn rules(entries: &[GitConfigEntry], push: bool) -> Vec<RewriteRule> {
    let suffix = if push { ".pushinsteadof" } else { ".insteadof" };
    let mut bases: Vec<(String, Vec<RewriteRule>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(rest) = e.key.strip_prefix("url.") else {
            continue;
        };
        // The variable name is printed in lower case; the base may hold dots.
        let Some(base) = rest
            .len()
            .checked_sub(suffix.len())
            .filter(|&cut| rest.is_char_boundary(cut) && rest[cut..].eq_ignore_ascii_case(suffix))
            .map(|cut| &rest[..cut])
        else {
            continue;
        };
        // git refuses a valueless insteadOf (config error); skip it here.
        let Some(prefix) = &e.value else { continue };
        let rule = RewriteRule {
            base: base.to_string(),
            prefix: prefix.clone(),
            entry: i,
        };
        match bases.iter_mut().find(|(b, _)| b == base) {
            Some((_, list)) => list.push(rule),
            None => bases.push((base.to_string(), vec![rule])),
        }
    }
    bases.into_iter().flat_map(|(_, list)| list).collect()
}

/// The rule that rewrites `url` (the longest matching prefix; first on ties).
pub fn matching_rule<'a>(url: &str, rules: &'a [RewriteRule]) -> Option<&'a RewriteRule> {
    let mut best: Option<&RewriteRule> = None;
    for r in rules {
        if url.starts_with(r.prefix.as_str())
            && best.is_none_or(|b| b.prefix.len() < r.prefix.len())
        {
            best = Some(r);
        }
    }
    best
}

/// `url` after rewriting (itself when no rule matches).
pub fn rewrite(url: &str, rules: &[RewriteRule]) -> String {
    match matching_rule(url, rules) {
        Some(r) => format!("{}{}", r.base, &url[r.prefix.len()..]),
        None => url.to_string(),
    }
}

/// Whether git reaches `url` over SSH: `ssh://`, `git+ssh://`, `ssh+git://`,
/// or the scp-like `[user@]host:path` (a `:` before any `/`, not a drive letter).
pub fn is_ssh_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if ["ssh://", "git+ssh://", "ssh+git://"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return true;
    }
    if url.contains("://") {
        return false;
    }
    match (url.find(':'), url.find('/')) {
        (Some(colon), slash) => {
            let drive = colon == 1 && url.as_bytes()[0].is_ascii_alphabetic();
            !drive && slash.is_none_or(|s| colon < s)
        }
        (None, _) => false,
    }
}

/// The host git connects to for `url` (for ssh and https alike).
pub fn url_host(url: &str) -> Option<String> {
    if let Some((_, rest)) = url.split_once("://") {
        let authority = rest.split('/').next()?;
        let host = authority.rsplit('@').next()?;
        return Some(host.to_string());
    }
    if is_ssh_url(url) {
        let before = url.split(':').next()?;
        return Some(before.rsplit('@').next()?.to_string());
    }
    None
}

/// The version-control tool a module path needs and the URL the go command
/// passes to it, as far as it follows from the path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteGuess {
    /// `git`, `hg`, `svn`, `bzr` or `fossil`.
    pub vcs: &'static str,
    pub url: String,
    /// True for the code hosts go knows (github.com, bitbucket.org, ...) and
    /// paths with a `.git`/`.hg`/... element; false when go-import discovery
    /// decides (then git and `https://<module path>` are assumed: the real
    /// repository root is a prefix of the path).
    pub known: bool,
}

/// Guesses the repository of `module_path` (see [`RemoteGuess`]), following
/// the static table of `cmd/go/internal/vcs/vcs.go` (`vcsPaths`).
pub fn remote_for_module(module_path: &str) -> RemoteGuess {
    let elems: Vec<&str> = module_path.split('/').collect();
    let first = elems.first().copied().unwrap_or("");
    let take = |n: usize| elems.iter().take(n).copied().collect::<Vec<_>>().join("/");
    match first {
        "github.com" | "bitbucket.org" if elems.len() >= 3 => {
            return RemoteGuess {
                vcs: "git",
                url: format!("https://{}", take(3)),
                known: true,
            };
        }
        "launchpad.net" => {
            return RemoteGuess {
                vcs: "bzr",
                url: format!("https://{}", take(3.min(elems.len()))),
                known: true,
            };
        }
        "chiselapp.com" => {
            return RemoteGuess {
                vcs: "fossil",
                url: format!("https://{}", take(5.min(elems.len()))),
                known: true,
            };
        }
        _ => {}
    }
    // `host/path.vcs[/rest]`: the first element after the host ending in a
    // VCS suffix names the tool and ends the repository root.
    for (i, e) in elems.iter().enumerate().skip(1) {
        for vcs in ["git", "hg", "svn", "bzr", "fossil"] {
            if e.len() > vcs.len() + 1 && e.ends_with(&format!(".{vcs}")) {
                return RemoteGuess {
                    vcs,
                    url: format!("https://{}", take(i + 1)),
                    known: true,
                };
            }
        }
    }
    RemoteGuess {
        vcs: "git",
        url: format!("https://{module_path}"),
        known: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, value: &str) -> GitConfigEntry {
        GitConfigEntry {
            origin: "file:/g".into(),
            key: key.into(),
            value: Some(value.into()),
            line: None,
        }
    }

    #[test]
    fn longest_prefix_wins_first_on_ties() {
        let entries = [
            entry("url.git@github.com:.insteadof", "https://github.com/"),
            entry(
                "url.ssh://git@github.com/corp/.insteadof",
                "https://github.com/corp/",
            ),
            entry("url.https://mirror/.insteadof", "https://github.com/"),
            entry("url.https://push/.pushinsteadof", "https://github.com/"),
            entry("credential.helper", "store"),
        ];
        let fetch = rules(&entries, false);
        assert_eq!(fetch.len(), 3);
        assert_eq!(
            rewrite("https://github.com/corp/x", &fetch),
            "ssh://git@github.com/corp/x"
        );
        assert_eq!(
            rewrite("https://github.com/pub/x", &fetch),
            "git@github.com:pub/x"
        );
        assert_eq!(
            rewrite("https://gitlab.com/x", &fetch),
            "https://gitlab.com/x"
        );
        assert_eq!(rules(&entries, true).len(), 1);
    }

    #[test]
    fn show_origin_z() {
        let out = "file:/h/.gitconfig\0url.git@github.com:.insteadof\nhttps://github.com/\0command line:\0credential.helper\nstore\0file:/x\0url.a.insteadof\0";
        let e = parse_show_origin_z(out);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].origin, "file:/h/.gitconfig");
        assert_eq!(e[0].value.as_deref(), Some("https://github.com/"));
        assert_eq!(e[1].key, "credential.helper");
        assert_eq!(e[2].value, None);
    }

    #[test]
    fn ssh_and_hosts() {
        assert!(is_ssh_url("git@github.com:corp/x"));
        assert!(is_ssh_url("ssh://git@h/x"));
        assert!(!is_ssh_url("https://h/x"));
        assert!(!is_ssh_url("C:/repo"));
        assert_eq!(
            url_host("git@github.com:corp/x").as_deref(),
            Some("github.com")
        );
        assert_eq!(url_host("https://u@h:8/x").as_deref(), Some("h:8"));
    }

    #[test]
    fn remotes() {
        assert_eq!(
            remote_for_module("github.com/a/b/v2/sub").url,
            "https://github.com/a/b"
        );
        let g = remote_for_module("git.corp.example/grp/sub/repo.git/pkg");
        assert_eq!(
            (g.vcs, g.url.as_str()),
            ("git", "https://git.corp.example/grp/sub/repo.git")
        );
        assert_eq!(remote_for_module("hg.example/x.hg").vcs, "hg");
        assert!(!remote_for_module("corp.example/lib").known);
    }
}
