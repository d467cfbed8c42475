//! `gomedic route MODULE`: the route the go command takes for one module
//! path — which GOPRIVATE/GONOPROXY pattern matched, the proxies tried in
//! order with their fallback rule, when `direct` is used and what it needs,
//! and whether the checksum database is consulted. Pure unless `--probe`.

use super::network::{net_inputs, parse_timeout};
use gomedic_go::goproxy::{ModuleEnv, Route, StepAction, route};
use gomedic_go::gosumdb::SumdbUse;
use gomedic_model::network::ProbeOutcome;
use gomedic_model::redact::redact_text;
use std::io::Write;
use std::time::{Duration, Instant};

/// Arguments of `gomedic route`.
#[derive(Debug, clap::Args)]
pub struct RouteArgs {
    /// The module path, e.g. `github.com/yourorg/lib`.
    pub module: String,
    /// Also ask each proxy on the route for this module (network).
    #[arg(long)]
    pub probe: bool,
    /// Time budget of --probe, in seconds.
    #[arg(long, default_value = "3", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// The Go project whose settings apply (default: the current directory).
    #[arg(long, value_name = "DIR")]
    pub project: Option<std::path::PathBuf>,
}

/// Runs `gomedic route`.
pub fn run(args: &RouteArgs) -> anyhow::Result<i32> {
    let options = super::probe_options(args.project.clone(), true)?;
    let snapshot = gomedic_probe::take_snapshot(&options);
    let inputs = net_inputs(&snapshot);
    let r = route(&args.module, &inputs.module_env, &inputs.release);
    let mut out = std::io::stdout().lock();
    write_route(&mut out, &r, &inputs.module_env)?;
    if args.probe {
        let client = gomedic_net::http::Client {
            tls: inputs.tls.clone(),
            proxy_env: inputs.proxy_env.clone(),
            max_body: 1 << 20,
        };
        let deadline = Instant::now() + args.timeout;
        writeln!(out, "\nProbe (budget {:?}):", args.timeout)?;
        let mut stopped = false;
        for step in &r.steps {
            let StepAction::Proxy(url) = &step.action else {
                continue;
            };
            let answer = gomedic_net::goproxy::probe_proxy(&client, url, &args.module, deadline);
            let verdict = match &answer.outcome {
                ProbeOutcome::Ok => "has the module".to_string(),
                ProbeOutcome::NotFound { status } => {
                    format!("{status}: not found, go tries the next entry")
                }
                ProbeOutcome::Failed { error } => format!(
                    "{} error{}: {}{}",
                    error.phase,
                    if error.timed_out { " (timed out)" } else { "" },
                    error.message,
                    if step.fall_back_on_error {
                        "; `|`: go tries the next entry"
                    } else {
                        "; `,`: go stops here"
                    }
                ),
                ProbeOutcome::ProtocolViolation { problems } => problems.join("; "),
                ProbeOutcome::NotProbed => "not probed".into(),
            };
            writeln!(out, "  {}: {verdict}", redact_text(url))?;
            if matches!(answer.outcome, ProbeOutcome::Ok)
                || (matches!(answer.outcome, ProbeOutcome::Failed { .. })
                    && !step.fall_back_on_error)
            {
                stopped = true;
                break;
            }
        }
        if !stopped {
            super::private::write_discovery(
                &mut out,
                &args.module,
                &r,
                &inputs,
                &client,
                deadline,
            )?;
        }
    }
    Ok(0)
}

/// Writes the route (redacted).
pub fn write_route(out: &mut impl Write, r: &Route, env: &ModuleEnv) -> std::io::Result<()> {
    writeln!(out, "Route of {}", r.module_path)?;
    writeln!(out, "  GOPROXY={}", redact_text(&env.goproxy))?;
    match &r.noproxy_match {
        Some(glob) => writeln!(
            out,
            "  GONOPROXY/GOPRIVATE pattern {glob:?} matches: proxies are skipped, go fetches from the origin"
        )?,
        None => writeln!(out, "  No GONOPROXY/GOPRIVATE pattern matches")?,
    }
    if let Some(e) = &r.error {
        writeln!(out, "  Every fetch fails: {}", redact_text(&e.to_string()))?;
        return Ok(());
    }
    for (i, step) in r.steps.iter().enumerate() {
        let n = i + 1;
        let rule = if step.fall_back_on_error {
            "on any error go tries the next entry (`|`)"
        } else {
            "only on 404/410 go tries the next entry (`,`)"
        };
        match &step.action {
            StepAction::Proxy(url) => {
                writeln!(out, "  {n}. ask proxy {}; {rule}", redact_text(url))?
            }
            StepAction::Skip(why) => {
                writeln!(out, "  {n}. {}: skipped ({why})", step.entry.as_str())?
            }
            StepAction::Off => writeln!(
                out,
                "  {n}. off: the lookup fails (module lookup disabled by GOPROXY=off)"
            )?,
            StepAction::Direct => {
                writeln!(
                    out,
                    "  {n}. direct: fetch from the origin: `https://{}?go-get=1` (go-import meta tag) unless the \
                     host is a known code host, then the version-control tool it names (usually git) with \
                     network access and credentials for that host",
                    r.module_path
                )?;
                if let Some(glob) = &r.insecure_match {
                    writeln!(
                        out,
                        "     GOINSECURE pattern {glob:?} matches: certificates are not verified and plain http is allowed"
                    )?;
                }
            }
        }
    }
    let sumdb = match &r.sumdb {
        SumdbUse::Consulted => format!(
            "consulted ({}) for go.sum lines that are missing",
            redact_text(&env.gosumdb)
        ),
        SumdbUse::ConsultedForToolchain => "always consulted for toolchains".into(),
        SumdbUse::Off => "not consulted: GOSUMDB=off".into(),
        SumdbUse::NoSumdbMatch(glob) => {
            format!("not consulted: GONOSUMDB/GOPRIVATE pattern {glob:?} matches")
        }
        SumdbUse::ToolchainFileProxy => "not required (single file:// GOPROXY)".into(),
    };
    writeln!(out, "  Checksum database: {sumdb}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(module: &str, env: &ModuleEnv) -> String {
        let mut out = Vec::new();
        write_route(&mut out, &route(module, env, "1.27.3"), env).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn private_and_public_routes() {
        let env = ModuleEnv::from_raw(
            "https://u:pw@corp.example/goproxy|https://proxy.golang.org,direct",
            "",
            "",
            "git.corp.example.com",
            "sum.golang.org",
            "",
        );
        let public = text("github.com/x/y", &env);
        assert!(public.contains("1. noproxy: skipped"), "{public}");
        assert!(public.contains("2. ask proxy https://***@corp.example/goproxy; on any error"));
        assert!(public.contains("3. ask proxy https://proxy.golang.org; only on 404/410"));
        assert!(public.contains("4. direct: fetch from the origin"));
        assert!(public.contains("Checksum database: consulted (sum.golang.org)"));
        assert!(!public.contains("pw"));
        let private = text("git.corp.example.com/team/lib", &env);
        assert!(private.contains("pattern \"git.corp.example.com\" matches: proxies are skipped"));
        assert!(private.contains("1. direct"), "{private}");
        assert!(private.contains("not consulted: GONOSUMDB/GOPRIVATE pattern"));
    }
}
