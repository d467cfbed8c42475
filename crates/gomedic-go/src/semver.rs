//! Semantic versions as Go modules use them (`golang.org/x/mod/semver`).
//!
//! Versions carry a leading `v`; `vMAJOR` and `vMAJOR.MINOR` are accepted as
//! shorthands for `vMAJOR.0.0` and `vMAJOR.MINOR.0`, but shorthands may not
//! carry a pre-release or build suffix. Invalid versions compare equal to each
//! other and below every valid version.

use std::cmp::Ordering;

/// The parts of a valid semantic version (all slices of the input, except the
/// synthesised parts of a shorthand).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Parsed<'a> {
    major: &'a str,
    minor: &'a str,
    patch: &'a str,
    /// What a shorthand lacks: ".0.0" for `v1`, ".0" for `v1.2`, else "".
    short: &'static str,
    /// Including the leading `-`, or "".
    prerelease: &'a str,
    /// Including the leading `+`, or "".
    build: &'a str,
}

fn parse(v: &str) -> Option<Parsed<'_>> {
    let rest = v.strip_prefix('v')?;
    let (major, rest) = split_number(rest)?;
    let mut p = Parsed {
        major,
        ..Parsed::default()
    };
    if rest.is_empty() {
        p.minor = "0";
        p.patch = "0";
        p.short = ".0.0";
        return Some(p);
    }
    let (minor, rest) = split_number(rest.strip_prefix('.')?)?;
    p.minor = minor;
    if rest.is_empty() {
        p.patch = "0";
        p.short = ".0";
        return Some(p);
    }
    let (patch, mut rest) = split_number(rest.strip_prefix('.')?)?;
    p.patch = patch;
    if rest.starts_with('-') {
        let (pre, after) = split_prerelease(rest)?;
        p.prerelease = pre;
        rest = after;
    }
    if rest.starts_with('+') {
        let (build, after) = split_build(rest)?;
        p.build = build;
        rest = after;
    }
    rest.is_empty().then_some(p)
}

/// A decimal number without leading zeros, and the rest.
fn split_number(v: &str) -> Option<(&str, &str)> {
    let n = v.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n > 1 && v.as_bytes()[0] == b'0') {
        return None;
    }
    Some((&v[..n], &v[n..]))
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// A numeric identifier with a leading zero (`01`), which semver forbids in
/// pre-releases.
fn is_bad_number(ident: &str) -> bool {
    ident.len() > 1 && ident.bytes().all(|b| b.is_ascii_digit()) && ident.starts_with('0')
}

fn is_number(ident: &str) -> bool {
    ident.bytes().all(|b| b.is_ascii_digit())
}

/// `-ident(.ident)*` up to a `+` or the end.
fn split_prerelease(v: &str) -> Option<(&str, &str)> {
    let end = v[1..].find('+').map_or(v.len(), |i| i + 1);
    let body = &v[1..end];
    for ident in body.split('.') {
        if ident.is_empty() || is_bad_number(ident) || !ident.bytes().all(is_ident_byte) {
            return None;
        }
    }
    Some((&v[..end], &v[end..]))
}

/// `+ident(.ident)*` to the end (leading zeros allowed).
fn split_build(v: &str) -> Option<(&str, &str)> {
    let body = &v[1..];
    for ident in body.split('.') {
        if ident.is_empty() || !ident.bytes().all(is_ident_byte) {
            return None;
        }
    }
    Some((v, ""))
}

/// Whether `v` is a valid semantic version (`semver.IsValid`).
pub fn is_valid(v: &str) -> bool {
    parse(v).is_some()
}

/// The canonical form: shorthands expanded, build suffix dropped
/// (`v1.2+meta` is invalid; `v1.2.0+meta` → `v1.2.0`). "" if invalid.
pub fn canonical(v: &str) -> String {
    match parse(v) {
        None => String::new(),
        Some(p) if !p.build.is_empty() => v[..v.len() - p.build.len()].to_string(),
        Some(p) => format!("{v}{}", p.short),
    }
}

/// `vMAJOR`, or "" if invalid.
pub fn major(v: &str) -> String {
    parse(v).map_or_else(String::new, |p| v[..1 + p.major.len()].to_string())
}

/// `vMAJOR.MINOR`, or "" if invalid.
pub fn major_minor(v: &str) -> String {
    match parse(v) {
        None => String::new(),
        Some(p) => format!("v{}.{}", p.major, p.minor),
    }
}

/// The pre-release suffix including its `-`, or "".
pub fn prerelease(v: &str) -> String {
    parse(v).map_or_else(String::new, |p| p.prerelease.to_string())
}

/// The build suffix including its `+`, or "".
pub fn build(v: &str) -> String {
    parse(v).map_or_else(String::new, |p| p.build.to_string())
}

fn compare_numbers(x: &str, y: &str) -> Ordering {
    x.len().cmp(&y.len()).then_with(|| x.cmp(y))
}

fn compare_prerelease(x: &str, y: &str) -> Ordering {
    if x == y {
        return Ordering::Equal;
    }
    // A release sorts after all of its pre-releases.
    if x.is_empty() {
        return Ordering::Greater;
    }
    if y.is_empty() {
        return Ordering::Less;
    }
    let mut xs = x[1..].split('.');
    let mut ys = y[1..].split('.');
    loop {
        match (xs.next(), ys.next()) {
            (Some(a), Some(b)) => {
                if a == b {
                    continue;
                }
                let ordering = match (is_number(a), is_number(b)) {
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (true, true) => compare_numbers(a, b),
                    (false, false) => a.cmp(b),
                };
                return ordering;
            }
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (None, None) => return Ordering::Equal,
        }
    }
}

/// Compares by semver precedence (`semver.Compare`); build suffixes are
/// ignored, invalid versions are equal to each other and below valid ones.
pub fn compare(v: &str, w: &str) -> Ordering {
    match (parse(v), parse(w)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => compare_numbers(a.major, b.major)
            .then_with(|| compare_numbers(a.minor, b.minor))
            .then_with(|| compare_numbers(a.patch, b.patch))
            .then_with(|| compare_prerelease(a.prerelease, b.prerelease)),
    }
}

/// The larger of two versions, canonicalised (`semver.Max`, deprecated upstream
/// but still used): an invalid `v` yields `w`'s canonical form.
pub fn max(v: &str, w: &str) -> String {
    let v = canonical(v);
    let w = canonical(w);
    if compare(&v, &w) == Ordering::Greater {
        v
    } else {
        w
    }
}

/// Sorts by precedence, ties broken by byte order (`semver.Sort`).
pub fn sort(list: &mut [String]) {
    list.sort_by(|a, b| compare(a, b).then_with(|| a.cmp(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthands_and_suffixes() {
        assert_eq!(canonical("v1"), "v1.0.0");
        assert_eq!(canonical("v1.2.3+meta"), "v1.2.3");
        assert!(!is_valid("v1.2-pre"));
        assert!(!is_valid("v1.2.3-01"));
        assert!(is_valid("v1.2.3+01"));
        assert_eq!(compare("v1.0.0-alpha", "v1.0.0-alpha.1"), Ordering::Less);
        assert_eq!(compare("v1.0.0-beta.2", "v1.0.0-beta.11"), Ordering::Less);
    }
}
