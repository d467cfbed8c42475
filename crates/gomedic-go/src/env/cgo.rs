//! cgo defaults: the default C compilers, which ports support cgo, and the
//! compiler flags `go env GOGCCFLAGS` shows (`work.Builder.compilerCmd`).

use super::quoted;

/// `cfg.DefaultCC` for official builds (`zdefaultcc.go`).
pub fn default_cc(goos: &str) -> &'static str {
    match goos {
        "darwin" | "ios" | "freebsd" | "openbsd" => "clang",
        _ => "gcc",
    }
}

/// `cfg.DefaultCXX` for official builds.
pub fn default_cxx(goos: &str) -> &'static str {
    match goos {
        "darwin" | "ios" | "freebsd" | "openbsd" => "clang++",
        _ => "g++",
    }
}

/// `internal/platform.CgoSupported`.
pub fn cgo_supported(goos: &str, goarch: &str) -> bool {
    let supported: &[&str] = match goos {
        "aix" => &["ppc64"],
        "android" => &["386", "amd64", "arm", "arm64"],
        "darwin" => &["amd64", "arm64"],
        "dragonfly" => &["amd64"],
        "freebsd" => &["386", "amd64", "arm", "arm64", "riscv64"],
        "illumos" | "solaris" => &["amd64"],
        "ios" => &["amd64", "arm64"],
        "linux" => &[
            "386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le",
            "ppc64le", "riscv64", "s390x",
        ],
        "netbsd" => &["386", "amd64", "arm", "arm64"],
        "openbsd" => &["386", "amd64", "arm", "arm64", "mips64", "ppc64", "riscv64"],
        "windows" => &["386", "amd64", "arm64"],
        _ => &[],
    };
    supported.contains(&goarch)
}

/// The flags whose support `compilerCmd` tests by running the compiler, in order.
pub const TESTED_FLAGS: [&str; 6] = [
    "-fno-caret-diagnostics",
    "-Qunused-arguments",
    "-Wl,--no-gc-sections",
    "-fdebug-prefix-map=a=b",
    "-ffile-prefix-map=a=b",
    "-gno-record-gcc-switches",
];

/// One run of the C compiler that `gccSupportsFlag` makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagTest {
    pub flag: String,
    /// The full command line (compiler words first).
    pub argv: Vec<String>,
}

/// What GOGCCFLAGS depends on.
pub struct CompilerSetup<'a> {
    pub compiler: &'a [String],
    pub goos: &'a str,
    pub goarch: &'a str,
    pub gomips: &'a str,
    pub gomips64: &'a str,
    pub cgo_enabled: bool,
    pub cflags: &'a [String],
    pub ldflags: &'a [String],
    pub dev_null: &'a str,
}

/// The command Go runs to test `flag` (it adds `LC_ALL=C` to the environment
/// and reads stdin from the null device).
pub fn flag_test(setup: &CompilerSetup, flag: &str) -> FlagTest {
    let mut argv: Vec<String> = setup.compiler.to_vec();
    argv.push(flag.to_string());
    if flag.starts_with("-Wl,") {
        argv.extend(setup.ldflags.iter().cloned());
    } else {
        argv.extend(setup.cflags.iter().cloned());
        argv.push("-c".into());
    }
    argv.extend(["-x", "c", "-", "-o", setup.dev_null].map(String::from));
    FlagTest {
        flag: flag.to_string(),
        argv,
    }
}

/// Whether the compiler output means the flag is supported (`gccSupportsFlag`).
/// A compiler that cannot be started prints nothing, which Go takes as support.
pub fn output_means_supported(output: &[u8]) -> bool {
    let text = String::from_utf8_lossy(output);
    ![
        "unrecognized",
        "unknown",
        "unrecognised",
        "is not supported",
        "not recognized",
        "unsupported",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn arch_args(setup: &CompilerSetup) -> Vec<&'static str> {
    let darwin = setup.goos == "darwin";
    match setup.goarch {
        "386" => vec!["-m32"],
        "amd64" if darwin => vec!["-arch", "x86_64", "-m64"],
        "amd64" => vec!["-m64"],
        "arm64" if darwin => vec!["-arch", "arm64"],
        "arm" => vec!["-marm"],
        "s390x" => vec!["-m64", "-march=z196"],
        "mips64" | "mips64le" => match setup.gomips64 {
            "hardfloat" => vec!["-mabi=64", "-mhard-float"],
            "softfloat" => vec!["-mabi=64", "-msoft-float"],
            _ => vec!["-mabi=64"],
        },
        "mips" | "mipsle" => match setup.gomips {
            "hardfloat" => vec![
                "-mabi=32",
                "-march=mips32",
                "-mhard-float",
                "-mfp32",
                "-mno-odd-spreg",
            ],
            "softfloat" => vec!["-mabi=32", "-march=mips32", "-msoft-float"],
            _ => vec!["-mabi=32", "-march=mips32"],
        },
        "loong64" => vec!["-mabi=lp64d"],
        "ppc64" if setup.goos == "aix" => vec!["-maix64"],
        _ => vec![],
    }
}

/// GOGCCFLAGS (`compilerCmd` minus the compiler and `-I .`). `supports` answers
/// the flag tests; `None` when the compiler was not run (the flag is left out).
pub fn gogccflags(
    setup: &CompilerSetup,
    work_dir: &str,
    supports: impl Fn(&str) -> Option<bool>,
) -> String {
    let yes = |flag: &str| supports(flag) == Some(true);
    let mut args: Vec<String> = Vec::new();
    if setup.goos != "windows" {
        args.push("-fPIC".into());
    }
    args.extend(arch_args(setup).into_iter().map(String::from));
    if setup.cgo_enabled {
        args.push(
            if setup.goos == "windows" {
                "-mthreads"
            } else {
                "-pthread"
            }
            .into(),
        );
    }
    if setup.goos == "aix" {
        args.push("-mcmodel=large".into());
    }
    for flag in [
        "-fno-caret-diagnostics",
        "-Qunused-arguments",
        "-Wl,--no-gc-sections",
    ] {
        if yes(flag) {
            args.push(flag.into());
        }
    }
    args.push("-fmessage-length=0".into());
    if yes("-fdebug-prefix-map=a=b") {
        let work = work_dir.trim_end_matches(['/', '\\']);
        if yes("-ffile-prefix-map=a=b") {
            args.push(format!("-ffile-prefix-map={work}=/tmp/go-build"));
        } else {
            args.push(format!("-fdebug-prefix-map={work}=/tmp/go-build"));
        }
    }
    if yes("-gno-record-gcc-switches") {
        args.push("-gno-record-gcc-switches".into());
    }
    if setup.goos == "darwin" || setup.goos == "ios" {
        args.push("-fno-common".into());
    }
    quoted::join_or_spaces(&args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gogccflags_linux_gcc() {
        let compiler = vec!["gcc".to_string()];
        let flags = vec!["-O2".to_string(), "-g".to_string()];
        let setup = CompilerSetup {
            compiler: &compiler,
            goos: "linux",
            goarch: "amd64",
            gomips: "",
            gomips64: "",
            cgo_enabled: true,
            cflags: &flags,
            ldflags: &flags,
            dev_null: "/dev/null",
        };
        let gcc = |f: &str| {
            Some(!matches!(
                f,
                "-fno-caret-diagnostics" | "-Qunused-arguments"
            ))
        };
        assert_eq!(
            gogccflags(&setup, "/tmp/go-build1/", gcc),
            "-fPIC -m64 -pthread -Wl,--no-gc-sections -fmessage-length=0 -ffile-prefix-map=/tmp/go-build1=/tmp/go-build -gno-record-gcc-switches"
        );
        let test = flag_test(&setup, "-Wl,--no-gc-sections");
        assert_eq!(
            test.argv.join(" "),
            "gcc -Wl,--no-gc-sections -O2 -g -x c - -o /dev/null"
        );
        assert!(output_means_supported(b""));
        assert!(!output_means_supported(
            b"gcc: error: unrecognized command-line option"
        ));
    }

    #[test]
    fn darwin_and_windows_shapes() {
        let compiler = vec!["clang".to_string()];
        let setup = CompilerSetup {
            compiler: &compiler,
            goos: "darwin",
            goarch: "arm64",
            gomips: "",
            gomips64: "",
            cgo_enabled: true,
            cflags: &[],
            ldflags: &[],
            dev_null: "/dev/null",
        };
        let flags = gogccflags(&setup, "/var/T/go-build9", |_| Some(true));
        assert!(flags.starts_with("-fPIC -arch arm64 -pthread -fno-caret-diagnostics"));
        assert!(flags.ends_with("-gno-record-gcc-switches -fno-common"));
        let win = CompilerSetup {
            goos: "windows",
            goarch: "amd64",
            cgo_enabled: false,
            ..setup
        };
        assert_eq!(
            gogccflags(&win, "C:\\T\\go-build1", |_| Some(false)),
            "-m64 -fmessage-length=0"
        );
        assert_eq!(default_cc("darwin"), "clang");
        assert_eq!(default_cc("windows"), "gcc");
    }
}
