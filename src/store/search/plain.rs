//! Plain FTS5 on the word index `articles_fts` (`porter unicode61 remove_diacritics 2`,
//! ranked `bm25(10.0, 1.0)`): matches in FTS5's own `ORDER BY rank`, and `snippet()`.
//! The reference the posting lists (topk.rs) are held to, and the engine of
//! every query they do not answer.

use std::collections::HashMap;

use rusqlite::{named_params, Connection};

use super::query::fts_error;
use crate::error::Result;

const SEARCH_WORDS: &str = sql!("search_words");
const SEARCH_SNIPPET: &str = sql!("search_snippet");
const SEARCH_SNIPPETS: &str = sql!("search_snippets");
const APART_TABLE: &str = sql!("search_apart_table");
const APART_INSERT: &str = sql!("search_apart_insert");
const APART_SNIPPETS: &str = sql!("search_apart_snippets");

/// Runs an FTS5 expression on the word index, best first, and calls `take` on each
/// match (pk, rank) until it returns `false`.
pub(super) fn stream(conn: &Connection, fts: &str, take: &mut dyn FnMut(i64, f64) -> Result<bool>) -> Result<()> {
    let err = fts_error(fts);
    let mut stmt = conn.prepare_cached(SEARCH_WORDS)?;
    let mut rows = stmt.query(named_params! {":query": fts}).map_err(&err)?;
    while let Some(row) = rows.next().map_err(&err)? {
        if !take(row.get(0)?, row.get(1)?)? {
            break;
        }
    }
    Ok(())
}

/// Every match of an FTS5 expression on the word index with its rank, best first.
pub(super) fn all(conn: &Connection, fts: &str) -> Result<Vec<(i64, f64)>> {
    let mut out = Vec::new();
    stream(conn, fts, &mut |pk, rank| {
        out.push((pk, rank));
        Ok(true)
    })?;
    Ok(out)
}

/// The body snippet of one matching article, matches in `[ ]`.
pub(super) fn snippet(conn: &Connection, fts: &str, pk: i64) -> Result<String> {
    Ok(conn
        .prepare_cached(SEARCH_SNIPPET)?
        .query_row(named_params! {":query": fts, ":pk": pk}, |r| r.get::<_, Option<String>>(0))
        .map_err(fts_error(fts))?
        .unwrap_or_default())
}

/// The snippets of several matching articles in one pass over the matches: for prefix
/// queries, which FTS5 answers for a row looked up alone by merging the lists of every
/// token with the prefix again.
pub(super) fn snippets(conn: &Connection, fts: &str, pks: &[i64]) -> Result<HashMap<i64, String>> {
    let pks = serde_json::to_string(pks)?;
    let mut stmt = conn.prepare_cached(SEARCH_SNIPPETS)?;
    let rows = stmt
        .query_map(named_params! {":query": fts, ":pks": pks}, |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()))
        })
        .map_err(fts_error(fts))?;
    rows.collect::<rusqlite::Result<HashMap<i64, String>>>().map_err(fts_error(fts))
}

/// The body snippets of some articles (pk, title, body) as `snippet()` makes them for
/// `fts` on the word index, made in an in-memory table of those articles alone: a snippet
/// depends on nothing but the article's text and the query, and FTS5 expands a prefix
/// there over a few articles instead of the whole index.
pub(super) fn snippets_apart(fts: &str, articles: &[(i64, Option<&str>, &str)]) -> Result<HashMap<i64, String>> {
    let apart = Connection::open_in_memory()?;
    apart.execute_batch(APART_TABLE)?;
    {
        let mut insert = apart.prepare(APART_INSERT)?;
        for (pk, title, body) in articles {
            insert.execute(named_params! {":pk": pk, ":title": title, ":body": body})?;
        }
    }
    let mut stmt = apart.prepare(APART_SNIPPETS)?;
    let rows = stmt
        .query_map(named_params! {":query": fts}, |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()))
        })
        .map_err(fts_error(fts))?;
    rows.collect::<rusqlite::Result<HashMap<i64, String>>>().map_err(fts_error(fts))
}
