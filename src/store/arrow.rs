//! Query results as Arrow record batches, built straight from SQLite rows: no
//! intermediate value per cell. The Python bindings hand these batches to pyarrow,
//! pandas and polars through the Arrow C stream interface.
//!
//! Column types follow the values, as [`Column`] does: all integers → `Int64`, integers
//! and reals → `Float64`, any text → `LargeUtf8` (numbers printed), only blobs →
//! `LargeBinary`. A column with no values at all (every row NULL, or no rows) takes its
//! declared SQL type (`INTEGER` → `Int64`, `REAL` → `Float64`, `TEXT` → `LargeUtf8`,
//! `BLOB` → `LargeBinary`), else the Arrow `Null` type. Dates stay ISO text.

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, LargeBinaryBuilder, LargeStringBuilder};
use arrow_array::{
    new_null_array, Array, ArrayRef, Float64Array, Int64Array, LargeBinaryArray, LargeStringArray, RecordBatch,
    RecordBatchOptions,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use rusqlite::types::ValueRef;
use rusqlite::Statement;

use super::query::{Column, Params, Table};
use super::Corpus;
use crate::error::{Error, Result};

/// A query result as Arrow: one schema, record batches in row order.
#[derive(Debug, Clone)]
pub struct ArrowTable {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

impl ArrowTable {
    /// Total rows over all batches.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// Below this many articles, `articles_arrow` reads on one connection (a second one
/// costs more than it saves).
const SPLIT_FROM_ROWS: i64 = 20_000;

/// Builds one column, changing type when a value does not fit (rare: SQLite columns
/// are almost always of one type, so the conversion of what came before is cheap).
enum Builder {
    /// Only NULLs so far (their count).
    Null(usize),
    Int(Int64Builder),
    Float(Float64Builder),
    Text(LargeStringBuilder),
    Blob(LargeBinaryBuilder),
}

fn lossy(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

impl Builder {
    fn nulls_then<B>(n: usize, mut b: B, mut append_null: impl FnMut(&mut B)) -> B {
        for _ in 0..n {
            append_null(&mut b);
        }
        b
    }

    /// Converts what was built so far to text (numbers printed, blobs decoded lossily).
    fn widen_to_text(&mut self) {
        let mut out = LargeStringBuilder::new();
        match self {
            Builder::Null(n) => out = Self::nulls_then(*n, out, |b| b.append_null()),
            Builder::Int(b) => b.finish().iter().for_each(|v| out.append_option(v.map(|v| v.to_string()))),
            Builder::Float(b) => b.finish().iter().for_each(|v| out.append_option(v.map(|v| v.to_string()))),
            Builder::Text(_) => return,
            Builder::Blob(b) => b.finish().iter().for_each(|v| out.append_option(v.map(lossy))),
        }
        *self = Builder::Text(out);
    }

    /// Converts integers so far to floats.
    fn widen_to_float(&mut self) {
        let mut out = Float64Builder::new();
        match self {
            Builder::Null(n) => out = Self::nulls_then(*n, out, |b| b.append_null()),
            Builder::Int(b) => b.finish().iter().for_each(|v| out.append_option(v.map(|v| v as f64))),
            _ => return,
        }
        *self = Builder::Float(out);
    }

    fn push(&mut self, v: ValueRef<'_>) {
        match (&mut *self, v) {
            (Builder::Null(n), ValueRef::Null) => *n += 1,
            (Builder::Int(b), ValueRef::Null) => b.append_null(),
            (Builder::Float(b), ValueRef::Null) => b.append_null(),
            (Builder::Text(b), ValueRef::Null) => b.append_null(),
            (Builder::Blob(b), ValueRef::Null) => b.append_null(),

            (Builder::Int(b), ValueRef::Integer(i)) => b.append_value(i),
            (Builder::Float(b), ValueRef::Integer(i)) => b.append_value(i as f64),
            (Builder::Float(b), ValueRef::Real(f)) => b.append_value(f),
            (Builder::Text(b), ValueRef::Integer(i)) => b.append_value(i.to_string()),
            (Builder::Text(b), ValueRef::Real(f)) => b.append_value(f.to_string()),
            (Builder::Text(b), ValueRef::Text(t)) => match std::str::from_utf8(t) {
                Ok(s) => b.append_value(s),
                Err(_) => b.append_value(lossy(t)),
            },
            (Builder::Text(b), ValueRef::Blob(t)) => b.append_value(lossy(t)),
            (Builder::Blob(b), ValueRef::Blob(x)) => b.append_value(x),

            (Builder::Null(n), ValueRef::Integer(_)) => {
                *self = Builder::Int(Self::nulls_then(*n, Int64Builder::new(), |b| b.append_null()));
                self.push(v);
            }
            (Builder::Null(n), ValueRef::Real(_)) => {
                *self = Builder::Float(Self::nulls_then(*n, Float64Builder::new(), |b| b.append_null()));
                self.push(v);
            }
            (Builder::Null(n), ValueRef::Blob(_)) => {
                *self = Builder::Blob(Self::nulls_then(*n, LargeBinaryBuilder::new(), |b| b.append_null()));
                self.push(v);
            }
            (Builder::Int(_), ValueRef::Real(_)) => {
                self.widen_to_float();
                self.push(v);
            }
            // Text wins over everything; blobs mixed with numbers become text too.
            (Builder::Null(_) | Builder::Int(_) | Builder::Float(_) | Builder::Blob(_), _) => {
                self.widen_to_text();
                self.push(v);
            }
        }
    }

    fn finish(self, declared: Option<&DataType>) -> ArrayRef {
        match self {
            Builder::Null(n) => match declared {
                Some(t) => new_null_array(t, n),
                None => new_null_array(&DataType::Null, n),
            },
            Builder::Int(mut b) => Arc::new(b.finish()),
            Builder::Float(mut b) => Arc::new(b.finish()),
            Builder::Text(mut b) => Arc::new(b.finish()),
            Builder::Blob(mut b) => Arc::new(b.finish()),
        }
    }
}

/// The Arrow type of a declared SQL column type, by SQLite's affinity rules; `None`
/// when the declaration says nothing definite (NUMERIC, DATE, none at all).
fn declared_type(decl: &str) -> Option<DataType> {
    let d = decl.to_ascii_uppercase();
    if d.contains("INT") {
        Some(DataType::Int64)
    } else if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") {
        Some(DataType::LargeUtf8)
    } else if d.contains("BLOB") {
        Some(DataType::LargeBinary)
    } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
        Some(DataType::Float64)
    } else {
        None
    }
}

/// Declared types of the statement's result columns. rusqlite panics on a declaration
/// that is not UTF-8 (possible only in a crafted file); such a panic is contained here
/// and the declarations are then ignored.
fn declared_types(stmt: &Statement<'_>) -> Vec<Option<DataType>> {
    let n = stmt.column_count();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stmt.columns().iter().map(|c| c.decl_type().and_then(declared_type)).collect::<Vec<_>>()
    }))
    .unwrap_or_else(|_| vec![None; n])
}

fn arrow_error(query: &str, e: ArrowError) -> Error {
    Error::BadQuery { query: query.to_string(), reason: format!("arrow: {e}") }
}

/// A batch from named arrays; zero columns still carry the row count.
fn batch(names: &[String], arrays: Vec<ArrayRef>, rows: usize) -> std::result::Result<RecordBatch, ArrowError> {
    let fields: Vec<Field> =
        names.iter().zip(&arrays).map(|(n, a)| Field::new(n.as_str(), a.data_type().clone(), true)).collect();
    let options = RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options)
}

/// Steps a prepared, bound statement to the end, building one record batch.
pub(crate) fn read_batch(stmt: &mut Statement<'_>, query: &str) -> Result<RecordBatch> {
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
    let declared = declared_types(stmt);
    let mut builders: Vec<Builder> = names.iter().map(|_| Builder::Null(0)).collect();
    let bad = |e: rusqlite::Error| Error::BadQuery { query: query.to_string(), reason: super::query::sqlite_reason(e) };
    let mut rows = stmt.raw_query();
    let mut n = 0usize;
    while let Some(row) = rows.next().map_err(bad)? {
        for (i, b) in builders.iter_mut().enumerate() {
            b.push(row.get_ref(i)?);
        }
        n += 1;
    }
    let arrays: Vec<ArrayRef> = builders.into_iter().zip(&declared).map(|(b, d)| b.finish(d.as_ref())).collect();
    batch(&names, arrays, n).map_err(|e| arrow_error(query, e))
}

/// Converts `array` to `to` (only the widenings [`Builder`] makes: null → any, int →
/// float, int/float/blob → text).
fn widen(array: &ArrayRef, to: &DataType) -> Option<ArrayRef> {
    if array.data_type() == to {
        return Some(array.clone());
    }
    let any = array.as_any();
    match to {
        _ if array.data_type() == &DataType::Null => Some(new_null_array(to, array.len())),
        DataType::Float64 => {
            let a = any.downcast_ref::<Int64Array>()?;
            Some(Arc::new(a.iter().map(|v| v.map(|v| v as f64)).collect::<Float64Array>()))
        }
        DataType::LargeUtf8 => {
            let text: LargeStringArray = if let Some(a) = any.downcast_ref::<Int64Array>() {
                a.iter().map(|v| v.map(|v| v.to_string())).collect()
            } else if let Some(a) = any.downcast_ref::<Float64Array>() {
                a.iter().map(|v| v.map(|v| v.to_string())).collect()
            } else {
                let a = any.downcast_ref::<LargeBinaryArray>()?;
                a.iter().map(|v| v.map(|v| lossy(v).into_owned())).collect()
            };
            Some(Arc::new(text))
        }
        _ => None,
    }
}

/// The type two parts of one column unify to (the same rules as within a part).
fn unify(a: &DataType, b: &DataType) -> DataType {
    use DataType::*;
    match (a, b) {
        (x, y) if x == y => x.clone(),
        (Null, x) | (x, Null) => x.clone(),
        (Int64, Float64) | (Float64, Int64) => Float64,
        _ => LargeUtf8,
    }
}

/// Gives batches read separately (the parts of one query) one common schema.
pub(crate) fn concat_parts(parts: Vec<RecordBatch>, query: &str) -> Result<ArrowTable> {
    let Some(first) = parts.first() else {
        return Err(Error::BadQuery { query: query.to_string(), reason: "no result".into() });
    };
    let names: Vec<String> = first.schema().fields().iter().map(|f| f.name().clone()).collect();
    let mut types: Vec<DataType> = first.schema().fields().iter().map(|f| f.data_type().clone()).collect();
    for p in &parts[1..] {
        for (t, f) in types.iter_mut().zip(p.schema().fields()) {
            *t = unify(t, f.data_type());
        }
    }
    let mut batches = Vec::with_capacity(parts.len());
    for p in parts {
        let arrays = p
            .columns()
            .iter()
            .zip(&types)
            .map(|(a, t)| {
                widen(a, t).ok_or_else(|| Error::BadQuery {
                    query: query.to_string(),
                    reason: format!("arrow: cannot convert {} to {t}", a.data_type()),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        batches.push(batch(&names, arrays, p.num_rows()).map_err(|e| arrow_error(query, e))?);
    }
    let schema = batches.first().map(|b| b.schema()).unwrap_or_else(|| first_schema(&names));
    Ok(ArrowTable { schema, batches })
}

fn first_schema(names: &[String]) -> SchemaRef {
    Arc::new(Schema::new(names.iter().map(|n| Field::new(n.as_str(), DataType::Null, true)).collect::<Vec<_>>()))
}

impl Table {
    /// The table as one Arrow record batch (the same types, with nulls).
    pub fn to_arrow(&self) -> Result<ArrowTable> {
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter()
            .map(|c| -> ArrayRef {
                match c {
                    Column::Int(v) => Arc::new(v.iter().copied().collect::<Int64Array>()),
                    Column::Float(v) => Arc::new(v.iter().copied().collect::<Float64Array>()),
                    Column::Text(v) if v.iter().all(Option::is_none) => new_null_array(&DataType::Null, v.len()),
                    Column::Text(v) => Arc::new(v.iter().map(Option::as_deref).collect::<LargeStringArray>()),
                    Column::Blob(v) => Arc::new(v.iter().map(Option::as_deref).collect::<LargeBinaryArray>()),
                }
            })
            .collect();
        let b = batch(&self.names, arrays, self.rows()).map_err(|e| arrow_error("", e))?;
        Ok(ArrowTable { schema: b.schema(), batches: vec![b] })
    }
}

impl Corpus {
    /// [`Corpus::sql`] as Arrow: one read-only statement, rows straight into arrays.
    pub fn sql_arrow(&self, sql: &str, params: &Params) -> Result<ArrowTable> {
        let mut stmt = self.prepare_query(sql, params)?;
        concat_parts(vec![read_batch(&mut stmt, sql)?], sql)
    }

    /// A named entity table as Arrow: `people`, `mentions`, `places`, `platforms`,
    /// `organizations` or `facts` (the queries of [`Corpus::people`] and the rest).
    pub fn table_arrow(&self, name: &str) -> Result<ArrowTable> {
        let query = super::query::ENTITY_TABLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, q)| *q)
            .ok_or_else(|| Error::BadArgument(format!("no table named {name:?}")))?;
        self.sql_arrow(query, &Params::None)
    }

    /// Every article's normalized fields as Arrow, in id order. A database file is read
    /// in two id ranges on two connections at once; the batches keep the order.
    pub fn articles_arrow(&self) -> Result<ArrowTable> {
        self.articles_arrow_split_from(SPLIT_FROM_ROWS)
    }

    /// [`Corpus::articles_arrow`], read in two parts when there are `min_rows` or more.
    fn articles_arrow_split_from(&self, min_rows: i64) -> Result<ArrowTable> {
        let query = super::query::SELECT_ARTICLES;
        let split = match self.path() {
            Some(path) => self.articles_split(min_rows)?.map(|mid| (path.to_path_buf(), mid)),
            None => None,
        };
        let Some((path, mid)) = split else {
            return self.sql_arrow(query, &Params::None);
        };
        let (low, high) = std::thread::scope(|s| {
            let high = s.spawn(|| -> Result<RecordBatch> {
                let conn = super::open_reader(&path)?;
                let mut stmt = conn.prepare(super::query::SELECT_ARTICLES_FROM)?;
                stmt.raw_bind_parameter(1, &mid)?;
                read_batch(&mut stmt, query)
            });
            let low = (|| -> Result<RecordBatch> {
                let mut stmt = self.conn.prepare(super::query::SELECT_ARTICLES_BEFORE)?;
                stmt.raw_bind_parameter(1, &mid)?;
                read_batch(&mut stmt, query)
            })();
            let high = high.join().unwrap_or_else(|_| {
                Err(Error::BadQuery { query: query.to_string(), reason: "reader thread failed".into() })
            });
            (low, high)
        });
        concat_parts(vec![low?, high?], query)
    }

    /// The id that splits the articles in two halves, when there are enough to bother.
    fn articles_split(&self, min_rows: i64) -> Result<Option<String>> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        if n < min_rows.max(2) {
            return Ok(None);
        }
        let mid: Option<String> =
            self.conn.query_row("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?1", [n / 2], |r| r.get(0)).ok();
        Ok(mid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};

    fn one(corpus: &Corpus, sql: &str) -> Result<RecordBatch> {
        let t = corpus.sql_arrow(sql, &Params::None)?;
        assert_eq!(t.batches.len(), 1);
        Ok(t.batches[0].clone())
    }

    #[test]
    fn types_follow_values_and_widen() -> Result<()> {
        let c = Corpus::sample()?;
        let b = one(&c, "SELECT 1 AS i, 1.5 AS f, 'x' AS t, x'00ff' AS b, NULL AS n")?;
        let types: Vec<DataType> = b.schema().fields().iter().map(|f| f.data_type().clone()).collect();
        assert_eq!(
            types,
            [DataType::Int64, DataType::Float64, DataType::LargeUtf8, DataType::LargeBinary, DataType::Null]
        );
        let b = one(&c, "SELECT column1 AS v FROM (VALUES (1), (NULL), (2.5))")?;
        let v = b.column(0).as_primitive::<Float64Type>();
        assert_eq!(v.iter().collect::<Vec<_>>(), [Some(1.0), None, Some(2.5)]);
        let b = one(&c, "SELECT column1 AS v FROM (VALUES (NULL), (1), ('x'), (x'41'))")?;
        let v = b.column(0).as_string::<i64>();
        assert_eq!(v.iter().collect::<Vec<_>>(), [None, Some("1"), Some("x"), Some("A")]);
        Ok(())
    }

    #[test]
    fn empty_and_null_columns_take_the_declared_type() -> Result<()> {
        let c = Corpus::sample()?;
        let b = one(&c, "SELECT pk, id, story_similarity FROM articles WHERE 0")?;
        assert_eq!(b.num_rows(), 0);
        let types: Vec<DataType> = b.schema().fields().iter().map(|f| f.data_type().clone()).collect();
        assert_eq!(types, [DataType::Int64, DataType::LargeUtf8, DataType::Float64]);
        let b = one(&c, "SELECT pk FROM articles ORDER BY pk")?;
        assert_eq!(b.column(0).as_primitive::<Int64Type>().len(), 5);
        Ok(())
    }

    #[test]
    fn parts_unify_to_one_schema() -> Result<()> {
        let c = Corpus::sample()?;
        let q = "SELECT column1 AS v FROM (VALUES (1))";
        let a = read_batch(&mut c.prepare_query(q, &Params::None)?, q)?;
        let q2 = "SELECT column1 AS v FROM (VALUES ('y'))";
        let b = read_batch(&mut c.prepare_query(q2, &Params::None)?, q2)?;
        let t = concat_parts(vec![a, b], q)?;
        assert_eq!(t.schema.field(0).data_type(), &DataType::LargeUtf8);
        let all: Vec<Option<&str>> = t.batches.iter().flat_map(|b| b.column(0).as_string::<i64>().iter()).collect();
        assert_eq!(all, [Some("1"), Some("y")]);
        Ok(())
    }

    #[test]
    fn articles_read_in_two_parts_keep_their_order() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("x.db");
        Corpus::build(&[], &db, &crate::store::BuildOptions::default())?;
        let c = Corpus::open(&db)?;
        let whole = c.sql_arrow(super::super::query::SELECT_ARTICLES, &Params::None)?;
        let parts = c.articles_arrow_split_from(2)?;
        assert_eq!(parts.batches.len(), 2);
        assert!(parts.batches.iter().all(|b| b.num_rows() > 0));
        assert_eq!(parts.num_rows(), 5);
        assert_eq!(parts.schema, whole.schema);
        let ids: Vec<&str> =
            parts.batches.iter().flat_map(|b| b.column(0).as_string::<i64>().iter().flatten()).collect();
        let want: Vec<&str> = whole.batches[0].column(0).as_string::<i64>().iter().flatten().collect();
        assert_eq!(ids, want);
        assert_eq!(c.articles_arrow()?.batches.len(), 1);
        Ok(())
    }

    #[test]
    fn tables_convert_with_their_nulls() -> Result<()> {
        let c = Corpus::sample()?;
        let t = c.sql("SELECT pk, title, NULL AS n FROM articles ORDER BY pk", &Params::None)?.to_arrow()?;
        assert_eq!(t.num_rows(), 5);
        assert_eq!(t.schema.field(2).data_type(), &DataType::Null);
        let arrow = c.sql_arrow("SELECT pk, title, NULL AS n FROM articles ORDER BY pk", &Params::None)?;
        assert_eq!(arrow.batches[0].columns()[..2], t.batches[0].columns()[..2]);
        Ok(())
    }
}
