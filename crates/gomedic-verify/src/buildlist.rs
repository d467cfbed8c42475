//! The modules `go mod verify` checks: the build list of the main module's
//! module graph (`modload.LoadModGraph(...).BuildList()`), and the go.mod
//! files the go command reads (and checks against go.sum) to build it.
//!
//! Graph pruning (go ≥ 1.17 in the main go.mod): the main module's
//! requirements are loaded; a loaded module's own requirements become graph
//! nodes, and are themselves loaded only when that module's go.mod is
//! unpruned (go < 1.17), from where loading is transitive. Without pruning
//! every reachable go.mod is loaded. Replacements in the main go.mod decide
//! which go.mod is read. The selected version of each path is the highest
//! (MVS). Not modelled: `exclude` (excluded requirements are dropped rather
//! than upgraded), workspaces (go.work).

use crate::layout::ModCache;
use gomedic_go::dirhash;
use gomedic_go::gosum::{GoSum, SumCheck};
use gomedic_go::modfile;
use gomedic_go::semver;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// The most go.mod files loaded for one graph.
const MAX_LOADED: usize = 100_000;

/// The result of loading the module graph.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildList {
    /// The main module's path.
    pub main: String,
    /// The selected version of every other module, sorted by path.
    pub modules: Vec<(String, String)>,
    /// Fatal errors the go command stops with while loading the graph
    /// (a go.mod whose hash differs from go.sum, an unreadable go.mod).
    pub fatal: Vec<String>,
    /// go.mod files whose hash differs from go.sum's first `h1:` line.
    pub go_mod_mismatches: Vec<GoModMismatch>,
    /// go.mod files read that go.sum has no `h1:` line for (`path`, `version/go.mod`).
    pub missing_go_mod_sums: Vec<(String, String)>,
    /// Modules required whose go.mod is not in the cache (go would download it).
    pub not_in_cache: Vec<(String, String)>,
}

/// A go.mod in the cache whose hash is not go.sum's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoModMismatch {
    pub path: String,
    /// `<version>/go.mod`.
    pub key: String,
    pub hash: String,
    pub go_sum_hash: String,
    pub go_sum_line: usize,
    pub file: PathBuf,
}

/// Loads the build list of the module whose go.mod is `main_dir/go.mod`.
pub fn build_list(
    main_dir: &Path,
    cache: &ModCache,
    go_sum: Option<&GoSum>,
) -> Result<BuildList, String> {
    let go_mod_path = main_dir.join("go.mod");
    let data = std::fs::read(&go_mod_path).map_err(|e| {
        format!(
            "open {}: {}",
            go_mod_path.display(),
            crate::tree::io_text(&e)
        )
    })?;
    let main = modfile::parse(&go_mod_path.display().to_string(), &data)
        .map_err(|e| format!("errors parsing go.mod:\n{e}"))?;
    let main_path = main
        .module
        .as_ref()
        .map(|m| m.path.clone())
        .unwrap_or_default();
    let main_pruned = is_pruned(main.go.as_ref().map(|g| g.version.as_str()));
    let replaces = main.replace.clone();

    let mut list = BuildList {
        main: main_path.clone(),
        ..BuildList::default()
    };
    let mut nodes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let add_node = |nodes: &mut BTreeMap<String, BTreeSet<String>>, path: &str, version: &str| {
        nodes
            .entry(path.to_string())
            .or_default()
            .insert(version.to_string());
    };
    let mut queue: VecDeque<(String, String, bool)> = VecDeque::new();
    for r in &main.require {
        add_node(&mut nodes, &r.path, &r.version);
        queue.push_back((r.path.clone(), r.version.clone(), !main_pruned));
    }
    let mut loaded: BTreeSet<(String, String, bool)> = BTreeSet::new();
    while let Some((path, version, transitive)) = queue.pop_front() {
        if path == main_path || !loaded.insert((path.clone(), version.clone(), transitive)) {
            continue;
        }
        if loaded.len() > MAX_LOADED {
            list.fatal.push(format!(
                "module graph larger than {MAX_LOADED} go.mod files"
            ));
            break;
        }
        let Some(dep) = load_go_mod(
            main_dir, cache, go_sum, &replaces, &path, &version, &mut list,
        ) else {
            continue;
        };
        let dep_unpruned = !is_pruned(dep.go.as_ref().map(|g| g.version.as_str()));
        for r in &dep.require {
            add_node(&mut nodes, &r.path, &r.version);
            if transitive || dep_unpruned {
                queue.push_back((r.path.clone(), r.version.clone(), true));
            }
        }
    }
    for (path, versions) in nodes {
        if path == main_path || path == "go" || path == "toolchain" {
            continue;
        }
        let best = versions
            .into_iter()
            .reduce(|a, b| {
                if semver::compare(&b, &a).is_gt() {
                    b
                } else {
                    a
                }
            })
            .unwrap_or_default();
        list.modules.push((path, best));
    }
    list.fatal.sort();
    list.fatal.dedup();
    list.missing_go_mod_sums.sort();
    list.missing_go_mod_sums.dedup();
    Ok(list)
}

/// Whether a go.mod with this `go` version gets graph pruning (≥ 1.17).
fn is_pruned(go: Option<&str>) -> bool {
    let Some(go) = go else { return false };
    let mut parts = go.split('.');
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts
        .next()
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    major > 1 || (major == 1 && minor >= 17)
}

/// Reads (and checks against go.sum) the go.mod the go command uses for
/// `path@version`, honouring replacements.
fn load_go_mod(
    main_dir: &Path,
    cache: &ModCache,
    go_sum: Option<&GoSum>,
    replaces: &[modfile::Replace],
    path: &str,
    version: &str,
    list: &mut BuildList,
) -> Option<modfile::ModFile> {
    let replacement = replaces
        .iter()
        .find(|r| r.old.path == path && r.old.version == version)
        .or_else(|| {
            replaces
                .iter()
                .find(|r| r.old.path == path && r.old.version.is_empty())
        });
    let (file, checked): (PathBuf, Option<(String, String)>) = match replacement {
        Some(r) if r.new.version.is_empty() => (main_dir.join(&r.new.path).join("go.mod"), None),
        Some(r) => (
            cache.module(&r.new.path, &r.new.version).ok()?.mod_file,
            Some((r.new.path.clone(), r.new.version.clone())),
        ),
        None => (
            cache.module(path, version).ok()?.mod_file,
            Some((path.to_string(), version.to_string())),
        ),
    };
    let data = match std::fs::read(&file) {
        Ok(d) => d,
        Err(_) => {
            if let Some((p, v)) = &checked {
                list.not_in_cache.push((p.clone(), v.clone()));
            }
            return None;
        }
    };
    if let (Some((p, v)), Some(sum)) = (&checked, go_sum) {
        let key = format!("{v}/go.mod");
        let hash = dirhash::go_mod_hash(&data);
        match sum.check(p, &key, &hash) {
            SumCheck::Match => {}
            SumCheck::Mismatch { go_sum_hash, line } => {
                list.fatal.push(format!(
                    "verifying {p}@{key}: checksum mismatch\n\tdownloaded: {hash}\n\tgo.sum:     {go_sum_hash}"
                ));
                list.go_mod_mismatches.push(GoModMismatch {
                    path: p.clone(),
                    key: key.clone(),
                    hash: hash.clone(),
                    go_sum_hash,
                    go_sum_line: line,
                    file: file.clone(),
                });
            }
            SumCheck::Missing | SumCheck::UnknownOnly(_) => {
                list.missing_go_mod_sums.push((p.clone(), key));
            }
        }
    }
    match modfile::parse_lax(&file.display().to_string(), &data) {
        Ok(m) => Some(m),
        Err(e) => {
            list.fatal.push(e.to_string());
            None
        }
    }
}
