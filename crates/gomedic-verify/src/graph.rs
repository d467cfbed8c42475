//! Loading the module graph as `modload.LoadModGraph` does (Go 1.21–1.27:
//! `readModGraph`, `goModSummary`, `expandGraph`), from the go.mod files in
//! the module cache, without network and without writing.
//!
//! - Roots: outside a workspace, the main go.mod's requirements minus
//!   excluded versions, with the main module's pruning (go ≥ 1.17: pruned);
//!   in a workspace, every workspace module (its requirements are loaded).
//! - A loaded module's requirements are graph nodes; they are loaded too when
//!   the module was reached without pruning, or its go.mod is unpruned (from
//!   there on everything is loaded). Requirements on excluded versions are
//!   dropped from every go.mod.
//! - The go.mod read for `path@version` is the replacement's (a module
//!   version: its cached `.mod`, checked against go.sum as
//!   `<new path> <new version>/go.mod`; a directory: its go.mod, unchecked).
//! - MVS: the highest version of each path over all nodes; a main module
//!   path is always the main module.
//! - Pruned graphs: when a root is not its path's selected version, the roots
//!   are raised to the selected versions and the graph is read again
//!   (`expandGraph`). Workspaces: modules selected above the version their
//!   dependents require are loaded too (the reload loop of `readModGraph`).

use crate::buildlist::{BuildList, GoModMismatch, Replaced, is_pruned};
use crate::layout::ModCache;
use crate::mainmods::MainModules;
use crate::replace::Target;
use gomedic_go::dirhash;
use gomedic_go::env::release::Release;
use gomedic_go::gosum::{GoSum, SumCheck};
use gomedic_go::modfile;
use gomedic_go::semver;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;

/// The most go.mod files loaded for one graph.
const MAX_LOADED: usize = 100_000;
/// The most times pruned roots are raised (`expandGraph` converges quickly).
const MAX_EXPANSIONS: usize = 64;

type Mv = (String, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pruning {
    Pruned,
    Unpruned,
    Workspace,
}

fn pruning_of(go: Option<&str>) -> Pruning {
    if is_pruned(go) {
        Pruning::Pruned
    } else {
        Pruning::Unpruned
    }
}

/// The part of a go.mod the graph needs (`modFileSummary`).
#[derive(Debug, Clone)]
struct Summary {
    require: Vec<Mv>,
    pruning: Pruning,
}

/// `gover.ModCompare` for module versions, with "" (a main module) highest.
fn compare_versions(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => semver::compare(a, b),
    }
}

/// The requirement graph (`mvs.Graph`).
#[derive(Debug, Default)]
struct Graph {
    selected: BTreeMap<String, String>,
    required: BTreeMap<Mv, Vec<Mv>>,
}

impl Graph {
    fn add_node(&mut self, m: &Mv) {
        match self.selected.get_mut(&m.0) {
            Some(v) => {
                if compare_versions(&m.1, v).is_gt() {
                    *v = m.1.clone();
                }
            }
            None => {
                self.selected.insert(m.0.clone(), m.1.clone());
            }
        }
    }

    fn require(&mut self, m: &Mv, reqs: &[Mv]) {
        self.add_node(m);
        for r in reqs {
            self.add_node(r);
        }
        self.required.insert(m.clone(), reqs.to_vec());
    }

    fn selected(&self, path: &str) -> Option<&str> {
        self.selected.get(path).map(String::as_str)
    }
}

struct Loader<'a> {
    mains: &'a MainModules,
    cache: &'a ModCache,
    go_sum: Option<&'a GoSum>,
    release: Release,
    summaries: BTreeMap<Mv, Option<Summary>>,
    list: BuildList,
}

/// Loads the build list of `mains` from `cache`, checking the go.mod files it
/// reads against `go_sum` (`None`: not checked), as Go `release` does.
pub fn load(
    mains: &MainModules,
    cache: &ModCache,
    go_sum: Option<&GoSum>,
    release: Release,
) -> BuildList {
    let mut loader = Loader {
        mains,
        cache,
        go_sum,
        release,
        summaries: BTreeMap::new(),
        list: BuildList {
            main: mains
                .modules
                .first()
                .map(|m| m.path.clone())
                .unwrap_or_default(),
            main_modules: mains.modules.iter().map(|m| m.path.clone()).collect(),
            workspace: mains.work_file.as_ref().map(|w| w.display().to_string()),
            ..BuildList::default()
        },
    };
    let graph = if mains.is_workspace() {
        loader.workspace_graph()
    } else {
        loader.module_graph()
    };
    loader.finish(&graph)
}

impl Loader<'_> {
    fn excluded(&self, m: &Mv) -> bool {
        self.mains.excluded.contains(m)
    }

    /// Outside a workspace: the roots, then `expandGraph`.
    fn module_graph(&mut self) -> Graph {
        let Some(main) = self.mains.modules.first() else {
            return Graph::default();
        };
        let pruning = pruning_of(main.file.go_version());
        let mut roots: Vec<Mv> = Vec::new();
        for r in &main.file.require {
            let m = (r.path.clone(), r.version.clone());
            if self.excluded(&m) {
                self.list.excluded_requirements.push(m);
                continue;
            }
            roots.push(m);
        }
        let main_mv: Mv = (main.path.clone(), String::new());
        let mut graph = self.read_graph(&main_mv, &roots, pruning);
        for _ in 0..MAX_EXPANSIONS {
            if pruning != Pruning::Pruned {
                break;
            }
            let raised: Vec<Mv> = dedup_paths(
                roots
                    .iter()
                    .map(|(p, _)| (p.clone(), graph.selected(p).unwrap_or_default().to_string())),
            );
            if raised == dedup_paths(roots.iter().cloned()) {
                break;
            }
            roots = raised;
            graph = self.read_graph(&main_mv, &roots, pruning);
        }
        graph
    }

    /// `readModGraph` for one main module with requirements `roots`.
    fn read_graph(&mut self, main: &Mv, roots: &[Mv], pruning: Pruning) -> Graph {
        let mut graph = Graph::default();
        graph.require(main, roots);
        let mut queue = Queue::default();
        for r in roots {
            queue.enqueue(r, pruning);
        }
        self.drain(&mut graph, &mut queue);
        graph
    }

    /// A workspace: every main module is a root, loaded with workspace pruning.
    fn workspace_graph(&mut self) -> Graph {
        let mut graph = Graph::default();
        let mut queue = Queue::default();
        let roots: Vec<Mv> = self
            .mains
            .modules
            .iter()
            .map(|m| (m.path.clone(), String::new()))
            .collect();
        for r in &roots {
            graph.add_node(r);
            queue.enqueue(r, Pruning::Workspace);
        }
        self.drain(&mut graph, &mut queue);
        // Modules whose dependencies may provide packages in "all" are loaded
        // at their selected versions.
        let mut has_deps_in_all: BTreeSet<String> = roots.iter().map(|r| r.0.clone()).collect();
        let mut seen: BTreeSet<Mv> = BTreeSet::new();
        loop {
            let mut needs: BTreeSet<Mv> = BTreeSet::new();
            for p in &has_deps_in_all {
                let m: Mv = (p.clone(), graph.selected(p).unwrap_or_default().to_string());
                if !seen.contains(&m) {
                    needs.insert(m);
                    continue;
                }
                for r in graph.required.get(&m).into_iter().flatten() {
                    let s: Mv = (
                        r.0.clone(),
                        graph.selected(&r.0).unwrap_or_default().to_string(),
                    );
                    if compare_versions(&s.1, &r.1).is_gt() && !seen.contains(&s) {
                        needs.insert(s);
                    }
                }
            }
            if needs.is_empty() || self.list.fatal.len() > MAX_LOADED {
                break;
            }
            for m in needs {
                queue.enqueue(&m, Pruning::Workspace);
                has_deps_in_all.insert(m.0.clone());
                seen.insert(m);
            }
            self.drain(&mut graph, &mut queue);
        }
        graph
    }

    fn drain(&mut self, graph: &mut Graph, queue: &mut Queue) {
        while let Some((m, pruning)) = queue.items.pop_front() {
            if self.summaries.len() > MAX_LOADED {
                self.list.fatal.push(format!(
                    "module graph larger than {MAX_LOADED} go.mod files"
                ));
                queue.items.clear();
                break;
            }
            let Some(summary) = self.summary(&m) else {
                continue;
            };
            graph.require(&m, &summary.require);
            let next = if pruning == Pruning::Unpruned {
                Pruning::Unpruned
            } else {
                summary.pruning
            };
            for r in &summary.require {
                if pruning != Pruning::Pruned || summary.pruning == Pruning::Unpruned {
                    queue.enqueue(r, next);
                }
            }
        }
    }

    /// `goModSummary`, cached: the requirements (excluded ones dropped) of the
    /// go.mod the go command reads for `m`.
    fn summary(&mut self, m: &Mv) -> Option<Summary> {
        if let Some(s) = self.summaries.get(m) {
            return s.clone();
        }
        let s = self.read_summary(m);
        self.summaries.insert(m.clone(), s.clone());
        s
    }

    fn read_summary(&mut self, m: &Mv) -> Option<Summary> {
        let (path, version) = (m.0.as_str(), m.1.as_str());
        if path == "go" || path == "toolchain" {
            return None;
        }
        let file = if version.is_empty() {
            let main = self.mains.modules.iter().find(|x| x.path == path)?;
            main.file.clone()
        } else {
            let target = match self.mains.replacements.resolve(path, version, self.release) {
                Ok(t) => t,
                Err(e) => {
                    self.list.fatal.push(e);
                    return None;
                }
            };
            self.read_dependency_go_mod(path, version, target)?
        };
        let require = file
            .require
            .iter()
            .map(|r| (r.path.clone(), r.version.clone()))
            .filter(|r| !self.excluded(r))
            .collect();
        Some(Summary {
            require,
            pruning: pruning_of(file.go_version()),
        })
    }

    /// Reads (and checks against go.sum) the go.mod used for `path@version`.
    fn read_dependency_go_mod(
        &mut self,
        path: &str,
        version: &str,
        target: Option<Target>,
    ) -> Option<modfile::ModFile> {
        let (file, checked): (PathBuf, Option<Mv>) = match &target {
            Some(Target { dir: Some(dir), .. }) => {
                if !dir.is_dir() {
                    self.list.fatal.push(format!(
                        "{path}@{version}: replacement directory {} does not exist",
                        dir.display()
                    ));
                    return None;
                }
                (dir.join("go.mod"), None)
            }
            Some(t) => (
                self.cache.module(&t.path, &t.version).ok()?.mod_file,
                Some((t.path.clone(), t.version.clone())),
            ),
            None => (
                self.cache.module(path, version).ok()?.mod_file,
                Some((path.to_string(), version.to_string())),
            ),
        };
        let data = match std::fs::read(&file) {
            Ok(d) => d,
            Err(e) => {
                match &checked {
                    Some(mv) => self.list.not_in_cache.push(mv.clone()),
                    None => self.list.fatal.push(format!(
                        "{path}@{version}: reading {}: {}",
                        file.display(),
                        crate::tree::io_text(&e)
                    )),
                }
                return None;
            }
        };
        if let (Some((p, v)), Some(sum)) = (&checked, self.go_sum) {
            let key = format!("{v}/go.mod");
            let hash = dirhash::go_mod_hash(&data);
            match sum.check(p, &key, &hash) {
                SumCheck::Match => {}
                SumCheck::Mismatch { go_sum_hash, line } => {
                    self.list.fatal.push(format!(
                        "verifying {p}@{key}: checksum mismatch\n\tdownloaded: {hash}\n\tgo.sum:     {go_sum_hash}"
                    ));
                    self.list.go_mod_mismatches.push(GoModMismatch {
                        path: p.clone(),
                        key,
                        hash,
                        go_sum_hash,
                        go_sum_line: line,
                        file: file.clone(),
                    });
                }
                SumCheck::Missing | SumCheck::UnknownOnly(_) => {
                    self.list.missing_go_mod_sums.push((p.clone(), key));
                }
            }
        }
        match modfile::parse_lax(&file.display().to_string(), &data) {
            Ok(m) => Some(m),
            Err(e) => {
                self.list.fatal.push(e.to_string());
                None
            }
        }
    }

    fn finish(mut self, graph: &Graph) -> BuildList {
        for (path, version) in &graph.selected {
            if self.mains.contains(path) || path == "go" || path == "toolchain" {
                continue;
            }
            self.list.modules.push((path.clone(), version.clone()));
        }
        for (path, version) in &self.list.modules {
            if let Ok(Some(by)) = self.mains.replacements.resolve(path, version, self.release) {
                self.list.replaced.push(Replaced {
                    path: path.clone(),
                    version: version.clone(),
                    by,
                });
            }
        }
        let list = &mut self.list;
        list.fatal.sort();
        list.fatal.dedup();
        list.missing_go_mod_sums.sort();
        list.missing_go_mod_sums.dedup();
        list.not_in_cache.sort();
        list.not_in_cache.dedup();
        self.list
    }
}

/// The last version given for each path, in first-seen path order.
fn dedup_paths(items: impl Iterator<Item = Mv>) -> Vec<Mv> {
    let mut out: Vec<Mv> = Vec::new();
    for (p, v) in items {
        match out.iter_mut().find(|(q, _)| *q == p) {
            Some(slot) => {
                if compare_versions(&v, &slot.1).is_gt() {
                    slot.1 = v;
                }
            }
            None => out.push((p, v)),
        }
    }
    out
}

/// The load queue, deduplicated by (module, pruning) like `readModGraph`.
#[derive(Default)]
struct Queue {
    items: VecDeque<(Mv, Pruning)>,
    enqueued: BTreeSet<(Mv, Pruning)>,
}

impl Queue {
    fn enqueue(&mut self, m: &Mv, pruning: Pruning) {
        if m.1 == "none" {
            return;
        }
        if self.enqueued.insert((m.clone(), pruning)) {
            self.items.push_back((m.clone(), pruning));
        }
    }
}
