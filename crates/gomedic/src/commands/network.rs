//! The network part of `gomedic check` (and `gomedic route --probe`): the
//! module settings resolved like the go command resolves them, but
//! unredacted (the probes must send real proxy credentials; nothing here is
//! stored or printed), and the probes run within `--timeout`.

use gomedic_go::env::GoEnv;
use gomedic_model::Snapshot;
use gomedic_net::{NetInputs, NetOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The process environment, as the go command would inherit it.
pub fn process_env() -> BTreeMap<String, String> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// The effective Go environment of the active go, unredacted.
pub fn unredacted_go_env(snapshot: &Snapshot, process_env: &BTreeMap<String, String>) -> GoEnv {
    let active = snapshot.active_go.and_then(|i| snapshot.go_binaries.get(i));
    let cwd = Path::new(&snapshot.project.dir);
    let cwd = if cwd.as_os_str().is_empty() {
        Path::new(".")
    } else {
        cwd
    };
    let ctx = gomedic_probe::goenv::GoEnvContext {
        process_env,
        cwd,
        go_path: active.map(|g| Path::new(g.path.as_str())),
        go_version: active.and_then(|g| g.go_version()),
        go_host: None,
        run_compiler: false,
        compiler_timeout: Duration::from_secs(1),
    };
    let mut errors = Vec::new();
    gomedic_go::env::resolve(&gomedic_probe::goenv::gather_inputs(&ctx, &mut errors))
}

/// The probe inputs for this machine.
pub fn net_inputs(snapshot: &Snapshot) -> NetInputs {
    let env = process_env();
    let go_env = unredacted_go_env(snapshot, &env);
    let mut unredacted = snapshot.clone();
    unredacted.go_env = Some(go_env);
    NetInputs::from_snapshot(&unredacted, |k| env.get(k).cloned())
}

/// Adds the network facts to `snapshot` (`gomedic snapshot` without --offline).
pub fn add_network_facts(snapshot: &mut Snapshot, timeout: Duration, mirrors: Option<&str>) {
    let inputs = net_inputs(snapshot);
    snapshot.network = Some(gomedic_net::probe_network(
        &inputs,
        &options(timeout, mirrors),
    ));
}

/// Parses `--timeout` (seconds, fractions allowed).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("invalid timeout {text:?} (seconds, e.g. 3 or 0.5)"))?;
    if !(0.05..=600.0).contains(&secs) {
        return Err(format!(
            "timeout {text:?} out of range (0.05 to 600 seconds)"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Starts the network probes on their own thread before the snapshot is
/// taken, so that they run in parallel with the other probes. The module
/// settings are resolved (unredacted) for the go found first on PATH, the
/// one the snapshot calls active.
pub fn spawn_network_probe(
    project_dir: &Path,
    timeout: Duration,
    mirrors: Option<String>,
) -> std::thread::JoinHandle<gomedic_model::network::NetworkFacts> {
    let project = absolute_project(project_dir);
    let started = std::time::Instant::now();
    std::thread::spawn(move || {
        let resolved = ProjectNet::resolve(&project);
        let budget = remaining(timeout, started);
        gomedic_net::probe_network(&resolved.inputs, &options(budget, mirrors.as_deref()))
    })
}

/// What is left of `timeout` since `started`: the probes started before the
/// snapshot share one budget, counted from when `check` started them, not
/// from when each finished resolving the Go environment.
pub fn remaining(timeout: Duration, started: std::time::Instant) -> Duration {
    timeout
        .saturating_sub(started.elapsed())
        .max(Duration::from_millis(1))
}

/// `project_dir` made absolute against the current directory.
pub fn absolute_project(project_dir: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    std::path::absolute(project_dir).unwrap_or_else(|_| cwd.join(project_dir))
}

/// The module settings of a project, resolved (unredacted) for the go found
/// first on PATH — the one the snapshot calls active — without running it,
/// and the network probe inputs built from them. Shared by every probe that
/// starts before the snapshot is taken (network, private modules, module
/// audit).
pub struct ProjectNet {
    pub go_env: GoEnv,
    pub inputs: NetInputs,
}

impl ProjectNet {
    pub fn resolve(project: &Path) -> ProjectNet {
        let env = process_env();
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let path_entries = std::env::var_os("PATH")
            .map(|p| gomedic_probe::pathlist::split_host_path(&p))
            .unwrap_or_default();
        let exts = gomedic_probe::lookpath::path_extensions(env.get("PATHEXT").map(String::as_str));
        let go = gomedic_probe::lookpath::look_path("go", &path_entries, &cwd, &exts);
        let ctx = gomedic_probe::goenv::GoEnvContext {
            process_env: &env,
            cwd: project,
            go_path: go.as_deref(),
            go_version: None,
            go_host: None,
            run_compiler: false,
            compiler_timeout: Duration::from_secs(1),
        };
        let mut errors = Vec::new();
        let env_inputs = gomedic_probe::goenv::gather_inputs(&ctx, &mut errors);
        let go_env = gomedic_go::env::resolve(&env_inputs);
        let snapshot = Snapshot {
            go_env: Some(go_env.clone()),
            ..Snapshot::default()
        };
        let mut inputs = NetInputs::from_snapshot(&snapshot, |k| env.get(k).cloned());
        if let Some(release) = env_inputs.go_version.strip_prefix("go") {
            inputs.release = release.to_string();
        }
        ProjectNet { go_env, inputs }
    }
}

/// The probe options: the budget, and `mirrors` replacing the well-known
/// mirrors (comma list; `sumdb=URL` sets the checksum-database mirror).
fn options(timeout: Duration, mirrors: Option<&str>) -> NetOptions {
    let mut options = NetOptions {
        budget: timeout,
        ..NetOptions::default()
    };
    if let Some(list) = mirrors {
        let items: Vec<&str> = list.split(',').filter(|m| !m.is_empty()).collect();
        options.sumdb_mirror = items
            .iter()
            .find_map(|m| m.strip_prefix("sumdb="))
            .map(str::to_string);
        options.mirrors = items
            .iter()
            .filter(|m| !m.starts_with("sumdb="))
            .map(|m| m.to_string())
            .collect();
    }
    options
}
