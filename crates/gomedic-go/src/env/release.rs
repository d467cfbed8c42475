//! What changed in `go env` from one Go release to the next.
//!
//! Verified with 1.21.13, 1.22.10 and 1.27.3. Changes dated only "between
//! 1.23 and 1.27" in the research are placed at the release named in the
//! comment; a release newer than the newest known behaves like the newest.

use crate::goversion::GoVersion;

/// The newest minor release whose behaviour is modelled.
pub const NEWEST_KNOWN_MINOR: u64 = 27;

/// A Go release, reduced to the minor number that decides behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    minor: u64,
}

impl Release {
    /// From `runtime.Version()` (`go1.22.10`, `go1.22.0-vendor`); anything
    /// unparseable (a devel build) or newer is treated as the newest known.
    pub fn from_version(version: &str) -> Release {
        let minor = GoVersion::parse_go_prefixed(version.trim())
            .map(|v| v.minor_number())
            .unwrap_or(NEWEST_KNOWN_MINOR);
        Release {
            minor: minor.min(NEWEST_KNOWN_MINOR),
        }
    }

    pub fn minor(self) -> u64 {
        self.minor
    }

    /// `$GOROOT/go.env` exists and GOTOOLCHAIN is a variable (1.21).
    pub fn has_goroot_env_file(self) -> bool {
        self.minor >= 21
    }

    /// GODEBUG, GOTELEMETRY, GOTELEMETRYDIR in the listing; GOARM64 and
    /// GORISCV64 as arch variables (1.23).
    pub fn has_telemetry(self) -> bool {
        self.minor >= 23
    }

    /// GOAUTH, GOCACHEPROG, GOFIPS140 (1.24, release notes).
    pub fn has_goauth(self) -> bool {
        self.minor >= 24
    }

    /// GOPACKAGESDRIVER listed (go.dev/issue/75930; placed at 1.26, unverified).
    pub fn lists_gopackagesdriver(self) -> bool {
        self.minor >= 26
    }

    /// `go env` sorts names and prints the effective GOBIN (placed at 1.26,
    /// verified for 1.27).
    pub fn sorts_and_shows_effective_gobin(self) -> bool {
        self.minor >= 26
    }

    /// `os.UserConfigDir`/`UserCacheDir` reject a relative XDG variable
    /// (verified absent in 1.22, present in 1.27; placed at 1.24).
    pub fn rejects_relative_xdg(self) -> bool {
        self.minor >= 24
    }

    /// `encoding/json` writes `\b` and `\f` as such (1.22 release notes).
    pub fn json_short_escapes_b_f(self) -> bool {
        self.minor >= 22
    }

    /// GOPATH==GOROOT is compared with the resolved GOROOT (1.22), not
    /// `runtime.GOROOT()` (1.21).
    pub fn compares_gopath_with_cfg_goroot(self) -> bool {
        self.minor >= 22
    }

    /// The 1.27 wording of the GOPATH==GOROOT warning (placed at 1.25, unverified).
    pub fn new_gopath_goroot_warning(self) -> bool {
        self.minor >= 25
    }

    /// 1.27.3 silently accepts invalid GOAMD64/GOARM (buildcfg.Error overwritten).
    pub fn validates_goamd64(self) -> bool {
        self.minor < 23
    }

    /// In workspace mode, a directory replacement from a workspace module's
    /// go.mod is shown relative to go.work with a leading `./` (1.22,
    /// `modload.canonicalizeReplacePath` calls `ToDirectoryPath`); 1.21
    /// shows the bare relative path (verified with 1.21.13 and 1.22.10).
    pub fn dot_relative_workspace_replacements(self) -> bool {
        self.minor >= 22
    }
}
