//! modules/go-line-too-new and modules/toolchain-switch: what GOTOOLCHAIN
//! and the project's go/toolchain lines make the go command do
//! (`toolchain.Select`, then module loading's `TooNewError`).

use crate::context::{Ctx, code};
use crate::fixes;
use crate::modules::{module_mode, release};
use gomedic_go::goproxy::{ProxyEntry, parse_proxy_list_for_os};
use gomedic_go::gotoolchain::{
    SelectInputs, Selection, SwitchMode, download_module, go_mod_lookup, parse_gotoolchain,
    toolchain_for_go_line, version_from_toolchain,
};
use gomedic_go::goversion::{GoVersion, compare};
use gomedic_go::pattern::match_prefix_patterns;
use gomedic_model::{Evidence, Finding, Fix, Severity};
use std::cmp::Ordering;

const TOOLCHAIN_MODULE: &str = "golang.org/toolchain";

/// The project file selection reads (go.work wins over go.mod, as in Go).
struct ProjectFile {
    /// The absolute path.
    path: String,
    /// As Go prints it from the project directory (`base.ShortPath`).
    short: String,
    go_line: Option<String>,
    toolchain_line: Option<String>,
}

/// Everything selection depends on, read once.
struct Plan {
    local_version: String,
    gotoolchain: String,
    file: Option<ProjectFile>,
    selection: Selection,
}

fn project_file(ctx: &Ctx) -> Option<ProjectFile> {
    let project = &ctx.snap.project;
    let file = project
        .go_work
        .as_ref()
        .filter(|f| f.exists)
        .or(project.go_mod.as_ref())?;
    let content = file.content.as_deref().unwrap_or_default();
    Some(ProjectFile {
        path: file.path.clone(),
        short: short_path(ctx, &file.path),
        go_line: go_mod_lookup(content, "go"),
        toolchain_line: go_mod_lookup(content, "toolchain"),
    })
}

/// `base.ShortPath`: the path relative to the project directory when that is
/// shorter (the file is in the directory or one of its parents).
fn short_path(ctx: &Ctx, file: &str) -> String {
    let style = ctx.style;
    let (Some(dir), Some(name)) = (style.parent(file), base_name(ctx, file)) else {
        return file.to_string();
    };
    let project = &ctx.snap.project.dir;
    if !style.is_within(project, &dir) {
        return file.to_string();
    }
    let mut up = 0;
    let mut here = style.clean(project);
    while !style.same(&here, &dir) {
        match style.parent(&here) {
            Some(parent) if parent != here => here = parent,
            _ => return file.to_string(),
        }
        up += 1;
    }
    let sep = if ctx.snap.is_windows() { "\\" } else { "/" };
    let rel = format!("{}{name}", format!("..{sep}").repeat(up));
    if rel.len() < file.len() {
        rel
    } else {
        file.to_string()
    }
}

fn base_name(ctx: &Ctx, path: &str) -> Option<String> {
    let clean = ctx.style.clean(path);
    let name = clean.rsplit(['/', '\\']).next()?;
    (!name.is_empty()).then(|| name.to_string())
}

fn plan(ctx: &Ctx) -> Option<Plan> {
    ctx.snap.go_env.as_ref()?;
    let local_version = version_from_toolchain(release(ctx))?;
    let gotoolchain = ctx.value("GOTOOLCHAIN").to_string();
    let file = project_file(ctx);
    let selection = gomedic_go::gotoolchain::select(&SelectInputs {
        gotoolchain: &gotoolchain,
        local_version: &local_version,
        go_line: file.as_ref().and_then(|f| f.go_line.as_deref()),
        toolchain_line: file.as_ref().and_then(|f| f.toolchain_line.as_deref()),
        file: file.as_ref().map_or("go.mod", |f| f.short.as_str()),
        module_mode: module_mode(ctx),
    });
    Some(Plan {
        local_version,
        gotoolchain,
        file,
        selection,
    })
}

fn base_evidence(ctx: &Ctx, plan: &Plan) -> Vec<Evidence> {
    let mut evidence = vec![ctx.evidence("GOTOOLCHAIN")];
    if let Some(go) = ctx.active() {
        evidence.push(Evidence::new(
            "active go",
            format!("go{} ({})", plan.local_version, go.path),
            "first go on PATH",
        ));
    }
    if let Some(file) = &plan.file {
        if let Some(go) = &file.go_line {
            evidence.push(Evidence::new("go line", go, &file.path));
        }
        if let Some(toolchain) = &file.toolchain_line {
            evidence.push(Evidence::new("toolchain line", toolchain, &file.path));
        }
    }
    evidence
}

// ---------------------------------------------------------------------------
// modules/go-line-too-new

/// modules/go-line-too-new: the go line needs a newer Go than the one that
/// will run, and GOTOOLCHAIN does not let go switch to it.
pub fn go_line_too_new(ctx: &Ctx) -> Vec<Finding> {
    let Some(plan) = plan(ctx) else {
        return Vec::new();
    };
    let Some(file) = &plan.file else {
        return Vec::new();
    };
    let Some(go) = file.go_line.as_deref() else {
        return Vec::new();
    };
    let (message, running) = match &plan.selection {
        Selection::RunLocal {
            too_new: Some(message),
            ..
        } => (message.clone(), plan.local_version.clone()),
        // GOTOOLCHAIN=<name> (no +auto/+path): go switches to <name>, which
        // then refuses the go line the same way.
        Selection::Switch { toolchain, .. } => {
            let Ok(setting) = parse_gotoolchain(&plan.gotoolchain) else {
                return Vec::new();
            };
            let Some(version) = version_from_toolchain(toolchain) else {
                return Vec::new();
            };
            let knows_toolchains = GoVersion::parse(&version).is_some_and(|v| v.at_least(1, 21));
            if setting.mode != SwitchMode::None
                || !knows_toolchains
                || compare(go, &version) != Ordering::Greater
            {
                return Vec::new();
            }
            let message = format!(
                "go: {} requires go >= {go} (running go {version}; GOTOOLCHAIN={})",
                file.short, plan.gotoolchain
            );
            (message, version)
        }
        _ => return Vec::new(),
    };
    let forbids = if plan.gotoolchain.is_empty() {
        "GOTOOLCHAIN is empty (its line is missing from $GOROOT/go.env), so go never switches"
            .to_string()
    } else {
        format!(
            "GOTOOLCHAIN={} does not let go switch to a newer toolchain",
            plan.gotoolchain
        )
    };
    let mut evidence = base_evidence(ctx, &plan);
    evidence.push(Evidence::new(
        "go prints",
        &message,
        "predicted from toolchain selection and module loading",
    ));
    vec![Finding {
        id: "modules/go-line-too-new".to_string(),
        severity: Severity::Error,
        title: format!(
            "{} needs go >= {go} but go {running} will run: {forbids}",
            code(&file.path)
        ),
        evidence,
        explanation: format!(
            "Since Go 1.21 the go line of go.mod (or go.work) is a minimum requirement: a go older than it \
             refuses to build the module. Normally go then switches to a new enough toolchain by itself \
             (GOTOOLCHAIN=auto), but here {forbids}, so every go command in the module stops with:\n  \
             {message}"
        ),
        fixes: too_new_fixes(ctx, &plan, file, go),
    }]
}

fn too_new_fixes(ctx: &Ctx, plan: &Plan, file: &ProjectFile, go: &str) -> Vec<Fix> {
    let mut out = Vec::new();
    let mut auto = fixes::set_go_setting(ctx, "GOTOOLCHAIN", "auto");
    auto.description = format!(
        "Let go download and run go {go} by itself (verified against the checksum database). {}",
        auto.description
    );
    out.push(auto);
    let toolchain = toolchain_for_go_line(go);
    out.push(
        Fix::new(format!(
            "Or install Go {go} (https://go.dev/dl/) and put its bin directory first on PATH, or install the \
             `{toolchain}` wrapper and run it instead of go."
        ))
        .with_command(format!("go install golang.org/dl/{toolchain}@latest"))
        .with_command(format!("{toolchain} download")),
    );
    let edit = if file.short.ends_with("go.work") {
        "go work edit"
    } else {
        "go mod edit"
    };
    out.push(
        Fix::new(format!(
            "Only if you own this module and neither its code nor its dependencies need Go {go}: lower the go \
             line to the Go you run."
        ))
        .with_command(format!("{edit} -go={}", plan.local_version)),
    );
    out
}

// ---------------------------------------------------------------------------
// modules/toolchain-switch

/// The outcome of a switch to `toolchain`, as go would reach it.
struct SwitchOutcome {
    severity: Severity,
    title: String,
    detail: String,
    evidence: Vec<Evidence>,
    fixes: Vec<Fix>,
}

/// modules/toolchain-switch: go will run another toolchain (from PATH or
/// downloaded), or stops trying.
pub fn toolchain_switch(ctx: &Ctx) -> Vec<Finding> {
    let Some(plan) = plan(ctx) else {
        return Vec::new();
    };
    let outcome = match &plan.selection {
        Selection::RunLocal { .. } => return Vec::new(),
        Selection::Fail(message) => SwitchOutcome {
            severity: Severity::Error,
            title: format!("go stops before running anything: {message}"),
            detail: "go reads GOTOOLCHAIN and the toolchain line before every command; this value is not \
                     one it accepts."
                .to_string(),
            evidence: Vec::new(),
            fixes: vec![fixes::set_go_setting(ctx, "GOTOOLCHAIN", "auto")],
        },
        Selection::Switch {
            toolchain,
            downloads,
            why,
            ..
        } => switch_outcome(ctx, toolchain, *downloads, why),
    };
    let mut evidence = base_evidence(ctx, &plan);
    evidence.extend(outcome.evidence);
    vec![Finding {
        id: "modules/toolchain-switch".to_string(),
        severity: outcome.severity,
        title: outcome.title,
        evidence,
        explanation: format!(
            "With GOTOOLCHAIN (Go 1.21+) the go command you start may hand over to another Go release: the \
             one named by GOTOOLCHAIN, or the one the go/toolchain line of go.mod or go.work asks for when \
             it is newer than the running go (with +auto or +path). It looks for that release by its exact \
             name in PATH first and, in auto mode only, downloads it as the module golang.org/toolchain \
             through GOPROXY. {}",
            outcome.detail
        ),
        fixes: outcome.fixes,
    }]
}

fn switch_outcome(ctx: &Ctx, toolchain: &str, downloads: bool, why: &str) -> SwitchOutcome {
    let why = why.split("; unless").next().unwrap_or(why);
    if let Some(Some(found)) = ctx.snap.path_lookups.get(toolchain) {
        return SwitchOutcome {
            severity: Severity::Info,
            title: format!("go will run {toolchain} from PATH ({}): {why}", code(found)),
            detail: format!(
                "Here {toolchain} is found in PATH, so go runs it (with GOROOT unset) and downloads nothing."
            ),
            evidence: vec![Evidence::new(
                format!("{toolchain} in PATH"),
                found,
                "PATH lookup",
            )],
            fixes: vec![
                Fix::new(
                    "Nothing to do. To build with the running go instead, set GOTOOLCHAIN=local for one command.",
                )
                .with_command("GOTOOLCHAIN=local go version"),
            ],
        };
    }
    let not_on_path = Evidence::new(format!("{toolchain} in PATH"), "not found", "PATH lookup");
    if !downloads {
        let message = format!("go: cannot find \"{toolchain}\" in PATH");
        return SwitchOutcome {
            severity: Severity::Error,
            title: format!(
                "go must switch to {toolchain} ({why}) but it is not in PATH: {message}"
            ),
            detail: format!(
                "GOTOOLCHAIN ends in +path, so go never downloads: it needs a program named {toolchain} in \
                 PATH and stops with `{message}` without one."
            ),
            evidence: vec![not_on_path],
            fixes: install_fixes(ctx, toolchain, true),
        };
    }
    download_outcome(ctx, toolchain, why, not_on_path)
}

fn install_fixes(ctx: &Ctx, toolchain: &str, path_mode: bool) -> Vec<Fix> {
    let mut out = vec![
        Fix::new(format!(
            "Put a `{toolchain}` in PATH: the golang.org/dl wrapper installs one into GOBIN (which must be on PATH)."
        ))
        .with_command(format!("go install golang.org/dl/{toolchain}@latest"))
        .with_command(format!("{toolchain} download")),
    ];
    if path_mode {
        let mut auto = fixes::set_go_setting(ctx, "GOTOOLCHAIN", "auto");
        auto.description = format!("Or let go download it. {}", auto.description);
        out.push(auto);
    }
    out
}

fn download_outcome(ctx: &Ctx, toolchain: &str, why: &str, not_on_path: Evidence) -> SwitchOutcome {
    let (goos, goarch) = (ctx.go_host_os(), ctx.go_host_arch());
    let module = download_module(toolchain, goos, goarch);
    let version = module.split_once('@').map_or("", |(_, v)| v).to_string();
    let modcache = ctx.value("GOMODCACHE");
    let dir = ctx.style.join(
        &ctx.style.join(modcache, "golang.org"),
        &format!("toolchain@{version}"),
    );
    let cached = ctx.snap.cached_toolchains.contains(&version);
    let goproxy = ctx.value("GOPROXY");
    let file_proxy_only = goproxy.starts_with("file://") && !goproxy.contains([',', '|']);
    let sumdb_off = ctx.value("GOSUMDB") == "off" && !file_proxy_only;
    let mut evidence = vec![
        not_on_path,
        Evidence::new(
            "toolchain module",
            &module,
            "golang.org/toolchain for the go host OS/arch",
        ),
        Evidence::new(
            "in module cache",
            if cached {
                dir.clone()
            } else {
                format!("no ({dir})")
            },
            "GOMODCACHE",
        ),
        ctx.evidence("GOPROXY"),
        ctx.evidence("GOSUMDB"),
    ];
    let lang_only = version_from_toolchain(toolchain)
        .and_then(|v| GoVersion::parse(&v))
        .is_some_and(|v| v.is_lang() && v.at_least(1, 21));
    if lang_only && !cached {
        let message = format!(
            "go: invalid toolchain: {toolchain} is a language version but not a toolchain version ({toolchain}.x)"
        );
        return failed(
            ctx,
            toolchain,
            why,
            &message,
            evidence,
            "No release is named after a bare language version; name a release such as go1.22.10.",
        );
    }
    if !cached {
        match download_source(ctx) {
            Source::Off => {
                let message = format!(
                    "go: download {toolchain} for {goos}/{goarch}: toolchain not available"
                );
                let mut outcome = failed(
                    ctx,
                    toolchain,
                    why,
                    &message,
                    evidence,
                    "GOPROXY=off forbids every module download, the toolchain module included, and the toolchain is not in the module cache.",
                );
                outcome.fixes.insert(
                    0,
                    fixes::set_go_setting(ctx, "GOPROXY", "https://proxy.golang.org,direct"),
                );
                return outcome;
            }
            Source::Invalid(error) => {
                let message = format!("GOPROXY is invalid: {error}");
                return failed(
                    ctx,
                    toolchain,
                    why,
                    &message,
                    evidence,
                    "go cannot download anything with this GOPROXY (see modules/goproxy-invalid).",
                );
            }
            Source::Direct => {
                if sumdb_off {
                    return sumdb_off_failure(ctx, toolchain, why, evidence);
                }
                return SwitchOutcome {
                    severity: Severity::Warning,
                    title: format!(
                        "go will try to download {toolchain} ({why}) without a proxy; this fails offline and for any release but the newest patches"
                    ),
                    detail: format!(
                        "Without a proxy go asks golang.org/toolchain's own server, which serves only the latest \
                         patch release of each supported Go; for other releases, or without network, go stops \
                         with `go: download {toolchain} for {goos}/{goarch}: toolchain not available`. The \
                         download lands in {dir} and is verified against the checksum database on every run."
                    ),
                    evidence,
                    fixes: vec![fixes::set_go_setting(
                        ctx,
                        "GOPROXY",
                        "https://proxy.golang.org,direct",
                    )],
                };
            }
            Source::Proxy(url) => {
                if sumdb_off {
                    return sumdb_off_failure(ctx, toolchain, why, evidence);
                }
                evidence.push(Evidence::new(
                    "downloads from",
                    &url,
                    "first GOPROXY entry for golang.org/toolchain",
                ));
                let verify = if file_proxy_only {
                    "GOPROXY is a single file:// directory, the one case where go does not verify a toolchain \
                     against the checksum database."
                        .to_string()
                } else {
                    format!(
                        "Because toolchains are never recorded in go.sum, go verifies it against the checksum \
                         database ({}) on every run, so later runs need that database (or its cached answer).",
                        sumdb_name(ctx)
                    )
                };
                return SwitchOutcome {
                    severity: Severity::Info,
                    title: format!(
                        "go will download and run {toolchain} ({why}) from {}",
                        code(&url)
                    ),
                    detail: format!(
                        "Here go prints `go: downloading {toolchain} ({goos}/{goarch})`, fetches {module} from \
                         {url} and unpacks it into {dir}. {verify}"
                    ),
                    evidence,
                    fixes: vec![pin_fix(toolchain)],
                };
            }
        }
    }
    if sumdb_off {
        return sumdb_off_failure(ctx, toolchain, why, evidence);
    }
    SwitchOutcome {
        severity: Severity::Info,
        title: format!(
            "go will run {toolchain} ({why}), already downloaded in {}",
            code(&dir)
        ),
        detail: format!(
            "The toolchain is in the module cache, so nothing is downloaded. Toolchains are never in go.sum, so \
             go still verifies it against the checksum database ({}) on every run: offline this works only \
             while the database's answer for {module} is cached.",
            sumdb_name(ctx)
        ),
        evidence,
        fixes: vec![pin_fix(toolchain)],
    }
}

fn sumdb_name(ctx: &Ctx) -> String {
    let value = ctx.value("GOSUMDB");
    if value.is_empty() {
        "sum.golang.org".to_string()
    } else {
        value.to_string()
    }
}

fn pin_fix(toolchain: &str) -> Fix {
    Fix::new(format!(
        "Nothing to do. To avoid the switch, install {toolchain} yourself, or run one command with the local go."
    ))
    .with_command("GOTOOLCHAIN=local go version")
}

fn sumdb_off_failure(
    ctx: &Ctx,
    toolchain: &str,
    why: &str,
    evidence: Vec<Evidence>,
) -> SwitchOutcome {
    let mut outcome = failed(
        ctx,
        toolchain,
        why,
        "verifying module: checksum database disabled by GOSUMDB=off",
        evidence,
        "Toolchain downloads must always be verified against the checksum database, even a toolchain already \
         in the module cache and even when GONOSUMDB matches; the only exception is a GOPROXY that is a single \
         file:// directory.",
    );
    outcome
        .fixes
        .insert(0, fixes::set_go_setting(ctx, "GOSUMDB", "sum.golang.org"));
    outcome
}

fn failed(
    ctx: &Ctx,
    toolchain: &str,
    why: &str,
    message: &str,
    evidence: Vec<Evidence>,
    reason: &str,
) -> SwitchOutcome {
    SwitchOutcome {
        severity: Severity::Error,
        title: format!("go must switch to {toolchain} ({why}) but cannot: {message}"),
        detail: format!(
            "Here the switch fails and every go command in the project stops with `{message}`. {reason}"
        ),
        evidence,
        fixes: install_fixes(ctx, toolchain, false),
    }
}

/// Where go fetches golang.org/toolchain from.
enum Source {
    Proxy(String),
    Direct,
    Off,
    Invalid(String),
}

fn download_source(ctx: &Ctx) -> Source {
    let list = match parse_proxy_list_for_os(
        ctx.value("GOPROXY"),
        ctx.value("GONOPROXY"),
        release(ctx),
        ctx.go_host_os() == "windows",
    ) {
        Ok(list) => list,
        Err(e) => return Source::Invalid(e.to_string()),
    };
    let private = match_prefix_patterns(ctx.value("GONOPROXY"), TOOLCHAIN_MODULE);
    for spec in &list.specs {
        match &spec.entry {
            ProxyEntry::NoProxy if private => return Source::Direct,
            ProxyEntry::NoProxy => {}
            ProxyEntry::Off => return Source::Off,
            ProxyEntry::Direct => return Source::Direct,
            ProxyEntry::Url(url) => return Source::Proxy(url.clone()),
        }
    }
    Source::Off
}
