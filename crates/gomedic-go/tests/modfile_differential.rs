//! Differential tests: every go.mod/go.work vector (and extra edge cases) is
//! given to the REAL `go mod edit -json` / `go work edit -json` of each test
//! release, and gomedic's parse for that release must print the same JSON
//! (byte for byte) or the same error text.

use gomedic_go::modfile::{self, Dialect, Mode, ParseOptions};
use gomedic_testkit::Toolchain;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors/gomod")
}

fn files_in(dir: &Path, suffixes: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("vector dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| suffixes.iter().any(|s| n.ends_with(s)))
        })
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("read")))
        .collect();
    out.sort();
    out
}

/// Edge cases beyond the recorded vectors, chosen where releases or x/mod details differ.
fn extra_mod_cases() -> Vec<(String, Vec<u8>)> {
    let cases: &[(&str, &[u8])] = &[
        ("tool_line", b"module m\ngo 1.24\ntool example.com/t\n"),
        ("tool_block", b"module m\ntool (\n\texample.com/t\n)\n"),
        ("ignore_line", b"module m\nignore ./x\n"),
        ("godebug_line", b"module m\ngodebug panicnil=1\n"),
        ("godebug_block", b"module m\ngodebug (\n\ta=b\n)\n"),
        ("go_bad_1", b"module m\ngo 1\n"),
        ("go_quoted", b"module m\ngo \"1.21\"\n"),
        ("go_future", b"module m\ngo 1.99.1\n"),
        ("go_rc", b"module m\ngo 1.22rc1\n"),
        ("toolchain_bad", b"module m\ngo 1.21\ntoolchain local\n"),
        ("toolchain_repeated", b"module m\ntoolchain go1.21.0\ntoolchain go1.21.1\n"),
        ("replace_no_version_module", b"module m\nreplace a.com/x => b.com/y\n"),
        ("replace_windows_drive", b"module m\nreplace a.com/x => C:\\x\n"),
        ("replace_v1_path", b"module m\nreplace a.com/x/v1 => ./x\n"),
        ("replace_bad_old_version", b"module m\nreplace a.com/x latest => ./x\n"),
        ("replace_arrow_only", b"module m\nreplace a.com/x =>\n"),
        ("require_shorthand", b"module m\nrequire a.com/x v1.2\nrequire a.com/y v1\n"),
        ("require_gopkg", b"module m\nrequire gopkg.in/yaml.v2 v2.4.0\nrequire gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n"),
        ("require_gopkg_mismatch", b"module m\nrequire gopkg.in/yaml.v2 v3.0.0\n"),
        ("require_quote_in_version", b"module m\nrequire a.com/x \"v1.0.0\n"),
        ("require_escapes", b"module m\nrequire \"a.com/\\x41\" \"v1.0.0\"\n"),
        ("require_bad_escape", b"module m\nrequire \"a.com/\\q\" v1.0.0\n"),
        ("require_html_chars", b"module m\nrequire \"a.com/<x>&\" v1.0.0\n"),
        ("indirect_variants", b"module m\nrequire (\n\ta.com/x v1.0.0 //indirect\n\ta.com/y v1.0.0 // indirect; note\n\ta.com/z v1.0.0 // not indirect\n\ta.com/w v1.0.0 // indirect note\n)\n"),
        ("retract_quoted_bad", b"module m\nretract \"'v1\"\n"),
        ("retract_noncanonical", b"module m\nretract v1.2\nretract [v1, latest]\n"),
        ("retract_missing_close", b"module m\nretract [v1.0.0, v1.1.0\n"),
        ("retract_block_comment", b"module m\n// Block rationale.\nretract (\n\tv1.0.0\n\tv1.1.0 // own\n)\n"),
        ("deprecated_paragraphs", b"// Intro.\n//\n// Deprecated: gone.\n// Still gone.\n//\n// Tail.\nmodule m\n"),
        ("deprecated_suffix", b"module m // Deprecated: by suffix\n"),
        ("deprecated_spaces", b"//Deprecated:    x\nmodule m\n"),
        ("module_in_block_deprecated", b"// Deprecated: block\nmodule (\n\tm\n)\n"),
        ("module_usage", b"module a b\n"),
        ("no_module", b"go 1.21\nrequire a.com/x v1.0.0\n"),
        ("empty", b""),
        ("comments_only", b"// just a comment\n"),
        ("nbsp", "module m\ngo\u{a0}1.21\n".as_bytes()),
        ("vertical_tab", b"module m\n\x0bgo 1.21\n"),
        ("nul_byte", b"module m\x00\n"),
        ("invalid_utf8_ident", b"module m\xff\xfe\n"),
        ("unicode_module", "module example.com/caf\u{e9}\n".as_bytes()),
        ("eof_in_string", b"module \"abc"),
        ("eof_after_backslash", b"module \"abc\\"),
        ("block_comment_in_ident", b"module m/*x*/\n"),
        ("paren_mid_line", b"module m\nrequire a.com/x ( v1.0.0\n"),
        ("empty_paren_mid_line", b"module m\nrequire () a.com/x v1.0.0\n"),
        ("unterminated_no_newline", b"module m\nrequire (\n\ta.com/x v1.0.0"),
        ("brackets", b"module m\nrequire a.com/x {v1.0.0}\n"),
        ("crlf_comment", b"module m // c\r\nrequire a.com/x v1.0.0 // indirect\r\n"),
        ("multiple_errors_in_block", b"module m\nrequire (\n\ta.com/x\n\ta.com/y bad\n\ta.com/z/v3 v1.0.0\n)\nexclude a.com/q v9\n"),
        ("exclude_mismatch", b"module m\nexclude a.com/x/v2 v1.0.0\n"),
        ("incompatible", b"module m\nrequire a.com/x v3.0.0+incompatible\nrequire a.com/y/v2 v2.0.0+incompatible\n"),
        ("build_metadata", b"module m\nrequire a.com/x v1.0.0+meta\n"),
        ("use_in_gomod", b"module m\nuse ./x\n"),
    ];
    cases
        .iter()
        .map(|(n, d)| (format!("extra/{n}"), d.to_vec()))
        .collect()
}

fn extra_work_cases() -> Vec<(String, Vec<u8>)> {
    let cases: &[(&str, &[u8])] = &[
        (
            "basic",
            b"go 1.21\n\nuse (\n\t./a\n\t\"./b c\"\n)\nreplace a.com/x => ./x\n",
        ),
        ("toolchain", b"go 1.21.0\ntoolchain go1.21.3\nuse ./a\n"),
        ("godebug", b"go 1.23\ngodebug panicnil=1\nuse ./a\n"),
        ("go_bad", b"go 1\n"),
        ("toolchain_bad", b"go 1.21\ntoolchain bad\n"),
        ("use_two_args", b"go 1.21\nuse ./a ./b\n"),
        ("module_in_work", b"go 1.21\nmodule m\n"),
        (
            "require_block",
            b"go 1.21\nrequire (\n\ta.com/x v1.0.0\n)\n",
        ),
        ("replace_bad", b"go 1.21\nreplace a.com/x => b.com/y\n"),
        ("empty", b""),
    ];
    cases
        .iter()
        .map(|(n, d)| (format!("extra-work/{n}"), d.to_vec()))
        .collect()
}

struct GoRun {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs the real go in `dir` with a clean environment, killed after 60 s.
fn run_go(toolchain: &Toolchain, dir: &Path, args: &[&str]) -> GoRun {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    let vars: BTreeMap<String, String> = [
        ("HOME", home.display().to_string()),
        ("GOENV", "off".into()),
        ("GOTOOLCHAIN", "local".into()),
        ("GOFLAGS", String::new()),
        ("GOPROXY", "off".into()),
        ("GOCACHE", dir.join("cache").display().to_string()),
        ("GOPATH", dir.join("gopath").display().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let mut child = gomedic_testkit::clean_command(&toolchain.go, &vars)
        .args(args)
        .current_dir(dir.join("work"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn go");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("go {args:?} timed out");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    GoRun {
        success: status.success(),
        stdout,
        stderr,
    }
}

fn mod_cases() -> Vec<(String, Vec<u8>)> {
    let dir = vectors_dir();
    let mut cases = files_in(&dir.join("cases"), &[".mod"]);
    cases.extend(files_in(&dir.join("real"), &[".go.mod"]));
    cases.extend(files_in(
        &dir.join("upstream_testdata"),
        &[".in", ".golden"],
    ));
    cases.extend(extra_mod_cases());
    cases
}

#[test]
fn go_mod_edit_json_agrees_with_real_go() {
    let cases = mod_cases();
    assert!(cases.len() >= 120, "{} cases", cases.len());
    let mut failures = Vec::new();
    let mut compared = 0;
    for toolchain in gomedic_testkit::toolchains() {
        let dialect = Dialect::for_release(&toolchain.version);
        for (name, data) in &cases {
            let temp = tempfile::tempdir().expect("tempdir");
            let work = temp.path().join("work");
            std::fs::create_dir_all(&work).expect("work dir");
            let gomod = work.join("go.mod");
            std::fs::write(&gomod, data).expect("write go.mod");
            let go = run_go(&toolchain, temp.path(), &["mod", "edit", "-json"]);
            let options = ParseOptions {
                mode: Mode::Strict,
                dialect,
                windows_host: false,
            };
            let ours = modfile::parse_with(&gomod.display().to_string(), data, options);
            let agree = match (&ours, go.success) {
                (Ok(file), true) => {
                    let value = modfile::mod_edit_json(file, dialect);
                    let json = modfile::go_json_text(&value);
                    // Invalid UTF-8 becomes U+FFFD, which older releases print as an escape.
                    let same_value =
                        serde_json::from_str::<serde_json::Value>(&go.stdout).ok() == Some(value);
                    json == go.stdout || (same_value && std::str::from_utf8(data).is_err())
                }
                (Err(e), false) => go.stderr == format!("go: errors parsing go.mod:\n{e}\n"),
                _ => false,
            };
            compared += 1;
            if !agree {
                let ours_text = match &ours {
                    Ok(f) => modfile::go_json_text(&modfile::mod_edit_json(f, dialect)),
                    Err(e) => format!("error:\n{e}"),
                };
                failures.push(format!(
                    "go{} {name}:\n--- gomedic\n{ours_text}\n--- go (exit ok={})\n{}{}",
                    toolchain.version, go.success, go.stdout, go.stderr
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn go_work_edit_json_agrees_with_real_go() {
    let mut cases = files_in(
        &vectors_dir().join("upstream_testdata/work"),
        &[".in", ".golden"],
    );
    cases.extend(extra_work_cases());
    let mut failures = Vec::new();
    for toolchain in gomedic_testkit::toolchains() {
        let dialect = Dialect::for_release(&toolchain.version);
        for (name, data) in &cases {
            let temp = tempfile::tempdir().expect("tempdir");
            let work = temp.path().join("work");
            std::fs::create_dir_all(&work).expect("work dir");
            std::fs::write(work.join("go.work"), data).expect("write go.work");
            let go = run_go(
                &toolchain,
                temp.path(),
                &["work", "edit", "-json", "go.work"],
            );
            let ours = modfile::parse_work_with("go.work", data, dialect, false);
            let agree = match (&ours, go.success) {
                (Ok(file), true) => {
                    let value = modfile::work_edit_json(file, dialect);
                    let same_value = serde_json::from_str::<serde_json::Value>(&go.stdout).ok()
                        == Some(value.clone());
                    same_value && modfile::go_json_text(&value) == go.stdout
                }
                (Err(e), false) => {
                    let once = format!("go: errors parsing go.work:\n{e}\n");
                    let twice =
                        format!("go: errors parsing go.work:\nerrors parsing go.work:\n{e}\n");
                    go.stderr == once || go.stderr == twice
                }
                _ => false,
            };
            if !agree {
                let ours_text = match &ours {
                    Ok(f) => modfile::go_json_text(&modfile::work_edit_json(f, dialect)),
                    Err(e) => format!("error:\n{e}"),
                };
                failures.push(format!(
                    "go{} {name}:\n--- gomedic\n{ours_text}\n--- go (exit ok={})\n{}{}",
                    toolchain.version, go.success, go.stdout, go.stderr
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
