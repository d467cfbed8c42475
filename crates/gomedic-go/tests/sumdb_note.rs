//! Signed notes against testdata/vectors/note/note_vectors.json (computed
//! with golang.org/x/mod/sumdb/note; see PROVENANCE.md there).

use gomedic_go::note::{self, Note, NoteError, NoteSignature, NoteSigner, Verifier};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/note/note_vectors.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("read note vectors"))
        .expect("parse note vectors")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn sigs(v: &Value) -> Vec<NoteSignature> {
    v.as_array()
        .map(|list| {
            list.iter()
                .map(|s| NoteSignature {
                    name: s["Name"].as_str().unwrap().to_string(),
                    hash: s["Hash"].as_u64().unwrap() as u32,
                    base64: s["Base64"].as_str().unwrap().to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn verifier_keys_parse_like_new_verifier() {
    let v = vectors();
    let keys = v["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 15);
    for case in keys {
        let vkey = case["verifier_key"].as_str().unwrap();
        let got = Verifier::parse(vkey);
        match case["new_verifier_err"].as_str() {
            Some(err) => assert_eq!(got.unwrap_err().to_string(), err, "{vkey}"),
            None => {
                let verifier = got.unwrap_or_else(|e| panic!("{vkey}: {e}"));
                assert_eq!(verifier.name, case["name"].as_str().unwrap());
                assert_eq!(
                    format!("{:08x}", verifier.hash),
                    case["key_hash_hex"].as_str().unwrap()
                );
                let key_bytes = hex(case["key_bytes_hex"].as_str().unwrap());
                assert_eq!(key_bytes[0], 1);
                assert_eq!(&key_bytes[1..], verifier.public_key);
                // Re-encoding gives the canonical (lower-case hex) form.
                assert_eq!(verifier.encode().to_lowercase(), vkey.to_lowercase());
            }
        }
    }
}

#[test]
fn signer_keys_derive_the_verifier_keys() {
    let v = vectors();
    for case in v["signer_keys"].as_array().unwrap() {
        let skey = case["signer_key"].as_str().unwrap();
        let signer = NoteSigner::parse(skey).unwrap();
        assert_eq!(signer.encode(), skey);
        let verifier = signer.verifier();
        assert_eq!(
            verifier.encode(),
            case["derived_verifier_key"].as_str().unwrap()
        );
        assert_eq!(
            verifier.public_key.to_vec(),
            hex(case["ed25519_public_key_hex"].as_str().unwrap())
        );
        let seed: [u8; 32] = hex(case["ed25519_seed_hex"].as_str().unwrap())
            .try_into()
            .unwrap();
        let from_seed = NoteSigner::from_seed(signer.name(), seed).unwrap();
        assert_eq!(from_seed.encode(), skey);
    }
}

#[test]
fn signer_key_errors() {
    let good = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    assert!(NoteSigner::parse(good).is_ok());
    let cases = [
        (
            good.replace("PRIVATE", "PUBLIC"),
            NoteError::MalformedSignerId,
        ),
        (
            good.replace("c74f20a3", "c74f20a4"),
            NoteError::BadSignerHash,
        ),
        (
            good.replace("c74f20a3", "c74f20a"),
            NoteError::MalformedSignerId,
        ),
        (
            good.replace("+AYEK", "+BYEK"),
            NoteError::UnknownSignerAlgorithm,
        ),
        (
            "PRIVATE+KEY+PeterNeumann+c74f20a3+".into(),
            NoteError::MalformedSignerId,
        ),
    ];
    for (skey, want) in cases {
        assert_eq!(NoteSigner::parse(&skey).unwrap_err(), want, "{skey}");
    }
}

#[test]
fn sign_matches_x_mod_byte_for_byte() {
    let v = vectors();
    let cases = v["sign"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    for case in cases {
        let signer = NoteSigner::parse(case["signer_key"].as_str().unwrap()).unwrap();
        let note = Note {
            text: case["text"].as_str().unwrap().to_string(),
            ..Note::default()
        };
        let got = note::sign(&note, &[&signer]);
        match case["err"].as_str() {
            Some(err) => assert_eq!(got.unwrap_err().to_string(), err),
            None => {
                let signed = got.unwrap();
                assert_eq!(
                    String::from_utf8(signed.clone()).unwrap(),
                    case["signed_note"].as_str().unwrap()
                );
                let opened = note::open(&signed, &[signer.verifier()]).unwrap();
                assert_eq!(opened.text, note.text);
            }
        }
    }
}

#[test]
fn open_matches_x_mod_for_every_case() {
    let v = vectors();
    let cases = v["open"].as_array().unwrap();
    assert_eq!(cases.len(), 24);
    for case in cases {
        let desc = case["desc"].as_str().unwrap();
        let msg = match case["msg_hex"].as_str() {
            Some(h) => hex(h),
            None => case["msg"].as_str().unwrap().as_bytes().to_vec(),
        };
        let verifiers: Vec<Verifier> = case["verifiers"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|k| Verifier::parse(k.as_str().unwrap()).unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let got = note::open(&msg, &verifiers);
        match case["err"].as_str() {
            None => {
                let n = got.unwrap_or_else(|e| panic!("{desc}: {e}"));
                assert_eq!(n.text, case["text"].as_str().unwrap(), "{desc}");
                assert_eq!(n.sigs, sigs(&case["sigs"]), "{desc}");
                assert_eq!(n.unverified_sigs, sigs(&case["unverified_sigs"]), "{desc}");
            }
            Some(err) => {
                let e = got.unwrap_err();
                assert_eq!(e.to_string(), err, "{desc}");
                if let NoteError::Unverified(n) = e {
                    assert_eq!(n.text, case["text"].as_str().unwrap(), "{desc}");
                    assert!(n.sigs.is_empty());
                    assert_eq!(n.unverified_sigs, sigs(&case["unverified_sigs"]), "{desc}");
                }
            }
        }
    }
}

#[test]
fn sign_keeps_other_signatures_and_replaces_own() {
    let peter = NoteSigner::parse(
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
    )
    .unwrap();
    let other = NoteSigner::from_seed("other.example", [7u8; 32]).unwrap();
    let text = Note {
        text: "hello\n".into(),
        ..Note::default()
    };
    let once = note::sign(&text, &[&peter]).unwrap();
    let opened = note::open(&once, &[peter.verifier()]).unwrap();
    let twice = note::sign(&opened, &[&other]).unwrap();
    let both = note::open(&twice, &[peter.verifier(), other.verifier()]).unwrap();
    assert_eq!(both.sigs.len(), 2);
    assert_eq!(both.sigs[0].name, "PeterNeumann");
    // Re-signing with Peter replaces his signature rather than duplicating it.
    let again = note::sign(&both, &[&peter]).unwrap();
    let reopened = note::open(&again, &[peter.verifier(), other.verifier()]).unwrap();
    assert_eq!(reopened.sigs.len(), 2);
    assert_eq!(reopened.sigs[1].name, "PeterNeumann");
    // A signer name that is not a valid key name is refused.
    assert_eq!(
        NoteSigner::from_seed("bad name", [1u8; 32]).unwrap_err(),
        NoteError::InvalidSigner
    );
}
