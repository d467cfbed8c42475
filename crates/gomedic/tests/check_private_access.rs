//! End-to-end private/* checks on real broken environments: the real go
//! (1.21.13, 1.22.10, 1.27.3) proves each failure, the real gomedic binary
//! reports it, and no secret reaches any output.

#![cfg(unix)]

mod check_support;

use check_support::{Env, stderr, stdout};
use gomedic_testkit::{clean_command, toolchains};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A project in `<home>/app` requiring a private GitHub module.
fn private_project(env: &Env) -> PathBuf {
    let dir = env.home().join("app");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("go.mod"),
        "module example.test/app\n\ngo 1.21\n\nrequire github.com/corp/private v1.0.0\n",
    )
    .unwrap();
    dir
}

fn private_env(path: &str) -> Env {
    let mut env = Env::with_path(path);
    let t = env.dir.path().display().to_string();
    env.set("GOPRIVATE", "github.com/corp")
        .set("GOFLAGS", "-mod=mod")
        .set("GOTOOLCHAIN", "local")
        .set("GOMODCACHE", format!("{t}/modcache"))
        .set("GOCACHE", format!("{t}/gocache"))
        .set("GIT_CONFIG_NOSYSTEM", "1");
    env
}

fn report(env: &Env, project: &Path, extra: &[&str]) -> serde_json::Value {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .args(["check", "--format", "json", "--offline"])
        .args(extra)
        .arg("--project")
        .arg(project)
        .current_dir(project)
        .output()
        .expect("run gomedic");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", stderr(&out)))
}

fn findings_with<'a>(report: &'a serde_json::Value, id: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == id)
        .collect()
}

#[test]
fn git_missing_matches_go() {
    for tc in toolchains() {
        // PATH holds go and nothing else: no git.
        let env = private_env(&tc.goroot.join("bin").display().to_string());
        let project = private_project(&env);
        let out = env.go(&["mod", "download"], &project);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains(r#"exec: "git": executable file not found in $PATH"#),
            "go {}: {}",
            tc.version,
            stderr(&out)
        );
        let r = report(&env, &project, &[]);
        let found = findings_with(&r, "private/git-missing");
        assert_eq!(found.len(), 1, "go {}: {r:#}", tc.version);
        assert_eq!(found[0]["severity"], "error");
        assert!(
            found[0]["title"]
                .as_str()
                .unwrap()
                .contains("github.com/corp/private")
        );
        // With git on PATH the finding goes away.
        let mut with_git = env;
        let path = format!("{}:/usr/bin:/bin", tc.goroot.join("bin").display());
        with_git.set("PATH", path);
        let r = report(&with_git, &project, &[]);
        assert!(findings_with(&r, "private/git-missing").is_empty(), "{r:#}");
    }
}

/// A private git host: 401 (Basic) without credentials, 404 with any.
fn start_401_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut buf = [0u8; 8192];
                let n = stream.read(&mut buf).unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
                let reply: &[u8] = if head.contains("\r\nauthorization:") {
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                } else {
                    b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                };
                let _ = stream.write_all(reply);
            });
        }
    });
    port
}

#[test]
fn no_credentials_matches_go() {
    let port = start_401_server();
    for tc in toolchains() {
        let mut env = private_env(&format!(
            "{}:/usr/bin:/bin",
            tc.goroot.join("bin").display()
        ));
        // The private host is a loopback server that wants credentials.
        std::fs::write(
            env.home().join(".gitconfig"),
            format!("[url \"http://127.0.0.1:{port}/\"]\n\tinsteadOf = https://github.com/\n"),
        )
        .unwrap();
        let project = private_project(&env);
        let out = env.go(&["mod", "download"], &project);
        assert!(
            stderr(&out).contains("terminal prompts disabled"),
            "go {}: {}",
            tc.version,
            stderr(&out)
        );
        let r = report(&env, &project, &[]);
        let found = findings_with(&r, "private/no-credentials");
        assert_eq!(found.len(), 1, "go {}: {r:#}", tc.version);
        assert_eq!(found[0]["severity"], "error");
        // The rewrite itself is reported, as information (not SSH).
        let rewrite = findings_with(&r, "private/insteadof-rewrite");
        assert_eq!(rewrite.len(), 1, "{r:#}");
        assert_eq!(rewrite[0]["severity"], "info");
        let evidence = rewrite[0]["evidence"].to_string();
        assert!(evidence.contains(".gitconfig:2"), "{evidence}");

        // A .netrc entry for the host: git sends it (no prompt), gomedic is satisfied.
        std::fs::write(
            env.home().join(".netrc"),
            "machine 127.0.0.1 login u password pw-NETRC\n",
        )
        .unwrap();
        let out = env.go(&["mod", "download"], &project);
        assert!(!out.status.success());
        // git sent the credentials (the host answers 404 to any).
        assert!(stderr(&out).contains("not found"), "{}", stderr(&out));
        assert!(
            !stderr(&out).contains("terminal prompts disabled"),
            "go {}: {}",
            tc.version,
            stderr(&out)
        );
        let r = report(&env, &project, &[]);
        assert!(
            findings_with(&r, "private/no-credentials").is_empty(),
            "{r:#}"
        );
        std::fs::remove_file(env.home().join(".netrc")).unwrap();

        // A credential helper counts too.
        env.set("GIT_CONFIG_COUNT", "1")
            .set("GIT_CONFIG_KEY_0", "credential.helper")
            .set(
                "GIT_CONFIG_VALUE_0",
                "!f() { echo username=u; echo password=pw-HELPER; }; f",
            );
        let out = env.go(&["mod", "download"], &project);
        assert!(
            !stderr(&out).contains("terminal prompts disabled"),
            "{}",
            stderr(&out)
        );
        let r = report(&env, &project, &[]);
        assert!(
            findings_with(&r, "private/no-credentials").is_empty(),
            "{r:#}"
        );
    }
}

#[test]
fn insteadof_to_ssh_without_keys() {
    for tc in toolchains() {
        let env = private_env(&format!(
            "{}:/usr/bin:/bin",
            tc.goroot.join("bin").display()
        ));
        std::fs::write(
            env.home().join(".gitconfig"),
            "[user]\n\tname = t\n[url \"ssh://git@127.0.0.1:9/\"]\n\tinsteadOf = https://github.com/\n",
        )
        .unwrap();
        let project = private_project(&env);
        // go's git goes to the rewritten SSH URL (a closed loopback port).
        let out = env.go(&["mod", "download"], &project);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("ssh://git@127.0.0.1:9/corp/private") || err.contains("port 9"),
            "go {}: {err}",
            tc.version
        );
        let r = report(&env, &project, &[]);
        let found = findings_with(&r, "private/insteadof-rewrite");
        assert_eq!(found.len(), 1, "{r:#}");
        assert_eq!(found[0]["severity"], "warning");
        assert!(found[0]["evidence"].to_string().contains(".gitconfig:4"));
        // SSH counts as a way to authenticate: no no-credentials finding.
        assert!(
            findings_with(&r, "private/no-credentials").is_empty(),
            "{r:#}"
        );
        // With a key in ~/.ssh it is only information.
        std::fs::create_dir_all(env.home().join(".ssh")).unwrap();
        std::fs::write(env.home().join(".ssh/id_ed25519"), "not a real key").unwrap();
        let r = report(&env, &project, &[]);
        let found = findings_with(&r, "private/insteadof-rewrite");
        assert_eq!(found[0]["severity"], "info", "{r:#}");
        assert!(!r.to_string().contains("not a real key"));
    }
}

#[test]
fn no_secret_reaches_any_output() {
    let tc = gomedic_testkit::toolchain("1.27.3");
    let mut env = private_env(&format!(
        "{}:/usr/bin:/bin",
        tc.goroot.join("bin").display()
    ));
    std::fs::write(
        env.home().join(".netrc"),
        "machine github.com login me password pw-NETRC-SECRET\nmachine other login x\n",
    )
    .unwrap();
    std::fs::write(
        env.home().join(".gitconfig"),
        "[url \"https://tok:pw-GIT-SECRET@github.com/\"]\n\tinsteadOf = https://github.com/\n\
         [credential]\n\thelper = \"!f() { echo password=pw-HELPER-SECRET; }; f\"\n\
         [credential \"https://github.com\"]\n\tusername = pw-USER-SECRET\n",
    )
    .unwrap();
    env.set(
        "GOPROXY",
        "https://user:pw-PROXY-SECRET@127.0.0.1:1/mod,direct",
    )
    .set("GOAUTH", "netrc");
    let project = private_project(&env);
    let json = report(&env, &project, &[]).to_string();
    let text = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .args(["check", "--offline", "-v", "--project"])
        .arg(&project)
        .current_dir(&project)
        .output()
        .unwrap();
    let snapshot = clean_command(env!("CARGO_BIN_EXE_gomedic"), &env.vars)
        .args(["snapshot", "--offline", "--project"])
        .arg(&project)
        .current_dir(&project)
        .output()
        .unwrap();
    let snapshot_text = stdout(&snapshot);
    assert!(
        snapshot_text.contains("\"private_access\""),
        "{}",
        stderr(&snapshot)
    );
    // The facts are there, without their secrets.
    assert!(
        snapshot_text.contains("\"machine\": \"github.com\""),
        "{snapshot_text}"
    );
    for output in [json, stdout(&text), snapshot_text] {
        assert!(!output.contains("pw-"), "a secret leaked: {output}");
    }
}
