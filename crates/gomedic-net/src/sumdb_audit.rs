//! go.sum against the checksum database: every `h1:` line is looked up as
//! the go command's `checkSumDB` does (`/lookup/M@V`, the record proven in
//! the signed tree tile by tile, the tree proven consistent with every tree
//! seen before, including the go command's own record of the latest tree),
//! and the database's hash is compared with the line.
//!
//! Lookups run concurrently (each worker its own verifying client; tiles are
//! fetched once and shared), every request before one deadline, and at most
//! a fixed number of lookups; what did not fit is listed as unchecked.

use crate::http::Client;
use gomedic_go::goproxy::ProxyList;
use gomedic_go::gosum::SumLine;
use gomedic_go::sumdb_client::{self, ClientFiles, LookupError, SumCheck, compare_sum_lines};
use gomedic_model::module_audit::{GoSumAudit, SumdbProblem, SumdbProblemKind};
use gomedic_model::network::SumdbProbe;
use gomedic_model::redact::redact_text;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The database to ask, as GOSUMDB and GOPROXY name it.
#[derive(Debug, Clone, Copy)]
pub struct SumdbTarget<'a> {
    pub name: &'a str,
    /// The verifier key.
    pub key: &'a str,
    /// The explicit URL of GOSUMDB (bypasses GOPROXY).
    pub url: Option<&'a str>,
    /// GOPROXY, asked for `/sumdb/<name>/supported` in order.
    pub proxies: Option<&'a ProxyList>,
    /// Replaces `https://<name>` (tests).
    pub direct_base: Option<&'a str>,
}

/// Bounds of one audit.
#[derive(Debug, Clone, Copy)]
pub struct AuditLimits {
    /// No request starts or runs past this.
    pub deadline: Instant,
    /// Lookups in flight at once.
    pub concurrency: usize,
    /// Distinct `module@version` lookups at most.
    pub max_lookups: usize,
}

impl AuditLimits {
    /// 8 lookups at once, 2,000 at most, within `deadline`.
    pub fn until(deadline: Instant) -> AuditLimits {
        AuditLimits {
            deadline,
            concurrency: 8,
            max_lookups: 2000,
        }
    }
}

/// The go command's record of the latest tree (`$GOPATH/pkg/sumdb/<name>/latest`).
#[derive(Debug, Clone)]
pub struct GoLatest {
    pub file: String,
    pub note: Vec<u8>,
}

/// What the go command keeps for the database, read (never written).
#[derive(Debug, Clone, Default)]
pub struct GoState {
    pub latest: Option<GoLatest>,
    /// `$GOMODCACHE/cache/download/sumdb/<name>`: tiles the go command
    /// already authenticated. Read before the network, as go reads them
    /// (the exact tile, else the full tile cut down); every tile is still
    /// authenticated against the signed tree.
    pub cache_dir: Option<PathBuf>,
}

/// The go.sum to audit.
#[derive(Debug, Clone)]
pub struct GoSumLines<'a> {
    /// The file's path (for the report).
    pub file: &'a str,
    /// Every line of the file.
    pub total: usize,
    /// Lines the go command checks against the database.
    pub consulted: &'a [SumLine],
    /// Lines it never checks (GONOSUMDB/GOPRIVATE), as `module version`.
    pub not_consulted: Vec<String>,
}

/// Reads server paths below one base URL, before the deadline; tiles are
/// read once for all workers.
struct Reader<'a> {
    client: &'a Client,
    base: String,
    cache_dir: Option<PathBuf>,
    deadline: Instant,
    requests: AtomicUsize,
    tiles: Mutex<HashMap<String, Result<Vec<u8>, String>>>,
}

/// A failed read, with whether the time budget was the cause.
struct ReadFailure {
    timed_out: bool,
}

impl Reader<'_> {
    fn read(&self, path: &str, failures: &mut Vec<ReadFailure>) -> Result<Vec<u8>, String> {
        let is_tile = path.starts_with("/tile/");
        if is_tile && let Some(known) = self.lock_tiles().get(path) {
            return known.clone();
        }
        if is_tile && let Some(data) = self.read_go_cache(path) {
            self.lock_tiles().insert(path.to_string(), Ok(data.clone()));
            return Ok(data);
        }
        let result = self.read_remote(path);
        if result.is_err() {
            failures.push(ReadFailure {
                timed_out: Instant::now() >= self.deadline,
            });
        }
        if is_tile {
            self.lock_tiles().insert(path.to_string(), result.clone());
        }
        result
    }

    /// A tile from the go command's cache: the exact file, else the full
    /// tile cut to the width asked for.
    fn read_go_cache(&self, path: &str) -> Option<Vec<u8>> {
        let dir = self.cache_dir.as_ref()?;
        let tile = gomedic_go::tlog::parse_tile_path(path.trim_start_matches('/')).ok()?;
        let read = |t: &gomedic_go::tlog::Tile| {
            let data = std::fs::read(dir.join(t.path())).ok()?;
            (!data.is_empty() && data.len() <= 1 << 16).then_some(data)
        };
        if let Some(data) = read(&tile) {
            return Some(data);
        }
        let full = gomedic_go::tlog::Tile {
            w: 1i64 << tile.h.min(30),
            ..tile
        };
        if full == tile || tile.l < 0 {
            return None;
        }
        let data = read(&full)?;
        let keep = usize::try_from(tile.w).ok()? * gomedic_go::tlog::HASH_SIZE;
        (data.len() >= keep).then(|| data[..keep].to_vec())
    }

    fn lock_tiles(&self) -> std::sync::MutexGuard<'_, HashMap<String, Result<Vec<u8>, String>>> {
        self.tiles
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read_remote(&self, path: &str) -> Result<Vec<u8>, String> {
        let url = format!("{}{path}", self.base);
        if Instant::now() >= self.deadline {
            return Err(format!(
                "reading {}: time budget exhausted",
                redact_text(&url)
            ));
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let fetched = self.client.get(&url, self.deadline);
        if let Some(e) = &fetched.fact.error {
            return Err(format!("reading {}: {}", fetched.fact.url, e.message));
        }
        match fetched.fact.status {
            Some(200) => Ok(fetched.body),
            status => {
                let s = status.unwrap_or_default();
                let body = String::from_utf8_lossy(&fetched.body);
                let body = body.trim();
                let detail = if body.is_empty() || body.len() > 200 {
                    String::new()
                } else {
                    format!("\n\tserver response: {body}")
                };
                Err(format!(
                    "reading {}: {s} {}{detail}",
                    fetched.fact.url,
                    crate::goproxy::reason(s)
                ))
            }
        }
    }
}

/// Compares every consulted go.sum line with the database.
pub fn audit_go_sum(
    client: &Client,
    target: &SumdbTarget<'_>,
    go_state: &GoState,
    go_sum: &GoSumLines<'_>,
    limits: &AuditLimits,
) -> GoSumAudit {
    let started = Instant::now();
    let go_latest = go_state.latest.as_ref();
    let mut audit = GoSumAudit {
        database: target.name.to_string(),
        go_sum: go_sum.file.to_string(),
        go_latest_file: go_latest.map(|l| l.file.clone()),
        go_latest_size: go_latest.and_then(|l| tree_size_of(&l.note, target.key)),
        lines: go_sum.total,
        not_consulted: go_sum.not_consulted.clone(),
        ..GoSumAudit::default()
    };
    let mut probe = SumdbProbe::default();
    let base = match target.url {
        Some(url) => Ok(url.trim_end_matches('/').to_string()),
        None => crate::sumdb::choose_base(
            client,
            target.name,
            target.proxies,
            limits.deadline,
            &mut probe,
        )
        .map(|chosen| {
            chosen.unwrap_or_else(|| {
                target
                    .direct_base
                    .map_or_else(|| format!("https://{}", target.name), str::to_string)
            })
        })
        .map_err(|e| e.message),
    };
    let reader = Reader {
        client,
        base: base.clone().unwrap_or_default(),
        cache_dir: go_state.cache_dir.clone(),
        deadline: limits.deadline,
        requests: AtomicUsize::new(probe.steps.len()),
        tiles: Mutex::new(HashMap::new()),
    };
    let finish = |mut audit: GoSumAudit, reader: &Reader<'_>| {
        audit.requests = reader.requests.load(Ordering::Relaxed);
        audit.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        audit
    };
    let all_lines = || {
        go_sum
            .consulted
            .iter()
            .map(|l| format!("{} {}", l.path, l.version))
            .collect::<Vec<_>>()
    };
    match &base {
        Ok(b) => audit.base_url = Some(redact_text(b)),
        Err(message) => {
            audit.problems.push(database_problem(
                SumdbProblemKind::LookupFailed,
                message.clone(),
            ));
            audit.unchecked = all_lines();
            return finish(audit, &reader);
        }
    }

    let files = ClientFiles {
        latest: go_latest.map(|l| l.note.clone()).unwrap_or_default(),
        ..ClientFiles::default()
    };
    let mut main = match sumdb_client::Client::new(target.key, files) {
        Ok(c) => c,
        Err(e) => {
            audit.problems.push(database_problem(
                SumdbProblemKind::BadSignature,
                format!("invalid GOSUMDB key: {e}"),
            ));
            audit.unchecked = all_lines();
            return finish(audit, &reader);
        }
    };
    // The newest tree the database publishes, checked against the go
    // command's record (fork or rollback) before any lookup.
    let mut failures = Vec::new();
    let latest = reader.read("/latest", &mut failures);
    let merged = latest.map_err(LookupError::Failed).and_then(|note| {
        let mut fetch = |p: &str| reader.read(p, &mut failures);
        main.merge_note(&note, &mut fetch)
    });
    if let Err(e) = merged {
        let (kind, message) = classify(&e, !failures.is_empty());
        if failures.iter().any(|f| f.timed_out) {
            audit.unchecked = all_lines();
        } else {
            audit.problems.push(database_problem(kind, message));
        }
        return finish(audit, &reader);
    }
    audit.tree_size = u64::try_from(main.latest().n).ok();

    // One lookup per module@version answers both of its lines.
    let mut groups: BTreeMap<(String, String), Vec<&SumLine>> = BTreeMap::new();
    for line in go_sum.consulted {
        if !line.hash.starts_with("h1:") {
            continue;
        }
        let base_version = line
            .version
            .strip_suffix("/go.mod")
            .unwrap_or(&line.version);
        groups
            .entry((line.path.clone(), base_version.to_string()))
            .or_default()
            .push(line);
    }
    let mut groups: Vec<Vec<&SumLine>> = groups.into_values().collect();
    for skipped in groups.split_off(groups.len().min(limits.max_lookups)) {
        audit
            .unchecked
            .extend(skipped.iter().map(|l| format!("{} {}", l.path, l.version)));
    }

    let next = AtomicUsize::new(0);
    let start_note = main.files().latest.clone();
    let workers = limits.concurrency.clamp(1, 64).min(groups.len().max(1));
    let outcomes: Vec<(Vec<LineOutcome>, Vec<u8>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (reader, groups, next, start_note) = (&reader, &groups, &next, &start_note);
                scope.spawn(move || {
                    run_worker(target, reader, groups, next, start_note, limits.deadline)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });

    let mut misbehavior_reports: Vec<String> = Vec::new();
    for (results, worker_latest) in &outcomes {
        for outcome in results {
            match outcome {
                LineOutcome::Verified => audit.verified += 1,
                LineOutcome::Unchecked(key) => audit.unchecked.push(key.clone()),
                LineOutcome::Problem(p) if p.kind == SumdbProblemKind::Misbehavior => {
                    if !misbehavior_reports.contains(&p.message) {
                        misbehavior_reports.push(p.message.clone());
                        audit.problems.push(p.clone());
                    }
                }
                LineOutcome::Problem(p) => audit.problems.push(p.clone()),
            }
        }
        // Every worker's newest tree must be consistent with all the others.
        let mut failures = Vec::new();
        let mut fetch = |p: &str| reader.read(p, &mut failures);
        match main.merge_note(worker_latest, &mut fetch) {
            Ok(()) => {}
            Err(e) => {
                let (kind, message) = classify(&e, !failures.is_empty());
                if !misbehavior_reports.contains(&message) {
                    misbehavior_reports.push(message.clone());
                    audit.problems.push(database_problem(kind, message));
                }
            }
        }
    }
    audit.tree_size = u64::try_from(main.latest().n).ok();
    audit
        .problems
        .sort_by_key(|p| (p.go_sum_line.unwrap_or(0), p.module.clone()));
    audit.unchecked.sort();
    finish(audit, &reader)
}

/// The result of one go.sum line.
enum LineOutcome {
    Verified,
    Unchecked(String),
    Problem(SumdbProblem),
}

fn run_worker(
    target: &SumdbTarget<'_>,
    reader: &Reader<'_>,
    groups: &[Vec<&SumLine>],
    next: &AtomicUsize,
    start_note: &[u8],
    deadline: Instant,
) -> (Vec<LineOutcome>, Vec<u8>) {
    let files = ClientFiles {
        latest: start_note.to_vec(),
        ..ClientFiles::default()
    };
    let mut out = Vec::new();
    let Ok(mut client) = sumdb_client::Client::new(target.key, files) else {
        return (out, start_note.to_vec());
    };
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(group) = groups.get(index) else {
            break;
        };
        for line in group {
            if Instant::now() >= deadline {
                out.push(LineOutcome::Unchecked(format!(
                    "{} {}",
                    line.path, line.version
                )));
                continue;
            }
            let mut failures = Vec::new();
            let mut fetch = |p: &str| reader.read(p, &mut failures);
            let result = client.lookup(&line.path, &line.version, &mut fetch);
            out.push(judge_line(target.name, line, result, &failures));
        }
    }
    (out, client.files().latest.clone())
}

fn judge_line(
    db: &str,
    line: &SumLine,
    result: Result<Vec<String>, LookupError>,
    failures: &[ReadFailure],
) -> LineOutcome {
    let problem = |kind, message: String, db_hash: Option<String>| {
        LineOutcome::Problem(SumdbProblem {
            kind,
            module: Some(line.path.clone()),
            version: Some(line.version.clone()),
            go_sum_line: Some(line.line),
            go_sum_hash: Some(line.hash.clone()),
            db_hash,
            message,
        })
    };
    match result {
        Ok(lines) => {
            let verdict = compare_sum_lines(&line.path, &line.version, &line.hash, &lines);
            let message = sumdb_client::sum_check_message(
                db,
                &line.path,
                &line.version,
                &line.hash,
                &verdict,
            );
            match verdict {
                SumCheck::Verified => LineOutcome::Verified,
                SumCheck::Mismatch { db_hash } => {
                    problem(SumdbProblemKind::Mismatch, message, Some(db_hash))
                }
                SumCheck::Missing => problem(SumdbProblemKind::Missing, message, None),
            }
        }
        Err(_) if failures.iter().any(|f| f.timed_out) => {
            LineOutcome::Unchecked(format!("{} {}", line.path, line.version))
        }
        Err(e) => {
            let (kind, inner) = classify(&e, !failures.is_empty());
            let message = match &e {
                LookupError::Misbehavior { .. } => inner,
                LookupError::Failed(_) => {
                    let (base, noun) = match line.version.strip_suffix("/go.mod") {
                        Some(base) => (base, "go.mod"),
                        None => (line.version.as_str(), "module"),
                    };
                    format!("{}@{base}: verifying {noun}: {inner}", line.path)
                }
            };
            problem(kind, message, None)
        }
    }
}

/// What kind of failure a client error is. Network failures (`read_failed`)
/// are lookup failures; otherwise the go command's texts tell signature
/// failures from proof failures.
fn classify(error: &LookupError, read_failed: bool) -> (SumdbProblemKind, String) {
    match error {
        LookupError::Misbehavior { report } => (SumdbProblemKind::Misbehavior, report.clone()),
        LookupError::Failed(message) => {
            // The tree the go command recorded cannot be rebuilt from the
            // server's tiles: they are inconsistent with it, or gone (a
            // rollback). With its tile cache warm, go reports this case as
            // misbehavior too.
            let recorded_tree_gone = message
                .starts_with("initializing sumdb.Client: checking tree#")
                && (!read_failed || message.contains(": 404 ") || message.contains(": 410 "));
            let kind = if recorded_tree_gone {
                SumdbProblemKind::Misbehavior
            } else if read_failed {
                SumdbProblemKind::LookupFailed
            } else if message.contains("reading tree note") || message.contains("verifier") {
                SumdbProblemKind::BadSignature
            } else if [
                "inconsistent",
                "cannot authenticate",
                "cannot validate record",
                "checking tree",
            ]
            .iter()
            .any(|needle| message.contains(needle))
            {
                SumdbProblemKind::BadProof
            } else {
                SumdbProblemKind::LookupFailed
            };
            (kind, message.clone())
        }
    }
}

fn database_problem(kind: SumdbProblemKind, message: String) -> SumdbProblem {
    SumdbProblem {
        kind,
        message,
        ..SumdbProblem::default()
    }
}

/// The size of the tree a signed note names, if it verifies with `key`.
fn tree_size_of(note_bytes: &[u8], key: &str) -> Option<u64> {
    let verifier = gomedic_go::note::Verifier::parse(key.trim()).ok()?;
    let opened = gomedic_go::note::open(note_bytes, &[verifier]).ok()?;
    let tree = gomedic_go::tlog::parse_tree(opened.text.as_bytes()).ok()?;
    u64::try_from(tree.n).ok()
}
