//! private/git-missing, private/no-credentials, private/insteadof-rewrite:
//! what the go command needs to fetch modules directly from their origin
//! (GOPRIVATE/GONOPROXY matches, GOPROXY=direct, or `direct` after the
//! proxies), checked against the VCS tools, git configuration, `.netrc`,
//! GOAUTH and SSH keys the probe found.

use crate::context::{Ctx, code};
use crate::modules::release;
use gomedic_go::git_rewrite::{self, RemoteGuess, RewriteRule};
use gomedic_go::goauth::{self, AuthProvider};
use gomedic_go::goproxy::{ModuleEnv, StepAction, route};
use gomedic_go::pattern::path_match;
use gomedic_model::network::ProbeOutcome;
use gomedic_model::private_access::PrivateAccessFacts;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// A module (or a GOPRIVATE pattern) the go command fetches from its origin.
struct DirectTarget {
    /// The module path, or the pattern.
    path: String,
    /// Where it comes from, for evidence.
    source: String,
    /// The GONOPROXY/GOPRIVATE glob that matched: the module is private.
    private_glob: Option<String>,
    /// `direct` is the first entry actually tried (not only a fallback).
    direct_first: bool,
    /// A GOPRIVATE pattern rather than a requirement.
    is_pattern: bool,
    remote: RemoteGuess,
}

impl DirectTarget {
    /// The host part (first path element; may be a glob for patterns).
    fn host(&self) -> &str {
        self.path.split('/').next().unwrap_or("")
    }
}

fn module_env(ctx: &Ctx) -> Option<ModuleEnv> {
    Some(ModuleEnv::from_go_env(ctx.snap.go_env.as_ref()?))
}

/// The project's requirements (after module replacements), with go.mod lines.
fn requirements(ctx: &Ctx) -> Vec<(String, String)> {
    let Some(file) = &ctx.snap.project.go_mod else {
        return Vec::new();
    };
    let Some(content) = &file.content else {
        return Vec::new();
    };
    let Ok(parsed) = gomedic_go::modfile::parse_lax(&file.path, content.as_bytes()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in parsed.requirements() {
        let replaced = parsed.replaces().iter().find(|x| {
            x.old.path == r.path && (x.old.version.is_empty() || x.old.version == r.version)
        });
        match replaced {
            Some(x) if x.is_local_directory() => continue,
            Some(x) => out.push((
                x.new.path.clone(),
                format!("{}:{} (replace of {})", file.path, x.pos.line, r.path),
            )),
            None => out.push((r.path.clone(), format!("{}:{}", file.path, r.pos.line))),
        }
    }
    out
}

/// Everything fetched directly: requirements whose route reaches `direct`,
/// and the GOPRIVATE/GONOPROXY patterns no requirement covers.
fn direct_targets(ctx: &Ctx) -> Vec<DirectTarget> {
    let Some(env) = module_env(ctx) else {
        return Vec::new();
    };
    let release = release(ctx);
    let mut targets: Vec<DirectTarget> = Vec::new();
    let push = |path: &str, source: String, is_pattern: bool, targets: &mut Vec<DirectTarget>| {
        let r = route(path, &env, release);
        if r.error.is_some() {
            return;
        }
        let Some(direct) = r.steps.iter().position(|s| s.action == StepAction::Direct) else {
            return;
        };
        let direct_first = r.steps[..direct]
            .iter()
            .all(|s| matches!(s.action, StepAction::Skip(_)));
        targets.push(DirectTarget {
            path: path.to_string(),
            source,
            private_glob: r.noproxy_match.clone(),
            direct_first,
            is_pattern,
            remote: git_rewrite::remote_for_module(path),
        });
    };
    for (path, source) in requirements(ctx) {
        push(&path, format!("required in {source}"), false, &mut targets);
    }
    let patterns: Vec<String> = env
        .gonoproxy
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    for pattern in patterns {
        let covered = targets
            .iter()
            .any(|t| t.private_glob.as_deref() == Some(pattern.as_str()));
        if !covered {
            let key = if ctx.is_user_set("GONOPROXY") {
                "GONOPROXY"
            } else {
                "GOPRIVATE"
            };
            push(&pattern, format!("{key} pattern"), true, &mut targets);
        }
    }
    targets
}

fn facts<'a>(ctx: &Ctx<'a>) -> &'a PrivateAccessFacts {
    &ctx.snap.private_access
}

/// Whether the probe looked at the VCS tools at all (old snapshots did not).
fn probed(ctx: &Ctx) -> bool {
    !facts(ctx).vcs_tools.is_empty()
}

/// private/git-missing: a direct fetch needs a VCS tool that is not on PATH.
pub fn git_missing(ctx: &Ctx) -> Vec<Finding> {
    if !probed(ctx) {
        return Vec::new();
    }
    let targets = direct_targets(ctx);
    let mut out = Vec::new();
    for tool in ["git", "hg", "svn", "bzr", "fossil"] {
        if facts(ctx).tool(tool).is_some() {
            continue;
        }
        let needing: Vec<&DirectTarget> = targets
            .iter()
            .filter(|t| t.direct_first && t.remote.vcs == tool)
            .collect();
        if needing.is_empty() {
            continue;
        }
        let required = needing.iter().any(|t| !t.is_pattern);
        let severity = if required {
            Severity::Error
        } else {
            Severity::Warning
        };
        let names: Vec<String> = needing.iter().take(3).map(|t| code(&t.path)).collect();
        let mut f = Finding::new(
            "private/git-missing",
            severity,
            format!(
                "go fetches {}{} directly from the origin, which needs `{tool}`, and `{tool}` is not on PATH",
                names.join(", "),
                if needing.len() > 3 {
                    format!(" and {} more", needing.len() - 3)
                } else {
                    String::new()
                }
            ),
            format!(
                "Modules that bypass the module proxy (GOPRIVATE/GONOPROXY, GOPROXY=direct) are downloaded by \
                 running the version-control tool of their repository. Without `{tool}` every such download fails \
                 with `go: {}: ... exec: \"{tool}\": executable file not found in $PATH` (a module already in the \
                 module cache is not downloaded again).",
                needing[0].path
            ),
        );
        for t in needing.iter().take(5) {
            f.evidence.push(Evidence::new(
                "fetched directly",
                format!(
                    "{} via {}{}",
                    t.path,
                    t.remote.url,
                    match &t.private_glob {
                        Some(g) => format!(" (matches GONOPROXY/GOPRIVATE {g:?})"),
                        None => " (GOPROXY reaches `direct`)".to_string(),
                    }
                ),
                &t.source,
            ));
        }
        f.evidence.push(ctx.evidence("GOPROXY"));
        f.evidence.push(ctx.evidence("GOPRIVATE"));
        f.evidence.push(Evidence::new(
            tool,
            "not found",
            "PATH lookup (exec.LookPath)",
        ));
        let install = match ctx.platform {
            crate::context::Platform::Linux => {
                format!("sudo apt-get install {tool}   # or dnf/apk/pacman")
            }
            crate::context::Platform::MacOs => {
                if tool == "git" {
                    "xcode-select --install   # or: brew install git".to_string()
                } else {
                    format!("brew install {tool}")
                }
            }
            crate::context::Platform::Windows => {
                if tool == "git" {
                    "winget install --id Git.Git -e".to_string()
                } else {
                    format!("winget install {tool}")
                }
            }
        };
        f.fixes.push(
            Fix::new(format!(
                "Install {tool} where go runs (in Docker images: in the build stage) and make sure it is on PATH."
            ))
            .with_command(install),
        );
        f.fixes.push(Fix::new(
            "Or serve these modules from a module proxy that can reach them (e.g. an internal Athens or \
             Artifactory GOPROXY) and take them out of GONOPROXY, so go downloads zips over HTTPS instead.",
        ));
        out.push(f);
    }
    out
}

/// One way go or git can authenticate to a host.
fn credential_sources(ctx: &Ctx, t: &DirectTarget) -> Vec<Evidence> {
    let facts = facts(ctx);
    let host = t.host();
    // git connects to the host of the rewritten URL; curl (git's HTTP
    // transport) matches `.netrc` machines by host name without the port.
    let rules = git_rewrite::rules(&facts.git_config, false);
    let rewritten = git_rewrite::rewrite(&t.remote.url, &rules);
    let mut hosts = vec![host.to_string()];
    if let Some(h) = git_rewrite::url_host(&rewritten).filter(|h| h != host) {
        let without_port = h.rsplit_once(':').map(|(name, _)| name.to_string());
        hosts.push(h);
        hosts.extend(without_port);
    }
    let host_matches = |candidate: &str| {
        let candidate = candidate.strip_prefix("https://").unwrap_or(candidate);
        let candidate_host = candidate.split('/').next().unwrap_or(candidate);
        hosts
            .iter()
            .any(|h| candidate_host == h || path_match(h, candidate_host).unwrap_or(false))
    };
    let mut out = Vec::new();
    if let Some(netrc) = &facts.netrc {
        for e in netrc.entries.iter().filter(|e| host_matches(&e.machine)) {
            out.push(Evidence::new(
                ".netrc entry",
                format!("machine {} login {}", e.machine, e.login),
                format!("{}:{}", netrc.path, e.line),
            ));
        }
    }
    let goauth_value = ctx.value("GOAUTH");
    if goauth::has_goauth(release(ctx)) {
        let dirs = &facts.goauth_git_dirs;
        if let Ok(parsed) = goauth::parse_goauth(
            goauth_value,
            release(ctx),
            ctx.platform == crate::context::Platform::Windows,
            &|d| dirs.iter().find(|(x, _)| x == d).and_then(|(_, k)| *k),
        ) {
            for p in parsed.providers {
                let described = match &p {
                    AuthProvider::Git { dir } => format!("git {dir} (git credential fill)"),
                    AuthProvider::Command { command } => format!("{command} (GOAUTH command)"),
                    AuthProvider::Netrc | AuthProvider::Off => continue,
                };
                out.push(Evidence::new("GOAUTH provider", described, "GOAUTH"));
            }
        }
    }
    let helpers: Vec<&gomedic_go::git_rewrite::GitConfigEntry> = facts
        .git_config
        .iter()
        .filter(|e| e.key.starts_with("credential.") && e.key.ends_with(".helper"))
        .collect();
    // An empty helper value clears the list before it (git's rule).
    let after_reset = helpers
        .iter()
        .rposition(|e| e.key == "credential.helper" && e.value.as_deref() == Some(""))
        .map_or(0, |i| i + 1);
    for e in &helpers[after_reset..] {
        let scoped = e
            .key
            .strip_prefix("credential.")
            .and_then(|k| k.strip_suffix(".helper"))
            .filter(|s| !s.is_empty());
        let applies = scoped
            .is_none_or(|url| hosts.iter().any(|h| url.contains(h.as_str())) || host.contains('*'));
        if applies && e.value.as_deref().is_some_and(|v| !v.is_empty()) {
            out.push(Evidence::new(
                "git credential helper",
                format!("{} = {}", e.key, e.value.as_deref().unwrap_or("")),
                describe_origin(e),
            ));
        }
    }
    // SSH authenticates with keys; a base with userinfo carries a token.
    if let Some(rule) = git_rewrite::matching_rule(&t.remote.url, &rules)
        && (git_rewrite::is_ssh_url(&rewritten) || rule.base.contains('@'))
    {
        out.push(Evidence::new(
            "git insteadOf",
            format!("{} → {rewritten}", t.remote.url),
            describe_origin(&facts.git_config[rule.entry]),
        ));
    }
    if facts.git_env.askpass {
        out.push(Evidence::new("GIT_ASKPASS", "set", "process environment"));
    }
    out
}

fn describe_origin(e: &gomedic_go::git_rewrite::GitConfigEntry) -> String {
    let origin = e.origin.strip_prefix("file:").unwrap_or(&e.origin);
    match e.line {
        Some(line) => format!("{origin}:{line} (git config)"),
        None => format!("{origin} (git config)"),
    }
}

/// private/no-credentials: a private host fetched directly (or a proxy
/// that answered 401/403) with nothing that could authenticate.
pub fn no_credentials(ctx: &Ctx) -> Vec<Finding> {
    if !probed(ctx) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let prompts_allowed = facts(ctx)
        .git_env
        .terminal_prompt
        .as_deref()
        .is_some_and(|v| v != "0" && !v.is_empty());
    let mut reported_hosts: Vec<String> = Vec::new();
    for t in direct_targets(ctx) {
        let Some(glob) = &t.private_glob else {
            continue;
        };
        if !t.direct_first || reported_hosts.iter().any(|h| h == t.host()) {
            continue;
        }
        if !credential_sources(ctx, &t).is_empty() {
            continue;
        }
        reported_hosts.push(t.host().to_string());
        let severity = if prompts_allowed || t.is_pattern {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut f = Finding::new(
            "private/no-credentials",
            severity,
            format!(
                "{} {} {} fetched directly from {}, but nothing supplies credentials for it",
                if t.is_pattern {
                    "Modules matching private pattern"
                } else {
                    "Private module"
                },
                code(&t.path),
                if t.is_pattern { "are" } else { "is" },
                code(t.host())
            ),
            format!(
                "{} matches GONOPROXY/GOPRIVATE {glob:?}, so go asks {} itself: an HTTPS `?go-get=1` request \
                 (with `.netrc` or GOAUTH credentials) and then git over HTTPS. go runs git with \
                 GIT_TERMINAL_PROMPT=0, so git cannot ask for a password: without a `.netrc` entry, a git \
                 credential helper, GIT_ASKPASS or an insteadOf rule to SSH the fetch fails with `fatal: could \
                 not read Username for 'https://{}': terminal prompts disabled`.",
                t.path,
                t.host(),
                t.host()
            ),
        );
        f.evidence
            .push(Evidence::new("private module", &t.path, &t.source));
        f.evidence.push(Evidence::new(
            "repository URL git is given",
            &t.remote.url,
            if t.remote.known {
                "go's table of code hosts"
            } else {
                "assumed: go-import discovery decides the repository"
            },
        ));
        let netrc = facts(ctx).netrc.as_ref();
        f.evidence.push(Evidence::new(
            ".netrc",
            match netrc {
                Some(n) if n.exists => {
                    format!("{} entries, none for {}", n.entries.len(), t.host())
                }
                Some(_) => "file does not exist".to_string(),
                None => "no home directory".to_string(),
            },
            netrc.map_or("-".to_string(), |n| format!("{} ({})", n.path, n.chosen_by)),
        ));
        f.evidence.push(Evidence::new(
            "git credential helpers",
            "none",
            "git config --get-regexp credential",
        ));
        if goauth::has_goauth(release(ctx)) {
            f.evidence.push(ctx.evidence("GOAUTH"));
        }
        add_credential_fixes(&mut f, t.host());
        out.push(f);
    }
    // Proxies that answered 401/403 to the probes.
    if let Some(net) = &ctx.snap.network {
        for p in &net.proxies {
            let denied = p
                .requests
                .iter()
                .find_map(|r| r.status.filter(|s| *s == 401 || *s == 403));
            let Some(status) = denied else { continue };
            if !matches!(
                p.outcome,
                ProbeOutcome::Failed { .. }
                    | ProbeOutcome::NotFound { .. }
                    | ProbeOutcome::ProtocolViolation { .. }
            ) {
                continue;
            }
            let Some(url) = goauth::RequestUrl::parse(&p.entry) else {
                continue;
            };
            if url.has_userinfo || proxy_has_credentials(ctx, &url) {
                continue;
            }
            let mut f = Finding::new(
                "private/no-credentials",
                Severity::Error,
                format!(
                    "The module proxy {} answered {status} and go has no credentials for it",
                    code(&p.entry)
                ),
                format!(
                    "GOPROXY names {} and it refused an anonymous request with {status}. go sends credentials \
                     to an https proxy only from `.netrc` (machine = the host with its port), GOAUTH (Go 1.24+) \
                     or userinfo in the GOPROXY URL; none is set for it, so every download through it fails.",
                    p.entry
                ),
            );
            f.evidence.push(Evidence::new("proxy", &p.entry, "GOPROXY"));
            f.evidence.push(ctx.evidence("GOPROXY"));
            f.evidence.push(ctx.evidence("GOAUTH"));
            add_credential_fixes(&mut f, &url.host);
            out.push(f);
        }
    }
    out
}

/// Whether `.netrc`/GOAUTH give go credentials for the proxy URL.
fn proxy_has_credentials(ctx: &Ctx, url: &goauth::RequestUrl) -> bool {
    let facts = facts(ctx);
    let entries = facts
        .netrc
        .as_ref()
        .map(|n| n.entries.clone())
        .unwrap_or_default();
    let dirs = &facts.goauth_git_dirs;
    let Ok(auth) = goauth::parse_goauth(
        ctx.value("GOAUTH"),
        release(ctx),
        ctx.platform == crate::context::Platform::Windows,
        &|d| dirs.iter().find(|(x, _)| x == d).and_then(|(_, k)| *k),
    ) else {
        return false;
    };
    !matches!(
        goauth::credentials_for(url, release(ctx), &entries, &auth),
        goauth::SentCredentials::None
    )
}

fn add_credential_fixes(f: &mut Finding, host: &str) {
    f.fixes.push(
        Fix::new(format!(
            "Give go and git a token for {host} in ~/.netrc (%USERPROFILE%\\_netrc on Windows), mode 600; both read it."
        ))
        .with_command(format!("printf 'machine {host} login YOUR_USER password YOUR_TOKEN\\n' >> ~/.netrc && chmod 600 ~/.netrc")),
    );
    f.fixes.push(
        Fix::new("Or store the token in a git credential helper (git uses it for every clone of that host).")
            .with_command(format!("git config --global credential.https://{host}.helper store")),
    );
    f.fixes.push(Fix::new(format!(
        "Or fetch over SSH: `git config --global url.\"ssh://git@{host}/\".insteadOf \"https://{host}/\"` \
         (needs an SSH key or agent where go runs). In Docker builds pass the token as a BuildKit secret."
    )));
}

/// private/insteadof-rewrite: insteadOf rules that reroute the go
/// command's direct fetches.
pub fn insteadof_rewrite(ctx: &Ctx) -> Vec<Finding> {
    let facts = facts(ctx);
    let rules: Vec<RewriteRule> = git_rewrite::rules(&facts.git_config, false);
    if rules.is_empty() {
        return Vec::new();
    }
    let targets = direct_targets(ctx);
    let mut out = Vec::new();
    // One finding per rule, listing the targets it reroutes.
    let mut by_rule: Vec<(usize, Vec<(&DirectTarget, String)>)> = Vec::new();
    for t in &targets {
        let Some(rule) = git_rewrite::matching_rule(&t.remote.url, &rules) else {
            continue;
        };
        let rewritten = git_rewrite::rewrite(&t.remote.url, &rules);
        match by_rule.iter_mut().find(|(e, _)| *e == rule.entry) {
            Some((_, list)) => list.push((t, rewritten)),
            None => by_rule.push((rule.entry, vec![(t, rewritten)])),
        }
    }
    let has_ssh_auth =
        !facts.ssh_keys.is_empty() || facts.git_env.ssh_agent || facts.git_env.ssh_command;
    for (entry, list) in by_rule {
        let e = &facts.git_config[entry];
        let rule = rules
            .iter()
            .find(|r| r.entry == entry)
            .expect("rule of entry");
        let to_ssh = git_rewrite::is_ssh_url(&rule.base);
        let public = list
            .iter()
            .filter(|(t, _)| t.private_glob.is_none())
            .count();
        let severity = if to_ssh && !has_ssh_auth {
            Severity::Warning
        } else {
            Severity::Info
        };
        let mut f = Finding::new(
            "private/insteadof-rewrite",
            severity,
            format!(
                "git rewrites {} to {} for {} module fetch{}{}",
                code(&rule.prefix),
                code(&rule.base),
                list.len(),
                if list.len() == 1 { "" } else { "es" },
                if to_ssh && !has_ssh_auth {
                    ": over SSH, and no SSH key or agent was found"
                } else if to_ssh {
                    ": over SSH"
                } else {
                    ""
                }
            ),
            format!(
                "The git configuration says `url.{}.insteadOf {}`: every URL starting with the prefix is \
                 rewritten before git connects, including the ones the go command passes for direct module \
                 fetches{}. {}",
                rule.base,
                rule.prefix,
                if public > 0 {
                    format!(
                        " ({public} of them public modules, fetched directly because GOPROXY reaches `direct`)"
                    )
                } else {
                    String::new()
                },
                if to_ssh {
                    "Over SSH git authenticates with a key, and go runs ssh with BatchMode=yes: without a key \
                     (or an agent holding it, passphrase-protected keys need one) the fetch fails with \
                     `Permission denied (publickey)`. CI runners and containers usually have no key."
                } else {
                    "The rewritten URL decides which server and credentials are used."
                }
            ),
        );
        f.evidence.push(Evidence::new(
            "rule",
            format!("url.{}.insteadOf = {}", rule.base, rule.prefix),
            describe_origin(e),
        ));
        for (t, rewritten) in list.iter().take(5) {
            f.evidence.push(Evidence::new(
                "rewritten fetch",
                format!("{} ({}) → {rewritten}", t.path, t.remote.url),
                &t.source,
            ));
        }
        if to_ssh {
            f.evidence.push(Evidence::new(
                "SSH keys in ~/.ssh",
                if facts.ssh_keys.is_empty() {
                    "none".to_string()
                } else {
                    facts.ssh_keys.join(", ")
                },
                "file names only",
            ));
            f.evidence.push(Evidence::new(
                "SSH_AUTH_SOCK",
                if facts.git_env.ssh_agent {
                    "set"
                } else {
                    "unset"
                },
                "process environment",
            ));
        }
        let origin = e.origin.strip_prefix("file:").unwrap_or(&e.origin);
        let scope_flag = if origin.contains("/etc/") {
            "--system"
        } else {
            "--global"
        };
        f.fixes.push(
            Fix::new(format!(
                "If the rewrite is only meant for your private repositories, scope it to them instead of the whole host \
                 (edit {origin}{})",
                e.line.map(|l| format!(" line {l}")).unwrap_or_default()
            ))
            .with_command(format!(
                "git config {scope_flag} --unset-all url.{}.insteadOf",
                shell_quote(&rule.base)
            )),
        );
        if to_ssh {
            f.fixes.push(Fix::new(
                "Keep it, and make an SSH key available where go runs (ssh-add for the agent; in CI a deploy key \
                 or the ssh-agent action).",
            ));
        }
        out.push(f);
    }
    out
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub(crate) const GIT_MISSING: &str = "What: modules that go fetches directly from their origin (they match \
GOPRIVATE or GONOPROXY, or GOPROXY is `direct` or falls back to it) need the version-control tool of their \
repository, usually git, and that tool is not on PATH.

Why it matters: a module proxy serves zip files over HTTPS, but a direct fetch runs `git ls-remote`, \
`git fetch` and friends (hg, svn, bzr or fossil for other repositories). Without the tool every download of \
such a module fails with `exec: \"git\": executable file not found in $PATH`. Slim container images \
(golang:alpine, distroless build stages) and fresh Windows machines are the usual cases.

How gomedic detects it: it routes every requirement of go.mod, and every GOPRIVATE/GONOPROXY pattern, \
through GOPROXY exactly as the go command does (pattern matching, `,` and `|` fallbacks, `off`), finds \
those whose first real step is `direct`, derives the tool from the module path (go's table of code hosts \
and `.git`/`.hg`/... path elements; git otherwise) and looks the tool up on PATH like exec.LookPath. A \
requirement that needs it is an error; a pattern alone is a warning.

Fix: install git (apk add git, apt-get install git, xcode-select --install, winget install Git.Git), or \
serve private modules through an internal module proxy.

References: https://go.dev/ref/mod#vcs, https://go.dev/ref/mod#private-modules, \
https://github.com/docker-library/golang/issues/80";

pub(crate) const NO_CREDENTIALS: &str = "What: a private module is fetched directly from a host for which \
nothing can supply credentials (no `.netrc` entry, no GOAUTH command, no git credential helper, no \
GIT_ASKPASS, no insteadOf rule to SSH or with a token), or a GOPROXY URL answered 401/403 and go has no \
credentials to send it.

Why it matters: the go command runs git with GIT_TERMINAL_PROMPT=0 and GCM_INTERACTIVE=never, so git \
cannot ask for a password and fails with `fatal: could not read Username for 'https://host': terminal \
prompts disabled`. The `?go-get=1` discovery request and https module proxies get credentials only from \
`.netrc` (`machine` equal to the host, with the port if the URL has one; before Go 1.24 the first matching \
entry, from 1.24 also host/path prefixes) or GOAUTH (Go 1.24+, default `netrc`). Public hosts need none.

How gomedic detects it: it routes the project's requirements and the GOPRIVATE patterns, and for each \
private host it looks for a usable `.netrc` entry (parsed exactly as the go command parses it: entries \
without a password are ignored, `default` ends the file, `macdef` blocks are skipped), GOAUTH providers, \
git credential helpers (global, system, host-scoped), GIT_ASKPASS and insteadOf rules. Passwords are \
never read into the report.

Fix: add `machine HOST login USER password TOKEN` to ~/.netrc (chmod 600), or configure a credential \
helper, or rewrite the host to SSH with a key available.

References: https://go.dev/doc/faq#git_https, https://go.dev/ref/mod#private-module-repo-auth, \
https://go.dev/ref/mod#goauth, https://github.com/golang/go/issues/26145";

pub(crate) const INSTEADOF_REWRITE: &str = "What: a git `url.<base>.insteadOf <prefix>` rule rewrites \
the repository URLs the go command passes to git for direct module fetches, for example \
`url.\"git@github.com:\".insteadOf https://github.com/` sending every GitHub fetch over SSH.

Why it matters: the rule applies to every module whose URL starts with the prefix, public ones included \
when GOPROXY reaches `direct`. Over SSH git needs a key; go runs ssh with BatchMode=yes, so a missing key, \
an agent that is not running, or a passphrase-protected key without an agent fails with `Permission \
denied (publickey)`, typically in CI and containers even though the same command works on a laptop. \
Rules written with `.git` suffixes or scp-style prefixes do not match the `https://host/org/repo` URLs go \
passes and silently do nothing.

How gomedic detects it: it reads `git config --show-origin --get-regexp` outside any repository (go runs \
git in its own bare repositories), applies git's rule (the longest matching prefix wins, the first base on \
ties) to the URL of every directly fetched module, and says which file and line set the rule. It is a \
warning when the rewrite goes to SSH and no key in ~/.ssh and no SSH agent was found, information otherwise.

Fix: scope the rule to your private organisation (`url.\"ssh://git@github.com/yourorg/\".insteadOf \
https://github.com/yourorg/`) or provide a key where go runs.

References: https://git-scm.com/docs/git-config#Documentation/git-config.txt-urlltbasegtinsteadOf, \
https://go.dev/doc/faq#git_https, https://github.com/golang/go/issues/50776";

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_go::env::{EnvSource, EnvVar, GoEnv};
    use gomedic_go::netrc::NetrcEntry;
    use gomedic_model::Snapshot;
    use gomedic_model::network::{NetError, NetworkFacts, ProxyProbe, RequestFact};
    use gomedic_model::private_access::{NetrcFacts, VcsTool};
    use gomedic_model::snapshot::{Project, TextFile};

    fn snap(vars: &[(&str, &str)], requires: &[&str], git: bool) -> Snapshot {
        let mut go_mod = "module example.test/app\n\ngo 1.21\n".to_string();
        for r in requires {
            go_mod.push_str(&format!("require {r} v1.0.0\n"));
        }
        Snapshot {
            go_env: Some(GoEnv {
                vars: vars
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            EnvVar {
                                value: v.to_string(),
                                source: EnvSource::Process,
                            },
                        )
                    })
                    .collect(),
                ..GoEnv::default()
            }),
            project: Project {
                dir: "/p".into(),
                go_mod: Some(TextFile {
                    path: "/p/go.mod".into(),
                    exists: true,
                    content: Some(go_mod),
                    ..TextFile::default()
                }),
                ..Project::default()
            },
            private_access: PrivateAccessFacts {
                vcs_tools: vec![VcsTool {
                    name: "git".into(),
                    path: git.then(|| "/usr/bin/git".to_string()),
                    ..VcsTool::default()
                }],
                ..PrivateAccessFacts::default()
            },
            ..Snapshot::default()
        }
    }

    fn ids(s: &Snapshot) -> Vec<String> {
        let ctx = Ctx::new(s);
        [
            git_missing(&ctx),
            no_credentials(&ctx),
            insteadof_rewrite(&ctx),
        ]
        .concat()
        .into_iter()
        .map(|f| format!("{}:{}", f.id, f.severity))
        .collect()
    }

    const PROXY: (&str, &str) = ("GOPROXY", "https://proxy.golang.org,direct");

    #[test]
    fn public_modules_need_no_credentials() {
        // GOPROXY=direct for a public module: git is needed, credentials are not.
        let s = snap(&[("GOPROXY", "direct")], &["github.com/pub/lib"], true);
        assert!(ids(&s).is_empty(), "{:?}", ids(&s));
        let s = snap(&[("GOPROXY", "direct")], &["github.com/pub/lib"], false);
        assert_eq!(ids(&s), ["private/git-missing:error"]);
        // Through the proxy (direct only as fallback): git is not needed up front.
        let s = snap(&[PROXY], &["github.com/pub/lib"], false);
        assert!(ids(&s).is_empty(), "{:?}", ids(&s));
    }

    #[test]
    fn private_modules() {
        let vars = [
            PROXY,
            ("GOPRIVATE", "git.corp.example"),
            ("GONOPROXY", "git.corp.example"),
        ];
        let mut s = snap(&vars, &["git.corp.example/team/lib"], true);
        assert_eq!(ids(&s), ["private/no-credentials:error"]);
        s.private_access.netrc = Some(NetrcFacts {
            path: "/h/.netrc".into(),
            exists: true,
            entries: vec![NetrcEntry {
                machine: "git.corp.example".into(),
                login: "me".into(),
                line: 1,
            }],
            ..NetrcFacts::default()
        });
        assert!(ids(&s).is_empty(), "{:?}", ids(&s));
        // A pattern with no requirement: warnings only.
        let s = snap(&vars, &[], false);
        assert_eq!(
            ids(&s),
            [
                "private/git-missing:warning",
                "private/no-credentials:warning"
            ]
        );
        // GOPROXY=off still fetches GONOPROXY modules directly (go puts
        // `noproxy` first), but nothing else.
        let s = snap(
            &[("GOPROXY", "off"), ("GONOPROXY", "git.corp.example")],
            &["git.corp.example/team/lib", "github.com/pub/lib"],
            false,
        );
        assert_eq!(
            ids(&s),
            ["private/git-missing:error", "private/no-credentials:error"]
        );
        let s = snap(&[("GOPROXY", "off")], &["github.com/pub/lib"], false);
        assert!(ids(&s).is_empty(), "{:?}", ids(&s));
    }

    #[test]
    fn proxy_answering_401() {
        let mut s = snap(&[("GOPROXY", "https://goproxy.corp:8443/mod")], &[], true);
        let probe = ProxyProbe {
            entry: "https://goproxy.corp:8443/mod".into(),
            requests: vec![RequestFact {
                status: Some(401),
                ..RequestFact::default()
            }],
            outcome: ProbeOutcome::Failed {
                error: NetError {
                    phase: "http".into(),
                    message: "401 Unauthorized".into(),
                    ..NetError::default()
                },
            },
            ..ProxyProbe::default()
        };
        s.network = Some(NetworkFacts {
            proxies: vec![probe],
            ..NetworkFacts::default()
        });
        assert_eq!(ids(&s), ["private/no-credentials:error"]);
        // A .netrc machine without the port does not count (go compares host:port).
        let mut netrc = NetrcFacts {
            exists: true,
            entries: vec![NetrcEntry {
                machine: "goproxy.corp".into(),
                login: "me".into(),
                line: 1,
            }],
            ..NetrcFacts::default()
        };
        s.private_access.netrc = Some(netrc.clone());
        assert_eq!(ids(&s), ["private/no-credentials:error"]);
        netrc.entries[0].machine = "goproxy.corp:8443".into();
        s.private_access.netrc = Some(netrc);
        assert!(ids(&s).is_empty());
    }
}
