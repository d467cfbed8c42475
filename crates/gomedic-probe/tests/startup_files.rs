//! Start-up files in a throwaway HOME, read by gomedic and run by the real
//! shells: what gomedic says set a value must be what the shell exported.
//! bash, zsh and fish must be installed (the test fails, not skips, without them).

use gomedic_model::provenance::{AssignKind, StartupFacts};
use gomedic_probe::startup_files::{StartupScan, scan_startup_files};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn scan(home: &Path, env: &[(&str, &str)]) -> StartupFacts {
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    scan_startup_files(&StartupScan {
        os: "linux",
        root: Path::new("/"),
        home: Some(home),
        env: &env,
    })
}

/// Runs `shell args... env` with a clean environment and stdin closed; the
/// exported variables it printed.
fn shell_env(home: &Path, shell: &str, args: &[&str]) -> BTreeMap<String, String> {
    let out = Command::new(shell)
        .args(args)
        .arg("env")
        .env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{shell} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn origin(facts: &StartupFacts, var: &str, value: &str) -> String {
    facts
        .origins_of_value(var, value)
        .first()
        .map(|a| a.location())
        .unwrap_or_else(|| panic!("no origin for {var}={value}: {:#?}", facts.assignments))
}

fn path_origin(facts: &StartupFacts, entry: &str) -> String {
    facts
        .origins_of_path_entry(entry)
        .first()
        .map(|a| a.location())
        .unwrap_or_else(|| panic!("no origin for PATH entry {entry}: {:#?}", facts.assignments))
}

#[test]
fn bash_login_sources_and_appends_like_bash() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let h = home.display().to_string();
    write(
        &home.join(".bash_profile"),
        "export GOPATH=\"$HOME/gp\"\n. \"$HOME/.bashrc\"\nexport PATH=\"$PATH:$GOPATH/bin\"\n",
    );
    write(
        &home.join(".bashrc"),
        "export GOFLAGS=-mod=mod\nif [ -n \"$NOPE\" ]; then export GOROOT=/nope; fi\n[ -f ~/.goenvrc ] && . ~/.goenvrc\n",
    );
    write(
        &home.join(".goenvrc"),
        "GOPROXY=direct\nexport GOPROXY\nPATH=/opt/first/bin:$PATH\n",
    );
    write(&home.join(".profile"), "export GOPATH=/other\n");

    let facts = scan(home, &[]);
    let bash = shell_env(home, "bash", &["-l", "-c"]);
    assert_eq!(bash["GOPATH"], format!("{h}/gp"));
    assert_eq!(
        origin(&facts, "GOPATH", &bash["GOPATH"]),
        format!("{h}/.bash_profile:1")
    );
    assert_eq!(
        origin(&facts, "GOFLAGS", &bash["GOFLAGS"]),
        format!("{h}/.bashrc:1")
    );
    assert_eq!(
        origin(&facts, "GOPROXY", &bash["GOPROXY"]),
        format!("{h}/.goenvrc:1")
    );
    assert!(!bash.contains_key("GOROOT"));
    let guarded = facts.assignments_of("GOROOT").next().unwrap();
    assert!(guarded.guarded_by.as_deref().unwrap().contains("`if`"));
    // PATH entry by entry.
    let entries: Vec<&str> = bash["PATH"].split(':').collect();
    assert_eq!(entries.first(), Some(&"/opt/first/bin"));
    assert_eq!(
        entries.last().copied(),
        Some(format!("{h}/gp/bin").as_str())
    );
    assert_eq!(
        path_origin(&facts, "/opt/first/bin"),
        format!("{h}/.goenvrc:3")
    );
    assert_eq!(
        path_origin(&facts, &format!("{h}/gp/bin")),
        format!("{h}/.bash_profile:3")
    );
    // Who reads what, and through which line.
    let file = |name: &str| {
        facts
            .files
            .iter()
            .find(|f| f.path == format!("{h}/{name}"))
            .unwrap_or_else(|| panic!("{name} not scanned"))
    };
    assert_eq!(
        file(".goenvrc").sourced_from.as_deref(),
        Some(format!("{h}/.bashrc:3").as_str())
    );
    assert!(
        file(".bash_profile")
            .read_by
            .contains(&"bash login".to_string())
    );
    assert!(file(".profile").read_by.iter().any(|r| r == "sh login"));
    assert!(!file(".profile").read_by.iter().any(|r| r == "bash login"));
    // ~/.profile's GOPATH is never seen by bash: the values differ by file.
    let gopaths: Vec<(String, Option<String>)> = facts
        .assignments_of("GOPATH")
        .map(|a| (a.location(), a.expanded.clone()))
        .collect();
    assert_eq!(
        gopaths,
        [
            (format!("{h}/.bash_profile:1"), Some(format!("{h}/gp"))),
            (format!("{h}/.profile:1"), Some("/other".to_string())),
        ]
    );
}

#[test]
fn zsh_files_and_zdotdir_like_zsh() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let h = home.display().to_string();
    write(
        &home.join(".zshenv"),
        "export GOPATH=$HOME/zgp\npath=($HOME/zbin $path)\nexport ZDOTDIR=$HOME/zdot\n",
    );
    write(
        &home.join("zdot/.zshrc"),
        "export GOBIN=$HOME/zdot-bin\ntypeset -x CC=clang\n",
    );
    write(&home.join(".zshrc"), "export GOBIN=/not/read\n");
    let facts = scan(home, &[]);
    let zsh = shell_env(home, "zsh", &["-i", "-c"]);
    assert_eq!(
        origin(&facts, "GOPATH", &zsh["GOPATH"]),
        format!("{h}/.zshenv:1")
    );
    assert_eq!(zsh["GOBIN"], format!("{h}/zdot-bin"));
    assert_eq!(
        origin(&facts, "GOBIN", &zsh["GOBIN"]),
        format!("{h}/zdot/.zshrc:1")
    );
    assert_eq!(
        origin(&facts, "CC", &zsh["CC"]),
        format!("{h}/zdot/.zshrc:2")
    );
    assert_eq!(
        zsh["PATH"].split(':').next(),
        Some(format!("{h}/zbin").as_str())
    );
    assert_eq!(
        path_origin(&facts, &format!("{h}/zbin")),
        format!("{h}/.zshenv:2")
    );
    assert!(
        facts
            .assignments_of("GOBIN")
            .all(|a| a.file != format!("{h}/.zshrc"))
    );
}

#[test]
fn fish_config_and_conf_d_like_fish() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let h = home.display().to_string();
    write(
        &home.join(".config/fish/conf.d/go.fish"),
        "set -gx GOPATH $HOME/fgp\nset -gx GOFLAGS -v\n",
    );
    write(
        &home.join(".config/fish/config.fish"),
        "set -gx GOFLAGS -mod=mod\nfish_add_path -P $HOME/fbin\nset -gx PATH $PATH /opt/fend\n",
    );
    // fish_add_path only adds directories that exist.
    std::fs::create_dir_all(home.join("fbin")).unwrap();
    let facts = scan(home, &[]);
    let fish = shell_env(home, "fish", &["-c"]);
    assert_eq!(
        origin(&facts, "GOPATH", &fish["GOPATH"]),
        format!("{h}/.config/fish/conf.d/go.fish:1")
    );
    assert_eq!(fish["GOFLAGS"], "-mod=mod");
    assert_eq!(
        origin(&facts, "GOFLAGS", &fish["GOFLAGS"]),
        format!("{h}/.config/fish/config.fish:1")
    );
    let entries: Vec<&str> = fish["PATH"].split(':').collect();
    assert!(
        entries.contains(&format!("{h}/fbin").as_str()),
        "{entries:?}"
    );
    assert_eq!(entries.last(), Some(&"/opt/fend"));
    assert_eq!(
        path_origin(&facts, &format!("{h}/fbin")),
        format!("{h}/.config/fish/config.fish:2")
    );
    assert_eq!(
        path_origin(&facts, "/opt/fend"),
        format!("{h}/.config/fish/config.fish:3")
    );
}

#[test]
fn source_cycles_and_depth_are_bounded_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    write(&home.join(".bashrc"), ". ~/a.sh\n");
    write(&home.join("a.sh"), "export GOFLAGS=-a\n. ~/b.sh\n");
    write(&home.join("b.sh"), ". ~/a.sh\n. ~/c0.sh\n");
    for i in 0..10 {
        write(
            &home.join(format!("c{i}.sh")),
            &format!("export GOEXPERIMENT=c{i}\n. ~/c{}.sh\n", i + 1),
        );
    }
    let facts = scan(home, &[]);
    assert!(
        facts.notes.iter().any(|n| n.reason.contains("cycle")),
        "{:#?}",
        facts.notes
    );
    assert!(
        facts.notes.iter().any(|n| n.reason.contains("deeper")),
        "{:#?}",
        facts.notes
    );
    let depths = facts.assignments_of("GOEXPERIMENT").count();
    assert!((2..10).contains(&depths), "{depths}");
    assert_eq!(facts.assignments_of("GOFLAGS").count(), 1);
}

#[test]
fn environment_d_pam_and_opaque_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let h = home.display().to_string();
    write(
        &home.join(".config/environment.d/60-go.conf"),
        "GOPATH=${HOME}/envd\nPATH=$PATH:${HOME}/envd/bin\n",
    );
    write(
        &home.join(".pam_environment"),
        "GOROOT DEFAULT=@{HOME}/sdk/go\n",
    );
    write(
        &home.join(".bashrc"),
        "eval \"$(goenv init -)\"\nsource \"$(brew --prefix)/x.sh\"\n. ~/missing.sh\n",
    );
    let facts = scan(home, &[]);
    let gopath = facts.assignments_of("GOPATH").next().unwrap();
    assert_eq!(
        gopath.expanded.as_deref(),
        Some(format!("{h}/envd").as_str())
    );
    assert_eq!(gopath.shell, "systemd");
    let path = facts
        .assignments_of("PATH")
        .find(|a| a.file.ends_with("60-go.conf"))
        .unwrap();
    assert_eq!(
        (path.kind, path.entries.clone()),
        (AssignKind::Append, vec![format!("{h}/envd/bin")])
    );
    let goroot = facts.assignments_of("GOROOT").next().unwrap();
    assert_eq!(
        goroot.expanded.as_deref(),
        Some(format!("{h}/sdk/go").as_str())
    );
    let mut notes: Vec<(u32, Option<&str>)> = facts
        .notes
        .iter()
        .filter(|n| n.file.ends_with(".bashrc"))
        .map(|n| (n.line, n.manager.as_deref()))
        .collect();
    notes.sort();
    assert_eq!(notes, [(1, Some("goenv")), (2, None), (3, None)]);
}
