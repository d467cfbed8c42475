//! go-import discovery as the go command does it (cmd/go/internal/vcs):
//! which paths need it, how the `<meta name="go-import">` tags of a page
//! are read, which tag applies to a module path, and every error go reports
//! on the way, worded like go words it. Pure: the pages are fetched by
//! gomedic-net and handed in.
//!
//! Order of go's steps for a module path that reaches `direct`:
//! 1. known code hosts and `.git`-style paths resolve without a page
//!    ([`known_hosts::static_lookup`]);
//! 2. `https://<path>?go-get=1` (with GOINSECURE: then `http://`), every
//!    status accepted: a 404 page may carry the tag;
//! 3. the page is read ([`parse_meta_go_imports`]) up to `</head>` or `<body>`;
//! 4. the tag whose prefix is a path-element prefix of the path is chosen
//!    ([`match_go_import`]);
//! 5. a tag for a shorter prefix is confirmed by the prefix's own page;
//! 6. the subdirectory, repository URL and tool are checked.

pub mod known_hosts;
pub mod xml_scan;

use xml_scan::{Scanner, Token};

/// Whether `release` (e.g. `1.27.3`) is at least 1.`minor` (unknown
/// releases count as new).
pub(crate) fn release_at_least(release: &str, minor: u64) -> bool {
    crate::goversion::GoVersion::parse(release.trim_start_matches("go"))
        .is_none_or(|v| v.at_least(1, minor))
}

/// `str.HasPathPrefix`: `prefix` is `s` or `s` continues with `/` after it.
pub fn has_path_prefix(s: &str, prefix: &str) -> bool {
    if s.len() == prefix.len() {
        return s == prefix;
    }
    if prefix.is_empty() {
        return true;
    }
    s.len() > prefix.len()
        && s.starts_with(prefix)
        && (prefix.ends_with('/') || s.as_bytes()[prefix.len()] == b'/')
}

/// One go-import tag: `content="prefix vcs repo-root [subdir]"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaImport {
    pub prefix: String,
    pub vcs: String,
    pub repo_root: String,
    /// The optional fourth field (read by Go 1.25 and later).
    pub subdir: String,
}

/// Reads the go-import tags of a page like go's `parseMetaGoImports` in
/// module mode: the error is returned only when no tag was read before it;
/// `mod` entries come first and hide other entries with the same prefix.
pub fn parse_meta_go_imports(body: &[u8], release: &str) -> Result<Vec<MetaImport>, String> {
    // Four fields: verified accepted by 1.27.3 and ignored by 1.22.10; the
    // change is taken to be in 1.25 (not verified).
    let subdir_fields = release_at_least(release, 25);
    let mut scanner = Scanner::new(body, release);
    let mut imports: Vec<MetaImport> = Vec::new();
    loop {
        let token = match scanner.next_token() {
            Ok(Some(t)) => t,
            Ok(None) => break,
            Err(e) if imports.is_empty() => return Err(e.to_string()),
            Err(_) => break,
        };
        let attrs = match token {
            Token::Start { local, .. } if local.eq_ignore_ascii_case("body") => break,
            Token::End { local } if local.eq_ignore_ascii_case("head") => break,
            Token::Start { local, attrs } if local.eq_ignore_ascii_case("meta") => attrs,
            _ => continue,
        };
        let attr = |name: &str| {
            attrs
                .iter()
                .find(|a| a.local.eq_ignore_ascii_case(name))
                .map_or("", |a| a.value.as_str())
        };
        if attr("name") != "go-import" {
            continue;
        }
        let fields: Vec<&str> = go_fields(attr("content"));
        if fields.len() == 3 || (subdir_fields && fields.len() == 4) {
            imports.push(MetaImport {
                prefix: fields[0].into(),
                vcs: fields[1].into(),
                repo_root: fields[2].into(),
                subdir: fields.get(3).map_or(String::new(), |s| s.to_string()),
            });
        }
    }
    let mods: Vec<MetaImport> = imports.iter().filter(|m| m.vcs == "mod").cloned().collect();
    let rest: Vec<MetaImport> = imports
        .into_iter()
        .filter(|m| m.vcs != "mod" && !mods.iter().any(|x| x.prefix == m.prefix))
        .collect();
    Ok(mods.into_iter().chain(rest).collect())
}

/// `strings.Fields`: split on Unicode white space.
fn go_fields(s: &str) -> Vec<&str> {
    s.split(char::is_whitespace)
        .filter(|f| !f.is_empty())
        .collect()
}

/// Why no tag applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchError {
    /// Two tags match (and the first is not a `mod` tag before a VCS tag).
    Multiple { import_path: String },
    /// No tag's prefix is a prefix of the path (`prefixes` may be empty:
    /// the page had no tags).
    Mismatch {
        import_path: String,
        prefixes: Vec<String>,
    },
}

impl std::fmt::Display for MatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatchError::Multiple { import_path } => {
                write!(f, "multiple meta tags match import path {import_path:?}")
            }
            MatchError::Mismatch {
                import_path,
                prefixes,
            } => {
                let parts: Vec<String> = prefixes
                    .iter()
                    .map(|p| format!("meta tag {p} did not match import path {import_path}"))
                    .collect();
                f.write_str(&parts.join(", "))
            }
        }
    }
}

/// Chooses the tag for `import_path` (go's `matchGoImport`).
pub fn match_go_import(
    imports: &[MetaImport],
    import_path: &str,
) -> Result<MetaImport, MatchError> {
    let mut chosen: Option<&MetaImport> = None;
    let mut mismatched = Vec::new();
    for im in imports {
        if !has_path_prefix(import_path, &im.prefix) {
            mismatched.push(im.prefix.clone());
            continue;
        }
        if let Some(first) = chosen {
            if first.vcs == "mod" && im.vcs != "mod" {
                break;
            }
            return Err(MatchError::Multiple {
                import_path: import_path.into(),
            });
        }
        chosen = Some(im);
    }
    chosen.cloned().ok_or(MatchError::Mismatch {
        import_path: import_path.into(),
        prefixes: mismatched,
    })
}

/// The discovery URL without a scheme, as go prints it in some errors
/// (`//host/path?go-get=1`); an error when the first element has no dot.
pub fn discovery_url(import_path: &str) -> Result<String, String> {
    let (host, path) = match import_path.find('/') {
        Some(i) => import_path.split_at(i),
        None => (import_path, ""),
    };
    if !host.contains('.') {
        return Err("import path does not begin with hostname".into());
    }
    let path = if path.is_empty() { "/" } else { path };
    Ok(format!("//{host}{path}?go-get=1"))
}

/// The stage at which discovery failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The path cannot be discovered (no dot in the first element).
    BadPath,
    /// No HTTP answer (DNS, TCP, TLS, redirect to http, ...).
    Fetch,
    /// A non-200 status and no tag in the page.
    HttpStatus,
    /// The page could not be read (XML syntax, charset).
    Parse,
    /// No go-import tag at all.
    NoMetaTag,
    /// Tags, but none for this path.
    PrefixMismatch,
    MultipleMatches,
    /// The prefix's own page does not confirm the tag.
    PrefixDisagrees,
    InvalidSubdir,
    InvalidRepoRoot,
    UnknownVcs,
    /// The default GOVCS rule forbids the tool.
    Govcs,
}

impl Stage {
    /// A short description for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::BadPath => "the path has no host name",
            Stage::Fetch => "the page could not be fetched",
            Stage::HttpStatus => "the server answered an error status without a go-import tag",
            Stage::Parse => "the page could not be read",
            Stage::NoMetaTag => "the page has no go-import meta tag",
            Stage::PrefixMismatch => "no go-import tag's prefix matches the module path",
            Stage::MultipleMatches => "several go-import tags match the module path",
            Stage::PrefixDisagrees => "the prefix's own page does not confirm the tag",
            Stage::InvalidSubdir => "the tag's subdirectory is invalid",
            Stage::InvalidRepoRoot => "the tag's repository URL is invalid",
            Stage::UnknownVcs => "the tag names an unknown version-control tool",
            Stage::Govcs => "GOVCS forbids the tag's version-control tool",
        }
    }
}

/// A discovery failure: where, and go's text after
/// `unrecognized import path "<path>": `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryError {
    pub stage: Stage,
    pub message: String,
}

fn fail(stage: Stage, message: impl Into<String>) -> DiscoveryError {
    DiscoveryError {
        stage,
        message: message.into(),
    }
}

/// One fetched page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The URL go fetched (`https://...` or, with GOINSECURE, `http://...`),
    /// before redirects, redacted.
    pub url: String,
    pub status: u16,
    /// The status text, e.g. `404 Not Found`.
    pub status_line: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Page {
    /// go's `resp.Err()`: `None` for 200, else `reading URL: STATUS` and,
    /// for plain-text pages, the first lines as `server response:`.
    pub fn status_error(&self) -> Option<String> {
        if self.status == 200 || self.status == 0 {
            return None;
        }
        let detail = self.error_detail();
        Some(if detail.is_empty() {
            format!("reading {}: {}", self.url, self.status_line)
        } else {
            let sep = if detail.contains('\n') { "\n\t" } else { " " };
            format!(
                "reading {}: {}\n\tserver response:{sep}{detail}",
                self.url, self.status_line
            )
        })
    }

    fn error_detail(&self) -> String {
        const MAX_LINES: usize = 8;
        const MAX_BYTES: usize = MAX_LINES * 81;
        let (media, params) = self
            .content_type
            .as_deref()
            .unwrap_or("")
            .split_once(';')
            .unwrap_or((self.content_type.as_deref().unwrap_or(""), ""));
        if !media.trim().eq_ignore_ascii_case("text/plain") {
            return String::new();
        }
        let charset = params
            .split(';')
            .find_map(|p| p.trim().strip_prefix("charset="))
            .map(|c| c.trim_matches('"').to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(charset.as_str(), "" | "us-ascii" | "utf-8") {
            return String::new();
        }
        let head = &self.body[..self.body.len().min(MAX_BYTES)];
        let Ok(text) = std::str::from_utf8(head) else {
            return String::new();
        };
        if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return String::new();
        }
        let mut detail = String::new();
        for (i, line) in text.split('\n').enumerate() {
            if line.trim().is_empty() {
                break;
            }
            if i > 0 {
                detail.push_str("\n\t");
            }
            if i >= MAX_LINES {
                detail.push_str("[Truncated: too many lines.]");
                break;
            }
            if detail.len() + line.len() > MAX_BYTES {
                detail.push_str("[Truncated: too long.]");
                break;
            }
            detail.push_str(line);
        }
        detail
    }
}

/// The outcome of reading the module path's own page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstPage {
    /// The tag's prefix is the path itself: discovery is done (still to be
    /// validated with [`validate`]).
    Found(MetaImport),
    /// The tag is for a shorter prefix: go fetches the prefix's page
    /// ([`discovery_url`] of `candidate.prefix`) and calls [`confirm_prefix`].
    ConfirmPrefix(MetaImport),
    Failed(DiscoveryError),
}

/// Judges the answer for `import_path`'s page: `fetched` is the page or
/// the fetch error text; `insecure` says GOINSECURE matched.
pub fn read_first_page(
    import_path: &str,
    fetched: Result<&Page, &str>,
    insecure: bool,
    release: &str,
) -> FirstPage {
    let schemeless = match discovery_url(import_path) {
        Ok(u) => u,
        Err(e) => return FirstPage::Failed(fail(Stage::BadPath, e)),
    };
    let page = match fetched {
        Ok(p) => p,
        Err(e) => {
            let scheme = if insecure { "http/https" } else { "https" };
            return FirstPage::Failed(fail(Stage::Fetch, format!("{scheme} fetch: {e}")));
        }
    };
    let parsed = parse_meta_go_imports(&page.body, release);
    if parsed.as_ref().map_or(true, Vec::is_empty)
        && let Some(status) = page.status_error()
    {
        return FirstPage::Failed(fail(Stage::HttpStatus, status));
    }
    let imports = match parsed {
        Ok(i) => i,
        Err(e) => {
            return FirstPage::Failed(fail(Stage::Parse, format!("parsing {import_path}: {e}")));
        }
    };
    match match_go_import(&imports, import_path) {
        Ok(m) if m.prefix == import_path => FirstPage::Found(m),
        Ok(m) => FirstPage::ConfirmPrefix(m),
        Err(e @ MatchError::Multiple { .. }) => FirstPage::Failed(fail(
            Stage::MultipleMatches,
            format!("parse {schemeless}: {e}"),
        )),
        Err(e @ MatchError::Mismatch { .. }) => {
            let stage = if imports.is_empty() {
                Stage::NoMetaTag
            } else {
                Stage::PrefixMismatch
            };
            FirstPage::Failed(fail(
                stage,
                format!("parse {}: no go-import meta tags ({e})", page.url),
            ))
        }
    }
}

/// Confirms a tag for a shorter prefix with the prefix's own page.
pub fn confirm_prefix(
    import_path: &str,
    first_url: &str,
    candidate: &MetaImport,
    fetched: Result<&Page, &str>,
    release: &str,
) -> Result<(), DiscoveryError> {
    let prefix = &candidate.prefix;
    let prefix_url = discovery_url(prefix).map_err(|e| fail(Stage::PrefixDisagrees, e))?;
    let page =
        fetched.map_err(|e| fail(Stage::PrefixDisagrees, format!("fetching {prefix}: {e}")))?;
    let parsed = parse_meta_go_imports(&page.body, release);
    if parsed.as_ref().map_or(true, Vec::is_empty)
        && let Some(status) = page.status_error()
    {
        return Err(fail(Stage::PrefixDisagrees, status));
    }
    let imports =
        parsed.map_err(|e| fail(Stage::PrefixDisagrees, format!("parsing {}: {e}", page.url)))?;
    if imports.is_empty() {
        return Err(fail(
            Stage::PrefixDisagrees,
            format!(
                "fetching {prefix}: no go-import meta tag found in {}",
                page.url
            ),
        ));
    }
    match match_go_import(&imports, import_path) {
        Ok(again) if &again == candidate => Ok(()),
        _ => Err(fail(
            Stage::PrefixDisagrees,
            format!("{first_url} and {prefix_url} disagree about go-import for {prefix}"),
        )),
    }
}

/// The last checks on the chosen tag: subdirectory, repository URL, tool
/// and the default GOVCS rule (`private`: GOPRIVATE matches the prefix).
pub fn validate(
    chosen: &MetaImport,
    page_url: &str,
    private: bool,
    release: &str,
) -> Result<(), DiscoveryError> {
    let subdir = &chosen.subdir;
    if subdir.starts_with('/') || subdir.starts_with('-') {
        let why = if subdir.starts_with('/') {
            "leading slash"
        } else {
            "leading hyphen"
        };
        return Err(fail(
            Stage::InvalidSubdir,
            format!("{page_url}: invalid subdirectory {subdir:?}: {why}"),
        ));
    }
    if let Err(why) = check_repo_root(&chosen.repo_root) {
        return Err(fail(
            Stage::InvalidRepoRoot,
            format!(
                "{page_url}: invalid repo root {:?}: {why}",
                chosen.repo_root
            ),
        ));
    }
    if chosen.vcs == "mod" {
        return Ok(());
    }
    if !known_hosts::known_vcs(release).contains(&chosen.vcs.as_str()) {
        return Err(fail(
            Stage::UnknownVcs,
            format!("{page_url}: unknown vcs {:?}", chosen.vcs),
        ));
    }
    if !known_hosts::default_govcs_allows(&chosen.vcs, private) {
        let what = if private { "private" } else { "public" };
        return Err(fail(
            Stage::Govcs,
            format!(
                "GOVCS disallows using {} for {what} {}; see 'go help vcs'",
                chosen.vcs, chosen.prefix
            ),
        ));
    }
    Ok(())
}

/// The subset of `url.Parse` go's repo-root check can fail on, then
/// "no scheme" and "file scheme disallowed".
fn check_repo_root(root: &str) -> Result<(), String> {
    let without_fragment = root.split('#').next().unwrap_or_default();
    if without_fragment.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(format!(
            "parse {without_fragment:?}: net/url: invalid control character in URL"
        ));
    }
    let mut scheme = "";
    for (i, b) in root.bytes().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => {
                return Err(format!(
                    "parse {without_fragment:?}: missing protocol scheme"
                ));
            }
            b':' => {
                scheme = &root[..i];
                break;
            }
            _ => break,
        }
    }
    if scheme.is_empty() {
        let before_query = without_fragment.split('?').next().unwrap_or_default();
        let first_segment = before_query.split('/').next().unwrap_or_default();
        if !before_query.starts_with('/') && first_segment.contains(':') {
            return Err(format!(
                "parse {without_fragment:?}: first path segment in URL cannot contain colon"
            ));
        }
        return Err("no scheme".into());
    }
    if scheme.eq_ignore_ascii_case("file") {
        return Err("file scheme disallowed".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "1.27.3";

    fn mi(prefix: &str, vcs: &str, root: &str) -> MetaImport {
        MetaImport {
            prefix: prefix.into(),
            vcs: vcs.into(),
            repo_root: root.into(),
            subdir: String::new(),
        }
    }

    #[test]
    fn parse_like_discovery_test() {
        // Each case: page, expected tags (written from discovery_test.go's behaviour).
        let cases: &[(&str, Vec<MetaImport>)] = &[
            (
                r#"<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">"#,
                vec![mi("foo/bar", "git", "https://github.com/rsc/foo/bar")],
            ),
            (
                r#"<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
                   <meta name="go-import" content="baz/quux git http://github.com/rsc/baz/quux">"#,
                vec![
                    mi("foo/bar", "git", "https://github.com/rsc/foo/bar"),
                    mi("baz/quux", "git", "http://github.com/rsc/baz/quux"),
                ],
            ),
            (
                // A mod entry hides the VCS entry for the same prefix and comes first.
                r#"<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
                   <meta name="go-import" content="foo/bar mod http://github.com/rsc/baz/quux">"#,
                vec![mi("foo/bar", "mod", "http://github.com/rsc/baz/quux")],
            ),
            (
                r#"<head><meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar"></head>
                   <meta name="go-import" content="baz/quux git http://github.com/rsc/baz/quux">"#,
                vec![mi("foo/bar", "git", "https://github.com/rsc/foo/bar")],
            ),
            (
                r#"<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
                   <body><meta name="go-import" content="baz/quux git http://github.com/rsc/baz/quux">"#,
                vec![mi("foo/bar", "git", "https://github.com/rsc/foo/bar")],
            ),
            (
                r#"<!doctype html><meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">"#,
                vec![mi("foo/bar", "git", "https://github.com/rsc/foo/bar")],
            ),
            (
                // XML header, attribute-name case, unquoted values, CR LF.
                "<?xml version=\"1.0\" encoding=\"ASCII\"?>\r\n<HTML><META NAME=go-import CONTENT=\"x.org/y git\r\n https://x.org/y\"/>",
                vec![mi("x.org/y", "git", "https://x.org/y")],
            ),
            (
                // The name value is compared exactly; other tags are ignored.
                r#"<meta name="Go-Import" content="a.org/b git https://a.org/b">
                   <meta name="go-source" content="a.org/b _ _ _">
                   <meta name="go-import" content="a.org/b git">"#,
                vec![],
            ),
            (
                // An error after a tag keeps the tag.
                r#"<meta name="go-import" content="a.org/b git https://a.org/b"><!-- -- -->"#,
                vec![mi("a.org/b", "git", "https://a.org/b")],
            ),
        ];
        for (page, want) in cases {
            assert_eq!(
                &parse_meta_go_imports(page.as_bytes(), R).unwrap(),
                want,
                "{page}"
            );
        }
        assert_eq!(
            parse_meta_go_imports(b"<!-- -- --><meta name=\"go-import\" content=\"a b c\">", R)
                .unwrap_err(),
            "XML syntax error on line 1: invalid sequence \"--\" not allowed in comments"
        );
        // The fourth field (subdirectory) is read from 1.25 on.
        let four = br#"<meta name="go-import" content="a.org/b git https://a.org/r sub">"#;
        assert_eq!(parse_meta_go_imports(four, R).unwrap()[0].subdir, "sub");
        assert!(parse_meta_go_imports(four, "1.22.10").unwrap().is_empty());
    }

    #[test]
    fn matching() {
        let tags = vec![
            mi(
                "example.com/user/foo",
                "git",
                "https://example.com/repo/target",
            ),
            mi(
                "example.com/user/foo/",
                "git",
                "https://example.com/repo/target",
            ),
        ];
        assert_eq!(
            match_go_import(&tags, "example.com/user/foo/bar")
                .unwrap_err()
                .to_string(),
            "multiple meta tags match import path \"example.com/user/foo/bar\""
        );
        assert!(match_go_import(&tags[..1], "example.com/user/foo").is_ok());
        assert!(match_go_import(&tags[..1], "example.com/user/foobar").is_err());
        let tags = vec![
            mi("example.com/user/fooa", "mod", "https://x"),
            mi("example.com/user/foo", "mod", "https://y"),
            mi("example.com/user/foo", "git", "https://z"),
        ];
        assert_eq!(
            match_go_import(&tags, "example.com/user/foo/z")
                .unwrap()
                .repo_root,
            "https://y"
        );
        let tags = vec![
            mi("example.com/a", "git", "https://z"),
            mi("example.com/b", "git", "https://z"),
        ];
        assert_eq!(
            match_go_import(&tags, "example.com/c")
                .unwrap_err()
                .to_string(),
            "meta tag example.com/a did not match import path example.com/c, \
             meta tag example.com/b did not match import path example.com/c"
        );
    }

    fn page(status: u16, body: &str) -> Page {
        Page {
            url: "https://corp.example/lib?go-get=1".into(),
            status,
            status_line: format!(
                "{status} {}",
                if status == 200 { "OK" } else { "Not Found" }
            ),
            content_type: Some("text/html".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn first_page_verdicts() {
        let ok = page(
            200,
            r#"<meta name="go-import" content="corp.example/lib git https://git.corp.example/lib">"#,
        );
        assert!(matches!(
            read_first_page("corp.example/lib", Ok(&ok), false, R),
            FirstPage::Found(_)
        ));
        // A tag in a 404 page is accepted.
        let in_404 = Page {
            status: 404,
            ..ok.clone()
        };
        assert!(matches!(
            read_first_page("corp.example/lib", Ok(&in_404), false, R),
            FirstPage::Found(_)
        ));
        assert!(matches!(
            read_first_page("corp.example/lib/sub", Ok(&ok), false, R),
            FirstPage::ConfirmPrefix(_)
        ));
        let FirstPage::Failed(e) =
            read_first_page("corp.example/lib", Ok(&page(404, "<p>")), false, R)
        else {
            panic!()
        };
        assert_eq!(
            e.message,
            "reading https://corp.example/lib?go-get=1: 404 Not Found"
        );
        let FirstPage::Failed(e) =
            read_first_page("corp.example/lib", Ok(&page(200, "<p>")), false, R)
        else {
            panic!()
        };
        assert_eq!(
            (e.stage, e.message.as_str()),
            (
                Stage::NoMetaTag,
                "parse https://corp.example/lib?go-get=1: no go-import meta tags ()"
            )
        );
        let FirstPage::Failed(e) = read_first_page("corp.example/lib", Err("boom"), true, R) else {
            panic!()
        };
        assert_eq!(e.message, "http/https fetch: boom");
        let FirstPage::Failed(e) =
            read_first_page("corp.example/lib", Ok(&page(200, "<a b=\"<\">")), false, R)
        else {
            panic!()
        };
        assert_eq!(
            e.message,
            "parsing corp.example/lib: XML syntax error on line 1: unescaped < inside quoted string"
        );
        let plain = Page {
            content_type: Some("text/plain; charset=utf-8".into()),
            ..page(403, "denied\nask admin\n\nmore")
        };
        assert_eq!(
            plain.status_error().unwrap(),
            "reading https://corp.example/lib?go-get=1: 403 Not Found\n\tserver response:\n\tdenied\n\task admin"
        );
    }

    #[test]
    fn validation() {
        let url = "https://a.org/b?go-get=1";
        assert!(validate(&mi("a.org/b", "git", "https://a.org/b"), url, false, R).is_ok());
        assert!(validate(&mi("a.org/b", "mod", "https://proxy"), url, false, R).is_ok());
        assert_eq!(
            validate(&mi("a.org/b", "git", "a.org/b"), url, false, R)
                .unwrap_err()
                .message,
            "https://a.org/b?go-get=1: invalid repo root \"a.org/b\": no scheme"
        );
        assert_eq!(
            validate(&mi("a.org/b", "git", "file:///x"), url, false, R)
                .unwrap_err()
                .stage,
            Stage::InvalidRepoRoot
        );
        assert_eq!(
            validate(&mi("a.org/b", "cvs", "https://x"), url, false, R)
                .unwrap_err()
                .stage,
            Stage::UnknownVcs
        );
        assert_eq!(
            validate(&mi("a.org/b", "svn", "https://x"), url, false, R)
                .unwrap_err()
                .stage,
            Stage::Govcs
        );
        assert!(validate(&mi("a.org/b", "svn", "https://x"), url, true, R).is_ok());
        assert_eq!(
            discovery_url("corp.example").unwrap(),
            "//corp.example/?go-get=1"
        );
        assert!(discovery_url("localhost/x").is_err());
    }
}
