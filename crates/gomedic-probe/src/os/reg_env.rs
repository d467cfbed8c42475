//! The user and machine environment of the Windows registry: which variables
//! matter to Go, and `REG_EXPAND_SZ` expansion as Windows does it when it
//! builds a new logon environment (machine values first, then the user's,
//! which may refer to the machine's). Pure, so it is tested everywhere; the
//! registry itself is read in `windows.rs`.

use gomedic_model::os_facts::RegistryEnvValue;

pub const USER_ENV: &str = r"Environment";
pub const MACHINE_ENV: &str = r"SYSTEM\CurrentControlSet\Control\Session Manager\Environment";

/// Variables of the Go toolchain (PATH is merged, not overridden, so it is not one).
pub fn is_go_variable(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.starts_with("GO") || upper.starts_with("CGO_") || upper == "CC" || upper == "CXX"
}

/// `%NAME%` references replaced with `lookup(NAME)`; a reference to an
/// undefined variable, and a lone `%`, stay as written (ExpandEnvironmentStrings).
pub fn expand(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('%') {
            Some(end) if end > 0 => {
                let name = &after[..end];
                match lookup(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('%');
                        out.push_str(name);
                        out.push('%');
                    }
                }
                rest = &after[end + 1..];
            }
            Some(_) => {
                // `%%`: the first stays, the second may open a reference.
                out.push('%');
                rest = after;
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One raw registry value: `(name, data, is REG_EXPAND_SZ)`.
pub type RawValue = (String, String, bool);

/// The Go variables of both scopes, expanded: machine values against the
/// machine environment and the process's own (profile variables such as
/// USERPROFILE and SystemRoot are not in these keys); user values against
/// the user's, then the machine's, then the process's.
pub fn go_values(
    user: &[RawValue],
    machine: &[RawValue],
    process_env: &dyn Fn(&str) -> Option<String>,
) -> Vec<RegistryEnvValue> {
    let find = |values: &[RawValue], name: &str| {
        values
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| v.clone())
    };
    let machine_lookup = |name: &str| find(machine, name).or_else(|| process_env(name));
    // The machine's values are in the block already expanded when the user's are read.
    let machine_expanded: Vec<RawValue> = machine
        .iter()
        .map(|(n, v, x)| {
            let value = if *x {
                expand(v, &machine_lookup)
            } else {
                v.clone()
            };
            (n.clone(), value, false)
        })
        .collect();
    let user_lookup = |name: &str| {
        find(user, name)
            .or_else(|| find(&machine_expanded, name))
            .or_else(|| process_env(name))
    };
    let mut out = Vec::new();
    for (scope, key, values, lookup) in [
        (
            "machine",
            format!(r"HKLM\{MACHINE_ENV}"),
            machine,
            &machine_lookup as &dyn Fn(&str) -> Option<String>,
        ),
        ("user", format!(r"HKCU\{USER_ENV}"), user, &user_lookup),
    ] {
        for (name, raw, expandable) in values {
            if !is_go_variable(name) {
                continue;
            }
            out.push(RegistryEnvValue {
                scope: scope.to_string(),
                name: name.clone(),
                source: format!(r"{key}\{name}"),
                raw: raw.clone(),
                expanded: expandable.then(|| expand(raw, lookup)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name.to_ascii_uppercase().as_str() {
            "USERPROFILE" => Some(r"C:\Users\ana".into()),
            "SYSTEMDRIVE" => Some("C:".into()),
            _ => None,
        }
    }

    #[test]
    fn expansion_like_expand_environment_strings() {
        assert_eq!(expand(r"%USERPROFILE%\go", &env), r"C:\Users\ana\go");
        assert_eq!(expand(r"%userprofile%\go", &env), r"C:\Users\ana\go");
        assert_eq!(expand(r"%NOPE%\go", &env), r"%NOPE%\go");
        assert_eq!(expand("50%", &env), "50%");
        assert_eq!(expand("%%USERPROFILE%", &env), r"%C:\Users\ana");
        assert_eq!(expand("a%SYSTEMDRIVE%b%SYSTEMDRIVE%", &env), "aC:bC:");
        assert_eq!(expand("", &env), "");
    }

    #[test]
    fn user_values_may_refer_to_machine_values() {
        let machine = vec![
            ("GOROOT".to_string(), r"%SystemDrive%\Go".to_string(), true),
            ("Path".to_string(), r"C:\Go\bin".to_string(), false),
        ];
        let user = vec![
            ("GOPATH".to_string(), r"%USERPROFILE%\go".to_string(), true),
            ("GOBIN".to_string(), r"%GOROOT%\bin".to_string(), true),
            ("GOFLAGS".to_string(), "-mod=mod".to_string(), false),
        ];
        let values = go_values(&user, &machine, &env);
        let got: Vec<(&str, &str, &str)> = values
            .iter()
            .map(|v| (v.scope.as_str(), v.name.as_str(), v.effective()))
            .collect();
        assert_eq!(
            got,
            [
                ("machine", "GOROOT", r"C:\Go"),
                ("user", "GOPATH", r"C:\Users\ana\go"),
                ("user", "GOBIN", r"C:\Go\bin"),
                ("user", "GOFLAGS", "-mod=mod"),
            ]
        );
        assert_eq!(values[3].expanded, None);
        assert_eq!(values[1].source, r"HKCU\Environment\GOPATH");
    }
}
