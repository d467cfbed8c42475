//! `gomedic tools`: build info of Go binaries, read without running them.

use std::path::PathBuf;

/// Arguments of `gomedic tools`.
#[derive(Debug, clap::Args)]
pub struct ToolsArgs {
    /// Files or directories to read (default: GOBIN or GOPATH/bin, and every go on PATH).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::commands::Format::Text)]
    pub format: crate::commands::Format,
}

/// Runs `gomedic tools`; returns the process exit code.
pub fn run(_args: &ToolsArgs) -> anyhow::Result<i32> {
    anyhow::bail!("gomedic tools is being written")
}
