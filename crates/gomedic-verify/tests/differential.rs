#![cfg(unix)]
//! Differential tests: a real module cache built by the real go command
//! (1.21.13, 1.22.10, 1.27.3) from a file:// proxy written here, corrupted
//! in many ways; gomedic must flag exactly the modules `go mod verify` flags
//! (or stop with a fatal error exactly when go does), and never write.

use gomedic_go::gosum::{self, GoSumRules};
use gomedic_testkit::{Toolchain, clean_command, toolchains};
use gomedic_verify::{ModCache, buildlist, verify_modules};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

struct Module {
    path: &'static str,
    escaped: &'static str,
    version: &'static str,
    go_mod: &'static str,
    files: &'static [(&'static str, &'static str)],
}

const MODULES: &[Module] = &[
    Module {
        path: "example.com/simple",
        escaped: "example.com/simple",
        version: "v1.0.0",
        go_mod: "module example.com/simple\n\ngo 1.21\n",
        files: &[
            ("simple.go", "package simple\n"),
            ("sub/deep/x.go", "package deep\n// x\n"),
        ],
    },
    Module {
        path: "example.com/UpperCase",
        escaped: "example.com/!upper!case",
        version: "v1.0.0",
        go_mod: "module example.com/UpperCase\n\ngo 1.21\n",
        files: &[
            ("upper.go", "package uppercase\n"),
            ("README.md", "# upper\n"),
        ],
    },
    Module {
        path: "example.com/incompat",
        escaped: "example.com/incompat",
        version: "v2.0.0+incompatible",
        go_mod: "module example.com/incompat\n",
        files: &[("incompat.go", "package incompat\n"), ("LICENSE", "MIT\n")],
    },
    Module {
        path: "example.com/m/v2",
        escaped: "example.com/m/v2",
        version: "v2.0.0",
        go_mod: "module example.com/m/v2\n\ngo 1.20\n",
        files: &[
            ("m.go", "package m\n"),
            ("internal/i.go", "package internal\n"),
        ],
    },
];

fn write_zip(dest: &Path, m: &Module, extra: &str) {
    let file = std::fs::File::create(dest).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let prefix = format!("{}@{}/", m.path, m.version);
    if m.path != "example.com/incompat" {
        zip.start_file(format!("{prefix}go.mod"), options).unwrap();
        zip.write_all(m.go_mod.as_bytes()).unwrap();
    }
    for (name, content) in m.files {
        zip.start_file(format!("{prefix}{name}"), options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.write_all(extra.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn write_proxy(root: &Path) {
    for m in MODULES {
        let v = root.join(m.escaped).join("@v");
        std::fs::create_dir_all(&v).unwrap();
        let esc_version = m.version;
        std::fs::write(v.join("list"), format!("{esc_version}\n")).unwrap();
        std::fs::write(
            v.join(format!("{esc_version}.info")),
            format!(
                "{{\"Version\":\"{}\",\"Time\":\"2024-01-01T00:00:00Z\"}}",
                m.version
            ),
        )
        .unwrap();
        std::fs::write(v.join(format!("{esc_version}.mod")), m.go_mod).unwrap();
        write_zip(&v.join(format!("{esc_version}.zip")), m, "");
    }
}

fn env(base: &Path, proxy: &Path) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    let s = |p: PathBuf| p.display().to_string();
    vars.insert("GOPROXY".into(), format!("file://{}", proxy.display()));
    vars.insert("GOSUMDB".into(), "off".into());
    vars.insert("GOFLAGS".into(), "-mod=mod -modcacherw".into());
    vars.insert("GOMODCACHE".into(), s(base.join("modcache")));
    vars.insert("GOPATH".into(), s(base.join("gopath")));
    vars.insert("GOCACHE".into(), s(base.join("gocache")));
    vars.insert("HOME".into(), s(base.join("home")));
    vars.insert("GOTOOLCHAIN".into(), "local".into());
    vars.insert("GOTELEMETRY".into(), "off".into());
    vars.insert("PATH".into(), "/usr/bin:/bin".into());
    vars
}

/// Builds `<base>/{main,modcache}` with the real go.
fn build_cache(go: &Toolchain, base: &Path, proxy: &Path) {
    let main = base.join("main");
    std::fs::create_dir_all(&main).unwrap();
    let mut go_mod = String::from("module example.com/main\n\ngo 1.21\n\nrequire (\n");
    for m in MODULES {
        go_mod.push_str(&format!("\t{} {}\n", m.path, m.version));
    }
    go_mod.push_str(")\n");
    std::fs::write(main.join("go.mod"), go_mod).unwrap();
    let out = clean_command(&go.go, &env(base, proxy))
        .args(["mod", "download", "all"])
        .current_dir(&main)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "go mod download: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(main.join("go.sum").is_file());
}

fn copy_tree(from: &Path, to: &Path) {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

/// (fatal, flagged modules) as `go mod verify` says.
fn go_verdict(go: &Toolchain, base: &Path, proxy: &Path) -> (bool, BTreeSet<String>, String) {
    let out = clean_command(&go.go, &env(base, proxy))
        .args(["mod", "verify"])
        .current_dir(base.join("main"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut flagged = BTreeSet::new();
    for line in stderr.lines() {
        for m in MODULES {
            if line.starts_with(&format!("{} {}: ", m.path, m.version)) {
                flagged.insert(m.path.to_string());
            }
        }
    }
    let fatal = !out.status.success() && flagged.is_empty();
    (fatal, flagged, stderr)
}

/// (fatal, flagged modules) as gomedic says.
fn gomedic_verdict(go: &Toolchain, base: &Path) -> (bool, BTreeSet<String>, String) {
    let main = base.join("main");
    let cache = ModCache::new(base.join("modcache"));
    let rules = GoSumRules::for_release(&go.version);
    let sum = match std::fs::read(main.join("go.sum")) {
        Ok(data) => match gosum::parse("go.sum", &data, rules) {
            Ok(s) => Some(s),
            Err(e) => return (true, BTreeSet::new(), e.to_string()),
        },
        Err(_) => None,
    };
    let list = buildlist::build_list(&main, &cache, sum.as_ref()).unwrap();
    if !list.fatal.is_empty() {
        return (true, BTreeSet::new(), list.fatal.join("\n"));
    }
    let results = verify_modules(&cache, &list.modules);
    let flagged = results
        .iter()
        .filter(|r| r.failed())
        .map(|r| r.path.clone())
        .collect();
    let text = results
        .iter()
        .flat_map(|r| r.go_errors.clone())
        .collect::<Vec<_>>()
        .join("\n");
    (false, flagged, text)
}

fn dir_of(base: &Path, m: usize) -> PathBuf {
    let m = &MODULES[m];
    base.join("modcache")
        .join(format!("{}@{}", m.escaped, m.version))
}

fn download_file(base: &Path, m: usize, ext: &str) -> PathBuf {
    let m = &MODULES[m];
    base.join("modcache/cache/download")
        .join(m.escaped)
        .join("@v")
        .join(format!("{}.{ext}", m.version))
}

fn edit_go_sum(base: &Path, edit: impl Fn(String) -> String) {
    let p = base.join("main/go.sum");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, edit(text)).unwrap();
}

type Corruption = (&'static str, fn(&Path));

const BAD_H1: &str = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

fn corruptions() -> Vec<Corruption> {
    vec![
        ("none", |_| {}),
        ("edit a byte", |b| {
            let p = dir_of(b, 0).join("simple.go");
            let mut data = std::fs::read(&p).unwrap();
            data[0] ^= 1;
            std::fs::write(p, data).unwrap();
        }),
        ("truncate a file", |b| {
            std::fs::write(dir_of(b, 1).join("README.md"), "").unwrap();
        }),
        ("add a file", |b| {
            std::fs::write(dir_of(b, 3).join("extra.go"), "package m\n").unwrap()
        }),
        ("delete a file", |b| {
            std::fs::remove_file(dir_of(b, 2).join("LICENSE")).unwrap()
        }),
        ("replace a zip", |b| {
            write_zip(&download_file(b, 3, "zip"), &MODULES[3], "// changed\n")
        }),
        ("drop a .ziphash", |b| {
            std::fs::remove_file(download_file(b, 3, "ziphash")).unwrap()
        }),
        ("drop .ziphash and zip", |b| {
            std::fs::remove_file(download_file(b, 0, "ziphash")).unwrap();
            std::fs::remove_file(download_file(b, 0, "zip")).unwrap();
        }),
        ("garbage zip", |b| {
            std::fs::write(download_file(b, 1, "zip"), "not a zip").unwrap()
        }),
        ("edit .ziphash", |b| {
            std::fs::write(download_file(b, 2, "ziphash"), BAD_H1).unwrap()
        }),
        ("partial marker and edited dir", |b| {
            std::fs::write(download_file(b, 0, "partial"), "").unwrap();
            std::fs::write(dir_of(b, 0).join("simple.go"), "changed").unwrap();
        }),
        ("dir removed", |b| {
            std::fs::remove_dir_all(dir_of(b, 1)).unwrap()
        }),
        ("symlink loop in dir", |b| {
            std::os::unix::fs::symlink("loop", dir_of(b, 0).join("loop")).unwrap();
        }),
        ("edit go.sum zip line", |b| {
            edit_go_sum(b, |t| {
                t.lines()
                    .map(|l| {
                        if l.starts_with("example.com/simple v1.0.0 h1:") {
                            format!("example.com/simple v1.0.0 {BAD_H1}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            })
        }),
        ("edit go.sum go.mod line", |b| {
            edit_go_sum(b, |t| {
                t.lines()
                    .map(|l| {
                        if l.starts_with("example.com/m/v2 v2.0.0/go.mod ") {
                            format!("example.com/m/v2 v2.0.0/go.mod {BAD_H1}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            })
        }),
        ("two h1 lines for one go.mod key, wrong first", |b| {
            edit_go_sum(b, |t| {
                format!("example.com/simple v1.0.0/go.mod {BAD_H1}\n{t}")
            })
        }),
        ("two h1 lines for one go.mod key, right first", |b| {
            edit_go_sum(b, |t| {
                format!("{t}example.com/simple v1.0.0/go.mod {BAD_H1}\n")
            })
        }),
        ("malformed go.sum line", |b| {
            edit_go_sum(b, |t| format!("{t}example.com/simple v1.0.0\n"))
        }),
        ("malformed go.sum line first", |b| {
            edit_go_sum(b, |t| format!("example.com/x\n{t}"))
        }),
        ("edit cached .mod", |b| {
            std::fs::write(
                download_file(b, 1, "mod"),
                "module example.com/UpperCase\n\ngo 1.22\n",
            )
            .unwrap()
        }),
    ]
}

/// Every file's (size, mtime, sha256) under `dir`.
fn fingerprint(dir: &Path, out: &mut BTreeMap<PathBuf, (u64, std::time::SystemTime, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let meta = entry.path().symlink_metadata().unwrap();
        if meta.is_dir() {
            fingerprint(&entry.path(), out);
        } else {
            let data = if meta.is_file() {
                std::fs::read(entry.path()).unwrap()
            } else {
                Vec::new()
            };
            out.insert(
                entry.path(),
                (
                    meta.len(),
                    meta.modified().unwrap(),
                    Sha256::digest(data).to_vec(),
                ),
            );
        }
    }
}

#[test]
fn corrupted_caches_flag_exactly_what_go_mod_verify_flags() {
    let work = tempfile::tempdir().unwrap();
    let proxy = work.path().join("proxy");
    write_proxy(&proxy);
    let mut disagreements = Vec::new();
    let mut verdicts = BTreeMap::new();
    for go in toolchains() {
        let pristine = work.path().join(format!("pristine-{}", go.version));
        build_cache(&go, &pristine, &proxy);
        for (i, (name, corrupt)) in corruptions().into_iter().enumerate() {
            let base = work.path().join(format!("case-{}-{i}", go.version));
            copy_tree(&pristine, &base);
            corrupt(&base);
            let mut before = BTreeMap::new();
            fingerprint(&base, &mut before);
            let ours = gomedic_verdict(&go, &base);
            let mut after = BTreeMap::new();
            fingerprint(&base, &mut after);
            assert_eq!(before, after, "gomedic wrote to the cache ({name})");
            let theirs = go_verdict(&go, &base, &proxy);
            if (ours.0, &ours.1) != (theirs.0, &theirs.1) {
                disagreements.push(format!(
                    "go {} / {name}:\n  go: fatal={} {:?}\n{}\n  gomedic: fatal={} {:?}\n{}",
                    go.version, theirs.0, theirs.1, theirs.2, ours.0, ours.1, ours.2
                ));
            }
            verdicts.insert((go.version.clone(), name), theirs.clone());
            if name == "none" {
                assert!(!ours.0 && ours.1.is_empty(), "pristine cache: {}", ours.2);
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // The scenarios do exercise go's verdicts, per release.
    let flagged = |v: &str, case: &str| {
        verdicts[&(v.to_string(), case)]
            .1
            .iter()
            .cloned()
            .collect::<Vec<_>>()
    };
    let fatal = |v: &str, case: &str| verdicts[&(v.to_string(), case)].0;
    assert_eq!(flagged("1.27.3", "edit a byte"), ["example.com/simple"]);
    assert_eq!(flagged("1.27.3", "replace a zip"), ["example.com/m/v2"]);
    assert_eq!(flagged("1.27.3", "drop a .ziphash"), ["example.com/m/v2"]);
    assert!(flagged("1.27.3", "drop .ziphash and zip").is_empty());
    assert!(flagged("1.27.3", "edit go.sum zip line").is_empty());
    assert!(fatal("1.27.3", "edit go.sum go.mod line"));
    assert!(fatal("1.22.10", "malformed go.sum line"));
    assert!(!fatal("1.21.13", "malformed go.sum line"));
    assert_eq!(
        flagged("1.27.3", "symlink loop in dir"),
        ["example.com/simple"]
    );
}
