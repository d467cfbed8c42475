//! network/dns-failure on real broken resolvers: each case runs in a fresh
//! network and mount namespace (`unshare --mount --net`: only loopback),
//! with its own /etc/resolv.conf bind-mounted and a tiny DNS server
//! (testdata/dns/tiny_dns.py) on loopback. The real go (built without cgo,
//! so it uses its own DNS client) and gomedic run side by side in the same
//! namespace; gomedic's account of Go's lookup must match go's error.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    /// resolv.conf's text.
    resolv_conf: &'static str,
    /// `ADDR MODE` of each tiny DNS server to start.
    servers: &'static [&'static str],
}

struct Outcome {
    go_stderr: String,
    report: serde_json::Value,
}

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

/// Runs go and gomedic inside a fresh namespace set up as `case` says.
fn run_case(case: &Case, go: &gomedic_testkit::Toolchain) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    std::fs::write(work.join("resolv.conf"), case.resolv_conf).unwrap();
    std::fs::create_dir_all(work.join("project")).unwrap();
    std::fs::write(
        work.join("project/go.mod"),
        "module example.com/m\n\ngo 1.21\n",
    )
    .unwrap();
    let server = testdata("dns/tiny_dns.py");
    let mut script = String::from(
        "set -e\nip link set lo up\nip addr add 127.0.0.2/8 dev lo 2>/dev/null || true\n\
         mount --bind \"$W/resolv.conf\" /etc/resolv.conf\n",
    );
    for (i, s) in case.servers.iter().enumerate() {
        script.push_str(&format!(
            "python3 {} {s} > \"$W/server{i}.out\" 2>&1 &\n\
             for _ in $(seq 50); do grep -q ready \"$W/server{i}.out\" && break; sleep 0.1; done\n",
            server.display()
        ));
    }
    script.push_str(
        "export HOME=\"$W\" GOPATH=\"$W/gopath\" GOCACHE=\"$W/cache\" GOPROXY=http://proxy.test:8080 \
         GOSUMDB=off GOTOOLCHAIN=local GOFLAGS=-modcacherw CGO_ENABLED=0 PATH=\"$GOBIN_DIR:/usr/bin:/bin\" NO_COLOR=1\n\
         cd \"$W/project\"\n\
         timeout 60 go list -m -versions golang.org/x/text > /dev/null 2> \"$W/go.err\" || true\n\
         timeout 60 \"$GOMEDIC\" check --format json --project \"$W/project\" > \"$W/report.json\" 2> \"$W/gomedic.err\" || true\n\
         kill $(jobs -p) 2>/dev/null || true\n",
    );
    std::fs::write(work.join("case.sh"), script).unwrap();
    let out = Command::new("timeout")
        .arg("150")
        .args(["unshare", "--mount", "--net", "bash"])
        .arg(work.join("case.sh"))
        .env("W", work)
        .env("GOMEDIC", env!("CARGO_BIN_EXE_gomedic"))
        .env("GOBIN_DIR", go.go.parent().unwrap())
        .output()
        .expect("run unshare");
    assert!(
        out.status.success(),
        "`unshare --mount --net` must work for this test (run as root or with user namespaces): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read(work.join("report.json")).unwrap();
    let report = serde_json::from_slice(&report).unwrap_or_else(|e| {
        panic!(
            "gomedic report: {e}; stderr: {}",
            std::fs::read_to_string(work.join("gomedic.err")).unwrap_or_default()
        )
    });
    Outcome {
        go_stderr: std::fs::read_to_string(work.join("go.err")).unwrap(),
        report,
    }
}

fn dns_findings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "network/dns-failure")
        .collect()
}

fn evidence<'a>(finding: &'a serde_json::Value, label: &str) -> &'a str {
    finding["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == label)
        .and_then(|e| e["value"].as_str())
        .unwrap_or_else(|| panic!("no {label} evidence in {finding}"))
}

/// Go's lookup error from its stderr: `lookup proxy.test on ...` to the
/// end of the line, with UDP source ports masked.
fn go_lookup_error(stderr: &str) -> String {
    let start = stderr
        .find("lookup proxy.test")
        .unwrap_or_else(|| panic!("go did not fail a lookup: {stderr}"));
    mask_ports(stderr[start..].lines().next().unwrap())
}

fn mask_ports(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    // `read udp 127.0.0.1:41235->`: the local port differs per run.
    while let Some(i) = rest.find("udp ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        if let Some(arrow) = rest.find("->")
            && let Some(colon) = rest[..arrow].rfind(':')
        {
            out.push_str(&rest[..colon]);
            out.push_str(":PORT");
            rest = &rest[arrow..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn go_resolver_failures_match_go() {
    // Indented nameserver lines count for Go but the C library skips them;
    // Go reads at most three: it asks only the SERVFAIL server,
    // getaddrinfo only the good one.
    let curl_works_go_does_not = Case {
        resolv_conf: " nameserver 127.0.0.2\n nameserver 127.0.0.2\n nameserver 127.0.0.2\nnameserver 127.0.0.1\n",
        servers: &["127.0.0.1 answer:127.0.0.1", "127.0.0.2 servfail"],
    };
    let nothing_listening = Case {
        resolv_conf: "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
        servers: &[],
    };
    // No nameserver line: Go asks 127.0.0.1:53 and then [::1]:53.
    let no_nameserver_line = Case {
        resolv_conf: "options timeout:1 attempts:1\n",
        servers: &[],
    };
    let nxdomain = Case {
        resolv_conf: "nameserver 127.0.0.1\n",
        servers: &["127.0.0.1 nxdomain"],
    };
    let refused = Case {
        resolv_conf: "nameserver 127.0.0.1\n",
        servers: &["127.0.0.1 refused"],
    };
    for version in ["1.22.10", "1.27.3"] {
        let go = gomedic_testkit::toolchain(version);
        for (name, case, failure, system_ok) in [
            (
                "servfail",
                &curl_works_go_does_not,
                "server misbehaving",
                true,
            ),
            ("no server", &nothing_listening, "connection refused", false),
            ("defaults", &no_nameserver_line, "connection refused", false),
            ("nxdomain", &nxdomain, "no such host", false),
            ("refused", &refused, "server misbehaving", false),
        ] {
            let outcome = run_case(case, &go);
            let go_error = go_lookup_error(&outcome.go_stderr);
            assert!(
                go_error.ends_with(failure),
                "go {version} {name}: {go_error}"
            );
            let found = dns_findings(&outcome.report);
            assert_eq!(found.len(), 1, "go {version} {name}: {:#}", outcome.report);
            let ours = mask_ports(evidence(found[0], "Go's lookup"));
            assert_eq!(ours, go_error, "go {version} {name}");
            let title = found[0]["title"].as_str().unwrap();
            assert_eq!(
                title.contains("although the system resolver can"),
                system_ok,
                "{name}: {title}"
            );
            if name == "defaults" {
                assert!(ours.contains("on [::1]:53"), "{ours}");
                assert_eq!(evidence(found[0], "nameservers"), "127.0.0.1:53, [::1]:53");
            }
            if system_ok {
                assert_eq!(evidence(found[0], "system resolver"), "127.0.0.1");
            }
        }
    }
}

#[test]
fn a_working_resolver_is_not_reported() {
    let healthy = Case {
        resolv_conf: "nameserver 127.0.0.1\n",
        servers: &["127.0.0.1 answer:127.0.0.1"],
    };
    let go = gomedic_testkit::toolchain("1.27.3");
    let outcome = run_case(&healthy, &go);
    // go got an address and failed only to connect (nothing on port 8080).
    assert!(
        outcome.go_stderr.contains("dial tcp 127.0.0.1:8080")
            && !outcome.go_stderr.contains("lookup"),
        "{}",
        outcome.go_stderr
    );
    assert!(
        dns_findings(&outcome.report).is_empty(),
        "{:#}",
        outcome.report
    );
}
