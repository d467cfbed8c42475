//! Where process environment values come from: shell start-up files and
//! session environment files (read, never run), and the environments that
//! real shells started in different modes hand to their programs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the start-up files do to the Go-relevant variables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupFacts {
    /// True when the files were read (false in snapshots taken before this existed).
    #[serde(default)]
    pub scanned: bool,
    /// Every start-up file read, in the order the scan read them.
    #[serde(default)]
    pub files: Vec<StartupFile>,
    /// Every assignment to a Go-relevant variable (GO*, CGO_*, CC, CXX, PATH).
    #[serde(default)]
    pub assignments: Vec<StartupAssignment>,
    /// Lines gomedic cannot follow (eval, version-manager init, unreadable
    /// or missing sourced files, depth and cycle limits).
    #[serde(default)]
    pub notes: Vec<StartupNote>,
}

/// One start-up file that exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupFile {
    pub path: String,
    /// `sh`, `bash`, `zsh`, `fish`, `pam` (/etc/environment, ~/.pam_environment),
    /// `systemd` (environment.d), `path_helper` (macOS /etc/paths).
    pub shell: String,
    /// Who reads it, e.g. `bash login`, `zsh interactive`, `GUI session`.
    #[serde(default)]
    pub read_by: Vec<String>,
    /// `file:line` of the `source`/`.` line that pulled it in, if any.
    #[serde(default)]
    pub sourced_from: Option<String>,
    /// Why it could not be read, if it could not.
    #[serde(default)]
    pub error: Option<String>,
}

/// What an assignment does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssignKind {
    #[default]
    Set,
    Append,
    Prepend,
    Unset,
}

impl std::fmt::Display for AssignKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AssignKind::Set => "sets",
            AssignKind::Append => "appends to",
            AssignKind::Prepend => "prepends to",
            AssignKind::Unset => "unsets",
        })
    }
}

/// One assignment in a start-up file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupAssignment {
    pub variable: String,
    pub file: String,
    pub line: u32,
    /// The `shell` of the file (see [`StartupFile::shell`]).
    pub shell: String,
    pub kind: AssignKind,
    /// The value as written (quotes removed, redacted); for append/prepend
    /// only the added part.
    pub value: String,
    /// The value with `~`, `$HOME` and variables set earlier expanded, when
    /// that is possible without running anything.
    #[serde(default)]
    pub expanded: Option<String>,
    /// For PATH-like variables: the entries added, expanded where possible.
    #[serde(default)]
    pub entries: Vec<String>,
    /// Exported to programs (`export`, `set -x`, an `export NAME` elsewhere
    /// in the file, or a variable that is always exported such as PATH).
    pub exported: bool,
    /// Why it may not run when the file is read (inside a function, an
    /// `if`, a loop, after `&&`), when it may not.
    #[serde(default)]
    pub guarded_by: Option<String>,
}

impl StartupAssignment {
    /// `file:line`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// A line gomedic cannot follow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupNote {
    pub file: String,
    pub line: u32,
    /// The version manager or environment tool it initialises, if recognised.
    #[serde(default)]
    pub manager: Option<String>,
    /// Why gomedic cannot follow it.
    pub reason: String,
    /// The line (cut, redacted).
    pub text: String,
}

/// The environment a shell started in one mode gives its programs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellContext {
    /// e.g. `bash login`, `zsh interactive`, `sh -c`.
    pub name: String,
    /// The shell program.
    pub shell: String,
    /// The arguments it ran with.
    pub args: Vec<String>,
    /// The Go-relevant variables it exported (redacted); `None` when the run
    /// failed or was cut off.
    #[serde(default)]
    pub env: Option<BTreeMap<String, String>>,
    /// The `go` its PATH finds (what a program started by this shell runs).
    #[serde(default)]
    pub go: Option<String>,
    /// The run went past its time bound and was killed.
    #[serde(default)]
    pub timed_out: bool,
    /// Bytes the start-up files printed around the result (not part of it).
    #[serde(default)]
    pub noise_bytes: u64,
    /// Why it could not run or its output could not be read.
    #[serde(default)]
    pub error: Option<String>,
    pub millis: u64,
}

impl StartupFacts {
    /// Every assignment to `variable`, in reading order.
    pub fn assignments_of<'a>(
        &'a self,
        variable: &'a str,
    ) -> impl Iterator<Item = &'a StartupAssignment> + 'a {
        self.assignments
            .iter()
            .filter(move |a| a.variable == variable)
    }

    /// The exported `set` assignments whose value (expanded) is exactly
    /// `value`, best match first: unguarded before guarded, later before
    /// earlier (the last one read wins in a shell).
    pub fn origins_of_value(&self, variable: &str, value: &str) -> Vec<&StartupAssignment> {
        let mut found: Vec<&StartupAssignment> = self
            .assignments
            .iter()
            .filter(|a| a.variable == variable)
            .filter(|a| a.kind == AssignKind::Set && a.exported)
            .filter(|a| a.expanded.as_deref().unwrap_or(&a.value) == value)
            .collect();
        rank(&mut found);
        found
    }

    /// The PATH assignments that add `entry` (spelled as in PATH), best match first.
    pub fn origins_of_path_entry(&self, entry: &str) -> Vec<&StartupAssignment> {
        let wanted = entry.trim_end_matches('/');
        let mut found: Vec<&StartupAssignment> = self
            .assignments_of("PATH")
            .filter(|a| a.kind != AssignKind::Unset)
            .filter(|a| a.entries.iter().any(|e| e.trim_end_matches('/') == wanted))
            .collect();
        rank(&mut found);
        found
    }
}

/// Unguarded first, then later before earlier.
fn rank(found: &mut Vec<&StartupAssignment>) {
    found.reverse();
    found.sort_by_key(|a| a.guarded_by.is_some());
}
