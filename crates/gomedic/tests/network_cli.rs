//! `gomedic check` and the network: `--offline` makes no connection at all,
//! without it the GOPROXY entries are probed within `--timeout`; `gomedic
//! route` prints Go's route for a module. Only 127.0.0.1 servers are used.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A server that counts connections and answers 500 to everything.
fn counting_server() -> (u16, Arc<AtomicUsize>) {
    answering_server(500)
}

/// A server that counts connections and answers `status` to everything.
fn answering_server(status: u16) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            c.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nv1.0.0\n"
                );
                let _ = stream.write_all(head.as_bytes());
            });
        }
    });
    (port, count)
}

fn gomedic(home: &std::path::Path, goproxy: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gomedic"));
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .env("NO_COLOR", "1")
        .env("GOPROXY", goproxy)
        .env("GOSUMDB", "off")
        .current_dir(home)
        .stdin(Stdio::null());
    cmd
}

#[test]
fn offline_makes_no_connection_and_online_probes_within_the_timeout() {
    let (port, count) = counting_server();
    let home = tempfile::tempdir().unwrap();
    let goproxy = format!("http://127.0.0.1:{port}/p,off");
    let out = gomedic(home.path(), &goproxy)
        .args(["check", "--offline", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(count.load(Ordering::SeqCst), 0, "--offline connected");
    assert!(!report.to_string().contains("modules/proxy-unreachable"));

    let (mirror_port, mirror_count) = answering_server(200);
    let mirror = format!("http://127.0.0.1:{mirror_port}");
    let started = Instant::now();
    let out = gomedic(home.path(), &goproxy)
        .args(["check", "--timeout", "1", "--format", "json"])
        .arg(format!("--mirrors={mirror}"))
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        count.load(Ordering::SeqCst) >= 1,
        "the proxy was not probed"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "modules/proxy-unreachable")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(finding["severity"], "error");
    // The (loopback) mirror answered: it is offered, with the exact line.
    assert_eq!(mirror_count.load(Ordering::SeqCst), 1);
    let command = format!("go env -w GOPROXY={mirror},direct");
    assert!(finding.to_string().contains(&command), "{finding:#}");
}

#[test]
fn route_prints_the_walk_without_network() {
    let (port, count) = counting_server();
    let home = tempfile::tempdir().unwrap();
    let goproxy = format!("http://u:secret@127.0.0.1:{port}/p|http://127.0.0.1:{port}/q,direct");
    let out = gomedic(home.path(), &goproxy)
        .env("GOPRIVATE", "git.corp.example.com")
        .args(["route", "git.corp.example.com/team/lib"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("pattern \"git.corp.example.com\" matches"),
        "{text}"
    );
    assert!(text.contains("direct: fetch from the origin"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let out = gomedic(home.path(), &goproxy)
        .args(["route", "example.com/m", "--probe", "--timeout", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // http with credentials: go refuses to send them, and so does the probe.
    assert!(
        text.contains("refusing to pass credentials to insecure URL"),
        "{text}"
    );
    assert!(!text.contains("secret"), "{text}");
    // `|`: the next proxy is asked; its 500 ends the walk (`,`).
    assert!(text.contains("reading http://127.0.0.1:"), "{text}");
    assert!(text.contains("`,`: go stops here"), "{text}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn snapshot_carries_the_network_facts_and_check_judges_them_elsewhere() {
    let (port, count) = counting_server();
    let home = tempfile::tempdir().unwrap();
    let goproxy = format!("http://127.0.0.1:{port}/p,off");
    let file = home.path().join("snap.json");
    let out = gomedic(home.path(), &goproxy)
        .args(["snapshot", "--offline", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(count.load(Ordering::SeqCst), 0);
    let snap: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(snap["network"].is_null());
    // Without --offline the facts are in the snapshot. The proxy answers 404
    // (not a failure), so no mirror is asked: nothing but 127.0.0.1 is contacted.
    let (port404, count404) = answering_server(404);
    let goproxy = format!("http://127.0.0.1:{port404}/p,off");
    let out = gomedic(home.path(), &goproxy)
        .args(["snapshot", "--timeout", "1", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(count404.load(Ordering::SeqCst) >= 1);
    let snap: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        snap["network"]["proxies"][0]["outcome"]["kind"],
        "not-found"
    );
}
