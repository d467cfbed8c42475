//! The text form of a [`Report`]: findings grouped by area, one mark per
//! severity, the id, the title and the fixes; `-v` adds the evidence and the
//! explanation; a one-line summary closes it.

use super::TextOptions;
use super::style::{self, paint};
use gomedic_model::{Finding, Report, Severity};
use std::io::{self, Write};

/// The areas of the check catalogue, in the order they are shown.
const AREA_ORDER: [&str; 9] = [
    "toolchain",
    "env",
    "modules",
    "private",
    "network",
    "cgo",
    "os",
    "editor",
    "ci",
];

/// Writes `report` as text.
pub fn write_report(out: &mut dyn Write, report: &Report, options: TextOptions) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        paint(
            style::HEADING,
            &format!("gomedic check: {}", printable(&report.subject))
        )
    )?;
    let groups = group_by_area(&report.findings);
    for (area, findings) in &groups {
        writeln!(out)?;
        writeln!(out, "{}", paint(style::ID, &printable(area)))?;
        for finding in findings {
            write_finding(out, finding, options)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", summary_line(report, &groups, options.ascii))?;
    if !report.findings.is_empty() && !options.verbose {
        writeln!(
            out,
            "{}",
            paint(
                style::DIM,
                "Run with -v for the evidence, or `gomedic explain ID` for the details of one finding."
            )
        )?;
    }
    out.flush()
}

fn write_finding(out: &mut dyn Write, finding: &Finding, options: TextOptions) -> io::Result<()> {
    let severity_style = style::severity_style(finding.severity);
    let mark = style::severity_mark(finding.severity, options.ascii);
    let word = format!("{:<7}", finding.severity.to_string());
    writeln!(
        out,
        "  {} {} {}",
        paint(severity_style, mark),
        paint(severity_style, &word),
        paint(style::ID, &printable(&finding.id))
    )?;
    writeln!(out, "      {}", printable(&finding.title))?;
    if options.verbose {
        write_evidence(out, finding)?;
    }
    let numbered = finding.fixes.len() > 1;
    for (i, fix) in finding.fixes.iter().enumerate() {
        let label = if numbered {
            format!("fix {}:", i + 1)
        } else {
            "fix:".to_string()
        };
        writeln!(
            out,
            "      {} {}",
            paint(style::OK, &label),
            printable(&fix.description)
        )?;
        for command in &fix.commands {
            writeln!(
                out,
                "          {}",
                paint(style::COMMAND, &format!("$ {}", printable(command)))
            )?;
        }
    }
    if options.verbose && !finding.explanation.trim().is_empty() {
        writeln!(out, "      {}", paint(style::DIM, "why:"))?;
        for line in finding.explanation.trim_end().lines() {
            writeln!(out, "        {}", printable(line))?;
        }
    }
    Ok(())
}

fn write_evidence(out: &mut dyn Write, finding: &Finding) -> io::Result<()> {
    if finding.evidence.is_empty() {
        return Ok(());
    }
    writeln!(out, "      {}", paint(style::DIM, "evidence:"))?;
    let width = finding
        .evidence
        .iter()
        .map(|e| printable(&e.label).chars().count())
        .max()
        .unwrap_or(0);
    for evidence in &finding.evidence {
        let label = printable(&evidence.label);
        let pad = " ".repeat(width - label.chars().count());
        writeln!(
            out,
            "        {label}{pad}  {}  {}",
            printable(&evidence.value),
            paint(style::DIM, &format!("({})", printable(&evidence.source)))
        )?;
    }
    Ok(())
}

/// Findings grouped by area: catalogue areas in catalogue order, then any
/// other area alphabetically. Findings keep the report's order within a group.
fn group_by_area(findings: &[Finding]) -> Vec<(String, Vec<&Finding>)> {
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for finding in findings {
        let area = finding.area();
        match groups.iter_mut().find(|(name, _)| name == area) {
            Some((_, members)) => members.push(finding),
            None => groups.push((area.to_string(), vec![finding])),
        }
    }
    groups.sort_by_key(|(name, _)| {
        let rank = AREA_ORDER
            .iter()
            .position(|a| a == name)
            .unwrap_or(AREA_ORDER.len());
        (rank, name.clone())
    });
    groups
}

fn summary_line(report: &Report, groups: &[(String, Vec<&Finding>)], ascii: bool) -> String {
    let summary = report.summary;
    if report.findings.is_empty() {
        return format!(
            "{} {}",
            paint(style::OK, style::ok_mark(ascii)),
            paint(style::OK, "No problems found.")
        );
    }
    let counts = [
        (summary.errors, "error", Severity::Error),
        (summary.warnings, "warning", Severity::Warning),
        (summary.infos, "info", Severity::Info),
    ]
    .iter()
    .map(|&(n, word, severity)| {
        let text = plural(n, word);
        if n > 0 {
            paint(style::severity_style(severity), &text)
        } else {
            text
        }
    })
    .collect::<Vec<_>>()
    .join(", ");
    let areas: Vec<String> = groups.iter().map(|(name, _)| printable(name)).collect();
    format!(
        "{counts} in {} ({})",
        plural(areas.len(), "area"),
        areas.join(", ")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Makes a value safe to print on a terminal: control characters (which a
/// crafted snapshot could use to move the cursor or recolour the screen) are
/// shown escaped instead of being sent.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_model::{Evidence, Fix};

    fn finding(id: &str, severity: Severity) -> Finding {
        Finding {
            id: id.to_string(),
            severity,
            title: format!("title of {id}"),
            evidence: vec![Evidence::new("GOPROXY", "off", "process environment")],
            explanation: "Because.\nReally.".to_string(),
            fixes: vec![Fix::new("Do it.").with_command("go env -u GOPROXY")],
        }
    }

    fn render(report: &Report, options: TextOptions) -> String {
        let mut out = Vec::new();
        write_report(&mut out, report, options).unwrap();
        anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string()
    }

    #[test]
    fn areas_follow_catalogue_order_then_alphabet() {
        let report = Report::new(
            "this machine",
            vec![
                finding("zeta/x", Severity::Error),
                finding("modules/goproxy-off", Severity::Error),
                finding("toolchain/go-shadowed", Severity::Info),
                finding("alpha/y", Severity::Warning),
            ],
        );
        let names: Vec<String> = group_by_area(&report.findings)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["toolchain", "modules", "alpha", "zeta"]);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(printable("tab\there"), "tab\\there");
        assert_eq!(printable("plain ✓"), "plain ✓");
    }

    #[test]
    fn summary_counts_and_plurals() {
        let report = Report::new(
            "x",
            vec![
                finding("env/a", Severity::Error),
                finding("env/b", Severity::Error),
                finding("toolchain/c", Severity::Warning),
            ],
        );
        let text = render(&report, TextOptions::default());
        assert!(
            text.contains("\n2 errors, 1 warning, 0 infos in 2 areas (toolchain, env)\n"),
            "{text}"
        );
        let empty = render(
            &Report::new("x", vec![]),
            TextOptions {
                verbose: false,
                ascii: true,
            },
        );
        assert_eq!(empty, "gomedic check: x\n\n[ok] No problems found.\n");
    }
}
