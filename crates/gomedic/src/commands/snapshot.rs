//! `gomedic snapshot`: write the facts gomedic gathered as JSON, and read
//! such a file back (for `gomedic check --snapshot`).

use crate::render::json::write_json;
use anyhow::Context as _;
use gomedic_model::Snapshot;
use gomedic_model::snapshot::SNAPSHOT_SCHEMA;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `gomedic snapshot`.
#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// Write to FILE instead of standard output (the only file gomedic ever writes).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The Go project to include (default: the current directory).
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Touch no network.
    #[arg(long)]
    pub offline: bool,
    /// Time budget of the network probes, in seconds.
    #[arg(long, default_value = "3", value_parser = super::network::parse_timeout)]
    pub timeout: std::time::Duration,
}

/// Runs `gomedic snapshot`; returns the process exit code.
pub fn run(args: &SnapshotArgs, _ctx: &super::Context) -> anyhow::Result<i32> {
    let options = super::probe_options(args.project.clone(), args.offline)?;
    let mut snapshot = gomedic_probe::take_snapshot(&options);
    if !args.offline {
        super::network::add_network_facts(&mut snapshot, args.timeout, None);
    }
    match &args.output {
        None => write_json(&mut std::io::stdout().lock(), &snapshot)?,
        Some(path) => {
            let mut file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            write_json(&mut file, &snapshot)
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.sync_all()
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut err = std::io::stderr();
            writeln!(err, "gomedic: snapshot written to {}", path.display()).ok();
        }
    }
    Ok(0)
}

/// The largest snapshot file gomedic reads.
const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads and validates a snapshot file. Every failure is an error that says
/// what is wrong with the file; nothing panics on bad input.
pub fn load(path: &Path) -> anyhow::Result<Snapshot> {
    let shown = path.display();
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read snapshot {shown}"))?;
    anyhow::ensure!(
        metadata.is_file(),
        "cannot read snapshot {shown}: not a regular file"
    );
    anyhow::ensure!(
        metadata.len() <= MAX_SNAPSHOT_BYTES,
        "snapshot {shown} is too large ({} bytes; a snapshot is at most {MAX_SNAPSHOT_BYTES})",
        metadata.len()
    );
    let bytes = std::fs::read(path).with_context(|| format!("cannot read snapshot {shown}"))?;
    parse(&bytes).with_context(|| format!("{shown} is not a usable gomedic snapshot"))
}

/// Parses snapshot JSON, checking its schema before its shape.
pub fn parse(bytes: &[u8]) -> anyhow::Result<Snapshot> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "it is not text (invalid UTF-8 at byte {}); a snapshot is JSON",
            e.valid_up_to()
        )
    })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            anyhow::anyhow!("the JSON ends early ({e}): is the file complete?")
        } else {
            anyhow::anyhow!("it is not valid JSON: {e}")
        }
    })?;
    let schema = match value.get("schema") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => anyhow::bail!("its \"schema\" field is not a string"),
        None if value.is_object() => {
            anyhow::bail!("it has no \"schema\" field (expected \"{SNAPSHOT_SCHEMA}\")")
        }
        None => anyhow::bail!("it is not a JSON object"),
    };
    anyhow::ensure!(
        schema == SNAPSHOT_SCHEMA,
        "its schema is \"{schema}\", but this gomedic reads \"{SNAPSHOT_SCHEMA}\""
    );
    serde_json::from_value(value)
        .map_err(|e| anyhow::anyhow!("its content does not match the schema: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> String {
        format!("{:#}", parse(bytes).unwrap_err())
    }

    #[test]
    fn rejects_bad_files_with_reasons() {
        assert!(message(b"\xff\xfe\x00junk").contains("not text"));
        assert!(message(b"{\"schema\": \"gomedic.snapshot/v1\", ").contains("ends early"));
        assert!(message(b"[1,2]").contains("not a JSON object"));
        assert!(message(b"{}").contains("no \"schema\""));
        assert!(message(b"{\"schema\": \"gomedic.report/v1\"}").contains("gomedic.report/v1"));
        assert!(
            message(b"{\"schema\": \"gomedic.snapshot/v1\", \"env\": 3}")
                .contains("does not match")
        );
        assert!(message(&[b'['; 100_000]).contains("not valid JSON"));
    }

    #[test]
    fn round_trips_a_default_snapshot() {
        let snapshot = Snapshot {
            schema: SNAPSHOT_SCHEMA.to_string(),
            ..Snapshot::default()
        };
        let bytes = serde_json::to_vec(&snapshot).unwrap();
        assert_eq!(parse(&bytes).unwrap(), snapshot);
    }
}
