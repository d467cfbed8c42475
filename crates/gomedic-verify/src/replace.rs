//! `replace` directives as the go command applies them
//! (`modload.replacementFrom`, `replacement`, `canonicalizeReplacePath`).
//!
//! - A replacement of `path version` wins over one of `path` (all versions);
//!   among lines with the same left side the last one counts (Go builds a map).
//! - In a workspace, go.work's replacements win; otherwise the workspace
//!   modules' own, and two modules replacing the same version differently is
//!   an error (`conflicting replacements found for …`).
//! - A directory target is read relative to the file that names it. `go list
//!   -m` shows it as written, except for a workspace module's replacement,
//!   which it shows relative to go.work (with `./` since Go 1.22).

use gomedic_go::env::release::Release;
use gomedic_go::modfile::Replace;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Where a module version is replaced to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    /// The module path, or the directory as the go command shows it
    /// (`Replace.Path` of `go list -m -json`).
    pub path: String,
    /// The version; "" for a directory.
    pub version: String,
    /// The directory on disk, for a directory replacement.
    pub dir: Option<PathBuf>,
}

impl Target {
    pub fn is_dir(&self) -> bool {
        self.version.is_empty()
    }
}

type ReplaceMap = BTreeMap<(String, String), (String, String)>;

/// One file's replacements: its directory and its `replace` lines.
#[derive(Debug, Clone, Default)]
struct FileReplacements {
    dir: PathBuf,
    map: ReplaceMap,
}

impl FileReplacements {
    fn new(dir: PathBuf, lines: &[Replace]) -> FileReplacements {
        let mut map = ReplaceMap::new();
        for r in lines {
            map.insert(
                (r.old.path.clone(), r.old.version.clone()),
                (r.new.path.clone(), r.new.version.clone()),
            );
        }
        FileReplacements { dir, map }
    }

    /// `replacement(mod, map)`: the exact version first, then all versions.
    fn lookup(&self, path: &str, version: &str) -> Option<&(String, String)> {
        self.map
            .get(&(path.to_string(), version.to_string()))
            .or_else(|| self.map.get(&(path.to_string(), String::new())))
    }
}

/// All replacements that apply to a module graph.
#[derive(Debug, Clone, Default)]
pub struct Replacements {
    work: Option<FileReplacements>,
    modules: Vec<FileReplacements>,
}

impl Replacements {
    /// `work`: go.work's directory and replacements (workspace mode only);
    /// `modules`: each main module's directory and replacements.
    pub fn new(
        work: Option<(PathBuf, Vec<Replace>)>,
        modules: &[(PathBuf, Vec<Replace>)],
    ) -> Replacements {
        Replacements {
            work: work.map(|(dir, lines)| FileReplacements::new(dir, &lines)),
            modules: modules
                .iter()
                .map(|(dir, lines)| FileReplacements::new(dir.clone(), lines))
                .collect(),
        }
    }

    /// Where `path@version` is replaced to (`None`: not replaced), or the
    /// conflict the go command reports, as Go `release` shows it.
    pub fn resolve(
        &self,
        path: &str,
        version: &str,
        release: Release,
    ) -> Result<Option<Target>, String> {
        if let Some(work) = &self.work
            && let Some((new_path, new_version)) = work.lookup(path, version)
        {
            return Ok(Some(target(
                &work.dir,
                new_path,
                new_version,
                None,
                release,
            )));
        }
        let mut found: Option<(&FileReplacements, &(String, String))> = None;
        for file in &self.modules {
            if let Some(new) = file.lookup(path, version) {
                if let Some((first, first_new)) = found {
                    if first_new != new {
                        return Err(format!(
                            "conflicting replacements found for {path}@{version} in workspace modules defined by {} and {}",
                            first.dir.join("go.mod").display(),
                            file.dir.join("go.mod").display()
                        ));
                    }
                } else {
                    found = Some((file, new));
                }
            }
        }
        let work_dir = self.work.as_ref().map(|w| w.dir.as_path());
        Ok(found.map(|(file, (new_path, new_version))| {
            target(&file.dir, new_path, new_version, work_dir, release)
        }))
    }
}

/// The target of a replacement written in the file of directory `base`;
/// `work_dir` is set for a workspace module's replacement.
fn target(
    base: &Path,
    new_path: &str,
    new_version: &str,
    work_dir: Option<&Path>,
    release: Release,
) -> Target {
    if !new_version.is_empty() {
        return Target {
            path: new_path.to_string(),
            version: new_version.to_string(),
            dir: None,
        };
    }
    let dir = lexical_clean(&base.join(new_path));
    let shown = match work_dir {
        Some(work_dir) if !Path::new(new_path).is_absolute() => match relative(work_dir, &dir) {
            Some(rel) if release.dot_relative_workspace_replacements() => to_directory_path(&rel),
            Some(rel) => rel,
            None if release.dot_relative_workspace_replacements() => {
                to_directory_path(&lexical_clean(&dir).display().to_string())
            }
            None => lexical_clean(&dir).display().to_string(),
        },
        _ => new_path.to_string(),
    };
    Target {
        path: shown,
        version: String::new(),
        dir: Some(dir),
    }
}

/// `modload.ToDirectoryPath`: a path that is not already rooted or
/// dot-relative gets `./`.
fn to_directory_path(path: &str) -> String {
    if gomedic_go::modfile::is_directory_path(path) {
        path.to_string()
    } else {
        format!("./{}", path.replace('\\', "/"))
    }
}

/// Lexical `filepath.Clean` (no file system access).
fn lexical_clean(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    let cleaned: PathBuf = out.iter().collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

/// `filepath.Rel(base, target)` for two paths of the same kind.
fn relative(base: &Path, target: &Path) -> Option<String> {
    let base = lexical_clean(base);
    let target = lexical_clean(target);
    if base.is_absolute() != target.is_absolute() {
        return None;
    }
    let b: Vec<Component> = base
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let t: Vec<Component> = target
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if b[common..].contains(&Component::ParentDir) {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        Some(".".to_string())
    } else {
        Some(parts.join(std::path::MAIN_SEPARATOR_STR))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_go::modfile::{ModuleVersion, Position};

    fn rep(old: &str, old_v: &str, new: &str, new_v: &str) -> Replace {
        Replace {
            old: ModuleVersion {
                path: old.into(),
                version: old_v.into(),
            },
            new: ModuleVersion {
                path: new.into(),
                version: new_v.into(),
            },
            pos: Position::default(),
        }
    }

    fn new() -> Release {
        Release::from_version("go1.27.3")
    }

    fn old() -> Release {
        Release::from_version("go1.21.13")
    }

    #[test]
    fn exact_version_wins_and_last_line_counts() {
        let r = Replacements::new(
            None,
            &[(
                PathBuf::from("/m"),
                vec![
                    rep("x.com/a", "", "x.com/b", "v1.0.0"),
                    rep("x.com/a", "v1.1.0", "x.com/c", "v1.0.0"),
                    rep("x.com/a", "v1.1.0", "x.com/d", "v1.0.0"),
                ],
            )],
        );
        let got = |v: &str| r.resolve("x.com/a", v, new()).unwrap().unwrap().path;
        assert_eq!(got("v1.1.0"), "x.com/d");
        assert_eq!(got("v1.2.0"), "x.com/b");
        assert_eq!(r.resolve("x.com/z", "v1.0.0", new()).unwrap(), None);
    }

    #[test]
    fn workspace_replacements() {
        let r = Replacements::new(
            Some((
                PathBuf::from("/ws"),
                vec![rep("x.com/a", "", "x.com/w", "v1.0.0")],
            )),
            &[
                (
                    PathBuf::from("/ws/m1"),
                    vec![
                        rep("x.com/a", "", "x.com/m", "v1.0.0"),
                        rep("x.com/d", "", "../dir", ""),
                        rep("x.com/e", "", "x.com/e1", "v1.0.0"),
                    ],
                ),
                (
                    PathBuf::from("/ws/m2"),
                    vec![rep("x.com/e", "", "x.com/e2", "v1.0.0")],
                ),
            ],
        );
        assert_eq!(
            r.resolve("x.com/a", "v1.0.0", new()).unwrap().unwrap().path,
            "x.com/w"
        );
        let d = r.resolve("x.com/d", "v1.0.0", new()).unwrap().unwrap();
        assert_eq!(
            (d.path.as_str(), d.dir),
            ("./dir", Some(PathBuf::from("/ws/dir")))
        );
        assert_eq!(
            r.resolve("x.com/d", "v1.0.0", old()).unwrap().unwrap().path,
            "dir"
        );
        assert!(
            r.resolve("x.com/e", "v1.0.0", new())
                .unwrap_err()
                .starts_with("conflicting replacements found for x.com/e@v1.0.0")
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/c")).as_deref(),
            Some("c")
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/x")).as_deref(),
            Some("../x")
        );
        assert_eq!(
            relative(Path::new("/a"), Path::new("/a")).as_deref(),
            Some(".")
        );
        assert_eq!(relative(Path::new("a"), Path::new("/a")), None);
        assert_eq!(to_directory_path("."), ".");
        assert_eq!(to_directory_path("dir"), "./dir");
        assert_eq!(to_directory_path("../dir"), "../dir");
    }
}
