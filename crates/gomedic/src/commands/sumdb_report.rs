//! `gomedic verify --sumdb`: runs the go.sum audit against the checksum
//! database and prints it.

use super::module_audit::{AuditSetup, audit_sumdb};
use gomedic_model::module_audit::GoSumAudit;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Audits the go.sum of the module containing `dir`. `Ok(None)` when the go
/// command would not consult a database (GOSUMDB=off or invalid, no go.sum).
pub fn audit(dir: &Path, timeout: Duration) -> anyhow::Result<Option<GoSumAudit>> {
    let setup = AuditSetup::for_project(dir).ok_or_else(|| {
        anyhow::anyhow!("go.mod file not found in current directory or any parent directory")
    })?;
    let audit = audit_sumdb(&setup, timeout);
    if audit.is_none() {
        eprintln!(
            "gomedic: GOSUMDB={:?} and go.sum: the go command consults no checksum database here",
            setup.inputs.module_env.gosumdb
        );
    }
    Ok(audit)
}

/// True when every consulted line was checked and agrees with the database.
pub fn passed(audit: &GoSumAudit) -> bool {
    audit.problems.is_empty() && audit.unchecked.is_empty()
}

/// The text form: each problem as the go command words it, then a summary.
pub fn write_text(out: &mut impl Write, audit: &GoSumAudit) -> std::io::Result<()> {
    for problem in &audit.problems {
        let place = problem
            .go_sum_line
            .map(|n| format!("{}:{n}: ", audit.go_sum))
            .unwrap_or_default();
        writeln!(out, "sumdb: {place}{}", problem.message.trim_end())?;
    }
    if !audit.unchecked.is_empty() {
        writeln!(
            out,
            "sumdb: {} go.sum lines not checked within the budget (first: {})",
            audit.unchecked.len(),
            audit.unchecked[0]
        )?;
    }
    let tree = audit.tree_size.map_or_else(
        || "no verified tree".to_string(),
        |n| format!("tree size {n}"),
    );
    writeln!(
        out,
        "sumdb: {} of {} go.sum lines verified against {} ({tree}, {} requests, {} ms; {} not consulted: GONOSUMDB)",
        audit.verified,
        audit.lines,
        audit.database,
        audit.requests,
        audit.elapsed_ms,
        audit.not_consulted.len()
    )
}
