//! Running a program with a time bound: stdin closed, output captured up to a
//! cap, the whole process group killed on timeout.

use gomedic_model::redact::redact_text;
use gomedic_model::snapshot::RunResult;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use wait_timeout::ChildExt;

/// The most bytes kept of each output stream.
pub const OUTPUT_CAP: usize = 64 * 1024;

/// How long to wait for the output pipes to close after the program ended
/// (a grandchild that escaped the kill may hold them open).
const PIPE_GRACE: Duration = Duration::from_millis(300);

/// Runs `program args...` with `extra_env` added, for at most `timeout`.
pub fn run_bounded(
    program: &Path,
    args: &[&str],
    extra_env: &[(&str, &str)],
    timeout: Duration,
) -> RunResult {
    run_bounded_without(program, args, extra_env, &[], timeout)
}

/// Like [`run_bounded`], and the variables named in `removed_env` are taken
/// out of the child's environment.
pub fn run_bounded_without(
    program: &Path,
    args: &[&str],
    extra_env: &[(&str, &str)],
    removed_env: &[&str],
    timeout: Duration,
) -> RunResult {
    let mut result = RunResult {
        command: std::iter::once(program.to_string_lossy().into_owned())
            .chain(args.iter().map(|a| a.to_string()))
            .collect::<Vec<_>>()
            .join(" "),
        ..RunResult::default()
    };
    let start = Instant::now();
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for k in removed_env {
        command.env_remove(k);
    }
    for (k, v) in extra_env {
        command.env(k, v);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            result.spawn_error = Some(e.to_string());
            result.millis = start.elapsed().as_millis() as u64;
            return result;
        }
    };
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    match child.wait_timeout(timeout) {
        Ok(Some(status)) => result.exit_code = status.code().or_else(|| signal_code(&status)),
        Ok(None) => {
            result.timed_out = true;
            kill_tree(&mut child);
        }
        Err(e) => {
            result.spawn_error = Some(format!("waiting failed: {e}"));
            kill_tree(&mut child);
        }
    }
    result.stdout = redact_text(&String::from_utf8_lossy(
        &stdout.recv_timeout(PIPE_GRACE).unwrap_or_default(),
    ));
    result.stderr = redact_text(&String::from_utf8_lossy(
        &stderr.recv_timeout(PIPE_GRACE).unwrap_or_default(),
    ));
    result.millis = start.elapsed().as_millis() as u64;
    result
}

/// Reads a pipe to its end on a detached thread, keeping the first
/// [`OUTPUT_CAP`] bytes; the result arrives on the returned channel.
fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    if let Some(mut pipe) = pipe {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut buf = [0u8; 8192];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let room = OUTPUT_CAP.saturating_sub(kept.len());
                        kept.extend_from_slice(&buf[..n.min(room)]);
                    }
                }
            }
            let _ = tx.send(kept);
        });
    } else {
        let _ = tx.send(Vec::new());
    }
    rx
}

/// Kills the child's process group (while the child is not yet reaped, so
/// the group id cannot have been reused), then the child itself.
fn kill_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    kill_group(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
fn kill_group(pid: u32) {
    if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// A process killed by signal N reports `128 + N`, as shells do.
#[cfg(unix)]
fn signal_code(status: &std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal().map(|s| 128 + s)
}

#[cfg(not(unix))]
fn signal_code(_status: &std::process::ExitStatus) -> Option<i32> {
    None
}
