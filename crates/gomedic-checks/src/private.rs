//! Private modules: required modules that look private but are not covered
//! by GOPRIVATE/GONOPROXY/GONOSUMDB (private/not-in-goprivate), patterns
//! that cover public hosting sites wholesale (private/goprivate-too-broad,
//! pure), and go-import discovery failures (private/go-import-failed).

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_go::goimport::Stage;
use gomedic_go::pattern::matching_pattern;
use gomedic_model::private::{DiscoveryFacts, ModulePrivacy};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Public module hosts a private-module pattern should never cover whole.
const PUBLIC_HOSTS: [&str; 14] = [
    "github.com",
    "golang.org",
    "gopkg.in",
    "google.golang.org",
    "go.uber.org",
    "k8s.io",
    "sigs.k8s.io",
    "gitlab.com",
    "bitbucket.org",
    "go.opentelemetry.io",
    "cloud.google.com",
    "honnef.co",
    "go.etcd.io",
    "gotest.tools",
];

/// Hosts where the first path element after the host is an account, so the
/// narrowest useful pattern is `host/account`.
const ACCOUNT_HOSTS: [&str; 3] = ["github.com", "gitlab.com", "bitbucket.org"];

fn host_of(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

fn is_public_host(path: &str) -> bool {
    PUBLIC_HOSTS.contains(&host_of(path))
}

/// The narrowest GOPRIVATE pattern for a module: `host/account` on hosting
/// sites, else the host.
pub fn narrowest_pattern(path: &str) -> String {
    let mut parts = path.split('/');
    let host = parts.next().unwrap_or(path);
    match (ACCOUNT_HOSTS.contains(&host), parts.next()) {
        (true, Some(account)) => format!("{host}/{account}"),
        _ => host.to_string(),
    }
}

/// Text in a proxy's not-found answer that says the origin wanted credentials.
const CREDENTIAL_HINTS: [&str; 6] = [
    "terminal prompts disabled",
    "could not read username",
    "authentication failed",
    "authentication required",
    "permission denied",
    "repository not found",
];

fn proxy_says_not_found(m: &ModulePrivacy) -> bool {
    m.proxy
        .as_ref()
        .is_some_and(|p| matches!(p.status, Some(404 | 410)))
}

fn proxy_hints_credentials(m: &ModulePrivacy) -> bool {
    m.proxy
        .as_ref()
        .and_then(|p| p.message.as_deref())
        .is_some_and(|msg| {
            let lower = msg.to_lowercase();
            CREDENTIAL_HINTS.iter().any(|h| lower.contains(h))
        })
}

/// Why a module looks private, or `None`.
fn private_reason(m: &ModulePrivacy) -> Option<String> {
    let not_found = proxy_says_not_found(m);
    match &m.discovery {
        DiscoveryFacts::KnownHost { root, .. } if not_found => Some(format!(
            "the proxy does not have it and it lives on a code host ({root}) that go reaches with git"
        )),
        DiscoveryFacts::Failed { stage, status, .. } if not_found || m.proxy.is_none() => {
            let needs_credentials =
                *stage == Stage::HttpStatus && matches!(status, Some(401 | 403));
            // Without a proxy answer only a credentials request counts: a
            // fetch failure may just be a machine without network.
            if not_found || needs_credentials {
                Some(format!(
                    "{}and its origin's go-import discovery fails ({})",
                    if not_found {
                        "the proxy does not have it "
                    } else {
                        ""
                    },
                    stage.describe()
                ))
            } else {
                None
            }
        }
        DiscoveryFacts::Found { .. } if not_found && proxy_hints_credentials(m) => {
            Some("the proxy does not have it and says its origin asked for credentials".to_string())
        }
        _ => None,
    }
}

/// private/not-in-goprivate: a required module looks private but go would
/// still send its path to the proxy or the checksum database.
pub fn not_in_goprivate(ctx: &Ctx) -> Vec<Finding> {
    let Some(facts) = &ctx.snap.private_modules else {
        return Vec::new();
    };
    let sumdb_off = ctx.value("GOSUMDB") == "off";
    // pattern -> (modules, reasons, evidence)
    let mut groups: Vec<(String, Vec<&ModulePrivacy>, Vec<String>)> = Vec::new();
    for m in &facts.modules {
        let Some(reason) = private_reason(m) else {
            continue;
        };
        let proxied = matching_pattern(ctx.value("GONOPROXY"), &m.path).is_none();
        let summed = !sumdb_off && matching_pattern(ctx.value("GONOSUMDB"), &m.path).is_none();
        if !proxied && !summed {
            continue;
        }
        let pattern = narrowest_pattern(&m.path);
        match groups.iter_mut().find(|(p, _, _)| *p == pattern) {
            Some((_, mods, reasons)) => {
                mods.push(m);
                reasons.push(reason);
            }
            None => groups.push((pattern, vec![m], vec![reason])),
        }
    }
    let current = ctx.value("GOPRIVATE");
    groups
        .into_iter()
        .map(|(pattern, mods, reasons)| {
            let names: Vec<String> = mods.iter().map(|m| code(&m.path)).collect();
            let mut f = Finding::new(
                "private/not-in-goprivate",
                Severity::Error,
                format!(
                    "{} {} private but not covered by GOPRIVATE: go asks the public proxy and checksum \
                     database for {}",
                    names.join(", "),
                    if mods.len() == 1 { "looks" } else { "look" },
                    if mods.len() == 1 { "it" } else { "them" }
                ),
                "A module whose path matches no GOPRIVATE/GONOPROXY pattern is fetched through GOPROXY \
                 (proxy.golang.org by default), and one that matches no GONOSUMDB pattern is checked \
                 against the checksum database (sum.golang.org). Neither can see a private repository: \
                 the proxy answers 404/410 and, once go falls back to `direct` and fetches it, the \
                 checksum database lookup fails with \"verifying module: ... 404 Not Found\" or \"410 \
                 Gone\". Each attempt also tells those public services the private module path.",
            );
            for (m, why) in mods.iter().zip(&reasons) {
                let proxy = m.proxy.as_ref().map_or(String::new(), |p| {
                    let answer = match (p.status, &p.error) {
                        (Some(s), _) => s.to_string(),
                        (None, Some(e)) => e.clone(),
                        (None, None) => "no answer".into(),
                    };
                    let message = p
                        .message
                        .as_deref()
                        .map_or(String::new(), |m| format!(" ({})", first_line(m)));
                    format!("; proxy answered {answer}{message} for {}", p.url)
                });
                f.evidence.push(Evidence::new(
                    format!("{}@{}", m.path, m.version),
                    format!("{why}{proxy}"),
                    format!("required by {}; network probe", facts.go_mod),
                ));
            }
            for key in ["GOPRIVATE", "GONOPROXY", "GONOSUMDB"] {
                f.evidence.push(ctx.evidence(key));
            }
            let value = if current.trim().is_empty() {
                pattern.clone()
            } else {
                format!("{},{pattern}", current.trim_end_matches(','))
            };
            let mut fix = fixes::set_go_setting(ctx, "GOPRIVATE", &value);
            fix.description = format!(
                "Mark {} private (the narrowest pattern that covers {}): GONOPROXY and GONOSUMDB \
                 default to GOPRIVATE, so go then fetches it directly and skips the checksum \
                 database. {}",
                code(&pattern),
                if mods.len() == 1 { "it" } else { "them" },
                fix.description
            );
            f.fixes.push(fix);
            for key in ["GONOPROXY", "GONOSUMDB"] {
                if ctx.is_user_set(key) && matching_pattern(ctx.value(key), &mods[0].path).is_none()
                {
                    let v = ctx.value(key);
                    let extended = if v.is_empty() {
                        pattern.clone()
                    } else {
                        format!("{v},{pattern}")
                    };
                    f.fixes.push(
                        Fix::new(format!(
                            "{key} is set explicitly, so it does not follow GOPRIVATE: add the pattern there too."
                        ))
                        .with_command(fixes::go_env_w(ctx.platform, key, &extended)),
                    );
                }
            }
            f
        })
        .collect()
}

fn first_line(s: &str) -> &str {
    let line = s.lines().next().unwrap_or_default();
    match line.char_indices().nth(160) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

/// The go.mod requirements of the project (from the snapshot's copy).
fn required_paths(ctx: &Ctx) -> Vec<String> {
    let Some(content) = ctx
        .snap
        .project
        .go_mod
        .as_ref()
        .and_then(|f| f.content.as_deref())
    else {
        return Vec::new();
    };
    gomedic_go::modfile::parse_lax("go.mod", content.as_bytes())
        .map(|f| f.requirements().iter().map(|r| r.path.clone()).collect())
        .unwrap_or_default()
}

/// private/goprivate-too-broad: GOPRIVATE/GONOPROXY/GONOSUMDB patterns that
/// cover whole public hosting sites.
pub fn goprivate_too_broad(ctx: &Ctx) -> Vec<Finding> {
    let required = required_paths(ctx);
    let mut out = Vec::new();
    for key in ["GOPRIVATE", "GONOPROXY", "GONOSUMDB"] {
        // GONOPROXY/GONOSUMDB inherited from GOPRIVATE are reported under GOPRIVATE.
        if key != "GOPRIVATE" && !ctx.is_user_set(key) {
            continue;
        }
        let value = ctx.value(key);
        let globs: Vec<&str> = value
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .collect();
        let mut broad: Vec<(&str, Vec<&str>)> = Vec::new();
        for glob in &globs {
            let hosts: Vec<&str> = PUBLIC_HOSTS
                .iter()
                .copied()
                .filter(|h| {
                    matching_pattern(glob, &format!("{h}/gomedic-any-owner/any-repo")).is_some()
                })
                .collect();
            if !hosts.is_empty() {
                broad.push((glob, hosts));
            }
        }
        if broad.is_empty() {
            continue;
        }
        let lost = match key {
            "GONOPROXY" => "the module proxy",
            "GONOSUMDB" => "the checksum database",
            _ => "the module proxy and the checksum database",
        };
        let affected: Vec<&String> = required
            .iter()
            .filter(|p| {
                is_public_host(p) && broad.iter().any(|(g, _)| matching_pattern(g, p).is_some())
            })
            .collect();
        let described: Vec<String> = broad
            .iter()
            .map(|(g, hosts)| format!("{} covers {}", code(g), hosts.join(", ")))
            .collect();
        let mut f = Finding::new(
            "private/goprivate-too-broad",
            Severity::Warning,
            format!(
                "{key} covers public hosting sites wholesale ({}): public modules lose {lost}",
                described.join("; ")
            ),
            "GOPRIVATE (and GONOPROXY/GONOSUMDB, which default to it) lists module path prefixes go \
             treats as private: it fetches them straight from their origin (git, with your \
             credentials) and never checks them against the checksum database. A pattern that covers \
             a public hosting site makes every public module there private too: downloads bypass the \
             proxy's cache (slower, and they break when a repository is deleted or a tag moved), and \
             a tampered or re-tagged module is no longer caught when it is not yet in go.sum.",
        );
        f.evidence.push(ctx.evidence(key));
        if !affected.is_empty() {
            let shown: Vec<&str> = affected.iter().take(10).map(|s| s.as_str()).collect();
            let more = affected.len().saturating_sub(shown.len());
            f.evidence.push(Evidence::new(
                "required public modules affected",
                format!(
                    "{}{}",
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
                ctx.snap
                    .project
                    .go_mod
                    .as_ref()
                    .map_or("go.mod".to_string(), |g| g.path.clone()),
            ));
        }
        // Keep the narrow globs; replace the broad ones with the private
        // hosts the project really requires under them.
        let mut narrowed: Vec<String> = globs
            .iter()
            .filter(|g| !broad.iter().any(|(b, _)| b == *g))
            .map(|g| g.to_string())
            .collect();
        for p in &required {
            let under_broad = broad.iter().any(|(g, _)| matching_pattern(g, p).is_some());
            let pattern = narrowest_pattern(p);
            if under_broad && !is_public_host(p) && !narrowed.contains(&pattern) {
                narrowed.push(pattern);
            }
        }
        let fix = if narrowed.is_empty() {
            Fix::new(format!(
                "List only your private module prefixes in {key} (e.g. `git.corp.example.com,github.com/yourorg`); \
                 the project requires none under the broad pattern, so unset it."
            ))
            .with_command(format!("go env -u {key}"))
        } else {
            let mut fix = fixes::set_go_setting(ctx, key, &narrowed.join(","));
            fix.description = format!(
                "Keep only the private prefixes (those the project requires under the broad pattern, \
                 and the narrow patterns already there). {}",
                fix.description
            );
            fix
        };
        f.fixes.push(fix);
        out.push(f);
    }
    out
}

/// The fix for one discovery failure.
fn discovery_fix(path: &str, stage: Stage, status: Option<u16>, url: &str) -> Fix {
    let host = host_of(path);
    match stage {
        Stage::HttpStatus if matches!(status, Some(401 | 403)) => Fix::new(format!(
            "The server at {url} wants credentials before it serves the go-import tag. Give go \
             credentials for {host}: a `machine {host} login <user> password <token>` line in \
             ~/.netrc (%USERPROFILE%\\_netrc on Windows), or GOAUTH on Go 1.24 and later. Or, if the \
             repository is reachable with git, use a module path ending in the repository's `.git` \
             name, which skips discovery."
        )),
        Stage::Fetch => Fix::new(format!(
            "go cannot reach {url}. Check DNS, VPN and HTTPS_PROXY/NO_PROXY for {host}; a server that \
             only speaks plain http needs `go env -w GOINSECURE={host}` (and should be fixed to serve \
             https)."
        )),
        Stage::Govcs => Fix::new(format!(
            "The default GOVCS allows only git and hg for public modules: add {host} to GOPRIVATE \
             (private modules may use any tool) or set GOVCS, e.g. `go env -w GOVCS={host}:all`."
        )),
        Stage::BadPath => Fix::new(
            "A module path that go fetches must start with a host name containing a dot; use a \
             `replace` directive for local modules.",
        ),
        _ => Fix::new(format!(
            "The page at {url} must serve exactly one tag for the module's repository root in its \
             <head>, e.g. `<meta name=\"go-import\" content=\"{path} git https://{host}/repo.git\">`, \
             valid as go reads it (XML rules, no `--` in comments) and repeated on the root's own page. \
             Until it does, a GOPROXY that has the module or a `replace` directive avoids discovery."
        )),
    }
}

/// private/go-import-failed: go-import discovery fails for a required module
/// go would fetch directly.
pub fn go_import_failed(ctx: &Ctx) -> Vec<Finding> {
    let Some(facts) = &ctx.snap.private_modules else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &facts.modules {
        let DiscoveryFacts::Failed {
            url,
            stage,
            message,
            status,
        } = &m.discovery
        else {
            continue;
        };
        let mut f = Finding::new(
            "private/go-import-failed",
            Severity::Error,
            format!(
                "go-import discovery for {} fails: {}",
                code(&m.path),
                stage.describe()
            ),
            "For a module path on a host go does not know, go first fetches \
             `https://<module path>?go-get=1` and reads the `<meta name=\"go-import\" content=\"prefix \
             vcs repo\">` tags in the page's head to learn which repository holds the module. When that \
             fails, `go get`, `go mod download` and every build that needs the module stop with \
             \"unrecognized import path\".",
        );
        f.evidence.push(Evidence::new(
            format!("GET {url}"),
            format!("unrecognized import path {:?}: {message}", m.path),
            format!(
                "go-import discovery for {}@{} (required by {})",
                m.path, m.version, facts.go_mod
            ),
        ));
        if let Some(p) = &m.proxy {
            f.evidence.push(Evidence::new(
                format!("proxy {}", p.proxy),
                p.status.map_or("no answer".into(), |s| {
                    format!("{s}: go falls back to direct")
                }),
                p.url.clone(),
            ));
        }
        f.fixes.push(discovery_fix(&m.path, *stage, *status, url));
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowest() {
        assert_eq!(
            narrowest_pattern("github.com/acme/lib/v2"),
            "github.com/acme"
        );
        assert_eq!(
            narrowest_pattern("git.corp.example/team/lib"),
            "git.corp.example"
        );
    }
}
