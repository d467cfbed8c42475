//! Bounded reads of small text files (go.mod, go.env, VERSION, ...).

use gomedic_model::redact::redact_text;
use gomedic_model::snapshot::TextFile;
use std::io::Read;
use std::path::Path;

/// The most bytes read from any text file.
pub const TEXT_FILE_CAP: u64 = 1 << 20;

/// Reads at most `cap` bytes of `path` as text (lossily decoded, redacted).
/// A missing file is `exists: false`; any other failure is in `error`.
pub fn read_text_file(path: &Path, cap: u64) -> TextFile {
    let mut fact = TextFile {
        path: path.to_string_lossy().into_owned(),
        ..TextFile::default()
    };
    match read_capped(path, cap) {
        Ok((bytes, truncated)) => {
            fact.exists = true;
            fact.truncated = truncated;
            fact.content = Some(redact_text(&String::from_utf8_lossy(&bytes)));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            fact.exists = path.symlink_metadata().is_ok();
            fact.error = Some(e.to_string());
        }
    }
    fact
}

/// Reads at most `cap` bytes; the flag says whether the file was longer.
pub fn read_capped(path: &Path, cap: u64) -> std::io::Result<(Vec<u8>, bool)> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    let truncated = bytes.len() as u64 > cap;
    bytes.truncate(cap as usize);
    Ok((bytes, truncated))
}

/// The first line of a small file (e.g. `$GOROOT/VERSION`), without `\r\n`.
pub fn read_first_line(path: &Path) -> Option<String> {
    let (bytes, _) = read_capped(path, 4096).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
    Some(line.to_string())
}
