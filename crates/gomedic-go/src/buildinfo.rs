//! Go build information embedded in binaries (`debug/buildinfo`,
//! `runtime/debug.BuildInfo`), decoded from the file's bytes without running it.
//!
//! NOTE: [`BuildInfo`] is the contract other crates rely on; it serialises
//! exactly as `go version -m -json` prints `debug.BuildInfo`.

use serde::{Deserialize, Serialize};

/// `runtime/debug.BuildInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BuildInfo {
    /// The Go release that built the binary, e.g. `go1.22.10`.
    pub go_version: String,
    /// The main package path.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(default, skip_serializing_if = "Module::is_empty")]
    pub main: Module,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deps: Vec<Module>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<BuildSetting>,
}

/// `runtime/debug.Module`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Module {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sum: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace: Option<Box<Module>>,
}

impl Module {
    /// True when no field is set (Go omits such a value from JSON).
    pub fn is_empty(&self) -> bool {
        self.path.is_empty() && self.version.is_empty() && self.sum.is_empty() && self.replace.is_none()
    }
}

/// `runtime/debug.BuildSetting`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BuildSetting {
    pub key: String,
    pub value: String,
}

impl BuildInfo {
    /// The value of a build setting such as `GOOS`, `-trimpath` or `vcs.revision`.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.iter().find(|s| s.key == key).map(|s| s.value.as_str())
    }
}

/// The format of an executable and the platform it is for, read from its header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutableKind {
    /// `elf`, `macho`, `pe`, `script` (starts with `#!`), or `unknown`.
    pub format: String,
    /// Go's spelling of the target OS, when the format says (`linux`, `darwin`, `windows`).
    pub goos: Option<String>,
    /// Go's spelling of the target architecture (`amd64`, `arm64`, `386`, `arm`, ...).
    pub goarch: Option<String>,
}
