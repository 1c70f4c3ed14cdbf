//! Writes: the build (temporary file, batches, rename into place) and article inserts.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use rusqlite::{named_params, Connection, OptionalExtension};

use super::schema::{self, sql_file};
use crate::error::{Error, Result};
use crate::input::{self, Item};
use crate::model::{BuildReport, Document, IngestError, Normalized, PartialDate, Span};
use crate::normalize::{self, Normalizer};
use crate::text::fold;

const INSERT_ARTICLE: &str = sql_file!("queries/insert_article.sql");
const INSERT_ARTICLE_DATE: &str = sql_file!("queries/insert_article_date.sql");
const INSERT_INGEST_ERROR: &str = sql_file!("queries/insert_ingest_error.sql");
const ARTICLE_BY_SHA: &str = sql_file!("queries/article_by_sha.sql");
const ARTICLE_BY_ID: &str = sql_file!("queries/article_by_id.sql");

/// Receives build progress: the number of documents done out of a total.
pub trait Progress: Send + Sync {
    /// Called once the inputs are known.
    fn start(&self, _total: u64) {}
    /// Called after each batch is committed, with the number of documents done so far.
    fn advance(&self, _done: u64) {}
    /// Called at the end of the build.
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

fn now() -> String {
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
    super::set_pragmas(&conn)?;
    super::check_is_xieshang(&conn, db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    schema::migrate_with_backup(&mut conn, db)?;
    let report = run(&mut conn, inputs, options)?;
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    Ok(report)
}

/// Creates a new database: built in a temporary file beside `db` and renamed into place
/// at the end, so an interrupted build leaves nothing that looks like a database.
fn build_new(inputs: &[PathBuf], db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let tmp = temp_path(db);
    let _ = fs::remove_file(&tmp);
    let mut guard = TempGuard(Some(tmp.clone()));
    let mut conn = Connection::open(&tmp)?;
    super::set_pragmas(&conn)?;
    // The temporary file is thrown away on failure, so it needs no durability until the end.
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "journal_mode", "MEMORY")?;
    schema::migrate(&mut conn)?;
    let report = run(&mut conn, inputs, options)?;
    // WAL is recorded in the file header; closing checkpoints and removes the -wal file,
    // so renaming the main file alone is complete.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.close().map_err(|(_, e)| e)?;
    fs::File::open(&tmp)?.sync_all()?;
    fs::rename(&tmp, db).map_err(|e| Error::path(db, e))?;
    guard.0 = None;
    if let Some(dir) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(report)
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

/// Reads the inputs (or the sample), ingests them and logs the build.
fn run(conn: &mut Connection, inputs: &[PathBuf], options: &BuildOptions) -> Result<BuildReport> {
    let started = now();
    let (docs, errors) = if inputs.is_empty() { (crate::sample::documents(), Vec::new()) } else { read_inputs(inputs) };
    let report = ingest_documents(conn, docs, errors, options)?;
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

/// Reads every input into documents, collecting errors; nothing stops the read.
fn read_inputs(inputs: &[PathBuf]) -> (Vec<Document>, Vec<IngestError>) {
    let (files, mut errors) = input::collect_files(inputs);
    let mut docs = Vec::new();
    for (path, kind) in files {
        input::read_file(&path, kind, &mut |item| match item {
            Item::Doc(d) => docs.push(d),
            Item::Error(e) => errors.push(e),
        });
    }
    (docs, errors)
}

/// Normalizes and stores documents in batches (one transaction per batch); records
/// `errors` in `ingest_errors`. Documents whose bytes are stored already are skipped.
pub(crate) fn ingest_documents(
    conn: &mut Connection,
    docs: Vec<Document>,
    errors: Vec<IngestError>,
    options: &BuildOptions,
) -> Result<BuildReport> {
    let mut report = BuildReport { seen: docs.len() as u64, ..Default::default() };
    let normalizer = Normalizer::from_corpus(docs.iter().map(|d| d.raw.as_str()));
    let progress = options.progress.as_deref();
    if let Some(p) = progress {
        p.start(docs.len() as u64);
    }
    // Errors found while reading are stored with the first batch; each later rejection
    // with the batch it belongs to, so a killed build never loses a committed record.
    let mut pending = errors;
    let batch = options.batch_size.max(1);
    let mut done = 0u64;
    let mut chunks = docs.chunks(batch).peekable();
    if chunks.peek().is_none() && !pending.is_empty() {
        let tx = conn.transaction()?;
        record_errors(&tx, &pending)?;
        tx.commit()?;
        report.errors.append(&mut pending);
    }
    for chunk in chunks {
        let tx = conn.transaction()?;
        for doc in chunk {
            match store_document(&tx, doc, &normalizer)? {
                Stored::Added => report.added += 1,
                Stored::Unchanged => report.unchanged += 1,
                Stored::Rejected(e) => pending.push(e),
            }
        }
        record_errors(&tx, &pending)?;
        tx.commit()?;
        report.errors.append(&mut pending);
        done += chunk.len() as u64;
        if let Some(p) = progress {
            p.advance(done);
        }
    }
    if let Some(p) = progress {
        p.finish();
    }
    Ok(report)
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
    Added,
    Unchanged,
    Rejected(IngestError),
}

fn store_document(conn: &Connection, doc: &Document, normalizer: &Normalizer) -> Result<Stored> {
    let same_bytes: Option<String> = conn
        .prepare_cached(ARTICLE_BY_SHA)?
        .query_row(named_params! {":sha256": doc.sha256}, |r| r.get(0))
        .optional()?;
    if same_bytes.is_some() {
        return Ok(Stored::Unchanged);
    }
    let same_id: Option<String> =
        conn.prepare_cached(ARTICLE_BY_ID)?.query_row(named_params! {":id": doc.id}, |r| r.get(0)).optional()?;
    if same_id.is_some() {
        return Ok(Stored::Rejected(IngestError {
            origin: doc.origin.clone(),
            kind: "duplicate_id".into(),
            message: format!("id {:?} is already stored with different content; not replaced", doc.id),
        }));
    }
    let norm = normalizer.normalize(&doc.raw, doc.url.as_deref());
    insert_article(conn, doc, &norm)?;
    Ok(Stored::Added)
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
        let mut table = Vec::with_capacity(bytes.len());
        let mut char_pos = 0usize;
        let mut chars = raw.char_indices().peekable();
        for b in bytes {
            while chars.next_if(|&(i, _)| i < b).is_some() {
                char_pos += 1;
            }
            table.push((b, char_pos));
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

fn insert_article(conn: &Connection, doc: &Document, norm: &Normalized) -> Result<()> {
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
    conn.prepare_cached(INSERT_ARTICLE)?.execute(named_params! {
        ":id": doc.id,
        ":origin": doc.origin,
        ":url": doc.url,
        ":sha256": doc.sha256,
        ":raw": doc.raw,
    ":encoding": doc.encoding,
        ":title": norm.title.as_ref().map(|t| fold(&t.value)),
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
        ":body": fold(&norm.body),
        ":body_spans": serde_json::to_string(&body_spans)?,
        ":language": norm.language,
        ":ingested_at": now(),
    })?;
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
    }

    #[test]
    fn hint_dates_parse_with_or_without_time() {
        assert_eq!(parse_hint_date("2023-08-13T10:00:00Z").map(|d| d.iso()), Some("2023-08-13".into()));
        assert_eq!(parse_hint_date("yesterday"), None);
    }
}
