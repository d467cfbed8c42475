//! Installing a real toolchain the way its official archive installs it.
//!
//! The toolchains in the test cache were unpacked from PyPI wheels, which
//! drop file times. An official archive (cmd/distpack) stamps every file with
//! the `time` line of VERSION and `tar -x` keeps it; these helpers pipe the
//! cached tree through the real `tar` with that stamp (`--mtime`), so the
//! result has exactly the files and times an extracted official archive has.

use crate::Toolchain;
use std::path::Path;
use std::process::{Command, Stdio};

/// The `time` value of the toolchain's VERSION file (`2024-11-27T20:27:20Z`).
pub fn release_time(tc: &Toolchain) -> String {
    let text = std::fs::read_to_string(tc.goroot.join("VERSION")).expect("read VERSION");
    text.lines()
        .find_map(|l| l.strip_prefix("time "))
        .unwrap_or_else(|| panic!("{}/VERSION has no time line", tc.goroot.display()))
        .trim()
        .to_string()
}

/// Extracts the release over `dest` (creating `dest/go`, overwriting files
/// already there and deleting none, as `tar -C dest -xzf go*.tar.gz` does).
/// `members` limits the extraction to paths under `go/` (e.g. `["go/VERSION",
/// "go/src"]`); empty means the whole release.
pub fn extract_release(tc: &Toolchain, dest: &Path, members: &[&str]) {
    std::fs::create_dir_all(dest).expect("create destination");
    let parent = tc.goroot.parent().expect("GOROOT has a parent");
    let mut create = Command::new("tar");
    create
        .arg("-C")
        .arg(parent)
        .arg(format!("--mtime={}", release_time(tc)))
        // The wheel's Python marker is not part of the Go release.
        .args(["--exclude=go/__init__.py", "-cf", "-"]);
    if members.is_empty() {
        create.arg("go");
    } else {
        create.args(members);
    }
    let mut create = create
        .stdout(Stdio::piped())
        .spawn()
        .expect("run tar to create the archive");
    let archive = create.stdout.take().expect("tar stdout");
    let extracted = Command::new("tar")
        .arg("-C")
        .arg(dest)
        .arg("-xf")
        .arg("-")
        .stdin(archive)
        .status()
        .expect("run tar to extract");
    let created = create.wait().expect("wait for tar");
    assert!(
        created.success() && extracted.success(),
        "tar failed: create {created}, extract {extracted}"
    );
}

/// The files under `go/src` of the toolchain, relative to `go/`
/// (`src/runtime/msize.go`), sorted.
pub fn src_files(tc: &Toolchain) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![tc.goroot.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src dir").flatten() {
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                let rel = entry.path();
                let rel = rel.strip_prefix(&tc.goroot).expect("under GOROOT");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
