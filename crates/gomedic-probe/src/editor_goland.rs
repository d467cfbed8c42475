//! GoLand and IntelliJ IDEA with the Go plugin: the GOROOT a project uses.
//!
//! JetBrains IDEs keep a project's GOROOT as a plain file: the element
//! `<component name="GOROOT" url="file://…" />` in `<project>/.idea/workspace.xml`
//! (format checked against real workspace files in public repositories), with
//! the IDE's path macros `$USER_HOME$` and `$PROJECT_DIR$`. The IDE runs
//! `<GOROOT>/bin/go` for builds, tests, the debugger and gopls, whatever is
//! first on PATH.

use gomedic_model::editor::{EditorSetting, EditorSettingsFile, SettingsScope};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::path::{Path, PathBuf};

/// The name of the editor in findings.
pub const GOLAND: &str = "GoLand";
/// The key of the setting in findings and evidence.
pub const GOROOT_KEY: &str = "GOROOT";
/// Workspace files larger than this are not read.
const WORKSPACE_CAP: u64 = 4 << 20;

/// The nearest `.idea/workspace.xml` at or above `from` (never above the
/// home directory or at the file system root), read: the file record and the
/// GOROOT setting when it has one.
pub fn read_goland_goroot(
    from: &Path,
    home: Option<&Path>,
) -> Option<(EditorSettingsFile, Option<EditorSetting>)> {
    let project = from
        .ancestors()
        .take_while(|d| Some(*d) != home && d.parent().is_some())
        .find(|d| d.join(".idea").join("workspace.xml").is_file())?;
    let path = project.join(".idea").join("workspace.xml");
    let mut file = EditorSettingsFile {
        path: path.to_string_lossy().into_owned(),
        scope: SettingsScope::Folder,
        app: GOLAND.to_string(),
        error: None,
    };
    let text = match crate::textfile::read_capped(&path, WORKSPACE_CAP) {
        Ok((_, true)) => {
            file.error = Some(format!("larger than {WORKSPACE_CAP} bytes: not read"));
            return Some((file, None));
        }
        Ok((bytes, false)) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            file.error = Some(format!("cannot read: {e}"));
            return Some((file, None));
        }
    };
    match goroot_component(&text) {
        Ok(Some((url, line))) => {
            let expanded = expand_url(&url, project, home);
            let setting = EditorSetting {
                key: GOROOT_KEY.to_string(),
                value: gomedic_model::redact::redact_text(&url),
                expanded: expanded.map(|p| gomedic_model::redact::redact_text(&p)),
                file: file.path.clone(),
                line,
                scope: SettingsScope::Folder,
            };
            Some((file, Some(setting)))
        }
        Ok(None) => Some((file, None)),
        Err(e) => {
            file.error = Some(e);
            Some((file, None))
        }
    }
}

/// The `url` of `<component name="GOROOT" …/>` and its 1-based line.
fn goroot_component(text: &str) -> Result<Option<(String, u32)>, String> {
    let mut reader = Reader::from_str(text);
    loop {
        let position = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "component" => {
                let attr = |name: &str| -> Option<String> {
                    let a = e.try_get_attribute(name).ok()??;
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.into_owned())
                };
                if attr("name").as_deref() == Some("GOROOT")
                    && let Some(url) = attr("url")
                {
                    let upto = usize::try_from(position)
                        .unwrap_or(text.len())
                        .min(text.len());
                    let line = text.as_bytes()[..upto]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count();
                    // The element starts after the whitespace that follows
                    // the previous event.
                    let rest = &text[upto..];
                    let skipped = rest[..rest.find('<').unwrap_or(0)]
                        .bytes()
                        .filter(|b| *b == b'\n')
                        .count();
                    return Ok(Some((
                        url,
                        u32::try_from(line + skipped + 1).unwrap_or(u32::MAX),
                    )));
                }
            }
            Ok(Event::Eof) => return Ok(None),
            Ok(_) => {}
            Err(e) => return Err(format!("not valid XML: {e}")),
        }
    }
}

/// The directory a GOROOT url names: `file://` removed, `$USER_HOME$` and
/// `$PROJECT_DIR$` replaced, `/C:/…` made `C:/…`. `None` for another scheme
/// or an unknown macro.
fn expand_url(url: &str, project: &Path, home: Option<&Path>) -> Option<String> {
    let rest = url.strip_prefix("file://")?;
    let mut out = rest.to_string();
    if out.contains("$USER_HOME$") {
        out = out.replace("$USER_HOME$", &home?.to_string_lossy());
    }
    out = out.replace("$PROJECT_DIR$", &project.to_string_lossy());
    if out.contains('$') {
        return None;
    }
    let bytes = out.as_bytes();
    if bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' && bytes[1].is_ascii_alphabetic() {
        out.remove(0);
    }
    Some(PathBuf::from(out).to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKSPACE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="ChangeListManager">
    <option name="HIGHLIGHT_CONFLICTS" value="true" />
  </component>
  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.21.13" />
  <component name="Git.Settings">
    <option name="RECENT_GIT_ROOT_PATH" value="$PROJECT_DIR$" />
  </component>
</project>
"#;

    #[test]
    fn finds_the_goroot_component_and_its_line() {
        assert_eq!(
            goroot_component(WORKSPACE).unwrap(),
            Some(("file://$USER_HOME$/sdk/go1.21.13".to_string(), 6))
        );
        assert_eq!(
            goroot_component("<project><component name=\"Other\"/></project>").unwrap(),
            None
        );
        assert!(goroot_component("<project><component name=\"GOROOT\" url=\"x</project>").is_err());
    }

    #[test]
    fn expands_macros_and_windows_drives() {
        let project = Path::new("/p");
        let home = Path::new("/home/u");
        assert_eq!(
            expand_url("file://$USER_HOME$/sdk/go1.22.10", project, Some(home)).as_deref(),
            Some("/home/u/sdk/go1.22.10")
        );
        assert_eq!(
            expand_url("file:///snap/go/current", project, None).as_deref(),
            Some("/snap/go/current")
        );
        assert_eq!(
            expand_url("file://$PROJECT_DIR$/go", project, None).as_deref(),
            Some("/p/go")
        );
        assert_eq!(
            expand_url("file:///C:/Program Files/Go", project, None).as_deref(),
            Some("C:/Program Files/Go")
        );
        assert_eq!(expand_url("file://$USER_HOME$/go", project, None), None);
        assert_eq!(expand_url("jar://x", project, None), None);
        assert_eq!(expand_url("file://$MODULE_DIR$/go", project, None), None);
    }
}
