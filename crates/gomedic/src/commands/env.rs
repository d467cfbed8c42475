//! `gomedic env`: the effective Go environment, resolved by gomedic itself.

/// Arguments of `gomedic env`.
#[derive(Debug, clap::Args)]
pub struct EnvArgs {
    /// Only these variables.
    pub names: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::commands::Format::Text)]
    pub format: crate::commands::Format,
}

/// Runs `gomedic env`; returns the process exit code.
pub fn run(_args: &EnvArgs) -> anyhow::Result<i32> {
    anyhow::bail!("gomedic env is being written")
}
