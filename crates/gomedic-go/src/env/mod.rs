//! The effective Go environment, resolved as the go command resolves it.
//!
//! Lookup order for a key (`cmd/go/internal/cfg`): a non-empty OS
//! environment value, then the user's GOENV file (`go env -w`), then
//! `$GOROOT/go.env` (Go ≥ 1.21), then Go's built-in default. Everything here is
//! pure: the probe gathers [`EnvInputs`] from the machine, and [`resolve`]
//! turns them into a [`GoEnv`] with the provenance of every value.
//!
//! NOTE: the types below are the contract other crates rely on
//! (`GoEnv::get`, `GoEnv::value`, `EnvVar`, `EnvSource`). Fields may be added.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod cgo;
mod inputs;
pub mod output;
pub mod paths;
pub mod quoted;
pub mod release;
mod resolve;

pub use inputs::{
    EnvFileInput, EnvInputs, FactRequest, fact_requests, find_goroot, user_env_file_path,
};
pub use resolve::resolve;

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EnvSource {
    /// The OS environment of the process (non-empty value).
    Process,
    /// The user's GOENV file written by `go env -w`; `line` is 1-based.
    UserFile { path: String, line: usize },
    /// `$GOROOT/go.env`; `line` is 1-based.
    GorootFile { path: String, line: usize },
    /// Go's built-in default for this release and OS.
    Default,
    /// Computed by the go command from other facts (`why` says from what).
    Computed { why: String },
}

/// One effective variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvVar {
    pub value: String,
    pub source: EnvSource,
}

/// The resolved environment of one toolchain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoEnv {
    /// Every variable `go env -json` of that release prints, and a few more
    /// that Go reads but does not print (those are not in `printed`).
    pub vars: BTreeMap<String, EnvVar>,
    /// The keys `go env -json` prints for this release, in Go's order.
    pub printed: Vec<String>,
    /// Problems the go command itself would report while resolving
    /// (e.g. "GOPATH entry is relative"), in its own words.
    pub problems: Vec<String>,
}

impl GoEnv {
    /// The variable, if Go knows it.
    pub fn get(&self, key: &str) -> Option<&EnvVar> {
        self.vars.get(key)
    }

    /// The effective value, or "" when unknown (as `go env KEY` prints).
    pub fn value(&self, key: &str) -> &str {
        self.vars.get(key).map_or("", |v| v.value.as_str())
    }
}
