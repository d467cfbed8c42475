//! Facts about the directories Go uses: existence, writability (checked with
//! access(2), never by writing), owner, and the mount they live on.

use crate::mounts::MountTable;
use crate::parallel::{parallel_map, worker_count};
use gomedic_model::snapshot::DirFact;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Groups `(role, path)` pairs by path (empty paths dropped), roles in order.
pub fn group_roles(pairs: &[(String, PathBuf)]) -> BTreeMap<PathBuf, Vec<String>> {
    let mut grouped: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for (role, path) in pairs {
        if path.as_os_str().is_empty() {
            continue;
        }
        let roles = grouped.entry(path.clone()).or_default();
        if !roles.contains(role) {
            roles.push(role.clone());
        }
    }
    grouped
}

/// The facts of one directory.
pub fn dir_fact(path: &Path, roles: Vec<String>, mounts: &MountTable) -> DirFact {
    let mut fact = DirFact {
        roles,
        ..DirFact::default()
    };
    if !path.is_absolute() {
        fact.error = Some("not an absolute path".to_string());
        return fact;
    }
    match std::fs::metadata(path) {
        Ok(meta) => {
            fact.exists = true;
            fact.is_dir = meta.is_dir();
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            fact.exists = path.symlink_metadata().is_ok();
            fact.error = Some(e.to_string());
        }
    }
    let Some(nearest) = path.ancestors().find(|a| std::fs::metadata(a).is_ok()) else {
        return fact;
    };
    fact.nearest_existing = Some(nearest.to_string_lossy().into_owned());
    fact.writable = writable(nearest);
    fact.owner_uid = owner_uid(nearest);
    let canonical = std::fs::canonicalize(nearest).unwrap_or_else(|_| nearest.to_path_buf());
    fact.mount = mounts.mount_of(&canonical);
    fact
}

#[cfg(unix)]
fn writable(path: &Path) -> Option<bool> {
    Some(rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok())
}

/// Windows: directory ACLs decide, and reading them is not done here.
#[cfg(not(unix))]
fn writable(_path: &Path) -> Option<bool> {
    None
}

#[cfg(unix)]
fn owner_uid(path: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn owner_uid(_path: &Path) -> Option<u32> {
    None
}

/// The facts of every directory, keyed by path.
pub fn probe_dirs(pairs: &[(String, PathBuf)], mounts: &MountTable) -> BTreeMap<String, DirFact> {
    let grouped: Vec<(PathBuf, Vec<String>)> = group_roles(pairs).into_iter().collect();
    let facts = parallel_map(&grouped, worker_count(), |(path, roles)| {
        dir_fact(path, roles.clone(), mounts)
    });
    grouped
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .zip(facts)
        .collect()
}
