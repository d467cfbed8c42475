//! Files that hold environment variables only: `/etc/environment`,
//! `~/.pam_environment`, systemd `environment.d`, macOS `/etc/paths`.

use crate::value::{classify, is_list_variable};
use crate::{Assignment, Kind, Parsed, is_name};

fn lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn strip_matching_quotes(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

fn set(name: &str, line: u32, value: &str) -> Assignment {
    Assignment {
        name: name.to_string(),
        line,
        kind: Kind::Set,
        value: value.to_string(),
        entries: if is_list_variable(name) {
            value.split(':').map(str::to_string).collect()
        } else {
            Vec::new()
        },
        exported: true,
        guarded_by: None,
    }
}

/// pam_env reading `/etc/environment` (`readenv`): `[export ]KEY=VALUE`,
/// one pair of surrounding quotes removed, no expansion.
pub fn parse_etc_environment(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for (line, l) in lines(text) {
        let l = l.strip_prefix("export ").map_or(l, str::trim_start);
        let Some((key, value)) = l.split_once('=') else {
            continue;
        };
        if is_name(key) {
            out.assignments
                .push(set(key, line, strip_matching_quotes(value.trim_end())));
        }
    }
    out
}

/// pam_env's user file: `NAME [DEFAULT=value] [OVERRIDE=value]`; also plain
/// `KEY=VALUE`. OVERRIDE wins over DEFAULT. `${VAR}` and `@{HOME}` are kept as written.
pub fn parse_pam_environment(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for (line, l) in lines(text) {
        let mut fields = l.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if let Some((key, value)) = first.split_once('=')
            && is_name(key)
        {
            out.assignments
                .push(set(key, line, strip_matching_quotes(value)));
            continue;
        }
        if !is_name(first) {
            continue;
        }
        let rest = l[first.len()..].trim();
        let field = |label: &str| -> Option<String> {
            let at = rest.find(&format!("{label}="))?;
            let value = &rest[at + label.len() + 1..];
            let value = if let Some(q) = value.strip_prefix('"') {
                q.split('"').next().unwrap_or("")
            } else {
                value.split_whitespace().next().unwrap_or("")
            };
            Some(value.to_string())
        };
        if let Some(value) = field("OVERRIDE").or_else(|| field("DEFAULT")) {
            out.assignments.push(set(first, line, &value));
        }
    }
    out
}

/// systemd `environment.d/*.conf`: `KEY=VALUE`, quotes removed, `$KEY` /
/// `${KEY}` refer to earlier values (so `PATH=$PATH:/x` appends).
pub fn parse_environment_d(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for (line, l) in lines(text) {
        let Some((key, value)) = l.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if !is_name(key) {
            continue;
        }
        let value = strip_matching_quotes(value.trim());
        for (kind, value, entries) in classify(key, value) {
            out.assignments.push(Assignment {
                name: key.to_string(),
                line,
                kind,
                value,
                entries,
                exported: true,
                guarded_by: None,
            });
        }
    }
    out
}

/// macOS `/etc/paths` and `/etc/paths.d/*`: each line a directory that
/// `path_helper` (run by login shells from /etc/profile and /etc/zprofile)
/// puts at the front of PATH.
pub fn parse_paths_file(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for (line, l) in lines(text) {
        out.assignments.push(Assignment {
            name: "PATH".to_string(),
            line,
            kind: Kind::Prepend,
            value: l.to_string(),
            entries: vec![l.to_string()],
            exported: true,
            guarded_by: None,
        });
    }
    out
}
