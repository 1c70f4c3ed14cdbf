//! `--rebuild`: re-derives every normalized table from the stored raw text.
//!
//! The raw text is the source of truth. A rebuild streams every stored document (id,
//! origin, url, raw text, encoding, hash) out of the database through the same pipeline
//! as a build from files, into a fresh database beside it, then renames that into place.
//! Corpus-level evidence (template lines, duplicate stories) is recounted from scratch;
//! `ingested_at`, the ingest error log and the build log are carried over. Like a new
//! build, an interrupted or failed rebuild leaves the old database untouched.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::ingest::{self, BuildOptions, Source, TempDb};
use super::schema;
use crate::error::{Error, Result};
use crate::input::Item;
use crate::model::{BuildReport, Document, IngestError};

/// Error kind of a stored document that could not be read back; any such error aborts
/// the rebuild, since the new database would otherwise lose that document.
const READ_BACK: &str = "rebuild_read";

const SELECT_STORED: &str = super::schema::sql_file!("queries/select_stored_documents.sql");
const COPY_LOGS: [&str; 3] = [
    super::schema::sql_file!("queries/rebuild_copy_errors.sql"),
    super::schema::sql_file!("queries/rebuild_copy_builds.sql"),
    super::schema::sql_file!("queries/rebuild_copy_ingested_at.sql"),
];

pub(crate) fn rebuild(db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    if !db.is_file() {
        return Err(Error::NotFound { path: db.to_path_buf() });
    }
    let (bytes, docs) = {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        // Before the pragmas: registering FTS5 functions reads the file.
        super::check_is_xieshang(&conn, db)?;
        super::set_pragmas(&conn)?;
        let found = schema::version(&conn)?;
        if found > schema::SCHEMA_VERSION {
            return Err(Error::SchemaTooNew { found, supported: schema::SCHEMA_VERSION });
        }
        conn.query_row("SELECT coalesce(sum(length(CAST(raw AS BLOB))), 0), count(*) FROM articles", [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?
    };

    let mut temp = TempDb::create(db)?;
    let conn = &mut temp.conn;

    let started = ingest::now();
    let source = Source::Stored { path: db.to_path_buf(), bytes: bytes.max(0) as u64 };
    let mut report = ingest::ingest(conn, &source, options, true)?;
    if let Some(e) = report.errors.iter().find(|e| e.kind == READ_BACK) {
        return Err(Error::BadArgument(format!("{}: rebuild stopped, old database kept: {}", e.origin, e.message)));
    }
    if report.added != docs.max(0) as u64 {
        return Err(Error::BadArgument(format!(
            "{}: rebuild stored {} of {} articles; old database kept",
            db.display(),
            report.added,
            docs
        )));
    }
    conn.execute("ATTACH DATABASE ?1 AS old", [db.to_string_lossy()])?;
    {
        let tx = conn.transaction()?;
        for sql in COPY_LOGS {
            tx.execute(sql, [])?;
        }
        tx.execute(
            "INSERT INTO builds (started_at, finished_at, inputs, seen, added, unchanged, errors, version)
             VALUES (?1, ?2, '[\"--rebuild\"]', ?3, ?4, 0, 0, ?5)",
            rusqlite::params![
                started,
                ingest::now(),
                report.seen as i64,
                report.added as i64,
                env!("CARGO_PKG_VERSION")
            ],
        )?;
        tx.commit()?;
    }
    conn.execute("DETACH DATABASE old", [])?;
    // Readers that still hold the old file keep their snapshot; its -wal/-shm files are
    // stale once the new file is in place.
    temp.rename_into(db)?;
    for ext in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(ext);
        let _ = fs::remove_file(side);
    }
    report.unchanged = 0;
    Ok(report)
}

/// Streams the documents stored in `db`, in storage order, to `push`; stops when
/// `go_on` says so. A read failure is pushed as a [`READ_BACK`] error item.
pub(super) fn stream_stored(db: &Path, push: &mut dyn FnMut(Item), go_on: &dyn Fn() -> bool) {
    let result = (|| -> Result<()> {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        super::set_pragmas(&conn)?;
        let mut stmt = conn.prepare(SELECT_STORED)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            push(Item::Doc(Document {
                id: r.get(0)?,
                origin: r.get(1)?,
                url: r.get(2)?,
                raw: r.get(3)?,
                encoding: r.get(4)?,
                sha256: r.get(5)?,
                hint_date: r.get(6)?,
            }));
            if !go_on() {
                break;
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        push(Item::Error(IngestError {
            origin: db.display().to_string(),
            kind: READ_BACK.into(),
            message: e.to_string(),
        }));
    }
}
