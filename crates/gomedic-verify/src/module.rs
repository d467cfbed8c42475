//! One module version, checked like `go mod verify` (`modcmd/verify.go:
//! verifyMod`), plus what Go does not say: which files differ.
//!
//! Go's rules, reproduced exactly:
//! - the extracted directory counts as absent when it is missing, is not a
//!   directory, has a `.partial` file beside the zip, or has no `.ziphash`
//!   (`modfetch.DownloadDir`);
//! - no `.ziphash`: fine when neither the zip nor the directory is there,
//!   else `missing ziphash`;
//! - a zip is hashed with `HashZip` and compared with the `.ziphash` value
//!   (white space trimmed); an unreadable zip ends the module's check;
//! - a present directory is hashed with `HashDir` and compared too.
//!
//! Speed: each zip entry is decompressed once and compared byte for byte
//! with its extracted file while both are hashed as one stream; the file is
//! hashed separately only from the first differing chunk on.

use crate::layout::{CachedModule, ModCache};
use crate::tree::{self, TreeFile, io_text};
use crate::zipread::ModZip;
use gomedic_go::dirhash::{self, FileDigest};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Bytes read at a time from a zip entry or a file.
const CHUNK: usize = 64 * 1024;

/// What is wrong with a module, in the categories `go mod verify` uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Problem {
    /// The zip or directory exists but `.ziphash` does not.
    MissingZiphash { error: String },
    /// The zip's content hash is not the `.ziphash` value.
    ZipModified { zip_hash: String },
    /// The extracted tree's hash is not the `.ziphash` value.
    DirModified { dir_hash: String },
    /// The zip could not be read or hashed.
    ZipUnreadable { error: String },
    /// The directory could not be walked or a file not read.
    DirUnreadable { error: String },
}

/// The result for one module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleResult {
    pub path: String,
    pub version: String,
    /// The zip, when it exists.
    pub zip: Option<String>,
    /// The extracted directory, when the go command would use it.
    pub dir: Option<String>,
    /// The `.ziphash` value (trimmed), when readable.
    pub ziphash: Option<String>,
    pub problems: Vec<Problem>,
    /// The lines `go mod verify` prints for this module (without `go: `).
    pub go_errors: Vec<String>,
    /// Files whose content differs from the zip's.
    pub modified: Vec<String>,
    /// Files in the directory the zip does not have.
    pub added: Vec<String>,
    /// Zip entries missing from the directory (directory entries end in `/`).
    pub removed: Vec<String>,
    /// Content bytes hashed or compared.
    pub bytes_read: u64,
}

impl ModuleResult {
    fn new(path: &str, version: &str) -> ModuleResult {
        ModuleResult {
            path: path.to_string(),
            version: version.to_string(),
            zip: None,
            dir: None,
            ziphash: None,
            problems: Vec::new(),
            go_errors: Vec::new(),
            modified: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
            bytes_read: 0,
        }
    }

    /// True when `go mod verify` reports this module.
    pub fn failed(&self) -> bool {
        !self.go_errors.is_empty()
    }

    fn fail(&mut self, problem: Problem, go_text: String) {
        self.problems.push(problem);
        self.go_errors
            .push(format!("{} {}: {go_text}", self.path, self.version));
    }
}

/// Checks `path@version` in `cache` like `go mod verify`.
pub fn verify_module(cache: &ModCache, path: &str, version: &str) -> ModuleResult {
    let mut result = ModuleResult::new(path, version);
    let module = match cache.module(path, version) {
        Ok(m) => m,
        Err(e) => {
            result.fail(Problem::ZipUnreadable { error: e.clone() }, e);
            return result;
        }
    };
    let zip_exists = match std::fs::metadata(&module.zip) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    let dir_present = dir_usable(&module);
    let ziphash = match read_small(&module.ziphash) {
        Ok(data) => dirhash::ziphash_value(&data),
        Err(e) => {
            if zip_exists || dir_present {
                let error = format!("open {}: {}", module.ziphash.display(), io_text(&e));
                result.fail(
                    Problem::MissingZiphash {
                        error: error.clone(),
                    },
                    format!("missing ziphash: {error}"),
                );
            }
            return result;
        }
    };
    result.ziphash = Some(ziphash.clone());
    if zip_exists {
        result.zip = Some(module.zip.display().to_string());
    }
    if dir_present {
        result.dir = Some(module.dir.display().to_string());
    }
    hash_and_compare(&module, zip_exists, dir_present, &ziphash, &mut result);
    result
}

/// Whether `modfetch.DownloadDir` returns the directory without an error.
fn dir_usable(module: &CachedModule) -> bool {
    let is_dir = std::fs::metadata(&module.dir).is_ok_and(|m| m.is_dir());
    let partial = match std::fs::symlink_metadata(&module.partial) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    let ziphash = !matches!(std::fs::metadata(&module.ziphash), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    is_dir && !partial && ziphash
}

/// Reads a file of at most 64 KiB (a `.ziphash`).
fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut data = Vec::new();
    file.take(64 * 1024).read_to_end(&mut data)?;
    Ok(data)
}

/// One unit of hashing work: a zip entry, a file, or both (same name).
struct Task {
    zip_index: Option<usize>,
    file: Option<usize>,
}

#[derive(Default)]
struct TaskOutput {
    zip: Option<Result<[u8; 32], String>>,
    file: Option<Result<[u8; 32], String>>,
    bytes: u64,
}

fn hash_and_compare(
    module: &CachedModule,
    zip_exists: bool,
    dir_present: bool,
    ziphash: &str,
    result: &mut ModuleResult,
) {
    let zip = if zip_exists {
        match ModZip::open(&module.zip) {
            Ok(z) => Some(z),
            Err(e) => {
                result.fail(Problem::ZipUnreadable { error: e.clone() }, e);
                return;
            }
        }
    } else {
        None
    };
    let files: Result<Vec<TreeFile>, String> = if dir_present {
        tree::files(&module.dir)
    } else {
        Ok(Vec::new())
    };
    let empty = Vec::new();
    let tree_files = files.as_ref().unwrap_or(&empty);

    // The last entry of each name provides the content (HashZip's map).
    let mut last_of_name: HashMap<&[u8], usize> = HashMap::new();
    if let Some(z) = &zip {
        for (i, e) in z.entries.iter().enumerate() {
            last_of_name.insert(&e.name, i);
        }
    }
    let full_names: Vec<Vec<u8>> = tree_files
        .iter()
        .map(|f| {
            let mut n = module.prefix.as_bytes().to_vec();
            n.push(b'/');
            n.extend_from_slice(&f.rel);
            n
        })
        .collect();
    let mut tasks = Vec::new();
    let mut paired: HashMap<usize, usize> = HashMap::new();
    for (fi, name) in full_names.iter().enumerate() {
        let zi = last_of_name.get(name.as_slice()).copied();
        if let Some(zi) = zi {
            paired.insert(zi, fi);
        }
        tasks.push(Task {
            zip_index: zi,
            file: Some(fi),
        });
    }
    for &zi in last_of_name.values() {
        if !paired.contains_key(&zi) {
            tasks.push(Task {
                zip_index: Some(zi),
                file: None,
            });
        }
    }

    let outputs: Vec<TaskOutput> = tasks
        .par_iter()
        .map_init(
            || (zip.clone(), vec![0u8; CHUNK], vec![0u8; CHUNK]),
            |(z, zbuf, fbuf), task| run_task(task, z.as_mut(), tree_files, zbuf, fbuf),
        )
        .collect();

    let mut zip_digest: HashMap<usize, [u8; 32]> = HashMap::new();
    let mut file_digest: Vec<Option<[u8; 32]>> = vec![None; tree_files.len()];
    let mut zip_error = None;
    let mut file_error = None;
    for (task, out) in tasks.iter().zip(outputs) {
        result.bytes_read += out.bytes;
        match (task.zip_index, out.zip) {
            (Some(zi), Some(Ok(d))) => {
                zip_digest.insert(zi, d);
            }
            (Some(_), Some(Err(e))) => {
                zip_error.get_or_insert(e);
            }
            _ => {}
        }
        match (task.file, out.file) {
            (Some(fi), Some(Ok(d))) => file_digest[fi] = Some(d),
            (Some(_), Some(Err(e))) => {
                file_error.get_or_insert(e);
            }
            _ => {}
        }
    }

    let mut zip_files = Vec::new();
    if let Some(z) = &zip {
        if let Some(e) = zip_error {
            result.fail(Problem::ZipUnreadable { error: e.clone() }, e);
            return;
        }
        for e in &z.entries {
            let index = last_of_name[e.name.as_slice()];
            zip_files.push(FileDigest {
                name: e.name.clone(),
                sha256: zip_digest[&index],
            });
        }
        match dirhash::hash1(&zip_files) {
            Ok(h) if h == ziphash => {}
            Ok(h) => result.fail(
                Problem::ZipModified { zip_hash: h },
                format!("zip has been modified ({})", module.zip.display()),
            ),
            Err(e) => {
                result.fail(
                    Problem::ZipUnreadable {
                        error: e.to_string(),
                    },
                    e.to_string(),
                );
                return;
            }
        }
    }
    if !dir_present {
        return;
    }
    let error = match (&files, file_error) {
        (Err(e), _) => Some(e.clone()),
        (_, Some(e)) => Some(e),
        _ => None,
    };
    if let Some(e) = error {
        result.fail(Problem::DirUnreadable { error: e.clone() }, e);
        return;
    }
    let dir_files: Vec<FileDigest> = full_names
        .iter()
        .zip(&file_digest)
        .map(|(name, d)| FileDigest {
            name: name.clone(),
            sha256: d.unwrap_or_default(),
        })
        .collect();
    match dirhash::hash1(&dir_files) {
        Ok(h) if h == ziphash => {}
        Ok(h) => {
            result.fail(
                Problem::DirModified { dir_hash: h },
                format!("dir has been modified ({})", module.dir.display()),
            );
            if zip.is_some() {
                describe_changes(result, &module.prefix, &zip_files, &dir_files);
            }
        }
        Err(e) => result.fail(
            Problem::DirUnreadable {
                error: e.to_string(),
            },
            e.to_string(),
        ),
    }
}

/// Fills `modified`, `added`, `removed` by comparing the tree with the zip.
fn describe_changes(
    result: &mut ModuleResult,
    prefix: &str,
    zip_files: &[FileDigest],
    dir_files: &[FileDigest],
) {
    let strip = |name: &[u8]| {
        let rel = name
            .strip_prefix(prefix.as_bytes())
            .and_then(|r| r.strip_prefix(b"/"))
            .unwrap_or(name);
        String::from_utf8_lossy(rel).into_owned()
    };
    let in_zip: HashMap<&[u8], [u8; 32]> = zip_files
        .iter()
        .map(|f| (f.name.as_slice(), f.sha256))
        .collect();
    let on_disk: HashMap<&[u8], [u8; 32]> = dir_files
        .iter()
        .map(|f| (f.name.as_slice(), f.sha256))
        .collect();
    for f in dir_files {
        match in_zip.get(f.name.as_slice()) {
            Some(d) if *d != f.sha256 => result.modified.push(strip(&f.name)),
            Some(_) => {}
            None => result.added.push(strip(&f.name)),
        }
    }
    for f in zip_files {
        if !on_disk.contains_key(f.name.as_slice()) {
            let name = strip(&f.name);
            if !result.removed.contains(&name) {
                result.removed.push(name);
            }
        }
    }
    result.modified.sort();
    result.added.sort();
    result.removed.sort();
}

fn run_task(
    task: &Task,
    zip: Option<&mut ModZip>,
    files: &[TreeFile],
    zbuf: &mut [u8],
    fbuf: &mut [u8],
) -> TaskOutput {
    let mut out = TaskOutput::default();
    let file_path = task.file.map(|i| files[i].path.as_path());
    let mut file = file_path.map(open_regular);
    let mut entry = match (task.zip_index, zip) {
        (Some(i), Some(z)) => Some(z.entry_reader(i)),
        _ => None,
    };
    let mut zip_hasher = Sha256::new();
    // None while the file equals the zip entry so far.
    let mut file_hasher: Option<Sha256> = None;
    let mut zip_state: Option<Result<(), String>> = match &entry {
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(Err(e.clone())),
        None => Some(Ok(())),
    };
    let mut file_state: Option<Result<(), String>> = match &file {
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(Err(e.clone())),
        None => Some(Ok(())),
    };
    if task.file.is_none() || matches!(file_state, Some(Err(_))) {
        file_hasher = Some(Sha256::new());
    }
    loop {
        let zn = match (&mut entry, &zip_state) {
            (Some(Ok(r)), None) => match fill(r, zbuf) {
                Ok(n) => {
                    if n < zbuf.len() {
                        zip_state = Some(Ok(()));
                    }
                    n
                }
                Err(e) => {
                    zip_state = Some(Err(format!("zip: {e}")));
                    0
                }
            },
            _ => 0,
        };
        let fnn = match (&mut file, &file_state) {
            (Some(Ok(f)), None) => match fill(f, fbuf) {
                Ok(n) => {
                    if n < fbuf.len() {
                        file_state = Some(Ok(()));
                    }
                    n
                }
                Err(e) => {
                    file_state = Some(Err(format!(
                        "read {}: {}",
                        file_path
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                        io_text(&e)
                    )));
                    0
                }
            },
            _ => 0,
        };
        out.bytes += (zn + fnn) as u64;
        match &mut file_hasher {
            None if zn == fnn && zbuf[..zn] == fbuf[..fnn] => zip_hasher.update(&zbuf[..zn]),
            None => {
                let mut split = zip_hasher.clone();
                split.update(&fbuf[..fnn]);
                zip_hasher.update(&zbuf[..zn]);
                file_hasher = Some(split);
            }
            Some(h) => {
                zip_hasher.update(&zbuf[..zn]);
                h.update(&fbuf[..fnn]);
            }
        }
        if zip_state.is_some() && file_state.is_some() {
            break;
        }
    }
    let zip_digest: [u8; 32] = zip_hasher.clone().finalize().into();
    if task.zip_index.is_some() {
        out.zip = Some(match zip_state {
            Some(Err(e)) => Err(e),
            _ => Ok(zip_digest),
        });
    }
    if task.file.is_some() {
        out.file = Some(match file_state {
            Some(Err(e)) => Err(e),
            _ => Ok(file_hasher.map_or(zip_digest, |h| h.finalize().into())),
        });
    }
    out
}

/// Opens a file to hash, following symbolic links like `os.Open`, but never
/// a FIFO or device (which could block forever).
fn open_regular(path: &Path) -> Result<std::fs::File, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("open {}: {}", path.display(), io_text(&e)))?;
    if meta.is_dir() {
        return Err(format!("read {}: is a directory", path.display()));
    }
    if !meta.is_file() {
        return Err(format!("open {}: not a regular file", path.display()));
    }
    std::fs::File::open(path).map_err(|e| format!("open {}: {}", path.display(), io_text(&e)))
}

/// Reads until `buf` is full or the end; returns the bytes read.
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
