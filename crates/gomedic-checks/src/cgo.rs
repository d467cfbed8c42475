//! cgo/*: the C compiler cgo needs.

use crate::context::{Ctx, Platform, code};
use gomedic_go::env::EnvSource;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The program the effective CC runs: its first word.
fn cc_program(ctx: &Ctx) -> Option<String> {
    let cc = ctx.value("CC");
    let first = cc.split_whitespace().next()?;
    Some(first.trim_matches(|c| c == '\'' || c == '"').to_string())
}

/// Whether the C compiler was looked up and not found. `None` = unknown.
fn compiler_missing(ctx: &Ctx, program: &str) -> Option<bool> {
    if ctx.style.is_abs(program) {
        if let Some(lookup) = ctx.snap.path_lookups.get(program) {
            return Some(lookup.is_none());
        }
        return ctx.snap.dirs.get(program).map(|d| !d.exists);
    }
    let lookup = ctx.snap.path_lookups.get(program).or_else(|| {
        (ctx.platform == Platform::Windows)
            .then(|| ctx.snap.path_lookups.get(&format!("{program}.exe")))
            .flatten()
    })?;
    Some(lookup.is_none())
}

fn install_fix(ctx: &Ctx, program: &str) -> Fix {
    match ctx.platform {
        Platform::Windows => Fix::new(format!(
            "Install a 64-bit GCC (MSYS2 UCRT64 `mingw-w64-ucrt-x86_64-gcc`, or LLVM-MinGW) and add its bin directory to Path so `{program}` is found."
        ))
        .with_command("winget install MSYS2.MSYS2")
        .with_command("C:\\msys64\\usr\\bin\\pacman.exe -S --needed mingw-w64-ucrt-x86_64-gcc"),
        Platform::MacOs => Fix::new("Install the Xcode Command Line Tools (they provide clang).").with_command("xcode-select --install"),
        Platform::Linux => Fix::new(format!("Install a C compiler so `{program}` is on PATH (build-essential on Debian/Ubuntu, gcc on Fedora, gcc musl-dev on Alpine)."))
            .with_command("sudo apt-get install build-essential"),
    }
}

/// cgo/no-c-compiler: cgo is on but the C compiler isn't there.
pub fn no_c_compiler(ctx: &Ctx) -> Vec<Finding> {
    if ctx.value("CGO_ENABLED") != "1" {
        return Vec::new();
    }
    let Some(program) = cc_program(ctx) else {
        return Vec::new();
    };
    if compiler_missing(ctx, &program) != Some(true) {
        return Vec::new();
    }
    let mut f = Finding {
        id: "cgo/no-c-compiler".to_string(),
        severity: Severity::Error,
        title: format!("cgo is enabled but the C compiler {} is not found", code(&program)),
        evidence: vec![ctx.evidence("CGO_ENABLED"), ctx.evidence("CC")],
        explanation: "cgo lets Go code call C; it needs a C compiler (CC, by default gcc, or clang on macOS). \
            cgo is on here (CGO_ENABLED=1 is set, or CC is set in the OS environment, which makes go assume a \
            compiler exists), but the compiler is not installed or not on PATH. Building any package that uses \
            cgo — including net and os/user on Linux and macOS, sqlite drivers, GUI toolkits, `-race` — fails \
            with \"cgo: C compiler \\\"gcc\\\" not found\"."
            .to_string(),
        fixes: vec![install_fix(ctx, &program)],
    };
    f.evidence.push(Evidence::new(
        format!("{program} on PATH"),
        "not found",
        "PATH lookup",
    ));
    let explicit = ctx
        .var("CGO_ENABLED")
        .is_some_and(|v| !matches!(v.source, EnvSource::Computed { .. } | EnvSource::Default));
    if explicit {
        f.fixes
            .push(crate::fixes::remove_user_setting(ctx, "CGO_ENABLED"));
    }
    vec![f]
}

/// cgo/disabled-silently: cgo is off only because no C compiler was found.
pub fn disabled_silently(ctx: &Ctx) -> Vec<Finding> {
    let Some(var) = ctx.var("CGO_ENABLED") else {
        return Vec::new();
    };
    if var.value != "0" || !matches!(var.source, EnvSource::Computed { .. } | EnvSource::Default) {
        return Vec::new();
    }
    // Go skips the compiler lookup when CC is in the OS environment, and a
    // cross build turns cgo off regardless.
    if ctx.os_env("CC").is_some_and(|v| !v.is_empty()) {
        return Vec::new();
    }
    if ctx.value("GOOS") != ctx.go_host_os() || ctx.value("GOARCH") != ctx.go_host_arch() {
        return Vec::new();
    }
    let Some(program) = cc_program(ctx) else {
        return Vec::new();
    };
    if compiler_missing(ctx, &program) != Some(true) {
        return Vec::new();
    }
    let f = Finding {
        id: "cgo/disabled-silently".to_string(),
        severity: Severity::Info,
        title: format!("cgo is off because the C compiler {} is not installed", code(&program)),
        evidence: vec![
            ctx.evidence("CGO_ENABLED"),
            ctx.evidence("CC"),
            Evidence::new(format!("{program} on PATH"), "not found", "PATH lookup"),
        ],
        explanation: "Since Go 1.20, when CGO_ENABLED is not set and the default C compiler is not on PATH, go \
            quietly turns cgo off. Pure-Go code builds fine, but `go test -race` fails (\"-race requires cgo\"), \
            packages that need C (e.g. mattn/go-sqlite3) compile to stubs that fail at run time, and net and \
            os/user use their pure-Go versions."
            .to_string(),
        fixes: vec![
            install_fix(ctx, &program),
            Fix::new("If you never need cgo, make it explicit so nothing changes when a compiler appears.")
                .with_command(crate::fixes::go_env_w(ctx.platform, "CGO_ENABLED", "0")),
        ],
    };
    vec![f]
}
