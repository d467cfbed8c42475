//! The Go project: which go.mod and go.work the go command would use from
//! the project directory (`modload.findModuleRoot`, `FindGoWork`), and what
//! else lies above it.

use crate::pathlist::clean;
use crate::textfile::{TEXT_FILE_CAP, read_text_file};
use gomedic_model::snapshot::Project;
use std::path::{Path, PathBuf};

/// What the project probe needs to know besides the directory.
#[derive(Debug, Clone, Default)]
pub struct ProjectContext {
    /// The effective GOWORK (`cfg.Getenv`): "", "auto", "off" or a path.
    pub gowork: String,
    /// The effective GOPATH entries.
    pub gopath: Vec<PathBuf>,
    /// `os.TempDir()`.
    pub temp_dir: PathBuf,
    /// The effective GOROOT (a go.work search does not cross it).
    pub goroot: Option<PathBuf>,
}

fn is_file_not_dir(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
}

/// The directories from `dir` up to the root, nearest first.
fn ancestors(dir: &Path) -> impl Iterator<Item = &Path> {
    dir.ancestors()
}

/// `findModuleRoot`: the nearest directory at or above `dir` holding a
/// go.mod that is not a directory.
pub fn find_module_root(dir: &Path) -> Option<PathBuf> {
    ancestors(dir)
        .find(|d| is_file_not_dir(&d.join("go.mod")))
        .map(Path::to_path_buf)
}

/// `findWorkspaceFile`: the nearest go.work at or above `dir`, not crossing
/// into GOROOT.
pub fn find_workspace_file(dir: &Path, goroot: Option<&Path>) -> Option<PathBuf> {
    let mut current = dir;
    loop {
        let candidate = current.join("go.work");
        if is_file_not_dir(&candidate) {
            return Some(candidate);
        }
        let parent = current.parent()?;
        if goroot.is_some_and(|g| g == parent) {
            return None;
        }
        current = parent;
    }
}

/// Gathers the project facts for the absolute directory `dir`.
pub fn probe_project(dir: &Path, ctx: &ProjectContext) -> Project {
    let dir = clean(dir);
    let mut project = Project {
        dir: dir.to_string_lossy().into_owned(),
        ..Project::default()
    };
    for d in ancestors(&dir) {
        for name in ["go.work", "go.mod"] {
            let p = d.join(name);
            if is_file_not_dir(&p) {
                project.found_above.push(p.to_string_lossy().into_owned());
            }
        }
    }
    if let Some(root) = find_module_root(&dir) {
        let temp = clean(&ctx.temp_dir);
        let same = |a: &Path, b: &Path| {
            a == b
                || std::fs::canonicalize(a)
                    .ok()
                    .is_some_and(|x| std::fs::canonicalize(b).ok() == Some(x))
        };
        if same(&root, &temp) {
            project.module_warnings.push(format!(
                "go: warning: ignoring go.mod in system temp root {}",
                temp.display()
            ));
        } else {
            project.go_mod = Some(read_text_file(&root.join("go.mod"), TEXT_FILE_CAP));
        }
    }
    if let Some(first) = ctx.gopath.first().filter(|p| !p.as_os_str().is_empty())
        && std::fs::metadata(first.join("go.mod")).is_ok()
    {
        project.module_warnings.push(format!(
            "go: warning: ignoring go.mod in $GOPATH {}",
            first.display()
        ));
    }
    let work = match ctx.gowork.as_str() {
        "off" => None,
        "" | "auto" => find_workspace_file(&dir, ctx.goroot.as_deref()),
        explicit => Some(PathBuf::from(explicit)),
    };
    project.go_work = work.map(|w| read_text_file(&w, TEXT_FILE_CAP));
    project.has_go_files = std::fs::read_dir(&dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name().to_string_lossy().ends_with(".go")
                && e.file_type().is_ok_and(|t| !t.is_dir())
        })
    });
    project.in_gopath_src = ctx
        .gopath
        .iter()
        .filter(|p| p.is_absolute())
        .any(|p| dir.starts_with(clean(&p.join("src"))));
    project
}
