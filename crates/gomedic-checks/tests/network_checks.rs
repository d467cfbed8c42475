//! The network checks on snapshots built in code: GOPROXY walks with Go's
//! fallback rules, insecure settings, the checksum database.

mod support;

use gomedic_model::Severity;
use gomedic_model::network::{
    MirrorProbe, NetError, NetworkFacts, ProbeOutcome, ProxyProbe, SumdbOutcome, SumdbProbe,
};
use support::*;

fn probe(entry: &str, fall_back_on_error: bool, outcome: ProbeOutcome) -> ProxyProbe {
    ProxyProbe {
        entry: entry.into(),
        fall_back_on_error,
        outcome,
        ..ProxyProbe::default()
    }
}

fn timeout() -> ProbeOutcome {
    ProbeOutcome::Failed {
        error: NetError {
            phase: "tcp".into(),
            timed_out: true,
            message: "dial tcp 142.250.0.1:443: i/o timeout".into(),
            ..NetError::default()
        },
    }
}

fn run(id: &str, goproxy: &str, facts: NetworkFacts) -> Vec<gomedic_model::Finding> {
    let mut snap = linux();
    export(&mut snap, "GOPROXY", goproxy);
    snap.network = Some(facts);
    gomedic_checks::run_one(id, &snap).unwrap()
}

#[test]
fn default_goproxy_blocked_falls_back_to_direct_and_names_mirrors() {
    let facts = NetworkFacts {
        proxies: vec![probe("https://proxy.golang.org", false, timeout())],
        mirrors: vec![
            MirrorProbe {
                url: "https://goproxy.io".into(),
                ok: true,
                total_ms: 120,
                ..MirrorProbe::default()
            },
            MirrorProbe {
                url: "https://goproxy.cn".into(),
                ok: true,
                total_ms: 40,
                ..MirrorProbe::default()
            },
            MirrorProbe {
                url: "https://proxy.golang.com.cn".into(),
                ok: false,
                total_ms: 2000,
                error: Some("tcp: i/o timeout".into()),
                ..MirrorProbe::default()
            },
        ],
        ..NetworkFacts::default()
    };
    // `,direct`: a timeout is not 404/410, so go stops at proxy.golang.org.
    let f = &run(
        "modules/proxy-unreachable",
        "https://proxy.golang.org,direct",
        facts.clone(),
    )[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.evidence
            .iter()
            .any(|e| e.value.contains("TCP connection failed (timed out)"))
    );
    let advice = &f.fixes[0];
    assert!(advice.description.starts_with("Advice"));
    // GOPROXY is exported in the OS environment: unset it there too.
    assert_eq!(
        advice.commands,
        [
            "unset GOPROXY",
            "go env -w GOPROXY=https://goproxy.cn,direct"
        ]
    );
    assert!(!advice.description.contains("proxy.golang.com.cn"));
    // `|direct`: go falls back to direct.
    let f = &run(
        "modules/proxy-unreachable",
        "https://proxy.golang.org|direct",
        facts,
    )[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.title.contains("falls back to `direct`"), "{}", f.title);
}

#[test]
fn not_found_is_not_unreachable_and_offline_says_nothing() {
    let facts = NetworkFacts {
        proxies: vec![
            probe(
                "https://a.example",
                false,
                ProbeOutcome::NotFound { status: 404 },
            ),
            probe("https://b.example", false, ProbeOutcome::Ok),
        ],
        ..NetworkFacts::default()
    };
    assert!(
        run(
            "modules/proxy-unreachable",
            "https://a.example,https://b.example",
            facts
        )
        .is_empty()
    );
    // No network facts (--offline): no verdict.
    let mut snap = linux();
    export(&mut snap, "GOPROXY", "https://a.example");
    assert!(
        gomedic_checks::run_one("modules/proxy-unreachable", &snap)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn insecure_settings() {
    let mut snap = linux();
    assert!(
        gomedic_checks::run_one("modules/proxy-insecure", &snap)
            .unwrap()
            .is_empty()
    );
    export(&mut snap, "GOPROXY", "http://athens.corp:3000,direct");
    let f = gomedic_checks::run_one("modules/proxy-insecure", &snap).unwrap();
    assert_eq!(f.len(), 1);
    assert!(f[0].title.contains("http://athens.corp:3000"));
    // Exported in the OS environment: unset it there, then `go env -w`.
    assert_eq!(
        f[0].fixes[0].commands,
        [
            "unset GOPROXY",
            "go env -w GOPROXY=https://athens.corp:3000,direct"
        ]
    );
    // Loopback http is fine.
    export(&mut snap, "GOPROXY", "http://127.0.0.1:3000,direct");
    assert!(
        gomedic_checks::run_one("modules/proxy-insecure", &snap)
            .unwrap()
            .is_empty()
    );
    // Broad patterns, not narrow ones (Go's prefix matching, element-wise).
    export(
        &mut snap,
        "GOINSECURE",
        "git.corp.example.com,github.com/myorg",
    );
    export(&mut snap, "GONOSUMDB", "gitlab.corp");
    assert!(
        gomedic_checks::run_one("modules/proxy-insecure", &snap)
            .unwrap()
            .is_empty()
    );
    export(&mut snap, "GOINSECURE", "*");
    export(&mut snap, "GONOSUMDB", "github.com");
    let ids: Vec<String> = gomedic_checks::run_one("modules/proxy-insecure", &snap)
        .unwrap()
        .into_iter()
        .map(|f| f.title)
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids[0].starts_with("GOINSECURE pattern `*`"));
    assert!(ids[1].starts_with("GONOSUMDB pattern `github.com`"));
}

#[test]
fn sumdb_outcomes() {
    let sumdb = |outcome| NetworkFacts {
        sumdb: Some(SumdbProbe {
            name: "sum.golang.org".into(),
            base_url: Some("https://sum.golang.org".into()),
            outcome,
            ..SumdbProbe::default()
        }),
        mirrors: vec![MirrorProbe {
            url: "https://sum.golang.google.cn".into(),
            sumdb: true,
            ok: true,
            total_ms: 80,
            error: None,
        }],
        ..NetworkFacts::default()
    };
    let unreachable = SumdbOutcome::Unreachable {
        error: NetError {
            phase: "dns".into(),
            timed_out: false,
            message: "lookup sum.golang.org: no such host".into(),
            ..NetError::default()
        },
    };
    let f = run(
        "modules/sumdb-unreachable",
        "https://proxy.golang.org,direct",
        sumdb(unreachable),
    );
    assert_eq!(f.len(), 1);
    assert!(f[0].title.contains("name lookup (DNS) failed"));
    assert_eq!(
        f[0].fixes[0].commands,
        ["go env -w GOSUMDB=sum.golang.google.cn"]
    );
    let bad = SumdbOutcome::VerifyFailed {
        message: "signed tree head: note has no verifiable signatures".into(),
    };
    let f = run(
        "modules/sumdb-verify-failed",
        "https://proxy.golang.org,direct",
        sumdb(bad),
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    let fine = SumdbOutcome::Verified { tree_size: 42 };
    assert!(
        run(
            "modules/sumdb-unreachable",
            "https://proxy.golang.org,direct",
            sumdb(fine.clone())
        )
        .is_empty()
    );
    assert!(
        run(
            "modules/sumdb-verify-failed",
            "https://proxy.golang.org,direct",
            sumdb(fine)
        )
        .is_empty()
    );
}

#[test]
fn tls_untrusted_names_the_issuer_and_ca_bundle_is_linux_only() {
    use gomedic_model::network::{CertFact, RequestFact};
    let intercepted = ProbeOutcome::Failed {
        error: NetError {
            phase: "tls".into(),
            timed_out: false,
            message: "tls: invalid peer certificate: UnknownIssuer".into(),
            presented: vec![CertFact {
                subject: "CN=proxy.golang.org".into(),
                issuer: "O=Zscaler Inc., CN=Zscaler Root CA".into(),
            }],
        },
    };
    let mut p = probe("https://proxy.golang.org", false, intercepted.clone());
    let ProbeOutcome::Failed { error } = &intercepted else {
        unreachable!()
    };
    p.requests = vec![RequestFact {
        url: "https://proxy.golang.org/golang.org/x/text/@v/list".into(),
        error: Some(error.clone()),
        ..RequestFact::default()
    }];
    let facts = NetworkFacts {
        proxies: vec![p],
        ca_sources: vec!["/etc/ssl/certs/ca-certificates.crt".into()],
        ca_count: 140,
        ..NetworkFacts::default()
    };
    let f = run(
        "network/tls-untrusted",
        "https://proxy.golang.org,direct",
        facts.clone(),
    );
    assert_eq!(f.len(), 1);
    assert!(f[0].title.contains("`O=Zscaler Inc., CN=Zscaler Root CA`"));
    assert!(
        f[0].title.ends_with("(looks like TLS interception)"),
        "{}",
        f[0].title
    );
    assert!(f[0].fixes[0].commands[0].contains("update-ca-certificates"));
    let mut mac = macos();
    mac.network = Some(facts);
    let f = gomedic_checks::run_one("network/tls-untrusted", &mac).unwrap();
    assert!(f[0].fixes[0].commands[0].starts_with("sudo security add-trusted-cert"));
    // ca-bundle-missing: Linux with zero certificates only.
    let empty = NetworkFacts::default();
    assert_eq!(
        run(
            "network/ca-bundle-missing",
            "https://proxy.golang.org,direct",
            empty.clone()
        )
        .len(),
        1
    );
    mac.network = Some(empty);
    assert!(
        gomedic_checks::run_one("network/ca-bundle-missing", &mac)
            .unwrap()
            .is_empty()
    );
    let some = NetworkFacts {
        ca_count: 3,
        ..NetworkFacts::default()
    };
    assert!(
        run(
            "network/ca-bundle-missing",
            "https://proxy.golang.org,direct",
            some
        )
        .is_empty()
    );
}

#[test]
fn http_proxy_env_case_conflicts_all_proxy_and_broken_proxy() {
    let mut snap = linux();
    assert!(
        gomedic_checks::run_one("network/http-proxy-env", &snap)
            .unwrap()
            .is_empty()
    );
    snap.env
        .insert("HTTPS_PROXY".into(), "http://a:3128".into());
    snap.env
        .insert("https_proxy".into(), "http://b:3128".into());
    let f = gomedic_checks::run_one("network/http-proxy-env", &snap).unwrap();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].title
            .starts_with("HTTPS_PROXY and https_proxy differ: Go uses HTTPS_PROXY")
    );
    let mut snap = linux();
    snap.env
        .insert("ALL_PROXY".into(), "socks5://p:1080".into());
    let f = gomedic_checks::run_one("network/http-proxy-env", &snap).unwrap();
    assert!(
        f[0].title
            .starts_with("ALL_PROXY is set but HTTPS_PROXY is not")
    );
    snap.env
        .insert("https_proxy".into(), "http://p:3128".into());
    assert!(
        gomedic_checks::run_one("network/http-proxy-env", &snap)
            .unwrap()
            .is_empty()
    );
    // An https:// proxy URL for a plain proxy: the probe failed at the proxy.
    let mut p = probe(
        "https://proxy.golang.org",
        false,
        ProbeOutcome::Failed {
            error: NetError {
                phase: "proxy".into(),
                timed_out: false,
                message: "tls: received corrupt message of type InvalidContentType".into(),
                ..NetError::default()
            },
        },
    );
    p.via_http_proxy = Some("https://proxy.corp:3128".into());
    let facts = NetworkFacts {
        proxies: vec![p],
        ..NetworkFacts::default()
    };
    let f = run(
        "network/http-proxy-env",
        "https://proxy.golang.org,direct",
        facts,
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].fixes[0]
            .description
            .contains("`http://proxy.corp:3128`")
    );
}
