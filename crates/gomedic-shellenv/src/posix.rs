//! sh, bash and zsh start-up files.

use crate::lexer::{Sep, Token, tokenize};
use crate::value::{array_elements, classify, split_around_self, tied_variable, unquote};
use crate::{Assignment, Kind, Opaque, Parsed, Source, excerpt, is_name, recognise_manager};
use std::collections::BTreeSet;

/// A block the parser is inside.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Frame {
    If,
    Loop,
    Case,
    Function(String),
    /// `name()` seen, its `{` not yet.
    PendingFunction(String),
    Brace,
    Subshell,
}

struct Parser {
    frames: Vec<Frame>,
    allexport: bool,
    exported_names: BTreeSet<String>,
    out: Parsed,
}

pub fn parse(text: &str) -> Parsed {
    let mut parser = Parser {
        frames: Vec::new(),
        allexport: false,
        exported_names: BTreeSet::new(),
        out: Parsed::default(),
    };
    let tokens = tokenize(text, false);
    let mut words: Vec<(String, u32)> = Vec::new();
    let mut before: Option<Sep> = None;
    for token in tokens {
        match token {
            Token::Word { raw, line } => words.push((raw, line)),
            Token::Sep { sep, line } => {
                let in_case = parser.frames.last() == Some(&Frame::Case);
                match sep {
                    // `name()`: a function definition.
                    Sep::Open if words.len() == 1 => {
                        let name = words.remove(0).0;
                        parser.frames.push(Frame::PendingFunction(name));
                        continue;
                    }
                    Sep::Close
                        if matches!(parser.frames.last(), Some(Frame::PendingFunction(_))) =>
                    {
                        continue;
                    }
                    // A case pattern `pat)`.
                    Sep::Close if in_case => {
                        words.clear();
                        continue;
                    }
                    Sep::Open if words.is_empty() => {
                        parser.frames.push(Frame::Subshell);
                        continue;
                    }
                    _ => {}
                }
                let chained = matches!(before, Some(Sep::And | Sep::Or | Sep::Pipe))
                    || matches!(sep, Sep::Pipe | Sep::Amp);
                parser.statement(std::mem::take(&mut words), chained, line);
                if sep == Sep::Close && parser.frames.last() == Some(&Frame::Subshell) {
                    parser.frames.pop();
                }
                before = Some(sep);
            }
        }
    }
    parser.statement(
        words,
        matches!(before, Some(Sep::And | Sep::Or | Sep::Pipe)),
        0,
    );
    let Parser {
        exported_names,
        mut out,
        ..
    } = parser;
    for a in &mut out.assignments {
        if exported_names.contains(&a.name) {
            a.exported = true;
        }
    }
    out
}

impl Parser {
    fn guard(&self, chained: bool) -> Option<String> {
        let frame = self.frames.iter().rev().find_map(|f| match f {
            Frame::Function(name) | Frame::PendingFunction(name) => Some(format!(
                "inside the function `{name}` (runs only when it is called)"
            )),
            Frame::If => Some("inside an `if` block".to_string()),
            Frame::Loop => Some("inside a loop".to_string()),
            Frame::Case => Some("inside a `case` branch".to_string()),
            Frame::Subshell => {
                Some("inside a subshell (it does not change the shell itself)".to_string())
            }
            Frame::Brace => None,
        });
        frame.or_else(|| {
            chained.then(|| "in a command list with `&&`, `||`, `|` or `&`".to_string())
        })
    }

    fn statement(&mut self, words: Vec<(String, u32)>, chained: bool, _sep_line: u32) {
        let mut words: &[(String, u32)] = &words;
        // Keywords that open or close blocks, possibly several in a row.
        while let Some((first, _)) = words.first() {
            match first.as_str() {
                "if" | "while" | "until" | "for" | "select" => {
                    self.frames.push(if first == "if" {
                        Frame::If
                    } else {
                        Frame::Loop
                    });
                    if first == "for" || first == "select" {
                        return; // `for x in ...; do`: the loop header assigns nothing we follow
                    }
                    words = &words[1..];
                }
                "case" => {
                    self.frames.push(Frame::Case);
                    return;
                }
                "then" | "do" | "else" | "elif" | "!" | "time" | "builtin" | "command"
                | "noglob" | "nocorrect" => words = &words[1..],
                "fi" | "done" | "esac" | "}" => {
                    self.frames.pop();
                    words = &words[1..];
                }
                "{" => {
                    match self.frames.last().cloned() {
                        Some(Frame::PendingFunction(name)) => {
                            self.frames.pop();
                            self.frames.push(Frame::Function(name));
                        }
                        _ => self.frames.push(Frame::Brace),
                    }
                    words = &words[1..];
                }
                "function" => {
                    let name = words
                        .get(1)
                        .map(|(w, _)| w.trim_end_matches("()").to_string())
                        .unwrap_or_default();
                    self.frames.push(Frame::PendingFunction(name));
                    words = words.get(2..).unwrap_or(&[]);
                }
                _ => break,
            }
        }
        // Redirections and their targets are not arguments.
        let mut args: Vec<(String, u32)> = Vec::new();
        let mut skip_next = false;
        for (word, line) in words {
            if skip_next {
                skip_next = false;
                continue;
            }
            if word.starts_with(['<', '>'])
                || word.starts_with(|c: char| c.is_ascii_digit())
                    && word
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .starts_with(['<', '>'])
            {
                // `>`, `2>` alone take the next word; `2>&1`, `>/x` don't.
                let op_only = word
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .chars()
                    .all(|c| matches!(c, '<' | '>' | '|'));
                skip_next = op_only;
                continue;
            }
            args.push((word.clone(), *line));
        }
        let Some((command, line)) = args.first().cloned() else {
            return;
        };
        let guard = self.guard(chained);
        let text = args
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // Leading assignments: alone they set shell variables; before a
        // command they only set its environment.
        let leading = args
            .iter()
            .take_while(|(w, _)| split_assignment(w).is_some())
            .count();
        if leading == args.len() {
            for (word, line) in &args {
                self.assignment(word, *line, self.allexport, guard.clone());
            }
            self.note_manager(&text, line, &guard, None);
            return;
        }
        if leading > 0 {
            self.note_manager(&text, line, &guard, None);
            return;
        }
        match unquote(&command).as_str() {
            "export" | "declare" | "typeset" | "readonly" | "local" | "integer" => {
                let cmd = unquote(&command);
                let mut export = cmd == "export";
                let mut unexport = false;
                let mut functions = false;
                let mut names = Vec::new();
                for (word, line) in &args[1..] {
                    let unquoted = unquote(word);
                    if let Some(flags) = unquoted.strip_prefix('-').filter(|_| names.is_empty()) {
                        export |= flags.contains('x');
                        unexport |= cmd == "export" && flags.contains('n');
                        functions |= flags.contains('f');
                        continue;
                    }
                    if unquoted.starts_with('+') && names.is_empty() {
                        continue;
                    }
                    names.push((word.clone(), *line));
                }
                if functions || unexport || (cmd == "local" && !export) {
                    return;
                }
                for (word, line) in names {
                    if split_assignment(&word).is_some() {
                        self.assignment(&word, line, export || self.allexport, guard.clone());
                    } else if export {
                        let name = unquote(&word);
                        let name = tied_variable(&name).map_or(name, str::to_string);
                        if is_name(&name) {
                            self.exported_names.insert(name);
                        }
                    }
                }
            }
            "unset" => {
                let mut functions = false;
                for (word, line) in &args[1..] {
                    let name = unquote(word);
                    if name.starts_with('-') {
                        functions |= name.contains('f');
                        continue;
                    }
                    if !functions && is_name(&name) {
                        self.out.assignments.push(Assignment {
                            name,
                            line: *line,
                            kind: Kind::Unset,
                            value: String::new(),
                            entries: Vec::new(),
                            exported: true,
                            guarded_by: guard.clone(),
                        });
                    }
                }
            }
            "source" | "." => {
                if let Some((path, _)) = args.get(1) {
                    self.out.sources.push(Source {
                        line,
                        path: unquote(path),
                        guarded_by: guard.clone(),
                    });
                }
                self.note_manager(&text, line, &guard, None);
            }
            "eval" => {
                self.note_manager(
                    &text,
                    line,
                    &guard,
                    Some("eval runs text gomedic cannot see"),
                );
            }
            "set" => {
                for (word, _) in &args[1..] {
                    match unquote(word).as_str() {
                        "-a" => self.allexport = true,
                        "+a" => self.allexport = false,
                        _ => {}
                    }
                }
                if args.len() == 3 && unquote(&args[2].0) == "allexport" {
                    self.allexport = unquote(&args[1].0) == "-o";
                }
            }
            "[" | "[[" | "test" => {}
            _ => self.note_manager(&text, line, &guard, None),
        }
    }

    /// Records a version-manager line (always) or an opaque line (`reason`).
    fn note_manager(
        &mut self,
        text: &str,
        line: u32,
        guard: &Option<String>,
        reason: Option<&str>,
    ) {
        let manager = recognise_manager(text);
        if manager.is_none() && reason.is_none() {
            return;
        }
        // A plain assignment naming a manager's directory is followed anyway.
        let reason = match reason {
            Some(r) => r.to_string(),
            None if text.contains("$(") || text.contains('`') => {
                "runs a command whose effect gomedic cannot see".to_string()
            }
            None if split_assignment(text.split(' ').next().unwrap_or("")).is_some()
                || text.starts_with("export ") =>
            {
                return;
            }
            None => {
                "initialises a version manager; what it sets is decided when it runs".to_string()
            }
        };
        self.out.opaque.push(Opaque {
            line,
            manager,
            reason,
            text: excerpt(text),
            guarded_by: guard.clone(),
        });
    }

    /// `NAME=value`, `NAME+=value`, zsh `path=(...)` / `path+=(...)`.
    fn assignment(&mut self, word: &str, line: u32, exported: bool, guard: Option<String>) {
        let Some((name, append, raw_value)) = split_assignment(word) else {
            return;
        };
        let (name, array) = match tied_variable(name) {
            Some(tied) => (tied.to_string(), true),
            None => (name.to_string(), false),
        };
        let is_array_literal = raw_value.starts_with('(');
        let parts: Vec<(Kind, String, Vec<String>)> = if is_array_literal {
            if !array {
                return; // a shell array, never in the environment
            }
            let elements = array_elements(raw_value);
            let values: Vec<&str> = elements.iter().map(|(v, _)| v.as_str()).collect();
            if append {
                let entries: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                vec![(Kind::Append, entries.join(":"), entries)]
            } else {
                match values
                    .iter()
                    .position(|v| crate::value::is_self_reference(v, &name, Some("path")))
                {
                    Some(at) => split_around_self(&values, at, ":"),
                    None => {
                        let entries: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                        vec![(Kind::Set, entries.join(":"), entries)]
                    }
                }
            }
        } else {
            let value = unquote(raw_value);
            if append {
                let trimmed = if array {
                    value.clone()
                } else {
                    value.trim_start_matches(':').to_string()
                };
                let entries = if crate::value::is_list_variable(&name) {
                    trimmed
                        .split(':')
                        .filter(|e| !e.is_empty())
                        .map(str::to_string)
                        .collect()
                } else {
                    Vec::new()
                };
                vec![(Kind::Append, value, entries)]
            } else {
                classify(&name, &value)
            }
        };
        for (kind, value, entries) in parts {
            self.out.assignments.push(Assignment {
                name: name.clone(),
                line,
                kind,
                value,
                entries,
                exported,
                guarded_by: guard.clone(),
            });
        }
    }
}

/// Splits `NAME=value` / `NAME+=value` into (name, is_append, raw value).
fn split_assignment(word: &str) -> Option<(&str, bool, &str)> {
    let eq = word.find('=')?;
    let (name, append) = match word[..eq].strip_suffix('+') {
        Some(name) => (name, true),
        None => (&word[..eq], false),
    };
    is_name(name).then_some((name, append, &word[eq + 1..]))
}
