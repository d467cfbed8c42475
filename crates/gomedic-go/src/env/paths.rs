//! Go's `path/filepath` (Clean, Join, IsAbs, SplitList, Dir) and
//! `os.UserConfigDir`/`os.UserCacheDir`, for the OS the go binary runs on —
//! not the OS gomedic runs on, so Windows and macOS are testable anywhere.

use super::release::Release;

/// The path flavour of a target OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Unix,
    Windows,
}

impl Flavor {
    pub fn for_os(goos: &str) -> Flavor {
        if goos == "windows" {
            Flavor::Windows
        } else {
            Flavor::Unix
        }
    }

    pub fn separator(self) -> char {
        match self {
            Flavor::Unix => '/',
            Flavor::Windows => '\\',
        }
    }

    fn is_separator(self, c: char) -> bool {
        match self {
            Flavor::Unix => c == '/',
            Flavor::Windows => c == '/' || c == '\\',
        }
    }

    /// `filepath.ListSeparator`.
    pub fn list_separator(self) -> char {
        match self {
            Flavor::Unix => ':',
            Flavor::Windows => ';',
        }
    }

    /// The length of the volume name (`C:` or `\\host\share`); 0 on Unix.
    fn volume_len(self, path: &str) -> usize {
        if self == Flavor::Unix {
            return 0;
        }
        let bytes = path.as_bytes();
        if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
            return 2;
        }
        let sep = |b: u8| b == b'/' || b == b'\\';
        if bytes.len() >= 2 && sep(bytes[0]) && sep(bytes[1]) {
            // \\host\share
            let mut i = 2;
            let mut parts = 0;
            while i <= bytes.len() {
                if i == bytes.len() || sep(bytes[i]) {
                    parts += 1;
                    if parts == 2 || i == bytes.len() {
                        return i;
                    }
                }
                i += 1;
            }
            return bytes.len();
        }
        0
    }

    /// `filepath.IsAbs`.
    pub fn is_abs(self, path: &str) -> bool {
        match self {
            Flavor::Unix => path.starts_with('/'),
            Flavor::Windows => {
                let vol = self.volume_len(path);
                if vol == 0 {
                    return false;
                }
                if vol > 2 {
                    return true; // UNC
                }
                path[vol..]
                    .chars()
                    .next()
                    .is_some_and(|c| self.is_separator(c))
            }
        }
    }

    /// `filepath.Clean`.
    pub fn clean(self, path: &str) -> String {
        let sep = self.separator();
        let vol_len = self.volume_len(path);
        let volume: String = path[..vol_len]
            .chars()
            .map(|c| if self.is_separator(c) { sep } else { c })
            .collect();
        let rest = &path[vol_len..];
        if rest.is_empty() {
            if vol_len > 2 {
                return volume; // UNC share alone
            }
            return volume + ".";
        }
        let rooted = rest.chars().next().is_some_and(|c| self.is_separator(c));
        let mut parts: Vec<&str> = Vec::new();
        for element in rest.split(|c| self.is_separator(c)) {
            match element {
                "" | "." => {}
                ".." => {
                    if parts.last().is_some_and(|p| *p != "..") {
                        parts.pop();
                    } else if !rooted {
                        parts.push("..");
                    }
                }
                other => parts.push(other),
            }
        }
        let body = parts.join(&sep.to_string());
        let mut out = volume;
        if rooted {
            out.push(sep);
        }
        out.push_str(&body);
        if out.is_empty() {
            return ".".into();
        }
        if !rooted && body.is_empty() {
            out.push('.');
        }
        out
    }

    /// `filepath.Join`: the non-empty elements joined and cleaned; "" when all are empty.
    pub fn join(self, elements: &[&str]) -> String {
        let non_empty: Vec<&str> = elements.iter().copied().filter(|e| !e.is_empty()).collect();
        if non_empty.is_empty() {
            return String::new();
        }
        self.clean(&non_empty.join(&self.separator().to_string()))
    }

    /// `filepath.Abs` against a known working directory.
    pub fn abs(self, path: &str, cwd: &str) -> String {
        if self.is_abs(path) {
            self.clean(path)
        } else {
            self.join(&[cwd, path])
        }
    }

    /// `filepath.Dir`.
    pub fn dir(self, path: &str) -> String {
        let vol_len = self.volume_len(path);
        let mut i = path.len();
        while i > vol_len && !self.is_separator(path[..i].chars().last().unwrap_or('\0')) {
            i -= path[..i].chars().last().map_or(1, char::len_utf8);
        }
        let dir = self.clean(&path[vol_len..i]);
        format!("{}{}", &path[..vol_len], dir)
    }

    /// `filepath.SplitList` (Windows: `"` quotes are removed).
    pub fn split_list(self, list: &str) -> Vec<String> {
        if list.is_empty() {
            return Vec::new();
        }
        match self {
            Flavor::Unix => list.split(':').map(str::to_string).collect(),
            Flavor::Windows => {
                let mut out = Vec::new();
                let mut current = String::new();
                let mut quoted = false;
                for c in list.chars() {
                    match c {
                        '"' => quoted = !quoted,
                        ';' if !quoted => out.push(std::mem::take(&mut current)),
                        other => current.push(other),
                    }
                }
                out.push(current);
                out
            }
        }
    }

    /// Whether `path` is `dir` or inside it (both cleaned, compared as strings;
    /// case-insensitively on Windows).
    pub fn is_within(self, path: &str, dir: &str) -> bool {
        let (p, d) = match self {
            Flavor::Unix => (self.clean(path), self.clean(dir)),
            Flavor::Windows => (
                self.clean(path).to_lowercase(),
                self.clean(dir).to_lowercase(),
            ),
        };
        if p == d {
            return true;
        }
        let sep = self.separator();
        let prefix = if d.ends_with(sep) {
            d
        } else {
            format!("{d}{sep}")
        };
        p.starts_with(&prefix)
    }
}

/// Looks up an OS environment variable the way `os.Getenv` does on `goos`
/// (case-insensitive on Windows). Unset and empty are both `""`.
pub fn os_getenv<'a>(
    env: &'a std::collections::BTreeMap<String, String>,
    goos: &str,
    key: &str,
) -> &'a str {
    if let Some(v) = env.get(key) {
        return v;
    }
    if goos == "windows" {
        return env
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map_or("", |(_, v)| v.as_str());
    }
    ""
}

/// `os.UserConfigDir` as the go binary computes it.
pub fn user_config_dir(
    env: &std::collections::BTreeMap<String, String>,
    goos: &str,
    release: Release,
) -> Result<String, String> {
    let get = |k: &str| os_getenv(env, goos, k);
    match goos {
        "windows" => non_empty(get("AppData"), "%AppData% is not defined"),
        "darwin" | "ios" => non_empty(get("HOME"), "$HOME is not defined")
            .map(|h| h + "/Library/Application Support"),
        "plan9" => non_empty(get("home"), "$home is not defined").map(|h| h + "/lib"),
        _ => xdg_dir(
            get("XDG_CONFIG_HOME"),
            "XDG_CONFIG_HOME",
            get("HOME"),
            "/.config",
            release,
        ),
    }
}

/// `os.UserCacheDir` as the go binary computes it.
pub fn user_cache_dir(
    env: &std::collections::BTreeMap<String, String>,
    goos: &str,
    release: Release,
) -> Result<String, String> {
    let get = |k: &str| os_getenv(env, goos, k);
    match goos {
        "windows" => non_empty(get("LocalAppData"), "%LocalAppData% is not defined"),
        "darwin" | "ios" => {
            non_empty(get("HOME"), "$HOME is not defined").map(|h| h + "/Library/Caches")
        }
        "plan9" => non_empty(get("home"), "$home is not defined").map(|h| h + "/lib/cache"),
        _ => xdg_dir(
            get("XDG_CACHE_HOME"),
            "XDG_CACHE_HOME",
            get("HOME"),
            "/.cache",
            release,
        ),
    }
}

fn xdg_dir(
    xdg: &str,
    xdg_name: &str,
    home: &str,
    home_suffix: &str,
    release: Release,
) -> Result<String, String> {
    if !xdg.is_empty() {
        if release.rejects_relative_xdg() && !xdg.starts_with('/') {
            return Err(format!("path in ${xdg_name} is relative"));
        }
        return Ok(xdg.to_string());
    }
    if home.is_empty() {
        return Err(format!("neither ${xdg_name} nor $HOME are defined"));
    }
    Ok(format!("{home}{home_suffix}"))
}

fn non_empty(value: &str, error: &str) -> Result<String, String> {
    if value.is_empty() {
        Err(error.to_string())
    } else {
        Ok(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_clean_and_join() {
        let u = Flavor::Unix;
        assert_eq!(u.clean(""), ".");
        assert_eq!(u.clean("/a//b/./c/.."), "/a/b");
        assert_eq!(u.clean("/.."), "/");
        assert_eq!(u.clean("a/../.."), "..");
        assert_eq!(u.clean("rel/xdg/"), "rel/xdg");
        assert_eq!(u.join(&["/x/bin/go", "../.."]), "/x");
        assert_eq!(u.join(&["", ""]), "");
        assert_eq!(u.join(&["//.config", "go/env"]), "/.config/go/env");
        assert_eq!(u.dir("/a/b/go.mod"), "/a/b");
        assert_eq!(u.dir("/"), "/");
        assert_eq!(u.split_list("/a::/b"), vec!["/a", "", "/b"]);
        assert!(u.is_within("/a/b/c", "/a/b"));
        assert!(!u.is_within("/a/bc", "/a/b"));
    }

    #[test]
    fn windows_paths() {
        let w = Flavor::Windows;
        assert_eq!(w.clean(r"C:\Users\me\..\go"), r"C:\Users\go");
        assert_eq!(w.clean("C:/Program Files/Go/"), r"C:\Program Files\Go");
        assert_eq!(w.join(&[r"C:\Users\me", "go"]), r"C:\Users\me\go");
        assert!(w.is_abs(r"C:\x"));
        assert!(!w.is_abs(r"\x"));
        assert!(!w.is_abs("C:x"));
        assert!(w.is_abs(r"\\server\share\x"));
        assert_eq!(
            w.split_list(r#"C:\a;"C:\b;c";"#),
            vec![r"C:\a", r"C:\b;c", ""]
        );
        assert_eq!(w.dir(r"C:\go\bin\go.exe"), r"C:\go\bin");
        assert!(w.is_within(r"c:\GO\src\x", r"C:\go"));
    }

    #[test]
    fn user_dirs_by_os() {
        let r = Release::from_version("go1.27.3");
        let old = Release::from_version("go1.21.13");
        let mut env = std::collections::BTreeMap::new();
        env.insert("HOME".to_string(), "/Users/me".to_string());
        env.insert(
            "APPDATA".to_string(),
            r"C:\Users\me\AppData\Roaming".to_string(),
        );
        env.insert(
            "LocalAppData".to_string(),
            r"C:\Users\me\AppData\Local".to_string(),
        );
        assert_eq!(
            user_config_dir(&env, "darwin", r).unwrap(),
            "/Users/me/Library/Application Support"
        );
        assert_eq!(
            user_cache_dir(&env, "darwin", r).unwrap(),
            "/Users/me/Library/Caches"
        );
        assert_eq!(
            user_config_dir(&env, "windows", r).unwrap(),
            r"C:\Users\me\AppData\Roaming"
        );
        assert_eq!(
            user_cache_dir(&env, "windows", r).unwrap(),
            r"C:\Users\me\AppData\Local"
        );
        assert_eq!(
            user_config_dir(&env, "linux", r).unwrap(),
            "/Users/me/.config"
        );
        env.insert("XDG_CONFIG_HOME".to_string(), "rel".to_string());
        assert_eq!(
            user_config_dir(&env, "linux", r).unwrap_err(),
            "path in $XDG_CONFIG_HOME is relative"
        );
        assert_eq!(user_config_dir(&env, "linux", old).unwrap(), "rel");
        env.clear();
        assert_eq!(
            user_cache_dir(&env, "linux", r).unwrap_err(),
            "neither $XDG_CACHE_HOME nor $HOME are defined"
        );
    }
}
