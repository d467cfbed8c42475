//! Facts about the project's required modules that decide whether go treats
//! them as private: what the first proxy on each module's route answers and
//! what go-import discovery finds (absent with `--offline`).

use gomedic_go::goimport::Stage;
use serde::{Deserialize, Serialize};

/// Everything gathered for the requirements of the project's go.mod.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateFacts {
    /// The go.mod read (path).
    pub go_mod: String,
    pub budget_ms: u64,
    pub elapsed_ms: u64,
    pub modules: Vec<ModulePrivacy>,
    /// Requirements left out (beyond the cap, or replaced).
    #[serde(default)]
    pub skipped: Vec<String>,
}

/// One required module.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModulePrivacy {
    pub path: String,
    pub version: String,
    /// The first proxy on the module's route and its answer, when the route
    /// has one (no GONOPROXY match).
    pub proxy: Option<ProxyLookup>,
    pub discovery: DiscoveryFacts,
}

/// The answer of a proxy for `<module>/@v/<version>.info`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyLookup {
    /// The proxy base URL (redacted).
    pub proxy: String,
    pub url: String,
    pub status: Option<u16>,
    /// A network error, when there was no answer.
    pub error: Option<String>,
    /// The start of a plain-text answer (proxy.golang.org explains a 404/410
    /// there, e.g. `terminal prompts disabled`).
    pub message: Option<String>,
}

/// What go-import discovery found for the module path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DiscoveryFacts {
    /// Not looked at (go does not reach `direct` for it, or no time left).
    #[default]
    NotProbed,
    /// A known code host or a `.git`-style path: go skips discovery.
    KnownHost { root: String, vcs: String },
    /// go fails before any network access.
    StaticError { message: String },
    /// A go-import tag applies.
    Found {
        url: String,
        prefix: String,
        vcs: String,
        repo_root: String,
    },
    /// Discovery fails; `message` is go's text after
    /// `unrecognized import path "<path>": `.
    Failed {
        url: String,
        stage: Stage,
        message: String,
        /// The HTTP status of the page, when there was one.
        status: Option<u16>,
    },
}
