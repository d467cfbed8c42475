//! A clean, controlled environment for end-to-end check tests: HOME in a
//! temp dir, PATH chosen by the test, the real gomedic binary and the real go.

#![allow(dead_code)]

use gomedic_testkit::{Toolchain, clean_command};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

pub struct Env {
    pub dir: tempfile::TempDir,
    pub vars: BTreeMap<String, String>,
}

impl Env {
    /// HOME and TMPDIR in a fresh temp dir, PATH = the toolchain's bin + /usr/bin:/bin.
    pub fn with_go(tc: &Toolchain) -> Env {
        Env::with_path(&format!(
            "{}:/usr/bin:/bin",
            tc.goroot.join("bin").display()
        ))
    }

    pub fn with_path(path: &str) -> Env {
        Env::in_dir(tempfile::tempdir().expect("tempdir"), path)
    }

    pub fn in_dir(dir: tempfile::TempDir, path: &str) -> Env {
        let home = dir.path().join("home");
        let tmp = dir.path().join("tmp");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        let mut vars = BTreeMap::new();
        vars.insert("HOME".to_string(), home.display().to_string());
        vars.insert("TMPDIR".to_string(), tmp.display().to_string());
        vars.insert("PATH".to_string(), path.to_string());
        Env { dir, vars }
    }

    pub fn home(&self) -> PathBuf {
        PathBuf::from(&self.vars["HOME"])
    }

    pub fn set(&mut self, key: &str, value: impl AsRef<str>) -> &mut Env {
        self.vars
            .insert(key.to_string(), value.as_ref().to_string());
        self
    }

    /// A hello-world module in `<home>/hello`; returns its directory.
    pub fn hello_module(&self, imports_net: bool) -> PathBuf {
        let dir = self.home().join("hello");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("go.mod"), "module example.com/hello\n\ngo 1.21\n").unwrap();
        let body = if imports_net {
            "package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n)\n\nfunc main() { fmt.Println(net.IPv4len) }\n"
        } else {
            "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"
        };
        std::fs::write(dir.join("main.go"), body).unwrap();
        dir
    }

    /// Runs `gomedic check --format json --offline --project <dir>` and returns the finding ids.
    pub fn gomedic_ids(&self, project: &Path) -> Vec<String> {
        let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), &self.vars)
            .args(["check", "--format", "json", "--offline", "--project"])
            .arg(project)
            .current_dir(project)
            .output()
            .expect("run gomedic");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "gomedic printed no JSON report ({e}); stdout: {} stderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        report["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .map(|f| f["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Asserts gomedic reports `id` for `project`.
    pub fn assert_finding(&self, project: &Path, id: &str) {
        let ids = self.gomedic_ids(project);
        assert!(ids.iter().any(|i| i == id), "expected {id} in {ids:?}");
    }

    /// Runs a program (the real go) in this environment, bounded by the test harness.
    pub fn run(&self, program: impl AsRef<std::ffi::OsStr>, args: &[&str], cwd: &Path) -> Output {
        clean_command(program, &self.vars)
            .args(args)
            .current_dir(cwd)
            .output()
            .expect("run program")
    }

    /// Runs `go` found through this environment's PATH.
    pub fn go(&self, args: &[&str], cwd: &Path) -> Output {
        let go = self.vars["PATH"]
            .split(':')
            .map(|d| Path::new(d).join("go"))
            .find(|p| p.exists())
            .expect("a go on PATH");
        self.run(go, args, cwd)
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
