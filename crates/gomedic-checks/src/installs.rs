//! toolchain/install-sources and toolchain/version-pin-mismatch: which
//! installers put Go on this machine, and whether the version files in the
//! project agree with the go that runs.

use crate::context::{Ctx, code};
use crate::install_source::{InstallSource, Installer, classify, facts_for};
use gomedic_model::installs::VersionPin;
use gomedic_model::snapshot::GoBinary;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Installers that are meant to sit beside another one: GOTOOLCHAIN
/// downloads (Go manages them) and golang.org/dl's `~/sdk/goX.Y.Z`.
fn coexists_by_design(installer: Installer) -> bool {
    matches!(
        installer,
        Installer::GoToolchainModule | Installer::GolangDl
    )
}

/// toolchain/install-sources: Go installed by several installers at once.
pub fn install_sources(ctx: &Ctx) -> Vec<Finding> {
    let sources: Vec<(&GoBinary, InstallSource)> = ctx
        .snap
        .go_binaries
        .iter()
        .map(|go| (go, classify(ctx.snap, go)))
        .collect();
    let mut installers: Vec<Installer> = Vec::new();
    for (_, s) in &sources {
        if !coexists_by_design(s.installer) && !installers.contains(&s.installer) {
            installers.push(s.installer);
        }
    }
    if installers.len() < 2 {
        return Vec::new();
    }
    let names: Vec<&str> = installers.iter().map(|i| i.name()).collect();
    let mut f = Finding::new(
        "toolchain/install-sources",
        Severity::Warning,
        format!(
            "Go is installed by {} installers: {}",
            names.len(),
            names.join(", ")
        ),
        "Each installer updates only its own copy of Go and puts it on PATH its own way. With several, \
         which Go runs depends on PATH order (different in terminals, editors and services), an update \
         through one leaves the others old, and uninstalling one can uncover another.",
    );
    for (index, (go, s)) in sources.iter().enumerate() {
        let role = if ctx.snap.active_go == Some(index) {
            "runs (first on PATH)"
        } else if go.path_index.is_some() {
            "on PATH"
        } else {
            "not on PATH"
        };
        let version = go.go_version().unwrap_or("unknown version");
        let mut value = format!("{} ({version})", go.path);
        if s.evidence_path != go.path {
            value.push_str(&format!(" → {}", s.evidence_path));
        }
        f.evidence.push(Evidence::new(
            format!("{} — {role}", s.describe()),
            value,
            "install layout and package databases",
        ));
    }
    for note in &ctx.snap.installs.notes {
        f.evidence
            .push(Evidence::new("not known", note.clone(), "install probe"));
    }
    f.fixes.push(Fix::new(
        "Keep one way of installing Go: uninstall the copies you do not use with the installer that put \
         them there (apt remove, brew uninstall, snap remove, asdf uninstall, ...), or at least put the \
         bin directory of the one you want first on PATH. Version managers and GOTOOLCHAIN downloads can \
         stay beside one system Go.",
    ));
    vec![f]
}

/// The version a pin asks for, without `go`, or `None` for pins that name
/// no version (`latest`, `system`, `ref:...`, `path:...`).
fn pinned_version(pin: &VersionPin) -> Option<&str> {
    let v = pin.version.trim();
    let v = v.strip_prefix("go").unwrap_or(v);
    let v = v.strip_prefix("prefix:").unwrap_or(v);
    (v.starts_with(|c: char| c.is_ascii_digit()) && !v.contains(':')).then_some(v)
}

/// Does the running version (`1.22.10`) satisfy the pin (`1.22.10`, `1.22`, `1`)?
fn pin_matches(pinned: &str, running: &str) -> bool {
    // A toolchain line names a full release; `go` in go.work is a minimum.
    running == pinned || running.starts_with(&format!("{pinned}."))
}

/// The version of the go a shell runs: through a shim, the version it selects.
fn running_version(ctx: &Ctx) -> Option<String> {
    let go = ctx.active()?;
    let via_shim = facts_for(ctx.snap, go)
        .and_then(|f| f.shim.as_ref())
        .and_then(|s| s.version.clone());
    via_shim
        .or_else(|| go.go_version().map(str::to_string))
        .map(|v| v.trim_start_matches("go").to_string())
}

/// toolchain/version-pin-mismatch: a version file pins another Go than the one that runs.
pub fn version_pin_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let Some(running) = running_version(ctx) else {
        return Vec::new();
    };
    let no_switching = ctx.value("GOTOOLCHAIN").split('+').next() == Some("local");
    let mut seen_kinds: Vec<&str> = Vec::new();
    let mut findings = Vec::new();
    for pin in &ctx.snap.installs.pins {
        // Only the nearest pin of each kind counts; managers read the nearest file.
        if seen_kinds.contains(&pin.kind.as_str()) {
            continue;
        }
        seen_kinds.push(&pin.kind);
        // go.mod/go.work toolchain lines are Go's own: with switching on, Go
        // runs the named toolchain itself (see modules/toolchain-switch).
        let go_own = pin.kind.starts_with("go.mod") || pin.kind.starts_with("go.work");
        if go_own && (!no_switching || pin.kind == "go.work go") {
            continue;
        }
        let Some(pinned) = pinned_version(pin) else {
            continue;
        };
        if pin_matches(pinned, &running) {
            continue;
        }
        let mut f = Finding::new(
            "toolchain/version-pin-mismatch",
            Severity::Warning,
            format!(
                "{} pins Go {pinned}, but the go that runs is {running}",
                code(&format!("{}:{}", pin.file, pin.line))
            ),
            "A version file says which Go this project is meant to use, but the go your shell runs is \
             another release. The version manager that reads the file is not active here (its shims are \
             not first on PATH, or it is not installed), or the pinned release is not installed, so \
             builds here differ from the ones the pin was written for.",
        );
        f.evidence.push(Evidence::new(
            format!("pin ({})", pin.kind),
            pin.version.clone(),
            format!("{}:{}", pin.file, pin.line),
        ));
        if let Some(go) = ctx.active() {
            f.evidence.push(Evidence::new(
                "go that runs",
                format!("{} ({running})", go.path),
                "first on PATH",
            ));
            if let Some(problem) = facts_for(ctx.snap, go)
                .and_then(|f| f.shim.as_ref())
                .and_then(|s| s.problem.clone())
            {
                f.evidence
                    .push(Evidence::new("shim", problem, go.path.clone()));
            }
        }
        if go_own {
            f.evidence.push(ctx.evidence("GOTOOLCHAIN"));
            f.fixes.push(Fix::new(format!(
                "GOTOOLCHAIN=local stops Go from switching to the toolchain the file names: allow switching \
                 (`go env -w GOTOOLCHAIN=auto`), install go{pinned}, or change the line."
            )));
        } else {
            f.fixes.push(Fix::new(format!(
                "Install Go {pinned} with the version manager that reads {} and make sure its shims (or bin \
                 directory) come first on PATH; or change the pin to the Go you use.",
                pin.file
            )));
        }
        findings.push(f);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_match_by_prefix() {
        assert!(pin_matches("1.22", "1.22.10"));
        assert!(pin_matches("1.22.10", "1.22.10"));
        assert!(!pin_matches("1.22.1", "1.22.10"));
        assert!(!pin_matches("1.21.13", "1.22.10"));
        let pin = |v: &str| VersionPin {
            version: v.into(),
            ..VersionPin::default()
        };
        assert_eq!(pinned_version(&pin("go1.22.10")), Some("1.22.10"));
        assert_eq!(pinned_version(&pin("latest")), None);
        assert_eq!(pinned_version(&pin("ref:master")), None);
        assert_eq!(pinned_version(&pin("prefix:1.22")), Some("1.22"));
    }
}
