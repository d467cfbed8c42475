#![cfg(unix)]
//! The GOROOT file-time probe on real release trees: clean trees installed
//! the way the official archives install them, the wheel-extracted cache
//! trees (whose times say nothing) and Debian's golang-1.19 when installed.
//! Stomped trees are checked end to end in crates/gomedic/tests.

use gomedic_probe::goroot_times::{GENERATED, goroot_times, is_build_source, parse_rfc3339_utc};
use gomedic_testkit::release_archive::{extract_release, release_time, src_files};
use gomedic_testkit::toolchains;
use std::time::Instant;

#[test]
fn clean_release_trees_carry_only_their_release_time() {
    for tc in toolchains() {
        let tmp = tempfile::tempdir().unwrap();
        extract_release(&tc, tmp.path(), &["go/VERSION", "go/src"]);
        let started = Instant::now();
        let fact = goroot_times(&tmp.path().join("go"));
        let took = started.elapsed();
        let when = release_time(&tc);
        assert_eq!(fact.release_time.as_deref(), Some(when.as_str()));
        assert_eq!(fact.release_unix, parse_rfc3339_utc(&when));
        let expected = src_files(&tc)
            .into_iter()
            .filter(|f| is_build_source(f) && !GENERATED.contains(&f.as_str()))
            .count();
        assert_eq!(fact.files, expected, "{}", tc.version);
        // Exact: no false positive on a clean release.
        assert_eq!(fact.at_release_time, fact.files, "{}: {fact:?}", tc.version);
        assert!(fact.other_times.is_empty(), "{}: {fact:?}", tc.version);
        assert!(!fact.truncated && fact.error.is_none());
        eprintln!(
            "go{}: {} files under src/ walked in {took:?}",
            tc.version, fact.files
        );
    }
}

#[test]
fn trees_without_release_stamps_are_not_judged() {
    // The cache trees come from wheels, which drop file times: VERSION does
    // not carry the release time, so no time tells anything; nothing is walked.
    for tc in toolchains() {
        let fact = goroot_times(&tc.goroot);
        assert!(fact.release_unix.is_some());
        assert_eq!(fact.files, 0, "{}: {fact:?}", tc.version);
        assert!(
            fact.not_walked
                .as_deref()
                .is_some_and(|w| w.contains("not at its release time")),
            "{fact:?}"
        );
    }
    // Debian's package: VERSION has no time line (`go1.19.8`), nothing is walked.
    let debian = std::path::Path::new("/usr/lib/go-1.19");
    if debian.join("VERSION").is_file() {
        let fact = goroot_times(debian);
        assert!(fact.version.is_some());
        assert_eq!(fact.release_unix, None);
        assert_eq!(fact.files, 0);
    }
}

#[test]
fn a_missing_or_broken_goroot_is_a_fact_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let fact = goroot_times(&tmp.path().join("nope"));
    assert!(fact.error.is_some());
    std::fs::write(tmp.path().join("VERSION"), "go1.22.10\ntime not-a-time\n").unwrap();
    let fact = goroot_times(tmp.path());
    assert_eq!(fact.version.as_deref(), Some("go1.22.10"));
    assert_eq!(fact.release_unix, None);
    std::fs::write(
        tmp.path().join("VERSION"),
        "go1.22.10\ntime 2024-11-27T20:27:20Z\n",
    )
    .unwrap();
    let fact = goroot_times(tmp.path());
    assert!(
        fact.not_walked.is_some() && fact.error.is_none(),
        "{fact:?}"
    );
    // VERSION with its release time but no src/: an error, not a panic.
    let release = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_732_739_240);
    std::fs::File::options()
        .write(true)
        .open(tmp.path().join("VERSION"))
        .unwrap()
        .set_modified(release)
        .unwrap();
    let fact = goroot_times(tmp.path());
    assert!(
        fact.error.as_deref().is_some_and(|e| e.contains("src")),
        "{fact:?}"
    );
}
