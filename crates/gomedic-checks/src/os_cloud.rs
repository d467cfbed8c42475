//! os/cloud-synced: Go directories or the project inside a folder that a
//! sync client (OneDrive, Dropbox, iCloud Drive, ...) mirrors to the cloud.

use crate::context::{Ctx, Platform, code};
use crate::fixes;
use gomedic_model::{Evidence, Finding, Fix, Severity};

/// The roles whose directory should never be synced.
const SYNCED_ROLES: [&str; 6] = [
    "GOPATH",
    "GOMODCACHE",
    "GOCACHE",
    "GOTMPDIR",
    "GOBIN",
    "GOROOT",
];

/// os/cloud-synced.
pub fn cloud_synced(ctx: &Ctx) -> Vec<Finding> {
    let roots = &ctx.snap.os.cloud_roots;
    if roots.is_empty() {
        return Vec::new();
    }
    let mut dirs: Vec<(String, Vec<String>)> = ctx
        .snap
        .dirs
        .iter()
        .filter_map(|(path, fact)| {
            let roles: Vec<String> = fact
                .roles
                .iter()
                .filter(|r| SYNCED_ROLES.contains(&r.as_str()))
                .cloned()
                .collect();
            (!roles.is_empty()).then(|| (path.clone(), roles))
        })
        .collect();
    if !ctx.snap.project.dir.is_empty() {
        dirs.push((ctx.snap.project.dir.clone(), vec!["project".to_string()]));
    }
    let mut out = Vec::new();
    for root in roots {
        let inside: Vec<&(String, Vec<String>)> = dirs
            .iter()
            .filter(|(path, _)| ctx.style.is_within(path, &root.path))
            .collect();
        if inside.is_empty() {
            continue;
        }
        let caches = inside
            .iter()
            .any(|(_, roles)| roles.iter().any(|r| r != "project"));
        let mut evidence = vec![Evidence::new(
            format!("{} folder", root.provider),
            &root.path,
            &root.source,
        )];
        for (path, roles) in &inside {
            for role in roles {
                if role == "project" {
                    evidence.push(Evidence::new(
                        "project",
                        path,
                        "--project / current directory",
                    ));
                } else {
                    evidence.push(ctx.evidence(role));
                }
            }
        }
        let mut fixes = Vec::new();
        let home = ctx.snap.host.home.clone().unwrap_or_default();
        let base = match ctx.platform {
            Platform::Windows => "C:\\dev\\go".to_string(),
            _ => ctx.style.join(&home, "go"),
        };
        for (path, roles) in &inside {
            for role in roles {
                let target = match role.as_str() {
                    "GOPATH" => base.clone(),
                    "GOMODCACHE" => ctx.style.join(&ctx.style.join(&base, "pkg"), "mod"),
                    "GOCACHE" => ctx.style.join(&base, "build-cache"),
                    "GOTMPDIR" => ctx.style.join(&base, "tmp"),
                    "GOBIN" => ctx.style.join(&base, "bin"),
                    "GOROOT" => {
                        fixes.push(Fix::new(format!(
                            "Reinstall Go outside {} (the default location of the installer or archive), and remove {}.",
                            code(&root.path),
                            code(path)
                        )));
                        continue;
                    }
                    _ => {
                        fixes.push(Fix::new(format!(
                            "Move the project {} out of the synced folder (e.g. under {}) and sync it with git instead.",
                            code(path),
                            code(&match ctx.platform {
                                Platform::Windows => "C:\\dev".to_string(),
                                _ => ctx.style.join(&home, "src"),
                            })
                        )));
                        continue;
                    }
                };
                fixes.push(fixes::set_go_setting(ctx, role, &target));
            }
        }
        if ctx.platform == Platform::Windows {
            fixes.push(Fix::new(
                "If Known Folder Move put Documents or Desktop in OneDrive, keep Go's folders elsewhere; a Dev Drive (e.g. D:\\dev) is a good home for them.",
            ));
        }
        out.push(Finding {
            id: "os/cloud-synced".to_string(),
            severity: if caches {
                Severity::Warning
            } else {
                Severity::Info
            },
            title: format!(
                "{} inside the {} folder {}",
                inside
                    .iter()
                    .map(|(p, r)| format!("{} ({})", code(p), r.join(", ")))
                    .collect::<Vec<_>>()
                    .join(", "),
                root.provider,
                code(&root.path)
            ),
            evidence,
            explanation: "Sync clients upload every file that changes and lock files while they do. Go's build cache, \
                module cache and GOPATH hold tens of thousands of small files that change on every build, so \
                builds slow down, `go clean -modcache` and `go mod download` hit \"access is denied\" or \"the \
                process cannot access the file\", the caches fill the cloud quota, and files kept only in the \
                cloud (OneDrive Files On-Demand, iCloud \"Optimise Mac Storage\") must be downloaded before go can \
                read them."
                .to_string(),
            fixes,
        });
    }
    out
}
