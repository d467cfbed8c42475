//! The token scanner the go command reads go-import pages with.
//!
//! cmd/go does not use an HTML parser: it reads the page with
//! `encoding/xml`'s `Decoder.RawToken` in non-strict mode (attributes without
//! values, unquoted values and unknown entities are tolerated; start and end
//! tags are not paired). An HTML5 tokenizer (html5gum, tl) would accept pages
//! Go rejects (`--` inside a comment, `<1a>`, control characters, a
//! `<?xml encoding="latin1"?>` declaration) and split attributes differently
//! (`content=a.b` unquoted), so this module re-implements just the XML
//! decoder's byte-level rules, written from its documented behaviour and
//! checked against the real go command in the tests.
//!
//! Deviation, on purpose: XML 1.0 name characters outside ASCII are judged
//! with Unicode alphabetic/alphanumeric classes instead of the XML 1.0
//! Appendix B tables (only non-ASCII tag or attribute names are affected).

/// A token that matters to go-import discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `<name attr=...>` (also the first half of `<name/>`).
    Start { local: String, attrs: Vec<Attr> },
    /// `</name>` (also the second half of `<name/>`).
    End { local: String },
    /// Text, comments, directives, processing instructions.
    Other,
}

/// One attribute: its local name (after any `prefix:`) and decoded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub local: String,
    pub value: String,
}

/// Why scanning stopped early, worded as Go words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// `XML syntax error on line N: msg`.
    Syntax { line: usize, msg: String },
    /// Errors without a line (unsupported version or charset).
    Other(String),
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::Syntax { line, msg } => write!(f, "XML syntax error on line {line}: {msg}"),
            ScanError::Other(msg) => f.write_str(msg),
        }
    }
}

/// Scans `data` token by token.
pub struct Scanner<'a> {
    data: &'a [u8],
    pos: usize,
    /// Go 1.22 and later allow `]]>` inside quoted attribute values.
    allow_cdata_end_in_quotes: bool,
    /// The second half of a `<name/>` still to be returned.
    pending_end: Option<String>,
    done: bool,
}

type Step<T> = Result<T, ScanError>;

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'-')
}

fn is_name_start_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_' || c == ':'
    } else {
        c.is_alphabetic()
    }
}

fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-')
    } else {
        c.is_alphanumeric() || c == '\u{b7}'
    }
}

/// XML's `Name` production (see the module note on non-ASCII).
fn is_xml_name(bytes: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start_char(c) => chars.all(is_name_char),
        _ => false,
    }
}

/// XML's `Char` production.
fn in_character_range(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// The `param="value"` of an `<?xml ...?>` declaration, found the way Go
/// finds it: the first `param=` followed by a quote, up to the same quote.
fn proc_inst_param(param: &str, s: &str) -> String {
    let key = format!("{param}=");
    let mut i = 0;
    let mut sep = None;
    while i < s.len() {
        let sub = &s[i..];
        let Some(k) = sub.find(&key) else {
            return String::new();
        };
        if key.len() + k >= sub.len() {
            return String::new();
        }
        let c = sub.as_bytes()[key.len() + k];
        i += key.len() + k + 1;
        if c == b'\'' || c == b'"' {
            sep = Some(c);
            break;
        }
    }
    let Some(sep) = sep else {
        return String::new();
    };
    match s
        .get(i..)
        .and_then(|rest| rest.bytes().position(|b| b == sep))
    {
        Some(j) => s[i..i + j].to_string(),
        None => String::new(),
    }
}

impl<'a> Scanner<'a> {
    pub fn new(data: &'a [u8], release: &str) -> Scanner<'a> {
        Scanner {
            data,
            pos: 0,
            // Verified: 1.21.13 and 1.22.10 reject it, 1.27.3 accepts it; the
            // change is taken to be in 1.23 (not verified).
            allow_cdata_end_in_quotes: super::release_at_least(release, 23),
            pending_end: None,
            done: false,
        }
    }

    fn line(&self) -> usize {
        1 + self.data[..self.pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn syntax<T>(&self, msg: impl Into<String>) -> Step<T> {
        Err(ScanError::Syntax {
            line: self.line(),
            msg: msg.into(),
        })
    }

    fn getc(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// A byte that must be there (else `unexpected EOF`).
    fn must(&mut self) -> Step<u8> {
        match self.getc() {
            Some(b) => Ok(b),
            None => self.syntax("unexpected EOF"),
        }
    }

    fn unget(&mut self) {
        self.pos -= 1;
    }

    fn space(&mut self) {
        while let Some(b) = self.getc() {
            if !matches!(b, b' ' | b'\r' | b'\n' | b'\t') {
                self.unget();
                return;
            }
        }
    }

    /// Reads name bytes into `buf`; false (nothing consumed) when the next
    /// byte cannot start one.
    fn read_name(&mut self, buf: &mut Vec<u8>) -> Step<bool> {
        let b = self.must()?;
        if b < 0x80 && !is_name_byte(b) {
            self.unget();
            return Ok(false);
        }
        buf.push(b);
        loop {
            let b = self.must()?;
            if b < 0x80 && !is_name_byte(b) {
                self.unget();
                return Ok(true);
            }
            buf.push(b);
        }
    }

    /// A name; `None` when there is none here (the caller words the error).
    fn name(&mut self) -> Step<Option<String>> {
        let mut buf = Vec::new();
        if !self.read_name(&mut buf)? {
            return Ok(None);
        }
        if !is_xml_name(&buf) {
            return self.syntax(format!(
                "invalid XML name: {}",
                String::from_utf8_lossy(&buf)
            ));
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// A name with at most one `:`; the part after it when both sides are
    /// non-empty.
    fn local_name(&mut self) -> Step<Option<String>> {
        let Some(s) = self.name()? else {
            return Ok(None);
        };
        if s.matches(':').count() > 1 {
            return Ok(None);
        }
        Ok(Some(match s.split_once(':') {
            Some((space, local)) if !space.is_empty() && !local.is_empty() => local.to_string(),
            _ => s,
        }))
    }

    /// The next token, `None` at the end of the input.
    pub fn next_token(&mut self) -> Step<Option<Token>> {
        if self.done {
            return Ok(None);
        }
        if let Some(local) = self.pending_end.take() {
            return Ok(Some(Token::End { local }));
        }
        let Some(b) = self.getc() else {
            self.done = true;
            return Ok(None);
        };
        if b != b'<' {
            self.unget();
            self.text(None, false)?;
            return Ok(Some(Token::Other));
        }
        match self.must()? {
            b'/' => {
                let Some(local) = self.local_name()? else {
                    return self.syntax("expected element name after </");
                };
                self.space();
                if self.must()? != b'>' {
                    return self.syntax(format!("invalid characters between </{local} and >"));
                }
                Ok(Some(Token::End { local }))
            }
            b'?' => self.proc_inst().map(Some),
            b'!' => self.bang().map(Some),
            _ => {
                self.unget();
                self.start_element().map(Some)
            }
        }
    }

    fn proc_inst(&mut self) -> Step<Token> {
        let Some(target) = self.name()? else {
            return self.syntax("expected target name after <?");
        };
        self.space();
        let start = self.pos;
        let mut prev = 0u8;
        loop {
            let b = self.must()?;
            if prev == b'?' && b == b'>' {
                break;
            }
            prev = b;
        }
        if target == "xml" {
            let content = String::from_utf8_lossy(&self.data[start..self.pos - 2]).into_owned();
            let version = proc_inst_param("version", &content);
            if !version.is_empty() && version != "1.0" {
                return Err(ScanError::Other(format!(
                    "xml: unsupported version {version:?}; only version 1.0 is supported"
                )));
            }
            let encoding = proc_inst_param("encoding", &content);
            // cmd/go's CharsetReader accepts utf-8 and ascii (read as UTF-8).
            let lower = encoding.to_lowercase();
            if !encoding.is_empty() && lower != "utf-8" && lower != "ascii" {
                return Err(ScanError::Other(format!(
                    "xml: opening charset {encoding:?}: can't decode XML document using charset {encoding:?}"
                )));
            }
        }
        Ok(Token::Other)
    }

    fn bang(&mut self) -> Step<Token> {
        match self.must()? {
            b'-' => {
                if self.must()? != b'-' {
                    return self.syntax("invalid sequence <!- not part of <!--");
                }
                let (mut b0, mut b1) = (0u8, 0u8);
                loop {
                    let b = self.must()?;
                    if b0 == b'-' && b1 == b'-' {
                        if b != b'>' {
                            return self.syntax("invalid sequence \"--\" not allowed in comments");
                        }
                        return Ok(Token::Other);
                    }
                    (b0, b1) = (b1, b);
                }
            }
            b'[' => {
                for expected in b"CDATA[" {
                    if self.must()? != *expected {
                        return self.syntax("invalid <![ sequence");
                    }
                }
                self.text(None, true)?;
                Ok(Token::Other)
            }
            _ => self.directive(),
        }
    }

    /// `<!DOCTYPE ...>` and friends: quotes and nested `<...>` (and
    /// comments inside) are skipped; only a missing end is an error.
    fn directive(&mut self) -> Step<Token> {
        let mut quote = 0u8;
        let mut depth = 0i64;
        let mut carried: Option<u8> = None;
        loop {
            let b = match carried.take() {
                Some(b) => b,
                None => {
                    let b = self.must()?;
                    if quote == 0 && b == b'>' && depth == 0 {
                        return Ok(Token::Other);
                    }
                    b
                }
            };
            if b == quote {
                quote = 0;
            } else if quote != 0 {
            } else if b == b'\'' || b == b'"' {
                quote = b;
            } else if b == b'>' {
                depth -= 1;
            } else if b == b'<' {
                let mut mismatch = None;
                for expected in b"!--" {
                    let c = self.must()?;
                    if c != *expected {
                        mismatch = Some(c);
                        break;
                    }
                }
                if let Some(c) = mismatch {
                    depth += 1;
                    carried = Some(c);
                    continue;
                }
                let (mut b0, mut b1) = (0u8, 0u8);
                loop {
                    let c = self.must()?;
                    if b0 == b'-' && b1 == b'-' && c == b'>' {
                        break;
                    }
                    (b0, b1) = (b1, c);
                }
            }
        }
    }

    fn start_element(&mut self) -> Step<Token> {
        let Some(local) = self.local_name()? else {
            return self.syntax("expected element name after <");
        };
        let mut attrs = Vec::new();
        loop {
            self.space();
            let b = self.must()?;
            if b == b'/' {
                if self.must()? != b'>' {
                    return self.syntax("expected /> in element");
                }
                self.pending_end = Some(local.clone());
                break;
            }
            if b == b'>' {
                break;
            }
            self.unget();
            let Some(name) = self.local_name()? else {
                return self.syntax("expected attribute name in element");
            };
            self.space();
            let value = if self.must()? != b'=' {
                // Non-strict: an attribute without a value is its own name.
                self.unget();
                name.clone()
            } else {
                self.space();
                self.attr_value()?
            };
            attrs.push(Attr { local: name, value });
        }
        Ok(Token::Start { local, attrs })
    }

    fn attr_value(&mut self) -> Step<String> {
        let b = self.must()?;
        if b == b'"' || b == b'\'' {
            return self.text(Some(b), false);
        }
        // Non-strict: an unquoted value is a run of letters, digits, `_:-`.
        self.unget();
        let start = self.pos;
        loop {
            let b = self.must()?;
            if !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-')) {
                self.unget();
                break;
            }
        }
        Ok(String::from_utf8_lossy(&self.data[start..self.pos]).into_owned())
    }

    /// Character data up to `<` (or the closing quote, or `]]>` in CDATA),
    /// with the five predefined and numeric entities decoded, unknown ones
    /// kept, `\r\n` and `\r` made `\n`, and every character checked.
    fn text(&mut self, quote: Option<u8>, cdata: bool) -> Step<String> {
        let mut buf: Vec<u8> = Vec::new();
        let (mut b0, mut b1) = (0u8, 0u8);
        let mut trunc = 0;
        loop {
            let Some(b) = self.getc() else {
                if cdata {
                    return self.syntax("unexpected EOF in CDATA section");
                }
                break;
            };
            let check_cdata_end = quote.is_none() || !self.allow_cdata_end_in_quotes;
            if check_cdata_end && b0 == b']' && b1 == b']' && b == b'>' {
                if cdata {
                    trunc = 2;
                    break;
                }
                return self.syntax("unescaped ]]> not in CDATA section");
            }
            if b == b'<' && !cdata {
                if quote.is_some() {
                    return self.syntax("unescaped < inside quoted string");
                }
                self.unget();
                break;
            }
            if quote == Some(b) {
                break;
            }
            if b == b'&' && !cdata {
                self.entity(&mut buf)?;
                (b0, b1) = (0, 0);
                continue;
            }
            if b == b'\r' {
                buf.push(b'\n');
            } else if !(b1 == b'\r' && b == b'\n') {
                buf.push(b);
            }
            (b0, b1) = (b1, b);
        }
        buf.truncate(buf.len() - trunc);
        let text = match String::from_utf8(buf) {
            Ok(t) => t,
            Err(_) => return self.syntax("invalid UTF-8"),
        };
        if let Some(c) = text.chars().find(|&c| !in_character_range(c)) {
            return self.syntax(format!("illegal character code U+{:04X}", c as u32));
        }
        Ok(text)
    }

    /// After `&`: appends the decoded entity, or (non-strict) the raw text.
    fn entity(&mut self, buf: &mut Vec<u8>) -> Step<()> {
        let before = buf.len();
        buf.push(b'&');
        let mut b = self.must()?;
        let mut decoded: Option<String> = None;
        if b == b'#' {
            buf.push(b);
            b = self.must()?;
            let mut radix = 10;
            if b == b'x' {
                radix = 16;
                buf.push(b);
                b = self.must()?;
            }
            let start = buf.len();
            while b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()) {
                buf.push(b);
                b = self.must()?;
            }
            if b != b';' {
                self.unget();
            } else {
                let digits = String::from_utf8_lossy(&buf[start..]).into_owned();
                buf.push(b';');
                if let Ok(n) = u64::from_str_radix(&digits, radix)
                    && n <= 0x10FFFF
                {
                    // Go turns a surrogate into U+FFFD.
                    let c = u32::try_from(n)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{FFFD}');
                    decoded = Some(c.to_string());
                }
            }
        } else {
            self.unget();
            let mut name = Vec::new();
            self.read_name(&mut name)?;
            buf.extend_from_slice(&name);
            if self.must()? != b';' {
                self.unget();
            } else {
                buf.push(b';');
                if is_xml_name(&name) {
                    decoded = match name.as_slice() {
                        b"lt" => Some("<".into()),
                        b"gt" => Some(">".into()),
                        b"amp" => Some("&".into()),
                        b"apos" => Some("'".into()),
                        b"quot" => Some("\"".into()),
                        _ => None,
                    };
                }
            }
        }
        if let Some(text) = decoded {
            buf.truncate(before);
            buf.extend_from_slice(text.as_bytes());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Result<Vec<Token>, ScanError> {
        let mut sc = Scanner::new(s.as_bytes(), "1.27.3");
        let mut out = Vec::new();
        while let Some(t) = sc.next_token()? {
            out.push(t);
        }
        Ok(out)
    }

    #[test]
    fn attributes_quirks() {
        let t =
            tokens("<meta name=go-import content='a &amp; &foo; &#65;' x:y=\"1\" flag/>").unwrap();
        let Token::Start { local, attrs } = &t[0] else {
            panic!("{t:?}")
        };
        assert_eq!(local, "meta");
        assert_eq!(attrs[0].value, "go-import");
        assert_eq!(attrs[1].value, "a & &foo; A");
        assert_eq!(
            (attrs[2].local.as_str(), attrs[2].value.as_str()),
            ("y", "1")
        );
        assert_eq!(attrs[3].value, "flag");
        assert_eq!(
            t[1],
            Token::End {
                local: "meta".into()
            }
        );
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = tokens("<a>\n<!-- x -- y -->").unwrap_err();
        assert_eq!(
            e.to_string(),
            "XML syntax error on line 2: invalid sequence \"--\" not allowed in comments"
        );
        assert_eq!(
            tokens("<1a>").unwrap_err().to_string(),
            "XML syntax error on line 1: invalid XML name: 1a"
        );
        assert_eq!(
            tokens("<meta content=a.b>").unwrap_err().to_string(),
            "XML syntax error on line 1: invalid XML name: .b"
        );
        assert!(
            tokens("<a x=\"\u{1}\">")
                .unwrap_err()
                .to_string()
                .contains("U+0001")
        );
        assert!(
            tokens("text &amp")
                .unwrap_err()
                .to_string()
                .contains("unexpected EOF")
        );
        assert!(tokens("<!DOCTYPE html><p>").is_ok());
        assert!(tokens("<!DOCTYPE x [ <!ENTITY a 'b'> <!-- c --> ]>").is_ok());
    }

    #[test]
    fn declarations() {
        assert!(tokens("<?xml version=\"1.0\" encoding='ASCII'?><a>").is_ok());
        assert_eq!(
            tokens("<?xml encoding=\"latin1\"?>")
                .unwrap_err()
                .to_string(),
            "xml: opening charset \"latin1\": can't decode XML document using charset \"latin1\""
        );
        assert!(tokens("<?xml version=\"1.1\"?>").is_err());
    }

    #[test]
    fn cdata_end_in_quotes_depends_on_release() {
        let page = b"<a title=\"]]>\">";
        let mut old = Scanner::new(page, "1.21.13");
        assert!(old.next_token().is_err());
        let mut also_old = Scanner::new(page, "1.22.10");
        assert!(also_old.next_token().is_err());
        let mut new = Scanner::new(page, "1.27.3");
        assert!(new.next_token().is_ok());
    }
}
