//! Module integrity at disk speed: what `go mod verify` checks, with the
//! files that changed, plus the module cache's own health.
//!
//! Reads only: nothing here creates, changes or locks a file. Hashes are the
//! go command's (`gomedic_go::dirhash`), computed in parallel (rayon) with
//! bounded, streaming reads.
//!
//! - [`layout::ModCache`]: where the go command keeps a module version.
//! - [`buildlist::build_list`], [`graph::load`]: the modules `go mod verify`
//!   checks (exclude, replace and go.work workspaces included).
//! - [`module::verify_module`]: one module, like `verifyMod`, plus detail.
//! - [`verify_modules`]: many modules in parallel.

pub mod buildlist;
mod central_dir;
pub mod graph;
pub mod health;
pub mod integrity;
pub mod layout;
pub mod mainmods;
pub mod module;
pub mod needed_sums;
pub mod replace;
mod shared_file;
pub mod tree;
pub mod zipread;

pub use layout::{CachedModule, ModCache};
pub use module::{ModuleResult, Problem, verify_module};

use rayon::prelude::*;

/// Verifies every module in parallel; results keep the input order.
pub fn verify_modules(cache: &ModCache, modules: &[(String, String)]) -> Vec<ModuleResult> {
    modules
        .par_iter()
        .map(|(path, version)| verify_module(cache, path, version))
        .collect()
}
