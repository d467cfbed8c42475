//! The syntax tree of a go.mod/go.work file (x/mod `FileSyntax`): lines,
//! `verb ( … )` blocks and comments, with comments attached to the syntax
//! next to them the way x/mod attaches them.

use super::error::{Error, Position};
use super::lexer::{Comment, Lexer, Token, TokenKind};

/// Comments attached to one piece of syntax.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Comments {
    /// Whole-line comments before it.
    pub before: Vec<Comment>,
    /// End-of-line comments after it.
    pub suffix: Vec<Comment>,
}

/// One line of tokens: a top-level statement or a line inside a block.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    pub comments: Comments,
    pub start: Position,
    /// Raw token texts (quoted strings keep their quotes). Inside a block the verb is not repeated.
    pub tokens: Vec<String>,
    pub in_block: bool,
    pub end: Position,
}

/// A factored block `verb ( … )`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LineBlock {
    pub comments: Comments,
    pub start: Position,
    pub tokens: Vec<String>,
    pub lparen: Position,
    pub lparen_comments: Comments,
    pub lines: Vec<Line>,
    pub rparen: Position,
    pub rparen_comments: Comments,
}

/// Comments standing alone (separated from the next statement by a blank line).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CommentBlock {
    pub comments: Comments,
    pub start: Position,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Stmt {
    Comments(CommentBlock),
    Line(Line),
    Block(LineBlock),
}

impl Stmt {
    fn comments_mut(&mut self) -> &mut Comments {
        match self {
            Stmt::Comments(c) => &mut c.comments,
            Stmt::Line(l) => &mut l.comments,
            Stmt::Block(b) => &mut b.comments,
        }
    }
}

/// A whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FileSyntax {
    pub name: String,
    pub comments: Comments,
    pub stmts: Vec<Stmt>,
}

/// Parses `data` into a syntax tree without interpreting directives (x/mod's
/// internal `parse`); the first syntax error ends the parse.
pub fn parse_syntax(filename: &str, data: &[u8]) -> Result<FileSyntax, Error> {
    let mut parser = Parser {
        lexer: Lexer::new(filename, data)?,
        file: FileSyntax::default(),
    };
    parser.parse_file()?;
    let mut file = parser.file;
    file.name = filename.to_string();
    let suffix_comments = std::mem::take(&mut parser.lexer.suffix_comments);
    assign_suffix_comments(&mut file, suffix_comments);
    Ok(file)
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    file: FileSyntax,
}

impl Parser<'_> {
    fn lex(&mut self) -> Result<Token, Error> {
        self.lexer.lex()
    }

    fn parse_file(&mut self) -> Result<(), Error> {
        let mut pending: Option<CommentBlock> = None;
        loop {
            match self.lexer.peek() {
                TokenKind::Punct(b'\n') => {
                    self.lex()?;
                    if let Some(block) = pending.take() {
                        self.file.stmts.push(Stmt::Comments(block));
                    }
                }
                TokenKind::Comment => {
                    let tok = self.lex()?;
                    let block = pending.get_or_insert_with(|| CommentBlock {
                        start: tok.pos,
                        ..Default::default()
                    });
                    block.comments.before.push(Comment {
                        start: tok.pos,
                        token: tok.text,
                        suffix: false,
                    });
                }
                TokenKind::Eof => {
                    if let Some(block) = pending.take() {
                        self.file.stmts.push(Stmt::Comments(block));
                    }
                    return Ok(());
                }
                _ => {
                    self.parse_stmt()?;
                    if let Some(block) = pending.take()
                        && let Some(last) = self.file.stmts.last_mut()
                    {
                        last.comments_mut().before = block.comments.before;
                    }
                }
            }
        }
    }

    fn parse_stmt(&mut self) -> Result<(), Error> {
        let first = self.lex()?;
        let start = first.pos;
        let mut end = first.end_pos;
        let mut tokens = vec![first.text];
        loop {
            let tok = self.lex()?;
            if tok.kind.is_eol() {
                self.file.stmts.push(Stmt::Line(Line {
                    start,
                    tokens,
                    end,
                    ..Default::default()
                }));
                return Ok(());
            }
            if tok.kind == TokenKind::Punct(b'(') {
                let next = self.lexer.peek();
                if next.is_eol() {
                    let block = self.parse_line_block(start, tokens, &tok)?;
                    self.file.stmts.push(Stmt::Block(block));
                    return Ok(());
                } else if next == TokenKind::Punct(b')') {
                    let rparen = self.lex()?;
                    if self.lexer.peek().is_eol() {
                        self.lex()?;
                        self.file.stmts.push(Stmt::Block(LineBlock {
                            start,
                            tokens,
                            lparen: tok.pos,
                            rparen: rparen.pos,
                            ..Default::default()
                        }));
                        return Ok(());
                    }
                    tokens.push(tok.text);
                    tokens.push(rparen.text);
                } else {
                    tokens.push(tok.text);
                }
                continue;
            }
            tokens.push(tok.text);
            end = tok.end_pos;
        }
    }

    fn parse_line_block(
        &mut self,
        start: Position,
        tokens: Vec<String>,
        lparen: &Token,
    ) -> Result<LineBlock, Error> {
        let mut block = LineBlock {
            start,
            tokens,
            lparen: lparen.pos,
            ..Default::default()
        };
        let mut comments: Vec<Comment> = Vec::new();
        loop {
            match self.lexer.peek() {
                TokenKind::EolComment => {
                    self.lex()?;
                }
                TokenKind::Punct(b'\n') => {
                    self.lex()?;
                    let after_line = comments.is_empty() && !block.lines.is_empty();
                    let after_comment = comments.last().is_some_and(|c| !c.token.is_empty());
                    if after_line || after_comment {
                        comments.push(Comment::default());
                    }
                }
                TokenKind::Comment => {
                    let tok = self.lex()?;
                    comments.push(Comment {
                        start: tok.pos,
                        token: tok.text,
                        suffix: false,
                    });
                }
                TokenKind::Eof => {
                    return Err(self.lexer.error(format!(
                        "syntax error (unterminated block started at {}:{}:{})",
                        self.lexer.filename(),
                        block.start.line,
                        block.start.line_rune
                    )));
                }
                TokenKind::Punct(b')') => {
                    let rparen = self.lex()?;
                    if comments.len() == 1 && comments[0] == Comment::default() {
                        comments.clear();
                    }
                    block.rparen_comments.before = comments;
                    block.rparen = rparen.pos;
                    if !self.lexer.peek().is_eol() {
                        return Err(self
                            .lexer
                            .error("syntax error (expected newline after closing paren)"));
                    }
                    self.lex()?;
                    return Ok(block);
                }
                _ => {
                    let mut line = self.parse_line()?;
                    line.comments.before = std::mem::take(&mut comments);
                    block.lines.push(line);
                }
            }
        }
    }

    fn parse_line(&mut self) -> Result<Line, Error> {
        let first = self.lex()?;
        let start = first.pos;
        let mut end = first.end_pos;
        let mut tokens = vec![first.text];
        loop {
            let tok = self.lex()?;
            if tok.kind.is_eol() {
                return Ok(Line {
                    start,
                    tokens,
                    end,
                    in_block: true,
                    ..Default::default()
                });
            }
            tokens.push(tok.text);
            end = tok.end_pos;
        }
    }
}

/// A node of the tree that can carry comments, addressed by indexes.
#[derive(Debug, Clone, Copy)]
enum Node {
    Stmt(usize),
    LParen(usize),
    BlockLine(usize, usize),
    RParen(usize),
}

fn one_rune_after(pos: Position) -> Position {
    pos.add(")")
}

fn span(file: &FileSyntax, node: Node) -> (Position, Position) {
    match node {
        Node::Stmt(i) => match &file.stmts[i] {
            Stmt::Comments(c) => (c.start, c.start),
            Stmt::Line(l) => (l.start, l.end),
            Stmt::Block(b) => (b.start, one_rune_after(b.rparen)),
        },
        Node::LParen(i) | Node::RParen(i) => {
            let Stmt::Block(b) = &file.stmts[i] else {
                unreachable!("paren of a non-block")
            };
            let pos = if matches!(node, Node::LParen(_)) {
                b.lparen
            } else {
                b.rparen
            };
            (pos, one_rune_after(pos))
        }
        Node::BlockLine(i, j) => {
            let Stmt::Block(b) = &file.stmts[i] else {
                unreachable!("line of a non-block")
            };
            (b.lines[j].start, b.lines[j].end)
        }
    }
}

fn comments_of(file: &mut FileSyntax, node: Node) -> &mut Comments {
    match node {
        Node::Stmt(i) => file.stmts[i].comments_mut(),
        Node::LParen(i) | Node::RParen(i) | Node::BlockLine(i, _) => {
            let Stmt::Block(b) = &mut file.stmts[i] else {
                unreachable!("child of a non-block")
            };
            match node {
                Node::LParen(_) => &mut b.lparen_comments,
                Node::RParen(_) => &mut b.rparen_comments,
                Node::BlockLine(_, j) => &mut b.lines[j].comments,
                Node::Stmt(_) => unreachable!("handled above"),
            }
        }
    }
}

/// Attaches each end-of-line comment to the syntax ending just before it on
/// the same line (x/mod `assignComments`; whole-line comments were attached
/// while parsing). Left-over comments go to the file.
fn assign_suffix_comments(file: &mut FileSyntax, mut suffix: Vec<Comment>) {
    // Post-order: a block's children (lparen, lines, rparen) before the block.
    let mut post = Vec::new();
    for (i, stmt) in file.stmts.iter().enumerate() {
        if let Stmt::Block(b) = stmt {
            post.push(Node::LParen(i));
            post.extend((0..b.lines.len()).map(|j| Node::BlockLine(i, j)));
            post.push(Node::RParen(i));
        }
        post.push(Node::Stmt(i));
    }
    let mut touched = Vec::new();
    for &node in post.iter().rev() {
        let (start, end) = span(file, node);
        if start.line != end.line {
            continue;
        }
        let mut assigned = false;
        while let Some(last) = suffix.last() {
            if end.byte > last.start.byte {
                break;
            }
            let comment = suffix.pop().expect("checked non-empty");
            comments_of(file, node).suffix.push(comment);
            assigned = true;
        }
        if assigned {
            touched.push(node);
        }
    }
    for node in touched {
        comments_of(file, node).suffix.reverse();
    }
    file.comments.before.extend(suffix);
}
