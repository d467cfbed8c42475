//! The macOS and Windows installation-source fixtures of gomedic-checks
//! (crates/gomedic-checks/tests/fixtures/installs/) are made from real facts:
//! the probe reads the real macOS (arm64) and Windows (amd64) Go 1.27.3 trees
//! — VERSION, go.env, the build info of bin/go(.exe) and of pkg/tool — and
//! the GoBinary it builds is moved to where each installer puts Go. This test
//! rebuilds them and fails when the committed files differ
//! (`GOMEDIC_UPDATE_FIXTURES=1` rewrites them).

use gomedic_model::Snapshot;
use gomedic_model::snapshot::{GoBinary, Host, PathEntry, SNAPSHOT_SCHEMA};
use gomedic_probe::gobinaries::{Candidate, binary_facts};
use gomedic_testkit::toolchain_for;
use std::path::{Path, PathBuf};

/// One go as an installer lays it out.
struct Placed {
    /// The go file as found (on PATH or at a well-known location).
    path: &'static str,
    /// What the path resolves to (a link's or junction's target), if other.
    real_root: Option<&'static str>,
    /// The GOROOT it is in.
    root: &'static str,
    on_path: bool,
}

/// Moves every path of `go` from the real tree `tree` to `root`.
fn relocate(go: &mut GoBinary, tree: &Path, root: &str, sep: char) {
    let tree = tree.to_string_lossy().into_owned();
    let moved = |p: &str| -> String {
        match p.strip_prefix(&tree) {
            Some(rest) => format!("{root}{}", rest.replace('/', &sep.to_string())),
            None => p.to_string(),
        }
    };
    if let Some(r) = &go.inferred_goroot {
        go.inferred_goroot = Some(moved(r));
    }
    if let Some(f) = &mut go.goroot_env_file {
        f.path = moved(&f.path);
    }
    for t in &mut go.tools {
        t.path = moved(&t.path);
    }
}

fn build(os: &str, arch: &str, suffix: &str, home: &str, sep: char, placed: &[Placed]) -> Snapshot {
    let tc = toolchain_for("1.27.3", suffix);
    let exe = if os == "windows" { "go.exe" } else { "go" };
    let facts = binary_facts(
        &Candidate {
            path: tc.go.clone(),
            path_index: None,
        },
        os,
        arch,
    );
    assert!(facts.build_info.is_some(), "{facts:?}");
    let mut snap = Snapshot {
        schema: SNAPSHOT_SCHEMA.into(),
        host: Host {
            os: os.into(),
            arch: arch.into(),
            cwd: format!("{home}{sep}src{sep}app"),
            home: Some(home.into()),
            temp_dir: if os == "windows" {
                format!(r"{home}\AppData\Local\Temp")
            } else {
                "/var/folders/xy/T".into()
            },
            ..Host::default()
        },
        ..Snapshot::default()
    };
    for p in placed {
        let mut go = facts.clone();
        relocate(&mut go, &tc.goroot, p.root, sep);
        go.path = p.path.to_string();
        go.real_path = Some(
            p.real_root
                .map(|r| format!("{r}{sep}bin{sep}{exe}"))
                .unwrap_or_else(|| p.path.to_string()),
        );
        if p.on_path {
            let dir = p.path.rsplit_once(sep).map(|(d, _)| d).unwrap_or(p.path);
            go.path_index = Some(snap.path_entries.len());
            snap.path_entries.push(PathEntry {
                raw: dir.to_string(),
                resolved: Some(dir.to_string()),
                exists: true,
                is_dir: true,
                ..PathEntry::default()
            });
        }
        snap.go_binaries.push(go);
    }
    snap.active_go = snap.go_binaries.iter().position(|g| g.path_index.is_some());
    snap
}

fn macos() -> Snapshot {
    let home = "/Users/ana";
    build(
        "darwin",
        "arm64",
        "-macosx_11_0_arm64",
        home,
        '/',
        &[
            // MacPorts: GOROOT in ${prefix}/lib/go, ${prefix}/bin/go links into it.
            Placed {
                path: "/opt/local/bin/go",
                real_root: Some("/opt/local/lib/go"),
                root: "/opt/local/lib/go",
                on_path: true,
            },
            // The go.dev .pkg installs /usr/local/go and /etc/paths.d/go.
            Placed {
                path: "/usr/local/go/bin/go",
                real_root: None,
                root: "/usr/local/go",
                on_path: true,
            },
            // golang.org/dl/go1.27.3 downloads into ~/sdk.
            Placed {
                path: "/Users/ana/sdk/go1.27.3/bin/go",
                real_root: None,
                root: "/Users/ana/sdk/go1.27.3",
                on_path: false,
            },
            // A GOTOOLCHAIN switch downloads the toolchain module.
            Placed {
                path: "/Users/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.darwin-arm64/bin/go",
                real_root: None,
                root: "/Users/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.darwin-arm64",
                on_path: false,
            },
        ],
    )
}

fn windows() -> Snapshot {
    build(
        "windows",
        "amd64",
        "-win_amd64",
        r"C:\Users\ana",
        '\\',
        &[
            // scoop: apps\go\current is a junction to the versioned directory.
            Placed {
                path: r"C:\Users\ana\scoop\apps\go\current\bin\go.exe",
                real_root: Some(r"C:\Users\ana\scoop\apps\go\1.27.3"),
                root: r"C:\Users\ana\scoop\apps\go\current",
                on_path: true,
            },
            // The MSI (also what `winget install GoLang.Go` runs).
            Placed {
                path: r"C:\Program Files\Go\bin\go.exe",
                real_root: None,
                root: r"C:\Program Files\Go",
                on_path: true,
            },
            Placed {
                path: r"C:\Users\ana\sdk\go1.27.3\bin\go.exe",
                real_root: None,
                root: r"C:\Users\ana\sdk\go1.27.3",
                on_path: false,
            },
            Placed {
                path: r"C:\Users\ana\go\pkg\mod\golang.org\toolchain@v0.0.1-go1.27.3.windows-amd64\bin\go.exe",
                real_root: None,
                root: r"C:\Users\ana\go\pkg\mod\golang.org\toolchain@v0.0.1-go1.27.3.windows-amd64",
                on_path: false,
            },
        ],
    )
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../gomedic-checks/tests/fixtures/installs")
        .join(name)
}

fn compare_or_update(name: &str, snap: &Snapshot) {
    let path = fixture_path(name);
    let fresh = serde_json::to_string_pretty(snap).unwrap() + "\n";
    if std::env::var_os("GOMEDIC_UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (GOMEDIC_UPDATE_FIXTURES=1 writes it)",
            path.display()
        )
    });
    assert!(
        committed == fresh,
        "{} differs from what the real trees give (GOMEDIC_UPDATE_FIXTURES=1 rewrites it)",
        path.display()
    );
}

#[test]
fn macos_install_sources_fixture_is_made_of_real_facts() {
    let snap = macos();
    let go = &snap.go_binaries[0];
    assert_eq!(go.root_version.as_deref(), Some("go1.27.3"));
    let exe = go.executable.as_ref().unwrap();
    assert_eq!(
        (exe.goos.as_deref(), exe.goarch.as_deref()),
        (Some("darwin"), Some("arm64"))
    );
    assert!(go.tools.iter().any(|t| {
        t.name == "compile"
            && t.path
                .starts_with("/opt/local/lib/go/pkg/tool/darwin_arm64/")
    }));
    compare_or_update("macos-macports-pkg-sdk.json", &snap);
}

#[test]
fn windows_install_sources_fixture_is_made_of_real_facts() {
    let snap = windows();
    let go = &snap.go_binaries[1];
    assert_eq!(go.root_version.as_deref(), Some("go1.27.3"));
    let exe = go.executable.as_ref().unwrap();
    assert_eq!(
        (exe.goos.as_deref(), exe.goarch.as_deref()),
        (Some("windows"), Some("amd64"))
    );
    assert!(
        go.tools.iter().any(|t| t
            .path
            .starts_with(r"C:\Program Files\Go\pkg\tool\windows_amd64\")),
        "{:?}",
        go.tools
    );
    compare_or_update("windows-scoop-msi-sdk.json", &snap);
}
