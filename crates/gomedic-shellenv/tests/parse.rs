//! The forms people write in start-up files, parsed.

use gomedic_shellenv::{Kind, Syntax, parse};

type Row = (String, u32, Kind, String, Vec<String>, bool, bool);

/// `(name, line, kind, value, entries, exported, guarded)` of every assignment.
fn summary(syntax: Syntax, text: &str) -> Vec<Row> {
    parse(syntax, text)
        .assignments
        .into_iter()
        .map(|a| {
            (
                a.name,
                a.line,
                a.kind,
                a.value,
                a.entries,
                a.exported,
                a.guarded_by.is_some(),
            )
        })
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

fn row(
    name: &str,
    line: u32,
    kind: Kind,
    value: &str,
    entries: &[&str],
    exported: bool,
    guarded: bool,
) -> Row {
    (
        s(name),
        line,
        kind,
        s(value),
        entries.iter().map(|e| s(e)).collect(),
        exported,
        guarded,
    )
}

#[test]
fn posix_exports_appends_and_later_export() {
    let text = r#"# ~/.profile
export GOPATH="$HOME/gp"
GOROOT=/usr/local/go; export GOROOT
PATH=$PATH:/usr/local/go/bin
export PATH="$HOME/gp/bin:$PATH"
GOFLAGS=-mod=mod
typeset -x CC=clang
declare -x CGO_ENABLED=0
unset GOBIN
PATH+=":/opt/x"
"#;
    assert_eq!(
        summary(Syntax::Posix, text),
        [
            row(
                "GOPATH",
                2,
                Kind::Set,
                "$HOME/gp",
                &["$HOME/gp"],
                true,
                false
            ),
            row("GOROOT", 3, Kind::Set, "/usr/local/go", &[], true, false),
            row(
                "PATH",
                4,
                Kind::Append,
                "/usr/local/go/bin",
                &["/usr/local/go/bin"],
                false,
                false
            ),
            row(
                "PATH",
                5,
                Kind::Prepend,
                "$HOME/gp/bin",
                &["$HOME/gp/bin"],
                true,
                false
            ),
            row("GOFLAGS", 6, Kind::Set, "-mod=mod", &[], false, false),
            row("CC", 7, Kind::Set, "clang", &[], true, false),
            row("CGO_ENABLED", 8, Kind::Set, "0", &[], true, false),
            row("GOBIN", 9, Kind::Unset, "", &[], true, false),
            row(
                "PATH",
                10,
                Kind::Append,
                ":/opt/x",
                &["/opt/x"],
                false,
                false
            ),
        ]
    );
}

#[test]
fn posix_guards_functions_conditionals_and_chains() {
    let text = r#"
if [ -d "$HOME/go" ]; then
    export GOPATH="$HOME/go"
fi
setgo() {
  export GOROOT=/opt/go
}
function other {
  export GOBIN=/x
}
[ -d /usr/local/go ] && export PATH=$PATH:/usr/local/go/bin
for d in /a /b; do PATH=$d:$PATH; done
case "$-" in
  *i*) export GOPROXY=direct ;;
esac
( export GOSUMDB=off )
export GOFLAGS=-v
"#;
    let parsed = parse(Syntax::Posix, text);
    let guarded: Vec<(&str, bool)> = parsed
        .assignments
        .iter()
        .map(|a| (a.name.as_str(), a.guarded_by.is_some()))
        .collect();
    assert_eq!(
        guarded,
        [
            ("GOPATH", true),
            ("GOROOT", true),
            ("GOBIN", true),
            ("PATH", true),
            ("PATH", true),
            ("GOPROXY", true),
            ("GOSUMDB", true),
            ("GOFLAGS", false),
        ]
    );
    let reasons: Vec<&str> = parsed
        .assignments
        .iter()
        .filter_map(|a| a.guarded_by.as_deref())
        .collect();
    assert!(reasons[0].contains("`if`"), "{reasons:?}");
    assert!(reasons[1].contains("`setgo`"), "{reasons:?}");
    assert!(reasons[2].contains("`other`"), "{reasons:?}");
    assert!(reasons[6].contains("subshell"), "{reasons:?}");
}

#[test]
fn posix_sources_and_opaque_lines() {
    let text = r#"
. "$HOME/.asdf/asdf.sh"
[ -f ~/.bashrc ] && source ~/.bashrc
eval "$(goenv init -)"
eval "$(/opt/homebrew/bin/brew shellenv)"
[[ -s "$HOME/.gvm/scripts/gvm" ]] && source "$HOME/.gvm/scripts/gvm"
cat <<EOF >/dev/null
export GOPATH=/in/heredoc
EOF
"#;
    let parsed = parse(Syntax::Posix, text);
    assert!(parsed.assignments.is_empty(), "{:?}", parsed.assignments);
    let sources: Vec<(u32, &str, bool)> = parsed
        .sources
        .iter()
        .map(|s| (s.line, s.path.as_str(), s.guarded_by.is_some()))
        .collect();
    assert_eq!(
        sources,
        [
            (2, "$HOME/.asdf/asdf.sh", false),
            (3, "~/.bashrc", true),
            (6, "$HOME/.gvm/scripts/gvm", true)
        ]
    );
    let managers: Vec<(u32, Option<&str>)> =
        parsed.opaque.iter().map(|o| (o.line, o.manager)).collect();
    assert_eq!(
        managers,
        [
            (2, Some("asdf")),
            (4, Some("goenv")),
            (5, Some("homebrew")),
            (6, Some("gvm"))
        ]
    );
}

#[test]
fn zsh_path_arrays() {
    let text = "typeset -U path\npath=(/opt/go/bin $path)\npath+=(~/go/bin)\nexport PATH\n";
    assert_eq!(
        summary(Syntax::Posix, text),
        [
            row(
                "PATH",
                2,
                Kind::Prepend,
                "/opt/go/bin",
                &["/opt/go/bin"],
                true,
                false
            ),
            row(
                "PATH",
                3,
                Kind::Append,
                "~/go/bin",
                &["~/go/bin"],
                true,
                false
            ),
        ]
    );
}

#[test]
fn set_a_exports_plain_assignments() {
    let text = "set -a\nGOPROXY=direct\nset +a\nGONOSUMDB=x\n";
    let got = summary(Syntax::Posix, text);
    assert_eq!((got[0].5, got[1].5), (true, false));
}

#[test]
fn fish_forms() {
    let text = r#"
set -gx GOPATH $HOME/gp
set -x PATH $PATH /usr/local/go/bin
set -gx PATH /opt/bin $PATH
fish_add_path ~/go/bin
fish_add_path -a /x/bin
set -e GOROOT
set -Ux GOPROXY https://proxy.golang.org,direct
set -l LOCALONLY 1
if status is-interactive
    set -gx GOFLAGS -mod=mod
end
function f
    set -gx GOBIN /b
end
mise activate fish | source
status is-login; and set -gx CC clang
"#;
    assert_eq!(
        summary(Syntax::Fish, text),
        [
            row(
                "GOPATH",
                2,
                Kind::Set,
                "$HOME/gp",
                &["$HOME/gp"],
                true,
                false
            ),
            row(
                "PATH",
                3,
                Kind::Append,
                "/usr/local/go/bin",
                &["/usr/local/go/bin"],
                true,
                false
            ),
            row(
                "PATH",
                4,
                Kind::Prepend,
                "/opt/bin",
                &["/opt/bin"],
                true,
                false
            ),
            row(
                "PATH",
                5,
                Kind::Prepend,
                "~/go/bin",
                &["~/go/bin"],
                true,
                false
            ),
            row("PATH", 6, Kind::Append, "/x/bin", &["/x/bin"], true, false),
            row("GOROOT", 7, Kind::Unset, "", &[], false, false),
            row(
                "GOPROXY",
                8,
                Kind::Set,
                "https://proxy.golang.org,direct",
                &[],
                true,
                false
            ),
            row("GOFLAGS", 11, Kind::Set, "-mod=mod", &[], true, true),
            row("GOBIN", 14, Kind::Set, "/b", &[], true, true),
            row("CC", 17, Kind::Set, "clang", &[], true, true),
        ]
    );
    let opaque = parse(Syntax::Fish, text).opaque;
    assert_eq!(opaque.len(), 1, "{opaque:?}");
    assert_eq!((opaque[0].line, opaque[0].manager), (16, Some("mise")));
}

#[test]
fn key_value_files() {
    assert_eq!(
        summary(
            Syntax::EtcEnvironment,
            "PATH=\"/usr/local/sbin:/usr/bin\"\n# c\nexport GOPROXY=direct\n"
        ),
        [
            row(
                "PATH",
                1,
                Kind::Set,
                "/usr/local/sbin:/usr/bin",
                &["/usr/local/sbin", "/usr/bin"],
                true,
                false
            ),
            row("GOPROXY", 3, Kind::Set, "direct", &[], true, false),
        ]
    );
    assert_eq!(
        summary(
            Syntax::PamEnvironment,
            "GOPATH DEFAULT=@{HOME}/gp\nGOFLAGS OVERRIDE=\"-v\" DEFAULT=-x\nCC=gcc\n"
        ),
        [
            row(
                "GOPATH",
                1,
                Kind::Set,
                "@{HOME}/gp",
                &["@{HOME}/gp"],
                true,
                false
            ),
            row("GOFLAGS", 2, Kind::Set, "-v", &[], true, false),
            row("CC", 3, Kind::Set, "gcc", &[], true, false),
        ]
    );
    assert_eq!(
        summary(
            Syntax::EnvironmentD,
            "PATH=$PATH:/home/u/go/bin\nGOPATH=${HOME}/gp\n"
        ),
        [
            row(
                "PATH",
                1,
                Kind::Append,
                "/home/u/go/bin",
                &["/home/u/go/bin"],
                true,
                false
            ),
            row(
                "GOPATH",
                2,
                Kind::Set,
                "${HOME}/gp",
                &["${HOME}/gp"],
                true,
                false
            ),
        ]
    );
    assert_eq!(
        summary(Syntax::PathsFile, "/usr/local/bin\n\n/usr/local/go/bin\n"),
        [
            row(
                "PATH",
                1,
                Kind::Prepend,
                "/usr/local/bin",
                &["/usr/local/bin"],
                true,
                false
            ),
            row(
                "PATH",
                3,
                Kind::Prepend,
                "/usr/local/go/bin",
                &["/usr/local/go/bin"],
                true,
                false
            ),
        ]
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,200}") {
        for syntax in [Syntax::Posix, Syntax::Fish, Syntax::EtcEnvironment, Syntax::PamEnvironment, Syntax::EnvironmentD, Syntax::PathsFile] {
            let _ = parse(syntax, &text);
        }
    }

    #[test]
    fn never_panics_on_shell_like_text(text in "[a-zA-Z_=$(){}\\[\\]'\"`\\\\;&|<>#~:/ \n-]{0,120}") {
        let _ = parse(Syntax::Posix, &text);
        let _ = parse(Syntax::Fish, &text);
    }
}
