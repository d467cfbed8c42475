//! Module path pattern lists: GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE
//! (`golang.org/x/mod/module.MatchPrefixPatterns` over `path.Match`).
//!
//! The list is split on `,` with **no** whitespace trimming; empty items are
//! skipped; one trailing `/` is dropped from each glob. A glob with N slashes
//! is matched against the first N+1 `/`-separated elements of the path (and
//! cannot match a path with fewer elements). A malformed glob matches nothing.

/// The first glob of a comma-separated list that matches `target`, as it
/// is written in the list (so it can be quoted as evidence).
pub fn matching_pattern<'a>(globs: &'a str, target: &str) -> Option<&'a str> {
    for item in globs.split(',') {
        let glob = item.strip_suffix('/').unwrap_or(item);
        if glob.is_empty() {
            continue;
        }
        let Some(prefix) = leading_elements(target, glob.matches('/').count()) else {
            continue;
        };
        if path_match(glob, prefix) == Ok(true) {
            return Some(item);
        }
    }
    None
}

/// Whether any glob of the list matches a leading-element prefix of `target`.
pub fn match_prefix_patterns(globs: &str, target: &str) -> bool {
    matching_pattern(globs, target).is_some()
}

/// The first `slashes + 1` elements of `target`, or `None` when it has fewer.
fn leading_elements(target: &str, slashes: usize) -> Option<&str> {
    let mut remaining = slashes;
    for (i, b) in target.bytes().enumerate() {
        if b == b'/' {
            if remaining == 0 {
                return Some(&target[..i]);
            }
            remaining -= 1;
        }
    }
    (remaining == 0).then_some(target)
}

/// A malformed pattern (Go's `path.ErrBadPattern`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("syntax error in pattern")]
pub struct BadPattern;

/// Go's `path.Match`: shell-style matching where `*` and `?` never match
/// `/`, with `[...]` classes (`^` negates, `a-z` ranges) and `\` escapes.
/// Matching is over characters, not bytes, and case-sensitive.
pub fn path_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let mut pattern = pattern;
    let mut name = name;
    'chunks: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest unless it contains a slash.
            return Ok(!name.contains('/'));
        }
        // Try the chunk right here first.
        let attempt = match_chunk(chunk, name);
        if let Ok(Some(t)) = attempt
            && (t.is_empty() || !pattern.is_empty())
        {
            name = t;
            continue;
        }
        attempt?;
        if star {
            // Let the star swallow more characters (never a slash).
            for (i, c) in name.char_indices() {
                if c == '/' {
                    break;
                }
                let after = &name[i + c.len_utf8()..];
                match match_chunk(chunk, after)? {
                    Some(t) if pattern.is_empty() && !t.is_empty() => continue,
                    Some(t) => {
                        name = t;
                        continue 'chunks;
                    }
                    None => {}
                }
            }
        }
        validate_rest(pattern)?;
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Go reports a malformed remainder even when matching already failed.
fn validate_rest(mut pattern: &str) -> Result<(), BadPattern> {
    while !pattern.is_empty() {
        let (_, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        match_chunk(chunk, "")?;
    }
    Ok(())
}

/// Splits off leading stars and the following star-free chunk.
fn scan_chunk(pattern: &str) -> (bool, &str, &str) {
    let trimmed = pattern.trim_start_matches('*');
    let star = trimmed.len() != pattern.len();
    let bytes = trimmed.as_bytes();
    let mut in_class = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // Skip the escaped byte (an escaped multi-byte char is
            // skipped in the following iterations, never a '*').
            b'\\' if i + 1 < bytes.len() => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'*' if !in_class => break,
            _ => {}
        }
        i += 1;
    }
    (star, &trimmed[..i], &trimmed[i..])
}

/// Matches a star-free chunk at the start of `s`: `Ok(Some(rest))` on a
/// match, `Ok(None)` on a mismatch. Like Go, it keeps scanning after a
/// mismatch so that a malformed chunk is always reported.
fn match_chunk<'s>(chunk: &str, s: &'s str) -> Result<Option<&'s str>, BadPattern> {
    let mut chunk = chunk;
    let mut s = s;
    let mut failed = false;
    while let Some(first) = chunk.chars().next() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match first {
            '[' => {
                let mut current = None;
                if !failed {
                    let c = s.chars().next().unwrap_or_default();
                    s = &s[c.len_utf8()..];
                    current = Some(c);
                }
                chunk = &chunk[1..];
                let negated = chunk.starts_with('^');
                if negated {
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if chunk.starts_with(']') && ranges > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = class_char(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if let Some(rest) = chunk.strip_prefix('-') {
                        let (h, rest) = class_char(rest)?;
                        hi = h;
                        chunk = rest;
                    }
                    if let Some(c) = current
                        && lo <= c
                        && c <= hi
                    {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            '?' => {
                if !failed {
                    let c = s.chars().next().unwrap_or_default();
                    if c == '/' {
                        failed = true;
                    } else {
                        s = &s[c.len_utf8()..];
                    }
                }
                chunk = &chunk[1..];
            }
            '\\' => {
                chunk = &chunk[1..];
                let Some(lit) = chunk.chars().next() else {
                    return Err(BadPattern);
                };
                failed = failed || !s.starts_with(lit);
                if !failed {
                    s = &s[lit.len_utf8()..];
                }
                chunk = &chunk[lit.len_utf8()..];
            }
            lit => {
                failed = failed || !s.starts_with(lit);
                if !failed {
                    s = &s[lit.len_utf8()..];
                }
                chunk = &chunk[lit.len_utf8()..];
            }
        }
    }
    Ok(if failed { None } else { Some(s) })
}

/// One possibly escaped character of a class; `-`, `]` unescaped, or a
/// class ending the pattern, are malformed.
fn class_char(chunk: &str) -> Result<(char, &str), BadPattern> {
    let mut chunk = chunk;
    if chunk.is_empty() || chunk.starts_with('-') || chunk.starts_with(']') {
        return Err(BadPattern);
    }
    if let Some(rest) = chunk.strip_prefix('\\') {
        chunk = rest;
    }
    let c = chunk.chars().next().ok_or(BadPattern)?;
    let rest = &chunk[c.len_utf8()..];
    if rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((c, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantics_doc_table() {
        let target = "example.com/lib";
        for yes in [
            "example.com",
            "example.com/lib",
            "example.*",
            "*.com",
            "example.com/l*",
            "example.com/",
            "*",
            "*/*",
            "example.com/*",
            "example.com/[a-l]ib",
        ] {
            assert!(match_prefix_patterns(yes, target), "{yes}");
        }
        for no in [
            "example.com/lib/sub",
            "example.com/lib/*",
            "EXAMPLE.COM",
            "exam",
            " example.com",
            "other.org, example.com",
        ] {
            assert!(!match_prefix_patterns(no, target), "{no}");
        }
        assert_eq!(
            matching_pattern("a.org,example.com/,b", target),
            Some("example.com/")
        );
    }

    #[test]
    fn path_match_basics() {
        assert_eq!(path_match("a*b", "axxb"), Ok(true));
        assert_eq!(path_match("a*", "a/b"), Ok(false));
        assert_eq!(path_match("[", "a"), Err(BadPattern));
        assert_eq!(path_match("a[", "b"), Err(BadPattern));
        assert_eq!(path_match("[^a-c]", "d"), Ok(true));
        assert_eq!(path_match("\\*", "*"), Ok(true));
        assert_eq!(path_match("a?c", "a/c"), Ok(false));
    }
}
