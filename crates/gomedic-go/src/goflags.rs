//! GOFLAGS (`cmd/go/internal/base/goflags.go: InitGOFLAGS`,
//! `cmd/internal/quoted.Split`).
//!
//! The value is split on ASCII whitespace; a word may be wrapped whole in
//! `'…'` or `"…"` (no escapes inside). Each word must look like `-f`, `--f`,
//! `-f=v` or `--f=v`, and `f` must be a flag of at least one go subcommand;
//! a flag known to some other command is silently ignored by this one.
//! `go env` and `go bug` hide these errors.

use crate::goversion::GoVersion;
use crate::module::go_quote;

/// `quoted.Split`: whitespace-separated words, each optionally quoted whole.
pub fn split_quoted(s: &str) -> Result<Vec<String>, String> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = s.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let quote = bytes[i];
        if quote == b'"' || quote == b'\'' {
            let start = i + 1;
            let Some(len) = bytes[start..].iter().position(|&b| b == quote) else {
                return Err(format!("unterminated {} string", quote as char));
            };
            words.push(s[start..start + len].to_string());
            i = start + len + 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        words.push(s[start..i].to_string());
    }
    Ok(words)
}

/// One flag word of GOFLAGS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoFlag {
    /// The word as split (`--mod=mod`).
    pub text: String,
    /// The flag name without dashes (`mod`).
    pub name: String,
    /// The value after `=`, if any.
    pub value: Option<String>,
}

/// Why the go command refuses GOFLAGS (exit status 1 before running the
/// subcommand). Display is Go's full message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoflagsError {
    /// `go: parsing $GOFLAGS: unterminated ' string`
    #[error("go: parsing $GOFLAGS: {0}")]
    Split(String),
    /// `go: parsing $GOFLAGS: non-flag "x"` (the field is the word)
    #[error("go: parsing $GOFLAGS: non-flag {}", go_quote(.0))]
    NonFlag(String),
    /// `go: parsing $GOFLAGS: unknown flag -x` (the field is the name)
    #[error("go: parsing $GOFLAGS: unknown flag -{0}")]
    UnknownFlag(String),
    /// `-C` is a flag of every command but may only come first on the command
    /// line, so any `-C=dir` in GOFLAGS fails (Go then prints the usage).
    #[error("go: invalid value {} for flag -{name} (from $GOFLAGS): -C flag must be first flag on command line", go_quote(.value))]
    ChdirValue { name: String, value: String },
    /// `-C` without a value.
    #[error("go: flag needs an argument: -{0} (from $GOFLAGS)")]
    ChdirWithoutValue(String),
}

/// Parses and validates GOFLAGS as `base.InitGOFLAGS` of `release` does.
pub fn parse_goflags(value: &str, release: &str) -> Result<Vec<GoFlag>, GoflagsError> {
    let words = split_quoted(value).map_err(GoflagsError::Split)?;
    let mut flags = Vec::with_capacity(words.len());
    for word in words {
        let malformed = !word.starts_with('-')
            || word == "-"
            || word == "--"
            || word.starts_with("---")
            || word.starts_with("-=")
            || word.starts_with("--=");
        if malformed {
            return Err(GoflagsError::NonFlag(word));
        }
        let body = word.strip_prefix("--").unwrap_or(&word[1..]);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        if !is_known_flag(&name, release) {
            return Err(GoflagsError::UnknownFlag(name));
        }
        flags.push(GoFlag {
            text: word.clone(),
            name,
            value,
        });
    }
    // Values are applied per command after validation; only -C fails for all.
    if let Some(chdir) = flags.iter().find(|f| f.name == "C") {
        // Go names the flag as written minus one leading dash (`--C` → `-C`).
        let written = chdir.text.split('=').next().unwrap_or_default();
        let shown = written.strip_prefix('-').unwrap_or(written).to_string();
        return Err(match &chdir.value {
            Some(value) => GoflagsError::ChdirValue {
                name: shown.trim_start_matches('-').to_string(),
                value: value.clone(),
            },
            None => GoflagsError::ChdirWithoutValue(shown.trim_start_matches('-').to_string()),
        });
    }
    Ok(flags)
}

/// Flags of some go subcommand in Go 1.21 and 1.22 (identical sets),
/// including the `test.`-prefixed aliases of test-binary flags. Derived from
/// `src/cmd/go` and confirmed flag by flag against the real binaries.
const FLAGS_GO1_21: &[&str] = &[
    "C",
    "a",
    "asan",
    "asmflags",
    "bench",
    "benchmem",
    "benchtime",
    "blockprofile",
    "blockprofilerate",
    "buildmode",
    "buildvcs",
    "c",
    "cache",
    "compat",
    "compiled",
    "compiler",
    "count",
    "cover",
    "covermode",
    "coverpkg",
    "coverprofile",
    "cpu",
    "cpuprofile",
    "d",
    "debug-actiongraph",
    "debug-runtime-trace",
    "debug-trace",
    "deps",
    "dropexclude",
    "dropreplace",
    "droprequire",
    "dropretract",
    "dropuse",
    "e",
    "exclude",
    "exec",
    "export",
    "f",
    "failfast",
    "find",
    "fix",
    "fmt",
    "fullpath",
    "fuzz",
    "fuzzcache",
    "fuzzminimizetime",
    "fuzztime",
    "gccgoflags",
    "gcflags",
    "go",
    "i",
    "insecure",
    "installsuffix",
    "json",
    "ldflags",
    "linkshared",
    "list",
    "m",
    "memprofile",
    "memprofilerate",
    "mod",
    "modcache",
    "modcacherw",
    "modfile",
    "module",
    "msan",
    "mutexprofile",
    "mutexprofilefraction",
    "n",
    "o",
    "outputdir",
    "overlay",
    "p",
    "parallel",
    "pgo",
    "pkgdir",
    "print",
    "r",
    "race",
    "replace",
    "require",
    "retract",
    "retracted",
    "reuse",
    "run",
    "short",
    "shuffle",
    "skip",
    "t",
    "tags",
    "test",
    "test.bench",
    "test.benchmem",
    "test.benchtime",
    "test.blockprofile",
    "test.blockprofilerate",
    "test.count",
    "test.coverprofile",
    "test.cpu",
    "test.cpuprofile",
    "test.failfast",
    "test.fullpath",
    "test.fuzz",
    "test.fuzzminimizetime",
    "test.fuzztime",
    "test.list",
    "test.memprofile",
    "test.memprofilerate",
    "test.mutexprofile",
    "test.mutexprofilefraction",
    "test.outputdir",
    "test.parallel",
    "test.run",
    "test.short",
    "test.shuffle",
    "test.skip",
    "test.timeout",
    "test.trace",
    "test.v",
    "testcache",
    "timeout",
    "toolchain",
    "toolexec",
    "trace",
    "trimpath",
    "u",
    "use",
    "v",
    "vendor",
    "versions",
    "vet",
    "vettool",
    "w",
    "work",
    "x",
];

/// Flags added by Go 1.27 (relative to 1.22). Releases 1.23–1.26 were not
/// available; they are treated like 1.27.
const FLAGS_ADDED_BY_GO1_27: &[&str] = &[
    "artifacts",
    "changed",
    "diff",
    "dropgodebug",
    "dropignore",
    "droptool",
    "fixtool",
    "godebug",
    "ignore",
    "test.artifacts",
    "tool",
];

fn uses_new_flag_set(release: &str) -> bool {
    GoVersion::parse(release.trim_start_matches("go")).is_none_or(|v| v.at_least(1, 23))
}

/// Whether `name` is a flag of some go subcommand of `release`.
pub fn is_known_flag(name: &str, release: &str) -> bool {
    FLAGS_GO1_21.contains(&name)
        || (uses_new_flag_set(release) && FLAGS_ADDED_BY_GO1_27.contains(&name))
}

/// Every flag name known to some subcommand of `release`, sorted.
pub fn known_flags(release: &str) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = FLAGS_GO1_21.to_vec();
    if uses_new_flag_set(release) {
        all.extend_from_slice(FLAGS_ADDED_BY_GO1_27);
    }
    all.sort_unstable();
    all
}

/// A GOFLAGS entry worth a warning, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskyFlag {
    pub flag: GoFlag,
    pub reason: &'static str,
}

/// Whether a boolean flag word turns the flag on (`-x`, `-x=true`, `-x=1`).
fn bool_on(flag: &GoFlag) -> bool {
    matches!(
        flag.value.as_deref(),
        None | Some("1" | "t" | "T" | "true" | "TRUE" | "True")
    )
}

/// Global flags that change every go command's behaviour in ways users
/// rarely intend.
pub fn risky_flags(flags: &[GoFlag]) -> Vec<RiskyFlag> {
    let mut out = Vec::new();
    for flag in flags {
        let value = flag.value.as_deref().unwrap_or("");
        let reason = match flag.name.as_str() {
            "mod" if value == "mod" => Some(
                "-mod=mod lets every build rewrite go.mod and go.sum instead of failing on missing requirements",
            ),
            "mod" if value == "vendor" => Some(
                "-mod=vendor forces the vendor directory for every module, even ones without one",
            ),
            "insecure" => Some(
                "-insecure is no longer supported (go get rejects it since Go 1.21; other commands silently ignore it); use GOINSECURE",
            ),
            "modcacherw" if bool_on(flag) => Some(
                "-modcacherw leaves the module cache writable, so cached module sources can be modified by accident",
            ),
            "buildvcs" if value == "false" || value == "0" || value == "f" => {
                Some("-buildvcs=false omits version-control information from every binary built")
            }
            "modfile" => {
                Some("-modfile makes every command use another go.mod than the module's own")
            }
            "toolexec" => {
                Some("-toolexec runs another program around every compiler and linker invocation")
            }
            "overlay" => Some("-overlay replaces source files for every build"),
            "n" if bool_on(flag) => Some("-n makes build commands print instead of running"),
            "a" if bool_on(flag) => Some("-a forces rebuilding of all packages on every build"),
            "trimpath" if bool_on(flag) => None,
            "race" | "msan" | "asan" if bool_on(flag) => {
                Some("sanitizer flags in GOFLAGS apply to every build and slow them down")
            }
            "ldflags" | "gcflags" | "asmflags" | "gccgoflags" => Some(
                "compiler/linker flags in GOFLAGS apply to every build (and may be split unexpectedly by quoting)",
            ),
            "count" if value == "1" => {
                Some("-count=1 disables the test result cache for every go test")
            }
            _ => None,
        };
        if let Some(reason) = reason {
            out.push(RiskyFlag {
                flag: flag.clone(),
                reason,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split() {
        assert_eq!(
            split_quoted(" -a  '-b c' \"-d\"e").unwrap(),
            vec!["-a", "-b c", "-d", "e"]
        );
        assert_eq!(split_quoted("'-x").unwrap_err(), "unterminated ' string");
    }

    #[test]
    fn validation() {
        let r = "1.22.10";
        assert_eq!(
            parse_goflags("x", r).unwrap_err().to_string(),
            "go: parsing $GOFLAGS: non-flag \"x\""
        );
        assert_eq!(
            parse_goflags("--bogus=1", r).unwrap_err().to_string(),
            "go: parsing $GOFLAGS: unknown flag -bogus"
        );
        assert!(parse_goflags("-tool", r).is_err());
        assert!(parse_goflags("-tool", "1.27.3").is_ok());
        let f = parse_goflags("--mod=mod -modcacherw", r).unwrap();
        assert_eq!(risky_flags(&f).len(), 2);
    }
}
