//! The module cache layout (`cmd/go/internal/modfetch/cache.go`):
//! `<GOMODCACHE>/cache/download/<escaped path>/@v/<escaped version>.{info,mod,zip,ziphash,lock,partial}`
//! and the extracted tree `<GOMODCACHE>/<escaped path>@<escaped version>/`.

use gomedic_go::module::{escape_path, escape_version, unescape_path, unescape_version};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A module cache (GOMODCACHE).
#[derive(Debug, Clone)]
pub struct ModCache {
    pub root: PathBuf,
}

/// Where the go command keeps one module version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CachedModule {
    pub path: String,
    pub version: String,
    /// `<path>@<version>`, the prefix of every name in the zip and the dir hash.
    pub prefix: String,
    pub zip: PathBuf,
    pub ziphash: PathBuf,
    pub mod_file: PathBuf,
    pub partial: PathBuf,
    pub lock: PathBuf,
    pub dir: PathBuf,
}

impl ModCache {
    pub fn new(root: impl Into<PathBuf>) -> ModCache {
        ModCache { root: root.into() }
    }

    /// The download directory `cache/download`.
    pub fn download_root(&self) -> PathBuf {
        self.root.join("cache").join("download")
    }

    /// The files of `path@version`, or why its name cannot be in a cache
    /// (Go's escaping error).
    pub fn module(&self, path: &str, version: &str) -> Result<CachedModule, String> {
        let escaped_path = escape_path(path)?;
        let escaped_version = escape_version(version)?;
        let v_dir = join_slash(&self.download_root(), &escaped_path).join("@v");
        let file = |ext: &str| v_dir.join(format!("{escaped_version}.{ext}"));
        Ok(CachedModule {
            path: path.to_string(),
            version: version.to_string(),
            prefix: format!("{path}@{version}"),
            zip: file("zip"),
            ziphash: file("ziphash"),
            mod_file: file("mod"),
            partial: file("partial"),
            lock: file("lock"),
            dir: join_slash(&self.root, &format!("{escaped_path}@{escaped_version}")),
        })
    }

    /// Every module version the cache holds something of (a zip, a
    /// `.ziphash`, a `.partial` or an extracted directory), sorted, without
    /// duplicates. Toolchain modules (`golang.org/toolchain`) included.
    pub fn list_all(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let download = self.download_root();
        walk_version_dirs(&download, &download, 0, &mut |escaped_path, v_dir| {
            let Ok(read) = std::fs::read_dir(v_dir) else {
                return;
            };
            for entry in read.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                let stem = [".zip", ".ziphash", ".partial"]
                    .iter()
                    .find_map(|ext| name.strip_suffix(ext));
                if let Some(stem) = stem
                    && let (Ok(p), Ok(v)) = (unescape_path(escaped_path), unescape_version(stem))
                {
                    found.push((p, v));
                }
            }
        });
        walk_extracted(&self.root, &self.root, 0, &mut found);
        found.sort();
        found.dedup();
        found
    }
}

/// Joins a slash-separated relative path onto a directory.
fn join_slash(base: &Path, rel: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    for part in rel.split('/') {
        out.push(part);
    }
    out
}

const MAX_DEPTH: usize = 32;

/// Calls `found(escaped module path, @v dir)` for every `@v` directory.
fn walk_version_dirs(root: &Path, dir: &Path, depth: usize, found: &mut dyn FnMut(&str, &Path)) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if entry.file_name() == "@v" {
            if let Some(rel) = relative_slash(root, dir) {
                found(&rel, &path);
            }
        } else if entry.file_name() != "sumdb" || depth > 0 {
            walk_version_dirs(root, &path, depth + 1, found);
        }
    }
}

/// Finds extracted module directories (`<escaped path>@<escaped version>`).
fn walk_extracted(root: &Path, dir: &Path, depth: usize, found: &mut Vec<(String, String)>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if depth == 0 && entry.file_name() == "cache" {
            continue;
        }
        let path = entry.path();
        let Some(rel) = relative_slash(root, &path) else {
            continue;
        };
        match rel.rsplit_once('@') {
            Some((p, v)) if !p.contains('@') => {
                if let (Ok(p), Ok(v)) = (unescape_path(p), unescape_version(v)) {
                    found.push((p, v));
                }
            }
            Some(_) => {}
            None => walk_extracted(root, &path, depth + 1, found),
        }
    }
}

/// `path` relative to `root`, with `/` separators, when it is valid UTF-8.
pub fn relative_slash(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}
