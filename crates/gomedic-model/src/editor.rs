//! What editors are told about Go: the Go settings of VS Code and its
//! relatives (user and workspace settings files), the `go` those settings
//! make the Go extension run, and how the opened folder is laid out for gopls.

use crate::snapshot::{GoBinary, GoTreeFact};
use serde::{Deserialize, Serialize};

/// Editor settings and workspace layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorFacts {
    /// True when the settings were looked for (false in older snapshots).
    #[serde(default)]
    pub scanned: bool,
    /// Every settings file that exists (read or not), user files first.
    #[serde(default)]
    pub files: Vec<EditorSettingsFile>,
    /// Editors whose user settings directory exists (e.g. `VS Code`,
    /// `VSCodium`), whether or not they have a settings file.
    #[serde(default)]
    pub installed: Vec<String>,
    /// One entry per editor that has Go settings: the effective settings and
    /// what they point at.
    #[serde(default)]
    pub editors: Vec<EditorSetup>,
    /// The folders an editor may have opened (the project directory, and an
    /// ancestor above the module root holding `.vscode/` or a
    /// `*.code-workspace`), with the modules below them.
    #[serde(default)]
    pub layouts: Vec<WorkspaceLayout>,
    /// The gopls the Go extension would start (GOBIN, GOPATH/bin, PATH).
    #[serde(default)]
    pub gopls: Option<GoplsFact>,
}

/// Where a settings file sits in VS Code's precedence (later wins).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingsScope {
    /// `<config>/<app>/User/settings.json`.
    #[default]
    User,
    /// The `settings` of a `*.code-workspace` file.
    WorkspaceFile,
    /// `<folder>/.vscode/settings.json`.
    Folder,
}

impl std::fmt::Display for SettingsScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SettingsScope::User => "user settings",
            SettingsScope::WorkspaceFile => "workspace file settings",
            SettingsScope::Folder => "workspace folder settings",
        })
    }
}

/// A settings file that exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorSettingsFile {
    pub path: String,
    pub scope: SettingsScope,
    /// The editor of a user settings file (`VS Code`, `VS Code Insiders`,
    /// `VSCodium`, `Cursor`); empty for workspace files (every editor reads them).
    #[serde(default)]
    pub app: String,
    /// Why it could not be read or parsed, if it could not.
    #[serde(default)]
    pub error: Option<String>,
}

/// One Go setting found in a settings file. Object settings are flattened:
/// `go.alternateTools.go`, `go.toolsEnvVars.GOROOT`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorSetting {
    pub key: String,
    /// The value as written (redacted).
    pub value: String,
    /// The value after the Go extension's substitutions (`${env:VAR}`,
    /// `${workspaceFolder}`, a leading `~`), redacted.
    #[serde(default)]
    pub expanded: Option<String>,
    pub file: String,
    /// 1-based line of the value.
    pub line: u32,
    pub scope: SettingsScope,
}

impl EditorSetting {
    /// `file:line`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// The expanded value, else the value.
    pub fn effective(&self) -> &str {
        self.expanded.as_deref().unwrap_or(&self.value)
    }
}

/// The effective Go settings of one editor and what they point at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorSetup {
    /// e.g. `VS Code`.
    pub app: String,
    /// The winning value of every Go setting (folder over workspace file over user).
    #[serde(default)]
    pub settings: Vec<EditorSetting>,
    /// The paths those settings name, checked.
    #[serde(default)]
    pub targets: Vec<ConfiguredTarget>,
    /// The `go` the Go extension runs, when a setting decides it (an
    /// existing `go.alternateTools.go`, else `<go.goroot>/bin/go`); `None`
    /// when it falls back to GOBIN/GOROOT/PATH like a shell.
    #[serde(default)]
    pub extension_go: Option<ExtensionGo>,
}

/// A go picked by the editor's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtensionGo {
    /// The setting that picked it.
    pub setting: EditorSetting,
    /// The `go` file.
    pub path: String,
    pub binary: GoBinary,
}

/// A path an editor setting names, and what is there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfiguredTarget {
    pub setting: EditorSetting,
    /// What the setting names: `go` (a go program or a name looked up like
    /// the extension does), `goroot` (a Go installation), `path` (a PATH list).
    pub kind: String,
    /// The path looked at (for `path`: the PATH list).
    pub path: String,
    /// The file or directory exists.
    pub exists: bool,
    /// The `go` it leads to: the file itself, `<root>/bin/go`, or the first
    /// go on the PATH list; `None` when there is none.
    #[serde(default)]
    pub go: Option<GoBinary>,
    /// For `goroot`: what the directory holds.
    #[serde(default)]
    pub tree: Option<GoTreeFact>,
}

/// A folder an editor may have opened, and the modules gopls sees from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceLayout {
    pub folder: String,
    /// Why gomedic thinks it is opened: `project directory`, `.vscode/ here`,
    /// `<name>.code-workspace here`.
    pub reason: String,
    /// The nearest go.mod in the folder or above it.
    #[serde(default)]
    pub module_above: Option<String>,
    /// The nearest go.work in the folder or above it (or GOWORK).
    #[serde(default)]
    pub work_above: Option<String>,
    /// Directories below the folder holding a go.mod (bounded walk; vendor,
    /// testdata and dirs starting with `.` or `_` skipped as go does).
    #[serde(default)]
    pub modules_below: Vec<String>,
    /// The walk stopped at its bound.
    #[serde(default)]
    pub walk_truncated: bool,
}

/// The gopls an editor would start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoplsFact {
    pub path: String,
    /// Its module version from build info, e.g. `v0.14.2`.
    #[serde(default)]
    pub version: Option<String>,
    /// The Go release that built it.
    #[serde(default)]
    pub go_version: Option<String>,
}

impl EditorFacts {
    /// The editor setups, deduplicated targets with the editors they apply to.
    pub fn targets(&self) -> Vec<(&ConfiguredTarget, Vec<&str>)> {
        let mut out: Vec<(&ConfiguredTarget, Vec<&str>)> = Vec::new();
        for setup in &self.editors {
            for t in &setup.targets {
                match out
                    .iter_mut()
                    .find(|(o, _)| o.setting.location() == t.setting.location() && o.kind == t.kind)
                {
                    Some((_, apps)) => apps.push(&setup.app),
                    None => out.push((t, vec![&setup.app])),
                }
            }
        }
        out
    }
}
