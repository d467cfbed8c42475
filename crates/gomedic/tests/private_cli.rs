#![cfg(unix)]
//! The private-module checks end to end, on real broken set-ups served from
//! 127.0.0.1: a loopback server is at once the GOPROXY, the HTTP proxy
//! through which `corp.example` pages are fetched (the name never resolves;
//! nothing leaves the machine; https CONNECTs are refused) and the origin.
//! The real go (1.27.3) runs in the same environment to show that the
//! set-up is broken the way gomedic says.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const GO_MOD: &str = "module example.com/app\n\ngo 1.21\n\nrequire (\n\tcorp.example/team/lib v1.0.0\n\tcorp.example/nometa v1.2.0\n\tgolang.org/x/text v0.14.0\n)\n";

fn respond(stream: &mut impl Write, status: u16, reason: &str, ctype: &str, body: &str) {
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

/// Starts the server; returns its port and the request lines it saw.
fn start() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let log = log.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).into_owned();
                let line = head.lines().next().unwrap_or_default().to_string();
                log.lock().unwrap().push(line.clone());
                let target = line.split_whitespace().nth(1).unwrap_or_default();
                if line.starts_with("CONNECT") {
                    return respond(&mut stream, 403, "Forbidden", "text/plain", "");
                }
                if let Some(rest) = target.strip_prefix("/proxy/") {
                    if rest.starts_with("golang.org/x/text/@v/v0.14.0.info") {
                        return respond(
                            &mut stream,
                            200,
                            "OK",
                            "application/json",
                            "{\"Version\":\"v0.14.0\",\"Time\":\"2023-10-11T00:00:00Z\"}",
                        );
                    }
                    return respond(
                        &mut stream,
                        404,
                        "Not Found",
                        "text/plain; charset=utf-8",
                        "not found: git ls-remote -q origin: fatal: could not read Username for 'https://corp.example': terminal prompts disabled",
                    );
                }
                match target.split('?').next().unwrap_or_default() {
                    "http://corp.example/team/lib" => respond(
                        &mut stream,
                        401,
                        "Unauthorized",
                        "text/html",
                        "<html>log in</html>",
                    ),
                    "http://corp.example/nometa" => respond(
                        &mut stream,
                        200,
                        "OK",
                        "text/html",
                        "<html><head><title>Nothing</title></head><body></body></html>",
                    ),
                    _ => respond(&mut stream, 404, "Not Found", "text/html", ""),
                }
            });
        }
    });
    (port, seen)
}

fn env(port: u16, home: &std::path::Path, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let go = gomedic_testkit::toolchain("1.27.3");
    let bin = go.go.parent().unwrap().display().to_string();
    let proxy = format!("http://127.0.0.1:{port}");
    let mut vars: BTreeMap<String, String> = [
        ("HOME", home.display().to_string()),
        ("GOPATH", home.join("gopath").display().to_string()),
        ("GOCACHE", home.join("cache").display().to_string()),
        ("GOTOOLCHAIN", "local".into()),
        ("GOPROXY", format!("{proxy}/proxy,direct")),
        ("GOINSECURE", "corp.example".into()),
        ("GOFLAGS", "-modcacherw".into()),
        ("GIT_TERMINAL_PROMPT", "0".into()),
        ("HTTP_PROXY", proxy.clone()),
        ("HTTPS_PROXY", proxy),
        ("NO_COLOR", "1".into()),
        ("PATH", format!("{bin}:/usr/bin:/bin")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    vars
}

fn run(mut cmd: Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let end = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn gomedic_check(
    vars: &BTreeMap<String, String>,
    dir: &std::path::Path,
    extra: &[&str],
) -> serde_json::Value {
    let mut cmd = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), vars);
    cmd.current_dir(dir)
        .args([
            "check",
            "--format",
            "json",
            "--timeout",
            "5",
            "--mirrors=http://127.0.0.1:9/m",
        ])
        .args(extra);
    let out = run(cmd, Duration::from_secs(60));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn findings<'a>(report: &'a serde_json::Value, id: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == id)
        .collect()
}

#[test]
fn private_module_outside_goprivate_and_broken_discovery() {
    let (port, seen) = start();
    let home = tempfile::tempdir().unwrap();
    let project = home.path().join("app");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("go.mod"), GO_MOD).unwrap();
    let vars = env(port, home.path(), &[]);

    // The real go: the private module's path goes to the proxy (leak), then
    // discovery at the origin fails; nometa fails discovery.
    let go = gomedic_testkit::toolchain("1.27.3");
    for (module, expected) in [
        (
            "corp.example/team/lib@v1.0.0",
            "unrecognized import path \"corp.example/team/lib\": reading http://corp.example/team/lib?go-get=1: 401 Unauthorized",
        ),
        (
            "corp.example/nometa@v1.2.0",
            "unrecognized import path \"corp.example/nometa\": parse http://corp.example/nometa?go-get=1: no go-import meta tags ()",
        ),
    ] {
        let mut cmd = gomedic_testkit::clean_command(&go.go, &vars);
        cmd.current_dir(&project).args(["mod", "download", module]);
        let out = run(cmd, Duration::from_secs(60));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{module}: {stderr}");
    }
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("/proxy/corp.example/team/lib/@v/")),
        "go did not ask the proxy for the private module"
    );

    let report = gomedic_check(&vars, &project, &[]);
    let not_private = findings(&report, "private/not-in-goprivate");
    assert_eq!(not_private.len(), 1, "{report:#}");
    let text = not_private[0].to_string();
    assert!(text.contains("corp.example/team/lib"), "{text}");
    assert!(text.contains("go env -w GOPRIVATE=corp.example"), "{text}");
    assert!(!text.contains("golang.org/x/text"), "{text}");
    assert_eq!(not_private[0]["severity"], "error");

    let failed = findings(&report, "private/go-import-failed");
    let failed_text: Vec<String> = failed.iter().map(|f| f.to_string()).collect();
    assert_eq!(failed.len(), 2, "{failed_text:#?}");
    assert!(failed_text.iter().any(|t| {
        t.contains("reading http://corp.example/team/lib?go-get=1: 401 Unauthorized")
            && t.contains(".netrc")
    }));
    assert!(failed_text.iter().any(|t| {
        t.contains("parse http://corp.example/nometa?go-get=1: no go-import meta tags ()")
    }));

    // `gomedic route --probe` shows the discovery after the proxy's 404.
    let mut cmd = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), &vars);
    cmd.current_dir(&project)
        .args(["route", "corp.example/nometa", "--probe", "--timeout", "5"]);
    let out = run(cmd, Duration::from_secs(60));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("direct: go-import discovery fails (the page has no go-import meta tag): unrecognized import path \"corp.example/nometa\": parse http://corp.example/nometa?go-get=1: no go-import meta tags ()"),
        "{text}"
    );

    // With the module private, neither finding about it remains.
    let fixed = env(port, home.path(), &[("GOPRIVATE", "corp.example")]);
    let report = gomedic_check(&fixed, &project, &[]);
    assert!(
        findings(&report, "private/not-in-goprivate").is_empty(),
        "{report:#}"
    );

    // --offline: no facts, no private-module findings from the network.
    let report = gomedic_check(&vars, &project, &["--offline"]);
    assert!(findings(&report, "private/not-in-goprivate").is_empty());
    assert!(findings(&report, "private/go-import-failed").is_empty());
}

#[test]
fn goprivate_covering_public_hosts() {
    let home = tempfile::tempdir().unwrap();
    let project = home.path().join("app");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(
        project.join("go.mod"),
        "module example.com/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgit.corp.example/team/lib v1.0.0\n)\n",
    )
    .unwrap();
    let vars = env(
        9,
        home.path(),
        &[("GOPRIVATE", "*.com,git.corp.example/team")],
    );
    // go itself treats the public module as private: no proxy, no checksum database.
    let go = gomedic_testkit::toolchain("1.27.3");
    let json = gomedic_testkit::go_env_json(&go, &vars, &project).unwrap();
    assert_eq!(json["GONOPROXY"], "*.com,git.corp.example/team");
    assert_eq!(json["GONOSUMDB"], "*.com,git.corp.example/team");

    let report = gomedic_check(&vars, &project, &["--offline"]);
    let broad = findings(&report, "private/goprivate-too-broad");
    assert_eq!(broad.len(), 1, "{report:#}");
    let text = broad[0].to_string();
    assert!(text.contains("covers github.com"), "{text}");
    assert!(text.contains("github.com/pkg/errors"), "{text}");
    assert!(
        text.contains("go env -w GOPRIVATE=git.corp.example/team"),
        "{text}"
    );

    let narrow = env(9, home.path(), &[("GOPRIVATE", "git.corp.example")]);
    let report = gomedic_check(&narrow, &project, &["--offline"]);
    assert!(findings(&report, "private/goprivate-too-broad").is_empty());
}
