//! Facts about fetching private modules directly (VCS tools, git
//! configuration, `.netrc`, GOAUTH, SSH). No secret is kept: `.netrc`
//! entries keep machine and login only, git values pass through
//! [`crate::redact`], credential helpers keep only their program name, SSH
//! keys only their file names.

use gomedic_go::git_rewrite::GitConfigEntry;
use gomedic_go::netrc::{IgnoredEntry, NetrcEntry};
use serde::{Deserialize, Serialize};

/// Everything the private-access probe learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateAccessFacts {
    /// `git`, `hg`, `svn`, `bzr`, `fossil`: where each is on PATH and its version.
    pub vcs_tools: Vec<VcsTool>,
    /// `url.*.insteadof`, `url.*.pushinsteadof` and `credential.*` keys of
    /// the git configuration the go command's git sees (system, global and
    /// `GIT_CONFIG_*`; not the project's own repository).
    pub git_config: Vec<GitConfigEntry>,
    /// Why the git configuration could not be read, if it could not.
    pub git_config_error: Option<String>,
    /// The `.netrc` the active go reads.
    pub netrc: Option<NetrcFacts>,
    /// Presence of the variables that decide how git authenticates.
    pub git_env: GitEnvFacts,
    /// File names of the private keys in `~/.ssh` (`id_*` without `.pub`).
    pub ssh_keys: Vec<String>,
    /// For `GOAUTH=git DIR` entries: DIR and whether it is a directory
    /// (`None`: it does not exist).
    pub goauth_git_dirs: Vec<(String, Option<bool>)>,
}

/// One version-control tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VcsTool {
    pub name: String,
    /// Where `exec.LookPath` finds it; `None` when it is not on PATH.
    pub path: Option<String>,
    /// The first line of its version output (bounded run).
    pub version: Option<String>,
    /// Why the version could not be read, when it could not.
    pub error: Option<String>,
}

/// The `.netrc` file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetrcFacts {
    pub path: String,
    /// `NETRC`, `home` or `home _netrc`.
    pub chosen_by: String,
    pub exists: bool,
    /// The entries the go command uses (machine and login; never the password).
    pub entries: Vec<NetrcEntry>,
    /// Entries it ignores (no login or no password).
    pub ignored: Vec<IgnoredEntry>,
    /// The line of a `default` token that ended reading.
    pub stopped_at_default: Option<usize>,
    /// Unix permission bits (git's curl refuses nothing, but a readable
    /// `.netrc` leaks tokens).
    pub mode: Option<u32>,
    pub error: Option<String>,
}

/// Presence (never values, except the prompt switch) of git's variables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitEnvFacts {
    /// GIT_TERMINAL_PROMPT as set (`None` unset); the go command sets it to
    /// 0 for git unless the user set it.
    pub terminal_prompt: Option<String>,
    pub askpass: bool,
    pub ssh_command: bool,
    /// SSH_AUTH_SOCK is set (an SSH agent may hold keys).
    pub ssh_agent: bool,
}

impl PrivateAccessFacts {
    /// The tool `name`, when it is on PATH.
    pub fn tool(&self, name: &str) -> Option<&VcsTool> {
        self.vcs_tools
            .iter()
            .find(|t| t.name == name && t.path.is_some())
    }
}
