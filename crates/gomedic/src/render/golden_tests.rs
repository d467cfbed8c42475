//! Snapshot-style tests of the text renderers: hand-built data in, the exact
//! text out (colours stripped, as with NO_COLOR or a pipe).

use super::TextOptions;
use super::report_text::write_report;
use super::which_text::write_which;
use crate::commands::which::WhichView;
use gomedic_go::buildinfo::{BuildInfo, ExecutableKind};
use gomedic_model::snapshot::{GoBinary, Host, PathEntry, RunResult};
use gomedic_model::{Evidence, Finding, Fix, Report, Severity, Snapshot};

fn report() -> Report {
    Report::new(
        "this machine",
        vec![
            Finding {
                id: "env/goroot-set".into(),
                severity: Severity::Warning,
                title: "GOROOT is exported as /usr/lib/go-1.21 though go finds its own root".into(),
                evidence: vec![
                    Evidence::new("GOROOT", "/usr/lib/go-1.21", "process environment"),
                    Evidence::new("go's own root", "/usr/local/go", "/usr/local/go/bin/go"),
                ],
                explanation: "A GOROOT that is set by hand goes stale\nwhen Go is upgraded.".into(),
                fixes: vec![Fix::new("Stop exporting GOROOT.").with_command("unset GOROOT")],
            },
            Finding {
                id: "toolchain/go-shadowed".into(),
                severity: Severity::Error,
                title: "2 go on PATH: /usr/local/go/bin/go (go1.22.10) runs, /usr/bin/go (go1.21.13) is shadowed"
                    .into(),
                evidence: vec![Evidence::new("PATH", "/usr/local/go/bin:/usr/bin", "process environment")],
                explanation: "The first go on PATH runs.".into(),
                fixes: vec![
                    Fix::new("Remove the older Go.").with_command("sudo apt remove golang-1.21-go"),
                    Fix::new("Keep /usr/local/go/bin first on PATH."),
                ],
            },
            Finding {
                id: "modules/goproxy-off".into(),
                severity: Severity::Info,
                title: "GOPROXY=off".into(),
                evidence: vec![],
                explanation: String::new(),
                fixes: vec![Fix::new("Unset it.")],
            },
        ],
    )
}

fn render_report(options: TextOptions) -> String {
    let mut out = Vec::new();
    write_report(&mut out, &report(), options).unwrap();
    anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string()
}

#[test]
fn report_text() {
    let expected = "\
gomedic check: this machine

toolchain
  ✖ error   toolchain/go-shadowed
      2 go on PATH: /usr/local/go/bin/go (go1.22.10) runs, /usr/bin/go (go1.21.13) is shadowed
      fix 1: Remove the older Go.
          $ sudo apt remove golang-1.21-go
      fix 2: Keep /usr/local/go/bin first on PATH.

env
  ⚠ warning env/goroot-set
      GOROOT is exported as /usr/lib/go-1.21 though go finds its own root
      fix: Stop exporting GOROOT.
          $ unset GOROOT

modules
  ℹ info    modules/goproxy-off
      GOPROXY=off
      fix: Unset it.

1 error, 1 warning, 1 info in 3 areas (toolchain, env, modules)
Run with -v for the evidence, or `gomedic explain ID` for the details of one finding.
";
    assert_eq!(render_report(TextOptions::default()), expected);
}

#[test]
fn report_text_verbose_ascii() {
    let expected = "\
gomedic check: this machine

toolchain
  [x] error   toolchain/go-shadowed
      2 go on PATH: /usr/local/go/bin/go (go1.22.10) runs, /usr/bin/go (go1.21.13) is shadowed
      evidence:
        PATH  /usr/local/go/bin:/usr/bin  (process environment)
      fix 1: Remove the older Go.
          $ sudo apt remove golang-1.21-go
      fix 2: Keep /usr/local/go/bin first on PATH.
      why:
        The first go on PATH runs.

env
  [!] warning env/goroot-set
      GOROOT is exported as /usr/lib/go-1.21 though go finds its own root
      evidence:
        GOROOT         /usr/lib/go-1.21  (process environment)
        go's own root  /usr/local/go  (/usr/local/go/bin/go)
      fix: Stop exporting GOROOT.
          $ unset GOROOT
      why:
        A GOROOT that is set by hand goes stale
        when Go is upgraded.

modules
  [i] info    modules/goproxy-off
      GOPROXY=off
      fix: Unset it.

1 error, 1 warning, 1 info in 3 areas (toolchain, env, modules)
";
    assert_eq!(
        render_report(TextOptions {
            verbose: true,
            ascii: true
        }),
        expected
    );
}

#[test]
fn colours_are_emitted_for_the_stream_to_keep_or_strip() {
    let mut out = Vec::new();
    write_report(&mut out, &report(), TextOptions::default()).unwrap();
    let raw = String::from_utf8(out).unwrap();
    assert!(
        raw.contains("\u{1b}[1m\u{1b}[31m✖"),
        "error mark is bold red: {raw:?}"
    );
}

fn go(path: &str, index: Option<usize>, version: &str, goroot: &str) -> GoBinary {
    GoBinary {
        path: path.into(),
        path_index: index,
        real_path: Some(path.into()),
        executable: Some(ExecutableKind {
            format: "elf".into(),
            goos: Some("linux".into()),
            goarch: Some("amd64".into()),
        }),
        build_info: Some(BuildInfo {
            go_version: version.into(),
            ..BuildInfo::default()
        }),
        inferred_goroot: Some(goroot.into()),
        ..GoBinary::default()
    }
}

#[test]
fn which_text() {
    let mut broken = go("/usr/bin/go", Some(2), "go1.21.13", "/usr/lib/go-1.21");
    broken.real_path = Some("/usr/lib/go-1.21/bin/go".into());
    broken.run = Some(RunResult {
        command: "/usr/bin/go version".into(),
        exit_code: Some(2),
        stderr: "go: cannot find GOROOT directory\n".into(),
        ..RunResult::default()
    });
    let snapshot = Snapshot {
        host: Host {
            os: "linux".into(),
            arch: "amd64".into(),
            home: Some("/home/u".into()),
            ..Host::default()
        },
        installs: gomedic_model::installs::InstallFacts {
            binaries: vec![gomedic_model::installs::BinaryInstallFact {
                path: "/usr/bin/go".into(),
                dpkg_package: Some("golang-1.21-go".into()),
                ..Default::default()
            }],
            ..Default::default()
        },
        path_entries: ["/home/u/bin", "/usr/local/go/bin", "/usr/bin"]
            .iter()
            .map(|raw| PathEntry {
                raw: raw.to_string(),
                ..PathEntry::default()
            })
            .collect(),
        go_binaries: vec![
            GoBinary {
                root_version: Some("go1.22.10".into()),
                ..go(
                    "/usr/local/go/bin/go",
                    Some(1),
                    "go1.22.10",
                    "/usr/local/go",
                )
            },
            broken,
            go(
                "/home/u/sdk/go1.27.3/bin/go",
                None,
                "go1.27.3",
                "/home/u/sdk/go1.27.3",
            ),
        ],
        active_go: Some(0),
        ..Snapshot::default()
    };
    let mut out = Vec::new();
    write_which(&mut out, &WhichView::from_snapshot(&snapshot), false).unwrap();
    let text = anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string();
    let expected = "\
go on PATH, in order (the first one runs)
→ #2 /usr/local/go/bin/go  go1.22.10  linux/amd64  [runs]
      GOROOT:    /usr/local/go
      source:    official archive
  #3 /usr/bin/go  go1.21.13  linux/amd64  [shadowed]
      real path: /usr/lib/go-1.21/bin/go
      GOROOT:    /usr/lib/go-1.21
      source:    Debian/Ubuntu package golang-1.21-go
      ✖ cannot run: `/usr/bin/go version` exited with status 2: go: cannot find GOROOT directory

Installed but not on PATH
  /home/u/sdk/go1.27.3/bin/go  go1.27.3  linux/amd64  [off PATH]
      GOROOT:    /home/u/sdk/go1.27.3
      source:    golang.org/dl 1.27.3

/usr/local/go/bin/go runs: it is the first go on PATH (PATH entry #2, /usr/local/go/bin). \
1 other go later on PATH is shadowed.
";
    assert_eq!(text, expected);
}
