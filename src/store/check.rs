//! `xieshang check`: verifies a database end to end without changing it.

use serde::Serialize;

use super::schema::sql_file;
use super::Corpus;
use crate::error::Result;
use crate::input::{encode, sha256_hex};

const CHECK_SPANS: &str = sql_file!("queries/check_spans.sql");
const CHECK_HASHES: &str = sql_file!("queries/check_hashes.sql");

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
    /// every stored span indexes its raw text.
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
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_clean() -> Result<()> {
        let report = Corpus::sample()?.check()?;
        assert_eq!(report.articles, 5);
        assert!(report.is_clean(), "{:?}", report.problems);
        Ok(())
    }
}
