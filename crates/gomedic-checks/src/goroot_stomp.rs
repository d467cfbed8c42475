//! toolchain/stomped-install: a GOROOT holding the files of two releases,
//! because one was unpacked over the other.
//!
//! The signal is the probe's [`GorootTimes`]: official archives stamp every
//! file with VERSION's release time, so in a tree that still carries those
//! stamps, a group of files with one other exact time is what another
//! release's archive left behind (see gomedic-probe's goroot_times module for
//! why this signal and not others). The check only speaks when most files
//! carry the release time: otherwise the times say nothing about releases.

use crate::context::{Ctx, Platform, code};
use crate::fixes;
use crate::install_source::{Installer, classify};
use gomedic_model::goroot_files::{GorootTimes, MtimeGroup};
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// A group of files must be at least this large to count: one edited file
/// is an edit, not a release.
const MIN_GROUP_FILES: usize = 2;

/// toolchain/stomped-install.
pub fn stomped_install(ctx: &Ctx) -> Vec<Finding> {
    let active_root = ctx.goroot();
    ctx.snap
        .goroot_times
        .iter()
        .filter(|fact| !package_managed(ctx, fact))
        .filter_map(|fact| {
            let active = active_root.is_some_and(|r| ctx.style.same(r, &fact.goroot));
            finding(ctx, fact, active)
        })
        .collect()
}

/// True when a package manager installed this GOROOT. Distributions build Go
/// from the source archive and patch some files, so a few files carry the
/// build's time (Fedora clamps them to the package's date); and their
/// upgrades delete the old release's files, so they never stomp. Their
/// trees are not judged.
fn package_managed(ctx: &Ctx, fact: &GorootTimes) -> bool {
    ctx.snap
        .go_binaries
        .iter()
        .filter(|g| {
            g.inferred_goroot
                .as_deref()
                .is_some_and(|r| ctx.style.same(r, &fact.goroot))
        })
        .any(|g| {
            matches!(
                classify(ctx.snap, g).installer,
                Installer::Dpkg
                    | Installer::Rpm
                    | Installer::Snap
                    | Installer::Homebrew
                    | Installer::MacPorts
            )
        })
}

/// Groups of files from another release, when the tree carries release stamps.
pub fn foreign_groups(fact: &GorootTimes) -> Vec<&MtimeGroup> {
    if fact.release_unix.is_none() || fact.files == 0 || fact.at_release_time * 2 <= fact.files {
        return Vec::new();
    }
    fact.other_times
        .iter()
        .filter(|g| g.files >= MIN_GROUP_FILES)
        .collect()
}

fn finding(ctx: &Ctx, fact: &GorootTimes, active: bool) -> Option<Finding> {
    let groups = foreign_groups(fact);
    if groups.is_empty() {
        return None;
    }
    let foreign: usize = groups.iter().map(|g| g.files).sum();
    let mixed: usize = groups.iter().map(|g| g.mixed_package_files).sum();
    let build: usize = groups.iter().map(|g| g.build_go_files).sum();
    let version = fact.version.as_deref().unwrap_or("an unknown release");
    // Measured with the real go on stomped trees: a package compiled from
    // files of two releases does not build (duplicate declarations, calls
    // with the wrong arguments). Leftover whole packages do not break
    // building what uses the release's own packages.
    let severity = if active && mixed > 0 {
        Severity::Error
    } else {
        Severity::Warning
    };
    let consequence = if mixed > 0 {
        format!("{mixed} of them sit in packages of {version}, so building those packages fails")
    } else {
        format!(
            "they form whole packages {version} does not have ({build} Go files); the release's own packages still build"
        )
    };
    let mut f = Finding::new(
        "toolchain/stomped-install",
        severity,
        format!(
            "{} holds {foreign} file(s) of another Go release beside {version}: one release was unpacked over the other",
            fact.goroot
        ),
        format!(
            "Official Go archives stamp every file with the release time in VERSION ({}). \
             {} of the {} source files under src/ carry it, but {foreign} carry another release's stamp: \
             unpacking an archive over an existing installation overwrites the files both releases \
             have and leaves the others behind. {consequence}.",
            fact.release_time.as_deref().unwrap_or("?"),
            fact.at_release_time,
            fact.files
        ),
    );
    f.evidence.push(Evidence::new(
        "VERSION",
        format!(
            "{version}, released {}",
            fact.release_time.as_deref().unwrap_or("?")
        ),
        ctx.style.join(&fact.goroot, "VERSION"),
    ));
    f.evidence.push(Evidence::new(
        "files with the release time",
        format!("{} of {}", fact.at_release_time, fact.files),
        ctx.style.join(&fact.goroot, "src"),
    ));
    for g in &groups {
        f.evidence.push(Evidence::new(
            format!("files dated {}", g.time),
            format!(
                "{} file(s) ({} Go, the rest assembly), {} inside packages of {version}; e.g. {}",
                g.files,
                g.build_go_files,
                g.mixed_package_files,
                g.examples.join(", ")
            ),
            "file modification times under src/",
        ));
    }
    if fact.truncated {
        f.evidence.push(Evidence::new(
            "walk",
            "stopped at its file or time bound",
            "not every file was looked at",
        ));
    }
    f.fixes.push(reinstall(ctx, &fact.goroot, version));
    Some(f)
}

fn reinstall(ctx: &Ctx, root: &str, version: &str) -> Fix {
    match ctx.platform {
        Platform::Windows => Fix::new(format!(
            "Uninstall Go, delete {} completely, and install {version} again from https://go.dev/dl/ into the empty directory.",
            code(root)
        )),
        _ => {
            let parent = ctx
                .style
                .parent(root)
                .unwrap_or_else(|| "/usr/local".to_string());
            Fix::new(format!(
                "Delete {} completely, then unpack the {version} archive from https://go.dev/dl/ into {} (never over an existing installation).",
                code(root),
                code(&parent)
            ))
            .with_command(format!(
                "sudo rm -rf {} && sudo tar -C {} -xzf {version}.<os>-<arch>.tar.gz",
                fixes::shell_quote(ctx.platform, root),
                fixes::shell_quote(ctx.platform, &parent)
            ))
        }
    }
}
