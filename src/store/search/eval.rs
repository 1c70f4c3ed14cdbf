//! The one evaluator of a parsed [`Query`], for words and Chinese alike.
//!
//! A part of the query without CJK characters is a single FTS5 expression on the word
//! index, ranked as FTS5 ranks it (bm25 over all of its phrases): by the posting lists
//! ([`topk`]) when they answer it, else by plain FTS5 ([`plain`]). A CJK term is a
//! substring search of the trigram index ([`cjk::term`]). Above them `AND`, `OR` and
//! `NOT` combine the matches as sets, the ranks of the matching parts adding up. A query
//! without CJK is the case where the whole query is one word part.

use std::collections::HashMap;

use rusqlite::Connection;

use super::query::Query;
use super::{cjk, plain, topk};
use crate::error::Result;

/// Which engine answers the word parts of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// bm25 computed from the posting lists the build stores (`search_postings`),
    /// plain FTS5 where they do not apply (see [`topk`]).
    #[default]
    Lists,
    /// Plain FTS5: `ORDER BY rank` (bm25) and `snippet()`, nothing else.
    Fts5,
}

/// Matches with their ranks (bm25, lower is better), in no particular order.
type Ranked = Vec<(i64, f64)>;

/// Calls `take` on the matches of `q`, best first (equal ranks by pk), until it returns
/// `false`.
pub(super) fn ranked(
    conn: &Connection,
    q: &Query,
    engine: Engine,
    take: &mut dyn FnMut(i64, f64) -> Result<bool>,
) -> Result<()> {
    if engine == Engine::Fts5 && !q.has_cjk() {
        // FTS5 ranks and sorts the whole expression itself.
        return plain::stream(conn, &q.to_fts(), take);
    }
    best_first(matches(conn, q, engine)?, take)
}

/// Every match of `q` with its rank.
fn matches(conn: &Connection, q: &Query, engine: Engine) -> Result<Ranked> {
    if !q.has_cjk() {
        return words(conn, q, engine);
    }
    Ok(match q {
        Query::Term { text, .. } => cjk::term(conn, text)?.into_iter().collect(),
        Query::And(parts) => {
            let mut acc: Option<Ranked> = None;
            for p in parts {
                if acc.as_ref().is_some_and(Vec::is_empty) {
                    break;
                }
                let next = matches(conn, p, engine)?;
                acc = Some(match acc {
                    None => next,
                    Some(acc) => {
                        let next: HashMap<i64, f64> = next.into_iter().collect();
                        acc.into_iter().filter_map(|(pk, r)| next.get(&pk).map(|r2| (pk, r + r2))).collect()
                    }
                });
            }
            acc.unwrap_or_default()
        }
        Query::Or(parts) => {
            let mut acc: HashMap<i64, f64> = HashMap::new();
            for p in parts {
                for (pk, r) in matches(conn, p, engine)? {
                    *acc.entry(pk).or_insert(0.0) += r;
                }
            }
            acc.into_iter().collect()
        }
        Query::Not(l, r) => {
            let mut left = matches(conn, l, engine)?;
            if !left.is_empty() {
                let right: std::collections::HashSet<i64> =
                    matches(conn, r, engine)?.into_iter().map(|m| m.0).collect();
                left.retain(|m| !right.contains(&m.0));
            }
            left
        }
    })
}

/// The matches of a query without CJK: one FTS5 expression, ranked whole.
fn words(conn: &Connection, q: &Query, engine: Engine) -> Result<Ranked> {
    if engine == Engine::Lists {
        if let Some(ranked) = topk::rank(conn, q)? {
            return Ok(ranked);
        }
    }
    plain::all(conn, &q.to_fts())
}

/// Hands out matches best first, equal ranks by pk; sorted a chunk at a time, as most
/// callers stop after a few.
fn best_first(mut ranked: Ranked, take: &mut dyn FnMut(i64, f64) -> Result<bool>) -> Result<()> {
    let better = |a: &(i64, f64), b: &(i64, f64)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
    let (mut start, mut chunk) = (0, 32);
    while start < ranked.len() {
        let end = (start + chunk).min(ranked.len());
        let rest = &mut ranked[start..];
        if end < start + rest.len() {
            rest.select_nth_unstable_by(end - start - 1, better);
        }
        ranked[start..end].sort_unstable_by(better);
        for &(pk, rank) in &ranked[start..end] {
            if !take(pk, rank)? {
                return Ok(());
            }
        }
        start = end;
        chunk = chunk.saturating_mul(8);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_first_orders_by_rank_then_pk_and_stops_when_told() -> Result<()> {
        let ranked: Ranked = (0..500).map(|pk| (pk, -f64::from((pk * 37 % 101) as i32))).collect();
        let mut want = ranked.clone();
        want.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut got = Vec::new();
        best_first(ranked.clone(), &mut |pk, rank| {
            got.push((pk, rank));
            Ok(true)
        })?;
        assert_eq!(got, want);
        let mut first = Vec::new();
        best_first(ranked, &mut |pk, rank| {
            first.push((pk, rank));
            Ok(first.len() < 40)
        })?;
        assert_eq!(first, want[..40]);
        Ok(())
    }
}
