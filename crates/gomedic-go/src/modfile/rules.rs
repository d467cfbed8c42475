//! The value checks x/mod applies to directive arguments: go and toolchain
//! version syntax, module path major-version suffixes, canonical versions
//! and directory-path replacements.
//!
//! `split_path_version` and `check_path_major` mirror `golang.org/x/mod/module`
//! privately here until `crate::module` provides them.

use crate::semver;

fn take_digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    s.split_at(n)
}

/// `(0|[1-9][0-9]*)` at the start of `s`, taken greedily, and the rest.
fn take_number(s: &str, allow_zero: bool) -> Option<(&str, &str)> {
    let (digits, rest) = take_digits(s);
    match digits.as_bytes().first() {
        None => None,
        Some(b'0') if allow_zero => Some(("0", &s[1..])),
        Some(b'0') => None,
        Some(_) => Some((digits, rest)),
    }
}

/// Whether `v` matches x/mod's `GoVersionRE`
/// (`^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$`):
/// the syntax a `go` line must have.
pub fn is_valid_go_version(v: &str) -> bool {
    let Some((_, rest)) = take_number(v, false) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix('.') else {
        return false;
    };
    let Some((_, mut rest)) = take_number(rest, true) else {
        return false;
    };
    if let Some(after_dot) = rest.strip_prefix('.') {
        let Some((_, after_patch)) = take_number(after_dot, true) else {
            return false;
        };
        rest = after_patch;
    }
    if rest.is_empty() {
        return true;
    }
    let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let (_, digits) = rest.split_at(letters);
    letters > 0 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// x/mod's `laxGoVersionRE` (`^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9].*)$`):
/// the `major.minor` a dependency's malformed go line is reduced to.
pub(crate) fn lax_go_version(v: &str) -> Option<&str> {
    let body = v.strip_prefix('v').unwrap_or(v);
    let (major, rest) = take_number(body, false)?;
    let rest = rest.strip_prefix('.')?;
    let (minor, rest) = take_number(rest, true)?;
    let next = rest.chars().next()?;
    if next.is_ascii_digit() || rest.contains('\n') {
        return None;
    }
    Some(&body[..major.len() + 1 + minor.len()])
}

/// Whether `name` matches x/mod's `ToolchainRE` (`^default$|^go1($|\.)`).
pub fn is_valid_toolchain_name(name: &str) -> bool {
    name == "default" || name == "go1" || name.starts_with("go1.")
}

/// `module.CanonicalVersion`: the canonical semantic version, keeping `+incompatible`; "" if invalid.
pub(crate) fn canonical_version(v: &str) -> String {
    let mut canonical = semver::canonical(v);
    if semver::build(v) == "+incompatible" {
        canonical.push_str("+incompatible");
    }
    canonical
}

/// `module.SplitPathVersion` in the shape the go.mod rules use: the path
/// prefix and its major-version suffix (`/v2`, `.v1` for gopkg.in), or None
/// if the suffix is malformed.
pub(crate) fn split_path_version(path: &str) -> Option<(&str, &str)> {
    let (prefix, major, ok) = crate::module::split_path_version(path);
    // The module function returns owned parts of `path`: map them back to slices.
    ok.then(|| {
        (
            &path[..prefix.len()],
            &path[prefix.len()..prefix.len() + major.len()],
        )
    })
}

/// `module.CheckPathMajor`: Err is the message of the `InvalidVersionError`
/// ("should be v2, not v1"), to be shown after `version "…" invalid: `.
pub(crate) fn check_path_major(v: &str, path_major: &str) -> Result<(), String> {
    crate::module::check_path_major(v, path_major).map_err(|e| e.reason)
}

/// `modfile.IsDirectoryPath`: whether a replacement target is a directory
/// (`.`/`..` prefixes and rooted paths, in both Unix and Windows syntax).
/// Since go1.22 a bare `.` or `..` counts too.
pub fn is_directory_path(ns: &str) -> bool {
    is_directory_path_in(ns, true)
}

/// `is_directory_path` for a release that does (`bare_dots`) or does not (go1.21) accept bare `.`/`..`.
pub(crate) fn is_directory_path_in(ns: &str, bare_dots: bool) -> bool {
    let b = ns.as_bytes();
    (bare_dots && (ns == "." || ns == ".."))
        || ns.starts_with("./")
        || ns.starts_with(".\\")
        || ns.starts_with("../")
        || ns.starts_with("..\\")
        || ns.starts_with('/')
        || ns.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_version_syntax() {
        for ok in [
            "1.21",
            "1.21.0",
            "1.21rc1",
            "1.21.0rc1",
            "10.0",
            "1.0.0",
            "1.21beta12",
        ] {
            assert!(is_valid_go_version(ok), "{ok}");
        }
        for bad in [
            "1", "v1.21", "1.021", "01.2", "1.21.", "1.21rc", "1.21-rc1", "1.2.3.4", "go1.21", "",
        ] {
            assert!(!is_valid_go_version(bad), "{bad}");
        }
        assert_eq!(lax_go_version("v1.21.0"), Some("1.21"));
        assert_eq!(lax_go_version("1.21-pre"), Some("1.21"));
        assert_eq!(lax_go_version("1.21"), None);
        assert_eq!(lax_go_version("1.05x"), None);
        assert_eq!(lax_go_version("1.0x"), Some("1.0"));
    }

    #[test]
    fn path_majors() {
        assert_eq!(
            split_path_version("example.com/x/v2"),
            Some(("example.com/x", "/v2"))
        );
        assert_eq!(split_path_version("example.com/x/v1"), None);
        assert_eq!(split_path_version("example.com/x/v2.1"), None);
        assert_eq!(
            split_path_version("example.com/x"),
            Some(("example.com/x", ""))
        );
        assert_eq!(
            split_path_version("gopkg.in/yaml.v3"),
            Some(("gopkg.in/yaml", ".v3"))
        );
        assert_eq!(split_path_version("gopkg.in/yaml"), None);
        assert_eq!(
            check_path_major("v1.0.0", "/v2"),
            Err("should be v2, not v1".into())
        );
        assert_eq!(
            check_path_major("v2.0.0", ""),
            Err("should be v0 or v1, not v2".into())
        );
        assert_eq!(check_path_major("v2.0.0+incompatible", ""), Ok(()));
        assert_eq!(check_path_major("v0.0.0-2020-abc", ".v1"), Ok(()));
    }
}
