//! Windows: what Defender and other antivirus products did to Go's files:
//! recent Defender detections of build outputs and installed tools, and a
//! third-party antivirus scanning in Defender's place (part of os/windows-defender).

use crate::context::{Ctx, code};
use crate::fixes;
use gomedic_model::os_facts::WindowsOsFacts;
use gomedic_model::windows_security::{AntivirusProduct, DefenderDetection, WindowsSecurityFacts};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// Where Microsoft takes false-positive reports.
const SUBMIT_URL: &str = "https://www.microsoft.com/en-us/wdsi/filesubmission";

/// A directory Go writes programs to, what it is, and the folder to exclude for it.
struct GoDir {
    dir: String,
    what: &'static str,
}

/// GOTMPDIR, GOCACHE, GOBIN, each GOPATH's bin, GOROOT and the project.
fn go_dirs(ctx: &Ctx) -> Vec<GoDir> {
    let mut dirs = Vec::new();
    let mut add = |dir: &str, what: &'static str| {
        if !dir.is_empty() && dir != "off" {
            dirs.push(GoDir {
                dir: dir.to_string(),
                what,
            });
        }
    };
    add(ctx.value("GOTMPDIR"), "GOTMPDIR");
    add(ctx.value("GOCACHE"), "GOCACHE");
    add(ctx.value("GOBIN"), "GOBIN");
    for entry in ctx.style.split_list(ctx.value("GOPATH")) {
        if !entry.is_empty() {
            add(&ctx.style.join(&entry, "bin"), "GOPATH\\bin");
        }
    }
    if let Some(root) = ctx.goroot() {
        add(root, "GOROOT");
    }
    add(&ctx.snap.project.dir, "the project");
    dirs
}

/// The `go-build<N>` work directory a file lies in (`go build`, `go run` and
/// `go test` link there, under GOTMPDIR or TEMP), as its full path.
fn go_build_work_dir(file: &str) -> Option<String> {
    let parts: Vec<&str> = file.split(['\\', '/']).collect();
    let at = parts.iter().position(|p| {
        let lower = p.to_ascii_lowercase();
        lower.len() > "go-build".len()
            && lower.starts_with("go-build")
            && lower["go-build".len()..]
                .bytes()
                .all(|b| b.is_ascii_digit())
    })?;
    Some(parts[..=at].join("\\"))
}

/// Why a detected file is Go's, and the folder a targeted exclusion would name.
fn classify(ctx: &Ctx, file: &str, dirs: &[GoDir]) -> Option<(String, String)> {
    if let Some(work) = go_build_work_dir(file) {
        let parent = work.rsplit_once('\\').map_or(work.as_str(), |(p, _)| p);
        return Some((
            format!("a go-build work directory under {parent}: a program go just linked"),
            parent.to_string(),
        ));
    }
    dirs.iter()
        .filter(|d| ctx.style.is_within(file, &d.dir))
        .max_by_key(|d| d.dir.len())
        .map(|d| (d.what.to_string(), d.dir.clone()))
}

/// Detections of Go's files, each with why it is Go's and the folder to exclude.
fn go_detections<'a>(
    ctx: &Ctx,
    win: &WindowsOsFacts,
    security: &'a WindowsSecurityFacts,
) -> Vec<(&'a DefenderDetection, String, String, String)> {
    let dirs = go_dirs(ctx);
    let mut out = Vec::new();
    for detection in &security.detections {
        for file in &detection.files {
            let Some((what, folder)) = classify(ctx, file, &dirs) else {
                continue;
            };
            // Excluded since: Defender no longer scans it.
            let now_excluded = win
                .exclusion_paths
                .as_ref()
                .is_some_and(|ex| ex.iter().any(|e| crate::os_windows::excluded(ctx, file, e)));
            if !now_excluded {
                out.push((detection, file.clone(), what, folder));
                break;
            }
        }
    }
    out
}

fn file_name(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

/// os/windows-defender: Defender flagged Go's own build outputs or tools as malware.
pub fn detections(ctx: &Ctx) -> Vec<Finding> {
    let Some(win) = ctx.snap.os.windows.as_ref() else {
        return Vec::new();
    };
    let Some(security) = &win.security else {
        return Vec::new();
    };
    let found = go_detections(ctx, win, security);
    if found.is_empty() {
        return Vec::new();
    }
    let evidence = found
        .iter()
        .map(|(d, file, what, _)| {
            let mut value = format!(
                "{file}: {}",
                d.threat_name
                    .clone()
                    .unwrap_or_else(|| format!("threat {}", d.threat_id))
            );
            if let Some(status) = &d.status {
                value.push_str(&format!(", {status}"));
            }
            if let Some(time) = &d.time {
                value.push_str(&format!(" at {time}"));
            }
            if let Some(process) = &d.process {
                value.push_str(&format!(" (written by {process})"));
            }
            Evidence::new(
                format!("Defender detection in {what}"),
                value,
                &security.source,
            )
        })
        .collect();
    let shown: Vec<String> = found
        .iter()
        .take(3)
        .map(|(d, file, _, _)| {
            format!(
                "{} ({})",
                code(file_name(file)),
                d.threat_name.as_deref().unwrap_or("unnamed threat")
            )
        })
        .collect();
    let more = found.len().saturating_sub(3);
    // The folders to exclude: a dedicated GOTMPDIR replaces TEMP.
    let temp = &ctx.snap.host.temp_dir;
    let home = ctx.snap.host.home.clone().unwrap_or_default();
    let gotmp = ctx.style.join(&ctx.style.join(&home, "go"), "tmp");
    let mut needs_gotmpdir = false;
    let mut folders: Vec<String> = Vec::new();
    for (_, _, _, folder) in &found {
        let folder =
            if ctx.value("GOTMPDIR").is_empty() && !temp.is_empty() && ctx.style.same(folder, temp)
            {
                needs_gotmpdir = true;
                gotmp.clone()
            } else {
                folder.clone()
            };
        if !folders.iter().any(|f| ctx.style.same(f, &folder)) {
            folders.push(folder);
        }
    }
    let mut fixes = Vec::new();
    if needs_gotmpdir {
        fixes.push(
            Fix::new(format!(
                "Give go its own temporary folder, so that only it is excluded and not all of TEMP: {}.",
                code(&gotmp)
            ))
            .with_command(format!(
                "New-Item -ItemType Directory -Force {}",
                fixes::shell_quote(ctx.platform, &gotmp)
            ))
            .with_command(fixes::go_env_w(ctx.platform, "GOTMPDIR", &gotmp)),
        );
    }
    let list = folders
        .iter()
        .map(|d| format!("'{}'", d.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",");
    fixes.push(
        Fix::new("Exclude exactly the folders Go writes these programs to, in an elevated PowerShell (or keep them on a Dev Drive, which Defender scans asynchronously in performance mode):")
            .with_command(format!("Add-MpPreference -ExclusionPath {list}")),
    );
    fixes.push(Fix::new(format!(
        "Report the false positive to Microsoft (\"Incorrectly detected as malware/malicious\", with the detection name) so the definition is fixed for everyone: {SUBMIT_URL}. Then rebuild; reinstall a quarantined tool with `go install`."
    )));
    fixes.push(Fix::new(
        "Do not switch real-time protection or Defender off: that unprotects the whole machine, and the exclusions above stop only these false positives.",
    ));
    vec![Finding {
        id: "os/windows-defender".to_string(),
        severity: Severity::Warning,
        title: format!(
            "Defender flagged {} of Go's own program{} as malware: {}{}",
            found.len(),
            if found.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ),
        evidence,
        explanation: "Defender's machine-learning heuristics (detection names ending in `!ml`, such as \
            Trojan:Win32/Wacatac.B!ml) regularly flag freshly linked Go executables: test binaries in the \
            go-build work directory, programs in the build cache, tools in GOBIN. Defender then quarantines or \
            deletes the file while go is using it, and `go test`, `go run` or the tool fails with \"Operation did \
            not complete successfully because the file contains a virus or potentially unwanted software\", \
            \"Access is denied\" or a missing file. These are false positives on your own builds."
            .to_string(),
        fixes,
    }]
}

/// `productState` in hex with its decoding.
fn state_text(p: &AntivirusProduct) -> String {
    match (p.state, p.enabled) {
        (Some(s), Some(on)) => format!(
            "0x{s:06X}: real-time protection {}",
            if on { "on" } else { "off" }
        ),
        _ => "state unknown".to_string(),
    }
}

/// os/windows-defender: another antivirus product is on, so Defender's
/// exclusions do not decide what is scanned.
pub fn third_party(ctx: &Ctx) -> Vec<Finding> {
    let Some(security) = ctx
        .snap
        .os
        .windows
        .as_ref()
        .and_then(|w| w.security.as_ref())
    else {
        return Vec::new();
    };
    let active: Vec<&AntivirusProduct> = security.third_party_active().collect();
    if active.is_empty() {
        return Vec::new();
    }
    let names: Vec<String> = active.iter().map(|p| code(&p.name)).collect();
    let mut evidence: Vec<Evidence> = active
        .iter()
        .map(|p| {
            let exe = p
                .exe
                .as_deref()
                .map_or(String::new(), |e| format!(" ({e})"));
            Evidence::new(
                "antivirus product",
                format!("{}: {}{exe}", p.name, state_text(p)),
                &security.source,
            )
        })
        .collect();
    if let Some(defender) = security.defender_product() {
        evidence.push(Evidence::new(
            "antivirus product",
            format!("{}: {}", defender.name, state_text(defender)),
            &security.source,
        ));
    }
    let dirs: Vec<String> = [
        ctx.value("GOCACHE"),
        ctx.value("GOTMPDIR"),
        ctx.value("GOMODCACHE"),
    ]
    .into_iter()
    .chain([ctx.snap.project.dir.as_str()])
    .filter(|d| !d.is_empty())
    .map(code)
    .collect();
    vec![Finding {
        id: "os/windows-defender".to_string(),
        severity: Severity::Info,
        title: format!(
            "{} scans in real time; Defender's exclusions do not apply to it",
            names.join(", ")
        ),
        evidence,
        explanation: "When another antivirus product registers with Windows Security Center, Microsoft Defender \
            Antivirus steps back (passive mode) and that product scans every new file instead. It scans the \
            executables `go build` and `go test` link into the temp dir and build cache just as Defender does, \
            often more slowly and with more false positives, and Defender's exclusions (Add-MpPreference) and \
            Dev Drive's performance mode do not change what it does."
            .to_string(),
        fixes: vec![
            Fix::new(format!(
                "Add exclusions for Go's folders in {}'s own settings (its exceptions or exclusions page): {}, and a dedicated GOTMPDIR.",
                names.join(", "),
                if dirs.is_empty() { "GOCACHE, GOMODCACHE and your projects".to_string() } else { dirs.join(", ") }
            )),
            Fix::new("Report wrongly flagged Go builds to the vendor as false positives. Do not switch the antivirus off."),
        ],
    }]
}

/// Defender is not the scanner that counts: Security Center shows it off
/// while another product is on (its exclusions are moot).
pub fn defender_passive(win: &WindowsOsFacts) -> bool {
    win.security.as_ref().is_some_and(|s| {
        s.third_party_active().next().is_some()
            && s.defender_product().is_none_or(|d| d.enabled != Some(true))
    })
}

/// Whether another product protects the machine in real time.
pub fn third_party_protects(win: &WindowsOsFacts) -> bool {
    win.security
        .as_ref()
        .is_some_and(|s| s.third_party_active().next().is_some())
}

/// The detections could not be read: the evidence saying so.
pub fn detections_unreadable(win: &WindowsOsFacts) -> Option<Evidence> {
    let security = win.security.as_ref()?;
    let why = security.detections_error.as_ref()?;
    Some(Evidence::new(
        "recent Defender detections",
        why,
        &security.source,
    ))
}
