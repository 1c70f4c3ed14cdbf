//! Full-text search behind one door: [`search`] runs a query (the small language of
//! [`parse_query`]: words, `"phrases"`, `prefix*`, `AND`, `OR`, `NOT`, parentheses) with
//! its [`SearchOptions`] (filters by date, place, person and platform, one hit per story
//! on request) and returns the best hits with their snippets.
//!
//! Two indexes answer queries (see `sql/migrations/0004_search.sql`):
//!
//! - `articles_fts`, words with Porter stemming, for every part of a query without CJK
//!   characters, ranked with bm25 (the title weighted 10x). An [`Engine`] ranks it: the
//!   posting lists the build stores ([`topk`], the default), or plain FTS5 (`ORDER BY
//!   rank`, [`plain`]); both give the same hits. Snippets are computed only for the hits
//!   returned.
//! - `articles_cjk`, trigrams over the CJK runs of each article ([`cjk`]). A query term
//!   holding a CJK character is a substring search there.
//!
//! One evaluator ([`eval`]) combines the two for any query. Modules: [`query`] (the
//! language), [`filters`], [`eval`], [`plain`], [`topk`] with the readers of FTS5's
//! pages and tokenizer it needs ([`segment`], [`fts5`]), [`cjk`]. None imports another
//! part of the crate's build.

/// A statement of `sql/queries/`, by name.
macro_rules! sql {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/sql/queries/", $name, ".sql"))
    };
}

mod cjk;
#[cfg(test)]
mod differential;
mod eval;
mod filters;
mod fts5;
mod plain;
mod query;
mod segment;
mod topk;

use std::collections::{HashMap, HashSet};

use rusqlite::{named_params, Connection};

use super::query::{Column, Table};
use super::Corpus;
use crate::error::Result;
use crate::model::SearchHit;
use filters::Filters;

/// Re-exported for the crate's `store::is_cjk` (the one definition is in [`crate::text`]).
pub use crate::text::is_cjk;
pub use cjk::{cjk_runs, register_functions};
pub use eval::Engine;
pub use filters::SearchOptions;
pub use query::{parse_query, Query};
pub(crate) use topk::{is_fresh, refresh};

const SEARCH_ARTICLE: &str = sql!("search_article");
const SEARCH_STORY: &str = sql!("search_story");
const HIT_PLACES: &str = sql!("search_hit_places");
const HIT_PERSON: &str = sql!("search_hit_person");
const HIT_PLATFORMS: &str = sql!("search_hit_platforms");

/// Runs a query with its options on `engine`: the best hits, with snippets and the
/// filter matches of each.
pub(crate) fn search(
    conn: &Connection,
    query: &str,
    options: &SearchOptions,
    engine: Engine,
) -> Result<Vec<SearchHit>> {
    let parsed = parse_query(query)?;
    let filters = Filters::new(options)?;
    let allowed = filters.allowed(conn)?;
    if options.limit == 0 || allowed.as_ref().is_some_and(HashSet::is_empty) {
        return Ok(Vec::new());
    }
    let mut picked: Vec<(i64, f64)> = Vec::new();
    let mut stories: HashSet<String> = HashSet::new();
    let mut story_stmt = conn.prepare_cached(SEARCH_STORY)?;
    eval::ranked(conn, &parsed, engine, &mut |pk, rank| {
        if allowed.as_ref().is_some_and(|a| !a.contains(&pk)) {
            return Ok(true);
        }
        if options.collapse {
            let story: String = story_stmt.query_row(named_params! {":pk": pk}, |r| r.get(0))?;
            if !stories.insert(story) {
                return Ok(true);
            }
        }
        picked.push((pk, rank));
        Ok(picked.len() < options.limit)
    })?;
    let articles = picked.into_iter().map(|(pk, rank)| Article::read(conn, pk, rank)).collect::<Result<Vec<_>>>()?;
    let snippets = Snippets::new(conn, &parsed, engine, &articles)?;
    articles.into_iter().map(|a| hit(conn, a, &snippets, &filters)).collect()
}

/// The stored fields of a hit.
struct Article {
    pk: i64,
    rank: f64,
    id: String,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    story: String,
    body: String,
}

impl Article {
    fn read(conn: &Connection, pk: i64, rank: f64) -> Result<Article> {
        Ok(conn.prepare_cached(SEARCH_ARTICLE)?.query_row(named_params! {":pk": pk}, |r| {
            Ok(Article {
                pk,
                rank,
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                source: r.get(3)?,
                story: r.get(4)?,
                body: r.get(5)?,
            })
        })?)
    }
}

/// How the snippets of a search's hits are made.
enum Snippets<'q> {
    /// Around the CJK terms (and words) of a query holding CJK.
    Cjk(Vec<&'q str>),
    /// By FTS5's `snippet()`, one hit at a time, for this expression.
    Words(String),
    /// Made beforehand for all hits at once.
    Ready(HashMap<i64, String>),
}

impl<'q> Snippets<'q> {
    fn new(conn: &Connection, q: &'q Query, engine: Engine, hits: &[Article]) -> Result<Snippets<'q>> {
        if q.has_cjk() {
            let mut terms = Vec::new();
            q.positive_terms(&mut terms);
            return Ok(Snippets::Cjk(terms));
        }
        let fts = q.to_fts();
        // FTS5 answers a prefix on a row looked up by rowid by merging the lists of
        // every token with that prefix again, for each row: the lists engine makes the
        // snippets in a table of the hits alone (where the query's shape makes them the
        // same), plain FTS5 in one pass over the matches.
        let apart = engine == Engine::Lists && topk::fixed_shape(q);
        if !q.has_prefix() || (!apart && hits.len() < 2) {
            return Ok(Snippets::Words(fts));
        }
        Ok(Snippets::Ready(if apart {
            let texts: Vec<(i64, Option<&str>, &str)> =
                hits.iter().map(|a| (a.pk, a.title.as_deref(), a.body.as_str())).collect();
            plain::snippets_apart(&fts, &texts)?
        } else {
            plain::snippets(conn, &fts, &hits.iter().map(|a| a.pk).collect::<Vec<_>>())?
        }))
    }

    fn get(&self, conn: &Connection, pk: i64, body: &str) -> Result<String> {
        match self {
            Snippets::Cjk(terms) => Ok(cjk::snippet(body, terms)),
            Snippets::Words(fts) => plain::snippet(conn, fts, pk),
            Snippets::Ready(made) => Ok(made.get(&pk).cloned().unwrap_or_default()),
        }
    }
}

/// The fields, snippet and filter matches of one hit.
fn hit(conn: &Connection, a: Article, snippets: &Snippets, filters: &Filters) -> Result<SearchHit> {
    let Article { pk, rank, id, title, published, source, story, body } = a;
    let snippet = snippets.get(conn, pk, &body)?;
    let join = |v: Vec<String>| if v.is_empty() { None } else { Some(v.join("; ")) };
    let mut place = Vec::new();
    for (lo, hi) in &filters.places {
        let mut stmt = conn.prepare_cached(HIT_PLACES)?;
        let rows = stmt.query_map(named_params! {":pk": pk, ":lo": lo, ":hi": hi}, |r| {
            Ok(format!("{} ({})", r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for p in rows {
            let p = p?;
            if !place.contains(&p) {
                place.push(p);
            }
        }
    }
    let mut person = Vec::new();
    if let Some(key) = &filters.person {
        let mut stmt = conn.prepare_cached(HIT_PERSON)?;
        let rows = stmt.query_map(named_params! {":pk": pk, ":key": key}, |r| {
            let name: String = r.get(0)?;
            let title: Option<String> = r.get(1)?;
            Ok(match title {
                Some(t) if !t.is_empty() => format!("{name}, {t}"),
                _ => name,
            })
        })?;
        person = rows.collect::<rusqlite::Result<_>>()?;
    }
    let mut platform = Vec::new();
    if let Some(p) = &filters.platform {
        let mut stmt = conn.prepare_cached(HIT_PLATFORMS)?;
        for t in stmt.query_map(named_params! {":pk": pk, ":platform": p}, |r| r.get::<_, String>(0))? {
            let t = t?;
            if !platform.contains(&t) {
                platform.push(t);
            }
        }
    }
    Ok(SearchHit {
        id,
        title,
        published,
        source,
        story,
        rank,
        snippet,
        place: join(place),
        person: join(person),
        platform: join(platform),
    })
}

impl Corpus {
    /// Full-text search over titles and bodies, best first: at most `limit` hits, no
    /// filters. Same query language as [`Corpus::search_with`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_with(query, &SearchOptions { limit, ..SearchOptions::default() })
    }

    /// Full-text search with filters, best first.
    ///
    /// The query language: plain words (all must match; Porter stemming, so `studios`
    /// finds `studio`), `"quoted phrases"`, `prefix*`, `AND`, `OR`, `NOT` (a NOT b) and
    /// parentheses. Chinese terms (`委员会客厅`, `政协`) are substring searches of the
    /// article's Chinese text. `rank` is bm25 with a title match weighing ten body
    /// matches (lower is better); `snippet` shows the body around the matches in `[ ]`.
    ///
    /// ```
    /// use xieshang::{Corpus, SearchOptions};
    /// let corpus = Corpus::sample()?;
    /// let opts = SearchOptions { place: Some("Jiaxing".into()), since: Some("2022".into()), ..Default::default() };
    /// let hits = corpus.search_with("\"living room\" OR studio*", &opts)?;
    /// assert!(hits.iter().all(|h| h.place.is_some()));
    /// # Ok::<(), xieshang::Error>(())
    /// ```
    pub fn search_with(&self, query: &str, options: &SearchOptions) -> Result<Vec<SearchHit>> {
        search(&self.conn, query, options, Engine::default())
    }

    /// [`Corpus::search_with`] answered by plain FTS5 alone (`ORDER BY rank` and
    /// `snippet()`), without the posting lists: the same hits, for comparing the two
    /// engines.
    pub fn search_plain(&self, query: &str, options: &SearchOptions) -> Result<Vec<SearchHit>> {
        search(&self.conn, query, options, Engine::Fts5)
    }

    /// Full-text search with a raw FTS5 expression on the word index, passed through
    /// unchanged (column filters, `NEAR`, `^`): for what [`Corpus::search`] does not
    /// offer. Bad syntax is [`Error::BadQuery`](crate::Error::BadQuery).
    pub fn search_fts(&self, fts_query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let mut picked: Vec<(i64, f64)> = Vec::new();
        if limit > 0 {
            plain::stream(&self.conn, fts_query, &mut |pk, rank| {
                picked.push((pk, rank));
                Ok(picked.len() < limit)
            })?;
        }
        let snippets = Snippets::Words(fts_query.to_string());
        let none = Filters::none();
        picked
            .into_iter()
            .map(|(pk, rank)| hit(&self.conn, Article::read(&self.conn, pk, rank)?, &snippets, &none))
            .collect()
    }
}

/// Hits as a column table (for DataFrames): id, title, published, source, story, rank,
/// snippet, place, person, platform.
pub fn hits_table(hits: Vec<SearchHit>) -> Table {
    let names = ["id", "title", "published", "source", "story", "rank", "snippet", "place", "person", "platform"];
    let n = hits.len();
    let mut text: Vec<Vec<Option<String>>> = (0..9).map(|_| Vec::with_capacity(n)).collect();
    let mut rank = Vec::with_capacity(n);
    for h in hits {
        rank.push(Some(h.rank));
        for (col, v) in text.iter_mut().zip([
            Some(h.id),
            h.title,
            h.published,
            h.source,
            Some(h.story),
            Some(h.snippet),
            h.place,
            h.person,
            h.platform,
        ]) {
            col.push(v);
        }
    }
    let mut text = text.into_iter().map(Column::Text);
    let mut columns = Vec::with_capacity(10);
    for name in names {
        if name == "rank" {
            columns.push(Column::Float(std::mem::take(&mut rank)));
        } else if let Some(c) = text.next() {
            columns.push(c);
        }
    }
    Table { names: names.iter().map(|s| s.to_string()).collect(), columns }
}
