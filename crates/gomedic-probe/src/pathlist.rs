//! PATH: split as Go splits it (`filepath.SplitList`) and the facts about each
//! entry (exists, is a directory, duplicates, why unreadable).

use crate::parallel::{parallel_map, worker_count};
use gomedic_model::snapshot::PathEntry;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Component, Path, PathBuf};

/// `filepath.SplitList` of a Unix system: `:`-separated, an empty string is
/// an empty list, empty entries are kept.
pub fn split_list_unix(value: &[u8]) -> Vec<&[u8]> {
    if value.is_empty() {
        return Vec::new();
    }
    value.split(|b| *b == b':').collect()
}

/// `filepath.SplitList` of Windows: `;`-separated except inside double
/// quotes, then every `"` removed. An empty string is an empty list.
pub fn split_list_windows(value: &str) -> Vec<String> {
    gomedic_go::env::paths::Flavor::Windows.split_list(value)
}

/// The PATH value split for this host, as OS strings.
pub fn split_host_path(value: &OsStr) -> Vec<OsString> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        split_list_unix(value.as_bytes())
            .into_iter()
            .map(|e| OsString::from_vec(e.to_vec()))
            .collect()
    }
    #[cfg(not(unix))]
    {
        split_list_windows(&value.to_string_lossy())
            .into_iter()
            .map(OsString::from)
            .collect()
    }
}

/// Lexical `filepath.Clean` of an absolute or relative path (no file system access).
pub fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if depth > 0 {
                    out.pop();
                    depth -= 1;
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            Component::Normal(part) => {
                out.push(part);
                depth += 1;
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A PATH entry as the lookup uses it: empty means the current directory on
/// Unix; relative entries are made absolute against `cwd` and cleaned.
pub fn resolve_entry(raw: &OsStr, cwd: &Path) -> PathBuf {
    let dir = if raw.is_empty() {
        Path::new(".")
    } else {
        Path::new(raw)
    };
    clean(&cwd.join(dir))
}

/// What identifies a directory for duplicate detection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum DirIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Canonical(PathBuf),
}

struct EntryProbe {
    entry: PathEntry,
    identity: Option<DirIdentity>,
}

fn probe_entry(raw: &OsStr, cwd: &Path) -> EntryProbe {
    let resolved = resolve_entry(raw, cwd);
    let mut entry = PathEntry {
        raw: raw.to_string_lossy().into_owned(),
        resolved: Some(resolved.to_string_lossy().into_owned()),
        ..PathEntry::default()
    };
    let mut identity = None;
    match std::fs::metadata(&resolved) {
        Ok(meta) => {
            entry.exists = true;
            entry.is_dir = meta.is_dir();
            if meta.is_dir() {
                identity = dir_identity(&resolved, &meta);
                if let Err(why) = searchable(&resolved) {
                    entry.error = Some(why);
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling symlink is "missing" too, but say so.
            if resolved.symlink_metadata().is_ok() {
                entry.error = Some("broken symbolic link".to_string());
            }
        }
        Err(e) => {
            entry.exists = resolved.symlink_metadata().is_ok();
            entry.error = Some(e.to_string());
        }
    }
    EntryProbe { entry, identity }
}

#[cfg(unix)]
fn dir_identity(_path: &Path, meta: &std::fs::Metadata) -> Option<DirIdentity> {
    use std::os::unix::fs::MetadataExt;
    Some(DirIdentity::Inode(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_identity(path: &Path, _meta: &std::fs::Metadata) -> Option<DirIdentity> {
    std::fs::canonicalize(path).ok().map(DirIdentity::Canonical)
}

/// Whether the current user may look names up in `dir` (search permission).
#[cfg(unix)]
fn searchable(dir: &Path) -> Result<(), String> {
    rustix::fs::access(dir, rustix::fs::Access::EXEC_OK)
        .map_err(|e| format!("cannot search directory: {}", std::io::Error::from(e)))
}

#[cfg(not(unix))]
fn searchable(_dir: &Path) -> Result<(), String> {
    Ok(())
}

/// The facts of every PATH entry, in order, with duplicates marked.
pub fn probe_path_entries(raw_entries: &[OsString], cwd: &Path) -> Vec<PathEntry> {
    // Identical spellings are probed once.
    let mut first_by_raw: HashMap<&OsStr, usize> = HashMap::new();
    let mut unique: Vec<&OsStr> = Vec::new();
    let slot: Vec<usize> = raw_entries
        .iter()
        .map(|raw| {
            *first_by_raw.entry(raw.as_os_str()).or_insert_with(|| {
                unique.push(raw.as_os_str());
                unique.len() - 1
            })
        })
        .collect();
    let probes = parallel_map(&unique, worker_count(), |raw| probe_entry(raw, cwd));
    let mut first_by_identity: HashMap<&DirIdentity, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(raw_entries.len());
    for (index, &u) in slot.iter().enumerate() {
        let probe = &probes[u];
        let mut entry = probe.entry.clone();
        if let Some(id) = &probe.identity {
            let first = *first_by_identity.entry(id).or_insert(index);
            if first != index {
                entry.duplicate_of = Some(first);
            }
        }
        entries.push(entry);
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_split_like_go() {
        assert!(split_list_unix(b"").is_empty());
        assert_eq!(split_list_unix(b"a::b:"), vec![&b"a"[..], b"", b"b", b""]);
        assert_eq!(split_list_unix(b":"), vec![&b""[..], b""]);
    }

    #[test]
    fn windows_split_like_go() {
        assert!(split_list_windows("").is_empty());
        assert_eq!(split_list_windows(r"C:\a;C:\b"), vec![r"C:\a", r"C:\b"]);
        assert_eq!(
            split_list_windows(r#""C:\x;y";C:\z"#),
            vec![r"C:\x;y", r"C:\z"]
        );
        assert_eq!(split_list_windows(r#"a"b"c;"#), vec!["abc", ""]);
        assert_eq!(
            split_list_windows(r#""unterminated;x"#),
            vec!["unterminated;x"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn clean_like_go() {
        assert_eq!(clean(Path::new("/a/./b/../c//d/")), PathBuf::from("/a/c/d"));
        assert_eq!(clean(Path::new("/../x")), PathBuf::from("/x"));
        assert_eq!(clean(Path::new("a/../../b")), PathBuf::from("../b"));
        assert_eq!(
            resolve_entry(OsStr::new(""), Path::new("/w")),
            PathBuf::from("/w")
        );
        assert_eq!(
            resolve_entry(OsStr::new("bin/../sbin"), Path::new("/w")),
            PathBuf::from("/w/sbin")
        );
    }
}
