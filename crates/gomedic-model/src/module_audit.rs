//! Facts about the project's modules that only the network can tell (absent
//! with `--offline`): what the checksum database says about every go.sum
//! line, and which required modules are deprecated or retracted by their
//! authors. URLs are stored redacted.

use serde::{Deserialize, Serialize};

/// Everything learnt about the project's modules from the network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleAuditFacts {
    /// The go.sum lines checked against the checksum database.
    #[serde(default)]
    pub sumdb: Option<GoSumAudit>,
    /// Deprecations and retractions of the required modules.
    #[serde(default)]
    pub deprecations: Option<DeprecationAudit>,
}

/// The go.sum file compared with the checksum database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoSumAudit {
    /// The database name (from GOSUMDB).
    pub database: String,
    /// The base URL used (GOSUMDB URL, `<proxy>/sumdb/<name>` or
    /// `https://<name>`), redacted.
    pub base_url: Option<String>,
    /// The go.sum file.
    pub go_sum: String,
    /// The go command's record of the latest tree it saw
    /// (`$GOPATH/pkg/sumdb/<name>/latest`), when it exists.
    #[serde(default)]
    pub go_latest_file: Option<String>,
    /// Size of the tree in that file.
    #[serde(default)]
    pub go_latest_size: Option<u64>,
    /// Size of the newest verified tree the database served.
    #[serde(default)]
    pub tree_size: Option<u64>,
    /// go.sum lines (h1 of zips and of go.mod files).
    pub lines: usize,
    /// Lines compared with the database and found equal.
    pub verified: usize,
    /// Lines the go command never checks against the database
    /// (GONOSUMDB/GOPRIVATE), as `module version`.
    #[serde(default)]
    pub not_consulted: Vec<String>,
    /// Lines not checked because the time or lookup budget ran out.
    #[serde(default)]
    pub unchecked: Vec<String>,
    /// HTTP requests made.
    pub requests: usize,
    pub elapsed_ms: u64,
    /// What did not verify.
    pub problems: Vec<SumdbProblem>,
}

/// What kind of failure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SumdbProblemKind {
    /// A signed tree head did not verify with the configured key.
    #[default]
    BadSignature,
    /// A record or tile did not hash to the signed tree (inclusion or
    /// consistency proof failed).
    BadProof,
    /// The log forked or rolled back: a tree inconsistent with one seen
    /// before (the go command's record, or another answer).
    Misbehavior,
    /// The database has a different hash for a go.sum line.
    Mismatch,
    /// The database's record has no line for this go.sum key.
    Missing,
    /// The lookup itself failed (HTTP error, not found, malformed answer).
    LookupFailed,
}

/// One verification failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SumdbProblem {
    pub kind: SumdbProblemKind,
    /// The module path, for per-module problems.
    #[serde(default)]
    pub module: Option<String>,
    /// The version as go.sum writes it (`v1.2.3` or `v1.2.3/go.mod`).
    #[serde(default)]
    pub version: Option<String>,
    /// 1-based line of go.sum.
    #[serde(default)]
    pub go_sum_line: Option<usize>,
    #[serde(default)]
    pub go_sum_hash: Option<String>,
    #[serde(default)]
    pub db_hash: Option<String>,
    /// The go command's error text for this failure.
    pub message: String,
}

/// Deprecated modules and retracted versions among the requirements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeprecationAudit {
    /// The go.mod whose requirements were checked.
    pub go_mod: String,
    /// Requirements whose latest go.mod was read.
    pub checked: usize,
    /// Requirements that could not be checked (`module: why`).
    #[serde(default)]
    pub unchecked: Vec<String>,
    pub elapsed_ms: u64,
    /// Deprecated or retracted requirements.
    pub flagged: Vec<DeprecatedRequirement>,
}

/// One requirement its author deprecated or retracted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeprecatedRequirement {
    pub module: String,
    /// The required version.
    pub version: String,
    /// 1-based line of the requirement in go.mod.
    pub go_mod_line: usize,
    /// The version whose go.mod carries the author's word (the latest).
    pub latest: String,
    /// The `// Deprecated:` message of the latest go.mod's module line.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// Rationales of the retract directives covering the required version
    /// (as `go list -m -u -json` reports them in `Retracted`).
    #[serde(default)]
    pub retracted: Vec<String>,
    /// Where the latest go.mod was read (redacted URL).
    pub source: String,
}
