//! Integrity vectors: `dirhash.Hash1` summaries, the go.mod hashes the real
//! go command reported for every vector module (`go mod download -json`,
//! Go 1.21.13, 1.22.10 and 1.27.3), and `zip.CheckZip` verdicts and messages
//! (x/mod's own txtar cases and zips checked by x/mod, with the errors the go
//! command printed when it refused to extract them).

use gomedic_go::dirhash::{self, FileDigest};
use gomedic_go::modzip::{self, EntryInfo};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors")
}

fn load(rel: &str) -> Value {
    let text = std::fs::read_to_string(vectors().join(rel)).expect(rel);
    serde_json::from_str(&text).expect(rel)
}

fn digest(name: &[u8], content: &[u8]) -> FileDigest {
    FileDigest {
        name: name.to_vec(),
        sha256: Sha256::digest(content).into(),
    }
}

#[test]
fn hash1_unit_cases() {
    let doc = load("dirhash/hash1_unit.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let desc = case["desc"].as_str().unwrap();
        let files: Vec<FileDigest> = case["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .map(|f| {
                        digest(
                            f["name"].as_str().unwrap().as_bytes(),
                            f["content"].as_str().unwrap().as_bytes(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        match case.get("err").and_then(Value::as_str) {
            Some(err) => {
                let got = dirhash::hash1(&files).expect_err(desc);
                assert_eq!(got.to_string(), err, "{desc}");
            }
            None => {
                let summary = dirhash::summary(&files).expect(desc);
                assert_eq!(
                    String::from_utf8(summary).unwrap(),
                    case["summary"].as_str().unwrap(),
                    "{desc}"
                );
                assert_eq!(
                    dirhash::hash1(&files).unwrap(),
                    case["h1"].as_str().unwrap(),
                    "{desc}"
                );
            }
        }
    }
}

/// The central directory of a vector zip, in order (duplicates included),
/// with each entry's content, as recorded in `go_mod_download.json`.
fn zip_entries(doc: &Value, zip_file: &str) -> Vec<(EntryInfo, Vec<u8>)> {
    use base64::Engine;
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["zip_file"] == format!("modules/{zip_file}.zip"))
        .unwrap_or_else(|| panic!("no vector zip {zip_file}"));
    case["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let content = base64::engine::general_purpose::STANDARD
                .decode(e["content_b64"].as_str().unwrap_or_default())
                .unwrap();
            let info = EntryInfo {
                name: e["name"].as_str().unwrap().as_bytes().to_vec(),
                uncompressed_size: content.len() as u64,
            };
            (info, content)
        })
        .collect()
}

/// `HashZip` over listed entries: a line per entry, the last entry of a
/// name giving the content of every line with that name.
fn hash_zip(entries: &[(EntryInfo, Vec<u8>)]) -> String {
    let digests: Vec<FileDigest> = entries
        .iter()
        .map(|(info, _)| {
            let (_, content) = entries
                .iter()
                .rev()
                .find(|(i, _)| i.name == info.name)
                .unwrap();
            digest(&info.name, content)
        })
        .collect();
    dirhash::hash1(&digests).unwrap()
}

const RELEASES: [&str; 3] = ["1.21.13", "1.22.10", "1.27.3"];

#[test]
fn go_mod_download_go_mod_hashes() {
    let doc = load("dirhash/go_mod_download.json");
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 24);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mod_bytes = std::fs::read(
            vectors()
                .join("dirhash")
                .join(case["mod_file"].as_str().unwrap()),
        )
        .unwrap();
        let ours = dirhash::go_mod_hash(&mod_bytes);
        for release in RELEASES {
            let go = &case["go_mod_download"][release];
            assert_eq!(
                Some(ours.as_str()),
                go["GoModSum"].as_str(),
                "{name} go{release}"
            );
        }
    }
}

#[test]
fn go_mod_download_unzip_verdicts() {
    let doc = load("dirhash/go_mod_download.json");
    let mut rejected = 0;
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let path = case["path"].as_str().unwrap();
        let version = case["version"].as_str().unwrap();
        let zip_file = case["zip_file"].as_str().unwrap();
        let stem = zip_file
            .trim_start_matches("modules/")
            .trim_end_matches(".zip");
        let listed = zip_entries(&doc, stem);
        let entries: Vec<EntryInfo> = listed.iter().map(|(i, _)| i.clone()).collect();
        let checked = modzip::check_entries(path, version, &entries);
        let zip_h1 = hash_zip(&listed);
        for release in RELEASES {
            let go = &case["go_mod_download"][release];
            let go_error = go["Error"].as_str();
            // Go reports the zip's hash whenever it got as far as hashing,
            // including zips it then refuses to extract.
            if let Some(sum) = go["Sum"].as_str() {
                assert_eq!(zip_h1, sum, "{name} go{release}");
            }
            match go_error {
                None => assert_eq!(checked.error(), None, "{name} go{release}"),
                Some(text) if text.starts_with("zip for ") => {
                    // downloadZip's own prefix check runs before Unzip; CheckZip
                    // refuses the same entry.
                    let bad = text.rsplit(" has unexpected file ").next().unwrap();
                    assert!(
                        checked.invalid.iter().any(|e| e.name == bad.as_bytes()),
                        "{name}: {checked:?}"
                    );
                }
                Some(text) => {
                    let unzip_prefix = "unzip $GOMODCACHE/cache/download/";
                    assert!(text.starts_with(unzip_prefix), "{text}");
                    let (_, message) = text.split_once(".zip: ").unwrap();
                    assert_eq!(
                        checked.error().as_deref(),
                        Some(message),
                        "{name} go{release}"
                    );
                }
            }
        }
        if case["expect"] == "error" {
            rejected += 1;
        }
    }
    assert_eq!(rejected, 8);
}

#[test]
fn zip_rules_check_zip() {
    let doc = load("zip/zip_rules.json");
    let downloads = load("dirhash/go_mod_download.json");
    let cases = doc["check_zip"].as_array().unwrap();
    assert_eq!(cases.len(), 28);
    let limits = &doc["limits"];
    assert_eq!(limits["MaxZipFile"], modzip::MAX_ZIP_FILE);
    assert_eq!(limits["MaxGoMod"], modzip::MAX_GO_MOD);
    assert_eq!(limits["MaxLICENSE"], modzip::MAX_LICENSE);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let path = case["path"].as_str().unwrap();
        let version = case["version"].as_str().unwrap();
        let zip_file = name.split(".zip").next().unwrap().trim_end();
        let zip_path = vectors()
            .join("dirhash/modules")
            .join(format!("{zip_file}.zip"));
        let size = std::fs::metadata(&zip_path).unwrap().len();
        let want_err = case.get("err").and_then(Value::as_str);
        if let Err(e) = modzip::check_module(path, version, size) {
            assert_eq!(Some(e.as_str()), want_err, "{name}");
            continue;
        }
        let entries: Vec<EntryInfo> = zip_entries(&downloads, zip_file)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        let checked = modzip::check_entries(path, version, &entries);
        assert_eq!(checked.error().as_deref(), want_err, "{name}");
        let Some(want_valid) = case["valid"].as_array() else {
            // x/mod recorded only the error for this zip.
            assert!(want_err.is_some(), "{name}");
            continue;
        };
        let want_valid: Vec<Vec<u8>> = want_valid
            .iter()
            .map(|v| v.as_str().unwrap().as_bytes().to_vec())
            .collect();
        assert_eq!(checked.valid, want_valid, "{name}");
        let want_invalid: Vec<(Vec<u8>, String)> = case["invalid"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["path"].as_str().unwrap().as_bytes().to_vec(),
                    v["err"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let got_invalid: Vec<(Vec<u8>, String)> = checked
            .invalid
            .iter()
            .map(|e| (e.name.clone(), e.error.clone()))
            .collect();
        assert_eq!(got_invalid, want_invalid, "{name}");
    }
}

/// A txtar archive: header lines, then `-- name --` sections.
struct Txtar {
    header: Vec<(String, String)>,
    files: Vec<(Vec<u8>, Vec<u8>)>,
}

fn parse_txtar(data: &[u8]) -> Txtar {
    let mut header = Vec::new();
    let mut files: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for line in data.split_inclusive(|b| *b == b'\n') {
        let bare = line.strip_suffix(b"\n").unwrap_or(line);
        if let Some(name) = bare
            .strip_prefix(b"-- ")
            .and_then(|rest| rest.strip_suffix(b" --"))
        {
            files.push((name.to_vec(), Vec::new()));
        } else if let Some((_, content)) = files.last_mut() {
            content.extend_from_slice(line);
        } else {
            let text = String::from_utf8_lossy(bare);
            let text = text.split(" #").next().unwrap_or_default();
            if let Some((k, v)) = text.split_once('=') {
                header.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    Txtar { header, files }
}

impl Txtar {
    fn get(&self, key: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn upstream_cases(dir: &str) -> Vec<(String, Txtar)> {
    let dir = vectors().join("zip/upstream_testdata").join(dir);
    let mut out: Vec<(String, Txtar)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, parse_txtar(&std::fs::read(&path).unwrap()))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn entries_of(files: &[(Vec<u8>, Vec<u8>)]) -> Vec<EntryInfo> {
    files
        .iter()
        .map(|(name, content)| EntryInfo {
            name: name.clone(),
            uncompressed_size: content.len() as u64,
        })
        .collect()
}

#[test]
fn upstream_unzip_cases() {
    let cases = upstream_cases("unzip");
    assert_eq!(cases.len(), 15);
    let mut checked_count = 0;
    for (file, case) in &cases {
        let (path, version) = (case.get("path").unwrap(), case.get("version").unwrap());
        if path.contains('\u{FFFD}') {
            // invalid_utf8_mod_path.txt: a module path of the byte 0xFF cannot be
            // a Rust &str; gomedic never builds one (paths come from UTF-8 text).
            assert_eq!(file, "invalid_utf8_mod_path.txt");
            continue;
        }
        let result = modzip::check_module(path, version, 0).and_then(|()| {
            match modzip::check_entries(path, version, &entries_of(&case.files)).error() {
                Some(e) => Err(e),
                None => Ok(()),
            }
        });
        match (case.get("wantErr"), result) {
            (Some(want), Err(got)) => assert!(got.contains(want), "{file}: {got:?} lacks {want:?}"),
            (Some(want), Ok(())) => panic!("{file}: accepted, want {want:?}"),
            (None, Err(got)) => panic!("{file}: {got}"),
            (None, Ok(())) => {
                let digests: Vec<FileDigest> = case
                    .files
                    .iter()
                    .map(|(name, content)| digest(name, content))
                    .collect();
                assert_eq!(
                    Some(dirhash::hash1(&digests).unwrap().as_str()),
                    case.get("hash"),
                    "{file}"
                );
            }
        }
        checked_count += 1;
    }
    assert_eq!(checked_count, 14);
}

#[test]
fn upstream_check_zip_cases() {
    let cases = upstream_cases("check_zip");
    assert_eq!(cases.len(), 2);
    for (file, case) in &cases {
        let (path, version) = (case.get("path").unwrap(), case.get("version").unwrap());
        let (want, files): (Vec<_>, Vec<_>) =
            case.files.iter().cloned().partition(|(n, _)| n == b"want");
        let want = String::from_utf8(want[0].1.clone()).unwrap();
        let checked = modzip::check_entries(path, version, &entries_of(&files));
        let mut got = String::from("valid:\n");
        for name in &checked.valid {
            got.push_str(&String::from_utf8_lossy(name));
            got.push('\n');
        }
        got.push_str("\nomitted:\n\ninvalid:\n");
        for e in &checked.invalid {
            got.push_str(&format!(
                "{}: {}\n",
                String::from_utf8_lossy(&e.name),
                e.error
            ));
        }
        assert_eq!(got, want, "{file}");
    }
}
