//! Vendoring: when the go command uses the `vendor` directory, and whether
//! `vendor/modules.txt` is consistent with go.mod
//! (`cmd/go/internal/modload/vendor.go: readVendorList, checkVendorConsistency`;
//! `init.go: setDefaultBuildMod`). Single-module mode (no go.work).

use crate::goversion;
use crate::modfile::{ModFile, ModuleVersion};
use crate::module;
use crate::semver;
use std::collections::HashMap;

/// `vendor/modules.txt` as the go command reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModulesTxt {
    /// Modules that provide at least one vendored package, in first-seen order
    /// (`vendorList`).
    pub list: Vec<ModuleVersion>,
    /// The version of each path in `list` (`vendorVersion`).
    pub version: HashMap<String, String>,
    /// `## explicit` annotations.
    pub explicit: Vec<ModuleVersion>,
    /// `=> replacement` annotations, in order (`vendorReplaced`, `Replacement`).
    pub replaced: Vec<(ModuleVersion, ModuleVersion)>,
}

fn mv(path: &str, version: &str) -> ModuleVersion {
    ModuleVersion {
        path: path.to_string(),
        version: version.to_string(),
    }
}

impl ModulesTxt {
    /// `readVendorList` over the file's text.
    pub fn parse(text: &str) -> ModulesTxt {
        let mut out = ModulesTxt::default();
        let mut current: Option<ModuleVersion> = None;
        for line in text.split('\n') {
            if line.starts_with("# ") {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 3 {
                    continue;
                }
                let (module, tail) = if semver::is_valid(f[2]) {
                    (mv(f[1], f[2]), &f[3..])
                } else if f[2] == "=>" {
                    (mv(f[1], ""), &f[2..])
                } else {
                    current = None;
                    continue;
                };
                if tail.len() >= 2 && tail[0] == "=>" {
                    if tail.len() == 2 {
                        out.replaced.push((module.clone(), mv(tail[1], "")));
                    } else if tail.len() == 3 && semver::is_valid(tail[2]) {
                        out.replaced.push((module.clone(), mv(tail[1], tail[2])));
                    }
                }
                current = Some(module);
                continue;
            }
            let Some(module) = current.as_ref().filter(|m| !m.path.is_empty()) else {
                continue;
            };
            if let Some(annotations) = line.strip_prefix("## ") {
                if annotations.split(';').any(|a| a.trim() == "explicit")
                    && !out.explicit.contains(module)
                {
                    out.explicit.push(module.clone());
                }
                continue;
            }
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() == 1 && module::check_import_path(f[0]).is_ok() {
                let newer = out
                    .version
                    .get(&module.path)
                    .is_none_or(|v| semver::compare(v, &module.version).is_lt());
                if newer {
                    out.list.push(module.clone());
                    out.version
                        .insert(module.path.clone(), module.version.clone());
                }
            }
        }
        out
    }

    fn is_explicit(&self, m: &ModuleVersion) -> bool {
        self.explicit.contains(m)
    }

    fn replacement_of(&self, m: &ModuleVersion) -> Option<&ModuleVersion> {
        self.replaced
            .iter()
            .rev()
            .find(|(o, _)| o == m)
            .map(|(_, n)| n)
    }
}

/// Whether the go command uses the vendor directory by default
/// (`-mod` not given): the main go.mod's `go` line is at least 1.14 (a
/// missing line counts as older) and `vendor` is a directory.
pub fn vendor_mode_by_default(go_line: Option<&str>, vendor_dir_exists: bool) -> bool {
    vendor_dir_exists && go_line.is_some_and(|v| goversion::compare(v, "1.14").is_ge())
}

/// The `-mod` value from GOFLAGS (last one wins), if any.
pub fn mod_flag(goflags: &str) -> Option<&str> {
    goflags
        .split_whitespace()
        .filter_map(|f| f.strip_prefix("--mod=").or_else(|| f.strip_prefix("-mod=")))
        .next_back()
}

fn describe(m: &ModuleVersion) -> String {
    if m.version.is_empty() {
        m.path.clone()
    } else {
        format!("{}@{}", m.path, m.version)
    }
}

/// `checkVendorConsistency`: each inconsistency as the go command words it
/// (the lines after `go: inconsistent vendoring in <dir>:`), in its order.
/// `go_mod_name` is how the go command names the main go.mod (`go.mod` when
/// run in the module root).
pub fn inconsistencies(main: &ModFile, txt: &ModulesTxt, go_mod_name: &str) -> Vec<String> {
    let pre114 = main
        .go_version()
        .is_none_or(|v| goversion::compare(v, "1.14").is_lt());
    let mut out = Vec::new();
    let mut error = |m: &ModuleVersion, detail: String| {
        out.push(format!("{}: {detail}", describe(m)));
    };
    for r in &main.require {
        let m = mv(&r.path, &r.version);
        if txt.is_explicit(&m) {
            continue;
        }
        if pre114 {
            if let Some(vv) = txt.version.get(&r.path)
                && *vv != r.version
            {
                error(
                    &m,
                    format!(
                        "is explicitly required in go.mod, but vendor/modules.txt indicates {}@{vv}",
                        r.path
                    ),
                );
            }
        } else {
            error(
                &m,
                "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt"
                    .to_string(),
            );
        }
    }
    let replacement = |m: &ModuleVersion| -> Option<&ModuleVersion> {
        main.replace
            .iter()
            .find(|r| r.old == *m)
            .or_else(|| {
                main.replace
                    .iter()
                    .find(|r| r.old.path == m.path && r.old.version.is_empty())
            })
            .map(|r| &r.new)
    };
    let mut seen: Vec<&ModuleVersion> = Vec::new();
    for r in &main.replace {
        if seen.contains(&&r.old) {
            continue;
        }
        seen.push(&r.old);
        let new = replacement(&r.old);
        match (txt.replacement_of(&r.old), new) {
            (None, None) => {}
            (None, Some(_)) => {
                let tolerated = pre114
                    && (r.old.version.is_empty()
                        || txt.version.get(&r.old.path) != Some(&r.old.version));
                if !tolerated {
                    error(
                        &r.old,
                        format!(
                            "is replaced in {go_mod_name}, but not marked as replaced in vendor/modules.txt"
                        ),
                    );
                }
            }
            (Some(vr), new) => {
                let new_or_empty = new.cloned().unwrap_or_default();
                if *vr != new_or_empty {
                    error(
                        &r.old,
                        format!(
                            "is replaced by {} in {go_mod_name}, but marked as replaced by {} in vendor/modules.txt",
                            describe(&new_or_empty),
                            describe(vr)
                        ),
                    );
                }
            }
        }
    }
    for m in &txt.list {
        if txt.is_explicit(m)
            && !main
                .require
                .iter()
                .any(|r| r.path == m.path && r.version == m.version)
        {
            error(
                m,
                "is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod"
                    .to_string(),
            );
        }
    }
    for (m, _) in &txt.replaced {
        if replacement(m).is_none() {
            error(
                m,
                "is marked as replaced in vendor/modules.txt, but not replaced in go.mod"
                    .to_string(),
            );
        }
    }
    out
}

/// The go command's whole message for `inconsistencies` found in the
/// module rooted at `module_dir`.
pub fn inconsistent_vendoring_message(module_dir: &str, lines: &[String]) -> String {
    let mut text = format!("go: inconsistent vendoring in {module_dir}:");
    for line in lines {
        text.push_str("\n\t");
        text.push_str(line);
    }
    text.push_str("\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main(text: &str) -> ModFile {
        crate::modfile::parse("go.mod", text.as_bytes()).unwrap()
    }

    #[test]
    fn consistent_modules_txt() {
        let m = main("module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n");
        let txt =
            ModulesTxt::parse("# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n");
        assert!(inconsistencies(&m, &txt, "go.mod").is_empty());
    }

    #[test]
    fn version_bump_without_go_mod_vendor() {
        let m = main("module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.1.0\n");
        let txt =
            ModulesTxt::parse("# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n");
        assert_eq!(
            inconsistencies(&m, &txt, "go.mod"),
            [
                "example.com/a@v1.1.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt",
                "example.com/a@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod",
            ]
        );
    }

    #[test]
    fn pre_1_14_only_version_mismatch() {
        let m = main("module example.com/main\n\ngo 1.13\n\nrequire example.com/a v1.1.0\n");
        let txt = ModulesTxt::parse("# example.com/a v1.0.0\nexample.com/a\n");
        assert_eq!(
            inconsistencies(&m, &txt, "go.mod"),
            [
                "example.com/a@v1.1.0: is explicitly required in go.mod, but vendor/modules.txt indicates example.com/a@v1.0.0"
            ]
        );
    }

    #[test]
    fn replacements() {
        let m = main(
            "module example.com/main\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n\nreplace example.com/a => ./a\n",
        );
        let txt =
            ModulesTxt::parse("# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n");
        assert_eq!(
            inconsistencies(&m, &txt, "go.mod"),
            [
                "example.com/a: is replaced in go.mod, but not marked as replaced in vendor/modules.txt"
            ]
        );
        let txt = ModulesTxt::parse(
            "# example.com/a v1.0.0 => ./b\n## explicit; go 1.21\nexample.com/a\n# example.com/a => ./b\n",
        );
        assert_eq!(
            inconsistencies(&m, &txt, "go.mod"),
            [
                "example.com/a: is replaced by ./a in go.mod, but marked as replaced by ./b in vendor/modules.txt"
            ]
        );
    }

    #[test]
    fn vendor_mode_and_flags() {
        assert!(vendor_mode_by_default(Some("1.14"), true));
        assert!(!vendor_mode_by_default(Some("1.13"), true));
        assert!(!vendor_mode_by_default(None, true));
        assert!(!vendor_mode_by_default(Some("1.22"), false));
        assert_eq!(mod_flag("-v -mod=mod -mod=vendor"), Some("vendor"));
        assert_eq!(mod_flag("--mod=readonly"), Some("readonly"));
        assert_eq!(mod_flag("-modcacherw"), None);
    }
}
