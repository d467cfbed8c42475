//! The modules `go mod verify` checks: the build list of the main modules'
//! module graph (`modload.LoadModGraph(...).BuildList()`), and the go.mod
//! files the go command reads (and checks against go.sum) to build it.
//! The loading itself is in [`crate::graph`]; this module holds its result.
//!
//! Modelled (Go 1.21–1.27, the same `readModGraph` in all three): graph
//! pruning (go ≥ 1.17), `expandGraph` (pruned roots raised to their selected
//! versions), `exclude` (requirements on excluded versions are dropped, in
//! the main go.mod with "ignoring requirement on excluded version", in every
//! dependency's go.mod silently), `replace` (version and directory targets;
//! the build list keeps the original path and version, as `go list -m all`
//! and `go mod verify` do), and go.work workspaces (several main modules,
//! go.work replacements, the workspace reload loop).

use crate::layout::ModCache;
use crate::mainmods::MainModules;
use gomedic_go::env::release::Release;
use gomedic_go::gosum::GoSum;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The result of loading the module graph.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildList {
    /// The main module's path (the first main module's in a workspace).
    pub main: String,
    /// Every main module's path (one, or the workspace's `use` modules).
    #[serde(default)]
    pub main_modules: Vec<String>,
    /// The go.work in use, if any.
    #[serde(default)]
    pub workspace: Option<String>,
    /// The selected version of every other module, sorted by path.
    pub modules: Vec<(String, String)>,
    /// The modules of `modules` that are replaced, and by what.
    #[serde(default)]
    pub replaced: Vec<Replaced>,
    /// Requirements of the main go.mod on excluded versions, which the go
    /// command drops ("ignoring requirement on excluded version"; -mod=readonly
    /// commands then stop with "updates to go.mod needed").
    #[serde(default)]
    pub excluded_requirements: Vec<(String, String)>,
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

/// A module of the build list and its replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replaced {
    pub path: String,
    pub version: String,
    pub by: crate::replace::Target,
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

/// Loads the build list of the module whose go.mod is `main_dir/go.mod`
/// (GOWORK=off), with the newest release's rules.
pub fn build_list(
    main_dir: &Path,
    cache: &ModCache,
    go_sum: Option<&GoSum>,
) -> Result<BuildList, String> {
    let mains = MainModules::single(main_dir)?;
    Ok(crate::graph::load(
        &mains,
        cache,
        go_sum,
        Release::from_version(""),
    ))
}

/// Whether a go.mod with this `go` version gets graph pruning (≥ 1.17).
pub(crate) fn is_pruned(go: Option<&str>) -> bool {
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
