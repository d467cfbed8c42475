//! Module paths and versions (`golang.org/x/mod/module`).
//!
//! Path checks return Go's exact error texts; escaping follows the module
//! cache / proxy convention (`!` before a lower-cased capital letter);
//! pseudo-versions are parsed as `module.PseudoVersion*` does; [`sort`] is
//! the go.sum line order.

use crate::semver;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// The kinds of path Go checks, each with its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Module,
    Import,
    File,
}

impl PathKind {
    fn noun(self) -> &'static str {
        match self {
            PathKind::Module => "module",
            PathKind::Import => "import",
            PathKind::File => "file",
        }
    }
}

/// A module path and version (`module.Version`); `version` may carry a
/// `/go.mod` suffix in go.sum keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleVersion {
    pub path: String,
    pub version: String,
}

// ---------------------------------------------------------------------------
// Go-style quoting (%q), needed for exact error texts.

/// Quotes like Go's `strconv.Quote` (`%q` of a string).
pub fn go_quote(s: &str) -> String {
    go_quote_bytes(s.as_bytes())
}

/// Quotes raw bytes like `strconv.Quote`: invalid UTF-8 bytes become `\xNN`.
pub fn go_quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_escaped_char(&mut out, c, '"');
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}

/// Quotes a single character like `strconv.QuoteRune` (`%q` of a rune).
pub fn go_quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped_char(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_escaped_char(out: &mut String, c: char, quote: char) {
    match c {
        _ if c == quote || c == '\\' => {
            out.push('\\');
            out.push(c);
        }
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if is_go_printable(c) => out.push(c),
        _ if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        _ if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        _ => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// Go's `strconv.IsPrint`, shared with the build-info reader.
fn is_go_printable(c: char) -> bool {
    crate::buildinfo::is_go_printable(c)
}

// ---------------------------------------------------------------------------
// Path checks.

/// A malformed path: `malformed <kind> path "<path>": <reason>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed {} path {}: {reason}", kind.noun(), quoted_path)]
pub struct PathError {
    pub kind: PathKind,
    /// The path as Go quotes it.
    pub quoted_path: String,
    /// The reason alone (e.g. `missing dot in first path element`).
    pub reason: String,
}

fn path_error(kind: PathKind, path: &[u8], reason: String) -> PathError {
    PathError {
        kind,
        quoted_path: go_quote_bytes(path),
        reason,
    }
}

/// `module.CheckPath`: a valid module path.
pub fn check_path(path: &str) -> Result<(), PathError> {
    check_module_path_reason(path).map_err(|r| path_error(PathKind::Module, path.as_bytes(), r))
}

/// `module.CheckImportPath`: a valid package import path.
pub fn check_import_path(path: &str) -> Result<(), PathError> {
    check_kind(path, PathKind::Import).map_err(|r| path_error(PathKind::Import, path.as_bytes(), r))
}

/// `module.CheckFilePath`: a valid file path inside a module zip.
pub fn check_file_path(path: &str) -> Result<(), PathError> {
    check_kind(path, PathKind::File).map_err(|r| path_error(PathKind::File, path.as_bytes(), r))
}

/// Any of the checks above on raw bytes (which may not be UTF-8, as file
/// names and environment values can be).
pub fn check_path_bytes(kind: PathKind, path: &[u8]) -> Result<(), PathError> {
    match std::str::from_utf8(path) {
        Err(_) => Err(path_error(kind, path, "invalid UTF-8".into())),
        Ok(s) => match kind {
            PathKind::Module => check_path(s),
            PathKind::Import => check_import_path(s),
            PathKind::File => check_file_path(s),
        },
    }
}

fn check_module_path_reason(path: &str) -> Result<(), String> {
    check_kind(path, PathKind::Module)?;
    let first = path.split('/').next().unwrap_or_default();
    if first.is_empty() {
        return Err("leading slash".into());
    }
    if !first.contains('.') {
        return Err("missing dot in first path element".into());
    }
    if path.starts_with('-') {
        return Err("leading dash in first path element".into());
    }
    if let Some(bad) = first
        .chars()
        .find(|&c| !(c == '-' || c == '.' || c.is_ascii_digit() || c.is_ascii_lowercase()))
    {
        return Err(format!(
            "invalid char {} in first path element",
            go_quote_rune(bad)
        ));
    }
    if !split_path_version(path).2 {
        return Err("invalid version".into());
    }
    Ok(())
}

fn check_kind(path: &str, kind: PathKind) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty string".into());
    }
    if path.starts_with('-') && kind != PathKind::File {
        return Err("leading dash".into());
    }
    if path.contains("//") {
        return Err("double slash".into());
    }
    if path.ends_with('/') {
        return Err("trailing slash".into());
    }
    for elem in path.split('/') {
        check_elem(elem, kind)?;
    }
    Ok(())
}

fn module_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn file_char_ok(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || "!#$%&()+,-.=@[]^_{}~ ".contains(c);
    }
    // unicode.IsLetter; Rust's `is_alphabetic` also admits a few marks and
    // letter numbers, so exclude those to stay close to category L.
    c.is_alphabetic() && !c.is_numeric()
}

const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

fn check_elem(elem: &str, kind: PathKind) -> Result<(), String> {
    if elem.is_empty() {
        return Err("empty path element".into());
    }
    if elem.bytes().all(|b| b == b'.') {
        return Err(format!("invalid path element {}", go_quote(elem)));
    }
    if elem.starts_with('.') && kind == PathKind::Module {
        return Err("leading dot in path element".into());
    }
    if elem.ends_with('.') {
        return Err("trailing dot in path element".into());
    }
    for c in elem.chars() {
        let ok = match kind {
            PathKind::Module => module_char_ok(c),
            PathKind::Import => module_char_ok(c) || c == '+',
            PathKind::File => file_char_ok(c),
        };
        if !ok {
            return Err(format!("invalid char {}", go_quote_rune(c)));
        }
    }
    let short = elem.split('.').next().unwrap_or_default();
    if WINDOWS_RESERVED
        .iter()
        .any(|bad| bad.eq_ignore_ascii_case(short))
    {
        return Err(format!(
            "{} disallowed as path element component on Windows",
            go_quote(short)
        ));
    }
    if kind == PathKind::File {
        return Ok(());
    }
    if let Some(tilde) = short.rfind('~') {
        let suffix = &short[tilde + 1..];
        if !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit()) {
            return Err("trailing tilde and digits in path element".into());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Major-version suffixes.

/// `module.SplitPathVersion`: `(prefix, path_major, ok)`, e.g.
/// `example.com/m/v2` → `("example.com/m", "/v2", true)`,
/// `gopkg.in/yaml.v3` → `("gopkg.in/yaml", ".v3", true)`.
pub fn split_path_version(path: &str) -> (String, String, bool) {
    if path.starts_with("gopkg.in/") {
        return split_gopkg_in(path);
    }
    let bytes = path.as_bytes();
    let mut i = bytes.len();
    let mut dot = false;
    while i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.') {
        dot |= bytes[i - 1] == b'.';
        i -= 1;
    }
    if i <= 1 || i == bytes.len() || bytes[i - 1] != b'v' || bytes[i - 2] != b'/' {
        return (path.to_string(), String::new(), true);
    }
    let (prefix, major) = (&path[..i - 2], &path[i - 2..]);
    if dot || major.len() <= 2 || major.as_bytes()[2] == b'0' || major == "/v1" {
        return (path.to_string(), String::new(), false);
    }
    (prefix.to_string(), major.to_string(), true)
}

fn split_gopkg_in(path: &str) -> (String, String, bool) {
    let bytes = path.as_bytes();
    let mut i = bytes.len();
    if path.ends_with("-unstable") {
        i -= "-unstable".len();
    }
    while i > 0 && bytes[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i <= 1 || bytes[i - 1] != b'v' || bytes[i - 2] != b'.' {
        return (path.to_string(), String::new(), false);
    }
    let (prefix, major) = (&path[..i - 2], &path[i - 2..]);
    if major.len() <= 2 || (major.as_bytes()[2] == b'0' && major != ".v0") {
        return (path.to_string(), String::new(), false);
    }
    (prefix.to_string(), major.to_string(), true)
}

/// An invalid version or pseudo-version: `version "v" invalid: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {} invalid: {reason}", if *pseudo { "pseudo-version" } else { "version" }, go_quote(version))]
pub struct VersionError {
    pub version: String,
    pub pseudo: bool,
    pub reason: String,
}

/// `module.CheckPathMajor`: whether version `v` fits the path's major suffix.
pub fn check_path_major(v: &str, path_major: &str) -> Result<(), VersionError> {
    let mut path_major = path_major;
    if path_major.starts_with(".v") {
        path_major = path_major.strip_suffix("-unstable").unwrap_or(path_major);
    }
    if v.starts_with("v0.0.0-") && path_major == ".v1" {
        return Ok(());
    }
    let m = semver::major(v);
    let expected = if path_major.is_empty() {
        if m == "v0" || m == "v1" || semver::build(v) == "+incompatible" {
            return Ok(());
        }
        "v0 or v1"
    } else if path_major.starts_with('/') || path_major.starts_with('.') {
        if m == path_major[1..] {
            return Ok(());
        }
        &path_major[1..]
    } else {
        path_major
    };
    Err(VersionError {
        version: v.to_string(),
        pseudo: false,
        reason: format!("should be {expected}, not {m}"),
    })
}

/// Errors of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Path(#[from] PathError),
    /// `path@version: invalid version: reason`
    #[error("{path}@{}: invalid {}: {}", .error.version, if .error.pseudo { "pseudo-version" } else { "version" }, .error.reason)]
    Version { path: String, error: VersionError },
}

/// `module.Check`: a valid module path, a semantic version, and a matching
/// major-version suffix.
pub fn check(path: &str, version: &str) -> Result<(), CheckError> {
    check_path(path)?;
    if !semver::is_valid(version) {
        return Err(CheckError::Version {
            path: path.to_string(),
            error: VersionError {
                version: version.to_string(),
                pseudo: false,
                reason: "not a semantic version".into(),
            },
        });
    }
    let (_, path_major, _) = split_path_version(path);
    check_path_major(version, &path_major).map_err(|error| CheckError::Version {
        path: path.to_string(),
        error,
    })
}

/// `module.CanonicalVersion`: semver canonical form, keeping `+incompatible`.
pub fn canonical_version(v: &str) -> String {
    let mut cv = semver::canonical(v);
    if semver::build(v) == "+incompatible" {
        cv.push_str("+incompatible");
    }
    cv
}

/// `module.Sort`: by path (bytes), then version by semver precedence, then
/// the `/go.mod` suffix (so `v1.0.0` precedes `v1.0.0/go.mod`), as go.sum is written.
pub fn sort(list: &mut [ModuleVersion]) {
    list.sort_by(compare_for_go_sum);
}

fn compare_for_go_sum(a: &ModuleVersion, b: &ModuleVersion) -> Ordering {
    if a.path != b.path {
        return a.path.cmp(&b.path);
    }
    let split = |v: &str| -> (String, String) {
        match v.find('/') {
            Some(k) => (v[..k].to_string(), v[k..].to_string()),
            None => (v.to_string(), String::new()),
        }
    };
    let (va, fa) = split(&a.version);
    let (vb, fb) = split(&b.version);
    if va != vb {
        return semver::compare(&va, &vb);
    }
    fa.cmp(&fb)
}

// ---------------------------------------------------------------------------
// Escaping for the module cache and proxy URLs.

/// `module.EscapePath`: checks the path, then writes each capital as `!`+lower.
pub fn escape_path(path: &str) -> Result<String, String> {
    check_path(path).map_err(|e| e.to_string())?;
    escape_string(path)
}

/// `module.EscapeVersion`.
pub fn escape_version(v: &str) -> Result<String, String> {
    if check_elem(v, PathKind::File).is_err() || v.contains('!') {
        return Err(VersionError {
            version: v.to_string(),
            pseudo: false,
            reason: "disallowed version string".into(),
        }
        .to_string());
    }
    escape_string(v)
}

fn escape_string(s: &str) -> Result<String, String> {
    if s.chars().any(|c| c == '!' || !c.is_ascii()) {
        return Err("internal error: inconsistency in EscapePath".into());
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// `module.UnescapePath`.
pub fn unescape_path(escaped: &str) -> Result<String, String> {
    let path = unescape_string(escaped)
        .ok_or_else(|| format!("invalid escaped module path {}", go_quote(escaped)))?;
    check_path(&path)
        .map_err(|e| format!("invalid escaped module path {}: {e}", go_quote(escaped)))?;
    Ok(path)
}

/// `module.UnescapeVersion`.
pub fn unescape_version(escaped: &str) -> Result<String, String> {
    let v = unescape_string(escaped)
        .ok_or_else(|| format!("invalid escaped version {}", go_quote(escaped)))?;
    check_elem(&v, PathKind::File)
        .map_err(|e| format!("invalid escaped version {}: {e}", go_quote(&v)))?;
    Ok(v)
}

fn unescape_string(escaped: &str) -> Option<String> {
    let mut out = String::with_capacity(escaped.len());
    let mut bang = false;
    for c in escaped.chars() {
        if !c.is_ascii() {
            return None;
        }
        if bang {
            bang = false;
            if !c.is_ascii_lowercase() {
                return None;
            }
            out.push(c.to_ascii_uppercase());
        } else if c == '!' {
            bang = true;
        } else if c.is_ascii_uppercase() {
            return None;
        } else {
            out.push(c);
        }
    }
    (!bang).then_some(out)
}

// ---------------------------------------------------------------------------
// Pseudo-versions.

/// Whether `v` has a pseudo-version's shape (`module.IsPseudoVersion`).
pub fn is_pseudo_version(v: &str) -> bool {
    v.matches('-').count() >= 2 && semver::is_valid(v) && matches_pseudo_shape(v)
}

/// `^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+build)?$`
fn matches_pseudo_shape(v: &str) -> bool {
    // Build metadata (semver validity already guarantees its syntax).
    let body = v.split_once('+').map_or(v, |(b, _)| b);
    let Some((rest, rev)) = body.rsplit_once('-') else {
        return false;
    };
    if rev.is_empty() || !rev.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    if rest.len() < 14 {
        return false;
    }
    let (head, stamp) = rest.split_at(rest.len() - 14);
    if !stamp.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some(after_v) = head.strip_prefix('v') else {
        return false;
    };
    let digits = |s: &str| -> usize { s.bytes().take_while(u8::is_ascii_digit).count() };
    let n = digits(after_v);
    if n == 0 {
        return false;
    }
    let Some(tail) = after_v[n..].strip_prefix('.') else {
        return false;
    };
    // Form (1): vX.0.0-<stamp>
    if tail == "0.0-" {
        return true;
    }
    // Otherwise: \d+\.\d+-([^+]*\.)?0\.
    let n = digits(tail);
    if n == 0 {
        return false;
    }
    let Some(tail) = tail[n..].strip_prefix('.') else {
        return false;
    };
    let n = digits(tail);
    if n == 0 {
        return false;
    }
    let Some(tail) = tail[n..].strip_prefix('-') else {
        return false;
    };
    // tail is now `([^+]*\.)?0\.`
    tail == "0." || (tail.ends_with(".0.") && !tail.contains('+'))
}

/// The zero pseudo-version of a major version (`v0.0.0-00010101000000-000000000000`).
pub fn zero_pseudo_version(major: &str) -> String {
    let major = if major.is_empty() { "v0" } else { major };
    format!("{major}.0.0-00010101000000-000000000000")
}

/// `module.IsZeroPseudoVersion`.
pub fn is_zero_pseudo_version(v: &str) -> bool {
    v == zero_pseudo_version(&semver::major(v))
}

/// The parts of a pseudo-version.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PseudoParts<'a> {
    base: &'a str,
    timestamp: &'a str,
    rev: &'a str,
    build: String,
}

fn pseudo_syntax_error(v: &str) -> VersionError {
    VersionError {
        version: v.to_string(),
        pseudo: true,
        reason: "syntax error".into(),
    }
}

fn parse_pseudo(v: &str) -> Result<PseudoParts<'_>, VersionError> {
    if !is_pseudo_version(v) {
        return Err(pseudo_syntax_error(v));
    }
    let build = semver::build(v);
    let body = &v[..v.len() - build.len()];
    let (rest, rev) = body
        .rsplit_once('-')
        .ok_or_else(|| pseudo_syntax_error(v))?;
    let dash = rest.rfind('-').ok_or_else(|| pseudo_syntax_error(v))?;
    let (base, timestamp) = match rest.rfind('.') {
        Some(dot) if dot > dash => (&rest[..dot], &rest[dot + 1..]),
        _ => (&rest[..dash], &rest[dash + 1..]),
    };
    Ok(PseudoParts {
        base,
        timestamp,
        rev,
        build,
    })
}

/// A pseudo-version's UTC timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PseudoTime {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl PseudoTime {
    /// RFC 3339 in UTC (`2006-01-02T15:04:05Z`).
    pub fn to_rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// The 14-digit stamp used in pseudo-versions.
    pub fn stamp(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn parse(stamp: &str) -> Option<PseudoTime> {
        if stamp.len() != 14 || !stamp.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| stamp[r].parse::<u32>().ok();
        let t = PseudoTime {
            year: n(0..4)?,
            month: n(4..6)?,
            day: n(6..8)?,
            hour: n(8..10)?,
            minute: n(10..12)?,
            second: n(12..14)?,
        };
        let leap =
            t.year.is_multiple_of(4) && (!t.year.is_multiple_of(100) || t.year.is_multiple_of(400));
        let days = match t.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1..=days).contains(&t.day) && t.hour < 24 && t.minute < 60 && t.second < 60;
        valid.then_some(t)
    }
}

/// `module.PseudoVersionTime`.
pub fn pseudo_version_time(v: &str) -> Result<PseudoTime, VersionError> {
    let parts = parse_pseudo(v)?;
    PseudoTime::parse(parts.timestamp).ok_or_else(|| VersionError {
        version: v.to_string(),
        pseudo: true,
        reason: format!("malformed time {}", go_quote(parts.timestamp)),
    })
}

/// `module.PseudoVersionRev`: the revision identifier.
pub fn pseudo_version_rev(v: &str) -> Result<String, VersionError> {
    parse_pseudo(v).map(|p| p.rev.to_string())
}

/// `module.PseudoVersionBase`: the version the pseudo-version builds on
/// ("" for form `vX.0.0-stamp-rev`).
pub fn pseudo_version_base(v: &str) -> Result<String, VersionError> {
    let parts = parse_pseudo(v)?;
    let pre = semver::prerelease(parts.base);
    if pre.is_empty() {
        if !parts.build.is_empty() {
            return Err(VersionError {
                version: v.to_string(),
                pseudo: true,
                reason: format!(
                    "lacks base version, but has build metadata {}",
                    go_quote(&parts.build)
                ),
            });
        }
        return Ok(String::new());
    }
    if pre == "-0" {
        let base = &parts.base[..parts.base.len() - 2];
        let dot = base.rfind('.').ok_or_else(|| pseudo_syntax_error(v))?;
        let Some(patch) = decrement_decimal(&base[dot + 1..]) else {
            return Err(VersionError {
                version: v.to_string(),
                pseudo: true,
                reason: format!("version before {base} would have negative patch number"),
            });
        };
        return Ok(format!("{}{patch}{}", &base[..=dot], parts.build));
    }
    let base = parts
        .base
        .strip_suffix(".0")
        .ok_or_else(|| pseudo_syntax_error(v))?;
    Ok(format!("{base}{}", parts.build))
}

/// `module.PseudoVersion`: builds a pseudo-version for revision `rev` at
/// `time`, after the tagged version `older` ("" for none).
pub fn pseudo_version(major: &str, older: &str, time: &PseudoTime, rev: &str) -> String {
    let major = if major.is_empty() { "v0" } else { major };
    let segment = format!("{}-{rev}", time.stamp());
    let build = semver::build(older);
    let older = semver::canonical(older);
    if older.is_empty() {
        return format!("{major}.0.0-{segment}");
    }
    if !semver::prerelease(&older).is_empty() {
        return format!("{older}.0.{segment}{build}");
    }
    let i = older.rfind('.').map_or(0, |i| i + 1);
    format!(
        "{}{}-0.{segment}{build}",
        &older[..i],
        increment_decimal(&older[i..])
    )
}

fn increment_decimal(decimal: &str) -> String {
    let mut digits: Vec<u8> = decimal.bytes().collect();
    let mut i = digits.len();
    while i > 0 && digits[i - 1] == b'9' {
        digits[i - 1] = b'0';
        i -= 1;
    }
    if i > 0 {
        digits[i - 1] += 1;
    } else {
        digits.insert(0, b'1');
    }
    String::from_utf8(digits).unwrap_or_default()
}

fn decrement_decimal(decimal: &str) -> Option<String> {
    let mut digits: Vec<u8> = decimal.bytes().collect();
    let mut i = digits.len();
    while i > 0 && digits[i - 1] == b'0' {
        digits[i - 1] = b'9';
        i -= 1;
    }
    if i == 0 {
        return None;
    }
    if i == 1 && digits[0] == b'1' && digits.len() > 1 {
        digits.remove(0);
    } else {
        digits[i - 1] -= 1;
    }
    String::from_utf8(digits).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(go_quote_bytes(b"x.y/\xffz"), "\"x.y/\\xffz\"");
        assert_eq!(go_quote_rune('\''), "'\\''");
        assert_eq!(go_quote("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(go_quote("\u{1}"), "\"\\x01\"");
    }
}
