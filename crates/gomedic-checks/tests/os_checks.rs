//! The os/* checks (and env/path-characters, cgo/macos-clt-missing) on
//! snapshots: healthy machines of each OS broken one way at a time. Log lines
//! are in the exact formats auditd and the kernel write (see fixtures/os/).

mod support;

use gomedic_model::os_facts::{
    CloudRoot, LinuxOsFacts, LogLine, MacosOsFacts, QuarantinedFile, SettingLine, SourcedValue,
    WindowsOsFacts,
};
use gomedic_model::snapshot::{MountFact, RunResult};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

fn findings(snap: &Snapshot, id: &str) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == id)
        .collect()
}

fn one(snap: &Snapshot, id: &str) -> Finding {
    let mut all = findings(snap, id);
    assert_eq!(all.len(), 1, "{id}: {:?}", ids(snap));
    all.remove(0)
}

fn value(source: &str, v: &str) -> SourcedValue {
    SourcedValue {
        source: source.into(),
        value: Some(v.into()),
        error: None,
    }
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/os")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every command of every fix, lower-cased, for "never switch it off" assertions.
fn all_commands(f: &Finding) -> String {
    f.fixes
        .iter()
        .flat_map(|x| x.commands.iter().chain(std::iter::once(&x.description)))
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_never_switches_off(f: &Finding) {
    let text = all_commands(f);
    for bad in [
        "setenforce 0",
        "selinux=disabled",
        "-disablerealtimemonitoring $true",
        "spctl --master-disable",
        "spctl --global-disable",
        "ptrace_scope=0",
        "ptrace_scope = 0",
        "systemctl disable apparmor",
        "aa-teardown",
    ] {
        for line in text.lines() {
            assert!(
                !line.contains(bad) || line.starts_with("do not") || line.contains("don't"),
                "{}: fix advises `{bad}`: {line}",
                f.id
            );
        }
    }
}

/// A Linux machine whose /proc and logs came from `fixtures/os/`.
fn linux_with(facts: LinuxOsFacts) -> Snapshot {
    let mut snap = linux();
    snap.os.linux = Some(facts);
    snap
}

fn status_facts(status: &str) -> LinuxOsFacts {
    let field = |name: &str| {
        let v = status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap_or("")
            .trim();
        value(&format!("/proc/self/status ({name})"), v)
    };
    LinuxOsFacts {
        cap_eff: field("CapEff"),
        cap_bnd: field("CapBnd"),
        seccomp: field("Seccomp"),
        ..LinuxOsFacts::default()
    }
}

// ------------------------------------------------------------------ Linux

#[test]
fn healthy_machines_stay_quiet_with_os_facts() {
    let mut snap = linux_with(status_facts(&fixture("proc-status-host.txt")));
    let l = snap.os.linux.as_mut().unwrap();
    l.ptrace_scope = value("/proc/sys/kernel/yama/ptrace_scope", "1");
    l.selinux_enforce = SourcedValue::default();
    l.kernel_cmdline = value(
        "/proc/cmdline",
        "BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet splash",
    );
    // Unrelated denials (real formats) do not count.
    l.denials = fixture("audit-unrelated.log")
        .lines()
        .map(|t| LogLine {
            source: "/var/log/audit/audit.log".into(),
            text: t.into(),
        })
        .collect();
    snap.os.delve = None;
    assert_eq!(ids(&snap), Vec::<String>::new());
}

#[test]
fn noexec_gocache_matters_from_go_1_24() {
    let mut snap = linux();
    snap.dirs
        .get_mut("/home/ana/.cache/go-build")
        .unwrap()
        .mount = Some(MountFact {
        mount_point: "/home/ana/.cache".into(),
        fs_type: "tmpfs".into(),
        options: vec![
            "rw".into(),
            "nosuid".into(),
            "nodev".into(),
            "noexec".into(),
        ],
        source: Some("tmpfs".into()),
    });
    let f = one(&snap, "os/noexec-tmp");
    assert!(f.title.contains("/home/ana/.cache/go-build"), "{}", f.title);
    assert!(
        f.fixes[0]
            .commands
            .iter()
            .any(|c| c.starts_with("go env -w GOCACHE=")),
        "{:?}",
        f.fixes
    );
    // Go 1.22 runs go run programs from the temp dir, not the cache: no finding.
    snap.go_binaries[0].build_info.as_mut().unwrap().go_version = "go1.22.10".into();
    snap.go_binaries[0].root_version = Some("go1.22.10".into());
    assert!(findings(&snap, "os/noexec-tmp").is_empty());
}

#[test]
fn noexec_default_gobin() {
    let mut snap = linux();
    snap.dirs.get_mut("/home/ana/go/bin").unwrap().mount = Some(MountFact {
        mount_point: "/home".into(),
        fs_type: "ext4".into(),
        options: vec![
            "rw".into(),
            "nosuid".into(),
            "nodev".into(),
            "noexec".into(),
        ],
        source: Some("/dev/mapper/vg-home".into()),
    });
    let f = one(&snap, "os/noexec-tmp");
    assert!(f.title.contains("`/home/ana/go/bin`"), "{}", f.title);
    assert_eq!(f.evidence[0].label, "GOBIN (default)");
    assert_eq!(
        f.fixes[0].commands,
        ["go env -w GOBIN=/home/ana/.local/bin"],
        "GOBIN is unset: nothing to remove"
    );
}

#[test]
fn network_file_systems() {
    let mut snap = linux();
    snap.dirs.get_mut("/home/ana/go/pkg/mod").unwrap().mount = Some(MountFact {
        mount_point: "/home".into(),
        fs_type: "nfs4".into(),
        options: vec!["rw".into(), "relatime".into()],
        source: Some("fileserver:/export/home".into()),
    });
    snap.dirs
        .get_mut("/home/ana/.cache/go-build")
        .unwrap()
        .mount = Some(MountFact {
        mount_point: "/home/ana/.cache".into(),
        fs_type: "fuse.sshfs".into(),
        options: vec!["rw".into(), "nosuid".into(), "nodev".into()],
        source: Some("ana@build:/cache".into()),
    });
    let all = findings(&snap, "os/network-fs");
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|f| f.severity == Severity::Warning));
    let nfs = all.iter().find(|f| f.title.contains("NFS")).unwrap();
    assert!(
        nfs.evidence
            .iter()
            .any(|e| e.value.contains("fileserver:/export/home"))
    );
    assert!(
        nfs.fixes[0]
            .commands
            .iter()
            .any(|c| c.contains("GOMODCACHE="))
    );
    assert!(all.iter().any(|f| f.title.contains("FUSE")));
    // The project and GOPATH on NFS alone are not reported; GOROOT neither.
    let mut quiet = linux();
    quiet.dirs.get_mut("/home/ana/go").unwrap().mount = nfs_mount();
    quiet.dirs.get_mut("/usr/local/go").unwrap().mount = nfs_mount();
    assert!(findings(&quiet, "os/network-fs").is_empty());
    // overlayfs: info only.
    let mut overlay = linux();
    overlay
        .dirs
        .get_mut("/home/ana/.cache/go-build")
        .unwrap()
        .mount = Some(MountFact {
        mount_point: "/".into(),
        fs_type: "overlay".into(),
        options: vec!["rw".into()],
        source: Some("overlay".into()),
    });
    assert_eq!(one(&overlay, "os/network-fs").severity, Severity::Info);
}

fn nfs_mount() -> Option<MountFact> {
    Some(MountFact {
        mount_point: "/".into(),
        fs_type: "nfs".into(),
        options: vec!["rw".into()],
        source: Some("srv:/x".into()),
    })
}

#[test]
fn ptrace_levels_mean_what_the_kernel_says() {
    let host = status_facts(&fixture("proc-status-host.txt"));
    let mut snap = linux_with(host.clone());
    snap.os.delve = Some("/home/ana/go/bin/dlv".into());
    let set_scope = |snap: &mut Snapshot, v: &str| {
        snap.os.linux.as_mut().unwrap().ptrace_scope =
            value("/proc/sys/kernel/yama/ptrace_scope", v);
    };
    // Root with CAP_SYS_PTRACE (the captured status): nothing at 1 or 2.
    for level in ["0", "1", "2"] {
        set_scope(&mut snap, level);
        assert!(
            findings(&snap, "os/ptrace-restricted").is_empty(),
            "{level}"
        );
    }
    // A normal user (no capabilities).
    let user = status_facts(&fixture("proc-status-user.txt"));
    let mut snap = linux_with(user);
    snap.os.delve = Some("/home/ana/go/bin/dlv".into());
    set_scope(&mut snap, "1");
    let f = one(&snap, "os/ptrace-restricted");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("dlv attach"), "{}", f.title);
    assert!(
        f.title.contains("`dlv debug`/`test`/`exec` work"),
        "{}",
        f.title
    );
    assert!(all_commands(&f).contains("setcap cap_sys_ptrace=eip /home/ana/go/bin/dlv"));
    assert_never_switches_off(&f);
    set_scope(&mut snap, "2");
    let f = one(&snap, "os/ptrace-restricted");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.explanation.contains("even their own children") || f.explanation.contains("own children")
    );
    set_scope(&mut snap, "3");
    let f = one(&snap, "os/ptrace-restricted");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.explanation.contains("cannot be lowered"));
    assert!(
        f.evidence
            .iter()
            .any(|e| e.value.starts_with("3 (no attach"))
    );
    // Without dlv the check stays silent...
    snap.os.delve = None;
    assert!(findings(&snap, "os/ptrace-restricted").is_empty());
    // ...unless the user asked for it (`check --debugger`).
    snap.os.debugger_requested = true;
    let f = one(&snap, "os/ptrace-restricted");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.title.contains("not installed yet"), "{}", f.title);
    assert!(f.evidence[0].value.contains("--debugger"));
    set_scope(&mut snap, "1");
    let f = one(&snap, "os/ptrace-restricted");
    assert!(
        f.fixes
            .iter()
            .all(|x| x.commands.iter().all(|c| !c.contains("setcap"))),
        "no setcap command on a missing file"
    );
    assert!(
        f.fixes
            .iter()
            .any(|x| x.description.contains("once it is installed"))
    );
    set_scope(&mut snap, "0");
    assert!(findings(&snap, "os/ptrace-restricted").is_empty());
}

#[test]
fn container_without_sys_ptrace_and_with_seccomp() {
    let mut facts = status_facts(&fixture("proc-status-docker-default.txt"));
    facts.in_container = true;
    facts.ptrace_scope = value("/proc/sys/kernel/yama/ptrace_scope", "1");
    let mut snap = linux_with(facts);
    snap.os.delve = Some("/go/bin/dlv".into());
    let f = one(&snap, "os/ptrace-restricted");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.title.contains("without CAP_SYS_PTRACE"), "{}", f.title);
    assert!(f.title.contains("seccomp"), "{}", f.title);
    assert!(all_commands(&f).contains("--cap-add=sys_ptrace"));
    assert_never_switches_off(&f);
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "Seccomp" && e.value == "2")
    );
}

fn denials(file: &str, source: &str) -> Vec<LogLine> {
    fixture(file)
        .lines()
        .map(|t| LogLine {
            source: source.into(),
            text: t.into(),
        })
        .collect()
}

#[test]
fn selinux_denial_of_go_in_a_container() {
    let mut facts = LinuxOsFacts {
        selinux_enforce: value("/sys/fs/selinux/enforce", "1"),
        selinux_config: Some(SettingLine {
            file: "/etc/selinux/config".into(),
            line: 22,
            value: "enforcing".into(),
        }),
        ..LinuxOsFacts::default()
    };
    facts.denials = denials("audit-unrelated.log", "/var/log/audit/audit.log");
    facts.denials.extend(denials(
        "audit-go-container.log",
        "/var/log/audit/audit.log",
    ));
    let snap = linux_with(facts);
    let f = one(&snap, "os/selinux");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.title.contains("`go`"), "{}", f.title);
    assert!(f.title.contains("{ write }"), "{}", f.title);
    assert!(
        f.evidence[0].label.contains("of 2 SELinux denials"),
        "{:?}",
        f.evidence[0]
    );
    assert_eq!(f.evidence[0].source, "/var/log/audit/audit.log");
    let text = all_commands(&f);
    assert!(text.contains(":z"), "{text}");
    assert!(
        text.contains("semanage fcontext -a -t container_file_t '<host dir>(/.*)?'"),
        "{text}"
    );
    assert!(
        f.fixes[0].description.contains("`container_t`")
            && f.fixes[0].description.contains("`user_home_t`")
    );
    assert_never_switches_off(&f);
    assert!(findings(&snap, "os/protection-disabled").is_empty());
}

#[test]
fn selinux_denial_of_a_go_dir_outside_containers_is_relabelled() {
    let facts = LinuxOsFacts {
        selinux_enforce: value("/sys/fs/selinux/enforce", "0"),
        denials: denials("audit-go-host.log", "/var/log/audit/audit.log"),
        ..LinuxOsFacts::default()
    };
    let snap = linux_with(facts);
    let f = one(&snap, "os/selinux");
    // Permissive: logged, not enforced.
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.title.contains("`/home/ana/.cache/go-build/3f`"),
        "{}",
        f.title
    );
    assert!(f.title.contains("`compile`"), "{}", f.title);
    let text = all_commands(&f);
    assert!(text.contains("ausearch -m avc -c compile"), "{text}");
    assert!(
        text.contains("restorecon -rv /home/ana/.cache/go-build"),
        "{text}"
    );
    assert_never_switches_off(&f);
}

#[test]
fn apparmor_denials_and_profiles() {
    let facts = LinuxOsFacts {
        apparmor_enabled: value("/sys/module/apparmor/parameters/enabled", "Y"),
        denials: denials("kern-apparmor.log", "/var/log/kern.log"),
        ..LinuxOsFacts::default()
    };
    let snap = linux_with(facts);
    let f = one(&snap, "os/apparmor");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.title.contains("snap.code.code"), "{}", f.title);
    assert!(f.title.contains("`go`"), "{}", f.title);
    assert_eq!(f.evidence[0].source, "/var/log/kern.log");
    assert_never_switches_off(&f);
    // A local profile in enforce mode, no denials: info.
    let facts = LinuxOsFacts {
        apparmor_profiles: vec![
            "/usr/local/go/bin/go (enforce)".into(),
            "/home/ana/go/bin/dlv (complain)".into(),
        ],
        ..LinuxOsFacts::default()
    };
    let f = one(&linux_with(facts), "os/apparmor");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("/usr/local/go/bin/go (enforce)"));
    assert!(
        !f.title.contains("dlv"),
        "complain mode only logs: {}",
        f.title
    );
    // A non-Go denial (real format from an Ubuntu desktop) is ignored.
    let facts = LinuxOsFacts {
        denials: vec![LogLine {
            source: "/var/log/kern.log".into(),
            text: fixture("kern-apparmor.log").lines().next().unwrap().into(),
        }],
        ..LinuxOsFacts::default()
    };
    assert!(findings(&linux_with(facts), "os/apparmor").is_empty());
}

#[test]
fn wsl_with_windows_go_and_mnt_c() {
    let mut snap = linux();
    snap.host.wsl = true;
    snap.os.linux = Some(LinuxOsFacts::default());
    assert!(findings(&snap, "os/wsl-cross-fs").is_empty());
    // The project and GOPATH on C:.
    snap.project.dir = "/mnt/c/Users/ana/src/app".into();
    snap.path_entries.push(gomedic_model::snapshot::PathEntry {
        raw: "/mnt/c/Program Files/Go/bin".into(),
        ..Default::default()
    });
    let f = one(&snap, "os/wsl-cross-fs");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.title.contains("/mnt/c/Users/ana/src/app"), "{}", f.title);
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "appendWindowsPath" && e.value.contains("default"))
    );
    // No Linux go at all, but go.exe reachable through the Windows PATH.
    snap.go_binaries.clear();
    snap.active_go = None;
    snap.os.linux.as_mut().unwrap().windows_go_exe =
        Some("/mnt/c/Program Files/Go/bin/go.exe".into());
    snap.os.linux.as_mut().unwrap().wsl_append_windows_path = Some(SettingLine {
        file: "/etc/wsl.conf".into(),
        line: 3,
        value: "true".into(),
    });
    let f = one(&snap, "os/wsl-cross-fs");
    assert!(f.title.contains("go.exe"), "{}", f.title);
    assert!(f.evidence.iter().any(|e| e.source == "/etc/wsl.conf:3"));
}

#[test]
fn protection_disabled_on_linux() {
    // setenforce 0 on a machine configured enforcing.
    let facts = LinuxOsFacts {
        selinux_enforce: value("/sys/fs/selinux/enforce", "0"),
        selinux_config: Some(SettingLine {
            file: "/etc/selinux/config".into(),
            line: 22,
            value: "enforcing".into(),
        }),
        ..LinuxOsFacts::default()
    };
    let f = one(&linux_with(facts), "os/protection-disabled");
    assert!(f.title.contains("setenforce 0"), "{}", f.title);
    assert!(
        f.fixes[0]
            .commands
            .contains(&"sudo setenforce 1".to_string())
    );
    assert_never_switches_off(&f);
    // SELINUX=disabled in the config of a Rocky Linux machine (installed enforcing).
    let disabled = |distro: &str| LinuxOsFacts {
        distribution: value("/etc/os-release", distro),
        selinux_config: Some(SettingLine {
            file: "/etc/selinux/config".into(),
            line: 22,
            value: "disabled".into(),
        }),
        ..LinuxOsFacts::default()
    };
    let f = one(
        &linux_with(disabled("rocky rhel centos fedora")),
        "os/protection-disabled",
    );
    assert!(f.title.contains("/etc/selinux/config:22"), "{}", f.title);
    assert!(all_commands(&f).contains("fixfiles -f onboot"));
    assert!(f.evidence.iter().any(|e| e.label == "distribution"));
    assert_never_switches_off(&f);
    // Debian or Amazon Linux with a config file but no SELinux by default: not a workaround.
    assert!(findings(&linux_with(disabled("debian")), "os/protection-disabled").is_empty());
    assert!(
        findings(
            &linux_with(disabled("amzn fedora")),
            "os/protection-disabled"
        )
        .is_empty()
    );
    // ptrace_scope 0 set by hand in /etc/sysctl.d (Ubuntu ships 1 in 10-ptrace.conf).
    let facts = LinuxOsFacts {
        ptrace_scope: value("/proc/sys/kernel/yama/ptrace_scope", "0"),
        ptrace_scope_settings: vec![
            SettingLine {
                file: "/etc/sysctl.d/10-ptrace.conf".into(),
                line: 10,
                value: "1".into(),
            },
            SettingLine {
                file: "/etc/sysctl.d/99-delve.conf".into(),
                line: 1,
                value: "0".into(),
            },
        ],
        ..LinuxOsFacts::default()
    };
    let f = one(&linux_with(facts), "os/protection-disabled");
    assert!(
        f.title.contains("/etc/sysctl.d/99-delve.conf:1"),
        "{}",
        f.title
    );
    assert!(all_commands(&f).contains("ptrace_scope=1"));
    assert_never_switches_off(&f);
    // Fedora's vendor default (elfutils-default-yama-scope): not a finding.
    let facts = LinuxOsFacts {
        ptrace_scope: value("/proc/sys/kernel/yama/ptrace_scope", "0"),
        ptrace_scope_settings: vec![SettingLine {
            file: "/usr/lib/sysctl.d/10-default-yama-scope.conf".into(),
            line: 35,
            value: "0".into(),
        }],
        ..LinuxOsFacts::default()
    };
    assert!(findings(&linux_with(facts), "os/protection-disabled").is_empty());
    // 0 with no file: set at run time.
    let facts = LinuxOsFacts {
        ptrace_scope: value("/proc/sys/kernel/yama/ptrace_scope", "0"),
        ..LinuxOsFacts::default()
    };
    assert!(
        one(&linux_with(facts), "os/protection-disabled")
            .title
            .contains("run time")
    );
    // Boot parameters.
    let facts = LinuxOsFacts {
        kernel_cmdline: value(
            "/proc/cmdline",
            "BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.5.6-300.fc39.x86_64 root=UUID=1 ro rhgb quiet selinux=0",
        ),
        ..LinuxOsFacts::default()
    };
    assert!(
        one(&linux_with(facts), "os/protection-disabled")
            .title
            .contains("`selinux=0`")
    );
}

// ------------------------------------------------------------------ Windows

fn windows_with(facts: WindowsOsFacts) -> Snapshot {
    let mut snap = windows();
    snap.os.windows = Some(facts);
    snap
}

fn defender(exclusions: Option<Vec<&str>>) -> WindowsOsFacts {
    WindowsOsFacts {
        defender_present: true,
        realtime_disabled: SourcedValue {
            source: r"HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection\DisableRealtimeMonitoring".into(),
            ..Default::default()
        },
        exclusion_paths: exclusions.map(|e| e.iter().map(|s| s.to_string()).collect()),
        exclusions_source: r"HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths".into(),
        ..Default::default()
    }
}

#[test]
fn defender_without_exclusions() {
    let snap = windows_with(defender(Some(vec![])));
    let f = one(&snap, "os/windows-defender");
    assert_eq!(f.severity, Severity::Warning);
    for dir in [
        r"C:\Program Files\Go",
        r"C:\Users\Ana\AppData\Local\go-build",
        r"C:\Users\Ana\AppData\Local\Temp",
        r"C:\Users\Ana\go",
        r"C:\Users\Ana\src\app",
    ] {
        assert!(f.title.contains(dir), "{dir} missing from {}", f.title);
    }
    let text = all_commands(&f);
    assert!(text.contains("dev drive"), "{text}");
    assert!(text.contains("add-mppreference -exclusionpath"), "{text}");
    assert!(text.contains("gotmpdir"), "{text}");
    // Not all of TEMP: a dedicated GOTMPDIR is excluded instead.
    let add = f
        .fixes
        .iter()
        .flat_map(|x| &x.commands)
        .find(|c| c.starts_with("Add-MpPreference"))
        .unwrap();
    assert!(!add.contains(r"AppData\Local\Temp'"), "{add}");
    assert!(add.contains(r"C:\Users\Ana\go\tmp"), "{add}");
    assert_never_switches_off(&f);
}

#[test]
fn defender_exclusions_cover_the_go_dirs() {
    let snap = windows_with(defender(Some(vec![
        r"C:\Program Files\Go",
        r"%LOCALAPPDATA%\go-build",
        r"C:\Users\Ana\AppData\Local\Temp\",
        r"c:\users\ana\go",
        r"C:\Users\Ana\src\*",
    ])));
    assert!(
        findings(&snap, "os/windows-defender").is_empty(),
        "{:?}",
        findings(&snap, "os/windows-defender")
    );
    // One left out.
    let snap = windows_with(defender(Some(vec![
        r"C:\Program Files\Go",
        r"C:\Users\Ana",
    ])));
    assert!(findings(&snap, "os/windows-defender").is_empty());
    let snap = windows_with(defender(Some(vec![r"C:\Users\Ana"])));
    let f = one(&snap, "os/windows-defender");
    assert!(f.title.contains(r"C:\Program Files\Go"));
    assert!(!f.title.contains(r"C:\Users\Ana\go`"), "{}", f.title);
}

#[test]
fn defender_unreadable_exclusions_and_real_time_off() {
    let mut facts = defender(None);
    facts.exclusions_error = Some("access denied (reading it needs an elevated prompt)".into());
    let f = one(&windows_with(facts.clone()), "os/windows-defender");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("could not read"), "{}", f.title);
    assert!(
        f.evidence
            .iter()
            .any(|e| e.value.starts_with("could not read: access denied"))
    );
    // Real-time protection off: protection-disabled, and no defender finding.
    facts.realtime_disabled.value = Some("1".into());
    let snap = windows_with(facts);
    assert!(findings(&snap, "os/windows-defender").is_empty());
    let f = one(&snap, "os/protection-disabled");
    assert!(
        f.fixes[0]
            .commands
            .contains(&"Set-MpPreference -DisableRealtimeMonitoring $false".to_string())
    );
    assert_never_switches_off(&f);
    // No Defender at all (third-party product, Wine): silent.
    let snap = windows_with(WindowsOsFacts::default());
    assert!(findings(&snap, "os/windows-defender").is_empty());
}

#[test]
fn long_paths() {
    let long = format!(
        r"C:\Users\Ana\go\pkg\mod\github.com\{}\v2@v2.0.0\internal\generated\{}.go",
        "a".repeat(80),
        "b".repeat(150)
    );
    assert!(long.len() > 260);
    let mut facts = WindowsOsFacts {
        long_paths_enabled: SourcedValue {
            source: r"HKLM\SYSTEM\CurrentControlSet\Control\FileSystem\LongPathsEnabled".into(),
            value: Some("0".into()),
            error: None,
        },
        longest_modcache_path: Some(long.clone()),
        ..Default::default()
    };
    let f = one(&windows_with(facts.clone()), "os/windows-long-paths");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.title.contains(&long.chars().count().to_string()));
    assert!(all_commands(&f).contains("longpathsenabled -value 1"));
    facts.long_paths_enabled.value = Some("1".into());
    assert!(findings(&windows_with(facts.clone()), "os/windows-long-paths").is_empty());
    facts.long_paths_enabled.value = None;
    facts.longest_modcache_path =
        Some(r"C:\Users\Ana\go\pkg\mod\golang.org\x\mod@v0.20.0\go.mod".into());
    assert!(findings(&windows_with(facts), "os/windows-long-paths").is_empty());
}

#[test]
fn path_characters_with_cgo() {
    let mut snap = windows();
    snap.dirs
        .insert(r"C:\Users\José\go".into(), dir(&["GOPATH"]));
    assert!(
        findings(&snap, "env/path-characters").is_empty(),
        "cgo is off"
    );
    set(&mut snap, "CGO_ENABLED", computed("1"));
    let f = one(&snap, "env/path-characters");
    assert!(f.title.contains("José"));
    // Spaces alone are fine (C:\Program Files\Go is the installer's default).
    snap.dirs.remove(r"C:\Users\José\go");
    snap.dirs
        .insert(r"C:\Users\Ana Lee\go".into(), dir(&["GOPATH"]));
    assert!(findings(&snap, "env/path-characters").is_empty());
}

#[test]
fn cloud_synced_dirs() {
    let mut snap = windows();
    snap.os.cloud_roots = vec![CloudRoot {
        provider: "OneDrive".into(),
        path: r"C:\Users\Ana\OneDrive".into(),
        source: r"HKCU\Software\Microsoft\OneDrive\Accounts\Personal\UserFolder".into(),
    }];
    assert!(findings(&snap, "os/cloud-synced").is_empty());
    snap.dirs.insert(
        r"C:\Users\Ana\OneDrive\Documents\go".into(),
        dir(&["GOPATH"]),
    );
    snap.project.dir = r"C:\Users\Ana\OneDrive\Documents\src\app".into();
    let f = one(&snap, "os/cloud-synced");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.evidence[0].source.contains("UserFolder"));
    assert!(
        all_commands(&f).contains(r"go env -w 'gopath=c:\dev\go'"),
        "{}",
        all_commands(&f)
    );
    // Only the project: info.
    snap.dirs.remove(r"C:\Users\Ana\OneDrive\Documents\go");
    assert_eq!(one(&snap, "os/cloud-synced").severity, Severity::Info);
}

// ------------------------------------------------------------------ macOS

#[test]
fn macos_fixture_snapshot() {
    // A snapshot recording real macOS facts: quarantine values as `xattr -p`
    // prints them, `spctl --status` and `xcode-select -p` outputs and exit codes.
    let snap: Snapshot =
        serde_json::from_str(&fixture("macos-quarantine-gatekeeper-off.json")).unwrap();
    let mut got = ids(&snap);
    got.sort();
    assert_eq!(
        got,
        [
            "cgo/macos-clt-missing",
            "os/cloud-synced",
            "os/macos-quarantine",
            "os/protection-disabled",
        ]
    );
    let q = one(&snap, "os/macos-quarantine");
    assert_eq!(q.severity, Severity::Error, "GOROOT tools are quarantined");
    assert!(
        q.fixes[0]
            .commands
            .iter()
            .all(|c| c.starts_with("xattr -d com.apple.quarantine /"))
    );
    assert_eq!(q.fixes[0].commands.len(), 3);
    let p = one(&snap, "os/protection-disabled");
    assert!(
        p.fixes[0]
            .commands
            .contains(&"sudo spctl --global-enable".to_string())
    );
    assert_never_switches_off(&p);
    let c = one(&snap, "os/cloud-synced");
    assert!(c.title.contains("iCloud Drive"), "{}", c.title);
    let clt = one(&snap, "cgo/macos-clt-missing");
    assert!(
        clt.evidence[0]
            .value
            .contains("unable to get active developer directory")
    );
}

#[test]
fn macos_healthy_facts() {
    let mut snap = macos();
    snap.os.macos = Some(MacosOsFacts {
        quarantined: vec![],
        quarantine_scanned: vec!["/opt/homebrew/Cellar/go/1.27.3/libexec/bin".into()],
        quarantine_errors: vec![],
        gatekeeper: Some(RunResult {
            command: "/usr/sbin/spctl --status".into(),
            exit_code: Some(0),
            stdout: "assessments enabled\n".into(),
            ..Default::default()
        }),
        xcode_select: Some(RunResult {
            command: "/usr/bin/xcode-select -p".into(),
            exit_code: Some(0),
            stdout: "/Library/Developer/CommandLineTools\n".into(),
            ..Default::default()
        }),
        ..Default::default()
    });
    assert_eq!(ids(&snap), Vec::<String>::new());
    // A quarantined tool in GOBIN only: a warning.
    snap.os
        .macos
        .as_mut()
        .unwrap()
        .quarantined
        .push(QuarantinedFile {
            path: "/Users/ana/go/bin/golangci-lint".into(),
            value: "0083;6745f0a2;Safari;A1B2C3D4-1111-2222-3333-444455556666".into(),
        });
    assert_eq!(
        one(&snap, "os/macos-quarantine").severity,
        Severity::Warning
    );
}

#[test]
fn selinux_labels_that_keep_containers_out_only_when_enforcing() {
    let label = |dir: &str, v: &str| value(dir, v);
    let facts = LinuxOsFacts {
        selinux_enforce: value("/sys/fs/selinux/enforce", "1"),
        go_dir_labels: vec![
            label(
                "/home/ana/go/pkg/mod",
                "unconfined_u:object_r:user_home_t:s0",
            ),
            label("/usr/local/go", "system_u:object_r:container_file_t:s0"),
        ],
        ..LinuxOsFacts::default()
    };
    let snap = linux_with(facts.clone());
    let f = one(&snap, "os/selinux");
    assert_eq!(f.severity, Severity::Info);
    assert!(
        f.title.contains("`/home/ana/go/pkg/mod` (user_home_t)"),
        "{}",
        f.title
    );
    assert!(!f.title.contains("/usr/local/go"), "{}", f.title);
    assert_eq!(f.evidence[1].label, "label of GOMODCACHE");
    assert_eq!(
        f.evidence[1].source,
        "/home/ana/go/pkg/mod (security.selinux)"
    );
    let commands = all_commands(&f);
    assert!(
        commands.contains("podman run -v /home/ana/go/pkg/mod:/go/pkg/mod:z"),
        "{commands}"
    );
    assert!(
        commands.contains("semanage fcontext -a -t container_file_t"),
        "{commands}"
    );
    assert_never_switches_off(&f);
    // Permissive: labels do not stop anything, so nothing is said.
    let mut permissive = facts.clone();
    permissive.selinux_enforce = value("/sys/fs/selinux/enforce", "0");
    assert!(findings(&linux_with(permissive), "os/selinux").is_empty());
    // All labelled for containers: nothing.
    let mut open = facts;
    open.go_dir_labels.remove(0);
    assert!(findings(&linux_with(open), "os/selinux").is_empty());
}
