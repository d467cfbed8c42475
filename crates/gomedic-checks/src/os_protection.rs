//! os/protection-disabled: a workaround switched a protection off for the
//! whole machine (SELinux permissive or disabled, Yama ptrace_scope 0,
//! Defender real-time protection off, Gatekeeper off). Each finding names the
//! setting and where it was made, and the targeted fix that replaces it.

use crate::context::Ctx;
use gomedic_model::os_facts::{LinuxOsFacts, SettingLine};
use gomedic_model::{Evidence, Finding, Fix, Severity};

fn finding(title: String, evidence: Vec<Evidence>, explanation: &str, fixes: Vec<Fix>) -> Finding {
    Finding {
        id: "os/protection-disabled".to_string(),
        severity: Severity::Warning,
        title,
        evidence,
        explanation: explanation.to_string(),
        fixes,
    }
}

fn at(s: &SettingLine) -> String {
    format!("{}:{}", s.file, s.line)
}

/// Vendor sysctl directories: a value there is the distribution's default.
fn is_vendor_sysctl(file: &str) -> bool {
    ["/usr/lib/", "/lib/", "/usr/local/lib/", "/run/"]
        .iter()
        .any(|d| file.starts_with(d))
}

/// os/protection-disabled.
pub fn protection_disabled(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(linux) = &ctx.snap.os.linux {
        out.extend(linux_selinux(linux));
        out.extend(linux_cmdline(linux));
        out.extend(linux_ptrace(linux));
    }
    // With another antivirus product on, Defender steps back by design: the
    // machine is still protected in real time.
    if let Some(windows) = ctx
        .snap
        .os
        .windows
        .as_ref()
        .filter(|w| !crate::os_windows_security::third_party_protects(w))
    {
        for fact in [
            &windows.realtime_disabled,
            &windows.realtime_disabled_policy,
        ] {
            if fact.value() == Some("1") {
                out.push(finding(
                    "Microsoft Defender real-time protection is switched off".to_string(),
                    vec![Evidence::new("DisableRealtimeMonitoring", "1", &fact.source)],
                    "Switching real-time protection off is the advice many guides give for slow Go builds and for \
                     test binaries flagged as malware. It leaves the whole machine unprotected. The slowness comes \
                     from scanning the few directories Go writes many new files to, and those can be excluded \
                     one by one, or moved to a Dev Drive, whose performance mode scans asynchronously.",
                    vec![
                        Fix::new("Turn real-time protection back on (Windows Security > Virus & threat protection > Manage settings), or in an elevated PowerShell:")
                            .with_command("Set-MpPreference -DisableRealtimeMonitoring $false"),
                        Fix::new("Then exclude only Go's directories (see os/windows-defender), or keep them on a Dev Drive."),
                    ],
                ));
            }
        }
    }
    if let Some(macos) = &ctx.snap.os.macos
        && let Some(run) = &macos.gatekeeper
        && run.stdout.contains("assessments disabled")
    {
        out.push(finding(
            "Gatekeeper is switched off (`spctl --status`: assessments disabled)".to_string(),
            vec![Evidence::new("spctl --status", run.stdout.trim(), &run.command)],
            "`sudo spctl --master-disable` (or `--global-disable`) turns off Gatekeeper's checks for every \
             program on the Mac. Guides suggest it for Go tools downloaded with a browser, but only those \
             files carry the quarantine flag, and Go's own builds (`go build`, `go install`, `go run`) are \
             never quarantined.",
            vec![
                Fix::new("Turn Gatekeeper back on.").with_command("sudo spctl --global-enable"),
                Fix::new("For a trusted downloaded tool, remove the quarantine flag from exactly that file (see os/macos-quarantine), or install it with `go install`."),
            ],
        ));
    }
    out
}

fn linux_selinux(linux: &LinuxOsFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let runtime = linux.selinux_enforce.value();
    let config = linux.selinux_config.as_ref();
    let fix_denials = Fix::new(
        "Fix the individual denials instead (see os/selinux: relabel with `restorecon`, `semanage fcontext` or a `:Z` volume option).",
    );
    if runtime == Some("0") && config.is_some_and(|c| c.value == "enforcing") {
        let config = config.expect("checked");
        out.push(finding(
            "SELinux was switched to permissive at run time (`setenforce 0`) although it is configured enforcing".to_string(),
            vec![
                Evidence::new("SELinux mode", "0 (permissive)", &linux.selinux_enforce.source),
                Evidence::new("SELINUX", &config.value, at(config)),
            ],
            "`setenforce 0` is the classic workaround for a permission error in a container or a build. It stops \
             SELinux from enforcing anything, for every program, until the next boot.",
            vec![Fix::new("Switch enforcing back on.").with_command("sudo setenforce 1"), fix_denials.clone()],
        ));
    }
    // Configured off: a finding where SELinux runs (permissive), or on the
    // distributions that install it enforcing (Fedora and the RHEL family;
    // not Amazon Linux, whose default is permissive).
    let distro = linux.distribution.value().unwrap_or("");
    let enforcing_by_default = distro
        .split(' ')
        .any(|w| matches!(w, "fedora" | "rhel" | "centos"))
        && !distro.split(' ').any(|w| w == "amzn");
    if let Some(config) = config
        .filter(|c| matches!(c.value.as_str(), "permissive" | "disabled"))
        .filter(|_| runtime.is_some() || enforcing_by_default)
    {
        let mut evidence = vec![Evidence::new("SELINUX", &config.value, at(config))];
        if let Some(mode) = runtime {
            evidence.push(Evidence::new(
                "SELinux mode",
                mode,
                &linux.selinux_enforce.source,
            ));
        }
        if !distro.is_empty() {
            evidence.push(Evidence::new(
                "distribution",
                distro,
                &linux.distribution.source,
            ));
        }
        let mut fixes = vec![Fix::new(format!(
            "Set `SELINUX=enforcing` in {} and reboot.",
            config.file
        ))];
        if config.value == "disabled" {
            fixes[0] = fixes[0].clone().with_command("sudo fixfiles -F onboot  # relabel on the next boot: files created while disabled have no label");
        }
        fixes.push(fix_denials);
        out.push(finding(
            format!("SELinux is configured `{}` ({})", config.value, at(config)),
            evidence,
            "SELinux is installed but set to permissive or disabled in its configuration, which is how guides tell \
             people to get past a denial. Distributions that ship SELinux (Fedora, RHEL, CentOS, Rocky, Alma) \
             install it enforcing; permissive only logs, disabled turns it off entirely.",
            fixes,
        ));
    }
    out
}

fn linux_cmdline(linux: &LinuxOsFacts) -> Vec<Finding> {
    let Some(cmdline) = linux.kernel_cmdline.value() else {
        return Vec::new();
    };
    let off: Vec<&str> = cmdline
        .split_whitespace()
        .take_while(|w| *w != "--")
        .filter(|w| {
            matches!(
                *w,
                "selinux=0" | "enforcing=0" | "apparmor=0" | "security=none"
            )
        })
        .collect();
    if off.is_empty() {
        return Vec::new();
    }
    vec![finding(
        format!(
            "the kernel was booted with {}",
            off.iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        vec![Evidence::new(
            "kernel command line",
            cmdline,
            &linux.kernel_cmdline.source,
        )],
        "These boot parameters switch a Linux security module off (or to permissive) for the whole machine; they are \
         added by hand to the boot loader configuration.",
        vec![Fix::new(
            "Remove them from GRUB_CMDLINE_LINUX in /etc/default/grub (or with `sudo grubby --update-kernel=ALL --remove-args=...`), update the boot loader and reboot; fix the denials that led to them one by one.",
        )],
    )]
}

fn linux_ptrace(linux: &LinuxOsFacts) -> Vec<Finding> {
    if linux.ptrace_scope.value() != Some("0") {
        return Vec::new();
    }
    let winning = linux.ptrace_scope_settings.last();
    if winning.is_some_and(|w| w.value == "0" && is_vendor_sysctl(&w.file)) {
        // The distribution's own default (e.g. Fedora's elfutils-default-yama-scope).
        return Vec::new();
    }
    let mut evidence = vec![Evidence::new(
        "kernel.yama.ptrace_scope",
        "0",
        &linux.ptrace_scope.source,
    )];
    let title = match winning {
        Some(w) if w.value == "0" => {
            evidence.push(Evidence::new("kernel.yama.ptrace_scope", "0", at(w)));
            format!(
                "Yama ptrace_scope is 0 for the whole machine, set by hand in {}",
                at(w)
            )
        }
        _ if linux.in_container => {
            "Yama ptrace_scope is 0 for the whole machine (set on the container's host)".to_string()
        }
        _ => {
            evidence.push(Evidence::new(
                "sysctl configuration",
                "no file sets it to 0",
                "/etc/sysctl.conf, /etc/sysctl.d, /run/sysctl.d, /usr/lib/sysctl.d",
            ));
            "Yama ptrace_scope is 0 for the whole machine, set at run time (`sysctl -w` or a write to /proc)".to_string()
        }
    };
    let mut restore = Fix::new(
        "Go back to level 1 (the kernel's and Ubuntu's default: a process may trace its own children, which is all `dlv debug`, `dlv test` and `dlv exec` need).",
    )
    .with_command("sudo sysctl kernel.yama.ptrace_scope=1");
    if let Some(w) = winning.filter(|w| w.value == "0") {
        restore = restore.with_command(format!(
            "sudo sed -i 's/^\\s*-\\?kernel[./]yama[./]ptrace_scope\\s*=\\s*0/kernel.yama.ptrace_scope = 1/' {}",
            w.file
        ));
    }
    vec![finding(
        title,
        evidence,
        "Delve's error message for `dlv attach` suggests writing 0 to /proc/sys/kernel/yama/ptrace_scope. Level 0 \
         lets every process trace (read and change the memory of) every other process of the same user, so one \
         compromised program can take over the browser, the SSH agent or the password manager.",
        vec![
            restore,
            Fix::new(
                "To attach to running programs, give CAP_SYS_PTRACE to Delve alone: `sudo setcap cap_sys_ptrace=eip $(command -v dlv)`.",
            ),
        ],
    )]
}
