//! The process environment, limited to the variables Go and gomedic read.

use gomedic_model::redact::redact_var;
use std::collections::BTreeMap;
use std::ffi::OsString;

const EXACT_NAMES: &[&str] = &[
    "CC",
    "CXX",
    "FC",
    "AR",
    "GCCGO",
    "PKG_CONFIG",
    "PATH",
    "PATHEXT",
    "HOME",
    "USERPROFILE",
    "APPDATA",
    "LOCALAPPDATA",
    "PROGRAMFILES",
    "PROGRAMDATA",
    "SYSTEMROOT",
    "TMPDIR",
    "TMP",
    "TEMP",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "SHELL",
    "NETRC",
    "TERM",
    "NO_COLOR",
    "CI",
];

const PREFIXES: &[&str] = &["GO", "CGO_", "XDG_", "GIT_", "WSL", "GOMEDIC_"];

/// Whether gomedic keeps the variable `name`.
pub fn is_relevant(name: &str) -> bool {
    EXACT_NAMES.contains(&name) || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The relevant variables, redacted, and the names whose value was not valid
/// Unicode (stored lossily decoded, with U+FFFD in place of bad bytes).
pub fn relevant_env(
    vars: impl IntoIterator<Item = (OsString, OsString)>,
) -> (BTreeMap<String, String>, Vec<String>) {
    let mut env = BTreeMap::new();
    let mut non_utf8 = Vec::new();
    for (name, value) in vars {
        let Some(name) = name.to_str() else { continue };
        // Windows names are case-insensitive; store them in one spelling
        // (proxy variables keep their case elsewhere, where it matters).
        let name = if cfg!(windows) {
            name.to_ascii_uppercase()
        } else {
            name.to_string()
        };
        if !is_relevant(&name) {
            continue;
        }
        let text = match value.to_str() {
            Some(v) => v.to_string(),
            None => {
                non_utf8.push(name.clone());
                value.to_string_lossy().into_owned()
            }
        };
        env.insert(name.clone(), redact_var(&name, &text));
    }
    non_utf8.sort();
    (env, non_utf8)
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn keeps_relevant_redacts_and_marks_non_utf8() {
        use super::*;
        use std::os::unix::ffi::OsStringExt;
        let vars = vec![
            (
                OsString::from("GOPROXY"),
                OsString::from("https://u:p@proxy.corp"),
            ),
            (OsString::from("EDITOR"), OsString::from("vi")),
            (OsString::from("GITHUB_TOKEN"), OsString::from("x")),
            (
                OsString::from("GIT_ASKPASS_TOKEN"),
                OsString::from("secret"),
            ),
            (
                OsString::from("GOPATH"),
                OsString::from_vec(b"/home/\xffx".to_vec()),
            ),
            (
                OsString::from("https_proxy"),
                OsString::from("http://proxy:3128"),
            ),
        ];
        let (env, bad) = relevant_env(vars);
        assert_eq!(env["GOPROXY"], "https://***@proxy.corp");
        assert!(!env.contains_key("EDITOR"));
        assert!(!env.contains_key("GITHUB_TOKEN"));
        assert_eq!(env["GIT_ASKPASS_TOKEN"], "***");
        assert_eq!(env["GOPATH"], "/home/\u{fffd}x");
        assert_eq!(env["https_proxy"], "http://proxy:3128");
        assert_eq!(bad, vec!["GOPATH".to_string()]);
    }
}
