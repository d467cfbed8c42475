//! The files of an extracted module directory as `dirhash.DirFiles` sees
//! them: `filepath.Walk` (Lstat, directories entered, symbolic links listed
//! as files and never entered), names with `/` separators.

use std::path::{Path, PathBuf};

/// The most files (and directories) one tree may hold before the walk stops
/// with an error, so that a hostile cache cannot exhaust memory.
pub const MAX_TREE_ENTRIES: usize = 1_000_000;
/// The deepest directory nesting walked.
pub const MAX_TREE_DEPTH: usize = 256;

/// One non-directory in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Relative name with `/` separators (raw bytes on Unix).
    pub rel: Vec<u8>,
    pub path: PathBuf,
}

/// Every non-directory under `dir`, or the first error (Go's wording where
/// it matters: `lstat <p>: ...`, `open <p>: ...`).
pub fn files(dir: &Path) -> Result<Vec<TreeFile>, String> {
    let meta = std::fs::symlink_metadata(dir)
        .map_err(|e| format!("lstat {}: {}", dir.display(), io_text(&e)))?;
    if !meta.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    let mut out = Vec::new();
    let mut count = 0usize;
    walk(dir, &mut Vec::new(), 0, &mut out, &mut count)?;
    Ok(out)
}

fn walk(
    dir: &Path,
    rel: &mut Vec<u8>,
    depth: usize,
    out: &mut Vec<TreeFile>,
    count: &mut usize,
) -> Result<(), String> {
    if depth > MAX_TREE_DEPTH {
        return Err(format!(
            "{}: directory nesting deeper than {MAX_TREE_DEPTH}",
            dir.display()
        ));
    }
    let read =
        std::fs::read_dir(dir).map_err(|e| format!("open {}: {}", dir.display(), io_text(&e)))?;
    let mut children = Vec::new();
    for entry in read {
        let entry = entry.map_err(|e| format!("readdirent {}: {}", dir.display(), io_text(&e)))?;
        *count += 1;
        if *count > MAX_TREE_ENTRIES {
            return Err(format!(
                "{}: more than {MAX_TREE_ENTRIES} files",
                dir.display()
            ));
        }
        children.push((name_bytes(&entry.file_name()), entry.path()));
    }
    children.sort();
    for (name, path) in children {
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|e| format!("lstat {}: {}", path.display(), io_text(&e)))?;
        let before = rel.len();
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(&name);
        if meta.is_dir() {
            walk(&path, rel, depth + 1, out, count)?;
        } else {
            out.push(TreeFile {
                rel: rel.clone(),
                path,
            });
        }
        rel.truncate(before);
    }
    Ok(())
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    std::os::unix::ffi::OsStrExt::as_bytes(name).to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

/// An I/O error in Go's words for the common cases.
pub fn io_text(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = error.to_string();
            match text.split_once(" (os error") {
                Some((head, _)) => head.to_lowercase(),
                None => text,
            }
        }
    }
}
