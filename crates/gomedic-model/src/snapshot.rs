//! The snapshot: every fact the probe gathered on one machine.
//!
//! Plain data only. Values are redacted before they are stored (see
//! [`crate::redact`]). A snapshot written on one machine can be diagnosed on
//! another (`gomedic check --snapshot FILE`), which is also how the Windows and
//! macOS rules are tested on Linux.
//!
//! Compatibility: every field added after schema 1 carries `#[serde(default)]`
//! so that older snapshots still load.

use gomedic_go::buildinfo::{BuildInfo, ExecutableKind};
use gomedic_go::env::GoEnv;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema identifier of [`Snapshot`].
pub const SNAPSHOT_SCHEMA: &str = "gomedic.snapshot/v1";

/// Everything gomedic knows about one machine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`SNAPSHOT_SCHEMA`].
    pub schema: String,
    /// The gomedic version that took the snapshot.
    pub gomedic_version: String,
    pub host: Host,
    /// The process environment: every variable Go or gomedic reads (GO*, CGO_*,
    /// CC, PATH, HOME, XDG_*, TMPDIR, proxies, ...), redacted. Absent = unset;
    /// present with "" = set to the empty string.
    pub env: BTreeMap<String, String>,
    /// Names of the variables in `env` whose value was not valid Unicode; their
    /// values are stored lossily decoded (U+FFFD in place of bad bytes).
    #[serde(default)]
    pub env_non_utf8: Vec<String>,
    /// PATH split into entries, in order.
    pub path_entries: Vec<PathEntry>,
    /// Every `go` executable found, PATH ones first (in PATH order), then the
    /// ones in well-known install locations that are not on PATH.
    pub go_binaries: Vec<GoBinary>,
    /// Index into `go_binaries` of the `go` a shell would run (the first on
    /// PATH), if any.
    pub active_go: Option<usize>,
    /// The user's GOENV file (`go env -w`), as the active toolchain finds it.
    pub user_env_file: Option<TextFile>,
    /// The effective Go environment of the active toolchain, resolved by
    /// gomedic (not by running go), with the provenance of every value.
    pub go_env: Option<GoEnv>,
    /// The Go project being diagnosed (`--project`, default: the current dir).
    pub project: Project,
    /// Facts about directories Go uses (GOPATH entries, GOMODCACHE, GOCACHE,
    /// GOBIN, GOTMPDIR, the temp dir, GOROOT), keyed by path.
    pub dirs: BTreeMap<String, DirFact>,
    /// Results of looking names up on PATH (e.g. the C compiler `gcc`), keyed
    /// by the name looked up; `None` when not found.
    pub path_lookups: BTreeMap<String, Option<String>>,
    /// Go toolchains that toolchain switching already downloaded: the
    /// versions of the `$GOMODCACHE/golang.org/toolchain@<version>` modules Go
    /// counts as present (directory extracted, `.ziphash` there, no
    /// `.partial`), e.g. `v0.0.1-go1.22.10.linux-amd64`. The names GOTOOLCHAIN
    /// and the project's go/toolchain lines may switch to (e.g. `go1.22.10`)
    /// are looked up in [`Snapshot::path_lookups`].
    #[serde(default)]
    pub cached_toolchains: Vec<String>,
    /// Security software and file systems around Go (SELinux, AppArmor, Yama,
    /// Defender, OneDrive, quarantine, ...).
    #[serde(default)]
    pub os: crate::os_facts::OsFacts,
    /// Network probes (GOPROXY entries, checksum database, mirrors); `None`
    /// with `--offline` or for snapshots taken without them.
    #[serde(default)]
    pub network: Option<crate::network::NetworkFacts>,
    /// Probes that failed or were cut short, with why. A failed probe never
    /// stops the others.
    pub probe_errors: Vec<ProbeError>,
    /// Shell start-up and session environment files (read, never run) and
    /// what they do to the Go-relevant variables.
    #[serde(default)]
    pub startup: crate::provenance::StartupFacts,
    /// The environments shells started as login, interactive and `sh -c`
    /// give their programs (empty when not spawned: `--no-shell`).
    #[serde(default)]
    pub contexts: Vec<crate::provenance::ShellContext>,
    /// Integrity of the project's modules (its build list in the module
    /// cache, go.sum, vendor/modules.txt), when the project has a go.mod and
    /// it was gathered.
    #[serde(default)]
    pub integrity: Option<crate::integrity::IntegrityFacts>,
    /// Where each `go` came from (package ownership, snap, shims) and the
    /// project's version pins.
    #[serde(default)]
    pub installs: crate::installs::InstallFacts,
    /// Proxy answers and go-import discovery for the project's required
    /// modules (private-module checks); `None` offline or without a go.mod.
    #[serde(default)]
    pub private_modules: Option<crate::private::PrivateFacts>,
    /// Go programs in GOBIN, GOPATH/bin and on PATH (gopls, dlv, ...) and
    /// how each was built.
    #[serde(default)]
    pub editor_tools: crate::editor_tools::EditorToolFacts,
    /// Editor settings that choose a Go (VS Code and relatives) and the
    /// layout of the folder an editor opens.
    #[serde(default)]
    pub editor: crate::editor::EditorFacts,
    /// What direct fetches of private modules need: VCS tools, git
    /// insteadOf and credential configuration, `.netrc`, SSH keys (no secrets).
    #[serde(default)]
    pub private_access: crate::private_access::PrivateAccessFacts,
    /// The file times of each GOROOT's src/ against its VERSION's release
    /// time (a release unpacked over another shows two times).
    #[serde(default)]
    pub goroot_times: Vec<crate::goroot_files::GorootTimes>,
    /// What the network says about the project's modules: go.sum against
    /// the checksum database, deprecations and retractions (absent offline).
    #[serde(default)]
    pub module_audit: Option<crate::module_audit::ModuleAuditFacts>,
}

/// The machine itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    /// The OS in Go's spelling: `linux`, `darwin`, `windows`, ...
    pub os: String,
    /// The CPU architecture in Go's spelling: `amd64`, `arm64`, ...
    pub arch: String,
    /// The current directory of gomedic.
    pub cwd: String,
    /// The user's home directory as the OS reports it, if any.
    pub home: Option<String>,
    /// The numeric user id (Unix only).
    pub uid: Option<u32>,
    /// The system temp directory Go would use (`os.TempDir()`).
    pub temp_dir: String,
    /// True inside WSL (Windows Subsystem for Linux).
    #[serde(default)]
    pub wsl: bool,
}

/// One entry of PATH.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathEntry {
    /// The entry as written in PATH.
    pub raw: String,
    /// The entry made absolute and cleaned, if it could be.
    pub resolved: Option<String>,
    pub exists: bool,
    pub is_dir: bool,
    /// True when an earlier entry is the same directory.
    pub duplicate_of: Option<usize>,
    /// Why the entry could not be read, if it could not.
    pub error: Option<String>,
}

/// A `go` executable and the Go installation around it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoBinary {
    /// The path it was found at (PATH entry joined with the file name, or a
    /// well-known location).
    pub path: String,
    /// The PATH index it was found through; `None` for off-PATH installs.
    pub path_index: Option<usize>,
    /// The path with every symbolic link resolved; `None` if the link is broken.
    pub real_path: Option<String>,
    /// Why the binary can't be used, found without running it: broken link,
    /// not executable, not a regular file.
    pub file_problem: Option<String>,
    /// What kind of executable the file is and which OS/arch it runs on.
    pub executable: Option<ExecutableKind>,
    /// Build info read from the file (without running it).
    pub build_info: Option<BuildInfo>,
    /// Why build info could not be read, when it could not.
    pub build_info_error: Option<String>,
    /// The GOROOT the go command would infer from its own location
    /// (`<dir>/../..` containing `pkg/tool`), if any.
    pub inferred_goroot: Option<String>,
    /// The first line of `$GOROOT/VERSION` of the inferred root.
    pub root_version: Option<String>,
    /// `$GOROOT/go.env` of the inferred root.
    pub goroot_env_file: Option<TextFile>,
    /// The Go tools in `$GOROOT/pkg/tool/<host>/` and the Go release that built each.
    pub tools: Vec<ToolFact>,
    /// The result of running `<go> version` with a time bound (only for the
    /// active go; `None` when it was not run).
    pub run: Option<RunResult>,
}

impl GoBinary {
    /// The Go version of this binary, from build info, else from VERSION.
    pub fn go_version(&self) -> Option<&str> {
        self.build_info
            .as_ref()
            .map(|b| b.go_version.as_str())
            .filter(|v| !v.is_empty())
            .or(self.root_version.as_deref())
    }
}

/// One tool in `$GOROOT/pkg/tool/<goos>_<goarch>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolFact {
    pub name: String,
    pub path: String,
    /// The Go release that built it (from its build info), when readable.
    pub go_version: Option<String>,
}

/// The result of running a program with a time bound.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunResult {
    /// The command line that was run.
    pub command: String,
    /// The exit code, when it exited.
    pub exit_code: Option<i32>,
    /// True when it was killed for running past its time bound.
    pub timed_out: bool,
    /// Why it could not be started, if it could not.
    pub spawn_error: Option<String>,
    /// The first bytes of its standard output and error (redacted).
    pub stdout: String,
    pub stderr: String,
    pub millis: u64,
}

impl RunResult {
    /// True when it ran and exited 0.
    pub fn succeeded(&self) -> bool {
        self.exit_code == Some(0) && !self.timed_out && self.spawn_error.is_none()
    }
}

/// A small text file as it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextFile {
    pub path: String,
    pub exists: bool,
    /// The content (lossily decoded, redacted), capped in size.
    pub content: Option<String>,
    /// True when the file was larger than the cap and `content` is cut.
    #[serde(default)]
    pub truncated: bool,
    /// Why it could not be read, if it exists but could not be.
    pub error: Option<String>,
}

/// The Go project being diagnosed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// The directory (absolute).
    pub dir: String,
    /// The go.mod the go command would use from `dir` (the nearest one in
    /// `dir` or a parent), if any.
    pub go_mod: Option<TextFile>,
    /// The go.work it would use (nearest in `dir` or a parent, or GOWORK).
    pub go_work: Option<TextFile>,
    /// Every go.mod and go.work found in `dir` and its parents, nearest first.
    pub found_above: Vec<String>,
    /// Whether `dir` itself contains Go source files (`*.go`).
    pub has_go_files: bool,
    /// Whether `dir` is inside a GOPATH entry's `src` directory.
    pub in_gopath_src: bool,
    /// Warnings the go command prints about ignored go.mod files, in its own
    /// words: a go.mod in the system temp root (`go_mod` is then `None`) or in
    /// `$GOPATH[0]` (commands that need a module then fail).
    #[serde(default)]
    pub module_warnings: Vec<String>,
}

/// Facts about one directory Go uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirFact {
    /// Which Go settings point here (e.g. ["GOCACHE"]).
    pub roles: Vec<String>,
    pub exists: bool,
    pub is_dir: bool,
    /// Whether the current user may write here (checked with access(2), never
    /// by writing). For a missing dir: whether it could be created, i.e.
    /// whether its nearest existing ancestor is writable.
    pub writable: Option<bool>,
    /// The nearest existing ancestor (the dir itself when it exists).
    pub nearest_existing: Option<String>,
    /// Owner uid of `nearest_existing` (Unix).
    pub owner_uid: Option<u32>,
    /// The mount the directory (or its nearest ancestor) lives on.
    pub mount: Option<MountFact>,
    /// Why facts could not be gathered, if they could not.
    pub error: Option<String>,
    /// For a directory with the role `GOROOT`: what Go tree is there.
    #[serde(default)]
    pub go_tree: Option<GoTreeFact>,
}

/// What a directory named as GOROOT holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoTreeFact {
    /// The first line of `<dir>/VERSION` (e.g. `go1.22.10`), when readable.
    #[serde(default)]
    pub version: Option<String>,
    /// `<dir>/pkg/tool` is a directory (what the go command tests to accept a root).
    #[serde(default)]
    pub has_pkg_tool: bool,
    /// `<dir>/src/runtime` is a directory (the standard library is there).
    #[serde(default)]
    pub has_src_runtime: bool,
    /// The directory with every symbolic link resolved, when it could be.
    #[serde(default)]
    pub real_path: Option<String>,
}

/// A mounted file system.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountFact {
    pub mount_point: String,
    pub fs_type: String,
    /// Mount options as the kernel lists them (e.g. `rw`, `nosuid`, `noexec`).
    pub options: Vec<String>,
    /// The mount source (device or server), when known.
    pub source: Option<String>,
}

impl MountFact {
    pub fn has_option(&self, option: &str) -> bool {
        self.options.iter().any(|o| o == option)
    }
}

/// A probe that failed or was cut short.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeError {
    /// Which probe, e.g. "path", "go-binary", "user-env-file".
    pub probe: String,
    pub message: String,
}

impl Snapshot {
    /// The active `go`, if there is one.
    pub fn active(&self) -> Option<&GoBinary> {
        self.active_go.and_then(|i| self.go_binaries.get(i))
    }

    /// The `go` binaries found through PATH, in PATH order.
    pub fn on_path(&self) -> impl Iterator<Item = &GoBinary> {
        self.go_binaries.iter().filter(|g| g.path_index.is_some())
    }

    /// The `go` binaries found in well-known locations but not on PATH.
    pub fn off_path(&self) -> impl Iterator<Item = &GoBinary> {
        self.go_binaries.iter().filter(|g| g.path_index.is_none())
    }

    /// A process environment variable; `None` when unset.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    /// True when the snapshot describes a Windows machine.
    pub fn is_windows(&self) -> bool {
        self.host.os == "windows"
    }
}
