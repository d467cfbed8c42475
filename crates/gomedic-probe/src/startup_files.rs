//! Shell start-up files and session environment files: which exist, who
//! reads them, and what they do to the Go-relevant variables. Files are
//! read (bounded), never run; `source`/`.` lines are followed up to a depth,
//! with cycles cut. Parsing is `gomedic_shellenv`'s.

use crate::textfile::read_capped;
use gomedic_model::provenance::{
    AssignKind, StartupAssignment, StartupFacts, StartupFile, StartupNote,
};
use gomedic_model::redact::{redact_text, redact_var};
use gomedic_shellenv::{Kind, Syntax, expand, parse};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep `source` lines are followed.
pub const MAX_SOURCE_DEPTH: usize = 6;
/// The most bytes read of one start-up file.
const FILE_CAP: u64 = 1 << 20;
/// The most files read in one scan (a `source` loop over a huge directory).
const MAX_FILES: usize = 400;

/// Where to look.
#[derive(Debug, Clone)]
pub struct StartupScan<'a> {
    /// The OS in Go's spelling (`linux`, `darwin`, `windows`, ...).
    pub os: &'a str,
    /// The root system files are read under (`/`; a directory in tests).
    pub root: &'a Path,
    pub home: Option<&'a Path>,
    /// The process environment (real values): ZDOTDIR, XDG_CONFIG_HOME, and
    /// values for references the files do not set themselves.
    pub env: &'a BTreeMap<String, String>,
}

/// The start-up files of this machine (system files under `/`), with the
/// process environment for references.
pub fn probe_startup(os: &str, home: Option<&str>) -> StartupFacts {
    let env: BTreeMap<String, String> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
        .collect();
    scan_startup_files(&StartupScan {
        os,
        root: Path::new("/"),
        home: home.map(Path::new),
        env: &env,
    })
}

/// True for the variables whose assignments are recorded.
pub fn is_recorded(name: &str) -> bool {
    name.starts_with("GO")
        || name.starts_with("CGO_")
        || matches!(name, "PATH" | "CC" | "CXX" | "GCCGO" | "AR" | "PKG_CONFIG")
}

/// Reads every start-up file of the shells and sessions of `scan.os`.
pub fn scan_startup_files(scan: &StartupScan) -> StartupFacts {
    let mut scanner = Scanner {
        scan,
        facts: StartupFacts {
            scanned: true,
            ..StartupFacts::default()
        },
        read: BTreeMap::new(),
        vars: BTreeMap::new(),
        stack: Vec::new(),
    };
    if scan.os == "windows" || scan.os == "plan9" {
        return scanner.facts;
    }
    for planned in plan(scan) {
        scanner.visit(&planned, None, 0);
    }
    scanner.facts
}

/// A file the shells read, and how.
#[derive(Debug, Clone)]
struct Planned {
    path: PathBuf,
    syntax: Syntax,
    shell: &'static str,
    read_by: Vec<&'static str>,
    /// A zsh user file after ~/.zshenv: it moves when ~/.zshenv sets ZDOTDIR.
    follows_zdotdir: bool,
}

fn planned(
    path: PathBuf,
    syntax: Syntax,
    shell: &'static str,
    read_by: &[&'static str],
) -> Planned {
    Planned {
        path,
        syntax,
        shell,
        read_by: read_by.to_vec(),
        follows_zdotdir: false,
    }
}

/// Files in `dir` ending in `suffix` (any when empty), sorted by name.
fn dir_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix) && p.is_file())
        .collect();
    files.sort();
    files.truncate(MAX_FILES);
    files
}

/// The first of `names` under `base` that exists.
fn first_existing(base: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| base.join(n)).find(|p| p.is_file())
}

/// The files of every shell and session, in a reading order that follows
/// each shell's own (so earlier assignments expand later references).
fn plan(scan: &StartupScan) -> Vec<Planned> {
    let etc = scan.root.join("etc");
    let mut out = Vec::new();
    let mac = scan.os == "darwin";
    let xdg_config = scan
        .env
        .get("XDG_CONFIG_HOME")
        .filter(|v| Path::new(v).is_absolute())
        .map(PathBuf::from)
        .or_else(|| scan.home.map(|h| h.join(".config")));

    // Session-wide files.
    if mac {
        out.push(planned(
            etc.join("paths"),
            Syntax::PathsFile,
            "path_helper",
            &["login shells (path_helper)"],
        ));
        for f in dir_files(&etc.join("paths.d"), "") {
            out.push(planned(
                f,
                Syntax::PathsFile,
                "path_helper",
                &["login shells (path_helper)"],
            ));
        }
    } else {
        out.push(planned(
            etc.join("environment"),
            Syntax::EtcEnvironment,
            "pam",
            &["every login session (pam_env)"],
        ));
        for dir in [
            scan.root.join("usr/lib/environment.d"),
            etc.join("environment.d"),
        ] {
            for f in dir_files(&dir, ".conf") {
                out.push(planned(
                    f,
                    Syntax::EnvironmentD,
                    "systemd",
                    &["GUI session (systemd --user)"],
                ));
            }
        }
        if let Some(config) = &xdg_config {
            for f in dir_files(&config.join("environment.d"), ".conf") {
                out.push(planned(
                    f,
                    Syntax::EnvironmentD,
                    "systemd",
                    &["GUI session (systemd --user)"],
                ));
            }
        }
        if let Some(home) = scan.home {
            out.push(planned(
                home.join(".pam_environment"),
                Syntax::PamEnvironment,
                "pam",
                &["login sessions, only where pam_env has user_readenv=1 (off by default since PAM 1.4)"],
            ));
        }
    }

    // sh and bash.
    out.push(planned(
        etc.join("profile"),
        Syntax::Posix,
        "sh",
        &["sh login", "bash login"],
    ));
    for f in dir_files(&etc.join("profile.d"), ".sh") {
        out.push(planned(f, Syntax::Posix, "sh", &["sh login", "bash login"]));
    }
    for name in ["bash.bashrc", "bashrc"] {
        out.push(planned(
            etc.join(name),
            Syntax::Posix,
            "bash",
            &["bash interactive"],
        ));
    }
    if let Some(home) = scan.home {
        let bash_login = first_existing(home, &[".bash_profile", ".bash_login", ".profile"]);
        for name in [".bash_profile", ".bash_login", ".profile"] {
            let path = home.join(name);
            let mut read_by = Vec::new();
            if name == ".profile" {
                read_by.push("sh login");
            }
            if bash_login.as_deref() == Some(path.as_path()) {
                read_by.push("bash login");
            }
            if read_by.is_empty() && path.is_file() {
                read_by.push("nobody: bash reads only the first of ~/.bash_profile, ~/.bash_login, ~/.profile");
            }
            let shell = if name == ".profile" { "sh" } else { "bash" };
            out.push(planned(path, Syntax::Posix, shell, &read_by));
        }
        out.push(planned(
            home.join(".bashrc"),
            Syntax::Posix,
            "bash",
            &["bash interactive"],
        ));
    }

    // zsh: /etc/zsh/* (Debian) or /etc/z* (others, macOS).
    let zsh_etc = |name: &str| -> PathBuf {
        let debian = etc.join("zsh").join(name);
        if debian.is_file() {
            debian
        } else {
            etc.join(name)
        }
    };
    let zdotdir = scan
        .env
        .get("ZDOTDIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| scan.home.map(Path::to_path_buf));
    for (name, read_by) in [
        ("zshenv", &["zsh (every zsh)"][..]),
        ("zprofile", &["zsh login"][..]),
        ("zshrc", &["zsh interactive"][..]),
        ("zlogin", &["zsh login"][..]),
    ] {
        out.push(planned(zsh_etc(name), Syntax::Posix, "zsh", read_by));
        if let Some(z) = &zdotdir {
            let mut user = planned(z.join(format!(".{name}")), Syntax::Posix, "zsh", read_by);
            user.follows_zdotdir = name != "zshenv";
            out.push(user);
        }
    }

    // fish.
    for f in dir_files(&etc.join("fish").join("conf.d"), ".fish") {
        out.push(planned(f, Syntax::Fish, "fish", &["fish"]));
    }
    out.push(planned(
        etc.join("fish").join("config.fish"),
        Syntax::Fish,
        "fish",
        &["fish"],
    ));
    if let Some(config) = &xdg_config {
        for f in dir_files(&config.join("fish").join("conf.d"), ".fish") {
            out.push(planned(f, Syntax::Fish, "fish", &["fish"]));
        }
        out.push(planned(
            config.join("fish").join("config.fish"),
            Syntax::Fish,
            "fish",
            &["fish"],
        ));
    }
    out
}

struct Scanner<'a> {
    scan: &'a StartupScan<'a>,
    facts: StartupFacts,
    /// Files already read (canonical path → index in `facts.files`).
    read: BTreeMap<PathBuf, usize>,
    /// Values set so far by the files (for expanding later references).
    vars: BTreeMap<String, String>,
    /// The `source` chain being followed (canonical paths).
    stack: Vec<PathBuf>,
}

impl Scanner<'_> {
    fn lookup(&self, name: &str) -> Option<String> {
        if name == "HOME" {
            return self.scan.home.map(|h| h.to_string_lossy().into_owned());
        }
        self.vars
            .get(name)
            .or_else(|| self.scan.env.get(name))
            .cloned()
    }

    fn expand(&self, text: &str) -> Option<String> {
        let home = self.lookup("HOME").unwrap_or_default();
        let text = text.replace("@{HOME}", &home);
        expand(&text, &|name| self.lookup(name))
    }

    fn note(&mut self, file: &Path, line: u32, manager: Option<&str>, reason: String, text: &str) {
        self.facts.notes.push(StartupNote {
            file: file.to_string_lossy().into_owned(),
            line,
            manager: manager.map(str::to_string),
            reason,
            text: redact_text(text),
        });
    }

    /// Reads one file (and what it sources).
    fn visit(&mut self, planned: &Planned, sourced_from: Option<String>, depth: usize) {
        // ZDOTDIR set by ~/.zshenv moves the later zsh user files.
        let path = match (&planned.follows_zdotdir, self.vars.get("ZDOTDIR")) {
            (true, Some(z)) => PathBuf::from(z).join(planned.path.file_name().unwrap_or_default()),
            _ => planned.path.clone(),
        };
        if !path.is_file() {
            return;
        }
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(&index) = self.read.get(&canonical) {
            let file = &mut self.facts.files[index];
            for r in &planned.read_by {
                if !file.read_by.iter().any(|x| x == r) {
                    file.read_by.push(r.to_string());
                }
            }
            return;
        }
        if self.facts.files.len() >= MAX_FILES {
            return;
        }
        self.read.insert(canonical.clone(), self.facts.files.len());
        let mut fact = StartupFile {
            path: path.to_string_lossy().into_owned(),
            shell: planned.shell.to_string(),
            read_by: planned.read_by.iter().map(|s| s.to_string()).collect(),
            sourced_from,
            error: None,
        };
        let text = match read_capped(&path, FILE_CAP) {
            Ok((bytes, _)) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                fact.error = Some(e.to_string());
                self.facts.files.push(fact);
                return;
            }
        };
        self.facts.files.push(fact);
        let parsed = parse(planned.syntax, &text);
        let file_name = path.to_string_lossy().into_owned();
        // Assignments and sources in line order, so a sourced file's values
        // come between the lines around its `source`.
        let mut sources = parsed.sources.iter().peekable();
        for a in &parsed.assignments {
            while let Some(s) = sources.next_if(|s| s.line <= a.line) {
                self.follow(planned, &path, s, depth);
            }
            self.record(planned, &file_name, a);
        }
        for s in sources {
            self.follow(planned, &path, s, depth);
        }
        for o in &parsed.opaque {
            let reason = match &o.guarded_by {
                Some(g) => format!("{} ({g})", o.reason),
                None => o.reason.clone(),
            };
            self.note(&path, o.line, o.manager, reason, &o.text);
        }
    }

    fn record(&mut self, planned: &Planned, file: &str, a: &gomedic_shellenv::Assignment) {
        if a.name == "ZDOTDIR" && a.kind == Kind::Set && a.guarded_by.is_none() {
            if let Some(z) = self.expand(&a.value) {
                self.vars.insert("ZDOTDIR".to_string(), z);
            }
            return;
        }
        if !is_recorded(&a.name) {
            return;
        }
        let expanded = self.expand(&a.value);
        if a.kind == Kind::Set && a.guarded_by.is_none() {
            match &expanded {
                Some(v) => self.vars.insert(a.name.clone(), v.clone()),
                None => self.vars.remove(&a.name),
            };
        }
        let entries = a
            .entries
            .iter()
            .map(|e| redact_text(&self.expand(e).unwrap_or_else(|| e.clone())))
            .collect();
        let exported = a.exported
            || a.name == "PATH"
            || self.scan.env.contains_key(&a.name)
            || planned.shell != "sh" && planned.shell != "bash" && planned.shell != "zsh";
        self.facts.assignments.push(StartupAssignment {
            variable: a.name.clone(),
            file: file.to_string(),
            line: a.line,
            shell: planned.shell.to_string(),
            kind: match a.kind {
                Kind::Set => AssignKind::Set,
                Kind::Append => AssignKind::Append,
                Kind::Prepend => AssignKind::Prepend,
                Kind::Unset => AssignKind::Unset,
            },
            value: redact_var(&a.name, &a.value),
            expanded: expanded.map(|v| redact_var(&a.name, &v)),
            entries,
            exported,
            guarded_by: a.guarded_by.clone(),
        });
    }

    fn follow(
        &mut self,
        planned: &Planned,
        from: &Path,
        source: &gomedic_shellenv::Source,
        depth: usize,
    ) {
        let at = format!("{}:{}", from.to_string_lossy(), source.line);
        let Some(target) = self.expand(&source.path) else {
            self.note(
                from,
                source.line,
                gomedic_shellenv::recognise_manager(&source.path),
                "sources a file whose name gomedic cannot work out without running the shell"
                    .to_string(),
                &format!("source {}", source.path),
            );
            return;
        };
        let target = PathBuf::from(target);
        if !target.is_absolute() {
            self.note(
                from,
                source.line,
                None,
                "sources a relative file name (looked up in PATH by the shell); not followed"
                    .to_string(),
                &format!("source {}", source.path),
            );
            return;
        }
        if !target.is_file() {
            self.note(
                from,
                source.line,
                None,
                "sources a file that does not exist".to_string(),
                &format!("source {}", target.display()),
            );
            return;
        }
        let canonical = std::fs::canonicalize(&target).unwrap_or_else(|_| target.clone());
        if self.stack.contains(&canonical)
            || std::fs::canonicalize(from).ok().as_ref() == Some(&canonical)
        {
            self.note(
                from,
                source.line,
                None,
                "sources a file that is already being read (a cycle); not followed again"
                    .to_string(),
                &format!("source {}", target.display()),
            );
            return;
        }
        if depth + 1 > MAX_SOURCE_DEPTH {
            self.note(
                from,
                source.line,
                None,
                format!("sources nested deeper than {MAX_SOURCE_DEPTH} files; not followed"),
                &format!("source {}", target.display()),
            );
            return;
        }
        let name = target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let shell = match planned.shell {
            "sh" if name.contains("bash") => "bash",
            other => other,
        };
        let syntax = if target.extension().is_some_and(|e| e == "fish") {
            Syntax::Fish
        } else {
            planned.syntax
        };
        let child = Planned {
            path: target,
            syntax,
            shell,
            read_by: planned.read_by.clone(),
            follows_zdotdir: false,
        };
        self.stack
            .push(std::fs::canonicalize(from).unwrap_or_else(|_| from.to_path_buf()));
        self.visit(&child, Some(at), depth + 1);
        self.stack.pop();
    }
}
