#![cfg(target_os = "linux")]
//! The Linux OS probe on fake /proc, /sys, /etc and /var/log trees (through
//! `SysRoot`), with file contents captured from real systems, and on this
//! machine's real /proc.

use gomedic_probe::os::SysRoot;
use gomedic_probe::os::linux::{DENIAL_LOGS, MAX_DENIALS, probe_linux, read_tail};
use std::path::Path;

fn write(root: &Path, abs: &str, content: &str) {
    let path = root.join(abs.trim_start_matches('/'));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../gomedic-checks/tests/fixtures/os")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// /etc/selinux/config as Fedora 39 installs it (comments shortened).
const FEDORA_SELINUX_CONFIG: &str = "\
# This file controls the state of SELinux on the system.
# SELINUX= can take one of these three values:
#     enforcing - SELinux security policy is enforced.
#     permissive - SELinux prints warnings instead of enforcing.
#     disabled - No SELinux policy is loaded.
SELINUX=enforcing
# SELINUXTYPE= can take one of these three values:
SELINUXTYPE=targeted
";

// Ubuntu's /etc/sysctl.d/10-ptrace.conf (procps), its comment block shortened.
const UBUNTU_10_PTRACE: &str = "\
# The PTRACE system is used for debugging.  With it, a single user process
# can attach to any other dumpable process owned by the same user.
# ...
kernel.yama.ptrace_scope = 1
";

// Fedora's /usr/lib/sysctl.d/10-default-yama-scope.conf (elfutils-default-yama-scope).
const FEDORA_YAMA_SCOPE: &str = "\
# When yama is enabled in the kernel it might be used to filter any user
# space access which requires PTRACE_MODE_ATTACH like ptrace attach, access
# to /proc/PID/{mem,personality,stack,syscall}, and the syscalls
# process_vm_readv and process_vm_writev which are used for interprocess
# services, communication and introspection (like synchronisation, signaling,
# debugging, tracing and profiling) of processes.
#
# Usage of ptrace attach is restricted by normal user permissions. Normal
# unprivileged processes cannot interact through ptrace with processes
# that they cannot send signals to or processes that are running set-uid
# or set-gid.
#
# yama ptrace scope can be used to reduce these permissions even more.
# This should normally not be done because that will break various programs
# relying on the default ptrace security restrictions. But can be used
# if you don't have any other way to separate processes in their own
# domains. A different way to restrict ptrace is to set the selinux
# deny_ptrace boolean. Both mechanisms will break some programs relying
# on the ptrace system call and might force users to elevate their
# privileges to root to do their work.
#
# For more information see Documentation/security/Yama.txt in the kernel
# sources. Which also describes the defaults when CONFIG_SECURITY_YAMA
# is enabled in a kernel build (currently 1 for ptrace_scope).
#
# This runtime kernel parameter can be set to the following options:
# (Note that setting this to anything except zero will break programs!)
#
# 0 - Default attach security permissions.
# 1 - Restricted attach. Only child processes plus normal permissions.
# 2 - Admin-only attach. Only executables with CAP_SYS_PTRACE.
# 3 - No attach. No process may call ptrace at all. Irrevocable.
#
kernel.yama.ptrace_scope = 0
";

#[test]
fn fedora_like_tree() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    write(
        r,
        "/proc/self/status",
        &fixture("proc-status-docker-default.txt"),
    );
    write(r, "/proc/sys/kernel/yama/ptrace_scope", "0\n");
    write(
        r,
        "/proc/cmdline",
        "BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.5.6-300.fc39.x86_64 root=UUID=0f3b ro rhgb quiet enforcing=0 lsm=lockdown,yama,selinux\n",
    );
    write(r, "/sys/fs/selinux/enforce", "0");
    write(r, "/etc/selinux/config", FEDORA_SELINUX_CONFIG);
    write(
        r,
        "/usr/lib/sysctl.d/10-default-yama-scope.conf",
        FEDORA_YAMA_SCOPE,
    );
    write(r, "/run/.containerenv", "");
    // Rocky Linux 9's os-release (abridged).
    write(
        r,
        "/etc/os-release",
        "NAME=\"Rocky Linux\"\nVERSION=\"9.4 (Blue Onyx)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n",
    );
    let audit = format!(
        "{}{}",
        fixture("audit-unrelated.log"),
        fixture("audit-go-container.log")
    );
    // Non-denial audit records around them are dropped.
    let noise = "type=SYSCALL msg=audit(1732268101.377:5120): arch=c000003e syscall=83 success=no exit=-13 a0=c000120000 items=0 ppid=48200 pid=48211 comm=\"go\" exe=\"/usr/local/go/bin/go\" subj=system_u:system_r:container_t:s0:c415,c802 key=(null)\n";
    write(
        r,
        "/var/log/audit/audit.log",
        &format!("{noise}{audit}{noise}"),
    );

    let facts = probe_linux(&SysRoot::at(r), None);
    assert_eq!(facts.ptrace_scope.value(), Some("0"));
    assert_eq!(
        facts.ptrace_scope.source,
        "/proc/sys/kernel/yama/ptrace_scope"
    );
    assert_eq!(facts.ptrace_scope_settings.len(), 1);
    assert_eq!(
        facts.ptrace_scope_settings[0].file,
        "/usr/lib/sysctl.d/10-default-yama-scope.conf"
    );
    assert_eq!(facts.ptrace_scope_settings[0].line, 34);
    assert_eq!(facts.cap_bnd.value(), Some("00000000a80425fb"));
    assert_eq!(facts.seccomp.value(), Some("2"));
    assert!(facts.in_container);
    assert_eq!(facts.selinux_enforce.value(), Some("0"));
    assert_eq!(facts.distribution.value(), Some("rocky rhel centos fedora"));
    assert_eq!(
        facts.kernel_cmdline.value(),
        Some("enforcing=0 lsm=lockdown,yama,selinux")
    );
    let config = facts.selinux_config.as_ref().unwrap();
    assert_eq!((config.value.as_str(), config.line), ("enforcing", 6));
    assert_eq!(facts.denials.len(), 5);
    assert!(
        facts
            .denials
            .iter()
            .all(|d| d.source == "/var/log/audit/audit.log")
    );
    assert!(facts.denials[4].text.contains("comm=\"go\" name=\"mod\""));
    assert!(facts.apparmor_enabled.value().is_none());
    assert!(facts.apparmor_profiles.is_empty() && facts.apparmor_profiles_error.is_none());
    // Logs that do not exist are not listed; the audit log says what it read.
    assert_eq!(facts.denial_logs.len(), 1);
    assert!(
        facts.denial_logs[0]
            .value
            .as_deref()
            .unwrap()
            .starts_with("5 denial lines")
    );
}

#[test]
fn ubuntu_like_tree_with_local_override() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    write(r, "/proc/self/status", &fixture("proc-status-user.txt"));
    write(r, "/proc/sys/kernel/yama/ptrace_scope", "0\n");
    write(r, "/etc/sysctl.d/10-ptrace.conf", UBUNTU_10_PTRACE);
    write(
        r,
        "/etc/sysctl.d/99-delve.conf",
        "kernel.yama.ptrace_scope=0\n",
    );
    // A vendor file of the same name is hidden by /etc's.
    write(
        r,
        "/usr/lib/sysctl.d/99-delve.conf",
        "kernel.yama.ptrace_scope = 2\n",
    );
    write(
        r,
        "/etc/sysctl.conf",
        "# nothing\n#kernel.yama.ptrace_scope = 3\n",
    );
    write(r, "/sys/module/apparmor/parameters/enabled", "Y\n");
    write(
        r,
        "/sys/kernel/security/apparmor/profiles",
        "snap.code.code (enforce)\nsnap.firefox.firefox (enforce)\n/usr/local/go/bin/go (enforce)\nlsb_release (enforce)\n",
    );
    write(r, "/var/log/kern.log", &fixture("kern-apparmor.log"));
    write(
        r,
        "/etc/wsl.conf",
        "[boot]\nsystemd=true\n[interop]\nenabled = true\nappendWindowsPath = false # keep PATH short\n",
    );

    let facts = probe_linux(&SysRoot::at(r), Some("podman"));
    let files: Vec<(&str, &str)> = facts
        .ptrace_scope_settings
        .iter()
        .map(|s| (s.file.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(
        files,
        [
            ("/etc/sysctl.d/10-ptrace.conf", "1"),
            ("/etc/sysctl.d/99-delve.conf", "0")
        ]
    );
    assert_eq!(facts.cap_eff.value(), Some("0000000000000000"));
    assert!(facts.in_container, "container= in the environment");
    assert_eq!(facts.apparmor_enabled.value(), Some("Y"));
    assert_eq!(
        facts.apparmor_profiles,
        ["/usr/local/go/bin/go (enforce)"],
        "snap.code.code confines an editor, not a Go program"
    );
    assert_eq!(facts.denials.len(), 2);
    assert_eq!(facts.denials[1].source, "/var/log/kern.log");
    let wsl = facts.wsl_append_windows_path.unwrap();
    assert_eq!((wsl.value.as_str(), wsl.line), ("false", 5));
}

#[test]
fn log_tail_is_bounded_and_keeps_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    let line = fixture("audit-go-container.log");
    let line = line.lines().next().unwrap();
    let mut log = String::new();
    for i in 0..(MAX_DENIALS + 50) {
        log.push_str(&line.replace("5120", &format!("{}", 100_000 + i)));
        log.push('\n');
    }
    write(r, DENIAL_LOGS[0], &log);
    let facts = probe_linux(&SysRoot::at(r), None);
    assert_eq!(facts.denials.len(), MAX_DENIALS);
    assert!(
        facts
            .denials
            .last()
            .unwrap()
            .text
            .contains(&format!("{}", 100_000 + MAX_DENIALS + 49))
    );
    // A tail starts at a line boundary.
    let tail = read_tail(&r.join("var/log/audit/audit.log"), 1000).unwrap();
    assert!(tail.starts_with("type=AVC"), "{tail}");
    assert!(tail.len() <= 1000);
}

#[test]
fn unreadable_files_become_errors() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    // A directory where a file is expected cannot be read: an error, not a value.
    std::fs::create_dir_all(r.join("proc/sys/kernel/yama/ptrace_scope")).unwrap();
    let facts = probe_linux(&SysRoot::at(r), None);
    assert!(facts.ptrace_scope.value.is_none());
    assert!(facts.ptrace_scope.error.is_some());
    // Missing files: neither value nor error.
    assert!(facts.selinux_enforce.value.is_none() && facts.selinux_enforce.error.is_none());
}

#[test]
fn this_machine() {
    // The real /proc: this process's own status is always there on Linux.
    let facts = probe_linux(&SysRoot::host(), None);
    if std::path::Path::new("/etc/os-release").exists() {
        assert!(!facts.distribution.value().unwrap_or("").is_empty());
    }
    let real = std::fs::read_to_string("/proc/self/status").unwrap();
    let bnd = real
        .lines()
        .find_map(|l| l.strip_prefix("CapBnd:"))
        .unwrap()
        .trim();
    assert_eq!(facts.cap_bnd.value(), Some(bnd));
    assert!(facts.kernel_cmdline.value().is_some());
    assert!(
        facts
            .kernel_cmdline
            .value()
            .unwrap()
            .split_whitespace()
            .all(|w| w.contains('=') && !w.starts_with("root=")),
        "{:?}",
        facts.kernel_cmdline
    );
    match std::fs::read_to_string("/proc/sys/kernel/yama/ptrace_scope") {
        Ok(v) => assert_eq!(facts.ptrace_scope.value(), Some(v.trim())),
        Err(_) => assert!(facts.ptrace_scope.value.is_none()),
    }
}

#[test]
fn journal_denials_newest_kept_in_log_order() {
    use gomedic_probe::os::linux::journal_denials;
    // A stand-in for journalctl printing what `journalctl -r -o short-iso` prints
    // (newest first): a kernel AppArmor denial, an unrelated kernel line, an audit AVC.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("journalctl");
    let apparmor = fixture("kern-apparmor.log");
    let go_line = apparmor.lines().nth(1).unwrap();
    let kernel_part = go_line.split_once("kernel: ").unwrap().1;
    let avc = fixture("audit-go-host.log");
    let script = format!(
        "#!/bin/sh\n[ \"$*\" = '-q --no-pager -r -o short-iso -n 5000 _TRANSPORT=kernel + _TRANSPORT=audit' ] || exit 3\n\
         cat <<'OUT'\n2024-11-22T09:20:41+0100 ana-laptop kernel: {kernel_part}\n\
         2024-11-22T09:20:40+0100 ana-laptop kernel: usb 1-2: new high-speed USB device number 5 using xhci_hcd\n\
         2024-11-22T09:05:44+0100 ana-laptop audit[51907]: AVC {}\nOUT\n",
        avc.trim().split_once("): ").unwrap().1
    );
    std::fs::write(&fake, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (lines, fact) = journal_denials(&fake, std::time::Duration::from_secs(10));
    assert_eq!(fact.value.as_deref(), Some("2 denial lines"), "{fact:?}");
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].text.contains("avc:  denied  { write }"),
        "{}",
        lines[0].text
    );
    assert!(
        lines[1].text.contains("apparmor=\"DENIED\""),
        "{}",
        lines[1].text
    );
    // A journalctl that fails is an error, not a silence.
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'No journal files were found.' >&2\nexit 1\n",
    )
    .unwrap();
    let (lines, fact) = journal_denials(&fake, std::time::Duration::from_secs(10));
    assert!(lines.is_empty());
    assert!(fact.error.unwrap().contains("No journal files were found."));
}
