//! GOSUMDB grammar (`cmd/go/internal/modfetch/sumdb.go: dbDial`,
//! `golang.org/x/mod/sumdb/note: NewVerifier`) and whether the checksum
//! database is consulted for a module (`sumdb.go: useSumDB`).
//!
//! Accepted values: `off`; `sum.golang.google.cn` (an alias for
//! `sum.golang.org https://sum.golang.google.cn`); otherwise one or two
//! whitespace-separated fields: a known database name (`sum.golang.org`) or a
//! full verifier key `name+hash+base64key`, optionally followed by a URL.
//! `name+https://url` is NOT a valid form. GOSUMDB is validated only when a
//! lookup is needed, never by `go env`.

use crate::goproxy::{ModuleEnv, parse_go_url};
use crate::goversion::GoVersion;
use crate::pattern::matching_pattern;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The verifier key the go command knows for `sum.golang.org` (`modfetch/key.go`).
pub const SUM_GOLANG_ORG_KEY: &str =
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

/// The known database names and their keys.
pub fn known_key(name: &str) -> Option<&'static str> {
    (name == "sum.golang.org").then_some(SUM_GOLANG_ORG_KEY)
}

/// A parsed Ed25519 note verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    pub name: String,
    pub hash: u32,
    pub public_key: [u8; 32],
}

/// `note.NewVerifier` errors (Go's texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifierKeyError {
    #[error("malformed verifier id")]
    MalformedId,
    #[error("invalid verifier hash")]
    BadHash,
    #[error("unknown verifier algorithm")]
    UnknownAlgorithm,
}

/// Go's `base64.StdEncoding`: padding required, non-zero trailing bits allowed,
/// and CR/LF inside the text ignored.
fn go_std_base64(text: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical),
    );
    let cleaned: String = text.chars().filter(|&c| c != '\r' && c != '\n').collect();
    engine.decode(cleaned).ok()
}

/// The 4-byte key hash: first bytes of SHA-256(name "\n" key).
pub fn key_hash(name: &str, key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update(key);
    let sum = h.finalize();
    u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]])
}

fn is_valid_note_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(char::is_whitespace) && !name.contains('+')
}

/// `note.NewVerifier`: parses `name+hhhhhhhh+base64(0x01 ‖ ed25519 key)`.
pub fn parse_verifier_key(vkey: &str) -> Result<VerifierKey, VerifierKeyError> {
    let (name, rest) = vkey.split_once('+').unwrap_or((vkey, ""));
    let (hash_hex, key64) = rest.split_once('+').unwrap_or((rest, ""));
    let hash = (hash_hex.len() == 8 && hash_hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(hash_hex, 16).ok())
        .flatten();
    let key = go_std_base64(key64);
    let (Some(hash), Some(key)) = (hash, key) else {
        return Err(VerifierKeyError::MalformedId);
    };
    if !is_valid_note_name(name) || key.is_empty() {
        return Err(VerifierKeyError::MalformedId);
    }
    if hash != key_hash(name, &key) {
        return Err(VerifierKeyError::BadHash);
    }
    if key[0] != 1 {
        return Err(VerifierKeyError::UnknownAlgorithm);
    }
    let public_key: [u8; 32] = key[1..]
        .try_into()
        .map_err(|_| VerifierKeyError::MalformedId)?;
    Ok(VerifierKey {
        name: name.to_string(),
        hash,
        public_key,
    })
}

/// A usable GOSUMDB setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumdbConfig {
    /// `GOSUMDB=off`: lookups fail with `checksum database disabled by GOSUMDB=off`.
    Off,
    Database {
        /// The database name (from the key), e.g. `sum.golang.org`.
        name: String,
        /// The full verifier key in use (a known name is expanded).
        key: String,
        /// The explicit URL (second field), which bypasses GOPROXY; `None`
        /// means: ask each GOPROXY entry for `/sumdb/<name>/supported`, then
        /// `https://<name>`.
        url: Option<String>,
        /// The first field was a known name rather than a key.
        known_name: bool,
    },
}

/// Why Go rejects GOSUMDB (the text is Go's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SumdbError {
    #[error("missing GOSUMDB")]
    Missing,
    #[error("invalid GOSUMDB: too many fields")]
    TooManyFields,
    #[error("invalid GOSUMDB: {0}")]
    Key(VerifierKeyError),
    /// `invalid sumdb name (must be host[/path]): <name> <Go's %+v of the URL>`
    #[error("invalid sumdb name (must be host[/path]): {name} {url_dump}")]
    BadName { name: String, url_dump: String },
    /// The name does not even parse as a URL: the go command dereferences a
    /// nil URL while formatting its error and crashes.
    #[error("go command crashes (nil pointer dereference) on sumdb name {name}")]
    CrashOnName { name: String },
    #[error("invalid GOSUMDB URL: {0}")]
    Url(String),
}

/// Parses GOSUMDB as the go command of `release` does when it first needs
/// the checksum database.
pub fn parse_gosumdb(value: &str, release: &str) -> Result<SumdbConfig, SumdbError> {
    let value = if value == "sum.golang.google.cn" {
        "sum.golang.org https://sum.golang.google.cn"
    } else {
        value
    };
    if value == "off" {
        return Ok(SumdbConfig::Off);
    }
    let fields: Vec<&str> = value.split_whitespace().collect();
    let (first, url) = match fields.as_slice() {
        [] => return Err(SumdbError::Missing),
        [first] => (*first, None),
        [first, url] => (*first, Some(*url)),
        _ => return Err(SumdbError::TooManyFields),
    };
    let known = known_key(first);
    let key = known.unwrap_or(first);
    let verifier = parse_verifier_key(key).map_err(SumdbError::Key)?;
    check_db_name(&verifier.name, release)?;
    if let Some(url) = url {
        parse_go_url(url, release).map_err(SumdbError::Url)?;
    }
    Ok(SumdbConfig::Database {
        name: verifier.name,
        key: key.to_string(),
        url: url.map(str::to_string),
        known_name: known.is_some(),
    })
}

/// "No funny business in the database name": `https://<name>` must be a
/// plain host[/path] URL.
fn check_db_name(name: &str, release: &str) -> Result<(), SumdbError> {
    let direct = match parse_go_url(&format!("https://{name}"), release) {
        Ok(u) => u,
        Err(_) => {
            return Err(SumdbError::CrashOnName {
                name: name.to_string(),
            });
        }
    };
    let path = String::from_utf8_lossy(&percent_unescape(&direct.raw_path_text)).into_owned();
    let raw_path = if path_escape(&path) == direct.raw_path_text {
        String::new()
    } else {
        direct.raw_path_text.clone()
    };
    let plain = direct.opaque.is_empty()
        && direct.user.is_none()
        && !direct.omit_host
        && !direct.force_query
        && direct.raw_query.is_empty()
        && direct.fragment.is_empty();
    if name.ends_with('/') || !plain || !raw_path.is_empty() || direct.host.is_empty() {
        // *Userinfo formats through its String method: "" when nil, else the userinfo text.
        let user = direct.user.clone().unwrap_or_default();
        let new_order =
            GoVersion::parse(release.trim_start_matches("go")).is_none_or(|v| v.at_least(1, 26));
        let url_dump = if new_order {
            format!(
                "{{Scheme:https Opaque:{} User:{user} Host:{} Path:{path} Fragment:{} RawQuery:{} RawPath:{raw_path} RawFragment: ForceQuery:{} OmitHost:{}}}",
                direct.opaque,
                direct.host,
                direct.fragment,
                direct.raw_query,
                direct.force_query,
                direct.omit_host
            )
        } else {
            format!(
                "{{Scheme:https Opaque:{} User:{user} Host:{} Path:{path} RawPath:{raw_path} OmitHost:{} ForceQuery:{} RawQuery:{} Fragment:{} RawFragment:}}",
                direct.opaque,
                direct.host,
                direct.omit_host,
                direct.force_query,
                direct.raw_query,
                direct.fragment
            )
        };
        return Err(SumdbError::BadName {
            name: name.to_string(),
            url_dump,
        });
    }
    Ok(())
}

fn percent_unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// `url.escape(path, encodePath)`.
fn path_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether, and why (not), the checksum database is consulted for a module
/// missing from go.sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumdbUse {
    /// Consulted.
    Consulted,
    /// Always consulted (`golang.org/toolchain`), even with GOSUMDB=off or a
    /// GONOSUMDB match; with GOSUMDB=off the lookup then fails.
    ConsultedForToolchain,
    /// Not consulted: GOSUMDB=off.
    Off,
    /// Not consulted: this GONOSUMDB (or GOPRIVATE) glob matched.
    NoSumdbMatch(String),
    /// Toolchain module with a single-entry `file://` GOPROXY: not required.
    ToolchainFileProxy,
}

impl SumdbUse {
    /// True when the database is consulted.
    pub fn is_consulted(&self) -> bool {
        matches!(self, SumdbUse::Consulted | SumdbUse::ConsultedForToolchain)
    }
}

/// `useSumDB`: `env` must carry effective GONOSUMDB (see [`ModuleEnv::from_raw`]).
/// GOINSECURE and GOPROXY=off never change the answer; `GONOSUMCHECK` is not a
/// Go variable. (The `GIT_HTTP_USER_AGENT` exception for proxy.golang.org's own
/// builders is not modelled.)
pub fn sumdb_use(module_path: &str, env: &ModuleEnv) -> SumdbUse {
    if module_path == "golang.org/toolchain" {
        let single_file_proxy =
            env.goproxy.starts_with("file://") && !env.goproxy.contains([',', '|']);
        if !single_file_proxy {
            return SumdbUse::ConsultedForToolchain;
        }
        if env.gosumdb == "off" || matching_pattern(&env.gonosumdb, module_path).is_some() {
            return SumdbUse::ToolchainFileProxy;
        }
    }
    if env.gosumdb == "off" {
        return SumdbUse::Off;
    }
    match matching_pattern(&env.gonosumdb, module_path) {
        Some(glob) => SumdbUse::NoSumdbMatch(glob.to_string()),
        None => SumdbUse::Consulted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        let r = "1.27.3";
        assert!(matches!(
            parse_gosumdb("sum.golang.org", r),
            Ok(SumdbConfig::Database {
                known_name: true,
                ..
            })
        ));
        assert_eq!(
            parse_gosumdb("sum.golang.org+https://sum.internal.corp", r)
                .unwrap_err()
                .to_string(),
            "invalid GOSUMDB: malformed verifier id"
        );
        assert_eq!(parse_gosumdb("a b c", r), Err(SumdbError::TooManyFields));
        assert_eq!(parse_gosumdb("  ", r), Err(SumdbError::Missing));
        assert_eq!(parse_gosumdb("off", r), Ok(SumdbConfig::Off));
        match parse_gosumdb("sum.golang.google.cn", r).unwrap() {
            SumdbConfig::Database { url, name, .. } => {
                assert_eq!(url.as_deref(), Some("https://sum.golang.google.cn"));
                assert_eq!(name, "sum.golang.org");
            }
            other => panic!("{other:?}"),
        }
    }
}
