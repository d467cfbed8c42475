//! go.mod/go.work parsing against recorded x/mod results and go1.27.3 output
//! (testdata/vectors/gomod, see its PROVENANCE.md).

use gomedic_go::modfile::{self, Comments, Dialect, ModFile, Mode, Stmt};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors/gomod")
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(vectors_dir().join(name)).expect("vector file");
    serde_json::from_str(&text).expect("vector JSON")
}

fn module_comments(file: &ModFile) -> Option<Comments> {
    let pos = file.module.as_ref()?.pos;
    file.syntax.stmts.iter().find_map(|stmt| match stmt {
        Stmt::Line(line) if line.start == pos => Some(line.comments.clone()),
        Stmt::Block(block) => block
            .lines
            .iter()
            .find(|l| l.start == pos)
            .map(|l| l.comments.clone()),
        _ => None,
    })
}

/// The fields x/mod's result was recorded with, from our parse.
fn interpreted(file: &ModFile, expected: &serde_json::Map<String, Value>) -> Value {
    let mut out = serde_json::Map::new();
    for key in expected.keys() {
        let value = match key.as_str() {
            "err" => Value::Null,
            "format" => continue,
            "module" => json!(file.module_path()),
            "deprecated" => json!(file.module.as_ref().map(|m| &m.deprecated)),
            "go" => json!(file.go_version()),
            "toolchain" => json!(file.toolchain_name()),
            "godebug" => json!(
                file.godebug
                    .iter()
                    .map(|g| [&g.key, &g.value])
                    .collect::<Vec<_>>()
            ),
            "require" => json!(
                file.require
                    .iter()
                    .map(|r| json!({"Path": r.path, "Version": r.version, "Indirect": r.indirect}))
                    .collect::<Vec<_>>()
            ),
            "exclude" => json!(
                file.exclude
                    .iter()
                    .map(|x| [&x.path, &x.version])
                    .collect::<Vec<_>>()
            ),
            "replace" => json!(
                file.replace
                    .iter()
                    .map(
                        |r| json!({"OldPath": r.old.path, "OldVersion": r.old.version,
                                    "NewPath": r.new.path, "NewVersion": r.new.version})
                    )
                    .collect::<Vec<_>>()
            ),
            "retract" => json!(
                file.retract
                    .iter()
                    .map(|r| json!({"Low": r.low, "High": r.high, "Rationale": r.rationale}))
                    .collect::<Vec<_>>()
            ),
            "tool" => json!(file.tool.iter().map(|t| &t.path).collect::<Vec<_>>()),
            "ignore" => json!(file.ignore.iter().map(|i| &i.path).collect::<Vec<_>>()),
            "module_comments" => match module_comments(file) {
                None => Value::Null,
                Some(c) => json!({
                    "before": c.before.iter().map(|c| &c.token).collect::<Vec<_>>(),
                    "suffix": c.suffix.iter().map(|c| &c.token).collect::<Vec<_>>(),
                }),
            },
            other => panic!("unknown recorded field {other}"),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// The recorded value without `format`, and with Go's nil lists (`null`) as empty lists.
fn without_format(v: &Value) -> Value {
    let mut m = v.as_object().expect("object").clone();
    m.remove("format");
    let list_keys = [
        "godebug", "require", "exclude", "replace", "retract", "tool", "ignore",
    ];
    for key in list_keys {
        if let Some(value) = m.get_mut(key)
            && value.is_null()
        {
            *value = json!([]);
        }
    }
    if let Some(Value::Object(comments)) = m.get_mut("module_comments") {
        for value in comments.values_mut() {
            if value.is_null() {
                *value = json!([]);
            }
        }
    }
    Value::Object(m)
}

#[test]
fn parse_matches_x_mod_for_every_recorded_case() {
    let vectors = load("modfile_parse.json");
    let files = vectors["files"].as_array().expect("files");
    assert!(files.len() >= 50);
    for case in files {
        let name = case["file"].as_str().expect("file");
        let input = case["input"].as_str().expect("input").as_bytes();
        // The vectors were computed on Linux.
        let linux = |mode| modfile::ParseOptions {
            mode,
            dialect: Dialect::LATEST,
            windows_host: false,
        };
        for (key, mode) in [("parse_strict", Mode::Strict), ("parse_lax", Mode::Lax)] {
            let want = &case[key];
            let got = modfile::parse_with("go.mod", input, linux(mode));
            match (&want["err"], got) {
                (Value::String(err), Err(e)) => assert_eq!(&e.to_string(), err, "{name} {key}"),
                (Value::String(err), Ok(_)) => panic!("{name} {key}: parsed, x/mod says {err}"),
                (Value::Null, Err(e)) => panic!("{name} {key}: {e}"),
                (Value::Null, Ok(file)) => {
                    let want = without_format(want);
                    let got = interpreted(&file, want.as_object().expect("object"));
                    assert_eq!(got, want, "{name} {key}");
                }
                (other, _) => panic!("bad vector {other}"),
            }
        }
        let quick = modfile::module_path(input);
        assert_eq!(
            quick,
            case["module_path_quick"].as_str().expect("quick"),
            "{name} ModulePath"
        );
    }
}

#[test]
fn go_mod_edit_json_matches_go_1_27_3_output() {
    let vectors = load("go_mod_edit-go1.27.3.json");
    let dialect = Dialect::for_release("1.27.3");
    let mut checked = 0;
    for case in vectors["files"].as_array().expect("files") {
        let name = case["file"].as_str().expect("file");
        let input = std::fs::read(vectors_dir().join(name)).expect("case file");
        let run = &case["go_mod_edit_json"];
        let options = modfile::ParseOptions {
            mode: Mode::Strict,
            dialect,
            windows_host: false,
        };
        match modfile::parse_with("$WORK/go.mod", &input, options) {
            Ok(file) => {
                assert_eq!(run["exit"], 0, "{name}: go failed: {}", run["stderr"]);
                let text = modfile::go_json_text(&modfile::mod_edit_json(&file, dialect));
                assert_eq!(text, run["stdout"].as_str().expect("stdout"), "{name}");
            }
            Err(e) => {
                assert_eq!(run["exit"], 1, "{name}: we fail with {e}");
                assert_eq!(
                    format!("go: errors parsing go.mod:\n{e}\n"),
                    run["stderr"].as_str().expect("stderr"),
                    "{name}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} cases");
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

#[test]
fn upstream_testdata_parses() {
    // x/mod's own testdata: every file is valid syntax; all but the
    // formatter-only ones (made-up directives, repeated module lines) are
    // valid go.mod files, and the go.work inputs are valid go.work files.
    let dir = vectors_dir().join("upstream_testdata");
    let mut mod_files = files_with_ext(&dir, "in");
    mod_files.extend(files_with_ext(&dir, "golden"));
    assert!(mod_files.len() >= 19);
    for path in mod_files {
        let data = std::fs::read(&path).expect("read");
        if let Err(e) = modfile::parse_syntax("go.mod", &data) {
            panic!("{}: {e}", path.display());
        }
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let formatter_only = ["block", "comment", "rule1"].contains(&name);
        if let Err(e) = modfile::parse("go.mod", &data)
            && !formatter_only
        {
            panic!("{}: {e}", path.display());
        }
    }
    let work_inputs = files_with_ext(&dir.join("work"), "in");
    assert!(work_inputs.len() >= 5);
    for path in work_inputs {
        let data = std::fs::read(&path).expect("read");
        if let Err(e) = modfile::parse_work("go.work", &data) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn accessors_and_error_positions() {
    let data = b"module example.com/m\n\ngo 1.22\ntoolchain go1.22.3\nrequire (\n\texample.com/a v1.2 // indirect\n)\nreplace example.com/a => ./a\nreplace example.com/b v1.0.0 => example.com/c v1.1.0\n";
    let file = modfile::parse("go.mod", data).expect("parses");
    assert_eq!(file.module_path(), Some("example.com/m"));
    assert_eq!(file.go_version(), Some("1.22"));
    assert_eq!(file.toolchain_name(), Some("go1.22.3"));
    assert_eq!(file.requirements()[0].version, "v1.2.0");
    assert!(file.requirements()[0].indirect);
    assert_eq!(file.requirements()[0].pos.line_rune, 2);
    assert!(file.replaces()[0].is_local_directory());
    assert!(!file.replaces()[1].is_local_directory());

    let err = modfile::parse("go.mod", b"module m\nrequire (\n\tx.com/y latest\n)\n").unwrap_err();
    assert_eq!(err.0[0].pos.line, 3);
    assert_eq!(
        err.to_string(),
        "go.mod:3:2: require x.com/y: version \"latest\" invalid: must be of the form v1.2.3"
    );
}

#[test]
fn release_dialects_differ_as_go_does() {
    let tool = b"module m\ntool example.com/t\n";
    assert!(modfile::parse_for_release("go.mod", tool, "1.22.10", Mode::Strict).is_err());
    assert!(modfile::parse_for_release("go.mod", tool, "1.27.3", Mode::Strict).is_ok());
    let bad_go = b"module m\ngo 1\n";
    let err = |release| {
        modfile::parse_for_release("go.mod", bad_go, release, Mode::Strict)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err("1.21.13"),
        "go.mod:2: invalid go version '1': must match format 1.23"
    );
    assert_eq!(
        err("1.22.10"),
        "go.mod:2: invalid go version '1': must match format 1.23.0"
    );
}
