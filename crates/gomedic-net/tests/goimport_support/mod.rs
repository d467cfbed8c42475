//! A loopback origin for go-import discovery tests, reached as an HTTP
//! proxy: module paths under `corp.example` never resolve (no DNS, no
//! traffic off the machine); go and gomedic both send
//! `GET http://corp.example/<path>?go-get=1` to it through HTTP_PROXY, and
//! their https attempt (`CONNECT corp.example:443` through HTTPS_PROXY) is
//! refused, so with GOINSECURE both fall back to http like go does.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

/// One page variant: (module path, status, content type, body).
pub struct Variant {
    pub path: &'static str,
    pub status: u16,
    pub content_type: &'static str,
    pub body: &'static str,
}

/// The variants: a good tag, no tag, two matching tags, a tag for another
/// prefix, 404 with a plain-text reason, malformed markup, a tag for a
/// parent prefix confirmed by the parent's page, a tool GOVCS forbids, a
/// tag in a 404 page, a bad repository URL, an unsupported charset.
pub const VARIANTS: &[Variant] = &[
    Variant {
        path: "corp.example/good",
        status: 200,
        content_type: "text/html",
        body: "<!DOCTYPE html><html><head>\n<meta name=\"go-import\" content=\"corp.example/good git https://127.0.0.1:9/good\">\n</head><body>hi</body></html>",
    },
    Variant {
        path: "corp.example/nometa",
        status: 200,
        content_type: "text/html",
        body: "<html><head><title>x</title></head><body><meta name=\"go-import\" content=\"corp.example/nometa git https://127.0.0.1:9/x\"></body></html>",
    },
    Variant {
        path: "corp.example/two",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/two git https://127.0.0.1:9/a\">\n<meta name=\"go-import\" content=\"corp.example/two hg https://127.0.0.1:9/b\">",
    },
    Variant {
        path: "corp.example/wrong",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/wrongish git https://127.0.0.1:9/a\"><meta name=go-import content=\"other.example/x git https://127.0.0.1:9/b\">",
    },
    Variant {
        path: "corp.example/missing",
        status: 404,
        content_type: "text/plain; charset=utf-8",
        body: "no such repository\nask the admins\n\nsecret details",
    },
    Variant {
        path: "corp.example/bad",
        status: 200,
        content_type: "text/html",
        body: "<html>\n<head>\n<!-- old -- comment -->\n<meta name=\"go-import\" content=\"corp.example/bad git https://127.0.0.1:9/bad\">",
    },
    Variant {
        path: "corp.example/parent/child",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/parent git https://127.0.0.1:9/parent\">",
    },
    Variant {
        path: "corp.example/parent",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/parent git https://127.0.0.1:9/parent\">",
    },
    Variant {
        path: "corp.example/liar/child",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/liar git https://127.0.0.1:9/liar\">",
    },
    Variant {
        path: "corp.example/liar",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/liar git https://127.0.0.1:9/elsewhere\">",
    },
    Variant {
        path: "corp.example/svn",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/svn svn https://127.0.0.1:9/svn\">",
    },
    Variant {
        path: "corp.example/in404",
        status: 404,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/in404 git https://127.0.0.1:9/in404\">",
    },
    Variant {
        path: "corp.example/noscheme",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/noscheme git 127.0.0.1:9/x\">",
    },
    Variant {
        path: "corp.example/latin",
        status: 200,
        content_type: "text/html",
        body: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><meta name=\"go-import\" content=\"corp.example/latin git https://127.0.0.1:9/x\">",
    },
    Variant {
        path: "corp.example/unknownvcs",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/unknownvcs cvs https://127.0.0.1:9/x\">",
    },
    Variant {
        path: "corp.example/quirky",
        status: 200,
        content_type: "text/html",
        body: "<html lang=en><HEAD><META content='corp.example/quirky git https://127.0.0.1:9/q' NAME=go-import flag/><meta name=\"go-import\" content=\"corp.example/quirky git https://127.0.0.1:9/late\"",
    },
    Variant {
        path: "corp.example/unquoted",
        status: 200,
        content_type: "text/html",
        body: "<meta name=go-import content=corp.example/unquoted git https://127.0.0.1:9/u>",
    },
    Variant {
        path: "corp.example/entity",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/entity&#32;git\thttps://127.0.0.1:9/a&amp;b&unknown;\">",
    },
    Variant {
        path: "corp.example/modpref",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/modpref git https://127.0.0.1:9/git\"><meta name=\"go-import\" content=\"corp.example/modpref mod https://127.0.0.1:9/modproxy\">",
    },
    Variant {
        path: "corp.example/headclosed",
        status: 200,
        content_type: "text/html",
        body: "<html><head/><meta name=\"go-import\" content=\"corp.example/headclosed git https://127.0.0.1:9/h\">",
    },
    Variant {
        path: "corp.example/doctype",
        status: 200,
        content_type: "text/html",
        body: "<!DOCTYPE html [ <!ENTITY x \"<>\"> <!-- c --> ]><![CDATA[ <meta> ]]><meta name=\"go-import\" content=\"corp.example/doctype git https://127.0.0.1:9/d\">",
    },
    Variant {
        path: "corp.example/control",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/control git https://127.0.0.1:9/c\u{1}\">",
    },
    Variant {
        path: "corp.example/subdir",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/subdir git https://127.0.0.1:9/s lib\">",
    },
    Variant {
        path: "corp.example/badsubdir",
        status: 200,
        content_type: "text/html",
        body: "<meta name=\"go-import\" content=\"corp.example/badsubdir git https://127.0.0.1:9/s -x\">",
    },
    Variant {
        path: "corp.example/cdataend",
        status: 200,
        content_type: "text/html",
        body: "<meta title=\"]]>\" name=\"go-import\" content=\"corp.example/cdataend git https://127.0.0.1:9/e\">",
    },
    Variant {
        path: "corp.example/nsattr",
        status: 200,
        content_type: "text/html",
        body: "<x:meta a:name=\"go-import\" b:content=\"corp.example/nsattr git https://127.0.0.1:9/n\"/><meta name=\"go-import\" content=\"corp.example/nsattr git https://127.0.0.1:9/n\">",
    },
];

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Other",
    }
}

/// Starts the origin; returns its port. Requests for paths without a
/// variant get 404.
pub fn start() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
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
                let mut words = head.split_whitespace();
                let method = words.next().unwrap_or_default();
                let target = words.next().unwrap_or_default();
                if method == "CONNECT" {
                    let _ = stream.write_all(
                        b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    return;
                }
                let path = target
                    .trim_start_matches("http://")
                    .split('?')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('/');
                let (status, content_type, body) = VARIANTS
                    .iter()
                    .find(|v| v.path == path)
                    .map_or((404, "text/html", ""), |v| {
                        (v.status, v.content_type, v.body)
                    });
                let head = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    reason(status),
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
            });
        }
    });
    port
}
