//! Go build information embedded in binaries (`debug/buildinfo`,
//! `runtime/debug.BuildInfo`), decoded from the file's bytes without running it.
//!
//! NOTE: [`BuildInfo`] is the contract other crates rely on; it serialises
//! exactly as `go version -m -json` prints `debug.BuildInfo`.

use serde::{Deserialize, Serialize};

mod blob;
mod exe;
mod kind;
mod modinfo;
mod strconv;
pub(crate) use strconv::is_print as is_go_printable;

pub use kind::executable_kind;
/// Lazily reads a file for [`read_from`] (re-exported so callers need no `object` dependency).
pub use object::ReadCache;

/// Why build info could not be read. The messages are Go's own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildInfoError {
    /// Not ELF, PE or Mach-O, or broken in a way Go's parsers reject.
    #[error("unrecognized file format")]
    UnrecognizedFormat,
    /// A valid executable without Go build information.
    #[error("not a Go executable")]
    NotGoExecutable,
    /// Go 1.21/1.22 on a file that ends inside the data it reads (`io.EOF`).
    #[error("EOF")]
    Eof,
    /// The modinfo text is malformed (`debug.ParseBuildInfo`).
    #[error("could not parse Go build info: line {line}: {message}")]
    Parse { line: usize, message: String },
}

/// How a Go release's `debug/buildinfo` finds the blob. The go command on a
/// machine reads binaries with its own release's rules, so callers pick the
/// generation of the active toolchain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReaderGeneration {
    /// Go 1.21 and 1.22: 64 KiB read from the data start; ELF and Mach-O files
    /// without the named section fall back to the first writable segment.
    Window64K,
    /// Go 1.23 and later (verified with 1.27): the named section (PE: the first
    /// data section) is scanned whole in 1 MiB chunks; no segment fallback, so
    /// ELF files without section headers are `not a Go executable`.
    #[default]
    Chunked,
}

impl ReaderGeneration {
    /// The generation of a Go release such as `go1.22.10` or `1.27.3`.
    /// Unknown or unparsable versions get the newest behaviour.
    pub fn for_release(version: &str) -> ReaderGeneration {
        let version = version.strip_prefix("go").unwrap_or(version);
        match crate::goversion::GoVersion::parse(version) {
            Some(v) if !v.at_least(1, 23) => ReaderGeneration::Window64K,
            _ => ReaderGeneration::Chunked,
        }
    }
}

/// Reads the build info of a Go binary the way the newest Go releases do
/// (`debug/buildinfo.Read` of Go 1.27).
pub fn parse(data: &[u8]) -> Result<BuildInfo, BuildInfoError> {
    parse_with(data, ReaderGeneration::Chunked)
}

/// [`parse`], with the blob-finding rules of a given Go release generation.
pub fn parse_with(data: &[u8], generation: ReaderGeneration) -> Result<BuildInfo, BuildInfoError> {
    read_from(data, generation)
}

/// [`parse_with`] over any `object::ReadRef`, e.g. an `object::ReadCache` of
/// an open file, which reads only the headers and the blob.
pub fn read_from<'data, R: object::ReadRef<'data>>(
    data: R,
    generation: ReaderGeneration,
) -> Result<BuildInfo, BuildInfoError> {
    let executable = exe::open(data)?;
    let raw = blob::read_raw(&executable, data, generation)?;
    let mut info = modinfo::parse_modinfo(&raw.modinfo)?;
    info.go_version = String::from_utf8_lossy(&raw.version).into_owned();
    Ok(info)
}

/// `runtime/debug.BuildInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BuildInfo {
    /// The Go release that built the binary, e.g. `go1.22.10`.
    pub go_version: String,
    /// The main package path.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// Always present in Go's JSON, as `{}` when empty (a struct is never omitted).
    #[serde(default)]
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
        self.path.is_empty()
            && self.version.is_empty()
            && self.sum.is_empty()
            && self.replace.is_none()
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
    /// The lines `go version -m` prints under `<file>: <go version>`: each
    /// line of `debug.BuildInfo.String()` without its `go` line, indented by a
    /// tab, each ending in a newline. Empty when there is no module info.
    pub fn to_modinfo_text(&self) -> String {
        let text = modinfo::format_modinfo(self, false);
        text.lines().map(|line| format!("\t{line}\n")).collect()
    }

    /// `debug.BuildInfo.String()`, including the `go` line.
    pub fn to_go_string(&self) -> String {
        modinfo::format_modinfo(self, true)
    }

    /// The value of a build setting such as `GOOS`, `-trimpath` or `vcs.revision`.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.value.as_str())
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
#[doc(hidden)]
pub fn debug_open(data: &[u8]) -> String {
    format!("{:?}", exe::open(data))
}
