//! Go programs in the tool directories: GOBIN, every GOPATH entry's `bin`
//! (where `go install` puts them) and every PATH directory (where editors and
//! shells find them). Each is read without running it: the executable header
//! (format, OS, architecture) and the Go build info (main module, version,
//! the Go release that built it, its GOOS/GOARCH settings).
//!
//! Bounded: at most [`MAX_ENTRIES_PER_DIR`] entries per directory and
//! [`MAX_CANDIDATES`] files in all. GOBIN and GOPATH/bin hold what `go
//! install` put there, so every executable there is read. In the other PATH
//! directories (/usr/bin has over a thousand programs) only the Go developer
//! tools editors run ([`PATH_TOOLS`]) are opened, and only Go programs are
//! kept: reading the build info of every large program on PATH made `check`
//! two and a half times slower than `go env -json`.

use crate::binary;
use crate::parallel::{parallel_map, worker_count};
use crate::pathlist::clean;
use gomedic_model::editor_tools::{EditorToolFacts, InstalledTool, ToolDir, ToolSource};
use gomedic_model::snapshot::PathEntry;
use std::path::{Path, PathBuf};

/// Entries read from one directory (sorted by name, the rest is skipped).
pub const MAX_ENTRIES_PER_DIR: usize = 4096;
/// Files opened in all.
pub const MAX_CANDIDATES: usize = 16_384;
/// The smallest file in a PATH directory worth opening: a Go program links
/// the runtime and is larger than a megabyte; smaller files are scripts or C
/// programs, which the checks do not need.
pub const MIN_GO_PROGRAM_BYTES: u64 = 512 * 1024;

/// The Go developer tools looked for in PATH directories that are neither
/// GOBIN nor a GOPATH/bin: the ones the Go extension for VS Code and gopls
/// users install (vscode-go's tool list), debuggers and common linters.
pub const PATH_TOOLS: &[&str] = &[
    "dlv",
    "dlv-dap",
    "errcheck",
    "fillstruct",
    "go-outline",
    "goimports",
    "golangci-lint",
    "golint",
    "gomodifytags",
    "gofumpt",
    "gopkgs",
    "goplay",
    "gopls",
    "gotests",
    "gotestsum",
    "govulncheck",
    "impl",
    "mockgen",
    "revive",
    "staticcheck",
];

/// What the tool search needs from the rest of the probe.
#[derive(Debug, Clone, Default)]
pub struct ToolSearch<'a> {
    /// The effective GOBIN when set (empty = unset).
    pub gobin: Option<PathBuf>,
    /// The effective GOPATH entries, in order.
    pub gopath: Vec<PathBuf>,
    /// PATH, as the probe already read it.
    pub path_entries: &'a [PathEntry],
    /// Windows rules: executables end in `.exe`.
    pub windows: bool,
}

/// A directory to search and every role it has.
#[derive(Debug, Clone)]
struct SearchDir {
    path: PathBuf,
    /// The directory with links resolved, to merge two spellings of one dir.
    real: Option<PathBuf>,
    sources: Vec<ToolSource>,
}

impl SearchDir {
    /// GOBIN and GOPATH/bin: every executable there counts.
    fn is_install_dir(&self) -> bool {
        self.sources
            .iter()
            .any(|s| !matches!(s, ToolSource::Path { .. }))
    }
}

/// One file to open.
#[derive(Debug, Clone)]
struct Candidate {
    name: String,
    path: PathBuf,
    sources: Vec<ToolSource>,
    install_dir: bool,
}

/// Finds and reads the tools. Never panics; unreadable directories and files
/// become facts.
pub fn probe_editor_tools(search: &ToolSearch) -> EditorToolFacts {
    let dirs = search_dirs(search);
    let mut facts = EditorToolFacts::default();
    let mut candidates = Vec::new();
    for dir in &dirs {
        let (listed, record) = list_dir(dir, search.windows);
        facts.dirs.push(record);
        for c in listed {
            if candidates.len() >= MAX_CANDIDATES {
                break;
            }
            candidates.push(c);
        }
    }
    let read = parallel_map(&candidates, worker_count(), read_tool);
    facts.tools = candidates
        .iter()
        .zip(read)
        .filter(|(c, tool)| c.install_dir || tool.build_info_error.is_none())
        .map(|(_, tool)| tool)
        .collect();
    facts
}

/// GOBIN, GOPATH entries' `bin`, then PATH entries; one entry per directory
/// (by spelling or by resolved path) with all of its roles.
fn search_dirs(search: &ToolSearch) -> Vec<SearchDir> {
    let mut wanted: Vec<(PathBuf, ToolSource)> = Vec::new();
    if let Some(gobin) = search.gobin.as_ref().filter(|p| !p.as_os_str().is_empty()) {
        wanted.push((gobin.clone(), ToolSource::Gobin));
    }
    for (index, entry) in search.gopath.iter().enumerate() {
        if !entry.as_os_str().is_empty() {
            wanted.push((
                entry.join("bin"),
                ToolSource::GopathBin {
                    gopath_index: index,
                },
            ));
        }
    }
    for (index, entry) in search.path_entries.iter().enumerate() {
        if !entry.is_dir {
            continue;
        }
        if let Some(resolved) = &entry.resolved {
            wanted.push((
                PathBuf::from(resolved),
                ToolSource::Path { path_index: index },
            ));
        }
    }
    let mut dirs: Vec<SearchDir> = Vec::new();
    for (path, source) in wanted {
        let path = clean(&path);
        let real = std::fs::canonicalize(&path).ok();
        let same = dirs
            .iter_mut()
            .find(|d| d.path == path || (real.is_some() && d.real == real));
        match same {
            Some(dir) => {
                if !dir.sources.contains(&source) {
                    dir.sources.push(source);
                }
            }
            None => dirs.push(SearchDir {
                path,
                real,
                sources: vec![source],
            }),
        }
    }
    dirs
}

/// The candidate files of one directory and what listing it showed.
fn list_dir(dir: &SearchDir, windows: bool) -> (Vec<Candidate>, ToolDir) {
    let mut record = ToolDir {
        path: dir.path.to_string_lossy().into_owned(),
        sources: dir.sources.clone(),
        ..ToolDir::default()
    };
    let install_dir = dir.is_install_dir();
    if !install_dir {
        // Other PATH directories: only the known tools, looked up by name
        // (listing /usr/bin would cost more than the rest of the probe).
        let candidates = PATH_TOOLS
            .iter()
            .filter_map(|name| {
                let file = if windows {
                    format!("{name}.exe")
                } else {
                    name.to_string()
                };
                let path = dir.path.join(file);
                is_executable_file(&path, windows, MIN_GO_PROGRAM_BYTES).then(|| Candidate {
                    name: name.to_string(),
                    path,
                    sources: dir.sources.clone(),
                    install_dir,
                })
            })
            .collect();
        return (candidates, record);
    }
    let read = match std::fs::read_dir(&dir.path) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), record),
        Err(e) => {
            record.error = Some(format!("cannot list {}: {e}", dir.path.display()));
            return (Vec::new(), record);
        }
    };
    let mut names: Vec<std::ffi::OsString> = read.flatten().map(|e| e.file_name()).collect();
    names.sort();
    record.entries_seen = names.len().min(MAX_ENTRIES_PER_DIR);
    record.truncated = names.len() > MAX_ENTRIES_PER_DIR;
    let candidates = names
        .into_iter()
        .take(MAX_ENTRIES_PER_DIR)
        .filter_map(|name| {
            let path = dir.path.join(&name);
            let name = tool_name(&name.to_string_lossy(), windows)?;
            is_executable_file(&path, windows, 1).then(|| Candidate {
                name,
                path,
                sources: dir.sources.clone(),
                install_dir,
            })
        })
        .collect();
    (candidates, record)
}

/// The tool name of a file name: Windows programs end in `.exe` (dropped).
fn tool_name(file_name: &str, windows: bool) -> Option<String> {
    if !windows {
        return Some(file_name.to_string());
    }
    let lower = file_name.to_ascii_lowercase();
    lower
        .ends_with(".exe")
        .then(|| file_name[..file_name.len() - 4].to_string())
}

/// A regular file (or a link to one) of at least `min_size` bytes that the
/// OS would consider running (Unix: any execute bit).
fn is_executable_file(path: &Path, windows: bool, min_size: u64) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() < min_size {
        return false;
    }
    windows || has_exec_bit(&meta)
}

#[cfg(unix)]
fn has_exec_bit(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn has_exec_bit(_meta: &std::fs::Metadata) -> bool {
    true
}

/// Reads one file's header and build info.
fn read_tool(candidate: &Candidate) -> InstalledTool {
    let path = &candidate.path;
    let mut tool = InstalledTool {
        name: candidate.name.clone(),
        path: path.to_string_lossy().into_owned(),
        real_path: std::fs::canonicalize(path)
            .ok()
            .map(|p| p.to_string_lossy().into_owned()),
        sources: candidate.sources.clone(),
        executable: binary::read_executable_kind(path),
        ..InstalledTool::default()
    };
    let format = tool.executable.as_ref().map_or("", |k| k.format.as_str());
    if !matches!(format, "elf" | "macho" | "pe") {
        tool.build_info_error = Some(format!(
            "{}: not an executable Go can build (format {})",
            path.display(),
            if format.is_empty() {
                "unreadable"
            } else {
                format
            }
        ));
        return tool;
    }
    match binary::read_build_info(path) {
        Ok(info) => {
            tool.go_version = Some(info.go_version.clone()).filter(|v| !v.is_empty());
            tool.build_goos = info.setting("GOOS").map(str::to_string);
            tool.build_goarch = info.setting("GOARCH").map(str::to_string);
            tool.package_path = info.path;
            tool.module_path = info.main.path;
            tool.module_version = info.main.version;
        }
        Err(e) => tool.build_info_error = Some(e),
    }
    tool
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_tool_names_need_exe() {
        assert_eq!(tool_name("gopls.EXE", true).as_deref(), Some("gopls"));
        assert_eq!(tool_name("gopls", true), None);
        assert_eq!(tool_name("gopls", false).as_deref(), Some("gopls"));
    }

    #[test]
    fn one_directory_keeps_every_role() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("gopath").join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let entries = vec![PathEntry {
            raw: bin.to_string_lossy().into_owned(),
            resolved: Some(bin.to_string_lossy().into_owned()),
            exists: true,
            is_dir: true,
            ..PathEntry::default()
        }];
        let search = ToolSearch {
            gobin: Some(bin.clone()),
            gopath: vec![dir.path().join("gopath")],
            path_entries: &entries,
            windows: false,
        };
        let dirs = search_dirs(&search);
        assert_eq!(dirs.len(), 1);
        assert_eq!(
            dirs[0].sources,
            vec![
                ToolSource::Gobin,
                ToolSource::GopathBin { gopath_index: 0 },
                ToolSource::Path { path_index: 0 }
            ]
        );
    }
}
