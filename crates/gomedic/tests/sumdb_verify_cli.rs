#![cfg(unix)]
//! `gomedic verify --sumdb` and `gomedic check` against a checksum database
//! on 127.0.0.1 (built with gomedic-go's tlog and a test key), compared with
//! the real go command (1.21.13, 1.22.10, 1.27.3) downloading the same
//! modules from a `file://` GOPROXY with the same GOSUMDB and GOPATH: an
//! honest database, one that contradicts a go.sum line, one whose record
//! does not hash into its tree, a forked log and a rolled-back log.

mod sumdb_support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use sumdb_support::{Lie, Log, SumdbServer, TestModule, write_file_proxy};

struct Env {
    _dir: tempfile::TempDir,
    root: PathBuf,
    proxy: PathBuf,
    project: PathBuf,
    modules: Vec<TestModule>,
}

fn modules() -> Vec<TestModule> {
    vec![
        TestModule::new("example.com/a", "v1.0.0"),
        TestModule::new("example.com/b", "v1.1.0"),
        TestModule::new("example.com/c", "v0.3.0"),
    ]
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let proxy = root.join("proxy");
        let modules = modules();
        write_file_proxy(&proxy, &modules);
        let project = root.join("app");
        std::fs::create_dir_all(&project).unwrap();
        let mut go_mod = String::from("module example.com/app\n\ngo 1.21\n\nrequire (\n");
        let mut go_sum = String::new();
        for m in &modules {
            go_mod.push_str(&format!("\t{} {}\n", m.path, m.version));
            go_sum.push_str(&m.go_sum_lines());
        }
        go_mod.push_str(")\n");
        std::fs::write(project.join("go.mod"), go_mod).unwrap();
        std::fs::write(project.join("go.sum"), go_sum).unwrap();
        for sub in ["home", "gopath", "gocache"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        Env {
            _dir: dir,
            root,
            proxy,
            project,
            modules,
        }
    }

    fn vars(&self, go_bin: &Path, gosumdb: &str, modcache: &str) -> BTreeMap<String, String> {
        let path = format!("{}:/usr/bin:/bin", go_bin.display());
        [
            ("HOME", self.root.join("home").display().to_string()),
            ("PATH", path),
            ("GOPATH", self.root.join("gopath").display().to_string()),
            ("GOMODCACHE", self.root.join(modcache).display().to_string()),
            ("GOCACHE", self.root.join("gocache").display().to_string()),
            ("GOENV", self.root.join("home/goenv").display().to_string()),
            ("GOPROXY", format!("file://{}", self.proxy.display())),
            ("GOSUMDB", gosumdb.to_string()),
            ("GOFLAGS", "-mod=mod".to_string()),
            ("GOTOOLCHAIN", "local".to_string()),
            ("NO_COLOR", "1".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// go.sum line numbers by `module version`.
    fn line_of(&self, key: &str) -> usize {
        let text = std::fs::read_to_string(self.project.join("go.sum")).unwrap();
        text.lines()
            .position(|l| l.starts_with(&format!("{key} ")))
            .unwrap()
            + 1
    }
}

/// `go mod download -json M@V...` of every module in a copy of the project
/// without go.sum (so go asks the database for each), with `modcache`.
fn go_download(
    env: &Env,
    go: &gomedic_testkit::Toolchain,
    gosumdb: &str,
    modcache: &str,
) -> (bool, String) {
    let args: Vec<String> = env
        .modules
        .iter()
        .map(|m| format!("{}@{}", m.path, m.version))
        .collect();
    go_download_args(env, go, gosumdb, modcache, &args)
}

fn go_download_args(
    env: &Env,
    go: &gomedic_testkit::Toolchain,
    gosumdb: &str,
    modcache: &str,
    args: &[String],
) -> (bool, String) {
    let fresh = env.root.join(format!("fresh-{modcache}"));
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::copy(env.project.join("go.mod"), fresh.join("go.mod")).unwrap();
    let bin = go.go.parent().unwrap();
    let out = gomedic_testkit::clean_command(&go.go, &env.vars(bin, gosumdb, modcache))
        .args(["mod", "download", "-json"])
        .args(args)
        .current_dir(&fresh)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn gomedic_verify(
    env: &Env,
    go: &gomedic_testkit::Toolchain,
    gosumdb: &str,
    modcache: &str,
) -> (i32, Value) {
    let bin = go.go.parent().unwrap();
    let out = gomedic_testkit::clean_command(
        env!("CARGO_BIN_EXE_gomedic"),
        &env.vars(bin, gosumdb, modcache),
    )
    .args(["verify", "--sumdb", "--format", "json", "--timeout", "20"])
    .current_dir(&env.project)
    .stdin(Stdio::null())
    .output()
    .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

fn honest_log(modules: &[TestModule], seed: u8) -> Log {
    let mut log = Log::new(seed);
    for m in modules {
        log.add(m);
    }
    log
}

fn problems(report: &Value) -> Vec<Value> {
    report["sumdb"]["problems"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn honest_database_verifies_every_line_as_go_does() {
    for go in gomedic_testkit::toolchains() {
        let env = Env::new();
        let server = SumdbServer::start(honest_log(&env.modules, 1));
        let (ok, text) = go_download(&env, &go, &server.gosumdb(), "modcache-go");
        assert!(ok, "go {}: {text}", go.version);
        let (code, report) = gomedic_verify(&env, &go, &server.gosumdb(), "modcache-go");
        assert_eq!(code, 0, "go {}: {report:#}", go.version);
        assert_eq!(report["sumdb"]["verified"], 6, "{report:#}");
        assert_eq!(report["sumdb"]["lines"], 6);
        assert_eq!(report["sumdb"]["tree_size"], 3);
        assert!(problems(&report).is_empty());
    }
}

#[test]
fn database_contradicting_go_sum_is_reported_with_both_hashes_like_go() {
    for go in gomedic_testkit::toolchains() {
        let env = Env::new();
        let (a, b) = (&env.modules[0], &env.modules[1]);
        let fake = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        // a's zip and b's go.mod are contradicted by the database.
        let mut log = Log::new(2);
        log.add_hashes(a, fake, &a.mod_hash());
        log.add_hashes(b, &b.zip_hash(), fake);
        log.add(&env.modules[2]);
        let server = SumdbServer::start(log);
        let (ok, text) = go_download(&env, &go, &server.gosumdb(), "modcache-go");
        assert!(
            !ok,
            "go {} accepted a contradicted module: {text}",
            go.version
        );
        let go_a = format!(
            "example.com/a@v1.0.0: verifying module: checksum mismatch\\n\\tdownloaded: {}\\n\\t{}: {fake}",
            a.zip_hash(),
            sumdb_support::DB_NAME
        );
        let go_b = format!(
            "example.com/b@v1.1.0: verifying go.mod: checksum mismatch\\n\\tdownloaded: {}\\n\\t{}: {fake}",
            b.mod_hash(),
            sumdb_support::DB_NAME
        );
        assert!(text.contains(&go_a), "go {}: {text}", go.version);
        assert!(text.contains(&go_b), "go {}: {text}", go.version);
        assert!(text.contains("SECURITY ERROR"));

        let (code, report) = gomedic_verify(&env, &go, &server.gosumdb(), "modcache-gomedic");
        assert_eq!(code, 1, "{report:#}");
        let found = problems(&report);
        assert_eq!(found.len(), 2, "{report:#}");
        for (p, m, version, ours) in [
            (&found[0], a, "v1.0.0", a.zip_hash()),
            (&found[1], b, "v1.1.0/go.mod", b.mod_hash()),
        ] {
            assert_eq!(p["kind"], "mismatch");
            assert_eq!(p["module"], m.path.as_str());
            assert_eq!(p["version"], version);
            assert_eq!(p["go_sum_hash"], ours.as_str());
            assert_eq!(p["db_hash"], fake);
            let key = format!("{} {version}", m.path);
            assert_eq!(p["go_sum_line"], env.line_of(&key));
            // The same words as go (JSON-escaped in go's -json output).
            let msg = p["message"].as_str().unwrap();
            let escaped = msg.replace('\n', "\\n").replace('\t', "\\t");
            assert!(
                text.contains(escaped.trim_end_matches("\\n")),
                "go {}:\n{msg}\nnot in\n{text}",
                go.version
            );
        }
        assert_eq!(report["sumdb"]["verified"], 4);
    }
}

#[test]
fn record_that_does_not_hash_into_the_tree_is_a_bad_proof_for_go_and_gomedic() {
    for go in gomedic_testkit::toolchains() {
        let env = Env::new();
        let server = SumdbServer::start(honest_log(&env.modules, 3));
        server.lie(Lie::AlteredRecord);
        let (ok, text) = go_download(&env, &go, &server.gosumdb(), "modcache-go");
        assert!(!ok, "{text}");
        assert!(
            text.contains("cannot authenticate record data in server response"),
            "go {}: {text}",
            go.version
        );
        let (code, report) = gomedic_verify(&env, &go, &server.gosumdb(), "modcache-gomedic");
        assert_eq!(code, 1);
        let found = problems(&report);
        assert_eq!(found.len(), 6, "{report:#}");
        for p in &found {
            assert_eq!(p["kind"], "bad-proof", "{report:#}");
            assert!(
                p["message"]
                    .as_str()
                    .unwrap()
                    .ends_with("cannot authenticate record data in server response"),
                "{p:#}"
            );
        }
    }
}

#[test]
fn forked_and_rolled_back_logs_are_misbehavior_against_go_latest_record() {
    for go in gomedic_testkit::toolchains() {
        for scenario in ["fork", "rollback"] {
            let env = Env::new();
            let honest = honest_log(&env.modules, 4);
            let server = SumdbServer::start(honest.clone());
            // go records the honest tree (size 3) in GOPATH/pkg/sumdb.
            let (ok, text) = go_download(&env, &go, &server.gosumdb(), "modcache-first");
            assert!(ok, "{text}");
            let latest = env
                .root
                .join("gopath/pkg/sumdb")
                .join(sumdb_support::DB_NAME)
                .join("latest");
            let recorded = std::fs::read(&latest).unwrap();
            // Same key, another history: a fork of size 4 whose first record
            // differs, or a rollback to a different tree of size 2.
            let mut other = Log::new(4);
            let extra = TestModule::new("example.com/zz", "v9.0.0");
            match scenario {
                "fork" => {
                    other.add(&extra);
                    for m in &env.modules {
                        other.add(m);
                    }
                }
                _ => {
                    other.add(&extra);
                    other.add(&env.modules[0]);
                }
            }
            server.switch(other);
            // A cold module cache: go re-proves its recorded tree from the
            // server's tiles, exactly what gomedic can do.
            let (ok, go_text) = go_download(&env, &go, &server.gosumdb(), "modcache-second");
            assert!(!ok, "go {} {scenario}: {go_text}", go.version);
            let (code, report) = gomedic_verify(&env, &go, &server.gosumdb(), "modcache-gomedic");
            assert_eq!(code, 1, "{report:#}");
            let found = problems(&report);
            assert_eq!(found.len(), 1, "{scenario}: {report:#}");
            assert_eq!(found[0]["kind"], "misbehavior", "{report:#}");
            let msg = found[0]["message"].as_str().unwrap();
            // go's verdict names the same failure.
            // go's verdict is the same text (JSON-escaped in its -json output).
            let escaped = msg.replace('\n', "\\n").replace('\t', "\\t");
            assert!(
                go_text.contains(&format!(
                    "initializing sumdb.Client: {}",
                    escaped.trim_start_matches("initializing sumdb.Client: ")
                )),
                "go {} {scenario}:\n{msg}\nvs\n{go_text}",
                go.version
            );
            assert_eq!(report["sumdb"]["go_latest_size"], 3);
            // gomedic read the record and never wrote it.
            assert_eq!(std::fs::read(&latest).unwrap(), recorded);
        }
    }
}

#[test]
fn check_reports_the_audit_as_sumdb_verify_failed_and_offline_makes_no_request() {
    let go = gomedic_testkit::toolchain("1.27.3");
    let env = Env::new();
    let a = &env.modules[0];
    let fake = "h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";
    let mut log = Log::new(5);
    log.add_hashes(a, fake, &a.mod_hash());
    log.add(&env.modules[1]);
    log.add(&env.modules[2]);
    let server = SumdbServer::start(log);
    let bin = go.go.parent().unwrap();
    let vars = env.vars(bin, &server.gosumdb(), "modcache-gomedic");
    let run = |extra: &[&str]| {
        let out = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), &vars)
            .args(["check", "--format", "json", "--project"])
            .arg(&env.project)
            .args(extra)
            .current_dir(&env.project)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let report = run(&["--offline"]);
    assert_eq!(server.requests.load(Ordering::SeqCst), 0, "--offline asked");
    assert!(!report.to_string().contains("modules/sumdb-verify-failed"));

    let report = run(&["--timeout", "10"]);
    assert!(server.requests.load(Ordering::SeqCst) > 0);
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "modules/sumdb-verify-failed")
        .collect();
    assert_eq!(findings.len(), 1, "{report:#}");
    let text = findings[0].to_string();
    assert!(text.contains(&a.zip_hash()), "{text}");
    assert!(text.contains(fake), "{text}");
    assert!(text.contains("go.sum:1"), "{text}");
    assert_eq!(findings[0]["severity"], "error");
}

#[test]
fn verify_sumdb_is_bounded_in_time_against_a_stalling_database() {
    use std::io::Read;
    let go = gomedic_testkit::toolchain("1.27.3");
    let env = Env::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 1024];
                let _ = stream.read(&mut buf);
                std::thread::sleep(std::time::Duration::from_secs(30));
            });
        }
    });
    let vkey = Log::new(6).vkey();
    let gosumdb = format!("{vkey} http://127.0.0.1:{port}");
    let bin = go.go.parent().unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_gomedic"))
        .env_clear()
        .envs(env.vars(bin, &gosumdb, "modcache-gomedic"))
        .args(["verify", "--sumdb", "--format", "json", "--timeout", "1"])
        .current_dir(&env.project)
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["verified"], false);
    assert_eq!(report["sumdb"]["unchecked"].as_array().unwrap().len(), 6);
}

#[test]
fn tree_head_signed_with_another_key_is_a_bad_signature_for_go_and_gomedic() {
    for go in gomedic_testkit::toolchains() {
        let env = Env::new();
        let trusted = honest_log(&env.modules, 7);
        let server = SumdbServer::start(trusted.clone());
        let gosumdb = server.gosumdb();
        // Same database name and content, another signing key.
        server.switch(honest_log(&env.modules, 8));
        let (ok, go_text) = go_download(&env, &go, &gosumdb, "modcache-go");
        assert!(!ok, "{go_text}");
        let (code, report) = gomedic_verify(&env, &go, &gosumdb, "modcache-gomedic");
        assert_eq!(code, 1);
        let found = problems(&report);
        assert_eq!(found.len(), 1, "{report:#}");
        assert_eq!(found[0]["kind"], "bad-signature", "{report:#}");
        // go stops at the first signed note it cannot open, with the same reason.
        let msg = found[0]["message"].as_str().unwrap();
        let reason = msg.lines().next().unwrap();
        assert!(reason.starts_with("reading tree note: "), "{msg}");
        assert!(
            go_text.contains(reason),
            "go {}:\n{msg}\nvs\n{go_text}",
            go.version
        );
    }
}

#[test]
fn fork_against_go_warm_tile_cache_is_the_same_security_error_as_go() {
    for go in gomedic_testkit::toolchains() {
        let env = Env::new();
        let extra = TestModule::new("example.com/zz", "v9.0.0");
        write_file_proxy(&env.proxy, std::slice::from_ref(&extra));
        let server = SumdbServer::start(honest_log(&env.modules, 9));
        let (ok, text) = go_download(&env, &go, &server.gosumdb(), "modcache-warm");
        assert!(ok, "{text}");
        let mut fork = Log::new(9);
        fork.add(&extra);
        for m in &env.modules {
            fork.add(m);
        }
        server.switch(fork);
        // go keeps its tiles and lookups: only the new module is asked.
        let (ok, go_text) = go_download_args(
            &env,
            &go,
            &server.gosumdb(),
            "modcache-warm",
            &["example.com/zz@v9.0.0".to_string()],
        );
        assert!(!ok, "{go_text}");
        let (code, report) = gomedic_verify(&env, &go, &server.gosumdb(), "modcache-warm");
        assert_eq!(code, 1, "{report:#}");
        let found = problems(&report);
        assert_eq!(found.len(), 1, "{report:#}");
        assert_eq!(found[0]["kind"], "misbehavior");
        let msg = found[0]["message"].as_str().unwrap();
        assert!(msg.starts_with("SECURITY ERROR\ngo.sum database server misbehavior detected!"));
        // The whole report (both signed notes and the proof) is go's.
        assert!(
            go_text.contains(msg.trim_end()),
            "go {}:\n{msg}\nvs\n{go_text}",
            go.version
        );
    }
}
