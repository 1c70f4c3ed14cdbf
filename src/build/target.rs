//! The database file a build writes: a new one is built in a temporary file beside its
//! final path and renamed into place at the end ([`TempDb`], used by build and rebuild);
//! an existing one is extended in place ([`open_in_place`]).

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store;

/// A new database being written in a temporary file beside its final path, on the same
/// file system so the final rename is atomic. Removed on drop unless
/// [`TempDb::rename_into`] was reached, so an interrupted build leaves nothing that
/// looks like a database.
pub(super) struct TempDb {
    pub(super) conn: Connection,
    /// Declared after `conn`, so dropped after it is closed.
    file: TempFile,
}

/// The temporary file, removed on drop unless renamed (then `None`).
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(&path);
            let _ = fs::remove_file(path.with_extension("building-journal"));
        }
    }
}

impl TempDb {
    /// Opens a fresh temporary file beside `db` with the current schema.
    pub(super) fn create(db: &Path) -> Result<TempDb> {
        let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "xieshang.db".into());
        let tmp = db.with_file_name(format!(".{name}.building-{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        let file = TempFile(Some(tmp.clone()));
        let mut temp = TempDb { conn: Connection::open(&tmp)?, file };
        store::set_pragmas(&temp.conn)?;
        // The temporary file is thrown away on failure, so it needs no durability until
        // the end, and no rollback journal: any failed statement fails the build. An
        // in-memory journal held a copy of every page a transaction changed; the last
        // ones (story of each syndicated copy, merging the word index) change most of
        // the file, which at a million articles came to gigabytes.
        temp.conn.pragma_update(None, "synchronous", "OFF")?;
        temp.conn.pragma_update(None, "journal_mode", "OFF")?;
        // A page cache big enough for the hot pages of the indexes (64 MiB).
        temp.conn.pragma_update(None, "cache_size", -65536)?;
        temp.conn.pragma_update(None, "foreign_keys", false)?;
        store::schema::migrate(&mut temp.conn)?;
        Ok(temp)
    }

    /// Closes the file durably and renames it to `db` (replacing what was there).
    pub(super) fn rename_into(mut self, db: &Path) -> Result<()> {
        let Some(tmp) = self.file.0.clone() else {
            return Err(Error::BadArgument(format!("{}: temporary database already renamed", db.display())));
        };
        // WAL is recorded in the file header; closing checkpoints and removes the -wal file,
        // so renaming the main file alone is complete.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        let conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        conn.close().map_err(|(_, e)| e)?;
        fs::File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, db).map_err(|e| Error::path(db, e))?;
        self.file.0 = None;
        if let Some(dir) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

/// Opens an existing database to extend it in place: WAL mode (readers go on reading),
/// one transaction per batch, so a killed build keeps every committed batch and the next
/// run resumes where it stopped (stored documents are recognized by their hash).
pub(super) fn open_in_place(db: &Path) -> Result<Connection> {
    let mut conn = Connection::open(db)?;
    // Before the pragmas: registering FTS5 functions reads the file.
    store::check_is_xieshang(&conn, db)?;
    store::set_pragmas(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    store::schema::migrate_with_backup(&mut conn, db)?;
    Ok(conn)
}

/// Removes the temporary files of earlier builds of `db` killed before their rename.
pub(super) fn remove_stale_temps(db: &Path) {
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
