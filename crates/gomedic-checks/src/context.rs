//! Read-only views of a snapshot that every check shares: effective Go
//! settings with their provenance, and the path rules of the snapshot's OS.

use crate::paths::PathStyle;
use gomedic_go::env::{EnvSource, EnvVar};
use gomedic_model::snapshot::GoBinary;
use gomedic_model::{Evidence, Snapshot};

/// The operating system family a fix is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Linux,
    MacOs,
    Windows,
}

/// A snapshot with helpers.
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    pub style: PathStyle,
    pub platform: Platform,
}

impl<'a> Ctx<'a> {
    pub fn new(snap: &'a Snapshot) -> Ctx<'a> {
        let platform = match snap.host.os.as_str() {
            "windows" => Platform::Windows,
            "darwin" | "ios" => Platform::MacOs,
            _ => Platform::Linux,
        };
        Ctx {
            snap,
            style: PathStyle::for_os(&snap.host.os),
            platform,
        }
    }

    /// The effective Go setting, when the environment was resolved.
    pub fn var(&self, key: &str) -> Option<&'a EnvVar> {
        self.snap.go_env.as_ref()?.get(key)
    }

    /// The effective Go setting, unless it is only Go's default while no go
    /// is installed: since Go 1.21 the defaults of GOPROXY, GOSUMDB and
    /// GOTOOLCHAIN come from `$GOROOT/go.env`, so without a go they are
    /// unknowable, not wrong.
    pub fn known_var(&self, key: &str) -> Option<&'a EnvVar> {
        self.var(key)
            .filter(|v| self.active().is_some() || !matches!(v.source, EnvSource::Default))
    }

    /// The effective value ("" when unknown or unset).
    pub fn value(&self, key: &str) -> &'a str {
        self.var(key).map_or("", |v| v.value.as_str())
    }

    /// True when the user set the value (OS environment or `go env -w` file).
    pub fn is_user_set(&self, key: &str) -> bool {
        self.var(key)
            .is_some_and(|v| matches!(v.source, EnvSource::Process | EnvSource::UserFile { .. }))
    }

    /// The evidence for an effective setting: its value and where it came from.
    pub fn evidence(&self, key: &str) -> Evidence {
        match self.var(key) {
            Some(v) => Evidence::new(key, &v.value, describe_source(&v.source)),
            None => Evidence::new(key, "", "not resolved"),
        }
    }

    /// The process environment variable, when set (even to "").
    pub fn os_env(&self, key: &str) -> Option<&'a str> {
        self.snap.env_var(key)
    }

    /// The active `go` (first on PATH).
    pub fn active(&self) -> Option<&'a GoBinary> {
        self.snap.active()
    }

    /// The `GOOS` the active go was built for (its `GOHOSTOS`), else the host's.
    pub fn go_host_os(&self) -> &'a str {
        self.active()
            .and_then(|g| g.executable.as_ref()?.goos.as_deref())
            .unwrap_or(&self.snap.host.os)
    }

    /// The `GOARCH` the active go was built for (its `GOHOSTARCH`), else the host's.
    pub fn go_host_arch(&self) -> &'a str {
        self.active()
            .and_then(|g| g.executable.as_ref()?.goarch.as_deref())
            .unwrap_or(&self.snap.host.arch)
    }

    /// The GOROOT the active go uses: the effective setting, else the inferred root.
    pub fn goroot(&self) -> Option<&'a str> {
        let effective = self.value("GOROOT");
        if !effective.is_empty() {
            return Some(effective);
        }
        self.active()?.inferred_goroot.as_deref()
    }

    /// Whether a directory (by any of its spellings) is on PATH.
    pub fn on_path(&self, dir: &str) -> bool {
        self.snap.path_entries.iter().any(|e| {
            self.style.same(&e.raw, dir)
                || e.resolved
                    .as_deref()
                    .is_some_and(|r| self.style.same(r, dir))
        })
    }
}

/// Describes where a value came from, for evidence.
pub fn describe_source(source: &EnvSource) -> String {
    match source {
        EnvSource::Process => "process environment".to_string(),
        EnvSource::UserFile { path, line } => format!("{path}:{line} (go env -w)"),
        EnvSource::GorootFile { path, line } => format!("{path}:{line} ($GOROOT/go.env)"),
        EnvSource::Default => "Go's default".to_string(),
        EnvSource::Computed { why } => format!("computed by go: {why}"),
    }
}

/// Wraps a value in backticks for a message.
pub fn code(value: &str) -> String {
    if value.is_empty() {
        "`` (empty)".to_string()
    } else {
        format!("`{value}`")
    }
}
