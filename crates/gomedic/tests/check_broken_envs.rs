#![cfg(unix)]
//! End-to-end: build a really broken environment with the real toolchains,
//! prove with the real go that it is broken, and check gomedic reports it.

mod check_support;

use check_support::{Env, stderr, stdout};
use gomedic_testkit::toolchain;

#[test]
fn two_toolchains_on_path_shadowed() {
    let (old, new) = (toolchain("1.22.10"), toolchain("1.27.3"));
    let env = Env::with_path(&format!(
        "{}:{}:/usr/bin:/bin",
        old.goroot.join("bin").display(),
        new.goroot.join("bin").display()
    ));
    let project = env.hello_module(false);
    // go: the first on PATH wins although a newer one is installed.
    assert!(stdout(&env.go(&["version"], &project)).contains("go1.22.10"));
    env.assert_finding(&project, "toolchain/go-shadowed");
}

#[test]
fn goroot_of_another_release() {
    let (go, other) = (toolchain("1.27.3"), toolchain("1.22.10"));
    let mut env = Env::with_go(&go);
    env.set("GOROOT", other.goroot.display().to_string())
        .set("GOTOOLCHAIN", "local");
    let project = env.hello_module(false);
    let out = env.go(&["build", "-o", "/dev/null", "."], &project);
    assert!(
        !out.status.success(),
        "go build should fail: {}",
        stderr(&out)
    );
    env.assert_finding(&project, "toolchain/goroot-mismatch");
}

#[test]
fn goroot_missing() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    let missing = env.dir.path().join("no-such-go");
    env.set("GOROOT", missing.display().to_string());
    let project = env.hello_module(false);
    let out = env.go(&["env", "GOROOT"], &project);
    assert!(
        stderr(&out).contains("cannot find GOROOT directory"),
        "{}",
        stderr(&out)
    );
    env.assert_finding(&project, "toolchain/goroot-not-found");
}

#[test]
fn go_env_w_value_shadowed_by_os_env() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    let project = env.hello_module(false);
    env.set("GOPROXY", "https://proxy.b.example,direct");
    let out = env.go(
        &["env", "-w", "GOPROXY=https://proxy.a.example,direct"],
        &project,
    );
    assert!(
        stderr(&out).contains("does not override conflicting OS environment variable"),
        "{}",
        stderr(&out)
    );
    env.assert_finding(&project, "env/go-env-w-shadowed");
}

#[test]
fn gopath_equals_goroot() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    env.set("GOPATH", go.goroot.display().to_string());
    let project = env.hello_module(false);
    let out = env.go(&["env", "GOPATH"], &project);
    assert!(
        stderr(&out).contains("both GOPATH and GOROOT are the same directory"),
        "{}",
        stderr(&out)
    );
    env.assert_finding(&project, "env/gopath-equals-goroot");
}

#[test]
fn relative_gopath() {
    for go in [toolchain("1.21.13"), toolchain("1.27.3")] {
        let mut env = Env::with_go(&go);
        env.set("GOPATH", "relative/go");
        let project = env.hello_module(false);
        let out = env.go(&["env", "GOPATH"], &project);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        env.assert_finding(&project, "env/gopath-invalid");
    }
}

#[test]
fn gobin_not_on_path() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    let gobin = env.dir.path().join("tools");
    env.set("GOBIN", gobin.display().to_string())
        .set("GOTOOLCHAIN", "local")
        .set("GOPROXY", "off");
    let project = env.hello_module(false);
    let out = env.go(&["install", "."], &project);
    assert!(out.status.success(), "{}", stderr(&out));
    let lookup = env.run("/bin/sh", &["-c", "command -v hello"], &project);
    assert!(
        !lookup.status.success(),
        "installed tool must not be found on PATH"
    );
    env.assert_finding(&project, "env/gobin-not-on-path");
}

#[test]
fn goproxy_off() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    env.set("GOPROXY", "off").set("GOTOOLCHAIN", "local");
    let project = env.hello_module(false);
    let out = env.go(
        &["mod", "download", "-json", "rsc.io/quote@v1.5.2"],
        &project,
    );
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("module lookup disabled by GOPROXY=off"),
        "{text}"
    );
    env.assert_finding(&project, "modules/goproxy-off");
}

#[test]
fn goflags_non_flag() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    env.set("GOFLAGS", "mod=mod");
    let project = env.hello_module(false);
    let out = env.go(&["build", "-o", "/dev/null", "."], &project);
    assert!(stderr(&out).contains("non-flag"), "{}", stderr(&out));
    env.assert_finding(&project, "env/goflags-malformed");
}

#[test]
fn go111module_off() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    env.set("GO111MODULE", "off");
    let project = env.hello_module(false);
    // go ignores go.mod: GOPATH mode.
    assert_eq!(stdout(&env.go(&["env", "GOMOD"], &project)).trim(), "");
    env.assert_finding(&project, "env/go111module-legacy");
}

#[test]
fn goos_exported() {
    let go = toolchain("1.27.3");
    let mut env = Env::with_go(&go);
    env.set("GOOS", "windows").set("GOTOOLCHAIN", "local");
    let project = env.hello_module(false);
    let out = env.go(&["run", "."], &project);
    assert!(
        !out.status.success(),
        "go run of a windows binary must fail here"
    );
    env.assert_finding(&project, "env/global-goos-goarch");
}

#[test]
fn cgo_enabled_without_gcc() {
    let go = toolchain("1.27.3");
    // PATH with only the Go toolchain: no gcc.
    let mut env = Env::with_path(&go.goroot.join("bin").display().to_string());
    env.set("CGO_ENABLED", "1").set("GOTOOLCHAIN", "local");
    let project = env.hello_module(true);
    let out = env.go(&["build", "-o", "/dev/null", "."], &project);
    assert!(stderr(&out).contains("C compiler"), "{}", stderr(&out));
    env.assert_finding(&project, "cgo/no-c-compiler");
}

#[test]
fn stray_go_mod_in_home() {
    let go = toolchain("1.27.3");
    let env = Env::with_go(&go);
    std::fs::write(env.home().join("go.mod"), "module stray\n\ngo 1.21\n").unwrap();
    let project = env.home().join("work").join("app");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("main.go"), "package main\n\nfunc main() {}\n").unwrap();
    let gomod = stdout(&env.go(&["env", "GOMOD"], &project));
    assert_eq!(
        gomod.trim(),
        env.home().join("go.mod").display().to_string()
    );
    env.assert_finding(&project, "modules/stray-go-mod");
}

#[test]
fn broken_go_symlink() {
    let env = Env::with_path("/usr/bin:/bin");
    let bin = env.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env.dir.path().join("removed/go/bin/go"), bin.join("go")).unwrap();
    let mut env = env;
    let path = format!("{}:/usr/bin:/bin", bin.display());
    env.set("PATH", &path);
    let project = env.hello_module(false);
    assert!(
        env.run("/bin/sh", &["-c", "go version"], &project)
            .status
            .code()
            == Some(127)
    );
    env.assert_finding(&project, "toolchain/go-not-runnable");
}

#[test]
fn distro_edited_go_env() {
    let go = toolchain("1.27.3");
    // A hard-linked copy of the installation (same file system), with go.env edited.
    let base = go.goroot.parent().unwrap().parent().unwrap();
    let dir = tempfile::tempdir_in(base).expect("tempdir next to the toolchains");
    let root = dir.path().join("go");
    let status = std::process::Command::new("cp")
        .arg("-al")
        .arg(&go.goroot)
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::remove_file(root.join("go.env")).unwrap();
    std::fs::write(
        root.join("go.env"),
        "GOPROXY=direct\nGOSUMDB=off\nGOTOOLCHAIN=local\n",
    )
    .unwrap();
    let env = Env::in_dir(
        dir,
        &format!("{}:/usr/bin:/bin", root.join("bin").display()),
    );
    let project = env.hello_module(false);
    assert_eq!(
        stdout(&env.go(&["env", "GOPROXY"], &project)).trim(),
        "direct"
    );
    env.assert_finding(&project, "env/distro-defaults");
}

#[test]
fn no_go_installed_reports_go_not_found_not_the_unknowable_defaults() {
    // No go anywhere: GOPROXY and GOSUMDB have no default to read (Go 1.21+
    // keeps them in $GOROOT/go.env), so only the missing go is a finding.
    let env = Env::with_path("/usr/bin:/bin");
    let project = env.hello_module(false);
    let ids = env.gomedic_ids(&project);
    assert!(
        ids.contains(&"toolchain/go-not-found".to_string()),
        "{ids:?}"
    );
    for id in ["modules/goproxy-invalid", "modules/sumdb-invalid"] {
        assert!(!ids.contains(&id.to_string()), "{id} in {ids:?}");
    }
    // A value the user set is still judged without a go.
    let mut env = Env::with_path("/usr/bin:/bin");
    env.set("GOPROXY", ",");
    let project = env.hello_module(false);
    env.assert_finding(&project, "modules/goproxy-invalid");
}
