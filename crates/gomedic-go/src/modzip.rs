//! Module zip rules: what `golang.org/x/mod/zip.CheckZip` (the validation
//! `Unzip` performs, so what the go command accepts into its cache) says
//! about a zip's central directory. Pure: the caller lists the entries.

use crate::module::{self, PathKind, go_quote, go_quote_bytes};
use std::collections::HashMap;

/// `zip.MaxZipFile`: the largest module zip (also the largest total
/// uncompressed size), 500 MiB.
pub const MAX_ZIP_FILE: u64 = 500 << 20;
/// `zip.MaxGoMod`: the largest go.mod, 16 MiB.
pub const MAX_GO_MOD: u64 = 16 << 20;
/// `zip.MaxLICENSE`: the largest LICENSE, 16 MiB.
pub const MAX_LICENSE: u64 = 16 << 20;

/// One central-directory entry: its raw name and declared uncompressed size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInfo {
    pub name: Vec<u8>,
    pub uncompressed_size: u64,
}

/// An invalid entry and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEntry {
    /// The full entry name (raw bytes).
    pub name: Vec<u8>,
    pub error: String,
}

/// `zip.CheckedFiles` for a zip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedZip {
    /// Full names of the entries the go command extracts.
    pub valid: Vec<Vec<u8>>,
    pub invalid: Vec<InvalidEntry>,
    /// The total-size error, which takes precedence in [`CheckedZip::error`].
    pub size_error: Option<String>,
}

impl CheckedZip {
    /// `CheckedFiles.Err()`: the size error, else every invalid entry as
    /// `<name>: <error>` joined by newlines; `None` when the zip is fine.
    pub fn error(&self) -> Option<String> {
        if let Some(size) = &self.size_error {
            return Some(size.clone());
        }
        if self.invalid.is_empty() {
            return None;
        }
        let lines: Vec<String> = self
            .invalid
            .iter()
            .map(|e| format!("{}: {}", String::from_utf8_lossy(&e.name), e.error))
            .collect();
        Some(lines.join("\n"))
    }
}

/// Errors about the module or the file as a whole (before any entry is read).
pub fn check_module(path: &str, version: &str, zip_size: u64) -> Result<(), String> {
    let canonical = module::canonical_version(version);
    if version != canonical {
        return Err(format!(
            "version {} is not canonical (should be {})",
            go_quote(version),
            go_quote(&canonical)
        ));
    }
    module::check(path, version).map_err(|e| e.to_string())?;
    if zip_size > MAX_ZIP_FILE {
        return Err(format!(
            "module zip file is too large ({zip_size} bytes; limit is {MAX_ZIP_FILE} bytes)"
        ));
    }
    Ok(())
}

/// `zip.CheckZip` over the entries, in central-directory order.
pub fn check_entries(path: &str, version: &str, entries: &[EntryInfo]) -> CheckedZip {
    let prefix = format!("{path}@{version}/");
    let mut checked = CheckedZip::default();
    let mut collisions = CollisionChecker::default();
    let mut total: u64 = 0;
    for entry in entries {
        let invalid = |error: String| InvalidEntry {
            name: entry.name.clone(),
            error,
        };
        let Some(rest) = entry.name.strip_prefix(prefix.as_bytes()) else {
            checked.invalid.push(invalid(format!(
                "path does not have prefix {}",
                go_quote(&prefix)
            )));
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let (name, is_dir) = match rest.strip_suffix(b"/") {
            Some(dir) => (dir, true),
            None => (rest, false),
        };
        if clean(name) != name {
            checked
                .invalid
                .push(invalid("file path is not clean".into()));
            continue;
        }
        if let Err(e) = module::check_path_bytes(PathKind::File, name) {
            checked.invalid.push(invalid(e.to_string()));
            continue;
        }
        if let Err(e) = collisions.check(name, is_dir) {
            checked.invalid.push(invalid(e));
            continue;
        }
        if is_dir {
            continue;
        }
        let base = name.rsplit(|b| *b == b'/').next().unwrap_or(name);
        if base.eq_ignore_ascii_case(b"go.mod") {
            if base.len() != name.len() {
                checked
                    .invalid
                    .push(invalid("go.mod file not in module root directory".into()));
                continue;
            }
            if name != b"go.mod" {
                checked
                    .invalid
                    .push(invalid("go.mod files must have lowercase names".into()));
                continue;
            }
        }
        let size = entry.uncompressed_size;
        if size <= MAX_ZIP_FILE && MAX_ZIP_FILE - size >= total {
            total += size;
        } else if checked.size_error.is_none() {
            checked.size_error = Some(format!(
                "total uncompressed size of module contents too large (max size is {MAX_ZIP_FILE} bytes)"
            ));
        }
        if name == b"go.mod" && size > MAX_GO_MOD {
            checked.invalid.push(invalid(format!(
                "go.mod file too large (max size is {MAX_GO_MOD} bytes)"
            )));
            continue;
        }
        if name == b"LICENSE" && size > MAX_LICENSE {
            checked.invalid.push(invalid(format!(
                "LICENSE file too large (max size is {MAX_LICENSE} bytes)"
            )));
            continue;
        }
        checked.valid.push(entry.name.clone());
    }
    checked
}

/// `path.Clean` for a relative slash-separated path.
pub fn clean(name: &[u8]) -> Vec<u8> {
    let rooted = name.first() == Some(&b'/');
    let mut parts: Vec<&[u8]> = Vec::new();
    for element in name.split(|b| *b == b'/') {
        match element {
            b"" | b"." => {}
            b".." => {
                if parts.last().is_some_and(|p| *p != b"..") {
                    parts.pop();
                } else if !rooted {
                    parts.push(element);
                }
            }
            _ => parts.push(element),
        }
    }
    let mut out = Vec::with_capacity(name.len());
    if rooted {
        out.push(b'/');
    }
    out.extend_from_slice(&parts.join(&b'/'));
    if out.is_empty() {
        out.push(b'.');
    }
    out
}

/// Case-insensitive collision detection (`zip.collisionChecker`).
#[derive(Default)]
struct CollisionChecker {
    seen: HashMap<Vec<u8>, (Vec<u8>, bool)>,
}

impl CollisionChecker {
    fn check(&mut self, name: &[u8], is_dir: bool) -> Result<(), String> {
        let key = fold(name);
        if let Some((other, other_dir)) = self.seen.get(&key) {
            if other.as_slice() != name {
                return Err(format!(
                    "case-insensitive file name collision: {} and {}",
                    go_quote_bytes(other),
                    go_quote_bytes(name)
                ));
            }
            if *other_dir != is_dir {
                return Err(format!(
                    "entry {} is both a file and a directory",
                    go_quote_bytes(name)
                ));
            }
            if !is_dir {
                return Err(format!(
                    "multiple entries for file {}",
                    go_quote_bytes(name)
                ));
            }
        } else {
            self.seen.insert(key, (name.to_vec(), is_dir));
        }
        match name.iter().rposition(|b| *b == b'/') {
            Some(slash) => self.check(&name[..slash], true),
            None => Ok(()),
        }
    }
}

/// `zip.strToFold`: every rune replaced by the smallest rune of its simple
/// case-folding orbit, then A–Z mapped to a–z.
fn fold(name: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(name);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mut r = smallest_fold(c);
        if r.is_ascii_uppercase() {
            r = r.to_ascii_lowercase();
        }
        out.push(r);
    }
    out.into_bytes()
}

/// The smallest rune reachable by one-rune upper/lower case mappings
/// (`unicode.SimpleFold` orbits: `K`, `k` and the Kelvin sign U+212A).
fn smallest_fold(c: char) -> char {
    let mut orbit = vec![c];
    let mut i = 0;
    while i < orbit.len() {
        let r = orbit[i];
        for mapped in [single(r.to_lowercase()), single(r.to_uppercase())]
            .into_iter()
            .flatten()
        {
            if !orbit.contains(&mapped) {
                orbit.push(mapped);
            }
        }
        i += 1;
    }
    orbit.into_iter().min().unwrap_or(c)
}

fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_like_go() {
        assert_eq!(clean(b"a/../b"), b"b");
        assert_eq!(clean(b"./a"), b"a");
        assert_eq!(clean(b"a//b"), b"a/b");
        assert_eq!(clean(b".."), b"..");
        assert_eq!(clean(b""), b".");
    }

    #[test]
    fn kelvin_folds_to_k() {
        assert_eq!(fold("\u{212A}.go".as_bytes()), b"k.go");
        assert_eq!(fold("\u{17F}".as_bytes()), b"s");
    }

    #[test]
    fn file_then_dir() {
        let entries = [
            EntryInfo {
                name: b"m.com/x@v1.0.0/dir".to_vec(),
                uncompressed_size: 1,
            },
            EntryInfo {
                name: b"m.com/x@v1.0.0/dir/f".to_vec(),
                uncompressed_size: 1,
            },
        ];
        let checked = check_entries("m.com/x", "v1.0.0", &entries);
        assert_eq!(
            checked.error().unwrap(),
            "m.com/x@v1.0.0/dir/f: entry \"dir\" is both a file and a directory"
        );
    }
}
