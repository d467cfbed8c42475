//! `gomedic tools`: build info of Go binaries, read without running them.
//!
//! Mirrors `go version -m [-json]` of Go 1.27:
//! - a named file is always reported, as build info or as an error;
//! - a named directory is walked recursively (symlinks to files count,
//!   symlinked directories are not entered) and only Go binaries are listed;
//! - the exit status is 1 when a named file or path failed, else 0 (Go's
//!   `go version -m` does the same; without `-m` it exits 0).
//!
//! With no paths, the targets are GOBIN (or the first GOPATH entry's `bin`,
//! or `$HOME/go/bin`) as a directory, and every `go` on PATH as a named file.
//! They are computed from the environment here; `go env -w` settings are not
//! read (the probe's snapshot will supply them once it lands).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use gomedic_go::buildinfo::BuildInfo;
use serde::Serialize;

/// Arguments of `gomedic tools`.
#[derive(Debug, clap::Args)]
pub struct ToolsArgs {
    /// Files or directories to read (default: GOBIN or GOPATH/bin, and every go on PATH).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::commands::Format::Text)]
    pub format: crate::commands::Format,
}

/// Bounds the directory walk.
const MAX_WALK_ENTRIES: usize = 100_000;

/// One reported file: `go version -m -json`'s object, or why it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ToolEntry {
    Binary { file: String, buildinfo: BuildInfo },
    Error { file: String, error: String },
}

/// What to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Named (or a default `go`): errors are reported and fail the run.
    Named(PathBuf),
    /// A default directory: skipped silently when missing.
    OptionalDir(PathBuf),
}

/// Runs `gomedic tools`; returns the process exit code.
pub fn run(args: &ToolsArgs) -> anyhow::Result<i32> {
    let targets = if args.paths.is_empty() {
        default_targets(&|name| std::env::var_os(name))
    } else {
        args.paths.iter().cloned().map(Target::Named).collect()
    };
    let (entries, failed) = collect(&targets);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        crate::commands::Format::Json => {
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
        crate::commands::Format::Text => {
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            for entry in &entries {
                match entry {
                    ToolEntry::Binary { file, buildinfo } => {
                        write!(out, "{}", text_of(file, buildinfo))?
                    }
                    ToolEntry::Error { error, .. } => writeln!(err, "{error}")?,
                }
            }
        }
    }
    Ok(i32::from(failed))
}

/// `go version -m`'s text for one binary.
pub fn text_of(file: &str, info: &BuildInfo) -> String {
    format!("{file}: {}\n{}", info.go_version, info.to_modinfo_text())
}

/// Reads every target; also says whether a named one failed.
pub fn collect(targets: &[Target]) -> (Vec<ToolEntry>, bool) {
    let mut entries = Vec::new();
    let mut failed = false;
    for target in targets {
        match target {
            Target::Named(path) => match std::fs::metadata(path) {
                Err(e) => {
                    failed = true;
                    entries.push(ToolEntry::Error {
                        file: path.display().to_string(),
                        error: format!("stat {}: {}", path.display(), go_io_error(&e)),
                    });
                }
                Ok(meta) if meta.is_dir() => walk(path, &mut entries),
                Ok(_) => {
                    let entry = read_one(path);
                    failed |= matches!(entry, ToolEntry::Error { .. });
                    entries.push(entry);
                }
            },
            Target::OptionalDir(path) => {
                if path.is_dir() {
                    walk(path, &mut entries);
                }
            }
        }
    }
    (entries, failed)
}

fn read_one(path: &Path) -> ToolEntry {
    let file = path.display().to_string();
    match gomedic_probe::binary::read_build_info(path) {
        Ok(buildinfo) => ToolEntry::Binary { file, buildinfo },
        Err(why) => ToolEntry::Error {
            error: format!("{file}: {why}"),
            file,
        },
    }
}

/// `filepath.WalkDir` order (lexical, depth first), regular files and
/// symlinks to regular files; only Go binaries are kept.
fn walk(dir: &Path, entries: &mut Vec<ToolEntry>) {
    let mut seen = 0usize;
    walk_into(dir, entries, &mut seen);
}

/// Walks one directory level, entering subdirectories in place.
fn walk_into(dir: &Path, found: &mut Vec<ToolEntry>, seen: &mut usize) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<(OsString, PathBuf, std::fs::FileType)> = read
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name(), e.path(), e.file_type().ok()?)))
        .collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, path, kind) in children {
        *seen += 1;
        if *seen > MAX_WALK_ENTRIES {
            return;
        }
        if kind.is_dir() {
            walk_into(&path, found, seen);
        } else if (kind.is_file()
            || (kind.is_symlink() && path.metadata().is_ok_and(|m| m.is_file())))
            && let entry @ ToolEntry::Binary { .. } = read_one(&path)
        {
            found.push(entry);
        }
    }
}

/// Go's wording for common I/O errors.
fn go_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// The default targets from the environment: the install directory of
/// `go install` and every `go` on PATH, in PATH order, without duplicates.
pub fn default_targets(env: &dyn Fn(&str) -> Option<OsString>) -> Vec<Target> {
    let mut targets = Vec::new();
    if let Some(bin) = install_dir(env) {
        targets.push(Target::OptionalDir(bin));
    }
    let exe = if cfg!(windows) { "go.exe" } else { "go" };
    let mut seen: Vec<PathBuf> = Vec::new();
    if let Some(path) = env("PATH") {
        for dir in std::env::split_paths(&path) {
            // Go's LookPath skips empty entries on Unix (they do not mean ".").
            if dir.as_os_str().is_empty() {
                continue;
            }
            let candidate = dir.join(exe);
            if candidate.is_file() && !seen.contains(&candidate) {
                seen.push(candidate.clone());
                targets.push(Target::Named(candidate));
            }
        }
    }
    targets
}

/// GOBIN, else the first GOPATH entry's `bin`, else `$HOME/go/bin`.
fn install_dir(env: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    if let Some(gobin) = env("GOBIN").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(gobin));
    }
    if let Some(gopath) = env("GOPATH").filter(|v| !v.is_empty()) {
        let first = std::env::split_paths(&gopath).find(|p| !p.as_os_str().is_empty())?;
        return Some(first.join("bin"));
    }
    let home = if cfg!(windows) {
        env("USERPROFILE")
    } else {
        env("HOME")
    };
    home.filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join("go").join("bin"))
}
