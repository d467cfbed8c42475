//! The modinfo text inside a Go binary, as `runtime/debug.ParseBuildInfo`
//! reads it and `BuildInfo.String` writes it.

use super::strconv::{go_quote, go_unquote, quoted_prefix};
use super::{BuildInfo, BuildInfoError, BuildSetting, Module};

/// Parses modinfo text (sentinels already stripped) like `debug.ParseBuildInfo`.
/// The Go version is not part of this text and stays empty.
pub(crate) fn parse_modinfo(text: &[u8]) -> Result<BuildInfo, BuildInfoError> {
    let mut info = BuildInfo::default();
    // Which module a following `=>` line replaces: None, the main module, or a dep.
    let mut last: Option<LastModule> = None;
    let mut line_number = 1usize;
    let mut rest = text;
    let fail = |line: usize, message: String| BuildInfoError::Parse { line, message };
    while !rest.is_empty() {
        let Some(newline) = rest.iter().position(|&b| b == b'\n') else {
            break; // Go ignores a last line without a newline.
        };
        let line = &rest[..newline];
        rest = &rest[newline + 1..];
        if let Some(path) = line.strip_prefix(b"path\t") {
            info.path = lossy(path);
        } else if let Some(columns) = line.strip_prefix(b"mod\t") {
            info.main = module_line(columns).map_err(|m| fail(line_number, m))?;
            last = Some(LastModule::Main);
        } else if let Some(columns) = line.strip_prefix(b"dep\t") {
            // Go appends the dep before it knows the line is valid; the error wins anyway.
            let module = module_line(columns).map_err(|m| fail(line_number, m))?;
            info.deps.push(module);
            last = Some(LastModule::Dep(info.deps.len() - 1));
        } else if let Some(columns) = line.strip_prefix(b"=>\t") {
            let elems: Vec<&[u8]> = columns.split(|&b| b == b'\t').collect();
            if elems.len() != 3 {
                return Err(fail(
                    line_number,
                    format!("expected 3 columns for replacement; got {}", elems.len()),
                ));
            }
            let replacement = Module {
                path: lossy(elems[0]),
                version: lossy(elems[1]),
                sum: lossy(elems[2]),
                replace: None,
            };
            let target = match last.take() {
                Some(LastModule::Main) => &mut info.main,
                Some(LastModule::Dep(index)) => &mut info.deps[index],
                None => {
                    return Err(fail(
                        line_number,
                        "replacement with no module on previous line".into(),
                    ));
                }
            };
            target.replace = Some(Box::new(replacement));
        } else if let Some(kv) = line.strip_prefix(b"build\t") {
            let setting = build_line(kv).map_err(|m| fail(line_number, m))?;
            info.settings.push(setting);
        }
        line_number += 1;
    }
    Ok(info)
}

enum LastModule {
    Main,
    Dep(usize),
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn module_line(columns: &[u8]) -> Result<Module, String> {
    let elems: Vec<&[u8]> = columns.split(|&b| b == b'\t').collect();
    if elems.len() != 2 && elems.len() != 3 {
        return Err(format!("expected 2 or 3 columns; got {}", elems.len()));
    }
    Ok(Module {
        path: lossy(elems[0]),
        version: lossy(elems[1]),
        sum: elems.get(2).map(|s| lossy(s)).unwrap_or_default(),
        replace: None,
    })
}

fn build_line(kv: &[u8]) -> Result<BuildSetting, String> {
    if kv.is_empty() {
        return Err("build line missing '='".into());
    }
    let (key, raw_value): (Vec<u8>, &[u8]) = match kv[0] {
        b'=' => return Err("build line with missing key".into()),
        b'`' | b'"' => {
            let Some(raw_key) = quoted_prefix(kv) else {
                return Err("invalid quoted key in build line".into());
            };
            if raw_key.len() == kv.len() {
                return Err("build line missing '=' after quoted key".into());
            }
            let next = kv[raw_key.len()];
            if next != b'=' {
                return Err(format!(
                    "unexpected character after quoted key: {}",
                    go_quote_byte(next)
                ));
            }
            (
                go_unquote(raw_key).unwrap_or_default(),
                &kv[raw_key.len() + 1..],
            )
        }
        _ => {
            let Some(eq) = kv.iter().position(|&b| b == b'=') else {
                return Err("build line missing '=' after key".into());
            };
            let key = &kv[..eq];
            if must_quote_key(key) {
                return Err(format!("unquoted key {} must be quoted", go_quote(key)));
            }
            (key.to_vec(), &kv[eq + 1..])
        }
    };
    let value = match raw_value.first() {
        None => Vec::new(),
        Some(b'`' | b'"') => {
            go_unquote(raw_value).ok_or_else(|| "invalid quoted value in build line".to_string())?
        }
        Some(_) => {
            if must_quote_value(raw_value) {
                return Err(format!(
                    "unquoted value {} must be quoted",
                    go_quote(raw_value)
                ));
            }
            raw_value.to_vec()
        }
    };
    Ok(BuildSetting {
        key: lossy(&key),
        value: lossy(&value),
    })
}

/// `%q` of a byte (Go formats it as a quoted rune).
fn go_quote_byte(b: u8) -> String {
    let quoted = go_quote(&[b]);
    // A rune literal uses single quotes; `"` needs no escape there but `'` does.
    let inner = &quoted[1..quoted.len() - 1];
    let inner = match inner {
        "\\\"" => "\"".to_string(),
        "'" => "\\'".to_string(),
        other => other.to_string(),
    };
    format!("'{inner}'")
}

fn must_quote_key(key: &[u8]) -> bool {
    key.is_empty() || key.iter().any(|b| b"= \t\r\n\"`".contains(b))
}

fn must_quote_value(value: &[u8]) -> bool {
    value.iter().any(|b| b" \t\r\n\"`".contains(b))
}

/// `debug.BuildInfo.String()`, with or without its `go` line.
pub(crate) fn format_modinfo(info: &BuildInfo, with_go_line: bool) -> String {
    let mut out = String::new();
    if with_go_line && !info.go_version.is_empty() {
        out.push_str(&format!("go\t{}\n", info.go_version));
    }
    if !info.path.is_empty() {
        out.push_str(&format!("path\t{}\n", info.path));
    }
    if !info.main.is_empty() {
        format_module(&mut out, "mod", &info.main);
    }
    for dep in &info.deps {
        format_module(&mut out, "dep", dep);
    }
    for setting in &info.settings {
        let key = if must_quote_key(setting.key.as_bytes()) {
            go_quote(setting.key.as_bytes())
        } else {
            setting.key.clone()
        };
        let value = if must_quote_value(setting.value.as_bytes()) {
            go_quote(setting.value.as_bytes())
        } else {
            setting.value.clone()
        };
        out.push_str(&format!("build\t{key}={value}\n"));
    }
    out
}

fn format_module(out: &mut String, word: &str, module: &Module) {
    out.push_str(word);
    out.push('\t');
    out.push_str(&module.path);
    out.push('\t');
    out.push_str(&module.version);
    match &module.replace {
        None => {
            out.push('\t');
            out.push_str(&module.sum);
        }
        Some(replacement) => {
            out.push('\n');
            format_module(out, "=>", replacement);
        }
    }
    out.push('\n');
}
