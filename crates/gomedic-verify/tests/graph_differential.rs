#![cfg(unix)]
//! Differential tests of module graph loading with `exclude`, `replace` and
//! go.work workspaces against the real go command (1.21.13, 1.22.10, 1.27.3),
//! from a file:// proxy written here:
//! - the build list and its replacements vs `go list -m -json all`;
//! - the modules `go mod verify` flags after every extracted module in the
//!   cache was modified vs gomedic's verdicts on its build list;
//! - go.sum lines deleted one at a time: the go.mod lines gomedic says are
//!   missing vs what `go list -m all` (-mod=readonly) reports missing, and the
//!   zip lines vs what `go list -deps ./...` reports missing.

use gomedic_go::env::release::Release;
use gomedic_go::gosum::{self, GoSumRules};
use gomedic_testkit::{Toolchain, clean_command, toolchains};
use gomedic_verify::mainmods::{MainModules, WorkSetting};
use gomedic_verify::{ModCache, graph, needed_sums, verify_modules};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

type Mv = (String, String);

/// (path, version, go.mod, package file)
const PROXY: &[(&str, &str, &str, &str)] = &[
    ("a", "v1.0.0", "go 1.21\n", "package a\n"),
    (
        "a",
        "v1.1.0",
        "go 1.21\n\nrequire example.com/e v1.0.0\n",
        "package a\n",
    ),
    ("a", "v1.2.0", "go 1.21\n", "package a\n\n// v1.2.0\n"),
    (
        "b",
        "v1.0.0",
        "go 1.21\n\nrequire example.com/a v1.1.0\n",
        "package b\n\nimport _ \"example.com/a\"\n",
    ),
    ("c", "v1.0.0", "go 1.21\n", "package c\n"),
    (
        "c",
        "v1.1.0",
        "go 1.21\n\nrequire example.com/e v1.1.0\n",
        "package c\n\n// v1.1.0\n",
    ),
    (
        "d",
        "v1.0.0",
        "go 1.16\n\nrequire example.com/f v1.0.0\n",
        "package d\n\nimport _ \"example.com/f\"\n",
    ),
    ("e", "v1.0.0", "go 1.21\n", "package e\n"),
    ("e", "v1.1.0", "go 1.21\n", "package e\n"),
    (
        "f",
        "v1.0.0",
        "go 1.21\n\nrequire example.com/g v1.0.0\n",
        "package f\n",
    ),
    ("g", "v1.0.0", "go 1.21\n", "package g\n"),
    (
        "h",
        "v1.0.0",
        "go 1.16\n\nrequire (\n\texample.com/i v1.0.0\n\texample.com/j v1.0.0\n)\n",
        "package h\n\nimport _ \"example.com/i\"\n",
    ),
    ("i", "v1.0.0", "go 1.20\n", "package i\n"),
    (
        "j",
        "v1.0.0",
        "go 1.20\n\nrequire example.com/i v1.1.0\n",
        "package j\n",
    ),
    (
        "i",
        "v1.1.0",
        "go 1.20\n\nrequire example.com/k v1.0.0\n",
        "package i\n",
    ),
    ("k", "v1.0.0", "go 1.20\n", "package k\n"),
];

fn write_proxy(root: &Path) {
    let mut lists: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, version, body, code) in PROXY {
        let path = format!("example.com/{name}");
        let dir = root.join(&path).join("@v");
        std::fs::create_dir_all(&dir).unwrap();
        lists.entry(name).or_default().push(version);
        let go_mod = format!("module {path}\n\n{body}");
        std::fs::write(
            dir.join(format!("{version}.info")),
            format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}"),
        )
        .unwrap();
        std::fs::write(dir.join(format!("{version}.mod")), &go_mod).unwrap();
        let mut zip =
            zip::ZipWriter::new(std::fs::File::create(dir.join(format!("{version}.zip"))).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file(format!("{path}@{version}/go.mod"), options)
            .unwrap();
        zip.write_all(go_mod.as_bytes()).unwrap();
        zip.start_file(format!("{path}@{version}/{name}.go"), options)
            .unwrap();
        zip.write_all(code.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    for (name, versions) in lists {
        std::fs::write(
            root.join(format!("example.com/{name}/@v/list")),
            versions.join("\n") + "\n",
        )
        .unwrap();
    }
}

/// A scenario: files to write (relative to its directory), the directory the
/// go command runs in, and whether it is a workspace (GOWORK auto) or not (GOWORK=off).
struct Scenario {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    run_in: &'static str,
    workspace: bool,
    /// Let `go mod tidy` rewrite go.mod (else the original go.mod is kept).
    tidy: bool,
}

const MAIN_GO_B: &str = "package main\n\nimport _ \"example.com/b\"\n\nfunc main() {}\n";

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "exclude drops a dependency's requirement",
        files: &[
            (
                "m/go.mod",
                "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n\nexclude example.com/a v1.1.0\n",
            ),
            ("m/main.go", MAIN_GO_B),
        ],
        run_in: "m",
        workspace: false,
        tidy: true,
    },
    Scenario {
        name: "exclude of a main requirement",
        files: &[
            (
                "m/go.mod",
                "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.1.0\n\texample.com/c v1.0.0\n)\n\nexclude example.com/a v1.1.0\n",
            ),
            (
                "m/main.go",
                "package main\n\nimport _ \"example.com/c\"\n\nfunc main() {}\n",
            ),
        ],
        run_in: "m",
        workspace: false,
        tidy: false,
    },
    Scenario {
        name: "pruned root raised by expandGraph",
        files: &[
            (
                "m/go.mod",
                "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n",
            ),
            ("m/main.go", MAIN_GO_B),
        ],
        run_in: "m",
        workspace: false,
        tidy: false,
    },
    Scenario {
        name: "exclude in a module whose go line tidy raises",
        files: &[
            (
                "m/go.mod",
                "module example.com/main\n\ngo 1.16\n\nrequire (\n\texample.com/b v1.0.0\n\texample.com/d v1.0.0\n)\n\nexclude example.com/e v1.0.0\n",
            ),
            (
                "m/main.go",
                "package main\n\nimport (\n\t_ \"example.com/b\"\n\t_ \"example.com/d\"\n)\n\nfunc main() {}\n",
            ),
        ],
        run_in: "m",
        workspace: false,
        tidy: true,
    },
    Scenario {
        name: "unpruned main module with exclude",
        files: &[
            (
                "m/go.mod",
                "module example.com/main\n\ngo 1.16\n\nrequire example.com/h v1.0.0\n\nexclude example.com/j v1.0.0\n",
            ),
            (
                "m/main.go",
                "package main\n\nimport _ \"example.com/h\"\n\nfunc main() {}\n",
            ),
        ],
        run_in: "m",
        workspace: false,
        tidy: true,
    },
    Scenario {
        name: "replace version, path and directory",
        files: &[
            (
                "m/go.mod",
                "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n\texample.com/d v1.0.0\n)\n\nreplace example.com/c v1.0.0 => example.com/c v1.1.0\n\nreplace example.com/d => ./dlocal\n\nreplace example.com/a => example.com/a v1.2.0\n",
            ),
            (
                "m/main.go",
                "package main\n\nimport (\n\t_ \"example.com/a\"\n\t_ \"example.com/c\"\n\t_ \"example.com/d\"\n)\n\nfunc main() {}\n",
            ),
            (
                "m/dlocal/go.mod",
                "module example.com/d\n\ngo 1.16\n\nrequire example.com/f v1.0.0\n",
            ),
            ("m/dlocal/d.go", "package d\n\nimport _ \"example.com/f\"\n"),
        ],
        run_in: "m",
        workspace: false,
        tidy: true,
    },
    Scenario {
        name: "workspace with two modules",
        files: WORKSPACE,
        run_in: "w/w2",
        workspace: true,
        tidy: false,
    },
    Scenario {
        name: "workspace module with GOWORK=off",
        files: WORKSPACE,
        run_in: "w/w2",
        workspace: false,
        tidy: false,
    },
];

const WORKSPACE: &[(&str, &str)] = &[
    (
        "w/go.work",
        "go 1.21\n\nuse (\n\t./w1\n\t./w2\n)\n\nreplace example.com/c v1.0.0 => example.com/c v1.1.0\n",
    ),
    (
        "w/w1/go.mod",
        "module example.com/w1\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n\texample.com/i v1.0.0\n)\n\nexclude example.com/a v1.1.0\n",
    ),
    ("w/w1/w1.go", "package w1\n\nimport _ \"example.com/b\"\n"),
    (
        "w/w2/go.mod",
        "module example.com/w2\n\ngo 1.21\n\nrequire (\n\texample.com/c v1.0.0\n\texample.com/d v1.0.0\n\texample.com/j v1.0.0\n)\n\nreplace example.com/d => ../dlocal\n",
    ),
    (
        "w/w2/w2.go",
        "package w2\n\nimport (\n\t_ \"example.com/c\"\n\t_ \"example.com/d\"\n)\n",
    ),
    (
        "w/dlocal/go.mod",
        "module example.com/d\n\ngo 1.16\n\nrequire example.com/f v1.0.0\n",
    ),
    ("w/dlocal/d.go", "package d\n\nimport _ \"example.com/f\"\n"),
];

struct Setup {
    go: Toolchain,
    base: PathBuf,
    proxy: PathBuf,
}

impl Setup {
    fn env(&self, workspace: bool, goflags: &str) -> BTreeMap<String, String> {
        let s = |p: &str| self.base.join(p).display().to_string();
        let mut vars = BTreeMap::new();
        vars.insert("GOPROXY".into(), format!("file://{}", self.proxy.display()));
        vars.insert("GOSUMDB".into(), "off".into());
        vars.insert(
            "GOFLAGS".into(),
            format!("-modcacherw {goflags}").trim().to_string(),
        );
        vars.insert("GOMODCACHE".into(), s("modcache"));
        vars.insert("GOPATH".into(), s("gopath"));
        vars.insert("GOCACHE".into(), s("gocache"));
        vars.insert("HOME".into(), s("home"));
        vars.insert("GOTOOLCHAIN".into(), "local".into());
        vars.insert("GOTELEMETRY".into(), "off".into());
        vars.insert("PATH".into(), "/usr/bin:/bin".into());
        if !workspace {
            vars.insert("GOWORK".into(), "off".into());
        }
        vars
    }

    /// Runs go; (success, stdout, stderr).
    fn go(
        &self,
        dir: &Path,
        workspace: bool,
        goflags: &str,
        args: &[&str],
    ) -> (bool, String, String) {
        let out = clean_command(&self.go.go, &self.env(workspace, goflags))
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn cache(&self) -> ModCache {
        ModCache::new(self.base.join("modcache"))
    }

    fn release(&self) -> Release {
        Release::from_version(&format!("go{}", self.go.version))
    }
}

fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// What gomedic loads for a scenario.
fn gomedic_load(
    setup: &Setup,
    dir: &Path,
    workspace: bool,
) -> (
    MainModules,
    gomedic_verify::buildlist::BuildList,
    Option<gosum::GoSum>,
) {
    let setting = if workspace {
        WorkSetting::File(dir.parent().unwrap().join("go.work"))
    } else {
        WorkSetting::Off
    };
    let mains = MainModules::load(dir, &setting).unwrap();
    let rules = GoSumRules::for_release(&setup.go.version);
    let sum = needed_sums::read_go_sums(&mains, rules).unwrap();
    let list = graph::load(&mains, &setup.cache(), sum.as_ref(), setup.release());
    (mains, list, sum)
}

/// (build list, replacements) from `go list -m -json all`.
fn go_build_list(setup: &Setup, dir: &Path, workspace: bool) -> (BTreeSet<Mv>, BTreeMap<Mv, Mv>) {
    // -mod=mod lets go load an untidy go.mod (as go mod verify does); the
    // files it may rewrite are restored.
    let saved: Vec<(PathBuf, Option<Vec<u8>>)> = ["go.mod", "go.sum"]
        .iter()
        .map(|f| (dir.join(f), std::fs::read(dir.join(f)).ok()))
        .collect();
    let flags = if workspace { "" } else { "-mod=mod" };
    let (ok, stdout, stderr) = setup.go(dir, workspace, flags, &["list", "-m", "-json", "all"]);
    for (p, data) in saved {
        match data {
            Some(d) => std::fs::write(p, d).unwrap(),
            None => {
                let _ = std::fs::remove_file(p);
            }
        }
    }
    assert!(ok, "go list -m -json all: {stderr}");
    let mut list = BTreeSet::new();
    let mut replaced = BTreeMap::new();
    for v in serde_json::Deserializer::from_str(&stdout).into_iter::<Value>() {
        let v = v.unwrap();
        if v["Main"].as_bool() == Some(true) {
            continue;
        }
        let s = |x: &Value| x.as_str().unwrap_or_default().to_string();
        let mv = (s(&v["Path"]), s(&v["Version"]));
        if v["Replace"].is_object() {
            replaced.insert(
                mv.clone(),
                (s(&v["Replace"]["Path"]), s(&v["Replace"]["Version"])),
            );
        }
        list.insert(mv);
    }
    (list, replaced)
}

/// The modules `go mod verify` flags.
fn go_verify(setup: &Setup, dir: &Path, workspace: bool) -> BTreeSet<Mv> {
    let (_, _, stderr) = setup.go(dir, workspace, "", &["mod", "verify"]);
    stderr
        .lines()
        .filter_map(|l| {
            let (head, _) = l.split_once(": ")?;
            let (p, v) = head.split_once(' ')?;
            p.starts_with("example.com/")
                .then(|| (p.to_string(), v.to_string()))
        })
        .collect()
}

/// The module@version named in "missing go.sum entry" errors.
fn go_missing(stderr: &str) -> bool {
    stderr.contains("missing go.sum entry")
}

#[derive(Default)]
struct Tally {
    cases: BTreeMap<String, (usize, usize)>,
    known_misses: Vec<String>,
    /// (go reported a missing line, it did not) over the deletion cases.
    go_verdicts: (usize, usize),
    /// How each release shows the workspace module's directory replacement.
    workspace_dir_shown: BTreeMap<String, String>,
    disagreements: Vec<String>,
}

impl Tally {
    fn count_verdict(&mut self, missing: bool) {
        if missing {
            self.go_verdicts.0 += 1;
        } else {
            self.go_verdicts.1 += 1;
        }
    }

    fn record(&mut self, release: &str, agree: bool, what: String) {
        let e = self.cases.entry(release.to_string()).or_default();
        e.0 += 1;
        if agree {
            e.1 += 1;
        } else {
            self.disagreements.push(format!("go {release}: {what}"));
        }
    }
}

fn run_release(go: Toolchain, work: &Path, proxy: &Path, tally: &mut Tally) {
    let setup = Setup {
        base: work.join(format!("go-{}", go.version)),
        proxy: proxy.to_path_buf(),
        go,
    };
    let v = setup.go.version.clone();
    std::fs::create_dir_all(&setup.base).unwrap();
    // Replaced originals in the cache too: go mod verify checks them.
    let (ok, _, stderr) = setup.go(
        &setup.base,
        false,
        "",
        &[
            "mod",
            "download",
            "example.com/c@v1.0.0",
            "example.com/d@v1.0.0",
            "example.com/a@v1.0.0",
        ],
    );
    assert!(ok, "{stderr}");
    let mut dirs = Vec::new();
    for (i, sc) in SCENARIOS.iter().enumerate() {
        let root = setup.base.join(format!("s{i}"));
        write_files(&root, sc.files);
        let dir = root.join(sc.run_in);
        if sc.workspace {
            for m in ["w1", "w2"] {
                let (ok, _, stderr) = setup.go(
                    &root.join("w").join(m),
                    true,
                    "",
                    &["list", "-deps", "./..."],
                );
                assert!(ok, "{}: {stderr}", sc.name);
            }
        } else {
            let original = std::fs::read(dir.join("go.mod")).unwrap();
            let (ok, _, stderr) = setup.go(&dir, false, "", &["mod", "tidy"]);
            assert!(ok, "{}: {stderr}", sc.name);
            if !sc.tidy {
                std::fs::write(dir.join("go.mod"), original).unwrap();
            }
        }
        // Build list and replacements.
        let (mains, list, sum) = gomedic_load(&setup, &dir, sc.workspace);
        assert!(list.fatal.is_empty(), "{}: {:?}", sc.name, list.fatal);
        let (go_list, go_replaced) = go_build_list(&setup, &dir, sc.workspace);
        let ours: BTreeSet<Mv> = list.modules.iter().cloned().collect();
        tally.record(
            &v,
            ours == go_list,
            format!(
                "{}: build list\n  go: {go_list:?}\n  gomedic: {ours:?}",
                sc.name
            ),
        );
        let our_replaced: BTreeMap<Mv, Mv> = list
            .replaced
            .iter()
            .map(|r| {
                (
                    (r.path.clone(), r.version.clone()),
                    (r.by.path.clone(), r.by.version.clone()),
                )
            })
            .collect();
        if sc.workspace
            && let Some((shown, _)) =
                go_replaced.get(&("example.com/d".to_string(), "v1.0.0".to_string()))
        {
            tally.workspace_dir_shown.insert(v.clone(), shown.clone());
        }
        tally.record(
            &v,
            our_replaced == go_replaced,
            format!(
                "{}: replacements\n  go: {go_replaced:?}\n  gomedic: {our_replaced:?}",
                sc.name
            ),
        );
        // go.sum lines deleted one at a time (module mode with a tidy go.mod:
        // -mod=readonly commands work on the full go.sum).
        if !sc.workspace && sc.tidy {
            let full = std::fs::read_to_string(dir.join("go.sum")).unwrap();
            // The full go.sum: go needs nothing more, and gomedic must not
            // read a go.mod go does not read (its line would be "missing").
            for (args, ours) in [
                (&["list", "-m", "all"][..], list.missing_go_mod_sums.clone()),
                (
                    &["list", "-deps", "./..."][..],
                    needed_sums::missing_zip_sums(&mains, &list, sum.as_ref().unwrap()),
                ),
            ] {
                let (_, _, stderr) = setup.go(&dir, false, "", args);
                let theirs = go_missing(&stderr);
                tally.count_verdict(theirs);
                tally.record(&v, !theirs && ours.is_empty(), format!("{}: full go.sum: go {args:?} missing={theirs} ({stderr}), gomedic missing {ours:?}", sc.name));
            }
            for line in full.lines().filter(|l| !l.trim().is_empty()) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let key: Mv = (fields[0].to_string(), fields[1].to_string());
                let cut: String = full
                    .lines()
                    .filter(|l| *l != line)
                    .map(|l| format!("{l}\n"))
                    .collect();
                std::fs::write(dir.join("go.sum"), &cut).unwrap();
                let (_, list_cut, sum_cut) = gomedic_load(&setup, &dir, false);
                let sum_cut = sum_cut.unwrap_or_default();
                if let Some(version) = key.1.strip_suffix("/go.mod") {
                    let ours = list_cut
                        .missing_go_mod_sums
                        .contains(&(key.0.clone(), format!("{version}/go.mod")));
                    let (_, _, stderr) = setup.go(&dir, false, "", &["list", "-m", "all"]);
                    let theirs = go_missing(&stderr);
                    tally.count_verdict(theirs);
                    tally.record(&v, ours == theirs, format!("{}: without `{line}`: go list -m all missing={theirs} ({stderr}), gomedic missing={ours}", sc.name));
                } else {
                    let ours =
                        needed_sums::missing_zip_sums(&mains, &list_cut, &sum_cut).contains(&key);
                    let (_, _, stderr) = setup.go(&dir, false, "", &["list", "-deps", "./..."]);
                    let theirs = go_missing(&stderr);
                    tally.count_verdict(theirs);
                    let what = format!(
                        "{}: without `{line}`: go list -deps missing={theirs} ({stderr}), gomedic missing={ours}",
                        sc.name
                    );
                    // The documented limit: without the import graph, the
                    // providers of packages among a go < 1.17 main module's
                    // indirect dependencies are unknown (never over-reported).
                    let main = &mains.modules[0].file;
                    let unknowable = theirs
                        && !ours
                        && main.go_version() == Some("1.16")
                        && !main.require.iter().any(|r| r.path == key.0);
                    if unknowable {
                        tally.known_misses.push(format!("go {v}: {what}"));
                    }
                    tally.record(&v, ours == theirs || unknowable, what);
                }
            }
            std::fs::write(dir.join("go.sum"), &full).unwrap();
        }
        dirs.push((sc, dir, sum.is_some()));
    }
    // Every extracted module in the cache modified: go mod verify flags each
    // module of its build list that is in the cache, replaced originals too.
    let modcache = setup.base.join("modcache/example.com");
    for entry in std::fs::read_dir(&modcache).unwrap().flatten() {
        std::fs::write(entry.path().join("added.go"), "package x\n").unwrap();
    }
    for (sc, dir, _) in &dirs {
        let (_, list, _) = gomedic_load(&setup, dir, sc.workspace);
        let ours: BTreeSet<Mv> = verify_modules(&setup.cache(), &list.modules)
            .into_iter()
            .filter(|r| r.failed())
            .map(|r| (r.path, r.version))
            .collect();
        let theirs = go_verify(&setup, dir, sc.workspace);
        assert!(
            !theirs.is_empty(),
            "{}: go mod verify flagged nothing",
            sc.name
        );
        tally.record(
            &v,
            ours == theirs,
            format!(
                "{}: go mod verify\n  go: {theirs:?}\n  gomedic: {ours:?}",
                sc.name
            ),
        );
    }
}

#[test]
fn exclude_replace_and_workspaces_agree_with_go() {
    let work = tempfile::tempdir().unwrap();
    let proxy = work.path().join("proxy");
    write_proxy(&proxy);
    let mut tally = Tally::default();
    for go in toolchains() {
        run_release(go, work.path(), &proxy, &mut tally);
    }
    for (release, (cases, agreed)) in &tally.cases {
        eprintln!(
            "go {release}: {agreed}/{cases} differential cases agree (known misses included)"
        );
    }
    eprintln!("known misses: {}", tally.known_misses.len());
    // One per release: i v1.0.0's zip line in the unpruned scenario.
    assert_eq!(
        tally.known_misses.len(),
        3,
        "{}",
        tally.known_misses.join("\n")
    );
    assert!(
        tally.disagreements.is_empty(),
        "{}",
        tally.disagreements.join("\n")
    );
    // The deletions exercise both verdicts.
    assert!(
        tally.go_verdicts.0 >= 60 && tally.go_verdicts.1 >= 20,
        "{:?}",
        tally.go_verdicts
    );
    // The release difference gomedic encodes (Release::dot_relative_workspace_replacements).
    assert_eq!(tally.workspace_dir_shown["1.21.13"], "dlocal");
    assert_eq!(tally.workspace_dir_shown["1.22.10"], "./dlocal");
    assert_eq!(tally.workspace_dir_shown["1.27.3"], "./dlocal");
}
