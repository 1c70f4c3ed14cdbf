//! The SQLite store: opening and migrating a xieshang database, the writer a build
//! stores its rows with, queries, search, exports and checks. The build that drives the
//! writer is in `src/build/`.
//!
//! Every SQL string lives in `sql/` and is compiled in with `include_str!`.

mod analysis;
#[cfg(feature = "arrow")]
mod arrow;
mod bulk;
mod check;
#[cfg(feature = "parquet")]
mod parquet;
mod query;
pub mod schema;
pub(crate) mod search;
mod stored;
mod summary;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub use analysis::{FACETS, NETWORKS, TIMELINE_GROUPS};
#[cfg(feature = "arrow")]
pub use arrow::ArrowTable;
pub(crate) use bulk::BulkLoad;
pub use check::CheckReport;
#[cfg(feature = "parquet")]
pub use parquet::ParquetReport;
pub use query::{Column, Params, Table};
pub use rusqlite::types::Value;
pub use schema::SCHEMA_VERSION;
pub use search::{cjk_runs, hits_table, is_cjk, parse_query, register_functions, Query, SearchOptions};
pub(crate) use stored::{
    max_article_pk, scan_signatures, sha_key, stored_counter, stored_documents, stored_hashes, stored_size, story_order,
};
pub(crate) use summary::{forget as forget_summary, store as store_summary};
pub(crate) use writer::{
    add_corpus_counts, copy_logs, insert_build, insert_cjk, insert_errors, insert_words, now, set_story, ArticleRows,
    BodySpans, Stored, Writer,
};
// Where src/python/mod.rs imports it from.
pub use crate::model::BuildOptions;

/// A xieshang dataset: a read-only handle on one SQLite database (a file, or the
/// in-memory sample). Build or extend databases with [`Corpus::build`].
///
/// ```
/// let corpus = xieshang::Corpus::sample()?;
/// let hits = corpus.search("living room", 5)?;
/// assert_eq!(hits[0].id, "000_fa76f7cebd490d1b");
/// # Ok::<(), xieshang::Error>(())
/// ```
#[derive(Debug)]
pub struct Corpus {
    conn: Connection,
    path: Option<PathBuf>,
}

pub(crate) fn set_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    search::register_functions(conn)?;
    Ok(())
}

impl Corpus {
    /// Opens an existing database for reading. An older schema is migrated first; a newer
    /// one is refused with [`Error::SchemaTooNew`]. The returned handle is query-only.
    pub fn open(path: impl AsRef<Path>) -> Result<Corpus> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::NotFound { path: path.to_path_buf() });
        }
        let mut conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        // Before the pragmas: registering FTS5 functions reads the file.
        check_is_xieshang(&conn, path)?;
        set_pragmas(&conn)?;
        schema::migrate_with_backup(&mut conn, path)?;
        conn.pragma_update(None, "query_only", true)?;
        // A search reads a few MB of posting lists (see topk.rs): keep them cached
        // between queries (64 MiB at most, filled as read), and map the file, because
        // SQLite reads a long blob's overflow pages past its cache, a system call each
        // (SQLite caps the map at 2 GB; a build replaces the file by renaming a finished
        // copy over it, so a mapped file is never truncated under a reader).
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "mmap_size", 1i64 << 31)?;
        Ok(Corpus { conn, path: Some(path.to_path_buf()) })
    }

    /// A handle on an in-memory database a build has just written (the sample).
    pub(crate) fn in_memory(conn: Connection) -> Result<Corpus> {
        conn.pragma_update(None, "query_only", true)?;
        Ok(Corpus { conn, path: None })
    }

    /// The database file, or `None` for the in-memory sample.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying connection (query-only).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A new in-memory database with the current schema.
pub(crate) fn open_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    set_pragmas(&conn)?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

/// A second, read-only connection on a database file (for parallel reads).
#[cfg(feature = "arrow")]
fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    set_pragmas(&conn)?;
    Ok(conn)
}

/// Refuses files that are SQLite databases of some other program (or not SQLite at all).
pub(crate) fn check_is_xieshang(conn: &Connection, path: &Path) -> Result<()> {
    let tables: std::result::Result<i64, rusqlite::Error> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    let tables = match tables {
        Ok(n) => n,
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            return Err(Error::NotADatabase { path: path.to_path_buf(), reason: "not an SQLite file".into() })
        }
        Err(e) => return Err(e.into()),
    };
    let has_articles: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles'", [], |r| {
            r.get(0)
        })?;
    if tables > 0 && has_articles == 0 {
        return Err(Error::NotADatabase { path: path.to_path_buf(), reason: "it has no articles table".into() });
    }
    Ok(())
}
