//! Editor checks: the Go that VS Code's Go settings pick (go.alternateTools,
//! go.goroot, go.toolsEnvVars) against the one the shell runs, settings that
//! name no Go at all, a desktop session whose PATH has no go, and folder
//! layouts gopls cannot load.

use crate::context::{Ctx, code};
use gomedic_model::editor::{ConfiguredTarget, EditorSetting, WorkspaceLayout};
use gomedic_model::snapshot::GoBinary;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The first gopls release that loads several modules without a go.work
/// ("zero-config gopls").
const ZERO_CONFIG_GOPLS: &str = "v0.15.0";

fn apps_phrase(apps: &[&str]) -> String {
    apps.join(", ")
}

fn setting_evidence(s: &EditorSetting) -> Evidence {
    let value = match &s.expanded {
        Some(e) => format!("{} (expands to {e})", s.value),
        None => s.value.clone(),
    };
    Evidence::new(&s.key, value, format!("{} ({})", s.location(), s.scope))
}

fn real(g: &GoBinary) -> &str {
    g.real_path.as_deref().unwrap_or(&g.path)
}

fn version(g: &GoBinary) -> &str {
    g.go_version().unwrap_or("an unknown version")
}

fn go_evidence(label: &str, g: &GoBinary, source: &str) -> Evidence {
    let value = match &g.real_path {
        Some(r) if *r != g.path => format!("{} → {r} ({})", g.path, version(g)),
        _ => format!("{} ({})", g.path, version(g)),
    };
    Evidence::new(label, value, source)
}

/// How to take a setting out, for fixes.
/// A GoLand/IntelliJ project GOROOT (from `.idea/workspace.xml`), not a VS
/// Code setting.
fn is_goland(s: &EditorSetting) -> bool {
    s.key == "GOROOT"
        && (s.file.ends_with(".idea/workspace.xml") || s.file.ends_with(".idea\\workspace.xml"))
}

/// GoLand keeps the project GOROOT in its settings dialog.
fn goland_fix(s: &EditorSetting, shell_goroot: Option<&str>) -> Fix {
    Fix::new(format!(
        "In GoLand open Settings | Go | GOROOT and choose {} (it is stored in {} line {}); GoLand then runs \
that Go's bin/go for builds, tests and the debugger.",
        shell_goroot.map_or("the Go your shell uses".to_string(), |r| format!(
            "the Go your shell uses ({})",
            code(r)
        )),
        s.file,
        s.line
    ))
}

fn remove_fix(s: &EditorSetting) -> Fix {
    if is_goland(s) {
        return goland_fix(s, None);
    }
    Fix::new(format!(
        "Delete {} from {} (line {}) so the Go extension uses the go your shell finds on PATH, then run \
\"Developer: Reload Window\". If you need a different Go per project, point the setting at a version \
manager's shim or a stable symlink instead of a versioned directory.",
        code(&s.key),
        s.file,
        s.line
    ))
}

/// editor/go-not-found: an editor setting names a go or a Go installation
/// that is not there, or the desktop session's PATH has no go.
pub fn go_not_found(ctx: &Ctx) -> Vec<Finding> {
    let facts = &ctx.snap.editor;
    let mut out = Vec::new();
    for (t, apps) in facts.targets() {
        if let Some(f) = missing_target(ctx, t, &apps) {
            out.push(f);
        }
    }
    out.extend(gui_session_without_go(ctx));
    out
}

fn missing_target(ctx: &Ctx, t: &ConfiguredTarget, apps: &[&str]) -> Option<Finding> {
    let s = &t.setting;
    let (severity, title, why) = match (t.kind.as_str(), s.key.as_str()) {
        ("go", _) if t.go.is_none() => {
            let absolute = ctx.style.is_abs(s.effective());
            let title = if absolute && t.exists {
                format!(
                    "{} names {}, which is not an executable file",
                    s.key,
                    code(s.effective())
                )
            } else if absolute {
                format!(
                    "{} names {}, which does not exist",
                    s.key,
                    code(s.effective())
                )
            } else {
                format!(
                    "{} names {}, which is in none of GOBIN, GOROOT/bin and PATH",
                    s.key,
                    code(s.effective())
                )
            };
            (
                Severity::Warning,
                title,
                "The Go extension ignores an alternate go it cannot run, without a message, and looks \
for `go` in GOBIN, go.goroot/GOROOT and PATH instead: it may run another Go than the one you chose, or none.",
            )
        }
        ("goroot", "GOROOT") if is_goland(s) && !t.exists => (
            Severity::Error,
            format!(
                "GoLand's project GOROOT is {}, which does not exist",
                code(s.effective())
            ),
            "GoLand runs the go of the project's GOROOT for builds, tests, the debugger and gopls, not the go \
on PATH; with the directory gone it reports the GOROOT as invalid and none of them run.",
        ),
        ("goroot", "GOROOT") if is_goland(s) && t.go.is_none() => (
            Severity::Error,
            format!(
                "GoLand's project GOROOT is {}, which has no bin/go",
                code(s.effective())
            ),
            "GoLand runs <GOROOT>/bin/go for builds, tests, the debugger and gopls; this directory has none, so \
none of them run.",
        ),
        ("goroot", "go.goroot") if !t.exists => (
            Severity::Warning,
            format!(
                "go.goroot names {}, which does not exist",
                code(s.effective())
            ),
            "The Go extension ignores the setting (\"go.goroot setting is ignored ... is not a valid GOROOT \
directory\") and runs whatever go it finds on PATH.",
        ),
        ("goroot", "go.goroot") if t.go.is_none() => (
            Severity::Error,
            format!(
                "go.goroot names {}, which has no bin/go",
                code(s.effective())
            ),
            "The Go extension sets GOROOT to this directory for every go it starts, but finds no go in its \
bin directory and runs the go on PATH with this GOROOT, which does not match it: go commands in the editor \
fail or build with the wrong standard library.",
        ),
        ("goroot", _) if !t.exists => (
            Severity::Error,
            format!(
                "{} names {}, which does not exist",
                s.key,
                code(s.effective())
            ),
            "Every tool the Go extension starts (gopls, the debugger, go test) gets this GOROOT, and go \
stops at once with \"cannot find GOROOT directory\".",
        ),
        ("goroot", _)
            if t.tree
                .as_ref()
                .is_some_and(|tr| !tr.has_pkg_tool && !tr.has_src_runtime) =>
        {
            (
                Severity::Error,
                format!(
                    "{} names {}, which is not a Go installation",
                    s.key,
                    code(s.effective())
                ),
                "Every tool the Go extension starts gets this GOROOT; the directory has neither pkg/tool nor \
src/runtime, so builds fail with \"package fmt is not in std\".",
            )
        }
        ("path", _) if t.go.is_none() => (
            Severity::Error,
            format!("{} has no go in it", s.key),
            "go.toolsEnvVars.PATH replaces PATH for every tool the Go extension starts; gopls then cannot \
run go and reports errors on every file.",
        ),
        _ => return None,
    };
    let mut f = Finding::new(
        "editor/go-not-found",
        severity,
        format!("{title} ({})", apps_phrase(apps)),
        format!("{why} {}", GO_NOT_FOUND_EXPLANATION),
    );
    f.evidence.push(setting_evidence(s));
    if t.kind == "path" {
        f.evidence.push(Evidence::new(
            "go on that PATH",
            "(none)",
            "looked up in every entry",
        ));
    } else {
        f.evidence.push(Evidence::new(
            "on disk",
            if !t.exists {
                "does not exist".to_string()
            } else if t.kind == "goroot" {
                "exists, no bin/go".to_string()
            } else {
                "exists, not an executable file".to_string()
            },
            t.path.clone(),
        ));
    }
    if let Some(active) = ctx.active()
        && is_goland(s)
    {
        f.evidence
            .push(go_evidence("go the shell runs", active, "first go on PATH"));
        f.fixes
            .push(goland_fix(s, active.inferred_goroot.as_deref()));
    } else if let Some(active) = ctx.active() {
        f.evidence
            .push(go_evidence("go the shell runs", active, "first go on PATH"));
        f.fixes.push(Fix::new(format!(
            "Point {} at the Go your shell uses ({}), or delete it, in {} line {}; then run \"Developer: Reload \
Window\".",
            code(&s.key),
            code(match t.kind.as_str() {
                "goroot" => active.inferred_goroot.as_deref().unwrap_or(&active.path),
                "path" => active.path.rsplit_once(['/', '\\']).map_or("", |(d, _)| d),
                _ => &active.path,
            }),
            s.file,
            s.line
        )));
    } else {
        f.fixes.push(remove_fix(s));
    }
    Some(f)
}

/// The desktop session's PATH has no go while the shell's has, and no
/// editor setting names one.
fn gui_session_without_go(ctx: &Ctx) -> Vec<Finding> {
    let facts = &ctx.snap.editor;
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    if facts.installed.is_empty() || facts.editors.iter().any(|e| e.extension_go.is_some()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in ctx
        .snap
        .contexts
        .iter()
        .filter(|c| c.name.starts_with("GUI session") && c.env.is_some() && c.go.is_none())
    {
        let mut f = Finding::new(
            "editor/go-not-found",
            Severity::Info,
            format!(
                "Programs started from the desktop ({}) have no go on PATH; the shell runs {}",
                c.name,
                code(&active.path)
            ),
            format!(
                "The desktop session's PATH does not contain the Go bin directory: your start-up files add it \
for shells only. VS Code copies the environment of a login shell when it starts from the desktop, so it \
usually still finds go; when that shell is slow (more than 10 seconds) or fails, or for sandboxed (Flatpak, \
Snap) editors and other desktop programs, the Go extension reports \"Failed to find the go binary in either \
GOROOT() or PATH\". {GO_NOT_FOUND_EXPLANATION}"
            ),
        );
        f.evidence.push(Evidence::new(
            "PATH",
            c.env
                .as_ref()
                .and_then(|e| e.get("PATH"))
                .map_or("(unset)", String::as_str),
            format!("{} ({} {})", c.name, c.shell, c.args.join(" ")),
        ));
        f.evidence
            .push(go_evidence("go the shell runs", active, "first go on PATH"));
        f.evidence.push(Evidence::new(
            "editors with settings directories",
            facts.installed.join(", "),
            "user settings directories found",
        ));
        let dir = active.path.rsplit_once('/').map_or("", |(d, _)| d);
        f.fixes.push(match ctx.platform {
            crate::context::Platform::MacOs => Fix::new(format!(
                "Put the Go bin directory where launchd-started apps see it: add a file /etc/paths.d/go \
containing {} (the Go installer does this), log out and back in; or start VS Code from a terminal with `code .`.",
                code(dir)
            )),
            _ => Fix::new(format!(
                "Add the Go bin directory to the session environment: create ~/.config/environment.d/go.conf \
with the line {} and log out and back in; or start the editor from a terminal.",
                code(&format!("PATH={dir}:${{PATH}}"))
            )),
        });
        out.push(f);
    }
    out
}

/// editor/different-go: the editor is set up to run another go (or give the
/// tools another GOROOT) than the shell.
pub fn different_go(ctx: &Ctx) -> Vec<Finding> {
    let Some(active) = ctx.active() else {
        return Vec::new();
    };
    let facts = &ctx.snap.editor;
    let mut out: Vec<Finding> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for setup in &facts.editors {
        // The go the extension itself runs.
        let editor_go = setup.extension_go.as_ref().map(|e| (&e.binary, &e.setting));
        if let Some((go, s)) = editor_go
            && !ctx.style.same(real(go), real(active))
        {
            let key = format!("ext {}", s.location());
            if !seen.contains(&key) {
                seen.push(key);
                out.push(other_go(ctx, go, active, s, &setup.app, "runs"));
            }
        }
        for t in &setup.targets {
            match (t.kind.as_str(), &t.go) {
                // The go gopls and the other tools find on their PATH.
                ("path", Some(go)) => {
                    let reference = editor_go.map_or(active, |(g, _)| g);
                    let key = format!("path {}", t.setting.location());
                    if !ctx.style.same(real(go), real(reference)) && !seen.contains(&key) {
                        seen.push(key);
                        out.push(other_go(
                            ctx,
                            go,
                            active,
                            &t.setting,
                            &setup.app,
                            "gives its tools",
                        ));
                    }
                }
                // A GOROOT the editor sets for the go it runs.
                ("goroot", _) if t.exists => {
                    let runs = editor_go.map_or(active, |(g, _)| g);
                    if let Some(f) = goroot_of_other_release(ctx, t, runs, &setup.app, &mut seen) {
                        out.push(f);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn other_go(
    ctx: &Ctx,
    go: &GoBinary,
    active: &GoBinary,
    s: &EditorSetting,
    app: &str,
    verb: &str,
) -> Finding {
    let same_release = go.go_version().is_some() && go.go_version() == active.go_version();
    let mut f = Finding::new(
        "editor/different-go",
        if same_release {
            Severity::Info
        } else {
            Severity::Warning
        },
        format!(
            "{app} {verb} {} ({}) through {}, but the shell runs {} ({})",
            code(&go.path),
            version(go),
            s.key,
            code(&active.path),
            version(active)
        ),
        DIFFERENT_GO_EXPLANATION,
    );
    f.evidence.push(setting_evidence(s));
    f.evidence
        .push(go_evidence("go the editor runs", go, &s.key));
    f.evidence.push(go_evidence(
        "go the shell runs",
        active,
        if ctx.snap.path_entries.is_empty() {
            "first go on PATH"
        } else {
            "first go on this process's PATH"
        },
    ));
    f.fixes.push(remove_fix(s));
    f.fixes.push(Fix::new(format!(
        "Or keep the setting and put the same Go first on PATH in your shell (its bin directory is {}), so \
terminal and editor build with the same release.",
        code(go.path.rsplit_once(['/', '\\']).map_or("", |(d, _)| d))
    )));
    f
}

/// A GOROOT setting whose installation is another release than the go the
/// editor runs with it: go then refuses to build ("compile: version ... does
/// not match go tool version ...").
fn goroot_of_other_release(
    ctx: &Ctx,
    t: &ConfiguredTarget,
    runs: &GoBinary,
    app: &str,
    seen: &mut Vec<String>,
) -> Option<Finding> {
    let tree = t.tree.as_ref()?;
    let root_version = tree.version.as_deref()?;
    let go_version = runs.go_version()?;
    let runs_root = runs.inferred_goroot.as_deref()?;
    let tree_real = tree.real_path.as_deref().unwrap_or(&t.path);
    if ctx.style.same(tree_real, runs_root) || root_version == go_version {
        return None;
    }
    let key = format!("root {}", t.setting.location());
    if seen.contains(&key) {
        return None;
    }
    seen.push(key);
    let mut f = Finding::new(
        "editor/different-go",
        Severity::Error,
        format!(
            "{app} gives {} ({go_version}) the GOROOT {} ({root_version}) through {}",
            code(&runs.path),
            code(&t.path),
            t.setting.key
        ),
        DIFFERENT_GO_EXPLANATION,
    );
    f.evidence.push(setting_evidence(&t.setting));
    f.evidence.push(Evidence::new(
        "release in that GOROOT",
        root_version,
        format!("{}/VERSION", t.path),
    ));
    f.evidence.push(go_evidence(
        "go it runs with",
        runs,
        "the go the editor runs",
    ));
    f.fixes.push(remove_fix(&t.setting));
    Some(f)
}

/// editor/workspace-layout: the folder an editor opens has several modules
/// below it, none at or above it, no go.work, and the gopls found predates
/// multi-module support without go.work.
pub fn workspace_layout(ctx: &Ctx) -> Vec<Finding> {
    let facts = &ctx.snap.editor;
    let Some(gopls) = &facts.gopls else {
        return Vec::new();
    };
    let Some(v) = gopls.version.as_deref() else {
        return Vec::new();
    };
    let old = gomedic_go::semver::is_valid(v)
        && gomedic_go::semver::major_minor(v) != "v0.0"
        && gomedic_go::semver::compare(v, ZERO_CONFIG_GOPLS).is_lt();
    if !old {
        return Vec::new();
    }
    facts
        .layouts
        .iter()
        .filter(|l| {
            l.module_above.is_none() && l.work_above.is_none() && l.modules_below.len() >= 2
        })
        .map(|l| layout_finding(l, v, &gopls.path))
        .collect()
}

fn layout_finding(l: &WorkspaceLayout, gopls_version: &str, gopls_path: &str) -> Finding {
    let mut f = Finding::new(
        "editor/workspace-layout",
        Severity::Warning,
        format!(
            "{} holds {}{} Go modules but no go.work, and gopls {gopls_version} cannot load them from there",
            code(&l.folder),
            l.modules_below.len(),
            if l.walk_truncated { "+" } else { "" }
        ),
        LAYOUT_EXPLANATION,
    );
    f.evidence
        .push(Evidence::new("folder", &l.folder, &l.reason));
    for m in l.modules_below.iter().take(10) {
        f.evidence
            .push(Evidence::new("module", m, "go.mod below the folder"));
    }
    f.evidence.push(Evidence::new(
        "go.mod or go.work at or above the folder",
        "(none)",
        "looked for in the folder and every parent",
    ));
    f.evidence
        .push(Evidence::new("gopls", gopls_version, gopls_path));
    let rel: Vec<String> = l
        .modules_below
        .iter()
        .map(|m| {
            m.strip_prefix(&l.folder)
                .map(|r| format!(".{r}"))
                .unwrap_or_else(|| m.clone())
        })
        .collect();
    f.fixes.push(
        Fix::new(format!(
            "Create a go.work in {} listing the modules (do not commit it unless the team wants it).",
            code(&l.folder)
        ))
        .with_command(format!("cd {} && go work init {}", l.folder, rel.join(" "))),
    );
    f.fixes.push(
        Fix::new("Or update gopls: since v0.15.0 it loads every module of the files you open without a go.work.")
            .with_command("go install golang.org/x/tools/gopls@latest"),
    );
    f.fixes.push(Fix::new(
        "Or open one module's directory (the one with go.mod) as the editor folder.",
    ));
    f
}

const GO_NOT_FOUND_EXPLANATION: &str = "gomedic read the Go extension's settings in the user and workspace settings \
files and checked what each names on disk, following the extension's own lookup (see `gomedic explain \
editor/go-not-found`).";

const DIFFERENT_GO_EXPLANATION: &str = "The Go extension for VS Code (and its forks) picks its go from \
go.alternateTools.go, then go.goroot, before PATH, and hands go.toolsEnvVars to every tool it starts. A setting \
that names another installation than the one your shell runs makes the editor build, test and analyse code with \
another Go release than the terminal: diagnostics, `go.mod` edits and test results differ, and a GOROOT of \
another release than the go using it makes every build fail.";

const LAYOUT_EXPLANATION: &str = "gopls needs to know which modules you work on. Releases before v0.15.0 only \
load the module of the folder you opened (or a parent of it) or the modules listed in a go.work; opened above \
several modules they report \"gopls was not able to find modules in your workspace\" and give no completion or \
diagnostics. gopls v0.15.0 and later load the module of each file you open, so gomedic reports this only for an \
older gopls.";

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_go::buildinfo::BuildInfo;
    use gomedic_model::Snapshot;
    use gomedic_model::editor::{EditorFacts, EditorSetup, ExtensionGo, SettingsScope};

    fn go(path: &str, version: &str) -> GoBinary {
        GoBinary {
            path: path.into(),
            path_index: Some(0),
            real_path: Some(path.into()),
            build_info: Some(BuildInfo {
                go_version: version.into(),
                ..BuildInfo::default()
            }),
            inferred_goroot: path.rsplit_once(r"\bin\").map(|(r, _)| r.to_string()),
            ..GoBinary::default()
        }
    }

    /// A Windows snapshot (as taken on Windows, checked anywhere): paths
    /// compare without regard to case, as Windows does.
    fn windows_snapshot(editor_go: &str, version: &str) -> Snapshot {
        let setting = EditorSetting {
            key: "go.alternateTools.go".into(),
            value: editor_go.into(),
            expanded: None,
            file: r"C:\Users\ann\AppData\Roaming\Code\User\settings.json".into(),
            line: 4,
            scope: SettingsScope::User,
        };
        let mut snap = Snapshot::default();
        snap.host.os = "windows".into();
        snap.go_binaries = vec![go(r"C:\Program Files\Go\bin\go.exe", "go1.22.10")];
        snap.active_go = Some(0);
        snap.editor = EditorFacts {
            scanned: true,
            installed: vec!["VS Code".into()],
            editors: vec![EditorSetup {
                app: "VS Code".into(),
                settings: vec![setting.clone()],
                targets: Vec::new(),
                extension_go: Some(ExtensionGo {
                    setting,
                    path: editor_go.into(),
                    binary: go(editor_go, version),
                }),
            }],
            ..EditorFacts::default()
        };
        snap
    }

    #[test]
    fn windows_paths_compare_case_insensitively() {
        let ctx_snap = windows_snapshot(r"c:\program files\go\BIN\go.exe", "go1.22.10");
        assert!(different_go(&Ctx::new(&ctx_snap)).is_empty());
        let other = windows_snapshot(r"C:\Users\ann\sdk\go1.21.13\bin\go.exe", "go1.21.13");
        let found = different_go(&Ctx::new(&other));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].title.contains("go1.21.13") && found[0].title.contains("go1.22.10"));
        assert_eq!(
            found[0].evidence[0].source,
            r"C:\Users\ann\AppData\Roaming\Code\User\settings.json:4 (user settings)"
        );
        // Same release elsewhere: worth knowing only.
        let same = windows_snapshot(r"D:\Go\bin\go.exe", "go1.22.10");
        assert_eq!(different_go(&Ctx::new(&same))[0].severity, Severity::Info);
    }

    #[test]
    fn gui_session_without_go_needs_an_editor_and_a_shell_go() {
        let mut snap = windows_snapshot(r"C:\Program Files\Go\bin\go.exe", "go1.22.10");
        snap.host.os = "linux".into();
        snap.editor.editors.clear();
        snap.contexts.push(gomedic_model::provenance::ShellContext {
            name: "GUI session (systemd --user)".into(),
            shell: "/usr/bin/systemctl".into(),
            args: vec!["--user".into(), "show-environment".into()],
            env: Some([("PATH".to_string(), "/usr/bin:/bin".to_string())].into()),
            go: None,
            ..Default::default()
        });
        let found = go_not_found(&Ctx::new(&snap));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].fixes[0].description.contains("environment.d"));
        // No editor settings directory: a server, nothing to say.
        snap.editor.installed.clear();
        assert!(go_not_found(&Ctx::new(&snap)).is_empty());
    }
}
