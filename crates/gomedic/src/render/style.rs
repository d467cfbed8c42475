//! Colours and marks, defined once for every renderer.

use anstyle::{AnsiColor, Style};
use gomedic_model::Severity;

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const INFO: Style = AnsiColor::Blue.on_default().bold();
pub const OK: Style = AnsiColor::Green.on_default().bold();
pub const HEADING: Style = Style::new().bold().underline();
pub const ID: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const COMMAND: Style = AnsiColor::Cyan.on_default();

/// The colour of a severity.
pub fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => INFO,
    }
}

/// The mark shown before a finding: a symbol, or a bracketed word in ASCII mode.
pub fn severity_mark(severity: Severity, ascii: bool) -> &'static str {
    match (severity, ascii) {
        (Severity::Error, false) => "✖",
        (Severity::Warning, false) => "⚠",
        (Severity::Info, false) => "ℹ",
        (Severity::Error, true) => "[x]",
        (Severity::Warning, true) => "[!]",
        (Severity::Info, true) => "[i]",
    }
}

/// The mark of a good outcome.
pub fn ok_mark(ascii: bool) -> &'static str {
    if ascii { "[ok]" } else { "✔" }
}

/// The arrow that points at the `go` that runs.
pub fn winner_mark(ascii: bool) -> &'static str {
    if ascii { "->" } else { "→" }
}

/// Writes `text` in `style`.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}
