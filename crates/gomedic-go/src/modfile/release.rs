//! What the go.mod reader of a given Go release accepts and how it words its
//! errors. Each Go release vendors its own `golang.org/x/mod`; the parser
//! follows the copy of the release that reads the file.
//!
//! Verified against the vendored sources and binaries of go1.21.13, go1.22.10
//! and go1.27.3. The steps in between follow the x/mod history: go1.23 vendors
//! x/mod at b56a28f (godebug, tool lines, "or default" wording), go1.25 vendors
//! x/mod ≥ v0.25 (ignore directive). For go1.23–go1.26 the JSON field set of
//! `go mod edit -json` (lists left out when empty from go1.24) is inferred, not run.

use crate::goversion::GoVersion;

/// The behaviour of one generation of the vendored x/mod `modfile` package
/// (and of `go mod edit -json` / `go work edit -json` in that release).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `must match format …` for a bad go line in go.mod.
    pub(crate) go_format_mod: &'static str,
    /// The same for go.work.
    pub(crate) go_format_work: &'static str,
    /// `must match format …` for a bad toolchain line in go.mod.
    pub(crate) toolchain_format_mod: &'static str,
    /// The same for go.work.
    pub(crate) toolchain_format_work: &'static str,
    /// The directory hint in "replacement module without version must be directory path (…)".
    pub(crate) replace_dir_hint: &'static str,
    /// Whether a bare `.` or `..` is a directory replacement target.
    pub(crate) bare_dot_directories: bool,
    pub(crate) godebug: bool,
    pub(crate) tool: bool,
    pub(crate) ignore: bool,
    /// `go mod edit -json` leaves out empty lists (older releases print `null`).
    pub(crate) json_omits_empty_lists: bool,
    /// `go work edit -json` prints Toolchain and Godebug.
    pub(crate) work_json_has_toolchain: bool,
}

impl Dialect {
    /// The newest behaviour known (go1.27.3's vendored x/mod).
    pub const LATEST: Dialect = Dialect {
        go_format_mod: "1.23.0",
        go_format_work: "1.23.0",
        toolchain_format_mod: "go1.23.0 or default",
        toolchain_format_work: "go1.23.0 or default",
        replace_dir_hint: ". or ..",
        bare_dot_directories: true,
        godebug: true,
        tool: true,
        ignore: true,
        json_omits_empty_lists: true,
        work_json_has_toolchain: true,
    };

    /// go1.22.x (x/mod v0.14.0).
    const GO1_22: Dialect = Dialect {
        go_format_mod: "1.23.0",
        go_format_work: "1.23",
        toolchain_format_mod: "go1.23.0 or local",
        toolchain_format_work: "go1.23 or local",
        replace_dir_hint: ". or ..",
        bare_dot_directories: true,
        godebug: false,
        tool: false,
        ignore: false,
        json_omits_empty_lists: false,
        work_json_has_toolchain: false,
    };

    /// go1.21.x (x/mod v0.12.0). Older releases are treated like go1.21.
    const GO1_21: Dialect = Dialect {
        go_format_mod: "1.23",
        go_format_work: "1.23",
        toolchain_format_mod: "go1.23 or local",
        toolchain_format_work: "go1.23 or local",
        replace_dir_hint: "./ or ../",
        bare_dot_directories: false,
        ..Dialect::GO1_22
    };

    /// The dialect of a Go release such as "1.22.10", "go1.21.13" or "1.25rc1".
    /// Unparseable input gets [`Dialect::LATEST`].
    pub fn for_release(release: &str) -> Dialect {
        let text = release.strip_prefix("go").unwrap_or(release);
        let Some(version) = GoVersion::parse(text) else {
            return Dialect::LATEST;
        };
        if !version.at_least(1, 22) {
            Dialect::GO1_21
        } else if !version.at_least(1, 23) {
            Dialect::GO1_22
        } else {
            Dialect {
                ignore: version.at_least(1, 25),
                json_omits_empty_lists: version.at_least(1, 24),
                ..Dialect::LATEST
            }
        }
    }

    /// Whether a directive is one this release's go.mod parser knows.
    pub(crate) fn knows_mod_verb(&self, verb: &str) -> bool {
        match verb {
            "module" | "go" | "toolchain" | "require" | "exclude" | "replace" | "retract" => true,
            "godebug" => self.godebug,
            "tool" => self.tool,
            "ignore" => self.ignore,
            _ => false,
        }
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect::LATEST
    }
}
