//! env/set-in-several-places for the user and machine environment of the
//! Windows registry, on snapshots holding what the probe reads there.

mod support;

use gomedic_model::os_facts::{RegistryEnvValue, WindowsOsFacts};
use gomedic_model::{Finding, Severity, Snapshot};
use support::*;

const USER: &str = r"HKCU\Environment";
const MACHINE: &str = r"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment";

fn reg(scope: &str, name: &str, raw: &str, expanded: Option<&str>) -> RegistryEnvValue {
    RegistryEnvValue {
        scope: scope.into(),
        name: name.into(),
        source: format!(r"{}\{name}", if scope == "user" { USER } else { MACHINE }),
        raw: raw.into(),
        expanded: expanded.map(str::to_string),
    }
}

fn win_with(values: Vec<RegistryEnvValue>) -> Snapshot {
    let mut snap = windows();
    snap.os.windows = Some(WindowsOsFacts {
        registry_env: values,
        ..WindowsOsFacts::default()
    });
    snap
}

fn scope_findings(snap: &Snapshot) -> Vec<Finding> {
    gomedic_checks::run_all(snap)
        .into_iter()
        .filter(|f| f.id == "env/set-in-several-places")
        .collect()
}

#[test]
fn user_and_machine_gopath_differ() {
    let mut snap = win_with(vec![
        reg("machine", "GOPATH", r"C:\go-work", None),
        reg(
            "user",
            "GOPATH",
            r"%USERPROFILE%\go",
            Some(r"C:\Users\ana\go"),
        ),
    ]);
    export(&mut snap, "GOPATH", r"C:\Users\ana\go");
    let found = scope_findings(&snap);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.title,
        r"GOPATH is set differently for the user (`C:\Users\ana\go`) and the machine (`C:\go-work`)"
    );
    assert_eq!(
        f.evidence[0].value,
        r"C:\Users\ana\go (REG_EXPAND_SZ: %USERPROFILE%\go)"
    );
    assert_eq!(f.evidence[0].source, r"HKCU\Environment\GOPATH");
    assert_eq!(f.evidence[1].source, format!(r"{MACHINE}\GOPATH"));
    assert!(!f.explanation.contains("This process has the machine value"));
    let commands: Vec<&str> = f
        .fixes
        .iter()
        .flat_map(|x| x.commands.iter().map(String::as_str))
        .collect();
    assert_eq!(
        commands,
        [
            "[Environment]::SetEnvironmentVariable('GOPATH', $null, 'User')",
            "[Environment]::SetEnvironmentVariable('GOPATH', $null, 'Machine')"
        ]
    );
    // A terminal started before the user value was set has the machine's.
    export(&mut snap, "GOPATH", r"C:\go-work");
    assert!(
        scope_findings(&snap)[0]
            .explanation
            .contains("This process has the machine value")
    );
}

#[test]
fn same_value_in_both_scopes_or_one_scope_is_fine() {
    // Same after expansion, and paths compare case-insensitively on Windows.
    let snap = win_with(vec![
        reg("machine", "GOPATH", r"C:\Users\ana\go", None),
        reg(
            "user",
            "GOPATH",
            r"%USERPROFILE%\Go",
            Some(r"c:\users\ana\Go"),
        ),
        reg("user", "GOFLAGS", "-mod=mod", None),
    ]);
    assert!(scope_findings(&snap).is_empty());
    assert!(scope_findings(&windows()).is_empty());
}
