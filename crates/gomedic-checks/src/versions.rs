//! Go release facts gomedic carries with it.

use gomedic_go::goversion::GoVersion;
use std::cmp::Ordering;

/// The newest Go major release gomedic knows of: Go 1.27 (as of 2026-11).
///
/// To update: when a new Go 1.N is released (https://go.dev/doc/devel/release),
/// set this to N. A newer Go found on the machine counts as newest anyway.
pub const NEWEST_KNOWN_MINOR: u64 = 27;

/// Go supports the two newest major releases (https://go.dev/doc/devel/release#policy).
pub const SUPPORTED_RELEASES: u64 = 2;

/// The newest minor release: the known one, or a newer one seen on the machine.
pub fn newest_minor(seen: impl Iterator<Item = GoVersion>) -> u64 {
    seen.filter(|v| !v.is_prerelease() && v.as_str().starts_with("1."))
        .map(|v| v.minor_number())
        .filter(|m| *m < 1000)
        .fold(NEWEST_KNOWN_MINOR, u64::max)
}

/// Compares two `goX.Y.Z` versions; unknown ones sort first.
pub fn cmp_go(a: Option<&str>, b: Option<&str>) -> Ordering {
    let parse = |v: Option<&str>| v.and_then(GoVersion::parse_go_prefixed);
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
    }
}
