//! Schema migrations, versioned with `PRAGMA user_version`.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

macro_rules! sql_file {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/sql/", $path))
    };
}
pub(crate) use sql_file;

/// Migrations in order: migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    sql_file!("migrations/0001_init.sql"),
    sql_file!("migrations/0002_add_entities.sql"),
    sql_file!("migrations/0003_events_topics.sql"),
    sql_file!("migrations/0004_search.sql"),
    sql_file!("migrations/0005_text_last_inferred_roles.sql"),
    sql_file!("migrations/0006_search_terms.sql"),
    sql_file!("migrations/0007_articles_meta_index.sql"),
    sql_file!("migrations/0008_search_postings.sql"),
    sql_file!("migrations/0009_search_positions_fixed.sql"),
    sql_file!("migrations/0010_add_body_offsets.sql"),
];

/// The schema version this build of xieshang writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`SCHEMA_VERSION`] in one immediate transaction, or fails
/// with [`Error::SchemaTooNew`] if it was written by a newer xieshang.
///
/// Migrations and triggers call xieshang's SQL functions (`xieshang_cjk`): register them
/// on the connection first ([`crate::store::register_functions`]), as every connection
/// the store opens does.
pub fn migrate(conn: &mut Connection) -> Result<i64> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    if found == SCHEMA_VERSION {
        return Ok(found);
    }
    // A migration that rebuilds a table (0005) drops the old one: with foreign keys on,
    // that would cascade into every table referencing it. They are switched off around
    // the transaction (SQLite ignores the pragma inside one) and checked before commit.
    let foreign_keys: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let outcome = apply(conn);
    conn.pragma_update(None, "foreign_keys", foreign_keys)?;
    outcome
}

fn apply(conn: &mut Connection) -> Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    for sql in MIGRATIONS.iter().skip(found as usize) {
        tx.execute_batch(sql)?;
    }
    let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if broken > 0 {
        return Err(Error::Migration { found, reason: format!("{broken} rows would reference missing rows") });
    }
    if found < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(found)
}

/// Like [`migrate`], but first copies a database of an older, non-empty schema to
/// `NAME.v{N}.bak` beside it, so an upgrade can always be undone.
pub fn migrate_with_backup(conn: &mut Connection, path: &std::path::Path) -> Result<i64> {
    let found = version(conn)?;
    if found > 0 && found < SCHEMA_VERSION {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let backup = path.with_file_name(format!("{name}.v{found}.bak"));
        if !backup.exists() {
            conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])?;
        }
    }
    migrate(conn)
}

/// The schema version stored in the database.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_current_version_and_reopen_is_noop() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        crate::store::register_functions(&conn)?;
        assert_eq!(migrate(&mut conn)?, 0);
        assert_eq!(version(&conn)?, SCHEMA_VERSION);
        assert_eq!(migrate(&mut conn)?, SCHEMA_VERSION);
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('articles', 'ingest_errors', 'articles_fts')",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(n, 3);
        Ok(())
    }

    #[test]
    fn newer_schema_is_refused() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)?;
        match migrate(&mut conn) {
            Err(Error::SchemaTooNew { found, supported }) => {
                assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
            }
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
        Ok(())
    }
}
