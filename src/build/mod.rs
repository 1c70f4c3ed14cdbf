//! The build: input files (or stored documents) → a xieshang database.
//!
//! ```text
//! read ─▶ scan ─────────────────────────────▶ corpus evidence (line counts)
//!   │                                              │
//!   └──▶ read ─▶ derive (normalize, extract, sign) ─▶ write ─▶ stories ─▶ search lists
//!      reader          rayon workers                writer thread
//! ```
//!
//! Two streaming passes over the source, with bounded memory:
//!
//! 1. [`scan`]: count, in parallel, the short lines of every document whose lines are
//!    not yet counted, on top of the counts stored by earlier builds; the counts make
//!    the [`Normalizer`].
//! 2. The build proper: a reader thread streams batches ([`read`]); each batch is
//!    normalized, extracted and signed in parallel ([`derive`]) and handed to a writer
//!    thread that stores it in one transaction ([`write`]). The last transaction stores
//!    the new line counts and groups the near-duplicates into stories ([`stories`]).
//!
//! A new database is written in a temporary file and renamed into place at the end
//! ([`target`]); the database settings of a bulk load are applied and restored by
//! [`store::BulkLoad`]. Documents stored by a build that was killed are counted by the
//! next build that reads them.

mod derive;
mod read;
mod rebuild;
mod scan;
mod stories;
mod target;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::extract::Gazetteer;
use crate::input::Item;
use crate::model::{BuildOptions, BuildReport};
use crate::normalize::Normalizer;
use crate::store::{self, search, BulkLoad, Corpus};
use derive::Prepared;
use read::{item_bytes, Source};
use target::TempDb;

impl Corpus {
    /// The embedded sample corpus (the five seed articles), built in memory.
    pub fn sample() -> Result<Corpus> {
        let mut conn = store::open_memory()?;
        ingest(&mut conn, &Source::Sample, &BuildOptions::default(), true)?;
        Corpus::in_memory(conn)
    }

    /// Builds (or extends) the database at `db` from input files, directories and JSONL
    /// dumps. With no inputs, builds the embedded sample corpus.
    ///
    /// The build works on a temporary copy beside `db` and renames it into place only
    /// when it has finished, so a failed or interrupted build never leaves a half-written
    /// database. Documents whose bytes are already stored are skipped. Inputs that cannot
    /// be read or decoded are recorded in `ingest_errors` and reported; the build goes on.
    pub fn build(inputs: &[PathBuf], db: impl AsRef<Path>, options: &BuildOptions) -> Result<BuildReport> {
        build(inputs, db.as_ref(), options)
    }

    /// Re-derives every normalized and extracted table of the database at `db` from the
    /// raw text it stores (the source of truth), e.g. after the extractor improved.
    ///
    /// Works like a new build: the result is written beside `db` and renamed into place
    /// at the end, so a failed or interrupted rebuild leaves the old database as it was.
    /// Article ids, hashes, `ingested_at`, the ingest error log and the build log are kept.
    pub fn rebuild(db: impl AsRef<Path>, options: &BuildOptions) -> Result<BuildReport> {
        rebuild::rebuild(db.as_ref(), options)
    }
}

fn build(inputs: &[PathBuf], db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    if db.is_dir() {
        return Err(Error::BadArgument(format!("{}: is a directory, expected a database file path", db.display())));
    }
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(Error::NotFound { path: parent.to_path_buf() });
        }
    }
    target::remove_stale_temps(db);
    let started = store::now();
    let source = if inputs.is_empty() { Source::Sample } else { Source::files(inputs) };
    let inputs = serde_json::to_string(&inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>())?;
    if db.exists() {
        let mut conn = target::open_in_place(db)?;
        let report = ingest(&mut conn, &source, options, false)?;
        store::insert_build(&conn, &started, &inputs, &report)?;
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
        Ok(report)
    } else {
        let mut temp = TempDb::create(db)?;
        let report = ingest(&mut temp.conn, &source, options, true)?;
        store::insert_build(&temp.conn, &started, &inputs, &report)?;
        temp.rename_into(db)?;
        Ok(report)
    }
}

/// Builds from `source` into `conn`. `fresh`: the database is a new one, thrown away
/// unless the build completes.
pub(crate) fn ingest(
    conn: &mut Connection,
    source: &Source,
    options: &BuildOptions,
    fresh: bool,
) -> Result<BuildReport> {
    let mut load = BulkLoad::begin(conn, fresh)?;
    let report = load_source(&mut load, source, options, fresh)?;
    load.finish()?;
    // The search's posting lists describe the index as a whole: remade when it changed.
    if report.added > 0 || !search::is_fresh(conn)? {
        let started = std::time::Instant::now();
        search::refresh(conn)?;
        stats(|| format!("search lists {:.2} s", started.elapsed().as_secs_f64()));
    }
    Ok(report)
}

/// The two passes: scan, then read → derive → write.
fn load_source(load: &mut BulkLoad<'_>, source: &Source, options: &BuildOptions, fresh: bool) -> Result<BuildReport> {
    let batch = options.batch_size.max(1);
    let progress = options.progress.as_deref();
    let stored = store::stored_hashes(load)?;
    let scan = scan::scan(source, batch, &stored, progress);
    if !stored.is_empty() && scan.unstored == 0 && scan.delta.documents() == 0 {
        // Every document is stored and counted already: nothing to normalize, count or
        // group, so no second pass (a re-run on the same input costs one read of it).
        write::errors_only(load, &scan.errors)?;
        return Ok(BuildReport { seen: scan.seen, added: 0, unchanged: scan.seen, errors: scan.errors });
    }
    // Articles above this pk are added by this build.
    let before = store::max_article_pk(load)?;
    let recounted = serde_json::to_string(&scan.recounted)?;
    let mut counter = store::stored_counter(load)?;
    // Not merge(delta.clone()): the delta is stored at the end, and a copy of a full
    // table is ~36 MB.
    counter.add_documents(scan.delta.documents());
    for (hash, n) in scan.delta.counts() {
        counter.add_count(hash, n);
    }
    let normalizer = counter.finish();
    let direct_fts = load.direct_fts();
    let mut batches = write::Batches::new(load, fresh, direct_fts, progress);

    if let Some(p) = progress {
        p.start("build", source.total_bytes());
    }
    let batches = std::thread::scope(|s| -> Result<write::Batches<'_>> {
        let (read_tx, read_rx) = sync_channel::<Vec<Item>>(2);
        s.spawn(move || source.stream(batch, true, &mut |items| read_tx.send(items).is_ok()));
        let (write_tx, write_rx) = sync_channel::<(Vec<Prepared>, u64)>(2);
        let writer = s.spawn(move || -> Result<write::Batches<'_>> {
            for (prepared, bytes) in write_rx {
                batches.write(prepared, bytes)?;
            }
            Ok(batches)
        });
        let started = std::time::Instant::now();
        for items in read_rx {
            let bytes = items.iter().map(item_bytes).sum::<u64>();
            let prepared = derive_batch(items, &stored, &normalizer);
            if write_tx.send((prepared, bytes)).is_err() {
                break; // the writer failed; its error is returned below
            }
        }
        drop(write_tx);
        stats(|| format!("read and derive {:.2} s", started.elapsed().as_secs_f64()));
        writer.join().unwrap_or_else(|_| Err(Error::BadArgument("the writer thread panicked".into())))
    })?;
    let mark = (!fresh && scan.delta.documents() > 0).then_some((before, recounted.as_str()));
    let report = batches.finish(&scan.delta, mark)?;
    if let Some(p) = progress {
        p.finish();
    }
    Ok(report)
}

/// Derives one batch on the rayon workers; documents stored already are passed over.
fn derive_batch(items: Vec<Item>, stored: &HashMap<[u8; 32], bool>, normalizer: &Normalizer) -> Vec<Prepared> {
    let gazetteer = Gazetteer::embedded();
    items
        .into_par_iter()
        .map(|item| match item {
            Item::Error(e) => Prepared::Error(e),
            Item::Doc(d) if stored.contains_key(&store::sha_key(&d.sha256)) => Prepared::Unchanged,
            Item::Doc(doc) => derive::derive(doc, normalizer, gazetteer),
        })
        .collect()
}

/// Pipeline timings on stderr, for tuning (`XIESHANG_BUILD_STATS=1`).
fn stats(line: impl FnOnce() -> String) {
    if std::env::var_os("XIESHANG_BUILD_STATS").is_some() {
        eprintln!("xieshang build stats: {}", line());
    }
}
