//! A checksum database on 127.0.0.1 for the tests, built with gomedic-go's
//! tlog and note code and a test key, plus a `file://` GOPROXY tree of small
//! modules. The server can be told to lie (wrong record, wrong key) and to
//! switch to another log (fork, rollback).

#![allow(dead_code)]

use gomedic_go::dirhash::{FileDigest, go_mod_hash, hash1};
use gomedic_go::module::{escape_path, escape_version};
use gomedic_go::note::{self, Note, NoteSigner};
use gomedic_go::tlog::{self, Hash, Tree};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const DB_NAME: &str = "sumdb.test.localhost";

/// A small module: its go.mod and one Go file.
#[derive(Debug, Clone)]
pub struct TestModule {
    pub path: String,
    pub version: String,
    pub go_mod: String,
    pub source: String,
}

impl TestModule {
    pub fn new(path: &str, version: &str) -> TestModule {
        TestModule {
            path: path.into(),
            version: version.into(),
            go_mod: format!("module {path}\n\ngo 1.21\n"),
            source: format!("package {}\n\nconst V = {version:?}\n", last_elem(path)),
        }
    }

    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let prefix = format!("{}@{}", self.path, self.version);
        vec![
            (format!("{prefix}/go.mod"), self.go_mod.clone().into_bytes()),
            (
                format!("{prefix}/{}.go", last_elem(&self.path)),
                self.source.clone().into_bytes(),
            ),
        ]
    }

    /// The `h1:` hash of the module zip.
    pub fn zip_hash(&self) -> String {
        use sha2::Digest;
        let digests: Vec<FileDigest> = self
            .files()
            .into_iter()
            .map(|(name, data)| FileDigest {
                name: name.into_bytes(),
                sha256: sha2::Sha256::digest(&data).into(),
            })
            .collect();
        hash1(&digests).unwrap()
    }

    pub fn mod_hash(&self) -> String {
        go_mod_hash(self.go_mod.as_bytes())
    }

    /// Its two go.sum lines.
    pub fn go_sum_lines(&self) -> String {
        format!(
            "{p} {v} {}\n{p} {v}/go.mod {}\n",
            self.zip_hash(),
            self.mod_hash(),
            p = self.path,
            v = self.version
        )
    }

    fn zip(&self) -> Vec<u8> {
        use zip::write::SimpleFileOptions;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in self.files() {
            w.start_file(name, opts).unwrap();
            w.write_all(&data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }
}

fn last_elem(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Writes the GOPROXY file tree of `modules` (several versions of a module
/// may be given; `extra_mods` adds `.mod`-only versions) under `dir`.
pub fn write_file_proxy(dir: &Path, modules: &[TestModule]) {
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in modules {
        let base = dir.join(escape_path(&m.path).unwrap()).join("@v");
        std::fs::create_dir_all(&base).unwrap();
        let v = escape_version(&m.version).unwrap();
        std::fs::write(base.join(format!("{v}.mod")), &m.go_mod).unwrap();
        std::fs::write(base.join(format!("{v}.zip")), m.zip()).unwrap();
        std::fs::write(
            base.join(format!("{v}.info")),
            format!(
                "{{\"Version\":\"{}\",\"Time\":\"2024-01-01T00:00:00Z\"}}",
                m.version
            ),
        )
        .unwrap();
        lists
            .entry(m.path.clone())
            .or_default()
            .push(m.version.clone());
    }
    for (path, versions) in lists {
        let list = dir.join(escape_path(&path).unwrap()).join("@v/list");
        std::fs::write(list, versions.join("\n") + "\n").unwrap();
    }
}

/// One log: records in order, the stored hashes, signed by `signer`.
#[derive(Clone)]
pub struct Log {
    signer: Arc<NoteSigner>,
    records: Vec<Vec<u8>>,
    index: BTreeMap<String, usize>,
    stored: Vec<Hash>,
}

impl Log {
    pub fn new(seed: u8) -> Log {
        Log {
            signer: Arc::new(NoteSigner::from_seed(DB_NAME, [seed; 32]).unwrap()),
            records: Vec::new(),
            index: BTreeMap::new(),
            stored: Vec::new(),
        }
    }

    /// The verifier key for GOSUMDB.
    pub fn vkey(&self) -> String {
        self.signer.verifier().encode()
    }

    /// Appends the record of `m` with these hashes.
    pub fn add_hashes(&mut self, m: &TestModule, zip_hash: &str, mod_hash: &str) {
        let text = format!(
            "{p} {v} {zip_hash}\n{p} {v}/go.mod {mod_hash}\n",
            p = m.path,
            v = m.version
        );
        let n = self.records.len() as i64;
        let hashes = tlog::stored_hashes(n, text.as_bytes(), &mut self.stored).unwrap();
        self.stored.extend(hashes);
        let key = format!(
            "{}@{}",
            escape_path(&m.path).unwrap(),
            escape_version(&m.version).unwrap()
        );
        self.index.insert(key, self.records.len());
        self.records.push(text.into_bytes());
    }

    /// Appends the honest record of `m`.
    pub fn add(&mut self, m: &TestModule) {
        self.add_hashes(m, &m.zip_hash(), &m.mod_hash());
    }

    pub fn size(&self) -> i64 {
        self.records.len() as i64
    }

    fn tree(&self) -> Tree {
        let n = self.size();
        let mut stored = self.stored.clone();
        Tree {
            n,
            hash: tlog::tree_hash(n, &mut stored).unwrap(),
        }
    }

    /// The signed tree head.
    pub fn latest(&self) -> Vec<u8> {
        let text = tlog::format_tree(&self.tree());
        note::sign(
            &Note {
                text,
                ..Note::default()
            },
            &[&self.signer],
        )
        .unwrap()
    }

    fn tile(&self, path: &str) -> Option<Vec<u8>> {
        let tile = tlog::parse_tile_path(path.trim_start_matches('/')).ok()?;
        if tile.h != 8 || tile.l < 0 {
            return None;
        }
        // Only tiles inside the current tree exist.
        let level_count = self.size() >> (tile.h * tile.l as u32);
        if (tile.n << tile.h) + tile.w > level_count {
            return None;
        }
        let mut stored = self.stored.clone();
        tlog::read_tile_data(&tile, &mut stored).ok()
    }

    fn lookup(&self, key: &str) -> Option<Vec<u8>> {
        let id = *self.index.get(key)?;
        let mut out = tlog::format_record(id as i64, &self.records[id]).ok()?;
        out.extend(self.latest());
        Some(out)
    }
}

/// How the server misbehaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lie {
    None,
    /// Lookups return a record text other than the one in the tree.
    AlteredRecord,
}

struct State {
    log: Log,
    lie: Lie,
}

/// The checksum database server.
pub struct SumdbServer {
    pub port: u16,
    pub requests: Arc<AtomicUsize>,
    state: Arc<Mutex<State>>,
}

impl SumdbServer {
    pub fn start(log: Log) -> SumdbServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let state = Arc::new(Mutex::new(State {
            log,
            lie: Lie::None,
        }));
        let (r, s) = (requests.clone(), state.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                r.fetch_add(1, Ordering::SeqCst);
                let s = s.clone();
                std::thread::spawn(move || serve(stream, &s));
            }
        });
        SumdbServer {
            port,
            requests,
            state,
        }
    }

    /// GOSUMDB for this server.
    pub fn gosumdb(&self) -> String {
        let vkey = self.state.lock().unwrap().log.vkey();
        format!("{vkey} http://127.0.0.1:{}", self.port)
    }

    /// Serves another log from now on (a fork or a rollback).
    pub fn switch(&self, log: Log) {
        self.state.lock().unwrap().log = log;
    }

    pub fn lie(&self, lie: Lie) {
        self.state.lock().unwrap().lie = lie;
    }
}

fn serve(mut stream: std::net::TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let answer = {
        let st = state.lock().unwrap();
        if path == "/latest" {
            Some(st.log.latest())
        } else if let Some(key) = path.strip_prefix("/lookup/") {
            st.log.lookup(key).map(|body| match st.lie {
                Lie::None => body,
                Lie::AlteredRecord => {
                    let text = String::from_utf8_lossy(&body).into_owned();
                    // Same shape, another hash: the record no longer
                    // hashes to the tree.
                    text.replacen("h1:", "h1:X", 1)
                        .replacen("=\n", "\n", 1)
                        .into_bytes()
                }
            })
        } else if path.starts_with("/tile/") {
            st.log.tile(&path)
        } else {
            None
        }
    };
    let (status, body) = match answer {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found\n".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
