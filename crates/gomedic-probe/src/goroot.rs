//! The Go installation around a `go` binary: the GOROOT the go command infers
//! from its own location, `$GOROOT/VERSION`, `$GOROOT/go.env`, and the tools
//! in `$GOROOT/pkg/tool/<goos>_<goarch>`.

use crate::pathlist::clean;
use gomedic_model::snapshot::ToolFact;
use std::path::{Path, PathBuf};

/// `isGOROOT`: `<dir>/pkg/tool` exists and is a directory.
pub fn is_goroot(dir: &Path) -> bool {
    dir.join("pkg").join("tool").is_dir()
}

/// The two candidates of `findGOROOT` for an executable: `exe/../..` and
/// `exe/../../..` (for `$GOROOT/bin/<goos>_<goarch>/go`).
fn goroot_candidate(exe: &Path) -> Option<PathBuf> {
    let bin = exe.parent()?;
    let first = bin.parent()?;
    if is_goroot(first) {
        return Some(clean(first));
    }
    let second = first.parent()?;
    is_goroot(second).then(|| clean(second))
}

/// The GOROOT the go command at `path` would infer (go-semantics.md §2).
/// `os.Executable` already resolves symlinks on Linux (`/proc/self/exe`); on
/// other systems the spelled path is tried first, then the resolved one.
pub fn infer_goroot(path: &Path, real_path: Option<&Path>, host_os: &str) -> Option<PathBuf> {
    let spelled = if host_os == "linux" {
        real_path.unwrap_or(path)
    } else {
        path
    };
    goroot_candidate(spelled).or_else(|| real_path.and_then(goroot_candidate))
}

/// The tool directory name Go uses for a binary of `goos`/`goarch`.
pub fn tool_dir(goroot: &Path, goos: &str, goarch: &str) -> PathBuf {
    goroot
        .join("pkg")
        .join("tool")
        .join(format!("{goos}_{goarch}"))
}

/// The tools in `dir` (files only, `.exe` dropped from the name), sorted, with
/// the Go release that built each read by `go_version_of`.
pub fn list_tools(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut tools = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let name = name.strip_suffix(".exe").unwrap_or(&name).to_string();
        tools.push((name, path));
    }
    tools.sort();
    Ok(tools)
}

/// A [`ToolFact`] from a tool's path and the Go release read from it.
pub fn tool_fact(name: &str, path: &Path, go_version: Option<String>) -> ToolFact {
    ToolFact {
        name: name.to_string(),
        path: path.to_string_lossy().into_owned(),
        go_version,
    }
}
