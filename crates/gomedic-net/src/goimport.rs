//! go-import discovery over the network: `https://<path>?go-get=1` (and,
//! when GOINSECURE matches, `http://` after a failed https attempt, as go
//! does), the prefix page when the tag is for a shorter prefix, all before
//! one deadline, bounded in size; redirects from https to http are refused.
//! The judging is gomedic-go's (`gomedic_go::goimport`).
//!
//! Deviation: with GOINSECURE go skips certificate verification on the
//! https attempt; here the https attempt is verified and, when it fails,
//! plain http is tried — a self-signed https origin is therefore reached
//! over http here but over https by go.

use crate::http::{Client, Fetched};
use gomedic_go::goimport::{
    self, DiscoveryError, FirstPage, MetaImport, Page, Stage, discovery_url,
};
use gomedic_model::network::RequestFact;
use gomedic_model::private::DiscoveryFacts;
use std::time::Instant;

/// The largest page read (go reads only up to `</head>`; a larger page is
/// reported as a fetch failure here).
pub const MAX_PAGE: usize = 2 << 20;

/// The outcome and the requests made.
#[derive(Debug, Clone)]
pub struct Discovery {
    pub requests: Vec<RequestFact>,
    pub result: Result<(MetaImport, String), DiscoveryError>,
    /// The status of the module's page, if one was read.
    pub status: Option<u16>,
    /// The URL go fetched for the module's page.
    pub url: String,
}

impl Discovery {
    /// As snapshot facts.
    pub fn facts(&self) -> DiscoveryFacts {
        match &self.result {
            Ok((m, url)) => DiscoveryFacts::Found {
                url: url.clone(),
                prefix: m.prefix.clone(),
                vcs: m.vcs.clone(),
                repo_root: gomedic_model::redact::redact_text(&m.repo_root),
            },
            Err(e) => DiscoveryFacts::Failed {
                url: self.url.clone(),
                stage: e.stage,
                message: gomedic_model::redact::redact_text(&e.message),
                status: self.status,
            },
        }
    }
}

fn error_text(url: &str, f: &Fetched) -> Option<String> {
    f.fact
        .error
        .as_ref()
        .map(|e| format!("Get {url:?}: {}", e.message))
}

fn page_of(url: &str, f: Fetched) -> Page {
    let status = f.fact.status.unwrap_or(0);
    Page {
        url: gomedic_model::redact::redact_text(url),
        status,
        status_line: format!("{status} {}", crate::goproxy::reason(status))
            .trim_end()
            .to_string(),
        content_type: f.fact.content_type,
        body: f.body,
    }
}

/// GETs the discovery page of `import_path` like go's `web.Get`.
fn get_page(
    client: &Client,
    import_path: &str,
    insecure: bool,
    deadline: Instant,
    requests: &mut Vec<RequestFact>,
) -> Result<Page, String> {
    let schemeless = discovery_url(import_path)?;
    let secure = format!("https:{schemeless}");
    let f = client.get(&secure, deadline);
    requests.push(f.fact.clone());
    let Some(https_error) = error_text(&secure, &f) else {
        return Ok(page_of(&secure, f));
    };
    if !insecure {
        return Err(https_error);
    }
    let plain = format!("http:{schemeless}");
    let f = client.get(&plain, deadline);
    requests.push(f.fact.clone());
    match error_text(&plain, &f) {
        Some(e) => Err(e),
        None => Ok(page_of(&plain, f)),
    }
}

/// Runs discovery for `import_path` (which must need it: see
/// `known_hosts::static_lookup`). `private`: GOPRIVATE matches (GOVCS).
pub fn discover(
    client: &Client,
    import_path: &str,
    insecure: bool,
    private: bool,
    release: &str,
    deadline: Instant,
) -> Discovery {
    let client = Client {
        max_body: MAX_PAGE,
        ..client.clone()
    };
    let mut requests = Vec::new();
    let first = get_page(&client, import_path, insecure, deadline, &mut requests);
    let url = match &first {
        Ok(p) => p.url.clone(),
        Err(_) => discovery_url(import_path)
            .map(|u| format!("https:{u}"))
            .unwrap_or_default(),
    };
    let status = first.as_ref().ok().map(|p| p.status);
    let verdict = goimport::read_first_page(
        import_path,
        first.as_ref().map_err(String::as_str),
        insecure,
        release,
    );
    let result = match verdict {
        FirstPage::Failed(e) => Err(e),
        FirstPage::Found(m) => {
            goimport::validate(&m, &url, private, release).map(|()| (m, url.clone()))
        }
        FirstPage::ConfirmPrefix(m) => {
            let prefix_page = get_page(&client, &m.prefix, insecure, deadline, &mut requests);
            goimport::confirm_prefix(
                import_path,
                &url,
                &m,
                prefix_page.as_ref().map_err(String::as_str),
                release,
            )
            .and_then(|()| goimport::validate(&m, &url, private, release))
            .map(|()| (m, url.clone()))
        }
    };
    Discovery {
        requests,
        result,
        status,
        url,
    }
}

/// True when the failure looks like the origin wants credentials.
pub fn needs_credentials(stage: Stage, status: Option<u16>) -> bool {
    matches!(stage, Stage::HttpStatus) && matches!(status, Some(401 | 403))
}
