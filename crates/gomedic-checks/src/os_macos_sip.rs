//! macOS: directories on the sealed, read-only system volume and protected by
//! System Integrity Protection (/System, /usr outside /usr/local, /bin,
//! /sbin). Go can never write there, not even with sudo, and `chown` fails
//! too; used by env/dir-not-writable to say so and give the fix that works.

use crate::context::{Ctx, Platform, code};
use crate::fixes;
use gomedic_model::{Evidence, Fix};

/// Top-level system directories SIP protects and the sealed system volume holds.
const PROTECTED: [&str; 4] = ["/System", "/usr", "/bin", "/sbin"];
/// Inside the protected ones but writable: firmlinks to the data volume.
const WRITABLE_INSIDE: [&str; 2] = ["/usr/local", "/System/Volumes/Data"];

fn within(path: &str, dir: &str) -> bool {
    path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `path` lies on macOS's protected system volume.
pub fn is_protected(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    PROTECTED.iter().any(|d| within(path, d)) && !WRITABLE_INSIDE.iter().any(|d| within(path, d))
}

/// What `csrutil status` said: `Some(true)` enabled, `Some(false)` disabled,
/// `None` unknown (not run, failed, or a custom configuration without the
/// file-system line).
pub fn sip_enabled(stdout: &str) -> Option<bool> {
    let lower = stdout.to_ascii_lowercase();
    let word_after = |key: &str| {
        let at = lower.find(key)? + key.len();
        let rest = lower[at..].trim_start();
        if rest.starts_with("enabled") {
            Some(true)
        } else if rest.starts_with("disabled") {
            Some(false)
        } else {
            None
        }
    };
    word_after("filesystem protections:")
        .or_else(|| word_after("system integrity protection status:"))
}

/// For a directory go must write on the protected system volume (macOS only):
/// the problem in words, the evidence, and the fix.
pub fn protected_dir(
    ctx: &Ctx,
    path: &str,
    key: &str,
) -> Option<(String, Vec<Evidence>, Vec<Fix>)> {
    if ctx.platform != Platform::MacOs || !is_protected(path) {
        return None;
    }
    let csrutil = ctx.snap.os.macos.as_ref().and_then(|m| m.csrutil.as_ref());
    let state = csrutil.and_then(|r| sip_enabled(&r.stdout));
    let problem = match state {
        Some(false) => {
            "is on macOS's read-only system volume (SIP is off, but the sealed volume still can't be written)"
        }
        _ => "is protected by System Integrity Protection: not writable, not even with sudo",
    };
    let mut evidence = Vec::new();
    if let Some(run) = csrutil {
        let shown = if run.succeeded() {
            run.stdout.lines().next().unwrap_or("").trim().to_string()
        } else if run.timed_out {
            "timed out".to_string()
        } else {
            format!(
                "could not read: {}",
                run.spawn_error
                    .clone()
                    .unwrap_or_else(|| run.stderr.trim().to_string())
            )
        };
        evidence.push(Evidence::new("csrutil status", shown, &run.command));
    }
    let home = ctx.snap.host.home.clone().unwrap_or_default();
    let default_bin = ctx.style.join(&ctx.style.join(&home, "go"), "bin");
    let mut fixes = Vec::new();
    if ctx.is_user_set(key) {
        fixes.push(fixes::remove_user_setting(ctx, key));
    }
    if key == "GOBIN" {
        fixes.push(
            Fix::new(format!(
                "Without GOBIN, `go install` puts programs in {}, which you own; put that on PATH.",
                code(&default_bin)
            ))
            .with_command(format!(
                "echo 'export PATH=\"$PATH:{default_bin}\"' >> ~/.zprofile"
            )),
        );
    } else {
        fixes.push(Fix::new(format!(
            "Point {key} at a directory in your home folder (go's default is there)."
        )));
    }
    fixes.push(Fix::new(
        "Do not disable SIP (`csrutil disable`), remount the system volume or `chown` system directories: macOS restores them, and none of it is needed for Go.",
    ));
    Some((problem.to_string(), evidence, fixes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_paths() {
        for p in [
            "/usr/bin",
            "/usr/bin/",
            "/usr/libexec/x",
            "/System/Library",
            "/bin",
            "/sbin",
            "/usr",
        ] {
            assert!(is_protected(p), "{p}");
        }
        for p in [
            "/usr/local/bin",
            "/usr/local",
            "/usrx/bin",
            "/System/Volumes/Data/Users/ana/go/bin",
            "/opt/homebrew/bin",
            "/Users/ana/go/bin",
            "/Library/Go",
            "/var/folders/xy/T",
            "/binaries",
        ] {
            assert!(!is_protected(p), "{p}");
        }
    }

    #[test]
    fn csrutil_states() {
        let text = |name: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../testdata/vectors/macos-csrutil")
                    .join(name),
            )
            .unwrap()
        };
        assert_eq!(sip_enabled(&text("enabled.txt")), Some(true));
        assert_eq!(sip_enabled(&text("disabled.txt")), Some(false));
        assert_eq!(sip_enabled(&text("custom-without-fs.txt")), Some(false));
        assert_eq!(sip_enabled(""), None);
        assert_eq!(
            sip_enabled("System Integrity Protection status: unknown (Custom Configuration).\n"),
            None
        );
    }
}
