//! toolchain/snap-go: the active go comes from the `go` snap.

use crate::context::{Ctx, code};
use gomedic_model::os_facts::SourcedValue;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Whether a path is the snap launcher of go or inside a go snap revision.
fn is_snap_go_path(path: &str) -> bool {
    path == "/snap/bin/go" || path == "/usr/bin/snap" || path.starts_with("/snap/go/")
}

/// The revision directory a path names, e.g. `1234` of `/snap/go/1234/...`.
fn pinned_revision(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/snap/go/")?;
    let rev = rest.split('/').next()?;
    (!rev.is_empty() && rev.bytes().all(|b| b.is_ascii_digit())).then_some(rev)
}

fn sourced(label: &str, fact: &SourcedValue) -> Option<Evidence> {
    match (&fact.value, &fact.error) {
        (Some(v), _) => Some(Evidence::new(label, v, &fact.source)),
        (None, Some(why)) => Some(Evidence::new(
            label,
            format!("could not read: {why}"),
            &fact.source,
        )),
        (None, None) => None,
    }
}

/// toolchain/snap-go: go is the snap's; refreshes change it and GOROOT is read-only.
pub fn snap_go(ctx: &Ctx) -> Vec<Finding> {
    let Some(go) = ctx.active() else {
        return Vec::new();
    };
    let from_snap =
        is_snap_go_path(&go.path) || go.real_path.as_deref().is_some_and(is_snap_go_path);
    if !from_snap {
        return Vec::new();
    }
    let snap = ctx.snap.os.linux.as_ref().and_then(|l| l.snap_go.as_ref());
    let mut evidence = vec![Evidence::new(
        "go",
        match &go.real_path {
            Some(real) if real != &go.path => format!("{} -> {real}", go.path),
            _ => go.path.clone(),
        },
        "first go on PATH",
    )];
    let mut severity = Severity::Warning;
    let mut problems = vec![
        "snapd refreshes it in the background, so the Go version can change between two builds, and GOROOT \
         (/snap/go/<revision>) is a read-only squashfs. `/snap/bin/go` is a link to `/usr/bin/snap`: tools \
         that resolve the link to find GOROOT (editors, TinyGo, older gopls) get `/usr/bin` and fail with \
         \"cannot find GOROOT directory\"."
            .to_string(),
    ];
    let mut fixes = vec![
        Fix::new(
            "Preferably install Go from the official archive (https://go.dev/doc/install) into /usr/local/go, put /usr/local/go/bin before /snap/bin on PATH, then remove the snap.",
        )
        .with_command("sudo snap remove go"),
        Fix::new(
            "If the snap stays: point editors at the real binary, not the launcher (VS Code: \"go.alternateTools\": {\"go\": \"/snap/go/current/bin/go\"}), and never install into GOROOT.",
        ),
    ];
    let mut title = "go comes from the go snap".to_string();
    if let Some(snap) = snap {
        evidence.extend(sourced("snap revision", &snap.revision));
        evidence.extend(sourced("snap version", &snap.version));
        evidence.extend(sourced("confinement", &snap.confinement));
        evidence.extend(sourced("channel", &snap.channel));
        for hold in &snap.holds {
            evidence.push(Evidence::new(
                "refresh hold",
                hold,
                "/var/lib/snapd/state.json",
            ));
        }
        if let Some(v) = snap.version.value() {
            title = format!("go {v} comes from the go snap");
        }
        match snap.confinement.value() {
            Some("classic") | None => {}
            Some(other) => {
                severity = Severity::Error;
                problems.push(format!(
                    "This go snap is `{other}`-confined: the sandbox hides most of the file system (projects \
                     outside the home directory, /tmp of the host, other toolchains) from go and the programs \
                     it builds. The go snap published by Canonical is classic-confined."
                ));
            }
        }
        match snap.channel.value() {
            Some(channel) if !channel.starts_with("1.") => {
                problems.push(format!(
                    "It tracks the channel `{channel}`, which moves to each new Go release, including new \
                     minor versions (1.N to 1.N+1) with their language and toolchain changes."
                ));
                let minor = snap
                    .version
                    .value()
                    .and_then(|v| {
                        let mut parts = v.split('.');
                        Some(format!("{}.{}", parts.next()?, parts.next()?))
                    })
                    .unwrap_or_else(|| "1.N".to_string());
                fixes.push(
                    Fix::new("To stay on one Go minor version, track its channel:")
                        .with_command(format!("sudo snap refresh go --channel={minor}/stable")),
                );
            }
            _ => {}
        }
        if snap.channel.value().is_none() && snap.channel.error.is_some() {
            fixes.push(
                Fix::new(
                    "See which channel the snap tracks (snapd's state is readable only by root):",
                )
                .with_command("snap list go"),
            );
        }
    }
    let goroot = ctx.value("GOROOT");
    if let Some(rev) = pinned_revision(goroot) {
        let current = snap.and_then(|s| s.revision.value());
        if current != Some(rev) {
            severity = Severity::Error;
        }
        evidence.push(ctx.evidence("GOROOT"));
        problems.push(format!(
            "GOROOT is set to the revision directory {} instead of /snap/go/current: snapd keeps only \
             the last few revisions, so after a refresh that GOROOT belongs to another Go version and \
             later disappears.{}",
            code(goroot),
            match current {
                Some(cur) if cur != rev => format!(" The current revision is {cur}."),
                _ => String::new(),
            }
        ));
        fixes.push(Fix::new(
            "Do not set GOROOT at all (go finds its own root); remove it from the shell start-up files or with `go env -u GOROOT`.",
        ));
    }
    vec![Finding {
        id: "toolchain/snap-go".to_string(),
        severity,
        title,
        evidence,
        explanation: problems.join("\n\n"),
        fixes,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_directories() {
        assert_eq!(pinned_revision("/snap/go/10730"), Some("10730"));
        assert_eq!(pinned_revision("/snap/go/10730/bin"), Some("10730"));
        assert_eq!(pinned_revision("/snap/go/current"), None);
        assert_eq!(pinned_revision("/usr/local/go"), None);
        assert!(is_snap_go_path("/snap/bin/go"));
        assert!(is_snap_go_path("/snap/go/1/bin/go"));
        assert!(!is_snap_go_path("/snapshots/go"));
    }
}
