//! Positions and errors, rendered exactly as `golang.org/x/mod/modfile` renders them.

use std::fmt;

/// A place in the input: 1-based line, 1-based rune within the line, 0-based byte offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub line_rune: usize,
    pub byte: usize,
}

impl Position {
    /// The position just after `text` starting here (`Position.add`).
    pub(crate) fn add(self, text: &str) -> Position {
        let mut p = self;
        p.byte += text.len();
        let mut tail = text;
        if let Some(last_newline) = text.rfind('\n') {
            p.line += text.matches('\n').count();
            p.line_rune = 1;
            tail = &text[last_newline + 1..];
        }
        p.line_rune += tail.chars().count();
        p
    }
}

/// One problem found while reading a go.mod or go.work file (`modfile.Error`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Error {
    /// The file name given to the parser (Go prints it as given).
    pub filename: String,
    /// Where: the start of the offending line, or the lexer position for syntax errors.
    pub pos: Position,
    /// The directive ("require", …) when the message is about a module path or version.
    pub verb: String,
    /// The module path the message is about, if any.
    pub mod_path: String,
    /// The message without position and directive prefix.
    pub message: String,
}

impl Error {
    pub(crate) fn at(filename: &str, pos: Position, message: impl Into<String>) -> Error {
        Error {
            filename: filename.to_string(),
            pos,
            verb: String::new(),
            mod_path: String::new(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos.line_rune > 1 {
            write!(
                f,
                "{}:{}:{}: ",
                self.filename, self.pos.line, self.pos.line_rune
            )?;
        } else if self.pos.line > 0 {
            write!(f, "{}:{}: ", self.filename, self.pos.line)?;
        } else if !self.filename.is_empty() {
            write!(f, "{}: ", self.filename)?;
        }
        if !self.mod_path.is_empty() {
            write!(f, "{} {}: ", self.verb, self.mod_path)?;
        } else if !self.verb.is_empty() {
            write!(f, "{}: ", self.verb)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// All problems of one parse, in file order (`modfile.ErrorList`); printed one per line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorList(pub Vec<Error>);

impl fmt::Display for ErrorList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorList {}
