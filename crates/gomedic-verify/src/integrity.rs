//! Gathers [`IntegrityFacts`] for a project: its build list's cache entries
//! (cheap: `lstat`s and `.ziphash` reads, no content hashing, so `gomedic
//! check` stays fast), go.sum against what the cache holds, and
//! vendor/modules.txt against go.mod. Read-only.

use crate::graph;
use crate::health::{self, Depth};
use crate::layout::ModCache;
use crate::mainmods::MainModules;
use crate::needed_sums;
use gomedic_go::dirhash;
use gomedic_go::env::release::Release;
use gomedic_go::gosum::{self, GoSum, GoSumRules, SumCheck};
use gomedic_go::modfile;
use gomedic_go::vendor::{self, ModulesTxt};
use gomedic_model::integrity::{IntegrityFacts, MissingSum, SumMismatch, VendorFacts};
use std::io::Read;
use std::path::Path;

/// The largest go.sum or vendor/modules.txt read (larger ones are a finding).
pub const MAX_TEXT_FILE: u64 = 64 << 20;

/// Reads at most [`MAX_TEXT_FILE`] bytes; a larger file is an error.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("open {}: {}", path.display(), crate::tree::io_text(&e)))?;
    let mut data = Vec::new();
    file.take(MAX_TEXT_FILE + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("read {}: {}", path.display(), crate::tree::io_text(&e)))?;
    if data.len() as u64 > MAX_TEXT_FILE {
        return Err(format!(
            "{} is larger than {MAX_TEXT_FILE} bytes",
            path.display()
        ));
    }
    Ok(data)
}

/// Facts for the module whose go.mod is `go_mod`, with the cache at
/// `gomodcache`, under the go.sum rules of `go_release` (e.g. `go1.22.10`;
/// `None`: the newest rules).
pub fn gather(go_mod: &Path, gomodcache: &Path, go_release: Option<&str>) -> IntegrityFacts {
    let main_dir = go_mod.parent().unwrap_or(Path::new("."));
    let mut facts = IntegrityFacts {
        go_mod: go_mod.display().to_string(),
        gomodcache: gomodcache.display().to_string(),
        go_release: go_release.map(str::to_string),
        ..IntegrityFacts::default()
    };
    let main = match read_bounded(go_mod).and_then(|data| {
        modfile::parse(&go_mod.display().to_string(), &data).map_err(|e| e.to_string())
    }) {
        Ok(m) => m,
        Err(e) => {
            facts.errors.push(e);
            return facts;
        }
    };
    facts.main_module = main.module_path().unwrap_or_default().to_string();
    facts.vendor = vendor_facts(main_dir, &main);

    let rules = go_release.map_or(GoSumRules::Go122, GoSumRules::for_release);
    let sum_path = main_dir.join("go.sum");
    let go_sum: Option<GoSum> = if sum_path.exists() {
        facts.go_sum = Some(sum_path.display().to_string());
        match read_bounded(&sum_path) {
            Ok(data) => match gosum::parse(&sum_path.display().to_string(), &data, rules) {
                Ok(sum) => Some(sum),
                Err(m) => {
                    facts.go_sum_error = Some(format!(
                        "malformed go.sum:\n{}:{}: wrong number of fields {}",
                        m.file, m.line, m.fields
                    ));
                    None
                }
            },
            Err(e) => {
                facts.go_sum_error = Some(e);
                None
            }
        }
    } else {
        None
    };
    let empty = GoSum::default();
    let sum_for_checks = go_sum.as_ref().unwrap_or(&empty);

    let cache = ModCache::new(gomodcache);
    let mains = match MainModules::single(main_dir) {
        Ok(m) => m,
        Err(e) => {
            facts.errors.push(e);
            return facts;
        }
    };
    let release = Release::from_version(go_release.unwrap_or(""));
    let list = graph::load(&mains, &cache, Some(sum_for_checks), release);
    facts.modules_checked = list.modules.len();
    facts.errors.extend(
        list.fatal
            .iter()
            .filter(|f| !f.starts_with("verifying "))
            .cloned(),
    );
    facts.cache_issues = health::scan(&cache, &list.modules, Depth::Root);

    if facts.go_sum_error.is_none() {
        for m in &list.go_mod_mismatches {
            facts.sum_mismatches.push(SumMismatch {
                path: m.path.clone(),
                version: m.key.clone(),
                cached: m.hash.clone(),
                go_sum: m.go_sum_hash.clone(),
                go_sum_line: m.go_sum_line,
                cache_file: m.file.display().to_string(),
            });
        }
        for (path, key) in &list.missing_go_mod_sums {
            facts.missing_sums.push(MissingSum {
                path: path.clone(),
                version: key.clone(),
                direct: is_direct(&main, path),
            });
        }
        // The zip go uses for each module: the replacement's when replaced by
        // a module version; none for a directory replacement.
        for (path, version) in &list.modules {
            let (zip_path, zip_version) = match list
                .replaced
                .iter()
                .find(|r| r.path == *path && r.version == *version)
            {
                Some(r) if r.by.is_dir() => continue,
                Some(r) => (r.by.path.clone(), r.by.version.clone()),
                None => (path.clone(), version.clone()),
            };
            let Ok(module) = cache.module(&zip_path, &zip_version) else {
                continue;
            };
            let Ok(data) = std::fs::read(&module.ziphash) else {
                continue;
            };
            let value = dirhash::ziphash_value(&data);
            if !dirhash::is_h1(&value) {
                continue;
            }
            if let SumCheck::Mismatch { go_sum_hash, line } =
                sum_for_checks.check(&zip_path, &zip_version, &value)
            {
                facts.sum_mismatches.push(SumMismatch {
                    path: zip_path,
                    version: zip_version,
                    cached: value,
                    go_sum: go_sum_hash,
                    go_sum_line: line,
                    cache_file: module.ziphash.display().to_string(),
                })
            }
        }
        for (path, version) in needed_sums::missing_zip_sums(&mains, &list, sum_for_checks) {
            facts.missing_sums.push(MissingSum {
                direct: is_direct(&main, &path),
                path,
                version,
            });
        }
    }
    facts
        .missing_sums
        .sort_by(|a, b| (&a.path, &a.version).cmp(&(&b.path, &b.version)));
    facts
}

fn is_direct(main: &modfile::ModFile, path: &str) -> bool {
    main.require.iter().any(|r| r.path == path && !r.indirect)
}

fn vendor_facts(main_dir: &Path, main: &modfile::ModFile) -> Option<VendorFacts> {
    let dir = main_dir.join("vendor");
    if !std::fs::metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let txt_path = dir.join("modules.txt");
    let (modules_txt, text) = match read_bounded(&txt_path) {
        Ok(data) => (true, String::from_utf8_lossy(&data).into_owned()),
        Err(_) => (txt_path.exists(), String::new()),
    };
    let txt = ModulesTxt::parse(&text);
    Some(VendorFacts {
        dir: dir.display().to_string(),
        go_version: main.go_version().map(str::to_string),
        modules_txt,
        inconsistencies: vendor::inconsistencies(main, &txt, "go.mod"),
    })
}
