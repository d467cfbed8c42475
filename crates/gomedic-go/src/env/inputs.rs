//! Everything environment resolution needs from the machine, as plain data,
//! and the questions the probe must answer to fill it in.

use super::paths::{Flavor, os_getenv, user_config_dir};
use super::release::Release;
use crate::envfile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A configuration file as read from disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvFileInput {
    /// The path Go opens.
    pub path: String,
    /// The content, decoded with [`envfile::decode_go_lossy`]; `None` when the
    /// file is missing or unreadable.
    pub content: Option<String>,
    /// Why it could not be read, when it exists but could not be.
    #[serde(default)]
    pub error: Option<String>,
}

/// The facts about one machine and one go binary that resolution reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvInputs {
    /// `runtime.GOOS` / `runtime.GOARCH` of the go binary.
    pub host_os: String,
    pub host_arch: String,
    /// `runtime.Version()` of the go binary, e.g. `go1.22.10`.
    pub go_version: String,
    /// The OS environment of the go process (unredacted; set to "" = present).
    pub os_env: BTreeMap<String, String>,
    /// The user's GOENV file at [`user_env_file_path`], if there is a path.
    pub user_env_file: Option<EnvFileInput>,
    /// `go.env` of the GOROOT Go reads it from ([`find_goroot`]).
    pub goroot_env_file: Option<EnvFileInput>,
    /// `os.Executable()` of the go binary made absolute (Linux: symlinks
    /// already resolved, as /proc/self/exe is).
    pub exe: Option<String>,
    /// `filepath.EvalSymlinks(exe)`.
    pub exe_resolved: Option<String>,
    /// `isGOROOT(dir)` answers (`dir/pkg/tool` is a directory).
    pub goroot_dirs: BTreeMap<String, bool>,
    /// `runtime.GOROOT()` baked into a non-trimmed go binary ("" for releases).
    #[serde(default)]
    pub baked_goroot: String,
    /// `exec.LookPath` results (absolute path, or `None` when not found).
    pub path_lookups: BTreeMap<String, Option<String>>,
    /// Whether a path is a directory (`None` entry absent = not asked yet).
    pub is_dir: BTreeMap<String, bool>,
    /// The current directory as `os.Getwd` returns it.
    pub cwd: String,
    /// `os.TempDir()`.
    pub temp_dir: String,
    /// Directories, from `cwd` up to the root, that hold a non-directory `go.mod`.
    pub go_mod_dirs: Vec<String>,
    /// Directories, from `cwd` up, that hold a non-directory `go.work`.
    pub go_work_dirs: Vec<String>,
    /// `<UserConfigDir>/go/telemetry/mode` (1.23+).
    pub telemetry_mode_file: Option<EnvFileInput>,
    /// Answers of the compiler flag tests (flag → supported); empty when the
    /// compiler was not run.
    pub cc_flag_support: BTreeMap<String, bool>,
    /// The work directory to show in GOGCCFLAGS (Go makes a fresh
    /// `go-build<random>`); computed when absent.
    pub work_dir: Option<String>,
    /// `buildcfg.DefaultCGO_ENABLED` of a toolchain built with it (distributions).
    #[serde(default)]
    pub baked_cgo_enabled: Option<bool>,
}

impl EnvInputs {
    pub fn flavor(&self) -> Flavor {
        Flavor::for_os(&self.host_os)
    }

    pub fn release(&self) -> Release {
        Release::from_version(&self.go_version)
    }

    /// `os.Getenv` of the go process.
    pub fn os_getenv(&self, key: &str) -> &str {
        os_getenv(&self.os_env, &self.host_os, key)
    }

    pub(crate) fn user_settings(&self) -> BTreeMap<String, envfile::EnvFileEntry> {
        self.user_env_file
            .as_ref()
            .and_then(|f| f.content.as_deref())
            .map(envfile::parse)
            .unwrap_or_default()
    }
}

/// A fact the probe must look up before [`super::resolve`] can be exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactRequest {
    /// Read this file into `user_env_file`.
    UserEnvFile { path: String },
    /// Read this file into `goroot_env_file`.
    GorootEnvFile { path: String },
    /// Whether `dir/pkg/tool` is a directory, into `goroot_dirs`.
    IsGoroot { dir: String },
    /// `exec.LookPath(name)` with the go process's PATH, into `path_lookups`.
    LookPath { name: String },
    /// Whether `path` is a directory, into `is_dir`.
    IsDir { path: String },
    /// Read this file into `telemetry_mode_file`.
    TelemetryModeFile { path: String },
    /// Run the C compiler to test a flag (only when asked for), into `cc_flag_support`.
    CcFlag { flag: String, argv: Vec<String> },
}

/// `cfg.EnvFile`: the user's GOENV file path, or why there is none.
pub fn user_env_file_path(inputs: &EnvInputs) -> Result<String, String> {
    let goenv = inputs.os_getenv("GOENV");
    if goenv == "off" {
        return Err("GOENV=off".into());
    }
    if !goenv.is_empty() {
        return Ok(goenv.to_string());
    }
    let dir = user_config_dir(&inputs.os_env, &inputs.host_os, inputs.release())?;
    if dir.is_empty() {
        return Err("missing user-config dir".into());
    }
    Ok(inputs.flavor().join(&[&dir, "go/env"]))
}

/// The telemetry directory (`<UserConfigDir>/go/telemetry`), "" without a config dir.
pub fn telemetry_dir(inputs: &EnvInputs) -> String {
    match user_config_dir(&inputs.os_env, &inputs.host_os, inputs.release()) {
        Ok(dir) if !dir.is_empty() => inputs.flavor().join(&[&dir, "go", "telemetry"]),
        _ => String::new(),
    }
}

/// The directories `findGOROOT` tests, in order.
pub fn goroot_candidates(inputs: &EnvInputs) -> Vec<String> {
    let flavor = inputs.flavor();
    let mut dirs = Vec::new();
    for exe in [&inputs.exe, &inputs.exe_resolved].into_iter().flatten() {
        for up in ["../..", "../../.."] {
            dirs.push(flavor.join(&[exe, up]));
        }
    }
    dirs
}

/// `cfg.findGOROOT(user file GOROOT)`: the GOROOT whose go.env Go reads, and
/// where it came from (`None` when no GOROOT can be found).
pub fn find_goroot(inputs: &EnvInputs) -> Option<(String, super::EnvSource)> {
    let flavor = inputs.flavor();
    let user = inputs.user_settings();
    if let Some(entry) = user.get("GOROOT").filter(|e| !e.value.is_empty()) {
        let path = inputs
            .user_env_file
            .as_ref()
            .map(|f| f.path.clone())
            .unwrap_or_default();
        return Some((
            flavor.clean(&entry.value),
            super::EnvSource::UserFile {
                path,
                line: entry.line,
            },
        ));
    }
    let from_env = inputs.os_getenv("GOROOT");
    if !from_env.is_empty() {
        return Some((flavor.clean(from_env), super::EnvSource::Process));
    }
    let exe_dirs = goroot_candidates(inputs);
    let first_pair = exe_dirs.iter().take(2);
    let second_pair = exe_dirs.iter().skip(2);
    for dir in first_pair.chain(second_pair) {
        if inputs.goroot_dirs.get(dir).copied().unwrap_or(false) {
            return Some((
                dir.clone(),
                super::EnvSource::Computed {
                    why: "the go binary's location (<dir>/pkg/tool exists)".into(),
                },
            ));
        }
    }
    if !inputs.baked_goroot.is_empty() {
        return Some((
            flavor.clean(&inputs.baked_goroot),
            super::EnvSource::Computed {
                why: "runtime.GOROOT() baked into the go binary".into(),
            },
        ));
    }
    None
}

/// The facts still missing from `inputs`. The probe answers them and asks
/// again until nothing is missing (each answer can raise new questions, e.g.
/// the GOROOT found decides which go.env to read). `run_compiler` adds the
/// compiler flag tests GOGCCFLAGS needs.
pub fn fact_requests(inputs: &EnvInputs, run_compiler: bool) -> Vec<FactRequest> {
    let mut requests = Vec::new();
    if let Ok(path) = user_env_file_path(inputs)
        && inputs.user_env_file.as_ref().is_none_or(|f| f.path != path)
    {
        requests.push(FactRequest::UserEnvFile { path });
        // Everything below depends on the user file.
        return requests;
    }
    if inputs
        .user_settings()
        .get("GOROOT")
        .is_none_or(|e| e.value.is_empty())
        && inputs.os_getenv("GOROOT").is_empty()
    {
        for dir in goroot_candidates(inputs) {
            if !inputs.goroot_dirs.contains_key(&dir) {
                requests.push(FactRequest::IsGoroot { dir });
            }
        }
        if !requests.is_empty() {
            return requests;
        }
    }
    if inputs.release().has_goroot_env_file()
        && let Some((goroot, _)) = find_goroot(inputs)
    {
        let path = inputs.flavor().join(&[&goroot, "go.env"]);
        if inputs
            .goroot_env_file
            .as_ref()
            .is_none_or(|f| f.path != path)
        {
            requests.push(FactRequest::GorootEnvFile { path });
            return requests;
        }
    }
    let env = super::resolve(inputs);
    let goroot = env.value("GOROOT");
    if !goroot.is_empty() && !inputs.is_dir.contains_key(goroot) {
        requests.push(FactRequest::IsDir {
            path: goroot.to_string(),
        });
    }
    let gotmpdir = env.value("GOTMPDIR");
    if !gotmpdir.is_empty() {
        let abs = inputs.flavor().abs(gotmpdir, &inputs.cwd);
        if !inputs.is_dir.contains_key(&abs) {
            requests.push(FactRequest::IsDir { path: abs });
        }
    }
    let default_cc = super::cgo::default_cc(&inputs.host_os).to_string();
    let gccgo = super::resolve::gccgo_name(inputs);
    for name in [default_cc, gccgo] {
        if !inputs.path_lookups.contains_key(&name) {
            requests.push(FactRequest::LookPath { name });
        }
    }
    if inputs.release().has_telemetry() {
        let dir = telemetry_dir(inputs);
        if !dir.is_empty() {
            let path = inputs.flavor().join(&[&dir, "mode"]);
            if inputs
                .telemetry_mode_file
                .as_ref()
                .is_none_or(|f| f.path != path)
            {
                requests.push(FactRequest::TelemetryModeFile { path });
            }
        }
    }
    if run_compiler && requests.is_empty() {
        for test in super::resolve::compiler_flag_tests(inputs) {
            if !inputs.cc_flag_support.contains_key(&test.flag) {
                requests.push(FactRequest::CcFlag {
                    flag: test.flag,
                    argv: test.argv,
                });
            }
        }
    }
    requests
}
