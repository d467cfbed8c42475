#![cfg(unix)]
//! go-import discovery, gomedic against the real go command (1.21.13,
//! 1.22.10, 1.27.3) on the same loopback origin: for each page variant,
//! whether go's discovery fails and with which error must equal gomedic's
//! verdict. A good tag makes go go on to git (which fails against a closed
//! loopback port): that is the fetch stage, after discovery succeeded.

mod goimport_support;

use gomedic_go::httpproxy::ProxyEnv;
use gomedic_net::goimport::discover;
use gomedic_net::http::Client;
use gomedic_net::tls::TlsSetup;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_for(port: u16, home: &std::path::Path) -> BTreeMap<String, String> {
    let proxy = format!("http://127.0.0.1:{port}");
    let mut vars = BTreeMap::new();
    for (k, v) in [
        ("HOME", home.display().to_string()),
        ("GOPATH", home.join("gopath").display().to_string()),
        ("GOCACHE", home.join("cache").display().to_string()),
        ("GOENV", "off".into()),
        ("GOTOOLCHAIN", "local".into()),
        ("GOPROXY", "direct".into()),
        ("GOPRIVATE", "corp.example".into()),
        ("GOINSECURE", "corp.example".into()),
        ("GOFLAGS", "-modcacherw".into()),
        ("GIT_TERMINAL_PROMPT", "0".into()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("HTTP_PROXY", proxy.clone()),
        ("HTTPS_PROXY", proxy),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ] {
        vars.insert(k.to_string(), v);
    }
    vars
}

/// go's verdict: `Err(message)` when discovery failed (the text after
/// `unrecognized import path "P": `), `Ok(stderr)` when it got past it.
fn go_verdict(
    tc: &gomedic_testkit::Toolchain,
    vars: &BTreeMap<String, String>,
    dir: &std::path::Path,
    path: &str,
) -> Result<String, String> {
    let mut cmd = gomedic_testkit::clean_command(&tc.go, vars);
    cmd.current_dir(dir)
        .args(["mod", "download", &format!("{path}@v1.0.0")]);
    let out = run_bounded(cmd, Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "go mod download {path} succeeded?\n{stderr}"
    );
    let marker = format!("unrecognized import path {path:?}: ");
    match stderr.find(&marker) {
        Some(i) => Err(stderr[i + marker.len()..].trim_end().to_string()),
        None => Ok(stderr),
    }
}

/// Runs `cmd` (output captured), killed after `limit`.
fn run_bounded(mut cmd: std::process::Command, limit: Duration) -> std::process::Output {
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start go");
    let end = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            panic!("go did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn discovery_matches_go() {
    let port = goimport_support::start();
    let home = tempfile::tempdir().unwrap();
    let vars = env_for(port, home.path());
    let get = |k: &str| vars.get(k).cloned();
    let client = Client {
        tls: Arc::new(TlsSetup::go_default(get)),
        proxy_env: ProxyEnv::from_lookup(get),
        max_body: 1 << 20,
    };
    let mut compared = 0;
    for tc in gomedic_testkit::toolchains() {
        let release = tc.version.clone();
        for v in goimport_support::VARIANTS {
            let go = go_verdict(&tc, &vars, home.path(), v.path);
            let ours = discover(
                &client,
                v.path,
                true,
                true,
                &release,
                Instant::now() + Duration::from_secs(10),
            );
            match (&go, &ours.result) {
                (Err(go_msg), Err(e)) => assert_eq!(
                    go_msg, &e.message,
                    "{release} {}: go and gomedic word the failure differently ({:?})",
                    v.path, e.stage
                ),
                (Ok(stderr), Ok((tag, _))) => assert!(
                    // git is installed: go's git error names the repository.
                    tag.vcs != "git" || stderr.contains(&tag.repo_root),
                    "{release} {}: go went on with another repository than {}:\n{stderr}",
                    v.path,
                    tag.repo_root
                ),
                _ => panic!(
                    "{release} {}: go says {go:?}, gomedic says {:?}",
                    v.path, ours.result
                ),
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 3 * goimport_support::VARIANTS.len());
}
