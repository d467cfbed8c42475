//! Facts for toolchain switching (GOTOOLCHAIN): the toolchain names the go
//! command may look up in PATH for this project, and the toolchains already
//! downloaded into the module cache.

use gomedic_go::gotoolchain::{
    go_mod_lookup, parse_gotoolchain, toolchain_for_go_line, version_from_toolchain,
};
use gomedic_model::snapshot::Project;
use std::path::Path;

/// Every toolchain name go may switch to here: the GOTOOLCHAIN minimum and
/// the names formed from the go and toolchain lines of the go.work (when
/// there is one) or go.mod, as `toolchain.Select` forms them. Only valid
/// toolchain names, each once.
pub fn switch_candidates(gotoolchain: &str, project: &Project) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(setting) = parse_gotoolchain(gotoolchain)
        && let Some(minimum) = setting.minimum
    {
        names.push(minimum);
    }
    let file = project
        .go_work
        .as_ref()
        .filter(|f| f.exists)
        .or(project.go_mod.as_ref());
    if let Some(content) = file.and_then(|f| f.content.as_deref()) {
        if let Some(line) = go_mod_lookup(content, "toolchain") {
            names.push(line);
        }
        if let Some(go) = go_mod_lookup(content, "go") {
            names.push(toolchain_for_go_line(&go));
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for name in names {
        if version_from_toolchain(&name).is_some() && !unique.contains(&name) {
            unique.push(name);
        }
    }
    unique
}

/// The versions of `golang.org/toolchain` the module cache holds as Go
/// counts them present: `<gomodcache>/golang.org/toolchain@<v>` is a
/// directory, `cache/download/golang.org/toolchain/@v/<v>.ziphash` exists and
/// `<v>.partial` does not. Sorted; empty when the cache can't be read.
pub fn cached_toolchains(gomodcache: &Path) -> Vec<String> {
    if gomodcache.as_os_str().is_empty() || gomodcache.as_os_str() == "off" {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(gomodcache.join("golang.org")) else {
        return Vec::new();
    };
    let download = gomodcache.join("cache/download/golang.org/toolchain/@v");
    let mut versions: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some(name.strip_prefix("toolchain@")?.to_string())
        })
        .filter(|v| {
            download.join(format!("{v}.ziphash")).is_file()
                && !download.join(format!("{v}.partial")).exists()
        })
        .collect();
    versions.sort();
    versions
}

#[cfg(test)]
mod tests {
    use super::*;
    use gomedic_model::snapshot::TextFile;

    fn file(content: &str) -> Option<TextFile> {
        Some(TextFile {
            path: "/p/go.mod".into(),
            exists: true,
            content: Some(content.into()),
            ..TextFile::default()
        })
    }

    #[test]
    fn candidates_from_setting_and_lines() {
        let project = Project {
            go_mod: file("module m\ngo 1.22\ntoolchain go1.23.4\n"),
            ..Project::default()
        };
        assert_eq!(
            switch_candidates("go1.21.13+path", &project),
            ["go1.21.13", "go1.23.4", "go1.22.0"]
        );
        assert_eq!(
            switch_candidates("local", &project),
            ["go1.23.4", "go1.22.0"]
        );
        let work = Project {
            go_work: file("go 1.27.3\ntoolchain default\n"),
            ..project
        };
        assert_eq!(switch_candidates("bogus", &work), ["go1.27.3"]);
        assert!(switch_candidates("auto", &Project::default()).is_empty());
    }

    #[test]
    fn cached_toolchains_need_ziphash_and_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path();
        let download = cache.join("cache/download/golang.org/toolchain/@v");
        std::fs::create_dir_all(&download).unwrap();
        for v in [
            "v0.0.1-go1.22.10.linux-amd64",
            "v0.0.1-go1.23.0.linux-amd64",
            "v0.0.1-go1.24.0.linux-amd64",
        ] {
            std::fs::create_dir_all(cache.join(format!("golang.org/toolchain@{v}"))).unwrap();
        }
        std::fs::write(
            download.join("v0.0.1-go1.22.10.linux-amd64.ziphash"),
            "h1:x",
        )
        .unwrap();
        std::fs::write(download.join("v0.0.1-go1.23.0.linux-amd64.ziphash"), "h1:x").unwrap();
        std::fs::write(download.join("v0.0.1-go1.23.0.linux-amd64.partial"), "").unwrap();
        assert_eq!(cached_toolchains(cache), ["v0.0.1-go1.22.10.linux-amd64"]);
        assert!(cached_toolchains(&cache.join("missing")).is_empty());
        assert!(cached_toolchains(Path::new("")).is_empty());
    }
}
