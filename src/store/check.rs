//! `xieshang check`: verifies a database end to end without changing it.

use serde::Serialize;

use super::schema::sql_file;
use super::{summary, Corpus};
use crate::error::Result;
use crate::input::{encode, sha256_hex};
use crate::normalize::body_text;
use crate::text::fold;

const CHECK_SPANS: &str = sql_file!("queries/check_spans.sql");
const CHECK_HASHES: &str = sql_file!("queries/check_hashes.sql");
const CHECK_BODY_SPANS: &str = sql_file!("queries/check_body_spans.sql");
const CHECK_BODY_TEXT: &str = sql_file!("queries/check_body_text.sql");

/// The outcome of [`Corpus::check`]: empty `problems` means the database is sound.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub articles: u64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Corpus {
    /// Checks SQLite's own integrity, foreign keys, the full-text index against the
    /// articles, the hash of every stored raw text (re-encoded as it was read), and that
    /// every stored span indexes its raw text, that every body span
    /// (`body_start`/`body_end`) holds its mention's text as the body has it, and that
    /// the summary the build stored is what the tables give.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        if lines != ["ok"] {
            report.problems.extend(lines.into_iter().map(|l| format!("integrity: {l}")));
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fks = stmt
            .query_map([], |r| {
                Ok(format!(
                    "foreign key: {} row {:?} → {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        report.problems.extend(fks);

        // FTS5's integrity-check is phrased as an INSERT but changes nothing; lift
        // query_only for that one statement.
        self.conn.pragma_update(None, "query_only", false)?;
        let fts = self.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')", []);
        self.conn.pragma_update(None, "query_only", true)?;
        if let Err(e) = fts {
            report.problems.push(format!("full-text index: {e}"));
        }

        let mut stmt = self.conn.prepare(CHECK_HASHES)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            report.articles += 1;
            let (id, raw, encoding, sha): (String, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            match encode(&raw, &encoding) {
                Some(bytes) if sha256_hex(&bytes) == sha => {}
                Some(_) => report.problems.push(format!("article {id:?}: raw text does not match its sha256")),
                None => report.problems.push(format!("article {id:?}: unknown encoding {encoding:?}")),
            }
        }
        let mut stmt = self.conn.prepare(CHECK_SPANS)?;
        let spans = stmt
            .query_map([], |r| {
                Ok(format!(
                    "article {:?}: {} span outside its raw text",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        report.problems.extend(spans);
        self.check_body_spans(&mut report)?;
        report.problems.extend(summary::mismatches(&self.conn)?);
        Ok(report)
    }

    /// Each mention's body span against its raw span: `body[body_start..body_end]` must
    /// be the raw text's lines as the body has them ([`body_text`]), folded. One problem
    /// per article and table.
    fn check_body_spans(&self, report: &mut CheckReport) -> Result<()> {
        let mut text = self.conn.prepare(CHECK_BODY_TEXT)?;
        let mut stmt = self.conn.prepare(CHECK_BODY_SPANS)?;
        let mut rows = stmt.query([])?;
        // The spans of one article: (table, start, end, body_start, body_end).
        type Row = (String, i64, i64, Option<i64>, Option<i64>);
        let mut article: Option<(i64, Vec<Row>)> = None;
        let mut flush = |article: Option<(i64, Vec<Row>)>| -> Result<()> {
            let Some((pk, spans)) = article else { return Ok(()) };
            let (id, raw, body): (String, String, String) =
                text.query_row(rusqlite::named_params! {":pk": pk}, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let in_raw = ByteOffsets::new(&raw, spans.iter().flat_map(|r| [r.1, r.2]));
            let in_body = ByteOffsets::new(&body, spans.iter().flat_map(|r| [r.3, r.4]).flatten());
            let mut bad: Vec<&str> = Vec::new();
            for (table, start, end, body_start, body_end) in &spans {
                let sound = match (body_start, body_end) {
                    (Some(bs), Some(be)) => {
                        let stored = in_body.slice(&body, *bs, *be);
                        let want = in_raw.slice(&raw, *start, *end).map(|t| fold(&body_text(t)));
                        stored.is_some() && stored == want.as_deref()
                    }
                    _ => false,
                };
                if !sound && !bad.contains(&table.as_str()) {
                    bad.push(table);
                }
            }
            for table in bad {
                report.problems.push(format!("article {id:?}: {table} body span does not hold its text in the body"));
            }
            Ok(())
        };
        while let Some(r) = rows.next()? {
            let pk: i64 = r.get(0)?;
            let row: Row = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            match &mut article {
                Some((at, spans)) if *at == pk => spans.push(row),
                _ => flush(article.replace((pk, vec![row])))?,
            }
        }
        flush(article.take())
    }
}

/// The byte offsets of some character offsets of a text, found in one pass.
struct ByteOffsets(Vec<(i64, usize)>);

impl ByteOffsets {
    fn new(s: &str, chars: impl Iterator<Item = i64>) -> ByteOffsets {
        let mut want: Vec<i64> = chars.filter(|&c| c >= 0).collect();
        want.sort_unstable();
        want.dedup();
        let mut want = want.into_iter().peekable();
        let mut found = Vec::new();
        for (n, i) in s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).enumerate() {
            let Some(&next) = want.peek() else { break };
            if next == n as i64 {
                found.push((next, i));
                want.next();
            }
        }
        ByteOffsets(found)
    }

    /// `s[start..end]` in characters, or `None` if that is not a span of `s`.
    fn slice<'a>(&self, s: &'a str, start: i64, end: i64) -> Option<&'a str> {
        let byte = |c: i64| self.0.binary_search_by_key(&c, |&(c, _)| c).ok().map(|i| self.0[i].1);
        s.get(byte(start)?..byte(end)?)
    }
}
