//! The versioned report `gomedic check --format json` prints.

use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// The schema identifier of [`Report`]; bumped on any incompatible change.
pub const REPORT_SCHEMA: &str = "gomedic.report/v1";

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// What `gomedic check --format json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_SCHEMA`].
    pub schema: String,
    /// The gomedic version that wrote the report.
    pub gomedic_version: String,
    /// "this machine" or the path of the snapshot that was diagnosed.
    pub subject: String,
    pub summary: Summary,
    /// Findings, most severe first, then by id.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Builds a report, sorting findings (errors first, then by id).
    pub fn new(subject: impl Into<String>, mut findings: Vec<Finding>) -> Report {
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
        let mut summary = Summary::default();
        for f in &findings {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        Report {
            schema: REPORT_SCHEMA.to_string(),
            gomedic_version: env!("CARGO_PKG_VERSION").to_string(),
            subject: subject.into(),
            summary,
            findings,
        }
    }

    /// True when at least one finding is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}
