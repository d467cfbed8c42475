//! Where process environment values come from (shell start-up files, read
//! by the probe), and env/set-in-several-places.

use crate::context::{Ctx, code};
use gomedic_model::provenance::{AssignKind, StartupAssignment};
use gomedic_model::{Evidence, Finding, Fix, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// The start-up file assignment that most likely exported the current OS
/// value of `key`, when the value is set.
pub fn origin<'a>(ctx: &Ctx<'a>, key: &str) -> Option<&'a StartupAssignment> {
    let value = ctx.os_env(key).filter(|v| !v.is_empty())?;
    ctx.snap
        .startup
        .origins_of_value(key, value)
        .into_iter()
        .next()
}

/// `file:line`, with the guard when the line may not run.
pub fn describe(a: &StartupAssignment) -> String {
    match &a.guarded_by {
        Some(guard) => format!("{} ({guard})", a.location()),
        None => a.location(),
    }
}

/// Evidence naming the start-up line that exports `key`, when known.
pub fn origin_evidence(ctx: &Ctx, key: &str) -> Option<Evidence> {
    let a = origin(ctx, key)?;
    Some(Evidence::new(
        format!("{key} exported by"),
        format!("{} {key}", a.kind),
        describe(a),
    ))
}

/// Who reads a start-up file, e.g. "bash login, bash interactive".
fn readers(ctx: &Ctx, file: &str) -> String {
    ctx.snap
        .startup
        .files
        .iter()
        .find(|f| f.path == file)
        .map(|f| f.read_by.join(", "))
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// env/set-in-several-places: a Go variable set to different values in
/// several start-up files.
pub fn set_in_several_places(ctx: &Ctx) -> Vec<Finding> {
    let mut by_var: BTreeMap<&str, Vec<&StartupAssignment>> = BTreeMap::new();
    for a in &ctx.snap.startup.assignments {
        let go_variable = a.variable.starts_with("GO")
            || a.variable.starts_with("CGO_")
            || matches!(a.variable.as_str(), "CC" | "CXX");
        if go_variable && a.kind == AssignKind::Set && a.exported {
            by_var.entry(a.variable.as_str()).or_default().push(a);
        }
    }
    let mut out = Vec::new();
    for (var, sets) in by_var {
        let files: BTreeSet<&str> = sets.iter().map(|a| a.file.as_str()).collect();
        let values: BTreeSet<&str> = sets
            .iter()
            .map(|a| a.expanded.as_deref().unwrap_or(&a.value))
            .collect();
        if files.len() < 2 || values.len() < 2 {
            continue;
        }
        let current = ctx.os_env(var);
        let winner = origin(ctx, var);
        let mut f = Finding {
            id: "env/set-in-several-places".to_string(),
            severity: Severity::Warning,
            title: format!(
                "{var} is set to {} different values in {} start-up files",
                values.len(),
                files.len()
            ),
            evidence: Vec::new(),
            explanation: "Several start-up files give this variable different values. Which one wins depends \
on which files a program's shell read: a login shell, an interactive terminal, a script run with `sh -c`, an \
editor started from the desktop and a service each read a different set. So the same machine answers \
`go env` differently depending on where go was started, and editing one file seems to have no effect."
                .to_string(),
            fixes: Vec::new(),
        };
        f.evidence.push(Evidence::new(
            format!("{var} now"),
            current.unwrap_or("(unset)"),
            match winner {
                Some(a) => format!("process environment, matches {}", a.location()),
                None => "process environment".to_string(),
            },
        ));
        for a in &sets {
            f.evidence.push(Evidence::new(
                var,
                a.expanded.as_deref().unwrap_or(&a.value),
                format!("{} (read by {})", describe(a), readers(ctx, &a.file)),
            ));
        }
        let keep = winner.unwrap_or(sets[sets.len() - 1]);
        let others: Vec<String> = sets
            .iter()
            .filter(|a| a.location() != keep.location())
            .map(|a| a.location())
            .collect();
        f.fixes.push(Fix::new(format!(
            "Keep one assignment — the one at {} gives the value this shell has — and delete the others ({}), \
so every shell and editor gets the same {var}; then open a new terminal.",
            code(&keep.location()),
            others.join(", ")
        )));
        if var.starts_with("GO") && var != "GOROOT" {
            f.fixes.push(
                Fix::new(format!(
                    "Or remove all of them and set {var} once for go itself with `go env -w`, which every \
program that runs go sees."
                ))
                .with_command(crate::fixes::go_env_w(
                    ctx.platform,
                    var,
                    current.unwrap_or(keep.expanded.as_deref().unwrap_or(&keep.value)),
                )),
            );
        }
        out.push(f);
    }
    out
}
