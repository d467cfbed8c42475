//! Go's string and rune conventions needed by the go.mod reader: UTF-8
//! decoding as `unicode/utf8` does it, `unicode.IsPrint`/`IsSpace`,
//! `strconv.Unquote` for `"…"` strings and `strconv.Quote`/`QuoteRune`
//! for error messages.

use unicode_general_category::{GeneralCategory, get_general_category};

/// Decodes the rune at the start of `bytes` like `utf8.DecodeRune`:
/// invalid or truncated encodings yield U+FFFD with size 1. Empty input yields ('\0', 0).
pub(crate) fn decode_rune(bytes: &[u8]) -> (char, usize) {
    let Some(&first) = bytes.first() else {
        return ('\0', 0);
    };
    if first < 0x80 {
        return (first as char, 1);
    }
    let want = match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (char::REPLACEMENT_CHARACTER, 1),
    };
    if bytes.len() >= want
        && let Ok(s) = std::str::from_utf8(&bytes[..want])
        && let Some(c) = s.chars().next()
    {
        return (c, want);
    }
    (char::REPLACEMENT_CHARACTER, 1)
}

/// Converts Go string bytes to a Rust string the way Go's JSON encoder and
/// `strconv.Unquote` see them: every byte of an invalid encoding becomes U+FFFD.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        let (c, size) = decode_rune(rest);
        out.push(c);
        rest = &rest[size..];
    }
    out
}

/// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and U+0020.
pub(crate) fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter
            | LowercaseLetter
            | TitlecaseLetter
            | ModifierLetter
            | OtherLetter
            | NonspacingMark
            | SpacingMark
            | EnclosingMark
            | DecimalNumber
            | LetterNumber
            | OtherNumber
            | ConnectorPunctuation
            | DashPunctuation
            | OpenPunctuation
            | ClosePunctuation
            | InitialPunctuation
            | FinalPunctuation
            | OtherPunctuation
            | MathSymbol
            | CurrencySymbol
            | ModifierSymbol
            | OtherSymbol
    )
}

/// `unicode.IsSpace` (the Unicode White_Space property, as Go defines it).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `bytes` holds anything but Unicode white space
/// (`len(bytes.TrimSpace(b)) > 0` in Go).
pub(crate) fn has_non_space(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        let (c, size) = decode_rune(rest);
        if !is_space(c) {
            return true;
        }
        rest = &rest[size..];
    }
    false
}

/// Why `strconv.Unquote` failed: Go reports only `invalid syntax`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnquoteError;

impl std::fmt::Display for UnquoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("invalid syntax")
    }
}

/// `strconv.Unquote` for interpreted (`"…"`) and raw (`` `…` ``) strings.
pub(crate) fn unquote(s: &str) -> Result<String, UnquoteError> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 {
        return Err(UnquoteError);
    }
    let quote = bytes[0];
    if quote != bytes[bytes.len() - 1] {
        return Err(UnquoteError);
    }
    let body = &s[1..s.len() - 1];
    match quote {
        b'`' => {
            if body.contains('`') {
                return Err(UnquoteError);
            }
            Ok(body.replace('\r', ""))
        }
        b'"' => unquote_interpreted(body),
        _ => Err(UnquoteError),
    }
}

fn unquote_interpreted(body: &str) -> Result<String, UnquoteError> {
    if body.contains('\n') {
        return Err(UnquoteError);
    }
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => return Err(UnquoteError),
            '\\' => {
                let (_, e) = chars.next().ok_or(UnquoteError)?;
                match e {
                    'a' => out.push(7),
                    'b' => out.push(8),
                    'f' => out.push(12),
                    'n' => out.push(b'\n'),
                    'r' => out.push(b'\r'),
                    't' => out.push(b'\t'),
                    'v' => out.push(11),
                    '\\' => out.push(b'\\'),
                    '"' => out.push(b'"'),
                    'x' | 'u' | 'U' => {
                        let digits = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut value: u32 = 0;
                        for _ in 0..digits {
                            let (_, h) = chars.next().ok_or(UnquoteError)?;
                            value = value * 16 + h.to_digit(16).ok_or(UnquoteError)?;
                        }
                        if e == 'x' {
                            out.push(value as u8);
                        } else {
                            let r = char::from_u32(value).ok_or(UnquoteError)?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(r.encode_utf8(&mut buf).as_bytes());
                        }
                    }
                    '0'..='7' => {
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            let (_, o) = chars.next().ok_or(UnquoteError)?;
                            value = value * 8 + o.to_digit(8).ok_or(UnquoteError)?;
                        }
                        if value > 255 {
                            return Err(UnquoteError);
                        }
                        out.push(value as u8);
                    }
                    _ => return Err(UnquoteError),
                }
            }
            _ => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Ok(lossy(&out))
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if is_print(c) => out.push(c),
        c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// `strconv.Quote` (what `%q` prints for a string).
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// `strconv.QuoteRune` (what `%q` prints for a rune).
pub(crate) fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_follows_strconv() {
        assert_eq!(unquote(r#""a\tb""#).unwrap(), "a\tb");
        assert_eq!(unquote(r#""\u00e9\x41\101""#).unwrap(), "éAA");
        assert_eq!(unquote(r#""\xff""#).unwrap(), "\u{fffd}");
        assert!(unquote(r#""\q""#).is_err());
        assert!(unquote(r#""\'""#).is_err());
        assert!(unquote(r#""\400""#).is_err());
        assert!(unquote(r#""\ud800""#).is_err());
        assert_eq!(unquote("`a\\b`").unwrap(), "a\\b");
    }

    #[test]
    fn quoting_follows_strconv() {
        assert_eq!(quote("a\"b\u{1}\u{a0}é"), "\"a\\\"b\\x01\\u00a0é\"");
        assert_eq!(quote_rune('\u{1}'), "'\\x01'");
        assert_eq!(quote_rune('\u{b}'), "'\\v'");
        assert_eq!(quote_rune('\u{e0000}'), "'\\U000e0000'");
    }

    #[test]
    fn decoding_is_per_byte_on_errors() {
        assert_eq!(decode_rune(&[0xE2, 0x82]), ('\u{fffd}', 1));
        assert_eq!(lossy(&[b'a', 0xE2, 0x82, b'b']), "a\u{fffd}\u{fffd}b");
        assert_eq!(decode_rune(&[0xED, 0xA0, 0x80]), ('\u{fffd}', 1));
        assert!(has_non_space(" \u{a0}x\t".as_bytes()));
        assert!(!has_non_space(" \u{a0}\t\r".as_bytes()));
    }
}
