//! Transparency log against testdata/vectors/tlog/ (computed with
//! golang.org/x/mod/sumdb/tlog; see PROVENANCE.md there).

use base64::Engine as _;
use gomedic_go::tlog::{
    self, Hash, HashReader, Tile, TileHashReader, TileReader, TlogError, Tree, hash_from_tile,
    new_tiles, parse_tile_path, tile_for_index,
};
use serde_json::Value;
use std::collections::BTreeMap;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/../../testdata/vectors/tlog/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn b64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64")
}

fn hash(v: &Value) -> Hash {
    Hash::parse(v.as_str().expect("hash string")).expect("hash")
}

fn hashes(v: &Value) -> Vec<Hash> {
    v.as_array()
        .map(|l| l.iter().map(hash).collect())
        .unwrap_or_default()
}

fn hlnw(t: &Tile) -> Vec<i64> {
    vec![i64::from(t.h), i64::from(t.l), t.n, t.w]
}

fn as_i64s(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect()
}

/// The 40-leaf log of the vectors, as a server stores it.
fn build_log(v: &Value) -> Vec<Hash> {
    let mut storage: Vec<Hash> = Vec::new();
    for leaf in v["leaves"].as_array().unwrap() {
        let i = leaf["index"].as_i64().unwrap();
        let data = leaf["data"].as_str().unwrap();
        assert_eq!(
            tlog::record_hash(data.as_bytes()),
            hash(&leaf["record_hash"])
        );
        assert_eq!(
            tlog::stored_hash_index(0, i),
            leaf["stored_hash_index"].as_i64().unwrap()
        );
        assert_eq!(storage.len() as i64, tlog::stored_hash_count(i));
        let written = tlog::stored_hashes(i, data.as_bytes(), &mut storage).unwrap();
        assert_eq!(written, hashes(&leaf["stored_hashes_written"]), "leaf {i}");
        storage.extend(written);
    }
    storage
}

#[test]
fn hashes_and_stored_layout() {
    let v = load("tlog_vectors.json");
    assert_eq!(
        // x/mod note_test.go: RecordHash([]byte("hello world"))
        tlog::record_hash(b"hello world").to_string(),
        v["record_hash_hello_world"].as_str().unwrap()
    );
    let mut storage = build_log(&v);
    for case in v["stored_hash_layout"].as_array().unwrap() {
        let index = case["index"].as_i64().unwrap();
        let (level, n) = (
            case["level"].as_u64().unwrap() as u32,
            case["n"].as_i64().unwrap(),
        );
        assert_eq!(tlog::split_stored_hash_index(index), (level, n));
        assert_eq!(tlog::stored_hash_index(level, n), index);
        assert_eq!(storage[index as usize], hash(&case["hash"]));
    }
    let trees = v["tree_hashes"].as_array().unwrap();
    assert_eq!(trees.len(), 41);
    for case in trees {
        let n = case["n"].as_i64().unwrap();
        assert_eq!(
            tlog::tree_hash(n, &mut storage).unwrap(),
            hash(&case["hash"]),
            "n={n}"
        );
    }
}

#[test]
fn inclusion_proofs_prove_and_check() {
    let v = load("tlog_vectors.json");
    let mut storage = build_log(&v);
    let cases = v["inclusion_proofs"].as_array().unwrap();
    assert_eq!(cases.len(), 227);
    for case in cases {
        let (t, n) = (
            case["tree_size"].as_i64().unwrap(),
            case["leaf_index"].as_i64().unwrap(),
        );
        let proof = tlog::prove_record(t, n, &mut storage).unwrap();
        assert_eq!(proof, hashes(&case["proof"]), "t={t} n={n}");
        let got = tlog::check_record(
            &proof,
            t,
            hash(&case["tree_hash"]),
            n,
            hash(&case["leaf_hash"]),
        );
        assert_eq!(
            got.err().map(|e| e.to_string()),
            case["check_err"].as_str().map(String::from)
        );
    }
}

#[test]
fn consistency_proofs_prove_and_check() {
    let v = load("tlog_vectors.json");
    let mut storage = build_log(&v);
    let cases = v["consistency_proofs"].as_array().unwrap();
    assert_eq!(cases.len(), 136);
    for case in cases {
        let (t, n) = (
            case["new_size"].as_i64().unwrap(),
            case["old_size"].as_i64().unwrap(),
        );
        let proof = tlog::prove_tree(t, n, &mut storage).unwrap();
        assert_eq!(proof, hashes(&case["proof"]), "t={t} n={n}");
        let got = tlog::check_tree(
            &proof,
            t,
            hash(&case["new_hash"]),
            n,
            hash(&case["old_hash"]),
        );
        assert_eq!(
            got.err().map(|e| e.to_string()),
            case["check_err"].as_str().map(String::from)
        );
    }
}

#[test]
fn negative_proof_checks_fail_with_go_errors() {
    let v = load("tlog_vectors.json");
    let mut storage = build_log(&v);
    let cases = v["negative_proof_checks"].as_array().unwrap();
    assert_eq!(cases.len(), 11);
    for case in cases {
        let desc = case["desc"].as_str().unwrap();
        let proof = hashes(&case["proof"]);
        let got = if case["kind"] == "record" {
            let (t, n) = (
                case["tree_size"].as_i64().unwrap(),
                case["leaf_index"].as_i64().unwrap(),
            );
            let th = tlog::tree_hash(t, &mut storage).unwrap();
            let leaf = case
                .get("leaf_hash")
                .map(hash)
                .unwrap_or_else(|| storage[tlog::stored_hash_index(0, n.min(39)) as usize]);
            tlog::check_record(&proof, t, th, n, leaf)
        } else {
            let (t, n) = (
                case["new_size"].as_i64().unwrap(),
                case["old_size"].as_i64().unwrap(),
            );
            let th = tlog::tree_hash(t, &mut storage).unwrap();
            let old = case
                .get("old_hash")
                .map(hash)
                .unwrap_or_else(|| tlog::tree_hash(n, &mut storage).unwrap());
            tlog::check_tree(&proof, t, th, n, old)
        };
        assert_eq!(
            got.err().map(|e| e.to_string()),
            case["err"].as_str().map(String::from),
            "{desc}"
        );
    }
}

#[test]
fn tree_notes_and_records() {
    let v = load("tlog_vectors.json");
    let golden = &v["format_tree_golden"];
    let tree = Tree {
        n: golden["tree"]["N"].as_i64().unwrap(),
        hash: hash(&golden["tree"]["Hash"]),
    };
    assert_eq!(
        tlog::format_tree(&tree),
        golden["formatted"].as_str().unwrap()
    );
    for case in v["parse_tree"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        match (tlog::parse_tree(input.as_bytes()), case["err"].as_str()) {
            (Ok(t), None) => {
                assert_eq!(t.n, case["tree"]["N"].as_i64().unwrap());
                assert_eq!(t.hash, hash(&case["tree"]["Hash"]));
            }
            (Err(e), Some(err)) => assert_eq!(e.to_string(), err),
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
    for case in v["format_record"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        assert_eq!(
            tlog::record_hash(text.as_bytes()),
            hash(&case["record_hash"])
        );
        let got = tlog::format_record(case["id"].as_i64().unwrap(), text.as_bytes());
        match case["err"].as_str() {
            Some(err) => assert_eq!(got.unwrap_err().to_string(), err),
            None => assert_eq!(got.unwrap(), case["formatted"].as_str().unwrap().as_bytes()),
        }
    }
    for case in v["parse_record"].as_array().unwrap() {
        let input = b64(case["input_base64"].as_str().unwrap());
        match (tlog::parse_record(&input), case["err"].as_str()) {
            (Ok((id, text, rest)), None) => {
                assert_eq!(id, case["id"].as_i64().unwrap());
                assert_eq!(text, case["text"].as_str().unwrap().as_bytes());
                assert_eq!(rest, b64(case["rest_base64"].as_str().unwrap()));
            }
            (Err(e), Some(err)) => assert_eq!(e.to_string(), err),
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn tile_paths_encode_and_parse() {
    let v = load("tlog_vectors.json");
    for case in v["tile_paths"].as_array().unwrap() {
        let path = case["path"].as_str().unwrap();
        let t = parse_tile_path(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(hlnw(&t), as_i64s(&case["parse_back_HLNW"]));
        assert_eq!(hlnw(&t), as_i64s(&case["tile_HLNW"]));
        assert_eq!(t.path(), path);
    }
    for case in v["tile_path_parse_cases"].as_array().unwrap() {
        let path = case["path"].as_str().unwrap();
        match (parse_tile_path(path), case["err"].as_str()) {
            (Ok(t), None) => assert_eq!(hlnw(&t), as_i64s(&case["HLNW"]), "{path}"),
            (Err(e), Some(err)) => assert_eq!(e.to_string(), err),
            (got, want) => panic!("{path}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn tiles_for_indexes_new_tiles_and_tile_data() {
    let v = load("tlog_vectors.json");
    for case in v["tile_for_index"].as_array().unwrap() {
        let t = tile_for_index(
            case["h"].as_u64().unwrap() as u32,
            case["stored_index"].as_i64().unwrap(),
        );
        assert_eq!(t.path(), case["tile"].as_str().unwrap());
        assert_eq!(hlnw(&t), as_i64s(&case["tile_HLNW"]));
    }
    for case in v["new_tiles"].as_array().unwrap() {
        let got: Vec<String> = new_tiles(
            case["h"].as_u64().unwrap() as u32,
            case["old_tree_size"].as_i64().unwrap(),
            case["new_tree_size"].as_i64().unwrap(),
        )
        .iter()
        .map(Tile::path)
        .collect();
        let want: Vec<String> = case["tiles"]
            .as_array()
            .map(|l| l.iter().map(|p| p.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert_eq!(got, want, "{case}");
    }
    for case in v["hash_from_tile"].as_array().unwrap() {
        let t = parse_tile_path(case["tile"].as_str().unwrap()).unwrap();
        let data = b64(case["tile_data_base64"].as_str().unwrap());
        let got = hash_from_tile(&t, &data, case["stored_index"].as_i64().unwrap());
        match case["err"].as_str() {
            Some(err) => assert_eq!(got.unwrap_err().to_string(), err),
            None => assert_eq!(got.unwrap(), hash(&case["hash"])),
        }
    }
    // Every published tile's data is what a server derives from the log.
    let mut storage = build_log(&v);
    let tiles = v["tiles"].as_array().unwrap();
    assert_eq!(tiles.len(), 81);
    for case in tiles {
        let t = parse_tile_path(case["path"].as_str().unwrap()).unwrap();
        assert_eq!(
            hlnw(&t),
            vec![
                case["H"].as_i64().unwrap(),
                case["L"].as_i64().unwrap(),
                case["N"].as_i64().unwrap(),
                case["W"].as_i64().unwrap()
            ]
        );
        let data = tlog::read_tile_data(&t, &mut storage).unwrap();
        assert_eq!(
            data,
            b64(case["data_base64"].as_str().unwrap()),
            "{}",
            t.path()
        );
    }
}

/// Serves tiles from a map, recording which were asked for.
struct MapTiles {
    height: u32,
    tiles: BTreeMap<String, Vec<u8>>,
    asked: Vec<String>,
    saved: Vec<String>,
}

impl TileReader for MapTiles {
    fn height(&self) -> u32 {
        self.height
    }
    fn read_tiles(&mut self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, TlogError> {
        tiles
            .iter()
            .map(|t| {
                self.asked.push(t.path());
                self.tiles
                    .get(&t.path())
                    .cloned()
                    .ok_or_else(|| TlogError::Other(format!("no tile {}", t.path())))
            })
            .collect()
    }
    fn save_tiles(&mut self, tiles: &[Tile], _data: &[Vec<u8>]) {
        self.saved.extend(tiles.iter().map(Tile::path));
    }
}

#[test]
fn tile_hash_reader_rejects_the_forged_tile_go1_27_3_rejects() {
    let v = load("tile_auth_regression.json");
    let tree = Tree {
        n: v["tree"]["N"].as_i64().unwrap(),
        hash: hash(&v["tree"]["Hash"]),
    };
    let honest: BTreeMap<String, Vec<u8>> = v["honest_tiles"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(p, d)| (p.clone(), b64(d.as_str().unwrap())))
        .collect();
    let index = v["requested_index"].as_i64().unwrap();
    let height = v["tile_height"].as_u64().unwrap() as u32;
    let order: Vec<String> = v["tiles_requested_in_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();

    // Honest tiles: the hash is read, and the tiles are saved.
    let mut reader = MapTiles {
        height,
        tiles: honest.clone(),
        asked: vec![],
        saved: vec![],
    };
    let got = TileHashReader::new(tree, &mut reader)
        .read_hashes(&[index])
        .unwrap();
    assert_eq!(got, vec![tlog::record_hash(b"leaf 1")]);
    assert_eq!(reader.asked, order);
    assert_eq!(reader.saved, order);

    // The forged level-0 tile is rejected and nothing is saved.
    let mut forged = honest;
    forged.insert(
        v["forged_tile_path"].as_str().unwrap().to_string(),
        b64(v["forged_tile_data"].as_str().unwrap()),
    );
    let mut reader = MapTiles {
        height,
        tiles: forged,
        asked: vec![],
        saved: vec![],
    };
    let err = TileHashReader::new(tree, &mut reader)
        .read_hashes(&[index])
        .unwrap_err();
    assert_eq!(err.to_string(), v["expected_error"].as_str().unwrap());
    assert_eq!(reader.asked, order);
    assert!(reader.saved.is_empty());
}

#[test]
fn tile_hash_reader_matches_the_log_everywhere() {
    // For every tree size and every stored hash in it, reading through
    // tiles (heights 1..=3) gives the stored hash; a flipped bit in any tile
    // is caught.
    let v = load("tlog_vectors.json");
    let mut storage = build_log(&v);
    for height in 1..=3u32 {
        for n in 1..=40i64 {
            let tree = Tree {
                n,
                hash: tlog::tree_hash(n, &mut storage).unwrap(),
            };
            let mut tiles = BTreeMap::new();
            for t in new_tiles(height, 0, n) {
                tiles.insert(t.path(), tlog::read_tile_data(&t, &mut storage).unwrap());
            }
            let indexes: Vec<i64> = (0..n).map(|i| tlog::stored_hash_index(0, i)).collect();
            let mut reader = MapTiles {
                height,
                tiles: tiles.clone(),
                asked: vec![],
                saved: vec![],
            };
            let got = TileHashReader::new(tree, &mut reader)
                .read_hashes(&indexes)
                .unwrap();
            let want: Vec<Hash> = indexes.iter().map(|&i| storage[i as usize]).collect();
            assert_eq!(got, want, "h={height} n={n}");
            for path in reader.asked.clone() {
                let mut bad = tiles.clone();
                let data = bad.get_mut(&path).unwrap();
                data[5] ^= 1;
                let mut reader = MapTiles {
                    height,
                    tiles: bad,
                    asked: vec![],
                    saved: vec![],
                };
                let err = TileHashReader::new(tree, &mut reader)
                    .read_hashes(&indexes)
                    .unwrap_err();
                assert_eq!(err, TlogError::InconsistentTile, "h={height} n={n} {path}");
            }
        }
    }
}
