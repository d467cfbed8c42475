//! Loopback HTTP servers for the network tests: a GOPROXY serving a module
//! tree, servers answering fixed statuses, one that stalls, one that
//! trickles, one that redirects forever, and a checksum database.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a server does with a request.
pub enum Reply {
    Respond {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    Redirect(String),
    /// Accepts, reads the request, never answers.
    Stall,
    /// Sends a valid head, then one body byte every 100 ms, for ever.
    Trickle,
}

pub type Handler = dyn Fn(&str) -> Reply + Send + Sync;

pub struct Server {
    pub port: u16,
    pub connections: Arc<AtomicUsize>,
    /// The head of every request received.
    pub paths: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn start(handler: Box<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::from(handler);
        let (c, p) = (connections.clone(), paths.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let (handler, p) = (handler.clone(), p.clone());
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    serve(stream, &*handler, &p)
                });
            }
        });
        Server {
            port,
            connections,
            paths,
        }
    }

    /// Always answers `status` with a plain-text body.
    pub fn status(status: u16) -> Server {
        Server::start(Box::new(move |_| Reply::Respond {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("status {status}\n").into_bytes(),
        }))
    }

    pub fn stall() -> Server {
        Server::start(Box::new(|_| Reply::Stall))
    }

    pub fn trickle() -> Server {
        Server::start(Box::new(|_| Reply::Trickle))
    }

    /// Serves `files` (path → content) under any prefix ending in a known path; 404 otherwise.
    pub fn files(files: BTreeMap<String, Vec<u8>>) -> Server {
        Server::start(files_handler(files))
    }
}

/// The handler of [`Server::files`].
pub fn files_handler(files: BTreeMap<String, Vec<u8>>) -> Box<Handler> {
    {
        Box::new(move |path| {
            let found = files.iter().find(|(p, _)| path.ends_with(p.as_str()));
            match found {
                Some((p, body)) => Reply::Respond {
                    status: 200,
                    content_type: if p.ends_with(".info") || p.ends_with("@latest") {
                        "application/json"
                    } else if p.ends_with(".zip") {
                        "application/zip"
                    } else {
                        "text/plain; charset=utf-8"
                    },
                    body: body.clone(),
                },
                None => Reply::Respond {
                    status: 404,
                    content_type: "text/plain; charset=utf-8",
                    body: b"not found\n".to_vec(),
                },
            }
        })
    }
}

/// Test PKI files (testdata/vectors/tls).
pub fn tls_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/vectors/tls")
        .join(name)
}

impl Server {
    /// Like [`Server::start`], over TLS with `<pki>-leaf.pem` / `<pki>-leaf.key`.
    pub fn start_tls(pki: &str, handler: Box<Handler>) -> Server {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::{CertificateDer, PrivateKeyDer};
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(tls_file(&format!("{pki}-leaf.pem")))
                .unwrap()
                .map(Result::unwrap)
                .collect();
        let key = PrivateKeyDer::from_pem_file(tls_file(&format!("{pki}-leaf.key"))).unwrap();
        let provider = Arc::new(rustls_graviola::default_provider());
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(certs, key)
                .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::from(handler);
        let (c, p) = (connections.clone(), paths.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let (handler, p, config) = (handler.clone(), p.clone(), config.clone());
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let Ok(conn) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut tls = rustls::StreamOwned::new(conn, stream);
                    serve(&mut tls, &*handler, &p);
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                });
            }
        });
        Server {
            port,
            connections,
            paths,
        }
    }

    pub fn https_url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }
}

fn serve(mut stream: impl Read + Write, handler: &Handler, paths: &Mutex<Vec<String>>) {
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
    paths.lock().unwrap().push(head.clone());
    match handler(&path) {
        Reply::Respond {
            status,
            content_type,
            body,
        } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Redirect(to) => {
            let head = format!(
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
        }
        Reply::Stall => std::thread::sleep(Duration::from_secs(60)),
        Reply::Trickle => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n",
            );
            for _ in 0..600 {
                if stream.write_all(b"v").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// A module zip for `example.com/m@v1.0.0`.
pub fn module_zip() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("example.com/m@v1.0.0/go.mod", opts).unwrap();
    w.write_all(GO_MOD.as_bytes()).unwrap();
    w.start_file("example.com/m@v1.0.0/m.go", opts).unwrap();
    w.write_all(b"package m\n").unwrap();
    w.finish().unwrap().into_inner()
}

pub const GO_MOD: &str = "module example.com/m\n\ngo 1.21\n";

/// The GOPROXY file tree of `example.com/m@v1.0.0`.
pub fn module_tree() -> BTreeMap<String, Vec<u8>> {
    let info = br#"{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}"#.to_vec();
    [
        ("/example.com/m/@v/list", b"v1.0.0\n".to_vec()),
        ("/example.com/m/@latest", info.clone()),
        ("/example.com/m/@v/v1.0.0.info", info),
        ("/example.com/m/@v/v1.0.0.mod", GO_MOD.as_bytes().to_vec()),
        ("/example.com/m/@v/v1.0.0.zip", module_zip()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
