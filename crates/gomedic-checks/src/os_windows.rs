//! Windows: Microsoft Defender against Go's directories, long paths, and
//! characters in Go's paths that trip C toolchains.

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_model::os_facts::WindowsOsFacts;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The path length Windows APIs refuse beyond without long-path support (MAX_PATH).
const MAX_PATH: usize = 260;
/// Report long paths from this length on: a little headroom for deeper files.
const LONG_PATH_WARNING: usize = 240;

fn windows<'a>(ctx: &Ctx<'a>) -> Option<&'a WindowsOsFacts> {
    ctx.snap.os.windows.as_ref()
}

/// Expands `%NAME%` with the snapshot's environment (names case-insensitive,
/// as Windows does); unknown names stay as written.
pub fn expand_percent(ctx: &Ctx, value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('%') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        match ctx
            .snap
            .env
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            Some((_, v)) if !name.is_empty() => out.push_str(v),
            _ => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether Defender's exclusion `exclusion` covers `dir` (the folder itself or
/// a parent; a trailing `\*` or `*` covers the contents).
pub(crate) fn excluded(ctx: &Ctx, dir: &str, exclusion: &str) -> bool {
    let expanded = expand_percent(ctx, exclusion);
    let trimmed = expanded.trim_end_matches('*').trim_end_matches(['\\', '/']);
    !trimmed.is_empty() && !trimmed.contains('*') && ctx.style.is_within(dir, trimmed)
}

/// The directories Go writes many new files to, or runs programs from, with why.
fn go_write_dirs(ctx: &Ctx) -> Vec<(String, String)> {
    let mut dirs: Vec<(String, String)> = Vec::new();
    let mut add = |path: &str, why: &str| {
        if !path.is_empty() && !dirs.iter().any(|(p, _)| ctx.style.same(p, path)) {
            dirs.push((path.to_string(), why.to_string()));
        }
    };
    if let Some(root) = ctx.goroot() {
        add(
            root,
            "GOROOT: compile, link and the other tools run from here",
        );
    }
    add(
        ctx.value("GOCACHE"),
        "GOCACHE: every compiled package and test binary",
    );
    let gotmpdir = ctx.value("GOTMPDIR");
    if gotmpdir.is_empty() {
        add(
            &ctx.snap.host.temp_dir,
            "TEMP: go build, go run and go test link executables under go-build* here",
        );
    } else {
        add(
            gotmpdir,
            "GOTMPDIR: go build, go run and go test link executables here",
        );
    }
    add(ctx.value("GOMODCACHE"), "GOMODCACHE: downloaded modules");
    for entry in ctx.style.split_list(ctx.value("GOPATH")) {
        add(&entry, "GOPATH");
    }
    add(&ctx.snap.project.dir, "the project");
    dirs
}

/// os/windows-defender: real-time scanning of Go's directories, recent
/// detections of Go's programs, another antivirus scanning in Defender's place.
pub fn windows_defender(ctx: &Ctx) -> Vec<Finding> {
    let Some(win) = windows(ctx) else {
        return Vec::new();
    };
    let mut out = crate::os_windows_security::detections(ctx);
    if !crate::os_windows_security::defender_passive(win) {
        let mut scanning = defender_exclusions(ctx, win);
        if let Some(unread) = crate::os_windows_security::detections_unreadable(win) {
            for f in &mut scanning {
                f.evidence.push(unread.clone());
            }
        }
        out.extend(scanning);
    }
    out.extend(crate::os_windows_security::third_party(ctx));
    out
}

/// Real-time scanning of Go's directories not covered by an exclusion.
fn defender_exclusions(ctx: &Ctx, win: &WindowsOsFacts) -> Vec<Finding> {
    let off = [&win.realtime_disabled, &win.realtime_disabled_policy]
        .iter()
        .any(|f| f.value() == Some("1"));
    // Without Defender, or with real-time protection off (os/protection-disabled), nothing is scanned here.
    if !win.defender_present || off {
        return Vec::new();
    }
    let dirs = go_write_dirs(ctx);
    let realtime = Evidence::new(
        "DisableRealtimeMonitoring",
        win.realtime_disabled
            .value()
            .map_or("not set (real-time protection on)".to_string(), |v| {
                format!("{v} (real-time protection on)")
            }),
        &win.realtime_disabled.source,
    );
    let dev_drive = Fix::new(
        "Recommended: keep GOPATH, GOCACHE, GOTMPDIR and your projects on a Dev Drive (Windows 11: Settings > System > Storage > Disks & volumes > Create dev drive). Defender scans a trusted Dev Drive asynchronously (performance mode) without switching protection off.",
    )
    .with_command(fixes::go_env_w(ctx.platform, "GOPATH", "D:\\go"))
    .with_command(fixes::go_env_w(ctx.platform, "GOCACHE", "D:\\go\\build-cache"))
    .with_command(fixes::go_env_w(ctx.platform, "GOTMPDIR", "D:\\go\\tmp"));
    let Some(exclusions) = &win.exclusion_paths else {
        let why = win.exclusions_error.as_deref().unwrap_or("unknown");
        return vec![Finding {
            id: "os/windows-defender".to_string(),
            severity: Severity::Info,
            title: format!(
                "Defender real-time protection is on; whether Go's directories are excluded is unknown (could not read {}: {why})",
                win.exclusions_source
            ),
            evidence: vec![
                realtime,
                Evidence::new("exclusions", format!("could not read: {why}"), &win.exclusions_source),
            ],
            explanation: explanation(),
            fixes: vec![
                Fix::new("List the exclusions in an elevated PowerShell and compare them with GOROOT, GOCACHE, TEMP/GOTMPDIR, GOMODCACHE, GOPATH and your projects:")
                    .with_command("(Get-MpPreference).ExclusionPath"),
                dev_drive,
            ],
        }];
    };
    let uncovered: Vec<&(String, String)> = dirs
        .iter()
        .filter(|(dir, _)| !exclusions.iter().any(|e| excluded(ctx, dir, e)))
        .collect();
    if uncovered.is_empty() {
        return Vec::new();
    }
    let mut evidence = vec![
        realtime,
        Evidence::new(
            "exclusion paths",
            if exclusions.is_empty() {
                "(none)".to_string()
            } else {
                exclusions.join("; ")
            },
            &win.exclusions_source,
        ),
    ];
    for (dir, why) in &uncovered {
        evidence.push(Evidence::new("scanned", dir, why));
    }
    let temp_uncovered = ctx.value("GOTMPDIR").is_empty()
        && uncovered
            .iter()
            .any(|(d, _)| ctx.style.same(d, &ctx.snap.host.temp_dir));
    let mut to_exclude: Vec<String> = uncovered
        .iter()
        .filter(|(d, _)| !(temp_uncovered && ctx.style.same(d, &ctx.snap.host.temp_dir)))
        .map(|(d, _)| d.clone())
        .collect();
    let mut fixes = vec![dev_drive];
    if temp_uncovered {
        let home = ctx.snap.host.home.clone().unwrap_or_default();
        let gotmp = ctx.style.join(&ctx.style.join(&home, "go"), "tmp");
        fixes.push(
            Fix::new(format!(
                "Give go its own temporary folder instead of excluding all of TEMP: {}.",
                code(&gotmp)
            ))
            .with_command(format!(
                "New-Item -ItemType Directory -Force {}",
                fixes::shell_quote(ctx.platform, &gotmp)
            ))
            .with_command(fixes::go_env_w(ctx.platform, "GOTMPDIR", &gotmp)),
        );
        to_exclude.push(gotmp);
    }
    let list = to_exclude
        .iter()
        .map(|d| format!("'{}'", d.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",");
    fixes.push(
        Fix::new("Or exclude exactly these folders from scanning, in an elevated PowerShell (only folders you trust: your own build output and Go's caches).")
            .with_command(format!("Add-MpPreference -ExclusionPath {list}")),
    );
    fixes.push(Fix::new(
        "Do not switch real-time protection off: that removes it for the whole machine, and a few targeted folder exclusions give the same speed.",
    ));
    vec![Finding {
        id: "os/windows-defender".to_string(),
        severity: Severity::Warning,
        title: format!(
            "Defender scans Go's directories in real time: {} not excluded",
            uncovered
                .iter()
                .map(|(d, _)| code(d))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        evidence,
        explanation: explanation(),
        fixes,
    }]
}

fn explanation() -> String {
    "Microsoft Defender scans every new executable before it may run. `go build`, `go test` and `go run` link a fresh \
     executable for every package and test into the temp dir and the build cache, so builds and tests get several \
     times slower; heuristics sometimes flag a freshly linked test binary (\"Trojan:Win32/Wacatac.B!ml\") and \
     quarantine it, and the go command then fails with \"Operation did not complete successfully because the file \
     contains a virus\" or \"Access is denied\". Third-party antivirus behaves the same way or worse."
        .to_string()
}

/// os/windows-long-paths: module cache paths longer than MAX_PATH while
/// long paths are off.
pub fn windows_long_paths(ctx: &Ctx) -> Vec<Finding> {
    let Some(win) = windows(ctx) else {
        return Vec::new();
    };
    if win.long_paths_enabled.value() == Some("1") {
        return Vec::new();
    }
    let Some(longest) = &win.longest_modcache_path else {
        return Vec::new();
    };
    let length = longest.chars().count();
    if length < LONG_PATH_WARNING {
        return Vec::new();
    }
    let setting = match (
        win.long_paths_enabled.value(),
        &win.long_paths_enabled.error,
    ) {
        (Some(v), _) => v.to_string(),
        (None, Some(e)) => format!("could not read: {e}"),
        (None, None) => "not set (long paths off)".to_string(),
    };
    let short = "C:\\gomod";
    vec![Finding {
        id: "os/windows-long-paths".to_string(),
        severity: if length >= MAX_PATH {
            Severity::Warning
        } else {
            Severity::Info
        },
        title: format!(
            "the module cache has paths of {length} characters while LongPathsEnabled is off (limit {MAX_PATH})"
        ),
        evidence: vec![
            Evidence::new("LongPathsEnabled", setting, &win.long_paths_enabled.source),
            Evidence::new("longest path in GOMODCACHE", longest, format!("{length} characters")),
            ctx.evidence("GOMODCACHE"),
        ],
        explanation: format!(
            "Without long-path support Windows programs cannot open paths longer than {MAX_PATH} characters. The go \
             command itself copes (it adds the \\\\?\\ prefix), but the C compiler cgo runs on module sources, git \
             working in the module cache, editors, Explorer and `Remove-Item` fail on such files, and deleting the \
             cache fails half way."
        ),
        fixes: vec![
            Fix::new("Enable long paths (an elevated PowerShell; takes effect for newly started programs), and in git:")
                .with_command("New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\FileSystem' -Name LongPathsEnabled -Value 1 -PropertyType DWORD -Force")
                .with_command("git config --global core.longpaths true"),
            Fix::new(format!("Or shorten every path by moving the module cache to a short folder such as {}.", code(short)))
                .with_command(fixes::go_env_w(ctx.platform, "GOMODCACHE", short)),
        ],
    }]
}

/// env/path-characters: non-ASCII characters in Go's directories while cgo
/// is on (Windows: the C toolchain reads paths in the ANSI code page).
pub fn path_characters(ctx: &Ctx) -> Vec<Finding> {
    if !ctx.snap.is_windows() || ctx.value("CGO_ENABLED") != "1" {
        return Vec::new();
    }
    let mut bad: Vec<(String, String)> = Vec::new();
    for (path, fact) in &ctx.snap.dirs {
        let roles: Vec<&str> = fact
            .roles
            .iter()
            .map(String::as_str)
            .filter(|r| {
                matches!(
                    *r,
                    "GOPATH" | "GOMODCACHE" | "GOCACHE" | "GOTMPDIR" | "TEMP"
                )
            })
            .collect();
        if !roles.is_empty() && !path.is_ascii() {
            bad.push((path.clone(), roles.join(", ")));
        }
    }
    if bad.is_empty() {
        return Vec::new();
    }
    let mut evidence: Vec<Evidence> = bad
        .iter()
        .map(|(p, roles)| Evidence::new(roles, p, "Go settings / TEMP"))
        .collect();
    evidence.push(ctx.evidence("CGO_ENABLED"));
    let base = "C:\\dev\\go";
    vec![Finding {
        id: "env/path-characters".to_string(),
        severity: Severity::Warning,
        title: format!(
            "cgo is on and Go's directories contain non-ASCII characters: {}",
            bad.iter()
                .map(|(p, r)| format!("{} ({r})", code(p)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        evidence,
        explanation: "The go command handles any Unicode path, but with cgo it runs a MinGW gcc or clang that \
            reads file names in the system's ANSI code page; characters outside it (a user name such as \
            `José` or `Иван` in C:\\Users) make the C compiler fail to open the files go hands it in the build \
            cache and temp dir. The defaults of GOPATH, GOCACHE and TEMP are all under the user profile. Spaces \
            alone are fine: go passes paths to the C compiler as separate arguments."
            .to_string(),
        fixes: vec![
            fixes::set_go_setting(ctx, "GOPATH", base),
            fixes::set_go_setting(ctx, "GOCACHE", &format!("{base}\\build-cache")),
            fixes::set_go_setting(ctx, "GOTMPDIR", &format!("{base}\\tmp")),
        ],
    }]
}

/// env/set-in-several-places on Windows: a Go variable set to different
/// values in the user and the machine environment of the registry.
pub fn env_scopes(ctx: &Ctx) -> Vec<Finding> {
    let Some(win) = &ctx.snap.os.windows else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut names: Vec<String> = win
        .registry_env
        .iter()
        .map(|v| v.name.to_ascii_uppercase())
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        let of = |scope: &str| {
            win.registry_env
                .iter()
                .find(|v| v.scope == scope && v.name.eq_ignore_ascii_case(&name))
        };
        let (Some(user), Some(machine)) = (of("user"), of("machine")) else {
            continue;
        };
        if ctx.style.same(user.effective(), machine.effective()) {
            continue;
        }
        let shown = |v: &gomedic_model::os_facts::RegistryEnvValue| match &v.expanded {
            Some(e) if e != &v.raw => format!("{} (REG_EXPAND_SZ: {})", e, v.raw),
            _ => v.raw.clone(),
        };
        let now = ctx.os_env(&user.name).or_else(|| ctx.os_env(&name));
        let process_has_machine = now.is_some_and(|n| ctx.style.same(n, machine.effective()));
        let mut evidence = vec![
            Evidence::new(format!("{} (user)", user.name), shown(user), &user.source),
            Evidence::new(
                format!("{} (machine)", machine.name),
                shown(machine),
                &machine.source,
            ),
            Evidence::new(
                format!("{name} now"),
                now.unwrap_or("(unset)"),
                "process environment",
            ),
        ];
        let mut explanation = format!(
            "Windows builds each new logon environment from the machine variables, then the user's: a user \
             {name} replaces the machine's. You get the user value ({}); other accounts, services, scheduled \
             tasks and build agents running as another user (SYSTEM, a CI service account) get the machine \
             value ({}). The same go then behaves differently for them, which is hard to see from your terminal.",
            code(user.effective()),
            code(machine.effective()),
        );
        if process_has_machine {
            explanation.push_str(
                " This process has the machine value: it was started before the user value was set, or by \
                 a program that does not reload the environment — restart it (or sign out and in).",
            );
        }
        if ctx.var(&name).is_some() {
            evidence.push(ctx.evidence(&name));
        }
        out.push(Finding {
            id: "env/set-in-several-places".to_string(),
            severity: Severity::Warning,
            title: format!(
                "{name} is set differently for the user ({}) and the machine ({})",
                code(user.effective()),
                code(machine.effective())
            ),
            evidence,
            explanation,
            fixes: vec![
                Fix::new(format!(
                    "Keep {name} in one scope only. To keep the machine value for everyone, remove yours; then open a new terminal and restart editors:"
                ))
                .with_command(format!(
                    "[Environment]::SetEnvironmentVariable('{}', $null, 'User')",
                    user.name
                )),
                Fix::new(format!(
                    "Or, to keep yours, remove the machine {name} (elevated PowerShell) — only if no service or other account relies on it:"
                ))
                .with_command(format!(
                    "[Environment]::SetEnvironmentVariable('{}', $null, 'Machine')",
                    machine.name
                )),
            ],
        });
    }
    out
}

/// Whether a path is inside a `Microsoft\WindowsApps` folder (App Execution
/// Aliases of Store apps, e.g. `%LOCALAPPDATA%\Microsoft\WindowsApps`).
pub fn in_windows_apps(path: &str) -> bool {
    path.to_ascii_lowercase()
        .replace('/', "\\")
        .contains("\\microsoft\\windowsapps\\")
}

/// toolchain/go-shadowed, WindowsApps case: a `go.exe` in a WindowsApps
/// folder comes first on PATH. Whatever it is (an App Execution Alias of a
/// Store package, a file dropped there), it is not a Go installation, and it
/// hides the real Go found later on PATH.
pub fn windows_apps_go(ctx: &Ctx) -> Vec<Finding> {
    let on_path: Vec<&gomedic_model::snapshot::GoBinary> = ctx.snap.on_path().collect();
    let Some(first) = on_path.first() else {
        return Vec::new();
    };
    if !in_windows_apps(&first.path) {
        return Vec::new();
    }
    let real = on_path.iter().skip(1).find(|g| !in_windows_apps(&g.path));
    let mut evidence = vec![Evidence::new(
        "go.exe in WindowsApps",
        match &first.file_problem {
            Some(problem) => format!("{} ({problem})", first.path),
            None => first.path.clone(),
        },
        format!(
            "PATH entry {}",
            first.path_index.map_or("?".to_string(), |i| i.to_string())
        ),
    )];
    if let Some(real) = real {
        evidence.push(Evidence::new(
            "Go found later on PATH",
            &real.path,
            format!(
                "PATH entry {}",
                real.path_index.map_or("?".to_string(), |i| i.to_string())
            ),
        ));
    }
    let folder = first
        .path
        .rsplit_once(['\\', '/'])
        .map_or(first.path.as_str(), |(dir, _)| dir);
    let mut fixes = vec![Fix::new(
        "If it is an App Execution Alias: Settings > Apps > Advanced app settings > App execution aliases, and switch off the alias named go.exe (this removes only the alias).",
    )];
    match real {
        Some(real) => {
            let bin = real
                .path
                .rsplit_once(['\\', '/'])
                .map_or(real.path.as_str(), |(dir, _)| dir);
            fixes.push(Fix::new(format!(
                "Or put Go's folder {} before {} in your user Path (System Properties > Environment Variables, or the command below), then open a new terminal.",
                code(bin),
                code(folder)
            )).with_command(format!(
                "[Environment]::SetEnvironmentVariable('Path', {} + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')",
                fixes::shell_quote(ctx.platform, &format!("{bin};"))
            )));
        }
        None => fixes.push(
            Fix::new("Install Go from https://go.dev/dl/ (the MSI puts its bin folder on PATH), then open a new terminal.")
                .with_command("winget install GoLang.Go"),
        ),
    }
    vec![Finding {
        id: "toolchain/go-shadowed".to_string(),
        severity: Severity::Error,
        title: format!(
            "{} in WindowsApps comes first on PATH{}",
            code(&first.path),
            match real {
                Some(real) => format!(" and hides {}", code(&real.path)),
                None => String::new(),
            }
        ),
        evidence,
        explanation: "`%LOCALAPPDATA%\\Microsoft\\WindowsApps` is on every user's PATH. It holds App Execution \
            Aliases: zero-byte reparse points that start Store packages, which ordinary programs cannot read as \
            files. A go.exe there is not a Go installation: typing `go` runs whatever it points at (or fails), \
            while tools that read the file (editors looking for GOROOT, gomedic) see no Go at all. Because the \
            folder usually comes before folders added later, it also hides a real Go installed afterwards."
            .to_string(),
        fixes,
    }]
}
