//! Editor facts: the VS Code family's settings files (user and workspace),
//! the `go` their Go settings make the Go extension run (following the
//! extension's lookup: an absolute `go.alternateTools.go` that is an
//! executable file, else GOBIN, else `<go.goroot>/bin`, else PATH), the gopls
//! it would start, and the folders an editor may have opened.

use crate::editor_settings::{Expansion, parse_settings, to_setting};
use crate::gobinaries::{Candidate, binary_facts};
use crate::lookpath::{find_in_dir, is_executable_file, look_path};
use crate::textfile::read_capped;
use gomedic_model::editor::{
    ConfiguredTarget, EditorFacts, EditorSetting, EditorSettingsFile, EditorSetup, ExtensionGo,
    GoplsFact, SettingsScope, WorkspaceLayout,
};
use gomedic_model::snapshot::{GoBinary, GoTreeFact};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Settings files larger than this are not read.
const SETTINGS_CAP: u64 = 1 << 20;
/// Bounds of the walk for modules below an opened folder.
const WALK_MAX_DEPTH: usize = 4;
const WALK_MAX_DIRS: usize = 4000;
const WALK_MAX_MODULES: usize = 50;

/// What the editor probe needs.
pub struct EditorInputs<'a> {
    pub host_os: &'a str,
    pub host_arch: &'a str,
    pub home: Option<&'a Path>,
    /// The real (unredacted) process environment.
    pub env: &'a BTreeMap<String, String>,
    pub project_dir: &'a Path,
    /// The directory of the project's go.mod, if any.
    pub module_root: Option<&'a Path>,
    /// This process's PATH, split.
    pub path: &'a [OsString],
    pub exts: &'a [String],
    /// GOPATH entries (where `go install` puts gopls without GOBIN).
    pub gopath: &'a [PathBuf],
    /// GOWORK as go resolves it (`off`, a file, or empty).
    pub gowork: &'a str,
}

/// A user settings directory of one editor.
fn user_dirs(inputs: &EditorInputs) -> Vec<(String, PathBuf)> {
    const APPS: [(&str, &str); 4] = [
        ("VS Code", "Code"),
        ("VS Code Insiders", "Code - Insiders"),
        ("VSCodium", "VSCodium"),
        ("Cursor", "Cursor"),
    ];
    let home = inputs.home;
    let base: Option<PathBuf> = match inputs.host_os {
        "windows" => inputs.env.get("APPDATA").map(PathBuf::from),
        "darwin" => home.map(|h| h.join("Library").join("Application Support")),
        _ => inputs
            .env
            .get("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home.map(|h| h.join(".config"))),
    };
    let mut out: Vec<(String, PathBuf)> = base
        .iter()
        .flat_map(|b| {
            APPS.iter()
                .map(move |(app, folder)| (app.to_string(), b.join(folder).join("User")))
        })
        .collect();
    if !matches!(inputs.host_os, "windows" | "darwin")
        && let Some(h) = home
    {
        let flatpak = h.join(".var").join("app");
        out.push((
            "VS Code (Flatpak)".into(),
            flatpak.join("com.visualstudio.code/config/Code/User"),
        ));
        out.push((
            "VSCodium (Flatpak)".into(),
            flatpak.join("com.vscodium.codium/config/VSCodium/User"),
        ));
    }
    out
}

/// Reads one settings file; `None` when it does not exist.
fn read_settings(
    path: &Path,
    scope: SettingsScope,
    app: &str,
    expansion: &Expansion,
) -> Option<(EditorSettingsFile, Vec<EditorSetting>)> {
    if !path.is_file() {
        return None;
    }
    let mut file = EditorSettingsFile {
        path: path.to_string_lossy().into_owned(),
        scope,
        app: app.to_string(),
        error: None,
    };
    let text = match read_capped(path, SETTINGS_CAP) {
        Ok((_, true)) => {
            file.error = Some(format!("larger than {SETTINGS_CAP} bytes; not read"));
            return Some((file, Vec::new()));
        }
        Ok((bytes, false)) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            file.error = Some(format!("cannot read: {e}"));
            return Some((file, Vec::new()));
        }
    };
    match parse_settings(&text, scope == SettingsScope::WorkspaceFile) {
        Ok(raw) => {
            let settings = raw
                .iter()
                .map(|r| to_setting(r, expansion, &file.path, scope))
                .collect();
            Some((file, settings))
        }
        Err(e) => {
            file.error = Some(e);
            Some((file, Vec::new()))
        }
    }
}

/// The directories from `from` up to `to` (inclusive) when `to` is an
/// ancestor of `from`, else `from` alone.
fn dirs_up_to(from: &Path, to: Option<&Path>) -> Vec<PathBuf> {
    match to.filter(|t| from.starts_with(t)) {
        Some(to) => from
            .ancestors()
            .take_while(|d| d.starts_with(to))
            .map(Path::to_path_buf)
            .collect(),
        None => vec![from.to_path_buf()],
    }
}

fn code_workspace_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "code-workspace") && p.is_file())
        .collect();
    files.sort();
    files
}

/// Every fact about editors.
pub fn probe_editors(inputs: &EditorInputs) -> EditorFacts {
    let env_lookup = |name: &str| inputs.env.get(name).cloned();
    let folder = inputs.project_dir.to_string_lossy().into_owned();
    let home = inputs.home.map(|h| h.to_string_lossy().into_owned());
    let expansion = Expansion {
        env: &env_lookup,
        workspace_folder: Some(&folder),
        home: home.as_deref(),
        separator: if inputs.host_os == "windows" {
            '\\'
        } else {
            '/'
        },
    };
    let mut facts = EditorFacts {
        scanned: true,
        ..EditorFacts::default()
    };
    // User settings, per editor.
    let mut per_app: Vec<(String, Vec<EditorSetting>)> = Vec::new();
    for (app, dir) in user_dirs(inputs) {
        if !dir.is_dir() {
            continue;
        }
        facts.installed.push(app.clone());
        let settings = match read_settings(
            &dir.join("settings.json"),
            SettingsScope::User,
            &app,
            &expansion,
        ) {
            Some((file, settings)) => {
                facts.files.push(file);
                settings
            }
            None => Vec::new(),
        };
        per_app.push((app, settings));
    }
    // Workspace settings: *.code-workspace from the project up to its module
    // root, then the folder's own .vscode/settings.json (which wins).
    let mut workspace: Vec<EditorSetting> = Vec::new();
    for dir in dirs_up_to(inputs.project_dir, inputs.module_root) {
        for path in code_workspace_files(&dir) {
            if let Some((file, settings)) =
                read_settings(&path, SettingsScope::WorkspaceFile, "", &expansion)
            {
                facts.files.push(file);
                workspace.extend(settings);
            }
        }
    }
    let folder_settings = inputs.project_dir.join(".vscode").join("settings.json");
    if let Some((file, settings)) =
        read_settings(&folder_settings, SettingsScope::Folder, "", &expansion)
    {
        facts.files.push(file);
        workspace.extend(settings);
    }
    if per_app.is_empty() && !workspace.is_empty() {
        per_app.push(("VS Code".to_string(), Vec::new()));
    }
    for (app, user) in per_app {
        let settings = effective(user.into_iter().chain(workspace.iter().cloned()));
        if settings.is_empty() {
            continue;
        }
        facts.editors.push(setup(app, settings, inputs));
    }
    // GoLand / IntelliJ: the project's GOROOT, if a project is here.
    if let Some((file, setting)) =
        crate::editor_goland::read_goland_goroot(inputs.project_dir, inputs.home)
    {
        facts.files.push(file);
        if let Some(s) = setting.filter(|s| !s.effective().trim().is_empty()) {
            facts.editors.push(goland_setup(s, inputs));
        }
    }
    facts.gopls = find_gopls(inputs);
    let walk = facts.gopls.as_ref().is_some_and(gopls_predates_zero_config);
    facts.layouts = layouts(inputs, walk);
    facts
}

/// The winning value of every key: a higher scope wins, then a later file.
fn effective(all: impl Iterator<Item = EditorSetting>) -> Vec<EditorSetting> {
    let mut by_key: BTreeMap<String, EditorSetting> = BTreeMap::new();
    for s in all {
        match by_key.get(&s.key) {
            Some(old) if old.scope > s.scope => {}
            _ => {
                by_key.insert(s.key.clone(), s);
            }
        }
    }
    by_key.into_values().collect()
}

fn go_file_name(host_os: &str) -> &'static str {
    if host_os == "windows" { "go.exe" } else { "go" }
}

fn facts_of(path: &Path, inputs: &EditorInputs) -> GoBinary {
    binary_facts(
        &Candidate {
            path: path.to_path_buf(),
            path_index: None,
        },
        inputs.host_os,
        inputs.host_arch,
    )
}

fn go_tree(dir: &Path) -> GoTreeFact {
    GoTreeFact {
        version: crate::textfile::read_first_line(&dir.join("VERSION")),
        has_pkg_tool: crate::goroot::is_goroot(dir),
        has_src_runtime: dir.join("src").join("runtime").is_dir(),
        real_path: std::fs::canonicalize(dir)
            .ok()
            .map(|p| p.to_string_lossy().into_owned()),
    }
}

fn split_list(value: &str, host_os: &str) -> Vec<OsString> {
    if host_os == "windows" {
        crate::pathlist::split_list_windows(value)
            .into_iter()
            .map(OsString::from)
            .collect()
    } else {
        value.split(':').map(OsString::from).collect()
    }
}

/// A setting naming a Go installation, checked.
fn goroot_target(s: &EditorSetting, inputs: &EditorInputs) -> ConfiguredTarget {
    let root = PathBuf::from(s.effective());
    let bin = root.join("bin").join(go_file_name(inputs.host_os));
    ConfiguredTarget {
        setting: s.clone(),
        kind: "goroot".into(),
        path: s.effective().to_string(),
        exists: root.is_dir(),
        go: is_executable_file(&bin).then(|| facts_of(&bin, inputs)),
        tree: root.is_dir().then(|| go_tree(&root)),
    }
}

/// GoLand runs `<GOROOT>/bin/go` of the project's GOROOT for everything.
fn goland_setup(s: EditorSetting, inputs: &EditorInputs) -> EditorSetup {
    let target = goroot_target(&s, inputs);
    let extension_go = target.go.clone().map(|binary| ExtensionGo {
        setting: s.clone(),
        path: binary.path.clone(),
        binary,
    });
    EditorSetup {
        app: crate::editor_goland::GOLAND.to_string(),
        settings: vec![s],
        targets: vec![target],
        extension_go,
    }
}

/// The checked targets and the extension's go of one editor.
fn setup(app: String, settings: Vec<EditorSetting>, inputs: &EditorInputs) -> EditorSetup {
    let get = |key: &str| settings.iter().find(|s| s.key == key);
    let go_name = go_file_name(inputs.host_os);
    let mut targets = Vec::new();
    // go.goroot, and toolsEnvVars GOROOT: a Go installation.
    for key in ["go.goroot", "go.toolsEnvVars.GOROOT"] {
        let Some(s) = get(key).filter(|s| !s.effective().trim().is_empty()) else {
            continue;
        };
        targets.push(goroot_target(s, inputs));
    }
    // toolsEnvVars PATH: the go the tools (gopls) find.
    if let Some(s) = get("go.toolsEnvVars.PATH").filter(|s| !s.effective().is_empty()) {
        let entries = split_list(s.effective(), inputs.host_os);
        let found = look_path("go", &entries, inputs.project_dir, inputs.exts);
        targets.push(ConfiguredTarget {
            setting: s.clone(),
            kind: "path".into(),
            path: s.effective().to_string(),
            exists: found.is_some(),
            go: found.map(|p| facts_of(&p, inputs)),
            tree: None,
        });
    }
    // go.alternateTools.go: a go program, or a name looked up.
    let goroot_setting = get("go.goroot")
        .map(|s| s.effective().to_string())
        .filter(|v| !v.trim().is_empty());
    let mut extension_go = None;
    if let Some(s) = get("go.alternateTools.go").filter(|s| !s.effective().trim().is_empty()) {
        let value = s.effective();
        let target = if Path::new(value).is_absolute() {
            let path = PathBuf::from(value);
            ConfiguredTarget {
                setting: s.clone(),
                kind: "go".into(),
                path: value.to_string(),
                exists: path.exists(),
                go: is_executable_file(&path).then(|| facts_of(&path, inputs)),
                tree: None,
            }
        } else {
            let found = lookup_name(value, goroot_setting.as_deref(), inputs);
            ConfiguredTarget {
                setting: s.clone(),
                kind: "go".into(),
                path: found
                    .as_ref()
                    .map_or(value.to_string(), |p| p.to_string_lossy().into_owned()),
                exists: found.is_some(),
                go: found.map(|p| facts_of(&p, inputs)),
                tree: None,
            }
        };
        if let Some(go) = &target.go {
            extension_go = Some(ExtensionGo {
                setting: s.clone(),
                path: target.path.clone(),
                binary: go.clone(),
            });
        }
        targets.push(target);
    }
    // Without a usable alternate go: GOBIN first, then <go.goroot>/bin.
    if extension_go.is_none()
        && !gobin_has(go_name, inputs)
        && let Some(t) = targets
            .iter()
            .find(|t| t.setting.key == "go.goroot" && t.go.is_some())
    {
        let go = t.go.clone().unwrap_or_default();
        extension_go = Some(ExtensionGo {
            setting: t.setting.clone(),
            path: go.path.clone(),
            binary: go,
        });
    }
    EditorSetup {
        app,
        settings,
        targets,
        extension_go,
    }
}

fn gobin_has(name: &str, inputs: &EditorInputs) -> bool {
    inputs
        .env
        .get("GOBIN")
        .filter(|g| !g.is_empty())
        .is_some_and(|g| is_executable_file(&Path::new(g).join(name)))
}

/// A tool name the extension looks up: GOBIN, then `<goroot>/bin` (the
/// setting, else GOROOT), then PATH.
fn lookup_name(name: &str, goroot: Option<&str>, inputs: &EditorInputs) -> Option<PathBuf> {
    if let Some(gobin) = inputs.env.get("GOBIN").filter(|g| !g.is_empty())
        && let Some(found) = find_in_dir(Path::new(gobin), name, inputs.exts)
    {
        return Some(found);
    }
    let root = goroot
        .map(str::to_string)
        .or_else(|| inputs.env.get("GOROOT").cloned())
        .filter(|r| !r.is_empty());
    if let Some(root) = root
        && let Some(found) = find_in_dir(&Path::new(&root).join("bin"), name, inputs.exts)
    {
        return Some(found);
    }
    look_path(name, inputs.path, inputs.project_dir, inputs.exts)
}

/// The gopls the extension starts: GOBIN, GOPATH/bin, PATH.
fn find_gopls(inputs: &EditorInputs) -> Option<GoplsFact> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(gobin) = inputs.env.get("GOBIN").filter(|g| !g.is_empty()) {
        dirs.push(PathBuf::from(gobin));
    }
    dirs.extend(inputs.gopath.iter().map(|p| p.join("bin")));
    let path = dirs
        .iter()
        .find_map(|d| find_in_dir(d, "gopls", inputs.exts))
        .or_else(|| look_path("gopls", inputs.path, inputs.project_dir, inputs.exts))?;
    let info = crate::binary::read_build_info(&path).ok();
    Some(GoplsFact {
        path: path.to_string_lossy().into_owned(),
        version: info
            .as_ref()
            .map(|i| i.main.version.clone())
            .filter(|v| !v.is_empty()),
        go_version: info.map(|i| i.go_version).filter(|v| !v.is_empty()),
    })
}

/// The folders an editor may have opened: the project directory, and the
/// nearest ancestor above the module root with `.vscode/` or a
/// `*.code-workspace` (never the home directory or the file system root).
///
/// The walk for modules below a folder only matters to a gopls that needs a
/// go.work for several modules; without one (`walk` false) it is skipped, so
/// running gomedic from a large directory stays fast.
fn layouts(inputs: &EditorInputs, walk: bool) -> Vec<WorkspaceLayout> {
    let mut folders = vec![(
        inputs.project_dir.to_path_buf(),
        "project directory".to_string(),
    )];
    let start = inputs.module_root.unwrap_or(inputs.project_dir);
    for dir in start.ancestors().skip(1) {
        if Some(dir) == inputs.home || dir.parent().is_none() {
            break;
        }
        let reason = if dir.join(".vscode").is_dir() {
            Some(".vscode/ here".to_string())
        } else {
            code_workspace_files(dir).first().map(|f| {
                format!(
                    "{} here",
                    f.file_name().unwrap_or_default().to_string_lossy()
                )
            })
        };
        if let Some(reason) = reason {
            folders.push((dir.to_path_buf(), reason));
            break;
        }
    }
    folders
        .into_iter()
        .map(|(folder, reason)| layout(&folder, reason, inputs, walk))
        .collect()
}

/// gopls releases before v0.15.0 need a go.work to load several modules of
/// one folder. A build without a release version is not known to need it.
fn gopls_predates_zero_config(gopls: &GoplsFact) -> bool {
    gopls.version.as_deref().is_some_and(|v| {
        gomedic_go::semver::is_valid(v)
            && gomedic_go::semver::major_minor(v) != "v0.0"
            && gomedic_go::semver::compare(v, "v0.15.0").is_lt()
    })
}

fn nearest_above(dir: &Path, name: &str) -> Option<String> {
    dir.ancestors()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
}

fn layout(folder: &Path, reason: String, inputs: &EditorInputs, walk: bool) -> WorkspaceLayout {
    let work_above = match inputs.gowork {
        "off" => None,
        "" => nearest_above(folder, "go.work"),
        file => Some(file.to_string()),
    };
    let module_above = nearest_above(folder, "go.mod");
    let (modules_below, walk_truncated) = if walk && module_above.is_none() && work_above.is_none()
    {
        modules_below(folder)
    } else {
        (Vec::new(), false)
    };
    WorkspaceLayout {
        folder: folder.to_string_lossy().into_owned(),
        reason,
        module_above,
        work_above,
        modules_below,
        walk_truncated,
    }
}

/// Directories strictly below `folder` holding a go.mod, breadth first,
/// skipping what the go command skips in `./...` (vendor, testdata, names
/// starting with `.` or `_`) and node_modules; bounded in depth and size.
fn modules_below(folder: &Path) -> (Vec<String>, bool) {
    let mut found = Vec::new();
    let mut queue: std::collections::VecDeque<(PathBuf, usize)> =
        std::collections::VecDeque::from([(folder.to_path_buf(), 0)]);
    let mut visited = 0usize;
    while let Some((dir, depth)) = queue.pop_front() {
        visited += 1;
        if visited > WALK_MAX_DIRS || found.len() >= WALK_MAX_MODULES {
            return (found, true);
        }
        if depth > 0 && dir.join("go.mod").is_file() {
            found.push(dir.to_string_lossy().into_owned());
        }
        if depth >= WALK_MAX_DEPTH {
            continue;
        }
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut children: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                !(name.starts_with('.')
                    || name.starts_with('_')
                    || matches!(name.as_ref(), "vendor" | "testdata" | "node_modules"))
            })
            .map(|e| e.path())
            .collect();
        children.sort();
        queue.extend(children.into_iter().map(|c| (c, depth + 1)));
    }
    (found, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(key: &str, value: &str, scope: SettingsScope, file: &str) -> EditorSetting {
        EditorSetting {
            key: key.into(),
            value: value.into(),
            expanded: None,
            file: file.into(),
            line: 1,
            scope,
        }
    }

    #[test]
    fn folder_beats_workspace_file_beats_user() {
        let got = effective(
            [
                setting("go.goroot", "/u", SettingsScope::Folder, "f"),
                setting("go.goroot", "/w", SettingsScope::User, "u"),
                setting("go.alternateTools.go", "/a", SettingsScope::User, "u"),
                setting(
                    "go.alternateTools.go",
                    "/b",
                    SettingsScope::WorkspaceFile,
                    "w",
                ),
            ]
            .into_iter(),
        );
        let values: Vec<(&str, &str)> = got
            .iter()
            .map(|s| (s.key.as_str(), s.value.as_str()))
            .collect();
        assert_eq!(
            values,
            [("go.alternateTools.go", "/b"), ("go.goroot", "/u")]
        );
    }

    #[test]
    fn dirs_from_project_to_module_root() {
        let got = dirs_up_to(Path::new("/m/a/b"), Some(Path::new("/m")));
        assert_eq!(
            got,
            [Path::new("/m/a/b"), Path::new("/m/a"), Path::new("/m")]
        );
        assert_eq!(
            dirs_up_to(Path::new("/x"), Some(Path::new("/m"))),
            [Path::new("/x")]
        );
    }
}
