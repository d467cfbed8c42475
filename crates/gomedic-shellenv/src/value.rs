//! Values: removing quotes, and telling what an assignment adds when it
//! refers to the variable's own old value (`PATH=$PATH:x`).

use crate::Kind;

/// Removes shell quoting from a raw word: `'...'` literal, `"..."` with
/// `\` escapes, bare `\x`. References (`$X`, `${X}`, `$(cmd)`) stay as text.
pub fn unquote(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut in_double = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' if !in_double => {
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    out.push(inner);
                }
            }
            '"' => in_double = !in_double,
            '\\' => match chars.next() {
                Some(next) if !in_double || matches!(next, '"' | '\\' | '$' | '`') => {
                    out.push(next)
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => {}
            },
            c => out.push(c),
        }
    }
    out
}

/// True when `text` is a reference to variable `name` alone
/// (`$NAME`, `${NAME}`, zsh `$path`, `${path[@]}`, `$path[@]`).
pub fn is_self_reference(text: &str, name: &str, array_alias: Option<&str>) -> bool {
    let text = text.trim();
    let names = std::iter::once(name).chain(array_alias);
    for n in names {
        let forms = [
            format!("${n}"),
            format!("${{{n}}}"),
            format!("${n}[@]"),
            format!("${{{n}[@]}}"),
            format!("${{{n}[*]}}"),
        ];
        if forms.iter().any(|f| f == text) {
            return true;
        }
    }
    false
}

/// What a `NAME=value` assignment does, given the unquoted value: a plain
/// set, or an append/prepend when a `:`-separated element (or the start or
/// end of a scalar) refers to the old value. Returns one or two
/// `(kind, value, entries)` parts.
pub fn classify(name: &str, value: &str) -> Vec<(Kind, String, Vec<String>)> {
    let alias = zsh_array_alias(name);
    let elements: Vec<&str> = value.split(':').collect();
    if let Some(at) = elements
        .iter()
        .position(|e| is_self_reference(e, name, alias))
    {
        return split_around_self(&elements, at, ":");
    }
    // A scalar such as GOFLAGS="$GOFLAGS -x" or "-x $GOFLAGS".
    for form in [format!("${{{name}}}"), format!("${name}")] {
        if let Some(rest) = value.strip_prefix(&form)
            && !rest.starts_with(|c: char| c == '_' || c.is_ascii_alphanumeric())
        {
            return vec![(Kind::Append, rest.trim_start().to_string(), Vec::new())];
        }
        if let Some(rest) = value.strip_suffix(&form) {
            return vec![(Kind::Prepend, rest.trim_end().to_string(), Vec::new())];
        }
    }
    let entries = if is_list_variable(name) {
        elements.iter().map(|e| e.to_string()).collect()
    } else {
        Vec::new()
    };
    vec![(Kind::Set, value.to_string(), entries)]
}

/// Parts of a list around the self-reference at `at`: what is prepended and what is appended.
pub fn split_around_self(
    elements: &[&str],
    at: usize,
    separator: &str,
) -> Vec<(Kind, String, Vec<String>)> {
    let before: Vec<String> = elements[..at]
        .iter()
        .filter(|e| !e.is_empty())
        .map(|e| e.to_string())
        .collect();
    let after: Vec<String> = elements[at + 1..]
        .iter()
        .filter(|e| !e.is_empty())
        .map(|e| e.to_string())
        .collect();
    let mut parts = Vec::new();
    if !before.is_empty() {
        parts.push((Kind::Prepend, before.join(separator), before));
    }
    if !after.is_empty() {
        parts.push((Kind::Append, after.join(separator), after));
    }
    parts
}

/// The zsh array tied to an environment variable (`path` for PATH).
pub fn zsh_array_alias(name: &str) -> Option<&'static str> {
    match name {
        "PATH" => Some("path"),
        "MANPATH" => Some("manpath"),
        "FPATH" => Some("fpath"),
        "CDPATH" => Some("cdpath"),
        _ => None,
    }
}

/// The environment variable tied to a zsh array name.
pub fn tied_variable(array: &str) -> Option<&'static str> {
    match array {
        "path" => Some("PATH"),
        "manpath" => Some("MANPATH"),
        "fpath" => Some("FPATH"),
        "cdpath" => Some("CDPATH"),
        _ => None,
    }
}

/// Variables whose value is a `:`-separated list of directories.
pub fn is_list_variable(name: &str) -> bool {
    name == "PATH" || name == "GOPATH" || name.ends_with("PATH") && name != "GOFLAGS"
}

/// Splits a zsh array literal `(a "b c" $path)` into unquoted elements and raw elements.
pub fn array_elements(literal: &str) -> Vec<(String, String)> {
    let inner = literal
        .trim()
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(literal);
    crate::lexer::tokenize(inner, true)
        .into_iter()
        .filter_map(|t| match t {
            crate::lexer::Token::Word { raw, .. } => Some((unquote(&raw), raw)),
            crate::lexer::Token::Sep { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoting() {
        assert_eq!(unquote(r#""$HOME/go"'/x y'\ z"#), "$HOME/go/x y z");
        assert_eq!(unquote(r#""a\$b\n""#), "a$b\\n");
    }

    #[test]
    fn classify_forms() {
        assert_eq!(
            classify("PATH", "$PATH:/usr/local/go/bin"),
            [(
                Kind::Append,
                "/usr/local/go/bin".to_string(),
                vec!["/usr/local/go/bin".to_string()]
            )]
        );
        assert_eq!(
            classify("PATH", "/a:${PATH}:/b"),
            [
                (Kind::Prepend, "/a".to_string(), vec!["/a".to_string()]),
                (Kind::Append, "/b".to_string(), vec!["/b".to_string()])
            ]
        );
        assert_eq!(
            classify("GOFLAGS", "$GOFLAGS -mod=mod"),
            [(Kind::Append, "-mod=mod".to_string(), vec![])]
        );
        assert_eq!(
            classify("GOPATHX", "$GOPATH/x"),
            [(Kind::Set, "$GOPATH/x".to_string(), vec![])]
        );
        assert_eq!(
            classify("GOROOT", "/usr/local/go"),
            [(Kind::Set, "/usr/local/go".to_string(), vec![])]
        );
    }
}
