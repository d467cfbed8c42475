//! Systems other than Linux, Windows and macOS (the BSDs, illumos, ...):
//! gomedic knows no security settings there that get in Go's way, so only
//! the cross-platform facts (cloud roots, Delve) are gathered.

use gomedic_model::os_facts::OsFacts;

/// Leaves the per-OS sections empty: there is nothing OS-specific to read.
pub fn probe_platform(facts: &mut OsFacts) {
    facts.linux = None;
    facts.windows = None;
    facts.macos = None;
}
