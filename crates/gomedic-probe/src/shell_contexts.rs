//! The environments real shells hand to their programs: a login shell, an
//! interactive shell and `sh -c`, for sh, bash, zsh and the user's $SHELL,
//! started the way editors resolve "the shell environment": in a new
//! session without a terminal, stdin closed, the result printed between two
//! markers so that whatever the start-up files print is told apart, and the
//! whole session killed at the time bound.
//!
//! The shells start from this process's environment with the Go variables
//! removed and PATH reset to the system default, so what they report is
//! what their start-up files produce in a fresh session.

use crate::lookpath::look_path;
use gomedic_model::provenance::ShellContext;
use gomedic_model::redact::redact_var;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The default time bound of one shell.
pub const SHELL_TIMEOUT: Duration = Duration::from_secs(4);
/// The most bytes kept of one shell's output (the tail: the result comes
/// last; start-up noise before it is counted and dropped).
const OUTPUT_CAP: usize = 4 << 20;
/// PATH the shells start with: the usual system default.
pub const FRESH_PATH: &str = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";

/// One shell run to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSpec {
    pub name: String,
    pub shell: PathBuf,
    pub args: Vec<String>,
}

/// The contexts to compare: `sh -c`, and login and interactive shells of
/// bash, zsh and `$SHELL` (fish included) where installed.
pub fn context_specs(
    user_shell: Option<&str>,
    find: &dyn Fn(&str) -> Option<PathBuf>,
) -> Vec<ContextSpec> {
    let mut specs = Vec::new();
    if let Some(sh) = find("sh") {
        specs.push(ContextSpec {
            name: "sh -c".into(),
            shell: sh,
            args: vec!["-c".into()],
        });
    }
    let mut shells: Vec<String> = vec!["bash".into(), "zsh".into()];
    if let Some(name) = user_shell
        .and_then(|s| Path::new(s).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| matches!(n.as_str(), "bash" | "zsh" | "fish" | "dash" | "ksh" | "sh"))
        && !shells.contains(&name)
        && name != "sh"
    {
        shells.push(name);
    }
    for name in shells {
        let path = match user_shell
            .filter(|s| Path::new(s).file_name().is_some_and(|n| n == name.as_str()))
        {
            Some(s) if Path::new(s).is_file() => Some(PathBuf::from(s)),
            _ => find(&name),
        };
        let Some(path) = path else { continue };
        for (mode, flag) in [("login", "-l"), ("interactive", "-i")] {
            specs.push(ContextSpec {
                name: format!("{name} {mode}"),
                shell: path.clone(),
                args: vec![flag.into(), "-c".into()],
            });
        }
    }
    specs
}

/// The variables compared between contexts.
pub fn is_compared(name: &str) -> bool {
    name.starts_with("GO") || name.starts_with("CGO_") || matches!(name, "PATH" | "CC" | "CXX")
}

/// Runs every context in parallel and returns them in `specs` order.
pub fn probe_contexts(
    specs: &[ContextSpec],
    base_env: &[(OsString, OsString)],
    timeout: Duration,
) -> Vec<ShellContext> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .iter()
            .map(|spec| scope.spawn(move || run_context(spec, base_env, timeout)))
            .collect();
        handles
            .into_iter()
            .zip(specs)
            .map(|(h, spec)| {
                h.join().unwrap_or_else(|_| ShellContext {
                    name: spec.name.clone(),
                    error: Some("the probe thread failed".into()),
                    ..ShellContext::default()
                })
            })
            .collect()
    })
}

/// The environment a fresh shell starts from: `env` without the compared
/// variables, PATH reset to [`FRESH_PATH`], TERM=dumb.
pub fn fresh_env(env: impl Iterator<Item = (OsString, OsString)>) -> Vec<(OsString, OsString)> {
    let mut out: Vec<(OsString, OsString)> = env
        .filter(|(k, _)| {
            let k = k.to_string_lossy();
            !is_compared(&k)
                && k != "TERM"
                && !k.starts_with("BASH_FUNC_")
                && k != "ENV"
                && k != "BASH_ENV"
        })
        .collect();
    out.push(("PATH".into(), FRESH_PATH.into()));
    out.push(("TERM".into(), "dumb".into()));
    out
}

fn marker() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("__GOMEDIC_ENV_{}_{nanos}__", std::process::id())
}

/// Runs one shell and reads the environment between the markers.
pub fn run_context(
    spec: &ContextSpec,
    base_env: &[(OsString, OsString)],
    timeout: Duration,
) -> ShellContext {
    let mark = marker();
    let script = format!("printf '%s' '{mark}'; env -0; printf '%s' '{mark}'");
    let mut args = spec.args.clone();
    args.push(script);
    let mut ctx = ShellContext {
        name: spec.name.clone(),
        shell: spec.shell.to_string_lossy().into_owned(),
        args: spec.args.clone(),
        ..ShellContext::default()
    };
    let start = Instant::now();
    let (output, total, timed_out, error) = spawn_bounded(&spec.shell, &args, base_env, timeout);
    ctx.millis = start.elapsed().as_millis() as u64;
    ctx.timed_out = timed_out;
    ctx.error = error;
    let (env, noise) = between_markers(&output, mark.as_bytes());
    ctx.noise_bytes = (noise + total.saturating_sub(output.len())) as u64;
    match env {
        Some(env) => ctx.env = Some(env),
        None if ctx.error.is_none() => {
            ctx.error = Some(if timed_out {
                format!(
                    "did not finish within {} ms (a start-up file waits, reads input or loops); killed",
                    timeout.as_millis()
                )
            } else {
                "printed no environment between the markers (a start-up file exited or replaced the shell)".to_string()
            })
        }
        None => {}
    }
    if let Some(path) = ctx.env.as_ref().and_then(|e| e.get("PATH")) {
        let entries: Vec<OsString> = path.split(':').map(OsString::from).collect();
        ctx.go = look_path("go", &entries, Path::new("/"), &[])
            .map(|p| p.to_string_lossy().into_owned());
    }
    ctx
}

/// The compared variables printed by `env -0` between the two markers, and
/// how many bytes of other output surround them.
pub fn between_markers(output: &[u8], mark: &[u8]) -> (Option<BTreeMap<String, String>>, usize) {
    let find = |from: usize| {
        output[from.min(output.len())..]
            .windows(mark.len())
            .position(|w| w == mark)
            .map(|p| p + from)
    };
    let Some(begin) = find(0) else {
        return (None, output.len());
    };
    let Some(end) = find(begin + mark.len()) else {
        return (None, output.len());
    };
    let body = &output[begin + mark.len()..end];
    let env = body
        .split(|b| *b == 0)
        .filter_map(|kv| {
            let text = String::from_utf8_lossy(kv);
            let (k, v) = text.split_once('=')?;
            is_compared(k).then(|| (k.to_string(), redact_var(k, v)))
        })
        .collect();
    (Some(env), output.len() - body.len() - 2 * mark.len())
}

/// Runs `program args` in a new session, stdin closed, stdout captured up
/// to [`OUTPUT_CAP`]; kills the session at `timeout`.
fn spawn_bounded(
    program: &Path,
    args: &[String],
    env: &[(OsString, OsString)],
    timeout: Duration,
) -> (Vec<u8>, usize, bool, Option<String>) {
    let mut command = std::process::Command::new(program);
    command
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir("/")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut wrapped = process_wrap::std::CommandWrap::from(command);
    #[cfg(unix)]
    wrapped.wrap(process_wrap::std::ProcessSession);
    let mut child = match wrapped.spawn() {
        Ok(child) => child,
        Err(e) => return (Vec::new(), 0, false, Some(format!("cannot start: {e}"))),
    };
    let (tx, rx) = mpsc::channel();
    if let Some(mut stdout) = child.stdout().take() {
        std::thread::spawn(move || {
            // The result comes last: keep the tail, count everything.
            let mut kept: Vec<u8> = Vec::new();
            let mut total = 0usize;
            let mut buf = [0u8; 16384];
            loop {
                match stdout.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        total += n;
                        kept.extend_from_slice(&buf[..n]);
                        if kept.len() > 2 * OUTPUT_CAP {
                            kept.drain(..kept.len() - OUTPUT_CAP);
                        }
                    }
                }
            }
            let _ = tx.send((kept, total));
        });
    }
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return (Vec::new(), 0, false, Some(format!("waiting failed: {e}"))),
        }
    }
    // Kill the whole session: the shell and anything its files started.
    let _ = child.start_kill();
    let _ = child.try_wait();
    let (output, total) = rx
        .recv_timeout(Duration::from_millis(if timed_out { 300 } else { 1000 }))
        .unwrap_or_default();
    (output, total, timed_out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_separate_noise() {
        let out = b"hello from rc\nMARKGOPATH=/a\0PATH=/b\0HOME=/h\0MARKbye";
        let (env, noise) = between_markers(out, b"MARK");
        let env = env.unwrap();
        assert_eq!(env.get("GOPATH").map(String::as_str), Some("/a"));
        assert!(!env.contains_key("HOME"));
        assert_eq!(noise, "hello from rc\n".len() + "bye".len());
        assert_eq!(between_markers(b"MARK only one", b"MARK").0, None);
    }
}
