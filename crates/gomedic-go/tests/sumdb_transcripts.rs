//! Replays the real go command ↔ checksum database transcripts
//! (testdata/vectors/sumdb/, go1.27.3; see PROVENANCE.md there) through
//! gomedic's client and asserts the go command's outcome: the same go.sum
//! lines, the same remote reads, the same client files, and the same errors
//! (checksum mismatch, forked and rolled-back logs, inconsistent tiles).

use base64::Engine as _;
use gomedic_go::sumdb_client::{Client, ClientFiles, LookupError};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

const VKEY: &str = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors/sumdb")
}

/// path → response body of one recorded server session.
fn transcript(name: &str) -> (Vec<String>, HashMap<String, Vec<u8>>) {
    let text = std::fs::read_to_string(dir().join(format!("transcript-{name}.jsonl"))).unwrap();
    let mut order = Vec::new();
    let mut bodies = HashMap::new();
    for line in text.lines() {
        let entry: Value = serde_json::from_str(line).unwrap();
        assert_eq!(entry["status"], 200);
        let body = match entry["body_text"].as_str() {
            Some(t) => t.as_bytes().to_vec(),
            None => base64::engine::general_purpose::STANDARD
                .decode(entry["body_base64"].as_str().unwrap())
                .unwrap(),
        };
        let path = entry["path"].as_str().unwrap().to_string();
        order.push(path.clone());
        bodies.insert(path, body);
    }
    (order, bodies)
}

fn serve(bodies: &HashMap<String, Vec<u8>>) -> impl FnMut(&str) -> Result<Vec<u8>, String> + '_ {
    move |path| {
        bodies
            .get(path)
            .cloned()
            .ok_or_else(|| format!("reading {path}: 404 Not Found"))
    }
}

/// The files a go command left behind (`*-client-state/`).
fn client_state(name: &str, with_tiles: bool, with_lookups: bool) -> ClientFiles {
    let root = dir().join(name);
    let latest_path = root.join("GOPATH_pkg_sumdb/localhost.localdev/sumdb/latest");
    let mut files = ClientFiles {
        latest: std::fs::read(latest_path).unwrap(),
        cache: BTreeMap::new(),
    };
    let cache_root = root.join("GOMODCACHE_cache_download_sumdb");
    let mut stack = vec![cache_root.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&cache_root).unwrap();
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_str().unwrap())
                .collect::<Vec<_>>()
                .join("/");
            let is_tile = key.starts_with("localhost.localdev/sumdb/tile/");
            if (is_tile && with_tiles) || (!is_tile && with_lookups) {
                files.cache.insert(key, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// One `### title` section of go_command_log.txt: stdout JSON and stderr text.
struct GoRun {
    stdout: Option<Value>,
    stderr: String,
}

fn go_log() -> Vec<(String, GoRun)> {
    let text = std::fs::read_to_string(dir().join("go_command_log.txt")).unwrap();
    let mut runs = Vec::new();
    for section in text.split("\n### ").skip(1) {
        let title = section.lines().next().unwrap().to_string();
        let stdout: String = section
            .lines()
            .filter_map(|l| l.strip_prefix("stdout| "))
            .collect::<Vec<_>>()
            .join("\n");
        let stderr: Vec<&str> = section
            .lines()
            .filter_map(|l| {
                l.strip_prefix("stderr| ")
                    .or((l == "stderr|").then_some(""))
            })
            .collect();
        runs.push((
            title,
            GoRun {
                stdout: (!stdout.is_empty()).then(|| serde_json::from_str(&stdout).unwrap()),
                stderr: stderr.join("\n"),
            },
        ));
    }
    runs
}

fn runs_titled(prefix: &str) -> Vec<GoRun> {
    go_log()
        .into_iter()
        .filter(|(t, _)| t.starts_with(prefix))
        .map(|(_, r)| r)
        .collect()
}

fn offline_replay(transcript: &str) -> Value {
    let text = std::fs::read_to_string(dir().join("offline_replay.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all["replays"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["transcript"] == format!("transcript-{transcript}.jsonl"))
        .unwrap()
        .clone()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Remote reads grouped by lookup, tiles sorted: the go command reads the
/// tiles of one step concurrently, so their order is not meaningful.
fn per_lookup(reads: &[String]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for read in reads {
        match groups.last_mut() {
            Some((_, tiles)) if read.starts_with("/tile/") => tiles.push(read.clone()),
            _ => groups.push((read.clone(), Vec::new())),
        }
    }
    for (_, tiles) in &mut groups {
        tiles.sort();
    }
    groups
}

/// Verifies a run's downloads the way the go command does (go.mod first).
fn verify_download(
    client: &mut Client,
    fetch: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
    run: &Value,
) -> Result<(), LookupError> {
    let path = run["Path"].as_str().unwrap();
    let vers = run["Version"].as_str().unwrap();
    client.check_sum(
        path,
        &format!("{vers}/go.mod"),
        run["GoModSum"].as_str().unwrap(),
        fetch,
    )?;
    let zip_sum = run["Sum"]
        .as_str()
        .unwrap_or("h1:RKKAvwQ5q57sBGEBzNCZ5unN5avAdB/C4pvnSJA9YlA=");
    client.check_sum(path, vers, zip_sum, fetch)
}

fn replay_successes(name: &str, state_dir: &str, runs: &[GoRun]) {
    let (_, bodies) = transcript(name);
    let mut fetch = serve(&bodies);
    let mut client = Client::new(VKEY, ClientFiles::default()).unwrap();
    let replay = offline_replay(name);
    let results = replay["results"].as_array().unwrap();
    assert_eq!(runs.len(), results.len());
    for (run, result) in runs.iter().zip(results) {
        let out = run.stdout.as_ref().unwrap();
        assert!(out.get("Error").is_none());
        verify_download(&mut client, &mut fetch, out).unwrap();
        let (path, vers) = (
            out["Path"].as_str().unwrap(),
            out["Version"].as_str().unwrap(),
        );
        assert_eq!(path, result["module"]);
        let lines = client.lookup(path, vers, &mut fetch).unwrap();
        assert_eq!(lines, strings(&result["lookup_lines"]));
        let lines = client
            .lookup(path, &format!("{vers}/go.mod"), &mut fetch)
            .unwrap();
        assert_eq!(lines, strings(&result["lookup_gomod_lines"]));
        // The go.sum lines the go command wrote are the database's lines.
        assert_eq!(
            lines[0],
            format!("{path} {vers}/go.mod {}", out["GoModSum"].as_str().unwrap())
        );
    }
    assert_eq!(
        per_lookup(client.remote_reads()),
        per_lookup(&strings(&replay["remote_reads_in_order"]))
    );
    assert_eq!(
        String::from_utf8(client.files().latest.clone()).unwrap(),
        replay["final_latest"].as_str().unwrap()
    );
    // The files left behind are exactly the go command's.
    assert_eq!(*client.files(), client_state(state_dir, true, true));
}

#[test]
fn honest_lookups_verify_like_the_go_command() {
    replay_successes("honest", "honest-client-state", &runs_titled("honest:"));
}

#[test]
fn big_log_lookups_verify_through_multi_level_tiles() {
    replay_successes("big", "big-client-state", &runs_titled("big:"));
}

#[test]
fn wrong_hash_is_a_checksum_mismatch() {
    let (order, bodies) = transcript("wrong");
    let mut fetch = serve(&bodies);
    let mut client = Client::new(VKEY, ClientFiles::default()).unwrap();
    let runs = runs_titled("wrong:");
    let out = runs[0].stdout.as_ref().unwrap();
    let err = verify_download(&mut client, &mut fetch, out).unwrap_err();
    assert_eq!(
        err,
        LookupError::Failed(out["Error"].as_str().unwrap().to_string())
    );
    assert_eq!(client.remote_reads(), order);
}

fn expect_misbehavior(name: &str, title: &str, module: &str) {
    let (order, bodies) = transcript(name);
    let mut fetch = serve(&bodies);
    let files = client_state("honest-client-state", true, false);
    let mut client = Client::new(VKEY, files).unwrap();
    let err = client
        .check_sum(module, "v1.0.0/go.mod", "h1:unused", &mut fetch)
        .unwrap_err();
    let runs = runs_titled(title);
    match err {
        LookupError::Misbehavior { report } => {
            assert!(
                report.starts_with("SECURITY ERROR\ngo.sum database server misbehavior detected!")
            );
            assert_eq!(report, runs[0].stderr);
        }
        other => panic!("{name}: expected misbehavior, got {other}"),
    }
    assert_eq!(client.remote_reads(), order);
    // The remembered tree head is not replaced by the misbehaving server's.
    assert_eq!(
        client.files().latest,
        client_state("honest-client-state", false, false).latest
    );
    assert_eq!(client.latest().n, 5);
    // Later lookups keep failing.
    assert!(client.lookup(module, "v1.0.0", &mut fetch).is_err());
}

#[test]
fn forked_log_is_detected() {
    expect_misbehavior("fork", "fork: server", "example.com/vend");
}

#[test]
fn rolled_back_log_is_detected() {
    expect_misbehavior("rollback", "rollback:", "example.com/UpperCase");
}

#[test]
fn fork_with_cold_tile_cache_is_an_inconsistent_tile() {
    let (order, bodies) = transcript("forkcold");
    let mut fetch = serve(&bodies);
    let mut files = client_state("honest-client-state", false, false);
    assert!(files.cache.is_empty());
    files.latest = client_state("honest-client-state", false, false).latest;
    let mut client = Client::new(VKEY, files).unwrap();
    let out = runs_titled("fork, cold tile cache")[0]
        .stdout
        .clone()
        .unwrap();
    let err = client
        .check_sum("example.com/vend", "v1.0.0/go.mod", "h1:unused", &mut fetch)
        .unwrap_err();
    assert_eq!(
        err,
        LookupError::Failed(out["Error"].as_str().unwrap().to_string())
    );
    assert_eq!(client.remote_reads(), order);
    assert!(
        client.files().cache.is_empty(),
        "unauthenticated tiles are not cached"
    );
}

#[test]
fn cached_lookups_are_verified_again() {
    // A tampered cached lookup is rejected even though it never hits the network.
    let mut files = client_state("honest-client-state", true, true);
    let key = "localhost.localdev/sumdb/lookup/example.com/simple@v1.0.0";
    let original = String::from_utf8(files.cache[key].clone()).unwrap();
    files.cache.insert(
        key.to_string(),
        original.replace("h1:RKKAvwQ5", "h1:RKKAvwQ6").into_bytes(),
    );
    let mut client = Client::new(VKEY, files).unwrap();
    let mut no_network = |p: &str| -> Result<Vec<u8>, String> { Err(format!("offline: {p}")) };
    let err = client
        .lookup("example.com/simple", "v1.0.0", &mut no_network)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "example.com/simple@v1.0.0: cannot authenticate record data in server response"
    );
    assert!(client.remote_reads().is_empty());
    // An intact cached lookup verifies offline.
    let lines = client
        .lookup("example.com/m/v2", "v2.0.0", &mut no_network)
        .unwrap();
    assert_eq!(
        lines,
        ["example.com/m/v2 v2.0.0 h1:obBJ/XfM0xhJFs+V5uQN3L+EO1tAhrYU36ymtvicxrQ="]
    );
}

#[test]
fn tree_note_signed_by_another_key_is_refused() {
    let (_, bodies) = transcript("honest");
    let mut fetch = serve(&bodies);
    let other = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    let mut client = Client::new(other, ClientFiles::default()).unwrap();
    let err = client
        .lookup("example.com/simple", "v1.0.0", &mut fetch)
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(
            "example.com/simple@v1.0.0: reading tree note: note has no verifiable signatures\nnote:\ngo.sum database tree\n1\n"
        ),
        "{text}"
    );
}
