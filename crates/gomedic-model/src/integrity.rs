//! Facts about the integrity of a project's modules: the module cache
//! entries of its build list, go.sum against the cache, and vendor/modules.txt
//! against go.mod. Gathered read-only by `gomedic-verify`; judged by the
//! `modules/cache-damaged`, `modules/checksum-mismatch`,
//! `modules/go-sum-incomplete` and `modules/vendor-inconsistent` checks.

use serde::{Deserialize, Serialize};

/// What gomedic found about the project's modules and the module cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityFacts {
    /// The main module's go.mod.
    pub go_mod: String,
    /// The main module's path.
    #[serde(default)]
    pub main_module: String,
    /// The go.sum read (beside go.mod), when it exists.
    #[serde(default)]
    pub go_sum: Option<String>,
    /// GOMODCACHE.
    #[serde(default)]
    pub gomodcache: String,
    /// The Go release whose rules were applied (e.g. `go1.27.3`), if known.
    #[serde(default)]
    pub go_release: Option<String>,
    /// How many modules of the build list were looked at.
    #[serde(default)]
    pub modules_checked: usize,
    /// Problems of the cache entries of the build list's modules.
    #[serde(default)]
    pub cache_issues: Vec<CacheIssue>,
    /// Cached content whose hash differs from go.sum's.
    #[serde(default)]
    pub sum_mismatches: Vec<SumMismatch>,
    /// Hashes the build needs that go.sum lacks.
    #[serde(default)]
    pub missing_sums: Vec<MissingSum>,
    /// go.sum could not be used at all (malformed line under Go ≥ 1.22, too large, unreadable).
    #[serde(default)]
    pub go_sum_error: Option<String>,
    /// Vendor directory facts, when the main module has a `vendor` directory.
    #[serde(default)]
    pub vendor: Option<VendorFacts>,
    /// Why parts could not be gathered (unreadable go.mod, graph too large).
    #[serde(default)]
    pub errors: Vec<String>,
}

/// A state of a module cache entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CacheIssueKind {
    /// A `.partial` file: a download or extraction was interrupted.
    Partial,
    /// A zip or extracted directory without its `.ziphash`.
    MissingZiphash,
    /// An extracted directory whose zip is gone (`go mod verify` can only check the directory).
    DirWithoutZip,
    /// Files or directories of an extracted module are writable (Go makes them read-only unless `-modcacherw`).
    Writable,
    /// A `.ziphash` that is not an `h1:` hash.
    BadZiphash,
    /// A cache file or directory that cannot be read.
    Unreadable,
    /// A Go toolchain module (`golang.org/toolchain@…`) downloaded by toolchain switching.
    Toolchain,
}

/// One module cache entry in a given state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheIssue {
    pub kind: CacheIssueKind,
    /// `path@version`.
    pub module: String,
    /// The file or directory concerned.
    pub path: String,
    /// Details (which files, what error).
    #[serde(default)]
    pub detail: String,
}

/// Cached content whose hash differs from go.sum: the go command stops with
/// `verifying <module>: checksum mismatch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SumMismatch {
    pub path: String,
    /// The version, with `/go.mod` for the go.mod hash.
    pub version: String,
    /// The hash of the cached content (`.ziphash` value or hash of the `.mod` file).
    pub cached: String,
    /// The first `h1:` hash go.sum has for the key, and its line.
    pub go_sum: String,
    pub go_sum_line: usize,
    /// The cache file the hash came from.
    pub cache_file: String,
}

/// A go.sum line the build needs and go.sum does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingSum {
    pub path: String,
    /// The version, with `/go.mod` for the go.mod hash.
    pub version: String,
    /// Whether the main go.mod requires the module directly (no `// indirect`).
    #[serde(default)]
    pub direct: bool,
}

/// The main module's vendor directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorFacts {
    /// The `vendor` directory.
    pub dir: String,
    /// The `go` line of the main go.mod (`None` when absent).
    #[serde(default)]
    pub go_version: Option<String>,
    /// Whether `vendor/modules.txt` exists.
    #[serde(default)]
    pub modules_txt: bool,
    /// The inconsistencies the go command lists after
    /// `go: inconsistent vendoring in <dir>:`, in its order and words (one per entry).
    #[serde(default)]
    pub inconsistencies: Vec<String>,
}
