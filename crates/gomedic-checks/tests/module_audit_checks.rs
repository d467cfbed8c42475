//! modules/sumdb-verify-failed (go.sum audit part) and
//! modules/deprecated-dependency on snapshots built in code; the end-to-end
//! tests against a loopback database and the real go are in
//! crates/gomedic/tests/{sumdb_verify_cli,deprecated_dependency_cli}.rs.

mod support;

use gomedic_model::Severity;
use gomedic_model::module_audit::{
    DeprecatedRequirement, DeprecationAudit, GoSumAudit, ModuleAuditFacts, SumdbProblem,
    SumdbProblemKind,
};
use support::*;

fn with_audit(facts: ModuleAuditFacts) -> gomedic_model::Snapshot {
    let mut snap = linux();
    snap.module_audit = Some(facts);
    snap
}

fn mismatch() -> SumdbProblem {
    SumdbProblem {
        kind: SumdbProblemKind::Mismatch,
        module: Some("example.com/a".into()),
        version: Some("v1.0.0/go.mod".into()),
        go_sum_line: Some(4),
        go_sum_hash: Some("h1:OURS".into()),
        db_hash: Some("h1:THEIRS".into()),
        message: "example.com/a@v1.0.0: verifying go.mod: checksum mismatch".into(),
    }
}

#[test]
fn each_contradicted_line_is_one_error_naming_module_hashes_and_line() {
    let audit = GoSumAudit {
        database: "sum.golang.org".into(),
        go_sum: "/p/go.sum".into(),
        tree_size: Some(10),
        problems: vec![
            mismatch(),
            SumdbProblem {
                kind: SumdbProblemKind::LookupFailed,
                message: "reading https://sum.golang.org/lookup/x@v1: 404 Not Found".into(),
                ..SumdbProblem::default()
            },
        ],
        ..GoSumAudit::default()
    };
    let snap = with_audit(ModuleAuditFacts {
        sumdb: Some(audit),
        ..ModuleAuditFacts::default()
    });
    let found = gomedic_checks::run_one("modules/sumdb-verify-failed", &snap).unwrap();
    // A failed lookup is not a verification failure.
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, Severity::Error);
    let text = format!("{f:?}");
    for needle in ["example.com/a", "h1:OURS", "h1:THEIRS", "/p/go.sum:4"] {
        assert!(text.contains(needle), "{needle} missing: {text}");
    }
    assert!(f.fixes[0].commands[0].contains("go mod download -json example.com/a@v1.0.0"));
}

#[test]
fn misbehavior_is_reported_once_with_go_latest_record() {
    let audit = GoSumAudit {
        database: "sum.golang.org".into(),
        go_sum: "/p/go.sum".into(),
        go_latest_file: Some("/home/u/go/pkg/sumdb/sum.golang.org/latest".into()),
        go_latest_size: Some(7),
        problems: vec![SumdbProblem {
            kind: SumdbProblemKind::Misbehavior,
            message: "SECURITY ERROR\ngo.sum database server misbehavior detected!".into(),
            ..SumdbProblem::default()
        }],
        ..GoSumAudit::default()
    };
    let snap = with_audit(ModuleAuditFacts {
        sumdb: Some(audit),
        ..ModuleAuditFacts::default()
    });
    let found = gomedic_checks::run_one("modules/sumdb-verify-failed", &snap).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].title.contains("forked or rolled back"));
    assert!(format!("{:?}", found[0].evidence).contains("pkg/sumdb/sum.golang.org/latest"));
}

#[test]
fn deprecated_and_retracted_requirements_are_warnings_with_the_authors_words() {
    let audit = DeprecationAudit {
        go_mod: "/p/go.mod".into(),
        checked: 3,
        flagged: vec![
            DeprecatedRequirement {
                module: "example.com/old".into(),
                version: "v1.0.0".into(),
                go_mod_line: 6,
                latest: "v1.1.0".into(),
                deprecated: Some("use example.com/new instead.".into()),
                retracted: Vec::new(),
                source: "file:///proxy/example.com/old/@v/v1.1.0.mod".into(),
            },
            DeprecatedRequirement {
                module: "example.com/ret".into(),
                version: "v1.0.0".into(),
                go_mod_line: 7,
                latest: "v1.2.0".into(),
                deprecated: None,
                retracted: vec!["contains a security bug".into()],
                source: "file:///proxy/example.com/ret/@v/v1.2.0.mod".into(),
            },
        ],
        ..DeprecationAudit::default()
    };
    let snap = with_audit(ModuleAuditFacts {
        deprecations: Some(audit),
        ..ModuleAuditFacts::default()
    });
    let found = gomedic_checks::run_one("modules/deprecated-dependency", &snap).unwrap();
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
    assert!(found[0].title.contains("deprecated"));
    assert!(format!("{:?}", found[0].evidence).contains("/p/go.mod:6"));
    assert!(found[1].title.contains("retracted"));
    assert_eq!(
        found[1].fixes[0].commands[0],
        "go get example.com/ret@latest"
    );
    // Nothing without facts (offline).
    assert!(
        gomedic_checks::run_one("modules/deprecated-dependency", &linux())
            .unwrap()
            .is_empty()
    );
}
