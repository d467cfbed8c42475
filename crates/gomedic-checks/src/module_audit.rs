//! Checks on what the network said about the project's modules
//! (`Snapshot::module_audit`, absent with `--offline`): go.sum lines the
//! checksum database contradicts or cannot prove, and requirements their
//! authors deprecated or retracted.

use crate::context::{Ctx, code};
use gomedic_model::module_audit::{
    DeprecatedRequirement, GoSumAudit, SumdbProblem, SumdbProblemKind,
};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The audit's findings for modules/sumdb-verify-failed: one per bad
/// signature, failed proof, fork or rollback, and go.sum line the database
/// contradicts or lacks.
pub fn sumdb_audit_failures(ctx: &Ctx) -> Vec<Finding> {
    let Some(audit) = ctx
        .snap
        .module_audit
        .as_ref()
        .and_then(|a| a.sumdb.as_ref())
    else {
        return Vec::new();
    };
    audit
        .problems
        .iter()
        .filter(|p| p.kind != SumdbProblemKind::LookupFailed)
        .map(|p| problem_finding(ctx, audit, p))
        .collect()
}

fn problem_finding(ctx: &Ctx, audit: &GoSumAudit, p: &SumdbProblem) -> Finding {
    let db = code(&audit.database);
    let module = p.module.as_deref().unwrap_or_default();
    let version = p.version.as_deref().unwrap_or_default();
    let line = p.go_sum_line.map_or(String::new(), |n| format!(":{n}"));
    let (title, why) = match p.kind {
        SumdbProblemKind::Mismatch => (
            format!(
                "go.sum{line} has a hash for {module} {version} that the checksum database {db} contradicts"
            ),
            "The checksum database is the public, append-only record of the one content every user got for a \
             module version. A go.sum line that differs from it means this project pinned different bits: \
             the origin was rewritten (a force-pushed tag), a proxy served altered content, or go.sum was \
             edited. Anyone downloading without this go.sum gets `verifying module: checksum mismatch ... \
             SECURITY ERROR`.",
        ),
        SumdbProblemKind::Missing => (
            format!("The checksum database {db} has no hash for go.sum{line}: {module} {version}"),
            "The database answered with a record for this module version that lacks the go.sum line's key; \
             the go command rejects such an answer as a possible attack (`checksum missing from sumdb response`).",
        ),
        SumdbProblemKind::Misbehavior => (
            format!("The checksum database {db} forked or rolled back its log"),
            "The database's log must only grow: every tree it signs must contain every earlier tree. It \
             served a signed tree that is inconsistent with one seen before (the go command's own record \
             in GOPATH/pkg/sumdb, or another of its answers). That is proof that the database, or whoever \
             answers in its name, shows different histories to different users; the go command stops with \
             `SECURITY ERROR go.sum database server misbehavior detected!`.",
        ),
        SumdbProblemKind::BadSignature => (
            format!("An answer of the checksum database {db} is not signed by the GOSUMDB key"),
            "Every tree head the database serves is signed; the go command refuses answers whose signature \
             does not verify with the key in GOSUMDB, so every lookup fails.",
        ),
        SumdbProblemKind::BadProof | SumdbProblemKind::LookupFailed => (
            format!(
                "The checksum database {db} could not prove its record for {module} {version} (go.sum{line})"
            ),
            "The go command accepts a database record only when it hashes into the signed tree, proven tile \
             by tile. A record or tile that does not hash to the signed tree is a lying or broken server; the \
             go command refuses it (`cannot authenticate record data` / `downloaded inconsistent tile`).",
        ),
    };
    let mut f = Finding::new("modules/sumdb-verify-failed", Severity::Error, title, why);
    f.evidence.push(ctx.evidence("GOSUMDB"));
    if let Some(base) = &audit.base_url {
        f.evidence.push(Evidence::new(
            "checksum database URL",
            base,
            "chosen as go does",
        ));
    }
    if let Some(n) = p.go_sum_line {
        f.evidence.push(Evidence::new(
            "go.sum line",
            format!(
                "{module} {version} {}",
                p.go_sum_hash.as_deref().unwrap_or_default()
            ),
            format!("{}:{n}", audit.go_sum),
        ));
    }
    if let Some(db_hash) = &p.db_hash {
        f.evidence.push(Evidence::new(
            "database hash",
            format!("{module} {version} {db_hash}"),
            format!("/lookup/{module}@{}", version.trim_end_matches("/go.mod")),
        ));
    }
    if let Some(size) = audit.tree_size {
        f.evidence.push(Evidence::new(
            "signed tree size",
            size.to_string(),
            "the database's newest verified tree",
        ));
    }
    if let (Some(file), Some(size)) = (&audit.go_latest_file, audit.go_latest_size) {
        f.evidence.push(Evidence::new(
            "tree the go command recorded",
            size.to_string(),
            file.clone(),
        ));
    }
    f.evidence.push(Evidence::new(
        "go command's verdict",
        p.message.trim_end(),
        "as `go mod download` reports it",
    ));
    f.fixes.push(problem_fix(audit, p, module, version));
    f
}

fn problem_fix(audit: &GoSumAudit, p: &SumdbProblem, module: &str, version: &str) -> Fix {
    let base_version = version.trim_end_matches("/go.mod");
    match p.kind {
        SumdbProblemKind::Mismatch | SumdbProblemKind::Missing => Fix::new(format!(
            "Do not trust this go.sum line. Find out which content is genuine: remove the lines for \
             {module} {base_version} from {} and let go fetch and verify it again; if the download still \
             disagrees with the database, the proxy or origin serves altered code, so report it and do not \
             build with it.",
            audit.go_sum
        ))
        .with_command(format!("go mod download -json {module}@{base_version}")),
        SumdbProblemKind::Misbehavior => Fix::new(
            "Keep the go command's record of the latest tree (GOPATH/pkg/sumdb): it is the evidence. Check \
             which server answers for the database (GOSUMDB URL, or the GOPROXY entry serving \
             /sumdb/<name>/supported) and report the two signed tree heads above to its operator; use the \
             public sum.golang.org meanwhile.",
        )
        .with_command("go env -w GOSUMDB=sum.golang.org"),
        SumdbProblemKind::BadSignature => Fix::new(
            "Use the database's real key (the built-in one for sum.golang.org), and check that the proxy \
             serving /sumdb/<name> is the one you mean.",
        )
        .with_command("go env -w GOSUMDB=sum.golang.org"),
        SumdbProblemKind::BadProof | SumdbProblemKind::LookupFailed => Fix::new(
            "Check which server answers for the database (GOSUMDB URL, or the GOPROXY entry serving \
             /sumdb/<name>/supported); a proxy that caches or rewrites tiles breaks the proofs. Use the \
             public database until it is fixed.",
        )
        .with_command("go env -w GOSUMDB=sum.golang.org"),
    }
}

/// modules/deprecated-dependency: a required module is deprecated by its
/// author, or the required version is retracted.
pub fn deprecated_dependency(ctx: &Ctx) -> Vec<Finding> {
    let Some(audit) = ctx
        .snap
        .module_audit
        .as_ref()
        .and_then(|a| a.deprecations.as_ref())
    else {
        return Vec::new();
    };
    audit
        .flagged
        .iter()
        .map(|r| deprecation_finding(&audit.go_mod, r))
        .collect()
}

fn deprecation_finding(go_mod: &str, r: &DeprecatedRequirement) -> Finding {
    let what = match (&r.deprecated, r.retracted.is_empty()) {
        (Some(_), false) => "is deprecated, and the required version is retracted",
        (Some(_), true) => "is deprecated by its author",
        (None, _) => "is required at a retracted version",
    };
    let mut f = Finding::new(
        "modules/deprecated-dependency",
        Severity::Warning,
        format!("{} {} {what}", code(&r.module), r.version),
        "Module authors deprecate a module (a `// Deprecated:` comment on the module line of its latest \
         go.mod) when it is no longer maintained or has moved, and retract versions that are broken or \
         were published by mistake (`retract` directives). The go command reports both in `go list -m -u` \
         and `go get`, but builds keep using them silently.",
    );
    f.evidence.push(Evidence::new(
        "requirement",
        format!("{} {}", r.module, r.version),
        format!("{go_mod}:{}", r.go_mod_line),
    ));
    if let Some(message) = &r.deprecated {
        f.evidence.push(Evidence::new(
            "Deprecated",
            message,
            format!("{} (go.mod of {})", r.source, r.latest),
        ));
    }
    for rationale in &r.retracted {
        f.evidence.push(Evidence::new(
            "Retracted",
            rationale,
            format!("{} (go.mod of {})", r.source, r.latest),
        ));
    }
    if r.deprecated.is_some() {
        f.fixes.push(
            Fix::new(format!(
                "Follow the deprecation notice ({}) and move to its replacement; `go list -m -u` shows it.",
                r.deprecated.as_deref().unwrap_or_default()
            ))
            .with_command(format!("go list -m -u -json {}", r.module)),
        );
    }
    if !r.retracted.is_empty() {
        f.fixes.push(
            Fix::new(format!(
                "Upgrade {} off the retracted version {} (the latest is {}).",
                r.module, r.version, r.latest
            ))
            .with_command(format!("go get {}@latest", r.module)),
        );
    }
    f
}

pub(crate) const DEPRECATED_DEPENDENCY: &str = "What: a module the project requires is deprecated by its \
author (the go.mod of its latest version has a `// Deprecated:` comment on its module line), or the version \
the project requires is retracted (the latest go.mod has a `retract` directive covering it, usually with a \
rationale such as \"contains a security bug\" or \"published by mistake\").

Why it matters: deprecation means the module will get no more fixes, often because it moved to a new path; \
retraction means its author says this version must not be used. The go command keeps building with both \
and only mentions them in `go list -m -u` and `go get`, so they go unnoticed.

How gomedic detects it: unless --offline, for every requirement of the main go.mod it asks the module proxy \
as go does (GOPROXY, first entry that has the module) for the latest version (`@v/list`, newest release, \
else `@latest`), reads that version's go.mod with golang.org/x/mod's modfile rules (the `Deprecated:` \
paragraph of the module line's comments; retract intervals and their comments) and compares the required \
version with each interval, like `go list -m -u -json` fills `Deprecated` and `Retracted`. All within the \
network time budget.

Fix: move to the replacement the deprecation names; `go get module@latest` for a retracted version.

References: https://go.dev/ref/mod#go-mod-file-module-deprecation, https://go.dev/ref/mod#go-mod-file-retract, \
https://go.dev/ref/mod#go-list-m";
