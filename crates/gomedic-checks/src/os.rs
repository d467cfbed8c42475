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
    // Go 1.24+ keeps the executables of `go run` and `go tool` in the build
    // cache and runs them from there (a real go1.27.3 `go run .` fails the
    // second time with "fork/exec $GOCACHE/.../m: permission denied").
    let runs_from_cache = ctx
        .active()
        .and_then(|g| g.go_version())
        .and_then(gomedic_go::goversion::GoVersion::parse_go_prefixed)
        .is_some_and(|v| v.at_least(1, 24));
    let gocache = ctx.value("GOCACHE");
    if runs_from_cache && !gocache.is_empty() && gocache != "off" {
        candidates.push((
            (gocache.to_string(), ctx.evidence("GOCACHE")),
            "Go 1.24 and later run the programs of go run and go tool from the build cache",
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
    } else if let Some((default_bin, _)) = ctx
        .snap
        .dirs
        .iter()
        .find(|(_, f)| f.roles.iter().any(|r| r == "GOBIN"))
    {
        // GOBIN unset: go install writes to the first GOPATH entry's bin.
        candidates.push((
            (
                default_bin.clone(),
                Evidence::new("GOBIN (default)", default_bin, "GOPATH[0]/bin"),
            ),
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
                /tmp/go-build.../exe/main: permission denied\" even though `go build` works. Since Go 1.24, \
                `go run` and `go tool` keep their programs in GOCACHE and run them from there, so a noexec \
                GOCACHE fails the same way from the second run on."
                .to_string(),
            fixes: Vec::new(),
        };
        let home = ctx.snap.host.home.clone().unwrap_or_default();
        if is_gobin {
            let target = ctx.style.join(&ctx.style.join(&home, ".local"), "bin");
            if ctx.is_user_set("GOBIN") {
                f.fixes.push(fixes::remove_user_setting(ctx, "GOBIN"));
            }
            f.fixes.push(
                Fix::new(format!(
                    "Point GOBIN at a directory on an exec-allowed file system, e.g. {}, and put it on PATH.",
                    code(&target)
                ))
                .with_command(fixes::go_env_w(ctx.platform, "GOBIN", &target)),
            );
            out.push(f);
            continue;
        }
        if role.contains("build cache") {
            let target = ctx.style.join(&ctx.style.join(&home, ".cache"), "go-build");
            f.fixes.push(
                Fix::new(format!(
                    "Move the build cache to an exec-allowed file system, e.g. {}.",
                    code(&target)
                ))
                .with_command(format!(
                    "mkdir -p {}",
                    fixes::shell_quote(ctx.platform, &target)
                ))
                .with_command(fixes::go_env_w(ctx.platform, "GOCACHE", &target)),
            );
            out.push(f);
            continue;
        }
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
