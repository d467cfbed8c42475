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
    out.extend(crate::os_windows::env_scopes(ctx));
    out
}

/// True for the variables compared between contexts.
fn compared(name: &str) -> bool {
    name.starts_with("GO") || name.starts_with("CGO_") || matches!(name, "CC" | "CXX")
}

/// The start-up line that gives `value` to `var`, for naming the cause.
fn cause(ctx: &Ctx, var: &str, value: Option<&str>) -> String {
    match value {
        Some(v) => match ctx.snap.startup.origins_of_value(var, v).first() {
            Some(a) => format!("set at {}", describe(a)),
            None => "set by no start-up file gomedic read".to_string(),
        },
        None => {
            let unsets: Vec<String> = ctx
                .snap
                .startup
                .assignments_of(var)
                .filter(|a| a.kind == AssignKind::Unset)
                .map(|a| a.location())
                .collect();
            if unsets.is_empty() {
                "not set by its start-up files".to_string()
            } else {
                format!("unset at {}", unsets.join(", "))
            }
        }
    }
}

/// env/context-differs: a login shell, an interactive shell or `sh -c` gives
/// programs another Go setting, or another `go`, than this process has.
pub fn context_differs(ctx: &Ctx) -> Vec<Finding> {
    let contexts: Vec<_> = ctx
        .snap
        .contexts
        .iter()
        .filter(|c| c.env.is_some())
        .collect();
    if contexts.is_empty() {
        return Vec::new();
    }
    let mut vars: BTreeSet<&str> = ctx
        .snap
        .env
        .keys()
        .map(String::as_str)
        .filter(|k| compared(k))
        .collect();
    for c in &contexts {
        vars.extend(
            c.env
                .iter()
                .flatten()
                .map(|(k, _)| k.as_str())
                .filter(|k| compared(k)),
        );
    }
    let mut out = Vec::new();
    for var in vars {
        let here = ctx.os_env(var).filter(|v| !v.is_empty());
        let differing: Vec<(&str, Option<&str>)> = contexts
            .iter()
            .map(|c| {
                let v = c.env.as_ref().and_then(|e| e.get(var)).map(String::as_str);
                (c.name.as_str(), v.filter(|v| !v.is_empty()))
            })
            .filter(|(_, v)| *v != here)
            .collect();
        if differing.is_empty() {
            continue;
        }
        let show = |v: Option<&str>| v.map_or("unset".to_string(), code);
        // Group the contexts by the value they give.
        let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
        for (name, value) in &differing {
            match groups.iter_mut().find(|(v, _)| v == value) {
                Some((_, names)) => names.push(name),
                None => groups.push((*value, vec![name])),
            }
        }
        let elsewhere: Vec<String> = groups
            .iter()
            .map(|(v, names)| format!("{} in {}", show(*v), names.join(", ")))
            .collect();
        // Another value somewhere is a real split; only "unset" elsewhere means
        // the value comes from this process's parent (a container, an IDE).
        let severity = if differing.iter().any(|(_, v)| v.is_some()) {
            Severity::Warning
        } else {
            Severity::Info
        };
        let mut f = Finding {
            id: "env/context-differs".to_string(),
            severity,
            title: format!("{var} is {} here but {}", show(here), elsewhere.join("; ")),
            evidence: Vec::new(),
            explanation: CONTEXT_EXPLANATION.to_string(),
            fixes: Vec::new(),
        };
        f.evidence.push(Evidence::new(
            var,
            here.unwrap_or("(unset)"),
            format!("this process; {}", cause(ctx, var, here)),
        ));
        for (name, value) in &differing {
            f.evidence.push(Evidence::new(
                var,
                value.unwrap_or("(unset)"),
                format!("{name}; {}", cause(ctx, var, *value)),
            ));
        }
        f.fixes.push(Fix::new(format!(
            "Set {var} in one place every context reads — for sh and bash ~/.profile (and have ~/.bash_profile \
source it), for zsh ~/.zshenv — and delete the other assignments; open a new terminal and restart editors."
        )));
        f.fixes
            .extend(gui_session_fix(ctx, differing.iter().map(|(n, _)| *n), var));
        if var.starts_with("GO") && var != "GOROOT" {
            f.fixes.push(
                Fix::new(format!(
                    "Or drop {var} from the start-up files and let go read it from its own settings file, which \
every context shares."
                ))
                .with_command(crate::fixes::go_env_w(
                    ctx.platform,
                    var,
                    here.or(differing[0].1).unwrap_or(""),
                )),
            );
        }
        out.push(f);
    }
    // Which go runs.
    let here_go = ctx.active().map(|g| g.path.as_str());
    let other_go: Vec<(&str, Option<&str>)> = contexts
        .iter()
        .map(|c| (c.name.as_str(), c.go.as_deref()))
        .filter(|(_, g)| *g != here_go)
        .collect();
    if !other_go.is_empty() {
        let show = |g: Option<&str>| g.map_or("no go".to_string(), code);
        let severity = if other_go.iter().any(|(_, g)| g.is_some()) {
            Severity::Warning
        } else {
            Severity::Info
        };
        let mut f = Finding {
            id: "env/context-differs".to_string(),
            severity,
            title: format!(
                "{} runs here but {} in {}",
                show(here_go),
                show(other_go[0].1),
                other_go
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            evidence: Vec::new(),
            explanation: CONTEXT_EXPLANATION.to_string(),
            fixes: Vec::new(),
        };
        let dir_cause = |go: Option<&str>| -> String {
            let Some(go) = go else {
                return "not on its PATH".to_string();
            };
            let dir = go.rsplit_once('/').map_or(go, |(d, _)| d);
            match ctx.snap.startup.origins_of_path_entry(dir).first() {
                Some(a) => format!("{dir} added to PATH at {}", describe(a)),
                None => format!("{dir} is on PATH from no start-up file gomedic read"),
            }
        };
        f.evidence.push(Evidence::new(
            "go",
            here_go.unwrap_or("(none)"),
            format!("this process; {}", dir_cause(here_go)),
        ));
        for (name, go) in &other_go {
            f.evidence.push(Evidence::new(
                "go",
                go.unwrap_or("(none)"),
                format!("{name}; {}", dir_cause(*go)),
            ));
        }
        f.fixes.push(Fix::new(
            "Add the Go bin directory you want to PATH in a file every context reads (~/.profile for login shells and \
the desktop, sourced from ~/.bashrc; ~/.zshenv for zsh), remove the other PATH lines naming a Go, then open a new \
terminal and restart editors.",
        ));
        f.fixes.extend(gui_session_fix(
            ctx,
            other_go.iter().map(|(n, _)| *n),
            "PATH",
        ));
        out.push(f);
    }
    out
}

/// When a differing context is the desktop session (systemd user manager,
/// launchd), how to set `var` there: start-up files do not reach it.
fn gui_session_fix<'a>(
    ctx: &Ctx,
    mut names: impl Iterator<Item = &'a str>,
    var: &str,
) -> Option<Fix> {
    let name = names.find(|n| n.starts_with("GUI session"))?;
    Some(if name.contains("launchd") {
        Fix::new(format!(
            "Programs started from the Dock get their environment from launchd, which reads no shell file: \
for PATH add the directory to a file in /etc/paths.d; for other variables run `launchctl setenv {var} <value>` \
(from a LaunchAgent to survive a reboot), then restart the app."
        ))
    } else {
        let example = match ctx.active().and_then(|g| g.path.rsplit_once('/')) {
            Some((dir, _)) if var == "PATH" => format!("PATH={dir}:${{PATH}}"),
            _ => format!("{var}=<value>"),
        };
        Fix::new(format!(
            "Programs started from the desktop get the systemd user manager's environment ({name}), which \
reads no shell file: add the line {} to ~/.config/environment.d/go.conf, then log out and back in.",
            code(&example)
        ))
    })
}

const CONTEXT_EXPLANATION: &str = "Programs get their environment from whatever started them. A terminal runs an \
interactive shell, a desktop login runs a login shell, scripts, Makefiles and CI run `sh -c`, and editors start \
a login (and often interactive) shell to copy its environment. Each reads different start-up files, so each can \
end up with a different Go setting or a different go on PATH: builds in the editor then behave differently from \
builds in the terminal.";
