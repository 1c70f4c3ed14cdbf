//! Reads: typed queries returning serde structs, full-text search, read-only SQL, export.

use std::io::Write;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{named_params, OptionalExtension, Row};

use super::schema::{self, sql_file};
use super::summary;
use super::Corpus;
use crate::error::{Error, Result};
use crate::model::{Article, ExportPerson, ExportPlace, ExportPlatform, ExportRecord, Stats};

pub(crate) const SELECT_ARTICLES: &str = sql_file!("queries/select_articles.sql");
#[cfg(feature = "arrow")]
pub(crate) const SELECT_ARTICLES_BEFORE: &str = sql_file!("queries/select_articles_before.sql");
#[cfg(feature = "arrow")]
pub(crate) const SELECT_ARTICLES_FROM: &str = sql_file!("queries/select_articles_from.sql");
const SELECT_ARTICLE: &str = sql_file!("queries/select_article.sql");
const STATS_COUNTS: &str = sql_file!("queries/stats_counts.sql");
const STATS_BY_YEAR: &str = sql_file!("queries/stats_by_year.sql");
const STATS_TOP_SOURCES: &str = sql_file!("queries/stats_top_sources.sql");
const PEOPLE: &str = sql_file!("queries/people.sql");
const MENTIONS: &str = sql_file!("queries/mentions.sql");
const PLACES: &str = sql_file!("queries/places.sql");
const PLATFORMS: &str = sql_file!("queries/platforms.sql");
const ORGANIZATIONS: &str = sql_file!("queries/organizations.sql");
const FACTS: &str = sql_file!("queries/facts.sql");

/// The entity tables by name, with their queries: what [`Corpus::people`] and the other
/// per-table methods return, and what `table_arrow` (feature `arrow`) reads by name.
pub(crate) const ENTITY_TABLES: [(&str, &str); 6] = [
    ("people", PEOPLE),
    ("mentions", MENTIONS),
    ("places", PLACES),
    ("platforms", PLATFORMS),
    ("organizations", ORGANIZATIONS),
    ("facts", FACTS),
];
const EXPORT_ARTICLES: &str = sql_file!("queries/export_articles.sql");
const EXPORT_PERSONS: &str = sql_file!("queries/export_persons.sql");
const EXPORT_PLACES: &str = sql_file!("queries/export_places.sql");
const EXPORT_PLATFORMS: &str = sql_file!("queries/export_platforms.sql");

/// Parameters for [`Corpus::sql`].
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Params {
    #[default]
    None,
    /// `?` / `?NNN` parameters, in order.
    Positional(Vec<Value>),
    /// `:name` parameters (the name includes its `:`, `@` or `$` prefix, or gets `:`).
    Named(Vec<(String, Value)>),
}

/// One result column, typed from its values: integers, floats, text or blobs, with nulls.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
    Blob(Vec<Option<Vec<u8>>>),
}

impl Column {
    pub fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Text(v) => v.len(),
            Column::Blob(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Picks the narrowest type that holds every value: all integers → `Int`, numbers →
    /// `Float`, any text → `Text` (numbers printed), only blobs → `Blob`.
    fn from_values(values: Vec<Value>) -> Column {
        let (mut ints, mut reals, mut texts, mut blobs) = (0, 0, 0, 0);
        for v in &values {
            match v {
                Value::Null => {}
                Value::Integer(_) => ints += 1,
                Value::Real(_) => reals += 1,
                Value::Text(_) => texts += 1,
                Value::Blob(_) => blobs += 1,
            }
        }
        if texts == 0 && blobs == 0 && reals == 0 && ints > 0 {
            Column::Int(values.into_iter().map(|v| if let Value::Integer(i) = v { Some(i) } else { None }).collect())
        } else if texts == 0 && blobs == 0 && reals > 0 {
            Column::Float(
                values
                    .into_iter()
                    .map(|v| match v {
                        Value::Integer(i) => Some(i as f64),
                        Value::Real(f) => Some(f),
                        _ => None,
                    })
                    .collect(),
            )
        } else if blobs > 0 && texts == 0 && ints == 0 && reals == 0 {
            Column::Blob(values.into_iter().map(|v| if let Value::Blob(b) = v { Some(b) } else { None }).collect())
        } else {
            Column::Text(
                values
                    .into_iter()
                    .map(|v| match v {
                        Value::Null => None,
                        Value::Integer(i) => Some(i.to_string()),
                        Value::Real(f) => Some(f.to_string()),
                        Value::Text(s) => Some(s),
                        Value::Blob(b) => Some(String::from_utf8_lossy(&b).into_owned()),
                    })
                    .collect(),
            )
        }
    }
}

/// A query result held column by column (the shape a DataFrame wants).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub names: Vec<String>,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }
}

fn article_from_row(r: &Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        origin: r.get(1)?,
        url: r.get(2)?,
        sha256: r.get(3)?,
        title: r.get(4)?,
        published: r.get(5)?,
        published_precision: r.get(6)?,
        source: r.get(7)?,
        dateline: r.get(8)?,
        body: r.get(9)?,
        language: r.get(10)?,
        ingested_at: r.get(11)?,
    })
}

impl Corpus {
    /// Every article's normalized fields, in id order.
    pub fn articles(&self) -> Result<Vec<Article>> {
        let mut stmt = self.conn.prepare_cached(SELECT_ARTICLES)?;
        let rows = stmt.query_map([], article_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every article's normalized fields as a column table (for DataFrames).
    pub fn articles_table(&self) -> Result<Table> {
        self.sql(SELECT_ARTICLES, &Params::None)
    }

    /// One row per distinct person: `person_id`, `name`, most printed `title`,
    /// `articles`, `occurrences`.
    pub fn people(&self) -> Result<Table> {
        self.sql(PEOPLE, &Params::None)
    }

    /// One row per person per article: `mention_id`, `article_id`, `person_id`, `name`,
    /// `title` (as printed), `role`, `body`, `body_adcode`, spans, `occurrences`.
    pub fn mentions(&self) -> Result<Table> {
        self.sql(MENTIONS, &Params::None)
    }

    /// One row per place named in an article, with its GB/T 2260 `adcode`, level,
    /// Chinese name, parent and province codes, and span.
    pub fn places(&self) -> Result<Table> {
        self.sql(PLACES, &Params::None)
    }

    /// One row per consultation platform named in an article: glossary `concept`, its
    /// Chinese term `zh`, the `text` as printed, and span.
    pub fn platforms(&self) -> Result<Table> {
        self.sql(PLATFORMS, &Params::None)
    }

    /// One row per organization named in an article, with its canonical name.
    pub fn organizations(&self) -> Result<Table> {
        self.sql(ORGANIZATIONS, &Params::None)
    }

    /// One row per count stated in an article ("9 living rooms").
    pub fn facts(&self) -> Result<Table> {
        self.sql(FACTS, &Params::None)
    }

    /// One article by id.
    pub fn article(&self, id: &str) -> Result<Article> {
        self.conn
            .prepare_cached(SELECT_ARTICLE)?
            .query_row(named_params! {":id": id}, article_from_row)
            .optional()?
            .ok_or_else(|| Error::ArticleNotFound { id: id.to_string() })
    }

    /// One article's raw text and the character spans of its body paragraphs in it
    /// (`[start, end)`, as Python slices); raises [`Error::ArticleNotFound`].
    pub fn article_text(&self, id: &str) -> Result<(String, Vec<(i64, i64)>)> {
        let (raw, spans): (String, String) = self
            .conn
            .prepare_cached(sql_file!("queries/article_text.sql"))?
            .query_row(named_params! {":id": id}, |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::ArticleNotFound { id: id.to_string() })?;
        let spans: Vec<(i64, i64)> = serde_json::from_str(&spans)?;
        Ok((raw, spans))
    }

    /// The entities named in one article, in text order: `persons` (as [`Corpus::mentions`]),
    /// `places`, `organizations` or `platforms`.
    pub fn article_entities(&self, id: &str, kind: &str) -> Result<Table> {
        let query = match kind {
            "persons" => sql_file!("queries/article_mentions.sql"),
            "places" => sql_file!("queries/article_places.sql"),
            "organizations" => sql_file!("queries/article_organizations.sql"),
            "platforms" => sql_file!("queries/article_platforms.sql"),
            other => return Err(Error::BadArgument(format!("no entity kind named {other:?}"))),
        };
        self.sql(query, &Params::Named(vec![(":id".into(), Value::Text(id.to_string()))]))
    }

    /// Summary counts.
    pub fn stats(&self) -> Result<Stats> {
        let (articles, with_title, with_published, with_source, with_dateline, ingest_errors, earliest, latest) =
            self.conn.prepare_cached(STATS_COUNTS)?.query_row([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })?;
        Ok(Stats {
            schema_version: schema::version(&self.conn)?,
            articles,
            with_title,
            with_published,
            with_source,
            with_dateline,
            ingest_errors,
            earliest,
            latest,
            by_year: summary::pairs(&self.conn, STATS_BY_YEAR)?,
            top_sources: summary::pairs(&self.conn, STATS_TOP_SOURCES)?,
            extracted: summary::extracted(&self.conn)?,
        })
    }

    /// Runs one read-only SQL statement and returns its result column by column.
    /// Statements that would write are refused with [`Error::BadQuery`].
    pub fn sql(&self, sql: &str, params: &Params) -> Result<Table> {
        let bad = |reason: String| Error::BadQuery { query: sql.to_string(), reason };
        let mut stmt = self.prepare_query(sql, params)?;
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
        let ncols = names.len();
        let mut values: Vec<Vec<Value>> = vec![Vec::new(); ncols];
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(|e| bad(sqlite_reason(e)))? {
            for (i, col) in values.iter_mut().enumerate() {
                col.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Integer(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
        }
        Ok(Table { names, columns: values.into_iter().map(Column::from_values).collect() })
    }

    /// Prepares one read-only statement and binds its parameters; writes are refused
    /// with [`Error::BadQuery`].
    pub(crate) fn prepare_query(&self, sql: &str, params: &Params) -> Result<rusqlite::Statement<'_>> {
        let bad = |reason: String| Error::BadQuery { query: sql.to_string(), reason };
        let mut stmt = self.conn.prepare(sql).map_err(|e| bad(sqlite_reason(e)))?;
        if !stmt.readonly() {
            return Err(bad("only read-only statements are allowed (the dataset is query-only)".into()));
        }
        match params {
            Params::None => {}
            Params::Positional(values) => {
                if values.len() != stmt.parameter_count() {
                    return Err(bad(format!(
                        "the statement takes {} parameters, {} given",
                        stmt.parameter_count(),
                        values.len()
                    )));
                }
                for (i, v) in values.iter().enumerate() {
                    stmt.raw_bind_parameter(i + 1, v).map_err(|e| bad(sqlite_reason(e)))?;
                }
            }
            Params::Named(pairs) => {
                for (name, v) in pairs {
                    let key = if name.starts_with([':', '@', '$']) { name.clone() } else { format!(":{name}") };
                    let idx = stmt
                        .parameter_index(&key)
                        .map_err(|e| bad(sqlite_reason(e)))?
                        .ok_or_else(|| bad(format!("no parameter named {key}")))?;
                    stmt.raw_bind_parameter(idx, v).map_err(|e| bad(sqlite_reason(e)))?;
                }
            }
        }
        Ok(stmt)
    }

    /// Writes one JSON object per article: the [`ExportRecord`] contract.
    pub fn export_jsonl(&self, out: &mut dyn Write) -> Result<u64> {
        self.export_records(|rec| {
            serde_json::to_writer(&mut *out, &rec)?;
            out.write_all(b"\n")?;
            Ok(())
        })
    }

    /// Writes a CSV with a header; the list columns hold JSON arrays.
    pub fn export_csv(&self, out: &mut dyn Write) -> Result<u64> {
        out.write_all(b"id,title,published,source,dateline,body,persons,places,platforms,story\r\n")?;
        self.export_records(|rec| {
            let opt = |s: &Option<String>| s.as_deref().map(csv_cell).unwrap_or_default();
            let cells = [
                csv_cell(&rec.id),
                opt(&rec.title),
                opt(&rec.published),
                opt(&rec.source),
                opt(&rec.dateline),
                csv_cell(&rec.body),
                csv_cell(&serde_json::to_string(&rec.persons)?),
                csv_cell(&serde_json::to_string(&rec.places)?),
                csv_cell(&serde_json::to_string(&rec.platforms)?),
                csv_cell(&rec.story),
            ];
            out.write_all(cells.join(",").as_bytes())?;
            out.write_all(b"\r\n")?;
            Ok(())
        })
    }

    /// Streams every article as an [`ExportRecord`], in id order.
    pub fn export_records(&self, mut each: impl FnMut(ExportRecord) -> Result<()>) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(EXPORT_ARTICLES)?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        let mut persons = self.conn.prepare_cached(EXPORT_PERSONS)?;
        let mut places = self.conn.prepare_cached(EXPORT_PLACES)?;
        let mut platforms = self.conn.prepare_cached(EXPORT_PLATFORMS)?;
        while let Some(r) = rows.next()? {
            let pk: i64 = r.get(0)?;
            let published: Option<String> = r.get(3)?;
            let id: String = r.get(1)?;
            each(ExportRecord {
                story: r.get::<_, Option<String>>(7)?.unwrap_or_else(|| id.clone()),
                id,
                title: r.get(2)?,
                published: published.filter(|p| p.len() == 10),
                source: r.get(4)?,
                dateline: r.get(5)?,
                body: r.get(6)?,
                persons: persons
                    .query_map(named_params! {":article_pk": pk}, |r| {
                        Ok(ExportPerson { name: r.get(0)?, title: r.get(1)? })
                    })?
                    .collect::<rusqlite::Result<_>>()?,
                places: places
                    .query_map(named_params! {":article_pk": pk}, |r| {
                        Ok(ExportPlace { name: r.get(0)?, level: r.get(1)?, adcode: r.get(2)? })
                    })?
                    .collect::<rusqlite::Result<_>>()?,
                platforms: platforms
                    .query_map(named_params! {":article_pk": pk}, |r| {
                        Ok(ExportPlatform { concept: r.get(0)?, text: r.get(1)? })
                    })?
                    .collect::<rusqlite::Result<_>>()?,
            })?;
            n += 1;
        }
        Ok(n)
    }
}

pub(crate) fn sqlite_reason(e: rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg,
        other => other.to_string(),
    }
}

/// RFC 4180 quoting: quote when the cell has a comma, quote, or line break.
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_only_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"");
    }

    #[test]
    fn columns_take_the_narrowest_type() {
        assert_eq!(Column::from_values(vec![Value::Integer(1), Value::Null]), Column::Int(vec![Some(1), None]));
        assert_eq!(
            Column::from_values(vec![Value::Integer(1), Value::Real(0.5)]),
            Column::Float(vec![Some(1.0), Some(0.5)])
        );
        assert_eq!(
            Column::from_values(vec![Value::Integer(1), Value::Text("x".into())]),
            Column::Text(vec![Some("1".into()), Some("x".into())])
        );
    }
}
