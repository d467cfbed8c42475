//! The JSON that `go mod edit -json` and `go work edit -json` print, per release.

use serde_json::{Map, Value};

use super::directive::ModuleVersion;
use super::gomod::ModFile;
use super::gowork::WorkFile;
use super::release::Dialect;

fn module_version(m: &ModuleVersion) -> Value {
    let mut o = Map::new();
    o.insert("Path".into(), m.path.clone().into());
    if !m.version.is_empty() {
        o.insert("Version".into(), m.version.clone().into());
    }
    Value::Object(o)
}

fn insert_nonempty(o: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        o.insert(key.into(), value.into());
    }
}

/// Inserts a list field: left out when empty (newer releases) or `null` (older ones).
fn insert_list(o: &mut Map<String, Value>, key: &str, items: Vec<Value>, omit_empty: bool) {
    if !items.is_empty() {
        o.insert(key.into(), Value::Array(items));
    } else if !omit_empty {
        o.insert(key.into(), Value::Null);
    }
}

/// What `go mod edit -json` prints for `file` in the release of `dialect`.
pub fn mod_edit_json(file: &ModFile, dialect: Dialect) -> Value {
    let omit = dialect.json_omits_empty_lists;
    let mut o = Map::new();
    let mut module = Map::new();
    let (path, deprecated) = file
        .module
        .as_ref()
        .map_or(("", ""), |m| (m.path.as_str(), m.deprecated.as_str()));
    module.insert("Path".into(), path.into());
    insert_nonempty(&mut module, "Deprecated", deprecated);
    o.insert("Module".into(), Value::Object(module));
    insert_nonempty(&mut o, "Go", file.go_version().unwrap_or(""));
    insert_nonempty(&mut o, "Toolchain", file.toolchain_name().unwrap_or(""));
    if dialect.godebug {
        let items = file
            .godebug
            .iter()
            .map(|d| serde_json::json!({"Key": d.key, "Value": d.value}))
            .collect();
        insert_list(&mut o, "GoDebug", items, true);
    }
    let requires = file
        .require
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("Path".into(), r.path.clone().into());
            insert_nonempty(&mut m, "Version", &r.version);
            if r.indirect {
                m.insert("Indirect".into(), true.into());
            }
            Value::Object(m)
        })
        .collect();
    insert_list(&mut o, "Require", requires, omit);
    let excludes = file
        .exclude
        .iter()
        .map(|x| {
            module_version(&ModuleVersion {
                path: x.path.clone(),
                version: x.version.clone(),
            })
        })
        .collect();
    insert_list(&mut o, "Exclude", excludes, omit);
    let replaces = file
        .replace
        .iter()
        .map(|r| serde_json::json!({"Old": module_version(&r.old), "New": module_version(&r.new)}))
        .collect();
    insert_list(&mut o, "Replace", replaces, omit);
    let retracts = file
        .retract
        .iter()
        .map(|r| {
            let mut m = Map::new();
            insert_nonempty(&mut m, "Low", &r.low);
            insert_nonempty(&mut m, "High", &r.high);
            insert_nonempty(&mut m, "Rationale", &r.rationale);
            Value::Object(m)
        })
        .collect();
    insert_list(&mut o, "Retract", retracts, omit);
    if dialect.tool {
        let items = file
            .tool
            .iter()
            .map(|t| serde_json::json!({"Path": t.path}))
            .collect();
        insert_list(&mut o, "Tool", items, true);
    }
    if dialect.ignore {
        let items = file
            .ignore
            .iter()
            .map(|i| serde_json::json!({"Path": i.path}))
            .collect();
        insert_list(&mut o, "Ignore", items, true);
    }
    Value::Object(o)
}

/// What `go work edit -json` prints for `file` in the release of `dialect`.
pub fn work_edit_json(file: &WorkFile, dialect: Dialect) -> Value {
    let omit = dialect.json_omits_empty_lists;
    let mut o = Map::new();
    insert_nonempty(&mut o, "Go", file.go_version().unwrap_or(""));
    if dialect.work_json_has_toolchain {
        insert_nonempty(&mut o, "Toolchain", file.toolchain_name().unwrap_or(""));
        let items = file
            .godebug
            .iter()
            .map(|d| serde_json::json!({"Key": d.key, "Value": d.value}))
            .collect();
        insert_list(&mut o, "Godebug", items, true);
    }
    let uses = file
        .use_dirs
        .iter()
        .map(|u| serde_json::json!({"DiskPath": u.path}))
        .collect();
    insert_list(&mut o, "Use", uses, omit);
    let replaces = file
        .replace
        .iter()
        .map(|r| serde_json::json!({"Old": module_version(&r.old), "New": module_version(&r.new)}))
        .collect();
    insert_list(&mut o, "Replace", replaces, omit);
    Value::Object(o)
}

/// Renders JSON as Go's `json.MarshalIndent(v, "", "\t")` plus the newline
/// the go command adds (HTML-sensitive characters escaped as Go does).
pub fn go_json_text(value: &Value) -> String {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
    let mut serializer = serde_json::Serializer::with_formatter(&mut buf, formatter);
    serde::Serialize::serialize(value, &mut serializer).expect("serializing a Value cannot fail");
    let text = String::from_utf8(buf).expect("serde_json writes UTF-8");
    // These characters can only occur inside strings, so replacing them everywhere is safe.
    let mut out = text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    out.push('\n');
    out
}
