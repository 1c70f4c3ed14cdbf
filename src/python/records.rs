//! Core result structs → the frozen dataclasses of `xieshang/_records.py` and
//! `xieshang/_article.py`, built field by field (no JSON on the way).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::model::{Article, BuildReport, ExtractionTotals, IngestError, Stats, Summary};
use crate::store::CheckReport;

/// A dict of the named fields of `$value` (moved out of it), keyed by field name.
macro_rules! fields {
    ($py:expr, $value:expr; $($field:ident),+ $(,)?) => {{
        let dict = PyDict::new($py);
        $(dict.set_item(stringify!($field), $value.$field)?;)+
        dict
    }};
}

/// Calls the Python class `module.class` with `kwargs`.
fn construct<'py>(
    py: Python<'py>,
    module: &str,
    class: &str,
    kwargs: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    py.import(module)?.getattr(class)?.call((), Some(kwargs))
}

fn record<'py>(py: Python<'py>, class: &str, kwargs: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyAny>> {
    construct(py, "xieshang._records", class, kwargs)
}

fn extraction_totals(py: Python<'_>, x: ExtractionTotals) -> PyResult<Bound<'_, PyAny>> {
    let kwargs = fields!(py, x;
        people, person_mentions, places, place_mentions, organizations, organization_mentions,
        platforms, platform_mentions, events, event_participants, topics, topic_articles,
        stories, syndicated_copies);
    record(py, "ExtractionTotals", &kwargs)
}

/// `xieshang.Stats`.
pub(crate) fn stats(py: Python<'_>, s: Stats) -> PyResult<Bound<'_, PyAny>> {
    let extracted = extraction_totals(py, s.extracted)?;
    let kwargs = fields!(py, s;
        schema_version, articles, with_title, with_published, with_source, with_dateline,
        ingest_errors, earliest, latest, by_year, top_sources);
    kwargs.set_item("extracted", extracted)?;
    record(py, "Stats", &kwargs)
}

/// `xieshang.Summary`.
pub(crate) fn summary(py: Python<'_>, s: Summary) -> PyResult<Bound<'_, PyAny>> {
    let extracted = extraction_totals(py, s.extracted)?;
    let kwargs = fields!(py, s; schema_version, articles, earliest, latest, top_sources, stored);
    kwargs.set_item("extracted", extracted)?;
    record(py, "Summary", &kwargs)
}

/// `xieshang.CheckReport`.
pub(crate) fn check_report(py: Python<'_>, r: CheckReport) -> PyResult<Bound<'_, PyAny>> {
    let kwargs = fields!(py, r; articles, problems);
    record(py, "CheckReport", &kwargs)
}

fn ingest_error(py: Python<'_>, e: IngestError) -> PyResult<Bound<'_, PyAny>> {
    let kwargs = fields!(py, e; origin, kind, message);
    record(py, "IngestError", &kwargs)
}

/// `xieshang.BuildReport`, its errors as `xieshang.IngestError`s.
pub(crate) fn build_report(py: Python<'_>, r: BuildReport) -> PyResult<Bound<'_, PyAny>> {
    let errors = PyList::empty(py);
    for e in r.errors {
        errors.append(ingest_error(py, e)?)?;
    }
    let kwargs = fields!(py, r; seen, added, unchanged);
    kwargs.set_item("errors", errors)?;
    record(py, "BuildReport", &kwargs)
}

/// `xieshang.Article`: the stored fields, the raw text and the body paragraph spans, and
/// the corpus handle its entity tables are read through.
pub(crate) fn article<'py>(
    corpus: &Bound<'py, PyAny>,
    a: Article,
    raw: String,
    body_spans: Vec<(i64, i64)>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = corpus.py();
    let kwargs = fields!(py, a;
        id, origin, url, sha256, title, published, published_precision, source, dateline,
        body, language, ingested_at);
    kwargs.set_item("raw", raw)?;
    kwargs.set_item("body_spans", body_spans)?;
    kwargs.set_item("_corpus", corpus)?;
    construct(py, "xieshang._article", "Article", &kwargs)
}
