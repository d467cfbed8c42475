//! Removing secrets before a value is stored, printed or written to a snapshot.
//!
//! Three kinds of secret are removed:
//! * the userinfo of URLs (`https://user:pass@proxy` → `https://***@proxy`),
//!   wherever a URL appears inside a value (GOPROXY lists, HTTPS_PROXY, ...);
//! * the whole value of variables whose name says it is a secret
//!   (`*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*PASSWD*`, `*_PASS`, `*CREDENTIAL*`,
//!   `*API_KEY*`, `*PRIVATE_KEY*`, `*AUTH_HEADER*`);
//! * tokens recognisable by their shape (GitHub, GitLab, Slack, AWS access keys,
//!   HTTP `Authorization` header values).

/// What a redacted secret is replaced with.
pub const MASK: &str = "***";

/// Whether a variable of this name holds a secret as a whole.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    const PARTS: [&str; 8] = [
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "CREDENTIAL",
        "API_KEY",
        "PRIVATE_KEY",
        "AUTH_HEADER",
    ];
    PARTS.iter().any(|p| upper.contains(p)) || upper.ends_with("_PASS") || upper == "PASS"
}

/// Redacts the value of the variable `name`.
pub fn redact_var(name: &str, value: &str) -> String {
    if is_secret_name(name) && !value.is_empty() {
        return MASK.to_string();
    }
    redact_text(value)
}

/// Redacts URL userinfo and token-shaped words anywhere in `text`.
pub fn redact_text(text: &str) -> String {
    redact_tokens(&redact_userinfo(text))
}

/// Replaces the userinfo of every `scheme://userinfo@host` in `text` with [`MASK`].
pub fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority ends at the first '/', '?', '#', or a list separator.
        let end = tail
            .find(|c: char| {
                matches!(
                    c,
                    '/' | '?' | '#' | ',' | '|' | ' ' | '\t' | '\n' | ';' | '"' | '\''
                )
            })
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => {
                out.push_str(MASK);
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces words that look like access tokens with [`MASK`].
fn redact_tokens(text: &str) -> String {
    const PREFIXES: [&str; 9] = [
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "xoxp-",
    ];
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let token_like = PREFIXES
            .iter()
            .any(|p| word.starts_with(p) && word.len() > p.len() + 8)
            || (word.len() == 20
                && (word.starts_with("AKIA") || word.starts_with("ASIA"))
                && word
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        if token_like {
            out.push_str(MASK);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    let mut after_bearer = false;
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=') {
            word.push(c);
        } else {
            if after_bearer && !word.is_empty() {
                out.push_str(MASK);
                word.clear();
                after_bearer = false;
            } else {
                let lower = word.to_ascii_lowercase();
                let is_scheme_word = lower == "bearer" || lower == "basic" || lower == "token";
                flush(&mut word, &mut out);
                if is_scheme_word && c == ' ' {
                    after_bearer = true;
                }
            }
            out.push(c);
        }
    }
    if after_bearer && !word.is_empty() {
        out.push_str(MASK);
    } else {
        flush(&mut word, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_in_proxy_lists() {
        assert_eq!(
            redact_text("https://bob:s3cret@goproxy.corp/x,https://proxy.golang.org|direct"),
            "https://***@goproxy.corp/x,https://proxy.golang.org|direct"
        );
        assert_eq!(
            redact_text("http://tok@[::1]:8080"),
            "http://***@[::1]:8080"
        );
        assert_eq!(redact_text("https://a@b@c/path"), "https://***@c/path");
        assert_eq!(redact_text("off"), "off");
    }

    #[test]
    fn secret_names_and_tokens() {
        assert_eq!(redact_var("GITHUB_TOKEN", "abc"), MASK);
        assert_eq!(redact_var("NPM_PASS", "abc"), MASK);
        assert_eq!(redact_var("GOPROXY", "direct"), "direct");
        let t = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        assert_eq!(redact_text(&format!("x {t} y")), "x *** y");
        assert_eq!(
            redact_text("Authorization: Bearer abc.def"),
            "Authorization: Bearer ***"
        );
        assert_eq!(redact_text("AKIAABCDEFGHIJKLMNOP"), MASK);
        assert_eq!(redact_text("go1.22.10"), "go1.22.10");
    }
}
