//! TLS trust decided like Go decides it on Linux: a loopback GOPROXY with a
//! valid test chain and one re-signed by an "interception" CA, with
//! SSL_CERT_FILE / SSL_CERT_DIR, compared with the real go command.

mod common;

use common::{Server, files_handler, module_tree, tls_file};
use gomedic_go::env::{EnvSource, EnvVar, GoEnv};
use gomedic_go::goproxy::ModuleEnv;
use gomedic_go::httpproxy::ProxyEnv;
use gomedic_model::Snapshot;
use gomedic_model::network::{NetworkFacts, ProbeOutcome};
use gomedic_model::snapshot::Host;
use gomedic_net::tls::TlsSetup;
use gomedic_net::{NetInputs, NetOptions, probe_network};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

fn probe(goproxy: &str, cert_file: &str, cert_dir: &str) -> NetworkFacts {
    let (file, dir) = (cert_file.to_string(), cert_dir.to_string());
    let tls = TlsSetup::go_default(move |k| match k {
        "SSL_CERT_FILE" => Some(file.clone()),
        "SSL_CERT_DIR" => Some(dir.clone()),
        _ => None,
    });
    let inputs = NetInputs {
        module_env: ModuleEnv::from_raw(goproxy, "", "", "", "off", ""),
        proxy_env: ProxyEnv::default(),
        proxy_vars: Vec::new(),
        release: "1.27.3".into(),
        tls: Arc::new(tls),
        dns: None,
    };
    let options = NetOptions {
        budget: Duration::from_secs(3),
        module: "example.com/m".into(),
        mirrors: Vec::new(),
        sumdb_mirror: None,
        sumdb_direct_base: None,
        max_body: 1 << 20,
    };
    probe_network(&inputs, &options)
}

fn ids(goproxy: &str, facts: NetworkFacts) -> Vec<gomedic_model::Finding> {
    let vars = [("GOPROXY", goproxy), ("GOSUMDB", "off")]
        .into_iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                EnvVar {
                    value: v.into(),
                    source: EnvSource::Process,
                },
            )
        })
        .collect();
    let snap = Snapshot {
        host: Host {
            os: "linux".into(),
            arch: "amd64".into(),
            ..Host::default()
        },
        go_env: Some(GoEnv {
            vars,
            ..GoEnv::default()
        }),
        network: Some(facts),
        ..Snapshot::default()
    };
    gomedic_checks::run_all(&snap)
        .into_iter()
        .filter(|f| f.id.starts_with("network/"))
        .collect()
}

fn go_ok(
    tc: &gomedic_testkit::Toolchain,
    goproxy: &str,
    cert_file: &str,
    cert_dir: &str,
) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().display().to_string();
    let vars: BTreeMap<String, String> = [
        ("HOME", t.clone()),
        ("GOPATH", format!("{t}/gopath")),
        ("GOMODCACHE", format!("{t}/modcache")),
        ("GOCACHE", format!("{t}/cache")),
        ("GOENV", "off".into()),
        ("GOPROXY", goproxy.into()),
        ("GOSUMDB", "off".into()),
        ("GOTOOLCHAIN", "local".into()),
        ("PATH", "/usr/bin:/bin".into()),
        ("SSL_CERT_FILE", cert_file.into()),
        ("SSL_CERT_DIR", cert_dir.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let out = gomedic_testkit::clean_command(&tc.go, &vars)
        .args(["mod", "download", "-json", "example.com/m@v1.0.0"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn trust_matches_the_go_command() {
    let trusted = Server::start_tls("trusted", files_handler(module_tree()));
    let mitm = Server::start_tls("mitm", files_handler(module_tree()));
    let empty_dir = tempfile::tempdir().unwrap();
    let dir = empty_dir.path().display().to_string();
    let trusted_ca = tls_file("trusted-ca.pem").display().to_string();
    let mitm_ca = tls_file("mitm-ca.pem").display().to_string();
    let toolchains = gomedic_testkit::toolchains();

    // (GOPROXY, SSL_CERT_FILE, does go download?)
    let cases = [
        (trusted.https_url("/ok"), trusted_ca.clone(), true),
        (mitm.https_url("/ok"), trusted_ca.clone(), false),
        (mitm.https_url("/ok"), mitm_ca.clone(), true),
        (
            trusted.https_url("/ok"),
            "/no/such/bundle.pem".to_string(),
            false,
        ),
    ];
    for (goproxy, cert_file, expected) in &cases {
        let facts = probe(goproxy, cert_file, &dir);
        let outcome = facts.proxies[0].outcome.clone();
        assert_eq!(
            outcome == ProbeOutcome::Ok,
            *expected,
            "{goproxy} {cert_file}: {outcome:?}"
        );
        let findings = ids(goproxy, facts);
        assert_eq!(findings.is_empty(), *expected, "{findings:#?}");
        for tc in &toolchains {
            let (ok, out) = go_ok(tc, goproxy, cert_file, &dir);
            assert_eq!(
                ok, *expected,
                "go {} {goproxy} {cert_file}: {out}",
                tc.version
            );
            if !expected {
                assert!(out.contains("x509"), "go {}: {out}", tc.version);
            }
        }
    }

    // The interception case names the presented chain's issuer.
    let goproxy = mitm.https_url("/ok");
    let findings = ids(&goproxy, probe(&goproxy, &trusted_ca, &dir));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.id, "network/tls-untrusted");
    assert!(
        f.title
            .contains("O=gomedic tests, CN=Corp Interception Root CA"),
        "{}",
        f.title
    );
    assert!(
        f.evidence
            .iter()
            .any(|e| e.value.contains("subject O=gomedic tests, CN=127.0.0.1"))
    );
    assert!(f.evidence.iter().any(|e| e.value.contains(&trusted_ca)));

    // No bundle at all: ca-bundle-missing (and the handshake fails).
    let goproxy = trusted.https_url("/ok");
    let findings = ids(&goproxy, probe(&goproxy, "/no/such/bundle.pem", &dir));
    assert_eq!(
        findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["network/ca-bundle-missing"]
    );
    // SSL_CERT_DIR is read too: the CA in a directory is trusted, by go as well.
    let ca_dir = tempfile::tempdir().unwrap();
    std::fs::copy(tls_file("trusted-ca.pem"), ca_dir.path().join("ca.pem")).unwrap();
    let ca_dir = ca_dir.path().display().to_string();
    let facts = probe(&goproxy, "/no/such/bundle.pem", &ca_dir);
    assert_eq!(facts.proxies[0].outcome, ProbeOutcome::Ok);
    assert_eq!(facts.ca_count, 1);
    for tc in &toolchains {
        assert!(
            go_ok(tc, &goproxy, "/no/such/bundle.pem", &ca_dir).0,
            "go {}",
            tc.version
        );
    }
}
