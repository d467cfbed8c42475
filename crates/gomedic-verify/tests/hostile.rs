//! Hostile caches and project files: each is a finding or an error value,
//! never a panic, a hang or unbounded memory. Nothing here is written by
//! gomedic (the test builds the hostile state itself).

use gomedic_go::dirhash;
#[cfg(unix)]
use gomedic_verify::health::{self, Depth};
use gomedic_verify::{ModCache, Problem, integrity, verify_module};
use std::io::Write;
use std::path::Path;

const PATH: &str = "example.com/a";
const VERSION: &str = "v1.0.0";

fn zip_bytes(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A cache holding example.com/a@v1.0.0 with `zip` and a `.ziphash`; the
/// extracted directory holds `files`.
fn cache_with(root: &Path, zip: &[u8], files: &[(&str, &[u8])]) -> ModCache {
    let cache = ModCache::new(root);
    let m = cache.module(PATH, VERSION).unwrap();
    std::fs::create_dir_all(m.zip.parent().unwrap()).unwrap();
    std::fs::write(&m.zip, zip).unwrap();
    std::fs::write(&m.ziphash, dirhash::EMPTY_GO_MOD_HASH).unwrap();
    std::fs::create_dir_all(&m.dir).unwrap();
    for (name, content) in files {
        let path = m.dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    cache
}

#[cfg(unix)]
#[test]
fn symlink_loop_fifo_and_dangling_link_in_an_extracted_tree() {
    let root = tempfile::tempdir().unwrap();
    let zip = zip_bytes(&[("example.com/a@v1.0.0/a.go", b"package a\n")]);
    let cache = cache_with(root.path(), &zip, &[("a.go", b"package a\n")]);
    let dir = cache.module(PATH, VERSION).unwrap().dir;
    std::os::unix::fs::symlink("loop", dir.join("loop")).unwrap();
    std::os::unix::fs::symlink("missing", dir.join("dangling")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo"))
        .status()
        .unwrap();
    assert!(status.success());
    let result = verify_module(&cache, PATH, VERSION);
    assert!(
        result
            .problems
            .iter()
            .any(|p| matches!(p, Problem::DirUnreadable { .. })),
        "{:?}",
        result.problems
    );
    // The health scan walks without following links and does not open the fifo.
    let issues = health::module_health(&cache, PATH, VERSION, Depth::Tree);
    assert!(
        issues
            .iter()
            .all(|i| !i.detail.is_empty() || !i.path.is_empty())
    );
}

#[test]
fn zip_names_that_escape_or_contain_newlines() {
    let root = tempfile::tempdir().unwrap();
    let zip = zip_bytes(&[
        ("example.com/a@v1.0.0/../../../etc/passwd", b"x"),
        ("/abs", b"y"),
    ]);
    let cache = cache_with(root.path(), &zip, &[]);
    let result = verify_module(&cache, PATH, VERSION);
    assert!(
        matches!(result.problems.first(), Some(Problem::ZipModified { .. })),
        "{:?}",
        result.problems
    );
    let zip = zip_bytes(&[("example.com/a@v1.0.0/a\nb", b"x")]);
    let root = tempfile::tempdir().unwrap();
    let cache = cache_with(root.path(), &zip, &[]);
    let result = verify_module(&cache, PATH, VERSION);
    assert_eq!(
        result.go_errors,
        ["example.com/a v1.0.0: dirhash: filenames with newlines are not supported"]
    );
}

/// Sets the declared uncompressed size of every entry (local and central headers).
fn lie_about_sizes(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 30 <= zip.len() {
        match &zip[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes()),
            [0x50, 0x4b, 0x01, 0x02] => zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
}

#[test]
fn zip_entry_claiming_a_huge_size() {
    let root = tempfile::tempdir().unwrap();
    let mut zip = zip_bytes(&[("example.com/a@v1.0.0/a.go", b"package a\n")]);
    lie_about_sizes(&mut zip, 0xFFFF_FFF0);
    let cache = cache_with(root.path(), &zip, &[("a.go", b"package a\n")]);
    let result = verify_module(&cache, PATH, VERSION);
    assert!(
        result
            .problems
            .iter()
            .any(|p| matches!(p, Problem::ZipUnreadable { .. })),
        "{:?}",
        result.problems
    );
    assert!(result.bytes_read < 1 << 20);
}

#[test]
fn deflate_bomb_declaring_a_small_size_stops_at_that_size() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("example.com/a@v1.0.0/bomb", options)
        .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        zip.write_all(&zeros).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1 << 20, "64 MiB of zeros compress well");
    lie_about_sizes(&mut bytes, 10);
    let root = tempfile::tempdir().unwrap();
    let cache = cache_with(root.path(), &bytes, &[]);
    let result = verify_module(&cache, PATH, VERSION);
    assert!(
        result
            .problems
            .iter()
            .any(|p| matches!(p, Problem::ZipUnreadable { .. })),
        "{:?}",
        result.problems
    );
    assert!(result.bytes_read < 1 << 20, "read {}", result.bytes_read);
}

#[test]
fn truncated_and_garbage_zips() {
    let zip = zip_bytes(&[("example.com/a@v1.0.0/a.go", b"package a\n")]);
    for bad in [&zip[..zip.len() / 2], b"PK\x05\x06garbage", b""] {
        let root = tempfile::tempdir().unwrap();
        let cache = cache_with(root.path(), bad, &[]);
        let result = verify_module(&cache, PATH, VERSION);
        assert!(
            matches!(result.problems.first(), Some(Problem::ZipUnreadable { .. })),
            "{:?}",
            result.problems
        );
    }
}

fn project(root: &Path, go_sum: &[u8]) -> std::path::PathBuf {
    let dir = root.join("main");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("go.mod"),
        "module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n",
    )
    .unwrap();
    std::fs::write(dir.join("go.sum"), go_sum).unwrap();
    dir.join("go.mod")
}

#[test]
fn go_sum_with_a_multi_megabyte_line() {
    let root = tempfile::tempdir().unwrap();
    let mut sum = vec![b'x'; 8 << 20];
    sum.push(b'\n');
    let go_mod = project(root.path(), &sum);
    let facts = integrity::gather(&go_mod, &root.path().join("modcache"), Some("go1.27.3"));
    let error = facts.go_sum_error.expect("malformed go.sum");
    assert!(
        error.ends_with("go.sum:1: wrong number of fields 1"),
        "{error}"
    );
    // Go 1.21 ignores the file from that line on: the lines are just missing.
    let facts = integrity::gather(&go_mod, &root.path().join("modcache"), Some("go1.21.13"));
    assert_eq!(facts.go_sum_error, None);
}

#[test]
fn go_sum_larger_than_the_bound_is_refused_not_read() {
    let root = tempfile::tempdir().unwrap();
    let go_mod = project(root.path(), b"");
    let file = std::fs::File::create(go_mod.with_file_name("go.sum")).unwrap();
    file.set_len(integrity::MAX_TEXT_FILE + 1).unwrap();
    let facts = integrity::gather(&go_mod, &root.path().join("modcache"), None);
    assert!(
        facts
            .go_sum_error
            .as_deref()
            .unwrap()
            .contains("is larger than"),
        "{:?}",
        facts.go_sum_error
    );
}

#[test]
fn unparsable_go_mod_and_missing_cache_are_errors() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("main");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), "module \"unterminated\n").unwrap();
    let facts = integrity::gather(&dir.join("go.mod"), &root.path().join("nope"), None);
    assert_eq!(facts.errors.len(), 1, "{facts:?}");
    let facts = integrity::gather(&root.path().join("absent/go.mod"), root.path(), None);
    assert_eq!(facts.errors.len(), 1, "{facts:?}");
}

#[test]
fn replaced_modules_are_not_checked_against_go_sum() {
    let root = tempfile::tempdir().unwrap();
    let zip = zip_bytes(&[("example.com/a@v1.0.0/a.go", b"package a\n")]);
    let cache = cache_with(root.path(), &zip, &[("a.go", b"package a\n")]);
    let m = cache.module(PATH, VERSION).unwrap();
    std::fs::write(&m.mod_file, "module example.com/a\n").unwrap();
    let dir = root.path().join("main");
    std::fs::create_dir_all(dir.join("local")).unwrap();
    std::fs::write(dir.join("local/go.mod"), "module example.com/a\n").unwrap();
    let go_mod = dir.join("go.mod");
    std::fs::write(
        &go_mod,
        "module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n",
    )
    .unwrap();
    // Not replaced: go.sum lacks both lines.
    let facts = integrity::gather(&go_mod, root.path(), None);
    assert_eq!(facts.missing_sums.len(), 2, "{facts:?}");
    // Replaced by a directory: go needs no go.sum line for it.
    std::fs::write(
        &go_mod,
        "module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n\nreplace example.com/a => ./local\n",
    )
    .unwrap();
    let facts = integrity::gather(&go_mod, root.path(), None);
    assert_eq!(facts.missing_sums, [], "{facts:?}");
    assert_eq!(facts.sum_mismatches, [], "{facts:?}");
}
