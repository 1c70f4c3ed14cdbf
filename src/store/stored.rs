//! What a build reads back from the database it writes: the stored documents' hashes,
//! the corpus evidence of earlier builds, the signatures of the stories, and (for a
//! rebuild) the stored documents themselves.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::schema::sql_file;
use crate::error::Result;
use crate::model::Document;
use crate::normalize::CorpusCounter;

const SELECT_HASHES: &str = sql_file!("queries/select_hashes.sql");
const COUNTED_DOCS: &str = sql_file!("queries/counted_docs.sql");
const CORPUS_LINES: &str = sql_file!("queries/corpus_lines.sql");
const MAX_ARTICLE_PK: &str = sql_file!("queries/max_article_pk.sql");
const SELECT_SIGNATURES: &str = sql_file!("queries/select_signatures.sql");
const SCAN_SIGNATURES: &str = sql_file!("queries/scan_signatures.sql");
const SELECT_STORED: &str = sql_file!("queries/select_stored_documents.sql");
const STORED_SIZE: &str = sql_file!("queries/stored_size.sql");

/// A SHA-256 in hex as its 32 bytes (the key of [`stored_hashes`]).
pub(crate) fn sha_key(hex: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, pair) in hex.as_bytes().chunks(2).take(32).enumerate() {
        let nib = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
        key[i] = (nib(pair[0]) << 4) | pair.get(1).map_or(0, |&c| nib(c));
    }
    key
}

/// Stored documents by hash: whether their lines are already counted in corpus_lines.
pub(crate) fn stored_hashes(conn: &Connection) -> Result<HashMap<[u8; 32], bool>> {
    let mut stmt = conn.prepare(SELECT_HASHES)?;
    let rows = stmt.query_map([], |r| Ok((sha_key(&r.get::<_, String>(0)?), r.get::<_, i64>(1)? != 0)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The corpus-level line counts stored by earlier builds.
pub(crate) fn stored_counter(conn: &Connection) -> Result<CorpusCounter> {
    let mut counter = CorpusCounter::new();
    let docs: Option<i64> = conn.query_row(COUNTED_DOCS, [], |r| r.get(0)).optional()?;
    counter.add_documents(docs.unwrap_or(0).max(0) as usize);
    let mut stmt = conn.prepare(CORPUS_LINES)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        counter.add_count(r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)?.clamp(0, u32::MAX as i64) as u32);
    }
    Ok(counter)
}

/// The largest article pk (0 in an empty database).
pub(crate) fn max_article_pk(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(MAX_ARTICLE_PK, [], |r| r.get(0))?)
}

/// The bytes of raw text stored and the number of articles.
pub(crate) fn stored_size(conn: &Connection) -> Result<(u64, u64)> {
    let (bytes, docs) = conn.query_row(STORED_SIZE, [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    Ok((bytes.max(0) as u64, docs.max(0) as u64))
}

/// (pk, pk of its current story or 0) of every article with a signature, earliest
/// publication first (the order in which a story's first copy is its canonical one).
pub(crate) fn story_order(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut order = Vec::new();
    let mut stmt = conn.prepare(SELECT_SIGNATURES)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        order.push((r.get(0)?, r.get(1)?));
    }
    Ok(order)
}

/// Hands (pk, signature bytes) of every stored signature to `f`, in storage order.
pub(crate) fn scan_signatures(conn: &Connection, f: &mut dyn FnMut(i64, &[u8])) -> Result<()> {
    let mut stmt = conn.prepare(SCAN_SIGNATURES)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let pk: i64 = r.get(0)?;
        if let rusqlite::types::ValueRef::Blob(bytes) = r.get_ref(1)? {
            f(pk, bytes);
        }
    }
    Ok(())
}

/// Streams the documents stored in `db`, in storage order, to `push`, while it returns
/// true. A crawler-supplied date comes back as the `hint_date` it was.
pub(crate) fn stored_documents(db: &Path, push: &mut dyn FnMut(Document) -> bool) -> Result<()> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    super::set_pragmas(&conn)?;
    let mut stmt = conn.prepare(SELECT_STORED)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let go_on = push(Document {
            id: r.get(0)?,
            origin: r.get(1)?,
            url: r.get(2)?,
            raw: r.get(3)?,
            encoding: r.get(4)?,
            sha256: r.get(5)?,
            hint_date: r.get(6)?,
        });
        if !go_on {
            break;
        }
    }
    Ok(())
}
