//! `gomedic env --explain` run in the environment a real login bash built
//! from start-up files in a throwaway HOME: every value is traced to the
//! file and line that exported it, PATH entry by entry, and the GOENV file
//! and $GOROOT/go.env layers are shown.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The environment `bash -l` exports with `home` and `path`.
fn login_bash_env(home: &Path, path: &str) -> BTreeMap<String, String> {
    let out = Command::new("bash")
        .args(["-l", "-c", "env -0"])
        .env_clear()
        .env("HOME", home)
        .env("PATH", path)
        .stdin(Stdio::null())
        .output()
        .expect("bash must be installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn layer<'a>(var: &'a Value, name: &str) -> &'a Value {
    var["chain"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["layer"] == name)
        .unwrap_or_else(|| panic!("no {name} layer in {var:#}"))
}

#[test]
fn explain_traces_login_bash_values_to_their_lines() {
    let go = gomedic_testkit::toolchain("1.27.3");
    let go_bin = go.goroot.join("bin");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let h = home.display().to_string();
    write(
        &home.join(".bash_profile"),
        "export GOPATH=\"$HOME/gp\"\n[ -f ~/.bashrc ] && . ~/.bashrc\nexport PATH=\"$PATH:$GOPATH/bin\"\n",
    );
    // /etc/profile of a login shell resets PATH on Debian: go comes from .bashrc.
    write(
        &home.join(".bashrc"),
        &format!(
            "export GOPROXY=direct\nPATH=\"{}:$PATH\"\n",
            go_bin.display()
        ),
    );
    write(&home.join(".profile"), "export GOPATH=/unused\n");
    write(
        &home.join(".config/go/env"),
        "GOPROXY=https://proxy.example\nGOFLAGS=-v\n",
    );
    let env = login_bash_env(home, "/usr/bin:/bin");

    let out = Command::new(env!("CARGO_BIN_EXE_gomedic"))
        .args([
            "env",
            "--explain",
            "--format",
            "json",
            "GOPATH",
            "GOPROXY",
            "GOFLAGS",
            "GOSUMDB",
            "PATH",
        ])
        .env_clear()
        .envs(&env)
        .current_dir(home)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vars: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let get = |name: &str| vars.iter().find(|v| v["name"] == name).unwrap();

    let gopath = get("GOPATH");
    assert_eq!(gopath["value"], format!("{h}/gp"));
    let process = layer(gopath, "process");
    assert_eq!(process["wins"], true);
    assert_eq!(
        process["exported_by"][0]["file"],
        format!("{h}/.bash_profile")
    );
    assert_eq!(process["exported_by"][0]["line"], 1);
    assert_eq!(process["also_set_by"][0]["file"], format!("{h}/.profile"));

    let goproxy = get("GOPROXY");
    assert_eq!(goproxy["value"], "direct");
    assert_eq!(
        layer(goproxy, "process")["exported_by"][0]["file"],
        format!("{h}/.bashrc")
    );
    let user = layer(goproxy, "goenv-file");
    assert_eq!(
        (user["value"].as_str(), user["wins"].as_bool()),
        (Some("https://proxy.example"), Some(false))
    );
    assert_eq!(user["note"], "shadowed by the process environment");
    assert_eq!(
        layer(goproxy, "goroot-go.env")["value"],
        "https://proxy.golang.org,direct"
    );

    let goflags = get("GOFLAGS");
    assert_eq!(layer(goflags, "goenv-file")["wins"], true);
    assert_eq!(
        layer(goflags, "goenv-file")["location"],
        format!("{h}/.config/go/env:2")
    );
    assert_eq!(layer(get("GOSUMDB"), "goroot-go.env")["wins"], true);

    let entries = get("PATH")["entries"].as_array().unwrap().clone();
    let first = &entries[0];
    assert_eq!(first["entry"], go_bin.display().to_string());
    assert_eq!(first["added_by"][0]["file"], format!("{h}/.bashrc"));
    assert_eq!(first["added_by"][0]["action"], "prepends to");
    let last = entries.last().unwrap();
    assert_eq!(last["entry"], format!("{h}/gp/bin"));
    assert_eq!(last["added_by"][0]["file"], format!("{h}/.bash_profile"));
    assert_eq!(last["added_by"][0]["line"], 3);
    assert_eq!(last["added_by"][0]["action"], "appends to");

    // The text form says the same.
    let text = Command::new(env!("CARGO_BIN_EXE_gomedic"))
        .args(["env", "--explain", "GOPATH"])
        .env_clear()
        .envs(&env)
        .current_dir(home)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("exported by {h}/.bash_profile:1 sets it")),
        "{text}"
    );
    assert!(
        text.contains(&format!("also: {h}/.profile:1 sets it ('/unused')")),
        "{text}"
    );
}
