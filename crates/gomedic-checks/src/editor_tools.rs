//! editor/gopls-stale, editor/delve-stale and editor/tool-foreign-arch: the
//! Go programs editors run (gopls, dlv, and anything in GOBIN/GOPATH/bin or on
//! PATH), judged from their build info against the active Go, the project's
//! go line and the host platform.

use crate::context::{Ctx, Platform, code};
use crate::fixes::shell_quote;
use gomedic_go::gotoolchain::go_mod_lookup;
use gomedic_go::goversion::GoVersion;
use gomedic_go::semver;
use gomedic_model::editor_tools::{InstalledTool, ToolSource};
use gomedic_model::{Evidence, Finding, Fix, Severity};

const GOPLS_MODULE: &str = "golang.org/x/tools/gopls";
const GOPLS_PACKAGE: &str = "golang.org/x/tools/gopls";
const DELVE_MODULE: &str = "github.com/go-delve/delve";
const DELVE_PACKAGE: &str = "github.com/go-delve/delve/cmd/dlv";

/// The minor number of a `go1.N[.P]` release string, when it is one.
fn go_minor(release: &str) -> Option<u64> {
    GoVersion::parse_go_prefixed(release)
        .filter(|v| v.at_least(1, 0))
        .map(|v| v.minor_number())
}

/// The active go's release (`go1.22.10`), from its build info or VERSION.
fn active_release<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    ctx.active()?.go_version()
}

/// The project's go.mod `go` line, when there is one.
fn project_go_line(ctx: &Ctx) -> Option<(String, String)> {
    let go_mod = ctx.snap.project.go_mod.as_ref().filter(|f| f.exists)?;
    let line = go_mod_lookup(go_mod.content.as_deref()?, "go")?;
    Some((line, go_mod.path.clone()))
}

/// Distinct files (by resolved path) of a module, in search order.
fn distinct<'a>(ctx: &Ctx<'a>, module: &'a str) -> Vec<&'a InstalledTool> {
    let mut out: Vec<&InstalledTool> = Vec::new();
    for tool in ctx.snap.editor_tools.by_module(module) {
        let key = tool.real_path.as_deref().unwrap_or(&tool.path);
        if !out
            .iter()
            .any(|t| t.real_path.as_deref().unwrap_or(&t.path) == key)
        {
            out.push(tool);
        }
    }
    out
}

/// The copy a shell or an editor that searches PATH runs: the first on PATH.
fn first_on_path<'a>(tools: &[&'a InstalledTool]) -> Option<&'a InstalledTool> {
    tools
        .iter()
        .filter_map(|t| Some((t.path_index()?, *t)))
        .min_by_key(|(index, _)| *index)
        .map(|(_, t)| t)
}

/// Evidence naming one tool: module@version, the Go that built it, where found.
fn tool_evidence(label: &str, tool: &InstalledTool) -> Vec<Evidence> {
    vec![
        Evidence::new(label, &tool.path, format!("found in {}", tool.found_in())),
        Evidence::new(
            format!("{label}: module"),
            tool.module_at_version(),
            "its build info (go version -m)",
        ),
        Evidence::new(
            format!("{label}: built with"),
            tool.go_version.as_deref().unwrap_or("unknown"),
            "its build info (go version -m)",
        ),
    ]
}

/// `go install PACKAGE@latest`, run with the active go.
fn reinstall(package: &str, why: &str) -> Fix {
    Fix::new(format!(
        "Reinstall it with the Go you use (Go 1.21 or later downloads a newer toolchain by itself when the tool needs one), {why}."
    ))
    .with_command(format!("go install {package}@latest"))
}

/// Removes a file, for the platform's shell.
fn remove_file(platform: Platform, path: &str) -> String {
    match platform {
        Platform::Windows => format!("Remove-Item {}", shell_quote(platform, path)),
        _ => format!("rm {}", shell_quote(platform, path)),
    }
}

// ---------------------------------------------------------------------------
// gopls

/// The final gopls release that supports a go command of a given minor
/// version without warnings (gopls/README.md and gopls/doc/index.md of
/// golang/tools, "Supported Go versions"): Go 1.12 → v0.7.5, 1.15 → v0.9.5,
/// 1.17 → v0.11.0, 1.18 → v0.14.2, 1.20 → v0.15.3. Releases between rows
/// take the next row ("Go releases more recent than those in the table can be
/// used with any version of gopls"); Go 1.21 and later have no limit.
fn final_gopls_for_go_minor(minor: u64) -> Option<&'static str> {
    match minor {
        0..=12 => Some("v0.7.5"),
        13..=15 => Some("v0.9.5"),
        16..=17 => Some("v0.11.0"),
        18 => Some("v0.14.2"),
        19..=20 => Some("v0.15.3"),
        _ => None,
    }
}

/// Why one gopls fails or misbehaves here, worst first.
struct GoplsProblem {
    severity: Severity,
    reason: String,
    evidence: Vec<Evidence>,
}

fn gopls_problems(ctx: &Ctx, gopls: &InstalledTool) -> Vec<GoplsProblem> {
    let mut problems = Vec::new();
    let built = gopls.go_version.as_deref().and_then(go_minor);
    // go/types, compiled into gopls, refuses a package whose language
    // version (the go.mod go line) is newer than the Go release that built
    // it: "package requires newer Go version go1.N" (golang/go
    // src/go/types/check.go, checkFiles; Go 1.27 adds "(application built
    // with go1.M)"). The comparison is on language versions (go1.22.3 → go1.22).
    if let (Some(built), Some((line, file))) = (built, project_go_line(ctx))
        && let Some(wanted) = GoVersion::parse(&line)
        && wanted.at_least(1, built + 1)
    {
        problems.push(GoplsProblem {
            severity: Severity::Error,
            reason: format!(
                "it was built with {} and cannot type-check this module, which says `go {line}` (gopls reports \"package requires newer Go version go{}\")",
                gopls.go_version.as_deref().unwrap_or_default(),
                wanted.lang()
            ),
            evidence: vec![Evidence::new("go line", format!("go {line}"), file)],
        });
    }
    // gopls supports only the latest Go as the Go that builds it (gopls/doc/
    // index.md, "Supported Go versions", from gopls@v0.17.0): a gopls built
    // with an older Go than the active one cannot check code that uses the
    // newer language version.
    if let (Some(built), Some(active)) = (built, active_release(ctx))
        && let Some(active_minor) = go_minor(active)
        && active_minor > built
        && problems.is_empty()
    {
        problems.push(GoplsProblem {
            severity: Severity::Warning,
            reason: format!(
                "it was built with {}, older than the active {active}; modules that move their go line to go1.{active_minor} will fail in the editor",
                gopls.go_version.as_deref().unwrap_or_default()
            ),
            evidence: vec![Evidence::new(
                "active go",
                active,
                ctx.active().map_or("", |g| g.path.as_str()),
            )],
        });
    }
    // gopls newer than the final release supporting the active go command.
    if let Some(active) = active_release(ctx)
        && let Some(active_minor) = go_minor(active)
        && let Some(last) = final_gopls_for_go_minor(active_minor)
        && semver::is_valid(&gopls.module_version)
        && semver::compare(&gopls.module_version, last).is_gt()
    {
        problems.push(GoplsProblem {
            severity: Severity::Warning,
            reason: format!(
                "gopls {} does not support the go command of {active}; the last gopls that does is {last}",
                gopls.module_version
            ),
            evidence: vec![Evidence::new(
                "active go",
                active,
                ctx.active().map_or("", |g| g.path.as_str()),
            )],
        });
    }
    problems
}

/// editor/gopls-stale: gopls built with a Go too old for the project or the
/// active go, unsupported by the active go, or several different copies.
pub fn gopls_stale(ctx: &Ctx) -> Vec<Finding> {
    let copies = distinct(ctx, GOPLS_MODULE);
    let winner = first_on_path(&copies);
    let mut findings = Vec::new();
    for gopls in &copies {
        let problems = gopls_problems(ctx, gopls);
        let Some(severity) = problems.iter().map(|p| p.severity).max() else {
            continue;
        };
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        let mut f = Finding::new(
            "editor/gopls-stale",
            severity,
            format!(
                "gopls {} at {}: {}",
                gopls.module_version,
                code(&gopls.path),
                reasons[0]
            ),
            format!(
                "gopls type-checks your code with the go/types package of the Go release that built it, and runs the \
                 go command you have for package information. {} Editors then show errors on correct code, no \
                 completion, or \"packages.Load error\".",
                reasons.join("; also, ")
            ),
        );
        f.evidence.extend(tool_evidence("gopls", gopls));
        for p in problems {
            f.evidence.extend(p.evidence);
        }
        f.fixes.push(reinstall(
            GOPLS_PACKAGE,
            "then restart the editor's language server",
        ));
        findings.push(f);
    }
    if let Some(f) = several_gopls(ctx, &copies, winner) {
        findings.push(f);
    }
    findings
}

/// Several gopls builds that differ (version or Go release): which one runs
/// depends on how the editor looks it up.
fn several_gopls(
    ctx: &Ctx,
    copies: &[&InstalledTool],
    winner: Option<&InstalledTool>,
) -> Option<Finding> {
    let differ = copies.iter().any(|t| {
        t.module_version != copies[0].module_version || t.go_version != copies[0].go_version
    });
    if copies.len() < 2 || !differ {
        return None;
    }
    // The copy `go install` replaces: the one in GOBIN or GOPATH/bin.
    let installed = copies.iter().copied().find(|t| {
        t.sources
            .iter()
            .any(|s| !matches!(s, ToolSource::Path { .. }))
    });
    let mut f = Finding::new(
        "editor/gopls-stale",
        Severity::Warning,
        format!(
            "{} different gopls builds are installed{}",
            copies.len(),
            winner.map_or(String::new(), |w| format!(
                "; PATH runs {} ({})",
                code(&w.path),
                w.module_version
            ))
        ),
        "A shell runs the first gopls on PATH, editors differ in where they look (VS Code Go also searches GOBIN \
         and GOPATH/bin), and `go install golang.org/x/tools/gopls@latest` only replaces the copy in GOBIN. With several copies the \
         editor may keep running an old gopls after an update, and two editors may behave differently.",
    );
    for (i, tool) in copies.iter().enumerate() {
        f.evidence
            .extend(tool_evidence(&format!("gopls #{}", i + 1), tool));
    }
    let keep = installed.or(winner).unwrap_or(copies[0]);
    let mut fix = Fix::new(format!(
        "Keep one gopls ({}), remove the others, and make sure its directory comes first on PATH.",
        code(&keep.path)
    ));
    for tool in copies
        .iter()
        .filter(|t| t.path != keep.path && t.real_path != keep.real_path)
    {
        fix = fix.with_command(remove_file(ctx.platform, &tool.path));
    }
    f.fixes.push(reinstall(
        GOPLS_PACKAGE,
        "so that the copy in GOBIN is current",
    ));
    f.fixes.push(fix);
    Some(f)
}

// ---------------------------------------------------------------------------
// Delve

/// The Go releases each Delve release accepts: `(tag, min minor, max minor)`
/// from `MinSupportedVersionOfGoMinor` / `MaxSupportedVersionOfGoMinor` in
/// pkg/goversion/compat.go at each tag of github.com/go-delve/delve (the
/// check exists since v1.4.0; read from the tags v1.4.0 to v1.27.1). Delve
/// refuses a program built by a newer Go: "Version of Delve is too old for
/// Go version goX (maximum supported version 1.N, suppress this error with
/// --check-go-version=false)", and an older one: "Go version goX is too old
/// for this version of Delve (minimum supported version 1.N, ...)".
const DELVE_GO_WINDOW: &[(&str, u64, u64)] = &[
    ("v1.4.0", 11, 14),
    ("v1.4.1", 12, 14),
    ("v1.5.0", 12, 15),
    ("v1.5.1", 13, 15),
    ("v1.6.0", 13, 16),
    ("v1.6.1", 14, 16),
    ("v1.7.0", 15, 17),
    ("v1.7.1", 15, 17),
    ("v1.7.2", 15, 17),
    ("v1.7.3", 15, 17),
    ("v1.8.0", 16, 18),
    ("v1.8.1", 16, 18),
    ("v1.8.2", 16, 18),
    ("v1.8.3", 16, 18),
    ("v1.9.0", 16, 19),
    ("v1.9.1", 17, 19),
    ("v1.20.0", 18, 20),
    ("v1.20.1", 18, 20),
    ("v1.20.2", 18, 20),
    ("v1.21.0", 18, 21),
    ("v1.21.1", 19, 21),
    ("v1.21.2", 19, 21),
    ("v1.22.0", 19, 22),
    ("v1.22.1", 19, 22),
    ("v1.23.0", 21, 23),
    ("v1.23.1", 21, 23),
    ("v1.24.0", 21, 24),
    ("v1.24.1", 21, 24),
    ("v1.24.2", 21, 24),
    ("v1.25.0", 21, 24),
    ("v1.25.1", 22, 25),
    ("v1.25.2", 22, 25),
    ("v1.26.0", 24, 26),
    ("v1.26.1", 24, 26),
    ("v1.26.2", 24, 26),
    ("v1.26.3", 24, 26),
    ("v1.27.0", 25, 27),
    ("v1.27.1", 25, 27),
];

/// The first Delve release that checks for DWARF 5 and refuses it unless
/// Delve itself was built with Go 1.25 or later ("To debug executables using
/// DWARFv5 or later Delve must be built with Go version 1.25.0 or later",
/// pkg/goversion/compat.go, commit b329489c, first tagged in v1.24.2). Go
/// 1.25 and later emit DWARF 5 except for darwin, ios and aix
/// (internal/buildcfg/exp.go, `dwarf5Supported`), unless
/// GOEXPERIMENT=nodwarf5.
const DELVE_DWARF5_CHECK_SINCE: &str = "v1.24.2";

fn delve_window(version: &str) -> Option<(u64, u64)> {
    DELVE_GO_WINDOW
        .iter()
        .find(|(tag, _, _)| *tag == version)
        .map(|(_, min, max)| (*min, *max))
}

/// Why Delve refuses programs of the active go, when it does.
fn delve_problem(ctx: &Ctx, dlv: &InstalledTool, active: &str) -> Option<(String, String)> {
    let active_minor = go_minor(active)?;
    if let Some((min, max)) = delve_window(&dlv.module_version) {
        if active_minor > max {
            return Some((
                format!(
                    "Delve {} supports Go up to 1.{max}, but the active go is {active}",
                    dlv.module_version
                ),
                format!(
                    "Version of Delve is too old for Go version {active} (maximum supported version 1.{max}, suppress this error with --check-go-version=false)"
                ),
            ));
        }
        if active_minor < min {
            return Some((
                format!(
                    "Delve {} supports Go 1.{min} and later, but the active go is {active}",
                    dlv.module_version
                ),
                format!(
                    "Go version {active} is too old for this version of Delve (minimum supported version 1.{min}, suppress this error with --check-go-version=false)"
                ),
            ));
        }
    }
    let dwarf5 = active_minor >= 25
        && !matches!(ctx.go_host_os(), "darwin" | "ios" | "aix")
        && !ctx
            .value("GOEXPERIMENT")
            .split(',')
            .any(|e| e.trim() == "nodwarf5");
    let built = dlv.go_version.as_deref().and_then(go_minor)?;
    if dwarf5
        && built < 25
        && semver::is_valid(&dlv.module_version)
        && semver::compare(&dlv.module_version, DELVE_DWARF5_CHECK_SINCE).is_ge()
    {
        return Some((
            format!(
                "Delve {} was built with {}, but programs built by {active} carry DWARF 5, which it reads only when built with Go 1.25 or later",
                dlv.module_version,
                dlv.go_version.as_deref().unwrap_or_default()
            ),
            "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later".to_string(),
        ));
    }
    None
}

/// editor/delve-stale: Delve refuses to debug programs of the active go.
pub fn delve_stale(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = active_release(ctx) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for dlv in distinct(ctx, DELVE_MODULE) {
        let Some((reason, message)) = delve_problem(ctx, dlv, active) else {
            continue;
        };
        let mut f = Finding::new(
            "editor/delve-stale",
            Severity::Error,
            format!("{reason} ({})", code(&dlv.path)),
            format!(
                "Each Delve release debugs programs of a fixed window of Go releases and refuses others before it \
                 starts: `dlv debug`, `dlv test` and the editor's debugger fail with \"{message}\". \
                 --check-go-version=false only turns the refusal into undefined behaviour."
            ),
        );
        f.evidence.extend(tool_evidence("dlv", dlv));
        f.evidence.push(Evidence::new(
            "active go",
            active,
            ctx.active().map_or("", |g| g.path.as_str()),
        ));
        f.fixes.push(reinstall(
            DELVE_PACKAGE,
            "and restart the editor's debug session",
        ));
        if dlv.sources.len() == 1 && dlv.path_index().is_some() {
            f.fixes.push(
                Fix::new(
                    "This copy is not in GOBIN or GOPATH/bin (an IDE or a package manager installed it): update it there, or remove it so that the freshly installed dlv is found.",
                )
                .with_command(remove_file(ctx.platform, &dlv.path)),
            );
        }
        findings.push(f);
    }
    findings
}

// ---------------------------------------------------------------------------
// Foreign architecture

/// How a program of `goos/goarch` runs on the host.
#[derive(Debug, PartialEq, Eq)]
enum Runs {
    Natively,
    /// Through the OS's emulation (Rosetta 2, Windows on Arm): works, slower,
    /// and a debugger of the other architecture cannot debug native programs.
    Emulated(&'static str),
    /// `exec format error` / "is not a valid Win32 application" / "bad CPU type".
    Not,
}

fn runs_on_host(host_os: &str, host_arch: &str, goos: &str, goarch: &str) -> Runs {
    if goos == host_os && goarch == host_arch {
        return Runs::Natively;
    }
    if goos != host_os {
        return Runs::Not;
    }
    match (host_os, host_arch, goarch) {
        // 64-bit x86 kernels run 32-bit x86 programs.
        ("linux" | "windows" | "freebsd", "amd64", "386") => Runs::Natively,
        ("darwin", "arm64", "amd64") => Runs::Emulated("Rosetta 2"),
        ("windows", "arm64", "amd64" | "386") => Runs::Emulated("Windows on Arm emulation"),
        _ => Runs::Not,
    }
}

/// The error the OS gives when it cannot run the file.
fn exec_error(host_os: &str) -> &'static str {
    match host_os {
        "windows" => {
            "This version of %1 is not compatible with the version of Windows you're running"
        }
        "darwin" => "bad CPU type in executable",
        _ => "exec format error",
    }
}

/// editor/tool-foreign-arch: a tool built for another OS or architecture.
pub fn tool_foreign_arch(ctx: &Ctx) -> Vec<Finding> {
    let (host_os, host_arch) = (ctx.snap.host.os.as_str(), ctx.snap.host.arch.as_str());
    if host_os.is_empty() || host_arch.is_empty() {
        return Vec::new();
    }
    let mut findings = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for tool in &ctx.snap.editor_tools.tools {
        // The go command itself has its own checks (toolchain/*).
        if tool.package_path == "cmd/go" {
            continue;
        }
        // One finding per file, however many links lead to it.
        let key = tool.real_path.as_deref().unwrap_or(&tool.path);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let (Some(goos), Some(goarch)) = (tool.goos(), tool.goarch()) else {
            continue;
        };
        let (severity, why) = match runs_on_host(host_os, host_arch, goos, goarch) {
            Runs::Natively => continue,
            Runs::Emulated(how) => (
                Severity::Warning,
                format!(
                    "It runs only through {how}: slower, and a debugger or language server of another architecture \
                     misreads native programs (Delve cannot debug {host_arch} programs as {goarch})."
                ),
            ),
            Runs::Not => (
                Severity::Error,
                format!(
                    "Running it fails with \"{}\": editors report the tool as missing or crashing.",
                    exec_error(host_os)
                ),
            ),
        };
        let name = if tool.module_path.is_empty() {
            tool.name.clone()
        } else {
            tool.module_at_version()
        };
        let mut f = Finding::new(
            "editor/tool-foreign-arch",
            severity,
            format!(
                "{} is built for {goos}/{goarch}, this machine is {host_os}/{host_arch} ({})",
                code(&tool.path),
                name
            ),
            format!(
                "A program in GOBIN, GOPATH/bin or on PATH was built for another platform: typically copied from \
                 another machine, installed from a shared or synced home directory, or built with GOOS/GOARCH set. {why}"
            ),
        );
        f.evidence.push(Evidence::new(
            "tool",
            &tool.path,
            format!("found in {}", tool.found_in()),
        ));
        f.evidence.push(Evidence::new(
            "built for",
            format!("{goos}/{goarch}"),
            match &tool.executable {
                Some(k) if k.goarch.is_some() => format!("its {} header", k.format),
                _ => "its GOOS/GOARCH build settings".to_string(),
            },
        ));
        if !tool.module_path.is_empty() {
            f.evidence.push(Evidence::new(
                "module",
                tool.module_at_version(),
                "its build info (go version -m)",
            ));
        }
        f.evidence.push(Evidence::new(
            "host",
            format!("{host_os}/{host_arch}"),
            "this machine",
        ));
        // A released module can be installed again by name; a local build
        // (`(devel)`) has to be rebuilt from its source.
        let released = !tool.package_path.is_empty() && semver::is_valid(&tool.module_version);
        let mut fix = Fix::new(if released {
            "Remove it and install it again for this machine, with GOOS and GOARCH unset."
        } else {
            "Remove it; rebuild it from its source with GOOS and GOARCH unset (`go install` in its module) if you need it."
        })
        .with_command(remove_file(ctx.platform, &tool.path));
        if released {
            let target = format!("{}@{}", tool.package_path, tool.module_version);
            fix = fix.with_command(match ctx.platform {
                Platform::Windows => format!(
                    "Remove-Item Env:GOOS, Env:GOARCH -ErrorAction SilentlyContinue; go install {target}"
                ),
                _ => format!("env -u GOOS -u GOARCH go install {target}"),
            });
        }
        f.fixes.push(fix);
        findings.push(f);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delve_table_is_sorted_and_windows_grow() {
        for pair in DELVE_GO_WINDOW.windows(2) {
            assert!(semver::compare(pair[0].0, pair[1].0).is_lt(), "{pair:?}");
            assert!(pair[0].1 <= pair[1].1 && pair[0].2 <= pair[1].2, "{pair:?}");
        }
        assert_eq!(delve_window("v1.23.1"), Some((21, 23)));
        assert_eq!(delve_window("v1.23.2-0.20240101000000-abcdefabcdef"), None);
    }

    #[test]
    fn emulation_and_foreign_platforms() {
        assert_eq!(
            runs_on_host("linux", "amd64", "linux", "amd64"),
            Runs::Natively
        );
        assert_eq!(
            runs_on_host("linux", "amd64", "linux", "386"),
            Runs::Natively
        );
        assert_eq!(runs_on_host("linux", "amd64", "linux", "arm64"), Runs::Not);
        assert_eq!(runs_on_host("linux", "amd64", "darwin", "amd64"), Runs::Not);
        assert!(matches!(
            runs_on_host("darwin", "arm64", "darwin", "amd64"),
            Runs::Emulated(_)
        ));
    }

    #[test]
    fn gopls_table_follows_the_readme() {
        assert_eq!(final_gopls_for_go_minor(20), Some("v0.15.3"));
        assert_eq!(final_gopls_for_go_minor(14), Some("v0.9.5"));
        assert_eq!(final_gopls_for_go_minor(21), None);
    }
}
