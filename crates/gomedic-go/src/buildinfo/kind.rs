//! The format and target platform of an executable, from its header alone.

use super::ExecutableKind;

fn kind(format: &str, goos: Option<&str>, goarch: Option<&str>) -> ExecutableKind {
    ExecutableKind {
        format: format.to_string(),
        goos: goos.map(str::to_string),
        goarch: goarch.map(str::to_string),
    }
}

/// Reads the first bytes of a file (64 are enough for ELF and Mach-O; PE
/// needs the bytes up to its `PE\0\0` header, usually within 256).
pub fn executable_kind(data: &[u8]) -> ExecutableKind {
    if data.starts_with(b"#!") {
        return kind("script", None, None);
    }
    if data.starts_with(b"\x7fELF") {
        return elf_kind(data);
    }
    if data.starts_with(b"MZ") {
        return pe_kind(data);
    }
    if data.len() >= 4 {
        let magic = [data[0], data[1], data[2], data[3]];
        match magic {
            [0xfe, 0xed, 0xfa, 0xce | 0xcf] => return macho_kind(u32_at(data, 4, true)),
            [0xce | 0xcf, 0xfa, 0xed, 0xfe] => return macho_kind(u32_at(data, 4, false)),
            [0xca, 0xfe, 0xba, 0xbe]
                if data.len() >= 12 && u32_at(data, 4, true).is_some_and(|n| n < 64) =>
            {
                // Fat Mach-O (a Java class file has a large count here): first arch.
                return macho_kind(u32_at(data, 8, true));
            }
            _ => {}
        }
    }
    kind("unknown", None, None)
}

fn u32_at(data: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
    Some(if big_endian {
        u32::from_be_bytes(bytes)
    } else {
        u32::from_le_bytes(bytes)
    })
}

fn u16_at(data: &[u8], at: usize, big_endian: bool) -> Option<u16> {
    let bytes: [u8; 2] = data.get(at..at + 2)?.try_into().ok()?;
    Some(if big_endian {
        u16::from_be_bytes(bytes)
    } else {
        u16::from_le_bytes(bytes)
    })
}

fn elf_kind(data: &[u8]) -> ExecutableKind {
    let is_64 = data.get(4) == Some(&2);
    let big_endian = data.get(5) == Some(&2);
    let goos = match data.get(7) {
        Some(0 | 3) => Some("linux"),
        Some(2) => Some("netbsd"),
        Some(6) => Some("solaris"),
        Some(9) => Some("freebsd"),
        Some(12) => Some("openbsd"),
        _ => None,
    };
    let goarch =
        u16_at(data, 18, big_endian).and_then(|machine| match (machine, is_64, big_endian) {
            (3, _, _) => Some("386"),
            (62, _, _) => Some("amd64"),
            (40, _, _) => Some("arm"),
            (183, _, _) => Some("arm64"),
            (243, true, _) => Some("riscv64"),
            (21, true, false) => Some("ppc64le"),
            (21, true, true) => Some("ppc64"),
            (22, true, _) => Some("s390x"),
            (258, true, _) => Some("loong64"),
            (8, false, true) => Some("mips"),
            (8, false, false) => Some("mipsle"),
            (8, true, true) => Some("mips64"),
            (8, true, false) => Some("mips64le"),
            _ => None,
        });
    kind("elf", goos, goarch)
}

fn macho_kind(cputype: Option<u32>) -> ExecutableKind {
    let goarch = cputype.and_then(|cpu| match cpu {
        7 => Some("386"),
        0x0100_0007 => Some("amd64"),
        12 => Some("arm"),
        0x0100_000c => Some("arm64"),
        0x0100_0012 => Some("ppc64"),
        _ => None,
    });
    kind("macho", Some("darwin"), goarch)
}

fn pe_kind(data: &[u8]) -> ExecutableKind {
    let goarch = u32_at(data, 0x3c, false).and_then(|pe_at| {
        let pe_at = pe_at as usize;
        if data.get(pe_at..pe_at + 4)? != b"PE\0\0" {
            return None;
        }
        match u16_at(data, pe_at + 4, false)? {
            0x14c => Some("386"),
            0x8664 => Some("amd64"),
            0x1c4 => Some("arm"),
            0xaa64 => Some("arm64"),
            _ => None,
        }
    });
    kind("pe", Some("windows"), goarch)
}
