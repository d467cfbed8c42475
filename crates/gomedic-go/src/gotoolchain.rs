//! GOTOOLCHAIN grammar and toolchain selection (Go ≥ 1.21;
//! `cmd/go/internal/toolchain/select.go: Select, Exec`,
//! `gover.FromToolchain`, `gover.TooNewError`).
//!
//! Grammar: `local` | `auto` (= `local+auto`) | `path` (= `local+path`) |
//! `<name>` | `<name>+auto` | `<name>+path`, where `<name>` is `goX.Y[.Z]…`
//! (a suffix after `-`, space or tab is allowed) or `local`. An empty value
//! disables switching. GOTOOLCHAIN is ignored in GOPATH mode.

use crate::goversion::{GoVersion, compare};
use crate::module::go_quote;
use std::cmp::Ordering;

/// `gover.FromToolchain`: the version in a toolchain name (`go1.22.1-bigcorp`
/// → `1.22.1`), or `None`.
pub fn version_from_toolchain(name: &str) -> Option<String> {
    if name.contains(['\\', '/']) {
        return None;
    }
    let v = name.strip_prefix("go")?;
    let v = v.split([' ', '\t', '-']).next().unwrap_or_default();
    GoVersion::parse(v).map(|_| v.to_string())
}

/// How far GOTOOLCHAIN lets the go command switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchMode {
    /// No switching beyond the named minimum (`local`, `<name>`, or empty).
    None,
    /// Switch to newer toolchains, from PATH or by downloading.
    Auto,
    /// Switch to newer toolchains found in PATH only.
    Path,
}

/// A parsed GOTOOLCHAIN value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolchainSetting {
    /// The minimum toolchain name, or `None` for the local one.
    pub minimum: Option<String>,
    pub mode: SwitchMode,
    /// GOTOOLCHAIN was empty: Go does no selection at all.
    pub disabled: bool,
}

/// Why Go refuses GOTOOLCHAIN (the text is Go's, without the `go: ` prefix).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolchainError {
    /// `invalid GOTOOLCHAIN "x"`
    #[error("invalid GOTOOLCHAIN {}", go_quote(.0))]
    Invalid(String),
    #[error("invalid GOTOOLCHAIN {}: invalid minimum toolchain {}", go_quote(.value), go_quote(.minimum))]
    InvalidMinimum { value: String, minimum: String },
    #[error("invalid GOTOOLCHAIN {}: only version suffixes are +auto and +path", go_quote(.0))]
    BadSuffix(String),
    /// `invalid toolchain "x" in go.mod`
    #[error("invalid toolchain {} in {file}", go_quote(.toolchain))]
    InvalidInFile { toolchain: String, file: String },
}

/// Parses GOTOOLCHAIN as `toolchain.Select` does.
pub fn parse_gotoolchain(value: &str) -> Result<ToolchainSetting, ToolchainError> {
    if value.is_empty() {
        return Ok(ToolchainSetting {
            minimum: None,
            mode: SwitchMode::None,
            disabled: true,
        });
    }
    let setting = |minimum: Option<String>, mode| {
        Ok(ToolchainSetting {
            minimum,
            mode,
            disabled: false,
        })
    };
    match value {
        "auto" => return setting(None, SwitchMode::Auto),
        "path" => return setting(None, SwitchMode::Path),
        _ => {}
    }
    let (min, suffix) = match value.split_once('+') {
        Some((m, s)) => (m, Some(s)),
        None => (value, None),
    };
    let minimum = if min == "local" {
        None
    } else {
        if version_from_toolchain(min).is_none() {
            return Err(match suffix {
                Some(_) => ToolchainError::InvalidMinimum {
                    value: value.to_string(),
                    minimum: min.to_string(),
                },
                None => ToolchainError::Invalid(value.to_string()),
            });
        }
        Some(min.to_string())
    };
    let mode = match suffix {
        None => SwitchMode::None,
        Some("auto") => SwitchMode::Auto,
        Some("path") => SwitchMode::Path,
        Some(_) => return Err(ToolchainError::BadSuffix(value.to_string())),
    };
    setting(minimum, mode)
}

/// Inputs of [`select`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectInputs<'a> {
    /// The effective GOTOOLCHAIN.
    pub gotoolchain: &'a str,
    /// The running go's version without `go` (`1.21.13`).
    pub local_version: &'a str,
    /// The `go` line of go.mod/go.work, if any (`1.22.10`).
    pub go_line: Option<&'a str>,
    /// The `toolchain` line, if any (`go1.22.10`, `default`).
    pub toolchain_line: Option<&'a str>,
    /// The file those lines come from, as Go prints it (`go.mod`).
    pub file: &'a str,
    /// Whether module mode would be enabled (GO111MODULE, go.mod presence).
    pub module_mode: bool,
}

/// What the go command does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Runs the local toolchain. `too_new` is set when module loading will
    /// then fail because go.mod needs a newer Go (Go's message, with `go: `).
    RunLocal {
        why: String,
        too_new: Option<String>,
    },
    /// Switches to another toolchain.
    Switch {
        /// e.g. `go1.22.10`
        toolchain: String,
        /// Looked up as this exact name in PATH first.
        path_lookup: String,
        /// When not in PATH: the module downloaded (`golang.org/toolchain@v0.0.1-go1.22.10.linux-amd64`
        /// for `os`/`arch` given to [`download_module`]); `None` in path mode,
        /// where a miss fails with `go: cannot find "go1.22.10" in PATH`.
        downloads: bool,
        why: String,
    },
    /// Go stops with this message (including the `go: ` prefix).
    Fail(String),
}

/// `gover.GoModLookup`: the value of the first line of a go.mod or go.work
/// that starts with `key` and a space or tab, without a `//` comment; this
/// cheap scan (not the full parser) is what toolchain selection reads.
pub fn go_mod_lookup(data: &str, key: &str) -> Option<String> {
    data.split('\n').find_map(|line| {
        let rest = line.trim().strip_prefix(key)?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let value = rest.split_once("//").map_or(rest, |(v, _)| v);
        Some(value.trim().to_string())
    })
}

/// The name of a language version as a toolchain to switch to, as `Select`
/// forms it from a go line (`1.22` → `go1.22.0`, `1.21rc1` → `go1.21rc1`).
pub fn toolchain_for_go_line(go: &str) -> String {
    let mut name = format!("go{go}");
    if GoVersion::parse(go).is_some_and(|v| v.is_lang() && v.at_least(1, 21)) {
        name.push_str(".0");
    }
    name
}

/// The module Go downloads for a toolchain name on a host.
pub fn download_module(toolchain: &str, goos: &str, goarch: &str) -> String {
    format!("golang.org/toolchain@v0.0.1-{toolchain}.{goos}-{goarch}")
}

/// Predicts `toolchain.Select` (and the `TooNewError` that module loading
/// gives when the local toolchain is kept) for the go command of
/// `inputs.local_version`.
pub fn select(inputs: &SelectInputs<'_>) -> Selection {
    let local_toolchain = format!("go{}", inputs.local_version);
    if !inputs.module_mode {
        return Selection::RunLocal {
            why: "GOTOOLCHAIN is ignored in GOPATH mode".into(),
            too_new: None,
        };
    }
    let setting = match parse_gotoolchain(inputs.gotoolchain) {
        Ok(s) => s,
        Err(e) => return Selection::Fail(format!("go: {e}")),
    };
    if setting.disabled {
        return Selection::RunLocal {
            why: "GOTOOLCHAIN is empty: no toolchain selection".into(),
            too_new: too_new(inputs, inputs.go_line),
        };
    }
    let mut chosen = setting
        .minimum
        .clone()
        .unwrap_or_else(|| local_toolchain.clone());
    let mut min_version = match &setting.minimum {
        Some(m) => version_from_toolchain(m).unwrap_or_default(),
        None => inputs.local_version.to_string(),
    };
    let mut why = match &setting.minimum {
        Some(m) => format!("GOTOOLCHAIN={} names {m}", inputs.gotoolchain),
        None => format!(
            "GOTOOLCHAIN={} starts from the local toolchain",
            inputs.gotoolchain
        ),
    };
    let old_rules = GoVersion::parse(inputs.local_version).is_some_and(|v| !v.at_least(1, 22));
    if setting.mode != SwitchMode::None && inputs.toolchain_line != Some("default") {
        if let Some(line) = inputs.toolchain_line {
            let version = version_from_toolchain(line);
            let named_ok = line.starts_with("go") || line.contains("-go");
            let Some(version) = version.filter(|_| named_ok) else {
                let e = ToolchainError::InvalidInFile {
                    toolchain: line.to_string(),
                    file: inputs.file.to_string(),
                };
                return Selection::Fail(format!("go: {e}"));
            };
            let newer = compare(&version, &min_version);
            if newer == Ordering::Greater || (old_rules && newer == Ordering::Equal) {
                chosen = line.to_string();
                min_version = version;
                why = format!("the toolchain line in {} asks for {line}", inputs.file);
            }
        }
        if let Some(go) = inputs.go_line
            && compare(go, &min_version) == Ordering::Greater
        {
            chosen = toolchain_for_go_line(go);
            why = format!("the go line in {} requires go {go}", inputs.file);
        }
    }
    if chosen == "local" || chosen == local_toolchain {
        return Selection::RunLocal {
            why,
            too_new: too_new(inputs, inputs.go_line),
        };
    }
    if !chosen.starts_with("go1") && !chosen.contains("-go1") {
        return Selection::Fail(format!("go: {}", ToolchainError::Invalid(chosen)));
    }
    if let Some(v) = version_from_toolchain(&chosen)
        && GoVersion::parse(&v).is_some_and(|g| g.is_lang() && g.at_least(1, 21))
        && setting.mode != SwitchMode::Path
    {
        // Not in PATH: the download fails with "not found".
        why.push_str(&format!(
            "; unless {chosen} is in PATH, Go fails: invalid toolchain: {chosen} is a language version but not a toolchain version ({chosen}.x)"
        ));
    }
    Selection::Switch {
        path_lookup: chosen.clone(),
        downloads: setting.mode != SwitchMode::Path,
        toolchain: chosen,
        why,
    }
}

/// The `TooNewError` module loading reports when the local toolchain runs.
fn too_new(inputs: &SelectInputs<'_>, go_line: Option<&str>) -> Option<String> {
    let go = go_line?;
    if compare(go, inputs.local_version) != Ordering::Greater {
        return None;
    }
    let explain = if !inputs.gotoolchain.is_empty() && inputs.gotoolchain != "auto" {
        format!("; GOTOOLCHAIN={}", inputs.gotoolchain)
    } else {
        String::new()
    };
    Some(format!(
        "go: {} requires go >= {go} (running go {}{explain})",
        inputs.file, inputs.local_version
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs<'a>(gotoolchain: &'a str, go_line: Option<&'a str>) -> SelectInputs<'a> {
        SelectInputs {
            gotoolchain,
            local_version: "1.21.13",
            go_line,
            toolchain_line: None,
            file: "go.mod",
            module_mode: true,
        }
    }

    #[test]
    fn go_mod_lookup_is_a_line_scan() {
        let data =
            "module m\n\n  go\t1.22 // comment\ngo 1.99\ntoolchainx go1\ntoolchain go1.22.3\r\n";
        assert_eq!(go_mod_lookup(data, "go").as_deref(), Some("1.22"));
        assert_eq!(
            go_mod_lookup(data, "toolchain").as_deref(),
            Some("go1.22.3")
        );
        assert_eq!(go_mod_lookup("gopher 1\ngo", "go"), None);
        assert_eq!(go_mod_lookup("go \n", "go"), None);
        assert_eq!(toolchain_for_go_line("1.22"), "go1.22.0");
        assert_eq!(toolchain_for_go_line("1.20"), "go1.20");
        assert_eq!(toolchain_for_go_line("1.21rc1"), "go1.21rc1");
    }

    #[test]
    fn grammar_errors() {
        assert_eq!(
            parse_gotoolchain("bogus").unwrap_err().to_string(),
            "invalid GOTOOLCHAIN \"bogus\""
        );
        assert_eq!(
            parse_gotoolchain("go1.99.0+foo").unwrap_err().to_string(),
            "invalid GOTOOLCHAIN \"go1.99.0+foo\": only version suffixes are +auto and +path"
        );
        assert_eq!(
            parse_gotoolchain("x+auto").unwrap_err().to_string(),
            "invalid GOTOOLCHAIN \"x+auto\": invalid minimum toolchain \"x\""
        );
        assert!(parse_gotoolchain("local+auto").is_ok());
    }

    #[test]
    fn selection() {
        assert_eq!(
            select(&inputs("local", Some("1.22.10"))),
            Selection::RunLocal {
                why: "GOTOOLCHAIN=local starts from the local toolchain".into(),
                too_new: Some(
                    "go: go.mod requires go >= 1.22.10 (running go 1.21.13; GOTOOLCHAIN=local)"
                        .into()
                )
            }
        );
        match select(&inputs("auto", Some("1.22"))) {
            Selection::Switch { toolchain, .. } => assert_eq!(toolchain, "go1.22.0"),
            other => panic!("{other:?}"),
        }
    }
}
