//! gomedic's semver, module and pattern code against the x/mod vectors in
//! testdata/vectors/{semver,module} (computed by running golang.org/x/mod).

use gomedic_go::{module, pattern, semver};
use serde_json::Value;
use std::cmp::Ordering;

fn load(rel: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/vectors/").to_string() + rel;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("valid JSON")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn opt(v: &Value) -> Option<&str> {
    v.as_str()
}

fn ord(n: i64) -> Ordering {
    n.cmp(&0)
}

fn hex(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn semver_parse_cases() {
    let v = load("semver/semver_vectors.json");
    let cases = v["parse"].as_array().unwrap();
    assert_eq!(cases.len(), 60);
    for c in cases {
        let input = s(&c["in"]);
        assert_eq!(
            semver::is_valid(input),
            c["valid"].as_bool().unwrap(),
            "{input}"
        );
        assert_eq!(
            semver::canonical(input),
            s(&c["canonical"]),
            "canonical {input}"
        );
        assert_eq!(semver::major(input), s(&c["major"]), "major {input}");
        assert_eq!(
            semver::major_minor(input),
            s(&c["major_minor"]),
            "major_minor {input}"
        );
        assert_eq!(
            semver::prerelease(input),
            s(&c["prerelease"]),
            "prerelease {input}"
        );
        assert_eq!(semver::build(input), s(&c["build"]), "build {input}");
    }
}

#[test]
fn semver_compare_matrix_sort_and_max() {
    let v = load("semver/semver_vectors.json");
    let cases = v["compare"].as_array().unwrap();
    assert!(cases.len() >= 32 * 32);
    for c in cases {
        let (a, b) = (s(&c["a"]), s(&c["b"]));
        assert_eq!(
            semver::compare(a, b),
            ord(c["cmp"].as_i64().unwrap()),
            "compare({a}, {b})"
        );
    }
    let mut list: Vec<String> = v["sort_input"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| s(x).to_string())
        .collect();
    semver::sort(&mut list);
    let want: Vec<String> = v["sort_output"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| s(x).to_string())
        .collect();
    assert_eq!(list, want);
    for triple in v["max_deprecated"].as_array().unwrap() {
        let t = triple.as_array().unwrap();
        assert_eq!(semver::max(s(&t[0]), s(&t[1])), s(&t[2]), "max {triple}");
    }
}

#[test]
fn module_path_checks() {
    let v = load("module/module_vectors.json");
    let cases = v["paths"].as_array().unwrap();
    assert_eq!(cases.len(), 146);
    for c in cases {
        let bytes = hex(s(&c["path_hex"]));
        let err = |kind| {
            module::check_path_bytes(kind, &bytes)
                .err()
                .map(|e| e.to_string())
        };
        assert_eq!(
            err(module::PathKind::Module).as_deref(),
            opt(&c["check_path_err"]),
            "CheckPath {c}"
        );
        assert_eq!(
            err(module::PathKind::Import).as_deref(),
            opt(&c["check_import_path_err"]),
            "CheckImportPath {c}"
        );
        assert_eq!(
            err(module::PathKind::File).as_deref(),
            opt(&c["check_file_path_err"]),
            "CheckFilePath {c}"
        );
        let Ok(path) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let (prefix, major, ok) = module::split_path_version(path);
        assert_eq!(
            (prefix.as_str(), major.as_str(), ok),
            (
                s(&c["split_prefix"]),
                s(&c["split_path_major"]),
                c["split_ok"].as_bool().unwrap()
            ),
            "split {path}"
        );
        match module::escape_path(path) {
            Ok(e) => assert_eq!(Some(e.as_str()), opt(&c["escaped"]), "escape {path}"),
            Err(e) => assert_eq!(Some(e.as_str()), opt(&c["escape_err"]), "escape {path}"),
        }
    }
}

#[test]
fn module_check_and_major() {
    let v = load("module/module_vectors.json");
    for c in v["check"].as_array().unwrap() {
        let got = module::check(s(&c["path"]), s(&c["version"]))
            .err()
            .map(|e| e.to_string());
        assert_eq!(got.as_deref(), opt(&c["err"]), "Check {c}");
    }
    for c in v["check_path_major"].as_array().unwrap() {
        let got = module::check_path_major(s(&c["version"]), s(&c["path_major"]))
            .err()
            .map(|e| e.to_string());
        assert_eq!(got.as_deref(), opt(&c["err"]), "CheckPathMajor {c}");
    }
    for c in v["canonical_version"].as_array().unwrap() {
        assert_eq!(module::canonical_version(s(&c["in"])), s(&c["out"]), "{c}");
    }
}

#[test]
fn module_escaping() {
    let v = load("module/module_vectors.json");
    let check = |key: &str, f: &dyn Fn(&str) -> Result<String, String>| {
        for c in v[key].as_array().unwrap() {
            let got = f(s(&c["input"]));
            match got {
                Ok(out) => assert_eq!(
                    (Some(out.as_str()), None),
                    (opt(&c["output"]), opt(&c["err"])),
                    "{key} {c}"
                ),
                Err(e) => assert_eq!(
                    (None, Some(e.as_str())),
                    (opt(&c["output"]), opt(&c["err"])),
                    "{key} {c}"
                ),
            }
        }
    };
    check("escape_path", &module::escape_path);
    check("unescape_path", &module::unescape_path);
    check("escape_version", &module::escape_version);
    check("unescape_version", &module::unescape_version);
}

#[test]
fn module_sort_is_go_sum_order() {
    let v = load("module/module_vectors.json");
    let conv = |key: &str| -> Vec<module::ModuleVersion> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| module::ModuleVersion {
                path: s(&m["Path"]).into(),
                version: s(&m["Version"]).into(),
            })
            .collect()
    };
    let mut list = conv("sort_input");
    module::sort(&mut list);
    assert_eq!(list, conv("sort_output"));
}

#[test]
fn pseudo_versions() {
    let v = load("module/module_vectors.json");
    for c in v["pseudo_versions"].as_array().unwrap() {
        let ver = s(&c["version"]);
        assert_eq!(
            module::is_pseudo_version(ver),
            c["is_pseudo"].as_bool().unwrap(),
            "is_pseudo {ver}"
        );
        assert_eq!(
            module::is_zero_pseudo_version(ver),
            c["is_zero_pseudo"].as_bool().unwrap(),
            "zero {ver}"
        );
        let pair = |r: Result<String, module::VersionError>| match r {
            Ok(x) => (Some(x), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let want = |k: &str| {
            (
                opt(&c[k]).map(str::to_string),
                opt(&c[&format!("{k}_err")]).map(str::to_string),
            )
        };
        assert_eq!(
            pair(module::pseudo_version_base(ver)),
            want("base"),
            "base {ver}"
        );
        assert_eq!(
            pair(module::pseudo_version_rev(ver)),
            want("rev"),
            "rev {ver}"
        );
        assert_eq!(
            pair(module::pseudo_version_time(ver).map(|t| t.to_rfc3339())),
            want("time"),
            "time {ver}"
        );
        assert_eq!(semver::is_valid(ver), c["semver_valid"].as_bool().unwrap());
        assert_eq!(semver::canonical(ver), s(&c["semver_canonical"]));
    }
    for c in v["pseudo_version_make"].as_array().unwrap() {
        let time = match s(&c["time"]) {
            "zero" => "00010101000000".to_string(),
            t => t.replace(['-', ':', 'T', 'Z'], ""),
        };
        let time = module::pseudo_version_time(&format!("v0.0.0-{time}-x")).expect("valid time");
        let major = if s(&c["major"]) == "unused" {
            ""
        } else {
            s(&c["major"])
        };
        assert_eq!(
            module::pseudo_version(major, s(&c["older"]), &time, s(&c["rev"])),
            s(&c["pseudo_version"]),
            "{c}"
        );
    }
}

#[test]
fn match_prefix_patterns() {
    let v = load("module/module_vectors.json");
    let cases = v["match_prefix_patterns"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        let (globs, target) = (s(&c["globs"]), s(&c["target"]));
        assert_eq!(
            pattern::match_prefix_patterns(globs, target),
            c["match"].as_bool().unwrap(),
            "{globs:?} vs {target}"
        );
    }
}
