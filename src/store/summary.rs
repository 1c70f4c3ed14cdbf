//! The corpus summary (`repr(corpus)`, the notebook view): counted once by the build
//! that changed the articles, in its last transaction, and stored in `corpus_meta`
//! under `summary.*`, so showing a corpus reads one small table instead of counting
//! every table. A database no build of this version has finished has no stored summary,
//! and its summary is counted when asked for; `check` compares the two.

use rusqlite::types::Value;
use rusqlite::{named_params, Connection};

use super::schema::{self, sql_file};
use super::Corpus;
use crate::error::Result;
use crate::model::{ExtractionTotals, Summary};

const STATS_COUNTS: &str = sql_file!("queries/stats_counts.sql");
const STATS_TOP_SOURCES: &str = sql_file!("queries/stats_top_sources.sql");
const STATS_EXTRACTED: &str = sql_file!("queries/stats_extracted.sql");
const SUMMARY_READ: &str = sql_file!("queries/summary_read.sql");
const SUMMARY_WRITE: &str = sql_file!("queries/summary_write.sql");
const SUMMARY_FORGET: &str = sql_file!("queries/summary_forget.sql");

/// The stored key of each count of a summary (the rest: `summary.earliest`,
/// `summary.latest`, `summary.top_sources` as JSON).
fn counts(s: &mut Summary) -> [(&'static str, &mut i64); 15] {
    let x = &mut s.extracted;
    [
        ("summary.articles", &mut s.articles),
        ("summary.people", &mut x.people),
        ("summary.person_mentions", &mut x.person_mentions),
        ("summary.places", &mut x.places),
        ("summary.place_mentions", &mut x.place_mentions),
        ("summary.organizations", &mut x.organizations),
        ("summary.organization_mentions", &mut x.organization_mentions),
        ("summary.platforms", &mut x.platforms),
        ("summary.platform_mentions", &mut x.platform_mentions),
        ("summary.events", &mut x.events),
        ("summary.event_participants", &mut x.event_participants),
        ("summary.topics", &mut x.topics),
        ("summary.topic_articles", &mut x.topic_articles),
        ("summary.stories", &mut x.stories),
        ("summary.syndicated_copies", &mut x.syndicated_copies),
    ]
}

/// The number of `summary.*` keys a stored summary has.
const KEYS: usize = 15 + 3;

impl Corpus {
    /// The counts a corpus shows at a glance, as the last build stored them, or counted
    /// now for a database no build of this version has finished.
    pub fn summary(&self) -> Result<Summary> {
        match stored(&self.conn)? {
            Some(s) => Ok(s),
            None => counted(&self.conn),
        }
    }
}

/// What extraction found, counted.
pub(super) fn extracted(conn: &Connection) -> Result<ExtractionTotals> {
    Ok(conn.prepare_cached(STATS_EXTRACTED)?.query_row([], |r| {
        Ok(ExtractionTotals {
            people: r.get(0)?,
            person_mentions: r.get(1)?,
            places: r.get(2)?,
            place_mentions: r.get(3)?,
            organizations: r.get(4)?,
            organization_mentions: r.get(5)?,
            platforms: r.get(6)?,
            platform_mentions: r.get(7)?,
            events: r.get(8)?,
            event_participants: r.get(9)?,
            topics: r.get(10)?,
            topic_articles: r.get(11)?,
            stories: r.get(12)?,
            syndicated_copies: r.get(13)?,
        })
    })?)
}

/// (value, count) rows of a two-column query.
pub(super) fn pairs(conn: &Connection, sql: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The summary counted from the tables.
pub(crate) fn counted(conn: &Connection) -> Result<Summary> {
    let (articles, earliest, latest) =
        conn.prepare_cached(STATS_COUNTS)?.query_row([], |r| Ok((r.get(0)?, r.get(6)?, r.get(7)?)))?;
    Ok(Summary {
        schema_version: schema::version(conn)?,
        articles,
        earliest,
        latest,
        top_sources: pairs(conn, STATS_TOP_SOURCES)?,
        extracted: extracted(conn)?,
        stored: false,
    })
}

/// The summary as the last build stored it; `None` if none is stored (or only part of
/// one, or in a form this version does not read).
pub(crate) fn stored(conn: &Connection) -> Result<Option<Summary>> {
    let mut stmt = conn.prepare_cached(SUMMARY_READ)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Value>(1)?)))?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    if rows.len() != KEYS {
        return Ok(None);
    }
    let mut s = Summary {
        schema_version: schema::version(conn)?,
        articles: 0,
        earliest: None,
        latest: None,
        top_sources: Vec::new(),
        extracted: ExtractionTotals::default(),
        stored: true,
    };
    let mut seen = 0;
    for (key, value) in rows {
        let known = match (key.as_str(), value) {
            ("summary.earliest", Value::Text(t)) => s.earliest.replace(t).is_none(),
            ("summary.latest", Value::Text(t)) => s.latest.replace(t).is_none(),
            ("summary.earliest" | "summary.latest", Value::Null) => true,
            ("summary.top_sources", Value::Text(t)) => match serde_json::from_str(&t) {
                Ok(top) => {
                    s.top_sources = top;
                    true
                }
                Err(_) => false,
            },
            (key, Value::Integer(n)) => match counts(&mut s).into_iter().find(|(k, _)| *k == key) {
                Some((_, slot)) => {
                    *slot = n;
                    true
                }
                None => false,
            },
            _ => false,
        };
        if !known {
            return Ok(None);
        }
        seen += 1;
    }
    Ok((seen == KEYS).then_some(s))
}

/// Counts the summary and stores it (a build's last transaction).
pub(crate) fn store(conn: &Connection) -> Result<()> {
    let mut s = counted(conn)?;
    forget(conn)?;
    let mut write = conn.prepare_cached(SUMMARY_WRITE)?;
    let dates = [("summary.earliest", s.earliest.take()), ("summary.latest", s.latest.take())];
    for (key, value) in dates {
        write.execute(named_params! {":key": key, ":value": value})?;
    }
    let top = serde_json::to_string(&s.top_sources)?;
    write.execute(named_params! {":key": "summary.top_sources", ":value": top})?;
    for (key, value) in counts(&mut s) {
        write.execute(named_params! {":key": key, ":value": *value})?;
    }
    Ok(())
}

/// Drops the stored summary (a build about to change the articles).
pub(crate) fn forget(conn: &Connection) -> Result<()> {
    conn.prepare_cached(SUMMARY_FORGET)?.execute([])?;
    Ok(())
}

/// How the stored summary differs from the tables, one line per count; empty when
/// none is stored.
pub(crate) fn mismatches(conn: &Connection) -> Result<Vec<String>> {
    let Some(mut kept) = stored(conn)? else { return Ok(Vec::new()) };
    let mut now = counted(conn)?;
    let mut out = Vec::new();
    for ((key, a), (_, b)) in counts(&mut kept).into_iter().zip(counts(&mut now)) {
        if *a != *b {
            out.push(format!("stored summary: {key} is {a}, the tables give {b}"));
        }
    }
    if (&kept.earliest, &kept.latest) != (&now.earliest, &now.latest) {
        out.push(format!(
            "stored summary: dates {:?} to {:?}, the tables give {:?} to {:?}",
            kept.earliest, kept.latest, now.earliest, now.latest
        ));
    }
    if kept.top_sources != now.top_sources {
        out.push(format!("stored summary: top sources {:?}, the tables give {:?}", kept.top_sources, now.top_sources));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_stores_its_summary_as_counted() -> Result<()> {
        let corpus = Corpus::sample()?;
        let kept = stored(&corpus.conn)?.expect("the build stored a summary");
        assert!(kept.stored);
        assert_eq!(Summary { stored: true, ..counted(&corpus.conn)? }, kept);
        assert_eq!(kept.articles, 5);
        assert_eq!(kept.extracted.stories, 5);
        assert!(kept.extracted.people > 10 && kept.extracted.events >= 2, "{kept:?}");
        assert_eq!(kept.top_sources.first().map(|t| t.0.as_str()), Some("Jiaxing Daily"));
        assert_eq!(corpus.summary()?, kept);
        assert!(mismatches(&corpus.conn)?.is_empty());
        Ok(())
    }

    #[test]
    fn without_a_whole_stored_summary_it_is_counted() -> Result<()> {
        let corpus = Corpus::sample()?;
        let want = counted(&corpus.conn)?;
        corpus.conn.pragma_update(None, "query_only", false)?;
        corpus.conn.execute("DELETE FROM corpus_meta WHERE key = 'summary.events'", [])?;
        assert_eq!(stored(&corpus.conn)?, None);
        assert_eq!(corpus.summary()?, want);
        assert!(!corpus.summary()?.stored);
        assert!(mismatches(&corpus.conn)?.is_empty());
        Ok(())
    }
}
