//! Module integrity checks, judged from [`IntegrityFacts`] (gathered by
//! gomedic-verify for the project's build list): the module cache's health,
//! go.sum against the cache, missing go.sum lines, vendor consistency.

use crate::context::{Ctx, code};
use gomedic_go::vendor;
use gomedic_model::integrity::{CacheIssueKind, IntegrityFacts};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The most modules listed as evidence in one finding.
const MAX_EVIDENCE: usize = 20;

fn facts<'a>(ctx: &Ctx<'a>) -> Option<&'a IntegrityFacts> {
    ctx.snap.integrity.as_ref()
}

/// Whether the go command uses workspace mode (a go.work applies).
fn workspace_mode(ctx: &Ctx) -> bool {
    ctx.snap.project.go_work.is_some() && ctx.value("GOWORK") != "off"
}

/// The `-mod` mode the go command builds with: GOFLAGS first, else the
/// default (vendor when go ≥ 1.14 and `vendor/` exists, else readonly).
fn build_mode(ctx: &Ctx, facts: &IntegrityFacts) -> String {
    if let Some(flag) = vendor::mod_flag(ctx.value("GOFLAGS")) {
        return flag.to_string();
    }
    if workspace_mode(ctx) {
        return "readonly".to_string();
    }
    let vendor_dir = facts.vendor.is_some();
    let go_line = facts.vendor.as_ref().and_then(|v| v.go_version.as_deref());
    if vendor::vendor_mode_by_default(go_line, vendor_dir) {
        "vendor".to_string()
    } else {
        "readonly".to_string()
    }
}

fn kind_text(kind: CacheIssueKind) -> (&'static str, Severity) {
    match kind {
        CacheIssueKind::Partial => ("an interrupted download (.partial file)", Severity::Warning),
        CacheIssueKind::MissingZiphash => ("no .ziphash", Severity::Warning),
        CacheIssueKind::BadZiphash => ("a corrupt .ziphash", Severity::Warning),
        CacheIssueKind::Unreadable => ("unreadable cache entries", Severity::Warning),
        CacheIssueKind::DirWithoutZip => ("an extracted directory but no zip", Severity::Info),
        CacheIssueKind::Writable => (
            "writable extracted files or directories (go keeps them read-only)",
            Severity::Info,
        ),
        CacheIssueKind::Toolchain => (
            "a Go toolchain downloaded by toolchain switching",
            Severity::Info,
        ),
    }
}

fn kind_explanation(kind: CacheIssueKind) -> &'static str {
    match kind {
        CacheIssueKind::Partial => {
            "go writes a .partial file while it downloads and extracts a module and removes it when done; one left behind means the download was interrupted (killed, disk full, network cut). go treats the module as absent: it extracts the zip again, or downloads it again, which fails offline (GOPROXY=off or no network). `go mod verify` does not notice."
        }
        CacheIssueKind::MissingZiphash => {
            "go records the h1: hash of every downloaded zip in a .ziphash file and trusts it on every build. Without it go treats the extracted module as incomplete and rebuilds it from the zip, and `go mod verify` fails with \"missing ziphash\"."
        }
        CacheIssueKind::BadZiphash => {
            "a .ziphash holds the zip's h1: hash. This one holds something else, so go rehashes the zip on every use and `go mod verify` reports the module as modified."
        }
        CacheIssueKind::Unreadable => {
            "go could not read these cache entries either: builds that need them fail with permission or I/O errors."
        }
        CacheIssueKind::DirWithoutZip => {
            "the zip was deleted but the extracted directory kept. Builds still work (they trust .ziphash), but `go mod verify` can only check the directory and nothing can re-extract it."
        }
        CacheIssueKind::Writable => {
            "go extracts modules read-only: files 0444 and directories 0555. GOFLAGS=-modcacherw keeps the directories writable (files can then be added, deleted or replaced, as editors do when saving), and a chmod makes files writable. An editor, a code generator or `gofmt -w` can then change a dependency in place, unnoticed until `go mod verify`, and builds use the changed code."
        }
        CacheIssueKind::Toolchain => {
            "toolchain switching (GOTOOLCHAIN, or a go/toolchain line newer than the installed Go) downloads whole Go releases into the module cache as golang.org/toolchain modules, each a few hundred megabytes. This is normal; they are listed so you know where the space goes and which releases run."
        }
    }
}

/// modules/cache-damaged: cache entries of the build list in a bad state.
pub fn cache_damaged(ctx: &Ctx) -> Vec<Finding> {
    let Some(facts) = facts(ctx) else {
        return Vec::new();
    };
    let mut kinds: Vec<CacheIssueKind> = facts.cache_issues.iter().map(|i| i.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| {
            let issues: Vec<_> = facts.cache_issues.iter().filter(|i| i.kind == kind).collect();
            let (what, severity) = kind_text(kind);
            let mut evidence: Vec<Evidence> = issues
                .iter()
                .take(MAX_EVIDENCE)
                .map(|i| Evidence::new(&i.module, &i.path, &i.detail))
                .collect();
            if issues.len() > MAX_EVIDENCE {
                evidence.push(Evidence::new("more", format!("{} more", issues.len() - MAX_EVIDENCE), "not listed"));
            }
            evidence.push(Evidence::new("GOMODCACHE", &facts.gomodcache, "module cache of the active go"));
            let fixes = match kind {
                CacheIssueKind::Writable => vec![
                    Fix::new("Make the extracted modules read-only again (or drop -modcacherw from GOFLAGS if you did not mean it).")
                        .with_command(format!("chmod -R a-w {}", shell_word(&issues[0].path))),
                    Fix::new("Check that nothing changed them.").with_command("gomedic verify"),
                ],
                CacheIssueKind::Toolchain => vec![Fix::new(
                    "Nothing to fix. To reclaim the space, remove the module cache (go downloads what it needs again).",
                )
                .with_command("go clean -modcache")],
                _ => vec![
                    Fix::new("Let go repair these modules: download them again (needs the proxy).")
                        .with_command("go mod download"),
                    Fix::new("If they keep coming back, start from an empty module cache.")
                        .with_command("go clean -modcache")
                        .with_command("go mod download"),
                ],
            };
            Finding {
                id: "modules/cache-damaged".to_string(),
                severity,
                title: format!(
                    "{} module{} of the build list {} {what} in the module cache",
                    issues.len(),
                    if issues.len() == 1 { "" } else { "s" },
                    if issues.len() == 1 { "has" } else { "have" },
                ),
                evidence,
                explanation: kind_explanation(kind).to_string(),
                fixes,
            }
        })
        .collect()
}

fn shell_word(path: &str) -> String {
    if path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-@+~".contains(&b))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

/// modules/checksum-mismatch: go.sum disagrees with the module cache.
pub fn checksum_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let Some(facts) = facts(ctx) else {
        return Vec::new();
    };
    // Workspace mode reads go.work.sum and every module's go.sum, and another
    // build list: the facts (one go.mod, its go.sum) do not describe it.
    if build_mode(ctx, facts) == "vendor" || workspace_mode(ctx) {
        return Vec::new();
    }
    let go_sum = facts.go_sum.clone().unwrap_or_else(|| "go.sum".to_string());
    facts
        .sum_mismatches
        .iter()
        .map(|m| Finding {
            id: "modules/checksum-mismatch".to_string(),
            severity: Severity::Error,
            title: format!(
                "go.sum and the module cache disagree about {}@{}: go stops with \"checksum mismatch\"",
                m.path, m.version
            ),
            evidence: vec![
                Evidence::new("go says", format!(
                    "verifying {}@{}: checksum mismatch\n\tdownloaded: {}\n\tgo.sum:     {}",
                    m.path, m.version, m.cached, m.go_sum
                ), "what go build prints (SECURITY ERROR)"),
                Evidence::new("go.sum", &m.go_sum, format!("{go_sum}:{}", m.go_sum_line)),
                Evidence::new("module cache", &m.cached, &m.cache_file),
            ],
            explanation: "go.sum records the hash of every module version the build uses, and go refuses to build \
                with content that hashes differently: it prints \"checksum mismatch\" and a SECURITY ERROR. Either \
                the module cache was changed (a corrupted or hand-edited file, a cache copied from elsewhere) or \
                go.sum was edited or merged wrongly. It can also mean the module's author re-tagged a version, \
                which the checksum database is there to catch."
                .to_string(),
            fixes: vec![
                Fix::new("If go.sum is right (it is in version control and unchanged), throw the cached copy away and download it again.")
                    .with_command("go clean -modcache")
                    .with_command("go mod download"),
                Fix::new(format!("If go.sum was edited or badly merged, restore {} from version control, then let go verify it against the checksum database.", code(&go_sum)))
                    .with_command("git checkout -- go.sum")
                    .with_command("go mod verify"),
            ],
        })
        .collect()
}

/// modules/go-sum-incomplete: go.sum lacks lines the build needs, or cannot be read.
pub fn go_sum_incomplete(ctx: &Ctx) -> Vec<Finding> {
    let Some(facts) = facts(ctx) else {
        return Vec::new();
    };
    let mode = build_mode(ctx, facts);
    if mode == "vendor" || workspace_mode(ctx) {
        return Vec::new();
    }
    let go_sum = facts
        .go_sum
        .clone()
        .unwrap_or_else(|| "go.sum (missing)".to_string());
    let mut out = Vec::new();
    if let Some(error) = &facts.go_sum_error {
        out.push(Finding {
            id: "modules/go-sum-incomplete".to_string(),
            severity: Severity::Error,
            title: format!("{} cannot be read: every go command in this module stops", code(&go_sum)),
            evidence: vec![Evidence::new("go says", error, &go_sum)],
            explanation: "Since Go 1.22 a go.sum line without exactly three fields (module, version, hash) is fatal \
                for every command that loads the module (Go 1.21 silently ignored the rest of the file instead). \
                Such lines come from merge conflicts or hand edits."
                .to_string(),
            fixes: vec![
                Fix::new("Fix or delete the malformed line (`go mod tidy` skips malformed lines and rewrites go.sum).")
                    .with_command("go mod tidy"),
            ],
        });
        return out;
    }
    if facts.missing_sums.is_empty() {
        return out;
    }
    let mut evidence: Vec<Evidence> = facts
        .missing_sums
        .iter()
        .take(MAX_EVIDENCE)
        .map(|m| {
            let (what, said) = if let Some(v) = m.version.strip_suffix("/go.mod") {
                (
                    "go.mod hash",
                    format!("{}@{v}: missing go.sum entry for go.mod file; to add it:\n\tgo mod download {}", m.path, m.path),
                )
            } else {
                (
                    "module hash",
                    format!("missing go.sum entry for module providing package <package of {}>", m.path),
                )
            };
            Evidence::new(format!("{} {}", m.path, m.version), said, what)
        })
        .collect();
    if facts.missing_sums.len() > MAX_EVIDENCE {
        evidence.push(Evidence::new(
            "more",
            format!("{} more", facts.missing_sums.len() - MAX_EVIDENCE),
            "not listed",
        ));
    }
    evidence.push(Evidence::new("go.sum", &go_sum, "beside go.mod"));
    evidence.push(ctx.evidence("GOFLAGS"));
    let severity = if mode == "mod" {
        Severity::Warning
    } else {
        Severity::Error
    };
    out.push(Finding {
        id: "modules/go-sum-incomplete".to_string(),
        severity,
        title: format!(
            "go.sum lacks {} hash{} the build needs: go build stops with \"missing go.sum entry\"",
            facts.missing_sums.len(),
            if facts.missing_sums.len() == 1 { "" } else { "es" }
        ),
        evidence,
        explanation: "Before using a module, go checks its hash against go.sum: the hash of the go.mod of every module \
            in the module graph, and the hash of the content of every module that provides an imported package \
            (for the requirements of a tidy go.mod, that is every one). By default (-mod=readonly) go does not add missing \
            lines itself, so `go build`, `go test` and `go run` fail with \"missing go.sum entry\". This happens \
            after editing go.mod by hand, after `go mod download` without arguments (it records only go.mod \
            hashes), or when go.sum was not committed."
            .to_string(),
        fixes: vec![
            Fix::new("Let go add the missing hashes (verified with the checksum database) and drop unused ones.")
                .with_command("go mod tidy"),
        ],
    });
    out
}

/// modules/vendor-inconsistent: vendor/modules.txt disagrees with go.mod while vendoring is on.
pub fn vendor_inconsistent(ctx: &Ctx) -> Vec<Finding> {
    let Some(facts) = facts(ctx) else {
        return Vec::new();
    };
    let Some(v) = &facts.vendor else {
        return Vec::new();
    };
    if workspace_mode(ctx) || build_mode(ctx, facts) != "vendor" || v.inconsistencies.is_empty() {
        return Vec::new();
    }
    let module_dir = std::path::Path::new(&v.dir)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let message = vendor::inconsistent_vendoring_message(&module_dir, &v.inconsistencies);
    let why = match vendor::mod_flag(ctx.value("GOFLAGS")) {
        Some(_) => "GOFLAGS sets -mod=vendor".to_string(),
        None => format!(
            "go line {} is at least 1.14 and vendor/ exists",
            v.go_version.as_deref().unwrap_or("(none)")
        ),
    };
    let mut evidence = vec![
        Evidence::new("go says", message, "what every go build/test/run prints"),
        Evidence::new("vendor mode", why, "cmd/go default build mode"),
        Evidence::new(
            "vendor/modules.txt",
            if v.modules_txt { "present" } else { "missing" },
            &v.dir,
        ),
    ];
    evidence.push(ctx.evidence("GOFLAGS"));
    vec![Finding {
        id: "modules/vendor-inconsistent".to_string(),
        severity: Severity::Error,
        title: format!(
            "vendor/modules.txt does not match go.mod ({} difference{}): go stops with \"inconsistent vendoring\"",
            v.inconsistencies.len(),
            if v.inconsistencies.len() == 1 { "" } else { "s" }
        ),
        evidence,
        explanation: "When the main module has a vendor directory and its go line is 1.14 or newer, go builds from \
            vendor/ instead of the module cache, and first checks that vendor/modules.txt records exactly the \
            requirements and replacements of go.mod. A go.mod changed without re-running `go mod vendor` (a \
            version bump by a bot, a merge, a hand edit) makes every build fail with \"inconsistent vendoring\"."
            .to_string(),
        fixes: vec![
            Fix::new("Bring vendor/ up to date with go.mod, and commit both.").with_command("go mod vendor"),
            Fix::new("Or stop vendoring: delete vendor/ (go then uses the module cache and go.sum).")
                .with_command("rm -rf vendor"),
        ],
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_model::Snapshot;
    use gomedic_model::integrity::{CacheIssue, MissingSum, SumMismatch, VendorFacts};

    fn snap(facts: IntegrityFacts) -> Snapshot {
        Snapshot {
            integrity: Some(facts),
            ..Snapshot::default()
        }
    }

    fn ids(findings: &[Finding]) -> Vec<(&str, Severity)> {
        findings
            .iter()
            .map(|f| (f.id.as_str(), f.severity))
            .collect()
    }

    fn mismatch() -> SumMismatch {
        SumMismatch {
            path: "example.com/a".into(),
            version: "v1.0.0".into(),
            cached: "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into(),
            go_sum: "h1:0Sr/FMMvrU9mkuB3q0UcPY+/P/pW+a+s+uztnuXrWrQ=".into(),
            go_sum_line: 1,
            cache_file: "/mc/cache/download/example.com/a/@v/v1.0.0.ziphash".into(),
        }
    }

    #[test]
    fn nothing_without_facts() {
        let s = Snapshot::default();
        let ctx = Ctx::new(&s);
        assert!(cache_damaged(&ctx).is_empty());
        assert!(checksum_mismatch(&ctx).is_empty());
        assert!(go_sum_incomplete(&ctx).is_empty());
        assert!(vendor_inconsistent(&ctx).is_empty());
        let s = snap(IntegrityFacts::default());
        let ctx = Ctx::new(&s);
        assert!(cache_damaged(&ctx).is_empty() && checksum_mismatch(&ctx).is_empty());
        assert!(go_sum_incomplete(&ctx).is_empty() && vendor_inconsistent(&ctx).is_empty());
    }

    #[test]
    fn cache_issues_grouped_by_kind() {
        let issue = |kind, module: &str| CacheIssue {
            kind,
            module: module.into(),
            path: format!("/mc/{module}"),
            detail: String::new(),
        };
        let s = snap(IntegrityFacts {
            cache_issues: vec![
                issue(CacheIssueKind::Writable, "example.com/a@v1.0.0"),
                issue(CacheIssueKind::Partial, "example.com/b@v1.0.0"),
                issue(CacheIssueKind::Writable, "example.com/c@v1.0.0"),
            ],
            ..IntegrityFacts::default()
        });
        let findings = cache_damaged(&Ctx::new(&s));
        assert_eq!(
            ids(&findings),
            [
                ("modules/cache-damaged", Severity::Warning),
                ("modules/cache-damaged", Severity::Info)
            ]
        );
        assert!(
            findings[1]
                .title
                .starts_with("2 modules of the build list have writable"),
            "{}",
            findings[1].title
        );
        assert!(
            findings[1].fixes[0].commands[0].starts_with("chmod -R a-w /mc/example.com/a@v1.0.0")
        );
    }

    #[test]
    fn checksum_mismatch_quotes_go_and_is_off_in_vendor_mode() {
        let facts = IntegrityFacts {
            sum_mismatches: vec![mismatch()],
            go_sum: Some("/p/go.sum".into()),
            ..IntegrityFacts::default()
        };
        let s = snap(facts.clone());
        let findings = checksum_mismatch(&Ctx::new(&s));
        assert_eq!(
            ids(&findings),
            [("modules/checksum-mismatch", Severity::Error)]
        );
        assert!(
            findings[0].evidence[0]
                .value
                .contains("\tgo.sum:     h1:0Sr/")
        );
        assert_eq!(findings[0].evidence[1].source, "/p/go.sum:1");
        let s = snap(IntegrityFacts {
            vendor: Some(VendorFacts {
                dir: "/p/vendor".into(),
                go_version: Some("1.21".into()),
                modules_txt: true,
                inconsistencies: Vec::new(),
            }),
            ..facts
        });
        assert!(checksum_mismatch(&Ctx::new(&s)).is_empty());
    }

    #[test]
    fn workspace_mode_is_not_judged_from_one_go_sum() {
        let mut s = snap(IntegrityFacts {
            sum_mismatches: vec![mismatch()],
            missing_sums: vec![MissingSum {
                path: "example.com/a".into(),
                version: "v1.0.0".into(),
                direct: true,
            }],
            ..IntegrityFacts::default()
        });
        assert_eq!(checksum_mismatch(&Ctx::new(&s)).len(), 1);
        assert_eq!(go_sum_incomplete(&Ctx::new(&s)).len(), 1);
        s.project.go_work = Some(gomedic_model::snapshot::TextFile {
            path: "/p/go.work".into(),
            exists: true,
            ..Default::default()
        });
        assert!(checksum_mismatch(&Ctx::new(&s)).is_empty());
        assert!(go_sum_incomplete(&Ctx::new(&s)).is_empty());
    }

    #[test]
    fn go_sum_incomplete_and_malformed() {
        let s = snap(IntegrityFacts {
            missing_sums: vec![
                MissingSum {
                    path: "example.com/a".into(),
                    version: "v1.0.0".into(),
                    direct: true,
                },
                MissingSum {
                    path: "example.com/b".into(),
                    version: "v1.2.0/go.mod".into(),
                    direct: false,
                },
            ],
            ..IntegrityFacts::default()
        });
        let findings = go_sum_incomplete(&Ctx::new(&s));
        assert_eq!(
            ids(&findings),
            [("modules/go-sum-incomplete", Severity::Error)]
        );
        assert!(findings[0].title.contains("2 hashes"));
        assert!(
            findings[0].evidence[1]
                .value
                .starts_with("example.com/b@v1.2.0: missing go.sum entry for go.mod file")
        );
        let s = snap(IntegrityFacts {
            go_sum_error: Some("malformed go.sum:\n/p/go.sum:3: wrong number of fields 2".into()),
            ..IntegrityFacts::default()
        });
        let findings = go_sum_incomplete(&Ctx::new(&s));
        assert_eq!(
            ids(&findings),
            [("modules/go-sum-incomplete", Severity::Error)]
        );
        assert!(
            findings[0].evidence[0]
                .value
                .ends_with("wrong number of fields 2")
        );
    }

    #[test]
    fn vendor_inconsistent_only_in_vendor_mode() {
        let vendor = |go: &str| {
            VendorFacts {
            dir: "/p/vendor".into(),
            go_version: Some(go.into()),
            modules_txt: true,
            inconsistencies: vec![
                "example.com/a@v1.1.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt".into(),
            ],
        }
        };
        let s = snap(IntegrityFacts {
            vendor: Some(vendor("1.21")),
            ..IntegrityFacts::default()
        });
        let findings = vendor_inconsistent(&Ctx::new(&s));
        assert_eq!(
            ids(&findings),
            [("modules/vendor-inconsistent", Severity::Error)]
        );
        assert!(findings[0].evidence[0].value.starts_with(
            "go: inconsistent vendoring in /p:\n\texample.com/a@v1.1.0: is explicitly"
        ));
        // go 1.13: vendor/ is not used by default.
        let s = snap(IntegrityFacts {
            vendor: Some(vendor("1.13")),
            ..IntegrityFacts::default()
        });
        assert!(vendor_inconsistent(&Ctx::new(&s)).is_empty());
    }
}
