//! `gomedic tools` against `go version -m` (text) and `go version -m -json`.

use std::process::Command;

use gomedic_testkit::toolchain;

fn gomedic(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_gomedic"))
        .arg("tools")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn go_version(args: &[&str]) -> (String, String, i32) {
    let go = toolchain("1.27.3");
    let out = Command::new(&go.go)
        .args(["version", "-m"])
        .args(args)
        .env("GOTOOLCHAIN", "local")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn text_and_exit_code_match_go_version_m() {
    let go = toolchain("1.27.3");
    let gofmt = go.goroot.join("bin/gofmt");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("script");
    std::fs::write(&script, "#!/bin/sh\n").unwrap();
    let (go_bin, gofmt_bin, script) = (
        go.go.display().to_string(),
        gofmt.display().to_string(),
        script.display().to_string(),
    );

    let (ours, _, code) = gomedic(&[&go_bin, &gofmt_bin]);
    let (theirs, _, go_code) = go_version(&[&go_bin, &gofmt_bin]);
    assert_eq!(ours, theirs);
    assert_eq!((code, go_code), (0, 0));

    // A named non-Go file is an error and fails the run, as in go version -m.
    let (ours, err, code) = gomedic(&[&go_bin, &script]);
    let (theirs, _, go_code) = go_version(&[&go_bin, &script]);
    assert_eq!(ours, theirs);
    assert_eq!(code, go_code);
    assert!(
        err.contains("could not read Go build info from")
            && err.contains("unrecognized file format"),
        "{err}"
    );

    // A directory is walked; only Go binaries are listed; exit 0.
    let bin = go.goroot.join("bin").display().to_string();
    let (ours, _, code) = gomedic(&[&bin]);
    let (theirs, _, go_code) = go_version(&[&bin]);
    assert_eq!(ours, theirs);
    assert_eq!((code, go_code), (0, 0));
}

#[test]
fn json_entries_hold_go_version_m_json_objects() {
    let go = toolchain("1.27.3");
    let go_bin = go.go.display().to_string();
    let (ours, _, code) = gomedic(&["--format", "json", &go_bin, "/nonexistent-gomedic"]);
    assert_eq!(code, 1);
    let ours: serde_json::Value = serde_json::from_str(&ours).unwrap();
    let (theirs, _, _) = go_version(&["-json", &go_bin]);
    let theirs: serde_json::Value = serde_json::from_str(&theirs).unwrap();
    assert_eq!(ours[0]["file"], go_bin.as_str());
    assert_eq!(ours[0]["buildinfo"], theirs);
    assert_eq!(
        ours[1]["error"],
        "stat /nonexistent-gomedic: no such file or directory"
    );
}
