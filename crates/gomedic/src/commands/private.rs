//! The private-module part of `gomedic check`: for the requirements of the
//! project's go.mod, the first proxy's answer and go-import discovery, run
//! beside the other probes within `--timeout`. Settings are resolved
//! unredacted (proxy credentials must be sent; nothing here is printed).

use gomedic_model::Snapshot;
use gomedic_model::private::PrivateFacts;
use gomedic_net::NetInputs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The go.mod the go command would use from `dir`: the nearest one in `dir`
/// or a parent.
fn nearest_go_mod(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("go.mod"))
        .find(|p| p.is_file())
}

/// The probe inputs for `project` (env resolved for the go first on PATH).
fn inputs_for(project: &Path) -> NetInputs {
    let env = super::network::process_env();
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
    let snapshot = Snapshot {
        go_env: Some(gomedic_go::env::resolve(&env_inputs)),
        ..Snapshot::default()
    };
    let mut inputs = NetInputs::from_snapshot(&snapshot, |k| env.get(k).cloned());
    if let Some(release) = env_inputs.go_version.strip_prefix("go") {
        inputs.release = release.to_string();
    }
    inputs
}

/// Starts gathering on its own thread when the project has a go.mod with
/// requirements; `None` otherwise.
pub fn spawn_private_probe(
    project_dir: &Path,
    timeout: Duration,
) -> Option<std::thread::JoinHandle<PrivateFacts>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let project = std::path::absolute(project_dir).unwrap_or_else(|_| cwd.join(project_dir));
    let go_mod = nearest_go_mod(&project)?;
    let data = std::fs::read(&go_mod).ok()?;
    let (requirements, skipped) = gomedic_net::private::requirements(&data);
    if requirements.is_empty() {
        return None;
    }
    Some(std::thread::spawn(move || {
        let inputs = inputs_for(&project);
        gomedic_net::private::gather(
            &inputs,
            &go_mod.display().to_string(),
            &requirements,
            skipped,
            timeout,
        )
    }))
}

/// `gomedic route MODULE --probe`: what go-import discovery finds for the
/// module when its route reaches `direct`.
pub fn write_discovery(
    out: &mut impl std::io::Write,
    module: &str,
    route: &gomedic_go::goproxy::Route,
    inputs: &NetInputs,
    client: &gomedic_net::http::Client,
    deadline: std::time::Instant,
) -> std::io::Result<()> {
    use gomedic_go::goimport::known_hosts::{StaticLookup, static_lookup};
    use gomedic_go::pattern::matching_pattern;
    use gomedic_model::redact::redact_text;
    let reaches_direct = route
        .steps
        .iter()
        .any(|s| s.action == gomedic_go::goproxy::StepAction::Direct);
    if !reaches_direct {
        return Ok(());
    }
    let goprivate = inputs.module_env.goprivate.as_str();
    let private = |root: &str| matching_pattern(goprivate, root).is_some();
    match static_lookup(module, &inputs.release, &private) {
        StaticLookup::Static { root, vcs, repo } => writeln!(
            out,
            "  direct: known code host, no go-import discovery: {vcs} repository {repo} (root {root})"
        ),
        StaticLookup::Error(e) => writeln!(out, "  direct: go fails before any fetch: {e}"),
        StaticLookup::Dynamic => {
            let d = gomedic_net::goimport::discover(
                client,
                module,
                route.insecure_match.is_some(),
                private(module),
                &inputs.release,
                deadline,
            );
            match &d.result {
                Ok((tag, url)) => writeln!(
                    out,
                    "  direct: go-import tag at {url}: prefix {} {} {}",
                    tag.prefix,
                    tag.vcs,
                    redact_text(&tag.repo_root)
                ),
                Err(e) => writeln!(
                    out,
                    "  direct: go-import discovery fails ({}): unrecognized import path {module:?}: {}",
                    e.stage.describe(),
                    redact_text(&e.message)
                ),
            }
        }
    }
}
