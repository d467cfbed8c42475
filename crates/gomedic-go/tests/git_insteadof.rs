#![cfg(unix)]
//! git's insteadOf rewriting, compared with the real git: the rules are read
//! with `git config --show-origin -z --get-regexp` (as the probe reads them)
//! and applied by gomedic-go; `git ls-remote --get-url URL` applies them in
//! git itself. Also the module URLs go hands to git.

use gomedic_go::git_rewrite::{parse_show_origin_z, remote_for_module, rewrite, rules};
use std::path::Path;
use std::process::Command;

const GITCONFIG: &str = r#"[url "git@github.com:"]
	insteadOf = https://github.com/
[url "ssh://git@github.com/corp/"]
	insteadOf = https://github.com/corp/
	insteadOf = https://github.com/Corp/
[url "https://mirror.example/"]
	insteadOf = https://github.com/
	pushInsteadOf = https://gitlab.com/
[url "https://tok@git.corp.example/"]
	insteadOf = https://git.corp.example/
[url "https://short/"]
	insteadOf = https://git.corp
[url "https://a.example/"]
	insteadOf = https://same-length.example/x
[url "https://b.example/"]
	insteadOf = https://same-length.example/x
[url "https://empty.example/"]
	insteadOf =
[URL "https://upper.example/"]
	INSTEADOF = https://bitbucket.org/
"#;

const URLS: &[&str] = &[
    "https://github.com/corp/private",
    "https://github.com/Corp/private",
    "https://github.com/public/lib",
    "https://github.com",
    "https://gitlab.com/x/y",
    "https://git.corp.example/team/lib",
    "https://git.corporate.example/x",
    "https://same-length.example/xyz",
    "https://bitbucket.org/a/b",
    "http://github.com/corp/private",
    "ssh://elsewhere/x",
];

fn git(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin:/usr/local/bin")
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .current_dir(home)
        .output()
        .expect("git must be installed for this test")
}

#[test]
fn rewrites_match_git() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".gitconfig"), GITCONFIG).unwrap();
    let out = git(
        home.path(),
        &[
            "config",
            "--show-origin",
            "-z",
            "--get-regexp",
            r"^(url\..*\.(insteadof|pushinsteadof)|credential\..*)$",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries = parse_show_origin_z(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(entries.len(), 11, "{entries:?}");
    let fetch = rules(&entries, false);
    for url in URLS {
        let real = git(home.path(), &["ls-remote", "--get-url", url]);
        let real = String::from_utf8_lossy(&real.stdout).trim().to_string();
        assert_eq!(rewrite(url, &fetch), real, "rewrite of {url}");
    }
    // Module URLs as go passes them.
    for module in [
        "github.com/corp/private/v2/sub",
        "git.corp.example/team/lib.git/pkg",
    ] {
        let url = remote_for_module(module).url;
        let real = git(home.path(), &["ls-remote", "--get-url", &url]);
        assert_eq!(
            rewrite(&url, &fetch),
            String::from_utf8_lossy(&real.stdout).trim(),
            "{module}"
        );
    }
}
