//! Go release and language versions (`go1.21`, `go1.21rc2`, `go1.21.13`).
//!
//! Mirrors `cmd/go/internal/gover` and the standard library's `go/version`:
//! versions are compared as Go compares them, where since Go 1.21 the
//! language version `1.21` sorts *before* its first release candidate
//! `1.21rc1`, which sorts before the first release `1.21.0`.

use std::cmp::Ordering;
use std::fmt;

/// A parsed Go version, without the `go` prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GoVersion {
    major: String,
    minor: String,
    patch: String,
    kind: String,
    pre: String,
    text: String,
}

impl GoVersion {
    /// Parses a version without the `go` prefix, such as `1.21.13` or `1.22rc1`,
    /// as `gover.parse` does. Returns `None` for anything Go calls invalid.
    pub fn parse(x: &str) -> Option<GoVersion> {
        let text = x.to_string();
        let (major, rest) = cut_int(x)?;
        let mut v = GoVersion {
            major: major.to_string(),
            minor: String::new(),
            patch: String::new(),
            kind: String::new(),
            pre: String::new(),
            text,
        };
        if rest.is_empty() {
            // "1" means "1.0.0".
            v.minor = "0".into();
            v.patch = "0".into();
            return Some(v);
        }
        let rest = rest.strip_prefix('.')?;
        let (minor, rest) = cut_int(rest)?;
        v.minor = minor.to_string();
        if rest.is_empty() {
            // Before Go 1.21 a missing patch meant ".0"; since then it is the
            // language version, which sorts before every release of it.
            if cmp_int(&v.minor, "21") == Ordering::Less {
                v.patch = "0".into();
            }
            return Some(v);
        }
        if let Some(after_dot) = rest.strip_prefix('.') {
            let (patch, rest) = cut_int(after_dot)?;
            if !rest.is_empty() {
                // Go allows no pre-release of a patch release.
                return None;
            }
            v.patch = patch.to_string();
            return Some(v);
        }
        let kind_len = rest.bytes().take_while(|b| !b.is_ascii_digit()).count();
        let kind = &rest[..kind_len];
        if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        v.kind = kind.to_string();
        let rest = &rest[kind_len..];
        if rest.is_empty() {
            return Some(v);
        }
        let (pre, rest) = cut_int(rest)?;
        if !rest.is_empty() {
            return None;
        }
        v.pre = pre.to_string();
        Some(v)
    }

    /// Parses a toolchain or runtime version such as `go1.22.10`,
    /// `go1.21.0-bigcorp` or `go1.22.0 X:nocoverageredesign`: the `go` prefix is
    /// required, and a vendor suffix after `-` or an experiment list after a
    /// space is dropped (as `go/version.stripGo` does).
    pub fn parse_go_prefixed(x: &str) -> Option<GoVersion> {
        let x = x.split(' ').next().unwrap_or_default();
        let x = x.split('-').next().unwrap_or_default();
        GoVersion::parse(x.strip_prefix("go")?)
    }

    /// The text this version was parsed from (without a `go` prefix).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The language version, `major.minor` (`1.21.3` → `1.21`; `1` → `1`).
    pub fn lang(&self) -> String {
        if self.major == "1" && self.minor == "0" && self.text == "1" {
            return "1".into();
        }
        format!("{}.{}", self.major, self.minor)
    }

    /// The minor number as an integer (`1.21.3` → 21). Saturates on absurd input.
    pub fn minor_number(&self) -> u64 {
        self.minor.parse().unwrap_or(u64::MAX)
    }

    /// True for a language version without a patch or pre-release
    /// (`1.21`), which Go ≥ 1.21 does not accept as a toolchain name.
    pub fn is_lang(&self) -> bool {
        self.patch.is_empty() && self.kind.is_empty()
    }

    /// True for an alpha, beta or release candidate.
    pub fn is_prerelease(&self) -> bool {
        !self.kind.is_empty()
    }

    /// Whether this release is at least `major.minor` (e.g. `at_least(1, 22)`).
    pub fn at_least(&self, major: u64, minor: u64) -> bool {
        let lang = GoVersion::parse(&format!("{major}.{minor}")).expect("valid");
        // Compare language versions: 1.22rc1 counts as 1.22.
        cmp_int(&self.major, &lang.major)
            .then_with(|| cmp_int(&self.minor, &lang.minor))
            .is_ge()
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialOrd for GoVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GoVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_int(&self.major, &other.major)
            .then_with(|| cmp_int(&self.minor, &other.minor))
            .then_with(|| cmp_int(&self.patch, &other.patch))
            .then_with(|| self.kind.cmp(&other.kind))
            .then_with(|| cmp_int(&self.pre, &other.pre))
    }
}

/// Compares two versions without the `go` prefix as `go/version.Compare`
/// does; an invalid version sorts before every valid one, and two invalid
/// versions are equal.
pub fn compare(x: &str, y: &str) -> Ordering {
    match (GoVersion::parse(x), GoVersion::parse(y)) {
        (Some(a), Some(b)) => a.cmp(&b),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
    }
}

/// Whether `x` (without `go` prefix) is a valid Go version.
pub fn is_valid(x: &str) -> bool {
    GoVersion::parse(x).is_some()
}

/// Splits a leading decimal integer without leading zeros.
fn cut_int(x: &str) -> Option<(&str, &str)> {
    let n = x.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (x.as_bytes()[0] == b'0' && n != 1) {
        return None;
    }
    Some((&x[..n], &x[n..]))
}

/// Compares decimal strings numerically; the empty string is the smallest.
fn cmp_int(x: &str, y: &str) -> Ordering {
    x.len().cmp(&y.len()).then_with(|| x.cmp(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_1_21_ordering() {
        let ordered = [
            "1.20rc1", "1.20", "1.20.1", "1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.13", "1.22",
            "1.22.10", "1.100",
        ];
        for pair in ordered.windows(2) {
            assert_eq!(compare(pair[0], pair[1]), Ordering::Less, "{pair:?}");
            assert_eq!(compare(pair[1], pair[0]), Ordering::Greater, "{pair:?}");
        }
        assert_eq!(compare("1", "1.0.0"), Ordering::Equal);
        assert_eq!(compare("1.19", "1.19.0"), Ordering::Equal);
    }

    #[test]
    fn rejects_what_go_rejects() {
        for bad in [
            "",
            "1.",
            "01.2",
            "1.02",
            "1.21.3rc1",
            "1.21RC1",
            "1.21.x",
            "v1.21",
            "1.21.0.1",
            "1.21rc01",
        ] {
            assert!(!is_valid(bad), "{bad:?} should be invalid");
        }
        for good in ["1", "1.21", "1.21rc1", "1.21beta", "1.21.0", "1.2.3"] {
            assert!(is_valid(good), "{good:?} should be valid");
        }
    }

    #[test]
    fn prefixed_forms() {
        let v = GoVersion::parse_go_prefixed("go1.22.0 X:nocoverageredesign").unwrap();
        assert_eq!(v.as_str(), "1.22.0");
        let v = GoVersion::parse_go_prefixed("go1.21.3-bigcorp").unwrap();
        assert_eq!(v.lang(), "1.21");
        assert!(GoVersion::parse_go_prefixed("1.21.3").is_none());
        assert!(v.at_least(1, 21) && !v.at_least(1, 22));
    }
}
