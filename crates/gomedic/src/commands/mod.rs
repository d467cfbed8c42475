//! One module per subcommand. Each exposes a clap `Args` struct and `run`.

pub mod check;
pub mod env;
pub mod env_chain;
pub mod explain;
pub mod module_audit;
pub mod network;
pub mod private;
pub mod route;
pub mod snapshot;
pub mod sumdb_report;
pub mod tools;
pub mod verify;
pub mod which;

use crate::cli::ColorWhen;
use crate::render::TextOptions;
use std::path::PathBuf;
use std::time::Duration;

/// Output format shared by the subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What every subcommand shares: how to print.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub color: ColorWhen,
    pub ascii: bool,
}

impl Context {
    /// Text options for this run.
    pub fn text_options(&self, verbose: bool) -> TextOptions {
        TextOptions {
            verbose,
            ascii: self.ascii,
        }
    }
}

/// The time bound of any one subprocess the probe starts.
pub const SUBPROCESS_TIMEOUT: Duration = Duration::from_secs(10);

/// Probe options for the current directory or `project`.
pub fn probe_options(
    project: Option<PathBuf>,
    offline: bool,
) -> anyhow::Result<gomedic_probe::ProbeOptions> {
    let project_dir = match project {
        Some(dir) => {
            anyhow::ensure!(dir.is_dir(), "--project {}: not a directory", dir.display());
            dir
        }
        None => std::env::current_dir()
            .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?,
    };
    Ok(gomedic_probe::ProbeOptions {
        project_dir,
        offline,
        run_go: true,
        subprocess_timeout: SUBPROCESS_TIMEOUT,
        spawn_shells: false,
    })
}
