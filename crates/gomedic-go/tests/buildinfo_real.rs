#![cfg(unix)]
//! Differential tests: gomedic's build-info reader against `go version -m`
//! (and `-json`) of Go 1.21.13, 1.22.10 and 1.27.3, on real binaries built
//! here for five platforms, the Go distributions' own binaries, and damaged
//! or rewritten copies of them.

mod buildinfo_support;

use std::path::{Path, PathBuf};

use buildinfo_support::*;
use gomedic_go::buildinfo::{ReaderGeneration, parse, parse_with};
use gomedic_testkit::{RELEASES, Toolchain, toolchain, toolchain_for, toolchains};

const TARGETS: [(&str, &str); 5] = [
    ("linux", "amd64"),
    ("linux", "arm64"),
    ("linux", "386"),
    ("windows", "amd64"),
    ("darwin", "arm64"),
];

/// Every file must read the same in gomedic (with each release's rules) as in that release.
fn assert_same_as_go(files: &[PathBuf], readers: &[Toolchain]) {
    let mut failures = Vec::new();
    for file in files {
        make_executable(file);
        for tc in readers {
            let (go, _) = go_version_m(tc, file, false);
            let ours = ours_text(file, &tc.version);
            if go != ours {
                failures.push(format!(
                    "go{} on {}:\n--- go\n{go}--- gomedic\n{ours}",
                    tc.version,
                    file.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

struct Built {
    files: Vec<PathBuf>,
}

/// Built once per test process, shared by the tests of that process. Test
/// runners such as nextest run every test in a process of its own, so each
/// process builds into a directory of its own (the Go build cache is shared
/// and safe for concurrent use, so later builds are cheap).
fn build_matrix() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_matrix_now)
}

fn build_matrix_now() -> Built {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("buildinfo-matrix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let project = write_project(&dir);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut jobs = Vec::new();
    for tc in toolchains() {
        for (goos, goarch) in TARGETS {
            let exe = if goos == "windows" { ".exe" } else { "" };
            jobs.push((
                tc.clone(),
                goos,
                goarch,
                vec![],
                out.join(format!("app-{}-{goos}-{goarch}{exe}", tc.version)),
            ));
            jobs.push((
                tc.clone(),
                goos,
                goarch,
                vec!["-trimpath", "-ldflags=-s -w"],
                out.join(format!("app-{}-{goos}-{goarch}-stripped{exe}", tc.version)),
            ));
        }
    }
    let files: Vec<PathBuf> = jobs.iter().map(|j| j.4.clone()).collect();
    let (left, right) = jobs.split_at(jobs.len() / 2);
    std::thread::scope(|s| {
        for half in [left, right] {
            let project = &project;
            s.spawn(move || {
                for (tc, goos, goarch, extra, file) in half {
                    build(tc, project, goos, goarch, extra, file);
                }
            });
        }
    });
    Built { files }
}

#[test]
fn built_binaries_read_like_every_go_release() {
    let built = build_matrix();
    // The fixture has what the comparison is meant to cover.
    let sample = parse(&std::fs::read(&built.files[0]).unwrap()).unwrap();
    assert_eq!(sample.path, "example.com/app");
    assert!(
        sample
            .deps
            .iter()
            .any(|d| d.path == "example.com/dep" && d.version == "v1.0.0" && !d.sum.is_empty())
    );
    assert!(
        sample.deps.iter().any(|d| d.path == "example.com/repl"
            && d.replace.as_ref().is_some_and(|r| r.path == "./repl"))
    );
    assert!(sample.setting("vcs.revision").is_some(), "{sample:?}");
    assert_same_as_go(&built.files, &toolchains());
}

#[test]
fn json_equals_go_version_m_json() {
    let built = build_matrix();
    let go = toolchain("1.27.3");
    let mut files = built.files.clone();
    files.push(go.go.clone());
    files.push(toolchain_for("1.27.3", "-win_amd64").go);
    files.push(toolchain_for("1.27.3", "-macosx_11_0_arm64").go);
    for file in files {
        let (text, code) = go_version_m(&go, &file, true);
        assert_eq!(code, 0, "{text}");
        let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ours = serde_json::to_value(parse(&std::fs::read(&file).unwrap()).unwrap()).unwrap();
        assert_eq!(ours, expected, "{}", file.display());
    }
}

#[test]
fn go_distribution_binaries_read_like_go() {
    let mut files: Vec<PathBuf> = toolchains().iter().map(|t| t.go.clone()).collect();
    files.push(toolchain_for("1.27.3", "-win_amd64").go);
    files.push(toolchain_for("1.27.3", "-macosx_11_0_arm64").go);
    // Copies, so that chmod never touches the installed toolchains.
    let dir = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let copy = dir.path().join(format!("go-{i}"));
            std::fs::copy(f, &copy).unwrap();
            copy
        })
        .collect();
    assert_same_as_go(&copies, &toolchains());
}

fn first_built(built: &Built, needle: &str) -> Vec<u8> {
    let file = built
        .files
        .iter()
        .find(|f| f.display().to_string().ends_with(needle))
        .unwrap();
    std::fs::read(file).unwrap()
}

fn find_aligned(data: &[u8], needle: &[u8]) -> usize {
    (0..data.len())
        .step_by(16)
        .find(|&i| data[i..].starts_with(needle))
        .expect("needle")
}

/// Rewrites the inline (≥1.18) blob of an ELF file into the pre-1.18 pointer
/// form: two pointers to Go string headers, then the strings.
fn to_pointer_form(mut data: Vec<u8>, pointer_size: usize, big_endian: bool) -> Vec<u8> {
    use object::{Object, ObjectSegment};
    let at = find_aligned(&data, b"\xff Go buildinf:");
    let file = object::File::parse(&*data).unwrap();
    let addr = file
        .segments()
        .find_map(|s| {
            let (off, size) = s.file_range();
            (off as usize <= at && at < (off + size) as usize)
                .then(|| s.address() + (at as u64 - off))
        })
        .unwrap();
    drop(file);
    let mut rest = &data[at + 32..];
    let mut strings = Vec::new();
    for _ in 0..2 {
        let (mut len, mut shift, mut n) = (0usize, 0, 0);
        loop {
            let b = rest[n];
            len |= ((b & 0x7f) as usize) << shift;
            shift += 7;
            n += 1;
            if b < 0x80 {
                break;
            }
        }
        strings.push(rest[n..n + len].to_vec());
        rest = &rest[n + len..];
    }
    let put = |v: u64| -> Vec<u8> {
        let bytes = if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        if pointer_size == 8 {
            bytes.to_vec()
        } else if big_endian {
            bytes[4..].to_vec()
        } else {
            bytes[..4].to_vec()
        }
    };
    let p = pointer_size as u64;
    let headers = addr + 32;
    let version_data = headers + 4 * p;
    let modinfo_data = version_data + strings[0].len() as u64;
    let mut blob = b"\xff Go buildinf:".to_vec();
    blob.push(pointer_size as u8);
    blob.push(u8::from(big_endian));
    blob.extend(put(headers));
    blob.extend(put(headers + 2 * p));
    blob.resize(32, 0);
    blob.extend(put(version_data));
    blob.extend(put(strings[0].len() as u64));
    blob.extend(put(modinfo_data));
    blob.extend(put(strings[1].len() as u64));
    blob.extend(&strings[0]);
    blob.extend(&strings[1]);
    data[at..at + blob.len()].copy_from_slice(&blob);
    data
}

#[test]
fn damaged_and_rewritten_binaries_read_like_go() {
    let built = build_matrix();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut put = |name: &str, data: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, data).unwrap();
        files.push(path);
    };
    let elf = first_built(built, "app-1.27.3-linux-amd64");
    let elf386 = first_built(built, "app-1.27.3-linux-386");
    let pe = first_built(built, "app-1.27.3-windows-amd64.exe");
    let macho = first_built(built, "app-1.27.3-darwin-arm64");
    put("empty", b"");
    put("script", b"#!/bin/sh\necho hi\n");
    put("short", b"\x7fELF");
    put("text", b"not an executable at all, just some text\n");
    for (name, data) in [("elf", &elf), ("pe", &pe), ("macho", &macho)] {
        for cut in [16, 64, 0x100, 0x1000, data.len() / 2, data.len() - 1] {
            put(&format!("{name}-cut-{cut}"), &data[..cut]);
        }
    }
    // Section headers gone (e_shoff, e_shnum, e_shstrndx zeroed): 1.21/1.22 fall back to the data segment.
    let mut no_sections = elf.clone();
    no_sections[0x28..0x30].fill(0);
    no_sections[0x3c..0x40].fill(0);
    put("elf-no-section-headers", &no_sections);
    // e_shoff zeroed but e_shnum kept: Go's ELF parser rejects the file.
    let mut bad_shoff = elf.clone();
    bad_shoff[0x28..0x30].fill(0);
    put("elf-bad-shoff", &bad_shoff);
    // The section renamed: the named lookup fails, the fallback differs by release.
    let mut renamed = elf.clone();
    let at = renamed
        .windows(14)
        .position(|w| w == b".go.buildinfo\0")
        .unwrap();
    renamed[at + 12] = b'X';
    put("elf-renamed-section", &renamed);
    let mut renamed_macho = macho.clone();
    let at = renamed_macho
        .windows(14)
        .position(|w| w == b"__go_buildinfo")
        .unwrap();
    renamed_macho[at + 13] = b'X';
    put("macho-renamed-section", &renamed_macho);
    // No magic at all.
    let mut no_magic = elf.clone();
    let at = find_aligned(&no_magic, b"\xff Go buildinf:");
    no_magic[at] = 0;
    put("elf-no-magic", &no_magic);
    // Modinfo without its sentinels' newline: Go drops the module lines.
    // Pre-1.18 pointer form, 8- and 4-byte pointers.
    put(
        "elf-pointer-form-64",
        &to_pointer_form(elf.clone(), 8, false),
    );
    put(
        "elf-pointer-form-32",
        &to_pointer_form(elf386.clone(), 4, false),
    );
    // A fat Mach-O whose two entries are the same thin file (distinct subtypes).
    let mut fat = Vec::new();
    fat.extend(0xcafe_babeu32.to_be_bytes());
    fat.extend(2u32.to_be_bytes());
    let offset = 0x4000u32;
    for subtype in [0u32, 1] {
        fat.extend(0x0100_000cu32.to_be_bytes());
        fat.extend(subtype.to_be_bytes());
        fat.extend(offset.to_be_bytes());
        fat.extend((macho.len() as u32).to_be_bytes());
        fat.extend(14u32.to_be_bytes());
    }
    fat.resize(offset as usize, 0);
    fat.extend(&macho);
    put("macho-fat", &fat);
    assert_same_as_go(&files, &toolchains());
}

#[test]
fn generation_follows_release() {
    assert_eq!(
        ReaderGeneration::for_release("go1.21.13"),
        ReaderGeneration::Window64K
    );
    assert_eq!(
        ReaderGeneration::for_release("1.22.10"),
        ReaderGeneration::Window64K
    );
    assert_eq!(
        ReaderGeneration::for_release("go1.27.3"),
        ReaderGeneration::Chunked
    );
    assert_eq!(
        ReaderGeneration::for_release("devel"),
        ReaderGeneration::Chunked
    );
    let _ = parse_with(&[], ReaderGeneration::Window64K);
    let _: &[&str] = &RELEASES;
    let _ = Path::new("");
}
