//! Finding and decoding the build-info blob (`debug/buildinfo.readRawBuildInfo`),
//! in the two ways Go releases do it.

use object::ReadRef;

use super::exe::{Exe, ReadError};
use super::{BuildInfoError, ReaderGeneration};

const MAGIC: &[u8; 14] = b"\xff Go buildinf:";
const ALIGN: u64 = 16;
const HEADER_SIZE: u64 = 32;
const FLAGS_VERSION_INLINE: u8 = 0x2;
const FLAGS_BIG_ENDIAN: u8 = 0x1;
/// Go ≤ 1.22 read this much from the data start.
const WINDOW: u64 = 64 * 1024;
/// Go ≥ 1.23 scans the whole section in chunks of this size.
const CHUNK: u64 = 1 << 20;

/// The raw version and modinfo strings, sentinels stripped.
pub(crate) struct RawBuildInfo {
    pub version: Vec<u8>,
    pub modinfo: Vec<u8>,
}

/// Reads bytes at virtual addresses of one opened executable.
struct Reader<'a, R> {
    exe: &'a Exe,
    data: R,
    file_len: u64,
}

impl<'data, R: ReadRef<'data>> Reader<'_, R> {
    /// Go 1.21 `ReadData`: `min(size, rest of region)` bytes, all of which must be in the file.
    fn window(&self, addr: u64, size: u64) -> Result<&'data [u8], ReadError> {
        let (offset, remaining) = self.exe.locate(addr)?;
        let wanted = size.min(remaining);
        if offset.saturating_add(wanted) > self.file_len {
            return Err(ReadError::Eof);
        }
        self.data
            .read_bytes_at(offset, wanted)
            .map_err(|_| ReadError::Eof)
    }

    /// Go 1.23+ `readDataInto`: as many of `size` bytes as the region and the file hold.
    fn partial(&self, addr: u64, size: u64) -> Result<&'data [u8], ReadError> {
        let (offset, remaining) = self.exe.locate(addr)?;
        let in_file = self.file_len.saturating_sub(offset);
        let wanted = size.min(remaining).min(in_file);
        self.data
            .read_bytes_at(offset, wanted)
            .map_err(|_| ReadError::Eof)
    }

    /// Exactly `size` bytes at `addr`, or an error (Go's `saferio.ReadDataAt`).
    fn exact(&self, addr: u64, size: u64) -> Result<&'data [u8], ReadError> {
        let (offset, remaining) = self.exe.locate(addr)?;
        let available = remaining.min(self.file_len.saturating_sub(offset));
        if size > available || size > i64::MAX as u64 {
            return Err(ReadError::Eof);
        }
        self.data
            .read_bytes_at(offset, size)
            .map_err(|_| ReadError::Eof)
    }

    /// Go's `readString` (pre-1.18 pointer form): a string header at `addr`.
    fn pointer_string(&self, addr: u64, pointer_size: usize, big_endian: bool) -> Vec<u8> {
        let Ok(header) = self.exact(addr, 2 * pointer_size as u64) else {
            return Vec::new();
        };
        if header.len() < 2 * pointer_size {
            return Vec::new();
        }
        let data_addr = read_pointer(&header[..pointer_size], big_endian);
        let data_len = read_pointer(&header[pointer_size..], big_endian);
        match self.exact(data_addr, data_len) {
            Ok(bytes) if bytes.len() as u64 >= data_len => bytes.to_vec(),
            _ => Vec::new(),
        }
    }
}

fn read_pointer(bytes: &[u8], big_endian: bool) -> u64 {
    let mut value = 0u64;
    if big_endian {
        for &b in bytes {
            value = (value << 8) | u64::from(b);
        }
    } else {
        for &b in bytes.iter().rev() {
            value = (value << 8) | u64::from(b);
        }
    }
    value
}

/// Go's `binary.Uvarint`: (value, bytes read); 0 bytes when short, negative on overflow.
fn uvarint(bytes: &[u8]) -> (u64, isize) {
    let mut value = 0u64;
    let mut shift = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        if i == 10 {
            return (0, -(i as isize + 1));
        }
        if b < 0x80 {
            if i == 9 && b > 1 {
                return (0, -(i as isize + 1));
            }
            return (value | (u64::from(b) << shift), i as isize + 1);
        }
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
    }
    (0, 0)
}

/// Finds and decodes the blob like the given Go release generation does.
pub(crate) fn read_raw<'data, R: ReadRef<'data>>(
    exe: &Exe,
    data: R,
    generation: ReaderGeneration,
) -> Result<RawBuildInfo, BuildInfoError> {
    let reader = Reader {
        exe,
        data,
        file_len: data.len().map_err(|_| BuildInfoError::UnrecognizedFormat)?,
    };
    let (version, modinfo) = match generation {
        ReaderGeneration::Window64K => read_window(&reader)?,
        ReaderGeneration::Chunked => read_chunked(&reader)?,
    };
    if version.is_empty() {
        return Err(BuildInfoError::NotGoExecutable);
    }
    Ok(RawBuildInfo {
        version,
        modinfo: strip_sentinels(modinfo),
    })
}

/// The sentinels around modinfo (`modload.infoStart`/`infoEnd`), dropped when
/// the framing looks right; otherwise Go treats modinfo as empty.
fn strip_sentinels(modinfo: Vec<u8>) -> Vec<u8> {
    let n = modinfo.len();
    if n >= 33 && modinfo[n - 17] == b'\n' {
        modinfo[16..n - 16].to_vec()
    } else {
        Vec::new()
    }
}

/// The pre-1.18 form: two pointers to Go string headers.
fn pointer_form<'data, R: ReadRef<'data>>(
    reader: &Reader<'_, R>,
    header: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), BuildInfoError> {
    let pointer_size = header[14] as usize;
    let big_endian = header[15] & FLAGS_BIG_ENDIAN != 0;
    if pointer_size != 4 && pointer_size != 8 {
        return Err(BuildInfoError::NotGoExecutable);
    }
    let version_ptr = read_pointer(&header[16..16 + pointer_size], big_endian);
    let modinfo_ptr = read_pointer(
        &header[16 + pointer_size..16 + 2 * pointer_size],
        big_endian,
    );
    let version = reader.pointer_string(version_ptr, pointer_size, big_endian);
    let modinfo = reader.pointer_string(modinfo_ptr, pointer_size, big_endian);
    Ok((version, modinfo))
}

// ------------------------------------------------------------ Go 1.21, 1.22

fn map_window_error(error: ReadError, is_pe: bool) -> BuildInfoError {
    match error {
        ReadError::Eof if !is_pe => BuildInfoError::Eof,
        _ => BuildInfoError::UnrecognizedFormat,
    }
}

/// Go 1.21/1.22: read 64 KiB from the data start (named section, else the
/// first writable data segment), find the aligned magic, decode in memory.
fn read_window<'data, R: ReadRef<'data>>(
    reader: &Reader<'_, R>,
) -> Result<(Vec<u8>, Vec<u8>), BuildInfoError> {
    let start = reader.exe.data_start;
    let addr = start
        .named
        .or(start.fallback)
        .map(|(addr, _)| addr)
        .unwrap_or(0);
    let window = reader
        .window(addr, WINDOW)
        .map_err(|e| map_window_error(e, reader.exe.is_pe))?;
    let mut data = window;
    loop {
        let Some(i) = find(data, MAGIC) else {
            return Err(BuildInfoError::NotGoExecutable);
        };
        if data.len() - i < HEADER_SIZE as usize {
            return Err(BuildInfoError::NotGoExecutable);
        }
        if (i as u64).is_multiple_of(ALIGN) {
            data = &data[i..];
            break;
        }
        data = &data[((i as u64 + ALIGN - 1) & !(ALIGN - 1)) as usize..];
    }
    if data[15] & FLAGS_VERSION_INLINE != 0 {
        let (version, rest) = decode_window_string(&data[32..]);
        let (modinfo, _) = decode_window_string(rest);
        Ok((version.to_vec(), modinfo.to_vec()))
    } else {
        pointer_form(reader, &data[..32])
    }
}

/// Go ≤ 1.22 `decodeString`: a string must end before the window does.
fn decode_window_string(data: &[u8]) -> (&[u8], &[u8]) {
    let (length, n) = uvarint(data);
    if n <= 0 {
        return (&[], &[]);
    }
    let n = n as usize;
    if length >= (data.len() - n) as u64 {
        return (&[], &[]);
    }
    let end = n + length as usize;
    (&data[n..end], &data[end..])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ------------------------------------------------------------ Go ≥ 1.23

fn map_chunked_error(error: ReadError) -> BuildInfoError {
    match error {
        ReadError::Unmapped => BuildInfoError::UnrecognizedFormat,
        ReadError::Eof => BuildInfoError::NotGoExecutable,
    }
}

/// Go ≥ 1.23 (verified against 1.27): only the named section counts; it is
/// scanned whole, in 1 MiB chunks; strings are read through the address map.
fn read_chunked<'data, R: ReadRef<'data>>(
    reader: &Reader<'_, R>,
) -> Result<(Vec<u8>, Vec<u8>), BuildInfoError> {
    let (start, size) = reader.exe.data_start.named.unwrap_or((0, 0));
    if size == 0 {
        return Err(BuildInfoError::NotGoExecutable);
    }
    let addr = search_magic(reader, start, size)?;
    let header = reader.exact(addr, HEADER_SIZE).map_err(map_chunked_error)?;
    if header[15] & FLAGS_VERSION_INLINE != 0 {
        let (version, next) = decode_chunked_string(reader, addr + HEADER_SIZE)?;
        let (modinfo, _) = decode_chunked_string(reader, next)?;
        Ok((version, modinfo))
    } else {
        pointer_form(reader, header)
    }
}

fn search_magic<'data, R: ReadRef<'data>>(
    reader: &Reader<'_, R>,
    start: u64,
    size: u64,
) -> Result<u64, BuildInfoError> {
    let Some(end) = start.checked_add(size) else {
        return Err(BuildInfoError::UnrecognizedFormat);
    };
    let mut start = start.saturating_add(ALIGN - 1) & !(ALIGN - 1);
    if start >= end {
        return Err(BuildInfoError::NotGoExecutable);
    }
    while start < end {
        let remaining = end - start;
        let chunk_size = CHUNK.min(remaining);
        let chunk = match reader.partial(start, chunk_size) {
            Ok(chunk) if !chunk.is_empty() => chunk,
            Ok(_) | Err(ReadError::Eof) => return Err(BuildInfoError::NotGoExecutable),
            Err(ReadError::Unmapped) => return Err(BuildInfoError::UnrecognizedFormat),
        };
        let mut data = chunk;
        while !data.is_empty() {
            let Some(i) = find(data, MAGIC) else { break };
            if remaining - (i as u64) < HEADER_SIZE {
                return Err(BuildInfoError::NotGoExecutable);
            }
            if !(i as u64).is_multiple_of(ALIGN) {
                let next = ((i as u64 + ALIGN - 1) & !(ALIGN - 1)) as usize;
                if next > data.len() {
                    return Err(BuildInfoError::NotGoExecutable);
                }
                data = &data[next..];
                continue;
            }
            // Go adds the index within the re-sliced data, not within the chunk.
            return Ok(start + i as u64);
        }
        start += chunk_size;
    }
    Err(BuildInfoError::NotGoExecutable)
}

fn decode_chunked_string<'data, R: ReadRef<'data>>(
    reader: &Reader<'_, R>,
    addr: u64,
) -> Result<(Vec<u8>, u64), BuildInfoError> {
    let prefix = reader.exact(addr, 10).map_err(map_chunked_error)?;
    let (length, n) = uvarint(prefix);
    if n <= 0 {
        return Err(BuildInfoError::NotGoExecutable);
    }
    let addr = addr + n as u64;
    let bytes = reader.exact(addr, length).map_err(map_chunked_error)?;
    Ok((bytes.to_vec(), addr + length))
}
