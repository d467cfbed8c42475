//! Facts about the operating system around Go: security settings (Yama,
//! SELinux, AppArmor, Defender, Gatekeeper, quarantine) and where sync
//! clients mirror folders to the cloud. Part of [`crate::Snapshot`].
//!
//! Every value records where it was read (a file path, a registry value, a
//! command line), and an unreadable source becomes an `error` ("could not
//! read: why"), never a guess.

use crate::snapshot::RunResult;
use serde::{Deserialize, Serialize};

/// The OS facts of one machine; only the section of the snapshot's OS is filled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsFacts {
    #[serde(default)]
    pub linux: Option<LinuxOsFacts>,
    #[serde(default)]
    pub windows: Option<WindowsOsFacts>,
    #[serde(default)]
    pub macos: Option<MacosOsFacts>,
    /// Folders a sync client mirrors to the cloud (OneDrive, Dropbox, iCloud Drive).
    #[serde(default)]
    pub cloud_roots: Vec<CloudRoot>,
    /// Where the Delve debugger (`dlv`) was found: on PATH or in GOBIN.
    #[serde(default)]
    pub delve: Option<String>,
    /// The user asked for the debugger checks (`gomedic check --debugger`)
    /// whether or not `dlv` is installed.
    #[serde(default)]
    pub debugger_requested: bool,
}

/// One value read from a file or the registry.
///
/// `value: None, error: None` means the source does not exist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedValue {
    /// Where it was read: a file path or `HKLM\...\Key\ValueName`.
    pub source: String,
    /// The value, trimmed.
    #[serde(default)]
    pub value: Option<String>,
    /// Why it could not be read, when it exists but could not be.
    #[serde(default)]
    pub error: Option<String>,
}

impl SourcedValue {
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

/// A `key = value` setting found in a configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingLine {
    pub file: String,
    /// 1-based line number.
    pub line: u32,
    pub value: String,
}

/// A line of a system log (audit log, kernel log, journal).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    /// The log it came from, e.g. `/var/log/audit/audit.log`.
    pub source: String,
    pub text: String,
}

/// A folder a sync client mirrors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudRoot {
    /// `OneDrive`, `OneDrive for Business`, `Dropbox`, `iCloud Drive`, ...
    pub provider: String,
    pub path: String,
    /// Where gomedic learnt it (an environment variable, a registry value, a file).
    pub source: String,
}

/// Linux: Yama, capabilities, seccomp, SELinux, AppArmor, WSL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinuxOsFacts {
    /// `/proc/sys/kernel/yama/ptrace_scope` (absent without Yama).
    #[serde(default)]
    pub ptrace_scope: SourcedValue,
    /// `kernel.yama.ptrace_scope` settings in sysctl.conf and sysctl.d, in
    /// the order sysctl applies them (the last one wins).
    #[serde(default)]
    pub ptrace_scope_settings: Vec<SettingLine>,
    /// `CapEff:` of `/proc/self/status` (hex).
    #[serde(default)]
    pub cap_eff: SourcedValue,
    /// `CapBnd:` of `/proc/self/status` (hex).
    #[serde(default)]
    pub cap_bnd: SourcedValue,
    /// `Seccomp:` of `/proc/self/status` (0 off, 1 strict, 2 filter).
    #[serde(default)]
    pub seccomp: SourcedValue,
    /// True inside a container (`/.dockerenv`, `/run/.containerenv`, `container=`).
    #[serde(default)]
    pub in_container: bool,
    /// `/proc/cmdline`: boot parameters such as `selinux=0`, `enforcing=0`, `apparmor=0`.
    #[serde(default)]
    pub kernel_cmdline: SourcedValue,
    /// `/sys/fs/selinux/enforce` (absent when SELinux is not active).
    #[serde(default)]
    pub selinux_enforce: SourcedValue,
    /// The distribution: `ID` and `ID_LIKE` of `/etc/os-release`, space-separated
    /// (e.g. `rocky rhel centos fedora`).
    #[serde(default)]
    pub distribution: SourcedValue,
    /// `SELINUX=` in `/etc/selinux/config`.
    #[serde(default)]
    pub selinux_config: Option<SettingLine>,
    /// `/proc/self/attr/current`: gomedic's own security context.
    #[serde(default)]
    pub security_context: SourcedValue,
    /// `/sys/module/apparmor/parameters/enabled` (`Y` or `N`).
    #[serde(default)]
    pub apparmor_enabled: SourcedValue,
    /// Loaded AppArmor profiles that confine go, dlv, gopls or other Go
    /// tools, as `name (mode)` lines of `/sys/kernel/security/apparmor/profiles`.
    #[serde(default)]
    pub apparmor_profiles: Vec<String>,
    /// Why the AppArmor profile list could not be read.
    #[serde(default)]
    pub apparmor_profiles_error: Option<String>,
    /// Recent SELinux AVC and AppArmor denial lines from the logs (newest last).
    #[serde(default)]
    pub denials: Vec<LogLine>,
    /// Every log gomedic looked at for denials, with how much it read or why not.
    #[serde(default)]
    pub denial_logs: Vec<SourcedValue>,
    /// `appendWindowsPath` in `/etc/wsl.conf` (WSL only).
    #[serde(default)]
    pub wsl_append_windows_path: Option<SettingLine>,
    /// A Windows `go.exe` found on PATH (WSL appends the Windows PATH).
    #[serde(default)]
    pub windows_go_exe: Option<String>,
    /// The `go` snap, when `/snap/go` exists.
    #[serde(default)]
    pub snap_go: Option<SnapGoFacts>,
    /// SELinux labels (`security.selinux`) of GOROOT, GOMODCACHE and GOBIN
    /// (source: the directory), read only while SELinux is enforcing.
    #[serde(default)]
    pub go_dir_labels: Vec<SourcedValue>,
}

/// The `go` snap as its files show it (read-only; `state.json` only when readable).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapGoFacts {
    /// The revision `/snap/go/current` points at.
    #[serde(default)]
    pub revision: SourcedValue,
    /// `version:` of `meta/snap.yaml`.
    #[serde(default)]
    pub version: SourcedValue,
    /// `confinement:` of `meta/snap.yaml` (`classic` for the go snap).
    #[serde(default)]
    pub confinement: SourcedValue,
    /// The tracked channel (`data.snaps.go.channel` of `/var/lib/snapd/state.json`).
    #[serde(default)]
    pub channel: SourcedValue,
    /// Refresh holds on the go snap (`data.snaps-hold.go`): `holder until <time>`.
    #[serde(default)]
    pub holds: Vec<String>,
}

/// Windows: Defender, long paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowsOsFacts {
    /// `HKLM\SOFTWARE\Microsoft\Windows Defender` exists (Defender is installed).
    #[serde(default)]
    pub defender_present: bool,
    /// `DisableRealtimeMonitoring` under `HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection`.
    #[serde(default)]
    pub realtime_disabled: SourcedValue,
    /// The same value set by group policy (`HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\Real-Time Protection`).
    #[serde(default)]
    pub realtime_disabled_policy: SourcedValue,
    /// Defender path exclusions (`HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths`);
    /// `None` when they could not be read (see `exclusions_error`).
    #[serde(default)]
    pub exclusion_paths: Option<Vec<String>>,
    /// The registry key the exclusions were read from.
    #[serde(default)]
    pub exclusions_source: String,
    /// Why the exclusions could not be read (they need elevation on recent Defender).
    #[serde(default)]
    pub exclusions_error: Option<String>,
    /// `LongPathsEnabled` under `HKLM\SYSTEM\CurrentControlSet\Control\FileSystem`.
    #[serde(default)]
    pub long_paths_enabled: SourcedValue,
    /// The longest path found in GOMODCACHE (a bounded walk), when it was walked.
    #[serde(default)]
    pub longest_modcache_path: Option<String>,
    /// Go variables (GO*, CGO_*, CC, CXX) in the user (`HKCU\Environment`)
    /// and machine (`HKLM\...\Session Manager\Environment`) environment.
    #[serde(default)]
    pub registry_env: Vec<RegistryEnvValue>,
    /// The environment keys that could not be read, with why.
    #[serde(default)]
    pub registry_env_errors: Vec<SourcedValue>,
    /// Defender's recent detections and the antivirus products of Security
    /// Center, from one bounded PowerShell run.
    #[serde(default)]
    pub security: Option<crate::windows_security::WindowsSecurityFacts>,
}

/// One variable of the user or machine environment in the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryEnvValue {
    /// `user` or `machine`.
    pub scope: String,
    pub name: String,
    /// `HKCU\Environment\NAME` or `HKLM\...\Environment\NAME`.
    pub source: String,
    /// The value as stored.
    pub raw: String,
    /// `REG_EXPAND_SZ`: the value with `%NAME%` references expanded as
    /// Windows does when it builds a logon environment.
    #[serde(default)]
    pub expanded: Option<String>,
}

impl RegistryEnvValue {
    /// The value a new process gets.
    pub fn effective(&self) -> &str {
        self.expanded.as_deref().unwrap_or(&self.raw)
    }
}

/// macOS: quarantine flags, Gatekeeper, Command Line Tools.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacosOsFacts {
    /// Go binaries and tools carrying `com.apple.quarantine`.
    #[serde(default)]
    pub quarantined: Vec<QuarantinedFile>,
    /// The directories whose programs were examined for the flag.
    #[serde(default)]
    pub quarantine_scanned: Vec<String>,
    /// Files or directories that could not be examined, with why.
    #[serde(default)]
    pub quarantine_errors: Vec<String>,
    /// `spctl --status` (Gatekeeper).
    #[serde(default)]
    pub gatekeeper: Option<RunResult>,
    /// `xcode-select -p` (the Command Line Tools or Xcode directory).
    #[serde(default)]
    pub xcode_select: Option<RunResult>,
    /// Recent crash reports of programs the kernel killed for an invalid
    /// code signature (`SIGKILL (Code Signature Invalid)`).
    #[serde(default)]
    pub signature_kills: Vec<CodeSignatureKill>,
    /// The crash-report directories read (value: how many reports) or why not.
    #[serde(default)]
    pub crash_report_dirs: Vec<SourcedValue>,
    /// `csrutil status` (System Integrity Protection).
    #[serde(default)]
    pub csrutil: Option<RunResult>,
}

/// A crash report saying the kernel killed a program for an invalid code signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSignatureKill {
    /// The crash report file.
    pub report: String,
    /// The killed program (`procPath` / `Path:`).
    pub program: String,
    /// The exception as the report words it, e.g.
    /// `EXC_BAD_ACCESS (SIGKILL (Code Signature Invalid))`.
    pub exception: String,
    /// When it happened, as the report words it.
    #[serde(default)]
    pub time: Option<String>,
}

/// A file with the `com.apple.quarantine` extended attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantinedFile {
    pub path: String,
    /// The attribute's value, e.g. `0083;65a1b2c3;Safari;...`.
    pub value: String,
}
