//! os/*: file systems and security settings around Go.

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The directory go builds temporary programs in: GOTMPDIR, else the system temp dir.
fn work_dir_parent(ctx: &Ctx) -> Option<(String, Evidence)> {
    let gotmpdir = ctx.value("GOTMPDIR");
    if !gotmpdir.is_empty() {
        return Some((gotmpdir.to_string(), ctx.evidence("GOTMPDIR")));
    }
    let tmp = &ctx.snap.host.temp_dir;
    if tmp.is_empty() {
        return None;
    }
    let source = if ctx.os_env("TMPDIR").is_some_and(|v| !v.is_empty()) {
        "TMPDIR (process environment)"
    } else {
        "system temp directory"
    };
    Some((tmp.clone(), Evidence::new("temp dir", tmp, source)))
}

/// os/noexec-tmp: go run / go test binaries (or installed tools) can't be executed.
pub fn noexec_tmp(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut candidates = Vec::new();
    if let Some(work) = work_dir_parent(ctx) {
        candidates.push((
            work,
            "go run and go test build programs here and run them",
            false,
        ));
    }
    let gobin = ctx.value("GOBIN");
    if !gobin.is_empty() {
        candidates.push((
            (gobin.to_string(), ctx.evidence("GOBIN")),
            "go install puts programs here",
            true,
        ));
    }
    for ((dir, evidence), role, is_gobin) in candidates {
        let Some(fact) = ctx.snap.dirs.get(&dir) else {
            continue;
        };
        let Some(mount) = fact.mount.as_ref().filter(|m| m.has_option("noexec")) else {
            continue;
        };
        let mut f = Finding {
            id: "os/noexec-tmp".to_string(),
            severity: Severity::Error,
            title: format!("{} is on a noexec mount ({}): {role}, but nothing there may run", code(&dir), code(&mount.mount_point)),
            evidence: vec![
                evidence,
                Evidence::new("mount", format!("{} ({}) options {}", mount.mount_point, mount.fs_type, mount.options.join(",")), "mount table"),
            ],
            explanation: "`go run` and `go test` link a program in a temporary work directory (under GOTMPDIR, \
                else TMPDIR or /tmp) and execute it from there. Hardened systems mount /tmp with `noexec`, \
                which forbids running programs from it, so these commands fail with \"fork/exec \
                /tmp/go-build.../exe/main: permission denied\" even though `go build` works."
                .to_string(),
            fixes: Vec::new(),
        };
        if is_gobin {
            f.fixes.push(fixes::remove_user_setting(ctx, "GOBIN"));
            f.fixes.push(Fix::new(
                "Or point GOBIN at a directory on an exec-allowed file system and put it on PATH.",
            ));
            out.push(f);
            continue;
        }
        let home = ctx.snap.host.home.clone().unwrap_or_default();
        let target = ctx.style.join(&ctx.style.join(&home, ".cache"), "go-tmp");
        f.fixes.push(
            Fix::new(format!(
                "Give go a temporary directory on an exec-allowed file system, e.g. {}.",
                code(&target)
            ))
            .with_command(format!(
                "mkdir -p {}",
                fixes::shell_quote(ctx.platform, &target)
            ))
            .with_command(fixes::go_env_w(ctx.platform, "GOTMPDIR", &target)),
        );
        out.push(f);
    }
    out
}
