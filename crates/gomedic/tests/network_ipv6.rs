//! network/ipv6-broken on a real stalling IPv6 path: in a fresh network and
//! mount namespace (`unshare --mount --net`), /etc/hosts maps dual.test to
//! ::1 and 127.0.0.1; a server on [::1] accepts and never answers, one on
//! 127.0.0.1 answers. The real go hangs on that host (and works over IPv4);
//! gomedic must warn.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

const SCRIPT: &str = r#"set -e
ip link set lo up
mount --bind "$W/hosts" /etc/hosts
python3 "$HTTP" ::1 8080 stall > "$W/s6.out" 2>&1 &
python3 "$HTTP" 127.0.0.1 8080 answer > "$W/s4.out" 2>&1 &
for _ in $(seq 50); do grep -q ready "$W/s6.out" && grep -q ready "$W/s4.out" && break; sleep 0.1; done
export HOME="$W" GOPATH="$W/gopath" GOCACHE="$W/cache" GOSUMDB=off GOTOOLCHAIN=local GOFLAGS=-modcacherw \
  PATH="$GOBIN_DIR:/usr/bin:/bin" NO_COLOR=1
cd "$W/project"
rc=0; GOPROXY=http://dual.test:8080 timeout 6 go list -m -versions golang.org/x/text > /dev/null 2>&1 || rc=$?
echo "$rc" > "$W/go_dual.rc"
rc=0; GOPROXY=http://127.0.0.1:8080 timeout 6 go list -m -versions golang.org/x/text > /dev/null 2>&1 || rc=$?
echo "$rc" > "$W/go_v4.rc"
GOPROXY=http://dual.test:8080 timeout 60 "$GOMEDIC" check --timeout 2 --format json --project "$W/project" > "$W/dual.json" || true
GOPROXY=http://127.0.0.1:8080 timeout 60 "$GOMEDIC" check --timeout 2 --format json --project "$W/project" > "$W/v4.json" || true
kill $(jobs -p) 2>/dev/null || true
"#;

fn ipv6_findings(path: &Path) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "network/ipv6-broken")
        .cloned()
        .collect()
}

#[test]
fn a_stalling_ipv6_path_hangs_go_and_is_reported() {
    let http = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dns/tiny_http.py");
    for version in ["1.22.10", "1.27.3"] {
        let go = gomedic_testkit::toolchain(version);
        let dir = tempfile::tempdir().unwrap();
        let w = dir.path();
        std::fs::write(
            w.join("hosts"),
            "127.0.0.1 localhost\n::1 dual.test\n127.0.0.1 dual.test\n",
        )
        .unwrap();
        std::fs::create_dir_all(w.join("project")).unwrap();
        std::fs::write(
            w.join("project/go.mod"),
            "module example.com/m\n\ngo 1.21\n",
        )
        .unwrap();
        std::fs::write(w.join("case.sh"), SCRIPT).unwrap();
        let out = Command::new("timeout")
            .arg("200")
            .args(["unshare", "--mount", "--net", "bash"])
            .arg(w.join("case.sh"))
            .env("W", w)
            .env("HTTP", &http)
            .env("GOMEDIC", env!("CARGO_BIN_EXE_gomedic"))
            .env("GOBIN_DIR", go.go.parent().unwrap())
            .output()
            .expect("run unshare");
        assert!(
            out.status.success(),
            "`unshare --mount --net` must work for this test (run as root or with user namespaces): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rc = |name: &str| {
            std::fs::read_to_string(w.join(name))
                .unwrap()
                .trim()
                .to_string()
        };
        // go prefers ::1, connects, and waits forever; over IPv4 it finishes.
        assert_eq!(
            rc("go_dual.rc"),
            "124",
            "go {version} did not hang on the IPv6 path"
        );
        assert_ne!(rc("go_v4.rc"), "124", "go {version} hung over IPv4");

        let found = ipv6_findings(&w.join("dual.json"));
        assert_eq!(found.len(), 1, "go {version}: {found:#?}");
        let title = found[0]["title"].as_str().unwrap();
        assert!(
            title.contains("dual.test") && title.contains("::1"),
            "{title}"
        );
        assert!(ipv6_findings(&w.join("v4.json")).is_empty());
    }
}
