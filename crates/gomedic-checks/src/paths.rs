//! Path arithmetic for the OS a snapshot was taken on (not the OS gomedic
//! runs on): a Windows snapshot is diagnosed with Windows rules on Linux.

/// How paths are spelled and compared on the snapshot's OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    Unix,
    Windows,
}

impl PathStyle {
    /// The style for a Go `GOOS` value.
    pub fn for_os(goos: &str) -> PathStyle {
        if goos == "windows" {
            PathStyle::Windows
        } else {
            PathStyle::Unix
        }
    }

    /// The separator of path lists (PATH, GOPATH): `;` on Windows, else `:`.
    pub fn list_separator(self) -> char {
        match self {
            PathStyle::Windows => ';',
            PathStyle::Unix => ':',
        }
    }

    fn separator(self) -> char {
        match self {
            PathStyle::Windows => '\\',
            PathStyle::Unix => '/',
        }
    }

    fn is_separator(self, c: char) -> bool {
        match self {
            PathStyle::Windows => c == '\\' || c == '/',
            PathStyle::Unix => c == '/',
        }
    }

    /// Splits a path list as Go's `filepath.SplitList` does: on Windows a
    /// double-quoted stretch may contain `;` and the quotes are removed.
    /// An empty list gives no entries; empty entries are kept.
    pub fn split_list(self, list: &str) -> Vec<String> {
        let flavor = match self {
            PathStyle::Unix => gomedic_go::env::paths::Flavor::Unix,
            PathStyle::Windows => gomedic_go::env::paths::Flavor::Windows,
        };
        flavor.split_list(list)
    }

    /// Whether `path` is absolute as Go's `filepath.IsAbs` decides: on
    /// Windows a drive letter followed by a separator, or a UNC path.
    pub fn is_abs(self, path: &str) -> bool {
        match self {
            PathStyle::Unix => path.starts_with('/'),
            PathStyle::Windows => {
                let b: Vec<char> = path.chars().take(3).collect();
                let drive = b.len() == 3
                    && b[0].is_ascii_alphabetic()
                    && b[1] == ':'
                    && self.is_separator(b[2]);
                let unc = path.starts_with("\\\\") || path.starts_with("//");
                drive || unc
            }
        }
    }

    /// A lexically cleaned path (like `filepath.Clean`): repeated and
    /// trailing separators removed, `.` dropped, `..` folded where it can be.
    pub fn clean(self, path: &str) -> String {
        if path.is_empty() {
            return ".".to_string();
        }
        let (prefix, rest) = self.split_root(path);
        let rooted = !prefix.is_empty()
            && prefix.chars().last().is_some_and(|c| self.is_separator(c))
            || prefix.is_empty() && rest.starts_with(|c| self.is_separator(c));
        let mut parts: Vec<&str> = Vec::new();
        for part in rest.split(|c| self.is_separator(c)) {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.last().is_some_and(|p| *p != "..") {
                        parts.pop();
                    } else if !rooted {
                        parts.push("..");
                    }
                }
                p => parts.push(p),
            }
        }
        let sep = self.separator().to_string();
        let mut prefix = prefix.replace('/', &sep);
        if prefix.is_empty() && rooted {
            prefix = sep.clone();
        }
        let body = parts.join(&sep);
        if prefix.is_empty() && body.is_empty() {
            return ".".to_string();
        }
        format!("{prefix}{body}")
    }

    /// Splits off the root: `/` on Unix; `C:\`, `C:` or `\\server\share\` on Windows.
    fn split_root(self, path: &str) -> (String, &str) {
        match self {
            PathStyle::Unix => {
                if path.starts_with('/') {
                    ("/".to_string(), path.trim_start_matches('/'))
                } else {
                    (String::new(), path)
                }
            }
            PathStyle::Windows => {
                let chars: Vec<char> = path.chars().take(3).collect();
                if chars.len() >= 2 && chars[0].is_ascii_alphabetic() && chars[1] == ':' {
                    let drive = chars[0].to_ascii_uppercase();
                    let rest = &path[2..];
                    if rest.starts_with(|c| self.is_separator(c)) {
                        return (format!("{drive}:\\"), rest.trim_start_matches(['\\', '/']));
                    }
                    return (format!("{drive}:"), rest);
                }
                if path.starts_with("\\\\") || path.starts_with("//") {
                    return (String::new(), path);
                }
                if path.starts_with(['\\', '/']) {
                    return ("\\".to_string(), path.trim_start_matches(['\\', '/']));
                }
                (String::new(), path)
            }
        }
    }

    /// Whether two paths name the same directory lexically (case-insensitive on Windows).
    pub fn same(self, a: &str, b: &str) -> bool {
        let (a, b) = (self.clean(a), self.clean(b));
        match self {
            PathStyle::Windows => a.eq_ignore_ascii_case(&b),
            PathStyle::Unix => a == b,
        }
    }

    /// Whether `path` is `dir` or lies below it (lexically).
    pub fn is_within(self, path: &str, dir: &str) -> bool {
        let (p, d) = (self.clean(path), self.clean(dir));
        let (p, d) = match self {
            PathStyle::Windows => (p.to_ascii_lowercase(), d.to_ascii_lowercase()),
            PathStyle::Unix => (p, d),
        };
        if p == d {
            return true;
        }
        let sep = self.separator();
        let d = if d.ends_with(sep) {
            d
        } else {
            format!("{d}{sep}")
        };
        p.starts_with(&d)
    }

    /// `dir` joined with `name`.
    pub fn join(self, dir: &str, name: &str) -> String {
        let sep = self.separator();
        if dir.ends_with(|c| self.is_separator(c)) {
            format!("{dir}{name}")
        } else {
            format!("{dir}{sep}{name}")
        }
    }

    /// The parent directory of `path` (lexically), if it has one.
    pub fn parent(self, path: &str) -> Option<String> {
        let clean = self.clean(path);
        let cut = clean.rfind(|c| self.is_separator(c))?;
        let parent = &clean[..cut];
        if parent.is_empty() || parent.ends_with(':') {
            Some(clean[..=cut].to_string())
        } else {
            Some(parent.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PathStyle::{Unix, Windows};

    #[test]
    fn clean_like_go() {
        assert_eq!(Unix.clean("/usr/local/go/"), "/usr/local/go");
        assert_eq!(Unix.clean("/a//b/./c/../d"), "/a/b/d");
        assert_eq!(Unix.clean("/.."), "/");
        assert_eq!(Unix.clean("a/../.."), "..");
        assert_eq!(
            Windows.clean("c:/Program Files/Go/"),
            "C:\\Program Files\\Go"
        );
        assert_eq!(Windows.clean("C:\\"), "C:\\");
    }

    #[test]
    fn absolute_paths() {
        assert!(Unix.is_abs("/home/u/go"));
        assert!(!Unix.is_abs("~/go") && !Unix.is_abs("'/home/u/go'") && !Unix.is_abs("go"));
        assert!(
            Windows.is_abs("C:\\Users\\u\\go")
                && Windows.is_abs("d:/x")
                && Windows.is_abs("\\\\srv\\share\\go")
        );
        assert!(
            !Windows.is_abs("\\Users\\u\\go")
                && !Windows.is_abs("C:go")
                && !Windows.is_abs("/home/u/go")
        );
    }

    #[test]
    fn compare_and_contain() {
        assert!(Windows.same("C:\\Program Files\\Go", "c:/program files/go/"));
        assert!(!Unix.same("/usr/local/Go", "/usr/local/go"));
        assert!(Unix.is_within("/usr/local/go/bin", "/usr/local/go"));
        assert!(!Unix.is_within("/usr/local/gopath", "/usr/local/go"));
        assert!(Windows.is_within("C:\\Go\\bin", "c:\\go"));
        assert_eq!(
            Unix.parent("/usr/local/go/bin/go").as_deref(),
            Some("/usr/local/go/bin")
        );
        assert_eq!(Unix.parent("/go").as_deref(), Some("/"));
    }

    #[test]
    fn split_lists() {
        assert_eq!(Unix.split_list("/a::/b"), ["/a", "", "/b"]);
        assert_eq!(
            Windows.split_list("\"C:\\a;b\";D:\\c"),
            ["C:\\a;b", "D:\\c"]
        );
        assert!(Unix.split_list("").is_empty());
    }
}
