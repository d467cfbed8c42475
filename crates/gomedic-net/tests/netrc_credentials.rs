#![cfg(unix)]
//! Which credentials the go command sends to a GOPROXY, predicted by
//! gomedic-go (`netrc`, `goauth`) and compared with what the real go
//! command (1.21.13, 1.22.10, 1.27.3) actually sends to a loopback HTTPS
//! proxy that records the `Authorization` header and answers 401 without one.

mod common;

use base64::Engine;
use common::{module_tree, tls_file};
use gomedic_go::goauth::{RequestUrl, SentCredentials, credentials_for, parse_goauth};
use gomedic_go::netrc;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// (path, Authorization header) of every request.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A TLS GOPROXY serving `example.com/m@v1.0.0` to requests that carry an
/// Authorization header, 401 to the others.
fn start_proxy() -> (u16, Seen) {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(tls_file("trusted-leaf.pem"))
            .unwrap()
            .map(Result::unwrap)
            .collect();
    let key = PrivateKeyDer::from_pem_file(tls_file("trusted-leaf.key")).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls_graviola::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let files = Arc::new(module_tree());
    let s = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (config, seen, files) = (config.clone(), s.clone(), files.clone());
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, stream);
                serve(&mut tls, &seen, &files);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (port, seen)
}

fn serve(stream: &mut (impl Read + Write), seen: &Seen, files: &BTreeMap<String, Vec<u8>>) {
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
    let auth = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("authorization")
                .then(|| v.trim().to_string())
        })
        .filter(|v| !v.is_empty());
    seen.lock().unwrap().push((path.clone(), auth.clone()));
    let (status, body) = match (
        &auth,
        files.iter().find(|(p, _)| path.ends_with(p.as_str())),
    ) {
        (None, _) => (401, b"who are you\n".to_vec()),
        (Some(_), Some((_, body))) => (200, body.clone()),
        (Some(_), None) => (404, b"not found\n".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

struct Case {
    name: &'static str,
    /// `~/.netrc`; `{h}` is `127.0.0.1:<port>`, `{r}` the run's path element.
    home_netrc: &'static str,
    /// A file NETRC points to, when set.
    netrc_env_file: Option<&'static str>,
    goauth: &'static str,
    /// GOPROXY userinfo (`user:password@`), when any.
    userinfo: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "one machine with port",
        home_netrc: "machine {h} login alice password pw-alice\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "machine without port does not match",
        home_netrc: "machine 127.0.0.1 login alice password pw-alice\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "several machines, duplicate: first wins",
        home_netrc: "machine other.example login o password pw-o\n\
                     machine {h}\n  login first\n  password pw-first\n\
                     machine {h} login second password pw-second\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "default entry is never used",
        home_netrc: "default login d password pw-default\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "default ends the file",
        home_netrc: "machine x.example login x password pw-x\ndefault\nmachine {h} login late password pw-late\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "macdef swallows lines up to an empty one",
        home_netrc: "macdef init\nmachine {h} login inmacro password pw-macro\n\nmachine {h} login after password pw-after\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "macdef ended by a blank-looking line is still open",
        home_netrc: "macdef init\n   \nmachine {h} login inmacro password pw-macro\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "missing password: entry ignored, the next one counts",
        home_netrc: "machine {h} login nopw\nmachine {h} login withpw password pw-with\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "odd word at the end of a line is dropped",
        home_netrc: "machine {h} login\nodd password pw-odd\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "NETRC points elsewhere",
        home_netrc: "machine {h} login fromhome password pw-home\n",
        netrc_env_file: Some("machine {h} login fromenv password pw-env\n"),
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "machine with a path prefix (1.24+)",
        home_netrc: "machine {h}/{r} login pathy password pw-path\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "machine spelled as an https URL (1.24+)",
        home_netrc: "machine https://{h}/ login urly password pw-url\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "",
    },
    Case {
        name: "GOAUTH=off (1.24+)",
        home_netrc: "machine {h} login alice password pw-alice\n",
        netrc_env_file: None,
        goauth: "off",
        userinfo: "",
    },
    Case {
        name: "userinfo in GOPROXY",
        home_netrc: "",
        netrc_env_file: None,
        goauth: "",
        userinfo: "bob:pw-bob@",
    },
    Case {
        name: "netrc and userinfo: netrc before 1.24, userinfo from 1.24",
        home_netrc: "machine {h} login alice password pw-alice\n",
        netrc_env_file: None,
        goauth: "",
        userinfo: "bob:pw-bob@",
    },
];

fn basic(login: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"))
    )
}

/// gomedic's prediction of the Authorization header of the first request.
fn predict(release: &str, vars: &BTreeMap<String, String>, url: &str) -> Option<String> {
    let env = |k: &str| vars.get(k).cloned();
    let loc = netrc::location(release, false, &env, &|p| Path::new(p).exists()).unwrap();
    let data = std::fs::read_to_string(&loc.path).unwrap_or_default();
    let (parsed, secrets) = netrc::parse_with_passwords(&data);
    let goauth = parse_goauth(
        vars.get("GOAUTH").map_or("", String::as_str),
        release,
        false,
        &|d| Some(Path::new(d).is_dir()),
    )
    .unwrap();
    let request = RequestUrl::parse(url).unwrap();
    match credentials_for(&request, release, &parsed.entries, &goauth) {
        SentCredentials::None => None,
        SentCredentials::Netrc { index, .. } => {
            Some(basic(&secrets[index].login, &secrets[index].password))
        }
        SentCredentials::UrlUserinfo => {
            let authority = url.split("://").nth(1)?.split('/').next()?;
            let (user, _) = authority.rsplit_once('@')?;
            let (login, password) = user.split_once(':').unwrap_or((user, ""));
            Some(basic(login, password))
        }
        other => panic!("unexpected prediction {other:?}"),
    }
}

#[test]
fn credentials_match_the_go_command() {
    let (port, seen) = start_proxy();
    let host = format!("127.0.0.1:{port}");
    let ca = tls_file("trusted-ca.pem").display().to_string();
    let mut compared = 0;
    for tc in gomedic_testkit::toolchains() {
        let release = format!("go{}", tc.version);
        for (i, case) in CASES.iter().enumerate() {
            let run = format!("run{}-{}", tc.version.replace('.', "_"), i);
            let fill = |t: &str| t.replace("{h}", &host).replace("{r}", &run);
            let tmp = tempfile::tempdir().unwrap();
            let t = tmp.path().display().to_string();
            std::fs::write(tmp.path().join(".netrc"), fill(case.home_netrc)).unwrap();
            let goproxy = format!("https://{}{host}/{run}", case.userinfo);
            let mut vars: BTreeMap<String, String> = [
                ("HOME", t.clone()),
                ("GOPATH", format!("{t}/gopath")),
                ("GOMODCACHE", format!("{t}/modcache")),
                ("GOCACHE", format!("{t}/cache")),
                ("GOENV", "off".into()),
                ("GOPROXY", goproxy.clone()),
                ("GOSUMDB", "off".into()),
                ("GONOSUMDB", "example.com".into()),
                ("GOFLAGS", "-mod=mod".into()),
                ("GOTOOLCHAIN", "local".into()),
                ("PATH", "/usr/bin:/bin".into()),
                ("SSL_CERT_FILE", ca.clone()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            if let Some(file) = case.netrc_env_file {
                let path = tmp.path().join("elsewhere-netrc");
                std::fs::write(&path, fill(file)).unwrap();
                vars.insert("NETRC".into(), path.display().to_string());
            }
            if !case.goauth.is_empty() {
                vars.insert("GOAUTH".into(), case.goauth.into());
            }
            let out = gomedic_testkit::clean_command(&tc.go, &vars)
                .args(["mod", "download", "-json", "example.com/m@v1.0.0"])
                .current_dir(tmp.path())
                .output()
                .unwrap();
            let info = format!("/{run}/example.com/m/@v/v1.0.0.info");
            let first = seen
                .lock()
                .unwrap()
                .iter()
                .find(|(p, _)| *p == info)
                .map(|(_, a)| a.clone())
                .unwrap_or_else(|| {
                    panic!(
                        "go {} {}: no request for {info}: {}",
                        tc.version,
                        case.name,
                        String::from_utf8_lossy(&out.stdout)
                    )
                });
            let predicted = predict(
                &release,
                &vars,
                &format!("{goproxy}/example.com/m/@v/v1.0.0.info"),
            );
            assert_eq!(
                first, predicted,
                "go {} case {:?}: go sent {first:?}, gomedic predicts {predicted:?}",
                tc.version, case.name
            );
            // Without credentials the proxy answers 401 and the download fails.
            assert_eq!(
                out.status.success(),
                predicted.is_some(),
                "go {} case {:?}: {}",
                tc.version,
                case.name,
                String::from_utf8_lossy(&out.stdout)
            );
            compared += 1;
        }
    }
    assert_eq!(compared, CASES.len() * 3);
}
