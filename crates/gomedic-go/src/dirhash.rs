//! `h1:` hashes (`golang.org/x/mod/sumdb/dirhash.Hash1`) from file names and
//! the SHA-256 of each file's content. Reading files and zips is the
//! caller's job (gomedic-verify); this module only does the arithmetic.
//!
//! The summary is one line per file, sorted by the raw bytes of the name:
//! `<lowercase hex sha256>  <name>\n`; the hash is `h1:` + base64 (padded,
//! standard alphabet) of the SHA-256 of that summary.

use base64::Engine;
use sha2::{Digest, Sha256};

/// `cmd/go`'s `emptyGoModHash`: the go.mod hash of a 0-byte go.mod, which
/// old releases wrote into go.sum for non-modules; it is dropped on read.
pub const EMPTY_GO_MOD_HASH: &str = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

/// The length of an `h1:` hash (`h1:` + 44 base64 characters).
pub const H1_LEN: usize = 47;

/// Why [`hash1`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Hash1Error {
    /// Go: `dirhash: filenames with newlines are not supported`.
    #[error("dirhash: filenames with newlines are not supported")]
    NewlineInName,
}

/// One file of a summary: its name (raw bytes) and the SHA-256 of its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    pub name: Vec<u8>,
    pub sha256: [u8; 32],
}

/// The summary text `Hash1` hashes (names sorted by raw bytes).
pub fn summary(files: &[FileDigest]) -> Result<Vec<u8>, Hash1Error> {
    let mut order: Vec<&FileDigest> = files.iter().collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = Vec::with_capacity(files.len() * 96);
    for file in order {
        if file.name.contains(&b'\n') {
            return Err(Hash1Error::NewlineInName);
        }
        text.extend_from_slice(hex(&file.sha256).as_bytes());
        text.extend_from_slice(b"  ");
        text.extend_from_slice(&file.name);
        text.push(b'\n');
    }
    Ok(text)
}

/// `dirhash.Hash1`: the `h1:` hash of a file list.
pub fn hash1(files: &[FileDigest]) -> Result<String, Hash1Error> {
    Ok(h1_of_summary(&summary(files)?))
}

/// `h1:` + base64(SHA-256(summary)).
pub fn h1_of_summary(summary: &[u8]) -> String {
    let digest = Sha256::digest(summary);
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The go.mod hash `cmd/go` records as `<path> <version>/go.mod <hash>`: Hash1
/// over the single file named `go.mod` (not prefixed), raw bytes, no
/// line-ending normalization.
pub fn go_mod_hash(go_mod: &[u8]) -> String {
    let file = FileDigest {
        name: b"go.mod".to_vec(),
        sha256: Sha256::digest(go_mod).into(),
    };
    hash1(&[file]).expect("go.mod has no newline")
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Whether `value` has the shape of an `h1:` hash: `h1:` and 44 characters
/// of padded base64 decoding to 32 bytes.
pub fn is_h1(value: &str) -> bool {
    value.len() == H1_LEN
        && value.starts_with("h1:")
        && base64::engine::general_purpose::STANDARD
            .decode(&value[3..])
            .is_ok_and(|d| d.len() == 32)
}

/// What `go mod verify` compares against: the `.ziphash` content with
/// leading and trailing white space removed (`bytes.TrimSpace`).
pub fn ziphash_value(data: &[u8]) -> String {
    String::from_utf8_lossy(crate::gosum::trim_space(data)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(name: &str, content: &[u8]) -> FileDigest {
        FileDigest {
            name: name.as_bytes().to_vec(),
            sha256: Sha256::digest(content).into(),
        }
    }

    #[test]
    fn upstream_example() {
        let files = [
            digest("xyz", b"data for xyz"),
            digest("abc", b"data for abc"),
        ];
        assert_eq!(
            hash1(&files).unwrap(),
            "h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8="
        );
    }

    #[test]
    fn empty_go_mod() {
        assert_eq!(go_mod_hash(b""), EMPTY_GO_MOD_HASH);
        assert!(is_h1(EMPTY_GO_MOD_HASH));
        assert!(!is_h1("h1:short"));
    }

    #[test]
    fn newline_in_name() {
        assert_eq!(
            hash1(&[digest("a\nb", b"")]),
            Err(Hash1Error::NewlineInName)
        );
    }

    #[test]
    fn ziphash_trimmed() {
        assert_eq!(ziphash_value(b"  h1:x=\n"), "h1:x=");
        assert_eq!(ziphash_value(b"\xff h1 \n"), "\u{fffd} h1");
    }
}
