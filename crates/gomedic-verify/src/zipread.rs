//! Reading module zips: the central directory (raw names, declared sizes)
//! and streaming each entry's content. Only Store and Deflate are supported,
//! like Go's `archive/zip` in the go command; CRC-32 and sizes are checked.

use crate::shared_file::SharedFile;
use gomedic_go::modzip::EntryInfo;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use zip::ZipArchive;

/// An open zip that threads can read concurrently (clone it per thread).
#[derive(Clone)]
pub struct ModZip {
    archive: ZipArchive<SharedFile>,
    /// Central-directory entries, in order, duplicates included.
    pub entries: Vec<EntryInfo>,
    /// For each entry, the `zip` crate's index of the record with its name
    /// (the crate keeps one record per name).
    archive_index: Vec<Option<usize>>,
    /// The on-disk size of the zip.
    pub file_size: u64,
}

impl ModZip {
    /// Opens and reads the central directory.
    pub fn open(path: &Path) -> Result<ModZip, String> {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("open {}: {}", path.display(), crate::tree::io_text(&e)))?;
        let shared = SharedFile::new(file).map_err(|e| e.to_string())?;
        let file_size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let records = crate::central_dir::records(&mut shared.clone(), file_size)?;
        let mut archive = ZipArchive::new(shared).map_err(|e| format!("zip: {e}"))?;
        let mut by_name: HashMap<Vec<u8>, usize> = HashMap::with_capacity(archive.len());
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| format!("zip: {e}"))?;
            by_name.insert(entry.name_raw().to_vec(), i);
        }
        let archive_index = records
            .iter()
            .map(|r| by_name.get(&r.name).copied())
            .collect();
        let entries = records
            .into_iter()
            .map(|r| EntryInfo {
                name: r.name,
                uncompressed_size: r.uncompressed_size,
            })
            .collect();
        Ok(ModZip {
            archive,
            entries,
            archive_index,
            file_size,
        })
    }

    /// Streams the content of entry `index` into `sink`, chunk by chunk.
    /// Errors on CRC or size mismatch and on unsupported compression.
    pub fn read_entry(
        &mut self,
        index: usize,
        mut sink: impl FnMut(&[u8]),
        buf: &mut [u8],
    ) -> Result<(), String> {
        let mut entry = self.entry_reader(index)?;
        loop {
            let n = entry.read(buf).map_err(|e| format!("zip: {e}"))?;
            if n == 0 {
                return Ok(());
            }
            sink(&buf[..n]);
        }
    }

    /// A reader over entry `index`'s decompressed content.
    pub fn entry_reader(&mut self, index: usize) -> Result<impl Read + '_, String> {
        let index = self.crate_index(index)?;
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| format!("zip: {e}"))?;
        let declared = entry.size();
        Ok(SizeChecked {
            inner: entry,
            declared,
            read: 0,
        })
    }

    fn crate_index(&self, index: usize) -> Result<usize, String> {
        self.archive_index
            .get(index)
            .copied()
            .flatten()
            .ok_or_else(|| "zip: not a valid zip file".to_string())
    }
}

/// Go's `archive/zip` reader checks: content longer than the declared
/// uncompressed size is `zip: not a valid zip file`, shorter is `unexpected
/// EOF`. Also bounds a decompression bomb to its declared size.
struct SizeChecked<R> {
    inner: R,
    declared: u64,
    read: u64,
}

impl<R: Read> Read for SizeChecked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.declared {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not a valid zip file",
            ));
        }
        if n == 0 && !buf.is_empty() && self.read < self.declared {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "unexpected EOF",
            ));
        }
        Ok(n)
    }
}
