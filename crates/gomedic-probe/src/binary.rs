//! Reading executables on disk without running them: Go build info and the
//! platform an executable is for. Reads only the headers and the build-info
//! blob (through `object::ReadCache`), never the whole file; never panics.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use gomedic_go::buildinfo::{self, BuildInfo, ExecutableKind, ReaderGeneration};

/// The build info of the Go binary at `path`, read like the newest Go does.
/// The error reads like Go's (`could not read Go build info from <path>: ...`).
pub fn read_build_info(path: &Path) -> Result<BuildInfo, String> {
    read_build_info_with(path, ReaderGeneration::Chunked)
}

/// [`read_build_info`] with the blob-finding rules of a given Go release
/// generation (see [`ReaderGeneration::for_release`]).
pub fn read_build_info_with(
    path: &Path,
    generation: ReaderGeneration,
) -> Result<BuildInfo, String> {
    let file = File::open(path)
        .map_err(|e| format!("could not read Go build info: open {}: {e}", path.display()))?;
    let cache = buildinfo::ReadCache::new(file);
    buildinfo::read_from(&cache, generation)
        .map_err(|e| format!("could not read Go build info from {}: {e}", path.display()))
}

/// The format and platform of the executable at `path`, from its first bytes.
/// None when the file cannot be opened or read.
pub fn read_executable_kind(path: &Path) -> Option<ExecutableKind> {
    let mut file = File::open(path).ok()?;
    let mut head = Vec::with_capacity(1024);
    // The PE header is usually within the first few hundred bytes.
    file.by_ref().take(1024).read_to_end(&mut head).ok()?;
    let kind = buildinfo::executable_kind(&head);
    if kind.format == "pe" && kind.goarch.is_none() && head.len() >= 0x40 {
        // The PE header lies further in: read around it.
        let at = u32::from_le_bytes([head[0x3c], head[0x3d], head[0x3e], head[0x3f]]) as u64;
        if at < 1 << 20 {
            let mut file = File::open(path).ok()?;
            let mut all = Vec::new();
            file.by_ref().take(at + 8).read_to_end(&mut all).ok()?;
            return Some(buildinfo::executable_kind(&all));
        }
    }
    Some(kind)
}
