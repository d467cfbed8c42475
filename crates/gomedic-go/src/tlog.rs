//! The checksum database's transparency log, as `golang.org/x/mod/sumdb/tlog`
//! defines it (RFC 6962 Merkle trees): record and node hashes, the stored-hash
//! layout, tree hashes, inclusion (record) and consistency (tree) proofs.
//! Tiles live in [`tile`], the tree-note and record formats in [`format`].
//!
//! Sizes and indexes are `i64` as in Go. Arithmetic never panics: absurd
//! sizes wrap like Go's would or are reported as errors.

mod format;
mod tile;

pub use format::{format_record, format_tree, parse_record, parse_tree};
pub use tile::{
    Tile, TileHashReader, TileReader, hash_from_tile, new_tiles, parse_tile_path, read_tile_data,
    tile_for_index,
};

use crate::note::{go_std_base64_decode, go_std_base64_encode};
use sha2::{Digest, Sha256};

/// Size of a hash in bytes.
pub const HASH_SIZE: usize = 32;

/// A SHA-256 hash in the log.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; HASH_SIZE]);

impl Hash {
    /// `tlog.ParseHash`: standard padded base64 of exactly 32 bytes.
    pub fn parse(text: &str) -> Result<Hash, TlogError> {
        go_std_base64_decode(text)
            .and_then(|bytes| <[u8; HASH_SIZE]>::try_from(bytes).ok())
            .map(Hash)
            .ok_or(TlogError::MalformedHash)
    }

    fn from_slice(bytes: &[u8]) -> Hash {
        let mut hash = [0u8; HASH_SIZE];
        hash.copy_from_slice(bytes);
        Hash(hash)
    }
}

impl std::fmt::Display for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&go_std_base64_encode(&self.0))
    }
}

impl std::fmt::Debug for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hash({self})")
    }
}

/// A tree head: the number of records and the root hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tree {
    pub n: i64,
    pub hash: Hash,
}

/// tlog errors, with Go's texts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlogError {
    #[error("invalid transparency proof")]
    ProofFailed,
    #[error("tlog: invalid inputs in {0}")]
    InvalidInputs(&'static str),
    #[error("malformed hash")]
    MalformedHash,
    #[error("malformed tree note")]
    MalformedTree,
    #[error("malformed record data")]
    MalformedRecord,
    #[error("malformed tile path {}", crate::module::go_quote(.0))]
    MalformedTilePath(String),
    #[error("downloaded inconsistent tile")]
    InconsistentTile,
    #[error("indexes not in tree")]
    IndexesNotInTree,
    #[error("tlog: ReadHashes({want} indexes) = {got} hashes")]
    WrongHashCount { want: usize, got: usize },
    /// Any other failure: Go's text, or the text of a reader's error.
    #[error("{0}")]
    Other(String),
}

/// Reads stored hashes by storage index (`tlog.HashReader`).
pub trait HashReader {
    fn read_hashes(&mut self, indexes: &[i64]) -> Result<Vec<Hash>, TlogError>;
}

/// All stored hashes of a log, in storage order (as a server keeps them).
impl HashReader for Vec<Hash> {
    fn read_hashes(&mut self, indexes: &[i64]) -> Result<Vec<Hash>, TlogError> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.get(i).copied())
                    .ok_or_else(|| TlogError::Other(format!("tlog: hash index {i} not stored")))
            })
            .collect()
    }
}

/// The hash of the empty tree: SHA-256 of nothing.
pub fn empty_tree_hash() -> Hash {
    Hash::from_slice(&Sha256::digest(b""))
}

/// Leaf hash: SHA-256(0x00 ‖ data).
pub fn record_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    Hash::from_slice(&h.finalize())
}

/// Interior node hash: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: Hash, right: Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left.0);
    h.update(right.0);
    Hash::from_slice(&h.finalize())
}

/// The largest power of two strictly less than `n` (1 for n ≤ 2), and its log.
fn maxpow2(n: u64) -> (i64, u32) {
    let mut level = 0u32;
    while level < 62 && (1u64 << (level + 1)) < n {
        level += 1;
    }
    (1i64 << level, level)
}

/// `maxpow2(hi - lo + 1)` without overflow.
fn maxpow2_plus_one(lo: i64, hi: i64) -> (i64, u32) {
    maxpow2(hi.wrapping_sub(lo) as u64 + 1)
}

/// Storage index of the hash at `level` covering records `[n·2^level, (n+1)·2^level)`.
pub fn stored_hash_index(level: u32, n: i64) -> i64 {
    let mut n = n;
    for _ in 0..level {
        n = n.wrapping_mul(2).wrapping_add(1);
    }
    let mut index = 0i64;
    while n > 0 {
        index = index.wrapping_add(n);
        n >>= 1;
    }
    index.wrapping_add(i64::from(level))
}

/// The inverse of [`stored_hash_index`]: `(level, n)`. Negative indexes are
/// treated as 0.
pub fn split_stored_hash_index(index: i64) -> (u32, i64) {
    let index = index.max(0);
    let mut n = index / 2;
    let mut index_n = stored_hash_index(0, n);
    while index_n > index && n > 0 {
        // Only reachable through wrapped arithmetic on absurd indexes.
        n -= 1;
        index_n = stored_hash_index(0, n);
    }
    loop {
        let next = index_n
            .wrapping_add(1)
            .wrapping_add(i64::from((n.wrapping_add(1) as u64).trailing_zeros()));
        if next > index || next <= index_n {
            break;
        }
        n += 1;
        index_n = next;
    }
    let level = u32::try_from(index - index_n).unwrap_or(63).min(63);
    (level, n >> level)
}

/// Number of hashes stored for a log of `n` records.
pub fn stored_hash_count(n: i64) -> i64 {
    if n <= 0 {
        return 0;
    }
    let mut count = stored_hash_index(0, n - 1).wrapping_add(1);
    let mut i = (n - 1) as u64;
    while i & 1 != 0 {
        count = count.wrapping_add(1);
        i >>= 1;
    }
    count
}

/// The hashes to store when appending record `n` with `data`.
pub fn stored_hashes(
    n: i64,
    data: &[u8],
    reader: &mut dyn HashReader,
) -> Result<Vec<Hash>, TlogError> {
    stored_hashes_for_record_hash(n, record_hash(data), reader)
}

/// [`stored_hashes`] given the record's hash.
pub fn stored_hashes_for_record_hash(
    n: i64,
    hash: Hash,
    reader: &mut dyn HashReader,
) -> Result<Vec<Hash>, TlogError> {
    if n < 0 {
        return Err(TlogError::InvalidInputs("StoredHashes"));
    }
    let m = (n.wrapping_add(1) as u64).trailing_zeros();
    let indexes: Vec<i64> = (0..m)
        .rev()
        .map(|i| stored_hash_index(i, (n >> i) - 1))
        .collect();
    let old = read_exact(reader, &indexes)?;
    let mut hashes = vec![hash];
    let mut h = hash;
    for left in old.iter().rev() {
        h = node_hash(*left, h);
        hashes.push(h);
    }
    Ok(hashes)
}

fn read_exact(reader: &mut dyn HashReader, indexes: &[i64]) -> Result<Vec<Hash>, TlogError> {
    let hashes = reader.read_hashes(indexes)?;
    if hashes.len() != indexes.len() {
        return Err(TlogError::WrongHashCount {
            want: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes)
}

/// Storage indexes of the complete subtrees that make up records `[lo, hi)`,
/// largest first.
pub fn sub_tree_index(lo: i64, hi: i64) -> Vec<i64> {
    let mut need = Vec::new();
    push_sub_tree_index(lo, hi, &mut need);
    need
}

fn push_sub_tree_index(mut lo: i64, hi: i64, need: &mut Vec<i64>) {
    while lo < hi {
        let (k, level) = maxpow2_plus_one(lo, hi);
        need.push(stored_hash_index(level, lo >> level));
        lo = lo.saturating_add(k);
    }
}

/// Folds the subtree hashes of `[lo, hi)` (from `hashes`) into one hash,
/// returning it and the unused hashes.
fn sub_tree_hash(mut lo: i64, hi: i64, hashes: &[Hash]) -> Result<(Hash, &[Hash]), TlogError> {
    let mut count = 0usize;
    while lo < hi {
        let (k, _) = maxpow2_plus_one(lo, hi);
        count += 1;
        lo = lo.saturating_add(k);
    }
    if count == 0 || hashes.len() < count {
        return Err(TlogError::Other(
            "tlog: bad index math in subTreeHash".into(),
        ));
    }
    let mut h = hashes[count - 1];
    for left in hashes[..count - 1].iter().rev() {
        h = node_hash(*left, h);
    }
    Ok((h, &hashes[count..]))
}

/// The root hash of the tree of the first `n` records.
pub fn tree_hash(n: i64, reader: &mut dyn HashReader) -> Result<Hash, TlogError> {
    if n <= 0 {
        return Ok(empty_tree_hash());
    }
    let indexes = sub_tree_index(0, n);
    let hashes = read_exact(reader, &indexes)?;
    Ok(sub_tree_hash(0, n, &hashes)?.0)
}

/// An inclusion proof: sibling hashes, bottom-up.
pub type RecordProof = Vec<Hash>;
/// A consistency proof between two tree sizes.
pub type TreeProof = Vec<Hash>;

/// Proof that record `n` is in the tree of size `t`.
pub fn prove_record(t: i64, n: i64, reader: &mut dyn HashReader) -> Result<RecordProof, TlogError> {
    if t < 0 || n < 0 || n >= t {
        return Err(TlogError::InvalidInputs("ProveRecord"));
    }
    let mut indexes = Vec::new();
    leaf_proof_index(0, t, n, &mut indexes);
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = read_exact(reader, &indexes)?;
    let (proof, rest) = leaf_proof(0, t, n, &hashes)?;
    if !rest.is_empty() {
        return Err(TlogError::Other(
            "tlog: bad index math in ProveRecord".into(),
        ));
    }
    Ok(proof)
}

fn leaf_proof_index(lo: i64, hi: i64, n: i64, need: &mut Vec<i64>) {
    if lo + 1 >= hi {
        return;
    }
    let (k, _) = maxpow2(hi.wrapping_sub(lo) as u64);
    if n < lo + k {
        leaf_proof_index(lo, lo + k, n, need);
        push_sub_tree_index(lo + k, hi, need);
    } else {
        push_sub_tree_index(lo, lo + k, need);
        leaf_proof_index(lo + k, hi, n, need);
    }
}

fn leaf_proof(
    lo: i64,
    hi: i64,
    n: i64,
    hashes: &[Hash],
) -> Result<(RecordProof, &[Hash]), TlogError> {
    if lo + 1 >= hi {
        return Ok((Vec::new(), hashes));
    }
    let (k, _) = maxpow2(hi.wrapping_sub(lo) as u64);
    let (mut proof, sibling, rest) = if n < lo + k {
        let (proof, rest) = leaf_proof(lo, lo + k, n, hashes)?;
        let (sibling, rest) = sub_tree_hash(lo + k, hi, rest)?;
        (proof, sibling, rest)
    } else {
        let (sibling, rest) = sub_tree_hash(lo, lo + k, hashes)?;
        let (proof, rest) = leaf_proof(lo + k, hi, n, rest)?;
        (proof, sibling, rest)
    };
    proof.push(sibling);
    Ok((proof, rest))
}

/// Checks that `proof` proves record `n` with hash `h` is in the tree of
/// size `t` with root `th`.
pub fn check_record(proof: &[Hash], t: i64, th: Hash, n: i64, h: Hash) -> Result<(), TlogError> {
    if t < 0 || n < 0 || n >= t {
        return Err(TlogError::InvalidInputs("CheckRecord"));
    }
    if run_record_proof(proof, 0, t, n, h)? == th {
        Ok(())
    } else {
        Err(TlogError::ProofFailed)
    }
}

fn run_record_proof(
    proof: &[Hash],
    lo: i64,
    hi: i64,
    n: i64,
    leaf: Hash,
) -> Result<Hash, TlogError> {
    if lo + 1 >= hi {
        return if proof.is_empty() {
            Ok(leaf)
        } else {
            Err(TlogError::ProofFailed)
        };
    }
    let Some((last, inner)) = proof.split_last() else {
        return Err(TlogError::ProofFailed);
    };
    let (k, _) = maxpow2(hi.wrapping_sub(lo) as u64);
    if n < lo + k {
        Ok(node_hash(
            run_record_proof(inner, lo, lo + k, n, leaf)?,
            *last,
        ))
    } else {
        Ok(node_hash(
            *last,
            run_record_proof(inner, lo + k, hi, n, leaf)?,
        ))
    }
}

/// Proof that the tree of size `n` is a prefix of the tree of size `t`.
pub fn prove_tree(t: i64, n: i64, reader: &mut dyn HashReader) -> Result<TreeProof, TlogError> {
    if t < 1 || n < 1 || n > t {
        return Err(TlogError::InvalidInputs("ProveTree"));
    }
    let mut indexes = Vec::new();
    tree_proof_index(0, t, n, &mut indexes);
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = read_exact(reader, &indexes)?;
    let (proof, rest) = tree_proof(0, t, n, &hashes)?;
    if !rest.is_empty() {
        return Err(TlogError::Other("tlog: bad index math in ProveTree".into()));
    }
    Ok(proof)
}

fn tree_proof_index(lo: i64, hi: i64, n: i64, need: &mut Vec<i64>) {
    if n >= hi {
        if lo != 0 {
            push_sub_tree_index(lo, hi, need);
        }
        return;
    }
    let (k, _) = maxpow2(hi.wrapping_sub(lo) as u64);
    if n <= lo + k {
        tree_proof_index(lo, lo + k, n, need);
        push_sub_tree_index(lo + k, hi, need);
    } else {
        push_sub_tree_index(lo, lo + k, need);
        tree_proof_index(lo + k, hi, n, need);
    }
}

fn tree_proof(
    lo: i64,
    hi: i64,
    n: i64,
    hashes: &[Hash],
) -> Result<(TreeProof, &[Hash]), TlogError> {
    if n >= hi {
        if lo == 0 {
            return Ok((Vec::new(), hashes));
        }
        let (h, rest) = sub_tree_hash(lo, hi, hashes)?;
        return Ok((vec![h], rest));
    }
    let (k, _) = maxpow2(hi.wrapping_sub(lo) as u64);
    let (mut proof, sibling, rest) = if n <= lo + k {
        let (proof, rest) = tree_proof(lo, lo + k, n, hashes)?;
        let (sibling, rest) = sub_tree_hash(lo + k, hi, rest)?;
        (proof, sibling, rest)
    } else {
        let (sibling, rest) = sub_tree_hash(lo, lo + k, hashes)?;
        let (proof, rest) = tree_proof(lo + k, hi, n, rest)?;
        (proof, sibling, rest)
    };
    proof.push(sibling);
    Ok((proof, rest))
}

/// Checks that `proof` proves the tree of size `n` with root `h` is a prefix
/// of the tree of size `t` with root `th`.
pub fn check_tree(proof: &[Hash], t: i64, th: Hash, n: i64, h: Hash) -> Result<(), TlogError> {
    if t < 1 || n < 1 || n > t {
        return Err(TlogError::InvalidInputs("CheckTree"));
    }
    let (old, new) = run_tree_proof(proof, 0, t, n, h)?;
    if new == th && old == h {
        Ok(())
    } else {
        Err(TlogError::ProofFailed)
    }
}

fn run_tree_proof(
    proof: &[Hash],
    lo: i64,
    hi: i64,
    n: i64,
    old: Hash,
) -> Result<(Hash, Hash), TlogError> {
    if n >= hi {
        return match (lo, proof) {
            (0, []) => Ok((old, old)),
            (0, _) => Err(TlogError::ProofFailed),
            (_, [only]) => Ok((*only, *only)),
            _ => Err(TlogError::ProofFailed),
        };
    }
    let Some((last, inner)) = proof.split_last() else {
        return Err(TlogError::ProofFailed);
    };
    let (k, _) = maxpow2(hi.wrapping_sub(lo) as u64);
    if n <= lo + k {
        let (oh, th) = run_tree_proof(inner, lo, lo + k, n, old)?;
        Ok((oh, node_hash(th, *last)))
    } else {
        let (oh, th) = run_tree_proof(inner, lo + k, hi, n, old)?;
        Ok((node_hash(*last, oh), node_hash(*last, th)))
    }
}
