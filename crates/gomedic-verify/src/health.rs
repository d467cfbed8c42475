//! The module cache's own health, read-only (`lstat`, `read_dir`, reading a
//! `.ziphash`): states the go command leaves behind or repairs silently.
//!
//! What the go command does with each (Go 1.21–1.27, checked with the real go):
//! - `.partial` beside a version: an interrupted download/extraction. The
//!   directory counts as absent; go re-extracts from the zip (offline too) or
//!   re-downloads (fails with `GOPROXY=off`); `go mod verify` does not notice.
//! - zip or directory without `.ziphash`: the directory counts as absent
//!   (re-extracted on next use); `go mod verify` fails with `missing ziphash`.
//! - `.ziphash` that is not an `h1:` value: go rehashes the zip; `go mod
//!   verify` reports the module as modified.
//! - extracted directory whose zip is gone: builds work (they trust
//!   `.ziphash`); `go mod verify` can only check the directory.
//! - writable files/directories: go extracts read-only unless `-modcacherw`;
//!   writable ones can be edited in place by tools and editors, unnoticed until
//!   `go mod verify`.
//! - `.lock` files: go creates one per version and never removes it, so a
//!   lock file alone is normal and not reported.
//! - `golang.org/toolchain@…`: toolchains downloaded by toolchain switching.

use crate::layout::{CachedModule, ModCache};
use gomedic_go::dirhash;
use gomedic_model::integrity::{CacheIssue, CacheIssueKind};
use rayon::prelude::*;
use std::io::Read;
use std::path::Path;

/// How many writable entries are named in a finding's detail.
const NAMED_WRITABLE: usize = 3;
/// The most entries visited when looking for writable files in one module.
const MAX_WALK: usize = 200_000;

/// How thoroughly writable files are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only the module's root directory (cheap; used by `gomedic check`).
    Root,
    /// Every file and directory (used by `gomedic verify`).
    Tree,
}

fn exists(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    }
}

fn issue(kind: CacheIssueKind, m: &CachedModule, path: &Path, detail: String) -> CacheIssue {
    CacheIssue {
        kind,
        module: m.prefix.clone(),
        path: path.display().to_string(),
        detail,
    }
}

/// The health issues of one module version.
pub fn module_health(cache: &ModCache, path: &str, version: &str, depth: Depth) -> Vec<CacheIssue> {
    let Ok(m) = cache.module(path, version) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let zip = exists(&m.zip);
    let ziphash = exists(&m.ziphash);
    let partial = exists(&m.partial);
    let dir_meta = std::fs::symlink_metadata(&m.dir).ok();
    let dir = dir_meta.as_ref().is_some_and(|d| d.is_dir());
    if path == "golang.org/toolchain" && (zip || dir) {
        out.push(issue(
            CacheIssueKind::Toolchain,
            &m,
            &m.dir,
            "downloaded by toolchain switching (GOTOOLCHAIN)".to_string(),
        ));
    }
    if partial {
        let mut present = Vec::new();
        if zip {
            present.push("zip present: go re-extracts it");
        } else {
            present.push("no zip: go must download again (fails offline)");
        }
        if dir {
            present.push("extracted directory incomplete or stale");
        }
        if exists(&m.lock) {
            present.push(".lock left beside it");
        }
        out.push(issue(
            CacheIssueKind::Partial,
            &m,
            &m.partial,
            present.join("; "),
        ));
    }
    if (zip || dir) && !ziphash {
        let what = match (zip, dir) {
            (true, true) => "zip and extracted directory",
            (true, false) => "zip",
            _ => "extracted directory",
        };
        out.push(issue(
            CacheIssueKind::MissingZiphash,
            &m,
            &m.ziphash,
            format!("{what} present without .ziphash"),
        ));
    }
    if ziphash {
        match read_small(&m.ziphash) {
            Ok(data) => {
                let value = dirhash::ziphash_value(&data);
                if !dirhash::is_h1(&value) {
                    out.push(issue(
                        CacheIssueKind::BadZiphash,
                        &m,
                        &m.ziphash,
                        format!("content {:?} is not an h1: hash", truncate(&value, 60)),
                    ));
                }
            }
            Err(e) => out.push(issue(
                CacheIssueKind::Unreadable,
                &m,
                &m.ziphash,
                crate::tree::io_text(&e),
            )),
        }
    }
    if dir && !zip && ziphash && !partial {
        out.push(issue(
            CacheIssueKind::DirWithoutZip,
            &m,
            &m.dir,
            "extracted directory without its zip".to_string(),
        ));
    }
    if dir {
        match writable_entries(&m.dir, depth) {
            Ok((count, named)) if count > 0 => out.push(issue(
                CacheIssueKind::Writable,
                &m,
                &m.dir,
                format!("{count} writable (e.g. {})", named.join(", ")),
            )),
            Ok(_) => {}
            Err(e) => out.push(issue(CacheIssueKind::Unreadable, &m, &m.dir, e)),
        }
    }
    out
}

/// Every module version in the cache, checked in parallel.
pub fn scan_all(cache: &ModCache, depth: Depth) -> Vec<CacheIssue> {
    let modules = cache.list_all();
    scan(cache, &modules, depth)
}

/// The given module versions, checked in parallel (results in input order).
pub fn scan(cache: &ModCache, modules: &[(String, String)], depth: Depth) -> Vec<CacheIssue> {
    modules
        .par_iter()
        .flat_map_iter(|(p, v)| module_health(cache, p, v, depth))
        .collect()
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    std::fs::File::open(path)?
        .take(64 * 1024)
        .read_to_end(&mut data)?;
    Ok(data)
}

/// Counts writable entries (symlinks not followed) and names a few.
fn writable_entries(dir: &Path, depth: Depth) -> Result<(usize, Vec<String>), String> {
    let mut count = 0usize;
    let mut named = Vec::new();
    let mut visited = 0usize;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let meta = std::fs::symlink_metadata(&current)
            .map_err(|e| format!("lstat {}: {}", current.display(), crate::tree::io_text(&e)))?;
        visited += 1;
        if visited > MAX_WALK {
            break;
        }
        if !meta.file_type().is_symlink() && !meta.permissions().readonly() {
            count += 1;
            if named.len() < NAMED_WRITABLE {
                let rel = current.strip_prefix(dir).unwrap_or(&current);
                named.push(if rel.as_os_str().is_empty() {
                    ".".to_string()
                } else {
                    rel.display().to_string()
                });
            }
        }
        if meta.is_dir() && (depth == Depth::Tree || current == dir) {
            if depth == Depth::Root {
                continue;
            }
            let read = std::fs::read_dir(&current)
                .map_err(|e| format!("open {}: {}", current.display(), crate::tree::io_text(&e)))?;
            for entry in read {
                let entry = entry.map_err(|e| format!("read {}: {e}", current.display()))?;
                stack.push(entry.path());
            }
        }
    }
    Ok((count, named))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(issues: &[CacheIssue]) -> Vec<CacheIssueKind> {
        issues.iter().map(|i| i.kind).collect()
    }

    #[test]
    fn states_of_a_cache_entry() {
        let root = tempfile::tempdir().unwrap();
        let cache = ModCache::new(root.path());
        let m = cache.module("example.com/a", "v1.0.0").unwrap();
        assert!(module_health(&cache, "example.com/a", "v1.0.0", Depth::Tree).is_empty());
        std::fs::create_dir_all(m.zip.parent().unwrap()).unwrap();
        std::fs::write(&m.zip, b"zip").unwrap();
        std::fs::write(&m.lock, b"").unwrap();
        assert_eq!(
            kinds(&module_health(
                &cache,
                "example.com/a",
                "v1.0.0",
                Depth::Tree
            )),
            [CacheIssueKind::MissingZiphash]
        );
        std::fs::write(&m.ziphash, b"garbage").unwrap();
        std::fs::write(&m.partial, b"").unwrap();
        assert_eq!(
            kinds(&module_health(
                &cache,
                "example.com/a",
                "v1.0.0",
                Depth::Tree
            )),
            [CacheIssueKind::Partial, CacheIssueKind::BadZiphash]
        );
        std::fs::remove_file(&m.partial).unwrap();
        std::fs::remove_file(&m.zip).unwrap();
        std::fs::write(&m.ziphash, dirhash::EMPTY_GO_MOD_HASH).unwrap();
        std::fs::create_dir_all(m.dir.join("sub")).unwrap();
        std::fs::write(m.dir.join("sub/f.go"), b"package sub").unwrap();
        let issues = module_health(&cache, "example.com/a", "v1.0.0", Depth::Tree);
        assert_eq!(
            kinds(&issues),
            [CacheIssueKind::DirWithoutZip, CacheIssueKind::Writable]
        );
        assert!(issues[1].detail.starts_with("3 writable"), "{issues:?}");
        let root_only = module_health(&cache, "example.com/a", "v1.0.0", Depth::Root);
        assert!(
            root_only[1].detail.starts_with("1 writable"),
            "{root_only:?}"
        );
    }
}
