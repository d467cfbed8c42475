//! The private-module checks on snapshots built in code: which facts make a
//! module look private, which settings cover it, and the fix lines.

mod support;

use gomedic_go::env::EnvSource;
use gomedic_go::goimport::Stage;
use gomedic_model::private::{DiscoveryFacts, ModulePrivacy, PrivateFacts, ProxyLookup};
use support::*;

fn module(path: &str, status: Option<u16>, discovery: DiscoveryFacts) -> ModulePrivacy {
    ModulePrivacy {
        path: path.into(),
        version: "v1.0.0".into(),
        proxy: status.map(|s| ProxyLookup {
            proxy: "https://proxy.golang.org".into(),
            url: format!("https://proxy.golang.org/{path}/@v/v1.0.0.info"),
            status: Some(s),
            ..ProxyLookup::default()
        }),
        discovery,
    }
}

fn snap_with(modules: Vec<ModulePrivacy>) -> gomedic_model::Snapshot {
    let mut snap = linux();
    snap.private_modules = Some(PrivateFacts {
        go_mod: "/src/app/go.mod".into(),
        modules,
        ..PrivateFacts::default()
    });
    snap
}

fn findings(snap: &gomedic_model::Snapshot, id: &str) -> Vec<gomedic_model::Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == id)
        .collect()
}

#[test]
fn private_github_repo_gets_the_account_pattern() {
    let known = |root: &str| DiscoveryFacts::KnownHost {
        root: root.into(),
        vcs: "git".into(),
    };
    let mut snap = snap_with(vec![
        module(
            "github.com/acme/secret",
            Some(410),
            known("github.com/acme/secret"),
        ),
        module(
            "github.com/acme/other/v2",
            Some(404),
            known("github.com/acme/other"),
        ),
        module(
            "github.com/pkg/errors",
            Some(200),
            DiscoveryFacts::NotProbed,
        ),
    ]);
    set(
        &mut snap,
        "GOPRIVATE",
        var("corp.example", EnvSource::Process),
    );
    let f = findings(&snap, "private/not-in-goprivate");
    assert_eq!(f.len(), 1, "{f:#?}");
    let text = format!("{f:?}");
    assert!(
        text.contains("go env -w GOPRIVATE=corp.example,github.com/acme"),
        "{text}"
    );
    assert!(text.contains("github.com/acme/other/v2"));
    assert!(!text.contains("pkg/errors"));
    // Covered: no finding.
    set(&mut snap, "GONOPROXY", computed("github.com/acme"));
    set(&mut snap, "GONOSUMDB", computed("github.com/acme"));
    assert!(findings(&snap, "private/not-in-goprivate").is_empty());
}

#[test]
fn explicit_gonosumdb_gets_its_own_fix() {
    let failed = DiscoveryFacts::Failed {
        url: "https://git.corp.example/lib?go-get=1".into(),
        stage: Stage::HttpStatus,
        message: "reading https://git.corp.example/lib?go-get=1: 403 Forbidden".into(),
        status: Some(403),
    };
    // GONOPROXY covers it (no proxy on the route), GONOSUMDB does not.
    let mut snap = snap_with(vec![module("git.corp.example/lib", None, failed)]);
    set(
        &mut snap,
        "GONOPROXY",
        var("git.corp.example", EnvSource::Process),
    );
    set(
        &mut snap,
        "GONOSUMDB",
        var("other.example", EnvSource::Process),
    );
    let f = findings(&snap, "private/not-in-goprivate");
    assert_eq!(f.len(), 1, "{f:#?}");
    let text = format!("{f:?}");
    assert!(
        text.contains("go env -w GONOSUMDB=other.example,git.corp.example"),
        "{text}"
    );
    let failed = findings(&snap, "private/go-import-failed");
    assert_eq!(failed.len(), 1);
    assert!(format!("{failed:?}").contains("machine git.corp.example"));
}

#[test]
fn unreachable_origin_without_proxy_answer_is_not_private() {
    let failed = DiscoveryFacts::Failed {
        url: "https://golang.org/x/text?go-get=1".into(),
        stage: Stage::Fetch,
        message: "https fetch: Get ...: no such host".into(),
        status: None,
    };
    let snap = snap_with(vec![module("golang.org/x/text", None, failed)]);
    assert!(findings(&snap, "private/not-in-goprivate").is_empty());
    // ... but the discovery failure itself is reported.
    assert_eq!(findings(&snap, "private/go-import-failed").len(), 1);
}

#[test]
fn broad_patterns() {
    let mut snap = linux();
    for (value, broad) in [
        ("*", true),
        ("github.com", true),
        ("github.com/*", true),
        ("*.org", true),
        ("gopkg.in", true),
        ("github.com/acme", false),
        ("git.corp.example,*.corp.example", false),
    ] {
        set(&mut snap, "GOPRIVATE", var(value, EnvSource::Process));
        let f = findings(&snap, "private/goprivate-too-broad");
        assert_eq!(f.len(), usize::from(broad), "{value}: {f:#?}");
    }
    // GONOPROXY inherited from GOPRIVATE is not reported twice.
    set(&mut snap, "GOPRIVATE", var("*", EnvSource::Process));
    set(&mut snap, "GONOPROXY", computed("*"));
    assert_eq!(findings(&snap, "private/goprivate-too-broad").len(), 1);
}
