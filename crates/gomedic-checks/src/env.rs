//! env/*: the Go settings (OS environment, `go env -w` file, `$GOROOT/go.env`).

use crate::context::{Ctx, Platform, code};
use crate::fixes;
use gomedic_go::env::EnvSource;
use gomedic_go::envfile;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// env/goroot-set: GOROOT is set although it names go's own root anyway.
pub fn goroot_set(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    let Some(inferred) = active.inferred_goroot.as_deref() else {
        return Vec::new();
    };
    let goroot = ctx.value("GOROOT");
    if !ctx.is_user_set("GOROOT") || goroot.is_empty() || !ctx.style.same(goroot, inferred) {
        return Vec::new();
    }
    let mut f = Finding::new(
        "env/goroot-set",
        Severity::Warning,
        format!(
            "GOROOT is set to {} although go finds its installation by itself",
            code(goroot)
        ),
        "Since Go 1.10 the go command finds its own installation from its location, so GOROOT never needs \
         to be set. Today the value agrees with the `go` on PATH; after the next upgrade or a second \
         installation it will point at the wrong Go and break builds in confusing ways.",
    );
    f.evidence.push(ctx.evidence("GOROOT"));
    f.evidence
        .extend(crate::provenance::origin_evidence(ctx, "GOROOT"));
    f.evidence.push(Evidence::new(
        "root of the go on PATH",
        inferred,
        &active.path,
    ));
    f.fixes.push(fixes::remove_user_setting(ctx, "GOROOT"));
    vec![f]
}

/// The GOPATH entries as Go splits them.
fn gopath_entries(ctx: &Ctx) -> Vec<String> {
    ctx.style.split_list(ctx.value("GOPATH"))
}

/// env/gopath-equals-goroot: a GOPATH entry is GOROOT or inside it.
pub fn gopath_equals_goroot(ctx: &Ctx) -> Vec<Finding> {
    let Some(goroot) = ctx.goroot() else {
        return Vec::new();
    };
    let hits: Vec<String> = gopath_entries(ctx)
        .into_iter()
        .filter(|e| !e.is_empty() && ctx.style.is_abs(e) && ctx.style.is_within(e, goroot))
        .collect();
    let Some(first) = hits.first() else {
        return Vec::new();
    };
    let equal = ctx.style.same(first, goroot);
    let mut f = Finding::new(
        "env/gopath-equals-goroot",
        Severity::Warning,
        if equal {
            format!("GOPATH and GOROOT are the same directory {}", code(goroot))
        } else {
            format!(
                "GOPATH entry {} lies inside GOROOT {}",
                code(first),
                code(goroot)
            )
        },
        "GOROOT is the Go installation; GOPATH is where go keeps your downloads (pkg/mod) and installed \
         tools (bin). When they overlap, go mixes downloaded modules and tools into the installation \
         (and warns \"GOPATH set to GOROOT has no effect\"); upgrading or removing Go then destroys them, \
         and a stray go.mod or vendor directory there confuses builds.",
    );
    f.evidence.push(ctx.evidence("GOPATH"));
    f.evidence
        .push(match ctx.var("GOROOT").filter(|v| !v.value.is_empty()) {
            Some(_) => ctx.evidence("GOROOT"),
            None => Evidence::new(
                "GOROOT",
                goroot,
                "inferred from the go executable's location",
            ),
        });
    if ctx.is_user_set("GOPATH") {
        f.fixes.push(fixes::remove_user_setting(ctx, "GOPATH"));
    } else {
        f.fixes.push(Fix::new(format!(
            "Go is installed in your default GOPATH ({}). Move the installation elsewhere (e.g. /usr/local/go or ~/sdk/go), or choose another GOPATH.",
            code(goroot)
        )));
        let home = ctx.snap.host.home.clone().unwrap_or_default();
        let other = ctx.style.join(&home, "gopath");
        f.fixes.push(fixes::set_go_setting(ctx, "GOPATH", &other));
    }
    vec![f]
}

/// What go says about a GOPATH entry at start-up, if it rejects it.
fn gopath_entry_problem(ctx: &Ctx, entry: &str) -> Option<&'static str> {
    if entry.is_empty() {
        None // go skips empty entries
    } else if entry.starts_with('~') {
        Some("starts with `~`, which only a shell expands")
    } else if !ctx.style.is_abs(entry) {
        Some("is relative; GOPATH entries must be absolute")
    } else {
        None
    }
}

/// env/gopath-invalid: GOPATH entries the go command rejects at start-up.
pub fn gopath_invalid(ctx: &Ctx) -> Vec<Finding> {
    // An inferred GOPATH (from a relative HOME) is silently dropped by go;
    // only an explicit one is fatal.
    if !ctx.is_user_set("GOPATH") {
        return Vec::new();
    }
    let bad: Vec<(String, &str)> = gopath_entries(ctx)
        .into_iter()
        .filter_map(|e| gopath_entry_problem(ctx, &e).map(|p| (e, p)))
        .collect();
    let Some((first, problem)) = bad.first() else {
        return Vec::new();
    };
    let mut f = Finding::new(
        "env/gopath-invalid",
        Severity::Error,
        format!(
            "GOPATH entry {} {problem}: every go command stops",
            code(first)
        ),
        "GOPATH must be a list of absolute directories. go checks it before doing anything and exits \
         (\"GOPATH entry is relative; must be absolute path\" or \"GOPATH entry cannot start with shell \
         metacharacter '~'\"). Typical causes: `export GOPATH=\"~/go\"` (the quotes stop the shell from \
         expanding ~), quotes stored literally by `go env -w GOPATH='...'`, or a relative path.",
    );
    f.evidence.push(ctx.evidence("GOPATH"));
    for (entry, problem) in &bad {
        f.evidence
            .push(Evidence::new("rejected entry", entry, *problem));
    }
    let home = ctx.snap.host.home.clone().unwrap_or_default();
    let good = if home.is_empty() {
        None
    } else {
        Some(ctx.style.join(&home, "go"))
    };
    f.fixes.push(fixes::remove_user_setting(ctx, "GOPATH"));
    if let Some(good) = good {
        let mut fix = fixes::set_go_setting(ctx, "GOPATH", &good);
        fix.description = format!(
            "Or set an absolute GOPATH (the default is {}). {}",
            code(&good),
            fix.description
        );
        f.fixes.push(fix);
    }
    vec![f]
}

/// The directory `go install` writes to: GOBIN, else the first GOPATH entry's bin.
fn install_dir(ctx: &Ctx) -> Option<(String, Evidence)> {
    let gobin = ctx.value("GOBIN");
    if !gobin.is_empty() {
        return Some((gobin.to_string(), ctx.evidence("GOBIN")));
    }
    let first = gopath_entries(ctx).into_iter().find(|e| !e.is_empty())?;
    if !ctx.style.is_abs(&first) {
        return None;
    }
    let bin = ctx.style.join(&first, "bin");
    Some((
        bin.clone(),
        Evidence::new("GOPATH/bin", bin, "first GOPATH entry + /bin (GOBIN unset)"),
    ))
}

/// env/gobin-not-on-path: tools installed with `go install` are not found.
pub fn gobin_not_on_path(ctx: &Ctx) -> Vec<Finding> {
    if ctx.snap.go_env.is_none() || ctx.snap.path_entries.is_empty() {
        return Vec::new();
    }
    let Some((dir, evidence)) = install_dir(ctx) else {
        return Vec::new();
    };
    if !ctx.style.is_abs(&dir) || ctx.on_path(&dir) {
        return Vec::new();
    }
    let mut f = Finding::new(
        "env/gobin-not-on-path",
        Severity::Warning,
        format!(
            "`go install` puts programs in {}, which is not on PATH",
            code(&dir)
        ),
        "`go install example.com/tool@latest` writes the program to GOBIN, or to the bin directory of the \
         first GOPATH entry when GOBIN is unset. That directory is not on PATH, so the shell and editors \
         report installed tools (gopls, dlv, golangci-lint, ...) as \"command not found\".",
    );
    f.evidence.push(evidence);
    let path = ctx
        .os_env("PATH")
        .or_else(|| ctx.os_env("Path"))
        .unwrap_or("");
    f.evidence
        .push(Evidence::new("PATH", path, "process environment"));
    f.fixes.push(fixes::add_to_path(ctx, &dir));
    vec![f]
}

/// env/gobin-in-goroot: `go install` writes into the Go installation.
pub fn gobin_in_goroot(ctx: &Ctx) -> Vec<Finding> {
    let gobin = ctx.value("GOBIN");
    if gobin.is_empty() || !ctx.is_user_set("GOBIN") {
        return Vec::new();
    }
    let Some(goroot) = ctx.goroot() else {
        return Vec::new();
    };
    if !ctx.style.is_within(gobin, goroot) {
        return Vec::new();
    }
    let mut f = Finding::new(
        "env/gobin-in-goroot",
        Severity::Warning,
        format!(
            "GOBIN {} is inside the Go installation {}",
            code(gobin),
            code(goroot)
        ),
        "Programs you `go install` land inside the Go installation. They can overwrite go's own files \
         (go, gofmt), and the next upgrade (which replaces the installation) deletes them. It often comes \
         from `sudo GOBIN=/usr/local/go/bin go install ...` advice.",
    );
    f.evidence.push(ctx.evidence("GOBIN"));
    f.evidence
        .push(Evidence::new("GOROOT", goroot, "effective GOROOT"));
    f.fixes.push(fixes::remove_user_setting(ctx, "GOBIN"));
    let home = ctx.snap.host.home.clone().unwrap_or_default();
    f.fixes.push(Fix::new(format!(
        "Without GOBIN, tools go to {} — put that on PATH instead.",
        code(&ctx.style.join(&ctx.style.join(&home, "go"), "bin"))
    )));
    vec![f]
}

/// Roles whose directories go must be able to create and write.
const WRITABLE_ROLES: [&str; 7] = [
    "GOPATH",
    "GOMODCACHE",
    "GOCACHE",
    "GOBIN",
    "GOTMPDIR",
    "TEMP",
    "TMPDIR",
];

/// env/dir-not-writable: a directory go writes to can't be created or written.
pub fn dir_not_writable(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, dir) in &ctx.snap.dirs {
        let roles: Vec<&str> = dir
            .roles
            .iter()
            .map(String::as_str)
            .filter(|r| WRITABLE_ROLES.contains(r))
            .collect();
        if roles.is_empty() || path == "off" || !ctx.style.is_abs(path) {
            continue;
        }
        let must_exist = roles
            .iter()
            .all(|r| matches!(*r, "GOTMPDIR" | "TEMP" | "TMPDIR"));
        // macOS's system volume: unwritable even for root, whatever access(2) says.
        let sip = crate::os_macos_sip::protected_dir(ctx, path, roles[0]);
        let problem = if let Some((why, _, _)) = &sip {
            why.as_str()
        } else if dir.exists && !dir.is_dir {
            "exists but is not a directory"
        } else if !dir.exists && must_exist {
            "does not exist (go does not create its temporary directory)"
        } else if dir.writable == Some(false) {
            if dir.exists {
                "is not writable by you"
            } else {
                "can't be created: its parent is not writable by you"
            }
        } else {
            continue;
        };
        let roles_text = roles.join(", ");
        let mut f = Finding::new(
            "env/dir-not-writable",
            Severity::Error,
            format!("{roles_text} directory {} {problem}", code(path)),
            "go writes to its build cache (GOCACHE), module cache (GOMODCACHE, inside GOPATH by default), \
             install directory (GOBIN) and temporary directory (GOTMPDIR, else the system temp dir). When one \
             of them can't be written, builds, downloads or installs fail with \"permission denied\". \
             The usual cause is running `sudo go ...` once, which leaves root-owned directories in your home.",
        );
        for role in &roles {
            if ctx.var(role).is_some() {
                f.evidence.push(ctx.evidence(role));
            }
        }
        f.evidence.push(Evidence::new(
            "directory",
            path,
            format!("role: {roles_text}"),
        ));
        if let Some(near) = &dir.nearest_existing {
            let owner = dir
                .owner_uid
                .map_or(String::new(), |u| format!(", owner uid {u}"));
            f.evidence.push(Evidence::new(
                "nearest existing directory",
                format!("{near}{owner}"),
                "file system",
            ));
        }
        if let Some((_, evidence, fixes)) = sip {
            f.evidence.extend(evidence);
            f.fixes = fixes;
            out.push(f);
            continue;
        }
        let root_owned = dir.owner_uid == Some(0) && ctx.snap.host.uid.is_some_and(|u| u != 0);
        let target = dir.nearest_existing.clone().unwrap_or_else(|| path.clone());
        if root_owned && ctx.platform != Platform::Windows {
            f.fixes.push(
                Fix::new(format!("{} belongs to root (from an earlier `sudo go ...`). Give it back to yourself and stop running go with sudo.", code(&target)))
                    .with_command(format!("sudo chown -R \"$(id -u):$(id -g)\" {}", fixes::shell_quote(ctx.platform, &target))),
            );
        }
        let key = roles[0];
        if ctx.is_user_set(key) {
            f.fixes.push(fixes::remove_user_setting(ctx, key));
        } else if !root_owned {
            f.fixes
                .push(Fix::new(format!("Point {key} at a directory you own.")));
        }
        if f.fixes.is_empty() {
            f.fixes
                .push(Fix::new(format!("Point {key} at a directory you own.")));
        }
        out.push(f);
    }
    out
}

/// env/cache-dir-unavailable: the build cache is off or can't be located.
pub fn cache_dir_unavailable(ctx: &Ctx) -> Vec<Finding> {
    let Some(var) = ctx.var("GOCACHE") else {
        return Vec::new();
    };
    let value = var.value.as_str();
    let reason = if value == "off" {
        match &var.source {
            EnvSource::Process | EnvSource::UserFile { .. } | EnvSource::GorootFile { .. } => {
                "GOCACHE is set to `off`".to_string()
            }
            EnvSource::Computed { why } => format!("go could not define a cache directory: {why}"),
            EnvSource::Default => "go could not define a cache directory".to_string(),
        }
    } else if value.is_empty() {
        "GOCACHE is empty".to_string()
    } else if !ctx.style.is_abs(value) {
        format!("GOCACHE {} is not an absolute path", code(value))
    } else {
        return Vec::new();
    };
    let mut f = Finding::new(
        "env/cache-dir-unavailable",
        Severity::Error,
        format!("The build cache is unavailable: {reason}"),
        "Since Go 1.12 every build needs the build cache. go puts it in GOCACHE, by default the go-build \
         directory in your user cache directory ($XDG_CACHE_HOME or $HOME/.cache on Linux, \
         ~/Library/Caches on macOS, %LocalAppData% on Windows). When GOCACHE is `off`, relative, or \
         neither HOME nor XDG_CACHE_HOME is set (common in containers and services), builds fail with \
         \"build cache is required, but could not be located\" or \"build cache is disabled by GOCACHE=off\".",
    );
    f.evidence.push(ctx.evidence("GOCACHE"));
    for key in ["HOME", "XDG_CACHE_HOME", "LocalAppData"] {
        if let Some(v) = ctx.os_env(key) {
            f.evidence
                .push(Evidence::new(key, v, "process environment"));
        } else if key == "HOME" && ctx.platform != Platform::Windows {
            f.evidence
                .push(Evidence::new(key, "(unset)", "process environment"));
        }
    }
    if ctx.is_user_set("GOCACHE") {
        f.fixes.push(fixes::remove_user_setting(ctx, "GOCACHE"));
    }
    let suggestion = match ctx.platform {
        Platform::Windows => "%LocalAppData%\\go-build".to_string(),
        _ => match &ctx.snap.host.home {
            Some(h) if !h.is_empty() && h != "/" => {
                ctx.style.join(&ctx.style.join(h, ".cache"), "go-build")
            }
            _ => "/tmp/go-cache".to_string(),
        },
    };
    f.fixes.push(fixes::set_os_var(ctx, "GOCACHE", &suggestion, "an absolute directory you can write (in containers and services, set it in their environment)."));
    vec![f]
}

/// env/go-env-w-shadowed: a `go env -w` value is overridden by the OS environment.
pub fn go_env_w_shadowed(ctx: &Ctx) -> Vec<Finding> {
    let Some(file) = &ctx.snap.user_env_file else {
        return Vec::new();
    };
    let Some(content) = file.content.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, entry) in envfile::parse(content) {
        let Some(os_value) = ctx.os_env(&key).filter(|v| !v.is_empty()) else {
            continue;
        };
        if os_value == entry.value {
            continue;
        }
        let mut f = Finding::new(
            "env/go-env-w-shadowed",
            Severity::Warning,
            format!(
                "`go env -w {key}={}` is overridden by the OS environment ({key}={})",
                entry.value, os_value
            ),
            "go reads a setting from the OS environment first, then from the file `go env -w` writes, then \
             from $GOROOT/go.env. This setting is in both places with different values, so the `go env -w` \
             value is silently ignored (go only warns at the moment you write it). Someone changed one layer \
             expecting it to take effect.",
        );
        f.evidence
            .push(Evidence::new(&key, os_value, "process environment (wins)"));
        f.evidence
            .extend(crate::provenance::origin_evidence(ctx, &key));
        f.evidence.push(Evidence::new(
            &key,
            &entry.value,
            format!("{}:{} (go env -w, ignored)", file.path, entry.line),
        ));
        let mut keep_file = fixes::unset_os_var(ctx, &key);
        keep_file.description = format!("To use the `go env -w` value: {}", keep_file.description);
        f.fixes.push(keep_file);
        f.fixes.push(
            Fix::new(format!(
                "To keep the OS value: remove the stale entry from {}.",
                code(&file.path)
            ))
            .with_command(format!("go env -u {key}")),
        );
        out.push(f);
    }
    out
}

/// True when GO111MODULE holds a value go refuses.
pub fn go111module_invalid(ctx: &Ctx) -> bool {
    !matches!(ctx.value("GO111MODULE"), "" | "on" | "off" | "auto")
}

/// env/go111module-legacy: GO111MODULE=off/auto (GOPATH mode) or an invalid value.
pub fn go111module_legacy(ctx: &Ctx) -> Vec<Finding> {
    let value = ctx.value("GO111MODULE");
    let has_module = ctx.snap.project.go_mod.is_some() || ctx.snap.project.go_work.is_some();
    let (severity, title) = match value {
        "" | "on" => return Vec::new(),
        "off" => (
            Severity::Warning,
            "GO111MODULE=off: go runs in the legacy GOPATH mode".to_string(),
        ),
        "auto" if has_module => (
            Severity::Info,
            "GO111MODULE=auto is a leftover: module mode is the default since Go 1.16".to_string(),
        ),
        "auto" => (
            Severity::Warning,
            "GO111MODULE=auto and no go.mod here: go runs in the legacy GOPATH mode".to_string(),
        ),
        other => (
            Severity::Error,
            format!("GO111MODULE={other} is not a value go accepts (only on, off, auto)"),
        ),
    };
    let mut f = Finding::new(
        "env/go111module-legacy",
        severity,
        title,
        "GO111MODULE was the switch for the move to modules (2019-2021). Since Go 1.16 modules are always \
         on, and GOPATH mode (GO111MODULE=off, or auto outside a module) ignores go.mod, go.sum, GOPROXY \
         and `@version`, giving errors like \"cannot use path@version syntax in GOPATH mode\" or \"cannot \
         find package\". An unknown value makes go stop with \"unknown environment setting GO111MODULE\". \
         Old tutorials still tell people to set it.",
    );
    f.evidence.push(ctx.evidence("GO111MODULE"));
    f.fixes.push(fixes::remove_user_setting(ctx, "GO111MODULE"));
    vec![f]
}

/// env/global-goos-goarch: GOOS/GOARCH set globally to another platform.
pub fn global_goos_goarch(ctx: &Ctx) -> Vec<Finding> {
    let mut set = Vec::new();
    for (key, host) in [("GOOS", ctx.go_host_os()), ("GOARCH", ctx.go_host_arch())] {
        let value = ctx.value(key);
        if ctx.is_user_set(key) && !value.is_empty() && value != host {
            set.push((key, value, host));
        }
    }
    if set.is_empty() {
        return Vec::new();
    }
    let gobin = ctx.value("GOBIN");
    let gobin_set = ctx.is_user_set("GOBIN") && !gobin.is_empty();
    let target = format!("{}/{}", ctx.value("GOOS"), ctx.value("GOARCH"));
    let mut f = Finding::new(
        "env/global-goos-goarch",
        if gobin_set {
            Severity::Error
        } else {
            Severity::Warning
        },
        format!(
            "{} set for every build: everything is cross-compiled for {target}{}",
            set.iter()
                .map(|(k, v, _)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
            if gobin_set {
                ", and `go install` refuses to install with GOBIN set"
            } else {
                ""
            }
        ),
        "GOOS and GOARCH choose the platform go builds for. Set globally, every `go build`, `go run`, \
         `go test` and `go install` targets another platform: the programs don't run here, `go run` and \
         `go test` fail with \"exec format error\", tools installed with `go install` land in a \
         bin/<goos>_<goarch> subdirectory, and with GOBIN set `go install` stops with \"cannot install \
         cross-compiled binaries when GOBIN is set\". Set them per command instead.",
    );
    for (key, _, host) in &set {
        f.evidence.push(ctx.evidence(key));
        f.evidence.push(Evidence::new(
            format!("GOHOST{}", &key[2..]),
            *host,
            "the go binary's own platform",
        ));
    }
    if gobin_set {
        f.evidence.push(ctx.evidence("GOBIN"));
    }
    for (key, _, _) in &set {
        f.fixes.push(fixes::remove_user_setting(ctx, key));
    }
    f.fixes.push(Fix::new("Cross-compile per command instead.").with_command(match ctx.platform {
        Platform::Windows => format!("$env:GOOS='{}'; $env:GOARCH='{}'; go build -o out\\ .; Remove-Item Env:GOOS, Env:GOARCH", ctx.value("GOOS"), ctx.value("GOARCH")),
        _ => format!("GOOS={} GOARCH={} go build -o out/ .", ctx.value("GOOS"), ctx.value("GOARCH")),
    }));
    vec![f]
}

/// The upstream `$GOROOT/go.env` of every Go release since 1.21.
pub const UPSTREAM_GO_ENV: [(&str, &str); 3] = [
    ("GOPROXY", "https://proxy.golang.org,direct"),
    ("GOSUMDB", "sum.golang.org"),
    ("GOTOOLCHAIN", "auto"),
];

/// env/distro-defaults: `$GOROOT/go.env` differs from the upstream defaults.
pub fn distro_defaults(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    let Some(file) = &active.goroot_env_file else {
        return Vec::new();
    };
    let has_go_env = active
        .go_version()
        .and_then(gomedic_go::goversion::GoVersion::parse_go_prefixed)
        .is_some_and(|v| v.at_least(1, 21));
    if !has_go_env || file.error.is_some() || file.truncated {
        return Vec::new();
    }
    let entries = if file.exists {
        envfile::parse(file.content.as_deref().unwrap_or(""))
    } else {
        Default::default()
    };
    let mut diffs = Vec::new();
    for (key, upstream) in UPSTREAM_GO_ENV {
        let shipped = entries.get(key).map(|e| e.value.as_str());
        if shipped != Some(upstream) {
            diffs.push((key, upstream, shipped, entries.get(key).map(|e| e.line)));
        }
    }
    if diffs.is_empty() {
        return Vec::new();
    }
    let effective: Vec<_> = diffs
        .iter()
        .filter(|(key, ..)| !ctx.is_user_set(key))
        .collect();
    let mut f = Finding::new(
        "env/distro-defaults",
        if effective.is_empty() {
            Severity::Info
        } else {
            Severity::Warning
        },
        format!(
            "This Go's {} changes upstream defaults: {}",
            code(&file.path),
            diffs
                .iter()
                .map(|(k, _, shipped, _)| format!(
                    "{k}={}",
                    shipped.map_or("(missing)".to_string(), |s| format!("`{s}`"))
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "Since Go 1.21 the defaults for GOPROXY, GOSUMDB and GOTOOLCHAIN come from the file go.env in the \
         Go installation. Some distributions edit it (Fedora/RHEL shipped GOPROXY=direct, GOSUMDB=off and \
         GOTOOLCHAIN=local; others removed it). Then modules are fetched straight from version control \
         (slower, fails behind firewalls), checksums may go unverified, and a go.mod asking for a newer Go \
         fails instead of switching toolchains.",
    );
    for (key, upstream, shipped, line) in &diffs {
        let source = match line {
            Some(l) => format!("{}:{l}", file.path),
            None => format!("{} (no line)", file.path),
        };
        f.evidence.push(Evidence::new(
            format!("{key} in go.env"),
            shipped.unwrap_or("(missing)"),
            source,
        ));
        f.evidence.push(Evidence::new(
            format!("{key} upstream"),
            *upstream,
            "official Go release",
        ));
        if ctx.is_user_set(key) {
            f.evidence.push(ctx.evidence(key));
        }
    }
    for (key, upstream, ..) in &effective {
        f.fixes.push(fixes::set_go_setting(ctx, key, upstream));
    }
    if f.fixes.is_empty() {
        f.fixes.push(Fix::new("Your own settings override every changed default; nothing to do unless you remove them."));
    }
    f.fixes.push(Fix::new(
        "Or install the official release from https://go.dev/dl/.",
    ));
    vec![f]
}

/// env/goflags-malformed: GOFLAGS go rejects, or risky global flags.
pub fn goflags_malformed(ctx: &Ctx) -> Vec<Finding> {
    let value = ctx.value("GOFLAGS");
    if value.is_empty() {
        return Vec::new();
    }
    let release = crate::modules::release(ctx);
    let (severity, title, detail) = match gomedic_go::goflags::parse_goflags(value, release) {
        Err(error) => (
            Severity::Error,
            format!("GOFLAGS {} is rejected: {error}", code(value)),
            error.to_string(),
        ),
        Ok(flags) => {
            let risky = gomedic_go::goflags::risky_flags(&flags);
            let Some(first) = risky.first() else {
                return Vec::new();
            };
            let list = risky
                .iter()
                .map(|r| format!("`{}`", r.flag.text))
                .collect::<Vec<_>>()
                .join(", ");
            (
                Severity::Warning,
                format!("GOFLAGS applies {list} to every go command"),
                first.reason.to_string(),
            )
        }
    };
    let mut f = Finding::new(
        "env/goflags-malformed",
        severity,
        title,
        "GOFLAGS holds flags added to every go command. go splits it on spaces (quotes only around a whole \
         word), and each word must be a flag some go command knows; otherwise every build stops with \
         \"go: parsing $GOFLAGS: ...\". `-ldflags='-s -w'` cannot be written this way (use `-ldflags=-s` style \
         single words, or put such flags in a Makefile). Flags that suit one project (-mod=vendor, -mod=mod, \
         -modcacherw, -insecure) surprise you when set machine-wide.",
    );
    f.evidence.push(ctx.evidence("GOFLAGS"));
    f.evidence.push(Evidence::new(
        "problem",
        detail,
        format!(
            "GOFLAGS rules of go {}",
            if release.is_empty() {
                "(newest)"
            } else {
                release
            }
        ),
    ));
    f.fixes.push(fixes::remove_user_setting(ctx, "GOFLAGS"));
    f.fixes.push(Fix::new("Pass build flags per project (Makefile, CI script) instead, one flag per word, e.g. `go build -tags=a,b ./...`."));
    vec![f]
}
