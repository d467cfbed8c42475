//! The import paths the go command resolves without a go-import page
//! (cmd/go's table of code hosting sites): GitHub, Bitbucket, IBM DevOps
//! (hub.jazz.net/git), git.apache.org, git.openstack.org, chiselapp.com, and
//! any path with a version-control suffix element (`host/repo.git/...`).
//! For these go never fetches `https://<path>?go-get=1`; it goes straight to
//! the version-control tool (or fails on a malformed path).

/// What cmd/go decides before any network access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticLookup {
    /// Known repository: no go-import discovery.
    Static {
        root: String,
        vcs: String,
        repo: String,
    },
    /// The go command fails right away with this error.
    Error(String),
    /// go fetches the go-import page.
    Dynamic,
}

/// `\w` of Go's regexp (ASCII) plus `.` and `-`.
fn is_elem_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn is_elem(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_elem_byte)
}

/// The version-control tools a release knows (bzr was dropped after 1.22;
/// verified present in 1.22.10 and absent in 1.27.3).
pub fn known_vcs(release: &str) -> &'static [&'static str] {
    if super::release_at_least(release, 23) {
        &["hg", "git", "svn", "fossil"]
    } else {
        &["hg", "git", "svn", "bzr", "fossil"]
    }
}

/// The default GOVCS rule (`public:git|hg,private:all`).
pub fn default_govcs_allows(vcs: &str, private: bool) -> bool {
    private || vcs == "git" || vcs == "hg"
}

struct Site {
    prefix: &'static str,
    vcs: &'static str,
    /// Checks the elements after the prefix; returns how many form the root.
    shape: fn(&[&str]) -> Option<usize>,
    /// Rejects repository names ending in `.git`, `.hg`, ...
    no_vcs_suffix: bool,
}

fn owner_repo(rest: &[&str]) -> Option<usize> {
    (rest.len() >= 2 && rest.iter().all(|e| is_elem(e))).then_some(2)
}

fn jazz(rest: &[&str]) -> Option<usize> {
    let ok = rest.len() >= 2
        && !rest[0].is_empty()
        && rest[0]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && rest[1..].iter().all(|e| is_elem(e));
    ok.then_some(1 + 1)
}

fn apache(rest: &[&str]) -> Option<usize> {
    let first = rest.first()?;
    let stem = first.strip_suffix(".git")?;
    let ok = !stem.is_empty()
        && stem.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
        })
        && rest[1..].iter().all(|e| is_elem(e));
    ok.then_some(1)
}

fn chisel(rest: &[&str]) -> Option<usize> {
    let ok = rest.len() == 4
        && rest[0] == "user"
        && !rest[1].is_empty()
        && rest[1].bytes().all(|b| b.is_ascii_alphanumeric())
        && rest[2] == "repository"
        && is_elem(rest[3]);
    ok.then_some(4)
}

const SITES: [Site; 6] = [
    Site {
        prefix: "github.com",
        vcs: "git",
        shape: owner_repo,
        no_vcs_suffix: true,
    },
    Site {
        prefix: "bitbucket.org",
        vcs: "git",
        shape: owner_repo,
        no_vcs_suffix: true,
    },
    Site {
        prefix: "hub.jazz.net/git",
        vcs: "git",
        shape: jazz,
        no_vcs_suffix: true,
    },
    Site {
        prefix: "git.apache.org",
        vcs: "git",
        shape: apache,
        no_vcs_suffix: false,
    },
    Site {
        prefix: "git.openstack.org",
        vcs: "git",
        shape: owner_repo,
        no_vcs_suffix: false,
    },
    Site {
        prefix: "chiselapp.com",
        vcs: "fossil",
        shape: chisel,
        no_vcs_suffix: false,
    },
];

/// Decides, like cmd/go's `repoRootFromVCSPaths`, whether `import_path`
/// needs go-import discovery. `private` says whether GOPRIVATE matches a
/// root (for the default GOVCS rule; a custom GOVCS is not modelled).
pub fn static_lookup(
    import_path: &str,
    release: &str,
    private: &dyn Fn(&str) -> bool,
) -> StaticLookup {
    if super::has_path_prefix(import_path, "example.net") {
        return StaticLookup::Error("no modules on example.net".into());
    }
    if import_path == "rsc.io" {
        return StaticLookup::Error("rsc.io is not a module".into());
    }
    for scheme in ["http:", "https:"] {
        if import_path.starts_with(scheme) {
            return StaticLookup::Error(format!("\"{scheme}//\" not allowed in import path"));
        }
    }
    let vcs_list = known_vcs(release);
    for site in &SITES {
        if !super::has_path_prefix(import_path, site.prefix) {
            continue;
        }
        let rest: Vec<&str> = import_path[site.prefix.len()..]
            .strip_prefix('/')
            .map(|r| r.split('/').collect())
            .unwrap_or_default();
        let Some(n) = (site.shape)(&rest) else {
            return StaticLookup::Error(format!(
                "invalid {} import path {:?}",
                site.prefix, import_path
            ));
        };
        let root = format!("{}/{}", site.prefix, rest[..n].join("/"));
        if site.no_vcs_suffix && vcs_list.iter().any(|v| root.ends_with(&format!(".{v}"))) {
            return StaticLookup::Error(format!(
                "invalid version control suffix in {}/ path",
                site.prefix
            ));
        }
        return finish(root.clone(), site.vcs, format!("https://{root}"), private);
    }
    match vcs_suffix_match(import_path, release) {
        Some((root, vcs, repo)) => {
            if !vcs_list.contains(&vcs.as_str()) {
                return StaticLookup::Error(format!("unknown version control system {vcs:?}"));
            }
            finish(root, &vcs, repo, private)
        }
        None => StaticLookup::Dynamic,
    }
}

fn finish(root: String, vcs: &str, repo: String, private: &dyn Fn(&str) -> bool) -> StaticLookup {
    let is_private = private(&root);
    if !default_govcs_allows(vcs, is_private) {
        let what = if is_private { "private" } else { "public" };
        return StaticLookup::Error(format!(
            "GOVCS disallows using {vcs} for {what} {root}; see 'go help vcs'"
        ));
    }
    StaticLookup::Static {
        root,
        vcs: vcs.to_string(),
        repo,
    }
}

/// The general rule: `host.tld[:port]/elem.../repo.<vcs>[/more...]`, found
/// leftmost-first like Go's unanchored regexp (host made of lower-case
/// letters, digits, dots and dashes with a dot inside; the repository is the
/// first element ending in `.<vcs>`). Returns (root, vcs, schemeless repo).
fn vcs_suffix_match(path: &str, release: &str) -> Option<(String, String, String)> {
    let bytes = path.as_bytes();
    let host_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-';
    let suffixes: &[&str] = if super::release_at_least(release, 23) {
        &["fossil", "git", "hg", "svn"]
    } else {
        &["bzr", "fossil", "git", "hg", "svn"]
    };
    for start in 0..bytes.len() {
        if !host_byte(bytes[start]) {
            continue;
        }
        let host_end = start + bytes[start..].iter().take_while(|&&b| host_byte(b)).count();
        let host = &path[start..host_end];
        // `([a-z0-9.-]+\.)+[a-z0-9.-]+`: a dot with something on both sides.
        let has_inner_dot = host.len() >= 3 && host[1..host.len() - 1].contains('.');
        if !has_inner_dot {
            continue;
        }
        let mut rest = &path[host_end..];
        if let Some(after) = rest.strip_prefix(':') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                continue;
            }
            rest = &after[digits..];
        }
        let Some(rest) = rest.strip_prefix('/') else {
            continue;
        };
        let elems: Vec<&str> = rest.split('/').collect();
        let valid = |e: &str| is_elem(e.strip_prefix('~').unwrap_or(e));
        if !elems.iter().all(|e| valid(e)) {
            continue;
        }
        for (k, elem) in elems.iter().enumerate() {
            let Some((stem, vcs)) = elem.rsplit_once('.') else {
                continue;
            };
            if !suffixes.contains(&vcs) || !valid(stem) {
                continue;
            }
            let prefix_len = host_end + (path.len() - host_end - rest.len());
            let repo_elems = elems[..k].join("/");
            let sep = if k == 0 { "" } else { "/" };
            let root = format!("{}{repo_elems}{sep}{elem}", &path[start..prefix_len]);
            let repo = root[..root.len() - vcs.len() - 1].to_string();
            return Some((root, vcs.to_string(), repo));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(p: &str) -> StaticLookup {
        static_lookup(p, "1.27.3", &|_| false)
    }

    #[test]
    fn code_hosts() {
        assert_eq!(
            lookup("github.com/a/b/c"),
            StaticLookup::Static {
                root: "github.com/a/b".into(),
                vcs: "git".into(),
                repo: "https://github.com/a/b".into()
            }
        );
        assert_eq!(
            lookup("github.com/a"),
            StaticLookup::Error("invalid github.com import path \"github.com/a\"".into())
        );
        assert_eq!(
            lookup("github.com/a/b.git"),
            StaticLookup::Error("invalid version control suffix in github.com/ path".into())
        );
        assert!(matches!(
            lookup("bitbucket.org/x/y"),
            StaticLookup::Static { .. }
        ));
        assert!(matches!(
            lookup("chiselapp.com/user/u/repository/r"),
            StaticLookup::Error(e) if e.contains("GOVCS disallows using fossil for public")
        ));
        assert_eq!(lookup("golang.org/x/text"), StaticLookup::Dynamic);
        assert_eq!(lookup("githubusercontent.com/x/y"), StaticLookup::Dynamic);
    }

    #[test]
    fn vcs_suffix_paths() {
        let StaticLookup::Static { root, vcs, repo } = lookup("corp.example/team/lib.git/sub")
        else {
            panic!()
        };
        assert_eq!(
            (root.as_str(), vcs.as_str()),
            ("corp.example/team/lib.git", "git")
        );
        assert_eq!(repo, "corp.example/team/lib");
        assert!(matches!(
            lookup("corp.example:8080/~u/r.hg"),
            StaticLookup::Static { .. }
        ));
        // svn is not allowed for public paths by the default GOVCS.
        assert!(matches!(
            lookup("corp.example/r.svn"),
            StaticLookup::Error(_)
        ));
        assert!(matches!(
            static_lookup("corp.example/r.svn", "1.27.3", &|_| true),
            StaticLookup::Static { .. }
        ));
        // bzr: a known suffix before 1.23 only.
        assert_eq!(lookup("corp.example/r.bzr"), StaticLookup::Dynamic);
        assert!(matches!(
            static_lookup("corp.example/r.bzr", "1.21.13", &|_| false),
            StaticLookup::Error(e) if e.contains("GOVCS disallows using bzr")
        ));
        // Leftmost match inside an element Go's regexp cannot start at.
        let StaticLookup::Static { root, .. } = lookup("corp.example/a+b.c/x.git") else {
            panic!()
        };
        assert_eq!(root, "b.c/x.git");
        assert_eq!(lookup("corp.example/a.gitx"), StaticLookup::Dynamic);
    }
}
