//! SELinux file labels (the `security.selinux` extended attribute) of the Go
//! directories, read with getxattr (no `ls -Z`, nothing run).

use gomedic_model::os_facts::SourcedValue;
use std::path::Path;

const SELINUX_XATTR: &str = "security.selinux";

/// The label of each directory that exists; one that cannot be read says why.
pub fn labels(dirs: &[&Path]) -> Vec<SourcedValue> {
    let mut out: Vec<SourcedValue> = Vec::new();
    for dir in dirs {
        let source = dir.to_string_lossy().into_owned();
        if out.iter().any(|l| l.source == source) {
            continue;
        }
        let mut fact = SourcedValue {
            source,
            ..SourcedValue::default()
        };
        let mut buf = [0u8; 1024];
        match rustix::fs::getxattr(*dir, SELINUX_XATTR, &mut buf) {
            Ok(n) => {
                let text = String::from_utf8_lossy(&buf[..n.min(buf.len())]);
                fact.value = Some(text.trim_end_matches('\0').to_string());
            }
            Err(rustix::io::Errno::NOENT) => continue,
            Err(e) => fact.error = Some(format!("could not read {SELINUX_XATTR}: {e}")),
        }
        out.push(fact);
    }
    out
}
