//! The text form of `gomedic which`.

use super::report_text::printable;
use super::style::{self, paint};
use crate::commands::which::{GoEntry, Role, WhichView};
use std::io::{self, Write};

/// Writes the view as text.
pub fn write_which(out: &mut dyn Write, view: &WhichView, ascii: bool) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        paint(style::HEADING, "go on PATH, in order (the first one runs)")
    )?;
    if view.on_path.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for entry in &view.on_path {
        write_entry(out, entry, ascii)?;
    }
    if !view.off_path.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint(style::HEADING, "Installed but not on PATH")
        )?;
        for entry in &view.off_path {
            write_entry(out, entry, ascii)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", printable(&view.reason))?;
    out.flush()
}

fn write_entry(out: &mut dyn Write, entry: &GoEntry, ascii: bool) -> io::Result<()> {
    let marker = match entry.role {
        Role::Runs => paint(style::OK, style::winner_mark(ascii)),
        Role::Shadowed | Role::OffPath => " ".repeat(style::winner_mark(ascii).chars().count()),
    };
    let position = entry
        .path_entry
        .map(|n| format!("#{n} "))
        .unwrap_or_default();
    let version = entry.version.as_deref().unwrap_or("unknown version");
    let platform = entry.platform.as_deref().unwrap_or("unknown platform");
    let tag = match entry.role {
        Role::Runs => paint(style::OK, "runs"),
        Role::Shadowed => paint(style::DIM, "shadowed"),
        Role::OffPath => paint(style::DIM, "off PATH"),
    };
    writeln!(
        out,
        "{marker} {position}{}  {version}  {platform}  [{tag}]",
        paint(style::ID, &printable(&entry.path))
    )?;
    let real = match &entry.real_path {
        Some(real) if *real == entry.path => None,
        Some(real) => Some(printable(real)),
        None => Some(paint(style::ERROR, "(broken symbolic link)")),
    };
    if let Some(real) = real {
        writeln!(out, "      real path: {real}")?;
    }
    let goroot = entry
        .goroot
        .as_deref()
        .map(printable)
        .unwrap_or_else(|| "(not found)".to_string());
    writeln!(out, "      GOROOT:    {goroot}")?;
    writeln!(out, "      source:    {}", printable(&entry.source))?;
    if let Some(problem) = &entry.problem {
        let mark = style::severity_mark(gomedic_model::Severity::Error, ascii);
        writeln!(
            out,
            "      {} cannot run: {}",
            paint(style::ERROR, mark),
            printable(problem)
        )?;
    }
    Ok(())
}
