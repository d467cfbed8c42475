//! `gomedic explain`: the long explanation of a finding id, from the check
//! catalogue.

use super::Context;
use crate::render::{self, report_text::printable, style};
use std::io::Write;

/// Arguments of `gomedic explain`.
#[derive(Debug, clap::Args)]
#[command(arg_required_else_help = true)]
pub struct ExplainArgs {
    /// The finding id, e.g. `toolchain/go-shadowed`.
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    pub id: Option<String>,
    /// List every id in the catalogue.
    #[arg(long)]
    pub list: bool,
}

/// One catalogue entry, as `explain` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub summary: String,
    pub explanation: String,
}

/// Runs `gomedic explain`; returns the process exit code (2 for an unknown id).
pub fn run(args: &ExplainArgs, ctx: &Context) -> anyhow::Result<i32> {
    let catalogue = catalogue();
    let mut out = render::stdout(ctx.color);
    if args.list {
        let width = catalogue
            .iter()
            .map(|e| e.id.chars().count())
            .max()
            .unwrap_or(0);
        for entry in &catalogue {
            let pad = " ".repeat(width - entry.id.chars().count());
            writeln!(
                out,
                "{}{pad}  {}",
                paint_id(&entry.id),
                printable(&entry.summary)
            )?;
        }
        out.flush()?;
        return Ok(0);
    }
    let id = args.id.as_deref().unwrap_or_default().trim();
    match catalogue.iter().find(|e| e.id == id) {
        Some(entry) => {
            writeln!(out, "{}", paint_id(&entry.id))?;
            writeln!(out, "{}", printable(&entry.summary))?;
            writeln!(out)?;
            for line in entry.explanation.trim_end().lines() {
                writeln!(out, "{}", printable(line))?;
            }
            out.flush()?;
            Ok(0)
        }
        None => {
            let similar = similar_ids(id, catalogue.iter().map(|e| e.id.as_str()));
            let mut err = render::stderr(ctx.color);
            writeln!(err, "gomedic: unknown finding id `{}`", printable(id))?;
            if similar.is_empty() {
                writeln!(err, "Run `gomedic explain --list` to see every id.")?;
            } else {
                writeln!(err, "Did you mean:")?;
                for candidate in similar {
                    writeln!(err, "  {candidate}")?;
                }
            }
            Ok(2)
        }
    }
}

fn paint_id(id: &str) -> String {
    style::paint(style::ID, &printable(id))
}

/// Every check of the catalogue, sorted by id.
pub fn catalogue() -> Vec<Entry> {
    let mut entries: Vec<Entry> = gomedic_checks::catalogue()
        .iter()
        .map(|check| Entry {
            id: check.id.to_string(),
            summary: check.summary.to_string(),
            explanation: check.explanation.to_string(),
        })
        .collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries
}

/// Up to five ids close to `wanted`: same slug in another area, a shared
/// substring, or a small edit distance; closest first.
pub fn similar_ids<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    let wanted_slug = wanted.rsplit('/').next().unwrap_or(&wanted).to_string();
    let mut scored: Vec<(usize, &str)> = ids
        .filter_map(|id| {
            let lower = id.to_ascii_lowercase();
            let slug = lower.rsplit('/').next().unwrap_or(&lower);
            let distance = edit_distance(&wanted, &lower).min(edit_distance(&wanted_slug, slug));
            let related = !wanted_slug.is_empty()
                && (slug.contains(&wanted_slug) || wanted_slug.contains(slug));
            let close = distance <= (wanted_slug.chars().count() / 3).max(2);
            (related || close).then_some((if related { 0 } else { distance }, id))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, id)| id).collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = [
        "toolchain/go-shadowed",
        "toolchain/go-not-found",
        "env/goroot-set",
        "modules/goproxy-off",
        "modules/goproxy-invalid",
    ];

    #[test]
    fn suggestions() {
        assert_eq!(
            similar_ids("toolchain/go-shadow", IDS.into_iter()),
            ["toolchain/go-shadowed"]
        );
        assert_eq!(
            similar_ids("go-shadowed", IDS.into_iter()),
            ["toolchain/go-shadowed"]
        );
        assert_eq!(
            similar_ids("env/goproxy-of", IDS.into_iter()),
            ["modules/goproxy-off"]
        );
        assert_eq!(
            similar_ids("goproxy", IDS.into_iter()),
            ["modules/goproxy-invalid", "modules/goproxy-off"]
        );
        assert!(similar_ids("zzzzzzzzzz", IDS.into_iter()).is_empty());
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
