//! go.mod files: x/mod `modfile.Parse` (strict, the main module) and
//! `modfile.ParseLax` (dependencies), as the Go release reading the file does it.

use super::directive::{
    Problem, Replace, VersionCheck, check_major, deprecation, directive_comment, is_indirect,
    module_path_major, parse_godebug, parse_replace, parse_string_arg, parse_version,
    parse_version_interval,
};
use super::error::{Error, ErrorList, Position};
use super::gostring::quote;
use super::release::Dialect;
use super::rules::{is_valid_go_version, is_valid_toolchain_name, lax_go_version};
use super::syntax::{FileSyntax, Line, LineBlock, Stmt, parse_syntax};

/// How a go.mod is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `modfile.Parse`: the main module's go.mod; unknown directives are errors.
    Strict,
    /// `modfile.ParseLax`: a dependency's go.mod; only module, go, require,
    /// retract (and ignore, where known) are read, everything else is skipped.
    Lax,
}

/// Options of one parse.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    pub mode: Mode,
    /// Which release's x/mod to imitate.
    pub dialect: Dialect,
    /// Whether the reading `go` runs on Windows (where `\` in a directory replacement is fine).
    pub windows_host: bool,
}

impl ParseOptions {
    /// Strict parsing as the newest Go release on this host does it.
    pub fn strict() -> ParseOptions {
        ParseOptions {
            mode: Mode::Strict,
            dialect: Dialect::LATEST,
            windows_host: cfg!(windows),
        }
    }

    /// Lax parsing as the newest Go release on this host does it.
    pub fn lax() -> ParseOptions {
        ParseOptions {
            mode: Mode::Lax,
            ..ParseOptions::strict()
        }
    }

    /// Parsing as Go `release` (e.g. "1.22.10") does it on this host.
    pub fn for_release(release: &str, mode: Mode) -> ParseOptions {
        ParseOptions {
            mode,
            dialect: Dialect::for_release(release),
            windows_host: cfg!(windows),
        }
    }
}

/// The `module` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ModuleStmt {
    pub path: String,
    /// The message of a `// Deprecated:` paragraph in its comments, or "".
    pub deprecated: String,
    pub pos: Position,
}

/// The `go` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoStmt {
    /// As written, except that lax parsing reduces a malformed version to `major.minor`.
    pub version: String,
    pub pos: Position,
}

/// The `toolchain` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ToolchainStmt {
    pub name: String,
    pub pos: Position,
}

/// One `godebug key=value` setting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Godebug {
    pub key: String,
    pub value: String,
    pub pos: Position,
}

/// A `require` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Require {
    pub path: String,
    /// Canonical semantic version.
    pub version: String,
    /// Marked `// indirect`.
    pub indirect: bool,
    pub pos: Position,
}

/// An `exclude` directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Exclude {
    pub path: String,
    pub version: String,
    pub pos: Position,
}

/// A `retract` directive: one version (`low == high`) or an interval.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Retract {
    /// As written (x/mod does not check retracted versions without a fixer).
    pub low: String,
    pub high: String,
    pub rationale: String,
    pub pos: Position,
}

/// A `tool` directive (package path).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tool {
    pub path: String,
    pub pos: Position,
}

/// An `ignore` directive (directory).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Ignore {
    pub path: String,
    pub pos: Position,
}

/// A parsed go.mod (x/mod `modfile.File`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ModFile {
    pub module: Option<ModuleStmt>,
    pub go: Option<GoStmt>,
    pub toolchain: Option<ToolchainStmt>,
    pub godebug: Vec<Godebug>,
    pub require: Vec<Require>,
    pub exclude: Vec<Exclude>,
    pub replace: Vec<Replace>,
    pub retract: Vec<Retract>,
    pub tool: Vec<Tool>,
    pub ignore: Vec<Ignore>,
    pub syntax: FileSyntax,
}

impl ModFile {
    /// The module path, if there is a module directive.
    pub fn module_path(&self) -> Option<&str> {
        self.module.as_ref().map(|m| m.path.as_str())
    }

    /// The go line's version.
    pub fn go_version(&self) -> Option<&str> {
        self.go.as_ref().map(|g| g.version.as_str())
    }

    /// The toolchain line's name (e.g. `go1.22.3` or `default`).
    pub fn toolchain_name(&self) -> Option<&str> {
        self.toolchain.as_ref().map(|t| t.name.as_str())
    }

    pub fn requirements(&self) -> &[Require] {
        &self.require
    }

    pub fn replaces(&self) -> &[Replace] {
        &self.replace
    }
}

/// `modfile.Parse(filename, data, nil)` as the newest Go does it on this host.
pub fn parse(filename: &str, data: &[u8]) -> Result<ModFile, ErrorList> {
    parse_with(filename, data, ParseOptions::strict())
}

/// `modfile.ParseLax(filename, data, nil)` as the newest Go does it on this host.
pub fn parse_lax(filename: &str, data: &[u8]) -> Result<ModFile, ErrorList> {
    parse_with(filename, data, ParseOptions::lax())
}

/// Parses as the x/mod vendored in Go `release` (e.g. "1.21.13") does it on this host.
pub fn parse_for_release(
    filename: &str,
    data: &[u8],
    release: &str,
    mode: Mode,
) -> Result<ModFile, ErrorList> {
    parse_with(filename, data, ParseOptions::for_release(release, mode))
}

/// Parses a go.mod with explicit options. Never panics; errors are x/mod's, in file order.
pub fn parse_with(
    filename: &str,
    data: &[u8],
    options: ParseOptions,
) -> Result<ModFile, ErrorList> {
    let syntax = parse_syntax(filename, data).map_err(|e| ErrorList(vec![e]))?;
    let mut reader = Reader {
        file: ModFile::default(),
        errors: Vec::new(),
        options,
        filename,
    };
    for stmt in &syntax.stmts {
        match stmt {
            Stmt::Comments(_) => {}
            Stmt::Line(line) => reader.add(None, line, &line.tokens[0], &line.tokens[1..]),
            Stmt::Block(block) => reader.add_block(block),
        }
    }
    if !reader.errors.is_empty() {
        return Err(ErrorList(reader.errors));
    }
    let mut file = reader.file;
    file.syntax = syntax;
    Ok(file)
}

struct Reader<'a> {
    file: ModFile,
    errors: Vec<Error>,
    options: ParseOptions,
    filename: &'a str,
}

impl Reader<'_> {
    fn strict(&self) -> bool {
        self.options.mode == Mode::Strict
    }

    fn add_block(&mut self, block: &LineBlock) {
        let verb = block.tokens[0].as_str();
        let block_verb_known = match verb {
            "module" | "require" | "exclude" | "replace" | "retract" | "godebug" | "tool"
            | "ignore" => self.options.dialect.knows_mod_verb(verb),
            _ => false,
        };
        if block.tokens.len() > 1 || !block_verb_known {
            if self.strict() {
                let message = format!("unknown block type: {}", block.tokens.join(" "));
                self.errors
                    .push(Error::at(self.filename, block.start, message));
            }
            return;
        }
        for line in &block.lines {
            self.add(Some(block), line, verb, &line.tokens);
        }
    }

    fn add(&mut self, block: Option<&LineBlock>, line: &Line, verb: &str, args: &[String]) {
        if !self.strict() {
            let wanted = matches!(verb, "go" | "module" | "retract" | "require")
                || (verb == "ignore" && self.options.dialect.ignore);
            if !wanted {
                return;
            }
        }
        if let Err(problem) = self.directive(block, line, verb, args) {
            self.errors.push(problem.at(self.filename, line.start));
        }
    }

    fn directive(
        &mut self,
        block: Option<&LineBlock>,
        line: &Line,
        verb: &str,
        args: &[String],
    ) -> Result<(), Problem> {
        let dialect = self.options.dialect;
        let pos = line.start;
        if !dialect.knows_mod_verb(verb) {
            return Err(Problem::plain(format!("unknown directive: {verb}")));
        }
        match verb {
            "go" => {
                if self.file.go.is_some() {
                    return Err(Problem::plain("repeated go statement"));
                }
                let [version] = args else {
                    return Err(Problem::plain("go directive expects exactly one argument"));
                };
                let mut version = version.as_str();
                if !is_valid_go_version(version) {
                    match lax_go_version(version).filter(|_| !self.strict()) {
                        Some(fixed) => version = fixed,
                        None => {
                            return Err(Problem::plain(format!(
                                "invalid go version '{version}': must match format {}",
                                dialect.go_format_mod
                            )));
                        }
                    }
                }
                self.file.go = Some(GoStmt {
                    version: version.to_string(),
                    pos,
                });
            }
            "toolchain" => {
                if self.file.toolchain.is_some() {
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
                        dialect.toolchain_format_mod
                    )));
                }
                self.file.toolchain = Some(ToolchainStmt {
                    name: name.clone(),
                    pos,
                });
            }
            "module" => {
                if self.file.module.is_some() {
                    return Err(Problem::plain("repeated module statement"));
                }
                let deprecated = deprecation(block, line);
                self.file.module = Some(ModuleStmt {
                    path: String::new(),
                    deprecated,
                    pos,
                });
                let [path] = args else {
                    return Err(Problem::plain("usage: module module/path"));
                };
                let path = parse_string_arg(path)?;
                if let Some(module) = &mut self.file.module {
                    module.path = path;
                }
            }
            "godebug" => {
                let (key, value) = parse_godebug(args)?;
                self.file.godebug.push(Godebug { key, value, pos });
            }
            "require" | "exclude" => {
                let [path, version] = args else {
                    return Err(Problem::plain(format!("usage: {verb} module/path v1.2.3")));
                };
                let path = parse_string_arg(path)?;
                let version = parse_version(verb, &path, version, VersionCheck::Canonical)?;
                let path_major = module_path_major(&path).map_err(Problem::plain)?;
                check_major(verb, &path, &version, path_major)?;
                if verb == "require" {
                    let indirect = is_indirect(line);
                    self.file.require.push(Require {
                        path,
                        version,
                        indirect,
                        pos,
                    });
                } else {
                    self.file.exclude.push(Exclude { path, version, pos });
                }
            }
            "replace" => {
                let replace = parse_replace(args, verb, pos, &dialect, self.options.windows_host)?;
                self.file.replace.push(replace);
            }
            "retract" => {
                let rationale = directive_comment(block, line);
                let (low, high, used) = match parse_version_interval(verb, args) {
                    Ok(interval) => interval,
                    // Dependencies may use retraction syntax from the future.
                    Err(_) if !self.strict() => return Ok(()),
                    Err(problem) => return Err(problem),
                };
                if let Some(extra) = args.get(used)
                    && self.strict()
                {
                    return Err(Problem::plain(format!(
                        "unexpected token after version: {}",
                        quote(extra)
                    )));
                }
                self.file.retract.push(Retract {
                    low,
                    high,
                    rationale,
                    pos,
                });
            }
            "tool" | "ignore" => {
                let [path] = args else {
                    return Err(Problem::plain(format!(
                        "{verb} directive expects exactly one argument"
                    )));
                };
                let path = parse_string_arg(path)?;
                if verb == "tool" {
                    self.file.tool.push(Tool { path, pos });
                } else {
                    self.file.ignore.push(Ignore { path, pos });
                }
            }
            _ => return Err(Problem::plain(format!("unknown directive: {verb}"))),
        }
        Ok(())
    }
}

/// `modfile.ModulePath`: the module path of a go.mod, found without a full
/// parse and tolerant of other problems; "" if none.
pub fn module_path(data: &[u8]) -> String {
    for raw_line in data.split(|&b| b == b'\n') {
        let line = match raw_line.windows(2).position(|w| w == b"//") {
            Some(i) => &raw_line[..i],
            None => raw_line,
        };
        let line = super::gostring::lossy(line);
        let line = line.trim();
        let Some(rest) = line.strip_prefix("module") else {
            continue;
        };
        let trimmed = rest.trim();
        if trimmed.len() == rest.len() || trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('"') || trimmed.starts_with('`') {
            return super::gostring::unquote(trimmed).unwrap_or_default();
        }
        return trimmed.to_string();
    }
    String::new()
}
