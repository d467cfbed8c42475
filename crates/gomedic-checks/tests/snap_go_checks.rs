//! toolchain/snap-go on snapshots of an Ubuntu machine whose go is the go snap.

mod support;

use gomedic_model::os_facts::{LinuxOsFacts, SnapGoFacts, SourcedValue};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

fn sourced(source: &str, value: Option<&str>, error: Option<&str>) -> SourcedValue {
    SourcedValue {
        source: source.into(),
        value: value.map(str::to_string),
        error: error.map(str::to_string),
    }
}

/// The go snap as `snap install go --classic` leaves it, state.json readable (root).
fn snap_facts(channel: Option<&str>) -> SnapGoFacts {
    let yaml = "/snap/go/current/meta/snap.yaml";
    SnapGoFacts {
        revision: sourced("/snap/go/current", Some("10730"), None),
        version: sourced(&format!("{yaml} (version)"), Some("1.22.10"), None),
        confinement: sourced(&format!("{yaml} (confinement)"), Some("classic"), None),
        channel: sourced(
            "/var/lib/snapd/state.json (data.snaps.go.channel)",
            channel,
            None,
        ),
        holds: Vec::new(),
    }
}

fn snap_machine(facts: Option<SnapGoFacts>) -> Snapshot {
    let mut snap = linux();
    let go = &mut snap.go_binaries[snap.active_go.unwrap()];
    go.path = "/snap/bin/go".into();
    go.real_path = Some("/usr/bin/snap".into());
    snap.os.linux = Some(LinuxOsFacts {
        snap_go: facts,
        ..LinuxOsFacts::default()
    });
    snap
}

fn snap_findings(snap: &Snapshot) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "toolchain/snap-go")
        .collect()
}

fn commands(f: &Finding) -> Vec<String> {
    f.fixes.iter().flat_map(|x| x.commands.clone()).collect()
}

#[test]
fn official_archive_go_is_not_snap_go() {
    assert!(snap_findings(&linux()).is_empty());
    // A go snap installed but not the active go: not this check's business.
    let mut snap = linux();
    snap.os.linux = Some(LinuxOsFacts {
        snap_go: Some(snap_facts(Some("latest/stable"))),
        ..LinuxOsFacts::default()
    });
    assert!(snap_findings(&snap).is_empty());
}

#[test]
fn moving_channel_gets_a_minor_version_channel_fix() {
    let found = snap_findings(&snap_machine(Some(snap_facts(Some("latest/stable")))));
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.title, "go 1.22.10 comes from the go snap");
    assert!(
        f.evidence[0]
            .value
            .contains("/snap/bin/go -> /usr/bin/snap")
    );
    assert!(
        f.explanation.contains("`latest/stable`"),
        "{}",
        f.explanation
    );
    assert!(
        commands(f).contains(&"sudo snap refresh go --channel=1.22/stable".to_string()),
        "{:?}",
        commands(f)
    );
    // A minor-version channel does not move across minor versions.
    let found = snap_findings(&snap_machine(Some(snap_facts(Some("1.22/stable")))));
    assert!(
        !found[0]
            .explanation
            .contains("moves to each new Go release")
    );
    assert!(commands(&found[0]).iter().all(|c| !c.contains("--channel")));
}

#[test]
fn unreadable_state_is_said_and_snap_list_suggested() {
    let mut facts = snap_facts(None);
    facts.channel.error = Some("could not read: Permission denied (os error 13)".into());
    let f = &snap_findings(&snap_machine(Some(facts)))[0];
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "channel" && e.value.contains("Permission denied")),
        "{:?}",
        f.evidence
    );
    assert!(commands(f).contains(&"snap list go".to_string()));
}

#[test]
fn strict_confinement_is_an_error() {
    let mut facts = snap_facts(Some("1.22/stable"));
    facts.confinement.value = Some("strict".into());
    let f = &snap_findings(&snap_machine(Some(facts)))[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.explanation.contains("`strict`-confined"));
}

#[test]
fn goroot_naming_an_old_revision_is_an_error() {
    let mut snap = snap_machine(Some(snap_facts(Some("1.22/stable"))));
    export(&mut snap, "GOROOT", "/snap/go/10585");
    let f = &snap_findings(&snap)[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.explanation.contains("The current revision is 10730"));
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "GOROOT" && e.value == "/snap/go/10585")
    );
    // /snap/go/current follows refreshes.
    export(&mut snap, "GOROOT", "/snap/go/current");
    assert_eq!(snap_findings(&snap)[0].severity, Severity::Warning);
}

#[test]
fn snap_go_without_facts_still_reported_from_the_path() {
    let mut snap = snap_machine(None);
    let go = &mut snap.go_binaries[snap.active_go.unwrap()];
    go.path = "/snap/go/10730/bin/go".into();
    go.real_path = None;
    let f = &snap_findings(&snap)[0];
    assert_eq!(f.title, "go comes from the go snap");
}
