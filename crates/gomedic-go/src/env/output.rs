//! Printing a resolved environment exactly as `go env` and `go env -json`
//! of the same release print it.

use super::GoEnv;
use super::release::Release;

/// The (name, value) pairs `go env [NAMES]` would print: every printed
/// variable (sorted when the release sorts), or exactly the names asked for.
pub fn selection<'a>(env: &'a GoEnv, names: &'a [String]) -> Vec<(&'a str, &'a str)> {
    if names.is_empty() {
        let mut keys: Vec<&str> = env.printed.iter().map(String::as_str).collect();
        if Release::from_version(env.value("GOVERSION")).sorts_and_shows_effective_gobin() {
            keys.sort_unstable();
        }
        keys.into_iter().map(|k| (k, env.value(k))).collect()
    } else {
        names.iter().map(|k| (k.as_str(), env.value(k))).collect()
    }
}

/// `go env [NAMES]` text: `NAME='value'` lines on Unix, `set NAME=value` on
/// Windows; with names, only the values, one per line.
pub fn format_text(env: &GoEnv, names: &[String], host_os: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in selection(env, names) {
        if !names.is_empty() {
            out.extend_from_slice(value.as_bytes());
        } else if host_os == "windows" {
            out.extend_from_slice(format!("set {name}=").as_bytes());
            out.extend(batch_escape(value));
        } else {
            out.extend_from_slice(format!("{name}={}", shell_quote(value)).as_bytes());
        }
        out.push(b'\n');
    }
    out
}

/// `go env -json [NAMES]`: Go's map encoding (sorted keys, tab indent,
/// HTML-safe escaping).
pub fn format_json(env: &GoEnv, names: &[String]) -> String {
    let release = Release::from_version(env.value("GOVERSION"));
    let mut pairs = selection(env, names);
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    pairs.dedup_by(|a, b| a.0 == b.0);
    if pairs.is_empty() {
        return "{}\n".into();
    }
    let mut out = String::from("{\n");
    for (i, (name, value)) in pairs.iter().enumerate() {
        out.push('\t');
        out.push_str(&json_string(name, release));
        out.push_str(": ");
        out.push_str(&json_string(value, release));
        if i + 1 < pairs.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("}\n");
    out
}

/// A JSON string as Go's `encoding/json` writes it with HTML escaping.
pub fn json_string(s: &str, release: Release) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' if release.json_short_escapes_b_f() => out.push_str("\\b"),
            '\u{c}' if release.json_short_escapes_b_f() => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Single-quotes a value for a POSIX shell (`'` becomes `'\''`).
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn is_go_space(c: u32) -> bool {
    matches!(c, 0x09..=0x0d | 0x20 | 0x85 | 0xa0)
}

fn is_go_graphic_latin1(c: u32) -> bool {
    // unicode.IsGraphic for code points below 256: printable ASCII and Latin-1
    // from U+00A0 up, except the soft hyphen (format char, not graphic).
    (0x20..0x7f).contains(&c) || (c >= 0xa0 && c != 0xad)
}

/// `batchEscape`: byte by byte; `%` doubled, `^` before `<>|&^`, CR, LF and
/// non-printable bytes replaced by U+FFFD.
pub fn batch_escape(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &b in s.as_bytes() {
        let c = u32::from(b);
        if b == b'\r' || b == b'\n' || (!is_go_graphic_latin1(c) && !is_go_space(c)) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
            continue;
        }
        match b {
            b'%' => out.extend_from_slice(b"%%"),
            b'<' | b'>' | b'|' | b'&' | b'^' => {
                out.push(b'^');
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escaping_by_release() {
        let new = Release::from_version("go1.22.10");
        let old = Release::from_version("go1.21.13");
        assert_eq!(
            json_string("-X=a<b&c>\"\\", new),
            r#""-X=a\u003cb\u0026c\u003e\"\\""#
        );
        assert_eq!(json_string("\u{8}\u{c}\r\u{1}", new), r#""\b\f\r\u0001""#);
        assert_eq!(json_string("\u{8}", old), r#""\u0008""#);
    }

    #[test]
    fn shell_and_batch_quoting() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(batch_escape("100%<a|b>&^"), b"100%%^<a^|b^>^&^^".to_vec());
        assert_eq!(batch_escape("a\rb"), "a\u{FFFD}b".as_bytes().to_vec());
    }
}
