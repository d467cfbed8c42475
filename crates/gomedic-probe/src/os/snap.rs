//! The `go` snap, read-only from its files: the revision `/snap/go/current`
//! points at, `meta/snap.yaml` (version, confinement), and — only when
//! readable (it is root's) — the tracked channel and refresh holds in
//! snapd's `/var/lib/snapd/state.json`.

use super::SysRoot;
use super::linux::read_small;
use gomedic_model::os_facts::{SnapGoFacts, SourcedValue};

const SNAP_GO: &str = "/snap/go";
const STATE_JSON: &str = "/var/lib/snapd/state.json";
/// snapd's state holds every change of the last days; bound the read.
const MAX_STATE_BYTES: u64 = 32 << 20;

/// The go snap's facts, or `None` when `/snap/go` does not exist.
pub fn snap_go(root: &SysRoot) -> Option<SnapGoFacts> {
    if !root.path(SNAP_GO).is_dir() {
        return None;
    }
    let current = format!("{SNAP_GO}/current");
    let mut revision = SourcedValue {
        source: current.clone(),
        ..SourcedValue::default()
    };
    match std::fs::read_link(root.path(&current)) {
        Ok(target) => revision.value = Some(target.to_string_lossy().into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => revision.error = Some(e.to_string()),
    }
    let yaml_path = format!("{current}/meta/snap.yaml");
    let yaml = read_small(root, &yaml_path);
    let field = |name: &str| SourcedValue {
        source: format!("{yaml_path} ({name})"),
        value: yaml.value.as_deref().and_then(|y| yaml_field(y, name)),
        error: yaml.error.clone(),
    };
    let (channel, holds) = snapd_state(root);
    Some(SnapGoFacts {
        revision,
        version: field("version"),
        confinement: field("confinement"),
        channel,
        holds,
    })
}

/// A top-level `key: value` of snap.yaml (quotes removed).
pub fn yaml_field(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.trim().trim_matches(['\'', '"']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The go snap's channel and refresh holds from snapd's state, or why not.
fn snapd_state(root: &SysRoot) -> (SourcedValue, Vec<String>) {
    let mut channel = SourcedValue {
        source: format!("{STATE_JSON} (data.snaps.go.channel)"),
        ..SourcedValue::default()
    };
    let bytes = match crate::textfile::read_capped(&root.path(STATE_JSON), MAX_STATE_BYTES) {
        Ok((bytes, _)) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (channel, Vec::new()),
        Err(e) => {
            channel.error = Some(format!("could not read: {e}"));
            return (channel, Vec::new());
        }
    };
    let state: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            channel.error = Some(format!("not snapd state JSON: {e}"));
            return (channel, Vec::new());
        }
    };
    let data = &state["data"];
    channel.value = data["snaps"]["go"]["channel"].as_str().map(str::to_string);
    let holds = data["snaps-hold"]["go"]
        .as_object()
        .map(|holders| {
            holders
                .iter()
                .map(|(holder, hold)| {
                    let until = hold["hold-until"].as_str().unwrap_or("?");
                    format!("held by {holder} until {until}")
                })
                .collect()
        })
        .unwrap_or_default();
    (channel, holds)
}
