//! The probe: reads the machine, never writes to it, and returns a
//! [`gomedic_model::Snapshot`]. Every probe is bounded in time, and a probe
//! that fails becomes a fact (a `ProbeError`), never a crash.
//!
//! Stages (independent work inside a stage runs on scoped threads):
//! 1. host, process environment, PATH entries, the mount table and the
//!    well-known install locations;
//! 2. every `go` found and its installation (build info, GOROOT, tools), while
//!    the active `go version` runs with its time bound;
//! 3. the Go environment of the active toolchain;
//! 4. the project, the directories Go uses and the C compiler lookups.

pub mod binary;
pub mod dirs;
pub mod editor_facts;
pub mod editor_goland;
pub mod editor_settings;
pub mod editor_tools;
pub mod envvars;
pub mod gobinaries;
pub mod goenv;
pub mod goroot;
pub mod goroot_times;
pub mod gui_session;
pub mod host;
pub mod install_facts;
pub mod lookpath;
pub mod mounts;
pub mod os;
mod parallel;
pub mod pathlist;
pub mod private_access;
pub mod project;
pub mod rpm_owner;
pub mod run;
pub mod shell_contexts;
pub mod startup_files;
pub mod textfile;
pub mod toolchains;

use gomedic_model::Snapshot;
use gomedic_model::snapshot::{GoTreeFact, ProbeError, RunResult, SNAPSHOT_SCHEMA};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to probe and how long it may take.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// The Go project to diagnose (its go.mod / go.work count).
    pub project_dir: PathBuf,
    /// Touch no network at all.
    pub offline: bool,
    /// Run the active `go version` (with a time bound) to prove it runs.
    pub run_go: bool,
    /// Time bound of any one subprocess.
    pub subprocess_timeout: Duration,
    /// Start login, interactive and `sh -c` shells to compare the
    /// environments they give programs (Unix; `--no-shell` turns it off).
    pub spawn_shells: bool,
}

/// Gathers every fact about this machine. Never panics, never writes.
pub fn take_snapshot(options: &ProbeOptions) -> Snapshot {
    let mut snap = Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        gomedic_version: env!("CARGO_PKG_VERSION").to_string(),
        ..Snapshot::default()
    };
    let mut errors: Vec<ProbeError> = Vec::new();
    snap.host = host::probe_host();
    let (env, env_non_utf8) = envvars::relevant_env(std::env::vars_os());
    snap.env = env;
    snap.env_non_utf8 = env_non_utf8;
    let cwd = std::env::current_dir().unwrap_or_else(|e| {
        errors.push(error(
            "cwd",
            format!("cannot read the current directory: {e}"),
        ));
        PathBuf::from("/")
    });
    let inputs = Inputs {
        raw_path: std::env::var_os("PATH")
            .map(|p| pathlist::split_host_path(&p))
            .unwrap_or_default(),
        exts: lookpath::path_extensions(snap.env_var("PATHEXT")),
        windows: cfg!(windows),
        project_dir: std::path::absolute(&options.project_dir)
            .unwrap_or_else(|_| cwd.join(&options.project_dir)),
        cwd,
    };
    // `go version` is the slowest probe: start it first, on its own thread.
    let runnable = options
        .run_go
        .then(|| {
            gobinaries::first_runnable_go(
                &inputs.raw_path,
                &inputs.cwd,
                inputs.windows,
                &inputs.exts,
            )
        })
        .flatten();
    let process_env = process_env_map();
    let home_dir = snap.host.home.clone().map(PathBuf::from);
    std::thread::scope(|scope| {
        let run = scope.spawn(|| {
            let go = runnable.as_ref()?;
            Some(run::run_bounded_without(
                go,
                &["version"],
                &NO_WRITES_ENV,
                &NEUTRAL_ENV_REMOVED,
                options.subprocess_timeout,
            ))
        });
        let (host_os, home) = (snap.host.os.clone(), snap.host.home.clone());
        let startup = scope.spawn(move || startup_files::probe_startup(&host_os, home.as_deref()));
        let contexts = scope.spawn(|| {
            if !options.spawn_shells || cfg!(not(unix)) {
                return Vec::new();
            }
            let fresh: Vec<OsString> = shell_contexts::FRESH_PATH
                .split(':')
                .map(OsString::from)
                .collect();
            let shell = std::env::var("SHELL").ok();
            let specs = shell_contexts::context_specs(shell.as_deref(), &|name| {
                lookpath::look_path(name, &fresh, Path::new("/"), &[])
            });
            let gui_path = fresh.clone();
            let gui = scope.spawn(move || {
                gui_session::probe_gui_session(&|name| {
                    lookpath::look_path(name, &gui_path, Path::new("/"), &[])
                })
            });
            let mut contexts = shell_contexts::probe_contexts(
                &specs,
                &shell_contexts::fresh_env(std::env::vars_os()),
                shell_contexts::SHELL_TIMEOUT,
            );
            contexts.extend(gui.join().ok().flatten());
            contexts
        });
        let access_inputs = private_access::PrivateAccessInputs {
            raw_path: &inputs.raw_path,
            cwd: &inputs.cwd,
            exts: &inputs.exts,
            env: &process_env,
            home: home_dir.as_deref(),
            timeout: options.subprocess_timeout,
        };
        let access = scope.spawn(move || private_access::probe_tools_and_git(&access_inputs));
        gather(&mut snap, &mut errors, &inputs, options);
        attach_run(&mut snap, &mut errors, run.join().ok().flatten());
        snap.private_access = access.join().unwrap_or_default();
        add_netrc_and_goauth(&mut snap, &process_env);
        if let Some(e) = &snap.private_access.git_config_error {
            errors.push(error("git-config", e.clone()));
        }
        snap.startup = startup.join().unwrap_or_default();
        snap.contexts = contexts.join().unwrap_or_default();
        for c in &snap.contexts {
            if let Some(e) = &c.error {
                errors.push(error("shell-context", format!("{}: {e}", c.name)));
            }
        }
    });
    snap.probe_errors = errors;
    snap
}

/// Added to the environment of `go version` so that it writes nothing:
/// GOTOOLCHAIN=local stops toolchain downloads, and a user config dir that
/// cannot hold directories stops Go 1.23+ telemetry counters (written under
/// `os.UserConfigDir()/go/telemetry` even by `go version`). The user's GOENV
/// file moves with it, which `go version` does not need.
#[cfg(all(unix, not(target_os = "macos")))]
const NO_WRITES_ENV: [(&str, &str); 2] =
    [("GOTOOLCHAIN", "local"), ("XDG_CONFIG_HOME", "/dev/null")];
#[cfg(target_os = "macos")]
const NO_WRITES_ENV: [(&str, &str); 2] = [("GOTOOLCHAIN", "local"), ("HOME", "/dev/null")];
#[cfg(windows)]
const NO_WRITES_ENV: [(&str, &str); 2] = [("GOTOOLCHAIN", "local"), ("APPDATA", "NUL")];
#[cfg(not(any(unix, windows)))]
const NO_WRITES_ENV: [(&str, &str); 1] = [("GOTOOLCHAIN", "local")];

/// Taken out of the environment of `go version`: the run proves that the
/// binary itself starts on this machine, so settings that make every go
/// command fail (a malformed GOFLAGS or GOEXPERIMENT, a GOROOT or GOENV file
/// pointing elsewhere) must not make a healthy binary look broken. Those
/// settings have checks of their own.
const NEUTRAL_ENV_REMOVED: [&str; 4] = ["GOFLAGS", "GOEXPERIMENT", "GOROOT", "GOENV"];

/// What every stage needs.
struct Inputs {
    raw_path: Vec<OsString>,
    exts: Vec<String>,
    windows: bool,
    cwd: PathBuf,
    project_dir: PathBuf,
}

/// Stages 1 to 4 (see the crate documentation), except the run of go.
fn gather(
    snap: &mut Snapshot,
    errors: &mut Vec<ProbeError>,
    inputs: &Inputs,
    options: &ProbeOptions,
) {
    let home = snap.host.home.clone().map(PathBuf::from);
    let (host_os, host_arch) = (snap.host.os.clone(), snap.host.arch.clone());

    // Stage 1.
    let (mounts, off_path_files, entries) = std::thread::scope(|scope| {
        let mounts = scope.spawn(mounts::MountTable::load);
        let env = &snap.env;
        let locations = scope.spawn(|| {
            gobinaries::expand_locations(&gobinaries::well_known_locations(
                &host_os,
                home.as_deref(),
                env,
            ))
        });
        let entries = pathlist::probe_path_entries(&inputs.raw_path, &inputs.cwd);
        (
            mounts.join().unwrap_or_default(),
            locations.join().unwrap_or_default(),
            entries,
        )
    });
    snap.path_entries = entries;
    if let Some(e) = &mounts.error {
        errors.push(error("mounts", e.clone()));
    }

    // Stage 2.
    let on_path = gobinaries::go_on_path(&snap.path_entries, inputs.windows, &inputs.exts);
    let off_path = gobinaries::off_path_candidates(&on_path, &off_path_files);
    let candidates: Vec<gobinaries::Candidate> = on_path.into_iter().chain(off_path).collect();
    snap.go_binaries = parallel::parallel_map(&candidates, parallel::worker_count(), |c| {
        gobinaries::binary_facts(c, &host_os, &host_arch)
    });
    snap.active_go = gobinaries::active_index(&snap.go_binaries);
    for go in &snap.go_binaries {
        if let Some(e) = &go.build_info_error {
            errors.push(error(
                "go-binary",
                format!("{}: cannot read build info: {e}", go.path),
            ));
        }
    }

    // Stage 3.
    let env_probe = resolve_go_env(snap, &inputs.project_dir, options.subprocess_timeout);
    snap.go_env = Some(env_probe.go_env);
    snap.user_env_file = env_probe.user_env_file;
    errors.extend(env_probe.errors);

    // Stage 4.
    let settings = Settings::from_snapshot(snap);
    let project_ctx = project::ProjectContext {
        gowork: settings.get("GOWORK").to_string(),
        gopath: settings.gopath(inputs.windows),
        temp_dir: host::temp_dir(),
        goroot: Some(settings.get("GOROOT"))
            .filter(|g| !g.is_empty())
            .map(PathBuf::from),
    };
    let dir_roles = settings.dir_roles(inputs.windows, &snap.host.temp_dir);
    let lookups = settings.compiler_names(&snap.host.os);
    let os_inputs = os::OsInputs {
        raw_path: &inputs.raw_path,
        cwd: &inputs.cwd,
        exts: &inputs.exts,
        home: home.as_deref(),
        gobin: dir_roles
            .iter()
            .find(|(role, _)| role == "GOBIN")
            .map(|(_, p)| p.clone()),
        goroot: Some(PathBuf::from(settings.get("GOROOT"))).filter(|p| !p.as_os_str().is_empty()),
        gomodcache: Some(PathBuf::from(settings.get("GOMODCACHE")))
            .filter(|p| !p.as_os_str().is_empty()),
        timeout: options.subprocess_timeout,
    };
    let process_env: BTreeMap<String, String> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
        .collect();
    let install_inputs = install_facts::InstallInputs {
        project_dir: &inputs.project_dir,
        home: home.as_deref(),
        env: &process_env,
        roots: install_facts::SystemRoots::default(),
    };
    // The file times of the GOROOT the active go uses, walked beside the rest.
    let goroot_walk = {
        let roots = goroot_times::active_goroots(snap, settings.get("GOROOT"));
        std::thread::spawn(move || goroot_times::probe_goroot_times(roots))
    };
    let binaries = &snap.go_binaries;
    let tool_search = editor_tools::ToolSearch {
        gobin: Some(PathBuf::from(settings.get("GOBIN"))).filter(|p| !p.as_os_str().is_empty()),
        gopath: settings.gopath(inputs.windows),
        path_entries: &snap.path_entries,
        windows: inputs.windows,
    };
    let (project, dirs, path_lookups, os_facts, installs, tools) = std::thread::scope(|scope| {
        let tools = scope.spawn(|| editor_tools::probe_editor_tools(&tool_search));
        let installs = scope.spawn(|| install_facts::probe_installs(binaries, &install_inputs));
        let os_facts = scope.spawn(|| os::probe_os(&os_inputs));
        let project = scope.spawn(|| project::probe_project(&inputs.project_dir, &project_ctx));
        let lookups = scope.spawn(|| {
            lookups
                .iter()
                .map(|name| {
                    let found =
                        lookpath::look_path(name, &inputs.raw_path, &inputs.cwd, &inputs.exts);
                    (
                        name.clone(),
                        found.map(|p| p.to_string_lossy().into_owned()),
                    )
                })
                .collect::<BTreeMap<_, _>>()
        });
        let dirs = dirs::probe_dirs(&dir_roles, &mounts);
        (
            project.join().unwrap_or_default(),
            dirs,
            lookups.join().unwrap_or_default(),
            os_facts.join().unwrap_or_default(),
            installs.join().unwrap_or_default(),
            tools.join().unwrap_or_default(),
        )
    });
    snap.installs = installs;
    for dir in &tools.dirs {
        if let Some(e) = &dir.error {
            errors.push(error("editor-tools", e.clone()));
        }
    }
    snap.editor_tools = tools;
    snap.goroot_times = goroot_walk.join().unwrap_or_default();
    snap.os = os_facts;
    snap.project = project;
    snap.dirs = dirs;
    for (path, fact) in snap
        .dirs
        .iter_mut()
        .filter(|(_, f)| f.roles.iter().any(|r| r == "GOROOT"))
    {
        fact.go_tree = Some(go_tree(Path::new(path)));
    }
    snap.path_lookups = path_lookups;
    // Toolchain switching: the names go may look up in PATH, and what the module cache holds.
    let gotoolchain = snap.go_env.as_ref().map_or("", |e| e.value("GOTOOLCHAIN"));
    for name in toolchains::switch_candidates(gotoolchain, &snap.project) {
        let found = lookpath::look_path(&name, &inputs.raw_path, &inputs.cwd, &inputs.exts);
        snap.path_lookups
            .entry(name)
            .or_insert_with(|| found.map(|p| p.to_string_lossy().into_owned()));
    }
    snap.cached_toolchains = toolchains::cached_toolchains(Path::new(settings.get("GOMODCACHE")));
    snap.editor = probe_editor_facts(snap, inputs, &settings, &process_env);
}

/// The editor settings and workspace layout (stage 4, after the project).
fn probe_editor_facts(
    snap: &Snapshot,
    inputs: &Inputs,
    settings: &Settings,
    process_env: &BTreeMap<String, String>,
) -> gomedic_model::editor::EditorFacts {
    let module_root = snap
        .project
        .go_mod
        .as_ref()
        .and_then(|m| Path::new(&m.path).parent().map(Path::to_path_buf));
    let home = snap.host.home.as_deref().map(Path::new);
    let gopath = settings.gopath(inputs.windows);
    editor_facts::probe_editors(&editor_facts::EditorInputs {
        host_os: &snap.host.os,
        host_arch: &snap.host.arch,
        home,
        env: process_env,
        project_dir: &inputs.project_dir,
        module_root: module_root.as_deref(),
        path: &inputs.raw_path,
        exts: &inputs.exts,
        gopath: &gopath,
        gowork: settings.get("GOWORK"),
    })
}

/// The process environment, lossily decoded (never stored as is).
fn process_env_map() -> BTreeMap<String, String> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
        .collect()
}

/// The `.netrc` and GOAUTH facts, which depend on the active go's release.
fn add_netrc_and_goauth(snap: &mut Snapshot, process_env: &BTreeMap<String, String>) {
    let release = snap
        .active()
        .and_then(|g| g.go_version())
        .unwrap_or("")
        .to_string();
    let windows = snap.is_windows();
    snap.private_access.netrc = private_access::probe_netrc(&release, windows, process_env);
    let goauth = snap
        .go_env
        .as_ref()
        .and_then(|e| e.get("GOAUTH"))
        .map(|v| v.value.clone())
        .or_else(|| process_env.get("GOAUTH").cloned())
        .unwrap_or_default();
    snap.private_access.goauth_git_dirs = private_access::goauth_git_dirs(&goauth);
}

/// Puts the result of `go version` on the go that ran it.
fn attach_run(snap: &mut Snapshot, errors: &mut Vec<ProbeError>, run: Option<RunResult>) {
    let Some(run) = run else { return };
    if run.timed_out {
        errors.push(error(
            "go-version",
            format!("`{}` ran past its time bound and was killed", run.command),
        ));
    }
    let ran = run.command.strip_suffix(" version").unwrap_or(&run.command);
    match snap
        .go_binaries
        .iter_mut()
        .find(|g| g.path_index.is_some() && g.path == ran)
    {
        Some(go) => go.run = Some(run),
        None => errors.push(error(
            "go-version",
            format!(
                "`{}` ran but is not among the go binaries found",
                run.command
            ),
        )),
    }
}

fn error(probe: &str, message: String) -> ProbeError {
    ProbeError {
        probe: probe.to_string(),
        message,
    }
}

/// The Go environment of the active toolchain (or of a go with no known
/// location when there is none), resolved without running go.
fn resolve_go_env(snap: &Snapshot, project_dir: &Path, timeout: Duration) -> goenv::GoEnvProbe {
    // The resolver needs the real values, not the redacted ones in `snap.env`.
    let process_env: BTreeMap<String, String> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
        .collect();
    let active = snap.active();
    let version = active
        .and_then(|g| g.build_info.as_ref())
        .map(|b| b.go_version.as_str())
        .filter(|v| !v.is_empty());
    let host = active
        .and_then(|g| g.executable.as_ref())
        .and_then(|k| Some((k.goos.as_deref()?, k.goarch.as_deref()?)));
    let ctx = goenv::GoEnvContext {
        process_env: &process_env,
        cwd: project_dir,
        go_path: active.map(|g| Path::new(&g.path)),
        go_version: version,
        go_host: host,
        run_compiler: false,
        compiler_timeout: timeout,
    };
    goenv::probe_go_env(&ctx)
}

/// What a directory named as GOROOT holds.
fn go_tree(dir: &Path) -> GoTreeFact {
    GoTreeFact {
        version: textfile::read_first_line(&dir.join("VERSION")),
        has_pkg_tool: goroot::is_goroot(dir),
        has_src_runtime: dir.join("src").join("runtime").is_dir(),
        real_path: std::fs::canonicalize(dir)
            .ok()
            .map(|p| p.to_string_lossy().into_owned()),
    }
}

/// The effective Go settings stage 4 needs: from the resolved Go environment
/// when there is one, else from the process environment and the active go.
struct Settings {
    values: BTreeMap<&'static str, String>,
}

impl Settings {
    const KEYS: [&'static str; 10] = [
        "GOPATH",
        "GOMODCACHE",
        "GOCACHE",
        "GOBIN",
        "GOTMPDIR",
        "GOROOT",
        "GOWORK",
        "CC",
        "GOOS",
        "CGO_ENABLED",
    ];

    fn from_snapshot(snap: &Snapshot) -> Settings {
        let mut values = BTreeMap::new();
        for key in Self::KEYS {
            let value = match &snap.go_env {
                Some(env) => env.value(key).to_string(),
                None => snap.env_var(key).unwrap_or("").to_string(),
            };
            values.insert(key, value);
        }
        if values["GOROOT"].is_empty()
            && let Some(root) = snap.active().and_then(|g| g.inferred_goroot.clone())
        {
            values.insert("GOROOT", root);
        }
        Settings { values }
    }

    fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    fn gopath(&self, windows: bool) -> Vec<PathBuf> {
        let value = self.get("GOPATH");
        let entries = if windows {
            pathlist::split_list_windows(value)
        } else {
            value
                .split(':')
                .filter(|_| !value.is_empty())
                .map(str::to_string)
                .collect()
        };
        entries.into_iter().map(PathBuf::from).collect()
    }

    /// `(role, path)` for every directory Go uses, spelled as Go spells them.
    fn dir_roles(&self, windows: bool, temp_dir: &str) -> Vec<(String, PathBuf)> {
        let mut pairs = Vec::new();
        let gopath = self.gopath(windows);
        for entry in &gopath {
            pairs.push(("GOPATH".to_string(), entry.clone()));
        }
        for key in ["GOMODCACHE", "GOCACHE", "GOTMPDIR", "GOROOT"] {
            pairs.push((key.to_string(), PathBuf::from(self.get(key))));
        }
        let gobin = self.get("GOBIN");
        if !gobin.is_empty() {
            pairs.push(("GOBIN".to_string(), PathBuf::from(gobin)));
        } else if let Some(first) = gopath.first().filter(|p| !p.as_os_str().is_empty()) {
            pairs.push(("GOBIN".to_string(), first.join("bin")));
        }
        pairs.push(("TEMP".to_string(), PathBuf::from(temp_dir)));
        pairs.retain(|(_, p)| !p.as_os_str().is_empty() && p.as_os_str() != "off");
        pairs
    }

    /// The C compiler names cgo would run: the default for the target OS and
    /// the first word of CC.
    fn compiler_names(&self, host_os: &str) -> Vec<String> {
        let goos = Some(self.get("GOOS"))
            .filter(|g| !g.is_empty())
            .unwrap_or(host_os);
        let default = if matches!(goos, "darwin" | "ios" | "freebsd" | "openbsd") {
            "clang"
        } else {
            "gcc"
        };
        let mut names = vec![default.to_string()];
        if let Some(first) = first_word(self.get("CC"))
            && !names.contains(&first)
        {
            names.push(first);
        }
        names
    }
}

/// The first word of a command line as Go's `quoted.Split` reads it
/// (whitespace-separated, `'` or `"` quote a word).
pub fn first_word(line: &str) -> Option<String> {
    let line = line.trim_start_matches([' ', '\t', '\n', '\r']);
    let mut chars = line.chars();
    let first = chars.next()?;
    if first == '\'' || first == '"' {
        let rest: String = chars.collect();
        return rest.find(first).map(|end| rest[..end].to_string());
    }
    Some(
        line.split([' ', '\t', '\n', '\r'])
            .next()
            .unwrap_or("")
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_word_like_quoted_split() {
        assert_eq!(super::first_word("gcc -m64").as_deref(), Some("gcc"));
        assert_eq!(
            super::first_word("  'C:/Program Files/cc' -x").as_deref(),
            Some("C:/Program Files/cc")
        );
        assert_eq!(super::first_word("\"unterminated"), None);
        assert_eq!(super::first_word(""), None);
    }
}
