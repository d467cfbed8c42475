//! Splits shell text into words and separators, keeping quotes inside words
//! (they are removed later by `value::unquote`). Handles comments, line
//! continuations, `$(...)`, `${...}`, backticks, zsh arrays `a=(...)`, fish
//! command substitutions `(...)`, redirections and here-documents.

/// A separator between statements (or inside one, for parentheses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Newline,
    Semi,
    DoubleSemi,
    And,
    Or,
    Pipe,
    Amp,
    Open,
    Close,
}

/// A word or separator with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word { raw: String, line: u32 },
    Sep { sep: Sep, line: u32 },
}

/// Tokenises shell text. `fish`: parentheses are command substitutions
/// (part of a word), not subshells.
pub fn tokenize(text: &str, fish: bool) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        i: 0,
        line: 1,
        tokens: Vec::new(),
        word: String::new(),
        word_line: 1,
        heredocs: Vec::new(),
        fish,
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    chars: &'a [char],
    i: usize,
    line: u32,
    tokens: Vec<Token>,
    word: String,
    word_line: u32,
    /// Here-document terminators waiting for the next newline (`strip_tabs` for `<<-`).
    heredocs: Vec<(String, bool)>,
    fish: bool,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn push_char(&mut self, c: char) {
        if self.word.is_empty() {
            self.word_line = self.line;
        }
        self.word.push(c);
    }

    fn end_word(&mut self) {
        if !self.word.is_empty() {
            let raw = std::mem::take(&mut self.word);
            self.tokens.push(Token::Word {
                raw,
                line: self.word_line,
            });
        }
    }

    fn sep(&mut self, sep: Sep) {
        self.end_word();
        self.tokens.push(Token::Sep {
            sep,
            line: self.line,
        });
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' if self.peek(1) == Some('\n') => {
                    self.i += 2;
                    self.line += 1;
                }
                '\\' => {
                    self.push_char('\\');
                    if let Some(next) = self.peek(1) {
                        self.push_char(next);
                    }
                    self.i += 2;
                }
                '\n' => {
                    self.sep(Sep::Newline);
                    self.i += 1;
                    self.line += 1;
                    self.skip_heredocs();
                }
                ' ' | '\t' | '\r' => {
                    self.end_word();
                    self.i += 1;
                }
                '#' if self.word.is_empty() => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                }
                '\'' => self.quoted('\''),
                '"' => self.quoted('"'),
                '`' => self.quoted('`'),
                '$' if matches!(self.peek(1), Some('(' | '{')) => {
                    self.push_char('$');
                    self.i += 1;
                    let close = if self.peek(0) == Some('(') { ')' } else { '}' };
                    self.balanced(close);
                }
                '(' if self.fish || self.word.ends_with('=') => self.balanced(')'),
                '(' => {
                    self.sep(Sep::Open);
                    self.i += 1;
                }
                ')' => {
                    self.sep(Sep::Close);
                    self.i += 1;
                }
                ';' if self.peek(1) == Some(';') => {
                    self.sep(Sep::DoubleSemi);
                    self.i += 2;
                }
                ';' => {
                    self.sep(Sep::Semi);
                    self.i += 1;
                }
                '&' if self.peek(1) == Some('&') => {
                    self.sep(Sep::And);
                    self.i += 2;
                }
                '|' if self.peek(1) == Some('|') => {
                    self.sep(Sep::Or);
                    self.i += 2;
                }
                '|' => {
                    self.sep(Sep::Pipe);
                    self.i += 1;
                }
                '&' => {
                    self.sep(Sep::Amp);
                    self.i += 1;
                }
                '<' | '>' => self.redirection(),
                c => {
                    self.push_char(c);
                    self.i += 1;
                }
            }
        }
        self.end_word();
    }

    /// A quoted part of a word, quotes kept.
    fn quoted(&mut self, quote: char) {
        self.push_char(quote);
        self.i += 1;
        while let Some(c) = self.peek(0) {
            self.i += 1;
            if c == '\n' {
                self.line += 1;
            }
            if c == '\\' && quote != '\'' {
                self.word.push(c);
                if let Some(next) = self.peek(0) {
                    if next == '\n' {
                        self.line += 1;
                    }
                    self.word.push(next);
                    self.i += 1;
                }
                continue;
            }
            self.word.push(c);
            if c == quote {
                return;
            }
        }
    }

    /// From an opening bracket at `self.i` to its matching `close`, kept in the word.
    fn balanced(&mut self, close: char) {
        let open = self.peek(0).unwrap_or('(');
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            match c {
                '\'' | '"' | '`' => {
                    self.quoted(c);
                    continue;
                }
                '\\' => {
                    self.push_char(c);
                    if let Some(next) = self.peek(1) {
                        self.word.push(next);
                    }
                    self.i += 2;
                    continue;
                }
                '\n' => self.line += 1,
                _ => {}
            }
            self.push_char(c);
            self.i += 1;
            if c == open {
                depth += 1;
            } else if c == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return;
                }
            }
        }
    }

    /// `>`, `>>`, `2>&1`, `<`, `<<EOF`, `<<<`: kept as a word starting with
    /// the operator (the statement parser drops them and their targets).
    fn redirection(&mut self) {
        let c = self.peek(0).unwrap_or('>');
        // A digit right before belongs to the redirection (`2>`), and so does `&>`.
        let fd_prefix = !self.word.is_empty() && self.word.chars().all(|c| c.is_ascii_digit());
        if !fd_prefix {
            self.end_word();
        }
        let heredoc = c == '<' && self.peek(1) == Some('<') && self.peek(2) != Some('<');
        while let Some(op) = self
            .peek(0)
            .filter(|c| matches!(c, '<' | '>' | '&' | '|' | '-'))
        {
            self.push_char(op);
            self.i += 1;
        }
        if heredoc {
            let strip_tabs = self.word.ends_with('-');
            while matches!(self.peek(0), Some(' ' | '\t')) {
                self.i += 1;
            }
            let mut delimiter = String::new();
            while let Some(c) = self
                .peek(0)
                .filter(|c| !c.is_whitespace() && !matches!(c, ';' | '|' | '&' | ')'))
            {
                if !matches!(c, '\'' | '"' | '\\') {
                    delimiter.push(c);
                }
                self.i += 1;
            }
            if !delimiter.is_empty() {
                self.heredocs.push((delimiter, strip_tabs));
            }
        }
        self.end_word();
    }

    /// After a newline: skips the bodies of pending here-documents.
    fn skip_heredocs(&mut self) {
        for (delimiter, strip_tabs) in std::mem::take(&mut self.heredocs) {
            loop {
                let start = self.i;
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
                let line: String = self.chars[start..self.i].iter().collect();
                let at_end = self.peek(0).is_none();
                if !at_end {
                    self.i += 1;
                    self.line += 1;
                }
                let line = if strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    &line
                };
                if line == delimiter || at_end {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text, false)
            .into_iter()
            .map(|t| match t {
                Token::Word { raw, .. } => raw,
                Token::Sep { sep, .. } => format!("<{sep:?}>"),
            })
            .collect()
    }

    #[test]
    fn words_quotes_and_separators() {
        assert_eq!(
            words("export PATH=\"$HOME/go/bin:$PATH\" # comment\nA=1;B='x y'&&c"),
            [
                "export",
                "PATH=\"$HOME/go/bin:$PATH\"",
                "<Newline>",
                "A=1",
                "<Semi>",
                "B='x y'",
                "<And>",
                "c"
            ]
        );
    }

    #[test]
    fn substitutions_arrays_redirections() {
        assert_eq!(
            words("eval \"$(goenv init -)\" 2>/dev/null; path=(/a $path)"),
            [
                "eval",
                "\"$(goenv init -)\"",
                "2>",
                "/dev/null",
                "<Semi>",
                "path=(/a $path)"
            ]
        );
        assert_eq!(
            words("f() {\n x\n}"),
            [
                "f",
                "<Open>",
                "<Close>",
                "{",
                "<Newline>",
                "x",
                "<Newline>",
                "}"
            ]
        );
    }

    #[test]
    fn heredoc_bodies_are_skipped_and_lines_counted() {
        let tokens = tokenize("cat <<EOF\nexport GOPATH=/no\nEOF\nexport A=1\n", false);
        let last = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Word { raw, line } => Some((raw.as_str(), *line)),
                _ => None,
            })
            .collect::<Vec<_>>();
        assert_eq!(last, [("cat", 1), ("<<", 1), ("export", 4), ("A=1", 4)]);
    }

    #[test]
    fn continuation_lines() {
        let tokens = tokenize("export \\\n  A=1\nB=2", false);
        assert!(tokens.contains(&Token::Word {
            raw: "B=2".into(),
            line: 3
        }));
    }
}
