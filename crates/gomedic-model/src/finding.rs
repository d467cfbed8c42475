//! A finding: one thing gomedic diagnosed, with the evidence it rests on.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Go works, but the setup is fragile, slow, unsafe or about to break.
    Warning,
    /// Go cannot work as the user expects: a build, download or tool fails.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One fact a finding rests on: a value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What the value is, e.g. "GOPROXY" or "go on PATH #2".
    pub label: String,
    /// The value itself (already redacted).
    pub value: String,
    /// Where it came from, e.g. "process environment" or "/home/a/.config/go/env:3".
    pub source: String,
}

impl Evidence {
    pub fn new(
        label: impl Into<String>,
        value: impl Into<String>,
        source: impl Into<String>,
    ) -> Self {
        Evidence {
            label: label.into(),
            value: value.into(),
            source: source.into(),
        }
    }
}

/// One way to fix a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What to do, in a sentence.
    pub description: String,
    /// Shell commands that do it, when there are any (never run by `check`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
}

impl Fix {
    pub fn new(description: impl Into<String>) -> Self {
        Fix {
            description: description.into(),
            commands: Vec::new(),
        }
    }

    pub fn with_command(mut self, command: impl Into<String>) -> Self {
        self.commands.push(command.into());
        self
    }
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// A stable id from the check catalogue, e.g. `toolchain/go-shadowed`.
    pub id: String,
    pub severity: Severity,
    /// One line saying what is wrong, with the key values in it.
    pub title: String,
    pub evidence: Vec<Evidence>,
    /// Why it matters, for a newcomer.
    pub explanation: String,
    /// At least one fix.
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A finding with no evidence or fixes yet (checks add them).
    pub fn new(
        id: impl Into<String>,
        severity: Severity,
        title: impl Into<String>,
        explanation: impl Into<String>,
    ) -> Finding {
        Finding {
            id: id.into(),
            severity,
            title: title.into(),
            evidence: Vec::new(),
            explanation: explanation.into(),
            fixes: Vec::new(),
        }
    }

    /// The area of the id (`toolchain` for `toolchain/go-shadowed`).
    pub fn area(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }
}
