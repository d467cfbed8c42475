//! The raw central directory of a zip, every record in order — duplicates
//! included. Go's `archive/zip` lists every record, and `HashZip` hashes a
//! line for each; the `zip` crate keeps one entry per name, so gomedic reads
//! the names and declared sizes itself. Bounded: the directory is at most the
//! file's size and is read once.

use std::io::{Read, Seek, SeekFrom};

const EOCD_SIG: u32 = 0x0605_4b50;
const EOCD64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD64_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
/// The largest central directory read (the zip itself is limited to 500 MiB).
const MAX_DIRECTORY: u64 = 512 << 20;

/// One central-directory record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub name: Vec<u8>,
    pub uncompressed_size: u64,
}

fn u16_at(b: &[u8], at: usize) -> u64 {
    u64::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

fn read_exact_at<R: Read + Seek>(r: &mut R, at: u64, len: usize) -> Result<Vec<u8>, String> {
    r.seek(SeekFrom::Start(at))
        .map_err(|e| format!("zip: {e}"))?;
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)
        .map_err(|_| "zip: not a valid zip file".to_string())?;
    Ok(buf)
}

/// Lists the records of the zip `r` of `size` bytes.
pub fn records<R: Read + Seek>(r: &mut R, size: u64) -> Result<Vec<Record>, String> {
    let invalid = || "zip: not a valid zip file".to_string();
    let tail_len = size.min((EOCD_LEN + 0xFFFF) as u64);
    let tail = read_exact_at(r, size - tail_len, tail_len as usize)?;
    let eocd = (0..=tail.len().saturating_sub(EOCD_LEN))
        .rev()
        .find(|&i| tail.len() >= EOCD_LEN && u32_at(&tail, i) == u64::from(EOCD_SIG))
        .ok_or_else(invalid)?;
    let eocd_pos = size - tail_len + eocd as u64;
    let mut count = u16_at(&tail, eocd + 10);
    let mut dir_size = u32_at(&tail, eocd + 12);
    let mut dir_offset = u32_at(&tail, eocd + 16);
    if (count == 0xFFFF || dir_size == 0xFFFF_FFFF || dir_offset == 0xFFFF_FFFF) && eocd_pos >= 20 {
        let locator = read_exact_at(r, eocd_pos - 20, 20)?;
        if u32_at(&locator, 0) == u64::from(EOCD64_LOCATOR_SIG) {
            let record = read_exact_at(r, u64_at(&locator, 8), 56)?;
            if u32_at(&record, 0) != u64::from(EOCD64_SIG) {
                return Err(invalid());
            }
            count = u64_at(&record, 32);
            dir_size = u64_at(&record, 40);
            dir_offset = u64_at(&record, 48);
        }
    }
    if dir_size > MAX_DIRECTORY
        || dir_offset
            .checked_add(dir_size)
            .is_none_or(|end| end > size)
    {
        return Err(invalid());
    }
    let dir = read_exact_at(r, dir_offset, dir_size as usize)?;
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + CENTRAL_LEN <= dir.len() && u32_at(&dir, at) == u64::from(CENTRAL_SIG) {
        let name_len = u16_at(&dir, at + 28) as usize;
        let extra_len = u16_at(&dir, at + 30) as usize;
        let comment_len = u16_at(&dir, at + 32) as usize;
        let end = at + CENTRAL_LEN + name_len + extra_len + comment_len;
        if end > dir.len() {
            return Err(invalid());
        }
        let name = dir[at + CENTRAL_LEN..at + CENTRAL_LEN + name_len].to_vec();
        let mut uncompressed_size = u32_at(&dir, at + 24);
        if uncompressed_size == 0xFFFF_FFFF {
            let extra = &dir[at + CENTRAL_LEN + name_len..at + CENTRAL_LEN + name_len + extra_len];
            uncompressed_size = zip64_size(extra).unwrap_or(uncompressed_size);
        }
        out.push(Record {
            name,
            uncompressed_size,
        });
        at = end;
    }
    if (out.len() as u64) != count && count != 0xFFFF {
        return Err(invalid());
    }
    Ok(out)
}

/// The uncompressed size from a zip64 extra field (id 1, first value).
fn zip64_size(mut extra: &[u8]) -> Option<u64> {
    while extra.len() >= 4 {
        let id = u16_at(extra, 0);
        let len = u16_at(extra, 2) as usize;
        let body = extra.get(4..4 + len)?;
        if id == 1 && body.len() >= 8 {
            return Some(u64_at(body, 0));
        }
        extra = &extra[4 + len..];
    }
    None
}
