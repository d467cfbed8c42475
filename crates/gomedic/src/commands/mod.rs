//! One module per subcommand. Each exposes a clap `Args` struct and `run`.

pub mod env;
pub mod tools;

/// Output format shared by the subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}
