//! macOS facts: `com.apple.quarantine` on Go programs (GOROOT/bin, the
//! tools in GOROOT/pkg/tool, GOBIN), Gatekeeper (`spctl --status`) and the
//! Command Line Tools (`xcode-select -p`), System Integrity Protection
//! (`csrutil status`), all run with a time bound, and
//! crash reports of programs killed for an invalid code signature.

use super::OsInputs;
use gomedic_model::os_facts::{MacosOsFacts, QuarantinedFile};
use std::path::{Path, PathBuf};

const QUARANTINE: &str = "com.apple.quarantine";
/// The most files examined in one directory.
const MAX_FILES_PER_DIR: usize = 500;

/// Gathers the macOS facts.
pub fn probe_macos(inputs: &OsInputs) -> MacosOsFacts {
    let mut facts = MacosOsFacts::default();
    std::thread::scope(|scope| {
        let gatekeeper = scope.spawn(|| {
            crate::run::run_bounded(
                Path::new("/usr/sbin/spctl"),
                &["--status"],
                &[],
                inputs.timeout,
            )
        });
        // System Integrity Protection: decides whether /usr/bin and /System can be written.
        let csrutil = scope.spawn(|| {
            crate::run::run_bounded(
                Path::new("/usr/bin/csrutil"),
                &["status"],
                &[],
                inputs.timeout,
            )
        });
        let clt = scope.spawn(|| {
            crate::run::run_bounded(
                Path::new("/usr/bin/xcode-select"),
                &["-p"],
                &[],
                inputs.timeout,
            )
        });
        for dir in scan_dirs(inputs) {
            scan_dir(&dir, &mut facts);
        }
        let now = std::time::SystemTime::now();
        let report_dirs = inputs
            .home
            .map(|h| h.join("Library/Logs/DiagnosticReports"))
            .into_iter()
            .chain([PathBuf::from("/Library/Logs/DiagnosticReports")]);
        for dir in report_dirs {
            let (kills, fact) = super::crash_reports::scan_dir(&dir, now);
            facts.signature_kills.extend(kills);
            facts.crash_report_dirs.push(fact);
        }
        facts.gatekeeper = gatekeeper.join().ok();
        facts.xcode_select = clt.join().ok();
        facts.csrutil = csrutil.join().ok();
    });
    facts
}

/// GOROOT/bin, every GOROOT/pkg/tool/<goos_goarch>, and GOBIN.
fn scan_dirs(inputs: &OsInputs) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(goroot) = &inputs.goroot {
        dirs.push(goroot.join("bin"));
        if let Ok(entries) = std::fs::read_dir(goroot.join("pkg").join("tool")) {
            let mut tools: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            tools.sort();
            dirs.extend(tools);
        }
    }
    if let Some(gobin) = &inputs.gobin
        && !dirs.contains(gobin)
    {
        dirs.push(gobin.clone());
    }
    dirs
}

fn scan_dir(dir: &Path, facts: &mut MacosOsFacts) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            facts
                .quarantine_errors
                .push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    facts
        .quarantine_scanned
        .push(dir.to_string_lossy().into_owned());
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .take(MAX_FILES_PER_DIR)
        .collect();
    files.sort();
    for file in files {
        // get_deref: the flag on the file a symlink points to is what Gatekeeper checks.
        match xattr::get_deref(&file, QUARANTINE) {
            Ok(Some(value)) => facts.quarantined.push(QuarantinedFile {
                path: file.to_string_lossy().into_owned(),
                value: String::from_utf8_lossy(&value).into_owned(),
            }),
            Ok(None) => {}
            Err(e) => facts
                .quarantine_errors
                .push(format!("{}: {e}", file.display())),
        }
    }
}
