//! End-to-end tests of `take_snapshot` against real toolchains and real
//! files, each in a child process with an exact environment.
#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use support::*;

#[test]
fn probe_child_entry_point() {
    child_main();
}

fn mkdir(p: &Path) -> PathBuf {
    std::fs::create_dir_all(p).unwrap();
    p.to_path_buf()
}

fn real(p: &Path) -> String {
    std::fs::canonicalize(p)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn toolchains_via_symlink_and_copy_in_path_order() {
    let t = tempfile::tempdir().unwrap();
    let new = gomedic_testkit::toolchain("1.27.3");
    let old = gomedic_testkit::toolchain("1.22.10");
    let linked = mkdir(&t.path().join("linked"));
    symlink(&new.go, linked.join("go")).unwrap();
    let copied = mkdir(&t.path().join("copied"));
    std::fs::copy(&old.go, copied.join("go")).unwrap();
    let old_bin = old.go.parent().unwrap().to_path_buf();
    let path = join_path(&[
        linked.clone(),
        copied.clone(),
        old_bin.clone(),
        PathBuf::from("/usr/bin"),
        PathBuf::from("/bin"),
    ]);
    let child = snapshot_with_env(
        &base_env(path.clone(), t.path()),
        t.path(),
        ChildOptions::default(),
    );
    let snap = child.snap;

    let on_path: Vec<_> = snap.on_path().collect();
    assert_eq!(on_path.len(), 3, "{:#?}", snap.go_binaries);
    assert_eq!(on_path[0].path, linked.join("go").to_string_lossy());
    assert_eq!(
        on_path[0].real_path.as_deref(),
        Some(real(&new.go).as_str())
    );
    assert_eq!(on_path[0].root_version.as_deref(), Some("go1.27.3"));
    assert_eq!(
        on_path[0].executable.as_ref().unwrap().goarch.as_deref(),
        Some("amd64")
    );
    assert!(
        on_path[0].tools.iter().any(|t| t.name == "compile"),
        "{:?}",
        on_path[0].tools
    );
    assert!(
        on_path[0]
            .goroot_env_file
            .as_ref()
            .unwrap()
            .content
            .as_deref()
            .unwrap()
            .contains("GOTOOLCHAIN=auto")
    );
    assert_eq!(on_path[1].path_index, Some(1));
    assert_eq!(on_path[2].path_index, Some(2));
    assert_eq!(on_path[2].root_version.as_deref(), Some("go1.22.10"));

    // The active go is the one a shell would run.
    assert_eq!(
        snap.active().unwrap().path,
        shell_lookup("go", &path).unwrap()
    );

    // GOROOT inference agrees with what each real go says about itself.
    let env: BTreeMap<String, String> = [
        ("PATH".to_string(), path.to_string_lossy().into_owned()),
        ("HOME".to_string(), t.path().to_string_lossy().into_owned()),
    ]
    .into();
    let via_link = go_env_values(&linked.join("go"), &["GOROOT"], &env, t.path());
    assert_eq!(
        Some(via_link[0].as_str()),
        on_path[0].inferred_goroot.as_deref()
    );
    assert_eq!(
        on_path[0].inferred_goroot.as_deref(),
        Some(real(&new.goroot).as_str())
    );
    // A copied go has no GOROOT around it: go itself refuses to start.
    let out = gomedic_testkit::clean_command(copied.join("go"), &env)
        .args(["env", "GOROOT"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot find GOROOT"));
    assert_eq!(on_path[1].inferred_goroot, None);
}

#[test]
fn unusable_go_files_are_reported_and_skipped_like_a_shell() {
    let t = tempfile::tempdir().unwrap();
    let tc = gomedic_testkit::toolchain("1.27.3");
    let broken = mkdir(&t.path().join("broken"));
    symlink(t.path().join("nowhere/go"), broken.join("go")).unwrap();
    let noexec = mkdir(&t.path().join("noexec"));
    std::fs::copy(&tc.go, noexec.join("go")).unwrap();
    std::fs::set_permissions(noexec.join("go"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let isdir = mkdir(&t.path().join("isdir"));
    mkdir(&isdir.join("go"));
    let good = tc.go.parent().unwrap().to_path_buf();
    let path = join_path(&[broken, noexec, isdir, good.clone()]);
    let snap = snapshot_with_env(
        &base_env(path.clone(), t.path()),
        t.path(),
        ChildOptions {
            run_go: true,
            ..Default::default()
        },
    )
    .snap;
    let problems: Vec<_> = snap.on_path().map(|g| g.file_problem.clone()).collect();
    assert_eq!(problems.len(), 4, "{:#?}", snap.go_binaries);
    assert!(
        problems[0]
            .as_deref()
            .unwrap()
            .contains("broken symbolic link"),
        "{problems:?}"
    );
    assert!(
        problems[1]
            .as_deref()
            .unwrap()
            .contains("no execute permission"),
        "{problems:?}"
    );
    assert!(
        problems[2].as_deref().unwrap().contains("directory"),
        "{problems:?}"
    );
    assert_eq!(problems[3], None);
    assert_eq!(snap.go_binaries[0].real_path, None);
    assert_eq!(
        snap.active().unwrap().path,
        shell_lookup("go", &path).unwrap()
    );
    assert_eq!(
        snap.active().unwrap().path,
        good.join("go").to_string_lossy()
    );
    // go version ran on exactly that go, started before PATH was fully probed.
    let run = snap.active().unwrap().run.as_ref().unwrap();
    assert!(run.succeeded(), "{run:?} {:?}", snap.probe_errors);
    assert_eq!(
        snap.go_binaries.iter().filter(|g| g.run.is_some()).count(),
        1
    );
}

#[test]
fn foreign_arch_go_is_classified_and_cannot_run() {
    let t = tempfile::tempdir().unwrap();
    let mac = gomedic_testkit::toolchain_for("1.27.3", "-macosx_11_0_arm64");
    let win = gomedic_testkit::toolchain_for("1.27.3", "-win_amd64");
    let mac_dir = mkdir(&t.path().join("mac"));
    symlink(&mac.go, mac_dir.join("go")).unwrap();
    let win_dir = mkdir(&t.path().join("win"));
    std::fs::copy(&win.go, win_dir.join("go")).unwrap();
    std::fs::set_permissions(win_dir.join("go"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = join_path(&[
        mac_dir,
        win_dir,
        PathBuf::from("/usr/bin"),
        PathBuf::from("/bin"),
    ]);
    let snap = snapshot_with_env(
        &base_env(path, t.path()),
        t.path(),
        ChildOptions {
            run_go: true,
            timeout_ms: Some(5000),
            ..Default::default()
        },
    )
    .snap;
    let mac_go = &snap.go_binaries[0];
    let kind = mac_go.executable.as_ref().unwrap();
    assert_eq!(
        (
            kind.format.as_str(),
            kind.goos.as_deref(),
            kind.goarch.as_deref()
        ),
        ("macho", Some("darwin"), Some("arm64"))
    );
    assert_eq!(
        mac_go.inferred_goroot.as_deref(),
        Some(real(&mac.goroot).as_str())
    );
    // Tools are listed from the binary's own tool dir (darwin_arm64).
    assert!(
        mac_go
            .tools
            .iter()
            .any(|t| t.name == "compile" && t.path.contains("darwin_arm64")),
        "{:?}",
        mac_go.tools
    );
    let win_go = &snap.go_binaries[1];
    let kind = win_go.executable.as_ref().unwrap();
    assert_eq!(
        (
            kind.format.as_str(),
            kind.goos.as_deref(),
            kind.goarch.as_deref()
        ),
        ("pe", Some("windows"), Some("amd64"))
    );
    // The active go is the Mach-O one: the kernel refuses to run it.
    assert_eq!(snap.active_go, Some(0));
    let run = mac_go.run.as_ref().unwrap();
    assert!(!run.succeeded());
    assert!(run.spawn_error.is_some(), "{run:?}");
}

#[test]
fn hanging_go_is_cut_at_the_time_bound() {
    let t = tempfile::tempdir().unwrap();
    let bin = mkdir(&t.path().join("bin"));
    // The sleeping grandchild holds the output pipes: the whole group must die.
    write_script(&bin.join("go"), "echo started\nsleep 1000\n");
    let path = join_path(&[bin, PathBuf::from("/usr/bin"), PathBuf::from("/bin")]);
    let start = std::time::Instant::now();
    let snap = snapshot_with_env(
        &base_env(path, t.path()),
        t.path(),
        ChildOptions {
            run_go: true,
            timeout_ms: Some(700),
            ..Default::default()
        },
    )
    .snap;
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    let run = snap.active().unwrap().run.as_ref().unwrap();
    assert!(run.timed_out, "{run:?}");
    assert!(run.millis >= 700 && run.millis < 5000, "{run:?}");
    assert_eq!(run.stdout, "started\n");
    assert!(snap.probe_errors.iter().any(|e| e.probe == "go-version"));
    assert_eq!(
        snap.active().unwrap().executable.as_ref().unwrap().format,
        "script"
    );
}

#[test]
fn crashing_and_chatty_go_are_reported() {
    let t = tempfile::tempdir().unwrap();
    let crash = mkdir(&t.path().join("crash"));
    write_script(&crash.join("go"), "echo oops >&2\nkill -SEGV $$\n");
    let path = join_path(&[crash, PathBuf::from("/usr/bin"), PathBuf::from("/bin")]);
    let opts = || ChildOptions {
        run_go: true,
        timeout_ms: Some(5000),
        ..Default::default()
    };
    let snap = snapshot_with_env(&base_env(path, t.path()), t.path(), opts()).snap;
    let run = snap.active().unwrap().run.as_ref().unwrap();
    assert_eq!(run.exit_code, Some(128 + 11), "{run:?}");
    assert_eq!(run.stderr, "oops\n");
    assert!(!run.succeeded());

    let chatty = mkdir(&t.path().join("chatty"));
    write_script(
        &chatty.join("go"),
        "head -c 5000000 /dev/zero | tr '\\0' x\nexit 3\n",
    );
    let path = join_path(&[chatty, PathBuf::from("/usr/bin"), PathBuf::from("/bin")]);
    let snap = snapshot_with_env(&base_env(path, t.path()), t.path(), opts()).snap;
    let run = snap.active().unwrap().run.as_ref().unwrap();
    assert_eq!(run.exit_code, Some(3));
    assert_eq!(run.stdout.len(), gomedic_probe::run::OUTPUT_CAP);
}

#[test]
fn real_go_version_runs_and_writes_nothing() {
    for tc in gomedic_testkit::toolchains() {
        let t = tempfile::tempdir().unwrap();
        let home = mkdir(&t.path().join("home"));
        let path = join_path(&[
            tc.go.parent().unwrap(),
            Path::new("/usr/bin"),
            Path::new("/bin"),
        ]);
        let snap = snapshot_with_env(
            &base_env(path, &home),
            &home,
            ChildOptions {
                run_go: true,
                ..Default::default()
            },
        )
        .snap;
        let run = snap.active().unwrap().run.as_ref().unwrap();
        assert!(run.succeeded(), "{run:?}");
        assert_eq!(
            run.stdout,
            format!("go version go{} linux/amd64\n", tc.version)
        );
        // Go 1.23+ writes telemetry counters even for `go version`; not here.
        let written: Vec<_> = std::fs::read_dir(&home)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(written.is_empty(), "go {} wrote {written:?}", tc.version);
    }
}

#[test]
fn huge_hostile_path_is_probed_quickly() {
    // Entries are relative to the child's cwd (the temp dir) so that the PATH
    // value stays under the kernel's 128 KiB limit for one variable.
    let t = tempfile::tempdir().unwrap();
    let root = PathBuf::from(real(t.path()));
    let tc = gomedic_testkit::toolchain("1.27.3");
    symlink("lb", root.join("la")).unwrap();
    symlink("la", root.join("lb")).unwrap();
    std::fs::write(root.join("f"), "x").unwrap();
    mkdir(&root.join("r"));
    symlink(root.join("r"), root.join("al")).unwrap();
    use std::os::unix::ffi::OsStringExt;
    mkdir(&root.join(OsString::from_vec(b"bad\xff".to_vec())));

    let mut entries: Vec<Vec<u8>> = Vec::new();
    for i in 0..5000 {
        entries.push(match i % 8 {
            0 => format!("m{i}").into_bytes(),
            1 => b"la/bin".to_vec(),
            2 => b"f/sub".to_vec(),
            3 => b"r".to_vec(),
            4 => b"al".to_vec(),
            5 if i == 5 => "x".repeat(300).into_bytes(),
            5 => b"./r/".to_vec(),
            6 => b"bad\xff".to_vec(),
            _ => format!("m/../r/../m{i}").into_bytes(),
        });
    }
    entries.push(
        tc.go
            .parent()
            .unwrap()
            .as_os_str()
            .as_encoded_bytes()
            .to_vec(),
    );
    let path = OsString::from_vec(entries.join(&b':'));
    let child = snapshot_with_env(
        &base_env(path, &root),
        &root,
        ChildOptions {
            cwd: Some(root.clone()),
            ..Default::default()
        },
    );
    let snap = child.snap;
    eprintln!("5001-entry PATH probed in {} µs", child.probe_micros);
    assert!(child.probe_micros < 3_000_000, "{} µs", child.probe_micros);
    assert_eq!(snap.path_entries.len(), 5001);
    let e = &snap.path_entries;
    assert!(!e[0].exists && e[0].error.is_none());
    assert!(
        e[1].error
            .as_deref()
            .unwrap()
            .to_lowercase()
            .contains("symbolic links"),
        "{:?}",
        e[1]
    );
    assert!(
        e[2].error
            .as_deref()
            .unwrap()
            .to_lowercase()
            .contains("not a directory"),
        "{:?}",
        e[2]
    );
    assert!(e[3].is_dir && e[3].duplicate_of.is_none());
    assert_eq!(
        e[4].duplicate_of,
        Some(3),
        "a symlinked alias is the same directory"
    );
    assert_eq!(e[11].duplicate_of, Some(3));
    assert_eq!(e[13].duplicate_of, Some(3), "./r/ is r");
    assert!(
        e[5].error
            .as_deref()
            .unwrap()
            .to_lowercase()
            .contains("too long"),
        "{:?}",
        e[5]
    );
    assert!(e[6].is_dir && e[6].raw == "bad\u{fffd}", "{:?}", e[6]);
    assert_eq!(
        e[7].resolved.as_deref(),
        Some(root.join("m7").to_str().unwrap())
    );
    assert!(snap.env_non_utf8.contains(&"PATH".to_string()));
    assert_eq!(snap.active().unwrap().path_index, Some(5000));
}

#[test]
fn home_unset_and_relative_entries() {
    let t = tempfile::tempdir().unwrap();
    let tc = gomedic_testkit::toolchain("1.27.3");
    let path = OsString::from(format!("rel/bin::{}", tc.go.parent().unwrap().display()));
    let snap = snapshot_with_env(
        &[("PATH", path)],
        t.path(),
        ChildOptions {
            cwd: Some(t.path().to_path_buf()),
            ..Default::default()
        },
    )
    .snap;
    assert_eq!(snap.host.home, None);
    assert!(!snap.env.contains_key("HOME"));
    let cwd = real(t.path());
    assert_eq!(
        snap.path_entries[0].resolved.as_deref(),
        Some(format!("{cwd}/rel/bin").as_str())
    );
    assert_eq!(snap.path_entries[1].resolved.as_deref(), Some(cwd.as_str()));
    assert!(snap.active().is_some());
}

#[test]
fn project_files_agree_with_go_env() {
    let t = tempfile::tempdir().unwrap();
    let tc = gomedic_testkit::toolchain("1.27.3");
    let root = real(t.path());
    let root = Path::new(&root);
    let top = mkdir(&root.join("top"));
    std::fs::write(top.join("go.work"), "go 1.22\n\nuse ./mod\n").unwrap();
    let module = mkdir(&top.join("mod"));
    std::fs::write(module.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
    let pkg = mkdir(&module.join("pkg"));
    std::fs::write(pkg.join("a.go"), "package pkg\n").unwrap();
    let home = mkdir(&root.join("home"));
    let path = join_path(&[
        tc.go.parent().unwrap(),
        Path::new("/usr/bin"),
        Path::new("/bin"),
    ]);
    let mut env = base_env(path.clone(), &home);
    env.push(("GOTOOLCHAIN", "local".into()));
    let snap = snapshot_with_env(&env, &pkg, ChildOptions::default()).snap;
    let go_env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string_lossy().into_owned()))
        .collect();
    let want = go_env_values(&tc.go, &["GOMOD", "GOWORK"], &go_env, &pkg);
    assert_eq!(
        snap.project.go_mod.as_ref().map(|f| f.path.clone()),
        Some(want[0].clone())
    );
    assert_eq!(
        snap.project.go_work.as_ref().map(|f| f.path.clone()),
        Some(want[1].clone())
    );
    assert!(
        snap.project
            .go_mod
            .as_ref()
            .unwrap()
            .content
            .as_deref()
            .unwrap()
            .contains("example.com/m")
    );
    assert_eq!(
        snap.project.found_above,
        vec![
            module.join("go.mod").to_string_lossy().into_owned(),
            top.join("go.work").to_string_lossy().into_owned()
        ]
    );
    assert!(snap.project.has_go_files);

    // GOWORK=off, and a go.mod in the system temp root that Go ignores.
    let fake_tmp = mkdir(&root.join("faketmp"));
    std::fs::write(fake_tmp.join("go.mod"), "module tmp\n").unwrap();
    let inside = mkdir(&fake_tmp.join("work"));
    let mut env2 = env.clone();
    env2.push(("GOWORK", "off".into()));
    env2.push(("TMPDIR", fake_tmp.as_os_str().to_owned()));
    let snap = snapshot_with_env(&env2, &inside, ChildOptions::default()).snap;
    let go_env: BTreeMap<String, String> = env2
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string_lossy().into_owned()))
        .collect();
    let want = go_env_values(&tc.go, &["GOMOD", "GOWORK"], &go_env, &inside);
    assert_eq!(want, vec!["/dev/null".to_string(), "off".to_string()]);
    assert_eq!(snap.project.go_mod, None);
    assert_eq!(snap.project.go_work, None);
    assert!(
        snap.project.module_warnings[0].contains("ignoring go.mod in system temp root"),
        "{:?}",
        snap.project.module_warnings
    );
    assert_eq!(
        snap.project.found_above,
        vec![fake_tmp.join("go.mod").to_string_lossy().into_owned()]
    );
    assert!(!snap.project.has_go_files);
}

#[test]
fn dirs_and_compiler_lookups() {
    let t = tempfile::tempdir().unwrap();
    let root = real(t.path());
    let root = Path::new(&root);
    let bin = mkdir(&root.join("bin"));
    write_script(&bin.join("mycc"), "exit 0");
    let path = join_path(&[
        bin.clone(),
        PathBuf::from("/usr/bin"),
        PathBuf::from("/bin"),
    ]);
    let mut env = base_env(path.clone(), root);
    let cache = root.join("not/yet/cache");
    let gotmp = root.join("afile");
    std::fs::write(&gotmp, "").unwrap();
    env.push(("GOCACHE", cache.clone().into()));
    env.push(("GOTMPDIR", gotmp.clone().into()));
    env.push(("GOPATH", root.join("gp").into()));
    env.push(("CC", "mycc -O2".into()));
    let snap = snapshot_with_env(&env, root, ChildOptions::default()).snap;
    let cache_fact = &snap.dirs[cache.to_str().unwrap()];
    assert_eq!(cache_fact.roles, vec!["GOCACHE"]);
    assert!(!cache_fact.exists);
    assert_eq!(
        cache_fact.nearest_existing.as_deref(),
        Some(root.to_str().unwrap())
    );
    assert_eq!(cache_fact.writable, Some(true));
    assert_eq!(cache_fact.owner_uid, Some(snap.host.uid.unwrap()));
    let tmp_fact = &snap.dirs[gotmp.to_str().unwrap()];
    assert!(tmp_fact.exists && !tmp_fact.is_dir);
    assert_eq!(
        snap.dirs[root.join("gp/bin").to_str().unwrap()].roles,
        vec!["GOBIN"]
    );
    assert_eq!(
        snap.path_lookups["mycc"].as_deref(),
        Some(bin.join("mycc").to_str().unwrap())
    );
    assert_eq!(snap.path_lookups["gcc"], shell_lookup("gcc", &path));

    // The mount agrees with findmnt (util-linux), an independent reader.
    let out = std::process::Command::new("findmnt")
        .args(["-n", "-o", "TARGET,FSTYPE", "--target"])
        .arg(root)
        .output();
    if let Some(out) = out.ok().filter(|o| o.status.success()) {
        let text = String::from_utf8_lossy(&out.stdout);
        let mut fields = text.split_whitespace();
        let mount = cache_fact.mount.as_ref().unwrap();
        assert_eq!(Some(mount.mount_point.as_str()), fields.next());
        assert_eq!(Some(mount.fs_type.as_str()), fields.next());
    }
}

/// A noexec tmpfs (mounted when the sandbox allows it; root only).
#[test]
fn noexec_mount_is_seen() {
    let t = tempfile::tempdir().unwrap();
    let root = real(t.path());
    let mnt = mkdir(&Path::new(&root).join("noexec"));
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "noexec,size=1m", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    struct Unmount(PathBuf, bool);
    impl Drop for Unmount {
        fn drop(&mut self) {
            if self.1 {
                let _ = std::process::Command::new("umount").arg(&self.0).status();
            }
        }
    }
    let _guard = Unmount(mnt.clone(), mounted);
    if !mounted {
        eprintln!("mount -t tmpfs not permitted here; mountinfo parsing is covered by unit tests");
        return;
    }
    let mut env = base_env(
        join_path(&[Path::new("/usr/bin"), Path::new("/bin")]),
        Path::new(&root),
    );
    env.push(("GOTMPDIR", mnt.join("sub").into()));
    let snap = snapshot_with_env(&env, Path::new(&root), ChildOptions::default()).snap;
    let fact = &snap.dirs[mnt.join("sub").to_str().unwrap()];
    let mount = fact.mount.as_ref().unwrap();
    assert_eq!(mount.mount_point, mnt.to_str().unwrap());
    assert_eq!(mount.fs_type, "tmpfs");
    assert!(mount.has_option("noexec"), "{mount:?}");
}

#[test]
fn off_path_installs_are_found_and_deduplicated_by_real_path() {
    let t = tempfile::tempdir().unwrap();
    let home = PathBuf::from(real(t.path()));
    let new = gomedic_testkit::toolchain("1.27.3");
    let old = gomedic_testkit::toolchain("1.22.10");
    let sdk = mkdir(&home.join("sdk"));
    symlink(&old.goroot, sdk.join("go1.22.10")).unwrap();
    symlink(&new.goroot, sdk.join("go1.27.3")).unwrap();
    let mise = mkdir(&home.join(".local/share/mise/installs/go"));
    symlink(&old.goroot, mise.join("1.22.10")).unwrap();
    let path = join_path(&[
        new.go.parent().unwrap(),
        Path::new("/usr/bin"),
        Path::new("/bin"),
    ]);
    let snap = snapshot_with_env(&base_env(path, &home), &home, ChildOptions::default()).snap;
    let off: Vec<&str> = snap
        .off_path()
        .map(|g| g.path.as_str())
        .filter(|p| p.starts_with(home.to_str().unwrap()))
        .collect();
    // 1.27.3 is already on PATH; the mise 1.22.10 is the same file as the sdk one.
    assert_eq!(
        off,
        vec![sdk.join("go1.22.10/bin/go").to_str().unwrap()],
        "{:#?}",
        snap.go_binaries
    );
    let found = snap
        .off_path()
        .find(|g| g.path.starts_with(home.to_str().unwrap()))
        .unwrap();
    assert_eq!(found.root_version.as_deref(), Some("go1.22.10"));
    assert_eq!(found.path_index, None);
    assert_eq!(found.build_info.as_ref().unwrap().go_version, "go1.22.10");
}
