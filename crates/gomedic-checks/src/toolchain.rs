//! toolchain/*: which `go` runs, and whether it is whole.

use crate::context::{Ctx, Platform, code};
use crate::fixes;
use crate::versions;
use gomedic_go::goversion::GoVersion;
use gomedic_model::snapshot::GoBinary;
use gomedic_model::{Evidence, Finding, Fix, Severity};

fn bin_dir(ctx: &Ctx, go: &GoBinary) -> String {
    ctx.style
        .parent(&go.path)
        .unwrap_or_else(|| go.path.clone())
}

fn version_of(go: &GoBinary) -> String {
    go.go_version().unwrap_or("unknown version").to_string()
}

/// toolchain/go-not-found: no `go` on PATH at all.
pub fn go_not_found(ctx: &Ctx) -> Vec<Finding> {
    if ctx.snap.on_path().next().is_some() {
        return Vec::new();
    }
    let installed: Vec<&GoBinary> = ctx.snap.off_path().collect();
    let title = match installed.first() {
        Some(go) => format!(
            "`go` is not on PATH, but Go {} is installed at {}",
            version_of(go),
            code(&go.path)
        ),
        None => "`go` is not on PATH and no Go installation was found".to_string(),
    };
    let mut f = Finding::new(
        "toolchain/go-not-found",
        Severity::Error,
        title,
        "Your shell finds programs by looking through the directories listed in PATH. No directory on PATH \
         holds a `go` program, so every `go` command fails with \"command not found\".",
    );
    let path = ctx
        .os_env("PATH")
        .or_else(|| ctx.os_env("Path"))
        .unwrap_or("");
    f.evidence
        .push(Evidence::new("PATH", path, "process environment"));
    for go in &installed {
        f.evidence.push(Evidence::new(
            "go installed off PATH",
            format!("{} ({})", go.path, version_of(go)),
            "well-known install location",
        ));
    }
    match installed.first() {
        Some(go) => f.fixes.push(fixes::add_to_path(ctx, &bin_dir(ctx, go))),
        None => f.fixes.push(
            Fix::new("Install Go from https://go.dev/dl/ (or your package manager), then open a new terminal.")
                .with_command(match ctx.platform {
                    Platform::Windows => "winget install GoLang.Go",
                    Platform::MacOs => "brew install go",
                    Platform::Linux => "curl -LO https://go.dev/dl/go1.27.3.linux-amd64.tar.gz && sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.27.3.linux-amd64.tar.gz",
                }),
        ),
    }
    vec![f]
}

/// toolchain/go-shadowed: several different `go` on PATH; the first wins.
pub fn go_shadowed(ctx: &Ctx) -> Vec<Finding> {
    let windows_apps = crate::os_windows::windows_apps_go(ctx);
    if !windows_apps.is_empty() {
        return windows_apps;
    }
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    let identity = |g: &GoBinary| {
        (
            g.go_version().map(str::to_string),
            g.inferred_goroot
                .as_deref()
                .map(|r| ctx.style.clean(r).to_ascii_lowercase()),
        )
    };
    let active_id = identity(active);
    let mut shadowed: Vec<&GoBinary> = Vec::new();
    for g in ctx.snap.on_path() {
        if std::ptr::eq(g, active) || g.file_problem.is_some() || g.real_path.is_none() {
            continue;
        }
        let same_file =
            matches!((&g.real_path, &active.real_path), (Some(a), Some(b)) if ctx.style.same(a, b));
        if same_file || identity(g) == active_id {
            continue;
        }
        if g.go_version().is_none() && g.inferred_goroot.is_none() {
            continue;
        }
        if !shadowed.iter().any(|s| identity(s) == identity(g)) {
            shadowed.push(g);
        }
    }
    if shadowed.is_empty() {
        return Vec::new();
    }
    let mut f = Finding::new(
        "toolchain/go-shadowed",
        Severity::Warning,
        format!(
            "{} different `go` programs are on PATH; {} ({}) runs, {} hidden",
            shadowed.len() + 1,
            code(&active.path),
            version_of(active),
            if shadowed.len() == 1 {
                "the other is"
            } else {
                "the others are"
            }
        ),
        "When several directories on PATH contain a `go`, the shell runs the first one and ignores the rest. \
         Installing a new Go therefore may not change the `go` you run, and editors or scripts with a \
         different PATH may run a different Go than your terminal.",
    );
    f.evidence.push(Evidence::new(
        "go that runs",
        format!("{} ({})", active.path, version_of(active)),
        "first on PATH",
    ));
    for g in &shadowed {
        let pos = g
            .path_index
            .map_or(String::new(), |i| format!("PATH entry #{}", i + 1));
        f.evidence.push(Evidence::new(
            "hidden go",
            format!("{} ({})", g.path, version_of(g)),
            pos,
        ));
    }
    let newest = std::iter::once(active)
        .chain(shadowed.iter().copied())
        .max_by(|a, b| versions::cmp_go(a.go_version(), b.go_version()))
        .unwrap_or(active);
    f.fixes.push(Fix::new(format!(
        "Keep one Go installation: uninstall or unlink the ones you don't use, or move the directory of the one you want ({}) before the others in PATH.",
        code(&bin_dir(ctx, newest))
    )));
    if ctx.platform != Platform::Windows {
        f.fixes.push(
            Fix::new("After changing PATH, clear the shell's command cache.")
                .with_command("hash -r"),
        );
    }
    vec![f]
}

/// True when a binary for `bin_os/bin_arch` can run natively on `host_os/host_arch`.
fn runs_natively(host_os: &str, host_arch: &str, bin_os: &str, bin_arch: &str) -> bool {
    bin_os == host_os && (bin_arch == host_arch || (host_arch == "amd64" && bin_arch == "386"))
}

/// True when the host runs such a binary only under emulation (Rosetta, Windows on Arm).
fn runs_emulated(host_os: &str, host_arch: &str, bin_os: &str, bin_arch: &str) -> bool {
    bin_os == host_os
        && host_arch == "arm64"
        && ((host_os == "darwin" && bin_arch == "amd64")
            || (host_os == "windows" && matches!(bin_arch, "amd64" | "386")))
}

/// toolchain/go-not-runnable: the first `go` on PATH can't run here.
pub fn go_not_runnable(ctx: &Ctx) -> Vec<Finding> {
    let Some(go) = ctx.snap.on_path().next() else {
        return Vec::new();
    };
    let host = &ctx.snap.host;
    let mut f = Finding::new(
        "toolchain/go-not-runnable",
        Severity::Error,
        String::new(),
        "",
    );
    f.evidence
        .push(Evidence::new("go on PATH", &go.path, "first match on PATH"));
    if let Some(problem) = &go.file_problem {
        f.title = format!(
            "The `go` on PATH at {} can't be started: {problem}",
            code(&go.path)
        );
        f.explanation = "The file PATH leads to is not a program that can be started: it is a broken \
            symbolic link, lacks the execute permission, or is not a regular file. The shell then reports \
            \"command not found\" or \"permission denied\" for every go command."
            .to_string();
        f.evidence
            .push(Evidence::new("file problem", problem, "file system"));
        if let Some(real) = &go.real_path {
            f.evidence
                .push(Evidence::new("link target", real, "file system"));
        }
        f.fixes.push(Fix::new(format!(
            "Remove or repair {} (point the link at an existing Go's bin/go, or reinstall Go).",
            code(&go.path)
        )));
        if ctx.platform != Platform::Windows {
            f.fixes.push(
                Fix::new("If only the execute bit is missing, restore it.").with_command(format!(
                    "chmod +x {}",
                    fixes::shell_quote(ctx.platform, &go.path)
                )),
            );
        }
        return vec![f];
    }
    if let Some(exe) = &go.executable {
        let (Some(bin_os), Some(bin_arch)) = (exe.goos.as_deref(), exe.goarch.as_deref()) else {
            return run_failure(ctx, go, f);
        };
        if host.wsl && bin_os == "windows" {
            return Vec::new();
        }
        if !runs_natively(&host.os, &host.arch, bin_os, bin_arch) {
            let emulated = runs_emulated(&host.os, &host.arch, bin_os, bin_arch);
            f.severity = if emulated {
                Severity::Warning
            } else {
                Severity::Error
            };
            f.title = format!(
                "The `go` on PATH is built for {bin_os}/{bin_arch}, but this machine is {}/{}",
                host.os, host.arch
            );
            f.explanation = if emulated {
                "This Go was downloaded for another CPU. It runs only through emulation (Rosetta on macOS, \
                 x64 emulation on Windows on Arm): slower, and Delve refuses to debug under it; the programs \
                 it builds default to the emulated architecture."
                    .to_string()
            } else {
                "This Go was downloaded (or cross-compiled) for another operating system or CPU. The machine \
                 refuses to start it (\"exec format error\", \"Bad CPU type in executable\", \"cannot execute \
                 binary file\")."
                    .to_string()
            };
            f.evidence.push(Evidence::new(
                "executable",
                format!("{} {bin_os}/{bin_arch}", exe.format),
                "file header",
            ));
            f.evidence.push(Evidence::new(
                "machine",
                format!("{}/{}", host.os, host.arch),
                "host",
            ));
            f.fixes.push(Fix::new(format!(
                "Install the Go download for {}/{} from https://go.dev/dl/ into an empty directory and put its bin on PATH.",
                host.os, host.arch
            )));
            return vec![f];
        }
    }
    run_failure(ctx, go, f)
}

fn run_failure(ctx: &Ctx, go: &GoBinary, mut f: Finding) -> Vec<Finding> {
    let Some(run) = &go.run else {
        return Vec::new();
    };
    if run.succeeded() {
        return Vec::new();
    }
    let what = if let Some(err) = &run.spawn_error {
        format!("could not be started: {err}")
    } else if run.timed_out {
        format!("did not finish within {} ms", run.millis)
    } else if let Some(code) = run.exit_code {
        // A go that starts but exits non-zero because of its settings is
        // reported by the check for that setting, not here.
        if explained_by_settings(ctx) {
            return Vec::new();
        }
        format!("exited with status {code}")
    } else {
        "was killed by a signal (it crashed)".to_string()
    };
    f.title = format!("`{}` {what}", run.command);
    f.explanation = "gomedic ran `go version`, the simplest go command, and it did not work. Every other go \
        command will fail the same way. Common causes: an operating system older than this Go release \
        supports, security software blocking the program, or a damaged download."
        .to_string();
    f.evidence
        .push(Evidence::new("command", &run.command, "run by gomedic"));
    if let Some(code) = run.exit_code {
        f.evidence.push(Evidence::new(
            "exit status",
            code.to_string(),
            "run by gomedic",
        ));
    }
    if !run.stderr.trim().is_empty() {
        f.evidence
            .push(Evidence::new("stderr", run.stderr.trim(), "run by gomedic"));
    }
    f.fixes.push(Fix::new(
        "Reinstall Go for this machine from https://go.dev/dl/ into an empty directory; check the release's minimum OS version (https://go.dev/wiki/MinimumRequirements).",
    ));
    vec![f]
}

/// Settings that make every go command exit early with their own message.
fn explained_by_settings(ctx: &Ctx) -> bool {
    !goroot_not_found(ctx).is_empty()
        || !crate::env::gopath_invalid(ctx).is_empty()
        || crate::env::go111module_invalid(ctx)
}

/// toolchain/goroot-not-found: the GOROOT go would use holds no Go tree.
pub fn goroot_not_found(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    if active.file_problem.is_some() {
        return Vec::new();
    }
    let explicit = ctx
        .is_user_set("GOROOT")
        .then(|| ctx.value("GOROOT"))
        .filter(|v| !v.is_empty());
    let mut f = Finding::new(
        "toolchain/goroot-not-found",
        Severity::Error,
        String::new(),
        "",
    );
    match explicit {
        Some(goroot) => {
            let Some(dir) = ctx.snap.dirs.get(goroot) else {
                return Vec::new();
            };
            let tree_missing = dir
                .go_tree
                .as_ref()
                .is_some_and(|t| !t.has_src_runtime || !t.has_pkg_tool);
            if dir.error.is_some() || (dir.exists && dir.is_dir && !tree_missing) {
                return Vec::new();
            }
            f.title = if dir.exists && dir.is_dir {
                format!(
                    "GOROOT {} is a directory but holds no complete Go installation",
                    code(goroot)
                )
            } else {
                format!("GOROOT is set to {}, which does not exist", code(goroot))
            };
            f.explanation = "GOROOT tells go where its own installation (standard library and compiler) is. \
                It points at a directory that is missing or is not a Go installation, so go stops with \
                \"cannot find GOROOT directory\" or cannot find the standard library (\"package fmt is not in std\")."
                .to_string();
            f.evidence.push(ctx.evidence("GOROOT"));
            f.evidence.push(Evidence::new(
                "directory",
                if !dir.exists {
                    "missing"
                } else if !dir.is_dir {
                    "not a directory"
                } else {
                    "no src/runtime or pkg/tool inside"
                },
                "file system",
            ));
            if let Some(inferred) = &active.inferred_goroot {
                f.evidence.push(Evidence::new(
                    "root of the go on PATH",
                    inferred,
                    &active.path,
                ));
            }
            f.fixes.push(fixes::remove_user_setting(ctx, "GOROOT"));
        }
        None => {
            if active.inferred_goroot.is_some() {
                return Vec::new();
            }
            let trimmed = active
                .build_info
                .as_ref()
                .and_then(|b| b.setting("-trimpath"))
                == Some("true");
            if !trimmed {
                return Vec::new();
            }
            f.title = format!(
                "{} is not inside a Go installation and GOROOT is not set",
                code(&active.path)
            );
            f.explanation = "Modern go binaries find their installation from their own location: the \
                directory two levels up from bin/go must contain pkg/tool. This go was copied (not linked) \
                out of its installation, so it stops with \"cannot find GOROOT directory: 'go' binary is \
                trimmed and GOROOT is not set\"."
                .to_string();
            f.evidence
                .push(Evidence::new("go on PATH", &active.path, "PATH"));
            if let Some(real) = &active.real_path {
                f.evidence
                    .push(Evidence::new("real path", real, "file system"));
            }
            f.evidence.push(Evidence::new(
                "-trimpath",
                "true",
                "build info of the go binary",
            ));
            f.fixes.push(Fix::new(format!(
                "Delete the copy {} and put the bin directory of a complete Go installation on PATH (a symbolic link to <goroot>/bin/go also works).",
                code(&active.path)
            )));
        }
    }
    vec![f]
}

/// toolchain/goroot-mismatch: GOROOT names another tree than the `go` that runs.
pub fn goroot_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    let Some(inferred) = active.inferred_goroot.as_deref() else {
        return Vec::new();
    };
    if !ctx.is_user_set("GOROOT") {
        return Vec::new();
    }
    let goroot = ctx.value("GOROOT");
    if goroot.is_empty() || ctx.style.same(goroot, inferred) {
        return Vec::new();
    }
    let Some(dir) = ctx.snap.dirs.get(goroot) else {
        return Vec::new();
    };
    let Some(tree) = dir
        .go_tree
        .as_ref()
        .filter(|t| dir.exists && t.has_pkg_tool)
    else {
        return Vec::new();
    };
    let go_version = active.go_version();
    let tree_version = tree.version.as_deref();
    let versions_differ =
        matches!((go_version, tree_version), (Some(a), Some(b)) if a.trim() != b.trim());
    let same_real = match (&tree.real_path, &active.real_path) {
        (Some(tree_real), Some(go_real)) => ctx
            .style
            .parent(go_real)
            .and_then(|bin| ctx.style.parent(&bin))
            .is_some_and(|root| ctx.style.same(&root, tree_real)),
        _ => true,
    };
    if !versions_differ && same_real {
        return Vec::new();
    }
    let mut f = Finding::new(
        "toolchain/goroot-mismatch",
        if versions_differ {
            Severity::Error
        } else {
            Severity::Warning
        },
        format!(
            "GOROOT is {} ({}) but the `go` that runs is {} from {}",
            code(goroot),
            tree_version.unwrap_or("unknown version"),
            go_version.unwrap_or("unknown version"),
            code(inferred)
        ),
        "GOROOT is set to another Go installation than the one the `go` on PATH belongs to. go then uses \
         the compiler and standard library of GOROOT with its own command code: builds fail with \
         \"compile: version X does not match go tool version Y\" or odd standard-library errors, and \
         editors may use a different Go than your terminal. GOROOT never needs to be set; go finds its \
         own installation.",
    );
    f.evidence.push(ctx.evidence("GOROOT"));
    if let Some(v) = tree_version {
        f.evidence.push(Evidence::new(
            "GOROOT/VERSION",
            v,
            ctx.style.join(goroot, "VERSION"),
        ));
    }
    f.evidence.push(Evidence::new(
        "go on PATH",
        format!("{} ({})", active.path, go_version.unwrap_or("?")),
        "first on PATH",
    ));
    f.evidence.push(Evidence::new(
        "its own root",
        inferred,
        "inferred from the go executable's location",
    ));
    f.fixes.push(fixes::remove_user_setting(ctx, "GOROOT"));
    vec![f]
}

/// toolchain/compile-version-mismatch: tools in pkg/tool from another release.
pub fn compile_version_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    if ctx.is_user_set("GOROOT") {
        // Another GOROOT's tools are the goroot-mismatch finding.
        return Vec::new();
    }
    let Some(go_version) = active
        .build_info
        .as_ref()
        .map(|b| b.go_version.trim())
        .filter(|v| !v.is_empty())
    else {
        return Vec::new();
    };
    let foreign: Vec<_> = active
        .tools
        .iter()
        .filter(|t| {
            t.go_version
                .as_deref()
                .is_some_and(|v| v.trim() != go_version)
        })
        .collect();
    if foreign.is_empty() {
        return Vec::new();
    }
    let mut f = Finding::new(
        "toolchain/compile-version-mismatch",
        Severity::Error,
        format!(
            "{} tool(s) in pkg/tool are from another Go release than `go` ({}), e.g. `{}` is {}",
            foreign.len(),
            go_version,
            foreign[0].name,
            foreign[0].go_version.as_deref().unwrap_or("?")
        ),
        "The go command and the compiler, assembler and linker under $GOROOT/pkg/tool must come from the \
         same release; go refuses otherwise (\"compile: version X does not match go tool version Y\"). \
         This happens when a new release is unpacked over an old one, or a go binary is copied between \
         installations.",
    );
    f.evidence.push(Evidence::new(
        "go",
        format!("{} ({go_version})", active.path),
        "build info",
    ));
    for t in &foreign {
        f.evidence.push(Evidence::new(
            &t.name,
            t.go_version.as_deref().unwrap_or(""),
            format!("build info of {}", t.path),
        ));
    }
    let root = active
        .inferred_goroot
        .as_deref()
        .unwrap_or("the Go installation");
    f.fixes.push(match ctx.platform {
        Platform::Windows => Fix::new(format!(
            "Uninstall Go, delete {} completely, and reinstall it from https://go.dev/dl/.",
            code(root)
        )),
        _ => Fix::new(format!(
            "Delete {} completely and unpack the release into the empty directory (never unpack over an existing installation).",
            code(root)
        ))
        .with_command(format!("sudo rm -rf {}", fixes::shell_quote(ctx.platform, root))),
    });
    vec![f]
}

/// toolchain/unsupported-go: the active Go is older than the oldest supported release.
pub fn unsupported_go(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    let Some(version) = active.go_version().and_then(GoVersion::parse_go_prefixed) else {
        return Vec::new();
    };
    let seen = ctx
        .snap
        .go_binaries
        .iter()
        .filter_map(|g| g.go_version().and_then(GoVersion::parse_go_prefixed));
    let newest = versions::newest_minor(seen);
    let oldest_supported = newest.saturating_sub(versions::SUPPORTED_RELEASES - 1);
    if version.minor_number() >= oldest_supported {
        return Vec::new();
    }
    let mut f = Finding::new(
        "toolchain/unsupported-go",
        Severity::Warning,
        format!(
            "Go {} is no longer supported: only Go 1.{} and 1.{} get security fixes",
            version, newest, oldest_supported
        ),
        "Each Go release is supported until two newer major releases exist. Older releases get no \
         security or bug fixes, and modules that need a newer Go will not build with it (unless go may \
         download a newer toolchain).",
    );
    f.evidence.push(Evidence::new(
        "active go",
        format!("{} ({})", active.path, version_of(active)),
        "build info",
    ));
    f.evidence.push(Evidence::new(
        "newest known release",
        format!("1.{newest}"),
        "gomedic's release table and the Go versions on this machine",
    ));
    f.fixes.push(Fix::new("Install a supported release from https://go.dev/dl/ (or upgrade through your package manager) into an empty directory."));
    vec![f]
}
