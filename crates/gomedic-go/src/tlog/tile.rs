//! Tiles of stored hashes (`tlog/tile.go`): which tile holds a hash, tile
//! paths, the tiles a server publishes, and [`TileHashReader`], which reads
//! hashes from tiles and authenticates every tile against a trusted tree.

use super::{
    HASH_SIZE, Hash, HashReader, TlogError, Tree, node_hash, split_stored_hash_index,
    stored_hash_index, sub_tree_index,
};
use std::collections::HashMap;

const PATH_BASE: i64 = 1000;

/// A tile: `w` hashes at tree level `l·h`, starting at hash `n·2^h` of that
/// level. `l == -1` is a record-data tile. A full tile has `w == 2^h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Tile {
    pub h: u32,
    pub l: i32,
    pub n: i64,
    pub w: i64,
}

fn shl(x: i64, s: u32) -> i64 {
    if s >= 64 { 0 } else { x.wrapping_shl(s) }
}

fn shr(x: i64, s: u32) -> i64 {
    if s >= 64 {
        if x < 0 { -1 } else { 0 }
    } else {
        x >> s
    }
}

/// Width of a full tile of height `h`.
fn full_width(h: u32) -> i64 {
    shl(1, h)
}

impl Tile {
    /// `Tile.Path`: `tile/<H>/<L or data>/<NNN>[.p/<W>]`, N in base 1000 with
    /// `x`-prefixed groups.
    pub fn path(&self) -> String {
        let mut n = self.n;
        let mut digits = format!("{:03}", n.rem_euclid(PATH_BASE));
        while n >= PATH_BASE {
            n /= PATH_BASE;
            digits = format!("x{:03}/{digits}", n % PATH_BASE);
        }
        let partial = if self.w != full_width(self.h) {
            format!(".p/{}", self.w)
        } else {
            String::new()
        };
        let level = if self.l == -1 {
            "data".to_string()
        } else {
            self.l.to_string()
        };
        format!("tile/{}/{level}/{digits}{partial}", self.h)
    }

    /// Level of the hashes in this tile within the tree.
    fn base_level(&self) -> u32 {
        (self.l.max(0) as u32).saturating_mul(self.h)
    }
}

impl std::fmt::Display for Tile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path())
    }
}

/// `strconv.Atoi`: optional sign and decimal digits.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `tlog.ParseTilePath`: the inverse of [`Tile::path`]; anything that does
/// not re-encode to the same text is rejected.
pub fn parse_tile_path(path: &str) -> Result<Tile, TlogError> {
    let bad = || TlogError::MalformedTilePath(path.to_string());
    let mut fields: Vec<&str> = path.split('/').collect();
    if fields.len() < 4 || fields[0] != "tile" {
        return Err(bad());
    }
    let h = atoi(fields[1]);
    let is_data = fields[2] == "data";
    let l = if is_data { Some(0) } else { atoi(fields[2]) };
    let (Some(h), Some(l)) = (h, l) else {
        return Err(bad());
    };
    if !(1..=30).contains(&h) || l < 0 || l > i64::from(i32::MAX) {
        return Err(bad());
    }
    let h = h as u32;
    let mut w = full_width(h);
    let dot_p_at = fields.len() - 2;
    if let Some(stem) = fields[dot_p_at].strip_suffix(".p") {
        let width = atoi(fields[fields.len() - 1]).ok_or_else(bad)?;
        if width <= 0 || width >= w {
            return Err(bad());
        }
        w = width;
        fields[dot_p_at] = stem;
        fields.pop();
    }
    let mut n = 0i64;
    for group in &fields[3..] {
        let value = atoi(group.strip_prefix('x').unwrap_or(group)).ok_or_else(bad)?;
        if !(0..PATH_BASE).contains(&value) {
            return Err(bad());
        }
        n = n
            .checked_mul(PATH_BASE)
            .and_then(|n| n.checked_add(value))
            .ok_or_else(bad)?;
    }
    let tile = Tile {
        h,
        l: if is_data { -1 } else { l as i32 },
        n,
        w,
    };
    if tile.path() != path {
        return Err(bad());
    }
    Ok(tile)
}

/// The smallest tile of height `h` holding stored hash `index`, and the byte
/// range of the data that hashes to it.
fn tile_for_index_range(h: u32, index: i64) -> (Tile, usize, usize) {
    let (level, n) = split_stored_hash_index(index);
    let h = h.max(1);
    let l = level / h;
    let level = level - l * h;
    let tile_n = shr(shl(n, level), h);
    let within = n.wrapping_sub(shr(shl(tile_n, h), level)).max(0);
    let tile = Tile {
        h,
        l: l as i32,
        n: tile_n,
        w: shl(within.wrapping_add(1), level),
    };
    let byte_offset = |hashes: i64| {
        usize::try_from(hashes.max(0))
            .unwrap_or(usize::MAX)
            .saturating_mul(HASH_SIZE)
    };
    let start = byte_offset(shl(within, level));
    let end = byte_offset(tile.w);
    (tile, start, end)
}

/// `tlog.TileForIndex`: the smallest tile of height `h` holding stored hash
/// `index` (a height of 0 is treated as 1).
pub fn tile_for_index(h: u32, index: i64) -> Tile {
    tile_for_index_range(h, index).0
}

/// Merkle hash of a power-of-two run of hashes.
fn tile_hash(data: &[u8]) -> Hash {
    if data.len() <= HASH_SIZE {
        let mut hash = [0u8; HASH_SIZE];
        hash[..data.len()].copy_from_slice(data);
        return Hash(hash);
    }
    let half = data.len() / 2;
    node_hash(tile_hash(&data[..half]), tile_hash(&data[half..]))
}

/// `tlog.HashFromTile`: the stored hash `index`, computed from the data of
/// tile `t` (which must be the tile holding it, or a wider one).
pub fn hash_from_tile(t: &Tile, data: &[u8], index: i64) -> Result<Hash, TlogError> {
    if t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > full_width(t.h) {
        return Err(TlogError::Other(format!("invalid tile {}", t.path())));
    }
    if (data.len() as i64) < t.w * HASH_SIZE as i64 {
        return Err(TlogError::Other(format!(
            "data len {} too short for tile {}",
            data.len(),
            t.path()
        )));
    }
    let (t1, start, end) = tile_for_index_range(t.h, index);
    if t.l != t1.l || t.n != t1.n || t.w < t1.w {
        return Err(TlogError::Other(format!(
            "index {index} is in {} not {}",
            t1.path(),
            t.path()
        )));
    }
    data.get(start..end)
        .filter(|run| !run.is_empty())
        .map(tile_hash)
        .ok_or_else(|| TlogError::Other(format!("index {index} is outside tile {}", t.path())))
}

/// `tlog.NewTiles`: the tiles of height `h` that change when a tree grows
/// from `old_size` to `new_size` records.
pub fn new_tiles(h: u32, old_size: i64, new_size: i64) -> Vec<Tile> {
    let h = h.clamp(1, 30);
    let mut tiles = Vec::new();
    let mut level = 0u32;
    while shr(new_size, h * level) > 0 {
        let old_n = shr(old_size, h * level);
        let new_n = shr(new_size, h * level);
        if old_n != new_n {
            for n in shr(old_n, h)..shr(new_n, h) {
                tiles.push(Tile {
                    h,
                    l: level as i32,
                    n,
                    w: full_width(h),
                });
            }
            let n = shr(new_n, h);
            let w = new_n - shl(n, h);
            if w > 0 {
                tiles.push(Tile {
                    h,
                    l: level as i32,
                    n,
                    w,
                });
            }
        }
        level += 1;
    }
    tiles
}

/// `tlog.ReadTileData`: the data of tile `t`, read through `reader`.
pub fn read_tile_data(t: &Tile, reader: &mut dyn HashReader) -> Result<Vec<u8>, TlogError> {
    let size = if t.w == 0 { full_width(t.h) } else { t.w };
    let start = shl(t.n, t.h);
    let indexes: Vec<i64> = (0..size.max(0))
        .map(|i| stored_hash_index(t.base_level(), start + i))
        .collect();
    let hashes = reader.read_hashes(&indexes)?;
    if hashes.len() != indexes.len() {
        return Err(TlogError::WrongHashCount {
            want: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes.iter().flat_map(|h| h.0).collect())
}

/// Source of tile data (`tlog.TileReader`).
pub trait TileReader {
    /// Tile height used.
    fn height(&self) -> u32;
    /// Data of each tile (not yet authenticated).
    fn read_tiles(&mut self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, TlogError>;
    /// Called with tiles once they are authenticated, to be cached.
    fn save_tiles(&mut self, tiles: &[Tile], data: &[Vec<u8>]);
}

/// `tlog.TileHashReader`: reads stored hashes of `tree` from tiles,
/// authenticating every tile it uses against the tree's root hash (the
/// go1.27.3 rule: every tile not needed for the root is checked against its
/// parent tile).
pub struct TileHashReader<'a> {
    tree: Tree,
    reader: &'a mut dyn TileReader,
}

impl<'a> TileHashReader<'a> {
    pub fn new(tree: Tree, reader: &'a mut dyn TileReader) -> TileHashReader<'a> {
        TileHashReader { tree, reader }
    }
}

/// `tileParent(t, k, n)`: the tile `k` levels up, clipped to a tree of `n`
/// records; `None` when that level has no hash there yet.
fn tile_parent(t: &Tile, k: u32, n: i64) -> Option<Tile> {
    let mut p = *t;
    p.l = t.l.saturating_add(k as i32);
    p.n = shr(t.n, k.saturating_mul(t.h));
    p.w = full_width(t.h);
    let max = shr(n, (p.l.max(0) as u32).saturating_mul(t.h));
    let start = shl(p.n, t.h);
    if start.saturating_add(p.w) >= max {
        if start >= max {
            return None;
        }
        p.w = max - start;
    }
    Some(p)
}

fn bad_math(what: String) -> TlogError {
    TlogError::Other(format!("bad math in tileHashReader {what}"))
}

impl HashReader for TileHashReader<'_> {
    fn read_hashes(&mut self, indexes: &[i64]) -> Result<Vec<Hash>, TlogError> {
        let h = self.reader.height().clamp(1, 30);
        let n = self.tree.n;
        let mut order: HashMap<Tile, usize> = HashMap::new();
        let mut tiles: Vec<Tile> = Vec::new();

        // Tiles holding the complete subtrees whose hashes make the root.
        let stx = sub_tree_index(0, n);
        let mut stx_tile = Vec::with_capacity(stx.len());
        for &x in &stx {
            let tile = tile_parent(&tile_for_index(h, x), 0, n)
                .ok_or_else(|| bad_math(format!("{n} {x}: no tile")))?;
            let at = *order.entry(tile).or_insert_with(|| {
                tiles.push(tile);
                tiles.len() - 1
            });
            stx_tile.push(at);
        }

        // For each requested index, its tile and the chain of full parent
        // tiles up to one already planned.
        let mut index_tile = Vec::with_capacity(indexes.len());
        for &x in indexes {
            if x >= stored_hash_index(0, n) {
                return Err(TlogError::IndexesNotInTree);
            }
            let tile = tile_for_index(h, x);
            let mut k = 0u32;
            let found = loop {
                if k > 64 {
                    return Err(bad_math(format!("{n} {x}: no planned ancestor")));
                }
                if let Some(&at) = tile_parent(&tile, k, n).and_then(|p| order.get(&p)) {
                    break at;
                }
                k += 1;
            };
            let mut tile_at = found;
            for level in (0..k).rev() {
                let p = tile_parent(&tile, level, n)
                    .filter(|p| p.w == full_width(p.h))
                    .ok_or_else(|| bad_math(format!("{n} {x} {tile}")))?;
                order.insert(p, tiles.len());
                tile_at = tiles.len();
                tiles.push(p);
            }
            index_tile.push(tile_at);
        }

        let data = self.reader.read_tiles(&tiles)?;
        if data.len() != tiles.len() {
            return Err(TlogError::Other(format!(
                "TileReader returned bad result slice (len={}, want {})",
                data.len(),
                tiles.len()
            )));
        }
        for (tile, bytes) in tiles.iter().zip(&data) {
            if bytes.len() as i64 != tile.w * HASH_SIZE as i64 {
                return Err(TlogError::Other(format!(
                    "TileReader returned bad result slice ({} len={}, want {})",
                    tile.path(),
                    bytes.len(),
                    tile.w * HASH_SIZE as i64
                )));
            }
        }

        // The stx tiles must reproduce the trusted root.
        let mut root: Option<Hash> = None;
        for (&x, &at) in stx.iter().zip(&stx_tile).rev() {
            let hash = hash_from_tile(&tiles[at], &data[at], x)?;
            root = Some(match root {
                None => hash,
                Some(right) => node_hash(hash, right),
            });
        }
        if root != Some(self.tree.hash) {
            return Err(TlogError::InconsistentTile);
        }

        // Every other tile must match the hash its parent tile records.
        let first_unchecked = stx_tile.last().map_or(0, |&at| at + 1);
        for (i, tile) in tiles.iter().enumerate().skip(first_unchecked) {
            let parent = tile_parent(tile, 1, n);
            let Some((parent, &at)) = parent.and_then(|p| order.get(&p).map(|at| (p, at))) else {
                return Err(bad_math(format!("{n} {indexes:?}: lost parent of {tile}")));
            };
            let expected = hash_from_tile(
                &parent,
                &data[at],
                stored_hash_index(parent.base_level(), tile.n),
            )
            .map_err(|e| bad_math(format!("{n} {indexes:?}: lost hash of {tile}: {e}")))?;
            if expected != tile_hash(&data[i]) {
                return Err(TlogError::InconsistentTile);
            }
        }

        self.reader.save_tiles(&tiles, &data);

        indexes
            .iter()
            .zip(&index_tile)
            .map(|(&x, &at)| {
                hash_from_tile(&tiles[at], &data[at], x)
                    .map_err(|e| bad_math(format!("{n} {indexes:?}: lost hash {x}: {e}")))
            })
            .collect()
    }
}
