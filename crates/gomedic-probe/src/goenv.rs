//! Gathers the facts [`gomedic_go::env::resolve`] needs for one go binary
//! (reading files, testing directories, looking names up on PATH, and —
//! only when asked — running the C compiler as `go env` does), then
//! resolves the effective environment. Reads only; every run is time-bounded.

use gomedic_go::env::{EnvFileInput, EnvInputs, FactRequest, GoEnv, fact_requests, resolve};
use gomedic_go::envfile::decode_go_lossy;
use gomedic_model::redact::{redact_text, redact_var};
use gomedic_model::snapshot::{ProbeError, TextFile};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The most bytes read from a configuration file.
pub const ENV_FILE_CAP: u64 = 1 << 20;

/// What to resolve the environment for.
#[derive(Debug, Clone)]
pub struct GoEnvContext<'a> {
    /// The environment the go command would run with (UNREDACTED; the probe
    /// redacts what it returns).
    pub process_env: &'a BTreeMap<String, String>,
    /// The directory the go command would run in.
    pub cwd: &'a Path,
    /// The go binary; `None` resolves as a go with no known location would.
    pub go_path: Option<&'a Path>,
    /// Its release (`go1.22.10`) when the caller already read it from build
    /// info; otherwise `$GOROOT/VERSION` of its own GOROOT is read.
    pub go_version: Option<&'a str>,
    /// `runtime.GOOS`/`GOARCH` of the go binary; default: this machine's.
    pub go_host: Option<(&'a str, &'a str)>,
    /// Run the C compiler to compute GOGCCFLAGS exactly (`gomedic env` only).
    pub run_compiler: bool,
    /// Time bound of each compiler run.
    pub compiler_timeout: Duration,
}

/// The resolved environment and what was read on the way.
#[derive(Debug, Clone, Default)]
pub struct GoEnvProbe {
    /// Values are redacted.
    pub go_env: GoEnv,
    pub user_env_file: Option<TextFile>,
    pub goroot_env_file: Option<TextFile>,
    pub errors: Vec<ProbeError>,
}

/// This machine's OS and architecture in Go's spelling.
pub fn this_host() -> (&'static str, &'static str) {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "x86" => "386",
        "aarch64" => "arm64",
        "powerpc64" if cfg!(target_endian = "little") => "ppc64le",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        other => other,
    };
    (os, arch)
}

/// Resolves the effective Go environment of `ctx.go_path`. Never panics.
pub fn probe_go_env(ctx: &GoEnvContext) -> GoEnvProbe {
    let mut errors = Vec::new();
    let inputs = gather_inputs(ctx, &mut errors);
    let mut go_env = resolve(&inputs);
    for (key, v) in go_env.vars.iter_mut() {
        v.value = redact_var(key, &v.value);
    }
    for problem in go_env.problems.iter_mut() {
        *problem = redact_text(problem);
    }
    GoEnvProbe {
        go_env,
        user_env_file: inputs.user_env_file.as_ref().map(text_file),
        goroot_env_file: inputs.goroot_env_file.as_ref().map(text_file),
        errors,
    }
}

/// Everything resolution needs, read from this machine (unredacted).
pub fn gather_inputs(ctx: &GoEnvContext, errors: &mut Vec<ProbeError>) -> EnvInputs {
    let (host_os, host_arch): (&str, &str) = match ctx.go_host {
        Some(host) => host,
        None => this_host(),
    };
    let flavor = gomedic_go::env::paths::Flavor::for_os(host_os);
    let mut inputs = EnvInputs {
        host_os: host_os.to_string(),
        host_arch: host_arch.to_string(),
        os_env: ctx.process_env.clone(),
        cwd: go_getwd(ctx.cwd, ctx.process_env),
        temp_dir: temp_dir(ctx.process_env, host_os),
        ..EnvInputs::default()
    };
    if let Some(go) = ctx.go_path {
        let absolute = if go.is_absolute() {
            go.to_path_buf()
        } else {
            ctx.cwd.join(go)
        };
        let resolved = std::fs::canonicalize(&absolute).ok();
        let exe = if cfg!(target_os = "linux") {
            resolved.clone().unwrap_or(absolute)
        } else {
            absolute
        };
        inputs.exe = Some(flavor.clean(&exe.to_string_lossy()));
        inputs.exe_resolved = resolved.map(|p| p.to_string_lossy().into_owned());
    }
    let (dirs_mod, dirs_work) = module_files_above(&inputs.cwd);
    inputs.go_mod_dirs = dirs_mod;
    inputs.go_work_dirs = dirs_work;
    inputs.go_version = match ctx.go_version {
        Some(v) => v.to_string(),
        None => own_release(&inputs).unwrap_or_else(|| {
            errors.push(ProbeError {
                probe: "go-env".into(),
                message:
                    "cannot tell the go binary's release; resolving as the newest known release"
                        .into(),
            });
            String::new()
        }),
    };
    // Answer the resolver's questions until it has none left.
    for _round in 0..16 {
        let requests = fact_requests(&inputs, ctx.run_compiler);
        if requests.is_empty() {
            break;
        }
        for request in requests {
            answer(&mut inputs, request, ctx, errors);
        }
    }
    inputs
}

fn answer(
    inputs: &mut EnvInputs,
    request: FactRequest,
    ctx: &GoEnvContext,
    errors: &mut Vec<ProbeError>,
) {
    match request {
        FactRequest::UserEnvFile { path } => {
            inputs.user_env_file = Some(read_env_file(&path, &inputs.cwd, errors))
        }
        FactRequest::GorootEnvFile { path } => {
            inputs.goroot_env_file = Some(read_env_file(&path, &inputs.cwd, errors))
        }
        FactRequest::TelemetryModeFile { path } => {
            inputs.telemetry_mode_file = Some(read_env_file(&path, &inputs.cwd, errors))
        }
        FactRequest::IsGoroot { dir } => {
            let is = std::fs::metadata(Path::new(&dir).join("pkg").join("tool"))
                .is_ok_and(|m| m.is_dir());
            inputs.goroot_dirs.insert(dir, is);
        }
        FactRequest::IsDir { path } => {
            let is = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            inputs.is_dir.insert(path, is);
        }
        FactRequest::LookPath { name } => {
            let found = look_path(
                &name,
                inputs.os_getenv("PATH"),
                &inputs.host_os,
                inputs.os_getenv("PATHEXT"),
            );
            inputs.path_lookups.insert(name, found);
        }
        FactRequest::CcFlag { flag, argv } => {
            let supported = run_flag_test(&argv, ctx, &inputs.temp_dir, errors);
            inputs.cc_flag_support.insert(flag, supported);
        }
    }
}

fn text_file(input: &EnvFileInput) -> TextFile {
    TextFile {
        path: input.path.clone(),
        exists: input.content.is_some() || input.error.is_some(),
        content: input.content.as_deref().map(redact_text),
        truncated: input
            .content
            .as_ref()
            .is_some_and(|c| c.len() as u64 >= ENV_FILE_CAP),
        error: input.error.clone(),
    }
}

/// Reads a config file as Go would open it (relative paths against the cwd).
fn read_env_file(path: &str, cwd: &str, errors: &mut Vec<ProbeError>) -> EnvFileInput {
    let full = if Path::new(path).is_absolute() {
        PathBuf::from(path)
    } else {
        Path::new(cwd).join(path)
    };
    let mut input = EnvFileInput {
        path: path.to_string(),
        ..EnvFileInput::default()
    };
    match read_capped(&full) {
        Ok(bytes) => input.content = Some(decode_go_lossy(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            errors.push(ProbeError {
                probe: "go-env-file".into(),
                message: format!("{path}: {e}"),
            });
            input.error = Some(e.to_string());
        }
    }
    input
}

fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    let mut bytes = Vec::new();
    file.take(ENV_FILE_CAP).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The first line of `$GOROOT/VERSION` of the go binary's own GOROOT.
fn own_release(inputs: &EnvInputs) -> Option<String> {
    let flavor = inputs.flavor();
    let mut dirs = Vec::new();
    for exe in [&inputs.exe, &inputs.exe_resolved].into_iter().flatten() {
        dirs.push(flavor.join(&[exe, "../.."]));
        dirs.push(flavor.join(&[exe, "../../.."]));
    }
    let goroot = inputs.os_getenv("GOROOT");
    if !goroot.is_empty() {
        dirs.push(goroot.to_string());
    }
    dirs.iter().find_map(|dir| {
        let bytes = read_capped(&Path::new(dir).join("VERSION")).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let line = text.split('\n').next()?.trim_end_matches('\r').trim();
        line.starts_with("go").then(|| line.to_string())
    })
}

/// `os.Getwd`: `$PWD` when it names the current directory, else the real path.
fn go_getwd(cwd: &Path, env: &BTreeMap<String, String>) -> String {
    let real = cwd.to_string_lossy().into_owned();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Some(pwd) = env.get("PWD").filter(|p| p.starts_with('/'))
            && let (Ok(a), Ok(b)) = (std::fs::metadata(pwd), std::fs::metadata(cwd))
            && a.dev() == b.dev()
            && a.ino() == b.ino()
        {
            return pwd.clone();
        }
    }
    #[cfg(not(unix))]
    let _ = env;
    real
}

/// `os.TempDir()` of the go process.
fn temp_dir(env: &BTreeMap<String, String>, goos: &str) -> String {
    let get = |k: &str| gomedic_go::env::paths::os_getenv(env, goos, k).to_string();
    if goos == "windows" {
        for key in ["TMP", "TEMP", "USERPROFILE"] {
            let v = get(key);
            if !v.is_empty() {
                return v;
            }
        }
        return r"C:\Windows".into();
    }
    let tmp = get("TMPDIR");
    if tmp.is_empty() { "/tmp".into() } else { tmp }
}

/// Directories from `cwd` upwards holding a non-directory go.mod / go.work.
fn module_files_above(cwd: &str) -> (Vec<String>, Vec<String>) {
    let mut go_mod = Vec::new();
    let mut go_work = Vec::new();
    for dir in Path::new(cwd).ancestors() {
        let is_file = |name: &str| std::fs::metadata(dir.join(name)).is_ok_and(|m| !m.is_dir());
        if is_file("go.mod") {
            go_mod.push(dir.to_string_lossy().into_owned());
        }
        if is_file("go.work") {
            go_work.push(dir.to_string_lossy().into_owned());
        }
    }
    (go_mod, go_work)
}

/// `exec.LookPath` of the go process: a name with a separator is checked as
/// is; otherwise each PATH entry is tried, and a result that is not absolute
/// (from an empty or relative entry) is refused, as Go's ErrDot refuses it.
pub fn look_path(name: &str, path_var: &str, goos: &str, pathext: &str) -> Option<String> {
    let windows = goos == "windows";
    let exts: Vec<String> = if windows {
        let list: Vec<String> = pathext
            .split(';')
            .filter(|e| !e.is_empty())
            .map(|e| {
                if e.starts_with('.') {
                    e.to_lowercase()
                } else {
                    format!(".{}", e.to_lowercase())
                }
            })
            .collect();
        if list.is_empty() {
            [".com", ".exe", ".bat", ".cmd"].map(String::from).to_vec()
        } else {
            list
        }
    } else {
        vec![String::new()]
    };
    let candidates = |base: &Path| -> Option<PathBuf> {
        exts.iter()
            .map(|e| PathBuf::from(format!("{}{e}", base.display())))
            .find(|p| is_executable(p))
    };
    if name.contains('/') || (windows && name.contains('\\')) {
        return candidates(Path::new(name)).map(|p| p.to_string_lossy().into_owned());
    }
    let separator = if windows { ';' } else { ':' };
    for entry in path_var.split(separator) {
        let dir = if entry.is_empty() { "." } else { entry };
        if let Some(found) = candidates(&Path::new(dir).join(name)) {
            if !found.is_absolute() {
                return None;
            }
            return Some(found.to_string_lossy().into_owned());
        }
    }
    None
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
}

/// Runs one `gccSupportsFlag` test with a time bound; the verdict follows Go
/// (a compiler that cannot start prints nothing, which counts as support).
fn run_flag_test(
    argv: &[String],
    ctx: &GoEnvContext,
    temp_dir: &str,
    errors: &mut Vec<ProbeError>,
) -> bool {
    use wait_timeout::ChildExt;
    let Some((program, args)) = argv.split_first() else {
        return true;
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .env_clear()
        .envs(ctx.process_env)
        .env("LC_ALL", "C");
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if Path::new(temp_dir).is_dir() {
        command.current_dir(temp_dir);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(_) => return true,
    };
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|o| Box::new(o) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|e| Box::new(e) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|mut pipe| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.by_ref().take(1 << 20).read_to_end(&mut buf);
            buf
        })
    })
    .collect();
    let finished = matches!(child.wait_timeout(ctx.compiler_timeout), Ok(Some(_)));
    if !finished {
        let _ = child.kill();
        let _ = child.wait();
        errors.push(ProbeError {
            probe: "go-env-cc".into(),
            message: format!(
                "{} did not finish within {:?}; flag counted as unsupported",
                argv.join(" "),
                ctx.compiler_timeout
            ),
        });
        return false;
    }
    let output: Vec<u8> = readers
        .into_iter()
        .flat_map(|r| r.join().unwrap_or_default())
        .collect();
    gomedic_go::env::cgo::output_means_supported(&output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_and_huge_env_files_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("env");
        let mut content = b"GOPROXY=https://a\n\xff\xfe\x00junk\n".to_vec();
        content.extend(std::iter::repeat_n(b'x', 1_100_000));
        std::fs::write(&file, &content).unwrap();
        let mut env = BTreeMap::new();
        env.insert("GOENV".to_string(), file.to_string_lossy().into_owned());
        env.insert(
            "HOME".to_string(),
            dir.path().to_string_lossy().into_owned(),
        );
        let ctx = GoEnvContext {
            process_env: &env,
            cwd: dir.path(),
            go_path: None,
            go_version: Some("go1.22.10"),
            go_host: Some(("linux", "amd64")),
            run_compiler: false,
            compiler_timeout: Duration::from_secs(5),
        };
        let probe = probe_go_env(&ctx);
        assert_eq!(probe.go_env.value("GOPROXY"), "https://a");
        assert!(probe.user_env_file.unwrap().truncated);
        assert!(
            probe
                .go_env
                .problems
                .iter()
                .any(|p| p.contains("cannot find GOROOT"))
        );
    }

    #[test]
    fn secrets_are_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = BTreeMap::new();
        env.insert(
            "GOPROXY".to_string(),
            "https://bob:s3cret@proxy.corp".to_string(),
        );
        env.insert("GOENV".to_string(), "off".to_string());
        let ctx = GoEnvContext {
            process_env: &env,
            cwd: dir.path(),
            go_path: None,
            go_version: Some("go1.27.3"),
            go_host: None,
            run_compiler: false,
            compiler_timeout: Duration::from_secs(5),
        };
        assert_eq!(
            probe_go_env(&ctx).go_env.value("GOPROXY"),
            "https://***@proxy.corp"
        );
    }
}
