//! Looking a program up on PATH the way Go's `exec.LookPath` does.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Windows `PATHEXT` as Go reads it: lower-cased, empty entries skipped, a
/// missing leading dot added, `.com;.exe;.bat;.cmd` when unset or empty.
pub fn path_extensions(pathext: Option<&str>) -> Vec<String> {
    let pathext = pathext.unwrap_or("");
    if pathext.is_empty() {
        return [".com", ".exe", ".bat", ".cmd"]
            .iter()
            .map(|e| e.to_string())
            .collect();
    }
    pathext
        .split(';')
        .filter(|e| !e.is_empty())
        .map(|e| {
            let e = e.to_lowercase();
            if e.starts_with('.') {
                e
            } else {
                format!(".{e}")
            }
        })
        .collect()
}

/// Whether `path` can be executed by the current user (Go's `findExecutable`
/// on Unix: a non-directory with an execute bit that access(2) accepts).
#[cfg(unix)]
pub fn is_executable_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(meta) => {
            !meta.is_dir()
                && meta.permissions().mode() & 0o111 != 0
                && rustix::fs::access(path, rustix::fs::Access::EXEC_OK).is_ok()
        }
        Err(_) => false,
    }
}

/// Go's `chkStat` on Windows: exists and is not a directory.
#[cfg(not(unix))]
pub fn is_executable_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
}

/// The file `name` would resolve to inside `dir`, if any (Windows: tries each
/// extension of `exts`; a name that already has an extension is tried as is first).
pub fn find_in_dir(dir: &Path, name: &str, exts: &[String]) -> Option<PathBuf> {
    let base = dir.join(name);
    if cfg!(windows) {
        if Path::new(name).extension().is_some() && is_executable_file(&base) {
            return Some(base);
        }
        return exts
            .iter()
            .map(|e| dir.join(format!("{name}{e}")))
            .find(|p| is_executable_file(p));
    }
    is_executable_file(&base).then_some(base)
}

/// `exec.LookPath(name)` over already-split PATH entries. A name with a path
/// separator is checked directly. A result found through a relative entry is
/// refused (Go 1.19+ `ErrDot`), so it is `None`.
pub fn look_path(
    name: &str,
    path_entries: &[std::ffi::OsString],
    cwd: &Path,
    exts: &[String],
) -> Option<PathBuf> {
    if name.is_empty() {
        return None;
    }
    let has_separator =
        name.contains('/') || (cfg!(windows) && (name.contains('\\') || name.contains(':')));
    if has_separator {
        let candidate = cwd.join(name);
        return if cfg!(windows) {
            find_in_dir(
                candidate.parent()?,
                &candidate.file_name()?.to_string_lossy(),
                exts,
            )
        } else {
            is_executable_file(&candidate).then(|| PathBuf::from(name))
        };
    }
    for entry in path_entries {
        let dir: &OsStr = if entry.is_empty() {
            OsStr::new(".")
        } else {
            entry
        };
        let dir = Path::new(dir);
        let Some(found) = find_in_dir(&cwd.join(dir), name, exts) else {
            continue;
        };
        if !dir.is_absolute() {
            return None;
        }
        return Some(dir.join(found.file_name()?));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pathext_like_go() {
        assert_eq!(path_extensions(None), vec![".com", ".exe", ".bat", ".cmd"]);
        assert_eq!(
            path_extensions(Some("")),
            vec![".com", ".exe", ".bat", ".cmd"]
        );
        assert_eq!(
            path_extensions(Some(".EXE;cmd;;.Ps1")),
            vec![".exe", ".cmd", ".ps1"]
        );
        assert_eq!(path_extensions(Some(";")), Vec::<String>::new());
    }
}
