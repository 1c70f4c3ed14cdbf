//! Writes: the build (temporary file, batches, rename into place) and article inserts.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use chrono::{NaiveDate, Utc};
use rayon::prelude::*;
use rusqlite::config::DbConfig;
use rusqlite::{named_params, Connection, OptionalExtension};

use super::schema::{self, sql_file};
use crate::dedup::{self, Signature};
use crate::error::{Error, Result};
use crate::extract::{self, Division, Entities, Gazetteer};
use crate::input::{self, InputKind, Item};
use crate::model::{BuildReport, Document, IngestError, Normalized, PartialDate, Span};
use crate::normalize::{self, CorpusCounter};
use crate::text::fold;

const INSERT_ARTICLE: &str = sql_file!("queries/insert_article.sql");
const INSERT_ARTICLE_DATE: &str = sql_file!("queries/insert_article_date.sql");
const INSERT_INGEST_ERROR: &str = sql_file!("queries/insert_ingest_error.sql");
const ARTICLE_BY_SHA: &str = sql_file!("queries/article_by_sha.sql");
const INSERT_PERSON: &str = sql_file!("queries/insert_person.sql");
const PERSON_BY_KEY: &str = sql_file!("queries/person_by_key.sql");
const INSERT_MENTION: &str = sql_file!("queries/insert_mention.sql");
const INSERT_PLACE: &str = sql_file!("queries/insert_place.sql");
const INSERT_ARTICLE_PLACE: &str = sql_file!("queries/insert_article_place.sql");
const INSERT_ORGANIZATION: &str = sql_file!("queries/insert_organization.sql");
const ORGANIZATION_BY_CANONICAL: &str = sql_file!("queries/organization_by_canonical.sql");
const INSERT_ARTICLE_ORGANIZATION: &str = sql_file!("queries/insert_article_organization.sql");
const INSERT_ARTICLE_PLATFORM: &str = sql_file!("queries/insert_article_platform.sql");
const INSERT_ARTICLE_FACT: &str = sql_file!("queries/insert_article_fact.sql");
const INSERT_EVENT: &str = sql_file!("queries/insert_event.sql");
const INSERT_EVENT_PLACE: &str = sql_file!("queries/insert_event_place.sql");
const INSERT_EVENT_PARTICIPANT: &str = sql_file!("queries/insert_event_participant.sql");
const INSERT_ARTICLE_TOPIC: &str = sql_file!("queries/insert_article_topic.sql");
const INSERT_SIGNATURE: &str = sql_file!("queries/insert_signature.sql");
const SELECT_SIGNATURES: &str = sql_file!("queries/select_signatures.sql");
const SCAN_SIGNATURES: &str = sql_file!("queries/scan_signatures.sql");
const UPDATE_STORY: &str = sql_file!("queries/update_story.sql");
const SELECT_HASHES: &str = sql_file!("queries/select_hashes.sql");
const UPSERT_CORPUS_LINE: &str = sql_file!("queries/upsert_corpus_line.sql");
const MARK_COUNTED: &str = sql_file!("queries/mark_counted.sql");
const INSERT_FTS: &str = sql_file!("queries/insert_fts.sql");
const INSERT_CJK: &str = sql_file!("queries/insert_cjk.sql");
const SECONDARY_INDEXES: &str = sql_file!("queries/secondary_indexes.sql");
const FTS_AUTOMERGE: &str = sql_file!("queries/fts_automerge.sql");
const FTS_HASHSIZE: &str = sql_file!("queries/fts_hashsize.sql");
/// FTS5's default `automerge`.
const DEFAULT_AUTOMERGE: i64 = 4;
/// FTS5's default `hashsize` (bytes of pending terms before a segment is written).
const DEFAULT_HASHSIZE: i64 = 1 << 20;
/// The `hashsize` a new database is loaded with: a batch of articles makes one segment.
const FRESH_HASHSIZE: i64 = 32 << 20;

/// The triggers that keep the two full-text indexes in step with `articles`; a build
/// with no other trigger in the schema writes their rows itself (see [`ingest`]).
const INDEX_TRIGGERS: [&str; 6] =
    ["articles_ai", "articles_ad", "articles_au", "articles_cjk_ai", "articles_cjk_ad", "articles_cjk_au"];

/// Receives build progress. A build reads its inputs twice: a quick `scan` that counts
/// corpus-level evidence (lines recurring across documents), then the `build` proper.
pub trait Progress: Send + Sync {
    /// A phase starts; `total_bytes` is the size of the inputs.
    fn start(&self, _phase: &str, _total_bytes: u64) {}
    /// Called after each batch, with the input bytes and documents done so far.
    fn advance(&self, _bytes_done: u64, _docs_done: u64) {}
    /// The phase is over.
    fn finish(&self) {}
}

/// Options for [`crate::Corpus::build`].
pub struct BuildOptions {
    /// Documents per transaction.
    pub batch_size: usize,
    /// Progress receiver, e.g. the CLI's progress bar.
    pub progress: Option<Box<dyn Progress>>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { batch_size: 1000, progress: None }
    }
}

impl std::fmt::Debug for BuildOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions").field("batch_size", &self.batch_size).finish_non_exhaustive()
    }
}

pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A temporary path beside `db`, on the same file system so the final rename is atomic.
fn temp_path(db: &Path) -> PathBuf {
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "xieshang.db".into());
    db.with_file_name(format!(".{name}.building-{}", std::process::id()))
}

/// Removes the temporary database unless the build reached its rename.
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(&path);
            let _ = fs::remove_file(path.with_extension("building-journal"));
        }
    }
}

pub(crate) fn build(inputs: &[PathBuf], db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    if db.is_dir() {
        return Err(Error::BadArgument(format!("{}: is a directory, expected a database file path", db.display())));
    }
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(Error::NotFound { path: parent.to_path_buf() });
        }
    }
    remove_stale_temps(db);
    if db.exists() {
        build_in_place(inputs, db, options)
    } else {
        build_new(inputs, db, options)
    }
}

/// Extends an existing database in place: WAL mode (readers go on reading), one
/// transaction per batch, so a killed build keeps every committed batch and the next
/// run resumes where it stopped (stored documents are recognized by their hash).
fn build_in_place(inputs: &[PathBuf], db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let mut conn = Connection::open(db)?;
    // Before the pragmas: registering FTS5 functions reads the file.
    super::check_is_xieshang(&conn, db)?;
    super::set_pragmas(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    schema::migrate_with_backup(&mut conn, db)?;
    let report = run(&mut conn, inputs, options, false)?;
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    Ok(report)
}

/// Creates a new database: built in a temporary file beside `db` and renamed into place
/// at the end, so an interrupted build leaves nothing that looks like a database.
fn build_new(inputs: &[PathBuf], db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let mut temp = TempDb::create(db)?;
    let report = run(&mut temp.conn, inputs, options, true)?;
    temp.rename_into(db)?;
    Ok(report)
}

/// A new database being written in a temporary file beside its final path; removed
/// unless [`TempDb::rename_into`] is reached.
pub(super) struct TempDb {
    pub(super) conn: Connection,
    guard: TempGuard,
}

impl TempDb {
    /// Opens a fresh temporary file beside `db` with the current schema.
    pub(super) fn create(db: &Path) -> Result<TempDb> {
        let tmp = temp_path(db);
        let _ = fs::remove_file(&tmp);
        let guard = TempGuard(Some(tmp.clone()));
        let mut conn = Connection::open(&tmp)?;
        super::set_pragmas(&conn)?;
        // The temporary file is thrown away on failure, so it needs no durability until
        // the end, and no rollback journal: any failed statement fails the build. An
        // in-memory journal held a copy of every page a transaction changed; the last
        // ones (story of each syndicated copy, merging the word index) change most of
        // the file, which at a million articles came to gigabytes.
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "journal_mode", "OFF")?;
        // A page cache big enough for the hot pages of the indexes (64 MiB).
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "foreign_keys", false)?;
        schema::migrate(&mut conn)?;
        Ok(TempDb { conn, guard })
    }

    /// Closes the file durably and renames it to `db` (replacing what was there).
    pub(super) fn rename_into(mut self, db: &Path) -> Result<()> {
        let Some(tmp) = self.guard.0.clone() else {
            return Err(Error::BadArgument(format!("{}: temporary database already renamed", db.display())));
        };
        // WAL is recorded in the file header; closing checkpoints and removes the -wal file,
        // so renaming the main file alone is complete.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        let conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        conn.close().map_err(|(_, e)| e)?;
        fs::File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, db).map_err(|e| Error::path(db, e))?;
        self.guard.0 = None;
        if let Some(dir) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

/// Temporary files of earlier builds that were killed before their rename.
fn remove_stale_temps(db: &Path) {
    let Some(name) = db.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.building-");
    let dir = match db.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = pid.split('-').next().unwrap_or_default();
        // Leave a build that is still running alone.
        if Path::new("/proc").join(pid).exists() {
            continue;
        }
        let _ = fs::remove_file(entry.path());
    }
}

/// Ingests the inputs (or, with none, the embedded sample) and logs the build.
fn run(conn: &mut Connection, inputs: &[PathBuf], options: &BuildOptions, fresh: bool) -> Result<BuildReport> {
    let started = now();
    let source = if inputs.is_empty() { Source::Sample } else { Source::files(inputs) };
    let report = ingest(conn, &source, options, fresh)?;
    let inputs_json = serde_json::to_string(&inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>())?;
    conn.execute(
        "INSERT INTO builds (started_at, finished_at, inputs, seen, added, unchanged, errors, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            started,
            now(),
            inputs_json,
            report.seen as i64,
            report.added as i64,
            report.unchanged as i64,
            report.errors.len() as i64,
            env!("CARGO_PKG_VERSION")
        ],
    )?;
    Ok(report)
}

/// Where a build's documents come from.
pub(crate) enum Source {
    /// The embedded sample corpus.
    Sample,
    /// Files found under the inputs, with the errors met while finding them.
    Files { files: Vec<(PathBuf, InputKind)>, errors: Vec<IngestError>, bytes: u64 },
    /// The documents stored in a database (`--rebuild`), with their total raw bytes.
    Stored { path: PathBuf, bytes: u64 },
}

impl Source {
    fn files(inputs: &[PathBuf]) -> Source {
        let (files, errors) = input::collect_files(inputs);
        let bytes = files.iter().filter_map(|(p, _)| fs::metadata(p).ok()).map(|m| m.len()).sum();
        Source::Files { files, errors, bytes }
    }

    fn total_bytes(&self) -> u64 {
        match self {
            Source::Sample => crate::sample::SEEDS.iter().map(|(_, raw)| raw.len() as u64).sum(),
            Source::Files { bytes, .. } | Source::Stored { bytes, .. } => *bytes,
        }
    }

    /// Streams the documents in batches of at most `batch` items to `send`, which
    /// returns false to stop. With `errors`, input errors are sent as items too. Without
    /// `hash`, documents read from files come with an empty `sha256`.
    fn stream(&self, batch: usize, errors: bool, hash: bool, send: &mut dyn FnMut(Vec<Item>) -> bool) {
        let mut items = Vec::with_capacity(batch);
        let go_on = std::cell::Cell::new(true);
        let mut push = |item: Item, items: &mut Vec<Item>| {
            if !errors && matches!(item, Item::Error(_)) {
                return;
            }
            items.push(item);
            if go_on.get() && items.len() >= batch {
                go_on.set(send(std::mem::replace(items, Vec::with_capacity(batch))));
            }
        };
        match self {
            Source::Sample => {
                for d in crate::sample::documents() {
                    push(Item::Doc(d), &mut items);
                }
            }
            Source::Files { files, errors: found, .. } => {
                for e in found {
                    push(Item::Error(e.clone()), &mut items);
                }
                for (path, kind) in files {
                    input::read_file_hashing(path, *kind, hash, &mut |item| push(item, &mut items));
                    if !go_on.get() {
                        return;
                    }
                }
            }
            Source::Stored { path, .. } => {
                super::rebuild::stream_stored(path, &mut |item| push(item, &mut items), &|| go_on.get());
            }
        }
        if go_on.get() && !items.is_empty() {
            send(items);
        }
    }
}

fn sha_key(hex: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, pair) in hex.as_bytes().chunks(2).take(32).enumerate() {
        let nib = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
        key[i] = (nib(pair[0]) << 4) | pair.get(1).map_or(0, |&c| nib(c));
    }
    key
}

/// Stored documents by hash: whether their lines are already counted in corpus_lines.
fn stored_hashes(conn: &Connection) -> Result<HashMap<[u8; 32], bool>> {
    let mut stmt = conn.prepare(SELECT_HASHES)?;
    let rows = stmt.query_map([], |r| Ok((sha_key(&r.get::<_, String>(0)?), r.get::<_, i64>(1)? != 0)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The corpus-level line counts stored by earlier builds.
fn stored_counter(conn: &Connection) -> Result<CorpusCounter> {
    let mut counter = CorpusCounter::new();
    let docs: Option<i64> =
        conn.query_row("SELECT value FROM corpus_meta WHERE key = 'counted_docs'", [], |r| r.get(0)).optional()?;
    counter.add_documents(docs.unwrap_or(0).max(0) as usize);
    let mut stmt = conn.prepare("SELECT hash, docs FROM corpus_lines")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        counter.add_count(r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)?.clamp(0, u32::MAX as i64) as u32);
    }
    Ok(counter)
}

/// Counts the lines of one batch of documents in parallel.
fn count_batch(docs: &[&Document]) -> CorpusCounter {
    docs.par_iter()
        .fold(CorpusCounter::new, |mut c, d| {
            c.add(&d.raw);
            c
        })
        .reduce(CorpusCounter::new, |mut a, b| {
            a.merge(b);
            a
        })
}

/// Everything derived from one document, ready for the writer.
struct Derived {
    doc: Document,
    norm: Normalized,
    entities: Entities,
    signature: Signature,
    /// The title and body as stored (folded), worked out beside the extraction rather
    /// than on the writer thread.
    title: Option<String>,
    body: String,
    /// Their CJK runs, the row of the trigram index ([`super::search::cjk_runs`]).
    cjk: Option<(Option<String>, Option<String>)>,
}

/// A document ready for the writer.
enum Prepared {
    Doc(Box<Derived>),
    Unchanged,
    Error(IngestError),
}

/// The build proper: two streaming passes over the source with bounded memory.
///
/// 1. **Scan**: count, in parallel, the short lines of every document whose lines are
///    not yet counted, on top of the counts stored by earlier builds.
/// 2. **Build**: a reader thread streams batches; each batch is normalized in parallel
///    (rayon) and handed to a writer thread that stores it in one transaction.
///
/// The new line counts are stored with the build's last transaction; documents stored
/// by a build that was killed before it are counted by the next build that reads them.
///
/// `fresh`: the database is a new one that is thrown away unless the build completes.
/// Its articles are then stored already marked as counted, instead of marking them all
/// in the last transaction, which rewrote a page per article (and, before new databases
/// were built without a rollback journal, held a copy of each in memory: gigabytes at a
/// million articles).
pub(crate) fn ingest(
    conn: &mut Connection,
    source: &Source,
    options: &BuildOptions,
    fresh: bool,
) -> Result<BuildReport> {
    // The full-text indexes are fed by triggers (`articles_ai`, `articles_cjk_ai`). SQLite opens a statement
    // savepoint for every insert that runs a trigger, and FTS5 flushes its pending terms
    // to a new segment at each savepoint: one tiny segment per article, merged over and
    // over (half the writer's time). So the build switches triggers off and writes the
    // index rows itself, once per batch, exactly as the trigger would. Only when the
    // schema has no other triggers (which the build would then silently skip).
    let direct_fts = only_article_triggers(conn)?;
    if direct_fts {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    }
    // A new database gets its secondary indexes after the load: one sort each, instead of
    // a b-tree insert per row of every table. (A failed new build is thrown away.)
    let deferred = if fresh { drop_secondary_indexes(conn)? } else { Vec::new() };
    // ... and no incremental merging of the word index: the end of the build merges it
    // into one segment (topk::refresh), and the default is restored before that.
    if fresh {
        conn.execute(FTS_AUTOMERGE, [0])?;
        conn.execute(FTS_HASHSIZE, [FRESH_HASHSIZE])?;
    }
    // The schema's CHECK constraints hold the enumerated columns (a date's precision, a
    // participant's role) to their values. The build writes those only from Rust enums
    // (`Precision::as_str`, `Role::as_str`), so they cannot fail here, and SQLite codes
    // an `IN` list of three or more as a temporary b-tree made afresh at every insert
    // (~4% of a build's instructions). The build's own statements skip them; every
    // other write still meets them, and `xieshang check` verifies them.
    conn.flush_prepared_statement_cache();
    conn.pragma_update(None, "ignore_check_constraints", true)?;
    let result = ingest_batches(conn, source, options, direct_fts, fresh);
    // Cached statements were compiled without check (and maybe trigger) code.
    conn.flush_prepared_statement_cache();
    conn.pragma_update(None, "ignore_check_constraints", false)?;
    if fresh {
        conn.execute(FTS_AUTOMERGE, [DEFAULT_AUTOMERGE])?;
        conn.execute(FTS_HASHSIZE, [DEFAULT_HASHSIZE])?;
    }
    if direct_fts {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
    }
    let report = result?;
    if !deferred.is_empty() {
        let started = std::time::Instant::now();
        // Sorting on both cores.
        conn.pragma_update(None, "threads", 2)?;
        conn.execute_batch(&deferred.join(";\n"))?;
        conn.pragma_update(None, "threads", 0)?;
        if std::env::var_os("XIESHANG_BUILD_STATS").is_some() {
            eprintln!("xieshang build stats: indexes {:.2} s", started.elapsed().as_secs_f64());
        }
    }
    // The search's posting lists describe the index as a whole: remade when it changed.
    if report.added > 0 || !super::search::is_fresh(conn)? {
        let started = std::time::Instant::now();
        super::search::refresh(conn)?;
        if std::env::var_os("XIESHANG_BUILD_STATS").is_some() {
            eprintln!("xieshang build stats: search lists {:.2} s", started.elapsed().as_secs_f64());
        }
    }
    Ok(report)
}

/// Drops the schema's own indexes and returns the statements that create them again.
fn drop_secondary_indexes(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(SECONDARY_INDEXES)?;
    let indexes = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// True when the only triggers are the [`INDEX_TRIGGERS`] (whose rows the build can write).
fn only_article_triggers(conn: &Connection) -> Result<bool> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.iter().all(|n| INDEX_TRIGGERS.contains(&n.as_str())))
}

fn ingest_batches(
    conn: &mut Connection,
    source: &Source,
    options: &BuildOptions,
    direct_fts: bool,
    fresh: bool,
) -> Result<BuildReport> {
    let batch = options.batch_size.max(1);
    // Pipeline timings on stderr, for tuning (`XIESHANG_BUILD_STATS=1`).
    let stats = std::env::var_os("XIESHANG_BUILD_STATS").is_some();
    let scan_started = std::time::Instant::now();
    let progress = options.progress.as_deref();
    let stored = stored_hashes(conn)?;

    if let Some(p) = progress {
        p.start("scan", source.total_bytes());
    }
    let mut delta = CorpusCounter::new();
    // Hashes tell stored documents apart; with none stored the scan needs none.
    let hash = !stored.is_empty();
    // What the scan saw: documents, those not stored, and the input errors.
    let (mut seen, mut unstored, mut input_errors) = (0u64, 0u64, Vec::new());
    // Stored documents whose lines are not counted (a killed build stored them), found
    // in this input: this build counts them, and marks them counted at its end.
    let mut recounted: Vec<String> = Vec::new();
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Vec<Item>>(4);
        s.spawn(move || source.stream(batch, true, hash, &mut |items| tx.send(items).is_ok()));
        let (mut bytes, mut docs) = (0u64, 0u64);
        for items in rx {
            bytes += items.iter().map(item_bytes).sum::<u64>();
            docs += items.len() as u64;
            // Documents whose lines are not counted yet: new ones, and stored ones a
            // killed build left uncounted.
            let mut fresh: Vec<&Document> = Vec::with_capacity(items.len());
            for item in &items {
                match item {
                    Item::Doc(d) => {
                        seen += 1;
                        match stored.get(&sha_key(&d.sha256)) {
                            None => {
                                unstored += 1;
                                fresh.push(d);
                            }
                            Some(false) => {
                                recounted.push(d.sha256.clone());
                                fresh.push(d);
                            }
                            Some(true) => {}
                        }
                    }
                    Item::Error(e) => input_errors.push(e.clone()),
                }
            }
            delta.merge(count_batch(&fresh));
            if let Some(p) = progress {
                p.advance(bytes, docs);
            }
        }
    });
    if let Some(p) = progress {
        p.finish();
    }
    if stats {
        eprintln!("xieshang build stats: scan {:.2} s", scan_started.elapsed().as_secs_f64());
    }
    if hash && unstored == 0 && delta.documents() == 0 {
        // Every document is stored and counted already: nothing to normalize, count or
        // group, so no second pass (a re-run on the same input costs one read of it).
        let tx = conn.transaction()?;
        record_errors(&tx, &input_errors)?;
        tx.commit()?;
        return Ok(BuildReport { seen, added: 0, unchanged: seen, errors: input_errors });
    }
    // Articles above this pk are added by this build.
    let before: i64 = conn.query_row("SELECT coalesce(max(pk), 0) FROM articles", [], |r| r.get(0))?;
    let recounted = serde_json::to_string(&recounted)?;
    let mut counter = stored_counter(conn)?;
    // Not merge(delta.clone()): the delta is stored at the end, and a copy of a full
    // table is ~36 MB.
    counter.add_documents(delta.documents());
    for (hash, n) in delta.counts() {
        counter.add_count(hash, n);
    }
    let normalizer = counter.finish();
    let gazetteer = Gazetteer::embedded();

    if let Some(p) = progress {
        p.start("build", source.total_bytes());
    }
    let report = std::thread::scope(|s| -> Result<BuildReport> {
        let (read_tx, read_rx) = sync_channel::<Vec<Item>>(2);
        s.spawn(move || source.stream(batch, true, true, &mut |items| read_tx.send(items).is_ok()));
        let (write_tx, write_rx) = sync_channel::<(Vec<Prepared>, u64)>(2);
        let writer = s.spawn(move || -> Result<BuildReport> {
            let mut report = BuildReport::default();
            let mut known = Known::default();
            let (mut bytes, mut docs) = (0u64, 0u64);
            let (mut busy, mut idle) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
            let mut waited = std::time::Instant::now();
            for (prepared, batch_bytes) in write_rx {
                let started = std::time::Instant::now();
                idle += started - waited;
                let tx = conn.transaction()?;
                let mut rejected = Vec::new();
                // (pk, document) of each article added, for the full-text rows
                let mut added: Vec<(i64, &Derived)> = Vec::new();
                for p in &prepared {
                    match p {
                        Prepared::Doc(d) => {
                            report.seen += 1;
                            match store_document(&tx, d, fresh, &mut known)? {
                                Stored::Added(pk) => {
                                    report.added += 1;
                                    added.push((pk, d));
                                }
                                Stored::Unchanged => report.unchanged += 1,
                                Stored::Rejected(e) => rejected.push(e),
                            }
                        }
                        Prepared::Unchanged => {
                            report.seen += 1;
                            report.unchanged += 1;
                        }
                        Prepared::Error(e) => rejected.push(e.clone()),
                    }
                    docs += 1;
                }
                if direct_fts {
                    // One index at a time, single-row inserts only: a statement that may
                    // write several rows opens a statement savepoint, and FTS5 writes its
                    // pending terms out as a new segment at every savepoint.
                    let mut words = tx.prepare_cached(INSERT_FTS)?;
                    for &(pk, d) in &added {
                        words.execute(rusqlite::params![pk, d.title, d.body])?;
                    }
                    let mut cjk = tx.prepare_cached(INSERT_CJK)?;
                    for &(pk, d) in &added {
                        if let Some((title, body)) = &d.cjk {
                            cjk.execute(rusqlite::params![pk, title, body])?;
                        }
                    }
                }
                record_errors(&tx, &rejected)?;
                tx.commit()?;
                report.errors.append(&mut rejected);
                bytes += batch_bytes;
                if let Some(p) = progress {
                    p.advance(bytes, docs);
                }
                waited = std::time::Instant::now();
                busy += waited - started;
            }
            let finishing = std::time::Instant::now();
            // Corpus evidence of this build, stored with its last transaction.
            let tx = conn.transaction()?;
            {
                let mut up = tx.prepare_cached(UPSERT_CORPUS_LINE)?;
                for (hash, n) in delta.counts() {
                    up.execute(named_params! {":hash": hash as i64, ":docs": n as i64})?;
                }
            }
            tx.execute(
                "INSERT INTO corpus_meta (key, value) VALUES ('counted_docs', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = coalesce(value, 0) + excluded.value",
                [delta.documents() as i64],
            )?;
            if !fresh && delta.documents() > 0 {
                tx.execute(MARK_COUNTED, named_params! {":before": before, ":recounted": recounted})?;
            }
            if report.added > 0 {
                assign_stories(&tx)?;
            }
            tx.commit()?;
            if stats {
                eprintln!(
                    "xieshang build stats: writer busy {:.2} s, idle {:.2} s, final transaction {:.2} s",
                    busy.as_secs_f64(),
                    idle.as_secs_f64(),
                    finishing.elapsed().as_secs_f64()
                );
            }
            Ok(report)
        });
        let (mut working, mut reading, mut sending) =
            (std::time::Duration::ZERO, std::time::Duration::ZERO, std::time::Duration::ZERO);
        let mut waited = std::time::Instant::now();
        for items in read_rx {
            let started = std::time::Instant::now();
            reading += started - waited;
            let bytes = items.iter().map(item_bytes).sum::<u64>();
            let prepared: Vec<Prepared> = items
                .into_par_iter()
                .map(|item| match item {
                    Item::Error(e) => Prepared::Error(e),
                    Item::Doc(d) if stored.contains_key(&sha_key(&d.sha256)) => Prepared::Unchanged,
                    Item::Doc(doc) => derive(doc, &normalizer, gazetteer),
                })
                .collect();
            let done = std::time::Instant::now();
            working += done - started;
            if write_tx.send((prepared, bytes)).is_err() {
                break; // the writer failed; its error is returned below
            }
            waited = std::time::Instant::now();
            sending += waited - done;
        }
        drop(write_tx);
        if stats {
            eprintln!(
                "xieshang build stats: workers {:.2} s, waiting for the reader {:.2} s, for the writer {:.2} s",
                working.as_secs_f64(),
                reading.as_secs_f64(),
                sending.as_secs_f64()
            );
        }
        writer.join().unwrap_or_else(|_| Err(Error::BadArgument("the writer thread panicked".into())))
    })?;
    if let Some(p) = progress {
        p.finish();
    }
    Ok(report)
}

/// Normalizes and extracts one document. A bug that panics on some text costs that one
/// document, recorded as an `internal` ingest error naming it, never the build.
fn derive(doc: Document, normalizer: &normalize::Normalizer, gazetteer: &Gazetteer) -> Prepared {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let norm = normalizer.normalize(&doc.raw, doc.url.as_deref());
        let entities = extract::extract(&doc.raw, &norm, gazetteer);
        let signature = dedup::signature(&norm.body);
        let title = norm.title.as_ref().map(|t| fold(&t.value));
        let body = fold(&norm.body);
        let cjk = match (title.as_deref().and_then(super::search::cjk_runs), super::search::cjk_runs(&body)) {
            (None, None) => None,
            runs => Some(runs),
        };
        (norm, entities, signature, title, body, cjk)
    }));
    match run {
        Ok((norm, entities, signature, title, body, cjk)) => {
            Prepared::Doc(Box::new(Derived { doc, norm, entities, signature, title, body, cjk }))
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Prepared::Error(IngestError {
                origin: doc.origin,
                kind: "internal".into(),
                message: format!("xieshang failed on this document (a bug; please report it): {what}"),
            })
        }
    }
}

fn item_bytes(item: &Item) -> u64 {
    match item {
        Item::Doc(d) => d.raw.len() as u64,
        Item::Error(_) => 0,
    }
}

fn record_errors(conn: &Connection, errors: &[IngestError]) -> Result<()> {
    let mut stmt = conn.prepare_cached(INSERT_INGEST_ERROR)?;
    let at = now();
    for e in errors {
        stmt.execute(named_params! {
            ":origin": e.origin, ":kind": e.kind, ":message": e.message, ":occurred_at": at,
        })?;
    }
    Ok(())
}

enum Stored {
    /// Stored under this pk.
    Added(i64),
    Unchanged,
    Rejected(IngestError),
}

/// Inserts one normalized document. The insert ignores any uniqueness conflict; a
/// conflict is then told apart: same bytes (unchanged) or same id (refused).
fn store_document(conn: &Connection, d: &Derived, counted: bool, known: &mut Known) -> Result<Stored> {
    let doc = &d.doc;
    if let Some(pk) = insert_article(conn, d, counted, known)? {
        return Ok(Stored::Added(pk));
    }
    let same_bytes: Option<String> = conn
        .prepare_cached(ARTICLE_BY_SHA)?
        .query_row(named_params! {":sha256": doc.sha256}, |r| r.get(0))
        .optional()?;
    if same_bytes.is_some() {
        return Ok(Stored::Unchanged);
    }
    Ok(Stored::Rejected(IngestError {
        origin: doc.origin.clone(),
        kind: "duplicate_id".into(),
        message: format!("id {:?} is already stored with different content; not replaced", doc.id),
    }))
}

/// Converts byte offsets into `raw` to character offsets in one pass.
struct CharOffsets {
    /// (byte offset, char offset), sorted by byte offset.
    table: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(raw: &str, mut bytes: Vec<usize>) -> CharOffsets {
        bytes.sort_unstable();
        bytes.dedup();
        let raw = raw.as_bytes();
        let mut table = Vec::with_capacity(bytes.len());
        // Characters starting before `at`: its bytes that are not UTF-8 continuation
        // bytes (0x80..=0xBF). A plain byte count, which the compiler vectorizes; walking
        // `char_indices` cost ~7% of the writer thread.
        let (mut at, mut chars) = (0usize, 0usize);
        for b in bytes {
            let end = b.min(raw.len());
            if end > at {
                chars += raw[at..end].iter().filter(|&&x| (x as i8) >= -0x40).count();
                at = end;
            }
            table.push((b, chars));
        }
        CharOffsets { table }
    }

    fn get(&self, byte: usize) -> i64 {
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table[i].1 as i64,
            Err(_) => 0,
        }
    }

    fn span(&self, span: Span) -> (i64, i64) {
        (self.get(span.start), self.get(span.end))
    }
}

/// Inserts the article, its dates, entities and signature; its pk, or `None` if a
/// uniqueness conflict (hash or id) kept it out.
fn insert_article(conn: &Connection, d: &Derived, counted: bool, known: &mut Known) -> Result<Option<i64>> {
    let (doc, norm, ents) = (&d.doc, &d.norm, &d.entities);
    let mut offsets = Vec::new();
    let mut want = |s: Span| {
        offsets.push(s.start);
        offsets.push(s.end);
    };
    norm.title.iter().for_each(|x| want(x.span));
    norm.published.iter().for_each(|x| want(x.span));
    norm.source.iter().for_each(|x| want(x.span));
    norm.dateline.iter().for_each(|x| want(x.span));
    norm.body_spans.iter().for_each(|s| want(*s));
    norm.event_dates.iter().for_each(|d| want(d.span));
    for p in &ents.persons {
        want(p.span);
        p.title_span.iter().for_each(|s| want(*s));
    }
    ents.places.iter().for_each(|x| want(x.span));
    ents.orgs.iter().for_each(|x| want(x.span));
    ents.platforms.iter().for_each(|x| want(x.span));
    ents.counts.iter().for_each(|x| want(x.span));
    for e in &ents.events {
        want(e.span);
        e.date.iter().for_each(|d| want(d.span));
        e.organizer.iter().for_each(|o| want(o.span));
        e.places.iter().for_each(|p| want(p.span));
        e.participants.iter().for_each(|p| want(p.span));
    }
    ents.topics.iter().for_each(|x| want(x.span));
    let chars = CharOffsets::new(&doc.raw, offsets);

    let span = |s: Option<Span>| s.map(|s| chars.span(s));
    let title_span = span(norm.title.as_ref().map(|x| x.span));
    let source_span = span(norm.source.as_ref().map(|x| x.span));
    let dateline_span = span(norm.dateline.as_ref().map(|x| x.span));
    // The page's own date first; else a date the crawler supplied (no span in the text).
    let (published, published_span) = match &norm.published {
        Some(p) => (Some(p.value), span(Some(p.span))),
        None => (doc.hint_date.as_deref().and_then(parse_hint_date), None),
    };
    let body_spans: Vec<[i64; 2]> = norm
        .body_spans
        .iter()
        .map(|s| {
            let (a, b) = chars.span(*s);
            [a, b]
        })
        .collect();
    let source = norm.source.as_ref().map(|s| fold(&s.value));
    let inserted = conn.prepare_cached(INSERT_ARTICLE)?.execute(named_params! {
        ":id": doc.id,
        ":origin": doc.origin,
        ":url": doc.url,
        ":sha256": doc.sha256,
        ":raw": doc.raw,
    ":encoding": doc.encoding,
        ":title": d.title,
        ":title_start": title_span.map(|s| s.0),
        ":title_end": title_span.map(|s| s.1),
        ":published": published.map(|p| p.iso()),
        ":published_precision": published.map(|p| p.precision.as_str()),
        ":published_start": published_span.map(|s| s.0),
        ":published_end": published_span.map(|s| s.1),
        ":source": source,
        ":source_canonical": source.as_deref().map(normalize::canonical_source),
        ":source_start": source_span.map(|s| s.0),
        ":source_end": source_span.map(|s| s.1),
        ":dateline": norm.dateline.as_ref().map(|d| fold(&d.value)),
        ":dateline_start": dateline_span.map(|s| s.0),
        ":dateline_end": dateline_span.map(|s| s.1),
        ":body": d.body,
        ":body_spans": serde_json::to_string(&body_spans)?,
        ":language": norm.language,
        ":ingested_at": now(),
        ":province_adcode": main_province(ents),
        ":counted": counted,
    })?;
    if inserted == 0 {
        return Ok(None);
    }
    let pk = conn.last_insert_rowid();
    if !norm.event_dates.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_DATE)?;
        for d in &norm.event_dates {
            let (start, end) = chars.span(d.span);
            stmt.execute(named_params! {
                ":article_pk": pk,
                ":text": d.text,
                ":start": start,
                ":end": end,
                ":date_from": d.start.map(|p| p.iso()),
                ":date_to": d.end.map(|p| p.iso()),
                ":precision": d.start.map(|p| p.precision.as_str()),
            })?;
        }
    }
    insert_entities(conn, pk, ents, &chars, known)?;
    conn.prepare_cached(INSERT_SIGNATURE)?
        .execute(named_params! {":article_pk": pk, ":signature": d.signature.to_bytes()})?;
    Ok(Some(pk))
}

/// The province most often named (directly or through a place inside it).
fn main_province(ents: &Entities) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &ents.places {
        if let Some(code) = p.adcode.as_deref().and_then(|c| c.get(..2)) {
            *counts.entry(code).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(code, _)| format!("{code}0000"))
}

/// What the writer has stored in this build, so that a name met again costs no statement:
/// the ids of persons and organizations by key (an upsert of a known key rewrites its
/// row), and the divisions already in `places`. Each set is emptied when it reaches
/// [`Known::MAX`] entries, so memory stays bounded on any corpus.
#[derive(Default)]
struct Known {
    persons: HashMap<String, i64>,
    orgs: HashMap<String, i64>,
    places: HashSet<String>,
}

impl Known {
    const MAX: usize = 1 << 18;

    /// The id stored under `key` in `map`, or the one `upsert` gives (then remembered).
    fn id(
        map: &mut HashMap<String, i64>,
        key: &str,
        upsert: impl FnOnce() -> rusqlite::Result<i64>,
    ) -> rusqlite::Result<i64> {
        if let Some(&id) = map.get(key) {
            return Ok(id);
        }
        let id = upsert()?;
        if map.len() >= Known::MAX {
            map.clear();
        }
        map.insert(key.to_string(), id);
        Ok(id)
    }

    /// Stores the division `d` in `places` unless this build already did.
    fn place(&mut self, stmt: &mut rusqlite::CachedStatement<'_>, gaz: &Gazetteer, d: &Division) -> Result<()> {
        if self.places.contains(&d.adcode) {
            return Ok(());
        }
        let province = gaz.lineage(d).last().map(|c| c.to_string()).unwrap_or_else(|| d.adcode.clone());
        stmt.execute(named_params! {
            ":adcode": d.adcode, ":name": d.name, ":name_zh": d.name_zh, ":level": d.level.as_str(),
            ":suffix_en": d.suffix_en, ":parent_adcode": d.parent, ":province_adcode": province,
        })?;
        if self.places.len() >= Known::MAX {
            self.places.clear();
        }
        self.places.insert(d.adcode.clone());
        Ok(())
    }
}

/// The id of a row an insert-if-new statement just wrote (`inserted` rows: 1), or, when
/// the row was stored already (0), the one the look-up `find` gives for the same key.
fn inserted_or_found(
    conn: &Connection,
    inserted: usize,
    find: &str,
    key: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<i64> {
    if inserted == 1 {
        return Ok(conn.last_insert_rowid());
    }
    conn.prepare_cached(find)?.query_row(key, |r| r.get(0))
}

fn insert_entities(conn: &Connection, pk: i64, ents: &Entities, chars: &CharOffsets, known: &mut Known) -> Result<()> {
    let gaz = Gazetteer::embedded();
    // (person id, mention id) of each person, by name, for the event participants
    let mut person_rows: HashMap<&str, (i64, i64)> = HashMap::new();
    if !ents.persons.is_empty() {
        let mut insert = conn.prepare_cached(INSERT_PERSON)?;
        let mut mention = conn.prepare_cached(INSERT_MENTION)?;
        for p in &ents.persons {
            let key = extract::person_key(&p.name);
            let person_id = Known::id(&mut known.persons, &key, || {
                let inserted = insert.execute(named_params! {":key": key, ":name": fold(&p.name)})?;
                inserted_or_found(conn, inserted, PERSON_BY_KEY, named_params! {":key": key})
            })?;
            let (start, end) = chars.span(p.span);
            let title = p.title_span.map(|s| chars.span(s));
            mention.execute(named_params! {
                ":article_pk": pk,
                ":person_id": person_id,
                ":name": p.name,
                ":title": p.title.as_deref().map(fold),
                ":role": p.role,
                ":body": p.body,
                ":body_adcode": p.body_adcode,
                ":start": start,
                ":end": end,
                ":title_start": title.map(|t| t.0),
                ":title_end": title.map(|t| t.1),
                ":occurrences": p.mentions.len().max(1) as i64,
            })?;
            person_rows.insert(p.name.as_str(), (person_id, conn.last_insert_rowid()));
        }
    }
    if !ents.places.is_empty() {
        let mut place = conn.prepare_cached(INSERT_PLACE)?;
        let mut article_place = conn.prepare_cached(INSERT_ARTICLE_PLACE)?;
        for p in &ents.places {
            let division = p.adcode.as_deref().and_then(|c| gaz.get(c));
            if let Some(d) = division {
                known.place(&mut place, gaz, d)?;
            }
            let (start, end) = chars.span(p.span);
            article_place.execute(named_params! {
                ":article_pk": pk,
                ":adcode": division.map(|d| d.adcode.as_str()),
                ":name": p.name,
                ":level": p.level.as_str(),
                ":start": start,
                ":end": end,
            })?;
        }
    }
    let mut org_ids: HashMap<&str, i64> = HashMap::new();
    if !ents.orgs.is_empty() {
        let mut insert = conn.prepare_cached(INSERT_ORGANIZATION)?;
        let mut link = conn.prepare_cached(INSERT_ARTICLE_ORGANIZATION)?;
        for o in &ents.orgs {
            let id = Known::id(&mut known.orgs, &o.canonical, || {
                let row = named_params! {":canonical": o.canonical, ":kind": o.kind.as_str(), ":level": o.level, ":adcode": o.adcode};
                let inserted = insert.execute(row)?;
                inserted_or_found(conn, inserted, ORGANIZATION_BY_CANONICAL, named_params! {":canonical": o.canonical})
            })?;
            org_ids.insert(o.canonical.as_str(), id);
            let (start, end) = chars.span(o.span);
            link.execute(named_params! {":article_pk": pk, ":organization_id": id, ":text": o.text, ":start": start, ":end": end})?;
        }
    }
    if !ents.platforms.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_PLATFORM)?;
        for p in &ents.platforms {
            let (start, end) = chars.span(p.span);
            stmt.execute(named_params! {
                ":article_pk": pk, ":concept": p.concept, ":zh": p.zh, ":text": p.text, ":start": start, ":end": end,
            })?;
        }
    }
    if !ents.counts.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_FACT)?;
        for c in &ents.counts {
            let (start, end) = chars.span(c.span);
            stmt.execute(named_params! {
                ":article_pk": pk,
                ":value": i64::try_from(c.value).unwrap_or(i64::MAX),
                ":what": c.what,
                ":text": c.text,
                ":start": start,
                ":end": end,
            })?;
        }
    }
    insert_events(conn, pk, ents, chars, &person_rows, &org_ids, known)?;
    if !ents.topics.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_TOPIC)?;
        for t in &ents.topics {
            let (start, end) = chars.span(t.span);
            stmt.execute(named_params! {
                ":article_pk": pk, ":topic": t.topic, ":term": t.term, ":start": start, ":end": end,
            })?;
        }
    }
    Ok(())
}

/// Inserts the events of one article with their places and participants. Participants
/// link to the person and mention rows just written (by name); places to the gazetteer.
fn insert_events(
    conn: &Connection,
    pk: i64,
    ents: &Entities,
    chars: &CharOffsets,
    person_rows: &HashMap<&str, (i64, i64)>,
    org_ids: &HashMap<&str, i64>,
    known: &mut Known,
) -> Result<()> {
    if ents.events.is_empty() {
        return Ok(());
    }
    let gaz = Gazetteer::embedded();
    let division_of = |code: Option<&String>| code.and_then(|c| gaz.get(c)).map(|d| d.adcode.clone());
    let mut event = conn.prepare_cached(INSERT_EVENT)?;
    let mut place = conn.prepare_cached(INSERT_EVENT_PLACE)?;
    let mut person = conn.prepare_cached(INSERT_EVENT_PARTICIPANT)?;
    let mut division = conn.prepare_cached(INSERT_PLACE)?;
    for e in &ents.events {
        // every event place is a division of the gazetteer, stored like article places
        for d in e.places.iter().filter_map(|p| p.adcode.as_deref().and_then(|c| gaz.get(c))) {
            known.place(&mut division, gaz, d)?;
        }
        let (start, end) = chars.span(e.span);
        let date = e.date.as_ref().map(|d| chars.span(d.span));
        let org = e.organizer.as_ref().map(|o| chars.span(o.span));
        let organizer = e.organizer.as_ref().map(|o| o.canonical.as_str());
        event.execute(named_params! {
            ":article_pk": pk,
            ":type": e.event_type,
            ":text": e.text,
            ":start": start,
            ":end": end,
            ":date_from": e.date.as_ref().map(|d| d.from.iso()),
            ":date_to": e.date.as_ref().and_then(|d| d.to).map(|d| d.iso()),
            ":precision": e.date.as_ref().map(|d| d.from.precision.as_str()),
            ":date_text": e.date.as_ref().map(|d| fold(&d.text)),
            ":date_start": date.map(|d| d.0),
            ":date_end": date.map(|d| d.1),
            ":organizer": organizer,
            ":organization_id": organizer.and_then(|o| org_ids.get(o)),
            ":organizer_start": org.map(|o| o.0),
            ":organizer_end": org.map(|o| o.1),
            ":place_adcode": e.places.iter().find_map(|p| division_of(p.adcode.as_ref())),
        })?;
        let id = conn.last_insert_rowid();
        for p in &e.places {
            let (start, end) = chars.span(p.span);
            place.execute(named_params! {
                ":event_id": id, ":adcode": division_of(p.adcode.as_ref()), ":name": p.name, ":start": start, ":end": end,
            })?;
        }
        for p in &e.participants {
            let Some(&(person_id, mention_id)) = person_rows.get(p.name.as_str()) else { continue };
            let (start, end) = chars.span(p.span);
            person.execute(named_params! {
                ":event_id": id, ":person_id": person_id, ":mention_id": mention_id, ":name": p.name,
                ":role": p.role.as_str(), ":basis": if p.inferred { "inferred" } else { "stated" },
                ":start": start, ":end": end,
            })?;
        }
    }
    Ok(())
}

/// Groups near-duplicate articles into stories over every stored signature (earliest
/// publication first, so the canonical copy is the earliest) and stores the story id
/// of each article whose story changed.
///
/// Memory is bounded to ~140 bytes per article: the signatures are read twice, first for
/// their 32-bit band keys (to find the articles that share a band with another), then to
/// keep the full signatures of those articles only; the rest are their own story.
fn assign_stories(conn: &Connection) -> Result<()> {
    // (pk, pk of the current story or 0), in canonical order.
    let mut order: Vec<(i64, i64)> = Vec::new();
    {
        let mut stmt = conn.prepare(SELECT_SIGNATURES)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            order.push((r.get(0)?, r.get(1)?));
        }
    }
    let n = order.len();
    let mut index: Vec<(i64, u32)> = order.iter().enumerate().map(|(i, &(pk, _))| (pk, i as u32)).collect();
    index.sort_unstable();
    let position = |pk: i64| index.binary_search_by_key(&pk, |x| x.0).ok().map(|k| index[k].1 as usize);
    // A signature of another version is treated as empty (similar to nothing).
    let read = |bytes: &[u8]| Signature::from_bytes(bytes).unwrap_or_default();
    let scan = |f: &mut dyn FnMut(usize, &[u8])| -> Result<()> {
        let mut stmt = conn.prepare(SCAN_SIGNATURES)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let pk: i64 = r.get(0)?;
            if let (Some(i), rusqlite::types::ValueRef::Blob(bytes)) = (position(pk), r.get_ref(1)?) {
                f(i, bytes);
            }
        }
        Ok(())
    };
    let mut keys = vec![None; n];
    scan(&mut |i, bytes| keys[i] = dedup::band_keys32(&read(bytes)))?;
    let hit = dedup::colliding(&keys);
    drop(keys);
    // Sized up front: growing by doubling would hold the old and the new buffer at once.
    let mut members = Vec::with_capacity(hit.iter().filter(|&&h| h).count());
    scan(&mut |i, bytes| {
        if hit[i] {
            members.push((i as u32, read(bytes)));
        }
    })?;
    drop(hit);
    members.sort_unstable_by_key(|m| m.0);
    let groups = dedup::group_sparse(n, &members, dedup::DEFAULT_THRESHOLD);
    drop(members);
    let mut update = conn.prepare_cached(UPDATE_STORY)?;
    for (i, a) in groups.iter().enumerate() {
        let story_pk = order.get(a.story).map_or(order[i].0, |o| o.0);
        if order[i].1 != story_pk {
            update.execute(named_params! {":story_pk": story_pk, ":similarity": a.similarity, ":pk": order[i].0})?;
        }
    }
    Ok(())
}

/// A crawler-supplied date: `YYYY-MM-DD`, optionally followed by a time.
fn parse_hint_date(s: &str) -> Option<PartialDate> {
    let head = s.trim().get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(PartialDate::day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let raw = "协商 ab 会议";
        let chars = CharOffsets::new(raw, vec![0, 3, 6, 7, raw.len()]);
        assert_eq!(chars.get(0), 0);
        assert_eq!(chars.get(3), 1);
        assert_eq!(chars.get(6), 2);
        assert_eq!(chars.get(7), 3);
        assert_eq!(chars.get(raw.len()), 8);
        // Past the end: every character; a supplementary-plane character counts once.
        let raw = "a😀b";
        let chars = CharOffsets::new(raw, vec![raw.len() + 5, 5, 1, 0]);
        assert_eq!((chars.get(0), chars.get(1), chars.get(5), chars.get(raw.len() + 5)), (0, 1, 2, 3));
    }

    #[test]
    fn hint_dates_parse_with_or_without_time() {
        assert_eq!(parse_hint_date("2023-08-13T10:00:00Z").map(|d| d.iso()), Some("2023-08-13".into()));
        assert_eq!(parse_hint_date("yesterday"), None);
    }
}
