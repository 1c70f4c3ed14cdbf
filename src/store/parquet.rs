//! Parquet export: one Hive-style partitioned dataset (`year=YYYY/province=NAME/`) that
//! DuckDB, Spark and Polars read as one table, across many machines if need be.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::schema::sql_file;
use super::Corpus;
use crate::error::{Error, Result};

const EXPORT_PARQUET: &str = sql_file!("queries/export_parquet.sql");
const EXPORT_PERSONS: &str = sql_file!("queries/export_persons.sql");
const EXPORT_PLACES: &str = sql_file!("queries/export_places.sql");
const EXPORT_PLATFORMS: &str = sql_file!("queries/export_platforms.sql");

/// Rows per record batch (and so per Parquet row group, at most).
const BATCH_ROWS: usize = 20_000;

/// Text columns of the export, in order; `published` is also written as a date.
const TEXT_COLUMNS: [&str; 14] = [
    "id",
    "url",
    "title",
    "published",
    "published_precision",
    "source",
    "source_canonical",
    "dateline",
    "body",
    "language",
    "sha256",
    "ingested_at",
    "story",
    "province_adcode",
];

/// The entity list columns: name and the text fields of each struct item, in the order
/// the matching `export_*.sql` query selects them.
const LIST_COLUMNS: [(&str, &[&str]); 3] =
    [("persons", &["name", "title"]), ("places", &["name", "level", "adcode"]), ("platforms", &["concept", "text"])];

fn item_fields(names: &[&str]) -> Fields {
    names.iter().map(|n| Field::new(*n, DataType::Utf8, true)).collect()
}

fn item_field(names: &[&str]) -> Field {
    Field::new("item", DataType::Struct(item_fields(names)), true)
}

fn schema() -> SchemaRef {
    let mut fields: Vec<Field> = TEXT_COLUMNS.iter().map(|c| Field::new(*c, DataType::Utf8, *c != "id")).collect();
    fields.push(Field::new("published_date", DataType::Date32, true));
    for (name, items) in LIST_COLUMNS {
        fields.push(Field::new_list(name, item_field(items), false));
    }
    Arc::new(Schema::new(fields))
}

/// A `list<struct<utf8...>>` column builder.
struct ListColumn {
    width: usize,
    builder: ListBuilder<StructBuilder>,
}

impl ListColumn {
    fn new(names: &[&str]) -> Self {
        let fields = item_fields(names);
        let builder = ListBuilder::new(StructBuilder::from_fields(fields, 0)).with_field(Arc::new(item_field(names)));
        ListColumn { width: names.len(), builder }
    }

    /// Appends one article's list: every row of `stmt` for `article_pk` becomes an item.
    fn append(&mut self, stmt: &mut rusqlite::CachedStatement<'_>, article_pk: i64) -> Result<()> {
        let mut rows = stmt.query(rusqlite::named_params! {":article_pk": article_pk})?;
        while let Some(r) = rows.next()? {
            let items = self.builder.values();
            for i in 0..self.width {
                let value: Option<String> = r.get(i)?;
                if let Some(b) = items.field_builder::<StringBuilder>(i) {
                    b.append_option(value);
                }
            }
            items.append(true);
        }
        self.builder.append(true);
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}

fn parquet_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Path { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) }
}

/// What [`Corpus::export_parquet`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ParquetReport {
    pub rows: u64,
    pub files: Vec<PathBuf>,
}

struct Part {
    key: (String, String),
    path: PathBuf,
    writer: ArrowWriter<File>,
}

impl Corpus {
    /// Writes every article to `dir/year=YYYY/province=NAME/part-0.parquet` (Snappy),
    /// streaming in batches so memory stays bounded. `dir` must not exist or be empty.
    pub fn export_parquet(&self, dir: &Path) -> Result<ParquetReport> {
        if dir.exists() && fs::read_dir(dir).map_err(|e| Error::path(dir, e))?.next().is_some() {
            return Err(Error::BadArgument(format!("{}: directory is not empty", dir.display())));
        }
        fs::create_dir_all(dir).map_err(|e| Error::path(dir, e))?;
        let schema = schema();
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let mut report = ParquetReport::default();
        let mut part: Option<Part> = None;
        let mut cols: Vec<StringBuilder> = TEXT_COLUMNS.iter().map(|_| StringBuilder::new()).collect();
        let mut dates = Date32Builder::new();
        let mut lists: Vec<ListColumn> = LIST_COLUMNS.iter().map(|(_, items)| ListColumn::new(items)).collect();
        let mut list_stmts = [
            self.conn.prepare_cached(EXPORT_PERSONS)?,
            self.conn.prepare_cached(EXPORT_PLACES)?,
            self.conn.prepare_cached(EXPORT_PLATFORMS)?,
        ];
        let mut pending = 0usize;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();

        let flush = |part: &mut Option<Part>,
                     cols: &mut Vec<StringBuilder>,
                     dates: &mut Date32Builder,
                     lists: &mut Vec<ListColumn>|
         -> Result<()> {
            let Some(p) = part.as_mut() else { return Ok(()) };
            let mut arrays: Vec<ArrayRef> = cols.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef).collect();
            arrays.push(Arc::new(dates.finish()));
            arrays.extend(lists.iter_mut().map(ListColumn::finish));
            let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| parquet_error(&p.path, e))?;
            if batch.num_rows() > 0 {
                p.writer.write(&batch).map_err(|e| parquet_error(&p.path, e))?;
            }
            Ok(())
        };

        let mut stmt = self.conn.prepare(EXPORT_PARQUET)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: (String, String) = (r.get(0)?, r.get(1)?);
            if part.as_ref().map(|p| &p.key) != Some(&key) {
                flush(&mut part, &mut cols, &mut dates, &mut lists)?;
                pending = 0;
                if let Some(p) = part.take() {
                    p.writer.close().map_err(|e| parquet_error(&p.path, e))?;
                    report.files.push(p.path);
                }
                let sub = dir.join(format!("year={}", key.0)).join(format!("province={}", key.1));
                fs::create_dir_all(&sub).map_err(|e| Error::path(&sub, e))?;
                let path = sub.join("part-0.parquet");
                let file = File::create(&path).map_err(|e| Error::path(&path, e))?;
                let writer = ArrowWriter::try_new(file, schema.clone(), Some(props.clone()))
                    .map_err(|e| parquet_error(&path, e))?;
                part = Some(Part { key, path, writer });
            }
            for (i, b) in cols.iter_mut().enumerate() {
                b.append_option(r.get::<_, Option<String>>(i + 2)?);
            }
            let published: Option<String> = r.get(5)?;
            let date = published
                .as_deref()
                .and_then(|p| chrono::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok())
                .map(|d| (d - epoch).num_days() as i32);
            dates.append_option(date);
            let article_pk: i64 = r.get(2 + TEXT_COLUMNS.len())?;
            for (list, stmt) in lists.iter_mut().zip(list_stmts.iter_mut()) {
                list.append(stmt, article_pk)?;
            }
            report.rows += 1;
            pending += 1;
            if pending >= BATCH_ROWS {
                flush(&mut part, &mut cols, &mut dates, &mut lists)?;
                pending = 0;
            }
        }
        flush(&mut part, &mut cols, &mut dates, &mut lists)?;
        if let Some(p) = part.take() {
            p.writer.close().map_err(|e| parquet_error(&p.path, e))?;
            report.files.push(p.path);
        }
        Ok(report)
    }
}
