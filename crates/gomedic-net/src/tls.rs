//! TLS for the probes: a pure-Rust crypto provider (graviola: no C compiler
//! for any target) and the roots Go trusts. On Linux these are read the way
//! Go's `crypto/x509` reads them (see [`go_linux_root_sources`]); elsewhere
//! from the platform store.

use gomedic_model::network::CertFact;
use rustls::RootCertStore;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::sync::{Arc, Mutex};

/// Go's CA bundle files on Linux, in order: the first readable one wins.
pub const GO_LINUX_CERT_FILES: [&str; 6] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// Go's CA directories on Linux: all are read.
pub const GO_LINUX_CERT_DIRS: [&str; 2] = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

/// Where Go looks for roots on Linux, given the environment: SSL_CERT_FILE
/// replaces the file list, SSL_CERT_DIR (split on `:`) the directory list.
pub fn go_linux_root_sources(get: impl Fn(&str) -> Option<String>) -> (Vec<String>, Vec<String>) {
    let files = match get("SSL_CERT_FILE").filter(|v| !v.is_empty()) {
        Some(f) => vec![f],
        None => GO_LINUX_CERT_FILES.iter().map(|s| s.to_string()).collect(),
    };
    let dirs = match get("SSL_CERT_DIR").filter(|v| !v.is_empty()) {
        Some(d) => d.split(':').map(str::to_string).collect(),
        None => GO_LINUX_CERT_DIRS.iter().map(|s| s.to_string()).collect(),
    };
    (files, dirs)
}

/// The TLS client configuration and where its roots came from.
pub struct TlsSetup {
    /// Fails when no root could be loaded (every handshake fails then).
    pub config: Result<Arc<rustls::ClientConfig>, String>,
    /// Where the roots were read from (files, directories, or the platform).
    pub root_sources: Vec<String>,
    pub root_count: usize,
    roots: RootCertStore,
}

impl TlsSetup {
    /// Trusts exactly these certificates (tests use a test CA).
    pub fn with_roots(roots: Vec<CertificateDer<'static>>, sources: Vec<String>) -> TlsSetup {
        let mut store = RootCertStore::empty();
        let (added, _) = store.add_parsable_certificates(roots);
        let config = if store.is_empty() {
            Err("no CA certificates found where Go looks for them".to_string())
        } else {
            build(store.clone())
        };
        TlsSetup {
            config,
            root_sources: sources,
            root_count: added,
            roots: store,
        }
    }

    /// The roots Go would use on this machine.
    pub fn go_default(get: impl Fn(&str) -> Option<String>) -> TlsSetup {
        #[cfg(target_os = "linux")]
        {
            let (files, dirs) = go_linux_root_sources(get);
            let (certs, sources) = load_linux(&files, &dirs);
            TlsSetup::with_roots(certs, sources)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = get;
            let loaded = rustls_native_certs::load_native_certs();
            TlsSetup::with_roots(loaded.certs, vec!["platform certificate store".into()])
        }
    }
}

/// graviola checks the CPU's features (x86-64: AES-NI, PCLMULQDQ, BMI1/2,
/// ADX, AVX2) on first use and panics without them; that must not take
/// gomedic down, so the panic becomes an error of the TLS probes.
fn build(store: RootCertStore) -> Result<Arc<rustls::ClientConfig>, String> {
    let built = std::panic::catch_unwind(|| {
        let provider = Arc::new(rustls_graviola::default_provider());
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map(|b| Arc::new(b.with_root_certificates(store).with_no_client_auth()))
            .map_err(|e| e.to_string())
    });
    built.unwrap_or_else(|_| {
        Err("TLS probes unavailable: the crypto provider does not support this CPU".to_string())
    })
}

/// The chain a server presented, recorded by [`TlsSetup::recording_config`].
pub type SeenChain = Arc<Mutex<Vec<CertificateDer<'static>>>>;

impl TlsSetup {
    /// The configuration for one handshake, with a verifier that records the
    /// presented chain before judging it (to name the issuer when it fails).
    pub fn recording_config(&self) -> Result<(Arc<rustls::ClientConfig>, SeenChain), String> {
        let base = self.config.clone()?;
        let seen: SeenChain = Arc::default();
        let mut config = (*base).clone();
        let inner = WebPkiServerVerifier::builder_with_provider(
            Arc::new(self.roots.clone()),
            base.crypto_provider().clone(),
        )
        .build()
        .map_err(|e| e.to_string())?;
        config
            .dangerous()
            .set_certificate_verifier(Arc::new(Recording {
                inner,
                seen: seen.clone(),
            }));
        Ok((Arc::new(config), seen))
    }
}

#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    seen: SeenChain,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = std::iter::once(end_entity)
                .chain(intermediates)
                .map(|c| c.clone().into_owned())
                .collect();
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Subject and issuer of each certificate (unparsable ones are skipped).
pub fn describe_chain(chain: &[CertificateDer<'_>]) -> Vec<CertFact> {
    chain
        .iter()
        .filter_map(|der| {
            let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
            Some(CertFact {
                subject: cert.subject().to_string(),
                issuer: cert.issuer().to_string(),
            })
        })
        .collect()
}

// Used on Linux only (elsewhere the platform store is read).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn pem_certs(path: &std::path::Path) -> Vec<CertificateDer<'static>> {
    use rustls_pki_types::pem::PemObject;
    CertificateDer::pem_file_iter(path)
        .map(|it| it.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn load_linux(files: &[String], dirs: &[String]) -> (Vec<CertificateDer<'static>>, Vec<String>) {
    let mut certs = Vec::new();
    let mut sources = Vec::new();
    for file in files {
        if std::fs::File::open(file).is_ok() {
            certs.extend(pem_certs(std::path::Path::new(file)));
            sources.push(file.clone());
            break;
        }
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let before = certs.len();
        for entry in entries.flatten() {
            certs.extend(pem_certs(&entry.path()));
        }
        if certs.len() > before {
            sources.push(dir.clone());
        }
    }
    (certs, sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssl_cert_overrides() {
        let (f, d) = go_linux_root_sources(|_| None);
        assert_eq!(f[0], "/etc/ssl/certs/ca-certificates.crt");
        assert_eq!(d, ["/etc/ssl/certs", "/etc/pki/tls/certs"]);
        let (f, d) = go_linux_root_sources(|k| match k {
            "SSL_CERT_FILE" => Some("/x.pem".into()),
            "SSL_CERT_DIR" => Some("/a:/b".into()),
            _ => None,
        });
        assert_eq!(
            (f, d),
            (vec!["/x.pem".to_string()], vec!["/a".into(), "/b".into()])
        );
    }
}
