//! The `xieshang._core` extension module: thin bindings over the public Rust API.
//! Each method converts its arguments, calls one core function with the GIL released,
//! and converts the result. Errors become `xieshang.exceptions` classes.

mod convert;
mod errors;
mod records;

use std::path::PathBuf;
use std::sync::Mutex;

use pyo3::prelude::*;

use crate::error::Error;
use crate::store::{hits_table, BuildOptions, Corpus, SearchOptions};
use convert::{arrow_to_py, py_params, table_to_py, PyArrowStream};
use errors::PyResultExt;

/// A read-only handle on a xieshang database.
#[pyclass(frozen, name = "Corpus", module = "xieshang._core")]
struct PyCorpus {
    inner: Mutex<Corpus>,
}

impl PyCorpus {
    fn with<T>(&self, f: impl FnOnce(&Corpus) -> crate::Result<T>) -> crate::Result<T> {
        let corpus = self.inner.lock().map_err(|_| Error::BadArgument("corpus lock poisoned".into()))?;
        f(&corpus)
    }
}

#[pymethods]
impl PyCorpus {
    /// The database path, or None for the in-memory sample.
    #[getter]
    fn path(&self) -> PyResult<Option<String>> {
        self.with(|c| Ok(c.path().map(|p| p.display().to_string()))).py_err()
    }

    /// Runs one read-only statement; returns its rows as an Arrow stream.
    #[pyo3(signature = (query, params=None))]
    fn sql<'py>(
        &self,
        py: Python<'py>,
        query: &str,
        params: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let params = py_params(params)?;
        let table = py.detach(|| self.with(|c| c.sql_arrow(query, &params))).py_err()?;
        arrow_to_py(py, table)
    }

    /// Every article's normalized fields, in id order, as an Arrow stream.
    fn articles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.articles_arrow())).py_err()?;
        arrow_to_py(py, table)
    }

    /// The persons, places, organizations or platforms named in one article.
    fn article_entities<'py>(&self, py: Python<'py>, id: &str, kind: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.article_entities(id, kind))).py_err()?;
        table_to_py(py, table)
    }

    /// A named entity table (people, mentions, places, platforms, organizations, facts).
    fn table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.table_arrow(name))).py_err()?;
        arrow_to_py(py, table)
    }

    // --- analysis: events, timeline, network, facets ---

    /// One row per event (type, date, primary place, organizer); returns (names, columns, kinds).
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.events())).py_err()?;
        table_to_py(py, table)
    }

    /// One row per place of an event.
    fn event_places<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.event_places())).py_err()?;
        table_to_py(py, table)
    }

    /// One row per person per role in an event.
    fn event_participants<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.event_participants())).py_err()?;
        table_to_py(py, table)
    }

    /// One row per topic per article, with its evidence terms.
    fn topics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.topics())).py_err()?;
        table_to_py(py, table)
    }

    /// Articles per period (year, month or day), optionally grouped.
    #[pyo3(signature = (by="month", group=None))]
    fn timeline<'py>(&self, py: Python<'py>, by: &str, group: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.timeline(by, group))).py_err()?;
        table_to_py(py, table)
    }

    /// An edge table: person-event or person-person.
    #[pyo3(signature = (kind="person-event"))]
    fn network<'py>(&self, py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.network(kind))).py_err()?;
        table_to_py(py, table)
    }

    /// Value counts of one column (source, year, province, platform, event_type, topic, person, place).
    fn facets<'py>(&self, py: Python<'py>, column: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = py.detach(|| self.with(|c| c.facets(column))).py_err()?;
        table_to_py(py, table)
    }

    // --- end analysis ---

    /// Checks the database; returns a `xieshang.CheckReport`.
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let report = py.detach(|| self.with(|c| c.check())).py_err()?;
        records::check_report(py, report)
    }

    // --- search ---
    /// Full-text search with filters; returns (names, columns, kinds). With `fts`, the
    /// query is a raw FTS5 expression and the filters do not apply.
    #[pyo3(signature = (query, since=None, until=None, place=None, person=None, platform=None, limit=20, collapse=false, fts=false))]
    #[allow(clippy::too_many_arguments)]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: &str,
        since: Option<String>,
        until: Option<String>,
        place: Option<String>,
        person: Option<String>,
        platform: Option<String>,
        limit: usize,
        collapse: bool,
        fts: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = SearchOptions { since, until, place, person, platform, limit, collapse };
        let table = py
            .detach(|| {
                self.with(|c| {
                    let hits = if fts { c.search_fts(query, limit)? } else { c.search_with(query, &options)? };
                    Ok(hits_table(hits))
                })
            })
            .py_err()?;
        table_to_py(py, table)
    }
    // --- search ---

    /// Summary counts; returns a `xieshang.Stats`.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stats = py.detach(|| self.with(|c| c.stats())).py_err()?;
        records::stats(py, stats)
    }

    /// The counts the last build stored (counted for an older database); returns a
    /// `xieshang.Summary`.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let summary = py.detach(|| self.with(|c| c.summary())).py_err()?;
        records::summary(py, summary)
    }

    /// One article by id, with its raw text; returns a `xieshang.Article` that reads its
    /// entities through this corpus.
    fn article<'py>(slf: &Bound<'py, Self>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let this = slf.get();
        let (article, (raw, body_spans)) =
            slf.py().detach(|| this.with(|c| Ok((c.article(id)?, c.article_text(id)?)))).py_err()?;
        records::article(slf.as_any(), article, raw, body_spans)
    }

    /// Writes the JSONL or CSV export to a file; returns the number of articles.
    fn export(&self, py: Python<'_>, path: PathBuf, format: &str) -> PyResult<u64> {
        py.detach(|| {
            self.with(|c| {
                let file = std::fs::File::create(&path).map_err(|e| Error::path(&path, e))?;
                let mut out = std::io::BufWriter::new(file);
                let n = match format {
                    "jsonl" => c.export_jsonl(&mut out)?,
                    "csv" => c.export_csv(&mut out)?,
                    other => return Err(Error::BadArgument(format!("unknown export format {other:?} (jsonl or csv)"))),
                };
                std::io::Write::flush(&mut out).map_err(|e| Error::path(&path, e))?;
                Ok(n)
            })
        })
        .py_err()
    }
}

/// Opens an existing database (read-only).
#[pyfunction]
fn open(py: Python<'_>, path: PathBuf) -> PyResult<PyCorpus> {
    let corpus = py.detach(|| Corpus::open(&path)).py_err()?;
    Ok(PyCorpus { inner: Mutex::new(corpus) })
}

/// The embedded sample corpus, in memory.
#[pyfunction]
fn sample(py: Python<'_>) -> PyResult<PyCorpus> {
    let corpus = py.detach(Corpus::sample).py_err()?;
    Ok(PyCorpus { inner: Mutex::new(corpus) })
}

/// Builds or extends a database; returns a `xieshang.BuildReport`.
#[pyfunction]
fn build(py: Python<'_>, inputs: Vec<PathBuf>, db: PathBuf) -> PyResult<Bound<'_, PyAny>> {
    let report = py.detach(|| Corpus::build(&inputs, &db, &BuildOptions::default())).py_err()?;
    records::build_report(py, report)
}

/// Re-derives every normalized table of `db` from its stored raw text; returns a
/// `xieshang.BuildReport`.
#[pyfunction]
fn rebuild(py: Python<'_>, db: PathBuf) -> PyResult<Bound<'_, PyAny>> {
    let report = py.detach(|| Corpus::rebuild(&db, &BuildOptions::default())).py_err()?;
    records::build_report(py, report)
}

/// Scores the normalizer against a folder of gold files; returns (table text, JSON).
#[pyfunction]
fn evaluate(py: Python<'_>, gold_dir: PathBuf) -> PyResult<(String, String)> {
    py.detach(|| {
        let report = crate::eval::evaluate_all(&gold_dir)?;
        Ok((report.to_string(), serde_json::to_string(&report)?))
    })
    .py_err()
}

/// Runs the command line with `argv` (program name first); returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<String>) -> i32 {
    py.detach(|| crate::cli::run(argv))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCorpus>()?;
    m.add_class::<PyArrowStream>()?;
    m.add_function(wrap_pyfunction!(open, m)?)?;
    m.add_function(wrap_pyfunction!(sample, m)?)?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(rebuild, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", crate::SCHEMA_VERSION)?;
    Ok(())
}
