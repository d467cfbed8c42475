//! The longest path under a directory (for Windows' MAX_PATH check on the
//! module cache), found by a walk bounded in entries and time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The most directory entries the walk looks at.
pub const MAX_ENTRIES: usize = 200_000;

/// The longest path (in characters) under `root`, symbolic links not
/// followed. Stops after `max_entries` entries or `budget`; `None` when
/// `root` cannot be read.
pub fn longest_path(root: &Path, max_entries: usize, budget: Duration) -> Option<String> {
    let deadline = Instant::now() + budget;
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    let mut longest: Option<(usize, PathBuf)> = None;
    let mut seen = 0usize;
    std::fs::read_dir(root).ok()?;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > max_entries || Instant::now() > deadline {
                return longest.map(|(_, p)| p.to_string_lossy().into_owned());
            }
            let path = entry.path();
            let len = path.to_string_lossy().chars().count();
            if longest.as_ref().is_none_or(|(l, _)| len > *l) {
                longest = Some((len, path.clone()));
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            }
        }
    }
    longest.map(|(_, p)| p.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_deepest_file() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir
            .path()
            .join("github.com/some-org/a-rather-long-repository-name@v1.2.3/internal/generated");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("zz_generated_deepcopy.go"), "").unwrap();
        std::fs::create_dir_all(dir.path().join("golang.org/x/mod@v0.20.0")).unwrap();
        let got = longest_path(dir.path(), MAX_ENTRIES, Duration::from_secs(5)).unwrap();
        assert!(
            got.ends_with("internal/generated/zz_generated_deepcopy.go"),
            "{got}"
        );
        // Bounded: after 1 entry it returns what it has.
        assert!(longest_path(dir.path(), 1, Duration::from_secs(5)).is_some());
        assert_eq!(
            longest_path(&dir.path().join("missing"), 10, Duration::from_secs(1)),
            None
        );
    }
}
