//! The bulk-load settings of a build, applied together and restored together.

use std::ops::{Deref, DerefMut};

use rusqlite::config::DbConfig;
use rusqlite::Connection;

use super::schema::sql_file;
use crate::error::Result;

const SECONDARY_INDEXES: &str = sql_file!("queries/secondary_indexes.sql");
const TRIGGER_NAMES: &str = sql_file!("queries/trigger_names.sql");
const FTS_AUTOMERGE: &str = sql_file!("queries/fts_automerge.sql");
const FTS_HASHSIZE: &str = sql_file!("queries/fts_hashsize.sql");
/// FTS5's default `automerge`.
const DEFAULT_AUTOMERGE: i64 = 4;
/// FTS5's default `hashsize` (bytes of pending terms before a segment is written).
const DEFAULT_HASHSIZE: i64 = 1 << 20;
/// The `hashsize` a new database is loaded with: a batch of articles makes one segment.
const FRESH_HASHSIZE: i64 = 32 << 20;

/// The triggers that keep the two full-text indexes in step with `articles`; a build
/// with no other trigger in the schema writes their rows itself.
const INDEX_TRIGGERS: [&str; 6] =
    ["articles_ai", "articles_ad", "articles_au", "articles_cjk_ai", "articles_cjk_ad", "articles_cjk_au"];

/// A connection in bulk-load mode. [`BulkLoad::finish`] restores the settings and
/// creates the deferred indexes; dropped without it (a failed build), it restores the
/// settings only.
///
/// - **Triggers off** (`direct_fts`): SQLite opens a statement savepoint for every
///   insert that runs a trigger, and FTS5 flushes its pending terms to a new segment at
///   each savepoint: one tiny segment per article, merged over and over (half the
///   writer's time). The builder writes the full-text rows itself, once per batch,
///   exactly as the triggers would; only when the schema has no other trigger (which
///   the build would then silently skip).
/// - **No CHECK constraints**: the schema's checks hold the enumerated columns (a date's
///   precision, a participant's role) to their values. The build writes those only from
///   Rust enums, so they cannot fail, and SQLite codes an `IN` list of three or more as
///   a temporary b-tree made afresh at every insert. Every other write still meets them,
///   and `xieshang check` verifies them.
/// - New databases only (`fresh`, thrown away if the build fails): **secondary indexes
///   after the load** (one sort each, instead of a b-tree insert per row of every table),
///   and **no incremental merging of the word index** with a large `hashsize` (a batch
///   of articles makes one segment; the end of the build merges the index into one).
pub(crate) struct BulkLoad<'a> {
    conn: &'a mut Connection,
    direct_fts: bool,
    fresh: bool,
    /// The statements that create the dropped indexes again.
    deferred: Vec<String>,
    restored: bool,
}

impl<'a> BulkLoad<'a> {
    pub(crate) fn begin(conn: &'a mut Connection, fresh: bool) -> Result<BulkLoad<'a>> {
        let direct_fts = {
            let mut stmt = conn.prepare(TRIGGER_NAMES)?;
            let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            names.iter().all(|n| INDEX_TRIGGERS.contains(&n.as_str()))
        };
        let mut load = BulkLoad { conn, direct_fts, fresh, deferred: Vec::new(), restored: false };
        if direct_fts {
            load.conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        }
        if fresh {
            load.deferred = drop_secondary_indexes(load.conn)?;
            load.conn.execute(FTS_AUTOMERGE, [0])?;
            load.conn.execute(FTS_HASHSIZE, [FRESH_HASHSIZE])?;
        }
        // Cached statements compiled before were compiled with check (and trigger) code.
        load.conn.flush_prepared_statement_cache();
        load.conn.pragma_update(None, "ignore_check_constraints", true)?;
        Ok(load)
    }

    /// True when the triggers are off and the full-text rows are the builder's to write.
    pub(crate) fn direct_fts(&self) -> bool {
        self.direct_fts
    }

    /// Restores the settings, then creates the deferred indexes.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.restore()?;
        if self.deferred.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        // Sorting on both cores.
        self.conn.pragma_update(None, "threads", 2)?;
        self.conn.execute_batch(&self.deferred.join(";\n"))?;
        self.conn.pragma_update(None, "threads", 0)?;
        if std::env::var_os("XIESHANG_BUILD_STATS").is_some() {
            eprintln!("xieshang build stats: indexes {:.2} s", started.elapsed().as_secs_f64());
        }
        Ok(())
    }

    fn restore(&mut self) -> Result<()> {
        self.restored = true;
        // Cached statements were compiled without check (and maybe trigger) code.
        self.conn.flush_prepared_statement_cache();
        self.conn.pragma_update(None, "ignore_check_constraints", false)?;
        if self.fresh {
            self.conn.execute(FTS_AUTOMERGE, [DEFAULT_AUTOMERGE])?;
            self.conn.execute(FTS_HASHSIZE, [DEFAULT_HASHSIZE])?;
        }
        if self.direct_fts {
            self.conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
        }
        Ok(())
    }
}

impl Drop for BulkLoad<'_> {
    fn drop(&mut self) {
        if !self.restored {
            let _ = self.restore();
        }
    }
}

impl Deref for BulkLoad<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl DerefMut for BulkLoad<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// (CHECK constraints ignored, triggers on, secondary indexes, FTS5 automerge).
    fn settings(conn: &Connection) -> Result<(bool, bool, i64, Option<i64>)> {
        let checks = conn.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))?;
        let triggers = conn.db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER)?;
        let indexes =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL", [], |r| {
                r.get(0)
            })?;
        let automerge =
            conn.query_row("SELECT v FROM articles_fts_config WHERE k = 'automerge'", [], |r| r.get(0)).ok();
        Ok((checks, triggers, indexes, automerge))
    }

    #[test]
    fn a_fresh_load_is_restored_by_finish_and_by_drop() -> Result<()> {
        let mut conn = super::super::open_memory()?;
        let (checks, triggers, indexes, _) = settings(&conn)?;
        assert!(!checks && triggers && indexes >= 20, "{indexes}");

        let load = BulkLoad::begin(&mut conn, true)?;
        assert!(load.direct_fts());
        assert_eq!(settings(&load)?, (true, false, 0, Some(0)));
        load.finish()?;
        assert_eq!(settings(&conn)?, (false, true, indexes, Some(DEFAULT_AUTOMERGE)));

        // A failed build drops the guard: the settings come back; the indexes do not
        // (a new database is thrown away when its build fails).
        let load = BulkLoad::begin(&mut conn, true)?;
        assert_eq!(settings(&load)?, (true, false, 0, Some(0)));
        drop(load);
        assert_eq!(settings(&conn)?, (false, true, 0, Some(DEFAULT_AUTOMERGE)));
        Ok(())
    }

    #[test]
    fn an_existing_database_keeps_its_indexes_and_merging() -> Result<()> {
        let mut conn = super::super::open_memory()?;
        let before = settings(&conn)?;
        let load = BulkLoad::begin(&mut conn, false)?;
        assert_eq!(settings(&load)?, (true, false, before.2, before.3));
        load.finish()?;
        assert_eq!(settings(&conn)?, before);
        // Another trigger in the schema: the index triggers stay on (the build would
        // otherwise skip that one).
        conn.execute_batch("CREATE TRIGGER extra AFTER DELETE ON articles BEGIN SELECT 1; END")?;
        let load = BulkLoad::begin(&mut conn, false)?;
        assert!(!load.direct_fts());
        assert!(settings(&load)?.1);
        Ok(())
    }
}
