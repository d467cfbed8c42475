//! `gomedic which`: every `go` on PATH in order, which one runs and why,
//! and the installs that are not on PATH.

use super::{Context, Format};
use crate::render::{self, json::write_json, which_text::write_which};
use gomedic_model::Snapshot;
use gomedic_model::snapshot::GoBinary;
use serde::Serialize;
use std::path::PathBuf;

/// The schema identifier of `gomedic which --format json`.
pub const WHICH_SCHEMA: &str = "gomedic.which/v1";

/// Arguments of `gomedic which`.
#[derive(Debug, clap::Args)]
pub struct WhichArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read the facts from a snapshot file instead of this machine.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
}

/// Runs `gomedic which`; returns the process exit code.
pub fn run(args: &WhichArgs, ctx: &Context) -> anyhow::Result<i32> {
    let snapshot = match &args.snapshot {
        Some(path) => super::snapshot::load(path)?,
        None => gomedic_probe::take_snapshot(&super::probe_options(None, true)?),
    };
    let view = WhichView::from_snapshot(&snapshot);
    let mut out = render::stdout(ctx.color);
    match args.format {
        Format::Json => write_json(&mut out, &view)?,
        Format::Text => write_which(&mut out, &view, ctx.ascii)?,
    }
    Ok(0)
}

/// What `gomedic which` shows, built from a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhichView {
    /// Always [`WHICH_SCHEMA`].
    pub schema: String,
    /// The machine's OS and architecture (Go spelling).
    pub host_os: String,
    pub host_arch: String,
    /// Every `go` found through PATH, in PATH order.
    pub on_path: Vec<GoEntry>,
    /// `go` installs found in well-known places but not through PATH.
    pub off_path: Vec<GoEntry>,
    /// Index into `on_path` of the `go` a shell runs, if any.
    pub active: Option<usize>,
    /// Why that one runs (or why none does), in a sentence.
    pub reason: String,
}

/// One `go` executable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoEntry {
    /// Where it was found.
    pub path: String,
    /// The 1-based position of its directory in PATH (`None` off PATH).
    pub path_entry: Option<usize>,
    /// The path with symbolic links resolved (`None`: broken link).
    pub real_path: Option<String>,
    /// The GOROOT it belongs to (inferred from its location).
    pub goroot: Option<String>,
    /// Its Go version, e.g. `go1.22.10`.
    pub version: Option<String>,
    /// The OS and architecture it is built for, e.g. `linux/amd64`.
    pub platform: Option<String>,
    /// Why it cannot run on this machine, when it cannot.
    pub problem: Option<String>,
    /// `runs`, `shadowed` (on PATH after the one that runs), or `off-path`.
    pub role: Role,
    /// Where it came from: its installer (official archive, Debian/Ubuntu
    /// package, Homebrew, asdf, ...) and, through a shim, the real go.
    pub source: String,
}

/// The part a `go` plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Runs,
    Shadowed,
    OffPath,
}

impl WhichView {
    /// Builds the view. Pure: everything comes from the snapshot.
    pub fn from_snapshot(snapshot: &Snapshot) -> WhichView {
        let active_path = snapshot.active().map(|g| g.path.clone());
        let on_path: Vec<GoEntry> = snapshot
            .on_path()
            .map(|g| {
                let role = if Some(&g.path) == active_path.as_ref() {
                    Role::Runs
                } else {
                    Role::Shadowed
                };
                entry(snapshot, g, role)
            })
            .collect();
        let off_path: Vec<GoEntry> = snapshot
            .off_path()
            .map(|g| entry(snapshot, g, Role::OffPath))
            .collect();
        let active = on_path.iter().position(|e| e.role == Role::Runs);
        let reason = reason(snapshot, &on_path, active, &off_path);
        WhichView {
            schema: WHICH_SCHEMA.to_string(),
            host_os: snapshot.host.os.clone(),
            host_arch: snapshot.host.arch.clone(),
            on_path,
            off_path,
            active,
            reason,
        }
    }
}

fn entry(snapshot: &Snapshot, go: &GoBinary, role: Role) -> GoEntry {
    let platform = go
        .executable
        .as_ref()
        .and_then(|kind| match (&kind.goos, &kind.goarch) {
            (Some(os), Some(arch)) => Some(format!("{os}/{arch}")),
            _ => None,
        });
    GoEntry {
        path: go.path.clone(),
        path_entry: go.path_index.map(|i| i + 1),
        real_path: go.real_path.clone(),
        goroot: go.inferred_goroot.clone(),
        version: go.go_version().map(str::to_string),
        platform,
        problem: run_problem(snapshot, go),
        role,
        source: install_source(snapshot, go),
    }
}

/// The installer of `go`, and the go a shim runs.
fn install_source(snapshot: &Snapshot, go: &GoBinary) -> String {
    let source = gomedic_checks::install_source::classify(snapshot, go);
    let mut text = source.describe();
    if source.via_shim {
        text.push_str(&format!(" → {}", source.evidence_path));
    }
    text
}

/// Why `go` cannot run here, judged from the facts: a file problem, a
/// foreign OS or architecture, or a failed `go version`.
pub fn run_problem(snapshot: &Snapshot, go: &GoBinary) -> Option<String> {
    if let Some(problem) = &go.file_problem {
        return Some(problem.clone());
    }
    if let Some(kind) = &go.executable {
        let host = &snapshot.host;
        if let Some(os) = kind
            .goos
            .as_deref()
            .filter(|os| !host.os.is_empty() && *os != host.os)
        {
            return Some(format!(
                "it is built for {os}, this machine runs {}",
                host.os
            ));
        }
        if let Some(arch) = kind
            .goarch
            .as_deref()
            .filter(|a| !host.arch.is_empty() && *a != host.arch)
        {
            // arm64 macOS and Windows run amd64 programs through emulation.
            let emulated = host.arch == "arm64"
                && arch == "amd64"
                && matches!(host.os.as_str(), "darwin" | "windows");
            if !emulated {
                return Some(format!(
                    "it is built for {arch} processors, this machine is {}",
                    host.arch
                ));
            }
        }
    }
    let run = go.run.as_ref()?;
    if run.succeeded() {
        return None;
    }
    Some(if let Some(error) = &run.spawn_error {
        format!("`{}` could not start: {error}", run.command)
    } else if run.timed_out {
        format!("`{}` did not finish in time", run.command)
    } else {
        let first_line = run
            .stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        match run.exit_code {
            Some(code) if first_line.is_empty() => {
                format!("`{}` exited with status {code}", run.command)
            }
            Some(code) => format!("`{}` exited with status {code}: {first_line}", run.command),
            None => format!("`{}` was killed by a signal", run.command),
        }
    })
}

fn reason(
    snapshot: &Snapshot,
    on_path: &[GoEntry],
    active: Option<usize>,
    off_path: &[GoEntry],
) -> String {
    let Some(index) = active else {
        return match (on_path.is_empty(), off_path.is_empty()) {
            (true, true) => {
                "No go was found on PATH or in the usual install locations.".to_string()
            }
            (true, false) => format!(
                "No go is on PATH; {} installed off PATH (add its bin directory to PATH to use it).",
                if off_path.len() == 1 {
                    "one is"
                } else {
                    "some are"
                }
            ),
            (false, _) => "No go on PATH is one a shell would run.".to_string(),
        };
    };
    let winner = &on_path[index];
    let dir = winner
        .path_entry
        .and_then(|n| snapshot.path_entries.get(n - 1))
        .map(|e| e.raw.clone())
        .unwrap_or_default();
    let position = match winner.path_entry {
        Some(n) if dir.is_empty() => format!("PATH entry #{n}"),
        Some(n) => format!("PATH entry #{n}, {dir}"),
        None => "PATH".to_string(),
    };
    let mut text = if index == 0 {
        format!(
            "{} runs: it is the first go on PATH ({position}).",
            winner.path
        )
    } else {
        format!(
            "{} runs: the go before it on PATH cannot be executed ({position}).",
            winner.path
        )
    };
    if let Some(problem) = &winner.problem {
        text.push_str(&format!(" But it cannot run here: {problem}."));
    }
    let shadowed = on_path.len() - 1;
    if shadowed > 0 {
        text.push_str(&format!(
            " {} later on PATH {} shadowed.",
            if shadowed == 1 {
                "1 other go".to_string()
            } else {
                format!("{shadowed} other go commands")
            },
            if shadowed == 1 { "is" } else { "are" }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_go::buildinfo::{BuildInfo, ExecutableKind};
    use gomedic_model::snapshot::{Host, PathEntry};

    fn go(path: &str, index: Option<usize>, version: &str, os: &str) -> GoBinary {
        GoBinary {
            path: path.to_string(),
            path_index: index,
            real_path: Some(path.to_string()),
            executable: Some(ExecutableKind {
                format: "elf".into(),
                goos: Some(os.into()),
                goarch: Some("amd64".into()),
            }),
            build_info: Some(BuildInfo {
                go_version: version.into(),
                ..BuildInfo::default()
            }),
            ..GoBinary::default()
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            host: Host {
                os: "linux".into(),
                arch: "amd64".into(),
                ..Host::default()
            },
            path_entries: vec![
                PathEntry {
                    raw: "/opt/go/bin".into(),
                    ..PathEntry::default()
                },
                PathEntry {
                    raw: "/usr/bin".into(),
                    ..PathEntry::default()
                },
            ],
            go_binaries: vec![
                go("/opt/go/bin/go", Some(0), "go1.27.3", "windows"),
                go("/usr/bin/go", Some(1), "go1.22.10", "linux"),
                go("/home/u/sdk/go1.21.13/bin/go", None, "go1.21.13", "linux"),
            ],
            active_go: Some(0),
            ..Snapshot::default()
        }
    }

    #[test]
    fn first_on_path_runs_and_foreign_os_is_noted() {
        let view = WhichView::from_snapshot(&snapshot());
        assert_eq!(view.active, Some(0));
        assert_eq!(view.on_path[0].role, Role::Runs);
        assert_eq!(view.on_path[1].role, Role::Shadowed);
        assert_eq!(view.off_path[0].role, Role::OffPath);
        assert_eq!(
            view.on_path[0].problem.as_deref(),
            Some("it is built for windows, this machine runs linux")
        );
        assert_eq!(
            view.reason,
            "/opt/go/bin/go runs: it is the first go on PATH (PATH entry #1, /opt/go/bin). \
             But it cannot run here: it is built for windows, this machine runs linux. \
             1 other go later on PATH is shadowed."
        );
    }

    #[test]
    fn nothing_on_path() {
        let mut s = snapshot();
        s.go_binaries.retain(|g| g.path_index.is_none());
        s.active_go = None;
        let view = WhichView::from_snapshot(&s);
        assert!(
            view.reason
                .starts_with("No go is on PATH; one is installed off PATH"),
            "{}",
            view.reason
        );
        s.go_binaries.clear();
        assert!(
            WhichView::from_snapshot(&s)
                .reason
                .starts_with("No go was found")
        );
    }

    #[test]
    fn emulation_is_not_a_problem_on_arm64_macos() {
        let mut s = snapshot();
        s.host = Host {
            os: "darwin".into(),
            arch: "arm64".into(),
            ..Host::default()
        };
        s.go_binaries[0].executable = Some(ExecutableKind {
            format: "macho".into(),
            goos: Some("darwin".into()),
            goarch: Some("amd64".into()),
        });
        assert_eq!(run_problem(&s, &s.go_binaries[0]), None);
        s.host.os = "linux".into();
        s.go_binaries[0].executable.as_mut().unwrap().goos = Some("linux".into());
        assert!(
            run_problem(&s, &s.go_binaries[0])
                .unwrap()
                .contains("amd64 processors")
        );
    }
}
