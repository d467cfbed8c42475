//! `gomedic env`: the effective Go environment, resolved by gomedic itself
//! (without running go), printed the way `go env` / `go env -json` of the
//! same release prints it.

use gomedic_go::env::output;
use gomedic_probe::goenv::{GoEnvContext, look_path, probe_go_env, this_host};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `gomedic env`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Values that hold secrets (URL userinfo, tokens, variables named *TOKEN*, \
*PASSWORD*, ...) are always redacted, even here: secrets never leave the machine through gomedic.\n\
Problems the go command would report (relative GOPATH, missing GOTMPDIR, ...) go to stderr; \
the values are printed anyway."
)]
pub struct EnvArgs {
    /// Only these variables (printed one value per line, like `go env NAME...`).
    pub names: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::commands::Format::Text)]
    pub format: crate::commands::Format,
    /// The go binary to resolve for (default: the first `go` on PATH).
    #[arg(long, value_name = "PATH")]
    pub go: Option<PathBuf>,
    /// Show where each value comes from: the process environment (and the
    /// start-up file line that exported it), the GOENV file, $GOROOT/go.env,
    /// Go's default; PATH entry by entry. With --format json, the same chain.
    #[arg(long)]
    pub explain: bool,
}

/// Runs `gomedic env`; returns the process exit code.
pub fn run(args: &EnvArgs) -> anyhow::Result<i32> {
    let process_env: BTreeMap<String, String> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let cwd = std::env::current_dir()?;
    let (host_os, _) = this_host();
    let go_path = match &args.go {
        Some(path) => Some(path.clone()),
        None => {
            let path_var = process_env.get("PATH").map_or("", String::as_str);
            let pathext = process_env.get("PATHEXT").map_or("", String::as_str);
            look_path("go", path_var, host_os, pathext).map(PathBuf::from)
        }
    };
    let ctx = GoEnvContext {
        process_env: &process_env,
        cwd: &cwd,
        go_path: go_path.as_deref(),
        go_version: None,
        go_host: None,
        run_compiler: true,
        compiler_timeout: Duration::from_secs(10),
    };
    let probe = probe_go_env(&ctx);
    let mut stderr = std::io::stderr().lock();
    if go_path.is_none() {
        writeln!(
            stderr,
            "gomedic: no go binary found on PATH; resolving as the newest known release"
        )?;
    }
    for error in &probe.errors {
        writeln!(stderr, "gomedic: {}: {}", error.probe, error.message)?;
    }
    for problem in &probe.go_env.problems {
        writeln!(stderr, "{problem}")?;
    }
    let mut stdout = std::io::stdout().lock();
    if args.explain {
        let host = gomedic_probe::host::probe_host();
        let startup = gomedic_probe::startup_files::probe_startup(host_os, host.home.as_deref());
        let inputs = super::env_chain::ChainInputs {
            env: &probe.go_env,
            process_env: &process_env,
            user_env_file: probe.user_env_file.as_ref(),
            goroot_env_file: probe.goroot_env_file.as_ref(),
            startup: &startup,
            list_separator: if host_os == "windows" { ';' } else { ':' },
        };
        let explained = super::env_chain::explain(&inputs, &args.names);
        match args.format {
            crate::commands::Format::Json => {
                serde_json::to_writer_pretty(&mut stdout, &explained)?;
                writeln!(stdout)?;
            }
            crate::commands::Format::Text => {
                stdout.write_all(super::env_chain::to_text(&explained).as_bytes())?
            }
        }
        stdout.flush()?;
        return Ok(0);
    }
    match args.format {
        crate::commands::Format::Json => {
            stdout.write_all(output::format_json(&probe.go_env, &args.names).as_bytes())?
        }
        crate::commands::Format::Text => {
            stdout.write_all(&output::format_text(&probe.go_env, &args.names, host_os))?
        }
    }
    stdout.flush()?;
    Ok(0)
}
