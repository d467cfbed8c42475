//! The environment of the graphical session: what programs started from the
//! desktop (dock, launcher, file manager) get, as opposed to a terminal.
//!
//! * Linux: the systemd user manager's environment (`systemctl --user
//!   show-environment`), which desktop sessions started by systemd hand to
//!   their applications.
//! * macOS: launchd's user domain (`launchctl getenv NAME`); a name launchd
//!   does not set is not set for apps started from the Dock, and PATH then
//!   is launchd's default.
//!
//! Both are read through a bounded subprocess; a session manager that is not
//! there (no user bus, e.g. in a container or over SSH) gives no context,
//! any other failure a context that says why it could not be read.

use crate::lookpath::look_path;
use crate::run::run_bounded;
use crate::shell_contexts::is_compared;
use gomedic_model::provenance::ShellContext;
use gomedic_model::redact::redact_var;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

/// Time bound of one session-manager query.
pub const SESSION_TIMEOUT: Duration = Duration::from_secs(2);
/// The context name of the systemd user manager's environment.
pub const SYSTEMD_CONTEXT: &str = "GUI session (systemd --user)";
/// The context name of launchd's user environment.
pub const LAUNCHD_CONTEXT: &str = "GUI session (launchd)";
/// PATH of apps launchd starts when `launchctl getenv PATH` is empty.
pub const LAUNCHD_DEFAULT_PATH: &str = "/usr/bin:/bin:/usr/sbin:/sbin";
/// The variables asked from launchd one by one.
const LAUNCHD_VARIABLES: [&str; 8] = [
    "PATH",
    "GOROOT",
    "GOPATH",
    "GOBIN",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOPROXY",
    "GO111MODULE",
];

/// The environment of `systemctl --user show-environment`: one
/// `NAME=value` a line, a value with shell-special characters written as
/// `$'...'` with C escapes. Only the compared variables are kept, redacted.
pub fn parse_show_environment(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (name, raw) = line.split_once('=')?;
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return None;
            }
            let value = match raw.strip_prefix("$'").and_then(|r| r.strip_suffix('\'')) {
                Some(quoted) => unescape_c(quoted),
                None => raw.to_string(),
            };
            is_compared(name).then(|| (name.to_string(), redact_var(name, &value)))
        })
        .collect()
}

/// Undoes the C escapes of a `$'...'` word (`\n`, `\t`, `\\`, `\'`,
/// `\xHH`, `\NNN` octal, ...).
fn unescape_c(quoted: &str) -> String {
    let mut bytes: Vec<u8> = Vec::with_capacity(quoted.len());
    let mut chars = quoted.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let Some(e) = chars.next() else {
            bytes.push(b'\\');
            break;
        };
        let simple = match e {
            'a' => Some(0x07),
            'b' => Some(0x08),
            'e' | 'E' => Some(0x1b),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            '\\' => Some(b'\\'),
            '\'' => Some(b'\''),
            '"' => Some(b'"'),
            '?' => Some(b'?'),
            _ => None,
        };
        if let Some(b) = simple {
            bytes.push(b);
            continue;
        }
        let (radix, max_digits, first) = match e {
            'x' => (16, 2, None),
            '0'..='7' => (8, 3, Some(e)),
            other => {
                bytes.push(b'\\');
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                continue;
            }
        };
        let mut digits: String = first.into_iter().collect();
        while digits.len() < max_digits {
            match chars.peek() {
                Some(d) if d.is_digit(radix) => {
                    digits.push(*d);
                    chars.next();
                }
                _ => break,
            }
        }
        match u32::from_str_radix(&digits, radix) {
            Ok(v) if !digits.is_empty() => bytes.push((v & 0xff) as u8),
            _ => bytes.extend_from_slice(b"\\x"),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The `go` a PATH list (`:`-separated) finds.
fn go_on(path: &str) -> Option<String> {
    let entries: Vec<OsString> = path.split(':').map(OsString::from).collect();
    look_path("go", &entries, Path::new("/"), &[]).map(|p| p.to_string_lossy().into_owned())
}

/// True when systemctl failed because there is no user manager to ask (no
/// user bus, no XDG_RUNTIME_DIR): nothing to compare, not an error.
fn no_user_manager(stderr: &str) -> bool {
    let s = stderr.to_ascii_lowercase();
    [
        "failed to connect to bus",
        "no medium found",
        "xdg_runtime_dir",
        "failed to connect to user scope bus",
    ]
    .iter()
    .any(|m| s.contains(m))
}

/// The systemd user manager's environment as a context, run through
/// `systemctl` with `timeout`. `None` when there is no user manager.
pub fn systemd_user_context(systemctl: &Path, timeout: Duration) -> Option<ShellContext> {
    let start = Instant::now();
    let run = run_bounded(systemctl, &["--user", "show-environment"], &[], timeout);
    let mut ctx = ShellContext {
        name: SYSTEMD_CONTEXT.to_string(),
        shell: systemctl.to_string_lossy().into_owned(),
        args: vec!["--user".into(), "show-environment".into()],
        timed_out: run.timed_out,
        millis: start.elapsed().as_millis() as u64,
        ..ShellContext::default()
    };
    if run.succeeded() {
        let env = parse_show_environment(&run.stdout);
        ctx.go = env.get("PATH").and_then(|p| go_on(p));
        ctx.env = Some(env);
        return Some(ctx);
    }
    if !run.timed_out && run.spawn_error.is_none() && no_user_manager(&run.stderr) {
        return None;
    }
    ctx.error = Some(format!(
        "could not read: {}",
        failure(&run, timeout).unwrap_or_else(|| "no output".to_string())
    ));
    Some(ctx)
}

/// Why a bounded run failed, in a few words.
fn failure(run: &gomedic_model::snapshot::RunResult, timeout: Duration) -> Option<String> {
    if run.timed_out {
        return Some(format!(
            "`{}` did not answer within {} ms; killed",
            run.command,
            timeout.as_millis()
        ));
    }
    if let Some(e) = &run.spawn_error {
        return Some(format!("`{}` could not start: {e}", run.command));
    }
    let first = run.stderr.lines().next().unwrap_or("").trim();
    Some(format!(
        "`{}` exited with {}{}",
        run.command,
        run.exit_code
            .map_or("a signal".to_string(), |c| c.to_string()),
        if first.is_empty() {
            String::new()
        } else {
            format!(": {first}")
        }
    ))
}

/// launchd's user environment as a context, one `launchctl getenv NAME` per
/// variable, each bounded by `timeout`.
pub fn launchd_context(launchctl: &Path, timeout: Duration) -> ShellContext {
    let start = Instant::now();
    let mut ctx = ShellContext {
        name: LAUNCHD_CONTEXT.to_string(),
        shell: launchctl.to_string_lossy().into_owned(),
        args: vec!["getenv".into()],
        ..ShellContext::default()
    };
    let mut env = BTreeMap::new();
    for name in LAUNCHD_VARIABLES {
        let run = run_bounded(launchctl, &["getenv", name], &[], timeout);
        if !run.succeeded() {
            ctx.timed_out = run.timed_out;
            ctx.error = Some(format!(
                "could not read: {}",
                failure(&run, timeout).unwrap_or_default()
            ));
            ctx.millis = start.elapsed().as_millis() as u64;
            return ctx;
        }
        let value = run.stdout.trim_end_matches(['\n', '\r']);
        if !value.is_empty() {
            env.insert(name.to_string(), redact_var(name, value));
        }
    }
    let path = env
        .get("PATH")
        .cloned()
        .unwrap_or_else(|| LAUNCHD_DEFAULT_PATH.to_string());
    ctx.go = go_on(&path);
    ctx.env = Some(env);
    ctx.millis = start.elapsed().as_millis() as u64;
    ctx
}

/// The graphical session's context on this OS, when there is one.
pub fn probe_gui_session(
    find: &dyn Fn(&str) -> Option<std::path::PathBuf>,
) -> Option<ShellContext> {
    if cfg!(target_os = "macos") {
        return find("launchctl").map(|l| launchd_context(&l, SESSION_TIMEOUT));
    }
    if cfg!(target_os = "linux") {
        return find("systemctl").and_then(|s| systemd_user_context(&s, SESSION_TIMEOUT));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_environment_plain_and_quoted() {
        let text = "HOME=/home/ann\nLANG=C.UTF-8\nPATH=/usr/local/bin:/usr/bin:/bin\n\
GOFLAGS=$'-ldflags=-X main.v=1\\t2'\nGOPATH=$'/home/ann/my go'\nCC=$'gcc \\'x\\''\n\
GOPROXY=$'a\\x41\\101'\nnot a line\n=x\n";
        let env = parse_show_environment(text);
        assert_eq!(env.get("PATH").unwrap(), "/usr/local/bin:/usr/bin:/bin");
        assert_eq!(env.get("GOFLAGS").unwrap(), "-ldflags=-X main.v=1\t2");
        assert_eq!(env.get("GOPATH").unwrap(), "/home/ann/my go");
        assert_eq!(env.get("CC").unwrap(), "gcc 'x'");
        assert_eq!(env.get("GOPROXY").unwrap(), "aAA");
        assert!(!env.contains_key("HOME"), "only the compared variables");
        assert_eq!(env.len(), 5);
    }

    #[test]
    fn no_bus_is_no_manager() {
        assert!(no_user_manager("Failed to connect to bus: No medium found"));
        assert!(!no_user_manager("Access denied"));
    }
}
