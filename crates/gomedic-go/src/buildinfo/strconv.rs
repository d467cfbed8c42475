//! Go's `strconv.Quote`, `strconv.Unquote` and `strconv.QuotedPrefix`, on
//! bytes (Go strings need not be UTF-8), for build-setting keys and values.

use unicode_general_category::{GeneralCategory, get_general_category};

/// `strconv.Quote`: a double-quoted Go string literal (invalid UTF-8 bytes
/// become `\xNN`).
pub(crate) fn go_quote(bytes: &[u8]) -> String {
    crate::module::go_quote_bytes(bytes)
}

/// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    use GeneralCategory::*;
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        SpaceSeparator
            | LineSeparator
            | ParagraphSeparator
            | Control
            | Format
            | Surrogate
            | PrivateUse
            | Unassigned
    )
}

/// `strconv.QuotedPrefix`: the quoted string at the start of `s`, or None.
pub(crate) fn quoted_prefix(s: &[u8]) -> Option<&[u8]> {
    let (len, _) = scan_quoted(s)?;
    Some(&s[..len])
}

/// `strconv.Unquote` for a `"…"` or `` `…` `` string: the whole input must be one literal.
pub(crate) fn go_unquote(s: &[u8]) -> Option<Vec<u8>> {
    let (len, value) = scan_quoted(s)?;
    (len == s.len()).then_some(value)
}

/// Reads one quoted literal at the start of `s`: its length and its value.
fn scan_quoted(s: &[u8]) -> Option<(usize, Vec<u8>)> {
    match *s.first()? {
        b'`' => {
            let end = s[1..].iter().position(|&b| b == b'`')? + 1;
            let value = s[1..end].iter().copied().filter(|&b| b != b'\r').collect();
            Some((end + 1, value))
        }
        b'"' => {
            let mut value = Vec::new();
            let mut i = 1;
            loop {
                let b = *s.get(i)?;
                match b {
                    b'"' => return Some((i + 1, value)),
                    b'\n' => return None,
                    b'\\' => {
                        let (consumed, decoded) = unquote_escape(&s[i..])?;
                        value.extend_from_slice(&decoded);
                        i += consumed;
                    }
                    _ => {
                        value.push(b);
                        i += 1;
                    }
                }
            }
        }
        _ => None,
    }
}

/// One backslash escape inside a double-quoted literal (`strconv.UnquoteChar`).
fn unquote_escape(s: &[u8]) -> Option<(usize, Vec<u8>)> {
    let c = *s.get(1)?;
    let simple = |b: u8| Some((2, vec![b]));
    match c {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(12),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(11),
        b'\\' => simple(b'\\'),
        b'"' => simple(b'"'),
        b'x' | b'u' | b'U' => {
            let digits = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = s.get(2..2 + digits)?;
            let mut v: u32 = 0;
            for &h in hex {
                v = v * 16 + (h as char).to_digit(16)?;
            }
            if c == b'x' {
                return Some((2 + digits, vec![v as u8]));
            }
            let ch = char::from_u32(v)?;
            let mut buf = [0u8; 4];
            Some((2 + digits, ch.encode_utf8(&mut buf).as_bytes().to_vec()))
        }
        b'0'..=b'7' => {
            let oct = s.get(1..4)?;
            let mut v: u32 = 0;
            for &o in oct {
                if !(b'0'..=b'7').contains(&o) {
                    return None;
                }
                v = v * 8 + u32::from(o - b'0');
            }
            (v <= 255).then(|| (4, vec![v as u8]))
        }
        _ => None,
    }
}
