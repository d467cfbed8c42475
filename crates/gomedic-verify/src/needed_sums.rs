//! Which go.sum lines the go command needs, and which of them go.sum lacks.
//!
//! What the go command needs (`modload.goModSummary`, `importFromModules`,
//! `modfetch.checkModSum`; Go 1.21–1.27 alike, verified by deleting go.sum
//! lines one at a time against the real go):
//! - `<path> <version>/go.mod` for every go.mod it reads while loading the
//!   module graph (the pruned graph of go ≥ 1.17 main modules), keyed by the
//!   replacement when one applies; directory replacements need nothing.
//!   gomedic reads the same go.mod files (see [`crate::graph`]), so this part
//!   is exact.
//! - `<path> <version>` (the zip hash) for every module that provides a
//!   package the command loads. Knowing those needs the import graph, which
//!   gomedic does not build (it parses no Go). What is sound without it:
//!   a requirement of the main go.mod provides an imported package when
//!   go.mod is tidy: direct requirements (no `// indirect`) always, and, in a
//!   go ≥ 1.17 main module, `// indirect` ones too (from 1.17 on, tidy lists
//!   every module providing a package in `all`). So gomedic reports a missing
//!   zip line only for those requirements, at their selected version (the
//!   replacement's version when replaced by a module version; nothing for a
//!   directory). It can miss lines (modules providing packages in a go < 1.17
//!   main module's indirect dependencies) and over-report only for an untidy
//!   go.mod (a requirement nothing imports, or one used only by tests).
//! - In a workspace the go command never fails on a missing line (it looks
//!   the hash up and writes go.work.sum), so nothing is "missing" there.
//! - With -mod=mod the go command adds missing lines and rewrites go.sum;
//!   -mod=readonly (the default) stops with "missing go.sum entry"; GONOSUMDB,
//!   GONOSUMCHECK, GOFLAGS=-insecure and GOSUMDB=off change neither (they only
//!   decide whether the checksum database is asked before a line is added).

use crate::buildlist::BuildList;
use crate::mainmods::MainModules;
use gomedic_go::gosum::GoSum;

/// The zip-hash keys (`path`, `version`) gomedic knows the build needs.
pub fn needed_zip_sums(mains: &MainModules, list: &BuildList) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if mains.is_workspace() {
        return out;
    }
    let Some(main) = mains.modules.first() else {
        return out;
    };
    let indirect_complete = crate::buildlist::is_pruned(main.file.go_version());
    for r in &main.file.require {
        if r.indirect && !indirect_complete {
            continue;
        }
        let Some((path, version)) = list.modules.iter().find(|(p, _)| *p == r.path) else {
            continue;
        };
        let key = match list
            .replaced
            .iter()
            .find(|x| x.path == *path && x.version == *version)
        {
            Some(x) if x.by.is_dir() => continue,
            Some(x) => (x.by.path.clone(), x.by.version.clone()),
            None => (path.clone(), version.clone()),
        };
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out.sort();
    out
}

/// The needed zip-hash keys go.sum has no `h1:` line for.
pub fn missing_zip_sums(
    mains: &MainModules,
    list: &BuildList,
    go_sum: &GoSum,
) -> Vec<(String, String)> {
    needed_zip_sums(mains, list)
        .into_iter()
        .filter(|(p, v)| !go_sum.has(p, v))
        .collect()
}

/// Every go.sum file the go command reads for `mains`, as one (lines of
/// later files after earlier ones; missing files are skipped). `Err` is the
/// first malformed file's error under `rules`.
pub fn read_go_sums(
    mains: &MainModules,
    rules: gomedic_go::gosum::GoSumRules,
) -> Result<Option<GoSum>, String> {
    let mut merged: Option<GoSum> = None;
    for file in &mains.sum_files {
        let Ok(data) = std::fs::read(file) else {
            continue;
        };
        let sum = gomedic_go::gosum::parse(&file.display().to_string(), &data, rules)
            .map_err(|e| e.to_string())?;
        match &mut merged {
            Some(m) => m.lines.extend(sum.lines),
            None => merged = Some(sum),
        }
    }
    Ok(merged)
}
