//! Version managers and environment tools recognised from the line that
//! initialises them in a start-up file.

/// `(manager, fragments any of which identifies its init line)`.
const MANAGERS: &[(&str, &[&str])] = &[
    (
        "asdf",
        &[
            "asdf.sh",
            "asdf.fish",
            "asdf.bash",
            ".asdf/shims",
            "asdf exec",
        ],
    ),
    (
        "mise",
        &[
            "mise activate",
            "rtx activate",
            "mise/shims",
            "mise hook-env",
        ],
    ),
    (
        "goenv",
        &["goenv init", ".goenv/", "goenv/bin", "goenv/shims"],
    ),
    ("gvm", &[".gvm/scripts/gvm", "gvm use", "/gvm/scripts"]),
    ("gobrew", &[".gobrew/"]),
    (
        "g",
        &["$HOME/.g/", "~/.g/", ".g/bin", "g-install", ".g/env"],
    ),
    ("homebrew", &["brew shellenv"]),
    ("direnv", &["direnv hook"]),
    ("nix", &["nix-daemon.sh", "nix.sh", ".nix-profile"]),
];

/// The manager a statement initialises or refers to, if recognised.
pub fn recognise_manager(text: &str) -> Option<&'static str> {
    MANAGERS
        .iter()
        .find(|(_, fragments)| fragments.iter().any(|f| text.contains(f)))
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::recognise_manager;

    #[test]
    fn recognises_common_init_lines() {
        for (line, manager) in [
            (r#"eval "$(goenv init -)""#, "goenv"),
            (r#". "$HOME/.asdf/asdf.sh""#, "asdf"),
            (r#"eval "$(~/.local/bin/mise activate bash)""#, "mise"),
            ("mise activate fish | source", "mise"),
            (
                r#"[[ -s "$HOME/.gvm/scripts/gvm" ]] && source "$HOME/.gvm/scripts/gvm""#,
                "gvm",
            ),
            (r#"eval "$(/opt/homebrew/bin/brew shellenv)""#, "homebrew"),
            (r#"[ -s "${HOME}/.g/env" ] && \. "${HOME}/.g/env""#, "g"),
        ] {
            assert_eq!(recognise_manager(line), Some(manager), "{line}");
        }
        assert_eq!(recognise_manager("export GOPATH=$HOME/go"), None);
    }
}
