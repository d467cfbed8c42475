//! The operating system around Go: security settings (Yama, SELinux,
//! AppArmor, Defender, Gatekeeper, quarantine flags), folders synced to the
//! cloud, and whether the Delve debugger is installed.
//!
//! Runs beside the other stage-4 probes. File reads are bounded in size,
//! commands in time; what cannot be read becomes an error in the facts.

pub mod cloud;
pub mod crash_reports;
pub mod linux;
pub mod longest_path;
#[cfg(target_os = "macos")]
pub mod macos;
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub mod other;
pub mod reg_env;
pub mod security_center;
#[cfg(unix)]
pub mod selinux_labels;
pub mod snap;
#[cfg(windows)]
pub mod windows;

use gomedic_model::os_facts::OsFacts;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The root that absolute system paths (`/proc/...`, `/sys/...`, `/etc/...`,
/// `/var/log/...`) are read under: `/` on a real machine, a temporary tree in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SysRoot {
    prefix: PathBuf,
}

impl SysRoot {
    /// The real system.
    pub fn host() -> SysRoot {
        SysRoot {
            prefix: PathBuf::from("/"),
        }
    }

    /// A fake system rooted at `prefix`.
    pub fn at(prefix: impl Into<PathBuf>) -> SysRoot {
        SysRoot {
            prefix: prefix.into(),
        }
    }

    /// Where the absolute system path `abs` is under this root.
    pub fn path(&self, abs: &str) -> PathBuf {
        self.prefix.join(abs.trim_start_matches('/'))
    }
}

/// What the OS probe needs from the earlier stages.
#[derive(Debug, Clone)]
pub struct OsInputs<'a> {
    /// PATH, split.
    pub raw_path: &'a [OsString],
    pub cwd: &'a Path,
    /// Windows executable extensions (PATHEXT).
    pub exts: &'a [String],
    pub home: Option<&'a Path>,
    /// The effective GOBIN (or `GOPATH[0]/bin`), when known.
    pub gobin: Option<PathBuf>,
    /// The effective GOROOT, when known.
    pub goroot: Option<PathBuf>,
    /// The effective GOMODCACHE, when known.
    pub gomodcache: Option<PathBuf>,
    /// Time bound of any one command.
    pub timeout: Duration,
}

/// Gathers the OS facts of this machine.
pub fn probe_os(inputs: &OsInputs) -> OsFacts {
    let mut facts = OsFacts {
        delve: find_delve(inputs),
        ..OsFacts::default()
    };
    std::thread::scope(|scope| {
        let cloud = scope.spawn(|| cloud::cloud_roots(inputs.home));
        probe_platform(inputs, &mut facts);
        facts.cloud_roots.extend(cloud.join().unwrap_or_default());
    });
    facts
}

#[cfg(target_os = "linux")]
fn probe_platform(inputs: &OsInputs, facts: &mut OsFacts) {
    let container = std::env::var("container").ok();
    let mut linux = linux::probe_linux(&SysRoot::host(), container.as_deref());
    // Without a readable log file, the journal may hold the denials. Only a
    // security module that is on (SELinux, enforcing or permissive; AppArmor)
    // logs denials, so the journal is not read otherwise: starting journalctl
    // costs more than every other probe of `check`.
    let logs_read = linux.denial_logs.iter().any(|l| l.value.is_some());
    let lsm_logs_denials = linux.selinux_enforce.value.is_some()
        || linux
            .apparmor_enabled
            .value
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("y"));
    let journalctl = ["/usr/bin/journalctl", "/bin/journalctl"]
        .iter()
        .map(Path::new)
        .find(|p| p.is_file());
    if let (false, true, Some(journalctl)) = (logs_read, lsm_logs_denials, journalctl) {
        let (lines, fact) = linux::journal_denials(journalctl, inputs.timeout);
        linux.denials.extend(lines);
        linux.denial_logs.push(fact);
    }
    linux.windows_go_exe = crate::lookpath::look_path("go.exe", inputs.raw_path, inputs.cwd, &[])
        .map(|p| p.to_string_lossy().into_owned());
    if linux.selinux_enforce.value() == Some("1") {
        let dirs: Vec<&Path> = [&inputs.goroot, &inputs.gomodcache, &inputs.gobin]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
            .collect();
        linux.go_dir_labels = selinux_labels::labels(&dirs);
    }
    facts.linux = Some(linux);
}

#[cfg(windows)]
fn probe_platform(inputs: &OsInputs, facts: &mut OsFacts) {
    // PowerShell takes a second or more to start: run it beside the registry reads.
    let security = std::thread::spawn({
        // A short bound of its own: the facts are extras, a hung PowerShell must not hold `check` up.
        let timeout = inputs.timeout.min(Duration::from_secs(6));
        move || {
            let root = std::env::var("SystemRoot").unwrap_or_else(|_| r"C:\Windows".to_string());
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            security_center::read_security(&security_center::powershell_path(&root), timeout, now)
        }
    });
    let mut windows = windows::probe_windows();
    // Only worth a walk when long paths are off; at most 2 s of it.
    if windows.long_paths_enabled.value() != Some("1") {
        windows.longest_modcache_path = inputs.gomodcache.as_deref().and_then(|m| {
            longest_path::longest_path(
                m,
                longest_path::MAX_ENTRIES,
                inputs.timeout.min(Duration::from_secs(2)),
            )
        });
    }
    windows.security = security.join().ok();
    facts.windows = Some(windows);
    facts.cloud_roots.extend(windows::cloud_roots());
}

#[cfg(target_os = "macos")]
fn probe_platform(inputs: &OsInputs, facts: &mut OsFacts) {
    facts.macos = Some(macos::probe_macos(inputs));
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn probe_platform(_inputs: &OsInputs, facts: &mut OsFacts) {
    other::probe_platform(facts);
}

/// The `dlv` a shell or editor would run: on PATH, else in GOBIN (where
/// `go install github.com/go-delve/delve/cmd/dlv@latest` puts it).
pub fn find_delve(inputs: &OsInputs) -> Option<String> {
    let on_path = crate::lookpath::look_path("dlv", inputs.raw_path, inputs.cwd, inputs.exts);
    on_path
        .or_else(|| {
            let gobin = inputs.gobin.as_ref()?;
            crate::lookpath::find_in_dir(gobin, "dlv", inputs.exts)
        })
        .map(|p| p.to_string_lossy().into_owned())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn program(dir: &Path, name: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn delve_on_path_first_then_gobin() {
        let dir = tempfile::tempdir().unwrap();
        let gobin = dir.path().join("go/bin");
        let in_gobin = program(&gobin, "dlv");
        let inputs = |path: &[OsString]| -> Option<String> {
            let exts: Vec<String> = Vec::new();
            find_delve(&OsInputs {
                raw_path: path,
                cwd: dir.path(),
                exts: &exts,
                home: None,
                gobin: Some(gobin.clone()),
                goroot: None,
                gomodcache: None,
                timeout: Duration::from_secs(1),
            })
        };
        assert_eq!(inputs(&[]), Some(in_gobin.display().to_string()));
        let on_path = program(&dir.path().join("bin"), "dlv");
        assert_eq!(
            inputs(&[dir.path().join("bin").into_os_string()]),
            Some(on_path.display().to_string())
        );
        std::fs::remove_file(&in_gobin).unwrap();
        assert_eq!(
            inputs(&[dir.path().join("elsewhere").into_os_string()]),
            None
        );
    }
}
