//! modules/*: proxies, checksums and go.mod.

use crate::context::{Ctx, code};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Whether go runs in module mode for the project (GO111MODULE and go.mod presence).
fn module_mode(ctx: &Ctx) -> bool {
    match ctx.value("GO111MODULE") {
        "off" => false,
        "auto" => ctx.snap.project.go_mod.is_some() || ctx.snap.project.go_work.is_some(),
        _ => true,
    }
}

/// modules/no-go-mod: Go code but no go.mod in module mode.
pub fn no_go_mod(ctx: &Ctx) -> Vec<Finding> {
    let project = &ctx.snap.project;
    if project.go_mod.is_some() || project.go_work.is_some() || !project.has_go_files || !module_mode(ctx) {
        return Vec::new();
    }
    if ctx.snap.go_env.is_none() {
        return Vec::new();
    }
    let mut f = Finding {
        id: "modules/no-go-mod".to_string(),
        severity: Severity::Error,
        title: format!("{} has Go files but no go.mod in it or any parent directory", code(&project.dir)),
        evidence: vec![
            Evidence::new("project directory", &project.dir, "gomedic --project (default: current directory)"),
            Evidence::new("go.mod", "not found in the directory or its parents", "file system"),
            ctx.evidence("GO111MODULE"),
        ],
        explanation: "Go code is built as part of a module, described by a go.mod file in the module's root \
            directory. go looks for go.mod in the current directory and its parents; there is none, so \
            `go build` and `go test` fail with \"go.mod file not found in current directory or any parent \
            directory\". This happens with code written before modules (GOPATH era), a loose main.go, or \
            when go runs from the wrong directory."
            .to_string(),
        fixes: vec![
            Fix::new("If this directory is the project's root, make it a module (choose your module path) and record its dependencies.")
                .with_command("go mod init example.com/yourmodule")
                .with_command("go mod tidy"),
            Fix::new("If the project has a go.mod elsewhere, run go from that directory (the module root)."),
        ],
    };
    if project.in_gopath_src {
        f.evidence.push(Evidence::new("inside GOPATH/src", "yes", "file system"));
    }
    vec![f]
}

fn parent_of_file(ctx: &Ctx, file: &str) -> Option<String> {
    ctx.style.parent(file)
}

/// Whether `dir` is a place no project's go.mod belongs: the home directory or a file-system root.
fn stray_place(ctx: &Ctx, dir: &str) -> Option<&'static str> {
    if ctx.snap.host.home.as_deref().is_some_and(|h| !h.is_empty() && ctx.style.same(h, dir)) {
        return Some("your home directory");
    }
    let clean = ctx.style.clean(dir);
    if ctx.style.parent(&clean).is_none_or(|p| ctx.style.same(&p, &clean)) {
        return Some("the file-system root");
    }
    None
}

/// modules/stray-go-mod: a go.mod or go.work above the project silently takes over.
pub fn stray_go_mod(ctx: &Ctx) -> Vec<Finding> {
    let project = &ctx.snap.project;
    let mut out = Vec::new();
    let files = [("go.mod", project.go_mod.as_ref()), ("go.work", project.go_work.as_ref())];
    for (kind, file) in files {
        let Some(file) = file else { continue };
        let Some(dir) = parent_of_file(ctx, &file.path) else { continue };
        if ctx.style.same(&dir, &project.dir) || !ctx.style.is_within(&project.dir, &dir) {
            continue;
        }
        let Some(place) = stray_place(ctx, &dir) else { continue };
        let what = if kind == "go.mod" { "main module" } else { "workspace" };
        out.push(Finding {
            id: "modules/stray-go-mod".to_string(),
            severity: Severity::Warning,
            title: format!("The {kind} in {place} ({}) becomes the {what} for {}", code(&file.path), code(&project.dir)),
            evidence: vec![
                Evidence::new(kind, &file.path, "nearest one in the project directory or its parents"),
                Evidence::new("project directory", &project.dir, "gomedic --project (default: current directory)"),
            ],
            explanation: "go uses the nearest go.mod (and go.work) in the current directory or any parent. A \
                file left in your home directory or at the root of the disk (often by running `go mod init` or \
                `go work init` in the wrong place) silently makes every directory below it part of one big module \
                or workspace: imports resolve against the wrong module path, and errors like \"package X is not \
                in std\", \"directory outside modules listed in go.work\" or \"main module does not contain \
                package\" follow."
                .to_string(),
            fixes: stray_fixes(kind, &file.path),
        });
    }
    out
}

fn stray_fixes(kind: &str, path: &str) -> Vec<Fix> {
    let mut fixes = vec![Fix::new(format!(
        "Delete (or move away) the stray {}, and keep {kind} files only in project roots.",
        code(path)
    ))];
    if kind == "go.work" {
        fixes.push(Fix::new("To ignore a go.work for one command, turn workspace mode off.").with_command("GOWORK=off go build ./..."));
    } else {
        fixes.push(Fix::new("Create the project's own go.mod in its root directory.").with_command("go mod init example.com/yourmodule"));
    }
    fixes
}
