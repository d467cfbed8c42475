//! Hostile input never panics: notes, keys, tree notes, records, tile paths,
//! tile data through the tile reader, and whole server responses through the
//! sumdb client.

use gomedic_go::note::{self, Verifier};
use gomedic_go::sumdb_client::{Client, ClientFiles};
use gomedic_go::tlog::{
    self, Hash, HashReader, Tile, TileHashReader, TileReader, TlogError, Tree, hash_from_tile,
    parse_tile_path,
};
use proptest::prelude::*;

const VKEY: &str = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";

/// Text shaped like notes and records, plus arbitrary bytes.
fn note_like() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "(go.sum database tree\n)?[0-9+x-]{0,22}\n[A-Za-z0-9+/=]{0,50}\n(\n— [a-z./]{0,12} [A-Za-z0-9+/=]{0,100}\n){0,3}"
            .prop_map(String::into_bytes),
        "[0-9+-]{0,5}\n([a-z. /0-9:=]{0,20}\n){0,3}\n.{0,40}".prop_map(String::into_bytes),
    ]
}

struct ArbitraryTiles {
    height: u32,
    data: Vec<Vec<u8>>,
}

impl TileReader for ArbitraryTiles {
    fn height(&self) -> u32 {
        self.height
    }
    fn read_tiles(&mut self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, TlogError> {
        Ok(tiles
            .iter()
            .enumerate()
            .map(|(i, _)| self.data.get(i).cloned().unwrap_or_default())
            .collect())
    }
    fn save_tiles(&mut self, _tiles: &[Tile], _data: &[Vec<u8>]) {}
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn note_open_never_panics(msg in note_like()) {
        let verifier = Verifier::parse(VKEY).unwrap();
        let _ = note::open(&msg, &[verifier.clone(), verifier]);
    }

    #[test]
    fn key_parsers_never_panic(key in "[A-Za-z+/=0-9 .]{0,80}") {
        let _ = Verifier::parse(&key);
        let _ = note::NoteSigner::parse(&key);
        let _ = note::NoteSigner::parse(&format!("PRIVATE+KEY+{key}"));
    }

    #[test]
    fn tree_and_record_parsers_never_panic(msg in note_like()) {
        let _ = tlog::parse_tree(&msg);
        if let Ok((_, text, rest)) = tlog::parse_record(&msg) {
            prop_assert!(text.ends_with(b"\n"));
            prop_assert!(rest.len() < msg.len());
        }
    }

    #[test]
    fn tile_paths_never_panic_and_round_trip(path in "tile/[0-9]{0,3}/(data|[0-9-]{0,3})(/x?[0-9]{1,4}){0,4}(\\.p/[0-9]{0,4})?") {
        if let Ok(tile) = parse_tile_path(&path) {
            prop_assert_eq!(tile.path(), path);
        }
    }

    #[test]
    fn tile_math_never_panics(h in 0u32..40, l in -2i32..70, n in any::<i64>(), w in any::<i64>(), index in any::<i64>(), data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let tile = Tile { h, l, n, w };
        let _ = tile.path();
        let _ = hash_from_tile(&tile, &data, index);
        let _ = tlog::tile_for_index(h, index);
        let _ = tlog::split_stored_hash_index(index);
        let _ = tlog::new_tiles(h, n.min(w).max(0) % 100_000, n.max(w).max(0) % 100_000);
    }

    #[test]
    fn tile_hash_reader_never_panics(n in prop_oneof![0i64..5000, any::<i64>()], h in 1u32..5, index in -3i64..20000, data in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..130), 0..8)) {
        let tree = Tree { n, hash: Hash([7u8; 32]) };
        let mut reader = ArbitraryTiles { height: h, data };
        let _ = TileHashReader::new(tree, &mut reader).read_hashes(&[index]);
        let _ = tlog::tree_hash(n, &mut TileHashReader::new(tree, &mut reader));
    }

    #[test]
    fn client_survives_hostile_servers(responses in proptest::collection::vec(note_like(), 1..6), latest in note_like()) {
        let mut client = Client::new(VKEY, ClientFiles { latest, cache: Default::default() }).unwrap();
        let mut next = responses.into_iter();
        let mut fetch = |_: &str| next.next().ok_or_else(|| "no more".to_string());
        let _ = client.lookup("example.com/simple", "v1.0.0", &mut fetch);
        let _ = client.lookup("example.com/simple", "v1.0.0/go.mod", &mut fetch);
    }
}
