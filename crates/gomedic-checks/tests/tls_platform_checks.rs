//! network/tls-untrusted: the fix names the trust store go really uses on each
//! OS. crypto/x509 reads SSL_CERT_FILE / SSL_CERT_DIR only on Unix systems
//! other than macOS (x509.SystemCertPool's documentation); on macOS (Go ≥ 1.18)
//! and Windows the platform verifier decides.

mod support;

use gomedic_model::network::{
    CertFact, NetError, NetworkFacts, ProbeOutcome, ProxyProbe, RequestFact,
};
use gomedic_model::{Finding, Snapshot};
use support::*;

fn intercepted() -> NetworkFacts {
    let error = NetError {
        phase: "tls".into(),
        timed_out: false,
        message: "tls: invalid peer certificate: UnknownIssuer".into(),
        presented: vec![CertFact {
            subject: "CN=proxy.golang.org".into(),
            issuer: "O=Zscaler Inc., CN=Zscaler Root CA".into(),
        }],
    };
    NetworkFacts {
        proxies: vec![ProxyProbe {
            entry: "https://proxy.golang.org".into(),
            outcome: ProbeOutcome::Failed {
                error: error.clone(),
            },
            requests: vec![RequestFact {
                url: "https://proxy.golang.org/golang.org/x/text/@v/list".into(),
                error: Some(error),
                ..RequestFact::default()
            }],
            ..ProxyProbe::default()
        }],
        ca_count: 150,
        ..NetworkFacts::default()
    }
}

fn finding(mut snap: Snapshot, env: &[(&str, &str)]) -> Finding {
    for (k, v) in env {
        snap.env.insert((*k).into(), (*v).into());
    }
    snap.network = Some(intercepted());
    let mut all = gomedic_checks::run_one("network/tls-untrusted", &snap).unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn commands(f: &Finding) -> Vec<String> {
    f.fixes.iter().flat_map(|x| x.commands.clone()).collect()
}

fn text(f: &Finding) -> String {
    f.fixes
        .iter()
        .map(|x| x.description.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn linux_uses_the_bundle_and_ssl_cert_file() {
    let f = finding(linux(), &[("SSL_CERT_FILE", "/opt/corp/bundle.pem")]);
    assert!(text(&f).contains("SSL_CERT_FILE"), "{}", text(&f));
    assert!(commands(&f)[0].contains("update-ca-certificates"));
    assert!(!f.evidence.iter().any(|e| e.source.contains("ignored")));
}

#[test]
fn macos_keychains_and_ssl_cert_file_ignored() {
    let f = finding(
        macos(),
        &[
            ("SSL_CERT_FILE", "/opt/corp/bundle.pem"),
            ("SSL_CERT_DIR", ""),
        ],
    );
    let cmds = commands(&f);
    assert!(
        cmds[0].starts_with(
            "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain"
        ),
        "{cmds:?}"
    );
    assert!(
        cmds[1].starts_with(
            "security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db"
        ),
        "{cmds:?}"
    );
    let ev = f
        .evidence
        .iter()
        .find(|e| e.label == "SSL_CERT_FILE")
        .unwrap();
    assert_eq!(ev.value, "/opt/corp/bundle.pem");
    assert!(ev.source.contains("ignored"), "{}", ev.source);
    assert!(
        !f.evidence.iter().any(|e| e.label == "SSL_CERT_DIR"),
        "empty is unset"
    );
    let t = text(&f);
    assert!(t.contains("SSL_CERT_FILE does not help go here"), "{t}");
    assert!(t.contains("Security framework"), "{t}");
    // No fix tells a Mac user to set SSL_CERT_FILE.
    assert!(!cmds.iter().any(|c| c.contains("SSL_CERT")), "{cmds:?}");
}

#[test]
fn windows_certificate_stores() {
    let f = finding(windows(), &[("SSL_CERT_DIR", r"C:\certs")]);
    let cmds = commands(&f);
    assert!(cmds[0].contains(r"Cert:\LocalMachine\Root"), "{cmds:?}");
    assert!(cmds[1].contains(r"Cert:\CurrentUser\Root"), "{cmds:?}");
    assert!(
        text(&f).contains("SSL_CERT_DIR does not help go here"),
        "{}",
        text(&f)
    );
    assert!(text(&f).contains("CertGetCertificateChain"), "{}", text(&f));
    // Without the variables: the store fixes only.
    let f = finding(windows(), &[]);
    assert!(!text(&f).contains("does not help go"), "{}", text(&f));
}
