//! SELinux labels read from real extended attributes (set here as root:
//! without an SELinux policy the kernel stores security.* attributes as given).

#![cfg(target_os = "linux")]

use gomedic_probe::os::selinux_labels::labels;

#[test]
fn labels_of_real_directories() {
    let dir = tempfile::tempdir().unwrap();
    let modcache = dir.path().join("mod");
    let goroot = dir.path().join("go");
    let unlabelled = dir.path().join("plain");
    for d in [&modcache, &goroot, &unlabelled] {
        std::fs::create_dir(d).unwrap();
    }
    let set = |path: &std::path::Path, label: &str| {
        let mut value = label.as_bytes().to_vec();
        value.push(0); // the kernel stores the label NUL-terminated
        rustix::fs::setxattr(
            path,
            "security.selinux",
            &value,
            rustix::fs::XattrFlags::empty(),
        )
        .expect("setting security.selinux needs root (as the test suite runs)");
    };
    set(&modcache, "unconfined_u:object_r:user_home_t:s0");
    set(&goroot, "system_u:object_r:container_file_t:s0");
    let missing = dir.path().join("missing");
    let got = labels(&[&modcache, &goroot, &missing, &unlabelled, &modcache]);
    let pairs: Vec<(String, Option<String>, bool)> = got
        .iter()
        .map(|l| (l.source.clone(), l.value.clone(), l.error.is_some()))
        .collect();
    assert_eq!(pairs.len(), 3, "{pairs:?}");
    assert_eq!(
        pairs[0],
        (
            modcache.display().to_string(),
            Some("unconfined_u:object_r:user_home_t:s0".into()),
            false
        )
    );
    assert_eq!(
        pairs[1].1.as_deref(),
        Some("system_u:object_r:container_file_t:s0")
    );
    // No label at all (ENODATA): said, not guessed.
    assert_eq!(pairs[2].0, unlabelled.display().to_string());
    assert!(
        got[2]
            .error
            .as_deref()
            .unwrap()
            .starts_with("could not read security.selinux")
    );
}
