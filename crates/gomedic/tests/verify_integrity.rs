//! End to end: module caches, go.sum files and vendor directories broken
//! for real with the real go (1.21.13, 1.22.10, 1.27.3). For each state the
//! real go is shown to fail (or to work), and `gomedic check` must report
//! exactly the matching integrity finding — quoting go's own message where
//! go prints one.

mod check_support;

use check_support::{Env, stderr};
use gomedic_testkit::{Toolchain, toolchains};
use serde_json::Value;
use std::path::{Path, PathBuf};

const IDS: [&str; 4] = [
    "modules/cache-damaged",
    "modules/checksum-mismatch",
    "modules/go-sum-incomplete",
    "modules/vendor-inconsistent",
];

const A_GO_MOD: &str = "module example.com/a\n\ngo 1.21\n";
const A_GO: &str = "package a\n\nfunc A() int { return 1 }\n";

fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A file:// proxy with example.com/a v1.0.0.
fn write_proxy(root: &Path) {
    let v = root.join("example.com/a/@v");
    std::fs::create_dir_all(&v).unwrap();
    std::fs::write(v.join("list"), "v1.0.0\n").unwrap();
    std::fs::write(v.join("v1.0.0.info"), r#"{"Version":"v1.0.0"}"#).unwrap();
    std::fs::write(v.join("v1.0.0.mod"), A_GO_MOD).unwrap();
    let zip = stored_zip(&[
        ("example.com/a@v1.0.0/go.mod", A_GO_MOD.as_bytes()),
        ("example.com/a@v1.0.0/a.go", A_GO.as_bytes()),
    ]);
    std::fs::write(v.join("v1.0.0.zip"), zip).unwrap();
}

struct Case {
    env: Env,
    project: PathBuf,
    cache: PathBuf,
}

impl Case {
    /// A main module requiring example.com/a, downloaded and built by `tc`.
    fn new(tc: &Toolchain, goflags: &str) -> Case {
        let mut env = Env::with_go(tc);
        let base = env.dir.path().to_path_buf();
        write_proxy(&base.join("proxy"));
        let cache = base.join("modcache");
        env.set(
            "GOPROXY",
            format!("file://{}", base.join("proxy").display()),
        )
        .set("GOSUMDB", "off")
        .set("GOMODCACHE", cache.display().to_string())
        .set("GOPATH", base.join("gopath").display().to_string())
        .set("GOCACHE", base.join("gocache").display().to_string())
        .set("GOTOOLCHAIN", "local")
        .set("GOTELEMETRY", "off")
        .set("GOFLAGS", goflags);
        let project = base.join("main");
        std::fs::create_dir_all(&project).unwrap();
        std::fs::write(
            project.join("go.mod"),
            "module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n",
        )
        .unwrap();
        std::fs::write(
            project.join("main.go"),
            "package main\n\nimport \"example.com/a\"\n\nfunc main() { println(a.A()) }\n",
        )
        .unwrap();
        let case = Case {
            env,
            project,
            cache,
        };
        let out = case.go(&["mod", "download", "example.com/a"]);
        assert!(out.status.success(), "{}", stderr(&out));
        case.assert_go_builds();
        case
    }

    fn go(&self, args: &[&str]) -> std::process::Output {
        self.env.go(args, &self.project)
    }

    fn go_build(&self) -> std::process::Output {
        self.go(&[
            "build",
            "-o",
            if cfg!(windows) { "NUL" } else { "/dev/null" },
            ".",
        ])
    }

    fn assert_go_builds(&self) {
        let out = self.go_build();
        assert!(out.status.success(), "go build failed: {}", stderr(&out));
    }

    fn assert_go_build_fails(&self, message: &str) -> String {
        let out = self.go_build();
        let err = stderr(&out);
        assert!(
            !out.status.success(),
            "go build worked; expected {message:?}"
        );
        assert!(err.contains(message), "go build: {err}");
        err
    }

    fn download_dir(&self) -> PathBuf {
        self.cache.join("cache/download/example.com/a/@v")
    }

    fn extracted(&self) -> PathBuf {
        self.cache.join("example.com/a@v1.0.0")
    }

    /// The integrity findings of `gomedic check --offline --format json`.
    fn findings(&self) -> Vec<Value> {
        let out = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), &self.env.vars)
            .args([
                "check",
                "--format",
                "json",
                "--offline",
                "--no-shell",
                "--project",
            ])
            .arg(&self.project)
            .current_dir(&self.project)
            .output()
            .expect("run gomedic");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "no JSON report ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| IDS.contains(&f["id"].as_str().unwrap_or_default()))
            .cloned()
            .collect()
    }

    fn ids(&self) -> Vec<(String, String)> {
        self.findings()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn set_writable(&self, path: &Path) {
        let mut perms = std::fs::metadata(path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(path, perms).unwrap();
    }

    fn edit_go_sum(&self, edit: impl Fn(&str) -> String) {
        let path = self.project.join("go.sum");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text)).unwrap();
    }
}

fn pair(id: &str, severity: &str) -> (String, String) {
    (id.to_string(), severity.to_string())
}

fn go_says(finding: &Value) -> String {
    finding["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == "go says")
        .map(|e| e["value"].as_str().unwrap().to_string())
        .expect("a \"go says\" evidence")
}

#[test]
fn healthy_module_has_no_integrity_finding() {
    for tc in toolchains() {
        let case = Case::new(&tc, "");
        assert_eq!(
            case.ids(),
            Vec::<(String, String)>::new(),
            "go{}",
            tc.version
        );
        assert!(case.go(&["mod", "verify"]).status.success());
    }
}

#[test]
fn ziphash_differing_from_go_sum_is_a_checksum_mismatch() {
    for tc in toolchains() {
        let case = Case::new(&tc, "");
        let ziphash = case.download_dir().join("v1.0.0.ziphash");
        case.set_writable(&ziphash);
        let forged = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        std::fs::write(&ziphash, forged).unwrap();
        let err = case.assert_go_build_fails("checksum mismatch");
        let findings = case.findings();
        assert_eq!(
            case.ids(),
            [pair("modules/checksum-mismatch", "error")],
            "go{}",
            tc.version
        );
        // gomedic quotes the three lines go prints.
        let quoted = go_says(&findings[0]);
        assert!(
            err.contains(&quoted),
            "go{}: {err:?} lacks {quoted:?}",
            tc.version
        );
    }
}

#[test]
fn go_mod_hash_differing_from_go_sum_is_a_checksum_mismatch() {
    for tc in toolchains() {
        let case = Case::new(&tc, "");
        case.edit_go_sum(|t| {
            t.lines()
                .map(|l| {
                    if l.contains("/go.mod") {
                        "example.com/a v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        });
        let err = case.assert_go_build_fails("checksum mismatch");
        let findings = case.findings();
        assert_eq!(
            case.ids(),
            [pair("modules/checksum-mismatch", "error")],
            "go{}",
            tc.version
        );
        let quoted = go_says(&findings[0]);
        assert!(
            err.contains(&quoted),
            "go{}: {err:?} lacks {quoted:?}",
            tc.version
        );
    }
}

#[test]
fn missing_go_sum_lines_are_go_sum_incomplete() {
    for tc in toolchains() {
        let case = Case::new(&tc, "");
        // Only the go.mod hash, as `go mod download` without arguments leaves it.
        case.edit_go_sum(|t| {
            t.lines()
                .filter(|l| l.contains("/go.mod"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
        case.assert_go_build_fails(
            "missing go.sum entry for module providing package example.com/a",
        );
        assert_eq!(
            case.ids(),
            [pair("modules/go-sum-incomplete", "error")],
            "go{}",
            tc.version
        );
        // No go.sum at all: the go.mod hash is missing too.
        std::fs::remove_file(case.project.join("go.sum")).unwrap();
        case.assert_go_build_fails("missing go.sum entry");
        let findings = case.findings();
        assert_eq!(findings.len(), 1, "go{}: {findings:?}", tc.version);
        assert!(findings[0]["title"].as_str().unwrap().contains("2 hashes"));
        // -mod=mod lets go add them: only a warning then.
        let mut case = case;
        case.env.set("GOFLAGS", "-mod=mod");
        assert_eq!(case.ids(), [pair("modules/go-sum-incomplete", "warning")]);
    }
}

#[test]
fn malformed_go_sum_is_fatal_from_go_1_22_only() {
    for tc in toolchains() {
        let case = Case::new(&tc, "");
        case.edit_go_sum(|t| format!("{t}example.com/broken v1.0.0\n"));
        let out = case.go_build();
        if tc.version.as_str() < "1.22" {
            assert!(out.status.success(), "go{}: {}", tc.version, stderr(&out));
            assert_eq!(
                case.ids(),
                Vec::<(String, String)>::new(),
                "go{}",
                tc.version
            );
        } else {
            let err = stderr(&out);
            assert!(err.contains("malformed go.sum"), "go{}: {err}", tc.version);
            let findings = case.findings();
            assert_eq!(
                case.ids(),
                [pair("modules/go-sum-incomplete", "error")],
                "go{}",
                tc.version
            );
            let quoted = go_says(&findings[0]);
            assert!(
                err.contains(&quoted),
                "go{}: {err:?} lacks {quoted:?}",
                tc.version
            );
        }
    }
}

#[test]
fn damaged_cache_entries_are_cache_damaged() {
    for tc in toolchains() {
        // Missing .ziphash: go mod verify fails.
        let case = Case::new(&tc, "");
        std::fs::remove_file(case.download_dir().join("v1.0.0.ziphash")).unwrap();
        let verify = case.go(&["mod", "verify"]);
        assert!(!verify.status.success());
        assert!(
            stderr(&verify).contains("missing ziphash"),
            "{}",
            stderr(&verify)
        );
        assert_eq!(
            case.ids(),
            [pair("modules/cache-damaged", "warning")],
            "go{}",
            tc.version
        );

        // An interrupted download (.partial, zip gone): go cannot build offline.
        let mut case = Case::new(&tc, "");
        std::fs::write(case.download_dir().join("v1.0.0.partial"), "").unwrap();
        std::fs::remove_file(case.download_dir().join("v1.0.0.zip")).unwrap();
        case.env.set("GOPROXY", "off");
        case.assert_go_build_fails("example.com/a");
        let findings = case.findings();
        assert_eq!(
            case.ids(),
            [pair("modules/cache-damaged", "warning")],
            "go{}",
            tc.version
        );
        assert!(
            findings[0]["title"]
                .as_str()
                .unwrap()
                .contains("interrupted download")
        );
    }
}

#[test]
fn modcacherw_modules_are_reported_as_writable() {
    for tc in toolchains() {
        let case = Case::new(&tc, "-modcacherw");
        // -modcacherw leaves the directories writable (files stay 0444).
        let meta = std::fs::metadata(case.extracted()).unwrap();
        assert!(
            !meta.permissions().readonly(),
            "go{} made the directory read-only",
            tc.version
        );
        let findings = case.findings();
        assert_eq!(
            case.ids(),
            [pair("modules/cache-damaged", "info")],
            "go{}",
            tc.version
        );
        assert!(findings[0]["title"].as_str().unwrap().contains("writable"));
        // Without -modcacherw go keeps the tree read-only: nothing to report.
        let case = Case::new(&tc, "");
        assert!(
            std::fs::metadata(case.extracted())
                .unwrap()
                .permissions()
                .readonly()
        );
        assert!(case.ids().is_empty());
    }
}

#[test]
fn stale_vendor_directory_is_vendor_inconsistent() {
    for tc in toolchains() {
        let mut case = Case::new(&tc, "");
        let out = case.go(&["mod", "vendor"]);
        assert!(out.status.success(), "{}", stderr(&out));
        case.assert_go_builds();
        assert!(case.ids().is_empty(), "go{}", tc.version);
        // A replacement added to go.mod without `go mod vendor`.
        let local = case.project.join("a-local");
        std::fs::create_dir_all(&local).unwrap();
        std::fs::write(local.join("go.mod"), A_GO_MOD).unwrap();
        std::fs::write(local.join("a.go"), A_GO).unwrap();
        let go_mod = case.project.join("go.mod");
        let text = std::fs::read_to_string(&go_mod).unwrap();
        std::fs::write(
            &go_mod,
            format!("{text}\nreplace example.com/a => ./a-local\n"),
        )
        .unwrap();
        let err = case.assert_go_build_fails("inconsistent vendoring");
        let findings = case.findings();
        assert_eq!(
            case.ids(),
            [pair("modules/vendor-inconsistent", "error")],
            "go{}",
            tc.version
        );
        let quoted = go_says(&findings[0]);
        assert_eq!(err.trim_end(), quoted, "go{}", tc.version);
        // With -mod=mod go ignores vendor/ and builds.
        case.env.set("GOFLAGS", "-mod=mod");
        case.assert_go_builds();
        assert!(case.ids().is_empty(), "go{}", tc.version);
    }
}

#[test]
fn gomedic_verify_reports_cache_health_beside_go_mod_verify() {
    for tc in toolchains() {
        let case = Case::new(&tc, "-modcacherw");
        std::fs::remove_file(case.download_dir().join("v1.0.0.ziphash")).unwrap();
        let go = case.go(&["mod", "verify"]);
        assert!(!go.status.success());
        let out = gomedic_testkit::clean_command(env!("CARGO_BIN_EXE_gomedic"), &case.env.vars)
            .args(["verify", "--format", "json"])
            .current_dir(&case.project)
            .output()
            .expect("run gomedic verify");
        assert_eq!(out.status.code(), Some(1), "go{}", tc.version);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let kinds: Vec<&str> = report["cache_health"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["missing-ziphash", "writable"], "go{}", tc.version);
        let go_line = stderr(&go);
        let ours = report["modules"][0]["go_errors"][0].as_str().unwrap();
        assert!(
            go_line.contains(ours),
            "go{}: {go_line:?} lacks {ours:?}",
            tc.version
        );
    }
}
