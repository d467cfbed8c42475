//! `gomedic verify`: `go mod verify`'s checks at disk speed, with the files
//! that changed. In a module: the build list (as `go mod verify`); with
//! `--all`: every module in GOMODCACHE. Exit 1 when something fails.
//!
//! GOMODCACHE and the go release (for go.sum reading rules) come from the
//! environment as gomedic resolves it for the first `go` on PATH.

use gomedic_go::env::release::Release;
use gomedic_go::gosum::GoSumRules;
use gomedic_probe::goenv::{GoEnvContext, look_path, probe_go_env, this_host};
use gomedic_verify::mainmods::{MainModules, WorkSetting};
use gomedic_verify::{ModCache, ModuleResult, graph, needed_sums, verify_modules};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Arguments of `gomedic verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Check every module in the module cache, not just the build list.
    #[arg(long)]
    pub all: bool,
    /// The module directory (default: the nearest go.mod from the current directory).
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// The module cache (default: GOMODCACHE as the go command resolves it).
    #[arg(long, value_name = "DIR")]
    pub modcache: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::commands::Format::Text)]
    pub format: crate::commands::Format,
    /// Also ask the checksum database (GOSUMDB) about every go.sum line, as
    /// the go command does for a module missing from go.sum: signed tree,
    /// inclusion proofs, consistency with the go command's last tree.
    #[arg(long, conflicts_with = "all")]
    pub sumdb: bool,
    /// Time budget of the checksum-database lookups, in seconds.
    #[arg(long, default_value = "10", value_parser = super::network::parse_timeout)]
    pub timeout: std::time::Duration,
}

/// The JSON report.
#[derive(Debug, Serialize)]
struct Report {
    modcache: String,
    /// The main module's go.mod directory (absent with --all outside a module).
    main_module: Option<String>,
    /// The go.work in use (GOWORK), if any: its modules are the main modules.
    workspace: Option<String>,
    /// Errors that stop `go mod verify` before any module is checked.
    fatal: Vec<String>,
    /// go.mod hashes go.sum lacks (go would add them, or fail with -mod=readonly).
    missing_go_mod_sums: Vec<String>,
    /// Zip hashes of main-module requirements go.sum lacks (see
    /// gomedic_verify::needed_sums for why only those are known).
    missing_zip_sums: Vec<String>,
    /// go.sum does not exist but the build needs lines from it.
    go_sum_absent: bool,
    /// Build-list modules that are replaced (go mod verify still checks the
    /// original path@version, when the cache holds it).
    replaced: Vec<gomedic_verify::buildlist::Replaced>,
    /// Main go.mod requirements on excluded versions (dropped by go).
    excluded_requirements: Vec<String>,
    modules: Vec<ModuleResult>,
    /// The cache entries' own health (partial downloads, missing .ziphash,
    /// writable trees, toolchains); informational, not part of `verified`.
    cache_health: Vec<gomedic_model::integrity::CacheIssue>,
    /// go.sum against the checksum database (--sumdb).
    #[serde(skip_serializing_if = "Option::is_none")]
    sumdb: Option<gomedic_model::module_audit::GoSumAudit>,
    verified: bool,
}

/// Runs `gomedic verify`; returns the exit code.
pub fn run(args: &VerifyArgs) -> anyhow::Result<i32> {
    let cwd = match &args.project {
        Some(dir) => dir.clone(),
        None => std::env::current_dir()?,
    };
    let (modcache, go_version, gowork) = resolve_env(&cwd);
    let modcache = match &args.modcache {
        Some(dir) => dir.clone(),
        None => modcache
            .ok_or_else(|| anyhow::anyhow!("GOMODCACHE is not set and cannot be derived"))?,
    };
    let cache = ModCache::new(&modcache);
    let main_dir = module_root(&cwd);
    let setting = WorkSetting::from_go_env(&gowork);
    let mut report = Report {
        modcache: modcache.display().to_string(),
        main_module: main_dir.as_ref().map(|d| d.display().to_string()),
        workspace: None,
        fatal: Vec::new(),
        missing_go_mod_sums: Vec::new(),
        missing_zip_sums: Vec::new(),
        go_sum_absent: false,
        replaced: Vec::new(),
        excluded_requirements: Vec::new(),
        modules: Vec::new(),
        cache_health: Vec::new(),
        sumdb: None,
        verified: false,
    };
    let modules = if args.all {
        cache.list_all()
    } else {
        if main_dir.is_none() && setting == WorkSetting::Off {
            anyhow::bail!(
                "go.mod file not found in current directory or any parent directory (use --all for the whole cache)"
            );
        }
        let dir = std::path::absolute(&cwd)?;
        let mains = MainModules::load(&dir, &setting).map_err(anyhow::Error::msg)?;
        report.workspace = mains.work_file.as_ref().map(|w| w.display().to_string());
        let sum = match needed_sums::read_go_sums(&mains, GoSumRules::for_release(&go_version)) {
            Ok(s) => s,
            Err(e) => {
                report.fatal.push(e);
                None
            }
        };
        let release = Release::from_version(&go_version);
        // A missing go.sum is an empty one: every line the build needs is missing.
        let empty = gomedic_go::gosum::GoSum::default();
        let list = graph::load(
            &mains,
            &cache,
            Some(sum.as_ref().unwrap_or(&empty)),
            release,
        );
        report.fatal.extend(list.fatal.iter().cloned());
        // In a workspace the go command looks missing lines up and writes
        // go.work.sum itself; in a module, -mod=readonly stops.
        if !mains.is_workspace() {
            report.missing_go_mod_sums = list
                .missing_go_mod_sums
                .iter()
                .map(|(p, v)| format!("{p} {v}"))
                .collect();
            report.missing_zip_sums =
                needed_sums::missing_zip_sums(&mains, &list, sum.as_ref().unwrap_or(&empty))
                    .iter()
                    .map(|(p, v)| format!("{p} {v}"))
                    .collect();
            report.go_sum_absent = sum.is_none()
                && !(report.missing_go_mod_sums.is_empty() && report.missing_zip_sums.is_empty());
        }
        report.replaced = list.replaced.clone();
        report.excluded_requirements = list
            .excluded_requirements
            .iter()
            .map(|(p, v)| format!("{p} {v}"))
            .collect();
        list.modules
    };
    if report.fatal.is_empty() {
        let toolchain = |p: &str| p == "go" || p == "toolchain";
        let wanted: Vec<(String, String)> =
            modules.into_iter().filter(|(p, _)| !toolchain(p)).collect();
        report.modules = verify_modules(&cache, &wanted);
        report.cache_health =
            gomedic_verify::health::scan(&cache, &wanted, gomedic_verify::health::Depth::Root);
    }
    if args.sumdb {
        report.sumdb = super::sumdb_report::audit(&cwd, args.timeout)?;
    }
    report.verified = report.fatal.is_empty()
        && report.modules.iter().all(|m| !m.failed())
        && report
            .sumdb
            .as_ref()
            .is_none_or(super::sumdb_report::passed);
    print(&report, args.format)?;
    Ok(if report.verified { 0 } else { 1 })
}

fn print(report: &Report, format: crate::commands::Format) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == crate::commands::Format::Json {
        serde_json::to_writer_pretty(&mut out, report)?;
        writeln!(out)?;
        return Ok(());
    }
    for fatal in &report.fatal {
        writeln!(out, "go: {fatal}")?;
    }
    if let Some(work) = &report.workspace {
        writeln!(out, "workspace: {work}")?;
    }
    for excluded in &report.excluded_requirements {
        writeln!(
            out,
            "note: requirement on excluded version {excluded} is dropped (-mod=readonly commands stop with \"updates to go.mod needed\")"
        )?;
    }
    if report.go_sum_absent {
        writeln!(
            out,
            "note: go.sum does not exist, but the build needs it: go build (-mod=readonly) stops with \"missing go.sum entry\""
        )?;
    }
    for line in report
        .missing_go_mod_sums
        .iter()
        .chain(&report.missing_zip_sums)
    {
        writeln!(
            out,
            "note: go.sum lacks {line} (go build stops with \"missing go.sum entry\"; go mod tidy adds it)"
        )?;
    }
    for m in report.modules.iter().filter(|m| m.failed()) {
        for line in &m.go_errors {
            writeln!(out, "{line}")?;
        }
        for (label, files) in [
            ("modified", &m.modified),
            ("added", &m.added),
            ("removed", &m.removed),
        ] {
            for f in files {
                writeln!(out, "\t{label}: {f}")?;
            }
        }
    }
    for issue in &report.cache_health {
        let detail = if issue.detail.is_empty() {
            String::new()
        } else {
            format!(": {}", issue.detail)
        };
        writeln!(
            out,
            "cache: {} {}{detail} ({})",
            serde_json::to_value(issue.kind)?
                .as_str()
                .unwrap_or_default(),
            issue.module,
            issue.path
        )?;
    }
    if let Some(audit) = &report.sumdb {
        super::sumdb_report::write_text(&mut out, audit)?;
    }
    if report.verified {
        writeln!(
            out,
            "all modules verified ({} checked)",
            report.modules.len()
        )?;
    }
    Ok(())
}

/// GOMODCACHE, GOVERSION and GOWORK as resolved for the first go on PATH.
fn resolve_env(cwd: &Path) -> (Option<PathBuf>, String, String) {
    let process_env: BTreeMap<String, String> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let (host_os, _) = this_host();
    let path_var = process_env.get("PATH").map_or("", String::as_str);
    let pathext = process_env.get("PATHEXT").map_or("", String::as_str);
    let go_path = look_path("go", path_var, host_os, pathext).map(PathBuf::from);
    let ctx = GoEnvContext {
        process_env: &process_env,
        cwd,
        go_path: go_path.as_deref(),
        go_version: None,
        go_host: None,
        run_compiler: false,
        compiler_timeout: Duration::from_secs(1),
    };
    let env = probe_go_env(&ctx).go_env;
    let cache = Some(env.value("GOMODCACHE"))
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    (
        cache,
        env.value("GOVERSION").to_string(),
        env.value("GOWORK").to_string(),
    )
}

/// The nearest directory with a go.mod, from `dir` up.
fn module_root(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors()
        .find(|d| d.join("go.mod").is_file())
        .map(Path::to_path_buf)
}
