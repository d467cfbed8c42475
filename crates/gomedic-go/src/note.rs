//! Signed notes, as `golang.org/x/mod/sumdb/note` defines them: verifier and
//! signer keys, [`open`] (verify) and [`sign`].
//!
//! A signed note is its text (ending in `\n`), a blank line, then signature
//! lines `— <name> <base64(key hash ‖ signature)>\n`. The checksum database
//! signs its tree heads this way.

use crate::gosumdb::{VerifierKeyError, key_hash, parse_verifier_key};
use base64::Engine as _;
use ed25519_dalek::{
    Signature as Ed25519Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey,
};
use std::collections::HashSet;

/// The only signature algorithm notes use (Ed25519).
const ALG_ED25519: u8 = 1;
/// Prefix of every signature line: U+2014 EM DASH and a space.
const SIG_PREFIX: &str = "\u{2014} ";
/// `Open` rejects notes with more signature lines than this.
const MAX_SIGNATURES: usize = 100;

/// Errors of [`open`], [`sign`] and key parsing, with Go's texts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed note")]
    Malformed,
    #[error("invalid signature for key {name}+{hash:08x}")]
    InvalidSignature { name: String, hash: u32 },
    /// No known key signed the note; the parsed note is kept.
    #[error("note has no verifiable signatures")]
    Unverified(Box<Note>),
    #[error("ambiguous key {name}+{hash:08x}")]
    AmbiguousKey { name: String, hash: u32 },
    #[error("invalid signer")]
    InvalidSigner,
    #[error("malformed signer id")]
    MalformedSignerId,
    #[error("invalid signer hash")]
    BadSignerHash,
    #[error("unknown signer algorithm")]
    UnknownSignerAlgorithm,
    #[error(transparent)]
    Verifier(#[from] VerifierKeyError),
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub hash: u32,
    /// base64 of the 4-byte key hash followed by the signature bytes.
    pub base64: String,
}

/// A note: its text and its signatures, split into verified and unverified.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub sigs: Vec<NoteSignature>,
    pub unverified_sigs: Vec<NoteSignature>,
}

/// A verifier key (`note.NewVerifier`): name, key hash and Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub name: String,
    pub hash: u32,
    pub public_key: [u8; 32],
}

impl Verifier {
    /// Parses `name+hhhhhhhh+base64(0x01 ‖ key)` (upper-case hex accepted).
    pub fn parse(vkey: &str) -> Result<Verifier, VerifierKeyError> {
        let key = parse_verifier_key(vkey)?;
        Ok(Verifier {
            name: key.name,
            hash: key.hash,
            public_key: key.public_key,
        })
    }

    /// Ed25519 verification of `sig` over `msg`, as Go's `ed25519.Verify`
    /// (a public key that is not a curve point verifies nothing).
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.public_key) else {
            return false;
        };
        let Ok(sig) = Ed25519Signature::from_slice(sig) else {
            return false;
        };
        // dalek's plain `verify` is cofactorless and compares the encoding of
        // the recomputed R, as Go does.
        key.verify(msg, &sig).is_ok()
    }

    /// The verifier key text `name+hash+base64`.
    pub fn encode(&self) -> String {
        let mut key = vec![ALG_ED25519];
        key.extend_from_slice(&self.public_key);
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.hash,
            std_base64().encode(key)
        )
    }
}

/// A signer key (`note.NewSigner`): `PRIVATE+KEY+name+hash+base64(0x01 ‖ seed)`.
pub struct NoteSigner {
    name: String,
    hash: u32,
    key: SigningKey,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoteSigner")
            .field("name", &self.name)
            .field("hash", &format_args!("{:08x}", self.hash))
            .finish_non_exhaustive()
    }
}

impl NoteSigner {
    /// Parses a signer key, checking its hash against the derived public key.
    pub fn parse(skey: &str) -> Result<NoteSigner, NoteError> {
        let (priv1, rest) = cut(skey, '+');
        let (priv2, rest) = cut(rest, '+');
        let (name, rest) = cut(rest, '+');
        let (hash16, key64) = cut(rest, '+');
        let hash = parse_hex32(hash16);
        let key = go_std_base64_decode(key64);
        let (Some(hash), Some(key)) = (hash, key) else {
            return Err(NoteError::MalformedSignerId);
        };
        if priv1 != "PRIVATE" || priv2 != "KEY" || !is_valid_name(name) || key.is_empty() {
            return Err(NoteError::MalformedSignerId);
        }
        if key[0] != ALG_ED25519 {
            return Err(NoteError::UnknownSignerAlgorithm);
        }
        let seed: [u8; 32] = key[1..]
            .try_into()
            .map_err(|_| NoteError::MalformedSignerId)?;
        let signing = SigningKey::from_bytes(&seed);
        let mut public = vec![ALG_ED25519];
        public.extend_from_slice(signing.verifying_key().as_bytes());
        if hash != key_hash(name, &public) {
            return Err(NoteError::BadSignerHash);
        }
        Ok(NoteSigner {
            name: name.to_string(),
            hash,
            key: signing,
        })
    }

    /// Builds a signer from a 32-byte Ed25519 seed (for tests and test servers).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<NoteSigner, NoteError> {
        if !is_valid_name(name) {
            return Err(NoteError::InvalidSigner);
        }
        let key = SigningKey::from_bytes(&seed);
        let mut public = vec![ALG_ED25519];
        public.extend_from_slice(key.verifying_key().as_bytes());
        Ok(NoteSigner {
            name: name.to_string(),
            hash: key_hash(name, &public),
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_hash(&self) -> u32 {
        self.hash
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            hash: self.hash,
            public_key: self.key.verifying_key().to_bytes(),
        }
    }

    /// The signer key text `PRIVATE+KEY+name+hash+base64(0x01 ‖ seed)`.
    pub fn encode(&self) -> String {
        let mut key = vec![ALG_ED25519];
        key.extend_from_slice(&self.key.to_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.hash,
            std_base64().encode(key)
        )
    }

    fn sign_bytes(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

/// `note.Open`: checks the signatures of `msg` against `known` verifiers.
pub fn open(msg: &[u8], known: &[Verifier]) -> Result<Note, NoteError> {
    let msg = std::str::from_utf8(msg).map_err(|_| NoteError::Malformed)?;
    if msg.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed);
    }
    let split = msg.rfind("\n\n").ok_or(NoteError::Malformed)?;
    let (text, mut sigs) = (&msg[..split + 1], &msg[split + 2..]);
    if !sigs.ends_with('\n') {
        return Err(NoteError::Malformed);
    }
    let mut note = Note {
        text: text.to_string(),
        ..Note::default()
    };
    let mut seen_verified: HashSet<(String, u32)> = HashSet::new();
    let mut seen_unverified: HashSet<&str> = HashSet::new();
    let mut count = 0usize;
    while let Some(end) = sigs.find('\n') {
        let line = &sigs[..end];
        sigs = &sigs[end + 1..];
        let line = line.strip_prefix(SIG_PREFIX).ok_or(NoteError::Malformed)?;
        let (name, b64) = cut(line, ' ');
        let decoded = go_std_base64_decode(b64).ok_or(NoteError::Malformed)?;
        if !is_valid_name(name) || b64.is_empty() || decoded.len() < 5 {
            return Err(NoteError::Malformed);
        }
        let hash = u32::from_be_bytes([decoded[0], decoded[1], decoded[2], decoded[3]]);
        let sig = &decoded[4..];
        count += 1;
        if count > MAX_SIGNATURES {
            return Err(NoteError::Malformed);
        }
        let signature = NoteSignature {
            name: name.to_string(),
            hash,
            base64: b64.to_string(),
        };
        let Some(verifier) = find_verifier(known, name, hash)? else {
            if seen_unverified.insert(line) {
                note.unverified_sigs.push(signature);
            }
            continue;
        };
        if !seen_verified.insert((name.to_string(), hash)) {
            continue;
        }
        if !verifier.verify(text.as_bytes(), sig) {
            return Err(NoteError::InvalidSignature {
                name: name.to_string(),
                hash,
            });
        }
        note.sigs.push(signature);
    }
    if note.sigs.is_empty() {
        return Err(NoteError::Unverified(Box::new(note)));
    }
    Ok(note)
}

/// `VerifierList.Verifier`: the one verifier with that name and hash; two of
/// them is an `ambiguous key` error; none is `Ok(None)` (unknown key).
fn find_verifier<'a>(
    known: &'a [Verifier],
    name: &str,
    hash: u32,
) -> Result<Option<&'a Verifier>, NoteError> {
    let mut matches = known.iter().filter(|v| v.name == name && v.hash == hash);
    let first = matches.next();
    if first.is_some() && matches.next().is_some() {
        return Err(NoteError::AmbiguousKey {
            name: name.to_string(),
            hash,
        });
    }
    Ok(first)
}

/// `note.Sign`: the note's text, a blank line, the note's existing signatures
/// not replaced by one of `signers`, then one new signature per signer.
pub fn sign(note: &Note, signers: &[&NoteSigner]) -> Result<Vec<u8>, NoteError> {
    if !note.text.ends_with('\n') {
        return Err(NoteError::Malformed);
    }
    let mut replaced: HashSet<(&str, u32)> = HashSet::new();
    let mut new_lines = String::new();
    for signer in signers {
        replaced.insert((signer.name.as_str(), signer.hash));
        if !is_valid_name(&signer.name) {
            return Err(NoteError::InvalidSigner);
        }
        let mut raw = signer.hash.to_be_bytes().to_vec();
        raw.extend_from_slice(&signer.sign_bytes(note.text.as_bytes()));
        new_lines.push_str(&signature_line(&signer.name, &std_base64().encode(raw)));
    }
    let mut out = note.text.clone();
    out.push('\n');
    for sig in note.sigs.iter().chain(&note.unverified_sigs) {
        if !is_valid_name(&sig.name) {
            return Err(NoteError::Malformed);
        }
        if replaced.contains(&(sig.name.as_str(), sig.hash)) {
            continue;
        }
        let raw = go_std_base64_decode(&sig.base64).ok_or(NoteError::Malformed)?;
        if raw.len() < 4 || u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]) != sig.hash {
            return Err(NoteError::Malformed);
        }
        out.push_str(&signature_line(&sig.name, &sig.base64));
    }
    out.push_str(&new_lines);
    Ok(out.into_bytes())
}

fn signature_line(name: &str, b64: &str) -> String {
    format!("{SIG_PREFIX}{name} {b64}\n")
}

/// Go's `strings.Cut`: before and after the first `sep` (after is empty when absent).
fn cut(s: &str, sep: char) -> (&str, &str) {
    s.split_once(sep).unwrap_or((s, ""))
}

/// `strconv.ParseUint(s, 16, 32)` for exactly 8 hex digits (either case).
fn parse_hex32(s: &str) -> Option<u32> {
    (s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(s, 16).ok())
        .flatten()
}

/// Key names: non-empty, no Unicode white space, no `+`.
fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(char::is_whitespace) && !name.contains('+')
}

fn std_base64() -> base64::engine::GeneralPurpose {
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical),
    )
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, non-zero
/// trailing bits allowed, `\r` and `\n` ignored.
pub(crate) fn go_std_base64_decode(text: &str) -> Option<Vec<u8>> {
    if text.contains(['\r', '\n']) {
        let cleaned: String = text.chars().filter(|&c| c != '\r' && c != '\n').collect();
        return std_base64().decode(cleaned).ok();
    }
    std_base64().decode(text).ok()
}

/// Standard padded base64, as Go's `base64.StdEncoding.EncodeToString`.
pub(crate) fn go_std_base64_encode(bytes: &[u8]) -> String {
    std_base64().encode(bytes)
}
