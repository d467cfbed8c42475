//! The go.mod/go.work tokenizer (x/mod `modfile/read.go`'s `input`), with
//! one token of lookahead. Lexical errors stop the whole parse, as in Go.

use super::error::{Error, Position};
use super::gostring::{decode_rune, has_non_space, is_print, is_space, lossy, quote_rune};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Eof,
    /// A comment after other text on its line (also ends the line).
    EolComment,
    Ident,
    String,
    /// A comment alone on its line.
    Comment,
    /// `\n`, `(`, `)`, `[`, `]`, `{`, `}` or `,`.
    Punct(u8),
}

impl TokenKind {
    pub(crate) fn is_eol(self) -> bool {
        matches!(
            self,
            TokenKind::Eof | TokenKind::EolComment | TokenKind::Punct(b'\n')
        )
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub pos: Position,
    pub end_pos: Position,
    pub text: String,
}

/// A comment as read, before it is attached to syntax.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Comment {
    pub start: Position,
    /// The comment text including `//`, without the trailing newline.
    pub token: String,
    /// Whether the comment followed other text on its line.
    pub suffix: bool,
}

pub(crate) struct Lexer<'a> {
    filename: &'a str,
    complete: &'a [u8],
    pos: Position,
    token_start: usize,
    token: Token,
    /// End-of-line comments, attached to syntax after parsing.
    pub suffix_comments: Vec<Comment>,
}

const BLOCK_COMMENT_ERROR: &str = "mod files must use // comments (not /* */ comments)";

impl<'a> Lexer<'a> {
    /// A lexer primed with the first token.
    pub(crate) fn new(filename: &'a str, data: &'a [u8]) -> Result<Lexer<'a>, Error> {
        let start = Position {
            line: 1,
            line_rune: 1,
            byte: 0,
        };
        let mut lexer = Lexer {
            filename,
            complete: data,
            pos: start,
            token_start: 0,
            token: Token {
                kind: TokenKind::Eof,
                pos: start,
                end_pos: start,
                text: String::new(),
            },
            suffix_comments: Vec::new(),
        };
        lexer.read_token()?;
        Ok(lexer)
    }

    pub(crate) fn filename(&self) -> &'a str {
        self.filename
    }

    /// An error at the lexer's current position (where Go's `input.Error` reports).
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::at(self.filename, self.pos, message)
    }

    pub(crate) fn peek(&self) -> TokenKind {
        self.token.kind
    }

    /// Returns the next token and reads the one after it.
    pub(crate) fn lex(&mut self) -> Result<Token, Error> {
        let placeholder = Token {
            kind: TokenKind::Eof,
            pos: self.pos,
            end_pos: self.pos,
            text: String::new(),
        };
        let token = std::mem::replace(&mut self.token, placeholder);
        self.read_token()?;
        Ok(token)
    }

    fn remaining(&self) -> &'a [u8] {
        &self.complete[self.pos.byte..]
    }

    fn eof(&self) -> bool {
        self.pos.byte >= self.complete.len()
    }

    /// The next rune, or '\0' at end of input.
    fn peek_rune(&self) -> char {
        decode_rune(self.remaining()).0
    }

    fn peek_prefix(&self, prefix: &str) -> bool {
        self.remaining().starts_with(prefix.as_bytes())
    }

    fn read_rune(&mut self) -> char {
        let (c, size) = decode_rune(self.remaining());
        if c == '\n' {
            self.pos.line += 1;
            self.pos.line_rune = 1;
        } else {
            self.pos.line_rune += 1;
        }
        self.pos.byte += size;
        c
    }

    fn start_token(&mut self) {
        self.token_start = self.pos.byte;
        self.token.text.clear();
        self.token.pos = self.pos;
    }

    fn end_token(&mut self, kind: TokenKind) {
        let mut raw = &self.complete[self.token_start..self.pos.byte];
        if matches!(kind, TokenKind::Comment | TokenKind::EolComment) {
            if let Some(stripped) = raw.strip_suffix(b"\r\n") {
                raw = stripped;
            } else if let Some(stripped) = raw.strip_suffix(b"\n") {
                raw = stripped;
            }
        }
        self.token.kind = kind;
        self.token.text = lossy(raw);
        self.token.end_pos = self.pos;
    }

    fn read_token(&mut self) -> Result<(), Error> {
        while !self.eof() {
            let c = self.peek_rune();
            if c == ' ' || c == '\t' || c == '\r' {
                self.read_rune();
                continue;
            }
            if self.peek_prefix("//") {
                self.start_token();
                let before = &self.complete[..self.pos.byte];
                let line_start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let suffix = has_non_space(&before[line_start..]);
                self.read_rune();
                self.read_rune();
                while !self.eof() && self.read_rune() != '\n' {}
                if !suffix {
                    self.end_token(TokenKind::Comment);
                    return Ok(());
                }
                self.end_token(TokenKind::EolComment);
                self.suffix_comments.push(Comment {
                    start: self.token.pos,
                    token: self.token.text.clone(),
                    suffix: true,
                });
                return Ok(());
            }
            if self.peek_prefix("/*") {
                return Err(self.error(BLOCK_COMMENT_ERROR));
            }
            break;
        }

        self.start_token();
        if self.eof() {
            self.end_token(TokenKind::Eof);
            return Ok(());
        }

        let c = self.peek_rune();
        match c {
            '\n' | '(' | ')' | '[' | ']' | '{' | '}' | ',' => {
                self.read_rune();
                self.end_token(TokenKind::Punct(c as u8));
                return Ok(());
            }
            '"' | '`' => {
                self.read_rune();
                loop {
                    if self.eof() {
                        self.pos = self.token.pos;
                        return Err(self.error("unexpected EOF in string"));
                    }
                    if self.peek_rune() == '\n' {
                        return Err(self.error("unexpected newline in string"));
                    }
                    let d = self.read_rune();
                    if d == c {
                        break;
                    }
                    if d == '\\' && c != '`' {
                        if self.eof() {
                            self.pos = self.token.pos;
                            return Err(self.error("unexpected EOF in string"));
                        }
                        self.read_rune();
                    }
                }
                self.end_token(TokenKind::String);
                return Ok(());
            }
            _ => {}
        }

        if !is_ident(c) {
            return Err(self.error(format!("unexpected input character {}", quote_rune(c))));
        }
        while is_ident(self.peek_rune()) {
            if self.peek_prefix("//") {
                break;
            }
            if self.peek_prefix("/*") {
                return Err(self.error(BLOCK_COMMENT_ERROR));
            }
            self.read_rune();
        }
        self.end_token(TokenKind::Ident);
        Ok(())
    }
}

/// Identifier runes: printable, not white space, not one of ` ()[]{},`.
fn is_ident(c: char) -> bool {
    match c {
        ' ' | '(' | ')' | '[' | ']' | '{' | '}' | ',' => false,
        _ => !is_space(c) && is_print(c),
    }
}
