//! go.work files: x/mod `modfile.ParseWork`, as the Go release reading the file does it.

use super::directive::{Problem, Replace, parse_godebug, parse_replace, parse_string_arg};
use super::error::{Error, ErrorList, Position};
use super::gomod::{GoStmt, Godebug, ToolchainStmt};
use super::release::Dialect;
use super::rules::{is_valid_go_version, is_valid_toolchain_name};
use super::syntax::{FileSyntax, Stmt, parse_syntax};

/// A `use` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Use {
    /// The directory, as written (unquoted).
    pub path: String,
    pub pos: Position,
}

/// A parsed go.work (x/mod `modfile.WorkFile`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WorkFile {
    pub go: Option<GoStmt>,
    pub toolchain: Option<ToolchainStmt>,
    pub godebug: Vec<Godebug>,
    pub use_dirs: Vec<Use>,
    pub replace: Vec<Replace>,
    pub syntax: FileSyntax,
}

impl WorkFile {
    pub fn go_version(&self) -> Option<&str> {
        self.go.as_ref().map(|g| g.version.as_str())
    }

    pub fn toolchain_name(&self) -> Option<&str> {
        self.toolchain.as_ref().map(|t| t.name.as_str())
    }
}

/// `modfile.ParseWork(filename, data, nil)` as the newest Go does it on this host.
pub fn parse_work(filename: &str, data: &[u8]) -> Result<WorkFile, ErrorList> {
    parse_work_with(filename, data, Dialect::LATEST, cfg!(windows))
}

/// `modfile.ParseWork` as Go `release` (e.g. "1.22.10") does it on this host.
pub fn parse_work_for_release(
    filename: &str,
    data: &[u8],
    release: &str,
) -> Result<WorkFile, ErrorList> {
    parse_work_with(filename, data, Dialect::for_release(release), cfg!(windows))
}

/// `modfile.ParseWork` with an explicit dialect and host. Never panics.
pub fn parse_work_with(
    filename: &str,
    data: &[u8],
    dialect: Dialect,
    windows_host: bool,
) -> Result<WorkFile, ErrorList> {
    let syntax = parse_syntax(filename, data).map_err(|e| ErrorList(vec![e]))?;
    let mut file = WorkFile::default();
    let mut errors = Vec::new();
    for stmt in &syntax.stmts {
        match stmt {
            Stmt::Comments(_) => {}
            Stmt::Line(line) => {
                let result = add_directive(
                    &mut file,
                    &line.tokens[0],
                    &line.tokens[1..],
                    line.start,
                    &dialect,
                    windows_host,
                );
                if let Err(problem) = result {
                    errors.push(problem.at(filename, line.start));
                }
            }
            Stmt::Block(block) => {
                let verb = block.tokens[0].as_str();
                let known =
                    matches!(verb, "use" | "replace") || (verb == "godebug" && dialect.godebug);
                if block.tokens.len() > 1 || !known {
                    let message = format!("unknown block type: {}", block.tokens.join(" "));
                    errors.push(Error::at(filename, block.start, message));
                    continue;
                }
                for line in &block.lines {
                    let result = add_directive(
                        &mut file,
                        verb,
                        &line.tokens,
                        line.start,
                        &dialect,
                        windows_host,
                    );
                    if let Err(problem) = result {
                        errors.push(problem.at(filename, line.start));
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ErrorList(errors));
    }
    file.syntax = syntax;
    Ok(file)
}

fn add_directive(
    file: &mut WorkFile,
    verb: &str,
    args: &[String],
    pos: Position,
    dialect: &Dialect,
    windows_host: bool,
) -> Result<(), Problem> {
    match verb {
        "go" => {
            if file.go.is_some() {
                return Err(Problem::plain("repeated go statement"));
            }
            let [version] = args else {
                return Err(Problem::plain("go directive expects exactly one argument"));
            };
            if !is_valid_go_version(version) {
                return Err(Problem::plain(format!(
                    "invalid go version '{version}': must match format {}",
                    dialect.go_format_work
                )));
            }
            file.go = Some(GoStmt {
                version: version.clone(),
                pos,
            });
        }
        "toolchain" => {
            if file.toolchain.is_some() {
                return Err(Problem::plain("repeated toolchain statement"));
            }
            let [name] = args else {
                return Err(Problem::plain(
                    "toolchain directive expects exactly one argument",
                ));
            };
            if !is_valid_toolchain_name(name) {
                return Err(Problem::plain(format!(
                    "invalid toolchain version '{name}': must match format {}",
                    dialect.toolchain_format_work
                )));
            }
            file.toolchain = Some(ToolchainStmt {
                name: name.clone(),
                pos,
            });
        }
        "godebug" if dialect.godebug => {
            let (key, value) = parse_godebug(args)?;
            file.godebug.push(Godebug { key, value, pos });
        }
        "use" => {
            let [path] = args else {
                return Err(Problem::plain(format!("usage: {verb} local/dir")));
            };
            let path = parse_string_arg(path)?;
            file.use_dirs.push(Use { path, pos });
        }
        "replace" => {
            let replace = parse_replace(args, verb, pos, dialect, windows_host)?;
            file.replace.push(replace);
        }
        _ => return Err(Problem::plain(format!("unknown directive: {verb}"))),
    }
    Ok(())
}
