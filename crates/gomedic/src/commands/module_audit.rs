//! The project's modules seen from the network (`gomedic verify --sumdb`,
//! and `gomedic check` unless `--offline`): go.sum against the checksum
//! database, and deprecated or retracted requirements. The module settings
//! are resolved unredacted for the go found first on PATH, as the network
//! probes do; nothing here writes anything.

use gomedic_go::env::GoEnv;
use gomedic_go::goproxy::{ModuleEnv, parse_proxy_list};
use gomedic_go::gosum::{self, GoSumRules};
use gomedic_go::gosumdb::{SumdbConfig, parse_gosumdb, sumdb_use};
use gomedic_model::module_audit::{
    DeprecationAudit, GoSumAudit, ModuleAuditFacts, SumdbProblem, SumdbProblemKind,
};
use gomedic_net::NetInputs;
use gomedic_net::deprecation::Requirement;
use gomedic_net::sumdb_audit::{
    AuditLimits, GoLatest, GoState, GoSumLines, SumdbTarget, audit_go_sum,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The module settings and network setup for one project.
pub struct AuditSetup {
    /// The directory of the main module's go.mod.
    pub module_dir: PathBuf,
    pub go_env: GoEnv,
    pub inputs: NetInputs,
}

impl AuditSetup {
    /// Resolves the Go environment (unredacted) for `project_dir` and finds
    /// its main module; `None` outside a module.
    pub fn for_project(project_dir: &Path) -> Option<AuditSetup> {
        let project = super::network::absolute_project(project_dir);
        let module_dir = project
            .ancestors()
            .find(|d| d.join("go.mod").is_file())?
            .to_path_buf();
        let super::network::ProjectNet { go_env, inputs } =
            super::network::ProjectNet::resolve(&project);
        Some(AuditSetup {
            module_dir,
            go_env,
            inputs,
        })
    }

    fn http_client(&self) -> gomedic_net::http::Client {
        gomedic_net::http::Client {
            tls: self.inputs.tls.clone(),
            proxy_env: self.inputs.proxy_env.clone(),
            max_body: 1 << 20,
        }
    }

    /// GOPATH's first entry (where the go command keeps `pkg/sumdb`).
    fn first_gopath(&self) -> Option<PathBuf> {
        let gopath = self.go_env.value("GOPATH");
        let windows = self.go_env.value("GOHOSTOS") == "windows" || cfg!(windows);
        let sep = if windows { ';' } else { ':' };
        gopath.split(sep).find(|p| !p.is_empty()).map(PathBuf::from)
    }
}

/// Compares the main module's go.sum with the checksum database within
/// `timeout`. `None` when the database is off, GOSUMDB is invalid or there
/// is no go.sum (nothing the go command would check).
pub fn audit_sumdb(setup: &AuditSetup, timeout: Duration) -> Option<GoSumAudit> {
    let deadline = Instant::now() + timeout;
    let module_env: &ModuleEnv = &setup.inputs.module_env;
    let release = &setup.inputs.release;
    let Ok(SumdbConfig::Database { name, key, url, .. }) =
        parse_gosumdb(&module_env.gosumdb, release)
    else {
        return None;
    };
    let sum_file = setup.module_dir.join("go.sum");
    let data = std::fs::read(&sum_file).ok()?;
    let file_name = sum_file.display().to_string();
    let parsed = match gosum::parse(&file_name, &data, GoSumRules::for_release(release)) {
        Ok(parsed) => parsed,
        Err(e) => {
            return Some(GoSumAudit {
                database: name,
                go_sum: file_name,
                problems: vec![SumdbProblem {
                    kind: SumdbProblemKind::LookupFailed,
                    go_sum_line: Some(e.line),
                    message: e.to_string(),
                    ..SumdbProblem::default()
                }],
                ..GoSumAudit::default()
            });
        }
    };
    let (consulted, skipped): (Vec<_>, Vec<_>) = parsed
        .lines
        .iter()
        .cloned()
        .partition(|l| sumdb_use(&l.path, module_env).is_consulted());
    let latest = setup.first_gopath().and_then(|gopath| {
        let file = gopath.join("pkg/sumdb").join(&name).join("latest");
        let note = std::fs::read(&file).ok().filter(|n| !n.is_empty())?;
        Some(GoLatest {
            file: file.display().to_string(),
            note,
        })
    });
    let cache_dir = Some(setup.go_env.value("GOMODCACHE"))
        .filter(|v| !v.is_empty())
        .map(|cache| Path::new(cache).join("cache/download/sumdb").join(&name));
    let go_state = GoState { latest, cache_dir };
    let proxies = parse_proxy_list(&module_env.goproxy, &module_env.gonoproxy, release).ok();
    let target = SumdbTarget {
        name: &name,
        key: &key,
        url: url.as_deref(),
        proxies: proxies.as_ref(),
        direct_base: None,
    };
    let lines = GoSumLines {
        file: &file_name,
        total: parsed.lines.len(),
        consulted: &consulted,
        not_consulted: skipped
            .iter()
            .map(|l| format!("{} {}", l.path, l.version))
            .collect(),
    };
    Some(audit_go_sum(
        &setup.http_client(),
        &target,
        &go_state,
        &lines,
        &AuditLimits::until(deadline),
    ))
}

/// Reads the main go.mod's requirements and asks the proxy what their
/// authors say about them (deprecation, retraction), within `timeout`.
pub fn audit_deprecations(setup: &AuditSetup, timeout: Duration) -> Option<DeprecationAudit> {
    let deadline = Instant::now() + timeout;
    let go_mod = setup.module_dir.join("go.mod");
    let data = std::fs::read(&go_mod).ok()?;
    let name = go_mod.display().to_string();
    let file = gomedic_go::modfile::parse_lax(&name, &data).ok()?;
    let requirements: Vec<Requirement> = file
        .require
        .iter()
        .map(|r| Requirement {
            path: r.path.clone(),
            version: r.version.clone(),
            line: r.pos.line,
        })
        .collect();
    Some(gomedic_net::deprecation::audit_deprecations(
        &setup.http_client(),
        &setup.inputs.module_env,
        &setup.inputs.release,
        &name,
        &requirements,
        deadline,
        8,
    ))
}

/// Starts the audit of `project_dir` on its own thread (for `gomedic check`,
/// beside the other probes).
pub fn spawn(
    project_dir: &Path,
    timeout: Duration,
) -> std::thread::JoinHandle<Option<ModuleAuditFacts>> {
    let project_dir = project_dir.to_path_buf();
    let started = Instant::now();
    std::thread::spawn(move || {
        let setup = AuditSetup::for_project(&project_dir)?;
        let timeout = super::network::remaining(timeout, started);
        let (sumdb, deprecations) = std::thread::scope(|scope| {
            let deprecations = scope.spawn(|| audit_deprecations(&setup, timeout));
            let sumdb = audit_sumdb(&setup, timeout);
            (sumdb, deprecations.join().ok().flatten())
        });
        Some(ModuleAuditFacts {
            sumdb,
            deprecations,
        })
    })
}
