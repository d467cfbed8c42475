//! os/* on Linux: network file systems, Yama and ptrace, SELinux, AppArmor, WSL.

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_model::os_facts::{LinuxOsFacts, LogLine};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Programs of the Go toolchain and its usual companions, by process name.
const GO_PROGRAMS: [&str; 12] = [
    "go", "gofmt", "compile", "link", "asm", "cgo", "vet", "cover", "dlv", "gopls", "buildid",
    "pack",
];

/// CAP_SYS_PTRACE is capability number 19.
const CAP_SYS_PTRACE_BIT: u32 = 19;

fn linux<'a>(ctx: &Ctx<'a>) -> Option<&'a LinuxOsFacts> {
    ctx.snap.os.linux.as_ref()
}

/// The directories Go writes to or runs from, with their roles.
fn go_dirs<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = (&'a str, String)> {
    ctx.snap
        .dirs
        .iter()
        .map(|(path, fact)| (path.as_str(), fact.roles.join(", ")))
}

// ---------------------------------------------------------------- network-fs

/// What a file-system type means for Go's caches, when it is a remote or
/// layered one.
pub fn network_fs_kind(fs_type: &str) -> Option<&'static str> {
    let base = fs_type.split('.').next().unwrap_or(fs_type);
    Some(match base {
        "nfs" | "nfs4" => "NFS",
        "cifs" | "smb3" | "smbfs" => "SMB/CIFS",
        "9p" | "v9fs" => "9P",
        "virtiofs" => "virtiofs",
        "drvfs" => "WSL drvfs (a Windows drive)",
        "fuse" | "fuseblk" => "FUSE",
        "ceph" | "glusterfs" | "lustre" | "afs" | "gpfs" => "a cluster file system",
        "overlay" => "overlayfs",
        _ => return None,
    })
}

/// os/network-fs: GOCACHE, GOMODCACHE, GOBIN or the temp dir on a network,
/// FUSE or layered file system.
pub fn network_fs(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, fact) in &ctx.snap.dirs {
        let roles: Vec<&str> = fact
            .roles
            .iter()
            .map(String::as_str)
            .filter(|r| matches!(*r, "GOCACHE" | "GOMODCACHE" | "GOBIN" | "GOTMPDIR"))
            .collect();
        if roles.is_empty() {
            continue;
        }
        let Some(mount) = &fact.mount else { continue };
        let Some(kind) = network_fs_kind(&mount.fs_type) else {
            continue;
        };
        // WSL's Windows drives are os/wsl-cross-fs's business.
        if ctx.snap.host.wsl && matches!(mount.fs_type.as_str(), "9p" | "drvfs") {
            continue;
        }
        let overlay = mount.fs_type == "overlay";
        let explanation = if overlay {
            "overlayfs (the root file system of most containers) copies a file up from a lower image \
             layer on its first write and cannot rename a directory that exists in a lower layer \
             (EXDEV). A build cache or module cache baked into an image layer is therefore slow to \
             update, and tools that rename directories in it can fail. Caches created in the running \
             container, or on a volume, do not have this problem."
        } else {
            "The go command keeps thousands of small files in GOCACHE and GOMODCACHE and relies on \
             file locks (flock/fcntl) and atomic renames there. On network and FUSE file systems locks \
             may be unsupported or not shared between clients, renames are not atomic or fail across \
             directories, and every stat is a round trip: builds get slow, two machines sharing one \
             cache corrupt it, and `go install` into a remote GOBIN falls back to copying."
        };
        let mut f = Finding {
            id: "os/network-fs".to_string(),
            severity: if overlay {
                Severity::Info
            } else {
                Severity::Warning
            },
            title: format!(
                "{} ({}) is on {kind} (`{}` mounted at {})",
                code(path),
                roles.join(", "),
                mount.fs_type,
                code(&mount.mount_point)
            ),
            evidence: roles.iter().map(|r| ctx.evidence(r)).collect(),
            explanation: explanation.to_string(),
            fixes: Vec::new(),
        };
        f.evidence.push(Evidence::new(
            "mount",
            format!(
                "{} on {} type {} ({})",
                mount.source.as_deref().unwrap_or("?"),
                mount.mount_point,
                mount.fs_type,
                mount.options.join(",")
            ),
            "/proc/self/mountinfo",
        ));
        let home = ctx.snap.host.home.clone().unwrap_or_default();
        for role in &roles {
            let local = match *role {
                "GOCACHE" => ctx.style.join(&ctx.style.join(&home, ".cache"), "go-build"),
                "GOMODCACHE" => ctx.style.join(&ctx.style.join(&home, ".cache"), "go-mod"),
                "GOTMPDIR" => ctx.style.join(&ctx.style.join(&home, ".cache"), "go-tmp"),
                _ => ctx.style.join(&ctx.style.join(&home, ".local"), "bin"),
            };
            f.fixes.push(
                fixes::set_go_setting(ctx, role, &local).with_command(format!(
                    "mkdir -p {}",
                    fixes::shell_quote(ctx.platform, &local)
                )),
            );
        }
        if overlay {
            f.fixes.push(Fix::new(
                "In containers, keep the caches on a volume (e.g. `-v go-cache:/root/.cache/go-build -v go-mod:/go/pkg/mod`) instead of in an image layer.",
            ));
        }
        out.push(f);
    }
    out
}

// ---------------------------------------------------------------- ptrace

/// Whether capability `bit` is set in a `/proc/self/status` hex mask.
pub fn has_capability(mask_hex: &str, bit: u32) -> Option<bool> {
    let mask = u64::from_str_radix(mask_hex.trim(), 16).ok()?;
    Some(mask & (1u64 << bit) != 0)
}

/// What each Yama ptrace_scope level means (kernel Documentation/admin-guide/LSM/Yama.rst).
pub fn yama_meaning(scope: &str) -> &'static str {
    match scope {
        "0" => "classic: any process may trace another of the same user",
        "1" => {
            "restricted: a process may only trace its descendants (or a process that named it with PR_SET_PTRACER)"
        }
        "2" => {
            "admin-only: only processes with CAP_SYS_PTRACE may trace, by attaching or as a child"
        }
        "3" => "no attach: no process may trace, and the value cannot be lowered until reboot",
        _ => "unknown level",
    }
}

/// os/ptrace-restricted: Delve cannot start or attach.
pub fn ptrace_restricted(ctx: &Ctx) -> Vec<Finding> {
    let Some(linux) = linux(ctx) else {
        return Vec::new();
    };
    // Only when Delve is installed, or the user asked (`check --debugger`).
    let requested = ctx.snap.os.debugger_requested;
    let dlv = match ctx.snap.os.delve.as_deref() {
        Some(dlv) => dlv,
        None if requested => "dlv",
        None => return Vec::new(),
    };
    let dlv_evidence = match ctx.snap.os.delve.as_deref() {
        Some(found) => Evidence::new("dlv", found, "PATH or GOBIN"),
        None => Evidence::new(
            "dlv",
            "not installed; checked because --debugger asked for it",
            "PATH or GOBIN",
        ),
    };
    let scope = linux.ptrace_scope.value().unwrap_or("");
    let cap_eff = linux
        .cap_eff
        .value()
        .and_then(|m| has_capability(m, CAP_SYS_PTRACE_BIT));
    let cap_bnd = linux
        .cap_bnd
        .value()
        .and_then(|m| has_capability(m, CAP_SYS_PTRACE_BIT));
    let seccomp = linux.seccomp.value().unwrap_or("");
    let mut evidence = vec![dlv_evidence];
    if !scope.is_empty() {
        evidence.push(Evidence::new(
            "kernel.yama.ptrace_scope",
            format!("{scope} ({})", yama_meaning(scope)),
            &linux.ptrace_scope.source,
        ));
    }
    for (fact, label) in [
        (&linux.cap_eff, "CapEff"),
        (&linux.cap_bnd, "CapBnd"),
        (&linux.seccomp, "Seccomp"),
    ] {
        if let Some(v) = fact.value() {
            evidence.push(Evidence::new(label, v, &fact.source));
        }
    }
    let mut problems: Vec<(Severity, String, String)> = Vec::new();
    match scope {
        "3" => problems.push((
            Severity::Error,
            "Yama ptrace_scope is 3: no process may use ptrace, so Delve cannot debug anything".into(),
            "Level 3 forbids PTRACE_ATTACH and PTRACE_TRACEME for everyone and cannot be lowered \
             without a reboot. `dlv debug`, `dlv test`, `dlv exec` and `dlv attach` all fail."
                .into(),
        )),
        "2" if cap_eff != Some(true) => problems.push((
            Severity::Error,
            "Yama ptrace_scope is 2 and this user lacks CAP_SYS_PTRACE: Delve cannot debug".into(),
            "Level 2 lets only processes with CAP_SYS_PTRACE trace, even their own children, so \
             `dlv debug` fails as well as `dlv attach`."
                .into(),
        )),
        "1" if cap_eff != Some(true) => problems.push((
            Severity::Info,
            "Yama ptrace_scope is 1: `dlv attach` to a running program fails; `dlv debug`/`test`/`exec` work"
                .into(),
            "Level 1 (the default of Ubuntu and of the kernel's Yama) lets a process trace only its \
             descendants. Delve's debug, test and exec commands start the program as Delve's child \
             and work; `dlv attach PID` (and an editor's \"attach to process\") fails with \"Could not \
             attach to pid ...: this could be caused by a kernel security setting\". Setting level 0 \
             machine-wide, as that message suggests, lets every process of the user read the memory \
             of every other one."
                .into(),
        )),
        _ => {}
    }
    if linux.in_container && cap_bnd == Some(false) {
        problems.push((
            Severity::Warning,
            "this container was started without CAP_SYS_PTRACE".into(),
            "The capability is missing from the container's bounding set, so no process in it can \
             ever gain it: attaching to processes of other users fails, and under ptrace_scope 2 \
             nothing can be traced."
                .into(),
        ));
    }
    if linux.in_container && seccomp == "2" {
        problems.push((
            Severity::Warning,
            "a seccomp filter is active in this container: ptrace or personality calls may be refused"
                .into(),
            "Container runtimes install a seccomp filter (Seccomp: 2). Docker before 19.03 and some \
             Kubernetes and Podman profiles refuse ptrace, and the personality call Delve uses to turn \
             off address randomisation, giving \"could not launch process: fork/exec \
             ./__debug_bin: operation not permitted\". Docker 19.03 and later allow both once the \
             container has CAP_SYS_PTRACE."
                .into(),
        ));
    }
    if problems.is_empty() {
        return Vec::new();
    }
    let severity = problems.iter().map(|p| p.0).max().unwrap_or(Severity::Info);
    let title = problems
        .iter()
        .map(|p| p.1.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let explanation = problems
        .iter()
        .map(|p| p.2.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut fixes = vec![Fix::new(
        "Prefer `dlv debug`, `dlv test` or `dlv exec` (the program runs as Delve's child) over `dlv attach`.",
    )];
    if matches!(scope, "1" | "2") && ctx.snap.os.delve.is_none() {
        fixes.push(Fix::new(
            "To attach without lowering ptrace_scope for the whole machine, give CAP_SYS_PTRACE to Delve alone once it is installed: `sudo setcap cap_sys_ptrace=eip \"$(go env GOPATH)/bin/dlv\"` (again after each `go install` of dlv).",
        ));
    }
    if matches!(scope, "1" | "2") && ctx.snap.os.delve.is_some() {
        fixes.push(
            Fix::new(
                "To attach without lowering ptrace_scope for the whole machine, give CAP_SYS_PTRACE to Delve alone (again after each `go install` of dlv).",
            )
            .with_command(format!(
                "sudo setcap cap_sys_ptrace=eip {}",
                fixes::shell_quote(ctx.platform, dlv)
            )),
        );
    }
    if scope == "3" {
        fixes.push(Fix::new(
            "Find the sysctl.d file that sets `kernel.yama.ptrace_scope = 3` (`grep -r ptrace_scope /etc/sysctl.conf /etc/sysctl.d`), set it to 1, and reboot: level 3 cannot be lowered at run time.",
        ));
    }
    if linux.in_container && (cap_bnd == Some(false) || seccomp == "2") {
        fixes.push(Fix::new(
            "For a development container only: start it with the capability, e.g. `docker run --cap-add=SYS_PTRACE ...` (compose: `cap_add: [SYS_PTRACE]`). With Docker 19.03+ the default seccomp profile then allows ptrace; keep the default profile rather than `seccomp=unconfined`, and never do this for production containers.",
        ));
    }
    vec![Finding {
        id: "os/ptrace-restricted".to_string(),
        severity,
        title: if ctx.snap.os.delve.is_some() {
            format!("Delve ({}) is limited: {title}", code(dlv))
        } else {
            format!("Delve (not installed yet) would be limited: {title}")
        },
        evidence,
        explanation,
        fixes,
    }]
}

// ---------------------------------------------------------------- denials

/// The value of `key=value` or `key="value"` in an audit or kernel log line.
pub fn audit_field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let needle = format!("{key}=");
    let mut from = 0;
    while let Some(pos) = line[from..].find(&needle) {
        let start = from + pos;
        let at_word = start == 0 || line.as_bytes()[start - 1] == b' ';
        let value_start = start + needle.len();
        if at_word {
            let rest = &line[value_start..];
            return Some(match rest.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or(""),
                None => rest.split(' ').next().unwrap_or(""),
            });
        }
        from = value_start;
    }
    None
}

/// The permissions of an SELinux AVC line: `{ read write }`.
fn avc_permissions(line: &str) -> Option<&str> {
    let open = line.find("denied")?;
    let rest = &line[open..];
    let start = rest.find('{')? + 1;
    let end = rest.find('}')?;
    Some(rest.get(start..end)?.trim())
}

/// The type part of an SELinux context (`user:role:type:level`).
fn selinux_type(context: &str) -> &str {
    context.split(':').nth(2).unwrap_or(context)
}

/// The Go directory a denial is about, or the Go program that was denied.
fn denial_subject(ctx: &Ctx, line: &str) -> Option<String> {
    let comm = audit_field(line, "comm").unwrap_or("");
    let exe_name = audit_field(line, "exe")
        .map(|e| e.rsplit('/').next().unwrap_or(e))
        .unwrap_or("");
    for program in [comm, exe_name] {
        if GO_PROGRAMS.contains(&program)
            || program.ends_with(".test")
            || program.starts_with("__debug_bin")
        {
            return Some(format!("the Go program `{program}`"));
        }
    }
    for key in ["name", "path"] {
        let Some(target) = audit_field(line, key) else {
            continue;
        };
        if target.contains("go-build") {
            return Some(format!("a go build directory ({})", code(target)));
        }
        if target.starts_with('/')
            && let Some((dir, roles)) = go_dirs(ctx)
                .filter(|(dir, _)| ctx.style.is_within(target, dir))
                .max_by_key(|(dir, _)| dir.len())
        {
            return Some(format!("{} ({roles})", code(dir)));
        }
    }
    None
}

fn relevant_denials<'a>(ctx: &Ctx<'a>, apparmor: bool) -> Vec<(&'a LogLine, String)> {
    let Some(linux) = linux(ctx) else {
        return Vec::new();
    };
    linux
        .denials
        .iter()
        .filter(|l| l.text.contains("apparmor=\"DENIED\"") == apparmor)
        .filter_map(|l| Some((l, denial_subject(ctx, &l.text)?)))
        .collect()
}

/// os/selinux: SELinux denied a Go program or a Go directory.
pub fn selinux(ctx: &Ctx) -> Vec<Finding> {
    let mut out = selinux_denials(ctx);
    out.extend(selinux_labels(ctx));
    out
}

/// The type field of a `user:role:type:level` label.
fn label_type(label: &str) -> &str {
    label.split(':').nth(2).unwrap_or(label)
}

/// os/selinux, labels: while SELinux is enforcing, Go dirs whose label type
/// keeps containers out when they are mounted as volumes.
fn selinux_labels(ctx: &Ctx) -> Vec<Finding> {
    let Some(linux) = linux(ctx) else {
        return Vec::new();
    };
    if linux.selinux_enforce.value() != Some("1") {
        return Vec::new();
    }
    let container_types = [
        "container_file_t",
        "svirt_sandbox_file_t",
        "container_ro_file_t",
    ];
    let closed: Vec<_> = linux
        .go_dir_labels
        .iter()
        .filter(|l| {
            l.value()
                .is_some_and(|v| !container_types.contains(&label_type(v)))
        })
        .collect();
    if closed.is_empty() {
        return Vec::new();
    }
    let role = |path: &str| {
        ctx.snap
            .dirs
            .get(path)
            .map(|d| d.roles.join(", "))
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| "Go directory".to_string())
    };
    let mut evidence = vec![Evidence::new(
        "SELinux",
        "enforcing",
        &linux.selinux_enforce.source,
    )];
    for l in &closed {
        evidence.push(Evidence::new(
            format!("label of {}", role(&l.source)),
            l.value().unwrap_or(""),
            format!("{} (security.selinux)", l.source),
        ));
    }
    let first = closed[0].source.as_str();
    vec![Finding {
        id: "os/selinux".to_string(),
        severity: Severity::Info,
        title: format!(
            "SELinux is enforcing and {} labelled for the host only: a container given {} as a volume gets \"permission denied\"",
            closed
                .iter()
                .map(|l| format!("{} ({})", code(&l.source), label_type(l.value().unwrap_or(""))))
                .collect::<Vec<_>>()
                .join(", "),
            if closed.len() == 1 { "it" } else { "them" }
        ),
        evidence,
        explanation: "Containers run as the SELinux type container_t, which may read and write only files labelled \
            container_file_t (or read container_ro_file_t). A module cache, build cache or Go tree bind-mounted \
            into a container (`-v $(go env GOMODCACHE):/go/pkg/mod`, a dev container, a CI job) keeps its host \
            label — user_home_t, usr_t, ... — and go inside the container fails with \"permission denied\" \
            although the Unix permissions are fine. Outside containers these labels are right."
            .to_string(),
        fixes: vec![
            Fix::new(
                "When you mount one of these into a container, let the runtime relabel it for containers with `:z` (shared between containers), e.g.:",
            )
            .with_command(format!(
                "podman run -v {}:/go/pkg/mod:z ...",
                fixes::shell_quote(ctx.platform, first)
            )),
            Fix::new(
                "Or label it for containers permanently (survives restorecon); host programs keep access to container_file_t:",
            )
            .with_command(format!(
                "sudo semanage fcontext -a -t container_file_t {} && sudo restorecon -R {}",
                fixes::shell_quote(ctx.platform, &format!("{first}(/.*)?")),
                fixes::shell_quote(ctx.platform, first)
            )),
            Fix::new(
                "Do not relabel system directories such as /usr with `:Z`/`:z`, and do not switch SELinux to permissive for this.",
            ),
        ],
    }]
}

fn selinux_denials(ctx: &Ctx) -> Vec<Finding> {
    let Some(linux) = linux(ctx) else {
        return Vec::new();
    };
    let denials = relevant_denials(ctx, false);
    let Some((newest, subject)) = denials.last() else {
        return Vec::new();
    };
    let line = newest.text.as_str();
    let comm = audit_field(line, "comm").unwrap_or("?");
    let scontext = audit_field(line, "scontext").unwrap_or("");
    let tcontext = audit_field(line, "tcontext").unwrap_or("");
    let tclass = audit_field(line, "tclass").unwrap_or("?");
    let target = audit_field(line, "name")
        .or_else(|| audit_field(line, "path"))
        .unwrap_or("?");
    let enforcing = linux.selinux_enforce.value() == Some("1");
    let enforced = enforcing && audit_field(line, "permissive") != Some("1");
    let mut evidence = vec![Evidence::new(
        format!("newest of {} SELinux denials involving Go", denials.len()),
        line,
        &newest.source,
    )];
    if let Some(mode) = linux.selinux_enforce.value() {
        evidence.push(Evidence::new(
            "SELinux mode",
            if mode == "1" {
                "enforcing"
            } else {
                "permissive"
            },
            &linux.selinux_enforce.source,
        ));
    }
    let container = selinux_type(scontext).starts_with("container") || scontext.contains("svirt");
    // The deepest Go directory the denial names (paths seen inside a
    // container are the container's, so often none matches).
    let dir = go_dirs(ctx)
        .filter(|(dir, _)| {
            ["path", "name"].iter().any(|k| {
                audit_field(line, k)
                    .is_some_and(|p| p.starts_with('/') && ctx.style.is_within(p, dir))
            })
        })
        .map(|(dir, _)| dir.to_string())
        .max_by_key(String::len);
    let label_target = dir.unwrap_or_else(|| {
        if container {
            "<host dir>".to_string()
        } else {
            "<dir>".to_string()
        }
    });
    let mut fixes = Vec::new();
    if container {
        fixes.push(Fix::new(format!(
            "A container (`{}`) was refused files labelled `{}`: mount the directory with a relabelling option, `:Z` for one container or `:z` when several share it.",
            selinux_type(scontext),
            selinux_type(tcontext)
        ))
        .with_command(format!("podman run -v {label_target}:{label_target}:Z ...  # or docker run -v ...:Z")));
        fixes.push(
            Fix::new("Or label the directory for containers persistently.")
                .with_command(format!(
                    "sudo semanage fcontext -a -t container_file_t '{label_target}(/.*)?'"
                ))
                .with_command(format!("sudo restorecon -Rv {label_target}")),
        );
    } else {
        fixes.push(
            Fix::new(format!(
                "See why `{comm}` was refused, then restore the default labels of the files (files moved with `mv` keep the label of where they came from)."
            ))
            .with_command(format!("sudo ausearch -m avc -c {comm} --raw | audit2why"))
            .with_command(format!("sudo restorecon -Rv {label_target}")),
        );
        fixes.push(Fix::new(
            "If the label is right and the policy lacks a rule, give the directory a fitting type with `semanage fcontext -a -t <type> '<dir>(/.*)?'` and `restorecon`, or build a narrow local module from these denials with `audit2allow -M`.",
        ));
    }
    fixes.push(Fix::new(
        "Do not switch SELinux to permissive (`setenforce 0`) or disable it: that removes the protection for every program, not just Go.",
    ));
    vec![Finding {
        id: "os/selinux".to_string(),
        severity: if enforced {
            Severity::Error
        } else {
            Severity::Warning
        },
        title: format!(
            "SELinux {} {{ {} }} on {} ({tclass}) for `{comm}`: {subject}",
            if enforced {
                "denied"
            } else {
                "logged (not enforced) a denial of"
            },
            avc_permissions(line).unwrap_or("?"),
            code(target)
        ),
        evidence,
        explanation: format!(
            "SELinux allows a process (here type `{}`) to use a file (type `{}`) only when the policy has a rule for that pair. Go builds in containers with bind-mounted sources or caches, and Go dirs whose files were moved from elsewhere, end up with labels the policy does not allow, and the go command fails with \"permission denied\" although the Unix permissions are fine.",
            selinux_type(scontext),
            selinux_type(tcontext)
        ),
        fixes,
    }]
}

/// os/apparmor: AppArmor profiles that confine Go programs, and their denials.
pub fn apparmor(ctx: &Ctx) -> Vec<Finding> {
    let Some(linux) = linux(ctx) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let denials = relevant_denials(ctx, true);
    if let Some((newest, subject)) = denials.last() {
        let line = newest.text.as_str();
        let profile = audit_field(line, "profile").unwrap_or("?");
        let operation = audit_field(line, "operation").unwrap_or("?");
        let name = audit_field(line, "name").unwrap_or("?");
        let comm = audit_field(line, "comm").unwrap_or("?");
        let mask = audit_field(line, "denied_mask").unwrap_or("?");
        let local = format!("/etc/apparmor.d/local/{}", profile.replace('/', "."));
        let mut fixes = Vec::new();
        if profile.starts_with("snap.") {
            fixes.push(Fix::new(format!(
                "`{comm}` ran inside the confinement of the snap `{}` (e.g. an editor installed as a strict snap): run Go from a classic install or the distribution's package, or move the files to a place the snap may use (your home, not hidden dirs).",
                profile.split('.').nth(1).unwrap_or(profile)
            )));
        } else {
            fixes.push(
                Fix::new(format!(
                    "Allow exactly this access in the profile's local override (`{mask}` on `{name}`), then reload the profile."
                ))
                .with_command(format!("echo '{name} {},' | sudo tee -a {local}", apparmor_mask(mask)))
                .with_command(format!("sudo apparmor_parser -r /etc/apparmor.d/{}", profile.trim_start_matches('/').replace('/', "."))),
            );
            fixes.push(Fix::new(
                "Or let `sudo aa-logprof` propose rules from the logged denials.",
            ));
        }
        fixes.push(Fix::new(
            "Do not stop AppArmor (`systemctl disable apparmor`, `aa-teardown`): that unconfines every program on the machine.",
        ));
        out.push(Finding {
            id: "os/apparmor".to_string(),
            severity: Severity::Error,
            title: format!(
                "AppArmor profile `{profile}` denied {operation} ({mask}) of {} to `{comm}`: {subject}",
                code(name)
            ),
            evidence: vec![Evidence::new(
                format!("newest of {} AppArmor denials involving Go", denials.len()),
                line,
                &newest.source,
            )],
            explanation: "AppArmor confines a program to the files its profile lists. When a Go program (or an editor \
                running go, gopls or dlv) runs under a profile that does not list the Go dirs or the project, \
                the access fails with \"permission denied\" although the Unix permissions are fine."
                .to_string(),
            fixes,
        });
    }
    let enforcing: Vec<&String> = linux
        .apparmor_profiles
        .iter()
        .filter(|p| p.ends_with("(enforce)") || p.ends_with("(kill)"))
        .collect();
    if !enforcing.is_empty() && out.is_empty() {
        out.push(Finding {
            id: "os/apparmor".to_string(),
            severity: Severity::Info,
            title: format!(
                "AppArmor confines Go programs: {}",
                enforcing.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            ),
            evidence: enforcing
                .iter()
                .map(|p| Evidence::new("profile", p.as_str(), "/sys/kernel/security/apparmor/profiles"))
                .collect(),
            explanation: "Upstream AppArmor ships no profile for go, dlv or gopls (its `abstractions/golang` only grants \
                the reads Go's runtime makes for GOMAXPROCS), so these profiles were added locally or by a package. \
                A profile in enforce mode refuses every file the profile does not list: new module caches, \
                GOTMPDIR or project directories fail with \"permission denied\"."
                .to_string(),
            fixes: vec![Fix::new(
                "Check that the profile allows GOROOT, GOPATH, GOCACHE, GOMODCACHE, the temp dir and your projects; add missing paths in /etc/apparmor.d/local/ and reload with `apparmor_parser -r`. Do not disable AppArmor as a whole.",
            )],
        });
    }
    out
}

/// An AppArmor file rule mode from a denied mask (`r`, `w`, `rw`, `x` -> `ix`).
fn apparmor_mask(mask: &str) -> String {
    let mut rule: String = mask.chars().filter(|c| "rwakl".contains(*c)).collect();
    if mask.contains('x') {
        rule.push_str("ix");
    }
    if rule.is_empty() {
        "r".to_string()
    } else {
        rule
    }
}

// ---------------------------------------------------------------- WSL

fn on_windows_drive(path: &str) -> bool {
    let mut parts = path.split('/');
    parts.next() == Some("")
        && parts.next() == Some("mnt")
        && parts
            .next()
            .is_some_and(|d| d.len() == 1 && d.chars().all(|c| c.is_ascii_lowercase()))
}

/// os/wsl-cross-fs: WSL using Windows' go.exe or Go dirs on Windows drives.
pub fn wsl_cross_fs(ctx: &Ctx) -> Vec<Finding> {
    if !ctx.snap.host.wsl {
        return Vec::new();
    }
    let linux = linux(ctx);
    let mut problems: Vec<String> = Vec::new();
    let mut evidence = Vec::new();
    let mut fixes = Vec::new();
    let active_is_exe = ctx.active().is_some_and(|g| {
        g.path.to_ascii_lowercase().ends_with(".exe")
            || g.executable.as_ref().and_then(|e| e.goos.as_deref()) == Some("windows")
    });
    let go_exe = linux.and_then(|l| l.windows_go_exe.as_deref());
    let no_linux_go = ctx.active().is_none();
    if active_is_exe || (no_linux_go && go_exe.is_some()) {
        let path = ctx
            .active()
            .map(|g| g.path.as_str())
            .or(go_exe)
            .unwrap_or("go.exe");
        problems.push(format!(
            "the Go reached from WSL is Windows' {}",
            code(path)
        ));
        evidence.push(Evidence::new("go", path, "PATH lookup"));
        fixes.push(Fix::new(
            "Install Linux Go inside WSL (the official linux-amd64 archive into /usr/local/go, or the distribution's package) and put its bin directory first on PATH; go.exe builds Windows programs and reads the Windows environment.",
        ));
    }
    let dirs: Vec<(String, String)> = ctx
        .snap
        .dirs
        .iter()
        .filter(|(p, _)| on_windows_drive(p))
        .map(|(p, f)| (p.clone(), f.roles.join(", ")))
        .chain(
            Some(&ctx.snap.project.dir)
                .filter(|d| on_windows_drive(d))
                .map(|d| (d.clone(), "project".to_string())),
        )
        .collect();
    if !dirs.is_empty() {
        problems.push(format!(
            "{} on a Windows drive",
            dirs.iter()
                .map(|(p, r)| format!("{} ({r})", code(p)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for (path, roles) in &dirs {
            evidence.push(Evidence::new(roles, path, "Go settings"));
        }
        fixes.push(Fix::new(
            "Keep projects, GOPATH and the caches in the Linux file system (e.g. ~/src, ~/go): /mnt/c is reached through the 9P protocol and is many times slower for builds and gopls.",
        ).with_command("go env -u GOPATH GOMODCACHE GOCACHE  # back to the defaults under ~"));
    }
    let windows_entries = ctx
        .snap
        .path_entries
        .iter()
        .filter(|e| on_windows_drive(&e.raw))
        .count();
    let append = linux.and_then(|l| l.wsl_append_windows_path.as_ref());
    if !problems.is_empty() && windows_entries > 0 {
        evidence.push(Evidence::new(
            "PATH entries on Windows drives",
            windows_entries.to_string(),
            "PATH",
        ));
        match append {
            Some(s) => evidence.push(Evidence::new(
                "appendWindowsPath",
                &s.value,
                format!("{}:{}", s.file, s.line),
            )),
            None => evidence.push(Evidence::new(
                "appendWindowsPath",
                "true (default)",
                "/etc/wsl.conf has no [interop] appendWindowsPath",
            )),
        }
        fixes.push(Fix::new(
            "Optionally stop WSL from appending the Windows PATH: add `[interop]` and `appendWindowsPath = false` to /etc/wsl.conf, then `wsl --shutdown` from Windows.",
        ));
    }
    if problems.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        id: "os/wsl-cross-fs".to_string(),
        severity: if active_is_exe {
            Severity::Error
        } else {
            Severity::Warning
        },
        title: format!("WSL: {}", problems.join("; ")),
        evidence,
        explanation: "WSL appends the Windows PATH to the Linux one, so a Windows `go.exe` is found when no Linux \
            Go is installed (or comes first); it builds Windows executables and uses Windows paths. Files under \
            /mnt/c live on the Windows side and are reached through the 9P protocol in WSL 2, which makes the \
            thousands of small reads of a build or of gopls very slow."
            .to_string(),
        fixes,
    }]
}
