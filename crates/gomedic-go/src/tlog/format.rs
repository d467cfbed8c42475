//! Text formats of the checksum database (`tlog/note.go`): the tree note
//! `go.sum database tree\n<N>\n<hash>\n` and lookup records `<id>\n<text>\n`.

use super::{HASH_SIZE, Hash, TlogError, Tree};
use crate::note::go_std_base64_decode;

const TREE_PREFIX: &str = "go.sum database tree\n";
const MAX_TREE_NOTE: usize = 1_000_000;

/// `tlog.FormatTree`: the text of a tree note (to be signed).
pub fn format_tree(tree: &Tree) -> String {
    format!("{TREE_PREFIX}{}\n{}\n", tree.n, tree.hash)
}

/// `tlog.ParseTree`: parses a tree note's text (lines after the third ignored).
pub fn parse_tree(text: &[u8]) -> Result<Tree, TlogError> {
    if !text.starts_with(TREE_PREFIX.as_bytes())
        || text.iter().filter(|&&b| b == b'\n').count() < 3
        || text.len() > MAX_TREE_NOTE
    {
        return Err(TlogError::MalformedTree);
    }
    let mut lines = text.splitn(4, |&b| b == b'\n').skip(1);
    let (Some(size), Some(hash)) = (lines.next(), lines.next()) else {
        return Err(TlogError::MalformedTree);
    };
    let size = std::str::from_utf8(size).map_err(|_| TlogError::MalformedTree)?;
    let n: i64 = size.parse().map_err(|_| TlogError::MalformedTree)?;
    if n < 0 || n.to_string() != size {
        return Err(TlogError::MalformedTree);
    }
    let hash = std::str::from_utf8(hash)
        .ok()
        .and_then(go_std_base64_decode)
        .filter(|bytes| bytes.len() == HASH_SIZE)
        .ok_or(TlogError::MalformedTree)?;
    Ok(Tree {
        n,
        hash: Hash::from_slice(&hash),
    })
}

/// Record text: valid UTF-8, no control characters but `\n`, no blank line,
/// ends in `\n`.
fn is_valid_record_text(text: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    text.ends_with('\n') && !text.contains("\n\n") && !text.chars().any(|c| c < ' ' && c != '\n')
}

/// `tlog.FormatRecord`: `<id>\n<text>\n`.
pub fn format_record(id: i64, text: &[u8]) -> Result<Vec<u8>, TlogError> {
    if !is_valid_record_text(text) {
        return Err(TlogError::MalformedRecord);
    }
    let mut msg = format!("{id}\n").into_bytes();
    msg.extend_from_slice(text);
    msg.push(b'\n');
    Ok(msg)
}

/// `tlog.ParseRecord`: splits a lookup response into the record id, the
/// record text (with its final `\n`) and the rest (the signed tree note).
pub fn parse_record(msg: &[u8]) -> Result<(i64, &[u8], &[u8]), TlogError> {
    let newline = msg
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(TlogError::MalformedRecord)?;
    let id = std::str::from_utf8(&msg[..newline])
        .ok()
        .and_then(parse_go_int64)
        .ok_or(TlogError::MalformedRecord)?;
    let body = &msg[newline + 1..];
    let blank = body
        .windows(2)
        .position(|w| w == b"\n\n")
        .ok_or(TlogError::MalformedRecord)?;
    let (text, rest) = (&body[..blank + 1], &body[blank + 2..]);
    if !is_valid_record_text(text) {
        return Err(TlogError::MalformedRecord);
    }
    Ok((id, text, rest))
}

/// `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits (leading
/// zeros allowed, underscores not).
fn parse_go_int64(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
