//! Reading the Go settings out of VS Code settings files (JSON with
//! comments and trailing commas, parsed by `jsonc-parser`), and expanding
//! their values the way the Go extension does before it uses them.

use gomedic_model::editor::{EditorSetting, SettingsScope};
use gomedic_model::redact::redact_var;
use jsonc_parser::ast::{Object, ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

/// The Go extension settings whose values are plain strings.
const STRING_KEYS: [&str; 5] = [
    "go.goroot",
    "go.gopath",
    "go.toolsGopath",
    "go.toolsManagement.go",
    "go.inferGopath",
];
/// The Go extension settings whose values are objects of strings.
const OBJECT_KEYS: [&str; 2] = ["go.alternateTools", "go.toolsEnvVars"];

/// One Go setting as written, before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSetting {
    /// Flattened key, e.g. `go.alternateTools.go`.
    pub key: String,
    pub value: String,
    /// 1-based line of the value.
    pub line: u32,
}

/// The Go settings of a `settings.json` (`workspace_file` false) or of the
/// `settings` object of a `*.code-workspace` file (`workspace_file` true).
pub fn parse_settings(text: &str, workspace_file: bool) -> Result<Vec<RawSetting>, String> {
    let parsed = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
        .map_err(|e| format!("not valid JSON with comments: {e}"))?;
    let Some(root) = parsed.value else {
        return Ok(Vec::new());
    };
    let Value::Object(root) = root else {
        return Err("the top level is not an object".to_string());
    };
    let settings = if workspace_file {
        match root.get_object("settings") {
            Some(s) => s,
            None => return Ok(Vec::new()),
        }
    } else {
        &root
    };
    Ok(go_settings(settings, text))
}

fn go_settings(object: &Object, text: &str) -> Vec<RawSetting> {
    let mut out = Vec::new();
    for prop in &object.properties {
        let name = prop_name(&prop.name);
        let name = name.as_str();
        if STRING_KEYS.contains(&name) {
            if let Some(value) = scalar(&prop.value) {
                out.push(RawSetting {
                    key: name.to_string(),
                    value,
                    line: line_of(text, value_start(&prop.value)),
                });
            }
        } else if OBJECT_KEYS.contains(&name)
            && let Value::Object(members) = &prop.value
        {
            for member in &members.properties {
                if let Some(value) = scalar(&member.value) {
                    out.push(RawSetting {
                        key: format!("{name}.{}", prop_name(&member.name)),
                        value,
                        line: line_of(text, value_start(&member.value)),
                    });
                }
            }
        }
    }
    out
}

fn prop_name(name: &ObjectPropName) -> String {
    match name {
        ObjectPropName::String(lit) => lit.value.to_string(),
        ObjectPropName::Word(lit) => lit.value.to_string(),
    }
}

/// Strings as they are, booleans and numbers as written; `None` for
/// objects, arrays and null (the extension ignores those).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::StringLit(s) => Some(s.value.to_string()),
        Value::BooleanLit(b) => Some(b.value.to_string()),
        Value::NumberLit(n) => Some(n.value.to_string()),
        _ => None,
    }
}

fn value_start(value: &Value) -> usize {
    match value {
        Value::StringLit(v) => v.range.start,
        Value::BooleanLit(v) => v.range.start,
        Value::NumberLit(v) => v.range.start,
        Value::Object(v) => v.range.start,
        Value::Array(v) => v.range.start,
        Value::NullKeyword(v) => v.range.start,
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u32
        + 1
}

/// What the Go extension substitutes in a setting's value.
pub struct Expansion<'a> {
    /// The extension host's environment (`${env:VAR}`; unset is "").
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The workspace folder (`${workspaceFolder}`, `${workspaceRoot}`,
    /// `${workspaceFolderBasename}`).
    pub workspace_folder: Option<&'a str>,
    /// The home directory (a leading `~`).
    pub home: Option<&'a str>,
    /// The path separator of the machine (`/` or `\`).
    pub separator: char,
}

impl Expansion<'_> {
    /// `resolvePath(substituteEnv(value))` of the Go extension: every
    /// `${env:NAME}` replaced by the variable (empty when unset), then the
    /// workspace folder variables, then a leading `~` by the home directory.
    pub fn expand(&self, value: &str) -> String {
        let substituted = self.substitute_env(value);
        if substituted.trim().is_empty() {
            return substituted;
        }
        let mut resolved = substituted;
        if let Some(folder) = self.workspace_folder {
            resolved = resolved
                .replace("${workspaceFolder}", folder)
                .replace("${workspaceRoot}", folder);
            let base = folder
                .trim_end_matches(['/', '\\'])
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(folder);
            resolved = resolved.replace("${workspaceFolderBasename}", base);
        }
        match (resolved.strip_prefix('~'), self.home) {
            (Some(rest), Some(home)) => {
                let rest = rest.trim_start_matches(['/', '\\']);
                let home = home.trim_end_matches(['/', '\\']);
                if rest.is_empty() {
                    home.to_string()
                } else {
                    format!("{home}{}{rest}", self.separator)
                }
            }
            _ => resolved,
        }
    }

    fn substitute_env(&self, value: &str) -> String {
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(start) = rest.find("${env:") {
            let after = &rest[start + "${env:".len()..];
            let Some(end) = after.find('}').filter(|e| *e > 0) else {
                break;
            };
            out.push_str(&rest[..start]);
            out.push_str(&(self.env)(after[..end].trim()).unwrap_or_default());
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The setting as stored in the snapshot: values redacted, expansion kept
/// when it changed anything.
pub fn to_setting(
    raw: &RawSetting,
    expansion: &Expansion,
    file: &str,
    scope: SettingsScope,
) -> EditorSetting {
    let var = raw.key.rsplit('.').next().unwrap_or(&raw.key);
    let expanded = if raw.key == "go.inferGopath" {
        raw.value.clone()
    } else {
        expansion.expand(&raw.value)
    };
    EditorSetting {
        key: raw.key.clone(),
        value: redact_var(var, &raw.value),
        expanded: (expanded != raw.value).then(|| redact_var(var, &expanded)),
        file: file.to_string(),
        line: raw.line,
        scope,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOME" => Some("/home/ann".into()),
            "SDK" => Some("/opt/sdk".into()),
            _ => None,
        }
    }

    #[test]
    fn comments_trailing_commas_and_lines() {
        let text = r#"// user settings
{
    /* the Go I want */
    "go.goroot": "/usr/local/go1.21", // pinned
    "editor.fontSize": 14,
    "go.alternateTools": {
        "go": "${env:HOME}/sdk/go1.22.10/bin/go",
        "dlv": "dlv-dap",
    },
    "go.toolsEnvVars": {"GOFLAGS": "-mod=mod", "GOPATH": null,},
    "go.inferGopath": false,
}"#;
        let got = parse_settings(text, false).unwrap();
        let summary: Vec<(&str, &str, u32)> = got
            .iter()
            .map(|s| (s.key.as_str(), s.value.as_str(), s.line))
            .collect();
        assert_eq!(
            summary,
            [
                ("go.goroot", "/usr/local/go1.21", 4),
                (
                    "go.alternateTools.go",
                    "${env:HOME}/sdk/go1.22.10/bin/go",
                    7
                ),
                ("go.alternateTools.dlv", "dlv-dap", 8),
                ("go.toolsEnvVars.GOFLAGS", "-mod=mod", 10),
                ("go.inferGopath", "false", 11),
            ]
        );
    }

    #[test]
    fn workspace_file_settings_only() {
        let text = r#"{"folders": [{"path": "."}], "go.goroot": "/not/this",
  "settings": {"go.goroot": "C:\\Program Files\\Go",}}"#;
        let got = parse_settings(text, true).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].value, r"C:\Program Files\Go");
        assert_eq!(got[0].line, 2);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(parse_settings("{\"go.goroot\": ", false).is_err());
        assert!(parse_settings("[1, 2]", false).is_err());
        assert_eq!(parse_settings("", false).unwrap(), Vec::new());
        assert_eq!(
            parse_settings("// only a comment\n", false).unwrap(),
            Vec::new()
        );
    }

    #[test]
    fn windows_paths() {
        let text = r#"{
  // Windows user settings
  "go.goroot": "~\\sdk\\go1.22.10",
  "go.alternateTools": {"go": "${env:LOCALAPPDATA}\\Programs\\Go\\bin\\go.exe",},
  "go.toolsEnvVars": {"PATH": "C:\\Go\\bin;${env:Path}",},
}"#;
        let env = |name: &str| match name {
            "LOCALAPPDATA" => Some(r"C:\Users\ann\AppData\Local".to_string()),
            "Path" => Some(r"C:\Windows\system32;C:\Windows".to_string()),
            _ => None,
        };
        let x = Expansion {
            env: &env,
            workspace_folder: Some(r"D:\src\app"),
            home: Some(r"C:\Users\ann"),
            separator: '\\',
        };
        let got: Vec<(String, String, u32)> = parse_settings(text, false)
            .unwrap()
            .iter()
            .map(|r| (r.key.clone(), x.expand(&r.value), r.line))
            .collect();
        assert_eq!(
            got,
            [
                ("go.goroot".into(), r"C:\Users\ann\sdk\go1.22.10".into(), 3),
                (
                    "go.alternateTools.go".into(),
                    r"C:\Users\ann\AppData\Local\Programs\Go\bin\go.exe".into(),
                    4
                ),
                (
                    "go.toolsEnvVars.PATH".into(),
                    r"C:\Go\bin;C:\Windows\system32;C:\Windows".into(),
                    5
                ),
            ]
        );
        assert_eq!(x.expand(r"${workspaceFolder}\tools"), r"D:\src\app\tools");
        assert_eq!(x.expand("${workspaceFolderBasename}"), "app");
    }

    #[test]
    fn expansion_like_the_go_extension() {
        let x = Expansion {
            env: &env,
            workspace_folder: Some("/src/app"),
            home: Some("/home/ann/"),
            separator: '/',
        };
        assert_eq!(x.expand("${env:SDK}/go/bin/go"), "/opt/sdk/go/bin/go");
        assert_eq!(x.expand("${env: SDK }/go"), "/opt/sdk/go");
        assert_eq!(x.expand("${env:UNSET}/go"), "/go");
        assert_eq!(x.expand("~/sdk/go1.22"), "/home/ann/sdk/go1.22");
        assert_eq!(x.expand("~"), "/home/ann");
        assert_eq!(x.expand("${workspaceFolder}/bin"), "/src/app/bin");
        assert_eq!(x.expand("${workspaceRoot}/x"), "/src/app/x");
        assert_eq!(x.expand("${workspaceFolderBasename}"), "app");
        // Only a leading ~ is the home directory.
        assert_eq!(x.expand("/a/~/b"), "/a/~/b");
        // An unterminated reference stays as written.
        assert_eq!(x.expand("${env:HOME"), "${env:HOME");
        assert_eq!(x.expand(""), "");
    }
}
