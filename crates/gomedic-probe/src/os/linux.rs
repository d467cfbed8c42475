//! Linux security facts: Yama, capabilities and seccomp of this process,
//! SELinux, AppArmor, denials in the system logs, WSL settings.
//!
//! Every read goes through a [`SysRoot`], so tests can point the probe at a
//! fake `/proc`, `/sys`, `/etc` and `/var/log` tree. Reads are bounded in size.

use super::SysRoot;
use gomedic_model::os_facts::{LinuxOsFacts, LogLine, SettingLine, SourcedValue};
use gomedic_model::redact::redact_text;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The most bytes read from the end of one log file.
pub const LOG_TAIL_BYTES: u64 = 2 << 20;
/// The most denial lines kept (the newest).
pub const MAX_DENIALS: usize = 200;

/// The logs SELinux and AppArmor denials land in, by distribution.
pub const DENIAL_LOGS: [&str; 4] = [
    "/var/log/audit/audit.log",
    "/var/log/kern.log",
    "/var/log/syslog",
    "/var/log/messages",
];

/// Where sysctl(8) `--system` reads settings from, in its order of
/// precedence for files of the same name (the first directory wins).
const SYSCTL_DIRS: [&str; 5] = [
    "/etc/sysctl.d",
    "/run/sysctl.d",
    "/usr/local/lib/sysctl.d",
    "/usr/lib/sysctl.d",
    "/lib/sysctl.d",
];

/// Program names whose AppArmor profiles matter to Go development.
pub const GO_PROGRAMS: [&str; 10] = [
    "go",
    "gofmt",
    "dlv",
    "gopls",
    "compile",
    "link",
    "asm",
    "cgo",
    "vet",
    "staticcheck",
];

/// Gathers the Linux facts under `root`.
pub fn probe_linux(root: &SysRoot, env_container: Option<&str>) -> LinuxOsFacts {
    let status = read_small(root, "/proc/self/status");
    let status_field = |name: &str| SourcedValue {
        source: format!("/proc/self/status ({name})"),
        value: status
            .value
            .as_deref()
            .and_then(|text| status_field(text, name)),
        error: status.error.clone(),
    };
    let (apparmor_profiles, apparmor_profiles_error) = apparmor_profiles(root);
    let (denials, denial_logs) = denials(root);
    LinuxOsFacts {
        ptrace_scope: read_small(root, "/proc/sys/kernel/yama/ptrace_scope"),
        ptrace_scope_settings: sysctl_settings(root, "kernel.yama.ptrace_scope"),
        cap_eff: status_field("CapEff"),
        cap_bnd: status_field("CapBnd"),
        seccomp: status_field("Seccomp"),
        in_container: root.path("/.dockerenv").exists()
            || root.path("/run/.containerenv").exists()
            || env_container.is_some_and(|c| !c.is_empty()),
        kernel_cmdline: security_boot_parameters(read_small(root, "/proc/cmdline")),
        distribution: distribution(root),
        selinux_enforce: read_small(root, "/sys/fs/selinux/enforce"),
        selinux_config: config_setting(root, "/etc/selinux/config", None, "SELINUX"),
        security_context: read_small(root, "/proc/self/attr/current"),
        apparmor_enabled: read_small(root, "/sys/module/apparmor/parameters/enabled"),
        apparmor_profiles,
        apparmor_profiles_error,
        denials,
        denial_logs,
        wsl_append_windows_path: config_setting(
            root,
            "/etc/wsl.conf",
            Some("interop"),
            "appendWindowsPath",
        ),
        windows_go_exe: None,
        snap_go: super::snap::snap_go(root),
        go_dir_labels: Vec::new(),
    }
}

/// Reads a small file (at most 64 KiB), trimmed. A missing file has neither
/// value nor error; `EINVAL` (e.g. `/proc/self/attr/current` without an LSM)
/// counts as missing too.
pub fn read_small(root: &SysRoot, abs: &str) -> SourcedValue {
    let mut fact = SourcedValue {
        source: abs.to_string(),
        ..SourcedValue::default()
    };
    match crate::textfile::read_capped(&root.path(abs), 64 << 10) {
        Ok((bytes, _)) => {
            let text = String::from_utf8_lossy(&bytes);
            fact.value = Some(text.trim_matches(['\n', '\r', ' ', '\0']).to_string());
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.raw_os_error() == Some(22)
                || e.kind() == std::io::ErrorKind::InvalidInput => {}
        Err(e) => fact.error = Some(e.to_string()),
    }
    fact
}

/// Keeps only the boot parameters that configure security modules
/// (`selinux=`, `enforcing=`, `apparmor=`, `security=`, `lsm=`): the rest of
/// the kernel command line is none of gomedic's business.
pub fn security_boot_parameters(mut cmdline: SourcedValue) -> SourcedValue {
    cmdline.value = cmdline.value.map(|line| {
        line.split_whitespace()
            .take_while(|w| *w != "--")
            .filter(|w| {
                ["selinux=", "enforcing=", "apparmor=", "security=", "lsm="]
                    .iter()
                    .any(|p| w.starts_with(p))
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    cmdline.source = format!("{} (security parameters only)", cmdline.source);
    cmdline
}

/// `ID` and `ID_LIKE` of os-release(5) (`/etc/os-release`, else `/usr/lib/os-release`).
pub fn distribution(root: &SysRoot) -> SourcedValue {
    for abs in ["/etc/os-release", "/usr/lib/os-release"] {
        let file = read_small(root, abs);
        let Some(text) = file.value.as_deref() else {
            if file.error.is_some() {
                return file;
            }
            continue;
        };
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
                .unwrap_or_default()
        };
        let words = format!("{} {}", field("ID"), field("ID_LIKE"));
        return SourcedValue {
            source: abs.to_string(),
            value: Some(words.split_whitespace().collect::<Vec<_>>().join(" ")),
            error: None,
        };
    }
    SourcedValue {
        source: "/etc/os-release".to_string(),
        ..SourcedValue::default()
    }
}

/// The value of a `Name:\tvalue` line of `/proc/<pid>/status`.
pub fn status_field(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key == name).then(|| value.trim().to_string())
    })
}

/// Every setting of `key` in the sysctl configuration, in the order
/// `sysctl --system` applies them: files of all directories sorted by name
/// (a name in an earlier directory hides the same name in later ones), then
/// `/etc/sysctl.conf`. The last entry is the one in force after boot.
pub fn sysctl_settings(root: &SysRoot, key: &str) -> Vec<SettingLine> {
    let mut by_name: std::collections::BTreeMap<String, String> = Default::default();
    for dir in SYSCTL_DIRS {
        let Ok(entries) = std::fs::read_dir(root.path(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".conf") && !by_name.contains_key(&name) {
                by_name.insert(name.clone(), format!("{dir}/{name}"));
            }
        }
    }
    let mut files: Vec<String> = by_name.into_values().collect();
    files.push("/etc/sysctl.conf".to_string());
    let mut out = Vec::new();
    for file in files {
        let Ok((bytes, _)) = crate::textfile::read_capped(&root.path(&file), 256 << 10) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for (i, line) in text.lines().enumerate() {
            if let Some(value) = sysctl_line_value(line, key) {
                out.push(SettingLine {
                    file: file.clone(),
                    line: i as u32 + 1,
                    value,
                });
            }
        }
    }
    out
}

/// The value a sysctl.d line sets for `key` (dots or slashes, optional `-`).
pub fn sysctl_line_value(line: &str, key: &str) -> Option<String> {
    let line = line.trim();
    if line.starts_with('#') || line.starts_with(';') {
        return None;
    }
    let (name, value) = line.split_once('=')?;
    let name = name.trim().trim_start_matches('-').replace('/', ".");
    (name == key).then(|| value.trim().to_string())
}

/// `key=value` in a shell-style or INI file (optionally inside `[section]`);
/// the last setting wins, as in the programs that read these files.
pub fn config_setting(
    root: &SysRoot,
    abs: &str,
    section: Option<&str>,
    key: &str,
) -> Option<SettingLine> {
    let (bytes, _) = crate::textfile::read_capped(&root.path(abs), 256 << 10).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let mut current: Option<String> = None;
    let mut found = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim().to_string());
            continue;
        }
        if section.is_some_and(|s| current.as_deref() != Some(s)) {
            continue;
        }
        if let Some((name, value)) = line.split_once('=')
            && name.trim() == key
        {
            let value = value.split('#').next().unwrap_or("").trim();
            found = Some(SettingLine {
                file: abs.to_string(),
                line: i as u32 + 1,
                value: value.trim_matches(['"', '\'']).to_string(),
            });
        }
    }
    found
}

/// Loaded AppArmor profiles that confine Go programs.
fn apparmor_profiles(root: &SysRoot) -> (Vec<String>, Option<String>) {
    let abs = "/sys/kernel/security/apparmor/profiles";
    match crate::textfile::read_capped(&root.path(abs), 4 << 20) {
        Ok((bytes, _)) => (go_profiles(&String::from_utf8_lossy(&bytes)), None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
        Err(e) => (Vec::new(), Some(format!("{abs}: {e}"))),
    }
}

/// The lines of an AppArmor profile list (`name (mode)`) whose profile
/// confines a Go program: a path or snap name ending in one of [`GO_PROGRAMS`].
pub fn go_profiles(list: &str) -> Vec<String> {
    list.lines()
        .filter(|line| {
            let name = line.rsplit_once(" (").map_or(*line, |(n, _)| n);
            let last = name.rsplit(['/', '.', '/']).next().unwrap_or(name).trim();
            GO_PROGRAMS.contains(&last) || name.starts_with("snap.go.")
        })
        .map(str::to_string)
        .collect()
}

/// Whether a log line is an SELinux AVC denial or an AppArmor denial.
pub fn is_denial(line: &str) -> bool {
    (line.contains("avc:") && line.contains("denied")) || line.contains("apparmor=\"DENIED\"")
}

/// The newest denial lines from the tails of [`DENIAL_LOGS`].
fn denials(root: &SysRoot) -> (Vec<LogLine>, Vec<SourcedValue>) {
    let mut lines = Vec::new();
    let mut logs = Vec::new();
    for log in DENIAL_LOGS {
        let mut fact = SourcedValue {
            source: log.to_string(),
            ..SourcedValue::default()
        };
        match read_tail(&root.path(log), LOG_TAIL_BYTES) {
            Ok(text) => {
                let before = lines.len();
                lines.extend(text.lines().filter(|l| is_denial(l)).map(|l| LogLine {
                    source: log.to_string(),
                    text: redact_text(l),
                }));
                fact.value = Some(format!(
                    "{} denial lines in the last {} KiB",
                    lines.len() - before,
                    LOG_TAIL_BYTES >> 10
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => fact.error = Some(e.to_string()),
        }
        logs.push(fact);
    }
    let skip = lines.len().saturating_sub(MAX_DENIALS);
    (lines.into_iter().skip(skip).collect(), logs)
}

/// Denials from the systemd journal (kernel and audit transports, newest
/// first, bounded in lines, bytes and time), for systems without a readable
/// log file (Debian 12 and others log only to the journal).
pub fn journal_denials(
    journalctl: &Path,
    timeout: std::time::Duration,
) -> (Vec<LogLine>, SourcedValue) {
    let args = [
        "-q",
        "--no-pager",
        "-r",
        "-o",
        "short-iso",
        "-n",
        "5000",
        "_TRANSPORT=kernel",
        "+",
        "_TRANSPORT=audit",
    ];
    let run = crate::run::run_bounded(journalctl, &args, &[], timeout);
    let source = run.command.clone();
    let mut fact = SourcedValue {
        source: source.clone(),
        ..SourcedValue::default()
    };
    if !run.succeeded() {
        fact.error = Some(if run.timed_out {
            "ran past its time bound".to_string()
        } else if let Some(e) = run.spawn_error {
            e
        } else {
            format!(
                "exit code {}: {}",
                run.exit_code.map_or("?".to_string(), |c| c.to_string()),
                run.stderr.trim()
            )
        });
        return (Vec::new(), fact);
    }
    // Newest first in the output; keep the newest, in log order.
    let mut lines: Vec<LogLine> = run
        .stdout
        .lines()
        .filter(|l| is_denial(l))
        .take(MAX_DENIALS)
        .map(|l| LogLine {
            source: "systemd journal".to_string(),
            text: l.to_string(),
        })
        .collect();
    lines.reverse();
    fact.value = Some(format!("{} denial lines", lines.len()));
    (lines, fact)
}

/// The last `cap` bytes of a file, starting at a line boundary.
pub fn read_tail(path: &Path, cap: u64) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let start = len.saturating_sub(cap);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    file.take(cap).read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(if start > 0 {
        text.split_once('\n')
            .map_or(String::new(), |(_, rest)| rest.to_string())
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields() {
        let text = "Name:\tcat\nCapEff:\t000001fffeffffff\nSeccomp:\t2\nSeccomp_filters:\t1\n";
        assert_eq!(status_field(text, "Seccomp").as_deref(), Some("2"));
        assert_eq!(
            status_field(text, "CapEff").as_deref(),
            Some("000001fffeffffff")
        );
        assert_eq!(status_field(text, "CapBnd"), None);
    }

    #[test]
    fn sysctl_lines() {
        let key = "kernel.yama.ptrace_scope";
        assert_eq!(
            sysctl_line_value("kernel.yama.ptrace_scope = 0", key).as_deref(),
            Some("0")
        );
        assert_eq!(
            sysctl_line_value("-kernel/yama/ptrace_scope=1", key).as_deref(),
            Some("1")
        );
        assert_eq!(
            sysctl_line_value("# kernel.yama.ptrace_scope = 0", key),
            None
        );
        assert_eq!(
            sysctl_line_value("kernel.yama.ptrace_scopex = 0", key),
            None
        );
    }

    #[test]
    fn profile_filter() {
        let list = "snap.go.go (complain)\n/usr/bin/man (enforce)\n/usr/local/go/bin/go (enforce)\n\
            /home/a/go/bin/dlv (complain)\nlsb_release (enforce)\n/usr/bin/gopls (enforce)\ngoogle-chrome (unconfined)\n";
        assert_eq!(
            go_profiles(list),
            [
                "snap.go.go (complain)",
                "/usr/local/go/bin/go (enforce)",
                "/home/a/go/bin/dlv (complain)",
                "/usr/bin/gopls (enforce)"
            ]
        );
    }
}
