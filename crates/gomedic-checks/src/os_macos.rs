//! macOS: quarantine flags on Go programs, and the Command Line Tools cgo needs.

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// os/macos-quarantine: Go binaries or tools carrying com.apple.quarantine.
pub fn macos_quarantine(ctx: &Ctx) -> Vec<Finding> {
    let Some(mac) = &ctx.snap.os.macos else {
        return Vec::new();
    };
    if mac.quarantined.is_empty() {
        return Vec::new();
    }
    let goroot = ctx.goroot().unwrap_or("");
    let in_goroot = mac
        .quarantined
        .iter()
        .any(|q| !goroot.is_empty() && ctx.style.is_within(&q.path, goroot));
    let evidence = mac
        .quarantined
        .iter()
        .map(|q| Evidence::new("com.apple.quarantine", &q.value, &q.path))
        .collect();
    let mut fix = Fix::new(
        "If you trust where these files came from, remove the flag from exactly these files (not recursively from a whole folder, and without switching Gatekeeper off):",
    );
    for q in &mac.quarantined {
        fix = fix.with_command(format!(
            "xattr -d com.apple.quarantine {}",
            fixes::shell_quote(ctx.platform, &q.path)
        ));
    }
    let names: Vec<String> = mac
        .quarantined
        .iter()
        .take(5)
        .map(|q| code(&q.path))
        .collect();
    let more = mac.quarantined.len().saturating_sub(5);
    vec![Finding {
        id: "os/macos-quarantine".to_string(),
        severity: if in_goroot {
            Severity::Error
        } else {
            Severity::Warning
        },
        title: format!(
            "{} Go program{} carr{} the quarantine flag: {}{}",
            mac.quarantined.len(),
            if mac.quarantined.len() == 1 { "" } else { "s" },
            if mac.quarantined.len() == 1 { "ies" } else { "y" },
            names.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ),
        evidence,
        explanation: "Browsers, mail and chat clients mark downloaded files with the `com.apple.quarantine` extended \
            attribute, and archive tools copy it to everything they unpack. Gatekeeper then refuses to start an \
            unsigned or unnotarised program with \"cannot be opened because Apple cannot check it for malicious \
            software\" — for a Go tree unpacked from a browser download this hits go, compile and link; for tools \
            downloaded into GOBIN it hits each tool. Programs built by `go build`, `go install` or `go run` are \
            never quarantined."
            .to_string(),
        fixes: vec![
            fix,
            Fix::new(
                "Next time, install Go with the official .pkg installer or Homebrew, and tools with `go install` or `curl` (neither quarantines).",
            ),
        ],
    }]
}

/// cgo/macos-clt-missing: cgo is on but `xcode-select -p` finds no developer tools.
pub fn macos_clt_missing(ctx: &Ctx) -> Vec<Finding> {
    let Some(run) = ctx
        .snap
        .os
        .macos
        .as_ref()
        .and_then(|m| m.xcode_select.as_ref())
    else {
        return Vec::new();
    };
    if run.succeeded() || ctx.value("CGO_ENABLED") == "0" {
        return Vec::new();
    }
    let output = format!("{}{}", run.stdout, run.stderr);
    let why = if run.timed_out {
        "timed out".to_string()
    } else if let Some(e) = &run.spawn_error {
        e.clone()
    } else {
        format!(
            "exit code {}: {}",
            run.exit_code.map_or("?".to_string(), |c| c.to_string()),
            output.trim()
        )
    };
    vec![Finding {
        id: "cgo/macos-clt-missing".to_string(),
        severity: if ctx.value("CGO_ENABLED") == "1" {
            Severity::Error
        } else {
            Severity::Warning
        },
        title: "the Command Line Tools are missing or broken: cgo builds (net, os/user, sqlite, the race detector) fail"
            .to_string(),
        evidence: vec![
            Evidence::new("xcode-select -p", why, &run.command),
            ctx.evidence("CGO_ENABLED"),
        ],
        explanation: "On macOS /usr/bin/clang is only a shim that runs the compiler of the developer directory \
            `xcode-select -p` names. Without the Command Line Tools (or after a macOS upgrade removed them) every \
            cgo build fails with \"xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), \
            missing xcrun\", and go test -race cannot work."
            .to_string(),
        fixes: vec![
            Fix::new("Install (or reinstall) the Command Line Tools, then open a new terminal.")
                .with_command("xcode-select --install"),
            Fix::new("If Xcode is installed but not selected, select it.")
                .with_command("sudo xcode-select --switch /Applications/Xcode.app/Contents/Developer"),
        ],
    }]
}

/// The directories Go programs of this setup live in, with what they are:
/// GOBIN, each GOPATH's bin, GOROOT, and the project (`go build` output).
fn go_program_dirs(ctx: &Ctx) -> Vec<(String, &'static str)> {
    let mut dirs: Vec<(String, &'static str)> = ctx
        .snap
        .dirs
        .iter()
        .filter(|(_, d)| d.roles.iter().any(|r| r == "GOBIN"))
        .map(|(p, _)| (p.clone(), "GOBIN"))
        .collect();
    let gobin = ctx.value("GOBIN");
    if !gobin.is_empty() {
        dirs.push((gobin.to_string(), "GOBIN"));
    }
    for entry in ctx.style.split_list(ctx.value("GOPATH")) {
        if !entry.is_empty() {
            dirs.push((format!("{}/bin", entry.trim_end_matches('/')), "GOPATH/bin"));
        }
    }
    if let Some(goroot) = ctx.goroot() {
        dirs.push((goroot.to_string(), "GOROOT"));
    }
    if !ctx.snap.project.dir.is_empty() {
        dirs.push((ctx.snap.project.dir.clone(), "the project"));
    }
    dirs
}

/// os/macos-signature: the kernel killed a Go program for an invalid code
/// signature, the sign of a binary overwritten in place.
pub fn macos_signature(ctx: &Ctx) -> Vec<Finding> {
    let Some(mac) = &ctx.snap.os.macos else {
        return Vec::new();
    };
    let dirs = go_program_dirs(ctx);
    let mut kills: Vec<(&gomedic_model::os_facts::CodeSignatureKill, &str)> = Vec::new();
    for kill in &mac.signature_kills {
        if let Some((_, what)) = dirs
            .iter()
            .find(|(dir, _)| ctx.style.is_within(&kill.program, dir))
        {
            kills.push((kill, what));
        }
    }
    if kills.is_empty() {
        return Vec::new();
    }
    let mut programs: Vec<&str> = kills.iter().map(|(k, _)| k.program.as_str()).collect();
    programs.sort();
    programs.dedup();
    let evidence = kills
        .iter()
        .map(|(k, what)| {
            Evidence::new(
                format!("crash report ({what})"),
                format!(
                    "{}: {}{}",
                    k.program,
                    k.exception,
                    k.time
                        .as_deref()
                        .map_or(String::new(), |t| format!(" at {t}"))
                ),
                &k.report,
            )
        })
        .collect();
    let mut verify = Fix::new(
        "Check each program's signature; a program that fails must be replaced by a new file (not overwritten):",
    );
    let mut replace = Fix::new(
        "Delete the program, then build or install it again so that it gets a new file and a fresh signature (or `go install` straight into GOBIN). Never `cp` a new build over an existing program; `rm` it first, or `cp` to a temporary name and `mv` it into place.",
    );
    for program in &programs {
        let quoted = fixes::shell_quote(ctx.platform, program);
        verify = verify.with_command(format!("codesign -v {quoted}"));
        replace = replace.with_command(format!("rm {quoted}"));
    }
    vec![Finding {
        id: "os/macos-signature".to_string(),
        severity: Severity::Error,
        title: format!(
            "macOS killed {} for an invalid code signature (overwritten in place?)",
            programs.iter().map(|p| code(p)).collect::<Vec<_>>().join(", ")
        ),
        evidence,
        explanation: "On Apple Silicon every program must carry a valid code signature; the Go linker signs \
            what it writes (ad hoc). The kernel caches a program's signature by its file (vnode). When a new \
            build is copied over an existing program in place (`cp new old`, some install scripts and \
            Makefiles), the next start checks the new pages against the old cached signature and the kernel \
            kills the process at once: the shell prints `killed` (exit status 137) and the crash report says \
            `SIGKILL (Code Signature Invalid)`, namespace CODESIGNING, Invalid Page. The same happens when a \
            program is changed after linking (install_name_tool, appended data) without re-signing."
            .to_string(),
        fixes: vec![
            verify,
            replace,
            Fix::new(
                "After editing a binary after linking, re-sign it ad hoc: `codesign -f -s - <program>`. Do not turn off System Integrity Protection or Gatekeeper: neither causes this.",
            ),
        ],
    }]
}
