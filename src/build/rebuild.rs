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

use super::ingest;
use super::read::{Source, READ_BACK};
use super::target::TempDb;
use crate::error::{Error, Result};
use crate::model::BuildOptions;
use crate::model::BuildReport;
use crate::store::{self, schema};

pub(super) fn rebuild(db: &Path, options: &BuildOptions) -> Result<BuildReport> {
    if !db.is_file() {
        return Err(Error::NotFound { path: db.to_path_buf() });
    }
    let (bytes, docs) = {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        // Before the pragmas: registering FTS5 functions reads the file.
        store::check_is_xieshang(&conn, db)?;
        store::set_pragmas(&conn)?;
        let found = schema::version(&conn)?;
        if found > schema::SCHEMA_VERSION {
            return Err(Error::SchemaTooNew { found, supported: schema::SCHEMA_VERSION });
        }
        store::stored_size(&conn)?
    };

    let mut temp = TempDb::create(db)?;
    let started = store::now();
    let source = Source::Stored { path: db.to_path_buf(), bytes };
    let mut report = ingest(&mut temp.conn, &source, options, true)?;
    if let Some(e) = report.errors.iter().find(|e| e.kind == READ_BACK) {
        return Err(Error::BadArgument(format!("{}: rebuild stopped, old database kept: {}", e.origin, e.message)));
    }
    if report.added != docs {
        return Err(Error::BadArgument(format!(
            "{}: rebuild stored {} of {} articles; old database kept",
            db.display(),
            report.added,
            docs
        )));
    }
    store::copy_logs(&mut temp.conn, db, &started, &report)?;
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
