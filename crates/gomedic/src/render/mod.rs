//! Turning gomedic's data into output: text for a person, JSON for a machine.
//!
//! Renderers write ANSI-styled text to any [`std::io::Write`]; the stream they
//! are given (an [`anstream::AutoStream`]) keeps or strips the colours, so the
//! colour decision (`--color`, NO_COLOR, terminal or pipe) is made in one place.

pub mod json;
pub mod report_text;
pub mod style;
pub mod which_text;

#[cfg(test)]
mod golden_tests;

use crate::cli::ColorWhen;
use anstream::{AutoStream, ColorChoice};

/// How text output looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Show evidence and explanations.
    pub verbose: bool,
    /// Use ASCII marks instead of Unicode symbols.
    pub ascii: bool,
}

/// Standard output, colouring as `when` asks.
pub fn stdout(when: ColorWhen) -> AutoStream<std::io::Stdout> {
    AutoStream::new(std::io::stdout(), color_choice(when))
}

/// Standard error, colouring as `when` asks.
pub fn stderr(when: ColorWhen) -> AutoStream<std::io::Stderr> {
    AutoStream::new(std::io::stderr(), color_choice(when))
}

fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        // Auto: colours on a terminal, off when piped, NO_COLOR or TERM=dumb.
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    }
}

/// Whether the locale cannot show Unicode symbols, judged as C libraries do:
/// the first of LC_ALL, LC_CTYPE, LANG that is set and non-empty decides.
/// An unset locale is taken as capable (modern terminals are UTF-8).
pub fn locale_wants_ascii(lookup: impl Fn(&str) -> Option<String>) -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|name| lookup(name))
        .find(|value| !value.is_empty());
    match locale {
        None => false,
        Some(value) => {
            let lower = value.to_ascii_lowercase();
            !(lower.contains("utf-8") || lower.contains("utf8"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            owned
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn locale_decides_marks() {
        assert!(!locale_wants_ascii(env(&[])));
        assert!(!locale_wants_ascii(env(&[("LANG", "en_US.UTF-8")])));
        assert!(!locale_wants_ascii(env(&[
            ("LC_ALL", "C.utf8"),
            ("LANG", "C")
        ])));
        assert!(locale_wants_ascii(env(&[("LANG", "C")])));
        assert!(locale_wants_ascii(env(&[
            ("LC_ALL", "POSIX"),
            ("LANG", "en_US.UTF-8")
        ])));
        // An empty LC_ALL does not count: LANG decides.
        assert!(!locale_wants_ascii(env(&[
            ("LC_ALL", ""),
            ("LANG", "de_DE.UTF-8")
        ])));
    }
}
