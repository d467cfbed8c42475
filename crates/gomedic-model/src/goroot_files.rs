//! What the file times of a GOROOT's source tree say about where its files
//! came from: one release, or two unpacked over each other.

use serde::{Deserialize, Serialize};

/// The modification times of the files under `<GOROOT>/src`, compared with
/// the release time in `<GOROOT>/VERSION`.
///
/// Official Go archives (built by cmd/distpack since Go 1.21) give every file
/// the time on VERSION's `time` line, and tar/unzip keep it. Files with
/// another time were written by something else: in practice, another
/// release unpacked over this one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GorootTimes {
    /// The GOROOT walked (as found, not resolved).
    pub goroot: String,
    /// First line of VERSION (e.g. `go1.22.10`).
    #[serde(default)]
    pub version: Option<String>,
    /// The `time` line of VERSION as written (e.g. `2024-11-27T20:27:20Z`).
    #[serde(default)]
    pub release_time: Option<String>,
    /// The same time in seconds since 1970 (UTC).
    #[serde(default)]
    pub release_unix: Option<i64>,
    /// Files looked at under src/: those a build compiles (Go files other
    /// than tests, assembly files; not under testdata/, and not the files
    /// cmd/dist regenerates when building from source).
    #[serde(default)]
    pub files: usize,
    /// How many of them carry the release time (within the 2 s of a FAT or
    /// zip timestamp).
    #[serde(default)]
    pub at_release_time: usize,
    /// Files with another time, grouped by their exact second, largest
    /// group first (at most a few groups).
    #[serde(default)]
    pub other_times: Vec<MtimeGroup>,
    /// Why src/ was not walked although VERSION has a release time (e.g.
    /// VERSION itself does not carry it: the tree's file times are not the
    /// archive's, so they tell nothing).
    #[serde(default)]
    pub not_walked: Option<String>,
    /// True when the walk stopped at its file or time bound.
    #[serde(default)]
    pub truncated: bool,
    /// Why VERSION or src/ could not be read.
    #[serde(default)]
    pub error: Option<String>,
}

/// Files under src/ that share one modification time (to the second).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MtimeGroup {
    /// Seconds since 1970 (UTC).
    pub unix: i64,
    /// The same time as `YYYY-MM-DDTHH:MM:SSZ`.
    pub time: String,
    /// How many files have it.
    pub files: usize,
    /// How many of them are Go files a build compiles (`.go`, not
    /// `_test.go`, not under `testdata/`).
    pub build_go_files: usize,
    /// How many files of the group lie in a directory whose other files
    /// carry the release time: a package that would be compiled from files
    /// of two releases.
    #[serde(default)]
    pub mixed_package_files: usize,
    /// A few of them, relative to GOROOT with `/` separators, Go files first.
    #[serde(default)]
    pub examples: Vec<String>,
}
