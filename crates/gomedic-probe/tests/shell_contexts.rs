//! Real bash, zsh and fish started as login / interactive / `sh -c` in a
//! throwaway HOME: the environments differ as their start-up files say, and
//! start-up files that sleep or print megabytes are cut off and reported
//! within the bound. The shells must be installed (fail, not skip).

use gomedic_probe::shell_contexts::{ContextSpec, context_specs, fresh_env, probe_contexts};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn which(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn env_for(home: &Path) -> Vec<(OsString, OsString)> {
    fresh_env(
        [
            ("HOME".into(), home.as_os_str().to_owned()),
            ("GOPATH".into(), "/from/parent".into()),
            ("PATH".into(), "/parent/bin".into()),
        ]
        .into_iter(),
    )
}

#[test]
fn contexts_differ_as_the_files_say() {
    for shell in ["bash", "zsh", "fish", "sh"] {
        assert!(which(shell).is_some(), "{shell} must be installed");
    }
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let h = home.display().to_string();
    write(
        &home.join(".bash_profile"),
        "echo login noise\nexport GOPATH=$HOME/login-gp\n",
    );
    write(
        &home.join(".bashrc"),
        "echo interactive noise\nexport GOPATH=$HOME/rc-gp\nexport PATH=$HOME/rc-bin:$PATH\nread answer\n",
    );
    write(&home.join(".zshenv"), "export GOFLAGS=-mod=mod\n");
    write(&home.join(".zshrc"), "export GOPATH=$HOME/zsh-gp\n");
    write(
        &home.join(".config/fish/config.fish"),
        "set -gx GOPATH $HOME/fish-gp\n",
    );
    let specs = context_specs(Some("/usr/bin/fish"), &which);
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sh -c",
            "bash login",
            "bash interactive",
            "zsh login",
            "zsh interactive",
            "fish login",
            "fish interactive"
        ]
    );
    let contexts = probe_contexts(&specs, &env_for(home), Duration::from_secs(5));
    let get = |name: &str, var: &str| -> Option<String> {
        let c = contexts.iter().find(|c| c.name == name).unwrap();
        assert!(c.error.is_none(), "{name}: {:?}", c.error);
        c.env.as_ref().unwrap().get(var).cloned()
    };
    assert_eq!(
        get("sh -c", "GOPATH"),
        None,
        "the parent's Go variables are removed"
    );
    assert_eq!(get("bash login", "GOPATH"), Some(format!("{h}/login-gp")));
    assert_eq!(
        get("bash interactive", "GOPATH"),
        Some(format!("{h}/rc-gp"))
    );
    assert!(
        get("bash interactive", "PATH")
            .unwrap()
            .starts_with(&format!("{h}/rc-bin:"))
    );
    assert_eq!(get("zsh login", "GOPATH"), None);
    assert_eq!(get("zsh login", "GOFLAGS").as_deref(), Some("-mod=mod"));
    assert_eq!(
        get("zsh interactive", "GOPATH"),
        Some(format!("{h}/zsh-gp"))
    );
    assert_eq!(get("fish login", "GOPATH"), Some(format!("{h}/fish-gp")));
    let noisy = contexts
        .iter()
        .find(|c| c.name == "bash interactive")
        .unwrap();
    assert_eq!(noisy.noise_bytes, "interactive noise\n".len() as u64);
}

#[test]
fn sleeping_and_flooding_start_up_files_are_cut_off_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    write(&home.join(".bashrc"), "sleep 60\nexport GOPATH=/never\n");
    // 8 MB of output before the result.
    write(
        &home.join(".zshrc"),
        "head -c 8000000 /dev/zero | tr '\\0' x\nexport GOPATH=$HOME/after-flood\n",
    );
    let bash = which("bash").unwrap();
    let zsh = which("zsh").unwrap();
    let specs = vec![
        ContextSpec {
            name: "bash interactive".into(),
            shell: bash,
            args: vec!["-i".into(), "-c".into()],
        },
        ContextSpec {
            name: "zsh interactive".into(),
            shell: zsh,
            args: vec!["-i".into(), "-c".into()],
        },
    ];
    let start = Instant::now();
    let contexts = probe_contexts(&specs, &env_for(home), Duration::from_millis(1500));
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    let sleeping = &contexts[0];
    assert!(sleeping.timed_out && sleeping.env.is_none(), "{sleeping:?}");
    assert!(
        sleeping
            .error
            .as_deref()
            .unwrap()
            .contains("did not finish"),
        "{sleeping:?}"
    );
    let flooding = &contexts[1];
    assert!(!flooding.timed_out, "{flooding:?}");
    assert_eq!(
        flooding
            .env
            .as_ref()
            .unwrap()
            .get("GOPATH")
            .map(String::as_str),
        Some(format!("{}/after-flood", home.display()).as_str())
    );
    assert!(
        flooding.noise_bytes >= 8_000_000,
        "{}",
        flooding.noise_bytes
    );
    // The killed session left nothing behind: no `sleep 60` of ours still runs.
    std::thread::sleep(Duration::from_millis(200));
    let ps = std::process::Command::new("ps")
        .args(["-eo", "args"])
        .output()
        .unwrap();
    let marker = home.display().to_string();
    assert!(
        !String::from_utf8_lossy(&ps.stdout)
            .lines()
            .any(|l| l.contains(&marker))
    );
}
