//! The private-module part of `gomedic check`: for the requirements of the
//! project's go.mod, the first proxy's answer and go-import discovery, run
//! beside the other probes within `--timeout`. Settings are resolved
//! unredacted (proxy credentials must be sent; nothing here is printed).

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

/// Starts gathering on its own thread when the project has a go.mod with
/// requirements; `None` otherwise.
pub fn spawn_private_probe(
    project_dir: &Path,
    timeout: Duration,
) -> Option<std::thread::JoinHandle<PrivateFacts>> {
    let project = super::network::absolute_project(project_dir);
    let go_mod = nearest_go_mod(&project)?;
    let data = std::fs::read(&go_mod).ok()?;
    let (requirements, skipped) = gomedic_net::private::requirements(&data);
    if requirements.is_empty() {
        return None;
    }
    let started = std::time::Instant::now();
    Some(std::thread::spawn(move || {
        let inputs = super::network::ProjectNet::resolve(&project).inputs;
        let timeout = super::network::remaining(timeout, started);
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
