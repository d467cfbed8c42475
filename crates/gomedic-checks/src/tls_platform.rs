//! network/tls-untrusted on macOS and Windows: Go verifies certificates with
//! the platform verifier there (macOS: the Security framework, since Go 1.18;
//! Windows: CertGetCertificateChain), so the CA must be trusted by the OS, and
//! SSL_CERT_FILE / SSL_CERT_DIR, which crypto/x509 reads only on other Unix
//! systems, change nothing for go.

use crate::context::{Ctx, Platform};
use gomedic_model::{Evidence, Finding, Fix};

const CERT_VARS: [&str; 2] = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

/// Adds the per-OS facts and fixes to a network/tls-untrusted finding.
pub fn platform_notes(ctx: &Ctx, f: &mut Finding) {
    let verifier = match ctx.platform {
        Platform::Linux => return,
        Platform::MacOs => {
            "macOS's own verifier (the Security framework and the keychains' trust settings)"
        }
        Platform::Windows => {
            "Windows' own verifier (CertGetCertificateChain and the certificate stores)"
        }
    };
    let set: Vec<(&str, &str)> = CERT_VARS
        .iter()
        .filter_map(|name| Some((*name, ctx.os_env(name)?)))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    for (name, value) in &set {
        f.evidence.push(Evidence::new(
            *name,
            *value,
            "environment (ignored by go on this OS)",
        ));
    }
    if !set.is_empty() {
        let names: Vec<&str> = set.iter().map(|(n, _)| *n).collect();
        f.fixes.push(Fix::new(format!(
            "{} does not help go here: crypto/x509 reads SSL_CERT_FILE and SSL_CERT_DIR only on Unix systems other than macOS; go verifies with {verifier}. Trust the CA in the OS as above (the variable may stay for curl, git or Python).",
            names.join(" and ")
        )));
    }
    let without_admin = match ctx.platform {
        Platform::MacOs => Fix::new(
            "Without administrator rights, trusting it in your login keychain is enough for go (it asks for your password):",
        )
        .with_command(
            "security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db corp-root-ca.crt",
        ),
        _ => Fix::new(
            "Without administrator rights, your own Trusted Root store is enough for go (Windows asks you to confirm):",
        )
        .with_command(
            "Import-Certificate -FilePath corp-root-ca.crt -CertStoreLocation Cert:\\CurrentUser\\Root",
        ),
    };
    // Right after the machine-wide fix.
    let at = f.fixes.len().min(1);
    f.fixes.insert(at, without_admin);
}
