//! Facts about the machine itself: OS and arch in Go's spelling, cwd, home,
//! uid, the temp dir Go uses, WSL.

use gomedic_model::snapshot::Host;
use std::path::PathBuf;

/// Go's spelling (`GOOS`) of the OS gomedic was built for.
pub fn go_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// Go's spelling (`GOARCH`) of the CPU architecture gomedic was built for.
pub fn go_arch() -> &'static str {
    go_arch_from_rust(std::env::consts::ARCH, cfg!(target_endian = "little"))
}

/// Maps a Rust architecture name to Go's.
pub fn go_arch_from_rust(arch: &str, little_endian: bool) -> &str {
    match arch {
        "x86_64" => "amd64",
        "x86" => "386",
        "aarch64" => "arm64",
        "loongarch64" => "loong64",
        "powerpc64" if little_endian => "ppc64le",
        "powerpc64" => "ppc64",
        "mips64" if little_endian => "mips64le",
        "mips" if little_endian => "mipsle",
        other => other,
    }
}

/// `os.TempDir()`: on Unix `$TMPDIR` or `/tmp`; on Windows `GetTempPath`
/// (TMP, TEMP, USERPROFILE, the Windows dir), which the standard library
/// implements the same way.
pub fn temp_dir() -> PathBuf {
    std::env::temp_dir()
}

/// `os.UserHomeDir()`: `%USERPROFILE%` on Windows, `$HOME` elsewhere.
pub fn home_dir() -> Option<String> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(|v| v.to_string_lossy().into_owned())
}

/// Whether `/proc/version` text or the environment says this is WSL.
pub fn is_wsl(proc_version: Option<&str>, wsl_distro_name: Option<&str>) -> bool {
    wsl_distro_name.is_some_and(|v| !v.is_empty())
        || proc_version.is_some_and(|v| {
            let lower = v.to_ascii_lowercase();
            lower.contains("microsoft") || lower.contains("wsl")
        })
}

/// Gathers the host facts.
pub fn probe_host() -> Host {
    let proc_version = if cfg!(target_os = "linux") {
        crate::textfile::read_capped(std::path::Path::new("/proc/version"), 4096)
            .ok()
            .map(|(b, _)| String::from_utf8_lossy(&b).into_owned())
    } else {
        None
    };
    let distro = std::env::var("WSL_DISTRO_NAME").ok();
    Host {
        os: go_os().to_string(),
        arch: go_arch().to_string(),
        cwd: std::env::current_dir()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
        home: home_dir(),
        uid: current_uid(),
        temp_dir: temp_dir().to_string_lossy().into_owned(),
        wsl: is_wsl(proc_version.as_deref(), distro.as_deref()),
    }
}

#[cfg(unix)]
fn current_uid() -> Option<u32> {
    Some(rustix::process::getuid().as_raw())
}

#[cfg(not(unix))]
fn current_uid() -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wsl_detection() {
        assert!(is_wsl(
            Some("Linux version 5.15.153.1-microsoft-standard-WSL2"),
            None
        ));
        assert!(is_wsl(None, Some("Ubuntu")));
        assert!(!is_wsl(
            Some("Linux version 6.8.0-45-generic (buildd@lcy02)"),
            Some("")
        ));
    }

    #[test]
    fn arch_names() {
        assert_eq!(go_arch_from_rust("x86_64", true), "amd64");
        assert_eq!(go_arch_from_rust("aarch64", true), "arm64");
        assert_eq!(go_arch_from_rust("powerpc64", true), "ppc64le");
        assert_eq!(go_arch_from_rust("riscv64", true), "riscv64");
    }
}
