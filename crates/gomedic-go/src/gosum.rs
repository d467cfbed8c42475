//! go.sum files as each release of the go command reads them
//! (`cmd/go/internal/modfetch/fetch.go: readGoSum, checkModSum`).
//!
//! - Lines are split on `\n` only; fields with `strings.Fields` (any Unicode
//!   white space, so tabs, repeated spaces and a trailing `\r` are fine).
//! - Blank lines are skipped; the `emptyGoModHash` line is dropped.
//! - A line with other than 3 fields: fatal since Go 1.22
//!   (`malformed go.sum:\n<file>:<line>: wrong number of fields <n>`); Go 1.21
//!   returned that error to a caller that ignored it, so the lines before it
//!   count and everything from it on is silently dropped.
//! - Fields are not validated; several hashes per key are kept in file order.

use crate::dirhash::EMPTY_GO_MOD_HASH;

/// Which go command's reading rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoSumRules {
    /// Go 1.21 and older: a malformed line silently ends the file.
    Go121,
    /// Go 1.22 and newer: a malformed line is fatal.
    Go122,
}

impl GoSumRules {
    /// The rules of a Go release (`go1.21.13`, `1.22`, `go1.27.3`); unknown
    /// or unparsable versions get the newest rules.
    pub fn for_release(version: &str) -> GoSumRules {
        let v = version.trim_start_matches("go");
        let mut parts = v.split('.');
        let major = parts.next().and_then(|p| p.parse::<u32>().ok());
        let minor = parts
            .next()
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|p| p.parse::<u32>().ok());
        match (major, minor) {
            (Some(1), Some(m)) if m <= 21 => GoSumRules::Go121,
            _ => GoSumRules::Go122,
        }
    }
}

/// One hash line of a go.sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumLine {
    /// 1-based line number.
    pub line: usize,
    pub path: String,
    /// The version, with `/go.mod` for go.mod hashes.
    pub version: String,
    pub hash: String,
}

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed go.sum:\n{file}:{line}: wrong number of fields {fields}")]
pub struct Malformed {
    pub file: String,
    pub line: usize,
    pub fields: usize,
}

/// A go.sum as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoSum {
    /// The lines that count, in file order (emptyGoModHash lines dropped).
    pub lines: Vec<SumLine>,
    /// Go 1.21 only: the malformed line that silently ended the file.
    pub ignored_from: Option<Malformed>,
}

/// How a computed hash compares with go.sum (`checkModSum`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumCheck {
    /// A line has exactly this hash (and no differing `h1:` line comes first).
    Match,
    /// The first `h1:` line for the key that is not this hash, and the line number.
    Mismatch { go_sum_hash: String, line: usize },
    /// No line for the key.
    Missing,
    /// Only hashes of unknown algorithms (`h9:`…) for the key.
    UnknownOnly(Vec<String>),
}

/// Reads go.sum `data` (named `file` in messages) with `rules`.
pub fn parse(file: &str, data: &[u8], rules: GoSumRules) -> Result<GoSum, Malformed> {
    let mut sum = GoSum::default();
    for (index, line) in data.split(|b| *b == b'\n').enumerate() {
        let fields = fields(line);
        if fields.is_empty() {
            continue;
        }
        if fields.len() != 3 {
            let error = Malformed {
                file: file.to_string(),
                line: index + 1,
                fields: fields.len(),
            };
            return match rules {
                GoSumRules::Go122 => Err(error),
                GoSumRules::Go121 => {
                    sum.ignored_from = Some(error);
                    Ok(sum)
                }
            };
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        if fields[2] == EMPTY_GO_MOD_HASH.as_bytes() {
            continue;
        }
        sum.lines.push(SumLine {
            line: index + 1,
            path: text(fields[0]),
            version: text(fields[1]),
            hash: text(fields[2]),
        });
    }
    Ok(sum)
}

impl GoSum {
    /// The hashes recorded for `path` `version` (version with `/go.mod` for
    /// the go.mod hash), in file order.
    pub fn hashes<'a>(
        &'a self,
        path: &'a str,
        version: &'a str,
    ) -> impl Iterator<Item = &'a SumLine> {
        self.lines
            .iter()
            .filter(move |l| l.path == path && l.version == version)
    }

    /// Whether go.sum has a usable (`h1:`) line for the key (`HaveSum`).
    pub fn has(&self, path: &str, version: &str) -> bool {
        self.hashes(path, version)
            .any(|l| l.hash.starts_with("h1:"))
    }

    /// `checkModSum`'s verdict for the computed hash `h1`.
    pub fn check(&self, path: &str, version: &str, h1: &str) -> SumCheck {
        let mut unknown = Vec::new();
        for line in self.hashes(path, version) {
            if line.hash == h1 {
                return SumCheck::Match;
            }
            if line.hash.starts_with("h1:") {
                return SumCheck::Mismatch {
                    go_sum_hash: line.hash.clone(),
                    line: line.line,
                };
            }
            unknown.push(line.hash.clone());
        }
        if unknown.is_empty() {
            SumCheck::Missing
        } else {
            SumCheck::UnknownOnly(unknown)
        }
    }
}

/// `strings.Fields` on raw bytes: split around runs of Unicode white space;
/// invalid UTF-8 bytes are ordinary (non-space) characters.
pub fn fields(line: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < line.len() {
        let (space, width) = space_at(line, i);
        match (space, start) {
            (true, Some(s)) => {
                out.push(&line[s..i]);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += width;
    }
    if let Some(s) = start {
        out.push(&line[s..]);
    }
    out
}

/// `bytes.TrimSpace`: without leading and trailing Unicode white space.
pub fn trim_space(data: &[u8]) -> &[u8] {
    let mut first = None;
    let mut end = 0;
    let mut i = 0;
    while i < data.len() {
        let (space, width) = space_at(data, i);
        if !space {
            first.get_or_insert(i);
            end = i + width;
        }
        i += width;
    }
    match first {
        Some(f) => &data[f..end],
        None => &data[data.len()..],
    }
}

/// Whether the character at `i` is white space (`unicode.IsSpace`), and its
/// width in bytes (1 for an invalid byte).
fn space_at(data: &[u8], i: usize) -> (bool, usize) {
    let b = data[i];
    if b < 0x80 {
        return (matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1);
    }
    let end = (i + 4).min(data.len());
    let chunk = match std::str::from_utf8(&data[i..end]) {
        Ok(s) => s,
        Err(e) if e.valid_up_to() > 0 => {
            std::str::from_utf8(&data[i..i + e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return (false, 1),
    };
    match chunk.chars().next() {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (false, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_like_go() {
        assert_eq!(fields(b"  a\tb  c\r"), [&b"a"[..], b"b", b"c"]);
        assert_eq!(fields(b"a\xc2\xa0b"), [&b"a"[..], b"b"]);
        assert_eq!(fields(b"a\xffb"), [&b"a\xffb"[..]]);
        assert!(fields(b" \t\r").is_empty());
    }

    #[test]
    fn malformed_by_release() {
        let data = b"a v1 h1:x\nb v1\nc v1 h1:y\n";
        let err = parse("go.sum", data, GoSumRules::Go122).unwrap_err();
        assert_eq!(
            err.to_string(),
            "malformed go.sum:\ngo.sum:2: wrong number of fields 2"
        );
        let sum = parse("go.sum", data, GoSumRules::Go121).unwrap();
        assert_eq!(sum.lines.len(), 1);
        assert_eq!(sum.ignored_from.unwrap().line, 2);
    }

    #[test]
    fn first_h1_line_decides() {
        let data = b"m v1 h9:x\nm v1 h1:wrong\nm v1 h1:right\n";
        let sum = parse("go.sum", data, GoSumRules::Go122).unwrap();
        assert_eq!(
            sum.check("m", "v1", "h1:right"),
            SumCheck::Mismatch {
                go_sum_hash: "h1:wrong".into(),
                line: 2
            }
        );
        assert_eq!(sum.check("m", "v2", "h1:right"), SumCheck::Missing);
        let only = parse("go.sum", b"m v1 h9:x\n", GoSumRules::Go122).unwrap();
        assert_eq!(
            only.check("m", "v1", "h1:a"),
            SumCheck::UnknownOnly(vec!["h9:x".into()])
        );
    }

    #[test]
    fn releases() {
        assert_eq!(GoSumRules::for_release("go1.21.13"), GoSumRules::Go121);
        assert_eq!(GoSumRules::for_release("1.22.10"), GoSumRules::Go122);
        assert_eq!(GoSumRules::for_release("go1.27.3"), GoSumRules::Go122);
        assert_eq!(GoSumRules::for_release("go1.21rc2"), GoSumRules::Go121);
    }

    #[test]
    fn trim() {
        assert_eq!(trim_space(b" \n h1:x \r\n"), b"h1:x");
        assert_eq!(trim_space(b"   "), b"");
    }
}
