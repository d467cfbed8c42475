//! Finding every `go` (on PATH, in PATH order, then in well-known install
//! locations) and the facts about each, read without running it.

use crate::binary;
use crate::goroot::{infer_goroot, list_tools, tool_dir, tool_fact};
use crate::parallel::{parallel_map, worker_count};
use crate::textfile::{TEXT_FILE_CAP, read_first_line, read_text_file};
use gomedic_model::snapshot::{GoBinary, PathEntry};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// A `go` file found somewhere, before its facts are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub path_index: Option<usize>,
}

/// The `go` file in each PATH directory, in PATH order. Unix: a file named
/// `go` of any kind (broken links and files without an exec bit are kept, to
/// be reported). Windows: `go` + the first PATHEXT extension present.
pub fn go_on_path(entries: &[PathEntry], windows: bool, exts: &[String]) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if !entry.is_dir || entry.duplicate_of.is_some() {
            continue;
        }
        let Some(dir) = entry.resolved.as_deref().map(Path::new) else {
            continue;
        };
        let hit = if windows {
            exts.iter()
                .map(|e| dir.join(format!("go{e}")))
                .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
        } else {
            let p = dir.join("go");
            p.symlink_metadata().is_ok().then_some(p)
        };
        if let Some(path) = hit {
            found.push(Candidate {
                path,
                path_index: Some(index),
            });
        }
    }
    found
}

/// The `go` a shell would run, found from the raw PATH entries without
/// probing every entry (so that `go version` can start early). Agrees with
/// [`active_index`] over [`go_on_path`].
pub fn first_runnable_go(
    raw_entries: &[std::ffi::OsString],
    cwd: &Path,
    windows: bool,
    exts: &[String],
) -> Option<PathBuf> {
    raw_entries.iter().find_map(|raw| {
        let dir = crate::pathlist::resolve_entry(raw, cwd);
        let path = if windows {
            exts.iter()
                .map(|e| dir.join(format!("go{e}")))
                .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))?
        } else {
            dir.join("go")
        };
        (path.symlink_metadata().is_ok() && file_problem(&path).is_none()).then_some(path)
    })
}

/// A place where Go is often installed: `dir/rest`, or with `glob_prefix`,
/// `dir/<every entry starting with glob_prefix>/rest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub dir: PathBuf,
    pub glob_prefix: Option<&'static str>,
    pub rest: PathBuf,
}

fn at(dir: impl Into<PathBuf>, rest: &str) -> Location {
    Location {
        dir: dir.into(),
        glob_prefix: None,
        rest: PathBuf::from(rest),
    }
}

fn glob(dir: impl Into<PathBuf>, prefix: &'static str, rest: &str) -> Location {
    Location {
        dir: dir.into(),
        glob_prefix: Some(prefix),
        rest: PathBuf::from(rest),
    }
}

/// Well-known install locations of Go for `goos`, given the home directory
/// and the (process) environment.
pub fn well_known_locations(
    goos: &str,
    home: Option<&Path>,
    env: &BTreeMap<String, String>,
) -> Vec<Location> {
    let var = |k: &str| env.get(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut out = Vec::new();
    if goos == "windows" {
        let program_files =
            var("PROGRAMFILES").unwrap_or_else(|| PathBuf::from(r"C:\Program Files"));
        let program_data = var("PROGRAMDATA").unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        out.push(at(program_files.join("Go"), r"bin\go.exe"));
        out.push(at(r"C:\Go", r"bin\go.exe"));
        out.push(at(program_data.join("chocolatey"), r"bin\go.exe"));
        if let Some(scoop) = var("SCOOP").or_else(|| home.map(|h| h.join("scoop"))) {
            out.push(at(scoop.join("apps").join("go"), r"current\bin\go.exe"));
            out.push(at(scoop, r"shims\go.exe"));
        }
        if let Some(local) = var("LOCALAPPDATA") {
            out.push(glob(
                local.join("mise").join("installs").join("go"),
                "",
                r"bin\go.exe",
            ));
        }
        if let Some(home) = home {
            out.push(glob(home.join("sdk"), "go", r"bin\go.exe"));
            out.push(glob(
                home.join("go").join("pkg").join("mod").join("golang.org"),
                "toolchain@",
                r"bin\go.exe",
            ));
        }
        return out;
    }
    out.push(at("/usr/local/go", "bin/go"));
    if goos == "darwin" {
        out.push(at("/opt/homebrew", "bin/go"));
        out.push(at("/usr/local", "bin/go"));
        out.push(glob("/opt/homebrew/Cellar/go", "", "libexec/bin/go"));
    } else {
        out.push(at("/usr", "bin/go"));
        out.push(glob("/usr/lib", "go", "bin/go"));
        out.push(at("/snap", "bin/go"));
        out.push(at("/snap/go/current", "bin/go"));
        out.push(at("/opt/go", "bin/go"));
        out.push(at("/home/linuxbrew/.linuxbrew", "bin/go"));
    }
    if let Some(home) = home {
        out.push(glob(home.join("sdk"), "go", "bin/go"));
        out.push(at(home.join(".go"), "bin/go"));
        out.push(at(home.join(".local").join("go"), "bin/go"));
        let asdf = var("ASDF_DATA_DIR").unwrap_or_else(|| home.join(".asdf"));
        out.push(glob(asdf.join("installs").join("golang"), "", "go/bin/go"));
        let data_home = var("XDG_DATA_HOME").unwrap_or_else(|| home.join(".local").join("share"));
        let mise = var("MISE_DATA_DIR").unwrap_or_else(|| data_home.join("mise"));
        out.push(glob(mise.join("installs").join("go"), "", "bin/go"));
        let goenv = var("GOENV_ROOT").unwrap_or_else(|| home.join(".goenv"));
        out.push(glob(goenv.join("versions"), "", "bin/go"));
        let gvm = var("GVM_ROOT").unwrap_or_else(|| home.join(".gvm"));
        out.push(glob(gvm.join("gos"), "", "bin/go"));
    }
    // Toolchains downloaded by GOTOOLCHAIN switching live in the module cache.
    let modcache = var("GOMODCACHE")
        .or_else(|| {
            let gopath = env
                .get("GOPATH")
                .and_then(|p| p.split(':').next().map(str::to_string));
            gopath
                .filter(|p| !p.is_empty())
                .map(|p| Path::new(&p).join("pkg").join("mod"))
        })
        .or_else(|| home.map(|h| h.join("go").join("pkg").join("mod")));
    if let Some(modcache) = modcache {
        out.push(glob(modcache.join("golang.org"), "toolchain@", "bin/go"));
    }
    out
}

/// The existing files the locations name, in order.
pub fn expand_locations(locations: &[Location]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for loc in locations {
        match loc.glob_prefix {
            None => out.push(loc.dir.join(&loc.rest)),
            Some(prefix) => {
                let Ok(read) = std::fs::read_dir(&loc.dir) else {
                    continue;
                };
                let mut names: Vec<_> = read
                    .flatten()
                    .map(|e| e.file_name())
                    .filter(|n| n.to_string_lossy().starts_with(prefix))
                    .collect();
                names.sort();
                out.extend(
                    names
                        .into_iter()
                        .take(256)
                        .map(|n| loc.dir.join(n).join(&loc.rest)),
                );
            }
        }
    }
    out.retain(|p| p.symlink_metadata().is_ok());
    out
}

/// Off-PATH installs that are not the same file as any `go` already found.
pub fn off_path_candidates(on_path: &[Candidate], locations: &[PathBuf]) -> Vec<Candidate> {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for c in on_path {
        seen.insert(c.path.clone());
        if let Ok(real) = std::fs::canonicalize(&c.path) {
            seen.insert(real);
        }
    }
    let mut out = Vec::new();
    for path in locations {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if seen.insert(real) && seen.insert(path.clone()) {
            out.push(Candidate {
                path: path.clone(),
                path_index: None,
            });
        }
    }
    out
}

/// Why a `go` file cannot be run, found without running it.
pub fn file_problem(path: &Path) -> Option<String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            let is_link = path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink());
            return Some(match (is_link, std::fs::read_link(path)) {
                (true, Ok(target)) if e.kind() == std::io::ErrorKind::NotFound => {
                    format!("broken symbolic link to {}", target.display())
                }
                (true, _) => format!("unresolvable symbolic link: {e}"),
                _ => e.to_string(),
            });
        }
    };
    if meta.is_dir() {
        return Some("not a regular file: it is a directory".to_string());
    }
    if !meta.is_file() {
        return Some("not a regular file".to_string());
    }
    unix_exec_problem(path, &meta)
}

#[cfg(unix)]
fn unix_exec_problem(path: &Path, meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode();
    if mode & 0o111 == 0 {
        return Some(format!("no execute permission (mode {:o})", mode & 0o7777));
    }
    rustix::fs::access(path, rustix::fs::Access::EXEC_OK)
        .err()
        .map(|e| {
            format!(
                "not executable by the current user: {}",
                std::io::Error::from(e)
            )
        })
}

#[cfg(not(unix))]
fn unix_exec_problem(_path: &Path, _meta: &std::fs::Metadata) -> Option<String> {
    None
}

/// Every fact about one `go` file except the run.
pub fn binary_facts(candidate: &Candidate, host_os: &str, host_arch: &str) -> GoBinary {
    let path = &candidate.path;
    let real = std::fs::canonicalize(path).ok();
    let mut go = GoBinary {
        path: path.to_string_lossy().into_owned(),
        path_index: candidate.path_index,
        real_path: real.as_ref().map(|p| p.to_string_lossy().into_owned()),
        file_problem: file_problem(path),
        ..GoBinary::default()
    };
    if real.is_some() && std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        go.executable = binary::read_executable_kind(path);
        match binary::read_build_info(path) {
            Ok(info) => go.build_info = Some(info),
            Err(e) => go.build_info_error = Some(e),
        }
    }
    let Some(goroot) = infer_goroot(path, real.as_deref(), host_os) else {
        return go;
    };
    go.inferred_goroot = Some(goroot.to_string_lossy().into_owned());
    go.root_version = read_first_line(&goroot.join("VERSION"));
    go.goroot_env_file = Some(read_text_file(&goroot.join("go.env"), TEXT_FILE_CAP));
    let kind = go.executable.as_ref();
    let goos = kind.and_then(|k| k.goos.as_deref()).unwrap_or(host_os);
    let goarch = kind.and_then(|k| k.goarch.as_deref()).unwrap_or(host_arch);
    if let Ok(tools) = list_tools(&tool_dir(&goroot, goos, goarch)) {
        go.tools = parallel_map(&tools, worker_count(), |(name, tool)| {
            tool_fact(
                name,
                tool,
                binary::read_build_info(tool)
                    .ok()
                    .map(|b| b.go_version)
                    .filter(|v| !v.is_empty()),
            )
        });
    }
    go
}

/// The `go` a shell would run: the first on PATH that is an executable file.
pub fn active_index(binaries: &[GoBinary]) -> Option<usize> {
    binaries
        .iter()
        .position(|g| g.path_index.is_some() && g.file_problem.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(locations: &[Location]) -> Vec<String> {
        locations
            .iter()
            .map(|l| match l.glob_prefix {
                Some(p) => format!("{}/{p}*/{}", l.dir.display(), l.rest.display()),
                None => l.dir.join(&l.rest).display().to_string(),
            })
            .collect()
    }

    #[test]
    fn locations_per_os() {
        let env: BTreeMap<String, String> =
            [("GOPATH".to_string(), "/gp:/other".to_string())].into();
        let linux = spelled(&well_known_locations("linux", Some(Path::new("/h")), &env));
        assert!(linux.contains(&"/usr/local/go/bin/go".to_string()));
        assert!(linux.contains(&"/usr/lib/go*/bin/go".to_string()));
        assert!(linux.contains(&"/h/sdk/go*/bin/go".to_string()));
        assert!(linux.contains(&"/h/.asdf/installs/golang/*/go/bin/go".to_string()));
        assert!(linux.contains(&"/gp/pkg/mod/golang.org/toolchain@*/bin/go".to_string()));
        let mac = spelled(&well_known_locations("darwin", None, &BTreeMap::new()));
        assert!(mac.contains(&"/opt/homebrew/bin/go".to_string()));
        assert!(!mac.iter().any(|l| l.starts_with("/snap")));
        let win = well_known_locations("windows", Some(Path::new("U")), &BTreeMap::new());
        assert!(win.iter().any(|l| l.dir.to_string_lossy().ends_with("Go")
            && l.rest.to_string_lossy() == r"bin\go.exe"));
        assert!(
            win.iter()
                .all(|l| l.rest.to_string_lossy().ends_with("go.exe"))
        );
    }
}
