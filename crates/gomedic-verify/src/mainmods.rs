//! The main modules the go command works with (`modload.MainModules`): one
//! module, or the `use` directories of a go.work workspace, with the go.sum
//! files it reads and the replacements and exclusions that apply.
//!
//! Workspace rules (Go 1.21–1.27, `modload.InitWorkfile`, `loadWorkFile`,
//! `initGoSum`), verified with the real go:
//! - GOWORK=off: no workspace; otherwise GOWORK names the go.work (the go
//!   command's `go env GOWORK` is the file it found walking up).
//! - `use` paths are relative to the go.work directory; each must hold a go.mod.
//! - go.sum files read: `go.work.sum` beside go.work, then each workspace
//!   module's go.sum, in `use` order.
//! - replacements: go.work's win; otherwise each workspace module's own,
//!   directories relative to the module that declares them.
//! - exclusions: every workspace module's `exclude` lines apply to the whole graph.

use crate::replace::Replacements;
use gomedic_go::modfile::{self, ModFile};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest go.mod or go.work read.
const MAX_MOD_FILE: u64 = 16 << 20;

/// One main module.
#[derive(Debug, Clone)]
pub struct MainModule {
    /// Its module path (`module` line; "" when missing).
    pub path: String,
    /// The directory holding its go.mod.
    pub dir: PathBuf,
    pub file: ModFile,
}

/// The main modules and what applies to their module graph.
#[derive(Debug, Clone)]
pub struct MainModules {
    /// The go.work in use, if any.
    pub work_file: Option<PathBuf>,
    pub modules: Vec<MainModule>,
    /// The go.sum files the go command reads, in order (some may not exist).
    pub sum_files: Vec<PathBuf>,
    pub replacements: Replacements,
    /// `exclude`d module versions (`path`, `version`).
    pub excluded: BTreeSet<(String, String)>,
}

/// How the go command finds a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkSetting {
    /// GOWORK=off, or no go.work found: module mode with one main module.
    Off,
    /// This go.work file (as `go env GOWORK` reports it).
    File(PathBuf),
}

impl WorkSetting {
    /// From the value `go env GOWORK` prints ("" and "off" mean no workspace).
    pub fn from_go_env(value: &str) -> WorkSetting {
        match value {
            "" | "off" => WorkSetting::Off,
            path => WorkSetting::File(PathBuf::from(path)),
        }
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("open {}: {}", path.display(), crate::tree::io_text(&e)))?;
    let mut data = Vec::new();
    file.take(MAX_MOD_FILE + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("read {}: {}", path.display(), crate::tree::io_text(&e)))?;
    if data.len() as u64 > MAX_MOD_FILE {
        return Err(format!(
            "{} is larger than {MAX_MOD_FILE} bytes",
            path.display()
        ));
    }
    Ok(data)
}

fn read_go_mod(dir: &Path) -> Result<MainModule, String> {
    let go_mod = dir.join("go.mod");
    let data = read_bounded(&go_mod)?;
    let file = modfile::parse(&go_mod.display().to_string(), &data)
        .map_err(|e| format!("errors parsing go.mod:\n{e}"))?;
    Ok(MainModule {
        path: file.module_path().unwrap_or_default().to_string(),
        dir: dir.to_path_buf(),
        file,
    })
}

fn excluded_by(modules: &[MainModule]) -> BTreeSet<(String, String)> {
    modules
        .iter()
        .flat_map(|m| m.file.exclude.iter())
        .map(|x| (x.path.clone(), x.version.clone()))
        .collect()
}

impl MainModules {
    /// The single module whose go.mod is in `dir` (GOWORK=off or no go.work).
    pub fn single(dir: &Path) -> Result<MainModules, String> {
        let main = read_go_mod(dir)?;
        let replacements =
            Replacements::new(None, &[(main.dir.clone(), main.file.replace.clone())]);
        let modules = vec![main];
        Ok(MainModules {
            work_file: None,
            sum_files: vec![dir.join("go.sum")],
            replacements,
            excluded: excluded_by(&modules),
            modules,
        })
    }

    /// The workspace of `go_work`.
    pub fn workspace(go_work: &Path) -> Result<MainModules, String> {
        let data = read_bounded(go_work)?;
        let work = modfile::parse_work(&go_work.display().to_string(), &data)
            .map_err(|e| format!("errors parsing go.work:\n{e}"))?;
        let work_dir = go_work.parent().unwrap_or(Path::new("."));
        let mut modules: Vec<MainModule> = Vec::new();
        for u in &work.use_dirs {
            let dir = work_dir.join(&u.path);
            let main = read_go_mod(&dir).map_err(|e| {
                format!("cannot load module {} listed in go.work file: {e}", u.path)
            })?;
            if let Some(other) = modules.iter().find(|m| m.path == main.path) {
                return Err(format!(
                    "module {} appears multiple times in workspace ({} and {})",
                    main.path,
                    other.dir.display(),
                    main.dir.display()
                ));
            }
            modules.push(main);
        }
        let module_replaces: Vec<(PathBuf, Vec<modfile::Replace>)> = modules
            .iter()
            .map(|m| (m.dir.clone(), m.file.replace.clone()))
            .collect();
        let replacements = Replacements::new(
            Some((work_dir.to_path_buf(), work.replace.clone())),
            &module_replaces,
        );
        let mut sum_files = vec![PathBuf::from(format!("{}.sum", go_work.display()))];
        sum_files.extend(modules.iter().map(|m| m.dir.join("go.sum")));
        Ok(MainModules {
            work_file: Some(go_work.to_path_buf()),
            sum_files,
            replacements,
            excluded: excluded_by(&modules),
            modules,
        })
    }

    /// The main modules for a command run in `dir` under `setting`.
    pub fn load(dir: &Path, setting: &WorkSetting) -> Result<MainModules, String> {
        match setting {
            WorkSetting::File(go_work) => MainModules::workspace(go_work),
            WorkSetting::Off => {
                let root = dir
                    .ancestors()
                    .find(|d| d.join("go.mod").is_file())
                    .ok_or_else(|| {
                        "go.mod file not found in current directory or any parent directory"
                            .to_string()
                    })?;
                MainModules::single(root)
            }
        }
    }

    /// Whether `path` is a main module's path.
    pub fn contains(&self, path: &str) -> bool {
        self.modules.iter().any(|m| m.path == path)
    }

    /// Whether the go command runs in workspace mode.
    pub fn is_workspace(&self) -> bool {
        self.work_file.is_some()
    }
}
