//! Write: the writer thread's side of the build. Each batch is stored in one
//! transaction; the last transaction adds the build's corpus evidence and regroups the
//! stories.

use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::derive::{Derived, Prepared};
use super::{stats, stories};
use crate::error::Result;
use crate::model::{BuildReport, IngestError, Progress};
use crate::normalize::CorpusCounter;
use crate::store::{self, Stored, Writer};

/// Stores the batches of one build.
pub(super) struct Batches<'a> {
    conn: &'a mut Connection,
    writer: Writer,
    /// A new database: its articles are stored already marked as counted (marking them
    /// all in the last transaction rewrote a page per article).
    fresh: bool,
    /// The full-text rows are the writer's to write (the index triggers are off).
    direct_fts: bool,
    progress: Option<&'a dyn Progress>,
    report: BuildReport,
    bytes: u64,
    docs: u64,
    busy: Duration,
}

impl<'a> Batches<'a> {
    pub(super) fn new(
        conn: &'a mut Connection,
        fresh: bool,
        direct_fts: bool,
        progress: Option<&'a dyn Progress>,
    ) -> Batches<'a> {
        let (report, writer) = (BuildReport::default(), Writer::default());
        Batches { conn, writer, fresh, direct_fts, progress, report, bytes: 0, docs: 0, busy: Duration::ZERO }
    }

    /// Stores one batch (`bytes` of input) in one transaction.
    pub(super) fn write(&mut self, prepared: Vec<Prepared>, bytes: u64) -> Result<()> {
        let started = Instant::now();
        let tx = self.conn.transaction()?;
        if !self.fresh {
            // The stored summary no longer holds once this batch is in; `finish` stores
            // it again, and a build killed before that leaves none.
            store::forget_summary(&tx)?;
        }
        let mut rejected = Vec::new();
        // (pk, document) of each article added, for the full-text rows
        let mut added: Vec<(i64, &Derived)> = Vec::new();
        for p in &prepared {
            self.docs += 1;
            match p {
                Prepared::Doc(d) => {
                    self.report.seen += 1;
                    match self.writer.article(&tx, &d.rows(), self.fresh)? {
                        Stored::Added(pk) => {
                            self.report.added += 1;
                            added.push((pk, d));
                        }
                        Stored::Unchanged => self.report.unchanged += 1,
                        Stored::Rejected(e) => rejected.push(e),
                    }
                }
                Prepared::Unchanged => {
                    self.report.seen += 1;
                    self.report.unchanged += 1;
                }
                Prepared::Error(e) => rejected.push(e.clone()),
            }
        }
        if self.direct_fts {
            // One index at a time, single-row inserts only: a statement that may write
            // several rows opens a statement savepoint, and FTS5 writes its pending terms
            // out as a new segment at every savepoint.
            for &(pk, d) in &added {
                store::insert_words(&tx, pk, d.title.as_deref(), &d.body)?;
            }
            for &(pk, d) in &added {
                if let Some((title, body)) = &d.cjk {
                    store::insert_cjk(&tx, pk, title.as_deref(), body.as_deref())?;
                }
            }
        }
        store::insert_errors(&tx, &rejected)?;
        tx.commit()?;
        self.report.errors.append(&mut rejected);
        self.bytes += bytes;
        if let Some(p) = self.progress {
            p.advance(self.bytes, self.docs);
        }
        self.busy += started.elapsed();
        Ok(())
    }

    /// The last transaction: the corpus evidence of this build (`delta`; `mark`: the
    /// stored articles to mark as counted, see [`store::add_corpus_counts`]), the
    /// stories regrouped if articles were added, and the corpus summary counted and
    /// stored (what `repr(corpus)` shows).
    pub(super) fn finish(self, delta: &CorpusCounter, mark: Option<(i64, &str)>) -> Result<BuildReport> {
        let started = Instant::now();
        let tx = self.conn.transaction()?;
        store::add_corpus_counts(&tx, delta, mark)?;
        if self.report.added > 0 {
            stories::assign_stories(&tx)?;
        }
        let counting = Instant::now();
        store::store_summary(&tx)?;
        let counted = counting.elapsed().as_secs_f64();
        tx.commit()?;
        stats(|| {
            let (busy, last) = (self.busy.as_secs_f64(), started.elapsed().as_secs_f64());
            format!("writer busy {busy:.2} s, final transaction {last:.2} s (summary {counted:.2} s)")
        });
        Ok(self.report)
    }
}

/// Stores the input errors of a build that found nothing new.
pub(super) fn errors_only(conn: &mut Connection, errors: &[IngestError]) -> Result<()> {
    let tx = conn.transaction()?;
    store::insert_errors(&tx, errors)?;
    tx.commit()?;
    Ok(())
}
