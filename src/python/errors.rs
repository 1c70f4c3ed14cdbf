//! Core errors → the Python exception classes defined in `xieshang/exceptions.py`.

use pyo3::exceptions::{PyOSError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::error::Error;

/// The `xieshang.exceptions` class name for an error, and the path it concerns.
fn class_of(e: &Error) -> (&'static str, Option<String>) {
    match e {
        Error::NotFound { path } => ("NotFoundError", Some(path.display().to_string())),
        Error::Path { path, .. } => ("InputError", Some(path.display().to_string())),
        Error::Io(_) => ("InputError", None),
        Error::NotADatabase { path, .. } => ("DatabaseError", Some(path.display().to_string())),
        Error::SchemaTooNew { .. } => ("SchemaVersionError", None),
        Error::Migration { .. } => ("SchemaVersionError", None),
        Error::Sqlite(_) => ("DatabaseError", None),
        Error::BadQuery { .. } => ("QueryError", None),
        Error::BadArgument(_) => ("ArgumentError", None),
        Error::ArticleNotFound { .. } => ("ArticleNotFoundError", None),
        Error::Gold { path, .. } => ("GoldError", Some(path.display().to_string())),
        Error::Json(_) => ("XieshangError", None),
    }
}

fn message(e: &Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Builds the Python exception for a core error: `cls(message, path)`.
pub(crate) fn to_py(e: Error) -> PyErr {
    let (name, path) = class_of(&e);
    let msg = message(&e);
    Python::attach(|py| {
        let cls = py
            .import("xieshang.exceptions")
            .and_then(|m| m.getattr(name))
            .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from));
        match cls {
            Ok(cls) => PyErr::from_type(cls, (msg, path)),
            Err(_) if matches!(e, Error::Io(_) | Error::Path { .. } | Error::NotFound { .. }) => {
                PyOSError::new_err(msg)
            }
            Err(_) => PyRuntimeError::new_err(msg),
        }
    })
}

/// `?`-friendly conversion of core results.
pub(crate) trait PyResultExt<T> {
    fn py_err(self) -> PyResult<T>;
}

impl<T> PyResultExt<T> for crate::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
