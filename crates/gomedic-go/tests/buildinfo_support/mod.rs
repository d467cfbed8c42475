//! Builds real Go binaries for the build-info tests: a tiny program with a
//! dependency from a file:// GOPROXY written here, a `replace` to a local
//! directory and a git commit (VCS stamps).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gomedic_testkit::{Toolchain, clean_command};

/// A stored (uncompressed) zip archive, enough for a module zip.
fn zip_stored(files: &[(&str, &[u8])]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let mut local = Vec::new();
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&local);
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        central.truncate(central.len() - 1);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 8]);
        central.extend_from_slice(&[0; 4]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn write(path: &Path, data: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

/// The source tree and proxy of the test program, under `root`.
pub struct Project {
    pub root: PathBuf,
    pub app: PathBuf,
    pub proxy: PathBuf,
}

pub fn write_project(root: &Path) -> Project {
    let proxy = root.join("proxy");
    let dep_mod = "module example.com/dep\n\ngo 1.21\n";
    let dep_go = "package dep\n\nfunc Name() string { return \"dep\" }\n";
    let at = proxy.join("example.com/dep/@v");
    write(&at.join("list"), "v1.0.0\n");
    write(
        &at.join("v1.0.0.info"),
        "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}\n",
    );
    write(&at.join("v1.0.0.mod"), dep_mod);
    write(
        &at.join("v1.0.0.zip"),
        zip_stored(&[
            ("example.com/dep@v1.0.0/go.mod", dep_mod.as_bytes()),
            ("example.com/dep@v1.0.0/dep.go", dep_go.as_bytes()),
        ]),
    );
    let app = root.join("app");
    write(
        &app.join("go.mod"),
        "module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/repl v0.0.0\n)\n\nreplace example.com/repl => ./repl\n",
    );
    write(
        &app.join("main.go"),
        "package main\n\nimport (\n\t\"example.com/dep\"\n\t\"example.com/repl\"\n)\n\nfunc main() { println(dep.Name(), repl.Name()) }\n",
    );
    write(
        &app.join("repl/go.mod"),
        "module example.com/repl\n\ngo 1.21\n",
    );
    write(
        &app.join("repl/repl.go"),
        "package repl\n\nfunc Name() string { return \"repl\" }\n",
    );
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(&app)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
            .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
            .output()
            .expect("git must be installed");
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "fixture"]);
    Project {
        root: root.to_path_buf(),
        app,
        proxy,
    }
}

/// A persistent build cache shared by test runs.
pub fn go_cache() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("buildinfo-gocache");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn go_vars(project: &Project, goos: &str, goarch: &str) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    let root = project.root.display().to_string();
    vars.insert("HOME".into(), format!("{root}/home"));
    vars.insert("PATH".into(), std::env::var("PATH").unwrap_or_default());
    vars.insert(
        "GOPROXY".into(),
        format!("file://{}", project.proxy.display()),
    );
    vars.insert("GOSUMDB".into(), "off".into());
    vars.insert("GOFLAGS".into(), "-mod=mod".into());
    vars.insert("GOTOOLCHAIN".into(), "local".into());
    vars.insert("GOCACHE".into(), go_cache().display().to_string());
    vars.insert("GOMODCACHE".into(), format!("{root}/modcache"));
    vars.insert("GOPATH".into(), format!("{root}/gopath"));
    vars.insert("CGO_ENABLED".into(), "0".into());
    vars.insert("GOOS".into(), goos.into());
    vars.insert("GOARCH".into(), goarch.into());
    vars
}

/// Builds the program; `extra` are more `go build` flags.
pub fn build(
    tc: &Toolchain,
    project: &Project,
    goos: &str,
    goarch: &str,
    extra: &[&str],
    out: &Path,
) {
    let output = clean_command(&tc.go, &go_vars(project, goos, goarch))
        .arg("build")
        .args(extra)
        .arg("-o")
        .arg(out)
        .arg(".")
        .current_dir(&project.app)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "go{} build {goos}/{goarch} {extra:?}: {}",
        tc.version,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `go version -m FILE` of `tc`: stdout then stderr, with the exit code.
pub fn go_version_m(tc: &Toolchain, file: &Path, json: bool) -> (String, i32) {
    let mut vars = BTreeMap::new();
    vars.insert(
        "HOME".to_string(),
        std::env::temp_dir().display().to_string(),
    );
    vars.insert("GOTOOLCHAIN".to_string(), "local".to_string());
    let mut cmd = clean_command(&tc.go, &vars);
    cmd.args(["version", "-m"]);
    if json {
        cmd.arg("-json");
    }
    let output = cmd.arg(file).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (text, output.status.code().unwrap_or(-1))
}

/// What gomedic says for `file`, formatted like `go version -m`.
pub fn ours_text(file: &Path, version: &str) -> String {
    use gomedic_go::buildinfo::{ReaderGeneration, parse_with};
    let data = std::fs::read(file).unwrap();
    let name = file.display();
    match parse_with(&data, ReaderGeneration::for_release(version)) {
        Ok(info) => format!("{name}: {}\n{}", info.go_version, info.to_modinfo_text()),
        Err(e) => format!("{name}: could not read Go build info from {name}: {e}\n"),
    }
}

pub fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}
