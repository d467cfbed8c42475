//! `gomedic check`: probe (or load a snapshot), run every check, report.

use super::{Context, Format};
use crate::render::{self, json::write_json, report_text::write_report};
use gomedic_model::{Report, Snapshot};
use std::path::PathBuf;

/// Arguments of `gomedic check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format (json prints the report of schema gomedic.report/v1).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show the evidence of every finding and why it matters.
    #[arg(short, long)]
    pub verbose: bool,
    /// Touch no network (no proxy or checksum-database probes).
    #[arg(long)]
    pub offline: bool,
    /// Time budget of the network probes, in seconds.
    #[arg(long, default_value = "3", value_parser = super::network::parse_timeout)]
    pub timeout: std::time::Duration,
    /// Mirrors to suggest when a proxy fails, comma-separated (`sumdb=URL` for
    /// the checksum database); default: the well-known public ones. For tests.
    #[arg(long, value_name = "URLS", hide = true)]
    pub mirrors: Option<String>,
    /// The Go project to diagnose (default: the current directory).
    #[arg(long, value_name = "DIR", conflicts_with = "snapshot")]
    pub project: Option<PathBuf>,
    /// Diagnose a snapshot file (from `gomedic snapshot`) instead of this machine.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Also start a login shell, an interactive shell and `sh -c` (each bounded
    /// in time) and compare the environments they get with this one
    /// (env/context-differs). Off by default: it runs your shell start-up
    /// files, which can take far longer than everything else gomedic does.
    #[arg(long, conflicts_with = "no_shell")]
    pub shells: bool,
    /// Do not start shells (the default; kept for scripts that pass it).
    #[arg(long, hide = true)]
    pub no_shell: bool,
    /// Run the debugger checks (ptrace rules that stop Delve) even when
    /// `dlv` is not installed.
    #[arg(long)]
    pub debugger: bool,
}

/// Runs `gomedic check`; returns the process exit code (0 no error finding,
/// 1 at least one error finding).
pub fn run(args: &CheckArgs, ctx: &Context) -> anyhow::Result<i32> {
    let (subject, snapshot) = match &args.snapshot {
        Some(path) => (path.display().to_string(), super::snapshot::load(path)?),
        None => {
            let mut options = super::probe_options(args.project.clone(), args.offline)?;
            options.spawn_shells = args.shells && !args.no_shell;
            // The network probes run beside the other probes, within --timeout.
            let network = (!args.offline).then(|| {
                super::network::spawn_network_probe(
                    &options.project_dir,
                    args.timeout,
                    args.mirrors.clone(),
                )
            });
            let private = (!args.offline)
                .then(|| super::private::spawn_private_probe(&options.project_dir, args.timeout))
                .flatten();
            let module_audit = (!args.offline)
                .then(|| super::module_audit::spawn(&options.project_dir, args.timeout));
            let mut snapshot = gomedic_probe::take_snapshot(&options);
            snapshot.network = network.and_then(|probe| probe.join().ok());
            snapshot.private_modules = private.and_then(|probe| probe.join().ok());
            snapshot.module_audit = module_audit.and_then(|h| h.join().ok()).flatten();
            add_integrity_facts(&mut snapshot);
            ("this machine".to_string(), snapshot)
        }
    };
    let mut snapshot = snapshot;
    snapshot.os.debugger_requested |= args.debugger;
    let report = diagnose(subject, &snapshot);
    let mut out = render::stdout(ctx.color);
    match args.format {
        Format::Json => write_json(&mut out, &report)?,
        Format::Text => write_report(&mut out, &report, ctx.text_options(args.verbose))?,
    }
    Ok(exit_code(&report))
}

/// Adds the integrity facts of the project's build list (module cache
/// entries, go.sum, vendor) when the project has a go.mod and GOMODCACHE is
/// known. Cheap: no content hashing (that is `gomedic verify`).
pub fn add_integrity_facts(snapshot: &mut Snapshot) {
    let Some(go_mod) = snapshot.project.go_mod.as_ref().filter(|f| f.exists) else {
        return;
    };
    let Some(gomodcache) = snapshot
        .go_env
        .as_ref()
        .and_then(|env| env.get("GOMODCACHE"))
        .map(|v| v.value.clone())
        .filter(|v| !v.is_empty())
    else {
        return;
    };
    let release = snapshot
        .active()
        .and_then(|g| g.go_version())
        .map(str::to_string);
    snapshot.integrity = Some(gomedic_verify::integrity::gather(
        std::path::Path::new(&go_mod.path),
        std::path::Path::new(&gomodcache),
        release.as_deref(),
    ));
}

/// Runs every check on `snapshot` and builds the report.
pub fn diagnose(subject: String, snapshot: &Snapshot) -> Report {
    Report::new(subject, gomedic_checks::run_all(snapshot))
}

/// 1 when the report has an error finding, else 0.
pub fn exit_code(report: &Report) -> i32 {
    if report.has_errors() { 1 } else { 0 }
}
