//! Which mount a directory lives on, and with which options (noexec, ...).
//! Linux: `/proc/self/mountinfo`; macOS: statfs flags; Windows: nothing.

use gomedic_model::snapshot::MountFact;
use std::path::Path;

/// One line of `/proc/self/mountinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountInfoLine {
    pub mount_point: String,
    pub fs_type: String,
    /// Per-mount options (field 6), e.g. `rw`, `nosuid`, `noexec`.
    pub options: Vec<String>,
    pub source: String,
}

/// Decodes the octal escapes mountinfo uses for space, tab, newline and
/// backslash (`\040`, `\011`, `\012`, `\134`); other text is kept as is.
pub fn unescape_octal(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && let Some(digits) = bytes.get(i + 1..i + 4)
            && digits.iter().all(|d| (b'0'..=b'7').contains(d))
        {
            let value = digits
                .iter()
                .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
            if let Ok(byte) = u8::try_from(value) {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses one mountinfo line; `None` for a malformed one.
pub fn parse_mountinfo_line(line: &str) -> Option<MountInfoLine> {
    let fields: Vec<&str> = line.split(' ').collect();
    let separator = fields.iter().position(|f| *f == "-")?;
    if separator < 6 {
        return None;
    }
    Some(MountInfoLine {
        mount_point: unescape_octal(fields[4]),
        options: fields[5].split(',').map(str::to_string).collect(),
        fs_type: unescape_octal(fields.get(separator + 1)?),
        source: unescape_octal(fields.get(separator + 2).copied().unwrap_or("")),
    })
}

/// Parses the whole mountinfo text, skipping malformed lines.
pub fn parse_mountinfo(text: &str) -> Vec<MountInfoLine> {
    text.lines().filter_map(parse_mountinfo_line).collect()
}

/// The mount `path` (absolute, symlinks resolved) lives on: the longest mount
/// point that contains it; of equal ones the last (it hides the earlier).
pub fn mount_for<'a>(mounts: &'a [MountInfoLine], path: &Path) -> Option<&'a MountInfoLine> {
    let mut best: Option<&MountInfoLine> = None;
    for m in mounts {
        if path.starts_with(&m.mount_point)
            && best.is_none_or(|b| {
                Path::new(&m.mount_point).components().count()
                    >= Path::new(&b.mount_point).components().count()
            })
        {
            best = Some(m);
        }
    }
    best
}

/// Converts a mountinfo line into the snapshot's form.
pub fn to_fact(m: &MountInfoLine) -> MountFact {
    MountFact {
        mount_point: m.mount_point.clone(),
        fs_type: m.fs_type.clone(),
        options: m.options.clone(),
        source: Some(m.source.clone()).filter(|s| !s.is_empty()),
    }
}

/// The mount table of this process, read once.
#[derive(Debug, Default)]
pub struct MountTable {
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    lines: Vec<MountInfoLine>,
    /// Why it could not be read.
    pub error: Option<String>,
}

impl MountTable {
    #[cfg(target_os = "linux")]
    pub fn load() -> MountTable {
        match crate::textfile::read_capped(Path::new("/proc/self/mountinfo"), 8 << 20) {
            Ok((bytes, _)) => MountTable {
                lines: parse_mountinfo(&String::from_utf8_lossy(&bytes)),
                error: None,
            },
            Err(e) => MountTable {
                lines: Vec::new(),
                error: Some(format!("/proc/self/mountinfo: {e}")),
            },
        }
    }

    #[cfg(not(target_os = "linux"))]
    pub fn load() -> MountTable {
        MountTable::default()
    }

    /// The mount of an existing, canonical path.
    #[cfg(target_os = "linux")]
    pub fn mount_of(&self, path: &Path) -> Option<MountFact> {
        mount_for(&self.lines, path).map(to_fact)
    }

    /// The mount of an existing path, from statfs (`f_mntonname`, `f_flags`).
    #[cfg(target_os = "macos")]
    pub fn mount_of(&self, path: &Path) -> Option<MountFact> {
        let fs = rustix::fs::statfs(path).ok()?;
        let text = |chars: &[std::ffi::c_char]| {
            let bytes: Vec<u8> = chars
                .iter()
                .take_while(|c| **c != 0)
                .map(|c| *c as u8)
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        // <sys/mount.h>: MNT_RDONLY 0x1, MNT_NOEXEC 0x4, MNT_NOSUID 0x8, MNT_NODEV 0x10.
        let flags = fs.f_flags;
        let mut options = vec![if flags & 0x1 != 0 { "ro" } else { "rw" }.to_string()];
        for (bit, name) in [(0x4u32, "noexec"), (0x8, "nosuid"), (0x10, "nodev")] {
            if flags & bit != 0 {
                options.push(name.to_string());
            }
        }
        Some(MountFact {
            mount_point: text(&fs.f_mntonname),
            fs_type: text(&fs.f_fstypename),
            options,
            source: Some(text(&fs.f_mntfromname)).filter(|s| !s.is_empty()),
        })
    }

    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    pub fn mount_of(&self, _path: &Path) -> Option<MountFact> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lines captured from real systems (a container and a desktop).
    const CAPTURED: &str = "\
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
25 22 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
30 22 0:26 / /tmp rw,nosuid,nodev,noexec shared:5 - tmpfs tmpfs rw,size=8G
31 22 0:27 / /mnt/my\\040drive rw,relatime - fuseblk /dev/sdb1 rw,user_id=0
32 30 0:28 / /tmp/build rw,relatime - tmpfs none rw
33 22 0:29 / /srv/nfs rw,relatime master:3 - nfs4 server:/export rw,vers=4.2
bad line
";

    #[test]
    fn parses_fields_and_escapes() {
        let mounts = parse_mountinfo(CAPTURED);
        assert_eq!(mounts.len(), 6);
        assert_eq!(mounts[2].options, vec!["rw", "nosuid", "nodev", "noexec"]);
        assert_eq!(mounts[3].mount_point, "/mnt/my drive");
        assert_eq!(mounts[3].fs_type, "fuseblk");
        assert_eq!(mounts[5].source, "server:/export");
        assert_eq!(unescape_octal(r"a\134b\011c\0"), "a\\b\tc\\0");
    }

    #[test]
    fn longest_mount_point_wins() {
        let mounts = parse_mountinfo(CAPTURED);
        let at = |p: &str| mount_for(&mounts, Path::new(p)).map(|m| m.mount_point.clone());
        assert_eq!(at("/tmp/x/y").as_deref(), Some("/tmp"));
        assert_eq!(at("/tmp/build/x").as_deref(), Some("/tmp/build"));
        assert_eq!(at("/tmpfoo").as_deref(), Some("/"));
        assert_eq!(at("/mnt/my drive/go").as_deref(), Some("/mnt/my drive"));
        assert!(to_fact(mount_for(&mounts, Path::new("/tmp/a")).unwrap()).has_option("noexec"));
    }
}
