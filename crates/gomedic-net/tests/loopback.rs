//! The probes against real servers on 127.0.0.1, and the real go command
//! against the same servers: gomedic's verdict must be what go does.

mod common;

use common::{Reply, Server, module_tree};
use gomedic_go::env::{EnvSource, EnvVar, GoEnv};
use gomedic_go::goproxy::ModuleEnv;
use gomedic_go::httpproxy::ProxyEnv;
use gomedic_model::network::{NetworkFacts, ProbeOutcome, SumdbOutcome};
use gomedic_model::{Severity, Snapshot};
use gomedic_net::tls::TlsSetup;
use gomedic_net::{NetInputs, NetOptions, probe_network};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn inputs(goproxy: &str, gosumdb: &str, proxy_env: ProxyEnv) -> NetInputs {
    NetInputs {
        module_env: ModuleEnv::from_raw(goproxy, "", "", "", gosumdb, ""),
        proxy_env,
        proxy_vars: Vec::new(),
        release: "1.27.3".into(),
        tls: Arc::new(TlsSetup::with_roots(Vec::new(), Vec::new())),
        dns: None,
    }
}

fn options(budget_ms: u64) -> NetOptions {
    NetOptions {
        budget: Duration::from_millis(budget_ms),
        module: "example.com/m".into(),
        mirrors: Vec::new(),
        sumdb_mirror: None,
        sumdb_direct_base: None,
        max_body: 1 << 20,
    }
}

fn snapshot(goproxy: &str, gosumdb: &str, facts: NetworkFacts) -> Snapshot {
    let mut vars = BTreeMap::new();
    for (k, v) in [
        ("GOPROXY", goproxy),
        ("GOSUMDB", gosumdb),
        ("GONOPROXY", ""),
        ("GONOSUMDB", ""),
        ("GOPRIVATE", ""),
        ("GOINSECURE", ""),
    ] {
        vars.insert(
            k.to_string(),
            EnvVar {
                // The probe stores go env values redacted.
                value: gomedic_model::redact::redact_var(k, v),
                source: EnvSource::Process,
            },
        );
    }
    Snapshot {
        go_env: Some(GoEnv {
            vars,
            ..GoEnv::default()
        }),
        network: Some(facts),
        ..Snapshot::default()
    }
}

fn findings(snap: &Snapshot, id: &str) -> Vec<gomedic_model::Finding> {
    gomedic_checks::run_one(id, snap).expect("registered")
}

/// Runs `go mod download -json example.com/m@v1.0.0` with this GOPROXY.
fn go_download(
    tc: &gomedic_testkit::Toolchain,
    goproxy: &str,
    extra: &[(&str, &str)],
) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().display().to_string();
    let mut vars: BTreeMap<String, String> = [
        ("HOME", t.clone()),
        ("GOPATH", format!("{t}/gopath")),
        ("GOMODCACHE", format!("{t}/modcache")),
        ("GOCACHE", format!("{t}/cache")),
        ("GOENV", "off".into()),
        ("GOPROXY", goproxy.into()),
        ("GOSUMDB", "off".into()),
        ("GOFLAGS", "-mod=mod".into()),
        ("GOTOOLCHAIN", "local".into()),
        ("PATH", "/usr/bin:/bin".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    let mut child = gomedic_testkit::clean_command(&tc.go, &vars)
        .args(["mod", "download", "-json", "example.com/m@v1.0.0"])
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "go hung");
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn fallback_verdicts_match_the_go_command() {
    let ok = Server::files(module_tree());
    let s500 = Server::status(500);
    let s404 = Server::status(404);
    let s410 = Server::status(410);
    let s401 = Server::status(401);
    let s403 = Server::status(403);
    let (ok, e500, e404, e410, e401, e403) = (
        ok.url("/ok"),
        s500.url("/e"),
        s404.url("/e"),
        s410.url("/e"),
        s401.url("/e"),
        s403.url("/e"),
    );
    // GOPROXY, whether go downloads the module.
    let cases = [
        (ok.clone(), true),
        (format!("{e500},{ok}"), false),
        (format!("{e500}|{ok}"), true),
        (format!("{e404},{ok}"), true),
        (format!("{e410},{ok}"), true),
        (format!("{e401},{ok}"), false),
        (format!("{e403},{ok}"), false),
        (format!("{e403}|{ok}"), true),
        (e500.clone(), false),
        (format!("{e500}|{e500},{ok}"), false),
        (format!("{e404},{e500}|{ok}"), true),
        (format!("{e500},off"), false),
    ];
    let toolchains = gomedic_testkit::toolchains();
    for (goproxy, expected) in &cases {
        let facts = probe_network(&inputs(goproxy, "off", ProxyEnv::default()), &options(3000));
        let snap = snapshot(goproxy, "off", facts);
        let found = findings(&snap, "modules/proxy-unreachable");
        let gomedic_says_broken = found.iter().any(|f| f.severity == Severity::Error);
        assert_eq!(!gomedic_says_broken, *expected, "{goproxy}: {found:#?}");
        if !expected {
            let f = &found[0];
            assert!(
                f.evidence
                    .iter()
                    .any(|e| e.value.contains("HTTP exchange failed")),
                "{f:#?}"
            );
        }
        for tc in &toolchains {
            let (go_ok, out) = go_download(tc, goproxy, &[]);
            assert_eq!(
                go_ok, *expected,
                "go {} with GOPROXY={goproxy}: {out}",
                tc.version
            );
        }
    }
    // A fall-through after an error is a warning, naming the entry that failed.
    let goproxy = format!("{e500}|{ok}");
    let facts = probe_network(
        &inputs(&goproxy, "off", ProxyEnv::default()),
        &options(3000),
    );
    let f = &findings(
        &snapshot(&goproxy, "off", facts),
        "modules/proxy-unreachable",
    )[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.title.contains(&e500), "{}", f.title);
}

#[test]
fn every_proxy_stalled_stays_within_the_budget() {
    let stalls: Vec<Server> = (0..3).map(|_| Server::stall()).collect();
    let trickle = Server::trickle();
    let goproxy = format!(
        "{}|{}|{},{}",
        stalls[0].url("/a"),
        stalls[1].url("/b"),
        trickle.url("/t"),
        stalls[2].url("/c")
    );
    let key = test_signer("stall.test").verifier().encode();
    let gosumdb = format!("{key} {}", stalls[2].url("/db"));
    let mut opts = options(1000);
    // The mirrors are stalled too: their phase must respect the budget.
    opts.mirrors = vec![stalls[0].url("/m")];
    let started = Instant::now();
    let facts = probe_network(&inputs(&goproxy, &gosumdb, ProxyEnv::default()), &opts);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(1000 + 400),
        "took {elapsed:?} for a 1 s budget"
    );
    assert_eq!(facts.proxies.len(), 4);
    for p in &facts.proxies {
        let ProbeOutcome::Failed { error } = &p.outcome else {
            panic!("{p:#?}")
        };
        assert!(error.timed_out, "{error:?}");
        assert_eq!(error.phase, "http");
    }
    assert!(matches!(
        facts.sumdb.as_ref().unwrap().outcome,
        SumdbOutcome::Unreachable { .. }
    ));
    assert_eq!(facts.mirrors.len(), 1);
    assert!(!facts.mirrors[0].ok);
    let snap = snapshot(&goproxy, &gosumdb, facts);
    assert_eq!(
        findings(&snap, "modules/proxy-unreachable")[0].severity,
        Severity::Error
    );
    assert_eq!(findings(&snap, "modules/sumdb-unreachable").len(), 1);
}

fn test_signer(name: &str) -> gomedic_go::note::NoteSigner {
    gomedic_go::note::NoteSigner::from_seed(name, [7; 32]).unwrap()
}

/// A checksum database serving a signed tree head of size 5 at `<prefix>/latest`.
fn sumdb_server(name: &str, supported_status: u16) -> Server {
    let signer = test_signer(name);
    let tree = gomedic_go::tlog::Tree {
        n: 5,
        hash: gomedic_go::tlog::record_hash(b"x"),
    };
    let note = gomedic_go::note::Note {
        text: gomedic_go::tlog::format_tree(&tree),
        ..Default::default()
    };
    let signed = gomedic_go::note::sign(&note, &[&signer]).unwrap();
    Server::start(Box::new(move |path| {
        if path.ends_with("/supported") {
            return Reply::Respond {
                status: supported_status,
                content_type: "text/plain",
                body: Vec::new(),
            };
        }
        if path.ends_with("/latest") {
            return Reply::Respond {
                status: 200,
                content_type: "text/plain; charset=utf-8",
                body: signed.clone(),
            };
        }
        Reply::Respond {
            status: 404,
            content_type: "text/plain",
            body: Vec::new(),
        }
    }))
}

#[test]
fn checksum_database_reached_as_go_does_and_verified() {
    let name = "sumdb.test";
    let key = test_signer(name).verifier().encode();
    let db = sumdb_server(name, 200);
    // An explicit URL bypasses GOPROXY.
    let gosumdb = format!("{key} {}", db.url("/direct"));
    let facts = probe_network(
        &inputs("off", &gosumdb, ProxyEnv::default()),
        &options(2000),
    );
    let s = facts.sumdb.clone().unwrap();
    assert_eq!(s.outcome, SumdbOutcome::Verified { tree_size: 5 }, "{s:#?}");
    assert_eq!(s.base_url.as_deref(), Some(db.url("/direct").as_str()));

    // Through the proxy that says it supports the database.
    let proxy_url = db.url("/proxy");
    let facts = probe_network(
        &inputs(&proxy_url, &key, ProxyEnv::default()),
        &options(2000),
    );
    let s = facts.sumdb.unwrap();
    assert_eq!(s.base_url, Some(format!("{proxy_url}/sumdb/{name}")));
    assert_eq!(s.outcome, SumdbOutcome::Verified { tree_size: 5 });

    // A proxy answering 404 to /supported: go connects directly.
    let no = sumdb_server(name, 404);
    let mut opts = options(2000);
    opts.sumdb_direct_base = Some(db.url("/fallback"));
    let facts = probe_network(&inputs(&no.url("/p"), &key, ProxyEnv::default()), &opts);
    let s = facts.sumdb.unwrap();
    assert_eq!(s.base_url, Some(db.url("/fallback")));
    assert_eq!(s.outcome, SumdbOutcome::Verified { tree_size: 5 });

    // 500 from /supported after `,`: the database is unavailable.
    let bad = sumdb_server(name, 500);
    let goproxy = format!("{},{}", bad.url("/p"), db.url("/proxy"));
    let facts = probe_network(&inputs(&goproxy, &key, ProxyEnv::default()), &opts);
    assert!(matches!(
        facts.sumdb.as_ref().unwrap().outcome,
        SumdbOutcome::Unreachable { .. }
    ));
    let snap = snapshot(&goproxy, &key, facts);
    assert_eq!(findings(&snap, "modules/sumdb-unreachable").len(), 1);
    // ... but after `|` go tries the next proxy.
    let goproxy = format!("{}|{}", bad.url("/p"), db.url("/proxy"));
    let facts = probe_network(&inputs(&goproxy, &key, ProxyEnv::default()), &opts);
    assert!(matches!(
        facts.sumdb.unwrap().outcome,
        SumdbOutcome::Verified { .. }
    ));

    // Signed by another key than the one configured.
    let other = gomedic_go::note::NoteSigner::from_seed(name, [9; 32]).unwrap();
    let gosumdb = format!("{} {}", other.verifier().encode(), db.url("/direct"));
    let facts = probe_network(
        &inputs("off", &gosumdb, ProxyEnv::default()),
        &options(2000),
    );
    assert!(matches!(
        facts.sumdb.as_ref().unwrap().outcome,
        SumdbOutcome::VerifyFailed { .. }
    ));
    let snap = snapshot("off", &gosumdb, facts);
    assert_eq!(findings(&snap, "modules/sumdb-verify-failed").len(), 1);
    assert!(findings(&snap, "modules/sumdb-unreachable").is_empty());
}

#[test]
fn http_proxy_from_the_environment_is_used_like_go_uses_it() {
    // HTTP_PROXY carries requests for a name that only the proxy "knows"
    // (.invalid never resolves: no real host is contacted).
    let proxy = Server::files(module_tree());
    let proxy_env = ProxyEnv {
        http_proxy: format!("127.0.0.1:{}", proxy.port),
        ..ProxyEnv::default()
    };
    let goproxy = "http://mod.invalid/ok";
    let facts = probe_network(&inputs(goproxy, "off", proxy_env), &options(3000));
    assert_eq!(facts.proxies[0].outcome, ProbeOutcome::Ok, "{facts:#?}");
    assert_eq!(
        facts.proxies[0].via_http_proxy.as_deref(),
        Some(format!("http://127.0.0.1:{}", proxy.port).as_str())
    );
    let heads = proxy.paths.lock().unwrap().clone();
    assert!(heads[0].starts_with("GET http://mod.invalid/ok/example.com/m/@v/list HTTP/1.1"));
    // The go command goes through the same proxy.
    let http_proxy = format!("127.0.0.1:{}", proxy.port);
    for tc in gomedic_testkit::toolchains() {
        let (ok, out) = go_download(&tc, goproxy, &[("HTTP_PROXY", &http_proxy)]);
        assert!(ok, "go {}: {out}", tc.version);
    }
}

#[test]
fn credentials_never_appear_in_facts_or_findings() {
    // An HTTPS proxy with credentials that refuses the tunnel.
    let proxy = Server::start(Box::new(|_| Reply::Respond {
        status: 407,
        content_type: "text/plain",
        body: b"auth required\n".to_vec(),
    }));
    let proxy_env = ProxyEnv {
        https_proxy: format!("http://bob:hunter2@127.0.0.1:{}", proxy.port),
        ..ProxyEnv::default()
    };
    let mut inputs = inputs(
        "https://alice:s3cret@mod.invalid/p,off",
        "off",
        proxy_env.clone(),
    );
    inputs.proxy_vars = vec![("HTTPS_PROXY".into(), proxy_env.https_proxy.clone())];
    let facts = probe_network(&inputs, &options(2000));
    let ProbeOutcome::Failed { error } = &facts.proxies[0].outcome else {
        panic!("{facts:#?}")
    };
    assert_eq!(error.phase, "proxy");
    assert!(error.message.contains("407"), "{error:?}");
    // The proxy did receive the credentials, as Go sends them.
    let heads = proxy.paths.lock().unwrap().clone();
    assert!(heads[0].starts_with("CONNECT mod.invalid:443 HTTP/1.1"));
    assert!(heads[0].contains("Proxy-Authorization: Basic Ym9iOmh1bnRlcjI="));
    let snap = snapshot(
        "https://alice:s3cret@mod.invalid/p,off",
        "off",
        facts.clone(),
    );
    let all = gomedic_checks::run_all(&snap);
    assert!(all.iter().any(|f| f.id == "modules/proxy-unreachable"));
    let proxy_finding = all
        .iter()
        .find(|f| f.id == "network/http-proxy-env")
        .expect("the broken HTTP proxy is named");
    assert!(
        proxy_finding.title.contains("proxyconnect: 407"),
        "{}",
        proxy_finding.title
    );
    let text = format!(
        "{}{}",
        serde_json::to_string(&facts).unwrap(),
        serde_json::to_string(&all).unwrap()
    );
    for secret in ["s3cret", "hunter2", "Ym9iOmh1bnRlcjI"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(text.contains("https://***@mod.invalid/p"));
}

#[test]
fn hostile_servers_give_findings_not_hangs() {
    let redirect_port = std::sync::Arc::new(std::sync::atomic::AtomicU16::new(0));
    let rp = redirect_port.clone();
    let loop_server = Server::start(Box::new(move |path| {
        let port = rp.load(std::sync::atomic::Ordering::SeqCst);
        Reply::Redirect(format!("http://127.0.0.1:{port}{path}x"))
    }));
    redirect_port.store(loop_server.port, std::sync::atomic::Ordering::SeqCst);
    let huge = Server::start(Box::new(|_| Reply::Respond {
        status: 200,
        content_type: "text/plain",
        body: vec![b'v'; 2 << 20],
    }));
    let bad_json = Server::start(Box::new(|path| {
        let body: &[u8] = if path.ends_with("/@v/list") {
            b"v1.0.0\n"
        } else if path.ends_with("@latest") || path.ends_with(".info") {
            b"{not json"
        } else {
            b"module example.com/m\n"
        };
        Reply::Respond {
            status: 200,
            content_type: "application/json",
            body: body.to_vec(),
        }
    }));
    let trickle = Server::trickle();
    let goproxy = format!(
        "{}|{}|{}|{},off",
        loop_server.url("/r"),
        huge.url("/h"),
        bad_json.url("/j"),
        trickle.url("/t")
    );
    let started = Instant::now();
    let facts = probe_network(
        &inputs(&goproxy, "off", ProxyEnv::default()),
        &options(1500),
    );
    assert!(started.elapsed() < Duration::from_millis(2000));
    let messages: Vec<String> = facts
        .proxies
        .iter()
        .map(|p| format!("{:?}", p.outcome))
        .collect();
    assert!(
        messages[0].contains("stopped after 10 redirects"),
        "{messages:?}"
    );
    assert!(messages[1].contains("larger than"), "{messages:?}");
    assert!(messages[2].contains("ProtocolViolation") && messages[2].contains("invalid JSON"));
    assert!(messages[3].contains("timed_out: true"), "{messages:?}");
    let snap = snapshot(&goproxy, "off", facts);
    assert_eq!(
        findings(&snap, "modules/proxy-unreachable")[0].severity,
        Severity::Error
    );
}

/// A one-record checksum database for `example.com/m v1.0.0` signed by
/// `signer`, in the wire format of the recorded go ↔ sumdb transcripts.
fn module_sumdb(signer: gomedic_go::note::NoteSigner) -> Server {
    use gomedic_go::dirhash::{FileDigest, go_mod_hash, hash1};
    use sha2::Digest;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(common::module_zip())).unwrap();
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        files.push(FileDigest {
            name: f.name_raw().to_vec(),
            sha256: sha2::Sha256::digest(&data).into(),
        });
    }
    let record = format!(
        "example.com/m v1.0.0 {}\nexample.com/m v1.0.0/go.mod {}\n",
        hash1(&files).unwrap(),
        go_mod_hash(common::GO_MOD.as_bytes())
    );
    let leaf = gomedic_go::tlog::record_hash(record.as_bytes());
    let note = gomedic_go::note::Note {
        text: gomedic_go::tlog::format_tree(&gomedic_go::tlog::Tree { n: 1, hash: leaf }),
        ..Default::default()
    };
    let signed = String::from_utf8(gomedic_go::note::sign(&note, &[&signer]).unwrap()).unwrap();
    Server::start(Box::new(move |path| {
        let (status, body): (u16, Vec<u8>) = if path.ends_with("/latest") {
            (200, signed.clone().into_bytes())
        } else if path.ends_with("/lookup/example.com/m@v1.0.0") {
            (200, format!("0\n{record}\n{signed}").into_bytes())
        } else if path.ends_with("/tile/8/0/000.p/1") {
            (200, leaf.0.to_vec())
        } else {
            (404, b"not found\n".to_vec())
        };
        Reply::Respond {
            status,
            content_type: "text/plain; charset=UTF-8",
            body,
        }
    }))
}

#[test]
fn checksum_database_verdicts_match_the_go_command() {
    let name = "localhost.localdev/sumdb";
    let signer = test_signer(name);
    let key = signer.verifier().encode();
    let wrong_key = gomedic_go::note::NoteSigner::from_seed(name, [9; 32])
        .unwrap()
        .verifier()
        .encode();
    let db = module_sumdb(signer);
    let down = Server::status(500);
    let proxy = Server::files(module_tree());
    let goproxy = proxy.url("/ok");
    // (GOSUMDB, does go download and verify?)
    let cases = [
        (format!("{key} {}", db.url("")), true),
        (format!("{wrong_key} {}", db.url("")), false),
        (format!("{key} {}", down.url("")), false),
    ];
    let toolchains = gomedic_testkit::toolchains();
    for (gosumdb, expected) in &cases {
        let facts = probe_network(
            &inputs(&goproxy, gosumdb, ProxyEnv::default()),
            &options(2000),
        );
        let snap = snapshot(&goproxy, gosumdb, facts);
        let found: Vec<String> = ["modules/sumdb-unreachable", "modules/sumdb-verify-failed"]
            .iter()
            .flat_map(|id| findings(&snap, id))
            .map(|f| f.id)
            .collect();
        assert_eq!(found.is_empty(), *expected, "{gosumdb}: {found:?}");
        for tc in &toolchains {
            let (ok, out) = go_download(tc, &goproxy, &[("GOSUMDB", gosumdb.as_str())]);
            assert_eq!(ok, *expected, "go {} GOSUMDB={gosumdb}: {out}", tc.version);
        }
    }
}

#[test]
fn malformed_notes_and_plain_http_on_https_are_findings() {
    let garbage = Server::start(Box::new(|_| Reply::Respond {
        status: 200,
        content_type: "text/plain",
        body: b"go.sum database tree\n\x01\x02 not a note".to_vec(),
    }));
    let key = test_signer("garbage.test").verifier().encode();
    let gosumdb = format!("{key} {}", garbage.url(""));
    // A plain-http server behind an https:// GOPROXY entry: the TLS phase fails.
    let plain = Server::files(module_tree());
    let goproxy = format!("https://127.0.0.1:{}/ok", plain.port);
    let mut inputs = inputs(&goproxy, &gosumdb, ProxyEnv::default());
    inputs.tls = Arc::new(TlsSetup::with_roots(
        vec![
            rustls_pki_types::pem::PemObject::from_pem_file(common::tls_file("trusted-ca.pem"))
                .unwrap(),
        ],
        vec!["test CA".into()],
    ));
    let facts = probe_network(&inputs, &options(2000));
    let ProbeOutcome::Failed { error } = &facts.proxies[0].outcome else {
        panic!("{facts:#?}")
    };
    assert_eq!(error.phase, "tls", "{error:?}");
    let SumdbOutcome::VerifyFailed { message } = &facts.sumdb.as_ref().unwrap().outcome else {
        panic!("{facts:#?}")
    };
    assert!(message.contains("malformed note"), "{message}");
    let snap = snapshot(&goproxy, &gosumdb, facts);
    assert_eq!(findings(&snap, "modules/sumdb-verify-failed").len(), 1);
    assert_eq!(findings(&snap, "modules/proxy-unreachable").len(), 1);
}
