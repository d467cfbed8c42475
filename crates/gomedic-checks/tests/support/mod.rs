//! Snapshot builders for the check tests: a healthy machine per OS that a
//! test then breaks in one way.

#![allow(dead_code)]

use gomedic_go::buildinfo::{BuildInfo, BuildSetting, ExecutableKind};
use gomedic_go::env::{EnvSource, EnvVar, GoEnv};
use gomedic_model::Snapshot;
use gomedic_model::snapshot::{
    DirFact, GoBinary, GoTreeFact, Host, MountFact, PathEntry, TextFile, ToolFact,
};

pub const GO_ENV_UPSTREAM: &str =
    "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n";

pub fn go_binary(
    path: &str,
    goroot: &str,
    version: &str,
    goos: &str,
    goarch: &str,
    path_index: Option<usize>,
    sep: char,
) -> GoBinary {
    let tools = ["compile", "link", "asm"]
        .iter()
        .map(|t| ToolFact {
            name: t.to_string(),
            path: format!("{goroot}{sep}pkg{sep}tool{sep}{goos}_{goarch}{sep}{t}"),
            go_version: Some(version.to_string()),
        })
        .collect();
    GoBinary {
        path: path.to_string(),
        path_index,
        real_path: Some(path.to_string()),
        file_problem: None,
        executable: Some(ExecutableKind {
            format: match goos {
                "windows" => "pe",
                "darwin" => "macho",
                _ => "elf",
            }
            .to_string(),
            goos: Some(goos.to_string()),
            goarch: Some(goarch.to_string()),
        }),
        build_info: Some(BuildInfo {
            go_version: version.to_string(),
            path: "cmd/go".to_string(),
            settings: vec![
                BuildSetting {
                    key: "-trimpath".into(),
                    value: "true".into(),
                },
                BuildSetting {
                    key: "GOOS".into(),
                    value: goos.into(),
                },
                BuildSetting {
                    key: "GOARCH".into(),
                    value: goarch.into(),
                },
            ],
            ..Default::default()
        }),
        build_info_error: None,
        inferred_goroot: Some(goroot.to_string()),
        root_version: Some(version.to_string()),
        goroot_env_file: Some(TextFile {
            path: format!("{goroot}{sep}go.env"),
            exists: true,
            content: Some(GO_ENV_UPSTREAM.to_string()),
            truncated: false,
            error: None,
        }),
        tools,
        run: None,
    }
}

pub fn var(value: &str, source: EnvSource) -> EnvVar {
    EnvVar {
        value: value.to_string(),
        source,
    }
}

pub fn computed(value: &str) -> EnvVar {
    var(
        value,
        EnvSource::Computed {
            why: "default".into(),
        },
    )
}

pub fn dir(roles: &[&str]) -> DirFact {
    DirFact {
        roles: roles.iter().map(|r| r.to_string()).collect(),
        exists: true,
        is_dir: true,
        writable: Some(true),
        nearest_existing: None,
        owner_uid: Some(1000),
        mount: Some(MountFact {
            mount_point: "/".into(),
            fs_type: "ext4".into(),
            options: vec!["rw".into()],
            source: None,
        }),
        error: None,
        go_tree: None,
    }
}

pub fn goroot_dir(version: &str, real: &str) -> DirFact {
    DirFact {
        go_tree: Some(GoTreeFact {
            version: Some(version.to_string()),
            has_pkg_tool: true,
            has_src_runtime: true,
            real_path: Some(real.to_string()),
        }),
        ..dir(&["GOROOT"])
    }
}

fn path_entries(entries: &[&str]) -> Vec<PathEntry> {
    entries
        .iter()
        .map(|e| PathEntry {
            raw: e.to_string(),
            resolved: Some(e.to_string()),
            exists: true,
            is_dir: true,
            duplicate_of: None,
            error: None,
        })
        .collect()
}

fn base(
    host: Host,
    path: &[&str],
    path_var: &str,
    go: GoBinary,
    vars: &[(&str, EnvVar)],
    env: &[(&str, &str)],
) -> Snapshot {
    let mut snap = Snapshot {
        schema: "gomedic.snapshot/v1".into(),
        gomedic_version: "0.1.0".into(),
        host,
        ..Default::default()
    };
    snap.path_entries = path_entries(path);
    snap.env.insert(
        path_var.to_string(),
        path.join(if snap.is_windows() { ";" } else { ":" }),
    );
    for (k, v) in env {
        snap.env.insert(k.to_string(), v.to_string());
    }
    snap.go_binaries.push(go);
    snap.active_go = Some(0);
    let mut go_env = GoEnv::default();
    for (k, v) in vars {
        go_env.vars.insert(k.to_string(), v.clone());
    }
    snap.go_env = Some(go_env);
    snap
}

fn common_vars(goos: &str, goarch: &str) -> Vec<(&'static str, EnvVar)> {
    let go_env_src = |line| EnvSource::GorootFile {
        path: "go.env".into(),
        line,
    };
    vec![
        ("GOOS", computed(goos)),
        ("GOARCH", computed(goarch)),
        (
            "GOPROXY",
            var("https://proxy.golang.org,direct", go_env_src(1)),
        ),
        ("GOSUMDB", var("sum.golang.org", go_env_src(2))),
        ("GOTOOLCHAIN", var("auto", go_env_src(3))),
        ("GO111MODULE", computed("")),
        ("GOFLAGS", computed("")),
        ("GOBIN", computed("")),
        ("GOROOT", computed("")),
        ("GONOPROXY", computed("")),
        ("GONOSUMDB", computed("")),
        ("GOTMPDIR", computed("")),
    ]
}

/// A healthy Linux machine: official Go 1.27.3 in /usr/local/go, ~/go/bin on PATH, gcc installed.
pub fn linux() -> Snapshot {
    let host = Host {
        os: "linux".into(),
        arch: "amd64".into(),
        cwd: "/home/ana/src/app".into(),
        home: Some("/home/ana".into()),
        uid: Some(1000),
        temp_dir: "/tmp".into(),
        wsl: false,
    };
    let path = [
        "/usr/local/bin",
        "/usr/bin",
        "/bin",
        "/usr/local/go/bin",
        "/home/ana/go/bin",
    ];
    let go = go_binary(
        "/usr/local/go/bin/go",
        "/usr/local/go",
        "go1.27.3",
        "linux",
        "amd64",
        Some(3),
        '/',
    );
    let mut vars = common_vars("linux", "amd64");
    vars.extend([
        ("GOPATH", computed("/home/ana/go")),
        ("GOMODCACHE", computed("/home/ana/go/pkg/mod")),
        ("GOCACHE", computed("/home/ana/.cache/go-build")),
        ("CC", computed("gcc")),
        ("CGO_ENABLED", computed("1")),
    ]);
    let mut snap = base(host, &path, "PATH", go, &vars, &[("HOME", "/home/ana")]);
    snap.dirs.insert("/home/ana/go".into(), dir(&["GOPATH"]));
    snap.dirs
        .insert("/home/ana/go/pkg/mod".into(), dir(&["GOMODCACHE"]));
    snap.dirs
        .insert("/home/ana/.cache/go-build".into(), dir(&["GOCACHE"]));
    snap.dirs.insert("/home/ana/go/bin".into(), dir(&["GOBIN"]));
    snap.dirs.insert("/tmp".into(), dir(&["TEMP"]));
    snap.dirs.insert(
        "/usr/local/go".into(),
        goroot_dir("go1.27.3", "/usr/local/go"),
    );
    snap.path_lookups
        .insert("gcc".into(), Some("/usr/bin/gcc".into()));
    snap.project.dir = "/home/ana/src/app".into();
    snap.project.has_go_files = true;
    snap.project.go_mod = Some(TextFile {
        path: "/home/ana/src/app/go.mod".into(),
        exists: true,
        content: Some("module app\n\ngo 1.27\n".into()),
        ..Default::default()
    });
    snap.project.found_above = vec!["/home/ana/src/app/go.mod".into()];
    snap
}

/// A healthy Windows machine: the MSI's C:\Program Files\Go, GOPATH as a user variable, no gcc.
pub fn windows() -> Snapshot {
    let host = Host {
        os: "windows".into(),
        arch: "amd64".into(),
        cwd: "C:\\Users\\Ana\\src\\app".into(),
        home: Some("C:\\Users\\Ana".into()),
        uid: None,
        temp_dir: "C:\\Users\\Ana\\AppData\\Local\\Temp".into(),
        wsl: false,
    };
    let path = [
        "C:\\Windows\\system32",
        "C:\\Windows",
        "C:\\Program Files\\Go\\bin",
        "C:\\Users\\Ana\\go\\bin",
    ];
    let go = go_binary(
        "C:\\Program Files\\Go\\bin\\go.exe",
        "C:\\Program Files\\Go",
        "go1.27.3",
        "windows",
        "amd64",
        Some(2),
        '\\',
    );
    let mut vars = common_vars("windows", "amd64");
    vars.extend([
        ("GOPATH", var("C:\\Users\\Ana\\go", EnvSource::Process)),
        ("GOMODCACHE", computed("C:\\Users\\Ana\\go\\pkg\\mod")),
        (
            "GOCACHE",
            computed("C:\\Users\\Ana\\AppData\\Local\\go-build"),
        ),
        ("CC", computed("gcc")),
        ("CGO_ENABLED", computed("0")),
    ]);
    let env = [
        ("USERPROFILE", "C:\\Users\\Ana"),
        ("LocalAppData", "C:\\Users\\Ana\\AppData\\Local"),
        ("PATHEXT", ".COM;.EXE;.BAT;.CMD"),
        ("GOPATH", "C:\\Users\\Ana\\go"),
    ];
    let mut snap = base(host, &path, "Path", go, &vars, &env);
    snap.dirs
        .insert("C:\\Users\\Ana\\go".into(), dir(&["GOPATH"]));
    snap.dirs.insert(
        "C:\\Users\\Ana\\AppData\\Local\\go-build".into(),
        dir(&["GOCACHE"]),
    );
    snap.dirs.insert(
        "C:\\Program Files\\Go".into(),
        goroot_dir("go1.27.3", "C:\\Program Files\\Go"),
    );
    snap.path_lookups.insert("gcc".into(), None);
    snap.project.dir = "C:\\Users\\Ana\\src\\app".into();
    snap.project.has_go_files = true;
    snap.project.go_mod = Some(TextFile {
        path: "C:\\Users\\Ana\\src\\app\\go.mod".into(),
        exists: true,
        content: Some("module app\n".into()),
        ..Default::default()
    });
    snap
}

/// A healthy Apple Silicon Mac with Homebrew Go.
pub fn macos() -> Snapshot {
    let host = Host {
        os: "darwin".into(),
        arch: "arm64".into(),
        cwd: "/Users/ana/src/app".into(),
        home: Some("/Users/ana".into()),
        uid: Some(501),
        temp_dir: "/var/folders/xy/T".into(),
        wsl: false,
    };
    let path = ["/opt/homebrew/bin", "/usr/bin", "/bin", "/Users/ana/go/bin"];
    let mut go = go_binary(
        "/opt/homebrew/bin/go",
        "/opt/homebrew/Cellar/go/1.27.3/libexec",
        "go1.27.3",
        "darwin",
        "arm64",
        Some(0),
        '/',
    );
    go.real_path = Some("/opt/homebrew/Cellar/go/1.27.3/libexec/bin/go".into());
    let mut vars = common_vars("darwin", "arm64");
    vars.extend([
        ("GOPATH", computed("/Users/ana/go")),
        ("GOMODCACHE", computed("/Users/ana/go/pkg/mod")),
        ("GOCACHE", computed("/Users/ana/Library/Caches/go-build")),
        ("CC", computed("clang")),
        ("CGO_ENABLED", computed("1")),
    ]);
    let mut snap = base(host, &path, "PATH", go, &vars, &[("HOME", "/Users/ana")]);
    snap.dirs.insert("/Users/ana/go".into(), dir(&["GOPATH"]));
    snap.dirs.insert(
        "/Users/ana/Library/Caches/go-build".into(),
        dir(&["GOCACHE"]),
    );
    snap.path_lookups
        .insert("clang".into(), Some("/usr/bin/clang".into()));
    snap.project.dir = "/Users/ana/src/app".into();
    snap.project.go_mod = Some(TextFile {
        path: "/Users/ana/src/app/go.mod".into(),
        exists: true,
        content: Some("module app\n".into()),
        ..Default::default()
    });
    snap
}

pub fn set(snap: &mut Snapshot, key: &str, value: EnvVar) {
    snap.go_env
        .as_mut()
        .expect("go_env")
        .vars
        .insert(key.to_string(), value);
}

/// Sets a variable as exported in the OS environment.
pub fn export(snap: &mut Snapshot, key: &str, value: &str) {
    snap.env.insert(key.to_string(), value.to_string());
    set(snap, key, var(value, EnvSource::Process));
}

pub fn ids(snap: &Snapshot) -> Vec<String> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .map(|f| f.id)
        .collect()
}
