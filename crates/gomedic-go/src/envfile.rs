//! The syntax of the user's GOENV file (`go env -w`) and of `$GOROOT/go.env`,
//! exactly as `cmd/go/internal/cfg: readEnvFile` reads them:
//!
//! * lines are split on `\n` only (a `\r` stays part of the value);
//! * a line counts only if its first byte is `A`–`Z` and it contains `=`;
//! * key and value are split at the first `=`, nothing is trimmed;
//! * a later line for the same key wins; quotes have no meaning.

use std::collections::BTreeMap;

/// One `KEY=VALUE` line that Go uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvFileEntry {
    pub key: String,
    pub value: String,
    /// 1-based line number.
    pub line: usize,
}

/// Every line Go would use, in file order (duplicates included).
pub fn parse_lines(content: &str) -> Vec<EnvFileEntry> {
    content
        .split('\n')
        .enumerate()
        .filter_map(|(index, line)| {
            let first = *line.as_bytes().first()?;
            if !first.is_ascii_uppercase() {
                return None;
            }
            let (key, value) = line.split_once('=')?;
            Some(EnvFileEntry {
                key: key.to_string(),
                value: value.to_string(),
                line: index + 1,
            })
        })
        .collect()
}

/// The effective settings of a file: for each key, the last line defining it.
pub fn parse(content: &str) -> BTreeMap<String, EnvFileEntry> {
    let mut map = BTreeMap::new();
    for entry in parse_lines(content) {
        map.insert(entry.key.clone(), entry);
    }
    map
}

/// Decodes bytes the way Go's `encoding/json` and `range` over a string see
/// them: every byte that does not start a valid UTF-8 sequence becomes one
/// U+FFFD (Rust's lossy decoding would merge a truncated sequence into one).
pub fn decode_go_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(error) => {
                let valid_len = error.valid_up_to();
                // The prefix is valid UTF-8 by construction.
                out.push_str(std::str::from_utf8(&rest[..valid_len]).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                rest = &rest[valid_len + 1..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_lines_follow_go() {
        let content = "# comment\nGOPROXY=https://a\r\n  GOSUMDB=off\ngoflags=-x\nGOPRIVATE = x\nNOEQUALS\n\nGOPROXY=https://b\nGOFLAGS='-mod=mod'\n=x\n";
        let map = parse(content);
        assert_eq!(map["GOPROXY"].value, "https://b");
        assert_eq!(map["GOPROXY"].line, 8);
        assert_eq!(map["GOPRIVATE "].value, " x");
        assert_eq!(map["GOFLAGS"].value, "'-mod=mod'");
        assert!(!map.contains_key("GOSUMDB"));
        assert!(!map.contains_key("goflags"));
        assert_eq!(map.len(), 3);
        let crlf = parse("GOPROXY=https://crlf.example\r\n");
        assert_eq!(crlf["GOPROXY"].value, "https://crlf.example\r");
    }

    #[test]
    fn empty_value_and_value_with_equals() {
        let map = parse("GOFLAGS=\nGOENV_X=a=b");
        assert_eq!(map["GOFLAGS"].value, "");
        assert_eq!(map["GOENV_X"].value, "a=b");
    }

    #[test]
    fn go_lossy_decoding_is_per_byte() {
        assert_eq!(decode_go_lossy(b"a\xE2\x82b"), "a\u{FFFD}\u{FFFD}b");
        assert_eq!(decode_go_lossy(b"\xff\xfe"), "\u{FFFD}\u{FFFD}");
        assert_eq!(decode_go_lossy("héllo".as_bytes()), "héllo");
        assert_eq!(decode_go_lossy(b"\xED\xA0\x80"), "\u{FFFD}\u{FFFD}\u{FFFD}");
    }
}
