//! Expanding the references in a value (`~`, `$HOME`, `${GOPATH}`,
//! `${X:-default}`) with known values — never by running anything.

/// Expands `text` with `lookup`. `None` when it holds something that only
/// running the shell could tell: a command substitution, an unknown
/// variable, a glob or an arithmetic expansion.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    if let Some(after) = rest.strip_prefix('~')
        && (after.is_empty() || after.starts_with('/'))
    {
        out.push_str(&lookup("HOME")?);
        rest = after;
    }
    while let Some(c) = rest.chars().next() {
        match c {
            '`' | '*' | '?' | '[' => return None,
            '$' => {
                let after = &rest[1..];
                if let Some(braced) = after.strip_prefix('{') {
                    let end = braced.find('}')?;
                    let inner = &braced[..end];
                    let (name, default) = match inner.find(":-") {
                        Some(i) => (&inner[..i], Some(&inner[i + 2..])),
                        None => (inner, None),
                    };
                    if !crate::is_name(name) {
                        return None;
                    }
                    let value = lookup(name).filter(|v| !v.is_empty() || default.is_none());
                    match (value, default) {
                        (Some(v), _) => out.push_str(&v),
                        (None, Some(d)) => out.push_str(&expand(d, lookup)?),
                        (None, None) => return None,
                    }
                    rest = &braced[end + 1..];
                } else {
                    let len = after
                        .find(|c: char| c != '_' && !c.is_ascii_alphanumeric())
                        .unwrap_or(after.len());
                    let name = &after[..len];
                    if !crate::is_name(name) {
                        return None; // `$(`, `$((`, `$1`, `$$`
                    }
                    out.push_str(&lookup(name)?);
                    rest = &after[len..];
                }
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOME" => Some("/home/u".into()),
            "GOPATH" => Some("/home/u/gp".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expands_known_references_only() {
        assert_eq!(expand("~/go/bin", &env).as_deref(), Some("/home/u/go/bin"));
        assert_eq!(
            expand("${GOPATH}/bin", &env).as_deref(),
            Some("/home/u/gp/bin")
        );
        assert_eq!(
            expand("$GOPATH/bin", &env).as_deref(),
            Some("/home/u/gp/bin")
        );
        assert_eq!(expand("${NOPE:-/opt/go}", &env).as_deref(), Some("/opt/go"));
        assert_eq!(expand("${EMPTY:-/d}", &env).as_deref(), Some("/d"));
        assert_eq!(expand("$NOPE/bin", &env), None);
        assert_eq!(expand("$(go env GOPATH)/bin", &env), None);
        assert_eq!(expand("/usr/lib/go-*/bin", &env), None);
        assert_eq!(expand("~other/x", &env).as_deref(), Some("~other/x"));
    }
}
