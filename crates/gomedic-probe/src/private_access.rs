//! What direct (VCS) fetches of private modules need: the version-control
//! tools on PATH, git's insteadOf and credential configuration, `.netrc`,
//! GOAUTH's git directories and SSH keys. Reads only; git runs with
//! `GIT_TERMINAL_PROMPT=0`, stdin closed and a time bound. No secret is
//! kept (see `gomedic_model::private_access`).

use crate::lookpath::look_path;
use crate::run::run_bounded;
use gomedic_go::git_rewrite::{GitConfigEntry, parse_show_origin_z};
use gomedic_model::private_access::{GitEnvFacts, NetrcFacts, PrivateAccessFacts, VcsTool};
use gomedic_model::redact::redact_text;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The tools the go command can fetch with, and how to ask their version.
/// The version-control tools the go command can run for direct fetches.
/// Only their presence is recorded: running `hg --version` (Python) or
/// `svn --version` on every `check` would cost more than the whole probe.
const VCS_TOOLS: [&str; 5] = ["git", "hg", "svn", "bzr", "fossil"];

/// The git keys read (`git config --get-regexp`, keys in git's canonical form).
const GIT_KEYS: &str = r"^(url\..*\.(insteadof|pushinsteadof)|credential\..*)$";

/// Where to look and how long a program may run.
pub struct PrivateAccessInputs<'a> {
    pub raw_path: &'a [OsString],
    pub cwd: &'a Path,
    pub exts: &'a [String],
    /// The process environment (unredacted; nothing of it is stored but
    /// presence flags and the values redacted).
    pub env: &'a BTreeMap<String, String>,
    pub home: Option<&'a Path>,
    pub timeout: Duration,
}

/// The VCS tools, git's configuration, git variables and SSH keys (the
/// parts that do not depend on the active go).
pub fn probe_tools_and_git(inputs: &PrivateAccessInputs) -> PrivateAccessFacts {
    let mut facts = PrivateAccessFacts::default();
    for name in VCS_TOOLS {
        let found = look_path(name, inputs.raw_path, inputs.cwd, inputs.exts);
        let tool = VcsTool {
            name: name.to_string(),
            path: found.as_ref().map(|p| p.to_string_lossy().into_owned()),
            ..VcsTool::default()
        };
        if let Some(program) = &found
            && name == "git"
        {
            read_git_config(program, inputs, &mut facts);
        }
        facts.vcs_tools.push(tool);
    }
    let present = |k: &str| inputs.env.get(k).is_some_and(|v| !v.is_empty());
    facts.git_env = GitEnvFacts {
        terminal_prompt: inputs.env.get("GIT_TERMINAL_PROMPT").cloned(),
        askpass: present("GIT_ASKPASS"),
        ssh_command: present("GIT_SSH_COMMAND") || present("GIT_SSH"),
        ssh_agent: present("SSH_AUTH_SOCK"),
    };
    facts.ssh_keys = inputs.home.map(ssh_key_names).unwrap_or_default();
    facts
}

/// git must never wait for a password.
const NO_PROMPT_ENV: [(&str, &str); 2] =
    [("GIT_TERMINAL_PROMPT", "0"), ("GCM_INTERACTIVE", "never")];

fn describe_failure(run: &gomedic_model::snapshot::RunResult) -> String {
    if let Some(e) = &run.spawn_error {
        return format!("cannot run: {e}");
    }
    if run.timed_out {
        return format!("ran past its time bound ({} ms) and was killed", run.millis);
    }
    let first = run.stderr.lines().next().unwrap_or("").trim();
    format!("exit code {:?}: {first}", run.exit_code)
}

/// `git config --show-origin -z --get-regexp` from a directory outside any
/// repository (the go command runs git in its own bare repositories in the
/// module cache, so the project's `.git/config` does not apply).
fn read_git_config(git: &Path, inputs: &PrivateAccessInputs, facts: &mut PrivateAccessFacts) {
    let neutral_dir = neutral_dir(inputs);
    let dir = neutral_dir.to_string_lossy().into_owned();
    let args = [
        "-C",
        dir.as_str(),
        "config",
        "--show-origin",
        "-z",
        "--get-regexp",
        GIT_KEYS,
    ];
    let run = run_bounded(git, &args, &NO_PROMPT_ENV, inputs.timeout);
    match run.exit_code {
        // 1: no key matched.
        Some(0) | Some(1) if !run.timed_out => {
            facts.git_config = parse_show_origin_z(&run.stdout)
                .into_iter()
                .map(sanitize_entry)
                .collect();
            add_lines(&mut facts.git_config);
        }
        _ => facts.git_config_error = Some(describe_failure(&run)),
    }
}

/// The file-system root of the temp dir: never inside a repository.
fn neutral_dir(inputs: &PrivateAccessInputs) -> PathBuf {
    let temp = std::env::temp_dir();
    let start = if temp.is_absolute() {
        temp
    } else {
        inputs.cwd.to_path_buf()
    };
    start
        .ancestors()
        .last()
        .map(Path::to_path_buf)
        .unwrap_or(start)
}

/// Drops secrets: URLs lose their userinfo, credential helpers keep only
/// their program name, other `credential.*` values are dropped.
fn sanitize_entry(mut e: GitConfigEntry) -> GitConfigEntry {
    e.key = redact_text(&e.key);
    e.origin = redact_text(&e.origin);
    if e.key.starts_with("url.") {
        e.value = e.value.map(|v| redact_text(&v));
    } else if e.key.ends_with(".helper") {
        e.value = e.value.map(|v| helper_name(&v));
    } else {
        e.value = None;
    }
    e
}

/// `store --file x` → `store`; `!f() { ...; }; f` → `!(shell snippet)`.
pub fn helper_name(value: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        // An empty helper resets the list (git's rule).
        return String::new();
    }
    if v.starts_with('!') {
        return "!(shell snippet)".to_string();
    }
    redact_text(v.split_whitespace().next().unwrap_or(v))
}

/// Finds the line of each `file:` entry in its file (for evidence).
fn add_lines(entries: &mut [GitConfigEntry]) {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut used: BTreeMap<(String, usize), bool> = BTreeMap::new();
    for e in entries.iter_mut() {
        let Some(path) = e.origin.strip_prefix("file:") else {
            continue;
        };
        let lines = files.entry(path.to_string()).or_insert_with(|| {
            std::fs::read_to_string(path)
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        let variable = e.key.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        let value = e.value.clone().unwrap_or_default();
        let found = lines.iter().enumerate().position(|(i, l)| {
            let lower = l.to_ascii_lowercase();
            lower.contains(&variable)
                && (value.is_empty() || value.contains('*') || l.contains(&value))
                && !used.contains_key(&(path.to_string(), i))
        });
        if let Some(i) = found {
            used.insert((path.to_string(), i), true);
            e.line = Some(i as u32 + 1);
        }
    }
}

/// Names of the private keys in `<home>/.ssh`: `id_*` files and any file
/// with a `.pub` partner (never their contents).
fn ssh_key_names(home: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(home.join(".ssh")) else {
        return Vec::new();
    };
    let names: Vec<String> = dir
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut keys: Vec<String> = names
        .iter()
        .filter(|n| !n.ends_with(".pub"))
        .filter(|n| n.starts_with("id_") || names.contains(&format!("{n}.pub")))
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// The `.netrc` the go command of `release` reads, parsed (no passwords kept).
pub fn probe_netrc(
    release: &str,
    windows: bool,
    env: &BTreeMap<String, String>,
) -> Option<NetrcFacts> {
    let lookup = |k: &str| env.get(k).cloned();
    let location =
        gomedic_go::netrc::location(release, windows, &lookup, &|p| Path::new(p).exists())?;
    let mut facts = NetrcFacts {
        path: location.path.clone(),
        chosen_by: location.chosen_by,
        ..NetrcFacts::default()
    };
    match std::fs::read(&location.path) {
        Ok(bytes) => {
            facts.exists = true;
            let parsed = gomedic_go::netrc::parse(&String::from_utf8_lossy(&bytes));
            facts.entries = parsed
                .entries
                .into_iter()
                .map(|mut e| {
                    e.login = redact_text(&e.login);
                    e
                })
                .collect();
            facts.ignored = parsed.ignored;
            facts.stopped_at_default = parsed.stopped_at_default;
            facts.mode = file_mode(Path::new(&location.path));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            facts.exists = Path::new(&location.path).exists();
            facts.error = Some(e.to_string());
        }
    }
    Some(facts)
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_: &Path) -> Option<u32> {
    None
}

/// The directories of `GOAUTH=git DIR` entries and whether each is a directory.
pub fn goauth_git_dirs(goauth: &str) -> Vec<(String, Option<bool>)> {
    goauth
        .split(';')
        .filter_map(|c| {
            let words: Vec<&str> = c.split_whitespace().collect();
            (words.len() == 2 && words[0] == "git").then(|| words[1].to_string())
        })
        .map(|dir| {
            let kind = std::fs::metadata(&dir).ok().map(|m| m.is_dir());
            (dir, kind)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_dropped() {
        let e = sanitize_entry(GitConfigEntry {
            origin: "file:/h/.gitconfig".into(),
            key: "url.https://x-access-token:s3cr3t@github.com/.insteadof".into(),
            value: Some("https://github.com/".into()),
            line: None,
        });
        assert_eq!(e.key, "url.https://***@github.com/.insteadof");
        let e = sanitize_entry(GitConfigEntry {
            key: "credential.helper".into(),
            value: Some("!f() { echo password=s3cr3t; }; f".into()),
            ..GitConfigEntry::default()
        });
        assert_eq!(e.value.as_deref(), Some("!(shell snippet)"));
        let e = sanitize_entry(GitConfigEntry {
            key: "credential.https://h.username".into(),
            value: Some("me".into()),
            ..GitConfigEntry::default()
        });
        assert_eq!(e.value, None);
        assert_eq!(helper_name("store --file /x"), "store");
    }
}
