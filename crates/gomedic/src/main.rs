//! gomedic: a doctor for Go development environments.
//!
//! Exit status: 0 when nothing is wrong (or no finding is an error), 1 when
//! `check` found at least one error, 2 when gomedic itself failed (bad usage,
//! an unreadable snapshot, an internal error).

mod cli;
mod commands;
mod render;

use clap::Parser;
use cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

/// Exit status when gomedic itself failed.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version print to stdout and succeed; usage errors exit 2.
            let code = if error.use_stderr() { FAILURE } else { 0 };
            let printed = error.print();
            if printed
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            return ExitCode::from(code);
        }
    };
    let ctx = commands::Context {
        color: cli.color,
        ascii: cli.ascii || render::locale_wants_ascii(|name| std::env::var(name).ok()),
    };
    let outcome = std::panic::catch_unwind(|| run(&cli.command, &ctx));
    match outcome {
        Ok(Ok(code)) => ExitCode::from(u8::try_from(code).unwrap_or(FAILURE)),
        Ok(Err(error)) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            let mut err = render::stderr(ctx.color);
            let label = render::style::paint(render::style::ERROR, "error:");
            writeln!(err, "gomedic: {label} {error:#}").ok();
            ExitCode::from(FAILURE)
        }
        Err(_) => {
            // The panic message was already printed by the default hook.
            writeln!(
                std::io::stderr(),
                "gomedic: internal error; please report it"
            )
            .ok();
            ExitCode::from(FAILURE)
        }
    }
}

fn run(command: &Command, ctx: &commands::Context) -> anyhow::Result<i32> {
    match command {
        Command::Check(args) => commands::check::run(args, ctx),
        Command::Which(args) => commands::which::run(args, ctx),
        Command::Snapshot(args) => commands::snapshot::run(args, ctx),
        Command::Explain(args) => commands::explain::run(args, ctx),
        Command::Tools(args) => commands::tools::run(args),
        Command::Env(args) => commands::env::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Route(args) => commands::route::run(args),
    }
}

/// True when the error comes from writing to a closed pipe (`gomedic ... | head`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
