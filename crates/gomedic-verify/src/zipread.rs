//! Reading module zips: the central directory (raw names, declared sizes)
//! and streaming each entry's content. Only Store and Deflate are supported,
//! like Go's `archive/zip` in the go command; CRC-32 and sizes are checked.

use crate::shared_file::SharedFile;
use gomedic_go::modzip::EntryInfo;
use std::io::Read;
use std::path::Path;
use zip::ZipArchive;

/// An open zip that threads can read concurrently (clone it per thread).
#[derive(Clone)]
pub struct ModZip {
    archive: ZipArchive<SharedFile>,
    /// Central-directory entries, in order.
    pub entries: Vec<EntryInfo>,
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
        let mut archive = ZipArchive::new(shared).map_err(|e| format!("zip: {e}"))?;
        let mut entries = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| format!("zip: {e}"))?;
            entries.push(EntryInfo {
                name: entry.name_raw().to_vec(),
                uncompressed_size: entry.size(),
            });
        }
        Ok(ModZip {
            archive,
            entries,
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
        let mut entry = self
            .archive
            .by_index(index)
            .map_err(|e| format!("zip: {e}"))?;
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
        self.archive
            .by_index(index)
            .map_err(|e| format!("zip: {e}"))
    }
}
