//! What the probe needs from an executable file: its kind (format, OS, arch)
//! and its Go build info. Reading is delegated to [`crate::binary`] when it
//! offers it; until then only the header is read here.

use gomedic_go::buildinfo::{BuildInfo, ExecutableKind};
use std::io::Read;
use std::path::Path;

/// The format and platform of the executable at `path`, from its first bytes.
pub fn executable_kind(path: &Path) -> Result<ExecutableKind, String> {
    let mut header = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut header))
        .map_err(|e| e.to_string())?;
    Ok(kind_from_header(&header))
}

/// The Go build info embedded in the executable at `path`.
pub fn build_info(_path: &Path) -> Result<BuildInfo, String> {
    Err("build info reader not available".to_string())
}

fn u16_at(b: &[u8], at: usize, little: bool) -> Option<u16> {
    let bytes: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
    Some(if little { u16::from_le_bytes(bytes) } else { u16::from_be_bytes(bytes) })
}

fn u32_at(b: &[u8], at: usize, little: bool) -> Option<u32> {
    let bytes: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(if little { u32::from_le_bytes(bytes) } else { u32::from_be_bytes(bytes) })
}

fn kind(format: &str, goos: Option<&str>, goarch: Option<&str>) -> ExecutableKind {
    ExecutableKind { format: format.to_string(), goos: goos.map(str::to_string), goarch: goarch.map(str::to_string) }
}

/// Classifies an executable by its header bytes.
pub fn kind_from_header(b: &[u8]) -> ExecutableKind {
    if b.starts_with(b"\x7fELF") {
        let little = b.get(5) == Some(&1);
        let is64 = b.get(4) == Some(&2);
        let goos = match b.get(7) {
            Some(0 | 3) => Some("linux"),
            Some(9) => Some("freebsd"),
            Some(12) => Some("openbsd"),
            Some(2) => Some("netbsd"),
            _ => None,
        };
        let goarch = match u16_at(b, 18, little) {
            Some(62) => Some("amd64"),
            Some(3) => Some("386"),
            Some(183) => Some("arm64"),
            Some(40) => Some("arm"),
            Some(243) if is64 => Some("riscv64"),
            Some(21) if little => Some("ppc64le"),
            Some(21) => Some("ppc64"),
            Some(22) => Some("s390x"),
            Some(258) => Some("loong64"),
            Some(8) => Some(match (is64, little) {
                (true, true) => "mips64le",
                (true, false) => "mips64",
                (false, true) => "mipsle",
                (false, false) => "mips",
            }),
            _ => None,
        };
        return kind("elf", goos, goarch);
    }
    let magic_le = u32_at(b, 0, true);
    if matches!(magic_le, Some(0xfeed_facf | 0xfeed_face)) {
        let goarch = match u32_at(b, 4, true) {
            Some(0x0100_0007) => Some("amd64"),
            Some(0x0100_000c) => Some("arm64"),
            Some(7) => Some("386"),
            _ => None,
        };
        return kind("macho", Some("darwin"), goarch);
    }
    if u32_at(b, 0, false) == Some(0xcafe_babe) {
        // Universal (fat) Mach-O: several architectures.
        return kind("macho", Some("darwin"), None);
    }
    if b.starts_with(b"MZ") {
        let pe = u32_at(b, 0x3c, true).map(|o| o as usize);
        if let Some(off) = pe.filter(|o| b.get(*o..*o + 4) == Some(b"PE\0\0")) {
            let goarch = match u16_at(b, off + 4, true) {
                Some(0x8664) => Some("amd64"),
                Some(0x14c) => Some("386"),
                Some(0xaa64) => Some("arm64"),
                Some(0x1c4) => Some("arm"),
                _ => None,
            };
            return kind("pe", Some("windows"), goarch);
        }
        return kind("pe", Some("windows"), None);
    }
    if b.starts_with(b"#!") {
        return kind("script", None, None);
    }
    kind("unknown", None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_garbage() {
        assert_eq!(kind_from_header(b"#!/bin/sh\n").format, "script");
        assert_eq!(kind_from_header(b"").format, "unknown");
        assert_eq!(kind_from_header(b"MZ").format, "pe");
        assert_eq!(kind_from_header(b"\x7fELF").goarch, None);
    }
}
