//! Go programs installed where `go install` puts them (GOBIN, every GOPATH
//! entry's `bin`) and Go programs on PATH: which module and version each is,
//! the Go release that built it and the platform it runs on. Read from the
//! files' build info, never by running them.

use gomedic_go::buildinfo::ExecutableKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every Go program found in the tool directories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorToolFacts {
    /// The directories searched, in search order (GOBIN, GOPATH entries'
    /// `bin`, then PATH entries).
    #[serde(default)]
    pub dirs: Vec<ToolDir>,
    /// One record per file, in the order first found. Files that are not Go
    /// programs are left out, except in GOBIN and GOPATH/bin, where every
    /// executable is kept (a foreign or broken file there is a finding).
    #[serde(default)]
    pub tools: Vec<InstalledTool>,
}

impl EditorToolFacts {
    /// The tools whose main module is `module` (e.g. `golang.org/x/tools/gopls`),
    /// in the order first found.
    pub fn by_module<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a InstalledTool> {
        self.tools.iter().filter(move |t| t.module_path == module)
    }
}

/// Where a tool directory comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ToolSource {
    /// The effective GOBIN.
    Gobin,
    /// `<GOPATH entry>/bin` (index into the GOPATH list).
    GopathBin { gopath_index: usize },
    /// A PATH entry (index into `Snapshot::path_entries`).
    Path { path_index: usize },
}

impl fmt::Display for ToolSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToolSource::Gobin => f.write_str("GOBIN"),
            ToolSource::GopathBin { gopath_index } => write!(f, "GOPATH[{gopath_index}]/bin"),
            ToolSource::Path { path_index } => write!(f, "PATH #{}", path_index + 1),
        }
    }
}

/// One searched directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolDir {
    pub path: String,
    /// Every role of this directory (GOBIN may also be a PATH entry).
    pub sources: Vec<ToolSource>,
    /// Directory entries looked at (0 for PATH directories other than
    /// GOBIN and GOPATH/bin: only the known tool names are looked up there).
    pub entries_seen: usize,
    /// True when the directory had more entries than the probe reads.
    #[serde(default)]
    pub truncated: bool,
    /// Why it could not be listed (missing directories are not errors).
    #[serde(default)]
    pub error: Option<String>,
}

/// One Go program (or, in GOBIN/GOPATH/bin, any executable file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalledTool {
    /// The file name without `.exe` (`gopls`, `dlv`).
    pub name: String,
    /// The path it was found at.
    pub path: String,
    /// The path with every symbolic link resolved.
    #[serde(default)]
    pub real_path: Option<String>,
    /// Every place it was found through, in search order.
    pub sources: Vec<ToolSource>,
    /// What kind of executable it is and for which OS/architecture.
    #[serde(default)]
    pub executable: Option<ExecutableKind>,
    /// The Go release that built it (`go1.22.10`), from build info.
    #[serde(default)]
    pub go_version: Option<String>,
    /// The main package path (`golang.org/x/tools/gopls`).
    #[serde(default)]
    pub package_path: String,
    /// The main module path and version (`v0.16.2`, `(devel)`).
    #[serde(default)]
    pub module_path: String,
    #[serde(default)]
    pub module_version: String,
    /// The `GOOS` / `GOARCH` build settings, when recorded.
    #[serde(default)]
    pub build_goos: Option<String>,
    #[serde(default)]
    pub build_goarch: Option<String>,
    /// Why build info could not be read, when it could not.
    #[serde(default)]
    pub build_info_error: Option<String>,
}

impl InstalledTool {
    /// The OS the file runs on: its header, else the GOOS build setting.
    pub fn goos(&self) -> Option<&str> {
        self.executable
            .as_ref()
            .and_then(|k| k.goos.as_deref())
            .or(self.build_goos.as_deref())
    }

    /// The architecture the file runs on: its header, else the GOARCH build setting.
    pub fn goarch(&self) -> Option<&str> {
        self.executable
            .as_ref()
            .and_then(|k| k.goarch.as_deref())
            .or(self.build_goarch.as_deref())
    }

    /// `module@version` as `go version -m` names it.
    pub fn module_at_version(&self) -> String {
        if self.module_version.is_empty() {
            self.module_path.clone()
        } else {
            format!("{}@{}", self.module_path, self.module_version)
        }
    }

    /// Where it was found, e.g. `GOBIN, PATH #3`.
    pub fn found_in(&self) -> String {
        self.sources
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first PATH entry it was found through.
    pub fn path_index(&self) -> Option<usize> {
        self.sources.iter().find_map(|s| match s {
            ToolSource::Path { path_index } => Some(*path_index),
            _ => None,
        })
    }
}
