//! Argument parsing shared by go.mod and go.work directives: strings,
//! versions, replacements, retraction intervals and directive comments.

use super::error::{Error, Position};
use super::gostring::{quote, unquote};
use super::release::Dialect;
use super::rules::{canonical_version, check_path_major, is_directory_path_in, split_path_version};
use super::syntax::{Comments, Line, LineBlock};

/// An error before it is placed at a line: x/mod's `Error` without file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub verb: String,
    pub mod_path: String,
    pub message: String,
}

impl Problem {
    pub(crate) fn plain(message: impl Into<String>) -> Problem {
        Problem {
            verb: String::new(),
            mod_path: String::new(),
            message: message.into(),
        }
    }

    pub(crate) fn about(verb: &str, mod_path: &str, message: impl Into<String>) -> Problem {
        Problem {
            verb: verb.to_string(),
            mod_path: mod_path.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn at(self, filename: &str, pos: Position) -> Error {
        Error {
            filename: filename.to_string(),
            pos,
            verb: self.verb,
            mod_path: self.mod_path,
            message: self.message,
        }
    }
}

/// A module path and version (`module.Version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ModuleVersion {
    pub path: String,
    /// "" when absent (a replacement of all versions, or a directory target).
    pub version: String,
}

/// A `replace` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Replace {
    pub old: ModuleVersion,
    pub new: ModuleVersion,
    pub pos: Position,
}

impl Replace {
    /// Whether the target is a local directory rather than a module version
    /// (x/mod guarantees that a target without version is a directory path).
    pub fn is_local_directory(&self) -> bool {
        self.new.version.is_empty()
    }
}

/// x/mod `parseString`: unquotes `"…"` tokens, refuses other quotes.
pub(crate) fn parse_string(token: &str) -> Result<String, String> {
    if token.starts_with('"') {
        return unquote(token).map_err(|e| e.to_string());
    }
    if token.contains(['"', '\'', '`']) {
        return Err("unquoted string cannot contain quote".to_string());
    }
    Ok(token.to_string())
}

/// `parse_string` with x/mod's "invalid quoted string" wording.
pub(crate) fn parse_string_arg(token: &str) -> Result<String, Problem> {
    parse_string(token).map_err(|e| Problem::plain(format!("invalid quoted string: {e}")))
}

/// How versions are checked: canonical semantic versions (x/mod `fix == nil`),
/// or taken as written (retract directives, `dontFixRetract`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum VersionCheck {
    Canonical,
    AsWritten,
}

/// x/mod `parseVersion`.
pub(crate) fn parse_version(
    verb: &str,
    path: &str,
    token: &str,
    check: VersionCheck,
) -> Result<String, Problem> {
    let text = parse_string(token).map_err(|e| {
        Problem::about(verb, path, format!("version {} invalid: {e}", quote(token)))
    })?;
    if check == VersionCheck::AsWritten {
        return Ok(text);
    }
    let canonical = canonical_version(&text);
    if canonical.is_empty() {
        return Err(Problem::about(
            verb,
            path,
            format!(
                "version {} invalid: must be of the form v1.2.3",
                quote(&text)
            ),
        ));
    }
    Ok(canonical)
}

/// x/mod `modulePathMajor`.
pub(crate) fn module_path_major(path: &str) -> Result<&str, &'static str> {
    split_path_version(path)
        .map(|(_, major)| major)
        .ok_or("invalid module path")
}

/// `module.CheckPathMajor`, as the error x/mod reports for it.
pub(crate) fn check_major(
    verb: &str,
    path: &str,
    version: &str,
    path_major: &str,
) -> Result<(), Problem> {
    check_path_major(version, path_major).map_err(|why| {
        Problem::about(
            verb,
            path,
            format!("version {} invalid: {why}", quote(version)),
        )
    })
}

/// x/mod `parseReplace` (go.mod and go.work).
pub(crate) fn parse_replace(
    args: &[String],
    verb: &str,
    pos: Position,
    dialect: &Dialect,
    windows_host: bool,
) -> Result<Replace, Problem> {
    let arrow = if args.len() >= 2 && args[1] == "=>" {
        1
    } else {
        2
    };
    if args.len() < arrow + 2 || args.len() > arrow + 3 || args[arrow] != "=>" {
        return Err(Problem::plain(format!(
            "usage: {verb} module/path [v1.2.3] => other/module v1.4\n\t or {verb} module/path [v1.2.3] => ../local/directory"
        )));
    }
    let old_path = parse_string_arg(&args[0])?;
    let path_major =
        module_path_major(&old_path).map_err(|e| Problem::about(verb, &old_path, e))?;
    let mut old_version = String::new();
    if arrow == 2 {
        old_version = parse_version(verb, &old_path, &args[1], VersionCheck::Canonical)?;
        check_major(verb, &old_path, &old_version, path_major)?;
    }
    let new_path = parse_string_arg(&args[arrow + 1])?;
    let mut new_version = String::new();
    if args.len() == arrow + 2 {
        if !is_directory_path_in(&new_path, dialect.bare_dot_directories) {
            if new_path.contains('@') {
                return Err(Problem::plain(
                    "replacement module must match format 'path version', not 'path@version'",
                ));
            }
            return Err(Problem::plain(format!(
                "replacement module without version must be directory path (rooted or starting with {})",
                dialect.replace_dir_hint
            )));
        }
        if !windows_host && new_path.contains('\\') {
            return Err(Problem::plain(
                "replacement directory appears to be Windows path (on a non-windows system)",
            ));
        }
    }
    if args.len() == arrow + 3 {
        new_version = parse_version(verb, &new_path, &args[arrow + 2], VersionCheck::Canonical)?;
        if is_directory_path_in(&new_path, dialect.bare_dot_directories) {
            return Err(Problem::plain(format!(
                "replacement module directory path {} cannot have version",
                quote(&new_path)
            )));
        }
    }
    Ok(Replace {
        old: ModuleVersion {
            path: old_path,
            version: old_version,
        },
        new: ModuleVersion {
            path: new_path,
            version: new_version,
        },
        pos,
    })
}

/// x/mod `parseVersionInterval` for retract: `v1.2.3` or `[low, high]`.
/// Returns the interval and how many arguments it used.
pub(crate) fn parse_version_interval(
    verb: &str,
    args: &[String],
) -> Result<(String, String, usize), Problem> {
    let first = match args.first() {
        None => return Err(Problem::plain("expected '[' or version")),
        Some(t) if t == "(" => return Err(Problem::plain("expected '[' or version")),
        Some(t) => t,
    };
    if first != "[" {
        let v = parse_version(verb, "", first, VersionCheck::AsWritten)?;
        return Ok((v.clone(), v, 1));
    }
    let low_token = args
        .get(1)
        .ok_or_else(|| Problem::plain("expected version after '['"))?;
    let low = parse_version(verb, "", low_token, VersionCheck::AsWritten)?;
    if args.get(2).is_none_or(|t| t != ",") {
        return Err(Problem::plain("expected ',' after version"));
    }
    let high_token = args
        .get(3)
        .ok_or_else(|| Problem::plain("expected version after ','"))?;
    let high = parse_version(verb, "", high_token, VersionCheck::AsWritten)?;
    if args.get(4).is_none_or(|t| t != "]") {
        return Err(Problem::plain("expected ']' after version"));
    }
    Ok((low, high, 5))
}

/// x/mod `parseDirectiveComment`: the text of the comments on a line, or on
/// its block when the line has none; one line per comment, `//` removed.
pub(crate) fn directive_comment(block: Option<&LineBlock>, line: &Line) -> String {
    let mut comments: &Comments = &line.comments;
    if let Some(block) = block
        && comments.before.is_empty()
        && comments.suffix.is_empty()
    {
        comments = &block.comments;
    }
    let lines: Vec<&str> = comments
        .before
        .iter()
        .chain(comments.suffix.iter())
        .filter_map(|c| c.token.strip_prefix("//"))
        .map(str::trim)
        .collect();
    lines.join("\n")
}

/// x/mod `parseDeprecation`: the first paragraph starting with "Deprecated:".
pub(crate) fn deprecation(block: Option<&LineBlock>, line: &Line) -> String {
    let text = directive_comment(block, line);
    // Paragraph starts: the text start, and after every "\n\n" (overlapping).
    let starts =
        std::iter::once(0)
            .chain(text.match_indices('\n').filter_map(|(i, _)| {
                (text.as_bytes().get(i + 1) == Some(&b'\n')).then_some(i + 2)
            }));
    for start in starts {
        let Some(rest) = text[start..].strip_prefix("Deprecated:") else {
            continue;
        };
        let rest = rest.trim_start_matches(' ');
        let end = rest.find("\n\n").unwrap_or(rest.len());
        return rest[..end].to_string();
    }
    String::new()
}

/// x/mod `isIndirect`: a first suffix comment `// indirect` or `// indirect; …`.
pub(crate) fn is_indirect(line: &Line) -> bool {
    let Some(first) = line.comments.suffix.first() else {
        return false;
    };
    let text = first.token.strip_prefix("//").unwrap_or(&first.token);
    let fields: Vec<&str> = text.split_whitespace().collect();
    (fields.len() == 1 && fields[0] == "indirect") || (fields.len() > 1 && fields[0] == "indirect;")
}

/// A `godebug key=value` argument list.
pub(crate) fn parse_godebug(args: &[String]) -> Result<(String, String), Problem> {
    let usage = || Problem::plain("usage: godebug key=value");
    let [setting] = args else { return Err(usage()) };
    if setting.contains(['"', '`', '\'', ',']) {
        return Err(usage());
    }
    let (key, value) = setting.split_once('=').ok_or_else(usage)?;
    Ok((key.to_string(), value.to_string()))
}
