//! Checks that use start-up file provenance: env/set-in-several-places, and
//! the file and line added to env/goroot-set and env/go-env-w-shadowed.

mod support;

use gomedic_go::env::EnvSource;
use gomedic_model::provenance::{AssignKind, StartupAssignment, StartupFile};
use gomedic_model::snapshot::TextFile;
use support::*;

fn assignment(var: &str, file: &str, line: u32, value: &str) -> StartupAssignment {
    StartupAssignment {
        variable: var.into(),
        file: file.into(),
        line,
        shell: "bash".into(),
        kind: AssignKind::Set,
        value: value.into(),
        expanded: Some(value.into()),
        entries: Vec::new(),
        exported: true,
        guarded_by: None,
    }
}

fn file(path: &str, read_by: &[&str]) -> StartupFile {
    StartupFile {
        path: path.into(),
        shell: "bash".into(),
        read_by: read_by.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn findings(snap: &gomedic_model::Snapshot, id: &str) -> Vec<gomedic_model::Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == id)
        .collect()
}

#[test]
fn set_in_several_places_names_every_file_and_the_winner() {
    let mut snap = linux();
    export(&mut snap, "GOPATH", "/home/ana/gp");
    snap.startup.scanned = true;
    snap.startup.files = vec![
        file("/home/ana/.profile", &["sh login", "bash login"]),
        file("/home/ana/.bashrc", &["bash interactive"]),
        file("/home/ana/.zshrc", &["zsh interactive"]),
    ];
    snap.startup.assignments = vec![
        assignment("GOPATH", "/home/ana/.profile", 3, "/home/ana/old"),
        assignment("GOPATH", "/home/ana/.bashrc", 7, "/home/ana/gp"),
        assignment("GOPATH", "/home/ana/.zshrc", 2, "/home/ana/gp"),
        // Same value twice in two files, and PATH: no finding.
        assignment("GOFLAGS", "/home/ana/.profile", 4, "-mod=mod"),
        assignment("GOFLAGS", "/home/ana/.bashrc", 8, "-mod=mod"),
    ];
    let found = findings(&snap, "env/set-in-several-places");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert!(
        f.title
            .starts_with("GOPATH is set to 2 different values in 3 start-up files"),
        "{}",
        f.title
    );
    let sources: Vec<&str> = f.evidence.iter().map(|e| e.source.as_str()).collect();
    assert!(
        sources[0].contains("matches /home/ana/.zshrc:2"),
        "{sources:?}"
    );
    assert!(
        sources.contains(&"/home/ana/.profile:3 (read by sh login, bash login)"),
        "{sources:?}"
    );
    assert!(
        sources.contains(&"/home/ana/.bashrc:7 (read by bash interactive)"),
        "{sources:?}"
    );
    assert!(
        f.fixes[0].description.contains("/home/ana/.profile:3"),
        "{:?}",
        f.fixes
    );
    assert_eq!(f.fixes[1].commands, ["go env -w GOPATH=/home/ana/gp"]);

    // Unexported or guarded-and-equal assignments alone do not count.
    let mut quiet = linux();
    quiet.startup.assignments = vec![
        assignment("GOPATH", "/home/ana/.profile", 3, "/a"),
        StartupAssignment {
            exported: false,
            ..assignment("GOPATH", "/home/ana/.bashrc", 7, "/b")
        },
    ];
    assert!(findings(&quiet, "env/set-in-several-places").is_empty());
}

#[test]
fn goroot_set_and_shadowed_go_env_w_name_the_startup_line() {
    let mut snap = linux();
    export(&mut snap, "GOROOT", "/usr/local/go");
    export(&mut snap, "GOPROXY", "direct");
    snap.user_env_file = Some(TextFile {
        path: "/home/ana/.config/go/env".into(),
        exists: true,
        content: Some("GOPROXY=https://proxy.example.com\n".into()),
        ..Default::default()
    });
    snap.startup.assignments = vec![
        assignment("GOROOT", "/home/ana/.bashrc", 12, "/usr/local/go"),
        StartupAssignment {
            guarded_by: Some("inside an `if` block".into()),
            ..assignment("GOPROXY", "/etc/profile.d/proxy.sh", 2, "direct")
        },
        assignment("GOROOT", "/home/ana/.profile", 5, "/usr/lib/go"),
    ];
    let goroot = &findings(&snap, "env/goroot-set")[0];
    let by = goroot
        .evidence
        .iter()
        .find(|e| e.label == "GOROOT exported by")
        .unwrap_or_else(|| panic!("{:#?}", goroot.evidence));
    assert_eq!(
        (by.value.as_str(), by.source.as_str()),
        ("sets GOROOT", "/home/ana/.bashrc:12")
    );
    assert!(
        goroot.fixes[0]
            .description
            .contains("delete line 12 of `/home/ana/.bashrc`")
            && goroot.fixes[0]
                .description
                .contains("also set at /home/ana/.profile:5"),
        "{:?}",
        goroot.fixes
    );
    let shadowed = &findings(&snap, "env/go-env-w-shadowed")[0];
    assert!(
        shadowed
            .evidence
            .iter()
            .any(|e| e.source == "/etc/profile.d/proxy.sh:2 (inside an `if` block)"),
        "{:#?}",
        shadowed.evidence
    );

    // Without start-up facts the fixes stay generic.
    let mut plain = linux();
    export(&mut plain, "GOROOT", "/usr/local/go");
    let f = &findings(&plain, "env/goroot-set")[0];
    assert!(
        f.fixes[0].description.contains("~/.profile"),
        "{:?}",
        f.fixes
    );
    let _ = EnvSource::Process;
}

#[test]
fn context_differs_names_contexts_values_and_causing_lines() {
    use gomedic_model::provenance::ShellContext;
    let mut snap = linux();
    export(&mut snap, "GOPATH", "/home/ana/rc-gp");
    let context = |name: &str, gopath: Option<&str>, go: Option<&str>| ShellContext {
        name: name.into(),
        env: Some(
            gopath
                .map(|g| ("GOPATH".to_string(), g.to_string()))
                .into_iter()
                .collect(),
        ),
        go: go.map(str::to_string),
        ..Default::default()
    };
    snap.contexts = vec![
        context("sh -c", None, Some("/usr/local/go/bin/go")),
        context(
            "bash login",
            Some("/home/ana/login-gp"),
            Some("/usr/bin/go"),
        ),
        context(
            "bash interactive",
            Some("/home/ana/rc-gp"),
            Some("/usr/local/go/bin/go"),
        ),
        ShellContext {
            name: "zsh interactive".into(),
            timed_out: true,
            ..Default::default()
        },
    ];
    snap.startup.assignments = vec![
        assignment("GOPATH", "/home/ana/.bash_profile", 1, "/home/ana/login-gp"),
        assignment("GOPATH", "/home/ana/.bashrc", 4, "/home/ana/rc-gp"),
        StartupAssignment {
            entries: vec!["/usr/bin".into()],
            kind: AssignKind::Prepend,
            ..assignment("PATH", "/home/ana/.bash_profile", 2, "/usr/bin")
        },
    ];
    let found = findings(&snap, "env/context-differs");
    assert_eq!(found.len(), 2, "{found:#?}");
    let gopath = &found[0];
    assert_eq!(gopath.severity, gomedic_model::Severity::Warning);
    assert_eq!(
        gopath.title,
        "GOPATH is `/home/ana/rc-gp` here but unset in sh -c; `/home/ana/login-gp` in bash login"
    );
    let sources: Vec<&str> = gopath.evidence.iter().map(|e| e.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "this process; set at /home/ana/.bashrc:4",
            "sh -c; not set by its start-up files",
            "bash login; set at /home/ana/.bash_profile:1"
        ]
    );
    let go = &found[1];
    assert!(
        go.title.contains("`/usr/bin/go` in bash login"),
        "{}",
        go.title
    );
    assert!(
        go.evidence[1]
            .source
            .contains("/usr/bin added to PATH at /home/ana/.bash_profile:2"),
        "{:#?}",
        go.evidence
    );

    // Only "unset" elsewhere (the value comes from the parent): information.
    snap.contexts.truncate(1);
    snap.contexts[0].go = Some("/usr/local/go/bin/go".into());
    let found = findings(&snap, "env/context-differs");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, gomedic_model::Severity::Info);
    // No contexts (--no-shell, old snapshots): nothing.
    snap.contexts.clear();
    assert!(findings(&snap, "env/context-differs").is_empty());
}

#[test]
fn context_differs_names_the_desktop_session_and_its_own_fix() {
    use gomedic_model::provenance::ShellContext;
    let mut snap = linux();
    export(&mut snap, "GOPATH", "/home/ana/gp");
    let active = snap.active().unwrap().path.clone();
    snap.contexts = vec![ShellContext {
        name: "GUI session (systemd --user)".into(),
        shell: "/usr/bin/systemctl".into(),
        args: vec!["--user".into(), "show-environment".into()],
        env: Some([("PATH".to_string(), "/usr/bin:/bin".to_string())].into()),
        go: None,
        ..Default::default()
    }];
    let found = findings(&snap, "env/context-differs");
    let go = found
        .iter()
        .find(|f| f.title.contains("no go in GUI session (systemd --user)"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    let dir = active.rsplit_once('/').unwrap().0;
    assert!(
        go.fixes.iter().any(|f| f.description.contains(&format!(
            "`PATH={dir}:${{PATH}}` to ~/.config/environment.d/go.conf"
        ))),
        "{:#?}",
        go.fixes
    );
    let gopath = found
        .iter()
        .find(|f| f.title.starts_with("GOPATH"))
        .unwrap();
    assert!(
        gopath
            .title
            .ends_with("unset in GUI session (systemd --user)")
    );
    assert!(
        gopath
            .fixes
            .iter()
            .any(|f| f.description.contains("`GOPATH=<value>`"))
    );
}
