//! Folders that sync clients mirror to the cloud: Dropbox (all systems),
//! OneDrive (Windows environment; the registry is read in `windows.rs`),
//! iCloud Drive and File Provider roots (macOS).

use gomedic_model::os_facts::CloudRoot;
use std::path::Path;

/// The cloud roots of this machine that do not need the registry.
pub fn cloud_roots(home: Option<&Path>) -> Vec<CloudRoot> {
    let mut roots = Vec::new();
    if cfg!(windows) {
        roots.extend(onedrive_env_roots(|k| std::env::var(k).ok()));
        for var in ["APPDATA", "LOCALAPPDATA"] {
            if let Some(dir) = std::env::var_os(var) {
                let info = Path::new(&dir).join("Dropbox").join("info.json");
                roots.extend(dropbox_roots_from_file(&info));
            }
        }
    } else if let Some(home) = home {
        roots.extend(dropbox_roots_from_file(
            &home.join(".dropbox").join("info.json"),
        ));
        if cfg!(target_os = "macos") {
            roots.extend(macos_cloud_roots(home));
        }
    }
    dedup(roots)
}

/// OneDrive's own environment variables (set by the OneDrive client for
/// personal and work or school accounts).
pub fn onedrive_env_roots(get: impl Fn(&str) -> Option<String>) -> Vec<CloudRoot> {
    [
        ("OneDrive", "OneDrive"),
        ("OneDriveConsumer", "OneDrive (personal)"),
        ("OneDriveCommercial", "OneDrive for Business"),
    ]
    .iter()
    .filter_map(|(var, provider)| {
        let path = get(var).filter(|p| !p.is_empty())?;
        Some(CloudRoot {
            provider: provider.to_string(),
            path,
            source: format!("environment variable {var}"),
        })
    })
    .collect()
}

/// Dropbox's `info.json`: `{"personal": {"path": ...}, "business": {"path": ...}}`.
pub fn dropbox_roots(info_json: &str, source: &str) -> Vec<CloudRoot> {
    let Ok(serde_json::Value::Object(accounts)) = serde_json::from_str(info_json) else {
        return Vec::new();
    };
    accounts
        .iter()
        .filter_map(|(kind, account)| {
            let path = account.get("path")?.as_str()?;
            Some(CloudRoot {
                provider: format!("Dropbox ({kind})"),
                path: path.to_string(),
                source: source.to_string(),
            })
        })
        .collect()
}

fn dropbox_roots_from_file(info: &Path) -> Vec<CloudRoot> {
    match crate::textfile::read_capped(info, 64 << 10) {
        Ok((bytes, _)) => dropbox_roots(&String::from_utf8_lossy(&bytes), &info.to_string_lossy()),
        Err(_) => Vec::new(),
    }
}

/// macOS: iCloud Drive (`~/Library/Mobile Documents`, where iCloud keeps
/// Desktop & Documents too when that option is on) and the File Provider
/// roots of OneDrive, Dropbox, Google Drive, Box (`~/Library/CloudStorage/*`).
pub fn macos_cloud_roots(home: &Path) -> Vec<CloudRoot> {
    let mut roots = Vec::new();
    let icloud = home.join("Library").join("Mobile Documents");
    if icloud.is_dir() {
        roots.push(CloudRoot {
            provider: "iCloud Drive".to_string(),
            path: icloud.to_string_lossy().into_owned(),
            source: "~/Library/Mobile Documents exists".to_string(),
        });
        // With "Desktop & Documents Folders" on, iCloud keeps copies of both here.
        let cloud_docs = icloud.join("com~apple~CloudDocs");
        for folder in ["Desktop", "Documents"] {
            if cloud_docs.join(folder).is_dir() {
                roots.push(CloudRoot {
                    provider: "iCloud Drive (Desktop & Documents)".to_string(),
                    path: home.join(folder).to_string_lossy().into_owned(),
                    source: format!("{} exists", cloud_docs.join(folder).to_string_lossy()),
                });
            }
        }
    }
    let storage = home.join("Library").join("CloudStorage");
    if let Ok(entries) = std::fs::read_dir(&storage) {
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let provider = name.split('-').next().unwrap_or(&name).to_string();
            roots.push(CloudRoot {
                provider,
                path: storage.join(&name).to_string_lossy().into_owned(),
                source: "~/Library/CloudStorage (File Provider)".to_string(),
            });
        }
    }
    roots
}

fn dedup(roots: Vec<CloudRoot>) -> Vec<CloudRoot> {
    let mut out: Vec<CloudRoot> = Vec::new();
    for root in roots {
        if !out.iter().any(|r| r.path == root.path) {
            out.push(root);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shape Dropbox documents for info.json (help article "Locate the Dropbox folder programmatically").
    const INFO_JSON: &str = r#"{"personal": {"path": "/home/ana/Dropbox", "host": 4129350537, "is_team": false, "subscription_type": "Basic"}, "business": {"path": "/home/ana/Dropbox (Acme)", "host": 8185, "is_team": true, "subscription_type": "Business"}}"#;

    #[test]
    fn dropbox_info_json() {
        let roots = dropbox_roots(INFO_JSON, "/home/ana/.dropbox/info.json");
        let paths: Vec<&str> = roots.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/home/ana/Dropbox", "/home/ana/Dropbox (Acme)"]);
        assert_eq!(roots[1].provider, "Dropbox (business)");
        assert!(dropbox_roots("not json", "x").is_empty());
        assert!(dropbox_roots("[1,2]", "x").is_empty());
    }

    #[test]
    fn onedrive_environment() {
        let env = |k: &str| match k {
            "OneDrive" => Some(r"C:\Users\ana\OneDrive".to_string()),
            "OneDriveCommercial" => Some(r"C:\Users\ana\OneDrive - Acme".to_string()),
            "OneDriveConsumer" => Some(String::new()),
            _ => None,
        };
        let roots = onedrive_env_roots(env);
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[1].provider, "OneDrive for Business");
        assert_eq!(roots[1].source, "environment variable OneDriveCommercial");
    }

    #[test]
    fn macos_roots_from_a_home_tree() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        std::fs::create_dir_all(h.join("Library/Mobile Documents/com~apple~CloudDocs/Documents"))
            .unwrap();
        std::fs::create_dir_all(h.join("Library/CloudStorage/OneDrive-Personal")).unwrap();
        std::fs::create_dir_all(h.join("Library/CloudStorage/GoogleDrive-ana@example.com"))
            .unwrap();
        let roots = macos_cloud_roots(h);
        let got: Vec<(&str, String)> = roots
            .iter()
            .map(|r| {
                (
                    r.provider.as_str(),
                    r.path
                        .strip_prefix(&*h.to_string_lossy())
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("iCloud Drive", "/Library/Mobile Documents".to_string()),
                (
                    "iCloud Drive (Desktop & Documents)",
                    "/Documents".to_string()
                ),
                (
                    "GoogleDrive",
                    "/Library/CloudStorage/GoogleDrive-ana@example.com".to_string()
                ),
                (
                    "OneDrive",
                    "/Library/CloudStorage/OneDrive-Personal".to_string()
                ),
            ]
        );
    }
}
