//! Reads shell start-up files and session environment files — never runs
//! them — and reports what they do to environment variables: every
//! assignment (set, append, prepend, unset) with its line, the files they
//! source, and what gomedic cannot follow (`eval`, version-manager init lines,
//! assignments inside functions or conditionals).
//!
//! Pure: text in, facts out. No I/O. The probe (`gomedic-probe`,
//! `startup_files`) decides which files to read and follows `source` lines.
//!
//! The parser understands the forms people write, not the whole shell
//! grammars: `export A=b`, `A=b; export A`, `PATH=$PATH:...`,
//! `declare -x`/`typeset -x`, zsh `path=(... $path)`, fish `set -gx`,
//! `fish_add_path`, `source`/`.`, and the key=value formats of
//! `/etc/environment`, `~/.pam_environment`, systemd `environment.d` and
//! macOS `/etc/paths`.

mod expand;
mod fish;
mod keyvalue;
mod lexer;
mod managers;
mod posix;
mod value;

pub use expand::expand;
pub use managers::recognise_manager;

/// The syntax of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// sh, dash, bash and zsh start-up files.
    Posix,
    /// fish `config.fish` and `conf.d/*.fish`.
    Fish,
    /// `/etc/environment` as pam_env reads it: `KEY=VALUE`, no expansion.
    EtcEnvironment,
    /// `~/.pam_environment`: `NAME [DEFAULT=v] [OVERRIDE=v]` (or `KEY=VALUE`).
    PamEnvironment,
    /// systemd `environment.d/*.conf`: `KEY=VALUE` with `$VAR`/`${VAR}` expansion.
    EnvironmentD,
    /// macOS `/etc/paths` and `/etc/paths.d/*`: one PATH directory per line.
    PathsFile,
}

/// What an assignment does to a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Replaces the value.
    Set,
    /// Adds to the end (`PATH=$PATH:x`, `PATH+=":x"`, `set -a PATH x`).
    Append,
    /// Adds to the front (`PATH=x:$PATH`, `fish_add_path x`).
    Prepend,
    /// Removes the variable (`unset A`, `set -e A`).
    Unset,
}

/// One assignment to a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable, as the environment spells it (zsh's `path` is `PATH`).
    pub name: String,
    /// 1-based line of the assignment.
    pub line: u32,
    pub kind: Kind,
    /// The value as written, quotes removed, references (`$HOME`,
    /// `$(cmd)`, `~`) kept as text. For Append/Prepend: only the added part.
    pub value: String,
    /// For list variables (PATH-like, or any value split on `:` around a
    /// self-reference, zsh arrays, fish lists): the entries added, in order.
    pub entries: Vec<String>,
    /// True when the assignment is exported by itself (`export`, `set -x`,
    /// `declare -x`, `set -a` in force, a file format that only has
    /// environment variables) or an `export NAME` elsewhere in the file.
    /// A plain `NAME=v` of a variable already in the environment (PATH) is
    /// exported too; the caller knows which ones are.
    pub exported: bool,
    /// Why it may not run when the file is read, when it may not: inside a
    /// function, an `if`, a loop, a subshell, after `&&`/`||`.
    pub guarded_by: Option<String>,
}

/// A `source FILE` / `. FILE` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub line: u32,
    /// The file as written (quotes removed, references kept).
    pub path: String,
    pub guarded_by: Option<String>,
}

/// Something that may change the environment in a way gomedic cannot follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opaque {
    pub line: u32,
    /// The version manager or environment tool the line initialises
    /// (`asdf`, `mise`, `goenv`, `gvm`, `g`, `gobrew`, `homebrew`, `direnv`,
    /// `nix`), when recognised.
    pub manager: Option<&'static str>,
    /// Why gomedic can't follow it, e.g. "eval of a command's output".
    pub reason: String,
    /// The statement (first 200 characters).
    pub text: String,
    pub guarded_by: Option<String>,
}

/// What a file does to the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub assignments: Vec<Assignment>,
    pub sources: Vec<Source>,
    pub opaque: Vec<Opaque>,
}

/// Parses one file's text.
pub fn parse(syntax: Syntax, text: &str) -> Parsed {
    match syntax {
        Syntax::Posix => posix::parse(text),
        Syntax::Fish => fish::parse(text),
        Syntax::EtcEnvironment => keyvalue::parse_etc_environment(text),
        Syntax::PamEnvironment => keyvalue::parse_pam_environment(text),
        Syntax::EnvironmentD => keyvalue::parse_environment_d(text),
        Syntax::PathsFile => keyvalue::parse_paths_file(text),
    }
}

/// Cuts a statement for display.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// True for a valid shell variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
