//! fish `config.fish` and `conf.d/*.fish`.

use crate::lexer::{Sep, Token, tokenize};
use crate::value::{is_self_reference, split_around_self, unquote};
use crate::{Assignment, Kind, Opaque, Parsed, Source, excerpt, is_name, recognise_manager};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    If,
    Loop,
    Switch,
    Function(String),
    Begin,
}

pub fn parse(text: &str) -> Parsed {
    let mut blocks: Vec<Block> = Vec::new();
    let mut out = Parsed::default();
    let mut words: Vec<(String, u32)> = Vec::new();
    let mut before: Option<Sep> = None;
    let mut tokens = tokenize(text, true);
    tokens.push(Token::Sep {
        sep: Sep::Newline,
        line: 0,
    });
    for token in tokens {
        match token {
            Token::Word { raw, line } => words.push((raw, line)),
            Token::Sep { sep, .. } => {
                let piped = matches!(sep, Sep::Pipe | Sep::Amp)
                    || matches!(before, Some(Sep::Pipe | Sep::And | Sep::Or));
                statement(
                    &mut blocks,
                    &mut out,
                    std::mem::take(&mut words),
                    piped,
                    sep,
                );
                before = Some(sep);
            }
        }
    }
    out
}

fn guard(blocks: &[Block], chained: bool) -> Option<String> {
    blocks
        .iter()
        .rev()
        .find_map(|b| match b {
            Block::Function(name) => Some(format!(
                "inside the function `{name}` (runs only when it is called)"
            )),
            Block::If => Some("inside an `if` block".to_string()),
            Block::Loop => Some("inside a loop".to_string()),
            Block::Switch => Some("inside a `switch` case".to_string()),
            Block::Begin => None,
        })
        .or_else(|| {
            chained.then(|| "in a command list with `and`, `or`, `&&`, `||` or `|`".to_string())
        })
}

fn statement(
    blocks: &mut Vec<Block>,
    out: &mut Parsed,
    words: Vec<(String, u32)>,
    mut chained: bool,
    sep: Sep,
) {
    let mut words: &[(String, u32)] = &words;
    while let Some((first, _)) = words.first() {
        match first.as_str() {
            "if" | "while" | "for" | "switch" | "function" | "begin" => {
                let block = match first.as_str() {
                    "if" => Block::If,
                    "switch" => Block::Switch,
                    "begin" => Block::Begin,
                    "function" => {
                        Block::Function(words.get(1).map(|(w, _)| unquote(w)).unwrap_or_default())
                    }
                    _ => Block::Loop,
                };
                let header_only = matches!(block, Block::Function(_) | Block::Switch | Block::Loop)
                    && first != "while";
                blocks.push(block);
                if header_only {
                    return;
                }
                words = &words[1..];
            }
            "end" => {
                blocks.pop();
                words = &words[1..];
            }
            "else" => {
                words = &words[1..];
                if words.first().is_some_and(|(w, _)| w == "if") {
                    words = &words[1..];
                }
            }
            "case" => return,
            "and" | "or" | "not" | "!" => {
                chained = true;
                words = &words[1..];
            }
            "builtin" | "command" | "exec" => words = &words[1..],
            _ => break,
        }
    }
    let args: Vec<(String, u32)> = words
        .iter()
        .filter(|(w, _)| !w.starts_with(['<', '>']) && !w.starts_with("2>"))
        .cloned()
        .collect();
    let Some((command, line)) = args.first().cloned() else {
        return;
    };
    let guard = guard(blocks, chained || sep == Sep::Pipe);
    let text = args
        .iter()
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let piped_into_source = sep == Sep::Pipe;
    match unquote(&command).as_str() {
        "set" => set(out, &args[1..], line, guard),
        "fish_add_path" => fish_add_path(out, &args[1..], line, guard),
        "source" | "." => match args.get(1) {
            Some((path, _)) if !path.starts_with('(') && path != "-" => out.sources.push(Source {
                line,
                path: unquote(path),
                guarded_by: guard,
            }),
            // `cmd | source`: the left side is reported.
            None => {}
            _ => opaque(
                out,
                &text,
                line,
                guard,
                "sources the output of a command gomedic cannot see",
            ),
        },
        "eval" => opaque(out, &text, line, guard, "eval runs text gomedic cannot see"),
        _ if piped_into_source => opaque(
            out,
            &text,
            line,
            guard,
            "its output is run as fish code, which gomedic cannot see",
        ),
        _ => {
            if recognise_manager(&text).is_some() {
                opaque(
                    out,
                    &text,
                    line,
                    guard,
                    "initialises a version manager; what it sets is decided when it runs",
                );
            }
        }
    }
}

fn opaque(out: &mut Parsed, text: &str, line: u32, guard: Option<String>, reason: &str) {
    out.opaque.push(Opaque {
        line,
        manager: recognise_manager(text),
        reason: reason.to_string(),
        text: excerpt(text),
        guarded_by: guard,
    });
}

/// `set [flags] NAME [VALUES...]`.
fn set(out: &mut Parsed, args: &[(String, u32)], line: u32, guard: Option<String>) {
    let mut export = false;
    let mut erase = false;
    let mut append = false;
    let mut prepend = false;
    let mut local = false;
    let mut rest = args.iter().map(|(w, _)| unquote(w)).peekable();
    while let Some(flag) = rest.peek().filter(|w| w.starts_with('-')).cloned() {
        rest.next();
        if flag == "--" {
            break;
        }
        match flag.as_str() {
            "--export" => export = true,
            "--erase" => erase = true,
            "--append" => append = true,
            "--prepend" => prepend = true,
            "--local" | "--function" => local = true,
            "--query" | "--show" | "--names" => return,
            long if long.starts_with("--") => {}
            short => {
                for c in short.chars().skip(1) {
                    match c {
                        'x' => export = true,
                        'e' => erase = true,
                        'a' => append = true,
                        'p' => prepend = true,
                        'l' | 'f' => local = true,
                        'q' | 'S' | 'n' => return,
                        _ => {}
                    }
                }
            }
        }
    }
    let Some(name) = rest.next() else { return };
    if !is_name(&name) || local && !export {
        return;
    }
    let values: Vec<String> = rest.collect();
    let exported = export || name == "PATH";
    let push = |out: &mut Parsed, kind: Kind, entries: Vec<String>| {
        let is_list = name.ends_with("PATH");
        out.assignments.push(Assignment {
            name: name.clone(),
            line,
            kind,
            value: entries.join(if is_list { ":" } else { " " }),
            entries: if is_list { entries } else { Vec::new() },
            exported,
            guarded_by: guard.clone(),
        });
    };
    if erase {
        push(out, Kind::Unset, Vec::new());
    } else if append || prepend {
        push(
            out,
            if append { Kind::Append } else { Kind::Prepend },
            values,
        );
    } else if let Some(at) = values
        .iter()
        .position(|v| is_self_reference(v, &name, None))
    {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        for (kind, _, entries) in split_around_self(&refs, at, ":") {
            push(out, kind, entries);
        }
    } else {
        push(out, Kind::Set, values);
    }
}

/// `fish_add_path [-a|-p] [-m] [-g|-U] [-P] [-v] [-n] DIRS...`: prepends by
/// default (to the universal `fish_user_paths`, which fish puts in PATH).
fn fish_add_path(out: &mut Parsed, args: &[(String, u32)], line: u32, guard: Option<String>) {
    let mut append = false;
    let mut dirs = Vec::new();
    for (word, _) in args {
        let word = unquote(word);
        match word.as_str() {
            "-a" | "--append" => append = true,
            "-p" | "--prepend" => append = false,
            "-n" | "--dry-run" => return,
            flag if flag.starts_with('-') => {}
            _ => dirs.push(word),
        }
    }
    if dirs.is_empty() {
        return;
    }
    out.assignments.push(Assignment {
        name: "PATH".to_string(),
        line,
        kind: if append { Kind::Append } else { Kind::Prepend },
        value: dirs.join(":"),
        entries: dirs,
        exported: true,
        guarded_by: guard,
    });
}
