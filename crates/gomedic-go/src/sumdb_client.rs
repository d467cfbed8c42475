//! The checksum-database client of the go command (`x/mod/sumdb.Client` as
//! vendored in go1.27.3), without I/O: the caller passes a `fetch` closure
//! that reads a server path (`/lookup/M@V`, `/tile/8/0/000.p/5`) and keeps
//! the client's files ([`ClientFiles`]) wherever it likes.
//!
//! A lookup verifies the signed tree head with the database key, that the
//! new tree is consistent with the last one seen (rollbacks and forks give
//! [`LookupError::Misbehavior`] with the go command's exact report), and that
//! the record is in the tree, reading only authenticated tiles.

use crate::module::{escape_path, escape_version};
use crate::note::{self, Verifier};
use crate::tlog::{
    self, Hash, HashReader, Tile, TileHashReader, TileReader, TlogError, Tree, record_hash,
    stored_hash_index,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Tile height the go command uses.
pub const DEFAULT_TILE_HEIGHT: u32 = 8;

/// Reads one server path, e.g. `/lookup/golang.org/x/text@v0.3.0`.
pub type Fetch<'a> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'a;

/// The files the go command keeps for a database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientFiles {
    /// `$GOPATH/pkg/sumdb/<name>/latest`: the latest signed tree note (empty = none).
    pub latest: Vec<u8>,
    /// Files under `$GOMODCACHE/cache/download/sumdb/`, keyed by their
    /// slash-separated path there: `<name>/lookup/<epath>@<evers>`,
    /// `<name>/tile/8/0/000.p/5`.
    pub cache: BTreeMap<String, Vec<u8>>,
}

/// Why a lookup failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// The server's log forked or rolled back: the go command prints this
    /// report (`SECURITY ERROR\ngo.sum database server misbehavior detected!…`)
    /// and exits.
    #[error("{report}")]
    Misbehavior { report: String },
    /// Any other failure, Go's error text (`<path>@<vers>: …`).
    #[error("{0}")]
    Failed(String),
}

/// The verdict of the go command's `checkSumDB` for one go.sum line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumCheck {
    /// The database has this exact line.
    Verified,
    /// The database has a different `h1:` hash (`db_line_hash`).
    Mismatch { db_hash: String },
    /// The database answered but has no line for this key.
    Missing,
}

/// A checksum database client (one database, one key).
#[derive(Debug)]
pub struct Client {
    verifier: Verifier,
    store: TileStore,
    init: Option<Result<(), LookupError>>,
    latest: Tree,
    latest_msg: Vec<u8>,
    records: HashMap<String, Result<String, LookupError>>,
}

/// Tile and file state shared by the tile reader.
#[derive(Debug)]
struct TileStore {
    name: String,
    height: u32,
    files: ClientFiles,
    tiles: HashMap<Tile, Result<Vec<u8>, String>>,
    saved: HashSet<Tile>,
    remote_reads: Vec<String>,
}

impl Client {
    /// A client for the database with verifier key `vkey`, starting from the
    /// go command's files (tile height 8).
    pub fn new(vkey: &str, files: ClientFiles) -> Result<Client, note::NoteError> {
        Client::with_tile_height(vkey, files, DEFAULT_TILE_HEIGHT)
    }

    /// Like [`Client::new`] with another tile height (1..=30).
    pub fn with_tile_height(
        vkey: &str,
        files: ClientFiles,
        height: u32,
    ) -> Result<Client, note::NoteError> {
        let verifier = Verifier::parse(vkey.trim())?;
        Ok(Client {
            store: TileStore {
                name: verifier.name.clone(),
                height: height.clamp(1, 30),
                files,
                tiles: HashMap::new(),
                saved: HashSet::new(),
                remote_reads: Vec::new(),
            },
            verifier,
            init: None,
            latest: Tree {
                n: 0,
                hash: tlog::empty_tree_hash(),
            },
            latest_msg: Vec::new(),
            records: HashMap::new(),
        })
    }

    /// The database name (from the key).
    pub fn name(&self) -> &str {
        &self.verifier.name
    }

    /// The latest verified tree.
    pub fn latest(&self) -> Tree {
        self.latest
    }

    /// The client's files, updated as the go command would update them.
    pub fn files(&self) -> &ClientFiles {
        &self.store.files
    }

    /// Server paths read so far, in order.
    pub fn remote_reads(&self) -> &[String] {
        &self.store.remote_reads
    }

    /// `Client.Lookup`: the go.sum lines the database has for `path` at
    /// `vers` (`vers` may end in `/go.mod`).
    pub fn lookup(
        &mut self,
        path: &str,
        vers: &str,
        fetch: &mut Fetch<'_>,
    ) -> Result<Vec<String>, LookupError> {
        let wrap = |e: LookupError| match e {
            LookupError::Failed(msg) => LookupError::Failed(format!("{path}@{vers}: {msg}")),
            other => other,
        };
        self.ensure_init(fetch).map_err(wrap)?;
        let epath = escape_path(path).map_err(|e| wrap(LookupError::Failed(e)))?;
        let evers = escape_version(vers.strip_suffix("/go.mod").unwrap_or(vers))
            .map_err(|e| wrap(LookupError::Failed(e)))?;
        let remote_path = format!("/lookup/{epath}@{evers}");
        let file = format!("{}{remote_path}", self.store.name);
        let text = match self.records.get(&file) {
            Some(result) => result.clone(),
            None => {
                let result = self.fetch_record(&file, &remote_path, fetch);
                self.records.insert(file, result.clone());
                result
            }
        }
        .map_err(wrap)?;
        let prefix = format!("{path} {vers} ");
        Ok(text
            .split('\n')
            .filter(|line| line.starts_with(&prefix))
            .map(str::to_string)
            .collect())
    }

    /// Merges a signed tree note from outside a lookup (e.g. the server's
    /// `/latest`) into the latest tree, exactly as a lookup merges the note
    /// that ends its record: the signature must verify and the trees must
    /// be consistent (else [`LookupError::Misbehavior`]).
    pub fn merge_note(&mut self, msg: &[u8], fetch: &mut Fetch<'_>) -> Result<(), LookupError> {
        self.ensure_init(fetch)?;
        self.merge_latest(msg, fetch)
    }

    /// `cmd/go checkSumDB`: compares a downloaded hash with the database.
    /// `vers` ends in `/go.mod` for go.mod hashes. Errors carry the go
    /// command's full text (`<path>@<version>: verifying <noun>: …`).
    pub fn check_sum(
        &mut self,
        path: &str,
        vers: &str,
        hash: &str,
        fetch: &mut Fetch<'_>,
    ) -> Result<(), LookupError> {
        let lines = match self.lookup(path, vers, fetch) {
            Ok(lines) => lines,
            Err(LookupError::Failed(msg)) => {
                let (base, noun) = split_noun(vers);
                return Err(LookupError::Failed(format!(
                    "{path}@{base}: verifying {noun}: {msg}"
                )));
            }
            Err(other) => return Err(other),
        };
        match compare_sum_lines(path, vers, hash, &lines) {
            SumCheck::Verified => Ok(()),
            verdict => Err(LookupError::Failed(sum_check_message(
                self.name(),
                path,
                vers,
                hash,
                &verdict,
            ))),
        }
    }

    fn ensure_init(&mut self, fetch: &mut Fetch<'_>) -> Result<(), LookupError> {
        if self.init.is_none() {
            let config = self.store.files.latest.clone();
            let result = self.merge_latest(&config, fetch).map_err(|e| match e {
                LookupError::Failed(msg) => {
                    LookupError::Failed(format!("initializing sumdb.Client: {msg}"))
                }
                misbehavior => misbehavior,
            });
            self.init = Some(result);
        }
        self.init.clone().unwrap_or(Ok(()))
    }

    fn fetch_record(
        &mut self,
        file: &str,
        remote_path: &str,
        fetch: &mut Fetch<'_>,
    ) -> Result<String, LookupError> {
        let (data, from_network) = match self.store.files.cache.get(file) {
            Some(data) if !data.is_empty() => (data.clone(), false),
            _ => {
                self.store.remote_reads.push(remote_path.to_string());
                (fetch(remote_path).map_err(LookupError::Failed)?, true)
            }
        };
        let (id, text, tree_msg) =
            tlog::parse_record(&data).map_err(|e| LookupError::Failed(e.to_string()))?;
        self.merge_latest(tree_msg, fetch)?;
        self.check_record(id, text, fetch)?;
        let text = String::from_utf8_lossy(text).into_owned();
        if from_network {
            self.store.files.cache.insert(file.to_string(), data);
        }
        Ok(text)
    }

    /// `mergeLatest`: merges a signed tree note into the latest tree, then
    /// keeps the `latest` file up to date.
    fn merge_latest(&mut self, msg: &[u8], fetch: &mut Fetch<'_>) -> Result<(), LookupError> {
        if self.merge_latest_mem(msg, fetch)? != When::Future {
            return Ok(());
        }
        let config = self.store.files.latest.clone();
        if self.merge_latest_mem(&config, fetch)? == When::Past {
            self.store.files.latest = self.latest_msg.clone();
        }
        Ok(())
    }

    fn merge_latest_mem(&mut self, msg: &[u8], fetch: &mut Fetch<'_>) -> Result<When, LookupError> {
        if msg.is_empty() {
            return Ok(if self.latest.n == 0 {
                When::Now
            } else {
                When::Past
            });
        }
        let opened = note::open(msg, std::slice::from_ref(&self.verifier)).map_err(|e| {
            LookupError::Failed(format!(
                "reading tree note: {e}\nnote:\n{}",
                String::from_utf8_lossy(msg)
            ))
        })?;
        let tree = tlog::parse_tree(opened.text.as_bytes()).map_err(|e| {
            LookupError::Failed(format!("reading tree: {e}\ntree:\n{}", opened.text))
        })?;
        let (latest, latest_msg) = (self.latest, self.latest_msg.clone());
        if tree.n <= latest.n {
            self.check_trees(tree, msg, latest, &latest_msg, fetch)?;
            return Ok(if tree.n < latest.n {
                When::Past
            } else {
                When::Now
            });
        }
        self.check_trees(latest, &latest_msg, tree, msg, fetch)?;
        self.latest = tree;
        self.latest_msg = msg.to_vec();
        Ok(When::Future)
    }

    /// `checkTrees`: `older` must be a prefix of `newer`, proven with the
    /// newer tree's tiles.
    fn check_trees(
        &mut self,
        older: Tree,
        older_note: &[u8],
        newer: Tree,
        newer_note: &[u8],
        fetch: &mut Fetch<'_>,
    ) -> Result<(), LookupError> {
        let mut source = TileSource {
            store: &mut self.store,
            fetch,
        };
        let mut reader = TileHashReader::new(newer, &mut source);
        let h = tlog::tree_hash(older.n, &mut reader).map_err(|e| {
            LookupError::Failed(if older.n == newer.n {
                format!("checking tree#{}: {e}", older.n)
            } else {
                format!("checking tree#{} against tree#{}: {e}", older.n, newer.n)
            })
        })?;
        if h == older.hash {
            return Ok(());
        }
        let proof = tlog::prove_tree(newer.n, older.n, &mut reader);
        Err(LookupError::Misbehavior {
            report: misbehavior_report(older_note, newer_note, newer, older.n, h, proof),
        })
    }

    /// `checkRecord`: record `id` of the latest tree must hash to `text`.
    fn check_record(
        &mut self,
        id: i64,
        text: &[u8],
        fetch: &mut Fetch<'_>,
    ) -> Result<(), LookupError> {
        let latest = self.latest;
        if id >= latest.n {
            return Err(LookupError::Failed(format!(
                "cannot validate record {id} in tree of size {}",
                latest.n
            )));
        }
        let mut source = TileSource {
            store: &mut self.store,
            fetch,
        };
        let hashes = TileHashReader::new(latest, &mut source)
            .read_hashes(&[stored_hash_index(0, id)])
            .map_err(|e| LookupError::Failed(e.to_string()))?;
        if hashes.first() == Some(&record_hash(text)) {
            Ok(())
        } else {
            Err(LookupError::Failed(
                "cannot authenticate record data in server response".into(),
            ))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Past,
    Now,
    Future,
}

/// The go command's report of a forked or rolled-back log.
fn misbehavior_report(
    older_note: &[u8],
    newer_note: &[u8],
    newer: Tree,
    older_n: i64,
    h: Hash,
    proof: Result<Vec<Hash>, TlogError>,
) -> String {
    let indent = |b: &[u8]| String::from_utf8_lossy(b).replace('\n', "\n\t");
    let mut report =
        String::from("SECURITY ERROR\ngo.sum database server misbehavior detected!\n\n");
    report.push_str(&format!("old database:\n\t{}\n", indent(older_note)));
    report.push_str(&format!("new database:\n\t{}\n", indent(newer_note)));
    report.push_str(&format!("proof of misbehavior:\n\t{h}"));
    match proof {
        Err(e) => report.push_str(&format!("\tinternal error: {e}\n")),
        Ok(p) if tlog::check_tree(&p, newer.n, newer.hash, older_n, h).is_err() => {
            report.push_str("\tinternal error: generated inconsistent proof\n")
        }
        Ok(p) => {
            for hash in p {
                report.push_str(&format!("\n\t{hash}"));
            }
        }
    }
    report
}

/// `vers` without `/go.mod`, and the noun the go command uses for it.
fn split_noun(vers: &str) -> (&str, &str) {
    match vers.strip_suffix("/go.mod") {
        Some(base) => (base, "go.mod"),
        None => (vers, "module"),
    }
}

/// The comparison of `checkSumDB`: the first line that equals
/// `<path> <vers> <hash>` verifies; the first `<path> <vers> h1:` line that
/// differs is a mismatch; otherwise the entry is missing.
pub fn compare_sum_lines(path: &str, vers: &str, hash: &str, lines: &[String]) -> SumCheck {
    let have = format!("{path} {vers} {hash}");
    let prefix = format!("{path} {vers} h1:");
    for line in lines {
        if *line == have {
            return SumCheck::Verified;
        }
        if line.starts_with(&prefix) {
            return SumCheck::Mismatch {
                db_hash: line[prefix.len() - "h1:".len()..].to_string(),
            };
        }
    }
    SumCheck::Missing
}

/// The go command's error text for a failed [`compare_sum_lines`] verdict
/// (empty for [`SumCheck::Verified`]).
pub fn sum_check_message(
    db: &str,
    path: &str,
    vers: &str,
    hash: &str,
    verdict: &SumCheck,
) -> String {
    let (base, noun) = split_noun(vers);
    match verdict {
        SumCheck::Verified => String::new(),
        SumCheck::Mismatch { db_hash } => format!(
            "{path}@{base}: verifying {noun}: checksum mismatch\n\tdownloaded: {hash}\n\t{db}: {db_hash}\
             \n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.\
             \nThe bits may have been replaced on the origin server, or an attacker may\
             \nhave intercepted the download attempt.\
             \n\nFor more information, see 'go help module-auth'.\n"
        ),
        SumCheck::Missing => format!(
            "{path}@{base}: verifying {noun}: checksum missing from sumdb response\
             \n\nSECURITY ERROR\nThis download does NOT match one reported by the checksum server.\
             \nThe checksum server has provided checksums, but the checksums do\
             \nnot contain an entry for the download.\
             \nThe checksum server may be malfunctioning, or an attacker may have\
             \nintercepted the checksum request.\
             \nThe download cannot be verified.\
             \n\nFor more information, see 'go help module-auth'.\n"
        ),
    }
}

/// The client's tile reader: memory, then the cache files, then the server.
struct TileSource<'a, 'f> {
    store: &'a mut TileStore,
    fetch: &'a mut Fetch<'f>,
}

impl TileSource<'_, '_> {
    fn cache_key(&self, tile: &Tile) -> String {
        format!("{}/{}", self.store.name, tile.path())
    }

    fn cached_file(&self, tile: &Tile) -> Option<Vec<u8>> {
        self.store
            .files
            .cache
            .get(&self.cache_key(tile))
            .filter(|data| !data.is_empty())
            .cloned()
    }

    fn remote(&mut self, tile: &Tile) -> Result<Vec<u8>, String> {
        let path = format!("/{}", tile.path());
        self.store.remote_reads.push(path.clone());
        (self.fetch)(&path)
    }

    /// `readTile`: the exact tile from the cache, else the full tile from the
    /// cache cut down, else the exact tile from the server, else the full
    /// tile from the server cut down.
    fn read_tile(&mut self, tile: &Tile) -> Result<Vec<u8>, String> {
        if let Some(known) = self.store.tiles.get(tile) {
            return known.clone();
        }
        let result = self.read_tile_uncached(tile);
        self.store.tiles.insert(*tile, result.clone());
        result
    }

    fn read_tile_uncached(&mut self, tile: &Tile) -> Result<Vec<u8>, String> {
        if let Some(data) = self.cached_file(tile) {
            self.store.saved.insert(*tile);
            return Ok(data);
        }
        let full = Tile {
            w: 1i64 << tile.h,
            ..*tile
        };
        let cut = |data: Vec<u8>| {
            let keep = (data.len() as i64 / full.w * tile.w) as usize;
            data[..keep.min(data.len())].to_vec()
        };
        if full != *tile
            && let Some(data) = self.cached_file(&full)
        {
            self.store.saved.insert(*tile);
            return Ok(cut(data));
        }
        match self.remote(tile) {
            Ok(data) => Ok(data),
            Err(err) if full != *tile => self.remote(&full).map(cut).map_err(|_| err),
            Err(err) => Err(err),
        }
    }
}

impl TileReader for TileSource<'_, '_> {
    fn height(&self) -> u32 {
        self.store.height
    }

    fn read_tiles(&mut self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, TlogError> {
        let results: Vec<Result<Vec<u8>, String>> =
            tiles.iter().map(|tile| self.read_tile(tile)).collect();
        results
            .into_iter()
            .map(|r| r.map_err(TlogError::Other))
            .collect()
    }

    fn save_tiles(&mut self, tiles: &[Tile], data: &[Vec<u8>]) {
        for (tile, bytes) in tiles.iter().zip(data) {
            if self.store.saved.insert(*tile) {
                let key = self.cache_key(tile);
                self.store.files.cache.insert(key, bytes.clone());
            }
        }
    }
}
