//! The `h1:` of every vector zip as gomedic-verify hashes it (`HashZip`),
//! against the `Sum` the real go command reported (`go mod download -json`,
//! Go 1.21.13/1.22.10/1.27.3) — including zips Go then refused to extract,
//! and a zip with two records of one name (both hashed, the last one's
//! content for both lines).

use gomedic_verify::{ModCache, Problem, verify_module};
use serde_json::Value;
use std::path::Path;

#[test]
fn zip_hashes_match_go_mod_download() {
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors/dirhash");
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(vectors.join("go_mod_download.json")).unwrap(),
    )
    .unwrap();
    let mut hashed = 0;
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let Some(go_sum) = case["go_mod_download"]["1.27.3"]["Sum"].as_str() else {
            continue; // Go stopped before hashing (bad prefix).
        };
        for release in ["1.21.13", "1.22.10"] {
            assert_eq!(
                case["go_mod_download"][release]["Sum"].as_str(),
                Some(go_sum)
            );
        }
        let root = tempfile::tempdir().unwrap();
        let cache = ModCache::new(root.path());
        let module = cache
            .module(
                case["path"].as_str().unwrap(),
                case["version"].as_str().unwrap(),
            )
            .unwrap();
        std::fs::create_dir_all(module.zip.parent().unwrap()).unwrap();
        std::fs::copy(
            vectors.join(case["zip_file"].as_str().unwrap()),
            &module.zip,
        )
        .unwrap();
        // A .ziphash Go would never write, so the computed hash is reported.
        std::fs::write(
            &module.ziphash,
            "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        )
        .unwrap();
        let result = verify_module(&cache, &module.path, &module.version);
        assert_eq!(
            result.problems,
            vec![Problem::ZipModified {
                zip_hash: go_sum.to_string()
            }],
            "{name}"
        );
        // With Go's value in .ziphash the zip verifies.
        std::fs::write(&module.ziphash, go_sum).unwrap();
        let result = verify_module(&cache, &module.path, &module.version);
        assert!(result.problems.is_empty(), "{name}: {:?}", result.problems);
        hashed += 1;
    }
    assert_eq!(hashed, 23);
}
