//! modules/*: proxies, checksums and go.mod.

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_go::goproxy::{ProxyEntry, ProxyList, ProxyListError, parse_proxy_list_for_os};
use gomedic_go::gosumdb::parse_gosumdb;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Whether go runs in module mode for the project (GO111MODULE and go.mod presence).
pub(crate) fn module_mode(ctx: &Ctx) -> bool {
    match ctx.value("GO111MODULE") {
        "off" => false,
        "auto" => ctx.snap.project.go_mod.is_some() || ctx.snap.project.go_work.is_some(),
        _ => true,
    }
}

/// modules/no-go-mod: Go code but no go.mod in module mode.
pub fn no_go_mod(ctx: &Ctx) -> Vec<Finding> {
    let project = &ctx.snap.project;
    if project.go_mod.is_some()
        || project.go_work.is_some()
        || !project.has_go_files
        || !module_mode(ctx)
    {
        return Vec::new();
    }
    if ctx.snap.go_env.is_none() {
        return Vec::new();
    }
    let mut f = Finding {
        id: "modules/no-go-mod".to_string(),
        severity: Severity::Error,
        title: format!("{} has Go files but no go.mod in it or any parent directory", code(&project.dir)),
        evidence: vec![
            Evidence::new("project directory", &project.dir, "gomedic --project (default: current directory)"),
            Evidence::new("go.mod", "not found in the directory or its parents", "file system"),
            ctx.evidence("GO111MODULE"),
        ],
        explanation: "Go code is built as part of a module, described by a go.mod file in the module's root \
            directory. go looks for go.mod in the current directory and its parents; there is none, so \
            `go build` and `go test` fail with \"go.mod file not found in current directory or any parent \
            directory\". This happens with code written before modules (GOPATH era), a loose main.go, or \
            when go runs from the wrong directory."
            .to_string(),
        fixes: vec![
            Fix::new("If this directory is the project's root, make it a module (choose your module path) and record its dependencies.")
                .with_command("go mod init example.com/yourmodule")
                .with_command("go mod tidy"),
            Fix::new("If the project has a go.mod elsewhere, run go from that directory (the module root)."),
        ],
    };
    if project.in_gopath_src {
        f.evidence
            .push(Evidence::new("inside GOPATH/src", "yes", "file system"));
    }
    vec![f]
}

fn parent_of_file(ctx: &Ctx, file: &str) -> Option<String> {
    ctx.style.parent(file)
}

/// Whether `dir` is a place no project's go.mod belongs: the home directory or a file-system root.
fn stray_place(ctx: &Ctx, dir: &str) -> Option<&'static str> {
    if ctx
        .snap
        .host
        .home
        .as_deref()
        .is_some_and(|h| !h.is_empty() && ctx.style.same(h, dir))
    {
        return Some("your home directory");
    }
    let clean = ctx.style.clean(dir);
    if ctx
        .style
        .parent(&clean)
        .is_none_or(|p| ctx.style.same(&p, &clean))
    {
        return Some("the file-system root");
    }
    None
}

/// modules/stray-go-mod: a go.mod or go.work above the project silently takes over.
pub fn stray_go_mod(ctx: &Ctx) -> Vec<Finding> {
    let project = &ctx.snap.project;
    let mut out = Vec::new();
    let files = [
        ("go.mod", project.go_mod.as_ref()),
        ("go.work", project.go_work.as_ref()),
    ];
    for (kind, file) in files {
        let Some(file) = file else { continue };
        let Some(dir) = parent_of_file(ctx, &file.path) else {
            continue;
        };
        if ctx.style.same(&dir, &project.dir) || !ctx.style.is_within(&project.dir, &dir) {
            continue;
        }
        let Some(place) = stray_place(ctx, &dir) else {
            continue;
        };
        let what = if kind == "go.mod" {
            "main module"
        } else {
            "workspace"
        };
        out.push(Finding {
            id: "modules/stray-go-mod".to_string(),
            severity: Severity::Warning,
            title: format!("The {kind} in {place} ({}) becomes the {what} for {}", code(&file.path), code(&project.dir)),
            evidence: vec![
                Evidence::new(kind, &file.path, "nearest one in the project directory or its parents"),
                Evidence::new("project directory", &project.dir, "gomedic --project (default: current directory)"),
            ],
            explanation: "go uses the nearest go.mod (and go.work) in the current directory or any parent. A \
                file left in your home directory or at the root of the disk (often by running `go mod init` or \
                `go work init` in the wrong place) silently makes every directory below it part of one big module \
                or workspace: imports resolve against the wrong module path, and errors like \"package X is not \
                in std\", \"directory outside modules listed in go.work\" or \"main module does not contain \
                package\" follow."
                .to_string(),
            fixes: stray_fixes(kind, &file.path),
        });
    }
    out
}

fn stray_fixes(kind: &str, path: &str) -> Vec<Fix> {
    let mut fixes = vec![Fix::new(format!(
        "Delete (or move away) the stray {}, and keep {kind} files only in project roots.",
        code(path)
    ))];
    if kind == "go.work" {
        fixes.push(
            Fix::new("To ignore a go.work for one command, turn workspace mode off.")
                .with_command("GOWORK=off go build ./..."),
        );
    } else {
        fixes.push(
            Fix::new("Create the project's own go.mod in its root directory.")
                .with_command("go mod init example.com/yourmodule"),
        );
    }
    fixes
}

/// The Go release whose rules apply (the active go's version), or "" when unknown.
pub(crate) fn release<'a>(ctx: &Ctx<'a>) -> &'a str {
    ctx.active().and_then(|g| g.go_version()).unwrap_or("")
}

fn parse_goproxy(ctx: &Ctx) -> Option<Result<ProxyList, ProxyListError>> {
    let var = ctx.known_var("GOPROXY")?;
    Some(parse_proxy_list_for_os(
        &var.value,
        ctx.value("GONOPROXY"),
        release(ctx),
        ctx.go_host_os() == "windows",
    ))
}

const DEFAULT_GOPROXY: &str = "https://proxy.golang.org,direct";

/// modules/goproxy-invalid: GOPROXY doesn't parse the way Go parses it.
pub fn goproxy_invalid(ctx: &Ctx) -> Vec<Finding> {
    let Some(Err(error)) = parse_goproxy(ctx) else {
        return Vec::new();
    };
    let mut f = Finding::new(
        "modules/goproxy-invalid",
        Severity::Error,
        format!("GOPROXY {} is invalid: {error}", code(ctx.value("GOPROXY"))),
        "GOPROXY is a list of module proxy URLs and the keywords `direct` and `off`, separated by `,` or `|`. \
         go rejects this value, so every module download fails with the message above. Common causes: a word \
         without a scheme or dot, an unsupported scheme (only https, http and file), or a list with no entries.",
    );
    f.evidence.push(ctx.evidence("GOPROXY"));
    f.fixes
        .push(fixes::set_go_setting(ctx, "GOPROXY", DEFAULT_GOPROXY));
    if ctx.is_user_set("GOPROXY") {
        f.fixes.push(fixes::remove_user_setting(ctx, "GOPROXY"));
    }
    vec![f]
}

/// modules/goproxy-off: GOPROXY=off, nothing can be downloaded.
pub fn goproxy_off(ctx: &Ctx) -> Vec<Finding> {
    let Some(Ok(list)) = parse_goproxy(ctx) else {
        return Vec::new();
    };
    if !list.is_off() {
        return Vec::new();
    }
    let mut f = Finding::new(
        "modules/goproxy-off",
        Severity::Error,
        format!(
            "GOPROXY={}: go may not download any module",
            ctx.value("GOPROXY")
        ),
        "With GOPROXY=off go refuses every module download (\"module lookup disabled by GOPROXY=off\"). Builds \
         work only while everything needed is already in the module cache or vendored; adding or upgrading a \
         dependency, a fresh clone, or a toolchain switch fails. It is meant for deliberate offline builds and \
         is often left behind after one.",
    );
    f.evidence.push(ctx.evidence("GOPROXY"));
    f.fixes
        .push(fixes::set_go_setting(ctx, "GOPROXY", DEFAULT_GOPROXY));
    vec![f]
}

/// modules/goproxy-fallback: a failing proxy before `,` does not fall back.
pub fn goproxy_fallback(ctx: &Ctx) -> Vec<Finding> {
    let Some(Ok(list)) = parse_goproxy(ctx) else {
        return Vec::new();
    };
    // Entries a public module walks through (noproxy never answers for it).
    let specs: Vec<_> = list
        .specs
        .iter()
        .filter(|s| s.entry != ProxyEntry::NoProxy)
        .collect();
    let stuck: Vec<&str> = specs
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            matches!(s.entry, ProxyEntry::Url(_)) && !s.fall_back_on_error && *i + 1 < specs.len()
        })
        .map(|(_, s)| s.entry.as_str())
        .collect();
    let Some(first) = stuck.first() else {
        return Vec::new();
    };
    if stuck.len() == 1 && *first == "https://proxy.golang.org" {
        // The default: proxy.golang.org answers 404/410 for what it can't serve.
        return Vec::new();
    }
    let next = specs
        .iter()
        .position(|s| s.entry.as_str() == *first)
        .and_then(|i| specs.get(i + 1))
        .map_or("", |s| s.entry.as_str());
    let mut f = Finding::new(
        "modules/goproxy-fallback",
        Severity::Info,
        format!(
            "If {} fails (timeout, 5xx, TLS), go will not try {} after it",
            code(first),
            code(next)
        ),
        "In GOPROXY the separator after an entry decides when go moves on: after `,` only when the proxy answers \
         404 or 410 (not found); after `|` after any error. With `,` a proxy that is down, times out or returns \
         500 stops the download with its error although the list names a fallback. Use `|` where falling \
         back on errors is wanted (and allowed by your policy).",
    );
    f.evidence.push(ctx.evidence("GOPROXY"));
    let suggested: String = specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sep = if i + 1 == specs.len() {
                ""
            } else if matches!(s.entry, ProxyEntry::Url(_)) {
                "|"
            } else {
                ","
            };
            format!("{}{sep}", s.entry.as_str())
        })
        .collect();
    let mut fix = fixes::set_go_setting(ctx, "GOPROXY", &suggested);
    fix.description = format!(
        "To fall back on any error, separate the entries with `|`. {}",
        fix.description
    );
    f.fixes.push(fix);
    vec![f]
}

/// modules/sumdb-invalid: GOSUMDB doesn't parse.
pub fn sumdb_invalid(ctx: &Ctx) -> Vec<Finding> {
    let Some(var) = ctx.known_var("GOSUMDB") else {
        return Vec::new();
    };
    let Err(error) = parse_gosumdb(&var.value, release(ctx)) else {
        return Vec::new();
    };
    let mut f = Finding::new(
        "modules/sumdb-invalid",
        Severity::Error,
        format!("GOSUMDB {} is invalid: {error}", code(&var.value)),
        "GOSUMDB names the checksum database go verifies downloads against: `off`, a known name \
         (sum.golang.org), or `name+hash+key`, optionally followed by a space and a URL. go rejects this value \
         as soon as it has to verify a download, so every new module download fails. `name+https://...` is a \
         common invented form; it is not valid.",
    );
    f.evidence.push(ctx.evidence("GOSUMDB"));
    f.fixes
        .push(fixes::set_go_setting(ctx, "GOSUMDB", "sum.golang.org"));
    if ctx.is_user_set("GOSUMDB") {
        f.fixes.push(fixes::remove_user_setting(ctx, "GOSUMDB"));
    }
    vec![f]
}

/// modules/sumdb-disabled: downloads are not verified against the checksum database.
pub fn sumdb_disabled(ctx: &Ctx) -> Vec<Finding> {
    let mut reasons: Vec<(String, Evidence)> = Vec::new();
    if ctx.value("GOSUMDB") == "off" {
        reasons.push(("GOSUMDB=off".to_string(), ctx.evidence("GOSUMDB")));
    }
    let gonosumdb = ctx.value("GONOSUMDB");
    let covers_all = gonosumdb.split(',').any(|p| {
        let p = p.strip_suffix('/').unwrap_or(p);
        p == "*"
    });
    if covers_all {
        reasons.push((
            format!("GONOSUMDB={gonosumdb} matches every module"),
            ctx.evidence("GONOSUMDB"),
        ));
    }
    if reasons.is_empty() {
        return Vec::new();
    }
    let mut f = Finding::new(
        "modules/sumdb-disabled",
        Severity::Warning,
        format!(
            "Module downloads are not verified: {}",
            reasons
                .iter()
                .map(|(r, _)| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "go normally checks every module it downloads for the first time against the public checksum database \
         (sum.golang.org), so a compromised proxy or repository cannot give you different code than everyone \
         else got. Here that check is off. Only go.sum protects modules already recorded there. Toolchain \
         switching (GOTOOLCHAIN) also fails, because downloaded toolchains must always be verified. For private \
         modules use GOPRIVATE/GONOSUMDB with their path patterns instead.",
    );
    for (_, e) in reasons {
        f.evidence.push(e);
    }
    if ctx.value("GOSUMDB") == "off" {
        f.fixes
            .push(fixes::set_go_setting(ctx, "GOSUMDB", "sum.golang.org"));
    }
    if covers_all {
        let mut fix = fixes::remove_user_setting(ctx, "GONOSUMDB");
        fix.description = format!(
            "{} List only your private module prefixes (e.g. GOPRIVATE=git.example.com/*).",
            fix.description
        );
        f.fixes.push(fix);
    }
    vec![f]
}
