//! The command line: every subcommand and flag, parsed by clap.
//!
//! Help text comes from the doc comments below.

use crate::commands;
use clap::{Parser, Subcommand, ValueEnum};

/// A doctor for Go development environments.
///
/// gomedic finds problems in a Go setup (the wrong `go` on PATH, a stale
/// GOROOT, `go env -w` values shadowed by the environment, GOPROXY/GOSUMDB
/// mistakes, ...), explains each with the evidence it rests on, and says how
/// to fix it. It only reads: nothing on the machine is changed.
#[derive(Debug, Parser)]
#[command(
    name = "gomedic",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// When to colour the output (auto: on for terminals, off when piped or NO_COLOR is set).
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Use ASCII marks instead of Unicode symbols (automatic in a non-UTF-8 locale).
    #[arg(long, global = true)]
    pub ascii: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Diagnose this machine (or a snapshot) and report every problem found.
    ///
    /// Exit status: 0 when no finding is an error, 1 when at least one is,
    /// 2 when gomedic itself failed.
    Check(commands::check::CheckArgs),
    /// List every `go` on PATH, in order, and say which one runs and why.
    Which(commands::which::WhichArgs),
    /// Write the facts gomedic gathered (secrets redacted) as JSON.
    ///
    /// `gomedic check --snapshot FILE` diagnoses such a file on any machine.
    Snapshot(commands::snapshot::SnapshotArgs),
    /// Explain a finding id in depth (`gomedic explain toolchain/go-shadowed`).
    Explain(commands::explain::ExplainArgs),
    /// Show the build info of Go binaries, read without running them.
    Tools(commands::tools::ToolsArgs),
    /// Show the effective Go environment, resolved by gomedic, with where each value comes from.
    Env(commands::env::EnvArgs),
    /// Check module integrity like `go mod verify` (build list, or --all for the whole cache), naming changed files.
    Verify(commands::verify::VerifyArgs),
    /// Show the route go takes to fetch a module: patterns matched, proxies tried, direct, checksum database.
    Route(commands::route::RouteArgs),
}
