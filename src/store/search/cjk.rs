//! Chinese (CJK) text: the runs of it each article gets in the trigram index
//! `articles_cjk` (`sql/migrations/0004_search.sql`), the SQL function that computes
//! them, and the matches, ranks and snippets of a CJK query term.
//!
//! A term of three or more characters is a phrase of the trigram index, ranked by its
//! bm25; a shorter one (no trigram to look up) scans that small table with `instr`,
//! ranked by minus its weighted occurrence count.

use std::collections::HashMap;

use rusqlite::functions::FunctionFlags;
use rusqlite::{named_params, Connection};

use super::query::fts_error;
use crate::error::Result;
use crate::text::is_cjk;

const SEARCH_CJK: &str = sql!("search_cjk");
const SEARCH_CJK_SCAN: &str = sql!("search_cjk_scan");

/// Title matches weigh this many body matches, as in the indexes' bm25 (0004_search.sql).
const TITLE_WEIGHT: f64 = 10.0;

/// The CJK runs of a text, as stored in the trigram index: each whitespace-separated
/// piece holding a CJK character, pieces that were adjacent joined by a space, others by
/// a line break. `None` when the text has no CJK character.
///
/// ```
/// assert_eq!(
///     xieshang::store::cjk_runs("the committee living room (委员会客厅) and 政协 委员").as_deref(),
///     Some("(委员会客厅)\n政协 委员")
/// );
/// assert_eq!(xieshang::store::cjk_runs("no Chinese here"), None);
/// ```
pub fn cjk_runs(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let mut out = String::new();
    let mut adjacent = false;
    for piece in text.split_whitespace() {
        if piece.chars().any(is_cjk) {
            if !out.is_empty() {
                out.push(if adjacent { ' ' } else { '\n' });
            }
            out.push_str(piece);
            adjacent = true;
        } else {
            adjacent = false;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Registers xieshang's SQL functions on a connection: `xieshang_cjk(text)` (see
/// [`cjk_runs`]), which the migrations and the `articles_cjk` triggers call. A program
/// that writes to `articles` through its own rusqlite connection must call this first.
pub fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "xieshang_cjk",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.as_deref().and_then(cjk_runs))
        },
    )?;
    Ok(())
}

/// The CJK search text of a term: its characters as printed, whitespace folded.
fn cjk_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Matches of one CJK term with a rank: bm25 on the trigram index for three or more
/// characters, otherwise minus its weighted occurrence count (no index can rank a
/// one- or two-character string).
pub(super) fn term(conn: &Connection, text: &str) -> Result<HashMap<i64, f64>> {
    let needle = cjk_text(text);
    let mut out = HashMap::new();
    if needle.chars().count() >= 3 {
        let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
        let err = fts_error(text);
        let mut stmt = conn.prepare_cached(SEARCH_CJK)?;
        let mut rows = stmt.query(named_params! {":query": phrase}).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            out.insert(row.get(0)?, row.get(1)?);
        }
    } else {
        let mut stmt = conn.prepare_cached(SEARCH_CJK_SCAN)?;
        let mut rows = stmt.query(named_params! {":text": needle})?;
        while let Some(row) = rows.next()? {
            let title: Option<String> = row.get(1)?;
            let body: Option<String> = row.get(2)?;
            let count = |s: &Option<String>| s.as_deref().map_or(0, |s| s.matches(needle.as_str()).count()) as f64;
            out.insert(row.get(0)?, -(TITLE_WEIGHT * count(&title) + count(&body)));
        }
    }
    Ok(out)
}

/// Snippet of a CJK-routed hit: the body around the first match of a positive term,
/// matches wrapped in `[ ]`.
pub(super) fn snippet(body: &str, terms: &[&str]) -> String {
    let needles: Vec<String> = terms.iter().map(|t| cjk_text(t)).filter(|t| !t.is_empty()).collect();
    let lower = body.to_lowercase();
    let hay = if lower.len() == body.len() { lower.as_str() } else { body };
    let first = needles.iter().filter_map(|n| hay.find(&n.to_lowercase()).map(|i| (i, n))).min_by_key(|(i, _)| *i);
    let Some((at, _)) = first else {
        return body.chars().take(80).collect();
    };
    let start = body[..at].char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    let end = body[at..].char_indices().nth(100).map_or(body.len(), |(i, _)| at + i);
    let mut window = body[start..end].to_string();
    for n in &needles {
        if n.chars().any(is_cjk) {
            window = window.replace(n.as_str(), &format!("[{n}]"));
        }
    }
    format!("{}{}{}", if start > 0 { "…" } else { "" }, window, if end < body.len() { "…" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_keep_only_pieces_with_cjk() {
        assert_eq!(cjk_runs("CPPCC 政协 委员 met; 2023年 report"), Some("政协 委员\n2023年".to_string()));
        assert_eq!(cjk_runs("政协委员会客厅"), Some("政协委员会客厅".to_string()));
        assert_eq!(cjk_runs("café only"), None);
    }
}
