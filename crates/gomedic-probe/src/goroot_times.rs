//! The modification times of a GOROOT's source files against the release
//! time in its VERSION file (read only, bounded).
//!
//! Why file times: an official Go archive is built by cmd/distpack, which
//! stamps every file — tar.gz, zip and toolchain module alike — with the time
//! on VERSION's `time` line (Go 1.21 and later), and tar and unzip keep that
//! time when they extract. Unpacking a second release over the first
//! (`tar -C /usr/local -xzf` without removing /usr/local/go) overwrites the
//! files both releases have and leaves the others alone, so the tree then
//! holds files of two stamps: VERSION's (the release extracted last) and the
//! other release's. This needs no list of the files of every release, which
//! gomedic could not ship, and it is exact on the trees it applies to:
//! measured on the real 1.21.13, 1.22.10 and 1.27.3 archives' contents, every
//! file of a clean tree carries the release time and a stomped tree shows the
//! other release's time on exactly the files that release left behind.
//!
//! Where the files do not carry the release time at all (a tree extracted by
//! a tool that drops times, a distribution package built from source, a
//! VERSION without a `time` line before Go 1.21), the facts say so and the
//! check stays silent: the signal is absent, not negative. Trees a package
//! manager built from source may carry the release time on most files and a
//! build or patch time on a few; the check leaves package-managed trees out.
//!
//! Other candidate signals and why they are not used: the build info of the
//! tools in pkg/tool is overwritten by the last release like everything else
//! (and is toolchain/compile-version-mismatch's); a Go file "not part of the
//! release" needs the release's file list; running `go list std` writes a
//! cache and takes seconds.
//!
//! Only the files a build compiles are looked at (Go files other than tests,
//! assembly files; testdata/ is skipped), and only in the GOROOT the active go
//! uses: that keeps the walk to a few thousand stats, in its own thread.

use gomedic_model::Snapshot;
use gomedic_model::goroot_files::{GorootTimes, MtimeGroup};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};
use time::format_description::well_known::Rfc3339;

/// Files looked at, at most, per GOROOT (a release has 4,000–6,000 build
/// source files under src/).
const MAX_FILES: usize = 40_000;
/// Time spent walking one GOROOT, at most.
const WALK_BUDGET: Duration = Duration::from_millis(1500);
/// GOROOTs walked, at most.
const MAX_ROOTS: usize = 2;
/// Groups of other times kept.
const MAX_GROUPS: usize = 4;
/// Example files kept per group.
const MAX_EXAMPLES: usize = 5;
/// Zip and FAT times have a 2-second resolution.
const TOLERANCE_SECONDS: i64 = 2;

/// Files under src/ that cmd/dist writes when Go is built from source
/// (distpack's list of generated files, plus the older names): their time is
/// the build's, not the release's, in a tree a distribution built itself.
pub const GENERATED: &[&str] = &[
    "src/cmd/go/internal/cfg/zdefaultcc.go",
    "src/cmd/go/internal/cfg/zosarch.go",
    "src/go/build/zcgo.go",
    "src/internal/runtime/sys/zversion.go",
    "src/runtime/internal/sys/zversion.go",
    "src/time/tzdata/zzipdata.go",
    "src/cmd/cgo/zdefaultcc.go",
    "src/cmd/internal/objabi/zbootstrap.go",
    "src/internal/buildcfg/zbootstrap.go",
    "src/cmd/dist/dist",
    "src/cmd/dist/dist.exe",
];

/// The GOROOT the active go uses: the effective GOROOT setting and the root
/// the active go infers from its location (usually one directory).
pub fn active_goroots(snap: &Snapshot, effective_goroot: &str) -> Vec<String> {
    let inferred = snap
        .active()
        .and_then(|g| g.inferred_goroot.as_deref())
        .unwrap_or("");
    let mut roots: Vec<String> = Vec::new();
    for root in [effective_goroot, inferred] {
        if !root.is_empty() && !roots.iter().any(|r| r == root) {
            roots.push(root.to_string());
        }
    }
    roots
}

/// The times of each GOROOT in `goroots` (first MAX_ROOTS).
pub fn probe_goroot_times(goroots: Vec<String>) -> Vec<GorootTimes> {
    goroots
        .iter()
        .take(MAX_ROOTS)
        .map(|r| goroot_times(Path::new(r)))
        .collect()
}

/// The times of one GOROOT.
pub fn goroot_times(goroot: &Path) -> GorootTimes {
    let mut fact = GorootTimes {
        goroot: goroot.to_string_lossy().into_owned(),
        ..GorootTimes::default()
    };
    let version = match read_version(&goroot.join("VERSION")) {
        Ok(v) => v,
        Err(e) => {
            fact.error = Some(e);
            return fact;
        }
    };
    fact.version = version.0;
    fact.release_time = version.1.clone();
    fact.release_unix = version.1.as_deref().and_then(parse_rfc3339_utc);
    let Some(release) = fact.release_unix else {
        return fact;
    };
    // VERSION is in every archive and is always the last release's file, so
    // in a tree that kept the archive's times it carries the release time
    // whichever way a stomp went. When it does not, no file's time says
    // anything about releases: skip the walk (this is what makes the probe
    // free on distribution packages and on trees unpacked without times).
    let version_time = std::fs::metadata(goroot.join("VERSION"))
        .ok()
        .and_then(|m| m.modified().ok())
        .map(unix_seconds);
    match version_time {
        Some(t) if (t - release).abs() <= TOLERANCE_SECONDS => {}
        Some(t) => {
            fact.not_walked = Some(format!(
                "VERSION was modified at {}, not at its release time: the file times are not the archive's",
                format_utc(t)
            ));
            return fact;
        }
        None => {
            fact.not_walked = Some("the modification time of VERSION is not known".into());
            return fact;
        }
    }
    let walk = walk_src(goroot, release);
    fact.files = walk.files;
    fact.at_release_time = walk.at_release;
    fact.truncated = walk.truncated;
    fact.error = walk.error;
    let mut groups: Vec<MtimeGroup> = walk
        .others
        .into_iter()
        .map(|(unix, g)| {
            let mut examples = g.go_examples;
            examples.extend(g.other_examples);
            examples.truncate(MAX_EXAMPLES);
            MtimeGroup {
                unix,
                time: format_utc(unix),
                files: g.files,
                build_go_files: g.build_go,
                mixed_package_files: g.mixed,
                examples,
            }
        })
        .collect();
    groups.sort_by(|a, b| b.files.cmp(&a.files).then(a.unix.cmp(&b.unix)));
    groups.truncate(MAX_GROUPS);
    fact.other_times = groups;
    fact
}

/// VERSION's first line and its `time` value.
fn read_version(path: &Path) -> Result<(Option<String>, Option<String>), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() || meta.len() > 4096 {
        return Err(format!("{} is not a small file", path.display()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = text.lines();
    let version = lines
        .next()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    let time = lines.find_map(|l| {
        let mut words = l.split_whitespace();
        (words.next() == Some("time"))
            .then(|| words.next())
            .flatten()
            .map(str::to_string)
    });
    Ok((version, time))
}

#[derive(Default)]
struct Group {
    files: usize,
    build_go: usize,
    mixed: usize,
    go_examples: Vec<String>,
    other_examples: Vec<String>,
}

#[derive(Default)]
struct Walk {
    files: usize,
    at_release: usize,
    others: BTreeMap<i64, Group>,
    truncated: bool,
    error: Option<String>,
}

/// Walks `<goroot>/src` depth first, without following links.
fn walk_src(goroot: &Path, release: i64) -> Walk {
    let started = Instant::now();
    let mut walk = Walk::default();
    let mut stack = vec!["src".to_string()];
    while let Some(rel_dir) = stack.pop() {
        let read = match std::fs::read_dir(goroot.join(&rel_dir)) {
            Ok(r) => r,
            Err(e) => {
                if rel_dir == "src" {
                    walk.error = Some(format!("{}: {e}", goroot.join("src").display()));
                }
                continue;
            }
        };
        // (path, time, builds) of this directory's files: a package mixes
        // releases when its build files carry both the release time and another.
        let mut here: Vec<(String, i64, bool)> = Vec::new();
        for entry in read.flatten() {
            if walk.files >= MAX_FILES || started.elapsed() > WALK_BUDGET {
                walk.truncated = true;
                break;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let rel = format!("{rel_dir}/{}", entry.file_name().to_string_lossy());
            if kind.is_dir() {
                // Test data is never compiled into a package.
                if entry.file_name() != "testdata" {
                    stack.push(rel);
                }
                continue;
            }
            // Only what a build compiles is looked at (about half the files,
            // and the ones that break builds); the name filter costs no stat.
            if !kind.is_file() || !is_build_source(&rel) || GENERATED.contains(&rel.as_str()) {
                continue;
            }
            let Some(mtime) = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .map(unix_seconds)
            else {
                continue;
            };
            walk.files += 1;
            let builds = is_build_go_file(&rel);
            here.push((rel, mtime, builds));
        }
        let at_release = |t: i64| (t - release).abs() <= TOLERANCE_SECONDS;
        let package_has_release_files = here.iter().any(|(_, t, _)| at_release(*t));
        for (rel, mtime, builds) in here {
            if at_release(mtime) {
                walk.at_release += 1;
                continue;
            }
            let group = walk.others.entry(mtime).or_default();
            group.files += 1;
            group.mixed += usize::from(package_has_release_files);
            if builds {
                group.build_go += 1;
                if group.go_examples.len() < MAX_EXAMPLES {
                    group.go_examples.push(rel);
                }
            } else if group.other_examples.len() < MAX_EXAMPLES {
                group.other_examples.push(rel);
            }
        }
        if walk.truncated {
            break;
        }
    }
    walk
}

/// A file a build of the package compiles: a Go file (not a test, not
/// under testdata/) or an assembly file.
pub fn is_build_source(rel: &str) -> bool {
    is_build_go_file(rel) || (rel.ends_with(".s") && !rel.split('/').any(|c| c == "testdata"))
}

/// A Go file a build of the package compiles (`.go`, not a test, not under
/// testdata/).
fn is_build_go_file(rel: &str) -> bool {
    rel.ends_with(".go") && !rel.ends_with("_test.go") && !rel.split('/').any(|c| c == "testdata")
}

fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (the form VERSION uses; offsets other than `Z`
/// are not written by distpack and are not accepted).
pub fn parse_rfc3339_utc(s: &str) -> Option<i64> {
    if !s.ends_with('Z') || s.len() != "2006-01-02T15:04:05Z".len() {
        return None;
    }
    time::OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_utc(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{unix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_times_round_trip() {
        // VERSION lines of the real 1.21.13 and 1.22.10 releases, and the
        // times their extracted files carry (checked with `date -d ... +%s`).
        assert_eq!(
            parse_rfc3339_utc("2024-07-31T19:43:06Z"),
            Some(1_722_454_986)
        );
        assert_eq!(
            parse_rfc3339_utc("2024-11-27T20:27:20Z"),
            Some(1_732_739_240)
        );
        assert_eq!(parse_rfc3339_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(format_utc(1_722_454_986), "2024-07-31T19:43:06Z");
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59Z");
        for t in [0, 951_782_400, 1_709_164_799, 4_102_444_800] {
            assert_eq!(parse_rfc3339_utc(&format_utc(t)), Some(t), "{t}");
        }
    }

    #[test]
    fn malformed_times_are_refused() {
        for bad in [
            "",
            "2024-07-31",
            "2024-07-31T19:43:06",
            "2024-07-31T19:43:06+02:00",
            "2024-13-01T00:00:00Z",
            "24-07-31T19:43:06Z",
            "2024-07-31T19:43:06:01Z",
            "２０２４-07-31T19:43:06Z",
        ] {
            assert_eq!(parse_rfc3339_utc(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn build_go_files() {
        assert!(is_build_go_file("src/runtime/msize.go"));
        assert!(!is_build_go_file("src/runtime/msize_test.go"));
        assert!(!is_build_go_file("src/go/doc/testdata/a.go"));
        assert!(!is_build_go_file("src/runtime/asm_amd64.s"));
        assert!(is_build_source("src/runtime/asm_amd64.s"));
        assert!(!is_build_source("src/go/doc/testdata/a.s"));
        assert!(!is_build_source("src/runtime/msize_test.go"));
        assert!(!is_build_source("src/runtime/README"));
    }
}
