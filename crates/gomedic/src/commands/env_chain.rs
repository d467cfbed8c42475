//! `gomedic env --explain`: for each variable, the whole chain Go walks —
//! process environment (and the start-up file line that exported it), the
//! GOENV file (`go env -w`), `$GOROOT/go.env`, Go's default — and PATH entry
//! by entry with the start-up file that added each entry.

use gomedic_go::env::{EnvSource, GoEnv, output};
use gomedic_go::envfile;
use gomedic_model::provenance::{StartupAssignment, StartupFacts};
use gomedic_model::redact::redact_var;
use gomedic_model::snapshot::TextFile;
use serde::Serialize;
use std::collections::BTreeMap;

/// One layer of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layer {
    /// `process`, `goenv-file`, `goroot-go.env`, `default`, `computed`.
    pub layer: &'static str,
    /// The value this layer holds; `None` when it does not set the variable.
    pub value: Option<String>,
    /// `file:line` of the value, for the file layers.
    pub location: Option<String>,
    /// This layer gives the effective value.
    pub wins: bool,
    /// For the process layer: the start-up file lines that export the value
    /// (best match first), and other lines that set the variable differently.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exported_by: Vec<Origin>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_set_by: Vec<Origin>,
    /// Why a layer does not count, or what it means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A start-up file line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: String,
    pub line: u32,
    /// `sets`, `appends to`, `prepends to`, `unsets`.
    pub action: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guarded_by: Option<String>,
}

impl Origin {
    fn of(a: &StartupAssignment) -> Origin {
        Origin {
            file: a.file.clone(),
            line: a.line,
            action: a.kind.to_string(),
            value: a.expanded.clone().unwrap_or_else(|| a.value.clone()),
            guarded_by: a.guarded_by.clone(),
        }
    }
}

/// One variable explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub name: String,
    pub value: String,
    pub chain: Vec<Layer>,
    /// PATH only: each entry and the start-up lines that add it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<Vec<PathEntryOrigin>>,
}

/// One PATH entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathEntryOrigin {
    pub entry: String,
    pub added_by: Vec<Origin>,
}

/// What the chain is built from.
pub struct ChainInputs<'a> {
    pub env: &'a GoEnv,
    pub process_env: &'a BTreeMap<String, String>,
    pub user_env_file: Option<&'a TextFile>,
    pub goroot_env_file: Option<&'a TextFile>,
    pub startup: &'a StartupFacts,
    /// The PATH list separator (`:`, `;` on Windows).
    pub list_separator: char,
}

/// The variables to explain: `names`, or every variable `go env` prints and PATH.
pub fn explain(inputs: &ChainInputs, names: &[String]) -> Vec<Explained> {
    let mut selected: Vec<String> = if names.is_empty() {
        output::selection(inputs.env, names)
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect()
    } else {
        names.to_vec()
    };
    if names.is_empty() {
        selected.push("PATH".to_string());
    }
    selected.iter().map(|n| explain_one(inputs, n)).collect()
}

fn file_entry(file: Option<&TextFile>, name: &str) -> Option<(String, String)> {
    let file = file?;
    let entry = envfile::parse(file.content.as_deref()?).remove(name)?;
    Some((entry.value, format!("{}:{}", file.path, entry.line)))
}

fn explain_one(inputs: &ChainInputs, name: &str) -> Explained {
    let effective = inputs.env.get(name);
    let source = effective.map(|v| &v.source);
    let process = inputs.process_env.get(name).map(|v| redact_var(name, v));
    let mut chain = Vec::new();

    // 1. The process environment, and where it came from.
    let mut layer = Layer {
        layer: "process",
        value: process.clone(),
        location: None,
        wins: matches!(source, Some(EnvSource::Process)),
        exported_by: Vec::new(),
        also_set_by: Vec::new(),
        note: None,
    };
    if let Some(value) = process.as_deref() {
        if value.is_empty() && effective.is_some() {
            layer.note = Some("set to the empty string, which go treats as unset".to_string());
        }
        let origins = inputs.startup.origins_of_value(name, value);
        layer.exported_by = origins.iter().map(|a| Origin::of(a)).collect();
        layer.also_set_by = inputs
            .startup
            .assignments
            .iter()
            .filter(|a| a.variable == name && name != "PATH")
            .filter(|a| !origins.iter().any(|o| o.location() == a.location()))
            .map(Origin::of)
            .collect();
        if layer.exported_by.is_empty() && name != "PATH" && !value.is_empty() {
            layer.note = Some(
                "no start-up file gomedic read sets this value: it comes from the program that started \
this one, a version manager, or a line gomedic cannot follow"
                    .to_string(),
            );
        }
    } else {
        layer.also_set_by = inputs
            .startup
            .assignments
            .iter()
            .filter(|a| a.variable == name)
            .map(Origin::of)
            .collect();
    }
    chain.push(layer);

    if effective.is_some() || name != "PATH" {
        // 2. The GOENV file.
        let user = file_entry(inputs.user_env_file, name);
        chain.push(Layer {
            layer: "goenv-file",
            wins: matches!(source, Some(EnvSource::UserFile { .. })),
            note: match (&user, process.as_deref()) {
                (Some(_), Some(p)) if !p.is_empty() => {
                    Some("shadowed by the process environment".to_string())
                }
                (None, _) if inputs.user_env_file.is_none() => {
                    Some("no GOENV file (GOENV=off or no user config directory)".to_string())
                }
                _ => None,
            },
            value: user.as_ref().map(|(v, _)| v.clone()),
            location: user.map(|(_, l)| l),
            exported_by: Vec::new(),
            also_set_by: Vec::new(),
        });
        // 3. $GOROOT/go.env.
        let goroot = file_entry(inputs.goroot_env_file, name);
        chain.push(Layer {
            layer: "goroot-go.env",
            wins: matches!(source, Some(EnvSource::GorootFile { .. })),
            value: goroot.as_ref().map(|(v, _)| v.clone()),
            location: goroot.map(|(_, l)| l),
            exported_by: Vec::new(),
            also_set_by: Vec::new(),
            note: None,
        });
        // 4. Go's default, or what go computes.
        match source {
            Some(EnvSource::Computed { why }) => chain.push(Layer {
                layer: "computed",
                value: effective.map(|v| v.value.clone()),
                location: None,
                wins: true,
                exported_by: Vec::new(),
                also_set_by: Vec::new(),
                note: Some(why.clone()),
            }),
            Some(EnvSource::Default) => chain.push(Layer {
                layer: "default",
                value: effective.map(|v| v.value.clone()),
                location: None,
                wins: true,
                exported_by: Vec::new(),
                also_set_by: Vec::new(),
                note: None,
            }),
            _ => {}
        }
    }

    let value = effective
        .map(|v| v.value.clone())
        .or(process.clone())
        .unwrap_or_default();
    let entries = (name == "PATH").then(|| {
        process
            .as_deref()
            .unwrap_or("")
            .split(inputs.list_separator)
            .filter(|e| !e.is_empty())
            .map(|entry| PathEntryOrigin {
                entry: entry.to_string(),
                added_by: inputs
                    .startup
                    .origins_of_path_entry(entry)
                    .into_iter()
                    .map(Origin::of)
                    .collect(),
            })
            .collect()
    });
    Explained {
        name: name.to_string(),
        value,
        chain,
        entries,
    }
}

fn describe_origin(o: &Origin) -> String {
    let guard = o
        .guarded_by
        .as_deref()
        .map(|g| format!(" — {g}"))
        .unwrap_or_default();
    format!("{}:{} {} it{guard}", o.file, o.line, o.action)
}

/// The text form.
pub fn to_text(explained: &[Explained]) -> String {
    let mut out = String::new();
    for e in explained {
        out.push_str(&format!("{}={}\n", e.name, output::shell_quote(&e.value)));
        for (i, layer) in e.chain.iter().enumerate() {
            let title = match layer.layer {
                "process" => "process environment",
                "goenv-file" => "GOENV file (go env -w)",
                "goroot-go.env" => "$GOROOT/go.env",
                "computed" => "computed by go",
                _ => "Go's default",
            };
            let value = match &layer.value {
                Some(v) => output::shell_quote(v),
                None => "(not set)".to_string(),
            };
            let location = layer
                .location
                .as_deref()
                .map(|l| format!("  at {l}"))
                .unwrap_or_default();
            let wins = if layer.wins { "  <- wins" } else { "" };
            out.push_str(&format!(
                "  {}. {title:<24} {value}{location}{wins}\n",
                i + 1
            ));
            for o in &layer.exported_by {
                out.push_str(&format!("       exported by {}\n", describe_origin(o)));
            }
            for o in &layer.also_set_by {
                out.push_str(&format!(
                    "       also: {} ({})\n",
                    describe_origin(o),
                    output::shell_quote(&o.value)
                ));
            }
            if let Some(note) = &layer.note {
                out.push_str(&format!("       note: {note}\n"));
            }
        }
        if let Some(entries) = &e.entries {
            for (i, entry) in entries.iter().enumerate() {
                let by = match entry.added_by.first() {
                    Some(o) => describe_origin(o),
                    None => "not added by any start-up file gomedic read".to_string(),
                };
                out.push_str(&format!("  [{i}] {}  <- {by}\n", entry.entry));
            }
        }
    }
    out
}
