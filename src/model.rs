//! Plain data types shared by every layer: no I/O here.
//!
//! Spans are byte offsets into the raw text (`&raw[span.start..span.end]`), always on
//! `char` boundaries. The database stores them as character (code point) offsets so that
//! SQL `substr()` and Python slicing agree; see [`Span::to_chars`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into an article's raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The text this span covers, or `None` if it does not index `raw` on char boundaries.
    pub fn slice<'a>(&self, raw: &'a str) -> Option<&'a str> {
        raw.get(self.start..self.end)
    }

    /// Converts byte offsets to character (code point) offsets into `raw`.
    pub fn to_chars(&self, raw: &str) -> Span {
        let start = raw.get(..self.start).map_or(0, |s| s.chars().count());
        let len = raw.get(self.start..self.end).map_or(0, |s| s.chars().count());
        Span { start, end: start + len }
    }
}

/// A value together with the span of raw text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Extracted<T> {
    pub fn new(value: T, span: Span) -> Self {
        Extracted { value, span }
    }
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(&self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "year" => Some(Precision::Year),
            "month" => Some(Precision::Month),
            "day" => Some(Precision::Day),
            _ => None,
        }
    }
}

/// A calendar date known to day, month or year precision. For month and year precision
/// the unknown parts of `date` are 1 (e.g. 2023-09 is stored as 2023-09-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: Precision,
}

impl PartialDate {
    pub fn day(date: NaiveDate) -> Self {
        PartialDate { date, precision: Precision::Day }
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` according to the precision.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Day => self.date.format("%Y-%m-%d").to_string(),
            Precision::Month => self.date.format("%Y-%m").to_string(),
            Precision::Year => self.date.format("%Y").to_string(),
        }
    }
}

/// A date mentioned in the article text ("Yesterday", "On June 28"), resolved against the
/// publication date where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// The phrase as printed.
    pub text: String,
    pub span: Span,
    /// The resolved start date, if the year could be known.
    pub start: Option<PartialDate>,
    /// The resolved end date for ranges ("from August 9th to 12th").
    pub end: Option<PartialDate>,
}

/// The normalized fields of one raw article. Produced by the normalizer (`xieshang::normalize`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Normalized {
    pub title: Option<Extracted<String>>,
    pub published: Option<Extracted<PartialDate>>,
    pub source: Option<Extracted<String>>,
    pub dateline: Option<Extracted<String>>,
    /// Clean body: paragraphs joined by a blank line.
    pub body: String,
    /// The raw span of each body paragraph, in order.
    pub body_spans: Vec<Span>,
    /// Dates mentioned in the body.
    pub event_dates: Vec<EventDate>,
    /// ISO 639-1 code of the dominant script ("en" or "zh").
    pub language: String,
}

/// One document handed to ingest: where it came from and its raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier: the file stem, or the JSONL `id`.
    pub id: String,
    /// Where it came from: a file path, or `path:line` for a JSONL line.
    pub origin: String,
    pub url: Option<String>,
    /// A date supplied by the crawler (JSONL `date`), used when the page states none.
    pub hint_date: Option<String>,
    /// The raw text, exactly as decoded.
    pub raw: String,
    /// The encoding the bytes were decoded from (see `xieshang::input::decode`).
    pub encoding: String,
    /// SHA-256 of the raw bytes, hex.
    pub sha256: String,
}

/// A stored article as read back from the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub origin: String,
    pub url: Option<String>,
    pub sha256: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub published_precision: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub body: String,
    pub language: String,
    pub ingested_at: String,
}

/// One full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    /// The story (syndicated copies share it): the id of its canonical copy.
    pub story: String,
    /// bm25 score, a title match weighing ten body matches: lower is better (SQLite's
    /// convention). For a query with Chinese terms, the sum of the bm25 of its word part
    /// and of its trigram part; a one- or two-character Chinese term adds minus its
    /// weighted occurrence count.
    pub rank: f64,
    /// A snippet of the body with matches wrapped in `[` `]`.
    pub snippet: String,
    /// With a place filter: the matching places named, as printed with their codes
    /// (`Nanhu (330402); Jiaxing (330400)`).
    pub place: Option<String>,
    /// With a person filter: the person as printed, with the title printed with them.
    pub person: Option<String>,
    /// With a platform filter: the matching platforms as printed.
    pub platform: Option<String>,
}

/// Summary counts of a database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: i64,
    pub articles: i64,
    pub with_title: i64,
    pub with_published: i64,
    pub with_source: i64,
    pub with_dateline: i64,
    pub ingest_errors: i64,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub by_year: Vec<(String, i64)>,
    pub top_sources: Vec<(String, i64)>,
    /// What extraction found: counts of distinct things and of their rows.
    #[serde(default)]
    pub extracted: ExtractionTotals,
}

/// The counts a corpus shows at a glance (`repr`, the notebook summary): what the last
/// build stored in `corpus_meta` (keys `summary.*`), or, for a database no build of this
/// version has finished, the same counts computed ([`Summary::stored`] false).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The database's `PRAGMA user_version` (always read, never stored).
    pub schema_version: i64,
    pub articles: i64,
    /// The publication date range (ISO, as precise as known).
    pub earliest: Option<String>,
    pub latest: Option<String>,
    /// (source, articles), most frequent first: the first ten.
    pub top_sources: Vec<(String, i64)>,
    pub extracted: ExtractionTotals,
    /// Whether the counts were read as the build stored them.
    pub stored: bool,
}

/// Extraction totals of a database ([`Stats::extracted`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractionTotals {
    /// Distinct people (by folded name) and their mentions (one per person per article).
    pub people: i64,
    pub person_mentions: i64,
    /// Distinct places (adcodes) and place mentions.
    pub places: i64,
    pub place_mentions: i64,
    pub organizations: i64,
    pub organization_mentions: i64,
    /// Distinct platform concepts and platform mentions.
    pub platforms: i64,
    pub platform_mentions: i64,
    /// Events and participant rows (one per person per role).
    pub events: i64,
    pub event_participants: i64,
    /// Distinct topics and the articles tagged with at least one.
    pub topics: i64,
    pub topic_articles: i64,
    /// Stories (groups of syndicated copies, singletons included) and the copies that
    /// are not their story's canonical article.
    pub stories: i64,
    pub syndicated_copies: i64,
}

/// Receives build progress. A build reads its inputs twice: a quick `scan` that counts
/// corpus-level evidence (lines recurring across documents), then the `build` proper.
pub trait Progress: Send + Sync {
    /// A phase starts; `total_bytes` is the size of the inputs.
    fn start(&self, _phase: &str, _total_bytes: u64) {}
    /// Called after each batch, with the input bytes and documents done so far.
    fn advance(&self, _bytes_done: u64, _docs_done: u64) {}
    /// The phase is over.
    fn finish(&self) {}
}

/// Options for [`Corpus::build`](crate::Corpus::build).
pub struct BuildOptions {
    /// Documents per transaction.
    pub batch_size: usize,
    /// Progress receiver, e.g. the CLI's progress bar.
    pub progress: Option<Box<dyn Progress>>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { batch_size: 1000, progress: None }
    }
}

impl std::fmt::Debug for BuildOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions").field("batch_size", &self.batch_size).finish_non_exhaustive()
    }
}

/// The outcome of one build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildReport {
    /// Documents read from the inputs.
    pub seen: u64,
    /// New articles stored.
    pub added: u64,
    /// Documents whose bytes were already stored.
    pub unchanged: u64,
    /// Inputs that could not be read or decoded (also recorded in `ingest_errors`).
    pub errors: Vec<IngestError>,
}

/// One input that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestError {
    pub origin: String,
    pub kind: String,
    pub message: String,
}

/// One line of the JSONL export: a contract other tools rely on. Keys appear in this
/// order; `published` is `YYYY-MM-DD` or null (dates known only to month or year are null);
/// `places[].level` is province, prefecture, county, township or other, with the GB/T 2260
/// `adcode` when the place was identified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub body: String,
    pub persons: Vec<ExportPerson>,
    pub places: Vec<ExportPlace>,
    pub platforms: Vec<ExportPlatform>,
    /// The story (near-duplicate group): id of its canonical copy, the article's own id
    /// if it is the original.
    pub story: String,
}

/// A person in [`ExportRecord::persons`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPerson {
    pub name: String,
    pub title: Option<String>,
}

/// A place in [`ExportRecord::places`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPlace {
    pub name: String,
    pub level: String,
    pub adcode: Option<String>,
}

/// A platform in [`ExportRecord::platforms`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPlatform {
    pub concept: String,
    pub text: String,
}
